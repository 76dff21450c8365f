"""Nothing but the style sheets holds up a page's first paint (issue 16, Lighthouse).

Material's bundle and the partial's head.js are deferred (overrides/main.html, block scripts;
overrides/partials/javascripts/base.html). Lighthouse counted the bundle as render-blocking:
about 0.6 s of first paint on its simulated phone. Deferred scripts run in document order, so
the helpers of head.js exist before Material starts, and Material still starts in the browser.
"""
from __future__ import annotations

import re

import pytest

from conftest import site_pages

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)


def test_every_script_of_every_page_is_deferred(site_dir):
    pages = site_pages(site_dir)
    assert len(pages) > 50
    blocking = []
    for path in pages:
        file = site_dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        html = file.read_text(encoding="utf-8")
        scripts = SCRIPT.findall(html)
        assert any("bundle." in attrs for attrs in scripts), path  # Material is still there
        for attrs in scripts:
            if 'type="application/json"' in attrs:
                continue                      # data, not code
            if not re.search(r"\b(defer|async)\b", attrs):
                blocking.append(f"{path}: <script{attrs}>")
    assert not blocking, "\n".join(blocking[:10])


def test_at_most_two_style_sheets_hold_up_the_first_paint(site_dir):
    for path in ("/", "/en/", "/beslisbomen/soort-bericht/", "/bronnen/"):
        file = site_dir / (path.lstrip("/") + "index.html")
        sheets = STYLESHEET.findall(file.read_text(encoding="utf-8"))
        assert 1 <= len(sheets) <= 2, (path, sheets)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/en/beslisbomen/soort-bericht/"])
def test_material_still_starts_with_its_bundle_deferred(server, new_page, path):
    page, rec = new_page()
    page.goto(server + path, wait_until="load")
    page.wait_for_function("() => typeof window.component$ === 'object'", timeout=10_000)
    assert page.evaluate("() => typeof window.__md_get === 'function'")
    # Material's own behaviour, with head.js's index request: search answers what is typed.
    page.locator("label.md-header__button[for='__search']").click()
    # Material reacts to key events, not to fill() (a fill() before the index is ready was
    # lost once in CI); the index is built in a worker, slow on a busy machine.
    page.locator(".md-search__input").press_sequentially("bewaren", delay=10)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert not rec.console_errors, rec.console_errors

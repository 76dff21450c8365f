"""Every page in real Chromium: zero axe violations, zero third-party requests."""
from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE, REFLOW, axe_violations, site_pages

pytestmark = pytest.mark.browser


def test_every_page_phone_axe_and_no_external_requests(site_dir, server, new_page):
    failures = []
    page, rec = new_page(PHONE)
    for path in site_pages(site_dir):
        page.goto(server + path, wait_until="load")
        violations = axe_violations(page)
        if violations:
            failures.append(f"{path}: {violations}")
    assert not rec.external(), rec.external()
    assert not failures, "\n".join(failures)


PAGE_TYPES = ["/", "/en/", "/bewindspersonen/", "/ambtelijk/vertrek/", "/folders/nieuw/",
              "/en/folders/vertrek/", "/beslisbomen/soort-bericht/", "/checklists/kabinetswissel/",
              "/en/checklists/nieuwe-bewindspersoon/", "/achtergrond/tijdlijn/"]


@pytest.mark.parametrize("viewport", [DESKTOP, REFLOW], ids=["desktop", "reflow320"])
def test_page_types_at_other_widths(server, new_page, viewport):
    page, rec = new_page(viewport)
    for path in PAGE_TYPES:
        page.goto(server + path, wait_until="load")
        assert axe_violations(page) == [], path
        if viewport is REFLOW:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} scrolls horizontally at 320px ({width}px)"
    assert not rec.external()


def test_language_switcher_keeps_page(server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(server + "/over/")
    hrefs = page.eval_on_selector_all("a[hreflang='en']", "els => els.map(e => e.href)")
    assert any(h.rstrip("/").endswith("/en/over") for h in hrefs), hrefs


def test_reflow_without_javascript(server, new_page):
    """At 320 px with JavaScript off nothing may scroll sideways either (WCAG 1.4.10)."""
    page, _ = new_page(REFLOW, javascript=False)
    wide = []
    for path in PAGE_TYPES:
        page.goto(server + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px")
    assert not wide, wide

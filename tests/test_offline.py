"""Offline: the built site works from a plain static server with no network at all.

Chromium gets the site from the local static server (`server` fixture, 127.0.0.1); every other
request is aborted before it leaves the browser (context routing, so the search worker is
covered too). For both languages: the home page, a decision tree and a checklist load without a
console error, an uncaught exception, a failed or aborted request or an HTTP error; the tree and
the checklist respond to a click; search returns results in the reader's language.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import DESKTOP

PREFIX = {"nl": "", "en": "/en"}
QUERY = {"nl": "chatberichten", "en": "chat messages"}


class Offline:
    """A browser context that can reach 127.0.0.1 only, and records everything that goes wrong."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=DESKTOP, service_workers="block")
        self.aborted: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.problems.append(f"console: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(
            f"failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def _route(self, route):
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort("internetdisconnected")

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="networkidle")

    def assert_clean(self, where: str) -> None:
        assert self.aborted == [], f"{where}: tried to leave the machine: {self.aborted}"
        assert self.problems == [], f"{where}: {self.problems}"


def first_page(site_dir, section: str) -> str:
    """URL path of the first generated page in a section ('beslisbomen/soort-bericht/')."""
    return next(f"{section}/{p.parent.name}/" for p in sorted((site_dir / section).glob(
        "*/index.html")))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_site_works_without_network(browser, server, site_dir, lang):
    base = server + PREFIX[lang]
    offline = Offline(browser)
    page = offline.page
    try:
        # Home page, then search from its header (the worker loads the index locally).
        offline.open(base + "/")
        assert page.locator("h1").first.is_visible()
        box = page.locator("input.md-search__input")
        box.click(timeout=5_000)
        box.press_sequentially(QUERY[lang], delay=10)  # Material reacts to key events
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
        found = page.eval_on_selector_all(".md-search-result__item a",
                                          "els => els.map(a => new URL(a.href).pathname)")
        assert found, "no search results"
        assert all(p.startswith("/en/") == (lang == "en") for p in found), found
        offline.assert_clean("home and search")

        # A decision tree: the script takes over and an answer leads to the next step.
        offline.open(f"{base}/{first_page(site_dir, 'beslisbomen')}")
        tree = page.locator(".hr-tree").first
        assert "hr-tree--js" in (tree.get_attribute("class") or "")
        current = tree.locator(".hr-tree__node.is-current")
        before = current.get_attribute("data-node")
        current.locator("[data-antwoord]").first.click()
        page.wait_for_function("n => document.querySelector('.hr-tree__node.is-current')"
                               ".dataset.node !== n", arg=before)
        offline.assert_clean("decision tree")

        # A checklist: ticking a task updates the progress line.
        offline.open(f"{base}/{first_page(site_dir, 'checklists')}")
        box = page.locator(".hr-cl-box").first
        box.check()
        progress = page.locator(".hr-cl-progress").first
        progress.wait_for(state="visible", timeout=5_000)
        assert progress.inner_text().startswith("1 ")
        offline.assert_clean("checklist")
    finally:
        offline.context.close()

"""Search finds pages in the reader's language only, and works offline from a plain static server.

The build splits Material's single index (hooks/handreiking/sitewide/output.py): Dutch in
`search/search_index.json`, English in `en/search/search_index.json`; English pages load the
English one (overrides/assets/js/material/head.js). The browser test runs against the
`csp_server` (plain Python static server plus the production security headers, no network).
"""
from __future__ import annotations

import json

import pytest

from conftest import DESKTOP
from test_csp import RECORD_VIOLATIONS

QUERY = "WhatsApp"  # a word on pages in both languages


def _index(site_dir, lang):
    path = site_dir / ("search" if lang == "nl" else f"{lang}/search") / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_one_index_per_language(site_dir):
    nl, en = _index(site_dir, "nl"), _index(site_dir, "en")
    nl_locs = [d["location"] for d in nl["docs"]]
    en_locs = [d["location"] for d in en["docs"]]
    assert nl_locs and en_locs
    assert not [loc for loc in nl_locs if loc.startswith("en/")], "English docs in Dutch index"
    assert all(loc.startswith("en/") for loc in en_locs), "non-English docs in English index"
    assert nl["config"]["lang"] == ["nl"] and en["config"]["lang"] == ["en"]
    # Every built page is findable in its own language (same page set as the site).
    pages_nl = {d["location"].split("#")[0] for d in nl["docs"]}
    pages_en = {d["location"].split("#")[0][3:] for d in en["docs"]}
    assert pages_nl == pages_en, (pages_nl ^ pages_en)
    for idx in (nl, en):
        assert any(QUERY.lower() in (d["text"] + d["title"]).lower() for d in idx["docs"])


def _search(page, base, path):
    page.goto(base + path, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click(timeout=5_000)  # visible in the header at desktop width
    box.press_sequentially(QUERY, delay=10)  # Material reacts to key events, not to fill()
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible", timeout=30_000)
    return page.eval_on_selector_all(".md-search-result__item a",
                                     "els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.browser
def test_search_results_only_in_readers_language(csp_server, browser):
    ctx = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        ctx.add_init_script(RECORD_VIOLATIONS)
        page = ctx.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        en = _search(page, csp_server, "/en/")
        assert en, "no English results"
        assert all(p.startswith("/en/") for p in en), en
        assert page.evaluate("window.__csp") == []
        nl = _search(page, csp_server, "/telefoon/")
        assert nl, "no Dutch results"
        assert not [p for p in nl if p.startswith("/en/")], nl
        assert page.evaluate("window.__csp") == []
        # Each page loaded its own language's index, and nothing left the local server.
        assert any(u.endswith("/en/search/search_index.json") for u in requests)
        assert any(u == csp_server + "/search/search_index.json" for u in requests)
        assert all(u.startswith(csp_server) for u in requests), \
            [u for u in requests if not u.startswith(csp_server)]
    finally:
        ctx.close()


def test_split_search_index_is_exact_and_idempotent(tmp_path):
    from handreiking.sitewide.output import split_search_index
    (tmp_path / "search").mkdir()
    docs = [{"location": "", "title": "Home", "text": ""},
            {"location": "over/", "title": "Over", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/over/#a", "title": "About", "text": ""},
            {"location": "engels/", "title": "Engels", "text": ""}]
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"config": {"lang": ["nl", "en"]}, "docs": docs}), encoding="utf-8")
    for _ in range(2):  # a second run must not lose the English docs
        counts = split_search_index(tmp_path, "nl", ["en"])
        assert counts == {"en": 2, "nl": 3}
    assert [d["location"] for d in _index(tmp_path, "en")["docs"]] == ["en/", "en/over/#a"]
    assert [d["location"] for d in _index(tmp_path, "nl")["docs"]] == ["", "over/", "engels/"]

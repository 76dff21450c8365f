"""Rules and sources in the browser: the rule box on a page, in a tree outcome and on a checklist
item, and the sources page; axe-core (colour contrast included) on a phone, with and without
JavaScript; every source link lands on an entry of the sources page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser

RULE = re.compile(r'data-regel="([a-z0-9-]+)"')


def _urls_with_rules(site: Path) -> dict[str, str]:
    """One page of each kind that shows a rule: {'page'|'tree'|'checklist': url path}."""
    found: dict[str, str] = {}
    for file in sorted(site.rglob("index.html")):
        rel = file.relative_to(site).parent.as_posix()
        if rel.startswith(("en/", "redactie", "bronnen")) or "data-regel=" not in \
                (text := file.read_text(encoding="utf-8")):
            continue
        if rel.startswith("beslisbomen/") and "hr-tree__regels" in text:
            node = re.search(r'data-node="([^"]+)"(?:(?!data-node=).)*?hr-tree__regels', text,
                             re.S)
            slug = rel.split("/")[1]
            if node:
                found.setdefault("tree", f"{rel}/#{slug}-{node.group(1)}")
        elif rel.startswith("checklists/") and "hr-cl-regels" in text:
            found.setdefault("checklist", f"{rel}/")
        elif "hr-tree__regels" not in text and "hr-cl-regels" not in text:
            found.setdefault("page", f"{rel}/")
    return found


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_rule_boxes_and_sources_page_pass_axe(site_dir, server, new_page, prefix):
    urls = _urls_with_rules(site_dir)
    if not urls:
        pytest.skip("no page shows a rule yet")
    targets = [f"{prefix}bronnen/"] + [prefix + u for u in urls.values()]
    page, rec = new_page(PHONE, True)
    for url in targets:
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("load")
        assert axe_violations(page) == [], url
    assert rec.external() == []


def test_rules_show_without_javascript(site_dir, server, new_page):
    """The rule boxes are plain HTML: a page, the tree outcome reached by its link, and a
    checklist item show them with JavaScript off."""
    urls = _urls_with_rules(site_dir)
    if not urls:
        pytest.skip("no page shows a rule yet")
    page, _rec = new_page(PHONE, False)
    for kind, url in urls.items():
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("load")
        scope = page.locator(".hr-tree__node:target, .hr-tree__node:has(> :target)") \
            if kind == "tree" else page
        box = scope.locator(".hr-regel").first
        assert box.is_visible(), url
        from handreiking.rules.model import KINDS
        from handreiking.rules.render import kind_label
        assert box.locator(".hr-regel__soort").inner_text().rstrip(":") in {
            kind_label(k, "nl") for k in KINDS}


def test_source_links_land_on_a_source_entry(site_dir):
    sources = {"": (site_dir / "bronnen/index.html").read_text(encoding="utf-8"),
               "en/": (site_dir / "en/bronnen/index.html").read_text(encoding="utf-8")}
    ids = {k: set(re.findall(r'<li class="hr-bron" id="([^"]+)"', v)) for k, v in sources.items()}
    checked = 0
    for file in site_dir.rglob("index.html"):
        text = file.read_text(encoding="utf-8")
        for box in re.findall(r'<div class="hr-regel[^"]*" data-regel="[^"]+">.*?</div>', text,
                              re.S):
            assert " id=" not in box
            for href in re.findall(r'href="([^"]*bronnen/#[^"]+)"', box):
                lang = "en/" if file.relative_to(site_dir).as_posix().startswith("en/") else ""
                assert href.split("#")[1] in ids[lang], (file, href)
                checked += 1
    if not checked:
        pytest.skip("no rule with a source is shown yet")


def test_screenshots_on_a_phone(site_dir, server, new_page, tmp_path):
    """Phone screenshots of a page with rules, a tree outcome and the sources page (written to
    HANDREIKING_SCREENSHOTS or tmp) — for a person to look at; here only that they render."""
    import os
    out = Path(os.environ.get("HANDREIKING_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    urls = {"bronnen": "bronnen/", **_urls_with_rules(site_dir)}
    page, _rec = new_page(PHONE, True)
    for name, url in urls.items():
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("load")
        box = page.locator(".hr-regel").first if name != "bronnen" else page.locator(".hr-bron").first
        box.scroll_into_view_if_needed()
        assert box.is_visible(), url
        page.screenshot(path=str(out / f"{name}.png"))

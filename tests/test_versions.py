"""Policy versions: the registry with change entries, its checks, the versions page, redirects.

Unit tests work on copies of the project in tmp_path; the built-site tests read HANDREIKING_SITE
(default site/). The multi-version release scenario is in test_release.py.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import AXE_TAGS, DESKTOP, _axe
from handreiking.versions.changes import (badges, changed_items, check, load_registry, structured_ids,
                                 version_on, versions_markdown)
from handreiking.cli import main

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public")

SECOND = '''  - id: "2025.1"
    titel:
      nl: "Tweede versie"
      en: "Second version"
    in_werking: 2025-03-01
    status: {status}
    wijzigingen:
      - soort: gewijzigd
        wat:
          nl: "Regel aangepast."
          en: "Rule adjusted."
        waarom:
          nl: "Nieuw beleid."
          en: "New policy."
{refs}'''


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the project sources to change on purpose."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


def add_version(project: Path, refs: str = "", status: str = "concept") -> int:
    """Append a second version; return the line number of its first reference line."""
    f = project / "data" / "versions.yml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text + SECOND.format(status=status, refs=refs), encoding="utf-8")
    if status == "actueel":
        f.write_text(f.read_text(encoding="utf-8").replace("status: actueel", "status: vervangen",
                                                            1), encoding="utf-8")
    rows = f.read_text(encoding="utf-8").splitlines()
    marker = "      - soort: gewijzigd"
    start = max(i for i, row in enumerate(rows, 1) if row == marker)
    return start + 8  # the first item under paginas/beslisbomen/checklists


def first_tree_node(root: Path) -> tuple[str, str] | None:
    for file in sorted((root / "checklists" / "trees").glob("*.yml")):
        ids = structured_ids(root, "beslisboom", file.stem)
        if ids:
            return file.stem, sorted(ids)[0]
    return None


def first_checklist_item(root: Path) -> tuple[str, str] | None:
    for file in sorted((root / "checklists").glob("*.yml")):
        ids = structured_ids(root, "checklist", file.stem)
        if ids:
            return file.stem, sorted(ids)[0]
    return None


# --- the real registry ------------------------------------------------------------------------

def test_real_site_carries_its_first_version_with_change_entry():
    registry = load_registry(ROOT)
    first = registry.entries[0]
    assert first.id == "2024.1"
    assert first.version.in_force == dt.date(2024, 5, 17)
    assert first.version.title["nl"] == "Handreiking IHH kabinetswissel"
    assert registry.current.id == registry.entries[-1].id
    change = first.changes[0]
    assert change.kind == "nieuw" and "Eerste publicatie" in change.what["nl"]
    assert change.what["en"].startswith("First publication")
    assert {r.target for r in change.refs} >= {"bewindspersonen/index.md", "folders/nieuw.md"}
    assert [p for p in check(ROOT) if p.severity == "fout"] == []


def test_generic_reader_finds_ids_in_the_real_trees_and_checklists():
    tree = first_tree_node(ROOT)
    item = first_checklist_item(ROOT)
    if tree is None or item is None:
        pytest.skip("trees/checklists not written yet")
    assert structured_ids(ROOT, "beslisboom", "bestaat-niet") is None
    assert structured_ids(ROOT, "checklist", "bestaat-niet") is None


# --- dates ------------------------------------------------------------------------------------

def test_which_version_applied_on_a_date(project):
    add_version(project, status="actueel")
    registry = load_registry(project)
    first, second = registry.published
    assert first.end == dt.date(2025, 2, 28) and second.end is None
    assert version_on(registry, dt.date(2024, 5, 16)) is None
    assert version_on(registry, dt.date(2024, 5, 17)).id == "2024.1"
    assert version_on(registry, dt.date(2025, 2, 28)).id == "2024.1"
    assert version_on(registry, dt.date(2025, 3, 1)).id == "2025.1"
    assert version_on(registry, dt.date(2031, 1, 1)).id == "2025.1"


def test_a_concept_version_is_not_in_force(project):
    add_version(project, status="concept")
    registry = load_registry(project)
    assert [e.id for e in registry.published] == ["2024.1"]
    assert registry.get("2024.1").end is None
    assert version_on(registry, dt.date(2026, 1, 1)).id == "2024.1"
    md = versions_markdown(project, registry, "nl")
    assert "Concept, nog niet gepubliceerd; bedoeld om te gelden vanaf 1 maart 2025." in md


# --- references in change entries fail the check ---------------------------------------------

@pytest.mark.parametrize("refs,expected", [
    ("        paginas:\n          - bewindspersonen/bestaat-niet.md\n",
     "versie 2025.1: pagina 'docs/bewindspersonen/bestaat-niet.md' bestaat niet"),
    ("        paginas:\n          - bewindspersonen/regels.md#geen-kop\n",
     "versie 2025.1: kop '#geen-kop' bestaat niet in 'docs/bewindspersonen/regels.md'"),
    ("        beslisbomen:\n          - geen-boom\n",
     "versie 2025.1: beslisboom 'geen-boom' bestaat niet (verwacht: checklists/trees/geen-boom.yml)"),
    ("        checklists:\n          - geen-lijst#punt\n",
     "versie 2025.1: checklist 'geen-lijst' bestaat niet (verwacht: checklists/geen-lijst.yml)"),
], ids=["page", "heading", "tree", "checklist"])
def test_missing_reference_fails_check_with_file_and_line(project, capsys, refs, expected):
    line = add_version(project, refs)
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"data/versions.yml:{line}: {expected}" in err, err
    assert "Traceback" not in err


def test_missing_tree_node_and_checklist_item_fail_check(project):
    tree_dir = project / "checklists" / "trees"
    tree_dir.mkdir(parents=True, exist_ok=True)
    (tree_dir / "proefboom.yml").write_text(
        "vragen:\n  - id: eerste\n    antwoorden:\n      - id: ja\n        naar: klaar\n"
        "uitkomsten:\n  - id: klaar\n", encoding="utf-8")
    (project / "checklists" / "proeflijst.yml").write_text(
        "items:\n  - id: punt-een\n  - id: punt-twee\n", encoding="utf-8")
    line = add_version(project, "        beslisbomen:\n          - proefboom#klaar\n"
                                "          - proefboom#ja\n"
                                "        checklists:\n          - proeflijst#punt-twee\n"
                                "          - proeflijst#punt-drie\n")
    problems = [p for p in check(project) if p.severity == "fout" and "2025.1" in p.message]
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (line + 1, "versie 2025.1: vraag of uitkomst 'ja' bestaat niet in 'proefboom'"),
        (line + 4, "versie 2025.1: punt 'punt-drie' bestaat niet in 'proeflijst'"),
    ]


def test_real_tree_node_and_checklist_item_are_accepted(project):
    tree, item = first_tree_node(project), first_checklist_item(project)
    if tree is None or item is None:
        pytest.skip("trees/checklists not written yet")
    add_version(project, f"        beslisbomen:\n          - {tree[0]}#{tree[1]}\n"
                         f"        checklists:\n          - {item[0]}#{item[1]}\n")
    assert [p for p in check(project) if "2025.1" in p.message] == []


def test_vanished_target_of_a_superseded_version_is_an_open_point(project):
    add_version(project, status="actueel")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("- folders/nieuw.md",
                                                       "- folders/oud.md"), encoding="utf-8")
    problems = [p for p in check(project) if "folders/oud.md" in p.message]
    assert len(problems) == 1 and problems[0].severity == "open"
    md = versions_markdown(project, load_registry(project), "nl")
    assert "folders/oud.md" in md and "(../folders/oud.md)" not in md  # shown, not linked


def test_schema_rejects_unknown_kind_with_line(project, capsys):
    add_version(project)
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("soort: gewijzigd", "soort: veranderd"),
                 encoding="utf-8")
    line = next(i for i, row in enumerate(f.read_text().splitlines(), 1) if "soort: veranderd" in row)
    assert main(["check", "--root", str(project)]) == 1
    assert f"data/versions.yml:{line}: " in capsys.readouterr().err


# --- badges -----------------------------------------------------------------------------------

def test_badges_only_for_the_current_version_and_not_for_the_first(project):
    assert badges(project, load_registry(project)) == {}  # first publication: no badges
    tree = first_tree_node(project)
    refs = ("        paginas:\n          - bewindspersonen/regels.md#frequentie\n"
            "          - folders/nieuw.md\n")
    if tree:
        refs += f"        beslisbomen:\n          - {tree[0]}#{tree[1]}\n"
    add_version(project, refs, status="actueel")
    registry = load_registry(project)
    got = badges(project, registry)
    assert got["folders/nieuw.md"] == {"kind": "gewijzigd", "anchors": {}}
    assert got["bewindspersonen/regels.md"] == {"kind": "gewijzigd",
                                                "anchors": {"frequentie": "gewijzigd"}}
    if tree:
        assert changed_items(project, registry) == {("beslisboom", tree[0]): {tree[1]: "gewijzigd"}}


# --- the built site ---------------------------------------------------------------------------

def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang,prefix,words", [
    ("nl", "", ("17 mei 2024", "Wat is er veranderd", "Eerste publicatie", "Welke versie gold")),
    ("en", "en/", ("17 May 2024", "What has changed", "First publication", "Which version applied")),
])
def test_versions_page_in_both_languages(site_dir, lang, prefix, words):
    html = _html(site_dir, f"{prefix}versies/index.html")
    for word in words:
        assert word in html, (lang, word)
    assert 'id="v2024-1"' in html and 'id="v2024-1-wijzigingen"' in html
    assert re.search(r'<tr data-version="2024\.1"[^>]*data-from="2024-05-17"', html)
    assert '<form class="hr-version-finder" hidden' in html  # revealed by JS only
    assert "<!-- versies -->" not in html


def test_plain_build_has_no_version_selector_or_banner(site_dir):
    html = _html(site_dir, "index.html")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config and '"version": null' in config.group(1)
    assert 'data-md-component="outdated"' not in html


@pytest.mark.parametrize("prefix,lang", [("", "nl"), ("en/", "en")])
def test_old_url_redirects_in_both_languages(site_dir, prefix, lang):
    html = _html(site_dir, f"{prefix}wijzigingen/index.html")
    assert f'<html lang="{lang}">' in html
    assert '<meta http-equiv="refresh" content="0; url=../versies/">' in html
    assert "<script" not in html  # CSP: no inline script
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)  # no /favicon.ico request
    assert (site_dir / f"{prefix}wijzigingen" / icon).resolve().is_file()
    target = (site_dir / f"{prefix}wijzigingen" / "../versies/index.html").resolve()
    assert target.is_file()
    assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


def widget_violations(page, selector: str) -> list[str]:
    """axe-core (project tag set) on one part of the page, in the state it is in now."""
    results = _axe().run(page, context=selector, options={
        "runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']}" for v in results.response.get("violations", [])]


@pytest.mark.browser
def test_redirect_and_date_finder_in_the_browser(server, new_page):
    page, rec = new_page(DESKTOP)
    for prefix, heading in (("", "Versies en wijzigingen"), ("/en", "Versions and changes")):
        page.goto(server + prefix + "/wijzigingen/")
        page.wait_for_url(f"**{prefix}/versies/")
        assert page.locator("h1").first.inner_text() == heading
    # English page is loaded now; the finder is revealed and answers.
    form = page.locator("form.hr-version-finder")
    assert form.is_visible()
    page.fill("#hr-version-date", "2024-06-01")
    page.click("form.hr-version-finder button")
    result = page.locator(".hr-version-finder__result")
    assert "version 2024.1" in result.inner_text() and "1 June 2024" in result.inner_text()
    assert result.locator("a").get_attribute("href") == "#v2024-1-wijzigingen"
    page.fill("#hr-version-date", "2020-01-01")
    page.keyboard.press("Enter")
    assert "no version of this guidance applied yet" in result.inner_text()
    assert widget_violations(page, ".hr-versions") == []  # whole pages: test_browser_pages.py
    page.goto(server + "/versies/")
    page.fill("#hr-version-date", "2024-05-17")
    page.keyboard.press("Enter")
    assert "Op 17 mei 2024 gold versie 2024.1" in page.locator(".hr-version-finder__result").inner_text()
    assert not rec.console_errors, rec.console_errors
    assert not rec.external()


@pytest.mark.browser
def test_without_js_the_table_answers_and_the_form_stays_hidden(server, new_page):
    page, _ = new_page(DESKTOP, javascript=False)
    page.goto(server + "/versies/")
    assert not page.locator("form.hr-version-finder").is_visible()
    assert page.locator(".hr-versions__table tr[data-version='2024.1']").is_visible()

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

from conftest import AXE_TAGS, DESKTOP, _axe, settle
from handreiking.versions.changes import (anchor_id, badges, changed_items, check, load_registry,
                                          structured_ids, version_on, versions_markdown)
from handreiking.cli import main

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public")

# The unit tests use a registry of their own (ids and dates no real version has), so no test
# depends on the project's real versions; the built-site tests read the real ones from the data.
FIRST = '''versies:
  - id: "1999.1"
    titel:
      nl: "Eerste versie"
      en: "First version"
    in_werking: 1999-05-17
    status: actueel
    wijzigingen:
      - soort: nieuw
        wat:
          nl: "Eerste publicatie."
          en: "First publication."
        waarom:
          nl: "Begin."
          en: "Start."
        paginas:
          - bewindspersonen/index.md
          - folders/nieuw.md
'''

SECOND = '''  - id: "1999.2"
    titel:
      nl: "Tweede versie"
      en: "Second version"
    in_werking: 2000-03-01
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
    """A copy of the project sources to change on purpose, with the test's own registry."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    (dest / "data" / "versions.yml").write_text(FIRST, encoding="utf-8")
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

def test_real_registry_is_valid_and_shows_one_version():
    registry = load_registry(ROOT)
    assert [p for p in check(ROOT) if p.severity == "fout"] == []
    shown = registry.current
    assert shown.version.status in ("concept", "actueel")
    for entry in registry.entries:
        assert entry.version.title["nl"] and entry.version.title["en"]
        if entry.version.status == "ingetrokken":
            assert entry.version.reason["nl"] and entry.version.reason["en"]
            assert entry not in registry.published


def test_generic_reader_finds_ids_in_the_real_trees_and_checklists():
    """The reader that change entries use (plain YAML) finds exactly the ids the validated
    models have, for every real tree and checklist."""
    from handreiking.checklists.model import load_all
    from handreiking.trees.model import load_trees
    trees, checklists = load_trees(ROOT), load_all(ROOT)
    assert trees and checklists, "the project has no trees or checklists"
    for slug, tree in trees.items():
        assert structured_ids(ROOT, "beslisboom", slug) == set(tree.questions) | set(tree.outcomes)
    for slug, checklist in checklists.items():
        assert structured_ids(ROOT, "checklist", slug) == {i.id for i in checklist.items}
    assert structured_ids(ROOT, "beslisboom", "bestaat-niet") is None
    assert structured_ids(ROOT, "checklist", "bestaat-niet") is None


# --- dates ------------------------------------------------------------------------------------

def test_which_version_applied_on_a_date(project):
    add_version(project, status="actueel")
    registry = load_registry(project)
    first, second = registry.published
    assert first.end == dt.date(2000, 2, 29) and second.end is None
    assert version_on(registry, dt.date(1999, 5, 16)) is None
    assert version_on(registry, dt.date(1999, 5, 17)).id == "1999.1"
    assert version_on(registry, dt.date(2000, 2, 29)).id == "1999.1"
    assert version_on(registry, dt.date(2000, 3, 1)).id == "1999.2"
    assert version_on(registry, dt.date(2031, 1, 1)).id == "1999.2"


def test_a_concept_version_is_not_in_force_but_is_shown(project):
    add_version(project, status="concept")
    registry = load_registry(project)
    assert [e.id for e in registry.published] == ["1999.1"]
    assert registry.get("1999.1").end is None
    assert registry.current.id == "1999.2"  # the preview shows the concept
    assert version_on(registry, dt.date(2026, 1, 1)).id == "1999.1"
    md = versions_markdown(project, registry, "nl")
    assert "Concept, nog niet gepubliceerd; bedoeld om te gelden vanaf 1 maart 2000." in md


def test_an_undated_concept_gets_its_date_at_release(project):
    add_version(project, status="concept")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("    in_werking: 2000-03-01\n", ""),
                 encoding="utf-8")
    registry = load_registry(project)
    concept = registry.get("1999.2")
    assert not concept.version.dated and concept.version.date_label("nl") == "concept"
    assert registry.entries[-1].id == "1999.2"
    md = versions_markdown(project, registry, "en")
    assert "Draft, not yet published; the date follows on publication." in md


def test_a_withdrawn_version_is_not_published_and_shows_its_reason(project):
    add_version(project, status="actueel")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "status: vervangen\n", "status: ingetrokken\n    reden:\n      nl: \"Fout erin.\"\n"
        "      en: \"Contains an error.\"\n", 1), encoding="utf-8")
    registry = load_registry(project)
    assert [e.id for e in registry.published] == ["1999.2"]
    assert version_on(registry, dt.date(1999, 6, 1)) is None
    md = versions_markdown(project, registry, "nl")
    assert "Ingetrokken. Reden: Fout erin." in md
    assert "Eerste publicatie." not in md  # a withdrawn version's change list is not shown
    assert "Withdrawn. Reason: Contains an error." in versions_markdown(project, registry, "en")


def test_withdrawn_without_reason_and_two_current_versions_fail_the_check(project, capsys):
    add_version(project, status="actueel")
    f = project / "data" / "versions.yml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("status: vervangen", "status: ingetrokken", 1), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    assert "is ingetrokken maar zonder reden; voeg 'reden:' toe" in capsys.readouterr().err
    f.write_text(text.replace("status: vervangen", "status: actueel", 1), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    assert "er mag maar één versie met status 'actueel' zijn" in capsys.readouterr().err


def test_approval_is_an_open_point_until_recorded_and_never_claimed(project):
    registry = load_registry(project)
    assert any("geen goedkeuring" in p.message and p.severity == "open" for p in check(project))
    assert "Goedgekeurd" not in versions_markdown(project, registry, "nl")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "status: actueel\n", "status: actueel\n    goedgekeurd_door: \"Test Persoon\"\n"
        "    goedgekeurd_op: 1999-05-10\n"), encoding="utf-8")
    assert not any("geen goedkeuring" in p.message for p in check(project))
    assert "Goedgekeurd door Test Persoon op 10 mei 1999." in versions_markdown(
        project, load_registry(project), "nl")


def test_a_correction_release_keeps_the_policy_version(project):
    add_version(project, status="actueel")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        'id: "1999.2"', 'id: "1999.1.1"').replace(
        "in_werking: 2000-03-01\n", "in_werking: 2000-03-01\n    correctie_van: \"1999.1\"\n"),
        encoding="utf-8")
    registry = load_registry(project)
    assert registry.get("1999.1.1").version.policy_id == "1999.1"
    md = versions_markdown(project, registry, "nl")
    assert "Correctie van beleidsversie 1999.1: het beleid is niet veranderd." in md


# --- references in change entries fail the check ---------------------------------------------

@pytest.mark.parametrize("refs,expected", [
    ("        paginas:\n          - bewindspersonen/bestaat-niet.md\n",
     "versie 1999.2: pagina 'docs/bewindspersonen/bestaat-niet.md' bestaat niet"),
    ("        paginas:\n          - bewindspersonen/regels.md#geen-kop\n",
     "versie 1999.2: kop '#geen-kop' bestaat niet in 'docs/bewindspersonen/regels.md'"),
    ("        beslisbomen:\n          - geen-boom\n",
     "versie 1999.2: beslisboom 'geen-boom' bestaat niet (verwacht: checklists/trees/geen-boom.yml)"),
    ("        checklists:\n          - geen-lijst#punt\n",
     "versie 1999.2: checklist 'geen-lijst' bestaat niet (verwacht: checklists/geen-lijst.yml)"),
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
    problems = [p for p in check(project) if p.severity == "fout" and "1999.2" in p.message]
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (line + 1, "versie 1999.2: vraag of uitkomst 'ja' bestaat niet in 'proefboom'"),
        (line + 4, "versie 1999.2: punt 'punt-drie' bestaat niet in 'proeflijst'"),
    ]


def test_real_tree_node_and_checklist_item_are_accepted(project):
    tree, item = first_tree_node(project), first_checklist_item(project)
    assert tree is not None and item is not None, "the project has no trees or checklists"
    add_version(project, f"        beslisbomen:\n          - {tree[0]}#{tree[1]}\n"
                         f"        checklists:\n          - {item[0]}#{item[1]}\n")
    assert [p for p in check(project) if "1999.2" in p.message and p.severity == "fout"] == []


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


@pytest.mark.parametrize("lang,prefix", [("nl", ""), ("en", "en/")])
def test_versions_page_in_both_languages(site_dir, lang, prefix):
    """Every version of data/versions.yml is on the page, with its status and period."""
    from handreiking.versions.changes import LABELS, anchor_id, period_sentence
    html = _html(site_dir, f"{prefix}versies/index.html")
    registry = load_registry(ROOT)
    t = LABELS[lang]
    for word in (t["which"], t["caption"]):
        assert word in html, (lang, word)
    for entry in registry.entries:
        vid = anchor_id(entry.id)
        assert f'id="{vid}"' in html, entry.id
        sentence = period_sentence(registry, entry, lang)
        assert sentence.split(":")[0] in html, (entry.id, sentence)
        if entry.version.status == "ingetrokken":
            assert f'id="{vid}-wijzigingen"' not in html
            assert entry.version.reason[lang].split(";")[0] in html
            assert f'data-version="{entry.id}"' not in html
        else:
            assert f'id="{vid}-wijzigingen"' in html and t["changes"] in html
            for change in entry.changes:
                assert change.what[lang].split(".")[0].split(":")[0] in html
        if entry.published:
            assert re.search(rf'<tr data-version="{re.escape(entry.id)}"[^>]*data-from='
                             rf'"{entry.version.in_force.isoformat()}"', html)
    assert '<form class="hr-version-finder" hidden' in html  # revealed by JS only
    assert "<!-- versies -->" not in html


def test_footer_names_the_shown_version_and_marks_a_draft(site_dir):
    from handreiking.core.project import shown_version
    version = shown_version(ROOT)
    for prefix, lang in (("", "nl"), ("en/", "en")):
        html = _html(site_dir, f"{prefix}index.html")
        footer = re.search(r'<p class="hr-footer__version">(.*?)</p>', html, re.S).group(1)
        assert version.id in footer
        if version.draft:
            assert ("Concept" if lang == "nl" else "Draft") in footer
            assert 'class="hr-draft"' in html
        else:
            assert version.date_label(lang) in footer and 'class="hr-draft"' not in html


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
    settle(page)
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
    published = load_registry(ROOT).published
    form = page.locator("form.hr-version-finder")
    if not published:  # nothing released yet: the table says so, the date field stays hidden
        assert not form.is_visible()
        assert not rec.console_errors, rec.console_errors
        return
    # English page is loaded now; the finder is revealed and answers.
    first = published[0]
    assert form.is_visible()
    day = first.version.in_force
    page.fill("#hr-version-date", day.isoformat())
    page.click("form.hr-version-finder button")
    result = page.locator(".hr-version-finder__result")
    assert f"version {first.id}" in result.inner_text()
    assert first.version.date_label("en") in result.inner_text()
    assert result.locator("a").get_attribute("href") == f"#{anchor_id(first.id)}-wijzigingen"
    page.fill("#hr-version-date", (day - dt.timedelta(days=1)).isoformat())
    page.keyboard.press("Enter")
    assert "no version of this guidance applied yet" in result.inner_text()
    assert widget_violations(page, ".hr-versions") == []  # whole pages: test_browser_pages.py
    page.goto(server + "/versies/")
    page.fill("#hr-version-date", day.isoformat())
    page.keyboard.press("Enter")
    assert f"gold versie {first.id}" in page.locator(".hr-version-finder__result").inner_text()
    assert not rec.console_errors, rec.console_errors
    assert not rec.external()


@pytest.mark.browser
def test_without_js_the_table_answers_and_the_form_stays_hidden(server, new_page):
    page, _ = new_page(DESKTOP, javascript=False)
    page.goto(server + "/versies/")
    assert not page.locator("form.hr-version-finder").is_visible()
    for entry in load_registry(ROOT).published:
        assert page.locator(f".hr-versions__table tr[data-version='{entry.id}']").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360, 412])
def test_versions_table_caption_stays_readable_on_a_phone(server, new_page, width):
    """The versions table may scroll sideways in its own container on a phone (WCAG 1.4.10
    allows that for data tables), but its caption wraps inside the visible part and stays
    there while the table is scrolled: never cut off at the screen's edge."""
    page, _ = new_page({"width": width, "height": 800})
    for prefix in ("", "/en"):
        page.goto(server + prefix + "/versies/", wait_until="load")
        for scroll in ("0", "box.scrollWidth"):
            box = page.evaluate(f"""() => {{
                const box = document.querySelector('.hr-scroll');
                box.scrollLeft = {scroll};
                const b = box.getBoundingClientRect();
                const c = box.querySelector('caption').getBoundingClientRect();
                return {{box: [b.left, b.right], caption: [c.left, c.right],
                         text: box.querySelector('caption').textContent.trim()}};
            }}""")
            (bl, br), (cl, cr) = box["box"], box["caption"]
            assert box["text"], (width, prefix)
            assert bl - 1 <= cl and cr <= br + 1, (width, prefix, scroll, box)

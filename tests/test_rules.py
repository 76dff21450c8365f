"""The sources and rules registers (handreiking.rules): model, rendering, places, restatements.

Unit tests run on the corpus base project (tests/corpus/base, which has a small register) and
on copies of it changed per test; error classes end to end are in test_corpus.py.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handreiking import rules
from handreiking.core.errors import DataError
from handreiking.rules import model, render, usage
from handreiking.core.docs import load_sources

BASE = Path(__file__).parent / "corpus" / "base"


@pytest.fixture()
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ----------------------------------------------------------------------------- model

def test_register_is_read_with_lines(project):
    reg = rules.load_register(project)
    rule = reg.rules["niet-verwijderen"]
    assert rule.kind == "verplicht" and rule.path == "data/regels/algemeen.yml"
    assert rule.line == 2 and rule.citations[0].source == "handout-2023"
    assert rule.citations[0].place == {"nl": "dia 4", "en": "slide 4"}
    assert rule.terms["nl"] == ("verwijder", "zakelijk")
    source = reg.sources["handout-2023"]
    assert source.date.isoformat() == "2023-07-14" and source.address is None
    assert reg.sources["programmapagina"].read.isoformat() == "2024-05-01"


def test_no_register_is_an_empty_register(project):
    (project / "data" / "bronnen.yml").unlink()
    shutil.rmtree(project / "data" / "regels")
    reg = rules.load_register(project)
    assert reg.rules == {} and reg.sources == {}
    assert rules.check(project) == []


def test_rules_without_sources_file_name_the_missing_file(project):
    (project / "data" / "bronnen.yml").unlink()
    with pytest.raises(DataError) as info:
        rules.load_register(project)
    assert "data/bronnen.yml bestaat nog niet" in str(info.value)


def test_a_quoted_date_that_does_not_exist(project):
    f = project / "data" / "bronnen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("datum: 2023-07-14",
                                                       'datum: "2023-02-30"'), encoding="utf-8")
    problems = rules.read_register(project).problems
    assert [str(p) for p in problems] == [
        "data/bronnen.yml:10: bron 'handout-2023': '2023-02-30' is geen bestaande datum; schrijf "
        "JJJJ-MM-DD, bijvoorbeeld 2023-07-14."]


def test_an_edit_is_seen_without_restart(project):
    assert rules.read_register(project).rules["maandelijks"].text["nl"].startswith("Zet elke")
    f = project / "data" / "regels" / "algemeen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("Zet elke maand", "Zet iedere maand"),
                 encoding="utf-8")
    assert rules.read_register(project).rules["maandelijks"].text["nl"].startswith("Zet iedere")


# ----------------------------------------------------------------------------- rendering

def test_rule_box_shows_kind_statement_and_linked_source(project):
    reg = rules.load_register(project)
    html = str(render.render_rule(reg, "niet-verwijderen", "nl", lambda t: "../" + t))
    assert 'data-regel="niet-verwijderen"' in html and " id=" not in html
    assert "hr-regel--verplicht" in html
    assert '<span class="hr-regel__soort">Verplicht' in html
    assert "Verwijder zakelijke berichten niet." in html
    assert ('Bron: <a href="../bronnen.md#bron-handout-2023">Ministerie van BZK, Tijdelijke '
            'instructie, 14 juli 2023, dia 4</a>') in html
    en = str(render.render_rule(reg, "niet-verwijderen", "en"))
    assert "Required" in en and "Source: Ministry of the Interior, Temporary instruction, " \
        "14 July 2023, slide 4" in en and "<a " not in en


def test_advice_is_our_advice_and_never_an_obligation(project):
    reg = rules.load_register(project)
    nl = str(render.render_rule(reg, "maandelijks", "nl"))
    en = str(render.render_rule(reg, "maandelijks", "en"))
    assert "Ons advies" in nl and "Our advice" in en
    for text in (nl, en):
        assert not re.search(r"Verplicht|Required|bevestigd|confirmed|Bron|Source", text)


def test_rule_text_is_escaped(project):
    f = project / "data" / "regels" / "algemeen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("Zet elke maand",
                                                       "Zet & elke \\\"maand\\\""),
                 encoding="utf-8")
    html = str(render.render_rule(rules.load_register(project), "maandelijks", "nl"))
    assert "Zet &amp; elke &#34;maand&#34;" in html


def test_plain_source_line_for_downloads(project):
    reg = rules.load_register(project)
    rule = reg.rules["niet-verwijderen"]
    assert render.plain_rule(reg, rule, "nl") == (
        "Verplicht: Verwijder zakelijke berichten niet. (Bron: Ministerie van BZK, Tijdelijke "
        "instructie, 14 juli 2023, dia 4)")
    assert render.plain_rule(reg, reg.rules["maandelijks"], "en") == (
        "Our advice: Put a monthly reminder in your calendar.")


def test_sources_page_lists_every_source(project):
    _append(project / "data" / "bronnen.yml", """  - id: nieuws
    soort: nieuwsbericht
    titel: {nl: "Bericht", en: "Report"}
    uitgever: {nl: "Krant", en: "Newspaper"}
    secundair: true
""")
    reg = rules.load_register(project)
    html = render.render_sources_page(reg, "nl")
    assert html.count('<li class="hr-bron"') == 3
    assert 'id="bron-handout-2023"' in html and 'id="bron-nieuws"' in html
    assert "Ministerie van BZK · Handout · 14 juli 2023" in html
    assert ('<a href="https://example.org/chat">https://example.org/chat</a> (geraadpleegd op '
            '1 mei 2024)') in html
    assert "Krant · Nieuwsbericht · ongedateerd" in html
    assert html.count("hr-bron__secundair") == 1
    en = render.render_sources_page(reg, "en")
    assert "Newspaper · News item · undated" in en and "consulted on 1 May 2024" in en


def test_page_marker_unknown_id_names_page_and_line(project):
    reg = rules.load_register(project)
    text = "---\nherzien: 2024-05-17\n---\n\n# T\n\n<!-- regel: niet-verwijderd -->\n"
    handlers = render.page_handlers(reg, "nl", "docs/x.md", lambda: text, None)
    with pytest.raises(DataError) as info:
        handlers["regel"]("niet-verwijderd")
    assert str(info.value).startswith("docs/x.md:7: regel 'niet-verwijderd' bestaat niet")
    assert "data-regel=\"maandelijks\"" in handlers["regel"]("maandelijks")


# ----------------------------------------------------------------------------- places

def _add_marker(page: Path, rule_id: str, before: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(before, f"<!-- regel: {rule_id} -->\n\n{before}", 1),
                    encoding="utf-8")


def test_places_of_a_rule(project):
    _add_marker(project / "docs" / "regels.md", "niet-verwijderen", "Bewaar")
    places = usage.all_places(project)
    found = {(p.kind, p.target) for p in places if p.rule == "niet-verwijderen"}
    assert ("pagina", "regels.md#bewaren") in found
    assert ("pdf", "regels") in found


# ----------------------------------------------------------------------------- restatements

def test_restatement_warns_and_a_marker_next_to_it_silences(project):
    page = project / "docs" / "regels.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nU mag zakelijke berichten nooit verwijderen.\n", encoding="utf-8")
    reg = rules.load_register(project)
    found = usage.restatements(reg, load_sources(project))
    assert [(r.rule, r.path) for r in found] == [("niet-verwijderen", "docs/regels.md")]
    problems = rules.check(project)
    assert [p.severity for p in problems] == ["waarschuwing"]
    assert problems[0].message.startswith("waarschuwing: deze zin lijkt regel "
                                          "'niet-verwijderen' te herhalen")
    page.write_text(text + "\n<!-- regel: niet-verwijderen -->\n\nU mag zakelijke berichten "
                    "nooit verwijderen.\n", encoding="utf-8")
    assert usage.restatements(reg, load_sources(project)) == []


def test_no_warning_without_an_obligation_word_or_for_advice(project):
    page = project / "docs" / "regels.md"
    _append(page, "\nZakelijke berichten verwijderen is een slecht idee.\n"
                  "Zet altijd elke maand een herinnering.\n")
    assert usage.restatements(rules.load_register(project), load_sources(project)) == []


# ----------------------------------------------------------------------------- commands

def _show_everywhere(project: Path, rule_id: str) -> None:
    """Show a rule on a page (nl + en), a tree outcome and a checklist item."""
    _add_marker(project / "docs" / "regels.md", rule_id, "Bewaar")
    _add_marker(project / "docs" / "regels.en.md", rule_id, "Keep business")
    tree = project / "checklists" / "trees" / "keuze.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "    bronnen: [wet]\n", f"    bronnen: [wet]\n    regels: [{rule_id}]\n", 1),
        encoding="utf-8")
    checklist = project / "checklists" / "taken.yml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace(
        "    beslisbomen: [keuze]\n", f"    beslisbomen: [keuze]\n    regels: [{rule_id}]\n", 1),
        encoding="utf-8")
    from handreiking.content.translations import stamp_translation
    stamp_translation(project, "docs/regels.en.md")


def test_regels_json_lists_every_rule_and_place(project, capsys):
    import json
    from handreiking.cli import main
    _show_everywhere(project, "niet-verwijderen")
    assert main(["regels", "--json", "--root", str(project)]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"niet-verwijderen", "maandelijks"}
    row = rows["niet-verwijderen"]
    assert row["soort"] == "verplicht" and row["file"] == "data/regels/algemeen.yml"
    assert row["line"] == 2 and row["tekst"]["en"] == "Do not delete business messages."
    assert row["bronnen"][0]["bron"] == "handout-2023"
    assert row["getoond"] == {"paginas": ["regels.en.md#bewaren", "regels.md#bewaren"],
                              "beslisbomen": ["keuze#bewaren"], "checklists": ["taken#telefoon"],
                              "pdf": ["regels"]}
    assert rows["maandelijks"]["getoond"]["paginas"] == []


def test_regel_id_in_dutch_with_places_and_restatements(project, capsys):
    from handreiking.cli import main
    _show_everywhere(project, "niet-verwijderen")
    _append(project / "docs" / "index.md", "\nZakelijke berichten mag u nooit verwijderen.\n")
    assert main(["regel", "niet-verwijderen", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Regel 'niet-verwijderen' (Verplicht), vastgelegd in data/regels/algemeen.yml:2" in out
    assert "pagina regels.md#bewaren (docs/regels.md:" in out
    assert "beslisboom keuze#bewaren (checklists/trees/keuze.yml:" in out
    assert "checklist taken#telefoon (checklists/taken.yml:" in out
    assert "In pdf's: regels" in out
    assert "docs/index.md:" in out and "mag u nooit verwijderen" in out
    assert main(["regel", "bestaat-niet", "--root", str(project)]) == 1
    assert "regel 'bestaat-niet' bestaat niet" in capsys.readouterr().err


# ----------------------------------------------------------------------------- versions

SECOND_VERSION = '''  - id: "2025.1"
    titel: {nl: "Tweede versie", en: "Second version"}
    in_werking: 2025-03-01
    status: actueel
    wijzigingen:
      - soort: gewijzigd
        wat: {nl: "Regel aangescherpt.", en: "Rule tightened."}
        waarom: {nl: "Nieuw beleid.", en: "New policy."}
        regels: [niet-verwijderen]
'''


def test_change_entry_naming_a_rule_badges_every_place_that_shows_it(project, capsys):
    from handreiking.versions.changes import badges, changed_items, load_registry, versions_markdown
    from handreiking.cli import main
    _show_everywhere(project, "niet-verwijderen")
    f = project / "data" / "versions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("status: actueel", "status: vervangen")
                 + SECOND_VERSION, encoding="utf-8")
    registry = load_registry(project)
    assert badges(project, registry) == {
        "regels.md": {"kind": "gewijzigd", "anchors": {"bewaren": "gewijzigd"}}}
    assert changed_items(project, registry) == {("beslisboom", "keuze"): {"bewaren": "gewijzigd"},
                                                ("checklist", "taken"): {"telefoon": "gewijzigd"}}
    text = versions_markdown(project, registry, "nl")
    assert "Betreft: regel 'Verwijder zakelijke berichten niet.'." in text
    # A release stamps 'herzien' of the pages its version changes (make release does this).
    for page in ("regels.md", "regels.en.md"):
        p = project / "docs" / page
        p.write_text(re.sub(r"^herzien: .*$", "herzien: 2025-03-01", p.read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 0, capsys.readouterr().err


# ----------------------------------------------------------------------------- downloads

def test_checklist_downloads_carry_the_rule_and_its_source(project):
    from handreiking.checklists.downloads import csv_bytes, ics_bytes, print_html, txt_bytes
    from handreiking.checklists.model import load_all
    from handreiking.core.project import current_version
    from handreiking.rules.render import item_rule_lines
    f = project / "checklists" / "taken.yml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "    moment: maandelijks\n", "    moment: maandelijks\n    regels: [niet-verwijderen]\n", 1),
        encoding="utf-8")
    checklist = load_all(project)["taken"]
    version = current_version(project)
    for lang, line in (("nl", "Verplicht: Verwijder zakelijke berichten niet. (Bron: Ministerie "
                               "van BZK, Tijdelijke instructie, 14 juli 2023, dia 4)"),
                       ("en", "Required: Do not delete business messages. (Source: Ministry of "
                              "the Interior, Temporary instruction, 14 July 2023, slide 4)")):
        lines = item_rule_lines(project, checklist.items, lang)
        assert lines == {"veiligstellen": [line]}
        assert line in txt_bytes(checklist, lang, version, lines).decode("utf-8")
        assert line in csv_bytes(checklist, lang, lines).decode("utf-8-sig")
        assert line.split(" (")[0] in print_html(checklist, lang, version, "X", lines)
        ics = ics_bytes(checklist, lang, version, lines).decode("utf-8")
        assert "Verwijder zakelijke" in ics or "Do not delete" in ics


def test_a_broken_rule_file_does_not_make_every_reference_unknown(project):
    _show_everywhere(project, "niet-verwijderen")
    f = project / "data" / "regels" / "algemeen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("soort: verplicht", "soort: verplich"),
                 encoding="utf-8")
    messages = [p.message for p in rules.errors(project)]
    assert len(messages) == 1 and "'verplich' is geen geldige waarde" in messages[0]


def test_a_marker_inside_a_line_or_list_item_is_an_error(project):
    page = project / "docs" / "regels.md"
    _append(page, "\n- <!-- regel: maandelijks -->\n\nTekst <!-- regel: maandelijks --> tekst.\n\n"
                  "<!-- regel: maandelijks -->\n")
    messages = [str(p) for p in rules.errors(project)]
    lines = page.read_text(encoding="utf-8").splitlines()
    first = lines.index("- <!-- regel: maandelijks -->") + 1
    assert messages == [f"docs/regels.md:{first}: de markering '<!-- regel: ID -->' staat niet "
                        "op een eigen regel; zet haar op een eigen regel helemaal links, met een "
                        "lege regel erboven en eronder.",
                        f"docs/regels.md:{first + 2}: de markering '<!-- regel: ID -->' staat "
                        "niet op een eigen regel; zet haar op een eigen regel helemaal links, met "
                        "een lege regel erboven en eronder."]


def test_a_source_that_names_only_a_month_shows_the_month(project):
    f = project / "data" / "bronnen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("datum: 2023-07-14", "datum: 2023-09"),
                 encoding="utf-8")
    reg = rules.load_register(project)
    source = reg.sources["handout-2023"]
    assert source.month_only and (source.date.year, source.date.month) == (2023, 9)
    line = render.plain_rule(reg, reg.rules["niet-verwijderen"], "nl")
    assert "september 2023, dia 4" in line and "1 september" not in line
    assert "September 2023, slide 4" in render.plain_rule(reg, reg.rules["niet-verwijderen"], "en")


def test_a_month_that_does_not_exist_is_a_clear_error(project):
    f = project / "data" / "bronnen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("datum: 2023-07-14", "datum: 2023-13"),
                 encoding="utf-8")
    problems = [str(p) for p in rules.read_register(project).problems]
    assert problems == [
        "data/bronnen.yml:10: bron 'handout-2023': '2023-13' is geen bestaande datum; schrijf "
        "JJJJ-MM-DD, bijvoorbeeld 2023-07-14, of JJJJ-MM met een maand van 01 tot 12."]

"""Corpus of broken and hostile editor input: one row per error class that the loader, the
validators and the content checks know, run through `handreiking check` in-process.

`tests/corpus/base/` is the smallest project the check accepts. Each case in
`tests/corpus/cases/<name>/` holds the file(s) that replace their namesakes in a copy of the
base (written byte for byte: tabs, Latin-1, NUL characters and all); a few cases remove a file
or generate one too big to keep in git. Every row asserts exit code 1, exactly the expected
errors (`path:line:` prefix in full plus the key part of the Dutch message) and no traceback.
The model-level details of trees and checklists are in test_trees_model.py and
test_checklists_model.py (tests/fixtures/); here every kind of file is covered end to end.
"""
from __future__ import annotations

import doctest
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from handreiking.checks import safety
from handreiking.cli import main
from handreiking.core.yamlload import MAX_BYTES

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base"
CASES = CORPUS / "cases"
ERROR_LINE = re.compile(r"^(\S+:\d+): (.*)$")


def _long_line_page() -> bytes:
    """A page with one heading line of thousands of spaces (once a six-minute check)."""
    text = (BASE / "docs/regels.en.md").read_text(encoding="utf-8")
    return text.replace("# Rules", "# Rules" + " " * 6000 + "x").encode("utf-8")


def _many_node_tree() -> bytes:
    """A decision tree of 300 questions in a chain (once a RecursionError in the check)."""
    rows = ["versie: 1", "titel:", "  nl: Keuze", "  en: Choice", "vragen:"]
    for i in range(300):
        name = "zakelijk" if i == 0 else f"v{i}"
        nxt = f"v{i + 1}" if i < 299 else "klaar"
        rows += [f"  - id: {name}", "    tekst:", "      nl: Vraag?", "      en: Question?",
                 "    antwoorden:", f"      - id: ja", "        tekst: {nl: Ja, en: Yes}",
                 f"        naar: {nxt}", "      - id: nee", "        tekst: {nl: Nee, en: No}",
                 "        naar: klaar"]
    rows += ["uitkomsten:", "  - id: klaar", "    oordeel: {nl: Klaar, en: Done}"]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _huge_tree() -> bytes:
    """A decision tree just over the loader's size limit (a pasted log, say)."""
    text = (BASE / "checklists/trees/keuze.yml").read_text(encoding="utf-8")
    return (text + "# " + "x" * MAX_BYTES + "\n").encode("utf-8")


@dataclass(frozen=True)
class Case:
    """One error class: the case folder, the errors it must give, files to drop or generate."""

    name: str
    expected: tuple[str, ...]
    remove: tuple[str, ...] = ()
    generate: tuple[tuple[str, Callable[[], bytes]], ...] = ()


C = Case
CORPUS_TABLE = [
    # --- the YAML loader (any data file) -------------------------------------------------------
    C("yaml-syntaxfout", ("data/versions.yml:4: onverwachte ':'; zet tekst met een dubbele punt "
                          "tussen aanhalingstekens",)),
    C("yaml-dubbele-punt-ontbreekt", ("data/site.yml:2: hier ontbreekt een ':' na de sleutel",)),
    C("yaml-aanhalingsteken-open", ("data/site.yml:2: het aanhalingsteken dat hier opent wordt "
                                    "niet gesloten",)),
    C("yaml-haakje-open", ("data/site.yml:1: het haakje [ of { dat hier opent wordt niet "
                           "gesloten",)),
    C("yaml-inspringen", ("data/site.yml:3: het inspringen klopt niet",)),
    C("yaml-tab", ("data/begrippen.yml:12: tab-teken gevonden; YAML accepteert alleen spaties",)),
    C("yaml-dubbele-sleutel", ("data/tijdlijn.yml:13: sleutel 'nl' staat twee keer in hetzelfde "
                               "blok (eerder op regel 11)",)),
    C("yaml-alias-bom", ("data/animatie.yml:1: anker '&a' is niet toegestaan",)),
    C("yaml-geen-utf8", ("checklists/taken.yml:15: het bestand is niet in UTF-8 opgeslagen",)),
    C("yaml-te-groot", ("checklists/trees/keuze.yml:1: bestand is te groot",),
      generate=(("checklists/trees/keuze.yml", _huge_tree),)),
    C("yaml-leeg", ("data/site.yml:1: het bestand is leeg",)),
    C("yaml-python-tag", ("data/site.yml:5: onbekend soort waarde "
                          "(tag:yaml.org,2002:python/object/apply:os.system)",)),
    C("yaml-stuurteken", ("data/begrippen.yml:17: de tekst bevat een teken dat hier niet mag "
                          "(U+0000, een onzichtbaar stuurteken)",)),
    C("yaml-te-diep", ("data/tijdlijn.yml:3: de gegevens zijn hier dieper genest dan 40 "
                       "niveaus",)),
    C("yaml-datum-bestaat-niet", ("data/versions.yml:6: '2024-02-30' is geen bestaande datum",)),
    C("yaml-sleutel-geen-tekst", ("data/site.yml:6: een sleutel moet een gewone tekst zijn",)),
    # --- versions.yml and site.yml (schema and model) -------------------------------------------
    C("versie-verkeerd-type", ("data/versions.yml:3: versies[1].titel: verwacht blok met "
                               "sleutels, maar gevonden str",)),
    C("versie-onbekende-sleutel", ("data/versions.yml:7: versies[1]: onbekende sleutel 'staus'",
                                   "data/versions.yml:2: versies[1]: verplichte sleutel "
                                   "'status' ontbreekt")),
    C("versie-ongeldige-status", ("data/versions.yml:7: versies[1].status: 'geldig' is geen "
                                  "geldige waarde; kies uit: concept, actueel, vervangen, ingetrokken",)),
    C("versie-dubbel", ("data/versions.yml:8: versie '2024.1' staat er twee keer in (ook op "
                        "regel 2)",)),
    C("versie-twee-actueel", ("data/versions.yml:13: er mag maar één versie met status "
                              "'actueel' zijn (de actuele versie), gevonden: 2; zet de oude op "
                              "'vervangen'.",)),
    C("versie-ingetrokken-zonder-reden", ("data/versions.yml:6: versie '2023.1' is ingetrokken "
                                          "maar zonder reden; voeg 'reden:' toe",)),
    C("versie-geen-actueel-of-concept", ("data/versions.yml:1: er is geen versie met status "
                                         "'actueel' of 'concept'",)),
    C("versie-correctie-onbekend", ("data/versions.yml:14: versie '2024.2.1' is een correctie "
                                    "van '2024.2', maar die versie staat er niet in",)),
    C("site-pagina-niet-in-menu", ("docs/regels.md:1: deze pagina staat niet in het menu (nav in "
                                   "mkdocs.yml)",)),
    C("site-doorverwijzing-bestaat-niet", ("mkdocs.yml:6: de doorverwijzing van 'oud.md' gaat "
                                           "naar 'nieuw.md', maar 'docs/nieuw.md' bestaat "
                                           "niet",)),
    C("versie-zelfde-datum", ("data/versions.yml:26: versie '2024.2' is vervangen maar gaat op "
                              "dezelfde dag in als de actuele versie '2024.1' (regel 6) en heeft "
                              "een hoger nummer",)),
    C("versie-vervangen-na-actueel", ("data/versions.yml:26: versie '2023.1' is vervangen maar gaat "
                                      "in op 2024-06-01, niet vóór de actuele versie '2024.1'",)),
    # The clock is read by `handreiking check` only (never by the build); the pages' 'herzien'
    # dates then lie before the (future) publication too.
    C("versie-actueel-in-toekomst", ("data/versions.yml:6: de actuele versie '2024.1' gaat pas in "
                                     "op 2999-05-17, na vandaag",
                                     "docs/regels.md:2: versie 2024.1 wijzigt deze pagina",
                                     "docs/regels.en.md:2: versie 2024.1 wijzigt deze pagina")),
    C("site-ongeldig-adres", ("data/site.yml:4: contact_email: 'info-at-rijksdienst' heeft niet "
                              "de juiste vorm",)),
    C("site-verkeerd-type", ("data/site.yml:2: uitgever: verwacht blok met sleutels of leeg, maar "
                             "gevonden list",)),
    # --- glossary, timeline, animation ---------------------------------------------------------
    C("begrip-vertaling-ontbreekt", ("data/begrippen.yml:17: begrippen[2].uitleg: verplichte "
                                     "sleutel 'en' ontbreekt",)),
    C("begrip-dubbel-id", ("data/begrippen.yml:11: begrip 'woo' staat er twee keer in (ook op "
                           "regel 2)",)),
    C("begrip-afkorting-zonder-voluit", ("data/begrippen.yml:2: begrippen[1]: verplichte sleutel "
                                         "'voluit' ontbreekt",)),
    C("tijdlijn-lege-tekst", ("data/tijdlijn.yml:4: tijdlijn[1].tekst.nl: tekst is leeg",)),
    C("tijdlijn-volgorde", ("data/tijdlijn.yml:9: datum 1990-05-17 staat niet op volgorde",)),
    C("tijdlijn-tot-voor-datum", ("data/tijdlijn.yml:10: 'tot' (2024-01) moet na 'datum' "
                                  "(2024-05-17) liggen",)),
    C("animatie-overlap", ("data/animatie.yml:15: scène 'slot' begint om 0:04, vóór het einde van "
                           "scène 'opening' (0:05, regel 2)",)),
    C("animatie-ongeldige-tijd", ("data/animatie.yml:16: scenes[2].einde: '0:61.0' heeft niet de "
                                  "juiste vorm",)),
    C("animatie-taal-ontbreekt", ("data/animatie.yml:19: scène 'slot': de Engelse tekst van "
                                  "'voice-over' ontbreekt",)),
    # --- decision trees --------------------------------------------------------------------------
    C("boom-dubbele-id", ("checklists/trees/keuze.yml:34: uitkomst 'bewaren': deze id komt al "
                          "voor op regel 26",
                          "checklists/trees/keuze.yml:24: vraag 'zakelijk', antwoord 'nee': "
                          "verwijst naar 'weg', maar die vraag of uitkomst bestaat niet")),
    C("boom-verwijzing-bestaat-niet", ("checklists/trees/keuze.yml:24: vraag 'zakelijk', antwoord "
                                       "'nee': verwijst naar 'wegggooien', maar die vraag of "
                                       "uitkomst bestaat niet",
                                       "checklists/trees/keuze.yml:34: uitkomst 'weg' wordt door "
                                       "geen enkel antwoord bereikt")),
    C("boom-kringloop", ("checklists/trees/keuze.yml:30: vraag 'twijfel' komt via twijfel → "
                         "twijfel weer bij zichzelf uit (een kringloop)",)),
    C("boom-onbereikbaar", ("checklists/trees/keuze.yml:25: vraag 'vergeten' is vanaf de "
                            "startvraag 'zakelijk' niet te bereiken",)),
    C("boom-vertaling-ontbreekt", ("checklists/trees/keuze.yml:12: vraag 'zakelijk': tekst mist "
                                   "de Engelse vertaling ('en')",)),
    C("boom-lege-tekst", ("checklists/trees/keuze.yml:37: uitkomst 'weg': oordeel mist de "
                          "Nederlandse tekst ('nl')",)),
    C("boom-kop-bestaat-niet", ("checklists/trees/keuze.yml:31: uitkomst 'bewaren': link naar de "
                                "handreiking 'regels.md#verwijderen' klopt niet: kop "
                                "'#verwijderen' bestaat niet in 'docs/regels.md'",)),
    C("boom-testpad-verkeerd", ("checklists/trees/keuze.yml:43: testpad 'Privé': verwacht "
                                "uitkomst 'weg', maar de antwoorden leiden naar 'bewaren'",)),
    C("boom-id-botst-met-kop", ("docs/regels.en.md:12: id 'keuze-zakelijk' van beslisboom 'keuze' "
                                "bestaat ook als kop op deze pagina",
                                "docs/regels.en.md:14: kop-id '#keuze-zakelijk' ontbreekt in "
                                "'docs/regels.md'")),
    # --- checklists ------------------------------------------------------------------------------
    C("checklist-dubbel-id", ("checklists/taken.yml:21: item 'telefoon': dit id staat er twee "
                              "keer in (ook op regel 12)",)),
    C("checklist-onbekende-rol", ("checklists/taken.yml:25: item 'veiligstellen': rol 'minister' "
                                  "bestaat niet",)),
    C("checklist-verkeerd-type", ("checklists/taken.yml:18: item 'telefoon': items[1].dag: "
                                  "verwacht geheel getal, maar gevonden str",)),
    C("checklist-vertaling-ontbreekt", ("checklists/taken.yml:24: item 'veiligstellen': de "
                                        "Engelse vertaling (en) van 'tekst' ontbreekt of is "
                                        "leeg",)),
    C("checklist-boom-bestaat-niet", ("checklists/taken.yml:20: item 'telefoon': beslisboom "
                                      "'kiezen' bestaat niet",)),
    C("checklist-kop-bestaat-niet", ("checklists/taken.yml:19: item 'telefoon': link kop "
                                     "'#wissen' bestaat niet in 'docs/regels.md'",)),
    C("checklist-onbekende-sleutel", ("checklists/taken.yml:27: item 'veiligstellen': items[2]: "
                                      "onbekende sleutel 'wanneer'",)),
    # --- printable products (producten.yml) ----------------------------------------------------
    C("product-pagina-bestaat-niet", ("data/producten.yml:15: pagina 'docs/uitzonderingen.md' van "
                                      "product 'regels' bestaat niet",
                                      "data/producten.yml:15: pagina 'docs/uitzonderingen.en.md' "
                                      "van product 'regels' bestaat niet")),
    # --- change entries in versions.yml ----------------------------------------------------------
    C("wijziging-pagina-kop", ("data/versions.yml:17: versie 2024.1: kop '#wissen' bestaat niet "
                               "in 'docs/regels.md'",)),
    C("wijziging-boom-knoop", ("data/versions.yml:19: versie 2024.1: vraag of uitkomst 'prive' "
                               "bestaat niet in 'keuze'",)),
    C("wijziging-checklist-punt", ("data/versions.yml:21: versie 2024.1: punt 'laptop' bestaat "
                                   "niet in 'taken'",)),
    # --- Markdown pages --------------------------------------------------------------------------
    C("md-pagina-bestaat-niet", ("docs/regels.en.md:14: link naar 'exceptions.md': pagina "
                                 "'docs/exceptions.md' bestaat niet",)),
    C("md-link-buiten-docs", ("docs/regels.en.md:10: link naar '../../geheim.png' gaat buiten de "
                              "map docs/",)),
    C("md-kop-bestaat-niet", ("docs/index.en.md:8: link naar '#keeping': die kop bestaat niet in "
                              "'docs/regels.en.md'",)),
    C("md-vertaling-ontbreekt", ("docs/index.md:1: de Engelse versie 'docs/index.en.md' "
                                 "ontbreekt",), remove=("docs/index.en.md",)),
    C("md-kop-id-vertaling", ("docs/regels.en.md:16: kop-id '#wissen' ontbreekt in "
                              "'docs/regels.md'",)),
    C("md-vertaling-verouderd", ("docs/regels.en.md:3: de Nederlandse bron is gewijzigd sinds de "
                                 "vertaling",)),
    C("md-onbekende-markering", ("docs/regels.en.md:12: onbekende markering "
                                 "'<!-- tijdslijn -->'",)),
    C("md-markering-zonder-waarde", ("docs/regels.en.md:12: markering 'checklist' mist haar "
                                     "waarde",)),
    C("md-boom-bestaat-niet", ("docs/regels.en.md:16: beslisboom 'keuzes' bestaat niet; kies "
                               "uit: keuze",)),
    C("md-checklist-bestaat-niet", ("docs/regels.en.md:16: checklist 'taaken' bestaat niet",)),
    C("md-geen-utf8", ("docs/regels.en.md:14: de pagina is niet in UTF-8 opgeslagen",)),
    C("md-geen-utf8-nl", ("docs/regels.md:13: de pagina is niet in UTF-8 opgeslagen",)),
    C("md-script", ("docs/regels.en.md:12: HTML-element <script> is niet toegestaan",)),
    C("md-javascript-link", ("docs/regels.en.md:10: link 'javascript:alert(1' voert code uit",)),
    C("md-externe-afbeelding", ("docs/regels.en.md:12: afbeelding "
                                "'https://cdn.example.org/logo.png' komt van een andere "
                                "website",)),
    C("md-blok-attrs", ("docs/regels.en.md:13: de pagina levert attribuut 'onmouseover' (script "
                        "bij een gebeurtenis) in <div> op",)),
    C("md-commentaar-einde", ("docs/regels.en.md:10: HTML-element <img> is niet toegestaan",)),
    # --- limits for pathological input (handreiking.core.limits) ---------------------------------
    C("md-te-diep-genest", ("docs/regels.en.md:12: hier openen 12 lijsten of citaten in elkaar "
                            "(maximaal 10)",)),
    C("md-open-commentaar", ("docs/regels.en.md:10: dit HTML-commentaar '<!--' wordt nergens "
                             "afgesloten",)),
    C("md-regel-te-lang", ("docs/regels.en.md:6: deze regel is te lang (6008 tekens, maximaal "
                           "5000)",), generate=(("docs/regels.en.md", _long_line_page),)),
    C("boom-te-veel-knopen", ("checklists/trees/keuze.yml:5: de beslisboom heeft 301 vragen en "
                              "uitkomsten (maximaal 200)",),
      generate=(("checklists/trees/keuze.yml", _many_node_tree),)),
    # --- sources and rules registers (data/bronnen.yml, data/regels/) ----------------------------
    C("bron-dubbel-id", ("data/bronnen.yml:7: bron 'handout-2023': dit id staat er twee keer in "
                         "(ook op regel 2)",)),
    C("bron-adres-zonder-gelezen", ("data/bronnen.yml:7: bron 'handout-2023': bij een webadres "
                                    "hoort de datum waarop u de pagina las",)),
    C("bron-datum-verkeerde-vorm", ("data/bronnen.yml:6: bron 'handout-2023': bronnen[1].datum: "
                                    "'14 juli 2023' heeft niet de juiste vorm",)),
    C("bron-gelezen-voor-datum", ("data/bronnen.yml:8: bron 'handout-2023': gelezen op "
                                  "2023-07-01, vóór de datum van het document",)),
    C("bron-vertaling-ontbreekt", ("data/bronnen.yml:4: bron 'handout-2023': bronnen[1].titel: "
                                   "verplichte sleutel 'en' ontbreekt",)),
    C("regel-dubbel-id", ("data/regels/chat.yml:7: regel 'niet-verwijderen': dit id bestaat al "
                          "(ook in data/regels/algemeen.yml, regel 2)",)),
    C("regel-onbekende-bron", ("data/regels/algemeen.yml:8: regel 'niet-verwijderen': bron "
                               "'handout-2032' bestaat niet",)),
    C("regel-verplicht-zonder-bron", ("data/regels/algemeen.yml:3: regel 'niet-verwijderen': een "
                                      "regel van soort 'afspraak' heeft een bron nodig",)),
    C("regel-vertaling-ontbreekt", ("data/regels/algemeen.yml:5: regel 'niet-verwijderen': "
                                    "regels[1].tekst: verplichte sleutel 'en' ontbreekt",)),
    C("regel-onbekende-soort", ("data/regels/algemeen.yml:3: regel 'niet-verwijderen': "
                                "regels[1].soort: 'aanbeveling' is geen geldige waarde",)),
    C("boom-regel-bestaat-niet", ("checklists/trees/keuze.yml:34: uitkomst 'bewaren': regel "
                                  "'bewaren-alles' bestaat niet",)),
    C("checklist-regel-bestaat-niet", ("checklists/taken.yml:23: item 'telefoon': regel "
                                       "'maandelijkse' bestaat niet",)),
    C("wijziging-regel-bestaat-niet", ("data/versions.yml:24: versie 2024.1: regel "
                                       "'niet-verwijderd' bestaat niet",)),
    C("md-regel-ingesprongen", ("docs/regels.en.md:16: de markering '<!-- regel: ID -->' "
                                "staat ingesprongen",)),
    C("md-regel-bestaat-niet", ("docs/regels.en.md:12: regel 'niet-verwijderd' bestaat niet",)),
    # --- page front matter (handreiking.content.frontmatter) -----------------------------------
    C("fm-yaml-fout", ("docs/regels.en.md:3: onverwachte ':'; zet tekst met een dubbele punt "
                       "tussen aanhalingstekens",)),
    C("fm-html-in-titel", ("docs/regels.en.md:4: paginagegevens: title: tekst bevat HTML "
                           "('<script>alert(1)</script>')",)),
    C("fm-datum-tussen-aanhalingstekens", ("docs/regels.en.md:2: paginagegevens: herzien: "
                                           "'2024-05-17' staat tussen aanhalingstekens en is dan "
                                           "tekst, geen datum",)),
    C("fm-datum-verkeerde-vorm", ("docs/regels.en.md:2: paginagegevens: herzien: '17 mei 2024' "
                                  "heeft niet de juiste vorm",)),
    C("fm-onbekende-sleutel", ("docs/regels.en.md:4: paginagegevens: (bovenste niveau): "
                               "onbekende sleutel 'template'",)),
    C("fm-ja-nee-als-tekst", ("docs/regels.en.md:4: paginagegevens: description: verwacht tekst, "
                              "maar gevonden ja/nee (YAML leest true/false/yes/no/on/off zo). "
                              "Bedoelt u tekst? Zet het tussen aanhalingstekens",)),
    C("fm-alias-bom", ("docs/regels.en.md:4: anker '&a' is niet toegestaan",)),
    C("fm-niet-afgesloten", ("docs/regels.en.md:1: het blok met paginagegevens bovenaan (front "
                             "matter) wordt niet afgesloten",)),
    C("fm-scriptlink-in-bron", ("docs/regels.en.md:5: paginagegevens: bronnen[1]: tekst bevat een "
                                "link die code uitvoert",)),
    # --- hostile or invisible text in any YAML text (handreiking.safety) -------------------------
    C("yaml-html-in-tekst", ("data/tijdlijn.yml:11: tijdlijn[2].tekst.nl: tekst bevat HTML "
                             "('<b>verschijnt</b>.')",)),
    C("tekst-teken-niet-in-pdf", ("data/tijdlijn.yml:8: het teken '公' (U+516C) kan niet in de "
                                  "pdf's worden afgedrukt",)),
    C("yaml-regelterugloop", ("checklists/taken.yml:23: items[2].tekst.nl: tekst bevat een losse "
                              "regelterugloop (CR)",)),
]


def make_project(tmp_path: Path, case: Case) -> Path:
    """A copy of the base project with the case's files written over it."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    folder = CASES / case.name
    for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if file.is_file():
            shutil.copyfile(file, root / file.relative_to(folder))
    for rel, make in case.generate:
        (root / rel).write_bytes(make())
    for rel in case.remove:
        (root / rel).unlink()
    return root


def run_check(root: Path, capsys) -> tuple[int, list[str], str]:
    """(exit code, error lines `path:line: message`, all of stderr)."""
    code = main(["check", "--root", str(root)])
    err = capsys.readouterr().err
    return code, [row for row in err.splitlines() if ERROR_LINE.match(row)], err


def test_base_project_is_clean(tmp_path, capsys):
    code, errors, err = run_check(make_project(tmp_path, Case("base", ())), capsys)
    assert (code, errors) == (0, []), err


def test_every_case_folder_has_a_row_and_the_other_way_round():
    rows = {c.name for c in CORPUS_TABLE}
    assert len(rows) == len(CORPUS_TABLE), "duplicate row names"
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders - rows == set(), "case folders without a row"
    assert {c.name for c in CORPUS_TABLE if not c.remove and not c.generate} - folders == set()


@pytest.mark.parametrize("case", CORPUS_TABLE, ids=[c.name for c in CORPUS_TABLE])
def test_corpus_case(case, tmp_path, capsys):
    code, errors, err = run_check(make_project(tmp_path, case), capsys)
    assert "Traceback" not in err
    assert code == 1, err
    for expected in case.expected:
        prefix, key = ERROR_LINE.match(expected).groups()
        hits = [row for row in errors if row.startswith(prefix + ": ") and key in row]
        assert hits, f"expected '{expected}', got:\n" + "\n".join(errors)
    assert len(errors) == len(case.expected), "unexpected extra errors:\n" + "\n".join(errors)
    assert f"{len(errors)} fout(en) gevonden" in err


def test_the_build_refuses_hostile_yaml_text_too(tmp_path):
    """`mkdocs build` runs no `handreiking check`; the content hook refuses the same texts."""
    root = make_project(tmp_path, Case("yaml-html-in-tekst", ()))
    with pytest.raises(Exception) as info:
        safety.refuse(root)
    assert str(info.value).startswith("data/tijdlijn.yml:11: tijdlijn[2].tekst.nl: tekst bevat "
                                      "HTML")


def test_doctests_of_the_hardened_modules():
    from handreiking.content import html
    for module in (safety, html):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


# Cases the build must refuse with exactly the message `handreiking check` gives (the same
# domain function runs in both); every other case is either YAML (checked before MkDocs runs) or
# a link check that MkDocs reports in its own words.
BUILD_PARITY = ("md-onbekende-markering", "md-markering-zonder-waarde", "md-boom-bestaat-niet",
                "md-checklist-bestaat-niet", "md-script", "md-javascript-link", "md-blok-attrs",
                "md-commentaar-einde", "fm-html-in-titel", "fm-yaml-fout", "fm-niet-afgesloten",
                "fm-alias-bom", "fm-onbekende-sleutel", "fm-ja-nee-als-tekst",
                "md-te-diep-genest", "md-open-commentaar", "md-regel-te-lang")


@pytest.mark.parametrize("name", BUILD_PARITY)
def test_the_build_gives_the_same_message_as_the_check(name, tmp_path, capsys):
    import subprocess
    import sys

    case = next(c for c in CORPUS_TABLE if c.name == name)
    root = make_project(tmp_path, case)
    _, errors, err = run_check(root, capsys)
    hooks = Path(__file__).resolve().parent.parent / "hooks"
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")  # the case's own extensions
    (root / "mkdocs.yml").write_text(config + f"\nhooks:\n  - {hooks / 'content.py'}\n",
                                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(tmp_path / "site")], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    for error in errors:
        assert error in result.stderr, f"{error}\nnot in the build's output:\n{result.stderr}"


@pytest.mark.parametrize("case", CORPUS_TABLE, ids=[c.name for c in CORPUS_TABLE])
def test_handreiking_build_refuses_every_case_with_the_checks_messages(case, tmp_path, capsys):
    """`make site` (`handreiking build`) stops on every corpus case with exactly the check's
    `path:line` messages, before MkDocs runs, and leaves no site behind."""
    root = make_project(tmp_path, case)
    _, errors, _ = run_check(root, capsys)
    code = main(["build", "--root", str(root), "--site-dir", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    # The one comparison with today (a current version in the future) is the check's alone.
    expected = [row for row in errors if ", na vandaag (" not in row]
    assert [row for row in err.splitlines() if ERROR_LINE.match(row)] == expected
    assert not (tmp_path / "site").exists()

"""Content checks on docs/**/*.md: one tiny fixture project per rule, each asserting the exact
`path:line: message` and exit code 1 of `handreiking check`."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from handreiking.checks import open_points as checks_open_points
from handreiking.content import check as content_check
from handreiking.content import markers as content_markers
from handreiking.content import open_points as content_open_points
from handreiking.content import readability as content_readability
from handreiking.content import render as content_render
from handreiking.content import translations as content_translations
from handreiking.core import docs as core_docs
from handreiking.cli import main

ROOT = Path(__file__).resolve().parent.parent

VERSIONS = ('versies:\n  - id: "2024.1"\n    titel:\n      nl: "Test"\n      en: "Test"\n'
            "    in_werking: 2024-05-17\n    status: actueel\n")
NL = """---
herzien: 2024-05-17
---

# Regels

Een korte zin.

## Niet verwijderen {#niet-verwijderen}

Bewaar zakelijke berichten.

## Gewone kop

Tekst.
"""
EN = NL.replace("# Regels", "# Rules").replace("Een korte zin.", "A short sentence.")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def project(tmp_path) -> Path:
    """A tiny project: real glossary/timeline/animation data, two pages in both languages,
    English pages stamped as up to date."""
    root = tmp_path / "proj"
    write(root / "mkdocs.yml", "site_name: test\n")
    (root / "data").mkdir()
    shutil.copy(ROOT / "DESIGN.md", root / "DESIGN.md")
    for name in ("site", "begrippen", "tijdlijn", "animatie"):
        shutil.copy(ROOT / "data" / f"{name}.yml", root / "data" / f"{name}.yml")
    write(root / "data" / "versions.yml", VERSIONS)
    write(root / "docs" / "index.md", NL.replace("# Regels", "# Start")
          + "\nZie [de regels](a/regels.md#niet-verwijderen).\n")
    write(root / "docs" / "index.en.md", EN.replace("# Rules", "# Home")
          + "\nSee [the rules](a/regels.md#niet-verwijderen).\n")
    write(root / "docs" / "a" / "regels.md", NL)
    write(root / "docs" / "a" / "regels.en.md", EN)
    stamp(root)
    return root


def stamp(root: Path) -> None:
    for en in (root / "docs").rglob("*.en.md"):
        content_translations.stamp_translation(root, str(en))


def errors_of(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--root", str(root)])
    err = capsys.readouterr().err
    return code, [row for row in err.splitlines() if re.match(r"^\S+:\d+: ", row)]


def edit(root: Path, rel: str, old: str, new: str, restamp: bool = True) -> None:
    f = root / "docs" / rel
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    if restamp:
        stamp(root)


def test_fixture_is_clean(project, capsys):
    assert [p for p in content_check.check(project) if p.severity == "fout"] == []
    assert errors_of(project, capsys) == (0, [])


def test_missing_english_page(project, capsys):
    write(project / "docs" / "nieuw.md", NL)
    assert errors_of(project, capsys) == (1, [
        "docs/nieuw.md:1: de Engelse versie 'docs/nieuw.en.md' ontbreekt; elke pagina bestaat "
        "in het Nederlands (x.md) en het Engels (x.en.md)."])


def test_missing_dutch_page(project, capsys):
    write(project / "docs" / "alleen.en.md", EN)
    assert errors_of(project, capsys) == (1, [
        "docs/alleen.en.md:1: de Nederlandse versie 'docs/alleen.md' ontbreekt; elke pagina "
        "bestaat in het Nederlands (x.md) en het Engels (x.en.md)."])


def test_heading_id_missing_in_english(project, capsys):
    edit(project, "a/regels.md", "## Gewone kop", "## Gewone kop {#gewoon}")
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.md:13: kop-id '#gewoon' ontbreekt in 'docs/a/regels.en.md'; geef de "
        "overeenkomende kop daar '{#gewoon}'."])


def test_stale_translation(project, capsys):
    edit(project, "a/regels.md", "Een korte zin.", "Een gewijzigde zin.", restamp=False)
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.en.md:3: de Nederlandse bron is gewijzigd sinds de vertaling; werk de "
        "Engelse tekst bij en draai 'make vertaald PAD=docs/a/regels.en.md'."])
    assert main(["vertaald", "--root", str(project), "docs/a/regels.en.md"]) == 0
    assert "gemarkeerd als vertaling van docs/a/regels.md" in capsys.readouterr().out
    assert errors_of(project, capsys) == (0, [])


def test_unstamped_translation_is_an_open_point(project, capsys):
    f = project / "docs" / "a" / "regels.en.md"
    f.write_text(re.sub(r"vertaald_van: \w+\n", "", f.read_text(encoding="utf-8")),
                 encoding="utf-8")
    assert main(["check", "--root", str(project), "--open"]) == 0
    assert ("docs/a/regels.en.md:1: open punt: nog niet als vertaald gemarkeerd; controleer de "
            "vertaling en draai 'make vertaald PAD=docs/a/regels.en.md'.") in \
        capsys.readouterr().out.splitlines()


def test_front_matter_does_not_change_the_hash(project, capsys):
    edit(project, "a/regels.md", "herzien: 2024-05-17", "herzien: 2025-01-01\nbronnen: [x]",
         restamp=False)
    assert errors_of(project, capsys) == (0, [])


def test_unknown_marker(project, capsys):
    edit(project, "a/regels.md", "Tekst.", "Tekst.\n\n<!-- tijdlijnn -->")
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.md:17: onbekende markering '<!-- tijdlijnn -->'; bekend zijn: animatie, "
        "begrippenlijst, beslisboom, bronnen, checklist, contact, open, open-punten, "
        "pdf-download, regel, tijdlijn, toegankelijkheidsstatus, versies (zie DESIGN.md). Controleer de spelling, of schrijf een gewone "
        "opmerking zonder dubbele punt."])


def test_marker_argument_rules(project, capsys):
    edit(project, "a/regels.md", "Tekst.", "<!-- checklist -->\n<!-- contact: x -->\n"
         "<!-- tijdlijn: ergens -->\n<!-- gewone opmerking voor redacteuren -->")
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.md:15: markering 'checklist' mist haar waarde; schrijf "
        "'<!-- checklist: ... -->'.",
        "docs/a/regels.md:16: markering 'contact' heeft geen waarde; schrijf alleen "
        "'<!-- contact -->'.",
        "docs/a/regels.md:17: periode 'ergens' bij 'tijdlijn' kan niet gelezen worden; schrijf "
        "bijvoorbeeld '<!-- tijdlijn: 2022-05 tot 2023-07 -->' of '<!-- tijdlijn: vanaf 2022 "
        "-->'."])


def test_markers_in_code_are_ignored(project, capsys):
    edit(project, "a/regels.md", "Tekst.", "Schrijf `<!-- onbekend -->` of:\n\n"
         "```\n<!-- ook: onbekend -->\n<script>\n```\n")
    assert errors_of(project, capsys) == (0, [])


def test_link_to_missing_page(project, capsys):
    edit(project, "a/regels.md", "Tekst.", "Zie [elders](../b/weg.md).")
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.md:15: link naar '../b/weg.md': pagina 'docs/b/weg.md' bestaat niet; "
        "controleer de naam en de map."])


def test_link_to_missing_anchor(project, capsys):
    edit(project, "index.en.md", "See [the rules](a/regels.md#niet-verwijderen).",
         "See [the rules](a/regels.md#niet-wissen) and [below](#home).")
    assert errors_of(project, capsys) == (1, [
        "docs/index.en.md:18: link naar '#niet-wissen': die kop bestaat niet in "
        "'docs/a/regels.en.md'; kies een bestaande kop of geef de kop '{#niet-wissen}'."])


def test_links_to_entries_of_the_sources_page(project, capsys):
    """The <!-- bronnen --> list gives every registered source the anchor bron-<id>: a link to a
    registered source passes, a link to an unknown one is reported."""
    write(project / "data" / "bronnen.yml", BRONNEN_EEN)
    write(project / "docs" / "bronnen.md", "---\nherzien: 2026-12-02\n---\n\n# Bronnen\n\n"
          "<!-- bronnen -->\n")
    write(project / "docs" / "bronnen.en.md", "---\nherzien: 2026-12-02\n---\n\n# Sources\n\n"
          "<!-- bronnen -->\n")
    edit(project, "a/regels.md", "Tekst.", "Volgens [de handout](../bronnen.md#bron-handout-x).")
    assert errors_of(project, capsys) == (0, [])
    edit(project, "a/regels.md", "#bron-handout-x", "#bron-onbekend")
    code, rows = errors_of(project, capsys)
    assert code == 1 and len(rows) == 1 and "'#bron-onbekend'" in rows[0], rows


BRONNEN_EEN = """bronnen:
  - id: handout-x
    soort: handout
    titel: {nl: "Handout", en: "Handout"}
    uitgever: {nl: "BZK", en: "BZK"}
    datum: 2023-07-14
"""


def test_links_to_auto_slugs_and_raw_hrefs(project, capsys):
    edit(project, "a/regels.md", "Tekst.", "Zie [kop](#gewone-kop) en [start](../index.md).\n\n"
         '<p><a href="../../">start</a> <a href="../../a/regels/#gewone-kop">hier</a></p>')
    assert errors_of(project, capsys) == (0, [])
    edit(project, "a/regels.md", "Zie [kop](#gewone-kop)", "Zie [kop](#andere-kop)")
    edit(project, "a/regels.md", 'href="../../"', 'href="../weg/"')
    assert errors_of(project, capsys) == (1, [
        "docs/a/regels.md:15: link naar '#andere-kop': die kop bestaat niet in "
        "'docs/a/regels.md'; kies een bestaande kop of geef de kop '{#andere-kop}'.",
        "docs/a/regels.md:17: link naar '../weg/': er is geen pagina op dat adres (gezocht: "
        "docs/a/weg/index.md); controleer het adres."])


@pytest.mark.parametrize("html,message", [
    ("<script>alert(1)</script>", "HTML-element <script> is niet toegestaan; gebruik Markdown "
     "of alleen: a, abbr, br, div, em, li, ol, p, span, strong, ul."),
    ('<iframe src="x"></iframe>', "HTML-element <iframe> is niet toegestaan; gebruik Markdown "
     "of alleen: a, abbr, br, div, em, li, ol, p, span, strong, ul."),
    ('<p onclick="x()">Tekst</p>', "attribuut 'onclick' (script bij een gebeurtenis) in <p> is "
     "niet toegestaan; verwijder het."),
    ('<p style="color:red">Tekst</p>', "attribuut 'style' in <p> is niet toegestaan; "
     "toegestaan zijn: class, href, id, lang."),
    ('<a href=" JavaScript:alert(1)">x</a>', "link ' JavaScript:alert(1)' in <a> voert code uit "
     "of bevat ingesloten gegevens; dat is niet toegestaan. Gebruik een gewone link."),
    ('Tekst\n{: style="color:red" }', "attribuut 'style' in een attributenlijst {: ... } is "
     "niet toegestaan; gebruik alleen #id, .klasse of lang=."),
])
def test_raw_html_outside_the_allowlist(project, capsys, html, message):
    edit(project, "a/regels.md", "Tekst.", html)
    line = 15 + html.count("\n")
    assert errors_of(project, capsys) == (1, [f"docs/a/regels.md:{line}: {message}"])


def test_allowed_raw_html_passes(project, capsys):
    edit(project, "a/regels.md", "Tekst.", '<div class="x" markdown>\n<ul><li><a href="../../" '
         'lang="nl"><span>Ja</span></a><br></li></ul>\n</div>\n\nTekst {: #mijn-id .klasse }')
    assert errors_of(project, capsys) == (0, [])


def test_folder_readability(project, capsys):
    long = ("Dit is een heel lange zin met veel te veel woorden voor een folder die iedereen in "
            "vijf minuten op een telefoon moet kunnen lezen.")            # 25 words
    write(project / "docs" / "folders" / "nieuw.md", f"# Folder\n\n{long}\n\n- Kort punt.\n")
    write(project / "docs" / "folders" / "nieuw.en.md", "# Leaflet\n\nShort.\n\n- Short item.\n")
    stamp(project)
    assert errors_of(project, capsys) == (0, [])      # (25 + 2) / 2 = 13.5 words a sentence
    edit(project, "folders/nieuw.md", "- Kort punt.", f"- {long}")
    assert errors_of(project, capsys) == (1, [
        "docs/folders/nieuw.md:1: gemiddeld 25,0 woorden per zin in de lopende tekst; een "
        "folder heeft gemiddeld hoogstens 15. Maak zinnen korter (de langste, 25 woorden, staat "
        "op regel 3)."])
    assert main(["check", "--root", str(project), "--leesbaarheid"]) == 1
    out = capsys.readouterr().out
    assert ("docs/folders/nieuw.md: 25,0 woorden per zin, 0% woorden van 4+ lettergrepen "
            "(2 zinnen, 50 woorden)  <-- boven 15") in out


def test_readability_counts_sentences_and_list_items():
    source = core_docs.Source(Path("x.md"), "x.md", "docs/x.md",
                            "# Kop\n\nEen twee drie. Vier vijf!\n\n- Zes zeven\n- acht\n\n"
                            "| a b | c |\n|---|---|\n| d | e f |\n", 0, "")
    source = core_docs.Source(source.path, source.rel, source.shown, source.text, 0,
                            core_docs.mask_code(source.text))
    r = content_readability.readability(source)
    assert (r.sentences, r.words) == (8, 14)   # 2 + 2 list items + 4 table cells
    assert content_readability.syllables("informatiehuishouding") == 7   # in-for-ma-tie-huis-hou-ding
    assert content_readability.syllables("bewindspersonen") == 5


def test_open_points_from_pages_yaml_and_checks(project, capsys):
    edit(project, "a/regels.md", "Bewaar zakelijke berichten.",
         "Bewaar zakelijke berichten.\n<!-- open: bron voor deze\n     regel zoeken -->")
    edit(project, "a/regels.en.md", "Bewaar zakelijke berichten.", "Keep business messages.")
    assert main(["check", "--root", str(project), "--open"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ("docs/a/regels.md:12: open punt (onder 'Niet verwijderen'): bron voor deze regel "
            "zoeken") in out
    assert any(row.startswith("data/site.yml:") and "contactadres" in row for row in out)
    assert any(row.startswith("data/animatie.yml:") and "voorlopig" in row for row in out)
    points = checks_open_points.open_points(project)
    assert len({(p.path, p.line) for p in points}) == len(points)
    html = content_open_points.render_open_points(points, "nl")
    assert "docs/a/regels.md, regel 12 (onder ‘Niet verwijderen’):</span> bron voor deze " \
           "regel zoeken</li>" in html


def test_contact_marker_renders_address_or_neutral_sentence():
    assert "mailto:" not in content_render.render_contact(None, "nl")
    assert "wordt hier nog bekendgemaakt" in content_render.render_contact(None, "nl")
    html = content_render.render_contact("info@example.nl", "en")
    assert '<a href="mailto:info@example.nl">info@example.nl</a>' in html


def test_markers_match_design_md():
    design = content_markers.design_markers(ROOT / "DESIGN.md")
    assert design, "DESIGN.md lists the markers"
    for name, needs_arg in design.items():
        assert name in content_markers.MARKERS
        assert content_markers.MARKERS[name] in (needs_arg, None), name
    undocumented = set(content_markers.MARKERS) - set(design) - {"open"}
    assert undocumented <= {"versies"}, undocumented


def test_real_project_content_check_is_fast():
    started = time.process_time()   # CPU time: the machine is shared, wall time is noisy
    content_check.check(ROOT)
    assert time.process_time() - started < 2.0


def test_built_open_points_and_contact_pages(site_dir, editors_site):
    html = (editors_site / "redactie" / "open-punten" / "index.html").read_text(encoding="utf-8")
    assert html.count("<li><span class=\"hr-open-punten__waar\">") >= 10
    assert "data/animatie.yml, regel" in html and "data/site.yml, regel" in html
    en = (editors_site / "en" / "redactie" / "open-punten" / "index.html").read_text(encoding="utf-8")
    assert '<ul class="hr-open-punten__lijst" lang="nl">' in en
    for prefix in ("", "en/"):
        page = (site_dir / prefix / "contact" / "index.html").read_text(encoding="utf-8")
        assert 'class="hr-contact"' in page and "<!-- contact -->" not in page


def test_doctests_of_the_content_modules():
    import doctest

    from handreiking import animation, glossary, timeline
    from handreiking.content import html, readability
    from handreiking.core import docs
    from handreiking.core import render as fragments
    for module in (docs, html, readability, glossary, timeline, animation, fragments):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__

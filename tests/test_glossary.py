"""Glossary: one source (data/begrippen.yml) for the glossary page and for writing out
abbreviations at their first use on every page, in both languages."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handreiking.cli import main
from handreiking.core.errors import DataError
from handreiking.glossary import Term, expand_abbreviations, load_glossary, render_glossary

ROOT = Path(__file__).resolve().parent.parent

REQUIRED = ["RDDI", "ICBR", "Woo", "Wob", "AVG", "ADR", "DIV", "BZK", "OCW", "VWS", "J&V", "I&W",
            "Fin", "CIO", "CIO Rijk", "SSC-ICT", "ACOI", "IHH", "MR", "TK", "MBZK", "BWP",
            "Doc-Direkt", "Archiefwet"]


def term(form, nl, en, kind="afkorting"):
    return Term(form.lower(), kind, {"nl": form, "en": form}, {"nl": nl, "en": en}, {}, 1)


WOO = term("Woo", "Wet open overheid", "Open Government Act")
JV = term("J&V", "ministerie van Justitie en Veiligheid", "Ministry of Justice and Security")
CIO = term("CIO", "Chief Information Officer", "Chief Information Officer")
CIO_RIJK = Term("cio-rijk", "afkorting", {"nl": "CIO Rijk", "en": "CIO Rijk"},
                {"nl": "CIO van het Rijk", "en": "government CIO"}, {}, 1)
BZK = term("BZK", "ministerie van BZK-zaken", "Ministry of the Interior")


def test_real_glossary_has_every_required_term_in_both_languages():
    terms = load_glossary(ROOT)
    forms = {t.form("nl") for t in terms} | {t.form("en") for t in terms}
    assert not [r for r in REQUIRED if r not in forms]
    assert any("Inspectie" in t.form("nl") for t in terms)
    assert any(t.form("nl") == "sleutelfunctionaris" for t in terms)
    for t in terms:
        assert t.definition["nl"] and t.definition["en"], t.id
        if t.kind == "afkorting":
            assert t.expansion["nl"] and t.expansion["en"], t.id


@pytest.fixture()
def glossary_root(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def write(root: Path, text: str) -> None:
    (root / "data" / "begrippen.yml").write_text(text, encoding="utf-8")


ENTRY = """  - id: {id}
    soort: afkorting
    term: {term}
    voluit:
      nl: "{term} voluit"
      en: "{term} in full"
    uitleg:
      nl: "Uitleg."
      en: "Explanation."
"""


def test_missing_english_is_refused_with_line(glossary_root):
    text = "begrippen:\n" + ENTRY.format(id="woo", term="Woo").replace(
        '      en: "Woo in full"\n', "")
    write(glossary_root, text)
    with pytest.raises(DataError) as exc:
        load_glossary(glossary_root)
    assert [str(p) for p in exc.value.problems] == [
        "data/begrippen.yml:6: begrippen[1].voluit: verplichte sleutel 'en' ontbreekt; "
        "voeg die toe."]


def test_abbreviation_without_expansion_is_refused(glossary_root):
    write(glossary_root, "begrippen:\n  - id: woo\n    soort: afkorting\n    term: Woo\n"
          "    uitleg:\n      nl: x\n      en: y\n")
    with pytest.raises(DataError) as exc:
        load_glossary(glossary_root)
    assert "data/begrippen.yml:2: begrippen[1]: verplichte sleutel 'voluit' ontbreekt" in str(
        exc.value)


def test_parentheses_in_expansion_are_refused(glossary_root):
    write(glossary_root, "begrippen:\n" + ENTRY.format(id="wob", term="Wob").replace(
        '"Wob in full"', '"Government Information (Public Access) Act"'))
    with pytest.raises(DataError) as exc:
        load_glossary(glossary_root)
    assert [str(p) for p in exc.value.problems] == [
        "data/begrippen.yml:7: begrip 'wob': zet geen haakjes in 'voluit' (en); de site zet de "
        "uitleg zelf al tussen haakjes. Gebruik een komma of zet de toelichting in 'uitleg'."]


def test_duplicates_are_refused_with_both_lines(glossary_root):
    write(glossary_root, "begrippen:\n" + ENTRY.format(id="woo", term="Woo")
          + ENTRY.format(id="woo", term="Wob") + ENTRY.format(id="woo2", term="Woo"))
    with pytest.raises(DataError) as exc:
        load_glossary(glossary_root)
    assert [str(p) for p in exc.value.problems] == [
        "data/begrippen.yml:11: begrip 'woo' staat er twee keer in (ook op regel 2); geef elk "
        "begrip een eigen id of voeg de twee samen.",
        "data/begrippen.yml:22: term 'Woo' (en) staat er twee keer in (ook bij 'woo' op regel 2); "
        "verwijder of hernoem er één.",
        "data/begrippen.yml:22: term 'Woo' (nl) staat er twee keer in (ook bij 'woo' op regel 2); "
        "verwijder of hernoem er één.",
    ]


def test_check_command_reports_glossary_problem(tmp_path, capsys):
    project = tmp_path / "proj"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        "site", ".build", ".venv", "node_modules", ".git", "__pycache__"))
    f = project / "data" / "begrippen.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("soort: afkorting", "sort: afkorting", 1),
                 encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    line = next(i for i, row in enumerate(f.read_text().splitlines(), 1) if "sort:" in row)
    assert f"data/begrippen.yml:{line}: begrippen[1]: onbekende sleutel 'sort'" in \
        capsys.readouterr().err


# ----------------------------------------------------------------------------- expansion

def test_first_use_written_out_later_uses_abbr():
    html = "<p>De Woo geldt. Ook de Woo.</p><p>Woo!</p>"
    assert expand_abbreviations(html, [WOO], "nl") == (
        '<p>De Woo (Wet open overheid) geldt. Ook de <abbr title="Wet open overheid">Woo</abbr>.'
        '</p><p><abbr title="Wet open overheid">Woo</abbr>!</p>')
    assert expand_abbreviations(html, [WOO], "en").startswith(
        "<p>De Woo (Open Government Act) geldt.")


def test_headings_links_code_abbr_and_other_language_are_left_alone():
    html = ('<h2 id="woo">Woo</h2><p><a href="x">Woo</a> <code>Woo</code> '
            '<abbr title="eigen">Woo</abbr> <span lang="en">Woo</span> '
            '<span class="hr-geen-afkortingen"><em>Woo</em></span></p><pre><code>Woo</code></pre>'
            '<p>Tekst over de Woo.</p>')
    out = expand_abbreviations(html, [WOO], "nl")
    assert out == html.replace("over de Woo.", "over de Woo (Wet open overheid).")


def test_same_language_span_is_expanded():
    out = expand_abbreviations('<p><span lang="nl">de Woo</span></p>', [WOO], "nl")
    assert out == '<p><span lang="nl">de Woo (Wet open overheid)</span></p>'


def test_word_boundaries_ampersand_and_longest_match():
    html = ("<p>MinBZK en BZKX niet; J&amp;V wel; CIO Rijk en CIO apart; J&amp;VX niet.</p>"
            "<p>Weer J&amp;V.</p>")
    out = expand_abbreviations(html, [JV, CIO, CIO_RIJK], "nl")
    assert out == ("<p>MinBZK en BZKX niet; J&amp;V (ministerie van Justitie en Veiligheid) wel; "
                   "CIO Rijk (CIO van het Rijk) en CIO (Chief Information Officer) apart; "
                   "J&amp;VX niet.</p><p>Weer <abbr title=\"ministerie van Justitie en "
                   "Veiligheid\">J&amp;V</abbr>.</p>")


def test_compound_first_use_explained_after_the_word():
    out = expand_abbreviations("<p>Een Woo-verzoek en de Woo-regels.</p>", [WOO], "nl")
    assert out == ('<p>Een Woo-verzoek (Woo: Wet open overheid) en de '
                   '<abbr title="Wet open overheid">Woo</abbr>-regels.</p>')


def test_author_written_expansion_is_not_repeated():
    for html in ("<p>De Wet open overheid (Woo) en de Woo.</p>",
                 "<p>De Woo (Wet open overheid) en de Woo.</p>"):
        out = expand_abbreviations(html, [WOO], "nl")
        assert out.count("Wet open overheid") == 2, out  # the author's one + one title
        assert out.endswith('de <abbr title="Wet open overheid">Woo</abbr>.</p>')


def test_inside_parentheses_the_explanation_takes_square_brackets():
    out = expand_abbreviations("<p>Handout (BZK, 2023).</p>", [BZK], "nl")
    assert out == "<p>Handout (BZK [ministerie van BZK-zaken], 2023).</p>"


def test_script_content_and_attributes_untouched():
    html = ('<script>var s = "Woo <b>";</script><p title="Woo">Woo</p>'
            '<img alt="Woo"><p>Woo</p>')
    out = expand_abbreviations(html, [WOO], "nl")
    assert out == ('<script>var s = "Woo <b>";</script><p title="Woo">Woo (Wet open overheid)</p>'
                   '<img alt="Woo"><p><abbr title="Wet open overheid">Woo</abbr></p>')


def test_glossary_list_is_sorted_and_marks_dutch_terms():
    terms = load_glossary(ROOT)
    html = render_glossary(terms, "en")
    terms_shown = re.findall(r'<dt id="begrip-[^"]+">([^<]+)', html)
    assert terms_shown == sorted(terms_shown, key=str.casefold)
    assert len(terms_shown) == len(terms)
    assert '<dt id="begrip-sleutelfunctionaris">key official <span class="hr-begrippen__nl">' \
           '(Dutch: <span lang="nl">sleutelfunctionaris</span>)</span></dt>' in html


# ----------------------------------------------------------------------------- built site

def article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


@pytest.mark.parametrize("lang,prefix,expansion", [
    ("nl", "", "Auditdienst Rijk"),
    ("en", "en/", "Central Government Audit Service"),
])
def test_built_pages_write_out_first_use_then_abbr(site_dir, lang, prefix, expansion):
    text = article(site_dir, f"{prefix}achtergrond/tijdlijn")
    first = f"ADR ({expansion})"
    later = f'<abbr title="{expansion}">ADR</abbr>'
    assert text.count(first) == 1, lang
    assert text.count(later) >= 1, lang
    assert text.index(first) < text.index(later)
    # Before the written-out form, ADR appears nowhere in running text.
    before = re.sub(r"<h[1-6][^>]*>.*?</h[1-6]>", "", text[:text.index(first)], flags=re.S)
    assert "ADR" not in re.sub(r"<[^>]+>", "", before)
    for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", text, flags=re.S):
        assert "<abbr" not in heading


def test_built_glossary_page_in_both_languages(site_dir):
    terms = load_glossary(ROOT)
    for prefix, word in (("", "Wet open overheid"), ("en/", "Open Government Act")):
        text = article(site_dir, f"{prefix}achtergrond/begrippen")
        assert text.count("<dt id=\"begrip-") == len(terms)
        assert f'<p class="hr-begrippen__voluit">{word}</p>' in text
        dl = text[text.index('<dl class="hr-begrippen">'):text.index("</dl>")]
        assert "<abbr" not in dl and "(Wet open overheid)" not in dl

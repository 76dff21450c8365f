"""Timeline: data/tijdlijn.yml -> validated events -> accessible <ol> with <time datetime>."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from handreiking.core.errors import DataError
from handreiking.timeline import load_timeline, parse_moment, render_timeline, select

ROOT = Path(__file__).resolve().parent.parent

# The dates of the handout's timeline (seed 002, slides 3 and 4).
SEED_DATES = ["2022-05-19", "2022-10-03", "2022-10-04", "2023", "2023-04-06", "2023-04-14",
              "2023-05", "2023-06", "2023-07-04"]


def test_real_timeline_is_sorted_and_has_the_seed_dates():
    events = load_timeline(ROOT)
    starts = [e.start for e in events]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    isos = {e.start.iso for e in events}
    assert not [d for d in SEED_DATES if d not in isos]
    # Readers see every event: none may rest on an open point (editors keep those apart).
    assert not [e.start.iso for e in events if e.open]


@pytest.fixture()
def root(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def entry(datum: str, extra: str = "") -> str:
    return (f"  - datum: {datum}\n{extra}"
            "    tekst:\n      nl: \"Iets.\"\n      en: \"Something.\"\n"
            "    bron:\n      nl: \"Bron.\"\n      en: \"Source.\"\n")


def problems(root: Path, text: str) -> list[str]:
    (root / "data" / "tijdlijn.yml").write_text("tijdlijn:\n" + text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_timeline(root)
    return [str(p) for p in exc.value.problems]


def test_unsorted_dates_are_refused_with_line(root):
    assert problems(root, entry("2023-05") + entry("2022-10-04")) == [
        "data/tijdlijn.yml:9: datum 2022-10-04 staat niet op volgorde: de gebeurtenis erboven "
        "(regel 2) is van 2023-05; zet de gebeurtenissen van oud naar nieuw."]


def test_duplicate_dates_are_refused_with_line(root):
    assert problems(root, entry("2022-10-04") + entry("2022-10-04")) == [
        "data/tijdlijn.yml:9: datum 2022-10-04 staat er twee keer in (ook op regel 2); voeg de "
        "twee gebeurtenissen samen of maak de datum preciezer."]


def test_invalid_dates_are_refused_with_line(root):
    assert problems(root, entry('"2023-13"')) == [
        "data/tijdlijn.yml:2: '2023-13' is geen bestaande datum; schrijf JJJJ-MM-DD, JJJJ-MM of "
        "JJJJ, bijvoorbeeld 2024-05-17."]
    assert problems(root, entry("2023-02-30")) == [
        "data/tijdlijn.yml:2: '2023-02-30' is geen bestaande datum of geldige waarde; schrijf een "
        "datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-17."]
    assert problems(root, entry('"mei 2023"')) == [
        "data/tijdlijn.yml:2: tijdlijn[1].datum: 'mei 2023' heeft niet de juiste vorm (een datum "
        "als 2024-05-17, een maand als 2024-05 of een jaar als 2024)."]


def test_period_end_before_start_and_unknown_key(root):
    assert problems(root, entry("2023-05", "    tot: 2023-01\n    bronnen: x\n")) == [
        "data/tijdlijn.yml:4: tijdlijn[1]: onbekende sleutel 'bronnen'; toegestaan zijn: bron, "
        "datum, open, tekst, tot, weergave. Controleer de spelling."]
    assert problems(root, entry("2023-05", "    tot: 2023-01\n")) == [
        "data/tijdlijn.yml:3: 'tot' (2023-01) moet na 'datum' (2023-05) liggen; controleer de "
        "twee datums."]


def test_year_sorts_before_its_months_and_days():
    assert parse_moment(2023) < parse_moment("2023-01") < parse_moment("2023-01-19")


def test_render_is_an_ordered_list_with_machine_readable_dates():
    events = load_timeline(ROOT)
    for lang, label in (("nl", "4 juli 2023"), ("en", "4 July 2023")):
        html = render_timeline(events, lang)
        assert html.startswith('<ol class="hr-tijdlijn">') and html.endswith("</ol>")
        assert html.count("<li") == len(events)
        assert f'<time datetime="2023-07-04">{label}</time>' in html
        datetimes = re.findall(r'<time datetime="([^"]+)"', html)
        assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in datetimes)
        assert datetimes == sorted(datetimes)
    assert '<time datetime="2023">Begin 2023</time>' in render_timeline(events, "nl")


def test_period_selection():
    events = load_timeline(ROOT)
    chosen = select(events, "2022-05 tot 2023-07")
    assert chosen[0].start.iso == "2022-05-01" and chosen[-1].start.iso == "2023-07-04"
    assert len(select(events, None)) == len(events)
    assert all(e.start.year >= 2024 for e in select(events, "vanaf 2024"))


def test_built_timeline_pages(site_dir):
    events = load_timeline(ROOT)
    for prefix, label in (("", "4 oktober 2022"), ("en/", "4 October 2022")):
        html = (site_dir / prefix / "achtergrond/tijdlijn/index.html").read_text(encoding="utf-8")
        ol = html[html.index('<ol class="hr-tijdlijn">'):]
        ol = ol[:ol.index("</ol>")]
        assert ol.count('<li class="hr-tijdlijn__item">') == len(events)
        assert f'<time datetime="2022-10-04">{label}</time>' in ol
        assert "open:" not in html and "Nagaan of" not in html  # editors' notes stay out

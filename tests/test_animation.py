"""Animation script: data/animatie.yml -> script page + WebVTT captions (nl, en), parsed by the
real webvtt parser."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import webvtt

from handreiking.animation import load_animation, render_vtt
from handreiking.core.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
CLOSING = {"nl": "Benieuwd naar meer informatie over dit onderwerp?",
           "en": "Want to know more about this subject?"}


def seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def parse(text: str):
    return webvtt.from_buffer(io.StringIO(text))


def assert_valid_captions(vtt, scenes) -> None:
    cues = vtt.captions
    starts = [seconds(c.start) for c in cues]
    assert all(a < b for a, b in zip(starts, starts[1:])), "cue start times must increase"
    for a, b in zip(cues, cues[1:]):
        assert seconds(a.end) <= seconds(b.start), (a.identifier, b.identifier)
    for c in cues:
        assert seconds(c.start) < seconds(c.end), c.identifier
        assert c.text.strip() and len(c.text.splitlines()) <= 2, c.identifier
    ids = {c.identifier.rsplit("-", 1)[0] for c in cues}
    assert not [s.id for s in scenes if s.id not in ids], "every scene needs a cue"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_generated_captions_parse_and_cover_every_scene(lang):
    animation = load_animation(ROOT)
    vtt = parse(render_vtt(animation.scenes, lang))
    assert_valid_captions(vtt, animation.scenes)
    text = " ".join(c.text.replace("\n", " ") for c in vtt.captions)
    # The seed repeats its closing sentence after the music ends; the captions say it once.
    assert text.count(CLOSING[lang]) == 1
    assert text.startswith("[Muziek speelt]" if lang == "nl" else "[Music plays]")


def test_real_script_has_the_seed_text_and_an_open_point_for_timings():
    animation = load_animation(ROOT)
    assert animation.open and "voorlopig" in animation.open
    narration = " ".join(s.voice_over["nl"] for s in animation.scenes)
    for phrase in ("transparantie, verantwoording en efficiëntie",
                   "De Archiefwet verplicht u om alle zakelijke informatie van deze kanalen",
                   "felicitaties en condoleances", "Kortom, alleen zakelijke informatie",
                   "Houd zakelijke informatie op zakelijke apparatuur"):
        assert phrase in narration
    assert "informatievan" not in narration  # the seed's typo is fixed
    screen = [s.screen_text["nl"] for s in animation.scenes if s.screen_text["nl"]]
    assert screen == ["Informatiehuishouding bewindspersonen. Veiligstellen e-mail, "
                      "chatberichten en sociale media."]


@pytest.fixture()
def root(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def scene(sid: str, start: str, end: str) -> str:
    return (f"  - id: {sid}\n    titel:\n      nl: T\n      en: T\n"
            f"    start: \"{start}\"\n    einde: \"{end}\"\n"
            "    voice-over:\n      nl: \"Tekst.\"\n      en: \"Text.\"\n")


def problems(root: Path, text: str) -> list[str]:
    (root / "data" / "animatie.yml").write_text("scenes:\n" + text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_animation(root)
    return [str(p) for p in exc.value.problems]


def test_overlapping_scenes_are_refused_with_line(root):
    assert problems(root, scene("a", "0:00", "0:10") + scene("b", "0:08", "0:20")) == [
        "data/animatie.yml:15: scène 'b' begint om 0:08, vóór het einde van scène 'a' "
        "(0:10, regel 2); scènes moeten op volgorde staan en mogen niet overlappen."]


def test_end_before_start_and_bad_time_are_refused_with_line(root):
    assert problems(root, scene("a", "0:10", "0:05")) == [
        "data/animatie.yml:7: scène 'a': einde (0:05) moet na start (0:10) liggen."]
    assert problems(root, scene("a", "0:10", "0:75")) == [
        "data/animatie.yml:7: scenes[1].einde: '0:75' heeft niet de juiste vorm (een tijd als "
        "\"1:05.5\" (minuten:seconden) tussen aanhalingstekens)."]


def test_one_language_missing_is_refused(root):
    text = scene("a", "0:00", "0:05").replace('en: "Text."', 'en: ""')
    assert problems(root, text) == [
        "data/animatie.yml:10: scène 'a': de Engelse tekst van 'voice-over' ontbreekt; vul beide "
        "talen in of laat beide leeg."]


def test_unquoted_minutes_are_read_as_seconds(root):
    # YAML 1.1 reads 1:30 as the number 90; that is the same time in seconds.
    (root / "data" / "animatie.yml").write_text(
        "scenes:\n" + scene("a", "0:00", "0:05") + scene("b", "0:05", "0:10")
        .replace('einde: "0:10"', "einde: 1:30"), encoding="utf-8")
    assert load_animation(root).scenes[1].end == 90.0


@pytest.mark.parametrize("prefix,lang", [("", "nl"), ("en/", "en")])
def test_built_captions_and_script_page(site_dir, prefix, lang):
    animation = load_animation(ROOT)
    vtt_file = site_dir / prefix / "downloads" / f"animatie.{lang}.vtt"
    assert_valid_captions(webvtt.read(str(vtt_file)), animation.scenes)
    page = site_dir / prefix / "achtergrond" / "animatie" / "index.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.vtt)" hreflang="(nl|en)"', html)
    assert {code for _, code in links} == {"nl", "en"}
    for href, code in links:
        target = (page.parent / href).resolve()
        assert target == (site_dir / ("" if code == "nl" else "en/") / "downloads" /
                          f"animatie.{code}.vtt").resolve()
        assert target.is_file()
    for s in animation.scenes:
        assert f'<h3 id="scene-{s.id}">' in html
    assert html.count('<div class="hr-scene">') == len(animation.scenes)
    # The PDF download marker sits right under the H1.
    assert re.search(r"</h1>\s*(<!-- pdf-download: animatie -->|<[^>]+hr-pdf)", html)

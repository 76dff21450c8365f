"""Animation script (`data/animatie.yml`): scenes with on-screen text, narration, sound and timings.

One source, three outputs: the accessible script page (`render_script`, for the `<!-- animatie -->`
marker), WebVTT captions per language (`render_vtt`) and `check(root)`, which refuses timings
that do not increase or that overlap, with their line. The seed script has no timings: they are
editor-supplied and stay an open point until set to the real video.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from pathlib import Path

from handreiking.core.errors import DataError, Problem
from handreiking.core.filecache import cached
from handreiking.core.render import render
from handreiking.core.schema import load_valid, validate
from handreiking.i18n import t
from handreiking.core.langs import LANGUAGES, SOURCE

DATA_FILE = "data/animatie.yml"
LINE_CHARS = 42          # caption line length (common broadcast guideline)
CUE_CHARS = 2 * LINE_CHARS
TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?$")


def parse_time(value) -> float:
    """'1:05.5' -> 65.5 seconds; a number is taken as seconds (YAML reads 1:05 as 65).

    >>> parse_time("1:05.5"), parse_time("1:00:00"), parse_time(12)
    (65.5, 3600.0, 12.0)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    m = TIME.match(str(value).strip())
    if not m:
        raise ValueError(value)
    hours, minutes, seconds, fraction = m.groups()
    if int(seconds) >= 60 or (hours and int(minutes) >= 60):
        raise ValueError(value)
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0))


def clock(seconds: float, vtt: bool = False) -> str:
    """65.5 -> '1:05.5' (page) or '00:01:05.500' (WebVTT)."""
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    if vtt:
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    tenths = f".{ms // 100}" if ms else ""
    return f"{h}:{m:02d}:{s:02d}{tenths}" if h else f"{m}:{s:02d}{tenths}"


@dataclass(frozen=True)
class Scene:
    """One scene of the animation."""

    id: str
    title: dict
    start: float
    end: float
    sound: dict | None
    visual: dict | None
    screen_text: dict
    voice_over: dict
    line: int


@dataclass(frozen=True)
class Animation:
    """The whole script; `open` is set while the timings are provisional."""

    scenes: list
    open: str | None


@dataclass(frozen=True)
class Cue:
    """One WebVTT cue."""

    id: str
    start: float
    end: float
    text: str


def load_animation(root: Path) -> Animation:
    """Read and validate data/animatie.yml (cached until the file changes); see below."""
    return cached(Path(root) / DATA_FILE, root, lambda: _load_animation(root), __name__)


def _load_animation(root: Path) -> Animation:
    """Read and validate data/animatie.yml; raise DataError with every problem found."""
    file = Path(root) / DATA_FILE
    data, shown = load_valid(file, root, "animatie")
    problems: list[Problem] = []
    scenes: list[Scene] = []
    seen: dict[str, int] = {}
    previous: Scene | None = None
    for index, item in enumerate(data["scenes"]):
        line = data["scenes"].line_of(index)
        if item["id"] in seen:
            problems.append(Problem(shown, item.line_of("id"), f"scène '{item['id']}' staat er "
                                    f"twee keer in (ook op regel {seen[item['id']]}); geef elke "
                                    "scène een eigen id."))
        seen.setdefault(item["id"], line)
        times = {}
        for key in ("start", "einde"):
            try:
                times[key] = parse_time(item[key])
            except ValueError:
                problems.append(Problem(shown, item.line_of(key), f"scène '{item['id']}': "
                                        f"'{item[key]}' is geen geldige tijd; schrijf minuten:"
                                        "seconden tussen aanhalingstekens, zoals \"1:05.5\"."))
        empty = {lang: "" for lang in LANGUAGES}
        screen = dict(item.get("beeldtekst", empty))
        voice = dict(item.get("voice-over", empty))
        for key, texts in (("beeldtekst", screen), ("voice-over", voice)):
            filled = [lang for lang in LANGUAGES if texts.get(lang, "").strip()]
            for lang in (LANGUAGES if filled else ()):
                if lang in filled:
                    continue
                missing = t(lang, "language.adjective")
                problems.append(Problem(shown, item[key].line_of(lang),
                                        f"scène '{item['id']}': de {missing} tekst van '{key}' "
                                        "ontbreekt; vul beide talen in of laat beide leeg."))
        if not (screen[SOURCE].strip() or voice[SOURCE].strip() or "geluid" in item):
            problems.append(Problem(shown, line, f"scène '{item['id']}' heeft geen voice-over, "
                                    "beeldtekst of geluid; zonder een van die drie krijgt de "
                                    "scène geen ondertitel."))
        if len(times) < 2:
            continue
        start, end = times["start"], times["einde"]
        if end <= start:
            problems.append(Problem(shown, item.line_of("einde"), f"scène '{item['id']}': "
                                    f"einde ({clock(end)}) moet na start ({clock(start)}) liggen."))
        if previous is not None and start < previous.end:
            problems.append(Problem(shown, item.line_of("start"), f"scène '{item['id']}' begint "
                                    f"om {clock(start)}, vóór het einde van scène "
                                    f"'{previous.id}' ({clock(previous.end)}, regel "
                                    f"{previous.line}); scènes moeten op volgorde staan en "
                                    "mogen niet overlappen."))
        scene = Scene(item["id"], dict(item["titel"]), start, end,
                      dict(item["geluid"]) if "geluid" in item else None,
                      dict(item["beeld"]) if "beeld" in item else None, screen, voice, line)
        scenes.append(scene)
        previous = scene
    if problems:
        raise DataError(problems)
    return Animation(scenes, data.get("open"))


def check(root: Path) -> list[Problem]:
    """Problems in data/animatie.yml (open points are collected by handreiking.checks.open_points)."""
    try:
        load_animation(root)
    except DataError as exc:
        return list(exc.problems)
    return []


# ----------------------------------------------------------------------------- captions

def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=\S)", text.strip())
    return [p for p in parts if p]


def _two_lines(words: list[str]) -> list[str]:
    """One line when it fits, else the most balanced split over two lines."""
    text = " ".join(words)
    if len(text) <= LINE_CHARS or len(words) == 1:
        return [text]
    best = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        longest = max(len(first), len(second))
        if best is None or longest < best[0]:
            best = (longest, [first, second])
    return best[1]


def _split_words(text: str, limit: int) -> list[str]:
    """Split text at word boundaries into as few parts of about equal length as needed."""
    words = text.split()
    count = -(-len(text) // limit)
    while True:
        target = len(text) / count
        parts, current = [], []
        for word in words:
            if current and len(" ".join(current + [word])) > target + 8:
                parts.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        parts.append(" ".join(current))
        if all(len(p) <= limit for p in parts) or count > len(words):
            return parts
        count += 1


def _clauses(sentence: str) -> list[str]:
    """Cue-sized pieces of one sentence: split at commas and colons first, then at words."""
    if len(sentence) <= CUE_CHARS:
        return [sentence]
    pieces = re.split(r"(?<=[,;:])\s+", sentence)
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + 1 + len(piece) <= CUE_CHARS:
            out[-1] = f"{out[-1]} {piece}"
        elif len(piece) <= CUE_CHARS:
            out.append(piece)
        else:
            out.extend(_split_words(piece, CUE_CHARS))
    return out


def caption_blocks(text: str) -> list[str]:
    """Split narration into cue texts of at most two lines of about 42 characters.

    >>> caption_blocks("Kortom, alleen zakelijke informatie moet worden bewaard.")
    ['Kortom, alleen zakelijke\\ninformatie moet worden bewaard.']
    """
    return ["\n".join(_two_lines(piece.split()))
            for sentence in _sentences(text) for piece in _clauses(sentence)]


def captions(scenes: list[Scene], lang: str) -> list[Cue]:
    """Cues for `lang`: sound in brackets, then the narration split over the scene's time in
    proportion to its length; a scene without narration or sound shows its on-screen text."""
    cues: list[Cue] = []
    for scene in scenes:
        texts = caption_blocks(scene.voice_over[lang])
        start, end = scene.start, scene.end
        if scene.sound:
            sound = t(lang, "animation.sound").format(scene.sound[lang])
            if texts:
                cut = start + min(2.0, (end - start) * 0.2)
                cues.append(Cue(f"{scene.id}-geluid", start, cut, sound))
                start = cut
            else:
                cues.append(Cue(f"{scene.id}-geluid", start, end, sound))
                continue
        if not texts and scene.screen_text[lang].strip():
            texts = caption_blocks(scene.screen_text[lang])
        total = sum(len(t) for t in texts) or 1
        at = start
        for number, text in enumerate(texts, 1):
            stop = end if number == len(texts) else at + (end - start) * len(text) / total
            stop = round(stop, 3)
            cues.append(Cue(f"{scene.id}-{number}", round(at, 3), stop, text))
            at = stop
    return cues


def _cue_text(text: str) -> str:
    # WebVTT cue text: escape &, < and > (and never an empty line or '-->').
    return _html.escape(text, quote=False).replace("-->", "--&gt;")


def render_vtt(scenes: list[Scene], lang: str) -> str:
    """A complete WebVTT caption file for `lang`."""
    title = t(lang, "animation.vtt_title")
    out = [f"WEBVTT - {title}", ""]
    for cue in captions(scenes, lang):
        out += [cue.id, f"{clock(cue.start, True)} --> {clock(cue.end, True)}",
                _cue_text(cue.text), ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------- script page

def script_items(scenes: list[Scene], lang: str) -> list[dict]:
    """Plain data for the script page in `lang`."""
    items = []
    for number, s in enumerate(scenes, 1):
        items.append({
            "id": f"scene-{s.id}",
            "number": number,
            "title": s.title[lang],
            "start": clock(s.start), "end": clock(s.end),
            "start_iso": f"PT{s.start:g}S", "end_iso": f"PT{s.end:g}S",
            "sound": s.sound[lang] if s.sound else None,
            "visual": s.visual[lang] if s.visual else None,
            "screen_text": s.screen_text[lang].strip() or None,
            "voice_over": s.voice_over[lang].strip() or None,
        })
    return items


def render_script(animation: Animation, lang: str, captions_urls: dict[str, str]) -> str:
    """Markdown + HTML for the `<!-- animatie -->` marker: caption links, then one section per
    scene (Markdown headings, so they appear in the page's table of contents).

    `captions_urls` maps each language to the (relative) URL of its WebVTT file."""
    scenes = animation.scenes
    return render("animatie.md", markdown=True, items=script_items(scenes, lang), lang=lang,
                  urls=captions_urls, provisional=bool(animation.open),
                  minutes=max(1, round(scenes[-1].end / 60)))

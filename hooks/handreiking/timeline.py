"""Timeline (`data/tijdlijn.yml`): dated events in Dutch and English, oldest first.

A date is a day (`2024-05-17`), a month (`2024-05`) or a year (`2024`); `tot` makes a period and
`weergave` overrides the label ("begin 2023"). `render_timeline` gives the accessible `<ol>` with
`<time datetime>` for the `<!-- tijdlijn -->` marker (`<!-- tijdlijn: 2022-05 tot 2023-07 -->`
shows only that period); `check(root)` refuses invalid, duplicate and unsorted dates with their
line.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from handreiking.core.errors import DataError, Problem
from handreiking.core.filecache import cached
from handreiking.core.render import render
from handreiking.i18n import t
from handreiking.core.schema import load_valid, validate

DATA_FILE = "data/tijdlijn.yml"


@dataclass(frozen=True, order=True)
class Moment:
    """A day, month or year; sorts before anything more precise in the same period."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        """Valid HTML `datetime` value: '2024', '2024-05' or '2024-05-17'."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def label(self, lang: str) -> str:
        """'17 mei 2024', 'mei 2024', '2024' (English: '17 May 2024', 'May 2024')."""
        if not self.month:
            return str(self.year)
        month = t(lang, 'dates.months')[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


def parse_moment(value) -> Moment:
    """Read a YAML date value (date, 'YYYY-MM', 'YYYY' or int); ValueError when impossible.

    >>> parse_moment("2023-05"), parse_moment(1995).iso
    (Moment(year=2023, month=5, day=0), '1995')
    """
    if isinstance(value, _dt.date):
        return Moment(value.year, value.month, value.day)
    parts = str(value).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValueError(value) from None
    if len(numbers) == 3:
        _dt.date(*numbers)
        return Moment(*numbers)
    if len(numbers) == 2:
        if not 1 <= numbers[1] <= 12:
            raise ValueError(value)
        return Moment(numbers[0], numbers[1])
    if len(numbers) == 1 and 1000 <= numbers[0] <= 9999:
        return Moment(numbers[0])
    raise ValueError(value)


@dataclass(frozen=True)
class Event:
    """One timeline entry."""

    start: Moment
    end: Moment | None
    label: dict | None
    text: dict
    source: dict
    open: str | None
    line: int


def load_timeline(root: Path) -> list[Event]:
    """Read and validate data/tijdlijn.yml (cached until the file changes); see below."""
    return cached(Path(root) / DATA_FILE, root, lambda: _load_timeline(root), __name__)


def _load_timeline(root: Path) -> list[Event]:
    """Read and validate data/tijdlijn.yml; raise DataError with every problem found."""
    file = Path(root) / DATA_FILE
    data, shown = load_valid(file, root, "tijdlijn")
    problems: list[Problem] = []
    events: list[Event] = []
    seen: dict[Moment, int] = {}
    previous: Event | None = None
    for index, item in enumerate(data["tijdlijn"]):
        line = data["tijdlijn"].line_of(index)
        moments = {}
        for key in ("datum", "tot"):
            if key not in item:
                continue
            try:
                moments[key] = parse_moment(item[key])
            except ValueError:
                problems.append(Problem(shown, item.line_of(key), f"'{item[key]}' is geen "
                                        "bestaande datum; schrijf JJJJ-MM-DD, JJJJ-MM of JJJJ, "
                                        "bijvoorbeeld 2024-05-17."))
        if "datum" not in moments:
            continue
        start, end = moments["datum"], moments.get("tot")
        if end is not None and end <= start:
            problems.append(Problem(shown, item.line_of("tot"), f"'tot' ({end.iso}) moet na "
                                    f"'datum' ({start.iso}) liggen; controleer de twee datums."))
        if start in seen:
            problems.append(Problem(shown, item.line_of("datum"), f"datum {start.iso} staat er "
                                    f"twee keer in (ook op regel {seen[start]}); voeg de twee "
                                    "gebeurtenissen samen of maak de datum preciezer."))
        elif previous is not None and start < previous.start:
            problems.append(Problem(shown, item.line_of("datum"), f"datum {start.iso} staat niet "
                                    f"op volgorde: de gebeurtenis erboven (regel "
                                    f"{previous.line}) is van {previous.start.iso}; zet de "
                                    "gebeurtenissen van oud naar nieuw."))
        seen.setdefault(start, line)
        event = Event(start, end, dict(item["weergave"]) if "weergave" in item else None,
                      dict(item["tekst"]), dict(item["bron"]), item.get("open"), line)
        events.append(event)
        previous = event
    if problems:
        raise DataError(problems)
    return events


def check(root: Path) -> list[Problem]:
    """Problems in data/tijdlijn.yml (open points are collected by handreiking.checks.open_points)."""
    try:
        load_timeline(root)
    except DataError as exc:
        return list(exc.problems)
    return []


def parse_period(text: str | None) -> tuple[Moment | None, Moment | None]:
    """The optional argument of `<!-- tijdlijn: ... -->`: 'JJJJ-MM tot JJJJ-MM', 'vanaf JJJJ' or
    'tot JJJJ-MM-DD' (ends included). ValueError when it cannot be read.

    >>> parse_period("2022-05 tot 2023-07")
    (Moment(year=2022, month=5, day=0), Moment(year=2023, month=7, day=0))
    """
    if not text:
        return None, None
    words = text.split()
    if len(words) == 3 and words[1] == "tot":
        lo, hi = parse_moment(words[0]), parse_moment(words[2])
        if hi < lo:
            raise ValueError(text)
        return lo, hi
    if len(words) == 2 and words[0] in ("vanaf", "tot"):
        moment = parse_moment(words[1])
        return (moment, None) if words[0] == "vanaf" else (None, moment)
    raise ValueError(text)


def _within(moment: Moment, lo: Moment | None, hi: Moment | None) -> bool:
    if lo is not None and moment < lo:
        return False
    if hi is not None:
        precise = (moment.year, moment.month if hi.month else 0, moment.day if hi.day else 0)
        if precise > (hi.year, hi.month, hi.day):
            return False
    return True


def select(events: list[Event], period: str | None) -> list[Event]:
    """The events whose start lies in `period` (see parse_period); all when it is None."""
    lo, hi = parse_period(period)
    return [e for e in events if _within(e.start, lo, hi)]


def timeline_items(events: list[Event], lang: str) -> list[dict]:
    """Plain data for the timeline in `lang`."""
    items = []
    for e in events:
        times = [{"iso": e.start.iso, "label": e.label[lang] if e.label else e.start.label(lang)}]
        if e.end is not None and not e.label:
            times.append({"iso": e.end.iso, "label": e.end.label(lang)})
        items.append({"times": times, "text": e.text[lang], "source": e.source[lang]})
    return items


def render_timeline(events: list[Event], lang: str) -> str:
    """Accessible ordered list (`<ol>`, `<time datetime>`) for the `<!-- tijdlijn -->` marker."""
    return render("tijdlijn.html", items=timeline_items(events, lang), lang=lang)

"""The sources register (`data/bronnen.yml`) and the rules register (`data/regels/*.yml`).

`load_register(root)` reads both with the shared YAML loader, validates them against
`schemas/bronnen.json` and `schemas/regels.json` and then checks what a schema cannot:

- ids unique (sources in their file; rules over all rule files);
- every cited source exists;
- `verplicht` and `afspraak` cite at least one source;
- a source with an `adres` says when it was read (`gelezen`), not before the document's date;
- dates exist.

Every problem is `path:line: Dutch message` naming the id. A project without the registers has
an empty register (no rules, no sources): nothing may refer to a rule then, and nothing does.
Nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached_many
from handreiking.core.schema import name_by_id, validate
from handreiking.core.yamlload import load_shared
from handreiking.core.langs import LANGUAGES

SOURCES_FILE = Path("data") / "bronnen.yml"
RULES_DIR = Path("data") / "regels"
KINDS = ("verplicht", "afspraak", "uitleg", "advies")
NEEDS_SOURCE = ("verplicht", "afspraak", "uitleg")


@dataclass(frozen=True)
class Source:
    """One document the guidance rests on (an entry of data/bronnen.yml)."""

    id: str
    kind: str                   # soort: wet, besluit, instructie, ...
    title: dict                 # {nl, en}
    issuer: dict                # {nl, en}
    date: _dt.date | None       # the document's own date; None = undated
    address: str | None = None  # public https address
    read: _dt.date | None = None
    secondary: bool = False     # a (news) report about another document
    note: dict | None = None    # toelichting {nl, en}
    path: str = ""
    line: int = 1
    month_only: bool = False    # the document names only year and month (datum: JJJJ-MM)


@dataclass(frozen=True)
class Citation:
    """A rule's reference to a source, with the place in it (slide, section, article)."""

    source: str
    place: dict | None
    line: int


@dataclass(frozen=True)
class Rule:
    """One rule the site states, once (an entry of data/regels/<thema>.yml)."""

    id: str
    kind: str                   # verplicht | afspraak | uitleg | advies
    text: dict                  # {nl, en}
    citations: tuple[Citation, ...] = ()
    since: _dt.date | None = None
    terms: dict = field(default_factory=dict)   # {nl: [...], en: [...]} lowercase stems
    path: str = ""
    line: int = 1


@dataclass(frozen=True)
class Register:
    """Every source and every rule, by id (in file order)."""

    sources: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)
    problems: tuple = ()        # errors found while loading (load_register raises on them)

    def rule(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)


def rule_files(root: Path) -> list[Path]:
    """data/regels/*.yml (and .yaml), sorted by name."""
    folder = Path(root) / RULES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def _inputs(root: Path) -> list[Path]:
    root = Path(root)
    return [root / SOURCES_FILE, root / RULES_DIR]


_MONTH = re.compile(r"^[0-9]{4}-[0-9]{2}$")


def _date(value, shown: str, line: int, where: str, problems: list[Problem],
          month_only: bool = False) -> _dt.date | None:
    """A date from the register; `month_only` reads JJJJ-MM as the first of that month."""
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(f"{value}-01" if month_only else str(value))
    except ValueError:
        problems.append(Problem(shown, line, f"{where}: '{value}' is geen bestaande datum; "
                                "schrijf JJJJ-MM-DD, bijvoorbeeld 2023-07-14"
                                + (", of JJJJ-MM met een maand van 01 tot 12." if month_only
                                   else ".")))
        return None


def _load_sources(root: Path, problems: list[Problem]) -> dict[str, Source]:
    file = Path(root) / SOURCES_FILE
    if not file.is_file():
        return {}
    shown = display_path(file, root)
    try:
        data = load_shared(file, root)
    except DataError as exc:
        problems.extend(exc.problems)
        return {}
    found = name_by_id(validate(data, "bronnen", shown), data, "bronnen", "bron")
    if found:
        problems.extend(found)
        return {}
    sources: dict[str, Source] = {}
    for raw in data["bronnen"]:
        sid = raw["id"]
        where = f"bron '{sid}'"
        if sid in sources:
            problems.append(Problem(shown, raw.line_of("id"), f"{where}: dit id staat er twee keer "
                                    f"in (ook op regel {sources[sid].line}); geef elke bron een "
                                    "eigen id."))
            continue
        month_only = bool(_MONTH.match(str(raw.get("datum", ""))))
        day = _date(raw.get("datum"), shown, raw.line_of("datum"), where, problems, month_only)
        read = _date(raw.get("gelezen"), shown, raw.line_of("gelezen"), where, problems)
        if raw.get("adres") and "gelezen" not in raw:
            problems.append(Problem(shown, raw.line_of("adres"), f"{where}: bij een webadres hoort "
                                    "de datum waarop u de pagina las; voeg 'gelezen: JJJJ-MM-DD' "
                                    "toe (een webpagina kan later veranderen)."))
        if "gelezen" in raw and not raw.get("adres"):
            problems.append(Problem(shown, raw.line_of("gelezen"), f"{where}: 'gelezen' zonder "
                                    "'adres'; vul het webadres in of haal 'gelezen' weg."))
        if day and read and read < day:
            problems.append(Problem(shown, raw.line_of("gelezen"), f"{where}: gelezen op "
                                    f"{read.isoformat()}, vóór de datum van het document "
                                    f"({day.isoformat()}); controleer beide datums."))
        sources[sid] = Source(sid, raw["soort"], dict(raw["titel"]), dict(raw["uitgever"]), day,
                              raw.get("adres"), read, bool(raw.get("secundair")),
                              dict(raw["toelichting"]) if raw.get("toelichting") else None,
                              shown, raw.line_of("id"), month_only=month_only)
    return sources


def _load_rules(root: Path, sources: dict[str, Source], have_sources_file: bool,
                problems: list[Problem], sources_broken: bool = False) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for file in rule_files(root):
        shown = display_path(file, root)
        try:
            data = load_shared(file, root)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        found = name_by_id(validate(data, "regels", shown), data, "regels", "regel")
        if found:
            problems.extend(found)
            continue
        for raw in data["regels"]:
            rid = raw["id"]
            where = f"regel '{rid}'"
            if rid in rules:
                other = rules[rid]
                also = (f"regel {other.line}" if other.path == shown
                        else f"{other.path}, regel {other.line}")
                problems.append(Problem(shown, raw.line_of("id"), f"{where}: dit id bestaat al "
                                        f"(ook in {also}); geef elke regel een eigen id en noem "
                                        "een regel maar één keer."))
                continue
            citations = []
            cited = raw.get("bronnen") or []
            for i, c in enumerate(cited):
                line = cited.line_of(i)
                if c["bron"] not in sources and not sources_broken:
                    hint = ("kies een id uit data/bronnen.yml" if have_sources_file
                            else "data/bronnen.yml bestaat nog niet; voeg de bron daar toe")
                    problems.append(Problem(shown, line, f"{where}: bron '{c['bron']}' bestaat "
                                            f"niet; {hint}."))
                citations.append(Citation(c["bron"], dict(c["plaats"]) if c.get("plaats")
                                          else None, line))
            if raw["soort"] in NEEDS_SOURCE and not cited:
                problems.append(Problem(shown, raw.line_of("soort"), f"{where}: een regel van "
                                        f"soort '{raw['soort']}' heeft een bron nodig; noem onder "
                                        "'bronnen' waar het staat (bron en plaats), of maak er "
                                        "'advies' van als het alleen een aanbeveling van deze "
                                        "site is."))
            since = _date(raw.get("sinds"), shown, raw.line_of("sinds"), where, problems)
            terms = {lang: tuple(str(t) for t in (raw.get("termen") or {}).get(lang) or ())
                     for lang in LANGUAGES}
            rules[rid] = Rule(rid, raw["soort"], dict(raw["tekst"]), tuple(citations), since,
                              terms, shown, raw.line_of("id"))
    return rules


def _read(root: Path) -> Register:
    problems: list[Problem] = []
    sources = _load_sources(root, problems)
    # While data/bronnen.yml itself has errors, citations of it are not reported as unknown.
    broken = bool(problems)
    rules = _load_rules(root, sources, (Path(root) / SOURCES_FILE).is_file(), problems, broken)
    return Register(sources, rules, tuple(sorted(set(problems))))


def read_register(root: Path) -> Register:
    """Both registers with the problems found (never raises for editor mistakes); cached until
    a file under data/bronnen.yml or data/regels/ changes."""
    root = Path(root)
    return cached_many(_inputs(root), root, lambda: _read(root), "rules", "register")


def load_register(root: Path) -> Register:
    """Both registers; raise DataError with every problem."""
    register = read_register(root)
    if register.problems:
        raise DataError(list(register.problems))
    return register

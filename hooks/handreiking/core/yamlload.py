"""The one way to read structured YAML in this project.

Every data file (versions, glossary, timeline, trees, checklists, ...) is read with `load()`:

- the file must be UTF-8 (a BOM is tolerated) and at most MAX_BYTES;
- anchors (`&x`), aliases (`*x`) and merge keys (`<<`) are refused, so no alias bombs and no
  hidden copies;
- duplicate keys are refused (PyYAML silently keeps the last one);
- only plain data: mappings with string keys, lists, strings, numbers, booleans, null, dates;
- every mapping and list remembers its line, and the line of each key and item, so any later
  validation can say `path:line: ...`.

Errors are raised as DataError with Dutch messages; nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import yaml

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached

MAX_BYTES = 1_000_000
# libyaml's C parser when available (about 8x faster on large trees); same marks and nodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 40
PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class LineDict(dict):
    """A dict that knows the line of itself and of each key (1-based)."""

    line: int = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of itself and of each item (1-based)."""

    line: int = 1

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        """Line of item `index`, or of the list itself."""
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_at(data: Any, path: list | tuple, default: int = 1) -> int:
    """Best line for a JSON-path-like sequence of keys/indexes into loaded data.

    >>> d = loads("a:\\n  - x\\n  - y\\n", "t.yml"); line_at(d, ["a", 1])
    3
    """
    line = getattr(data, "line", default)
    node = data
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.line_of(step)
            node = node[step]
        else:
            break
        line = getattr(node, "line", line)
    return line


def _problem(path: str, line: int, msg: str) -> DataError:
    return DataError(Problem(path, line, msg))


def _reject_anchors(text: str, path: str) -> None:
    """Refuse anchors, aliases and merge keys (and absurd nesting, which would exhaust the
    recursion of the composer) before anything is constructed."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(path, line, f"de gegevens zijn hier dieper genest dan "
                                   f"{MAX_DEPTH} niveaus; dat komt in deze bestanden niet voor. "
                                   "Controleer de haakjes [ ] en { } en het inspringen.")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                raise _problem(path, line, f"verwijzing '*{event.anchor}' (YAML-alias) is niet "
                               "toegestaan; schrijf de tekst voluit op deze plek.")
            anchor = getattr(event, "anchor", None)
            if anchor:
                raise _problem(path, line, f"anker '&{anchor}' is niet toegestaan; schrijf "
                               "gegevens voluit in plaats van ze te hergebruiken.")
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, text) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _problem(path, line, f"de tekst bevat een teken dat hier niet mag (U+{code:04X}, "
                       "een onzichtbaar stuurteken); verwijder het, of typ de tekst opnieuw."
                       ) from None


def _previous_line(text: str, line: int) -> tuple[int, str]:
    """(number, text) of the last non-blank, non-comment line before `line` (0, '' if none)."""
    rows = text.split("\n")
    for number in range(line - 1, 0, -1):
        row = rows[number - 1] if number - 1 < len(rows) else ""
        if row.strip() and not row.lstrip().startswith("#"):
            return number, row
    return 0, ""


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str = "") -> DataError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = (exc.problem or "").strip()
    # YAML often notices a mistake one line late: an open quote, or a key without ':' that
    # runs on into the next line. Point at the line where the mistake is.
    before, row = _previous_line(text, line)
    if before and row.count('"') % 2 == 1:
        return _problem(path, before, "het aanhalingsteken dat hier opent wordt niet gesloten; "
                        "zet een aanhalingsteken aan het eind van de tekst.")
    if (before and "mapping values are not allowed" in problem and ":" not in row
            and not row.lstrip().startswith(("-", "[", "{"))):
        return _problem(path, before, "hier ontbreekt een ':' na de sleutel, of het inspringen "
                        "klopt niet.")
    if "\\t" in problem or "tab" in problem:
        msg = ("tab-teken gevonden; YAML accepteert alleen spaties voor inspringen. Vervang de tab "
               "door spaties.")
    elif "mapping values are not allowed" in problem:
        msg = ("onverwachte ':'; zet tekst met een dubbele punt tussen aanhalingstekens, of "
               "controleer het inspringen.")
    elif "could not find expected ':'" in problem:
        # The scanner notices on the next line; the key without ':' is where the scan began.
        line = exc.context_mark.line + 1 if exc.context_mark else line
        msg = "hier ontbreekt een ':' na de sleutel, of het inspringen klopt niet."
    elif "quoted scalar" in (exc.context or "") and exc.context_mark:
        line = exc.context_mark.line + 1
        msg = ("het aanhalingsteken dat hier opent wordt niet gesloten; zet een aanhalingsteken "
               "aan het eind van de tekst.")
    elif "flow" in (exc.context or "") and exc.context_mark:
        line = exc.context_mark.line + 1
        msg = ("het haakje [ of { dat hier opent wordt niet gesloten; zet ] of } aan het eind, "
               "of schrijf de lijst onder elkaar met '- '.")
    elif "found character" in problem and "cannot start any token" in problem:
        msg = (f"teken dat hier niet mag ({problem}); zet de tekst tussen aanhalingstekens.")
    elif "expected <block end>" in problem or "did not find expected" in problem:
        msg = "het inspringen klopt niet; regels op hetzelfde niveau moeten even ver inspringen."
    else:
        msg = f"YAML-syntaxfout ({problem or exc}); controleer aanhalingstekens en inspringen."
    return _problem(path, line, msg)


_SCALARS = yaml.constructor.SafeConstructor()


def _construct(node: yaml.Node, path: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
        raise _problem(path, line, f"onbekend soort waarde ({node.tag}); gebruik tekst, een "
                       "getal, ja/nee, een datum, een lijst of een blok met sleutels.")
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line = line
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem(path, key_node.start_mark.line + 1,
                               "een sleutel moet een gewone tekst zijn.")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _problem(path, key_node.start_mark.line + 1,
                               "samenvoegen met '<<' is niet toegestaan; schrijf alles voluit.")
            key = key_node.value
            kline = key_node.start_mark.line + 1
            if key in out:
                raise _problem(path, kline, f"sleutel '{key}' staat twee keer in hetzelfde blok "
                               f"(eerder op regel {out.key_lines[key]}); verwijder of hernoem er één.")
            out[key] = _construct(value_node, path)
            out.key_lines[key] = kline
        return out
    if isinstance(node, yaml.SequenceNode):
        out_list = LineList()
        out_list.line = line
        for item in node.value:
            out_list.append(_construct(item, path))
            out_list.item_lines.append(item.start_mark.line + 1)
        return out_list
    # Scalars: resolve with the safe constructor (str, int, float, bool, None, date).
    try:
        value = _SCALARS.construct_object(node, deep=True)
        _SCALARS.constructed_objects.pop(node, None)  # keep the shared constructor from growing
    except yaml.constructor.ConstructorError as exc:
        raise _problem(path, line, f"waarde kan niet gelezen worden ({exc.problem}).") from None
    except ValueError:
        raise _problem(path, line, f"'{node.value}' is geen bestaande datum of geldige waarde; "
                       "schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-17.") from None
    if isinstance(value, (str, int, float, bool, _dt.date)) or value is None:
        return value
    raise _problem(path, line, f"onbekend soort waarde ({node.tag}); gebruik tekst, een getal, "
                   "ja/nee of een datum.")


def loads(text: str, path: str) -> Any:
    """Parse YAML text (already decoded) into LineDict/LineList/scalars."""
    if "\t" in text:
        for number, row in enumerate(text.splitlines(), 1):
            stripped = row.lstrip(" ")
            if stripped.startswith("\t"):
                raise _problem(path, number, "tab-teken gevonden; YAML accepteert alleen spaties "
                               "voor inspringen. Vervang de tab door spaties.")
    _reject_anchors(text, path)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, text) from None
    if node is None:
        raise _problem(path, 1, "het bestand is leeg; vul het in volgens het voorbeeld in de "
                       "documentatie (docs/redactie).")
    return _construct(node, path)


def load(file: str | Path, root: str | Path | None = None) -> Any:
    """Read one YAML data file; raise DataError with `path:line: ...` on any problem."""
    file = Path(file)
    shown = display_path(file, root)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise _problem(shown, 1, "bestand niet gevonden; controleer de naam en de map.") from None
    if len(raw) > MAX_BYTES:
        raise _problem(shown, 1, f"bestand is te groot ({len(raw)} bytes, maximaal {MAX_BYTES}); "
                       "splits het in kleinere bestanden.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(shown, line, "het bestand is niet in UTF-8 opgeslagen (ongeldig teken "
                       f"op positie {exc.start}); sla het op als UTF-8 in uw editor.") from None
    return loads(text, shown)


class FrozenLineDict(LineDict):
    """A LineDict shared through the cache (`load_shared`): changing it raises TypeError."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("gedeelde YAML-gegevens zijn alleen-lezen; maak een kopie (dict(...))")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = __ior__ = _refuse


class FrozenLineList(LineList):
    """A LineList shared through the cache (`load_shared`): changing it raises TypeError."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("gedeelde YAML-gegevens zijn alleen-lezen; maak een kopie (list(...))")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse


def freeze(data: Any) -> Any:
    """Make loaded data read-only in place (LineDict/LineList become their Frozen variants)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if type(node) is LineDict:
            node.__class__ = FrozenLineDict
            stack.extend(node.values())
        elif type(node) is LineList:
            node.__class__ = FrozenLineList
            stack.extend(node)
    return data


def load_shared(file: str | Path, root: str | Path | None = None) -> Any:
    """`load()` once per version of the file (see filecache): the same read-only object for
    every caller until the file changes. Use this wherever the data is only read."""
    file = Path(file)
    return cached(file, Path(root) if root is not None else file.parent,
                  lambda: freeze(load(file, root)), "yaml")

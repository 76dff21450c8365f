"""JSON Schema validation of loaded YAML, reported as Dutch `path:line: ...` problems."""
from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.langs import LANGUAGES
from handreiking.core.yamlload import line_at, load_shared

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"


def per_language(node: Any, languages: tuple[str, ...] = LANGUAGES) -> Any:
    """Expand the schemas' language blocks from the one language list: `"x-talen": S` becomes a
    property S per language, `"x-talen-verplicht": true` makes them all required.

    >>> per_language({"x-talen-verplicht": True, "x-talen": {"type": "string"}}, ("nl", "de"))
    {'required': ['nl', 'de'], 'properties': {'nl': {'type': 'string'}, 'de': {'type': 'string'}}}
    """
    if isinstance(node, list):
        return [per_language(v, languages) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict = {}
    for key, value in node.items():
        if key == "x-talen-verplicht":
            out["required"] = list(languages) + list(node.get("required", []))
        elif key == "x-talen":
            sub = per_language(value, languages)
            out["properties"] = {**{lang: sub for lang in languages},
                                 **per_language(node.get("properties", {}), languages)}
        elif key == "required" and "x-talen-verplicht" in node:
            continue
        elif key == "properties" and "x-talen" in node:
            continue
        else:
            out[key] = per_language(value, languages)
    return out


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """Load `schemas/<name>.json` shipped with the package, language blocks expanded."""
    return per_language(json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")))


def _plain(value: Any) -> Any:
    """Dates become ISO strings so JSON Schema `format: date` style checks can apply."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _where(path: list) -> str:
    parts = []
    for step in path:
        parts.append(f"[{step + 1}]" if isinstance(step, int) else f".{step}")
    return "".join(parts).lstrip(".") or "(bovenste niveau)"


def _message(err: jsonschema.ValidationError) -> str:
    where = _where(list(err.absolute_path))
    v = err.validator
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return (f"{where}: onbekende sleutel '{extra[0] if extra else '?'}'; toegestaan zijn: "
                f"{allowed}. Controleer de spelling.")
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"{where}: verplichte sleutel '{missing}' ontbreekt; voeg die toe."
    if v == "type":
        names = {"string": "tekst", "object": "blok met sleutels", "array": "lijst",
                 "integer": "geheel getal", "number": "getal", "boolean": "ja/nee (true/false)",
                 "null": "leeg"}
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        found = {bool: "ja/nee (YAML leest true/false/yes/no/on/off zo)", int: "een getal",
                 float: "een getal"}.get(type(err.instance),
                                         type(err.instance).__name__ if err.instance is not None
                                         else "niets")
        hint = ""
        if "string" in want and isinstance(err.instance, (bool, int, float)):
            hint = (" Bedoelt u tekst? Zet het tussen aanhalingstekens, bijvoorbeeld \"nee\" of "
                    "\"1.10\" (zonder aanhalingstekens leest YAML het als ja/nee of getal).")
        return (f"{where}: verwacht {' of '.join(names.get(w, w) for w in want)}, maar gevonden "
                f"{found}.{hint}")
    if v == "enum":
        return (f"{where}: '{err.instance}' is geen geldige waarde; kies uit: "
                f"{', '.join(map(str, err.validator_value))}.")
    if v == "pattern":
        hint = err.schema.get("description", f"het patroon {err.validator_value}")
        return f"{where}: '{err.instance}' heeft niet de juiste vorm ({hint})."
    if v == "minLength":
        return f"{where}: tekst is leeg; vul een tekst in."
    if v == "minItems":
        return f"{where}: lijst heeft te weinig elementen (minimaal {err.validator_value})."
    if v == "format":
        return f"{where}: '{err.instance}' is geen geldige {err.validator_value}."
    return f"{where}: {err.message}"


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    """One validator per schema (it resolves its references once, not on every file)."""
    return jsonschema.Draft202012Validator(schema(name))


def validate(data: Any, schema_name: str, path: str) -> list[Problem]:
    """Validate loaded data against a shipped schema; one Problem per error, with its line."""
    validator = _validator(schema_name)
    problems = []
    for err in validator.iter_errors(_plain(data)):
        line = line_at(data, list(err.absolute_path))
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            node = data
            for step in err.absolute_path:
                node = node[step]
            if extra and hasattr(node, "line_of"):
                line = node.line_of(extra[0])
        problems.append(Problem(path, line, _message(err)))
    return sorted(set(problems))


def name_by_id(problems: list[Problem], data: Any, key: str, what: str) -> list[Problem]:
    """Put the entry's id in front of a schema message about `key[n]...`:
    'items[3].tekst: ...' -> "item 'x': items[3].tekst: ...". Entries without a text id stay as
    they are."""
    where = re.compile(rf"^{re.escape(key)}\[(\d+)\]")
    entries = data.get(key) if isinstance(data, dict) else None
    out = []
    for p in problems:
        m = where.match(p.message)
        if m and isinstance(entries, list) and int(m.group(1)) - 1 < len(entries):
            entry = entries[int(m.group(1)) - 1]
            ident = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(ident, str):
                p = Problem(p.path, p.line, f"{what} '{ident}': {p.message}", p.severity)
        out.append(p)
    return out


def load_valid(file: Path, root: Path, schema_name: str) -> tuple[Any, str]:
    """Read a YAML data file (shared, read-only) and validate it against `schema_name`.

    Returns the data and the path as shown to editors; raises DataError with every schema
    problem, so callers only do the checks the schema cannot express.
    """
    shown = display_path(file, root)
    data = load_shared(file, root)
    problems = validate(data, schema_name, shown)
    if problems:
        raise DataError(problems)
    return data, shown

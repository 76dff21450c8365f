"""Stale English in YAML texts: every `{nl: …, en: …}` text under data/ and checklists/.

Pages record the Dutch text they translate in `vertaald_van`; YAML texts have too many small
texts for that, so one ledger, `data/vertaald.json` (written by `make vertaald PAD=file.yml` and
by `make release`, never by hand), records per file and text the hash of the Dutch and of the
English text when the English was last confirmed:

    {"checklists/vertrek.yml": {"punten/laptop/tekst": {"nl": "1a2b…", "en": "3c4d…"}}}

A text is addressed by its keys, with the `id` (or, for timeline events, the `datum`) of a list
item instead of its position, so reordering or inserting items does not invalidate the ledger. The check:
- Dutch changed since the ledger → error at the Dutch line: update the English and run
  `make vertaald PAD=file`;
- a text not in the ledger → open point (new text, not yet confirmed as translated).
`stamp_yaml` refuses a text whose Dutch changed while its English did not, unless a reason is
given (stored with the text as "reden").
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.langs import LANGUAGES, SOURCE, TRANSLATIONS
from handreiking.core.project import yaml_files
from handreiking.core.yamlload import LineDict, LineList, load_shared
from handreiking.i18n import t

LEDGER = "data/vertaald.json"
# What names a list item in the ledger, in order: its `id`, else its `datum` (timeline events have
# unique dates), else its position. So inserting an event does not make every later one stale.
_ITEM_KEYS = ("id", "datum")
LANGS = set(LANGUAGES)


def _translated(lang_words: str = "tekst") -> str:
    """'Engelse tekst (en:)' for every translation, for the editors' messages."""
    return " en ".join(f"{t(lang, 'language.adjective')} {lang_words} ({lang}:)"
                       for lang in TRANSLATIONS)


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def texts(data) -> list[tuple[str, LineDict]]:
    """(key path, {nl, en} mapping) of every bilingual text in loaded YAML."""
    out: list[tuple[str, LineDict]] = []

    def walk(node, path: list[str]) -> None:
        if isinstance(node, LineDict):
            if LANGS <= set(node) and all(isinstance(node[k], str) for k in LANGS):
                out.append(("/".join(path), node))
                return
            for key, value in node.items():
                walk(value, path + [str(key)])
        elif isinstance(node, LineList):
            for index, value in enumerate(node):
                name = str(index)
                if isinstance(value, LineDict):
                    for field in _ITEM_KEYS:
                        if isinstance(value.get(field), (str, int, _dt.date)):
                            name = str(value[field]) if field == "id" \
                                else f"{field}={value[field]}"
                            break
                walk(value, path + [name])

    walk(data, [])
    return out


def _files(root: Path) -> list[Path]:
    return [f for f in yaml_files(root)]


def load_ledger(root: Path) -> dict:
    file = Path(root) / LEDGER
    if not file.is_file():
        return {}
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except ValueError:
        raise DataError(Problem(LEDGER, 1, "dit bestand is beschadigd; maak het opnieuw met "
                                "'make vertaald PAD=…' voor elk YAML-bestand.")) from None


def _write_ledger(root: Path, ledger: dict) -> None:
    """One line per text, files and texts sorted: small, stable diffs."""
    rows = []
    for name, entries in sorted(ledger.items()):
        if not entries:
            continue
        inner = ",\n".join(f"  {json.dumps(key, ensure_ascii=False)}: "
                           f"{json.dumps(value, ensure_ascii=False, sort_keys=True)}"
                           for key, value in sorted(entries.items()))
        rows.append(f" {json.dumps(name, ensure_ascii=False)}: {{\n{inner}\n }}")
    (Path(root) / LEDGER).write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")


def _load(root: Path, file: Path):
    try:
        return load_shared(file, root)
    except DataError:
        return None  # its own check says why


def check(root: Path) -> list[Problem]:
    root = Path(root)
    if not (root / LEDGER).is_file():
        return []  # a project without the ledger (an old commit) has nothing to compare
    ledger = load_ledger(root)
    problems = []
    for file in _files(root):
        data = _load(root, file)
        if data is None:
            continue
        shown = display_path(file, root)
        recorded = ledger.get(shown, {})
        for path, node in texts(data):
            entry = recorded.get(path)
            line = node.line_of(SOURCE)
            if entry is None:
                problems.append(Problem(shown, line, "open punt: nieuwe tekst, nog niet als "
                                        "vertaald gemarkeerd; controleer de Engelse tekst en "
                                        f"draai 'make vertaald PAD={shown}'.", "open"))
            elif entry.get(SOURCE) != text_hash(node[SOURCE]):
                problems.append(Problem(shown, line, f"de {t(SOURCE, 'language.adjective')} "
                                        "tekst is gewijzigd sinds de vertaling; werk de "
                                        f"{_translated()} bij en draai "
                                        f"'make vertaald PAD={shown}'."))
    return problems


def stamp_yaml(root: Path, path: str, reason: str | None = None, force: bool = False) -> str:
    """Record every text of one YAML file as translated; see the module docstring."""
    root = Path(root)
    file = (root / path) if not Path(path).is_absolute() else Path(path)
    if not file.is_file():
        raise DataError(Problem(str(path), 1, "bestand niet gevonden; geef een YAML-bestand als "
                                "checklists/vertrek.yml of data/regels/chat.yml."))
    shown = display_path(file, root)
    data = load_shared(file, root)
    ledger = load_ledger(root)
    old = ledger.get(shown, {})
    new, refused = {}, []
    for key, node in texts(data):
        entry = {lang: text_hash(node[lang]) for lang in LANGUAGES}
        before = old.get(key)
        unchanged = [lang for lang in TRANSLATIONS if before and before.get(lang) == entry[lang]]
        if before and before.get(SOURCE) != entry[SOURCE] and unchanged:
            if not reason and not force:
                refused += [Problem(shown, node.line_of(lang), f"de "
                                    f"{t(lang, 'language.adjective')} tekst is niet veranderd "
                                    f"sinds de {t(SOURCE, 'language.adjective')} veranderde; werk "
                                    "haar bij, of leg vast waarom dat niet nodig is: make "
                                    f"vertaald PAD={shown} REDEN=\"alleen een tikfout in "
                                    f"{t(SOURCE, 'language.name')}\".") for lang in unchanged]
                continue
            if reason:
                entry["reden"] = " ".join(reason.split())
        elif before and before.get("reden") and before.get(SOURCE) == entry[SOURCE]:
            entry["reden"] = before["reden"]
        new[key] = entry
    if refused:
        raise DataError(refused)
    ledger[shown] = new
    _write_ledger(root, ledger)
    return f"{shown}: {len(new)} tekst(en) gemarkeerd als vertaald."


def refresh_all(root: Path) -> bool:
    """Record every YAML text as translated (used by `make release` after a clean check, when
    no text can be stale); return True when the ledger changed."""
    root = Path(root)
    before = (root / LEDGER).read_text(encoding="utf-8") if (root / LEDGER).is_file() else ""
    ledger = load_ledger(root)
    for file in _files(root):
        data = _load(root, file)
        if data is None:
            continue
        shown = display_path(file, root)
        old = ledger.get(shown, {})
        entries = {}
        for key, node in texts(data):
            entry = {lang: text_hash(node[lang]) for lang in LANGUAGES}
            if old.get(key, {}).get("reden") and old[key].get(SOURCE) == entry[SOURCE]:
                entry["reden"] = old[key]["reden"]
            entries[key] = entry
        ledger[shown] = entries
    _write_ledger(root, ledger)
    return (root / LEDGER).read_text(encoding="utf-8") != before

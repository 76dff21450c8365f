"""One catalogue per language (`i18n/<code>.yml`) for every user-interface string: Python
templates, PDFs, downloads, CSV headers and the strings the scripts get.

`t(lang, "checklists.widget.who")` gives one string; `section(lang, "trees")` a mapping of a
whole section; `per_language(key)` a `{lang: text}` dict. A key missing in a catalogue raises a
`DataError` naming the catalogue file, line and key, never a silent fallback to another
language. `check()` (run by `handreiking check`) compares every catalogue with the source
catalogue: missing and unknown keys are errors.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core.errors import DataError, Problem
from handreiking.core.langs import CATALOGUES, LANGUAGES, SOURCE
from handreiking.core.yamlload import LineDict, load


def shown_path(lang: str, folder: Path = CATALOGUES) -> str:
    """How messages name a catalogue: 'hooks/handreiking/i18n/en.yml'."""
    file = Path(folder) / f"{lang}.yml"
    return f"hooks/handreiking/i18n/{lang}.yml" if Path(folder) == CATALOGUES else str(file)


@lru_cache(maxsize=16)
def _catalogue(lang: str, folder: Path) -> LineDict:
    file = Path(folder) / f"{lang}.yml"
    if not file.is_file():
        raise DataError(Problem(shown_path(lang, folder), 1, f"de catalogus voor taal '{lang}' "
                                f"ontbreekt; kopieer {SOURCE}.yml naar {lang}.yml en vertaal "
                                "elke tekst."))
    data = load(file)
    if not isinstance(data, dict):
        raise DataError(Problem(shown_path(lang, folder), 1, "de catalogus moet uit sleutels "
                                "met teksten bestaan."))
    return data


class Strings(Mapping):
    """One section of a catalogue; a missing key is a DataError naming file, line and key."""

    def __init__(self, lang: str, path: str, data: LineDict, folder: Path = CATALOGUES):
        self.lang, self.path, self._data, self._folder = lang, path, data, folder

    def __getitem__(self, key: str) -> Any:
        if key not in self._data:
            full = f"{self.path}.{key}" if self.path else key
            raise DataError(Problem(shown_path(self.lang, self._folder), self._data.line,
                                    f"sleutel '{full}' ontbreekt in de catalogus; vertaal de "
                                    f"tekst uit {SOURCE}.yml en voeg haar hier toe."))
        value = self._data[key]
        if isinstance(value, dict):
            return Strings(self.lang, f"{self.path}.{key}" if self.path else key, value,
                           self._folder)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def section(lang: str, path: str = "", folder: Path = CATALOGUES) -> Strings:
    """The catalogue section `path` ('checklists.widget') of `lang` ('' = the whole catalogue)."""
    strings = Strings(lang, "", _catalogue(lang, Path(folder)), Path(folder))
    for part in path.split(".") if path else ():
        strings = strings[part]
    return strings


def t(lang: str, key: str, folder: Path = CATALOGUES) -> Any:
    """One value of the catalogue of `lang`, by its dotted key."""
    path, _, last = key.rpartition(".")
    return section(lang, path, folder)[last]


def per_language(key: str) -> dict[str, Any]:
    """{lang: value} of one key, for every language."""
    return {lang: t(lang, key) for lang in LANGUAGES}


def by_language(path: str) -> dict[str, Strings]:
    """{lang: section} of one section, for every language."""
    return {lang: section(lang, path) for lang in LANGUAGES}


def _leaves(data: Any, prefix: str = "") -> dict[str, int]:
    """Dotted key -> line of every value that is not a section."""
    out: dict[str, int] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_leaves(value, full + "."))
        else:
            out[full] = data.line_of(key)
    return out


def problems(folder: Path = CATALOGUES, langs: tuple[str, ...] | None = None) -> list[Problem]:
    """Every key the source catalogue has and another lacks, and the other way round."""
    folder = Path(folder)
    out: list[Problem] = []
    try:
        source = _leaves(_catalogue(SOURCE, folder))
    except DataError as exc:
        return list(exc.problems)
    for lang in langs or LANGUAGES:
        if lang == SOURCE:
            continue
        try:
            keys = _leaves(_catalogue(lang, folder))
        except DataError as exc:
            out += exc.problems
            continue
        shown = shown_path(lang, folder)
        for key in source.keys() - keys.keys():
            out.append(Problem(shown, 1, f"sleutel '{key}' ontbreekt; vertaal de tekst uit "
                                         f"{SOURCE}.yml (regel {source[key]}) en voeg haar toe."))
        for key in keys.keys() - source.keys():
            out.append(Problem(shown, keys[key], f"sleutel '{key}' staat niet in {SOURCE}.yml; "
                                                 "verwijder haar of voeg haar daar ook toe."))
    return sorted(out)


def check(root: Path) -> list[Problem]:
    """`handreiking check`: the catalogues of the package agree with the source catalogue."""
    return problems()

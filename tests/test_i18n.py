"""One catalogue per language (hooks/handreiking/i18n/): every language has every key, a missing
key is an error naming file, line and key, and a third language is a catalogue plus content."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from handreiking import i18n
from handreiking.core.errors import DataError
from handreiking.core.langs import CATALOGUES, LANGUAGES, SOURCE, languages
from handreiking.core.schema import per_language, schema
from handreiking.i18n.coverage import missing_texts

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BASE = ROOT / "tests" / "corpus" / "base"


def test_every_language_has_every_key():
    assert LANGUAGES[0] == SOURCE and len(LANGUAGES) >= 2
    assert i18n.problems() == []


def test_a_missing_key_names_file_line_and_key():
    with pytest.raises(DataError) as info:
        i18n.section(LANGUAGES[1], "trees")["bestaat-niet"]
    message = str(info.value)
    assert re.match(rf"hooks/handreiking/i18n/{LANGUAGES[1]}\.yml:\d+: ", message), message
    assert "'trees.bestaat-niet'" in message
    with pytest.raises(DataError):
        i18n.t(SOURCE, "fragments.bestaat-niet")


def test_a_missing_section_is_an_error_too():
    with pytest.raises(DataError) as info:
        i18n.section(SOURCE, "geen.sectie")
    assert "'geen'" in str(info.value)


def _catalogue_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    folder.mkdir()
    for file in CATALOGUES.glob("*.yml"):
        shutil.copy(file, folder / file.name)
    return folder


def _drop_keys(text: str, keys: list[str]) -> str:
    """Remove the lines of some leaf keys ('section.key') from a catalogue text."""
    for key in keys:
        *path, leaf = key.split(".")
        indent = "  " * len(path)
        text, n = re.subn(rf"(?m)^{indent}{re.escape(leaf)}: .*\n(?:{indent}  .*\n)*", "", text,
                          count=1)
        assert n == 1, key
    return text


def test_a_third_language_reports_exactly_its_missing_keys(tmp_path):
    folder = _catalogue_copy(tmp_path)
    missing = ["fragments.contact_intro", "trees.restart", "checklists.widget.who"]
    english = (folder / f"{LANGUAGES[1]}.yml").read_text(encoding="utf-8")
    (folder / "de.yml").write_text(_drop_keys(english, missing), encoding="utf-8")
    assert languages(folder)[0] == SOURCE and set(languages(folder)) == {*LANGUAGES, "de"}
    problems = i18n.problems(folder, languages(folder))
    assert sorted(re.search(r"sleutel '([^']+)'", p.message).group(1) for p in problems) == \
        sorted(missing)
    assert {p.path for p in problems} == {str(folder / "de.yml")}
    # a key the source does not have is reported too, at its line
    (folder / "de.yml").write_text(english + "extra: tekst\n", encoding="utf-8")
    i18n._catalogue.cache_clear()
    [extra] = i18n.problems(folder, languages(folder))
    assert "'extra'" in extra.message and extra.line == english.count("\n") + 1


def test_a_third_language_reports_per_content_file_the_missing_texts(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(CORPUS_BASE, root)
    counts = missing_texts(root, "de")
    # The same count found another way: the source-language lines of the YAML language blocks.
    for file in sorted((root / "data").rglob("*.yml")) + sorted((root / "checklists").rglob("*.yml")):
        shown = file.relative_to(root).as_posix()
        text = file.read_text(encoding="utf-8")
        expected = len(re.findall(rf"(?m)^\s*(?:- )?{SOURCE}:|\{{{SOURCE}: ", text))
        assert counts.get(shown, 0) == expected, shown
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "docs").glob("*.md")
                   if p.name.count(".") == 1)
    assert [k for k in counts if k.startswith("docs/")] == pages
    # Translating one text makes its file count one less.
    glossary = root / "data" / "begrippen.yml"
    before = counts["data/begrippen.yml"]
    text = glossary.read_text(encoding="utf-8")
    line = re.search(rf"(?m)^(\s*){SOURCE}: (.*)$", text)
    glossary.write_text(text[:line.end()] + f"\n{line.group(1)}de: {line.group(2)}"
                        + text[line.end():], encoding="utf-8")
    assert missing_texts(root, "de")["data/begrippen.yml"] == before - 1
    assert missing_texts(root, LANGUAGES[1]) == {}


def test_schemas_take_their_language_keys_from_the_language_list():
    raw = (ROOT / "hooks" / "handreiking" / "schemas" / "site.json").read_text(encoding="utf-8")
    assert schema("site") == per_language(json.loads(raw))
    three = per_language(json.loads(raw), (*LANGUAGES, "de"))
    publisher = three["properties"]["uitgever"]
    assert publisher["required"] == [*LANGUAGES, "de"]
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.validate({lang: "x" for lang in LANGUAGES}, publisher)
    assert "'de' is a required property" in str(info.value)
    assert not any(f'"{lang}"' in raw for lang in LANGUAGES)

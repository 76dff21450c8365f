"""The shared YAML loader: every editor mistake becomes `path:line: Dutch message`."""
from __future__ import annotations

import pytest

from handreiking.core.errors import DataError
from handreiking.core.yamlload import LineDict, line_at, load, loads


def problem(text: str) -> str:
    with pytest.raises(DataError) as info:
        loads(text, "x.yml")
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_lines_are_tracked():
    data = loads("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n", "x.yml")
    assert isinstance(data, LineDict)
    assert data.line_of("b") == 2
    assert line_at(data, ["b", 1, "z"]) == 5
    assert line_at(data, ["b", 0]) == 3


@pytest.mark.parametrize("text, line, fragment", [
    ("a: &x 1\nb: *x\n", 1, "anker '&x'"),
    ("a:\n  b: 1\n  c: *y\n", 3, "YAML-alias"),
    ("a: 1\nb: 2\na: 3\n", 3, "sleutel 'a' staat twee keer"),
    ("a:\n\t- b\n", 2, "tab-teken"),
    ("a: b: c\n", 1, "onverwachte ':'"),
    ("a:\n  - b\n c: 1\n", 3, ""),
    ("", 1, "het bestand is leeg"),
    ("a: !!python/object:os.system x\n", 1, ""),
])
def test_bad_yaml_is_reported_with_line(text, line, fragment):
    msg = problem(text)
    assert msg.startswith(f"x.yml:{line}: "), msg
    assert fragment in msg


def test_alias_bomb_is_refused_before_expansion():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + "".join(
        f"d{i}: &d{i} [*c, *c]\n" for i in range(30))
    assert "anker" in problem(bomb)


def test_non_utf8_file_names_the_line(tmp_path):
    f = tmp_path / "latin.yml"
    f.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as info:
        load(f, tmp_path)
    assert str(info.value.problems[0]).startswith("latin.yml:2: het bestand is niet in UTF-8")


def test_huge_file_is_refused(tmp_path):
    f = tmp_path / "big.yml"
    f.write_text("a: '" + "x" * 1_100_000 + "'\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(f, tmp_path)
    assert "te groot" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(DataError) as info:
        load(tmp_path / "weg.yml", tmp_path)
    assert str(info.value).startswith("weg.yml:1: bestand niet gevonden")

"""Every command the editors' pages, the README and the catalogues tell someone to run works as
written on a fresh clone (issue 15): `make ...` or `./handreiking ...`, never a bare
`handreiking <subcommand>` (not on PATH without activating the venv)."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from handreiking import cli

ROOT = Path(__file__).resolve().parent.parent


def _subcommands() -> list[str]:
    """The CLI's subcommands, read from its parser (a new one is covered without editing here)."""
    names: list[str] = []
    original = argparse._SubParsersAction.add_parser

    def spy(self, name, **kwargs):
        names.append(name)
        return original(self, name, **kwargs)

    argparse._SubParsersAction.add_parser = spy
    try:
        try:
            cli.main(["--help"])
        except SystemExit:
            pass
    finally:
        argparse._SubParsersAction.add_parser = original
    return names


SUBCOMMANDS = _subcommands()
# `handreiking <sub>` not preceded by a path (./, .venv/bin/, .venv\Scripts\), a module run
# (`python -m handreiking`) or part of a longer word.
BARE = re.compile(r"(?<![\w./\\-])(?<!-m )handreiking (" + "|".join(map(re.escape, SUBCOMMANDS))
                  + r")\b")


def _files() -> list[Path]:
    files = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
    files += sorted((ROOT / "hooks" / "handreiking" / "i18n").glob("*.yml"))
    return files


def test_the_parser_spy_sees_the_subcommands():
    assert {"check", "vertaald", "release", "publish"} <= set(SUBCOMMANDS)


def test_the_pattern_finds_a_bare_command_and_spares_the_working_ones():
    assert BARE.search("draai `handreiking check --open` opnieuw")
    assert BARE.search("handreiking vertaald docs/x.en.md")
    for ok in ("./handreiking check", ".venv/bin/handreiking check", "python -m handreiking check",
               r".venv\Scripts\handreiking check", "make open", "de handreiking voor bewindspersonen"):
        assert not BARE.search(ok), ok


@pytest.mark.parametrize("file", _files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_bare_handreiking_command(file):
    found = [f"{file.relative_to(ROOT).as_posix()}:{n}: {line.strip()}"
             for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
             if BARE.search(line)]
    assert found == [], "schrijf 'make ...' of './handreiking ...':\n" + "\n".join(found)

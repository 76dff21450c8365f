"""Computed translation bookkeeping (issue 15): stale English in YAML texts is found, and a
'vertaald' stamp is refused when the English did not change since the Dutch did, unless the
editor records why. Works on a git copy of the project in tmp_path."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from handreiking.checks.registry import run_checks
from handreiking.cli import main
from handreiking.content.yaml_translations import LEDGER, stamp_yaml, texts
from handreiking.core.errors import DataError
from handreiking.core.yamlload import load_shared

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public", "site-redactie")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture()
def repo(tmp_path) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    from handreiking.content.yaml_translations import refresh_all
    refresh_all(dest)  # the copy starts with every text confirmed
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "start")
    return dest


def _first_checklist_text(repo: Path) -> tuple[Path, str, object]:
    for file in sorted((repo / "checklists").glob("*.yml")):
        found = texts(load_shared(file, repo))
        if found:
            return file, found[0][0], found[0][1]
    pytest.skip("no checklist texts")


def _replace_line(file: Path, line: int, old: str, new: str) -> None:
    rows = file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in rows[line - 1], rows[line - 1]
    rows[line - 1] = rows[line - 1].replace(old, new, 1)
    file.write_text("".join(rows), encoding="utf-8")


def _errors(repo: Path) -> list[str]:
    return [str(p) for p in run_checks(repo) if p.severity == "fout"]


def test_changed_dutch_yaml_text_is_reported_until_the_english_follows(repo):
    file, key, node = _first_checklist_text(repo)
    shown = file.relative_to(repo).as_posix()
    assert _errors(repo) == []
    word = node["nl"].split()[0]
    _replace_line(file, node.line_of("nl"), word, word + "x")
    errors = _errors(repo)
    assert errors == [f"{shown}:{node.line_of('nl')}: de Nederlandse tekst is gewijzigd sinds de "
                      f"vertaling; werk de Engelse tekst (en:) bij en draai 'make vertaald "
                      f"PAD={shown}'."]
    # Stamping without touching the English is refused, with the line of the English text ...
    with pytest.raises(DataError) as refused:
        stamp_yaml(repo, shown)
    assert f"{shown}:{node.line_of('en')}: de Engelse tekst is niet veranderd" in str(refused.value)
    assert _errors(repo) == errors
    # ... unless the editor says why; the reason is kept in the ledger.
    stamp_yaml(repo, shown, reason="alleen een tikfout in het Nederlands")
    assert _errors(repo) == []
    assert "alleen een tikfout in het Nederlands" in (repo / LEDGER).read_text(encoding="utf-8")
    # Dutch and English changed together: the stamp is accepted.
    word = node["en"].split()[0]
    _replace_line(file, node.line_of("nl"), node["nl"].split()[1], node["nl"].split()[1] + "y")
    _replace_line(file, node.line_of("en"), word, word + "z")
    assert len(_errors(repo)) == 1
    assert main(["vertaald", "--root", str(repo), shown]) == 0
    assert _errors(repo) == []


def _page_pair(repo: Path) -> tuple[Path, Path]:
    for dutch in sorted((repo / "docs").rglob("*.md")):
        if dutch.name.endswith(".en.md") or "redactie" in dutch.parts:
            continue
        english = dutch.with_name(dutch.name[:-3] + ".en.md")
        if english.is_file() and "vertaald_van:" in english.read_text(encoding="utf-8"):
            return dutch, english
    pytest.skip("no stamped page")


def test_page_stamp_refused_when_the_english_did_not_change(repo, capsys):
    dutch, english = _page_pair(repo)
    rel = english.relative_to(repo).as_posix()
    dutch.write_text(dutch.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    assert any("de Nederlandse bron is gewijzigd sinds de vertaling" in e for e in _errors(repo))
    assert main(["vertaald", "--root", str(repo), rel]) == 1
    err = capsys.readouterr().err
    assert f"{rel}:1: de Engelse tekst is niet veranderd sinds de Nederlandse veranderde" in err
    assert f"make vertaald PAD={rel} REDEN=" in err
    # With a reason the stamp is set and the reason recorded in the page's front matter.
    assert main(["vertaald", "--root", str(repo), "--reden", "alleen opmaak", rel]) == 0
    assert 'vertaald_reden: "alleen opmaak"' in english.read_text(encoding="utf-8")
    assert _errors(repo) == []
    # After a real update of the English text the stamp needs no reason, and the old one goes.
    _git(repo, "commit", "-q", "-am", "stamp")
    dutch.write_text(dutch.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                       encoding="utf-8")
    assert main(["vertaald", "--root", str(repo), rel]) == 0
    assert "vertaald_reden" not in english.read_text(encoding="utf-8")
    assert re.search(r"^vertaald_van: [0-9a-f]{12}$", english.read_text(encoding="utf-8"), re.M)


def test_inserting_a_timeline_event_leaves_the_later_events_translated(repo):
    """Timeline events have no id: the ledger names them by date, so a new event in the middle is
    one open point (not yet confirmed as translated), not an error on every later event."""
    file = repo / "data" / "tijdlijn.yml"
    data = load_shared(file, repo)
    events = data["tijdlijn"]
    assert len(events) > 2 and _errors(repo) == []
    first = events[0]
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = first.line_of("datum") - 1
    new = ("  - datum: 1996-01-02\n"
           "    tekst:\n"
           "      nl: \"Een nieuwe gebeurtenis.\"\n"
           "      en: \"A new event.\"\n"
           "    bron:\n"
           "      nl: \"Archiefwet 1995\"\n"
           "      en: \"Public Records Act 1995\"\n")
    end = events[1].line_of("datum") - 1
    lines[end:end] = [new]
    file.write_text("".join(lines), encoding="utf-8")
    assert start < end
    assert _errors(repo) == []
    open_points = [str(p) for p in run_checks(repo)
                   if p.severity != "fout" and p.path == "data/tijdlijn.yml"]
    assert len(open_points) == 2, open_points   # the new event's text and source line

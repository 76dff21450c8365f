"""Limits for pathological input (issue 14): refused with a Dutch `path:line` message before
any recursive or backtracking code sees it, and the check's time stays linear below the limits
(4x the input takes at most 5x the time), one test per limit class.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from handreiking.checks.registry import run_checks
from handreiking.core import limits
from handreiking.core.yamlload import MAX_DEPTH, loads

HERE = Path(__file__).resolve().parent
BASE = HERE / "corpus" / "base"
HEAD = "---\nherzien: 2024-05-17\nvertaald_van: a5de29244957\n---\n\n# Rules\n\n"
TAIL = "\n\n## Keeping {#bewaren}\n\nKeep business messages.\n"


def _project(tmp_path: Path, body: str, name: str = "p") -> Path:
    root = tmp_path / name
    if not root.exists():
        shutil.copytree(BASE, root)
    (root / "docs" / "regels.en.md").write_text(HEAD + body + TAIL, encoding="utf-8")
    return root


def _errors(root: Path) -> list[str]:
    return [str(p) for p in run_checks(root) if p.severity == "fout"]


# ---------------------------------------------------------------- refused, with path:line

OVER = {
    "size": ("Een zin.\n" * (limits.MAX_PAGE_BYTES // 9 + 1),
             "docs/regels.en.md:1: de pagina is te groot"),
    "line length": ("# Kop" + " " * (limits.MAX_LINE + 1) + "x\n",
                    "docs/regels.en.md:8: deze regel is te lang"),
    "indent": ("- a\n" + " " * (limits.MAX_INDENT + 2) + "- b\n",
               "docs/regels.en.md:9: deze regel springt te ver in"),
    "nesting": ("- " * (limits.MAX_NESTING + 1) + "x\n",
                f"docs/regels.en.md:8: hier openen {limits.MAX_NESTING + 1} lijsten of citaten"),
    "html depth": ("<div markdown>\n" * (limits.MAX_HTML_DEPTH + 1) + "x\n",
                   f"docs/regels.en.md:{8 + limits.MAX_HTML_DEPTH}: hier staan meer dan "),
    "emphasis": ("*a " * (limits.MAX_EMPHASIS + 1) + "x\n",
                 "docs/regels.en.md:8: deze regel heeft te veel '*' of '_'"),
    "open comment": ("Tekst <!-- zonder einde\n", "docs/regels.en.md:8: dit HTML-commentaar"),
}


@pytest.mark.parametrize("kind", sorted(OVER))
def test_over_the_limit_is_refused_with_its_line(kind, tmp_path):
    body, expected = OVER[kind]
    errors = [e for e in _errors(_project(tmp_path, body)) if e.startswith("docs/regels.en.md")]
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_yaml_nesting_is_refused_before_the_composer_recurses():
    text = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    with pytest.raises(Exception) as info:
        loads(text, "data/x.yml")
    assert "dieper genest" in str(info.value)


# ---------------------------------------------------------------- linear below the limits

def _seconds(tmp_path: Path, body: str, name: str) -> float:
    root = _project(tmp_path, body, name)
    best = float("inf")
    for _ in range(5):
        (root / "docs" / "regels.en.md").touch()   # a new stamp: no cached result
        started = time.process_time()              # CPU time: other jobs on the machine count less
        run_checks(root)
        best = min(best, time.process_time() - started)
    return best


def _linear(tmp_path: Path, unit: str, count: int) -> None:
    base = _seconds(tmp_path, "Start.\n\n", "empty")
    small = _seconds(tmp_path, unit * count, "small") - base
    large = _seconds(tmp_path, unit * (4 * count), "large") - base
    assert large <= 5 * max(small, 0.04), (small, large)


# One repeated unit per limit class, each as close to its limit as a page allows, repeated until
# the page is near MAX_PAGE_BYTES / 4 (then 4x stays below the size limit).
LINEAR = {
    "size": ("Een gewone zin met een [link](regels.md#bewaren) en `code`.\n\n", 700),
    "line length": ("# Kop" + " " * 4000 + "x\n\n" + "[a " * 300 + "\n\n", 4),
    "depth": ("".join("  " * i + "- x\n" for i in range(limits.MAX_INDENT // 2)) + "\n", 50),
    "nodes": ("<div markdown>\n" * 10 + "x *y* [z](#bewaren)\n" + "</div>\n" * 10 + "\n", 100),
    "comments": ("<!-- a <!-- b --!> c `d\n\n", 1000),
}


@pytest.mark.parametrize("kind", sorted(LINEAR))
def test_check_time_is_linear(kind, tmp_path):
    unit, count = LINEAR[kind]
    assert len((unit * 4 * count).encode()) < limits.MAX_PAGE_BYTES
    _linear(tmp_path, unit, count)

"""Nothing outside the project is read (issue 14): symbolic links to outside the project and
hard links under docs/, data/ and checklists/ are refused with `path:1` by `handreiking check`
and by the build (the content hook's on_config, so `make serve` too)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from handreiking.cli import main

HERE = Path(__file__).resolve().parent
BASE = HERE / "corpus" / "base"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.md").write_text("# Geheim\n", encoding="utf-8")
    (outside / "geheim.yml").write_text("a: b\n", encoding="utf-8")
    os.symlink(outside / "geheim.md", root / "docs" / "geheim.md")
    os.symlink(outside, root / "checklists" / "map")
    os.link(outside / "geheim.yml", root / "data" / "hard.yml")
    return root


EXPECTED = [
    "checklists/map:1: dit is een snelkoppeling (symbolische link) naar iets buiten het project",
    "data/hard.yml:1: dit bestand is een harde link",
    "docs/geheim.md:1: dit is een snelkoppeling (symbolische link) naar iets buiten het project",
]


def test_links_to_outside_are_refused_by_the_check(tmp_path, capsys):
    root = _project(tmp_path)
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    rows = [r for r in err.splitlines() if r[:1].isalpha() and ":1: " in r]
    for expected in EXPECTED:
        assert any(r.startswith(expected) for r in rows), err
    assert "Geheim" not in err


def test_links_to_outside_are_refused_by_the_build(tmp_path):
    root = _project(tmp_path)
    (root / "mkdocs.yml").write_text(f"site_name: corpus\nhooks:\n  - {HERE.parent / 'hooks' / 'content.py'}\n",
                                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(tmp_path / "site")], cwd=root, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 1
    for expected in EXPECTED:
        assert expected in result.stderr, result.stderr
    assert not (tmp_path / "site" / "geheim").exists()

"""`handreiking check` / `handreiking build`: Dutch errors with file and line, exit 1, atomic."""
from __future__ import annotations

import re

import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the real project (sources only) to break on purpose."""
    dest = tmp_path / "proj"
    ignore = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def test_check_passes_on_the_real_project(capsys):
    assert main(["check", "--root", str(ROOT)]) == 0
    assert "Geen fouten" in capsys.readouterr().out


def test_version_typo_is_reported_with_file_and_line(project, capsys):
    f = project / "data" / "versions.yml"
    text = f.read_text(encoding="utf-8")
    status = re.search(r"status: (\w+)", text).group(0)  # the first version's, whatever it is
    f.write_text(text.replace(status, "staus" + status[len("status"):], 1), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, row in enumerate(f.read_text().splitlines(), 1) if "staus" in row)
    assert f"data/versions.yml:{line}: versies[1]: onbekende sleutel 'staus'" in err
    assert "Traceback" not in err


def test_bad_date_and_two_current_versions(project, capsys):
    f = project / "data" / "versions.yml"
    one = ('  - id: "{id}"\n    titel:\n      nl: "A"\n      en: "A"\n    in_werking: {day}\n'
           "    status: actueel\n")
    f.write_text("versies:\n" + one.format(id="1999.1", day="1999-03-01")
                 + one.format(id="1999.2", day="1999-02-30"), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "'1999-02-30' is geen bestaande datum" in err
    f.write_text("versies:\n" + one.format(id="1999.1", day="1999-03-01")
                 + one.format(id="1999.2", day="1999-03-02"), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    assert "er mag maar één versie met status 'actueel' zijn" in capsys.readouterr().err


def test_failed_build_keeps_previous_site(project):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")
    f = project / "data" / "versions.yml"
    f.write_text("versies: [\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "handreiking.cli", "build"], cwd=project,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "data/versions.yml:" in run.stderr and "Traceback" not in run.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"


def test_failed_mkdocs_build_keeps_previous_site(project):
    """A mistake only MkDocs sees (a misspelled setting in mkdocs.yml, which `handreiking check`
    does not read): the check passes, MkDocs fails, the previous site stays."""
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_urll: https://example.org/\n",
                      encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 0
    run = subprocess.run([sys.executable, "-m", "handreiking.cli", "build"], cwd=project,
                         capture_output=True, text=True,
                         env=dict(os.environ, HANDREIKING_NO_PDF="1"))
    assert run.returncode == 1
    assert "site_urll" in run.stderr and "De build is mislukt" in run.stderr, run.stderr[-2000:]
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"
    assert not list((project / ".build").glob("site.tmp*"))

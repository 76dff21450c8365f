"""Two builds of the same commit give byte-identical PDFs.

One small product (both languages) is rendered twice through `python -m handreiking.pdf` in
subprocesses, each from an empty cache in its own folder; the second run in another time zone
with the clock moved to 2031 (Debian `faketime`, which also reaches the worker process). Any date
taken from the clock or time zone, any random id or any build path in the output fails this.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from handreiking.core.project import current_version

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "folder-nieuw"


def _build(folder: Path, wrap: list[str], extra_env: dict) -> tuple[dict[str, bytes], str]:
    folder.mkdir()
    env = dict(os.environ, **extra_env)
    env.pop("HANDREIKING_PDF_CACHE", None)
    cmd = wrap + [sys.executable, "-m", "handreiking.pdf", "--root", str(ROOT), "--product",
                  PRODUCT, "--out", str(folder / "out"), "--cache", str(folder / "cache")]
    run = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "cache" not in run.stdout.split("totaal")[0], "expected a cold render:\n" + run.stdout
    return {p.name: p.read_bytes() for p in sorted((folder / "out").glob("*.pdf"))}, run.stdout


def test_two_cold_builds_in_other_folders_time_zone_and_clock_are_identical(tmp_path):
    if shutil.which("faketime") is None:
        pytest.fail("faketime ontbreekt: sudo apt-get install -y faketime (of make sysdeps-test)")
    # One worker renders both languages in turn; then two workers each render one, fresh:
    # a PDF must not depend on what its worker rendered before.
    first, _ = _build(tmp_path / "a", [], {"TZ": "Europe/Amsterdam",
                                           "HANDREIKING_PDF_WORKERS": "1"})
    second, _ = _build(tmp_path / "b-other-folder", ["faketime", "2031-01-01 12:00:00"],
                       {"TZ": "Pacific/Auckland", "HANDREIKING_PDF_WORKERS": "2"})
    assert sorted(first) == [f"{PRODUCT}.en.pdf", f"{PRODUCT}.nl.pdf"]
    assert sorted(second) == sorted(first)
    for name in first:
        assert first[name] == second[name], f"{name} differs between the two builds"
    # The clock really was moved in the second build (else this test proves nothing).
    probe = subprocess.run(["faketime", "2031-01-01 12:00:00", sys.executable, "-c",
                            "import time; print(time.gmtime().tm_year)"],
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "2031"
    # And the dates in the file are the policy version's, not the clock's.
    day = current_version(ROOT).in_force.strftime("%Y%m%d")
    reader = PdfReader(tmp_path / "a" / "out" / f"{PRODUCT}.nl.pdf")
    assert reader.metadata["/CreationDate"].startswith(f"D:{day}")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"2031" not in xmp and str(tmp_path).encode() not in first[f"{PRODUCT}.nl.pdf"]

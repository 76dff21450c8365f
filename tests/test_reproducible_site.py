"""Reproducible builds: the same sources, built twice from empty caches in two different folders,
the second in another time zone with the clock moved to 2031, give byte-identical sites (HTML,
search indexes, sitemap, downloads).

PDFs are switched off here (HANDREIKING_NO_PDF=1): rendering all twelve takes minutes on a
shared 2-core machine, and their reproducibility is proven the same way (two cold renders, other
folder, time zone and clock) in tests/test_pdf_reproducible.py. The two site builds run at the
same time; the test stays well under a minute.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SKIP_DIRS = {".git", ".venv", "node_modules", "site", ".build", ".cache", "public",
             "__pycache__", ".pytest_cache"}


def source_files(root: Path) -> list[str]:
    """The checkout's files as git sees them (tracked plus new, not ignored)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=root, capture_output=True, text=True, check=True).stdout
    files = []
    for rel in filter(None, out.split("\0")):
        if set(Path(rel).parts) & SKIP_DIRS:
            continue
        if (root / rel).is_file():
            files.append(rel)
    return files


def copy_sources(root: Path, target: Path) -> None:
    for rel in source_files(root):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)


def start_build(folder: Path, env_extra: dict[str, str], prefix: list[str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SOURCE_DATE_EPOCH", "HANDREIKING_NO_PDF", "HANDREIKING_SERVE", "TZ")}
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
                "HANDREIKING_NO_PDF": "1",
                # the copy's own domain package, not the checkout's editable install
                "PYTHONPATH": str(folder / "hooks")}, **env_extra)
    cmd = prefix + [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(folder / "site")]
    return subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def tree(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    da, db = a.read_bytes(), b.read_bytes()
    for i, (x, y) in enumerate(zip(da, db)):
        if x != y:
            return f"byte {i}: {da[max(0, i - 60):i + 60]!r} vs {db[max(0, i - 60):i + 60]!r}"
    return f"lengths {len(da)} vs {len(db)}"


def test_two_builds_are_byte_identical(tmp_path):
    if shutil.which("faketime") is None:
        pytest.fail("faketime ontbreekt: sudo apt-get install -y faketime")
    one, two = tmp_path / "build-one", tmp_path / "another-folder" / "build-two"
    copy_sources(ROOT, one)
    copy_sources(ROOT, two)
    first = start_build(one, {"TZ": "Europe/Amsterdam"}, [])
    second = start_build(two, {"TZ": "Pacific/Auckland"},
                         ["faketime", "2031-01-01 12:00:00"])
    out1, _ = first.communicate(timeout=300)
    out2, _ = second.communicate(timeout=300)
    assert first.returncode == 0, out1[-3000:]
    assert second.returncode == 0, out2[-3000:]

    a, b = tree(one / "site"), tree(two / "site")
    assert len(a) > 50 and (one / "site" / "en" / "index.html").is_file()
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    differ = [rel for rel in sorted(set(a) & set(b)) if not filecmp.cmp(a[rel], b[rel], False)]
    report = []
    if only_a or only_b:
        report.append(f"only in first build: {only_a[:20]}; only in second: {only_b[:20]}")
    for rel in differ[:20]:
        report.append(f"{rel}: {first_difference(a[rel], b[rel])}")
    assert not report, f"{len(differ)} file(s) differ:\n" + "\n".join(report)
    # Nothing of the clock, time zone or build folder leaked into the output.
    for rel in ("sitemap.xml", "index.html", "search/search_index.json"):
        if not (two / "site" / rel).exists():
            continue  # no sitemap while data/site.yml has no site_url (tests/test_build.py)
        text = (two / "site" / rel).read_text(encoding="utf-8")
        assert "2031" not in text and str(two) not in text and "another-folder" not in text, rel


def test_sitemap_dates_come_from_the_pages_not_the_clock(tmp_path):
    """pin_sitemap: each <lastmod> is the page's `herzien` date, else the version date; the
    gzip copy carries a fixed timestamp."""
    import gzip as _gzip

    from handreiking.sitewide.output import pin_sitemap
    (tmp_path / "sitemap.xml").write_text(
        "<urlset>\n<url><loc>None./</loc><lastmod>2031-01-01</lastmod></url>\n"
        "<url><loc>Noneover/</loc><lastmod>2031-01-01</lastmod></url>\n"
        "<url><loc>Noneen/over/</loc><lastmod>2031-01-01</lastmod></url>\n</urlset>\n",
        encoding="utf-8")
    count = pin_sitemap(tmp_path, {"over/": "2024-06-01", "": "2024-07-01"}, "2024-05-17", "None")
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert count == 3 and "2031" not in text
    assert "<loc>None./</loc><lastmod>2024-07-01</lastmod>" in text
    assert "<loc>Noneover/</loc><lastmod>2024-06-01</lastmod>" in text
    assert "<loc>Noneen/over/</loc><lastmod>2024-05-17</lastmod>" in text
    packed = (tmp_path / "sitemap.xml.gz").read_bytes()
    assert _gzip.decompress(packed).decode("utf-8") == text
    first = packed
    pin_sitemap(tmp_path, {"over/": "2024-06-01", "": "2024-07-01"}, "2024-05-17", "None")
    assert (tmp_path / "sitemap.xml.gz").read_bytes() == first

"""Editor notes never reach readers (issue 12, item 4).

Every file of the readers' build (HTML, search indexes, sitemap, PDF text, downloads, assets) is
scanned for editor-note markers, for the text of every open point of the project and for links to
the editors' pages; the editors' pages themselves are only in an editors' build.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from handreiking.checks.open_points import open_points

ROOT = Path(__file__).resolve().parent.parent
# Phrases that only editors' notes use (nl and en), and links into the editors' folder.
MARKERS = re.compile(
    r"open punt|open point|\bVERIFY\b|nog niet (?:in een bron )?bevestigd|"
    r"not yet confirmed|feitenkaart|fact map|facts\.md|<!-- open:|redactie/", re.I)
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".mp4"}


def file_text(path: Path) -> str:
    """The readable text of one published file (PDF text via pypdf, gzip unpacked)."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def editor_notes(site: Path, phrases: list[str]) -> list[str]:
    """'file: context' for every marker or open-point phrase found under `site`."""
    hits = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix not in BINARY):
        text = file_text(path)
        flat = " ".join(text.split())
        for m in MARKERS.finditer(text):
            hits.append(f"{path.relative_to(site)}: …{text[max(0, m.start() - 50):m.end() + 30]!r}")
        hits += [f"{path.relative_to(site)}: open punt '{p}'" for p in phrases if p in flat]
    return hits


def open_point_phrases() -> list[str]:
    """The start of every open point's text (long enough to be specific)."""
    out = []
    for point in open_points(ROOT):
        words = point.text.split()
        if len(words) >= 5:
            out.append(" ".join(words[:6]))
    return out


def test_scanner_finds_notes_in_html_json_and_pdf(tmp_path):
    (tmp_path / "a.html").write_text('<p>Zie <a href="../redactie/">redactie</a></p>')
    (tmp_path / "search_index.json").write_text('{"docs":[{"text":"VERIFY dit"}]}')
    (tmp_path / "b.csv").write_text("taak;Aanbeveling; nog niet in een bron bevestigd\n")
    (tmp_path / "c.txt").write_text("de tijden van de scenes zijn voorlopig geschat\n")
    from weasyprint import HTML
    HTML(string="<p>Open punt: adres nog onbekend</p>").write_pdf(tmp_path / "d.pdf")
    hits = editor_notes(tmp_path, ["de tijden van de scenes zijn voorlopig"])
    assert {h.split(":")[0] for h in hits} == {"a.html", "search_index.json", "b.csv", "c.txt",
                                               "d.pdf"}, hits


def test_project_has_open_points_to_look_for():
    assert len(open_point_phrases()) >= 3


def test_no_editor_notes_in_any_published_file(site_dir):
    hits = editor_notes(site_dir, open_point_phrases())
    assert not hits, "redactienotities in de gepubliceerde site:\n" + "\n".join(hits[:40])


def test_editors_pages_only_in_the_editors_build(site_dir, editors_site):
    for lang in ("", "en/"):
        assert not (site_dir / lang / "redactie").exists(), f"{lang}redactie/ gepubliceerd"
        assert (editors_site / lang / "redactie" / "index.html").is_file()
    for index in site_dir.rglob("search_index.json"):
        assert "redactie/" not in index.read_text(encoding="utf-8"), index
    for sitemap in site_dir.rglob("sitemap.xml"):
        assert "redactie/" not in sitemap.read_text(encoding="utf-8"), sitemap
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "redactie" not in home.lower()


@pytest.mark.parametrize("environ, expected", [
    ({}, False), ({"HANDREIKING_SERVE": "1"}, True), ({"HANDREIKING_REDACTIE": "1"}, True)])
def test_editors_build_switch(environ, expected):
    from handreiking.sitewide.editors import editors_build
    assert editors_build(environ) is expected

"""The web baseline of the versioned export (handreiking.publish.web), on a small made-up export:
canonical links to the current version, hreflang, noindex on superseded versions, one sitemap,
robots.txt and security.txt at the root, previews, and the production refusal.

The full scenario (two real releases, `handreiking publish`, the preview and the refusal through
the command line) is in tests/test_release.py; these cases cover what a real site may not have
at the time (a page that the current version dropped, a version built with another address).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from handreiking.core.langs import LANGUAGES, SOURCE, url_prefix
from handreiking.publish import web

ROOT = Path(__file__).resolve().parent.parent
URL = "https://example.test/"
OLD, CURRENT = "oud", "nieuw"  # made-up folder names, not policy versions of the project
OTHER = LANGUAGES[1]


def _page(lang: str, build_url: str | None = None) -> str:
    """A page head as Material writes it, with what a build with a web address adds."""
    extra = ""
    if build_url:
        extra = (f'    <link rel="canonical" href="{build_url}">\n'
                 f'    <link rel="alternate " hreflang="{lang}" href="{build_url}">\n')
    return (f'<!doctype html>\n<html lang="{lang}">\n  <head>\n  <meta charset="utf-8">\n'
            '  <meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f'{extra}  <title>t</title>\n  </head>\n<body><p>x</p></body>\n</html>\n')


def _write(folder: Path, rel: str, text: str) -> None:
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(text, encoding="utf-8")


@pytest.fixture()
def export(tmp_path) -> Path:
    """Two versions and the 'actueel' copy; the old version has a page the current one dropped;
    the current version was built with another address (its own canonical links, sitemap,
    robots.txt and security.txt inside its folder)."""
    folder = tmp_path / "public"
    for name in (OLD, CURRENT, web.ALIAS):
        built = f"https://elders.test/{CURRENT}/" if name != OLD else None
        for lang in LANGUAGES:
            for path in ("", "over/") + (("vervallen/",) if name == OLD else ()):
                rel = url_prefix(lang) + path
                _write(folder / name, rel + "index.html", _page(lang, built and built + rel))
        _write(folder / name, "wijzigingen/index.html",
               '<html><head><link rel="canonical" href="../over/">'
               '<meta http-equiv="refresh" content="0; url=../over/"></head></html>')
        _write(folder / name, "404.html", _page(SOURCE))
        if name != OLD:
            _write(folder / name, "sitemap.xml",
                   f"<urlset><url><loc>https://elders.test/{CURRENT}/over/</loc>"
                   "<lastmod>2030-01-02</lastmod></url></urlset>")
            _write(folder / name, "robots.txt", "User-agent: *\n")
            _write(folder / name, ".well-known/security.txt", "Contact: x\n")
    versions = [{"version": CURRENT, "title": CURRENT, "aliases": [web.ALIAS],
                 "properties": {"in_werking": "2030-01-01"}},
                {"version": OLD, "title": OLD, "aliases": [], "properties": {}}]
    _write(folder, "versions.json", json.dumps(versions))
    return folder


def _head(folder: Path, rel: str) -> str:
    return (folder / rel / "index.html").read_text(encoding="utf-8").split("</head>")[0]


def _finish(folder: Path, **kwargs) -> web.WebResult:
    versions = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
    return web.finish(folder, versions, CURRENT, **kwargs)


def test_production_export_canonical_noindex_hreflang_and_root_files(export):
    result = _finish(export, site_url=URL, security_contact="mailto:s@example.test",
                     security_expires="2030-06-30")
    other = url_prefix(OTHER)
    for name in (CURRENT, web.ALIAS):
        head = _head(export, f"{name}/{other}over")
        assert head.count('rel="canonical"') == 1 and "elders.test" not in head
        assert f'<link rel="canonical" href="{URL}actueel/{other}over/">' in head
        assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', head) == [
            (SOURCE, f"{URL}actueel/over/"), (OTHER, f"{URL}actueel/{other}over/"),
            ("x-default", f"{URL}actueel/over/")]
        # rel="alternate " (see handreiking.publish.web): Material's JS requests nothing for it.
        assert head.count('<link rel="alternate " hreflang=') == 3
        assert "noindex" not in head
    old = _head(export, f"{OLD}/over")
    assert '<meta name="robots" content="noindex">' in old
    assert f'<link rel="canonical" href="{URL}actueel/over/">' in old
    assert f'hreflang="{OTHER}" href="{URL}{OLD}/{other}over/"' in old
    # A page the current version no longer has: noindex, no canonical link.
    dropped = _head(export, f"{OLD}/vervallen")
    assert "noindex" in dropped and 'rel="canonical"' not in dropped
    # Redirect stubs and 404 pages are left as they were.
    assert 'href="../over/"' in (export / OLD / "wijzigingen" / "index.html").read_text()
    assert "noindex" not in (export / OLD / "404.html").read_text()
    # Root files; none left inside a version folder.
    assert (export / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\nSitemap: {URL}sitemap.xml\n"
    assert f"Canonical: {URL}.well-known/security.txt" in \
        (export / ".well-known" / "security.txt").read_text()
    for name in (OLD, CURRENT, web.ALIAS):
        for nested in web.NESTED:
            assert not (export / name / nested).exists(), (name, nested)
    sitemap = (export / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(locs) == sorted(f"{URL}actueel/{url_prefix(lang)}{path}"
                                  for lang in LANGUAGES for path in ("", "over/"))
    assert result.sitemap_urls == len(locs) == 2 * len(LANGUAGES)
    # lastmod from the current version's own sitemap where it had one, else its date.
    blocks = {re.search(r"<loc>([^<]+)", b)[1]: b for b in re.findall(r"<url>.*?</url>", sitemap,
                                                                      re.S)}
    assert "<lastmod>2030-01-02</lastmod>" in blocks[f"{URL}actueel/over/"]
    assert "<lastmod>2030-01-01</lastmod>" in blocks[f"{URL}actueel/"]
    for block in blocks.values():
        assert sorted(re.findall(r'hreflang="([^"]+)"', block)) == sorted([*LANGUAGES,
                                                                           "x-default"])
    # Running it again changes nothing (no second canonical or alternate).
    before = {p: p.read_bytes() for p in export.rglob("*") if p.is_file()}
    _finish(export, site_url=URL, security_contact="mailto:s@example.test",
            security_expires="2030-06-30")
    assert before == {p: p.read_bytes() for p in export.rglob("*") if p.is_file()}


def test_without_a_web_address_nothing_half_made(export):
    result = _finish(export, site_url=None)
    assert result.canonical == 0
    for name in (CURRENT, web.ALIAS):
        head = _head(export, f"{name}/over")
        assert 'rel="canonical"' not in head and "hreflang" not in head
    assert not (export / "sitemap.xml").exists() and not (export / "robots.txt").exists()
    assert not list(export.rglob("security.txt"))


def test_a_preview_is_noindex_everywhere_and_disallows_robots(export):
    result = _finish(export, site_url=URL, preview=True)
    assert result.noindex == result.pages > 0
    assert (export / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (export / "sitemap.xml").exists()


def test_open_site_fields_are_named_with_their_line(tmp_path):
    (tmp_path / "data").mkdir()
    site = tmp_path / "data" / "site.yml"
    shutil.copy(ROOT / "data" / "site.yml", site)
    text = site.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^uitgever:.*(\n  .*)*", "uitgever: null", text)
    for key in ("contact_email", "site_url"):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: null", text)
    site.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = {p.message.split("'")[1]: p for p in web.open_fields(tmp_path)}
    assert sorted(found) == ["contact_email", "site_url", "uitgever"]
    for key, problem in found.items():
        assert problem.path == "data/site.yml"
        assert lines[problem.line - 1].startswith(f"{key}:"), (key, problem.line)
        assert "vul in: " in problem.message
    text = re.sub(r"(?m)^site_url: null$", f"site_url: {URL}", text)
    site.write_text(text, encoding="utf-8")
    assert "site_url" not in {p.message.split("'")[1] for p in web.open_fields(tmp_path)}

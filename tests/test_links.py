"""Internal links and anchors of the built site, both languages (pure Python, about a second).

Every HTML file is parsed; every relative or root-relative href/src is resolved as a browser
would, and the target file must exist and, for `#fragment`s, contain that id. English pages link
only to English pages and Dutch pages only to Dutch pages, except for the language switcher and
`<link rel=alternate hreflang>` (a missing translation must never fall back silently).
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

URL_ATTRS = {("a", "href"), ("link", "href"), ("area", "href"), ("script", "src"),
             ("img", "src"), ("source", "src"), ("track", "src"), ("video", "src"),
             ("video", "poster"), ("audio", "src"), ("iframe", "src"), ("embed", "src"),
             ("object", "data"), ("form", "action")}
OTHER_LANGS = ("en",)  # non-default languages live under /<lang>/


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, dict]] = []  # (tag, url, attrs)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for t, attr in URL_ATTRS:
            if t == tag and a.get(attr) is not None:
                self.links.append((tag, a[attr], a))

    handle_startendtag = handle_starttag


@lru_cache(maxsize=None)
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def url_of(site: Path, html: Path) -> str:
    """URL path of a built file: '/over/' for over/index.html, '/404.html' for 404.html."""
    rel = html.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, path: str) -> Path | None:
    """The file a URL path is served from (directory URLs -> index.html), or None."""
    rel = unquote(path).lstrip("/")
    candidate = site / rel
    if path.endswith("/") or rel == "":
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def lang_of(path: str) -> str:
    for lang in OTHER_LANGS:
        if path == f"/{lang}/" or path.startswith(f"/{lang}/"):
            return lang
    return "nl"


def check_site(site: Path) -> tuple[list[str], int, set[str]]:
    """Return (problems, number of links checked, languages seen)."""
    problems, checked, langs = [], 0, set()
    for html in sorted(site.rglob("*.html")):
        here = url_of(site, html)
        page_lang = lang_of(here)
        langs.add(page_lang)
        for tag, url, attrs in parse(html).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("//"):
                continue  # external (test_build forbids external assets) or mailto:/tel:
            checked += 1
            if not parts.path:
                target, target_path = html, here
            else:
                base = here if here.endswith("/") else posixpath.dirname(here) + "/"
                target_path = posixpath.normpath(posixpath.join(base, parts.path))
                if parts.path.endswith("/") and not target_path.endswith("/"):
                    target_path += "/"
                target = target_file(site, target_path)
                if target is None:
                    problems.append(f"{here}: <{tag}> {url} -> {target_path} does not exist")
                    continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parse(target).ids:
                    problems.append(f"{here}: <{tag}> {url} -> no id '{parts.fragment}' in "
                                    f"{url_of(site, target)}")
            is_page = target.suffix == ".html" and tag == "a"
            if is_page and not attrs.get("hreflang") and lang_of(url_of(site, target)) != page_lang:
                problems.append(f"{here}: link {url} leaves the page's language ({page_lang})")
    return problems, checked, langs


def test_internal_links_and_anchors_both_languages(site_dir):
    problems, checked, langs = check_site(site_dir)
    assert langs == {"nl", "en"}, langs
    assert checked > 100, checked
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:80])


def test_checker_finds_broken_links(tmp_path):
    """The checker itself: a missing page, a missing anchor and a language leak are reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "en" / "a").mkdir(parents=True)
    (tmp_path / "index.html").write_text(
        '<h1 id="top">x</h1><a href="a/">ok</a><a href="a/#here">ok</a><a href="#top">ok</a>'
        '<a href="b/">missing</a><a href="a/#nope">bad anchor</a>'
        '<a href="en/a/" hreflang="en">switcher ok</a><a href="en/a/">leak</a>'
        '<a href="mailto:x@example.org">mail</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="here">a</p><a href="../">up</a>',
                                               encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text('<a href="a/">a</a>', encoding="utf-8")
    (tmp_path / "en" / "a" / "index.html").write_text('<a href="../../a/">leak</a>',
                                                      encoding="utf-8")
    parse.cache_clear()
    problems, checked, langs = check_site(tmp_path)
    text = "\n".join(problems)
    assert "b/ -> /b/ does not exist" in text
    assert "no id 'nope'" in text
    assert "/: link en/a/ leaves the page's language (nl)" in text
    assert "/en/a/: link ../../a/ leaves the page's language (en)" in text
    assert len(problems) == 4, problems
    assert langs == {"nl", "en"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    parse.cache_clear()
    yield
    parse.cache_clear()

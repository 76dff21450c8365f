"""The web baseline of the exported multi-version site (`make publish`), from data/site.yml.

The export holds every published version (`<id>/`), a copy of the current one (`actueel/`) and
`versions.json`. Version folders were built at release time, each by its own commit with the
data/site.yml of then; the export makes the site agree with the data/site.yml of now:

- every page's head: the build's canonical link, hreflang alternates and robots meta are replaced.
  The current version's pages under `actueel/` are canonical for their copies: the same page in
  `<current id>/` and in every older version points to `actueel/<page>`; an older page without an
  equivalent in the current version gets no canonical link. hreflang alternates (nl, en,
  x-default) name the same page in each language of the same folder (`actueel/` for the current
  version's copies). Superseded versions' pages carry `<meta name="robots" content="noindex">`;
- at the root of the export: `robots.txt` pointing to the one `sitemap.xml` (the current
  version's pages in both languages, with nl/en/x-default alternates), and
  `.well-known/security.txt` (RFC 9116) when a security contact is set. Sitemaps, robots.txt and
  security.txt a version build left inside its own folder are removed (one of each, at the root);
- without `site_url` none of the address-bound parts is written: no canonical, no hreflang, no
  sitemap, no robots.txt pointing to one;
- a preview (`make publish PREVIEW=1`): every page `noindex`, `robots.txt` disallows everything,
  no sitemap. A production export is refused while publisher, contact or site_url are open
  (`open_fields`).

The alternates in the head are written as `rel="alternate "` (with a trailing space): an HTML
link-type set may carry surrounding whitespace, so for browsers, validators and crawlers this is
rel=alternate; Material's JavaScript selects `link[rel=alternate]` (an exact attribute match) and
would otherwise fetch `<alternate>/sitemap.xml` for each of them, two failed requests on every page.

Plain files only, no MkDocs.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from handreiking.core.errors import Problem
from handreiking.core.langs import LANGUAGES, SOURCE, url_prefix

ALIAS = "actueel"
SITE_FILE = "data/site.yml"
# Files a version build may leave in its own folder that belong at the root only (or nowhere).
NESTED = ("sitemap.xml", "sitemap.xml.gz", "robots.txt", ".well-known/security.txt")
# rel="alternate " (trailing space, see the module docstring): no request from Material's JS.
ALTERNATE_REL = "alternate "
_CANONICAL = re.compile(r'[ \t]*<link rel="canonical"[^>]*>\n?')
_HREFLANG = re.compile(r'[ \t]*<link\b[^>]*\bhreflang="[^"]*"[^>]*>\n?')
_ROBOTS = re.compile(r'[ \t]*<meta name="robots"[^>]*>\n?')
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')
_LASTMOD = re.compile(r"<url>\s*<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", re.S)


# --- production refusal ------------------------------------------------------------------------

def open_fields(root: Path) -> list[Problem]:
    """The fields of data/site.yml a production export needs and that are still open, each as a
    Dutch `data/site.yml:line:` problem saying how to set it; [] when all are set."""
    from handreiking.core.project import load_site
    from handreiking.core.yamlload import load_shared
    site = load_site(root)
    data = load_shared(Path(root) / SITE_FILE, root)
    missing = []
    if not any(site.publisher.values()):
        example = "".join(f"\n      {lang}: naam van de organisatie" for lang in LANGUAGES)
        missing.append(("uitgever", "de organisatie die de site uitgeeft, per taal zoals zij "
                        f"zich zelf noemt, bijvoorbeeld:\n    uitgever:{example}"))
    if not site.contact_email:
        missing.append(("contact_email", "het adres voor vragen en feedback, bijvoorbeeld: "
                        "contact_email: redactie@organisatie.nl"))
    if not site.site_url:
        missing.append(("site_url", "het webadres waarop de map public/ komt te staan, beginnend "
                        "met https:// en eindigend op /, bijvoorbeeld: "
                        "site_url: https://www.organisatie.nl/handreiking/"))
    return [Problem(SITE_FILE, data.line_of(key), f"'{key}' is nog niet ingevuld; vul in: {how}")
            for key, how in missing]


# --- pages -------------------------------------------------------------------------------------

def _page_url(rel: str) -> str | None:
    """'over/index.html' -> 'over/'; 'index.html' -> ''; other HTML files (404.html) -> None."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return None


def _language(url: str) -> tuple[str, str]:
    """'en/over/' -> ('en', 'over/'); 'over/' -> (source language, 'over/')."""
    for lang in LANGUAGES:
        prefix = url_prefix(lang)
        if prefix and (url == prefix or url.startswith(prefix)):
            return lang, url[len(prefix):]
    return SOURCE, url


def pages(folder: Path) -> dict[tuple[str, str], Path]:
    """The content pages of one version folder: (language, path without language) -> file.
    Redirect stubs (a moved page) and 404 pages are not pages."""
    found = {}
    for file in sorted(folder.rglob("index.html")):
        url = _page_url(file.relative_to(folder).as_posix())
        if url is None:
            continue
        head = file.read_text(encoding="utf-8")[:3000]
        if 'http-equiv="refresh"' in head:
            continue
        found[_language(url)] = file
    return found


def _head_links(canonical: str | None, alternates: dict[str, str], noindex: bool) -> str:
    lines = []
    if noindex:
        lines.append('<meta name="robots" content="noindex">')
    if canonical:
        lines.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    for lang, href in alternates.items():
        lines.append(f'<link rel="{ALTERNATE_REL}" hreflang="{lang}" href="{html.escape(href)}">')
    return "".join(f"  {line}\n" for line in lines)


def set_head(text: str, canonical: str | None, alternates: dict[str, str], noindex: bool) -> str:
    """Replace the canonical link, hreflang alternates and robots meta of one page's head.

    >>> page = ('<head>\\n<meta name="viewport" content="x">\\n'
    ...         '<link rel="canonical" href="https://a/2026.1/over/">\\n</head>')
    >>> print(set_head(page, "https://a/actueel/over/", {}, True))
    <head>
    <meta name="viewport" content="x">
      <meta name="robots" content="noindex">
      <link rel="canonical" href="https://a/actueel/over/">
    </head>
    """
    end = text.find("</head>")
    if end < 0:
        return text
    head, rest = text[:end], text[end:]
    for pattern in (_CANONICAL, _HREFLANG, _ROBOTS):
        head = pattern.sub("", head)
    links = _head_links(canonical, alternates, noindex)
    viewport = _VIEWPORT.search(head)
    if viewport:
        at = viewport.end()
        if not head[viewport.start():at].endswith("\n"):
            links = "\n" + links
    else:
        at = head.find(">", head.find("<head")) + 1
        links = "\n" + links
    return head[:at] + links + head[at:] + rest


def _alternates(base: str, path: str, langs: list[str]) -> dict[str, str]:
    """hreflang -> address of `path` in each language that has it, plus x-default (the source
    language's page, else the first one there is)."""
    links = {lang: f"{base}{url_prefix(lang)}{path}" for lang in LANGUAGES if lang in langs}
    if links:
        links["x-default"] = links.get(SOURCE) or next(iter(links.values()))
    return links


# --- the export --------------------------------------------------------------------------------

@dataclass
class WebResult:
    """What `finish` did, for the summary and the tests."""

    pages: int = 0
    noindex: int = 0
    canonical: int = 0
    sitemap_urls: int = 0
    files: list[str] = field(default_factory=list)


def _lastmods(folder: Path, current: str) -> dict[str, str]:
    """Page path (with language prefix) -> lastmod from the sitemap.xml in `folder` (the one the
    current version's build wrote when it had a web address); {} without one."""
    file = folder / "sitemap.xml"
    if not file.is_file():
        return {}
    dates = {}
    for loc, day in _LASTMOD.findall(file.read_text(encoding="utf-8")):
        for marker in (f"/{current}/", f"/{ALIAS}/"):
            if marker in loc:
                dates[loc.split(marker, 1)[1]] = day.strip()
                break
    return dates


def sitemap(site_url: str, current_pages: dict[tuple[str, str], Path], lastmods: dict[str, str],
            default_date: str | None) -> tuple[str, int]:
    """One sitemap of the current version's pages (under actueel/) in every language, each with
    its hreflang alternates and x-default; return the XML and the number of URLs."""
    base = f"{site_url}{ALIAS}/"
    paths: dict[str, list[str]] = {}
    for lang, path in current_pages:
        paths.setdefault(path, []).append(lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    count = 0
    for path in sorted(paths):
        langs = paths[path]
        links = _alternates(base, path, langs)
        for lang in LANGUAGES:
            if lang not in langs:
                continue
            count += 1
            url = url_prefix(lang) + path
            out.append("  <url>")
            out.append(f"    <loc>{xml_escape(base + url)}</loc>")
            day = lastmods.get(url) or default_date
            if day:
                out.append(f"    <lastmod>{day}</lastmod>")
            for hreflang, href in links.items():
                out.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" '
                           f'href="{xml_escape(href)}"/>')
            out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n", count


def robots(site_url: str | None, preview: bool) -> str | None:
    """robots.txt: a preview disallows everything; a production export with a web address points
    to its sitemap; without one there is none (nothing half-made).

    >>> print(robots("https://x.nl/", False), end="")
    User-agent: *
    Allow: /
    Sitemap: https://x.nl/sitemap.xml
    >>> print(robots(None, True), end="")
    User-agent: *
    Disallow: /
    >>> robots(None, False) is None
    True
    """
    if preview:
        return "User-agent: *\nDisallow: /\n"
    from handreiking.sitewide.output import baseline_files
    return baseline_files(site_url, None, None).get("robots.txt")


def finish(folder: Path, versions: list[dict], current: str, site_url: str | None,
           security_contact: str | None = None, security_expires: str | None = None,
           preview: bool = False) -> WebResult:
    """Make the extracted export in `folder` agree with data/site.yml (see the module docstring).
    `versions` is versions.json as written; `current` the id of the current version."""
    from handreiking.sitewide.output import baseline_files
    result = WebResult()
    # An earlier export's root sitemap (run twice: same result), then the build's own.
    lastmods = {**_lastmods(folder, current), **_lastmods(folder / ALIAS, current)}
    for name in ("robots.txt", "sitemap.xml", "sitemap.xml.gz", ".well-known/security.txt"):
        (folder / name).unlink(missing_ok=True)
    current_pages = pages(folder / ALIAS) if (folder / ALIAS).is_dir() else {}
    current_paths = set(current_pages)
    canonical_base = f"{site_url}{ALIAS}/" if site_url else None
    for name in [v["version"] for v in versions] + [ALIAS]:
        version_folder = folder / name
        if not version_folder.is_dir():
            continue
        for nested in NESTED:
            (version_folder / nested).unlink(missing_ok=True)
        well_known = version_folder / ".well-known"
        if well_known.is_dir() and not any(well_known.iterdir()):
            well_known.rmdir()
        is_current = name in (current, ALIAS)
        found = pages(version_folder)
        langs_of: dict[str, list[str]] = {}
        for lang, path in found:
            langs_of.setdefault(path, []).append(lang)
        for (lang, path), file in found.items():
            noindex = preview or not is_current
            canonical = alternates = None
            if canonical_base:
                if is_current or (lang, path) in current_paths:
                    canonical = canonical_base + url_prefix(lang) + path
                own = canonical_base if is_current else f"{site_url}{name}/"
                alternates = _alternates(own, path, langs_of[path])
            text = file.read_text(encoding="utf-8")
            new = set_head(text, canonical, alternates or {}, noindex)
            if new != text:
                file.write_text(new, encoding="utf-8")
            result.pages += 1
            result.noindex += noindex
            result.canonical += canonical is not None
    text = robots(site_url, preview)
    files: dict[str, str] = {}
    if text:
        files["robots.txt"] = text
    if site_url and not preview:
        day = next((v.get("properties", {}).get("in_werking") for v in versions
                    if v["version"] == current), None)
        files["sitemap.xml"], result.sitemap_urls = sitemap(site_url, current_pages, lastmods,
                                                            day)
    security = baseline_files(site_url, security_contact, security_expires)
    if ".well-known/security.txt" in security:
        files[".well-known/security.txt"] = security[".well-known/security.txt"]
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    result.files = sorted(files)
    return result

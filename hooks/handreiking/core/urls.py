"""Page URLs (the one place that turns `page.md` into a URL) and the guidance headings other
parts link to, by their explicit ids shared by nl and en.

A link target is written as `page.md#id` with the page path relative to docs/ (Dutch source name,
e.g. `bewindspersonen/regels.md#automatisch-verwijderen`); it is valid when the Dutch page and its
English counterpart both exist and both carry a heading with `{#id}`.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from handreiking.core.docs import file_headings
from handreiking.core.langs import LANGUAGES, page_name, url_prefix


def heading_ids(docs: Path, page: str) -> frozenset[str] | None:
    """Explicit heading ids of one docs page, or None when the page does not exist."""
    file = docs / page
    if not file.is_file():
        return None
    return frozenset(h.explicit_id for h in file_headings(file) if h.explicit_id)


def check_target(docs: Path, target: str) -> str | None:
    """Return a Dutch problem description for a `page.md#id` target, or None when it is valid."""
    page, _, anchor = target.partition("#")
    if not page.endswith(".md"):
        return f"'{target}' moet naar een pagina wijzen, zoals 'bewindspersonen/regels.md#id'."
    for path in (page_name(page, lang) for lang in LANGUAGES):
        ids = heading_ids(docs, path)
        if ids is None:
            return f"pagina 'docs/{path}' bestaat niet; controleer de naam van de pagina."
        if anchor and anchor not in ids:
            return (f"kop '#{anchor}' bestaat niet in 'docs/{path}'; geef de kop daar "
                    f"'{{#{anchor}}}' of kies een bestaande kop.")
    return None


def docs_url(page: str, lang: str) -> str:
    """Site-root-relative URL of a docs page (directory URLs), language-prefixed, anchor kept.

    >>> docs_url("bewindspersonen/regels.md#frequentie", "en")
    'en/bewindspersonen/regels/#frequentie'
    >>> docs_url("index.md", "nl")
    ''
    """
    path, _, anchor = page.partition("#")
    stem = path[: -len(".md")]
    if stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem[: -len("index")]
    else:
        url = stem + "/"
    url = url_prefix(lang) + url
    return url + (f"#{anchor}" if anchor else "")


def relative_url(url: str, page_url: str) -> str:
    """Make a site-root-relative URL relative to the page at `page_url` (both without '/').

    >>> relative_url("bewindspersonen/regels/#x", "beslisbomen/soort-bericht/")
    '../../bewindspersonen/regels/#x'
    >>> relative_url("en/", "en/a/")
    '../'
    """
    path, sep, anchor = url.partition("#")
    if page_url.endswith("/") or not page_url:
        base = page_url.rstrip("/")
    else:
        base = posixpath.dirname(page_url)
    rel = posixpath.relpath("/" + path.rstrip("/"), "/" + base)
    if path.endswith("/") or not path:
        rel += "/"
    return rel + sep + anchor

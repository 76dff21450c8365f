"""MkDocs glue for policy versions: the versions page, change badges, version selector, redirects.

- `<!-- versies -->` on docs/versies/index.md becomes the date table, the date finder and one
  "Wat is er veranderd" section per version (rendered by handreiking.versions.changes).
- Pages and headings named by a change entry of the current version get a "nieuw"/"gewijzigd"
  badge (under the H1, or in the heading).
- Material's version selector (`extra.version.provider: mike`) is switched on only in builds made
  by mike (it sets MIKE_DOCS_VERSION): a plain `make site` has no versions.json to fetch.
- mkdocs-redirects writes redirect pages for the default language only (and in English); this
  hook writes them for every language, with the right `lang`, without inline script.
"""
from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from handreiking.versions.changes import (LABELS, anchor_id, badges, changed_items, load_registry,
                                 versions_markdown)
from handreiking.core.errors import DataError
from handreiking.core.langs import SOURCE, url_prefix
from handreiking.i18n import section
from handreiking_mkdocs import memo
from handreiking_mkdocs.languages import language
from handreiking_mkdocs.project import project_root

log = logging.getLogger("mkdocs.hooks.versions")

MARKER = "<!-- versies -->"
VERSIONS_PAGE = "versies/index.md"
DEFAULT_ALIAS = "actueel"
_state: dict = {}


def _root(config) -> Path:
    return project_root(config)


def on_config(config, **_):
    """Load the registry once per language pass; enable the selector only under mike."""
    root = _root(config)
    try:
        registry = load_registry(root)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    _state.update(root=root, registry=registry, badges=badges(root, registry),
                  items=changed_items(root, registry))
    if os.environ.get("MIKE_DOCS_VERSION"):
        config.extra["version"] = {"provider": "mike", "default": DEFAULT_ALIAS}
    return config


def _source(page) -> str:
    """Dutch source name of a page ('x.en.md' -> 'x.md')."""
    uri = page.file.src_uri
    return uri[: -len(".en.md")] + ".md" if uri.endswith(".en.md") else uri


def on_page_markdown(markdown, *, page, config, **_):
    """Replace the versions marker with the generated tables and change sections."""
    if MARKER not in markdown:
        return markdown
    if _source(page) != VERSIONS_PAGE:
        raise PluginError(f"docs/{page.file.src_uri}: de markering {MARKER} hoort alleen op "
                          f"docs/{VERSIONS_PAGE}.")
    archive = None
    if os.environ.get("MIKE_DOCS_VERSION"):
        # From this page to the folder that holds all versions (one level above the version).
        archive = "../" * page.url.rstrip("/").count("/") + "../../"
    lang = language(config)
    return memo.page(  # the tables and change sections come from data/ only
        "versions", lang, f"{page.url} {archive}", markdown, lambda: markdown.replace(
            MARKER, versions_markdown(_state["root"], _state["registry"], lang, archive), 1))


_H1_END = re.compile(r"</h1>", re.I)


def _heading_badge(kind: str, lang: str) -> str:
    label = LABELS[lang][kind].lower()
    return f' <span class="hr-badge hr-badge--{kind}">{html.escape(label)}</span>'


def _region(output: str, attribute: str, slug: str) -> tuple[int, int] | None:
    """Start and end of the widget with `attribute="slug"` (up to the next widget of its kind)."""
    start = output.find(f'{attribute}="{slug}"')
    if start < 0:
        return None
    following = output.find(f'{attribute}="', start + len(attribute) + len(slug) + 3)
    return start, following if following >= 0 else len(output)


def _item_badges(output: str, lang: str) -> str:
    """Badges on tree nodes (in their heading) and checklist items (after their label)."""
    for (kind, slug), ids in _state.get("items", {}).items():
        attribute = "data-boom" if kind == "beslisboom" else "data-checklist"
        for node, change in ids.items():
            if not node:
                continue
            region = _region(output, attribute, slug)
            if region is None:
                continue
            start, end = region
            part = output[start:end]
            if kind == "beslisboom":
                pattern = re.compile(rf'(data-node="{re.escape(node)}"[^>]*>.*?<h([2-6])[^>]*>.*?)'
                                     r"(</h\2>)", re.S)
            else:
                pattern = re.compile(rf'(data-item="{re.escape(node)}".*?</label>)()()', re.S)
            part = pattern.sub(lambda m: m.group(1) + _heading_badge(change, lang) + m.group(3),
                               part, count=1)
            output = output[:start] + part + output[end:]
    return output


@event_priority(-50)  # after the tree and checklist hooks have rendered their widgets
def on_page_content(output, *, page, config, **_):
    """Badges for pages, headings, tree nodes and checklist items changed in the current version."""
    lang = language(config)
    if _state.get("items"):
        output = _item_badges(output, lang)
    info = _state.get("badges", {}).get(_source(page))
    if not info:
        return output
    t = LABELS[lang]
    current = _state["registry"].current
    for anchor, kind in info["anchors"].items():
        pattern = re.compile(rf'(<h([2-6])[^>]*\bid="{re.escape(anchor)}"[^>]*>.*?)(</h\2>)',
                             re.S)
        output = pattern.sub(lambda m: m.group(1) + _heading_badge(kind, lang) + m.group(3),
                             output, count=1)
    kind = info["kind"] or "gewijzigd"
    target = url_prefix(lang) + "versies/"
    href = get_relative_url(target, page.url) + f"#{anchor_id(current.id)}-wijzigingen"
    note = (f'<p class="hr-change-note"><span class="hr-badge hr-badge--{kind}">'
            f'{html.escape(t["badge_page"].format(kind=t[kind], id=current.id))}</span> '
            f'<a href="{html.escape(href)}">{html.escape(t["badge_link"])}</a></p>')
    match = _H1_END.search(output)
    if match:
        return output[: match.end()] + note + output[match.end():]
    return note + output


REDIRECT_HTML = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<link rel="icon" href="{icon}" type="image/svg+xml">
<title>{title}</title>
<link rel="canonical" href="{url}">
<meta http-equiv="refresh" content="0; url={url}">
</head>
<body>
<p>{text} <a href="{url}">{url_label}</a>.</p>
</body>
</html>
"""
def _html_path(src: str) -> str:
    """'a/b.md' -> 'a/b/index.html'; 'a/index.md' -> 'a/index.html' (directory URLs)."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@event_priority(-150)
def on_post_build(config, **_):
    """Write the redirect pages of every language (idempotent; the last call wins)."""
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return
    i18n = config.plugins.get("i18n")
    languages = [lang.locale for lang in i18n.config.languages] if i18n else [SOURCE]
    default = next((lang.locale for lang in i18n.config.languages if lang.default), SOURCE) \
        if i18n else SOURCE
    docs = Path(config.docs_dir)
    site = Path(config.site_dir)
    if site.name in languages and site.name != default and (site.parent / "search").is_dir():
        site = site.parent  # defensive: some i18n versions leave site_dir at the last language
    for old, new in plugin.config["redirect_maps"].items():
        new_page, _, fragment = str(new).partition("#")
        for lang in languages:
            src = new_page if lang == default else new_page[: -len(".md")] + f".{lang}.md"
            if not (docs / src).is_file():
                log.warning("redirect '%s' -> '%s': docs/%s bestaat niet", old, new, src)
                continue
            old_html = _html_path(old)
            new_dir = posixpath.dirname(_html_path(new_page))
            url = posixpath.relpath(new_dir or ".", posixpath.dirname(old_html) or ".") + "/"
            if fragment:
                url += "#" + fragment
            prefix = "" if lang == default else f"{lang}/"
            words = section(lang, "site.redirect")
            title, text, label = words["title"], words["text"], words["link"]
            out = site / prefix / old_html
            out.parent.mkdir(parents=True, exist_ok=True)
            # The favicon (theme setting) from the redirect page, so the browser asks no /favicon.ico.
            icon = "../" * (prefix + old_html).count("/") + str(config.theme.get("favicon") or "")
            out.write_text(REDIRECT_HTML.format(lang=lang, title=title, text=text, icon=icon,
                                                url=html.escape(url), url_label=label),
                           encoding="utf-8")

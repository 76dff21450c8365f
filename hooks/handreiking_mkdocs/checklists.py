"""MkDocs glue for checklists (thin adapter around handreiking.checklists).

on_config validates every `checklists/*.yml` (a DataError fails the strict build); on_files adds
the downloads of the current language (priority -200: see stack-notes, i18n); on_page_content
replaces `<!-- checklist: slug -->` markers with the checklist widget. PDFs missing from the
cache are rendered in parallel worker processes (handreiking.pdf.worker), every language at
once; downloads and widgets of an unchanged project come from the page memo (memo.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from handreiking.checklists.model import DownloadLink, load_all, render_widget, replace_markers
from handreiking.checklists.downloads import downloads, pdf_cache_file, print_html
from handreiking.core.errors import DataError
from handreiking.core.project import current_version, load_site
from handreiking.core.urls import docs_url
from handreiking.rules.render import item_rule_lines
from handreiking.core.langs import LANGUAGES, url_prefix
from handreiking.pdf.pool import current as current_pool
from handreiking.pdf.products import render_checklists
from handreiking_mkdocs import memo
from handreiking_mkdocs.languages import language
from handreiking_mkdocs.project import project_root

_STATE: dict = {}


def on_config(config, **_):
    """Load and validate all checklists once per language pass; when a whole build passed on
    these files (memo.checked), only once a page or download needs them."""
    _STATE.clear()
    _STATE.update(root=project_root(config), links={})
    if not memo.checked():
        _load()
    return config


def _load() -> dict:
    """The checklists, the policy version and the publisher (loaded once per pass)."""
    if "checklists" not in _STATE:
        root = _STATE["root"]
        try:
            _STATE.update(checklists=load_all(root), version=current_version(root),
                          publisher=load_site(root).publisher)
        except DataError as exc:
            raise PluginError(str(exc)) from None
    return _STATE


@event_priority(-200)
def on_files(files, *, config, **_):
    """Generate PDF, CSV, ICS and text downloads for this language under (en/)downloads/."""
    lang = language(config)
    root = _STATE["root"]
    cache = None if os.environ.get("HANDREIKING_NO_CACHE") else root / ".cache" / "checklists"
    prefix = url_prefix(lang)

    def make() -> list[tuple[str, str, str, bytes]]:
        state = _load()
        if cache is not None:
            _prerender(state, cache)
        out = []
        for slug, checklist in state["checklists"].items():
            rule_lines = item_rule_lines(root, checklist.items, lang)  # rules with the items
            out += [(slug, item.kind, item.name, item.content) for item in downloads(
                checklist, lang, state["version"], state["publisher"][lang], cache, rule_lines)]
        return out

    links: dict[str, list[DownloadLink]] = {}
    for slug, kind, name, content in memo.value("downloads", lang, "checklists", make):
        file = File.generated(config, f"downloads/{name}", content=content)
        file.dest_uri = f"{prefix}downloads/{name}"
        files.append(file)
        links.setdefault(slug, []).append(DownloadLink(kind, file.dest_uri, len(content)))
    _STATE["links"] = links
    return files


def _prerender(state: dict, cache: Path) -> None:
    """Render the checklist PDFs missing from the cache, of every language at once, in
    parallel worker processes (downloads() then finds each in the cache)."""
    root = state["root"]
    jobs = {}
    for checklist in state["checklists"].values():
        for lang in LANGUAGES:
            html = print_html(checklist, lang, state["version"], state["publisher"][lang],
                              item_rule_lines(root, checklist.items, lang))
            target = pdf_cache_file(html, cache)
            if not target.is_file():
                jobs[target] = html
    errors = render_checklists([(html, target) for target, html in jobs.items()],
                               pool=current_pool())
    if errors:
        raise PluginError("checklist-pdf kon niet worden gemaakt: " + "; ".join(errors))


def on_page_content(html, *, page, config, **_):
    """Replace checklist markers; an unknown slug fails the build."""
    if "checklist:" not in html:
        return html
    lang = language(config)
    here = page.url
    root = _STATE["root"]

    def url_for(kind: str, value: str) -> str:
        if kind == "page":
            target = docs_url(value, lang)
        elif kind == "tree":
            target = docs_url(f"beslisbomen/{value}.md", lang)
        elif kind == "checklist":
            target = docs_url(f"checklists/{value}.md", lang)
        else:  # a download's dest_uri
            target = value
        return get_relative_url(target, here)

    def render(slug: str) -> str:
        checklist = _load()["checklists"].get(slug)
        if checklist is None:
            known = ", ".join(sorted(_STATE["checklists"])) or "(geen)"
            raise PluginError(f"docs/{page.file.src_uri}: checklist '{slug}' bestaat niet "
                              f"(verwacht checklists/{slug}.yml); kies uit: {known}.")
        full = page.file.src_uri.split(".")[0] == f"checklists/{slug}"
        own = [DownloadLink(d.kind, url_for("download", d.url), d.size)
               for d in _STATE["links"].get(slug, [])]
        return render_widget(checklist, lang, _STATE["version"], full=full, url_for=url_for,
                             docs=root / "docs", root=root, downloads=own)

    def make() -> str:
        try:
            return replace_markers(html, render)
        except DataError as exc:
            raise PluginError(f"docs/{page.file.src_uri}: {exc.problems[0].message}") from None

    return memo.page("checklists", lang, f"{page.file.src_uri} {page.url}", html, make)

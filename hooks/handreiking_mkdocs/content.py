"""MkDocs glue for content (thin adapter around the handreiking package).

- on_config: load the glossary, timeline and animation script (a DataError fails the build);
- on_files: add the WebVTT captions of the current language (`downloads/animatie.nl.vtt`,
  `en/downloads/animatie.en.vtt`); leave the editors' pages (`docs/redactie/`) out of a readers'
  build (pages, search index, sitemap), keep them in `make serve` and `handreiking build --redactie`;
- on_page_markdown: refuse unknown markers and raw HTML outside the allowlist, then replace the
  markers `<!-- tijdlijn -->`, `<!-- begrippenlijst -->`, `<!-- animatie -->`,
  `<!-- open-punten -->` and `<!-- contact -->`;
- on_page_content: drop `<!-- open: -->` notes; write out abbreviations at their first use,
  `<abbr>` after that;
- on_post_build (after the last language): remember that these checks passed on exactly these
  files (.cache/build/), so a build of the same files does not run them again.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from handreiking import animation, glossary, rules, timeline
from handreiking.content import frontmatter
from handreiking.content.markers import strip_open_comments
from handreiking.content.render import render_accessibility_status, render_contact
from handreiking.core.docs import read_source, substitute_markers
from handreiking.core.errors import DataError
from handreiking.core.filecache import record_pass
from handreiking.core.project import load_site
from handreiking.core.langs import LANGUAGES, url_prefix
from handreiking_mkdocs import memo
from handreiking_mkdocs.languages import language
from handreiking.sitewide.editors import editors_build, is_editor_file
from handreiking.sitewide.keywords import load_keywords, terms_for
from handreiking_mkdocs.project import project_root

_STATE: dict = {}


def _markers():
    """The widget-marker checks (imported only when checks run: not in a warm build)."""
    from handreiking.checks import markers
    return markers


def _vtt_uri(lang: str) -> tuple[str, str]:
    """(src_uri, dest_uri) of the captions in `lang`."""
    name = f"downloads/animatie.{lang}.vtt"
    return name, url_prefix(lang) + name


# The checks of this hook (on_config's and every page's) are pure functions of the project's
# files: when a whole build passed them on exactly these files (see memo: a stamp of the
# project, kept in .cache/build/), a warm build does not run them again. Any edit changes the
# stamp.
_CONFIG_CHECKED: set = set()   # stamps whose on_config checks passed in this process


def on_config(config, **_):
    """Load and validate the data once per language pass."""
    root = project_root(config)
    stamp = memo.begin(config, root, (editors_build(),))  # None: caches off
    checked = memo.checked()
    try:
        _STATE.clear()
        register = None  # read when a page needs it (it passed rules.refuse on these files)
        if not checked and stamp not in _CONFIG_CHECKED:
            from handreiking.checks import files, safety  # not imported by a warm build
            files.refuse(root)  # symbolic or hard links to outside the project
            safety.refuse(root)  # HTML or script links in any YAML text fail the build too
            frontmatter.refuse(root)  # every page's front matter, before MkDocs parses it
            register = rules.refuse(root)
            if stamp is not None:
                _CONFIG_CHECKED.add(stamp)
        _STATE.update(root=root, terms=glossary.load_glossary(root),
                      events=timeline.load_timeline(root),
                      animation=animation.load_animation(root), rules=register,
                      names=None if checked else _markers().known(root),
                      keywords=load_keywords(root), stamp=stamp, checked=checked)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    return config


@event_priority(-200)
def on_files(files, *, config, **_):
    """Add the captions of the language being built (unprefixed src_uri, prefixed dest_uri)."""
    lang = language(config)
    src, dest = _vtt_uri(lang)
    file = File.generated(config, src,
                          content=animation.render_vtt(_STATE["animation"].scenes, lang))
    file.dest_uri = dest
    files.append(file)
    return _drop_editor_pages(files)


def _drop_editor_pages(files):
    """Remove every editors' page unless this is the live preview or an editors' build."""
    if editors_build():
        return files
    for file in [f for f in files if is_editor_file(f.src_uri, f.dest_uri)]:
        files.remove(file)
    return files


def on_page_markdown(markdown, *, page, config, **_):
    """Check this page's markers and raw HTML, then replace the content markers."""
    root = _STATE["root"]
    lang = language(config)
    # The theme prints front-matter values unescaped: escape every text (checked in on_config).
    page.meta = frontmatter.escape_meta(page.meta or {})
    # The checks of `handreiking check` on this page's file (its lines, front matter included).
    if not _STATE["checked"]:
        from handreiking.content.check import page_problems
        widget_markers = _markers()
        path = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        text = path.read_text(encoding="utf-8-sig") if path else markdown
        problems = [p for p in page_problems(text, page.file.src_uri, root)
                    if p.severity == "fout"]
        if path is not None:
            source = read_source(path, root / "docs", root)
            problems += widget_markers.page_problems(source, _STATE["names"])
        if problems:
            raise PluginError("\n".join(str(p) for p in problems))

    def captions(_arg):
        urls = {code: get_relative_url(_vtt_uri(code)[1], page.url) for code in LANGUAGES}
        return animation.render_script(_STATE["animation"], lang, urls)

    def open_list(_arg):
        from handreiking.checks.open_points import open_points
        from handreiking.content.open_points import render_open_points
        try:
            points = open_points(root)
        except DataError as exc:
            raise PluginError(str(exc)) from None
        return render_open_points(points, lang)

    # Search terms (data/zoekwoorden.yml): Material's search indexes `tags` with a high weight;
    # overrides/main.html shows them under the article.
    terms = terms_for(_STATE["keywords"], page.file.src_uri, lang)
    if terms:
        page.meta["tags"] = terms
        page.meta["zoekwoorden"] = terms

    handlers = {
        "tijdlijn": lambda arg: timeline.render_timeline(timeline.select(_STATE["events"], arg),
                                                         lang),
        "begrippenlijst": lambda _arg: glossary.render_glossary(_STATE["terms"], lang),
        "animatie": captions,
        "open-punten": open_list,
        "contact": lambda _arg: render_contact(load_site(root).contact_email, lang),
        "toegankelijkheidsstatus": lambda _arg: render_accessibility_status(
            load_site(root).a11y_status, load_site(root).a11y_audit, lang),
    }

    def make() -> str:
        if _STATE["rules"] is None:
            _STATE["rules"] = rules.read_register(root)
        handlers.update(rules.page_handlers(  # <!-- regel: ID --> and <!-- bronnen -->
            _STATE["rules"], lang, f"docs/{page.file.src_uri}", lambda: _page_source(page),
            rules.render.linker(root, lang, page.url)))
        return substitute_markers(markdown, handlers)

    try:
        return memo.page("markdown", lang, f"{page.file.src_uri} {page.url}", markdown, make)
    except DataError as exc:
        raise PluginError(str(exc)) from None


def _page_source(page) -> str:
    """The page's Markdown file as written (for line numbers in messages)."""
    try:
        return Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return page.markdown or ""


@event_priority(-50)
def on_page_content(html, *, page, config, **_):
    """Drop editors' open-point notes; write out abbreviations at their first use on the page,
    `<abbr>` afterwards."""
    lang = language(config)
    return memo.page("content", lang, page.url, html, lambda: glossary.expand_abbreviations(
        strip_open_comments(html), _STATE["terms"], lang))


_PAGEMETA = re.compile(r'(<aside class="hr-pagemeta"[^>]*>)(.*?)(</aside>)', re.S)


def on_post_page(output, *, page, config, **_):
    """Abbreviations in the page's own sources list (`bronnen:` in the front matter, shown under
    the article by overrides/main.html) are explained there too: written out at their first use
    in that list, `<abbr>` afterwards."""
    lang = language(config)
    return _PAGEMETA.sub(lambda m: m.group(1) + memo.page(
        "pagemeta", lang, "", m.group(2), lambda: glossary.expand_abbreviations(
            m.group(2), _STATE["terms"], lang)) + m.group(3), output, count=1)


@event_priority(-1000)
def on_post_build(*, config, **_):
    """After the last language: every page of every language passed the checks."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    if _STATE.get("stamp") and not _STATE["checked"]:
        record_pass(_STATE["root"], memo.CHECKS, _STATE["stamp"])
    memo.finish()

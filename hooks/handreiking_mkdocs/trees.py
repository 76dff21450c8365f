"""MkDocs glue for decision trees: load + validate in on_config, replace markers in pages.

`<!-- beslisboom: slug -->` in any page shows the interactive tree; on the tree's own page
(`docs/beslisbomen/<slug>.md`) `<!-- beslisboom: slug overzicht -->` adds the whole-tree view
(diagram + every path as text). An unknown slug, option or a second copy on one page fails
the build with `docs/page.md:line: ...`. All logic lives in handreiking.trees.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from mkdocs.exceptions import PluginError

from handreiking.core.errors import DataError
from handreiking.trees.model import load_trees
from handreiking.trees.render import Links, render_overview, render_tree, site_for
from handreiking_mkdocs import memo
from handreiking_mkdocs.languages import language
from handreiking_mkdocs.project import project_root

MARKER = re.compile(r"<!--\s*beslisboom:\s*(?P<slug>[^\s>]*)(?:\s+(?P<option>[^\s>]+))?\s*-->")
HEADING = re.compile(r"<h([1-6])[\s>]")
ID = re.compile(r'id="([^"]+)"')   # what `\bid="([^"]+)"` finds, see _ids (faster)
_WORD_CHAR = re.compile(r"\w")

_state: dict = {}


def on_config(config, **_):
    """Load and validate every tree once per language pass (errors fail the strict build);
    when a whole build passed on these files (memo.checked), only once a page needs them."""
    _state.clear()
    _state["root"] = project_root(config)
    if not memo.checked():
        _load()
    return config


def _load() -> None:
    root = _state["root"]
    try:
        trees = load_trees(root)
        _state["site"] = site_for(root, trees)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    _state["trees"] = trees


def _marker_line(page, marker: str) -> int:
    """Line of a marker in the page's Markdown source (1 when not found)."""
    try:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return 1
    index = text.find(marker)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _fail(page, marker: str, message: str):
    raise PluginError(f"docs/{page.file.src_uri}:{_marker_line(page, marker)}: {message}")


def on_page_content(html, *, page, config, **_):
    """Replace every tree marker in the rendered page."""
    if "beslisboom" not in html:
        return html
    lang = language(config)
    links = Links(lang, page.url)
    own_slug = re.sub(r"(\.[a-z]{2})?\.md$", "", page.file.src_uri)
    own_slug = own_slug[len("beslisbomen/"):] if own_slug.startswith("beslisbomen/") else None
    shown: set[str] = set()

    def replace(match: re.Match) -> str:
        if "trees" not in _state:
            _load()
        trees = _state["trees"]
        slug, option, marker = match.group("slug"), match.group("option"), match.group(0)
        if slug not in trees:
            _fail(page, marker, f"beslisboom '{slug}' bestaat niet; kies uit: "
                  f"{', '.join(sorted(trees))} (bestanden in checklists/trees/).")
        if option not in (None, "overzicht"):
            _fail(page, marker, f"onbekende toevoeging '{option}' bij beslisboom '{slug}'; "
                  "alleen 'overzicht' is mogelijk.")
        previous = HEADING.findall(html, 0, match.start())
        level = int(previous[-1]) + 1 if previous else 2
        if option == "overzicht":
            if slug not in shown:
                _fail(page, marker, f"het overzicht van beslisboom '{slug}' kan alleen onder de "
                      f"beslisboom zelf staan; zet eerst '<!-- beslisboom: {slug} -->' op deze "
                      "pagina.")
            return render_overview(trees[slug], lang, _state["site"], links, level=level)
        if slug in shown:
            _fail(page, marker, f"beslisboom '{slug}' staat twee keer op deze pagina; toon hem "
                  "één keer (ids moeten uniek blijven).")
        shown.add(slug)
        return render_tree(trees[slug], lang, _state["site"], links, level=level,
                           embedded=slug != own_slug)

    def make() -> str:
        try:
            out = MARKER.sub(replace, html)
        except DataError as exc:
            raise PluginError(str(exc)) from None
        if shown:
            _check_unique_ids(page, out, shown)
        return out

    return memo.page("trees", lang, f"{page.file.src_uri} {page.url}", html, make)


def _ids(html: str) -> list[str]:
    """Every `id="..."` value not preceded by a word character: the same as
    `re.findall(r'\\bid="([^"]+)"', html)`, but the literal start lets the regex engine skip
    ahead (about ten times faster on a tree page)."""
    out, pos = [], 0
    while True:
        m = ID.search(html, pos)
        if m is None:
            return out
        start = m.start()
        if start and _WORD_CHAR.match(html, start - 1):
            pos = start + 1
            continue
        out.append(m.group(1))
        pos = m.end()


def _check_unique_ids(page, after: str, slugs: set[str]) -> None:
    """A tree's anchors (#slug-node) must not collide with headings of the page around it."""
    counts = Counter(_ids(after))
    for slug in sorted(slugs):
        for node_id, count in counts.items():
            if count > 1 and node_id.startswith(f"{slug}-"):
                _fail(page, f"<!-- beslisboom: {slug}", f"id '{node_id}' van beslisboom '{slug}' "
                      "bestaat ook als kop op deze pagina; geef de kop (of de vraag of uitkomst "
                      "in de boom) een andere id, anders werken de links naar die stap niet.")

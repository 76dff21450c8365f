"""Renderers for decision trees: HTML that works without JavaScript, the browser's JSON, the
whole-tree view (every path as text) and a Graphviz diagram (SVG, made at build time).

Python builds plain view data; the Jinja templates in templates/ turn it into HTML. Texts are
Markdown (HTML in them is refused by validation and escaped here as well). Links are made
relative to the page that shows the tree, so the output works under any base path.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import markdown
from markupsafe import Markup
from markdown.treeprocessors import Treeprocessor

from handreiking.core.docs import title_and_ids
from handreiking.core.urls import docs_url, relative_url
from handreiking.core.errors import DataError, Problem
from handreiking.trees.model import Outcome, Question, Text, Tree
from handreiking.core.render import script_json, template
from handreiking.rules.render import rules_html
from handreiking.i18n import section
from handreiking.core.langs import page_name

DOT_TIMEOUT = 30  # seconds

KIND_COLOURS = {"bewaren": "#fde9c9", "niet-bewaren": "#dff0e0", "twijfel": "#f9e0e6",
                "stappen": "#e5f0f9"}


# --------------------------------------------------------------------------------------------
# URLs


@dataclass
class Links:
    """Where links go, for one page in one language."""

    lang: str
    page_url: str  # the page showing the tree, site-root-relative ('en/beslisbomen/x/')

    def doc(self, target: str) -> str:
        """'page.md#id' -> relative URL."""
        return relative_url(docs_url(target, self.lang), self.page_url)

    def checklist(self, slug: str) -> str:
        return self.doc(f"checklists/{slug}.md")

    def tree(self, slug: str) -> str:
        return self.doc(f"beslisbomen/{slug}.md")


# --------------------------------------------------------------------------------------------
# Markdown


class _LinkProcessor(Treeprocessor):
    """Rewrite 'page.md#id' links for the current page; drop any other unsafe href."""

    def __init__(self, md, links: Links):
        super().__init__(md)
        self.links = links

    def run(self, root):
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith(("https://", "mailto:")):
                continue
            if re.fullmatch(r"[a-z0-9][a-z0-9/_-]*\.md(#[A-Za-z0-9_-]+)?", href):
                a.set("href", self.links.doc(href))
            else:
                a.attrib.pop("href", None)


class Renderer:
    """Markdown -> HTML for one page and language (one Markdown instance, reset per text)."""

    def __init__(self, links: Links):
        self.links = links
        self.md = markdown.Markdown(output_format="html")
        self.md.treeprocessors.register(_LinkProcessor(self.md, links), "hr_links", 1)
        self._cache: dict[tuple[str, bool], Markup] = {}

    def __call__(self, text: str, inline: bool = False) -> Markup:
        key = (text, inline)
        if key not in self._cache and _is_plain(text):
            escaped = html.escape(text.strip(), quote=False)
            self._cache[key] = Markup(escaped if inline else f"<p>{escaped}</p>")
        if key not in self._cache:
            # HTML is refused by validation; escaping '<' here keeps any slip inert.
            out = self.md.reset().convert(text.replace("<", "&lt;"))
            if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
                out = out[3:-4]
            self._cache[key] = Markup(out)
        return self._cache[key]


@lru_cache(maxsize=64)
def _renderer(lang: str, page_url: str) -> Renderer:
    """One Renderer (and Markdown instance) per page and language for the whole process: its
    output depends only on the text and the page's links, so the language passes and `make
    serve` rebuilds reuse it instead of setting up Markdown for every tree on every page."""
    return Renderer(Links(lang, page_url))


def renderer_for(links: Links) -> Renderer:
    """The shared Renderer for these links."""
    return _renderer(links.lang, links.page_url)


_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[\\`*_\[\]<>&#!|~\n]|^\s*(?:[-+=]|\d+[.)])|\s{2,}$")


def _is_plain(text: str) -> bool:
    """True when Markdown would only wrap the text in a paragraph (fast path)."""
    return not _MARKUP.search(text)


@lru_cache(maxsize=1)
def _plain_md() -> markdown.Markdown:
    return markdown.Markdown(output_format="html")


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Markdown text as plain text (for labels, JSON and the diagram)."""
    if _is_plain(text):
        return text.strip()
    out = _plain_md().reset().convert(text.replace("<", "&lt;"))
    return html.unescape(_TAG.sub("", out)).strip()


# --------------------------------------------------------------------------------------------
# Titles of link targets


def guidance_label(docs: Path, target: str, lang: str) -> tuple[str, str]:
    """(heading text, page title) for a 'page.md#id' target in one language."""
    page, _, anchor = target.partition("#")
    file = docs / page_name(page, lang)
    if not file.is_file():
        return anchor or page, ""
    title, ids = title_and_ids(file)
    title = title or ""
    return (ids.get(anchor, title) if anchor else title), title


def checklist_title(root: Path, slug: str, lang: str) -> str:
    """A checklist's title from its YAML ('titel'), or the slug when it cannot be read."""
    from handreiking.core.yamlload import load_shared
    try:
        data = load_shared(root / "checklists" / f"{slug}.yml", root)
        return plain(str(data["titel"][lang]))
    except (DataError, KeyError, TypeError):
        return slug.replace("-", " ").capitalize()


# --------------------------------------------------------------------------------------------
# View data and HTML


@dataclass
class Site:
    """What the renderer needs from the project: docs folder, other trees, policy version."""

    root: Path
    trees: dict[str, Tree]
    policy_id: str
    policy_date: dict[str, str]  # lang -> '17 mei 2024'

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def _short(text: Text | None, fallback: Text, lang: str) -> str:
    return plain((text or fallback)[lang])


def browser_data(tree: Tree, lang: str) -> dict:
    """The JSON the script gets: structure and UI strings (labels come from the HTML)."""
    ui = section(lang, "trees")
    return {
        "boom": tree.slug,
        "versie": tree.revision,
        "start": tree.start,
        "lang": lang,
        "vragen": {q.id: [[a.id, a.target] for a in q.answers] for q in tree.questions.values()},
        "uitkomsten": list(tree.outcomes),
        "tekst": {k[3:]: v for k, v in ui.items() if k.startswith("js_")},
    }


def _question_view(tree: Tree, q: Question, md: Renderer, lang: str) -> dict:
    return {
        "id": q.id, "anchor": f"{tree.slug}-{q.id}", "start": q.id == tree.start,
        "text": md(q.text[lang], inline=True),
        "help": md(q.help[lang]) if q.help else None,
        "examples": [md(e[lang], inline=True) for e in q.examples],
        "answers": [{"id": a.id, "text": md(a.text[lang], inline=True),
                     "href": f"#{tree.slug}-{a.target}"} for a in q.answers],
    }


def _outcome_view(tree: Tree, o: Outcome, md: Renderer, lang: str, site: Site,
                  links: Links) -> dict:
    guidance = []
    for target in o.guidance:
        label, title = guidance_label(site.docs, target, lang)
        guidance.append({"href": links.doc(target), "text": label,
                         "page": title if title and title != label else ""})
    more = [{"href": links.checklist(s), "kind": section(lang, "trees")["checklist"],
             "text": checklist_title(site.root, s, lang)} for s in o.checklists]
    more += [{"href": links.tree(s), "kind": section(lang, "trees")["tree"],
              "text": plain(site.trees[s].title[lang]) if s in site.trees else s}
             for s in o.trees]
    return {
        "id": o.id, "anchor": f"{tree.slug}-{o.id}", "kind": o.kind_of,
        "verdict": md(o.verdict[lang], inline=True),
        "explanation": md(o.explanation[lang]) if o.explanation else None,
        "actions": [{"text": md(a[lang], inline=True), "advice": bool(a.open)}
                    for a in o.actions],
        "guidance": guidance, "more": more,
        "sources": [md(tree.sources[s][lang], inline=True) for s in o.sources],
        "rules": rules_html(site.root, o.rules, lang, links.doc),  # rule boxes (data/regels/)
    }


def render_tree(tree: Tree, lang: str, site: Site, links: Links, *, level: int = 2,
                embedded: bool = False) -> str:
    """The interactive tree: every node its own anchor, plain links, plus the JSON block."""
    md = renderer_for(links)
    ui = section(lang, "trees")
    level = max(1, min(level, 5))
    node_level = min(level + 1, 6) if embedded else level
    view = {
        "slug": tree.slug, "lang": lang, "ui": ui, "embedded": embedded,
        "title": md(tree.title[lang], inline=True),
        "intro": md(tree.intro[lang]) if tree.intro and not embedded else None,
        "level": level, "h": node_level, "h2": min(node_level + 1, 6),
        "start_href": f"#{tree.slug}-{tree.start}",
        "questions": [_question_view(tree, q, md, lang) for q in tree.questions.values()],
        "outcomes": [_outcome_view(tree, o, md, lang, site, links)
                     for o in tree.outcomes.values()],
        "version": ui["version"].format(rev=tree.revision, policy=site.policy_id,
                                        date=site.policy_date[lang]),
        "json": Markup(script_json(browser_data(tree, lang))),
        "page_href": links.tree(tree.slug) + f"#{tree.slug}--overzicht",
    }
    return template("tree.html", keep_trailing_newline=False, **view)


def render_overview(tree: Tree, lang: str, site: Site, links: Links, *, level: int = 2,
                    path_limit: int = 500, diagram: bool = True) -> str:
    """The whole-tree view: diagram (SVG), every path as text, every node with its answers."""
    md = renderer_for(links)
    ui = section(lang, "trees")
    level = max(1, min(level, 6))

    def label(node_id: str) -> str:
        node = tree.node(node_id)
        return _short(node.short, node.text if isinstance(node, Question) else node.verdict,
                      lang)

    paths = []
    for path in tree.paths(limit=path_limit):
        steps = [{"question": label(q), "answer": _short(a.short, a.text, lang)}
                 for q, a in path]
        end = path[-1][1].target
        paths.append({"steps": steps, "outcome": label(end), "href": f"#{tree.slug}-{end}"})
    nodes = []
    for q in tree.questions.values():
        nodes.append({"kind": "question", "anchor": f"{tree.slug}-{q.id}",
                      "text": md(q.text[lang], inline=True),
                      "answers": [{"text": md(a.text[lang], inline=True),
                                   "target": label(a.target),
                                   "href": f"#{tree.slug}-{a.target}"} for a in q.answers]})
    view = {
        "slug": tree.slug, "ui": ui, "h": level,
        "svg": Markup(diagram_svg(tree, lang, diagram_cache(site.root))) if diagram else None,
        "diagram_label": ui["diagram_label"].format(title=plain(tree.title[lang])),
        "paths": paths, "cut": len(paths) >= path_limit, "limit": path_limit,
        "nodes": nodes,
        "outcomes": [{"text": label(o), "href": f"#{tree.slug}-{o}"} for o in tree.outcomes],
    }
    return template("tree_overview.html", keep_trailing_newline=False, **view)


# --------------------------------------------------------------------------------------------
# Diagram


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _wrap(text: str, width: int) -> str:
    """Wrapped, escaped label text for dot ('\\n' between lines)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False) or [" "]
    return "\\n".join(_dot_escape(line) for line in lines)


def dot_source(tree: Tree, lang: str) -> str:
    """Graphviz source for the tree (deterministic: ordered as in the YAML).

    Drawn left to right; every answer that ends in an outcome gets its own copy of that
    outcome, so the picture reads as a tree instead of a web of crossing arrows.
    """
    out = [f'digraph "{tree.slug}" {{',
           f'  graph [rankdir=LR, id="{tree.slug}--svg", fontname="Noto Sans", '
           'bgcolor="transparent", nodesep=0.12, ranksep=0.35, pad=0.1];',
           '  node [fontname="Noto Sans", fontsize=11, color="#154273", penwidth=1.2, '
           'fontcolor="#1a1a1a", margin="0.12,0.05", shape=box];',
           '  edge [fontname="Noto Sans", fontsize=10, color="#4a5a6a", fontcolor="#1a1a1a", '
           'arrowsize=0.7];']
    for q in tree.questions.values():
        text = _short(q.short, q.text, lang)
        out.append(f'  "{q.id}" [id="{tree.slug}--svg-{q.id}", style=filled, '
                   f'fillcolor="#ffffff", label="{_wrap(text, 22)}"];')
    for q in tree.questions.values():
        for a in q.answers:
            label = _wrap(_short(a.short, a.text, lang), 20)
            target = a.target
            if target in tree.outcomes:
                o = tree.outcomes[target]
                target = f"{q.id}--{a.id}"
                out.append(f'  "{target}" [id="{tree.slug}--svg-{q.id}--{a.id}", '
                           f'style="rounded,filled", fillcolor="{KIND_COLOURS[o.kind_of]}", '
                           f'label="{_wrap(_short(o.short, o.verdict, lang), 26)}"];')
            out.append(f'  "{q.id}" -> "{target}" [id="{tree.slug}--svg-{q.id}-{a.id}", '
                       f'label="{label}"];')
    out.append("}")
    return "\n".join(out) + "\n"


_SVG_CACHE: dict[str, str] = {}


def diagram_cache(root: Path) -> Path | None:
    """Folder for diagrams made before (`.cache/diagrams/`), None with HANDREIKING_NO_CACHE."""
    if os.environ.get("HANDREIKING_NO_CACHE"):
        return None
    return Path(root) / ".cache" / "diagrams"


@lru_cache(maxsize=4)
def _dot_identity(dot: str) -> str:
    """What besides the source decides the SVG: Graphviz's version and the font it uses."""
    try:
        version = subprocess.run([dot, "-V"], capture_output=True, timeout=DOT_TIMEOUT,
                                 check=False).stderr.decode("utf-8", "replace").strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "?"
    parts = [dot, version]
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            font = subprocess.run([fc_match, "-f", "%{file}", "Noto Sans"], capture_output=True,
                                  timeout=DOT_TIMEOUT, check=False).stdout.decode("utf-8",
                                                                                  "replace")
            stat = Path(font).stat() if font else None
            parts.append(f"{font}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
        except (OSError, subprocess.TimeoutExpired):
            parts.append("font?")
    return "\n".join(parts)


def run_dot(source: str, shown: str = "checklists/trees", cache_dir: Path | None = None) -> str:
    """SVG from Graphviz `dot` (cached per source in memory, and in `cache_dir` by a hash of
    the source, Graphviz's version and font); DataError with a Dutch message on failure."""
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if key in _SVG_CACHE:
        return _SVG_CACHE[key]
    dot = shutil.which("dot")
    if dot is None:
        raise DataError(Problem(shown, 1, "Graphviz ('dot') is niet geïnstalleerd; nodig voor het "
                                "diagram van de beslisboom. Installeer het met 'sudo apt-get "
                                "install graphviz' of draai 'make site'."))
    stored = None
    if cache_dir is not None:
        ident = hashlib.sha256(f"{_dot_identity(dot)}\n{source}".encode("utf-8")).hexdigest()
        stored = Path(cache_dir) / f"{ident[:40]}.svg"
        try:
            _SVG_CACHE[key] = stored.read_text(encoding="utf-8")
            return _SVG_CACHE[key]
        except (OSError, UnicodeDecodeError):
            pass
    try:
        run = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                             timeout=DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise DataError(Problem(shown, 1, f"Graphviz deed er langer dan {DOT_TIMEOUT} s over om "
                                "het diagram te tekenen; maak de boom kleiner.")) from None
    if run.returncode != 0:
        raise DataError(Problem(shown, 1, "Graphviz kon het diagram niet tekenen: "
                                f"{run.stderr.decode('utf-8', 'replace').strip()[:300]}"))
    _SVG_CACHE[key] = run.stdout.decode("utf-8")
    if stored is not None:
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            tmp = stored.with_name(f"{stored.name}.tmp-{os.getpid()}")
            tmp.write_text(_SVG_CACHE[key], encoding="utf-8")
            tmp.replace(stored)
        except OSError:
            pass  # a read-only checkout still builds; it just draws again next time
    return _SVG_CACHE[key]


def clean_svg(svg: str, label: str) -> str:
    """Inline-ready SVG: no XML prolog, comments or per-node tooltips; labelled as one image."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\s*", "", svg, flags=re.S)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" '
                 'focusable="false"', svg, count=1)
    return svg.strip()


def diagram_svg(tree: Tree, lang: str, cache_dir: Path | None = None) -> str:
    """The tree's diagram as inline SVG for one language (`cache_dir`: see run_dot)."""
    label = section(lang, "trees")["diagram_label"].format(title=plain(tree.title[lang]))
    return clean_svg(run_dot(dot_source(tree, lang), tree.path, cache_dir), label)


def site_for(root: Path, trees: dict[str, Tree]) -> Site:
    """Site data from the project (policy version from data/versions.yml)."""
    from handreiking.core.project import LANGUAGES, current_version
    version = current_version(root)
    return Site(Path(root), trees, version.id,
                {lang: version.date_label(lang) for lang in LANGUAGES})

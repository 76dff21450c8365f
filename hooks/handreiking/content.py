"""Checks on the Markdown sources in docs/, and the open points of the whole project.

`check(root)` (run by `handreiking check`) reports, always as `path:line: Dutch message`:

- nl/en parity: every `x.md` has `x.en.md` and vice versa, with the same explicit heading ids;
- stale translations: an English page names the Dutch body it translates in its front matter
  (`vertaald_van: <first 12 hex of sha256>`, stamped by `handreiking vertaald`); missing is an
  open point, a mismatch an error;
- unknown content markers (`<!-- naam: ... -->`) and markers without their argument;
- links to pages or anchors that do not exist (relative Markdown links and raw `href`s);
- raw HTML outside the allowlist (tags, attributes, script URLs, also via attribute lists);
- the folders' readability: on average at most 15 words per sentence in running text;
- open points: `<!-- open: ... -->` in docs/**/*.md and `open:` fields in YAML under data/ and
  checklists/.

`readability_report(root)` gives the per-page figures for `handreiking check --leesbaarheid`.
Nothing here imports MkDocs; the scans are plain regular expressions (about 0.2 s for the site).
"""
from __future__ import annotations

import hashlib
import html as _html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify

from .errors import DataError, Problem, display_path
from .filecache import cached, cached_many
from .fragments import html_attrs, render
from .timeline import parse_period
from .project import YAML_FOLDERS, yaml_files  # noqa: F401
from .yamlload import LineDict, LineList, load_shared

# The content markers of DESIGN.md ("Markers in Markdown that hooks replace") plus open points;
# True = the marker needs an argument (`<!-- checklist: slug -->`), False = it takes none,
# None = optional (`<!-- tijdlijn -->` or `<!-- tijdlijn: 2022-05 tot 2023-07 -->`).
MARKERS = {
    "beslisboom": True,
    "checklist": True,
    "tijdlijn": None,
    "begrippenlijst": False,
    "animatie": False,
    "open-punten": False,
    "pdf-download": True,
    "contact": False,
    "open": True,
    # Used by hooks/versions.py on docs/versies/; not (yet) in DESIGN.md's list.
    "versies": False,
    # A rule from data/regels/ and the sources page (handreiking.rules).
    "regel": True,
    "bronnen": False,
}
# Markers whose widget adds anchors we cannot see in the source.
OPAQUE_MARKERS = ("beslisboom", "checklist")
ALLOWED_TAGS = frozenset({"ul", "ol", "li", "a", "span", "div", "p", "strong", "em", "br",
                          "abbr"})
# `markdown` is consumed by the md_in_html extension and never reaches the page.
ALLOWED_ATTRS = frozenset({"class", "href", "id", "lang", "markdown"})
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
# Browsers ignore tabs, newlines and other controls inside a URL scheme ('java&#9;script:').
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
FOLDER_MAX_WORDS = 15.0

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]*\2[`~]*[ \t]*$|\Z)", re.S | re.M)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
MARKER_SHAPE = re.compile(r"^([A-Za-z][\w-]*)\s*(?::\s*(.*))?$", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
EXPLICIT_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_][\w-]*)")
HTML_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"                 # [text] (one level of [..])
                  r"\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")  # (target "title")
REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.M)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
                 r"((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>")
# Any opening of an element, also one whose attributes a browser reads but TAG does not
# ('<script\nalert(1)</script>'); autolinks ('<https://...>', '<naam@x.nl>') do not match.
LOOSE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
ATTR_PAIR = re.compile(r"([A-Za-z_:][\w:.-]*)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s}]+)")


# ----------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class Source:
    """One Markdown page, with code masked out (same length and lines) for scanning."""

    path: Path          # absolute
    rel: str            # relative to docs/, e.g. 'bewindspersonen/regels.en.md'
    shown: str          # relative to the project, e.g. 'docs/bewindspersonen/regels.en.md'
    text: str           # whole file, newlines normalised
    body_start: int     # offset of the body (after front matter)
    masked: str         # text with code blocks/spans replaced by spaces

    @property
    def lang(self) -> str:
        """'en' for x.en.md, else 'nl'."""
        return "en" if self.rel.endswith(".en.md") else "nl"

    @property
    def base(self) -> str:
        """Dutch source name: 'a/b.en.md' -> 'a/b.md'."""
        return dutch_name(self.rel)

    def line(self, offset: int) -> int:
        """1-based line of a character offset."""
        return self.text.count("\n", 0, offset) + 1

    @property
    def front_matter(self) -> str:
        """The front matter block (without the --- lines), or ''."""
        m = FRONT_MATTER.match(self.text)
        return (m.group(1) or "") if m else ""


def dutch_name(rel: str) -> str:
    """'a/b.en.md' -> 'a/b.md'; other names unchanged."""
    return rel[: -len(".en.md")] + ".md" if rel.endswith(".en.md") else rel


def english_name(rel: str) -> str:
    """'a/b.md' -> 'a/b.en.md'."""
    return rel if rel.endswith(".en.md") else rel[: -len(".md")] + ".en.md"


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    """Replace fenced code blocks and inline code spans by spaces (offsets and lines kept)."""
    text = FENCE.sub(_blank, text)
    return INLINE_CODE.sub(_blank, text)


def read_source(path: Path, docs: Path, root: Path) -> Source:
    """Read one Markdown page."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    m = FRONT_MATTER.match(text)
    start = m.end() if m else 0
    masked = text[:start] + mask_code(text[start:])
    return Source(path, path.relative_to(docs).as_posix(), display_path(path, root), text,
                  start, masked)


def load_sources(root: Path, problems: list[Problem] | None = None) -> dict[str, Source]:
    """Every docs/**/*.md, keyed by its path relative to docs/. A page that is not UTF-8 is
    left out; its problem is appended to `problems` when given."""
    docs = Path(root) / "docs"
    sources = {}
    for path in sorted(docs.rglob("*.md")):
        if not path.is_file():
            continue
        try:
            source = cached(path, root, lambda p=path: read_source(p, docs, root), "source")
        except UnicodeDecodeError as exc:
            if problems is not None:
                raw = path.read_bytes()
                problems.append(Problem(display_path(path, root), raw.count(b"\n", 0, exc.start)
                                        + 1, "de pagina is niet in UTF-8 opgeslagen (ongeldig "
                                        f"teken op positie {exc.start}); sla haar op als UTF-8 "
                                        "in uw editor."))
            continue
        sources[source.rel] = source
    return sources


def script_url(url: str) -> bool:
    """True for a link that runs code or embeds data, however it is disguised.

    >>> script_url("java&#x09;script:alert(1)"), script_url(" JavaScript:x"), script_url("a.md")
    (True, True, False)
    """
    return bool(BAD_URL.match(URL_IGNORED.sub("", _html.unescape(url))))


def body_hash(text: str) -> str:
    """First 12 hex digits of the sha256 of a page's body without front matter.

    Line endings are normalised and surrounding whitespace ignored, so the hash does not depend
    on the editor or operating system.

    >>> body_hash("---\\nherzien: 2024-05-17\\n---\\n\\n# Titel\\n") == body_hash("# Titel")
    True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    m = FRONT_MATTER.match(text)
    body = text[m.end():] if m else text
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:12]


# ----------------------------------------------------------------------------- headings

@dataclass(frozen=True)
class Heading:
    """One ATX heading of a page."""

    level: int
    text: str            # plain text
    explicit_id: str | None
    slug: str            # the id MkDocs gives it (explicit id, else toc slug)
    line: int


def _plain_inline(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return _html.unescape(text).strip()


@lru_cache(maxsize=1024)
def headings(source: Source) -> list[Heading]:
    """Headings in the body (code excluded) with the ids MkDocs gives them."""
    out: list[Heading] = []
    used: dict[str, int] = {}
    body = source.masked
    for m in HEADING.finditer(body, source.body_start):
        raw = m.group(2)
        explicit = None
        attr = re.search(r"\{:?[ \t]*([^{}]*)\}\s*$", raw)
        if attr:
            ids = EXPLICIT_ID.findall(attr.group(1))
            explicit = ids[0] if ids else None
            raw = raw[: attr.start()]
        text = _plain_inline(raw.rstrip("# \t"))
        if explicit:
            slug = explicit
        else:
            base = slugify(text, "-")
            slug = base
            while slug in used:
                used[base] += 1
                slug = f"{base}_{used[base]}"
        used.setdefault(slug, 0)
        out.append(Heading(len(m.group(1)), text, explicit, slug, source.line(m.start())))
    return out


def page_ids(source: Source, glossary_ids=(), scene_ids=(), source_ids=()) -> set[str] | None:
    """Every anchor a page has: heading ids, attr-list ids, raw HTML ids and the ids the
    generated fragments add. None when a widget adds anchors we cannot know."""
    ids = {h.slug for h in headings(source)}
    body = source.masked[source.body_start:]
    for m in ATTR_LIST.finditer(body):
        ids.update(EXPLICIT_ID.findall(m.group(1)))
    ids.update(HTML_ID.findall(body))
    for marker, _arg, _line in markers(source):
        if marker == "begrippenlijst":
            ids.update(f"begrip-{g}" for g in glossary_ids)
        elif marker == "animatie":
            ids.update({"ondertitels", "script"} | {f"scene-{s}" for s in scene_ids})
        elif marker == "bronnen":
            ids.update(f"bron-{s}" for s in source_ids)  # handreiking.rules.render.anchor
        elif marker in OPAQUE_MARKERS:
            return None
    return ids


# ----------------------------------------------------------------------------- markers

def markers(source: Source) -> list[tuple[str, str | None, int]]:
    """(name, argument, line) of every marker-shaped comment outside code."""
    out = []
    for m in COMMENT.finditer(source.masked, source.body_start):
        shape = MARKER_SHAPE.match(m.group(1).strip())
        if not shape:
            continue
        arg = shape.group(2)
        out.append((shape.group(1), " ".join(arg.split()) if arg is not None else None,
                    source.line(m.start())))
    return out


def known_markers(root: Path | None) -> dict[str, bool]:
    """MARKERS plus any marker DESIGN.md lists (name -> needs an argument)."""
    known = dict(MARKERS)
    design = Path(root) / "DESIGN.md" if root is not None else None
    if design is not None and design.is_file():
        found = cached(design, design.parent, lambda: design_markers(design), "design-markers")
        for name, has_arg in found.items():
            known.setdefault(name, has_arg)
    return known


def check_markers(source: Source, known: dict[str, bool] = MARKERS) -> list[Problem]:
    """Unknown markers, and markers with a missing or unexpected argument."""
    problems = []
    names = ", ".join(sorted(known))
    for name, arg, line in markers(source):
        if name not in known:
            problems.append(Problem(source.shown, line, f"onbekende markering '<!-- {name} -->'; "
                                    f"bekend zijn: {names} (zie DESIGN.md). Controleer de "
                                    "spelling, of schrijf een gewone opmerking zonder dubbele "
                                    "punt."))
        elif known[name] and not arg:
            problems.append(Problem(source.shown, line, f"markering '{name}' mist haar waarde; "
                                    f"schrijf '<!-- {name}: ... -->'."))
        elif known[name] is False and arg is not None:
            problems.append(Problem(source.shown, line, f"markering '{name}' heeft geen waarde; "
                                    f"schrijf alleen '<!-- {name} -->'."))
        elif name == "tijdlijn" and arg:
            try:
                parse_period(arg)
            except ValueError:
                problems.append(Problem(source.shown, line, f"periode '{arg}' bij 'tijdlijn' "
                                        "kan niet gelezen worden; schrijf bijvoorbeeld "
                                        "'<!-- tijdlijn: 2022-05 tot 2023-07 -->' of "
                                        "'<!-- tijdlijn: vanaf 2022 -->'."))
    return problems


def nearest_heading(source: Source, line: int) -> str:
    """Text of the last heading above `line` ('' when there is none)."""
    text = ""
    for h in headings(source):
        if h.line > line:
            break
        text = h.text
    return text


# ----------------------------------------------------------------------------- open points

@dataclass(frozen=True)
class OpenPoint:
    """A statement no source confirms yet, for the editors' list."""

    path: str
    line: int
    text: str
    context: str = ""       # nearest heading (Markdown) or the block's id (YAML)
    kind: str = "tekst"     # "tekst" (docs), "gegevens" (YAML), "controle" (other checks)

    def problem(self) -> Problem:
        """As an open-point Problem for `handreiking check --open`."""
        where = f" (onder '{self.context}')" if self.kind == "tekst" and self.context else (
            f" (bij '{self.context}')" if self.context else "")
        return Problem(self.path, self.line, f"open punt{where}: {self.text}", "open")


def markdown_open_points(sources: dict[str, Source]) -> list[OpenPoint]:
    """Every `<!-- open: ... -->` in the pages, with file, line and nearest heading."""
    points = []
    for source in sources.values():
        for name, arg, line in markers(source):
            if name == "open" and arg:
                points.append(OpenPoint(source.shown, line, arg, nearest_heading(source, line)))
    return points


def _walk_open(node, shown: str, context: str, out: list[OpenPoint]) -> None:
    if isinstance(node, LineDict):
        label = str(node.get("id") or node.get("slug") or node.get("datum") or context)
        for key, value in node.items():
            if key == "open" and isinstance(value, str) and value.strip():
                out.append(OpenPoint(shown, node.line_of(key), " ".join(value.split()), label,
                                     "gegevens"))
            else:
                _walk_open(value, shown, label, out)
    elif isinstance(node, LineList):
        for item in node:
            _walk_open(item, shown, context, out)


def yaml_open_points(root: Path) -> tuple[list[OpenPoint], list[Problem]]:
    """`open:` fields at any depth of every YAML file (and the files that cannot be read)."""
    points: list[OpenPoint] = []
    problems: list[Problem] = []
    for file in yaml_files(root):
        try:
            data = load_shared(file, root)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        _walk_open(data, display_path(file, root), "", points)
    return points, problems


# What `handreiking check` reads: a change to any file here runs the checks again.
CHECK_INPUTS = ("docs", "data", "checklists", "overrides", "DESIGN.md", "mkdocs.yml")


def open_points(root: Path) -> list[OpenPoint]:
    """Every open point of the project: Markdown, YAML and the other checks (e.g. contact
    address unset), one per file and line, sorted by file and line.

    Runs every check, so the result is cached until a file under CHECK_INPUTS changes (the
    build asks once per language)."""
    root = Path(root)
    return list(cached_many([root / name for name in CHECK_INPUTS], root,
                            lambda: tuple(_open_points(root)), "open-points"))


def _open_points(root: Path) -> list[OpenPoint]:
    from .cli import run_checks  # late import: cli imports this module's siblings
    sources = load_sources(root)
    points = markdown_open_points(sources) + yaml_open_points(root)[0]
    seen = {(p.path, p.line) for p in points}
    for problem in run_checks(root):
        if problem.severity == "open" and (problem.path, problem.line) not in seen:
            seen.add((problem.path, problem.line))
            text = re.sub(r"^open punt[^:]*:\s*", "", problem.message)
            points.append(OpenPoint(problem.path, problem.line, text, "", "controle"))
    return sorted(points, key=lambda p: (p.path, p.line))


def unique_open(problems: list[Problem]) -> list[Problem]:
    """Open-point problems with at most one per file and line (several checks may report the
    same YAML `open:` field)."""
    seen, out = set(), []
    for p in sorted(problems):
        if p.severity == "open" and (p.path, p.line) not in seen:
            seen.add((p.path, p.line))
            out.append(p)
    return out


def render_open_points(points: list[OpenPoint], lang: str) -> str:
    """HTML list of the open points (messages are for Dutch editors, so marked `lang="nl"`)."""
    groups = [
        ("tekst", {"nl": "In de teksten", "en": "In the pages"}),
        ("gegevens", {"nl": "In de gegevens (YAML)", "en": "In the data (YAML)"}),
        ("controle", {"nl": "Uit de controle", "en": "From the checks"}),
    ]
    data = [{"title": title[lang],
             "points": [p for p in points if p.kind == kind]} for kind, title in groups]
    return render("open_punten.html", groups=[g for g in data if g["points"]], lang=lang,
                  total=len(points))


def render_contact(email: str | None, lang: str) -> str:
    """The contact address from data/site.yml, or a neutral sentence while it is unset."""
    return render("contact.html", email=email, lang=lang)


# ----------------------------------------------------------------------------- checks

def check_parity(sources: dict[str, Source],
                 unreadable: set[str] = frozenset()) -> list[Problem]:
    """Every page in both languages, with the same explicit heading ids (a counterpart that
    exists but cannot be read is reported as such, not as missing)."""
    problems = []
    for rel, source in sources.items():
        other = dutch_name(rel) if source.lang == "en" else english_name(rel)
        if other in unreadable:
            continue
        if other not in sources:
            which = "Nederlandse" if source.lang == "en" else "Engelse"
            problems.append(Problem(source.shown, 1, f"de {which} versie 'docs/{other}' "
                                    "ontbreekt; elke pagina bestaat in het Nederlands (x.md) "
                                    "en het Engels (x.en.md)."))
            continue
        theirs = {h.explicit_id for h in headings(sources[other]) if h.explicit_id}
        for h in headings(source):
            if h.explicit_id and h.explicit_id not in theirs:
                problems.append(Problem(source.shown, h.line, f"kop-id '#{h.explicit_id}' "
                                        f"ontbreekt in 'docs/{other}'; geef de overeenkomende "
                                        f"kop daar '{{#{h.explicit_id}}}'."))
    return problems


def check_translations(sources: dict[str, Source]) -> list[Problem]:
    """English pages name the Dutch body they translate (`vertaald_van`)."""
    problems = []
    for rel, source in sources.items():
        if source.lang != "en" or source.base not in sources:
            continue
        m = re.search(r"^vertaald_van:[ \t]*[\"']?([0-9a-fA-F]*)[\"']?[ \t]*$",
                      source.front_matter, re.M)
        command = f"handreiking vertaald {source.shown}"
        if not m:
            problems.append(Problem(source.shown, 1, "open punt: nog niet als vertaald "
                                    f"gemarkeerd; controleer de vertaling en draai '{command}'.",
                                    "open"))
            continue
        line = source.line(source.text.index("vertaald_van:"))
        if m.group(1).lower() != body_hash(sources[source.base].text):
            problems.append(Problem(source.shown, line, "de Nederlandse bron is gewijzigd sinds "
                                    "de vertaling; werk de Engelse tekst bij en draai "
                                    f"'{command}'."))
    return problems


def _page_url_dir(rel: str) -> str:
    """Directory URL of a page (use_directory_urls), without language prefix: 'a/b.md' -> 'a/b/'."""
    base = dutch_name(rel)[: -len(".md")]
    if base == "index" or base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


def _resolve_url(rel: str, href: str) -> str | None:
    """A raw href relative to a page's URL -> the Dutch page it means, or None when it is no
    page URL (a download, an image)."""
    path = posixpath.normpath(posixpath.join(_page_url_dir(rel), href))
    if path in (".", ""):
        return "index.md"
    if path.startswith("../"):
        return None
    last = path.rsplit("/", 1)[-1]
    if "." in last and not href.endswith("/"):
        return None
    return path


class _LinkChecker:
    def __init__(self, sources: dict[str, Source], glossary_ids, scene_ids, source_ids=()):
        self.sources = sources
        self.glossary_ids = glossary_ids
        self.scene_ids = scene_ids
        self.source_ids = source_ids
        self._ids: dict[str, set[str] | None] = {}
        self.unreadable: set[str] = set()  # pages that exist but are not UTF-8 (reported apart)

    def ids(self, rel: str) -> set[str] | None:
        if rel not in self._ids:
            self._ids[rel] = page_ids(self.sources[rel], self.glossary_ids, self.scene_ids,
                                      self.source_ids)
        return self._ids[rel]

    def anchor(self, source: Source, target_rel: str, anchor: str, line: int) -> Problem | None:
        if not anchor:
            return None
        ids = self.ids(target_rel)
        if ids is None or anchor in ids:
            return None
        return Problem(source.shown, line, f"link naar '#{anchor}': die kop bestaat niet in "
                       f"'docs/{target_rel}'; kies een bestaande kop of geef de kop "
                       f"'{{#{anchor}}}'.")

    def page(self, source: Source, target: str) -> tuple[str | None, str | None]:
        """(target page in the source's language, error) for a relative .md target."""
        folder = posixpath.dirname(source.rel)
        path = posixpath.normpath(posixpath.join(folder, target)) if target else source.rel
        nl = dutch_name(path)
        if nl in self.unreadable or english_name(nl) in self.unreadable:
            return None, None
        if path.startswith("../") or nl not in self.sources:
            return None, f"pagina 'docs/{nl}' bestaat niet; controleer de naam en de map."
        if source.lang == "en":
            en = english_name(nl)
            return (en if en in self.sources else None), None
        return nl, None

    def check(self, source: Source) -> list[Problem]:
        problems = []
        body = source.masked
        targets = [(m.group(1), m.start()) for m in LINK.finditer(body, source.body_start)]
        targets += [(m.group(1), m.start()) for m in REF_DEF.finditer(body, source.body_start)]
        for target, offset in targets:
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", target, re.I):
                continue
            page, _, anchor = target.partition("#")
            if page and not page.endswith(".md"):
                continue
            line = source.line(offset)
            rel, error = self.page(source, page)
            if error:
                problems.append(Problem(source.shown, line, f"link naar '{target}': {error}"))
            elif rel:
                p = self.anchor(source, rel, anchor, line)
                if p:
                    problems.append(p)
        for m in TAG.finditer(body, source.body_start):
            if m.group(1) or m.group(2).lower() != "a":
                continue
            href = (html_attrs(m.group(3)).get("href") or "").strip()
            if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", href, re.I) or script_url(href):
                continue
            line = source.line(m.start())
            page, _, anchor = href.partition("#")
            if page.endswith(".md"):
                problems.append(Problem(source.shown, line, f"link '{href}' in HTML wijst naar "
                                        "een .md-bestand; dat werkt alleen in een "
                                        "Markdown-link [tekst](pagina.md). Gebruik hier het "
                                        "webadres van de pagina (zoals 'map/pagina/')."))
                continue
            if not page:
                rel = source.rel
            else:
                url = _resolve_url(source.rel, page)
                if url is None:
                    continue
                candidates = [url + "index.md", url.rstrip("/") + ".md"] if url.endswith("/") \
                    else [url + "/index.md", url + ".md"]
                if url == "index.md":
                    candidates = ["index.md"]
                rel = next((c for c in candidates if c in self.sources), None)
                if rel is None:
                    problems.append(Problem(source.shown, line, f"link naar '{href}': er is "
                                            f"geen pagina op dat adres (gezocht: "
                                            f"docs/{candidates[0]}); controleer het adres."))
                    continue
            if source.lang == "en":
                rel = english_name(rel)
                if rel not in self.sources:
                    continue
            p = self.anchor(source, rel, anchor, line)
            if p:
                problems.append(p)
        return problems


def check_html(source: Source) -> list[Problem]:
    """Raw HTML only from the allowlist: simple structural tags with class/href/id/lang."""
    problems = []
    body = COMMENT.sub(_blank, source.masked[source.body_start:])
    body = source.masked[:source.body_start] + body
    allowed_tags = ", ".join(sorted(ALLOWED_TAGS))
    allowed_attrs = ", ".join(sorted(ALLOWED_ATTRS - {"markdown"}))
    for m in LOOSE_TAG.finditer(body, source.body_start):
        name = m.group(1).lower()
        if name not in ALLOWED_TAGS:
            problems.append(Problem(source.shown, source.line(m.start()), f"HTML-element "
                                    f"<{name}> is niet toegestaan; gebruik Markdown of alleen: "
                                    f"{allowed_tags}."))
    for m in TAG.finditer(body, source.body_start):
        line = source.line(m.start())
        name = m.group(2).lower()
        if name not in ALLOWED_TAGS:
            continue
        for attr, value in html_attrs(m.group(3)).items():
            if attr.startswith("on"):
                problems.append(Problem(source.shown, line, f"attribuut '{attr}' (script bij "
                                        f"een gebeurtenis) in <{name}> is niet toegestaan; "
                                        "verwijder het."))
            elif attr not in ALLOWED_ATTRS:
                problems.append(Problem(source.shown, line, f"attribuut '{attr}' in <{name}> "
                                        f"is niet toegestaan; toegestaan zijn: "
                                        f"{allowed_attrs}."))
            elif attr == "href" and script_url(value):
                problems.append(Problem(source.shown, line, f"link '{value[:40]}' in <{name}> "
                                        "voert code uit of bevat ingesloten gegevens; dat is "
                                        "niet toegestaan. Gebruik een gewone link."))
    links = [(m.group(1), m.start(), m.group(0).startswith("!")) for m in LINK.finditer(body,
             source.body_start)]
    links += [(m.group(1), m.start(), False) for m in REF_DEF.finditer(body, source.body_start)]
    links += [(m.group(1), m.start(), False) for m in AUTOLINK.finditer(body, source.body_start)]
    for url, offset, image in links:
        if script_url(url):
            problems.append(Problem(source.shown, source.line(offset), f"link "
                                    f"'{url[:40]}' voert code uit of bevat ingesloten gegevens; "
                                    "dat is niet toegestaan. Gebruik een gewone link."))
        elif image and re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.I):
            problems.append(Problem(source.shown, source.line(offset), f"afbeelding "
                                    f"'{url[:60]}' komt van een andere website; de site laadt "
                                    "niets van elders. Zet de afbeelding in docs/ en link "
                                    "daarheen."))
    for m in ATTR_LIST.finditer(body, source.body_start):
        for pair in ATTR_PAIR.finditer(m.group(1)):
            attr = pair.group(1).lower()
            if attr not in ("class", "id", "lang"):
                problems.append(Problem(source.shown, source.line(m.start()), f"attribuut "
                                        f"'{attr}' in een attributenlijst {{: ... }} is niet "
                                        "toegestaan; gebruik alleen #id, .klasse of lang=."))
    return problems


# ----------------------------------------------------------------------------- readability

VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9À-Ý])")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


def syllables(word: str, lang: str = "nl") -> int:
    """Vowel groups as syllables (with a silent final e in English).

    >>> syllables("bewindspersonen"), syllables("informatie"), syllables("phone", "en")
    (5, 4, 1)
    """
    w = word.lower()
    count = len(VOWELS.findall(w))
    if lang == "en" and count > 1 and w.endswith("e") and not w.endswith(("le", "ee")):
        count -= 1
    return max(count, 1)


def _clean_inline(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{:?[^{}\n]*\}", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    return _html.unescape(text)


def running_text(source: Source) -> list[tuple[str, int]]:
    """(text, line) of each paragraph, list item and table cell: headings, code, comments,
    front matter, admonition titles and raw tags left out."""
    body = source.masked[source.body_start:]
    body = COMMENT.sub(_blank, body)
    # Raw HTML structure: list items and paragraphs start new pieces.
    body = re.sub(r"<li\b[^>]*>", lambda m: "\n- " + " " * max(len(m.group(0)) - 3, 0), body)
    body = re.sub(r"</(?:p|li|div|ul|ol|dt|dd)>|<br\s*/?>", lambda m: "\n" + " " *
                  (len(m.group(0)) - 1), body)
    offset_line = source.line(source.body_start)
    pieces: list[list] = []      # [text, line]
    current: list | None = None
    for number, raw in enumerate(body.split("\n")):
        line_no = offset_line + number
        stripped = raw.strip()
        if (not stripped or stripped.startswith("#") or re.match(r"^(!!!|\?\?\?\+?|///)", stripped)
                or re.match(r"^\|?[\s:|-]+\|[\s:|-]*$", stripped) or re.match(r"^(-{3,}|\*{3,})$",
                                                                          stripped)):
            current = None
            continue
        if re.match(r"^<[^>]+>$", stripped):
            current = None
            continue
        if stripped.startswith("|"):
            for cell in stripped.strip("|").split("|"):
                if cell.strip():
                    pieces.append([cell.strip(), line_no])
            current = None
            continue
        item = LIST_ITEM.match(raw)
        if item:
            current = [raw[item.end():].strip(), line_no]
            pieces.append(current)
        elif current is None:
            current = [stripped.lstrip("> "), line_no]
            pieces.append(current)
        else:
            current[0] += " " + stripped
    out = []
    for text, line_no in pieces:
        clean = _clean_inline(text).strip()
        if WORD.search(clean):
            out.append((clean, line_no))
    return out


@dataclass(frozen=True)
class Readability:
    """Readability figures of one page."""

    path: str
    sentences: int
    words: int
    long_words: int
    longest: tuple[int, int]          # (words, line) of the longest sentence

    @property
    def words_per_sentence(self) -> float:
        """Average words per sentence."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_share(self) -> float:
        """Share of words with four or more syllables (0..1)."""
        return self.long_words / self.words if self.words else 0.0


def rule_pieces(source: Source, rule_texts: dict[str, list[str]] | None) -> list[tuple[str, int]]:
    """(text, line) of what each `<!-- regel: ID -->` marker of the page shows: the rule box's
    statement and its source line. `rule_texts` maps a rule id to those texts in the page's
    language; unknown ids add nothing (the marker check reports them)."""
    if not rule_texts:
        return []
    out = []
    for m in COMMENT.finditer(source.masked):
        shape = MARKER_SHAPE.match(m.group(1).strip())
        if shape and shape.group(1) == "regel":
            for text in rule_texts.get((shape.group(2) or "").strip(), []):
                out.append((text, source.line(m.start())))
    return out


def folder_rule_texts(root: Path) -> dict[str, dict[str, list[str]]]:
    """lang -> rule id -> the texts its rule box shows ('Verplicht: ...', 'Bron: ...'); empty
    when the registers have errors."""
    from .rules import read_register
    from .rules.render import kind_label, source_line
    try:
        register = read_register(root)
    except DataError:
        return {}
    if register.problems:
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for lang in ("nl", "en"):
        texts = out.setdefault(lang, {})
        for rule in register.rules.values():
            pieces = [f"{kind_label(rule.kind, lang)}: {' '.join(rule.text[lang].split())}"]
            line = source_line(register, rule, lang)
            if line:
                pieces.append(line)
            texts[rule.id] = pieces
    return out


def readability(source: Source, rule_texts: dict[str, list[str]] | None = None) -> Readability:
    """Words per sentence (each paragraph sentence and list item counts) and long words.

    With `rule_texts` (see `folder_rule_texts`), the rule boxes the page shows count too."""
    sentences = words = long_words = 0
    longest = (0, 1)
    for text, line in running_text(source) + rule_pieces(source, rule_texts):
        for sentence in SENTENCE_END.split(text):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            long_words += sum(1 for w in found if syllables(w, source.lang) >= 4)
            if len(found) > longest[0]:
                longest = (len(found), line)
    return Readability(source.shown, sentences, words, long_words, longest)


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def check_folders(sources: dict[str, Source], root: Path | None = None) -> list[Problem]:
    """The folders average at most 15 words a sentence in their running text, the rule boxes
    they show included (when `root` is given)."""
    problems = []
    rules = folder_rule_texts(root) if root is not None else {}
    for rel, source in sources.items():
        if not rel.startswith("folders/"):
            continue
        r = readability(source, rules.get(source.lang))
        if r.words_per_sentence > FOLDER_MAX_WORDS:
            problems.append(Problem(source.shown, 1, f"gemiddeld {_number(r.words_per_sentence)} "
                                    f"woorden per zin in de lopende tekst; een folder heeft "
                                    f"gemiddeld hoogstens {FOLDER_MAX_WORDS:.0f}. Maak zinnen "
                                    f"korter (de langste, {r.longest[0]} woorden, staat op regel "
                                    f"{r.longest[1]})."))
    return problems


def readability_report(root: Path) -> list[str]:
    """One line per page for `handreiking check --leesbaarheid`."""
    lines = []
    rules = folder_rule_texts(root)
    for source in load_sources(root).values():
        r = readability(source, rules.get(source.lang) if source.rel.startswith("folders/")
                        else None)
        if not r.sentences:
            continue
        flag = ""
        if source.rel.startswith("folders/") and r.words_per_sentence > FOLDER_MAX_WORDS:
            flag = f"  <-- boven {FOLDER_MAX_WORDS:.0f}"
        lines.append(f"{r.path}: {_number(r.words_per_sentence)} woorden per zin, "
                     f"{r.long_share * 100:.0f}% woorden van 4+ lettergrepen "
                     f"({r.sentences} zinnen, {r.words} woorden){flag}")
    return lines


# ----------------------------------------------------------------------------- entry points

def _generated_ids(root: Path) -> tuple[list[str], list[str], list[str]]:
    """Ids the glossary, animation and sources-list fragments add (empty when their data is
    broken)."""
    from .animation import load_animation
    from .glossary import load_glossary
    from .rules.model import read_register
    try:
        glossary = [t.id for t in load_glossary(root)]
    except DataError:
        glossary = []
    try:
        scenes = [s.id for s in load_animation(root).scenes]
    except DataError:
        scenes = []
    sources = list(read_register(root).sources)
    return glossary, scenes, sources


def check(root: Path) -> list[Problem]:
    """All content checks; errors and open points, each `path:line: message`."""
    root = Path(root)
    problems: list[Problem] = []
    sources = load_sources(root, problems)
    unreadable = {Path(p.path).relative_to("docs").as_posix() for p in problems}
    problems += check_parity(sources, unreadable)
    problems += check_translations(sources)
    links = _LinkChecker(sources, *_generated_ids(root))
    links.unreadable = unreadable
    known = known_markers(root)
    for source in sources.values():
        problems += check_markers(source, known)
        problems += check_html(source)
        problems += links.check(source)
    problems += check_folders(sources, root)
    problems += [p.problem() for p in markdown_open_points(sources)]
    points, yaml_problems = yaml_open_points(root)
    problems += [p.problem() for p in points] + yaml_problems
    return problems


_PAGE_PROBLEMS: dict[tuple, tuple[Problem, ...]] = {}


def page_problems(source_text: str, rel: str, root: Path) -> list[Problem]:
    """Marker and raw-HTML problems of one page (for the build, which has the text at hand).

    Remembered per page text (and known markers), so a rebuild does not check unchanged
    pages again."""
    known = known_markers(root)
    key = (str(root), rel, source_text, tuple(sorted(known.items())))
    found = _PAGE_PROBLEMS.get(key)
    if found is None:
        docs = Path(root) / "docs"
        text = source_text.replace("\r\n", "\n")
        masked = mask_code(text)
        source = Source(docs / rel, rel, f"docs/{rel}", text, 0, masked)
        found = tuple(check_markers(source, known) + check_html(source))
        if len(_PAGE_PROBLEMS) >= 512:
            _PAGE_PROBLEMS.clear()
        _PAGE_PROBLEMS[key] = found
    return list(found)


OPEN_COMMENT_HTML = re.compile(r"<!--\s*open\s*:.*?-->\n?", re.S)


def strip_open_comments(html: str) -> str:
    """Remove `<!-- open: ... -->` notes from rendered HTML (they are for editors only and are
    listed on redactie/open-punten)."""
    return OPEN_COMMENT_HTML.sub("", html)


def substitute_markers(text: str, handlers: dict) -> str:
    """Replace markers outside code: `handlers[name](argument)` gives the replacement (a block,
    surrounded by blank lines) or None to leave the marker for another hook."""
    masked = mask_code(text.replace("\r\n", "\n"))
    text = text.replace("\r\n", "\n")
    out, pos = [], 0
    for m in COMMENT.finditer(masked):
        shape = MARKER_SHAPE.match(m.group(1).strip())
        if not shape or shape.group(1) not in handlers:
            continue
        arg = shape.group(2)
        replacement = handlers[shape.group(1)](" ".join(arg.split()) if arg else None)
        if replacement is None:
            continue
        out += [text[pos:m.start()], "\n\n", replacement.strip("\n"), "\n\n"]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def stamp_translation(root: Path, path: str) -> str:
    """Write `vertaald_van: <hash of the Dutch body>` into an English page's front matter.

    `path` may name the English or the Dutch page. Returns a Dutch confirmation line."""
    root = Path(root)
    docs = root / "docs"
    file = (Path(path) if Path(path).is_absolute() else Path.cwd() / path).resolve()
    if not file.is_file():
        file = (root / path).resolve()
    try:
        rel = file.relative_to(docs.resolve()).as_posix()
    except ValueError:
        raise DataError(Problem(str(path), 1, "dit bestand staat niet in docs/; geef een pagina "
                                "als docs/map/pagina.en.md.")) from None
    if not rel.endswith(".md"):
        raise DataError(Problem(str(path), 1, "geen Markdown-pagina (.md)."))
    english, dutch = docs / english_name(rel), docs / dutch_name(rel)
    for f in (dutch, english):
        if not f.is_file():
            raise DataError(Problem(display_path(f, root), 1, "bestand niet gevonden; elke "
                                    "pagina bestaat als x.md (Nederlands) en x.en.md (Engels)."))
    digest = body_hash(dutch.read_text(encoding="utf-8-sig"))
    text = english.read_text(encoding="utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    norm = text.replace("\r\n", "\n")
    m = FRONT_MATTER.match(norm)
    if m:
        block = m.group(1) or ""
        if re.search(r"^vertaald_van:.*$", block, re.M):
            block = re.sub(r"^vertaald_van:.*$", f"vertaald_van: {digest}", block, count=1,
                           flags=re.M)
        else:
            block = block + f"vertaald_van: {digest}\n"
        norm = f"---\n{block}---\n" + norm[m.end():]
    else:
        norm = f"---\nvertaald_van: {digest}\n---\n\n" + norm
    english.write_text(norm.replace("\n", newline), encoding="utf-8")
    return (f"{display_path(english, root)}: gemarkeerd als vertaling van "
            f"{display_path(dutch, root)} ({digest}).")


def design_markers(design_md: Path) -> dict[str, bool]:
    """The markers DESIGN.md lists under "Markers in Markdown" (name -> needs an argument)."""
    text = design_md.read_text(encoding="utf-8")
    start = text.find("Markers in Markdown")
    if start < 0:
        return {}
    end = text.find("\n- ", start)
    part = text[start:end if end > 0 else None]
    return {m.group(1): bool(m.group(2)) for m in re.finditer(r"<!-- ([a-z-]+)(:)?", part)}

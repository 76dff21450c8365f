"""One Markdown source model for docs/: the page (`Source`), its headings, its markers.

Every scan of Markdown in the package uses this module: code blocks and spans are masked out
(same offsets and lines), headings get the ids MkDocs gives them (one heading parser), and
marker comments (`<!-- naam: waarde -->`) are found outside code.
"""
from __future__ import annotations

import bisect
import hashlib
import html as _html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify

from handreiking.core.errors import Problem, display_path
from handreiking.core.filecache import cached
from handreiking.core.langs import page_language, source_page
from handreiking.core.limits import MAX_PAGE_BYTES, page_limits

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]*\2[`~]*[ \t]*$|\Z)", re.S | re.M)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
MARKER_SHAPE = re.compile(r"^([A-Za-z][\w-]*)\s*(?::\s*(.*))?$", re.S)
# Linear: the text is taken whole and its closing '#'s and spaces are stripped in code (the
# older '(.+?)[ \t]*#*[ \t]*$' backtracked cubically on a heading with many inner spaces).
HEADING = re.compile(r"^(#{1,6})[ \t]+([^\n]*\S)[ \t]*$", re.M)
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
        """The page's language: 'en' for x.en.md, the source language for x.md."""
        return page_language(self.rel)

    @property
    def base(self) -> str:
        """Dutch source name: 'a/b.en.md' -> 'a/b.md'."""
        return dutch_name(self.rel)

    def line(self, offset: int) -> int:
        """1-based line of a character offset."""
        return bisect.bisect_left(_newlines(self.text), offset) + 1

    @property
    def front_matter(self) -> str:
        """The front matter block (without the --- lines), or ''."""
        m = FRONT_MATTER.match(self.text)
        return (m.group(1) or "") if m else ""


@lru_cache(maxsize=64)
def _newlines(text: str) -> tuple[int, ...]:
    """Offsets of every newline (line lookups by bisection: linear in the number of lookups,
    not quadratic)."""
    return tuple(m.start() for m in re.finditer("\n", text))


# The source page of a page file ('a/b.en.md' -> 'a/b.md'); the name other packages use.
dutch_name = source_page


def blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    """Replace fenced code blocks and inline code spans by spaces (offsets and lines kept)."""
    text = FENCE.sub(blank, text)
    return INLINE_CODE.sub(blank, text)


def read_source(path: Path, docs: Path, root: Path, errors: str = "strict") -> Source:
    """Read one Markdown page (`errors="replace"`: also a page that is not UTF-8)."""
    text = path.read_text(encoding="utf-8-sig", errors=errors)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
    inside = Path(root).resolve()
    for path in sorted(docs.rglob("*.md")):
        if not path.is_file() or path.is_symlink():
            continue
        if inside not in path.resolve().parents:  # through a linked folder: checks.files
            continue
        over = cached(path, root, lambda p=path: tuple(over_limits(p, root)), "limits")
        if over:  # pathological: no scan of ours may see it
            if problems is not None:
                problems.extend(over)
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



def over_limits(path: Path, root: Path) -> list[Problem]:
    """The page's problems with the limits for pathological input (`core.limits`); [] when it
    is within them or cannot be read as UTF-8 (that is reported where it is read)."""
    shown = display_path(path, root)
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        return page_limits("", shown, size)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return []
    return page_limits(text.replace("\r\n", "\n").replace("\r", "\n"), shown)


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
        stripped = raw.rstrip("#")
        if stripped != raw and (not stripped or stripped[-1] in " \t"):
            raw = stripped.rstrip(" \t")  # a closing sequence of '#'s
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



def file_headings(file: Path) -> tuple[Heading, ...]:
    """Headings of one Markdown file, cached by its stamp (a page that is not UTF-8 is read
    with replacement characters; the content check reports it)."""
    def read() -> tuple[Heading, ...]:
        if file.stat().st_size > MAX_PAGE_BYTES:  # reported by the content check
            return ()
        return tuple(headings(read_source(file, file.parent, file.parent, errors="replace")))
    return cached(file, file.parent, read, "headings")


def title_and_ids(file: Path) -> tuple[str | None, dict[str, str]]:
    """(text of the first level-1 heading or None, {explicit id: heading text}) of a file;
    for an id used twice the first heading counts."""
    title, ids = None, {}
    for h in file_headings(file):
        if h.level == 1 and title is None:
            title = h.text
        if h.explicit_id:
            ids.setdefault(h.explicit_id, h.text)
    return title, ids


def nearest_heading(source: Source, line: int) -> str:
    """Text of the last heading above `line` ('' when there is none)."""
    text = ""
    for h in headings(source):
        if h.line > line:
            break
        text = h.text
    return text


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

"""Print HTML for one product PDF: cover, colophon, table of contents and the chapters.

Pure functions, no MkDocs and no WeasyPrint. The chapters are the pages' rendered article HTML
(after every other hook ran, so decision trees, checklists and glossary expansions are in it).
Each chapter is rewritten so the pages can live in one document:

- every id gets a chapter prefix (`c3-frequentie`), and so do `for`, `headers` and `aria-*` refs;
- links to a page of the same product become internal links (`#c3-frequentie`); links to other
  pages go to the web address when `site_url` is known and are otherwise unlinked (a dead relative
  link in a PDF is worse than plain text); external `http(s)`/`mailto`/`tel` links stay;
- images resolve to a file on disk through a callback (embedded by WeasyPrint; no path is written);
- comments, scripts, templates and event handlers are dropped.
"""
from __future__ import annotations

import base64
import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, NamedTuple
from urllib.parse import urljoin, urlsplit


from handreiking.core.urls import docs_url
from handreiking.core.render import TEMPLATES, template
from handreiking.i18n import by_language

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
# (family, weight, style, file) — all from Debian's fonts-noto-core.
FONTS = [
    ("Noto Sans", "normal", "normal", "NotoSans-Regular.ttf"),
    ("Noto Sans", "bold", "normal", "NotoSans-Bold.ttf"),
    ("Noto Sans", "normal", "italic", "NotoSans-Italic.ttf"),
    ("Noto Sans", "bold", "italic", "NotoSans-BoldItalic.ttf"),
    ("Noto Sans Symbols 2", "normal", "normal", "NotoSansSymbols2-Regular.ttf"),
    ("Noto Sans Symbols", "normal", "normal", "NotoSansSymbols-Regular.ttf"),
]

TEXT = by_language("pdf.document")

ID_ATTRS = {"id", "for", "headers"}
IDREF_LIST_ATTRS = {"aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                    "aria-details", "aria-errormessage", "aria-flowto", "list"}
DROP_ELEMENTS = {"script", "template", "style", "iframe", "object", "embed"}
# Elements left out of the print document: the page's own download link (so a change of the
# link's text never changes a PDF) and anything marked as not for print.
# Change badges ("gewijzigd") and the change note under a page title are for the website: in print
# they would land in headings, the table of contents and running headers (issue 15).
DROP_CLASSES = {"hr-pdf-download", "hr-no-print", "hr-badge", "hr-change-note"}
KEEP_SCHEMES = {"http", "https", "mailto", "tel"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}


@dataclass
class Heading:
    """A heading of the print document (after id prefixing)."""

    level: int
    id: str
    text: str


@dataclass
class Chapter:
    """One page of a product, as collected from the site build."""

    src: str            # Dutch docs path, e.g. 'bewindspersonen/regels.md'
    url: str            # site-relative URL in this language, e.g. 'en/bewindspersonen/regels/'
    html: str           # rendered article HTML (page.content)
    headings: list[Heading] = field(default_factory=list)
    body: str = ""


class _FirstCopy(NamedTuple):
    """Where a rule statement first appears in a product (see _Rewriter)."""

    anchor: str         # its prefixed id
    prefix: str         # its chapter's id prefix
    title: str          # its chapter's title
    has_source: bool    # printed with a source line


class _Rewriter(HTMLParser):
    """Streams one chapter's HTML and re-emits it with prefixed ids and rewritten links.

    Rule statements (`div.hr-regel[data-regel]`, handreiking.rules) are printed in full, with
    their source, the first time a rule appears in the product; a later appearance keeps the
    rule's kind and text but gives, instead of the source line, a link to that first one:
    "(bron: zie hierboven)" in the same chapter, else "(bron: zie 'Chapter title')" (`rules`:
    rule id -> _FirstCopy, shared by the chapters of a document; a rule without sources, i.e.
    the site's own advice, is repeated as it is).
    The same rule can appear twenty times in a handreiking (prose, decision-tree outcomes,
    checklist items): this keeps each statement where the reader needs it and traceable to
    its source, and makes the 60-page handreiking about a sixth shorter on paper. (Not a page
    number: WeasyPrint lays out every page with a target-counter() twice, +20 % render time.)
    """

    def __init__(self, prefix: str, resolve_href: Callable[[str], str | None],
                 resolve_src: Callable[[str], str | None], drop_first_h1: bool,
                 rules: dict[str, _FirstCopy] | None = None,
                 source_ref: dict[str, str] | None = None):
        super().__init__(convert_charrefs=False)
        self.rules = rules if rules is not None else {}
        self.source_ref = source_ref or {"above": "", "chapter": "{t}"}
        self._repeat: _FirstCopy | None = None  # inside a repeated rule: its first copy
        self._first: str | None = None  # inside the first copy of this rule (its id)
        self._in_rule_text = False
        self.prefix = prefix
        self.resolve_href = resolve_href
        self.resolve_src = resolve_src
        self.drop_first_h1 = drop_first_h1
        self.out: list[str] = []
        self.headings: list[Heading] = []
        self._drop: list[str] = []          # stack of dropped element names
        self._a_stack: list[bool] = []      # per open <a>: True when it was unwrapped to <span>
        self._span_stack: list[str] = []    # per open <span>: the end tag to write ("" = none)
        self._heading: Heading | None = None
        self._heading_tag = ""
        self._heading_text: list[str] = []
        self._seen_h1 = False
        self._auto = 0
        self._ids: set[str] = set()

    # -- helpers -----------------------------------------------------------------------------
    def _emit(self, text: str) -> None:
        if not self._drop:
            self.out.append(text)

    def _pid(self, value: str) -> str:
        return f"{self.prefix}-{value}"

    def _unique(self, value: str) -> str:
        """A page that repeats an id (an HTML error) must not break the PDF's anchors."""
        candidate, n = value, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{value}-{n}"
        self._ids.add(candidate)
        return candidate

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, list]:
        out = []
        for name, value in attrs:
            lname = name.lower()
            if lname.startswith("on") or lname in ("srcset", "formaction", "action"):
                continue
            if value is None:
                out.append((name, None))
                continue
            if lname == "id":
                value = self._unique(self._pid(value))
            elif lname in ID_ATTRS:
                value = " ".join(self._pid(v) for v in value.split()) if lname == "headers" \
                    else self._pid(value)
            elif lname in IDREF_LIST_ATTRS:
                value = " ".join(self._pid(v) for v in value.split())
            elif lname in ("href", "xlink:href"):
                new = self.resolve_href(value)
                if new is None:
                    continue
                value = new
            elif lname == "src":
                new = self.resolve_src(value)
                if new is None:
                    continue
                value = new
            out.append((name, value))
        return tag, out

    @staticmethod
    def _render(tag: str, attrs: list, close: bool = False) -> str:
        parts = [tag]
        for name, value in attrs:
            parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        return "<" + " ".join(parts) + (" />" if close else ">")

    # -- parser events -----------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        if self._drop:
            if tag in DROP_ELEMENTS or tag == self._drop[-1]:
                self._drop.append(tag)
            return
        if tag in DROP_ELEMENTS or DROP_CLASSES & set((dict(attrs).get("class") or "").split()):
            self._drop.append(tag)
            return
        if tag == "h1" and self.drop_first_h1 and not self._seen_h1:
            self._seen_h1 = True
            self._drop.append(tag)
            return
        if tag == "a":
            href = dict(attrs).get("href")
            unwrapped = href is not None and self.resolve_href(href) is None
            self._a_stack.append(unwrapped)
            if unwrapped:
                kept = [(n, v) for n, v in attrs if n not in ("href", "title", "target", "rel",
                                                              "download", "hreflang", "type")]
                tag, kept = self._attrs("span", kept)
                self._emit(self._render("span", kept))
                return
        if tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            # A rule's kind ("Verplicht:") as one bold run instead of two nested spans: nested
            # inline boxes at the start of each of the ~300 rule statements cost WeasyPrint
            # about a tenth of a handreiking's render time (same look, same text).
            if "hr-regel__sep" in classes:
                self._span_stack.append("")
                return
            if "hr-regel__soort" in classes:
                self._span_stack.append("strong")
                self._emit('<strong class="hr-regel__soort">')
                return
            self._span_stack.append("span")
        attrs = self._rule_start(tag, attrs)
        if attrs is None:
            return
        if tag in HEADINGS and self._heading is None:
            attrs = list(attrs)
            if not any(n == "id" and v for n, v in attrs):
                attrs = [(n, v) for n, v in attrs if n != "id"]
                self._auto += 1
                attrs.append(("id", f"h{self._auto}"))
            self._heading = Heading(HEADINGS[tag], "", "")
            self._heading_tag = tag
            self._heading_text = []
            if tag == "h1":
                self._seen_h1 = True
                cls = dict(attrs).get("class")
                attrs = [(n, v) for n, v in attrs if n != "class"]
                attrs.append(("class", f"{cls} chapter-title" if cls else "chapter-title"))
        tag, attrs = self._attrs(tag, attrs)
        if self._heading is not None and not self._heading.id:
            self._heading.id = next(v for n, v in attrs if n == "id")
        self._emit(self._render(tag, attrs))

    def _rule_start(self, tag: str, attrs: list) -> list | None:
        """Rule statements: see the class docstring. None = leave this element out."""
        if tag not in ("div", "p"):
            return attrs
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "hr-regel" in classes:
            rule = dict(attrs).get("data-regel")
            self._repeat = self._first = None
            if not rule:
                return attrs
            if rule in self.rules:
                if self.rules[rule].has_source:  # a rule without sources (advice) stays as is
                    self._repeat = self.rules[rule]
                return [(n, f"{v} hr-regel--herhaald" if n == "class" else v) for n, v in attrs]
            anchor = f"regel-{rule}"
            title = next((h.text for h in self.headings if h.level == 1), "")
            self.rules[rule] = _FirstCopy(self._pid(anchor), self.prefix, title, False)
            self._first = rule
            return [*attrs, ("id", anchor)]
        if self._first is not None and "hr-regel__bron" in classes:
            self.rules[self._first] = self.rules[self._first]._replace(has_source=True)
        if self._repeat is not None:
            if "hr-regel__tekst" in classes:
                self._in_rule_text = True
            elif "hr-regel__bron" in classes:
                self._drop.append(tag)
                return None
        return attrs

    def handle_startendtag(self, tag, attrs):
        if self._drop or tag in DROP_ELEMENTS:
            return
        tag, attrs = self._attrs(tag, attrs)
        self._emit(self._render(tag, attrs, close=True))

    def handle_endtag(self, tag):
        if self._drop:
            if tag == self._drop[-1]:
                self._drop.pop()
            return
        if tag == "a" and self._a_stack:
            if self._a_stack.pop():
                self._emit("</span>")
                return
        if tag == "span" and self._span_stack:
            end = self._span_stack.pop()
            if end != "span":
                if end:
                    self._emit(f"</{end}>")
                return
        if tag == "p" and self._in_rule_text:
            self._in_rule_text = False
            first = self._repeat
            text = (self.source_ref["above"] if first.prefix == self.prefix or not first.title
                    else self.source_ref["chapter"].format(t=first.title))
            self._emit(f' <a class="hr-regel__zie" href="#{html.escape(first.anchor)}">'
                       f'{html.escape(text)}</a>')
        if self._heading is not None and tag == self._heading_tag:
            self._heading.text = " ".join("".join(self._heading_text).split())
            self.headings.append(self._heading)
            self._heading = None
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        if self._drop:
            return
        if self._heading is not None:
            self._heading_text.append(data)
        self._emit(data)

    def handle_entityref(self, name):
        if self._drop:
            return
        if self._heading is not None:
            self._heading_text.append(html.unescape(f"&{name};"))
        self._emit(f"&{name};")

    def handle_charref(self, name):
        if self._drop:
            return
        if self._heading is not None:
            self._heading_text.append(html.unescape(f"&#{name};"))
        self._emit(f"&#{name};")

    def handle_comment(self, data):  # markers and editor notes never reach the PDF
        return

    def handle_decl(self, decl):
        return

    def handle_pi(self, data):
        return

    def unknown_decl(self, data):
        return


@dataclass
class LinkContext:
    """What a chapter's links are resolved against."""

    lang: str
    targets: dict[str, int]          # site-relative page URL -> chapter number (this product)
    site_url: str | None             # web address of the current version, or None
    resolve_asset: Callable[[str], str | None]   # site-relative path -> file:// URI or None
    rules: dict[str, _FirstCopy] = field(default_factory=dict)  # rule id -> its first copy


def _href_resolver(ctx: LinkContext, chapter: Chapter, number: int):
    base = "https://site.invalid/" + chapter.url

    def resolve(href: str) -> str | None:
        href = href.strip()
        if not href:
            return None
        if href.startswith("#"):
            frag = href[1:]
            return f"#c{number}-{frag}" if frag else f"#c{number}"
        scheme = urlsplit(href).scheme.lower()
        if scheme:
            return href if scheme in KEEP_SCHEMES else None
        path, _, frag = href.partition("#")
        path = path.split("?", 1)[0]
        if path.endswith(".md"):
            # A Markdown link that was not converted (standalone rendering): relative to the source.
            src = posixpath.normpath(posixpath.join(posixpath.dirname(chapter.src), path))
            if src.endswith(".en.md"):
                src = src[: -len(".en.md")] + ".md"
            target = docs_url(src, ctx.lang)
        elif path == "":
            target = chapter.url
        else:
            target = urlsplit(urljoin(base, path)).path.lstrip("/")
            if target.endswith("index.html"):
                target = target[: -len("index.html")]
        if target in ctx.targets:
            j = ctx.targets[target]
            return f"#c{j}-{frag}" if frag else f"#c{j}"
        if ctx.site_url:
            return ctx.site_url + target + (f"#{frag}" if frag else "")
        return None

    return resolve


def _src_resolver(ctx: LinkContext, chapter: Chapter):
    base = "https://site.invalid/" + chapter.url

    def resolve(src: str) -> str | None:
        src = src.strip()
        if src.startswith("data:"):
            return src
        if urlsplit(src).scheme:
            return None  # never fetch anything from the network
        path = urlsplit(urljoin(base, src)).path.lstrip("/")
        return ctx.resolve_asset(path)

    return resolve


def rewrite_chapter(chapter: Chapter, number: int, ctx: LinkContext, single: bool) -> Chapter:
    """Fill chapter.body and chapter.headings (ids prefixed with `c<number>-`)."""
    rw = _Rewriter(f"c{number}", _href_resolver(ctx, chapter, number),
                   _src_resolver(ctx, chapter), drop_first_h1=single, rules=ctx.rules,
                   source_ref=TEXT[ctx.lang]["rule_source"])
    rw.feed(chapter.html)
    rw.close()
    chapter.body = "".join(rw.out)
    chapter.headings = rw.headings
    return chapter


_HREF_INTERNAL = re.compile(r'href="#(c\d+)-([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')


def _fix_internal_links(body: str, ids: set[str]) -> str:
    """Links to an anchor that doesn't exist in the document point at its chapter instead."""
    def fix(m: re.Match) -> str:
        target = f"{m.group(1)}-{m.group(2)}"
        return m.group(0) if html.unescape(target) in ids else f'href="#{m.group(1)}"'
    return _HREF_INTERNAL.sub(fix, body)


def font_faces(font_dir: Path = FONT_DIR) -> str:
    """@font-face rules for the embedded fonts (file:// URLs; WeasyPrint writes no path)."""
    rules = []
    for family, weight, style, name in FONTS:
        file = font_dir / name
        if not file.is_file():
            raise FileNotFoundError(
                f"lettertype {file} ontbreekt; installeer het Debian-pakket fonts-noto-core "
                "(sudo apt-get install fonts-noto-core) of draai 'make sysdeps'.")
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'font-style: {style}; src: url("{file.as_uri()}"); }}')
    return "\n".join(rules)


# The A5 booklet edition: smaller pages and margins, the same text a little smaller.
A5_CSS = """
@page { size: A5; margin: 17mm 13mm 16mm 15mm; }
@page cover { margin-top: 14mm; }
html { font-size: 9.5pt; }
.cover-publisher { margin-bottom: 10mm; }
.cover-title { font-size: 21pt; }
.cover-audience { font-size: 11.5pt; margin-bottom: 8mm; }
.cover::before { width: 10mm; height: 22mm; margin-bottom: 6mm; }
.toc-compact { margin-top: 7mm; }
.layout-folder .colophon { break-before: page; border-top: 0; margin-top: 0; padding-top: 0; }
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def qr_data_uri(url: str) -> str:
    """A QR code (SVG, data URI) for `url`; black on white, quiet zone included."""
    import segno
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class DocumentMeta:
    """Everything about a product PDF that is not the chapters."""

    product_id: str
    lang: str
    title: str
    audience: str
    layout: str                  # 'boek' | 'folder'
    version_id: str
    version_title: str
    version_date_iso: str        # 'YYYY-MM-DD'
    version_date_label: str      # '17 mei 2024'
    publisher: str
    licence: str
    site_url: str | None         # web address of the current version (root), or None
    web_url: str | None          # web address of this product's first page, or None
    contact_email: str | None = None
    qr: bool = False
    paper: str = "A4"            # 'A4', or 'A5' for the booklet edition of a folder


def build_document(meta: DocumentMeta, chapters: list[Chapter],
                   resolve_asset: Callable[[str], str | None] = lambda p: None,
                   font_dir: Path = FONT_DIR) -> tuple[str, list[Heading]]:
    """The print HTML for one product in one language, and its outline (h1-h3 of the body)."""
    single = len(chapters) == 1
    ctx = LinkContext(meta.lang, {c.url: i for i, c in enumerate(chapters, 1)}, meta.site_url,
                      resolve_asset)
    for i, chapter in enumerate(chapters, 1):
        rewrite_chapter(chapter, i, ctx, single)
    ids = set()
    for chapter in chapters:
        ids.update(html.unescape(v) for v in _ID.findall(chapter.body))
    for chapter in chapters:
        chapter.body = _fix_internal_links(chapter.body, ids)
    t = TEXT[meta.lang]
    if single:
        toc = [(h, []) for h in chapters[0].headings if h.level == 2]
    else:
        toc = []
        for chapter in chapters:
            h1 = next((h for h in chapter.headings if h.level == 1), None)
            subs = [h for h in chapter.headings if h.level == 2]
            if h1 is None:
                h1 = Heading(1, f"c{chapters.index(chapter) + 1}", chapter.src)
            toc.append((h1, subs))
    outline = [h for c in chapters for h in c.headings]
    pre, mid = t["page_of"]
    page_css = "\n".join([
        "@page { @bottom-left { content: %s; } @bottom-right { content: %s counter(page) %s "
        "counter(pages); } }" % (
            _css_string(t["footer_version"].format(v=meta.version_id, d=meta.version_date_label)),
            _css_string(pre), _css_string(mid)),
        A5_CSS if meta.paper == "A5" else "",
    ])
    css = (TEMPLATES / "print_style.css").read_text(encoding="utf-8")
    qr = qr_data_uri(meta.web_url) if meta.qr and meta.web_url else None
    document = template("print_document.html",
        meta=meta, t=t, chapters=chapters, toc=toc, single=single,
        fonts=font_faces(font_dir), css=css, page_css=page_css, qr=qr,
        source_note=t["source"].format(v=meta.version_id),
        in_force=t["in_force"].format(d=meta.version_date_label),
        qr_alt=t["qr_alt"].format(u=meta.web_url or ""),
    )
    return document, outline

"""The raw-HTML allowlist on what the Markdown actually produces (issue 14).

`content.html` checks the Markdown source and gives editors precise messages; Markdown
extensions can still add markup the source scan does not see (pymdownx blocks' `attrs:` option,
attribute lists, footnotes), and a comment can end where a browser ends it but a regular
expression does not (`--!>`). Here every page is rendered with the Markdown extensions and
options of `mkdocs.yml` and the HTML is read with a real HTML parser (`html.parser`), after the
comments are cut where a browser cuts them:

- elements only from RENDERED_TAGS (what Markdown and its extensions produce, plus the editors'
  allowlist); never script, style, iframe, object, form, meta, base, svg, ...;
- attributes only from RENDERED_ATTRS; no event handlers; `style` only as a table column's
  `text-align`;
- URLs (href, src) never `javascript:`, `vbscript:` or `data:`; images only from this site;
- comments only as a browser reads them the same way as Python-Markdown (no `--!>`, no `<!-->`,
  no comment inside a comment).

Markers (`<!-- naam: waarde -->`) are still comments at this point: the build renders the same
source with the same function (`page_problems`), so `handreiking check` and the build give the
same `path:line` messages. The line is the first source line that shows the offending name
(or the first line of the body). Nothing here imports MkDocs.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from handreiking.content.html import BROWSER_COMMENT, check_html, script_url
from handreiking.core.docs import Source
from handreiking.core.errors import Problem
from handreiking.core.filecache import file_stamp

RENDERED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i",
    "code", "pre", "blockquote", "hr", "br", "img", "table", "thead", "tbody", "tr", "th", "td",
    "div", "span", "abbr", "dl", "dt", "dd", "sup", "sub", "details", "summary", "del", "ins",
    "mark", "kbd", "small", "s"})
RENDERED_ATTRS = frozenset({"class", "id", "href", "title", "lang", "src", "alt", "open",
                            "colspan", "rowspan", "role", "markdown"})
TABLE_ALIGN = re.compile(r"^text-align: (?:left|right|center);?$")
MAX_NOTE = 40


def browser_comments(html: str) -> list[tuple[int, str]]:
    """(offset, why) of every comment a browser reads differently from Python-Markdown.

    >>> [w for _, w in browser_comments("<!-- a --!> <img src=x onerror=alert(1)> -->")]
    ["eindigt op '--!>'"]
    >>> browser_comments("<!-- open: iets -->")
    []
    """
    out = []
    for m in BROWSER_COMMENT.finditer(html):
        if m.group(1) is None:
            out.append((m.start(), "is leeg geschreven als '<!-->' of '<!--->'"))
        elif m.group(2) == "--!>":
            out.append((m.start(), "eindigt op '--!>'"))
        elif not m.group(2):
            out.append((m.start(), "wordt niet afgesloten met '-->'"))
        elif "<!--" in m.group(1):
            out.append((m.start(), "bevat zelf weer '<!--'"))
    return out


def _blank_comments(html: str) -> str:
    """Comments removed where a browser ends them (what the parser then reads is what a
    browser reads)."""
    return BROWSER_COMMENT.sub(" ", html)


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []   # (kind, name, detail)

    def handle_starttag(self, tag, attrs):
        if tag not in RENDERED_TAGS:
            self.found.append(("element", tag, ""))
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(("handler", name, tag))
            elif name == "style" and tag in ("th", "td") and TABLE_ALIGN.match(value.strip()):
                continue
            elif name not in RENDERED_ATTRS:
                self.found.append(("attribute", name, tag))
            elif name in ("href", "src") and script_url(value):
                self.found.append(("url", value[:MAX_NOTE], tag))
            elif name == "src" and re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", value, re.I):
                self.found.append(("external", value[:60], tag))

    handle_startendtag = handle_starttag


def html_findings(html: str) -> list[tuple[str, str, str]]:
    """(kind, name, detail) of everything outside the allowlist in rendered HTML."""
    scan = _Scan()
    scan.feed(_blank_comments(html))
    scan.close()
    found = [("comment", why, "") for _, why in browser_comments(html)]
    return found + scan.found


def _message(kind: str, name: str, detail: str) -> str:
    tail = (", en dat is niet toegestaan. Het komt uit de opmaak in de bron (HTML, een "
            "attributenlijst {: } of de optie 'attrs:' van een blok); verwijder het.")
    if kind == "element":
        return f"de pagina levert HTML-element <{name}> op" + tail
    if kind == "handler":
        return (f"de pagina levert attribuut '{name}' (script bij een gebeurtenis) in <{detail}> "
                "op" + tail)
    if kind == "attribute":
        return f"de pagina levert attribuut '{name}' in <{detail}> op" + tail
    if kind == "url":
        return (f"de pagina levert een link '{name}' in <{detail}> op die code uitvoert of "
                "gegevens insluit; gebruik een gewone link.")
    if kind == "external":
        return (f"de pagina laadt '{name}' van een andere website; de site laadt niets van "
                "elders. Zet het bestand in docs/ en link daarheen.")
    return (f"HTML-commentaar {name}; een browser leest de tekst erna dan als opmaak. Schrijf "
            "commentaar als '<!-- tekst -->'.")


def _line(source: Source, kind: str, name: str) -> int:
    """First body line that shows the name (or the comment), else the body's first line."""
    body = source.text[source.body_start:]
    needle = {"comment": "<!--", "element": f"<{name}"}.get(kind, name)
    if kind == "comment" and "--!>" in body:
        needle = "--!>"
    at = body.lower().find(needle.lower())
    return source.line(source.body_start + (at if at >= 0 else 0))


# --------------------------------------------------------------------------- the Markdown setup

class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags (!ENV, !!python/name:...): read them as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))


def _extensions(config_file: Path) -> tuple[list, dict]:
    stamp = file_stamp(config_file)
    return _extensions_cached(str(config_file), stamp)


@lru_cache(maxsize=8)
def _extensions_cached(config_file: str, _stamp) -> tuple[list, dict]:
    """(extension names, their options) as MkDocs passes them to Python-Markdown."""
    try:
        with open(config_file, encoding="utf-8") as fh:
            config = yaml.load(fh, Loader=_AnyTagLoader) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    names, options = ["toc", "tables", "fenced_code"], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, opts in item.items():
                names.append(name)
                if isinstance(opts, dict):
                    options[name] = opts
    return list(dict.fromkeys(names)), options


def render(source: Source, root: Path) -> str:
    """The page's body as Python-Markdown renders it with mkdocs.yml's extensions."""
    names, options = _extensions(Path(root) / "mkdocs.yml")
    try:
        md = markdown.Markdown(extensions=names, extension_configs=options)
    except Exception:  # an extension that cannot load: MkDocs reports that itself
        md = markdown.Markdown(extensions=["toc", "tables", "fenced_code"])
    return md.convert(source.text[source.body_start:])


_DONE: dict[tuple, tuple[Problem, ...]] = {}


def page_problems(source: Source, root: Path) -> list[Problem]:
    """Allowlist problems of one rendered page, `path:line` in the source (remembered per text)."""
    key = (str(root), source.rel, source.text, _extensions(Path(root) / "mkdocs.yml").__repr__())
    found = _DONE.get(key)
    if found is None:
        found = _disk_get(root, key)
    if found is None:
        out = []
        for kind, name, detail in html_findings(render(source, root)):
            out.append(Problem(source.shown, _line(source, kind, name), _message(kind, name,
                                                                                  detail)))
        found = tuple(sorted(set(out)))
        _disk_put(root, key, found)
    if len(_DONE) > 1024:
        _DONE.clear()
    _DONE[key] = found
    return list(found)


def _disk_file(root: Path, key: tuple) -> Path | None:
    """Where the result for `key` is kept between builds (`.cache/rendered/`), keyed by the page
    text, mkdocs.yml's extensions and this module's and the allowlist's code; None without a
    cache (HANDREIKING_NO_CACHE)."""
    from handreiking.content import html as allowlist
    from handreiking.core.filecache import enabled
    if not enabled():
        return None
    digest = hashlib.sha256(repr(key).encode("utf-8"))
    for module in (__file__, allowlist.__file__):
        digest.update(Path(module).read_bytes())
    return Path(root) / ".cache" / "rendered" / f"{digest.hexdigest()[:32]}.json"


def _disk_get(root: Path, key: tuple) -> tuple[Problem, ...] | None:
    file = _disk_file(root, key)
    try:
        rows = json.loads(file.read_text(encoding="utf-8")) if file else None
    except (OSError, ValueError):
        return None
    if not isinstance(rows, list):
        return None
    return tuple(Problem(*row) for row in rows)


def _disk_put(root: Path, key: tuple, found: tuple[Problem, ...]) -> None:
    file = _disk_file(root, key)
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([[p.path, p.line, p.message, p.severity] for p in found]),
                       encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass


def html_problems(source: Source, root: Path) -> list[Problem]:
    """The source-level allowlist (`content.html`, precise messages for editors), then the
    rendered one when the source scan found nothing (it would mostly repeat the same mistake
    in other words)."""
    problems = check_html(source)
    return problems or page_problems(source, root)

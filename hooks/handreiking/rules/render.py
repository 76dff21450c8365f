"""Renderers for rules and sources: the rule box (pages, tree outcomes, checklist items), the
sources page, and a short plain-text source line for downloads.

Texts in the registers are plain text (safety.py refuses HTML in any YAML string); the templates
autoescape everything. A rule box carries no id (a rule may be shown twice on one page): it is
marked `data-regel="ID"`. Links to the sources page are made by the caller's `link(target)`
callback, which turns 'bronnen.md#bron-ID' into a URL relative to the page being built; without
a callback (or without docs/bronnen.md) the source line is plain text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from handreiking.core.errors import DataError, Problem
from handreiking.core.project import format_date, format_month
from .model import Register, Rule, Source
from handreiking.i18n import by_language, section

TEMPLATES = Path(__file__).parent / "templates"
SOURCES_PAGE = "bronnen.md"

LABELS = by_language("rules.labels")


def kind_label(kind: str, lang: str) -> str:
    """'verplicht' -> 'Verplicht' / 'Required'."""
    return LABELS[lang][kind]


def source_kind_label(kind: str, lang: str) -> str:
    """'handout' -> 'Handout'; 'kamerstuk' -> 'Kamerstuk' / 'Parliamentary paper'."""
    kinds = section(lang, "rules.source_kinds")
    return kinds[kind] if kind in kinds else kind


def anchor(source_id: str) -> str:
    """Id of a source's entry on the sources page (unique there: each source is listed once)."""
    return f"bron-{source_id}"


def source_date(source: Source, lang: str) -> str:
    if not source.date:
        return LABELS[lang]["undated"]
    if source.month_only:
        return format_month(source.date, lang)
    return format_date(source.date, lang)


def citation_text(source: Source, place: dict | None, lang: str) -> str:
    """'Ministerie van BZK, Chatberichten ..., 14 juli 2023, dia 4'."""
    parts = [source.issuer[lang], source.title[lang], source_date(source, lang)]
    if place and place.get(lang):
        parts.append(place[lang])
    return ", ".join(" ".join(str(p).split()) for p in parts)


def source_line(register: Register, rule: Rule, lang: str) -> str:
    """Plain-text source line for downloads and print ('Bron: ...'); '' for advice without
    a source."""
    cites = [citation_text(register.sources[c.source], c.place, lang)
             for c in rule.citations if c.source in register.sources]
    if not cites:
        return ""
    label = LABELS[lang]["source" if len(cites) == 1 else "sources"]
    return f"{label}: " + "; ".join(cites)


def plain_rule(register: Register, rule: Rule, lang: str) -> str:
    """'Verplicht: <statement> (Bron: ...)' as one line of plain text."""
    line = source_line(register, rule, lang)
    text = f"{kind_label(rule.kind, lang)}: {' '.join(rule.text[lang].split())}"
    return f"{text} ({line})" if line else text


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def _render(template: str, **context) -> str:
    text = _env().get_template(template).render(**context)
    return "\n".join(line for line in text.splitlines() if line.strip())


def _rule_view(register: Register, rule: Rule, lang: str, link: Callable[[str], str] | None):
    cites = []
    for c in rule.citations:
        source = register.sources.get(c.source)
        if source is None:
            continue
        cites.append({"text": citation_text(source, c.place, lang),
                      "href": link(f"{SOURCES_PAGE}#{anchor(source.id)}") if link else None})
    return {"id": rule.id, "kind": rule.kind, "label": kind_label(rule.kind, lang),
            "text": " ".join(rule.text[lang].split()), "cites": cites,
            "cite_label": LABELS[lang]["source" if len(cites) == 1 else "sources"]}


def unknown_rule(rule_id: str, register: Register) -> str:
    """Dutch description of an unknown rule id, with a hint."""
    known = ", ".join(sorted(register.rules)[:8])
    if not register.rules:
        hint = "er zijn nog geen regels vastgelegd in data/regels/"
    else:
        hint = f"kies een id uit data/regels/ (bijvoorbeeld {known})"
    return f"regel '{rule_id}' bestaat niet; {hint}."


def render_rule(register: Register, rule_id: str, lang: str,
                link: Callable[[str], str] | None = None, compact: bool = False) -> Markup:
    """The rule box (KeyError-free: raise DataError for an unknown id)."""
    rule = register.rules.get(rule_id)
    if rule is None:
        raise DataError(Problem("", 1, unknown_rule(rule_id, register)))
    return Markup(_render("regel.html", r=_rule_view(register, rule, lang, link), lang=lang,
                          compact=compact))


def render_rules(register: Register, rule_ids, lang: str,
                 link: Callable[[str], str] | None = None, compact: bool = True) -> Markup:
    """Several rule boxes (a tree outcome's or checklist item's `regels`); '' for none."""
    if not rule_ids:
        return Markup("")
    return Markup("\n".join(render_rule(register, r, lang, link, compact) for r in rule_ids))


def render_sources_page(register: Register, lang: str) -> str:
    """The list of every source for `<!-- bronnen -->` (file order)."""
    t = LABELS[lang]
    rows = []
    for source in register.sources.values():
        rows.append({
            "anchor": anchor(source.id), "title": source.title[lang],
            "issuer": source.issuer[lang], "kind": source_kind_label(source.kind, lang),
            "date": source_date(source, lang), "address": source.address,
            "read": t["read"].format(date=format_date(source.read, lang)) if source.read else "",
            "secondary": source.secondary,
            "note": source.note[lang] if source.note else "",
        })
    return _render("bronnen.html", rows=rows, t=t, lang=lang)


_MARKER = re.compile(r"<!--\s*regel\s*:\s*(.*?)\s*-->", re.S)


def marker_line(markdown: str, rule_id: str) -> int:
    """Line of the first `<!-- regel: rule_id -->` in a page's Markdown (1 when not found)."""
    for m in _MARKER.finditer(markdown):
        if " ".join(m.group(1).split()) == rule_id:
            return markdown.count("\n", 0, m.start()) + 1
    return 1


def page_handlers(register: Register, lang: str, shown: str, markdown: str | Callable[[], str],
                  link: Callable[[str], str] | None) -> dict:
    """Handlers for page_model.substitute_markers: `regel` and `bronnen`. An unknown id raises
    DataError naming the page and the marker's line (`markdown`: the page's source text, or a
    function giving it, read only then)."""

    def regel(arg: str | None) -> str:
        rule_id = (arg or "").strip()
        if rule_id not in register.rules:
            text = markdown() if callable(markdown) else markdown
            raise DataError(Problem(shown, marker_line(text, rule_id),
                                    unknown_rule(rule_id, register)))
        return str(render_rule(register, rule_id, lang, link))

    return {"regel": regel, "bronnen": lambda _arg: render_sources_page(register, lang)}


def linker(root: Path, lang: str, page_url: str) -> Callable[[str], str] | None:
    """`link('bronnen.md#bron-x')` -> URL relative to the page at `page_url` (site-root
    relative, e.g. 'en/checklists/x/'); None when the project has no docs/bronnen.md."""
    from handreiking.core.urls import docs_url, relative_url
    if not (Path(root) / "docs" / SOURCES_PAGE).is_file():
        return None
    return lambda target: relative_url(docs_url(target, lang), page_url)


def rules_html(root: Path, rule_ids, lang: str, link: Callable[[str], str] | None = None,
               compact: bool = True) -> Markup:
    """Rule boxes for a tree outcome's or checklist item's `regels` (read from the project's
    register; an unknown id raises DataError). `link` gets 'bronnen.md#bron-x' and is used only
    when the project has docs/bronnen.md."""
    if not rule_ids:
        return Markup("")
    from .model import read_register
    if not (Path(root) / "docs" / SOURCES_PAGE).is_file():
        link = None
    return render_rules(read_register(root), rule_ids, lang, link, compact)


def item_rule_lines(root: Path, items, lang: str) -> dict[str, list[str]]:
    """{item id: ['Verplicht: ... (Bron: ...)', ...]} for checklist downloads (plain text)."""
    from .model import read_register
    register = read_register(root)
    out = {}
    for item in items:
        ids = getattr(item, "rules", ())
        if ids:
            out[item.id] = [plain_rule(register, register.rules[r], lang) for r in ids
                            if r in register.rules]
    return out

"""Glossary (`data/begrippen.yml`): abbreviations and terms in Dutch and English.

Three uses of one source:

- `expand_abbreviations(html, terms, lang)` rewrites a page's rendered article HTML: the first
  use of an abbreviation in running text becomes "Woo (Wet open overheid)" (touch screens cannot
  hover), later uses become `<abbr title="Wet open overheid">Woo</abbr>` (square brackets inside
  parentheses; after the whole word in a compound such as "Woo-verzoek"). Headings, links, code,
  existing `<abbr>`, form controls and text in another language (`lang="…"`) are left alone.
- `render_glossary(terms, lang)` gives the `<dl>` for the `<!-- begrippenlijst -->` marker.
- `check(root)` validates the file (both languages, no duplicates) for `handreiking check`.
"""
from __future__ import annotations

import html as _html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handreiking.core.errors import DataError, Problem
from handreiking.core.filecache import cached
from handreiking.core.render import html_attrs, render
from handreiking.core.schema import load_valid, validate
from handreiking.core.langs import LANGUAGES, SOURCE

DATA_FILE = "data/begrippen.yml"

# Elements whose text is never rewritten: headings, links, code, existing abbreviations,
# form controls and raw-text elements.
SKIP_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "acronym", "code", "pre", "kbd", "samp",
    "var", "script", "style", "svg", "math", "button", "textarea", "select", "option", "title",
    "time", "dfn", "template", "noscript",
})
# Containers that opt out as a whole (the glossary list itself, or any element an editor marks).
SKIP_CLASSES = frozenset({"hr-begrippen", "hr-geen-afkortingen", "headerlink"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "param", "source", "track", "wbr"})
RAW_TEXT_TAGS = ("script", "style", "textarea", "title")

TOKEN = re.compile(
    r"<!--.*?-->"                                   # comment
    r"|<![^>]*>"                                    # doctype / CDATA-ish
    r"|<\?.*?>"                                     # processing instruction
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)"
    r"(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*(?P<self>/)?>",
    re.S,
)
# Characters that may not touch an abbreviation: letters, digits and '&' (J&V, I&W).
_WORD = r"\w&"


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    id: str
    kind: str                      # "afkorting" or "begrip"
    forms: dict                    # lang -> the form used in running text
    expansion: dict | None         # lang -> written out (abbreviations only)
    definition: dict               # lang -> short explanation
    line: int

    def form(self, lang: str) -> str:
        """The term as written in `lang`."""
        return self.forms[lang]


def _forms(value) -> dict:
    return {lang: value for lang in LANGUAGES} if isinstance(value, str) else dict(value)


def load_glossary(root: Path) -> list[Term]:
    """Read and validate data/begrippen.yml (cached until the file changes); see below."""
    return cached(Path(root) / DATA_FILE, root, lambda: _load_glossary(root), __name__)


def _load_glossary(root: Path) -> list[Term]:
    """Read and validate data/begrippen.yml; raise DataError with every problem found."""
    file = Path(root) / DATA_FILE
    data, shown = load_valid(file, root, "begrippen")
    problems: list[Problem] = []
    terms: list[Term] = []
    seen_ids: dict[str, int] = {}
    seen_forms: dict[tuple[str, str], tuple[str, int]] = {}
    for index, item in enumerate(data["begrippen"]):
        line = data["begrippen"].line_of(index)
        if item["id"] in seen_ids:
            problems.append(Problem(shown, item.line_of("id"), f"begrip '{item['id']}' staat er "
                                    f"twee keer in (ook op regel {seen_ids[item['id']]}); geef "
                                    "elk begrip een eigen id of voeg de twee samen."))
            continue
        seen_ids[item["id"]] = line
        forms = _forms(item["term"])
        for lang in LANGUAGES:
            key = (lang, forms[lang].casefold())
            if key in seen_forms:
                other_id, other_line = seen_forms[key]
                problems.append(Problem(shown, item.line_of("term"), f"term '{forms[lang]}' "
                                        f"({lang}) staat er twee keer in (ook bij '{other_id}' op "
                                        f"regel {other_line}); verwijder of hernoem er één."))
            else:
                seen_forms[key] = (item["id"], line)
        expansion = dict(item["voluit"]) if "voluit" in item else None
        for lang, text in (expansion or {}).items():
            if "(" in text or ")" in text:
                problems.append(Problem(shown, item["voluit"].line_of(lang), f"begrip "
                                        f"'{item['id']}': zet geen haakjes in 'voluit' ({lang}); "
                                        "de site zet de uitleg zelf al tussen haakjes. Gebruik "
                                        "een komma of zet de toelichting in 'uitleg'."))
        terms.append(Term(item["id"], item["soort"], forms, expansion, dict(item["uitleg"]), line))
    if problems:
        raise DataError(problems)
    return terms


def check(root: Path) -> list[Problem]:
    """Problems in data/begrippen.yml for `handreiking check` (open points are collected by
    handreiking.content.open_points from every YAML file)."""
    try:
        load_glossary(root)
    except DataError as exc:
        return list(exc.problems)
    return []


# ----------------------------------------------------------------------------- glossary page

def _sort_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def glossary_items(terms: list[Term], lang: str) -> list[dict]:
    """Plain data for the glossary list in `lang`, sorted alphabetically."""
    items = []
    for t in terms:
        items.append({
            "id": f"begrip-{t.id}",
            "term": t.form(lang),
            "dutch": (t.form(SOURCE) if lang != SOURCE and t.form(SOURCE) != t.form(lang)
                      else None),
            "expansion": t.expansion[lang] if t.expansion else None,
            "definition": t.definition[lang],
            "abbreviation": t.kind == "afkorting",
        })
    return sorted(items, key=lambda i: _sort_key(i["term"]))


def render_glossary(terms: list[Term], lang: str) -> str:
    """HTML `<dl>` of every term in `lang` (for the `<!-- begrippenlijst -->` marker)."""
    return render("begrippenlijst.html", items=glossary_items(terms, lang), lang=lang)


# ----------------------------------------------------------------------------- expansion

def _matcher(terms: list[Term], lang: str) -> tuple[re.Pattern | None, dict, dict]:
    abbrs = {t.form(lang): t for t in terms if t.kind == "afkorting" and t.expansion}
    if not abbrs:
        return None, {}, {}
    expansions = {t.expansion[lang].casefold(): t for t in abbrs.values()}
    by_length = lambda words: sorted(words, key=len, reverse=True)  # noqa: E731 - longest first
    exp_alt = "|".join(re.escape(e) for e in by_length(expansions))
    abbr_alt = "|".join(re.escape(a) for a in by_length(abbrs))
    pattern = re.compile(
        rf"(?P<exp>(?<![{_WORD}])(?i:{exp_alt})(?![{_WORD}]))"
        rf"|(?P<abbr>(?<![{_WORD}])(?:{abbr_alt})(?![{_WORD}]))(?P<tail>-[\w-]*\w)?"
    )
    return pattern, abbrs, expansions


def _abbreviation_key(terms: list[Term], lang: str) -> tuple:
    """Everything of the glossary that the expansion in `lang` depends on (definitions and
    comments in the file do not count)."""
    return (lang,) + tuple((t.id, t.form(lang), t.expansion[lang]) for t in terms
                           if t.kind == "afkorting" and t.expansion)


# The compiled matcher per glossary version and language, and each page's result: a rebuild in
# `make serve` (or the second language pass) does not rewrite unchanged pages again.
_MATCHERS: dict[tuple, tuple] = {}
_PAGES: dict[tuple, str] = {}
MAX_PAGES = 256


class _Expander:
    """Rewrites the text nodes of one page; remembers which abbreviations were written out."""

    def __init__(self, terms: list[Term], lang: str, key: tuple | None = None):
        self.lang = lang
        key = key if key is not None else _abbreviation_key(terms, lang)
        if key not in _MATCHERS:
            if len(_MATCHERS) >= 8:
                _MATCHERS.clear()
            _MATCHERS[key] = _matcher(terms, lang)
        self.pattern, self.abbrs, self.expansions = _MATCHERS[key]
        self.seen: set[str] = set()

    def text(self, raw: str) -> str:
        """Rewrite one escaped text node; return it unchanged when nothing matches."""
        if self.pattern is None:
            return raw
        plain = _html.unescape(raw)
        out: list[str] = []
        pos = 0
        changed = False
        for m in self.pattern.finditer(plain):
            if m.group("exp"):
                self.seen.add(self.expansions[m.group("exp").casefold()].id)
                continue
            term = self.abbrs[m.group("abbr")]
            expansion = term.expansion[self.lang]
            tail = m.group("tail") or ""
            out.append(_html.escape(plain[pos:m.start()], quote=False))
            written_out = (re.match(r"\s*\(\s*" + re.escape(expansion), plain[m.end():], re.I)
                           or re.search(re.escape(expansion) + r"\s*\(\s*$", plain[:m.start()],
                                        re.I))
            if written_out and not tail:
                # The author wrote "Woo (Wet open overheid)" or "Wet open overheid (Woo)".
                out.append(_html.escape(m.group(0), quote=False))
            elif term.id in self.seen:
                out.append(f'<abbr title="{_html.escape(expansion)}">'
                           f"{_html.escape(m.group('abbr'), quote=False)}</abbr>"
                           f"{_html.escape(tail, quote=False)}")
            else:
                # Inside parentheses the explanation takes square brackets: "(BZK [ministerie
                # van ...], 2023)". In a compound ("Woo-verzoek") it follows the whole word.
                nested = plain.count("(", 0, m.start()) > plain.count(")", 0, m.start())
                left, right = ("[", "]") if nested else ("(", ")")
                note = f"{m.group('abbr')}: {expansion}" if tail else expansion
                out.append(_html.escape(f"{m.group(0)} {left}{note}{right}", quote=False))
            self.seen.add(term.id)
            pos = m.end()
            changed = True
        if not changed:
            return raw
        out.append(_html.escape(plain[pos:], quote=False))
        return "".join(out)


@lru_cache(maxsize=4096)
def _skips(name: str, attrs: str, lang: str) -> bool:
    if name in SKIP_TAGS:
        return True
    if not attrs:
        return False
    values = html_attrs(attrs)
    own_lang = values.get("lang")
    if own_lang is not None and own_lang.split("-")[0].lower() != lang:
        return True
    return bool(SKIP_CLASSES & set(values.get("class", "").split()))


def expand_abbreviations(html: str, terms: list[Term], lang: str) -> str:
    """Write out each abbreviation at its first use in running text; `<abbr>` for later uses.

    >>> t = [Term("woo", "afkorting", {"nl": "Woo", "en": "Woo"},
    ...           {"nl": "Wet open overheid", "en": "Open Government Act"}, {}, 1)]
    >>> html = expand_abbreviations("<h2>Woo</h2><p>De Woo en de Woo.</p>", t, "nl")
    >>> html.replace('<abbr title="Wet open overheid">Woo</abbr>', "[abbr]")
    '<h2>Woo</h2><p>De Woo (Wet open overheid) en de [abbr].</p>'
    """
    key = _abbreviation_key(terms, lang)
    done = _PAGES.get((key, html))
    if done is not None:
        return done
    out = _expand(html, _Expander(terms, lang, key), lang)
    if len(_PAGES) >= MAX_PAGES:
        _PAGES.clear()
    _PAGES[(key, html)] = out
    return out


def _expand(html: str, expander: _Expander, lang: str) -> str:
    # Unchanged stretches are copied in one piece: `out` only gets what lies between changed
    # text nodes (expander.text returns its argument itself when nothing matches).
    out: list[str] = []
    copied = 0                             # html[:copied] is in `out` already
    stack: list[tuple[str, bool]] = []     # (tag name, this element starts a skipped region)
    skip_depth = 0
    pos = 0
    length = len(html)
    search = TOKEN.search
    text = expander.text
    while pos < length:
        m = search(html, pos)
        end_text = m.start() if m else length
        if end_text > pos and not skip_depth:
            chunk = html[pos:end_text]
            if not chunk.isspace():
                new = text(chunk)
                if new is not chunk:
                    out.append(html[copied:pos])
                    out.append(new)
                    copied = end_text
        if not m:
            break
        pos = m.end()
        name, close = m.group("name", "close")
        if not name:
            continue
        name = name.lower()
        if close:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    for _, skipped in stack[i:]:
                        skip_depth -= skipped
                    del stack[i:]
                    break
            continue
        if name in RAW_TEXT_TAGS:
            close_tag = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            pos = close_tag.end() if close_tag else length
            continue
        if name in VOID_TAGS or m.group("self"):
            continue
        skipped = _skips(name, m.group("attrs"), lang)
        stack.append((name, skipped))
        skip_depth += skipped
    out.append(html[copied:])
    return "".join(out)

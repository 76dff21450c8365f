"""Limits for pathological Markdown (issue 14), checked before any recursive or backtracking
code sees a page: our scans (regular expressions over the whole page) and Python-Markdown (which
recurses once per level of nested lists, quotes, emphasis and HTML blocks; about 400 levels of
`<div markdown>` or indented lists exhaust Python's stack).

Every check here is one linear pass over the text. The limits are far above what the site
uses (largest page about 28 kB, longest line about 550 characters, at most 5 levels deep).
YAML files have their own limits in `core.yamlload` (size, depth, anchors).
"""
from __future__ import annotations

import re

from handreiking.core.errors import Problem

MAX_PAGE_BYTES = 200_000
MAX_LINE = 5_000
MAX_INDENT = 40          # columns of leading white space (a tab counts 4)
MAX_NESTING = 10         # list and quote markers that open on one line ('- - - x', '> > x')
MAX_HTML_DEPTH = 20      # raw HTML elements open inside each other
MAX_EMPHASIS = 200       # '*' and '_' on one line (nested emphasis recurses)
MAX_BRACKETS = 200       # '[' on one line (nested link text is scanned again at every level)

LEADING_MARKERS = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$))+")
HTML_OPEN_CLOSE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "track", "col",
                  "area", "base", "embed", "param"})


def unsafe_for_scans(text: str) -> bool:
    """True when the page's size, a line's length or an open comment would make our regular
    expressions slow (the other limits protect Python-Markdown)."""
    return (len(text) > MAX_PAGE_BYTES or any(len(row) > MAX_LINE for row in text.split("\n"))
            or text.find("<!--", text.rfind("-->") + 1 if "-->" in text else 0) >= 0)


def page_limits(text: str, shown: str, size: int | None = None) -> list[Problem]:
    """Problems of a page that exceeds a limit (at most one per kind, at its first line).

    >>> [p.line for p in page_limits("# Kop\\n" + "- " * 20 + "x\\n", "docs/x.md")]
    [2]
    """
    size = len(text.encode("utf-8")) if size is None else size
    if size > MAX_PAGE_BYTES:
        return [Problem(shown, 1, f"de pagina is te groot ({size} bytes, maximaal "
                        f"{MAX_PAGE_BYTES}); splits haar in kleinere pagina's.")]
    problems: dict[str, Problem] = {}
    depth = 0
    for number, row in enumerate(text.split("\n"), 1):
        if len(row) > MAX_LINE and "line" not in problems:
            problems["line"] = Problem(shown, number, f"deze regel is te lang ({len(row)} tekens, "
                                       f"maximaal {MAX_LINE}); zet een witregel of een "
                                       "regelovergang in de tekst, of haal herhaalde tekens weg.")
            continue
        lead = len(row) - len(row.lstrip(" \t"))
        if len(row[:lead].expandtabs(4)) > MAX_INDENT and row.strip() and "indent" not in problems:
            problems["indent"] = Problem(shown, number, "deze regel springt te ver in (meer dan "
                                         f"{MAX_INDENT} posities); zo diep nesten lijsten en "
                                         "blokken niet. Haal spaties aan het begin weg.")
        m = LEADING_MARKERS.match(row)
        if m and "nesting" not in problems:
            markers = len(re.findall(r"(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$)", m.group(0)))
            if markers > MAX_NESTING:
                problems["nesting"] = Problem(shown, number, f"hier openen {markers} lijsten of "
                                              f"citaten in elkaar (maximaal {MAX_NESTING}); zo "
                                              "diep nest de site niet. Vereenvoudig de opbouw.")
        if ("emphasis" not in problems and (row.count("*") > MAX_EMPHASIS
                                            or row.count("_") > MAX_EMPHASIS)):
            problems["emphasis"] = Problem(shown, number, "deze regel heeft te veel '*' of '_' "
                                           f"(meer dan {MAX_EMPHASIS}); zet herhaalde tekens in "
                                           "een codeblok of haal ze weg.")
        if row.count("[") > MAX_BRACKETS and "brackets" not in problems:
            problems["brackets"] = Problem(shown, number, "deze regel heeft te veel '[' (meer dan "
                                           f"{MAX_BRACKETS}); haal herhaalde haken weg.")
        if "<" in row and "html" not in problems:
            for tag in HTML_OPEN_CLOSE.finditer(row):
                if tag.group(2).lower() in VOID or tag.group(3):
                    continue
                depth = max(depth - 1, 0) if tag.group(1) else depth + 1
                if depth > MAX_HTML_DEPTH:
                    problems["html"] = Problem(shown, number, "hier staan meer dan "
                                               f"{MAX_HTML_DEPTH} HTML-elementen in elkaar "
                                               "(zoals <div>); sluit elementen af of "
                                               "vereenvoudig de opbouw.")
                    break
    last_close = text.rfind("-->")
    opening = text.find("<!--", last_close + 3 if last_close >= 0 else 0)
    if opening >= 0:  # an open comment makes every scan for its end run to the end of the page
        problems["comment"] = Problem(shown, text.count("\n", 0, opening) + 1, "dit "
                                      "HTML-commentaar '<!--' wordt nergens afgesloten; zet "
                                      "'-->' aan het eind ervan.")
    return sorted(problems.values())

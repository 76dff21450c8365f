"""Every character of the editor data and pages can be printed by the PDF fonts (issue 14).

The PDFs and printable checklists use the Noto fonts of `pdf.document.FONTS` (Latin, Greek,
Cyrillic, symbols). A character none of them has (Chinese, Japanese, Korean, many emoji) would
print as an empty box, or stop the PDF build; `handreiking check` names it with `path:line`
instead. Code examples are printed in DejaVu Sans Mono and skipped here only when that font
is missing. When the fonts are not installed (an editor's own computer) the check is skipped:
the build machine has them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from handreiking.core.docs import load_sources
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.project import yaml_files
from handreiking.core.yamlload import LineDict, LineList, load_shared
from handreiking.pdf.document import FONT_DIR, FONTS


@lru_cache(maxsize=1)
def printable() -> frozenset[int] | None:
    """Code points the PDF fonts can print (None when the fonts are not installed)."""
    from fontTools.ttLib import TTFont
    points: set[int] = set()
    for _family, weight, style, name in FONTS:
        if weight != "normal" or style != "normal":
            continue   # the bold and italic cuts cover the same characters
        path = FONT_DIR / name
        if not path.exists():
            return None
        font = TTFont(path, lazy=True)
        points.update(font.getBestCmap() or {})
        font.close()
    return frozenset(points)


def _bad(text: str, known: frozenset[int]) -> str | None:
    for char in text:
        code = ord(char)
        if code > 0x7e and code not in known and not char.isspace() and code != 0xfeff:
            return char
    return None


def _message(char: str) -> str:
    return (f"het teken '{char}' (U+{ord(char):04X}) kan niet in de pdf's worden afgedrukt: de "
            "lettertypen hebben het niet. Schrijf het in Latijnse letters of als vertaling, of "
            "laat het weg.")


def _walk(node, line: int, shown: str, known, out: list[Problem]) -> None:
    if isinstance(node, LineDict):
        for key, value in node.items():
            _walk(value, node.line_of(key), shown, known, out)
    elif isinstance(node, LineList):
        for index, value in enumerate(node):
            _walk(value, node.line_of(index), shown, known, out)
    elif isinstance(node, str):
        char = _bad(node, known)
        if char:
            out.append(Problem(shown, line, _message(char)))


def check(root: Path) -> list[Problem]:
    known = printable()
    if known is None:
        return []
    root = Path(root)
    problems: list[Problem] = []
    for file in yaml_files(root):
        try:
            data = load_shared(file, root)
        except DataError:
            continue   # reported by the module that owns the file
        _walk(data, getattr(data, "line", 1), display_path(file, root), known, problems)
    for source in load_sources(root).values():
        if source.rel.startswith("redactie/"):
            continue   # never printed
        for number, row in enumerate(source.text.split("\n"), 1):
            char = _bad(row, known)
            if char:
                problems.append(Problem(source.shown, number, _message(char)))
    return problems

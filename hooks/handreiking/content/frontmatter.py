"""Page front matter is editor data like the YAML files (issue 14).

The block between the `---` lines at the top of a page is read with the project's one YAML loader
(`core.yamlload`: no anchors or aliases, no tags, no duplicate keys, depth and size limits) and
validated against `schemas/frontmatter.json` (known keys and their types); dates must be real
YAML dates (`herzien: 2024-05-17`, not quoted, not '17 mei'); every text must be plain text
(`checks.safety.text_problems`: no HTML, no script links, no control characters). Problems are
`path:line` in the file's own lines.

`check(root)` runs in `handreiking check`; `refuse(root)` runs in the content hook's `on_config`,
so `mkdocs build` and `make serve` refuse a broken block before MkDocs parses it (MkDocs itself
prints a block with a YAML error as page text, and puts values into the HTML unescaped).
`escape_meta(meta)` is the second line of defence for the build: every text value HTML-escaped
(the theme's templates print `page.meta` values without escaping).
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from handreiking.checks.safety import text_problems
from handreiking.core.docs import Source, load_sources
from handreiking.core.errors import DataError, Problem
from handreiking.core.schema import validate
from handreiking.core.yamlload import LineDict, LineList, loads

DATE_KEYS = ("herzien",)
# A page that starts with '---' but whose block is never closed: MkDocs prints it as text.
OPENING = re.compile(r"\A---[ \t]*\n")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def _strings(node, path: list, line: int):
    """(path, line, text) of every string value in loaded front matter."""
    if isinstance(node, LineDict):
        for key, value in node.items():
            yield from _strings(value, path + [key], node.line_of(key))
    elif isinstance(node, LineList):
        for index, value in enumerate(node):
            yield from _strings(value, path + [index], node.line_of(index))
    elif isinstance(node, str):
        yield path, line, node


def _where(path: list) -> str:
    return "".join(f"[{s + 1}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")


def page_problems(source: Source) -> list[Problem]:
    """Problems of one page's front matter (its lines are the file's lines)."""
    text, shown = source.text, source.shown
    if not source.body_start:
        if OPENING.match(text) and not CLOSING.search(text, 4):
            return [Problem(shown, 1, "het blok met paginagegevens bovenaan (front matter) wordt "
                            "niet afgesloten; zet een regel met alleen '---' onder het blok.")]
        return []
    block = source.front_matter
    try:
        # One leading newline: the loader's line numbers are then the file's (line 1 is '---').
        data = loads("\n" + block, shown) if block.strip() else None
    except DataError as exc:
        return list(exc.problems)
    if data is None:
        data = LineDict()
        data.line = 1
    if not isinstance(data, LineDict):
        return [Problem(shown, 2, "het blok met paginagegevens moet uit regels 'sleutel: waarde' "
                        "bestaan, bijvoorbeeld 'herzien: 2024-05-17'.")]
    problems = [Problem(p.path, p.line, "paginagegevens: " + p.message)
                for p in validate(data, "frontmatter", shown)]
    for key in DATE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            problems.append(Problem(shown, data.line_of(key), f"paginagegevens: {key}: "
                                    f"'{value}' staat tussen aanhalingstekens en is dan "
                                    "tekst, geen datum; haal de aanhalingstekens weg."))
        elif isinstance(value, _dt.datetime):
            problems.append(Problem(shown, data.line_of(key), f"paginagegevens: {key}: schrijf "
                                    "alleen de datum (JJJJ-MM-DD), zonder tijd."))
    for path, line, value in _strings(data, [], data.line):
        for message in text_problems(value, _where(path)):
            problems.append(Problem(shown, line, "paginagegevens: " + message))
    return sorted(set(problems))


def check(root: Path) -> list[Problem]:
    """Front matter problems of every page in docs/."""
    problems: list[Problem] = []
    for source in load_sources(Path(root)).values():
        problems += page_problems(source)
    return problems


def refuse(root: Path) -> None:
    """Raise DataError when any page is over a limit for pathological input, is not UTF-8 or
    has broken front matter (the build's on_config, also in `make serve`: before MkDocs or
    Python-Markdown reads a page)."""
    problems: list[Problem] = []
    for source in load_sources(Path(root), problems).values():
        problems += page_problems(source)
    if problems:
        raise DataError(problems)


def escape_text(text: str) -> str:
    """HTML-escape a text for element content and double-quoted attributes.

    >>> escape_text('"><script>x</script> & co')
    '&quot;&gt;&lt;script&gt;x&lt;/script&gt; &amp; co'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def escape_meta(meta: dict) -> dict:
    """A copy of `page.meta` with every text (also inside lists) HTML-escaped."""
    def walk(value):
        if isinstance(value, str):
            return escape_text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value
    return {k: walk(v) for k, v in meta.items()}

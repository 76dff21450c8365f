"""Hostile or invisible text in editor data: every YAML text is plain text, never markup or code.

Texts from `data/*.yml` and `checklists/*.yml` end up in HTML pages, the JSON the browser
scripts read, PDFs, CSV, calendar (.ics) and text downloads. The renderers escape them, but an
editor who pastes HTML or a script link (often copied from elsewhere) should hear so at once,
with file and line, instead of seeing it turn into literal text or, where a text is Markdown
(the change entries in `data/versions.yml`), into live markup.

`check(root)` refuses in every string value:

- HTML tags (`<script>`, `<img ...>`, `"><svg ...>`, comments);
- script and data links (`javascript:`, `vbscript:`, `data:text/html`), also when split by
  spaces, tabs or entities;
- control characters other than newline and tab (a carriage return can start a new line in a
  calendar file) and the invisible characters that reverse the reading direction.

Decision trees (`checklists/trees/`) refuse HTML and unsafe links themselves, naming the node;
here they get only the control-character rule. Nothing here imports MkDocs.
"""
from __future__ import annotations

import html as _html
import re
from pathlib import Path

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached
from handreiking.core.project import YAML_FOLDERS, yaml_files  # noqa: F401
from handreiking.core.yamlload import LineDict, LineList, load_shared

TREE_FOLDER = ("checklists", "trees")
HTML_TAG = re.compile(r"<\s*(?:[A-Za-z][\w:-]*|/\s*[A-Za-z]|!--|!\[CDATA\[|\?)")
SCRIPT_URL = re.compile(r"(?<![\w-])(?:java|vb)script:|(?<![\w-])data:[a-z-]+/[a-z0-9.+-]+[;,]",
                        re.I)
# C0/C1 controls except tab and newline; bidirectional overrides and isolates ("Trojan source").
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_NAMES = {"\r": "een losse regelterugloop (CR)", "\x00": "een nul-teken (NUL)",
                 "\x0b": "een verticale tab", "\x0c": "een paginaterugloop"}


def _where(path: list) -> str:
    parts = [f"[{step + 1}]" if isinstance(step, int) else f".{step}" for step in path]
    return "".join(parts).lstrip(".") or "(bovenste niveau)"


def _squeezed(text: str) -> str:
    """Entities decoded and the control characters a browser ignores inside a URL scheme (tab,
    newline) removed; spaces stay, so a word before the scheme still counts as a word."""
    return re.sub(r"[\x00-\x1f\x7f]+", "", _html.unescape(text))


def text_problems(text: str, where: str, trees: bool = False) -> list[str]:
    """Dutch descriptions of what is wrong with one text ([] when it is fine).

    >>> text_problems("Zie <b>dit</b>", "x")
    ["x: tekst bevat HTML ('<b>dit</b>'); HTML is niet toegestaan in gegevens. Schrijf gewone tekst zonder < en >; de site verzorgt de opmaak zelf."]
    >>> text_problems("Kosten < 5 euro, metadata: ja", "x")
    []
    """
    out = []
    control = CONTROL.search(text)
    if control:
        char = control.group(0)
        name = CONTROL_NAMES.get(char, f"het onzichtbare teken U+{ord(char):04X}")
        out.append(f"{where}: tekst bevat {name}; dat kan in downloads (zoals de agenda) een "
                   "nieuwe regel beginnen of de tekst anders laten lezen dan hij eruitziet. "
                   "Verwijder het teken (typ de tekst zo nodig opnieuw).")
    if trees:
        return out
    tag = HTML_TAG.search(text)
    if tag:
        fragment = text[tag.start():tag.start() + 40].split("\n")[0]
        out.append(f"{where}: tekst bevat HTML ('{fragment}'); HTML is niet toegestaan in "
                   "gegevens. Schrijf gewone tekst zonder < en >; de site verzorgt de opmaak zelf.")
    script = SCRIPT_URL.search(_squeezed(text))
    if script:
        out.append(f"{where}: tekst bevat een link die code uitvoert of gegevens insluit "
                   f"('{script.group(0)}'); dat is niet toegestaan. Gebruik een gewone link die "
                   "met https:// begint.")
    return out


def _walk(node, path: list, line: int, shown: str, trees: bool, out: list[Problem]) -> None:
    if isinstance(node, LineDict):
        for key, value in node.items():
            _walk(value, path + [key], node.line_of(key), shown, trees, out)
    elif isinstance(node, LineList):
        for index, value in enumerate(node):
            _walk(value, path + [index], node.line_of(index), shown, trees, out)
    elif isinstance(node, str):
        for message in text_problems(node, _where(path), trees):
            out.append(Problem(shown, getattr(node, "line", line), message))


def data_problems(data, shown: str, trees: bool = False) -> list[Problem]:
    """Problems of every string value of one loaded YAML file."""
    out: list[Problem] = []
    _walk(data, [], getattr(data, "line", 1), shown, trees, out)
    return out


def _is_tree(file: Path, root: Path) -> bool:
    rel = file.resolve().relative_to(Path(root).resolve()).parts
    return tuple(rel[:2]) == TREE_FOLDER


def check(root: Path) -> list[Problem]:
    """`handreiking check`: hostile or invisible text in any YAML file. Files that cannot be
    read are reported by the module that owns them, so they are skipped here."""
    root = Path(root)
    problems: list[Problem] = []
    for file in yaml_files(root):
        try:
            problems += cached(file, root, lambda f=file: _file_problems(f, root), __name__)
        except DataError:
            continue
    return problems


def _file_problems(file: Path, root: Path) -> tuple[Problem, ...]:
    data = load_shared(file, root)
    return tuple(data_problems(data, display_path(file, root), _is_tree(file, root)))


def refuse(root: Path) -> None:
    """Raise DataError when any YAML text is hostile (for the build, which runs no check)."""
    problems = check(root)
    if problems:
        raise DataError(problems)

"""Open points: `<!-- open: ... -->` in the pages and `open:` fields in the YAML, and their
list on redactie/open-punten."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handreiking.core.docs import Source, markers, nearest_heading
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.project import yaml_files
from handreiking.core.render import render
from handreiking.core.yamlload import LineDict, LineList, load_shared
from handreiking.i18n import section


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




def render_open_points(points: list[OpenPoint], lang: str) -> str:
    """HTML list of the open points (messages are for Dutch editors, so marked `lang="nl"`)."""
    titles = section(lang, "open_points.groups")
    data = [{"title": titles[kind], "points": [p for p in points if p.kind == kind]}
            for kind in ("tekst", "gegevens", "controle")]
    return render("open_punten.html", groups=[g for g in data if g["points"]], lang=lang,
                  total=len(points))

"""The project's open points for the editors' list: Markdown, YAML and the other checks."""
from __future__ import annotations

import re
from pathlib import Path

from handreiking.checks.registry import run_checks
from handreiking.content.open_points import OpenPoint, markdown_open_points, yaml_open_points
from handreiking.core.docs import load_sources
from handreiking.core.errors import Problem
from handreiking.core.filecache import cached_many

# What `handreiking check` reads: a change to any file here runs the checks again.
CHECK_INPUTS = ("docs", "data", "checklists", "overrides", "DESIGN.md", "mkdocs.yml")


def open_points(root: Path) -> list[OpenPoint]:
    """Every open point of the project: Markdown, YAML and the other checks (e.g. contact
    address unset), one per file and line, sorted by file and line.

    Runs every check, so the result is cached until a file under CHECK_INPUTS changes (the
    build asks once per language)."""
    root = Path(root)
    return list(cached_many([root / name for name in CHECK_INPUTS], root,
                            lambda: tuple(_open_points(root)), "open-points"))


def _open_points(root: Path) -> list[OpenPoint]:
    sources = load_sources(root)
    points = markdown_open_points(sources) + yaml_open_points(root)[0]
    seen = {(p.path, p.line) for p in points}
    for problem in run_checks(root):
        if problem.severity == "open" and (problem.path, problem.line) not in seen:
            seen.add((problem.path, problem.line))
            text = re.sub(r"^open punt[^:]*:\s*", "", problem.message)
            points.append(OpenPoint(problem.path, problem.line, text, "", "controle"))
    return sorted(points, key=lambda p: (p.path, p.line))


def unique_open(problems: list[Problem]) -> list[Problem]:
    """Open-point problems with at most one per file and line (several checks may report the
    same YAML `open:` field)."""
    seen, out = set(), []
    for p in sorted(problems):
        if p.severity == "open" and (p.path, p.line) not in seen:
            seen.add((p.path, p.line))
            out.append(p)
    return out


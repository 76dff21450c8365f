"""Editor-facing problems: every message is `path:line: wat er mis is en hoe u het herstelt`.

Messages are Dutch (editors are Dutch); code and comments are English.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about an editor's file, printable as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "fout"  # "fout" fails the check; "open" is an open point, reported only

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataError(Exception):
    """Raised with one or more Problems; callers print them and exit 1, never a traceback."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """Return `path` relative to `root` (or the working directory) with forward slashes."""
    p = Path(path)
    base = Path(root) if root is not None else Path.cwd()
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return p.as_posix()

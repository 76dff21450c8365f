"""Nothing from outside the project is read (issue 14).

Under `docs/`, `data/` and `checklists/` every entry must be a plain file or folder inside the
project: a symbolic link (to a file or a folder) that leads outside the project, and a hard link
(a file with more than one name, which may be a file elsewhere on the disk), are refused with
`path:1`. The walk never follows a link, so a link loop or a link to `/` costs nothing.
`refuse(root)` runs in the content hook's on_config (build and `make serve`).
"""
from __future__ import annotations

import os
from pathlib import Path

from handreiking.core.errors import DataError, Problem

FOLDERS = ("docs", "data", "checklists")


def check(root: Path) -> list[Problem]:
    root = Path(root)
    real_root = root.resolve()
    problems: list[Problem] = []
    for folder in FOLDERS:
        top = root / folder
        if top.is_symlink():
            entries = [top]
        elif top.is_dir():
            entries = []
            for here, dirs, files in os.walk(top, followlinks=False):
                for name in dirs + files:
                    entries.append(Path(here) / name)
        else:
            continue
        for path in sorted(entries):
            shown = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if target != real_root and real_root not in target.parents:
                    problems.append(Problem(shown, 1, "dit is een snelkoppeling (symbolische "
                                            "link) naar iets buiten het project; de site leest "
                                            "niets van buiten het project. Zet het bestand zelf "
                                            "in de map."))
            elif path.is_file() and path.stat().st_nlink > 1:
                problems.append(Problem(shown, 1, "dit bestand is een harde link (het bestaat "
                                        "ook onder een andere naam, mogelijk buiten het "
                                        "project); zet een gewone kopie in de map."))
    return problems


def refuse(root: Path) -> None:
    problems = check(root)
    if problems:
        raise DataError(problems)

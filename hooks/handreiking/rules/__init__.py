"""Sourced rule set: the sources register (`data/bronnen.yml`), the rules register
(`data/regels/*.yml`), where each rule is shown, and how it renders.

- `model`: loading and validation (`load_register`, `read_register`);
- `render`: rule box, sources page, plain source line;
- `usage`: places that show a rule (pages, tree outcomes, checklist items, PDF products) and
  prose that restates a rule;
- `commands`: `handreiking regels --json` and `handreiking regel ID`.

`check(root)` (run by `handreiking check`) reports register errors, unknown rule ids in pages,
trees and checklists (errors) and restatements in prose (warnings), each `path:line: melding`.
Nothing here imports MkDocs.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.core.errors import DataError, Problem
from .model import Citation, Register, Rule, Source, load_register, read_register  # noqa: F401
from .render import (page_handlers, plain_rule, render_rule, render_rules,  # noqa: F401
                     render_sources_page, source_line)


def errors(root: Path) -> list[Problem]:
    """Register errors and unknown rule ids anywhere (what fails check and build)."""
    from handreiking.core import docs as page_model
    from .usage import all_places, indented_markers, reference_problems
    root = Path(root)
    register = read_register(root)
    problems = list(register.problems)
    sources = page_model.load_sources(root)
    if not register.problems:  # a broken register file would make every id it holds unknown
        problems += reference_problems(register, all_places(root, sources))
    problems += indented_markers(sources)
    return problems


def check(root: Path) -> list[Problem]:
    """`handreiking check`: errors, plus restatement warnings (severity 'waarschuwing')."""
    from handreiking.core import docs as page_model
    from .usage import restatement_problems, restatements
    root = Path(root)
    problems = errors(root)
    register = read_register(root)
    if not register.problems:
        problems += restatement_problems(restatements(register, page_model.load_sources(root)))
    return problems


def refuse(root: Path) -> Register:
    """For the build: the register, or DataError with every error (warnings pass)."""
    problems = [p for p in errors(root) if p.severity == "fout"]
    if problems:
        raise DataError(problems)
    return read_register(root)

"""Checks on the Markdown sources in docs/ (run by `handreiking check`), always as
`path:line: Dutch message`:

- nl/en parity and stale translations (content.translations);
- unknown content markers and markers without their argument (content.markers);
- links to pages or anchors that do not exist (content.links);
- raw HTML outside the allowlist, in the source (content.html) and in the rendered page
  (content.rendered);
- the folders' readability, rule boxes included (content.readability);
- open points in docs/**/*.md and in the YAML (content.open_points).

Nothing here imports MkDocs; the scans are plain regular expressions (about 0.2 s for the site).
"""
from __future__ import annotations

from pathlib import Path

from handreiking.animation import load_animation
from handreiking.content.rendered import html_problems
from handreiking.content.links import LinkChecker
from handreiking.content.markers import check_markers, known_markers
from handreiking.content.open_points import markdown_open_points, yaml_open_points
from handreiking.content.readability import (FOLDER_MAX_WORDS, comma_number, check_folders,
                                              readability)
from handreiking.content.translations import check_parity, check_translations
from handreiking.core.docs import FRONT_MATTER, Source, load_sources, mask_code
from handreiking.core.errors import DataError, Problem
from handreiking.glossary import load_glossary
from handreiking.rules.model import read_register
from handreiking.rules.usage import folder_rule_texts


def _generated_ids(root: Path) -> tuple[list[str], list[str], list[str]]:
    """Ids the glossary, animation and sources-list fragments add (empty when their data is
    broken)."""
    try:
        glossary = [t.id for t in load_glossary(root)]
    except DataError:
        glossary = []
    try:
        scenes = [s.id for s in load_animation(root).scenes]
    except DataError:
        scenes = []
    sources = list(read_register(root).sources)
    return glossary, scenes, sources


def check(root: Path) -> list[Problem]:
    """All content checks; errors and open points, each `path:line: message`."""
    root = Path(root)
    problems: list[Problem] = []
    sources = load_sources(root, problems)
    unreadable = {Path(p.path).relative_to("docs").as_posix() for p in problems}
    problems += check_parity(sources, unreadable)
    problems += check_translations(sources)
    links = LinkChecker(sources, *_generated_ids(root))
    links.unreadable = unreadable
    known = known_markers(root)
    for source in sources.values():
        problems += check_markers(source, known)
        problems += html_problems(source, root)
        problems += links.check(source)
    problems += check_folders(sources, folder_rule_texts(root))
    problems += [p.problem() for p in markdown_open_points(sources)]
    points, yaml_problems = yaml_open_points(root)
    problems += [p.problem() for p in points] + yaml_problems
    return problems


_PAGE_PROBLEMS: dict[tuple, tuple[Problem, ...]] = {}


def page_problems(source_text: str, rel: str, root: Path) -> list[Problem]:
    """Marker and raw-HTML problems of one page (for the build, which has the text at hand).

    `source_text` is the whole file, front matter included, so the lines are the file's lines
    (the same `path:line` as `handreiking check`). Remembered per page text (and known markers), so a rebuild does not check unchanged
    pages again."""
    known = known_markers(root)
    key = (str(root), rel, source_text, tuple(sorted(known.items())))
    found = _PAGE_PROBLEMS.get(key)
    if found is None:
        docs = Path(root) / "docs"
        text = source_text.replace("\r\n", "\n")
        m = FRONT_MATTER.match(text)
        start = m.end() if m else 0
        source = Source(docs / rel, rel, f"docs/{rel}", text, start,
                        text[:start] + mask_code(text[start:]))
        found = tuple(check_markers(source, known) + html_problems(source, Path(root)))
        if len(_PAGE_PROBLEMS) >= 512:
            _PAGE_PROBLEMS.clear()
        _PAGE_PROBLEMS[key] = found
    return list(found)


def readability_report(root: Path) -> list[str]:
    """One line per page for `handreiking check --leesbaarheid`."""
    lines = []
    rules = folder_rule_texts(root)
    for source in load_sources(root).values():
        r = readability(source, rules.get(source.lang) if source.rel.startswith("folders/")
                        else None)
        if not r.sentences:
            continue
        flag = ""
        if source.rel.startswith("folders/") and r.words_per_sentence > FOLDER_MAX_WORDS:
            flag = f"  <-- boven {FOLDER_MAX_WORDS:.0f}"
        lines.append(f"{r.path}: {comma_number(r.words_per_sentence)} woorden per zin, "
                     f"{r.long_share * 100:.0f}% woorden van 4+ lettergrepen "
                     f"({r.sentences} zinnen, {r.words} woorden){flag}")
    return lines

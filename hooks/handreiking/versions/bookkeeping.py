"""Bookkeeping that follows from the change entries (issue 15), not from hand edits.

For the version a release publishes, its change entries (pages, tree nodes, checklist items, and
every place that shows a rule they name) decide:
- `herzien:` of every changed page (both languages) = the day of the release;
- `versie:` of every changed decision tree = its number in the previous release + 1;
- `versie:` of every checklist the same way (a checklist that had no number yet counts as 1;
  the release writes the number in every checklist).
`apply_release` writes them during `make release`; `check` reports where the files disagree with
the current version (a page it changed reviewed before it was published, a tree or checklist
number that is not the previous one + 1) and, for the concept, a tree or checklist changed since
the previous release that no change entry names, and a page whose prose changed that no change
entry names.
"""
from __future__ import annotations

import datetime as _dt
import re
import subprocess
from pathlib import Path

from handreiking.core.langs import LANGUAGES, page_name, source_page
from handreiking.core.errors import DataError, Problem
from handreiking.core.yamlload import load_shared, loads

TREES = "checklists/trees"
CHECKLISTS = "checklists"
HERZIEN = re.compile(r"^herzien:[ \t]*(\S+)[ \t]*$", re.M)
VERSIE = re.compile(r"^versie:[ \t]*(\d+)[ \t]*$", re.M)


def changed_checklists(root: Path, entry) -> set[str]:
    """Checklist slugs that `entry`'s change entries change (an item, or the whole checklist)."""
    from handreiking.versions.changes import _expanded, ref_problem
    out = set()
    for change in entry.changes:
        if change.kind == "vervallen":
            continue
        for ref in _expanded(root, change.refs):
            if ref.kind == "checklist" and not ref_problem(root, ref):
                out.add(ref.slug)
    return {s for s in out if (Path(root) / CHECKLISTS / f"{s}.yml").is_file()}


def changed_places(root: Path, entry) -> tuple[set[str], set[str]]:
    """(Dutch page names, tree slugs) that `entry`'s change entries change."""
    from handreiking.versions.changes import _expanded, ref_problem
    pages, trees = set(), set()
    for change in entry.changes:
        if change.kind == "vervallen":
            continue
        for ref in _expanded(root, change.refs):
            if ref_problem(root, ref):
                continue
            if ref.kind == "pagina":
                pages.add(ref.slug)
            elif ref.kind == "beslisboom":
                trees.add(ref.slug)
                pages.add(f"beslisbomen/{ref.slug}.md")
            elif ref.kind == "checklist":
                pages.add(f"checklists/{ref.slug}.md")
    docs = Path(root) / "docs"
    return {p for p in pages if (docs / p).is_file()}, trees


def _git_show(root: Path, commit: str, path: str) -> str | None:
    result = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True,
                            text=True)
    return result.stdout if result.returncode == 0 else None


def tree_number(text: str | None) -> int | None:
    match = VERSIE.search(text or "")
    return int(match.group(1)) if match else None


def expected_tree_numbers(root: Path, registry, entry) -> dict[str, int]:
    """Tree slug -> the `versie` it must have in `entry` (previous release's number, + 1 when
    `entry` changes the tree). Empty when there is no previous release to count from."""
    previous = registry.previous(entry)
    if previous is None or not previous.version.commit:
        return {}
    _, named = changed_places(root, entry)
    out = {}
    for file in sorted((Path(root) / TREES).glob("*.yml")):
        before = tree_number(_git_show(root, previous.version.commit, f"{TREES}/{file.name}"))
        if before is None:
            continue  # a new tree keeps the number its editor gave it
        out[file.stem] = before + (1 if file.stem in named else 0)
    return out


def expected_checklist_numbers(root: Path, registry, entry) -> dict[str, int]:
    """Checklist slug -> the `versie` it must have in `entry`: its number in the previous
    release (1 when it had none yet), + 1 when `entry` changes it. A checklist that did not exist
    in the previous release keeps the number its editor gave it (none: 1). Empty when there is
    no previous release to count from."""
    previous = registry.previous(entry)
    if previous is None or not previous.version.commit:
        return {}
    named = changed_checklists(root, entry)
    out = {}
    for file in sorted((Path(root) / CHECKLISTS).glob("*.yml")):
        before = _git_show(root, previous.version.commit, f"{CHECKLISTS}/{file.name}")
        if before is None:
            out[file.stem] = tree_number(file.read_text(encoding="utf-8")) or 1
            continue
        out[file.stem] = (tree_number(before) or 1) + (1 if file.stem in named else 0)
    return out


def _set_number(text: str, number: int) -> str:
    """`versie: number` at the top level: replaced, or added before `titel:` (else at the end)."""
    if VERSIE.search(text):
        return VERSIE.sub(f"versie: {number}", text, count=1)
    titel = re.search(r"^titel:", text, re.M)
    at = titel.start() if titel else len(text)
    return text[:at] + f"versie: {number}\n" + text[at:]


def _set_herzien(file: Path, day: _dt.date) -> bool:
    text = file.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    head = text[:end]
    new_head, n = HERZIEN.subn(f"herzien: {day.isoformat()}", head, count=1)
    if not n or new_head == head:
        return False
    file.write_text(new_head + text[end:], encoding="utf-8")
    return True


def apply_release(root: Path, registry, entry, day: _dt.date) -> list[str]:
    """Write the computed `herzien` dates and tree numbers for `entry`; return changed paths."""
    root = Path(root)
    pages, _ = changed_places(root, entry)
    changed = []
    for page in sorted(pages):
        for name in (page_name(page, lang) for lang in LANGUAGES):
            file = root / "docs" / name
            if file.is_file() and _set_herzien(file, day):
                changed.append(f"docs/{name}")
    for slug, number in expected_tree_numbers(root, registry, entry).items():
        file = root / TREES / f"{slug}.yml"
        text = file.read_text(encoding="utf-8")
        new = VERSIE.sub(f"versie: {number}", text, count=1)
        if new != text:
            file.write_text(new, encoding="utf-8")
            changed.append(f"{TREES}/{slug}.yml")
    for slug, number in expected_checklist_numbers(root, registry, entry).items():
        file = root / CHECKLISTS / f"{slug}.yml"
        text = file.read_text(encoding="utf-8")
        new = _set_number(text, number)
        if new != text:
            file.write_text(new, encoding="utf-8")
            changed.append(f"{CHECKLISTS}/{slug}.yml")
    return changed


def _unlisted_changes(root: Path, previous, entry, folder: str, listed, normalise, what: str,
                      fields: str) -> list[Problem]:
    """Warnings for the YAML files in `folder` that differ (after `normalise`) from the
    previous version's commit while no change entry of `entry` lists them."""
    problems = []
    for file in sorted((root / folder).glob("*.yml")):
        before = _git_show(root, previous.version.commit, f"{folder}/{file.name}")
        if before is None or file.stem in listed:
            continue
        try:
            same = normalise(loads(before, file.name)) == normalise(load_shared(file, root))
        except DataError:
            continue
        if not same:
            problems.append(Problem(f"{folder}/{file.name}", 1, f"{what} is gewijzigd sinds "
                                    f"versie {previous.id}, maar geen wijziging van versie "
                                    f"{entry.id} noemt haar; voeg haar toe aan {fields} van een "
                                    "wijziging in data/versions.yml.", "waarschuwing"))
    return problems


def _without_number(data):
    """A checklist's data without its computed `versie` (that alone is no change)."""
    return {k: v for k, v in dict(data).items() if k != "versie"} if hasattr(data, "items") \
        else data


def _line(text: str, pattern: re.Pattern) -> int:
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _body(text: str) -> tuple[list[str], int]:
    """The prose of a page (lines after its front matter, trailing blanks ignored) and the
    number of lines before it."""
    start = 0
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            start = text.count("\n", 0, end) + 2
    lines = [line.rstrip() for line in text.splitlines()[start:]]
    return lines, start


def unlisted_pages(root: Path, registry, entry) -> list[Problem]:
    """Pages (both languages, not the editors' pages) whose prose changed since the release
    before the concept `entry` while no change entry of `entry` names them."""
    import difflib
    previous = registry.previous(entry)
    if previous is None or not previous.version.commit or entry.version.correction_of:
        return []
    diff = subprocess.run(["git", "diff", "--name-only", previous.version.commit, "--", "docs"],
                          cwd=root, capture_output=True, text=True)
    if diff.returncode != 0:
        return []
    pages, _ = changed_places(root, entry)
    problems = []
    for path in sorted(diff.stdout.split()):
        rel = path[len("docs/"):]
        file = root / path
        if not rel.endswith(".md") or rel.startswith("redactie/") or not file.is_file() \
                or source_page(rel) in pages:
            continue
        before = _git_show(root, previous.version.commit, path)
        if before is None:
            continue  # a new page is named by its 'nieuw' change entry, not compared
        now, offset = _body(file.read_text(encoding="utf-8", errors="replace"))
        old, _ = _body(before)
        if now == old:
            continue  # only the front matter changed (a stamp, a date)
        # The first changed line with text (an added blank line is not what the editor wrote).
        changed = [j for tag, _i1, _i2, j1, j2 in
                   difflib.SequenceMatcher(None, old, now, autojunk=False).get_opcodes()
                   if tag != "equal" for j in range(j1, max(j2, j1 + 1))]
        first = next((j for j in changed if j < len(now) and now[j]), changed[0] if changed else 0)
        problems.append(Problem(path, offset + min(first, max(len(now) - 1, 0)) + 1,
                                f"de tekst van deze pagina is gewijzigd sinds versie "
                                f"{previous.id}, maar geen wijziging van conceptversie "
                                f"{entry.id} noemt haar; voeg in data/versions.yml onder versie "
                                f"{entry.id} een wijziging toe met '{source_page(rel)}' bij "
                                "'paginas:', of leg de wijziging vast als correctie (een versie "
                                "met 'correctie_van:').", "waarschuwing"))
    return problems


def _number_problems(root: Path, folder: str, expected: dict[str, int], changed: set[str],
                     noun: str, entry) -> list[Problem]:
    """A hand-set `versie:` of a tree or checklist in `folder` that disagrees with `expected`."""
    problems = []
    for slug, number in expected.items():
        text = (root / folder / f"{slug}.yml").read_text(encoding="utf-8", errors="replace")
        actual = tree_number(text)
        if actual is not None and actual != number:
            problems.append(Problem(f"{folder}/{slug}.yml", _line(text, VERSIE),
                                    f"'versie: {actual}' klopt niet met de wijzigingen van "
                                    f"versie {entry.id}: verwacht {number} ("
                                    + (f"de {noun} is gewijzigd" if slug in changed else
                                       f"geen wijziging noemt deze {noun}")
                                    + "); 'make release' zet het nummer zelf."))
    return problems


def check(root: Path) -> list[Problem]:
    from handreiking.versions.changes import load_registry
    root = Path(root)
    try:
        registry = load_registry(root)
    except DataError:
        return []
    entry = registry.current
    problems: list[Problem] = []
    pages, named = changed_places(root, entry)
    if entry.version.released:
        for page in sorted(pages):
            for name in (page_name(page, lang) for lang in LANGUAGES):
                file = root / "docs" / name
                if not file.is_file():
                    continue
                text = file.read_text(encoding="utf-8", errors="replace")
                match = HERZIEN.search(text.split("\n---", 1)[0])
                day = match.group(1).strip("\"'") if match else ""
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) and \
                        day < entry.version.in_force.isoformat():
                    problems.append(Problem(f"docs/{name}", _line(text, HERZIEN),
                                            f"versie {entry.id} wijzigt deze pagina, maar "
                                            f"'herzien' ({day}) ligt vóór de "
                                            f"publicatie ({entry.version.in_force.isoformat()}); "
                                            "zet de datum van de publicatie ('make release' doet "
                                            "dat zelf)."))
        problems += _number_problems(root, TREES, expected_tree_numbers(root, registry, entry),
                                     named, "beslisboom", entry)
        problems += _number_problems(root, CHECKLISTS,
                                     expected_checklist_numbers(root, registry, entry),
                                     changed_checklists(root, entry), "checklist", entry)
    else:
        problems += unlisted_pages(root, registry, entry)
        previous = registry.previous(entry)
        if previous is not None and previous.version.commit:
            problems += _unlisted_changes(root, previous, entry, CHECKLISTS,
                                          changed_checklists(root, entry), _without_number,
                                          "deze checklist", "'checklists:'")
            problems += _unlisted_changes(root, previous, entry, TREES, named, lambda d: d,
                                          "deze beslisboom", "'beslisbomen:' of 'regels:'")
    return problems

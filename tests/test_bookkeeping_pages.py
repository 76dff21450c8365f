"""`make check` warns about a page whose prose changed since the last released version while no
change entry of the concept version names it (issue 15: bookkeeping computed, not forgotten).

A copy of the project's data and pages in a temporary git repository: the released version's
recorded commit is set to the copy's first commit; a concept version is added after it. No
version id or date is pinned: they come from data/versions.yml.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from handreiking.publish import release as rel
from handreiking.versions import bookkeeping
from handreiking.versions.changes import load_registry

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
SENTENCE = "Een nieuwe zin, alleen in deze test."


def _concept(version_id: str, page: str | None) -> str:
    listing = f"        paginas:\n          - {page}\n" if page else \
        "        paginas:\n          - index.md\n"
    return (f'  - id: "{version_id}"\n    titel:\n      nl: "Proef"\n      en: "Trial"\n'
            "    status: concept\n    wijzigingen:\n      - soort: gewijzigd\n"
            '        wat:\n          nl: "Proef."\n          en: "Trial."\n'
            '        waarom:\n          nl: "Proef."\n          en: "Trial."\n' + listing)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> dict:
    repo = tmp_path_factory.mktemp("boekhouding")
    for folder in ("data", "docs", "checklists"):
        shutil.copytree(ROOT / folder, repo / folder)
    for name in ("mkdocs.yml",):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, repo / name)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    registry = load_registry(repo)
    released = registry.released_current.id
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(GIT + ["commit", "-q", "-m", "x"], cwd=repo, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, text=True, check=True,
                          capture_output=True).stdout.strip()
    rel.set_version_fields(repo, released, commit=f'"{head}"')
    subprocess.run(GIT + ["commit", "-q", "-m", "commit", "--", "data/versions.yml"], cwd=repo,
                   check=True)
    year, number = released.split(".")[:2]
    page = next(p.relative_to(repo / "docs").as_posix()
                for p in sorted((repo / "docs").rglob("*.md"))
                if not p.name.endswith(".en.md") and not p.relative_to(repo / "docs")
                .as_posix().startswith("redactie/") and p.name != "index.md"
                and "\n# " in p.read_text(encoding="utf-8"))
    return {"repo": repo, "released": released, "concept": f"{year}.{int(number) + 1}",
            "page": page, "versions": (repo / "data" / "versions.yml").read_text("utf-8")}


def _edit(file: Path) -> int:
    """Add a sentence after the H1; return its line."""
    text = file.read_text(encoding="utf-8")
    head, h1, rest = re.split(r"(?m)^(# .*\n)", text, maxsplit=1)
    file.write_text(head + h1 + "\n" + SENTENCE + "\n" + rest, encoding="utf-8")
    return (head + h1).count("\n") + 2


def _warnings(repo: Path) -> list:
    return [p for p in bookkeeping.check(repo) if "is gewijzigd sinds versie" in p.message
            and p.path.startswith("docs/")]


@pytest.fixture()
def scene(copy):
    repo = copy["repo"]
    yield copy
    subprocess.run(["git", "checkout", "-q", "--", "docs", "data", "checklists"], cwd=repo,
                   check=True)
    subprocess.run(["git", "clean", "-qfd", "--", "docs"], cwd=repo, check=True)


def test_changed_page_without_change_entry_is_warned(scene):
    repo, page = scene["repo"], scene["page"]
    (repo / "data" / "versions.yml").write_text(scene["versions"] + _concept(scene["concept"],
                                                                             None), "utf-8")
    line = _edit(repo / "docs" / page)
    found = _warnings(repo)
    assert [(p.path, p.line) for p in found] == [(f"docs/{page}", line)], found
    message = found[0].message
    assert found[0].severity == "waarschuwing"
    assert scene["released"] in message and scene["concept"] in message
    assert "data/versions.yml" in message and f"'{page}'" in message and "correctie" in message


def test_listed_page_is_not_warned(scene):
    repo, page = scene["repo"], scene["page"]
    (repo / "data" / "versions.yml").write_text(scene["versions"] + _concept(scene["concept"],
                                                                             page), "utf-8")
    _edit(repo / "docs" / page)
    assert _warnings(repo) == []


def test_editors_pages_and_front_matter_are_not_warned(scene):
    repo = scene["repo"]
    (repo / "data" / "versions.yml").write_text(scene["versions"] + _concept(scene["concept"],
                                                                             None), "utf-8")
    _edit(repo / "docs" / "redactie" / "index.md")
    file = repo / "docs" / scene["page"]
    text = file.read_text(encoding="utf-8")
    if text.startswith("---"):
        file.write_text(text.replace("---\n", "---\nverborgen_test: ja\n", 1), "utf-8")
    assert _warnings(repo) == []


def test_no_warning_without_a_concept_version(scene):
    repo = scene["repo"]
    _edit(repo / "docs" / scene["page"])
    assert _warnings(repo) == []  # data/versions.yml as released: no concept


def test_no_warning_without_a_released_version(scene):
    """Only a concept (nothing released yet): nothing to compare with."""
    repo = scene["repo"]
    head = scene["versions"].split("\nversies:\n", 1)[0] + "\nversies:\n"
    (repo / "data" / "versions.yml").write_text(head + _concept(scene["concept"], None), "utf-8")
    registry = load_registry(repo)  # accepted: the check below really runs
    assert [e.id for e in registry.entries] == [scene["concept"]]
    _edit(repo / "docs" / scene["page"])
    assert _warnings(repo) == []


# --- checklist numbers (like tree numbers) ----------------------------------------------------

def _checklist_with_items(repo: Path) -> tuple[str, str]:
    from handreiking.versions.changes import structured_ids
    for file in sorted((repo / "checklists").glob("*.yml")):
        ids = structured_ids(repo, "checklist", file.stem)
        if ids:
            return file.stem, sorted(ids)[0]
    pytest.skip("no checklist with items")


def test_checklist_numbers_follow_the_change_entries(scene):
    """A concept that changes one checklist item: the release numbers that checklist previous+1
    and every other one as before (1 when it had no number); the check then agrees, and reports
    a hand-set number that disagrees, with file and line."""
    repo = scene["repo"]
    slug, item = _checklist_with_items(repo)
    listing = f"        checklists:\n          - {slug}#{item}\n"
    (repo / "data" / "versions.yml").write_text(
        scene["versions"] + _concept(scene["concept"], None) + listing, "utf-8")
    registry = load_registry(repo)
    concept = registry.get(scene["concept"])
    before = {f.stem: bookkeeping.tree_number(f.read_text("utf-8"))
              for f in (repo / "checklists").glob("*.yml")}
    expected = bookkeeping.expected_checklist_numbers(repo, registry, concept)
    assert set(expected) == set(before)
    for name, number in before.items():
        assert expected[name] == (number or 1) + (1 if name == slug else 0), name
    released = registry.get(scene["released"]).version.in_force
    changed = bookkeeping.apply_release(repo, registry, concept, released)
    assert f"checklists/{slug}.yml" in changed
    for name, number in expected.items():
        text = (repo / "checklists" / f"{name}.yml").read_text("utf-8")
        assert bookkeeping.tree_number(text) == number, name
    # The concept becomes the current version (as `make release` does): the check agrees ...
    rel.set_version_fields(repo, scene["released"], status="vervangen")
    rel.set_version_fields(repo, scene["concept"], status="actueel",
                           in_werking=released.isoformat(), commit='"' + "0" * 40 + '"')
    numbers = [p for p in bookkeeping.check(repo) if p.path.startswith("checklists/")
               and "klopt niet" in p.message]
    assert numbers == [], numbers
    # ... and reports a number set by hand.
    file = repo / "checklists" / f"{slug}.yml"
    text = file.read_text("utf-8")
    wrong = expected[slug] + 3
    file.write_text(text.replace(f"versie: {expected[slug]}\n", f"versie: {wrong}\n", 1), "utf-8")
    line = next(n for n, ln in enumerate(file.read_text("utf-8").splitlines(), 1)
                if ln == f"versie: {wrong}")
    found = [p for p in bookkeeping.check(repo) if p.path == f"checklists/{slug}.yml"]
    assert [(p.line, p.severity) for p in found] == [(line, "fout")], found
    assert f"verwacht {expected[slug]}" in found[0].message and "make release" in found[0].message


def test_changed_checklist_without_change_entry_is_warned(scene):
    repo = scene["repo"]
    slug, _item = _checklist_with_items(repo)
    (repo / "data" / "versions.yml").write_text(scene["versions"] + _concept(scene["concept"],
                                                                             None), "utf-8")
    file = repo / "checklists" / f"{slug}.yml"
    text = file.read_text("utf-8")
    file.write_text(re.sub(r'(?m)^(  nl: ")', r'\1Gewijzigd: ', text, count=1), "utf-8")
    found = [p for p in bookkeeping.check(repo) if p.path == f"checklists/{slug}.yml"]
    assert len(found) == 1 and found[0].severity == "waarschuwing", found
    assert "'checklists:'" in found[0].message

"""Build caches (hooks/handreiking/core/filecache.py and its users): an edited file is read again, an
unchanged one is not parsed twice, shared data cannot be changed by a consumer, and a model is
validated again when a file it depends on changes (not only its own YAML)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

from handreiking.checks import open_points as checks_open_points
from handreiking import glossary
from handreiking.core import filecache, yamlload
from handreiking.trees import render as R
from handreiking.checklists.model import load_all
from handreiking.core.errors import DataError
from handreiking.trees.model import load_trees

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_cache():
    filecache.clear()
    yield
    filecache.clear()


@pytest.fixture()
def parses(monkeypatch) -> list[str]:
    """Every YAML text actually parsed (yamlload.loads), by shown path."""
    seen: list[str] = []
    real = yamlload.loads

    def counting(text, path):
        seen.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlload, "loads", counting)
    return seen


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def age(path: Path, seconds: float = 60) -> None:
    """Move the modification time back, out of the 'just changed' window (RACY_NS)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_unchanged_file_is_parsed_once(tmp_path, parses):
    file = tmp_path / "data" / "x.yml"
    write(file, "naam: een\n")
    age(file)
    first = yamlload.load_shared(file, tmp_path)
    for _ in range(5):
        assert yamlload.load_shared(file, tmp_path) is first
    assert parses == ["data/x.yml"]
    assert filecache.STATS["yaml:hit"] == 5 and filecache.STATS["yaml:miss"] == 1


def test_edited_file_is_read_again_by_size_and_by_mtime(tmp_path, parses):
    file = tmp_path / "data" / "x.yml"
    write(file, "naam: een\n")
    age(file)
    assert yamlload.load_shared(file, tmp_path)["naam"] == "een"
    write(file, "naam: twee of drie\n")          # other size
    assert yamlload.load_shared(file, tmp_path)["naam"] == "twee of drie"
    stamp = file.stat().st_mtime_ns
    write(file, "naam: vier of vijf\n")           # same size ...
    age(file, 30)                                 # ... other modification time
    assert file.stat().st_mtime_ns != stamp
    assert yamlload.load_shared(file, tmp_path)["naam"] == "vier of vijf"
    assert parses == ["data/x.yml"] * 3


def test_same_size_edit_within_one_clock_tick_is_seen(tmp_path):
    """A coarse file-system clock can give two quick writes the same mtime: a file changed in
    the last seconds is also compared by content."""
    file = tmp_path / "x.yml"
    write(file, "a: 1\n")
    st = file.stat()
    assert yamlload.load_shared(file, tmp_path)["a"] == 1
    write(file, "a: 2\n")
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))   # identical stamp but the inode
    assert file.stat().st_mtime_ns == st.st_mtime_ns and file.stat().st_size == st.st_size
    assert yamlload.load_shared(file, tmp_path)["a"] == 2


def test_broken_file_is_not_cached(tmp_path, parses):
    file = tmp_path / "x.yml"
    write(file, "a: [1\n")
    age(file)
    for _ in range(2):
        with pytest.raises(DataError):
            yamlload.load_shared(file, tmp_path)
    assert len(parses) == 2


def test_shared_data_is_read_only_and_load_still_gives_a_fresh_copy(tmp_path):
    file = tmp_path / "x.yml"
    write(file, "lijst:\n  - a\nblok:\n  b: 1\n")
    shared = yamlload.load_shared(file, tmp_path)
    for change in (lambda: shared.__setitem__("c", 1), lambda: shared.pop("lijst"),
                   lambda: shared["lijst"].append("x"), lambda: shared["blok"].update(b=2),
                   lambda: shared["lijst"].sort()):
        with pytest.raises(TypeError):
            change()
    assert shared == {"lijst": ["a"], "blok": {"b": 1}}
    assert shared.line_of("blok") == 3 and shared["lijst"].line_of(0) == 2
    own = yamlload.load(file, tmp_path)
    own["c"] = 1                                   # the uncached loader stays mutable
    assert "c" not in yamlload.load_shared(file, tmp_path)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the real docs, checklists and data (trees and checklists validate links)."""
    for name in ("docs", "checklists", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for file in (tmp_path / "docs").rglob("*.md"):
        age(file, 120)
    for file in (tmp_path / "checklists").rglob("*.yml"):
        age(file, 120)
    return tmp_path


def test_tree_models_are_validated_once_and_again_when_a_linked_page_changes(project, parses):
    first = load_trees(project)
    count = len(parses)
    assert load_trees(project) == first and len(parses) == count        # nothing parsed again
    assert load_trees(project)["soort-bericht"] is first["soort-bericht"]
    # Remove the heading id an outcome of a tree links to: the tree is validated again.
    tree, target = next((t, g) for t in first.values() for o in t.outcomes.values()
                        for g in o.guidance if "#" in g)
    page, anchor = target.split("#")
    file = project / "docs" / page
    text = file.read_text(encoding="utf-8")
    assert "{#" + anchor + "}" in text
    write(file, text.replace("{#" + anchor + "}", ""))
    with pytest.raises(DataError) as exc:
        load_trees(project)
    assert f"'#{anchor}' bestaat niet" in str(exc.value)
    assert tree.path in str(exc.value)
    assert len(parses) == count          # the YAML itself was not parsed again, only validated


def test_edited_checklist_is_read_again_and_others_are_not(project, parses):
    first = load_all(project)
    count = len(parses)
    slug = sorted(first)[0]
    file = project / "checklists" / f"{slug}.yml"
    text = file.read_text(encoding="utf-8")
    old_title = first[slug].title["nl"]
    write(file, text.replace(old_title, old_title + " (nieuw)", 1))
    second = load_all(project)
    assert second[slug].title["nl"] == old_title + " (nieuw)"
    assert parses[count:] == [f"checklists/{slug}.yml"]
    for other in set(first) - {slug}:
        assert second[other] is first[other]
    # A checklist that links to a decision tree is validated again when that tree goes away.
    linked = next((c, t) for c in second.values() for i in c.items for t in i.trees)
    (project / "checklists" / "trees" / f"{linked[1]}.yml").unlink()
    with pytest.raises(DataError) as exc:
        load_all(project)
    assert f"beslisboom '{linked[1]}' bestaat niet" in str(exc.value)


def test_open_points_follow_an_edit(project):
    (project / "DESIGN.md").write_text((ROOT / "DESIGN.md").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    before = checks_open_points.open_points(project)
    assert checks_open_points.open_points(project) == before
    file = project / "data" / "tijdlijn.yml"
    text = file.read_text(encoding="utf-8")
    write(file, text + "\n")  # formatting only: same open points
    assert checks_open_points.open_points(project) == before
    page = project / "docs" / "over.md"
    write(page, page.read_text(encoding="utf-8") + "\nNieuwe zin.\n<!-- open: cachetest -->\n")
    after = checks_open_points.open_points(project)
    assert [p.text for p in after if p.text == "cachetest"] == ["cachetest"]
    assert len(after) == len(before) + 1


def test_glossary_expansion_follows_the_glossary():
    term = glossary.Term("woo", "afkorting", {"nl": "Woo", "en": "Woo"},
                         {"nl": "Wet open overheid", "en": "Open Government Act"}, {}, 1)
    html = "<p>De Woo geldt.</p>"
    assert glossary.expand_abbreviations(html, [term], "nl") == (
        "<p>De Woo (Wet open overheid) geldt.</p>")
    changed = glossary.Term("woo", "afkorting", {"nl": "Woo", "en": "Woo"},
                            {"nl": "Wet open overheid (nieuw)", "en": "x"}, {}, 1)
    assert glossary.expand_abbreviations(html, [changed], "nl") == (
        "<p>De Woo (Wet open overheid (nieuw)) geldt.</p>")
    assert glossary.expand_abbreviations(html, [term], "en") == (
        "<p>De Woo (Open Government Act) geldt.</p>")


def test_diagram_is_drawn_once_and_then_read_from_the_cache_folder(tmp_path, monkeypatch):
    trees = load_trees(ROOT)
    tree = trees["soort-bericht"]
    R._SVG_CACHE.clear()
    first = R.diagram_svg(tree, "nl", tmp_path)
    assert len(list(tmp_path.glob("*.svg"))) == 1
    R._SVG_CACHE.clear()

    def no_graphviz(*args, **kwargs):
        raise AssertionError("dot should not run again")

    monkeypatch.setattr(R.subprocess, "run", no_graphviz)
    assert R.diagram_svg(tree, "nl", tmp_path) == first
    R._SVG_CACHE.clear()
    with pytest.raises(AssertionError):          # another language: another drawing
        R.diagram_svg(tree, "en", tmp_path)


def test_template_bytecode_cache_compiles_an_edited_template_again(tmp_path):
    template = tmp_path / "t.html"
    template.write_text("een {{ x }}", encoding="utf-8")
    cache = filecache.template_bytecode_cache()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
        env.bytecode_cache = cache
        return env.get_template("t.html").render(x=1)

    assert render() == "een 1"
    stored = len(cache.store)
    assert render() == "een 1" and len(cache.store) == stored
    template.write_text("twee {{ x }}", encoding="utf-8")
    assert render() == "twee 1"


def test_page_memo_reuses_a_result_until_any_project_file_changes(tmp_path, monkeypatch):
    """Warm builds take page-hook results from .cache/pages: the same input on the same
    project files gives the stored result; another input, or an edit to any project file, makes
    it again."""
    from types import SimpleNamespace
    from handreiking_mkdocs import memo
    monkeypatch.delenv("HANDREIKING_NO_CACHE", raising=False)
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_text("een", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), site_url=None)
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        return f"uit {len(calls)}"

    memo.begin(config, tmp_path)
    assert memo.page("k", "nl", "a/", "<p>x</p>", make) == "uit 1"
    assert memo.page("k", "nl", "a/", "<p>x</p>", make) == "uit 1" and len(calls) == 1
    assert memo.page("k", "nl", "a/", "<p>y</p>", make) == "uit 2"
    assert memo.page("k", "en", "a/", "<p>x</p>", make) == "uit 3"
    assert any((tmp_path / ".cache" / "pages").iterdir())
    page.write_text("twee", encoding="utf-8")
    memo.begin(config, tmp_path)
    assert memo.page("k", "nl", "a/", "<p>x</p>", make) == "uit 4"
    assert not memo.checked()
    filecache.record_pass(tmp_path, memo.CHECKS, memo.begin(config, tmp_path))
    memo.begin(config, tmp_path)
    assert memo.checked()
    page.write_text("drie", encoding="utf-8")
    memo.begin(config, tmp_path)
    assert not memo.checked()


def test_a_just_saved_file_keeps_its_stamp_after_the_racy_window(tmp_path, monkeypatch):
    """A file saved a moment ago is stamped with a hash of its bytes. Its stamp stays the same
    once that moment has passed (the second language pass of a `make serve` rebuild finds what
    the first cached), yet a same-size rewrite within one clock tick still changes it."""
    file = tmp_path / "begrippen.yml"
    file.write_text("a: 1\n", encoding="utf-8")
    first = filecache.file_stamp(file)
    assert len(first) == 4 and first[3]  # just saved: hash included
    folder_first = filecache.folder_stamp(tmp_path)
    monkeypatch.setattr(filecache, "RACY_NS", 0)  # the racy window has passed
    assert filecache.file_stamp(file) == first
    assert filecache.folder_stamp(tmp_path) == folder_first
    st = os.stat(file)
    file.write_text("a: 2\n", encoding="utf-8")  # same size, same mtime: only the hash differs
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert filecache.file_stamp(file) != first
    assert filecache.folder_stamp(tmp_path) != folder_first
    # A file never seen in its racy window keeps the cheap stamp (no hashing of every file).
    other = tmp_path / "old.yml"
    other.write_text("b: 1\n", encoding="utf-8")
    assert len(filecache.file_stamp(other)) == 3

"""Two policy versions published with mike in a temporary git repository, exported, rebuilt.

The scenario (module fixture, built once):
1. copy the project sources into tmp, `git init`, commit;
2. `handreiking release 2024.1` (the real first version);
3. change a page in both languages, add version 2024.2 with a change entry naming that page,
   `handreiking release 2024.2`;
4. `handreiking publish` → public/ (git archive of the branch);
5. delete the branch, `handreiking publish --herbouw` → public2/ (every version rebuilt from the
   commit recorded in data/versions.yml).
Then: versions.json, the 'actueel' alias, the selector data, the banner on the old version pointing
at the current one, each version's own content, PDFs and change page — both languages — and the
rebuilt site identical to the released one. One browser test drives the selector and the banner.
"""
from __future__ import annotations

import filecmp
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import DESKTOP, REFLOW, axe_violations

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public", "tests")
SENTINEL = {"nl": "Testzin voor versie 2024.2: deze regel is aangescherpt.",
            "en": "Test sentence for version 2024.2: this rule has been tightened."}
PAGE = "bewindspersonen/regels"
NEW_VERSION = '''  - id: "2024.2"
    titel:
      nl: "Proefversie met een aangescherpte regel"
      en: "Trial version with a tightened rule"
    in_werking: 2025-01-01
    status: concept
    wijzigingen:
      - soort: gewijzigd
        wat:
          nl: "Een regel is aangescherpt."
          en: "A rule has been tightened."
        waarom:
          nl: "Proef van de publicatiestraat."
          en: "Trial of the publication pipeline."
        paginas:
          - bewindspersonen/regels.md
          - bewindspersonen/regels.md#frequentie
'''


def item_refs(root: Path) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """A real tree node and checklist item (their pages exist), to name in the change entry."""
    from handreiking.versions.changes import structured_ids
    found = []
    for kind, folder, pages in (("beslisboom", root / "checklists" / "trees", "beslisbomen"),
                                ("checklist", root / "checklists", "checklists")):
        pick = None
        for file in sorted(folder.glob("*.yml")):
            ids = structured_ids(root, kind, file.stem)
            if ids and (root / "docs" / pages / f"{file.stem}.md").is_file():
                pick = (file.stem, sorted(ids)[-1])
                break
        found.append(pick)
    return found[0], found[1]


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"), NO_MKDOCS_2_WARNING="1",
               GIT_AUTHOR_NAME="Redactie", GIT_AUTHOR_EMAIL="redactie@example.invalid",
               GIT_COMMITTER_NAME="Redactie", GIT_COMMITTER_EMAIL="redactie@example.invalid")
    env.pop("MIKE_DOCS_VERSION", None)
    result = subprocess.run([sys.executable, "-m", "handreiking.cli", *args], cwd=repo, env=env,
                            text=True, capture_output=True)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, text=True, capture_output=True,
                          check=True).stdout.strip()


def _add_sentence(file: Path, sentence: str) -> None:
    """Put a paragraph right after the H1 of a Markdown page."""
    text = file.read_text(encoding="utf-8")
    head, h1, rest = re.split(r"(?m)^(# .*\n)", text, maxsplit=1)
    file.write_text(head + h1 + "\n" + sentence + "\n" + rest, encoding="utf-8")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    base = tmp_path_factory.mktemp("release")
    repo = base / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    # Seed the build caches (PDFs, checklist downloads) from the project's own build. They are
    # content-addressed: a hit is only used for byte-identical input with the same renderer.
    # Version 2024.1 is then mostly cached; 2024.2 (another version in every colophon and
    # download) is rendered for real.
    if (ROOT / ".cache").is_dir():
        try:
            shutil.copytree(ROOT / ".cache", repo / ".cache", ignore_dangling_symlinks=True,
                            ignore=shutil.ignore_patterns("*.tmp*"), dirs_exist_ok=True)
        except shutil.Error:
            pass  # a concurrent build pruned a file: only a cache, the build renders what's missing
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m",
         "Bronnen")
    timings = {}
    started = time.perf_counter()
    first = _run(repo, "release", "2024.1")
    timings["release 2024.1"] = time.perf_counter() - started

    _add_sentence(repo / "docs" / f"{PAGE}.md", SENTINEL["nl"])
    _add_sentence(repo / "docs" / f"{PAGE}.en.md", SENTINEL["en"])
    # As an editor does after translating a changed Dutch page: mark the English page as current.
    _run(repo, "vertaald", f"docs/{PAGE}.en.md")
    versions = repo / "data" / "versions.yml"
    tree, item = item_refs(repo)
    extra = ""
    if tree:
        extra += f"        beslisbomen:\n          - {tree[0]}#{tree[1]}\n"
    if item:
        extra += f"        checklists:\n          - {item[0]}#{item[1]}\n"
    versions.write_text(versions.read_text(encoding="utf-8") + NEW_VERSION + extra,
                        encoding="utf-8")
    started = time.perf_counter()
    second = _run(repo, "release", "2024.2")
    timings["release 2024.2"] = time.perf_counter() - started

    started = time.perf_counter()
    _run(repo, "publish", "--map", str(base / "public"))
    timings["publish"] = time.perf_counter() - started

    branch_tip = _git(repo, "rev-parse", "site-versies")
    _git(repo, "branch", "-D", "site-versies")  # the branch is lost ...
    started = time.perf_counter()
    _run(repo, "publish", "--herbouw", "--map", str(base / "public2"))  # ... and rebuilt
    timings["publish --herbouw"] = time.perf_counter() - started
    print("timings:", {k: f"{v:.1f} s" for k, v in timings.items()})
    return {"repo": repo, "public": base / "public", "public2": base / "public2",
            "first": first, "second": second, "old_tip": branch_tip, "tree": tree, "item": item}


def html(public: Path, path: str) -> str:
    file = public / path
    if path.endswith("/") or not path.endswith(".html"):
        file = public / path.rstrip("/") / "index.html"
    return file.read_text(encoding="utf-8")


# --- the registry on main ---------------------------------------------------------------------

def test_registry_records_status_and_source_commits(scenario):
    from handreiking.versions.changes import load_registry
    repo = scenario["repo"]
    registry = load_registry(repo)
    old, new = registry.get("2024.1"), registry.get("2024.2")
    assert (old.version.status, new.version.status) == ("vervangen", "actueel")
    assert old.version.commit and new.version.commit and old.version.commit != new.version.commit
    # Each recorded commit holds that version's own sources, in which it is the current version.
    for entry, has_sentence in ((old, False), (new, True)):
        page = _git(repo, "show", f"{entry.version.commit}:docs/{PAGE}.md")
        assert (SENTINEL["nl"] in page) is has_sentence
        registry_then = _git(repo, "show", f"{entry.version.commit}:data/versions.yml")
        assert re.search(rf'id: "{re.escape(entry.id)}"\n(?:.*\n)*?    status: actueel',
                         registry_then)
    assert _git(repo, "status", "--porcelain") == ""  # everything committed on main
    assert "5/5 Klaar" in scenario["second"].stdout and "Tijd per stap" in scenario["second"].stdout


# --- the exported multi-version site ----------------------------------------------------------

def test_versions_json_and_alias(scenario):
    public = scenario["public"]
    versions = json.loads((public / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2024.2", ["actueel"]),
                                                                 ("2024.1", [])]
    assert versions[0]["title"] == "2024.2"
    assert versions[1]["properties"] == {"in_werking": "2024-05-17"}
    # 'actueel' is a plain copy of 2024.2 (no symlinks: any static host can serve it).
    compare = filecmp.dircmp(public / "2024.2", public / "actueel")
    assert not compare.left_only and not compare.right_only and not compare.diff_files
    assert not any(p.is_symlink() for p in public.rglob("*"))
    root_page = (public / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=actueel/"' in root_page and "<script" not in root_page


@pytest.mark.parametrize("lang,prefix", [("nl", ""), ("en", "en/")])
def test_each_version_has_its_own_content_footer_and_change_page(scenario, lang, prefix):
    public = scenario["public"]
    word = "Policy version" if lang == "en" else "Beleidsversie"
    old = html(public, f"2024.1/{prefix}{PAGE}/")
    new = html(public, f"2024.2/{prefix}{PAGE}/")
    assert SENTINEL[lang] not in old and SENTINEL[lang] in new
    assert f"{word} 2024.1" in old and f"{word} 2024.2" in new
    # Badge under the H1 of the changed page, only in the version that changed it.
    assert 'class="hr-change-note"' in new and 'class="hr-change-note"' not in old
    assert "hr-badge--gewijzigd" in new
    heading = re.search(r'<h2 id="frequentie">.*?</h2>', new, re.S).group(0)
    assert 'class="hr-badge hr-badge--gewijzigd"' in heading
    assert "hr-badge" not in re.search(r'<h2 id="frequentie">.*?</h2>', old, re.S).group(0)
    # Change pages: each version lists itself and what came before, nothing later.
    old_changes = html(public, f"2024.1/{prefix}versies/")
    new_changes = html(public, f"2024.2/{prefix}versies/")
    assert 'id="v2024-1-wijzigingen"' in old_changes and 'id="v2024-2"' not in old_changes
    assert 'id="v2024-2-wijzigingen"' in new_changes and 'id="v2024-1-wijzigingen"' in new_changes
    changed = "A rule has been tightened." if lang == "en" else "Een regel is aangescherpt."
    assert changed in new_changes
    period = ("Applied from 17 May 2024 to 31 December 2024; superseded by version 2024.2."
              if lang == "en" else
              "Gold van 17 mei 2024 tot en met 31 december 2024; vervangen door versie 2024.2.")
    assert period in new_changes
    # In the versioned site each version row links to its own archived site, same language.
    assert f'href="{"../" * (2 + bool(prefix))}2024.1/{prefix}"' in new_changes


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_badges_on_changed_tree_node_and_checklist_item(scenario, prefix):
    public = scenario["public"]
    if not scenario["tree"] or not scenario["item"]:
        pytest.skip("no trees or checklists with pages in this project yet")
    slug, node = scenario["tree"]
    for version, expected in (("2024.1", False), ("2024.2", True)):
        page = html(public, f"{version}/{prefix}beslisbomen/{slug}/")
        section = re.search(rf'<section[^>]*data-node="{node}".*?</h[2-6]>', page, re.S).group(0)
        assert ("hr-badge--gewijzigd" in section) is expected, (version, section[-300:])
    slug, item = scenario["item"]
    for version, expected in (("2024.1", False), ("2024.2", True)):
        page = html(public, f"{version}/{prefix}checklists/{slug}/")
        entry = re.search(rf'<li[^>]*data-item="{item}".*?</li>', page, re.S).group(0)
        assert ("hr-badge--gewijzigd" in entry) is expected, (version, entry[:300])
        label = re.search(r"<label[^>]*>(.*?)</label>", entry, re.S).group(1)
        assert "hr-badge" not in label  # the checkbox's accessible name stays the item text


def test_selector_data_in_every_version(scenario):
    public = scenario["public"]
    for version in ("2024.1", "2024.2", "actueel"):
        for prefix in ("", "en/"):
            page = html(public, f"{version}/{prefix}index.html")
            config = json.loads(re.search(r'<script id="__config" type="application/json">'
                                          r"(.*?)</script>", page, re.S).group(1))
            assert config["version"] == {"provider": "mike", "default": "actueel"}
            # Material resolves ../versions.json against the site root of the version.
            base = (public / version / prefix / config["base"]).resolve()
            assert (base.parent / "versions.json").is_file()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_banner_on_the_old_version_points_at_the_current_one(scenario, prefix):
    public = scenario["public"]
    banner = re.compile(r'<div data-md-color-scheme="default" data-md-component="outdated"'
                        r'( hidden)?>.*?<a class="hr-outdated__link" href="([^"]+)"', re.S)
    for path in (f"{PAGE}/", "versies/", ""):
        old = banner.search(html(public, f"2024.1/{prefix}{path}"))
        assert old and old.group(1) is None, f"banner hidden on 2024.1/{prefix}{path}"
        target = (public / "2024.1" / prefix / path / old.group(2)).resolve()
        assert target == (public / "actueel" / prefix / path).resolve()
        assert (target / "index.html").is_file()
        for current in ("2024.2", "actueel"):
            new = banner.search(html(public, f"{current}/{prefix}{path}"))
            assert new and new.group(1) == " hidden"


def test_pdfs_of_each_version(scenario):
    """Every PDF exists in both versions; the changed product carries the change; versions named."""
    public = scenario["public"]
    names = sorted(p.name for p in (public / "2024.1" / "pdf").glob("*.pdf"))
    if not names:
        pytest.skip("no PDFs in this build (PDF pipeline not present)")
    from pypdf import PdfReader
    assert {re.search(r"\.(nl|en)\.", n).group(1) for n in names} == {"nl", "en"}, names
    assert names == sorted(p.name for p in (public / "2024.2" / "pdf").glob("*.pdf"))

    def text(file: Path) -> str:
        return "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)

    for lang in ("nl", "en"):
        for version, has_sentence in (("2024.1", False), ("2024.2", True)):
            folder = text(public / version / "pdf" / f"folder-nieuw.{lang}.pdf")
            assert version in folder, f"{version} folder-nieuw.{lang}.pdf does not name its version"
            product = " ".join(text(public / version / "pdf" /
                                    f"handreiking-bewindspersonen.{lang}.pdf").split())
            assert (SENTINEL[lang] in product) is has_sentence, (version, lang)


def test_rebuild_from_recorded_commits_gives_the_same_site(scenario):
    """The branch was deleted; every version rebuilt from its commit must match byte for byte."""
    one, two = scenario["public"], scenario["public2"]
    files_one = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert files_one == files_two
    differ = [f for f in files_one if (one / f).read_bytes() != (two / f).read_bytes()]
    assert differ == [], differ[:20]
    assert _git(scenario["repo"], "rev-parse", "site-versies") != scenario["old_tip"]
    # The rebuild's worktrees are gone; the shared build cache they linked to is not.
    assert _git(scenario["repo"], "worktree", "list").count("\n") == 0
    cache = scenario["repo"] / ".cache"
    if any(one.glob("2024.1/pdf/*.pdf")):
        assert any(cache.glob("pdf/*.pdf"))


# --- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def public_server(scenario):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(scenario["public"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.mark.browser
def test_selector_and_banner_in_the_browser(browser, public_server):
    ctx = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        page = ctx.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{public_server}/2024.1/en/{PAGE}/")
        selector = page.locator(".md-version")
        selector.wait_for(state="attached")
        assert selector.locator(".md-version__current").inner_text().startswith("2024.1")
        items = selector.locator(".md-version__link")
        assert sorted(items.evaluate_all("els => els.map(e => e.firstChild.textContent.trim())")) \
            == ["2024.1", "2024.2"]
        assert f"{public_server}/versions.json" in requests
        banner = page.locator("[data-md-component=outdated]")
        assert banner.is_visible()
        assert "version 2024.1" in banner.inner_text()
        assert axe_violations(page) == []
        banner.locator("a.hr-outdated__link").click()
        page.wait_for_url(f"**/actueel/en/{PAGE}/")
        assert SENTINEL["en"] in page.locator("article").inner_text()
        assert not page.locator("[data-md-component=outdated]").is_visible()
        # On a 320 px phone the selector fits in the header: no overlap, no sideways scrolling.
        page.set_viewport_size(REFLOW)
        page.goto(f"{public_server}/2024.1/{PAGE}/")
        selector.wait_for(state="visible")
        version_box = selector.bounding_box()
        option_box = page.locator(".md-header__option").first.bounding_box()
        assert version_box["x"] + version_box["width"] <= option_box["x"] + 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.goto(f"{public_server}/")  # the root redirects to the current version
        page.wait_for_url("**/actueel/")
        assert not errors, errors
    finally:
        ctx.close()


# --- refusals: nothing is built, committed or published ---------------------------------------

@pytest.fixture()
def small_repo(tmp_path) -> Path:
    """A git repository with the project sources, nothing released yet."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m",
         "Bronnen")
    return repo


def _refused(repo: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "handreiking.cli", *args], cwd=repo, env=env,
                            text=True, capture_output=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_release_refusals(small_repo):
    repo = small_repo
    head = _git(repo, "rev-parse", "HEAD")
    err = _refused(repo, "release", "2030.1")
    assert "versie 2030.1 staat niet in data/versions.yml (wel: 2024.1)" in err
    err = _refused(repo, "release", "2024.1", "--alias", "nieuwste")
    assert "alias 'nieuwste' wordt niet ondersteund" in err
    err = _refused(repo, "release", "2024")
    assert "'2024' is geen versienummer" in err
    # A change outside the editors' folders is for a developer to commit.
    (repo / "hooks" / "versions.py").write_text("# changed\n", encoding="utf-8")
    err = _refused(repo, "release", "2024.1")
    assert "niet-vastgelegde wijzigingen buiten docs/, data/ en checklists/" in err
    assert "hooks/versions.py" in err
    _git(repo, "checkout", "-q", "--", "hooks/versions.py")
    # An older version cannot become current again.
    versions = repo / "data" / "versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8") + NEW_VERSION.replace(
        '"2024.2"', '"2023.1"').replace("2025-01-01", "2023-06-21"), encoding="utf-8")
    err = _refused(repo, "release", "2023.1")
    assert "een oudere versie kan niet opnieuw actueel worden" in err
    # A change entry naming a page that does not exist stops the release at the check.
    versions.write_text(versions.read_text(encoding="utf-8").replace(
        "bewindspersonen/regels.md#frequentie", "bewindspersonen/regels.md#bestaat-niet"),
        encoding="utf-8")
    err = _refused(repo, "release", "2024.1")
    assert re.search(r"data/versions\.yml:\d+: versie 2023\.1: kop '#bestaat-niet'", err), err
    assert "Publiceren gestopt: herstel eerst de 1 fout(en) hierboven" in err
    assert _git(repo, "rev-parse", "HEAD") == head  # nothing committed
    assert _git(repo, "branch", "--list", "site-versies") == ""  # nothing published
    err = _refused(repo, "publish", "--map", str(repo.parent / "public"))
    assert "branch 'site-versies' bestaat niet: er is nog niets gepubliceerd" in err

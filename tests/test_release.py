"""Two policy versions published with mike in a temporary git repository, exported, rebuilt.

The scenario (module fixture, built once):
1. copy the project sources into tmp, `git init`, commit;
2. `handreiking release FIRST` (the project's concept version, read from data/versions.yml),
   without any git identity but HANDREIKING_GIT_AUTEUR (GIT_CONFIG_GLOBAL=/dev/null);
3. change a page in both languages, add version SECOND with a change entry naming that page,
   `handreiking release SECOND`;
   data/site.yml gets test values (publisher, contact, a test web address, a security contact)
   with that change, so the first version is built without a web address and the second with one;
4. `handreiking publish` → public/ (git archive of the branch; a production export);
5. delete the branch, plain `handreiking publish` → public2/ (every version missing locally is
   rebuilt from the commit recorded in data/versions.yml);
6. data/site.yml with publisher, contact and web address open: `handreiking publish` is refused
   and writes nothing; `handreiking publish --voorbeeld` → public-voorbeeld/ (a preview).
No version id or date is pinned: they come from the data, so the test stays valid after the
editors' next release.
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
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import DESKTOP, REFLOW, axe_violations, free_port

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public", "tests")
SENTINEL = {"nl": "Testzin voor de tweede versie: deze regel is aangescherpt.",
            "en": "Test sentence for the second version: this rule has been tightened."}
PAGE = "bewindspersonen/regels"
TEST_URL = "https://handreiking.test.invalid/"


def site_settings(open_fields: bool) -> str:
    """A data/site.yml for the copy: test values (no real organisation, a test address), or
    publisher, contact and web address open as in a project where nobody has set them yet."""
    import datetime as dt
    expires = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    if open_fields:
        return "uitgever: null\ncontact_email: null\nsite_url: null\n"
    return ("uitgever:\n  nl: Testuitgever\n  en: Test publisher\n"
            "contact_email: redactie@test.invalid\n"
            f"site_url: {TEST_URL}\n"
            "beveiliging_contact: mailto:security@test.invalid\n"
            f"beveiliging_verloopt: {expires}\n")


def _ids() -> tuple[str, str]:
    """The version the project would release next (its concept, else its current one) and an
    unused id after it."""
    from handreiking.versions.changes import load_registry
    registry = load_registry(ROOT)
    first = next((e.id for e in registry.entries if e.version.status == "concept"), None) \
        or registry.released_current.id
    year = first.split(".")[0]
    used = [int(e.id.split(".")[1]) for e in registry.entries if e.id.split(".")[0] == year]
    return first, f"{year}.{max(used) + 1}"


FIRST, SECOND = _ids()
A1, A2 = ("v" + v.replace(".", "-") for v in (FIRST, SECOND))
NEW_VERSION = '''  - id: "''' + SECOND + '''"
    titel:
      nl: "Proefversie met een aangescherpte regel"
      en: "Trial version with a tightened rule"
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


NO_IDENTITY = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
# The harmless dependency change between the two releases: a pin of a small pure-Python package
# that no dependency needs (a constraint only, never installed).
EXTRA_PIN = "six==1.16.0\n"


def _env(repo: Path, **extra: str) -> dict:
    """No git identity from anywhere (as on a fresh machine), unless `extra` gives one."""
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"), **NO_IDENTITY, **extra)
    for name in ("MIKE_DOCS_VERSION", "HANDREIKING_VERSIE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
                 "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL", "HANDREIKING_GIT_AUTEUR"):
        if name not in extra:
            env.pop(name, None)
    return env


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = _env(repo, HANDREIKING_GIT_AUTEUR="Redactie <redactie@example.invalid>")
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
    # The first version is then mostly cached; the second (another version in every colophon and
    # download) is rendered for real.
    if (ROOT / ".cache").is_dir():
        try:
            shutil.copytree(ROOT / ".cache", repo / ".cache", ignore_dangling_symlinks=True,
                            ignore=shutil.ignore_patterns("*.tmp*", "venvs"), dirs_exist_ok=True)
        except shutil.Error:
            pass  # a concurrent build pruned a file: only a cache, the build renders what's missing
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m",
         "Bronnen")
    timings = {}
    started = time.perf_counter()
    first = _run(repo, "release", FIRST)
    timings[f"release {FIRST}"] = time.perf_counter() - started

    # A dependency change after the first release: one more pin in requirements.lock (a package
    # nothing imports, so both locks give the same site). The first version must now be rebuilt
    # with its own lock, in a cached environment of its own (release.python_for).
    lock = repo / "requirements.lock"
    old_lock = lock.read_bytes()
    lock.write_bytes(old_lock + EXTRA_PIN.encode())
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m",
         "Afhankelijkheden", "--", "requirements.lock")

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
    # The editors set the site settings (committed by the release with the other changes).
    (repo / "data" / "site.yml").write_text(site_settings(open_fields=False), encoding="utf-8")
    started = time.perf_counter()
    second = _run(repo, "release", SECOND)
    timings[f"release {SECOND}"] = time.perf_counter() - started

    started = time.perf_counter()
    _run(repo, "publish", "--map", str(base / "public"))
    timings["publish"] = time.perf_counter() - started

    branch_tip = _git(repo, "rev-parse", "site-versies")
    _git(repo, "branch", "-D", "site-versies")  # the branch is lost ...
    started = time.perf_counter()
    rebuilt = _run(repo, "publish", "--map", str(base / "public2"))  # ... and rebuilt
    timings["publish (2 versions rebuilt)"] = time.perf_counter() - started

    # Publisher, contact and web address open again: production refused, a preview allowed.
    site_yml = repo / "data" / "site.yml"
    site_yml.write_text(site_settings(open_fields=True), encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "handreiking.cli", "publish", "--map",
                              str(base / "public-geweigerd")], cwd=repo, env=_env(repo),
                             text=True, capture_output=True, stdin=subprocess.DEVNULL)
    started = time.perf_counter()
    preview = _run(repo, "publish", "--voorbeeld", "--map", str(base / "public-voorbeeld"))
    timings["publish --voorbeeld (nothing to rebuild)"] = time.perf_counter() - started
    _git(repo, "checkout", "-q", "--", "data/site.yml")
    print("timings:", {k: f"{v:.1f} s" for k, v in timings.items()})
    return {"repo": repo, "public": base / "public", "public2": base / "public2",
            "old_lock": old_lock,
            "first": first, "second": second, "old_tip": branch_tip, "tree": tree, "item": item,
            "rebuilt": rebuilt, "refused": refused, "refused_target": base / "public-geweigerd",
            "preview": preview, "public_preview": base / "public-voorbeeld"}


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
    old, new = registry.get(FIRST), registry.get(SECOND)
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
    # The identity came from HANDREIKING_GIT_AUTEUR and is stored in the repository only.
    assert _git(repo, "config", "--local", "user.email") == "redactie@example.invalid"
    # A release sets the version's date: the day it was published.
    import datetime as dt
    assert new.version.dated and new.version.in_force == dt.date.today()
    # Review dates and tree numbers follow from the change entries (set by the release).
    for name in (f"docs/{PAGE}.md", f"docs/{PAGE}.en.md"):
        page = _git(repo, "show", f"{new.version.commit}:{name}")
        assert f"herzien: {new.version.in_force.isoformat()}" in page, name
    if scenario["tree"]:
        from handreiking.versions.bookkeeping import tree_number
        tree = f"checklists/trees/{scenario['tree'][0]}.yml"
        before = tree_number(_git(repo, "show", f"{old.version.commit}:{tree}"))
        assert tree_number(_git(repo, "show", f"{new.version.commit}:{tree}")) == before + 1
    # make check stays green after the releases (no disagreement, no stale translation).
    from handreiking.checks.registry import run_checks
    assert [str(p) for p in run_checks(repo) if p.severity == "fout"] == []
    # Publishing without the branch rebuilt both versions, one by one, and said so.
    out = scenario["rebuilt"].stdout
    assert f"[1/2] versie {FIRST} bouwen" in out and f"[2/2] versie {SECOND} bouwen" in out
    assert "Site met 2 versie(s) klaargezet" in out


# --- the exported multi-version site ----------------------------------------------------------

def test_versions_json_and_alias(scenario):
    public = scenario["public"]
    versions = json.loads((public / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [(SECOND, ["actueel"]),
                                                                 (FIRST, [])]
    assert versions[0]["title"] == SECOND
    from handreiking.versions.changes import load_registry
    first = load_registry(scenario["repo"]).get(FIRST)
    assert versions[1]["properties"] == {"in_werking": first.version.in_force.isoformat()}
    # Withdrawn versions are not exported.
    withdrawn = [e.id for e in load_registry(scenario["repo"]).entries
                 if e.version.status == "ingetrokken"]
    assert not any((public / w).exists() for w in withdrawn)
    # 'actueel' is a plain copy of SECOND (no symlinks: any static host can serve it).
    compare = filecmp.dircmp(public / SECOND, public / "actueel")
    assert not compare.left_only and not compare.right_only and not compare.diff_files
    assert not any(p.is_symlink() for p in public.rglob("*"))
    root_page = (public / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=actueel/"' in root_page and "<script" not in root_page


@pytest.mark.parametrize("lang,prefix", [("nl", ""), ("en", "en/")])
def test_each_version_has_its_own_content_footer_and_change_page(scenario, lang, prefix):
    public = scenario["public"]
    word = "Policy version" if lang == "en" else "Beleidsversie"
    old = html(public, f"{FIRST}/{prefix}{PAGE}/")
    new = html(public, f"{SECOND}/{prefix}{PAGE}/")
    assert SENTINEL[lang] not in old and SENTINEL[lang] in new
    assert f"{word} {FIRST}" in old and f"{word} {SECOND}" in new
    # Badge under the H1 of the changed page, only in the version that changed it.
    assert 'class="hr-change-note"' in new and 'class="hr-change-note"' not in old
    assert "hr-badge--gewijzigd" in new
    heading = re.search(r'<h2 id="frequentie">.*?</h2>', new, re.S).group(0)
    assert 'class="hr-badge hr-badge--gewijzigd"' in heading
    assert "hr-badge" not in re.search(r'<h2 id="frequentie">.*?</h2>', old, re.S).group(0)
    # Change pages: each version lists itself and what came before, nothing later.
    old_changes = html(public, f"{FIRST}/{prefix}versies/")
    new_changes = html(public, f"{SECOND}/{prefix}versies/")
    assert f'id="{A1}-wijzigingen"' in old_changes and f'id="{A2}"' not in old_changes
    assert f'id="{A2}-wijzigingen"' in new_changes and f'id="{A1}-wijzigingen"' in new_changes
    changed = "A rule has been tightened." if lang == "en" else "Een regel is aangescherpt."
    assert changed in new_changes
    from handreiking.versions.changes import load_registry, period_sentence
    registry = load_registry(scenario["repo"])
    period = period_sentence(registry, registry.get(FIRST), lang)
    assert SECOND in period and period in new_changes
    # In the versioned site each version row links to its own archived site, same language.
    assert f'href="{"../" * (2 + bool(prefix))}{FIRST}/{prefix}"' in new_changes


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_badges_on_changed_tree_node_and_checklist_item(scenario, prefix):
    public = scenario["public"]
    assert scenario["tree"] and scenario["item"], "the project has no trees or checklists"
    slug, node = scenario["tree"]
    for version, expected in ((FIRST, False), (SECOND, True)):
        page = html(public, f"{version}/{prefix}beslisbomen/{slug}/")
        section = re.search(rf'<section[^>]*data-node="{node}".*?</h[2-6]>', page, re.S).group(0)
        assert ("hr-badge--gewijzigd" in section) is expected, (version, section[-300:])
    slug, item = scenario["item"]
    for version, expected in ((FIRST, False), (SECOND, True)):
        page = html(public, f"{version}/{prefix}checklists/{slug}/")
        entry = re.search(rf'<li[^>]*data-item="{item}".*?</li>', page, re.S).group(0)
        assert ("hr-badge--gewijzigd" in entry) is expected, (version, entry[:300])
        label = re.search(r"<label[^>]*>(.*?)</label>", entry, re.S).group(1)
        assert "hr-badge" not in label  # the checkbox's accessible name stays the item text


def test_selector_data_in_every_version(scenario):
    public = scenario["public"]
    for version in (FIRST, SECOND, "actueel"):
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
        old = banner.search(html(public, f"{FIRST}/{prefix}{path}"))
        assert old and old.group(1) is None, f"banner hidden on {FIRST}/{prefix}{path}"
        target = (public / FIRST / prefix / path / old.group(2)).resolve()
        assert target == (public / "actueel" / prefix / path).resolve()
        assert (target / "index.html").is_file()
        for current in (SECOND, "actueel"):
            new = banner.search(html(public, f"{current}/{prefix}{path}"))
            assert new and new.group(1) == " hidden"


def test_pdfs_of_each_version(scenario):
    """Every PDF exists in both versions; the changed product carries the change; versions named."""
    public = scenario["public"]
    names = sorted(p.name for p in (public / FIRST / "pdf").glob("*.pdf"))
    assert names, "no PDFs in the released version"
    from pypdf import PdfReader
    assert {re.search(r"\.(nl|en)\.", n).group(1) for n in names} == {"nl", "en"}, names
    assert names == sorted(p.name for p in (public / SECOND / "pdf").glob("*.pdf"))

    def text(file: Path) -> str:
        return "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)

    for lang in ("nl", "en"):
        for version, has_sentence in ((FIRST, False), (SECOND, True)):
            folder = text(public / version / "pdf" / f"folder-nieuw.{lang}.pdf")
            assert version in folder, f"{version} folder-nieuw.{lang}.pdf does not name its version"
            product = " ".join(text(public / version / "pdf" /
                                    f"handreiking-bewindspersonen.{lang}.pdf").split())
            assert (SENTINEL[lang] in product) is has_sentence, (version, lang)


def test_no_badge_words_in_the_pdfs_of_a_version_with_changes(scenario):
    """The second version badges a page of the ministers' guidance: its PDFs carry no badge or
    change note in the outline, the table of contents, running headers or the text."""
    from pypdf import PdfReader
    public = scenario["public"]
    # The note under a changed page's title and the badge word after a heading.
    note = {"nl": ("gewijzigd in versie", "wat is er veranderd"),
            "en": ("changed in version", "what has changed")}
    badge = {"nl": ("gewijzigd", "nieuw"), "en": ("changed", "new")}
    for lang in ("nl", "en"):
        file = public / SECOND / "pdf" / f"handreiking-bewindspersonen.{lang}.pdf"
        if not file.is_file():
            pytest.skip("no PDFs in this build")
        reader = PdfReader(file)

        def titles(items):
            for item in items:
                yield from titles(item) if isinstance(item, list) else [item.title]
        outline = [t.lower() for t in titles(reader.outline)]
        text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
        assert SENTINEL[lang] in text  # the changed page is in it
        assert not [t for t in outline if t.endswith(badge[lang])], outline
        for phrase in note[lang]:
            assert phrase not in text.lower(), (lang, phrase)


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
    if any(one.glob(f"{FIRST}/pdf/*.pdf")):
        assert any(cache.glob("pdf/*.pdf"))


def test_a_version_released_before_a_dependency_change_is_rebuilt_with_its_own_lock(scenario):
    """FIRST was released with the old requirements.lock, SECOND after a pin was added. The
    publish without the branch rebuilt FIRST in an environment made from FIRST's own lock (one per
    lock hash, marked ready with the commit it was made for) and SECOND with this interpreter."""
    from handreiking.publish import release as rel
    from handreiking.versions.changes import load_registry
    repo = scenario["repo"]
    new_lock = (repo / "requirements.lock").read_bytes()
    assert new_lock != scenario["old_lock"] and new_lock.endswith(EXTRA_PIN.encode())
    registry = load_registry(repo)
    first_commit = registry.get(FIRST).version.commit
    second_commit = registry.get(SECOND).version.commit
    assert _git(repo, "show", f"{first_commit}:requirements.lock") + "\n" == \
        scenario["old_lock"].decode()
    assert _git(repo, "show", f"{second_commit}:requirements.lock") + "\n" == new_lock.decode()
    venvs = repo / ".cache" / "venvs"
    made = sorted(p.name for p in venvs.iterdir()) if venvs.is_dir() else []
    old_venv = venvs / rel._lock_hash(scenario["old_lock"])
    assert made == [old_venv.name], made  # one, for the old lock; none for the current lock
    assert (old_venv / ".klaar").read_text(encoding="utf-8").strip() == first_commit
    python = old_venv / "bin" / "python"
    # Made from the old lock: its packages are the old lock's pins (the added pin is absent).
    freeze = subprocess.run([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout.lower()
    pinned = {line.split("==")[0].lower(): line.split("==")[1]
              for line in scenario["old_lock"].decode().splitlines() if "==" in line}
    for line in freeze.splitlines():
        if "==" in line:
            name, version = line.split("==")
            if name in pinned:
                assert version == pinned[name].lower(), line
    assert "mkdocs==" in freeze and "six==" not in freeze
    assert rel.python_for(repo, first_commit, repo) == str(python)  # reused, not made again
    assert rel.python_for(repo, second_commit, repo) == sys.executable
    out = scenario["rebuilt"].stdout
    assert "eigen omgeving voor deze versie maken" in out
    # Both versions, both languages, in the rebuilt export.
    versions = json.loads((scenario["public2"] / "versions.json").read_text(encoding="utf-8"))
    assert sorted(v["version"] for v in versions) == sorted([FIRST, SECOND])
    for version in (FIRST, SECOND):
        assert (scenario["public2"] / version / "index.html").is_file()
        assert (scenario["public2"] / version / "en" / "index.html").is_file()


# --- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def public_server(scenario):
    port = free_port()

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
        page.goto(f"{public_server}/{FIRST}/en/{PAGE}/")
        selector = page.locator(".md-version")
        selector.wait_for(state="attached")
        assert selector.locator(".md-version__current").inner_text().startswith(FIRST)
        items = selector.locator(".md-version__link")
        assert sorted(items.evaluate_all("els => els.map(e => e.firstChild.textContent.trim())")) \
            == [FIRST, SECOND]
        assert f"{public_server}/versions.json" in requests
        banner = page.locator("[data-md-component=outdated]")
        assert banner.is_visible()
        assert f"version {FIRST}" in banner.inner_text()
        assert axe_violations(page) == []
        # The head's hreflang alternates (absolute, to the test address) make Material's
        # JavaScript fetch nothing: no per-page sitemap, no request to the web address.
        assert page.locator('link[hreflang]').count() == 3
        assert not [u for u in requests if "sitemap.xml" in u or u.startswith(TEST_URL)], requests
        banner.locator("a.hr-outdated__link").click()
        page.wait_for_url(f"**/actueel/en/{PAGE}/")
        assert SENTINEL["en"] in page.locator("article").inner_text()
        assert not page.locator("[data-md-component=outdated]").is_visible()
        # On a 320 px phone the selector fits in the header: no overlap, no sideways scrolling.
        page.set_viewport_size(REFLOW)
        page.goto(f"{public_server}/{FIRST}/{PAGE}/")
        selector.wait_for(state="visible")
        version_box = selector.bounding_box()
        option_box = page.locator(".md-header__option").first.bounding_box()
        assert version_box["x"] + version_box["width"] <= option_box["x"] + 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # Choosing another version keeps the page and the language ...
        page.set_viewport_size(DESKTOP)
        page.goto(f"{public_server}/{FIRST}/en/{PAGE}/")
        selector.wait_for(state="attached")
        page.evaluate("v => [...document.querySelectorAll('.md-version__link')]"
                      ".find(a => a.textContent.trim().startsWith(v)).click()", SECOND)
        page.wait_for_url(f"**/{SECOND}/en/{PAGE}/")
        assert not errors, errors
        # ... and falls back to that version's home in the same language when the page is missing.
        page.goto(f"{public_server}/{SECOND}/en/{PAGE}/")
        selector.wait_for(state="attached")
        page.evaluate("""v => { history.replaceState(null, '', location.pathname.replace(
                             /regels\\/$/, 'bestaat-niet/'));  // same depth, no such page
                             [...document.querySelectorAll('.md-version__link')]
                             .find(a => a.textContent.trim().startsWith(v)).click(); }""", FIRST)
        page.wait_for_url(f"**/{FIRST}/en/")
        # The probe for the missing page is a 404, which Chromium logs; nothing else may be.
        assert all("404" in e for e in errors), errors
        errors.clear()
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


def _refused(repo: Path, *args: str, **extra: str) -> str:
    result = subprocess.run([sys.executable, "-m", "handreiking.cli", *args], cwd=repo,
                            env=_env(repo, **extra), text=True, capture_output=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


BROKEN_CHANGE = '''      - soort: gewijzigd
        wat:
          nl: "Proef."
          en: "Trial."
        waarom:
          nl: "Proef."
          en: "Trial."
        paginas:
          - bewindspersonen/regels.md#bestaat-niet
'''


def test_release_refusals(small_repo):
    repo = small_repo
    head = _git(repo, "rev-parse", "HEAD")
    who = {"HANDREIKING_GIT_AUTEUR": "Redactie <redactie@example.invalid>"}
    err = _refused(repo, "release", "2030.99", **who)
    assert "versie 2030.99 staat niet in data/versions.yml (wel: " in err
    err = _refused(repo, "release", FIRST, "--alias", "nieuwste", **who)
    assert "alias 'nieuwste' wordt niet ondersteund" in err
    err = _refused(repo, "release", "2024", **who)
    assert "'2024' is geen versienummer" in err
    # No git identity and no terminal: a Dutch message, nothing changed.
    err = _refused(repo, "release", FIRST)
    assert "git weet niet wie deze versie vastlegt" in err and "HANDREIKING_GIT_AUTEUR" in err
    assert "Author identity unknown" not in err
    assert _git(repo, "status", "--porcelain") == ""
    # A change outside the editors' folders is for a developer to commit.
    (repo / "hooks" / "versions.py").write_text("# changed\n", encoding="utf-8")
    err = _refused(repo, "release", FIRST, **who)
    assert "niet-vastgelegde wijzigingen buiten docs/, data/ en checklists/" in err
    assert "hooks/versions.py" in err
    _git(repo, "checkout", "-q", "--", "hooks/versions.py")
    # A withdrawn version cannot be released.
    versions = repo / "data" / "versions.yml"
    original = versions.read_text(encoding="utf-8")
    withdrawn = next((line.split('"')[1] for line, nxt in zip(original.splitlines(),
                      original.splitlines()[4:]) if "- id:" in line and "ingetrokken" in nxt),
                     None)
    if withdrawn:
        err = _refused(repo, "release", withdrawn, **who)
        assert f"versie {withdrawn} is ingetrokken" in err
    # A change entry naming a heading that does not exist stops the release at the check.
    versions.write_text(original + BROKEN_CHANGE, encoding="utf-8")
    err = _refused(repo, "release", FIRST, **who)
    assert re.search(rf"data/versions\.yml:\d+: versie {re.escape(FIRST)}: kop '#bestaat-niet'",
                     err), err
    assert "Publiceren gestopt: herstel eerst de 1 fout(en) hierboven" in err
    assert _git(repo, "rev-parse", "HEAD") == head  # nothing committed
    assert _git(repo, "branch", "--list", "site-versies") == ""  # nothing published
    versions.write_text(original, encoding="utf-8")
    err = _refused(repo, "publish", "--map", str(repo.parent / "public"))
    # Nothing released in this copy yet (before the editors' first release), or released but the
    # site fields are still open (after it): either way a refusal that says why, and no export.
    assert ("er is nog geen versie gepubliceerd" in err
            or "kan nog niet voor publicatie worden klaargezet" in err), err
    assert not (repo.parent / "public").exists()


def test_failed_release_leaves_tree_and_branches_as_they_were(small_repo):
    """The build fails (a broken hook) after the editor's changes were committed: all undone."""
    repo = small_repo
    page = repo / "docs" / f"{PAGE}.md"
    versions_before = (repo / "data" / "versions.yml").read_text(encoding="utf-8")
    # Break the build in a way the check does not see: mkdocs.yml names a missing hook.
    mkdocs = repo / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "hooks:\n", "hooks:\n  - hooks/bestaat_niet.py\n", 1), encoding="utf-8")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-am",
         "kapotte build")
    head = _git(repo, "rev-parse", "HEAD")
    _add_sentence(page, "Een wijziging van de redactie.")
    edited = page.read_text(encoding="utf-8")
    err = _refused(repo, "release", FIRST,
                   HANDREIKING_GIT_AUTEUR="Redactie <redactie@example.invalid>")
    assert "Publiceren gestopt" in err
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "branch", "--list", "site-versies") == ""
    assert page.read_text(encoding="utf-8") == edited  # the editor's work is still there
    assert (repo / "data" / "versions.yml").read_text(encoding="utf-8") == versions_before
    assert _git(repo, "status", "--porcelain") == f"M docs/{PAGE}.md"


def test_version_sensitive_tests_pass_after_the_release(scenario):
    """`make test` stays green after the editors' next release: the tests that read versions and
    dates run in the released copy, against the site of its current version."""
    repo = scenario["repo"]
    shutil.copytree(ROOT / "tests", repo / "tests", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = _env(repo, HANDREIKING_SITE=str(scenario["public"] / SECOND))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "not browser",
         "-k", "not plain_build",  # a versioned build has the selector by design
         "tests/test_versions.py", "tests/test_checklists_downloads.py"],
        cwd=repo, env=env, text=True, capture_output=True)
    assert result.returncode == 0, result.stdout[-3000:]


# --- the web baseline of the export (issue 16) ------------------------------------------------

def _head(page: str) -> str:
    return page.split("</head>", 1)[0]


def _pages(folder: Path) -> list[str]:
    """Content pages of one version folder, as paths ('', 'over/', 'en/over/')."""
    out = []
    for file in sorted(folder.rglob("index.html")):
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")[:3000]:
            continue
        out.append(file.relative_to(folder).as_posix()[: -len("index.html")])
    return out


def test_export_root_has_robots_security_txt_and_one_sitemap_of_the_current_version(scenario):
    public = scenario["public"]
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {TEST_URL}sitemap.xml" in robots and "Disallow: /" not in robots
    fields = dict(line.split(": ", 1) for line in
                  (public / ".well-known" / "security.txt").read_text(encoding="utf-8").splitlines())
    assert fields["Contact"] == "mailto:security@test.invalid"
    assert fields["Canonical"] == f"{TEST_URL}.well-known/security.txt"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T23:59:59Z", fields["Expires"])
    # One sitemap, at the root: none left inside a version folder (the second version was built
    # with a web address and wrote its own).
    assert not [p for p in public.rglob("sitemap.xml*") if p.parent != public]
    assert not [p for p in public.rglob("robots.txt") if p.parent != public]
    assert not [p for p in public.rglob("security.txt") if p.parent.parent != public]
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    expected = [f"{TEST_URL}actueel/{p}" for p in _pages(public / "actueel")]
    assert sorted(locs) == sorted(expected)
    assert f"{TEST_URL}actueel/{PAGE}/" in locs and f"{TEST_URL}actueel/en/{PAGE}/" in locs
    for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S):
        links = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block))
        assert sorted(links) == ["en", "nl", "x-default"], block
        assert links["x-default"] == links["nl"] and "/actueel/en/" in links["en"]
        assert re.search(r"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>", block)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_current_version_is_canonical_and_superseded_versions_are_noindex(scenario, prefix):
    public = scenario["public"]
    for folder in ("actueel", SECOND):
        head = _head(html(public, f"{folder}/{prefix}{PAGE}/"))
        assert f'<link rel="canonical" href="{TEST_URL}actueel/{prefix}{PAGE}/">' in head
        assert 'name="robots"' not in head
        links = dict(re.findall(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">', head))
        assert links == {"nl": f"{TEST_URL}actueel/{PAGE}/", "en": f"{TEST_URL}actueel/en/{PAGE}/",
                         "x-default": f"{TEST_URL}actueel/{PAGE}/"}
        assert head.count('rel="canonical"') == 1 and head.count("hreflang=") == 3
    old = _head(html(public, f"{FIRST}/{prefix}{PAGE}/"))
    assert '<meta name="robots" content="noindex">' in old
    assert f'<link rel="canonical" href="{TEST_URL}actueel/{prefix}{PAGE}/">' in old
    assert f'hreflang="en" href="{TEST_URL}{FIRST}/en/{PAGE}/"' in old
    # Every page of the superseded version is noindex; no page of the current one is; every page
    # of the current version has a canonical link and its alternates.
    for page in _pages(public / FIRST):
        assert 'content="noindex"' in _head(html(public, f"{FIRST}/{page}")), page
    for page in _pages(public / "actueel"):
        head = _head(html(public, f"actueel/{page}"))
        assert "noindex" not in head, page
        assert f'<link rel="canonical" href="{TEST_URL}actueel/{page}">' in head, page
        assert 'hreflang="x-default"' in head, page


def test_production_publish_is_refused_while_site_settings_are_open(scenario):
    result = scenario["refused"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for key in ("uitgever", "contact_email", "site_url"):
        assert re.search(rf"data/site\.yml:\d+: '{key}' is nog niet ingevuld; vul in: ",
                         result.stderr), key
    assert "make publish PREVIEW=1" in result.stderr and "Er is niets gebouwd" in result.stderr
    assert not scenario["refused_target"].exists()


def test_a_preview_is_allowed_and_says_so(scenario):
    preview = scenario["public_preview"]
    assert "VOORBEELD, niet voor publicatie" in scenario["preview"].stdout
    assert (preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    # Without a web address nothing half-made: no sitemap, no canonical link or hreflang
    # alternate (the second version's build wrote them; the export removes them).
    assert not list(preview.rglob("sitemap.xml*"))
    for folder in (FIRST, SECOND, "actueel"):
        for page in _pages(preview / folder):
            head = _head(html(preview, f"{folder}/{page}"))
            assert '<meta name="robots" content="noindex">' in head, (folder, page)
            assert 'rel="canonical"' not in head and "hreflang=" not in head, (folder, page)


def test_pdf_links_to_the_site_go_to_the_current_version_in_the_export(scenario):
    """site_url is the root of the exported site; a PDF's web address and links to pages (QR
    code, colophon, chapter links) go to the current version's pages under actueel/, which exist."""
    from pypdf import PdfReader
    public = scenario["public"]
    files = sorted((public / SECOND / "pdf").glob("*.pdf"))
    if not files:
        pytest.skip("no PDFs in this build")
    uris = set()
    for file in files:
        for page in PdfReader(file).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A") or {}
                uri = action.get("/URI")
                if uri and str(uri).startswith(TEST_URL):
                    uris.add(str(uri).split("#")[0])
    assert uris, "no link to the web address in any PDF of the version built with one"
    wrong = [u for u in uris if not u.startswith(f"{TEST_URL}actueel/")
             or not ((public / u[len(TEST_URL):] / "index.html").is_file()
                     or (public / u[len(TEST_URL):]).is_file())]
    assert not wrong, sorted(wrong)[:10]

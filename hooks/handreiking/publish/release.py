"""Publishing policy versions with mike: `handreiking release` and `handreiking publish`.

release VERSION [--alias actueel]
    1. `handreiking check` must pass;
    2. the editor's unsaved changes in docs/, data/ and checklists/ are committed (other uncommitted
       changes stop the release: a developer must commit them);
    3. with the alias 'actueel': VERSION becomes 'actueel' in data/versions.yml and the previous
       current version 'vervangen' (committed), so the site built for VERSION shows VERSION;
    4. mike builds the sources of that commit and commits the result as folder VERSION/ (and a
       copy as folder actueel/) to the local branch `site-versies` — nothing is pushed;
    5. the source commit is recorded as `commit:` of VERSION in data/versions.yml (committed).

publish [--map public] [--herbouw]
    Exports the branch into a folder for any static host (git archive). With --herbouw every
    released version is first rebuilt from its recorded commit (git worktree of that commit →
    build → deploy to a fresh branch that then replaces `site-versies`), so the published site
    never depends on a branch that was lost. In the export, the outdated-version banner of every
    superseded version is unhidden, so it shows without JavaScript.

Git and mike run as subprocesses; messages are Dutch; nothing here imports MkDocs.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from handreiking.core.errors import DataError
from handreiking.core.render import TEMPLATES
from handreiking.core.yamlload import loads

BRANCH = "site-versies"
ALIAS = "actueel"
VERSIONS = "data/versions.yml"
EDITOR_PATHS = ("docs/", "data/", "checklists/")
REDIRECT_TEMPLATE = TEMPLATES / "release_redirect.html"


class ReleaseError(Exception):
    """A release/publish step failed; the message is Dutch and meant for the editor."""


@dataclass
class Step:
    """One timed step, for the summary at the end."""

    name: str
    seconds: float


def _say(message: str) -> None:
    print(message, flush=True)


def _tool_env(hooks_dir: Path) -> dict:
    """Environment for mike/mkdocs: this interpreter's bin on PATH, the tree's own hooks first."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    # The `handreiking` package of the tree being built (a worktree of an old commit) must win
    # over the editable install of the main checkout.
    env["PYTHONPATH"] = str(hooks_dir) + (os.pathsep + env["PYTHONPATH"]
                                          if env.get("PYTHONPATH") else "")
    return env


def git(root: Path, *args: str, check: bool = True, capture: bool = True) -> str:
    """Run git in `root`; raise ReleaseError with git's message when it fails."""
    result = subprocess.run(["git", *args], cwd=root, text=True,
                            capture_output=capture)
    if check and result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} mislukte:\n{(result.stderr or '').strip()}")
    return (result.stdout or "").strip()


def _git_root(root: Path) -> Path:
    result = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, text=True,
                            capture_output=True)
    if result.returncode != 0:
        raise ReleaseError(f"{root} is geen git-repository; publiceren kan alleen vanuit de "
                           "projectmap die met git wordt beheerd.")
    return Path(result.stdout.strip())


def _branch_exists(root: Path, branch: str) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                          cwd=root, capture_output=True).returncode == 0


# --- editing data/versions.yml without losing comments or layout ------------------------------

def _set_field(text: str, item, key: str, value: str) -> str:
    """Set `key: value` of one version block of versions.yml by line, keeping everything else."""
    lines = text.splitlines(keepends=True)
    if key in item:
        index = item.line_of(key) - 1
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index] = f"{indent}{key}: {value}\n"
    else:
        # Insert after the `status:` line (always present), with the same indentation.
        index = item.line_of("status") - 1
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines.insert(index + 1, f"{indent}{key}: {value}\n")
    return "".join(lines)


def set_version_fields(root: Path, version_id: str, **fields: str) -> bool:
    """Change fields of one version in data/versions.yml; return True when the file changed."""
    file = root / VERSIONS
    text = file.read_text(encoding="utf-8")
    new = text
    for key, value in fields.items():
        data = load_text(new, root)
        item = next(v for v in data["versies"] if v["id"] == version_id)
        if str(item.get(key)) == str(value):
            continue
        new = _set_field(new, item, key, value)
    if new != text:
        file.write_text(new, encoding="utf-8")
        return True
    return False


def load_text(text: str, root: Path):
    """Parse the text of data/versions.yml (with line numbers)."""
    return loads(text, VERSIONS)


# --- release ----------------------------------------------------------------------------------

def _dirty(root: Path) -> tuple[list[str], list[str]]:
    """Uncommitted paths: (editor content paths, other tracked paths)."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                         text=True, capture_output=True, check=True).stdout
    editor, other = [], []
    for row in out.splitlines():
        path = row[3:].split(" -> ")[-1].strip('"')
        if path.startswith(EDITOR_PATHS):
            editor.append(path)
        elif not row.startswith("??"):
            other.append(path)
    return editor, other


def _run_checks(root: Path) -> None:
    from handreiking.checks.registry import run_checks
    problems = run_checks(root)
    errors = [p for p in problems if p.severity == "fout"]
    if errors:
        raise DataError(errors)


def _registry(root: Path):
    from handreiking.versions.changes import load_registry
    return load_registry(root)


def _mike(root: Path, *args: str, hooks_dir: Path | None = None) -> None:
    env = _tool_env(hooks_dir or root / "hooks")
    cmd = [sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())",
           *args]
    result = subprocess.run(cmd, cwd=root, env=env, text=True, capture_output=True)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-25:])
        raise ReleaseError(f"mike {args[0]} mislukte:\n{tail}")


def _deploy(root: Path, entry, alias: str, branch: str, hooks_dir: Path | None = None) -> None:
    """Build the sources in `root` with mike and commit them as `entry.id` (+ alias) to `branch`."""
    title = entry.id  # short: it sits in the page header next to the site name, also on phones
    args = ["deploy", "--branch", branch, "--alias-type", "copy", "--update-aliases",
            "--ignore-remote-status", "--title", title,
            "--prop-set-string", f"in_werking={entry.version.in_force.isoformat()}",
            "--config-file", str(root / "mkdocs.yml"),
            "--message", f"Versie {entry.id} gepubliceerd (bron {git(root, 'rev-parse', 'HEAD')[:12]})",
            entry.id]
    if alias:
        args.append(alias)
    _mike(root, *args, hooks_dir=hooks_dir)
    if alias == ALIAS:
        _mike(root, "set-default", "--branch", branch, "--ignore-remote-status", "--template",
              str(REDIRECT_TEMPLATE), "--message", f"Startpagina wijst naar {ALIAS}", ALIAS,
              hooks_dir=hooks_dir)


def release(root: Path, version_id: str, alias: str = ALIAS, branch: str = BRANCH) -> list[Step]:
    """Publish the current sources as `version_id`; return the timed steps."""
    steps: list[Step] = []
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        steps.append(Step(name, now - started))
        started = now

    top = _git_root(root)
    if top.resolve() != root.resolve():
        raise ReleaseError(f"start 'release' in de hoofdmap van het project ({top}).")
    if alias != ALIAS:
        raise ReleaseError(f"alias '{alias}' wordt niet ondersteund: een gepubliceerde versie "
                           f"wordt altijd de actuele versie (alias '{ALIAS}').")
    if not re.fullmatch(r"[0-9]{4}\.[0-9]+", version_id or ""):
        raise ReleaseError(f"'{version_id}' is geen versienummer; gebruik jaar.volgnummer, "
                           "bijvoorbeeld: make release VERSION=2024.2")
    _say("1/5 Controleren (handreiking check) ...")
    _run_checks(root)
    registry = _registry(root)
    entry = registry.get(version_id)
    if entry is None:
        known = ", ".join(e.id for e in registry.entries)
        raise ReleaseError(f"versie {version_id} staat niet in {VERSIONS} (wel: {known}). Voeg "
                           "haar eerst toe, met titel, datum en wijzigingen (zie docs/redactie).")
    current = registry.current
    if current.id != version_id and entry.version.in_force < current.version.in_force:
        raise ReleaseError(f"versie {version_id} geldt vanaf {entry.version.in_force}, vóór de "
                           f"actuele versie {current.id} ({current.version.in_force}); een oudere "
                           "versie kan niet opnieuw actueel worden. Maak een nieuwe versie.")
    step("controleren")

    _say("2/5 Wijzigingen vastleggen ...")
    editor, other = _dirty(root)
    if other:
        raise ReleaseError("er zijn niet-vastgelegde wijzigingen buiten docs/, data/ en "
                           "checklists/:\n  " + "\n  ".join(other) + "\nLaat een ontwikkelaar "
                           "die eerst vastleggen (git commit) of ongedaan maken.")
    if editor:
        git(root, "add", "--", *sorted(set(editor)))
        git(root, "commit", "-q", "-m", f"Redactie: inhoud voor versie {version_id}", "--",
            *sorted(set(editor)))
        _say("   vastgelegd: " + ", ".join(sorted(set(editor))))
    if entry.version.status != "actueel":
        before = (root / VERSIONS).read_text(encoding="utf-8")
        try:
            set_version_fields(root, current.id, status="vervangen")
            set_version_fields(root, version_id, status="actueel")
            _run_checks(root)
        except BaseException:
            (root / VERSIONS).write_text(before, encoding="utf-8")
            raise
        git(root, "commit", "-q", "-m", f"Versie {version_id} wordt de actuele versie "
            f"(vervangt {current.id})", "--", VERSIONS)
        registry = _registry(root)
        entry = registry.get(version_id)
        _say(f"   versie {version_id} is nu 'actueel', {current.id} is 'vervangen'")
    source = git(root, "rev-parse", "HEAD")
    step("vastleggen")

    _say(f"3/5 Site bouwen en als versie {version_id} op branch '{branch}' zetten (mike) ...")
    _deploy(root, entry, alias, branch)
    step("bouwen en publiceren")

    _say(f"4/5 Broncommit {source[:12]} vastleggen in {VERSIONS} ...")
    if set_version_fields(root, version_id, commit=f'"{source}"'):
        git(root, "commit", "-q", "-m", f"Versie {version_id}: broncommit {source[:12]} "
            "vastgelegd", "--", VERSIONS)
    step("broncommit vastleggen")

    _say(f"5/5 Klaar. Versie {version_id} staat op branch '{branch}' en is de actuele versie "
         f"('{alias}'). Zet de site klaar voor de webserver met: make publish")
    return steps


# --- publish ----------------------------------------------------------------------------------

def _unhide_outdated(folder: Path) -> int:
    """Show the outdated banner in every HTML file of a superseded version; return the count."""
    pattern = re.compile(r'(<div data-md-color-scheme="default" data-md-component="outdated")'
                         r' hidden>')
    count = 0
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        new, n = pattern.subn(r"\1>", text, count=1)
        if n:
            html.write_text(new, encoding="utf-8")
            count += 1
    return count


def export(root: Path, target: Path, branch: str = BRANCH) -> dict:
    """Extract `branch` into `target` (replaced atomically); return versions.json as data."""
    if not _branch_exists(root, branch):
        raise ReleaseError(f"branch '{branch}' bestaat niet: er is nog niets gepubliceerd. "
                           "Draai eerst 'make release VERSION=…', of 'make publish REBUILD=1' "
                           f"om alle versies uit {VERSIONS} opnieuw te bouwen.")
    if target.exists() and any(target.iterdir()) and not (target / "versions.json").is_file():
        raise ReleaseError(f"{target} bestaat al en is geen eerder geëxporteerde site; kies een "
                           "andere map.")
    archive = subprocess.run(["git", "archive", "--format=tar", branch], cwd=root,
                             capture_output=True)
    if archive.returncode != 0:
        raise ReleaseError(f"git archive {branch} mislukte: {archive.stderr.decode().strip()}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".publish-", dir=target.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        versions = json.loads((tmp / "versions.json").read_text(encoding="utf-8"))
        for info in versions:
            if ALIAS not in info.get("aliases", []):
                _unhide_outdated(tmp / info["version"])
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return versions


def rebuild(root: Path, branch: str = BRANCH) -> list[str]:
    """Rebuild every released version from its recorded commit into a fresh `branch`."""
    registry = _registry(root)
    released = [e for e in registry.published if e.version.commit]
    if not released:
        raise ReleaseError(f"geen enkele versie in {VERSIONS} heeft een 'commit'; publiceer "
                           "eerst met 'make release VERSION=…'.")
    work = f"{branch}-herbouw"
    if _branch_exists(root, work):
        git(root, "branch", "-D", work)
    current = registry.current.id
    done = []
    with tempfile.TemporaryDirectory(prefix="herbouw-") as tmp:
        for entry in released:
            commit = entry.version.commit
            tree = Path(tmp) / entry.id
            _say(f"   versie {entry.id} herbouwen uit commit {commit[:12]} ...")
            git(root, "worktree", "add", "--detach", str(tree), commit)
            cache = root / ".cache"
            if cache.is_dir():
                # Build caches (PDFs, downloads) are keyed by content hash: sharing them is safe
                # and saves re-rendering what an earlier build already made.
                (tree / ".cache").symlink_to(cache, target_is_directory=True)
            try:
                alias = ALIAS if entry.id == current else ""
                _deploy(tree, entry, alias, work, hooks_dir=tree / "hooks")
            finally:
                git(root, "worktree", "remove", "--force", str(tree), check=False)
            done.append(entry.id)
    git(root, "worktree", "prune", check=False)
    git(root, "branch", "-f", branch, work)
    git(root, "branch", "-D", work)
    return done


def publish(root: Path, target: Path, rebuild_all: bool = False, branch: str = BRANCH) -> dict:
    """Optionally rebuild all versions, then export the multi-version site into `target`."""
    _git_root(root)
    if rebuild_all:
        _say("Alle gepubliceerde versies opnieuw bouwen uit hun broncommit ...")
        rebuilt = rebuild(root, branch)
        _say(f"   herbouwd: {', '.join(rebuilt)}")
    versions = export(root, target, branch)
    listed = ", ".join(f"{v['version']}" + (f" ({', '.join(v['aliases'])})" if v["aliases"]
                                            else "") for v in versions)
    _say(f"Site met {len(versions)} versie(s) klaargezet in {target}: {listed}.\n"
         f"Zet de inhoud van die map op een webserver; de startpagina verwijst naar '{ALIAS}/'.")
    return versions

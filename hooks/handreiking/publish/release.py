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

publish [--map public] [--herbouw] [--voorbeeld]
    Exports the branch into a folder for any static host (git archive). With --herbouw every
    released version is first rebuilt from its recorded commit (git worktree of that commit →
    build → deploy to a fresh branch that then replaces `site-versies`), so the published site
    never depends on a branch that was lost. In the export, the outdated-version banner of every
    superseded version is unhidden, so it shows without JavaScript, and the web baseline of
    data/site.yml is applied (handreiking.publish.web: canonical links to `actueel/`, hreflang,
    noindex on superseded versions, robots.txt, one sitemap, security.txt at the root).
    A production export is refused while publisher, contact or site_url are open in
    data/site.yml; --voorbeeld makes a preview instead (noindex everywhere, robots.txt
    disallows everything, no sitemap).

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
from handreiking.core.langs import LANGUAGES, TRANSLATIONS
from handreiking.core.render import TEMPLATES, template
from handreiking.i18n import section
from handreiking.core.yamlload import loads

BRANCH = "site-versies"
ALIAS = "actueel"
VERSIONS = "data/versions.yml"
EDITOR_PATHS = ("docs/", "data/", "checklists/")
REDIRECT_TEMPLATE = TEMPLATES / "release_redirect.html"


def redirect_template(folder: Path) -> Path:
    """The root redirect page for mike, with the catalogue strings filled in (mike fills in
    `href`); written into `folder`."""
    text = template("release_redirect.html", href="{{ href }}", translations=TRANSLATIONS,
                    ui={lang: section(lang, "publish.redirect") for lang in LANGUAGES})
    out = Path(folder) / "release_redirect.html"
    out.write_text(text, encoding="utf-8")
    return out


class ReleaseError(Exception):
    """A release/publish step failed; the message is Dutch and meant for the editor."""


@dataclass
class Step:
    """One timed step, for the summary at the end."""

    name: str
    seconds: float


def _say(message: str) -> None:
    print(message, flush=True)


QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
             "PYTHONDONTWRITEBYTECODE": "1"}
# mike builds with ProperDocs whenever that package is installed (mkdocs-redirects pulls it in);
# `make site` and `make serve` build with MkDocs. One builder for all: mike is told to use MkDocs.
MIKE_WITH_MKDOCS = (
    "import sys\n"
    "from importlib import metadata\n"
    "import mike.mkdocs_utils as u\n"
    "u._program_name, u._brand = 'mkdocs', 'MkDocs'\n"
    "u._version = metadata.version('mkdocs')\n"
    "u.default_config_file = ['mkdocs.yml', 'mkdocs.yaml']\n"
    "from mike.driver import main\n"
    "sys.exit(main())\n")


def _tool_env(hooks_dir: Path, python: str | None = None, version_id: str | None = None) -> dict:
    """Environment for mike/mkdocs: the interpreter's bin on PATH, the tree's own hooks first,
    and the version the build shows (HANDREIKING_VERSIE)."""
    from handreiking.core.project import SHOWN_ENV
    env = dict(os.environ, **QUIET_ENV)
    if version_id:
        env[SHOWN_ENV] = version_id
    else:
        env.pop(SHOWN_ENV, None)
    bindir = str(Path(python or sys.executable).parent)
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


def _mike(root: Path, *args: str, hooks_dir: Path | None = None, python: str | None = None,
          version_id: str | None = None) -> None:
    env = _tool_env(hooks_dir or root / "hooks", python, version_id)
    cmd = [python or sys.executable, "-c", MIKE_WITH_MKDOCS, *args]
    result = subprocess.run(cmd, cwd=root, env=env, text=True, capture_output=True)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-25:])
        raise ReleaseError(f"mike {args[0]} mislukte:\n{tail}")


def _deploy(root: Path, entry, alias: str, branch: str, hooks_dir: Path | None = None,
            python: str | None = None) -> None:
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
    _mike(root, *args, hooks_dir=hooks_dir, python=python, version_id=entry.id)
    if alias == ALIAS:
        with tempfile.TemporaryDirectory() as tmp:
            _mike(root, "set-default", "--branch", branch, "--ignore-remote-status",
                  "--template", str(redirect_template(Path(tmp))), "--message",
                  f"Startpagina wijst naar {ALIAS}", ALIAS, hooks_dir=hooks_dir, python=python)


IDENTITY_ENV = "HANDREIKING_GIT_AUTEUR"  # "Naam <e-mail>", for runs without a terminal


def ensure_identity(root: Path, ask=input) -> None:
    """Make sure git can commit: a missing name/e-mail is asked once (or taken from
    HANDREIKING_GIT_AUTEUR) and stored in this repository's git config only."""
    ok = subprocess.run(["git", "var", "GIT_COMMITTER_IDENT"], cwd=root, capture_output=True)
    if ok.returncode == 0:
        return
    value = os.environ.get(IDENTITY_ENV, "").strip()
    if not value and sys.stdin is not None and sys.stdin.isatty():
        _say("Git weet nog niet wie u bent; dat is nodig om de versie vast te leggen. Dit wordt "
             "één keer gevraagd en bewaard in dit project (git config, niet daarbuiten).")
        name = ask("  Uw naam: ").strip()
        email = ask("  Uw e-mailadres: ").strip()
        value = f"{name} <{email}>" if name and email else ""
    match = re.fullmatch(r"\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*", value)
    if not match:
        raise ReleaseError(
            "git weet niet wie deze versie vastlegt (geen naam en e-mailadres ingesteld). Draai "
            "'make release' in een terminal (dan wordt het één keer gevraagd), of geef het mee: "
            f"{IDENTITY_ENV}=\"Uw Naam <naam@example.org>\" make release VERSION=…. "
            "Er is niets veranderd.")
    git(root, "config", "user.name", match.group(1))
    git(root, "config", "user.email", match.group(2))
    _say(f"   vastgelegd als: {match.group(1)} <{match.group(2)}> (git config van dit project)")


def _branch_sha(root: Path, branch: str) -> str | None:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                            cwd=root, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def _rollback(root: Path, head: str, branch: str, branch_sha: str | None,
              versions_text: str) -> None:
    """Undo a failed release: HEAD and the site branch back where they were; the editor's files
    keep their content (committed ones become uncommitted changes again)."""
    subprocess.run(["git", "reset", "-q", "--mixed", head], cwd=root, capture_output=True)
    (root / VERSIONS).write_text(versions_text, encoding="utf-8")
    if branch_sha:
        subprocess.run(["git", "update-ref", f"refs/heads/{branch}", branch_sha], cwd=root,
                       capture_output=True)
    elif _branch_exists(root, branch):
        subprocess.run(["git", "branch", "-D", branch], cwd=root, capture_output=True)


def release(root: Path, version_id: str, alias: str = ALIAS, branch: str = BRANCH,
            today=None) -> list[Step]:
    """Publish the current sources as `version_id`; return the timed steps.

    A failure at any step leaves the working tree, HEAD and the branch `site-versies` as they
    were (see _rollback)."""
    import datetime as _dt
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
    if not re.fullmatch(r"[0-9]{4}\.[0-9]+(\.[0-9]+)?", version_id or ""):
        raise ReleaseError(f"'{version_id}' is geen versienummer; gebruik jaar.volgnummer, "
                           "bijvoorbeeld: make release VERSION=2026.1")
    _say("1/5 Controleren (make check) ...")
    _run_checks(root)
    registry = _registry(root)
    entry = registry.get(version_id)
    if entry is None:
        known = ", ".join(e.id for e in registry.entries)
        raise ReleaseError(f"versie {version_id} staat niet in {VERSIONS} (wel: {known}). Voeg "
                           "haar eerst toe als 'status: concept', met titel en wijzigingen (zie "
                           "docs/redactie).")
    status = entry.version.status
    if status in ("vervangen", "ingetrokken"):
        raise ReleaseError(f"versie {version_id} is {status}; zij kan niet opnieuw de actuele "
                           "versie worden. Maak een nieuwe versie (status: concept).")
    current = registry.released_current
    day = today or _dt.date.today()
    if current and current.id != version_id and day < current.version.in_force:
        raise ReleaseError(f"de actuele versie {current.id} geldt pas vanaf "
                           f"{current.version.in_force}; publiceer {version_id} niet eerder.")
    ensure_identity(root)
    step("controleren")

    head = git(root, "rev-parse", "HEAD")
    branch_before = _branch_sha(root, branch)
    versions_before = (root / VERSIONS).read_text(encoding="utf-8")
    from handreiking.content import yaml_translations
    ledger = root / yaml_translations.LEDGER
    ledger_before = ledger.read_text(encoding="utf-8") if ledger.is_file() else None
    touched: dict[str, str] = {}  # files the release itself edits, with their text before
    try:
        _say("2/5 Wijzigingen vastleggen ...")
        if ledger_before is not None:
            # The check passed, so no YAML text is stale: record the English as current.
            yaml_translations.refresh_all(root)
        editor, other = _dirty(root)
        if other:
            raise ReleaseError("er zijn niet-vastgelegde wijzigingen buiten docs/, data/ en "
                               "checklists/:\n  " + "\n  ".join(other) + "\nLaat een "
                               "ontwikkelaar die eerst vastleggen (git commit) of ongedaan maken.")
        if editor:
            git(root, "add", "--", *sorted(set(editor)))
            git(root, "commit", "-q", "-m", f"Redactie: inhoud voor versie {version_id}", "--",
                *sorted(set(editor)))
            _say("   vastgelegd: " + ", ".join(sorted(set(editor))))
        if status != "actueel":
            if current:
                set_version_fields(root, current.id, status="vervangen")
            set_version_fields(root, version_id, status="actueel", in_werking=day.isoformat())
            # Page review dates and tree numbers follow from the change entries.
            from handreiking.versions.bookkeeping import apply_release, changed_places
            registry = _registry(root)
            pages, _trees = changed_places(root, registry.get(version_id))
            for path in [f"docs/{p}" for p in pages] + [
                    f"docs/{p[:-3]}.en.md" for p in pages] + [
                    f"checklists/trees/{f.name}" for f in (root / "checklists" / "trees").glob("*.yml")] + [
                    f"checklists/{f.name}" for f in (root / "checklists").glob("*.yml")]:
                if (root / path).is_file():
                    touched.setdefault(path, (root / path).read_text(encoding="utf-8"))
            computed = apply_release(root, registry, registry.get(version_id), day)
            if computed:
                _say("   bijgewerkt uit de wijzigingen: " + ", ".join(computed))
            _run_checks(root)
            git(root, "add", "--", *computed) if computed else None
            git(root, "commit", "-q", "-m", f"Versie {version_id} wordt de actuele versie"
                + (f" (vervangt {current.id})" if current else ""), "--", VERSIONS, *computed)
            registry = _registry(root)
            entry = registry.get(version_id)
            _say(f"   versie {version_id} is nu 'actueel', gepubliceerd op {day.isoformat()}"
                 + (f"; {current.id} is 'vervangen'" if current else ""))
        source = git(root, "rev-parse", "HEAD")
        step("vastleggen")

        _say(f"3/5 Site bouwen en als versie {version_id} op branch '{branch}' zetten ...")
        _deploy(root, entry, alias, branch)
        step("bouwen en publiceren")

        _say(f"4/5 Broncommit {source[:12]} vastleggen in {VERSIONS} ...")
        if set_version_fields(root, version_id, commit=f'"{source}"'):
            git(root, "commit", "-q", "-m", f"Versie {version_id}: broncommit {source[:12]} "
                "vastgelegd", "--", VERSIONS)
        step("broncommit vastleggen")
    except BaseException:
        _rollback(root, head, branch, branch_before, versions_before)
        if ledger_before is not None:
            ledger.write_text(ledger_before, encoding="utf-8")
        for path, text in touched.items():
            (root / path).write_text(text, encoding="utf-8")
        _say("   Mislukt: alles is teruggezet zoals het was (bestanden, commits en de branch "
             f"'{branch}').")
        raise

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


def _branch_versions(root: Path, branch: str) -> list[dict]:
    """versions.json of `branch` (empty when the branch or the file does not exist)."""
    if not _branch_exists(root, branch):
        return []
    result = subprocess.run(["git", "show", f"{branch}:versions.json"], cwd=root,
                            capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else []


def export(root: Path, target: Path, keep: list[str], current: str,
           branch: str = BRANCH, preview: bool = False) -> list[dict]:
    """Extract the versions `keep` of `branch` into `target` (replaced atomically): the folders
    of other versions (withdrawn ones) are left out and versions.json lists exactly `keep`,
    with the alias 'actueel' on `current`; the web baseline of data/site.yml (in `root`) is
    applied (handreiking.publish.web). Return versions.json as data."""
    from handreiking.core.project import load_site
    from handreiking.publish import web
    site = load_site(root)
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
        allowed = set(keep) | {ALIAS}
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            members = [m for m in tar.getmembers()
                       if "/" not in m.name.rstrip("/") and not m.isdir()
                       or m.name.split("/")[0] in allowed]
            tar.extractall(tmp, members=members, filter="data")
        listed = json.loads((tmp / "versions.json").read_text(encoding="utf-8"))
        versions = [dict(v, aliases=[ALIAS] if v["version"] == current else [])
                    for v in listed if v["version"] in keep]
        (tmp / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
        for info in versions:
            if info["version"] != current:
                _unhide_outdated(tmp / info["version"])
        web.finish(tmp, versions, current, site.site_url, site.security_contact,
                   site.security_expires, preview=preview)
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


def _lock_hash(text: bytes) -> str:
    import hashlib
    return hashlib.sha256(text).hexdigest()[:16]


def python_for(root: Path, commit: str, tree: Path) -> str:
    """The interpreter to build `commit` with: this one when its requirements.lock equals the
    current one, else a cached environment per lock file (.cache/venvs/<hash>/), made once with
    that commit's pinned dependencies."""
    here = (root / "requirements.lock").read_bytes() if (root / "requirements.lock").is_file() \
        else b""
    theirs = subprocess.run(["git", "show", f"{commit}:requirements.lock"], cwd=root,
                            capture_output=True)
    lock = theirs.stdout if theirs.returncode == 0 else b""
    if lock == here:
        return sys.executable
    venv = root / ".cache" / "venvs" / _lock_hash(lock)
    python = venv / "bin" / "python"
    if (venv / ".klaar").is_file():
        return str(python)
    _say(f"   eigen omgeving voor deze versie maken (afhankelijkheden van {commit[:12]}; "
         "eenmalig, daarna hergebruikt) ...")
    shutil.rmtree(venv, ignore_errors=True)
    steps = [[sys.executable, "-m", "venv", str(venv)]]
    constraints = tree / "requirements.lock"
    install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if constraints.is_file():
        install += ["-c", str(constraints)]
    steps.append(install + [str(tree)])
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-10:])
            raise ReleaseError(f"de omgeving voor commit {commit[:12]} kon niet worden gemaakt "
                               f"(pip):\n{tail}")
    (venv / ".klaar").write_text(commit + "\n", encoding="utf-8")
    return str(python)


def rebuild_versions(root: Path, entries: list, current: str, branch: str = BRANCH) -> list[Step]:
    """Build each of `entries` from its recorded commit (a git worktree of that commit, with that
    commit's pinned dependencies) and add it to `branch`; return the time per version."""
    steps = []
    with tempfile.TemporaryDirectory(prefix="herbouw-") as tmp:
        for n, entry in enumerate(entries, 1):
            started = time.perf_counter()
            commit = entry.version.commit
            tree = Path(tmp) / entry.id
            _say(f"   [{n}/{len(entries)}] versie {entry.id} bouwen uit commit {commit[:12]} ...")
            try:
                git(root, "worktree", "add", "--detach", str(tree), commit)
            except ReleaseError as exc:
                raise ReleaseError(f"versie {entry.id} kan niet opnieuw worden gebouwd: commit "
                                   f"{commit[:12]} ontbreekt in deze repository ({exc}). Haal de "
                                   "volledige geschiedenis op (git fetch) en probeer opnieuw; er "
                                   "is niets klaargezet.") from None
            cache = root / ".cache"
            if cache.is_dir():
                # Build caches (PDFs, downloads) are keyed by content hash: sharing them is safe
                # and saves re-rendering what an earlier build already made.
                (tree / ".cache").symlink_to(cache, target_is_directory=True)
            try:
                python = python_for(root, commit, tree)
                alias = ALIAS if entry.id == current else ""
                try:
                    _deploy(tree, entry, alias, branch, hooks_dir=tree / "hooks", python=python)
                except ReleaseError as exc:
                    raise ReleaseError(f"versie {entry.id} kon niet opnieuw worden gebouwd uit "
                                       f"commit {commit[:12]}; er is niets klaargezet.\n{exc}") \
                        from None
            finally:
                git(root, "worktree", "remove", "--force", str(tree), check=False)
            steps.append(Step(f"versie {entry.id} bouwen", time.perf_counter() - started))
    git(root, "worktree", "prune", check=False)
    return steps


def publish(root: Path, target: Path, rebuild_all: bool = False,
            branch: str = BRANCH, preview: bool = False) -> tuple[list[dict], list[Step]]:
    """Export every released, non-withdrawn version into `target`; a version missing from the
    local branch (always so in a fresh clone) is first rebuilt from its recorded commit.
    `rebuild_all` rebuilds every version. A production export (not `preview`) is refused, with
    nothing built or written, while data/site.yml has no publisher, contact or site_url.
    Return versions.json and the timed steps."""
    _git_root(root)
    steps: list[Step] = []
    started = time.perf_counter()
    registry = _registry(root)
    released = registry.published
    if not released:
        raise ReleaseError(f"er is nog geen versie gepubliceerd (geen versie in {VERSIONS} met "
                           "status 'actueel' of 'vervangen'). Publiceer eerst met: "
                           "make release VERSION=…")
    missing_commit = [e.id for e in released if not e.version.commit]
    if missing_commit:
        raise ReleaseError(f"versie(s) {', '.join(missing_commit)} hebben geen 'commit' in "
                           f"{VERSIONS}, dus kunnen niet opnieuw worden gebouwd. Publiceer ze "
                           "met 'make release VERSION=…'.")
    if not preview:
        from handreiking.publish.web import open_fields
        missing = open_fields(root)
        if missing:
            raise ReleaseError(
                "de site kan nog niet voor publicatie worden klaargezet: in data/site.yml is nog "
                "niet alles ingevuld.\n" + "\n".join(str(p) for p in missing) + "\n"
                "Vul deze velden in (laat ze vaststellen door wie daarover beslist; nooit een "
                "verzonnen waarde) en draai opnieuw: make publish\n"
                "Alleen om te bekijken kan al wel een voorbeeld (niet voor publicatie; zoekmachines "
                "wordt gevraagd het te negeren): make publish PREVIEW=1\n"
                "Er is niets gebouwd of klaargezet.")
    current = registry.released_current.id
    skipped = [e.id for e in registry.entries if e.version.status == "ingetrokken"]
    work = f"{branch}-herbouw"
    if _branch_exists(root, work):
        git(root, "branch", "-D", work)
    on_branch = {v["version"]: v for v in _branch_versions(root, branch)}
    if rebuild_all:
        todo = released
    else:
        todo = [e for e in released if e.id not in on_branch
                or (e.id == current and ALIAS not in on_branch[e.id].get("aliases", []))]
    for entry in released:
        state = "opnieuw bouwen" if entry in todo else "staat klaar op de branch"
        _say(f"Versie {entry.id} ({entry.version.status}): {state}")
    for wid in skipped:
        _say(f"Versie {wid}: ingetrokken, wordt niet gepubliceerd")
    if todo:
        # Build on a copy of the branch; it replaces the branch only when every build succeeded.
        if _branch_exists(root, branch) and not rebuild_all:
            git(root, "branch", work, branch)
        try:
            steps += rebuild_versions(root, todo, current, work)
        except BaseException:
            if _branch_exists(root, work):
                git(root, "branch", "-D", work, check=False)
            raise
        git(root, "branch", "-f", branch, work)
        git(root, "branch", "-D", work)
    started = time.perf_counter()
    versions = export(root, target, [e.id for e in released], current, branch, preview)
    steps.append(Step("exporteren", time.perf_counter() - started))
    listed = ", ".join(f"{v['version']}" + (f" ({', '.join(v['aliases'])})" if v["aliases"]
                                            else "") for v in versions)
    if preview:
        _say(f"VOORBEELD, niet voor publicatie: site met {len(versions)} versie(s) klaargezet in "
             f"{target}: {listed}.\nElke pagina vraagt zoekmachines haar niet op te nemen "
             "(noindex) en robots.txt sluit de hele site af. Voor publicatie: vul de open velden "
             "in data/site.yml in en draai make publish (zonder PREVIEW=1).")
    else:
        _say(f"Site met {len(versions)} versie(s) klaargezet in {target}: {listed}.\n"
             f"Zet de inhoud van die map op een webserver; de startpagina verwijst naar "
             f"'{ALIAS}/'.")
    return versions, steps

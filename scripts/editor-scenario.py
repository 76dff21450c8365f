#!/usr/bin/env python3
"""The editor's walk-through, scripted and timed: change a rule in a checklist and in a decision
tree, describe the change, check (with one typical mistake and its fix), preview, release, publish.

Runs on a copy of the project in a temporary git repository (the real checkout is not touched),
with the same `make` commands an editor types. Prints one row per step with the time it took.

    .venv/bin/python scripts/editor-scenario.py [--keep]

The copy shares the project's .venv (symlink, `make STAMP=` so nothing is installed); its own
`hooks/` come first on PYTHONPATH, so the copy's code is what runs. The preview step starts the
same server as `make serve` (HANDREIKING_SERVE=1 mkdocs serve) on a free port instead of 8000.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from handreiking.core.yamlload import load  # noqa: E402

IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                ".cache", "public", "tests", "benchmarks")
CHECKLIST = "maandelijks-veiligstellen"
TREE = "veiligstellen"


def version_ids(root: Path) -> tuple[str, str]:
    """The version the project releases next (its concept, else its current one) and an unused
    id after it: the scenario pins no version."""
    from handreiking.versions.changes import load_registry
    registry = load_registry(root)
    first = next((e.id for e in registry.entries if e.version.status == "concept"), None) \
        or registry.released_current.id
    year = first.split(".")[0]
    used = [int(e.id.split(".")[1]) for e in registry.entries if e.id.split(".")[0] == year]
    return first, f"{year}.{max(used) + 1}"


FIRST, NEW = version_ids(ROOT)
STEPS: list[tuple[str, float, str]] = []
# The copy uses the project's .venv (symlink). `STAMP=` tells make not to (re)install the
# project into it — an editor's own checkout has done that once, on the first `make`.
MAKE = ("make", "--no-print-directory", "STAMP=")


def open_site_fields(repo: Path) -> bool:
    """True while data/site.yml leaves publisher, contact or site_url open."""
    from handreiking.publish.web import open_fields
    return bool(open_fields(repo))


def step(name: str, started: float, note: str = "") -> None:
    seconds = time.perf_counter() - started
    STEPS.append((name, seconds, note))
    print(f"  {name}: {seconds:.1f} s {note}", flush=True)


def env_for(repo: Path) -> dict:
    """No git identity anywhere, as on a fresh machine: make release takes it from
    HANDREIKING_GIT_AUTEUR (a terminal would ask once)."""
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"), NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_CONFIG_NOSYSTEM="1", HANDREIKING_GIT_AUTEUR="Redactie <redactie@example.invalid>")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        env.pop(name, None)
    return env


def run(repo: Path, *cmd: str, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=repo, env=env_for(repo), text=True, capture_output=True)
    if ok and result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def edit_line(file: Path, line: int, change) -> None:
    rows = file.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[line - 1] = change(rows[line - 1])
    file.write_text("".join(rows), encoding="utf-8")


def append_to_value(row: str, text: str) -> str:
    """'  nl: "Tekst."\\n' -> '  nl: "Tekst. <text>"\\n' (quoted or plain scalar)."""
    body = row.rstrip("\n")
    if body.endswith('"'):
        return body[:-1] + " " + text + '"\n'
    return body + " " + text + "\n"


def first_with(items, key: str):
    return next(i for i in items if isinstance(i, dict) and key in i)


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def wait_for(url: str, needle: str | None, timeout: float = 120.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
                if needle is None or needle in body:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary repository")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="editor-scenario-"))
    repo = base / "handreiking"
    print(f"Scenario in {repo}")

    # Preparation (not an editor step): a repository with the project's next version published.
    started = time.perf_counter()
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    (repo / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    run(repo, "git", "init", "-q", "-b", "main")
    run(repo, "git", "add", "-A")
    run(repo, "git", "-c", "user.name=v", "-c", "user.email=v@example.invalid", "commit", "-q",
        "-m", "Bronnen")
    run(repo, *MAKE, "release", f"VERSION={FIRST}")
    step(f"voorbereiding: versie {FIRST} gepubliceerd", started, "(geen redactiestap)")

    print("Redactiestappen:")
    # 1. A rule in a checklist: the first item's text, nl and en.
    started = time.perf_counter()
    file = repo / "checklists" / f"{CHECKLIST}.yml"
    data = load(file, repo)
    item = first_with(data["items"], "tekst")
    edit_line(file, item["tekst"].line_of("nl"), lambda r: append_to_value(
        r, "Doe dit ook als er in die maand geen zakelijke berichten waren."))
    edit_line(file, item["tekst"].line_of("en"), lambda r: append_to_value(
        r, "Do this even if there were no business messages that month."))
    step("1. regel in checklist gewijzigd", started, f"({CHECKLIST}#{item['id']})")

    # 2. A rule in a decision tree: the first outcome's verdict, nl and en (make release raises
    #    the tree's number itself).
    started = time.perf_counter()
    file = repo / "checklists" / "trees" / f"{TREE}.yml"
    data = load(file, repo)
    outcome = first_with(data["uitkomsten"], "oordeel")
    edit_line(file, outcome["oordeel"].line_of("nl"), lambda r: append_to_value(
        r, "(ook zonder nieuwe berichten)"))
    edit_line(file, outcome["oordeel"].line_of("en"), lambda r: append_to_value(
        r, "(even without new messages)"))
    step("2. regel in beslisboom gewijzigd", started, f"({TREE}#{outcome['id']})")
    started = time.perf_counter()
    for path in (f"checklists/{CHECKLIST}.yml", f"checklists/trees/{TREE}.yml"):
        run(repo, *MAKE, "vertaald", f"PAD={path}")
    step("2b. make vertaald PAD=… voor beide bestanden", started)

    # 3. Describe the change — with a typing mistake in one reference, as happens.
    started = time.perf_counter()
    entry = f'''  - id: "{NEW}"
    titel:
      nl: "Maandelijks veiligstellen verduidelijkt"
      en: "Monthly securing clarified"
    status: concept
    wijzigingen:
      - soort: gewijzigd
        wat:
          nl: "Het maandelijks veiligstellen geldt ook als er geen nieuwe zakelijke berichten waren."
          en: "Monthly securing also applies when there were no new business messages."
        waarom:
          nl: "Vragen van secretariaten over maanden zonder berichten."
          en: "Questions from private offices about months without messages."
        beslisbomen:
          - {TREE}#{outcome['id']}
        checklists:
          - {CHECKLIST}#{item['id']}x
'''
    versions = repo / "data" / "versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8") + entry, encoding="utf-8")
    step("3. wijziging beschreven in data/versions.yml", started)

    # 4. Check: the mistake is reported with file and line; fix it; check again.
    started = time.perf_counter()
    result = run(repo, *MAKE, "check", ok=False)
    message = next((row for row in result.stderr.splitlines() if "data/versions.yml:" in row), "")
    assert result.returncode != 0 and f"{item['id']}x" in message, result.stderr
    step("4. make check (meldt de tikfout)", started, f"-> {message[:110]}...")
    started = time.perf_counter()
    versions.write_text(versions.read_text(encoding="utf-8").replace(
        f"{CHECKLIST}#{item['id']}x", f"{CHECKLIST}#{item['id']}"), encoding="utf-8")
    result = run(repo, *MAKE, "check")
    step("5. tikfout hersteld, make check opnieuw", started, f"-> {result.stdout.strip()[-60:]}")

    # 5. Preview: the live server, then an edit in the YAML shows up without a restart.
    port = free_port()
    started = time.perf_counter()
    serve = subprocess.Popen([str(repo / ".venv" / "bin" / "mkdocs"), "serve", "--livereload",
                              "-a", f"127.0.0.1:{port}"], cwd=repo,
                             env=dict(env_for(repo), HANDREIKING_SERVE="1"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/checklists/{CHECKLIST}/"
        ok = wait_for(url, "geen zakelijke berichten waren")
        step("6. make serve: voorvertoning toont de wijziging", started,
             "" if ok else "(NIET gelukt)")
        started = time.perf_counter()
        file = repo / "checklists" / f"{CHECKLIST}.yml"
        file.write_text(file.read_text(encoding="utf-8").replace(
            "geen zakelijke berichten waren.", "geen zakelijke berichten waren, en noteer dat."),
            encoding="utf-8")
        ok = wait_for(url, "en noteer dat.")
        step("7. YAML opnieuw gewijzigd: voorvertoning ververst", started,
             "" if ok else "(NIET gelukt)")
    finally:
        serve.terminate()
        try:
            serve.wait(timeout=10)
        except subprocess.TimeoutExpired:
            serve.kill()

    # The Dutch text was changed once more during the preview: make check now says the English
    # lags behind (file:line); the editor follows in English and marks it as translated.
    started = time.perf_counter()
    result = run(repo, *MAKE, "check", ok=False)
    stale = next((row for row in result.stderr.splitlines() if "gewijzigd sinds de vertaling"
                  in row), "")
    assert result.returncode != 0 and stale, result.stderr
    file = repo / "checklists" / f"{CHECKLIST}.yml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "no business messages that month.", "no business messages that month, and note that."),
        encoding="utf-8")
    run(repo, *MAKE, "vertaald", f"PAD=checklists/{CHECKLIST}.yml")
    run(repo, *MAKE, "check")
    step("7b. make check meldt de achterlopende Engelse tekst; bijgewerkt en make vertaald",
         started, f"-> {stale[:100]}...")

    # 6. Publish the new version, then prepare the folder for the web server.
    started = time.perf_counter()
    result = run(repo, *MAKE, "release", f"VERSION={NEW}")
    step(f"8. make release VERSION={NEW}", started,
         f"-> {result.stdout.strip().splitlines()[-1][:90]}")
    started = time.perf_counter()
    # A preview while data/site.yml leaves publisher, contact or site_url open (a production
    # export is refused then, with the fields named); the editor's command is the same otherwise.
    preview = ["PREVIEW=1"] if open_site_fields(repo) else []
    run(repo, *MAKE, "publish", *preview)
    versions_json = (repo / "public" / "versions.json").read_text(encoding="utf-8")
    published = ", ".join(re.findall(r'"version": "([^"]+)"', versions_json))
    step("9. make publish" + (" PREVIEW=1" if preview else ""), started,
         f"-> public/ met versies {published}")

    editor_total = sum(s for name, s, _ in STEPS if not name.startswith("voorbereiding"))
    print("\n| stap | tijd |\n|---|---|")
    for name, seconds, note in STEPS:
        print(f"| {name} {note} | {seconds:.1f} s |")
    print(f"| **totaal redactiestappen** | **{editor_total:.1f} s** |")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        print(f"\nBewaard: {repo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

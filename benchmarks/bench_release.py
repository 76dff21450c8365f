"""Release and publish times for `make bench` (issue 15), per step, on a temporary git copy.

1. cold full build (PDFs included, empty .cache/) — the yardstick;
2. `handreiking release FIRST` (the project's concept, else its current version), no git identity
   but HANDREIKING_GIT_AUTEUR;
3. a one-line change and version SECOND, `handreiking release SECOND`;
4. the branch deleted (as in a fresh clone), plain `handreiking publish`: both versions rebuilt.
Budgets (issue 15): release <= cold full build + 10 s; publish with two versions to rebuild
<= 2x that.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "node_modules", "site", ".build", ".cache", "public", "__pycache__",
        "site-redactie"}


def _env(repo: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(repo / "hooks"), GIT_CONFIG_GLOBAL="/dev/null",
               GIT_CONFIG_NOSYSTEM="1", HANDREIKING_GIT_AUTEUR="Bench <bench@example.invalid>",
               NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    for name in ("MIKE_DOCS_VERSION", "HANDREIKING_VERSIE", "HANDREIKING_SITE"):
        env.pop(name, None)
    return env


def _run(repo: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "handreiking.cli", *args], cwd=repo,
                            env=_env(repo), text=True, capture_output=True)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()[-400:]}")
    return took, result.stdout


def _steps(output: str) -> str:
    match = re.search(r"Tijd per stap: (.*)", output)
    return match.group(1) if match else ""


def _ids(repo: Path) -> tuple[str, str]:
    sys.path.insert(0, str(repo / "hooks"))
    from handreiking.versions.changes import load_registry
    registry = load_registry(repo)
    first = next((e.id for e in registry.entries if e.version.status == "concept"), None) \
        or registry.released_current.id
    year = first.split(".")[0]
    used = [int(e.id.split(".")[1]) for e in registry.entries if e.id.split(".")[0] == year]
    return first, f"{year}.{max(used) + 1}"


def bench():
    with tempfile.TemporaryDirectory(prefix="bench-release-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=lambda d, names: [n for n in names if n in SKIP])
        for args in (("init", "-q", "-b", "main"), ("add", "-A"),
                     ("-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-q",
                      "-m", "bronnen")):
            subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
        first, second = _ids(repo)
        cold, _ = _run(repo, "build", "--site-dir", str(Path(tmp) / "site"))
        yield ("cold full build with PDFs (yardstick)", f"{cold:.1f} s")
        took, out = _run(repo, "release", first)
        verdict = "ok" if took <= cold + 10 else "OVER"
        yield (f"make release {first} (first release)",
               f"{took:.1f} s ({verdict} budget <= {cold + 10:.0f} s): {_steps(out)}")
        for name, line in (("over.md", "Proefzin."), ("over.en.md", "Trial sentence.")):
            page = repo / "docs" / name
            page.write_text(page.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        versions = repo / "data" / "versions.yml"
        versions.write_text(versions.read_text(encoding="utf-8") + (
            f'  - id: "{second}"\n    titel:\n      nl: "Proef"\n      en: "Trial"\n'
            "    status: concept\n"), encoding="utf-8")
        _run(repo, "vertaald", "docs/over.en.md")
        took, out = _run(repo, "release", second)
        yield (f"make release {second} (one page changed)",
               f"{took:.1f} s ({'ok' if took <= cold + 10 else 'OVER'} budget <= "
               f"{cold + 10:.0f} s): {_steps(out)}")
        subprocess.run(["git", "branch", "-D", "site-versies"], cwd=repo, check=True,
                       capture_output=True)
        # A preview: the copy's data/site.yml may leave publisher, contact or site_url open, which
        # refuses a production export; the work (rebuild, export) is the same.
        took, out = _run(repo, "publish", "--voorbeeld", "--map", str(Path(tmp) / "public"))
        yield ("make publish, 2 versions to rebuild (fresh clone)",
               f"{took:.1f} s ({'ok' if took <= 2 * (cold + 10) else 'OVER'} budget <= "
               f"{2 * (cold + 10):.0f} s): {_steps(out)}")
        took, out = _run(repo, "publish", "--voorbeeld", "--map", str(Path(tmp) / "public"))
        yield ("make publish, nothing to rebuild", f"{took:.1f} s: {_steps(out)}")


if __name__ == "__main__":
    for label, value in bench():
        print(f"{label}: {value}", flush=True)

"""Scale benchmark: build a site 1x, 2x, 5x and 10x the real size and show how time and memory grow.

A copy k of the site is every Markdown page under `docs/kopie-k/` (both languages, with its own
section in the navigation, as a larger guidance would have), plus a copy of every decision tree
and checklist under a new slug that the copied pages use (`<!-- beslisboom: soort-bericht-k2 -->`).
Each size is built cold (empty `.cache/`, empty output folder) without PDFs
(HANDREIKING_NO_PDF=1) in a child process measured with /usr/bin/time: wall time, CPU time and
peak memory. The curve is printed, with the marginal cost per page between sizes: linear growth
means the last step costs about as much per page as the first.

Run: `.venv/bin/python benchmarks/bench_scale.py` (about 3 to 4 minutes on 2 cores; set
BENCH_SCALES=1,2,5 for a shorter run, BENCH_SCALE_BUDGET=seconds to change the 240 s limit: a size
that would not fit in the remaining time is skipped and reported). BENCH_SCALE_NAV=0 leaves the
copies out of the navigation (`not_in_nav`), which separates the cost of Material rendering the
whole navigation into every page from the cost of the project's hooks. `make bench` adds the rows.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as site_bench  # noqa: E402  (the same copy and environment as make bench)

SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,2,5,10").split(",")]
BUDGET = float(os.environ.get("BENCH_SCALE_BUDGET", "240"))
IN_NAV = os.environ.get("BENCH_SCALE_NAV", "1") != "0"
MARKER = re.compile(r"<!--\s*(beslisboom|checklist):\s*([a-z0-9-]+)")


def add_copy(folder: Path, k: int) -> None:
    """Copy number k: pages under docs/kopie-k/, trees and checklists under '<slug>-k<k>'."""
    docs = folder / "docs"
    target = docs / f"kopie-{k}"
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs)
        if rel.parts[0].startswith("kopie-"):
            continue
        text = page.read_text(encoding="utf-8")
        text = MARKER.sub(lambda m: f"<!-- {m.group(1)}: {m.group(2)}-k{k}", text)
        # Site-wide lists stay on one page, as in a real larger site (the open points list
        # runs every check of the whole project, so ten of them would measure the copies).
        text = text.replace("<!-- versies -->", "").replace("<!-- open-punten -->", "")
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    for sub in ("checklists", "checklists/trees"):
        for file in sorted((folder / sub).glob("*.yml")):
            if re.search(r"-k\d+$", file.stem):
                continue
            shutil.copy2(file, file.with_name(f"{file.stem}-k{k}.yml"))
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not IN_NAV:
        text = text.replace("not_in_nav: |\n", f"not_in_nav: |\n  /kopie-{k}/\n", 1)
        config.write_text(text, encoding="utf-8")
        return
    nav = re.search(r"(?ms)^nav:\n(.*?)(?=^\S|\Z)", text)
    section = [f"  - Kopie {k}:"]
    for line in nav.group(1).splitlines():
        if line.startswith("  - Kopie "):
            break  # the copies added before: copy only the real navigation
        if line.strip():
            section.append("    " + re.sub(r"(\S+\.md)\s*$", rf"kopie-{k}/\1", line))
    text = text[:nav.end()].rstrip("\n") + "\n" + "\n".join(section) + "\n" + text[nav.end():]
    text = text.replace("not_in_nav: |\n", f"not_in_nav: |\n  /kopie-{k}/redactie/\n", 1)
    config.write_text(text, encoding="utf-8")


def measure(folder: Path, out: Path) -> dict:
    """One cold build in a child process: wall s, CPU s, peak RSS MB, HTML pages."""
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    stats = folder.parent / "time.txt"
    cmd = ["/usr/bin/time", "-o", str(stats), "-f", "%e %U %S %M",
           sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    run = subprocess.run(cmd, cwd=folder, env=site_bench._env(folder), capture_output=True,
                         text=True)
    if run.returncode != 0:
        raise SystemExit("scale build failed:\n" + (run.stdout + run.stderr)[-3000:])
    wall, user, system, rss_kb = stats.read_text().split()[-4:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024,
            "pages": sum(1 for _ in out.rglob("*.html")),
            "mb": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6}


def curve() -> list[dict]:
    """Build every size in SCALES (within BUDGET); return one result per size built."""
    started = time.perf_counter()
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp) / "src"
        site_bench.copy_sources(folder)
        copies = 1
        for scale in SCALES:
            if results:
                last = results[-1]
                predicted = last["wall"] * scale / last["scale"] * 1.15
                if time.perf_counter() - started + predicted > BUDGET:
                    results.append({"scale": scale, "skipped": f"skipped: about {predicted:.0f} s "
                                    f"would exceed the {BUDGET:.0f} s budget"})
                    break
            while copies < scale:
                copies += 1
                add_copy(folder, copies)
            result = measure(folder, Path(tmp) / "out")
            result["scale"] = scale
            results.append(result)
    return results


def rows(results: list[dict]) -> list[tuple[str, str]]:
    """Table rows: one per size, then the verdict on linearity."""
    out = []
    built = [r for r in results if "skipped" not in r]
    for r in results:
        label = f"scale {r['scale']}x (no PDFs, cold{'' if IN_NAV else ', copies not in nav'})"
        if "skipped" in r:
            out.append((label, r["skipped"]))
            continue
        out.append((label, f"{r['pages']} pages, {r['mb']:.0f} MB: {r['wall']:.1f} s wall, "
                           f"{r['cpu']:.1f} s CPU, peak {r['rss']:.0f} MB, "
                           f"{1000 * r['cpu'] / r['pages']:.1f} ms CPU per page"))
    if len(built) >= 3:
        steps = []
        for a, b in zip(built, built[1:]):
            pages = b["pages"] - a["pages"]
            steps.append(((b["cpu"] - a["cpu"]) / pages * 1000, (b["rss"] - a["rss"]) / pages,
                          (b["mb"] - a["mb"]) / pages * 1000, f"{a['scale']}x->{b['scale']}x"))
        # The first step adds a single copy, so the noise of a shared machine weighs most there;
        # with three or more steps the last one is compared with the one before it.
        first, last = (steps[-2] if len(steps) > 2 else steps[0]), steps[-1]
        cpu_ratio = last[0] / first[0] if first[0] > 0 else float("nan")
        out.append(("scale: marginal cost per added page",
                    "; ".join(f"{s[3]}: {s[0]:.1f} ms CPU, {s[1] * 1024:.0f} KB memory, "
                              f"{s[2]:.0f} KB output" for s in steps)))
        verdict = "linear" if cpu_ratio <= 1.35 else "SUPERLINEAR"
        out.append(("scale: growth of build time", f"{verdict}: step {last[3]} costs "
                    f"{cpu_ratio:.2f}x step {first[3]} per page (linear within 1.35x)"))
        mem_ratio = last[1] / first[1] if first[1] > 0 else float("nan")
        verdict = "linear or better" if mem_ratio <= 1.35 else "SUPERLINEAR"
        out.append(("scale: growth of peak memory", f"{verdict}: step {last[3]} costs "
                    f"{mem_ratio:.2f}x step {first[3]} per page"))
        size_ratio = last[2] / first[2] if first[2] > 0 else float("nan")
        verdict = "linear" if size_ratio <= 1.35 else "SUPERLINEAR"
        out.append(("scale: growth of output size", f"{verdict}: step {last[3]} adds "
                    f"{size_ratio:.2f}x the bytes per page of step {first[3]}"
                    + (" (every page carries the whole navigation)" if IN_NAV and
                       size_ratio > 1.35 else "")))
    return out


def bench() -> list[tuple[str, str]]:
    """Rows for benchmarks/bench.py (`make bench`)."""
    return rows(curve())


def main() -> int:
    started = time.perf_counter()
    table = rows(curve())
    table.append(("(bench_scale took)", f"{time.perf_counter() - started:.0f} s; load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"))
    print(site_bench.table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())

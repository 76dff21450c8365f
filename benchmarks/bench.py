"""`make bench`: build times, hook overhead versus plain Material, rebuild time, page weight.

Prints one table. Every build runs in a copy of the sources in a temporary folder (so "cold"
really starts from an empty `.cache/` without touching the checkout's), with PDFs switched off
(HANDREIKING_NO_PDF=1; the PDF figures come from benchmarks/bench_pdf.py). Each time is the
median of RUNS runs; wall time and CPU time (of the build process) are both given, because on a
shared machine wall time mostly measures the neighbours.

- site cold: empty `.cache/`, empty output folder, both languages, every hook on.
- site warm: the same, with the `.cache/` of the previous run.
- plain Material: the same Markdown, i18n, search and privacy, but no project hooks and no
  theme overrides (a generated config; the hooks' markers stay HTML comments).
- rebuild after one YAML edit: what `make serve` does: a second build in the same process after
  one YAML file changed (PDFs skipped as in serve).
- page weight per page type: every file the page loads in Chromium (HTML, CSS, JS, search index
  and worker, icons), gzip level 6 as a web server sends them; own CSS/JS listed separately.
Then the rows of benchmarks/bench_trees.py, bench_pdf.py and lighthouse.py (on the cold-built
site), bench_scale.py (1x to 10x the real size) and bench_release.py (make release and
make publish per step, on a git copy), when present.
"""
from __future__ import annotations

import gzip
import importlib.util
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SKIP = {".git", ".venv", "node_modules", "site", ".build", ".cache", "public", "__pycache__"}
PAGE_TYPES = [("home", "/"), ("chapter", "/bewindspersonen/wat-bewaren/"),
              ("tree", "beslisbomen"), ("checklist", "checklists")]
YAML_TO_TOUCH = ["data/begrippen.yml", "data/tijdlijn.yml", "data/versions.yml"]


# --- sources -------------------------------------------------------------------------------

def copy_sources(target: Path) -> None:
    """Copy the checkout's files as git sees them (tracked plus new, not ignored)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for rel in filter(None, out.split("\0")):
        src = ROOT / rel
        if set(Path(rel).parts) & SKIP or not src.is_file():
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)


def plain_config(folder: Path) -> Path:
    """mkdocs.yml without `hooks:` and without the theme overrides: plain Material."""
    text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^hooks:\n(?:[ \t]+- .*\n)+", "", text)
    text = re.sub(r"(?m)^  custom_dir: .*\n", "", text)
    text = re.sub(r"(?m)^  favicon: .*\n", "", text)
    text = re.sub(r"(?m)^extra_(css|javascript):\n(?:[ \t]+- .*\n)+", "", text)
    text = re.sub(r"(?m)^strict: true\n", "strict: false\n", text)
    out = folder / "plain-mkdocs.yml"
    out.write_text(text, encoding="utf-8")
    return out


# --- builds --------------------------------------------------------------------------------

def _env(folder: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH",)}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", HANDREIKING_NO_PDF="1",
               PYTHONPATH=str(folder / "hooks"), **extra)
    return env


def timed_build(folder: Path, out: Path, config: str = "mkdocs.yml",
                strict: bool = True) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS MB) of one `mkdocs build` in a child process."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(out)]
    if strict:
        cmd.append("--strict")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=folder, env=_env(folder), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output, _ = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({config}):\n{output[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def median_builds(folder: Path, out: Path, cold: bool, **kw) -> dict:
    walls, cpus, rss = [], [], 0
    for _ in range(RUNS):
        if cold:
            shutil.rmtree(folder / ".cache", ignore_errors=True)
        wall, cpu, peak = timed_build(folder, out, **kw)
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "rss": rss,
            "walls": walls}


REBUILD = r"""
import os, sys, time, pathlib
from mkdocs.config import load_config
from mkdocs.commands.build import build
out, yaml_file = sys.argv[1], pathlib.Path(sys.argv[2])
def once():
    cfg = load_config("mkdocs.yml", site_dir=out, strict=True)
    cfg.plugins.on_startup(command="serve", dirty=False)
    t = time.perf_counter(); c = time.process_time()
    build(cfg)
    return time.perf_counter() - t, time.process_time() - c
once()
times = []
for i in range(int(sys.argv[3])):
    with yaml_file.open("a", encoding="utf-8") as fh:
        fh.write(f"\n# bench edit {i}\n")
    times.append(once())
print("REBUILD", " ".join(f"{w:.3f}:{c:.3f}" for w, c in times))
"""


def rebuild_after_yaml_edit(folder: Path, out: Path) -> tuple[float, float, str]:
    yaml_file = next((folder / y for y in YAML_TO_TOUCH if (folder / y).is_file()), None)
    if yaml_file is None:
        return float("nan"), float("nan"), "-"
    proc = subprocess.run([sys.executable, "-c", REBUILD, str(out), str(yaml_file), str(RUNS)],
                          cwd=folder, env=_env(folder, HANDREIKING_SERVE="1"),
                          capture_output=True, text=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("REBUILD")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit("rebuild benchmark failed:\n" + (proc.stdout + proc.stderr)[-3000:])
    pairs = [tuple(map(float, p.split(":"))) for p in line.split()[1:]]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            yaml_file.relative_to(folder).as_posix())


# --- page weight ---------------------------------------------------------------------------

def first_subpage(site: Path, section: str) -> str | None:
    for index in sorted((site / section).glob("*/index.html")):
        return f"/{section}/{index.parent.name}/"
    return None


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weights(site: Path) -> list[tuple[str, str]]:
    """Load each page type in Chromium from a local static server; sum what it requested."""
    import functools
    import http.server
    import threading
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM",
                                                                        "/usr/bin/chromium"),
                                         args=["--no-sandbox", "--disable-gpu"])
            for kind, path in PAGE_TYPES:
                if not path.startswith("/"):
                    path = first_subpage(site, path)
                    if path is None:
                        rows.append((f"page weight: {kind}", "no such page built yet"))
                        continue
                ctx = browser.new_context(viewport={"width": 390, "height": 844},
                                          service_workers="block")
                page = ctx.new_page()
                urls: list[str] = []
                page.on("request", lambda r: urls.append(r.url))
                page.goto(base + path, wait_until="networkidle")
                ctx.close()
                total = html = own = material = search = count = 0
                for url in dict.fromkeys(urls):
                    parsed = urlparse(url)
                    if not url.startswith(base):
                        continue
                    rel = unquote(parsed.path).lstrip("/")
                    file = site / rel
                    if rel == "" or file.is_dir():
                        file = file / "index.html"
                    if not file.is_file():
                        continue
                    size = gz(file.read_bytes())
                    count += 1
                    total += size
                    if file.suffix == ".html":
                        html += size
                    elif rel.startswith(("assets/css/", "assets/js/")):
                        own += size
                    elif "search/" in rel or "/workers/" in rel or "/lunr/" in rel:
                        search += size
                    elif rel.startswith(("assets/stylesheets/", "assets/javascripts/")):
                        material += size
                rows.append((f"page weight: {kind} ({path})",
                             f"{total / 1024:.0f} KB in {count} requests (gzip): HTML "
                             f"{html / 1024:.1f}, own CSS+JS {own / 1024:.1f}, Material CSS+JS "
                             f"{material / 1024:.0f}, search index+worker {search / 1024:.0f}, "
                             f"other {(total - html - own - material - search) / 1024:.1f} KB"))
            browser.close()
    finally:
        httpd.shutdown()
    return rows


def own_assets(site: Path) -> tuple[str, str]:
    css = sum(gz(p.read_bytes()) for p in (site / "assets" / "css").glob("*.css"))
    js = sum(gz(p.read_bytes()) for p in (site / "assets" / "js").rglob("*.js"))
    return ("own CSS / JS, all files (gzip)", f"{css / 1024:.1f} KB / {js / 1024:.1f} KB")


# --- colleagues' benchmarks ----------------------------------------------------------------

def extra_rows(name: str, site: Path) -> list[tuple[str, str]]:
    file = ROOT / "benchmarks" / f"{name}.py"
    if not file.is_file():
        return []
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    os.environ.setdefault("HANDREIKING_SITE", str(site))
    started = time.perf_counter()
    try:
        spec.loader.exec_module(module)
        rows = list(module.bench())
    except Exception as exc:  # a colleague's benchmark must not hide the others
        rows = [(f"{name}", f"failed: {type(exc).__name__}: {exc}")]
    rows.append((f"({name} took)", f"{time.perf_counter() - started:.1f} s"))
    return rows


# --- main ----------------------------------------------------------------------------------

def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    line = "-" * (width + 2) + "+" + "-" * 60
    out = [f"{'measure'.ljust(width)}  | value", line]
    out += [f"{label.ljust(width)}  | {value}" for label, value in rows]
    return "\n".join(out)


def main() -> int:
    started = time.perf_counter()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        folder = Path(tmp) / "src"
        copy_sources(folder)
        out = Path(tmp) / "out"
        cold = median_builds(folder, out, cold=True)
        warm = median_builds(folder, out, cold=False)
        plain_out = Path(tmp) / "plain"
        plain = median_builds(folder, plain_out, cold=True,
                              config=plain_config(folder).name, strict=False)
        rebuild_wall, rebuild_cpu, touched = rebuild_after_yaml_edit(folder, Path(tmp) / "serve")
        # The site of a cold build, for page weight and the colleagues' rows.
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        timed_build(folder, out)
        site = Path(tmp) / "site"
        shutil.copytree(out, site)

        def fmt(m):
            return (f"{m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU (runs: "
                    + ", ".join(f"{w:.2f}" for w in m["walls"]) + f" s; peak {m['rss']} MB)")

        rows.append((f"site build, cold, no PDFs (median of {RUNS})", fmt(cold)))
        rows.append((f"site build, warm, no PDFs (median of {RUNS})", fmt(warm)))
        rows.append((f"plain Material, same Markdown (median of {RUNS})", fmt(plain)))
        ratio_cpu = cold["cpu"] / plain["cpu"] if plain["cpu"] else float("nan")
        ratio_wall = cold["wall"] / plain["wall"] if plain["wall"] else float("nan")
        verdict = "ok" if ratio_cpu <= 1.5 else "OVER"
        rows.append(("ratio cold site / plain Material",
                     f"{ratio_cpu:.2f}x CPU, {ratio_wall:.2f}x wall ({verdict} budget <= 1.5x)"))
        rows.append(("ratio warm site / plain Material",
                     f"{warm['cpu'] / plain['cpu']:.2f}x CPU, "
                     f"{warm['wall'] / plain['wall']:.2f}x wall"))
        verdict = "ok" if rebuild_wall <= 2 else "OVER"
        rows.append((f"rebuild after one YAML edit, like make serve (median of {RUNS})",
                     f"{rebuild_wall:.2f} s wall, {rebuild_cpu:.2f} s CPU ({touched}; {verdict} "
                     "budget <= 2 s)"))
        pages = sum(1 for _ in site.rglob("*.html"))
        rows.append(("site size", f"{pages} HTML pages, "
                     f"{sum(p.stat().st_size for p in site.rglob('*') if p.is_file()) / 1e6:.1f}"
                     " MB on disk (no PDFs)"))
        rows += page_weights(site)
        rows.append(own_assets(site))
        rows.append(("(site benchmarks took)", f"{time.perf_counter() - started:.1f} s"))
        rows += extra_rows("bench_trees", site)
        rows += extra_rows("bench_pdf", site)
        rows += extra_rows("lighthouse", site)
        rows += extra_rows("bench_budgets", site)  # full builds with PDFs, search hit rate
    rows += extra_rows("bench_scale", Path(tempfile.gettempdir()))  # builds its own sites
    rows += extra_rows("bench_release", Path(tempfile.gettempdir()))  # its own git copy
    rows.append(("(make bench total)", f"{time.perf_counter() - started:.1f} s; load average "
                 f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

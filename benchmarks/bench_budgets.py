"""Budgets of issue 16, side by side in one run (rows for `make bench`; also runs alone:
`.venv/bin/python benchmarks/bench_budgets.py`).

- warm full build (every PDF from the cache) against plain Material of the same Markdown (the same
  mkdocs.yml without `hooks:`, same plugins and builder): CPU of all processes (the build and its
  PDF workers), median of BENCH_BUDGET_RUNS (5) runs each; budget <= 1.5x.
- cold full build with every PDF (empty cache): wall time, median of BENCH_COLD_RUNS (3) runs;
  budget <= 15 s on 2 cores. Next to it a fixed pure-Python loop's CPU time ("machine speed"):
  on this shared machine the same render took 5.6 s of CPU in one hour and 8.1 s in the next, so
  compare builds by their ratio to that figure, or alternate A and B in one series.
- search: the reader questions of tests/search/vragen.yml through the site's search box in
  headless Chromium (tuning and held-out questions separately); budget >= 90% answered.
"""
from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_BUDGET_RUNS", "5"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "3"))


def machine_speed() -> float:
    """CPU seconds of a fixed pure-Python loop (lower is faster); a yardstick for the others."""
    import time
    started = time.process_time()
    total = 0
    for i in range(5_000_000):
        total += i * i % 7
    return time.process_time() - started


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_main", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _full_build(bench, folder: Path, out: Path, config: str = "mkdocs.yml",
                strict: bool = True) -> tuple[float, float]:
    """(wall, CPU) of one build with PDFs on (cached in folder/.cache/pdf)."""
    config = str(folder / config)  # absolute: the hooks find the project from it
    env_backup = os.environ.get("HANDREIKING_NO_PDF")
    orig_env = bench._env

    def env_with_pdf(f, **extra):
        env = orig_env(f, **extra)
        env.pop("HANDREIKING_NO_PDF", None)
        env["HANDREIKING_PDF_CACHE"] = str(f / ".cache" / "pdf")
        return env
    bench._env = env_with_pdf
    try:
        wall, cpu, _rss = bench.timed_build(folder, out, config=config, strict=strict)
    finally:
        bench._env = orig_env
        if env_backup is not None:
            os.environ["HANDREIKING_NO_PDF"] = env_backup
    return wall, cpu


def search_rates(site: Path) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, _QuietHandler
    from playwright.sync_api import sync_playwright
    from search_eval import evaluate, rates
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            outcomes = evaluate(browser, f"http://127.0.0.1:{httpd.server_address[1]}")
            browser.close()
    finally:
        httpd.shutdown()
    return rates(outcomes) | {"editors": sum(o.editors for o in outcomes)}


def bench():
    bench = _bench_module()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-budget-") as tmp:
        folder = Path(tmp) / "src"
        bench.copy_sources(folder)
        out = Path(tmp) / "out"
        speed_before = machine_speed()
        colds = []
        for _ in range(COLD_RUNS):
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            colds.append(_full_build(bench, folder, out))
        cold_wall = statistics.median(w for w, _ in colds)
        cold_cpu = statistics.median(c for _, c in colds)
        speed = statistics.median([speed_before, machine_speed()])
        verdict = "ok" if cold_wall <= 15 else "OVER"
        rows.append((f"cold full build, every PDF (empty cache, median of {COLD_RUNS})",
                     f"{cold_wall:.1f} s wall, {cold_cpu:.1f} s CPU ({verdict} budget <= 15 s); "
                     f"runs {', '.join(f'{w:.1f}' for w, _ in colds)} s"))
        rows.append(("machine speed (fixed Python loop, CPU; lower is faster)",
                     f"{speed:.2f} s; cold build = {cold_cpu / speed:.0f}x that loop in CPU"))
        site = Path(tmp) / "site"
        shutil.copytree(out, site)
        warm = [_full_build(bench, folder, out) for _ in range(RUNS)]
        plain_cfg = bench.plain_config(folder).name
        plain = [_full_build(bench, folder, Path(tmp) / "plain", config=plain_cfg, strict=False)
                 for _ in range(RUNS)]
        warm_cpu = statistics.median(c for _, c in warm)
        plain_cpu = statistics.median(c for _, c in plain)
        ratio = warm_cpu / plain_cpu
        rows.append((f"warm full build, PDFs cached (median of {RUNS})",
                     f"{warm_cpu:.2f} s CPU, {statistics.median(w for w, _ in warm):.2f} s wall"))
        rows.append((f"plain Material, same Markdown (median of {RUNS})",
                     f"{plain_cpu:.2f} s CPU, {statistics.median(w for w, _ in plain):.2f} s wall"))
        rows.append(("ratio warm full build / plain Material (CPU)",
                     f"{ratio:.2f}x ({'ok' if ratio <= 1.5 else 'OVER'} budget <= 1.5x)"))
        try:
            r = search_rates(site)
            for name in ("alle", "tuning", "holdout", "nl", "en"):
                hit, asked = r[name]
                rows.append((f"search: answering page in top 3 ({name})",
                             f"{hit}/{asked} = {100 * hit / max(asked, 1):.0f}%"
                             + (f" ({'ok' if hit >= 0.9 * asked else 'OVER'} budget >= 90%)"
                                if name == "alle" else "")))
            rows.append(("search: editors' pages in top 3", str(r["editors"])))
        except Exception as exc:  # no Chromium: say so, keep the other rows
            rows.append(("search hit rate", f"failed: {type(exc).__name__}: {exc}"))
    return rows


if __name__ == "__main__":
    for label, value in bench():
        print(f"{label:55s} | {value}")

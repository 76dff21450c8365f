"""Lighthouse (mobile) per page type: home, chapter, folder, tree, checklist, versions, sources.

The built site (HANDREIKING_SITE, else site/) is served on 127.0.0.1 the way deploy/nginx.conf
serves it in production: gzip for HTML, CSS, JavaScript, JSON, SVG and XML, and the same
security headers (Content-Security-Policy included). Lighthouse 12.8.2 (package.json; the 13.x
line needs Node 22) runs the Debian Chromium (CHROME_PATH=/usr/bin/chromium, flags
`--headless=new --no-sandbox`) with its default mobile settings: a mid-range phone, simulated
slow 4G and a 4x slower CPU. The budget (issues 8 and 16): performance >= 0.98, accessibility,
best practices and SEO 1.00, page weight <= 180 KB gzipped.

Lighthouse runs each page LH_RUNS times (default 3) and the table shows medians: one row per
page type with the scores, the metrics (first contentful paint, largest contentful paint, total
blocking time, cumulative layout shift) and the numbers that do not depend on how busy the
machine is: KB transferred, render-blocking requests (stylesheets and parser-blocking scripts,
which the first paint waits for), script KB, DOM elements, main-thread tasks over 50 ms as
Lighthouse simulates them. On a shared machine the performance score moves with the load
(Lighthouse multiplies the measured main-thread time by 4), so the load average is printed too.

Run: `.venv/bin/python benchmarks/lighthouse.py` (about five minutes; LH_RUNS=1 for a quick
look). `make bench` adds the rows. When Lighthouse itself fails, the row says why (its own error
text), so a problem outside the project is visible as such.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", os.environ.get("CHROMIUM", "/usr/bin/chromium"))
RUNS = int(os.environ.get("LH_RUNS", "3"))
MAX_KB = 180  # page weight budget, gzipped (issue 16)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
GZIP_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript",
              "application/json", "image/svg+xml", "text/xml", "application/xml")


def nginx_headers() -> dict[str, str]:
    """The `add_header` lines of deploy/nginx.conf (the production security headers)."""
    conf = ROOT / "deploy" / "nginx.conf"
    if not conf.is_file():
        return {}
    return dict(re.findall(r'(?m)^\s*add_header\s+([A-Za-z-]+)\s+"([^"]*)"', conf.read_text()))


class ProductionLikeHandler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD of the built site with gzip and the production headers (like nginx)."""

    site: Path
    headers_out: dict[str, str] = {}
    _cache: dict[tuple[str, bool], tuple[int, str, bytes]] = {}

    def log_message(self, *args):  # noqa: D401 - no access log
        pass

    def _resolve(self) -> tuple[int, Path]:
        rel = unquote(urlparse(self.path).path).lstrip("/")
        file = (self.site / rel).resolve()
        if self.site not in file.parents and file != self.site:
            return 404, self.site / "404.html"
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            return 200, file
        fallback = self.site / ("en/404.html" if rel.startswith("en/") else "404.html")
        return 404, fallback

    def _respond(self, body_wanted: bool) -> None:
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        status, file = self._resolve()
        key = (str(file), wants_gzip)
        if key not in self._cache:
            data = file.read_bytes() if file.is_file() else b"Not found"
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html" or kind.startswith("text/"):
                kind += "; charset=utf-8"
            if wants_gzip and kind.split(";")[0] in GZIP_TYPES:
                data = gzip.compress(data, compresslevel=6, mtime=0)
            self._cache[key] = (status, kind, data)
        status, kind, data = self._cache[key]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if wants_gzip and kind.split(";")[0] in GZIP_TYPES:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        for name, value in self.headers_out.items():
            self.send_header(name, value)
        self.end_headers()
        if body_wanted:
            self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - http.server naming
        self._respond(True)

    def do_HEAD(self):  # noqa: N802
        self._respond(False)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (ProductionLikeHandler,), {
        "site": site.resolve(), "headers_out": nginx_headers(), "_cache": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def page_types(site: Path) -> list[tuple[str, str]]:
    """(label, URL path) of every page type: home, a guidance chapter, a folder, a decision tree,
    a checklist, the versions page and the sources page (issue 16)."""
    def first(section: str) -> str:
        pages = sorted((site / section).glob("*/index.html"))
        return f"/{section}/{pages[0].parent.name}/" if pages else f"/{section}/"
    return [("home", "/"), ("chapter", "/bewindspersonen/wat-bewaren/"),
            ("folder", "/folders/nieuw/"), ("tree", first("beslisbomen")),
            ("checklist", first("checklists")), ("versions", "/versies/"),
            ("sources", "/bronnen/")]


def run_lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run; returns the report, or {'error': why} when Lighthouse failed."""
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=" + ",".join(CATEGORIES), "--max-wait-for-load=60000",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    env = dict(os.environ, CHROME_PATH=CHROME)
    try:
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        return {"error": "Lighthouse did not finish within 240 s"}
    if run.returncode != 0 or not out.is_file():
        lines = [ln for ln in (run.stderr or run.stdout).splitlines() if ln.strip()]
        return {"error": f"exit {run.returncode}: " + " | ".join(lines[-3:])[:400]}
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return {"error": f"{report['runtimeError'].get('code')}: "
                         f"{report['runtimeError'].get('message')}"}
    return report


def _numbers(report: dict) -> dict[str, float]:
    """Metrics and load-independent numbers of one run."""
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    blocking = [r for r in requests if r.get("resourceType") in ("Stylesheet", "Script")
                and (r.get("priority") == "VeryHigh"
                     or (r.get("priority") == "High" and r.get("resourceType") == "Script"))]
    return {
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "blocking": len(blocking),
        "blocking_bytes": sum(r.get("transferSize", 0) for r in blocking),
        "script_bytes": sum(r.get("transferSize", 0) for r in requests
                            if r.get("resourceType") == "Script"),
        "dom": audits["dom-size"]["numericValue"],
        "long_tasks": len((audits.get("long-tasks", {}).get("details") or {}).get("items", [])),
    }


def summarise(reports: list[dict]) -> dict:
    """Medians over the runs of the scores, metrics and numbers; the audits that cost points."""
    scores = {c: statistics.median(r["categories"][c]["score"] or 0 for r in reports)
              for c in CATEGORIES}
    numbers = [_numbers(r) for r in reports]
    median = {k: statistics.median(n[k] for n in numbers) for k in numbers[0]}
    # Audit details come from the run whose performance is the median one.
    last = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)[
        (len(reports) - 1) // 2]
    audits = last["audits"]
    lost = []
    for category in CATEGORIES:
        if scores[category] >= 1:
            continue
        for ref in last["categories"][category]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lost.append(f"{ref['id']} {audit['score']:.2f}" + (f" ({value})" if value else ""))
    return {"scores": scores, "median": median, "bytes": median["bytes"], "lost": lost,
            "runs": [r["categories"]["performance"]["score"] for r in reports]}


def measure(site: Path) -> list[tuple[str, dict]]:
    """(label, summary or {'error': ...}) for each page type."""
    httpd, base = serve(site)
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
            for label, path in page_types(site):
                reports, errors = [], []
                for i in range(RUNS + 2):  # a failed run (e.g. NO_NAVSTART) is retried twice
                    if len(reports) == RUNS or len(errors) > 2:
                        break
                    report = run_lighthouse(base + path, Path(tmp) / f"{label}-{i}.json")
                    (errors if "error" in report else reports).append(report)
                result = summarise(reports) if reports else errors[-1]
                if reports and errors:
                    result["retried"] = errors[-1]["error"]
                result["path"] = path
                results.append((label, result))
    finally:
        httpd.shutdown()
    return results


def rows(results: list[tuple[str, dict]]) -> list[tuple[str, str]]:
    out = [(f"lighthouse mobile, median of {RUNS} runs per page",
            "perf (runs) a11y/bp/seo | FCP LCP TBT CLS | KB, render-blocking requests (KB), "
            "script KB, DOM elements, long tasks | budget")]
    for label, r in results:
        name = f"lighthouse: {label} ({r['path']})"
        if "error" in r:
            out.append((name, f"Lighthouse failed: {r['error']}"))
            continue
        s, m = r["scores"], r["median"]
        missed = [c for c in CATEGORIES if s[c] < BUDGET[c]]
        if m["bytes"] / 1024 > MAX_KB:
            missed.append(f"weight > {MAX_KB} KB")
        verdict = "met" if not missed else "MISSED: " + ", ".join(missed)
        runs = "/".join(f"{x:.2f}" for x in r["runs"])
        out.append((name, f"{s['performance']:.2f} ({runs}) {s['accessibility']:.2f}/"
                          f"{s['best-practices']:.2f}/{s['seo']:.2f} | "
                          f"{m['fcp'] / 1000:.2f} s {m['lcp'] / 1000:.2f} s {m['tbt']:.0f} ms "
                          f"{m['cls']:.3f} | {m['bytes'] / 1024:.0f} KB, {m['blocking']:.0f} "
                          f"({m['blocking_bytes'] / 1024:.0f} KB), {m['script_bytes'] / 1024:.0f}"
                          f" KB, {m['dom']:.0f}, {m['long_tasks']:.0f} | {verdict}"))
        if missed and r["lost"]:
            out.append((f"  {label}: audits below 1", "; ".join(r["lost"][:8])))
        if r.get("retried"):
            out.append((f"  {label}: a run failed and was retried", r["retried"]))
    return out


def bench() -> list[tuple[str, str]]:
    """Rows for benchmarks/bench.py (`make bench`)."""
    if not LIGHTHOUSE.exists():
        return [("lighthouse", "not installed: run 'npm ci' (package.json pins lighthouse)")]
    if not Path(CHROME).exists():
        return [("lighthouse", f"{CHROME} is missing: 'sudo apt-get install -y chromium'")]
    site = Path(os.environ.get("HANDREIKING_SITE", ROOT / "site"))
    if not (site / "index.html").is_file():
        return [("lighthouse", f"no built site in {site}: run 'make site' first")]
    table = rows(measure(site))
    table.append(("lighthouse: load average (1 min) after the runs",
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"))
    return table


def main() -> int:
    started = time.perf_counter()
    table = bench()
    table.append(("(lighthouse took)", f"{time.perf_counter() - started:.0f} s; load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"))
    width = max(len(label) for label, _ in table)
    print("\n".join(f"{label.ljust(width)}  | {value}" for label, value in table))
    return 0


if __name__ == "__main__":
    sys.exit(main())

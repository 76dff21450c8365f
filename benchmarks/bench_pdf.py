"""PDF benchmark: render every product in both languages from an empty cache, then again warm.

`bench()` returns (label, value) rows for the `make bench` table; run this file directly for the
rows on their own. The documents come from the Markdown (`handreiking.pdf.build_standalone`),
i.e. without the decision trees and checklists the site build adds, so the site's PDFs are a
little longer; the per-page time is what matters (target: at most 0.08 s a page, PDF/UA). The
per-page figure is the workers' CPU time: on a shared machine wall time mostly measures the
neighbours; the wall figures are printed too. Each worker's first PDF includes its warm-up
(fonts, style sheets), about 0.3-0.5 s.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.08


def bench() -> list[tuple[str, str]]:
    """Rows: cold total, seconds per page, warm (cached) total, one row per PDF."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from handreiking.pdf import build_standalone

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        results = build_standalone(ROOT, tmp / "out", tmp / "cache")
        cold = time.perf_counter() - started
        started = time.perf_counter()
        warm_results = build_standalone(ROOT, tmp / "out2", tmp / "cache")
        warm = time.perf_counter() - started
    pages = sum(r.pages for r in results)
    render = sum(r.seconds for r in results)
    cpu = sum(r.cpu for r in results)
    per_page = cpu / pages if pages else 0.0
    errors = [r for r in results if r.error]
    rows.append((f"pdf: cold build, {len(results)} PDFs, {pages} pages",
                 f"{cold:.2f} s wall; workers {render:.2f} s wall, {cpu:.2f} s CPU"))
    rows.append(("pdf: CPU time per page (PDF/UA-1)",
                 f"{per_page:.3f} s ({'ok' if per_page <= TARGET else 'OVER'} target "
                 f"≤ {TARGET} s; wall {render / pages if pages else 0:.3f} s on this machine)"))
    rows.append(("pdf: warm build (all from cache)",
                 f"{warm:.2f} s, {sum(r.cached for r in warm_results)}/{len(warm_results)} "
                 "cached"))
    for r in results:
        rows.append((f"pdf: {r.key}", f"{r.pages} p, {r.size / 1000:.0f} kB, {r.seconds:.2f} s "
                     f"wall, {r.cpu:.2f} s CPU"
                     + (f", {r.cpu / r.pages:.3f} s/p" if r.pages else "")
                     + (f", FOUT {r.error}" if r.error else "")))
    if errors:
        rows.append(("pdf: errors", str(len(errors))))
    return rows


if __name__ == "__main__":
    table = bench()
    width = max(len(label) for label, _ in table)
    for label, value in table:
        print(f"{label:<{width}}  {value}")

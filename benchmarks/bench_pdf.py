"""PDF benchmark: the real site build from an empty PDF cache, then again with the cache warm.

`bench()` returns (label, value) rows for the `make bench` table; run this file directly for the
rows on their own. Each PDF's figures come from the cache the build fills (`.json` next to each
PDF: pages, size, wall and CPU seconds of its render in the worker). The per-page figure is CPU
time (target: at most 0.08 s a page, PDF/UA): on a shared machine wall time mostly measures the
neighbours, so wall figures are shown next to it. Each worker also imports WeasyPrint once (about
0.7 s CPU) while MkDocs renders the pages; that is not in the per-page figure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.08


def _build(site: Path, cache: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDREIKING_PDF_CACHE=str(cache))
    env.pop("HANDREIKING_SERVE", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def bench() -> list[tuple[str, str]]:
    """Rows: cold and warm site build, CPU time per page, one row per PDF."""
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        cold = _build(tmp / "site", tmp / "cache")
        infos = sorted((i for i in (json.loads(p.read_text(encoding="utf-8"))
                                    for p in (tmp / "cache").glob("*.json"))
                        if isinstance(i, dict) and "key" in i),  # not the digest lookup
                       key=lambda i: i["key"])
        warm = _build(tmp / "site2", tmp / "cache")
    pages = sum(i["pages"] for i in infos)
    cpu = sum(i["cpu"] for i in infos)
    wall = sum(i["seconds"] for i in infos)
    per_page = cpu / pages if pages else 0.0
    rows.append((f"pdf: site build, cold PDF cache ({len(infos)} PDFs, {pages} pages)",
                 f"{cold:.1f} s wall (whole build); PDF workers {wall:.1f} s wall, "
                 f"{cpu:.1f} s CPU"))
    rows.append(("pdf: site build, warm PDF cache", f"{warm:.1f} s wall (whole build)"))
    rows.append(("pdf: CPU time per page (PDF/UA-1)",
                 f"{per_page:.3f} s ({'ok' if per_page <= TARGET else 'OVER'}, target "
                 f"≤ {TARGET} s; wall {wall / pages if pages else 0:.3f} s on this machine)"))
    for i in infos:
        rows.append((f"pdf: {i['key']}", f"{i['pages']} p, {i['size'] / 1000:.0f} kB, "
                     f"{i['seconds']:.2f} s wall, {i['cpu']:.2f} s CPU "
                     f"({i['cpu'] / max(i['pages'], 1):.3f} s/p)"))
    return rows


if __name__ == "__main__":
    table = bench()
    width = max(len(label) for label, _ in table)
    for label, value in table:
        print(f"{label:<{width}}  {value}")

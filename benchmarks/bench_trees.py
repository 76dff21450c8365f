"""Decision-tree benchmark: validation + rendering of a generated 199-node tree (the largest
a tree may be: trees.model.MAX_NODES = 200), page weight, own JS and CSS size.

`bench()` returns (label, value) rows for the `make bench` table; run this file directly for the
rows on their own. Times are CPU time of this process (on a shared machine wall time mostly
measures the neighbours; wall time is printed too). Targets: validation + HTML/JSON rendering of the generated tree ≤ 0.5 s.
Reading the YAML (the shared loader, pure-Python PyYAML, two passes) and the Graphviz diagram
are measured on rows of their own; trees.js ≤ 6 KB gzipped. The page weight is
read from the built site (HANDREIKING_SITE or site/); build it first.
"""
from __future__ import annotations

import gzip
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5
JS_TARGET = 6 * 1024
QUESTIONS = 99  # heap-shaped binary tree: 99 questions, 100 outcomes = 199 nodes (max 200)


def _heap_path(index: int) -> list[str]:
    """Answer ids from the root (node 0) to heap node `index`."""
    path = []
    while index:
        parent = (index - 1) // 2
        path.append("links" if index == 2 * parent + 1 else "rechts")
        index = parent
    return path[::-1]


def generate(questions: int = QUESTIONS) -> str:
    """YAML of a valid tree with `questions` questions and questions + 1 outcomes."""
    total = 2 * questions + 1
    lines = ["versie: 1", "titel:", '  nl: "Grote testboom"', '  en: "Large test tree"',
             "bronnen:", "  wet:", '    nl: "Archiefwet 1995"', '    en: "Public Records Act 1995"',
             "vragen:"]

    def node_id(i: int) -> str:
        return f"v{i}" if i < questions else f"u{i}"

    for i in range(questions):
        lines += [f"  - id: {node_id(i)}", "    tekst:",
                  f'      nl: "Vraag {i}: geldt **dit** voor uw bericht?"',
                  f'      en: "Question {i}: does **this** apply to your message?"',
                  "    uitleg:", f'      nl: "Uitleg bij vraag {i}, met een [link]'
                  '(bewindspersonen/regels.md#frequentie)."',
                  f'      en: "Help for question {i}, with a [link]'
                  '(bewindspersonen/regels.md#frequentie)."',
                  "    antwoorden:"]
        for answer, child in (("links", 2 * i + 1), ("rechts", 2 * i + 2)):
            lines += [f"      - id: {answer}", "        tekst:",
                      f'          nl: "Antwoord {answer} bij vraag {i}"',
                      f'          en: "Answer {answer} to question {i}"',
                      f"        naar: {node_id(child)}"]
    lines.append("uitkomsten:")
    for i in range(questions, total):
        lines += [f"  - id: {node_id(i)}", "    soort: bewaren", "    oordeel:",
                  f'      nl: "Uitkomst {i}"', f'      en: "Outcome {i}"',
                  "    acties:", '      - nl: "Verwijder het bericht niet."',
                  '        en: "Do not delete the message."',
                  "    handreiking:", "      - bewindspersonen/regels.md#frequentie",
                  "    bronnen: [wet]"]
    lines.append("testpaden:")
    for i in range(questions, total):
        lines += [f'  - naam: "Pad naar {i}"', f"    antwoorden: [{', '.join(_heap_path(i))}]",
                  f"    uitkomst: {node_id(i)}"]
    return "\n".join(lines) + "\n"


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def bench() -> list[tuple[str, str]]:
    """Rows: validation, rendering, diagram of the generated tree; page weight; JS/CSS size."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from handreiking.trees.model import Context, parse_tree
    from handreiking.core.yamlload import load
    from handreiking.trees.render import (Links, _SVG_CACHE, diagram_svg, render_overview,
                                          render_tree, site_for)

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-trees-") as tmp:
        tmp = Path(tmp)
        file = tmp / "checklists" / "trees" / "groot.yml"
        file.parent.mkdir(parents=True)
        file.write_text(generate(), encoding="utf-8")
        ctx = Context(tmp, ROOT / "docs", set(), {"groot"})
        site = site_for(ROOT, {})
        load_s, validate_s, render_s, total_s = [], [], [], []
        wall = []
        for _ in range(5):
            wall_start = time.perf_counter()
            started = time.process_time()
            data = load(file, tmp)
            loaded = time.process_time()
            wall_loaded = time.perf_counter()
            tree, problems = parse_tree(file, ctx, data)
            validated = time.process_time()
            if tree is None:
                raise SystemExit("bench_trees: the generated tree is refused:\n"
                                 + "\n".join(str(p) for p in problems[:5]))
            html = render_tree(tree, "nl", site, Links("nl", "beslisbomen/groot/"))
            html += render_overview(tree, "nl", site, Links("nl", "beslisbomen/groot/"),
                                    diagram=False)
            done = time.process_time()
            wall.append(time.perf_counter() - wall_loaded)
            load_s.append(loaded - started)
            validate_s.append(validated - loaded)
            render_s.append(done - validated)
            total_s.append(done - loaded)
        errors = [p for p in problems if p.severity == "fout"]
        nodes = len(tree.questions) + len(tree.outcomes)
        total = statistics.median(total_s)
        rows.append((f"trees: read {nodes}-node tree ({file.stat().st_size / 1e3:.0f} kB YAML, "
                     "shared loader)", f"{statistics.median(load_s):.3f} s CPU, median of 5"))
        rows.append((f"trees: validate {nodes}-node tree (+{len(tree.tests)} test paths)",
                     f"{statistics.median(validate_s):.3f} s CPU, median of 5"
                     + (f" ({len(errors)} ERRORS)" if errors else "")))
        rows.append((f"trees: render {nodes}-node tree (HTML + JSON + text view, nl)",
                     f"{statistics.median(render_s):.3f} s CPU, median of 5; "
                     f"{len(html) / 1e6:.1f} MB"))
        rows.append((f"trees: validate + render {nodes} nodes (after reading)",
                     f"{total:.3f} s CPU ({'ok' if total <= TARGET else 'OVER'} target ≤ {TARGET} s; "
                     f"wall {statistics.median(wall):.3f} s on this machine)"))
        _SVG_CACHE.clear()
        started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        svg = diagram_svg(tree, "nl")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        rows.append((f"trees: Graphviz diagram of {nodes} nodes (dot, cold, at build time)",
                     f"{cpu:.2f} s CPU, {time.perf_counter() - started:.2f} s wall; "
                     f"{len(svg) / 1e3:.0f} kB SVG"))

    assets = ROOT / "overrides" / "assets"
    js = (assets / "js" / "trees.js").read_bytes()
    css = (assets / "css" / "trees.css").read_bytes()
    rows.append(("trees: own JS trees.js", f"{len(js) / 1024:.1f} KB raw, {_gz(js) / 1024:.2f} KB "
                 f"gzipped ({'ok' if _gz(js) <= JS_TARGET else 'OVER'} target ≤ 6 KB)"))
    rows.append(("trees: own CSS trees.css", f"{len(css) / 1024:.1f} KB raw, "
                 f"{_gz(css) / 1024:.2f} KB gzipped"))
    site_dir = Path(os.environ.get("HANDREIKING_SITE", ROOT / "site"))
    for slug in ("soort-bericht", "veiligstellen", "vertrek"):
        page = site_dir / "beslisbomen" / slug / "index.html"
        if not page.is_file():
            rows.append((f"trees: page /beslisbomen/{slug}/", "not built (run make site)"))
            continue
        data = page.read_bytes()
        rows.append((f"trees: page /beslisbomen/{slug}/ HTML",
                     f"{len(data) / 1024:.0f} KB raw, {_gz(data) / 1024:.1f} KB gzipped"))
    return rows


if __name__ == "__main__":
    for label, value in bench():
        print(f"{label:<62} {value}")

#!/usr/bin/env python3
"""Compare two built sites file by file and list every difference with a short diff.

    scripts/compare-site.py DIR_A DIR_B            compare two site folders
    scripts/compare-site.py --rev A [--rev B]      build revision A (and B, default: the work
                                                   tree) in temporary git worktrees, then compare

Exit code 0 when the sites are byte-identical, 1 when they differ. Text files get a unified
diff (first lines only, see --lines); binary files (PDF, images, gzip) get their sizes and, for
PDFs, the differing text of each page when pypdf is installed. Used to prove that a refactoring
leaves site/ byte-identical (issue 11).
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TEXT = {".html", ".css", ".js", ".json", ".xml", ".txt", ".csv", ".ics", ".vtt", ".svg", ".map"}


def files(folder: Path) -> dict[str, Path]:
    """Relative path -> absolute path of every file under `folder`."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _pdf_text(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:
        return []
    lines: list[str] = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        lines += [f"[p{number}] {line}" for line in (page.extract_text() or "").splitlines()]
    return lines


PDF_ID = re.compile(rb"/ID \[\((\w+)\)")


def only_pdf_id(da: bytes, db: bytes) -> bool:
    """True when two PDFs differ only in the first half of their file /ID (the content hash
    of the renderer fingerprint and print HTML, see handreiking.pdf.products)."""
    ia, ib = PDF_ID.search(da), PDF_ID.search(db)
    return bool(ia and ib) and da.replace(ia.group(1), ib.group(1)) == db


def describe(rel: str, a: Path, b: Path, max_lines: int) -> list[str]:
    """A short human-readable description of how `a` and `b` differ."""
    da, db = a.read_bytes(), b.read_bytes()
    out = [f"~ {rel} ({len(da)} -> {len(db)} bytes)"]
    if Path(rel).suffix in TEXT:
        left = da.decode("utf-8", "replace").splitlines()
        right = db.decode("utf-8", "replace").splitlines()
        if len(left) <= 3 and len(right) <= 3:  # minified: split on tags for a readable diff
            left = da.decode("utf-8", "replace").replace(">", ">\n").splitlines()
            right = db.decode("utf-8", "replace").replace(">", ">\n").splitlines()
        diff = list(difflib.unified_diff(left, right, "a/" + rel, "b/" + rel, n=1, lineterm=""))
    elif rel.endswith(".pdf"):
        diff = list(difflib.unified_diff(_pdf_text(a), _pdf_text(b), "a/" + rel, "b/" + rel,
                                         n=0, lineterm=""))
        if not diff:
            diff = ["    (only the file /ID differs: the renderer fingerprint changed)"
                    if only_pdf_id(da, db) else "    (same text; only the binary differs)"]
    else:
        diff = ["    (binary)"]
    out += ["    " + line[:200] for line in diff[:max_lines]]
    if len(diff) > max_lines:
        out.append(f"    ... {len(diff) - max_lines} more diff lines")
    return out


def compare(a: Path, b: Path, max_lines: int = 20) -> list[str]:
    """Report lines for every file only in `a`, only in `b`, or different in both."""
    fa, fb = files(a), files(b)
    report = [f"- {rel} (only in {a})" for rel in sorted(fa.keys() - fb.keys())]
    report += [f"+ {rel} (only in {b})" for rel in sorted(fb.keys() - fa.keys())]
    for rel in sorted(fa.keys() & fb.keys()):
        if fa[rel].read_bytes() != fb[rel].read_bytes():
            report += describe(rel, fa[rel], fb[rel], max_lines)
    return report


def build(repo: Path, rev: str | None, out: Path) -> Path:
    """Build revision `rev` (None: the work tree as it is) into `out`/site; return that folder."""
    if rev is None:
        source = repo
    else:
        source = out / "src"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(source), rev],
                       check=True, capture_output=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDREIKING_NO_CACHE="1",
               HANDREIKING_PDF_CACHE=str(out / "pdf-cache"))
    # The revision's own hooks come first, so an older layout builds with its own code.
    env["PYTHONPATH"] = str(source / "hooks") + os.pathsep + env.get("PYTHONPATH", "")
    site = out / "site"
    try:
        subprocess.run([sys.executable, "-m", "handreiking.cli", "build", "--root", str(source),
                        "--site-dir", str(site)], check=True, env=env, cwd=source)
    finally:
        if rev is not None:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(source)],
                           check=False, capture_output=True)
    return site


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="two site folders")
    parser.add_argument("--rev", action="append", default=[], help="git revision to build")
    parser.add_argument("--lines", type=int, default=20, help="diff lines per file")
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="compare-site-") as tmp:
        if args.rev:
            revs = args.rev + [None] * (2 - len(args.rev))
            sites = []
            for n, rev in enumerate(revs[:2]):
                out = Path(tmp) / f"build{n}"
                out.mkdir()
                sites.append(build(repo, rev, out))
            a, b = sites
        elif len(args.dirs) == 2:
            a, b = args.dirs
        else:
            parser.error("give two site folders or --rev")
        report = compare(a, b, args.lines)
        total = len(files(a)), len(files(b))
    print("\n".join(report))
    changed = sum(1 for line in report if line[:1] in "-+~")
    print(f"\n{changed} differing file(s) ({total[0]} vs {total[1]} files).")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())

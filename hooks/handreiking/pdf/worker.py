"""Render print HTML to PDF with WeasyPrint, in a separate process.

WeasyPrint keeps its memory after a render, so the site build never renders in its own process:
`python -m handreiking.pdf.worker` reads jobs as JSON lines on stdin, renders them one by one and
answers each with a JSON line on stdout, then exits at end of input. It imports WeasyPrint as soon
as it starts, so that cost overlaps with the rest of the build. (It no longer renders a small
warm-up document first: on 2 cores the workers and the build are busy from the start, so that
cost 0.7 s of CPU for 0.3 s saved on the first job.)

Job:    {"key": str, "html": path of the print HTML, "out": path of the PDF, "identifier": hex,
         "pad_to": int (0 = no padding; 4 = booklet: blank pages until pages % 4 == 0)}
        or a checklist (handreiking.checklists.downloads.render_pdf, fillable form fields):
        {"key", "html", "out", "checklist": true}
Answer: {"key", "pages", "size", "seconds", "cpu", "warnings": [str], "error": str | null}
(`seconds` is wall time, `cpu` the worker's CPU time: the fair figure on a shared machine.)

The output depends only on the HTML: metadata dates come from the HTML (the policy version),
the file identifier is the content hash, and the URL fetcher only reads `file:` and `data:` URLs
(nothing from the network, and no relative URL is resolved against the build folder).
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
PADDING = "<!--hr-booklet-padding-->"     # where a booklet gets its blank pages
BLANK_PAGE = '<div class="blank-page"></div>'


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        prefix = "ERROR: " if record.levelno >= logging.ERROR else ""
        self.messages.append(prefix + record.getMessage())


def _fetcher():
    """Only local files and data: URLs; anything else is refused (no network, ever)."""
    from weasyprint.urls import URLFetcher
    return URLFetcher(allowed_protocols={"file", "data"}, timeout=5)


def render(html: str, out: Path, identifier: str, pad_to: int = 0) -> dict:
    """Render `html` to the PDF file `out` (written atomically); return pages, size, warnings.

    With `pad_to`, blank pages go where the HTML has PADDING until the page count is a multiple
    of `pad_to` (a second layout only when padding is needed).
    """
    import weasyprint

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render(**PDF_OPTIONS)
        missing = (-len(document.pages)) % pad_to if pad_to else 0
        if missing:
            padded = html.replace(PADDING, BLANK_PAGE * missing, 1)
            document = weasyprint.HTML(string=padded, url_fetcher=_fetcher()).render(
                **PDF_OPTIONS)
        data = document.write_pdf(pdf_identifier=identifier.encode("ascii"), **PDF_OPTIONS)
    finally:
        logger.removeHandler(handler)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(out)
    return {"pages": len(document.pages), "size": len(data),
            "seconds": round(time.perf_counter() - started, 3),
            "cpu": round(time.process_time() - cpu, 3), "warnings": handler.messages}


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(out)


def render_checklist(html: str, out: Path) -> dict:
    """A checklist's PDF, exactly as the build renders it in its own process
    (handreiking.checklists.downloads.render_pdf), written to `out`."""
    from handreiking.checklists.downloads import render_pdf

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        data = render_pdf(html)
    finally:
        logger.removeHandler(handler)
    _write(out, data)
    return {"pages": 0, "size": len(data), "seconds": round(time.perf_counter() - started, 3),
            "cpu": round(time.process_time() - cpu, 3), "warnings": handler.messages}


def speed_up_pydyf() -> None:
    """Make pydyf's `PDF.page_references` compute its tuple once per page count.

    WeasyPrint's PDF/UA tagging asks for it once per tagged box (about 9,000 times for the
    60-page handreiking), and pydyf rebuilds the tuple of every page's reference each time:
    about 4% of a render's CPU. The answer only changes when a page is added, so caching it on
    the number of pages gives the same bytes (tests/test_pdf_pool.py checks that).
    """
    import pydyf
    original = pydyf.PDF.page_references
    if getattr(original.fget, "_handreiking_cached", False):
        return

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_handreiking_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(self))
            self.__dict__["_handreiking_page_references"] = cached
        return cached[1]
    prop = property(page_references)
    prop.fget._handreiking_cached = True
    pydyf.PDF.page_references = prop


def main() -> int:
    """Worker loop: one JSON job per input line, one JSON answer per output line."""
    import weasyprint  # noqa: F401  (warm up while the build goes on)
    speed_up_pydyf()
    logger = logging.getLogger("weasyprint")
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            html = Path(job["html"]).read_text(encoding="utf-8")
            if job.get("checklist"):
                answer = render_checklist(html, Path(job["out"]))
            else:
                answer = render(html, Path(job["out"]), job["identifier"], job.get("pad_to", 0))
            answer["error"] = None
        except Exception as exc:  # report, keep serving the other jobs
            answer = {"pages": 0, "size": 0, "seconds": 0, "cpu": 0, "warnings": [],
                      "error": f"{type(exc).__name__}: {exc}"}
        answer["key"] = job["key"]
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

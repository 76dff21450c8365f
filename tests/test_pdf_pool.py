"""The shared pool of PDF workers (handreiking.pdf.pool) with the real worker process:
urgent jobs first, then the largest; a worker that dies answers with an error instead of
hanging the build; an unused prestarted worker does not delay the end; and the worker's pydyf
speed-up gives the same bytes."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from handreiking.pdf.pool import WorkerPool  # noqa: E402


SMALL = ("<!doctype html><html lang='nl'><head><title>t</title></head><body>"
         "<h1>Titel</h1>{body}</body></html>")


def _env():
    return dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))


def _job(tmp: Path, name: str, paragraphs: int) -> tuple[dict, int]:
    html = SMALL.format(body="<p>Zakelijke berichten bewaren.</p>" * paragraphs)
    source = tmp / f"{name}.html"
    source.write_text(html, encoding="utf-8")
    return ({"key": name, "html": str(source), "out": str(tmp / f"{name}.pdf"),
             "identifier": "0" * 32}, len(html))


def test_one_worker_takes_urgent_jobs_first_then_the_largest(tmp_path):
    pool = WorkerPool(workers=1, env=_env())
    try:
        jobs = [("klein", 1, 1), ("groot", 40, 1), ("dringend", 1, 0), ("middel", 10, 1)]
        # Keep the worker busy first, so the others wait in the pool's queue together.
        first, size = _job(tmp_path, "eerste", 1)
        pool.submit(first, size, priority=0)
        for name, paragraphs, priority in jobs:
            job, size = _job(tmp_path, name, paragraphs)
            pool.submit(job, size, priority=priority)
        answers = pool.wait(["eerste"] + [name for name, _, _ in jobs])
        pool.close()
    finally:
        pool.kill()
    assert all(a["error"] is None for a in answers.values()), answers
    assert list(pool.answers) == ["eerste", "dringend", "groot", "middel", "klein"]
    for name in answers:
        assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF-")
    assert pool.started == 1


def test_two_workers_share_the_jobs(tmp_path):
    pool = WorkerPool(workers=2, env=_env())
    try:
        names = []
        for i in range(6):
            job, size = _job(tmp_path, f"doc{i}", 5)
            pool.submit(job, size)
            names.append(f"doc{i}")
        answers = pool.wait(names)
        pool.close()
    finally:
        pool.kill()
    assert pool.started == 2
    assert sorted(answers) == names and not any(a["error"] for a in answers.values())


def test_a_worker_that_dies_answers_with_an_error(tmp_path):
    pool = WorkerPool(workers=1, env=_env())
    try:
        job, size = _job(tmp_path, "lang", 400)
        pool.submit(job, size)
        other, size = _job(tmp_path, "daarna", 1)
        pool.submit(other, size)
        time.sleep(0.5)
        pool._procs[0].kill()           # the worker crashes mid-job
        answers = pool.wait(["lang", "daarna"])
    finally:
        pool.kill()
    assert "stopte onverwacht" in (answers["lang"]["error"] or "")
    assert "stopte onverwacht" in (answers["daarna"]["error"] or "")


def test_an_unused_prestarted_worker_is_not_waited_for(tmp_path):
    pool = WorkerPool(workers=1, env=_env())
    pool.prestart()
    started = time.perf_counter()
    pool.close()
    assert time.perf_counter() - started < 0.5
    assert pool._procs[0].returncode != 0     # killed, not waited for


def test_pydyf_speed_up_gives_the_same_bytes():
    from handreiking.pdf import worker
    import pydyf
    import weasyprint
    html = SMALL.format(body="".join(f"<h2>Kop {i}</h2><p>Tekst {i}.</p><p style='break-after:"
                                     f" page'>Meer.</p>" for i in range(4)))
    before = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"1" * 32,
                                                    **worker.PDF_OPTIONS)
    original = pydyf.PDF.page_references
    try:
        worker.speed_up_pydyf()
        assert pydyf.PDF.page_references is not original
        after = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"1" * 32,
                                                       **worker.PDF_OPTIONS)
    finally:
        pydyf.PDF.page_references = original
    import io
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(before))
    assert len(reader.pages) >= 4 and "/StructTreeRoot" in reader.trailer["/Root"]
    assert after == before

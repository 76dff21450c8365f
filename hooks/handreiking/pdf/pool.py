"""One pool of PDF worker processes for a whole build: checklist PDFs and product PDFs.

Each worker (`python -m handreiking.pdf.worker`) imports WeasyPrint once (about a second of CPU)
and then renders job after job. The pool keeps the jobs itself and hands a worker its next job
only when the worker answered the previous one ("pull"): no worker sits idle while another still
has a queue, whatever the jobs' real sizes turn out to be. The most urgent jobs go first
(`priority`: lower first; the build waits for the checklist PDFs, so they come before the
product PDFs), and of equally urgent jobs the largest first.

A reader thread per worker takes its answers; the build's own thread only submits and waits.
Nothing here depends on MkDocs.
"""
from __future__ import annotations

import heapq
import itertools
import json
import os
import subprocess
import sys
import threading


_ENDED = "(ended)"   # in WorkerPool._busy: this worker's process has ended


def default_workers() -> int:
    """Worker processes: $HANDREIKING_PDF_WORKERS, else one per core, at most two."""
    env = os.environ.get("HANDREIKING_PDF_WORKERS", "")
    return max(1, int(env)) if env.isdigit() else max(1, min(2, os.cpu_count() or 1))


class WorkerPool:
    """Worker processes that render the jobs submitted to them; see the module docstring.

    A job is the worker's JSON job (see handreiking.pdf.worker) with a unique "key"; its answer
    is the worker's JSON answer. `wait()` returns answers; a worker that dies answers all its
    jobs, and every job still queued, with an error.
    """

    def __init__(self, workers: int | None = None, python: str = sys.executable,
                 env: dict | None = None):
        self.max_workers = workers or default_workers()
        self.python = python
        self.env = dict(env if env is not None else os.environ)
        self.env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        self._lock = threading.Condition()
        self._queue: list = []              # (priority, -size, order, job)
        self._order = itertools.count()
        self._procs: list[subprocess.Popen] = []
        self._busy: dict[int, str | None] = {}   # worker index -> key of its job (None: idle)
        self._used: dict[int, bool] = {}         # worker index -> was ever given a job
        self._threads: list[threading.Thread] = []
        self.answers: dict[str, dict] = {}
        self._closed = False

    # --- workers ---------------------------------------------------------------------------
    def _spawn(self) -> int:
        proc = subprocess.Popen([self.python, "-m", "handreiking.pdf.worker"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                encoding="utf-8", env=self.env)
        index = len(self._procs)
        self._procs.append(proc)
        self._busy[index] = None
        self._used[index] = False
        thread = threading.Thread(target=self._read, args=(index, proc), daemon=True,
                                  name=f"pdf-worker-{index}")
        self._threads.append(thread)
        thread.start()
        return index

    def prestart(self) -> None:
        """Start one worker now, so it imports WeasyPrint while the build does other work."""
        with self._lock:
            if not self._procs and not self._closed:
                self._spawn()

    def _send(self, index: int, job: dict) -> None:
        """Give worker `index` its next job (called with the lock held)."""
        self._busy[index] = job["key"]
        self._used[index] = True
        try:
            self._procs[index].stdin.write(json.dumps(job) + "\n")
            self._procs[index].stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the reader thread sees the worker end and answers with an error

    def _dispatch(self) -> None:
        """Hand queued jobs to idle workers, starting workers while that helps (lock held)."""
        while self._queue:
            idle = [i for i, key in self._busy.items()
                    if key is None and self._procs[i].poll() is None]
            if not idle:
                if len(self._procs) >= self.max_workers:
                    return
                idle = [self._spawn()]
            job = heapq.heappop(self._queue)[3]
            self._send(idle[0], job)

    def _read(self, index: int, proc: subprocess.Popen) -> None:
        """Reader thread of one worker: record its answers and feed it its next job."""
        for line in proc.stdout:
            if not line.strip():
                continue
            answer = json.loads(line)
            with self._lock:
                self.answers[answer["key"]] = answer
                self._busy[index] = None
                self._dispatch()
                self._lock.notify_all()
        proc.wait()
        with self._lock:
            key = self._busy.get(index)
            self._busy[index] = _ENDED          # never given a job again
            if key is not None and key not in self.answers:
                self.answers[key] = _failed(key, proc.returncode)
            if not any(p.poll() is None for p in self._procs):
                while self._queue:             # nobody left to render them
                    job = heapq.heappop(self._queue)[3]
                    self.answers[job["key"]] = _failed(job["key"], proc.returncode)
            self._lock.notify_all()

    # --- jobs ------------------------------------------------------------------------------
    def submit(self, job: dict, size: int, priority: int = 1) -> None:
        """Queue one job; `size` (e.g. the HTML's length) orders equally urgent jobs."""
        with self._lock:
            if self._closed:
                raise RuntimeError("pool closed")
            heapq.heappush(self._queue, (priority, -size, next(self._order), job))
            self._dispatch()

    def wait(self, keys) -> dict[str, dict]:
        """Block until every job in `keys` has its answer; return those answers."""
        keys = list(keys)
        with self._lock:
            self._lock.wait_for(lambda: all(k in self.answers for k in keys))
            return {k: self.answers[k] for k in keys}

    def close(self) -> None:
        """Wait for every submitted job, then let the workers end (end of input)."""
        with self._lock:
            self._lock.wait_for(lambda: not self._queue and all(
                key is None or key == _ENDED for key in self._busy.values()))
            self._closed = True
        for proc in self._procs:
            try:
                proc.stdin.close()
            except OSError:
                pass
        for index, (proc, thread) in enumerate(zip(self._procs, self._threads)):
            if not self._used[index]:
                proc.kill()          # prestarted, never used: don't wait for its start-up
            proc.wait()
            thread.join()

    def kill(self) -> None:
        """Stop every worker now (build error, serve restart)."""
        with self._lock:
            self._closed = True
            self._queue.clear()
        for proc in self._procs:
            if proc.poll() is None:
                proc.kill()
        for proc, thread in zip(self._procs, self._threads):
            proc.wait()
            thread.join(timeout=5)

    @property
    def started(self) -> int:
        """How many worker processes this pool started."""
        return len(self._procs)


def _failed(key: str, code) -> dict:
    return {"key": key, "pages": 0, "size": 0, "seconds": 0, "cpu": 0, "warnings": [],
            "error": f"de pdf-worker stopte onverwacht (code {code})"}


_CURRENT: list[WorkerPool] = []


def set_current(pool: WorkerPool | None) -> None:
    """Make `pool` the build's shared pool (None: no shared pool)."""
    _CURRENT[:] = [pool] if pool is not None else []


def current() -> WorkerPool | None:
    """The build's shared pool, if the build made one."""
    return _CURRENT[0] if _CURRENT else None

"""Results of the page hooks on disk, for warm builds (`.cache/pages/`).

A page hook's output (trees, checklist widgets, written-out abbreviations, content markers) is a
pure function of its input HTML, the page, the language and the project's files. `begin()` (the
content hook's on_config, the first hook of every language pass) takes the project stamp
(handreiking.core.filecache.project_stamp: docs/, data/, checklists/, overrides/, mkdocs.yml,
the package's code and templates) plus what else a build reads (this glue's code, library
versions, config file, site_url, the HANDREIKING_* environment). `page()` looks a result up under a hash of all that and its input,
and stores a miss; any edit anywhere gives a new stamp, so nothing stale is ever used.

Errors are not stored: a hook that raises stores nothing and raises again next time.
`HANDREIKING_NO_CACHE=1` switches this off. `finish()` (after the last language) removes
results no build has used for a while.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Callable

from handreiking.core.filecache import (enabled, file_stamp, passed, project_stamp,
                                        store_atomic)

FOLDER = Path(".cache") / "pages"
KEEP = 2000          # results kept at most (a build of this site uses about 250)
GRACE = 600.0        # a result touched this recently stays (another build may need it)


CHECKS = "build"   # .cache/build/passed-build: a whole build passed on these files


class _Memo:
    folder: Path | None = None
    stamp: str = ""
    used: set = set()
    checked = False


_M = _Memo()


def begin(config, root: Path, extra: tuple = ()) -> str | None:
    """Start a language pass; returns the stamp (None: the cache is off)."""
    if not enabled():
        _M.folder = None
        return None
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("HANDREIKING_")))
    stamp = project_stamp(root, (config.config_file_path, config.site_url, env, extra, _code()))
    if _M.folder != root / FOLDER or _M.stamp != stamp:
        _M.used = set()
    _M.folder, _M.stamp = root / FOLDER, stamp
    _M.checked = passed(root, CHECKS, stamp)
    return stamp


def _code() -> tuple:
    """This glue package's files and the versions of what renders the pages' fragments."""
    import jinja2
    import yaml
    glue = Path(__file__).resolve().parent
    files = tuple(file_stamp(path) for path in sorted(glue.glob("*.py")))
    return files, sys.version, jinja2.__version__, yaml.__version__


def checked() -> bool:
    """True when a whole build passed every check on exactly these files (recorded by the
    content hook after the last language): the hooks may skip their checks and load their
    data only when a page needs it."""
    return _M.folder is not None and _M.checked


def _key(kind: str, lang: str, url: str) -> bytes:
    return f"{_M.stamp}\0{kind}\0{lang}\0{url}\0".encode("utf-8")


def page(kind: str, lang: str, url: str, text: str, make: Callable[[], str]) -> str:
    """`make()` once per (kind, language, page address, input text, project stamp)."""
    if _M.folder is None:
        return make()
    digest = hashlib.sha256(_key(kind, lang, url) + text.encode("utf-8")).hexdigest()
    file = _M.folder / f"{digest}.html"
    _M.used.add(file.name)
    try:
        return file.read_text(encoding="utf-8")
    except OSError:
        pass
    out = make()
    store_atomic(file, out.encode("utf-8"))
    return out


def value(kind: str, lang: str, name: str, make: Callable[[], object]) -> object:
    """`make()` once per (kind, language, name, project stamp); the value is pickled (only
    this cache's own files are ever unpickled)."""
    if _M.folder is None:
        return make()
    file = _M.folder / f"{hashlib.sha256(_key(kind, lang, name)).hexdigest()}.pickle"
    _M.used.add(file.name)
    try:
        return pickle.loads(file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    out = make()
    store_atomic(file, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def finish() -> None:
    """After the last language: drop results of older builds beyond KEEP, oldest first."""
    if _M.folder is None:
        return
    try:
        entries = [e for e in os.scandir(_M.folder) if e.name not in _M.used]
    except OSError:
        return
    if len(entries) + len(_M.used) <= KEEP:
        return
    now = time.time()
    old = sorted((e.stat().st_mtime, e.path) for e in entries)
    for mtime, path in old[: len(entries) + len(_M.used) - KEEP]:
        if now - mtime > GRACE:
            try:
                os.remove(path)
            except OSError:
                pass

"""A small cache for data read from files: the build (once per language) and `handreiking check`
read the same YAML and Markdown several times per run; a file is parsed again only when it changes.

A value is stored under (kind, file, root, the file's stamp, extra dependencies). The stamp is the
file's modification time in nanoseconds, size and inode, so an edit (or an editor's save by
rename) gives a new key; for a file changed in the last two seconds also a hash of its bytes (the
file-system clock is coarse: two quick writes of the same size can share an mtime). `deps` names what else the value was made from (e.g. `folder_stamp(docs)`
for a model whose validation reads the guidance pages). A newer version of the same (kind, file,
root) replaces the older one, so `make serve` does not pile up stale entries.

Cached values are shared by every caller: they must never be mutated (YAML data from
`yamlload.load_shared` is read-only; models are treated as immutable by convention).
Errors are never cached: a broken file is read again on the next call and reports again.
`HANDREIKING_NO_CACHE=1` switches the cache off (every call loads).
"""
from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable

_CACHE: dict[tuple, Any] = {}
_LATEST: dict[tuple, tuple] = {}   # (kind, file, root) -> full key of the stored version
MAX_ENTRIES = 4096   # a 10x-size project keeps every page and data file
# Hits and misses per kind (for tests and for `python -m handreiking.filecache`-style checks).
STATS: Counter = Counter()


# A file changed less than this long ago may change again within the same clock tick without
# a new mtime (the file-system clock is coarse): its stamp then includes a hash of its bytes.
RACY_NS = 2_000_000_000


def _racy(st: os.stat_result) -> bool:
    return time.time_ns() - st.st_mtime_ns < RACY_NS


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


# Stat rows (path, mtime_ns, size, inode) that were once stamped with a content hash. Such a
# file keeps a hash in its stamp after the racy window, so its stamp does not change shape
# halfway through a build (a value cached during the first language pass, when the file was
# just saved, is found again in the second). The hash is taken again each time, so a
# same-size rewrite within one clock tick still gives a new stamp.
_HASHED: dict[tuple, None] = {}


def _stat_row(path: str, st: os.stat_result) -> tuple:
    row = (st.st_mtime_ns, st.st_size, st.st_ino)
    key = (path, *row)
    if _racy(st) or key in _HASHED:
        if len(_HASHED) >= MAX_ENTRIES:
            _HASHED.clear()
        _HASHED[key] = None
        return row + (_digest(path),)
    return row


def file_stamp(file: str | Path) -> tuple | None:
    """(mtime_ns, size, inode[, content hash when just changed]) of a file, or None when it
    cannot be read."""
    try:
        st = os.stat(file)
    except OSError:
        return None
    return _stat_row(os.path.abspath(file), st)


def folder_stamp(*folders: str | Path) -> tuple:
    """Stamp of every file below the folders (relative path, mtime_ns, size, inode), sorted.

    About 1 ms for the whole docs/, data/ and checklists/ of this project: cheap enough to take
    once per model load, and it changes whenever any file is added, removed or edited.
    """
    out: list[tuple] = []
    for folder in folders:
        top = os.fspath(folder)
        stack = [top]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(current))
            except OSError:
                out.append((current, None))
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue
                out.append((entry.path,) + _stat_row(os.path.abspath(entry.path), st))
    return tuple(sorted(out, key=lambda row: row[0]))


def project_stamp(root: str | Path, extra: Hashable = ()) -> str:
    """Digest of every file a build's output and checks can depend on: docs/, data/,
    checklists/, overrides/, mkdocs.yml and the package's own code and templates, plus `extra`
    (a few milliseconds)."""
    root = Path(root)
    package = Path(__file__).resolve().parent.parent
    code = tuple(file_stamp(path) for path in sorted(package.rglob("*"))
                 if path.is_file() and "__pycache__" not in path.parts)
    folders = [root / name for name in ("docs", "data", "checklists", "overrides")]
    stamp = (folder_stamp(*folders), code, file_stamp(root / "mkdocs.yml"), extra)
    return hashlib.sha256(repr(stamp).encode("utf-8")).hexdigest()


def _pass_file(root: str | Path, name: str) -> Path:
    return Path(root) / ".cache" / "build" / f"passed-{name}"


def passed(root: str | Path, name: str, stamp: str | None) -> bool:
    """True when the checks called `name` passed on exactly these inputs (`project_stamp`) in
    an earlier run: checks are pure functions of the files, so they need not run again."""
    if stamp is None or not enabled():
        return False
    try:
        return _pass_file(root, name).read_text(encoding="utf-8") == stamp
    except OSError:
        return False


def record_pass(root: str | Path, name: str, stamp: str | None) -> None:
    """Remember that the checks `name` passed on the inputs `stamp` (see `passed`)."""
    if stamp is None or not enabled():
        return
    store_atomic(_pass_file(root, name), stamp.encode("utf-8"))


def store_atomic(file: Path, data: bytes) -> None:
    """Write a cache file via a temporary file, so a build reading at the same time never sees
    half a file; a cache that cannot be written is skipped (the next build recomputes)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.tmp-{os.getpid()}")
        tmp.write_bytes(data)
        tmp.replace(file)
    except OSError:
        pass


def enabled() -> bool:
    return not os.environ.get("HANDREIKING_NO_CACHE")


def cached(file: Path, root: Path, loader: Callable[[], Any], kind: str = "",
           deps: Hashable = ()) -> Any:
    """`loader()` once per (kind, file, root, file stamp, deps); errors are not cached."""
    stamp = file_stamp(file)
    if stamp is None or not enabled():
        STATS[f"{kind}:uncached"] += 1
        return loader()
    ident = (kind, os.path.abspath(file), os.path.abspath(root))
    key = (*ident, stamp, deps)
    try:
        value = _CACHE[key]
    except KeyError:
        pass
    else:
        STATS[f"{kind}:hit"] += 1
        return value
    STATS[f"{kind}:miss"] += 1
    value = loader()
    old = _LATEST.get(ident)
    if old is not None:
        _CACHE.pop(old, None)
    if len(_CACHE) >= MAX_ENTRIES:
        _CACHE.clear()
        _LATEST.clear()
    _CACHE[key] = value
    _LATEST[ident] = key
    return value


def cached_many(files: Iterable[str | Path], root: Path, loader: Callable[[], Any],
                kind: str, name: str = "") -> Any:
    """`loader()` once per stamp of a whole set of files (e.g. every input of a check).

    `name` tells apart several values depending on the same files.
    """
    files = [os.fspath(f) for f in files]
    deps = tuple((f, file_stamp(f)) for f in files if not os.path.isdir(f))
    deps += folder_stamp(*(f for f in files if os.path.isdir(f)))
    # Stored under the first input (not the root folder, whose stamp changes with every
    # build folder made next to the sources).
    anchor = Path(files[0]) if files else Path(root)
    return cached(anchor, root, loader, f"{kind}:{name}", deps)


def clear() -> None:
    """Forget everything (tests)."""
    _CACHE.clear()
    _HASHED.clear()
    _LATEST.clear()
    STATS.clear()


def template_bytecode_cache(folder: str | Path | None = None):
    """A Jinja bytecode cache kept in memory for the life of the process, and in `folder` on
    disk when given (e.g. `.cache/jinja`): a warm build compiles no template at all.

    MkDocs makes a new theme environment for every build and i18n builds once per language, so
    every Material template was compiled again for each language and each `make serve` rebuild.
    Jinja stores a compiled template under its name and file and reuses it only while a
    checksum of the template's source still matches, so an edited template compiles again (the
    stored bytes also carry Jinja's and Python's version: another interpreter compiles again).
    """
    global _BYTECODE
    if _BYTECODE is None:
        import jinja2

        class _MemoryBytecodeCache(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}
                self.folder: Path | None = None

            def _file(self, key: str) -> Path | None:
                return self.folder / f"{key}.jbc" if self.folder is not None else None

            def load_bytecode(self, bucket) -> None:
                data = self.store.get(bucket.key)
                file = self._file(bucket.key)
                if data is None and file is not None:
                    try:
                        data = file.read_bytes()
                    except OSError:
                        data = None
                if data is not None:
                    bucket.bytecode_from_string(data)  # a stale checksum leaves code None
                    if bucket.code is not None:
                        self.store[bucket.key] = data

            def dump_bytecode(self, bucket) -> None:
                data = bucket.bytecode_to_string()
                self.store[bucket.key] = data
                file = self._file(bucket.key)
                if file is not None:
                    store_atomic(file, data)

            def clear(self) -> None:
                self.store.clear()

        _BYTECODE = _MemoryBytecodeCache()
    if folder is not None:
        _BYTECODE.folder = Path(folder)
    return _BYTECODE


_BYTECODE = None

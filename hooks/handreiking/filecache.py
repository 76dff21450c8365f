"""A small cache for data read from files: the build (once per language) and `handreiking check`
read the same YAML several times per run; a file is parsed again only when it changes."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

_CACHE: dict[tuple, Any] = {}
MAX_ENTRIES = 256


def cached(file: Path, root: Path, loader: Callable[[], Any], kind: str = "") -> Any:
    """`loader()` once per (kind, file, root, modification time, size); errors are not cached."""
    try:
        stat = Path(file).stat()
    except OSError:
        return loader()
    key = (kind, str(Path(file).resolve()), str(Path(root).resolve()), stat.st_mtime_ns,
           stat.st_size)
    if key not in _CACHE:
        if len(_CACHE) >= MAX_ENTRIES:
            _CACHE.clear()
        _CACHE[key] = loader()
    return _CACHE[key]

"""The project folder of the current MkDocs build; one helper for every adapter module."""
from __future__ import annotations

from pathlib import Path


def project_root(config) -> Path:
    """The folder of mkdocs.yml, absolute. MkDocs keeps the config path as given: with
    `mkdocs build -f mkdocs.yml` it is relative, and the pages' paths are absolute."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent

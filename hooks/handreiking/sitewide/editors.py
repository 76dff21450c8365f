"""Which files are for editors only: the editors' pages (`docs/redactie/`).

Readers never get them: the published build (`make site`, `handreiking build`, every version
`make publish` exports) leaves them out of the pages, the search index and the sitemap. Editors see
them in `make serve` (HANDREIKING_SERVE=1) and in an editors' build (`handreiking build
--redactie`, HANDREIKING_REDACTIE=1).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

from handreiking.core.langs import TRANSLATIONS

EDITOR_FOLDER = "redactie/"


def editors_build(environ: Mapping[str, str] | None = None) -> bool:
    """True in the live preview and in an explicit editors' build."""
    env = os.environ if environ is None else environ
    return env.get("HANDREIKING_SERVE") == "1" or env.get("HANDREIKING_REDACTIE") == "1"


def is_editor_file(src_uri: str, dest_uri: str = "", languages: tuple[str, ...] = TRANSLATIONS) -> bool:
    """True for a source or output path inside the editors' folder (any language).

    >>> is_editor_file("redactie/index.en.md")
    True
    >>> is_editor_file("x.md", "en/redactie/open-punten/index.html")
    True
    >>> is_editor_file("bronnen.md", "bronnen/index.html")
    False
    """
    paths = [src_uri.lstrip("/"), dest_uri.lstrip("/")]
    prefixes = [EDITOR_FOLDER] + [f"{lang}/{EDITOR_FOLDER}" for lang in languages]
    return any(p.startswith(prefix) for p in paths if p for prefix in prefixes)

"""The language of the current MkDocs pass (mkdocs-static-i18n runs every event once per
language); one helper for every adapter module."""
from __future__ import annotations

from handreiking.core.langs import SOURCE


def language(config) -> str:
    """The language being built: the i18n plugin's current language, else the source language."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or SOURCE

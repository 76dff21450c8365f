"""What a new language still needs in the content: per file, the texts without that language.

`missing_texts(root, "de")` counts, in every YAML file under data/ and checklists/, the language
blocks (mappings with the source language and at least one other known language) that lack
`de`, and for every source page in docs/ whose `x.de.md` does not exist, one missing page.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.core.docs import load_sources
from handreiking.core.errors import DataError, display_path
from handreiking.core.langs import LANGUAGES, SOURCE, page_name
from handreiking.core.project import yaml_files
from handreiking.core.yamlload import load_shared


def _blocks_without(node, lang: str) -> int:
    if isinstance(node, dict):
        keys = set(node)
        own = int(SOURCE in keys and bool(keys & set(LANGUAGES) - {SOURCE}) and lang not in keys)
        return own + sum(_blocks_without(v, lang) for v in node.values())
    if isinstance(node, list):
        return sum(_blocks_without(v, lang) for v in node)
    return 0


def missing_texts(root: Path, lang: str) -> dict[str, int]:
    """{file: number of texts without `lang`} for every file that has any."""
    root = Path(root)
    out: dict[str, int] = {}
    for file in yaml_files(root):
        try:
            count = _blocks_without(load_shared(file, root), lang)
        except DataError:
            continue  # the file's own check reports it
        if count:
            out[display_path(file, root)] = count
    sources = load_sources(root)
    for rel, source in sources.items():
        if source.lang == SOURCE and page_name(rel, lang) not in sources:
            out[source.shown] = 1
    return out

"""Search terms per page (data/zoekwoorden.yml): words readers type while the page uses others.

The build puts them in the page's metadata (`tags`, which Material's search weighs heavily) and
the page shows them ('Zoekwoorden' / 'Search terms' under the article): never hidden text.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.core.errors import DataError, Problem
from handreiking.core.filecache import cached
from handreiking.core.schema import load_valid
from handreiking.core.langs import LANGUAGES, source_page

FILE = Path("data") / "zoekwoorden.yml"


def load_keywords(root: Path) -> dict[str, dict[str, list[str]]]:
    """Dutch page path under docs/ -> {lang: [terms]}; {} without the file."""
    file = Path(root) / FILE
    if not file.is_file():
        return {}
    return cached(file, root, lambda: _load(root), "zoekwoorden")


def _load(root: Path) -> dict[str, dict[str, list[str]]]:
    data, shown = load_valid(Path(root) / FILE, root, "zoekwoorden")
    pages = data["pagina's"]
    problems = [Problem(shown, pages.line_of(page), f"pagina '{page}' bestaat niet in docs/; "
                        "gebruik het pad onder docs/, bijvoorbeeld bewindspersonen/regels.md.")
                for page in pages if not (Path(root) / "docs" / page).is_file()]
    if problems:
        raise DataError(problems)
    return {page: {lang: list(terms[lang]) for lang in LANGUAGES}
            for page, terms in pages.items()}


def terms_for(keywords: dict, src_uri: str, lang: str) -> list[str]:
    """The terms of one page (`x.md` or its translation `x.en.md`) in `lang`.

    >>> terms_for({"a/b.md": {"nl": ["x"], "en": ["y"]}}, "a/b.en.md", "en")
    ['y']
    """
    page = source_page(src_uri)
    return list(keywords.get(page, {}).get(lang, []))


def check(root: Path) -> list[Problem]:
    try:
        load_keywords(root)
    except DataError as exc:
        return list(exc.problems)
    return []

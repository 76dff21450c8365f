"""The one language list, and the language-dependent names of pages and URLs.

A language exists when the package has its catalogue (`i18n/<code>.yml`); the source language
comes first. Every other module asks this one instead of writing a language code:

>>> page_name("a/b.md", "en"), page_name("a/b.md", SOURCE), source_page("a/b.en.md")
('a/b.en.md', 'a/b.md', 'a/b.md')
>>> page_language("a/b.en.md"), page_language("a/b.md"), url_prefix("en"), url_prefix(SOURCE)
('en', 'nl', 'en/', '')
"""
from __future__ import annotations

from pathlib import Path

CATALOGUES = Path(__file__).parent.parent / "i18n"
SOURCE = "nl"  # the language the editors write in; served at the site root


def languages(folder: Path = CATALOGUES) -> tuple[str, ...]:
    """The source language, then every other language with a catalogue in `folder`."""
    others = sorted(p.stem for p in Path(folder).glob("*.yml") if p.stem != SOURCE)
    return (SOURCE, *others)


LANGUAGES = languages()
TRANSLATIONS = LANGUAGES[1:]


def page_name(page: str, lang: str) -> str:
    """The file of source page `page` ('a/b.md') in `lang`: 'a/b.md' or 'a/b.<lang>.md'."""
    return page if lang == SOURCE else page[: -len(".md")] + f".{lang}.md"


def page_language(rel: str) -> str:
    """The language of a page file: 'a/b.en.md' -> 'en', 'a/b.md' -> the source language."""
    for lang in TRANSLATIONS:
        if rel.endswith(f".{lang}.md"):
            return lang
    return SOURCE


def source_page(rel: str) -> str:
    """The source page of a page file: 'a/b.en.md' -> 'a/b.md'; other names unchanged."""
    lang = page_language(rel)
    return rel if lang == SOURCE else rel[: -len(f".{lang}.md")] + ".md"


def url_prefix(lang: str) -> str:
    """The URL folder of a language: '' for the source language, 'en/' for English."""
    return "" if lang == SOURCE else f"{lang}/"

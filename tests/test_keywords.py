"""Search terms (data/zoekwoorden.yml) are never hidden text: every page that has them shows them,
in its language, and they are in that page's search index entry as Material's tags."""
from __future__ import annotations

import html as _html
import json
from pathlib import Path

import pytest

from handreiking.core.errors import DataError
from handreiking.sitewide.keywords import load_keywords

ROOT = Path(__file__).resolve().parent.parent


def test_every_search_term_is_shown_on_its_page_and_indexed(site_dir):
    keywords = load_keywords(ROOT)
    assert keywords
    for page, langs in keywords.items():
        stem = page[:-len(".md")]
        rel = stem[:-len("index")] if stem.endswith("index") else stem + "/"
        for lang, terms in langs.items():
            prefix = "" if lang == "nl" else "en/"
            text = _html.unescape((site_dir / prefix / rel / "index.html").read_text(
                encoding="utf-8"))
            label = "Zoekwoorden" if lang == "nl" else "Search terms"
            assert f"<dt>{label}</dt>" in text, (lang, page)
            shown = text.split(f"<dt>{label}</dt>", 1)[1].split("</dd>", 1)[0]
            # abbreviations in a term may be written out after it: "DIV-loket (DIV: ...)"
            assert all(term in shown for term in terms), (lang, page, shown)
            index = json.loads((site_dir / prefix / "search" / "search_index.json").read_text(
                encoding="utf-8"))
            entry = next(d for d in index["docs"] if d["location"] == prefix + rel)
            assert entry.get("tags") == terms, (lang, page)


def test_unknown_page_in_search_terms_is_an_error(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "zoekwoorden.yml").write_text(
        "pagina's:\n  bestaat-niet.md:\n    nl: [a]\n    en: [b]\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_keywords(tmp_path)
    assert str(exc.value.problems[0]).startswith("data/zoekwoorden.yml:2: pagina 'bestaat-niet.md'")

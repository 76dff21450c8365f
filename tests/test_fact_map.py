"""The editors' fact map (docs/redactie/feitenkaart.md + .en.md) against the built site.

Every fact row links to `page.md#id` targets; each target must exist as an element id in the built
HTML of that page in the row's language. Both languages list the same facts with the same targets.
Personal data from the seeds never reaches the built site.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP = {"nl": ROOT / "docs/redactie/feitenkaart.md", "en": ROOT / "docs/redactie/feitenkaart.en.md"}
ROW = re.compile(r"^\|\s*(F\d{2,3})\s*\|(.*)\|\s*$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
OMITTED = {"nl": "Bewust weggelaten (persoonsgegevens)", "en": "Deliberately omitted (personal data)"}
# Personal data in the seeds (name, e-mail domain of the contact, internal meeting time).
PERSONAL = ["Heeten", "@minbzk.nl", "09.00-09.30", "09.00 - 09.30", "09:00-09:30"]


def fact_rows(lang: str) -> dict[str, list[str]]:
    """Fact number -> list of `page.md#id` targets (relative to docs/); [] for omitted rows."""
    rows: dict[str, list[str]] = {}
    for line in MAP[lang].read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if not m:
            continue
        number, rest = m.groups()
        assert number not in rows, f"{lang}: {number} staat twee keer in de feitenkaart"
        targets = []
        for href in LINK.findall(rest):
            target = posixpath.normpath(posixpath.join("redactie", href))
            assert not target.startswith(".."), f"{lang} {number}: link '{href}' wijst buiten docs/"
            targets.append(target)
        if not targets:
            assert OMITTED[lang] in rest, (
                f"{lang} {number}: geen verwijzing en niet gemarkeerd als '{OMITTED[lang]}'")
        rows[number] = targets
    return rows


def built_html(site: Path, lang: str, page: str) -> Path:
    """'ambtelijk/chat.md' -> site/[en/]ambtelijk/chat/index.html (use_directory_urls)."""
    stem = page[: -len(".md")]
    rel = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return site / ("en/" if lang == "en" else "") / rel / "index.html"


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, list[str]]]:
    return {lang: fact_rows(lang) for lang in MAP}


def test_fact_map_has_at_least_40_numbered_facts_in_both_languages(rows):
    for lang, facts in rows.items():
        numbers = list(facts)
        assert len(numbers) >= 40, f"{lang}: {len(numbers)} feiten, verwacht ten minste 40"
        expected = [f"F{i:02d}" for i in range(1, len(numbers) + 1)]
        assert numbers == expected, f"{lang}: nummering niet doorlopend: {numbers}"
        assert sum(1 for t in facts.values() if t) >= 40, f"{lang}: te weinig geplaatste feiten"
    assert rows["nl"] == rows["en"], "nl en en verwijzen niet naar dezelfde koppen per feit"


def test_every_fact_link_points_to_an_existing_heading_in_the_built_site(rows, site_dir):
    problems = []
    cache: dict[Path, str] = {}
    for lang, facts in rows.items():
        for number, targets in facts.items():
            for target in targets:
                page, _, anchor = target.partition("#")
                if not page.endswith(".md") or not anchor:
                    problems.append(f"{lang} {number}: '{target}' moet de vorm 'pagina.md#id' hebben")
                    continue
                html = built_html(site_dir, lang, page)
                if not html.is_file():
                    problems.append(f"{lang} {number}: pagina '{page}' niet gebouwd ({html})")
                    continue
                text = cache.setdefault(html, html.read_text(encoding="utf-8"))
                if f'id="{anchor}"' not in text:
                    problems.append(f"{lang} {number}: kop '#{anchor}' ontbreekt in {page}")
    assert not problems, "\n".join(problems)


def test_fact_map_page_is_built_in_both_languages(editors_site):
    for lang in MAP:
        html = built_html(editors_site, lang, "redactie/feitenkaart.md")
        assert html.is_file(), html
        text = html.read_text(encoding="utf-8")
        assert text.count("<tr>") >= 41, f"{html}: tabel met feiten ontbreekt"


def test_no_personal_data_from_the_seeds_in_the_built_site(site_dir):
    hits = []
    for path in site_dir.rglob("*"):
        if path.suffix not in {".html", ".json", ".txt", ".vtt", ".csv", ".ics", ".md", ".xml"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits += [f"{path.relative_to(site_dir)}: {word}" for word in PERSONAL if word in text]
    assert not hits, "\n".join(hits)

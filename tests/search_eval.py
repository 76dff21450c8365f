"""Reader questions through the site's own search box in headless Chromium (shared by
tests/test_search_answers.py and `make bench`).

Each question of tests/search/vragen.yml is typed into Material's search box on the home page of
its language; the top three results (Material lists one result per page, its matching sections
inside) count. A question is answered when one of its answering pages is in the top three; a
question about keeping or deleting (`first: true`) only when the first hit answers it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).resolve().parent / "search" / "vragen.yml"


@dataclass
class Outcome:
    q: str
    lang: str
    holdout: bool
    first: bool
    answers: list[str]
    top: list[str]

    @property
    def answered(self) -> bool:
        if self.first:
            return bool(self.top) and self.top[0] in self.answers
        return any(page in self.answers for page in self.top[:3])

    @property
    def editors(self) -> bool:
        return any("/redactie/" in page for page in self.top[:3])


def questions() -> list[dict]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["vragen"]


_READ = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const items = [...document.querySelectorAll('.md-search-result__item')].slice(0, 5);
  return [meta ? meta.textContent : '', items.map(li => {
      const a = li.querySelector('a'); return a ? new URL(a.href).pathname : ''; })];
}"""


def ask(page, base: str, lang: str, query: str) -> list[str]:
    """Type `query` into the search box of the `lang` home page; the result pages, best first."""
    start = base + ("/" if lang == "nl" else "/en/")
    if not page.url.startswith(start) or page.url != start:
        page.goto(start, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click(timeout=5_000)
    box.fill("")
    box.press_sequentially(query, delay=5)  # Material reacts to key events
    last, stable, deadline = None, 0, time.monotonic() + 30  # the first query waits for the index
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        meta, pages = page.evaluate(_READ)
        state = (meta, tuple(pages))
        busy = not meta or "nitiali" in meta  # 'Initializing search' / 'Zoeken initialiseren'
        stable = stable + 1 if state == last and not busy else 0
        last = state
        if stable >= 3:
            return [p for p in pages if p]
    return [p for p in last[1] if p] if last else []


def evaluate(browser, base: str, items: list[dict] | None = None) -> list[Outcome]:
    """Every question through the search box; one Outcome per question."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = ctx.new_page()
        out = []
        for item in items or questions():
            top = ask(page, base, item["lang"], item["q"])
            out.append(Outcome(item["q"], item["lang"], bool(item.get("holdout")),
                               bool(item.get("first")), list(item["answers"]), top))
        return out
    finally:
        ctx.close()


def rates(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """(answered, asked) for all, tuning, holdout, nl, en."""
    groups = {"alle": outcomes, "tuning": [o for o in outcomes if not o.holdout],
              "holdout": [o for o in outcomes if o.holdout],
              "nl": [o for o in outcomes if o.lang == "nl"],
              "en": [o for o in outcomes if o.lang == "en"]}
    return {name: (sum(o.answered for o in group), len(group)) for name, group in groups.items()}

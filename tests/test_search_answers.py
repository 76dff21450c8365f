"""Search that answers (issue 16): the reader questions of tests/search/vragen.yml, typed into the
site's own search box in headless Chromium (tests/search_eval.py).

At least 90% have an answering page in the top three (the held-out questions, never used for
tuning, reported separately), a question about keeping or deleting gets an answering first hit,
and no editors' page ever shows.
"""
from __future__ import annotations

import pytest

from search_eval import evaluate, questions, rates

pytestmark = pytest.mark.browser


def test_question_set_is_large_enough_and_points_at_built_pages(site_dir):
    items = questions()
    assert len(items) >= 40
    assert sum(1 for q in items if q.get("holdout")) >= 10
    assert {q["lang"] for q in items} == {"nl", "en"}
    for q in items:
        for page in q["answers"]:
            assert (site_dir / page.lstrip("/") / "index.html").is_file(), (q["q"], page)
            assert "/redactie/" not in page


def test_search_answers_reader_questions(site_dir, server, browser):
    outcomes = evaluate(browser, server)
    result = rates(outcomes)
    report = "\n".join(f"{'ok' if o.answered else '--'} [{o.lang}{' holdout' if o.holdout else ''}]"
                       f" {o.q!r}: {o.top[:3]}" for o in outcomes)
    print(report, result)
    answered, asked = result["alle"]
    assert answered >= 0.9 * asked, f"{answered}/{asked} beantwoord\n{report}"
    assert not [o.q for o in outcomes if o.editors], "redactiepagina in de zoekresultaten"
    wrong_first = [o.q for o in outcomes if o.first and not o.answered]
    assert len(wrong_first) <= 0.1 * sum(o.first for o in outcomes), wrong_first

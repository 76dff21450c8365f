"""The raw-HTML allowlist on the rendered HTML (issue 14): what Markdown and its extensions
produce, read with a real HTML parser after comments are cut where a browser cuts them."""
from __future__ import annotations

from pathlib import Path

import pytest

from handreiking.content import rendered
from handreiking.core.docs import Source, load_sources

ROOT = Path(__file__).resolve().parent.parent
HEAD = "---\nherzien: 2024-05-17\n---\n\n"


def _source(body: str) -> Source:
    text = HEAD + body
    return Source(ROOT / "docs" / "x.md", "x.md", "docs/x.md", text, len(HEAD), text)


HOSTILE = {
    "block attrs handler": ("/// note | Let op\n    attrs: {onclick: \"alert(1)\"}\n\nTekst\n///\n",
                            ("handler", "onclick")),
    "block attrs style": ("/// details | Meer\n    attrs: {style: \"position:fixed\"}\n\nTekst\n///\n",
                          ("attribute", "style")),
    "comment end variant": ("Tekst <!-- x --!> <img src=x onerror=alert(1)> -->\n",
                            ("handler", "onerror")),
    "empty comment": ("Tekst <!--> <img src=x onerror=alert(1)> -->\n", ("handler", "onerror")),
    "data image": ("![x](data:image/svg+xml;base64,PHN2Zz4=)\n", ("url", "data:image/svg+xml;b")),
    "script element": ("<script>alert(1)</script>\n", ("element", "script")),
    "iframe": ("<iframe src=\"https://example.org\"></iframe>\n", ("element", "iframe")),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_rendered_page_is_checked(name):
    body, (kind, what) = HOSTILE[name]
    found = rendered.html_findings(rendered.render(_source(body), ROOT))
    assert any(k == kind and n.startswith(what) for k, n, _ in found), found


def test_comment_variants_are_named():
    found = rendered.html_findings("<p>a<!-- x --!><b>b</b> --></p>")
    assert ("comment", "eindigt op '--!>'", "") in found


def test_a_page_with_a_block_handler_fails_with_its_line():
    problems = rendered.page_problems(_source(HOSTILE["block attrs handler"][0]), ROOT)
    assert [(p.path, p.line) for p in problems] == [("docs/x.md", 6)], problems


def test_every_page_of_the_site_passes():
    problems = [str(p) for s in load_sources(ROOT).values()
                for p in rendered.page_problems(s, ROOT)]
    assert problems == []

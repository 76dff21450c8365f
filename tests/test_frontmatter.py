"""Front matter is editor data (issue 14): one schema, the project's YAML loader, Dutch
`path:line` messages in `handreiking check` and in the build (before MkDocs parses the block),
and every value that reaches the HTML escaped.

Hostile text goes into every front-matter field of a page: text with markup is refused with the
field's line; text without markup that would break out of an attribute (`" onmouseover="...`)
passes the check and must come out of the build as text, never as an element, attribute or
script.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handreiking.cli import main
from handreiking.content import frontmatter

HERE = Path(__file__).resolve().parent
BASE = HERE / "corpus" / "base"
HOOKS = HERE.parent / "hooks"
BODY = "\n# Rules\n\n<!-- pdf-download: regels -->\n\nA short sentence.\n\n## Keeping {#bewaren}\n\n" \
       "Keep business messages.\n"
SCRIPT = "<script>alert(1)</script>"
# field -> (front-matter lines with hostile text, the line the message must name)
HOSTILE = {
    "title": (f"title: '{SCRIPT}'", 4),
    "description": ('description: "<meta http-equiv=refresh content=0;url=https://evil.example>"',
                    4),
    "bronnen": (f"bronnen:\n  - 'Bron'\n  - '<img src=x onerror=alert(1)>'", 6),
    "herzien": (f"herzien: '{SCRIPT}'", 2),
    "vertaald_van": (f"vertaald_van: '{SCRIPT}'", 3),
    "hide": (f"hide:\n  - '{SCRIPT}'", 5),
}


def _page(field: str, lines: str) -> str:
    head = ["herzien: 2024-05-17", "vertaald_van: a5de29244957"]
    if field == "herzien":
        head[0] = lines
    elif field == "vertaald_van":
        head[1] = lines
    else:
        head.append(lines)
    return "---\n" + "\n".join(head) + "\n---\n" + BODY


def _project(tmp_path: Path, page: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    (root / "docs" / "regels.en.md").write_text(page, encoding="utf-8")
    return root


@pytest.mark.parametrize("field", sorted(HOSTILE))
def test_hostile_text_in_every_field_is_refused_with_its_line(field, tmp_path, capsys):
    lines, line = HOSTILE[field]
    root = _project(tmp_path, _page(field, lines))
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"docs/regels.en.md:{line}: paginagegevens: " in err, err
    assert field in err.split(f"docs/regels.en.md:{line}: ")[1].splitlines()[0]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def _build(root: Path, site: Path) -> subprocess.CompletedProcess:
    (root / "mkdocs.yml").write_text(
        "site_name: corpus\ntheme:\n  name: material\n"
        f"  custom_dir: {HERE.parent / 'overrides'}\n"
        f"hooks:\n  - {HOOKS / 'site_meta.py'}\n  - {HOOKS / 'content.py'}\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=root, capture_output=True, text=True, env=env)


def test_text_that_passes_the_check_comes_out_as_text(tmp_path, capsys):
    breakout = '" onmouseover="alert(1)'
    page = ("---\nherzien: 2024-05-17\nvertaald_van: a5de29244957\n"
            f"title: 'A & B {breakout}'\n"
            "description: 'x\" http-equiv=\"refresh\" content=\"0;url=https://evil.example'\n"
            f"bronnen:\n  - 'Bron {breakout} & co'\n---\n" + BODY)
    root = _project(tmp_path, page)
    assert main(["check", "--root", str(root)]) == 0, capsys.readouterr().err
    result = _build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    seen = ""
    for html in pages:
        text = html.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(text)
        for tag, attrs in parser.found:
            names = {name for name, _ in attrs}
            assert "onmouseover" not in names, (html, tag, attrs)
            assert not (tag == "meta" and ("http-equiv", "refresh") in attrs), html
            assert not any("evil.example" in (v or "") for n, v in attrs if n != "content"), html
        assert not any("alert(1)" in s for s in parser.scripts), html
        seen += text
    # The values are on the page, as text.
    assert "Bron &quot; onmouseover=&quot;alert(1) &amp; co" in seen
    assert "A &amp; B &quot; onmouseover" in seen


def test_the_build_refuses_broken_front_matter_with_the_checks_message(tmp_path, capsys):
    """`mkdocs build` and `make serve` run no `handreiking check`: the content hook refuses."""
    root = _project(tmp_path, _page("title", HOSTILE["title"][0]))
    main(["check", "--root", str(root)])
    errors = [row for row in capsys.readouterr().err.splitlines() if row.startswith("docs/")]
    assert errors
    result = _build(root, tmp_path / "site")
    assert result.returncode == 1
    for error in errors:
        assert error in result.stderr
    assert not (tmp_path / "site" / "regels.en").exists()


def test_escape_meta_escapes_every_text():
    meta = {"title": SCRIPT, "bronnen": ['"><img src=x onerror=alert(1)>'], "hide": ["toc"],
            "herzien": __import__("datetime").date(2024, 5, 17)}
    out = frontmatter.escape_meta(meta)
    assert "<" not in out["title"] and '"' not in out["bronnen"][0]
    assert out["hide"] == ["toc"] and out["herzien"] == meta["herzien"]

"""Injection: HTML, event handlers and script links in editor texts never reach a reader live.

Two layers, both tested:

1. Refusal. `<script>`, `<img onerror>`, `[x](javascript:...)` and `"><svg onload>` in the YAML
   texts of a decision tree, a checklist, the glossary and the timeline (a temporary copy of the
   real project) make `handreiking check` fail with the exact file, line and a clear message, and
   make a plain `mkdocs build --strict` fail too. Raw HTML in docs/ is limited to an allowlist.
2. Inert output when validation is bypassed (defence in depth): the renderers escape the same
   texts in the HTML, keep the `<script type="application/json">` blocks unbreakable, and the
   downloads (CSV formula injection, ICS line injection, text, PDF) stay harmless.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html.parser
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.content import check as content_check
from handreiking.checklists.model import load_all, render_widget
from handreiking.checklists.downloads import (csv_bytes, ics_bytes, print_html, render_pdf,
                                              txt_bytes)
from handreiking.cli import main
from handreiking.glossary import Term, expand_abbreviations, render_glossary
from handreiking.core.project import current_version
from handreiking.timeline import Event, Moment, render_timeline
from handreiking.core.yamlload import line_at, load

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[x](javascript:alert(1))"
SVG = '"><svg onload=alert(1)>'
BREAKOUT = "</script><script>alert(1)</script>"
PAYLOADS = (SCRIPT, IMG, JS_LINK, SVG)

# Where each payload goes: file, path to a text in it (nl and en of two texts).
TARGETS = {
    "checklists/trees/soort-bericht.yml": [("vragen", 0, "tekst", "nl"), ("vragen", 0, "tekst", "en"),
                                           ("vragen", 0, "antwoorden", 0, "tekst", "nl"),
                                           ("vragen", 0, "antwoorden", 0, "tekst", "en")],
    "checklists/telefooninstellingen.yml": [("items", 0, "tekst", "nl"), ("items", 0, "tekst", "en"),
                                            ("items", 1, "tekst", "nl"), ("items", 1, "tekst", "en")],
    "data/begrippen.yml": [("begrippen", 0, "uitleg", "nl"), ("begrippen", 0, "uitleg", "en"),
                           ("begrippen", 1, "uitleg", "nl"), ("begrippen", 1, "uitleg", "en")],
    "data/tijdlijn.yml": [("tijdlijn", 0, "tekst", "nl"), ("tijdlijn", 0, "tekst", "en"),
                          ("tijdlijn", 1, "tekst", "nl"), ("tijdlijn", 1, "tekst", "en")],
}
# Key part of the message each payload must give (trees name the node; the rest the path).
TREE_MESSAGE = {SCRIPT: "bevat HTML ('<script>aler')", IMG: "bevat HTML ('<img src=x o')",
                JS_LINK: "linkt naar 'javascript:alert(1'", SVG: "bevat HTML ('<svg onload=')"}
DATA_MESSAGE = {SCRIPT: "tekst bevat HTML ('<script>alert(1)</script>')",
                IMG: "tekst bevat HTML ('<img src=x onerror=alert(1)>')",
                JS_LINK: "tekst bevat een link die code uitvoert of gegevens insluit "
                         "('javascript:')",
                SVG: "tekst bevat HTML ('<svg onload=alert(1)>')"}


# ---------------------------------------------------------------------------------------------
# Helpers


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert(fragment: str, *visible: str, diagram: bool = False) -> None:
    """No live element, handler or script URL; each `visible` text shown literally. With
    `diagram`, the one inline SVG the renderer draws itself (role="img") is allowed."""
    parsed = Elements(fragment)
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    if diagram:
        assert len(svgs) == 1 and svgs[0].get("role") == "img", svgs
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "object", "embed"), (tag, attrs)
        assert tag != "svg" or diagram, (tag, attrs)
        if tag == "script":
            assert attrs.get("type") == "application/json", attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), (tag, name)
    shown = "".join(parsed.text)
    for text in visible:
        assert text in shown, text


def json_blocks(fragment: str) -> list:
    """Decoded `<script type="application/json">` blocks, each cut at its first `</script>`
    as a browser does: a break-out would leave invalid JSON."""
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', fragment, re.S)
    assert blocks
    return [json.loads(b) for b in blocks]


def plant(file: Path, path: tuple, payload: str) -> int:
    """Replace the one-line text at `path` of a YAML file with `payload`; return its line."""
    line = line_at(load(file, file.parent), list(path))
    rows = file.read_text(encoding="utf-8").split("\n")
    m = re.match(r"^(\s*(?:- )?[\w-]+:\s)", rows[line - 1])
    assert m, rows[line - 1]
    rows[line - 1] = m.group(1) + "'" + payload + "'"
    file.write_text("\n".join(rows), encoding="utf-8")
    return line


# ---------------------------------------------------------------------------------------------
# 1. Refusal


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, list[str]]:
    """A copy of the project's sources with the four payloads in four kinds of data file;
    returns the folder and the expected `path:line: key` errors."""
    dest = tmp_path_factory.mktemp("hostile") / "project"
    dest.mkdir()
    for name in ("mkdocs.yml", "DESIGN.md"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("data", "checklists", "docs", "hooks", "overrides"):
        shutil.copytree(ROOT / folder, dest / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    expected = []
    for rel, paths in TARGETS.items():
        for path, payload in zip(paths, PAYLOADS):
            line = plant(dest / rel, path, payload)
            if rel.startswith("checklists/trees/"):
                expected.append(f"{rel}:{line}: " + TREE_MESSAGE[payload])
            else:
                where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path)
                expected.append(f"{rel}:{line}: {where.lstrip('.')}: " + DATA_MESSAGE[payload])
    return dest, expected


def test_check_refuses_html_and_script_links_in_yaml_texts(hostile, capsys):
    root, expected = hostile
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # Changing a Dutch text also makes its English stale; that bookkeeping message is not
    # what this test counts.
    errors = [row for row in err.splitlines() if re.match(r"^\S+:\d+: ", row)
              and "sinds de vertaling" not in row]
    for want in expected:
        prefix = want[: want.index(": ") + 2]
        key = want[len(prefix):]
        assert any(row.startswith(prefix) and key in row for row in errors), (want, errors)
    assert len(errors) == len(expected), "\n".join(errors)


def test_plain_mkdocs_build_refuses_them_too(hostile, tmp_path):
    root, expected = hostile
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                         cwd=root, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                              "HANDREIKING_NO_PDF": "1", "HOME": str(tmp_path)})
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    # The first data file the content hook reads that is hostile, with its line.
    assert any(want.split(": ")[0] + ":" in run.stderr for want in expected
               if want.startswith("data/")), run.stderr[-2000:]
    assert not (out / "index.html").exists()


@pytest.mark.parametrize("markdown, message", [
    ("<script>alert(1)</script>", "HTML-element <script> is niet toegestaan"),
    ("<SCRIPT\nsrc=x></SCRIPT>", "HTML-element <script> is niet toegestaan"),
    ("<script\nalert(1)</script>", "HTML-element <script> is niet toegestaan"),
    ("<iframe src='https://example.org'></iframe>", "HTML-element <iframe> is niet toegestaan"),
    ('<img src=x onerror="alert(1)">', "HTML-element <img> is niet toegestaan"),
    ('"><svg onload=alert(1)>', "HTML-element <svg> is niet toegestaan"),
    ('<span onclick="alert(1)">x</span>', "attribuut 'onclick' (script bij een gebeurtenis)"),
    ('<p style="color:red">x</p>', "attribuut 'style' in <p> is niet toegestaan"),
    ("## Kop {: onmouseover=\"alert(1)\" }", "attribuut 'onmouseover' in een attributenlijst"),
    ("[x](javascript:alert(1))", "link 'javascript:alert(1' voert code uit"),
    ("[x](JavaScript:alert(1))", "link 'JavaScript:alert(1' voert code uit"),
    ("[a]: javascript:alert(1)\n\nZie [x][a].", "link 'javascript:alert(1)' voert code uit"),
    ("<javascript:alert(1)>", "link 'javascript:alert(1)' voert code uit"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "voert code uit of bevat ingesloten gegevens"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "link 'data:text/html;base64,PHNjcmlwdD4=' "),
    ("![x](https://tracker.example/pixel.gif)", "afbeelding 'https://tracker.example/pixel.gif' "
                                                "komt van een andere website"),
])
def test_raw_html_and_script_links_in_markdown_are_refused(markdown, message):
    text = "# Titel\n\nEen zin.\n\n" + markdown + "\n"
    problems = [str(p) for p in content_check.page_problems(text, "a/b.md", ROOT)]
    assert len(problems) == 1 and problems[0].startswith("docs/a/b.md:5: "), problems
    assert message in problems[0]


def test_harmless_markdown_passes():
    text = ("# Titel\n\n<https://example.org> en <naam@example.org>, [link](https://x.nl), "
            "`<script>` in code, 5 < 6 en <span class=\"x\" lang=\"en\">y</span>.\n\n"
            "```html\n<script>alert(1)</script>\n```\n\n![Schema](schema.svg)\n")
    assert content_check.page_problems(text, "a/b.md", ROOT) == []


# ---------------------------------------------------------------------------------------------
# 2. Inert output when validation is bypassed


HOSTILE = {"nl": f"{SCRIPT} {IMG} {JS_LINK} {SVG} {BREAKOUT}",
           "en": f"{SVG} {BREAKOUT} {SCRIPT} {IMG} {JS_LINK}"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_glossary_escapes_hostile_texts(lang):
    term = Term("xyz", "afkorting", {"nl": "XYZ", "en": "XYZ"}, dict(HOSTILE), dict(HOSTILE), 1)
    assert_inert(render_glossary([term], lang), HOSTILE[lang])
    page = expand_abbreviations("<p>De XYZ en de XYZ.</p>", [term], lang)
    assert_inert(page, HOSTILE[lang])
    assert Elements(page).tags[-1] == ("abbr", {"title": HOSTILE[lang]})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_timeline_escapes_hostile_texts(lang):
    event = Event(Moment(2024, 5, 17), None, None, dict(HOSTILE), dict(HOSTILE), None, 1)
    assert_inert(render_timeline([event], lang), HOSTILE[lang])


@pytest.fixture(scope="module")
def evil_checklist():
    """A real checklist with monthly items, its texts replaced by hostile ones."""
    checklist = load_all(ROOT)["maandelijks-veiligstellen"]
    items = tuple(dataclasses.replace(i, text=dict(HOSTILE), explanation={
        "nl": "=HYPERLINK(\"https://x\")\r\nBEGIN:VEVENT\r\nSUMMARY:nep",
        "en": "\tnext\rline\nEND:VCALENDAR"}) for i in checklist.items)
    return dataclasses.replace(checklist, items=items, title={"nl": HOSTILE["nl"],
                                                              "en": "@SUM(1)\r\nX-EVIL:1"})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_widget_and_browser_json_are_inert(evil_checklist, lang):
    html = render_widget(evil_checklist, lang, current_version(ROOT), full=True,
                         url_for=lambda kind, value: "../x/", docs=ROOT / "docs", root=ROOT)
    assert_inert(html, HOSTILE[lang])
    (data,) = json_blocks(html)
    assert {i["text"] for i in data["items"]} == {HOSTILE[lang]}


def test_tree_page_diagram_and_browser_json_are_inert(tmp_path):
    from handreiking.trees import render as R
    from handreiking.trees.model import Context, parse_tree
    text = (ROOT / "tests" / "fixtures" / "trees" / "geldig.yml").read_text(encoding="utf-8")
    for plain in ('"Is het zakelijk?"', '"Is it business?"', '"Bewaren"', '"Keep"'):
        text = text.replace(plain, json.dumps(HOSTILE["nl"]), 1)
    file = tmp_path / "kwaad.yml"
    file.write_text(text, encoding="utf-8")
    tree, problems = parse_tree(file, Context(tmp_path, ROOT / "docs", set(), set()))
    assert tree is not None and any("bevat HTML" in p.message for p in problems)
    site = R.site_for(ROOT, {tree.slug: tree})
    for lang in ("nl", "en"):
        links = R.Links(lang, "beslisbomen/kwaad/")
        page = R.render_tree(tree, lang, site, links) + R.render_overview(tree, lang, site, links)
        assert_inert(page, SCRIPT, IMG, SVG, BREAKOUT, diagram=True)
        assert "javascript" not in page.lower()
        assert all(b["boom"] == "kwaad" for b in json_blocks(page))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_csv_neutralises_every_formula_start(evil_checklist, lang):
    starts = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
    items = tuple(dataclasses.replace(i, text={"nl": s, "en": s}, explanation={"nl": s, "en": s})
                  for i, s in zip(evil_checklist.items * 6, starts))
    raw = csv_bytes(dataclasses.replace(evil_checklist, items=items), lang).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=";" if lang == "nl" else ","))
    cells = [cell for row in rows[1:] for cell in row]
    assert {c for c in cells if c.lstrip("'") in starts} == {"'" + s for s in starts}
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_ics_has_no_injected_lines(evil_checklist, lang):
    from icalendar import Calendar
    raw = ics_bytes(evil_checklist, lang, current_version(ROOT))
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and not any(b"\r" in ln or b"\n" in ln for ln in lines)
    names = [ln.split(b":")[0] for ln in lines if ln and not ln.startswith(b" ")]
    monthly = len(evil_checklist.monthly())
    assert names.count(b"BEGIN") == 1 + 2 * monthly      # calendar, events and their alarms
    assert b"X-EVIL" not in names and b"SUMMARY" in names
    cal = Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == monthly
    assert all(HOSTILE[lang] in str(e["SUMMARY"]) for e in events)
    assert all("BEGIN:VEVENT" in str(e["DESCRIPTION"]) or "END:VCALENDAR" in str(e["DESCRIPTION"])
               for e in events)  # the text survives, as text


def test_browser_made_ics_escapes_a_lone_carriage_return(tmp_path):
    """checklists.js builds the personal plan (.ics) in the browser: run its escaping with
    Node on the same hostile text."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    js = (ROOT / "overrides" / "assets" / "js" / "checklists.js").read_text(encoding="utf-8")
    functions = [re.search(rf"  function {name}\(.*?\n  }}\n", js, re.S).group(0)
                 for name in ("icsText", "fold")]
    script = "\n".join(functions) + ("\nprocess.stdout.write(fold('SUMMARY:' + icsText("
                                     + json.dumps("a\rBEGIN:VEVENT\r\nX:1\nY; z, " + "é" * 60)
                                     + ')));')
    out = subprocess.run([node, "-e", script], capture_output=True, check=True).stdout
    rows = out.split(b"\r\n")
    assert not any(b"\r" in r or b"\n" in r for r in rows)
    assert all(len(r) <= 75 for r in rows)
    assert rows[0].startswith(b"SUMMARY:a\\nBEGIN:VEVENT\\nX:1\\nY\\; z\\, ")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_text_download_is_plain_text(evil_checklist, lang):
    text = txt_bytes(evil_checklist, lang, current_version(ROOT)).decode("utf-8")
    assert HOSTILE[lang] in text  # shown as written; a .txt is never run


def test_checklist_pdf_shows_the_text_and_runs_nothing(evil_checklist):
    from pypdf import PdfReader
    html = print_html(evil_checklist, "nl", current_version(ROOT), "Uitgever")
    body = html.split("<body", 1)[1]
    assert_inert(body, SCRIPT, IMG, SVG)
    pdf = render_pdf(html)
    for needle in (b"/JavaScript", b"/JS ", b"/Launch", b"/OpenAction", b"javascript:"):
        assert needle not in pdf, needle
    reader = PdfReader(io.BytesIO(pdf))
    shown = " ".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in " ".join(shown.split())
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                assert action.get_object().get("/S") == "/URI"


def test_own_scripts_use_no_html_sinks():
    """Texts reach the page only through textContent; no script turns strings into markup."""
    sinks = re.compile(r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|"
                       r"new Function|setAttribute\(\s*[\"']on|\.on\w+\s*=\s*[\"']")
    for js in sorted((ROOT / "overrides" / "assets" / "js").glob("*.js")):
        found = sinks.findall(js.read_text(encoding="utf-8"))
        assert not found, (js.name, found)


def test_built_site_has_no_inline_handlers_or_script_urls(site_dir):
    """Every built page: no on* attribute, no javascript:/data: link, no inline script other than
    JSON data blocks (the CSP test proves the same in Chromium for the page types)."""
    pages = [p for p in site_dir.rglob("*.html")]
    assert len(pages) > 50
    for page in pages:
        parsed = Elements(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            bad = [n for n in attrs if n.startswith("on")]
            assert not bad, (page, tag, bad)
            for name in ("href", "src", "action", "formaction"):
                value = re.sub(r"[\x00-\x20]", "", attrs.get(name, "")).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (page, tag)
            if tag == "script" and "src" not in attrs:
                assert attrs.get("type") == "application/json", (page, attrs)


def test_change_entries_on_the_versions_page_are_plain_text():
    """Change texts go into generated Markdown; they stay text even if validation is bypassed."""
    import markdown

    from handreiking.versions.changes import Change, load_registry, versions_markdown
    registry = load_registry(ROOT)
    # A version whose changes the page lists (a withdrawn one shows its reason instead).
    index = next(i for i, e in enumerate(registry.entries) if e.version.status != "ingetrokken")
    evil = Change("gewijzigd", dict(HOSTILE), dict(HOSTILE), (), 1)
    registry.entries[index] = dataclasses.replace(registry.entries[index], changes=(evil,))
    for lang in ("nl", "en"):
        page = markdown.markdown(versions_markdown(ROOT, registry, lang),
                                 extensions=["attr_list", "md_in_html", "tables"])
        assert_inert(page, SCRIPT, IMG, SVG, BREAKOUT, JS_LINK)


@pytest.mark.browser
def test_crafted_links_cannot_break_a_decision_tree(new_page, server, site_dir):
    """Shared tree links carry state in the URL; a malformed or hostile one falls back to the
    start (or the notice) instead of an exception that leaves the reader without any question."""
    slug = sorted(p.parent.name for p in (site_dir / "beslisbomen").glob("*/index.html"))[0]
    page, _ = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for suffix in ("#%E0%A4%A", f"#{slug}-__proto__", f"#{slug}-constructor",
                   f"?boom={slug}&v=1&a=__proto__", f"?boom={slug}&v=%3Cscript%3E&a=x",
                   f"?boom={slug}&v=1&a=x%22%5D%5Bdata-x%3D%22"):
        errors.clear()
        page.goto("about:blank")
        page.goto(f"{server}/beslisbomen/{slug}/{suffix}", wait_until="load")
        assert page.locator(".hr-tree__node:visible").count() == 1, suffix
        assert errors == [], (suffix, errors)
        assert "<script>" not in page.locator(".hr-tree").first.inner_html(), suffix

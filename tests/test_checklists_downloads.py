"""Checklist downloads in the built site, opened with real parsers (csv, icalendar, pypdf)."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from pypdf import PdfReader

from handreiking.checklists.model import load_all
from handreiking.checklists.downloads import (CSV_DELIMITER, csv_bytes, neutralise, print_html,
                                              render_pdf)
from handreiking.pdf.products import human_size
from handreiking.core.project import current_version

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"nl": "downloads", "en": "en/downloads"}
SENTINEL = {"nl": ("Beleidsversie", "Policy version"), "en": ("Policy version", "Beleidsversie")}


@pytest.fixture(scope="module")
def checklists():
    return load_all(ROOT)


@pytest.fixture(scope="module")
def version():
    return current_version(ROOT)


def _file(site_dir, lang, name) -> Path:
    return site_dir / LANGS[lang] / name


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_every_checklist_has_all_downloads_linked_with_size(site_dir, checklists, lang):
    for slug in checklists:
        page = site_dir / ("en/" if lang == "en" else "") / "checklists" / slug / "index.html"
        html = page.read_text(encoding="utf-8")
        for ext in ("pdf", "csv", "ics", "txt"):
            file = _file(site_dir, lang, f"{slug}.{ext}")
            assert file.is_file() and file.stat().st_size > 100, file
            link = re.search(rf'<a href="([^"]+/{slug}\.{ext})" download>[^<]+</a> '
                             rf'<span class="hr-cl-size">\({ext.upper()}, ([^)]+)\)</span>', html)
            assert link, (slug, ext)
            assert link.group(1) == f"../../downloads/{slug}.{ext}"
            assert link.group(2) == human_size(file.stat().st_size, lang)


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_csv_one_row_per_item_bom_and_safe(site_dir, checklists, lang):
    for slug, cl in checklists.items():
        raw = _file(site_dir, lang, f"{slug}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=CSV_DELIMITER[lang]))
        assert len(rows) == 1 + len(cl.items)
        assert {r[0] for r in rows[1:]} == {i.id for i in cl.items}
        texts = {r[4] for r in rows[1:]}
        assert {i.text[lang] for i in cl.items} == texts
        for row in rows[1:]:
            assert all(cell[:1] not in "=+-@" or cell == "" for cell in row), row


def test_csv_neutralises_formulas(checklists):
    from dataclasses import replace
    cl = checklists["telefooninstellingen"]
    evil = replace(cl.items[0], text={"nl": "=HYPERLINK(\"http://x\")", "en": "+1"},
                   explanation={"nl": "@SUM(A1)", "en": "-2"})
    raw = csv_bytes(replace(cl, items=(evil,)), "nl").decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(raw), delimiter=";"))[1]
    assert row[4] == "'=HYPERLINK(\"http://x\")" and row[5] == "'@SUM(A1)"
    assert neutralise("-5") == "'-5" and neutralise("gewoon") == "gewoon"


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_ics_monthly_reminder_is_valid(site_dir, checklists, version, lang):
    for slug, cl in checklists.items():
        raw = _file(site_dir, lang, f"{slug}.ics").read_bytes()
        assert b"\r\n" in raw
        cal = Calendar.from_ical(raw)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        events = cal.walk("VEVENT")
        assert len(events) == len(cl.monthly())
        for event in events:
            assert event["UID"].endswith("@handreiking-ihh")
            assert event["DTSTAMP"].dt == dt.datetime.combine(version.in_force, dt.time(0, 0),
                                                            tzinfo=dt.timezone.utc)
            start = event["DTSTART"].dt
            assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
            assert event.walk("VALARM")
            # expand the rule as a calendar client does: first working day of each month
            rule = event["RRULE"].to_ical().decode()
            # (the whole calendar year after the start, whatever the version's date is)
            year = start.year + 1
            days = list(rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
                        .between(dt.datetime(year, 1, 1), dt.datetime(year, 12, 31), inc=True))
            assert len(days) == 12
            assert [d.month for d in days] == list(range(1, 13))
            assert all(d.weekday() < 5 and d.day <= 3 for d in days)
            for d in days:  # the first working day: no working day of the month before it
                first = d.date().replace(day=1)
                assert all((first + dt.timedelta(n)).weekday() >= 5 for n in range(d.day - 1))
            assert any(i.text[lang] in str(event["SUMMARY"]) for i in cl.monthly())


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_txt_for_email(site_dir, checklists, lang):
    for slug, cl in checklists.items():
        text = _file(site_dir, lang, f"{slug}.txt").read_text(encoding="utf-8")
        assert text.startswith(f"# {cl.title[lang]}\n")
        assert text.count("- [ ] ") == len(cl.items)
        assert SENTINEL[lang][0] in text


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_fillable_tagged_and_in_the_right_language(site_dir, checklists, version, lang):
    for slug, cl in checklists.items():
        reader = PdfReader(_file(site_dir, lang, f"{slug}.pdf"))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang
        assert "/StructTreeRoot" in root
        assert reader.metadata.title == cl.title[lang]
        assert reader.metadata.creation_date.date() == version.in_force
        fields = reader.get_fields()
        boxes = {name: f for name, f in fields.items() if f.get("/FT") == "/Btn"}
        assert set(boxes) == {i.id for i in cl.items}
        for item in cl.items:
            assert boxes[item.id]["/TU"] == item.text[lang]
        text = "".join(page.extract_text() for page in reader.pages)
        assert SENTINEL[lang][0] in text and SENTINEL[lang][1] not in text
        assert "\ufffd" not in text
        assert len(reader.pages) <= 3
        page = reader.pages[0]
        assert abs(float(page.mediabox.width) - 595.28) < 1  # A4
        for font in _fonts(reader):
            assert "/FontFile2" in font or "/FontFile3" in font, font
        signature = ("Handtekening" if lang == "nl" else "Signature") in text
        assert signature == cl.signature


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", []):
                yield desc.get_object()["/FontDescriptor"].get_object()


RENDER_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from handreiking.checklists.downloads import render_pdf
sys.stdout.buffer.write(render_pdf(Path(sys.argv[1]).read_text(encoding="utf-8")))
"""


def test_pdf_is_deterministic_and_free_of_paths(checklists, version, tmp_path):
    """Two separate processes (fresh font configuration, other process id, other time) give
    the same bytes as this one."""
    html = print_html(checklists["maandelijks-veiligstellen"], "en", version, "RDDI")
    source = tmp_path / "print.html"
    source.write_text(html, encoding="utf-8")
    first = render_pdf(html)
    others = [subprocess.run([sys.executable, "-c", RENDER_IN_A_NEW_PROCESS, str(source)],
                             capture_output=True, check=True, cwd=tmp_path).stdout
              for _ in range(2)]
    assert others[0] == others[1] == first
    assert b"/usr/share" not in first and b"file:" not in first
    assert str(ROOT).encode() not in first


def test_colophon_names_a_publisher_only_when_one_is_set(checklists, version):
    """data/site.yml may leave the publisher unset (an editors' open point): then no
    'Published by' line and no author metadata, instead of an empty or invented name."""
    cl = checklists["maandelijks-veiligstellen"]
    with_publisher = print_html(cl, "nl", version, "Uitgever X")
    assert "Uitgave van Uitgever X." in with_publisher and 'name="author"' in with_publisher
    without = print_html(cl, "nl", version, "")
    assert "Uitgave van" not in without and 'name="author"' not in without
    assert "Beleidsversie" in without


def _hook():
    return importlib.import_module("handreiking_mkdocs.checklists")


def test_unknown_slug_in_a_page_fails_the_build():
    from mkdocs.exceptions import PluginError
    hook = _hook()
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), plugins={})
    hook.on_config(config)
    page = SimpleNamespace(url="x/", file=SimpleNamespace(src_uri="x.md"))
    with pytest.raises(PluginError, match=r"docs/x.md: checklist 'bestaat-niet' bestaat niet"):
        hook.on_page_content("<!-- checklist: bestaat-niet -->", page=page, config=config)
    html = hook.on_page_content("<!-- checklist: kabinetswissel -->", page=page, config=config)
    assert 'data-checklist="kabinetswissel"' in html and "hr-checklist--compact" in html


def test_checklist_pdf_cache_key_follows_the_renderer(tmp_path, monkeypatch):
    """A cached checklist PDF is reused only with the same renderer: other fonts, WeasyPrint or
    pydyf (the product PDFs' fingerprint) give a new cache file, not yesterday's PDF."""
    from handreiking.checklists import downloads
    from handreiking.pdf import products
    downloads._renderer.cache_clear()
    before = downloads.pdf_cache_file("<p>x</p>", tmp_path)
    assert before == downloads.pdf_cache_file("<p>x</p>", tmp_path)
    assert before != downloads.pdf_cache_file("<p>y</p>", tmp_path)
    monkeypatch.setattr(products, "renderer_fingerprint", lambda: "other fonts")
    downloads._renderer.cache_clear()
    try:
        assert downloads.pdf_cache_file("<p>x</p>", tmp_path) != before
    finally:
        downloads._renderer.cache_clear()

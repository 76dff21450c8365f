"""Downloads of a checklist, generated at build time per language: PDF, CSV, ICS and text.

All output is deterministic: dates come from the policy version, never from the clock, and no
file-system paths end up in a file. PDFs are cached in `.cache/checklists/` by a hash of their
input, so a rebuild without changes renders nothing.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from handreiking.checklists.model import ROLES, STRINGS, Checklist
from handreiking.core.render import TEMPLATES, environment
from handreiking.core.project import Version
from handreiking.i18n import by_language, per_language

PDF_LABELS = by_language("checklists.print")

CSV_HEADERS = {lang: s["headers"] for lang, s in by_language("checklists.csv").items()}
# Dutch spreadsheet programs expect ';' as separator, English ones ',' (catalogue key
# checklists.csv.delimiter).
CSV_DELIMITER = per_language("checklists.csv.delimiter")
YES = per_language("checklists.csv.yes")


@dataclass(frozen=True)
class Download:
    """One generated file: kind ('pdf', 'csv', 'ics', 'txt'), file name and bytes."""

    kind: str
    name: str
    content: bytes


def _cells(checklist: Checklist, lang: str, rule_lines: dict | None = None):
    """CSV rows without the header, grouped by moment (`rule_lines`: {item id: plain rule
    texts with their source line}, from handreiking.rules.render.item_rule_lines)."""
    for moment, items in checklist.groups():
        for item in items:
            yield [item.id, moment.label[lang], item.when(lang) or "",
                   ", ".join(ROLES[r].label[lang] for r in item.roles), item.text[lang],
                   (item.explanation or {}).get(lang, ""),
                   "; ".join(checklist.sources[s][lang] for s in item.sources),
                   " | ".join((rule_lines or {}).get(item.id, ())),
                   YES[lang] if item.open else "", "", "", ""]


def neutralise(cell: str) -> str:
    """Make a cell inert for spreadsheets: a leading =, +, -, @, tab or CR gets a quote."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_bytes(checklist: Checklist, lang: str, rule_lines: dict | None = None) -> bytes:
    """One row per item, UTF-8 with BOM (so Excel shows é and ë), formula-safe cells."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=CSV_DELIMITER[lang], lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADERS[lang])
    for row in _cells(checklist, lang, rule_lines):
        writer.writerow([neutralise(c) for c in row])
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def txt_bytes(checklist: Checklist, lang: str, version: Version,
              rule_lines: dict | None = None) -> bytes:
    """Markdown that reads well as plain text, for pasting into an e-mail."""
    labels = PDF_LABELS[lang]
    lines = [f"# {checklist.title[lang]}", "", checklist.summary[lang], "",
             f"{labels['version']} {version.id} ({version.date_label(lang)})", ""]
    for moment, items in checklist.groups():
        lines += [f"## {moment.label[lang]}", ""]
        for item in items:
            extra = [f"{labels['who']}: " + ", ".join(ROLES[r].label[lang] for r in item.roles)]
            if item.when(lang):
                extra.append(item.when(lang))
            if item.open:
                extra.append(labels["recommendation"])
            lines.append(f"- [ ] {item.text[lang]}")
            lines.append(f"      ({'; '.join(extra)})")
            if item.explanation:
                lines.append(f"      {item.explanation[lang]}")
            lines += [f"      {rule}" for rule in (rule_lines or {}).get(item.id, ())]
        lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def first_weekday_after(day: _dt.date) -> _dt.date:
    """First working day (Mon-Fri) of the month after `day`."""
    first = (day.replace(day=1) + _dt.timedelta(days=32)).replace(day=1)
    while first.weekday() >= 5:
        first += _dt.timedelta(days=1)
    return first


ICS_TEXT = by_language("checklists.ics")


def ics_bytes(checklist: Checklist, lang: str, version: Version,
              rule_lines: dict | None = None) -> bytes | None:
    """A recurring monthly reminder (first working day of every month) per monthly item."""
    from icalendar import Alarm, Calendar, Event, vRecur

    monthly = checklist.monthly()
    if not monthly:
        return None
    text = ICS_TEXT[lang]
    cal = Calendar()
    cal.add("prodid", STRINGS[lang]["ics_prodid"])
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # One line: icalendar refuses a raw line break in an X- property (no escaping there).
    cal.add("x-wr-calname", " ".join(checklist.title[lang].split()))
    start = first_weekday_after(version.in_force)
    stamp = _dt.datetime.combine(version.in_force, _dt.time(0, 0), tzinfo=_dt.timezone.utc)
    for item in monthly:
        event = Event()
        event.add("uid", f"{checklist.slug}-{item.id}-{version.id}@handreiking-ihh")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + _dt.timedelta(days=1))
        event.add("rrule", vRecur({"FREQ": "MONTHLY", "BYDAY": ["MO", "TU", "WE", "TH", "FR"],
                                   "BYSETPOS": 1}))
        event.add("summary", f"{text['prefix']}: {' '.join(item.text[lang].split())}")
        description = item.explanation[lang] if item.explanation else ""
        description = "\n".join([description, *(rule_lines or {}).get(item.id, ())]).strip()
        event.add("description", description or checklist.title[lang])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text["alarm"])
        alarm.add("trigger", _dt.timedelta(hours=9))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def _css_string(value: str) -> Markup:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


@lru_cache(maxsize=1)
def _print_environment():
    """The checklist environment plus the CSS-string filter (one overlay: templates compile
    once per process)."""
    env = environment().overlay()
    env.filters["cssstring"] = _css_string
    return env


def print_html(checklist: Checklist, lang: str, version: Version, publisher: str,
               rule_lines: dict | None = None) -> str:
    """The lean print document the PDF is rendered from."""
    labels = PDF_LABELS[lang]
    env = _print_environment()
    groups = [{"label": m.label[lang], "entries": [{
        "id": i.id, "text": i.text[lang], "when": i.when(lang), "open": i.open is not None,
        "role_labels": ", ".join(ROLES[r].label[lang] for r in i.roles),
        "explanation": (i.explanation or {}).get(lang),
        "rules": (rule_lines or {}).get(i.id, [])} for i in items]}
        for m, items in checklist.groups()]
    date = version.date_label(lang)
    sources = ("; ".join(s[lang] for s in checklist.sources.values())
               or labels["sources_with_rules"])
    published_by = labels["published_by"].format(publisher=publisher) if publisher else ""
    labels = dict(labels, colophon=labels["colophon"].format(
        published_by=published_by, version=version.id, date=date, sources=sources))
    return env.get_template("checklist_print.html").render(
        lang=lang, title=checklist.title[lang], summary=checklist.summary[lang],
        publisher=publisher, date_iso=version.in_force.isoformat(), version_id=version.id,
        version_date=date, count=len(checklist.items), groups=groups, labels=labels,
        signature=checklist.signature,
        css=Markup((TEMPLATES / "checklist_print.css").read_text(encoding="utf-8")),
        footer_left=f"{checklist.title[lang]} · {labels['version']} {version.id}",
        footer_page=labels["page"].capitalize(), footer_of=labels["of"])


_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


@lru_cache(maxsize=4)
def _font_config(faces: tuple[str, ...]):
    """One WeasyPrint font configuration per set of @font-face rules: the fonts are loaded
    once per process instead of once per PDF (same bytes out; a third less CPU)."""
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def render_pdf(html: str) -> bytes:
    """HTML → tagged PDF/UA with fillable form fields (`pdf_forms` must go to render())."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render(
        pdf_forms=True, pdf_variant="pdf/ua-1",
        font_config=_font_config(tuple(_FONT_FACE.findall(html))))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=True)


@lru_cache(maxsize=1)
def _renderer() -> str:
    """What besides the print HTML decides a checklist PDF's bytes: the product PDFs'
    fingerprint (WeasyPrint's and pydyf's versions, font files, worker) and this module's
    render code."""
    from handreiking.pdf.products import renderer_fingerprint
    return f"{renderer_fingerprint()}\n" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def pdf_cache_file(html: str, cache_dir: Path) -> Path:
    """Where the PDF of this print HTML is kept (`.cache/checklists/<hash>.pdf`)."""
    key = hashlib.sha256(f"{_renderer()}\n{html}".encode("utf-8")).hexdigest()[:32]
    return cache_dir / f"{key}.pdf"


def pdf_bytes(html: str, cache_dir: Path | None) -> bytes:
    """Render a PDF, reusing `.cache/checklists/<hash>.pdf` when the input is unchanged."""
    cached = pdf_cache_file(html, cache_dir) if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    content = render_pdf(html)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(content)
        tmp.replace(cached)
    return content


def downloads(checklist: Checklist, lang: str, version: Version, publisher: str,
              cache_dir: Path | None, rule_lines: dict | None = None) -> list[Download]:
    """Every download of one checklist in one language, in the order the page lists them."""
    slug = checklist.slug
    out = [Download("pdf", f"{slug}.pdf", pdf_bytes(print_html(checklist, lang, version,
                                                               publisher, rule_lines), cache_dir)),
           Download("csv", f"{slug}.csv", csv_bytes(checklist, lang, rule_lines))]
    ics = ics_bytes(checklist, lang, version, rule_lines)
    if ics is not None:
        out.append(Download("ics_monthly", f"{slug}.ics", ics))
    out.append(Download("txt", f"{slug}.txt", txt_bytes(checklist, lang, version, rule_lines)))
    return out


__all__ = ["Download", "csv_bytes", "downloads", "ics_bytes", "neutralise", "pdf_bytes",
           "pdf_cache_file", "print_html", "txt_bytes"]

"""Checklists in real Chromium, both languages: ticks remembered, reset, role filter, version
carry-over, the date plan as a downloaded .ics, keyboard only, axe-core, and the no-JS list."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import DESKTOP, PHONE, axe_violations
from handreiking.checklists.model import load_all, plan_dates
from handreiking.core.project import current_version, format_date

ROOT = Path(__file__).resolve().parent.parent
SLUG = "kabinetswissel"
PROGRESS = {"nl": "{} van {} taken afgevinkt", "en": "{} of {} tasks ticked"}
CHANGED = {"nl": "Gewijzigd sinds u dit afvinkte", "en": "Changed since you ticked it"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def checklist():
    return load_all(ROOT)[SLUG]


def _url(server, lang, path=f"checklists/{SLUG}/"):
    return f"{server}/{'en/' if lang == 'en' else ''}{path}"


def _progress(page) -> str:
    return page.locator(f"#cl-{SLUG}-progress").inner_text()


def _tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until `selector` has focus (keyboard only, as a user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} not reachable with Tab")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tick_reload_filter_reset_by_keyboard(new_page, server, checklist, lang):
    page, rec = new_page(DESKTOP)
    page.goto(_url(server, lang))
    total = len(checklist.items)
    assert _progress(page) == PROGRESS[lang].format(0, total)
    assert axe_violations(page) == []

    # keyboard only: Tab to the first checkbox, Space ticks it
    first = checklist.groups()[0][1][0]
    box = f"#cl-{SLUG}-{first.id}"
    _tab_to(page, box)
    page.keyboard.press("Space")
    assert page.is_checked(box)
    second = checklist.groups()[0][1][1]
    _tab_to(page, f"#cl-{SLUG}-{second.id}", limit=10)  # past the first item's links
    page.keyboard.press("Space")
    assert _progress(page) == PROGRESS[lang].format(2, total)

    page.reload()
    assert page.is_checked(box)
    assert _progress(page) == PROGRESS[lang].format(2, total)

    # role filter with the arrow keys: "Everyone" -> first role
    _tab_to(page, f"#cl-{SLUG}-rol-alle")
    page.keyboard.press("ArrowRight")
    role = checklist.roles()[0].id
    assert page.is_checked(f"#cl-{SLUG}-rol-{role}")
    shown = page.locator(".hr-cl-item:visible")
    wanted = [i for i in checklist.items if role in i.roles]
    assert shown.count() == len(wanted)
    assert all(role in (shown.nth(n).get_attribute("data-roles") or "").split()
               for n in range(shown.count()))
    assert f"{len(wanted)}" in _progress(page)
    assert axe_violations(page) == []

    # reset by keyboard
    _tab_to(page, ".hr-cl-reset")
    page.keyboard.press("Enter")
    assert not page.is_checked(box)
    assert PROGRESS[lang].format(0, total) in _progress(page)
    page.reload()
    assert not page.is_checked(box)
    assert rec.external() == [] and rec.console_errors == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_date_plan_downloads_a_valid_ics_with_the_right_dates(new_page, server, checklist, lang):
    page, rec = new_page(PHONE)
    page.goto(_url(server, lang))
    start, leave = dt.date(2025, 1, 6), dt.date(2025, 3, 31)
    page.fill(f"#cl-{SLUG}-datum-aantreden", start.isoformat())
    page.fill(f"#cl-{SLUG}-datum-vertrek", leave.isoformat())
    page.focus(f"#cl-{SLUG}-datum-vertrek")
    page.keyboard.press("Enter")  # submits the form
    expected = plan_dates(checklist, {"aantreden": start, "vertrek": leave})
    status = page.locator(".hr-cl-plan-status").inner_text()
    assert str(len(expected)) in status
    dated = page.locator(".hr-cl-date:visible")
    assert dated.count() == len(expected)
    first = next(i for _, items in checklist.groups() for i in items if i.id in expected)
    shown = page.locator(f'.hr-cl-item[data-item="{first.id}"] .hr-cl-date').inner_text()
    assert format_date(expected[first.id], lang) in shown
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.click(".hr-cl-ics")
    download = info.value
    assert download.suggested_filename == f"{SLUG}-plan.ics"
    raw = Path(download.path()).read_bytes()
    cal = Calendar.from_ical(raw)
    events = {str(e["UID"]).split("-20")[0].removeprefix(f"{SLUG}-"): e
              for e in cal.walk("VEVENT")}
    assert set(events) == set(expected)
    for item_id, day in expected.items():
        assert events[item_id]["DTSTART"].dt == day, item_id
        text = next(i.text[lang] for i in checklist.items if i.id == item_id)
        assert str(events[item_id]["SUMMARY"]) == text
    monthly = [i.id for i in checklist.monthly()]
    for item_id in monthly:
        rule = events[item_id]["RRULE"]
        assert rule["FREQ"] == ["MONTHLY"] and rule["UNTIL"][0] == leave
    assert all(len(line.encode()) <= 75 for line in raw.decode().split("\r\n"))

    # the plan dates are remembered on this device
    page.reload()
    assert page.input_value(f"#cl-{SLUG}-datum-aantreden") == start.isoformat()
    assert page.locator(".hr-cl-date:visible").count() == len(expected)
    assert rec.external() == []


def test_ticks_carry_over_to_a_new_version_unless_the_item_changed(new_page, server, checklist):
    page, _ = new_page(DESKTOP)
    page.goto(_url(server, "nl"))
    same, changed = checklist.items[0], checklist.items[1]
    version = current_version(ROOT).id
    page.evaluate("""([slug, same, hash, changed]) => {
        localStorage.clear();
        localStorage.setItem("hr-checklist:" + slug + ":2000.1", JSON.stringify({
          ticks: {[same]: hash, [changed]: "oldhash00000"}, saved: 1}));
    }""", [SLUG, same.id, same.digest, changed.id])
    page.reload()
    assert page.is_checked(f"#cl-{SLUG}-{same.id}")
    assert not page.is_checked(f"#cl-{SLUG}-{changed.id}")
    note = page.locator(f'.hr-cl-item[data-item="{changed.id}"] .hr-cl-changed')
    assert note.is_visible() and CHANGED["nl"] in note.inner_text()
    stored = page.evaluate(f"localStorage.getItem('hr-checklist:{SLUG}:{version}')")
    assert same.digest in stored
    # ticking the changed item clears the mark
    page.check(f"#cl-{SLUG}-{changed.id}")
    assert not note.is_visible()


def test_without_javascript_a_plain_printable_list(new_page, server, checklist):
    page, _ = new_page(PHONE, javascript=False)
    page.goto(_url(server, "en"))
    assert page.locator("input.hr-cl-box").count() == len(checklist.items)
    assert not page.locator(".hr-cl-controls").is_visible()
    assert not page.locator(".hr-cl-plan").is_visible()
    assert page.locator(".hr-cl-downloads a").count() == 4
    page.check(f"#cl-{SLUG}-{checklist.items[0].id}")  # still a working checkbox
    page.emulate_media(media="print")
    assert not page.locator(".hr-cl-downloads").is_visible()
    assert page.locator("input.hr-cl-box").first.is_visible()
    # axe needs JavaScript itself: check the same state with only checklists.js blocked
    plain, _ = new_page(PHONE)
    plain.route("**/checklists.js", lambda route: route.abort())
    plain.goto(_url(server, "en"))
    assert not plain.locator(".hr-cl-controls").is_visible()
    assert axe_violations(plain) == []


def test_compact_version_on_an_embedding_page(new_page, server):
    page, _ = new_page(PHONE)
    page.goto(_url(server, "nl", "telefoon/"))
    widget = page.locator('.hr-checklist[data-checklist="telefooninstellingen"]')
    assert widget.count() == 1
    assert widget.locator(".hr-cl-controls").is_visible()
    link = widget.locator(".hr-cl-more a")
    assert link.get_attribute("href") == "../checklists/telefooninstellingen/"
    assert axe_violations(page) == []

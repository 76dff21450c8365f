"""Every page in real Chromium: zero axe violations, zero third-party requests."""
from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE, REFLOW, axe_violations, site_pages

pytestmark = pytest.mark.browser


def test_every_page_phone_axe_and_no_external_requests(site_dir, server, new_page):
    failures = []
    page, rec = new_page(PHONE)
    for path in site_pages(site_dir):
        page.goto(server + path, wait_until="load")
        violations = axe_violations(page)
        if violations:
            failures.append(f"{path}: {violations}")
    assert not rec.external(), rec.external()
    assert not failures, "\n".join(failures)


def test_every_page_desktop_axe_and_reflow_at_320(site_dir, server, new_page):
    """axe at desktop width (1280 px: the left navigation is only there) on every page, both
    languages; and no page scrolls sideways at 320 px (WCAG 1.4.10): a wide table scrolls inside
    its own focusable, labelled container."""
    failures = []
    desktop, _ = new_page(DESKTOP)
    narrow, _ = new_page(REFLOW)
    for path in site_pages(site_dir):
        desktop.goto(server + path, wait_until="load")
        violations = axe_violations(desktop)
        if violations:
            failures.append(f"{path} (1280 px): {violations}")
        narrow.goto(server + path, wait_until="load")
        width = narrow.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            failures.append(f"{path}: scrolls sideways at 320 px ({width} px)")
        unlabelled = narrow.evaluate("""() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(
                getComputedStyle(e).overflowX) && e.clientWidth > 0 && e.scrollWidth > 0
                && !e.closest('pre, code'))
            .filter(e => !(e.tabIndex >= 0 && (e.getAttribute('aria-label')
                || e.getAttribute('aria-labelledby'))))
            .map(e => e.tagName + '.' + e.className)""")
        if unlabelled:
            failures.append(f"{path}: scroll container without tabindex/label at 320 px: "
                            f"{unlabelled}")
        # Both header texts (site name; page title once the heading is scrolled past) stay
        # inside the header bar: at most two lines, a long title ends in an ellipsis.
        overflow = narrow.evaluate("""() => {
            const bar = document.querySelector('.md-header').getBoundingClientRect();
            return [...document.querySelectorAll('.md-header__topic .md-ellipsis')]
              .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
              .filter(([_t, r]) => r.height > 0 && (r.top < bar.top - 1 || r.bottom > bar.bottom + 1))
              .map(([t, r]) => `${t} (${Math.round(r.height)} px high, bar ${Math.round(bar.height)} px)`);
        }""")
        if overflow:
            failures.append(f"{path}: header text runs out of the bar at 320 px: {overflow}")
    assert not failures, "\n".join(failures)


def test_tree_diagrams_readable_on_a_phone(site_dir, server, new_page):
    """At 360 px a tree diagram's text is at least 12 px, or the diagram is hidden and its text
    version (paths, questions) is shown in its place."""
    page, _ = new_page({"width": 360, "height": 800})
    trees = [p for p in site_pages(site_dir) if "/beslisbomen/" in p
             and "hr-tree-overview" in (site_dir / p.lstrip("/") / "index.html").read_text(
                 encoding="utf-8")]
    assert len(trees) >= 4, trees
    problems = []
    for path in trees:
        page.goto(server + path, wait_until="load")
        result = page.evaluate("""() => {
            const fig = document.querySelector('.hr-tree-overview__figure');
            const paths = document.querySelector('.hr-tree-overview__paths');
            const shown = el => el && el.getClientRects().length > 0;
            if (!shown(paths)) return 'text version hidden';
            if (!shown(fig)) return null;
            const svg = fig.querySelector('svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')].map(t =>
                parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale);
            const small = Math.min(...sizes);
            return small < 12 ? `diagram text ${small.toFixed(1)} px` : null;
        }""")
        if result:
            problems.append(f"{path}: {result}")
    assert not problems, problems


PAGE_TYPES = ["/", "/en/", "/bewindspersonen/", "/ambtelijk/vertrek/", "/folders/nieuw/",
              "/en/folders/vertrek/", "/beslisbomen/soort-bericht/", "/checklists/kabinetswissel/",
              "/en/checklists/nieuwe-bewindspersoon/", "/achtergrond/tijdlijn/"]


@pytest.mark.parametrize("viewport", [DESKTOP, REFLOW], ids=["desktop", "reflow320"])
def test_page_types_at_other_widths(server, new_page, viewport):
    page, rec = new_page(viewport)
    for path in PAGE_TYPES:
        page.goto(server + path, wait_until="load")
        assert axe_violations(page) == [], path
        if viewport is REFLOW:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} scrolls horizontally at 320px ({width}px)"
    assert not rec.external()


def test_language_switcher_keeps_page(server, new_page):
    page, _ = new_page(DESKTOP)
    page.goto(server + "/over/")
    hrefs = page.eval_on_selector_all("a[hreflang='en']", "els => els.map(e => e.href)")
    assert any(h.rstrip("/").endswith("/en/over") for h in hrefs), hrefs


def test_reflow_without_javascript(server, new_page):
    """At 320 px with JavaScript off nothing may scroll sideways either (WCAG 1.4.10)."""
    page, _ = new_page(REFLOW, javascript=False)
    wide = []
    for path in PAGE_TYPES:
        page.goto(server + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px")
    assert not wide, wide


LAYOUT_SHIFTS = """window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"""


def test_checklist_pages_do_not_shift_when_scripts_reveal_their_controls(site_dir, browser,
                                                                          server):
    """The controls and date plan that checklists.js reveals have their room reserved before it
    runs (head.js, checklists.css): cumulative layout shift stays far below Lighthouse's 0.1."""
    ctx = browser.new_context(viewport={"width": 412, "height": 823}, service_workers="block")
    ctx.add_init_script(LAYOUT_SHIFTS)
    try:
        page = ctx.new_page()
        shifts = {}
        for path in [p for p in site_pages(site_dir) if "/checklists/" in p and p.count("/") > 2]:
            page.goto(server + path, wait_until="load")
            page.wait_for_timeout(300)
            shifts[path] = page.evaluate("window.__cls")
        assert shifts and max(shifts.values()) < 0.02, shifts
    finally:
        ctx.close()

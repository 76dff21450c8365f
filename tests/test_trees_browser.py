"""Decision trees in real Chromium, both languages, with and without JavaScript.

Every node is rendered and every edge followed by keyboard only (Tab to the answer, Enter),
declared test paths first; axe-core runs once per distinct state (node x language x JS mode):
on the whole page for the first state of each tree, on the tree itself for the others (the
rest of the page does not change between states and is covered by test_browser_pages). axe
cannot run where JavaScript is off, so no-JS states are checked in a twin page with trees.js
blocked (see NoJsProbe). Then
the share URL, back button, change links, stale links and print view.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import AXE_TAGS, PHONE, _axe, axe_violations, settle
from handreiking.trees.model import load_trees

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
TREES = load_trees(ROOT)
VISIBLE = """slug => [...document.querySelectorAll(`.hr-tree[data-boom="${slug}"] .hr-tree__node`)]
  .filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.node)"""
FOCUSED = "sel => !!document.activeElement && document.activeElement.matches(sel)"


def tree_url(server: str, slug: str, lang: str) -> str:
    return f"{server}{'/en' if lang == 'en' else ''}/beslisbomen/{slug}/"


def node_sel(slug: str, node: str) -> str:
    """CSS selector of one node's section."""
    return f'.hr-tree[data-boom="{slug}"] [data-node="{node}"]'


def shown(page, slug: str) -> str:
    nodes = page.evaluate(VISIBLE, slug)
    assert len(nodes) == 1, f"{slug}: expected one visible node, got {nodes}"
    return nodes[0]


def keyboard_activate(page, selector: str, limit: int = 60) -> None:
    """Tab until `selector` has focus, then press Enter (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def tree_axe(page, slug: str) -> list[str]:
    """axe-core on one tree element (same tags as the page-level check; injected once)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(_axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    settle(page)
    results = page.evaluate("([c, o]) => axe.run(c, o)", [f'.hr-tree[data-boom="{slug}"]', options])
    return [f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]]


class NoJsProbe:
    """axe needs JavaScript in the page, so a no-JS state is checked in a twin page: JS on,
    trees.js blocked, same URL. Its tree is in exactly the no-JS state (:target CSS)."""

    def __init__(self, new_page):
        self.page, _ = new_page(PHONE, javascript=True)
        self.page.route("**/assets/js/trees.js", lambda route: route.abort())
        self.url = None

    def show(self, url: str, slug: str, node: str):
        if self.url != url:
            self.page.goto(f"{url}#{slug}-{node}", wait_until="load")
            self.url = url
        else:
            self.page.evaluate("h => { location.hash = h }", f"#{slug}-{node}")
        assert shown(self.page, slug) == node
        return self.page


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_node_and_edge_by_keyboard_with_axe(server, new_page, lang, javascript):
    page, rec = new_page(PHONE, javascript=javascript)
    probe = None if javascript else NoJsProbe(new_page)
    failures: list[str] = []
    for slug, tree in TREES.items():
        checked: set[str] = set()
        visited: set[str] = set()
        followed: set[tuple[str, str]] = set()

        def check_state(node: str) -> None:
            visited.add(node)
            if node in checked:
                return
            checked.add(node)
            target = probe.show(tree_url(server, slug, lang), slug, node) if probe else page
            found = axe_violations(target) if len(checked) == 1 else tree_axe(target, slug)
            if found:
                failures.append(f"{lang} js={javascript} {slug}#{node}: {found}")

        page.goto(tree_url(server, slug, lang) + f"#{slug}-{tree.start}", wait_until="load")
        for n, path in enumerate(tree.covering_paths()):
            if n:
                keyboard_activate(page, f"{node_sel(slug, node)} .hr-tree__restart")
            node = tree.start
            assert shown(page, slug) == node
            check_state(node)
            for i, answer in enumerate(path):
                keyboard_activate(page, f'{node_sel(slug, node)} [data-antwoord="{answer}"]')
                followed.add((node, answer))
                node = tree.questions[node].answer(answer).target
                assert shown(page, slug) == node, (slug, path[: i + 1])
                if javascript:
                    assert page.evaluate("() => document.activeElement.id") == f"{slug}-{node}"
                    query = parse_qs(urlparse(page.url).query)
                    assert query["a"] == [".".join(path[: i + 1])] and query["boom"] == [slug]
                    heading = " ".join(page.text_content(f"#{slug}-{node}").split())
                    live = page.text_content(f'.hr-tree[data-boom="{slug}"] .hr-tree__live')
                    assert heading in " ".join(live.split())
                check_state(node)
            if n < len(tree.tests):
                assert node == tree.tests[n].outcome, (slug, tree.tests[n].name)
            if javascript:
                given = page.locator(f'.hr-tree[data-boom="{slug}"] .hr-tree__given > li')
                assert given.count() == len(path)
        assert visited == set(tree.order), f"{slug}: not rendered {set(tree.order) - visited}"
        assert followed == {(q, a.id) for q, a in tree.edges()}, f"{slug}: edges not followed"
    assert not rec.external(), rec.external()
    assert not rec.console_errors, rec.console_errors
    assert not failures, "\n".join(failures)


def test_share_url_round_trip_and_change_link(server, new_page):
    page, _ = new_page(PHONE)
    page.goto(tree_url(server, "veiligstellen", "nl"))
    for answer in ("ja", "whatsapp", "zakelijke-telefoon", "doc-direkt"):
        page.click(f'.hr-tree__node.is-current [data-antwoord="{answer}"]')
    assert shown(page, "veiligstellen") == "whatsapp-doc-direkt"
    shared = page.url
    revision = TREES["veiligstellen"].revision
    assert "a=ja.whatsapp.zakelijke-telefoon.doc-direkt" in shared and f"v={revision}" in shared
    other, _ = new_page(PHONE)
    other.goto(shared)
    assert shown(other, "veiligstellen") == "whatsapp-doc-direkt"
    assert other.locator(".hr-tree__given > li").count() == 4
    assert other.evaluate("() => document.activeElement.id") == "veiligstellen-whatsapp-doc-direkt"
    nojs, _ = new_page(PHONE, javascript=False)
    nojs.goto(shared)
    assert shown(nojs, "veiligstellen") == "whatsapp-doc-direkt"
    # Change the second answer: back at the channel question with one answer kept.
    keyboard_activate(other, '.hr-tree__given > li:nth-child(2) .hr-tree__change')
    assert shown(other, "veiligstellen") == "kanaal"
    assert parse_qs(urlparse(other.url).query)["a"] == ["ja"]
    assert other.locator(".hr-tree__given > li").count() == 1
    keyboard_activate(other, f'{node_sel("veiligstellen", "kanaal")} [data-antwoord="signal"]')
    assert shown(other, "veiligstellen") == "signal"


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_back_button_goes_one_step_back(server, new_page, javascript):
    page, _ = new_page(PHONE, javascript=javascript)
    page.goto(tree_url(server, "vertrek", "en"))
    assert shown(page, "vertrek") == "onderwerp"
    page.click(f'{node_sel("vertrek", "onderwerp")} [data-antwoord="apparaten"]')
    page.click(f'{node_sel("vertrek", "apparaat-inhoud")} [data-antwoord="ook-prive"]')
    assert shown(page, "vertrek") == "apparaten-scheiden"
    page.go_back()
    assert shown(page, "vertrek") == "apparaat-inhoud"
    page.go_back()
    assert shown(page, "vertrek") == "onderwerp"
    page.go_forward()
    assert shown(page, "vertrek") == "apparaat-inhoud"
    if javascript:
        assert page.evaluate("() => document.activeElement.id") == "vertrek-apparaat-inhoud"
        assert parse_qs(urlparse(page.url).query)["a"] == ["apparaten"]


@pytest.mark.parametrize("query, words", [
    ("?boom=soort-bericht&v=0&a=anders.werkcontact.ja#soort-bericht-zakelijk", "oudere versie"),
    (f"?boom=soort-bericht&v={TREES['soort-bericht'].revision}&a=anders.bestaat-niet#soort-bericht-wie",
     "past niet"),
])
def test_stale_or_broken_share_url_restarts_cleanly(server, new_page, query, words):
    page, rec = new_page(PHONE)
    page.goto(tree_url(server, "soort-bericht", "nl") + query)
    notice = page.locator(".hr-tree__notice")
    assert notice.is_visible() and words in notice.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('hr-tree__notice')")
    assert shown(page, "soort-bericht") == "aard"
    assert urlparse(page.url).query == "" and urlparse(page.url).fragment == ""
    assert page.locator(".hr-tree__summary").is_hidden()
    page.click(f'{node_sel("soort-bericht", "aard")} [data-antwoord="persoonlijk"]')
    assert shown(page, "soort-bericht") == "prive" and notice.is_hidden()
    assert not rec.console_errors


def test_print_view_shows_outcome_version_date_and_answers(server, new_page):
    page, _ = new_page(PHONE)
    revision = TREES["soort-bericht"].revision
    page.goto(tree_url(server, "soort-bericht", "en")
              + f"?boom=soort-bericht&v={revision}&a=steunbetuiging")
    assert shown(page, "soort-bericht") == "prive"
    page.emulate_media(media="print")
    outcome = page.locator(node_sel("soort-bericht", "prive"))
    text = outcome.inner_text()
    assert f"Decision aid version {revision}, policy version " in text and "printed on" in text
    assert page.locator("#hele-boom").is_hidden()          # rest of the page not printed
    assert page.locator(".hr-tree__given > li").count() == 1
    assert page.locator(".hr-tree__print").first.is_hidden()
    nojs, _ = new_page(PHONE, javascript=False)
    nojs.goto(tree_url(server, "soort-bericht", "nl") + "#soort-bericht-prive")
    nojs.emulate_media(media="print")
    assert nojs.locator("#hele-boom").is_hidden()
    assert f"Beslishulp versie {revision}, beleidsversie" in nojs.locator(
        node_sel("soort-bericht", "prive")).inner_text()


def test_whole_tree_view_and_embedding(server, new_page):
    page, _ = new_page(PHONE, javascript=False)
    page.goto(tree_url(server, "veiligstellen", "nl"))
    svg = page.locator(".hr-tree-overview__diagram svg")
    assert svg.get_attribute("role") == "img" and "tekstversie" in svg.get_attribute("aria-label")
    assert page.locator(".hr-tree-overview__paths > li").count() == len(TREES["veiligstellen"].paths())
    page.click(".hr-tree-overview__paths > li:first-child a")
    assert shown(page, "veiligstellen") == TREES["veiligstellen"].paths()[0][-1][1].target
    js, _ = new_page(PHONE)
    js.goto(f"{server}/ambtelijk/vertrek/")
    tree = js.locator('.hr-tree[data-boom="vertrek"]')
    assert "hr-tree--js" in tree.get_attribute("class")
    tree.locator('[data-antwoord="e-mail"]').click()
    assert shown(js, "vertrek") == "mailbox-afronden"
    href = tree.locator(".hr-tree__more a").get_attribute("href")
    js.goto(f"{server}/ambtelijk/vertrek/{href}")
    assert js.url.endswith("/beslisbomen/vertrek/#vertrek--overzicht")

"""Keyboard use: the first Tab reaches a visible "skip to content" link, every later Tab stop is
visible with a visible focus indicator, and the menu and search open from the keyboard on a
phone-width screen (where Material shows them as an off-canvas drawer and an overlay)."""
from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE, settle

pytestmark = pytest.mark.browser

# Describe the focused element: is it on screen, and can the reader see where focus is?
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  let hidden = false;
  for (let e = el; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.visibility === "hidden" || cs.display === "none" || parseFloat(cs.opacity) === 0) {
      hidden = true; break;
    }
  }
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const ring = s.boxShadow && s.boxShadow !== "none";
  const name = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("href") || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  return {tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 40), name,
          onScreen, hidden, indicator: outline || ring};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_skip_link_first_and_focus_always_visible(server, new_page, viewport):
    page, rec = new_page(viewport)
    page.goto(server + "/", wait_until="load")
    page.keyboard.press("Tab")
    settle(page)  # Material fades the skip link in
    first = page.evaluate(FOCUS_STATE)
    assert first and first["tag"] == "a" and "md-skip" in first["cls"], first
    assert first["name"] in ("Ga naar inhoud", "Skip to content"), first
    assert first["onScreen"] and not first["hidden"] and first["indicator"], first

    problems, seen = [], 0
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # focus left the document (end of the tab order)
            break
        if "md-skip" in state["cls"]:
            break
        seen += 1
        if not state["onScreen"] or state["hidden"] or not state["indicator"]:
            settle(page)  # let a transition (fade, slide) finish, then re-check
            state = page.evaluate(FOCUS_STATE)
            if not state["onScreen"] or state["hidden"] or not state["indicator"]:
                problems.append(state)
    assert seen >= 10, f"only {seen} tab stops after the skip link"
    assert not problems, "focus not visible on:\n" + "\n".join(map(str, problems))
    assert not rec.external()


def test_skip_link_moves_to_content(server, new_page):
    page, _ = new_page(PHONE)
    page.goto(server + "/", wait_until="load")
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.length > 1")
    target = page.evaluate("location.hash")
    assert href.endswith(target)
    # The target is inside the article.
    assert page.evaluate(f"!!document.querySelector('article {target}')"), target


def test_menu_and_search_open_from_keyboard_on_phone(server, new_page):
    page, _ = new_page(PHONE)
    page.goto(server + "/", wait_until="load")
    # Menu: Tab to the menu button; Enter opens the drawer and puts focus visibly inside it;
    # Escape closes it and returns focus to the button.
    menu = page.locator("label.md-header__button[for='__drawer']")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.htmlFor") == "__drawer":
            break
    assert page.evaluate("document.activeElement.htmlFor") == "__drawer", "menu not reachable"
    assert menu.text_content().strip() in ("Navigatie", "Navigation")  # its accessible name
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__drawer').checked")
    settle(page)  # drawer slide-in
    state = page.evaluate(FOCUS_STATE)
    inside = page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    assert inside and state["onScreen"] and not state["hidden"] and state["indicator"], state
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.htmlFor") == "__drawer"
    settle(page)  # drawer slide-out

    # Search: the search button opens the overlay with the field focused.
    page.locator("label.md-header__button[for='__search']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    settle(page)  # overlay fade-in
    state = page.evaluate(FOCUS_STATE)
    assert state["onScreen"] and not state["hidden"], state


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_search_shortcut_keys_open_search_and_escape_closes_it(server, new_page, key):
    """Material's shortcuts work on this site (its bundle is deferred, head.js runs first):
    '/', 's' or 'f' open search with the field focused; Escape closes it again."""
    page, _ = new_page(DESKTOP)
    page.goto(server + "/", wait_until="load")
    page.wait_for_function("() => typeof window.component$ === 'object'", timeout=30_000)
    page.keyboard.press(key)
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    assert page.locator("input.md-search__input").input_value() == ""  # the key is not typed
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")

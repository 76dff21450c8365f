"""Content-Security-Policy: strict policy, no inline script or style in the site, and every page
type loads in Chromium under the policy with zero `securitypolicyviolation` events.

The policy is the one shipped in deploy/nginx.conf (and quoted in the README); the `csp_server`
fixture serves the built site with exactly those headers.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import DESKTOP, ROOT, security_headers

# Non-executable script types may stay inline (Material's __config JSON, data blocks).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
                    + `at ${e.sourceFile || location.pathname}:${e.lineNumber} ${e.sample || ""}`);
});
"""


def policy() -> dict[str, list[str]]:
    csp = security_headers()["Content-Security-Policy"]
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_policy_is_strict_and_documented():
    p = policy()
    assert p["default-src"] == ["'self'"]
    assert p["script-src"] == ["'self'"], "no 'unsafe-inline', 'unsafe-eval', hosts or hashes"
    assert p["style-src"] == ["'self'"], ("style-src relaxed: name the reason in "
                                          "deploy/nginx.conf and the README, then adapt this test")
    assert p["object-src"] == ["'none'"]
    assert p["base-uri"] == ["'self'"]
    assert p["frame-ancestors"] == ["'none'"]
    assert p["form-action"] == ["'self'"]
    assert set(p["img-src"]) == {"'self'", "data:"}
    for directive, sources in p.items():
        assert not any(s.startswith(("http:", "https:")) or s == "*" for s in sources), directive
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert security_headers()["Content-Security-Policy"] in readme, \
        "README's 'Security headers' section must quote the policy of deploy/nginx.conf"


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"line {line}: style attribute on <{tag}>")
            if name in ("href", "src", "action", "formaction", "data") and value and \
                    re.match(r"\s*javascript:", value, re.I):
                self.problems.append(f"line {line}: javascript: URL on <{tag}>")
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        if tag == "script" and not a.get("src"):
            kind = (a.get("type") or "text/javascript").split(";")[0].strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self.problems.append(f"line {line}: inline <script type={kind}>")

    handle_startendtag = handle_starttag


def test_no_inline_script_style_or_handlers_in_any_page(site_dir):
    """Static scan of every HTML file: what the policy would block anywhere, not only on the
    page types loaded in the browser below."""
    problems = []
    pages = sorted(site_dir.rglob("*.html"))
    assert pages
    for html in pages:
        finder = _InlineFinder()
        finder.feed(html.read_text(encoding="utf-8"))
        problems += [f"{html.relative_to(site_dir)} {p}" for p in finder.problems]
    assert not problems, "\n".join(problems[:60])


def test_inline_finder_catches_each_kind():
    finder = _InlineFinder()
    finder.feed('<script>alert(1)</script><script type="module">x</script>'
                '<script id="__config" type="application/json">{}</script>'
                '<a href=" JavaScript:alert(1)" onclick="x()">a</a><p style="color:red">p</p>'
                '<style>p{}</style><script src="ok.js"></script>')
    kinds = " ".join(finder.problems)
    for expected in ("inline <script type=text/javascript>", "inline <script type=module>",
                     "javascript: URL", "event handler onclick=", "style attribute",
                     "<style> element"):
        assert expected in kinds, (expected, finder.problems)
    assert len(finder.problems) == 6, finder.problems


def _first_subpage(site_dir, section: str) -> str | None:
    """URL of the first page below /<section>/ (a tree or checklist page), if any exists yet."""
    folder = site_dir / section
    if not folder.is_dir():
        return None
    for index in sorted(folder.glob("*/index.html")):
        return f"/{section}/{index.parent.name}/"
    return None


PAGE_TYPES = {
    "home": lambda site: "/",
    "chapter": lambda site: "/bewindspersonen/wat-bewaren/",
    "tree": lambda site: _first_subpage(site, "beslisbomen"),
    "checklist": lambda site: _first_subpage(site, "checklists"),
    "404": lambda site: "/404.html",
    "home-en": lambda site: "/en/",
    "chapter-en": lambda site: "/en/bewindspersonen/wat-bewaren/",
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_loads_under_csp(kind, site_dir, csp_server, browser):
    path = PAGE_TYPES[kind](site_dir)
    assert path is not None, f"no {kind} page in the built site"
    ctx = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        ctx.add_init_script(RECORD_VIOLATIONS)
        page = ctx.new_page()
        console, errors = [], []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(csp_server + path, wait_until="load")
        assert response is not None and response.ok, (path, response and response.status)
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
        # Let Material finish its start-up (search worker, tooltips, sidebars).
        page.wait_for_timeout(300)
        violations = page.evaluate("window.__csp")
        assert violations == [], f"{path}: {violations}"
        assert console == [], f"{path}: console errors {console}"
        assert errors == [], f"{path}: script errors {errors}"
        # Material's JS really ran under the policy (it swaps no-js for js on <html>).
        assert page.evaluate("document.documentElement.classList.contains('js')"), path
        assert page.evaluate("typeof __md_get") == "function", path
    finally:
        ctx.close()

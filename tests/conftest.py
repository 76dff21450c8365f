"""Shared test fixtures: the built site, a local static server, real Chromium, axe-core.

`make test` builds site/ first; when site/ is missing (pytest run directly) it is built once here.
Browser tests use the Debian Chromium (/usr/bin/chromium) driven by Playwright; one server and
one browser per test run.
"""
from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("HANDREIKING_SITE", ROOT / "site")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
REFLOW = {"width": 320, "height": 640}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture(scope="session")
def root() -> Path:
    """The project folder."""
    return ROOT


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site (built once if missing)."""
    if not (SITE / "index.html").is_file():
        subprocess.run([sys.executable, "-m", "handreiking.cli", "build"], cwd=ROOT, check=True)
    return SITE


@pytest.fixture(scope="session")
def editors_site(tmp_path_factory) -> Path:
    """An editors' build (`handreiking build --redactie`: the readers' site plus docs/redactie/),
    without PDFs, in a temporary folder. Readers' builds (site_dir) never contain those pages."""
    target = tmp_path_factory.mktemp("redactie") / "site"
    env = dict(os.environ, HANDREIKING_NO_PDF="1")
    subprocess.run([sys.executable, "-m", "handreiking.cli", "build", "--redactie",
                    "--site-dir", str(target)], cwd=ROOT, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return target


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a URL path ('/', '/en/over/', ...)."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if 'http-equiv="refresh"' in html.read_text(encoding="utf-8")[:2000]:
            continue  # redirect stub for a moved page (mkdocs-redirects), not a page
        if rel.endswith("index.html"):
            pages.append("/" + rel[: -len("index.html")])
        else:
            pages.append("/" + rel)
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - silence access log
        pass


@pytest.fixture(scope="session")
def server(site_dir):
    """Serve site/ on 127.0.0.1 on a free port; yields the base URL without trailing slash."""
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: run 'make test' (installs it) or "
                    "'sudo apt-get install -y chromium'")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


class PageRecorder:
    """Collects every request a page makes, so tests can require zero third-party requests."""

    def __init__(self, base: str):
        self.base_host = urlparse(base).netloc
        self.requests: list[str] = []
        self.console_errors: list[str] = []

    def external(self) -> list[str]:
        """Requests to any host other than the local test server."""
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.netloc != self.base_host:
                out.append(url)
        return out


@pytest.fixture()
def new_page(browser, server):
    """Factory: new_page(viewport=PHONE, javascript=True) -> (page, recorder)."""
    contexts = []

    def make(viewport=PHONE, javascript=True):
        ctx = browser.new_context(viewport=viewport, java_script_enabled=javascript,
                                  service_workers="block")
        contexts.append(ctx)
        page = ctx.new_page()
        rec = PageRecorder(server)
        page.on("request", lambda req: rec.requests.append(req.url))
        page.on("console", lambda msg: rec.console_errors.append(msg.text)
                if msg.type == "error" else None)
        return page, rec

    yield make
    for ctx in contexts:
        ctx.close()


@functools.lru_cache(maxsize=1)
def _axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


_SETTLE = """async () => {
  // Two frames, so a transition started by load or by scrolling to an anchor has begun ...
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  // ... then every finite animation or transition has ended (at most 5 s): axe measures
  // colour contrast on what is painted, and a half-faded header title is not the page.
  const finite = document.getAnimations().filter(a =>
      a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))),
                      new Promise(r => setTimeout(r, 5000))]);
}"""


def settle(page) -> None:
    """Wait until the page's running CSS transitions and animations have ended."""
    page.evaluate(_SETTLE)


def axe_violations(page) -> list[str]:
    """Run axe-core with the project's fixed tag set; return readable violation lines."""
    settle(page)
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                        "resultTypes": ["violations"]})
    out = []
    for v in results.response.get("violations", []):
        targets = [", ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                   for n in v["nodes"]][:3]
        out.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return out


# --- Security headers (owner: harness). The example server config is the single source. ---
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def security_headers() -> dict[str, str]:
    """Every active `add_header Name "value" always;` line of deploy/nginx.conf."""
    import re
    headers = {}
    for line in NGINX_CONF.read_text(encoding="utf-8").splitlines():
        m = re.match(r'\s*add_header\s+([A-Za-z-]+)\s+"([^"]*)"', line)
        if m:
            headers[m.group(1)] = m.group(2)
    return headers


@pytest.fixture(scope="session")
def csp_server(site_dir):
    """Like `server`, but every response carries the security headers of deploy/nginx.conf
    (Content-Security-Policy included). A separate server, so other tests are unaffected."""
    headers = security_headers()

    class _Handler(_QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


# Fixtures that need the built site (or a browser): a test using one is a site test, left out of
# `make test-quick` (which never builds the site). `slow` marks tests that build a project copy.
SITE_FIXTURES = {"site_dir", "server", "csp_server", "browser", "new_page", "scenario"}
# Fixtures that build a copy of the project (a full MkDocs build each): their tests are `slow`,
# so `make test-quick` makes no build at all (these two cost ~40 s of its time on 2 cores).
SLOW_FIXTURES = {"editors_site", "addressed_site"}
SLOW_MODULES = {"test_reproducible_site.py", "test_pdf_reproducible.py", "test_release.py",
                "test_rules_build.py"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that uses the built site as `site`, and the build-a-copy modules `slow`."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
        if item.path.name in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames",
                                                                          ())):
            item.add_marker(pytest.mark.slow)

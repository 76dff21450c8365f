"""Government web baseline (issue 16): security.txt, robots.txt, one sitemap with hreflang,
canonical links, HSTS and the other headers, LICENSE, publiccode.yml.

With a web address (a test address, in a copy of the project) every page has a canonical link and
the one sitemap lists both languages with nl/en/x-default alternates; without one (the real
data/site.yml while the address is an open point) nothing half-made is written.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import security_headers, site_pages

ROOT = Path(__file__).resolve().parent.parent
TEST_URL = "https://handreiking.test.invalid/"
COPY = ("docs", "data", "checklists", "overrides", "hooks", "mkdocs.yml", "DESIGN.md")


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    """A build (without PDFs) of a copy of the project with site_url and a security contact."""
    project = tmp_path_factory.mktemp("adres")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, project / name)
    site_yml = project / "data" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    expires = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {TEST_URL}", text)
    text = re.sub(r"(?m)^beveiliging_contact: .*$",
                  "beveiliging_contact: mailto:security@test.invalid", text)
    text = re.sub(r"(?m)^beveiliging_verloopt: .*$", f"beveiliging_verloopt: {expires}", text)
    text = re.sub(r"(?m)^contact_email: .*$", "contact_email: redactie@test.invalid", text)
    site_yml.write_text(text, encoding="utf-8")
    target = project / "site"
    env = dict(os.environ, HANDREIKING_NO_PDF="1", HANDREIKING_NO_CACHE="1")
    result = subprocess.run([sys.executable, "-m", "handreiking.cli", "build", "--root",
                             str(project), "--site-dir", str(target)], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "External file" not in result.stderr
    return target


def test_with_a_web_address_every_page_is_canonical_and_one_sitemap_has_both_languages(
        addressed_site):
    pages = site_pages(addressed_site)
    missing = []
    for path in pages:
        html = (addressed_site / path.lstrip("/") / ("" if path.endswith(".html") else
                                                     "index.html")).read_text(encoding="utf-8")
        if path.endswith("404.html"):
            continue
        if f'<link rel="canonical" href="{TEST_URL}{path.lstrip("/")}">' not in html:
            missing.append(path)
    assert not missing, missing
    assert not (addressed_site / "en" / "sitemap.xml").exists(), "one sitemap for both languages"
    sitemap = (addressed_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{TEST_URL}en/over/" in locs and f"{TEST_URL}over/" in locs
    assert len(locs) == len([p for p in pages if not p.endswith("404.html")])
    assert not [loc for loc in locs if "/redactie/" in loc]
    for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S):
        langs = re.findall(r'hreflang="([^"]+)"', block)
        assert sorted(langs) == ["en", "nl", "x-default"], block
    robots = (addressed_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {TEST_URL}sitemap.xml" in robots


def test_with_a_web_address_every_page_has_hreflang_alternates_in_its_head(addressed_site):
    """nl, en and x-default (the Dutch page), absolute, on every page; written as
    rel="alternate " so Material's JavaScript does not fetch a sitemap per alternate."""
    wrong = []
    for path in site_pages(addressed_site):
        if path.endswith("404.html"):
            continue
        head = (addressed_site / path.lstrip("/") / "index.html").read_text(
            encoding="utf-8").split("</head>", 1)[0]
        links = dict(re.findall(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">',
                                head))
        page = path.lstrip("/")
        dutch = page[len("en/"):] if page.startswith("en/") else page
        expected = {"nl": TEST_URL + dutch, "en": TEST_URL + "en/" + dutch,
                    "x-default": TEST_URL + dutch}
        if links != expected or head.count("hreflang=") != 3:
            wrong.append((path, links))
    assert not wrong, wrong[:5]


@pytest.mark.browser
def test_hreflang_alternates_make_the_browser_request_nothing(addressed_site, browser):
    """Material's JavaScript fetches `<href>/sitemap.xml` for every `link[rel=alternate]`: with
    the alternates in the head nothing is requested beyond the page's own files."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(addressed_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    ctx = browser.new_context(service_workers="block")
    try:
        page = ctx.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        for path in ("/en/over/", "/over/"):
            page.goto(base + path)
            assert page.locator("link[hreflang]").count() == 3
            assert page.evaluate("[...document.querySelectorAll('link[hreflang]')]"
                                 ".every(l => l.relList.contains('alternate'))")
            page.wait_for_load_state("networkidle")
        assert not [u for u in requests if "sitemap.xml" in u or not u.startswith(base)], requests
    finally:
        ctx.close()
        httpd.shutdown()


def test_security_txt_follows_rfc_9116(addressed_site):
    text = (addressed_site / ".well-known" / "security.txt").read_text(encoding="utf-8")
    fields = dict(line.split(": ", 1) for line in text.splitlines())
    assert fields["Contact"] == "mailto:security@test.invalid"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T23:59:59Z", fields["Expires"])
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == f"{TEST_URL}.well-known/security.txt"


def test_without_a_web_address_nothing_half_made(site_dir):
    site = yaml.safe_load((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
    if site.get("site_url"):
        pytest.skip("data/site.yml has a web address")
    for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "en/sitemap.xml"):
        assert not (site_dir / name).exists(), name
    if not site.get("beveiliging_contact"):
        assert not (site_dir / ".well-known" / "security.txt").exists()
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and "None/" not in home


def test_security_txt_expiry_is_checked_30_days_ahead():
    from handreiking.core.project import SiteSettings, _baseline_problems
    from handreiking.core.yamlload import load_shared
    data = load_shared(ROOT / "data" / "site.yml", ROOT)
    today = dt.date(2030, 1, 1)

    def problems(days):
        site = SiteSettings({}, None, None, "mailto:s@test.invalid",
                            (today + dt.timedelta(days=days)).isoformat(), {"nl": "x", "en": "x"},
                            "2029-01-01")
        return [(p.severity, p.message) for p in _baseline_problems(site, data, "s", today)]
    assert problems(200) == []
    assert problems(20)[0][0] == "waarschuwing" and "30 dagen" in problems(20)[0][1]
    assert problems(0)[0][0] == "fout" and "verlopen" in problems(0)[0][1]


def test_nginx_example_has_hsts_and_the_other_headers():
    headers = security_headers()
    assert re.fullmatch(r"max-age=(\d+)(; includeSubDomains)?", headers["Strict-Transport-Security"])
    assert int(re.search(r"\d+", headers["Strict-Transport-Security"])[0]) >= 31536000
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"):
        assert name in headers, name
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"listen 80;.*return 301 https://", conf, re.S), "HTTP redirects to HTTPS"


def test_licence_is_eupl_for_the_code():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text


PUBLICCODE_REQUIRED = ["publiccodeYmlVersion", "name", "url", "platforms", "categories",
                       "developmentStatus", "softwareType", "description", "legal",
                       "maintenance", "localisation"]


def test_publiccode_yml_has_the_required_keys():
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    missing = [key for key in PUBLICCODE_REQUIRED if key not in data]
    assert not missing, missing
    assert data["legal"]["license"] == "EUPL-1.2"
    for lang in ("nl", "en"):
        desc = data["description"][lang]
        assert desc["shortDescription"] and len(desc["shortDescription"]) <= 150
        assert desc["longDescription"] and len(desc["longDescription"]) >= 150
        assert desc["features"]
    assert set(data["localisation"]["availableLanguages"]) == {"nl", "en"}
    assert data["maintenance"]["type"] in {"internal", "contract", "community", "none", None}


def test_unknown_publiccode_values_are_open_points():
    from handreiking.core.project import _publiccode_problems
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    reported = {p.message.split("'")[1] for p in _publiccode_problems(ROOT)}
    nulls = {k for k, v in data.items() if v is None}
    nulls |= {f"{k}.{k2}" for k, v in data.items() if isinstance(v, dict)
              for k2, v2 in v.items() if v2 is None}
    assert reported == nulls


def test_accessibility_statement_names_the_legal_norm_and_claims_no_status(site_dir):
    site = yaml.safe_load((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
    a11y = site.get("toegankelijkheid") or {}
    for prefix, words in (("", ("EN 301 549", "WCAG) 2.1", "niveau A en AA", "nog niet vastgesteld")),
                          ("en/", ("EN 301 549", "WCAG) 2.1", "levels A and AA",
                                   "not yet determined"))):
        html = (site_dir / prefix / "toegankelijkheid" / "index.html").read_text(encoding="utf-8")
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        for word in words:
            if word.startswith(("nog niet", "not yet")) and a11y.get("status"):
                continue
            assert word in text, f"{prefix}toegankelijkheid: '{word}' ontbreekt"
        assert "de norm voor websites van de overheid" not in text  # WCAG 2.2 is not the legal norm


def test_accessibility_status_renders_the_editor_fields():
    from handreiking.content.render import render_accessibility_status
    out = render_accessibility_status({"nl": "voldoet gedeeltelijk", "en": "partially compliant"},
                                      "2030-03-31", "en")
    assert "partially compliant" in out and "31 March 2030" in out
    assert "not yet determined" in render_accessibility_status(None, "2030-03-31", "en")


def test_feedback_line_on_every_content_page_once_a_contact_address_is_set(addressed_site,
                                                                          site_dir):
    missing = []
    for html in sorted(addressed_site.rglob("index.html")):
        body = html.read_text(encoding="utf-8")
        if 'class="hr-pagemeta"' not in body:
            continue  # not a content page (redirect stub)
        rel = html.relative_to(addressed_site).parent.as_posix()
        page = TEST_URL + ("" if rel == "." else rel + "/")
        if ('class="hr-feedback"' not in body or "mailto:redactie@test.invalid?subject=" not in body
                or page not in body.split('class="hr-feedback"', 1)[1][:600]):
            missing.append(rel)
    assert not missing, missing
    site = yaml.safe_load((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
    if not site.get("contact_email"):
        assert not [p for p in site_dir.rglob("*.html")
                    if 'class="hr-feedback"' in p.read_text(encoding="utf-8")]

"""The built site: both languages, every page in both, version in every footer."""
from __future__ import annotations

import re

from conftest import site_pages


def test_every_page_exists_in_both_languages(site_dir):
    pages = site_pages(site_dir)
    nl = {p for p in pages if not p.startswith("/en/")}
    en = {p[3:] for p in pages if p.startswith("/en/")}
    assert len(nl) >= 6
    assert nl == en, f"only nl: {sorted(nl - en)}; only en: {sorted(en - nl)}"


def test_html_lang_and_version_footer(site_dir, root):
    from handreiking.core.project import current_version
    version = current_version(root).id
    for page in site_pages(site_dir):
        html = (site_dir / (page.lstrip("/") + ("index.html" if page.endswith("/") else "")))
        text = html.read_text(encoding="utf-8")
        lang = "en" if page.startswith("/en/") else "nl"
        assert f'<html lang="{lang}"' in text, page
        if "404" not in page:
            word = "policy version" if lang == "en" else "beleidsversie"
            assert f"{word} {version}" in text.lower(), page  # 'Concept van beleidsversie' too
        assert "Made with" not in text, page


def test_no_external_asset_references(site_dir):
    pattern = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)', re.I)
    for html in site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        hits = [m.group(0) for m in pattern.finditer(text)
                if "<link" in text[max(0, m.start() - 200):m.start()].rsplit(">", 1)[-1]
                or "<script" in text[max(0, m.start() - 200):m.start()].rsplit(">", 1)[-1]]
        assert not hits, (html, hits)


def test_no_sitemap_without_a_web_address(site_dir, root):
    """A sitemap needs absolute URLs: none is published while data/site.yml has no site_url."""
    from handreiking.core.project import load_site
    if load_site(root).site_url is None:
        assert not (site_dir / "sitemap.xml").exists()
        assert not (site_dir / "en" / "sitemap.xml").exists()
    else:
        text = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
        assert "None" not in text and load_site(root).site_url in text


def test_footer_shows_the_publisher_from_site_settings_only(site_dir, root):
    """The publisher comes from data/site.yml; while it is unset, no footer line names one."""
    from handreiking.core.project import load_site
    publisher = load_site(root).publisher
    for page, lang in (("index.html", "nl"), ("en/index.html", "en")):
        text = (site_dir / page).read_text(encoding="utf-8")
        if publisher[lang]:
            assert f'<p class="hr-footer__publisher">{publisher[lang]}</p>' in text
        else:
            assert "hr-footer__publisher" not in text

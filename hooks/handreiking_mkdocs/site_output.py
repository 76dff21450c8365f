"""MkDocs glue: per-language search indexes, a reproducible sitemap (x-default alternates), robots.txt and security.txt (see handreiking.sitewide.output).

Runs once after every language has been built: i18n calls `on_post_build` per language, and a
last time (with `i18n.building == False`) after it rebuilt the combined search index.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from handreiking.core.project import load_site
from handreiking.sitewide.output import baseline_files, iso_date, pin_sitemap, split_search_index
from handreiking_mkdocs.project import project_root

_DATES: dict[str, str] = {}


def on_config(config, **_):
    """Forget the dates of a previous build (mkdocs serve rebuilds in one process)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language == i18n.default_language:
        _DATES.clear()
    return config


def on_page_markdown(markdown, *, page, config, **_):
    """Remember each page's `herzien` date for its sitemap entry."""
    day = iso_date((page.meta or {}).get("herzien"))
    if day:
        _DATES[page.url] = day
    return markdown


@event_priority(-150)
def on_post_build(*, config, **_):
    """After the last language: split the search index and pin the sitemap dates."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    site_dir = Path(config.site_dir)
    if i18n is not None:
        # config.site_dir may still point at the last language's folder.
        others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
        for lang in others:
            if site_dir.name == lang and (site_dir.parent / "search").is_dir():
                site_dir = site_dir.parent
        split_search_index(site_dir, i18n.default_language, others)
    _write_baseline(site_dir, config)
    if not config.site_url:
        # A sitemap needs absolute addresses. While data/site.yml has no site_url (an open point
        # reported by `handreiking check`), publish none rather than one full of "None/...".
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            for folder in [site_dir, *(site_dir / lang for lang in getattr(i18n, "build_languages", []))]:
                (folder / name).unlink(missing_ok=True)
        return
    version_date = config.extra.get("handreiking", {}).get("version", {}).get("date_iso")
    if version_date:
        pin_sitemap(site_dir, dict(_DATES), version_date, str(config.site_url))


def _write_baseline(site_dir: Path, config) -> None:
    """robots.txt and .well-known/security.txt from data/site.yml (only what is configured)."""
    site = load_site(project_root(config))
    url = str(config.site_url) if config.site_url else None
    for name in ("robots.txt", ".well-known/security.txt"):
        (site_dir / name).unlink(missing_ok=True)
    for name, text in baseline_files(url, site.security_contact, site.security_expires).items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_text(text, encoding="utf-8")

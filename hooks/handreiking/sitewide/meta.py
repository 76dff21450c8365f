"""Site-wide template data: policy version, publisher, footer links (plain data, no MkDocs)."""
from __future__ import annotations

from pathlib import Path

from handreiking.core.project import LANGUAGES, current_version, load_site
from handreiking.core.urls import docs_url
from handreiking.i18n import section, t


def template_data(root: Path) -> dict:
    """Everything the templates need about the site, for both languages."""
    version = current_version(root)
    site = load_site(root)
    return {
        "version": {
            "id": version.id,
            "title": version.title,
            "date_iso": version.in_force.isoformat(),
            "date": {lang: version.date_label(lang) for lang in LANGUAGES},
            # A concept (make serve / make site before the release) is shown marked as a draft.
            "draft": version.draft,
            "policy_id": version.policy_id,
        },
        "publisher": site.publisher,
        "contact_email": site.contact_email,
        "site_url": site.site_url,
        # x-default of the hreflang alternates: the language editors write in.
        "source_language": LANGUAGES[0],
        # The theme's own strings (overrides/*.html), per language (catalogue section `theme`).
        "ui": {lang: dict(section(lang, "theme")) for lang in LANGUAGES},
        "footer_links": {lang: [{"title": title, "url": docs_url(page, lang)}
                               for title, page in t(lang, "site.footer_links")]
                         for lang in LANGUAGES},
    }

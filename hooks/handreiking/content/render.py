"""Fragments of the content markers `<!-- contact -->` (the rest live with their feature)."""
from __future__ import annotations

from handreiking.core.render import render


def render_contact(email: str | None, lang: str) -> str:
    """The contact address from data/site.yml, or a neutral sentence while it is unset."""
    return render("contact.html", email=email, lang=lang)



def render_accessibility_status(status: dict | None, audited: str | None, lang: str) -> str:
    """The accessibility statement's status and last audit date (editor fields in data/site.yml,
    `toegankelijkheid`); while either is unset, a sentence that claims neither."""
    import datetime as _dt

    from handreiking.core.project import format_date
    day = format_date(_dt.date.fromisoformat(audited), lang) if audited else None
    return render("accessibility_status.html", status=(status or {}).get(lang), day=day,
                  lang=lang)

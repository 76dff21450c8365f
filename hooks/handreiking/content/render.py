"""Fragments of the content markers `<!-- contact -->` (the rest live with their feature)."""
from __future__ import annotations

from handreiking.core.render import render


def render_contact(email: str | None, lang: str) -> str:
    """The contact address from data/site.yml, or a neutral sentence while it is unset."""
    return render("contact.html", email=email, lang=lang)


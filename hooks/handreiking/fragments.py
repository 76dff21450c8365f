"""Jinja rendering of the HTML fragments that replace content markers (tijdlijn, begrippenlijst,
animatie, open-punten, contact). Python builds plain data; the templates in `templates/` hold all
markup, with autoescaping on."""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def markdown_text(text: str) -> Markup:
    """Plain text made safe for a generated Markdown heading: HTML-escaped, Markdown syntax
    backslash-escaped.

    >>> print(markdown_text("A *b* <c> & {#d} 'e'"))
    A \\*b\\* &lt;c&gt; &amp; \\{\\#d\\} 'e'
    """
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["md"] = markdown_text
    return env


def render(template: str, markdown: bool = False, **context) -> str:
    """Render `templates/<template>` with `context`.

    HTML fragments lose their blank lines, so each stays one raw HTML block inside Markdown;
    Markdown templates (`markdown=True`) keep them, with runs of blank lines collapsed."""
    text = _environment().get_template(template).render(**context)
    if markdown:
        return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"
    return "\n".join(line for line in text.splitlines() if line.strip())


ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")


def html_attrs(text: str) -> dict[str, str]:
    """Attributes of a tag's attribute text, names lowercased, values unescaped."""
    out = {}
    for m in ATTR.finditer(text or ""):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        out[m.group(1).lower()] = html.unescape(value)
    return out

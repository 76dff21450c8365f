"""The one Jinja environment of the package and its helpers.

Python builds plain data; the templates in `templates/` hold all markup, with autoescaping on.
`render()` gives the fragments that replace content markers (tijdlijn, begrippenlijst, animatie,
open-punten, contact); `template()` the other templates (trees, checklists, versions, print);
`script_json()` the one way of putting data into `<script type="application/json">`."""
from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from handreiking.core.langs import SOURCE
from handreiking.i18n import section

# The package's Jinja templates (HTML fragments, print templates, CSS) and the one place
# that says where they are.
TEMPLATES = Path(__file__).parent.parent / "templates"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def markdown_text(text: str) -> Markup:
    """Plain text made safe for a generated Markdown heading: HTML-escaped, Markdown syntax
    backslash-escaped.

    >>> print(markdown_text("A *b* <c> & {#d} 'e'"))
    A \\*b\\* &lt;c&gt; &amp; \\{\\#d\\} 'e'
    """
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment (templates compile once per process): autoescaped, strict
    about undefined names, block tags without their own lines, a template's last newline kept."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_text
    env.globals["source_lang"] = SOURCE
    return env


def template(name: str, keep_trailing_newline: bool = True, **context) -> str:
    """Render `templates/<name>`; without `keep_trailing_newline` the template's final newline
    is dropped (a fragment that goes inside other HTML)."""
    text = environment().get_template(name).render(**context)
    if not keep_trailing_newline and text.endswith("\n"):
        text = text[:-1]
    return text


def _mapping(value):
    """JSON for mappings that are not dicts (catalogue sections)."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def script_json(data) -> str:
    """JSON safe inside <script type="application/json"> (no '</script>' can end it).

    >>> print(script_json({"b": "</script>", "a": "&"}))
    {"a":"\\u0026","b":"\\u003c/script\\u003e"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=_mapping)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(template: str, markdown: bool = False, **context) -> str:
    """Render `templates/<template>` with `context`.

    HTML fragments lose their blank lines, so each stays one raw HTML block inside Markdown;
    Markdown templates (`markdown=True`) keep them, with runs of blank lines collapsed."""
    if "lang" in context:  # the fragment's UI strings (catalogue section `fragments`)
        context.setdefault("ui", section(context["lang"], "fragments"))
    text = environment().get_template(template).render(**context)
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

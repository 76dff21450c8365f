"""Raw HTML in the pages only from the allowlist (tags, attributes, no script URLs)."""
from __future__ import annotations

import html as _html
import re

from handreiking.core.docs import (ATTR_LIST, ATTR_PAIR, LINK, REF_DEF, TAG, Source,
                                   blank)
from handreiking.core.errors import Problem
from handreiking.core.render import html_attrs

ALLOWED_TAGS = frozenset({"ul", "ol", "li", "a", "span", "div", "p", "strong", "em", "br",
                          "abbr"})
# `markdown` is consumed by the md_in_html extension and never reaches the page.
ALLOWED_ATTRS = frozenset({"class", "href", "id", "lang", "markdown"})
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
# Browsers ignore tabs, newlines and other controls inside a URL scheme ('java&#9;script:').
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
# Any opening of an element, also one whose attributes a browser reads but TAG does not
# ('<script\nalert(1)</script>'); autolinks ('<https://...>', '<naam@x.nl>') do not match.
LOOSE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# Comments end where a browser ends them: at '-->' or '--!>'; '<!-->' and '<!--->' are empty.
BROWSER_COMMENT = re.compile(r"<!--(?:>|->|(.*?)(--!?>|\Z))", re.S)


def script_url(url: str) -> bool:
    """True for a link that runs code or embeds data, however it is disguised.

    >>> script_url("java&#x09;script:alert(1)"), script_url(" JavaScript:x"), script_url("a.md")
    (True, True, False)
    """
    return bool(BAD_URL.match(URL_IGNORED.sub("", _html.unescape(url))))



def check_html(source: Source) -> list[Problem]:
    """Raw HTML only from the allowlist: simple structural tags with class/href/id/lang."""
    problems = []
    # Blank comments where a browser ends them, so markup after '--!>' is checked too.
    body = BROWSER_COMMENT.sub(blank, source.masked[source.body_start:])
    body = source.masked[:source.body_start] + body
    allowed_tags = ", ".join(sorted(ALLOWED_TAGS))
    allowed_attrs = ", ".join(sorted(ALLOWED_ATTRS - {"markdown"}))
    for m in LOOSE_TAG.finditer(body, source.body_start):
        name = m.group(1).lower()
        if name not in ALLOWED_TAGS:
            problems.append(Problem(source.shown, source.line(m.start()), f"HTML-element "
                                    f"<{name}> is niet toegestaan; gebruik Markdown of alleen: "
                                    f"{allowed_tags}."))
    for m in TAG.finditer(body, source.body_start):
        line = source.line(m.start())
        name = m.group(2).lower()
        if name not in ALLOWED_TAGS:
            continue
        for attr, value in html_attrs(m.group(3)).items():
            if attr.startswith("on"):
                problems.append(Problem(source.shown, line, f"attribuut '{attr}' (script bij "
                                        f"een gebeurtenis) in <{name}> is niet toegestaan; "
                                        "verwijder het."))
            elif attr not in ALLOWED_ATTRS:
                problems.append(Problem(source.shown, line, f"attribuut '{attr}' in <{name}> "
                                        f"is niet toegestaan; toegestaan zijn: "
                                        f"{allowed_attrs}."))
            elif attr == "href" and script_url(value):
                problems.append(Problem(source.shown, line, f"link '{value[:40]}' in <{name}> "
                                        "voert code uit of bevat ingesloten gegevens; dat is "
                                        "niet toegestaan. Gebruik een gewone link."))
    links = [(m.group(1), m.start(), m.group(0).startswith("!")) for m in LINK.finditer(body,
             source.body_start)]
    links += [(m.group(1), m.start(), False) for m in REF_DEF.finditer(body, source.body_start)]
    links += [(m.group(1), m.start(), False) for m in AUTOLINK.finditer(body, source.body_start)]
    for url, offset, image in links:
        if script_url(url):
            problems.append(Problem(source.shown, source.line(offset), f"link "
                                    f"'{url[:40]}' voert code uit of bevat ingesloten gegevens; "
                                    "dat is niet toegestaan. Gebruik een gewone link."))
        elif image and re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.I):
            problems.append(Problem(source.shown, source.line(offset), f"afbeelding "
                                    f"'{url[:60]}' komt van een andere website; de site laadt "
                                    "niets van elders. Zet de afbeelding in docs/ en link "
                                    "daarheen."))
    for m in ATTR_LIST.finditer(body, source.body_start):
        for pair in ATTR_PAIR.finditer(m.group(1)):
            attr = pair.group(1).lower()
            if attr not in ("class", "id", "lang"):
                problems.append(Problem(source.shown, source.line(m.start()), f"attribuut "
                                        f"'{attr}' in een attributenlijst {{: ... }} is niet "
                                        "toegestaan; gebruik alleen #id, .klasse of lang=."))
    return problems


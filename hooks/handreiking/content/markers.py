"""The content markers (`<!-- naam: waarde -->`) a page may use, and their shape checks."""
from __future__ import annotations

import re
from pathlib import Path

from handreiking.core.docs import Source, markers
from handreiking.core.errors import Problem
from handreiking.core.filecache import cached
from handreiking.timeline import parse_period

# The content markers of DESIGN.md ("Markers in Markdown that hooks replace") plus open points;
# True = the marker needs an argument (`<!-- checklist: slug -->`), False = it takes none,
# None = optional (`<!-- tijdlijn -->` or `<!-- tijdlijn: 2022-05 tot 2023-07 -->`).
MARKERS = {
    "beslisboom": True,
    "checklist": True,
    "tijdlijn": None,
    "begrippenlijst": False,
    "animatie": False,
    "open-punten": False,
    "pdf-download": True,
    "contact": False,
    "toegankelijkheidsstatus": False,
    "open": True,
    # Used by hooks/versions.py on docs/versies/; not (yet) in DESIGN.md's list.
    "versies": False,
    # A rule from data/regels/ and the sources page (handreiking.rules).
    "regel": True,
    "bronnen": False,
}
# Markers whose widget adds anchors we cannot see in the source.


def known_markers(root: Path | None) -> dict[str, bool]:
    """MARKERS plus any marker DESIGN.md lists (name -> needs an argument)."""
    known = dict(MARKERS)
    design = Path(root) / "DESIGN.md" if root is not None else None
    if design is not None and design.is_file():
        found = cached(design, design.parent, lambda: design_markers(design), "design-markers")
        for name, has_arg in found.items():
            known.setdefault(name, has_arg)
    return known


def check_markers(source: Source, known: dict[str, bool] = MARKERS) -> list[Problem]:
    """Unknown markers, and markers with a missing or unexpected argument."""
    problems = []
    names = ", ".join(sorted(known))
    for name, arg, line in markers(source):
        if name not in known:
            problems.append(Problem(source.shown, line, f"onbekende markering '<!-- {name} -->'; "
                                    f"bekend zijn: {names} (zie DESIGN.md). Controleer de "
                                    "spelling, of schrijf een gewone opmerking zonder dubbele "
                                    "punt."))
        elif known[name] and not arg:
            problems.append(Problem(source.shown, line, f"markering '{name}' mist haar waarde; "
                                    f"schrijf '<!-- {name}: ... -->'."))
        elif known[name] is False and arg is not None:
            problems.append(Problem(source.shown, line, f"markering '{name}' heeft geen waarde; "
                                    f"schrijf alleen '<!-- {name} -->'."))
        elif name == "tijdlijn" and arg:
            try:
                parse_period(arg)
            except ValueError:
                problems.append(Problem(source.shown, line, f"periode '{arg}' bij 'tijdlijn' "
                                        "kan niet gelezen worden; schrijf bijvoorbeeld "
                                        "'<!-- tijdlijn: 2022-05 tot 2023-07 -->' of "
                                        "'<!-- tijdlijn: vanaf 2022 -->'."))
    return problems



OPEN_COMMENT_HTML = re.compile(r"<!--\s*open\s*:.*?-->\n?", re.S)


def strip_open_comments(html: str) -> str:
    """Remove `<!-- open: ... -->` notes from rendered HTML (they are for editors only and are
    listed on redactie/open-punten)."""
    return OPEN_COMMENT_HTML.sub("", html)



def design_markers(design_md: Path) -> dict[str, bool]:
    """The markers DESIGN.md lists under "Markers in Markdown" (name -> needs an argument)."""
    text = design_md.read_text(encoding="utf-8")
    start = text.find("Markers in Markdown")
    if start < 0:
        return {}
    end = text.find("\n- ", start)
    part = text[start:end if end > 0 else None]
    return {m.group(1): bool(m.group(2)) for m in re.finditer(r"<!-- ([a-z-]+)(:)?", part)}

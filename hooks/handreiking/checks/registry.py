"""Every check `handreiking check` (and the build, before MkDocs runs) performs, in one list.

Each entry is `check(root) -> list[Problem]`, imported explicitly: a check that cannot be
imported is an ImportError, never a silent skip. A `DataError` raised by a check is reported
as its problems.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from handreiking import animation, glossary, i18n, rules, timeline
from handreiking.checklists import model as checklists
from handreiking.checks import files, markers, safety, site_config
from handreiking.content import check as content
from handreiking.content import frontmatter
from handreiking.content import yaml_translations
from handreiking.core import project
from handreiking.core.errors import DataError, Problem
from handreiking.pdf import glyphs, products
from handreiking.sitewide import keywords
from handreiking.trees import model as trees
from handreiking.trees import page_ids as tree_page_ids
from handreiking.versions import bookkeeping, changes, consistency

Check = Callable[[Path], list[Problem]]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("files", files.check),            # niets van buiten het project (links)
    ("site_config", site_config.check),  # menu (nav) en doorverwijzingen in mkdocs.yml
    ("i18n", i18n.check),              # taalcatalogi: elke taal heeft elke sleutel
    ("project", project.check),        # versions.yml, site.yml
    ("glossary", glossary.check),      # begrippenlijst
    ("timeline", timeline.check),      # tijdlijn
    ("animation", animation.check),    # animatiescript + ondertitels
    ("frontmatter", frontmatter.check),  # paginagegevens bovenaan elke pagina
    ("content", content.check),        # Markdown: links, parity nl/en, stale translations, open points
    ("trees", trees.check),            # beslisbomen
    ("tree_ids", tree_page_ids.check),  # ids van een boom botsen niet met koppen op de pagina
    ("checklists", checklists.check),  # checklists
    ("versions", changes.check),       # wijzigingen per versie
    ("version_dates", consistency.check),  # datums en status in versions.yml op volgorde
    ("bookkeeping", bookkeeping.check),  # herzien-datums en boomnummers volgen de wijzigingen
    ("pdf", products.check),           # producten.yml (pdf-producten)
    ("glyphs", glyphs.check),          # elk teken kan in de pdf's worden afgedrukt
    ("safety", safety.check),          # HTML, scriptlinks en stuurtekens in YAML-teksten
    ("markers", markers.check),        # beslisboom/checklist/pdf-download name what exists
    ("rules", rules.check),            # bronnen en regels (data/bronnen.yml, data/regels/)
    ("keywords", keywords.check),      # zoekwoorden per pagina (data/zoekwoorden.yml)
    ("yaml-translations", yaml_translations.check),  # Engelse YAML-teksten die achterlopen
)


def run_checks(root: Path) -> list[Problem]:
    """Run every check; return all problems (errors and open points), sorted, without doubles."""
    problems: list[Problem] = []
    for _name, check in CHECKS:
        try:
            problems.extend(check(root))
        except DataError as exc:
            problems.extend(exc.problems)
    return sorted(set(problems))

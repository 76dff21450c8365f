"""The widget markers name things that exist: `<!-- beslisboom: slug [overzicht] -->`,
`<!-- checklist: slug -->` and `<!-- pdf-download: product -->`.

The same function runs in `handreiking check` (every page) and in the build (the page being
built), so a misspelled tree, checklist or product fails both with the page's `path:line`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handreiking.checklists.model import load_all
from handreiking.core.docs import Source, load_sources, markers
from handreiking.core.errors import DataError, Problem
from handreiking.pdf.products import load_products
from handreiking.trees.model import load_trees


@dataclass(frozen=True)
class Known:
    """What the markers may name; None when that data could not be loaded (its own check
    reports why, so the markers are not judged against it)."""

    trees: frozenset[str] | None
    checklists: frozenset[str] | None
    products: frozenset[str] | None


def _ids(load) -> frozenset[str] | None:
    try:
        return frozenset(load())
    except DataError:
        return None


def known(root: Path) -> Known:
    """The trees, checklists and products of the project (all cached by their loaders)."""
    root = Path(root)
    return Known(_ids(lambda: load_trees(root)), _ids(lambda: load_all(root)),
                 _ids(lambda: (p.id for p in load_products(root).products)))


def page_problems(source: Source, names: Known) -> list[Problem]:
    """Markers of one page that name a tree, checklist or product that does not exist, or use
    a tree marker wrongly (unknown option, overview before its tree, a tree twice)."""
    problems = []
    shown: set[str] = set()
    checklists: set[str] = set()
    for name, arg, line in markers(source):
        if not arg:
            continue  # a missing argument is content.markers' message
        if name == "beslisboom" and names.trees is not None:
            slug, _, option = arg.partition(" ")
            option = option.strip() or None
            message = None
            if slug not in names.trees:
                message = (f"beslisboom '{slug}' bestaat niet; kies uit: "
                           f"{', '.join(sorted(names.trees))} (bestanden in checklists/trees/).")
            elif option not in (None, "overzicht"):
                message = (f"onbekende toevoeging '{option}' bij beslisboom '{slug}'; alleen "
                           "'overzicht' is mogelijk.")
            elif option == "overzicht" and slug not in shown:
                message = (f"het overzicht van beslisboom '{slug}' kan alleen onder de "
                           f"beslisboom zelf staan; zet eerst '<!-- beslisboom: {slug} -->' op "
                           "deze pagina.")
            elif option is None and slug in shown:
                message = (f"beslisboom '{slug}' staat twee keer op deze pagina; toon hem één "
                           "keer (ids moeten uniek blijven).")
            if option is None:
                shown.add(slug)
            if message:
                problems.append(Problem(source.shown, line, message))
        elif name == "checklist" and names.checklists is not None:
            if arg not in names.checklists:
                choices = ", ".join(sorted(names.checklists)) or "(geen)"
                problems.append(Problem(source.shown, line, f"checklist '{arg}' bestaat niet "
                                        f"(verwacht checklists/{arg}.yml); kies uit: "
                                        f"{choices}."))
            elif arg in checklists:
                problems.append(Problem(source.shown, line, f"checklist '{arg}' staat twee keer "
                                        "op deze pagina; plaats elke checklist één keer per "
                                        "pagina."))
            checklists.add(arg)
        elif name == "pdf-download" and names.products is not None:
            if arg not in names.products:
                problems.append(Problem(source.shown, line, f"onbekend product '{arg}' in "
                                        "<!-- pdf-download: ... -->; kies uit: "
                                        f"{', '.join(sorted(names.products))} (zie "
                                        "data/producten.yml)."))
    return problems


def check(root: Path) -> list[Problem]:
    """Every page's widget markers against the trees, checklists and products."""
    names = known(root)
    problems: list[Problem] = []
    for source in load_sources(root).values():
        problems += page_problems(source, names)
    return problems

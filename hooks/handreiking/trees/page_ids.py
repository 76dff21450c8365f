"""A tree's anchors (`#slug-node`) must not collide with the headings of the page that shows it
(issue 14: check = build). The build's tree hook refuses the page; `handreiking check` says the
same, with the line of the `<!-- beslisboom: slug -->` marker."""
from __future__ import annotations

from pathlib import Path

from handreiking.core.docs import headings, load_sources, markers
from handreiking.core.errors import DataError, Problem
from handreiking.trees.model import load_trees


def check(root: Path) -> list[Problem]:
    try:
        trees = load_trees(Path(root))
    except DataError:
        return []   # reported by trees.model
    problems: list[Problem] = []
    for source in load_sources(Path(root)).values():
        found = [(arg, line) for name, arg, line in markers(source) if name == "beslisboom"]
        if not found:
            continue
        page_ids = {h.slug for h in headings(source)}
        for slug, line in found:
            tree = trees.get(slug or "")
            if tree is None:
                continue
            for node_id in sorted({*tree.questions, *tree.outcomes}):
                anchor = f"{slug}-{node_id}"
                if anchor in page_ids:
                    problems.append(Problem(source.shown, line, f"id '{anchor}' van beslisboom "
                                            f"'{slug}' bestaat ook als kop op deze pagina; geef "
                                            "de kop (of de vraag of uitkomst in de boom) een "
                                            "andere id, anders werken de links naar die stap "
                                            "niet."))
    return problems

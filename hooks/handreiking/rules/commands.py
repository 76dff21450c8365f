"""`handreiking regels [--json]` and `handreiking regel ID`: every rule with where it is shown.

The impact list an editor reads before and after changing a rule: the register entry (file and
line), every page (page.md#heading), decision-tree outcome (tree#node), checklist item
(checklist#item) and PDF product that shows it, and prose sentences that look like restatements.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from handreiking.core.errors import DataError
from .model import read_register
from .render import kind_label
from .usage import Place, all_places, restatements
from handreiking.core.langs import LANGUAGES

def _places_by_rule(root: Path) -> tuple[dict[str, list[Place]], dict]:
    from handreiking.core import docs as page_model
    sources = page_model.load_sources(root)
    by_rule: dict[str, list[Place]] = {}
    for place in all_places(root, sources):
        by_rule.setdefault(place.rule, []).append(place)
    return by_rule, sources


def _entry(register, rule, places: list[Place]) -> dict:
    return {
        "id": rule.id,
        "soort": rule.kind,
        "tekst": {lang: rule.text[lang] for lang in LANGUAGES},
        "bronnen": [{"bron": c.source, "plaats": c.place,
                     "titel": register.sources[c.source].title
                     if c.source in register.sources else None} for c in rule.citations],
        "sinds": rule.since.isoformat() if rule.since else None,
        "file": rule.path,
        "line": rule.line,
        "plekken": [{"soort": p.kind, "doel": p.target, "bestand": p.path, "regel": p.line}
                    for p in sorted(places, key=lambda p: (p.kind, p.target, p.path, p.line))
                    if p.kind != "pdf"],
        "getoond": {
            "paginas": sorted({p.target for p in places if p.kind == "pagina"}),
            "beslisbomen": sorted({p.target for p in places if p.kind == "beslisboom"}),
            "checklists": sorted({p.target for p in places if p.kind == "checklist"}),
            "pdf": sorted({p.target for p in places if p.kind == "pdf"}),
        },
    }


def report(root: Path) -> list[dict]:
    """Every rule (register order) with the places that show it."""
    register = read_register(root)
    if register.problems:
        raise DataError(list(register.problems))
    by_rule, _sources = _places_by_rule(root)
    return [_entry(register, r, by_rule.get(r.id, [])) for r in register.rules.values()]


def cmd_regels(args: argparse.Namespace) -> int:
    from handreiking.core.project import find_root
    root = find_root(args.root)
    rows = report(root)
    if args.json:
        try:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
            print()
        except BrokenPipeError:  # `handreiking regels --json | head`
            sys.stderr.close()
        return 0
    for row in rows:
        shown = sum(len(v) for k, v in row["getoond"].items() if k != "pdf")
        print(f"{row['id']} ({row['soort']}, {row['file']}:{row['line']}): "
              f"{shown} plek(ken) — {row['tekst']['nl']}")
    print(f"\n{len(rows)} regel(s). Details van één regel: make regel ID=…")
    return 0


def describe(root: Path, rule_id: str) -> list[str]:
    """Dutch lines for `handreiking regel ID`."""
    register = read_register(root)
    if register.problems:
        raise DataError(list(register.problems))
    rule = register.rules.get(rule_id)
    if rule is None:
        from .render import unknown_rule
        raise KeyError(unknown_rule(rule_id, register))
    by_rule, sources = _places_by_rule(root)
    row = _entry(register, rule, by_rule.get(rule_id, []))
    places = by_rule.get(rule_id, [])
    out = [f"Regel '{rule.id}' ({kind_label(rule.kind, 'nl')}), vastgelegd in "
           f"{rule.path}:{rule.line}",
           f"  nl: {rule.text['nl']}", f"  en: {rule.text['en']}"]
    if rule.citations:
        out.append("Bronnen:")
        for c in rule.citations:
            src = register.sources.get(c.source)
            place = f", {c.place['nl']}" if c.place else ""
            title = f" — {src.title['nl']}" if src else ""
            out.append(f"  {c.source}{place}{title}")
    else:
        out.append("Bronnen: geen (advies van deze site)")
    if rule.since:
        out.append(f"Geldt sinds: {rule.since.isoformat()}")
    out.append("Getoond op:")
    labels = (("pagina", "pagina"), ("beslisboom", "beslisboom"), ("checklist", "checklist"))
    any_place = False
    for kind, word in labels:
        for p in sorted((p for p in places if p.kind == kind), key=lambda p: (p.path, p.line)):
            any_place = True
            out.append(f"  {word} {p.target} ({p.path}:{p.line})")
    if not any_place:
        out.append("  nergens: geen pagina, beslisboom of checklist toont deze regel.")
    if row["getoond"]["pdf"]:
        out.append("In pdf's: " + ", ".join(row["getoond"]["pdf"]))
    found = restatements(register, sources, rule_id)
    if found:
        out.append("Zinnen die deze regel in eigen woorden lijken te herhalen (controleer ze):")
        for r in found:
            out.append(f"  {r.path}:{r.line}: {r.sentence}")
    elif rule.kind in ("verplicht", "afspraak") and not any(rule.terms.values()):
        out.append("Geen 'termen' vastgelegd: herhalingen in de tekst worden niet gezocht.")
    else:
        out.append("Geen zinnen gevonden die deze regel in eigen woorden herhalen.")
    return out


def cmd_regel(args: argparse.Namespace) -> int:
    from handreiking.core.project import find_root
    root = find_root(args.root)
    try:
        lines = describe(root, args.id)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def add_parsers(sub) -> None:
    """Register the two commands on the `handreiking` argument parser."""
    p = sub.add_parser("regels", help="toon alle regels en waar ze getoond worden")
    p.add_argument("--json", action="store_true", help="als JSON (id, soort, tekst, bronnen, "
                   "bestand en regel, en elke plek die de regel toont)")
    p.add_argument("--root")
    p.set_defaults(func=cmd_regels)
    p = sub.add_parser("regel", help="toon één regel: tekst, bronnen, waar hij getoond wordt en "
                       "zinnen die hem lijken te herhalen")
    p.add_argument("id", metavar="ID", help="id van de regel, zoals zakelijke-berichten-"
                   "niet-verwijderen")
    p.add_argument("--root")
    p.set_defaults(func=cmd_regel)

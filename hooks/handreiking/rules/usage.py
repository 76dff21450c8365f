"""Where rules are shown: page markers, tree outcomes, checklist items, PDF products; and prose
sentences that look like restatements of a registered rule.

Everything is read from the sources (Markdown and YAML with their lines), so an editor sees the
impact of a rule change before building: `handreiking regels --json`, `handreiking regel ID`.
Nothing here imports MkDocs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handreiking.core import docs as page_model
from handreiking.content import readability
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached, cached_many
from handreiking.core.project import LANGUAGES
from handreiking.core.yamlload import LineDict, LineList, load_shared
from .model import NEEDS_SOURCE, Register
from .render import unknown_rule
from handreiking.core.langs import LANGUAGES, SOURCE
from handreiking.i18n import t

TREE_DIR = Path("checklists") / "trees"


@dataclass(frozen=True)
class Place:
    """One place that shows a rule.

    kind: 'pagina' (target 'page.md#heading' or 'page.md'), 'beslisboom' ('slug#node'),
    'checklist' ('slug#item'), 'pdf' (product id); path/line: where the reference is written.
    """

    kind: str
    target: str
    path: str
    line: int
    rule: str


def _regels_field(node: LineDict, shown: str, kind: str, target: str) -> list[Place]:
    values = node.get("regels")
    if not isinstance(values, list):
        return []
    out = []
    for i, value in enumerate(values):
        line = values.line_of(i) if isinstance(values, LineList) else node.line_of("regels")
        out.append(Place(kind, target, shown, line, str(value)))
    return out


def tree_places(root: Path) -> list[Place]:
    """`regels` of every decision-tree outcome (`slug#outcome`)."""
    out: list[Place] = []
    folder = Path(root) / TREE_DIR
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            data = load_shared(file, root)
        except DataError:
            continue  # reported by the tree check
        shown = display_path(file, root)
        outcomes = data.get("uitkomsten") if isinstance(data, dict) else None
        for node in outcomes if isinstance(outcomes, list) else []:
            if isinstance(node, LineDict) and isinstance(node.get("id"), str):
                out += _regels_field(node, shown, "beslisboom", f"{file.stem}#{node['id']}")
    return out


def checklist_places(root: Path) -> list[Place]:
    """`regels` of every checklist item (`slug#item`)."""
    out: list[Place] = []
    folder = Path(root) / "checklists"
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            data = load_shared(file, root)
        except DataError:
            continue
        shown = display_path(file, root)
        items = data.get("items") if isinstance(data, dict) else None
        for node in items if isinstance(items, list) else []:
            if isinstance(node, LineDict) and isinstance(node.get("id"), str):
                out += _regels_field(node, shown, "checklist", f"{file.stem}#{node['id']}")
    return out


def _heading_above(source: page_model.Source, line: int) -> str:
    slug = ""
    for h in page_model.headings(source):
        if h.line > line:
            break
        if h.level > 1:
            slug = h.slug
    return slug


def page_places(sources: dict[str, page_model.Source]) -> list[Place]:
    """Every `<!-- regel: ID -->` in docs/ (both languages), as 'page.md#nearest-heading'."""
    out = []
    for rel, source in sorted(sources.items()):
        for name, arg, line in page_model.markers(source):
            if name != "regel" or not arg:
                continue
            heading = _heading_above(source, line)
            out.append(Place("pagina", rel + (f"#{heading}" if heading else ""), source.shown,
                             line, arg.strip()))
    return out


def embedded(sources: dict[str, page_model.Source]) -> dict[str, set[tuple[str, str]]]:
    """Pages (Dutch names) embedding trees or checklists: {page: {('beslisboom', slug), ...}}."""
    out: dict[str, set[tuple[str, str]]] = {}
    for rel, source in sources.items():
        if source.lang != SOURCE:
            continue
        for name, arg, _line in page_model.markers(source):
            if name in ("beslisboom", "checklist") and arg:
                out.setdefault(rel, set()).add((name, arg.split()[0]))
    return out


def products(root: Path) -> list[tuple[str, list[str]]]:
    """(product id, Dutch page names) from data/producten.yml; [] when it cannot be read."""
    file = Path(root) / "data" / "producten.yml"
    if not file.is_file():
        return []
    try:
        data = load_shared(file, root)
    except DataError:
        return []
    out = []
    for p in data.get("producten") or []:
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            out.append((p["id"], [str(x) for x in p.get("paginas") or []]))
    return out


def all_places(root: Path, sources: dict[str, page_model.Source] | None = None) -> list[Place]:
    """Every place that shows a rule: pages, tree outcomes, checklist items and PDF products."""
    root = Path(root)
    if sources is None:
        sources = page_model.load_sources(root)
    pages = page_places(sources)
    trees = tree_places(root)
    checklists = checklist_places(root)
    places = pages + trees + checklists
    embeds = embedded(sources)
    for product, page_names in products(root):
        shown: dict[str, None] = {}
        for page in page_names:
            for p in pages:
                if page_model.dutch_name(p.target.partition("#")[0]) == page:
                    shown.setdefault(p.rule)
            for kind, slug in embeds.get(page, ()):
                for p in (trees if kind == "beslisboom" else checklists):
                    if p.target.partition("#")[0] == slug:
                        shown.setdefault(p.rule)
        for rule in shown:
            places.append(Place("pdf", product, "data/producten.yml", 1, rule))
    return places


def indented_markers(sources: dict[str, page_model.Source]) -> list[Problem]:
    """A rule box is a block of its own: a marker indented into a list item, box (admonition)
    or quote, or written inside a line of text, would silently land outside it or split the
    text, so that is an error."""
    out = []
    for source in sources.values():
        rows = source.text.split("\n")
        for name, _arg, line in page_model.markers(source):
            if name not in ("regel", "bronnen"):
                continue
            row = rows[line - 1]
            shape = "<!-- regel: ID -->" if name == "regel" else "<!-- bronnen -->"
            if row[:1] in (" ", "\t", ">"):
                out.append(Problem(source.shown, line, f"de markering '{shape}' staat "
                                   "ingesprongen (in een lijst, kader of citaat); zet haar op een "
                                   "eigen regel helemaal links, met een lege regel erboven en "
                                   "eronder."))
            elif not re.fullmatch(r"<!--[^\n]*?-->[ \t]*", row):
                out.append(Problem(source.shown, line, f"de markering '{shape}' staat niet op "
                                   "een eigen regel; zet haar op een eigen regel helemaal links, "
                                   "met een lege regel erboven en eronder."))
    return out


def reference_problems(register: Register, places: list[Place]) -> list[Problem]:
    """Unknown rule ids in page markers, tree outcomes and checklist items."""
    return [Problem(p.path, p.line, (f"uitkomst '{p.target.partition('#')[2]}': " if
                                     p.kind == "beslisboom" else
                                     f"item '{p.target.partition('#')[2]}': " if
                                     p.kind == "checklist" else "") +
                    unknown_rule(p.rule, register))
            for p in places if p.kind != "pdf" and p.rule not in register.rules]


# ----------------------------------------------------------------------------- restatements

# Words that state an obligation, per language (catalogue key rules.modal).
MODAL = {lang: re.compile(t(lang, "rules.modal"), re.I | re.S) for lang in LANGUAGES}
WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Pages where rules are quoted on purpose (editors' pages and the sources page).
SKIP_PAGES = ("redactie/", "bronnen.md", "bronnen.en.md")


@dataclass(frozen=True)
class Restatement:
    """A prose sentence that contains a rule's terms together with an obligation word."""

    rule: str
    path: str
    line: int
    sentence: str


def _has_terms(words: list[str], terms: tuple[str, ...]) -> bool:
    for term in terms:
        parts = term.split()
        if len(parts) == 1:
            if not any(w.startswith(term) for w in words):
                return False
        else:  # a phrase: consecutive words, each starting with its part
            if not any(all(words[i + k].startswith(part) for k, part in enumerate(parts))
                       for i in range(len(words) - len(parts) + 1)):
                return False
    return True


def restatements(register: Register, sources: dict[str, page_model.Source],
                 rule_id: str | None = None) -> list[Restatement]:
    """Sentences in docs/ that restate a registered verplicht/afspraak rule without showing it:
    every term of the rule (in the page's language) and an obligation word in one sentence,
    not in the paragraph directly before or after the rule's own marker."""
    rules = tuple(r for r in register.rules.values() if r.kind in NEEDS_SOURCE
                  and (rule_id is None or r.id == rule_id))
    if not rules:
        return []
    # What a page's result depends on besides its own text: each rule's id and terms.
    wanted = tuple((r.id, tuple(sorted((lang, tuple(terms)) for lang, terms in r.terms.items())))
                   for r in rules)
    out = []
    for rel, source in sorted(sources.items()):
        if rel.startswith(SKIP_PAGES) or rel in SKIP_PAGES:
            continue
        # `make serve` checks again after every edit: an unchanged page is not scanned again.
        out += cached(source.path, source.path.parent, lambda s=source: tuple(
            _page_restatements(rules, s)), "restatements", (source.text, wanted))
    return out


def _page_restatements(rules: tuple, source: page_model.Source) -> list[Restatement]:
    """The restatements of `rules` in one page."""
    out = []
    lang = source.lang
    pieces = readability.running_text(source)
    if not pieces:
        return out
    marker_lines: dict[str, list[int]] = {}
    for name, arg, line in page_model.markers(source):
        if name == "regel" and arg:
            marker_lines.setdefault(arg.strip(), []).append(line)
    sentences = []  # (piece index, line, sentence, lower-case words) of sentences with a modal
    for index, (text, line) in enumerate(pieces):
        for sentence in readability.SENTENCE_END.split(text):
            if MODAL[lang].search(sentence):
                words = [w.lower() for w in WORDS.findall(sentence)]
                if words:
                    sentences.append((index, line, sentence, words))
    for rule in rules:
        terms = rule.terms.get(lang) or ()
        if not terms:
            continue
        near: set[int] = set()
        for mline in marker_lines.get(rule.id, []):
            before = [i for i, (_t, line) in enumerate(pieces) if line < mline]
            after = [i for i, (_t, line) in enumerate(pieces) if line > mline]
            if before:
                near.add(before[-1])
            if after:
                near.add(after[0])
        lowered = tuple(t.lower() for t in terms)
        for index, line, sentence, words in sentences:
            if index not in near and _has_terms(words, lowered):
                out.append(Restatement(rule.id, source.shown, line, " ".join(sentence.split())))
    return out


def restatement_problems(found: list[Restatement]) -> list[Problem]:
    """As warnings (`handreiking check` prints them but does not fail)."""
    return [Problem(r.path, r.line, f"waarschuwing: deze zin lijkt regel '{r.rule}' te "
                    f"herhalen (\"{r.sentence[:90]}{'…' if len(r.sentence) > 90 else ''}\"); "
                    f"toon de regel met '<!-- regel: {r.rule} -->' in plaats van haar in eigen "
                    "woorden te herhalen, of zet de zin direct naast die markering.",
                    "waarschuwing") for r in found]


# ----------------------------------------------------------------------------- versions

def rule_ref_problem(root: Path, rule_id: str) -> str | None:
    """For a change entry naming a rule (versions.yml `regels`): Dutch problem or None."""
    from .model import read_register
    register = read_register(root)
    return None if rule_id in register.rules else unknown_rule(rule_id, register)


def rule_label(root: Path, rule_id: str, lang: str) -> str:
    """'regel "Verwijder ..."' for the versions page."""
    from .model import read_register
    rule = read_register(root).rules.get(rule_id)
    word = t(lang, "rules.rule_word")
    return f"{word} '{' '.join(rule.text[lang].split())}'" if rule else f"{word} '{rule_id}'"


def badge_targets(root: Path, rule_id: str) -> list[tuple[str, str]]:
    """Where a change badge goes for a rule: ('pagina', 'page.md#heading-id' or 'page.md'),
    ('beslisboom', 'slug#node'), ('checklist', 'slug#item'); Dutch page names, each once.
    A page heading gets the badge only when it has an explicit id (shared by nl and en);
    otherwise the page as a whole is badged."""
    root = Path(root)
    sources = page_model.load_sources(root)
    out: dict[tuple[str, str], None] = {}
    # The versions page asks this for every rule of every change entry: the places are
    # found once per state of their input files (docs/, checklists/ with the trees, products).
    places = cached_many([root / "docs", root / "checklists", root / "data" / "producten.yml"],
                         root, lambda: tuple(all_places(root, sources)), "rules", "places")
    for place in places:
        if place.rule != rule_id or place.kind == "pdf":
            continue
        if place.kind != "pagina":
            out.setdefault((place.kind, place.target))
            continue
        page, _, heading = place.target.partition("#")
        page = page_model.dutch_name(page)
        source = sources.get(page)
        explicit = {h.explicit_id for h in page_model.headings(source)} if source else set()
        out.setdefault(("pagina", f"{page}#{heading}" if heading in explicit else page))
    return list(out)


def folder_rule_texts(root: Path) -> dict[str, dict[str, list[str]]]:
    """lang -> rule id -> the texts its rule box shows ('Verplicht: ...', 'Bron: ...'); empty
    when the registers have errors (for the folders' readability)."""
    from .model import read_register
    from .render import kind_label, source_line
    try:
        register = read_register(root)
    except DataError:
        return {}
    if register.problems:
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for lang in LANGUAGES:
        texts = out.setdefault(lang, {})
        for rule in register.rules.values():
            pieces = [f"{kind_label(rule.kind, lang)}: {' '.join(rule.text[lang].split())}"]
            line = source_line(register, rule, lang)
            if line:
                pieces.append(line)
            texts[rule.id] = pieces
    return out

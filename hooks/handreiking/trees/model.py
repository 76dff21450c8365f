"""Decision trees (beslisbomen): YAML -> one validated model -> renderers (see trees.render).

A tree lives in `checklists/trees/<slug>.yml` (format: docs/redactie/beslisbomen.md, schema:
schemas/tree.json). Loading validates, beyond the schema, the tree as a graph: unique ids,
answers pointing to existing nodes, every node reachable from the start, no cycles, at least two
answers per question, no dead ends, every outcome reached, every text in Dutch and English, no
HTML, links into the guidance that exist. Declared test paths ("these answers lead to that
outcome") are walked on every check, so an editor who changes the tree sees which typical case
now ends elsewhere.

Every problem is a Dutch `path:line: ...` message naming the node id. Nothing here imports MkDocs.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from handreiking.core.urls import check_target
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached, folder_stamp
from handreiking.core.project import LANGUAGES
from handreiking.i18n import t
from handreiking.core.schema import validate
from handreiking.core.yamlload import LineDict, load_shared

TREE_DIR = Path("checklists") / "trees"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]")
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
KINDS = ("bewaren", "niet-bewaren", "twijfel", "stappen")


@dataclass(frozen=True)
class Text:
    """A text in every language (Markdown, no HTML); `open` marks an unconfirmed statement.

    A language without a text is an error (KeyError naming it), never another language."""

    values: tuple[tuple[str, str], ...]
    open: str | None = None

    def __getitem__(self, lang: str) -> str:
        for code, text in self.values:
            if code == lang:
                return text
        raise KeyError(f"tekst zonder taal '{lang}'")


@dataclass(frozen=True)
class Answer:
    """One answer of a question; it leads to exactly one next question or outcome."""

    id: str
    text: Text
    target: str
    line: int
    short: Text | None = None
    open: str | None = None


@dataclass(frozen=True)
class Question:
    """A question with help text, examples and at least two answers."""

    id: str
    text: Text
    answers: tuple[Answer, ...]
    line: int
    short: Text | None = None
    help: Text | None = None
    examples: tuple[Text, ...] = ()
    open: str | None = None

    kind = "vraag"

    def answer(self, answer_id: str) -> Answer | None:
        """The answer with this id, or None."""
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True)
class Outcome:
    """An end point: verdict, what to do, links into the guidance and checklists, sources."""

    id: str
    verdict: Text
    kind_of: str
    line: int
    short: Text | None = None
    explanation: Text | None = None
    actions: tuple[Text, ...] = ()
    guidance: tuple[str, ...] = ()
    checklists: tuple[str, ...] = ()
    trees: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    open: str | None = None
    rules: tuple[str, ...] = ()   # ids from data/regels/ (handreiking.rules)

    kind = "uitkomst"


@dataclass(frozen=True)
class TestPath:
    """A declared case: walking these answer ids from the start must end at `outcome`."""

    name: str
    answers: tuple[str, ...]
    outcome: str
    line: int


@dataclass
class Tree:
    """One validated decision tree."""

    slug: str
    revision: int
    title: Text
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    path: str
    intro: Text | None = None
    sources: dict[str, Text] = field(default_factory=dict)
    tests: tuple[TestPath, ...] = ()
    open: str | None = None

    def node(self, node_id: str) -> Question | Outcome:
        """The question or outcome with this id (KeyError when unknown)."""
        return self.questions.get(node_id) or self.outcomes[node_id]

    @property
    def order(self) -> list[str]:
        """Node ids in reading order: questions as written, then outcomes as written."""
        return list(self.questions) + list(self.outcomes)

    def walk(self, answers: list[str] | tuple[str, ...]) -> tuple[str, str | None]:
        """Follow answer ids from the start: (node reached, Dutch problem or None)."""
        node = self.start
        for answer_id in answers:
            if node in self.outcomes:
                return node, (f"na uitkomst '{node}' volgt nog antwoord '{answer_id}'; haal de "
                              "overbodige antwoorden weg")
            question = self.questions[node]
            answer = question.answer(answer_id)
            if answer is None:
                choices = ", ".join(a.id for a in question.answers)
                return node, (f"vraag '{node}' heeft geen antwoord '{answer_id}'; kies uit: "
                              f"{choices}")
            node = answer.target
        return node, None

    def edges(self) -> list[tuple[str, Answer]]:
        """Every (question id, answer) pair."""
        return [(q.id, a) for q in self.questions.values() for a in q.answers]

    def paths(self, limit: int = 500) -> list[list[tuple[str, Answer]]]:
        """Every path from the start to an outcome (depth first, at most `limit`)."""
        out: list[list[tuple[str, Answer]]] = []

        def visit(node: str, trail: list[tuple[str, Answer]]) -> None:
            if len(out) >= limit:
                return
            if node in self.outcomes:
                out.append(list(trail))
                return
            for answer in self.questions[node].answers:
                trail.append((node, answer))
                visit(answer.target, trail)
                trail.pop()

        visit(self.start, [])
        return out

    def covering_paths(self) -> list[list[str]]:
        """Answer-id paths from the start to an outcome that together follow every edge.

        Declared test paths come first; then one path per edge not yet followed (a shortest
        way to the edge's question, the edge, then a shortest way on to an outcome).
        """
        prefix: dict[str, list[str]] = {self.start: []}
        queue = deque([self.start])
        while queue:
            node = queue.popleft()
            if node in self.questions:
                for answer in self.questions[node].answers:
                    if answer.target not in prefix:
                        prefix[answer.target] = prefix[node] + [answer.id]
                        queue.append(answer.target)
        to_end: dict[str, list[str]] = {o: [] for o in self.outcomes}
        changed = True
        while changed:
            changed = False
            for q in self.questions.values():
                options = [[a.id] + to_end[a.target] for a in q.answers if a.target in to_end]
                if options:
                    best = min(options, key=len)
                    if q.id not in to_end or len(best) < len(to_end[q.id]):
                        to_end[q.id] = best
                        changed = True
        paths = [list(t.answers) for t in self.tests]
        followed: set[tuple[str, str]] = set()

        def mark(path: list[str]) -> None:
            node = self.start
            for answer_id in path:
                followed.add((node, answer_id))
                node = self.questions[node].answer(answer_id).target

        for path in paths:
            mark(path)
        for q_id, answer in self.edges():
            if (q_id, answer.id) not in followed:
                path = prefix[q_id] + [answer.id] + to_end[answer.target]
                mark(path)
                paths.append(path)
        return paths


# --------------------------------------------------------------------------------------------
# Loading and validation


@dataclass
class Context:
    """What validation needs from the project around a tree."""

    root: Path
    docs: Path
    checklists: set[str]
    trees: set[str]
    _docs_stamp: tuple | None = field(default=None, compare=False, repr=False)

    def cache_key(self) -> tuple:
        """What a tree's validation depends on besides its own file (for the model cache):
        the other slugs and every file under docs/ (links into the guidance)."""
        if self._docs_stamp is None:
            self._docs_stamp = folder_stamp(self.docs)
        return frozenset(self.checklists), frozenset(self.trees), self._docs_stamp

    @classmethod
    def of(cls, root: Path) -> "Context":
        """Context of a project folder."""
        root = Path(root)
        return cls(root, root / "docs",
                   {p.stem for p in (root / "checklists").glob("*.yml")},
                   {p.stem for p in (root / TREE_DIR).glob("*.yml")})


class _Collector:
    """Collects problems for one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, message: str, severity: str = "fout") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def open(self, line: int, where: str, text: str | None) -> None:
        if text:
            self.add(line, f"open punt bij {where}: {text}", "open")


def _text(raw: LineDict | None, where: str, field_name: str, out: _Collector,
          required: bool = True) -> Text | None:
    """Build a Text, reporting missing translations, HTML and unsafe links with the node id."""
    if raw is None:
        return None
    values = {}
    for lang in LANGUAGES:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            if required or any(isinstance(raw.get(x), str) and raw.get(x).strip()
                               for x in LANGUAGES):
                out.add(raw.line_of(lang) if lang in raw else raw.line,
                        f"{where}: {field_name} mist de {t(lang, 'language.editor_text')} ('{lang}'); voeg "
                        "die toe, "
                        "want elke tekst staat in het Nederlands en het Engels.")
            values[lang] = ""
            continue
        values[lang] = value.strip()
        line = raw.line_of(lang)
        tag = HTML_TAG.search(value)
        if tag:
            out.add(line, f"{where}: {field_name} ({lang}) bevat HTML "
                    f"('{value[tag.start():tag.start() + 12].strip()}'); HTML is niet toegestaan, "
                    "gebruik Markdown zoals **vet** of [linktekst](https://...).")
        for href in MD_LINK.findall(value):
            if not _link_ok(href):
                out.add(line, f"{where}: {field_name} ({lang}) linkt naar '{href}'; gebruik alleen "
                        "links die met https:// of mailto: beginnen, of een pagina als "
                        "'bewindspersonen/regels.md#frequentie'.")
    return Text(tuple(values.items()), raw.get("open"))


def _link_ok(href: str) -> bool:
    if href.startswith(("https://", "mailto:")):
        return True
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9/_-]*\.md(#[A-Za-z0-9_-]+)?", href))


def md_targets(text: Text) -> list[str]:
    """Links in a text that point into the docs ('page.md#id')."""
    found = [h for lang in LANGUAGES for h in MD_LINK.findall(text[lang]) if ".md" in h
             and not h.startswith(("https://", "mailto:"))]
    return list(dict.fromkeys(found))


_SCHEMA_WHERE = re.compile(r"^(vragen|uitkomsten)\[(\d+)\]")


def _name_node(problem: Problem, data) -> Problem:
    """Put the node id in front of a schema message ('vragen[2].tekst: ...')."""
    m = _SCHEMA_WHERE.match(problem.message)
    if not m or not isinstance(data, dict) or not isinstance(data.get(m.group(1)), list):
        return problem
    items = data[m.group(1)]
    index = int(m.group(2)) - 1
    if not 0 <= index < len(items) or not isinstance(items[index], dict):
        return problem
    node_id = items[index].get("id")
    if not isinstance(node_id, str):
        return problem
    kind = "vraag" if m.group(1) == "vragen" else "uitkomst"
    return Problem(problem.path, problem.line, f"{kind} '{node_id}': {problem.message}",
                   problem.severity)


def parse_tree(file: Path, ctx: Context, data=None) -> tuple[Tree | None, list[Problem]]:
    """Load and validate one tree file: (tree or None, every problem incl. open points).

    `data` is the file already read with yamlload.load (the benchmark times loading apart).
    Without `data` the result is cached until the file, the docs or the set of checklists and
    trees change (see filecache); the Tree is shared and must not be changed.
    """
    if data is None:
        tree, problems = cached(
            file, ctx.root,
            lambda: _freeze_result(_parse_tree(file, ctx, load_shared(file, ctx.root))),
            "tree", ctx.cache_key())
        return tree, list(problems)
    return _parse_tree(file, ctx, data)


def _freeze_result(result: tuple[Tree | None, list[Problem]]) -> tuple:
    return result[0], tuple(result[1])


MAX_NODES = 200   # questions and outcomes in one tree (the site's largest has 19)


def _parse_tree(file: Path, ctx: Context, data) -> tuple[Tree | None, list[Problem]]:
    shown = display_path(file, ctx.root)
    slug = file.stem
    out = _Collector(shown)
    if not SLUG.match(slug):
        out.add(1, f"bestandsnaam '{file.name}' is geen geldige naam voor een beslisboom; gebruik "
                "kleine letters, cijfers en streepjes, zoals 'soort-bericht.yml'.")
    # Limit for pathological input, before the schema and the graph walks (which recurse).
    nodes = sum(len(data.get(k) or ()) for k in ("vragen", "uitkomsten")
                if isinstance(data, dict) and isinstance(data.get(k), list))
    if nodes > MAX_NODES:
        return None, [Problem(shown, data.line_of("vragen"), f"de beslisboom heeft {nodes} vragen "
                              f"en uitkomsten (maximaal {MAX_NODES}); splits hem in kleinere "
                              "beslisbomen.")]
    schema_problems = validate(data, "tree", shown)
    if schema_problems:
        return None, [_name_node(p, data) for p in schema_problems] + out.problems
    out.open(data.line_of("open"), f"beslisboom '{slug}'", data.get("open"))
    title = _text(data["titel"], f"beslisboom '{slug}'", "titel", out)
    intro = _text(data.get("inleiding"), f"beslisboom '{slug}'", "inleiding", out)
    sources: dict[str, Text] = {}
    for sid, raw in data.get("bronnen", {}).items():
        sources[sid] = _text(raw, f"bron '{sid}'", "tekst", out)

    seen: dict[str, int] = {}
    questions: dict[str, Question] = {}
    outcomes: dict[str, Outcome] = {}

    def claim(node_id: str, line: int, kind: str) -> bool:
        if node_id in seen:
            out.add(line, f"{kind} '{node_id}': deze id komt al voor op regel {seen[node_id]}; "
                    "geef elke vraag en uitkomst een eigen id.")
            return False
        seen[node_id] = line
        return True

    for i, raw in enumerate(data["vragen"]):
        line = data["vragen"].line_of(i)
        qid = raw["id"]
        where = f"vraag '{qid}'"
        out.open(line, where, raw.get("open"))
        answers: list[Answer] = []
        answer_lines: dict[str, int] = {}
        for j, ra in enumerate(raw["antwoorden"]):
            aline = raw["antwoorden"].line_of(j)
            aid = ra["id"]
            awhere = f"vraag '{qid}', antwoord '{aid}'"
            if aid in answer_lines:
                out.add(aline, f"{awhere}: deze antwoord-id komt in deze vraag al voor op regel "
                        f"{answer_lines[aid]}; geef elk antwoord een eigen id.")
                continue
            answer_lines[aid] = aline
            out.open(aline, awhere, ra.get("open"))
            answers.append(Answer(aid, _text(ra["tekst"], awhere, "tekst", out), ra["naar"],
                                  ra.line_of("naar"), _text(ra.get("kort"), awhere, "kort", out),
                                  ra.get("open")))
        examples = tuple(_text(e, where, f"voorbeeld {k + 1}", out)
                         for k, e in enumerate(raw.get("voorbeelden", [])))
        question = Question(qid, _text(raw["tekst"], where, "tekst", out), tuple(answers), line,
                            _text(raw.get("kort"), where, "kort", out),
                            _text(raw.get("uitleg"), where, "uitleg", out), examples,
                            raw.get("open"))
        if claim(qid, line, "vraag"):
            questions[qid] = question

    for i, raw in enumerate(data["uitkomsten"]):
        line = data["uitkomsten"].line_of(i)
        oid = raw["id"]
        where = f"uitkomst '{oid}'"
        out.open(line, where, raw.get("open"))
        actions = []
        for k, ra in enumerate(raw.get("acties", [])):
            action = _text(ra, where, f"actie {k + 1}", out)
            out.open(raw["acties"].line_of(k), f"{where}, actie {k + 1}", ra.get("open"))
            actions.append(action)
        for k, target in enumerate(raw.get("handreiking", [])):
            problem = check_target(ctx.docs, target)
            if problem:
                out.add(raw["handreiking"].line_of(k), f"{where}: link naar de handreiking "
                        f"'{target}' klopt niet: {problem}")
        for k, slug_ in enumerate(raw.get("checklists", [])):
            if slug_ not in ctx.checklists:
                out.add(raw["checklists"].line_of(k), f"{where}: checklist '{slug_}' bestaat niet "
                        f"(geen bestand checklists/{slug_}.yml); kies uit: "
                        f"{', '.join(sorted(ctx.checklists)) or '(nog geen checklists)'}.")
        for k, slug_ in enumerate(raw.get("beslisbomen", [])):
            if slug_ not in ctx.trees:
                out.add(raw["beslisbomen"].line_of(k), f"{where}: beslisboom '{slug_}' bestaat "
                        f"niet (geen bestand {TREE_DIR.as_posix()}/{slug_}.yml); kies uit: "
                        f"{', '.join(sorted(ctx.trees))}.")
        for k, sid in enumerate(raw.get("bronnen", [])):
            if sid not in sources:
                out.add(raw["bronnen"].line_of(k), f"{where}: bron '{sid}' staat niet in de lijst "
                        f"'bronnen' bovenaan het bestand; kies uit: "
                        f"{', '.join(sorted(sources)) or '(nog geen bronnen)'}.")
        outcome = Outcome(oid, _text(raw["oordeel"], where, "oordeel", out), raw["soort"], line,
                          _text(raw.get("kort"), where, "kort", out),
                          _text(raw.get("toelichting"), where, "toelichting", out),
                          tuple(actions), tuple(raw.get("handreiking", [])),
                          tuple(raw.get("checklists", [])), tuple(raw.get("beslisbomen", [])),
                          tuple(raw.get("bronnen", [])), raw.get("open"),
                          rules=tuple(raw.get("regels", [])))
        if claim(oid, line, "uitkomst"):
            outcomes[oid] = outcome

    # Links written inside texts ('[...](page.md#id)') must exist too.
    for node in [*questions.values(), *outcomes.values()]:
        texts = [t for t in (getattr(node, "text", None), getattr(node, "help", None),
                             getattr(node, "verdict", None), getattr(node, "explanation", None))
                 if t] + list(getattr(node, "examples", ())) + list(getattr(node, "actions", ()))
        for text in texts:
            for target in md_targets(text):
                problem = check_target(ctx.docs, target)
                if problem:
                    out.add(node.line, f"{node.kind} '{node.id}': link '{target}' in de tekst "
                            f"klopt niet: {problem}")

    start = data.get("start") or data["vragen"][0]["id"]
    start_line = data.line_of("start") if "start" in data else data["vragen"].line_of(0)
    if start not in questions:
        what = "is een uitkomst" if start in outcomes else "bestaat niet"
        out.add(start_line, f"start '{start}' {what}; laat 'start' naar een vraag wijzen.")
    tree = Tree(slug, data["versie"], title, start, questions, outcomes, shown, intro, sources,
                tuple(TestPath(t["naam"], tuple(t["antwoorden"]), t["uitkomst"],
                               data["testpaden"].line_of(i))
                      for i, t in enumerate(data["testpaden"])), data.get("open"))
    if start in questions:
        _check_graph(tree, out)
        if not any(p.severity == "fout" for p in out.problems):
            _check_tests(tree, out)
    return tree, out.problems


def _check_graph(tree: Tree, out: _Collector) -> None:
    """Unknown targets, too few answers, dead ends, cycles, unreachable nodes and outcomes."""
    known = set(tree.questions) | set(tree.outcomes)
    for q in tree.questions.values():
        for a in q.answers:
            if a.target not in known:
                out.add(a.line, f"vraag '{q.id}', antwoord '{a.id}': verwijst naar '{a.target}', "
                        "maar die vraag of uitkomst bestaat niet; controleer de spelling van "
                        "'naar'.")
        if not q.answers:
            out.add(q.line, f"vraag '{q.id}' heeft geen antwoorden: de lezer loopt hier dood; "
                    "geef de vraag minstens twee antwoorden.")
        elif len(q.answers) == 1:
            out.add(q.line, f"vraag '{q.id}' heeft maar één antwoord; een vraag heeft minstens "
                    "twee antwoorden nodig, anders is het geen keuze.")

    def nexts(node: str) -> list[str]:
        q = tree.questions.get(node)
        return [a.target for a in q.answers if a.target in known] if q else []

    # Cycles (depth first, each cycle reported once at its first question).
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in nexts(node):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    out.add(tree.questions[nxt].line, f"vraag '{nxt}' komt via "
                            f"{' → '.join(cycle)} weer bij zichzelf uit (een kringloop); laat "
                            "een antwoord naar een latere vraag of een uitkomst wijzen.")
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in [tree.start, *tree.questions]:
        if node not in state:
            visit(node, [])

    # Reachability from the start.
    reached = {tree.start}
    queue = deque([tree.start])
    while queue:
        for nxt in nexts(queue.popleft()):
            if nxt not in reached:
                reached.add(nxt)
                queue.append(nxt)
    targeted = {a.target for q in tree.questions.values() for a in q.answers}
    for q in tree.questions.values():
        if q.id not in reached:
            out.add(q.line, f"vraag '{q.id}' is vanaf de startvraag '{tree.start}' niet te "
                    "bereiken; laat een antwoord ernaar verwijzen ('naar') of verwijder de vraag.")
    for o in tree.outcomes.values():
        if o.id not in targeted:
            out.add(o.line, f"uitkomst '{o.id}' wordt door geen enkel antwoord bereikt; laat een "
                    "antwoord ernaar verwijzen ('naar') of verwijder de uitkomst.")
        elif o.id not in reached:
            out.add(o.line, f"uitkomst '{o.id}' is vanaf de startvraag '{tree.start}' niet te "
                    "bereiken: alleen onbereikbare vragen verwijzen ernaar.")

    # Dead ends: questions from which no outcome can be reached.
    ends = set(tree.outcomes)
    changed = True
    while changed:
        changed = False
        for q in tree.questions.values():
            if q.id not in ends and any(t in ends for t in nexts(q.id)):
                ends.add(q.id)
                changed = True
    for q in tree.questions.values():
        if q.id not in ends and q.answers:
            out.add(q.line, f"vraag '{q.id}' loopt dood: vanaf hier is geen enkele uitkomst te "
                    "bereiken; laat minstens één antwoord naar een uitkomst leiden.")


def _check_tests(tree: Tree, out: _Collector) -> None:
    """Walk every declared test path; every outcome must be pinned by one."""
    pinned: set[str] = set()
    names: dict[str, int] = {}
    for t in tree.tests:
        where = f"testpad '{t.name}'"
        if t.name in names:
            out.add(t.line, f"{where}: deze naam komt al voor op regel {names[t.name]}; geef elk "
                    "testpad een eigen naam.")
        names[t.name] = t.line
        if t.outcome not in tree.outcomes:
            out.add(t.line, f"{where}: uitkomst '{t.outcome}' bestaat niet; kies uit: "
                    f"{', '.join(tree.outcomes)}.")
            continue
        pinned.add(t.outcome)
        node, problem = tree.walk(t.answers)
        if problem:
            out.add(t.line, f"{where}: {problem}.")
        elif node in tree.questions:
            out.add(t.line, f"{where}: de antwoorden eindigen bij vraag '{node}' in plaats van bij "
                    "een uitkomst; vul de antwoorden aan.")
        elif node != t.outcome:
            out.add(t.line, f"{where}: verwacht uitkomst '{t.outcome}', maar de antwoorden leiden "
                    f"naar '{node}'. Klopt de boom nog met het beleid? Pas de boom of het testpad "
                    "aan.")
    for o in tree.outcomes.values():
        if o.id not in pinned:
            out.add(o.line, f"uitkomst '{o.id}' heeft geen testpad; voeg onder 'testpaden' een "
                    "geval toe dat hier eindigt, zodat een wijziging van de boom opvalt.")


def tree_files(root: Path) -> list[Path]:
    """Every tree file, sorted by name."""
    return sorted((Path(root) / TREE_DIR).glob("*.yml"))


def load_trees(root: Path) -> dict[str, Tree]:
    """Load and validate every tree; raise DataError with all errors (open points pass)."""
    ctx = Context.of(root)
    trees: dict[str, Tree] = {}
    problems: list[Problem] = []
    for file in tree_files(root):
        try:
            tree, found = parse_tree(file, ctx)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(p for p in found if p.severity == "fout")
        if tree is not None:
            trees[tree.slug] = tree
    if problems:
        raise DataError(problems)
    return trees


def check(root: Path) -> list[Problem]:
    """`handreiking check`: every tree's errors, failed test paths and open points."""
    ctx = Context.of(root)
    problems: list[Problem] = []
    for file in tree_files(root):
        try:
            problems.extend(parse_tree(file, ctx)[1])
        except DataError as exc:
            problems.extend(exc.problems)
    return problems

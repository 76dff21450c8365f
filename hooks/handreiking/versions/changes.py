"""Policy versions with their change entries ("wat is er veranderd"), and what they refer to.

`data/versions.yml` is the registry of versions (see project.py for the basic fields); each
version may list `wijzigingen`: what changed and why (nl/en) and which pages (`page.md#id`),
decision trees (`tree-slug[#node]`) and checklist items (`checklist-slug[#item]`) it concerns.

This module gives:
- the model (`load_registry`): versions sorted by date, each with its changes and validity period;
- `version_on(registry, day)`: which version applied on a given date;
- `check(root)`: every reference must exist (errors for the current and concept versions; for
  superseded versions a vanished target is an open point, since history is not rewritten);
- `badges(registry)`: pages and headings changed in the current version ("nieuw"/"gewijzigd");
- `versions_markdown(...)`: the generated part of the page "Versies en wijzigingen".

Trees (`checklists/trees/<slug>.yml`) and checklists (`checklists/<slug>.yml`) are read
generically with the project loader: node ids under a tree's questions/outcomes, item ids under
a checklist's items, so this module does not depend on their full models.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.core.urls import check_target
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.render import markdown_text
from handreiking.core.project import Version, format_date, load_versions
from handreiking.core.render import template
from handreiking.core.yamlload import LineDict, LineList, load_shared
from handreiking.i18n import by_language
from handreiking.core.langs import page_name, url_prefix

VERSIONS_FILE = "data/versions.yml"

# Keys under which trees keep their nodes and checklists their items (Dutch first; English
# accepted so the reader does not break on a renamed key). A mapping is keyed by id; a list
# holds mappings with an `id`.
TREE_NODE_KEYS = ("vragen", "uitkomsten", "knopen", "questions", "outcomes", "nodes")
CHECKLIST_ITEM_KEYS = ("punten", "items", "stappen", "groepen", "onderdelen")

LABELS = by_language("versions")


@dataclass(frozen=True)
class Ref:
    """One reference of a change entry: kind 'pagina', 'beslisboom' or 'checklist'."""

    kind: str
    target: str  # 'page.md#id', 'slug#node', 'slug#item'
    line: int

    @property
    def slug(self) -> str:
        return self.target.partition("#")[0]

    @property
    def anchor(self) -> str:
        return self.target.partition("#")[2]


@dataclass(frozen=True)
class Change:
    """One change entry of a version."""

    kind: str                 # nieuw | gewijzigd | vervallen
    what: dict
    why: dict
    refs: tuple[Ref, ...]
    line: int
    open: str | None = None


@dataclass(frozen=True)
class Entry:
    """A version with its change entries and validity period (end is inclusive; None = open)."""

    version: Version
    changes: tuple[Change, ...]
    line: int
    end: _dt.date | None = None

    @property
    def id(self) -> str:
        return self.version.id

    @property
    def published(self) -> bool:
        """Released and not withdrawn (what `make publish` exports)."""
        return self.version.released


@dataclass
class Registry:
    """All versions (sorted by date in force; an undated concept last) and the shown one."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def current(self) -> Entry:
        """The version this build shows: see project.shown_version (a release build's version,
        else the concept, else the one with status 'actueel')."""
        import os
        from handreiking.core.project import SHOWN_ENV
        wanted = os.environ.get(SHOWN_ENV)
        return (next((e for e in self.entries if wanted and e.id == wanted), None)
                or next((e for e in self.entries if e.version.status == "concept"), None)
                or next(e for e in self.entries if e.version.status == "actueel"))

    @property
    def released_current(self) -> Entry | None:
        """The version with status 'actueel' (None before the first release)."""
        return next((e for e in self.entries if e.version.status == "actueel"), None)

    @property
    def published(self) -> list[Entry]:
        return [e for e in self.entries if e.published]

    def get(self, version_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == version_id), None)

    def previous(self, entry: Entry) -> Entry | None:
        """The published version just before `entry` in the registry's order (date, then id:
        two releases on one day follow each other; an undated concept comes after all)."""
        index = next(i for i, e in enumerate(self.entries) if e.id == entry.id)
        earlier = [e for e in self.entries[:index] if e.published]
        return earlier[-1] if earlier else None


def _refs(item: LineDict) -> tuple[Ref, ...]:
    out = []
    for key, kind in (("paginas", "pagina"), ("beslisbomen", "beslisboom"),
                      ("checklists", "checklist"), ("regels", "regel")):
        values = item.get(key) or []
        for i, value in enumerate(values):
            line = values.line_of(i) if isinstance(values, LineList) else item.line_of(key)
            out.append(Ref(kind, str(value), line))
    return tuple(out)


def load_registry(root: Path) -> Registry:
    """Versions with change entries, sorted by date in force; raise DataError on bad data."""
    versions = {v.id: v for v in load_versions(root)}  # validates schema, dates, one current
    data = load_shared(root / VERSIONS_FILE, root)
    entries = []
    for i, item in enumerate(data["versies"]):
        version = versions.get(item["id"])
        if version is None:  # duplicate id, already reported by load_versions
            continue
        changes = tuple(
            Change(c["soort"], dict(c["wat"]), dict(c["waarom"]), _refs(c), c.line, c.get("open"))
            for c in (item.get("wijzigingen") or []))
        entries.append(Entry(version, changes, data["versies"].line_of(i)))
    entries.sort(key=lambda e: (not e.version.dated, e.version.in_force,
                                tuple(int(n) for n in e.id.split("."))))
    published = [e for e in entries if e.published]
    ends = {}
    for this, following in zip(published, published[1:]):
        # Two releases on one day: the first applied that day only.
        ends[this.id] = max(this.version.in_force,
                            following.version.in_force - _dt.timedelta(days=1))
    entries = [Entry(e.version, e.changes, e.line, ends.get(e.id)) for e in entries]
    return Registry(entries)


def version_on(registry: Registry, day: _dt.date) -> Entry | None:
    """The published version that applied on `day` (None before the first one)."""
    found = None
    for entry in registry.published:
        if entry.version.in_force <= day:
            found = entry
    return found


# --- references -------------------------------------------------------------------------------

def _ids_under(data: Any, keys: tuple[str, ...]) -> set[str] | None:
    """Ids of nodes/items below any of `keys` (recursively through groups); None if no key."""
    found: set[str] | None = None

    def collect(value: Any) -> None:
        nonlocal found
        if isinstance(value, dict):
            for key, child in value.items():
                if key in keys:
                    found = found or set()
                    if isinstance(child, dict):
                        found.update(str(k) for k in child)
                        for sub in child.values():
                            collect(sub)
                    elif isinstance(child, list):
                        for sub in child:
                            if isinstance(sub, dict) and "id" in sub:
                                found.add(str(sub["id"]))
                            collect(sub)
                else:
                    collect(child)
        elif isinstance(value, list):
            for sub in value:
                collect(sub)

    collect(data)
    return found


def _all_ids(data: Any) -> set[str]:
    """Fallback: every `id` value anywhere in the file."""
    out: set[str] = set()
    if isinstance(data, dict):
        if "id" in data:
            out.add(str(data["id"]))
        for child in data.values():
            out |= _all_ids(child)
    elif isinstance(data, list):
        for child in data:
            out |= _all_ids(child)
    return out


def structured_ids(root: Path, kind: str, slug: str) -> set[str] | None:
    """Node ids of tree `slug` or item ids of checklist `slug`; None when the file is missing.

    A file that does not load is treated as having no ids here (its own check reports why).
    """
    file = (root / "checklists" / "trees" / f"{slug}.yml" if kind == "beslisboom"
            else root / "checklists" / f"{slug}.yml")
    if not file.is_file():
        return None
    try:
        data = load_shared(file, root)
    except DataError:
        return set()
    keys = TREE_NODE_KEYS if kind == "beslisboom" else CHECKLIST_ITEM_KEYS
    ids = _ids_under(data, keys)
    return ids if ids is not None else _all_ids(data)


LABEL_KEYS = ("kort", "oordeel", "tekst", "titel", "vraag")


def structured_label(root: Path, kind: str, slug: str, node: str, lang: str) -> str | None:
    """Readable text of a tree node or checklist item (its short label or text), or None."""
    file = (root / "checklists" / "trees" / f"{slug}.yml" if kind == "beslisboom"
            else root / "checklists" / f"{slug}.yml")
    try:
        data = load_shared(file, root)
    except DataError:
        return None

    def find(value: Any) -> dict | None:
        if isinstance(value, dict):
            if str(value.get("id")) == node:
                return value
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            return None
        for child in children:
            hit = find(child)
            if hit is not None:
                return hit
        return None

    hit = find(data)
    if hit is None:
        return None
    for key in LABEL_KEYS:
        text = hit.get(key)
        if isinstance(text, dict) and isinstance(text.get(lang), str):
            return " ".join(text[lang].split())
    return None


def ref_problem(root: Path, ref: Ref) -> str | None:
    """A Dutch description of what is wrong with one reference, or None when it exists."""
    if ref.kind == "regel":  # a rule of data/regels/ (handreiking.rules)
        from handreiking.rules.usage import rule_ref_problem
        return rule_ref_problem(root, ref.target)
    if ref.kind == "pagina":
        return check_target(root / "docs", ref.target)
    ids = structured_ids(root, ref.kind, ref.slug)
    if ids == set():
        return None  # no nodes or items at all: the file is broken and its own check says why
    if ids is None:
        where = ("checklists/trees/" if ref.kind == "beslisboom" else "checklists/") + ref.slug
        what = "beslisboom" if ref.kind == "beslisboom" else "checklist"
        return (f"{what} '{ref.slug}' bestaat niet (verwacht: {where}.yml); controleer de naam.")
    if ref.anchor and ref.anchor not in ids:
        what = "vraag of uitkomst" if ref.kind == "beslisboom" else "punt"
        return (f"{what} '{ref.anchor}' bestaat niet in '{ref.slug}'; kies een bestaande id "
                f"(bijvoorbeeld {', '.join(sorted(ids)[:3]) or 'geen gevonden'}).")
    return None


def check(root: Path) -> list[Problem]:
    """Every reference in a change entry must exist; open points of change entries are listed."""
    try:
        registry = load_registry(root)
    except DataError:
        return []  # project.check reports the registry's own problems
    shown = display_path(root / VERSIONS_FILE, root)
    problems = []
    for entry in registry.entries:
        historic = entry.version.status in ("vervangen", "ingetrokken")
        if entry.version.status != "ingetrokken" and not entry.version.approved_by:
            problems.append(Problem(shown, entry.line, f"open punt: versie {entry.id} heeft nog "
                                    "geen goedkeuring ('goedgekeurd_door' en 'goedgekeurd_op'); "
                                    "de site noemt geen goedkeuring tot die er staat.", "open"))
        for change in entry.changes:
            if change.open:
                problems.append(Problem(shown, change.line, f"open punt (versie {entry.id}): "
                                        f"{change.open}", "open"))
            for ref in change.refs:
                message = ref_problem(root, ref)
                if message is None:
                    continue
                if historic:
                    problems.append(Problem(shown, ref.line, f"versie {entry.id}: {message} De "
                                            "wijziging blijft staan maar wordt zonder link "
                                            "getoond.", "open"))
                else:
                    problems.append(Problem(shown, ref.line, f"versie {entry.id}: {message}"))
    return problems


# --- badges -----------------------------------------------------------------------------------

def badges(root: Path, registry: Registry) -> dict[str, dict]:
    """Pages changed in the current version: {'x.md': {'kind': ..., 'anchors': {id: kind}}}.

    The first published version has no badges: with nothing before it, everything is new.
    'vervallen' entries give no badge (what they name is gone or no longer applies).
    """
    current = registry.current
    if registry.previous(current) is None:
        return {}
    out: dict[str, dict] = {}
    for change in current.changes:
        if change.kind == "vervallen":
            continue
        for ref in _expanded(root, change.refs):
            if ref.kind != "pagina" or ref_problem(root, ref):
                continue
            page = out.setdefault(ref.slug, {"kind": None, "anchors": {}})
            if ref.anchor:
                page["anchors"].setdefault(ref.anchor, change.kind)
                page["kind"] = page["kind"] or "gewijzigd"
            elif change.kind == "nieuw" or page["kind"] is None:
                page["kind"] = change.kind
    return out


def changed_items(root: Path, registry: Registry) -> dict[tuple[str, str], dict[str, str]]:
    """Tree nodes and checklist items changed in the current version.

    {('beslisboom'|'checklist', slug): {node-or-item id or '': 'nieuw'|'gewijzigd'}} — for the
    tree and checklist renderers that want to flag them.
    """
    current = registry.current
    if registry.previous(current) is None:
        return {}
    out: dict[tuple[str, str], dict[str, str]] = {}
    for change in current.changes:
        if change.kind == "vervallen":
            continue
        for ref in _expanded(root, change.refs):
            if ref.kind == "pagina" or ref_problem(root, ref):
                continue
            out.setdefault((ref.kind, ref.slug), {}).setdefault(ref.anchor, change.kind)
    return out


# --- the page "Versies en wijzigingen" --------------------------------------------------------

def anchor_id(version_id: str) -> str:
    """Heading id of a version's section: '2024.1' -> 'v2024-1'."""
    return "v" + version_id.replace(".", "-")


def _expanded(root: Path, refs) -> list[Ref]:
    """A rule reference stands for every page, tree outcome and checklist item showing it."""
    out = []
    for ref in refs:
        if ref.kind != "regel":
            out.append(ref)
            continue
        from handreiking.rules.usage import badge_targets
        out += [Ref(kind, target, ref.line) for kind, target in badge_targets(root, ref.target)]
    return out


def _ref_markdown(root: Path, ref: Ref, lang: str, linkable: bool) -> str:
    t = LABELS[lang]
    if ref.kind == "regel":
        from handreiking.rules.usage import rule_label
        return str(markdown_text(rule_label(root, ref.target, lang)))
    docs = root / "docs"
    if ref.kind == "pagina":
        page = ref.slug
        label = _page_title(docs, page, lang) or page
        return f"[{label}](../{ref.target})" if linkable else label
    word = t["tree"] if ref.kind == "beslisboom" else t["checklist"]
    sub = t["node"] if ref.kind == "beslisboom" else t["item"]
    folder = "beslisbomen" if ref.kind == "beslisboom" else "checklists"
    page = f"{folder}/{ref.slug}.md"
    title = _page_title(docs, page, lang) or ref.slug
    label = f"{word} '{title}'"
    if ref.anchor:
        text = structured_label(root, ref.kind, ref.slug, ref.anchor, lang) if linkable else None
        label += f", {sub} '{text or ref.anchor}'"
    if linkable and (docs / page).is_file() and (docs / page.replace(".md", ".en.md")).is_file():
        return f"[{label}](../{page})"
    return label


def _page_title(docs: Path, page: str, lang: str) -> str | None:
    """The H1 of a page in `lang` (front matter `title:` wins), or None."""
    file = docs / page_name(page, lang)
    if not file.is_file():
        return None
    text = file.read_text(encoding="utf-8")
    body = text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        for row in head.splitlines():
            if row.startswith("title:"):
                return row.split(":", 1)[1].strip().strip("\"'")
    for row in body.splitlines():
        if row.startswith("# "):
            title = row[2:].strip()
            if title.endswith("}") and "{" in title:
                title = title[: title.rindex("{")].strip()
            return title
    return None


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _plain(text: str) -> str:
    """A change text as plain text in the generated Markdown: one line, HTML and Markdown syntax
    escaped (the check refuses HTML and script links; this keeps any slip inert)."""
    return str(markdown_text(" ".join(text.split())))


def period_labels(entry: Entry, lang: str) -> tuple[str, str]:
    t = LABELS[lang]
    start = entry.version.date_label(lang)
    if entry.version.status == "concept":
        return start, t["concept"]
    if entry.version.status == "ingetrokken":
        return (start if entry.version.dated else "—"), t["withdrawn"]
    return start, (format_date(entry.end, lang) if entry.end else t["until_now"])


def _render(name: str, **context: Any) -> str:
    """Render one of this package's Jinja templates (autoescaped HTML)."""
    return template(name, keep_trailing_newline=False, **context)


def period_sentence(registry: Registry, entry: Entry, lang: str) -> str:
    """'Geldt vanaf 17 mei 2024. Dit is de actuele versie.' and the like."""
    t = LABELS[lang]
    start, end = period_labels(entry, lang)
    if entry.version.status == "concept":
        if not entry.version.dated:
            return t["period_concept_undated"]
        return t["period_concept"].format(start=start)
    if entry.version.status == "ingetrokken":
        return t["period_withdrawn"].format(reason=_plain(entry.version.reason[lang]))
    if entry.end is None:
        return t["period_current"].format(start=start)
    published = registry.published
    index = next((i for i, e in enumerate(published) if e.id == entry.id), None)
    following = published[index + 1] if index is not None and index + 1 < len(published) \
        else None
    return t["period_superseded"].format(start=start, end=end,
                                         next=following.id if following else "?")


def versions_markdown(root: Path, registry: Registry, lang: str,
                      archive_prefix: str | None = None) -> str:
    """Markdown for the marker `<!-- versies -->`: date table and finder, one section a version.

    `archive_prefix`: in a versioned (mike) build, the relative URL of the folder that holds all
    versions (e.g. '../../' from /2024.1/versies/); each version then links to its own archived
    site there. None in a plain build (no archive exists).
    """
    t = LABELS[lang]
    statuses = {"actueel": t["current"], "vervangen": t["superseded"], "concept": t["concept"],
                "ingetrokken": t["withdrawn"]}
    rows = []
    for entry in reversed(registry.entries):
        start, end = period_labels(entry, lang)
        rows.append({"id": entry.id, "anchor": anchor_id(entry.id),
                     "title": entry.version.title[lang], "start": start, "end": end,
                     "status": statuses[entry.version.status],
                     "from_iso": (entry.version.in_force.isoformat()
                                  if entry.version.dated else ""),
                     "to_iso": entry.end.isoformat() if entry.end else "",
                     "published": entry.published})
    first = registry.published[0] if registry.published else None
    table = _render("versions_finder.html", lang=lang, t=t, rows=rows,
                    first=format_date(first.version.in_force, lang) if first else "",
                    archive_prefix=archive_prefix,
                    lang_path=url_prefix(lang))
    out = [f"## {t['which']} {{#welke-versie}}", "", t["which_intro"], "", table, ""]
    for entry in reversed(registry.entries):
        vid = anchor_id(entry.id)
        title = _md_escape(entry.version.title[lang])
        out += [f"## {t['section'].format(id=entry.id, title=title)} {{#{vid}}}", ""]
        out += [period_sentence(registry, entry, lang), ""]
        version = entry.version
        if version.correction_of:
            out += [t["correction"].format(id=version.correction_of), ""]
        if version.approved_by:  # never claimed by default: unset is an open point of the check
            out += [(t["approved"].format(who=_plain(version.approved_by),
                                          date=format_date(version.approved_on, lang))
                     if version.approved_on else
                     t["approved_who"].format(who=_plain(version.approved_by))), ""]
        if version.status == "ingetrokken":
            continue  # its change list is not shown: the version was withdrawn as a whole
        out += [f"### {t['changes']} {{#{vid}-wijzigingen}}", ""]
        if not entry.changes:
            out += [t["no_changes"], ""]
        for change in entry.changes:
            out += [f"- **{t[change.kind]}:** {_plain(change.what[lang])}", "",
                    f"    {t['why']}: {_plain(change.why[lang])}", ""]
            refs = [_ref_markdown(root, r, lang, ref_problem(root, r) is None)
                    for r in change.refs]
            if refs:
                out += [f"    {t['concerns']}: {'; '.join(refs)}.", ""]
    return "\n".join(out)

"""Checklists: YAML in `checklists/<slug>.yml` → one validated model → HTML, JSON and downloads.

Pipeline: `load_checklist()` reads a file with the shared loader, validates it against
`schemas/checklist.json` and then checks what a schema cannot (duplicate ids, unknown roles and
moments, day offsets that do not fit the moment, missing translations, unknown sources, links
into the guidance and decision trees). Every problem is `path:line: item '<id>': ...` in Dutch.
`render_widget()` turns a checklist into the page fragment (works without JavaScript) plus the
JSON the browser script reads; downloads live in `checklists/downloads.py`.
Nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path


from handreiking.core.docs import title_and_ids
from handreiking.core.urls import check_target
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached, folder_stamp
from handreiking.pdf.products import human_size  # one way of showing file sizes on the site
from handreiking.core.project import Version
from handreiking.core.schema import name_by_id, validate
from handreiking.core.yamlload import load_shared
from handreiking.core.render import script_json, template
from handreiking.rules.render import rules_html
from handreiking.i18n import by_language, per_language, section, t
from handreiking.core.langs import LANGUAGES, SOURCE, page_name

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MARKER = re.compile(r"<!--\s*checklist:\s*([^\s>]*)\s*-->")


@dataclass(frozen=True)
class Role:
    """Who does an item."""

    id: str
    label: dict


ROLES = {r.id: r for r in (
    Role("bewindspersoon", per_language("checklists.roles.bewindspersoon")),
    Role("secretariaat", per_language("checklists.roles.secretariaat")),
    Role("div", per_language("checklists.roles.div")),
    Role("it", per_language("checklists.roles.it")),
)}


@dataclass(frozen=True)
class Moment:
    """When an item is due: a reference date (or none) and the allowed day offsets from it."""

    id: str
    label: dict
    reference: str | None  # "aantreden", "vertrek" or None (no date)
    lowest: int = 0
    highest: int = 0
    # Day a task without `dag` gets in a reader's date plan: only where the moment itself fixes
    # it (the day itself; monthly). None elsewhere: no source gives a lead time, so such a task
    # stays undated rather than get an invented deadline.
    default: int | None = None
    monthly: bool = False


MOMENTS = {m.id: m for m in (
    Moment("voor-aantreden", per_language("checklists.moments.voor-aantreden"),
           "aantreden", -90, -1),
    Moment("eerste-dag", per_language("checklists.moments.eerste-dag"),
           "aantreden", 0, 0, 0),
    Moment("eerste-week", per_language("checklists.moments.eerste-week"),
           "aantreden", 0, 7),
    Moment("eerste-maand", per_language("checklists.moments.eerste-maand"),
           "aantreden", 8, 31),
    Moment("maandelijks", per_language("checklists.moments.maandelijks"),
           "aantreden", 1, 31, 30, monthly=True),
    Moment("doorlopend", per_language("checklists.moments.doorlopend"), None),
    Moment("voor-vertrek", per_language("checklists.moments.voor-vertrek"),
           "vertrek", -120, -1),
    Moment("laatste-werkdag", per_language("checklists.moments.laatste-werkdag"),
           "vertrek", 0, 0, 0),
    Moment("na-vertrek", per_language("checklists.moments.na-vertrek"),
           "vertrek", 1, 120),
)}

REFERENCES = {ref: per_language(f"checklists.references.{ref}") for ref in ("aantreden", "vertrek")}

# Interface strings for checklists.js (catalogue section checklists.script).
STRINGS = by_language("checklists.script")

LABELS = by_language("checklists.widget")


@dataclass(frozen=True)
class Item:
    """One task of a checklist."""

    id: str
    text: dict
    explanation: dict | None
    roles: tuple[str, ...]
    moment: str
    offset: int | None  # days from the moment's reference date; None when it has none
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    trees: tuple[str, ...] = ()
    open: str | None = None
    line: int = 1
    rules: tuple[str, ...] = ()   # ids from data/regels/ (handreiking.rules)
    timed: bool = False           # `dag` is given: a deadline a source supports, shown as text

    @property
    def digest(self) -> str:
        """Short hash of the Dutch text: ticks carry over to a new version while it is unchanged."""
        text = " ".join(self.text[SOURCE].split())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def when(self, lang: str) -> str | None:
        """Extra timing for moments whose offset varies ('2 weken vóór het vertrek'), else None.

        Only for an explicit `dag`: the moment's default day only places the task in a reader's
        date plan and is never shown as a deadline (no source gives one)."""
        moment = MOMENTS[self.moment]
        if (moment.lowest == moment.highest or moment.monthly or self.offset is None
                or not self.timed):
            return None
        if moment.id in ("eerste-week", "eerste-maand"):
            return None
        words = section(lang, "checklists.when")
        days = abs(self.offset)
        n, unit = (days // 7, "week") if days % 7 == 0 else (days, "day")
        amount = words[f"{unit}_{'one' if n == 1 else 'many'}"].format(n=n)
        ref = words["ref"][moment.reference]
        return words["before" if self.offset < 0 else "after"].format(amount=amount, ref=ref)


@dataclass(frozen=True)
class Checklist:
    """One validated checklist."""

    slug: str
    title: dict
    summary: dict
    items: tuple[Item, ...]
    sources: dict = field(default_factory=dict)
    signature: bool = False
    path: str = ""

    def groups(self) -> list[tuple[Moment, list[Item]]]:
        """Items grouped by moment in the fixed moment order, each group sorted by offset."""
        out = []
        for moment in MOMENTS.values():
            items = [i for i in self.items if i.moment == moment.id]
            if items:
                out.append((moment, sorted(items, key=lambda i: (i.offset or 0))))
        return out

    def references(self) -> list[str]:
        """Reference dates the plan asks for, in a fixed order ('aantreden' before 'vertrek').

        Monthly items count from the date of taking office, but a checklist that only uses that
        date for monthly items besides others (e.g. departure) does not ask for it.
        """
        used = {MOMENTS[i.moment].reference for i in self.items if not MOMENTS[i.moment].monthly}
        used.discard(None)
        if not used and self.monthly():
            used = {"aantreden"}
        return [r for r in REFERENCES if r in used]

    def roles(self) -> list[Role]:
        """Roles used by the items, in the fixed role order."""
        used = {r for i in self.items for r in i.roles}
        return [r for r in ROLES.values() if r.id in used]

    def monthly(self) -> list[Item]:
        """Items that recur every month."""
        return [i for i in self.items if MOMENTS[i.moment].monthly]


# ---------------------------------------------------------------------------------------------
# Loading and validation


def checklist_files(root: Path) -> list[Path]:
    """Every checklist file, sorted (trees live in the subfolder and are not checklists)."""
    folder = root / "checklists"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def _text_problems(node, key: str, where: str, shown: str, line: int) -> list[Problem]:
    value = node.get(key)
    if value is None:
        return []
    out = []
    for lang in LANGUAGES:
        name = f"{t(lang, 'language.editor_text')} ({lang})"
        if not str(value.get(lang) or "").strip():
            out.append(Problem(shown, value.line_of(lang) if lang in value else line,
                               f"{where}: de {name} van '{key}' ontbreekt of is leeg; vul die "
                               "in."))
    return out


def tree_title(root: Path, slug: str, lang: str) -> str | None:
    """Title of a decision tree from its YAML (read generically), or None."""
    file = root / "checklists" / "trees" / f"{slug}.yml"
    try:
        data = load_shared(file, root)
    except DataError:
        return None
    title = data.get("titel") if isinstance(data, dict) else None
    if isinstance(title, dict) and isinstance(title.get(lang), str):
        return title[lang]
    return None


def _depends_on(root: Path) -> tuple:
    """What a checklist's validation reads besides its own file: the guidance pages (links)
    and which decision trees exist."""
    trees = Path(root) / "checklists" / "trees"
    names = sorted(p.name for p in trees.glob("*.yml")) if trees.is_dir() else []
    return folder_stamp(Path(root) / "docs"), tuple(names)


def load_checklist(file: Path, root: Path, _deps: tuple | None = None) -> Checklist:
    """Read and validate one checklist; raise DataError listing every problem.

    Cached until the file, the docs or the set of trees change (see filecache); the Checklist
    is shared and must not be changed. `_deps`: `_depends_on(root)` when already known.
    """
    deps = _deps if _deps is not None else _depends_on(root)
    return cached(file, root, lambda: _load_checklist(file, root), "checklist", deps)


def _load_checklist(file: Path, root: Path) -> Checklist:
    shown = display_path(file, root)
    slug = file.stem
    data = load_shared(file, root)
    problems = name_by_id(validate(data, "checklist", shown), data, "items", "item")
    if not SLUG.match(slug):
        problems.append(Problem(shown, 1, f"bestandsnaam '{file.name}' is geen geldige slug; "
                                "gebruik kleine letters, cijfers en streepjes."))
    if problems:
        raise DataError(problems)
    for key in ("titel", "samenvatting"):
        problems += _text_problems(data, key, "checklist", shown, data.line_of(key))
    sources = data.get("bronnen") or {}
    for key in sources:
        problems += _text_problems(sources, key, f"bron '{key}'", shown, sources.line_of(key))
    docs = root / "docs"
    items, seen = [], {}
    for index, raw in enumerate(data["items"]):
        ident = raw["id"]
        line = data["items"].line_of(index)
        where = f"item '{ident}'"
        if ident in seen:
            problems.append(Problem(shown, raw.line_of("id"), f"{where}: dit id staat er twee "
                                    f"keer in (ook op regel {seen[ident]}); geef elk item een "
                                    "eigen id en verander bestaande ids niet."))
            continue
        seen[ident] = raw.line_of("id")
        for key in ("tekst", "uitleg"):
            problems += _text_problems(raw, key, where, shown, raw.line_of(key))
        for i, role in enumerate(raw["rol"]):
            if role not in ROLES:
                problems.append(Problem(shown, raw["rol"].line_of(i), f"{where}: rol '{role}' "
                                        f"bestaat niet; kies uit: {', '.join(ROLES)}."))
        if len(set(raw["rol"])) != len(raw["rol"]):
            problems.append(Problem(shown, raw.line_of("rol"), f"{where}: een rol staat er twee "
                                    "keer in; noem elke rol één keer."))
        moment = MOMENTS.get(raw["moment"])
        offset = raw.get("dag")
        if moment is None:
            problems.append(Problem(shown, raw.line_of("moment"), f"{where}: moment "
                                    f"'{raw['moment']}' bestaat niet; kies uit: "
                                    f"{', '.join(MOMENTS)}."))
        elif moment.reference is None and offset is not None:
            problems.append(Problem(shown, raw.line_of("dag"), f"{where}: moment "
                                    f"'{moment.id}' heeft geen datum, dus 'dag' mag hier niet; "
                                    "haal 'dag' weg of kies een ander moment."))
        elif offset is not None and not moment.lowest <= offset <= moment.highest:
            problems.append(Problem(shown, raw.line_of("dag"), f"{where}: dag {offset} past niet "
                                    f"bij moment '{moment.id}'; kies een getal van "
                                    f"{moment.lowest} tot en met {moment.highest} (dagen ten "
                                    f"opzichte van de datum van {moment.reference})."))
        elif moment.reference is not None and offset is None:
            offset = moment.default
        for i, key in enumerate(raw.get("bron") or []):
            if key not in sources:
                problems.append(Problem(shown, raw["bron"].line_of(i), f"{where}: bron '{key}' "
                                        "staat niet onder 'bronnen' bovenaan het bestand; voeg "
                                        "hem daar toe of corrigeer de naam."))
        for i, target in enumerate(raw.get("links") or []):
            message = check_target(docs, target)
            if message:
                problems.append(Problem(shown, raw["links"].line_of(i), f"{where}: link {message}"))
        for i, tree in enumerate(raw.get("beslisbomen") or []):
            if not (SLUG.match(tree) and (root / "checklists" / "trees" / f"{tree}.yml").is_file()):
                problems.append(Problem(shown, raw["beslisbomen"].line_of(i), f"{where}: "
                                        f"beslisboom '{tree}' bestaat niet (verwacht "
                                        f"checklists/trees/{tree}.yml); controleer de naam."))
        items.append(Item(ident, dict(raw["tekst"]),
                          dict(raw["uitleg"]) if raw.get("uitleg") else None,
                          tuple(r for r in ROLES if r in raw["rol"]), raw["moment"], offset,
                          tuple(raw.get("bron") or ()), tuple(raw.get("links") or ()),
                          tuple(raw.get("beslisbomen") or ()), raw.get("open"), line,
                          tuple(raw.get("regels") or ()), raw.get("dag") is not None))
    if problems:
        raise DataError(problems)
    return Checklist(slug, dict(data["titel"]), dict(data["samenvatting"]), tuple(items),
                     {k: dict(v) for k, v in sources.items()}, bool(data.get("handtekening")),
                     shown)


def load_all(root: Path) -> dict[str, Checklist]:
    """Every checklist by slug; raise DataError with the problems of all files together."""
    out, problems = {}, []
    deps = _depends_on(root)
    for file in checklist_files(root):
        try:
            checklist = load_checklist(file, root, deps)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        out[checklist.slug] = checklist
    if problems:
        raise DataError(problems)
    return out


def check(root: Path) -> list[Problem]:
    """`handreiking check`: every checklist error (open points are collected by the open-points
    list, which reads `open:` fields of all YAML itself)."""
    try:
        load_all(root)
    except DataError as exc:
        return list(exc.problems)
    return []


# ---------------------------------------------------------------------------------------------
# Rendering


def heading_title(docs: Path, target: str, lang: str) -> str:
    """Visible text of the heading a `page.md#id` target points to (page title without id)."""
    page, _, anchor = target.partition("#")
    file = docs / page_name(page, lang)
    first, titles = title_and_ids(file) if file.is_file() else (None, {})
    if anchor and anchor in titles:
        return titles[anchor]
    return first if first is not None else page


def browser_data(checklist: Checklist, lang: str, version: Version) -> dict:
    """What checklists.js needs: ids, hashes, timing, roles, texts and interface strings."""
    return {
        "slug": checklist.slug,
        "version": version.id,
        "lang": lang,
        "title": checklist.title[lang],
        "items": [{
            "id": i.id, "hash": i.digest, "text": i.text[lang],
            "explanation": (i.explanation or {}).get(lang, ""),
            "roles": list(i.roles), "moment": i.moment,
            "reference": MOMENTS[i.moment].reference, "offset": i.offset,
            "monthly": MOMENTS[i.moment].monthly,
        } for i in checklist.items],
        "references": checklist.references(),
        "roles": {r.id: r.label[lang] for r in checklist.roles()},
        "strings": STRINGS[lang],
    }


@dataclass(frozen=True)
class DownloadLink:
    """A generated download as the page shows it."""

    kind: str
    url: str
    size: int


def render_widget(checklist: Checklist, lang: str, version: Version, *, full: bool,
                  url_for, docs: Path, root: Path,
                  downloads: list[DownloadLink] = ()) -> str:
    """The checklist as an HTML fragment; `url_for(kind, value)` resolves links for this page.

    kinds: 'page' ('x.md#id' → URL), 'tree' (slug → URL), 'checklist' (slug → URL).
    """
    labels = LABELS[lang]
    prefix = f"cl-{checklist.slug}"
    groups = []
    for moment, items in checklist.groups():
        rows = []
        for item in items:
            links = [{"url": url_for("page", t), "text": heading_title(docs, t, lang)}
                     for t in item.links]
            links += [{"url": url_for("tree", t),
                       "text": f"{labels['tree']}: {tree_title(root, t, lang) or t}"}
                      for t in item.trees]
            rows.append({
                "id": item.id, "dom": f"{prefix}-{item.id}", "text": item.text[lang],
                "explanation": (item.explanation or {}).get(lang),
                "when": item.when(lang), "roles": " ".join(item.roles),
                "role_labels": ", ".join(ROLES[r].label[lang] for r in item.roles),
                "sources": [checklist.sources[s][lang] for s in item.sources],
                "links": links, "open": item.open is not None,
                "rules": rules_html(root, item.rules, lang, lambda t: url_for("page", t)),
            })
        groups.append({"id": f"{prefix}-{moment.id}", "label": moment.label[lang], "entries": rows})
    return template("checklist_widget.html",
        cl=checklist, lang=lang, full=full, prefix=prefix, groups=groups, labels=labels,
        roles=[{"id": r.id, "label": r.label[lang]} for r in checklist.roles()],
        references=[{"id": r, "label": REFERENCES[r][lang]} for r in checklist.references()],
        version_id=version.id, version_date=version.date_label(lang),
        data=script_json(browser_data(checklist, lang, version)),
        page_url=url_for("checklist", checklist.slug),
        downloads=[{"kind": d.kind, "url": d.url, "label": labels[d.kind],
                    "ext": d.url.rsplit(".", 1)[-1].upper(), "size": human_size(d.size, lang)}
                   for d in downloads],
    )


def replace_markers(html: str, render) -> str:
    """Replace every `<!-- checklist: slug -->` with `render(slug)`; a slug may appear once."""
    seen = set()

    def sub(match: re.Match) -> str:
        slug = match.group(1)
        if slug in seen:
            raise DataError(Problem("", 1, f"checklist '{slug}' staat twee keer op deze pagina; "
                                    "plaats elke checklist één keer per pagina."))
        seen.add(slug)
        return render(slug)

    return MARKER.sub(sub, html)


def plan_dates(checklist: Checklist, dates: dict[str, _dt.date]) -> dict[str, _dt.date]:
    """Date of each dated item for the given reference dates (the browser does the same)."""
    out = {}
    for item in checklist.items:
        ref = MOMENTS[item.moment].reference
        if ref in dates and item.offset is not None:
            day = dates[ref] + _dt.timedelta(days=item.offset)
            if MOMENTS[item.moment].monthly and day.day > 28:
                day = day.replace(day=28)
            out[item.id] = day
    return out


__all__ = ["Checklist", "Item", "MOMENTS", "ROLES", "check", "load_all",
           "load_checklist", "render_widget", "replace_markers", "plan_dates"]

"""Links between the pages: relative Markdown links and raw hrefs must name existing pages
and anchors (in the linking page's language)."""
from __future__ import annotations

import posixpath
import re

from handreiking.content.html import script_url
from handreiking.core.docs import (ATTR_LIST, EXPLICIT_ID, HTML_ID, LINK, REF_DEF, TAG, Source,
                                   dutch_name, headings, markers)
from handreiking.core.errors import Problem
from handreiking.core.render import html_attrs
from handreiking.core.urls import docs_url
from handreiking.core.langs import LANGUAGES, SOURCE, page_name

OPAQUE_MARKERS = ("beslisboom", "checklist")


def page_ids(source: Source, glossary_ids=(), scene_ids=(), source_ids=()) -> set[str] | None:
    """Every anchor a page has: heading ids, attr-list ids, raw HTML ids and the ids the
    generated fragments add. None when a widget adds anchors we cannot know."""
    ids = {h.slug for h in headings(source)}
    body = source.masked[source.body_start:]
    for m in ATTR_LIST.finditer(body):
        ids.update(EXPLICIT_ID.findall(m.group(1)))
    ids.update(HTML_ID.findall(body))
    for marker, _arg, _line in markers(source):
        if marker == "begrippenlijst":
            ids.update(f"begrip-{g}" for g in glossary_ids)
        elif marker == "animatie":
            ids.update({"ondertitels", "script"} | {f"scene-{s}" for s in scene_ids})
        elif marker == "bronnen":
            ids.update(f"bron-{s}" for s in source_ids)  # handreiking.rules.render.anchor
        elif marker in OPAQUE_MARKERS:
            return None
    return ids



def _resolve_url(rel: str, href: str) -> str | None:
    """A raw href relative to a page's URL -> the Dutch page it means, or None when it is no
    page URL (a download, an image)."""
    path = posixpath.normpath(posixpath.join(docs_url(dutch_name(rel), SOURCE), href))
    if path in (".", ""):
        return "index.md"
    if path.startswith("../"):
        return None
    last = path.rsplit("/", 1)[-1]
    if "." in last and not href.endswith("/"):
        return None
    return path


class LinkChecker:
    """Finds links to pages or anchors that do not exist."""

    def __init__(self, sources: dict[str, Source], glossary_ids, scene_ids, source_ids=()):
        self.sources = sources
        self.glossary_ids = glossary_ids
        self.scene_ids = scene_ids
        self.source_ids = source_ids
        self._ids: dict[str, set[str] | None] = {}
        self.unreadable: set[str] = set()  # pages that exist but are not UTF-8 (reported apart)

    def ids(self, rel: str) -> set[str] | None:
        if rel not in self._ids:
            self._ids[rel] = page_ids(self.sources[rel], self.glossary_ids, self.scene_ids,
                                      self.source_ids)
        return self._ids[rel]

    def anchor(self, source: Source, target_rel: str, anchor: str, line: int) -> Problem | None:
        if not anchor:
            return None
        ids = self.ids(target_rel)
        if ids is None or anchor in ids:
            return None
        return Problem(source.shown, line, f"link naar '#{anchor}': die kop bestaat niet in "
                       f"'docs/{target_rel}'; kies een bestaande kop of geef de kop "
                       f"'{{#{anchor}}}'.")

    def page(self, source: Source, target: str) -> tuple[str | None, str | None]:
        """(target page in the source's language, error) for a relative .md target."""
        folder = posixpath.dirname(source.rel)
        path = posixpath.normpath(posixpath.join(folder, target)) if target else source.rel
        nl = dutch_name(path)
        if any(page_name(nl, lang) in self.unreadable for lang in LANGUAGES):
            return None, None
        if path.startswith("../") or nl not in self.sources:
            return None, f"pagina 'docs/{nl}' bestaat niet; controleer de naam en de map."
        if source.lang != SOURCE:
            own = page_name(nl, source.lang)
            return (own if own in self.sources else None), None
        return nl, None

    def check(self, source: Source) -> list[Problem]:
        problems = []
        body = source.masked
        targets = [(m.group(1), m.start()) for m in LINK.finditer(body, source.body_start)]
        targets += [(m.group(1), m.start()) for m in REF_DEF.finditer(body, source.body_start)]
        for target, offset in targets:
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", target, re.I):
                continue
            page, _, anchor = target.partition("#")
            inside = posixpath.normpath(posixpath.join(posixpath.dirname(source.rel),
                                                       page.split("?")[0])) if page else ""
            if inside == ".." or inside.startswith("../"):
                problems.append(Problem(source.shown, source.line(offset), f"link naar "
                                        f"'{target[:60]}' gaat buiten de map docs/; de site "
                                        "leest en publiceert alleen wat in docs/ staat. Zet het "
                                        "bestand in docs/ of link naar een webadres."))
                continue
            if page and not page.endswith(".md"):
                continue
            line = source.line(offset)
            rel, error = self.page(source, page)
            if error:
                problems.append(Problem(source.shown, line, f"link naar '{target}': {error}"))
            elif rel:
                p = self.anchor(source, rel, anchor, line)
                if p:
                    problems.append(p)
        for m in TAG.finditer(body, source.body_start):
            if m.group(1) or m.group(2).lower() != "a":
                continue
            href = (html_attrs(m.group(3)).get("href") or "").strip()
            if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", href, re.I) or script_url(href):
                continue
            line = source.line(m.start())
            page, _, anchor = href.partition("#")
            if page.endswith(".md"):
                problems.append(Problem(source.shown, line, f"link '{href}' in HTML wijst naar "
                                        "een .md-bestand; dat werkt alleen in een "
                                        "Markdown-link [tekst](pagina.md). Gebruik hier het "
                                        "webadres van de pagina (zoals 'map/pagina/')."))
                continue
            if not page:
                rel = source.rel
            else:
                url = _resolve_url(source.rel, page)
                if url is None:
                    continue
                candidates = [url + "index.md", url.rstrip("/") + ".md"] if url.endswith("/") \
                    else [url + "/index.md", url + ".md"]
                if url == "index.md":
                    candidates = ["index.md"]
                rel = next((c for c in candidates if c in self.sources), None)
                if rel is None:
                    problems.append(Problem(source.shown, line, f"link naar '{href}': er is "
                                            f"geen pagina op dat adres (gezocht: "
                                            f"docs/{candidates[0]}); controleer het adres."))
                    continue
            if source.lang != SOURCE:
                rel = page_name(rel, source.lang)
                if rel not in self.sources:
                    continue
            p = self.anchor(source, rel, anchor, line)
            if p:
                problems.append(p)
        return problems


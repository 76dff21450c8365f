"""Translation parity: every page in both languages with the same heading ids, and English
pages that name the Dutch body they translate (`vertaald_van`, stamped by `handreiking vertaald`)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from handreiking.core.docs import FRONT_MATTER, Source, body_hash, headings
from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.langs import (LANGUAGES, SOURCE, TRANSLATIONS, page_language, page_name,
                                    source_page)
from handreiking.i18n import t


def _every_language(page: str = "x.md") -> str:
    """'het Nederlands (x.md) en het Engels (x.en.md)' for the editors' messages."""
    parts = [f"{t(lang, 'language.name')} ({page_name(page, lang)})" for lang in LANGUAGES]
    return ", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else parts[0]


def check_parity(sources: dict[str, Source],
                 unreadable: set[str] = frozenset()) -> list[Problem]:
    """Every page in every language, with the same explicit heading ids (a counterpart that
    exists but cannot be read is reported as such, not as missing)."""
    problems = []
    for rel, source in sources.items():
        others = ([(SOURCE, source_page(rel))] if source.lang != SOURCE else
                  [(lang, page_name(rel, lang)) for lang in TRANSLATIONS])
        for lang, other in others:
            if other in unreadable:
                continue
            if other not in sources:
                which = t(lang, "language.adjective")
                problems.append(Problem(source.shown, 1, f"de {which} versie 'docs/{other}' "
                                        f"ontbreekt; elke pagina bestaat in {_every_language()}."))
                continue
            theirs = {h.explicit_id for h in headings(sources[other]) if h.explicit_id}
            for h in headings(source):
                if h.explicit_id and h.explicit_id not in theirs:
                    problems.append(Problem(source.shown, h.line, f"kop-id '#{h.explicit_id}' "
                                            f"ontbreekt in 'docs/{other}'; geef de "
                                            f"overeenkomende kop daar '{{#{h.explicit_id}}}'."))
    return problems


def check_translations(sources: dict[str, Source]) -> list[Problem]:
    """Translated pages name the source body they translate (`vertaald_van`)."""
    problems = []
    for rel, source in sources.items():
        if source.lang == SOURCE or source.base not in sources:
            continue
        m = re.search(r"^vertaald_van:[ \t]*[\"']?([0-9a-fA-F]*)[\"']?[ \t]*$",
                      source.front_matter, re.M)
        command = f"make vertaald PAD={source.shown}"
        if not m:
            problems.append(Problem(source.shown, 1, "open punt: nog niet als vertaald "
                                    f"gemarkeerd; controleer de vertaling en draai '{command}'.",
                                    "open"))
            continue
        line = source.line(source.text.index("vertaald_van:"))
        if m.group(1).lower() != body_hash(sources[source.base].text):
            problems.append(Problem(source.shown, line, "de Nederlandse bron is gewijzigd sinds "
                                    "de vertaling; werk de Engelse tekst bij en draai "
                                    f"'{command}'."))
    return problems



def _git_text(root: Path, *args: str) -> str | None:
    import subprocess
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def english_unchanged_since_stamp(root: Path, english: Path, stamp: str) -> bool:
    """True when the English body is the same as in the commit that wrote `vertaald_van: stamp`
    (so the English did not change since the Dutch text it was stamped against). False when git
    does not know (no repository, stamp never committed)."""
    rel = display_path(english, root)
    commit = (_git_text(root, "log", "-1", "--format=%H", "-S", f"vertaald_van: {stamp}", "--",
                        rel) or "").strip()
    if not commit:
        return False
    then = _git_text(root, "show", f"{commit}:{rel}")
    if then is None:
        return False
    return body_hash(then) == body_hash(english.read_text(encoding="utf-8-sig"))


def stamp_translation(root: Path, path: str, reason: str | None = None) -> str:
    """Write `vertaald_van: <hash of the Dutch body>` into an English page's front matter.

    `path` may name the English or the Dutch page. Refused when the Dutch text changed since the
    last stamp but the English did not, unless `reason` says why (stored as `vertaald_reden`).
    Returns a Dutch confirmation line."""
    root = Path(root)
    docs = root / "docs"
    file = (Path(path) if Path(path).is_absolute() else root / path).resolve()
    if not file.is_file():
        file = (Path.cwd() / path).resolve()
    try:
        rel = file.relative_to(docs.resolve()).as_posix()
    except ValueError:
        raise DataError(Problem(str(path), 1, "dit bestand staat niet in docs/; geef een pagina "
                                "als docs/map/pagina.en.md.")) from None
    if not rel.endswith(".md"):
        raise DataError(Problem(str(path), 1, "geen Markdown-pagina (.md)."))
    lang = page_language(rel)
    if lang == SOURCE and len(TRANSLATIONS) == 1:
        lang = TRANSLATIONS[0]
    elif lang == SOURCE:
        raise DataError(Problem(str(path), 1, "geef de vertaalde pagina (zoals "
                                f"{page_name('docs/x.md', TRANSLATIONS[0])}), niet de bronpagina."))
    english, dutch = docs / page_name(source_page(rel), lang), docs / source_page(rel)
    for f in (dutch, english):
        if not f.is_file():
            raise DataError(Problem(display_path(f, root), 1, "bestand niet gevonden; elke "
                                    "pagina bestaat als x.md (Nederlands) en x.en.md (Engels)."))
    digest = body_hash(dutch.read_text(encoding="utf-8-sig"))
    text = english.read_text(encoding="utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    norm = text.replace("\r\n", "\n")
    m = FRONT_MATTER.match(norm)
    old = re.search(r"^vertaald_van:[ \t]*[\"']?([0-9a-f]+)", m.group(1) or "", re.M) if m else None
    if old and old.group(1) == digest:
        return f"{display_path(english, root)}: was al gemarkeerd als vertaling ({digest})."
    if old and not reason and english_unchanged_since_stamp(root, english, old.group(1)):
        shown = display_path(english, root)
        raise DataError(Problem(shown, 1, "de Engelse tekst is niet veranderd sinds de "
                                "Nederlandse veranderde; werk de vertaling bij, of leg vast "
                                "waarom dat niet nodig is: make vertaald "
                                f"PAD={shown} REDEN=\"bijvoorbeeld: alleen een tikfout in het "
                                "Nederlands\"."))
    if m:
        block = m.group(1) or ""
        block = re.sub(r"^vertaald_reden:.*\n", "", block, flags=re.M)
        if reason:
            block += f"vertaald_reden: {json.dumps(' '.join(reason.split()), ensure_ascii=False)}\n"
        if re.search(r"^vertaald_van:.*$", block, re.M):
            block = re.sub(r"^vertaald_van:.*$", f"vertaald_van: {digest}", block, count=1,
                           flags=re.M)
        else:
            block = block + f"vertaald_van: {digest}\n"
        norm = f"---\n{block}---\n" + norm[m.end():]
    else:
        extra = (f"vertaald_reden: {json.dumps(' '.join(reason.split()), ensure_ascii=False)}\n"
                 if reason else "")
        norm = f"---\nvertaald_van: {digest}\n{extra}---\n\n" + norm
    english.write_text(norm.replace("\n", newline), encoding="utf-8")
    return (f"{display_path(english, root)}: gemarkeerd als vertaling van "
            f"{display_path(dutch, root)} ({digest}).")


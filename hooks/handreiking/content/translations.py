"""Translation parity: every page in both languages with the same heading ids, and English
pages that name the Dutch body they translate (`vertaald_van`, stamped by `handreiking vertaald`)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from handreiking.core.docs import (FRONT_MATTER, Source, body_hash, dutch_name, english_name,
                                   headings)
from handreiking.core.errors import DataError, Problem, display_path


def check_parity(sources: dict[str, Source],
                 unreadable: set[str] = frozenset()) -> list[Problem]:
    """Every page in both languages, with the same explicit heading ids (a counterpart that
    exists but cannot be read is reported as such, not as missing)."""
    problems = []
    for rel, source in sources.items():
        other = dutch_name(rel) if source.lang == "en" else english_name(rel)
        if other in unreadable:
            continue
        if other not in sources:
            which = "Nederlandse" if source.lang == "en" else "Engelse"
            problems.append(Problem(source.shown, 1, f"de {which} versie 'docs/{other}' "
                                    "ontbreekt; elke pagina bestaat in het Nederlands (x.md) "
                                    "en het Engels (x.en.md)."))
            continue
        theirs = {h.explicit_id for h in headings(sources[other]) if h.explicit_id}
        for h in headings(source):
            if h.explicit_id and h.explicit_id not in theirs:
                problems.append(Problem(source.shown, h.line, f"kop-id '#{h.explicit_id}' "
                                        f"ontbreekt in 'docs/{other}'; geef de overeenkomende "
                                        f"kop daar '{{#{h.explicit_id}}}'."))
    return problems


def check_translations(sources: dict[str, Source]) -> list[Problem]:
    """English pages name the Dutch body they translate (`vertaald_van`)."""
    problems = []
    for rel, source in sources.items():
        if source.lang != "en" or source.base not in sources:
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
    english, dutch = docs / english_name(rel), docs / dutch_name(rel)
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


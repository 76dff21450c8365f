"""Readability of the pages: words per sentence and long words; the folders stay <= 15."""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from handreiking.core.docs import COMMENT, MARKER_SHAPE, Source, blank
from handreiking.core.errors import Problem
from handreiking.core.langs import SOURCE
from handreiking.i18n import t

FOLDER_MAX_WORDS = 15.0
VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9À-Ý])")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


def syllables(word: str, lang: str = SOURCE) -> int:
    """Vowel groups as syllables (with a silent final e in English).

    >>> syllables("bewindspersonen"), syllables("informatie"), syllables("phone", "en")
    (5, 4, 1)
    """
    w = word.lower()
    count = len(VOWELS.findall(w))
    if (t(lang, "readability.silent_final_e") and count > 1 and w.endswith("e")
            and not w.endswith(("le", "ee"))):
        count -= 1
    return max(count, 1)


def _clean_inline(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{:?[^{}\n]*\}", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    return _html.unescape(text)


def running_text(source: Source) -> list[tuple[str, int]]:
    """(text, line) of each paragraph, list item and table cell: headings, code, comments,
    front matter, admonition titles and raw tags left out."""
    body = source.masked[source.body_start:]
    body = COMMENT.sub(blank, body)
    # Raw HTML structure: list items and paragraphs start new pieces.
    body = re.sub(r"<li\b[^>]*>", lambda m: "\n- " + " " * max(len(m.group(0)) - 3, 0), body)
    body = re.sub(r"</(?:p|li|div|ul|ol|dt|dd)>|<br\s*/?>", lambda m: "\n" + " " *
                  (len(m.group(0)) - 1), body)
    offset_line = source.line(source.body_start)
    pieces: list[list] = []      # [text, line]
    current: list | None = None
    for number, raw in enumerate(body.split("\n")):
        line_no = offset_line + number
        stripped = raw.strip()
        if (not stripped or stripped.startswith("#") or re.match(r"^(!!!|\?\?\?\+?|///)", stripped)
                or re.match(r"^\|?[\s:|-]+\|[\s:|-]*$", stripped) or re.match(r"^(-{3,}|\*{3,})$",
                                                                          stripped)):
            current = None
            continue
        if re.match(r"^<[^>]+>$", stripped):
            current = None
            continue
        if stripped.startswith("|"):
            for cell in stripped.strip("|").split("|"):
                if cell.strip():
                    pieces.append([cell.strip(), line_no])
            current = None
            continue
        item = LIST_ITEM.match(raw)
        if item:
            current = [raw[item.end():].strip(), line_no]
            pieces.append(current)
        elif current is None:
            current = [stripped.lstrip("> "), line_no]
            pieces.append(current)
        else:
            current[0] += " " + stripped
    out = []
    for text, line_no in pieces:
        clean = _clean_inline(text).strip()
        if WORD.search(clean):
            out.append((clean, line_no))
    return out


@dataclass(frozen=True)
class Readability:
    """Readability figures of one page."""

    path: str
    sentences: int
    words: int
    long_words: int
    longest: tuple[int, int]          # (words, line) of the longest sentence

    @property
    def words_per_sentence(self) -> float:
        """Average words per sentence."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_share(self) -> float:
        """Share of words with four or more syllables (0..1)."""
        return self.long_words / self.words if self.words else 0.0


def rule_pieces(source: Source, rule_texts: dict[str, list[str]] | None) -> list[tuple[str, int]]:
    """(text, line) of what each `<!-- regel: ID -->` marker of the page shows: the rule box's
    statement and its source line. `rule_texts` maps a rule id to those texts in the page's
    language (see `rules.usage.folder_rule_texts`); unknown ids add nothing (the marker check
    reports them)."""
    if not rule_texts:
        return []
    out = []
    for m in COMMENT.finditer(source.masked):
        shape = MARKER_SHAPE.match(m.group(1).strip())
        if shape and shape.group(1) == "regel":
            for text in rule_texts.get((shape.group(2) or "").strip(), []):
                out.append((text, source.line(m.start())))
    return out


def readability(source: Source, rule_texts: dict[str, list[str]] | None = None) -> Readability:
    """Words per sentence (each paragraph sentence and list item counts) and long words.

    With `rule_texts` (see `rules.usage.folder_rule_texts`), the rule boxes the page shows
    count too."""
    sentences = words = long_words = 0
    longest = (0, 1)
    for text, line in running_text(source) + rule_pieces(source, rule_texts):
        for sentence in SENTENCE_END.split(text):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            long_words += sum(1 for w in found if syllables(w, source.lang) >= 4)
            if len(found) > longest[0]:
                longest = (len(found), line)
    return Readability(source.shown, sentences, words, long_words, longest)


def comma_number(value: float) -> str:
    """1.25 -> "1,3" (Dutch decimal comma, one decimal)."""
    return f"{value:.1f}".replace(".", ",")


def check_folders(sources: dict[str, Source],
                  rules: dict[str, dict[str, list[str]]] | None = None) -> list[Problem]:
    """The folders average at most 15 words a sentence in their running text, the rule boxes
    they show included (`rules`: lang -> rule id -> texts, see rules.usage.folder_rule_texts)."""
    problems = []
    rules = rules or {}
    for rel, source in sources.items():
        if not rel.startswith("folders/"):
            continue
        r = readability(source, rules.get(source.lang))
        if r.words_per_sentence > FOLDER_MAX_WORDS:
            problems.append(Problem(source.shown, 1, f"gemiddeld {comma_number(r.words_per_sentence)} "
                                    f"woorden per zin in de lopende tekst; een folder heeft "
                                    f"gemiddeld hoogstens {FOLDER_MAX_WORDS:.0f}. Maak zinnen "
                                    f"korter (de langste, {r.longest[0]} woorden, staat op regel "
                                    f"{r.longest[1]})."))
    return problems

"""The folders are real leaflets: one A4 sheet printed on both sides, at B1 level.

Built on the site and its PDFs (`make site`). For every product of data/producten.yml with
`indeling: folder`, in every language:

- the PDF has exactly two A4 pages (front and back of one sheet);
- everything printed on the sheet reads at no more than FOLDER_MAX_WORDS words a sentence on
  average: masthead, table of contents line, text, rule boxes with their source lines and the
  colophon. The text is taken per tagged block (paragraph, heading, list item, table cell) from the
  PDF's structure tree, so a heading or a list item without a full stop counts as a sentence of its
  own, as in `handreiking check --leesbaarheid`. Running headers and footers are artifacts, not
  tagged content, and are not counted;
- the full checklist is not embedded: the folder's web page links to the checklist's own page
  (where its PDF and CSV are) and carries no checklist widget.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

from handreiking.content.readability import FOLDER_MAX_WORDS, SENTENCE_END, WORD
from handreiking.pdf.products import PDF_DIR, load_products
from handreiking.core.urls import docs_url as page_url
from handreiking.core.project import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [p for p in load_products(ROOT).products if p.layout == "folder"]
CASES = [(p.id, lang) for p in FOLDERS for lang in LANGUAGES]
IDS = [f"{p}.{lang}" for p, lang in CASES]
# Structure types whose text is one unit (a paragraph, heading, list item or cell).
BLOCKS = {"/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/LBody", "/LI", "/Lbl", "/TD",
          "/TH", "/Caption", "/BlockQuote", "/Note"}
HYPHEN = "\u2010"                      # what WeasyPrint prints for an automatic hyphenation break

build = pytest.mark.build


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text shown inside that marked-content sequence."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(op, args, cm, tm):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(int(props["/MCID"]) if isinstance(props, DictionaryObject)
                             and "/MCID" in props else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[(number, mcid)] = texts.get((number, mcid), "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def _join(pieces: list[str]) -> str:
    """Join the lines of one block: undo hyphenation breaks, a space between other lines."""
    out = ""
    for piece in pieces:
        piece = piece.replace("\n", " ")
        if out.endswith(HYPHEN):
            out = out[:-1] + piece.lstrip()
        elif out.endswith("-") and piece[:1] == " ":
            out = out + piece.lstrip()
        else:
            out = out + piece
    return " ".join(out.split())


@lru_cache(maxsize=None)
def sheet_units(path: Path) -> tuple[str, ...]:
    """The text of every tagged block of the PDF, in reading order."""
    reader = PdfReader(path)
    texts = _marked_texts(reader)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    units: list[str] = []

    def collect(node, page, into: list[str]):
        """Text of `node` into `into`; nested blocks become units of their own."""
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                collect(kid, page, into)
        elif isinstance(node, (NumberObject, int)):
            into.append(texts.get((page, int(node)), ""))
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages.get(node.raw_get("/Pg").idnum, page)
            if "/MCID" in node and "/S" not in node:       # a marked-content reference
                into.append(texts.get((page, int(node["/MCID"])), ""))
                return
            if str(node.get("/S")) in BLOCKS:
                own: list[str] = []
                if "/K" in node:
                    collect(node["/K"], page, own)
                text = _join(own)
                if WORD.search(text):
                    units.append(text)
            elif "/K" in node:
                collect(node["/K"], page, into)

    stray: list[str] = []
    collect(reader.trailer["/Root"]["/StructTreeRoot"], None, stray)
    if WORD.search(_join(stray)):
        units.append(_join(stray))
    return tuple(units)


def words_per_sentence(units) -> tuple[float, int, int]:
    """(average, sentences, words), counted as content.readability counts a page."""
    sentences = words = 0
    for unit in units:
        for sentence in SENTENCE_END.split(unit):
            found = WORD.findall(sentence)
            if found:
                sentences += 1
                words += len(found)
    return (words / sentences if sentences else 0.0), sentences, words


def _pdf(site_dir: Path, product_id: str, lang: str) -> Path:
    return site_dir / PDF_DIR / f"{product_id}.{lang}.pdf"


def test_there_are_folders():
    assert len(FOLDERS) >= 2


def test_sentence_count_of_units():
    # A heading without a full stop is a sentence of its own; so is every list item.
    average, sentences, words = words_per_sentence(
        ["Wat bewaart u?", "Verplicht: Verwijder niets. Ook geen foto's.", "Hulp"])
    assert (sentences, words) == (4, 10) and average == 2.5
    assert _join(["Dit is ver" + HYPHEN, "\nwijderen en privé-", "\ninformatie"]) == \
        "Dit is verwijderen en privé-informatie"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_folder_is_one_sheet_printed_on_both_sides(site_dir, product_id, lang):
    reader = PdfReader(_pdf(site_dir, product_id, lang))
    assert len(reader.pages) == 2, f"{product_id}.{lang}.pdf has {len(reader.pages)} pages; " \
                                   "a folder is one A4 sheet printed on both sides"
    for page in reader.pages:
        box = [float(v) for v in page.mediabox]
        assert abs(box[2] - 595.3) < 1 and abs(box[3] - 841.9) < 1, "not A4"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_everything_on_the_sheet_is_short_sentences(site_dir, product_id, lang):
    path = _pdf(site_dir, product_id, lang)
    units = sheet_units(path)
    # The measure sees the whole sheet: the title, every heading of the web page, the colophon.
    product = next(p for p in FOLDERS if p.id == product_id)
    html = (site_dir / page_url(product.pages[0], lang) / "index.html").read_text("utf-8")
    article = html[html.find("<article"):html.find("</article>")]
    headings = [" ".join(re.sub(r"<[^>]+>", "", h).split())
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)]
    assert headings
    joined = " ".join(units)
    for heading in [product.title[lang]] + [h.replace("¶", "").strip() for h in headings]:
        assert heading in joined, f"{heading!r} not found in the tagged text of {path.name}"
    average, sentences, words = words_per_sentence(units)
    assert sentences > 20
    assert average <= FOLDER_MAX_WORDS, \
        f"{path.name}: {average:.1f} words a sentence ({words} words, {sentences} sentences); " \
        f"a folder has at most {FOLDER_MAX_WORDS:.0f}. Longest: " \
        f"{max(units, key=lambda u: len(WORD.findall(u)))!r}"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_checklist_is_linked_not_embedded(site_dir, product_id, lang):
    product = next(p for p in FOLDERS if p.id == product_id)
    page = site_dir / page_url(product.pages[0], lang) / "index.html"
    html = page.read_text("utf-8")
    article = html[html.find("<article"):html.find("</article>")]
    assert 'class="hr-checklist' not in article, "the folder embeds a checklist widget"
    links = re.findall(r'href="([^"#]*checklists/[a-z0-9-]+/)"', article)
    assert links, "the folder does not link to a checklist page"
    for href in links:
        target = (page.parent / href / "index.html").resolve()
        assert target.is_file(), f"link {href} leads nowhere"
        assert 'class="hr-checklist' in target.read_text("utf-8")


def test_check_counts_the_rule_boxes_a_folder_shows():
    """`handreiking check --leesbaarheid` measures a folder with its rule boxes, not only its
    prose: a marker adds the box's statement and source line."""
    from handreiking.content import readability as content
    from handreiking.core import docs
    text = "# Folder\n\nKort.\n\n<!-- regel: r1 -->\n\nOok kort.\n"
    source = docs.Source(Path("folders/x.md"), "folders/x.md", "docs/folders/x.md", text, 0,
                         docs.mask_code(text))
    assert content.readability(source).words == 3
    long_source = "Bron: " + " ".join(["woord"] * 30)
    r = content.readability(source, {"r1": ["Verplicht: Doe dit niet.", long_source]})
    assert (r.sentences, r.words) == (4, 3 + 4 + 31)
    assert r.longest == (31, 5)
    assert content.readability(source, {"other": ["Verplicht: X."]}).words == 3


def test_check_measures_the_real_folders_with_their_rules():
    from handreiking.content import readability as content
    from handreiking.core.docs import load_sources
    from handreiking.rules.usage import folder_rule_texts
    rules = folder_rule_texts(ROOT)
    assert rules, "the registers have errors"
    sources = load_sources(ROOT)
    for product in FOLDERS:
        for lang in LANGUAGES:
            rel = product.pages[0] if lang == "nl" else product.pages[0][:-3] + f".{lang}.md"
            source = sources[rel]
            plain = content.readability(source)
            full = content.readability(source, rules[lang])
            assert full.words > plain.words, f"{rel}: no rule boxes counted"
            assert full.words_per_sentence <= FOLDER_MAX_WORDS, rel

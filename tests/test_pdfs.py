"""The product PDFs in the built site, opened with pypdf as a reader's software would.

Every product of data/producten.yml must exist in nl and en, be tagged (PDF/UA-1 variant: title,
/Lang, /StructTreeRoot), embed its fonts without missing glyphs, carry bookmarks that match the
headings of the web pages, have a table of contents whose page numbers are the pages where the
headings land, link internally, leak no build path, and be linked from its web page with the
right page count and size.
"""
from __future__ import annotations

import html as htmllib
import re
import shutil
import zlib
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from handreiking.core.errors import DataError
from handreiking.pdf.products import PDF_DIR, check, human_size, load_products, source_path
from handreiking.core.urls import docs_url as page_url
from handreiking.pdf.document import TEXT, Chapter, DocumentMeta, build_document
from handreiking.core.project import LANGUAGES, load_site

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_products(ROOT)
CASES = [(p.id, lang) for p in CATALOGUE.products for lang in LANGUAGES]
IDS = [f"{p}.{lang}" for p, lang in CASES]
FIXED_TITLES = {t[k] for t in TEXT.values() for k in ("toc", "toc_folder", "colophon")}
STOPWORDS = {
    "nl": {"de", "het", "een", "en", "van", "niet", "voor", "wordt", "zijn", "ook", "bij", "uw"},
    "en": {"the", "and", "of", "not", "for", "is", "are", "your", "with", "this", "that", "to"},
}



build = pytest.mark.build


@pytest.fixture(scope="module")
def pdf_dir(site_dir) -> Path:
    return site_dir / PDF_DIR


@lru_cache(maxsize=None)
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


@lru_cache(maxsize=None)
def _texts(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in _reader(path).pages)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, depth first."""
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, _norm(item.title), reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return out


def _struct_elements(node):
    """Every structure element (a dict with /S) of the tag tree."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            item = item.get_object()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "/S" in item:
                yield item
            if "/K" in item:
                stack.append(item["/K"])


def _roles(node) -> "Counter[str]":
    """How often each structure type (/H1, /P, /L, /Table, ...) occurs in the tag tree."""
    from collections import Counter
    return Counter(str(e["/S"]) for e in _struct_elements(node))


class _Headings(HTMLParser):
    """h1-h3 texts inside the <article> of a built Material page."""

    def __init__(self):
        super().__init__()
        self.in_article = 0
        self.current = None
        self.headings: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        elif self.in_article and tag in ("h1", "h2", "h3"):
            self.current = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif self.current and tag == f"h{self.current[0]}":
            self.headings.append((self.current[0], _norm(self.current[1])))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current[1] += data


def _web_headings(site: Path, page: str, lang: str) -> list[tuple[int, str]]:
    parser = _Headings()
    parser.feed((site / page_url(page, lang) / "index.html").read_text(encoding="utf-8"))
    return parser.headings


def _expected_outline(site: Path, product, lang: str) -> list[tuple[int, str]]:
    """The bookmarks a product must have: its pages' headings (one page: without its h1)."""
    single = len(product.pages) == 1
    out = []
    for page in product.pages:
        for level, text in _web_headings(site, page, lang):
            if single:
                if level > 1:
                    out.append((level - 1, text))
            else:
                out.append((level, text))
    return out


def _pdf(pdf_dir: Path, product_id: str, lang: str) -> Path:
    return pdf_dir / f"{product_id}.{lang}.pdf"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_pdf_exists_tagged_with_title_and_language(pdf_dir, product_id, lang):
    path = _pdf(pdf_dir, product_id, lang)
    assert path.is_file(), f"{path} ontbreekt"
    reader = _reader(path)
    product = CATALOGUE.get(product_id)
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == product.title[lang]
    assert catalog["/Lang"] == lang
    assert "/StructTreeRoot" in catalog, "pdf is not tagged"
    roles = _roles(catalog["/StructTreeRoot"])
    assert roles["/Document"] == 1 and roles["/P"] > 0 and roles["/Link"] > 0, roles
    headings = sum(roles[f"/H{n}"] for n in (1, 2, 3))
    assert headings >= len(_outline(reader)), "every bookmarked heading is tagged as a heading"
    for element in _struct_elements(catalog["/StructTreeRoot"]):
        if element["/S"] == "/Figure":
            assert str(element.get("/Alt", "")).strip(), "image without alternative text"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], "title must be shown, not the name"
    # Dates come from the version registry, never from the clock.
    from handreiking.core.project import current_version
    day = current_version(ROOT).in_force.strftime("%Y%m%d")
    assert reader.metadata["/CreationDate"].startswith(f"D:{day}")
    assert reader.metadata["/ModDate"].startswith(f"D:{day}")
    minimum = 3 + len(product.pages) if product.layout == "boek" else 2
    assert len(reader.pages) >= minimum
    for page in reader.pages:
        box = [float(v) for v in page.mediabox]
        assert abs(box[2] - 595.3) < 1 and abs(box[3] - 841.9) < 1, "not A4"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_fonts_embedded_no_missing_glyphs(pdf_dir, product_id, lang):
    reader = _reader(_pdf(pdf_dir, product_id, lang))
    names = set()
    for number, page in enumerate(reader.pages, 1):
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"font {font['/BaseFont']} not embedded (page {number})"
            encoding = font.get("/Encoding")
            if isinstance(encoding, IndirectObject):
                encoding = encoding.get_object()
            if isinstance(encoding, StreamObject):
                cmap = encoding.get_data().decode("latin-1")
                # WeasyPrint maps a character no font has to CID 0 (.notdef): a box on paper.
                assert not re.search(r"<[0-9a-f]+>\s+0\s*$", cmap, re.M), \
                    f"missing glyph (.notdef) in {font['/BaseFont']} on page {number}"
    assert any("Noto-Sans" in n for n in names), names
    for number, text in enumerate(_texts(_pdf(pdf_dir, product_id, lang)), 1):
        assert "\ufffd" not in text, f"replacement character on page {number}"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_text_is_in_the_right_language(pdf_dir, product_id, lang):
    words = re.findall(r"[a-zà-ÿ]+", " ".join(_texts(_pdf(pdf_dir, product_id, lang))).lower())
    own = sum(w in STOPWORDS[lang] for w in words)
    other = sum(w in STOPWORDS["en" if lang == "nl" else "nl"] for w in words)
    assert own > 20 and own > 4 * other, (own, other)
    text = _norm(" ".join(_texts(_pdf(pdf_dir, product_id, lang))))
    pre, mid = TEXT[lang]["page_of"]
    assert f"{pre}1{mid}" in text, "footer 'pagina X van Y' missing"
    assert TEXT[lang]["colophon"] in text


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_outline_matches_headings_in_reading_order(site_dir, pdf_dir, product_id, lang):
    path = _pdf(pdf_dir, product_id, lang)
    product = CATALOGUE.get(product_id)
    outline = [(level, title) for level, title, _ in _outline(_reader(path))
               if not (level == 1 and title in FIXED_TITLES)]
    expected = _expected_outline(site_dir, product, lang)
    assert expected, "the product's pages have no headings"
    assert outline == expected
    # Reading order: the headings occur in the extracted text in the order of the outline.
    text = _norm(" ".join(_texts(path)))
    start = text.find(TEXT[lang]["toc"] if product.layout == "boek" else product.title[lang])
    position = max(start, 0)
    for _, title in expected:
        found = text.find(title, position)
        assert found >= 0, f"heading {title!r} not found in order after position {position}"
        position = found + len(title)


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_toc_page_numbers_match_where_headings_land(pdf_dir, product_id, lang):
    path = _pdf(pdf_dir, product_id, lang)
    product = CATALOGUE.get(product_id)
    reader = _reader(path)
    texts = _texts(path)
    outline = _outline(reader)
    toc_title = TEXT[lang]["toc" if product.layout == "boek" else "toc_folder"]
    toc_page = next(p for level, title, p in outline if title == toc_title)
    body = [(lvl, t, p) for lvl, t, p in outline if not (lvl == 1 and t in FIXED_TITLES)]
    first_body_page = min(p for _, _, p in body)
    toc_text = _norm(" ".join(texts[toc_page - 1: max(toc_page, first_body_page - 1)]))
    levels = (1, 2) if len(product.pages) > 1 else (1,)
    entries = [(t, p) for lvl, t, p in body if lvl in levels]
    assert entries
    position = 0
    for title, page in entries:  # in order: the same title may occur in two chapters
        m = re.compile(re.escape(title) + r"[\s.]*?(\d+)(?!\d)").search(toc_text, position)
        assert m, f"{title!r} not in the table of contents (in order)"
        position = m.end()
        assert int(m.group(1)) == page, f"TOC says {title!r} is on page {m.group(1)}, " \
                                        f"the bookmark says {page}"
        assert title in _norm(texts[page - 1]), f"{title!r} is not on page {page}"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_links_are_internal_or_absolute_and_leak_no_paths(site_dir, pdf_dir, product_id, lang):
    path = _pdf(pdf_dir, product_id, lang)
    reader = _reader(path)
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uri = str(action.get_object()["/URI"])
                assert re.match(r"(https?://|mailto:|tel:)", uri), f"bad link target {uri!r}"
            else:
                internal += 1
    product = CATALOGUE.get(product_id)
    toc_entries = len([1 for lvl, t, _ in _outline(reader) if t not in FIXED_TITLES])
    assert internal >= min(toc_entries, 3), "table of contents entries must be links"
    raw = path.read_bytes()
    blobs = [raw]
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:  # noqa: BLE001 - free or compressed entries
            continue
        if isinstance(obj, StreamObject):
            try:
                blobs.append(obj.get_data())
            except (zlib.error, ValueError, NotImplementedError):
                pass
    data = b"\n".join(blobs)
    for needle in (b"file:", str(ROOT).encode(), str(site_dir).encode(), b"/tmp/",
                   b"/usr/share/fonts"):
        assert needle not in data, f"{needle!r} found in {path.name}"


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_no_heading_is_orphaned_at_the_foot_of_a_page(pdf_dir, product_id, lang):
    """Every bookmark's top lies well above the bottom margin: a line of text follows it."""
    reader = _reader(_pdf(pdf_dir, product_id, lang))
    bottom_margin = 22 / 25.4 * 72          # @page margin-bottom of the A4 print style
    items, stack = [], [reader.outline]
    while stack:
        for item in stack.pop():
            (stack.append(item) if isinstance(item, list) else items.append(item))
    assert items
    for item in items:
        room = float(item.top) - bottom_margin
        assert room > 30, f"heading {item.title!r} sits at the foot of page " \
                          f"{reader.get_destination_page_number(item) + 1} ({room:.0f} pt)"


@build
@pytest.mark.parametrize("product_id", [p.id for p in CATALOGUE.products])
def test_qr_code_only_with_a_web_address(pdf_dir, product_id):
    product = CATALOGUE.get(product_id)
    site_url = load_site(ROOT).site_url
    for lang in LANGUAGES:
        path = _pdf(pdf_dir, product_id, lang)
        cover = _reader(path).pages[0]
        images = [x for x in (cover["/Resources"].get("/XObject", {}) or {}).values()
                  if x.get_object().get("/Subtype") == "/Image"]
        text = _norm(" ".join(_texts(path)))
        if site_url is None:
            assert not images, "QR code without a web address"
            assert TEXT[lang]["web_unset"] in text
        else:
            web = site_url + page_url(product.pages[0], lang)
            assert web in text
            assert bool(images) == product.qr


@build
@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=IDS)
def test_download_link_on_the_product_page(site_dir, pdf_dir, product_id, lang):
    product = CATALOGUE.get(product_id)
    source = (ROOT / "docs" / source_path(product.pages[0], lang)).read_text(encoding="utf-8")
    if f"pdf-download: {product_id}" not in source:
        pytest.skip(f"docs/{source_path(product.pages[0], lang)} has no pdf-download marker yet")
    page = site_dir / page_url(product.pages[0], lang) / "index.html"
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<a class="md-button" href="([^"]+\.pdf)"[^>]*>([^<]*)<span class="hr-pdf-info"'
                  r'>\(([^)]*)\)</span></a>', html)
    assert m, "no download link"
    target = (page.parent / htmllib.unescape(m.group(1))).resolve()
    assert target == _pdf(pdf_dir, product_id, lang).resolve()
    reader = _reader(target)
    pages = len(reader.pages)
    count = ("1 pagina" if lang == "nl" else "1 page") if pages == 1 else \
        (f"{pages} pagina's" if lang == "nl" else f"{pages} pages")
    info = htmllib.unescape(m.group(3)).replace("\u00a0", " ")
    assert info == f"{count}, {human_size(target.stat().st_size, lang)}"
    assert m.group(2).strip() == ("Download als PDF" if lang == "nl" else "Download as PDF")


# ---------------------------------------------------------------- the domain code, without a site
def _project(tmp_path: Path, producten: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "data").mkdir()
    for name in ("site.yml", "versions.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    (tmp_path / "data" / "producten.yml").write_text(producten, encoding="utf-8")
    for name in ("a.md", "a.en.md", "b.md"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("# Kop\n\nTekst.\n", encoding="utf-8")
    return tmp_path


PRODUCT_YAML = """licentie:
  nl: "CC0"
  en: "CC0"
producten:
  - id: {id}
    titel: {{nl: "T", en: "T"}}
    doelgroep: {{nl: "D", en: "D"}}
    indeling: {layout}
    paginas:
      - a.md
      - {page}
"""


def test_products_report_missing_translation_with_line(tmp_path):
    root = _project(tmp_path, PRODUCT_YAML.format(id="p", layout="boek", page="b.md"))
    with pytest.raises(DataError) as err:
        load_products(root)
    assert str(err.value) == ("data/producten.yml:11: pagina 'docs/b.en.md' van product 'p' "
                              "bestaat niet; controleer de naam of maak de pagina (in het "
                              "Nederlands en het Engels).")


def test_products_schema_errors_name_the_line(tmp_path):
    root = _project(tmp_path, PRODUCT_YAML.format(id="P q", layout="poster", page="a.md"))
    problems = check(root)
    text = "\n".join(str(p) for p in problems)
    assert "data/producten.yml:5:" in text and "'P q'" in text
    assert "data/producten.yml:8:" in text and "'poster' is geen geldige waarde" in text
    assert all(p.severity == "fout" for p in problems)


def _chapters():
    return [
        Chapter("a/index.md", "a/", '<h1 id="kop">Kop</h1><p id="x">Zie <a href="b/#regel">b</a>,'
                ' <a href="#x">hier</a>, <a href="../c/">c</a>, <a href="https://e.nl/">e</a>,'
                ' <a href="javascript:alert(1)">j</a>.</p><script>alert(1)</script>'
                '<p id="x" onclick="alert(1)">dubbel</p><!-- open: notitie -->'),
        Chapter("a/b.md", "a/b/", '<h1 id="b">B</h1><h2 id="regel">Regel &amp; zo</h2>'
                '<label for="v">v</label><input id="v" type="checkbox">'),
    ]


def _meta(site_url=None):
    return DocumentMeta("p", "nl", "Titel", "Wie", "boek", "2024.1", "Reeks", "2024-05-17",
                        "17 mei 2024", "RDDI", "CC0", site_url, site_url and site_url + "a/")


def test_print_document_names_a_publisher_only_when_set():
    html, _ = build_document(_meta(), _chapters())
    assert 'class="cover-publisher">RDDI<' in html and 'name="author" content="RDDI"' in html
    import dataclasses
    html, _ = build_document(dataclasses.replace(_meta(), publisher=""), _chapters())
    assert 'class="cover-publisher"' not in html and 'name="author"' not in html


def test_print_document_rewrites_ids_and_links():
    html, outline = build_document(_meta(), _chapters())
    assert [(h.level, h.id, h.text) for h in outline] == [
        (1, "c1-kop", "Kop"), (1, "c2-b", "B"), (2, "c2-regel", "Regel & zo")]
    assert 'href="#c2-regel"' in html            # link into another chapter of the product
    assert 'href="#c1-x"' in html and 'id="c1-x"' in html and 'id="c1-x-2"' in html
    assert 'href="https://e.nl/"' in html         # external links stay
    assert "<span>c</span>" in html              # no web address known: unlinked, text kept
    assert "javascript" not in html and "onclick" not in html and "<script>alert" not in html
    assert "notitie" not in html                  # editors' comments never reach the PDF
    assert 'for="c2-v"' in html and 'id="c2-v"' in html
    assert '<html lang="nl">' in html and "<title>Titel</title>" in html
    assert 'content="2024-05-17T00:00:00Z"' in html


def test_print_document_links_to_the_web_when_the_address_is_known():
    html, _ = build_document(_meta("https://voorbeeld.nl/ihh/"), _chapters())
    assert 'href="https://voorbeeld.nl/ihh/c/"' in html


def _badged_chapters() -> list[Chapter]:
    """Pages as the site renders them in a version with changes: badges in headings, a change
    note under the title."""
    badge = ' <span class="hr-badge hr-badge--gewijzigd">gewijzigd</span>'
    note = ('<p class="hr-change-note"><span class="hr-badge hr-badge--gewijzigd">Gewijzigd in '
            'versie 9.9</span> <a href="../../versies/#v9-9-wijzigingen">wat is er veranderd</a>'
            '</p>')
    return [
        Chapter("a.md", "a/", f'<h1 id="kop">Kop{badge}</h1>{note}<p>Tekst een.</p>'
                f'<h2 id="sub">Ondertitel{badge}</h2><p>Tekst twee.</p>'),
        Chapter("b.md", "b/", f'<h1 id="b">Tweede hoofdstuk</h1><h2 id="c">Derde{badge}</h2>'
                '<p>Tekst drie.</p>'),
    ]


def test_print_document_leaves_badges_and_change_notes_out():
    html, outline = build_document(_meta(), _badged_chapters())
    assert [h.text for h in outline] == ["Kop", "Ondertitel", "Tweede hoofdstuk", "Derde"]
    assert "hr-badge" not in html and "hr-change-note" not in html
    assert "gewijzigd" not in html.lower() and "wat is er veranderd" not in html
    # The cover names the product series, not the title of the policy version.
    assert 'class="cover-series">' + TEXT["nl"]["series"] + "<" in html
    assert 'class="cover-series">Reeks<' not in html


def test_badge_words_are_not_in_the_pdf_outline_toc_or_running_headers(tmp_path):
    from handreiking.pdf.worker import render
    html, _ = build_document(_meta(), _badged_chapters())
    out = tmp_path / "p.pdf"
    render(html, out, "test")
    reader = PdfReader(str(out))

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title
    outline = list(titles(reader.outline))
    assert "Ondertitel" in outline and not any("gewijzigd" in t.lower() for t in outline)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Tekst twee." in text
    assert "gewijzigd" not in text.lower() and "wat is er veranderd" not in text


def _rule(rule_id: str, text: str, source: bool = True) -> str:
    """A rule statement as handreiking.rules renders it (templates/regel.html)."""
    return (f'<div class="hr-regel hr-regel--verplicht" data-regel="{rule_id}">'
            f'<p class="hr-regel__tekst"><span class="hr-regel__soort">Verplicht'
            f'<span class="hr-regel__sep">:</span></span> {text}</p>'
            + ('<p class="hr-regel__bron">Bron: <a href="https://bron.nl/">Archiefwet</a></p>'
               if source else "") + '</div>')


def test_a_repeated_rule_is_printed_once_with_its_source_and_later_points_to_it():
    chapters = [
        Chapter("a.md", "a/", '<h1 id="a">Eerste hoofdstuk</h1>' + _rule("r1", "Bewaar het.")
                + "<p>Tussen.</p>" + _rule("r1", "Bewaar het.") + _rule("r2", "Meld het.")),
        Chapter("b.md", "b/", '<h1 id="b">Tweede</h1>' + _rule("r1", "Bewaar het.")
                + _rule("r2", "Meld het.")),
    ]
    html, _ = build_document(_meta(), chapters)
    boxes = re.findall(r'<div class="hr-regel[^"]*"[^>]*>.*?</div>', html, re.S)
    assert len(boxes) == 5
    # Every copy keeps the rule's kind and full text, so each statement reads on its own.
    assert all("Verplicht" in b and ("Bewaar het." in b or "Meld het." in b) for b in boxes)
    # The kind is one bold run in print (no nested spans), with the colon kept.
    assert all('<strong class="hr-regel__soort">Verplicht:</strong>' in b for b in boxes)
    assert 'class="hr-regel__sep"' not in html
    first_r1, again_same, first_r2, again_other, again_r2 = boxes
    for first in (first_r1, first_r2):
        assert "hr-regel__bron" in first and "Archiefwet" in first and "herhaald" not in first
    assert 'id="c1-regel-r1"' in first_r1 and 'id="c1-regel-r2"' in first_r2
    for again in (again_same, again_other, again_r2):
        assert "hr-regel--herhaald" in again and "hr-regel__bron" not in again
        assert "id=" not in again
    assert 'href="#c1-regel-r1"' in again_same and TEXT["nl"]["rule_source"]["above"] in again_same
    chapter_ref = TEXT["nl"]["rule_source"]["chapter"].format(t="Eerste hoofdstuk")
    assert 'href="#c1-regel-r1"' in again_other and chapter_ref in again_other
    assert 'href="#c1-regel-r2"' in again_r2 and chapter_ref in again_r2


def test_a_repeated_rule_without_sources_points_nowhere():
    """Advice of the site itself has no source: a repeat must not say 'source: see above'."""
    chapters = [Chapter("a.md", "a/", '<h1 id="a">Een</h1>' + _rule("r3", "Doe het.", False)
                        + _rule("r3", "Doe het.", False))]
    html, _ = build_document(_meta(), chapters)
    assert 'class="hr-regel__zie"' not in html and TEXT["nl"]["rule_source"]["above"] not in html
    assert html.count("Doe het.") == 2


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_rule_keeps_its_source_once_in_the_built_handreiking(pdf_dir, lang):
    """In the built PDF every 'see above' link lands on a copy of the rule with its source."""
    for pid in ("handreiking-ambtelijk", "handreiking-bewindspersonen"):
        reader = PdfReader(pdf_dir / f"{pid}.{lang}.pdf")
        text = "\n".join(p.extract_text() for p in reader.pages)
        above = TEXT[lang]["rule_source"]["above"]
        chapter = TEXT[lang]["rule_source"]["chapter"].split("{t}")[0]
        refs = text.count(above) + text.count(chapter)
        assert refs > 0, f"{pid}.{lang}: no repeated rule points to its first copy"
        names = set(reader.named_destinations)
        assert any("regel-" in n for n in names), f"{pid}.{lang}: no rule anchors"

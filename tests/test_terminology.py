"""One English name per Dutch legal term, and every abbreviation explained (issue 16).

The English pages, the English PDFs and the English texts of the data files name each Dutch act
by one English name; the Dutch name may follow it in brackets ("Public Records Act (Archiefwet)")
or be given as "in Dutch: ...", never stand alone or be replaced by another English name. Every
abbreviation of the glossary that a page uses is written out on that page (first use) or carries
its full form as `<abbr title>`, in both languages.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Dutch name -> (the one English name, other English names that must not appear)
TERMS = {
    "Archiefwet": ("Public Records Act", ["Archives Act", "Archive Act", "Public Archives Act"]),
    "Wet openbaarheid van bestuur": ("Public Access to Government Information Act",
                                     ["Government Information (Public Access) Act",
                                      "Freedom of Information Act"]),
    "Wet open overheid": ("Open Government Act", ["Government Openness Act"]),
    "AVG": ("GDPR", []),
}
# Where the Dutch name may stand in English text: right after the English name in brackets, or
# introduced as the Dutch name.
ALLOWED_BEFORE = r"(?:{en}(?: 1995)?\s+\((?:the\s+)?|[Ii]n Dutch:\s+|Dutch:\s+|\(Woo,\s+|\()$"


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<[^>]+\blang="nl"[^>]*>.*?</[^>]+>', " ", html, flags=re.S)  # Dutch titles
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def problems_in(text: str, where: str) -> list[str]:
    out = []
    for dutch, (english, others) in TERMS.items():
        for other in others:
            if other in text:
                out.append(f"{where}: '{other}' (use '{english}')")
        allowed = re.compile(ALLOWED_BEFORE.format(en=re.escape(english)))
        for m in re.finditer(rf"\b{re.escape(dutch)}\b", text):
            before = text[max(0, m.start() - 60):m.start()]
            if not allowed.search(before):
                out.append(f"{where}: '…{text[max(0, m.start() - 40):m.end() + 20]}…' "
                           f"(English: '{english}')")
    return out


def test_the_check_catches_a_second_name():
    assert problems_in("the Archives Act applies", "x")
    assert problems_in("under the Archiefwet today", "x")
    assert not problems_in("the Public Records Act (Archiefwet) and the GDPR (in Dutch: AVG)", "x")


def test_one_english_name_per_dutch_act_on_every_english_page(site_dir):
    found = []
    for html in sorted((site_dir / "en").rglob("*.html")):
        if "redactie" in html.parts:
            continue
        body = html.read_text(encoding="utf-8")
        main = body.split('<article', 1)[-1].split('</article>', 1)[0]
        found += problems_in(text_of(main), str(html.relative_to(site_dir)))
    assert not found, "\n".join(found[:40])


def test_one_english_name_in_english_pdfs(site_dir):
    from pypdf import PdfReader
    pdfs = sorted((site_dir / "pdf").glob("*.en.pdf"))
    if not pdfs:
        pytest.skip("no PDFs built")
    found = []
    for pdf in pdfs:
        text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())
        found += problems_in(text, pdf.name)
    assert not found, "\n".join(found[:40])


def test_one_english_name_in_english_data_texts():
    found = []
    for path in [*ROOT.glob("data/*.yml"), *ROOT.glob("data/regels/*.yml"),
                 *ROOT.glob("checklists/*.yml"), *ROOT.glob("checklists/trees/*.yml")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = re.match(r'\s*en:\s*"?(.*)', line)
            if m:
                found += problems_in(m.group(1), f"{path.relative_to(ROOT)}:{number}")
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_abbreviation_used_is_explained_on_its_page(site_dir, lang):
    from handreiking.glossary import load_glossary
    terms = [t for t in load_glossary(ROOT) if t.kind == "afkorting"]
    base = site_dir if lang == "nl" else site_dir / "en"
    missing = []
    for html in sorted(base.rglob("index.html")):
        rel = html.relative_to(site_dir)
        if lang == "nl" and rel.parts[0] == "en" or "redactie" in rel.parts:
            continue
        body = html.read_text(encoding="utf-8")
        main = body.split('<article', 1)[-1].split('</article>', 1)[0]
        # Running text only: headings, links and code are not expanded by design (glossary.py),
        # but their abbreviations are explained where the text first uses them.
        running = re.sub(r"<(h[1-6]|a|code|pre)\b.*?</\1>", " ", main, flags=re.S)
        text = text_of(running)
        for term in terms:
            short, full = term.forms[lang], term.expansion[lang]
            if not re.search(rf"(?<![\w&]){re.escape(short)}(?![\w&])", text):
                continue
            if full not in text and f'title="{full}"' not in main.replace("&amp;", "&"):
                missing.append(f"{rel}: {short} ({full}) niet uitgelegd")
    assert not missing, "\n".join(missing[:40])

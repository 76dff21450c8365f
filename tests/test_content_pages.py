"""Guidance content, part A: home, handreiking voor bewindspersonen, folders, phone settings,
instruction and the site's general pages.

Checked against the Markdown sources and the built site (`HANDREIKING_SITE`): every page exists in
both languages, the agreed heading ids exist in both languages' HTML, the home page's task entries
lead to the agreed pages, widget markers are in place, the folders stay in plain language, every
phone-menu path is flagged for editors, and no personal data from the seeds leaks into the text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

PAGES = [
    "index.md",
    "bewindspersonen/index.md", "bewindspersonen/wat-bewaren.md", "bewindspersonen/kanalen.md",
    "bewindspersonen/regels.md", "bewindspersonen/hulp.md",
    "folders/nieuw.md", "folders/vertrek.md",
    "telefoon/index.md", "telefoon/whatsapp.md", "telefoon/signal.md",
    "achtergrond/instructie.md",
    "over.md", "toegankelijkheid.md", "privacy.md", "contact.md",
]

# Agreed heading ids (other parts link to these as page.md#id).
AGREED_IDS = {
    "bewindspersonen/wat-bewaren.md": ["zakelijk", "prive", "partijpolitiek", "gemengd", "twijfel"],
    "bewindspersonen/kanalen.md": ["e-mail", "chat", "whatsapp", "signal", "sms", "sociale-media",
                                   "accounts-apparaten"],
    "bewindspersonen/regels.md": ["instructie-regels", "zakelijke-telefoon", "niet-verwijderen",
                                  "niet-aanpassen", "automatisch-verwijderen",
                                  "eenmalige-weergave", "frequentie"],
    "bewindspersonen/hulp.md": ["hulp", "div-loket"],
    "telefoon/whatsapp.md": ["whatsapp-automatisch-verwijderen", "whatsapp-eenmalige-weergave",
                             "whatsapp-exporteren"],
    "telefoon/signal.md": ["signal-verdwijnende-berichten", "signal-eenmalige-weergave"],
}

# Markers other parts replace; each must stay in the page (both languages) exactly once.
MARKERS = {
    "bewindspersonen/index.md": ["<!-- pdf-download: handreiking-bewindspersonen -->"],
    "bewindspersonen/wat-bewaren.md": ["<!-- beslisboom: soort-bericht -->"],
    "bewindspersonen/kanalen.md": ["<!-- beslisboom: veiligstellen -->"],
    # A folder links its checklist (its own download) instead of embedding it (issue 13).
    "folders/nieuw.md": ["](../checklists/nieuwe-bewindspersoon.md)",
                         "<!-- pdf-download: folder-nieuw -->"],
    "folders/vertrek.md": ["](../checklists/vertrekkende-bewindspersoon.md)",
                           "<!-- pdf-download: folder-vertrek -->"],
    "telefoon/index.md": ["<!-- checklist: telefooninstellingen -->"],
    "achtergrond/instructie.md": ["<!-- pdf-download: instructie -->",
                                  "<!-- tijdlijn: 2022-05 tot 2023-07 -->"],
    "contact.md": ["<!-- contact -->"],
}

# Home page task entries: title fragment (nl, en) -> built URL relative to the language root.
TASKS = {
    ("Ik word bewindspersoon", "I am taking office"): "folders/nieuw/",
    ("Ik vertrek", "I am leaving office"): "folders/vertrek/",
    ("Ik ondersteun een bewindspersoon", "I support a minister"): "ambtelijk/",
}
PRODUCTS = ["bewindspersonen/", "ambtelijk/", "folders/nieuw/", "folders/vertrek/", "telefoon/",
            "beslisbomen/", "checklists/", "achtergrond/animatie/", "achtergrond/instructie/",
            "achtergrond/tijdlijn/"]

FOLDER_MAX_WORDS_PER_SENTENCE = 15
# Personal data in the seeds that must never appear on the site (officials' names, e-mail
# addresses, internal meeting times).
PERSONAL = [re.compile(p, re.I) for p in (r"heeten", r"@minbzk", r"09[.:]00", r"09[.:]30",
                                          r"donderdag", r"thursday")]


def en(page: str) -> str:
    """'a/b.md' -> 'a/b.en.md'."""
    return page[:-3] + ".en.md"


def built(site: Path, page: str, lang: str) -> Path:
    """Built HTML file of a docs page in a language ('over.md', 'en' -> site/en/over/index.html)."""
    stem = page[:-3]
    rel = "" if stem == "index" else (stem[:-len("index")] if stem.endswith("/index") else stem + "/")
    prefix = "en/" if lang == "en" else ""
    return site / (prefix + rel) / "index.html"


def front_matter(text: str) -> str:
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return m.group(1) if m else ""


# ----------------------------------------------------------------------- readability counter

def running_text_sentences(markdown: str) -> list[str]:
    """Sentences of running text: each list item counts as one sentence, paragraphs (and
    admonition bodies) are split on . ! ? ; headings, tables, markers and raw HTML are left out."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)      # links -> their text
    text = re.sub(r"[*_`]", "", text)
    sentences: list[str] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            joined = " ".join(paragraph)
            paragraph.clear()
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", joined) if re.search(r"\w", s))

    item: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        bullet = re.match(r"(?:[-*+]|\d+\.)\s+(.*)", stripped)
        if bullet:
            flush()
            if item:
                sentences.append(" ".join(item))
            item = [bullet.group(1)]
            continue
        if item is not None and stripped and line.startswith((" ", "\t")):
            item.append(stripped)                            # continuation of the list item
            continue
        if item is not None:
            sentences.append(" ".join(item))
            item = None
        if not stripped or stripped.startswith(("#", "|", "!!!")):
            flush()
            continue
        paragraph.append(stripped)
    if item:
        sentences.append(" ".join(item))
    flush()
    return [s for s in sentences if re.search(r"\w", s)]


def words(sentence: str) -> int:
    return len(re.findall(r"[\w'’-]+", sentence))


def test_counter_counts_items_and_sentences():
    md = ("---\nherzien: 2024-05-17\n---\n\n# Kop\n\nEen twee drie. Vier vijf.\n\n"
          "- Zes zeven acht negen.\n  Tien.\n- Elf.\n\n<!-- checklist: x -->\n")
    assert [words(s) for s in running_text_sentences(md)] == [3, 2, 5, 1]


# ----------------------------------------------------------------------- sources

@pytest.mark.parametrize("page", PAGES)
def test_source_exists_in_both_languages_with_review_date(page):
    for path in (page, en(page)):
        file = DOCS / path
        assert file.is_file(), f"docs/{path} ontbreekt"
        meta = front_matter(file.read_text(encoding="utf-8"))
        assert re.search(r"^herzien: \d{4}-\d{2}-\d{2}$", meta, re.M), f"docs/{path}: geen herzien"


@pytest.mark.parametrize("page", sorted(MARKERS))
def test_widget_markers_in_place(page):
    for path in (page, en(page)):
        text = (DOCS / path).read_text(encoding="utf-8")
        for marker in MARKERS[page]:
            assert text.count(marker) == 1, f"docs/{path}: {marker} moet er precies één keer staan"


@pytest.mark.parametrize("page", ["bewindspersonen/index.md", "folders/nieuw.md",
                                  "folders/vertrek.md", "achtergrond/instructie.md"])
def test_pdf_marker_directly_under_title(page):
    for path in (page, en(page)):
        body = re.sub(r"\A---\n.*?\n---\n", "", (DOCS / path).read_text(encoding="utf-8"), flags=re.S)
        lines = [line for line in body.splitlines() if line.strip()]
        assert lines[0].startswith("# ") and lines[1].startswith("<!-- pdf-download:"), path


@pytest.mark.parametrize("folder", ["folders/nieuw.md", "folders/vertrek.md"])
def test_folders_average_at_most_15_words_per_sentence(folder):
    """The folder's own prose plus the rule boxes it shows (statement and source line): most of
    a leaflet is rule boxes since issue 13, so prose alone would measure almost nothing."""
    from handreiking.core.docs import load_sources
    from handreiking.content.readability import rule_pieces, SENTENCE_END
    from handreiking.rules.usage import folder_rule_texts
    sources, rules = load_sources(ROOT), folder_rule_texts(ROOT)
    for path in (folder, en(folder)):
        source = sources[path]
        sentences = running_text_sentences((DOCS / path).read_text(encoding="utf-8"))
        sentences += [s for text, _ in rule_pieces(source, rules.get(source.lang))
                      for s in SENTENCE_END.split(text) if re.search(r"\w", s)]
        counts = [words(s) for s in sentences]
        assert len(counts) >= 15, f"docs/{path}: te weinig tekst ({len(counts)} zinnen)"
        average = sum(counts) / len(counts)
        assert average <= FOLDER_MAX_WORDS_PER_SENTENCE, (
            f"docs/{path}: gemiddeld {average:.1f} woorden per zin (max. "
            f"{FOLDER_MAX_WORDS_PER_SENTENCE})")
        # Readable in under five minutes on a phone (~200 words a minute, generous margin).
        assert sum(counts) <= 800, f"docs/{path}: {sum(counts)} woorden"


@pytest.mark.parametrize("page", ["telefoon/whatsapp.md", "telefoon/signal.md", "telefoon/index.md"])
def test_every_menu_path_cites_the_app_makers_help_page(page):
    """A list of steps that names menu items (bold) is followed, in its next paragraph, by a
    link to a help page of the app maker on the sources page (a registered source of kind
    'handleiding'); menu paths without such a source are not written as steps at all."""
    from handreiking.rules.model import load_register
    manuals = {s.id for s in load_register(ROOT).sources.values() if s.kind == "handleiding"}
    cite = re.compile(r"bronnen\.md#bron-([\w-]+)")
    for path in (page, en(page)):
        text = (DOCS / path).read_text(encoding="utf-8")
        for m in re.finditer(r"(?:^\d+\. .*\n(?:^[ \t]+\S.*\n)*)+", text, re.M):
            if "**" not in m.group(0):
                continue
            after = text[m.end():].lstrip("\n").split("\n\n", 1)[0]
            cited = cite.findall(after)
            assert cited and set(cited) <= manuals, (
                f"docs/{path}: menupad zonder hulppagina van de app-maker als bron:\n{m.group(0)}")


@pytest.mark.parametrize("page", PAGES)
def test_no_personal_data_from_the_seeds(page):
    for path in (page, en(page)):
        text = (DOCS / path).read_text(encoding="utf-8")
        for pattern in PERSONAL:
            assert not pattern.search(text), f"docs/{path}: persoonsgegeven '{pattern.pattern}'"


def test_english_pages_use_the_same_explicit_ids():
    heading_id = re.compile(r"^#{2,6} .*\{#([\w-]+)\}\s*$", re.M)
    for page in PAGES:
        nl_ids = heading_id.findall((DOCS / page).read_text(encoding="utf-8"))
        en_ids = heading_id.findall((DOCS / en(page)).read_text(encoding="utf-8"))
        assert nl_ids == en_ids, f"{page}: nl {nl_ids} / en {en_ids}"


# ----------------------------------------------------------------------- built site

@pytest.mark.parametrize("page", PAGES)
def test_built_in_both_languages(site_dir, page):
    for lang in ("nl", "en"):
        html = built(site_dir, page, lang)
        assert html.is_file(), f"{page} ({lang}) is niet gebouwd: {html}"
        text = html.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text
        assert "Deze pagina wordt aangevuld" not in text and "being completed" not in text, page


@pytest.mark.parametrize("page", sorted(AGREED_IDS))
def test_agreed_ids_in_built_html(site_dir, page):
    for lang in ("nl", "en"):
        text = built(site_dir, page, lang).read_text(encoding="utf-8")
        for anchor in AGREED_IDS[page]:
            assert re.search(rf'<h[23][^>]*\bid="{re.escape(anchor)}"', text), (
                f"{page} ({lang}): kop met id '{anchor}' ontbreekt")


def test_home_task_entries_lead_to_the_agreed_pages(site_dir):
    for index, lang in enumerate(("nl", "en")):
        base = site_dir / ("en" if lang == "en" else "")
        home = (base / "index.html").read_text(encoding="utf-8")
        tasks = re.search(r'<ul class="hr-tasks">(.*?)</ul>', home, re.S)
        assert tasks, f"home ({lang}): takenlijst ontbreekt"
        for titles, target in TASKS.items():
            link = re.search(rf'<a class="hr-task" href="([^"]+)"><span class="hr-task__title">'
                             rf"{re.escape(titles[index])}</span>", tasks.group(1))
            assert link and link.group(1) == target, f"home ({lang}): '{titles[index]}' -> {link}"
            assert (base / target / "index.html").is_file(), f"{lang}: {target} bestaat niet"
        # Editors' pages are not for readers: no entry to them on the home page (issue 12).
        assert "redactie/" not in home, f"home ({lang}): link naar de redactiepagina's"


def test_home_lists_every_product(site_dir):
    for lang in ("nl", "en"):
        base = site_dir / ("en" if lang == "en" else "")
        home = (base / "index.html").read_text(encoding="utf-8")
        products = re.search(r'<ul class="hr-tasks hr-products">(.*?)</ul>', home, re.S)
        assert products, f"home ({lang}): productenlijst ontbreekt"
        hrefs = re.findall(r'href="([^"]+)"', products.group(1))
        assert sorted(hrefs) == sorted(PRODUCTS), f"home ({lang}): {hrefs}"
        for href in hrefs:
            assert (base / href / "index.html").is_file(), f"home ({lang}): {href} bestaat niet"


@pytest.mark.parametrize("page", PAGES)
def test_no_duplicate_ids_in_built_html(site_dir, page):
    """Explicit heading ids must not collide with ids of embedded widgets or the theme."""
    for lang in ("nl", "en"):
        text = built(site_dir, page, lang).read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', text)
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        assert not doubles, f"{page} ({lang}): dubbele id's {doubles}"

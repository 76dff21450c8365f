"""Build-level: a rule is stated once. Editing its text (nl and en) in data/regels/ and rebuilding
a copy of the project changes it on every page, tree outcome, checklist item, download and PDF
that shows it, and the old wording is gone from the built site (HTML, search index, downloads,
PDF text). `handreiking regel ID` lists exactly those places.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git", "__pycache__",
                                "public", "*.tmp*")
NEW = {"nl": "Nieuwe tekst QX7 voor deze regel.", "en": "New wording QX7 for this rule."}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _choose(root: Path) -> dict | None:
    """The rule shown in the most kinds of places whose wording appears nowhere else in the
    sources (so 'gone from site/' tests the register, not prose that happens to repeat it)."""
    from handreiking.rules.commands import report
    texts = []
    for folder in ("docs", "checklists"):
        for file in (root / folder).rglob("*"):
            if file.suffix in (".md", ".yml") and file.is_file():
                texts.append(_norm(file.read_text(encoding="utf-8")))
    corpus = "\n".join(texts)
    best, best_score = None, 0
    for row in report(root):
        shown = row["getoond"]
        score = sum(4 if shown[k] else 0 for k in ("paginas", "beslisbomen", "checklists"))
        score += len(shown["paginas"]) + len(shown["pdf"])
        if score and all(_norm(row["tekst"][lang]) not in corpus for lang in ("nl", "en")) \
                and score > best_score:
            best, best_score = row, score
    return best


def _rewrite(file: Path, rule_id: str) -> None:
    """Replace the rule's tekst.nl and tekst.en scalars in place (exact character ranges)."""
    text = file.read_text(encoding="utf-8")
    node = yaml.compose(text)
    spans = []
    for item in dict((k.value, v) for k, v in node.value)["regels"].value:
        fields = {k.value: v for k, v in item.value}
        if fields["id"].value != rule_id:
            continue
        tekst = {k.value: v for k, v in fields["tekst"].value}
        for lang in ("nl", "en"):
            scalar = tekst[lang]
            spans.append((scalar.start_mark.index, scalar.end_mark.index, lang))
    assert len(spans) == 2, f"rule {rule_id} not found in {file}"
    for start, end, lang in sorted(spans, reverse=True):
        text = text[:start] + json.dumps(NEW[lang], ensure_ascii=False) + text[end:]
    file.write_text(text, encoding="utf-8")


def _page_html(site: Path, page: str) -> Path:
    """'a/b.en.md#x' -> site/en/a/b/index.html."""
    from handreiking.core.urls import docs_url
    path = page.partition("#")[0]
    lang = "en" if path.endswith(".en.md") else "nl"
    if lang == "en":
        path = path[: -len(".en.md")] + ".md"
    url = docs_url(path, lang)
    return site / url / "index.html"


def _pdf_text(file: Path) -> str:
    from pypdf import PdfReader
    text = " ".join(page.extract_text() or "" for page in PdfReader(file).pages)
    return _norm(text.replace("\x00", ""))


@pytest.mark.build
def test_editing_a_rule_changes_it_everywhere_and_the_old_wording_is_gone(tmp_path):
    from handreiking.rules import read_register
    from handreiking.rules.commands import describe, report
    if not read_register(ROOT).rules:
        pytest.skip("no rules registered yet")
    project = tmp_path / "proj"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    if (ROOT / ".cache").is_dir():  # content-addressed: only byte-identical inputs hit
        try:
            shutil.copytree(ROOT / ".cache", project / ".cache", ignore=IGNORE,
                            dirs_exist_ok=True, ignore_dangling_symlinks=True)
        except shutil.Error:
            pass
    row = _choose(project)
    assert row is not None, "no registered rule is shown anywhere"
    old = {lang: _norm(row["tekst"][lang]) for lang in ("nl", "en")}
    _rewrite(project / row["file"], row["id"])
    after = {r["id"]: r for r in report(project)}[row["id"]]
    assert after["tekst"] == NEW and after["getoond"] == row["getoond"]

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    site = project / "site"

    shown = row["getoond"]
    # Every page that shows the rule, in its own language.
    for page in shown["paginas"]:
        lang = "en" if ".en.md" in page else "nl"
        html = _norm(_page_html(site, page).read_text(encoding="utf-8"))
        assert NEW[lang] in html, page
        assert f'data-regel="{row["id"]}"' in html
    # Every tree outcome and checklist item (on their own pages), in both languages.
    for kind, folder in (("beslisbomen", "beslisbomen"), ("checklists", "checklists")):
        for target in shown[kind]:
            slug, _, node = target.partition("#")
            for lang, prefix in (("nl", ""), ("en", "en/")):
                html = (site / prefix / folder / slug / "index.html").read_text(encoding="utf-8")
                attr = "data-node" if kind == "beslisbomen" else "data-item"
                part = html[html.index(f'{attr}="{node}"'):]
                part = part[: part.index("</section>" if kind == "beslisbomen" else "</li>")]
                assert NEW[lang] in _norm(part), (target, lang)
                if kind == "checklists":
                    name = f"downloads/{slug}.txt"
                    assert NEW[lang] in _norm((site / prefix / name).read_text(encoding="utf-8"))
    # Every PDF product that contains it.
    for product in shown["pdf"]:
        for lang in ("nl", "en"):
            text = _pdf_text(site / "pdf" / f"{product}.{lang}.pdf")
            assert NEW[lang] in text, product
            if row["bronnen"]:  # with its short source line under it
                word = "Bron" if lang == "nl" else "Source"
                assert re.search(re.escape(NEW[lang]) + rf" {word}(nen|s)?: ", text), product

    # The old wording is gone from everything in site/.
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        if file.suffix == ".pdf":
            text = _pdf_text(file)
        elif file.suffix == ".json":  # the search index: unescaped, tags removed
            data = json.loads(file.read_text(encoding="utf-8"))
            text = _norm(re.sub(r"<[^>]+>", " ", json.dumps(data, ensure_ascii=False)))
        elif file.suffix in (".html", ".txt", ".csv", ".ics", ".xml", ".vtt"):
            text = _norm(file.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        for lang in ("nl", "en"):
            assert old[lang] not in text, (file.relative_to(site), lang)

    # `handreiking regel ID` lists the places.
    listing = "\n".join(describe(project, row["id"]))
    for page in shown["paginas"]:
        assert f"pagina {page} " in listing
    for target in shown["beslisbomen"]:
        assert f"beslisboom {target} " in listing
    for target in shown["checklists"]:
        assert f"checklist {target} " in listing


def _add_rule_change(path, rule_id):
    """Release what the data holds (the concept becomes current, a current one superseded) and
    add a new concept whose change entry names `rule_id`: badges need a released version before
    the one shown. No policy version id, date or status of the real data is pinned here."""
    import datetime
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dates = [v["in_werking"] for v in data["versies"] if v.get("in_werking")]
    released = max(dates, default=datetime.date(2000, 1, 1)) + datetime.timedelta(days=1)
    for version in data["versies"]:
        if version.get("status") == "actueel":
            version["status"] = "vervangen"
        elif version.get("status") == "concept":
            version["status"] = "actueel"
            version["in_werking"] = released
    data["versies"].append({
        "id": "2099.1", "titel": {"nl": "Testversie", "en": "Test version"}, "status": "concept",
        "wijzigingen": [{"soort": "gewijzigd",
                         "wat": {"nl": "Regel aangescherpt.", "en": "Rule tightened."},
                         "waarom": {"nl": "Test.", "en": "Test."}, "regels": [rule_id]}]})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.build
def test_a_change_entry_naming_a_rule_badges_every_place_that_shows_it(tmp_path):
    """Every page, tree outcome and checklist item `handreiking regels --json` lists for the
    rule carries the 'gewijzigd' badge; PDFs are left out of this build (HANDREIKING_NO_PDF)."""
    from handreiking.rules import read_register
    if not read_register(ROOT).rules:
        pytest.skip("no rules registered yet")
    project = tmp_path / "proj"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    row = _choose(project)
    assert row is not None, "no registered rule is shown anywhere"
    _add_rule_change(project / "data" / "versions.yml", row["id"])
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDREIKING_NO_PDF="1")
    # `-f mkdocs.yml`: a relative config path, as benchmarks/bench.py passes it (the hooks once
    # failed on it: MkDocs keeps the path relative while the pages' paths are absolute).
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                          "-f", "mkdocs.yml"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    site = project / "site"
    badge = re.compile(r'class="hr-badge hr-badge--gewijzigd"')
    shown = row["getoond"]
    for page in shown["paginas"]:
        html = _page_html(site, page).read_text(encoding="utf-8")
        assert badge.search(html), page
    for kind, folder, attr, end in (("beslisbomen", "beslisbomen", "data-node", "</h"),
                                    ("checklists", "checklists", "data-item", "</label>")):
        for target in shown[kind]:
            slug, _, node = target.partition("#")
            for prefix in ("", "en/"):
                html = (site / prefix / folder / slug / "index.html").read_text(encoding="utf-8")
                part = html[html.index(f'{attr}="{node}"'):]
                part = part[: part.index(end) + 200]
                assert badge.search(part), (target, prefix)

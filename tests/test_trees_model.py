"""Decision trees: validation (one invalid fixture per rule), declared test paths, renderers.

Browser behaviour (keyboard, with and without JavaScript, axe) is in test_trees_browser.py.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from handreiking.trees import render as R
from handreiking.cli import main
from handreiking.core.errors import DataError
from handreiking.trees.model import Context, check, load_trees, parse_tree, tree_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "trees"
EXPECT = re.compile(r"# verwacht: regel (\d+), id '([^']+)': (.*)")


@pytest.fixture(scope="module")
def trees():
    return load_trees(ROOT)


@pytest.fixture(scope="module")
def site(trees):
    return R.site_for(ROOT, trees)


def fixture_context() -> Context:
    return Context(FIXTURES, ROOT / "docs", {"maandelijks-veiligstellen"}, {"soort-bericht"})


# ---------------------------------------------------------------------------------------------
# The real trees


def test_real_trees_are_valid_and_complete(trees):
    assert set(trees) == {"soort-bericht", "veiligstellen", "vertrek"}
    errors = [str(p) for p in check(ROOT) if p.severity == "fout"]
    assert errors == []


def test_declared_test_paths_reach_their_outcomes(trees):
    for tree in trees.values():
        assert tree.tests, tree.slug
        for case in tree.tests:
            node, problem = tree.walk(case.answers)
            assert problem is None and node == case.outcome, (tree.slug, case.name, node, problem)
        pinned = {case.outcome for case in tree.tests}
        assert pinned == set(tree.outcomes), tree.slug


def test_typical_cases_of_the_instruction(trees):
    """The instruction's typology, pinned here as well as in the YAML."""
    t = trees["soort-bericht"]
    assert t.walk(["persoonlijk"])[0] == "prive"          # condolences, congratulations
    assert t.walk(["steunbetuiging"])[0] == "prive"       # support to a fellow administrator
    assert t.walk(["anders", "partijgenoot", "partijzaken"])[0] == "partijpolitiek"
    assert t.walk(["anders", "partijgenoot", "door-elkaar"])[0] == "gemengd"
    assert t.walk(["anders", "werkcontact", "weet-niet"])[0] == "twijfel"
    assert t.outcomes["twijfel"].kind_of == "twijfel"
    v = trees["veiligstellen"]
    channels = {a.id for a in v.questions["kanaal"].answers}
    assert {"whatsapp", "signal", "sms", "e-mail", "sociale-media-bericht",
            "direct-bericht"} <= channels


def test_covering_paths_follow_every_edge(trees):
    for tree in trees.values():
        followed = set()
        for path in tree.covering_paths():
            node = tree.start
            for answer in path:
                followed.add((node, answer))
                node = tree.questions[node].answer(answer).target
            assert node in tree.outcomes
        assert followed == {(q, a.id) for q, a in tree.edges()}, tree.slug


def test_open_points_are_reported_not_fatal(tmp_path):
    # An editor's open point on a tree is reported as 'open', never as an error. The real trees
    # carry none (issue 13), so the case is a copy of the valid fixture with one added.
    text = (FIXTURES / "geldig.yml").read_text(encoding="utf-8")
    file = tmp_path / "met-open-punt.yml"
    file.write_text(text.replace("versie: 1\n", "versie: 1\nopen: \"Nog bevestigen.\"\n", 1),
                    encoding="utf-8")
    tree, problems = parse_tree(file, fixture_context())
    assert tree is not None
    assert [p for p in problems if p.severity == "fout"] == []
    opens = [p for p in problems if p.severity == "open"]
    assert len(opens) == 1 and "Nog bevestigen." in str(opens[0])
    assert all(p.severity != "fout" for p in check(ROOT) if str(p).startswith("checklists/trees/"))


# ---------------------------------------------------------------------------------------------
# One invalid fixture per validation rule


def _fixtures():
    return sorted(p for p in FIXTURES.glob("*.yml") if p.name != "geldig.yml")


def test_valid_fixture_passes():
    tree, problems = parse_tree(FIXTURES / "geldig.yml", fixture_context())
    assert tree is not None and [p for p in problems if p.severity == "fout"] == []


@pytest.mark.parametrize("file", _fixtures(), ids=lambda p: p.stem)
def test_invalid_fixture_names_file_line_and_id(file):
    expect = EXPECT.match(file.read_text(encoding="utf-8").splitlines()[0])
    assert expect, f"{file.name}: first line must be '# verwacht: regel N, id 'x': fragment'"
    line, node, fragment = expect.groups()
    try:
        _, problems = parse_tree(file, fixture_context())
    except DataError as exc:
        problems = exc.problems
    errors = [str(p) for p in problems if p.severity == "fout"]
    hits = [e for e in errors if e.startswith(f"{file.name}:{line}: ") and f"'{node}'" in e
            and fragment in e]
    assert hits, f"expected {file.name}:{line} naming '{node}' with '{fragment}', got {errors}"


def test_every_rule_has_a_fixture():
    names = {p.stem for p in _fixtures()}
    assert {"dubbele-id", "onbekend-doel", "onbereikbaar", "kringloop", "een-antwoord",
            "doodlopend", "uitkomst-onbereikt", "vertaling-ontbreekt", "handreiking-link",
            "html-in-tekst", "testpad-verkeerde-uitkomst"} <= names


def test_cli_check_fails_with_file_line_and_no_traceback(tmp_path, capsys):
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        "site", ".build", ".venv", "node_modules", ".git", "__pycache__", ".cache", "tests"))
    f = dest / "checklists" / "trees" / "soort-bericht.yml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("naar: partijpolitiek", "naar: partij-politiek"), encoding="utf-8")
    line = next(i for i, row in enumerate(f.read_text().splitlines(), 1) if "partij-politiek" in row)
    assert main(["check", "--root", str(dest)]) == 1
    err = capsys.readouterr().err
    assert (f"checklists/trees/soort-bericht.yml:{line}: vraag 'partij-inhoud', antwoord "
            "'partijzaken': verwijst naar 'partij-politiek'") in err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# Rendering


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "script":
            self.scripts.append(a.get("type"))
        for name in a:
            assert not name.startswith("on"), f"event handler attribute {name}"
            assert name != "style", "inline style attribute"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_has_every_node_once_and_links_inside_resolve(trees, site, lang):
    for tree in trees.values():
        page = f"{'en/' if lang == 'en' else ''}beslisbomen/{tree.slug}/"
        links = R.Links(lang, page)
        html = (R.render_tree(tree, lang, site, links)
                + R.render_overview(tree, lang, site, links, diagram=False))
        parser = _Ids()
        parser.feed(html)
        assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
        for node in tree.order:
            assert parser.ids.count(f"{tree.slug}-{node}") == 1
        for href in parser.hrefs:
            if href.startswith("#"):
                assert href[1:] in parser.ids, href
            else:
                assert not href.startswith(("javascript:", "http:")), href
        assert parser.scripts == ["application/json"]
        data = json.loads(re.search(r'<script type="application/json" class="hr-tree__data">'
                                    r"(.*?)</script>", html, re.S).group(1))
        assert data == json.loads(json.dumps(R.browser_data(tree, lang)))
        assert data["vragen"]["%s" % tree.start] == [[a.id, a.target]
                                                     for a in tree.questions[tree.start].answers]


def test_guidance_links_are_relative_and_labelled(trees, site):
    tree = trees["soort-bericht"]
    nl = R.render_tree(tree, "nl", site, R.Links("nl", "beslisbomen/soort-bericht/"))
    assert '<a href="../../bewindspersonen/wat-bewaren/#zakelijk">Zakelijke informatie</a>' in nl
    assert 'href="../../checklists/maandelijks-veiligstellen/"' in nl
    en = R.render_tree(tree, "en", site, R.Links("en", "en/beslisbomen/soort-bericht/"))
    assert 'href="../../bewindspersonen/wat-bewaren/#zakelijk"' in en
    embedded = R.render_tree(tree, "en", site, R.Links("en", "en/bewindspersonen/wat-bewaren/"),
                             level=3, embedded=True)
    assert 'href="../../beslisbomen/soort-bericht/#soort-bericht--overzicht"' in embedded
    assert '<h3 class="hr-tree__title">' in embedded and '<h4 class="hr-tree__heading"' in embedded
    assert "Policy version" not in en and f"policy version {site.policy_id}" in en.lower()


def test_version_of_tree_and_policy_on_every_outcome(trees, site):
    tree = trees["vertrek"]
    html = R.render_tree(tree, "nl", site, R.Links("nl", "beslisbomen/vertrek/"))
    expected = f"Beslishulp versie {tree.revision}, beleidsversie {site.policy_id}"
    assert html.count(expected) == len(tree.outcomes)


def test_markdown_is_escaped_and_links_checked():
    md = R.Renderer(R.Links("nl", "a/b/"))
    out = md("<script>alert(1)</script> **vet** [x](javascript:alert(1)) "
             "[y](bewindspersonen/regels.md#frequentie)", inline=True)
    assert "<script" not in out and "<strong>vet</strong>" in out
    assert "javascript:" not in out
    assert 'href="../../bewindspersonen/regels/#frequentie"' in out
    assert R.plain("**Vet** en _schuin_") == "Vet en schuin"


def test_json_block_cannot_be_closed_from_data():
    text = R.Markup(R.script_json({"x": "</script><script>alert(1)</script>&"}))
    assert "</" not in text and "<script" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&"}


def test_diagram_is_deterministic_clean_and_labelled(trees):
    tree = trees["soort-bericht"]
    R._SVG_CACHE.clear()
    first = R.diagram_svg(tree, "nl")
    R._SVG_CACHE.clear()
    assert R.diagram_svg(tree, "nl") == first
    assert first.startswith("<svg role=\"img\" aria-label=\"Diagram van de beslisboom")
    for bad in ("<!--", "<?xml", "<!DOCTYPE", "<title>", "Generated by", "xlink"):
        assert bad not in first, bad
    for q in tree.questions:
        assert f'id="soort&#45;bericht&#45;&#45;svg&#45;{q.replace("-", "&#45;")}"' in first
    assert "Privé: niet bewaren" in first
    assert "Private: need not keep" in R.diagram_svg(tree, "en")


def test_overview_lists_every_path(trees, site):
    for tree in trees.values():
        html = R.render_overview(tree, "nl", site, R.Links("nl", f"beslisbomen/{tree.slug}/"),
                                 diagram=False)
        listed = re.search(r'<ol class="hr-tree-overview__paths">(.*?)</ol>', html, re.S).group(1)
        assert listed.count("<li>") == len(tree.paths()) > 0


def test_url_helpers():
    assert R.docs_url("a/index.md", "en") == "en/a/"
    assert R.relative_url("", "a/b/") == "../../"
    assert R.relative_url("a/b/#x", "a/b/") == "./#x"


def test_generated_benchmark_tree_is_valid(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_trees import generate
    file = tmp_path / "groot.yml"
    file.write_text(generate(20), encoding="utf-8")
    tree, problems = parse_tree(file, Context(tmp_path, ROOT / "docs", set(), set()))
    assert [p for p in problems if p.severity == "fout"] == []
    assert len(tree.questions) == 20 and len(tree.outcomes) == 21


# ---------------------------------------------------------------------------------------------
# MkDocs glue: markers


@pytest.fixture()
def hook(trees, site):
    module = importlib.import_module("handreiking_mkdocs.trees")
    module._state.update(trees=trees, site=site)
    return module


def _page(tmp_path, markdown: str, src_uri: str = "x/y.md", url: str = "x/y/"):
    source = tmp_path / "y.md"
    source.write_text(markdown, encoding="utf-8")
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri=src_uri,
                                                         abs_src_path=str(source)))


def _run(hook, page, html):
    return hook.on_page_content(html, page=page, config=SimpleNamespace(plugins={}))


def test_marker_unknown_slug_fails_with_page_and_line(hook, tmp_path):
    from mkdocs.exceptions import PluginError
    page = _page(tmp_path, "# T\n\ntekst\n\n<!-- beslisboom: bestaat-niet -->\n")
    with pytest.raises(PluginError) as info:
        _run(hook, page, "<h1>T</h1>\n<!-- beslisboom: bestaat-niet -->")
    assert str(info.value).startswith("docs/x/y.md:5: beslisboom 'bestaat-niet' bestaat niet")


def test_marker_twice_and_overview_without_tree_fail(hook, tmp_path):
    from mkdocs.exceptions import PluginError
    page = _page(tmp_path, "x")
    with pytest.raises(PluginError, match="twee keer"):
        _run(hook, page, "<!-- beslisboom: vertrek -->\n<!-- beslisboom: vertrek -->")
    with pytest.raises(PluginError, match="alleen onder de beslisboom"):
        _run(hook, page, "<!-- beslisboom: vertrek overzicht -->")


def test_marker_embeds_under_the_surrounding_heading(hook, tmp_path):
    page = _page(tmp_path, "x")
    out = _run(hook, page, '<h1>T</h1><h2 id="a">A</h2>\n<!-- beslisboom: vertrek -->\n<p>na</p>')
    assert '<h3 class="hr-tree__title">' in out and '<h4 class="hr-tree__heading"' in out
    assert "<!-- beslisboom" not in out and out.endswith("<p>na</p>")
    own = _page(tmp_path, "x", "beslisbomen/vertrek.md", "beslisbomen/vertrek/")
    out = _run(hook, own, "<h1>T</h1>\n<!-- beslisboom: vertrek -->\n<h2>H</h2>\n"
               "<!-- beslisboom: vertrek overzicht -->")
    assert 'class="hr-tree__title"' not in out and '<h2 class="hr-tree__heading"' in out
    assert 'id="vertrek--paden"' in out and "<svg" in out


def test_tree_files_are_the_slugs():
    assert [p.stem for p in tree_files(ROOT)] == ["soort-bericht", "veiligstellen", "vertrek"]


def test_marker_id_collision_with_page_heading_fails(hook, tmp_path):
    from mkdocs.exceptions import PluginError
    page = _page(tmp_path, "## X {#vertrek-onderwerp}\n\n<!-- beslisboom: vertrek -->\n")
    with pytest.raises(PluginError) as info:
        _run(hook, page, '<h2 id="vertrek-onderwerp">X</h2>\n<!-- beslisboom: vertrek -->')
    assert str(info.value).startswith("docs/x/y.md:3: id 'vertrek-onderwerp' van beslisboom "
                                      "'vertrek' bestaat ook als kop op deze pagina")

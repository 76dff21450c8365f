"""Checklists: validation (one invalid fixture per rule), the model, the no-JS widget markup."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from handreiking.checklists.model import (MOMENTS, ROLES, check, load_all, load_checklist, plan_dates,
                                    render_widget, replace_markers)
from handreiking.core.errors import DataError
from handreiking.core.project import current_version

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checklists"
SLUGS = {"nieuwe-bewindspersoon", "vertrekkende-bewindspersoon", "maandelijks-veiligstellen",
         "telefooninstellingen", "kabinetswissel"}


@pytest.fixture(scope="module")
def checklists():
    return load_all(ROOT)


@pytest.fixture(scope="module")
def version():
    return current_version(ROOT)


@pytest.fixture()
def scratch(tmp_path) -> Path:
    """A project root with the real docs and trees, and an empty checklists folder."""
    (tmp_path / "checklists").mkdir()
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    (tmp_path / "checklists" / "trees").symlink_to(ROOT / "checklists" / "trees")
    return tmp_path


def test_the_five_checklists_are_valid(checklists):
    assert set(checklists) == SLUGS
    assert check(ROOT) == []
    for cl in checklists.values():
        assert cl.title["nl"] and cl.title["en"] and len(cl.items) >= 5
        assert all(i.text["nl"] != i.text["en"] for i in cl.items)


def test_content_covers_the_issue(checklists):
    """Moments and roles the issue asks for are actually used."""
    moments = {m for cl in checklists.values() for m in (i.moment for i in cl.items)}
    assert {"voor-aantreden", "eerste-week", "maandelijks", "voor-vertrek", "laatste-werkdag",
            "na-vertrek"} <= moments
    roles = {r for cl in checklists.values() for i in cl.items for r in i.roles}
    assert roles == set(ROLES)
    vertrek = checklists["vertrekkende-bewindspersoon"]
    assert {"voor-vertrek", "laatste-werkdag", "na-vertrek"} <= {i.moment for i in vertrek.items}
    # Every departure step names the rules it rests on (required or our advice), none is an
    # unconfirmed open point.
    assert all(i.rules for i in vertrek.items) and not any(i.open for i in vertrek.items)
    assert all(cl.monthly() for cl in checklists.values()), "every checklist has a monthly ICS"


FIXTURE_FILES = sorted(FIXTURES.glob("*.yml"))


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_invalid_fixture_names_file_line_and_item(fixture, scratch):
    expected = re.match(r"# verwacht: (\d+): (.*)", fixture.read_text(encoding="utf-8")).groups()
    target = scratch / "checklists" / fixture.name
    shutil.copy(fixture, target)
    with pytest.raises(DataError) as info:
        load_checklist(target, scratch)
    messages = [str(p) for p in info.value.problems]
    want = f"checklists/{fixture.name}:{expected[0]}: {expected[1]}"
    assert any(m.startswith(want) for m in messages), messages
    # the check command reports the same problems (and no traceback)
    assert [str(p) for p in check(scratch)] == messages


def problem_patterns(module_file: Path) -> list[tuple[int, str]]:
    """(line, regex) of every `Problem(path, line, message)` a module builds: the message's
    literal parts, with `.*?` for each placeholder."""
    import ast

    def parts(node) -> list[str | None]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            return [v.value if isinstance(v, ast.Constant) else None for v in node.values]
        if isinstance(node, ast.BinOp):
            return parts(node.left) + parts(node.right)
        return [None]

    out = []
    for node in ast.walk(ast.parse(module_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
            rx = "".join(".*?" if p is None else re.escape(p) for p in parts(node.args[2]))
            out.append((node.lineno, rx))
    return sorted(out)


def test_every_rule_has_a_fixture(scratch):
    """Every message the checklist loader can give is produced by at least one fixture."""
    import handreiking.checklists.model as model
    produced = []
    for fixture in FIXTURE_FILES:
        target = scratch / "checklists" / fixture.name
        shutil.copy(fixture, target)
        with pytest.raises(DataError) as info:
            load_checklist(target, scratch)
        produced += [p.message for p in info.value.problems]
        target.unlink()
    # The page-level message (a checklist twice on one page) belongs to the marker checks.
    patterns = [(line, rx) for line, rx in problem_patterns(Path(model.__file__))
                if not rx.startswith("checklist\\ ")]
    assert len(patterns) >= 10
    missing = [line for line, rx in patterns if not any(re.search(rx, m) for m in produced)]
    assert missing == [], f"messages of checklists/model.py lines {missing} have no fixture"


def test_digest_follows_the_dutch_text_only(checklists):
    item = checklists["kabinetswissel"].items[0]
    from dataclasses import replace
    assert replace(item, text={**item.text, "en": "Other"}).digest == item.digest
    assert replace(item, text={**item.text, "nl": item.text["nl"] + "!"}).digest != item.digest
    ids = [i.id for cl in checklists.values() for i in cl.items]
    digests = {i.digest for cl in checklists.values() for i in cl.items}
    assert len(digests) > len(ids) * 0.9


def test_plan_dates(checklists):
    cl = checklists["kabinetswissel"]
    start, leave = dt.date(2025, 1, 6), dt.date(2025, 1, 6)
    plan = plan_dates(cl, {"aantreden": start, "vertrek": leave})
    # A task without `dag` in a moment with a range of days gets no date: no invented deadline.
    untimed = [i for i in cl.items if not i.timed and MOMENTS[i.moment].default is None]
    assert untimed and not any(i.id in plan for i in untimed)
    assert plan["maandelijkse-controle"] == dt.date(2025, 2, 5)   # monthly: 30 days on
    assert plan["apparaten-innemen"] == leave
    monthly = plan_dates(checklists["maandelijks-veiligstellen"], {"aantreden": dt.date(2025, 1, 1)})
    assert set(monthly.values()) == {dt.date(2025, 1, 28)}  # day 31 is clamped to 28
    assert cl.references() == ["aantreden", "vertrek"]
    assert checklists["vertrekkende-bewindspersoon"].references() == ["vertrek"]


def test_deadline_text_only_for_an_explicit_day(checklists):
    """A moment's default day places a task in the plan; it is never shown as a deadline."""
    from dataclasses import replace
    item = next(i for i in checklists["kabinetswissel"].items if i.moment == "voor-aantreden")
    assert not item.timed and item.offset is None and item.when("nl") is None
    assert replace(item, offset=-7, timed=False).when("nl") is None
    timed = replace(item, offset=-14, timed=True)
    assert timed.when("nl") == "uiterlijk 2 weken vóór het aantreden"
    assert timed.when("en") == "at the latest 2 weeks before taking office"


def test_moment_ranges_are_consistent():
    for m in MOMENTS.values():
        if m.reference and m.default is not None:
            assert m.lowest <= m.default <= m.highest, m.id
        # Only a moment that fixes its own day has a default day.
        assert (m.default is not None) == bool(m.reference and (m.lowest == m.highest
                                                                or m.monthly)), m.id


def test_explicit_day_is_planned(checklists, tmp_path):
    """A `dag` given in the YAML (it needs a source) dates the task and shows the deadline."""
    from dataclasses import replace
    cl = checklists["kabinetswissel"]
    item = next(i for i in cl.items if i.moment == "voor-vertrek")
    timed = replace(item, offset=-14, timed=True)
    timed_cl = replace(cl, items=tuple(timed if i.id == item.id else i for i in cl.items))
    leave = dt.date(2025, 3, 31)
    plan = plan_dates(timed_cl, {"aantreden": dt.date(2025, 1, 6), "vertrek": leave})
    assert plan[item.id] == leave - dt.timedelta(days=14)
    assert timed.when("nl") == "uiterlijk 2 weken vóór het vertrek"


def _widget(checklists, version, slug="nieuwe-bewindspersoon", lang="nl", full=True):
    return render_widget(checklists[slug], lang, version, full=full,
                         url_for=lambda kind, value: f"/{kind}/{value}", docs=ROOT / "docs",
                         root=ROOT)


def test_widget_has_real_labelled_checkboxes(checklists, version):
    html = _widget(checklists, version)
    cl = checklists["nieuwe-bewindspersoon"]
    boxes = re.findall(r'<input type="checkbox" class="hr-cl-box" id="([^"]+)"', html)
    labels = re.findall(r'<label for="([^"]+)">', html)
    assert len(boxes) == len(cl.items)
    assert set(boxes) <= set(labels)
    assert "task-list" not in html
    # grouped by moment, in the fixed order
    legends = re.findall(r'<h2 class="hr-cl-heading">([^<]+)</h2>', html)
    assert legends == [m.label["nl"] for m, _ in cl.groups()]
    # no inline script or handlers: the only script is JSON data
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/json" class="hr-cl-data">']
    assert not re.search(r"\son[a-z]+=", html)
    assert 'class="hr-cl-controls" hidden' in html  # controls only with JavaScript


def test_widget_json_cannot_break_out_of_its_script(checklists, version):
    from dataclasses import replace
    cl = checklists["telefooninstellingen"]
    evil = replace(cl.items[0], text={"nl": "</script><script>alert(1)</script>", "en": "x"})
    hacked = replace(cl, items=(evil,) + cl.items[1:])
    html = render_widget(hacked, "nl", version, full=True, url_for=lambda k, v: v,
                         docs=ROOT / "docs", root=ROOT)
    assert "<script>alert" not in html
    assert html.count("</script>") == 1


def test_compact_widget_links_to_the_full_page(checklists, version):
    html = _widget(checklists, version, full=False, lang="en")
    assert '<a href="/checklist/nieuwe-bewindspersoon">' in html
    assert "<h2" not in html and "hr-cl-plan" not in html


def test_markers(checklists, version):
    out = replace_markers("<p>a</p>\n<!-- checklist: x -->\n", lambda slug: f"[{slug}]")
    assert out == "<p>a</p>\n[x]\n"
    with pytest.raises(DataError, match="twee keer"):
        replace_markers("<!-- checklist: x --><!-- checklist: x -->", lambda slug: "")


def test_editor_reference_lists_every_moment_and_role():
    for name in ("checklists.md", "checklists.en.md"):
        text = (ROOT / "docs" / "redactie" / name).read_text(encoding="utf-8")
        for moment in MOMENTS.values():
            row = re.search(rf"^\| `{moment.id}` \| ([^|]+) \|[^|]+\| ([^|]+) \| ([^|]+) \|$",
                            text, re.M)
            assert row, (name, moment.id)
            assert row.group(1).strip() == moment.label["en" if ".en." in name else "nl"]
            if moment.reference:
                none = "geen datum" if ".en." not in name else "no date"
                expected = none if moment.default is None else \
                    str(moment.default).replace("-", "−")
                assert expected == row.group(3).strip(), (name, moment.id)
        for role in ROLES:
            assert f"| `{role}` |" in text


def test_build_refuses_a_broken_checklist_and_keeps_the_previous_site(tmp_path, capsys):
    from handreiking.cli import main
    project = tmp_path / "proj"
    ignore = shutil.ignore_patterns("site", ".build", ".venv", "node_modules", ".git",
                                    "__pycache__", ".cache", "public")
    shutil.copytree(ROOT, project, ignore=ignore)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("vorige versie", encoding="utf-8")
    file = project / "checklists" / "telefooninstellingen.yml"
    file.write_text(file.read_text(encoding="utf-8").replace("moment: eerste-week",
                                                             "moment: eerste-weekk", 1),
                    encoding="utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^checklists/telefooninstellingen\.yml:\d+: item "
                     r"'zakelijke-contacten-markeren': moment 'eerste-weekk' bestaat niet", err, re.M)
    assert "Traceback" not in err
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "vorige versie"

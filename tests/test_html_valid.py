"""The Nu HTML checker (vnu-jar from npm) over every HTML file of the built site: zero errors.

One run over the whole site (about 5 s). Exactly one kind of error is tolerated, and only where
it is known to come from: Material's base.html puts `autocomplete="off"` on its two checkbox
toggles (drawer and search). Material writes them outside any overridable block, and browsers
need the attribute to not restore the toggles' state on back/forward navigation. Anything else,
including the same message on any other element, fails.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The two known Material false positives: message AND the element it is reported on.
KNOWN_MESSAGE = re.compile(r"^Attribute “autocomplete” is only allowed when the input type is ")
KNOWN_ELEMENT = re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" '
                           r'type="checkbox" id="__(drawer|search)" autocomplete="off">')


def is_known_false_positive(message: dict) -> bool:
    """True only for Material's autocomplete attribute on its drawer/search checkbox toggles."""
    if not KNOWN_MESSAGE.match(message.get("message", "")):
        return False
    extract = message.get("extract", "")
    # vnu reports at the end of the tag; the extract ends a few characters after it.
    return any(m.end() >= len(extract) - 40 for m in KNOWN_ELEMENT.finditer(extract))


def run_vnu(site_dir) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java ontbreekt (Java 17 nodig voor de Nu HTML checker): "
                    "sudo apt-get install -y openjdk-17-jre-headless")
    if not VNU.is_file():
        pytest.fail(f"{VNU} ontbreekt: run 'npm ci' (make test doet dat)")
    result = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--format", "json",
                             "--errors-only", str(site_dir)],
                            capture_output=True, text=True, timeout=300)
    # vnu exits 0 without errors and 1 with errors, and writes its JSON report to stderr; any
    # other exit code, or no report at all, is a checker that did not run (not a clean site).
    assert result.returncode in (0, 1), f"vnu exit {result.returncode}: {result.stderr[-2000:]}"
    report = json.loads(result.stderr)
    messages = report["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    assert (result.returncode == 1) == bool(errors), (result.returncode, messages[:5])
    return messages


def test_known_false_positive_filter_is_exact():
    """The filter matches only the two Material toggles, not the same message elsewhere."""
    msg = KNOWN_MESSAGE.pattern.lstrip("^").replace("\\", "") + "“text”."
    drawer = ('\n    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" '
              'id="__drawer" autocomplete="off">\n    <inp')
    search = ('off">\n    <input class="md-toggle" data-md-toggle="search" type="checkbox" '
              'id="__search" autocomplete="off">\n    <lab')
    other = '<input type="checkbox" id="x" autocomplete="off">\n'
    assert is_known_false_positive({"message": msg, "extract": drawer})
    assert is_known_false_positive({"message": msg, "extract": search})
    assert not is_known_false_positive({"message": msg, "extract": other})
    # A toggle tag earlier in the extract does not excuse an error on the element after it.
    assert not is_known_false_positive(
        {"message": msg, "extract": drawer[:-8] + '\n<input type="checkbox" id="mine" '
                                                   'autocomplete="off">\n'})
    assert not is_known_false_positive({"message": "Bad value “” for attribute “tabindex”",
                                        "extract": drawer})


def test_nu_html_checker_whole_site(site_dir):
    messages = run_vnu(site_dir)
    pages = list(site_dir.rglob("*.html"))
    assert pages
    known = [m for m in messages if is_known_false_positive(m)]
    errors = [m for m in messages if not is_known_false_positive(m)]
    lines = [f"{m.get('url', '?').replace('file:' + str(site_dir), '')}:{m.get('lastLine', '?')}: "
             f"{m.get('message')} | {m.get('extract', '').strip()[:120]}" for m in errors]
    assert not lines, f"{len(lines)} Nu-checker error(s):\n" + "\n".join(lines[:60])
    # At most the two Material toggles per page.
    per_page: dict[str, int] = {}
    for m in known:
        per_page[m.get("url", "")] = per_page.get(m.get("url", ""), 0) + 1
    assert all(n <= 2 for n in per_page.values()), per_page

"""What MkDocs itself would refuse in `mkdocs.yml`, said first in Dutch with `path:line` (issue 14).

MkDocs reports these in English and without a line, and only in the build: a page that is not
in the menu (`nav`), a menu entry for a page that does not exist, and a redirect
(`plugins: redirects: redirect_maps`) to a page that does not exist. Pages of the i18n suffix
structure (`x.en.md`) follow their Dutch page; `docs/redactie/` and `not_in_nav` are left out.
"""
from __future__ import annotations

import fnmatch
from pathlib import Path

import yaml

from handreiking.core.errors import Problem


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml may carry tags (!ENV, !!python/name:...): read them as plain values."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))


def _nav_pages(node) -> list[str]:
    if isinstance(node, str):
        return [node] if node.endswith(".md") else []
    if isinstance(node, list):
        return [p for item in node for p in _nav_pages(item)]
    if isinstance(node, dict):
        return [p for value in node.values() for p in _nav_pages(value)]
    return []


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def check(root: Path) -> list[Problem]:
    root = Path(root)
    file = root / "mkdocs.yml"
    try:
        text = file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_AnyTag) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []   # MkDocs reports an unreadable configuration itself
    if not isinstance(config, dict):
        return []
    docs = root / str(config.get("docs_dir") or "docs")
    problems: list[Problem] = []
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.is_file()}
    nav = config.get("nav")
    if nav:
        listed = _nav_pages(nav)
        for entry in listed:
            if entry not in pages:
                problems.append(Problem("mkdocs.yml", _line_of(text, entry), f"het menu (nav) "
                                        f"noemt '{entry}', maar 'docs/{entry}' bestaat niet; "
                                        "controleer de naam of haal de regel weg."))
        hidden = [line.strip().strip("/") for line in str(config.get("not_in_nav") or "")
                  .splitlines() if line.strip()]
        for page in sorted(pages - set(listed)):
            if page.endswith(".en.md") or page.startswith("redactie/"):
                continue
            if any(fnmatch.fnmatch(page, h) or page.startswith(h + "/") for h in hidden):
                continue
            problems.append(Problem(f"docs/{page}", 1, "deze pagina staat niet in het menu "
                                    "(nav in mkdocs.yml); voeg haar daar toe, of zet haar in "
                                    "docs/redactie/ als ze alleen voor de redactie is."))
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            maps = plugin["redirects"].get("redirect_maps") or {}
            for old, new in maps.items() if isinstance(maps, dict) else ():
                target = str(new).split("#")[0]
                if target.endswith(".md") and target not in pages:
                    problems.append(Problem("mkdocs.yml", _line_of(text, f"{old}:"), "de "
                                            f"doorverwijzing van '{old}' gaat naar '{new}', maar "
                                            f"'docs/{target}' bestaat niet; kies een bestaande "
                                            "pagina."))
    return problems

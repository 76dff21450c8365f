"""The layout's rules (DESIGN.md, "Layout"): the domain package imports nothing from MkDocs,
there are no import cycles, hooks/*.py are entry points, and every check is in the registry."""
from __future__ import annotations

import ast
from pathlib import Path

from handreiking.checks.registry import CHECKS

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
DOMAIN = HOOKS / "handreiking"
ADAPTER = HOOKS / "handreiking_mkdocs"
BUILD_TOOLS = ("mkdocs", "material", "mike", "mkdocs_static_i18n", "handreiking_mkdocs")


def module_name(path: Path) -> str:
    """hooks/handreiking/core/docs.py -> handreiking.core.docs (packages without __init__)."""
    parts = list(path.relative_to(HOOKS).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                name = module_name(path)
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)  # submodules
    return out


def domain_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(DOMAIN.rglob("*.py"))}


def test_the_domain_imports_no_build_tool():
    found = {name: sorted(m for m in imports(path) if m.split(".")[0] in BUILD_TOOLS)
             for name, path in domain_modules().items()}
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_the_rule_itself_sees_an_import_inside_a_function(tmp_path):
    path = tmp_path / "x.py"
    path.write_text("def f():\n    from mkdocs.plugins import event_priority\n", encoding="utf-8")
    assert "mkdocs.plugins" in imports(path)


def _graph() -> dict[str, set[str]]:
    modules = domain_modules()
    return {name: {m for m in imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycles():
    assert find_cycle(_graph()) is None


def test_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_hooks_are_one_line_entry_points():
    for hook in sorted(HOOKS.glob("*.py")):
        code = [line for line in hook.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith(("#", '"""'))]
        assert code == [f"from handreiking_mkdocs.{hook.stem} import *  # noqa: F401,F403"], hook
        assert (ADAPTER / hook.name).is_file()


def test_every_check_function_is_registered():
    registered = {(fn.__module__, fn.__name__) for _, fn in CHECKS}
    defined = set()
    for name, path in domain_modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "check" for n in tree.body):
            defined.add((name, "check"))
    assert defined - registered == set(), "check(root) functions missing from CHECKS"
    assert len(CHECKS) == len({name for name, _ in CHECKS})


# The language module is the one place that names a language; catalogues and data are not code.
LANGUAGE_MODULE = DOMAIN / "core" / "langs.py"
OVERRIDES = HOOKS.parent / "overrides"


def language_literals(codes: set[str]) -> list[str]:
    """`path:line` of every language code written as a string in code, templates or scripts."""
    import io
    import re
    import tokenize
    found = []
    for path in sorted(HOOKS.rglob("*.py")):
        if path == LANGUAGE_MODULE or ".egg-info" in path.as_posix():
            continue
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
            if tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    continue  # f-strings
                if value in codes:
                    found.append(f"{path.relative_to(HOOKS.parent)}:{tok.start[0]}")
    quoted = re.compile(r"""(['"])(%s)\1""" % "|".join(sorted(codes)))
    for path in sorted([*HOOKS.rglob("*.html"), *OVERRIDES.rglob("*.html"),
                        *OVERRIDES.rglob("*.js")]):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if quoted.search(line):
                found.append(f"{path.relative_to(HOOKS.parent)}:{number}")
    return found


def test_no_language_code_outside_the_language_module():
    from handreiking.core.langs import LANGUAGES
    assert language_literals(set(LANGUAGES)) == []


def test_the_language_scan_sees_code_templates_and_scripts(tmp_path):
    (tmp_path / "hooks" / "pkg" / "templates").mkdir(parents=True)
    (tmp_path / "overrides").mkdir()
    (tmp_path / "hooks" / "pkg" / "x.py").write_text("X = {'nl': 1}\nY = f'{1}nl'\n", "utf-8")
    (tmp_path / "hooks" / "pkg" / "templates" / "t.html").write_text(
        '{% if lang == "en" %}x{% endif %}\n', "utf-8")
    (tmp_path / "overrides" / "s.js").write_text('var a = lang === "en";\n', "utf-8")
    globals()["HOOKS"], globals()["OVERRIDES"] = tmp_path / "hooks", tmp_path / "overrides"
    try:
        assert language_literals({"nl", "en"}) == [
            "hooks/pkg/x.py:1", "hooks/pkg/templates/t.html:1", "overrides/s.js:1"]
    finally:
        globals()["HOOKS"], globals()["OVERRIDES"] = HOOKS_REAL, OVERRIDES_REAL


HOOKS_REAL, OVERRIDES_REAL = HOOKS, OVERRIDES

"""The layers of docs/ARCHITECTURE.md, held: the core imports no view, no Env and no CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "netcli"
CORE = [
    "lookup.py",
    "sidebyside.py",
    "explore/answers.py",
    "explore/engine.py",
    "explore/judge.py",
    "explore/matched.py",
    "explore/fit.py",
    "explore/overview.py",
    "explore/changes.py",
    "explore/result.py",
    "explore/summary.py",
    "explore/reflection.py",
    *(str(p.relative_to(PACKAGE)) for p in sorted((PACKAGE / "knowledge").glob("*.py"))),
]
EDGE = (
    "netcli.cli",
    "netcli.env",
    "netcli.render",
    "netcli.explore.wizard",
    "netcli.explore.browser",
    "netcli.explore.session",
    "netcli.explore.saving",
    "netcli.explore.prompts",
)


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_nothing_from_the_edge(name: str) -> None:
    bad = sorted(m for m in imported(PACKAGE / name) if m.startswith(EDGE))
    assert bad == [], f"{name} imports {bad}"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from netcli.render import terminal\n", "utf-8")
    assert any(m.startswith(EDGE) for m in imported(module))


def _graph() -> dict[str, set[str]]:
    """Each netcli module and the netcli modules it imports (at the top, in a function or for
    the type checker alike)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for target in imported(path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, "netcli"):
                deps.add(target)
        graph[name] = deps
    return graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    """Imports run one way: no circle, however long (explore.engine and explore.overview made
    one while the engine built the overview)."""
    graph = _graph()
    circles = []
    for start in graph:
        path, seen = [start], {start}
        stack = [iter(sorted(graph[start]))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                seen.discard(path.pop())
            elif step == start:
                circles.append(" -> ".join([*path, start]))
            elif step not in seen and step > start:  # each circle once, from its least module
                path.append(step)
                seen.add(step)
                stack.append(iter(sorted(graph[step])))
    assert circles == []


# --- Views only format -----------------------------------------------------------------------
# What decides (matching, grouping, merging, laying out) lives in these; a view may take their
# result and record types and constants, never call their functions.
DECIDING = ("netcli.explore", "netcli.lookup", "netcli.sidebyside", "netcli.knowledge")
# Modules a view never imports: the engine, the answers' parsing, the loading and the edge.
NOT_FOR_VIEWS = (
    "netcli.cli",
    "netcli.explore.engine",
    "netcli.explore.judge",
    "netcli.explore.answers",
    "netcli.explore.wizard",
    "netcli.explore.browser",
    "netcli.explore.session",
    "netcli.explore.saving",
    "netcli.knowledge.index",
    "netcli.knowledge.cache",
    "netcli.knowledge.load",
    "netcli.knowledge.validate",
    "netcli.knowledge.yamlload",
)
# Record helpers a view may call: a record's five rows in their order, a page past its date.
RECORD_HELPERS = {"netcli.knowledge.model": {"option_rows", "is_stale"}}
VIEWS = sorted((PACKAGE / "render").glob("*.py"))


def _file(module: str) -> Path | None:
    path = PACKAGE.parent.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _functions(module: str) -> set[str]:
    """The functions a module defines at its top level (what it decides with)."""
    path = _file(module)
    if path is None:
        return set()
    tree = ast.parse(path.read_text("utf-8"))
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return names - RECORD_HELPERS.get(module, set())


def decisions(path: Path) -> list[str]:
    """What a view imports or calls that decides: a module it never imports, or a function of
    the core (imported by name, or called through the module)."""
    bad: list[str] = []
    aliases: dict[str, str] = {}
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(NOT_FOR_VIEWS):
                    bad.append(a.name)
                aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                if _file(full) is not None:  # a module: its calls are checked below
                    aliases[a.asname or a.name] = full
                    module, name = full, None
                else:
                    module, name = node.module, a.name
                deciding = name is not None and module.startswith(DECIDING)
                deciding = deciding and name in _functions(module)
                if module.startswith(NOT_FOR_VIEWS) or deciding:
                    bad.append(full)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id, "")
            if module.startswith(DECIDING) and node.attr in _functions(module):
                bad.append(f"{module}.{node.attr}")
    return sorted(set(bad))


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_a_view_only_formats(path: Path) -> None:
    """``render/`` takes result and record types and words: no engine, no rule evaluation, no
    grouping or merging of its own (those are computed once, in the core, for every view)."""
    assert decisions(path) == []


@pytest.mark.parametrize(
    "source",
    [
        "from netcli.explore.engine import Option\n",
        "def f():\n    from netcli.explore import engine\n",
        "from netcli.explore.engine import evaluate\n",
        "from netcli.explore.overview import groups\n",
        "from netcli import lookup as lk\nlk.treatment(None, 'x', None)\n",
        "from netcli.sidebyside import twins\n",
    ],
)
def test_the_check_sees_a_view_that_decides(tmp_path: Path, source: str) -> None:
    view = tmp_path / "view.py"
    view.write_text(source, "utf-8")
    assert decisions(view) != []


def test_the_check_lets_a_view_take_types_and_words(tmp_path: Path) -> None:
    view = tmp_path / "view.py"
    view.write_text(
        "from netcli import lookup as lk\nfrom netcli.explore.overview import Overview\n"
        "from netcli.knowledge import model as m\nm.option_rows\nlk.References\n",
        "utf-8",
    )
    assert decisions(view) == []


# --- One job per module ----------------------------------------------------------------------
MAX_LINES = 450


def too_long(package: Path, limit: int = MAX_LINES) -> list[str]:
    """Every module over ``limit`` lines, with its length."""
    out = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = len(path.read_text("utf-8").splitlines())
        if lines > limit:
            out.append(f"{name}: {lines} lines")
    return out


def test_no_module_is_over_450_lines() -> None:
    """A module that grows past this does several jobs: split it by job (as render/terminal.py
    became blocks, terminal, explore_view and pager), not in half."""
    assert too_long(PACKAGE) == []


def test_the_length_check_sees_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), "utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES, "utf-8")
    assert too_long(tmp_path) == [f"long.py: {MAX_LINES + 1} lines"]

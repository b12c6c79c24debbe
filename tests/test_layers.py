"""The layers of docs/ARCHITECTURE.md, held: the core imports no view, no Env and no CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "netcli"
CORE = [
    "lookup.py",
    "explore/answers.py",
    "explore/engine.py",
    "explore/overview.py",
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

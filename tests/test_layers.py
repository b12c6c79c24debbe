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
    "explore/fit.py",
    "explore/overview.py",
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

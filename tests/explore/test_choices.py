"""No menu row of the wizard or the browser has the value None: questionary gives such a Choice its
title instead, so a "Go back" row came back as the words "Go back" (issue 20, item 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXPLORE = Path(__file__).resolve().parents[2] / "netcli" / "explore"


def choices_without_a_value(path: Path) -> list[int]:
    """The lines of ``Choice(...)`` calls whose value is None or missing."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Choice"):
            continue
        value = node.args[1] if len(node.args) > 1 else None
        value = next((k.value for k in node.keywords if k.arg == "value"), value)
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("name", ["wizard.py", "browser.py", "session.py", "saving.py"])
def test_every_choice_has_a_value_that_is_not_none(name: str) -> None:
    assert choices_without_a_value(EXPLORE / name) == []


def test_the_check_finds_a_go_back_row_without_a_value(tmp_path: Path) -> None:
    menu = tmp_path / "menu.py"
    menu.write_text('rows = [Choice("Card", "card"), Choice("Go back", None), Choice("Quit")]\n')
    assert choices_without_a_value(menu) == [1, 1]

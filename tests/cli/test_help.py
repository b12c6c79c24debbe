"""Every command of the app has help with examples, documented options, and a README entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import Result

from netcli import __version__
from netcli.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group below ``command``, with the words that invoke it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


EVERYTHING = list(walk(get_command(app)))
COMMANDS = [(path, c) for path, c in EVERYTHING if not hasattr(c, "commands")]


def ids(items: list[tuple[tuple[str, ...], Any]]) -> list[str]:
    return [" ".join(path) or "netcli" for path, _ in items]


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "drug",
        "treatment",
        "site",
        "topic",
        "source",
        "sources",
        "glossary",
        "search",
        "list",
        "kb validate",
        "kb schema",
        "kb info",
    } <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=ids(COMMANDS))
def test_every_command_has_help_with_an_example(path: tuple[str, ...], command: Any) -> None:
    assert command.help, f"netcli {' '.join(path)} has no help"
    assert "Example" in command.help
    # The first line is the summary shown in the command list.
    assert command.help.splitlines()[0].strip()


@pytest.mark.parametrize(("path", "command"), EVERYTHING, ids=ids(EVERYTHING))
def test_every_option_and_argument_has_help(path: tuple[str, ...], command: Any) -> None:
    undocumented = [p.name for p in command.params if not getattr(p, "help", None)]
    assert undocumented == []


@pytest.mark.parametrize(("path", "command"), EVERYTHING, ids=ids(EVERYTHING))
def test_help_exits_0(run: Callable[..., Result], path: tuple[str, ...], command: Any) -> None:
    for flag in ("--help", "-h"):
        result = run(*path, flag)
        assert result.exit_code == 0, result.stderr
        assert f"{' '.join(['netcli', *path])} " in result.stdout.splitlines()[0]
        assert result.stderr == ""
        if not hasattr(command, "commands"):
            assert "Example" in result.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=ids(COMMANDS))
def test_every_command_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    assert f"netcli {' '.join(path)}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=ids(COMMANDS))
def test_every_command_takes_json(path: tuple[str, ...], command: Any) -> None:
    # README: "Each one also takes --json, which prints a single JSON document to stdout."
    options = {opt for p in command.params for opt in getattr(p, "opts", [])}
    assert "--json" in options


def test_version(run: Callable[..., Result]) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"netcli {__version__}\n"

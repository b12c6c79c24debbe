"""Long views go through a pager only in a terminal: $PAGER when set, else less -FIRX when it is
installed, else rich's pager; never when the output is not a terminal, or the terminal is dumb."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from rich.console import Console
from rich.pager import SystemPager

from netcli.env import Env
from netcli.render import terminal


def draw(out: Console) -> None:
    out.print("The results, long enough to page.")


def written(env: Env) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


@pytest.fixture
def less(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """less is installed; what it was run with (its arguments and its input) is noted here."""
    seen: dict[str, Any] = {}

    def run(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        seen["less"] = (args, kw["input"])
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/less")
    return seen


def test_in_a_terminal_less_shows_the_view(less: dict[str, Any]) -> None:
    env = Env.in_memory(terminal=True)
    terminal.paged(draw, env)
    args, content = less["less"]
    assert args == ["less", "-FIRX"]  # the text goes in on stdin, never as an argument
    assert "The results, long enough to page." in content
    assert written(env) == ""


def test_pager_set_uses_the_system_pager(less: dict[str, Any]) -> None:
    # rich's system pager runs $PAGER (or $MANPAGER) the way pydoc does.
    assert isinstance(terminal.pager(Env.in_memory(terminal=True, pager="more")), SystemPager)


def test_without_less_the_system_pager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert isinstance(terminal.pager(Env.in_memory(terminal=True)), SystemPager)


@pytest.mark.parametrize(
    "env",
    [Env.in_memory(), Env.in_memory(terminal=True, term="dumb")],
    ids=["not-a-terminal", "dumb-terminal"],
)
def test_no_pager_when_not_a_terminal_or_a_dumb_one(less: dict[str, Any], env: Env) -> None:
    assert terminal.pager(env) is None
    terminal.paged(draw, env)
    assert less == {}
    assert "The results, long enough to page." in written(env)


def test_when_less_cannot_start_the_view_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(args: list[str], **kw: Any) -> None:
        raise FileNotFoundError(args[0])

    monkeypatch.setattr(subprocess, "run", missing)
    out = io.StringIO()
    terminal.Less(out).show("The whole view.\n")
    assert out.getvalue() == "The whole view.\n"

"""Long views go through a pager only in a terminal: $PAGER when set, else less -FIRX when it is
installed, else rich's pager; never when the output is not a terminal, or the terminal is dumb."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from rich.console import Console

from netcli.render import terminal


def fake_console(is_terminal: bool) -> Console:
    return Console(file=io.StringIO(), force_terminal=is_terminal, width=80)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Which pager showed what: less (its arguments and input), the system pager, or neither."""
    seen: dict[str, Any] = {}

    def run(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        seen["less"] = (args, kw["input"])
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(terminal.SystemPager, "_pager", lambda self, c: seen.update(system=c))
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/less")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    return seen


def draw(out: Console) -> None:
    out.print("The results, long enough to page.")


def test_in_a_terminal_less_shows_the_view(
    monkeypatch: pytest.MonkeyPatch, shown: dict[str, Any]
) -> None:
    monkeypatch.setattr(terminal, "console", lambda: fake_console(True))
    terminal.paged(draw)
    args, content = shown["less"]
    assert args == ["less", "-FIRX"]  # the text goes in on stdin, never as an argument
    assert "The results, long enough to page." in content
    assert "system" not in shown


def test_pager_set_uses_the_system_pager(
    monkeypatch: pytest.MonkeyPatch, shown: dict[str, Any]
) -> None:
    monkeypatch.setattr(terminal, "console", lambda: fake_console(True))
    monkeypatch.setenv("PAGER", "more")
    terminal.paged(draw)
    assert "The results" in shown["system"]
    assert "less" not in shown


@pytest.mark.parametrize("term", ["xterm", "dumb"])
def test_no_pager_when_not_a_terminal_or_a_dumb_one(
    monkeypatch: pytest.MonkeyPatch, shown: dict[str, Any], term: str
) -> None:
    out = fake_console(term == "dumb")  # a dumb terminal is still a terminal
    monkeypatch.setattr(terminal, "console", lambda: out)
    monkeypatch.setenv("TERM", term)
    terminal.paged(draw)
    assert shown == {}
    assert "The results, long enough to page." in out.file.getvalue()  # type: ignore[attr-defined]

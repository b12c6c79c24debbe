"""Long views go through a pager only in a terminal that can run one: $PAGER when set (MANPAGER
is for man pages and never wins over it), else less -FIRX with a prompt that says how to scroll
and leave; never when the output is not a terminal, or the terminal is dumb, unknown or unnamed.
A pager that cannot be started, or fails, shows the text unpaged after a one-line warning."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from rich.console import Console

from netcli.env import Env
from netcli.render import pager as paging


def draw(out: Console) -> None:
    out.print("The results, long enough to page.")


def written(env: Env) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def errors(env: Env) -> str:
    assert isinstance(env.stderr, io.StringIO)
    return env.stderr.getvalue()


class FakePopen:
    seen: ClassVar[list[tuple[list[str], str]]] = []
    environments: ClassVar[list[dict[str, str]]] = []
    returncode = 0

    def __init__(self, args: list[str], **kw: Any) -> None:
        self.args = args
        FakePopen.environments.append(kw.get("env") or {})

    def communicate(self, content: str) -> tuple[None, None]:
        FakePopen.seen.append((self.args, content))
        return None, None


@pytest.fixture
def less(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], str]]:
    """less is installed; what each pager was run with (its arguments and its input)."""
    FakePopen.seen = []
    FakePopen.environments = []
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/less")
    return FakePopen.seen


def test_in_a_terminal_less_shows_the_view_and_says_how_to_leave(
    less: list[tuple[list[str], str]],
) -> None:
    env = Env.in_memory(terminal=True)
    paging.paged(draw, env)
    ((args, content),) = less
    assert args[:2] == ["less", "-FIRX"]  # the text goes in on stdin, never as an argument
    prompt = next(a for a in args if a.startswith("-Ps"))
    assert "q to leave" in prompt and "scroll" in prompt
    assert "The results, long enough to page." in content
    assert written(env) == ""


def test_pager_wins_over_manpager() -> None:
    environ = {"PAGER": "more -s", "MANPAGER": "most", "TERM": "xterm"}
    env = Env.from_process(environ)
    env.stdout_isatty = True
    assert paging.pager_command(env) == ["more", "-s"]


def test_without_pager_or_less_the_view_is_not_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert paging.pager(Env.in_memory(terminal=True)) is None


@pytest.mark.parametrize(
    "env",
    [
        Env.in_memory(),
        Env.in_memory(terminal=True, term="dumb"),
        Env.in_memory(terminal=True, term="unknown"),
        Env.in_memory(terminal=True, term=""),
        Env.in_memory(terminal=True, term="dumb", pager="less"),
    ],
    ids=["not-a-terminal", "dumb", "unknown", "no-term", "dumb-with-pager"],
)
def test_no_pager_when_not_a_terminal_or_one_less_cannot_drive(
    less: list[tuple[list[str], str]], env: Env
) -> None:
    assert paging.pager(env) is None
    paging.paged(draw, env)
    assert less == []
    assert "The results, long enough to page." in written(env)


@pytest.mark.parametrize(
    "pager", ["no-such-pager-netcli", "/nonexistent/pager -R", str(Path(sys.executable).parent)]
)
def test_a_pager_that_cannot_start_shows_the_view_with_one_warning(pager: str) -> None:
    env = Env.in_memory(terminal=True, pager=pager)
    paging.paged(draw, env)
    assert "The results, long enough to page." in written(env)
    warning = errors(env)
    assert warning.count("\n") == 1
    assert "pager" in warning and "without it" in warning


def test_a_pager_that_fails_at_once_shows_the_view_with_one_warning() -> None:
    env = Env.in_memory(terminal=True, pager="false")
    paging.paged(draw, env)
    assert "The results, long enough to page." in written(env)
    assert errors(env).count("\n") == 1


def test_pager_less_without_less_set_gets_colours_not_raw_escape_codes(
    less: list[tuple[list[str], str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAGER=less with LESS unset showed "ESC[1m" literally (less needs -R for colours): the
    pager is given LESS=FRX, as git does; a person's own LESS is kept."""
    monkeypatch.delenv("LESS", raising=False)
    paging.paged(draw, Env.in_memory(terminal=True, pager="less"))
    (environment,) = FakePopen.environments
    assert "R" in environment["LESS"] and "F" in environment["LESS"]

    FakePopen.environments = []
    monkeypatch.setenv("LESS", "-M")
    paging.paged(draw, Env.in_memory(terminal=True, pager="less"))
    (environment,) = FakePopen.environments
    assert environment["LESS"] == "-M"


def test_no_pager_for_a_terminal_terminfo_does_not_describe(
    less: list[tuple[list[str], str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """TERM=xterm-kitty over ssh to a machine without kitty's description: less stopped at
    "WARNING: terminal is not fully functional / Press RETURN to continue" (attack run h41,
    D1). The text is shown as it is, as for TERM=unknown."""
    folder = tmp_path / "terminfo"
    (folder / "x").mkdir(parents=True)
    (folder / "x" / "xterm").write_bytes(b"")
    monkeypatch.setenv("TERMINFO_DIRS", str(folder))
    env = Env.in_memory(terminal=True, term="xterm-no-such-terminal-netcli")
    assert paging.pager(env) is None
    paging.paged(draw, env)
    assert less == []
    assert "The results, long enough to page." in written(env)
    assert paging.pager(Env.in_memory(terminal=True, term="xterm")) is not None


@pytest.mark.parametrize("letter", ["m", "6d"], ids=["by-letter", "by-hex-code"])
def test_a_terminal_described_in_a_private_terminfo_gets_the_pager(
    tmp_path: Path, letter: str
) -> None:
    # ncurses names the folder by the first letter, or (macOS) by its hex code.
    folder = tmp_path / "terminfo"
    (folder / letter).mkdir(parents=True)
    (folder / letter / "my-own-terminal").write_bytes(b"")
    assert paging.described("my-own-terminal", {"TERMINFO": str(folder)})
    assert not paging.described("../../etc/passwd", {"TERMINFO": str(folder)})

"""Hardening in a real pseudo-terminal: the installed ``netcli`` driven with pexpect.

Ctrl-C at a prompt gives exit 130 and one short line; colour follows NO_COLOR and TERM=dumb when
the output is a terminal.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import CTRL_C, ENTER
from tests.helpers import COLOUR_SGR, KB_YAML  # the hardening suite's inline KB

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")

NETCLI = Path(sys.executable).parent / "netcli"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML, encoding="utf-8")
    return path


def pty_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    drop = {"NETCLI_KB", "NETCLI_DEBUG", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"NETCLI_CACHE_DIR": str(cache_dir), "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"})
    env.update(extra)
    return env


def spawn(kb_path: Path, cache_dir: Path, *args: str, **extra: str) -> pexpect.spawn:
    return pexpect.spawn(
        str(NETCLI),
        ["--kb", str(kb_path), *args],
        env=pty_env(cache_dir, **extra),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def assert_interrupted(child: pexpect.spawn, output: str) -> None:
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, output[-500:])
    plain = ANSI.sub("", output)
    assert "Interrupted." in plain
    assert "Traceback" not in plain
    assert "KeyboardInterrupt" not in plain
    after = plain[plain.index("Interrupted.") :].strip()
    assert after == "Interrupted."  # one short line, and nothing after it


def test_ctrl_c_at_the_first_question_exits_130(kb_path: Path, cache_dir: Path) -> None:
    child = spawn(kb_path, cache_dir, "explore")
    child.expect("NET or a NEC")
    child.send(CTRL_C)
    assert_interrupted(child, finish(child))


def test_ctrl_c_at_the_second_question_exits_130(kb_path: Path, cache_dir: Path) -> None:
    child = spawn(kb_path, cache_dir, "explore")
    child.expect("NET or a NEC")
    child.send(ENTER)
    child.expect("Where did it start")
    child.send(CTRL_C)
    assert_interrupted(child, finish(child))


def test_ctrl_c_at_the_review_exits_130(kb_path: Path, cache_dir: Path) -> None:
    child = spawn(kb_path, cache_dir, "explore")
    child.expect("NET or a NEC")
    child.send(ENTER)
    child.expect("Where did it start")
    child.send(ENTER)
    child.expect("Your answers")
    child.send(CTRL_C)
    assert_interrupted(child, finish(child))


def test_a_lookup_in_a_terminal_is_coloured(kb_path: Path, cache_dir: Path) -> None:
    output = finish(spawn(kb_path, cache_dir, "drug", "octreotide"))
    assert "\x1b[" in output
    assert "octreotide" in output


def test_no_color_in_a_terminal_turns_colour_off(kb_path: Path, cache_dir: Path) -> None:
    child = spawn(kb_path, cache_dir, "drug", "octreotide", NO_COLOR="1")
    output = finish(child)
    assert child.exitstatus == 0
    assert "Sandostatin" in output
    assert not COLOUR_SGR.search(output), repr(output[:400])


@pytest.mark.parametrize("args", [["drug", "octreotide"], ["explore", "-a", "kind=net"]])
def test_term_dumb_in_a_terminal_has_no_escape_codes(
    kb_path: Path, cache_dir: Path, args: list[str]
) -> None:
    child = spawn(kb_path, cache_dir, *args, TERM="dumb")
    output = finish(child)
    assert child.exitstatus == 0
    assert "octreotide" in output
    assert "\x1b" not in output, repr(output[:400])


def test_a_30_column_terminal_gets_lines_of_30_columns(kb_path: Path, cache_dir: Path) -> None:
    child = pexpect.spawn(
        str(NETCLI),
        ["--kb", str(kb_path), "drug", "octreotide"],
        env=pty_env(cache_dir),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 30),
    )
    output = ANSI.sub("", finish(child))
    assert child.exitstatus == 0
    lines = [ln for ln in output.replace("\r", "").split("\n") if ln]
    assert lines
    assert max(cell_len(ln) for ln in lines) <= 30, output
    assert "[bold]x[/]" in output

"""The pager and signals in a real terminal (issue 23), each run from an interactive bash in a
pseudo-terminal, with `stty -a` taken before netcli starts and after it ends: they must agree.

SIGTERM, SIGHUP or Ctrl-\\ (SIGQUIT) while the results are in less stops less and netcli, with
netcli's message; Ctrl-C in less exits 130; `kill -INT` from outside is honoured at a question and
at the menu; after `kill -TSTP` or Ctrl-Z and `fg` the prompt has its terminal mode back."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.test_explore_pty import (
    ENTER,
    KB,
    NETCLI,
    UP,
    answer_all,
    at,
    shown,
    spawn,
    to_browser,
)

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for the processes"),
    pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash"),
]
PROMPT = "netcli-test$ "


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    if not NETCLI.exists():
        pytest.skip(f"netcli is not installed next to {sys.executable}")
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return path


def bash(tmp_path: Path, rows: int = 40, **extra: str) -> pexpect.spawn:
    child = spawn(tmp_path, "bash", ["--norc", "--noprofile", "-i"], 100, PS1=PROMPT, **extra)
    child.setwinsize(rows, 100)
    child.expect_exact(PROMPT)
    child.sendline("stty -a > before.txt")
    child.expect_exact(PROMPT)
    return child


def run(child: pexpect.spawn, kb_path: Path, *args: str) -> None:
    child.sendline(f"{NETCLI} --kb {kb_path} explore {' '.join(args)}; echo RC=$?")


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def netcli_pid(child: pexpect.spawn) -> int:
    (pid,) = children(child.pid)
    return pid


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def exit_status(child: pexpect.spawn) -> int:
    child.expect(r"RC=(\d+)")
    status = int(child.match.group(1))
    child.expect_exact(PROMPT)
    return status


def same_stty(child: pexpect.spawn, tmp_path: Path) -> None:
    child.sendline("stty -a > after.txt; echo STTY-DONE")
    child.expect_exact("STTY-DONE\r\n")
    child.expect_exact(PROMPT)
    before = (tmp_path / "before.txt").read_text()
    after = (tmp_path / "after.txt").read_text()
    assert after == before
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()


def in_less(tmp_path: Path, kb_path: Path) -> tuple[pexpect.spawn, int, int]:
    """bash, netcli's results stopped in less (a 12-row terminal), and the two processes."""
    child = bash(tmp_path, rows=12, PAGER="")
    run(child, kb_path)
    answer_all(child)
    child.send(ENTER)  # the review: See the results, which go through less
    child.expect_exact("Your situation:")
    child.expect(["q to leave", r"\r\n:"])
    netcli = netcli_pid(child)
    (less,) = children(netcli)
    return child, netcli, less


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
@pytest.mark.parametrize(
    ("signum", "status", "word"),
    [(signal.SIGTERM, 143, "Terminated."), (signal.SIGHUP, 129, "Hung up.")],
    ids=["SIGTERM", "SIGHUP"],
)
def test_a_signal_while_the_results_are_in_less_stops_less_and_netcli(
    tmp_path: Path, kb_path: Path, signum: int, status: int, word: str
) -> None:
    child, netcli, less = in_less(tmp_path, kb_path)
    os.kill(netcli, signum)
    assert exit_status(child) == status
    assert word in shown(child)
    assert not alive(less)  # it would fight the shell for keys
    same_stty(child, tmp_path)


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_ctrl_backslash_in_less_stops_less_and_netcli(tmp_path: Path, kb_path: Path) -> None:
    # Ctrl-\ sends SIGQUIT to netcli and less: netcli died by it ("Quit", 131) and left less
    # running behind the shell, which took the next key typed there (attack run h41, D8).
    child, _, less = in_less(tmp_path, kb_path)
    child.send("\x1c")
    assert exit_status(child) == 131
    assert "Quit." in shown(child)
    assert not alive(less)
    same_stty(child, tmp_path)


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_ctrl_c_in_less_exits_130_with_the_terminal_as_it_was(
    tmp_path: Path, kb_path: Path
) -> None:
    child, _, less = in_less(tmp_path, kb_path)
    child.send("\x03")
    assert exit_status(child) == 130
    assert not alive(less)
    same_stty(child, tmp_path)


def test_kill_int_at_a_question_is_honoured(tmp_path: Path, kb_path: Path) -> None:
    child = bash(tmp_path, PAGER="cat")
    run(child, kb_path)
    at(child, "Where did it start?", "Not sure")
    os.kill(netcli_pid(child), signal.SIGINT)
    assert exit_status(child) == 130
    same_stty(child, tmp_path)


def test_kill_int_at_the_menu_is_honoured(tmp_path: Path, kb_path: Path) -> None:
    child = bash(tmp_path, PAGER="cat")
    run(child, kb_path)
    to_browser(child)
    os.kill(netcli_pid(child), signal.SIGINT)
    assert exit_status(child) == 130
    same_stty(child, tmp_path)


@pytest.mark.parametrize("how", ["kill -TSTP", "Ctrl-Z"])
def test_after_a_stop_and_fg_the_prompt_has_its_mode_back(
    tmp_path: Path, kb_path: Path, how: str
) -> None:
    # Ctrl-Z reached the raw-mode prompt as a key and did nothing (attack run D5).
    child = bash(tmp_path, PAGER="cat")
    run(child, kb_path)
    at(child, "Where did it start?", "Not sure")
    netcli = netcli_pid(child)
    if how == "Ctrl-Z":
        child.send("\x1a")
    else:
        os.kill(netcli, signal.SIGTSTP)
    child.expect_exact("Stopped")
    child.expect_exact(PROMPT)
    # The shell has the terminal as it was before netcli started.
    child.sendline("stty -a > stopped.txt; echo STOPPED-STTY")
    child.expect_exact("STOPPED-STTY\r\n")
    child.expect_exact(PROMPT)
    assert (tmp_path / "stopped.txt").read_text() == (tmp_path / "before.txt").read_text()
    child.sendline("fg")
    child.expect_exact("Not sure")  # the choices drawn again
    # The prompt may draw before it puts the terminal back in raw mode: wait for the mode (a
    # loaded machine took longer than the drawing), then check it.
    for _ in range(200):
        lflag = termios.tcgetattr(child.child_fd)[3]
        if not lflag & (termios.ICANON | termios.ECHO):
            break
        time.sleep(0.05)
    assert not lflag & termios.ICANON, "the terminal is in line mode: keys wait for Enter"
    assert not lflag & termios.ECHO, "keys are echoed over the prompt"
    child.send(UP + ENTER)
    child.expect_exact("What grade is it?")
    os.kill(netcli, signal.SIGTERM)  # (bash already ran `echo RC` when netcli stopped)
    child.expect_exact("Terminated.")
    child.expect_exact(PROMPT)
    same_stty(child, tmp_path)


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_a_dumb_terminal_gets_no_escape_sequences_from_the_questionnaire(
    tmp_path: Path, kb_path: Path, term: str
) -> None:
    # It got about 900 (cursor moves, colours, modes), shown raw. The questions need cursor
    # moves, so explore says how to give the answers instead, and sends no escape at all.
    child = spawn(tmp_path, str(NETCLI), ["--kb", str(kb_path), "explore"], 100, TERM=term)
    child.expect(pexpect.EOF)
    child.close()
    out = child.logfile_read.getvalue()
    assert "\x1b" not in out, repr(out[:300])
    assert child.exitstatus == 2
    assert f"TERM={term}" in out and "-a KEY=VALUE" in out


def test_a_dumb_terminal_still_takes_answers_given(tmp_path: Path, kb_path: Path) -> None:
    child = spawn(
        tmp_path,
        str(NETCLI),
        ["--kb", str(kb_path), "explore", "-a", "site=rectum"],
        100,
        TERM="dumb",
    )
    child.expect(pexpect.EOF)
    child.close()
    out = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    assert "\x1b" not in out
    assert "Supportive care" in out


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_less_killed_from_outside_leaves_the_terminal_as_it_was(
    tmp_path: Path, kb_path: Path
) -> None:
    child, _, less = in_less(tmp_path, kb_path)
    os.kill(less, signal.SIGKILL)  # it cannot put the terminal back itself
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    child.send(UP + ENTER)
    assert exit_status(child) == 0
    same_stty(child, tmp_path)


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_kill_tstp_while_in_less_then_fg_goes_on(tmp_path: Path, kb_path: Path) -> None:
    child, netcli, less = in_less(tmp_path, kb_path)
    os.kill(netcli, signal.SIGTSTP)  # the job stops, less with it
    child.expect_exact("Stopped")
    child.expect_exact(PROMPT)
    child.sendline("fg")
    child.expect(["q to leave", r"\r\n:"])
    child.send("q")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    child.send(UP + ENTER)
    child.expect_exact(PROMPT)
    assert not alive(less)
    same_stty(child, tmp_path)

"""netcli ends without the interpreter's teardown (``cli.main``): everything it writes must be out
and closed first. Each test runs the installed command, as a user does, and checks that nothing
is lost: large output through a pipe and into a file, the summary file, stderr, the exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

SCRIPT = Path(sys.executable).parent / "netcli"


def netcli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(SCRIPT), *args], stdin=subprocess.DEVNULL, timeout=120, **kwargs
    )


@pytest.fixture
def env(cache_dir: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_START"}


def test_output_larger_than_a_pipe_arrives_whole(env: dict[str, str]) -> None:
    done = netcli("explore", "-a", "kind=net", "--json", capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 65536  # more than a pipe holds: written while it is read
    assert json.loads(done.stdout)["options"]


def test_output_into_a_file_arrives_whole(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with out.open("wb") as f:
        done = netcli("explore", "-a", "kind=net", "--json", stdout=f, env=env)
    assert done.returncode == 0
    assert json.loads(out.read_bytes())["options"]
    assert out.read_bytes().endswith(b"}\n")


def test_a_summary_and_its_message_are_written_before_the_end(
    env: dict[str, str], tmp_path: Path, run: Callable[..., Result]
) -> None:
    report = tmp_path / "summary.md"
    done = netcli(
        "explore", "-a", "kind=net", "--report", str(report), capture_output=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert str(report).encode() in done.stderr
    # The same summary written in-process, where the interpreter ends the usual way.
    inside = tmp_path / "inside.md"
    assert run("explore", "-a", "kind=net", "--report", str(inside)).exit_code == 0
    assert report.read_bytes() == inside.read_bytes()


def test_an_error_keeps_its_message_and_exit_code(env: dict[str, str]) -> None:
    done = netcli("drug", "no-such-drug", capture_output=True, env=env)
    assert done.returncode == 1
    assert done.stdout == b""
    assert b"no-such-drug" in done.stderr


def test_a_reader_that_stops_early_gets_no_noise(env: dict[str, str]) -> None:
    proc = subprocess.Popen(
        [str(SCRIPT), "explore", "-a", "kind=net", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) in (0, 1)
    assert b"Traceback" not in err

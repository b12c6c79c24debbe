"""The README's commands run as printed (issue 26), in the order the README gives them, from a
fresh copy of the repository: every command in its Commands table and every `$ netcli` example,
with the installed `netcli` on the PATH as the set-up's second step puts it there. Set-up itself
(the install commands) is excepted: CI runs it (`.ci/run`)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.helpers import proc_env

REPO = Path(__file__).resolve().parents[2]
NETCLI = Path(sys.executable).parent / "netcli"
README = (REPO / "README.md").read_text(encoding="utf-8")
# These need a person at a terminal: run in a pseudo-terminal up to their first question.
ASKS = {"netcli explore"}


def commands_table() -> list[str]:
    section = README.split("\n## Commands\n", 1)[1].split("\n#", 1)[0]
    found = []
    for line in section.splitlines():
        if line.startswith("| `netcli"):
            cell = line.split(" | ", 1)[0].removeprefix("| ")
            found += re.findall(r"`(netcli[^`]*)`", cell)
    return found


def examples() -> list[tuple[str, list[str]]]:
    """Each `$ netcli ...` line of a console block, with the lines printed after it."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ netcli"):
                shown = []
                for rest in lines[i + 1 :]:
                    if rest.startswith("$ "):
                        break
                    shown.append(rest)
                out.append((line[2:], shown))
    return out


def test_the_readme_has_commands_to_run() -> None:
    table = commands_table()
    assert len(table) >= 15
    assert "netcli explore --answers examples/answers.yaml --report summary.html" in table
    assert examples()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's tracked files, as a fresh clone has them (nothing left over from a run)."""
    if not NETCLI.exists():
        pytest.skip(f"netcli is not installed next to {sys.executable}")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    target = tmp_path_factory.mktemp("clone")
    for name in filter(None, tracked.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def env(cache: Path) -> dict[str, str]:
    values = proc_env(cache)
    values["PATH"] = f"{NETCLI.parent}{os.pathsep}{values.get('PATH', '')}"
    return values


def test_every_command_runs_as_printed_in_order(clone: Path, cache_dir: Path) -> None:
    failed = []
    for command in commands_table():
        if command in ASKS:
            continue
        proc = subprocess.run(
            shlex.split(command),
            cwd=clone,
            env=env(cache_dir),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0 or not proc.stdout.strip() or "Traceback" in proc.stderr:
            failed.append(f"{command}: exit {proc.returncode}: {proc.stderr.strip()[:300]}")
    assert failed == []
    assert (clone / "summary.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", sorted(ASKS))
def test_a_command_that_asks_reaches_its_first_question(
    clone: Path, cache_dir: Path, command: str
) -> None:
    assert command in commands_table()
    words = shlex.split(command)
    child = pexpect.spawn(
        words[0],
        words[1:],
        cwd=str(clone),
        env={**env(cache_dir), "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=60,
    )
    child.expect("Question 1 of")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.parametrize(("command", "shown"), examples())
def test_each_example_prints_what_the_readme_shows(
    clone: Path, cache_dir: Path, command: str, shown: list[str]
) -> None:
    proc = subprocess.run(
        shlex.split(command),
        cwd=clone,
        env={**env(cache_dir), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert [line.rstrip() for line in proc.stdout.splitlines()] == shown

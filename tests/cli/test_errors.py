"""Errors a user can cause, and the one an unexpected bug causes: the exit code, a message on
stderr that says what went wrong and what to do, nothing on stdout, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from netcli import cli
from netcli import lookup as lk
from tests.helpers import (
    assert_clean_exit,
    assert_error,
    kb_path,  # noqa: F401 (a fixture)
    proc_env,
    run_marked,  # noqa: F401 (a fixture)
)


def test_the_inline_knowledge_base_is_valid(
    run_marked: Callable[..., Result], kb_path: Path
) -> None:
    result = run_marked("kb", "validate", str(kb_path))
    assert_clean_exit(result, 0)
    assert "valid" in result.stdout


# --- Unknown command or option: exit 2, usage line ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["--frobnicate"],
        ["drug", "octreotide", "--frobnicate"],
        ["list", "nonsense"],
        ["kb", "frobnicate"],
        ["sources", "--as-of", "not-a-date"],
        ["drug"],
    ],
    ids=["command", "root-option", "command-option", "bad-choice", "kb-command", "bad-date", "arg"],
)
def test_unknown_command_or_option_exits_2_with_a_usage_line(
    run_marked: Callable[..., Result], args: list[str]
) -> None:
    result = run_marked(*args)
    assert_error(result, 2)
    assert "netcli" in result.stderr
    assert re.search(r"netcli[a-z ]* (-h|--help)\b", result.stderr)


def test_typer_pretty_exceptions_are_off_and_never_show_locals() -> None:
    assert cli.app.pretty_exceptions_enable is False
    assert cli.app.pretty_exceptions_show_locals is False


# --- Unknown names: exit 1, close matches, nothing on stdout --------------------------------------


@pytest.mark.parametrize(
    ("command", "name", "suggestion"),
    [
        ("drug", "octreotdie", "octreotide"),  # "octreotid" is part of a name: it opens it
        ("drug", "sandostatn", "Sandostatin"),
        ("treatment", "somatostatn analogues", "Somatostatin analogues"),
        ("site", "pancreatc net", "Pancreatic NET"),
        ("glossary", "multidisciplinary tem", "Multidisciplinary team"),
        ("topic", "your specialist tem", "Your specialist team"),
    ],
)
def test_an_unknown_name_exits_1_with_close_matches_on_stderr(
    run_marked: Callable[..., Result], command: str, name: str, suggestion: str
) -> None:
    result = run_marked(command, name)
    assert_error(result, 1)
    assert "Did you mean" in result.stderr
    assert suggestion in result.stderr


@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary", "topic", "source"])
def test_a_name_far_from_any_exits_1_without_suggestions(
    run_marked: Callable[..., Result], command: str
) -> None:
    result = run_marked(command, "zzzqqqxxx")
    assert_error(result, 1)
    assert "zzzqqqxxx" in result.stderr
    assert "Did you mean" not in result.stderr


@pytest.mark.parametrize("name", ["", "   ", "()", "®"])
@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary"])
def test_an_empty_name_exits_1_and_says_so(
    run_marked: Callable[..., Result], command: str, name: str
) -> None:
    result = run_marked(command, name)
    assert_error(result, 1)
    assert result.stderr.startswith("netcli: ")
    assert "Did you mean" not in result.stderr


@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary", "topic"])
def test_a_10000_character_name_exits_1_with_a_short_message(
    run_marked: Callable[..., Result], command: str
) -> None:
    result = run_marked(command, "octreotide" * 1000)
    assert_error(result, 1)
    assert len(result.stderr) < 500
    assert "..." in result.stderr


def test_not_found_in_json_mode_is_json_on_stderr_with_suggestions(
    run_marked: Callable[..., Result],
) -> None:
    result = run_marked("drug", "octreotdie", "--json")
    assert_error(result, 1)
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "not_found"
    assert error["suggestions"] == ["octreotide"]


def test_rich_markup_in_a_name_given_is_shown_as_written(run_marked: Callable[..., Result]) -> None:
    result = run_marked("drug", "[red]nope[/]")
    assert_error(result, 1)
    assert "[red]nope[/]" in result.stderr


# --- explore without a terminal -------------------------------------------------------------------


def test_explore_without_a_terminal_or_answers_exits_2_in_process(
    run_marked: Callable[..., Result],
) -> None:
    result = run_marked("explore")
    assert_error(result, 2)
    assert "-a KEY=VALUE" in result.stderr
    assert "--answers" in result.stderr


def test_explore_with_stdin_an_open_pipe_exits_2_and_never_hangs(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "--kb", str(kb_path), "explore"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=proc_env(cache_dir),
    )
    try:
        code = proc.wait(timeout=15)  # stdin stays open: a prompt would wait for ever
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert code == 2, err
    assert out == ""
    assert "there is none here" in err


# --- An unexpected internal error -----------------------------------------------------------------

INJECT = """\
import sys
import netcli.lookup

def boom(*args, **kwargs):
    hidden = "local-" + "value-never-shown"
    raise RuntimeError("injected failure")

netcli.lookup.drug = boom
from netcli.cli import main
sys.argv = ["netcli", *sys.argv[1:]]
main()
"""


def _inject(
    kb_path: Path, cache_dir: Path, *args: str, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", INJECT, "--kb", str(kb_path), "drug", "octreotide", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir, **extra),
        stdin=subprocess.DEVNULL,
    )


def test_an_internal_error_says_it_is_a_bug_and_how_to_report_it(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = _inject(kb_path, cache_dir)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "bug" in proc.stderr
    assert "NETCLI_DEBUG" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "injected failure" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 2


def test_an_internal_error_in_json_mode_is_a_json_error(kb_path: Path, cache_dir: Path) -> None:
    proc = _inject(kb_path, cache_dir, "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stderr)["error"]["code"] == "internal"


def test_an_internal_error_shows_the_traceback_only_with_netcli_debug(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = _inject(kb_path, cache_dir, NETCLI_DEBUG="1")
    assert proc.returncode == 1
    # The details: the failure's own message and the function it was raised in.
    assert "injected failure" in proc.stderr and "boom" in proc.stderr
    # A plain traceback: no typer box, and no local variables.
    assert "value-never-shown" not in proc.stderr
    assert "╭" not in proc.stderr
    assert "locals" not in proc.stderr.lower()


def test_an_internal_error_in_process_is_reported_not_raised(
    run_marked: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise ZeroDivisionError("x")

    monkeypatch.setattr(lk, "treatment", boom)
    result = run_marked("treatment", "ssa")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "internal error (ZeroDivisionError)" in result.stderr
    assert "bug" in result.stderr

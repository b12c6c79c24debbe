"""The Env: what netcli reads from the process (streams, terminal, width, colour, pager, today),
and the CLI run against an Env a test builds instead, as in a terminal or a pipe."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from netcli.cli import app
from netcli.env import Env

COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7])[0-9;]*m")  # a colour SGR


def run(env: Env, kb_file: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb_file), *args], obj=env)
    assert isinstance(env.stdout, io.StringIO) and isinstance(env.stderr, io.StringIO)
    return result.exit_code, env.stdout.getvalue(), env.stderr.getvalue()


# --- Built from the process -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "columns"),
    [(None, None), ("", None), ("wide", None), ("5", 20), ("72", 72), (" 90 ", 90), ("5000", 1000)],
)
def test_columns_are_kept_within_20_and_1000(value: str | None, columns: int | None) -> None:
    environ = {} if value is None else {"COLUMNS": value}
    assert Env.from_process(environ).columns == columns


@pytest.mark.parametrize(
    ("environ", "force"),
    [
        ({}, None),
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": ""}, False),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False),
        ({"TTY_COMPATIBLE": "1"}, True),
    ],
)
def test_the_environment_can_force_terminal_codes_on_or_off(
    environ: dict[str, str], force: bool | None
) -> None:
    assert Env.from_process(environ).force_terminal is force


def test_no_color_term_and_pager_come_from_the_environment() -> None:
    env = Env.from_process({"NO_COLOR": "1", "TERM": "dumb", "PAGER": "more"})
    assert (env.no_color, env.term, env.pager) == (True, "dumb", "more")
    plain = Env.from_process({"NO_COLOR": "", "PAGER": ""})
    assert (plain.no_color, plain.pager) == (False, None)  # set but empty counts as unset


def test_colour_needs_codes_a_terminal_that_is_not_dumb_and_no_no_color() -> None:
    assert Env.in_memory(terminal=True).colour
    assert not Env.in_memory().colour  # a pipe
    assert Env.in_memory(force_terminal=True).colour  # FORCE_COLOR in a pipe
    assert not Env.in_memory(terminal=True, no_color=True).colour
    assert not Env.in_memory(terminal=True, term="dumb").colour
    assert not Env.in_memory(terminal=True, force_terminal=False).colour


def test_the_width_is_columns_else_the_terminal_as_it_is_now() -> None:
    sizes = iter([70, 90])
    env = Env.in_memory(terminal=True)
    env.columns, env.measure = None, lambda: next(sizes)
    assert (env.width(), env.width()) == (70, 90)  # a terminal resized between two views
    env.columns = 50
    assert env.width() == 50


# --- The CLI reads the Env it is given ------------------------------------------------------------


def test_output_and_errors_go_to_the_envs_streams(kb_file: Path) -> None:
    code, out, err = run(Env.in_memory(), kb_file, "drug", "Sandostatin")
    assert code == 0, err
    assert "octreotide" in out and "\x1b" not in out
    code, out, err = run(Env.in_memory(), kb_file, "drug", "no-such-drug")
    assert code == 1
    assert out == ""
    assert err.startswith("netcli: ") and "no-such-drug" in err


def test_a_terminal_gets_codes_and_no_color_takes_the_colours_away(kb_file: Path) -> None:
    _, out, _ = run(Env.in_memory(terminal=True), kb_file, "drug", "octreotide")
    assert "\x1b[" in out
    _, out, _ = run(Env.in_memory(terminal=True, no_color=True), kb_file, "drug", "octreotide")
    assert not COLOUR.search(out)
    _, out, _ = run(Env.in_memory(terminal=True, term="dumb"), kb_file, "drug", "octreotide")
    assert "\x1b" not in out


@pytest.mark.parametrize("columns", [40, 72])
def test_views_fit_the_envs_width(kb_file: Path, columns: int) -> None:
    code, out, err = run(Env.in_memory(columns=columns), kb_file, "treatment", "SSAs")
    assert code == 0, err
    assert max(cell_len(line) for line in out.splitlines()) <= columns


def test_today_comes_from_the_env_and_as_of_overrides_it(kb_file: Path) -> None:
    # The charity page is due for review in 2099; the hospital page was due in 2023.
    later = Env.in_memory(today=dt.date(2100, 1, 1))
    _, out, _ = run(later, kb_file, "sources", "--stale")
    assert "Example Cancer Charity" in out and "Example Hospital" in out
    _, out, _ = run(
        Env.in_memory(today=dt.date(2100, 1, 1)),
        kb_file,
        "sources",
        "--stale",
        "--as-of",
        "2024-01-01",
    )
    assert "Example Cancer Charity" not in out and "Example Hospital" in out


def test_explore_with_no_terminal_on_stdin_asks_for_the_answers(kb_file: Path) -> None:
    code, out, err = run(Env.in_memory(), kb_file, "explore")
    assert code == 2
    assert out == ""
    assert "there is none here" in err

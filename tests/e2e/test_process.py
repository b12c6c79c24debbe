"""The process as a whole (``python -m netcli`` in a subprocess): Ctrl-C and SIGINT exit 130 with
one line, a pipe closed early makes no noise, colour follows the terminal, NO_COLOR, FORCE_COLOR
and TERM, and the views keep within COLUMNS."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import Result

from netcli.render import terminal
from tests.conftest import AS_NET, CTRL_C
from tests.helpers import (
    COLOUR_SGR,
    ESC,
    KB_YAML,
    kb_path,  # noqa: F401 (a fixture)
    netcli_proc,
    proc_env,
    run_marked,  # noqa: F401 (a fixture)
)

# --- Ctrl-C ---------------------------------------------------------------------------------------


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def assert_interrupted(result: Any) -> None:  # a Result, or what in_terminal returns
    assert result.exit_code == 130, (result.exit_code, result.stderr)
    assert result.stderr.strip() == "Interrupted."
    assert "Traceback" not in result.output


def test_ctrl_c_during_output_exits_130_with_one_line(
    run_marked: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "render", _interrupt)
    assert_interrupted(run_marked("drug", "octreotide"))


def test_ctrl_c_during_json_output_exits_130_with_one_line(
    run_marked: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.render import jsonout

    monkeypatch.setattr(jsonout, "dumps", _interrupt)
    assert_interrupted(run_marked("list", "drugs", "--json"))


def test_ctrl_c_while_the_knowledge_base_loads_exits_130(
    run_marked: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.knowledge import load

    monkeypatch.setattr(load, "open_kb", _interrupt)
    assert_interrupted(run_marked("drug", "octreotide"))


def test_ctrl_c_at_a_question_exits_130(in_terminal: Callable[..., Any]) -> None:
    ran = in_terminal("\x1b[B\r" + CTRL_C, "explore")  # NET, then Ctrl-C at the site question
    assert_interrupted(ran)
    assert "Where did it start?" in ran.prompts
    assert ran.stdout == ""


def test_ctrl_c_at_the_offer_to_save_a_summary_exits_130(in_terminal: Callable[..., Any]) -> None:
    # With --json there is no results browser: the offer to save comes after the results.
    ran = in_terminal(AS_NET + CTRL_C, "explore", "--json")
    assert_interrupted(ran)
    assert "Somatostatin analogues" in ran.stdout  # the results were shown first


def test_ctrl_c_in_the_results_browser_exits_130(in_terminal: Callable[..., Any]) -> None:
    # No TERM: the results are drawn as they are, with no pager (a dumb terminal is not asked
    # the questions at all: they need cursor moves).
    ran = in_terminal(AS_NET + CTRL_C, "explore", term="")
    assert_interrupted(ran)
    assert "Somatostatin analogues" in ran.stdout  # the results were shown first
    assert "What next?" in ran.prompts  # the browser's menu was on screen


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The inline knowledge base with 1,500 glossary terms (views far larger than a pipe), and a
    cache folder where it is already validated."""
    terms = "".join(
        f"  - id: term-{i}\n"
        f"    term: Word number {i}\n"
        "    definition:\n"
        "      - {text: A word that the pages use now and then., sources: [page]}\n"
        "    sources: [page]\n"
        for i in range(1500)
    )
    text = KB_YAML.replace("glossary:\n", "glossary:\n" + terms, 1)
    folder = tmp_path_factory.mktemp("big")
    path = folder / "big.yaml"
    path.write_text(text, encoding="utf-8")
    cache = folder / "cache"
    warm = netcli_proc(["--kb", str(path), "kb", "info"], cache)
    assert warm.returncode == 0, warm.stderr
    return path, cache


def test_sigint_while_output_is_blocked_on_a_pipe_exits_130(big: tuple[Path, Path]) -> None:
    big_kb, cache_dir = big
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "--kb", str(big_kb), "glossary"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=proc_env(cache_dir),
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.read(1)  # output has begun; the rest fills the pipe and blocks
        assert first
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = err.decode()
    assert proc.returncode == 130, text
    assert text.strip() == "Interrupted."


# --- Broken pipes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["glossary"], ["search", "word"], ["list", "glossary", "--json"]],
    ids=" ".join,
)
def test_output_into_a_pipe_closed_early_makes_no_noise(
    big: tuple[Path, Path], args: list[str]
) -> None:
    big_kb, cache_dir = big
    command = " ".join(
        [sys.executable, "-m", "netcli", "--kb", str(big_kb), *(f"'{a}'" for a in args)]
    )
    proc = subprocess.run(
        ["bash", "-c", f"set +o pipefail; {command} | head -1"],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir),
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr == "", proc.stderr


def test_kb_schema_into_head_makes_no_noise(cache_dir: Path) -> None:
    proc = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m netcli kb schema | head -c 1; s=${{PIPESTATUS[0]}}; echo; "
            "echo $s",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir),
    )
    assert proc.stdout.startswith("{")
    assert proc.stdout.splitlines()[-1] in ("0", "1", "141")
    assert "BrokenPipeError" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr


# --- Colour and width -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [{}, {"TERM": "dumb"}, {"NO_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}],
    ids=["piped", "term-dumb", "no-color", "no-color-wins"],
)
@pytest.mark.parametrize("args", [["drug", "octreotide"], ["explore", "-a", "kind=net"]])
def test_no_colour_codes_where_colour_is_off(
    kb_path: Path, cache_dir: Path, extra: dict[str, str], args: list[str]
) -> None:
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=proc_env(cache_dir, **extra))
    assert proc.returncode == 0, proc.stderr
    assert not COLOUR_SGR.search(proc.stdout), repr(proc.stdout[:300])
    if "FORCE_COLOR" not in extra:
        assert ESC not in proc.stdout
    assert "A charity" in proc.stdout


def test_force_color_turns_colour_on_in_a_pipe(kb_path: Path, cache_dir: Path) -> None:
    env = proc_env(cache_dir, FORCE_COLOR="1")
    proc = netcli_proc(["--kb", str(kb_path), "drug", "octreotide"], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" in proc.stdout


@pytest.mark.parametrize("args", [["drug", "octreotide", "--json"], ["kb", "schema"]])
def test_json_output_never_has_escape_codes_even_with_force_color(
    kb_path: Path, cache_dir: Path, args: list[str]
) -> None:
    env = proc_env(cache_dir, FORCE_COLOR="1")
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    assert ESC not in proc.stdout
    json.loads(proc.stdout)


def _narrow(kb_path: Path, cache_dir: Path, args: list[str]) -> str:
    env = proc_env(cache_dir, COLUMNS="30", TERM="dumb")
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines
    assert max(cell_len(line) for line in lines) <= 30, proc.stdout
    assert ESC not in proc.stdout
    return proc.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["drug", "octreotide"], ["octreotide", "Sandostatin", "[bold]x[/]", "analogue."]),
        (["explore", "-a", "kind=net"], ["Somatostatin", "analogues", "octreotide", "NETs."]),
    ],
)
def test_columns_30_wraps_the_views_within_30_cells(
    kb_path: Path, cache_dir: Path, args: list[str], words: list[str]
) -> None:
    out = _narrow(kb_path, cache_dir, args)
    for word in words:
        assert word in out


@pytest.mark.parametrize(
    "args", [["list", "drugs"], ["glossary"], ["search", "pancreas"]], ids=" ".join
)
def test_columns_30_keeps_every_id_and_name_in_tables(
    kb_path: Path, cache_dir: Path, args: list[str]
) -> None:
    # BUG: the tables' columns cut long words with an ellipsis ("octreot…"), so at 30 columns
    # `list drugs` no longer shows the ids and names a reader has to type.
    out = _narrow(kb_path, cache_dir, args)
    assert "…" not in out, out

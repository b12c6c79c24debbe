"""explore's flow without the command line: session.run over the small knowledge base, an Env and
a view that notes what it was handed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from netcli.env import Env
from netcli.errors import OutputError, UsageError
from netcli.explore import session
from netcli.explore.result import Result
from netcli.knowledge.load import open_kb
from tests.conftest import AS_NET


def shown(results: list[Result]) -> list[str]:
    return [o.treatment.id for o in results[-1].options]


def test_answers_given_are_shown_once_and_nothing_is_asked(kb_file: Path) -> None:
    seen: list[Result] = []
    env = Env.in_memory(terminal=True, today=dt.date(2030, 1, 1))  # a terminal, yet -a was given
    options = session.Options(pairs=["kind=net", "site=small-bowel"], inputs=[kb_file])
    explored = session.run(env, open_kb(kb_file), options, seen.append)
    assert seen == [explored.result]
    assert "sstas" in shown(seen) and "chemotherapy" not in shown(seen)
    assert explored.result.overview is not None
    assert explored.result.overview.as_of == dt.date(2030, 1, 1)  # the Env's today
    assert (explored.saved, explored.browsed) == (None, False)


def test_with_no_terminal_the_wizard_is_not_started(kb_file: Path) -> None:
    with pytest.raises(UsageError, match="there is none here"):
        session.run(Env.in_memory(), open_kb(kb_file), session.Options(), print)


def test_the_summary_is_written_even_when_the_view_fails(kb_file: Path, tmp_path: Path) -> None:
    report = tmp_path / "summary.md"

    def full_disk(result: Result) -> None:
        raise OutputError("no space left on device")

    env = Env.in_memory()
    options = session.Options(pairs=["kind=net"], report=report, inputs=[kb_file])
    with pytest.raises(OutputError):
        session.run(env, open_kb(kb_file), options, full_disk)
    assert "Somatostatin analogues" in report.read_text(encoding="utf-8")
    assert isinstance(env.stderr, io.StringIO)
    assert env.stderr.getvalue() == f"Saved the summary to {report}\n"


def test_a_report_is_checked_before_any_work(kb_file: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.md"  # an input file, even with --force
    answers.write_text("kind: net\n", encoding="utf-8")
    options = session.Options(answers_file=answers, report=answers, force=True, inputs=[answers])
    with pytest.raises(UsageError, match="netcli is reading"):
        session.check(options)


def test_in_a_terminal_with_json_the_wizard_asks_then_offers_the_summary(kb_file: Path) -> None:
    seen: list[Result] = []
    with create_pipe_input() as inp:
        inp.send_text(AS_NET + "n")  # then no, thank you, to the summary
        inp.close()
        env = Env.in_memory(terminal=True, prompt_input=inp, prompt_output=DummyOutput())
        options = session.Options(as_json=True, inputs=[kb_file])
        explored = session.run(env, open_kb(kb_file), options, seen.append)
    assert seen == [explored.result]
    assert explored.result.answers["kind"] == ("net",)
    assert explored.saved is None


def test_start_again_saves_the_report_again_over_its_own_file(
    kb_file: Path, tmp_path: Path
) -> None:
    """In the results browser with --report (no --force): the summary is saved after each round,
    the second time over the file the first round made, not refused as a file that exists."""
    report = tmp_path / "summary.md"
    start_again, quit_ = "\x1b[A" * 2 + "\r", "\x1b[A" + "\r"  # up from the first row wraps
    with create_pipe_input() as inp:
        inp.send_text(AS_NET + start_again + AS_NET + quit_)
        inp.close()
        env = Env.in_memory(terminal=True, prompt_input=inp, prompt_output=DummyOutput())
        options = session.Options(report=report, inputs=[kb_file])
        explored = session.run(env, open_kb(kb_file), options, print)
    assert explored.saved == report and explored.browsed
    assert isinstance(env.stderr, io.StringIO)
    assert env.stderr.getvalue().count(f"Saved the summary to {report}") == 2


def test_the_questionnaire_turns_the_garbage_collector_back_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """netcli runs with the cyclic garbage collector off (a short run: issue 24); a person may
    keep the questions and the results browser open a long time, so asking turns it back on."""
    import gc

    from netcli.explore import wizard

    monkeypatch.setattr(wizard, "run", lambda *args, **kwargs: {"kind": ["net"]})
    was = gc.isenabled()
    gc.disable()
    try:
        assert session.ask(Env.in_memory(), [], "", None) == {"kind": ["net"]}
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_the_command_runs_with_the_garbage_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from netcli import __main__ as entry
    from netcli import cli

    seen: list[bool] = []
    monkeypatch.delenv("_NETCLI_COMPLETE", raising=False)
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()))
    was = gc.isenabled()
    try:
        entry.main()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]

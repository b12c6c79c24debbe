"""Where ``explore --report`` writes (issue 20, item 2): a new file in the target folder, renamed
into place, never opened through a link. A link at the path is refused unless --force, and then
the link itself is replaced, never the file it points to; what appears at the path while the
report is drawn is never written through."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from netcli.errors import UsageError
from netcli.explore import saving
from netcli.explore.answers import check
from netcli.explore.result import assemble
from netcli.knowledge.load import open_kb

MINE = "someone's own private file\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file a link at the report path points to (another person's, say): it never changes."""
    path = tmp_path / "private.txt"
    path.write_text(MINE, encoding="utf-8")
    return path


def report(run_kb: Callable[..., Result], path: Path | str, *more: str) -> Result:
    return run_kb("explore", "-a", "kind=net", "--report", str(path), *more)


def test_a_link_at_the_path_is_refused_and_left_alone(
    run_kb: Callable[..., Result], tmp_path: Path, victim: Path
) -> None:
    link = tmp_path / "summary.md"
    link.symlink_to(victim)
    result = report(run_kb, link)
    assert result.exit_code == 2
    assert result.stdout == ""  # refused before any work
    assert f"The report path {link} is a symbolic link" in result.stderr
    assert "--force to replace the link itself" in result.stderr
    assert victim.read_text(encoding="utf-8") == MINE
    assert link.is_symlink()


def test_with_force_the_link_itself_is_replaced_never_its_target(
    run_kb: Callable[..., Result], tmp_path: Path, victim: Path
) -> None:
    link = tmp_path / "summary.md"
    link.symlink_to(victim)
    result = report(run_kb, link, "--force")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == MINE
    assert not link.is_symlink()
    assert "Somatostatin analogues" in link.read_text(encoding="utf-8")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_link_put_at_the_path_while_the_report_is_drawn_is_never_written_through(
    run_kb: Callable[..., Result],
    tmp_path: Path,
    victim: Path,
    monkeypatch: pytest.MonkeyPatch,
    force: list[str],
) -> None:
    """The race of the "exists" check and the write: the path is free (or, with --force, an own
    file) when checked, and a link to another file when the report is ready."""
    from netcli.render import report as view

    path = tmp_path / "summary.md"
    if force:
        path.write_text("my old summary\n", encoding="utf-8")
    drawn = view.render

    def draw_while_a_link_appears(*args: object) -> str:
        text = drawn(*args)  # type: ignore[arg-type]
        path.unlink(missing_ok=True)
        path.symlink_to(victim)
        return text

    monkeypatch.setattr(view, "render", draw_while_a_link_appears)
    result = report(run_kb, path, *force)
    assert victim.read_text(encoding="utf-8") == MINE
    if force:  # replaced: the link itself, with the report
        assert result.exit_code == 0, result.stderr
        assert not path.is_symlink()
        assert "Somatostatin analogues" in path.read_text(encoding="utf-8")
    else:  # nothing at the path is replaced without --force: the link stays, unfollowed
        assert result.exit_code == 2
        assert "exists already" in result.stderr
        assert path.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.fixture
def drawn_report(kb_file: Path) -> Iterator[Callable[[Path, bool], None]]:
    kb = open_kb(kb_file)
    full = kb.knowledge_base()
    result = assemble(full, check({"kind": ["net"]}, kb.all("questions")), dt.date(2026, 1, 1))

    def write(path: Path, replace: bool) -> None:
        saving.write(full, result, dt.date(2026, 1, 1), path, [kb_file], replace)

    yield write


@pytest.mark.parametrize("replace", [False, True])
def test_a_thread_swapping_the_link_while_reports_are_drawn_never_reaches_its_target(
    tmp_path: Path, victim: Path, drawn_report: Callable[[Path, bool], None], replace: bool
) -> None:
    """Another process keeps turning the report path into a link to another file, into an
    ordinary file and into nothing, while reports are drawn and written to it."""
    path = tmp_path / "summary.md"
    stop = threading.Event()

    def swap() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            tmp = tmp_path / f"swap-{n}"
            if n % 3 == 0:
                tmp.symlink_to(victim)
                os.replace(tmp, path)
            elif n % 3 == 1:
                tmp.write_text("an ordinary file\n", encoding="utf-8")
                os.replace(tmp, path)
            else:
                path.unlink(missing_ok=True)

    swapper = threading.Thread(target=swap)
    swapper.start()
    written = refused = 0
    try:
        for _ in range(40):
            try:
                drawn_report(path, replace)
                written += 1
            except UsageError:
                refused += 1
    finally:
        stop.set()
        swapper.join()
    assert victim.read_text(encoding="utf-8") == MINE
    assert written + refused == 40
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".netcli-")]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_dev_stdout_is_refused_and_the_printed_view_is_left_alone(
    run_kb: Callable[..., Result], force: list[str]
) -> None:
    result = report(run_kb, "/dev/stdout", *force)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_a_link_to_dev_stdout_never_sends_the_report_to_stdout(
    run_kb: Callable[..., Result], tmp_path: Path
) -> None:
    link = tmp_path / "summary.txt"
    link.symlink_to("/dev/stdout")
    refused = report(run_kb, link)
    assert refused.exit_code == 2
    assert refused.stdout == ""
    replaced = report(run_kb, link, "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert not link.is_symlink()  # the link itself became the report
    assert "Made on" in link.read_text(encoding="utf-8")
    assert replaced.stdout and "Made on" not in replaced.stdout  # only the view


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_a_folder_or_a_fifo_at_the_path_is_refused_before_any_work(
    run_kb: Callable[..., Result], tmp_path: Path, what: str, force: list[str]
) -> None:
    path = tmp_path / "summary.md"
    if what == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opened for writing, it would wait for a reader forever
    result = report(run_kb, path, *force)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Cannot write the report to {path}: it exists and is not a file." in result.stderr
    assert path.is_dir() if what == "folder" else path.is_fifo()


def test_the_message_gives_the_whole_path(
    run_kb: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = report(run_kb, "summary.md")
    assert result.exit_code == 0, result.stderr
    assert f"Saved the summary to {tmp_path / 'summary.md'}" in result.stderr


def test_a_missing_folder_is_named_before_any_work(
    run_kb: Callable[..., Result], tmp_path: Path
) -> None:
    result = report(run_kb, tmp_path / "nope" / "summary.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"the folder {tmp_path / 'nope'} does not exist" in result.stderr


class FullDisk:
    """``os`` as netcli's file writer sees it on a full disk: every write fails with ENOSPC."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: object) -> int:
        import errno

        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("json", [[], ["--json"]])
def test_a_full_disk_is_an_error_not_a_usage_mistake_and_loses_nothing(
    run_kb: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    json: list[str],
) -> None:
    """Attack run D3 (issue 23): a full disk under --report was reported as a usage mistake
    (exit 2), as if the person had called netcli wrongly. It is exit 1, code "output"; the file
    that was there is as it was and no half-written file is left."""
    from netcli import files

    path = tmp_path / "summary.md"
    path.write_text(MINE, encoding="utf-8")
    monkeypatch.setattr(files, "os", FullDisk())
    result = report(run_kb, path, "--force", *json)
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == MINE
    assert not list(tmp_path.glob(".netcli-*"))  # no half-written temp file
    if json:
        import json as j

        assert j.loads(result.stderr)["error"]["code"] == "output"
    else:
        assert f"Could not write the report to {path}" in result.stderr
        assert "Nothing was saved there" in result.stderr

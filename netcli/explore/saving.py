"""Saving the summary a person asked for: ``--report``, the wizard's offer and the results
browser's Save, one way for all three.

Where it goes is checked before any work (``check``); the file is written by
``files.write_new``: a new file beside the target, renamed into place, never opened through a
link. Without ``--force`` (or, when asked, the person's yes) nothing at the path is replaced, not
even a file or link that appears while the summary is drawn; with it, a symbolic link at the path
is itself replaced, never the file it points to. The words of a refusal say what to do from where
the person is: ``--force`` on the command line, another name in the wizard and the browser.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from netcli.errors import NetcliError, UsageError, WriteError
from netcli.files import OutputProblem, check_new, write_new
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.env import Env
    from netcli.explore.result import Result
    from netcli.knowledge import model as m


def shown(path: Path | str) -> str:
    """A path as it may be printed: no control, escape or bidi characters."""
    return strip_unsafe(str(path))


def full_path(path: Path) -> str:
    """The path from the root, as it may be printed (the folder is named, links are not
    resolved)."""
    return shown(os.path.abspath(path))


def default_name(today: dt.date) -> str:
    """The name offered in the wizard and the browser: dated, so that one appointment's summary
    does not meet the last one's."""
    return f"netcli-summary-{today.isoformat()}.html"


def refused(path: Path, problem: OutputProblem, on_command_line: bool) -> NetcliError:
    """The words for a place the summary cannot go, with what to do from where the person is."""
    where = shown(path)
    if problem.kind == "failed":
        return WriteError(
            f"Could not write the report to {where}: {problem.message}.",
            hint="Nothing was saved there (a file that was there is as it was). Free some space, "
            "or give a place on another disk.",
        )
    if problem.kind == "input":
        return UsageError(
            f"The report would replace {where}, which netcli is reading.",
            hint="Give the report another file name.",
        )
    if problem.kind == "exists":
        return UsageError(
            f"The report file {where} exists already.",
            hint="Give another name, or add --force to replace it (its permissions are kept)."
            if on_command_line
            else "Give another name.",
        )
    if problem.kind == "link":
        return UsageError(
            f"The report path {where} is a symbolic link; netcli does not write through a link.",
            hint="Give another name, or add --force to replace the link itself (the file it "
            "points to is left as it is)."
            if on_command_line
            else "Give another name.",
        )
    if problem.kind == "no-folder":
        return UsageError(
            f"Cannot write the report to {where}: the folder {shown(path.parent)} does not exist.",
            hint="Give a folder that exists, or make it first.",
        )
    if problem.kind in ("folder", "special"):
        return UsageError(f"Cannot write the report to {where}: it exists and is not a file.")
    return UsageError(f"Cannot write the report to {where}: {problem.message}.")


def check(path: Path, inputs: list[Path], force: bool, on_command_line: bool = True) -> str:
    """The report's format, after refusing, before any work, a place it cannot go: an input file
    (the knowledge base, the answers), a folder or device, or, without ``force``, anything that
    exists (a link included)."""
    from netcli.render.report import check_format

    suffix = check_format(path)
    try:
        check_new(path, force, inputs)
    except OutputProblem as exc:
        raise refused(path, exc, on_command_line) from None
    return suffix


def write(
    full: m.KnowledgeBase,
    result: Result,
    today: dt.date,
    path: Path,
    inputs: list[Path],
    replace: bool,
    on_command_line: bool = True,
) -> None:
    """Draw the summary in the format its name asks for and write it: a new file renamed into
    place; what is at ``path`` is replaced only when ``replace`` (a link itself, not its
    target)."""
    from netcli.explore.summary import summarise
    from netcli.render.report import render

    suffix = check(path, inputs, replace, on_command_line)
    content = render(summarise(full, result, today), suffix).encode("utf-8")
    try:
        write_new(path, content, replace=replace)
    except OutputProblem as exc:
        raise refused(path, exc, on_command_line) from None


def place(
    name: str, inputs: list[Path], say: Callable[[str], object], env: Env
) -> tuple[Path, bool] | None:
    """Where a name typed in the wizard or the browser puts the summary, and whether it replaces
    a file there (asked first, default no); None, after saying why, when it cannot go there or
    the person says no. A link, a folder or an input file is refused: give another name. A name
    that starts with ``~`` is in the person's home folder, as in a shell: here no shell expands
    it, and "~/Documents" was refused as a folder that does not exist."""
    from netcli.explore import prompts
    from netcli.render.report import check_format

    path = Path(os.path.expanduser(name))
    try:
        check_format(path)
        check_new(path, False, inputs)
    except UsageError as exc:
        say(f"{exc.message} {exc.hint or ''}".strip())
        return None
    except OutputProblem as exc:
        if exc.kind != "exists":
            words = refused(path, exc, on_command_line=False)
            say(f"{words.message} {words.hint or ''}".strip())
            return None
        # A file that is there: replaced only if the person says so.
        if not prompts.confirm_replace(full_path(path), env):
            say(f"{full_path(path)} is left as it was.")
            return None
        return path, True
    return path, False

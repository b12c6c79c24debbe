"""Everything netcli reads from the world it runs in, in one object: the standard streams and
whether each is a terminal, the width, colour, the pager, today's date, and where the prompts
read keys and draw.

The CLI builds one at its edge (``Env.from_process()`` in the root callback) and passes it down
through the context; the views, the wizard, the results browser and the pager read it instead of
``sys`` and ``os.environ``. Like httpie's ``Environment``, its attributes can be set to simulate a
terminal, a pipe, a width or a day: a test builds one with ``Env.in_memory(...)`` and runs the
command with ``CliRunner().invoke(app, args, obj=env)``.

Kept free of rich and prompt_toolkit, so that building it costs a lookup nothing at start-up.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from netcli.streams import columns as clamped_columns


def _no_terminal() -> int | None:
    return None


def _terminal_width() -> int | None:
    """The width of the first standard stream that is a terminal, as it is now."""
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
    return None


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _force_terminal(environ: Mapping[str, str]) -> bool | None:
    """What the environment says about terminal codes on stdout, whatever stdout is: the
    conventions rich follows (TTY_COMPATIBLE=1/0, then FORCE_COLOR set: on unless empty)."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    return None if force is None else force != ""


class Env:
    """The world netcli runs in. Every attribute may be set, to simulate a terminal, a pipe, a
    width, colour or a day. A plain class: a dataclass of this size is built when the module is
    imported, 0.5 to 3 ms that every command would pay at start-up."""

    def __init__(
        self,
        *,
        stdin: TextIO,
        stdout: TextIO,
        stderr: TextIO,
        stdin_isatty: bool = False,
        stdout_isatty: bool = False,
        stderr_isatty: bool = False,
        force_terminal: bool | None = None,
        no_color: bool = False,
        term: str = "",
        columns: int | None = None,
        measure: Callable[[], int | None] = _no_terminal,
        pager: str | None = None,
        today: dt.date | None = None,
        prompt_input: Any = None,
        prompt_output: Any = None,
    ) -> None:
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.stdin_isatty = stdin_isatty
        self.stdout_isatty = stdout_isatty
        self.stderr_isatty = stderr_isatty
        # Terminal codes on stdout whatever it is (True), never (False), or when it is a terminal.
        self.force_terminal = force_terminal
        self.no_color = no_color  # NO_COLOR: no colours (bold and dim stay where codes may go)
        self.term = term  # TERM: a dumb terminal gets no codes and no pager
        self.columns = columns  # COLUMNS, kept within 20..1000; None: measure the terminal
        self.measure = measure  # the terminal's width as it is now, if there is one
        self.pager = pager  # PAGER: long views go through it in a terminal
        self.today = today or dt.date.today()  # --as-of overrides it, command by command
        # Where the prompts read keys and draw (prompt_toolkit's input and output); None: the
        # terminal, with the prompts on stderr when stdout is not a terminal.
        self.prompt_input = prompt_input
        self.prompt_output = prompt_output

    @classmethod
    def from_process(cls, environ: Mapping[str, str] | None = None) -> Env:
        """The Env of this process: its standard streams, its environment variables, today."""
        environ = os.environ if environ is None else environ
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
            force_terminal=_force_terminal(environ),
            no_color=environ.get("NO_COLOR", "") != "",
            term=environ.get("TERM", ""),
            columns=clamped_columns(environ.get("COLUMNS")),
            measure=_terminal_width,
            pager=environ.get("PAGER") or None,
        )

    @classmethod
    def in_memory(
        cls, *, terminal: bool = False, stdin: str = "", columns: int = 100, **changes: Any
    ) -> Env:
        """An Env on in-memory streams (``stdout.getvalue()`` holds what was written), for tests
        and for running netcli inside another program: every stream a terminal (an xterm) or
        none, a fixed width; ``changes`` sets any other field (``today``, ``prompt_input``...)."""
        changes.setdefault("term", "xterm" if terminal else "")
        return cls(
            stdin=io.StringIO(stdin),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin_isatty=terminal,
            stdout_isatty=terminal,
            stderr_isatty=terminal,
            columns=columns,
            **changes,
        )

    @property
    def codes(self) -> bool:
        """Whether terminal codes (bold, colour, the cursor) may be written to stdout."""
        return self.stdout_isatty if self.force_terminal is None else self.force_terminal

    @property
    def dumb(self) -> bool:
        return self.term.lower() in ("dumb", "unknown")

    @property
    def colour(self) -> bool:
        """Whether stdout gets colours: codes may go there, the terminal is not a dumb one,
        and NO_COLOR is not set."""
        return self.codes and not self.dumb and not self.no_color

    def width(self) -> int | None:
        """COLUMNS, else the terminal's width as it is now (it may change while netcli runs),
        else None: no width is known."""
        return self.columns if self.columns is not None else self.measure()

    def prompts(self) -> dict[str, Any]:
        """The ``input=`` and ``output=`` for prompt_toolkit: the Env's own, else the terminal,
        with the prompts on stderr when stdout is not a terminal (never into piped output)."""
        found: dict[str, Any] = {}
        if self.prompt_input is not None:
            found["input"] = self.prompt_input
        if self.prompt_output is not None:
            found["output"] = self.prompt_output
        elif not self.stdout_isatty:
            from prompt_toolkit.output import create_output

            found["output"] = create_output(stdout=self.stderr)
        return found

"""The world netcli runs in: its standard streams, made safe before netcli runs and checked
after, and the ``Env`` that carries them and everything else read from the process.

``Env`` holds the standard streams and whether each is a terminal, the width, colour, the pager,
today's date, and where the prompts read keys and draw. The CLI builds one at its edge
(``Env.from_process()`` in the root callback) and passes it down through the context; the views,
the wizard, the results browser and the pager read it instead of ``sys`` and ``os.environ``. Like
httpie's ``Environment``, its attributes can be set to simulate a terminal, a pipe, a width or a
day: a test builds one with ``Env.in_memory(...)`` and runs the command with
``CliRunner().invoke(app, args, obj=env)``. It is kept free of rich and prompt_toolkit, and this
module is the one netcli loaded for its streams before, so a lookup pays nothing more at start-up.

The streams themselves (``prepare``, called once by the console script):
- A stream closed at start (``>&-``, ``<&-``) is replaced by /dev/null on its descriptor, so no
  file netcli opens can take its number; writing output to a closed stdout is an error, not a
  silent success.
- Output that cannot be encoded (an ASCII or latin-1 terminal) is replaced, never a crash.
- Writing stdout fails as ``OutputError`` (one line, exit 1), except a broken pipe, which stays
  quiet.
- ``COLUMNS`` outside 20..1000 (or not a number) is clamped or ignored.
- During the wizard and while a pager runs, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\\ in less) restore
  the terminal and exit 143, 129 and 131; SIGTSTP gives the shell its terminal modes back and
  takes the prompt's again after fg.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

from netcli.errors import OutputError

MIN_COLUMNS = 20
MAX_COLUMNS = 1000


def clamped_columns(value: str | None) -> int | None:
    """The width ``COLUMNS`` gives, kept within 20..1000; None when it is unset or not a number."""
    if value is None:
        return None
    try:
        return min(max(int(value.strip()), MIN_COLUMNS), MAX_COLUMNS)
    except ValueError:
        return None


def clamp_columns() -> None:
    """Keep ``COLUMNS`` within 20..1000; drop it when it is not a number (for what reads it
    itself, such as the help's layout; netcli's own views take the width from the Env)."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return
    clamped = clamped_columns(value)
    if clamped is None:
        del os.environ["COLUMNS"]
    elif str(clamped) != value:
        os.environ["COLUMNS"] = str(clamped)


class GuardedOutput:
    """stdout, with any write error but a broken pipe turned into ``OutputError``."""

    def __init__(self, stream: Any, closed: bool = False) -> None:
        self._stream = stream
        self._closed = closed
        # Whether a write or flush has failed already: that error is reported where it is
        # raised, so the last flush (``cli.main``) does not report it again.
        self.failed = False

    def _fail(self, exc: OSError | None) -> OutputError:
        self.failed = True
        if self._closed or (exc is not None and exc.errno == errno.EBADF):
            return OutputError("standard output is closed")
        reason = (exc.strerror or str(exc)) if exc is not None else "unknown"
        return OutputError(reason[:1].lower() + reason[1:])

    def write(self, text: str) -> int:
        if self._closed:
            raise self._fail(None)
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._closed:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def isatty(self) -> bool:
        return False if self._closed else bool(self._stream.isatty())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _null_on(fd: int) -> None:
    """Put /dev/null on a descriptor that was closed at start."""
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def prepare() -> None:
    """Make the standard streams safe to use; called once by the console script."""
    clamp_columns()
    closed = {fd: not _is_open(fd) for fd in (0, 1, 2)}
    for fd, is_closed in closed.items():
        if is_closed:
            _null_on(fd)
    if closed[0] or sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if closed[2] or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    if closed[1] or sys.stdout is None:
        out = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = GuardedOutput(out, closed=True)
    else:
        sys.stdout = GuardedOutput(sys.stdout)


def can_encode(text: str, stream: Any = None) -> bool:
    """Whether the encoding of ``stream`` (stdout by default) can write ``text`` as it is."""
    encoding = getattr(stream if stream is not None else sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


# --- Signals during the wizard --------------------------------------------------------------------


class Terminated(SystemExit):
    """SIGTERM, SIGHUP or SIGQUIT arrived: leave with 128 + the signal's number once the terminal
    is back.

    A SystemExit, so that nothing on the way (prompt_toolkit, asyncio) swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum
        self.said = False  # whether its message was written


# The signals that end the wizard and a pager with the terminal put back, and what is said.
_WORDS = {"SIGTERM": "Terminated", "SIGHUP": "Hung up", "SIGQUIT": "Quit"}


def _raise(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def terminal_restored(env: Env, always: bool = False) -> Iterator[None]:
    """While prompts run: SIGTERM, SIGHUP and SIGQUIT raise ``Terminated``; on any way out but a
    normal one (on every way out with ``always``, for a pager that may be killed before it can put
    the terminal back), the terminal's modes are put back as they were and the cursor is shown."""
    fd = None
    saved = None
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if env.stdin_isatty:
            import termios

            fd = env.stdin.fileno()
            saved = termios.tcgetattr(fd)
    # SIGQUIT too: Ctrl-\ in less sent it to netcli, which died by it and left less reading keys
    # behind the shell (attack run h41, D8).
    wanted = [s for s in _WORDS if hasattr(signal, s)]
    previous: dict[int, Any] = {}
    try:
        for name in wanted:
            number = getattr(signal, name)
            previous[number] = signal.signal(number, _raise)
        if fd is not None and saved is not None and hasattr(signal, "SIGTSTP"):
            previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, _stopper(fd, saved))
    except ValueError:  # not the main thread: leave the signals alone
        previous = {}
    try:
        yield
        if always:
            _restore(fd, saved)
    except BaseException as exc:
        _restore(fd, saved)
        if isinstance(exc, Terminated) and not exc.said:
            exc.said = True  # once, however many of these it leaves
            word = next(
                (w for s, w in _WORDS.items() if getattr(signal, s, None) == exc.signum), "Stopped"
            )
            with contextlib.suppress(Exception):
                env.stderr.write(f"\n{word}.\n")
                env.stderr.flush()
        raise
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)


def _stopper(fd: int, saved: Any) -> Callable[[int, Any], None]:
    """A SIGTSTP handler (``kill -TSTP``, or Ctrl-Z where a prompt lets it through): give the
    shell the terminal in the modes it had before the prompts, stop, and when continued (``fg``)
    put back the prompt's modes and redraw it. Without it the terminal stayed in line mode after
    ``fg``: arrows echoed and the first Enter sent the typed line."""

    def stop(signum: int, frame: Any) -> None:
        import termios

        try:
            mine = termios.tcgetattr(fd)
        except (OSError, termios.error):
            mine = None
        _restore(fd, saved)
        handler = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            # The whole job stops, as with Ctrl-Z: a pager netcli started stops too, instead of
            # reading keys from the background. netcli stops here until SIGCONT.
            os.killpg(os.getpgrp(), signal.SIGTSTP)
        finally:
            signal.signal(signal.SIGTSTP, handler)
        if mine is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(fd, termios.TCSANOW, mine)
        with contextlib.suppress(Exception):
            from prompt_toolkit.application.current import get_app_or_none

            app = get_app_or_none()
            if app is not None and app.is_running:
                app.renderer.reset()
                app.invalidate()

    return stop


def _restore(fd: int | None, saved: Any) -> None:
    if fd is None or saved is None:
        return
    with contextlib.suppress(Exception):
        import termios

        termios.tcsetattr(fd, termios.TCSANOW, saved)
    with contextlib.suppress(Exception):
        # Show the cursor, leave the alternate screen if one was entered, reset colours.
        os.write(fd, b"\x1b[?25h\x1b[0m")


# --- The Env ---------------------------------------------------------------------------------


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

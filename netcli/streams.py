"""The process's standard streams and signals, made safe before netcli runs and checked after.

- A stream closed at start (``>&-``, ``<&-``) is replaced by /dev/null on its descriptor, so no
  file netcli opens can take its number; writing output to a closed stdout is an error, not a
  silent success.
- Output that cannot be encoded (an ASCII or latin-1 terminal) is replaced, never a crash.
- Writing stdout fails as ``OutputError`` (one line, exit 1), except a broken pipe, which stays
  quiet.
- ``COLUMNS`` outside 20..1000 (or not a number) is clamped or ignored.
- During the wizard, SIGTERM and SIGHUP restore the terminal and exit 143 and 129.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netcli.errors import OutputError

if TYPE_CHECKING:
    from netcli.env import Env

MIN_COLUMNS = 20
MAX_COLUMNS = 1000


def columns(value: str | None) -> int | None:
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
    clamped = columns(value)
    if clamped is None:
        del os.environ["COLUMNS"]
    elif str(clamped) != value:
        os.environ["COLUMNS"] = str(clamped)


class GuardedOutput:
    """stdout, with any write error but a broken pipe turned into ``OutputError``."""

    def __init__(self, stream: Any, closed: bool = False) -> None:
        self._stream = stream
        self._closed = closed

    def _fail(self, exc: OSError | None) -> OutputError:
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
    """SIGTERM or SIGHUP arrived: leave with 128 + the signal's number once the terminal is back.

    A SystemExit, so that nothing on the way (prompt_toolkit, asyncio) swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _raise(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def terminal_restored(env: Env) -> Iterator[None]:
    """While prompts run: SIGTERM and SIGHUP raise ``Terminated``; on any way out but a normal
    one, the terminal's modes are put back as they were and the cursor is shown again."""
    fd = None
    saved = None
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if env.stdin_isatty:
            import termios

            fd = env.stdin.fileno()
            saved = termios.tcgetattr(fd)
    wanted = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    previous: dict[int, Any] = {}
    try:
        for name in wanted:
            number = getattr(signal, name)
            previous[number] = signal.signal(number, _raise)
    except ValueError:  # not the main thread: leave the signals alone
        previous = {}
    try:
        yield
    except BaseException as exc:
        _restore(fd, saved)
        if isinstance(exc, Terminated):
            word = "Terminated" if exc.signum == getattr(signal, "SIGTERM", 15) else "Hung up"
            with contextlib.suppress(Exception):
                env.stderr.write(f"\n{word}.\n")
                env.stderr.flush()
        raise
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)


def _restore(fd: int | None, saved: Any) -> None:
    if fd is None or saved is None:
        return
    with contextlib.suppress(Exception):
        import termios

        termios.tcsetattr(fd, termios.TCSANOW, saved)
    with contextlib.suppress(Exception):
        # Show the cursor, leave the alternate screen if one was entered, reset colours.
        os.write(fd, b"\x1b[?25h\x1b[0m")

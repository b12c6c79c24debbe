"""The one way netcli reads a file it is given (the knowledge base, an answers file) and the one
way it writes a file it makes (the cache, a saved report). Standard library only: the early TAB
path reads the knowledge base through it before typer loads.

``read_limited`` reads at most the limit plus one byte, so a huge or endless input costs no more
than the limit; it refuses folders, devices, FIFOs and sockets before reading anything (a FIFO is
opened without blocking, so one with no writer cannot hang netcli), and ``-`` reads stdin.
``decode`` turns the bytes into text or says on which line they stop being UTF-8.
``write_atomic`` replaces a file only once its new content is whole (the cache); ``write_new``
does the same for a file a person asked for (a saved summary), never through a link and, unless
asked to replace, never over anything that is there; ``check_new`` refuses such a place early.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

STDIN = "-"
_CHUNK = 1 << 20


class InputProblem(Exception):
    """Why a file cannot be read, in words for the user; callers wrap it in their own error.

    ``kind`` is "missing", "folder", "encoding" or "other"; ``message`` completes "FILE: ...";
    ``line`` is where the problem is, when it is inside the file."""

    def __init__(self, message: str, kind: str = "other", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.line = line


def _too_large(limit: int, size: int | None = None) -> InputProblem:
    if size is None:
        return InputProblem(f"more than {limit:,} bytes came in; the limit is {limit:,}")
    return InputProblem(f"the file is {size:,} bytes; the limit is {limit:,}")


def _read_fd(fd: int, limit: int, expected: int = 0) -> bytes:
    """At most ``limit`` bytes of ``fd``; a file of ``expected`` bytes (its size) is asked for in
    one read, so that its bytes are not copied again by joining chunks."""
    chunks: list[bytes] = []
    size = 0
    while True:
        want = max(_CHUNK, expected + 1) if not chunks else _CHUNK
        try:
            chunk = os.read(fd, min(want, limit + 1 - size))
        except BlockingIOError:  # stdin in non-blocking mode with nothing to read yet
            import select

            select.select([fd], [], [])
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of ``path`` (stdin for ``-``), at most ``limit`` of them, or InputProblem."""
    if str(path) == STDIN:
        stream = sys.stdin
        if stream is None:
            raise InputProblem("standard input is closed")
        try:
            try:
                fd = stream.fileno()
            except (AttributeError, ValueError, io.UnsupportedOperation):
                # Not a real file (tests replace stdin): read it through Python, just as bounded.
                data = getattr(stream, "buffer", stream).read(limit + 1)
                data = data.encode() if isinstance(data, str) else data
                if len(data) > limit:
                    raise _too_large(limit) from None
                return bytes(data)
            return _read_fd(fd, limit)
        except OSError as exc:
            raise InputProblem(f"standard input cannot be read ({exc.strerror or exc})") from None
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputProblem("no such file", "missing") from None
    except IsADirectoryError:
        raise InputProblem("this is a folder, not a file", "folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputProblem("the path is a loop of symbolic links") from None
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing
            raise InputProblem("this is a socket, not a file") from None
        raise InputProblem(f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputProblem("this is a folder, not a file", "folder")
        if stat.S_ISFIFO(st.st_mode):
            raise InputProblem(
                "this is a pipe (FIFO), not a file; to read a pipe, give - and send it to stdin"
            )
        if not stat.S_ISREG(st.st_mode):
            raise InputProblem("this is a device, not a file")
        if st.st_size > limit:
            raise _too_large(limit, st.st_size)
        os.set_blocking(fd, True)
        try:
            return _read_fd(fd, limit, st.st_size)
        except OSError as exc:
            raise InputProblem(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def decode(raw: bytes) -> str:
    """The text of UTF-8 bytes (a byte-order mark is dropped), or InputProblem with the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte {exc.start} cannot be decoded)"
        raise InputProblem(message, "encoding", line) from None


def read_text(path: Path | str, limit: int) -> str:
    """The text of ``path`` (stdin for ``-``): ``read_limited``, then ``decode``."""
    return decode(read_limited(path, limit))


class OutputProblem(Exception):
    """Why a file cannot be written where it was asked for, in words for the user; callers wrap
    it in their own error and add the hint that fits where the person is.

    ``kind`` is "exists" (a file is there and may not be replaced), "link" (a symbolic link is
    there), "folder", "special" (a device, FIFO or socket), "system" (a folder of the system's
    devices), "input" (a file netcli is reading), "no-folder", "failed" (the place was right but
    writing failed: a full disk, an I/O error; nothing was put in place) or "other"; ``message``
    completes "PATH: ..."."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


# The folders of the system's devices: nothing netcli makes belongs there, whoever runs it.
_SYSTEM = ("/dev", "/proc", "/sys")


def check_new(target: Path, replace: bool, inputs: Sequence[Path | str] = ()) -> None:
    """Refuse, before any work, a place ``write_new`` would refuse or that would destroy
    something: a file netcli is reading (through any link), a folder, a device or FIFO, a folder
    of the system's devices, and, unless ``replace``, anything at all (a symbolic link included).
    Only a first look, for a clear early message: ``write_new`` decides again, atomically."""
    for source in inputs:
        if same_file(target, source):
            raise OutputProblem("netcli is reading this file", "input")
    if not os.path.isdir(target.parent):
        raise OutputProblem("its folder does not exist", "no-folder")
    folder = os.path.realpath(target.parent)
    for system in _SYSTEM:
        if folder == system or folder.startswith(system + "/"):
            raise OutputProblem(f"it is inside {system}, the system's own folder", "system")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputProblem(f"cannot be checked ({exc.strerror or exc})") from None
    if stat.S_ISLNK(st.st_mode):
        if not replace:
            raise OutputProblem("this is a symbolic link", "link")
    elif stat.S_ISDIR(st.st_mode):
        raise OutputProblem("this is a folder, not a file", "folder")
    elif not stat.S_ISREG(st.st_mode):
        raise OutputProblem("this exists and is not a file (a device, pipe or socket)", "special")
    elif not replace:
        raise OutputProblem("this file exists already", "exists")


def write_new(target: Path, data: bytes, *, replace: bool, prefix: str = ".netcli-") -> None:
    """Write ``data`` to a new file beside ``target`` and move it into place, never through a
    link. With ``replace``, whatever name is at ``target`` is swapped for the new file in one
    step (a symbolic link itself, never the file it points to; a regular file keeps its
    permissions); without it, the new file is linked in only if nothing at all is at ``target``
    by then. A new file follows the umask. OutputProblem says why not."""
    try:
        st: os.stat_result | None = os.lstat(target)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        mode = stat.S_IMODE(st.st_mode)  # its permissions are kept when it is replaced
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp makes it private; a new saved file is not

    def fill(fd: int) -> None:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    try:
        _place(target, fill, prefix=prefix, replace=replace)
    except FileExistsError:
        raise OutputProblem("something was put there meanwhile", "exists") from None
    except IsADirectoryError:
        raise OutputProblem("this is a folder, not a file", "folder") from None
    except FileNotFoundError:
        raise OutputProblem("its folder does not exist", "no-folder") from None
    except OSError as exc:
        kind = "failed" if exc.errno in _WRITE_FAILED else "other"
        raise OutputProblem(f"{exc.strerror or exc}", kind) from None


# The place was right but the writing failed: a full disk or quota, an I/O error, a file too big.
_WRITE_FAILED = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def write_atomic(
    target: Path,
    fill: Callable[[str], object],
    *,
    prefix: str = ".netcli-",
    mode: int | None = None,
) -> None:
    """Let ``fill`` write a new private temp file (named ``prefix``..., beside ``target``; it is
    given the path), give it ``mode``, then move it into place: ``target`` is the old file or the
    whole new one, never half of it. Errors are the caller's to turn into words (OSError, or what
    ``fill`` raises); the temp file never outlives the call, even when it is interrupted."""

    def by_path(fd: int, tmp: str) -> None:
        fill(tmp)
        if mode is not None:
            os.chmod(tmp, mode)

    _place(target, by_path, prefix=prefix, replace=True, path=True)


def _place(
    target: Path,
    fill: Callable[..., object],
    *,
    prefix: str,
    replace: bool,
    path: bool = False,
) -> None:
    """Make a new temp file beside ``target`` (O_CREAT|O_EXCL, private), let ``fill`` write it
    (given its fd, and its name when ``path``), then move it into place: ``os.replace`` swaps
    the name at ``target`` whatever it is (a link is replaced, not followed; a folder refuses);
    without ``replace``, ``os.link`` puts it there only if the name is free (FileExistsError
    otherwise). The temp file never outlives the call."""
    import tempfile  # only when a file is written: the early TAB path reads without it

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=target.suffix)
    try:
        try:
            if path:
                fill(fd, tmp)
            else:
                fill(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            _copy_new(tmp, target)
        os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# A file system without hard links (some network and FUSE ones, FAT) says one of these.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def _copy_new(tmp: str, target: Path) -> None:
    """Where hard links are not possible: create ``target`` only if nothing is there (never
    through a link) and copy the temp file into it; a half-written copy is removed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    src = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        out = os.open(
            target, flags | getattr(os, "O_CLOEXEC", 0), stat.S_IMODE(os.fstat(src).st_mode)
        )
        try:
            while chunk := os.read(src, _CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view) :]
        except BaseException:
            os.close(out)
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        os.close(out)
    finally:
        os.close(src)


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one existing file (hard links and symbolic links included)."""
    if STDIN in (str(a), str(b)):
        return False
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False

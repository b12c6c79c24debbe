"""The knowledge base's digest: the SHA-256 of its bytes, which names and keys its cache, and the
stamps that spare hashing a file that has not changed (git's index rule).

Standard library only (shell completion reads the cache before typer loads).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

from netcli.files import STDIN, write_atomic
from netcli.knowledge import MAX_BYTES
from netcli.knowledge.cachedir import cache_dir, private_dir, remove_some, trusted


def digest_of(raw: bytes) -> str:
    """The name of the cache of a knowledge base: the SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()


# --- Stamps: git's index rule for not hashing a file that has not changed -----------------------
#
# Beside the caches, a stamp per knowledge-base path remembers the file's (st_dev, st_ino,
# st_size, st_mtime_ns, st_ctime_ns) when its digest was taken. When all five match exactly, the
# bytes are not read and hashed again: every write to a file changes its ctime, and no call that
# an unprivileged user can make sets ctime, so on a local filesystem that keeps the kernel's
# timestamps the same five numbers mean the same bytes. A file changed within RACY_NS of when
# its digest was taken may change again within the same tick of its timestamps, so such a
# "racy" stamp is never believed. NETCLI_VERIFY=always believes no stamp (a filesystem that does
# not keep these timestamps); a rebuild and ``kb validate`` always hash.

STAMP_FORMAT = "netcli-stamp-1"
RACY_NS = 2_000_000_000
_STAMP_MAX = 4096  # a stamp is about 300 bytes; a bigger file is not netcli's
# At most this many stamps are kept (one per knowledge-base path): when a new path's stamp would
# make more, the ones written longest ago go (their files are hashed again, once, if used).
MAX_STAMPS = 64
_STAMP_NAME = re.compile(r"stamp-[0-9a-f]{40}\.json")


def verify_always() -> bool:
    """NETCLI_VERIFY=always: hash the knowledge base on every run, believing no stamp."""
    return os.environ.get("NETCLI_VERIFY", "").strip().lower() == "always"


def stat_key(st: os.stat_result) -> list[int]:
    """What a stamp compares: device, inode, size, and the times of the last write and change."""
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def racy(key: list[int], taken_ns: int) -> bool:
    """Whether the file was written or changed within RACY_NS of when its digest was taken."""
    return max(key[3], key[4]) > taken_ns - RACY_NS


def stamp_file(root: Path, path: Path) -> Path:
    """Where the stamp of the knowledge base at ``path`` (made absolute) lives."""
    where = os.path.abspath(path)
    name = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return root / f"stamp-{name}.json"


def _stamp_place(path: Path) -> Path | None:
    root = cache_dir()
    if root is None or str(path) == STDIN:
        return None
    root = private_dir(root)
    return stamp_file(root, path) if root is not None else None


def read_stamp(place: Path, path: Path) -> tuple[list[int], int, str] | None:
    """The (stat key, time taken, digest) a stamp remembers for ``path``, when the stamp is a
    private regular file of this user (not a symbolic link), of netcli's format, for this path;
    else None (the caller hashes)."""
    # O_NONBLOCK: a FIFO put where the stamp goes is opened at once (and refused below) instead
    # of waiting for ever for a writer.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(place, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not trusted(st) or st.st_size > _STAMP_MAX:
            return None
        data = json.loads(os.read(fd, _STAMP_MAX + 1))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    if not isinstance(data, dict) or set(data) != {"format", "path", "stat", "taken", "digest"}:
        return None
    key, taken, digest = data["stat"], data["taken"], data["digest"]
    if (
        data["format"] != STAMP_FORMAT
        or data["path"] != os.path.abspath(path)
        or not isinstance(key, list)
        or len(key) != 5
        or not all(type(n) is int for n in (*key, taken))
        or not isinstance(digest, str)
        or len(digest) != 64
        or digest.strip("0123456789abcdef")
    ):
        return None
    return key, taken, digest


def stamped_digest(path: Path) -> str | None:
    """The digest of the bytes of ``path`` as its stamp remembers it, when the file's five
    numbers match the stamp's exactly and the stamp is not racy; else None (hash the bytes).
    Only a regular file within the size limit is believed unread."""
    if verify_always():
        return None
    place = _stamp_place(path)
    if place is None:
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return None
    remembered = read_stamp(place, path)
    if remembered is None:
        return None
    key, taken, digest = remembered
    if key != stat_key(st) or racy(key, taken):
        return None
    return digest


def hash_file(path: Path, read: Callable[[Path], bytes]) -> tuple[bytes, str]:
    """The bytes of ``path`` (``read`` reads them, and raises what it raises) and their digest;
    the digest is remembered in a stamp when the file did not change while it was read."""
    taken = time.time_ns()
    try:
        before = os.stat(path) if str(path) != STDIN else None
    except (OSError, ValueError):
        before = None
    raw = read(path)
    digest = digest_of(raw)
    if before is not None and stat.S_ISREG(before.st_mode):
        with contextlib.suppress(OSError, ValueError):
            if stat_key(os.stat(path)) == stat_key(before):
                remember(path, stat_key(before), taken, digest)
    return raw, digest


def remember(path: Path, key: list[int], taken: int, digest: str) -> None:
    """Write the stamp of ``path`` (a new file renamed into place), unless the stamp there already
    says the same and is not racy. Never fails: without a stamp the next run hashes."""
    place = _stamp_place(path)
    if place is None:
        return
    old = read_stamp(place, path)
    if old is not None and old[0] == key and old[2] == digest and not racy(old[0], old[1]):
        return
    text = json.dumps(
        {
            "format": STAMP_FORMAT,
            "path": os.path.abspath(path),
            "stat": key,
            "taken": taken,
            "digest": digest,
        }
    )

    def fill(tmp: str) -> None:
        Path(tmp).write_text(text, "utf-8")

    new = not os.path.lexists(place)
    with contextlib.suppress(OSError, UnicodeError):
        write_atomic(place, fill, prefix=".tmp-")
    if new:
        prune_stamps(place.parent, place.name)


def prune_stamps(root: Path, keep: str) -> None:
    """Keep at most MAX_STAMPS stamps in ``root``: remove the ones written longest ago, never
    ``keep`` (the one just written). Only stamps named as netcli names them, regular files of
    this user, are counted or removed."""

    def oldest(found: list[tuple[str, os.stat_result]]) -> list[str]:
        if len(found) <= MAX_STAMPS:
            return []
        found.sort(key=lambda f: (f[0] != keep, -f[1].st_mtime_ns))
        return [n for n, _ in found[MAX_STAMPS:]]

    remove_some(root, _STAMP_NAME, oldest)

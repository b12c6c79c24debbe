"""Where the verified cache lives and how it proves itself: the part of the store that shell
completion needs too, so it imports only the standard library (no typed records, no framework).

A cache is named by the SHA-256 of the knowledge base's exact bytes and records that digest in
its ``meta`` table; ``verified`` believes it only when both match the bytes read on this run.
``store.py`` builds and reads the cache; this module only finds, checks and opens it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from netcli import __version__
from netcli.knowledge import MAX_BYTES

FORMAT = f"netcli-kb-cache-8-{__version__}"

# Every display name and alias of a section (what completion offers; not ids or answer words).
NAMES_SQL = "SELECT name FROM names WHERE section = ? AND how IN ('name', 'alias')"


def sorted_names(rows: list[tuple[object, ...]]) -> list[str]:
    """The names of NAMES_SQL's rows in the order completion offers them."""
    return sorted((str(r[0]) for r in rows), key=lambda n: (n.casefold(), n))


class CacheProblem(Exception):
    """The cache file cannot be used; the caller rebuilds it."""


def cache_dir() -> Path | None:
    """Where caches go: $NETCLI_CACHE_DIR, else the user cache directory; None when turned off."""
    if os.environ.get("NETCLI_NO_CACHE"):
        return None
    explicit = os.environ.get("NETCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netcli"


def cache_file(root: Path, digest: str) -> Path:
    """The cache of the knowledge base whose bytes have this SHA-256."""
    return root / f"kb-{digest[:40]}.sqlite"


def open_cached(db: Path) -> sqlite3.Connection:
    """The cache file, read-only, if it has this version's format; else CacheProblem."""
    try:
        # as_uri() escapes "#", "?" and "%" in the folder's name.
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.Error as exc:
        raise CacheProblem(str(exc)) from None
    if not row or row[0] != FORMAT:
        conn.close()
        raise CacheProblem("another format")
    return conn


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes, read in pieces into one small buffer (reading a
    large file whole costs twice the hashing, in memory it then lets go); None for a device, a
    pipe, a folder or a file over the size limit (the long way says what is wrong with those)."""
    if not os.path.isfile(path) or os.path.getsize(path) > MAX_BYTES:
        return None
    h = hashlib.sha256()
    buf = bytearray(1 << 18)
    view = memoryview(buf)
    total = 0
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            total += n
            if total > MAX_BYTES:
                return None
            h.update(view[:n])
    return h.hexdigest()


def verified(path: Path) -> sqlite3.Connection | None:
    """The cache built from exactly the bytes of ``path`` now, or None (no such cache, or anything
    unusual: the caller then takes the long way, which says what is wrong and rebuilds)."""
    root = cache_dir()
    if root is None:
        return None
    try:
        digest = file_digest(path)
        if digest is None:
            return None
        db = cache_file(root, digest)
        if not db.is_file():
            return None
        conn = open_cached(db)
        row = conn.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
    except (OSError, CacheProblem, sqlite3.Error):
        return None
    if not row or row[0] != digest:
        conn.close()
        return None
    return conn


def verified_counts(path: Path) -> dict[str, int] | None:
    """How many records of each section the knowledge base at ``path`` has, from the cache built
    from exactly its bytes (which exists only if they passed validation); None without one."""
    conn = verified(path)
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
        counts = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
    if not isinstance(counts, dict) or not all(type(n) is int for n in counts.values()):
        return None
    return counts

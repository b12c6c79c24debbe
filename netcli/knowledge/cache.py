"""The verified cache: where it lives, how it is written, and how it proves itself.

Standard library only (no yaml, no typed records, no framework): shell completion answers from
it before typer loads, and ``kb validate`` asks it for counts.

A cache is believed only when it proves it came from the exact bytes of the YAML read on this
run: it is named by and records the SHA-256 of those bytes (``digest_of``), every row carries a
check keyed by it, and its tables have the expected shape. It is read only from a folder and a
file that belong to this user and that no one else can write, never through a symbolic link.
``index.build`` fills the tables that ``write`` puts in place; ``index.KB`` reads them through
``select``; ``verified`` is the short way for completion and ``kb validate``, with every check.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netcli import __version__
from netcli.files import STDIN, InputProblem, read_limited, write_atomic
from netcli.knowledge import MAX_BYTES

FORMAT = f"netcli-kb-cache-11-{__version__}"

# Every table's columns; each row also carries ``h``, a digest of its values keyed by the digest
# of the YAML it was built from, checked whenever the row is read (see ``row_hash``).
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "records": ("section", "id", "pos", "name", "data"),
    "names": ("section", "key", "id", "name", "how", "words"),
    "uses": ("drug", "treatment", "pos"),
    "search": ("section", "id", "pos", "text"),
    "parts": ("parent", "child", "pos"),
    "cites": ("page", "source", "pos"),
    # What each treatment's offering rules and each site's answers accept of the tumour's kind
    # and site (``accepts``, JSON, as ``model.tumour_reach`` gives it), with the records that
    # accept just that (``records``, JSON ``[[id, pos, name], ...]``): explore reads no record
    # that cannot apply. One row per section and ``accepts``, so that the rows to check are few.
    "reach": ("section", "accepts", "records"),
    # The first word (``text.text_words``) of each name of each glossary term: the summary reads
    # only the terms whose names begin with a word its text holds.
    "terms": ("word", "id", "pos"),
    # What may make a question to ask asked: ``always``, a ``treatment`` it is for or one ``done``
    # (value: the treatment's id), or an ``unsure`` answer (value: the question's id).
    "asks": ("trigger", "value", "id", "pos"),
}

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, h TEXT NOT NULL);
CREATE TABLE records (section TEXT, id TEXT, pos INTEGER, name TEXT, data TEXT NOT NULL,
                      h TEXT NOT NULL, PRIMARY KEY (section, id));
CREATE TABLE names (section TEXT, key TEXT, id TEXT, name TEXT, how TEXT, words TEXT,
                    h TEXT NOT NULL, PRIMARY KEY (section, key));
CREATE TABLE uses (drug TEXT, treatment TEXT, pos INTEGER, h TEXT NOT NULL);
CREATE TABLE search (section TEXT, id TEXT, pos INTEGER, text TEXT, h TEXT NOT NULL);
CREATE TABLE parts (parent TEXT, child TEXT, pos INTEGER, h TEXT NOT NULL);
CREATE TABLE cites (page TEXT, source TEXT, pos INTEGER, h TEXT NOT NULL);
CREATE TABLE reach (section TEXT, accepts TEXT, records TEXT NOT NULL, h TEXT NOT NULL,
                    PRIMARY KEY (section, accepts));
CREATE TABLE terms (word TEXT, id TEXT, pos INTEGER, h TEXT NOT NULL);
CREATE TABLE asks (trigger TEXT, value TEXT, id TEXT, pos INTEGER, h TEXT NOT NULL);
CREATE INDEX uses_drug ON uses (drug);
CREATE INDEX parts_parent ON parts (parent);
CREATE INDEX cites_page ON cites (page);
CREATE INDEX names_name ON names (section, name COLLATE NOCASE);
CREATE INDEX names_wide ON names (section) WHERE name GLOB '*[^\x01-\x7f]*';
CREATE INDEX terms_word ON terms (word);
CREATE INDEX asks_trigger ON asks (trigger, value);
"""
# Completion reads a few rows of ``names`` however large the knowledge base (``names_starting``):
# ``names_name`` serves SQLite's LIKE prefix search (case-insensitive for ASCII letters), and the
# partial index ``names_wide`` the few names that are not all ASCII, which LIKE cannot fold.
_WIDE = "name GLOB '*[^\x01-\x7f]*'"  # exactly the partial index's condition, so it is used

# The shape a cache must have: exactly the statements of SCHEMA, as SQLite keeps them (they are
# written with single spaces after their first keywords, which SQLite normalises), plus the
# automatic indexes of the four tables with a text primary key. A trigger, a view, another table
# or index: another shape, and the cache is rebuilt.
_EXPECTED_SQL = [statement.strip() for statement in SCHEMA.split(";") if statement.strip()]
_EXPECTED_AUTOINDEXES = 4
_SHAPE = "SELECT sql FROM sqlite_master ORDER BY sql IS NULL, rowid"


def expected_shape() -> list[tuple[Any, ...]]:
    return [(sql,) for sql in _EXPECTED_SQL] + [(None,)] * _EXPECTED_AUTOINDEXES


class CacheProblem(Exception):
    """The cache file cannot be used; the caller rebuilds it."""


def digest_of(raw: bytes) -> str:
    """The name of the cache of a knowledge base: the SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()


def key_of(digest: str) -> bytes:
    """The key of the rows' checks: the YAML's digest."""
    try:
        return bytes.fromhex(digest)[:64]
    except ValueError:
        return digest.encode()[:64]


def row_hash(key: bytes, table: str, values: tuple[Any, ...]) -> str:
    """A row's check: its table and values, each length-prefixed, keyed by the YAML's digest."""
    text = "".join(f"{len(str(v))}:{v};" for v in (table, *values))
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), key=key, digest_size=16
    ).hexdigest()


def select(
    conn: sqlite3.Connection,
    key: bytes,
    table: str,
    where: str = "",
    args: tuple[Any, ...] = (),
    order: str = "",
) -> list[tuple[Any, ...]]:
    """Whole rows of ``table`` (without their check), each checked against its ``h``; a row that
    fails is CacheProblem."""
    sql = f"SELECT {', '.join(TABLES[table])}, h FROM {table}"
    if where:
        sql += f" WHERE {where}"
    if order:
        sql += f" ORDER BY {order}"
    out = []
    for row in conn.execute(sql, args).fetchall():
        values = tuple(row[:-1])
        if row[-1] != row_hash(key, table, values):
            raise CacheProblem(f"a row of {table} does not match its check")
        out.append(values)
    return out


def completion_names(conn: sqlite3.Connection, key: bytes, section: str) -> list[str]:
    """Every display name and alias of a section (what completion offers), sorted; every row
    checked."""
    rows = select(conn, key, "names", "section = ?", (section,))
    names = (str(r[3]) for r in rows if r[4] in ("name", "alias"))
    return sorted(names, key=lambda n: (n.casefold(), n))


def cache_dir() -> Path | None:
    """Where caches go: $NETCLI_CACHE_DIR, else the user cache directory; None when turned off.

    Relative paths in either variable are ignored (the XDG rule): a cache must not depend on the
    folder netcli happens to run in."""
    if os.environ.get("NETCLI_NO_CACHE"):
        return None
    explicit = os.environ.get("NETCLI_CACHE_DIR")
    if explicit and os.path.isabs(explicit):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netcli"


def cache_file(root: Path, digest: str) -> Path:
    """The cache of the knowledge base whose bytes have this SHA-256."""
    return root / f"kb-{digest[:40]}.sqlite"


def uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def trusted(st: os.stat_result) -> bool:
    """Owned by this user, and not writable by group or others."""
    return (uid() < 0 or st.st_uid == uid()) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _no_foreign_link(root: Path) -> bool:
    """Whether no symbolic link on the way to ``root`` belongs to another user (root's links
    and this user's own are followed; another user's link could lead anywhere, such as into a
    victim's home, the rule Linux's protected_symlinks applies in shared folders)."""
    me = uid()
    path = Path(root.anchor)
    for part in root.parts[1:]:
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return True  # the rest does not exist yet: mkdir makes it, as folders of this user
        except OSError:
            return False
        if stat.S_ISLNK(st.st_mode) and me >= 0 and st.st_uid not in (me, 0):
            return False
    return True


def private_dir(root: Path) -> Path | None:
    """``root``, created private (0700) if missing, when it is a folder of this user that no one
    else can write, reached through no other user's symbolic link; else None (no cache)."""
    if not _no_foreign_link(root):
        return None
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = root.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not trusted(st) or not _no_foreign_link(root):
        return None
    return root


def place(digest: str) -> Path | None:
    """Where the cache of the bytes with this digest belongs, in the private folder; None when
    caching is off or the folder is not this user's own."""
    root = cache_dir()
    if root is not None:
        root = private_dir(root)
    return cache_file(root, digest) if root is not None else None


_STALE_TMP_SECONDS = 3600
_TMP_PREFIX = ".tmp-"
# The temp files netcli makes (``write_atomic`` names them with tempfile: the prefix, eight
# letters, digits or underscores, the suffix); no other file is ever swept.
_TMP_NAME = re.compile(r"\.tmp-[a-z0-9_]{8}\.sqlite")


def _remove_some(
    root: Path,
    name: re.Pattern[str],
    which: Callable[[list[tuple[str, os.stat_result]]], list[str]],
) -> None:
    """Remove the files of ``root`` that ``which`` picks among those whose names ``name`` matches
    and that are regular files of this user (with their stats); ``root`` is opened without
    following a link and checked again to be this user's private folder."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(root, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISDIR(st.st_mode) or not trusted(st):
            return
        found: list[tuple[str, os.stat_result]] = []
        with contextlib.suppress(OSError):
            for entry in os.listdir(fd):
                if not name.fullmatch(entry):
                    continue
                with contextlib.suppress(OSError):
                    st = os.stat(entry, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and (uid() < 0 or st.st_uid == uid()):
                        found.append((entry, st))
        for entry in which(found):
            with contextlib.suppress(OSError):
                os.unlink(entry, dir_fd=fd)
    finally:
        os.close(fd)


def sweep(root: Path) -> None:
    """Remove the temp files that a killed run left behind (an hour old or more): only those
    named as netcli names them, regular files of this user, in ``root`` opened without following
    a link and checked again to be this user's private folder."""
    now = time.time()
    _remove_some(
        root,
        _TMP_NAME,
        lambda found: [n for n, st in found if now - st.st_mtime > _STALE_TMP_SECONDS],
    )


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
    try:
        fd = os.open(
            place, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        )
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

    _remove_some(root, _STAMP_NAME, oldest)


def write(db: Path, fill: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection | None:
    """Let ``fill`` build the cache in a private temp file, move it to ``db`` and open it through
    every check; None when it cannot be written or does not prove itself (no cache this run)."""
    sweep(db.parent)

    def build(tmp: str) -> None:
        conn = sqlite3.connect(tmp)
        try:
            fill(conn)
        finally:
            conn.close()

    try:
        write_atomic(db, build, prefix=_TMP_PREFIX)
        return open_cached(db)
    except (OSError, sqlite3.Error, CacheProblem):
        return None


def open_cached(db: Path) -> sqlite3.Connection:
    """The cache file, read-only, if it is this user's own, private and of the expected shape."""
    # O_NONBLOCK: a FIFO put where the cache goes is opened at once (and refused below) instead
    # of waiting for ever for a writer.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(db, flags)
    except OSError as exc:
        raise CacheProblem(str(exc)) from None
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(st.st_mode) or not trusted(st):
        raise CacheProblem("not a private file of this user")
    conn = None
    try:
        # as_uri() escapes "#", "?" and "%" in the folder's name.
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        if conn.execute(_SHAPE).fetchall() != expected_shape():
            raise CacheProblem("another shape")
    except (sqlite3.Error, CacheProblem) as exc:
        if conn is not None:
            conn.close()
        raise CacheProblem(str(exc)) from None
    return conn


def read_meta(conn: sqlite3.Connection, digest: str) -> dict[str, str]:
    """The meta table, every row checked, of a cache that says it was built by this version's
    format from the bytes whose SHA-256 is ``digest``; else CacheProblem."""
    raw = {str(k): str(v) for k, v in select(conn, key_of(digest), "meta")}
    if raw.get("format") != FORMAT or raw.get("digest") != digest:
        raise CacheProblem("another format or another file")
    return raw


class Verified:
    """An open cache that proved itself against the bytes read on this run (see ``verified``)."""

    def __init__(self, conn: sqlite3.Connection, digest: str, meta: dict[str, str]) -> None:
        self.conn = conn
        self.digest = digest
        self.key = key_of(digest)
        self.meta = meta

    def close(self) -> None:
        self.conn.close()

    def names(self, section: str) -> list[str]:
        return completion_names(self.conn, self.key, section)

    def names_starting(self, section: str, typed: str) -> list[str]:
        """``names``, narrowed in SQL to those that may begin with ``typed`` (ignoring case): a
        superset of the names that do, so that completion checks a few rows instead of every name
        of a large knowledge base. SQLite's LIKE ignores the case of ASCII letters only, so for
        text that is not ASCII, and for every name that is not, nothing is narrowed."""
        if not typed or not typed.isascii():
            return self.names(section)
        prefix = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = "section = ? AND name LIKE ? ESCAPE '\\'"
        rows = select(self.conn, self.key, "names", like, (section, prefix))
        rows += select(self.conn, self.key, "names", f"section = ? AND {_WIDE}", (section,))
        names = (str(r[3]) for r in dict.fromkeys(rows) if r[4] in ("name", "alias"))
        return sorted(names, key=lambda n: (n.casefold(), n))

    def counts(self) -> dict[str, int]:
        """How many records of each section the knowledge base has: the meta's counts, which the
        records table must hold exactly; else CacheProblem."""
        try:
            counts = json.loads(self.meta["counts"])
        except (KeyError, ValueError) as exc:
            raise CacheProblem(f"bad counts: {exc}") from None
        if not isinstance(counts, dict) or not all(type(n) is int for n in counts.values()):
            raise CacheProblem("bad counts")
        sql = "SELECT section, count(*) FROM records GROUP BY section"
        held = {str(s): int(n) for s, n in self.conn.execute(sql).fetchall()}
        if {s: n for s, n in counts.items() if n} != held:
            raise CacheProblem("the records table does not hold the counted records")
        return counts


def verified(path: Path, *, rehash: bool = False) -> Verified | None:
    """The cache built from exactly the bytes of ``path`` now, after every check that the long way
    makes (bounded read, or a stamp that proves the file unchanged; private folder and file of
    this user, no symbolic link, shape, format, digest, checked meta rows); or None (no cache, or
    anything unusual: the caller then takes the long way, which says what is wrong and rebuilds).
    ``rehash``: hash the bytes whatever the stamp says (``kb validate``)."""
    if str(path) == STDIN or cache_dir() is None:
        return None
    digest = None if rehash else stamped_digest(path)
    if digest is None:
        try:
            _, digest = hash_file(path, lambda p: read_limited(p, MAX_BYTES))
        except (InputProblem, OSError):
            return None
    db = place(digest)
    if db is None:
        return None
    try:
        conn = open_cached(db)
    except CacheProblem:
        return None
    try:
        return Verified(conn, digest, read_meta(conn, digest))
    except (CacheProblem, sqlite3.Error):
        conn.close()
        return None


def verified_counts(path: Path) -> dict[str, int] | None:
    """How many records of each section the knowledge base at ``path`` has, from a cache that
    proves it was built from exactly its bytes (which happens only once they passed validation);
    None without one."""
    cache = verified(path, rehash=True)  # kb validate believes no stamp: it hashes the bytes
    if cache is None:
        return None
    try:
        return cache.counts()
    except (CacheProblem, sqlite3.Error):
        return None
    finally:
        cache.close()

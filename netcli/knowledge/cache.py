"""The verified cache: its tables, how it is written, and how it proves itself.

Standard library only (no yaml, no typed records, no framework): shell completion answers from
it before typer loads, and ``kb validate`` asks it for counts.

A cache is believed only when it proves it came from the exact bytes of the YAML read on this
run: it is named by and records the SHA-256 of those bytes (``digest``), every row carries a
check keyed by it, and its tables have the expected shape. It is read only from a folder and a
file that belong to this user and that no one else can write, never through a symbolic link
(``cachedir``).
``tables.build`` fills the tables that ``write`` puts in place; ``index.KB`` reads them through
``select``; ``verified`` is the short way for completion and ``kb validate``, with every check.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netcli import __version__
from netcli.files import STDIN, InputProblem, read_limited, write_atomic
from netcli.knowledge import MAX_BYTES
from netcli.knowledge.cachedir import TMP_PREFIX, cache_dir, place, sweep, trusted
from netcli.knowledge.digest import hash_file, stamped_digest

FORMAT = f"netcli-kb-cache-13-{__version__}"

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
        write_atomic(db, build, prefix=TMP_PREFIX)
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

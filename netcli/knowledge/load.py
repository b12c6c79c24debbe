"""Loading the knowledge base: the one place that reads its file and decides how to serve it.

The file is read (bounded) and its bytes hashed, unless its stamp proves it unchanged since its
digest was taken (``digest.stamped_digest``, git's index rule). A cache built from exactly those
bytes is opened and believed only as far as it proves itself (``cache``); otherwise, and whenever
it fails a check later, the YAML is parsed and validated and the tables built again
(``tables.build``), into a new cache file or, when none can be written, into memory. Validation
runs only then: a warm lookup never imports yaml or pydantic.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from netcli.errors import InvalidDataError
from netcli.files import InputProblem, decode, read_limited
from netcli.knowledge import MAX_BYTES, cache, cachedir
from netcli.knowledge import digest as digests
from netcli.knowledge import model as m
from netcli.knowledge.index import KB

if TYPE_CHECKING:
    from netcli.knowledge.yamlload import Located


def read_kb(path: Path, label: str) -> bytes:
    """The bytes of the knowledge-base file (stdin for ``-``), at most MAX_BYTES of them; refuses
    what is missing, a folder, a device or a FIFO without reading it."""
    try:
        return read_limited(path, MAX_BYTES)
    except InputProblem as exc:
        raise _unreadable(label, exc) from None


def parse_kb(raw: bytes, label: str) -> Located:
    """The file's bytes as located YAML data (not validated yet)."""
    from netcli.knowledge.yamlload import parse  # only on the long way: yaml is slow to import

    try:
        text = decode(raw)
    except InputProblem as exc:
        raise _unreadable(label, exc) from None
    return parse(text, label)


def load_file(path: Path, label: str | None = None) -> Located:
    """The knowledge-base file as located YAML data, never from a cache (``kb validate``)."""
    label = label or str(path)
    return parse_kb(read_kb(path, label), label)


def _unreadable(label: str, exc: InputProblem) -> InvalidDataError:
    from netcli.knowledge.yamlload import unreadable

    return unreadable(label, exc.message, exc.line)


def validated(raw: bytes, label: str) -> m.KnowledgeBase:
    """The file's bytes parsed and validated: the long way, which a cache saves."""
    from netcli.knowledge.validate import validate

    return validate(parse_kb(raw, label), label)


def open_kb(path: Path, label: str | None = None) -> KB:
    """The knowledge base at ``path``, validated (or taken from a cache that proves it holds the
    validated form of these exact bytes). The bytes are read and hashed unless the file's stamp
    proves them unchanged since their digest was taken (``digest.stamped_digest``); a rebuild
    always reads and hashes them."""
    label = label or str(path)
    stamped = digests.stamped_digest(path)
    raw: bytes | None = None
    if stamped is None:
        raw, digest = digests.hash_file(path, lambda p: read_kb(p, label))
    else:
        digest = stamped
    opened: list[KB] = []

    def rebuild() -> sqlite3.Connection:
        nonlocal raw, digest
        if raw is None:  # the digest came from a stamp, which a rebuild never believes
            raw, digest = digests.hash_file(path, lambda p: read_kb(p, label))
            for store in opened:
                store.rekey(digest)
        from netcli.knowledge import tables  # only on the long way, as validation

        kb = validated(raw, label)
        db = cachedir.place(digest)
        conn = None
        if db is not None:
            conn = cache.write(db, lambda new: tables.build(new, kb, digest))
        if conn is None:
            conn = sqlite3.connect(":memory:")
            tables.build(conn, kb, digest)
        return conn

    db = cachedir.place(digest)
    if db is not None:
        try:
            cached = KB(cache.open_cached(db), rebuild, label, digest)
            opened.append(cached)
            cached.meta  # noqa: B018 - reads and checks the format and the digest now
            return cached
        except cache.CacheProblem:
            opened.clear()
    conn = rebuild()
    made = KB(conn, rebuild, label, digest)
    opened.append(made)
    return made

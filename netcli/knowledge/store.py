"""The store's foundation: one validated knowledge base's tables, read back and believed only
row by row (``cache.select`` checks each row against its ``h``), every record decoded once.
``index.KB`` adds the queries; ``tables.build`` writes what they read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar, overload

from netcli.knowledge import model as m
from netcli.knowledge.cache import CacheProblem, key_of, read_meta, select
from netcli.knowledge.kinds import KINDS
from netcli.knowledge.plain import from_plain

T = TypeVar("T")

# The record type of each section (the kinds are in ``kinds.KINDS``).
RECORD_TYPES: dict[str, type] = {k.section: getattr(m, k.record) for k in KINDS}
# A record of any section: what ``get`` gives for a section that is known only when it runs.
Item = m.Record | m.Question | m.AskTemplate | m.Principle


@dataclasses.dataclass
class Meta:
    version: str
    date: dt.date
    disclaimer: str
    notes: list[m.Statement]
    counts: dict[str, int]
    path: str
    digest: str
    about: m.About | None = None
    reflection: m.Reflection | None = None
    plain_answers: list[m.PlainAnswer] = dataclasses.field(default_factory=list)


def chunks(values: Collection[str], size: int = 500) -> Iterator[list[str]]:
    """``values`` (once each) in lists well below SQLite's limit on parameters."""
    unique = list(dict.fromkeys(values))
    for i in range(0, len(unique), size):
        yield unique[i : i + size]


class Store:
    """Checked read access to one validated knowledge base's tables: its meta, and its records
    by id or by section, each decoded once (``index.KB`` adds the queries).

    Every row read is checked against its ``h`` before it is believed; a row that fails, a bad
    record or a database error means the cache is rebuilt from the YAML (once) and read again."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        rebuild: Callable[[], sqlite3.Connection],
        path: str,
        digest: str = "",
    ):
        self.path = path
        self.digest = digest
        self._key = key_of(digest)
        self._conn = conn
        self._rebuild = rebuild
        self._records: dict[tuple[str, str], Any] = {}
        self._meta: Meta | None = None
        self._whole: set[str] = set()  # link tables whose row count was checked

    def rekey(self, digest: str) -> None:
        """The digest of the bytes a rebuild read (the loader's business): rows are checked
        against it from now on."""
        self.digest = digest
        self._key = key_of(digest)

    def _checked(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except (sqlite3.DatabaseError, CacheProblem):
            # A cache that does not prove itself: rebuild once from the YAML, then ask again.
            self._conn = self._rebuild()
            self._records.clear()
            self._meta = None
            self._whole.clear()
            return fn()

    def _select(
        self, table: str, where: str = "", args: tuple[Any, ...] = (), order: str = ""
    ) -> list[tuple[Any, ...]]:
        """Whole rows of ``table`` (without their check), each checked against its ``h``."""
        return select(self._conn, self._key, table, where, args, order)

    @property
    def meta(self) -> Meta:
        if self._meta is None:
            self._meta = self._checked(self._read_meta)
        return self._meta

    def _read_meta(self) -> Meta:
        raw = read_meta(self._conn, self.digest)
        try:
            return Meta(
                version=raw["version"],
                date=dt.date.fromisoformat(raw["date"]),
                disclaimer=raw["disclaimer"],
                notes=from_plain(list[m.Statement], json.loads(raw["notes"])),
                counts=json.loads(raw["counts"]),
                path=self.path,
                digest=self.digest,
                about=from_plain(m.About | None, json.loads(raw["about"])),
                reflection=from_plain(m.Reflection | None, json.loads(raw["reflection"])),
                plain_answers=from_plain(list[m.PlainAnswer], json.loads(raw["plain_answers"])),
            )
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise CacheProblem(f"bad meta: {exc}") from None

    def _decode(self, section: str, record_id: str, data: str) -> Any:
        key = (section, record_id)
        if key not in self._records:
            try:
                self._records[key] = from_plain(RECORD_TYPES[section], json.loads(data))
            except (KeyError, ValueError, TypeError, AttributeError, StopIteration) as exc:
                raise CacheProblem(f"bad record {section}/{record_id}: {exc}") from None
        return self._records[key]

    def _get(self, section: str, record_id: str, *, named: bool = True) -> Any:
        """A record; one that another row names must exist, or the cache is not whole."""
        rows = self._select("records", "section = ? AND id = ?", (section, record_id))
        if not rows:
            if named or self._missing_rows(section):
                raise CacheProblem(f"{section}/{record_id} is named but missing")
            raise KeyError(f"{section}/{record_id}")
        return self._decode(section, record_id, rows[0][4])

    def _missing_rows(self, section: str) -> bool:
        sql = "SELECT count(*) FROM records WHERE section = ?"
        (count,) = self._conn.execute(sql, (section,)).fetchone()
        return bool(count != self._read_meta().counts.get(section))

    # ``get``, ``all`` and ``resolve`` give the record type of the section named: to mypy,
    # ``kb.get("drugs", i)`` is an ``m.Drug``; a section known only when it runs gives an ``Item``.
    # tests/knowledge/test_index_types.py holds the overloads to the kinds table.
    @overload
    def get(self, section: Literal["sources"], record_id: str) -> m.Source: ...
    @overload
    def get(self, section: Literal["questions"], record_id: str) -> m.Question: ...
    @overload
    def get(self, section: Literal["treatments"], record_id: str) -> m.Treatment: ...
    @overload
    def get(self, section: Literal["drugs"], record_id: str) -> m.Drug: ...
    @overload
    def get(self, section: Literal["sites"], record_id: str) -> m.Site: ...
    @overload
    def get(self, section: Literal["glossary"], record_id: str) -> m.Term: ...
    @overload
    def get(self, section: Literal["topics"], record_id: str) -> m.Topic: ...
    @overload
    def get(self, section: Literal["ask"], record_id: str) -> m.AskTemplate: ...
    @overload
    def get(self, section: Literal["principles"], record_id: str) -> m.Principle: ...
    @overload
    def get(self, section: str, record_id: str) -> Item: ...
    def get(self, section: str, record_id: str) -> Item:
        """The record of ``section`` with this id, or KeyError."""
        found: Item = self._checked(lambda: self._get(section, record_id, named=False))
        return found

    @overload
    def all(self, section: Literal["sources"]) -> list[m.Source]: ...
    @overload
    def all(self, section: Literal["questions"]) -> list[m.Question]: ...
    @overload
    def all(self, section: Literal["treatments"]) -> list[m.Treatment]: ...
    @overload
    def all(self, section: Literal["drugs"]) -> list[m.Drug]: ...
    @overload
    def all(self, section: Literal["sites"]) -> list[m.Site]: ...
    @overload
    def all(self, section: Literal["glossary"]) -> list[m.Term]: ...
    @overload
    def all(self, section: Literal["topics"]) -> list[m.Topic]: ...
    @overload
    def all(self, section: Literal["ask"]) -> list[m.AskTemplate]: ...
    @overload
    def all(self, section: Literal["principles"]) -> list[m.Principle]: ...
    @overload
    def all(self, section: str) -> Sequence[Item]: ...
    def all(self, section: str) -> Sequence[Item]:
        """Every record of ``section``, in file order."""
        return self._all(section)

    def _all(self, section: str) -> list[Any]:
        def read() -> list[Any]:
            rows = self._select("records", "section = ?", (section,), "pos")
            if len(rows) != self._read_meta().counts.get(section):
                raise CacheProblem(f"{section}: rows missing")
            return [self._decode(section, row[1], row[4]) for row in rows]

        return self._checked(read)

    def _some(self, section: str, ids: Iterable[str]) -> list[Any]:
        """The records of ``section`` with these ids, in file order; every one must exist."""
        wanted = list(dict.fromkeys(ids))
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(wanted):
            where = f"section = ? AND id IN ({', '.join('?' * len(chunk))})"
            rows += self._select("records", where, (section, *chunk))
        if len(rows) != len(wanted):
            raise CacheProblem(f"{section}: a record named is missing")
        rows.sort(key=lambda r: int(r[2]))
        return [self._decode(section, r[1], r[4]) for r in rows]

    def _count_links(self, table: str) -> None:
        """A link table must hold as many rows as the meta says (checked once per table)."""
        if table in self._whole:
            return
        rows = {str(k): str(v) for k, v in self._select("meta", "key = 'links'")}
        try:
            expected = json.loads(rows["links"])[table]
        except (KeyError, ValueError, TypeError) as exc:
            raise CacheProblem(f"no row count for {table}: {exc}") from None
        (count,) = self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        if count != expected:
            raise CacheProblem(f"{table} has {count} rows, not {expected}")
        self._whole.add(table)

    def knowledge_base(self, skip: Collection[str] = ()) -> m.KnowledgeBase:
        """The knowledge base as typed records (for the engine and exports); the sections in
        ``skip`` are not read and left empty."""
        return self._with({s: [] if s in skip else self._all(s) for s in RECORD_TYPES})

    def _with(self, sections: dict[str, Any]) -> m.KnowledgeBase:
        """The knowledge base of the file's front matter and these sections' records."""
        meta = self.meta
        return m.KnowledgeBase(
            version=meta.version,
            date=meta.date,
            disclaimer=meta.disclaimer,
            notes=meta.notes,
            about=meta.about,
            reflection=meta.reflection,
            plain_answers=meta.plain_answers,
            **sections,
        )

"""The validated knowledge base behind one small read API, cached so that lookups skip YAML.

The first run parses and validates the YAML and writes the records, the name index and the search
text into an SQLite file in the user cache directory, named by the YAML's content hash and written
atomically. Later runs open that file and decode only the records they use, so a lookup costs the
same whatever the size of the knowledge base. Any cache problem (unwritable directory, a corrupt,
truncated or foreign file) falls back to building the same database in memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
import types
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from netcli.errors import NotFoundError
from netcli.knowledge import MAX_BYTES
from netcli.knowledge import model as m
from netcli.knowledge.cache import (
    FORMAT,
    NAMES_SQL,
    CacheProblem,
    cache_dir,
    cache_file,
    open_cached,
    sorted_names,
)
from netcli.text import fold, fold_words, word_matches, words

T = TypeVar("T")


# The list sections of the file whose items have ids, and the record type of each.
SECTIONS: dict[str, type] = {
    "sources": m.Source,
    "questions": m.Question,
    "treatments": m.Treatment,
    "drugs": m.Drug,
    "sites": m.Site,
    "glossary": m.Term,
    "topics": m.Topic,
    "ask": m.AskTemplate,
    "principles": m.Principle,
}
# Sections whose records are found by name (and which `search` looks through), with the word for
# one of their records.
NAMED = {
    "drugs": "drug",
    "treatments": "treatment",
    "sites": "tumour type",
    "glossary": "glossary term",
    "topics": "topic",
    "sources": "source",
}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (section TEXT, id TEXT, pos INTEGER, name TEXT, data TEXT NOT NULL,
                      PRIMARY KEY (section, id));
CREATE TABLE names (section TEXT, key TEXT, id TEXT, name TEXT, how TEXT, words TEXT,
                    PRIMARY KEY (section, key));
CREATE TABLE uses (drug TEXT, treatment TEXT, pos INTEGER);
CREATE TABLE search (section TEXT, id TEXT, pos INTEGER, text TEXT);
CREATE TABLE parts (parent TEXT, child TEXT, pos INTEGER);
CREATE TABLE cites (page TEXT, source TEXT, pos INTEGER);
CREATE INDEX uses_drug ON uses (drug);
CREATE INDEX parts_parent ON parts (parent);
CREATE INDEX cites_page ON cites (page);
"""


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


@dataclasses.dataclass
class Hit:
    section: str
    id: str
    name: str


def to_plain(obj: Any) -> Any:
    """A record as JSON-ready data (the inverse of ``from_plain``)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _same(value: Any) -> Any:
    return value


@cache
def _decoder(tp: Any) -> typing.Callable[[Any], Any]:
    """A function that turns data written by ``to_plain`` back into ``tp``, worked out once per
    type: decoding a record is then plain calls, with no type inspection per value."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        fields = {k: _decoder(h) for k, h in typing.get_type_hints(tp).items()}
        cls = tp
        return lambda value: cls(**{k: fields[k](v) for k, v in value.items()})
    origin = typing.get_origin(tp)
    if origin is list:
        (arg,) = typing.get_args(tp)
        item = _decoder(arg)
        if item is _same:
            return list
        return lambda value: [item(v) for v in value]
    if origin is dict:
        _, arg = typing.get_args(tp)
        item = _decoder(arg)
        if item is _same:
            return dict
        return lambda value: {k: item(v) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        arg = _decoder(next(a for a in typing.get_args(tp) if a is not type(None)))
        if arg is _same:
            return _same
        return lambda value: None if value is None else arg(value)
    if tp is dt.date:
        return dt.date.fromisoformat
    return _same


def from_plain(tp: Any, value: Any) -> Any:
    """Typed records from data written by ``to_plain`` (trusted: it was validated before)."""
    return _decoder(tp)(value)


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _abbreviates(short: str, key: str) -> bool:
    """Whether a short folded query could abbreviate a folded name: same first letter, and its
    letters in order in the name ("ssa" in "somatostatinanalog")."""
    if not 2 <= len(short) <= 5 or not key.startswith(short[0]) or len(key) <= len(short):
        return False
    rest = iter(key[1:])
    return all(c in rest for c in short[1:])


def _name(record: Any) -> str:
    if isinstance(record, m.Term):
        return record.term
    if isinstance(record, m.Source | m.AskTemplate):
        return record.title if isinstance(record, m.Source) else record.text
    if isinstance(record, m.Question):
        return record.text
    return str(record.name)


def _answer_names(kb: m.KnowledgeBase) -> dict[tuple[str, str], list[str]]:
    """The words the questionnaire shows for a site ("The small bowel (small intestine)", "skin"),
    as more names of the one site record whose ``answer_values`` hold that answer."""
    owners: dict[str, list[str]] = {}
    for site in kb.sites:
        for value in site.answer_values:
            owners.setdefault(value, []).append(site.id)
    out: dict[tuple[str, str], list[str]] = {}
    for question in kb.questions:
        for choice in question.choices:
            ids = owners.get(choice.value, [])
            if len(ids) == 1:
                out.setdefault(("sites", ids[0]), []).extend([choice.value, choice.label])
    return out


def build(conn: sqlite3.Connection, kb: m.KnowledgeBase, digest: str) -> None:
    """Write a validated knowledge base into an empty database."""
    conn.executescript(_SCHEMA)
    counts = {section: len(getattr(kb, section)) for section in SECTIONS}
    meta = {
        "format": FORMAT,
        "version": kb.version,
        "date": kb.date.isoformat(),
        "disclaimer": kb.disclaimer,
        "notes": json.dumps(to_plain(kb.notes)),
        "about": json.dumps(to_plain(kb.about)),
        "reflection": json.dumps(to_plain(kb.reflection)),
        "plain_answers": json.dumps(to_plain(kb.plain_answers)),
        "counts": json.dumps(counts),
        "digest": digest,
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    answer_names = _answer_names(kb)
    for section in SECTIONS:
        for pos, record in enumerate(getattr(kb, section)):
            plain = to_plain(record)
            conn.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                (section, record.id, pos, _name(record), json.dumps(plain)),
            )
            if section in NAMED:
                conn.execute(
                    "INSERT INTO search VALUES (?, ?, ?, ?)",
                    (section, record.id, pos, fold_words(" ".join(_strings(plain)))),
                )
                # Names as written come before the id, so each folded key keeps its written form.
                names = [
                    (_name(record), "name"),
                    *((a.name, "alias") for a in getattr(record, "aliases", [])),
                    *((n, "answer") for n in answer_names.get((section, record.id), [])),
                    (record.id, "id"),
                ]
                conn.executemany(
                    "INSERT OR IGNORE INTO names VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (section, fold(n), record.id, n, how, " ".join(words(n)))
                        for n, how in names
                        if fold(n)
                    ],
                )
    for pos, treatment in enumerate(kb.treatments):
        conn.executemany(
            "INSERT INTO uses VALUES (?, ?, ?)",
            [(use.drug, treatment.id, pos) for use in treatment.drugs],
        )
        if treatment.part_of:
            conn.execute(
                "INSERT INTO parts VALUES (?, ?, ?)", (treatment.part_of, treatment.id, pos)
            )
    for pos, source in enumerate(kb.sources):
        conn.executemany(
            "INSERT INTO cites VALUES (?, ?, ?)",
            [(page, source.id, pos) for page in source.cited_by],
        )
    conn.commit()


class KB:
    """Read access to one validated knowledge base: records by id, by name, by use, by text."""

    def __init__(
        self, conn: sqlite3.Connection, rebuild: typing.Callable[[], sqlite3.Connection], path: str
    ):
        self.path = path
        self._conn = conn
        self._rebuild = rebuild
        self._records: dict[tuple[str, str], Any] = {}
        self._meta: Meta | None = None

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError:
            # A cache file that went bad after it was opened: rebuild once, then ask again.
            self._conn = self._rebuild()
            return self._conn.execute(sql, args).fetchall()

    @property
    def meta(self) -> Meta:
        if self._meta is None:
            rows = self._rows("SELECT key, value FROM meta")
            raw = {str(k): str(v) for k, v in rows}
            self._meta = Meta(
                version=raw["version"],
                date=dt.date.fromisoformat(raw["date"]),
                disclaimer=raw["disclaimer"],
                notes=from_plain(list[m.Statement], json.loads(raw["notes"])),
                counts=json.loads(raw["counts"]),
                path=self.path,
                digest=raw["digest"],
                about=from_plain(m.About | None, json.loads(raw["about"])),
                reflection=from_plain(m.Reflection | None, json.loads(raw["reflection"])),
                plain_answers=from_plain(list[m.PlainAnswer], json.loads(raw["plain_answers"])),
            )
        return self._meta

    def _decode(self, section: str, record_id: str, data: str) -> Any:
        key = (section, record_id)
        if key not in self._records:
            self._records[key] = from_plain(SECTIONS[section], json.loads(data))
        return self._records[key]

    def get(self, section: str, record_id: str) -> Any:
        rows = self._rows(
            "SELECT data FROM records WHERE section = ? AND id = ?", (section, record_id)
        )
        if not rows:
            raise KeyError(f"{section}/{record_id}")
        return self._decode(section, record_id, rows[0][0])

    def all(self, section: str) -> list[Any]:
        rows = self._rows("SELECT id, data FROM records WHERE section = ? ORDER BY pos", (section,))
        return [self._decode(section, rid, data) for rid, data in rows]

    def names(self, section: str) -> list[tuple[str, str]]:
        """(id, display name) of every record of a section, in file order."""
        rows = self._rows("SELECT id, name FROM records WHERE section = ? ORDER BY pos", (section,))
        return [(str(i), str(n)) for i, n in rows]

    def lookup_names(self, section: str) -> list[str]:
        """Every display name and alias of a section (what completion offers), sorted."""
        return sorted_names(self._rows(NAMES_SQL, (section,)))

    def exact(self, section: str, name: str) -> str | None:
        """The id of the record that a name, alias, id or answer word names exactly (folded)."""
        rows = self._rows(
            "SELECT id FROM names WHERE section = ? AND key = ?", (section, fold(name))
        )
        return str(rows[0][0]) if rows else None

    def matches(self, section: str, name: str) -> list[tuple[str, str]]:
        """(id, display name) of every record one of whose names holds every typed word, as a
        whole word or as part of a longer one (``text.word_matches``); whole words rank first."""
        typed = words(name)[:20]
        if not typed:
            return []
        rows = self._rows(
            "SELECT n.id, n.words, r.name FROM names n JOIN records r "
            "ON r.section = n.section AND r.id = n.id WHERE n.section = ? ORDER BY r.pos",
            (section,),
        )
        best: dict[str, tuple[int, str]] = {}
        for record_id, written_words, display in rows:
            have = written_words.split()
            score = 0
            for t in typed:
                s = max((word_matches(t, w) for w in have), default=0)
                if not s:
                    break
                score += s
            else:
                if score > best.get(record_id, (0, ""))[0]:
                    best[record_id] = (score, display)
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])  # stable: file order next
        return [(record_id, display) for record_id, (_, display) in ranked]

    def resolve(self, section: str, name: str) -> Any:
        """The record of ``section`` that ``name`` names, or NotFoundError with close matches."""
        record_id = self.exact(section, name)
        if record_id is not None:
            return self.get(section, record_id)
        raise NotFoundError(NAMED[section], name, self.suggest(section, name))

    def suggest(self, section: str, name: str, limit: int = 3) -> list[str]:
        """Close names, best first, by how alike their folded forms are to the folded query.

        A short query ("SSA") also ranks the names whose letters it abbreviates, in order."""
        key = fold(name)[:80]
        if not key:
            return []
        rows = self._rows("SELECT key, id, name FROM names WHERE section = ?", (section,))
        import difflib  # only for a name that is not found

        best: dict[str, tuple[float, str]] = {}
        matcher = difflib.SequenceMatcher(b=key)
        for k, record_id, shown in rows:
            matcher.set_seq1(k)
            score = 0.0
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                score = matcher.ratio()
            if _abbreviates(key, k):
                score = max(score, 0.75)
            if len(key) >= 3 and k.startswith(key):
                score = max(score, 0.7)
            if score >= 0.6 and score > best.get(record_id, (0.0, ""))[0]:
                best[record_id] = (score, shown)
        ranked = sorted(best.values(), key=lambda v: (-v[0], fold(v[1])))
        return [shown for _, shown in ranked[:limit]]

    def used_by(self, drug_id: str) -> list[m.Treatment]:
        rows = self._rows(
            "SELECT DISTINCT treatment FROM uses WHERE drug = ? ORDER BY pos", (drug_id,)
        )
        return [self.get("treatments", r[0]) for r in rows]

    def parts(self, treatment_id: str) -> list[m.Treatment]:
        """The treatments that are kinds of this one (``part_of``)."""
        rows = self._rows("SELECT child FROM parts WHERE parent = ? ORDER BY pos", (treatment_id,))
        return [self.get("treatments", r[0]) for r in rows]

    def cited_by(self, page_id: str) -> list[m.Source]:
        """The references that this page cites."""
        rows = self._rows("SELECT source FROM cites WHERE page = ? ORDER BY pos", (page_id,))
        return [self.get("sources", r[0]) for r in rows]

    def search(self, text: str) -> list[Hit]:
        words = fold_words(text).split()
        if not words:
            return []
        where = " AND ".join("text LIKE ? ESCAPE '\\'" for _ in words)
        like = [
            "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for w in words
        ]
        # The hits' names come from the records table's name column: no record is decoded.
        rows = self._rows(
            "SELECT s.section, s.id, r.name FROM search s JOIN records r"
            f" ON r.section = s.section AND r.id = s.id WHERE {where} ORDER BY s.section, s.pos",
            tuple(like),
        )
        # A record that the words name (an old or lay name among them) comes first.
        named = set(self._rows("SELECT section, id FROM names WHERE key = ?", (fold(text),)))
        order = {s: i for i, s in enumerate(NAMED)}
        rows.sort(key=lambda r: ((r[0], r[1]) not in named, order[r[0]]))
        return [Hit(str(s), str(i), str(n)) for s, i, n in rows]

    def knowledge_base(self, skip: typing.Collection[str] = ()) -> m.KnowledgeBase:
        """The knowledge base as typed records (for the engine and exports); the sections in
        ``skip`` are not read and left empty."""
        meta = self.meta
        return m.KnowledgeBase(
            version=meta.version,
            date=meta.date,
            disclaimer=meta.disclaimer,
            notes=meta.notes,
            about=meta.about,
            reflection=meta.reflection,
            plain_answers=meta.plain_answers,
            **{section: [] if section in skip else self.all(section) for section in SECTIONS},
        )


def from_knowledge_base(kb: m.KnowledgeBase, path: str = "<memory>") -> KB:
    """An in-memory store for a knowledge base that is already validated (tests, no cache)."""

    def make() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        build(conn, kb, "")
        return conn

    return KB(make(), make, path)


# --- The cache -----------------------------------------------------------------------------------


def _digest_of(path: Path, stamp_file: Path | None) -> tuple[str, bytes | None]:
    """The content hash, from a stamp that matches the file's size and times, else by reading it.

    Returns the bytes too when it had to read them, so they are not read twice."""
    st = path.stat()
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
    raw: bytes | None = None
    if stamp_file is not None:
        try:
            saved = json.loads(stamp_file.read_text("utf-8"))
            if saved["stamp"] == stamp and isinstance(saved["digest"], str):
                return saved["digest"], None
        except (OSError, ValueError, KeyError, TypeError):
            pass
    if st.st_size > MAX_BYTES:
        raise OSError("too large")  # the caller reads it again through read_bytes, which says so
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if stamp_file is not None:
        _write_atomic(stamp_file, json.dumps({"stamp": stamp, "digest": digest}).encode())
    return digest, raw


def _write_atomic(
    target: Path, data: bytes | None, fill: typing.Callable[[str], None] | None = None
) -> bool:
    """Write ``data`` (or let ``fill`` write the temp file), then move it into place.

    False on any error: a cache that cannot be written is skipped."""
    import tempfile  # only when a cache is written

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            if data is not None:
                out.write(data)
        if fill is not None:
            fill(tmp)
        os.replace(tmp, target)
        return True
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def open_kb(path: Path, label: str | None = None) -> KB:
    """The knowledge base at ``path``, validated (or taken from a cache of its validated form)."""
    label = label or str(path)
    root = cache_dir()
    raw: bytes | None = None
    try:
        resolved = path.resolve()
        stamp_file = None
        if root is not None:
            name = hashlib.sha1(str(resolved).encode()).hexdigest()[:24]
            stamp_file = root / "stamps" / f"{name}.json"
        digest, raw = _digest_of(resolved, stamp_file)
    except OSError:
        from netcli.knowledge.yamlload import read_bytes as read_checked

        # read_checked says what is wrong with the path, under its label.
        raw = read_checked(path, label)
        digest, resolved = hashlib.sha256(raw).hexdigest(), path
    db = cache_file(root, digest) if root is not None else None

    def load() -> m.KnowledgeBase:
        from netcli.knowledge.validate import validate
        from netcli.knowledge.yamlload import decode, parse, read_bytes

        data = raw if raw is not None else read_bytes(path, label)
        return validate(parse(decode(data, label), label), label)

    def rebuild() -> sqlite3.Connection:
        kb = load()
        if db is not None:

            def fill(tmp: str) -> None:
                with sqlite3.connect(tmp) as conn:
                    build(conn, kb, digest)
                conn.close()

            if _write_atomic(db, None, fill):
                try:
                    return open_cached(db)
                except CacheProblem:
                    pass
        conn = sqlite3.connect(":memory:")
        build(conn, kb, digest)
        return conn

    if db is not None and db.exists():
        try:
            return KB(open_cached(db), rebuild, label)
        except CacheProblem:
            pass
    return KB(rebuild(), rebuild, label)

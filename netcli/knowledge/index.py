"""The knowledge base as tables, and the typed queries over them.

``build`` writes a validated knowledge base into an empty database: every record as plain JSON,
the name index (names, aliases, answer words, ids, folded), the search text and the links
(which treatments use a drug, which are kinds of another, what a page cites), each row with
its check (``cache.row_hash``). ``KB`` reads them back: records by id, by name, by use, by text,
decoding only the records asked for, and believing no row that fails its check. Where the
database lives (a cache file or memory) is the loader's business (``load.open_kb``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar, overload

from netcli.knowledge import model as m
from netcli.knowledge.cache import (
    FORMAT,
    SCHEMA,
    TABLES,
    CacheProblem,
    completion_names,
    key_of,
    read_meta,
    row_hash,
    select,
)
from netcli.knowledge.kinds import KINDS, NAMED
from netcli.knowledge.plain import from_plain, to_plain
from netcli.text import fold, fold_words, text_words, word_matches, words

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


@dataclasses.dataclass
class Hit:
    section: str
    id: str
    name: str


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


def _reach(record: Any) -> list[dict[str, list[str]]] | None:
    """What a treatment's offering rules, or a site's answers, accept of the tumour's kind and
    site; None for any other record and for a treatment tied to no situation (explore skips it)."""
    if isinstance(record, m.Treatment):
        return m.tumour_reach(record.offered_when) if record.offered_when else None
    if isinstance(record, m.Site):
        return [{"kind" if record.group == "kind" else "site": list(record.answer_values)}]
    return None


def _term_rows(kb: m.KnowledgeBase) -> list[tuple[str, str, int]]:
    """(first word, id, pos) of each name of each glossary term (``text.text_words``), once."""
    rows: dict[tuple[str, str, int], None] = {}
    for pos, term in enumerate(kb.glossary):
        for name in (term.term, *(a.name for a in term.aliases)):
            said = text_words(name)
            if said:
                rows[(said[0], term.id, pos)] = None
    return list(rows)


def _ask_rows(kb: m.KnowledgeBase) -> list[tuple[str, str, str, int]]:
    """(trigger, value, id, pos): what may make each question to ask asked (``cache.TABLES``)."""
    rows: list[tuple[str, str, str, int]] = []
    for pos, a in enumerate(kb.ask):
        rows += [("always", "", a.id, pos)] if a.always else []
        rows += [("treatment", t, a.id, pos) for t in dict.fromkeys(a.for_treatments)]
        rows += [("done", t, a.id, pos) for t in dict.fromkeys(a.when_done)]
        rows += [("unsure", k, a.id, pos) for k in dict.fromkeys(a.when_unsure)]
    return rows


def _chunks(values: Collection[str], size: int = 500) -> Iterator[list[str]]:
    """``values`` (once each) in lists well below SQLite's limit on parameters."""
    unique = list(dict.fromkeys(values))
    for i in range(0, len(unique), size):
        yield unique[i : i + size]


def _reach_row(accepts: str, records: str) -> tuple[list[dict[str, list[str]]], list[Any]]:
    """A reach row's ``accepts`` and ``records``, or CacheProblem when they are not of that
    shape."""
    try:
        rules, found = json.loads(accepts), json.loads(records)
    except ValueError:
        rules = found = None
    bad = CacheProblem("a reach row of another shape")
    if type(rules) is not list or type(found) is not list:
        raise bad
    for rule in rules:
        if type(rule) is not dict:
            raise bad
        for k, accepted in rule.items():
            if k not in m.TUMOUR_KEYS or type(accepted) is not list:
                raise bad
            for v in accepted:
                if type(v) is not str:
                    raise bad
    for r in found:
        if type(r) is not list or len(r) != 3 or type(r[0]) is not str or type(r[1]) is not int:
            raise bad
    return rules, found


class _Writer:
    """Inserts rows with their check."""

    def __init__(self, conn: sqlite3.Connection, key: bytes) -> None:
        self.conn = conn
        self.key = key

    def add(self, table: str, rows: Iterable[tuple[Any, ...]], ignore: bool = False) -> None:
        marks = ", ".join("?" * (len(TABLES[table]) + 1))
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.conn.executemany(
            f"{verb} INTO {table} VALUES ({marks})",
            [(*row, row_hash(self.key, table, row)) for row in rows],
        )


def build(conn: sqlite3.Connection, kb: m.KnowledgeBase, digest: str) -> None:
    """Write a validated knowledge base into an empty database."""
    conn.executescript(SCHEMA)
    out = _Writer(conn, key_of(digest))
    # In the file's order of sections (`kb info` shows them so).
    counts = {
        f.name: len(getattr(kb, f.name)) for f in dataclasses.fields(kb) if f.name in RECORD_TYPES
    }
    reach: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for kind in KINDS:
        for pos, record in enumerate(getattr(kb, kind.section)):
            accepts = _reach(record)
            if accepts is not None:
                slot = (kind.section, json.dumps(accepts))
                reach.setdefault(slot, []).append((record.id, pos, kind.display_name(record)))
    term_rows, ask_rows = _term_rows(kb), _ask_rows(kb)
    links = {
        "uses": sum(len(t.drugs) for t in kb.treatments),
        "parts": sum(1 for t in kb.treatments if t.part_of),
        "cites": sum(len(s.cited_by) for s in kb.sources),
        "reach": len(reach),
        "terms": len(term_rows),
        "asks": len(ask_rows),
    }
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
        # The link tables' row counts: a deleted row has no check to fail, so its table is counted.
        "links": json.dumps(links),
        "digest": digest,
    }
    out.add("meta", meta.items())
    answer_names = _answer_names(kb)
    for kind in KINDS:
        section = kind.section
        for pos, record in enumerate(getattr(kb, section)):
            plain = to_plain(record)
            shown = kind.display_name(record)
            out.add("records", [(section, record.id, pos, shown, json.dumps(plain))])
            if kind.noun is not None:
                out.add(
                    "search", [(section, record.id, pos, fold_words(" ".join(_strings(plain))))]
                )
                # Names as written come before the id, so each folded key keeps its written form.
                names = [
                    (shown, "name"),
                    *((a.name, "alias") for a in getattr(record, "aliases", [])),
                    *((n, "answer") for n in answer_names.get((section, record.id), [])),
                    (record.id, "id"),
                ]
                # INSERT OR IGNORE keeps the first of two names that fold alike.
                first: dict[str, tuple[str, str]] = {}
                for n, how in names:
                    if fold(n):
                        first.setdefault(fold(n), (n, how))
                out.add(
                    "names",
                    [
                        (section, k, record.id, n, how, " ".join(words(n)))
                        for k, (n, how) in first.items()
                    ],
                    ignore=True,
                )
    out.add(
        "reach", [(section, accepts, json.dumps(rs)) for (section, accepts), rs in reach.items()]
    )
    for pos, treatment in enumerate(kb.treatments):
        out.add("uses", [(use.drug, treatment.id, pos) for use in treatment.drugs])
        if treatment.part_of:
            out.add("parts", [(treatment.part_of, treatment.id, pos)])
    for pos, source in enumerate(kb.sources):
        out.add("cites", [(page, source.id, pos) for page in source.cited_by])
    out.add("terms", term_rows)
    out.add("asks", ask_rows)
    conn.commit()


class KB:
    """Read access to one validated knowledge base: records by id, by name, by use, by text.

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

    def lookup_names(self, section: str) -> list[str]:
        """Every display name and alias of a section (what completion offers), sorted."""
        return self._checked(lambda: completion_names(self._conn, self._key, section))

    def exact(self, section: str, name: str) -> str | None:
        """The id of the record that a name, alias, id or answer word names exactly (folded)."""
        key = fold(name)
        rows = self._checked(
            lambda: self._select("names", "section = ? AND key = ?", (section, key))
        )
        return str(rows[0][2]) if rows else None

    def matches(self, section: str, name: str) -> list[tuple[str, str]]:
        """(id, display name) of every record one of whose names holds every typed word, as a
        whole word or as part of a longer one (``text.word_matches``); whole words rank first."""
        typed = words(name)[:20]
        if not typed:
            return []

        def read() -> list[tuple[Any, ...]]:
            shown = {
                r[1]: (r[2], r[3])
                for r in self._select("records", "section = ?", (section,), "pos")
            }
            rows = self._select("names", "section = ?", (section,))
            if any(r[2] not in shown for r in rows):
                raise CacheProblem(f"{section}: a name of a missing record")
            return sorted(
                ((r[2], r[5], shown[r[2]][1]) for r in rows), key=lambda r: shown[r[0]][0]
            )

        best: dict[str, tuple[int, str]] = {}
        for record_id, written_words, display in self._checked(read):
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

    def suggest(self, section: str, name: str, limit: int = 3) -> list[str]:
        """Close names, best first, by how alike their folded forms are to the folded query.

        A short query ("SSA") also ranks the names whose letters it abbreviates, in order."""
        key = fold(name)[:80]
        if not key:
            return []
        rows = self._checked(lambda: self._select("names", "section = ?", (section,)))
        best: dict[str, tuple[float, str]] = {}
        import difflib  # only for a name that is not found

        matcher = difflib.SequenceMatcher(b=key)
        for _, k, record_id, shown, _how, _words in rows:
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

    def _treatments(self, table: str, column: str, value: str, pick: int) -> list[m.Treatment]:
        def read() -> list[m.Treatment]:
            self._count_links(table)
            rows = self._select(table, f"{column} = ?", (value,), "pos")
            ids = dict.fromkeys(str(r[pick]) for r in rows)
            return [self._get("treatments", i) for i in ids]

        return self._checked(read)

    def used_by(self, drug_id: str) -> list[m.Treatment]:
        return self._treatments("uses", "drug", drug_id, 1)

    def parts(self, treatment_id: str) -> list[m.Treatment]:
        """The treatments that are kinds of this one (``part_of``)."""
        return self._treatments("parts", "parent", treatment_id, 1)

    def cites(self, page_id: str) -> list[m.Source]:
        """The references that this page cites."""

        def read() -> list[m.Source]:
            self._count_links("cites")
            rows = self._select("cites", "page = ?", (page_id,), "pos")
            return [self._get("sources", str(r[1])) for r in rows]

        return self._checked(read)

    def search(self, text: str) -> list[Hit]:
        # Each word once; the longest narrows the rows in SQL, the rest are checked in Python, so
        # the work grows with the rows times the words and no query grows with the words.
        words = sorted(set(fold_words(text).split()), key=len, reverse=True)
        if not words:
            return []
        like = "%" + words[0].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        whole = fold(text)

        def read() -> list[Hit]:
            rows = self._select("search", "text LIKE ? ESCAPE '\\'", (like,), "section, pos")
            rows = [r for r in rows if all(w in r[3] for w in words[1:])]
            # A record that the words name (an old or lay name among them) comes first.
            named = {(r[0], r[2]) for r in self._select("names", "key = ?", (whole,))}
            order = {k.section: i for i, k in enumerate(NAMED)}
            rows.sort(key=lambda r: ((r[0], r[1]) not in named, order[r[0]]))
            # The hits' names come from their checked records rows: no record is decoded.
            hits = []
            for r in rows:
                got = self._select("records", "section = ? AND id = ?", (r[0], r[1]))
                if not got:
                    raise CacheProblem(f"{r[0]}/{r[1]} is named but missing")
                hits.append(Hit(str(r[0]), str(r[1]), str(got[0][3])))
            return hits

        return self._checked(read)

    def _some(self, section: str, ids: Iterable[str]) -> list[Any]:
        """The records of ``section`` with these ids, in file order; every one must exist."""
        wanted = list(dict.fromkeys(ids))
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(wanted):
            where = f"section = ? AND id IN ({', '.join('?' * len(chunk))})"
            rows += self._select("records", where, (section, *chunk))
        if len(rows) != len(wanted):
            raise CacheProblem(f"{section}: a record named is missing")
        rows.sort(key=lambda r: int(r[2]))
        return [self._decode(section, r[1], r[4]) for r in rows]

    def situation(
        self, answers: dict[str, tuple[str, ...]], skip: Collection[str] = ()
    ) -> tuple[m.KnowledgeBase, list[m.SetAside]]:
        """The knowledge base as explore needs it for the tumour that the answers (as the rules
        read them) describe, and the treatments left out because each of their offering rules
        accepts another kind or site of tumour (``model.not_for_tumour``, with why), in file
        order. It holds every question and principle, the treatments that can apply, the drugs
        they use, the sites the tumour may be, the questions to ask that these treatments and
        answers may call for (``_asks``), the other sections not in ``skip``, and the sources all
        of these cite: the records of treatments that cannot apply are not decoded. A summary's
        glossary is best left in ``skip`` and read afterwards by ``explained``."""

        def read() -> tuple[m.KnowledgeBase, list[m.SetAside]]:
            self._count_links("reach")
            kept: dict[str, list[str]] = {"treatments": [], "sites": []}
            aside: list[tuple[int, m.SetAside]] = []
            for section, accepts, records in self._select("reach"):
                rules, found = _reach_row(accepts, records)
                why = m.not_for_tumour(rules, answers)
                if section not in kept:
                    raise CacheProblem(f"a reach row of {section}")
                if why is None:
                    kept[section] += [r[0] for r in found]
                elif section == "treatments":
                    aside += [(r[1], m.SetAside(r[0], str(r[2]), why)) for r in found]
            aside.sort(key=lambda a: a[0])
            meta = self.meta
            treatments = self._some("treatments", kept["treatments"])
            sections: dict[str, list[Any]] = {
                "treatments": treatments,
                "drugs": self._some("drugs", (u.drug for t in treatments for u in t.drugs)),
                "sites": self._some("sites", kept["sites"]),
            }
            if "ask" not in skip:
                sections["ask"] = self._asks(treatments, answers)
            for s in RECORD_TYPES:
                if s not in sections and s != "sources":
                    sections[s] = [] if s in skip else self._all(s)
            if "glossary" in skip:
                cited = [i for records in sections.values() for i in m.source_ids(records)]
                cited += m.source_ids([meta.notes, meta.about, meta.reflection, meta.plain_answers])
                sections["sources"] = self._some("sources", cited)
            else:
                # The whole glossary cites most of the pages: reading them all costs less than
                # finding which (``explained`` reads only the terms a summary may use).
                sections["sources"] = self._all("sources")
            return self._with(sections), [a for _, a in aside]

        return self._checked(read)

    def _asks(
        self, treatments: list[m.Treatment], answers: dict[str, tuple[str, ...]]
    ) -> list[m.AskTemplate]:
        """The questions to ask that may be asked when only these treatments can apply: those
        asked always, for one of them or once one is done, or when a question the answers do not
        settle is unsure; in file order. (The summary decides which are asked.)"""
        self._count_links("asks")
        ids = [str(r[2]) for r in self._select("asks", "trigger = 'always'")]
        for chunk in _chunks([t.id for t in treatments]):
            where = f"trigger IN ('treatment', 'done') AND value IN ({', '.join('?' * len(chunk))})"
            ids += [str(r[2]) for r in self._select("asks", where, tuple(chunk))]
        settled = [k for k, v in answers.items() if m.UNSURE not in v]
        where = f"trigger = 'unsure' AND value NOT IN ({', '.join('?' * len(settled))})"
        ids += [str(r[2]) for r in self._select("asks", where, tuple(settled))]
        found: list[m.AskTemplate] = self._some("ask", ids)
        return found

    def explained(
        self, kb: m.KnowledgeBase, named: Collection[str], said: Collection[str]
    ) -> m.KnowledgeBase:
        """``kb`` with the glossary terms a text may use, and the sources they cite: the terms
        with an id in ``named``, and those one of whose names (the term and its aliases) begins
        with a word in ``said`` (``text.text_words``), in file order. The summary finds which of
        them its text does use; no other term is decoded."""

        def read() -> m.KnowledgeBase:
            self._count_links("terms")
            ids = list(named)
            for chunk in _chunks(said):
                where = f"word IN ({', '.join('?' * len(chunk))})"
                ids += [str(r[1]) for r in self._select("terms", where, tuple(chunk))]
            terms: list[m.Term] = self._some("glossary", ids)
            cited = [s.id for s in kb.sources] + m.source_ids(terms)
            sources: list[m.Source] = self._some("sources", cited)
            return dataclasses.replace(kb, glossary=terms, sources=sources)

        return self._checked(read)

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


def from_knowledge_base(kb: m.KnowledgeBase, path: str = "<memory>") -> KB:
    """An in-memory store for a knowledge base that is already validated (tests, no cache)."""

    def make() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        build(conn, kb, "")
        return conn

    return KB(make(), make, path)

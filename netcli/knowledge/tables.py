"""Writing the knowledge base's tables.

``build`` writes a validated knowledge base into an empty database: every record as plain JSON,
the name index (names, aliases, answer words, ids, folded), the search text, the links (which
treatments use a drug, which are kinds of another, what a page cites) and the indexes explore
reads through (``reach``, ``terms``, ``asks``), each row with its check (``cache.row_hash``).
``index.KB`` reads them back.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from netcli.knowledge import model as m
from netcli.knowledge.cache import FORMAT, SCHEMA, TABLES, key_of, row_hash
from netcli.knowledge.kinds import KINDS
from netcli.knowledge.plain import to_plain
from netcli.text import fold, fold_words, text_words, words


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


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
    sections = {k.section for k in KINDS}
    counts = {
        f.name: len(getattr(kb, f.name)) for f in dataclasses.fields(kb) if f.name in sections
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

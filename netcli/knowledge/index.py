"""The typed queries over the knowledge base's tables.

``KB`` reads the tables that ``tables.build`` writes, through the checked ``store.Store``: records
by id, by name, by use, by text, and what explore needs for one situation, decoding only the
records asked for and believing no row that fails its check. Where the database lives (a cache
file or memory) is the loader's business (``load.open_kb``).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Collection
from typing import Any

from netcli.knowledge import model as m
from netcli.knowledge.cache import CacheProblem, completion_names
from netcli.knowledge.kinds import NAMED
from netcli.knowledge.store import RECORD_TYPES as RECORD_TYPES
from netcli.knowledge.store import Item as Item
from netcli.knowledge.store import Meta as Meta
from netcli.knowledge.store import Store, chunks
from netcli.text import fold, fold_words, word_matches, words


@dataclasses.dataclass
class Hit:
    section: str
    id: str
    name: str


def _abbreviates(short: str, key: str) -> bool:
    """Whether a short folded query could abbreviate a folded name: same first letter, and its
    letters in order in the name ("ssa" in "somatostatinanalog")."""
    if not 2 <= len(short) <= 5 or not key.startswith(short[0]) or len(key) <= len(short):
        return False
    rest = iter(key[1:])
    return all(c in rest for c in short[1:])


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


class KB(Store):
    """Read access to one validated knowledge base: records by id, by name, by use, by text, and
    what explore needs for one situation (see ``store.Store`` for the checks)."""

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
            rows = self._select("names", "section = ?", (section,), order="key")
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
        # In the folded keys' order, so that of two names of a record as close, the same one is
        # shown whatever index SQLite reads them through.
        rows = self._checked(lambda: self._select("names", "section = ?", (section,), order="key"))
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
        for chunk in chunks([t.id for t in treatments]):
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
            for chunk in chunks(said):
                where = f"word IN ({', '.join('?' * len(chunk))})"
                ids += [str(r[1]) for r in self._select("terms", where, tuple(chunk))]
            terms: list[m.Term] = self._some("glossary", ids)
            cited = [s.id for s in kb.sources] + m.source_ids(terms)
            sources: list[m.Source] = self._some("sources", cited)
            return dataclasses.replace(kb, glossary=terms, sources=sources)

        return self._checked(read)


def from_knowledge_base(kb: m.KnowledgeBase, path: str = "<memory>") -> KB:
    """An in-memory store for a knowledge base that is already validated (tests, no cache)."""

    from netcli.knowledge.tables import build

    def make() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        build(conn, kb, "")
        return conn

    return KB(make(), make, path)

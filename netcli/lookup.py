"""The lookup commands' core: one function per command, each returning one result object.

No printing here: the CLI hands these results to a renderer (terminal or JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netcli.errors import UsageError
from netcli.knowledge import model as m
from netcli.knowledge.model import is_stale
from netcli.knowledge.store import KB, Hit, Meta


@dataclass
class Ref:
    id: str
    name: str


@dataclass
class References:
    """The sources a view cites, numbered in order of first use, and freshness as of a date."""

    sources: list[m.Source]
    as_of: dt.date

    def number(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def rests_only_on_stale(self) -> bool:
        """True when every patient page behind the view is past its review date."""
        pages = [s for s in self.sources if s.kind == "patient-page"]
        return bool(pages) and all(is_stale(s, self.as_of) for s in pages)


@dataclass
class DrugResult:
    drug: m.Drug
    treatments: list[Ref]
    references: References
    terms: list[m.Term] = field(default_factory=list)


@dataclass
class TreatmentResult:
    treatment: m.Treatment
    drugs: list[Ref]
    part_of: Ref | None
    parts: list[Ref]
    references: References
    terms: list[m.Term] = field(default_factory=list)
    principles: list[m.Principle] = field(default_factory=list)


@dataclass
class SiteResult:
    site: m.Site
    treatments: list[Ref]
    references: References
    terms: list[m.Term] = field(default_factory=list)


@dataclass
class TopicResult:
    topic: m.Topic
    references: References


@dataclass
class SourceResult:
    source: m.Source
    cited_by: list[m.Source]
    cites: list[m.Source]
    as_of: dt.date


@dataclass
class SourcesResult:
    sources: list[m.Source]
    as_of: dt.date
    stale_only: bool


@dataclass
class GlossaryResult:
    terms: list[m.Term]
    references: References
    query: str | None = None


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]


@dataclass
class ListResult:
    section: str
    items: list[tuple[str, str, list[str]]]  # id, name, aliases


@dataclass
class KBInfo:
    meta: Meta
    stale: list[m.Source]
    as_of: dt.date


def references(kb: KB, records: Iterable[Any], as_of: dt.date) -> References:
    ids = list(dict.fromkeys(i for r in records for i in m.source_ids(r)))
    return References([kb.get("sources", i) for i in ids], as_of)


def _terms(kb: KB, ids: list[str]) -> list[m.Term]:
    return [kb.get("glossary", i) for i in dict.fromkeys(ids)]


def drug(kb: KB, name: str, as_of: dt.date) -> DrugResult:
    record: m.Drug = kb.resolve("drugs", name)
    used = kb.used_by(record.id)
    return DrugResult(
        record,
        [Ref(t.id, t.name) for t in used],
        references(kb, [record], as_of),
        _terms(kb, record.terms),
    )


def treatment(kb: KB, name: str, as_of: dt.date) -> TreatmentResult:
    record: m.Treatment = kb.resolve("treatments", name)
    drugs = [kb.get("drugs", d) for d in dict.fromkeys(use.drug for use in record.drugs)]
    part_of = kb.get("treatments", record.part_of) if record.part_of else None
    parts = kb.parts(record.id)
    principles = m.applied_principles(record, kb.all("principles"))
    return TreatmentResult(
        record,
        [Ref(d.id, d.name) for d in drugs],
        Ref(part_of.id, part_of.name) if part_of else None,
        [Ref(t.id, t.name) for t in parts],
        references(kb, [record, *principles], as_of),
        _terms(kb, record.terms),
        principles,
    )


def site(kb: KB, name: str, as_of: dt.date) -> SiteResult:
    record: m.Site = kb.resolve("sites", name)
    treatments = [kb.get("treatments", t.treatment) for t in record.treatments]
    return SiteResult(
        record,
        [Ref(t.id, t.name) for t in treatments],
        references(kb, [record], as_of),
        _terms(kb, record.terms),
    )


def topic(kb: KB, name: str, as_of: dt.date) -> TopicResult:
    record: m.Topic = kb.resolve("topics", name)
    return TopicResult(record, references(kb, [record], as_of))


def source(kb: KB, name: str, as_of: dt.date) -> SourceResult:
    record: m.Source = kb.resolve("sources", name)
    cited_by = [kb.get("sources", i) for i in record.cited_by]
    return SourceResult(record, cited_by, kb.cited_by(record.id), as_of)


def sources(kb: KB, as_of: dt.date, stale_only: bool = False) -> SourcesResult:
    everything: list[m.Source] = kb.all("sources")
    if stale_only:
        everything = [s for s in everything if is_stale(s, as_of)]
    return SourcesResult(everything, as_of, stale_only)


def glossary(kb: KB, term: str | None, as_of: dt.date) -> GlossaryResult:
    terms: list[m.Term] = [kb.resolve("glossary", term)] if term is not None else kb.all("glossary")
    return GlossaryResult(terms, references(kb, terms, as_of), term)


def search(kb: KB, text: str) -> SearchResult:
    if not text.strip():
        raise UsageError("Give some text to search for, for example: netcli search liver")
    return SearchResult(text, kb.search(text))


LIST_KINDS = {
    "drugs": "drugs",
    "treatments": "treatments",
    "sites": "sites",
    "sources": "sources",
    "glossary": "glossary",
    "topics": "topics",
}


def listing(kb: KB, kind: str) -> ListResult:
    section = LIST_KINDS[kind]
    records = kb.all(section)
    items = []
    for r in records:
        name = r.term if isinstance(r, m.Term) else (r.title if isinstance(r, m.Source) else r.name)
        items.append((r.id, name, [a.name for a in getattr(r, "aliases", [])]))
    return ListResult(section, items)


def info(kb: KB, as_of: dt.date) -> KBInfo:
    stale = [s for s in kb.all("sources") if is_stale(s, as_of)]
    return KBInfo(kb.meta, stale, as_of)

"""The lookup commands' core: one function per command, each returning one result object.

No printing here: the CLI hands these results to a renderer (terminal or JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from netcli.errors import NotFoundError, Pointer, SameRecordError, UsageError
from netcli.knowledge import model as m
from netcli.knowledge.cache import verified_counts
from netcli.knowledge.index import KB, Hit, Meta
from netcli.knowledge.kinds import NAMED
from netcli.knowledge.model import is_stale
from netcli.records import dataclass
from netcli.sidebyside import Column, Row, Twin, layout, twins
from netcli.text import fold_words


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
    # The treatment's rules, each reason once (``sidebyside.twins``): every view shows these.
    offered_when: list[Twin] = field(default_factory=list)
    not_suitable_when: list[Twin] = field(default_factory=list)
    done_when: list[Twin] = field(default_factory=list)


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
class CompareResult:
    """Treatments side by side: each one's record, and one numbering of all their sources."""

    treatments: list[TreatmentResult]
    references: References
    # The answers in plain words, to say when a limit holds ("If it is a NEC: ...").
    plain_answers: list[m.PlainAnswer] = field(default_factory=list)
    # The grid: one row per question a person asks, one cell per treatment (``sidebyside``).
    rows: list[Row] = field(default_factory=list)


@dataclass
class AboutResult:
    """What netcli is, from the knowledge base: its ``about`` section, the pages and how current
    they are, the sites the pages barely describe, and the questions to ask about what is not
    covered."""

    about: m.About | None
    version: str
    date: dt.date
    pages: list[m.Source]
    cited: list[m.Source]  # the guidelines and papers the pages cite
    little: list[m.Site]
    ask: dict[str, m.AskTemplate]
    references: References  # the pages first, then anything else the text cites
    disclaimer: str


@dataclass
class KBInfo:
    meta: Meta
    stale: list[m.Source]
    as_of: dt.date


@dataclass
class Validated:
    """A knowledge-base file that passed validation, and how many records of some kinds it has."""

    path: str
    counts: dict[str, int]


@dataclass
class Schema:
    """The JSON Schema of the knowledge-base file."""

    schema: dict[str, Any]


@dataclass
class Choices:
    """A name that finds several records of one kind (the views say how to open each)."""

    query: str
    section: str  # "treatments"
    matches: list[Pointer]
    elsewhere: list[Pointer] = field(default_factory=list)


def elsewhere(kb: KB, section: str, name: str) -> list[Pointer]:
    """Records of the other kinds that the name finds exactly: "PRRT is a treatment"."""
    out = []
    for other in NAMED:
        if other.section == section:
            continue
        record_id = kb.exact(other.section, name)
        if record_id is not None:
            out.append(Pointer(other.section, record_id, name))
    return out


def find(kb: KB, section: str, name: str) -> Any:
    """The record a name finds, or ``Choices`` when it finds several, or NotFoundError.

    In order: a name, alias, id or answer word that is the same once folded (``text.fold``);
    else every record whose names hold all the typed words, whole or as part of a longer word
    (one opens, several are listed); else the error says which other kinds know the name, the
    close names, and where the sources mention the words."""
    record_id = kb.exact(section, name)
    if record_id is not None:
        return kb.get(section, record_id)
    found = kb.matches(section, name)
    if len(found) == 1:
        return kb.get(section, found[0][0])
    if found:
        return Choices(
            name,
            section,
            [Pointer(section, i, shown) for i, shown in found],
            elsewhere(kb, section, name),
        )
    hints = elsewhere(kb, section, name)
    suggestions = kb.suggest(section, name) if not hints else []
    mentions: list[Pointer] = []
    if not hints and not suggestions and len(name) <= 200:
        mentions = [Pointer(h.section, h.id, h.name) for h in kb.search(name)[:5]]
    raise NotFoundError(section, name, suggestions, elsewhere=hints, mentions=mentions)


def references(kb: KB, records: Iterable[Any], as_of: dt.date) -> References:
    ids = list(dict.fromkeys(i for r in records for i in m.source_ids(r)))
    return References([kb.get("sources", i) for i in ids], as_of)


def _terms(kb: KB, ids: list[str]) -> list[m.Term]:
    return [kb.get("glossary", i) for i in dict.fromkeys(ids)]


def drug(kb: KB, name: str, as_of: dt.date) -> DrugResult | Choices:
    record = find(kb, "drugs", name)
    if isinstance(record, Choices):
        return record
    used = kb.used_by(record.id)
    return DrugResult(
        record,
        [Ref(t.id, t.name) for t in used],
        references(kb, [record], as_of),
        _terms(kb, record.terms),
    )


def treatment(kb: KB, name: str, as_of: dt.date) -> TreatmentResult | Choices:
    record = find(kb, "treatments", name)
    if isinstance(record, Choices):
        return record
    drugs = [kb.get("drugs", d) for d in dict.fromkeys(use.drug for use in record.drugs)]
    part_of = kb.get("treatments", record.part_of) if record.part_of else None
    parts = kb.parts(record.id)
    principles = m.applied_principles(record, kb.all("principles"), situational=False)
    return TreatmentResult(
        record,
        [Ref(d.id, d.name) for d in drugs],
        Ref(part_of.id, part_of.name) if part_of else None,
        [Ref(t.id, t.name) for t in parts],
        references(kb, [record, *principles], as_of),
        _terms(kb, record.terms),
        principles,
        twins(record.offered_when),
        twins(record.not_suitable_when),
        twins(record.done_when),
    )


COMPARE_MAX = 3


def compare(kb: KB, names: list[str], as_of: dt.date) -> CompareResult:
    """Two or three treatments (up to COMPARE_MAX), each found as ``netcli treatment`` finds it,
    side by side."""
    found: list[TreatmentResult] = []
    for name in names:
        result = treatment(kb, name, as_of)
        if isinstance(result, Choices):  # a name that finds several: say which, to pick one
            raise UsageError(
                f"{name!r} finds {len(result.matches)} treatments; compare needs one each.",
                hint="Give one of: " + "; ".join(p.name for p in result.matches) + ".",
            )
        found.append(result)
    seen: dict[str, str] = {}
    for name, result in zip(names, found, strict=True):
        record = result.treatment
        if record.id in seen:
            raise SameRecordError("treatments", seen[record.id], name, record.name)
        seen[record.id] = name
    records = [r.treatment for r in found] + [p for r in found for p in r.principles]
    refs = references(kb, records, as_of)
    columns = [
        Column(
            r.treatment,
            r.principles,
            {d.id: d.name for d in r.drugs},
            sorted(r.references.sources, key=lambda s: refs.number(s.id)),
        )
        for r in found
    ]
    plain = kb.meta.plain_answers
    return CompareResult(found, refs, plain, layout(columns, plain))


def site(kb: KB, name: str, as_of: dt.date) -> SiteResult | Choices:
    record = find(kb, "sites", name)
    if isinstance(record, Choices):
        return record
    treatments = [kb.get("treatments", t.treatment) for t in record.treatments]
    return SiteResult(
        record,
        [Ref(t.id, t.name) for t in treatments],
        references(kb, [record], as_of),
        _terms(kb, record.terms),
    )


def topic(kb: KB, name: str, as_of: dt.date) -> TopicResult | Choices:
    record = find(kb, "topics", name)
    if isinstance(record, Choices):
        return record
    return TopicResult(record, references(kb, [record], as_of))


def source(kb: KB, name: str, as_of: dt.date) -> SourceResult | Choices:
    record = find(kb, "sources", name)
    if isinstance(record, Choices):
        return record
    cited_by = [kb.get("sources", i) for i in record.cited_by]
    return SourceResult(record, cited_by, kb.cites(record.id), as_of)


def sources(kb: KB, as_of: dt.date, stale_only: bool = False) -> SourcesResult:
    everything: list[m.Source] = kb.all("sources")
    if stale_only:
        everything = [s for s in everything if is_stale(s, as_of)]
    return SourcesResult(everything, as_of, stale_only)


def glossary(kb: KB, term: str | None, as_of: dt.date) -> GlossaryResult | Choices:
    """One term, or every term in alphabetical order (ignoring case)."""
    if term is None:
        terms: list[m.Term] = sorted(kb.all("glossary"), key=lambda t: (t.term.casefold(), t.term))
    else:
        record = find(kb, "glossary", term)
        if isinstance(record, Choices):
            return record
        terms = [record]
    return GlossaryResult(terms, references(kb, terms, as_of), term)


# The longest word a search takes: longer than any word of a knowledge base worth looking for,
# and far below what SQLite takes as a pattern (a 50,000-letter word was "pattern too complex").
MAX_SEARCH_WORD = 100


def search(kb: KB, text: str) -> SearchResult:
    """Every record that mentions the words (none for no words); a word longer than
    MAX_SEARCH_WORD letters is a usage error."""
    longest = max((len(w) for w in fold_words(text).split()), default=0)
    if longest > MAX_SEARCH_WORD:
        raise UsageError(
            f"A word of the search text is {longest:,} letters long; search takes words of at "
            f"most {MAX_SEARCH_WORD}.",
            hint="Search for a few words, for example: netcli search liver",
        )
    return SearchResult(text, kb.search(text))


# What `netcli list` takes: each kind found by name, by its list name.
LISTS = {k.listed: k for k in NAMED if k.listed}


def listing(kb: KB, listed: str) -> ListResult:
    kind = LISTS[listed]
    items = [
        (r.id, kind.display_name(r), [a.name for a in getattr(r, "aliases", [])])
        for r in kb.all(kind.section)
    ]
    if kind.section == "glossary":  # alphabetical (ignoring case), as `netcli glossary` lists it
        items.sort(key=lambda item: (item[1].casefold(), item[1]))
    return ListResult(kind.section, items)


def about(kb: KB, as_of: dt.date) -> AboutResult:
    meta = kb.meta
    everything: list[m.Source] = kb.all("sources")
    pages = [s for s in everything if s.kind == "patient-page"]
    little = [s for s in kb.all("sites") if s.coverage == "little"]
    gaps = meta.about.not_covered if meta.about else []
    cited_here = [*gaps, *(s.coverage_note for s in little if s.coverage_note)]
    ids = [s.id for s in pages] + [i for r in cited_here for i in m.source_ids(r)]
    numbered = References([kb.get("sources", i) for i in dict.fromkeys(ids)], as_of)
    return AboutResult(
        about=meta.about,
        version=meta.version,
        date=meta.date,
        pages=pages,
        cited=[s for s in everything if s.kind != "patient-page"],
        little=little,
        ask={a.id: a for a in kb.all("ask")},
        references=numbered,
        disclaimer=meta.disclaimer,
    )


def info(kb: KB, as_of: dt.date) -> KBInfo:
    stale = [s for s in kb.all("sources") if is_stale(s, as_of)]
    return KBInfo(kb.meta, stale, as_of)


# The sections whose records `kb validate` counts, in the order it says them.
VALIDATE_COUNTS = ("treatments", "drugs", "sites", "glossary", "sources", "questions")


def validated(path: Path) -> Validated:
    """Check a knowledge-base file: InvalidDataError lists every problem it has.

    A cache built from exactly these bytes holds what validating them found, so the file is not
    validated again."""
    known = verified_counts(path)
    if known is None or not set(VALIDATE_COUNTS) <= set(known):
        from netcli.knowledge.load import load_file
        from netcli.knowledge.validate import validate  # pydantic, only when it is needed

        kb = validate(load_file(path, str(path)), str(path))
        known = {k: len(getattr(kb, k)) for k in VALIDATE_COUNTS}
    return Validated(str(path), {k: known[k] for k in VALIDATE_COUNTS})


def schema() -> Schema:
    from netcli.knowledge.validate import json_schema  # pydantic, only for this command

    return Schema(json_schema())

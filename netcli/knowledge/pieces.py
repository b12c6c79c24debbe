"""The pieces the knowledge base's records are made of: the fixed values their fields take, a
statement with its sources, a source, a rule over the answers (and what it accepts of the
tumour), an aim, a wording, a position where pages differ; and the plain functions over them.

``model`` builds the records from these and names them all (``m.Statement``, ``m.Rule``, ...), so
that code reads every record type from one place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import field
from typing import Any, Literal

from netcli.records import dataclass

# The answer that every question takes besides its choices: not known (yet).
UNSURE = "unsure"

# A plain dict, not pydantic's ConfigDict, so that importing this module does not import pydantic.
_STRICT = {"extra": "forbid", "strict": True}

SourceKind = Literal[
    "patient-page", "guideline", "consensus", "review", "appraisal", "paper", "reference-database"
]
Category = Literal[
    "surgery", "liver-directed", "drug", "radiotherapy", "symptom-control", "trials-and-other"
]
Goal = Literal["cure", "control", "destroy-cells", "symptom-relief", "quality-of-life", "support"]
AliasKind = Literal[
    "brand", "abbreviation", "spelling", "other-name", "old-name", "lay-name", "plural"
]
SiteGroup = Literal["kind", "site"]
# The page's two surgical approaches: potentially curative (all of it can be removed) and
# palliative (it can't); a principle may apply to every treatment of one intent.
Intent = Literal["curative", "palliative"]
# How strongly or how rarely a page words an option, shown next to it.
WordingLevel = Literal[
    "likely", "usually", "often", "most-doctors", "sometimes", "less-common", "rare"
]
Coverage = Literal["detailed", "some", "little"]
# The five questions a person asks of every option, in the one order every view shows them: what
# it is, what it involves, what it may do for you, what it may cost you, how often it is used.
RowKey = Literal["what", "involves", "may_do", "may_cost", "how_often"]
ROW_KEYS: tuple[RowKey, ...] = ("what", "involves", "may_do", "may_cost", "how_often")

# Where a statement rests on a cited guideline as well as on a page, both ids are listed.


@dataclass
class Statement:
    """One fact in our own words, with the sources it rests on (at least one)."""

    text: str
    sources: list[str]
    __pydantic_config__ = _STRICT


@dataclass
class Alias:
    """Another name for a record: a brand, an abbreviation, another spelling, an old name.

    ``not_in_pages``: a name the pages don't use (the brand on a patient's box), kept so that it
    finds the record; it then cites no source, and every view says where it comes from."""

    name: str
    kind: AliasKind
    sources: list[str] = field(default_factory=list)
    not_in_pages: bool = False
    __pydantic_config__ = _STRICT


@dataclass
class Source:
    """A page or a reference that a page cites."""

    id: str
    kind: SourceKind
    title: str
    publisher: str | None = None
    authors: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    last_reviewed: dt.date | None = None
    next_review_due: dt.date | None = None
    last_revised: dt.date | None = None
    cited_by: list[str] = field(default_factory=list)
    file: str | None = None
    url: str | None = None
    note: str | None = None
    __pydantic_config__ = _STRICT


@dataclass
class Rule:
    """A situation over the questionnaire's answers: every key must match one of its values.

    ``team_question`` is a condition that no answer settles (only the team's word does): a rule
    with one is at best "not known yet". ``differs_from`` (on a not-suitable rule) names the pages
    that offer the option where this page's limit holds: the option then shows that the sources
    differ instead of being ruled out.

    ``if_known`` (on a not-suitable rule with a team question, such as one over what has been
    done) makes the rule hold only on known answers: a treatment the pages give as a first treatment
    depends on the team once it is known to have come back, not while the history is not known.
    Its team question asks whether the option may still be had there, so a yes says it may fit.
    """

    when: dict[str, list[str]]
    why: str
    sources: list[str]
    team_question: str | None = None
    differs_from: list[str] = field(default_factory=list)
    if_known: bool = False
    __pydantic_config__ = _STRICT


@dataclass
class Principle:
    """A limit that holds across treatments, stated once with the sentence it rests on.

    It applies to every treatment that lists it in ``principles``, and to every treatment whose
    ``intent`` is ``for_intent``.
    """

    id: str
    name: str
    says: Statement
    not_suitable_when: list[Rule] = field(default_factory=list)
    for_intent: Intent | None = None
    # When one of these holds (an operation removed it and it has not come back), an option the
    # pages give only for a NET that is still there is shown under "If it comes back".
    later_when: list[Rule] = field(default_factory=list)
    # The answers those options are then judged as if given (it has come back).
    later_reads: dict[str, list[str]] = field(default_factory=dict)
    # A principle about one situation (Merkel cell carcinoma): a treatment's card does not list
    # it, and explore applies and lists it only where the answers do not rule that situation out.
    shown_when: dict[str, list[str]] = field(default_factory=dict)
    __pydantic_config__ = _STRICT


@dataclass
class Component:
    """A part of an option that the engine sees: shown when its own rule holds (or may hold).

    Its own ``not_suitable_when`` limits work as a treatment's do: a limit that holds hides the
    part, unless the limit names pages that differ (``differs_from``) and one of those pages
    offers the part: then the part is shown as "sources-differ".
    """

    id: str
    name: str
    offered_when: list[Rule]
    not_suitable_when: list[Rule] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Wording:
    """How strongly or how rarely a page words an option ("only for a very small number")."""

    level: WordingLevel
    text: str
    sources: list[str]
    __pydantic_config__ = _STRICT


@dataclass
class DrugUse:
    """A drug that a treatment uses, with the source that names it for that treatment."""

    drug: str
    sources: list[str]
    note: str | None = None
    # The situation the naming page speaks of (a page about one site): outside it, ``explore``
    # does not list the drug for that treatment. The lookups list every use, with its page.
    when: dict[str, list[str]] = field(default_factory=dict)
    __pydantic_config__ = _STRICT


@dataclass
class Aim:
    """What a treatment is for. ``when`` (answer key -> values) marks an aim a page states for one
    situation only: an explore result leaves it out when a known answer rules that out.
    ``unless`` leaves it out where one entry holds: every key answered (as the rules read them)
    only with its listed values, ``unsure`` counting where it is listed ("well enough for
    surgery" is not said after an operation that removed it)."""

    goal: Goal
    sources: list[str]
    text: str | None = None
    when: dict[str, list[str]] = field(default_factory=dict)
    unless: list[dict[str, list[str]]] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class After:
    """What a page says follows a treatment once it has been had (or that the pages say nothing of
    it). ``when`` works as an aim's does: left out once a known answer rules that situation out."""

    text: str
    sources: list[str]
    when: dict[str, list[str]] = field(default_factory=dict)
    __pydantic_config__ = _STRICT


@dataclass
class Position:
    says: str
    sources: list[str]
    __pydantic_config__ = _STRICT


@dataclass
class Disagreement:
    """Where the sources differ: every position is kept with its sources. ``when`` marks one
    about a situation (a stomach NET that has spread), as an aim's does: ``explore`` shows it
    only where the answers leave that situation standing (not sure keeps it); a record's own
    card shows it always."""

    topic: str
    positions: list[Position]
    when: dict[str, list[str]] = field(default_factory=dict)
    __pydantic_config__ = _STRICT


@dataclass
class SetAside:
    """A treatment described only for another kind or site of tumour than the answers describe
    (``key``: see ``not_for_tumour``): explore counts it instead of listing it (``--all`` lists
    it)."""

    id: str
    name: str
    key: str


# The answers that say which tumour it is: its kind (NET, NEC) and the site where it started.
TUMOUR_KEYS = ("kind", "site")
# Why an option is for another tumour (``not_for_tumour``), and the answers each reason names.
NOT_FOR_TUMOUR = {"kind": ("kind",), "site": ("site",), "kind-or-site": ("kind", "site")}


def tumour_reach(rules: list[Rule]) -> list[dict[str, list[str]]]:
    """What each rule accepts of the tumour's kind and site (a key it does not name: anything).
    The cache keeps it per treatment, so that explore can leave unread what cannot apply."""
    return [{k: list(r.when[k]) for k in TUMOUR_KEYS if k in r.when} for r in rules]


def not_for_tumour(
    reach: list[dict[str, list[str]]], answers: dict[str, tuple[str, ...]]
) -> str | None:
    """Why no rule of ``reach`` can hold for the tumour the answers (as the rules read them)
    describe: "kind" when each rule accepts another kind, "site" when each accepts another site
    (and this kind), "kind-or-site" when some accept another kind and the others another site;
    None when some rule may still hold (or there is none). An answer of unsure rules nothing
    out."""
    if not reach:
        return None
    given = {k: set(v) for k in TUMOUR_KEYS if UNSURE not in (v := answers.get(k, (UNSURE,)))}
    failed: list[str] = []
    for accepts in reach:
        why = next((k for k, v in given.items() if k in accepts and not v & set(accepts[k])), None)
        if why is None:
            return None
        failed.append(why)
    kinds = set(failed)
    return failed[0] if len(kinds) == 1 else "kind-or-site"


def source_ids(obj: Any) -> list[str]:
    """Every source id cited anywhere in a record, in order (with repeats)."""
    out: list[str] = []
    _collect_sources(obj, out)
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _collect_sources(obj: Any, out: list[str]) -> None:
    if isinstance(obj, list):
        for item in obj:
            if not isinstance(item, str):
                _collect_sources(item, out)
        return
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        if not dataclasses.is_dataclass(obj):
            return
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
    for name in names:
        value = getattr(obj, name)
        if name == "sources" and isinstance(value, list):
            out.extend(value)
        elif not isinstance(value, str | int | dt.date | None):
            _collect_sources(value, out)


def is_stale(source: Source, as_of: dt.date) -> bool:
    """Whether a source's next review date has passed."""
    return source.next_review_due is not None and source.next_review_due < as_of

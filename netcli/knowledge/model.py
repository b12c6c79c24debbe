"""The typed records of the knowledge base.

Plain dataclasses, so that a cached knowledge base loads without pydantic (and not frozen, which
costs import time on every run). Pydantic validates them strictly (no coercion, no unknown keys)
through ``__pydantic_config__``; see ``validate.py``.
Checks that span records (references, ids, aliases, non-empty sources) live in ``validate.py`` too.
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
Goal = Literal["cure", "control", "symptom-relief", "quality-of-life", "support"]
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
    """

    when: dict[str, list[str]]
    why: str
    sources: list[str]
    team_question: str | None = None
    differs_from: list[str] = field(default_factory=list)
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
    __pydantic_config__ = _STRICT


@dataclass
class Aim:
    """What a treatment is for. ``when`` (answer key -> values) marks an aim a page states for one
    situation only: an explore result leaves it out when a known answer rules that out."""

    goal: Goal
    sources: list[str]
    text: str | None = None
    when: dict[str, list[str]] = field(default_factory=dict)
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
    """Where the sources differ: every position is kept with its sources."""

    topic: str
    positions: list[Position]
    __pydantic_config__ = _STRICT


@dataclass
class Drug:
    id: str
    name: str
    drug_class: Statement
    how_it_works: list[Statement]
    sources: list[str]
    aliases: list[Alias] = field(default_factory=list)
    caveats: list[Statement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Treatment:
    id: str
    name: str
    category: Category
    aim: list[Aim]
    about: list[Statement]
    sources: list[str]
    aliases: list[Alias] = field(default_factory=list)
    drugs: list[DrugUse] = field(default_factory=list)
    offered_when: list[Rule] = field(default_factory=list)
    not_suitable_when: list[Rule] = field(default_factory=list)
    caveats: list[Statement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    part_of: str | None = None
    intent: Intent | None = None
    principles: list[str] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    wording: list[Wording] = field(default_factory=list)
    # When a page says it may be needed straight away: the views show it first, never as advice.
    urgent_when: list[Rule] = field(default_factory=list)
    # When the answers say it has been had already (an operation that removed it, somatostatin
    # analogues): shown as done, with each holding rule's words and what ``after`` says follows.
    done_when: list[Rule] = field(default_factory=list)
    after: list[After] = field(default_factory=list)
    # What having it involves (where, how, how long, recovery) and what it may cost you (risks,
    # side effects, what it rules out), as far as the pages say.
    involves: list[Statement] = field(default_factory=list)
    may_cost: list[Statement] = field(default_factory=list)
    # For each of the five rows (ROW_KEYS) that the pages leave open, or only partly answer: the
    # question to ask the team. Validation holds every row to a statement or a question.
    not_said: dict[RowKey, str] = field(default_factory=dict)
    __pydantic_config__ = _STRICT


@dataclass
class TreatmentMention:
    treatment: str
    sources: list[str]
    note: str | None = None
    __pydantic_config__ = _STRICT


@dataclass
class Site:
    """A tumour type: a kind (NET, NEC) or a site of the body where one starts."""

    id: str
    name: str
    group: SiteGroup
    about: list[Statement]
    coverage: Coverage
    sources: list[str]
    aliases: list[Alias] = field(default_factory=list)
    answer_values: list[str] = field(default_factory=list)
    coverage_note: Statement | None = None
    coverage_note_when: dict[str, list[str]] = field(default_factory=dict)  # as a note_when
    treatments: list[TreatmentMention] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Term:
    """A glossary entry."""

    id: str
    term: str
    definition: list[Statement]
    sources: list[str]
    aliases: list[Alias] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Topic:
    """A general fact the pages give outside any one treatment: the team, decision factors."""

    id: str
    name: str
    statements: list[Statement]
    sources: list[str]
    aliases: list[Alias] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Conflict:
    """Answers that an answer contradicts: every key of ``when`` is answered with one of its
    values ("No treatment yet" with "It has come back"). Such answers are refused, with ``why``."""

    when: dict[str, list[str]]
    why: str
    sources: list[str]
    __pydantic_config__ = _STRICT


@dataclass
class Choice:
    """One answer to a question. ``unknown`` marks an answer that means "not known yet" (a scan
    not done): rules treat it like "unsure". ``alone`` marks an answer that is given on its own
    ("It has not spread"). ``note`` is shown whenever this answer is given."""

    value: str
    label: str
    unknown: bool = False
    alone: bool = False  # an answer that cannot go with the others ("It has not spread")
    note: Statement | None = None
    # The note is left out once a known answer rules this situation out (a note on grade 3 NETs,
    # not shown for a NEC).
    note_when: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Question:
    """One question of the questionnaire; its id is the answer key."""

    id: str
    text: str
    help: str
    choices: list[Choice]
    sources: list[str]
    multiple: bool = False
    ask_when: dict[str, list[str]] = field(default_factory=dict)
    # Not asked when any of these holds (every key answered with one of its values): no "could an
    # operation remove all of it" about a tumour an operation has removed.
    skip_when: list[dict[str, list[str]]] = field(default_factory=list)
    unsure_label: str = "Not sure"
    settled_by: Statement | None = None
    # The answer the rules read when ``ask_when`` leaves the question unasked and no answer was
    # given: with no earlier treatment, it has not come back after earlier treatment.
    not_asked_means: str | None = None
    # A few plain words for what the question is about ("fitness for surgery"), used where a
    # view names it briefly (an option "depends on fitness").
    topic: str | None = None
    __pydantic_config__ = _STRICT


@dataclass
class AskTemplate:
    """A question a person might ask their team, shown when its condition holds."""

    id: str
    text: str
    sources: list[str]
    for_treatments: list[str] = field(default_factory=list)
    when_unsure: list[str] = field(default_factory=list)
    when_done: list[str] = field(default_factory=list)  # treatment ids: asked when one is done
    always: bool = False
    # Not asked when one of these holds: every key answered, and only with its listed values (no
    # "what grade is it?" after "grade 1", no "if it has come back" after "it has not").
    unless: list[dict[str, list[str]]] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class Gap:
    """Something netcli does not cover because the pages say little or nothing of it, with the
    questions to ask the team instead (ids of ``ask`` templates)."""

    topic: str
    text: str
    sources: list[str]
    ask: list[str] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class About:
    """What netcli says about itself (``netcli about``): project facts, kept in the data so that
    the code states none. Where the project records nothing (funding), the text says so."""

    made_by: str
    why: str
    content: str
    review: str
    medical_device: str
    funding: str
    not_covered: list[Gap] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class PlainAnswer:
    """How the summary states one question's answers in plain words ("It has spread to the
    liver"), never as quiz text or keys: one sentence per choice, and one for "not sure"."""

    question: str
    says: dict[str, str]
    unsure: str
    __pydantic_config__ = _STRICT


@dataclass
class SpeaksTo:
    """Which options speak to one priority of the last step (a ``matters`` value): those whose
    stated aims include one of ``goals``, and the ``treatments`` that are that priority (clinical
    trials for hearing about trials). ``ask`` is said when no option shown speaks to it."""

    matter: str
    goals: list[Goal] = field(default_factory=list)
    treatments: list[str] = field(default_factory=list)
    ask: str | None = None
    __pydantic_config__ = _STRICT


@dataclass
class Reflection:
    """The wizard's optional last step: what matters most to the person, in choices written from
    the pages' own aims plus their own words, and how ready they feel to decide (in the spirit of
    the SURE test). The answers go into the result as things to discuss; they change no option."""

    intro: str
    matters: Question
    own_words: str  # the prompt for the person's own words (optional free text)
    ready: list[Question]  # yes/no questions
    not_ready: Statement  # said when a readiness answer is not "yes"
    # The role the person wants in deciding (decide myself, share, leave it to the team).
    role: Question | None = None
    # For each priority, which options speak to it (shown, never ranked).
    speaks_to: list[SpeaksTo] = field(default_factory=list)
    __pydantic_config__ = _STRICT


@dataclass
class KnowledgeBase:
    """The whole knowledge base as written in ``data/treatments.yaml``."""

    version: str
    date: dt.date
    disclaimer: str
    sources: list[Source]
    questions: list[Question]
    treatments: list[Treatment]
    drugs: list[Drug]
    sites: list[Site]
    glossary: list[Term]
    topics: list[Topic] = field(default_factory=list)
    ask: list[AskTemplate] = field(default_factory=list)
    notes: list[Statement] = field(default_factory=list)
    principles: list[Principle] = field(default_factory=list)
    about: About | None = None
    reflection: Reflection | None = None
    plain_answers: list[PlainAnswer] = field(default_factory=list)
    __pydantic_config__ = _STRICT


def applied_principles(
    treatment: Treatment, principles: list[Principle], *, situational: bool = True
) -> list[Principle]:
    """The principles that apply to a treatment: those it lists, and those of its intent.
    ``situational=False`` leaves out those about one situation (``shown_when``): a card that
    knows no answers does not list them."""
    return [
        p
        for p in principles
        if (p.id in treatment.principles or (p.for_intent and p.for_intent == treatment.intent))
        and (situational or not p.shown_when)
    ]


@dataclass
class OptionRow:
    """One of the five rows of an option: what the pages say, and, where they don't say (or not
    all of it), the question to ask the team."""

    key: RowKey
    says: list[Statement]
    ask: str | None = None


def option_rows(treatment: Treatment, aims: list[Aim] | None = None) -> list[OptionRow]:
    """The five rows of an option, in ROW_KEYS order. ``aims`` replaces the treatment's own
    aims (an explore result leaves out the aims that the answers rule out)."""
    goals = treatment.aim if aims is None else aims
    says: dict[RowKey, list[Statement]] = {
        "what": treatment.about,
        "involves": treatment.involves,
        # An aim with no words of its own stands as its goal (the views word it).
        "may_do": [Statement(a.text or a.goal, a.sources) for a in goals],
        "may_cost": treatment.may_cost,
        "how_often": [Statement(w.text, w.sources) for w in treatment.wording],
    }
    return [OptionRow(k, says[k], treatment.not_said.get(k)) for k in ROW_KEYS]


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


Record = Source | Treatment | Drug | Site | Term | Topic


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

"""The typed records of the knowledge base (built from the pieces in ``pieces``, which this
module names too, so that every record type is ``m.Something``).

Plain dataclasses, so that a cached knowledge base loads without pydantic (and not frozen, which
costs import time on every run). Pydantic validates them strictly (no coercion, no unknown keys)
through ``__pydantic_config__``; see ``validate.py``.
Checks that span records (references, ids, aliases, non-empty sources) live in ``validate.py`` too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from netcli.knowledge.pieces import (
    _STRICT,
    NOT_FOR_TUMOUR,
    ROW_KEYS,
    TUMOUR_KEYS,
    UNSURE,
    After,
    Aim,
    Alias,
    AliasKind,
    Category,
    Component,
    Coverage,
    Disagreement,
    DrugUse,
    Goal,
    Intent,
    Position,
    Principle,
    RowKey,
    Rule,
    SetAside,
    SiteGroup,
    Source,
    SourceKind,
    Statement,
    Wording,
    WordingLevel,
    is_stale,
    not_for_tumour,
    source_ids,
    tumour_reach,
)
from netcli.records import dataclass


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
    # Once it has been had (``done_when``): the question to ask instead, about the treatment had
    # and what follows it ("What does recovering from it involve?"), not one still to come.
    not_said_done: dict[RowKey, str] = field(default_factory=dict)
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
    ("It has not spread"). ``note`` is shown whenever this answer is given. ``implies`` answers
    another question left unsure."""

    value: str
    label: str
    unknown: bool = False
    alone: bool = False  # an answer that cannot go with the others ("It has not spread")
    note: Statement | None = None
    # The note is left out once a known answer rules this situation out (a note on grade 3 NETs,
    # not shown for a NEC).
    note_when: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    # The answer this one gives to another question, when that one is left unsure: a NET found
    # when the appendix was taken out is a NET of the appendix (``answers.check`` reads it so).
    implies: dict[str, list[str]] = field(default_factory=dict)
    # What the pages say follows this answer, for what was had that no treatment record stands
    # for (other treatments, working or not): said with what follows the treatments had.
    after: list[After] = field(default_factory=list)
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


def option_rows(
    treatment: Treatment, aims: list[Aim] | None = None, done: bool = False
) -> list[OptionRow]:
    """The five rows of an option, in ROW_KEYS order. ``aims`` replaces the treatment's own
    aims (an explore result leaves out the aims that the answers rule out); ``done``: it has
    been had, and a row left open asks its ``not_said_done`` question."""
    goals = treatment.aim if aims is None else aims
    says: dict[RowKey, list[Statement]] = {
        "what": treatment.about,
        "involves": treatment.involves,
        # An aim with no words of its own stands as its goal (the views word it).
        "may_do": [Statement(a.text or a.goal, a.sources) for a in goals],
        "may_cost": treatment.may_cost,
        "how_often": [Statement(w.text, w.sources) for w in treatment.wording],
    }
    asks = {**treatment.not_said, **treatment.not_said_done} if done else treatment.not_said
    return [OptionRow(k, says[k], asks.get(k)) for k in ROW_KEYS]


Record = Source | Treatment | Drug | Site | Term | Topic

"""The matching engine: answers in, options out, each with the reasons and sources behind it.

All medical logic is in the knowledge base's rules (``offered_when``, ``not_suitable_when``); this
module only reads them. A rule holds when every key matches; an ``unsure`` answer leaves it open,
and the option then says which answer would decide it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from netcli.explore.answers import UNSURE, Answers, label
from netcli.knowledge import model as m

CATEGORY_ORDER = (
    "surgery",
    "liver-directed",
    "drug",
    "radiotherapy",
    "symptom-control",
    "trials-and-other",
)


class State(Enum):
    HOLDS = "holds"
    OPEN = "open"  # some key is unsure and none contradicts
    FAILS = "fails"


@dataclass
class Dependency:
    """What an unsure answer would change for one option."""

    key: str
    question: str
    values: list[str]  # the plain words of the values that would decide it
    effect: str  # "fits" or "not-suitable"
    why: str
    sources: list[str]
    settled_by: m.Statement | None


@dataclass
class Option:
    treatment: m.Treatment
    fit: str  # "matches": a rule holds; "depends": it may fit, depending on unsure answers
    why: list[str]
    why_sources: list[str]
    depends_on: list[Dependency]


@dataclass
class Excluded:
    treatment: m.Treatment
    why: list[str]
    sources: list[str]


@dataclass
class Result:
    answers: Answers
    options: list[Option]
    excluded: list[Excluded]
    notes: list[m.Statement]
    disclaimer: str
    questions: list[m.Question] = field(repr=False)
    drugs: dict[str, m.Drug] = field(repr=False)
    sources: dict[str, m.Source] = field(repr=False)


def evaluate(rule: m.Rule, answers: Answers) -> tuple[State, list[str]]:
    """The rule's state, and the keys that leave it open (or the first key that fails it)."""
    open_keys: list[str] = []
    for key, accepted in rule.when.items():
        given = answers.get(key, (UNSURE,))
        if UNSURE in given:
            open_keys.append(key)
        elif not set(given) & set(accepted):
            return State.FAILS, [key]
    return (State.OPEN, open_keys) if open_keys else (State.HOLDS, [])


def _said(rule: m.Rule, answers: Answers, by_id: dict[str, m.Question]) -> str:
    words = [label(by_id[k], v) for k in rule.when for v in answers[k] if v in rule.when[k]]
    return f"{rule.why} (You said: {'; '.join(words)}.)" if words else rule.why


def _dependencies(
    rule: m.Rule, keys: list[str], effect: str, by_id: dict[str, m.Question]
) -> list[Dependency]:
    return [
        Dependency(
            key=k,
            question=by_id[k].text,
            values=[label(by_id[k], v) for v in rule.when[k]],
            effect=effect,
            why=rule.why,
            sources=rule.sources,
            settled_by=by_id[k].settled_by,
        )
        for k in keys
    ]


def explore(kb: m.KnowledgeBase, answers: Answers) -> Result:
    """The options the sources describe for these answers, and those that do not fit, with why."""
    by_id = {q.id: q for q in kb.questions}
    options: list[Option] = []
    excluded: list[Excluded] = []
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    for treatment in sorted(kb.treatments, key=lambda t: rank.get(t.category, len(rank))):
        if not treatment.offered_when:
            continue  # described for reference only: the sources tie it to no situation
        blocked = [(r, evaluate(r, answers)) for r in treatment.not_suitable_when]
        holding = [r for r, (state, _) in blocked if state is State.HOLDS]
        if holding:
            excluded.append(
                Excluded(
                    treatment,
                    [_said(r, answers, by_id) for r in holding],
                    _unique(s for r in holding for s in r.sources),
                )
            )
            continue
        offered = [(r, evaluate(r, answers)) for r in treatment.offered_when]
        fits = [r for r, (state, _) in offered if state is State.HOLDS]
        maybe = [(r, keys) for r, (state, keys) in offered if state is State.OPEN]
        if not fits and not maybe:
            failed = [(r, keys[0]) for r, (_, keys) in offered]
            excluded.append(
                Excluded(
                    treatment,
                    [
                        f"{r.why} Your answer was: "
                        f"{'; '.join(label(by_id[k], v) for v in answers[k])}."
                        for r, k in failed
                    ],
                    _unique(s for r, _ in failed for s in r.sources),
                )
            )
            continue
        depends: list[Dependency] = []
        if not fits:
            for r, keys in maybe:
                depends += _dependencies(r, keys, "fits", by_id)
        for r, (state, keys) in blocked:
            if state is State.OPEN:
                depends += _dependencies(r, keys, "not-suitable", by_id)
        reasons = fits or [r for r, _ in maybe]
        options.append(
            Option(
                treatment,
                "matches" if fits else "depends",
                [_said(r, answers, by_id) if fits else r.why for r in reasons],
                _unique(s for r in reasons for s in r.sources),
                depends,
            )
        )
    return Result(
        answers=answers,
        options=options,
        excluded=excluded,
        notes=_notes(kb, answers),
        disclaimer=kb.disclaimer,
        questions=kb.questions,
        drugs={d.id: d for d in kb.drugs},
        sources={s.id: s for s in kb.sources},
    )


def option_sources(option: Option) -> list[str]:
    """The sources behind an option: why it may fit first, then the rest of its record."""
    return _unique(
        [
            *option.why_sources,
            *(s for d in option.depends_on for s in d.sources),
            *m.source_ids(option.treatment),
        ]
    )


def result_sources(result: Result) -> list[str]:
    """Every source a result cites, in the order a reader meets them."""
    ids = [s for o in result.options for s in option_sources(o)]
    ids += [s for x in result.excluded for s in x.sources]
    ids += [s for n in result.notes for s in n.sources]
    return _unique(ids)


def _notes(kb: m.KnowledgeBase, answers: Answers) -> list[m.Statement]:
    """The general notes, then what the sources say of the chosen kind and site's coverage."""
    notes = list(kb.notes)
    for site in kb.sites:
        key = "kind" if site.group == "kind" else "site"
        if site.coverage_note and set(answers.get(key, ())) & set(site.answer_values):
            notes.append(site.coverage_note)
    return notes


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

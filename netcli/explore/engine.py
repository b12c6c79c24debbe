"""The matching engine: answers in, options out, each with the reasons and sources behind it.

All medical logic is in the knowledge base: each treatment's own rules (``offered_when``,
``not_suitable_when``), the cross-cutting principles it follows, and its components. This module
only reads them, with three-valued (Kleene) logic:

- every key of a rule is yes, no, or unknown; ``unsure``, a question not asked, and an answer that
  means "not known yet" (``unknown: true`` on its choice, such as a scan not done) are unknown, and
  so is a rule's ``team_question``, which only the team's word settles;
- a rule is no if any key is no, yes if every key is yes, and unknown otherwise;
- an option is **not suitable** when a limit (a principle it follows, or its own not-suitable
  rule) is yes, or when every offering rule is no; it **matches** when an offering rule is yes and
  every limit is no; it **depends** when nothing rules it out for sure but something it needs is
  unknown; and **the sources differ** when one page's limit is yes while another page, named in
  that limit's ``differs_from``, offers it.

Only a known contrary answer ever rules an option out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from enum import Enum
from typing import get_args

from netcli.explore.answers import UNSURE, Answers, label, should_ask
from netcli.explore.fit import (
    DEPENDS,
    DONE,
    LATER,
    MATCHES,
    NOT_SUITABLE,
    SOURCES_DIFFER,
    STILL_DEPENDS,
)
from netcli.knowledge import model as m
from netcli.records import dataclass

CATEGORY_ORDER: tuple[str, ...] = get_args(m.Category)  # the model's order, said once

# The pseudo-key of a rule's team question in ``evaluate``'s open keys.
TEAM = "(team)"


class State(Enum):
    HOLDS = "holds"  # yes
    OPEN = "open"  # unknown: some key is not known and none is no
    FAILS = "fails"  # no


@dataclass
class Effect:
    """What one answer to a question would do to an option."""

    values: list[str]  # the plain words of the values that would do it
    effect: str  # "fits", "not-suitable", "sources-differ" or "still-depends"
    why: str
    sources: list[str]


@dataclass
class Dependency:
    """A question whose answer is not known, and everything its answer would change for one
    option. ``key`` is None for a question only the team can answer (a rule's team question).
    ``values``, ``effect`` and ``why`` are those of the first effect; ``effects`` lists all."""

    key: str | None
    question: str
    values: list[str]
    effect: str
    why: str
    sources: list[str]
    settled_by: m.Statement | None
    effects: list[Effect] = field(default_factory=list)


@dataclass
class Reason:
    """One reason, with its sources and, when it comes from a principle, the principle's id."""

    why: str
    sources: list[str]
    principle: str | None = None
    keys: list[str] = field(default_factory=list)  # the answer keys it rests on


@dataclass
class ComponentResult:
    """A component of an option that applies (matches) or may apply (depends on ``keys``)."""

    component: m.Component
    fit: str
    why: list[str]
    sources: list[str]
    keys: list[str]


@dataclass
class Option:
    treatment: m.Treatment
    fit: str  # "matches", "depends", "sources-differ", "done" or "if-it-comes-back"
    why: list[str]
    why_sources: list[str]
    depends_on: list[Dependency]
    positions: list[Reason] = field(default_factory=list)  # each page's word, when they differ
    components: list[ComponentResult] = field(default_factory=list)
    principles: list[m.Principle] = field(default_factory=list)
    # For an option already had (fit "done"): what the pages say follows it.
    after: list[m.After] = field(default_factory=list)
    # Set once by ``explore``: the aims the answers leave standing (``stated_aims``), and the
    # sources behind the option (``option_sources``), so that no view works them out again.
    aims: list[m.Aim] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Excluded:
    treatment: m.Treatment
    why: list[str]
    sources: list[str]
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Matched:
    """What the engine finds for the answers. The whole explore result (``explore.result``) adds
    the last step's answers and the overview to it, once."""

    answers: Answers
    options: list[Option]
    excluded: list[Excluded]
    notes: list[m.Statement]
    disclaimer: str
    questions: list[m.Question] = field(repr=False)
    drugs: dict[str, m.Drug] = field(repr=False)
    sources: dict[str, m.Source] = field(repr=False)
    # The options described only for another kind or site of tumour, counted instead of listed
    # (``explore(..., count_others=True)``), in file order.
    set_aside: list[m.SetAside] = field(repr=False)


def known(answers: Answers, questions: list[m.Question]) -> Answers:
    """The answers as the rules read them: an answer that means "not known yet" is unsure, and a
    question left unanswered because the questionnaire does not ask it here reads as the answer
    its ``not_asked_means`` gives (after "No treatment yet", it has not come back)."""
    unknown = {(q.id, c.value) for q in questions for c in q.choices if c.unknown}
    out: Answers = {}
    for key, values in answers.items():
        kept = tuple(v for v in values if (key, v) not in unknown)
        out[key] = kept or (UNSURE,)
    for q in questions:
        unanswered = out.get(q.id, (UNSURE,)) == (UNSURE,)
        if q.not_asked_means and unanswered and not should_ask(q, answers):
            out[q.id] = (q.not_asked_means,)
    return out


def stated_aims(treatment: m.Treatment, read: Answers) -> list[m.Aim]:
    """The aims of ``treatment`` that the answers (as the rules read them) leave standing: an aim
    stated for one situation is left out once a known answer rules that situation out."""
    return [a for a in treatment.aim if _standing(a.when, read)]


def evaluate(rule: m.Rule, answers: Answers) -> tuple[State, list[str]]:
    """The rule's state, and the keys that leave it open (or the first key that fails it)."""
    open_keys: list[str] = []
    for key, accepted in rule.when.items():
        given = answers.get(key, (UNSURE,))
        if UNSURE in given:
            open_keys.append(key)
        elif not set(given) & set(accepted):
            return State.FAILS, [key]
    if rule.team_question:
        open_keys.append(TEAM)
    return (State.OPEN, open_keys) if open_keys else (State.HOLDS, [])


# How each answer is said in plain words ("It has not come back after earlier treatment."), per
# question id: set by ``explore`` from the knowledge base's plain answers.
Plain = dict[str, m.PlainAnswer]


def _plainly(q: m.Question, value: str, plain: Plain) -> str:
    """One answer as a plain statement without its full stop, else the choice's label."""
    p = plain.get(q.id)
    return p.says[value].rstrip(".") if p and value in p.says else label(q, value)


def _said(
    rule: m.Rule, answers: Answers, by_id: dict[str, m.Question], plain: Plain | None = None
) -> str:
    # Only what was said: not the answer a question the questionnaire did not ask is read as.
    said = [k for k in rule.when if should_ask(by_id[k], answers)]
    words = [
        _plainly(by_id[k], v, plain or {}) for k in said for v in answers[k] if v in rule.when[k]
    ]
    return f"{rule.why} (You said: {'; '.join(words)}.)" if words else rule.why


def _asked_instead(key: str, answers: Answers, by_id: dict[str, m.Question]) -> list[str]:
    """The keys whose answers a reason quotes for ``key``: itself, or, for a question not asked
    here (read as its ``not_asked_means``), the answers that left it unasked."""
    q = by_id[key]
    if should_ask(q, answers):
        return [key]
    return [g for g, vs in q.ask_when.items() if not set(answers.get(g, (UNSURE,))) & set(vs)]


@dataclass
class _Limit:
    rule: m.Rule
    principle: m.Principle | None


def _limits(treatment: m.Treatment, principles: list[m.Principle]) -> list[_Limit]:
    out = [_Limit(r, p) for p in principles for r in p.not_suitable_when]
    return out + [_Limit(r, None) for r in treatment.not_suitable_when]


def _differs(rule: m.Rule, limit: m.Rule) -> bool:
    """Whether ``rule`` is another page's word against ``limit`` (its pages all differ)."""
    return bool(limit.differs_from) and set(rule.sources) <= set(limit.differs_from)


class _Deps:
    """Dependencies collected per question, each effect once."""

    def __init__(self, by_id: dict[str, m.Question]):
        self.by_id = by_id
        self.items: dict[str, Dependency] = {}

    def add(self, rule: m.Rule, keys: list[str], effect: str) -> None:
        for k in keys:
            if k == TEAM:
                assert rule.team_question is not None
                slot = TEAM + rule.team_question
                question, values, settled = rule.team_question, [], None
                settled = m.Statement("Only your team can answer this.", rule.sources)
                key: str | None = None
            else:
                q = self.by_id[k]
                slot, key, question, settled = k, k, q.text, q.settled_by
                values = [label(q, v) for v in rule.when[k]]
            # With another answer (or the team's word) still needed, this answer alone settles
            # nothing: it would still depend.
            said = effect if k == TEAM or len(keys) == 1 else STILL_DEPENDS
            e = Effect(values, said, rule.why, list(rule.sources))
            dep = self.items.get(slot)
            if dep is None:
                self.items[slot] = Dependency(
                    key, question, values, said, rule.why, list(rule.sources), settled, [e]
                )
            elif e not in dep.effects:
                dep.effects.append(e)
                dep.sources = _unique([*dep.sources, *rule.sources])

    def list(self) -> list[Dependency]:
        return list(self.items.values())


def _reasons(items: Iterable[Reason]) -> list[Reason]:
    """Each reason once (by its words), their sources merged."""
    out: dict[str, Reason] = {}
    for r in items:
        if r.why in out:
            out[r.why].sources = _unique([*out[r.why].sources, *r.sources])
            out[r.why].keys = _unique([*out[r.why].keys, *r.keys])
        else:
            out[r.why] = Reason(r.why, list(r.sources), r.principle, list(r.keys))
    return list(out.values())


def _components(treatment: m.Treatment, answers: Answers) -> list[ComponentResult]:
    out = []
    for c in treatment.components:
        states = [(r, evaluate(r, answers)) for r in c.offered_when]
        limits = [(x, evaluate(x, answers)) for x in c.not_suitable_when]
        if any(s is State.HOLDS and not x.differs_from for x, (s, _) in limits):
            continue
        soft = [x for x, (s, _) in limits if s is State.HOLDS]
        if soft:
            # A page's limit holds: the part survives only where a page that differs offers it.
            yes = [
                r for r, (s, _) in states if s is State.HOLDS and all(_differs(r, x) for x in soft)
            ]
            if yes:
                out.append(
                    ComponentResult(
                        c,
                        SOURCES_DIFFER,
                        _unique([*(r.why for r in yes), *(x.why for x in soft)]),
                        _unique(
                            [
                                *(s for r in yes for s in r.sources),
                                *(s for x in soft for s in x.sources),
                            ]
                        ),
                        [],
                    )
                )
            continue
        open_limits = [k for _, (s, keys) in limits if s is State.OPEN for k in keys if k != TEAM]
        yes = [r for r, (s, _) in states if s is State.HOLDS]
        maybe = [(r, keys) for r, (s, keys) in states if s is State.OPEN]
        if yes and open_limits:
            out.append(
                ComponentResult(
                    c,
                    DEPENDS,
                    _unique(r.why for r in yes),
                    _unique(s for r in yes for s in r.sources),
                    _unique(open_limits),
                )
            )
        elif yes:
            out.append(
                ComponentResult(
                    c,
                    MATCHES,
                    _unique(r.why for r in yes),
                    _unique(s for r in yes for s in r.sources),
                    [],
                )
            )
        elif maybe:
            out.append(
                ComponentResult(
                    c,
                    DEPENDS,
                    _unique(r.why for r, _ in maybe),
                    _unique(s for r, _ in maybe for s in r.sources),
                    _unique(k for _, keys in maybe for k in keys if k != TEAM),
                )
            )
    return out


def _judge(
    treatment: m.Treatment,
    principles: list[m.Principle],
    answers: Answers,
    by_id: dict[str, m.Question],
    plain: Plain | None = None,
) -> Option | Excluded:
    limits = [(x, evaluate(x.rule, answers)) for x in _limits(treatment, principles)]
    offers = [(r, evaluate(r, answers)) for r in treatment.offered_when]

    # A limit that holds for sure, with no other page's word against it: not suitable.
    hard = [x for x, (s, _) in limits if s is State.HOLDS and not x.rule.differs_from]
    if hard:
        reasons = _reasons(
            Reason(
                _said(x.rule, answers, by_id, plain),
                x.rule.sources,
                x.principle.id if x.principle else None,
                list(x.rule.when),
            )
            for x in hard
        )
        return _excluded(treatment, reasons)

    # A page's limit holds: only the offering rules of the pages that differ from it survive.
    soft = [x for x, (s, _) in limits if s is State.HOLDS]
    if soft:
        surviving = [(r, st) for r, st in offers if all(_differs(r, x.rule) for x in soft)]
        said = [
            Reason(_said(x.rule, answers, by_id, plain), x.rule.sources, None, list(x.rule.when))
            for x in soft
        ]
        yes = [r for r, (s, _) in surviving if s is State.HOLDS]
        if yes:
            positions = _reasons(
                [*(Reason(_said(r, answers, by_id, plain), r.sources) for r in yes), *said]
            )
            deps = _Deps(by_id)
            _open_limits(deps, limits, offers)
            return Option(
                treatment,
                SOURCES_DIFFER,
                [p.why for p in positions],
                _unique(s for p in positions for s in p.sources),
                deps.list(),
                positions,
                _components(treatment, answers),
                principles,
            )
        maybe = [(r, keys) for r, (s, keys) in surviving if s is State.OPEN]
        if maybe:
            deps = _Deps(by_id)
            for r, keys in maybe:
                deps.add(r, keys, SOURCES_DIFFER)
            _open_limits(deps, limits, offers)
            why = _unique([*(r.why for r, _ in maybe), *(p.why for p in said)])
            return Option(
                treatment,
                DEPENDS,
                why,
                _unique(
                    [
                        *(s for r, _ in maybe for s in r.sources),
                        *(s for p in said for s in p.sources),
                    ]
                ),
                deps.list(),
                _reasons([*(Reason(r.why, r.sources) for r, _ in maybe), *said]),
                _components(treatment, answers),
                principles,
            )
        return _excluded(treatment, _reasons(said))

    yes = [r for r, (s, _) in offers if s is State.HOLDS]
    maybe = [(r, keys) for r, (s, keys) in offers if s is State.OPEN]
    if not yes and not maybe:
        # One reason per answer: the first rule that fails on each key speaks for its twins.
        by_key: dict[str, Reason] = {}
        for r, (_, keys) in offers:
            k = keys[0]
            if k in by_key:
                by_key[k].sources = _unique([*by_key[k].sources, *r.sources])
            else:
                quoted = _asked_instead(k, answers, by_id)
                given = "; ".join(
                    _plainly(by_id[g], v, plain or {}) for g in quoted for v in answers[g]
                )
                words = f"{r.why} Your answer was: {given}."
                by_key[k] = Reason(words, list(r.sources), None, quoted)
        return _excluded(treatment, _reasons(by_key.values()))

    deps = _Deps(by_id)
    if not yes:
        for r, keys in maybe:
            deps.add(r, keys, "fits")
    _open_limits(deps, limits, offers)
    offering = yes or [r for r, _ in maybe]
    fit = MATCHES if yes and not deps.items else DEPENDS
    return Option(
        treatment,
        fit,
        _unique(_said(r, answers, by_id, plain) if yes else r.why for r in offering),
        _unique(s for r in offering for s in r.sources),
        deps.list(),
        [],
        _components(treatment, answers),
        principles,
    )


def _open_limits(
    deps: _Deps,
    limits: list[tuple[_Limit, tuple[State, list[str]]]],
    offers: list[tuple[m.Rule, tuple[State, list[str]]]],
) -> None:
    """Each limit not known yet, as what its answer would do: rule the option out, or (when
    another page offers it there) show that the sources differ."""
    for x, (s, keys) in limits:
        if s is not State.OPEN:
            continue
        differing = any(_differs(r, x.rule) and st is not State.FAILS for r, (st, _) in offers)
        deps.add(x.rule, keys, SOURCES_DIFFER if differing else NOT_SUITABLE)


def _excluded(treatment: m.Treatment, reasons: list[Reason]) -> Excluded:
    return Excluded(
        treatment,
        [r.why for r in reasons],
        _unique(s for r in reasons for s in r.sources),
        reasons,
    )


def _standing(when: dict[str, list[str]], read: Answers) -> bool:
    """Whether a known answer leaves a situation standing (not sure keeps it)."""
    return all(UNSURE in read.get(k, (UNSURE,)) or set(read[k]) & set(v) for k, v in when.items())


def _done(treatment: m.Treatment, principles: list[m.Principle], read: Answers) -> Option | None:
    """The option as had already, when a ``done_when`` rule holds: its words, and what the pages
    say follows it (each statement that a known answer leaves standing)."""
    held = [r for r in treatment.done_when if evaluate(r, read)[0] is State.HOLDS]
    if not held:
        return None
    after = [a for a in treatment.after if _standing(a.when, read)]
    return Option(
        treatment,
        DONE,
        _unique(r.why for r in held),
        _unique(s for r in held for s in r.sources),
        [],
        [],
        [],
        principles,
        after,
    )


def _later(
    treatment: m.Treatment,
    principles: list[m.Principle],
    read: Answers,
    by_id: dict[str, m.Question],
    plain: Plain | None = None,
) -> Option | None:
    """The option under "If it comes back": when a principle's ``later_when`` holds (an operation
    removed it and it has not come back) and, read as if it had come back, it would not be ruled
    out."""
    for p in principles:
        held = [r for r in p.later_when if evaluate(r, read)[0] is State.HOLDS]
        if not held:
            continue
        then = {**read, **{k: tuple(v) for k, v in p.later_reads.items()}}
        if isinstance(_judge(treatment, principles, then, by_id, plain), Excluded):
            return None
        return Option(
            treatment,
            LATER,
            _unique(r.why for r in held),
            _unique([*(s for r in held for s in r.sources), *p.says.sources]),
            [],
            [],
            [],
            principles,
        )
    return None


def explore(
    kb: m.KnowledgeBase,
    answers: Answers,
    *,
    count_others: bool = False,
    set_aside: Iterable[m.SetAside] = (),
) -> Matched:
    """The options the sources describe for these answers, and those that do not fit, with why.

    ``count_others``: an option each of whose offering rules is for another kind or site of
    tumour (``model.not_for_tumour``) is set aside, to be counted, instead of listed among those
    that do not fit; ``set_aside`` holds those that the loader already left out of ``kb`` by the
    same rule (``KB.situation``)."""
    by_id = {q.id: q for q in kb.questions}
    plain = {p.question: p for p in kb.plain_answers}
    read = known(answers, kb.questions)
    options: list[Option] = []
    differ: list[Option] = []
    excluded: list[Excluded] = []
    aside = list(set_aside)
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    if count_others:
        for treatment in kb.treatments:
            why = m.not_for_tumour(m.tumour_reach(treatment.offered_when), read)
            if why is not None:
                aside.append(m.SetAside(treatment.id, treatment.name, why))
    counted = {x.id for x in aside}
    for treatment in sorted(kb.treatments, key=lambda t: rank.get(t.category, len(rank))):
        if not treatment.offered_when or treatment.id in counted:
            continue  # described for reference only (the sources tie it to no situation), or
            # only for another kind or site of tumour, and counted
        principles = m.applied_principles(treatment, kb.principles)
        done = _done(treatment, principles, read)
        if done is not None:
            options.append(done)
            continue
        later = _later(treatment, principles, read, by_id, plain)
        if later is not None:
            options.append(later)
            continue
        judged = _judge(treatment, principles, read, by_id, plain)
        if isinstance(judged, Excluded):
            excluded.append(judged)
        elif judged.fit == SOURCES_DIFFER:
            differ.append(judged)
        else:
            options.append(judged)
    for o in [*options, *differ]:
        o.aims = stated_aims(o.treatment, read)
        o.sources = option_sources(o)
    return Matched(
        answers=answers,
        options=options + differ,
        excluded=excluded,
        notes=_notes(kb, answers),
        disclaimer=kb.disclaimer,
        questions=kb.questions,
        drugs={d.id: d for d in kb.drugs},
        sources={s.id: s for s in kb.sources},
        set_aside=aside,
    )


def option_sources(option: Option) -> list[str]:
    """The sources behind an option: why it may fit first, then the rest of its record."""
    return _unique(
        [
            *option.why_sources,
            *(s for d in option.depends_on for s in d.sources),
            *(s for d in option.depends_on if d.settled_by for s in d.settled_by.sources),
            *(s for c in option.components for s in c.sources),
            *m.source_ids(option.treatment),
        ]
    )


def result_sources(result: Matched) -> list[str]:
    """Every source the engine's result cites, in the order a reader meets them."""
    ids = [s for o in result.options for s in option_sources(o)]
    ids += [s for x in result.excluded for s in x.sources]
    ids += [s for n in result.notes for s in n.sources]
    return _unique(ids)


def _notes(kb: m.KnowledgeBase, answers: Answers) -> list[m.Statement]:
    """The general notes, then what the sources say of the chosen kind and site's coverage, then
    the notes of the answers given (such as what the pages say of grade 3)."""
    notes = list(kb.notes)
    read = known(answers, kb.questions)
    for site in kb.sites:
        key = "kind" if site.group == "kind" else "site"
        if (
            site.coverage_note
            and set(answers.get(key, ())) & set(site.answer_values)
            and _standing(site.coverage_note_when, read)
        ):
            notes.append(site.coverage_note)
    for q in kb.questions:
        for c in q.choices:
            if (
                c.note
                and c.value in answers.get(q.id, ())
                and c.note not in notes
                and _standing(c.note_when, read)
            ):
                notes.append(c.note)
    return notes


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

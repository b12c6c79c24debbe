"""How one treatment stands against the answers, with the reasons and sources behind it.

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
from enum import Enum

from netcli.explore.answers import UNSURE, Answers, label, should_ask
from netcli.explore.fit import (
    DEPENDS,
    MATCHES,
    NOT_SUITABLE,
    SOURCES_DIFFER,
    STILL_DEPENDS,
)
from netcli.explore.matched import (
    ComponentResult,
    Dependency,
    Effect,
    Excluded,
    Option,
    Reason,
    unique,
)
from netcli.knowledge import model as m
from netcli.records import dataclass

# The pseudo-key of a rule's team question in ``evaluate``'s open keys.
TEAM = "(team)"


class State(Enum):
    HOLDS = "holds"  # yes
    OPEN = "open"  # unknown: some key is not known and none is no
    FAILS = "fails"  # no


def evaluate(rule: m.Rule, answers: Answers) -> tuple[State, list[str]]:
    """The rule's state, and the keys that leave it open (or the first key that fails it)."""
    open_keys: list[str] = []
    for key, accepted in rule.when.items():
        given = answers.get(key, (UNSURE,))
        if UNSURE in given and UNSURE in accepted:
            continue  # a history rule that holds while it is not known (see validate)
        if UNSURE in given and rule.if_known:
            return State.FAILS, [key]  # a limit that only a known history answer sets
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
    return _said_once([rule], answers, by_id, plain)[0][0]


def _said_once(
    rules: Iterable[m.Rule],
    answers: Answers,
    by_id: dict[str, m.Question],
    plain: Plain | None = None,
) -> list[tuple[str, list[str]]]:
    """Each reason once, with what was said that makes it hold, and its sources: twin rules (the
    same words over other answers) are one reason, quoting the answers of each."""
    quoted: dict[str, list[str]] = {}
    cited: dict[str, list[str]] = {}
    for rule in rules:
        cited[rule.why] = unique([*cited.get(rule.why, []), *rule.sources])
        # Only what was said: not the answer a question the questionnaire did not ask is read as.
        said = [k for k in rule.when if should_ask(by_id[k], answers)]
        words = quoted.setdefault(rule.why, [])
        for k in said:
            for v in answers[k]:
                if v in rule.when[k] and (w := _plainly(by_id[k], v, plain or {})) not in words:
                    words.append(w)
    return [
        (f"{why} (You said: {'; '.join(w)}.)" if w else why, cited[why])
        for why, w in quoted.items()
    ]


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

    def add(self, rule: m.Rule, keys: list[str], effect: str, skip: tuple[str, ...] = ()) -> None:
        for k in keys:
            if k in skip:
                continue
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
                dep.sources = unique([*dep.sources, *rule.sources])

    def list(self) -> list[Dependency]:
        return list(self.items.values())


def _reasons(items: Iterable[Reason]) -> list[Reason]:
    """Each reason once (by its words), their sources merged."""
    out: dict[str, Reason] = {}
    for r in items:
        if r.why in out:
            out[r.why].sources = unique([*out[r.why].sources, *r.sources])
            out[r.why].keys = unique([*out[r.why].keys, *r.keys])
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
                        unique([*(r.why for r in yes), *(x.why for x in soft)]),
                        unique(
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
                    unique(r.why for r in yes),
                    unique(s for r in yes for s in r.sources),
                    unique(open_limits),
                )
            )
        elif yes:
            out.append(
                ComponentResult(
                    c,
                    MATCHES,
                    unique(r.why for r in yes),
                    unique(s for r in yes for s in r.sources),
                    [],
                )
            )
        elif maybe:
            out.append(
                ComponentResult(
                    c,
                    DEPENDS,
                    unique(r.why for r, _ in maybe),
                    unique(s for r, _ in maybe for s in r.sources),
                    unique(k for _, keys in maybe for k in keys if k != TEAM),
                )
            )
    return out


def judge(
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
            twins = _said_once(yes, answers, by_id, plain)
            positions = _reasons([*(Reason(w, ss) for w, ss in twins), *said])
            deps = _Deps(by_id)
            _open_limits(deps, limits, offers)
            return Option(
                treatment,
                SOURCES_DIFFER,
                [p.why for p in positions],
                unique(s for p in positions for s in p.sources),
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
            why = unique([*(r.why for r, _ in maybe), *(p.why for p in said)])
            return Option(
                treatment,
                DEPENDS,
                why,
                unique(
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
        # One reason per answer: the first rule that fails on each key speaks for the others;
        # twin rules (the same words) that fail on other answers are one reason, quoting each.
        by_key: dict[str, Reason] = {}
        for r, (_, keys) in offers:
            k = keys[0]
            if k in by_key:
                # Its sources join only words that are its own (a twin): another page's rule is
                # not cited under the first rule's sentence.
                if by_key[k].why == r.why:
                    by_key[k].sources = unique([*by_key[k].sources, *r.sources])
            else:
                by_key[k] = Reason(r.why, list(r.sources), None, _asked_instead(k, answers, by_id))
        by_why: dict[str, Reason] = {}
        for x in by_key.values():
            y = by_why.setdefault(x.why, Reason(x.why, [], None, []))
            y.sources, y.keys = unique([*y.sources, *x.sources]), unique([*y.keys, *x.keys])
        for y in by_why.values():
            given = unique(_plainly(by_id[g], v, plain or {}) for g in y.keys for v in answers[g])
            y.why = f"{y.why} Your answer was: {'; '.join(given)}."
        return _excluded(treatment, list(by_why.values()))

    deps = _Deps(by_id)
    if not yes:
        # While a limit waits on the team's word (an operation again once it has come back), no
        # answer alone makes the option fit.
        gated = any(x.rule.if_known and s is State.OPEN for x, (s, _) in limits)
        for r, keys in _deciding(maybe):
            deps.add(r, keys, STILL_DEPENDS if gated else "fits")
    _open_limits(deps, limits, offers)
    offering = yes or [r for r, _ in maybe]
    fit = MATCHES if yes and not deps.items else DEPENDS
    return Option(
        treatment,
        fit,
        [w for w, _ in _said_once(yes, answers, by_id, plain)]
        if yes
        else unique(r.why for r in offering),
        unique(s for r in offering for s in r.sources),
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
        # A principle about one situation asks its team question only once the answers are that
        # situation: before, the question that settles the situation says what it would do.
        waits = x.principle is not None and bool(x.principle.shown_when) and len(keys) > 1
        effect = SOURCES_DIFFER if differing else NOT_SUITABLE
        if x.rule.if_known:
            # Its situation is known (only the team is open): the team question asks whether the
            # option may still be had where the pages stop describing it, so a yes says it may fit
            # (if nothing else is open: else it would still depend).
            alone = _slots(limits) == _slots([(x, (s, keys))]) and any(
                st is State.HOLDS for _, (st, _) in offers
            )
            effect = "fits" if alone else STILL_DEPENDS
        deps.add(x.rule, keys, effect, (TEAM,) if waits else ())


def _deciding(maybe: list[tuple[m.Rule, list[str]]]) -> list[tuple[m.Rule, list[str]]]:
    """The open offering rules whose answers could decide: a rule that holds only where another
    open rule holds too (it waits for more of the same answers, accepting no other value) would
    send the reader to questions that change nothing."""

    def covers(r1: m.Rule, k1: list[str], r2: m.Rule, k2: list[str]) -> bool:
        return (
            TEAM not in k1
            and set(k1) < set(k2)
            and all(set(r2.when[k]) <= set(r1.when[k]) for k in k1)
        )

    return [
        (r2, k2)
        for r2, k2 in maybe
        if not any(covers(r1, k1, r2, k2) for r1, k1 in maybe if r1 is not r2)
    ]


def _slots(limits: list[tuple[_Limit, tuple[State, list[str]]]]) -> set[str]:
    """What the open limits wait for: their keys, and each team question once by its words."""
    return {
        TEAM + (x.rule.team_question or "") if k == TEAM else k
        for x, (s, keys) in limits
        if s is State.OPEN
        for k in keys
    }


def _excluded(treatment: m.Treatment, reasons: list[Reason]) -> Excluded:
    return Excluded(
        treatment,
        [r.why for r in reasons],
        unique(s for r in reasons for s in r.sources),
        reasons,
    )

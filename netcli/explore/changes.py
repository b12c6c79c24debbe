"""What would change the list: each question not known, once, with what each answer would do to
which options. Part of the overview (``overview.build``), computed once for every view.

An answer gives each option one outcome: where an option's rules say different things of the
same answer (one rule would then hold, another would still need something), the outcome that
decides wins, as the engine would judge it: ruled out, then the sources differ, then may fit,
then still depends.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from netcli.explore.fit import NOT_SUITABLE, SOURCES_DIFFER, STILL_DEPENDS
from netcli.knowledge import model as m
from netcli.records import dataclass

if TYPE_CHECKING:
    from netcli.explore.matched import Matched

# The topic of a question only the team can answer (a rule's team question).
TEAM_TOPIC = "your team's view"
# Which outcome decides when an option's rules say several things of one answer: a limit that
# would hold rules it out whatever an offering rule says (``judge``), a page that differs makes
# the sources differ, an offering rule that would hold makes it fit.
_DECIDES = {NOT_SUITABLE: 3, SOURCES_DIFFER: 2, "fits": 1, STILL_DEPENDS: 0}


@dataclass
class Outcome:
    """What one answer to a question not known yet would do to the options."""

    values: list[str]  # the answers' labels; empty for a question only the team answers
    effect: str  # "fits", "not-suitable", "sources-differ" or "still-depends"
    options: list[str]  # treatment ids
    says: list[str] = field(default_factory=list)  # the same answers as plain statements


@dataclass
class ByAnswer:
    """The outcomes of one answer together: what it would do to which options, effect by effect
    (every view says them on one line)."""

    says: list[str]  # the answers as plain statements, else their labels
    outcomes: list[Outcome]


@dataclass
class Change:
    """A question the person was not sure of (or only the team can answer), said once."""

    key: str | None
    topic: str
    question: str
    not_sure: str  # the plain statement of not knowing ("You are not sure whether ...")
    outcomes: list[Outcome]
    settled_by: m.Statement | None
    by_answer: list[ByAnswer] = field(default_factory=list)  # ``outcomes`` by answer


def topic(q: m.Question) -> str:
    return q.topic or q.text


def changes(
    result: Matched, not_sure: dict[str, str], plain: list[m.PlainAnswer] | None = None
) -> tuple[list[Change], list[str]]:
    """Each question not known, once, with what each answer would do to which options, and what
    settles it; then the questions not known that change none of the options."""
    by_id = {q.id: q for q in result.questions}
    words = {p.question: p for p in plain or []}

    def says(key: str | None, labels: list[str]) -> list[str]:
        if key is None:
            return []
        q, p = by_id[key], words.get(key)
        values = [next((c.value for c in q.choices if c.label == w), w) for w in labels]
        return [p.says.get(v, w) if p else w for v, w in zip(values, labels, strict=True)]

    items: dict[str, Change] = {}
    # Per question, per option: each answer (a label; "" for the team's word) and what it does.
    effects: dict[str, dict[str, dict[str, str]]] = {}
    for o in result.options:
        for d in o.depends_on:
            slot = d.key or "(team)" + d.question
            if slot not in items:
                if d.key:
                    q = by_id[d.key]
                    items[slot] = Change(
                        d.key, topic(q), q.text, not_sure.get(d.key, ""), [], d.settled_by
                    )
                else:
                    items[slot] = Change(None, TEAM_TOPIC, d.question, "", [], d.settled_by)
            did = effects.setdefault(slot, {}).setdefault(o.treatment.id, {})
            for e in d.effects:
                for value in e.values or [""]:
                    now = did.get(value)
                    if now is None or _DECIDES.get(e.effect, 0) > _DECIDES.get(now, 0):
                        did[value] = e.effect
    for slot, c in items.items():
        asked = by_id.get(c.key or "")
        rank = {x.label: i for i, x in enumerate(asked.choices)} if asked else {}
        for tid, did in effects[slot].items():
            # The answers that do the same to this option, together, in the question's order.
            same: dict[str, list[str]] = {}
            for value, effect in did.items():
                same.setdefault(effect, []).append(value)
            for effect, values in same.items():
                labels = sorted((v for v in values if v), key=lambda v: rank.get(v, len(rank)))
                outcome = next(
                    (x for x in c.outcomes if x.values == labels and x.effect == effect), None
                )
                if outcome is None:
                    outcome = Outcome(labels, effect, [], says(c.key, labels))
                    c.outcomes.append(outcome)
                outcome.options.append(tid)
    # The questions in the questionnaire's order, then the team's questions.
    order = {q.id: i for i, q in enumerate(result.questions)}
    listed = sorted(items.values(), key=lambda c: order.get(c.key or "", len(order)))
    for c in listed:
        by_answer: dict[tuple[str, ...], ByAnswer] = {}
        for x in c.outcomes:
            said = tuple(x.says or x.values)
            by_answer.setdefault(said, ByAnswer(list(said), [])).outcomes.append(x)
        c.by_answer = list(by_answer.values())
    unchanged = [s for k, s in not_sure.items() if k not in items]
    return listed, unchanged

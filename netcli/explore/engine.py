"""The matching engine: answers in, options out, each with the reasons and sources behind it.

``explore`` reads the answers as the rules read them (``known``), sets aside the options
described only for another kind or site of tumour, takes each treatment had already (``done``)
or kept for if it comes back (``later``), and has ``judge`` weigh every other against its rules
(three-valued: matches, depends, sources differ, not suitable; see ``judge``). It then sets each
option's stated aims and sources once, and adds the notes of the answers given. The records it
returns are in ``matched``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from netcli.explore.answers import UNSURE, Answers, should_ask
from netcli.explore.fit import (
    DONE,
    LATER,
    MATCHES,
    NOT_SUITABLE,
    SOURCES_DIFFER,
    STILL_DEPENDS,
)
from netcli.explore.judge import Plain, State, _Deps, evaluate, judge
from netcli.explore.matched import Excluded, Matched, Option, option_sources, unique
from netcli.knowledge import model as m

CATEGORY_ORDER: tuple[str, ...] = get_args(m.Category)  # the model's order, said once


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
    stated for one situation is left out once a known answer rules that situation out, or one of
    its ``unless`` holds."""
    return [a for a in treatment.aim if standing(a.when, read) and not moot(a.unless, read)]


def moot(unless: list[dict[str, list[str]]], read: Answers) -> bool:
    """Whether one of ``unless`` holds: every key of it answered (as the rules read them) only
    with its listed values (not knowing counts only where ``unsure`` is listed)."""
    return any(all(set(read.get(k, (UNSURE,))) <= set(vs) for k, vs in u.items()) for u in unless)


def standing(when: dict[str, list[str]], read: Answers) -> bool:
    """Whether a known answer leaves a situation standing (not sure keeps it)."""
    return all(UNSURE in read.get(k, (UNSURE,)) or set(read[k]) & set(v) for k, v in when.items())


def _done(treatment: m.Treatment, principles: list[m.Principle], read: Answers) -> Option | None:
    """The option as had already, when a ``done_when`` rule holds: its words, and what the pages
    say follows it (each statement that a known answer leaves standing)."""
    held = [r for r in treatment.done_when if evaluate(r, read)[0] is State.HOLDS]
    if not held:
        return None
    after = [a for a in treatment.after if standing(a.when, read)]
    return Option(
        treatment,
        DONE,
        unique(r.why for r in held),
        unique(s for r in held for s in r.sources),
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
    given: Answers | None = None,
) -> Option | None:
    """The option under "If it comes back": when a principle's ``later_when`` holds (an operation
    removed it and it has not come back) and, read as if it had come back, it would not be ruled
    out."""
    for p in principles:
        held = [r for r in p.later_when if evaluate(r, read)[0] is State.HOLDS]
        if not held:
            continue
        then = {**read, **{k: tuple(v) for k, v in p.later_reads.items()}}
        judged = judge(treatment, principles, then, by_id, plain)
        if isinstance(judged, Excluded):
            return None
        # Held while it is not known whether it has come back: that question says what its
        # answer would do (a yes, read as ``later_reads``, makes it an option for now).
        deps = _Deps(by_id)
        effect = {MATCHES: "fits", SOURCES_DIFFER: SOURCES_DIFFER}.get(judged.fit, STILL_DEPENDS)
        for r in held:
            for k in r.when:
                unknown = UNSURE in r.when[k] and read.get(k, (UNSURE,)) == (UNSURE,)
                if unknown and k in p.later_reads:
                    back = m.Rule({k: list(p.later_reads[k])}, r.why, list(r.sources))
                    deps.add(back, [k], effect)
                elif unknown and given is not None and should_ask(by_id[k], given):
                    # Another answer to it (it has spread beyond an appendix taken out) would
                    # make the option one for now: say what that answer would do.
                    _would_not_wait(deps, treatment, principles, given, by_id, r, k, plain)
        return Option(
            treatment,
            LATER,
            unique(r.why for r in held),
            unique([*(s for r in held for s in r.sources), *p.says.sources]),
            deps.list(),
            [],
            [],
            principles,
        )
    return None


def _would_not_wait(
    deps: _Deps,
    treatment: m.Treatment,
    principles: list[m.Principle],
    given: Answers,
    by_id: dict[str, m.Question],
    rule: m.Rule,
    key: str,
    plain: Plain | None,
) -> None:
    """What each answer to ``key`` that ``rule`` does not accept would do to an option that waits
    while ``key`` is not known: nothing, if it would still wait; else what the rules then say.
    The answers are read again with it (``known``): a question it would bring back is not known."""
    for choice in by_id[key].choices:
        if choice.value in rule.when[key]:
            continue
        then = known({**given, key: (choice.value,)}, list(by_id.values()))
        if any(evaluate(r, then)[0] is State.HOLDS for p in principles for r in p.later_when):
            continue
        judged = judge(treatment, principles, then, by_id, plain)
        effect = (
            NOT_SUITABLE
            if isinstance(judged, Excluded)
            else {MATCHES: "fits", SOURCES_DIFFER: SOURCES_DIFFER}.get(judged.fit, STILL_DEPENDS)
        )
        deps.add(m.Rule({key: [choice.value]}, rule.why, list(rule.sources)), [key], effect)


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
        principles = [
            p
            for p in m.applied_principles(treatment, kb.principles)
            if standing(p.shown_when, read)
        ]
        done = _done(treatment, principles, read)
        if done is not None:
            options.append(done)
            continue
        later = _later(treatment, principles, read, by_id, plain, answers)
        if later is not None:
            options.append(later)
            continue
        judged = judge(treatment, principles, read, by_id, plain)
        if isinstance(judged, Excluded):
            excluded.append(judged)
        elif judged.fit == SOURCES_DIFFER:
            differ.append(judged)
        else:
            options.append(judged)
    for o in [*options, *differ]:
        o.aims = stated_aims(o.treatment, read)
        o.disagreements = [d for d in o.treatment.disagreements if standing(d.when, read)]
        o.drugs = [u for u in o.treatment.drugs if standing(u.when, read)]
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
            and standing(site.coverage_note_when, read)
        ):
            notes.append(site.coverage_note)
    for q in kb.questions:
        for c in q.choices:
            if (
                c.note
                and c.value in answers.get(q.id, ())
                and c.note not in notes
                and standing(c.note_when, read)
            ):
                notes.append(c.note)
    return notes

"""The overview of an explore result: what a person takes in first, computed once for every view.

A pure function of the engine's result and the knowledge base. It holds no medical facts and no
wording of its own: the groups, the one list of what would change the options, the answers as
plain statements, the details with each paragraph said once, the options that do not fit in a few
lines, and the references numbered in reading order. The terminal, JSON and summary views only
format it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import TYPE_CHECKING

from netcli.explore.answers import UNSURE, label, should_ask
from netcli.explore.changes import TEAM_TOPIC, Change, changes, topic
from netcli.explore.changes import ByAnswer as ByAnswer
from netcli.explore.changes import Outcome as Outcome
from netcli.explore.fit import DONE as FIT_DONE
from netcli.explore.fit import LATER as FIT_LATER
from netcli.explore.fit import SOURCES_DIFFER
from netcli.knowledge import model as m
from netcli.records import dataclass

# What would change the list is worked out in ``changes``; its records are named here too.

if TYPE_CHECKING:
    from netcli.explore.matched import Excluded, Matched, Option, Reason
    from netcli.explore.reflection import Reflected

# The ids of the groups that are not a category of treatment.
URGENT = "urgent"
DIFFER = SOURCES_DIFFER  # the group of the options on which the sources differ
DONE = FIT_DONE  # options had already, with what the pages say follows them
LATER = FIT_LATER  # options the pages give only for a NET that is still there


@dataclass
class Row:
    """One option in the overview table."""

    option: Option
    fit: str  # "matches", "depends" or "sources-differ"
    depends_on: list[str]  # the topics of the questions it depends on, in order
    goals: list[str]  # its aims, as goal ids (the views say them in a few words)
    sources: list[str]


@dataclass
class Group:
    """Options shown together: ``id`` is URGENT (what the answers make pressing, with the page's
    words in ``because``), a treatment category, or DIFFER (where the pages differ)."""

    id: str
    rows: list[Row]
    because: list[m.Statement] = field(default_factory=list)


@dataclass
class SharedAsk:
    """A question the pages leave open for several options (a row's ``ask``): asked once."""

    question: str
    options: list[m.Treatment]


@dataclass
class Detail:
    """An option's details, each paragraph said once across all options: what was said already
    under another option is left out here and that option is named in ``also``."""

    option: Option
    aims: list[m.Aim]
    why: list[str]
    wording: list[m.Wording]
    caveats: list[m.Statement]
    disagreements: list[m.Disagreement]
    positions: list[Reason]
    also: list[str]  # treatment ids of the options where the rest was said
    depends_on: list[str]  # topics, as in the table
    # The five rows (model.ROW_KEYS), each statement said once like the rest; a row's question
    # to ask is always kept. "may_do" holds ``aims``, "how_often" ``wording``.
    rows: list[m.OptionRow] = field(default_factory=list)


@dataclass
class Unfit:
    """Options that do not fit, together because the same answers rule them out."""

    because: list[str]  # the answers in plain words, or the reason when no answer is named
    options: list[Excluded]


@dataclass
class UnfitReason:
    """One reason that rules options out, said once, with every option it rules out: a principle
    (an operation needs fitness) rules out many options with the same words."""

    why: str
    sources: list[str]
    options: list[m.Treatment]


@dataclass
class Counted:
    """Options described only for another kind or site of tumour (``key``, as
    ``model.not_for_tumour`` says), counted instead of listed; ``because`` is what the person
    said of the kind or site, in plain words."""

    key: str
    because: list[str]
    options: list[m.SetAside]


@dataclass
class Overview:
    situation: list[str]  # the answers given, as plain statements
    groups: list[Group]
    changes: list[Change]
    unchanged: list[str]  # plain statements of the questions not known that change nothing
    details: list[Detail]
    unfit: list[Unfit]
    references: list[m.Source]
    as_of: dt.date
    disclaimer: str
    unfit_reasons: list[UnfitReason] = field(default_factory=list)
    counted: list[Counted] = field(default_factory=list)
    # The topics of ``changes``, each once: what is not known yet.
    unknown: list[str] = field(default_factory=list)
    # The questions to ask that the details leave open for more than one option, in order.
    shared_asks: list[SharedAsk] = field(default_factory=list)
    # What the pages say follows what was had: the done group's ``because``, then what follows
    # the history answers that no treatment stands for (``follows``).
    follows: list[m.Statement] = field(default_factory=list)


def statements(
    answers: dict[str, tuple[str, ...]], questions: list[m.Question], plain: list[m.PlainAnswer]
) -> tuple[list[str], dict[str, str]]:
    """The answers given as plain statements, and for each question not known (that applies to
    these answers) the plain statement of not knowing it."""
    words = {p.question: p for p in plain}
    said: list[str] = []
    not_sure: dict[str, str] = {}
    for q in questions:
        values = answers.get(q.id, (UNSURE,))
        p = words.get(q.id)
        if values == (UNSURE,):
            if should_ask(q, answers):
                not_sure[q.id] = p.unsure if p else f"{q.text} {q.unsure_label}."
            continue
        for v in values:
            words_for = p.says[v] if p and v in p.says else label(q, v)
            said.append(words_for if words_for.endswith((".", "?", "!")) else words_for + ".")
    return said, not_sure


def groups(result: Matched) -> list[Group]:
    """What was done already first (``because`` holds what the pages say follows it), then urgent
    (when a page's ``urgent_when`` holds for the answers), then each category in the knowledge
    base's order, then the options on which the pages differ, then those for if it comes back.
    Within a group, the knowledge base's order: nothing is ranked."""
    from netcli.explore.engine import CATEGORY_ORDER, State, evaluate, known

    read = known(result.answers, result.questions)
    out: list[Group] = []
    done = Group(DONE, [])
    later = Group(LATER, [])
    urgent = Group(URGENT, [])
    by_cat: dict[str, Group] = {c: Group(c, []) for c in CATEGORY_ORDER}
    differ = Group(DIFFER, [])
    by_id = {q.id: q for q in result.questions}
    for o in result.options:
        deps = [topic(by_id[d.key]) if d.key else TEAM_TOPIC for d in o.depends_on]
        goals: list[str] = [a.goal for a in o.aims]
        row = Row(o, o.fit, deps, goals, list(o.sources))
        pressing = [r for r in o.treatment.urgent_when if evaluate(r, read)[0] is State.HOLDS]
        if o.fit == DONE:
            done.rows.append(row)
            for a in o.after:
                s = m.Statement(a.text, a.sources)
                if s not in done.because:
                    done.because.append(s)
        elif o.fit == LATER:
            later.rows.append(row)
        elif pressing and o.fit != SOURCES_DIFFER:
            urgent.rows.append(row)
            for r in pressing:
                s = m.Statement(r.why, r.sources)
                if s not in urgent.because:
                    urgent.because.append(s)
        elif o.fit == SOURCES_DIFFER:
            differ.rows.append(row)
        else:
            by_cat.setdefault(o.treatment.category, Group(o.treatment.category, [])).rows.append(
                row
            )
    out = [done, urgent, *by_cat.values(), differ, later]
    return [g for g in out if g.rows]


def details(result: Matched, ordered: list[Option]) -> list[Detail]:
    """Each option's own paragraphs, each said once: a paragraph already said under an earlier
    option is left out and that option named instead."""
    seen: dict[str, str] = {}  # paragraph -> the treatment id it was said under
    out = []
    for o in ordered:
        t = o.treatment
        also: list[str] = []

        def first(words: str, _tid: str = t.id, _also: list[str] = also) -> bool:
            key = " ".join(words.split()).casefold()
            if key in seen:
                if seen[key] != _tid and seen[key] not in _also:
                    _also.append(seen[key])
                return False
            seen[key] = _tid
            return True

        # A reason that is also one side of a disagreement is said there, with the other side;
        # one that is also how often the option is used, or a caveat, is said there.
        sides = {" ".join(p.says.split()).casefold() for d in o.disagreements for p in d.positions}
        sides |= {" ".join(w.text.split()).casefold() for w in t.wording}
        sides |= {" ".join(c.text.split()).casefold() for c in t.caveats}
        # What was had already is said by what follows it, not by the aims it had.
        had = o.fit == DONE
        aims = [] if had else [a for a in o.aims if not a.text or first(a.text)]
        # (A reason is the rule's words, then what the person said: it is that side when it
        # begins with the side's words.)
        why = [
            w
            for w in ([] if o.positions else o.why)
            if not any(" ".join(w.split()).casefold().startswith(s) for s in sides) and first(w)
        ]
        wording = [] if had else [w for w in t.wording if first(w.text)]
        caveats = [c for c in t.caveats if first(c.text)]
        disagreements = [
            d
            for d in o.disagreements
            if first(d.topic + " " + " ".join(p.says for p in d.positions))
            and all(first(p.says) or True for p in d.positions)  # each side counts as said
        ]
        positions = [p for p in o.positions if first(p.why)]
        by_id = {q.id: q for q in result.questions}
        deps = [topic(by_id[d.key]) if d.key else TEAM_TOPIC for d in o.depends_on]
        rows = [
            m.OptionRow(r.key, [x for x in r.says if first(x.text)], r.ask)
            if r.key in ("what", "involves", "may_cost")
            else r
            for r in m.option_rows(t, aims, had)
            # Had already: what it may do and how often it is used give way to what follows it.
            if not (had and r.key in ("may_do", "how_often"))
        ]
        out.append(
            Detail(o, aims, why, wording, caveats, disagreements, positions, also, deps, rows)
        )
    return out


def follows(result: Matched, grouped: list[Group]) -> list[m.Statement]:
    """What the pages say follows what was had, each once: after the options had (the done
    group's ``because``), after each answer given whose choice has an ``after`` (other
    treatments, working or not) that the answers leave standing."""
    from netcli.explore.engine import known, standing

    read = known(result.answers, result.questions)
    out = [s for g in grouped if g.id == DONE for s in g.because]
    for q in result.questions:
        for c in q.choices:
            if c.value not in result.answers.get(q.id, ()):
                continue
            for a in c.after:
                said = m.Statement(a.text, a.sources)
                if standing(a.when, read) and said not in out:
                    out.append(said)
    return out


def shared_asks(items: list[Detail]) -> list[SharedAsk]:
    """The questions the pages leave open (a row's ``ask``) for more than one option, each with
    the options it is for, in the order the details first ask them."""
    asked: dict[str, list[m.Treatment]] = {}
    for d in items:
        for row in d.rows:
            if row.ask:
                asked.setdefault(row.ask, []).append(d.option.treatment)
    return [SharedAsk(q, ts) for q, ts in asked.items() if len(ts) > 1]


def unfit(
    excluded: list[Excluded], answers: dict[str, tuple[str, ...]], said: dict[str, list[str]]
) -> list[Unfit]:
    """The options that do not fit, together when the same answers rule them out."""
    out: dict[tuple[str, ...], Unfit] = {}
    for x in excluded:
        keys = tuple(dict.fromkeys(k for r in x.reasons for k in r.keys if k in answers))
        slot = keys or tuple(x.why)
        u = out.get(slot)
        if u is None:
            # An answer read from others (a question not asked here) has no words of its own:
            # the reason's words stand for it.
            because = [s for k in keys for s in said.get(k, [])] or list(x.why)
            u = out[slot] = Unfit(because, [])
        u.options.append(x)
    return list(out.values())


def unfit_reasons(excluded: list[Excluded]) -> list[UnfitReason]:
    """Each reason that rules options out, once (the same words and sources are one reason), in
    the order first met, with the options it rules out."""
    out: dict[tuple[str, tuple[str, ...]], UnfitReason] = {}
    for x in excluded:
        reasons = [(r.why, r.sources) for r in x.reasons] or [(w, x.sources) for w in x.why]
        for why, sources in reasons:
            slot = (why, tuple(sources))
            if slot not in out:
                out[slot] = UnfitReason(why, list(sources), [])
            if x.treatment not in out[slot].options:
                out[slot].options.append(x.treatment)
    return list(out.values())


def counted(result: Matched, said: dict[str, list[str]]) -> list[Counted]:
    """The options set aside as for another kind or site of tumour, by that reason (kind
    first)."""
    out = [
        Counted(
            key,
            [s for k in keys for s in said.get(k, [])],
            [x for x in result.set_aside if x.key == key],
        )
        for key, keys in m.NOT_FOR_TUMOUR.items()
    ]
    return [c for c in out if c.options]


def build(
    kb: m.KnowledgeBase, result: Matched, reflection: Reflected | None, as_of: dt.date
) -> Overview:
    """The whole overview of ``result`` and the last step's answers: every source either cites
    is numbered."""
    from netcli.explore.matched import result_sources

    situation, not_sure = statements(result.answers, result.questions, kb.plain_answers)
    said_by_key = {
        q.id: statements({q.id: v}, [q], kb.plain_answers)[0]
        for q in result.questions
        if (v := result.answers.get(q.id, (UNSURE,))) != (UNSURE,)
    }
    grouped = groups(result)
    after = follows(result, grouped)
    listed, unchanged = changes(result, not_sure, kb.plain_answers)
    ordered = [r.option for g in grouped for r in g.rows]
    ids = [s for g in grouped for st in g.because for s in st.sources]
    ids += [s for st in after for s in st.sources]
    ids += [s for g in grouped for r in g.rows for s in r.sources]
    ids += [s for c in listed if c.settled_by for s in c.settled_by.sources]
    ids += result_sources(result)
    if reflection is not None and reflection.not_ready is not None:
        ids += reflection.not_ready.sources
    by_source = result.sources
    explained = details(result, ordered)
    return Overview(
        situation=situation,
        groups=grouped,
        changes=listed,
        unchanged=unchanged,
        details=explained,
        unfit=unfit(result.excluded, result.answers, said_by_key),
        references=[by_source[i] for i in dict.fromkeys(ids)],
        as_of=as_of,
        disclaimer=result.disclaimer,
        unfit_reasons=unfit_reasons(result.excluded),
        counted=counted(result, said_by_key),
        unknown=list(dict.fromkeys(c.topic for c in listed)),
        shared_asks=shared_asks(explained),
        follows=after,
    )

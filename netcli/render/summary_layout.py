"""The appointment summary laid out as a few neutral blocks (headings, paragraphs, lists, one
table): the sheet to bring on its first page, then what would change the list, each option's
details, what does not fit, notes, words and references. ``report`` writes the blocks as
Markdown, HTML or text, so the three always hold the same content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcli.knowledge import model as m
from netcli.records import dataclass
from netcli.render.words import (
    AFTER_TITLE,
    ASK,
    FIT_NOTE,
    GOALS_SHORT,
    NOT_SAID_ELSEWHERE,
    OUTCOME,
    ROLE,
    ROW_LABELS,
    SHARED_TITLE,
    STATE_KEY,
    WHY_LABEL,
    counted_line,
    group_title,
    if_clause,
    reference_text,
    row_lines,
    speaks_lines,
    state_text,
)

if TYPE_CHECKING:
    from netcli.explore.overview import Overview
    from netcli.explore.summary import Summary


@dataclass
class Block:
    # "h1", "h2", "h3", "p", "ul", "ol", "note"; "cols" (a list, in two columns where it can be),
    # "ask" (a numbered list, in two columns in print), "table" (items: the header, rows: the
    # rows; a row of one cell is a group's heading), "checks" (tick boxes to fill in by hand),
    # "lines" (room to write), "break" (a new page)
    kind: str
    items: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


def _cites(numbers: dict[str, int], ids: list[str]) -> str:
    return "".join(f"[{numbers[i]}]" for i in sorted(set(ids), key=lambda i: numbers[i]))


def _overview_table(ov: Overview, numbers: dict[str, int]) -> Block:
    """Every option that may be discussed, in its group; none favoured."""
    rows: list[tuple[str, ...]] = []
    for g in ov.groups:
        rows.append((group_title(g.id),))
        for row in g.rows:
            rows.append(
                (
                    row.option.treatment.name,
                    state_text(row.fit, row.depends_on),
                    ", ".join(GOALS_SHORT.get(x, x) for x in row.goals) or "not stated",
                    _cites(numbers, row.sources),
                )
            )
    return Block("table", ("Option", "Fits your answers?", "Aim", "Sources"), tuple(rows))


def _reflection(s: Summary, numbers: dict[str, int]) -> list[Block]:
    """What matters to the person and how ready they feel, as things to discuss; when the step
    was not answered, its choices as tick boxes and room to write."""
    out = [Block("h2", ("What matters to you",))]
    x = s.result.reflection
    if x is None:
        if s.matters_choices:
            out.append(Block("p", ("Tick what matters most to you right now:",)))
            out.append(Block("checks", tuple(s.matters_choices)))
        out.append(Block("p", ("In your own words:",)))
        out.append(Block("lines", ("1",)))
        return out
    items = [ROLE + x.role[1]] if x.role else []
    items += (
        ["What matters most to you: " + "; ".join(w for _, w in x.matters)] if x.matters else []
    )
    items += speaks_lines(x, name_others=False)  # the table above names them all
    items += [f"In your own words: {x.own_words}"] if x.own_words else []
    items += [f"{a.question} {a.answer}" for a in x.ready]
    out.append(Block("ul", tuple(items)))
    if x.not_ready:
        out.append(Block("p", (f"{x.not_ready.text} {_cites(numbers, x.not_ready.sources)}",)))
    return out


def _first_page(s: Summary, numbers: dict[str, int]) -> list[Block]:
    """The sheet to bring, on one printed page: the situation, every option at a glance, what
    matters, the questions to ask and room for notes. The details follow on the next pages."""
    r = s.result
    ov = r.overview
    b: list[Block] = [
        Block("h1", ("Treatment options to talk over with your team",)),
        Block(
            "p",
            (
                f"Made on {s.made_on:%d %B %Y} with netcli, knowledge base version {s.kb_version} "
                f"of {s.kb_date:%d %B %Y}.",
            ),
        ),
        Block("note", (r.disclaimer,)),
        Block("h2", ("Your situation",)),
    ]
    situation = list(ov.situation) or ["You answered Not sure to every question."]
    if ov.unknown:  # one of the situation's lines, not a second note under it
        topics = ", ".join(ov.unknown)
        situation.append(f"Not known yet: {topics} (see What would change this list).")
    b.append(Block("cols", tuple(situation)))
    b.append(Block("h2", ("Options that may be discussed with your team",)))
    if ov.groups:
        b.append(
            Block(
                "p",
                (
                    "Grouped by what your answers make pressing, then by kind of treatment; "
                    "none is ranked or favoured. The details follow this page.",
                ),
            )
        )
        b.append(_overview_table(ov, numbers))
        b.append(Block("p", (STATE_KEY,)))
    else:
        b.append(Block("p", ("The pages describe no option for these answers: ask your team.",)))
    if ov.follows:
        b.append(Block("p", (AFTER_TITLE + ":",)))
        b.append(Block("ul", tuple(f"{x.text} {_cites(numbers, x.sources)}" for x in ov.follows)))
    b += _reflection(s, numbers)
    if s.ask:
        b.append(Block("h2", ("Questions you might ask your team",)))
        b.append(Block("ask", tuple(f"{a.text} {_cites(numbers, a.sources)}" for a in s.ask)))
    b += [Block("h2", ("Notes",)), Block("lines", ("2",)), Block("break", ())]
    return b


def _changes(ov: Overview, numbers: dict[str, int], names: dict[str, str]) -> list[Block]:
    items = []
    for c in ov.changes:
        line = c.question if c.topic == c.question else f"{c.topic[:1].upper()}{c.topic[1:]}: "
        line += c.question if c.topic != c.question else ""
        for a in c.by_answer:
            parts = [
                f"{', '.join(names[i] for i in x.options)}: {OUTCOME.get(x.effect, x.effect)}"
                for x in a.outcomes
            ]
            line += f" {if_clause(a.says)}: {'; '.join(parts)}."
        if c.settled_by and c.key is None:  # "Your team's view" says who; only the sources
            line += f" {_cites(numbers, c.settled_by.sources)}"
        elif c.settled_by:
            line += f" Who can say: {c.settled_by.text} {_cites(numbers, c.settled_by.sources)}"
        items.append(line)
    if ov.unchanged:
        items.append("Not sure, but it changes nothing here: " + " ".join(ov.unchanged))
    return [Block("h2", ("What would change this list",)), Block("ul", tuple(items))]


def _details(s: Summary, ov: Overview, numbers: dict[str, int], names: dict[str, str]) -> list:
    r = s.result
    b: list[Block] = [Block("h2", ("The options in detail",))]
    by_option = {id(d.option): d for d in ov.details}
    # A question the pages leave open for several options is asked once, after the details,
    # with the options it is for; each of their rows points to it (the sheet says it once).
    shared = [a.question for a in ov.shared_asks]
    for g in ov.groups:
        b.append(Block("h3", (group_title(g.id),)))
        for row in g.rows:
            d = by_option[id(row.option)]
            o, t = d.option, d.option.treatment
            items = [
                f"Why it is listed first: {x.text} {_cites(numbers, x.sources)}"
                for x in (g.because if o.fit != "done" else [])
            ]
            for five in d.rows:  # the five rows, in their one order, each one item
                said = row_lines(five, d.wording, d.aims) or [(NOT_SAID_ELSEWHERE + ".", [])]
                if five.ask in shared:
                    n = shared.index(five.ask) + 1
                    said[-1] = (
                        said[-1][0].split(ASK)[0] + f"{ASK}question {n} of {SHARED_TITLE}, below.",
                        [],
                    )
                items.append(
                    f"{ROW_LABELS[five.key]}: "
                    + " ".join(f"{w} {_cites(numbers, ids)}".rstrip() for w, ids in said)
                )
            items += [f"{WHY_LABEL.get(o.fit, 'Why it may fit: ')}{w}" for w in d.why]
            # What follows a treatment had is said on the first page (the sheet to bring), once.
            items += ["What follows: on the first page"] if o.after else []
            items += [
                f"What each page says: {p.why} {_cites(numbers, p.sources)}" for p in d.positions
            ]
            items += [
                f"Part: {c.component.name}: {' '.join(c.why)} {_cites(numbers, c.sources)}"
                for c in o.components
            ]
            items += [f"Good to know: {c.text} {_cites(numbers, c.sources)}" for c in d.caveats]
            for x in d.disagreements:
                items += [
                    f"The sources differ ({x.topic}): {p.says} {_cites(numbers, p.sources)}"
                    for p in x.positions
                ]
            if d.depends_on:
                items.append(
                    "Depends on: "
                    + ", ".join(dict.fromkeys(d.depends_on))
                    + " (see What would change this list)"
                )
            if d.also:
                items.append(
                    "Also applies: what is said under " + ", ".join(names[i] for i in d.also)
                )
            if o.drugs:
                drugs = dict.fromkeys(r.drugs[u.drug].name for u in o.drugs)
                items.append("Drugs: " + ", ".join(drugs))
            items.append("Sources: " + _cites(numbers, o.sources))
            b += [Block("p", (t.name + FIT_NOTE[o.fit],)), Block("ul", tuple(items))]
    if shared:
        b.append(Block("h3", (SHARED_TITLE,)))
        b.append(
            Block(
                "ol",
                tuple(
                    f"{a.question} (For: {', '.join(t.name for t in a.options)}.)"
                    for a in ov.shared_asks
                ),
            )
        )
    return b


def layout(s: Summary) -> list[Block]:
    numbers = {src.id: n for n, src in enumerate(s.references, 1)}
    r = s.result
    ov = r.overview
    names = {o.treatment.id: o.treatment.name for o in r.options}
    b = _first_page(s, numbers)
    if ov.changes or ov.unchanged:
        b += _changes(ov, numbers, names)
    if ov.details:
        b += _details(s, ov, numbers, names)
    if ov.unfit_reasons:
        # Each reason once, with the options it rules out: a principle's words are not repeated
        # under every operation it applies to.
        b.append(Block("h2", ("Options that do not fit your answers",)))
        b.append(
            Block(
                "ul",
                tuple(
                    ", ".join(t.name for t in u.options)
                    + f". Why: {u.why} {_cites(numbers, u.sources)}"
                    for u in ov.unfit_reasons
                ),
            )
        )
    if ov.counted:
        if not ov.unfit_reasons:
            b.append(Block("h2", ("Options that do not fit your answers",)))
        b.append(
            Block(
                "ul",
                tuple(counted_line(c.key, c.because, len(c.options)) + "." for c in ov.counted),
            )
        )
    if r.notes:
        b.append(Block("h2", ("Good to know",)))
        b.append(Block("ul", tuple(f"{n.text} {_cites(numbers, n.sources)}" for n in r.notes)))
    if s.terms:
        # Terms the pages define alike (PET scan, octreotide scan) share one line.
        alike: dict[tuple[str, ...], list[m.Term]] = {}
        for t in s.terms:
            alike.setdefault(tuple(d.text for d in t.definition), []).append(t)
        b.append(Block("h2", ("Words used here",)))
        b.append(
            Block(
                "ul",
                tuple(
                    ", ".join(t.term for t in ts)
                    + ": "
                    + " ".join(said)
                    + " "
                    + _cites(numbers, [i for d in ts[0].definition for i in d.sources])
                    for said, ts in alike.items()
                ),
            )
        )
    b.append(Block("h2", ("References",)))
    b.append(
        Block(
            "ol",
            tuple(
                reference_text(src, s.made_on) + (f" Read it at: {src.url}" if src.url else "")
                for src in s.references
            ),
        )
    )
    b.append(Block("note", (r.disclaimer,)))
    return b

"""The explore result on a terminal: the overview table (or, when narrow, one block per option),
what matters, what would change the list, each option's details said once, the options that do
not fit, notes and references. It draws the result as the core computed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from netcli import lookup as lk
from netcli.explore.fit import MATCHES
from netcli.knowledge import model as m
from netcli.render.blocks import (
    cite,
    disagreement_block,
    disclaimer,
    hanging,
    heading,
    item,
    narrow,
    number_ranges,
    references_block,
    said,
    said_item,
    spans,
    stacked,
    text,
    title_line,
)
from netcli.render.hints import command
from netcli.render.words import (
    AFTER_TITLE,
    FIT_NOTE,
    GOALS_SHORT,
    INTENTS,
    NOT_SAID_ELSEWHERE,
    OUTCOME,
    ROLE,
    ROW_LABELS,
    STATE_KEY,
    WHY_LABEL,
    because,
    counted_line,
    group_title,
    if_clause,
    row_lines,
    speaks_lines,
    state_text,
)

if TYPE_CHECKING:
    from netcli.explore.overview import Change, Detail, Overview
    from netcli.explore.reflection import Reflected
    from netcli.explore.result import Result
    from netcli.explore.summary import Summary


def _page_date(s: m.Source) -> str:
    if s.last_revised:
        return f"{s.publisher or s.title}, revised {s.last_revised:%B %Y}"
    if s.last_reviewed:
        return f"{s.publisher or s.title}, reviewed {s.last_reviewed:%B %Y}"
    return f"{s.publisher or s.title}, no date printed" if s.kind == "patient-page" else ""


def _detail_block(
    d: Detail,
    refs: lk.References,
    r: Result,
    names: dict[str, str],
    because: list[m.Statement],
    commands: bool = True,
) -> RenderableType:
    """One option's details: only what was not said already (the rest is named, not repeated)."""
    o, t = d.option, d.option.treatment
    title = text(t.name, "bold")
    if o.fit != MATCHES:
        title += text(" " + FIT_NOTE[o.fit], "yellow")
    lines: list[RenderableType] = [title]
    if o.fit != "done":
        lines += [text("Why it is listed first: ", "bold") + said(refs, s) for s in because]
    if t.intent:
        lines.append(text("Approach: ", "bold") + text(INTENTS.get(t.intent, t.intent)))
    for row in d.rows:  # the five rows, in their one order, each on one paragraph
        line = text(ROW_LABELS[row.key] + ":", "bold")
        for words, sources in row_lines(row, d.wording, d.aims) or [(NOT_SAID_ELSEWHERE + ".", [])]:
            line += text(" " + words)
            line += Text(" ") + cite(refs, sources) if sources else Text()
        lines.append(line)
    if d.positions:
        lines.append(text("What each page says:", "bold yellow"))
        for p in d.positions:
            dates = [_page_date(r.sources[i]) for i in p.sources if i in r.sources]
            when = "; ".join(x for x in dates if x)
            lines.append(item(refs, p.why + (f" ({when})" if when else ""), p.sources, "  • "))
    lead = WHY_LABEL.get(o.fit, "Why it may fit: ")
    lines += [Text(lead, style="bold") + text(w) for w in d.why]
    lines += [
        text("What follows: ", "bold") + said(refs, m.Statement(a.text, a.sources)) for a in o.after
    ]
    for c in o.components:
        may = "" if c.fit == MATCHES else " (may apply)"
        lines.append(
            text("Part: ", "bold")
            + text(f"{c.component.name}{may}: {' '.join(c.why)} ")
            + cite(refs, c.sources)
        )
    lines += [Text("Good to know: ", style="bold") + said(refs, c) for c in d.caveats]
    lines += disagreement_block(refs, d.disagreements)
    if d.depends_on:
        lines.append(
            text("Depends on: ", "bold")
            + text(", ".join(dict.fromkeys(d.depends_on)) + " (see What would change this list)")
        )
    if d.also:
        lines.append(
            text("Also applies: ", "bold")
            + text("what is said under " + ", ".join(names[i] for i in d.also))
        )
    if o.drugs:
        drug_names = ", ".join(dict.fromkeys(r.drugs[u.drug].name for u in o.drugs))
        lines.append(text("Drugs: ", "bold") + text(drug_names))
    lines.append(text("Sources: ", "bold") + cite(refs, o.sources))
    if commands:  # its own line, by its shortest name: it breaks at 60 columns only if it must
        short = min([t.name, *(a.name for a in t.aliases if not a.not_in_pages)], key=len)
        lines.append(text(f"More: {command('treatments', short)}", "dim"))
    return Padding(Group(*lines), (0, 0, 1, 2))


def reflection_block(x: Reflected, refs: lk.References) -> RenderableType:
    """What matters to the person and how ready they feel: things to discuss, ranking nothing."""
    lines: list[RenderableType] = [heading("What matters to you (to talk over with your team)")]
    if x.role:
        lines.append(hanging("• ", text(ROLE, "bold") + text(x.role[1])))
    if x.matters:
        lines.append(text("• " + "; ".join(w for _, w in x.matters)))
    lines += [hanging("  ", text(line)) for line in speaks_lines(x)]
    if x.own_words:
        lines.append(text("• In your own words: ") + text(x.own_words, "italic"))
    lines += [text(f"• {a.question} ", "dim") + text(a.answer) for a in x.ready]
    if x.not_ready:
        lines.append(said(refs, x.not_ready))
    return Group(*lines)


def overview_table(ov: Overview, refs: lk.References, width: int | None) -> Table:
    """Every option that may be discussed, in its group; nothing ranked, nothing highlighted.
    ``width`` is the terminal's (None when piped: then each column takes its text's width)."""
    table = Table(box=None, padding=(0, 1, 0, 0), show_edge=False)
    # Widths that keep most rows on one line at 100 columns; below 80 the aims go (the details
    # below give them in full).
    wide = width is None or width >= 80
    rest = (width or 0) - 8 - (24 if wide else 0) - 1
    fixed = width is not None
    table.add_column("Option", overflow="fold", width=rest - rest // 2 if fixed else None)
    table.add_column("Fits your answers?", overflow="fold", width=rest // 2 if fixed else None)
    if wide:
        table.add_column("Aim", overflow="fold", width=24 if fixed else None)
    table.add_column("Sources", overflow="fold", width=8 if fixed else None)
    for g in ov.groups:
        head = [text(group_title(g.id), "bold underline")] + [Text()] * (len(table.columns) - 1)
        table.add_row(*head)
        for row in g.rows:
            cells = [
                text(row.option.treatment.name),
                text(state_text(row.fit, row.depends_on)),
            ]
            if wide:
                cells.append(
                    text(", ".join(GOALS_SHORT.get(x, x) for x in row.goals) or "not stated")
                )
            numbers = sorted({refs.number(i) for i in row.sources})
            cells.append(text(number_ranges(numbers), "cyan"))
            table.add_row(*cells)
    return table


def _outcome_lines(c: Change, names: dict[str, str]) -> list[str]:
    """What each answer would do: one line per answer, its effects joined."""
    return [
        f"{if_clause(a.says)}: "
        + "; ".join(
            f"{', '.join(names[i] for i in x.options)}: {OUTCOME.get(x.effect, x.effect)}"
            for x in a.outcomes
        )
        + "."
        for a in c.by_answer
    ]


def changes_block(ov: Overview, refs: lk.References, names: dict[str, str], out: Console) -> None:
    """Each question not known, once: what each answer would do to which options, who can say."""
    for c in ov.changes:
        topic = f"{c.topic[:1].upper()}{c.topic[1:]}: " if c.topic != c.question else ""
        out.print(hanging("• ", text(topic, "bold") + text(c.question)))
        for line in _outcome_lines(c, names):
            out.print(Padding(text(line), (0, 0, 0, 2)))
        if c.settled_by:
            out.print(
                Padding(text("Who can say: ", "bold") + said(refs, c.settled_by), (0, 0, 0, 2))
            )
    if ov.unchanged:
        out.print(
            text("Not sure, but it changes nothing here: ", "bold") + text(" ".join(ov.unchanged))
        )


def overview_list(ov: Overview, refs: lk.References) -> RenderableType:
    """``overview_table`` for a narrow terminal: each option a block of its own."""
    parts: list[RenderableType] = []
    for g in ov.groups:
        parts.append(text(group_title(g.id), "bold underline"))
        for row in g.rows:
            numbers = sorted({refs.number(i) for i in row.sources})
            goals = ", ".join(GOALS_SHORT.get(x, x) for x in row.goals) or "not stated"
            lines = [
                text(state_text(row.fit, row.depends_on)),
                text("aim: " + goals),
                text("sources: " + number_ranges(numbers), "cyan"),
            ]
            parts.append(stacked(text(row.option.treatment.name), lines))
    return Group(*parts)


def render_explore(
    r: Result, out: Console, every_reason: bool = False, commands: bool = True
) -> None:
    """The explore view. ``commands``: netcli commands to see more (not in the results browser,
    whose menu does that), and each reference's id."""
    ov = r.overview
    refs = lk.References(ov.references, ov.as_of)
    names = {o.treatment.id: o.treatment.name for o in r.options}
    width = out.width
    rule = min(out.width, 100)
    title = "Options that may be discussed with your team"
    title += " (grouped, none ranked)" if rule >= 80 else ""
    title_line(out, title, rule)
    out.print(disclaimer(ov.disclaimer))
    situation = " ".join(ov.situation) or "You answered Not sure to every question."
    out.print(text("Your situation: ", "bold") + text(situation))
    if ov.groups and narrow(out):
        out.print(overview_list(ov, refs))
    elif ov.groups:
        out.print(overview_table(ov, refs, width if spans(out) else None))
        out.print(text(STATE_KEY, "dim"))
    else:
        out.print(text("The pages describe no option for these answers: ask your team."))
    if ov.follows:  # narrow or wide, on the first screen
        out.print(text(AFTER_TITLE + ":", "bold"))
        for s in ov.follows:
            out.print(said_item(refs, s))
    if r.reflection is not None:
        out.print()
        out.print(reflection_block(r.reflection, refs))
    if ov.changes or ov.unchanged:
        out.print()
        title_line(out, "What would change this list", rule)
        changes_block(ov, refs, names, out)
    if ov.details:
        out.print()
        title_line(out, "The options in detail", rule)
        for g in ov.groups:
            out.print(text(group_title(g.id), "bold underline"))
            for row in g.rows:
                d = next(x for x in ov.details if x.option is row.option)
                out.print(_detail_block(d, refs, r, names, g.because, commands))
    if ov.unfit:
        title_line(out, "Options that do not fit your answers", rule)
        for u in ov.unfit:
            unfit = text(because(u.because) + ": ", "dim")
            unfit += text(", ".join(x.treatment.name for x in u.options))
            if not every_reason:
                unfit += Text(" ") + cite(refs, [s for x in u.options for s in x.sources])
            out.print(hanging("• ", unfit))
            if every_reason:
                for x in u.options:
                    out.print(Padding(text(x.treatment.name, "bold"), (0, 0, 0, 2)))
                    for reason in x.reasons:
                        out.print(Padding(item(refs, reason.why, reason.sources, ""), (0, 0, 0, 4)))
    if ov.counted:
        if not ov.unfit:
            title_line(out, "Options that do not fit your answers", rule)
        for c in ov.counted:
            out.print(hanging("• ", text(counted_line(c.key, c.because, len(c.options)) + ".")))
    if ov.unfit or ov.counted:
        if not every_reason and commands:
            hint = "To list them too, with every reason" if ov.counted else "Every reason"
            out.print(text(f"{hint}: the same command with --all", "dim"))
        out.print()
    if r.notes:
        title_line(out, "Notes", rule)
        for n in r.notes:
            out.print(said_item(refs, n))
        out.print()
    out.print(references_block(refs, ids=commands))
    out.print()
    out.print(disclaimer(r.disclaimer))


def what_would_change(s: Summary, out: Console) -> None:
    """The results browser's page: the same "What would change this list" as ``explore``."""
    ov = s.result.overview
    refs = lk.References(ov.references, ov.as_of)
    names = {o.treatment.id: o.treatment.name for o in s.result.options}
    out.print(heading("What would change this list"))
    if not ov.changes and not ov.unchanged:
        out.print(text("No answer you were not sure of changes the options shown."))
    changes_block(ov, refs, names, out)
    out.print()
    out.print(references_block(refs))
    out.print()
    out.print(disclaimer(s.result.disclaimer))

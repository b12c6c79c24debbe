"""Results drawn with rich. Every string from the knowledge base or the user is printed as Text,
never parsed as markup, and stripped of control, escape and bidi characters first."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from functools import singledispatch
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.pager import Pager
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from netcli import lookup as lk
from netcli.explore.fit import MATCHES
from netcli.knowledge import model as m
from netcli.knowledge.kinds import BY_SECTION
from netcli.render.hints import command, command_by_id, noun, nouns
from netcli.render.words import (
    AFTER_TITLE,
    CATEGORIES,
    FIT_NOTE,
    GOALS_SHORT,
    INTENTS,
    NOT_IN_PAGES,
    NOT_SAID_ELSEWHERE,
    OUTCOME,
    ROLE,
    ROW_LABELS,
    STALE_NOTE,
    STATE_KEY,
    WHY_LABEL,
    because,
    counted_line,
    frequency,
    group_title,
    if_clause,
    is_stale,
    reference_text,
    row_lines,
    speaks_lines,
    state_text,
)
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.env import Env
    from netcli.explore.overview import Change, Detail, Overview
    from netcli.explore.reflection import Reflected
    from netcli.explore.result import Result
    from netcli.explore.summary import Summary


# The width of output that goes to no terminal, when no width is known (COLUMNS unset and no
# terminal on stdin, stdout or stderr): wide enough that a line of the knowledge base stays on one
# line, instead of rich's 80 columns, which broke words ("Pancreaticoduodenectom / y").
PIPE_WIDTH = 1000


def console(env: Env) -> Console:
    """A console on the Env's stdout, with its terminal codes, colour and width."""
    width = env.width() or (80 if env.codes else PIPE_WIDTH)
    # markup=False: a string that reaches print() by mistake is still shown as written.
    return Console(
        file=env.stdout,
        force_terminal=env.codes,
        color_system=None if env.dumb else "auto",
        no_color=env.no_color,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _fits(out: Console) -> bool:
    """Whether boxes and rules span the width (a terminal), or fit their text (piped output)."""
    return out.width < PIPE_WIDTH


# Below this width a table's columns are too narrow for their words ("Pancr / eatic"; at 20
# columns `list drugs` showed only the ids): the tables of list, search and explore's overview are
# drawn as one block per row instead, each line wrapped at spaces.
NARROW = 50


def _narrow(out: Console) -> bool:
    return out.width < NARROW


def stacked(first: Text, lines: Sequence[Text]) -> RenderableType:
    """One row of a table for a narrow terminal: its first cell, then the others indented."""
    return Group(first, *(hanging("  ", line) for line in lines if line.plain))


def hanging(bullet: str, body: Text) -> RenderableType:
    """A bulleted line whose wrapped lines continue under its text, not under the bullet."""
    grid = Table.grid()
    grid.add_column(no_wrap=True, width=len(bullet))
    grid.add_column(overflow="fold")  # a word wider than the screen is folded, never cut off
    grid.add_row(Text(bullet), body)
    return grid


def text(value: str, style: str = "") -> Text:
    return Text(strip_unsafe(value), style=style)


def cite(refs: lk.References, ids: Iterable[str]) -> Text:
    numbers = sorted({refs.number(i) for i in ids})
    return Text("".join(f"[{n}]" for n in numbers), style="cyan")


def said(refs: lk.References, s: m.Statement, bullet: str = "") -> Text:
    out = Text(bullet) + text(s.text) + Text(" ") + cite(refs, s.sources)
    return out


def item(refs: lk.References, words: str, sources: list[str], bullet: str = "• ") -> RenderableType:
    """One bulleted line of words from the knowledge base, with its source numbers."""
    return hanging(bullet, text(words) + Text(" ") + cite(refs, sources))


def said_item(refs: lk.References, s: m.Statement, bullet: str = "• ") -> RenderableType:
    """A statement as a bulleted line that hangs under its text."""
    return hanging(bullet, said(refs, s))


def also_called(aliases: list[m.Alias], refs: lk.References | None = None) -> list[RenderableType]:
    """The other names, each with the numbers of the pages that use it (so that every source
    listed below is cited above)."""
    if not aliases:
        return []
    line = text("Also called: ")
    for i, alias in enumerate(aliases):
        line += text((", " if i else "") + alias_name(alias))
        if refs is not None and alias.sources:
            line += Text(" ") + cite(refs, alias.sources)
    return [line]


def alias_name(alias: m.Alias) -> str:
    """An other name, saying so when the pages don't use it (a brand added to find the record)."""
    if not alias.not_in_pages:
        return alias.name
    return f"{alias.name} ({NOT_IN_PAGES.get(alias.kind, NOT_IN_PAGES['other-name'])})"


def said_list(names: list[str]) -> str:
    """Names as a sentence says them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def heading(value: str) -> Text:
    return text(value, "bold")


def source_line(n: int | None, s: m.Source, as_of: dt.date, ids: bool = True) -> Text:
    line = Text(f"{n}. " if n is not None else "") + text(reference_text(s, as_of))
    if is_stale(s, as_of):
        line.stylize("yellow", len(line) - len(STALE_NOTE + "."))
    return line + text(f" [{s.id}]", "dim") if ids else line


def print_address(out: Console, s: m.Source, indent: str = "") -> None:
    """A page's public address on a line of its own, never broken (so it can be copied)."""
    if s.url:
        out.print(text(indent + "Read it at: " + s.url), soft_wrap=True)


def references_block(refs: lk.References, ids: bool = True) -> RenderableType:
    lines: list[RenderableType] = [heading("Sources")]
    lines += [source_line(n, s, refs.as_of, ids) for n, s in enumerate(refs.sources, 1)]
    if refs.rests_only_on_stale():
        lines.append(
            text(
                "Every page behind this entry is past its review date: ask your team "
                "whether anything has changed.",
                "yellow",
            )
        )
    return Group(*lines)


def disclaimer(value: str) -> Text:
    return text(value, "italic dim")


def bullets(refs: lk.References, items: list[m.Statement]) -> list[RenderableType]:
    return [said_item(refs, s) for s in items]


def disagreement_block(refs: lk.References, items: list[m.Disagreement]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for d in items:
        out.append(text("The sources differ: " + d.topic, "bold yellow"))
        out += [item(refs, p.says, p.sources, "  • ") for p in d.positions]
    return out


def terms_block(refs: lk.References, terms: list[m.Term]) -> list[RenderableType]:
    if not terms:
        return []
    out: list[RenderableType] = [Text(), heading("Words used here")]
    for t in terms:
        line = text(t.term + ": ", "bold")
        for s in t.definition:
            line += text(s.text) + Text(" ")
        out.append(line)
    return out


def rule_line(refs: lk.References, rule: m.Rule) -> RenderableType:
    """One rule's reason, what only the team can say, and which pages differ from it, as a
    bulleted line that hangs under its text (built as Text first: a bullet cannot be added to)."""
    line = text(rule.why) + Text(" ") + cite(refs, rule.sources)
    if rule.team_question:
        line += text(f" Only your team can say: {rule.team_question}", "dim")
    if rule.differs_from:
        line += text(" Other pages differ: ", "yellow") + cite(refs, rule.differs_from)
    return hanging("• ", line)


def wording_lines(refs: lk.References, items: list[m.Wording]) -> list[RenderableType]:
    """How strongly or how rarely the pages word an option, shown next to it."""
    return [
        text("How often: ", "bold") + said(refs, m.Statement(frequency(w), w.sources))
        for w in items
    ]


def option_rows_block(
    refs: lk.References, rows: list[m.OptionRow], wording: list[m.Wording], aims: list[m.Aim]
) -> list[RenderableType]:
    """The five rows of an option, in their one order: what the pages say, or that they don't
    say, with the question to ask."""
    out: list[RenderableType] = []
    for row in rows:
        lines = row_lines(row, wording, aims)
        body = [
            item(refs, words, sources) if sources else hanging("• ", text(words, "italic"))
            for words, sources in lines
        ]
        out += section(ROW_LABELS[row.key], body)
    return out


def _rule_sources(component: m.Component) -> list[str]:
    return list(dict.fromkeys(s for x in component.offered_when for s in x.sources))


def _named(refs: list[lk.Ref], record_id: str) -> str:
    return next(r.name for r in refs if r.id == record_id)


def section(title: str, body: Sequence[RenderableType]) -> list[RenderableType]:
    return [Text(), heading(title), *body] if body else []


@singledispatch
def render(result: Any, out: Console, disclaimer_text: str) -> None:
    # The explore result is matched here rather than registered, so that lookups never import
    # the explore modules.
    from netcli.explore.result import Result

    if isinstance(result, Result):
        # The results browser's view: its menu opens cards and comparisons, so no commands.
        return render_explore(result, out, commands=False)
    raise TypeError(f"no terminal view for {type(result).__name__}")


def _panel(
    out: Console,
    title: str,
    subtitle: str,
    body: Sequence[RenderableType],
    refs: lk.References | None,
    disclaimer_text: str,
    address: m.Source | None = None,
) -> None:
    parts: list[RenderableType] = list(body)
    if refs is not None and refs.sources:
        parts += [Text(), references_block(refs)]
    out.print(
        Panel(
            Group(*parts),
            title=text(title, "bold"),
            subtitle=text(subtitle),
            title_align="left",
            subtitle_align="left",
            expand=_fits(out),
        )
    )
    if address is not None:
        print_address(out, address)
    out.print(disclaimer(disclaimer_text))


@render.register
def _(r: lk.DrugResult, out: Console, disclaimer_text: str) -> None:
    d, refs = r.drug, r.references
    body: list[RenderableType] = also_called(d.aliases, refs)
    body += [Text("Class: ", style="bold") + said(refs, d.drug_class)]
    body += section("How it works", bullets(refs, d.how_it_works))
    body += section(
        "Used in",
        [
            hanging("• ", text(t.name) + text(f"  ({command('treatments', t.name)})", "dim"))
            for t in r.treatments
        ],
    )
    body += section("Good to know", bullets(refs, d.caveats))
    body += disagreement_block(refs, d.disagreements)
    body += terms_block(refs, r.terms)
    _panel(out, d.name, noun("drugs"), body, refs, disclaimer_text)


@render.register
def _(r: lk.TreatmentResult, out: Console, disclaimer_text: str) -> None:
    t, refs = r.treatment, r.references
    body: list[RenderableType] = also_called(t.aliases, refs)
    body.append(text("Group: " + CATEGORIES.get(t.category, t.category)))
    if t.intent:
        body.append(text("Approach: " + INTENTS.get(t.intent, t.intent)))
    body += option_rows_block(refs, m.option_rows(t), t.wording, t.aim)
    body += section(
        "When the sources say it may be offered",
        [rule_line(refs, x.rule) for x in r.offered_when],
    )
    body += section(
        "When the sources say it is not suitable",
        [rule_line(refs, x.rule) for x in r.not_suitable_when],
    )
    body += section(
        "When it counts as had already, and what follows",
        [rule_line(refs, x.rule) for x in r.done_when]
        + [said(refs, m.Statement(a.text, a.sources)) for a in t.after],
    )
    body += section(
        "Principles that apply (the same in netcli explore)",
        [
            line
            for p in r.principles
            for line in (
                text("• " + p.name, "bold"),
                said(refs, p.says, "  "),
                *(
                    item(refs, "Not suitable: " + x.why, x.sources, "  ")
                    for x in p.not_suitable_when
                ),
                *(item(refs, "If it comes back: " + x.why, x.sources, "  ") for x in p.later_when),
            )
        ],
    )
    body += section(
        "Parts",
        [
            item(refs, f"{c.name}: " + " ".join(x.why for x in c.offered_when), _rule_sources(c))
            for c in t.components
        ],
    )
    body += section(
        "Drugs",
        [
            item(refs, _named(r.drugs, u.drug) + (f" ({u.note})" if u.note else ""), u.sources)
            for u in t.drugs
        ],
    )
    body += section("Good to know", bullets(refs, t.caveats))
    if t.disagreements:
        body.append(Text())
        body += disagreement_block(refs, t.disagreements)
    if r.part_of:
        body.append(
            text(f"Part of: {r.part_of.name} ({command('treatments', r.part_of.name)})", "dim")
        )
    body += section("Kinds of this treatment", [hanging("• ", text(p.name)) for p in r.parts])
    body += terms_block(refs, r.terms)
    _panel(out, t.name, noun("treatments"), body, refs, disclaimer_text)


@render.register
def _(r: lk.SiteResult, out: Console, disclaimer_text: str) -> None:
    s, refs = r.site, r.references
    body: list[RenderableType] = also_called(s.aliases, refs)
    body += bullets(refs, s.about)
    if s.coverage_note:
        body += [Text(), said_item(refs, s.coverage_note, "Note: ")]
    body += section(
        "Treatments the sources mention",
        [
            item(
                refs,
                _named(r.treatments, x.treatment) + (f" ({x.note})" if x.note else ""),
                x.sources,
            )
            for x in s.treatments
        ],
    )
    body += disagreement_block(refs, s.disagreements)
    body += terms_block(refs, r.terms)
    _panel(out, s.name, noun("sites"), body, refs, disclaimer_text)


@render.register
def _(r: lk.TopicResult, out: Console, disclaimer_text: str) -> None:
    body: list[RenderableType] = [*bullets(r.references, r.topic.statements)]
    body += disagreement_block(r.references, r.topic.disagreements)
    _panel(out, r.topic.name, noun("topics"), body, r.references, disclaimer_text)


@render.register
def _(r: lk.SourceResult, out: Console, disclaimer_text: str) -> None:
    s = r.source
    body: list[RenderableType] = [source_line(None, s, r.as_of)]
    if s.note:
        body.append(text(s.note, "dim"))
    body += section("Cited by", [source_line(None, c, r.as_of) for c in r.cited_by])
    body += section("This page cites", [source_line(None, c, r.as_of) for c in r.cites])
    # The box's header is never cut: a title too long for it gives its words up to the colon, or
    # the publisher (the full title is the first line inside).
    header = s.title
    if len(header) > out.width - 6:
        short = header.split(":", 1)[0]
        header = short if len(short) <= out.width - 6 else (s.publisher or s.id)
    _panel(out, header, s.kind.replace("-", " "), body, None, disclaimer_text, s)


@render.register
def _(r: lk.SourcesResult, out: Console, disclaimer_text: str) -> None:
    if not r.sources:
        what = "past their review date" if r.stale_only else "in the knowledge base"
        out.print(text(f"No sources {what} as of {r.as_of:%d %b %Y}."))
        _footer(out, disclaimer_text)
        return
    title = "Sources past their review date" if r.stale_only else "Sources"
    out.print(heading(f"{title} (as of {r.as_of:%d %b %Y})"))
    for s in r.sources:
        out.print(source_line(None, s, r.as_of))
        print_address(out, s, "   ")
    _footer(out, disclaimer_text)


def _footer(out: Console, disclaimer_text: str) -> None:
    """The disclaimer under a lookup view that lists records (always shown, when known)."""
    if disclaimer_text:
        out.print(disclaimer(disclaimer_text))


@render.register
def _(r: lk.GlossaryResult, out: Console, disclaimer_text: str) -> None:
    refs = r.references
    fits = _fits(out)
    names = [
        t.term + (" (" + ", ".join(a.name for a in t.aliases) + ")" if t.aliases else "")
        for t in r.terms
    ]
    # On a terminal the terms take a quarter of the width, but never less than their longest word
    # (up to a third of the width), so that a narrow terminal does not cut words in two.
    longest = max((len(w) for n in names for w in n.split()), default=1)
    table = Table(show_header=False, box=None, padding=(0, 1), expand=fits)
    width = max(out.width // 4, min(longest, out.width // 3)) if fits else None
    table.add_column(style="bold", width=width, overflow="fold")
    table.add_column(overflow="fold")
    for t, name in zip(r.terms, names, strict=True):
        body = Text()
        for s in t.definition:
            body += said(refs, s) + Text(" ")
        table.add_row(text(name), body)
    out.print(table)
    out.print(references_block(refs))
    out.print(disclaimer(disclaimer_text))


@render.register
def _(r: lk.Choices, out: Console, disclaimer_text: str) -> None:
    out.print(text(f"{r.query!r} finds {len(r.matches)} {nouns(r.section)}. Open one with:"))
    for p in r.matches:
        out.print(text("  " + command(p.section, p.name)), soft_wrap=True)
    for p in r.elsewhere:
        line = f"{p.name} is also a {noun(p.section)}: {command(p.section, p.name)}"
        out.print(text(line), soft_wrap=True)


@render.register
def _(r: lk.SearchResult, out: Console, disclaimer_text: str) -> None:
    if not r.hits:
        out.print(text(f"Nothing matches {r.query!r}. Try fewer or shorter words."))
        _footer(out, disclaimer_text)
        return
    if _narrow(out):
        for h in r.hits:
            shows = BY_SECTION[h.section].command or h.section
            out.print(
                stacked(
                    text(h.name, "bold"),
                    [text(shows), text(command_by_id(h.section, h.id), "dim")],
                )
            )
        _footer(out, disclaimer_text)
        return
    table = Table("Kind", "Name", "See", box=None, padding=(0, 2, 0, 0))
    for h in r.hits:
        shows = BY_SECTION[h.section].command or h.section
        table.add_row(text(shows), text(h.name), text(command_by_id(h.section, h.id), "dim"))
    out.print(table)
    _footer(out, disclaimer_text)


@render.register
def _(r: lk.ListResult, out: Console, disclaimer_text: str) -> None:
    if _narrow(out):
        for record_id, name, names in r.items:
            also = text("also called: " + ", ".join(names)) if names else Text()
            out.print(stacked(text(name, "bold"), [text("id: ") + text(record_id, "dim"), also]))
        _footer(out, disclaimer_text)
        return
    table = Table(box=None, padding=(0, 2, 0, 0))
    table.add_column("Id", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Also called", overflow="fold")
    for record_id, name, names in r.items:
        table.add_row(text(record_id, "dim"), text(name), text(", ".join(names)))
    out.print(table)
    _footer(out, disclaimer_text)


@render.register
def _(r: lk.KBInfo, out: Console, disclaimer_text: str) -> None:
    meta = r.meta
    out.print(heading(f"Knowledge base {meta.version} of {meta.date:%d %b %Y}"))
    out.print(text(f"File: {meta.path}"))
    out.print(text(f"Content hash: {meta.digest[:16]}"))
    table = Table("Section", "Records", box=None, padding=(0, 2, 0, 0))
    for name, count in meta.counts.items():
        table.add_row(text(name), text(str(count)))
    out.print(table)
    if r.stale:
        out.print(text(f"Sources past their review date as of {r.as_of:%d %b %Y}:", "yellow"))
        for s in r.stale:
            out.print(source_line(None, s, r.as_of))
    else:
        out.print(text(f"No source is past its review date as of {r.as_of:%d %b %Y}."))


@render.register
def _(r: lk.Validated, out: Console, disclaimer_text: str) -> None:
    summary = ", ".join(f"{n} {section}" for section, n in r.counts.items())
    out.print(text(f"{r.path}: valid ({summary})"), soft_wrap=True)


@render.register
def _(r: lk.Schema, out: Console, disclaimer_text: str) -> None:
    # It is JSON already: the same document as --json.
    out.print(text(json.dumps(r.schema, indent=2)), soft_wrap=True)


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
    if t.drugs:
        drug_names = ", ".join(dict.fromkeys(r.drugs[u.drug].name for u in t.drugs))
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


def number_ranges(numbers: list[int]) -> str:
    """Source numbers in a few characters, broken only at a space: "1-3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


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


def _title(out: Console, title: str, rule: int) -> None:
    """A section's title on a rule across the screen; on its own line when the screen is too
    narrow for a rule to hold it whole."""
    if _narrow(out):
        out.print(text(title, "bold"))
    else:
        out.print(Rule(text(title, "bold")), width=rule)


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
    _title(out, title, rule)
    out.print(disclaimer(ov.disclaimer))
    situation = " ".join(ov.situation) or "You answered Not sure to every question."
    out.print(text("Your situation: ", "bold") + text(situation))
    if ov.groups and _narrow(out):
        out.print(overview_list(ov, refs))
    elif ov.groups:
        out.print(overview_table(ov, refs, width if _fits(out) else None))
        out.print(text(STATE_KEY, "dim"))
        follows = [s for g in ov.groups if g.id == "done" for s in g.because]
        if follows:
            out.print(text(AFTER_TITLE + ":", "bold"))
            for s in follows:
                out.print(said_item(refs, s))
    else:
        out.print(text("The pages describe no option for these answers: ask your team."))
    if r.reflection is not None:
        out.print()
        out.print(reflection_block(r.reflection, refs))
    if ov.changes or ov.unchanged:
        out.print()
        _title(out, "What would change this list", rule)
        changes_block(ov, refs, names, out)
    if ov.details:
        out.print()
        _title(out, "The options in detail", rule)
        for g in ov.groups:
            out.print(text(group_title(g.id), "bold underline"))
            for row in g.rows:
                d = next(x for x in ov.details if x.option is row.option)
                out.print(_detail_block(d, refs, r, names, g.because, commands))
    if ov.unfit:
        _title(out, "Options that do not fit your answers", rule)
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
            _title(out, "Options that do not fit your answers", rule)
        for c in ov.counted:
            out.print(hanging("• ", text(counted_line(c.key, c.because, len(c.options)) + ".")))
    if ov.unfit or ov.counted:
        if not every_reason and commands:
            hint = "To list them too, with every reason" if ov.counted else "Every reason"
            out.print(text(f"{hint}: the same command with --all", "dim"))
        out.print()
    if r.notes:
        _title(out, "Notes", rule)
        for n in r.notes:
            out.print(said_item(refs, n))
        out.print()
    out.print(references_block(refs, ids=commands))
    out.print()
    out.print(disclaimer(r.disclaimer))


def _grid_cell(row: Any, items: list[Any], refs: lk.References) -> RenderableType:
    """One treatment's answer to one question: its items as bullets with a hanging indent."""
    if row.key == "sources":
        return cite(refs, [i for item in items for i in item.sources])
    if not items:
        return text(row.empty, "dim italic")
    cell = Table.grid(padding=0)
    cell.add_column(no_wrap=True)
    cell.add_column(overflow="fold")
    for item in items:
        words = text(item.text)
        if item.sources:
            words += Text(" ") + cite(refs, item.sources)
        cell.add_row("• " if len(items) > 1 else "", words)
    return cell


@render.register
def _(r: lk.CompareResult, out: Console, disclaimer_text: str) -> None:
    from netcli.render.grid import grid

    refs, rows = r.references, grid(r)
    names = [t.treatment.name for t in r.treatments]
    out.print(heading("Side by side: " + ", ".join(names)))
    out.print(
        text(
            "In the order given; none is favoured. Each is something that may be "
            "discussed with your team.",
            "dim",
        )
    )
    out.print()
    if out.width >= 20 + 26 * len(names):
        table = Table(show_lines=True, expand=True)
        table.add_column("", style="bold", ratio=1, min_width=10, overflow="fold")
        for name in names:
            table.add_column(text(name, "bold"), ratio=3, overflow="fold")
        for row in rows:
            table.add_row(text(row.question), *(_grid_cell(row, c, refs) for c in row.cells))
        out.print(table)
    else:  # too narrow for columns: each question, then each treatment's answer under it
        for row in rows:
            if _narrow(out):  # a rule would cut the question short
                out.print(text(row.question, "bold"))
            else:
                out.print(Rule(text(row.question, "bold"), align="left"))
            for name, cell in zip(names, row.cells, strict=True):
                out.print(text(name, "bold"))
                out.print(Padding(_grid_cell(row, cell, refs), (0, 0, 0, 2), expand=False))
        out.print()
    out.print(
        text(
            "More on each: "
            + "; ".join(command_by_id("treatments", t.treatment.id) for t in r.treatments),
            "dim",
        )
    )
    out.print()
    out.print(references_block(refs))
    out.print()
    out.print(disclaimer(disclaimer_text))


@render.register
def _(r: lk.AboutResult, out: Console, disclaimer_text: str) -> None:
    refs, a = r.references, r.about
    if a is None:
        out.print(text("This knowledge base has no 'about' section: it says nothing about netcli."))
        out.print(disclaimer(r.disclaimer))
        return
    body: list[RenderableType] = [text(a.why)]
    body += section("Who made it", [text(a.made_by)])
    body += section("Where the content comes from", [text(a.content)])
    lines: list[RenderableType] = [
        source_line(n, s, refs.as_of) for n, s in enumerate(refs.sources, 1)
    ]
    lines.append(
        text(
            f"The pages cite {len(r.cited)} further "
            f"{'reference' if len(r.cited) == 1 else 'references'} (guidelines, papers and "
            "others), listed by netcli sources. "
            f"Knowledge base {r.version} of {r.date:%d %B %Y}; review dates as of "
            f"{refs.as_of:%d %B %Y}.",
            "dim",
        )
    )
    body += section("The sources and how current they are", lines)
    body += section("How the content is reviewed and updated", [text(a.review)])
    body += section("Not a medical device", [text(a.medical_device)])
    body += section("How it is funded", [text(a.funding)])
    gaps: list[RenderableType] = []
    if r.little:
        gaps.append(
            text("• Where it started: ", "bold")
            + text("the pages barely describe " + said_list([s.name for s in r.little]) + ".")
        )
        gaps += [said(refs, s.coverage_note, "  ") for s in r.little if s.coverage_note]
    for gap in a.not_covered:
        gaps.append(
            text(f"• {gap.topic}: ", "bold") + said(refs, m.Statement(gap.text, gap.sources))
        )
        gaps += [text("  Ask your team: ", "italic") + text(r.ask[i].text) for i in gap.ask]
    body += section("What it does not cover", gaps)
    _panel(out, "About netcli", "about", body, None, r.disclaimer)


# less -FIRX: quit at once when the text fits the screen, keep colours, search ignoring case, and
# leave the text on screen afterwards. Its prompt says how to scroll and leave (less's own is ":").
LESS_PROMPT = "?eEnd of the text\\. :Space or arrows to scroll\\, .q to leave\\, / to search"
LESS = ("less", "-FIRX", "-Ps" + LESS_PROMPT)


class Paged(Pager):
    """A pager command with the text on its stdin (never as arguments, never through a shell).

    The terminal's modes are saved before it starts and put back whatever happens; SIGTERM and
    SIGHUP stop the pager and netcli with its message (exit 143, 129); Ctrl-C stops the pager
    too (exit 130). A pager that cannot be started, or fails at once, shows the text unpaged
    after a one-line warning on stderr."""

    def __init__(self, command: Sequence[str], env: Env) -> None:
        self.command = list(command)
        self.env = env

    def _unpaged(self, content: str, why: str) -> None:
        name = strip_unsafe(self.command[0])
        self.env.stderr.write(f"netcli: the pager {name!r} {why}; showing the text without it.\n")
        self.env.stderr.flush()
        self.env.stdout.write(content)

    def show(self, content: str) -> None:
        import subprocess

        from netcli.env import terminal_restored

        # The terminal's modes are saved before the pager can change them.
        with terminal_restored(self.env, always=True):
            try:
                proc = subprocess.Popen(
                    self.command,
                    stdin=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
            except OSError as exc:
                self._unpaged(content, f"cannot be started ({exc.strerror or exc})")
                return
            try:
                proc.communicate(content)
            except BaseException:
                _stop_pager(proc)
                raise
        if proc.returncode is not None and proc.returncode > 0:  # PAGER=false, a bad option
            self._unpaged(content, f"stopped with an error (exit {proc.returncode})")


def _stop_pager(proc: Any) -> None:
    """End a pager that netcli started: asked first, then killed."""
    import subprocess

    with contextlib.suppress(OSError):
        proc.terminate()
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            proc.kill()
        with contextlib.suppress(Exception):
            proc.wait(timeout=2)


def pager_command(env: Env) -> list[str] | None:
    """The pager for a long view: none when stdout is not a terminal or the terminal is dumb,
    unknown or not named (less would stop at "terminal is not fully functional"); else $PAGER
    (netcli's own setting: MANPAGER is for man pages), else less -FIRX when it is installed."""
    import shlex
    import shutil

    if not env.codes or env.dumb or not env.term:
        return None
    if env.pager:
        try:
            return shlex.split(env.pager) or None
        except ValueError:  # an unfinished quote: as one word, which then cannot be started
            return [env.pager]
    return list(LESS) if shutil.which("less") else None


def pager(env: Env) -> Pager | None:
    command = pager_command(env)
    return Paged(command, env) if command is not None else None


def paged(draw: Callable[[Console], None], env: Env) -> None:
    """Draw a view through the Env's pager, or as it is when there is none."""
    out = console(env)
    chosen = pager(env)
    if chosen is None:
        draw(out)
        return
    with out.pager(pager=chosen, styles=True):
        draw(out)


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

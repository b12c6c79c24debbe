"""Results drawn with rich. Every string from the knowledge base or the user is printed as Text,
never parsed as markup, and stripped of control, escape and bidi characters first."""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from netcli import lookup as lk
from netcli.knowledge import model as m
from netcli.knowledge.kinds import BY_SECTION
from netcli.render.blocks import (
    also_called,
    bullets,
    cite,
    disagreement_block,
    disclaimer,
    footer,
    hanging,
    heading,
    item,
    narrow,
    option_rows_block,
    panel,
    print_address,
    references_block,
    rule_line,
    said,
    said_item,
    said_list,
    section,
    source_line,
    spans,
    stacked,
    terms_block,
    text,
)
from netcli.render.hints import command, command_by_id, noun, nouns
from netcli.render.words import (
    CATEGORIES,
    INTENTS,
)


def _rule_sources(component: m.Component) -> list[str]:
    return list(dict.fromkeys(s for x in component.offered_when for s in x.sources))


def _named(refs: list[lk.Ref], record_id: str) -> str:
    return next(r.name for r in refs if r.id == record_id)


@singledispatch
def render(result: Any, out: Console, disclaimer_text: str) -> None:
    # The explore result is matched here rather than registered, so that lookups never import
    # the explore modules.
    from netcli.explore.result import Result

    if isinstance(result, Result):
        from netcli.render.explore_view import render_explore

        # The results browser's view: its menu opens cards and comparisons, so no commands.
        return render_explore(result, out, commands=False)
    raise TypeError(f"no terminal view for {type(result).__name__}")


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
    panel(out, d.name, noun("drugs"), body, refs, disclaimer_text)


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
                said_item(refs, p.says, "  "),
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
    panel(out, t.name, noun("treatments"), body, refs, disclaimer_text)


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
    panel(out, s.name, noun("sites"), body, refs, disclaimer_text)


@render.register
def _(r: lk.TopicResult, out: Console, disclaimer_text: str) -> None:
    body: list[RenderableType] = [*bullets(r.references, r.topic.statements)]
    body += disagreement_block(r.references, r.topic.disagreements)
    panel(out, r.topic.name, noun("topics"), body, r.references, disclaimer_text)


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
    panel(out, header, s.kind.replace("-", " "), body, None, disclaimer_text, s)


@render.register
def _(r: lk.SourcesResult, out: Console, disclaimer_text: str) -> None:
    if not r.sources:
        what = "past their review date" if r.stale_only else "in the knowledge base"
        out.print(text(f"No sources {what} as of {r.as_of:%d %b %Y}."))
        footer(out, disclaimer_text)
        return
    title = "Sources past their review date" if r.stale_only else "Sources"
    out.print(heading(f"{title} (as of {r.as_of:%d %b %Y})"))
    for s in r.sources:
        out.print(source_line(None, s, r.as_of))
        print_address(out, s, "   ")
    footer(out, disclaimer_text)


@render.register
def _(r: lk.GlossaryResult, out: Console, disclaimer_text: str) -> None:
    refs = r.references
    fits = spans(out)
    names = [
        t.term + (" (" + ", ".join(a.name for a in t.aliases) + ")" if t.aliases else "")
        for t in r.terms
    ]
    bodies = []
    for t in r.terms:
        body = Text()
        for s in t.definition:
            body += said(refs, s) + Text(" ")
        bodies.append(body)
    if narrow(out):
        # A column a third of the width cut the terms in two ("embolisati / on" at 30 columns,
        # "carcin / oid" at 20; attack run h41, D6): each term on its line, its meaning under it.
        for name, body in zip(names, bodies, strict=True):
            body.rstrip()
            out.print(stacked(text(name, "bold"), [body]))
    else:
        # On a terminal the terms take a quarter of the width, but never less than their longest
        # word (up to a third of the width), so that words are not cut in two.
        longest = max((len(w) for n in names for w in n.split()), default=1)
        table = Table(show_header=False, box=None, padding=(0, 1), expand=fits)
        width = max(out.width // 4, min(longest, out.width // 3)) if fits else None
        table.add_column(style="bold", width=width, overflow="fold")
        table.add_column(overflow="fold")
        for name, body in zip(names, bodies, strict=True):
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
        footer(out, disclaimer_text)
        return
    if narrow(out):
        for h in r.hits:
            shows = BY_SECTION[h.section].command or h.section
            out.print(
                stacked(
                    text(h.name, "bold"),
                    [text(shows), text(command_by_id(h.section, h.id), "dim")],
                )
            )
        footer(out, disclaimer_text)
        return
    table = Table("Kind", "Name", "See", box=None, padding=(0, 2, 0, 0))
    for h in r.hits:
        shows = BY_SECTION[h.section].command or h.section
        table.add_row(text(shows), text(h.name), text(command_by_id(h.section, h.id), "dim"))
    out.print(table)
    footer(out, disclaimer_text)


@render.register
def _(r: lk.ListResult, out: Console, disclaimer_text: str) -> None:
    if narrow(out):
        for record_id, name, names in r.items:
            also = text("also called: " + ", ".join(names)) if names else Text()
            out.print(stacked(text(name, "bold"), [text("id: ") + text(record_id, "dim"), also]))
        footer(out, disclaimer_text)
        return
    table = Table(box=None, padding=(0, 2, 0, 0))
    table.add_column("Id", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Also called", overflow="fold")
    for record_id, name, names in r.items:
        table.add_row(text(record_id, "dim"), text(name), text(", ".join(names)))
    out.print(table)
    footer(out, disclaimer_text)


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


def _grid_cell(row: Any, items: list[Any], refs: lk.References) -> RenderableType:
    """One treatment's answer to one question: its items as bullets with a hanging indent."""
    if row.key == "sources":
        return cite(refs, [i for item in items for i in item.sources])
    if not items:
        return text(row.empty, "dim italic")
    cell = Table.grid(padding=0)
    cell.add_column(no_wrap=True)
    cell.add_column(overflow="fold")
    for entry in items:
        words = text(entry.text)
        if entry.sources:
            words += Text(" ") + cite(refs, entry.sources)
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
            if narrow(out):  # a rule would cut the question short
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
    panel(out, "About netcli", "about", body, None, r.disclaimer)

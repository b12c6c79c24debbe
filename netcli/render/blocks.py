"""The pieces every terminal view is drawn with (rich): the console, text that is never markup,
source numbers, bulleted lines that hang under their text, sections, references and the
disclaimer. Every string from the knowledge base or the user is printed as Text, never parsed
as markup, and stripped of control, escape and bidi characters first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, cast

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from netcli import lookup as lk
from netcli.knowledge import model as m
from netcli.render.words import (
    NOT_IN_PAGES,
    ROW_LABELS,
    STALE_NOTE,
    frequency,
    is_stale,
    reference_text,
    row_lines,
)
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.env import Env


# The width of output that goes to no terminal, when no width is known (COLUMNS unset and no
# terminal on stdin, stdout or stderr): wide enough that a line of the knowledge base stays on one
# line, instead of rich's 80 columns, which broke words ("Pancreaticoduodenectom / y").
PIPE_WIDTH = 1000


class TrimmedLines:
    """A stream that writes each line without the spaces rich pads it with to the width of its
    table or block: output that goes to a file or a pipe (no terminal codes) has no trailing
    spaces (a summary saved from a pipe had them on 286 of 337 lines, up to 1,000 columns)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._line = ""  # the part of a line written so far

    def write(self, text: str) -> int:
        *lines, self._line = (self._line + text).split("\n")
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        # A line not ended yet is written as it is: nothing waits where a flush may be the last.
        if self._line:
            self._stream.write(self._line)
            self._line = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def console(env: Env) -> Console:
    """A console on the Env's stdout, with its terminal codes, colour and width."""
    width = env.width() or (80 if env.codes else PIPE_WIDTH)
    # markup=False: a string that reaches print() by mistake is still shown as written.
    return Console(
        file=env.stdout if env.codes else cast(IO[str], TrimmedLines(env.stdout)),
        force_terminal=env.codes,
        color_system=None if env.dumb else "auto",
        no_color=env.no_color,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
    )


def spans(out: Console) -> bool:
    """Whether boxes and rules span the width (a terminal), or fit their text (piped output)."""
    return out.width < PIPE_WIDTH


# Below this width a table's columns are too narrow for their words ("Pancr / eatic"; at 20
# columns `list drugs` showed only the ids): the tables of list, search and explore's overview are
# drawn as one block per row instead, each line wrapped at spaces.
NARROW = 50


def narrow(out: Console) -> bool:
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


def section(title: str, body: Sequence[RenderableType]) -> list[RenderableType]:
    return [Text(), heading(title), *body] if body else []


def panel(
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
            expand=spans(out),
        )
    )
    if address is not None:
        print_address(out, address)
    out.print(disclaimer(disclaimer_text))


def footer(out: Console, disclaimer_text: str) -> None:
    """The disclaimer under a lookup view that lists records (always shown, when known)."""
    if disclaimer_text:
        out.print(disclaimer(disclaimer_text))


def number_ranges(numbers: list[int]) -> str:
    """Source numbers in a few characters, broken only at a space: "1-3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def title_line(out: Console, title: str, rule: int) -> None:
    """A section's title on a rule across the screen; on its own line when the screen is too
    narrow for a rule to hold it whole."""
    if narrow(out):
        out.print(text(title, "bold"))
    else:
        out.print(Rule(text(title, "bold")), width=rule)

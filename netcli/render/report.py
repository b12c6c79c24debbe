"""The appointment summary as Markdown, one self-contained HTML page, or plain text.

The summary is first laid out as a few neutral blocks (headings, paragraphs, lists); each format
only writes those blocks, so the three always hold the same content.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from netcli.errors import UsageError
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
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.explore.overview import Overview
    from netcli.explore.summary import Summary

FORMATS = (".md", ".html", ".txt")


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
        follows = [x for g in ov.groups if g.id == "done" for x in g.because]
        if follows:
            b.append(Block("p", (AFTER_TITLE + ":",)))
            b.append(Block("ul", tuple(f"{x.text} {_cites(numbers, x.sources)}" for x in follows)))
    else:
        b.append(Block("p", ("The pages describe no option for these answers: ask your team.",)))
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
            if t.drugs:
                drugs = dict.fromkeys(r.drugs[u.drug].name for u in t.drugs)
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


# Every character that starts Markdown syntax anywhere in a line (CommonMark and GitHub's
# extensions: emphasis, code, links and images (all need "["), raw HTML, entities, tables,
# strikethrough, math), escaped with a backslash, which CommonMark defines for any ASCII
# punctuation. "(", ")" and "!" mean nothing once "[" is escaped, so they stay as written.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$^\"])")
# Automatic links: a scheme's "://" or "mailto:", "www.", and e-mail addresses.
_MD_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=\S)|(?<=www)\.|@", re.IGNORECASE)
# What starts a block when it comes first on a line: a list item, a quote, a heading, a rule,
# a setext underline, an ordered item ("1." or "1)").
_MD_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")
_SPACE = re.compile(r"\s+")
# Source numbers ("[1][2]") read better unescaped, and are inert: no text can define a link label,
# since every "[" from the knowledge base is escaped. One that a colon or "(" follows stays
# escaped ("[1]: address" would define a label, "[1](address)" would be a link).
_MD_CITE = re.compile(r"\\\[(\d+)\\\](?!\s*\\?:|\()")


def md_escape(value: str) -> str:
    """Knowledge-base or user text as inert Markdown: one line (a newline would start a block),
    every special character escaped, no link, image, heading, HTML or code."""
    value = _SPACE.sub(" ", strip_unsafe(value)).strip()
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), value)
    value = _MD_CITE.sub(r"[\1]", value)
    start = _MD_LINE_START.match(value)
    if start:
        if start.group(1)[0].isdigit():  # "1." -> "1\." keeps the number
            end = start.end()
            value = value[:end] + "\\" + value[end:]
        else:
            value = "\\" + value
    return value


def markdown(blocks: list[Block]) -> str:
    esc = md_escape
    out: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            out.append("#" * int(block.kind[1]) + " " + esc(block.items[0]))
        elif block.kind == "p":
            out.append(esc(block.items[0]))
        elif block.kind == "note":
            out.append("> " + esc(block.items[0]))
        elif block.kind in ("ul", "cols"):
            out.append("\n".join("- " + esc(i) for i in block.items))
        elif block.kind in ("ol", "ask"):
            out.append("\n".join(f"{n}. " + esc(i) for n, i in enumerate(block.items, 1)))
        elif block.kind == "table":
            width = len(block.items)
            lines = ["| " + " | ".join(esc(c) for c in block.items) + " |"]
            lines.append("|" + "---|" * width)
            for row in block.rows:  # a group's heading: its name, then empty cells (no markup)
                cells = [row[0].upper(), *[""] * (width - 1)] if len(row) == 1 else list(row)
                lines.append("| " + " | ".join(esc(c) for c in cells) + " |")
            out.append("\n".join(lines))
        elif block.kind == "checks":
            out.append("\n".join("- [ ] " + esc(i) for i in block.items))
        elif block.kind == "lines":
            out.append("\n\n".join("\\_" * 40 for _ in range(int(block.items[0]))))
        elif block.kind == "break":
            out.append("---")
    return "\n\n".join(out) + "\n"


def text(blocks: list[Block], width: int = 78) -> str:
    def wrap(value: str, first: str = "", rest: str = "") -> str:
        return textwrap.fill(
            strip_unsafe(value),
            width,
            initial_indent=first,
            subsequent_indent=rest or " " * len(first),
            break_on_hyphens=False,  # a web address stays whole
            break_long_words=False,
        )

    out: list[str] = []
    for block in blocks:
        value = block.items[0] if block.items else ""
        if block.kind == "h1":
            out.append(value.upper() + "\n" + "=" * min(len(value), width))
        elif block.kind == "h2":
            out.append(value + "\n" + "-" * min(len(value), width))
        elif block.kind in ("h3", "p"):
            out.append(wrap(value))
        elif block.kind == "note":
            out.append(wrap(value, "| ", "| "))
        elif block.kind in ("ul", "cols"):
            out.append("\n".join(wrap(i, "  * ", "    ") for i in block.items))
        elif block.kind in ("ol", "ask"):
            out.append(
                "\n".join(wrap(i, f"{n:>3}. ", "     ") for n, i in enumerate(block.items, 1))
            )
        elif block.kind == "table":  # a group's heading, then one entry per option
            entries = []
            for row in block.rows:
                if len(row) == 1:
                    entries.append(wrap(row[0] + ":"))
                    continue
                cells = zip(block.items[1:], row[1:], strict=True)
                line = row[0] + ". " + ". ".join(f"{h}: {c}" for h, c in cells)
                entries.append(wrap(line, "  * ", "    "))
            out.append("\n".join(entries))
        elif block.kind == "checks":
            out.append("\n".join(wrap(i, "  [ ] ", "      ") for i in block.items))
        elif block.kind == "lines":
            out.append("\n\n".join("_" * width for _ in range(int(block.items[0]))))
        elif block.kind == "break":
            out.append("\f")  # a form feed: a new page when printed
    return "\n\n".join(out) + "\n"


_CSS = """
body { font: 16px/1.5 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: .2em; }
p.option { font-weight: bold; margin: .8em 0 .2em; }
blockquote { border-left: 4px solid #999; margin: 1em 0; padding: .2em 1em; background: #f4f4f4; }
li { margin: .15em 0; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border-bottom: 1px solid #bbb; padding: .1em .4em; text-align: left; vertical-align: top; }
tr.group th { border-bottom: 1px solid #555; padding-top: .4em; }
ul.cols { columns: 2; column-gap: 2em; } ul.cols li { break-inside: avoid; }
ul.checks { list-style: none; padding-left: 1em; columns: 2; }
ul.checks li::before { content: "\\2610\\00a0"; }
div.write { background: repeating-linear-gradient(transparent 0 1.9em, #999 1.9em 2em); }
@media print {
  @page { size: A4; margin: 1cm 1.3cm; }
  body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.15; }
  h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: .6em 0 .2em; }
  p { margin: .2em 0; } ul, ol { margin: .2em 0; } li { margin: 0; }
  table { font-size: 1em; line-height: 1.1; } th, td { padding: 0 .3em; }
  td:last-child, td:nth-child(3) { white-space: nowrap; }
  h2, h3, tr.group { break-after: avoid; } li, blockquote, tr { break-inside: avoid; }
  blockquote { background: none; margin: .3em 0; padding: 0 .6em; }
  div.page-break { break-after: page; }
  ol.ask { columns: 2; column-gap: 2em; font-size: .9em; } ol.ask li { break-inside: avoid; }
  ul.checks { columns: 3; margin: 0; }
  div.write { background: repeating-linear-gradient(transparent 0 1.7em, #999 1.7em 1.8em); }
}
"""


def html_page(blocks: list[Block]) -> str:
    def esc(value: str) -> str:
        return html.escape(strip_unsafe(value), quote=True)

    body: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            body.append(f"<{block.kind}>{esc(block.items[0])}</{block.kind}>")
        elif block.kind == "p":
            css = ' class="option"' if previous == "h3" or previous == "ul" else ""
            body.append(f"<p{css}>{esc(block.items[0])}</p>")
        elif block.kind == "note":
            body.append(f"<blockquote>{esc(block.items[0])}</blockquote>")
        elif block.kind in ("ul", "ol"):
            items = "".join(f"<li>{esc(i)}</li>" for i in block.items)
            body.append(f"<{block.kind}>{items}</{block.kind}>")
        elif block.kind in ("ask", "cols", "checks"):
            items = "".join(f"<li>{esc(i)}</li>" for i in block.items)
            tag = "ol" if block.kind == "ask" else "ul"
            body.append(f'<{tag} class="{block.kind}">{items}</{tag}>')
        elif block.kind == "table":
            width = len(block.items)
            head = "".join(f'<th scope="col">{esc(c)}</th>' for c in block.items)
            rows = "".join(
                f'<tr class="group"><th colspan="{width}" scope="rowgroup">{esc(row[0])}</th></tr>'
                if len(row) == 1
                else "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif block.kind == "lines":
            body.append(f'<div class="write" style="height: {int(block.items[0]) * 2}em"></div>')
        elif block.kind == "break":
            body.append('<div class="page-break"></div>')
        previous = block.kind
    title = esc(blocks[0].items[0]) if blocks else "netcli summary"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(summary: Summary, suffix: str) -> str:
    blocks = layout(summary)
    if suffix == ".md":
        return markdown(blocks)
    if suffix == ".html":
        return html_page(blocks)
    return text(blocks)


def check_format(path: Path) -> str:
    """The report format that ``path`` names, or a usage error (checked before any work)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"Cannot tell the report's format from {path.name!r}.",
            hint="End the file name with .md, .html or .txt.",
        )
    return suffix

"""The appointment summary as Markdown, one self-contained HTML page, or plain text.

The summary is first laid out as a few neutral blocks (headings, paragraphs, lists); each format
only writes those blocks, so the three always hold the same content.
"""

from __future__ import annotations

import html
import os
import re
import stat
import textwrap
from dataclasses import dataclass
from pathlib import Path

from netcli.errors import UsageError
from netcli.explore.engine import CATEGORY_ORDER, option_sources
from netcli.explore.summary import Summary
from netcli.render.words import (
    CATEGORIES,
    FIT_NOTE,
    GOALS,
    WORDING,
    aims,
    dependency_line,
    reference_text,
)
from netcli.text import strip_unsafe

FORMATS = (".md", ".html", ".txt")


@dataclass
class Block:
    # "h1", "h2", "h3", "p", "ul", "ol", "note"; "cols" (a list, in two columns where it can be),
    # "ask" (a numbered list, in two columns in print), "table" (items: the header, rows: the rows),
    # "checks" (tick boxes to fill in by hand), "lines" (room to write), "break" (a new page)
    kind: str
    items: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


def _cites(numbers: dict[str, int], ids: list[str]) -> str:
    return "".join(f"[{numbers[i]}]" for i in sorted(set(ids), key=lambda i: numbers[i]))


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
    items = ["What matters most to you: " + "; ".join(w for _, w in x.matters)] if x.matters else []
    items += [f"In your own words: {x.own_words}"] if x.own_words else []
    items += [f"{a.question} {a.answer}" for a in x.ready]
    out.append(Block("ul", tuple(items)))
    if x.not_ready:
        out.append(Block("p", (f"{x.not_ready.text} {_cites(numbers, x.not_ready.sources)}",)))
    return out


# The overview's "Fits your answers?" column, for each fit of the result.
OVERVIEW_FIT = {
    "matches": "Matches your answers",
    "depends": "Depends on an answer not known yet",
    "sources-differ": "The sources differ",
}


def _overview(s: Summary, numbers: dict[str, int]) -> Block:
    """One row per option that may be discussed, grouped by kind of treatment, ranking none."""
    rows = []
    for o in s.result.options:
        t = o.treatment
        goals = "; ".join(dict.fromkeys(GOALS.get(a.goal, a.goal) for a in t.aim))
        fits = OVERVIEW_FIT.get(o.fit, o.fit)
        kind = CATEGORIES.get(t.category, t.category)
        rows.append((t.name, kind, fits, goals, _cites(numbers, option_sources(o))))
    return Block("table", ("Option", "Kind", "Fits your answers?", "Aim", "Sources"), tuple(rows))


def _first_page(s: Summary, numbers: dict[str, int]) -> list[Block]:
    """The sheet to bring: the situation, every option at a glance, what matters, the questions
    to ask and room for notes, on one printed page; the details follow."""
    r = s.result
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
        Block("cols", tuple(s.situation) or ("You answered Not sure to every question.",)),
    ]
    if s.not_known:
        b += [Block("p", ("Not known yet:",)), Block("cols", tuple(s.not_known))]
    b.append(Block("h2", ("Options that may be discussed with your team",)))
    if r.options:
        b.append(
            Block(
                "p",
                (
                    "Grouped by kind of treatment, in the same order for everyone: none is "
                    "favoured. The details of each follow this page.",
                ),
            )
        )
        b.append(_overview(s, numbers))
    else:
        b.append(Block("p", ("The pages describe no option for these answers: ask your team.",)))
    b += _reflection(s, numbers)
    if s.ask:
        b.append(Block("h2", ("Questions you might ask your team",)))
        b.append(Block("ask", tuple(f"{a.text} {_cites(numbers, a.sources)}" for a in s.ask)))
    b += [Block("h2", ("Notes",)), Block("lines", ("3",)), Block("break", ())]
    return b


def layout(s: Summary) -> list[Block]:
    numbers = {src.id: n for n, src in enumerate(s.references, 1)}
    r = s.result
    b = _first_page(s, numbers)
    b.append(Block("h2", ("The options in detail",)))
    for category in CATEGORY_ORDER:
        group = [o for o in r.options if o.treatment.category == category]
        if not group:
            continue
        b.append(Block("h3", (CATEGORIES[category],)))
        for o in group:
            t = o.treatment
            items = [f"Aim: {aims(t.aim)}"] if t.aim else []
            items += [
                f"How often ({WORDING.get(w.level, w.level)}): {w.text} "
                + _cites(numbers, w.sources)
                for w in t.wording
            ]
            items += [f"Why it may fit: {w}" for w in o.why]
            items += [f"Good to know: {c.text} {_cites(numbers, c.sources)}" for c in t.caveats]
            for d in t.disagreements:
                items += [
                    f"The sources differ ({d.topic}): {p.says} {_cites(numbers, p.sources)}"
                    for p in d.positions
                ]
            items += [
                f"What each page says: {p.why} {_cites(numbers, p.sources)}" for p in o.positions
            ]
            items += [
                f"Part: {c.component.name}: {' '.join(c.why)} {_cites(numbers, c.sources)}"
                for c in o.components
            ]
            items += [
                "If you are not sure: "
                + dependency_line(d.question, [(e.values, e.effect) for e in d.effects])
                for d in o.depends_on
            ]
            if t.drugs:
                names = dict.fromkeys(r.drugs[u.drug].name for u in t.drugs)
                items.append("Drugs: " + ", ".join(names))
            items.append("Sources: " + _cites(numbers, option_sources(o)))
            b += [Block("p", (t.name + FIT_NOTE[o.fit],)), Block("ul", tuple(items))]
    if s.unsure:
        b.append(Block("h2", ("What the answers you were not sure of would change",)))
        items = []
        for u in s.unsure:
            line = u.question
            if u.changes:
                line += " It decides: " + ", ".join(u.changes) + "."
            if u.settled_by:
                line += f" {u.settled_by.text} {_cites(numbers, u.settled_by.sources)}"
            items.append(line)
        b.append(Block("ul", tuple(items)))
    if r.excluded:
        b.append(Block("h2", ("Options that do not fit your answers",)))
        b.append(
            Block(
                "ul",
                tuple(
                    f"{x.treatment.name}: {' '.join(x.why)} {_cites(numbers, x.sources)}"
                    for x in r.excluded
                ),
            )
        )
    if r.notes:
        b.append(Block("h2", ("Good to know",)))
        b.append(Block("ul", tuple(f"{n.text} {_cites(numbers, n.sources)}" for n in r.notes)))
    if s.terms:
        b.append(Block("h2", ("Words used here",)))
        b.append(
            Block(
                "ul",
                tuple(
                    f"{t.term}: "
                    + " ".join(d.text for d in t.definition)
                    + " "
                    + _cites(numbers, [i for d in t.definition for i in d.sources])
                    for t in s.terms
                ),
            )
        )
    b.append(Block("h2", ("References",)))
    b.append(Block("ol", tuple(reference_text(src, s.made_on) for src in s.references)))
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
            lines = ["| " + " | ".join(esc(c) for c in block.items) + " |"]
            lines.append("|" + "---|" * len(block.items))
            lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in block.rows]
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
        elif block.kind == "table":  # one entry per row: its first cell, then the others
            entries = []
            for row in block.rows:
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
th, td { border: 1px solid #999; padding: .2em .4em; text-align: left; vertical-align: top; }
ul.checks { list-style: none; padding-left: 1em; columns: 2; }
ul.cols { columns: 2; column-gap: 2em; } ul.cols li { break-inside: avoid; }
ul.checks li::before { content: "\\2610\\00a0"; }
div.write { background: repeating-linear-gradient(transparent 0 1.9em, #999 1.9em 2em); }
@media print {
  @page { margin: 1.5cm; }
  body { margin: 0; max-width: none; font-size: 9.5pt; line-height: 1.25; }
  h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { margin: .7em 0 .3em; } p { margin: .3em 0; }
  ul, ol { margin: .2em 0; } li { margin: 0; } table { font-size: .85em; }
  h2 { break-after: avoid; } li, blockquote, tr { break-inside: avoid; }
  blockquote { background: none; margin: .4em 0; }
  div.page-break { break-after: page; } div.write { break-inside: avoid; }
  ol.ask { columns: 2; column-gap: 2em; font-size: .92em; } ol.ask li { break-inside: avoid; }
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
        elif block.kind == "ask":
            items = "".join(f"<li>{esc(i)}</li>" for i in block.items)
            body.append(f'<ol class="ask">{items}</ol>')
        elif block.kind == "table":
            head = "".join(f'<th scope="col">{esc(c)}</th>' for c in block.items)
            rows = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif block.kind in ("checks", "cols"):
            items = "".join(f"<li>{esc(i)}</li>" for i in block.items)
            body.append(f'<ul class="{block.kind}">{items}</ul>')
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


def shown(path: Path | str) -> str:
    """A path as it may be printed: no control, escape or bidi characters."""
    return strip_unsafe(str(path))


def exists(path: Path) -> bool:
    return os.path.lexists(path)


def same_file(a: Path, b: Path) -> bool:
    from netcli.inputs import same_file as same

    return same(a, b)


def check_target(path: Path, inputs: list[Path], force: bool) -> str:
    """Refuse, before any work, a report path that would destroy something: an input file (the
    knowledge base, the answers), a folder or device, or a file that exists unless ``force``."""
    suffix = check_format(path)
    for source in inputs:
        if same_file(path, source):
            raise UsageError(
                f"The report would replace {shown(source)}, which netcli is reading.",
                hint="Give the report another file name.",
            )
    if exists(path):
        if not os.path.isfile(path):
            raise UsageError(
                f"Cannot write the report to {shown(path)}: it exists and is not a file."
            )
        if not force:
            raise UsageError(
                f"The report file {shown(path)} exists already.",
                hint="Give another name, or add --force to replace it (its permissions are kept).",
            )
    return suffix


def write(
    summary: Summary, path: Path, inputs: list[Path] | None = None, force: bool = False
) -> None:
    """Write the summary in the format its extension names, atomically. A file that exists is
    replaced only with ``force`` and keeps its permissions; an input file is never replaced."""
    import tempfile

    suffix = check_target(path, inputs or [], force)
    content = render(summary, suffix)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp makes it private; a new saved summary is not
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".netcli-", suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise UsageError(
            f"Cannot write the report to {shown(path)}: {exc.strerror or exc}."
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

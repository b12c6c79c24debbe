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
from netcli.render.summary_layout import Block, layout
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.explore.summary import Summary


FORMATS = (".md", ".html", ".txt")


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

"""The appointment summary as Markdown, one self-contained HTML page, or plain text.

The summary is first laid out as a few neutral blocks (headings, paragraphs, lists); each format
only writes those blocks, so the three always hold the same content.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from netcli.errors import UsageError
from netcli.explore.engine import CATEGORY_ORDER, option_sources
from netcli.explore.reflection import Reflected
from netcli.explore.summary import Summary
from netcli.render.words import (
    CATEGORIES,
    FIT_NOTE,
    WORDING,
    aims,
    dependency_line,
    reference_text,
)
from netcli.text import strip_unsafe

FORMATS = (".md", ".html", ".txt")


@dataclass
class Block:
    kind: str  # "h1", "h2", "h3", "p", "ul", "ol", "note"
    items: tuple[str, ...]


def _cites(numbers: dict[str, int], ids: list[str]) -> str:
    return "".join(f"[{numbers[i]}]" for i in sorted(set(ids), key=lambda i: numbers[i]))


def _reflection(x: Reflected, numbers: dict[str, int]) -> list[Block]:
    """What matters to the person and how ready they feel: things to discuss, ranking nothing."""
    items = ["What matters most to you: " + "; ".join(w for _, w in x.matters)] if x.matters else []
    items += [f"In your own words: {x.own_words}"] if x.own_words else []
    items += [f"{a.question} {a.answer}" for a in x.ready]
    out = [
        Block("h2", ("What matters to you, to talk over with your team",)),
        Block("ul", tuple(items)),
    ]
    if x.not_ready:
        out.append(Block("p", (f"{x.not_ready.text} {_cites(numbers, x.not_ready.sources)}",)))
    return out


def layout(s: Summary) -> list[Block]:
    numbers = {src.id: n for n, src in enumerate(s.references, 1)}
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
        Block("h2", ("Your situation, as you described it",)),
        Block(
            "ul",
            tuple(f"{q} {a}" for q, a in s.answers)
            or ("You answered Not sure to every question.",),
        ),
    ]
    if r.reflection is not None:
        b += _reflection(r.reflection, numbers)
    b.append(Block("h2", ("Options that may be discussed with your team",)))
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
    if s.ask:
        b.append(Block("h2", ("Questions you might ask your team",)))
        b.append(Block("ol", tuple(f"{a.text} {_cites(numbers, a.sources)}" for a in s.ask)))
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


_MD_SPECIAL = re.compile(r"([\\`*_{}<>#|])")


def markdown(blocks: list[Block]) -> str:
    def esc(value: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", strip_unsafe(value))

    out: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            out.append("#" * int(block.kind[1]) + " " + esc(block.items[0]))
        elif block.kind == "p":
            out.append(esc(block.items[0]))
        elif block.kind == "note":
            out.append("> " + esc(block.items[0]))
        elif block.kind == "ul":
            out.append("\n".join("- " + esc(i) for i in block.items))
        elif block.kind == "ol":
            out.append("\n".join(f"{n}. " + esc(i) for n, i in enumerate(block.items, 1)))
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
        elif block.kind == "ul":
            out.append("\n".join(wrap(i, "  * ", "    ") for i in block.items))
        elif block.kind == "ol":
            out.append(
                "\n".join(wrap(i, f"{n:>3}. ", "     ") for n, i in enumerate(block.items, 1))
            )
    return "\n\n".join(out) + "\n"


_CSS = """
body { font: 16px/1.5 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: .2em; }
p.option { font-weight: bold; margin: .8em 0 .2em; }
blockquote { border-left: 4px solid #999; margin: 1em 0; padding: .2em 1em; background: #f4f4f4; }
li { margin: .15em 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } li, blockquote { break-inside: avoid; }
  blockquote { background: none; }
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


def write(summary: Summary, path: Path) -> None:
    """Write the summary in the format its extension names, atomically."""
    import os
    import tempfile

    suffix = check_format(path)
    content = render(summary, suffix)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".netcli-", suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a saved summary is not
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"Cannot write the report to {path}: {exc.strerror or exc}.") from None

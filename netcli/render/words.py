"""The words the views use for the knowledge base's fixed values, shared by every format."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from netcli.explore.fit import DEPENDS, DONE, LATER, MATCHES, SOURCES_DIFFER
from netcli.knowledge import model as m
from netcli.knowledge.model import is_stale

# Said of another name the knowledge base adds though no page uses it (a brand on the box).
NOT_IN_PAGES = {
    "brand": "a brand name; the pages don't use it",
    "other-name": "another name; the pages don't use it",
}

if TYPE_CHECKING:
    from netcli.explore.reflection import Reflected

GOALS = {
    "cure": "to cure",
    "control": "to control the cancer",
    "destroy-cells": "to destroy cancer cells",
    "symptom-relief": "to relieve symptoms",
    "quality-of-life": "to keep a good quality of life",
    "support": "support while other treatment is planned",
}
CATEGORIES = {
    "surgery": "Surgery",
    "liver-directed": "Treatments aimed at the liver",
    "drug": "Drug treatments",
    "radiotherapy": "Radiotherapy",
    "symptom-control": "Symptom control",
    "trials-and-other": "Clinical trials and other",
}
# The goals in a few words, for the overview table.
GOALS_SHORT = {
    "cure": "cure",
    "control": "control",
    "destroy-cells": "destroy cancer cells",
    "symptom-relief": "symptom relief",
    "quality-of-life": "quality of life",
    "support": "support",
}
# The overview's groups that are not a category of treatment.
GROUPS = {
    "done": "Had already, or having now",
    "urgent": "May be needed straight away",
    "sources-differ": "Where the pages differ",
    "if-it-comes-back": "If it comes back",
}
# What an answer would do, in the "What would change this list" section.
OUTCOME = {
    "fits": "may fit",
    # Neutral: the pages may rule it out or simply not describe it for that answer.
    "not-suitable": "would not fit what the pages describe",
    "sources-differ": "the sources would differ",
    "still-depends": "would still depend on another answer or your team",
}
# An option's state in the overview table ("Fits your answers?"). The JSON keeps the values;
# "matches" is said as what it means: the pages describe the option for a situation like the
# one the person described (never that it suits them).
STATE = {
    MATCHES: "described for this",
    DEPENDS: "depends on",
    SOURCES_DIFFER: "the sources differ",
    DONE: "had, or having now",
    LATER: "if it comes back",
}


# Said under the table, so that "described for this" is never read as "suits you".
STATE_KEY = (
    "Described for this: the pages describe it for a situation like yours. It does not mean it "
    "suits you: only your team can say."
)


def state_text(fit: str, topics: list[str]) -> str:
    """An option's state in a few words: "depends on size, fitness for surgery"."""
    if fit == DEPENDS:
        return STATE[fit] + " " + ", ".join(dict.fromkeys(topics))
    return STATE.get(fit, fit)


def group_title(group_id: str) -> str:
    return GROUPS.get(group_id) or CATEGORIES.get(group_id, group_id)


def clause(statement: str) -> str:
    """A plain statement as part of a sentence: "It has spread." -> "it has spread"."""
    return _clause(statement)


def _clause(statement: str) -> str:
    words = statement.rstrip(".")
    first = words.split(" ", 1)[0]
    keep = len(first) > 1 and first.isupper()  # an abbreviation such as NET
    return words if keep else words[:1].lower() + words[1:]


def if_clause(statements: list[str]) -> str:
    """Plain statements as a condition: ["It has spread."] -> "If it has spread"."""
    return "If " + " or ".join(_clause(s) for s in statements) if statements else "If so"


def because(statements: list[str]) -> str:
    """Plain statements as a reason: "Because it started in the stomach and ..."."""
    return "Because " + " and ".join(_clause(s) for s in statements)


# What the options counted instead of listed are described for (``Counted.key``).
COUNTED_FOR = {
    "kind": "another kind of tumour",
    "site": "a tumour that starts elsewhere",
    "kind-or-site": "another kind of tumour or one that starts elsewhere",
}


def counted_line(key: str, statements: list[str], count: int) -> str:
    """ "Because it is a NET: 2 options described only for another kind of tumour are not
    listed"."""
    options, verb = (f"{count} options", "are") if count != 1 else ("1 option", "is")
    line = f"{options} described only for {COUNTED_FOR.get(key, key)} {verb} not listed"
    return f"{because(statements)}: {line}" if statements else line[:1].upper() + line[1:]


# What an option's state adds to its name.
FIT_NOTE = {
    MATCHES: "",
    DEPENDS: " (may fit, depending on answers you were not sure of)",
    SOURCES_DIFFER: " (the sources differ: each page's word is shown)",
    DONE: " (had already, or having now)",
    LATER: " (if it comes back, not for now)",
}
# How the details introduce an option's reasons, by its state.
WHY_LABEL = {
    "done": "What you said: ",
    "if-it-comes-back": "Why it is for later: ",
}
# Above what the pages say follows a treatment already had (the first screen, page 1).
AFTER_TITLE = "What the pages say follows what you have had"
INTENTS = {
    "curative": "potentially curative surgery",
    "palliative": "palliative (debulking) surgery",
}
WORDING = {
    "likely": "likely",
    "usually": "usually",
    "often": "often",
    "most-doctors": "most doctors",
    "sometimes": "sometimes",
    "less-common": "less common",
    "rare": "rare",
}


def aims(items: list[m.Aim]) -> str:
    """A treatment's aims in words ("" when the sources state none)."""
    line = ""
    for a in items:
        part = a.text or GOALS.get(a.goal, a.goal)
        line = line + ("; " if line and not line.endswith(".") else " " if line else "") + part
    return line


# Said after a reference whose next review date has passed.
STALE_NOTE = " (past its review date: ask whether anything has changed)"


def _then(line: str, part: str) -> str:
    """``part`` as the next sentence of ``line``."""
    if not line:
        return part
    return line + (" " if line.endswith((".", "?", "!")) else ". ") + part


def reference_text(src: m.Source, as_of: dt.date) -> str:
    """One reference in words: who, what, where, when, and whether it is past its review date."""
    line = ""
    for part in (src.publisher, src.authors, src.title, src.journal):
        if part:
            line = _then(line, part)
    extra = [str(src.year)] if src.year else []
    extra += [f"volume {src.volume}"] if src.volume else []
    extra += [f"issue {src.issue}"] if src.issue else []
    extra += [f"pages {src.pages}"] if src.pages else []
    if extra:
        line += " (" + ", ".join(extra) + ")"
    for word, day in (("Last reviewed", src.last_reviewed), ("Last revised", src.last_revised)):
        if day:
            line = _then(line, f"{word} {day:%d %B %Y}")
    if src.next_review_due:
        line += f"; next review due {src.next_review_due:%d %B %Y}"
    if is_stale(src, as_of):
        line += STALE_NOTE
    return line if line.endswith((".", "?", "!")) else line + "."


# The five rows of an option (model.ROW_KEYS), as every view heads them.
ROW_LABELS = {
    "what": "What it is",
    "involves": "What it involves",
    "may_do": "What it may do for you",
    "may_cost": "What it may cost you",
    "how_often": "How often the pages say it is used",
}
# Said in a row the pages leave open, or only partly answer, before the question to ask.
NOT_SAID = "The pages don't say."
NOT_SAID_MORE = "The pages don't say more."
ASK = "Ask your team: "
# In the summary, a question the pages leave open for several options is listed once, here.
SHARED_TITLE = "Questions the pages leave open for several options"
# A row whose every statement was said under an option above (the details say each once).
NOT_SAID_ELSEWHERE = "As said under an option above"
# Said with every word of how often ("often", "less common"): the pages give no figures.
NO_NUMBER = "the page gives no number"


def frequency(w: m.Wording) -> str:
    """A page's word for how often, with the honest note that no number stands behind it."""
    return f"{WORDING.get(w.level, w.level).capitalize()} ({NO_NUMBER}): {w.text}"


def row_lines(
    row: m.OptionRow, wording: list[m.Wording], aims: list[m.Aim]
) -> list[tuple[str, list[str]]]:
    """One row of an option as lines of text, each with its sources: what the pages say, then,
    where they leave it open, that they don't say and the question to ask. ``wording`` and
    ``aims`` are the option's, as the row was built from them."""
    if row.key == "how_often":
        lines = [(frequency(w), w.sources) for w in wording]
    elif row.key == "may_do":
        lines = [(a.text or GOALS.get(a.goal, a.goal), a.sources) for a in aims]
    else:
        lines = [(s.text, s.sources) for s in row.says]
    if row.ask:
        lines.append(((NOT_SAID_MORE if lines else NOT_SAID) + " " + ASK + row.ask, []))
    return lines


# The last step's words: how the person wants to decide, and, for each priority picked, which
# options' stated aims speak to it (never a ranking).
ROLE = "How you would like to decide: "
SPEAK = "the stated aims of these speak to it: "
NOT_SPEAK = "the others' stated aims don't mention it: "
NONE_SPEAK = "no option shown states an aim that speaks to it."
OTHERS_DONT = "The other options' stated aims don't mention it."


def speaks_lines(x: Reflected, name_others: bool = True) -> list[str]:
    """Each priority picked, in words: the options whose aims speak to it, then the others (by
    name, or, where room is short, as "all the others"), or that none does and the question to
    ask."""
    out = []
    for p in x.speaks:
        line = f"{p.label}: "
        if p.speak:
            line += SPEAK + ", ".join(n for _, n in p.speak) + "."
            if p.others and name_others:
                line += " " + NOT_SPEAK[:1].upper() + NOT_SPEAK[1:]
                line += ", ".join(n for _, n in p.others) + "."
            elif p.others:
                line += " " + OTHERS_DONT
        else:
            line += NONE_SPEAK[:1].upper() + NONE_SPEAK[1:]
        if p.ask:
            line += " " + ASK + p.ask
        out.append(line)
    return out

"""Treatments side by side, Option Grid style, in words: the core lays the grid out once
(``sidebyside.layout``, carried by the compare result); this says each row's question, what an
empty cell says and each cell's lines. The terminal and JSON views only draw these."""

from __future__ import annotations

from netcli import lookup as lk
from netcli.knowledge import model as m
from netcli.records import dataclass
from netcli.render.words import NOT_SAID, ROW_LABELS, clause, row_lines
from netcli.sidebyside import Cell


@dataclass
class Item:
    text: str
    sources: list[str]


@dataclass
class GridRow:
    key: str
    question: str
    cells: list[list[Item]]  # one per treatment, in the order given
    empty: str  # what an empty cell says


# Each row's question and what its empty cell says, in the layout's order (``sidebyside.KEYS``).
# A row the pages leave open says so and gives the question to ask; an empty cell says plainly
# that the pages are silent.
ROWS = (
    *((key, ROW_LABELS[key], NOT_SAID) for key in m.ROW_KEYS),
    ("offered_when", "When do the pages say it may be offered?", "The pages name no situation."),
    ("not_suitable_when", "When do they say it is not suitable?", "The pages name no situation."),
    ("drugs", "Which drugs?", "None named."),
    ("caveats", "What to know", "Nothing more in the pages."),
    ("disagreements", "How the pages differ", "No difference recorded."),
    ("sources", "Sources", ""),
)
_WORDS = {key: (question, empty) for key, question, empty in ROWS}


def _if(when: list[list[str]]) -> str:
    """A limit's situation as words before its reason: "If it is a NEC: "."""
    parts = [" or ".join(clause(w) for w in words) for words in when]
    return "If " + " and ".join(parts) + ": " if parts else ""


def _lines(cell: Cell, t: m.Treatment) -> list[Item]:
    if cell.row is not None:
        return [Item(w, s) for w, s in row_lines(cell.row, t.wording, t.aim)]
    return [Item(_if(i.when) + i.text, list(i.sources)) for i in cell.items]


def grid(r: lk.CompareResult) -> list[GridRow]:
    """The compare result's grid, worded."""
    return [
        GridRow(
            row.key,
            _WORDS[row.key][0],
            [_lines(c, t.treatment) for c, t in zip(row.cells, r.treatments, strict=True)],
            _WORDS[row.key][1],
        )
        for row in r.rows
    ]

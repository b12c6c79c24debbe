"""Treatments side by side, Option Grid style: one row per question a person asks, one column
per treatment. Laid out once here as plain rows; the terminal and JSON views only draw them."""

from __future__ import annotations

from netcli import lookup as lk
from netcli.knowledge import model as m
from netcli.records import dataclass
from netcli.render.words import NOT_SAID, ROW_LABELS, clause, row_lines


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


# The rows, in the order a person asks them: the five every option has (model.ROW_KEYS; a row
# the pages leave open says so and gives the question to ask), then when the pages offer it and
# the rest. An empty cell says plainly that the pages are silent.
ROWS = (
    *((key, ROW_LABELS[key], NOT_SAID) for key in m.ROW_KEYS),
    ("offered_when", "When do the pages say it may be offered?", "The pages name no situation."),
    ("not_suitable_when", "When do they say it is not suitable?", "The pages name no situation."),
    ("drugs", "Which drugs?", "None named."),
    ("caveats", "What to know", "Nothing more in the pages."),
    ("disagreements", "How the pages differ", "No difference recorded."),
    ("sources", "Sources", ""),
)


def _when(rule: m.Rule, plain: list[m.PlainAnswer]) -> str:
    """The situation in which a limit holds, in plain words ("If it is a NEC: "), so that a
    reason written for that situation reads as a limit, not as a statement about the treatment."""
    says = {p.question: p.says for p in plain}
    parts = []
    for key, values in rule.when.items():
        words = [says.get(key, {}).get(v) for v in values if v != "unsure"]
        if words and all(words):
            parts.append(" or ".join(clause(w) for w in words if w))
    return "If " + " and ".join(parts) + ": " if parts else ""


def _cell(
    key: str, r: lk.TreatmentResult, refs: lk.References, plain: list[m.PlainAnswer]
) -> list[Item]:
    t = r.treatment
    if key in m.ROW_KEYS:  # the option's own five rows; "What it is" is its own description
        row = next(x for x in m.option_rows(t) if x.key == key)
        return [Item(words, sources) for words, sources in row_lines(row, t.wording, t.aim)]
    if key == "offered_when":
        return [Item(x.why, x.sources) for x in t.offered_when]
    if key == "not_suitable_when":  # its own limits, then those of the principles that apply
        rules = [*t.not_suitable_when, *(x for p in r.principles for x in p.not_suitable_when)]
        return [Item(_when(x, plain) + x.why, x.sources) for x in rules]
    if key == "drugs":
        names = {d.id: d.name for d in r.drugs}
        return [
            Item(names[u.drug] + (f" ({u.note})" if u.note else ""), u.sources) for u in t.drugs
        ]
    if key == "caveats":
        return [Item(c.text, c.sources) for c in t.caveats]
    if key == "disagreements":  # each topic once, then what each side says
        return [
            item
            for d in t.disagreements
            for item in [Item(d.topic + ":", []), *(Item(p.says, p.sources) for p in d.positions)]
        ]
    own = r.references.sources
    return [Item(s.title, [s.id]) for s in sorted(own, key=lambda s: refs.number(s.id))]


def _merged(items: list[Item]) -> list[Item]:
    """Items that say the same words once, with all their sources (two rules can share a why)."""
    out: dict[str, Item] = {}
    for item in items:
        if item.text in out:
            out[item.text].sources = list(dict.fromkeys(out[item.text].sources + item.sources))
        else:
            out[item.text] = Item(item.text, list(item.sources))
    return list(out.values())


def grid(r: lk.CompareResult) -> list[GridRow]:
    return [
        GridRow(
            key,
            question,
            [_merged(_cell(key, t, r.references, r.plain_answers)) for t in r.treatments],
            empty,
        )
        for key, question, empty in ROWS
    ]

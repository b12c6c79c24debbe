"""What the lookups lay out before any view words it: a treatment's rules with their twins
merged (``twins``), and treatments side by side (``layout``: Option Grid style, one row per
question a person asks, one cell per treatment). Plain functions over the knowledge base's
records; the views (``render/grid.py``, terminal, JSON) only word and draw the result.
"""

from __future__ import annotations

from dataclasses import field

from netcli.knowledge import model as m
from netcli.records import dataclass


@dataclass
class Twin:
    """A rule said once: ``rule`` is the first of its twins (the same words, team question and
    differing pages over other answers), with every twin's sources; ``also_when`` holds the
    situations of the others."""

    rule: m.Rule
    also_when: list[dict[str, list[str]]] = field(default_factory=list)


def twins(rules: list[m.Rule]) -> list[Twin]:
    """Each reason once: twin rules (the same words over other answers) are read as one."""
    seen: dict[tuple[str, str | None, tuple[str, ...]], Twin] = {}
    for r in rules:
        key = (r.why, r.team_question, tuple(r.differs_from))
        first = seen.get(key)
        if first is None:
            seen[key] = Twin(r)
            continue
        merged = m.Rule(
            first.rule.when,
            first.rule.why,
            list(dict.fromkeys([*first.rule.sources, *r.sources])),
            first.rule.team_question,
            first.rule.differs_from,
        )
        seen[key] = Twin(merged, [*first.also_when, r.when])
    return list(seen.values())


@dataclass
class Item:
    """One thing a cell says, with its sources; ``when`` is the situation in which a limit holds,
    as the plain statements of each answer it needs (any of each inner list, all of the outer),
    so that a reason written for that situation reads as a limit."""

    text: str
    sources: list[str]
    when: list[list[str]] = field(default_factory=list)


@dataclass
class Cell:
    """One treatment's answer to one question: its items, or, for one of the five rows every
    option has (``model.ROW_KEYS``), that row, which the views word with the treatment's wording
    and aims."""

    items: list[Item]
    row: m.OptionRow | None = None


@dataclass
class Row:
    key: str
    cells: list[Cell]  # one per treatment, in the order given


# The rows, in the order a person asks them: the five every option has, then when the pages offer
# it and the rest.
KEYS = (
    *m.ROW_KEYS,
    "offered_when",
    "not_suitable_when",
    "drugs",
    "caveats",
    "disagreements",
    "sources",
)


@dataclass
class Column:
    """What one treatment's column is laid out from."""

    treatment: m.Treatment
    principles: list[m.Principle]
    drugs: dict[str, str]  # drug id -> name
    sources: list[m.Source]  # its own sources, in the comparison's numbering


def _when(rule: m.Rule, plain: list[m.PlainAnswer]) -> list[list[str]]:
    """The situation in which a limit holds, as the answers' plain statements; a key whose every
    value has no plain words is left out."""
    says = {p.question: p.says for p in plain}
    parts = []
    for key, values in rule.when.items():
        words = [says.get(key, {}).get(v) for v in values if v != "unsure"]
        if words and all(words):
            parts.append([w for w in words if w])
    return parts


def _items(key: str, c: Column, plain: list[m.PlainAnswer]) -> list[Item]:
    t = c.treatment
    if key == "offered_when":
        return [Item(x.why, x.sources) for x in t.offered_when]
    if key == "not_suitable_when":  # its own limits, then those of the principles that apply
        rules = [*t.not_suitable_when, *(x for p in c.principles for x in p.not_suitable_when)]
        return [Item(x.why, x.sources, _when(x, plain)) for x in rules]
    if key == "drugs":
        return [
            Item(c.drugs[u.drug] + (f" ({u.note})" if u.note else ""), u.sources) for u in t.drugs
        ]
    if key == "caveats":
        return [Item(x.text, x.sources) for x in t.caveats]
    if key == "disagreements":  # each topic once, then what each side says
        return [
            item
            for d in t.disagreements
            for item in [Item(d.topic + ":", []), *(Item(p.says, p.sources) for p in d.positions)]
        ]
    return [Item(s.title, [s.id]) for s in c.sources]


def _merged(items: list[Item]) -> list[Item]:
    """Items that say the same words in the same situation once, with all their sources (two
    rules can share a why)."""
    out: dict[tuple[str, tuple[tuple[str, ...], ...]], Item] = {}
    for item in items:
        slot = (item.text, tuple(tuple(w) for w in item.when))
        if slot in out:
            out[slot].sources = list(dict.fromkeys(out[slot].sources + item.sources))
        else:
            out[slot] = Item(item.text, list(item.sources), [list(w) for w in item.when])
    return list(out.values())


def _cell(key: str, c: Column, plain: list[m.PlainAnswer]) -> Cell:
    if key in m.ROW_KEYS:  # the option's own five rows; "What it is" is its own description
        return Cell([], next(x for x in m.option_rows(c.treatment) if x.key == key))
    return Cell(_merged(_items(key, c, plain)))


def layout(columns: list[Column], plain: list[m.PlainAnswer]) -> list[Row]:
    """The treatments side by side: every row, each with one cell per treatment."""
    return [Row(key, [_cell(key, c, plain) for c in columns]) for key in KEYS]

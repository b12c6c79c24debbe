"""What the engine finds, as plain records: each option with its fit, reasons, what it depends
on and its sources; each option that does not fit with why; and the whole ``Matched`` result.
The views read these types; ``engine`` and ``judge`` make them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from netcli.explore.answers import Answers
from netcli.knowledge import model as m
from netcli.records import dataclass


@dataclass
class Effect:
    """What one answer to a question would do to an option."""

    values: list[str]  # the plain words of the values that would do it
    effect: str  # "fits", "not-suitable", "sources-differ" or "still-depends"
    why: str
    sources: list[str]


@dataclass
class Dependency:
    """A question whose answer is not known, and everything its answer would change for one
    option. ``key`` is None for a question only the team can answer (a rule's team question).
    ``values``, ``effect`` and ``why`` are those of the first effect; ``effects`` lists all."""

    key: str | None
    question: str
    values: list[str]
    effect: str
    why: str
    sources: list[str]
    settled_by: m.Statement | None
    effects: list[Effect] = field(default_factory=list)


@dataclass
class Reason:
    """One reason, with its sources and, when it comes from a principle, the principle's id."""

    why: str
    sources: list[str]
    principle: str | None = None
    keys: list[str] = field(default_factory=list)  # the answer keys it rests on


@dataclass
class ComponentResult:
    """A component of an option that applies (matches) or may apply (depends on ``keys``)."""

    component: m.Component
    fit: str
    why: list[str]
    sources: list[str]
    keys: list[str]


@dataclass
class Option:
    treatment: m.Treatment
    fit: str  # "matches", "depends", "sources-differ", "done" or "if-it-comes-back"
    why: list[str]
    why_sources: list[str]
    depends_on: list[Dependency]
    positions: list[Reason] = field(default_factory=list)  # each page's word, when they differ
    components: list[ComponentResult] = field(default_factory=list)
    principles: list[m.Principle] = field(default_factory=list)
    # For an option already had (fit "done"): what the pages say follows it.
    after: list[m.After] = field(default_factory=list)
    # Set once by ``explore``: the aims the answers leave standing (``stated_aims``), and the
    # sources behind the option (``option_sources``), so that no view works them out again.
    aims: list[m.Aim] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Where the sources differ, as far as the answers leave each disagreement's situation
    # standing (its ``when``), set once by ``explore`` too.
    disagreements: list[m.Disagreement] = field(default_factory=list)
    # The drugs it uses that the answers leave standing (a drug named by a page about one site is
    # not listed for another), set once by ``explore``.
    drugs: list[m.DrugUse] = field(default_factory=list)


@dataclass
class Excluded:
    treatment: m.Treatment
    why: list[str]
    sources: list[str]
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Matched:
    """What the engine finds for the answers. The whole explore result (``explore.result``) adds
    the last step's answers and the overview to it, once."""

    answers: Answers
    options: list[Option]
    excluded: list[Excluded]
    notes: list[m.Statement]
    disclaimer: str
    questions: list[m.Question] = field(repr=False)
    drugs: dict[str, m.Drug] = field(repr=False)
    sources: dict[str, m.Source] = field(repr=False)
    # The options described only for another kind or site of tumour, counted instead of listed
    # (``explore(..., count_others=True)``), in file order.
    set_aside: list[m.SetAside] = field(repr=False)


def option_sources(option: Option) -> list[str]:
    """The sources behind an option: why it may fit first, then the rest of its record."""
    return unique(
        [
            *option.why_sources,
            *(s for d in option.depends_on for s in d.sources),
            *(s for d in option.depends_on if d.settled_by for s in d.settled_by.sources),
            *(s for c in option.components for s in c.sources),
            *m.source_ids(option.treatment),
        ]
    )


def result_sources(result: Matched) -> list[str]:
    """Every source the engine's result cites, in the order a reader meets them."""
    ids = [s for o in result.options for s in option_sources(o)]
    ids += [s for x in result.excluded for s in x.sources]
    ids += [s for n in result.notes for s in n.sources]
    return unique(ids)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

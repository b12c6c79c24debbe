"""The whole result of ``netcli explore``, assembled once: what the engine finds for the answers,
the answers to the optional last step, and the overview built from both (so every source either
cites is numbered). Every view formats this record; nothing changes it after ``assemble``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from netcli.explore.answers import Answers
from netcli.explore.engine import explore
from netcli.explore.matched import Matched
from netcli.explore.overview import Overview, build
from netcli.explore.reflection import Reflected, Shown, speaking
from netcli.knowledge import model as m
from netcli.records import dataclass


@dataclass
class Result(Matched):
    # The wizard's optional last step (what matters, readiness): carried along, never matched.
    reflection: Reflected | None
    # What a person takes in first, references numbered, dated.
    overview: Overview = dataclasses.field(repr=False)


def shown(overview: Overview) -> list[Shown]:
    """The options an overview shows, in the order shown, with their stated aims."""
    return [
        (r.option.treatment.id, r.option.treatment.name, list(r.goals))
        for g in overview.groups
        for r in g.rows
    ]


def assemble(
    kb: m.KnowledgeBase,
    answers: Answers,
    as_of: dt.date,
    reflection: Reflected | None = None,
    *,
    count_others: bool = False,
    set_aside: Iterable[m.SetAside] = (),
) -> Result:
    """The options for ``answers``, with the last step's answers and the overview of both, its
    references dated ``as_of``; ``count_others`` and ``set_aside``: see ``engine.explore``."""
    matched = explore(kb, answers, count_others=count_others, set_aside=set_aside)
    parts = {f.name: getattr(matched, f.name) for f in dataclasses.fields(Matched)}
    overview = build(kb, matched, reflection, as_of)
    if reflection is not None and kb.reflection is not None:
        # For each priority picked, the options shown whose stated aims speak to it.
        reflection = speaking(reflection, kb.reflection, shown(overview))
    return Result(**parts, reflection=reflection, overview=overview)

"""The explore result as a JSON document: the answers, every option with why and what it depends
on, those that do not fit, the last step, and the overview (groups, what would change, numbered
references), each as the core computed it. The keys are a public interface (README).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netcli.explore.fit import DONE, NOT_SUITABLE
from netcli.render.jsonparts import (
    aliases,
    disagreements,
    option_rows,
    source_brief,
    statement,
    statements,
    wording,
)

if TYPE_CHECKING:
    from netcli.explore.overview import Overview
    from netcli.explore.reflection import Reflected
    from netcli.explore.result import Result


def explore_data(r: Result) -> dict[str, Any]:
    by_id = {q.id: q for q in r.questions}

    def answer(key: str, values: tuple[str, ...]) -> Any:
        return list(values) if by_id[key].multiple else values[0]

    def sources(ids: list[str]) -> list[dict[str, Any]]:
        return [source_brief(r.sources[i]) for i in ids]

    def dated(ids: list[str]) -> list[dict[str, Any]]:
        out = []
        for i in ids:
            s = r.sources[i]
            day = s.last_revised or s.last_reviewed
            out.append(
                {
                    "id": s.id,
                    "publisher": s.publisher,
                    "title": s.title,
                    "date": day.isoformat() if day else None,
                }
            )
        return out

    return {
        "answers": {k: answer(k, v) for k, v in r.answers.items()},
        "options": [
            {
                "id": o.treatment.id,
                "name": o.treatment.name,
                "aliases": aliases(o.treatment.aliases),
                "category": o.treatment.category,
                "aim": [a.goal for a in o.aims],
                "fit": o.fit,
                "why": o.why,
                "caveats": [c.text for c in o.treatment.caveats],
                "disagreements": disagreements(o.disagreements),
                "depends_on": [
                    {
                        "key": d.key,
                        "question": d.question,
                        "values": d.values,
                        "effect": d.effect,
                        "why": d.why,
                        "sources": d.sources,
                        "settled_by": statement(d.settled_by) if d.settled_by else None,
                        "effects": [
                            {
                                "values": e.values,
                                "effect": e.effect,
                                "why": e.why,
                                "sources": e.sources,
                            }
                            for e in d.effects
                        ],
                    }
                    for d in o.depends_on
                ],
                "drugs": [{"id": u.drug, "name": r.drugs[u.drug].name} for u in o.drugs],
                "sources": sources(o.sources),
                "intent": o.treatment.intent,
                "wording": wording(o.treatment.wording),
                "positions": [
                    {"says": p.why, "sources": p.sources, "pages": dated(p.sources)}
                    for p in o.positions
                ],
                "components": [
                    {
                        "id": c.component.id,
                        "name": c.component.name,
                        "fit": c.fit,
                        "why": c.why,
                        "sources": c.sources,
                        "depends_on": c.keys,
                    }
                    for c in o.components
                ],
                "principles": [{"id": p.id, "name": p.name} for p in o.principles],
                "after": [{"text": a.text, "sources": a.sources} for a in o.after],
                "rows": option_rows(o.treatment, o.aims, o.fit == DONE),
            }
            for o in r.options
        ],
        "excluded": [
            {
                "id": x.treatment.id,
                "name": x.treatment.name,
                "why": x.why,
                "sources": sources(x.sources),
                "fit": NOT_SUITABLE,
                "reasons": [
                    {"why": y.why, "sources": y.sources, "principle": y.principle, "keys": y.keys}
                    for y in x.reasons
                ],
            }
            for x in r.excluded
        ],
        "notes": statements(r.notes),
        "reflection": reflection(r.reflection),
        **overview_data(r.overview),
        "disclaimer": r.disclaimer,
    }


def reflection(x: Reflected | None) -> dict[str, Any] | None:
    """The optional last step: what matters, in the person's words too, and readiness."""
    if x is None:
        return None
    return {
        "matters": [{"value": v, "label": w} for v, w in x.matters],
        "own_words": x.own_words,
        "ready": [
            {"key": a.key, "question": a.question, "value": a.value, "answer": a.answer}
            for a in x.ready
        ],
        "not_ready": statement(x.not_ready) if x.not_ready else None,
        "role": {"value": x.role[0], "label": x.role[1]} if x.role else None,
        "speaks_to": [
            {
                "value": p.value,
                "label": p.label,
                "options": [{"id": i, "name": n} for i, n in p.speak],
                "others": [{"id": i, "name": n} for i, n in p.others],
                "ask": p.ask,
            }
            for p in x.speaks
        ],
    }


def overview_data(ov: Overview) -> dict[str, Any]:
    """The overview's keys: the situation in plain words, the grouped table, the one list of
    what would change it, the options that do not fit in a few lines, numbered references."""
    from netcli.render.words import group_title

    names = {d.option.treatment.id: d.option.treatment.name for d in ov.details}
    numbers = {s.id: n for n, s in enumerate(ov.references, 1)}

    def numbered(ids: list[str]) -> list[int]:
        return sorted({numbers[i] for i in ids})

    return {
        "situation": ov.situation,
        "follows": statements(ov.follows),
        "overview": [
            {
                "group": g.id,
                "title": group_title(g.id),
                "because": statements(g.because),
                "options": [
                    {
                        "id": row.option.treatment.id,
                        "name": row.option.treatment.name,
                        "fit": row.fit,
                        "depends_on": row.depends_on,
                        "aim": row.goals,
                        "references": numbered(row.sources),
                    }
                    for row in g.rows
                ],
            }
            for g in ov.groups
        ],
        "what_would_change": [
            {
                "key": c.key,
                "topic": c.topic,
                "question": c.question,
                "not_sure": c.not_sure,
                "outcomes": [
                    {
                        "values": x.values,
                        "says": x.says,
                        "effect": x.effect,
                        "options": [{"id": i, "name": names[i]} for i in x.options],
                    }
                    for x in c.outcomes
                ],
                "settled_by": statement(c.settled_by) if c.settled_by else None,
            }
            for c in ov.changes
        ],
        "not_sure_changes_nothing": ov.unchanged,
        "not_fitting": [
            {
                "because": u.because,
                "options": [{"id": x.treatment.id, "name": x.treatment.name} for x in u.options],
            }
            for u in ov.unfit
        ],
        "not_for_this_tumour": [
            {
                "key": c.key,
                "because": c.because,
                "count": len(c.options),
                "ids": [x.id for x in c.options],
            }
            for c in ov.counted
        ],
        "as_of": ov.as_of.isoformat(),
        "references": [
            {"number": n, **source_brief(s, ov.as_of)} for n, s in enumerate(ov.references, 1)
        ],
    }

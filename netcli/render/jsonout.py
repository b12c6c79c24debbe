"""Results as JSON documents. The keys are a public interface: README "JSON output" lists them."""

from __future__ import annotations

import json
from functools import singledispatch
from typing import TYPE_CHECKING, Any

from netcli import lookup as lk
from netcli.explore.fit import NOT_SUITABLE
from netcli.knowledge import model as m
from netcli.knowledge.model import is_stale
from netcli.render.hints import noun, pointer
from netcli.sidebyside import Twin
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.explore.overview import Overview
    from netcli.explore.reflection import Reflected
    from netcli.explore.result import Result


def dumps(result: Any, disclaimer: str | None = None) -> str:
    """The result as indented JSON, with unsafe characters taken out of every string. Every
    document that states medical facts or lists records carries the knowledge base's
    ``disclaimer`` (a key added beside the others; none is renamed)."""
    data = to_data(result)
    if disclaimer and isinstance(data, dict) and not data.get("disclaimer"):
        data = {**data, "disclaimer": disclaimer}
    out: list[str] = []
    try:
        _encode(data, "\n", out)
    except _Unusual:
        return json.dumps(_clean(data), indent=2, ensure_ascii=False)
    return "".join(out)


class _Unusual(Exception):
    """A value that ``_encode`` leaves to the json module."""


_quote = json.encoder.encode_basestring  # the json module's own string encoder (C)


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append exactly what ``json.dumps(_clean(value), indent=2, ensure_ascii=False)`` writes.

    One pass that cleans and encodes, instead of a cleaned copy and the json module's pure-Python
    indenting encoder (C only when nothing is indented); three to four times faster on a large
    result. A test compares the two on every result shape."""
    if isinstance(value, str):
        out.append(_quote(strip_unsafe(value)))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int) and type(value) is int:
        out.append(int.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for k, v in value.items():
            if type(k) is not str:
                raise _Unusual
            out.append(("{" if first else ",") + inner + _quote(k) + ": ")
            first = False
            _encode(v, inner, out)
        out.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for v in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _encode(v, inner, out)
        out.append(newline + "]")
    else:
        raise _Unusual  # floats, tuples and anything else: the json module's way


def error(code: str, message: str, details: dict[str, Any]) -> str:
    return json.dumps(
        _clean({"error": {"code": code, "message": message, **details}}), ensure_ascii=False
    )


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_unsafe(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def statement(s: m.Statement) -> dict[str, Any]:
    return {"text": s.text, "sources": s.sources}


def statements(items: list[m.Statement]) -> list[dict[str, Any]]:
    return [statement(s) for s in items]


def source_brief(s: m.Source, as_of: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "title": s.title, "publisher": s.publisher, "year": s.year}
    out["kind"] = s.kind
    out["last_reviewed"] = s.last_reviewed.isoformat() if s.last_reviewed else None
    out["next_review_due"] = s.next_review_due.isoformat() if s.next_review_due else None
    out["url"] = s.url
    if as_of is not None:
        out["stale"] = is_stale(s, as_of)
    return out


def source_full(s: m.Source, as_of: Any) -> dict[str, Any]:
    out = source_brief(s, as_of)
    out.update(
        {
            "authors": s.authors,
            "journal": s.journal,
            "volume": s.volume,
            "issue": s.issue,
            "pages": s.pages,
            "last_revised": s.last_revised.isoformat() if s.last_revised else None,
            "cited_by": s.cited_by,
            "note": s.note,
        }
    )
    return out


def refs(items: list[lk.Ref]) -> list[dict[str, str]]:
    return [{"id": r.id, "name": r.name} for r in items]


def aliases(items: list[m.Alias]) -> list[str]:
    return [a.name for a in items]


def alias_details(items: list[m.Alias]) -> list[dict[str, Any]]:
    return [
        {"name": a.name, "kind": a.kind, "sources": a.sources, "not_in_pages": a.not_in_pages}
        for a in items
    ]


def disagreements(items: list[m.Disagreement]) -> list[dict[str, Any]]:
    return [
        {
            "topic": d.topic,
            "positions": [{"says": p.says, "sources": p.sources} for p in d.positions],
        }
        for d in items
    ]


def terms(items: list[m.Term]) -> list[dict[str, Any]]:
    return [{"id": t.id, "term": t.term, "definition": statements(t.definition)} for t in items]


def references(r: lk.References) -> dict[str, Any]:
    return {
        "sources": [source_brief(s, r.as_of) for s in r.sources],
        "rests_only_on_stale_sources": r.rests_only_on_stale(),
    }


@singledispatch
def to_data(result: Any) -> Any:
    # The explore result is matched here rather than registered, so that lookups never import
    # the explore modules.
    from netcli.explore.result import Result

    if isinstance(result, Result):
        return explore_data(result)
    raise TypeError(f"no JSON form for {type(result).__name__}")


@to_data.register
def _(r: lk.DrugResult) -> dict[str, Any]:
    d = r.drug
    return {
        "id": d.id,
        "name": d.name,
        "aliases": aliases(d.aliases),
        "alias_details": alias_details(d.aliases),
        "class": statement(d.drug_class),
        "how_it_works": statements(d.how_it_works),
        "caveats": statements(d.caveats),
        "disagreements": disagreements(d.disagreements),
        "treatments": refs(r.treatments),
        "terms": terms(r.terms),
        **references(r.references),
    }


@to_data.register
def _(r: lk.TreatmentResult) -> dict[str, Any]:
    t = r.treatment
    return {
        "id": t.id,
        "name": t.name,
        "aliases": aliases(t.aliases),
        "alias_details": alias_details(t.aliases),
        "category": t.category,
        "aim": [a.goal for a in t.aim],
        "aim_details": [{"goal": a.goal, "text": a.text, "sources": a.sources} for a in t.aim],
        "about": statements(t.about),
        "drugs": refs(r.drugs),
        "drug_details": [{"drug": u.drug, "note": u.note, "sources": u.sources} for u in t.drugs],
        "offered_when": twin_rules(r.offered_when),
        "not_suitable_when": twin_rules(r.not_suitable_when),
        "done_when": twin_rules(r.done_when),
        "after": [{"text": a.text, "sources": a.sources} for a in t.after],
        "caveats": statements(t.caveats),
        "disagreements": disagreements(t.disagreements),
        "part_of": {"id": r.part_of.id, "name": r.part_of.name} if r.part_of else None,
        "parts": refs(r.parts),
        "intent": t.intent,
        "principles": [
            {
                "id": p.id,
                "name": p.name,
                "says": statement(p.says),
                "not_suitable_when": rules(p.not_suitable_when),
                "later_when": rules(p.later_when),
            }
            for p in r.principles
        ],
        "components": [
            {"id": c.id, "name": c.name, "offered_when": rules(c.offered_when)}
            for c in t.components
        ],
        "wording": wording(t.wording),
        "rows": option_rows(t),
        "terms": terms(r.terms),
        **references(r.references),
    }


@to_data.register
def _(r: lk.CompareResult) -> dict[str, Any]:
    from netcli.render.grid import grid

    return {
        "treatments": [to_data(t) for t in r.treatments],
        "rows": [
            {
                "key": row.key,
                "question": row.question,
                "cells": [
                    [{"text": i.text, "sources": i.sources} for i in cell] for cell in row.cells
                ],
                "empty": row.empty,
            }
            for row in grid(r)
        ],
        **references(r.references),
    }


@to_data.register
def _(r: lk.AboutResult) -> dict[str, Any]:
    a = r.about
    as_of = r.references.as_of
    return {
        "made_by": a.made_by if a else None,
        "why": a.why if a else None,
        "content": a.content if a else None,
        "review": a.review if a else None,
        "medical_device": a.medical_device if a else None,
        "funding": a.funding if a else None,
        "knowledge_base": {"version": r.version, "date": r.date.isoformat()},
        "as_of": as_of.isoformat(),
        "pages": [source_full(s, as_of) for s in r.pages],
        "cited": [source_brief(s, as_of) for s in r.cited],
        "sites_described_little": [
            {
                "id": s.id,
                "name": s.name,
                "coverage_note": statement(s.coverage_note) if s.coverage_note else None,
            }
            for s in r.little
        ],
        "not_covered": [
            {
                "topic": g.topic,
                "text": g.text,
                "sources": g.sources,
                "ask": [{"id": i, "text": r.ask[i].text} for i in g.ask],
            }
            for g in (a.not_covered if a else [])
        ],
        "disclaimer": r.disclaimer,
    }


def rule(x: m.Rule, also_when: list[dict[str, list[str]]] | None = None) -> dict[str, Any]:
    """A rule; ``also_when``: the situations of its twins (the same words over other answers),
    said once with it as every view says them."""
    return {
        "when": x.when,
        "why": x.why,
        "sources": x.sources,
        "team_question": x.team_question,
        "differs_from": x.differs_from,
        "also_when": also_when or [],
    }


def rules(items: list[m.Rule]) -> list[dict[str, Any]]:
    return [rule(x) for x in items]


def twin_rules(items: list[Twin]) -> list[dict[str, Any]]:
    return [rule(x.rule, x.also_when) for x in items]


def option_rows(t: m.Treatment, aims: list[m.Aim] | None = None) -> list[dict[str, Any]]:
    """The five rows of an option (issue 22), in their one order: what the pages say, and the
    question to ask where they don't say (``ask``, else null)."""
    from netcli.render.words import NO_NUMBER, ROW_LABELS

    out = []
    for row in m.option_rows(t, aims):
        says: list[dict[str, Any]] = statements(row.says)
        if row.key == "how_often":
            says = [
                {"text": w.text, "sources": w.sources, "level": w.level, "number": NO_NUMBER}
                for w in t.wording
            ]
        elif row.key == "may_do":
            says = [
                {"text": a.text, "goal": a.goal, "sources": a.sources}
                for a in (t.aim if aims is None else aims)
            ]
        out.append({"key": row.key, "label": ROW_LABELS[row.key], "says": says, "ask": row.ask})
    return out


def wording(items: list[m.Wording]) -> list[dict[str, Any]]:
    return [{"level": w.level, "text": w.text, "sources": w.sources} for w in items]


@to_data.register
def _(r: lk.SiteResult) -> dict[str, Any]:
    s = r.site
    return {
        "id": s.id,
        "name": s.name,
        "aliases": aliases(s.aliases),
        "alias_details": alias_details(s.aliases),
        "group": s.group,
        "answer_values": s.answer_values,
        "about": statements(s.about),
        "coverage": s.coverage,
        "coverage_note": statement(s.coverage_note) if s.coverage_note else None,
        "disagreements": disagreements(s.disagreements),
        "treatments": refs(r.treatments),
        "treatment_details": [
            {"treatment": t.treatment, "note": t.note, "sources": t.sources} for t in s.treatments
        ],
        "terms": terms(r.terms),
        **references(r.references),
    }


@to_data.register
def _(r: lk.TopicResult) -> dict[str, Any]:
    t = r.topic
    return {
        "id": t.id,
        "name": t.name,
        "aliases": aliases(t.aliases),
        "statements": statements(t.statements),
        "disagreements": disagreements(t.disagreements),
        **references(r.references),
    }


@to_data.register
def _(r: lk.SourceResult) -> dict[str, Any]:
    return {
        **source_full(r.source, r.as_of),
        "cited_by_pages": [source_brief(s, r.as_of) for s in r.cited_by],
        "cites": [source_brief(s, r.as_of) for s in r.cites],
    }


@to_data.register
def _(r: lk.SourcesResult) -> dict[str, Any]:
    return {
        "as_of": r.as_of.isoformat(),
        "stale_only": r.stale_only,
        "sources": [source_full(s, r.as_of) for s in r.sources],
    }


@to_data.register
def _(r: lk.Choices) -> dict[str, Any]:
    return {
        "query": r.query,
        "kind": noun(r.section),
        "matches": [pointer(p) for p in r.matches],
        "elsewhere": [pointer(p) for p in r.elsewhere],
    }


@to_data.register
def _(r: lk.GlossaryResult) -> dict[str, Any]:
    return {"query": r.query, "terms": terms(r.terms), **references(r.references)}


@to_data.register
def _(r: lk.SearchResult) -> dict[str, Any]:
    return {
        "query": r.query,
        "hits": [{"kind": h.section, "id": h.id, "name": h.name} for h in r.hits],
    }


@to_data.register
def _(r: lk.ListResult) -> dict[str, Any]:
    return {"kind": r.section, "items": [{"id": i, "name": n, "aliases": a} for i, n, a in r.items]}


@to_data.register
def _(r: lk.KBInfo) -> dict[str, Any]:
    meta = r.meta
    return {
        "version": meta.version,
        "date": meta.date.isoformat(),
        "path": meta.path,
        "digest": meta.digest,
        "counts": meta.counts,
        "as_of": r.as_of.isoformat(),
        "stale_sources": [source_brief(s, r.as_of) for s in r.stale],
    }


@to_data.register
def _(r: lk.Validated) -> dict[str, Any]:
    return {"path": r.path, "valid": True, "counts": r.counts}


@to_data.register
def _(r: lk.Schema) -> dict[str, Any]:
    return r.schema


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
                "disagreements": disagreements(o.treatment.disagreements),
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
                "drugs": [{"id": u.drug, "name": r.drugs[u.drug].name} for u in o.treatment.drugs],
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
                "rows": option_rows(o.treatment, o.aims),
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

"""Results as JSON documents. The keys are a public interface: README "JSON output" lists them."""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any

from netcli import lookup as lk
from netcli.render.hints import noun, pointer
from netcli.render.jsonparts import (
    alias_details,
    aliases,
    disagreements,
    option_rows,
    references,
    refs,
    rules,
    source_brief,
    source_full,
    statement,
    statements,
    terms,
    twin_rules,
    wording,
)
from netcli.text import strip_unsafe


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


@singledispatch
def to_data(result: Any) -> Any:
    # The explore result is matched here rather than registered, so that lookups never import
    # the explore modules.
    from netcli.explore.result import Result

    if isinstance(result, Result):
        from netcli.render.json_explore import explore_data

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

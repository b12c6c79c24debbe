"""Results as JSON documents. The keys are a public interface: README "JSON output" lists them."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from netcli import lookup as lk
from netcli.render.hints import noun, pointer
from netcli.render.jsondump import _clean, _encode, _Unusual, document, error
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

__all__ = ["_Unusual", "_clean", "_encode", "document", "dumps", "error", "to_data"]


def dumps(result: Any, disclaimer: str | None = None) -> str:
    """The result as an indented JSON document (``jsondump.document``), with the disclaimer."""
    return document(to_data(result), disclaimer)


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

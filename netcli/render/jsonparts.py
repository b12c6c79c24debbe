"""The JSON form of the records every document shares: statements, sources, names, rules (each
reason once, as every view says it), an option's five rows. The keys are a public interface:
README "JSON output" lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netcli.knowledge import model as m
from netcli.knowledge.model import is_stale

if TYPE_CHECKING:  # explore's JSON uses these parts and never imports the lookups
    from netcli import lookup as lk
    from netcli.sidebyside import Twin


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


def option_rows(
    t: m.Treatment, aims: list[m.Aim] | None = None, done: bool = False
) -> list[dict[str, Any]]:
    """The five rows of an option (issue 22), in their one order: what the pages say, and the
    question to ask where they don't say (``ask``, else null; once it has been had, ``done``,
    the question about what was had)."""
    from netcli.render.words import NO_NUMBER, ROW_LABELS

    out = []
    for row in m.option_rows(t, aims, done):
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

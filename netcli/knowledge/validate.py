"""Validation of the knowledge base: every problem at once, each with file, line, column and path.

Each record is validated on its own (strict types, no unknown keys), so one broken record does not
hide the problems of the others; then the checks that span records: ids, references, sources,
aliases, the answer vocabulary of every rule.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from netcli.errors import InvalidDataError, Problem
from netcli.knowledge import model as m
from netcli.knowledge.kinds import NAMED
from netcli.knowledge.model import UNSURE
from netcli.knowledge.yamlload import DataPath, Located, format_path, to_json
from netcli.text import fold, look_alike, scripts, unplain_letters

# What a name the pages don't use may be: the brand on a patient's box, or the name of a form of
# the drug ("octreotide LAR"). Nothing a page would have to say.
NOT_IN_PAGES_KINDS = ("brand", "other-name")
# The kinds found by name that have aliases: within each, one folded name must find one record.
ALIASED = tuple(
    k for k in NAMED if "aliases" in {f.name for f in dataclasses.fields(getattr(m, k.record))}
)


@cache
def _adapter(tp: Any) -> Any:
    from pydantic import TypeAdapter  # only when a knowledge base is validated, not on a cache hit

    return TypeAdapter(tp)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the knowledge-base file, for editors."""
    schema: dict[str, Any] = _adapter(m.KnowledgeBase).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "netcli knowledge base"
    return schema


def _sections() -> dict[str, Any]:
    """Each top-level key of the file and the type of its value."""
    hints = typing.get_type_hints(m.KnowledgeBase)
    return {f.name: hints[f.name] for f in dataclasses.fields(m.KnowledgeBase)}


def _describe(error: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"unknown key {loc[-1]!r}"
    if kind in ("missing", "missing_argument"):
        return f"missing key {loc[-1]!r}"
    given = error.get("input")
    shown = json.dumps(given)[:60] if not isinstance(given, dict | list) else type(given).__name__
    return f"{error['msg'][0].lower()}{error['msg'][1:]} (got {shown})"


def validate(located: Located, label: str) -> m.KnowledgeBase:
    """The typed knowledge base, or InvalidDataError listing every problem."""
    problems: list[Problem] = []

    def add(path: DataPath, message: str, *, key: bool = False) -> None:
        mark = located.mark(path, key=key)
        problems.append(
            Problem(
                label,
                mark[0] if mark else None,
                mark[1] if mark else None,
                format_path(path),
                message,
            )
        )

    data = located.data
    if not isinstance(data, dict):
        add((), "the top level must be a mapping of sections (version, sources, drugs, ...)")
        raise InvalidDataError(problems)

    sections = _sections()
    parts: dict[str, Any] = {}
    broken: set[str] = set()  # the sections with a record that failed its own checks
    for key in data:
        if key not in sections:
            add((key,), f"unknown key {key!r}; the sections are: {', '.join(sections)}", key=True)
    for name, tp in sections.items():
        field = next(f for f in dataclasses.fields(m.KnowledgeBase) if f.name == name)
        if name not in data:
            required = field.default is dataclasses.MISSING
            if required and field.default_factory is dataclasses.MISSING:
                add((), f"missing key {name!r}")
            continue
        value = data[name]
        item_type = typing.get_args(tp)[0] if typing.get_origin(tp) is list else None
        if item_type is not None and isinstance(value, list):
            # A record that cannot be read stays as None, so that the cross-record checks
            # number every record as the file does.
            parts[name] = []
            for index, item in enumerate(value):
                before = len(problems)
                parts[name].append(_check((name, index), item, item_type, add))
                if len(problems) > before:
                    broken.add(name)
        else:
            record = _check((name,), value, tp, add)
            if record is not None:
                parts[name] = record

    # Cross-record checks run on whatever could be read, so every problem shows in one run.
    _check_ids(data, add)
    _cross_check_parts(parts, _raw_ids(data), add, broken)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InvalidDataError(problems)
    return m.KnowledgeBase(**parts)


def _check(path: DataPath, value: Any, tp: Any, add: Any) -> Any:
    from pydantic import ValidationError

    try:
        return _adapter(tp).validate_json(to_json(value), strict=True)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            key = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
            add((*path, *loc), _describe(error), key=key)
        return _without_unknown_keys(value, tp, exc.errors())


def _without_unknown_keys(value: Any, tp: Any, errors: list[Any]) -> Any:
    """For the cross-record checks only: a record whose only problems are unknown keys of its
    own, read without them (None when it has any other problem)."""
    from pydantic import ValidationError

    unknown_key = ("extra_forbidden", "unexpected_keyword_argument")
    if not isinstance(value, dict) or not all(
        e["type"] in unknown_key and len(e["loc"]) == 1 for e in errors
    ):
        return None
    unknown = {e["loc"][0] for e in errors}
    try:
        known = {k: v for k, v in value.items() if k not in unknown}
        return _adapter(tp).validate_json(to_json(known), strict=True)
    except ValidationError:
        return None


def _raw_ids(data: dict[str, Any]) -> dict[str, set[str]]:
    """The ids each section declares, read from the raw data (so broken records still count)."""
    ids: dict[str, set[str]] = {}
    for section, items in data.items():
        if isinstance(items, list):
            ids[section] = {
                i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)
            }
    return ids


def _check_ids(data: dict[str, Any], add: Any) -> None:
    """Duplicate ids within a section, read from the raw data so broken records count too."""
    for section, items in data.items():
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                first = f"{section}[{seen[item_id]}]"
                add((section, index, "id"), f"duplicate id {item_id!r} (also {first})")
            else:
                seen[item_id] = index


@cache
def _nested(cls: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass (None for another type), worked out once per class."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def _walk(obj: Any, path: DataPath) -> Iterator[tuple[DataPath, Any]]:
    """Every dataclass instance below ``obj``, with its path (text and numbers are not
    descended into: they hold none)."""
    names = _nested(obj.__class__)
    if names is not None:
        yield path, obj
        for name in names:
            value = getattr(obj, name)
            if isinstance(value, list) or _nested(value.__class__) is not None:
                yield from _walk(value, (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            if isinstance(item, list) or _nested(item.__class__) is not None:
                yield from _walk(item, (*path, i))


def _cross_check_parts(
    parts: dict[str, Any], ids: dict[str, set[str]], add: Any, broken: set[str]
) -> None:
    sources = ids.get("sources", set())
    questions = {q.id: q for q in parts.get("questions", []) if q is not None}
    patient_pages = {
        s.id for s in parts.get("sources", []) if s is not None and s.kind == "patient-page"
    }

    def check_refs(path: DataPath, refs: list[str], section: str, what: str) -> None:
        for i, ref in enumerate(refs):
            if ref not in ids.get(section, set()):
                add((*path, i), f"unknown {what} {ref!r}")

    def check_answers(path: DataPath, when: dict[str, list[str]], allow_unsure: bool) -> None:
        for key, values in when.items():
            question = questions.get(key)
            if question is None:
                add(
                    (*path, key),
                    f"unknown answer key {key!r}; the keys are: " + ", ".join(questions),
                    key=True,
                )
                continue
            allowed = {c.value for c in question.choices} | ({UNSURE} if allow_unsure else set())
            for i, value in enumerate(values):
                if value not in allowed:
                    add(
                        (*path, key, i),
                        f"{key} has no value {value!r}; the values are: "
                        + ", ".join(sorted(allowed)),
                    )

    # Names and aliases: within a kind, one folded name must find one record, and no name may
    # look like another record's (a Cyrillic "Ѕ" in a Latin name; rn for m, 0 for o).
    for kind in ALIASED:
        section = kind.section
        owners: dict[str, tuple[str, str]] = {}
        looks: dict[str, tuple[str, str]] = {}
        for index, record in enumerate(parts.get(section, [])):
            if record is None:
                continue
            names: list[tuple[DataPath, str]] = [
                ((section, index, "id"), record.id),
                ((section, index, kind.name_field), kind.display_name(record)),
            ]
            names += [
                ((section, index, "aliases", j, "name"), a.name)
                for j, a in enumerate(record.aliases)
            ]
            for path, name in names:
                alphabets = scripts(name)
                if len(alphabets) > 1:
                    add(
                        path,
                        f"the name {name!r} mixes letters of different alphabets ("
                        + ", ".join(a.title() for a in sorted(alphabets))
                        + "); a look-alike letter makes two names look the same",
                    )
                    continue
                if alphabets and alphabets != {"LATIN"}:
                    add(
                        path,
                        f"the name {name!r} is written in {next(iter(alphabets)).title()} "
                        "letters; netcli finds names by their Latin letters, so give it in them "
                        "(another script can go in the text)",
                    )
                    continue
                unplain = unplain_letters(name) if alphabets else []
                if unplain:  # attack run h41, D5: "sunıtinib" passed as a look-alike
                    add(
                        path,
                        f"the name {name!r} holds {', '.join(map(repr, unplain))}, a letter with "
                        "no plain Latin form; netcli finds names by their plain letters (accents "
                        "are fine), so write it with them",
                    )
                    continue
                key = fold(name)
                if not key:
                    add(path, f"the name {name!r} has no letters or digits")
                    continue
                owner = owners.get(key)
                if owner and owner[0] != record.id:
                    add(path, f"the name {name!r} also names {section} {owner[0]!r} ({owner[1]!r})")
                    continue
                if owner is None:
                    owners[key] = (record.id, name)
                like = looks.get(look_alike(key))
                if like and like[0] != record.id:
                    add(
                        path,
                        f"the name {name!r} looks like {like[1]!r}, a name of {section} "
                        f"{like[0]!r}; choose a name that cannot be mistaken for it",
                    )
                elif like is None:
                    looks[look_alike(key)] = (record.id, name)

    used_drugs: set[str] = set()
    for section, items in parts.items():
        for path, obj in _walk(items, (section,)):
            if hasattr(obj, "sources") and isinstance(obj.sources, list):
                if isinstance(obj, m.Alias) and obj.not_in_pages:
                    if obj.sources or obj.kind not in NOT_IN_PAGES_KINDS:
                        add(path, "a name the pages don't use is a brand or other name, no source")
                elif not obj.sources and not isinstance(obj, m.KnowledgeBase):
                    add((*path, "sources"), "names no source; every statement needs one")
                for i, ref in enumerate(obj.sources):
                    if ref not in sources:
                        add((*path, "sources", i), f"unknown source {ref!r}")
            if hasattr(obj, "terms"):
                check_refs((*path, "terms"), obj.terms, "glossary", "glossary term")
            if isinstance(obj, m.DrugUse):
                used_drugs.add(obj.drug)
                check_answers((*path, "when"), obj.when, allow_unsure=False)
                if obj.drug not in ids.get("drugs", set()):
                    add((*path, "drug"), f"unknown drug {obj.drug!r}")
            elif isinstance(obj, m.TreatmentMention):
                if obj.treatment not in ids.get("treatments", set()):
                    add((*path, "treatment"), f"unknown treatment {obj.treatment!r}")
            elif isinstance(obj, m.Rule):
                # A history rule (what was had, what waits for if it comes back) may name
                # "unsure": then not knowing counts. A rule that rules an option out may not.
                history = "later_when" in path or "done_when" in path
                check_answers((*path, "when"), obj.when, allow_unsure=history)
                # Only a limit that asks the team may wait for a known answer: a rule that rules
                # an option out, or offers it, reads "not sure" as not known.
                if obj.if_known and ("not_suitable_when" not in path or not obj.team_question):
                    add(
                        (*path, "if_known"),
                        "if_known is for a not-suitable rule with a team question only",
                    )
                for i, ref in enumerate(obj.differs_from):
                    if ref not in sources:
                        add((*path, "differs_from", i), f"unknown source {ref!r}")
            elif isinstance(obj, m.Aim | m.After | m.Conflict):
                check_answers((*path, "when"), obj.when, allow_unsure=False)
                for i, unless in enumerate(getattr(obj, "unless", [])):
                    check_answers((*path, "unless", i), unless, allow_unsure=True)
            elif isinstance(obj, m.Principle):
                check_answers((*path, "later_reads"), obj.later_reads, allow_unsure=True)
                check_answers((*path, "shown_when"), obj.shown_when, allow_unsure=False)
            elif isinstance(obj, m.Disagreement):
                check_answers((*path, "when"), obj.when, allow_unsure=False)
            elif isinstance(obj, m.Choice):
                check_answers((*path, "note_when"), obj.note_when, allow_unsure=False)
                check_answers((*path, "implies"), obj.implies, allow_unsure=False)
            elif isinstance(obj, m.Question):
                check_answers((*path, "ask_when"), obj.ask_when, allow_unsure=True)
                # A skip may hold for "not sure" too (unanswered reads as not sure).
                for i, skip in enumerate(obj.skip_when):
                    check_answers((*path, "skip_when", i), skip, allow_unsure=True)
                values = [c.value for c in obj.choices]
                means = obj.not_asked_means
                if means is not None and means not in values:
                    add((*path, "not_asked_means"), f"{obj.id} has no value {means!r}")
                if means is not None and not obj.ask_when and not obj.skip_when:
                    add((*path, "not_asked_means"), "needs an ask_when (it is always asked)")
                if len(set(values)) != len(values) or UNSURE in values:
                    add((*path, "choices"), "choice values must be unique and not 'unsure'")
            elif isinstance(obj, m.Source):
                for i, ref in enumerate(obj.cited_by):
                    if ref not in patient_pages:
                        add((*path, "cited_by", i), f"{ref!r} is not a patient page of this file")
            elif isinstance(obj, m.Treatment):
                if obj.part_of is not None and obj.part_of not in ids.get("treatments", set()):
                    add((*path, "part_of"), f"unknown treatment {obj.part_of!r}")
                check_refs((*path, "principles"), obj.principles, "principles", "principle")
                # Had already, a row's question is about what was had: none still to come.
                for key in obj.not_said if obj.done_when else ():
                    if key not in ("how_often", *obj.not_said_done):
                        add((*path, "not_said_done"), f"{key}: no question for once it is had")
                for row in m.option_rows(obj):
                    if not row.says and not row.ask:
                        add(
                            (*path, "not_said"),
                            f"the row {row.key!r} has no statement: give one with its sources, or"
                            f" the question to ask the team under not_said.{row.key}",
                        )
                component_ids = [c.id for c in obj.components]
                for i, cid in enumerate(component_ids):
                    if cid in component_ids[:i]:
                        add((*path, "components", i, "id"), f"duplicate component id {cid!r}")
            elif isinstance(obj, m.Reflection):
                asked: list[tuple[DataPath, m.Question]] = [(("matters",), obj.matters)]
                asked += [(("ready", i), q) for i, q in enumerate(obj.ready)]
                asked += [(("role",), obj.role)] if obj.role else []
                matters = {c.value for c in obj.matters.choices}
                for i, link in enumerate(obj.speaks_to):
                    if link.matter not in matters:
                        add(
                            (*path, "speaks_to", i, "matter"),
                            f"matters has no value {link.matter!r}",
                        )
                    check_refs(
                        (*path, "speaks_to", i, "treatments"),
                        link.treatments,
                        "treatments",
                        "treatment",
                    )
                for sub, question in asked:
                    if question.id in questions:
                        add((*path, *sub, "id"), f"the id {question.id!r} is also a question's id")
            elif isinstance(obj, m.PlainAnswer):
                worded = questions.get(obj.question)
                if worded is None:
                    add((*path, "question"), f"unknown answer key {obj.question!r}")
                else:
                    values = [c.value for c in worded.choices]
                    for value in obj.says:
                        if value not in values:
                            add((*path, "says", value), f"{obj.question} has no value {value!r}")
                    missing = [v for v in values if v not in obj.says]
                    if missing:
                        add((*path, "says"), "no plain words for " + ", ".join(missing))
            elif isinstance(obj, m.Gap):
                check_refs((*path, "ask"), obj.ask, "ask", "question to ask")
            elif isinstance(obj, m.AskTemplate):
                check_refs((*path, "for_treatments"), obj.for_treatments, "treatments", "treatment")
                check_refs((*path, "when_done"), obj.when_done, "treatments", "treatment")
                for i, unless in enumerate(obj.unless):
                    check_answers((*path, "unless", i), unless, allow_unsure=False)
                for i, key in enumerate(obj.when_unsure):
                    if key not in questions:
                        add((*path, "when_unsure", i), f"unknown answer key {key!r}")
            elif isinstance(obj, m.Site):
                check_answers((*path, "coverage_note_when"), obj.coverage_note_when, False)
                key = "kind" if obj.group == "kind" else "site"
                if key in questions:
                    allowed = sorted(c.value for c in questions[key].choices)
                    for i, value in enumerate(obj.answer_values):
                        if value not in allowed:
                            add(
                                (*path, "answer_values", i),
                                f"{key} has no value {value!r}; the values are: "
                                + ", ".join(allowed),
                            )

    treatments = parts.get("treatments", [])
    if "treatments" in broken or len(treatments) != len(ids.get("treatments", ())):
        return  # a treatment that failed its own checks may be the one that uses a drug
    for index, drug in enumerate(parts.get("drugs", [])):
        if drug is not None and drug.id not in used_drugs:
            add(("drugs", index, "id"), f"drug {drug.id!r} is used by no treatment")

"""The store's queries are typed. mypy checks this file too (``[tool.mypy] files``): a query whose
result became ``Any``, or the wrong record type, fails the type check; pytest runs the same calls
on a small knowledge base, so the types are also the records it really gives."""

from __future__ import annotations

import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, assert_type

import pytest

from netcli.knowledge import model as m
from netcli.knowledge.index import KB, RECORD_TYPES, Item
from netcli.knowledge.load import open_kb


def test_a_section_named_in_the_code_gives_its_record_type(kb_file: Path) -> None:
    kb = open_kb(kb_file)
    drug = kb.get("drugs", "octreotide")
    assert_type(drug, m.Drug)
    assert isinstance(drug, m.Drug)
    treatments = kb.all("treatments")
    assert_type(treatments, list[m.Treatment])
    assert treatments and all(isinstance(t, m.Treatment) for t in treatments)
    assert_type(kb.all("glossary"), list[m.Term])
    assert_type(kb.all("questions"), list[m.Question])
    assert all(isinstance(q, m.Question) for q in kb.all("questions"))


def test_a_section_known_only_when_it_runs_gives_some_record(kb_file: Path) -> None:
    kb = open_kb(kb_file)
    for section in ("drugs", "sites", "sources"):
        named: str = section
        records = kb.all(named)
        assert_type(records, Sequence[Item])
        assert records
        first = kb.get(named, records[0].id)
        assert_type(first, Item)
        assert first == records[0]


def _typed_sections(query: Callable[..., Any]) -> dict[str, Any]:
    """The record type that each overload of ``query`` gives for a section named as a literal."""
    out = {}
    for overload in typing.get_overloads(query):
        hints = typing.get_type_hints(overload)
        if typing.get_origin(hints["section"]) is Literal:
            (section,) = typing.get_args(hints["section"])
            given = hints["return"]
            out[section] = typing.get_args(given)[0] if typing.get_origin(given) is list else given
    return out


@pytest.mark.parametrize(
    ("query", "sections"),
    [
        (KB.get, RECORD_TYPES),
        (KB.all, RECORD_TYPES),
    ],
    ids=["get", "all"],
)
def test_every_kind_has_its_typed_query(
    query: Callable[..., Any], sections: dict[str, Any]
) -> None:
    # The overloads are the type checker's copy of the kinds table: a new kind needs its line.
    assert _typed_sections(query) == sections

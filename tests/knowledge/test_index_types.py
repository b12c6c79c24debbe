"""The store's queries are typed. mypy checks this file too (``[tool.mypy] files``): a query whose
result became ``Any``, or the wrong record type, fails the type check; pytest runs the same calls
on a small knowledge base, so the types are also the records it really gives."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import assert_type

from netcli.knowledge import model as m
from netcli.knowledge.index import Item
from netcli.knowledge.load import open_kb


def test_a_section_named_in_the_code_gives_its_record_type(kb_file: Path) -> None:
    kb = open_kb(kb_file)
    drug = kb.get("drugs", "octreotide")
    assert_type(drug, m.Drug)
    assert isinstance(drug, m.Drug)
    treatments = kb.all("treatments")
    assert_type(treatments, list[m.Treatment])
    assert treatments and all(isinstance(t, m.Treatment) for t in treatments)
    source = kb.resolve("sources", kb.all("sources")[0].title)
    assert_type(source, m.Source)
    assert isinstance(source, m.Source)
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

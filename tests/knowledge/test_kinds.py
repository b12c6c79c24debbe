"""The one table of record kinds (``netcli.knowledge.kinds.KINDS``) agrees with the records, the
store, the CLI and completion, so that adding a kind is adding a row."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from typer.main import get_command

from netcli import complete
from netcli.cli import app
from netcli.knowledge import model as m
from netcli.knowledge.index import RECORD_TYPES
from netcli.knowledge.kinds import BY_SECTION, KINDS, NAMED, Kind
from netcli.knowledge.load import open_kb

HINTS = typing.get_type_hints(m.KnowledgeBase)


def _record_sections() -> list[str]:
    """Every section of the file that is a list of records with ids."""
    out = []
    for f in dataclasses.fields(m.KnowledgeBase):
        if typing.get_origin(HINTS[f.name]) is not list:
            continue
        (item,) = typing.get_args(HINTS[f.name])
        if dataclasses.is_dataclass(item) and "id" in {g.name for g in dataclasses.fields(item)}:
            out.append(f.name)
    return out


def test_every_section_of_records_has_one_row() -> None:
    assert sorted(k.section for k in KINDS) == sorted(_record_sections())
    assert len(BY_SECTION) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.section)
def test_a_row_names_the_record_type_of_its_section(kind: Kind) -> None:
    record = getattr(m, kind.record)
    assert HINTS[kind.section] == list[record]
    assert RECORD_TYPES[kind.section] is record
    assert kind.name_field in {f.name for f in dataclasses.fields(record)}


@pytest.mark.parametrize("kind", NAMED, ids=lambda k: k.section)
def test_a_kind_found_by_name_has_a_command_and_a_list(kind: Kind) -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert kind.noun and kind.command and kind.listed
    assert kind.command in commands
    assert complete.SECTIONS[kind.command] == kind.section
    listed = next(p for p in commands["list"].params if p.name == "kind")
    assert kind.listed in listed.type.choices


def test_the_kinds_not_found_by_name_have_no_command() -> None:
    rest = [k for k in KINDS if k not in NAMED]
    assert rest and all(k.command is None and k.listed is None for k in rest)
    assert set(complete.SECTIONS.values()) == {k.section for k in NAMED}


def test_the_store_shows_each_record_by_its_kinds_display_name(kb_file: Path) -> None:
    kb = open_kb(kb_file)
    full = kb.knowledge_base()
    for kind in NAMED:
        for r in getattr(full, kind.section):
            shown = kind.display_name(r)
            assert (r.id, shown) in kb.matches(kind.section, shown), (kind.section, r.id)
    # A term is shown by its term, a source by its title.
    assert kb.matches("glossary", "multidisciplinary") == [("mdt", "Multidisciplinary team")]
    found = kb.matches("sources", "guidelines")
    assert ("guideline-2020", "Guidelines for neuroendocrine neoplasms") in found

"""A name not found: the core carries data (kind, name, close names, pointers); the edge writes the
message, the hint and the commands, from the table of kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcli import lookup as lk
from netcli.errors import NotFoundError, Pointer
from netcli.knowledge.load import open_kb
from netcli.render.hints import command, described, not_found


def test_the_error_carries_data_and_no_words(kb_file: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        lk.find(open_kb(kb_file), "drugs", "octreotdie")
    error = caught.value
    assert (error.section, error.name, error.suggestions) == ("drugs", "octreotdie", ["octreotide"])
    assert error.hint is None
    assert "netcli" not in error.message


def test_the_edge_writes_the_message_and_the_hint() -> None:
    error = NotFoundError("sites", "liver", ["Lung"])
    assert not_found(error) == ("No tumour type called 'liver'.", "Did you mean: Lung?")


def test_with_nothing_close_the_hint_names_the_list_of_the_kind() -> None:
    message, hint = not_found(NotFoundError("glossary", "zzz", []))
    assert message == "No glossary term called 'zzz'."
    assert hint == "The sources don't use the name 'zzz'.\nSee them all with: netcli list glossary"


def test_a_pointer_becomes_words_and_a_command_ready_to_paste() -> None:
    error = NotFoundError(
        "drugs",
        "chemo for NET",
        [],
        elsewhere=[Pointer("treatments", "chemo", "chemo for NET")],
        mentions=[Pointer("topics", "mdt", "Specialist team")],
    )
    message, hint, details = described(error)
    assert message == "No drug called 'chemo for NET'."
    assert hint == (
        "chemo for NET is a treatment: netcli treatment 'chemo for NET'\n"
        "The sources mention 'chemo for NET' in:\n"
        "  Specialist team (topic): netcli topic 'Specialist team'"
    )
    assert details == {
        "kind": "drug",
        "suggestions": [],
        "elsewhere": [
            {
                "kind": "treatment",
                "id": "chemo",
                "name": "chemo for NET",
                "command": "netcli treatment 'chemo for NET'",
            }
        ],
        "mentioned_in": [
            {
                "kind": "topic",
                "id": "mdt",
                "name": "Specialist team",
                "command": "netcli topic 'Specialist team'",
            }
        ],
    }


def test_each_kind_opens_with_its_own_command() -> None:
    assert command("sites", "small bowel") == "netcli site 'small bowel'"
    assert command("glossary", "MDT") == "netcli glossary MDT"
    assert command("sources", "esmo-2020") == "netcli source esmo-2020"

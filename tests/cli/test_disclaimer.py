"""The disclaimer is always shown (guide: "the disclaimer is always shown"): in the JSON of every
command that states medical facts or lists records, and under the text views that list records."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

Run = Callable[..., Result]

JSON_COMMANDS = [
    ("drug", "octreotide"),
    ("treatment", "prrt"),
    ("site", "stomach"),
    ("compare", "prrt", "tace"),
    ("glossary",),
    ("topic", "mdt"),
    ("source", "acs-gi-surgery"),
    ("sources",),
    ("sources", "--stale"),
    ("search", "octreotide"),
    ("search", "no-such-words-anywhere"),
    ("list", "drugs"),
    ("kb", "info"),
]


def _disclaimer(run: Run) -> str:
    about = json.loads(run("about", "--json").stdout)
    assert about["disclaimer"].strip()
    return str(about["disclaimer"])


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=[" ".join(a) for a in JSON_COMMANDS])
def test_every_json_document_carries_the_disclaimer(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["disclaimer"] == _disclaimer(run)


@pytest.mark.parametrize(
    "args",
    [
        ("sources",),
        ("sources", "--stale"),
        ("search", "octreotide"),
        ("search", "zzzqqq"),
        ("list", "drugs"),
    ],
)
def test_listing_views_end_with_the_disclaimer(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert " ".join(_disclaimer(run).split()) in flat

"""The terminal and JSON views format one result: they agree on what the core decided (twin rules
said once, the aims the answers leave standing), on the shipped knowledge base."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.render.words import GOALS_SHORT

Run = Callable[..., Result]


def data(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def flat(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.replace("│", " ").split())


# The treatment view's sections of rules, in order, and the heading that follows the last.
SECTIONS = {
    "offered_when": "When the sources say it may be offered",
    "not_suitable_when": "When the sources say it is not suitable",
    "done_when": "When it counts as had already, and what follows",
}


def section(shown: str, key: str) -> str:
    """The text of one section of rules (empty when the view has none)."""
    start = shown.find(SECTIONS[key])
    if start < 0:
        return ""
    ends = [shown.find(t, start + 1) for t in [*SECTIONS.values(), "Principles that apply"]]
    ends = [e for e in ends if e > start] + [shown.find("Sources", start)]
    return shown[start : min(e for e in ends if e > start)]


@pytest.mark.parametrize("name", ["prrt", "tae", "somatostatin-analogues", "surgery"])
def test_a_treatments_rules_are_the_same_in_both_views(run: Run, name: str) -> None:
    doc = data(run("treatment", name, "--json"))
    shown = flat(run("treatment", name))
    for key in SECTIONS:
        whys = [" ".join(x["why"].split()) for x in doc[key]]
        # Each reason once in JSON (twins merged in the core) ...
        assert len(whys) == len(set(whys)), (key, whys)
        # ... and once in the terminal's section, which shows no other.
        said = section(shown, key)
        assert all(said.count(why) == 1 for why in whys), (key, said)
        assert said.count("•") == len(whys), (key, said)


def test_twin_rules_keep_their_situations_and_sources_in_json(run: Run) -> None:
    [twin] = [
        x
        for x in data(run("treatment", "prrt", "--json"))["offered_when"]
        if x["why"].startswith("The stomach page says you might have PRRT if the stomach NET")
    ]
    assert twin["also_when"] and all(isinstance(w, dict) for w in twin["also_when"])
    assert twin["when"] not in twin["also_when"]


ANSWERS = [
    {"kind": "net", "site": "stomach", "grade": "3", "spread": "liver", "fit_for_surgery": "no"},
    {"kind": "net", "site": "pancreas", "spread": "liver", "sstr": "not-tested"},
    {"kind": "net", "site": "small-bowel", "hormone_symptoms": "yes"},
    {"kind": "nec", "site": "lung"},
]


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda a: "-".join(a.values()))
def test_the_aims_are_the_same_in_both_views(run: Run, answers: dict[str, str]) -> None:
    args = [a for k, v in answers.items() for a in ("-a", f"{k}={v}")]
    doc = data(run("explore", *args, "--json"))
    # Wide enough that every row of the table is one line.
    shown = CliRunner().invoke(app, ["explore", *args], env={"COLUMNS": "300"})
    lines = [" ".join(line.split()) for line in shown.stdout.splitlines()]
    aims = {o["id"]: o["aim"] for o in doc["options"]}
    rows = [o for g in doc["overview"] for o in g["options"]]
    assert rows
    for row in rows:
        # The overview's aims are the option's aims (one computation, in the core) ...
        assert row["aim"] == aims[row["id"]]
        # ... and the terminal's table row says them.
        said = ", ".join(GOALS_SHORT.get(g, g) for g in row["aim"]) or "not stated"
        assert any(line.startswith(row["name"] + " ") and said in line for line in lines), row

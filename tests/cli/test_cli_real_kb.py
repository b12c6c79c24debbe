"""The shipped knowledge base (no --kb): it validates; the issue's examples find their records."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from tests.helpers import title_of

Run = Callable[..., Result]


def data(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_the_shipped_knowledge_base_is_valid(run: Run) -> None:
    result = run("kb", "validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert re.fullmatch(
        r".*treatments\.yaml: valid \(\d+ treatments, \d+ drugs, \d+ sites, \d+ glossary, "
        r"\d+ sources, \d+ questions\)\n",
        result.stdout,
    )


def test_the_shipped_knowledge_base_is_valid_json(run: Run) -> None:
    report = data(run("kb", "validate", "--json"))
    assert report["valid"] is True
    assert report["path"].endswith("treatments.yaml")
    assert all(report["counts"][k] > 0 for k in ("treatments", "drugs", "sources", "questions"))


def test_drug_everolimus_json(run: Run) -> None:
    drug = data(run("drug", "everolimus", "--json"))
    assert drug["id"] == "everolimus"
    assert drug["class"]["text"]
    assert drug["class"]["sources"]
    assert drug["treatments"], "everolimus is used by no treatment"
    assert all({"id", "title", "publisher", "year"} <= set(s) for s in drug["sources"])


def test_drug_everolimus_terminal(run: Run) -> None:
    result = run("drug", "everolimus")
    assert result.exit_code == 0, result.stderr
    assert title_of(result.stdout) == "everolimus"
    assert "Class: " in result.stdout
    assert "Used in" in result.stdout
    assert "1. " in result.stdout


@pytest.mark.parametrize(
    ("name", "drug_id"),
    [
        ("5-FU", "fluorouracil"),
        ("Sandostatin", "octreotide"),
        ("streptozocin", "streptozotocin"),
        ("streptozotocin", "streptozotocin"),
    ],
)
def test_the_issue_drug_examples(run: Run, name: str, drug_id: str) -> None:
    assert data(run("drug", name, "--json"))["id"] == drug_id


@pytest.mark.parametrize(
    ("name", "treatment_id"),
    [
        ("TACE", "tace"),
        ("hepatic artery embolization", "tae"),
        ("hepatic artery embolisation", "tae"),
    ],
)
def test_the_issue_treatment_examples(run: Run, name: str, treatment_id: str) -> None:
    treatment = data(run("treatment", name, "--json"))
    assert treatment["id"] == treatment_id
    assert treatment["sources"]


@pytest.mark.parametrize("name", ["chemo-embolisation", "chemo embolization"])
def test_a_hyphen_or_space_inside_a_name_does_not_matter(run: Run, name: str) -> None:
    # README: names match "without regard to ... hyphens or spaces"; TACE's alias is
    # "chemoembolisation".
    assert data(run("treatment", name, "--json"))["id"] == "tace"


def test_a_misspelt_drug_suggests_the_right_one(run: Run) -> None:
    result = run("drug", "everolmus")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "netcli: No drug called 'everolmus'.\nDid you mean: everolimus?\n"


@pytest.mark.parametrize("kind", ["drugs", "treatments", "sites", "sources", "glossary", "topics"])
def test_every_listed_record_opens(run: Run, kind: str) -> None:
    command = {
        "drugs": "drug",
        "treatments": "treatment",
        "sites": "site",
        "sources": "source",
        "glossary": "glossary",
        "topics": "topic",
    }[kind]
    items = data(run("list", kind, "--json"))["items"]
    assert items, f"the shipped knowledge base has no {kind}"
    for item in items:
        for name in [item["id"], item["name"], *item["aliases"]]:
            result = run(command, name, "--json")
            assert result.exit_code == 0, f"netcli {command} {name!r}: {result.stderr}"
            opened = json.loads(result.stdout)
            found = opened["terms"][0]["id"] if kind == "glossary" else opened["id"]
            assert found == item["id"], f"netcli {command} {name!r} opens {found}"


def test_list_shows_every_id_in_full_at_80_columns(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 80 columns is what rich uses with no terminal; an id cut short cannot be typed back.
    monkeypatch.setenv("COLUMNS", "80")
    ids = [i["id"] for i in data(run("list", "treatments", "--json"))["items"]]
    result = run("list", "treatments")
    assert result.exit_code == 0
    shown = {line.split()[0] for line in result.stdout.splitlines()[1:] if line[:1].strip()}
    assert [i for i in ids if i not in shown] == []


def test_every_shipped_treatment_opens_in_the_terminal_view(run: Run) -> None:
    """A rule with a team question or pages that differ once crashed the view (TypeError)."""
    ids = [i["id"] for i in data(run("list", "treatments", "--json"))["items"]]
    for treatment_id in ids:
        result = run("treatment", treatment_id)
        assert result.exit_code == 0, (treatment_id, result.stderr)
    prrt = " ".join(run("treatment", "prrt").stdout.replace("│", " ").split())
    assert "Other pages differ:" in prrt


@pytest.mark.parametrize(
    "args",
    [
        ("explore", "-a", "kind=net", "-a", "site=pancreas"),
        ("explore", "-a", "kind=nec", "-a", "previous=surgery", "-a", "came_back=yes", "--all"),
        ("drug", "everolimus"),
        ("treatment", "prrt"),
        ("list", "drugs"),
        ("glossary",),
    ],
)
def test_output_to_a_file_has_no_trailing_spaces(run: Run, args: tuple[str, ...]) -> None:
    # Piped or saved output: rich pads table rows and blocks to their width; a file got those
    # spaces on most lines (286 of 337 in one explore result, up to 1,000 columns).
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    padded = [line for line in result.stdout.splitlines() if line != line.rstrip()]
    assert not padded, padded[:3]
    assert result.stdout.endswith("\n")

"""``netcli explore`` in-process with CliRunner against an inline knowledge base (``--kb PATH``).

CliRunner's stdin is not a terminal, so every run here is one that never prompts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netcli.cli import app
from tests.conftest import (
    OCTREOTIDE,
    PAGE_A_GUIDELINE_B,
    pancreas_site,
    question,
    small_kb,
    support,
)

KB = small_kb(
    question("site"),
    question("grade", extra=["settled_by: {text: A biopsy tells the grade., sources: [src-b]}"]),
    question("spread"),
    question("resectable"),
    head="""\
version: "0.0.1"
date: 2025-01-01
disclaimer: Test disclaimer. Only your team can say what suits you.
notes:
  - {text: A general note for everyone., sources: [src-a]}
sources:
"""
    + PAGE_A_GUIDELINE_B,
    rest="""\
treatments:
  - id: surgery
    name: Surgery to remove the tumour
    aliases: [{name: resection, kind: other-name, sources: [src-a]}]
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: An operation., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {spread: [none]}, why: It may be removed when it has not spread., sources: [src-a]}
    not_suitable_when:
      - when: {grade: ["3"]}
        why: The guideline does not describe it for grade 3.
        sources: [src-b]
  - id: ssa
    name: Somatostatin analogues
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Drugs that slow hormones., sources: [src-a]}]
    caveats: [{text: They are injections., sources: [src-a]}]
    sources: [src-a]
    drugs: [{drug: octreotide, sources: [src-a]}]
    offered_when:
      - {when: {grade: ["1", "2"]}, why: For slow-growing tumours., sources: [src-a]}
"""
    + support()
    + """\
drugs:
"""
    + OCTREOTIDE
    + """\
sites:
"""
    + pancreas_site("The pages say little about the pancreas.")
    + """\
glossary: []
""",
)

Explore = Callable[..., Result]

SOURCE_A = {"id": "src-a", "title": "Page A", "publisher": "Pub A", "year": 2020}
SOURCE_B = {"id": "src-b", "title": "Guideline B", "publisher": "Pub B", "year": 2021}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return path


@pytest.fixture
def explore(kb_path: Path) -> Explore:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["--kb", str(kb_path), "explore", *args])

    return invoke


def as_json(result: Result) -> dict:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def brief(source: dict) -> dict:
    return {k: source[k] for k in ("id", "title", "publisher", "year")}


# --- answers from -a and --answers --------------------------------------------------------------


def test_answers_from_a(explore: Explore) -> None:
    doc = as_json(explore("-a", "grade=1", "-a", "spread=liver,lymph-nodes", "--json"))
    assert doc["answers"] == {
        "site": "unsure",
        "grade": "1",
        "spread": ["liver", "lymph-nodes"],
        "resectable": "unsure",
    }
    assert [o["id"] for o in doc["options"]] == ["ssa", "support"]
    assert [x["id"] for x in doc["excluded"]] == ["surgery"]


def test_answers_from_a_yaml_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("site: pancreas\ngrade: 2\nspread: [none]\nresectable: yes\n")
    doc = as_json(explore("--answers", str(path), "--json"))
    assert doc["answers"] == {
        "site": "pancreas",
        "grade": "2",
        "spread": ["none"],
        "resectable": "yes",
    }
    assert [o["id"] for o in doc["options"]] == ["surgery", "ssa", "support"]


def test_answers_from_a_json_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"grade": 3, "spread": ["liver"], "resectable": False}))
    doc = as_json(explore("--answers", str(path), "--json"))
    assert doc["answers"] == {
        "site": "unsure",
        "grade": "3",
        "spread": ["liver"],
        "resectable": "no",
    }
    assert [o["id"] for o in doc["options"]] == ["support"]
    assert [x["id"] for x in doc["excluded"]] == ["surgery", "ssa"]


def test_a_wins_over_the_answers_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("grade: 3\nsite: rectum\nspread: [liver]\n")
    doc = as_json(explore("--answers", str(path), "-a", "grade=1", "-a", "spread=none", "--json"))
    assert doc["answers"]["grade"] == "1"
    assert doc["answers"]["spread"] == ["none"]
    assert doc["answers"]["site"] == "rectum"  # the file's other answers stay


def test_unanswered_keys_count_as_unsure(explore: Explore) -> None:
    doc = as_json(explore("-a", "site=rectum", "--json"))
    assert doc["answers"] == {
        "site": "rectum",
        "grade": "unsure",
        "spread": ["unsure"],
        "resectable": "unsure",
    }
    assert [(o["id"], o["fit"]) for o in doc["options"]] == [
        ("surgery", "depends"),
        ("ssa", "depends"),
        ("support", "matches"),
    ]


def test_an_empty_answers_file_counts_every_key_as_unsure(explore: Explore, tmp_path: Path) -> None:
    # --answers was given, so nothing is asked: every key is unsure (the spec: "When answers are
    # given, or stdin is not a terminal, it never prompts: unanswered keys count as unsure").
    path = tmp_path / "answers.json"
    path.write_text("{}")
    doc = as_json(explore("--answers", str(path), "--json"))
    assert doc["answers"] == {
        "site": "unsure",
        "grade": "unsure",
        "spread": ["unsure"],
        "resectable": "unsure",
    }
    assert [o["id"] for o in doc["options"]] == ["surgery", "ssa", "support"]


# --- the JSON document --------------------------------------------------------------------------


def test_json_shape(explore: Explore) -> None:
    doc = as_json(explore("-a", "site=pancreas", "-a", "grade=2", "-a", "spread=none", "--json"))
    documented = {"answers", "options", "excluded", "notes", "reflection", "disclaimer"}
    overview = {"situation", "overview", "what_would_change", "not_sure_changes_nothing"}
    overview |= {"not_fitting", "as_of", "references"}
    overview |= {"not_for_this_tumour"}  # added by issue 24
    overview |= {"follows"}  # added by issue 21
    assert set(doc) == documented | overview
    assert doc["reflection"] is None  # the optional last step was not answered
    assert doc["disclaimer"] == "Test disclaimer. Only your team can say what suits you."
    keys = {"id", "name", "aliases", "category", "aim", "why", "caveats", "depends_on", "drugs"}
    for option in doc["options"]:
        assert keys | {"sources"} <= set(option)
        for source in option["sources"]:
            assert {"id", "title", "publisher", "year"} <= set(source)

    surgery, ssa, support = doc["options"]
    assert surgery["id"] == "surgery"
    assert surgery["name"] == "Surgery to remove the tumour"
    assert surgery["aliases"] == ["resection"]
    assert surgery["category"] == "surgery"
    assert surgery["aim"] == ["cure"]
    assert len(surgery["why"]) == 1
    assert surgery["why"][0].startswith("It may be removed when it has not spread.")
    assert "Not spread" in surgery["why"][0]
    assert surgery["caveats"] == []
    assert surgery["drugs"] == []
    # Why it may fit first, then the rest of its record (its not-suitable rule cites src-b).
    assert [brief(s) for s in surgery["sources"]] == [SOURCE_A, SOURCE_B]

    assert ssa["category"] == "drug"
    assert ssa["aim"] == ["control"]
    assert ssa["caveats"] == ["They are injections."]
    assert ssa["drugs"] == [{"id": "octreotide", "name": "octreotide"}]
    assert ssa["depends_on"] == []

    assert support["why"] == ["Everyone may be offered support."]
    assert doc["excluded"] == []
    assert doc["notes"] == [
        {"text": "A general note for everyone.", "sources": ["src-a"]},
        {"text": "The pages say little about the pancreas.", "sources": ["src-b"]},
    ]


def test_json_depends_on(explore: Explore) -> None:
    doc = as_json(explore("-a", "spread=none", "--json"))
    surgery, ssa, _ = doc["options"]
    # Surgery fits, but the guideline rules it out for grade 3, which was not answered.
    (dep,) = surgery["depends_on"]
    assert dep["key"] == "grade"
    assert dep["question"] == "What grade is it?"
    assert dep["values"] == ["Grade 3"]
    assert dep["effect"] == "not-suitable"
    assert dep["settled_by"] == {"text": "A biopsy tells the grade.", "sources": ["src-b"]}
    assert [brief(s) for s in surgery["sources"]] == [SOURCE_A, SOURCE_B]
    # The drug may fit, depending on the grade.
    assert ssa["fit"] == "depends"
    (dep,) = ssa["depends_on"]
    assert (dep["key"], dep["values"], dep["effect"]) == ("grade", ["Grade 1", "Grade 2"], "fits")


def test_json_excluded(explore: Explore) -> None:
    doc = as_json(explore("-a", "grade=3", "-a", "spread=none", "--json"))
    assert [o["id"] for o in doc["options"]] == ["support"]
    surgery, ssa = doc["excluded"]
    assert set(surgery) == {"id", "name", "why", "sources", "fit", "reasons"}
    assert surgery["fit"] == "not-suitable"
    assert [r["why"] for r in surgery["reasons"]] == surgery["why"]
    assert surgery["id"] == "surgery"
    assert surgery["name"] == "Surgery to remove the tumour"
    assert surgery["why"][0].startswith("The guideline does not describe it for grade 3.")
    assert [brief(s) for s in surgery["sources"]] == [SOURCE_B]
    assert ssa["id"] == "ssa"
    assert ssa["why"][0].startswith("For slow-growing tumours.")
    assert "Grade 3" in ssa["why"][0]


# --- the terminal view --------------------------------------------------------------------------


def test_terminal_view(explore: Explore) -> None:
    result = explore("-a", "site=pancreas", "-a", "grade=3", "-a", "spread=liver")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = " ".join(result.stdout.split())  # rich may wrap long lines
    assert "Your situation: The pancreas. Grade 3. To the liver." in out
    assert "Not sure, but it changes nothing here: Can it be removed? Not sure." in out
    assert "Options that may be discussed with your team" in out
    assert "Supportive care" in out
    assert "Everyone may be offered support." in out
    assert "Options that do not fit your answers" in out
    excluded = out[out.index("Options that do not fit your answers") :]
    # In a few lines: the options together with the answer that rules them out.
    assert "Because grade 3: Surgery to remove the tumour, Somatostatin analogues" in excluded
    assert "The guideline does not describe it for grade 3." not in excluded
    assert "The pages say little about the pancreas." in out
    assert out.startswith("─")  # the overview's heading comes first
    assert out.index("Test disclaimer.") < out.index("Supportive care")
    assert out.rstrip().endswith("Test disclaimer. Only your team can say what suits you.")


def test_terminal_view_with_every_reason(explore: Explore) -> None:
    result = explore("-a", "site=pancreas", "-a", "grade=3", "-a", "spread=liver", "--all")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    excluded = out[out.index("Options that do not fit your answers") :]
    assert "The guideline does not describe it for grade 3." in excluded
    assert "For slow-growing tumours. Your answer was: Grade 3." in excluded


def test_the_overview_table_comes_before_the_details(explore: Explore) -> None:
    out = explore("-a", "spread=none").stdout
    table = out.index("Fits your answers?")
    changes = out.index("What would change this list")
    details = out.index("The options in detail")
    assert table < changes < details
    overview = out[table:changes]
    for name in ("Surgery to remove the tumour", "Somatostatin analogues", "Supportive care"):
        assert name in overview and name in out[details:]
    # "matches" is said as what it means, and what it means is said under the table.
    assert "depends on" in overview and "described for this" in overview
    assert "It does not mean it suits you" in " ".join(overview.split())


def test_terminal_view_of_an_unsure_answer(explore: Explore) -> None:
    result = explore("-a", "spread=none")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # rich may wrap long lines
    assert "may fit, depending on answers you were not sure of" in out
    assert "• What grade is it? If grade 3: Surgery to remove the tumour: would not fit" in out
    assert "If grade 1 or grade 2: Somatostatin analogues: may fit." in out
    assert "Who can say: A biopsy tells the grade." in out
    assert out.count("A biopsy tells the grade.") == 1  # said once, not under each option
    assert "Options that do not fit your answers" not in out
    assert "Test disclaimer." in out


# --- usage errors -------------------------------------------------------------------------------


def test_no_answers_and_no_terminal(explore: Explore) -> None:
    result = explore()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "-a" in result.stderr
    assert "--answers" in result.stderr
    assert "terminal" in result.stderr


def test_no_answers_and_no_terminal_with_json(explore: Explore) -> None:
    result = explore("--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "usage"
    assert "-a" in error["hint"] and "--answers" in error["hint"]


def test_unknown_key(explore: Explore) -> None:
    result = explore("-a", "colour=blue")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "netcli: Unknown answer key 'colour'.\nThe keys are: site, grade, spread, resectable.\n"
    )


def test_unknown_value(explore: Explore) -> None:
    result = explore("-a", "spread=liver,bones")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "netcli: spread has no value 'bones'.\n"
        "The values of spread are: none, liver, lymph-nodes, unsure.\n"
    )


def test_unknown_key_with_json(explore: Explore) -> None:
    result = explore("-a", "colour=blue", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "usage"
    assert error["message"] == "Unknown answer key 'colour'."
    assert error["hint"] == "The keys are: site, grade, spread, resectable."


def test_unknown_key_in_the_answers_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("grade: 1\nshape: round\n")
    result = explore("--answers", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Unknown answer key 'shape'." in result.stderr
    assert "The keys are: site, grade, spread, resectable." in result.stderr


def test_several_values_on_a_single_key(explore: Explore) -> None:
    result = explore("-a", "grade=1,2")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "netcli: grade takes one value, not 2.\n"


def test_a_without_equals(explore: Explore) -> None:
    result = explore("-a", "grade")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "-a takes KEY=VALUE, not 'grade'." in result.stderr


def test_malformed_yaml_answers_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("site: pancreas\nspread: [liver\ngrade: 1\n")
    result = explore("--answers", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"netcli: {path}:3:")
    assert "YAML syntax error" in result.stderr


def test_malformed_json_answers_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{\n  "site": "pancreas",\n  "grade": 1,\n}\n')
    result = explore("--answers", str(path), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["message"].startswith(f"{path}:4:1: not valid JSON")


def test_missing_answers_file(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = explore("--answers", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"netcli: The answers file {path} does not exist.\n"


def test_answers_file_that_is_not_a_mapping(explore: Explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("- site\n- grade\n")
    result = explore("--answers", str(path))
    assert result.exit_code == 2
    assert f"{path}: the answers file must be a mapping" in result.stderr


def test_bad_answers_file_is_reported_even_when_a_fixes_the_key(explore, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text("{ not json")
    result = explore("--answers", str(path), "-a", "grade=1")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"netcli: {path}:1:3: not valid JSON")

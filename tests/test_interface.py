"""The answer vocabulary is a public interface: the README's table and `explore --help` must list
exactly the keys and values of the shipped knowledge base's questions (which the issue fixed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcli.cli import app, default_kb_path
from netcli.knowledge.store import open_kb

ROOT = Path(__file__).resolve().parent.parent

# The table of the explore issue: these keys and values must stay.
ISSUE_KEYS = {
    "kind": ["net", "nec"],
    "site": [
        "stomach",
        "duodenum",
        "small-bowel",
        "appendix",
        "colon",
        "rectum",
        "pancreas",
        "lung",
        "skin",
        "other",
    ],
    "grade": ["1", "2", "3"],
    "spread": ["none", "lymph-nodes", "liver", "elsewhere"],
    "resectable": ["yes", "no"],
    "size": ["up-to-2cm", "over-2cm"],
    "rectum_part": ["upper", "lower"],
    "found_at_appendectomy": ["yes", "no"],
    "hormone_symptoms": ["yes", "no"],
    "severe_symptoms": ["none", "heavy-diarrhoea", "weight-loss"],
    "sstr": ["positive", "negative", "not-tested"],
    "fit_for_surgery": ["yes", "no"],
    "came_back": ["yes", "no"],
    "previous": ["none", "ssa-not-controlling", "other-treatments-not-working"],
}
MULTIPLE = {"spread", "severe_symptoms", "previous"}


@pytest.fixture(scope="module")
def questions():  # type: ignore[no-untyped-def]
    return open_kb(default_kb_path()).knowledge_base().questions


def test_shipped_questions_keep_the_issue_vocabulary(questions) -> None:  # type: ignore[no-untyped-def]
    assert [q.id for q in questions] == list(ISSUE_KEYS)
    for q in questions:
        assert [c.value for c in q.choices] == ISSUE_KEYS[q.id], q.id
        assert q.multiple == (q.id in MULTIPLE), q.id


def test_readme_table_lists_every_key_and_value() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key, values in ISSUE_KEYS.items():
        row = re.search(rf"^\| {re.escape(key)} \| ([^|]+) \|", readme, re.M)
        assert row, f"README has no row for {key}"
        listed = [v.strip() for v in row.group(1).replace("(list)", "").split(",")]
        assert listed == values, key


def test_explore_help_lists_every_key_and_value() -> None:
    result = CliRunner().invoke(app, ["explore", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    for key, values in ISSUE_KEYS.items():
        assert re.search(rf"\b{re.escape(key)}\b", flat), key
        for value in values:
            assert value in flat, (key, value)

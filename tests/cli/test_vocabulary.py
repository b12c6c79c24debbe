"""The answer vocabulary is a public interface: the README's table and `explore --help` must list
exactly the keys and values of the shipped knowledge base's questions (which the issue fixed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcli.cli import app, default_kb_path
from netcli.knowledge.store import open_kb

ROOT = Path(__file__).resolve().parents[2]

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
    # Issue 12: earlier treatment is asked before whether it has come back.
    "previous": ["none", "ssa-not-controlling", "other-treatments-not-working"],
    "came_back": ["yes", "no"],
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


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_ci_runs_the_readmes_test_command_with_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    main, tests = _fenced_commands(setup)[:2]
    assert "-r requirements/main.txt" in main and "--require-hashes" in main
    assert "-r requirements/test.txt" in tests and "--require-hashes" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run adds only pip's -q to the README's command.
    assert tests.replace("pip install ", "pip install -q ") in ci


@pytest.mark.parametrize("lock", ["main.txt", "test.txt"])
def test_every_locked_package_is_pinned_with_a_hash(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)(==|[^=\s]*)\S*( \\\n\s+--hash=sha256:)?", text, re.M)
    assert entries
    for name, operator, hashed in entries:
        assert operator == "==", name
        assert hashed, name

"""Hardening properties, with hypothesis.

Random answers (valid and invalid, from -a, from YAML and JSON files, as random bytes) never crash
the engine or the CLI: the exit code is 0 or 2, never 1 from an internal error. Random mutations of
a valid knowledge base make the validator report located problems, or pass; never anything else.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.errors import InvalidDataError, UsageError
from netcli.explore import answers as ans
from netcli.explore.result import assemble
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render import terminal
from tests.helpers import KB_YAML  # the inline knowledge base of the hardening suite

LABEL = "kb.yaml"
KB: m.KnowledgeBase = validate(parse(KB_YAML, LABEL), LABEL)
KEYS = [q.id for q in KB.questions]
VALUES = sorted({c.value for q in KB.questions for c in q.choices} | {"unsure"})

CLI_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text without surrogates (which no file or argument can hold), often close to the real words.
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
keys = st.one_of(st.sampled_from(KEYS), st.sampled_from(["unsure", "", " kind", "KIND"]), texts)
words = st.one_of(st.sampled_from(VALUES), st.sampled_from(["", " net", "NET", "a,b"]), texts)
answer_maps = st.dictionaries(keys, st.lists(words, max_size=4), max_size=5)


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML, encoding="utf-8")
    return path


def assert_no_crash(result: Result) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.strip()


# --- The engine ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(answer_maps)
def test_random_answers_never_crash_the_engine(given_answers: dict[str, list[str]]) -> None:
    try:
        answers = ans.check(given_answers, KB.questions)
    except UsageError as exc:
        assert exc.message
        assert exc.exit_code == 2
        return
    assert set(answers) == set(KEYS)
    result = assemble(KB, answers, dt.date(2026, 1, 1))
    placed = [o.treatment.id for o in result.options] + [x.treatment.id for x in result.excluded]
    assert sorted(placed) == sorted(t.id for t in KB.treatments if t.offered_when)
    out = io.StringIO()
    terminal.render(result, Console(file=out, width=60), KB.disclaimer)
    assert "\x1b" not in out.getvalue()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6))
def test_random_pairs_parse_or_are_a_usage_error(pairs: list[str]) -> None:
    try:
        parsed = ans.parse_pairs(pairs)
    except UsageError as exc:
        assert exc.exit_code == 2
        return
    for key, values in parsed.items():
        assert key == key.strip() and key
        assert all(v == v.strip() and v for v in values)


# --- The CLI: -a, answers files, random bytes ---------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@CLI_SETTINGS
@given(st.lists(st.tuples(keys, st.lists(words, max_size=3)), max_size=4))
def test_random_answer_options_exit_0_or_2(
    kb_file: Path, pairs: list[tuple[str, list[str]]]
) -> None:
    args = [f"--answer={key}={','.join(values)}" for key, values in pairs]
    assume(args)  # no answers at all asks the questions (exit 2 without a terminal, tested apart)
    assert_no_crash(run("--kb", str(kb_file), "explore", *args))


@CLI_SETTINGS
@given(st.lists(texts, min_size=1, max_size=4))
def test_random_raw_answer_options_exit_0_or_2(kb_file: Path, raw: list[str]) -> None:
    args = [f"--answer={r}" for r in raw]
    assert_no_crash(run("--kb", str(kb_file), "explore", *args, "--json"))


leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    words,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
)
documents = st.one_of(
    st.dictionaries(keys, values, max_size=5),
    st.dictionaries(keys, st.lists(words, max_size=3) | words, max_size=5),  # mostly valid
    values,  # not a mapping at all
)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


@CLI_SETTINGS
@given(documents, st.sampled_from(["yaml", "json"]))
def test_random_answers_files_exit_0_or_2(
    kb_file: Path, tmp_path: Path, document: Any, kind: str
) -> None:
    path = tmp_path / f"answers.{kind}"
    if kind == "json":
        path.write_text(json.dumps(document, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.dump(document, Dumper=_NoAliases, allow_unicode=True), "utf-8")
    assert_no_crash(run("--kb", str(kb_file), "explore", "--answers", str(path)))


@CLI_SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["yaml", "yml", "json", "txt"]))
def test_random_bytes_as_answers_file_exit_0_or_2(
    kb_file: Path, tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"answers.{suffix}"
    path.write_bytes(content)
    assert_no_crash(run("--kb", str(kb_file), "explore", "--answers", str(path), "--json"))


@pytest.mark.parametrize("kind", ["net", "nec", "unsure"])
@pytest.mark.parametrize("site", ["pancreas", "lung", "unsure"])
def test_every_valid_answer_set_gives_the_options(kb_file: Path, kind: str, site: str) -> None:
    result = run("--kb", str(kb_file), "explore", "-a", f"kind={kind}", "-a", f"site={site}")
    assert result.exit_code == 0, result.stderr
    assert "Somatostatin analogues" in result.stdout


# --- Mutations of a valid knowledge base ----------------------------------------------------------

BASE: dict[str, Any] = yaml.safe_load(KB_YAML)

CONTROL = ["\x1b[31m", "\x1b]8;;http://e.x\x07", "\u202e", "\x07", "\x00", "\x9b", "\u2066"]
OTHER_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    10**30,
    "",
    "text",
    [],
    {},
    ["page"],
    {"id": "x"},
    dt.date(2020, 1, 1),
    "2025-13-45",
]
OPERATIONS = ["delete", "retype", "duplicate", "rename", "control", "unknown-key"]


def _nodes(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every value in the document with its path (the document itself first)."""
    out = [(path, obj)]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _nodes(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _nodes(v, (*path, i))
    return out


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def _mutate(doc: dict[str, Any], draw: Callable[[Any], Any]) -> str:
    path, value = draw(st.sampled_from(_nodes(doc)))
    op = draw(st.sampled_from(OPERATIONS))
    parent = _parent(doc, path) if path else None
    if op == "delete" and path:
        del parent[path[-1]]
    elif op == "retype" and path:
        parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(OTHER_VALUES)))
    elif op == "duplicate":
        if isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
        elif path and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
    elif op == "rename" and path and isinstance(value, str):
        parent[path[-1]] = draw(st.sampled_from(["renamed", value + "-x", value.upper(), "page"]))
    elif op == "control" and path and isinstance(value, str):
        at = draw(st.integers(0, len(value)))
        parent[path[-1]] = value[:at] + draw(st.sampled_from(CONTROL)) + value[at:]
    elif op == "unknown-key" and isinstance(value, dict):
        value[draw(st.sampled_from(["colour", "Name", "id_", "sources ", "x"]))] = draw(
            st.sampled_from(OTHER_VALUES)
        )
    return f"{op} at {list(path)}"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_knowledge_bases_are_reported_with_locations_or_pass(data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE)
    steps = [_mutate(doc, data.draw) for _ in range(data.draw(st.integers(1, 3)))]
    text = yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    try:
        kb = validate(parse(text, LABEL), LABEL)
    except InvalidDataError as exc:
        assert exc.problems, steps
        for problem in exc.problems:
            assert problem.file == LABEL
            assert problem.line is not None and problem.line >= 1, (steps, str(problem))
            assert problem.column is not None and problem.column >= 1, (steps, str(problem))
            assert problem.message
        return
    # What passes is usable: the engine and the view run on it with every answer unsure.
    answers = ans.check({}, kb.questions)
    result = assemble(kb, answers, dt.date(2026, 1, 1))
    out = io.StringIO()
    terminal.render(result, Console(file=out, width=80), kb.disclaimer)
    assert "\x1b" not in out.getvalue()


@pytest.mark.parametrize("op", OPERATIONS)
def test_each_mutation_kind_of_a_record_is_reported(op: str) -> None:
    """One deterministic mutation of each kind, on the drug, must be found (not merely survive)."""
    doc = copy.deepcopy(BASE)
    drug = doc["drugs"][0]
    if op == "delete":
        del drug["drug_class"]
    elif op == "retype":
        drug["name"] = 12
    elif op == "duplicate":
        doc["drugs"].append(copy.deepcopy(drug))
    elif op == "rename":
        doc["treatments"][0]["drugs"][0]["drug"] = "renamed"
    elif op == "control":
        drug["name"] = "octreo\x1b[31mtide"
    else:
        drug["colour"] = "blue"
    text = yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    with pytest.raises(InvalidDataError) as info:
        validate(parse(text, LABEL), LABEL)
    assert info.value.problems
    assert all(p.line and p.column for p in info.value.problems)

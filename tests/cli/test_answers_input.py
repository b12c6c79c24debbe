"""Answers given with -a or in an answers file that are wrong, unreadable or malformed: exit 2 and
the file, line and allowed keys or values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import (
    ESC,
    assert_clean_exit,
    assert_error,
    kb_path,  # noqa: F401 (a fixture)
    netcli_proc,
    run_marked,  # noqa: F401 (a fixture)
)

# --- -a with an unknown key or value: exit 2, the allowed keys or values --------------------------


def test_answer_with_an_unknown_key_lists_the_keys(run_marked: Callable[..., Result]) -> None:
    result = run_marked("explore", "-a", "colour=blue")
    assert_error(result, 2)
    assert "'colour'" in result.stderr
    assert "kind, site" in result.stderr


def test_answer_with_an_unknown_value_lists_the_values(run_marked: Callable[..., Result]) -> None:
    result = run_marked("explore", "-a", "kind=blue")
    assert_error(result, 2)
    assert "'blue'" in result.stderr
    assert "net, nec, unsure" in result.stderr


@pytest.mark.parametrize("pair", ["kind", "=net", "kind=", "kind=,", " = "])
def test_answer_without_a_key_or_value_exits_2(
    run_marked: Callable[..., Result], pair: str
) -> None:
    result = run_marked("explore", "-a", pair)
    assert_error(result, 2)
    assert result.stderr.startswith("netcli: ")


def test_answer_with_two_values_for_a_single_question_exits_2(
    run_marked: Callable[..., Result],
) -> None:
    result = run_marked("explore", "-a", "kind=net,nec")
    assert_error(result, 2)
    assert "kind takes one value" in result.stderr


def test_answers_that_are_valid_give_the_options(run_marked: Callable[..., Result]) -> None:
    result = run_marked("explore", "-a", "kind=net", "-a", "site=unsure")
    assert_clean_exit(result, 0)
    assert "Somatostatin analogues" in result.stdout


# --- Answers file: missing, unreadable, not a mapping, malformed: exit 2, file and line -----------


def test_answers_file_missing(run_marked: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr
    assert "does not exist" in result.stderr


def test_answers_file_is_a_folder(run_marked: Callable[..., Result], tmp_path: Path) -> None:
    result = run_marked("explore", "--answers", str(tmp_path))
    assert_error(result, 2)
    assert str(tmp_path) in result.stderr


def test_answers_file_unreadable(run_marked: Callable[..., Result], kb_path: Path) -> None:
    # Tests may run as root, where file modes do not stop reading: a path through a file does.
    path = kb_path / "answers.yaml"
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr
    assert "cannot be read" in result.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.yaml", "- kind\n- net\n"),
        ("a.yaml", "just words\n"),
        ("a.yaml", "42\n"),
        ("a.json", '["kind", "net"]'),
        ("a.json", "null"),
    ],
)
def test_answers_file_not_a_mapping(
    run_marked: Callable[..., Result], tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}: the answers file must be a mapping" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("a.yaml", "kind: net\nsite: [pancreas\n", 3),
        ("a.yaml", "kind: net\n  site: : x\n", 2),
        ("a.yaml", "kind: net\nkind: nec\n", 2),
        ("a.yaml", "kind: !!python/object/apply:os.system [echo]\n", 1),
        ("a.yaml", "base: &b net\nkind: *b\n", 2),
        ("a.json", '{\n  "kind": "net",\n  "site": \n}', 4),
        ("a.json", '{"kind": "net"', 1),
    ],
    ids=[
        "yaml-unclosed",
        "yaml-bad-indent",
        "yaml-duplicate-key",
        "yaml-python-tag",
        "yaml-alias",
        "json-missing-value",
        "json-unclosed",
    ],
)
def test_answers_file_malformed_names_file_and_line(
    run_marked: Callable[..., Result], tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}:{line}:" in result.stderr


def test_answers_file_not_utf8_names_file_and_line(
    run_marked: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"kind: net\nsite: \xff\xfe\n")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}:2:" in result.stderr


@pytest.mark.parametrize("value", ["null", "1.5", "{a: 1}", "[[net]]", "2025-01-01"])
def test_answers_file_with_a_value_that_is_not_a_word_exits_2(
    run_marked: Callable[..., Result], tmp_path: Path, value: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"kind: {value}\n", encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_json_nested_very_deep_exits_2_not_an_internal_error(
    run_marked: Callable[..., Result], tmp_path: Path
) -> None:
    # BUG: json.loads raises RecursionError, which read_file does not catch.
    path = tmp_path / "a.json"
    path.write_text('{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_json_with_a_huge_number_exits_2_not_an_internal_error(
    run_marked: Callable[..., Result], tmp_path: Path
) -> None:
    # BUG: json.loads raises ValueError (int max str digits), not JSONDecodeError.
    path = tmp_path / "a.json"
    path.write_text('{"kind": ' + "9" * 5000 + "}", encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_yaml_with_a_raw_control_character_names_file_and_line(
    run_marked: Callable[..., Result], tmp_path: Path
) -> None:
    # Was a bug (fixed in 381fc1b): the reader's error was reported without a line, and with
    # the reader's own '"<unicode string>", position N'.
    path = tmp_path / "a.yaml"
    path.write_text("kind: net\nsite: 'a\x1bb'\n", encoding="utf-8")
    result = run_marked("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}:2" in result.stderr
    assert "<unicode string>" not in result.stderr
    assert ESC not in result.stderr


def test_answers_file_yaml_nested_very_deep_exits_2_without_crashing(
    kb_path: Path, tmp_path: Path, cache_dir: Path
) -> None:
    # BUG: libyaml's composer recurses in C: deep enough nesting kills the process (SIGSEGV).
    path = tmp_path / "a.yaml"
    path.write_text("kind: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = netcli_proc(["--kb", str(kb_path), "explore", "--answers", str(path)], cache_dir)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_answers_flag_wins_over_the_file(run_marked: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("kind: blue\n", encoding="utf-8")
    result = run_marked("explore", "--answers", str(path), "-a", "kind=net")
    assert_clean_exit(result, 0)

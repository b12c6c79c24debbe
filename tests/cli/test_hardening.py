"""Hardening: every row of the "every row a test" issue, against a small inline knowledge base.

In-process runs use typer's CliRunner (stdout and stderr kept apart); the rows that are about the
process (broken pipes, signals, colour, memory, crashes in C code, an injected internal error, the
cache under two writers) run ``python -m netcli`` in a subprocess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
import typer.testing
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner, Result

from netcli import cli
from netcli import lookup as lk
from netcli.errors import InvalidDataError
from netcli.explore import answers as ans
from netcli.explore.engine import explore as run_engine
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render import terminal
from netcli.text import strip_unsafe

# A small knowledge base that passes validation. The drug's texts hold rich markup, which is
# ordinary text as far as validation goes and must be printed as written.
KB_YAML = """\
version: "1.0"
date: 2025-01-01
disclaimer: General information only. Talk it over with your team.
sources:
  - id: page
    kind: patient-page
    publisher: A charity
    title: Treatment for neuroendocrine tumours
    next_review_due: 2099-01-01
questions:
  - id: kind
    text: Is it a NET or a NEC?
    help: Your report says which.
    sources: [page]
    choices:
      - {value: net, label: A neuroendocrine tumour (NET)}
      - {value: nec, label: A neuroendocrine carcinoma (NEC)}
  - id: site
    text: Where did it start?
    help: Where it first grew.
    sources: [page]
    choices:
      - {value: pancreas, label: The pancreas}
      - {value: lung, label: The lung}
treatments:
  - id: ssa
    name: Somatostatin analogues
    aliases:
      - {name: SSAs, kind: abbreviation, sources: [page]}
    category: drug
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: They slow the growth of some tumours., sources: [page]}
    sources: [page]
    drugs:
      - {drug: octreotide, sources: [page]}
    offered_when:
      - when: {}
        why: The page describes them for NETs.
        sources: [page]
drugs:
  - id: octreotide
    name: octreotide
    aliases:
      - {name: Sandostatin, kind: brand, sources: [page]}
    drug_class: {text: A somatostatin analogue., sources: [page]}
    how_it_works:
      - {text: "Markup [bold]x[/] stays.", sources: [page]}
      - {text: "A link [link=http://e.x]y[/link] stays.", sources: [page]}
    sources: [page]
sites:
  - id: pancreas
    name: Pancreatic NET
    group: site
    answer_values: [pancreas]
    about:
      - {text: A NET that starts in the pancreas., sources: [page]}
    coverage: some
    sources: [page]
glossary:
  - id: mdt
    term: Multidisciplinary team
    aliases:
      - {name: MDT, kind: abbreviation, sources: [page]}
    definition:
      - {text: The specialists who plan your care together., sources: [page]}
    sources: [page]
topics:
  - id: team
    name: Your specialist team
    statements:
      - {text: A team of specialists meets to talk about your care., sources: [page]}
    sources: [page]
"""

REPO = Path(__file__).resolve().parents[2]
ESC = "\x1b"
# An SGR sequence that sets a colour (foreground, background, 256 or true colour).
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML, encoding="utf-8")
    return path


def invoke(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(cli.app, list(args), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def run(kb_path: Path) -> Callable[..., Result]:
    """netcli in-process, with ``--kb`` pointing at the inline knowledge base."""

    def go(*args: str) -> Result:
        return invoke("--kb", str(kb_path), *args)

    return go


def assert_clean_exit(result: Result, code: int) -> None:
    """The exit code, and that it came from netcli's own handling rather than a crash."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def assert_error(result: Result, code: int) -> None:
    assert_clean_exit(result, code)
    assert result.stdout == "", result.stdout


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``text`` that contains ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def proc_env(cache: Path, **extra: str) -> dict[str, str]:
    drop = {
        "NETCLI_KB",
        "NETCLI_DEBUG",
        "NETCLI_NO_CACHE",
        "FORCE_COLOR",
        "NO_COLOR",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "LINES",
    }
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"NETCLI_CACHE_DIR": str(cache), "TERM": "xterm-256color", "COLUMNS": "100"})
    env.update(extra)
    return env


def netcli_proc(
    args: list[str], cache: Path, *, timeout: float = 30, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = kwargs.pop("env", None) or proc_env(cache)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "netcli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


def test_the_inline_knowledge_base_is_valid(run: Callable[..., Result], kb_path: Path) -> None:
    result = run("kb", "validate", str(kb_path))
    assert_clean_exit(result, 0)
    assert "valid" in result.stdout


# --- Unknown command or option: exit 2, usage line ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["--frobnicate"],
        ["drug", "octreotide", "--frobnicate"],
        ["list", "nonsense"],
        ["kb", "frobnicate"],
        ["sources", "--as-of", "not-a-date"],
        ["drug"],
    ],
    ids=["command", "root-option", "command-option", "bad-choice", "kb-command", "bad-date", "arg"],
)
def test_unknown_command_or_option_exits_2_with_a_usage_line(
    run: Callable[..., Result], args: list[str]
) -> None:
    result = run(*args)
    assert_error(result, 2)
    assert "netcli" in result.stderr
    assert re.search(r"netcli[a-z ]* (-h|--help)\b", result.stderr)


def test_typer_pretty_exceptions_are_off_and_never_show_locals() -> None:
    assert cli.app.pretty_exceptions_enable is False
    assert cli.app.pretty_exceptions_show_locals is False


# --- Unknown names: exit 1, close matches, nothing on stdout --------------------------------------


@pytest.mark.parametrize(
    ("command", "name", "suggestion"),
    [
        ("drug", "octreotdie", "octreotide"),  # "octreotid" is part of a name: it opens it
        ("drug", "sandostatn", "Sandostatin"),
        ("treatment", "somatostatn analogues", "Somatostatin analogues"),
        ("site", "pancreatc net", "Pancreatic NET"),
        ("glossary", "multidisciplinary tem", "Multidisciplinary team"),
        ("topic", "your specialist tem", "Your specialist team"),
    ],
)
def test_an_unknown_name_exits_1_with_close_matches_on_stderr(
    run: Callable[..., Result], command: str, name: str, suggestion: str
) -> None:
    result = run(command, name)
    assert_error(result, 1)
    assert "Did you mean" in result.stderr
    assert suggestion in result.stderr


@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary", "topic", "source"])
def test_a_name_far_from_any_exits_1_without_suggestions(
    run: Callable[..., Result], command: str
) -> None:
    result = run(command, "zzzqqqxxx")
    assert_error(result, 1)
    assert "zzzqqqxxx" in result.stderr
    assert "Did you mean" not in result.stderr


@pytest.mark.parametrize("name", ["", "   ", "()", "®"])
@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary"])
def test_an_empty_name_exits_1_and_says_so(
    run: Callable[..., Result], command: str, name: str
) -> None:
    result = run(command, name)
    assert_error(result, 1)
    assert result.stderr.startswith("netcli: ")
    assert "Did you mean" not in result.stderr


@pytest.mark.parametrize("command", ["drug", "treatment", "site", "glossary", "topic"])
def test_a_10000_character_name_exits_1_with_a_short_message(
    run: Callable[..., Result], command: str
) -> None:
    result = run(command, "octreotide" * 1000)
    assert_error(result, 1)
    assert len(result.stderr) < 500
    assert "..." in result.stderr


def test_not_found_in_json_mode_is_json_on_stderr_with_suggestions(
    run: Callable[..., Result],
) -> None:
    result = run("drug", "octreotdie", "--json")
    assert_error(result, 1)
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "not_found"
    assert error["suggestions"] == ["octreotide"]


def test_rich_markup_in_a_name_given_is_shown_as_written(run: Callable[..., Result]) -> None:
    result = run("drug", "[red]nope[/]")
    assert_error(result, 1)
    assert "[red]nope[/]" in result.stderr


# --- -a with an unknown key or value: exit 2, the allowed keys or values --------------------------


def test_answer_with_an_unknown_key_lists_the_keys(run: Callable[..., Result]) -> None:
    result = run("explore", "-a", "colour=blue")
    assert_error(result, 2)
    assert "'colour'" in result.stderr
    assert "kind, site" in result.stderr


def test_answer_with_an_unknown_value_lists_the_values(run: Callable[..., Result]) -> None:
    result = run("explore", "-a", "kind=blue")
    assert_error(result, 2)
    assert "'blue'" in result.stderr
    assert "net, nec, unsure" in result.stderr


@pytest.mark.parametrize("pair", ["kind", "=net", "kind=", "kind=,", " = "])
def test_answer_without_a_key_or_value_exits_2(run: Callable[..., Result], pair: str) -> None:
    result = run("explore", "-a", pair)
    assert_error(result, 2)
    assert result.stderr.startswith("netcli: ")


def test_answer_with_two_values_for_a_single_question_exits_2(
    run: Callable[..., Result],
) -> None:
    result = run("explore", "-a", "kind=net,nec")
    assert_error(result, 2)
    assert "kind takes one value" in result.stderr


def test_answers_that_are_valid_give_the_options(run: Callable[..., Result]) -> None:
    result = run("explore", "-a", "kind=net", "-a", "site=unsure")
    assert_clean_exit(result, 0)
    assert "Somatostatin analogues" in result.stdout


# --- Answers file: missing, unreadable, not a mapping, malformed: exit 2, file and line -----------


def test_answers_file_missing(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr
    assert "does not exist" in result.stderr


def test_answers_file_is_a_folder(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("explore", "--answers", str(tmp_path))
    assert_error(result, 2)
    assert str(tmp_path) in result.stderr


def test_answers_file_unreadable(run: Callable[..., Result], kb_path: Path) -> None:
    # Tests may run as root, where file modes do not stop reading: a path through a file does.
    path = kb_path / "answers.yaml"
    result = run("explore", "--answers", str(path))
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
    run: Callable[..., Result], tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("explore", "--answers", str(path))
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
    run: Callable[..., Result], tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}:{line}:" in result.stderr


def test_answers_file_not_utf8_names_file_and_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"kind: net\nsite: \xff\xfe\n")
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert f"{path}:2:" in result.stderr


@pytest.mark.parametrize("value", ["null", "1.5", "{a: 1}", "[[net]]", "2025-01-01"])
def test_answers_file_with_a_value_that_is_not_a_word_exits_2(
    run: Callable[..., Result], tmp_path: Path, value: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"kind: {value}\n", encoding="utf-8")
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_json_nested_very_deep_exits_2_not_an_internal_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # BUG: json.loads raises RecursionError, which read_file does not catch.
    path = tmp_path / "a.json"
    path.write_text('{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_json_with_a_huge_number_exits_2_not_an_internal_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # BUG: json.loads raises ValueError (int max str digits), not JSONDecodeError.
    path = tmp_path / "a.json"
    path.write_text('{"kind": ' + "9" * 5000 + "}", encoding="utf-8")
    result = run("explore", "--answers", str(path))
    assert_error(result, 2)
    assert str(path) in result.stderr


def test_answers_file_yaml_with_a_raw_control_character_names_file_and_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # Was a bug (fixed in 381fc1b): the reader's error was reported without a line, and with
    # the reader's own '"<unicode string>", position N'.
    path = tmp_path / "a.yaml"
    path.write_text("kind: net\nsite: 'a\x1bb'\n", encoding="utf-8")
    result = run("explore", "--answers", str(path))
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


def test_answers_flag_wins_over_the_file(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("kind: blue\n", encoding="utf-8")
    result = run("explore", "--answers", str(path), "-a", "kind=net")
    assert_clean_exit(result, 0)


# --- Knowledge base missing, empty, not UTF-8, malformed: exit 1, file and line -------------------


def test_knowledge_base_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = invoke("--kb", str(path), "list", "drugs")
    assert_error(result, 1)
    assert f"{path}: no such file" in result.stderr


def test_knowledge_base_is_a_folder(tmp_path: Path) -> None:
    result = invoke("--kb", str(tmp_path), "list", "drugs")
    assert_error(result, 1)
    assert f"{tmp_path}: " in result.stderr
    assert "folder" in result.stderr


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_knowledge_base_empty(tmp_path: Path, content: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(content, encoding="utf-8")
    result = invoke("--kb", str(path), "list", "drugs")
    assert_error(result, 1)
    assert f"{path}: the file is empty" in result.stderr


def test_knowledge_base_with_an_empty_document_says_where(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("---\n", encoding="utf-8")
    result = invoke("--kb", str(path), "list", "drugs")
    assert_error(result, 1)
    assert re.search(
        re.escape(str(path)) + r":\d+:\d+: the top level must be a mapping", result.stderr
    )


def test_knowledge_base_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(KB_YAML.encode().replace(b"A charity", b"A ch\xe9rity"))
    result = invoke("--kb", str(path), "list", "drugs")
    assert_error(result, 1)
    assert f"{path}:{line_of(KB_YAML, 'A charity')}: not UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("broken", "needle"),
    [
        ("  - id: page\n", "  - id: [page\n"),
        ("    title: Treatment for neuroendocrine tumours\n", "    title: a: b: c\n"),
        ("drugs:\n", "drugs:\n  bad indent\n - x\n"),
    ],
    ids=["unclosed-flow", "mapping-in-scalar", "indentation"],
)
def test_knowledge_base_malformed_yaml_names_file_line_and_column(
    tmp_path: Path, broken: str, needle: str
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML.replace(broken, needle, 1), encoding="utf-8")
    result = invoke("--kb", str(path), "list", "drugs")
    assert_error(result, 1)
    assert re.search(re.escape(str(path)) + r":\d+:\d+: YAML syntax error", result.stderr)


def test_knowledge_base_with_a_raw_control_character_names_file_and_line(tmp_path: Path) -> None:
    # Was a bug (fixed in 381fc1b): the same reader error as for answers files.
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML.replace("A charity", "A \x1b[31mcharity"), encoding="utf-8")
    result = invoke("kb", "validate", str(path))
    assert_error(result, 1)
    assert f"{path}:{line_of(KB_YAML, 'A charity')}" in result.stderr
    assert "<unicode string>" not in result.stderr
    assert ESC not in result.stderr


def test_a_raw_control_character_after_non_ascii_text_is_on_its_own_line(tmp_path: Path) -> None:
    # Was a bug (fixed in 2c948d8): libyaml reports the offset of a refused character in bytes
    # of the UTF-8 text; counted as characters, the line came out too far down.
    text = KB_YAML.replace(
        "disclaimer: General information only.", "disclaimer: " + "é" * 120 + " Information."
    ).replace("A charity", "A \x1bcharity")
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("kb", "validate", str(path))
    assert_error(result, 1)
    line = line_of(text, "charity")
    column = text.splitlines()[line - 1].index("\x1b") + 1
    assert f"{path}:{line}:{column}: " in result.stderr, result.stderr


def test_an_invalid_knowledge_base_gives_the_same_error_on_the_second_run(tmp_path: Path) -> None:
    # Was a bug (fixed in 381fc1b): the first run records the file's digest in the cache's
    # stamps; the second run then had no bytes in hand, and store.open_kb's load() reached
    # read_bytes, a name bound only in an except branch: NameError, an "internal error".
    path = tmp_path / "kb.yaml"
    path.write_text("version: [\n", encoding="utf-8")
    first = invoke("--kb", str(path), "list", "drugs")
    second = invoke("--kb", str(path), "list", "drugs")
    assert_error(first, 1)
    assert_error(second, 1)
    assert second.stderr == first.stderr


# --- Unknown keys, wrong types, dangling references, duplicate ids or aliases ---------------------

# Each problem sits in its own record, so that no record's own errors can hide another's; the
# records that fail their own checks come last in their sections (see the test after next).
BROKEN_KB = """\
version: "1.0"
date: 2025-01-01
disclaimer: General information only.
colour: blue
sources:
  - id: page
    kind: patient-page
    title: A page
  - id: paper
    kind: paper
    title: A paper
    year: "2024"
  - id: page
    kind: patient-page
    title: Another page
questions:
  - id: kind
    text: NET or NEC?
    help: The report says.
    sources: [page]
    choices:
      - {value: net, label: NET}
treatments:
  - id: prrt
    name: PRRT
    category: drug
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: Radioactive medicine., sources: [nowhere]}
    sources: [page]
    drugs:
      - {drug: ghost, sources: [page]}
      - {drug: lanreotide, sources: [page]}
      - {drug: pasireotide, sources: [page]}
    offered_when:
      - when: {kind: [net], grade: ["1"]}
        why: For NETs.
        sources: [page]
  - id: ssa
    name: Somatostatin analogues
    category: drug
    flavour: mint
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: They slow growth., sources: [page]}
    sources: [page]
drugs:
  - id: lanreotide
    name: lanreotide
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
  - id: pasireotide
    name: pasireotide
    aliases:
      - {name: Lanreotide, kind: brand, sources: [page]}
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
  - id: broken
    name: 12345
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
sites: []
glossary: []
"""

# (a text that names the line, which occurrence of it, and what the problem says)
BROKEN_KB_PROBLEMS = [
    ("colour: blue", 1, "colour: unknown key 'colour'"),
    ('year: "2024"', 1, "sources[1].year: input should be a valid integer"),
    ("- id: page", 2, "sources[2].id: duplicate id 'page'"),
    ("flavour: mint", 1, "treatments[1].flavour: unknown key 'flavour'"),
    ("sources: [nowhere]", 1, "treatments[0].about[0].sources[0]: unknown source 'nowhere'"),
    ("drug: ghost", 1, "treatments[0].drugs[0].drug: unknown drug 'ghost'"),
    ('grade: ["1"]', 1, "unknown answer key 'grade'"),
    ("name: 12345", 1, "drugs[2].name: input should be a valid string"),
    ("name: Lanreotide", 1, "drugs[1].aliases[0].name: the name 'Lanreotide' also names drugs"),
]

KB_COMMANDS = [["kb", "validate", "{path}"], ["--kb", "{path}", "list", "drugs"]]


@pytest.mark.parametrize("args", KB_COMMANDS)
def test_an_invalid_knowledge_base_lists_every_problem_with_file_line_and_column(
    tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BROKEN_KB, encoding="utf-8")
    result = invoke(*(a.format(path=path) for a in args))
    assert_error(result, 1)
    for needle, occurrence, message in BROKEN_KB_PROBLEMS:
        line = line_of(BROKEN_KB, needle, occurrence)
        pattern = re.escape(f"{path}:{line}:") + r"\d+: .*" + re.escape(message)
        assert re.search(pattern, result.stderr), (message, result.stderr)
    listed = [ln for ln in result.stderr.splitlines() if ln.startswith(f"{path}:")]
    assert all(re.match(re.escape(str(path)) + r":\d+:\d+: ", ln) for ln in listed)
    assert len(listed) >= len(BROKEN_KB_PROBLEMS)


def test_an_invalid_knowledge_base_in_json_mode_lists_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BROKEN_KB, encoding="utf-8")
    result = invoke("kb", "validate", str(path), "--json")
    assert_error(result, 1)
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "invalid_knowledge_base"
    assert len(error["problems"]) >= len(BROKEN_KB_PROBLEMS)
    assert all(p["line"] and p["column"] and p["file"] == str(path) for p in error["problems"])


def test_a_broken_record_does_not_shift_the_location_of_later_problems(tmp_path: Path) -> None:
    # BUG: validate() keeps only the records that pass their own checks, and the cross-record
    # checks number them by their place in that shorter list: every problem after a broken
    # record is reported under the previous record's path and at that record's line.
    broken = (
        "  - id: broken\n"
        "    name: Broken\n"
        "    category: drug\n"
        "    flavour: mint\n"
        "    aim:\n"
        "      - {goal: control, sources: [page]}\n"
        "    about:\n"
        "      - {text: Words., sources: [page]}\n"
        "    sources: [page]\n"
    )
    text = KB_YAML.replace("treatments:\n", "treatments:\n" + broken, 1).replace(
        "      - {text: They slow the growth of some tumours., sources: [page]}",
        "      - {text: They slow the growth of some tumours., sources: [nowhere]}",
    )
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("kb", "validate", str(path))
    assert_error(result, 1)
    line = line_of(text, "sources: [nowhere]")
    expected = f"{path}:{line}:"
    assert re.search(
        re.escape(expected) + r"\d+: treatments\[1\]\.about\[0\]\.sources\[0\]: unknown source",
        result.stderr,
    ), result.stderr


def test_a_record_with_an_unknown_key_still_has_its_dangling_references_listed(
    tmp_path: Path,
) -> None:
    # BUG: a record that fails its own checks is left out of the cross-record checks, so a typo'd
    # key hides the record's unknown sources and drugs until the next run.
    text = KB_YAML.replace(
        "      - {drug: octreotide, sources: [page]}\n",
        "      - {drug: octreotide, sources: [page]}\n      - {drug: ghost, sources: [nowhere]}\n"
        "    flavour: mint\n",
    )
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("kb", "validate", str(path))
    assert_error(result, 1)
    assert f"{path}:{line_of(text, 'flavour: mint')}:" in result.stderr
    assert "unknown key 'flavour'" in result.stderr
    ghost = line_of(text, "drug: ghost")
    assert re.search(re.escape(f"{path}:{ghost}:") + r"\d+: .*unknown drug 'ghost'", result.stderr)
    assert re.search(
        re.escape(f"{path}:{ghost}:") + r"\d+: .*unknown source 'nowhere'", result.stderr
    )


# --- Anchors and aliases, python tags, size -------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("args", KB_COMMANDS)
def test_a_billion_laughs_knowledge_base_is_refused_at_once(
    tmp_path: Path, cache_dir: Path, args: list[str]
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    start = time.monotonic()
    proc = netcli_proc(
        [a.format(path=path) for a in args], cache_dir, timeout=20, preexec_fn=_limit_memory
    )
    assert time.monotonic() - start < 20
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert "anchors and aliases are not allowed" in proc.stderr
    assert re.search(re.escape(str(path)) + r":\d+:\d+: ", proc.stderr)
    assert "MemoryError" not in proc.stderr


@pytest.mark.parametrize(
    "yaml_text",
    [
        "version: &v '1'\nother: *v\n",
        "base: &b {a: 1}\nmore:\n  <<: *b\n",
        "sources: &s []\ndrugs: *s\n",
    ],
    ids=["scalar-alias", "merge-key", "sequence-alias"],
)
def test_any_anchor_alias_or_merge_key_is_refused(tmp_path: Path, yaml_text: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    result = invoke("kb", "validate", str(path))
    assert_error(result, 1)
    assert re.search(re.escape(str(path)) + r":\d+:\d+: .*(anchors|merge keys)", result.stderr)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:os.system",
    ],
)
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "kb.yaml"
    text = KB_YAML.replace('version: "1.0"', f'version: {tag} ["touch {marker}"]')
    path.write_text(text, encoding="utf-8")
    for args in (["kb", "validate", str(path)], ["--kb", str(path), "list", "drugs"]):
        result = invoke(*args)
        assert_error(result, 1)
        assert f"{path}:1:10: version: the tag" in result.stderr
        assert "is not allowed" in result.stderr
    assert not marker.exists()


def test_a_knowledge_base_over_20_mb_is_refused_before_parsing(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = tmp_path / "big.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    path.write_bytes(line * (21 * 1024 * 1024 // len(line)))
    for args in (["--kb", str(path), "list", "drugs"], ["kb", "validate", str(path)]):
        start = time.monotonic()
        proc = netcli_proc(args, cache_dir)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert "the limit is 20,971,520" in proc.stderr
        assert str(path) in proc.stderr
        assert time.monotonic() - start < 10


def test_a_knowledge_base_nested_very_deep_is_refused_without_crashing(
    tmp_path: Path, cache_dir: Path
) -> None:
    # BUG: 100,000 nested brackets (200 KB, well under the size limit) crash libyaml's recursive
    # composer with SIGSEGV before the builder's MAX_DEPTH check is reached.
    path = tmp_path / "deep.yaml"
    path.write_text("version: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = netcli_proc(["kb", "validate", str(path)], cache_dir)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-500:])
    assert "nested more than" in proc.stderr
    assert str(path) in proc.stderr


# --- Rich markup, control characters --------------------------------------------------------------


def test_rich_markup_in_knowledge_base_text_is_printed_literally(
    run: Callable[..., Result],
) -> None:
    result = run("drug", "octreotide")
    assert_clean_exit(result, 0)
    assert "Markup [bold]x[/] stays." in result.stdout
    assert "A link [link=http://e.x]y[/link] stays." in result.stdout
    assert ESC not in result.stdout


def test_rich_markup_in_knowledge_base_text_is_printed_literally_in_colour(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("drug", "octreotide")
    assert_clean_exit(result, 0)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Markup [bold]x[/] stays." in plain
    assert "A link [link=http://e.x]y[/link] stays." in plain
    assert "\x1b]8;" not in result.stdout  # no hyperlink was made of it


@pytest.mark.parametrize(
    ("escaped", "what"),
    [
        (r"\e[31mred\e[0m", "ansi"),
        (r"\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "osc"),
        (r"invoice\u202egpj.exe", "bidi"),
        (r"bell\x07", "bell"),
        (r"csi\x9b2J", "c1"),
    ],
    ids=lambda v: v if v in ("ansi", "osc", "bidi", "bell", "c1") else "",
)
def test_control_escape_and_bidi_characters_fail_validation_with_a_location(
    tmp_path: Path, escaped: str, what: str
) -> None:
    path = tmp_path / "kb.yaml"
    text = KB_YAML.replace(
        '{text: "Markup [bold]x[/] stays.", sources: [page]}',
        f'{{text: "{escaped}", sources: [page]}}',
    )
    assert text != KB_YAML
    path.write_text(text, encoding="utf-8")
    line = line_of(text, escaped)
    for args in (["kb", "validate", str(path)], ["--kb", str(path), "drug", "octreotide"]):
        result = invoke(*args)
        assert_error(result, 1)
        assert re.search(
            re.escape(f"{path}:{line}:") + r"\d+: drugs\[0\]\.how_it_works\[0\]\.text: "
            "contains control, escape or bidi-override characters",
            result.stderr,
        ), result.stderr
        assert ESC not in result.stderr


def test_strip_unsafe_leaves_no_escape_bidi_or_control_character() -> None:
    dirty = "a\x1b[31mb\x1b]8;;http://e.x\x07c\x1b]8;;\x07d\u202ee\u2066f\x9bg\x00h\rj"
    clean = strip_unsafe(dirty)
    assert clean == "a[31mb]8;;http://e.xc]8;;de" + "fghj"
    assert not any(c in clean for c in "\x1b\x07\x9b\x00\r\u202e\u2066")


def _dirty_drug() -> lk.DrugResult:
    bad = "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \u202eevil\x9b2J"
    source = m.Source(id="s", kind="patient-page", title="Title " + bad, publisher=bad)
    drug = m.Drug(
        id="d",
        name="Name " + bad,
        drug_class=m.Statement(text="Class " + bad, sources=["s"]),
        how_it_works=[m.Statement(text="Works " + bad, sources=["s"])],
        sources=["s"],
        aliases=[m.Alias(name="Alias " + bad, kind="brand", sources=["s"])],
        caveats=[m.Statement(text="Caveat " + bad, sources=["s"])],
        disagreements=[
            m.Disagreement(topic="Topic " + bad, positions=[m.Position(says=bad, sources=["s"])])
        ],
    )
    refs = lk.References([source], dt.date(2025, 1, 1))
    return lk.DrugResult(drug, [lk.Ref("t", "Treatment " + bad)], refs)


def test_the_terminal_renderer_strips_escapes_from_records(capsys: pytest.CaptureFixture) -> None:
    terminal.render(_dirty_drug(), terminal.console(), "Disclaimer \x1b[2J\u202e")
    out = capsys.readouterr().out
    for word in ("Name", "Class", "Works", "Alias", "Caveat", "Topic", "Treatment", "Disclaimer"):
        assert word in out
    assert ESC not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\x9b" not in out


def test_the_terminal_renderer_adds_only_its_own_styles_in_colour() -> None:
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", markup=False)
    terminal.render(_dirty_drug(), console, "Disclaimer \x1b]8;;x\x07")
    out = buffer.getvalue()
    assert "\x1b[31m" not in out  # the data's red never reaches the terminal
    assert "\x1b]8;" not in out  # nor its hyperlink
    assert "\u202e" not in out
    assert "\x07" not in out


def test_the_explore_view_strips_escapes_from_records(capsys: pytest.CaptureFixture) -> None:
    kb = validate(parse(KB_YAML, "kb.yaml"), "kb.yaml")
    treatment = dataclasses.replace(
        kb.treatments[0],
        name="Treat \x1b[31mred\u202e",
        offered_when=[m.Rule(when={}, why="Why \x1b]8;;x\x07link", sources=["page"])],
    )
    question = dataclasses.replace(kb.questions[0], text="Question \x1b[2J?")
    kb = dataclasses.replace(kb, treatments=[treatment], questions=[question, kb.questions[1]])
    result = run_engine(kb, ans.check({"kind": ["net"]}, kb.questions))
    terminal.render(result, terminal.console(), kb.disclaimer)
    out = capsys.readouterr().out
    assert "Treat [31mred" in out
    assert "Why ]8;;xlink" in out
    assert ESC not in out
    assert "\u202e" not in out


def test_escapes_in_a_name_given_never_reach_stderr(run: Callable[..., Result]) -> None:
    result = run("drug", "\x1b[31mred\u202e")
    assert_error(result, 1)
    assert ESC not in result.stderr
    assert "\u202e" not in result.stderr


# --- explore without a terminal -------------------------------------------------------------------


def test_explore_without_a_terminal_or_answers_exits_2_in_process(
    run: Callable[..., Result],
) -> None:
    result = run("explore")
    assert_error(result, 2)
    assert "-a KEY=VALUE" in result.stderr
    assert "--answers" in result.stderr


def test_explore_with_stdin_an_open_pipe_exits_2_and_never_hangs(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "--kb", str(kb_path), "explore"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=proc_env(cache_dir),
    )
    try:
        code = proc.wait(timeout=15)  # stdin stays open: a prompt would wait for ever
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert code == 2, err
    assert out == ""
    assert "there is none here" in err


# --- Ctrl-C ---------------------------------------------------------------------------------------


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def assert_interrupted(result: Result) -> None:
    assert result.exit_code == 130, (result.exit_code, result.stderr)
    assert result.stderr.strip() == "Interrupted."
    assert "Traceback" not in result.output


def test_ctrl_c_during_output_exits_130_with_one_line(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "render", _interrupt)
    assert_interrupted(run("drug", "octreotide"))


def test_ctrl_c_during_json_output_exits_130_with_one_line(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.render import jsonout

    monkeypatch.setattr(jsonout, "dumps", _interrupt)
    assert_interrupted(run("list", "drugs", "--json"))


def test_ctrl_c_while_the_knowledge_base_loads_exits_130(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.knowledge import store

    monkeypatch.setattr(store, "open_kb", _interrupt)
    assert_interrupted(run("drug", "octreotide"))


def test_ctrl_c_at_a_question_exits_130(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(cli, "_ask", _interrupt)
    assert_interrupted(run("explore"))


def test_ctrl_c_at_the_offer_to_save_a_summary_exits_130(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With --json there is no results browser: the offer to save comes after the results.
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(cli, "_ask", lambda *asked: {"kind": ["net"]})
    monkeypatch.setattr(cli, "_offer_report", _interrupt)
    result = run("explore", "--json")
    assert_interrupted(result)
    assert "Somatostatin analogues" in result.stdout  # the results were shown first


def test_ctrl_c_in_the_results_browser_exits_130(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.explore import browser
    from netcli.render import terminal

    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(cli, "_ask", lambda *asked: {"kind": ["net"]})
    monkeypatch.setattr(terminal, "paged", lambda draw: draw(terminal.console()))  # no pager
    monkeypatch.setattr(browser, "browse", _interrupt)
    result = run("explore")
    assert_interrupted(result)
    assert "Somatostatin analogues" in result.stdout  # the results were shown first


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The inline knowledge base with 1,500 glossary terms (views far larger than a pipe), and a
    cache folder where it is already validated."""
    terms = "".join(
        f"  - id: term-{i}\n"
        f"    term: Word number {i}\n"
        "    definition:\n"
        "      - {text: A word that the pages use now and then., sources: [page]}\n"
        "    sources: [page]\n"
        for i in range(1500)
    )
    text = KB_YAML.replace("glossary:\n", "glossary:\n" + terms, 1)
    folder = tmp_path_factory.mktemp("big")
    path = folder / "big.yaml"
    path.write_text(text, encoding="utf-8")
    cache = folder / "cache"
    warm = netcli_proc(["--kb", str(path), "kb", "info"], cache)
    assert warm.returncode == 0, warm.stderr
    return path, cache


def test_sigint_while_output_is_blocked_on_a_pipe_exits_130(big: tuple[Path, Path]) -> None:
    big_kb, cache_dir = big
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "--kb", str(big_kb), "glossary"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=proc_env(cache_dir),
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.read(1)  # output has begun; the rest fills the pipe and blocks
        assert first
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = err.decode()
    assert proc.returncode == 130, text
    assert text.strip() == "Interrupted."


# --- Broken pipes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["glossary"], ["search", "word"], ["list", "glossary", "--json"]],
    ids=" ".join,
)
def test_output_into_a_pipe_closed_early_makes_no_noise(
    big: tuple[Path, Path], args: list[str]
) -> None:
    big_kb, cache_dir = big
    command = " ".join(
        [sys.executable, "-m", "netcli", "--kb", str(big_kb), *(f"'{a}'" for a in args)]
    )
    proc = subprocess.run(
        ["bash", "-c", f"set +o pipefail; {command} | head -1"],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir),
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr == "", proc.stderr


def test_kb_schema_into_head_makes_no_noise(cache_dir: Path) -> None:
    proc = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m netcli kb schema | head -c 1; s=${{PIPESTATUS[0]}}; echo; "
            "echo $s",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir),
    )
    assert proc.stdout.startswith("{")
    assert proc.stdout.splitlines()[-1] in ("0", "1", "141")
    assert "BrokenPipeError" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr


# --- Colour and width -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [{}, {"TERM": "dumb"}, {"NO_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}],
    ids=["piped", "term-dumb", "no-color", "no-color-wins"],
)
@pytest.mark.parametrize("args", [["drug", "octreotide"], ["explore", "-a", "kind=net"]])
def test_no_colour_codes_where_colour_is_off(
    kb_path: Path, cache_dir: Path, extra: dict[str, str], args: list[str]
) -> None:
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=proc_env(cache_dir, **extra))
    assert proc.returncode == 0, proc.stderr
    assert not COLOUR_SGR.search(proc.stdout), repr(proc.stdout[:300])
    if "FORCE_COLOR" not in extra:
        assert ESC not in proc.stdout
    assert "A charity" in proc.stdout


def test_force_color_turns_colour_on_in_a_pipe(kb_path: Path, cache_dir: Path) -> None:
    env = proc_env(cache_dir, FORCE_COLOR="1")
    proc = netcli_proc(["--kb", str(kb_path), "drug", "octreotide"], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" in proc.stdout


@pytest.mark.parametrize("args", [["drug", "octreotide", "--json"], ["kb", "schema"]])
def test_json_output_never_has_escape_codes_even_with_force_color(
    kb_path: Path, cache_dir: Path, args: list[str]
) -> None:
    env = proc_env(cache_dir, FORCE_COLOR="1")
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    assert ESC not in proc.stdout
    json.loads(proc.stdout)


def _narrow(kb_path: Path, cache_dir: Path, args: list[str]) -> str:
    env = proc_env(cache_dir, COLUMNS="30", TERM="dumb")
    proc = netcli_proc(["--kb", str(kb_path), *args], cache_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines
    assert max(cell_len(line) for line in lines) <= 30, proc.stdout
    assert ESC not in proc.stdout
    return proc.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["drug", "octreotide"], ["octreotide", "Sandostatin", "[bold]x[/]", "analogue."]),
        (["explore", "-a", "kind=net"], ["Somatostatin", "analogues", "octreotide", "NETs."]),
    ],
)
def test_columns_30_wraps_the_views_within_30_cells(
    kb_path: Path, cache_dir: Path, args: list[str], words: list[str]
) -> None:
    out = _narrow(kb_path, cache_dir, args)
    for word in words:
        assert word in out


@pytest.mark.parametrize(
    "args", [["list", "drugs"], ["glossary"], ["search", "pancreas"]], ids=" ".join
)
def test_columns_30_keeps_every_id_and_name_in_tables(
    kb_path: Path, cache_dir: Path, args: list[str]
) -> None:
    # BUG: the tables' columns cut long words with an ellipsis ("octreot…"), so at 30 columns
    # `list drugs` no longer shows the ids and names a reader has to type.
    out = _narrow(kb_path, cache_dir, args)
    assert "…" not in out, out


# --- An unexpected internal error -----------------------------------------------------------------

INJECT = """\
import sys
import netcli.lookup

def boom(*args, **kwargs):
    hidden = "local-" + "value-never-shown"
    raise RuntimeError("injected failure")

netcli.lookup.drug = boom
from netcli.cli import main
sys.argv = ["netcli", *sys.argv[1:]]
main()
"""


def _inject(
    kb_path: Path, cache_dir: Path, *args: str, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", INJECT, "--kb", str(kb_path), "drug", "octreotide", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=proc_env(cache_dir, **extra),
        stdin=subprocess.DEVNULL,
    )


def test_an_internal_error_says_it_is_a_bug_and_how_to_report_it(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = _inject(kb_path, cache_dir)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "bug" in proc.stderr
    assert "NETCLI_DEBUG" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "injected failure" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 2


def test_an_internal_error_in_json_mode_is_a_json_error(kb_path: Path, cache_dir: Path) -> None:
    proc = _inject(kb_path, cache_dir, "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stderr)["error"]["code"] == "internal"


def test_an_internal_error_shows_the_traceback_only_with_netcli_debug(
    kb_path: Path, cache_dir: Path
) -> None:
    proc = _inject(kb_path, cache_dir, NETCLI_DEBUG="1")
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr
    assert "RuntimeError: injected failure" in proc.stderr
    # A plain traceback: no typer box, and no local variables.
    assert "value-never-shown" not in proc.stderr
    assert "╭" not in proc.stderr
    assert "locals" not in proc.stderr.lower()


def test_an_internal_error_in_process_is_reported_not_raised(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise ZeroDivisionError("x")

    monkeypatch.setattr(lk, "treatment", boom)
    result = run("treatment", "ssa")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "internal error (ZeroDivisionError)" in result.stderr
    assert "bug" in result.stderr


# --- The cache ------------------------------------------------------------------------------------


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-*.sqlite"))


def _assert_cache_valid(cache: Path) -> None:
    files = _cache_files(cache)
    assert len(files) == 1, files
    conn = sqlite3.connect(files[0])
    try:
        fmt = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0]
        assert fmt.startswith("netcli-kb-cache-")
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] > 0
    finally:
        conn.close()
    assert not list(cache.glob(".tmp-*"))


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()


def _other_format(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'someone-else-1' WHERE key = 'format'")
    conn.commit()
    conn.close()


def _no_records_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE records")
    conn.commit()
    conn.close()


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "garbage": lambda p: p.write_bytes(b"this is not a database\n" * 100),
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]),
    "truncated-header": lambda p: p.write_bytes(p.read_bytes()[:50]),
    "foreign-sqlite": _foreign_sqlite,
    "other-format": _other_format,
    "no-records-table": _no_records_table,
    "deleted": lambda p: p.unlink(),
    "a-folder": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS))
def test_a_corrupt_truncated_or_foreign_cache_is_ignored_and_rebuilt(
    run: Callable[..., Result], cache_dir: Path, corrupt: str
) -> None:
    first = run("drug", "Sandostatin")
    assert_clean_exit(first, 0)
    (db,) = _cache_files(cache_dir)
    CORRUPTIONS[corrupt](db)
    second = run("drug", "Sandostatin")
    assert_clean_exit(second, 0)
    assert second.stdout == first.stdout
    assert second.stderr == ""
    third = run("list", "drugs")
    assert_clean_exit(third, 0)
    assert "octreotide" in third.stdout
    if corrupt != "a-folder":
        _assert_cache_valid(cache_dir)


def test_an_unwritable_cache_directory_is_silently_skipped(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root can write anywhere, so make the cache "directory" a file: nothing can go below it.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        result = run("drug", "octreotide")
        assert_clean_exit(result, 0)
        assert "Sandostatin" in result.stdout
        assert result.stderr == ""
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_can_be_turned_off(
    run: Callable[..., Result], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    result = run("drug", "octreotide")
    assert_clean_exit(result, 0)
    assert not _cache_files(cache_dir)


def test_two_processes_writing_the_cache_at_once_leave_a_valid_cache(
    kb_path: Path, tmp_path: Path
) -> None:
    for attempt in range(3):
        cache = tmp_path / f"cache-{attempt}"
        env = proc_env(cache)
        command = [sys.executable, "-m", "netcli", "--kb", str(kb_path), "drug", "octreotide"]
        procs = [
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=30) for p in procs]
        for p, (out, err) in zip(procs, outputs, strict=True):
            assert p.returncode == 0, err
            assert err == ""
            assert "Sandostatin" in out
        assert outputs[0][0] == outputs[1][0]
        third = netcli_proc(["--kb", str(kb_path), "list", "drugs"], cache)
        assert third.returncode == 0, third.stderr
        assert "octreotide" in third.stdout
        _assert_cache_valid(cache)


def test_invalid_knowledge_base_is_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BROKEN_KB, encoding="utf-8")
    assert_error(invoke("--kb", str(path), "list", "drugs"), 1)
    assert not _cache_files(cache_dir)


def test_parse_and_validate_refuse_an_alias_bomb_quickly() -> None:
    start = time.monotonic()
    with pytest.raises(InvalidDataError) as info:
        parse(billion_laughs(), "bomb.yaml")
    assert time.monotonic() - start < 2
    assert all(p.line is not None for p in info.value.problems)

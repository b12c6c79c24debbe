"""A knowledge base that is missing, empty, not UTF-8, malformed, broken in many records at once,
or hostile (anchors, aliases, python tags, huge or deeply nested): exit 1 with file, line and
column, quickly and without running anything."""

from __future__ import annotations

import json
import re
import resource
from pathlib import Path

import pytest

from netcli.errors import InvalidDataError
from netcli.knowledge.yamlload import parse
from tests.helpers import (
    BROKEN_KB,
    ESC,
    KB_YAML,
    assert_error,
    invoke,
    kb_path,  # noqa: F401 (a fixture)
    line_of,
    netcli_proc,
    own_words,
)

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
    # stamps; the second run then had no bytes in hand, and load.open_kb's load() reached
    # read_bytes, a name bound only in an except branch: NameError, an "internal error".
    path = tmp_path / "kb.yaml"
    path.write_text("version: [\n", encoding="utf-8")
    first = invoke("--kb", str(path), "list", "drugs")
    second = invoke("--kb", str(path), "list", "drugs")
    assert_error(first, 1)
    assert_error(second, 1)
    assert second.stderr == first.stderr


# --- Unknown keys, wrong types, dangling references, duplicate ids or aliases ---------------------

# (a text that names the line, which occurrence of it, and what the problem says)
BROKEN_KB_PROBLEMS = [
    ("colour: blue", 1, "colour: unknown key 'colour'"),
    ('year: "2024"', 1, 'sources[1].year: … (got "2024")'),
    ("- id: page", 2, "sources[2].id: duplicate id 'page'"),
    ("flavour: mint", 1, "treatments[1].flavour: unknown key 'flavour'"),
    ("sources: [nowhere]", 1, "treatments[0].about[0].sources[0]: unknown source 'nowhere'"),
    ("drug: ghost", 1, "treatments[0].drugs[0].drug: unknown drug 'ghost'"),
    ('grade: ["1"]', 1, "unknown answer key 'grade'"),
    ("name: 12345", 1, "drugs[2].name: … (got 12345)"),
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
        assert re.search(pattern, own_words(result.stderr)), (message, result.stderr)
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
    proc = netcli_proc(
        [a.format(path=path) for a in args], cache_dir, timeout=20, preexec_fn=_limit_memory
    )
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
        proc = netcli_proc(args, cache_dir)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert "the limit is 20,971,520" in proc.stderr
        assert str(path) in proc.stderr


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


def test_parse_and_validate_refuse_an_alias_bomb() -> None:
    with pytest.raises(InvalidDataError) as info:
        parse(billion_laughs(), "bomb.yaml")
    assert all(p.line is not None for p in info.value.problems)

"""yamlload: safe, located YAML. Every refusal names the file, line, column and path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from netcli.errors import InvalidDataError, Problem
from netcli.knowledge import load, yamlload
from netcli.knowledge.load import load_file
from netcli.knowledge.yamlload import format_path, parse, to_json


def refusal(text: str, loader_type: type = yamlload.LOADER) -> str:
    """The message InvalidDataError gives for ``text`` read as the file kb.yaml."""
    with pytest.raises(InvalidDataError) as caught:
        parse(text, "kb.yaml", loader_type)
    return caught.value.message


def file_refusal(path: Path) -> str:
    with pytest.raises(InvalidDataError) as caught:
        load_file(path, "kb.yaml")
    return caught.value.message


# --- Plain data and marks -------------------------------------------------------------------------

LOCATED = """\
version: "1"
date: 2025-01-31
drugs:
  - id: everolimus
    aliases:
      - {name: Afinitor, kind: brand}
"""


def test_parse_gives_plain_data() -> None:
    located = parse(LOCATED, "kb.yaml")
    assert located.data == {
        "version": "1",
        "date": dt.date(2025, 1, 31),
        "drugs": [{"id": "everolimus", "aliases": [{"name": "Afinitor", "kind": "brand"}]}],
    }


def test_parse_marks_values_and_keys_with_1_based_line_and_column() -> None:
    located = parse(LOCATED, "kb.yaml")
    assert located.mark(("drugs", 0, "id")) == (4, 9)
    assert located.mark(("drugs", 0, "id"), key=True) == (4, 5)
    assert located.mark(("drugs", 0, "aliases", 0, "name")) == (6, 16)


def test_mark_of_a_missing_path_is_that_of_its_nearest_ancestor() -> None:
    located = parse(LOCATED, "kb.yaml")
    assert located.mark(("drugs", 0, "aliases", 0, "sources", 3)) == (6, 9)
    assert located.mark(("nothing", "here")) == (1, 1)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ((), ""),
        (("notes",), "notes"),
        (("drugs", 0, "aliases", 1, "name"), "drugs[0].aliases[1].name"),
        (
            ("treatments", 2, "offered_when", 0, "when", "kind", 1),
            "treatments[2].offered_when[0].when.kind[1]",
        ),
    ],
)
def test_format_path(path: tuple[str | int, ...], shown: str) -> None:
    assert format_path(path) == shown


def test_a_quoted_date_stays_text_and_str_tag_is_allowed() -> None:
    assert parse("a: '2025-01-31'\nb: !!str 5\n", "kb.yaml").data == {"a": "2025-01-31", "b": "5"}


def test_to_json_writes_dates_as_iso_text() -> None:
    assert to_json({"date": dt.date(2025, 1, 31), "n": [1]}) == '{"date": "2025-01-31", "n": [1]}'


def test_a_utf8_byte_order_mark_is_accepted(write_kb: Callable[..., Path]) -> None:
    path = write_kb(b'\xef\xbb\xbfversion: "1"\n')
    assert load_file(path, "kb.yaml").data == {"version": "1"}


# --- YAML syntax ----------------------------------------------------------------------------------


def test_a_syntax_error_is_located() -> None:
    assert refusal("a: [1, 2\nb: 3\n").startswith(
        "The knowledge base is not valid YAML:\nkb.yaml:2:2: YAML syntax error: "
    )


def test_a_mapping_in_a_plain_value_is_a_located_syntax_error() -> None:
    assert refusal("a: b: c\n").startswith(
        "The knowledge base is not valid YAML:\nkb.yaml:1:5: YAML syntax error: "
    )


def test_a_tab_used_for_indentation_is_a_located_syntax_error() -> None:
    assert refusal("a:\n\t- 1\n").startswith(
        "The knowledge base is not valid YAML:\nkb.yaml:2:1: YAML syntax error: "
    )


def test_more_than_one_document_is_refused() -> None:
    message = refusal("a: 1\n---\nb: 2\n")
    assert message.startswith(
        "The knowledge base is not valid YAML:\nkb.yaml:2:1: YAML syntax error: "
    )
    assert message.count("\n") == 1  # one located line, nothing of the library's trace


# --- Anchors, aliases, tags -----------------------------------------------------------------------


def test_an_alias_is_refused() -> None:
    message = refusal("a: &x [1, 2]\nb: *x\n")
    assert message.startswith("The knowledge base has 1 problem:\n")
    assert message.endswith(": b: YAML anchors and aliases are not allowed")


def test_an_alias_is_located_where_it_is_used() -> None:
    # The path says `b`, so the line and column must be those of `*x` on line 2, not of the
    # anchored node on line 1 (a different record in a real file).
    assert refusal("a: &x [1, 2]\nb: *x\n") == (
        "The knowledge base has 1 problem:\n"
        "kb.yaml:2:4: b: YAML anchors and aliases are not allowed"
    )


def test_an_alias_after_a_refused_merge_key_is_located_where_it_is_used() -> None:
    # The merge key's own alias is never followed; the one refused is `d: *x` on line 4.
    assert refusal("a: &x {b: 1}\nc:\n  <<: *x\nd: *x\n") == (
        "The knowledge base has 2 problems:\n"
        "kb.yaml:3:3: c: YAML merge keys ('<<') are not allowed\n"
        "kb.yaml:4:4: d: YAML anchors and aliases are not allowed"
    )


def test_an_alias_bomb_is_refused_at_its_first_alias() -> None:
    bomb = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""
    message = refusal(bomb)
    assert message.startswith("The knowledge base has 1 problem:\n")
    assert message.endswith(": b[0]: YAML anchors and aliases are not allowed")


def test_merge_keys_are_refused() -> None:
    assert refusal("a: &x {b: 1}\nc:\n  <<: *x\n") == (
        "The knowledge base has 1 problem:\nkb.yaml:3:3: c: YAML merge keys ('<<') are not allowed"
    )


PYTHON_TAGS = """\
a: !!python/object/apply:os.system ["touch {marker}"]
b: !!python/name:os.system
c: !!python/object/new:pathlib.Path ["{marker}"]
d: !include other.yaml
e: !!binary aGVsbG8=
f: !!set {{x}}
"""


def test_python_and_other_tags_are_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    assert refusal(PYTHON_TAGS.format(marker=marker)) == (
        "The knowledge base has 6 problems:\n"
        "kb.yaml:1:4: a: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed\n"
        "kb.yaml:2:4: b: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed\n"
        "kb.yaml:3:4: c: the tag 'tag:yaml.org,2002:python/object/new:pathlib.Path' is not "
        "allowed\n"
        "kb.yaml:4:4: d: the tag '!include' is not allowed\n"
        "kb.yaml:5:4: e: the tag 'tag:yaml.org,2002:binary' is not allowed\n"
        "kb.yaml:6:4: f: the tag 'tag:yaml.org,2002:set' is not allowed"
    )
    assert not marker.exists()


# --- Keys -----------------------------------------------------------------------------------------


def test_a_duplicate_key_is_located_at_its_second_use() -> None:
    assert refusal("a: 1\nb:\n  c: 2\n  c: 3\n") == (
        "The knowledge base has 1 problem:\nkb.yaml:4:3: b.c: the key 'c' appears twice"
    )


def test_a_key_must_be_text() -> None:
    assert refusal("1: a\n") == (
        "The knowledge base has 1 problem:\nkb.yaml:1:1: keys must be text, not 1"
    )


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    assert refusal('a: "\\e"\nb: !!python/none ""\nc: 1\nc: 2\n') == (
        "The knowledge base has 3 problems:\n"
        "kb.yaml:1:4: a: contains control, escape or bidi-override characters\n"
        "kb.yaml:2:4: b: the tag 'tag:yaml.org,2002:python/none' is not allowed\n"
        "kb.yaml:4:1: c: the key 'c' appears twice"
    )


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    message = refusal("a: " + "[" * 70 + "]" * 70 + "\n")
    assert message.startswith("The knowledge base has 1 problem:\nkb.yaml:1:68: a[0][0]")
    assert message.endswith(f": nested more than {yamlload.MAX_DEPTH} levels deep")


class _RefusingLoader(yaml.SafeLoader):
    """A YAML library that refuses every file in words of its own, as a future release might
    refuse deep nesting before netcli's own check is reached."""

    def get_event(self) -> yaml.Event:
        raise yaml.parser.ParserError(None, None, "words of the library's own", None)

    def get_single_node(self) -> yaml.Node:
        raise yaml.parser.ParserError(None, None, "words of the library's own", None)


def test_deep_flow_nesting_that_the_library_refuses_gets_netclis_message() -> None:
    message = refusal("a: " + "[" * 100_000 + "]" * 100_000 + "\n", _RefusingLoader)
    assert message == (
        "The knowledge base has 1 problem:\n"
        f"kb.yaml:1:{3 + yamlload.MAX_DEPTH}: nested more than {yamlload.MAX_DEPTH} levels deep"
    )


def test_deep_block_nesting_that_the_library_refuses_gets_netclis_message() -> None:
    depth = yamlload.MAX_DEPTH + 5
    text = "".join(" " * level + f"k{level}:\n" for level in range(depth))
    message = refusal(text, _RefusingLoader)
    line = yamlload.MAX_DEPTH + 1
    assert message == (
        "The knowledge base has 1 problem:\n"
        f"kb.yaml:{line}:{line}: nested more than {yamlload.MAX_DEPTH} levels deep"
    )


def test_a_shallow_file_that_the_library_refuses_is_a_syntax_error_in_its_words() -> None:
    # Brackets in quotes and comments are not nesting.
    text = "a: '" + "[" * 100 + "'\nb: 1 # " + "{" * 100 + "\n"
    assert refusal(text, _RefusingLoader) == (
        "The knowledge base is not valid YAML:\n"
        "kb.yaml: YAML syntax error: words of the library's own"
    )


def _deeper_than_the_composer_check(style: str) -> str:
    """Text that nests one level more than the check before composing allows, in one style."""
    depth = yamlload._COMPOSE_DEPTH + 1
    if style == "flow":
        return "a: " + "[x, " * depth + "]" * depth + "\n"
    if style == "flow-across-lines":
        return "a:\n" + "".join("  [x,\n" for _ in range(depth)) + "  " + "]" * depth + "\n"
    if style == "sequences":
        return "- " * depth + "x\n"
    return "".join(" " * level + f"k{level}:\n" for level in range(depth)) + " " * depth + "x\n"


@pytest.mark.parametrize("style", ["flow", "flow-across-lines", "sequences", "mappings"])
def test_the_event_pass_is_skipped_only_for_a_file_that_cannot_nest_deeply(style: str) -> None:
    assert not yamlload._surely_shallow(_deeper_than_the_composer_check(style))


def test_an_ordinary_file_skips_the_event_pass() -> None:
    assert yamlload._surely_shallow("a:\n  b: [x, y]\n  c: []\n  d: {}\n- e\n")
    many = "".join(f"k{i}: []\n" for i in range(5000))
    assert yamlload._surely_shallow(many)  # empty lists nest nothing


def test_an_impossible_date_is_located() -> None:
    message = refusal("a: 2025-13-45\n")
    assert message.startswith("The knowledge base has 1 problem:\nkb.yaml:1:4: a: cannot read this")


# --- Unsafe characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "escaped",
    [
        "\\e[31m",  # ANSI colour
        "\\x1b]8;;https://x.example\\x07",  # OSC hyperlink
        "\\x9b2J",  # 8-bit CSI
        "\\u202E",  # right-to-left override
        "\\u2066",  # left-to-right isolate
        "\\x00",
    ],
)
def test_escaped_control_and_bidi_characters_are_refused_with_location(escaped: str) -> None:
    assert refusal(f'version: "1"\ntitle: "Red {escaped}alert"\n') == (
        "The knowledge base has 1 problem:\n"
        "kb.yaml:2:8: title: contains control, escape or bidi-override characters"
    )


def test_a_raw_bidi_override_is_refused_with_location() -> None:
    assert refusal("version: '1'\ntitle: Red \u202etrela\n") == (
        "The knowledge base has 1 problem:\n"
        "kb.yaml:2:8: title: contains control, escape or bidi-override characters"
    )


def test_an_unsafe_key_is_refused_with_location() -> None:
    assert refusal('a:\n  "k\\e[1m": 1\n') == (
        "The knowledge base has 1 problem:\n"
        "kb.yaml:2:3: a.<key>: contains control, escape or bidi-override characters"
    )


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00"])
def test_a_raw_control_character_is_refused_with_line_and_column(char: str) -> None:
    # The reader refuses raw control characters before the builder sees them; the problem must
    # still say where, like every other problem (line 2, column 11 here).
    with pytest.raises(InvalidDataError) as caught:
        parse(f"version: '1'\ntitle: Red{char}[31m alert\n", "kb.yaml")
    problems = caught.value.problems
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line, problems[0].column) == ("kb.yaml", 2, 11)
    assert "control" in problems[0].message
    assert "<unicode string>" not in caught.value.message


def test_a_raw_control_character_after_accented_text_is_located_by_character() -> None:
    # libyaml reports the offset in UTF-8 bytes; "é" and "–" take more than one byte each.
    with pytest.raises(InvalidDataError) as caught:
        parse("a: Lutathéra – café\nb: é\x07\n", "kb.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 5)


# --- Files ----------------------------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused_with_its_line(write_kb: Callable[..., Path]) -> None:
    path = write_kb('version: "1"\ntitle: caf\xe9\n'.encode("latin-1"))
    assert file_refusal(path) == (
        "The knowledge base cannot be read:\nkb.yaml:2: not UTF-8 text (byte 23 cannot be decoded)"
    )


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# only a comment\n"])
def test_an_empty_file_is_refused(write_kb: Callable[..., Path], content: bytes) -> None:
    assert file_refusal(write_kb(content)) == (
        "The knowledge base cannot be read:\nkb.yaml: the file is empty"
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert file_refusal(tmp_path / "nope.yaml") == (
        "The knowledge base cannot be read:\nkb.yaml: no such file"
    )


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert file_refusal(tmp_path) == (
        "The knowledge base cannot be read:\nkb.yaml: this is a folder, not a file"
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    write_kb: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loader copies the limit from netcli.knowledge at import; the copy is the one it reads.
    monkeypatch.setattr(load, "MAX_BYTES", 10)
    path = write_kb("a: [unclosed\n" * 2)
    assert file_refusal(path) == (
        "The knowledge base cannot be read:\nkb.yaml: the file is 26 bytes; the limit is 10"
    )


def test_the_label_defaults_to_the_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        load_file(tmp_path / "nope.yaml")
    assert caught.value.problems == [
        Problem(str(tmp_path / "nope.yaml"), None, None, "", "no such file")
    ]


# --- Problem and InvalidDataError -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "shown"),
    [
        (Problem("kb.yaml", 3, 7, "drugs[0].id", "bad"), "kb.yaml:3:7: drugs[0].id: bad"),
        (Problem("kb.yaml", 3, None, "", "bad"), "kb.yaml:3: bad"),
        (Problem("kb.yaml", None, None, "", "bad"), "kb.yaml: bad"),
        (Problem("kb.yaml", None, 7, "notes", "bad"), "kb.yaml: notes: bad"),
    ],
)
def test_problem_text(problem: Problem, shown: str) -> None:
    assert str(problem) == shown


def test_invalid_data_error_details_list_every_problem() -> None:
    error = InvalidDataError(
        [Problem("kb.yaml", 1, 2, "a", "one"), Problem("kb.yaml", 3, 4, "b", "two")]
    )
    assert error.code == "invalid_knowledge_base"
    assert error.message == (
        "The knowledge base has 2 problems:\nkb.yaml:1:2: a: one\nkb.yaml:3:4: b: two"
    )
    assert error.details() == {
        "problems": [
            {"file": "kb.yaml", "line": 1, "column": 2, "path": "a", "message": "one"},
            {"file": "kb.yaml", "line": 3, "column": 4, "path": "b", "message": "two"},
        ]
    }

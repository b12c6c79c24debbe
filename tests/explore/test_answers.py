"""The answer vocabulary: ``-a KEY=VALUE`` pairs, answers files, and checking them against the
questions (plain data, no terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcli.errors import UsageError
from netcli.explore.answers import UNSURE, check, label, parse_pairs, read_file, should_ask
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from tests.conftest import question, small_kb

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"

KB = small_kb(
    question("site"),
    question("grade", extra=["unsure_label: I do not know the grade"]),
    question("spread"),
    question("resectable", extra=["ask_when: {spread: [none, unsure]}"]),
    question(
        "rectum_part",
        text="Which part of the rectum?",
        help="The scan report says.",
        extra=["ask_when: {site: [rectum], spread: [none]}"],
        choices=[("upper", "Upper"), ("lower", "Lower")],
    ),
)


@pytest.fixture(scope="module")
def questions() -> list[m.Question]:
    return validate(parse(KB, "kb.yaml"), "kb.yaml").questions


def by_id(questions: list[m.Question], qid: str) -> m.Question:
    return next(q for q in questions if q.id == qid)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- parse_pairs --------------------------------------------------------------------------------


def test_parse_pairs_single_and_several_values() -> None:
    assert parse_pairs(["site=pancreas", "spread=liver,lymph-nodes"]) == {
        "site": ["pancreas"],
        "spread": ["liver", "lymph-nodes"],
    }


def test_parse_pairs_trims_spaces_and_drops_empty_items() -> None:
    assert parse_pairs([" spread = liver , ,none, "]) == {"spread": ["liver", "none"]}


def test_parse_pairs_later_key_replaces_earlier() -> None:
    assert parse_pairs(["grade=1", "site=rectum", "grade=3"]) == {
        "grade": ["3"],
        "site": ["rectum"],
    }


def test_parse_pairs_splits_on_the_first_equals_sign() -> None:
    assert parse_pairs(["note=a=b"]) == {"note": ["a=b"]}


def test_parse_pairs_empty_value_gives_no_values() -> None:
    assert parse_pairs(["spread="]) == {"spread": []}


def test_parse_pairs_nothing_given() -> None:
    assert parse_pairs([]) == {}


@pytest.mark.parametrize("pair", ["grade", "=3", "  =pancreas", ""])
def test_parse_pairs_refuses_what_is_not_key_value(pair: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_pairs([pair])
    assert info.value.message == f"-a takes KEY=VALUE, not {pair!r}."
    assert info.value.hint == "For example: -a site=pancreas -a spread=liver,lymph-nodes"
    assert info.value.exit_code == 2


# --- read_file ----------------------------------------------------------------------------------


def test_read_file_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "site: pancreas\nspread: [liver, lymph-nodes]\n")
    assert read_file(path) == {"site": ["pancreas"], "spread": ["liver", "lymph-nodes"]}


def test_read_file_yml_and_no_suffix_are_read_as_yaml(tmp_path: Path) -> None:
    for name in ("a.yml", "answers"):
        path = write(tmp_path, name, "site: rectum\nspread:\n  - none\n")
        assert read_file(path) == {"site": ["rectum"], "spread": ["none"]}


def test_read_file_json(tmp_path: Path) -> None:
    data = {"site": "pancreas", "spread": ["liver", "none"], "grade": 2}
    path = write(tmp_path, "a.json", json.dumps(data))
    assert read_file(path) == {"site": ["pancreas"], "spread": ["liver", "none"], "grade": ["2"]}


def test_read_file_json_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = write(tmp_path, "A.JSON", '{"site": "rectum"}')
    assert read_file(path) == {"site": ["rectum"]}


def test_read_file_yaml_yes_no_booleans_become_words(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "resectable: yes\ncame_back: no\nfit: true\nother: False\n")
    assert read_file(path) == {
        "resectable": ["yes"],
        "came_back": ["no"],
        "fit": ["yes"],
        "other": ["no"],
    }


def test_read_file_json_booleans_become_words(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"resectable": true, "came_back": false}')
    assert read_file(path) == {"resectable": ["yes"], "came_back": ["no"]}


def test_read_file_ints_become_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "grade: 2\nmany: [1, 3]\n")
    assert read_file(path) == {"grade": ["2"], "many": ["1", "3"]}


def test_read_file_accepts_a_utf8_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "\ufeffsite: pancreas\n".encode())
    assert read_file(path) == {"site": ["pancreas"]}


@pytest.mark.parametrize(
    ("text", "shown"),
    [("grade: 2.5\n", "2.5"), ("grade:\n", "None"), ("site: {a: 1}\n", "{'a': 1}")],
)
def test_read_file_refuses_values_that_are_not_words_or_numbers(
    tmp_path: Path, text: str, shown: str
) -> None:
    path = write(tmp_path, "a.yaml", text)
    with pytest.raises(UsageError) as info:
        read_file(path)
    key = text.split(":")[0]
    assert info.value.message == f"{path}: {key}: answers are words or numbers, not {shown}."


def test_read_file_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message == f"The answers file {path} does not exist."
    assert info.value.exit_code == 2


def test_read_file_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        read_file(tmp_path)
    assert info.value.message == f"The answers file {tmp_path} is a folder, not a file."


@pytest.mark.parametrize(
    ("name", "text"),
    [("a.yaml", "- pancreas\n- rectum\n"), ("a.yaml", "pancreas\n"), ("a.json", "[1, 2]")],
)
def test_read_file_not_a_mapping(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message.startswith(
        f"{path}: the answers file must be a mapping of keys to values"
    )
    assert "site: pancreas" in info.value.message


def test_read_file_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "site: pancreas\nspread: [liver\ngrade: 1\n")
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message.startswith(f"{path}:3:")
    assert "YAML syntax error" in info.value.message


def test_read_file_bad_indentation_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "site: pancreas\ngrade: 1\n  bad: x\n")
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message.startswith(f"{path}:3:6: YAML syntax error:")


def test_read_file_duplicate_yaml_key_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "site: pancreas\nsite: rectum\n")
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message == f"{path}:2:1: site: the key 'site' appears twice"


def test_read_file_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{\n  "site": "pancreas",\n  "grade": 1,\n}\n')
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message == (
        f"{path}:4:1: not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_read_file_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", b"site: pancreas\ngrade: \xff\n")
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message == f"{path}:2: the answers file is not UTF-8 text."


def test_read_file_empty_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "# nothing here\n")
    with pytest.raises(UsageError) as info:
        read_file(path)
    assert info.value.message == f"{path}: the file is empty"


# --- check --------------------------------------------------------------------------------------


def test_check_fills_every_key_in_question_order(questions: list[m.Question]) -> None:
    answers = check({"spread": ["liver"], "site": ["pancreas"]}, questions)
    assert answers == {
        "site": ("pancreas",),
        "grade": (UNSURE,),
        "spread": ("liver",),
        "resectable": (UNSURE,),
        "rectum_part": (UNSURE,),
    }
    assert list(answers) == ["site", "grade", "spread", "resectable", "rectum_part"]


def test_check_nothing_given_is_all_unsure(questions: list[m.Question]) -> None:
    assert check({}, questions) == {q.id: (UNSURE,) for q in questions}


def test_check_unknown_key_lists_the_keys(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check({"colour": ["blue"]}, questions)
    assert info.value.message == "Unknown answer key 'colour'."
    assert info.value.hint == "The keys are: site, grade, spread, resectable, rectum_part."
    assert info.value.exit_code == 2


def test_check_unknown_value_lists_the_values(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check({"grade": ["4"]}, questions)
    assert info.value.message == "grade has no value '4'."
    assert info.value.hint == "The values of grade are: 1, 2, 3, unsure."


def test_check_unknown_value_among_several(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check({"spread": ["liver", "bones"]}, questions)
    assert info.value.message == "spread has no value 'bones'."
    assert info.value.hint == "The values of spread are: none, liver, lymph-nodes, unsure."


def test_check_values_are_case_sensitive(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError, match="site has no value 'Pancreas'"):
        check({"site": ["Pancreas"]}, questions)


def test_check_several_values_on_a_single_key(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check({"grade": ["1", "2"]}, questions)
    assert info.value.message == "grade takes one value, not 2."


def test_check_several_values_on_a_multiple_key_keep_order_without_repeats(
    questions: list[m.Question],
) -> None:
    answers = check({"spread": ["lymph-nodes", "liver", "lymph-nodes"]}, questions)
    assert answers["spread"] == ("lymph-nodes", "liver")


def test_check_unsure_mixed_with_others(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check({"spread": ["liver", UNSURE]}, questions)
    assert info.value.message == "spread: 'unsure' cannot go with other values."


def test_check_unsure_alone_is_allowed(questions: list[m.Question]) -> None:
    answers = check({"spread": [UNSURE], "grade": [UNSURE]}, questions)
    assert answers["spread"] == (UNSURE,)
    assert answers["grade"] == (UNSURE,)


def test_check_key_without_value(questions: list[m.Question]) -> None:
    with pytest.raises(UsageError) as info:
        check(parse_pairs(["spread="]), questions)
    assert info.value.message == "spread needs a value."
    assert info.value.hint == "The values are: none, liver, lymph-nodes, unsure"


# --- should_ask and label -----------------------------------------------------------------------


def test_should_ask_without_condition(questions: list[m.Question]) -> None:
    assert should_ask(by_id(questions, "grade"), {}) is True
    assert should_ask(by_id(questions, "grade"), {"site": ("rectum",)}) is True


@pytest.mark.parametrize(
    ("spread", "asked"),
    [
        (None, True),  # unanswered counts as unsure, which the condition accepts
        ((UNSURE,), True),
        (("none",), True),
        (("liver",), False),
        (("liver", "none"), True),  # any one value is enough
        (("liver", "lymph-nodes"), False),
    ],
)
def test_should_ask_follows_ask_when(
    questions: list[m.Question], spread: tuple[str, ...] | None, asked: bool
) -> None:
    answers = {} if spread is None else {"spread": spread}
    assert should_ask(by_id(questions, "resectable"), answers) is asked


@pytest.mark.parametrize(
    ("site", "spread", "asked"),
    [
        (("rectum",), ("none",), True),
        (("pancreas",), ("none",), False),
        (("rectum",), ("liver",), False),
        ((UNSURE,), ("none",), False),  # this condition does not accept unsure
    ],
)
def test_should_ask_needs_every_key_of_ask_when(
    questions: list[m.Question], site: tuple[str, ...], spread: tuple[str, ...], asked: bool
) -> None:
    answers = {"site": site, "spread": spread}
    assert should_ask(by_id(questions, "rectum_part"), answers) is asked


def test_label_gives_plain_words(questions: list[m.Question]) -> None:
    grade = by_id(questions, "grade")
    assert label(grade, "2") == "Grade 2"
    assert label(grade, UNSURE) == "I do not know the grade"
    assert label(by_id(questions, "site"), UNSURE) == "Not sure"
    assert label(grade, "7") == "7"


def test_check_an_answer_marked_alone_cannot_go_with_others() -> None:
    kb = validate(parse(SHIPPED.read_text("utf-8"), "kb.yaml"), "kb.yaml")
    alone = [(q, c) for q in kb.questions if q.multiple for c in q.choices if c.alone]
    assert alone, "the shipped questions mark 'none' answers as given alone"
    for q, c in alone:
        other = next(x.value for x in q.choices if x.value != c.value)
        with pytest.raises(UsageError) as info:
            check({q.id: [c.value, other]}, kb.questions)
        assert c.label in info.value.message
        assert check({q.id: [c.value]}, kb.questions)[q.id] == (c.value,)

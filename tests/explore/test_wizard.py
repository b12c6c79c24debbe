"""The questionnaire driven by keys through prompt_toolkit's pipe input, over inline questions.

The pipe is closed after the keys are sent, so a test that runs out of keys fails with EOFError
instead of waiting for ever.
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from netcli.env import Env
from netcli.explore import wizard
from netcli.explore.answers import UNSURE
from netcli.explore.wizard import Wizard
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from tests.conftest import CTRL_C, DOWN, ENTER, SPACE, UP, question, small_kb

KB = small_kb(
    question("site", help="Your report says where."),
    question("grade", help="The grade is on the report."),
    question(
        "rectum_part",
        text="Which part of the rectum?",
        help="The scan report says.",
        extra=["ask_when: {site: [rectum, unsure]}"],
        choices=[("upper", "The upper part"), ("lower", "The lower part")],
    ),
    question(
        "spread",
        choices=[
            ("none", "It has not spread"),
            ("liver", "To the liver"),
            ("lymph-nodes", "To lymph nodes"),
        ],
    ),
)

QUESTIONS = validate(parse(KB, "kb.yaml"), "kb.yaml").questions

# The choices on screen, top to bottom; a new question starts on Not sure:
#   site:        The pancreas, The rectum, Not sure
#   grade:       Grade 1, Grade 2, Grade 3, Not sure, Go back
#   rectum_part: The upper part, The lower part, Not sure, Go back
#   spread:      It has not spread, To the liver, To lymph nodes, Not sure, Go back   (ticks)
#   review:      See the results, then one line per answered question


def first(n: int = 0) -> str:
    """On the first question (no Go back), from Not sure down to row ``n`` (wrapping), Enter."""
    return DOWN * (1 + n) + ENTER


def pick(n: int = 0) -> str:
    """On a later, new question, from Not sure past Go back to row ``n`` (wrapping), Enter."""
    return DOWN * (2 + n) + ENTER


def row(n: int) -> str:
    """Down ``n`` from where the pointer is (a review, or a question shown with its answer)."""
    return DOWN * n + ENTER


BACK = DOWN + ENTER  # on a later, new question: Go back is the row after Not sure


def tick(*rows: int) -> str:
    """On a later, new tick-box question: tick the given rows (counted from the top), Enter."""
    keys, at = DOWN * 2, 0
    for n in sorted(rows):
        keys += DOWN * (n - at) + SPACE
        at = n
    return keys + ENTER


class Recording(Wizard):
    """The wizard, noting each question it asks with the answer it shows as selected."""

    def __init__(self, questions: list[m.Question], *args: Any, **io: Any) -> None:
        super().__init__(questions, *args, **io)
        self.asked: list[tuple[str, tuple[str, ...] | None, bool]] = []

    def ask_one(
        self,
        question: m.Question,
        current: tuple[str, ...] | None,
        first: bool,
        progress: str = "",
        before: dict[str, tuple[str, ...]] | None = None,
    ) -> Any:
        self.asked.append((question.id, current, first))
        return super().ask_one(question, current, first, progress, before)


def keyed(inp: Any, output: Any = None) -> Env:
    """A terminal whose prompts read ``inp`` and draw on ``output`` (nothing, unless given)."""
    return Env.in_memory(terminal=True, prompt_input=inp, prompt_output=output or DummyOutput())


def run(keys: str, questions: list[m.Question] = QUESTIONS) -> tuple[dict[str, list[str]], list]:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        w = Recording(questions, env=keyed(inp))
        return w.run(), w.asked


def screen(keys: str, columns: int = 120, disclaimer: str = "") -> str:
    """What the prompts draw for these keys, without the escape sequences (ends at Ctrl-C)."""
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=columns), term="xterm")
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with pytest.raises(KeyboardInterrupt):
            Wizard(QUESTIONS, disclaimer, env=keyed(inp, output)).run()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buffer.getvalue())


def ids(asked: list) -> list[str]:
    return [qid for qid, _, _ in asked]


def test_answering_everything() -> None:
    answers, asked = run(first(1) + pick(1) + pick(1) + tick(1, 2) + ENTER)
    assert answers == {
        "site": ["rectum"],
        "grade": ["2"],
        "rectum_part": ["lower"],
        "spread": ["liver", "lymph-nodes"],
    }
    assert asked == [
        ("site", None, True),
        ("grade", None, False),
        ("rectum_part", None, False),
        ("spread", None, False),
    ]


def test_enter_alone_answers_not_sure_never_a_choice() -> None:
    # Each new question starts on Not sure, so Enter never picks an answer on its own; on the
    # tick-box question Enter with nothing ticked takes that highlighted row, Not sure.
    answers, asked = run(ENTER * 5)
    assert answers == {
        "site": [UNSURE],
        "grade": [UNSURE],
        "rectum_part": [UNSURE],  # asked: its condition accepts an unsure site
        "spread": [UNSURE],
    }
    assert ids(asked) == ["site", "grade", "rectum_part", "spread"]


def test_question_whose_ask_when_does_not_hold_is_skipped() -> None:
    answers, asked = run(first(0) + pick(2) + tick(0) + ENTER)
    assert answers == {"site": ["pancreas"], "grade": ["3"], "spread": ["none"]}
    assert ids(asked) == ["site", "grade", "spread"]


def test_go_back_returns_to_the_previous_question_with_its_answer_selected() -> None:
    # site: The rectum; grade: Go back; site again: Enter keeps The rectum (it is selected).
    keys = first(1) + BACK + ENTER + pick(2) + pick(0) + tick(0) + ENTER
    answers, asked = run(keys)
    assert answers == {
        "site": ["rectum"],
        "grade": ["3"],
        "rectum_part": ["upper"],
        "spread": ["none"],
    }
    assert asked[:3] == [
        ("site", None, True),
        ("grade", None, False),
        ("site", ("rectum",), True),  # back on the first question: no Go back there
    ]


def test_go_back_then_change_the_answer() -> None:
    # site: The rectum; grade: Go back; site: up to The pancreas; rectum_part is then skipped.
    keys = first(1) + BACK + UP + ENTER + pick(0) + tick(2) + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["lymph-nodes"]}
    assert ids(asked) == ["site", "grade", "site", "grade", "spread"]


def test_go_back_skips_over_a_question_that_was_not_asked() -> None:
    # site: The pancreas; grade: Grade 2; spread: Enter on Go back (nothing ticked); grade shown
    # again with Grade 2.
    keys = first(0) + pick(1) + BACK + ENTER + tick(1) + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["2"], "spread": ["liver"]}
    assert asked == [
        ("site", None, True),
        ("grade", None, False),
        ("spread", None, False),
        ("grade", ("2",), False),
        ("spread", None, False),
    ]


def test_go_back_twice_keeps_the_later_answer_selected() -> None:
    # site: rectum; grade: 3; rectum_part: Go back; grade (pointer on Grade 3): down past Not sure
    # to Go back; site: Enter; grade: Enter keeps Grade 3; rectum_part: lower.
    keys = first(1) + pick(2) + BACK + row(2) + ENTER + ENTER + pick(1) + tick(0) + ENTER
    answers, asked = run(keys)
    assert answers == {
        "site": ["rectum"],
        "grade": ["3"],
        "rectum_part": ["lower"],
        "spread": ["none"],
    }
    assert asked[3:6] == [
        ("grade", ("3",), False),
        ("site", ("rectum",), True),
        ("grade", ("3",), False),
    ]


def test_checkbox_with_several_ticks() -> None:
    answers, _ = run(first(0) + pick(0) + tick(0, 1, 2) + ENTER)
    assert answers["spread"] == ["none", "liver", "lymph-nodes"]


def test_checkbox_go_back_ticked_returns_to_the_previous_question() -> None:
    # site: pancreas; grade: Grade 1; spread: tick Go back (after Not sure), Enter; grade: Enter.
    keys = first(0) + pick(0) + DOWN + SPACE + ENTER + ENTER + tick(1) + ENTER
    answers, asked = run(keys)
    assert answers["spread"] == ["liver"]
    assert asked[3] == ("grade", ("1",), False)


def test_checkbox_enter_on_go_back_goes_back_whatever_is_ticked() -> None:
    # spread: tick It has not spread, then up (wrapping) to Go back and Enter.
    keys = first(0) + pick(0) + DOWN * 2 + SPACE + UP + ENTER + ENTER + tick(1) + ENTER
    answers, asked = run(keys)
    assert ids(asked) == ["site", "grade", "spread", "grade", "spread"]
    assert asked[3] == ("grade", ("1",), False)
    assert answers["spread"] == ["liver"]


def test_go_back_to_a_checkbox_keeps_its_ticks() -> None:
    site, grade, _, spread = QUESTIONS
    # site: pancreas; spread: liver and lymph nodes; grade: Go back; spread: Enter as ticked.
    keys = first(0) + tick(1, 2) + BACK + ENTER + pick(0) + ENTER
    answers, asked = run(keys, [site, spread, grade])
    assert answers == {"site": ["pancreas"], "spread": ["liver", "lymph-nodes"], "grade": ["1"]}
    assert asked[3] == ("spread", ("liver", "lymph-nodes"), False)


def test_checkbox_enter_with_nothing_ticked_takes_the_highlighted_row() -> None:
    # spread: move to To the liver without ticking it, Enter.
    answers, _ = run(first(0) + pick(0) + DOWN * 3 + ENTER + ENTER)
    assert answers["spread"] == ["liver"]


def test_checkbox_enter_with_ticks_takes_the_ticks_not_the_highlighted_row() -> None:
    # spread: tick It has not spread, move to To lymph nodes, Enter.
    answers, _ = run(first(0) + pick(0) + DOWN * 2 + SPACE + DOWN * 2 + ENTER + ENTER)
    assert answers["spread"] == ["none"]


def test_checkbox_not_sure_does_not_go_with_a_value() -> None:
    # Tick Not sure (where the pointer starts) and To the liver: refused; untick Not sure, go on.
    keys = first(0) + pick(0) + SPACE + UP * 2 + SPACE + ENTER + DOWN * 2 + SPACE + ENTER + ENTER
    answers, _ = run(keys)
    assert answers["spread"] == ["liver"]


def test_review_enter_goes_on() -> None:
    answers, asked = run(first(0) + pick(0) + tick(0) + ENTER)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}
    assert len(asked) == 3  # the review asked nothing again


def test_review_change_one_answer() -> None:
    # Review rows: See the results, site, grade, spread. Change grade (row 2) to Grade 3: the
    # grade question opens with Grade 1 selected, so down twice.
    keys = first(0) + pick(0) + tick(0) + row(2) + row(2) + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["3"], "spread": ["none"]}
    assert asked[3] == ("grade", ("1",), True)  # with its answer selected, no Go back
    assert len(asked) == 4  # nothing after grade was asked again


def test_review_change_a_checkbox_answer() -> None:
    # Review row 3 is spread; untick It has not spread, tick To lymph nodes.
    keys = first(0) + pick(0) + tick(0) + row(3) + SPACE + DOWN * 2 + SPACE + ENTER + ENTER
    answers, asked = run(keys)
    assert answers["spread"] == ["lymph-nodes"]
    assert asked[3] == ("spread", ("none",), True)


def test_review_change_asks_a_question_that_now_applies() -> None:
    # site pancreas -> review: site (row 1) to The rectum -> rectum_part is asked, starting on
    # Not sure with no Go back (up is The lower part) -> review.
    keys = first(0) + pick(0) + tick(0) + row(1) + row(1) + UP + ENTER + ENTER
    answers, asked = run(keys)
    assert answers == {
        "site": ["rectum"],
        "grade": ["1"],
        "rectum_part": ["lower"],
        "spread": ["none"],
    }
    assert ids(asked) == ["site", "grade", "spread", "site", "rectum_part"]


def test_review_change_drops_a_question_that_no_longer_applies() -> None:
    # site rectum, rectum_part upper -> review: site (row 1) to The pancreas.
    keys = first(1) + pick(0) + pick(0) + tick(0) + row(1) + UP + ENTER + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}
    assert ids(asked) == ["site", "grade", "rectum_part", "spread", "site"]


def test_module_run_returns_lists() -> None:
    with create_pipe_input() as inp:
        inp.send_text(first(1) + pick(0) + pick(0) + tick(1, 2) + ENTER)
        inp.close()
        answers = wizard.run(QUESTIONS, env=keyed(inp))
    assert answers == {
        "site": ["rectum"],
        "grade": ["1"],
        "rectum_part": ["upper"],
        "spread": ["liver", "lymph-nodes"],
    }


@pytest.mark.parametrize(
    "keys",
    [
        CTRL_C,  # at the first question
        first(1) + DOWN + CTRL_C,  # at a later one
        first(0) + pick(0) + SPACE + CTRL_C,  # in a checkbox
        first(0) + pick(0) + tick(0) + DOWN + CTRL_C,  # in the review
    ],
)
def test_ctrl_c_raises_keyboard_interrupt(keys: str) -> None:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with pytest.raises(KeyboardInterrupt):
            Wizard(QUESTIONS, env=keyed(inp)).run()


def test_first_question_shows_its_choices_and_not_sure_but_no_go_back() -> None:
    text = screen(CTRL_C)
    text = text[text.index("Your report says where.") :]
    assert "Where did it start?" in text
    assert "The pancreas" in text and "The rectum" in text and "Not sure" in text
    assert "Go back" not in text


def test_a_new_question_starts_with_the_pointer_on_not_sure() -> None:
    text = screen(CTRL_C)
    pointed = [line for line in text.splitlines() if "»" in line]
    assert pointed and all("Not sure" in line for line in pointed)


def test_welcome_shows_the_disclaimer_and_how_to_move_before_the_first_question() -> None:
    text = screen(CTRL_C, disclaimer="Only your team can say what suits you.")
    welcome = text[: text.index("Where did it start?")]
    assert "Only your team can say what suits you." in welcome
    for key in ("Enter", "Space", "Go back", "Not sure", "Ctrl-C"):
        assert key in welcome


def test_each_question_says_where_it_is_among_those_that_apply() -> None:
    # An unsure site leaves rectum_part in the count (4); the pancreas takes it out (3). Until
    # the site is answered, rectum_part may drop out: "of up to 4" (issue 26: "Question 11 of
    # 12" was followed by the review).
    text = screen(first(0) + CTRL_C)
    assert "Question 1 of up to 4" in text
    assert "Question 2 of 3" in text
    answers: dict[str, tuple[str, ...]] = {}
    w = Wizard(QUESTIONS, env=Env.in_memory(terminal=True))
    assert [w.progress(i, answers) for i in range(4)] == [
        "Question 1 of up to 4",
        "Question 2 of up to 4",
        "Question 3 of 4",
        "Question 4 of 4",
    ]
    answers["site"] = ("unsure",)
    assert w.progress(1, answers) == "Question 2 of 4"
    answers["site"] = ("pancreas",)
    assert w.progress(2, answers) == ""  # rectum_part does not apply
    assert w.progress(3, answers) == "Question 3 of 3"


def test_first_question_has_its_choices_and_not_sure_only() -> None:
    # Three rows (The pancreas, The rectum, Not sure): down from Not sure wraps to the top.
    answers, _ = run(DOWN + ENTER + pick(0) + tick(0) + ENTER)
    assert answers["site"] == ["pancreas"]
    answers, _ = run(UP + ENTER + pick(0) + pick(0) + tick(0) + ENTER)
    assert answers["site"] == ["rectum"]  # above Not sure is the last choice


def test_later_question_has_go_back_after_not_sure() -> None:
    answers, asked = run(first(0) + DOWN + ENTER + ENTER + pick(0) + tick(0) + ENTER)
    assert ids(asked) == ["site", "grade", "site", "grade", "spread"]
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}


LONG = (
    "A rather long answer that a narrow terminal could not hold on one line, with "
    "neuroendocrine and somatostatin among its words"
)


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_rows_wrap_at_word_boundaries_under_their_first_word(columns: int) -> None:
    # (The review drawn in a real 60-column terminal: the pseudo-terminal tests of explore.)
    env = Env.in_memory(terminal=True, columns=columns)
    for indent in (3, 5):
        lines = wizard.wrap_row(LONG, indent, env).split("\n")
        assert indent + len(lines[0]) < columns  # the row's first line, after the pointer
        assert all(len(line) < columns for line in lines[1:])  # the rest, indented under it
        assert all(line.startswith(" " * indent) for line in lines[1:])
        assert " ".join(" ".join(lines).split()) == LONG  # every word whole, none cut off
    message = wizard.wrap_message(LONG, env).split("\n")
    # After "? " (or the two spaces under it), with room left for questionary's hint.
    assert all(len(line.strip()) <= max(columns - 24, 20) for line in message)
    assert " ".join(" ".join(message).split()) == LONG


ALONE = validate(
    parse(
        small_kb(
            question("site"),
            question("grade"),
            question(
                "spread",
                # ("label, alone: true" writes the flag into the choice's flow mapping)
                choices=[
                    ("none", "It has not spread, alone: true"),
                    ("liver", "To the liver"),
                    ("lymph-nodes", "To lymph nodes"),
                ],
            ),
        ),
        "kb.yaml",
    ),
    "kb.yaml",
).questions


def test_checkbox_an_answer_given_alone_does_not_go_with_another() -> None:
    # Tick It has not spread and To the liver: refused; untick It has not spread, go on.
    keys = first(0) + pick(0) + tick(0, 1) + UP + SPACE + ENTER + ENTER
    answers, _ = run(keys, ALONE)
    assert answers["spread"] == ["liver"]


def test_checkbox_an_answer_given_alone_is_taken_alone() -> None:
    answers, _ = run(first(0) + pick(0) + tick(0) + ENTER, ALONE)
    assert answers["spread"] == ["none"]


def test_an_answer_that_contradicts_an_earlier_one_is_not_offered() -> None:
    # Grade 1 contradicts the rectum here (as grade 1 contradicts a NEC in the shipped questions):
    # after "The rectum", the grade's first row is Grade 2.
    clash = m.Conflict({"site": ["rectum"]}, "Not with the rectum.", ["test-page"])
    questions = [
        dataclasses.replace(
            q,
            choices=[
                dataclasses.replace(c, conflicts=[clash]) if c.value == "1" else c
                for c in q.choices
            ],
        )
        if q.id == "grade"
        else q
        for q in QUESTIONS
    ]
    answers, _ = run(UP + ENTER + pick(0) + pick(0) + tick(0) + ENTER, questions)
    assert answers["site"] == ["rectum"]
    assert answers["grade"] == ["2"]
    # Without the rectum, Grade 1 is offered as before.
    answers, _ = run(first(0) + pick(0) + tick(0) + ENTER, questions)
    assert answers["grade"] == ["1"]

"""The questionnaire driven by keys through prompt_toolkit's pipe input, over inline questions.

The pipe is closed after the keys are sent, so a test that runs out of keys fails with EOFError
instead of waiting for ever.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from netcli.explore import wizard
from netcli.explore.answers import UNSURE
from netcli.explore.wizard import Wizard
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"

KB = """\
version: "0.0.1"
date: 2025-01-01
disclaimer: Talk to your team.
sources:
  - {id: src-a, kind: patient-page, title: Page A}
questions:
  - id: site
    text: Where did it start?
    help: Your report says where.
    sources: [src-a]
    choices:
      - {value: pancreas, label: The pancreas}
      - {value: rectum, label: The rectum}
  - id: grade
    text: What grade is it?
    help: The grade is on the report.
    sources: [src-a]
    choices:
      - {value: "1", label: Grade 1}
      - {value: "2", label: Grade 2}
      - {value: "3", label: Grade 3}
  - id: rectum_part
    text: Which part of the rectum?
    help: The scan report says.
    sources: [src-a]
    ask_when: {site: [rectum, unsure]}
    choices:
      - {value: upper, label: The upper part}
      - {value: lower, label: The lower part}
  - id: spread
    text: Has it spread?
    help: Scans show this.
    multiple: true
    sources: [src-a]
    choices:
      - {value: none, label: It has not spread}
      - {value: liver, label: To the liver}
      - {value: lymph-nodes, label: To lymph nodes}
treatments: []
drugs: []
sites: []
glossary: []
"""

QUESTIONS = validate(parse(KB, "kb.yaml"), "kb.yaml").questions

# The choices on screen, top to bottom:
#   site:        The pancreas, The rectum, Not sure
#   grade:       Grade 1, Grade 2, Grade 3, Not sure, Go back
#   rectum_part: The upper part, The lower part, Not sure, Go back
#   spread:      It has not spread, To the liver, To lymph nodes, Not sure, Go back   (ticks)
#   review:      See the results, then one line per answered question


def pick(n: int = 0) -> str:
    """Move down ``n`` from where the pointer starts, then press Enter."""
    return DOWN * n + ENTER


def tick(*rows: int) -> str:
    """Tick the given rows of a checkbox (counted from the top), then press Enter."""
    keys, at = "", 0
    for row in sorted(rows):
        keys += DOWN * (row - at) + SPACE
        at = row
    return keys + ENTER


class Recording(Wizard):
    """The wizard, noting each question it asks with the answer it shows as selected."""

    def __init__(self, questions: list[m.Question], **io: Any) -> None:
        super().__init__(questions, **io)
        self.asked: list[tuple[str, tuple[str, ...] | None, bool]] = []

    def ask_one(self, question: m.Question, current: tuple[str, ...] | None, first: bool) -> Any:
        self.asked.append((question.id, current, first))
        return super().ask_one(question, current, first)


def run(keys: str, questions: list[m.Question] = QUESTIONS) -> tuple[dict[str, list[str]], list]:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        w = Recording(questions, input=inp, output=DummyOutput())
        return w.run(), w.asked


def screen(keys: str) -> str:
    """What the prompts draw for these keys, without the escape sequences (ends at Ctrl-C)."""
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=120), term="xterm")
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with pytest.raises(KeyboardInterrupt):
            Wizard(QUESTIONS, input=inp, output=output).run()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buffer.getvalue())


def ids(asked: list) -> list[str]:
    return [qid for qid, _, _ in asked]


def test_answering_everything() -> None:
    answers, asked = run(pick(1) + pick(1) + pick(1) + tick(1, 2) + ENTER)
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


def test_enter_takes_the_first_choice() -> None:
    answers, _ = run(pick() + pick() + tick(0) + ENTER)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}


def test_not_sure_gives_unsure() -> None:
    answers, asked = run(pick(2) + pick(3) + pick(2) + tick(3) + ENTER)
    assert answers == {
        "site": [UNSURE],
        "grade": [UNSURE],
        "rectum_part": [UNSURE],  # asked: its condition accepts an unsure site
        "spread": [UNSURE],
    }
    assert ids(asked) == ["site", "grade", "rectum_part", "spread"]


def test_question_whose_ask_when_does_not_hold_is_skipped() -> None:
    answers, asked = run(pick(0) + pick(2) + tick(0) + ENTER)
    assert answers == {"site": ["pancreas"], "grade": ["3"], "spread": ["none"]}
    assert ids(asked) == ["site", "grade", "spread"]


def test_go_back_returns_to_the_previous_question_with_its_answer_selected() -> None:
    # site: The rectum; grade: Go back; site again: Enter keeps The rectum (it is selected).
    keys = pick(1) + pick(4) + ENTER + pick(2) + pick(0) + tick(0) + ENTER
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
    keys = pick(1) + pick(4) + UP + ENTER + pick(0) + tick(2) + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["lymph-nodes"]}
    assert ids(asked) == ["site", "grade", "site", "grade", "spread"]


def test_go_back_skips_over_a_question_that_was_not_asked() -> None:
    # site: The pancreas; grade: Grade 2; spread: tick Go back; grade shown again with Grade 2.
    keys = pick(0) + pick(1) + tick(4) + ENTER + tick(1) + ENTER
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
    # site: rectum; grade: 3; rectum_part: Go back; grade (pointer on Grade 3): Go back;
    # site: Enter; grade: Enter keeps Grade 3; rectum_part: lower.
    keys = pick(1) + pick(2) + pick(3) + pick(2) + ENTER + ENTER + pick(1) + tick(0) + ENTER
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
    answers, _ = run(pick(0) + pick(0) + tick(0, 1, 2) + ENTER)
    assert answers["spread"] == ["none", "liver", "lymph-nodes"]


def test_checkbox_go_back_returns_to_the_previous_question() -> None:
    # site: pancreas; grade: Grade 1; spread: tick Go back (row 4); grade: Enter; spread: liver.
    keys = pick(0) + pick(0) + tick(4) + ENTER + tick(1) + ENTER
    answers, asked = run(keys)
    assert answers["spread"] == ["liver"]
    assert asked[3] == ("grade", ("1",), False)


def test_go_back_to_a_checkbox_keeps_its_ticks() -> None:
    site, grade, _, spread = QUESTIONS
    # site: pancreas; spread: liver and lymph nodes; grade: Go back; spread: Enter as ticked.
    keys = pick(0) + tick(1, 2) + pick(4) + ENTER + pick(0) + ENTER
    answers, asked = run(keys, [site, spread, grade])
    assert answers == {"site": ["pancreas"], "spread": ["liver", "lymph-nodes"], "grade": ["1"]}
    assert asked[3] == ("spread", ("liver", "lymph-nodes"), False)


def test_checkbox_needs_a_tick_before_enter() -> None:
    # Enter with nothing ticked is refused; then tick "To the liver".
    answers, _ = run(pick(0) + pick(0) + ENTER + tick(1) + ENTER)
    assert answers["spread"] == ["liver"]


def test_checkbox_not_sure_does_not_go_with_a_value() -> None:
    # Ticking To the liver and Not sure is refused; untick Not sure (row 3) and go on.
    keys = pick(0) + pick(0) + DOWN + SPACE + DOWN * 2 + SPACE + ENTER + SPACE + ENTER + ENTER
    answers, _ = run(keys)
    assert answers["spread"] == ["liver"]


def test_review_enter_goes_on() -> None:
    answers, asked = run(pick(0) + pick(0) + tick(0) + ENTER)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}
    assert len(asked) == 3  # the review asked nothing again


def test_review_change_one_answer() -> None:
    # Review rows: See the results, site, grade, spread. Change grade (row 2) to Grade 3: the
    # grade question opens with Grade 1 selected, so down twice.
    keys = pick(0) + pick(0) + tick(0) + pick(2) + pick(2) + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["3"], "spread": ["none"]}
    assert asked[3] == ("grade", ("1",), True)  # with its answer selected, no Go back
    assert len(asked) == 4  # nothing after grade was asked again


def test_review_change_a_checkbox_answer() -> None:
    # Review row 3 is spread; untick It has not spread, tick To lymph nodes.
    keys = pick(0) + pick(0) + tick(0) + pick(3) + SPACE + DOWN * 2 + SPACE + ENTER + ENTER
    answers, asked = run(keys)
    assert answers["spread"] == ["lymph-nodes"]
    assert asked[3] == ("spread", ("none",), True)


def test_review_change_asks_a_question_that_now_applies() -> None:
    # site pancreas -> review: site (row 1) to The rectum -> rectum_part is asked -> review.
    keys = pick(0) + pick(0) + tick(0) + pick(1) + pick(1) + pick(1) + ENTER
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
    keys = pick(1) + pick(0) + pick(0) + tick(0) + pick(1) + UP + ENTER + ENTER
    answers, asked = run(keys)
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}
    assert ids(asked) == ["site", "grade", "rectum_part", "spread", "site"]


def test_module_run_returns_lists() -> None:
    with create_pipe_input() as inp:
        inp.send_text(pick(1) + pick(0) + pick(0) + tick(1, 2) + ENTER)
        inp.close()
        answers = wizard.run(QUESTIONS, input=inp, output=DummyOutput())
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
        pick(1) + DOWN + CTRL_C,  # at a later one
        pick(0) + pick(0) + SPACE + CTRL_C,  # in a checkbox
        pick(0) + pick(0) + tick(0) + DOWN + CTRL_C,  # in the review
    ],
)
def test_ctrl_c_raises_keyboard_interrupt(keys: str) -> None:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        with pytest.raises(KeyboardInterrupt):
            Wizard(QUESTIONS, input=inp, output=DummyOutput()).run()


def test_first_question_shows_its_choices_and_not_sure_but_no_go_back() -> None:
    text = screen(CTRL_C)
    assert "Where did it start?" in text
    assert "Your report says where." in text
    assert "The pancreas" in text and "The rectum" in text and "Not sure" in text
    assert "Go back" not in text


def test_first_question_has_its_choices_and_not_sure_only() -> None:
    # Three rows (The pancreas, The rectum, Not sure): down three times wraps to the top.
    answers, _ = run(DOWN * 3 + ENTER + pick(0) + tick(0) + ENTER)
    assert answers["site"] == ["pancreas"]
    answers, _ = run(UP + ENTER + pick(0) + pick(0) + tick(0) + ENTER)
    assert answers["site"] == [UNSURE]  # the last row is Not sure, not Go back


def test_later_question_has_go_back_as_its_last_choice() -> None:
    # Up from the top of grade wraps to its last row, Go back.
    answers, asked = run(pick(0) + UP + ENTER + pick(0) + pick(0) + tick(0) + ENTER)
    assert ids(asked) == ["site", "grade", "site", "grade", "spread"]
    assert answers == {"site": ["pancreas"], "grade": ["1"], "spread": ["none"]}

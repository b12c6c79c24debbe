"""The questionnaire as a newcomer meets it (issue 26): one form of echo line for every answer,
a count that is right up to the review, and a first screen that keeps the title and the
disclaimer on a 60 x 24 terminal."""

from __future__ import annotations

import io
import re

from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from netcli import knowledge
from netcli.env import Env
from netcli.explore.wizard import Wizard
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import validate
from tests.explore.test_wizard import (
    CTRL_C,
    DOWN,
    ENTER,
    first,
    pick,
    screen,
    tick,
)


# netcli's own line after each answer (questionary's is erased when the answer is given: a real
# terminal shows only this one; tests/e2e/test_wizard_tmux.py looks at the screen).
def echoes(text: str) -> list[str]:
    lines = text.replace("\r", "").split("\n")
    said = [line.rsplit("  → ", 1)[1].strip() for line in lines if "  → " in line]
    return [line for line in said if line and not line.startswith("(")]  # not a prompt's hint


def test_every_answer_is_echoed_alike_in_words() -> None:
    # The pancreas; Go back; the pancreas again; grade 2; two ticks; the review (Ctrl-C there).
    keys = first(0) + DOWN + ENTER + ENTER + pick(1) + tick(1, 2) + CTRL_C
    said = echoes(screen(keys))
    assert said[:5] == [
        "The pancreas",
        "Go back",
        "The pancreas",
        "Grade 2",
        "To the liver, To lymph nodes",
    ], said


def test_the_count_is_right_up_to_the_review() -> None:
    # Not sure everywhere: every question is asked, and the last one says it is the last.
    text = screen(ENTER * 4 + CTRL_C)
    counts = re.findall(r"Question (\d+) of (up to )?(\d+)", text)
    assert counts
    last, maybe, total = counts[-1]
    assert (last, maybe, total) == (total, "", total)
    # Each count is either certain or says "up to"; a certain one never shrinks afterwards.
    certain = [int(t) for _, m, t in counts if not m]
    assert certain == sorted(certain, reverse=True) and len(set(certain)) == 1


def test_at_60_by_24_the_title_and_disclaimer_stay_on_screen_at_the_first_question() -> None:
    path = knowledge.default_kb_path()
    kb = validate(load_file(path, str(path)), str(path))
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=24, columns=60), term="xterm")
    with create_pipe_input() as inp:
        inp.send_text(CTRL_C)
        inp.close()
        try:
            env = Env.in_memory(terminal=True, columns=60, prompt_input=inp, prompt_output=output)
            Wizard(kb.questions, kb.disclaimer, env=env).run()
        except KeyboardInterrupt:
            pass
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buffer.getvalue()).replace("\r", "")
    lines = [line for line in text.split("\n")]
    title = next(i for i, line in enumerate(lines) if "Treatment options to talk over" in line)
    last_choice = max(i for i, line in enumerate(lines) if "Not sure" in line)
    assert last_choice - title < 24, "\n".join(lines[title : last_choice + 1])
    assert max(len(line.rstrip()) for line in lines) <= 60

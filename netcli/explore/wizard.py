"""The questionnaire, asked one question at a time with questionary.

A welcome (the disclaimer and how to move) comes first. Each question says where it is ("Question
3 of 11") and offers its choices in plain words, "Not sure" and, after the first, "Go back" (which
returns to the previous question with its answer selected). A new question starts on "Not sure",
so that Enter alone never gives an answer the person did not pick. On a tick-box question, Enter
with nothing ticked takes the highlighted row. A review of the answers comes before the results;
Enter there goes on. Every row is wrapped at word boundaries to the terminal's width. Ctrl-C
raises KeyboardInterrupt for the CLI to handle.

Where the keys come from, where the prompts draw, the width and whether the words above the
choices are bold or dim all come from the ``Env`` it is given.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from netcli.env import Env
from netcli.explore.answers import UNSURE, conflicts, label, on_its_own, should_ask
from netcli.explore.prompts import (
    BACK,
    ask,
    columns,
    enter_takes_the_pointed_row,
    prompt_style,
    wrap_message,
    wrap_row,
)
from netcli.explore.reflection import OWN_WORDS
from netcli.knowledge import model as m
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    pass


SELECT_HINT = "(Up and Down, then Enter)"


DONE = "__done__"


_SGR = {"bold": "1", "dim": "2"}


# How to move, shown once before the first question: one short paragraph, so that on a 24-line
# terminal the title and the disclaimer are still on screen at the first question.
WELCOME_KEYS = (
    ("Up, Down", "move"),
    ("Enter", "chooses and goes on"),
    ("Space", "ticks each answer that applies, where several may"),
    ("Not sure", "is where each question starts, so Enter alone never answers for you"),
    ("Go back", "returns to the question before"),
    ("Ctrl-C", "stops (nothing is saved)"),
)


class Wizard:
    """Asks the questions. Each question's words are written before questionary is loaded, so the
    first question is on screen as soon as netcli has started; questionary draws the choices."""

    def __init__(
        self,
        questions: list[m.Question],
        disclaimer: str = "",
        reflection: m.Reflection | None = None,
        *,
        env: Env,
    ) -> None:
        self.questions = questions
        self.disclaimer = disclaimer
        self.reflection = reflection
        self.env = env
        self.io = env.prompts()  # input= and output= for prompt_toolkit
        self.step: tuple[int, int] | None = None  # (offset, total) in the optional last step

    def say(self, line: str, style: str = "", indent: str = "", hang: str = "") -> None:
        """A line above the choices, where the prompts go (the Env's prompt output, else its
        stdout)."""
        width = max(min(columns(self.env) - 2, 88), 20)
        body = (
            textwrap.fill(
                strip_unsafe(line), width, initial_indent=indent, subsequent_indent=hang or indent
            )
            if line
            else ""
        )
        output = self.io.get("output")
        if output is not None:
            output.write(body + "\n")
            output.flush()
            return
        if body and style and self.env.colour:
            body = f"\x1b[{_SGR[style]}m{body}\x1b[0m"
        self.env.stdout.write(body + "\n")
        self.env.stdout.flush()

    def welcome(self) -> None:
        """The disclaimer and how to move, before the first question."""
        self.say("Treatment options to talk over with your team", "bold")
        if self.disclaimer:
            self.say(self.disclaimer)
        self.say("")
        keys = "; ".join(f"{k} {what}" for k, what in WELCOME_KEYS)
        self.say(f"A few questions about the tumour and your situation. {keys}.", "dim")

    def ask_one(
        self,
        question: m.Question,
        current: tuple[str, ...] | None,
        first: bool,
        progress: str = "",
        before: dict[str, tuple[str, ...]] | None = None,
    ) -> Any:
        self.say("")
        if progress:
            self.say(progress, "dim")
        self.say(question.help, "dim")
        self.say("? " + question.text, "bold")
        import questionary
        from questionary import Choice

        message, mark = "", "  →"
        # An answer that contradicts the answers before it is not offered (no grade 1 for a NEC).
        before = {k: v for k, v in (before or {}).items() if k != question.id}
        offered = [c for c in question.choices if not conflicts(question, [c.value], before)]
        values = [(c.label, c.value) for c in offered] + [(question.unsure_label, UNSURE)]
        if not first:
            values.append(("Go back", BACK))
        words = {v: t for t, v in values}
        # The pointer starts on the current answer, else on Not sure: never on a real answer
        # that Enter would give without the person choosing it.
        start = current[0] if current else UNSURE
        if question.multiple:
            rows = [
                Choice(wrap_row(t, 5, self.env), v, checked=bool(current and v in current))
                for t, v in values
            ]

            def valid(picked: list[str]) -> bool | str:
                if (UNSURE in picked or BACK in picked) and len(picked) > 1:
                    return "Not sure and Go back go on their own: untick the others."
                alone = on_its_own(question, [p for p in picked if p != BACK])
                if alone is not None:
                    return f"{label(question, alone)} goes on its own: untick the others."
                given = tuple(p for p in picked if p != BACK)
                clash = conflicts(question, given, {**before, question.id: given})
                if clash:
                    return clash[0][1].why
                return True

            prompt = questionary.checkbox(
                message,
                choices=rows,
                qmark=mark,
                instruction="(Space to tick each that applies, then Enter)",
                validate=valid,
                initial_choice=start,
                style=prompt_style(),
                **self.io,
            )
            enter_takes_the_pointed_row(prompt)
            picked = self.answered(prompt, lambda p: ", ".join(words[v] for v in p))
            return BACK if BACK in picked else tuple(picked)
        rows = [Choice(wrap_row(t, 3, self.env), v) for t, v in values]
        prompt = questionary.select(
            message,
            qmark=mark,
            choices=rows,
            default=start,
            instruction=SELECT_HINT,
            style=prompt_style(),
            **self.io,
        )
        picked = self.answered(prompt, lambda p: words[p])
        return picked if picked == BACK else (picked,)

    def answered(self, prompt: Any, said: Any) -> Any:
        """Ask, then leave one line of the same form for every question: "→ " and the answer in
        words (questionary's own line says "[x]", "done (2 selections)" or its hint)."""
        prompt.application.erase_when_done = True
        picked = ask(prompt)
        self.say("→ " + said(picked), indent="  ", hang="    ")
        return picked

    def progress(self, index: int, answers: dict[str, tuple[str, ...]]) -> str:
        """ "Question 3 of 11": among the questions that apply to the answers so far (one not yet
        answered counts as unsure, so the total can only shrink as the answers come in)."""
        if self.step is not None:
            offset, total = self.step
            return f"Optional question {offset + index + 1} of {total}"
        applies = [i for i, q in enumerate(self.questions) if should_ask(q, answers)]
        if index not in applies:
            return ""
        # A later question asked only for some answers not given yet may drop out: "of up to".
        open_ = any(
            k not in answers for i in applies if i > index for k in self.questions[i].ask_when
        )
        return f"Question {applies.index(index) + 1} of {'up to ' if open_ else ''}{len(applies)}"

    def walk(
        self, answers: dict[str, tuple[str, ...]], start: int = 0, only_missing: bool = False
    ) -> None:
        """Ask from ``start`` on, skipping questions that do not apply (and, with
        ``only_missing``, those already answered); Go back steps back."""
        history: list[int] = []
        index = start
        while index < len(self.questions):
            question = self.questions[index]
            if not should_ask(question, answers):
                answers.pop(question.id, None)
                index += 1
                continue
            if only_missing and question.id in answers:
                index += 1
                continue
            reply = self.ask_one(
                question,
                answers.get(question.id),
                first=not history,
                progress=self.progress(index, answers),
                before=answers,
            )
            if reply == BACK:
                index = history.pop()
                continue
            answers[question.id] = reply
            history.append(index)
            index += 1

    def review(self, answers: dict[str, tuple[str, ...]]) -> None:
        """Show the answers; change one and the questions after it are walked again."""
        import questionary
        from questionary import Choice

        while True:
            asked = [q for q in self.questions if q.id in answers]
            # One short row per answer ("Spread: The liver"), so that the whole list fits a
            # 24-line terminal; a row too long for the width wraps under its first word.
            rows = {
                q.id: f"{(q.topic or q.text)[:1].upper()}{(q.topic or q.text)[1:]}: "
                + ", ".join(label(q, v) for v in answers[q.id])
                for q in asked
            }
            rows[DONE] = "See the results"
            choices = [Choice("See the results", DONE)] + [
                Choice(wrap_row(rows[q.id], 3, self.env), q.id) for q in asked
            ]
            picked = self.answered(
                questionary.select(
                    wrap_message(
                        "Your answers. Pick one to change it, or Enter to see the results.",
                        self.env,
                    ),
                    choices=choices,
                    default=DONE,
                    instruction=" ",
                    style=prompt_style(),
                    **self.io,
                ),
                rows.__getitem__,
            )
            if picked == DONE:
                return
            index = next(i for i, q in enumerate(self.questions) if q.id == picked)
            question = self.questions[index]
            reply = self.ask_one(question, answers.get(question.id), first=True, before=answers)
            answers[question.id] = reply
            # An answer the change contradicts (grade 1 once it is a NEC) is asked again.
            for q in self.questions:
                if q.id != question.id and conflicts(q, answers.get(q.id, ()), answers):
                    answers.pop(q.id)
            self.walk(answers, index + 1, only_missing=True)

    def reflect(self, answers: dict[str, tuple[str, ...]]) -> None:
        """The last step: what matters most, in the person's own words too, how they would like
        to decide, and how ready they feel. Offered by default: Enter answers, one key (n)
        skips it."""
        step = self.reflection
        if step is None:
            return
        import questionary

        roles = [step.role] if step.role else []
        total = 2 + len(roles) + len(step.ready)
        self.say("")
        self.say(f"{total} optional questions", "bold")
        self.say(step.intro)
        skip, answer = "Skipped them", f"Answering the {total} optional questions"
        go = self.answered(
            questionary.confirm(
                wrap_message(
                    "Answer them? Enter answers them; n skips them.",
                    self.env,
                    room=10,
                ),
                default=True,
                qmark="?",
                style=prompt_style(),
                **self.io,
            ),
            lambda yes: answer if yes else skip,
        )
        if not go:
            return
        last = Wizard([step.matters], env=self.env)
        last.step = (0, total)
        last.walk(answers)
        self.say("")
        self.say(f"Optional question 2 of {total}", "dim")
        self.say("? " + step.own_words, "bold")
        words: str = self.answered(
            questionary.text("", qmark="  →", style=prompt_style(), **self.io),
            lambda w: w.strip() or "(nothing added)",
        )
        if words.strip():
            answers[OWN_WORDS] = (words.strip(),)
        last.questions, last.step = [*roles, *step.ready], (2, total)
        last.walk(answers)

    def run(self) -> dict[str, list[str]]:
        answers: dict[str, tuple[str, ...]] = {}
        self.welcome()
        self.walk(answers)
        self.review(answers)
        self.reflect(answers)
        return {k: list(v) for k, v in answers.items()}


def run(
    questions: list[m.Question],
    disclaimer: str = "",
    reflection: m.Reflection | None = None,
    *,
    env: Env,
) -> dict[str, list[str]]:
    """Ask the questions and return the answers given (the CLI checks them like ``-a`` answers)."""
    return Wizard(questions, disclaimer, reflection, env=env).run()

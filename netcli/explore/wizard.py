"""The questionnaire, asked one question at a time with questionary.

Each question offers its choices in plain words, "Not sure" and, after the first, "Go back" (which
returns to the previous question with its answer selected). A review of the answers comes before
the results; Enter there goes on. Ctrl-C raises KeyboardInterrupt for the CLI to handle.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from netcli.explore.answers import UNSURE, label, should_ask
from netcli.knowledge import model as m
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from prompt_toolkit.styles import Style

BACK = "__back__"
DONE = "__done__"
_SGR = {"bold": "1", "dim": "2"}


def _style() -> Style:
    from prompt_toolkit.styles import Style

    return Style([("qmark", "fg:ansicyan bold"), ("instruction", "italic"), ("answer", "bold")])


class Wizard:
    """Asks the questions. Each question's words are written before questionary is loaded, so the
    first question is on screen as soon as netcli has started; questionary draws the choices."""

    def __init__(self, questions: list[m.Question], **io: Any) -> None:
        self.questions = questions
        self.io = io  # input= and output= for prompt_toolkit (tests, prompts on stderr)

    def say(self, line: str, style: str = "") -> None:
        """A line above the choices, where the prompts go (the given output, else stdout)."""
        width = max(min(shutil.get_terminal_size().columns - 2, 88), 20)
        body = textwrap.fill(strip_unsafe(line), width) if line else ""
        output = self.io.get("output")
        if output is not None:
            output.write(body + "\n")
            output.flush()
            return
        if body and style and sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
            body = f"\x1b[{_SGR[style]}m{body}\x1b[0m"
        sys.stdout.write(body + "\n")
        sys.stdout.flush()

    def ask_one(self, question: m.Question, current: tuple[str, ...] | None, first: bool) -> Any:
        self.say("")
        self.say(question.help, "dim")
        self.say("? " + question.text, "bold")
        import questionary
        from questionary import Choice

        message, mark = "", "  →"
        values = [(c.label, c.value) for c in question.choices] + [(question.unsure_label, UNSURE)]
        if question.multiple:
            choices = [
                Choice(strip_unsafe(t), v, checked=bool(current and v in current))
                for t, v in values
            ]
            if not first:
                choices.append(Choice("Go back", BACK))

            def valid(picked: list[str]) -> bool | str:
                if not picked:
                    return "Tick at least one with Space (or Not sure), then press Enter."
                if (UNSURE in picked or BACK in picked) and len(picked) > 1:
                    return "Not sure and Go back go on their own."
                return True

            picked = questionary.checkbox(
                message,
                choices=choices,
                qmark=mark,
                instruction="(Space to tick, Enter to go on)",
                validate=valid,
                style=_style(),
                **self.io,
            ).unsafe_ask()
            return BACK if picked == [BACK] else tuple(picked)
        choices = [Choice(strip_unsafe(t), v) for t, v in values]
        if not first:
            choices.append(Choice("Go back", BACK))
        default = current[0] if current else None
        picked = questionary.select(
            message,
            qmark=mark,
            choices=choices,
            default=default,
            style=_style(),
            **self.io,
        ).unsafe_ask()
        return picked if picked == BACK else (picked,)

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
            reply = self.ask_one(question, answers.get(question.id), first=not history)
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
            width = max(shutil.get_terminal_size().columns - 6, 30)
            choices = [Choice("See the results", DONE)] + [
                Choice(
                    _fit(", ".join(label(q, v) for v in answers[q.id]) + f"  ({q.text})", width),
                    q.id,
                )
                for q in asked
            ]
            picked = questionary.select(
                "Your answers. Pick one to change it, or press Enter to see the results.",
                choices=choices,
                default=DONE,
                style=_style(),
                **self.io,
            ).unsafe_ask()
            if picked == DONE:
                return
            index = next(i for i, q in enumerate(self.questions) if q.id == picked)
            question = self.questions[index]
            reply = self.ask_one(question, answers.get(question.id), first=True)
            answers[question.id] = reply
            self.walk(answers, index + 1, only_missing=True)

    def run(self) -> dict[str, list[str]]:
        answers: dict[str, tuple[str, ...]] = {}
        self.walk(answers)
        self.review(answers)
        return {k: list(v) for k, v in answers.items()}


def run(questions: list[m.Question], **io: Any) -> dict[str, list[str]]:
    """Ask the questions and return the answers given (the CLI checks them like ``-a`` answers)."""
    return Wizard(questions, **io).run()


def _fit(line: str, width: int) -> str:
    line = strip_unsafe(line)
    return line if len(line) <= width else line[: width - 1] + "…"


def offer_report(**io: Any) -> str | None:
    """Ask whether to save the summary, and where; None when the answer is no."""
    import questionary

    save = questionary.confirm(
        "Save a summary to bring to your appointment (with questions to ask)?",
        default=True,
        style=_style(),
        **io,
    ).unsafe_ask()
    if not save:
        return None
    name: str = questionary.text(
        "File name (.html to print from a browser, .md or .txt):",
        default="netcli-summary.html",
        validate=lambda v: (
            v.strip().lower().endswith((".html", ".md", ".txt"))
            or "End the name with .html, .md or .txt."
        ),
        style=_style(),
        **io,
    ).unsafe_ask()
    return name.strip()

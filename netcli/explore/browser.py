"""The results browser at the end of the wizard: read an option's card, compare two or three,
see what would change the list, save the summary, start again, or quit.

Asked with questionary in the style of the questions. Each choice calls the same core functions
as the commands (``netcli treatment``, ``netcli compare``, the summary) and hands the result to
the terminal view, through a pager when it is long. Runs only in a terminal; never with --json.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from netcli import lookup as lk
from netcli.errors import NetcliError
from netcli.explore.prompts import (
    BACK,
    ask,
    ask_file_name,
    enter_takes_the_pointed_row,
    prompt_style,
    wrap_message,
    wrap_row,
)

if TYPE_CHECKING:
    from netcli.env import Env
    from netcli.explore.result import Result
    from netcli.knowledge import model as m
    from netcli.knowledge.index import KB

CARD, COMPARE, CHANGES, ALL, SAVE, AGAIN, QUIT = (
    "card",
    "compare",
    "changes",
    "all",
    "save",
    "again",
    "quit",
)


class Browser:
    def __init__(
        self, kb: KB, full: m.KnowledgeBase, result: Result, env: Env, inputs: list[Path]
    ) -> None:
        self.kb, self.full, self.result, self.env = kb, full, result, env
        self.inputs = inputs  # the files netcli read, which Save never replaces
        self.today = env.today
        self.io = env.prompts()
        self.saved: Path | None = None

    def say(self, line: str) -> None:
        from netcli.render.blocks import console, text

        console(self.env).print(text(line))

    def page(self, draw: Any) -> None:
        from netcli.render.pager import paged

        paged(draw, self.env)

    def row(self, line: str, indent: int = 3) -> str:
        return wrap_row(line, indent, self.env)

    def menu(self) -> str:
        import questionary
        from questionary import Choice

        names = self.result.options
        rows = [
            Choice(self.row("Read an option's card"), CARD, disabled=None if names else "none"),
            Choice(
                self.row("Compare two or three options side by side"),
                COMPARE,
                disabled=None if len(names) > 1 else "fewer than two",
            ),
            Choice(self.row("See what would change the list"), CHANGES),
            Choice(self.row("See all the results again"), ALL),
            Choice(
                # The name saved to is wrapped with the row: at 60 columns it was cut.
                self.row(
                    "Save the summary to bring to your appointment"
                    + (f" (saved: {self.saved})" if self.saved else "")
                ),
                SAVE,
            ),
            Choice(self.row("Start again"), AGAIN),
            Choice(self.row("Quit"), QUIT),
        ]
        picked: str = ask(
            questionary.select(
                wrap_message("What next?", self.env), choices=rows, style=prompt_style(), **self.io
            )
        )
        return picked

    def pick_option(self) -> str | None:
        """A treatment id, or None for Go back."""
        import questionary
        from questionary import Choice

        rows = [Choice(self.row(o.treatment.name), o.treatment.id) for o in self.result.options]
        # A sentinel value: questionary gives a Choice whose value is None its title instead.
        rows.append(Choice("Go back", BACK))
        picked: str = ask(
            questionary.select(
                wrap_message("Which option?", self.env),
                choices=rows,
                style=prompt_style(),
                **self.io,
            )
        )
        return None if picked == BACK else picked

    def pick_several(self) -> list[str]:
        import questionary
        from questionary import Choice

        rows = [Choice(self.row(o.treatment.name, 5), o.treatment.id) for o in self.result.options]
        rows.append(Choice("Go back", BACK))

        def valid(picked: list[str]) -> bool | str:
            if BACK in picked or len(picked) in (0, 2, 3):
                return True
            return "Tick two or three with Space, then Enter (none to go back)."

        prompt = questionary.checkbox(
            wrap_message(
                "Which options? Tick two or three (Enter with none ticked goes back).", self.env
            ),
            choices=rows,
            instruction="",
            validate=valid,
            style=prompt_style(),
            **self.io,
        )
        enter_takes_the_pointed_row(prompt, only_back=True)
        picked: list[str] = ask(prompt)
        return [] if BACK in picked else picked

    def run(self) -> str:
        """Until the person quits or starts again; returns QUIT or AGAIN."""
        from netcli.explore.summary import summarise
        from netcli.render import terminal as view
        from netcli.render.explore_view import what_would_change

        while True:
            choice = self.menu()
            if choice in (QUIT, AGAIN):
                return choice
            if choice == CARD:
                option = self.pick_option()
                if option is not None:
                    card = lk.treatment(self.kb, option, self.today)
                    self.page(lambda out, c=card: view.render(c, out, self.result.disclaimer))
            elif choice == COMPARE:
                ids = self.pick_several()
                if ids:
                    grid = lk.compare(self.kb, ids, self.today)
                    self.page(lambda out, g=grid: view.render(g, out, self.result.disclaimer))
            elif choice == CHANGES:
                summary = summarise(self.full, self.result, self.today)
                self.page(lambda out, s=summary: what_would_change(s, out))
            elif choice == ALL:
                draw(self.result, self.env)
            elif choice == SAVE:
                self.save()

    def save(self) -> None:
        """Ask for a name (a dated one offered); a file there is replaced only if the person
        says so, a link or a folder never; the message names the whole path."""
        from netcli.explore import saving

        name = ask_file_name(self.env, saving.default_name(self.today))
        placed = saving.place(
            name, self.inputs, lambda line: self.say(f"Not saved: {line}"), self.env
        )
        if placed is None:
            return
        path, replace = placed
        try:
            saving.write(
                self.full,
                self.result,
                self.today,
                path,
                self.inputs,
                replace,
                on_command_line=False,
            )
        except NetcliError as exc:  # a folder that does not exist, no permission: say, go on
            self.say(f"Not saved: {exc.message} {exc.hint or ''}".strip())
            return
        self.saved = path
        self.say(f"Saved the summary to {saving.full_path(path)}")


def browse(
    kb: KB, full: m.KnowledgeBase, result: Result, env: Env, inputs: list[Path] | None = None
) -> str:
    return Browser(kb, full, result, env, inputs or []).run()


def draw(result: Result, env: Env) -> None:
    """The results, through the pager."""
    from netcli.render.pager import paged
    from netcli.render.terminal import render

    paged(lambda out: render(result, out, result.disclaimer), env)

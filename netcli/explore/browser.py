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
from netcli.explore.wizard import ask, ask_file_name, prompt_style, wrap_message, wrap_row

if TYPE_CHECKING:
    from netcli.env import Env
    from netcli.explore.engine import Result
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
    def __init__(self, kb: KB, full: m.KnowledgeBase, result: Result, env: Env) -> None:
        self.kb, self.full, self.result, self.env = kb, full, result, env
        self.today = env.today
        self.io = env.prompts()
        self.saved: Path | None = None

    def say(self, line: str) -> None:
        from netcli.render.terminal import console, text

        console(self.env).print(text(line))

    def page(self, draw: Any) -> None:
        from netcli.render.terminal import paged

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
                self.row("Save the summary to bring to your appointment")
                + (f" (saved: {self.saved})" if self.saved else ""),
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
        import questionary
        from questionary import Choice

        rows = [Choice(self.row(o.treatment.name), o.treatment.id) for o in self.result.options]
        rows.append(Choice("Go back", None))
        picked: str | None = ask(
            questionary.select(
                wrap_message("Which option?", self.env),
                choices=rows,
                style=prompt_style(),
                **self.io,
            )
        )
        return picked

    def pick_several(self) -> list[str]:
        import questionary
        from questionary import Choice

        rows = [Choice(self.row(o.treatment.name, 5), o.treatment.id) for o in self.result.options]

        def valid(picked: list[str]) -> bool | str:
            if len(picked) in (0, 2, 3):
                return True
            return "Tick two or three with Space, then Enter (none to go back)."

        picked: list[str] = ask(
            questionary.checkbox(
                wrap_message(
                    "Which options? Tick two or three (Enter with none ticked goes back).", self.env
                ),
                choices=rows,
                instruction="",
                validate=valid,
                style=prompt_style(),
                **self.io,
            )
        )
        return picked

    def run(self) -> str:
        """Until the person quits or starts again; returns QUIT or AGAIN."""
        from netcli.explore.summary import summarise
        from netcli.render import terminal as view

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
                self.page(lambda out, s=summary: view.what_would_change(s, out))
            elif choice == ALL:
                draw(self.result, self.env)
            elif choice == SAVE:
                self.save(summarise(self.full, self.result, self.today))

    def save(self, summary: Any) -> None:
        from netcli.render.report import write

        name = ask_file_name(self.env)
        try:
            write(summary, Path(name))
        except NetcliError as exc:  # a folder that does not exist, no permission: say, go on
            self.say(f"Not saved: {exc.message}")
            return
        self.saved = Path(name)
        self.say(f"Saved the summary to {name}")


def browse(kb: KB, full: m.KnowledgeBase, result: Result, env: Env) -> str:
    return Browser(kb, full, result, env).run()


def draw(result: Result, env: Env) -> None:
    """The results, through the pager."""
    from netcli.render.terminal import paged, render

    paged(lambda out: render(result, out, result.disclaimer), env)

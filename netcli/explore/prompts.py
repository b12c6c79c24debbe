"""The prompts the wizard and the results browser share: questionary asked with Ctrl-C (and
SIGINT) leaving as Ctrl-C does, rows wrapped at word boundaries to the Env's width, Enter on a
tick-box list, and the questions about saving a summary (whether, under which name, and whether
to replace a file there).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from netcli.env import Env
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from prompt_toolkit.styles import Style


BACK = "__back__"


def prompt_style() -> Style:
    from prompt_toolkit.styles import Style

    return Style([("qmark", "fg:ansicyan bold"), ("instruction", "italic"), ("answer", "bold")])


def ask(question: Any) -> Any:
    """A questionary question's answer; Ctrl-C raises KeyboardInterrupt. So does SIGINT sent from
    outside (``kill -INT``): prompt_toolkit turns it into a key that questionary does not bind,
    so it was ignored; here it leaves the prompt as Ctrl-C does, the terminal put back. So does
    Ctrl-D on the empty line of a text or yes/no prompt. Ctrl-Z stops netcli as in any other
    program."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.enums import DEFAULT_BUFFER
    from prompt_toolkit.filters import Condition, has_focus
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    extra = KeyBindings()

    @extra.add(Keys.SIGINT, eager=True)
    def _interrupted(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    # prompt_toolkit's own Ctrl-D there (the same condition) ends the prompt with EOFError, which
    # no one expects: the file name or "Save a summary?" ended the session as an internal error
    # (attack run h41, D10). Elsewhere Ctrl-D is left as it was (deletes a letter; a list
    # ignores it).
    empty_line = Condition(lambda: not get_app().current_buffer.text)

    @extra.add(Keys.ControlD, filter=has_focus(DEFAULT_BUFFER) & empty_line, eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @extra.add(Keys.ControlZ, eager=True)
    def _suspend(event: Any) -> None:
        # The prompt reads keys raw, so Ctrl-Z reached it as a key and did nothing; it stops
        # netcli as `kill -TSTP` does (env._stopper gives the shell its terminal, and after `fg`
        # puts the prompt's modes back). Where no stopper is set (no terminal), it is ignored.
        import signal

        if hasattr(signal, "SIGTSTP") and signal.getsignal(signal.SIGTSTP) not in (
            signal.SIG_DFL,
            signal.SIG_IGN,
            None,
        ):
            signal.raise_signal(signal.SIGTSTP)

    application = question.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, extra) if b is not None]
    )
    return question.unsafe_ask()


def columns(env: Env) -> int:
    """The width the prompts wrap to: the Env's, else 80 like the terminal's own default."""
    return env.width() or 80


def wrap_row(line: str, indent: int, env: Env) -> str:
    """A row's words wrapped at word boundaries to the terminal, continued under its first word
    (``indent`` is the width of the pointer and tick box before it): never cut, never split."""
    width = max(columns(env) - indent - 1, 20)
    return ("\n" + " " * indent).join(textwrap.wrap(strip_unsafe(line), width)) or " "


def wrap_message(line: str, env: Env, room: int = 22) -> str:
    """A prompt's message wrapped at word boundaries after its "? ", leaving ``room`` on each line
    for what questionary writes after it (its hint, or the default answer)."""
    width = max(columns(env) - 2 - room, 20)
    return "\n  ".join(textwrap.wrap(strip_unsafe(line), width))


def enter_takes_the_pointed_row(prompt: Any, only_back: bool = False) -> None:
    """On a tick-box question, Enter with nothing ticked takes the highlighted row (unless
    ``only_back``), and Enter on Go back goes back whatever is ticked; otherwise Enter does what
    questionary does."""
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    app = prompt.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    bindings = app.key_bindings
    submit = next(b.handler for b in reversed(bindings.bindings) if b.keys == (Keys.ControlM,))

    def enter(event: Any) -> None:
        pointed = control.get_pointed_at().value
        if pointed == BACK:
            control.selected_options = [BACK]
        elif not control.selected_options and not only_back:
            control.selected_options = [pointed]
        submit(event)

    # prompt_toolkit runs the binding added last when several match the same key.
    bindings.add(Keys.ControlM, eager=True)(enter)


def offer_report(env: Env, default: str) -> str | None:
    """Ask whether to save the summary, and where (``default`` offered); None when the answer is
    no."""
    import questionary

    save = ask(
        questionary.confirm(
            wrap_message(
                "Save a summary to bring to your appointment (with questions to ask)?", env
            ),
            default=True,
            style=prompt_style(),
            **env.prompts(),
        )
    )
    if not save:
        return None
    return ask_file_name(env, default)


def ask_file_name(env: Env, default: str) -> str:
    """Where to save the summary: a name ending in .html, .md or .txt (``default`` offered)."""
    import questionary

    name: str = ask(
        questionary.text(
            wrap_message("File name (.html to print from a browser, .md or .txt):", env),
            default=default,
            validate=lambda v: (
                v.strip().lower().endswith((".html", ".md", ".txt"))
                or "End the name with .html, .md or .txt."
            ),
            style=prompt_style(),
            **env.prompts(),
        )
    )
    return name.strip()


def confirm_replace(name: str, env: Env) -> bool:
    """Ask before a saved summary replaces a file that exists (default: no)."""
    import questionary

    return bool(
        ask(
            questionary.confirm(
                wrap_message(f"{name} exists. Replace it?", env),
                default=False,
                style=prompt_style(),
                **env.prompts(),
            )
        )
    )

"""The explore command: the answers from -a, --answers or the questions, then the session
(``explore.session``), its result shown, saved or browsed. ``netcli.cli`` registers it.
"""

import inspect
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from netcli.cli_shared import JsonFlag, env_of, kb_path, open_kb, write_json

# Where explore's docstring lists the answer keys: written from the knowledge base in use when
# the help is shown (``ExploreCommand``), so that the help cannot drift from the YAML.
ANSWER_KEYS = "ANSWER_KEYS"


def answer_keys_of(ctx: typer.Context) -> str:
    """The answer keys of the knowledge base ``--kb`` names (or the shipped one), as the help
    lists them; a sentence saying where they are when it cannot be read (help still shows)."""
    from netcli.explore.reflection import OWN_WORDS
    from netcli.render.vocabulary import UNREADABLE, answer_keys

    try:
        kb = open_kb(ctx)
        return answer_keys(kb.all("questions"), kb.meta.reflection, OWN_WORDS)
    except Exception:  # a missing or broken knowledge base: its error belongs to a command
        return UNREADABLE


class ExploreCommand(TyperCommand):
    """``explore``, whose ``--help`` lists the answer keys of the knowledge base in use."""

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        written = self.help
        listed = answer_keys_of(ctx)
        self.help = inspect.cleandoc(written or "").replace(ANSWER_KEYS, listed)
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = written


def explore(
    ctx: typer.Context,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "-a",
            "--answer",
            metavar="KEY=VALUE",
            help="An answer, instead of the question (repeatable). Several values: -a "
            "spread=liver,lymph-nodes. Unanswered keys count as unsure.",
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            readable=False,  # read by netcli, which says why it cannot (attack run h41, D9)
            help="A YAML or JSON file of answers (a mapping of keys to values); -a wins.",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            readable=False,  # written, never read: a write-only file there is replaced with --force
            help="Also write a summary to bring to your appointment: .md, .html or .txt.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Let --report replace a file or link that is there (a file keeps its "
            "permissions; a link is itself replaced, never the file it points to).",
        ),
    ] = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List the options described only for another kind or site of tumour too "
            "(they are counted otherwise), and every reason why each option that does not fit "
            "is ruled out (summarised in a few lines otherwise).",
        ),
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """Answer a few questions and see the options the sources describe for your situation.

    First your situation in plain words and one table of every option that may be discussed
    (grouped, never ranked); then what would change the list (each question you were not sure
    of, once, and who can answer it); then each option in detail; then the options that do not
    fit, in a few lines, and how many are described only for another kind or site of tumour
    (--all lists them and gives every reason). With -a or
    --answers, or with no terminal, nothing is asked.

    ANSWER_KEYS

    \b
    Examples:
      netcli explore
      netcli explore -a kind=net -a site=pancreas -a spread=liver --json
      netcli explore --answers my-answers.yaml --report summary.html
      netcli explore -a site=pancreas -a matters=symptoms,time -a ready_sure=no
      netcli explore --answers - --report summary.md --force < my-answers.yaml
    """
    from netcli.explore import session

    options = session.Options(
        pairs=answer,
        answers_file=answers_file,
        report=report,
        force=force,
        as_json=json_,
        listed_all=all_,
        inputs=[p for p in (kb_path(ctx), answers_file) if p is not None],
    )
    session.check(options)
    kb = open_kb(ctx)
    env = env_of(ctx)

    def view(result: Any) -> None:
        if json_:  # explore's own JSON form: the lookups' forms (jsonout) are not imported
            from netcli.render.json_explore import explore_data
            from netcli.render.jsondump import document

            write_json(document(explore_data(result), kb.meta.disclaimer), env)
            return
        from netcli.render.blocks import console
        from netcli.render.explore_view import render_explore

        render_explore(result, console(env), every_reason=all_)

    session.run(env, kb, options, view)

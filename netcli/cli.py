"""The command line: parse, call one core function, hand its result to a renderer, exit.

Errors become a message on stderr and an exit code in one place, ``NetcliGroup.invoke``. The
root callback builds the ``Env`` (the streams, the terminal, the width, colour, today) once and
keeps it in ``ctx.obj``; a caller may pass its own with ``app(obj=env)`` (tests do, through
``CliRunner().invoke(app, args, obj=env)``).
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import UsageError as ParseError  # typer's own click, locked
from typer.core import TyperGroup

from netcli import __version__
from netcli.cli_explore import ExploreCommand, explore
from netcli.cli_lookups import (
    about,
    compare,
    drug,
    glossary,
    kb_info,
    kb_schema,
    kb_validate,
    list_,
    search,
    site,
    source,
    sources,
    topic,
    treatment,
)
from netcli.cli_shared import ARGS_KEY, JSON_KEY, env_of
from netcli.env import Env
from netcli.errors import ExitCode, NetcliError
from netcli.render.hints import described
from netcli.text import strip_unsafe


class NetcliGroup(TyperGroup):
    """The one place where errors become a message on stderr and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from netcli.env import clamp_columns

        clamp_columns()
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        # explore first: it is where a newcomer starts; then the order the commands were made in.
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: name != "explore")

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Each command's whole first sentence, wrapped, never cut at a width with "...".
        rows = [
            (name, cmd.get_short_help_str(limit=10_000))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The whole command line, seen once by the outermost group, for a parse error's --json.
        ctx.meta.setdefault(ARGS_KEY, list(args))
        try:
            return super().parse_args(ctx, args)
        except ParseError as exc:
            _parse_error_as_json(ctx, exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ParseError as exc:  # a command's own options and arguments
            _parse_error_as_json(ctx, exc)
            raise
        except NetcliError as exc:
            _report(ctx, *described(exc), exc.code)
            raise typer.Exit(int(exc.exit_code)) from None
        except (KeyboardInterrupt, typer.Abort):
            env_of(ctx).stderr.write("\nInterrupted.\n")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.TyperException, BrokenPipeError):
            raise
        except Exception as exc:
            if os.environ.get("NETCLI_DEBUG"):
                raise
            _report(
                ctx,
                f"internal error ({type(exc).__name__}). This is a bug in netcli.",
                "Please report it with the command you ran; NETCLI_DEBUG=1 shows the details.",
                {},
                "internal",
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None


def _parse_error_as_json(ctx: typer.Context, exc: ParseError) -> None:
    """A mistake on a command line that asks for --json is reported as the JSON error object on
    stderr (exit 2), as every other error of that command would be; else click's usage text."""
    words = ctx.meta.get(ARGS_KEY) or []
    words = words[: words.index("--")] if "--" in words else words
    if "--json" not in words:
        return
    if exc.ctx is not None:
        where = exc.ctx.command_path
    else:  # raised before the command's context was made: the command is the group's choice
        where = " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand]))
    hint = f"See: {where} --help"
    if exc.ctx is not None and exc.ctx.parent is None and words[0] == "--json":
        hint = "--json goes after the command, for example: netcli drug everolimus --json"
    ctx.meta[JSON_KEY] = True
    _report(ctx, exc.format_message(), hint, {}, "usage")
    raise typer.Exit(int(exc.exit_code))


def _report(
    ctx: typer.Context, message: str, hint: str | None, details: dict[str, Any], code: str
) -> None:
    stderr = env_of(ctx).stderr
    if ctx.meta.get(JSON_KEY):
        from netcli.render.jsondump import error

        stderr.write(error(code, message, {"hint": hint, **details}) + "\n")
        return
    lines = [f"netcli: {strip_unsafe(message)}"]
    if hint:
        lines.append(strip_unsafe(hint))
    stderr.write("\n".join(lines) + "\n")


app = typer.Typer(
    cls=NetcliGroup,
    name="netcli",
    help="See which treatment options for a neuroendocrine tumour (NET) or carcinoma (NEC) may be "
    "discussed with your team, what each drug is, and where every statement comes from.\n\n"
    "It informs; it does not advise. Every option is something to talk over with your team.",
    epilog="Start with: netcli explore",
    no_args_is_help=False,  # `netcli` alone prints a short introduction (INTRO) and exits 0
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


kb_app = typer.Typer(
    cls=NetcliGroup,
    help="Check, describe and export the knowledge base.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


app.add_typer(kb_app, name="kb")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"netcli {__version__}\n")
        raise typer.Exit()


INTRO = """\
netcli shows which treatment options for a neuroendocrine
tumour (NET) or carcinoma (NEC) may be discussed with your
team, what each drug is, and where every statement comes
from. It informs; it does not advise.

Start here:
  netcli explore              a few questions, your options

Look something up:
  netcli drug everolimus      a drug (brand names work too)
  netcli treatment TACE       a treatment
  netcli glossary             what the words mean
  netcli search liver spread  records that mention words

Every command: netcli --help
"""


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb",
            envvar="NETCLI_KB",
            metavar="PATH",
            dir_okay=True,
            # netcli reads the file itself and says why it cannot (exit 1); click's check made an
            # unreadable file a usage error with its usage text (attack run h41, D9).
            readable=False,
            help="Use this knowledge-base file instead of the one netcli ships (also NETCLI_KB).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    # An Env given by the caller (app(obj=env)) is used as it is; else this process's.
    env = ctx.obj if isinstance(ctx.obj, Env) else Env.from_process()
    ctx.obj = {"kb": kb, "env": env}
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        env.stdout.write(INTRO)
        raise typer.Exit()


# The commands, registered in the order --help lists them after explore (NetcliGroup): each is
# written in its own module (cli_lookups, cli_explore), which imports nothing from this one.
app.command()(drug)
app.command()(treatment)
app.command()(compare)
app.command()(site)
app.command()(topic)
app.command()(source)
app.command()(sources)
app.command()(glossary)
app.command()(search)
app.command("list")(list_)
app.command(cls=ExploreCommand)(explore)
app.command()(about)
kb_app.command("validate")(kb_validate)
kb_app.command("schema")(kb_schema)
kb_app.command("info")(kb_info)


def _say_output_error(exc: BaseException) -> None:
    from netcli.errors import OutputError

    if not isinstance(exc, OutputError):
        reason = getattr(exc, "strerror", None) or str(exc)
        exc = OutputError(reason[:1].lower() + reason[1:])
    try:
        sys.stderr.write(f"netcli: {exc.message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main() -> None:
    """The console script."""
    from netcli.env import prepare

    prepare()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:
        code = 1
    except (NetcliError, OSError) as exc:  # stdout failed outside a command (help, version)
        _say_output_error(exc)
        code = 1
    # Output piped into a program that stopped reading: leave quietly, no BrokenPipeError noise.
    # Any other failure to write stdout (full, closed): one line, exit 1. A failure reported
    # already (a write during the command) is not said again: what was still buffered fails
    # at this flush too, and a full stdout gave two lines.
    reported = getattr(sys.stdout, "failed", False)
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            stream.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
        except (NetcliError, OSError, ValueError) as exc:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
            if fd == 1:
                if not reported:
                    _say_output_error(exc)
                code = code or 1
    if isinstance(code, int | None) and "coverage" not in sys.modules:
        # The one place netcli skips the interpreter's teardown, which frees every module and
        # object one by one: 40-55 ms of a 170-250 ms lookup, measured after the second speed
        # round (TAB no longer comes here: netcli.complete answers it). It is safe because
        # stdout and stderr were flushed just above, and nothing else is open for writing: a
        # summary or a cache file is written and closed by files.write_atomic before it returns,
        # and the cache is read through read-only connections. tests/test_exit.py holds it.
        os._exit(code or 0)
    sys.exit(code)

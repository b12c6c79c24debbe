"""The command line: parse, call one core function, hand its result to a renderer, exit.

Errors become a message on stderr and an exit code in one place, ``NetcliGroup.invoke``. The
root callback builds the ``Env`` (the streams, the terminal, the width, colour, today) once and
keeps it in ``ctx.obj``; a caller may pass its own with ``app(obj=env)`` (tests do, through
``CliRunner().invoke(app, args, obj=env)``).
"""

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from netcli import __version__, knowledge
from netcli import lookup as lk
from netcli.env import Env
from netcli.errors import ExitCode, NetcliError, UsageError
from netcli.knowledge.index import KB
from netcli.knowledge.kinds import NAMED
from netcli.render.hints import described
from netcli.text import strip_unsafe

_JSON_KEY = "netcli.json"


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

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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


def _report(
    ctx: typer.Context, message: str, hint: str | None, details: dict[str, Any], code: str
) -> None:
    stderr = env_of(ctx).stderr
    if ctx.meta.get(_JSON_KEY):
        from netcli.render.jsonout import error

        stderr.write(error(code, message, {"hint": hint, **details}) + "\n")
        return
    lines = [f"netcli: {strip_unsafe(message)}"]
    if hint:
        lines.append(strip_unsafe(hint))
    stderr.write("\n".join(lines) + "\n")


def env_of(ctx: typer.Context) -> Env:
    """The Env the root callback built (or was given); the process's own before that."""
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and isinstance(obj.get("env"), Env):
        return obj["env"]
    return obj if isinstance(obj, Env) else Env.from_process()


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


def _json_flag(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[_JSON_KEY] = True
    return value


JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print one JSON document to stdout instead of the view.",
        callback=_json_flag,
        is_eager=True,
    ),
]
AsOf = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Judge review dates as of this day instead of today.",
    ),
]


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


def _kb_path(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    # The root callback stores --kb in obj; during shell completion only params are parsed.
    given = (root.obj or {}).get("kb") or root.params.get("kb")
    return Path(given) if given is not None else knowledge.default_kb_path()


def open_kb(ctx: typer.Context) -> KB:
    from netcli.knowledge.load import open_kb as _open

    path = _kb_path(ctx)
    if str(path) == "-":
        if ctx.resilient_parsing:  # shell completion: stdin is the user's terminal
            raise UsageError("The knowledge base cannot be read from stdin while completing.")
        return _open(path, "<stdin>")
    return _open(path, str(path))


def _completer(section: str) -> Any:
    """Shell completion of a section's display names and aliases (not ids), quoted for the shell
    that asked; see ``netcli.complete``, which usually answers before typer loads."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from netcli.complete import candidates, shell_asking

        try:
            names = open_kb(ctx).lookup_names(section)
        except Exception:  # completion must never print an error into the shell
            return []
        return candidates(names, incomplete, shell_asking())

    return complete


def one_name(words: list[str]) -> str:
    """The words after a command, taken as one name: `netcli drug octreotide LAR` is the name
    "octreotide LAR", as if it had been quoted."""
    return " ".join(words)


def _today(as_of: dt.datetime | None, env: Env) -> dt.date:
    """--as-of's day, else the Env's today."""
    return as_of.date() if as_of else env.today


def show(result: Any, as_json: bool, kb: KB | None, env: Env) -> None:
    """Hand a result to the JSON or the terminal renderer, on the Env's stdout."""
    if as_json:
        from netcli.env import can_encode
        from netcli.render.jsonout import dumps

        text = dumps(result, kb.meta.disclaimer if kb else None)
        if not can_encode(text, env.stdout):  # ASCII or latin-1: JSON's own escapes, never "?"
            import json

            text = json.dumps(json.loads(text), indent=2)
        env.stdout.write(text + "\n")
        return
    from netcli.render.blocks import console
    from netcli.render.terminal import render

    render(result, console(env), kb.meta.disclaimer if kb else "")


@app.command()
def drug(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A drug's name, brand or abbreviation.",
            autocompletion=_completer("drugs"),
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """What a drug is, how it works, which treatments use it, and the sources.

    \b
    Examples:
      netcli drug everolimus
      netcli drug Sandostatin        (a brand finds octreotide)
      netcli drug 5-FU --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.drug(kb, one_name(name), env.today), json_, kb, env)


@app.command()
def treatment(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A treatment's name or abbreviation.",
            autocompletion=_completer("treatments"),
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """What a treatment is, its aim, when the sources say it may be offered, its drugs and sources.

    A word that several treatments share lists them, each with its command.

    \b
    Examples:
      netcli treatment TACE
      netcli treatment "hepatic artery embolization"
      netcli treatment embolisation     (lists every embolisation)
      netcli treatment "chemotherapy for NEC" --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.treatment(kb, one_name(name), env.today), json_, kb, env)


@app.command()
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="A B [C]",
            help="Two or three treatments, each a name or an abbreviation.",
            autocompletion=_completer("treatments"),
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Two or three treatments side by side: what each is, its aim, when the sources say it may be
    offered and when not, its drugs, what to know, where the sources differ, and its sources.

    \b
    Examples:
      netcli compare TACE PRRT
      netcli compare "somatostatin analogues" "targeted cancer drugs" "chemotherapy for NET"
      netcli compare TACE PRRT --json
    """
    if not 2 <= len(names) <= lk.COMPARE_MAX:
        raise UsageError(
            f"compare takes two or three treatments, not {len(names)}.",
            hint='For example: netcli compare TACE PRRT "somatostatin analogues"',
        )
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.compare(kb, names, env.today), json_, kb, env)


@app.command()
def site(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A tumour type or the part of the body it starts in.",
            autocompletion=_completer("sites"),
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """A tumour type: what the sources say about it and which treatments they mention for it.

    \b
    Examples:
      netcli site pancreas
      netcli site "small intestine"
      netcli site NEC --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.site(kb, one_name(name), env.today), json_, kb, env)


@app.command()
def topic(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A topic, such as the specialist team (MDT).",
            autocompletion=_completer("topics"),
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """General facts the sources give: the specialist team, what treatment depends on.

    \b
    Examples:
      netcli topic MDT
      netcli list topics
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.topic(kb, one_name(name), env.today), json_, kb, env)


@app.command()
def source(
    ctx: typer.Context,
    source_id: Annotated[
        list[str],
        typer.Argument(
            metavar="ID", help="A source's id or title.", autocompletion=_completer("sources")
        ),
    ],
    as_of: AsOf = None,
    json_: JsonFlag = False,
) -> None:
    """One source: its details, review dates, and which pages cite it or it cites.

    \b
    Examples:
      netcli source esmo-2020-gep
      netcli source cruk-treatment-options --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.source(kb, one_name(source_id), _today(as_of, env)), json_, kb, env)


@app.command()
def sources(
    ctx: typer.Context,
    stale: Annotated[
        bool, typer.Option("--stale", help="Only the sources whose next review date has passed.")
    ] = False,
    as_of: AsOf = None,
    json_: JsonFlag = False,
) -> None:
    """Every source, with its review dates.

    \b
    Examples:
      netcli sources
      netcli sources --stale
      netcli sources --stale --as-of 2030-01-01 --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.sources(kb, _today(as_of, env), stale), json_, kb, env)


@app.command()
def glossary(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TERM]",
            help="A term; leave out to list them all.",
            autocompletion=_completer("glossary"),
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """What the words mean: every term in alphabetical order, or one term.

    \b
    Examples:
      netcli glossary
      netcli glossary MDT
      netcli glossary tumour            (lists every term with that word)
      netcli glossary "carcinoid syndrome" --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.glossary(kb, one_name(term) if term else None, env.today), json_, kb, env)


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT", help="Words to look for in every record.")
    ],
    json_: JsonFlag = False,
) -> None:
    """Find every drug, treatment, tumour type, term, topic and source that mentions some words.

    \b
    Examples:
      netcli search liver
      netcli search "receptor scan" --json
    """
    text = one_name(words)
    if not text.strip():
        raise UsageError("Give some text to search for, for example: netcli search liver")
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.search(kb, text), json_, kb, env)


_LISTS = [k.listed for k in NAMED if k.listed]
# What `netcli list` takes, a value for each kind found by name (mypy cannot list the members of
# an enum built from a table).
ListKind = StrEnum("ListKind", [(name, name) for name in _LISTS])  # type: ignore[misc]


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[
        ListKind,
        typer.Argument(
            metavar="KIND",
            help=f"What to list: {', '.join(_LISTS[:-1])} or {_LISTS[-1]}.",
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """List every record of one kind, with the other names it is found by.

    \b
    Examples:
      netcli list drugs
      netcli list treatments --json
    """
    kb = open_kb(ctx)
    show(lk.listing(kb, kind.value), json_, kb, env_of(ctx))


@app.command()
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
            help="A YAML or JSON file of answers (a mapping of keys to values); -a wins.",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
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

    \b
    The answer keys (each also takes 'unsure'):
      kind                  net, nec
      site                  stomach, duodenum, small-bowel, appendix, colon, rectum,
                            pancreas, lung, skin, other
      grade                 1, 2, 3
      spread                none, lymph-nodes, liver, elsewhere (several)
      found_at_appendectomy yes, no
      previous              none, surgery, ssa-controlling, ssa-not-controlling,
                            other-treatments-working, other-treatments-not-working
                            (several)
      came_back             yes, no
      size                  up-to-2cm, over-2cm
      resectable            yes, no
      rectum_part           upper, lower
      hormone_symptoms      yes, no
      severe_symptoms       none, heavy-diarrhoea, weight-loss (several)
      sstr                  positive, negative, not-tested
      fit_for_surgery       yes, no

    \b
    The optional last step (never changes the options; it goes into the summary):
      matters               symptoms, remove, control, avoid-big-operation, feel-well,
                            time, trials (several)
      own_words             your own words, kept as written
      role                  myself, shared, team
      ready_sure, ready_understand, ready_clear, ready_support
                            yes, no

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
        inputs=[p for p in (_kb_path(ctx), answers_file) if p is not None],
    )
    session.check(options)
    kb = open_kb(ctx)
    env = env_of(ctx)

    def view(result: Any) -> None:
        if json_:
            show(result, json_, kb, env)
            return
        from netcli.render.blocks import console
        from netcli.render.explore_view import render_explore

        render_explore(result, console(env), every_reason=all_)

    session.run(env, kb, options, view)


@app.command()
def about(ctx: typer.Context, as_of: AsOf = None, json_: JsonFlag = False) -> None:
    """Who made netcli and why, its sources and how current they are, how the content is reviewed,
    that it is not a medical device, how it is funded, and what it does not cover.

    \b
    Examples:
      netcli about
      netcli about --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.about(kb, _today(as_of, env)), json_, kb, env)


@kb_app.command("validate")
def kb_validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="The file to check; by default the one netcli uses.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Check a knowledge-base file and report every problem with file, line and column.

    Exits 0 when the file is valid, 1 when it is not.

    \b
    Examples:
      netcli kb validate
      netcli kb validate my-treatments.yaml
    """
    show(lk.validated(path or _kb_path(ctx)), json_, None, env_of(ctx))


@kb_app.command("schema")
def kb_schema(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Print the JSON Schema of the knowledge-base file, for editors that check YAML as you type.

    \b
    It is JSON already; --json is accepted like on every other command.

    \b
    Example:
      netcli kb schema > treatments.schema.json
    """
    show(lk.schema(), json_, None, env_of(ctx))


@kb_app.command("info")
def kb_info(ctx: typer.Context, as_of: AsOf = None, json_: JsonFlag = False) -> None:
    """The knowledge base's version, date, counts and the sources past their review date.

    \b
    Examples:
      netcli kb info
      netcli kb info --as-of 2030-01-01 --json
    """
    kb = open_kb(ctx)
    show(lk.info(kb, _today(as_of, env_of(ctx))), json_, kb, env_of(ctx))


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
    # Any other failure to write stdout (full, closed): one line, exit 1.
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            stream.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
        except (NetcliError, OSError, ValueError) as exc:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
            if fd == 1:
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

"""What every command shares: the Env and the knowledge base from the context, the --json and
--as-of options, shell completion of names, and ``show``, which hands a result to the JSON or
the terminal view.
"""

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from netcli import knowledge
from netcli.env import Env
from netcli.errors import UsageError
from netcli.knowledge.index import KB

JSON_KEY = "netcli.json"
ARGS_KEY = "netcli.args"  # the whole command line, for a parse error asked for in JSON


def env_of(ctx: typer.Context) -> Env:
    """The Env the root callback built (or was given); the process's own before that."""
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and isinstance(obj.get("env"), Env):
        return obj["env"]
    return obj if isinstance(obj, Env) else Env.from_process()


def json_flag(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[JSON_KEY] = True
    return value


JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print one JSON document to stdout instead of the view.",
        callback=json_flag,
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


def kb_path(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    # The root callback stores --kb in obj; during shell completion only params are parsed.
    given = (root.obj or {}).get("kb") or root.params.get("kb")
    return Path(given) if given is not None else knowledge.default_kb_path()


def open_kb(ctx: typer.Context) -> KB:
    from netcli.knowledge.load import open_kb as _open

    path = kb_path(ctx)
    if str(path) == "-":
        if ctx.resilient_parsing:  # shell completion: stdin is the user's terminal
            raise UsageError("The knowledge base cannot be read from stdin while completing.")
        return _open(path, "<stdin>")
    return _open(path, str(path))


def completer(section: str) -> Any:
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


def today_of(as_of: dt.datetime | None, env: Env) -> dt.date:
    """--as-of's day, else the Env's today."""
    return as_of.date() if as_of else env.today


def show(result: Any, as_json: bool, kb: KB | None, env: Env) -> None:
    """Hand a result to the JSON or the terminal renderer, on the Env's stdout."""
    if as_json:
        from netcli.render.jsonout import dumps

        write_json(dumps(result, kb.meta.disclaimer if kb else None), env)
        return
    from netcli.render.blocks import console
    from netcli.render.terminal import render

    render(result, console(env), kb.meta.disclaimer if kb else "")


def write_json(text: str, env: Env) -> None:
    """A JSON document on the Env's stdout; where stdout is ASCII or latin-1, with JSON's own
    escapes instead of "?"."""
    from netcli.env import can_encode

    if not can_encode(text, env.stdout):
        import json

        text = json.dumps(json.loads(text), indent=2)
    env.stdout.write(text + "\n")

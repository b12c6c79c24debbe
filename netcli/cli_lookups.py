"""The lookup commands (drug, treatment, compare, site, topic, source, sources, glossary, search,
list, about) and kb validate, schema and info: each parses, calls one function of
``netcli.lookup`` and hands its result to ``show``. ``netcli.cli`` registers them. Each imports
``netcli.lookup`` when it runs: explore, the most used command, does not need it.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from netcli.cli_shared import (
    AsOf,
    JsonFlag,
    completer,
    env_of,
    kb_path,
    one_name,
    open_kb,
    show,
    today_of,
)
from netcli.errors import UsageError
from netcli.knowledge.kinds import NAMED


def drug(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A drug's name, brand or abbreviation.",
            autocompletion=completer("drugs"),
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
    from netcli import lookup as lk

    show(lk.drug(kb, one_name(name), env.today), json_, kb, env)


def treatment(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A treatment's name or abbreviation.",
            autocompletion=completer("treatments"),
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
    from netcli import lookup as lk

    show(lk.treatment(kb, one_name(name), env.today), json_, kb, env)


def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="A B [C]",
            help="Two or three treatments, each a name or an abbreviation.",
            autocompletion=completer("treatments"),
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
    from netcli import lookup as lk

    if not 2 <= len(names) <= lk.COMPARE_MAX:
        raise UsageError(
            f"compare takes two or three treatments, not {len(names)}.",
            hint='For example: netcli compare TACE PRRT "somatostatin analogues"',
        )
    env, kb = env_of(ctx), open_kb(ctx)
    show(lk.compare(kb, names, env.today), json_, kb, env)


def site(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A tumour type or the part of the body it starts in.",
            autocompletion=completer("sites"),
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
    from netcli import lookup as lk

    show(lk.site(kb, one_name(name), env.today), json_, kb, env)


def topic(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A topic, such as the specialist team (MDT).",
            autocompletion=completer("topics"),
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
    from netcli import lookup as lk

    show(lk.topic(kb, one_name(name), env.today), json_, kb, env)


def source(
    ctx: typer.Context,
    source_id: Annotated[
        list[str],
        typer.Argument(
            metavar="ID", help="A source's id or title.", autocompletion=completer("sources")
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
    from netcli import lookup as lk

    show(lk.source(kb, one_name(source_id), today_of(as_of, env)), json_, kb, env)


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
    from netcli import lookup as lk

    show(lk.sources(kb, today_of(as_of, env), stale), json_, kb, env)


def glossary(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TERM]",
            help="A term; leave out to list them all.",
            autocompletion=completer("glossary"),
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
    from netcli import lookup as lk

    show(lk.glossary(kb, one_name(term) if term else None, env.today), json_, kb, env)


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
    from netcli import lookup as lk

    show(lk.search(kb, text), json_, kb, env)


_LISTS = [k.listed for k in NAMED if k.listed]


# What `netcli list` takes, a value for each kind found by name (mypy cannot list the members of
# an enum built from a table).
ListKind = StrEnum("ListKind", [(name, name) for name in _LISTS])  # type: ignore[misc]


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
    from netcli import lookup as lk

    show(lk.listing(kb, kind.value), json_, kb, env_of(ctx))


def about(ctx: typer.Context, as_of: AsOf = None, json_: JsonFlag = False) -> None:
    """Who made netcli and why, its sources and how current they are, how the content is reviewed,
    that it is not a medical device, how it is funded, and what it does not cover.

    \b
    Examples:
      netcli about
      netcli about --json
    """
    env, kb = env_of(ctx), open_kb(ctx)
    from netcli import lookup as lk

    show(lk.about(kb, today_of(as_of, env)), json_, kb, env)


def kb_validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The file to check; by default the one netcli uses.",
            readable=False,  # read by netcli, which says why it cannot (attack run h41, D9)
        ),
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
    from netcli import lookup as lk

    show(lk.validated(path or kb_path(ctx)), json_, None, env_of(ctx))


def kb_schema(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Print the JSON Schema of the knowledge-base file, for editors that check YAML as you type.

    \b
    It is JSON already; --json is accepted like on every other command.

    \b
    Example:
      netcli kb schema > treatments.schema.json
    """
    from netcli import lookup as lk

    show(lk.schema(), json_, None, env_of(ctx))


def kb_info(ctx: typer.Context, as_of: AsOf = None, json_: JsonFlag = False) -> None:
    """The knowledge base's version, date, counts and the sources past their review date.

    \b
    Examples:
      netcli kb info
      netcli kb info --as-of 2030-01-01 --json
    """
    kb = open_kb(ctx)
    from netcli import lookup as lk

    show(lk.info(kb, today_of(as_of, env_of(ctx))), json_, kb, env_of(ctx))

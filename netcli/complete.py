"""Shell completion: the names a person types, quoted for the shell that asked, and the early
answer that gives them before the command framework loads.

The candidates: pure functions; ``cli.py`` hands them the names from the knowledge base. A
candidate is never offered when it holds a control character, a tab or a newline (it could split
into two candidates or reach the terminal), and each one is written so that the completed line,
run as it stands, passes the name to netcli as one argument and runs nothing else.

The early answer (``main``, called from the entry point): a shell asks for completions by running
``netcli`` on every TAB with ``_NETCLI_COMPLETE`` set (click's protocol, which typer keeps):
``complete_bash`` with ``COMP_WORDS``/``COMP_CWORD``, ``complete_zsh`` and ``complete_fish`` with
``_TYPER_COMPLETE_ARGS``. Loading typer and netcli's commands to answer that costs several times
what the answer does, so the common question, the name after ``drug``, ``treatment``, ``site``,
``topic``, ``source`` or ``glossary`` (optionally after ``--kb PATH``), is answered here from the
verified cache's names table, with the standard library and ``netcli.text`` only. Anything else
(options, command names, a second argument, PowerShell, no cache yet) returns None and typer
answers as before.
What is printed is byte for byte what typer prints for the same request (tests hold that):
``candidates`` chooses and quotes the names on both paths.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from netcli.knowledge.kinds import NAMED
from netcli.text import UNSAFE_CHARS

# A character that needs quoting in a POSIX shell or PowerShell: anything but letters, digits
# (any script) and a few punctuation marks that are plain in every shell.
_SPECIAL = re.compile(r"[^\w./,:+=@%-]")
# zsh and fish quote what they insert themselves. typer's zsh script passes the candidates through
# `eval` and `_arguments`, which keep `$` and backticks as text but lose quotes and backslashes, so
# a name holding one of these is not offered in zsh (it would complete to another name).
_ZSH_UNSAFE = frozenset("\\\"'")


def shell_asking(environ: dict[str, str] | None = None) -> str:
    """The shell behind a completion request ("bash", "zsh", "fish", "powershell"), else ""."""
    value = (environ if environ is not None else os.environ).get("_NETCLI_COMPLETE", "")
    return value.removeprefix("complete_").removesuffix("_complete")


def quote(value: str, shell: str) -> str | None:
    """A candidate as the shell must receive it, or None when it is not to be offered."""
    if UNSAFE_CHARS.search(value) or any(c in value for c in "\t\n\r") or not value.strip():
        return None
    if shell in ("zsh", "fish"):
        if shell == "zsh" and any(c in _ZSH_UNSAFE for c in value):
            return None
        return value
    if shell in ("powershell", "pwsh"):
        return value if not _SPECIAL.search(value) else "'" + value.replace("'", "''") + "'"
    # bash (and any other POSIX shell): inserted as written, so escape every special character.
    return _SPECIAL.sub(lambda m: "\\" + m.group(), value)


def shell_word(value: str) -> str:
    """A word to paste into a POSIX shell: as it is when it is plain, else in single quotes.

    Control characters go, and runs of spaces, tabs and line breaks become one space (names are
    matched without regard to spaces, so the word still finds the same record)."""
    value = " ".join(UNSAFE_CHARS.sub("", value).split())
    if value and not _SPECIAL.search(value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def candidates(names: list[str], typed: str, shell: str) -> list[str]:
    """The names that begin with what was typed (ignoring case), quoted for ``shell``.

    The typed part keeps its case: zsh keeps only candidates that begin with what was typed."""
    start = typed.casefold()
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        if not name.casefold().startswith(start):
            continue
        value = typed + name[len(typed) :] if len(name.casefold()) == len(name) else name
        quoted = quote(value, shell)
        if quoted is not None and quoted not in seen:
            seen.add(quoted)
            out.append(quoted)
    return out


# The commands whose one argument is a name, and the section their names come from.
SECTIONS = {k.command: k.section for k in NAMED if k.command}
COMPLETE_VAR = "_NETCLI_COMPLETE"


def split_words(text: str) -> list[str]:
    """Split a command line as click does (``shlex``, and an unfinished quote or escape kept)."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        out.extend(lex)
    except ValueError:
        out.append(lex.token)
    return out


def _request(env: Mapping[str, str]) -> tuple[str, list[str], str] | None:
    """(shell, the words before the one being completed, that word), as typer reads them."""
    instruction = env.get(COMPLETE_VAR, "")
    if instruction == "complete_bash":
        if "COMP_WORDS" not in env or "COMP_CWORD" not in env:
            return None
        words = split_words(env["COMP_WORDS"])
        try:
            cword = int(env["COMP_CWORD"])
        except ValueError:
            return None
        if cword < 1:
            return None
        return "bash", words[1:cword], words[cword] if cword < len(words) else ""
    if instruction in ("complete_zsh", "complete_fish"):
        line = env.get("_TYPER_COMPLETE_ARGS", "")
        args = split_words(line)[1:]
        incomplete = ""
        if args and not line.endswith(" "):
            incomplete = args.pop()
        return instruction[len("complete_") :], args, incomplete
    return None


def _target(args: list[str], env: Mapping[str, str]) -> tuple[str, Path | None] | None:
    """The section whose names are asked for, and the ``--kb`` or NETCLI_KB path if any."""
    kb: str | None = env.get("NETCLI_KB") or None
    if len(args) == 3 and args[0] == "--kb":
        kb, args = args[1], args[2:]
    elif len(args) == 2 and args[0].startswith("--kb="):
        kb, args = args[0][len("--kb=") :], args[1:]
    if len(args) != 1 or args[0] not in SECTIONS:
        return None
    return SECTIONS[args[0]], Path(kb) if kb is not None else None


def _format(shell: str, values: list[str]) -> str:
    """What typer's completion class for the shell prints for these values (without help)."""
    if shell == "zsh":
        if not values:
            return "_files"

        def escape(s: str) -> str:
            return (
                s.replace('"', '""')
                .replace("'", "''")
                .replace("$", "\\$")
                .replace("`", "\\`")
                .replace(":", r"\\:")
            )

        joined = "\n".join(f'"{escape(v)}"' for v in values)
        return f"_arguments '*: :(({joined}))'"
    return "\n".join(values)


def malformed(env: Mapping[str, str]) -> bool:
    """Whether a bash completion request lacks COMP_WORDS or COMP_CWORD, or its COMP_CWORD is not
    a number: no shell sends one, and the answer a shell expects then is nothing (not typer's
    traceback)."""
    if env.get(COMPLETE_VAR, "") != "complete_bash":
        return False
    if "COMP_WORDS" not in env or "COMP_CWORD" not in env:
        return True
    try:
        int(env["COMP_CWORD"])
    except ValueError:
        return True
    return False


def answer(env: Mapping[str, str] = os.environ, argv0: str = "") -> str | None:
    """The completion output for the request in ``env``, or None when typer must answer it."""
    argv0 = argv0 or sys.argv[0]
    # The variable is named after the program, as click names it; `python -m netcli` is not asked.
    prog = os.path.basename(argv0)
    if f"_{prog}_COMPLETE".replace("-", "_").upper() != COMPLETE_VAR:
        return None
    if malformed(env):
        return ""
    request = _request(env)
    if request is None:
        return None
    shell, args, incomplete = request
    if shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args":
        return None
    if incomplete.startswith("-"):
        return None
    target = _target(args, env)
    if target is None:
        return None
    section, kb = target
    from netcli.knowledge.cache import verified

    if kb is None:
        from netcli.knowledge import default_kb_path

        kb = default_kb_path()
    # Every check of the long way: bounded read and hash, private folder and file of this user,
    # shape, format, digest, and every row read checked against its key.
    cache = verified(kb)
    if cache is None:
        return None
    try:
        names = cache.names_starting(section, incomplete)
    except Exception:  # a cache that breaks or fails a check: typer's way rebuilds it
        return None
    finally:
        cache.close()
    # typer keeps only the values that start with what was typed, as typed (an escaped space
    # does not start with a plain one); so does this.
    values = [v for v in candidates(names, incomplete, shell) if v.startswith(incomplete)]
    if any("\x1b" in v for v in values):
        return None  # click strips escape sequences from what it prints; let it
    return _format(shell, values)


def main() -> int | None:
    """Print the answer and return 0, or None when typer must answer."""
    text = answer()
    if text is None:
        return None
    if text:
        sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0

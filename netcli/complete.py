"""Shell completion candidates: the names a person types, quoted for the shell that asked.

Pure functions; ``cli.py`` hands them the names from the knowledge base. A candidate is never
offered when it holds a control character, a tab or a newline (it could split into two candidates
or reach the terminal), and each one is written so that the completed line, run as it stands,
passes the name to netcli as one argument and runs nothing else.
"""

from __future__ import annotations

import os

from netcli.text import UNSAFE_CHARS

# Characters that need no quoting in any shell when they are not the first of a word.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:+=@%")
# zsh and fish quote what they insert themselves; these would be mangled on the way (typer's zsh
# script evaluates the candidate list), so a name holding one is not offered there.
_ZSH_UNSAFE = frozenset("\\\"'`$")


def shell_asking(environ: dict[str, str] | None = None) -> str:
    """The shell behind a completion request ("bash", "zsh", "fish", "powershell"), else ""."""
    value = (environ if environ is not None else os.environ).get("_NETCLI_COMPLETE", "")
    return value.removeprefix("complete_").removesuffix("_complete")


def _plain(value: str) -> bool:
    return all(c in _PLAIN or (c.isalnum() and not c.isascii()) for c in value)


def quote(value: str, shell: str) -> str | None:
    """A candidate as the shell must receive it, or None when it is not to be offered."""
    if UNSAFE_CHARS.search(value) or any(c in value for c in "\t\n\r") or not value.strip():
        return None
    if shell in ("zsh", "fish"):
        if shell == "zsh" and any(c in _ZSH_UNSAFE for c in value):
            return None
        return value
    if shell in ("powershell", "pwsh"):
        return value if _plain(value) else "'" + value.replace("'", "''") + "'"
    # bash (and any other POSIX shell): inserted as written, so escape every special character.
    return "".join(
        c if c in _PLAIN or (c.isalnum() and not c.isascii()) else "\\" + c for c in value
    )


def candidates(names: list[str], typed: str, shell: str) -> list[str]:
    """The names that begin with what was typed (ignoring case), quoted for ``shell``.

    The typed part keeps its case: zsh keeps only candidates that begin with what was typed."""
    start = typed.casefold()
    out: list[str] = []
    for name in names:
        if not name.casefold().startswith(start):
            continue
        value = typed + name[len(typed) :] if len(name.casefold()) == len(name) else name
        quoted = quote(value, shell)
        if quoted is not None and quoted not in out:
            out.append(quoted)
    return out

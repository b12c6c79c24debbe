"""Shell completion candidates: the names a person types, quoted for the shell that asked.

Pure functions; ``cli.py`` hands them the names from the knowledge base. A candidate is never
offered when it holds a control character, a tab or a newline (it could split into two candidates
or reach the terminal), and each one is written so that the completed line, run as it stands,
passes the name to netcli as one argument and runs nothing else.
"""

from __future__ import annotations

import os
import re

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

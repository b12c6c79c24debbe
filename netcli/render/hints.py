"""netcli's own commands in its output: the command that opens a record, and the words of an error.

The core says what happened with data (a kind, a name, close names, pointers to records); this is
the one place that turns it into words and commands, read from ``knowledge.kinds.KINDS``, for the
terminal and for --json alike.
"""

from __future__ import annotations

from typing import Any

from netcli.complete import shell_word
from netcli.errors import NetcliError, NotFoundError, Pointer, SameRecordError
from netcli.knowledge.kinds import BY_SECTION


def noun(section: str) -> str:
    """One record of a section in words: "tumour type"."""
    return BY_SECTION[section].noun or section


def nouns(section: str) -> str:
    """Records of a section in words: "tumour types"."""
    one = noun(section)
    return one if one.endswith("s") else one + "s"


def command(section: str, name: str) -> str:
    """The netcli command that shows the record a name finds in a section, ready to paste."""
    return f"netcli {BY_SECTION[section].command} {shell_word(name)}"


def command_by_id(section: str, record_id: str) -> str:
    """The command that shows a record, by its id (an id needs no quoting)."""
    return f"netcli {BY_SECTION[section].command} {record_id}"


def pointer(p: Pointer) -> dict[str, str]:
    """A pointer as --json gives it."""
    return {
        "kind": noun(p.section),
        "id": p.id,
        "name": p.name,
        "command": command(p.section, p.name),
    }


def not_found(exc: NotFoundError) -> tuple[str, str]:
    """The message and the hint: where the name is known (another kind), else the close names,
    else where the sources mention the words, else that the sources don't use it."""
    kind = noun(exc.section)
    shown = exc.name if len(exc.name) <= 60 else exc.name[:57] + "..."
    has_name = bool(exc.name.strip())
    message = f"No {kind} called {shown!r}." if has_name else f"No {kind} name was given."
    lines = []
    for p in exc.elsewhere:
        lines.append(f"{p.name} is a {noun(p.section)}: {command(p.section, p.name)}")
    if exc.suggestions:
        lines.append("Did you mean: " + ", ".join(exc.suggestions) + "?")
    if exc.mentions:
        lines.append(f"The sources mention {shown!r} in:")
        for p in exc.mentions:
            lines.append(f"  {p.name} ({noun(p.section)}): {command(p.section, p.name)}")
    if not lines:
        if has_name:
            lines.append(f"The sources don't use the name {shown!r}.")
        lines.append(f"See them all with: netcli list {BY_SECTION[exc.section].listed}")
    return message, "\n".join(lines)


def described(exc: NetcliError) -> tuple[str, str | None, dict[str, Any]]:
    """An error's message, hint and the extra keys of its --json error object."""
    if isinstance(exc, NotFoundError):
        message, hint = not_found(exc)
        return (
            message,
            hint,
            {
                "kind": noun(exc.section),
                "suggestions": exc.suggestions,
                "elsewhere": [pointer(p) for p in exc.elsewhere],
                "mentioned_in": [pointer(p) for p in exc.mentions],
            },
        )
    if isinstance(exc, SameRecordError):
        first, second = exc.names
        return (
            f"{first!r} and {second!r} are the same {noun(exc.section)} ({exc.record_name}).",
            f"Give different {nouns(exc.section)}; "
            f"netcli list {BY_SECTION[exc.section].listed} shows them all.",
            {},
        )
    return exc.message, exc.hint, exc.details()

"""One exception base for netcli and the exit codes it maps to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # not found, invalid data, an internal error
    USAGE = 2
    INTERRUPTED = 130


class NetcliError(Exception):
    """Base of every error netcli reports to a user. ``code`` names the error in --json output."""

    exit_code: ExitCode = ExitCode.ERROR
    code: str = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def details(self) -> dict[str, object]:
        """Extra keys for the --json error object."""
        return {}


# The `netcli list` kind that shows every record of a kind of name.
_LISTS = {
    "drug": "drugs",
    "treatment": "treatments",
    "tumour type": "sites",
    "glossary term": "glossary",
    "topic": "topics",
    "source": "sources",
}


@dataclass
class Pointer:
    """A record of another kind that a name finds, with the command that shows it."""

    kind: str  # "treatment"
    id: str
    name: str
    command: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "command": self.command}


class NotFoundError(NetcliError):
    """No record of a kind has this name. Says where the name is known (another kind), else the
    close names, else where the sources mention the words, else that the sources don't use it."""

    code = "not_found"

    def __init__(
        self,
        kind: str,
        name: str,
        suggestions: list[str],
        *,
        elsewhere: list[Pointer] | None = None,
        mentions: list[Pointer] | None = None,
    ) -> None:
        shown = name if len(name) <= 60 else name[:57] + "..."
        elsewhere = elsewhere or []
        mentions = mentions or []
        message = f"No {kind} called {shown!r}." if name.strip() else f"No {kind} name was given."
        lines = [f"{p.name} is a {p.kind}: {p.command}" for p in elsewhere]
        if suggestions:
            lines.append("Did you mean: " + ", ".join(suggestions) + "?")
        if mentions:
            lines.append(f"The sources mention {shown!r} in:")
            lines += [f"  {p.name} ({p.kind}): {p.command}" for p in mentions]
        if not lines:
            if name.strip():
                lines.append(f"The sources don't use the name {shown!r}.")
            lines.append(f"See them all with: netcli list {_LISTS.get(kind, 'drugs')}")
        super().__init__(message, hint="\n".join(lines))
        self.kind = kind
        self.suggestions = suggestions
        self.elsewhere = elsewhere
        self.mentions = mentions

    def details(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "suggestions": self.suggestions,
            "elsewhere": [p.as_dict() for p in self.elsewhere],
            "mentioned_in": [p.as_dict() for p in self.mentions],
        }


@dataclass
class Problem:
    """One located problem in a data file: ``file:line:col: path: message``."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidDataError(NetcliError):
    """A knowledge base that cannot be used, with every problem found."""

    code = "invalid_knowledge_base"

    def __init__(self, problems: list[Problem], *, summary: str | None = None) -> None:
        self.problems = problems
        count = len(problems)
        head = summary or f"The knowledge base has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(str(p) for p in problems)]))

    def details(self) -> dict[str, object]:
        return {
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "path": p.path,
                    "message": p.message,
                }
                for p in self.problems
            ]
        }


class UsageError(NetcliError):
    """A mistake in how netcli was called: a bad option value, answer or answers file."""

    exit_code = ExitCode.USAGE
    code = "usage"


class OutputError(NetcliError):
    """Standard output cannot be written (closed, full, an I/O error): one line, exit 1."""

    code = "output"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Cannot write the output: {reason}.")

"""One exception base for netcli and the exit codes it maps to."""

from __future__ import annotations

from enum import IntEnum

from netcli.records import dataclass


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


@dataclass
class Pointer:
    """A record that a name finds, of another kind or where the sources mention the words."""

    section: str  # "treatments": its kind, a row of ``knowledge.kinds.KINDS``
    id: str
    name: str  # the name to open it by


class NotFoundError(NetcliError):
    """No record of a kind has this name. Carries where the name is known (another kind), else
    the close names, else where the sources mention the words; the edge (``render.problems``)
    writes the message and the hint from them."""

    code = "not_found"

    def __init__(
        self,
        section: str,
        name: str,
        suggestions: list[str],
        *,
        elsewhere: list[Pointer] | None = None,
        mentions: list[Pointer] | None = None,
    ) -> None:
        super().__init__(f"no {section} record is called {name[:60]!r}")
        self.section = section
        self.name = name
        self.suggestions = suggestions
        self.elsewhere = elsewhere or []
        self.mentions = mentions or []


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


class SameRecordError(UsageError):
    """Two names that find the same record where each must find a different one (compare); the
    edge (``render.hints``) writes the message and the hint."""

    def __init__(self, section: str, first: str, second: str, record_name: str) -> None:
        super().__init__(f"{first[:60]!r} and {second[:60]!r} find the same {section} record")
        self.section = section
        self.names = (first, second)
        self.record_name = record_name


class OutputError(NetcliError):
    """Standard output cannot be written (closed, full, an I/O error): one line, exit 1."""

    code = "output"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Cannot write the output: {reason}.")


class WriteError(NetcliError):
    """A file the person asked for could not be written where it was right to write it (a full
    disk, an I/O error): not a mistake in how netcli was called, so exit 1."""

    code = "output"

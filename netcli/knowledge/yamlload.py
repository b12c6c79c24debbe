"""Safe, located YAML: plain data plus the line and column of every value.

Only the safe loader is used. Aliases (and so the anchors they use), tags beyond the plain YAML
types, merge keys, duplicate keys and unsafe characters are refused with their location; an alias
is refused the first time a node is met twice, so an alias bomb costs no more than its text. An
anchor that no alias uses changes nothing and passes.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

import yaml

from netcli.errors import InvalidDataError, Problem
from netcli.text import INVISIBLE_CHARS, UNSAFE_CHARS

MAX_DEPTH = 64

DataPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

_PLAIN = "tag:yaml.org,2002:"
_STR = _PLAIN + "str"
_SCALAR_TAGS = {_PLAIN + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# The safe loader that parses: libyaml's when it is installed, else PyYAML's own.
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located:
    """Data read from YAML with the marks of its values and of mapping keys."""

    def __init__(
        self,
        data: Any,
        values: dict[DataPath, Mark],
        keys: dict[DataPath, Mark],
        raw: dict[DataPath, str] | None = None,
    ):
        self.data = data
        self.values = values
        self.keys = keys
        # The text as written of every value read as a number or a boolean (0x2, on).
        self.raw = raw or {}

    def mark(self, path: DataPath, *, key: bool = False) -> Mark | None:
        """The mark of ``path`` or, failing that, of its nearest ancestor that has one."""
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]


def format_path(path: DataPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def unreadable(label: str, message: str, line: int | None = None) -> InvalidDataError:
    """The file cannot be read as a knowledge base at all (missing, too large, not text, empty)."""
    return InvalidDataError(
        [Problem(label, line, None, "", message)], summary="The knowledge base cannot be read:"
    )


_COMPOSE_DEPTH = 1000  # far below what crashes libyaml's composer (tens of thousands)


def _too_deep(label: str, line: int | None, column: int | None) -> InvalidDataError:
    return InvalidDataError(
        [Problem(label, line, column, "", f"nested more than {MAX_DEPTH} levels deep")]
    )


def _check_depth(text: str, label: str, loader_type: type) -> None:
    """Refuse absurd nesting from the event stream, before a node tree is composed: libyaml's
    composer recurses in C (a crash, not an exception) and PyYAML's in Python. Up to
    _COMPOSE_DEPTH levels are left to the builder, which names the path."""
    loader = loader_type(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _COMPOSE_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
                    raise _too_deep(label, line, column)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _surely_shallow(text: str) -> bool:
    """Whether ``text`` cannot nest more than _COMPOSE_DEPTH collections, by a bound that costs
    a few scans of the text in C instead of a pass over every YAML event.

    A block collection nested in another starts further right (or, a sequence in a mapping, at
    the same column), so block nesting is at most two levels per column of the longest line. A
    flow collection starts at a ``[`` or ``{``; one followed at once by its closing bracket is
    empty and nests nothing, so flow nesting is at most one more than the other opening brackets
    (counted anywhere, quoted or not: a count too high only means the full check runs)."""
    flow = 1 + sum(text.count(c) - text.count(c + e) for c, e in (("[", "]"), ("{", "}")))
    room = (_COMPOSE_DEPTH - flow) // 2 - 2
    return room > 0 and re.search(f"[^\n]{{{room}}}", text) is None


def _first_too_deep(text: str) -> Mark | None:
    """Where the text first opens more than MAX_DEPTH collections, by netcli's own count.

    Asked only after the YAML library has refused a file: some releases refuse deep nesting
    themselves, in their own words and at their own depth, so whether a refusal was about depth
    is decided here rather than by the library's message. The count is rough on purpose (flow
    brackets outside quotes and comments, plus block levels by indentation and ``- ``), which is
    enough to tell absurd nesting from a syntax error in a file that is already refused."""
    flow = 0
    quote = ""
    indents: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not flow and not quote and stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            while stripped.startswith("- "):  # each dash of "- - x" opens a level of its own
                stripped = stripped[2:].lstrip(" ")
                indent = len(line) - len(stripped)
                indents.append(indent)
            if len(indents) > MAX_DEPTH:
                return number, indent + 1
        previous = " "
        for column, char in enumerate(line, start=1):
            if quote:
                if char == quote and not (quote == '"' and previous == "\\"):
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == "#" and previous in " \t":
                break
            elif char in "[{":
                flow += 1
                if flow + len(indents) > MAX_DEPTH:
                    return number, column
            elif char in "]}":
                flow = max(flow - 1, 0)
            previous = char
    return None


def parse(text: str, label: str, loader_type: type = LOADER) -> Located:
    """Parse one YAML document into plain data with marks; every problem raises at once.

    ``loader_type`` is a safe loader class (``LOADER`` unless a caller, such as a test of how
    netcli meets a library that refuses a file in its own words, gives another)."""
    loader = loader_type(text)
    try:
        if not _surely_shallow(text):
            _check_depth(text, label, loader_type)
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        deep = _first_too_deep(text)
        if deep is not None:
            raise _too_deep(label, *deep) from None
        raise _syntax_error(exc, text, label, loader_type) from None
    finally:
        loader.dispose()
    if node is None:
        raise unreadable(label, "the file is empty")
    builder = _Builder(label, text)
    try:
        data = builder.build(node, (), 0)
    except _Refused:
        data = None
    if builder.problems:
        raise InvalidDataError(builder.problems)
    return Located(data, builder.values, builder.keys, builder.raw)


def _syntax_error(
    exc: yaml.YAMLError, text: str, label: str, loader_type: type
) -> InvalidDataError:
    summary = "The knowledge base is not valid YAML:"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = Problem(label, line, column, "", f"YAML syntax error: {message}")
        return InvalidDataError([problem], summary=summary)
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a raw control character): located by its offset.
        pos = exc.position
        if loader_type is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        message = f"YAML does not allow the control character {chr(exc.character)!r}"
        return InvalidDataError([Problem(label, line, column, "", message)], summary=summary)
    return InvalidDataError([Problem(label, None, None, "", f"YAML error: {exc}")], summary=summary)


class _Refused(Exception):
    """Stops the walk at a node that must not be followed (an alias, too deep)."""


class _Builder:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text
        self.values: dict[DataPath, Mark] = {}
        self.keys: dict[DataPath, Mark] = {}
        self.raw: dict[DataPath, str] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def _first_alias(self) -> Mark:
        """Where the first alias is used. Composed nodes keep only the anchor's place, so the
        events are read again (cheaply: no node is built) to find it."""
        after_merge_key = False
        for event in yaml.parse(self.text, Loader=yaml.SafeLoader):
            # A merge key's alias is reported as the merge key, so it is passed over here.
            is_alias = isinstance(event, yaml.AliasEvent) and event.start_mark is not None
            if is_alias and not after_merge_key and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
            after_merge_key = isinstance(event, yaml.ScalarEvent) and event.value == "<<"
        return 0, 0  # pragma: no cover - only called once an alias was met

    def problem(self, node: yaml.Node, path: DataPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.label, mark.line + 1, mark.column + 1, format_path(path), message)
        )

    def build(self, node: yaml.Node, path: DataPath, depth: int) -> Any:
        if id(node) in self.seen:
            line, column = self._first_alias()
            message = "YAML anchors and aliases are not allowed"
            self.problems.append(Problem(self.label, line, column, format_path(path), message))
            raise _Refused
        self.seen.add(id(node))
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self.problem(node, path, f"nested more than {MAX_DEPTH} levels deep")
            raise _Refused
        if isinstance(node, yaml.MappingNode):
            if node.tag != _PLAIN + "map":
                self.problem(node, path, f"the tag {node.tag!r} is not allowed")
                return None
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _PLAIN + "seq":
                self.problem(node, path, f"the tag {node.tag!r} is not allowed")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, path, f"the tag {node.tag!r} is not allowed")
            return None
        try:
            # Text is most of a knowledge base: a str node's value is its text, as the safe
            # constructor would return it, without its dispatch.
            str_node = node.tag == _STR
            value = node.value if str_node else self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            self.problem(node, path, f"cannot read this value ({exc})")
            return None
        if isinstance(value, str) and UNSAFE_CHARS.search(value):
            self.problem(node, path, "contains control, escape or bidi-override characters")
        if isinstance(value, str) and (hidden := INVISIBLE_CHARS.search(value)):
            char = hidden.group()
            name = unicodedata.name(char, "an invisible character").lower()
            self.problem(
                node,
                path,
                f"contains an invisible character (U+{ord(char):04X}, {name}), which would "
                "be printed as it is; remove it",
            )
        if isinstance(value, bool | int):
            self.raw[path] = str(node.value)
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(
                node,
                path,
                f"{node.value!r} is not a number netcli can use (.nan and .inf are not "
                "allowed); if it is meant as text, put it in quotes",
            )
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN + "merge":
                self.problem(key_node, path, "YAML merge keys ('<<') are not allowed")
                continue
            key = self.build(key_node, (*path, "<key>"), depth + 1)
            if not isinstance(key, str):
                self.problem(key_node, path, f"keys must be text, not {key!r}")
                continue
            child = (*path, key)
            if key in out:
                self.problem(key_node, child, f"the key {key!r} appears twice")
            self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        return out


def to_json(data: Any) -> str:
    """Plain data to JSON for strict validation; dates become ISO text."""
    return json.dumps(data, default=lambda o: o.isoformat() if hasattr(o, "isoformat") else str(o))

"""Typed records as plain JSON-ready data and back: how the cache stores a record.

``to_plain`` walks dataclasses, lists, dicts and dates; ``from_plain`` rebuilds the typed records
from what it wrote, with a decoder worked out once per type. The data is trusted (it was
validated before it was written, and the cache checks every row before it is decoded).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, overload

T = TypeVar("T")


@cache
def _field_names(cls: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass, worked out once per class; None for any other type."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def to_plain(obj: Any) -> Any:
    """A record as JSON-ready data (the inverse of ``from_plain``)."""
    names = _field_names(obj.__class__)
    if names is not None:
        return {name: to_plain(getattr(obj, name)) for name in names}
    if isinstance(obj, list):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _same(value: Any) -> Any:
    return value


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function that turns data written by ``to_plain`` back into ``tp``, worked out once per
    type: decoding a record is then plain calls, with no type inspection per value."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        fields = {k: _decoder(h) for k, h in typing.get_type_hints(tp).items()}
        cls = tp
        return lambda value: cls(**{k: fields[k](v) for k, v in value.items()})
    origin = typing.get_origin(tp)
    if origin is list:
        (arg,) = typing.get_args(tp)
        item = _decoder(arg)
        if item is _same:
            return list
        return lambda value: [item(v) for v in value]
    if origin is dict:
        _, arg = typing.get_args(tp)
        item = _decoder(arg)
        if item is _same:
            return dict
        return lambda value: {k: item(v) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        arg = _decoder(next(a for a in typing.get_args(tp) if a is not type(None)))
        if arg is _same:
            return _same
        return lambda value: None if value is None else arg(value)
    if tp is dt.date:
        return dt.date.fromisoformat
    return _same


@overload
def from_plain(tp: type[T], value: Any) -> T: ...
@overload
def from_plain(tp: Any, value: Any) -> Any: ...
def from_plain(tp: Any, value: Any) -> Any:
    """Typed records from data written by ``to_plain`` (``tp`` a record type, or a form such as
    ``list[m.Statement]`` or ``m.About | None``)."""
    return _decoder(tp)(value)

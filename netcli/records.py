"""``dataclass`` for netcli's records: the standard decorator, with ``__eq__`` and ``__repr__``
shared instead of generated.

The standard decorator writes each class its own ``__init__``, ``__repr__`` and ``__eq__`` as
source text and compiles them when the module is imported. netcli defines some 60 record classes
and every command imports most of them, so that compiling was 10-20 % of a lookup's or an
explore's whole run (measured for issue 14: 34 ms of `drug everolimus --json`, 74 ms of `explore
--answers FILE --json`, on the loaded 2-core machine). Here ``__init__`` is still the standard one
(its signature, defaults and factories), while ``__eq__`` and ``__repr__`` are two functions shared
by every class that behave exactly as the generated ones: equal when the other object is of the
same class and the compared fields are equal as a tuple; ``Name(field=value, ...)`` with the
fields shown, ``...`` for a record that holds itself. As with the standard decorator, a class that
defines ``__eq__`` keeps it, and a class that compares by value is not hashable unless it defines
``__hash__``.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_COMPARED: dict[type, tuple[str, ...]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def _names(cache: dict[type, tuple[str, ...]], cls: type, attr: str) -> tuple[str, ...]:
    names = cache.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if getattr(f, attr))
        cache[cls] = names
    return names


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        names = _names(_COMPARED, self.__class__, "compare")
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    names = _names(_SHOWN, self.__class__, "repr")
    fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
    return f"{self.__class__.__qualname__}({fields})"


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[T]) -> type[T]:
    """``dataclasses.dataclass`` (no options), with the shared ``__eq__`` and ``__repr__``."""
    own = cls.__dict__
    defines_eq = "__eq__" in own
    defines_repr = "__repr__" in own
    defines_hash = "__hash__" in own and own["__hash__"] is not None
    out = dataclasses.dataclass(cls, eq=False, repr=False)
    if not defines_repr:
        out.__repr__ = _repr  # type: ignore[method-assign]
    if not defines_eq:
        out.__eq__ = _eq  # type: ignore[method-assign]
        if not defines_hash:
            out.__hash__ = None  # type: ignore[assignment]
    return out

"""netcli.records.dataclass behaves as the standard decorator: equality, repr, hashing, fields."""

from __future__ import annotations

import dataclasses
from dataclasses import field

import pytest

from netcli.records import dataclass


@dataclass
class Point:
    x: int
    y: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@dataclass
class Other:
    x: int
    y: list[int] = field(default_factory=list)


@dataclasses.dataclass
class StdPoint:
    x: int
    y: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@dataclass
class Box:
    inner: list[object]


@dataclass
class Own:
    x: int

    def __eq__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "own"


def test_equality_is_by_class_and_compared_fields() -> None:
    assert Point(1, [2]) == Point(1, [2])
    assert Point(1, [2], note="a") == Point(1, [2], note="b")  # compare=False
    assert Point(1, [2]) != Point(1, [3])
    assert Point(1) != Other(1)  # another class, same fields
    assert Point(1).__eq__(Other(1)) is NotImplemented


def test_repr_is_the_standard_one() -> None:
    assert repr(Point(1, [2], note="hidden")) == repr(StdPoint(1, [2], note="hidden")).replace(
        "StdPoint", "Point"
    )
    box = Box([])
    box.inner.append(box)
    assert repr(box) == "Box(inner=[...])"


def test_not_hashable_like_the_standard_one() -> None:
    with pytest.raises(TypeError):
        hash(Point(1))


def test_a_class_keeps_its_own_methods() -> None:
    assert Own(1) == Own(2)
    assert repr(Own(1)) == "own"


def test_still_a_dataclass() -> None:
    assert dataclasses.is_dataclass(Point)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "note"]
    assert dataclasses.replace(Point(1, [2]), x=3) == Point(3, [2])
    assert Point(1).y is not Point(1).y  # the factory runs per instance
    assert Point.__match_args__ == ("x", "y", "note")

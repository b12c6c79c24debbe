"""benchmarks/make_kb.py makes valid copies of the shipped knowledge base.

The benchmark's 10 x and 100 x series run on make_kb's copies; when the knowledge base gains a
field that refers to a question's values or to a record, a copy that renames it wrongly fails
validation and every scaled series is "not available". This keeps that from happening silently.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SHIPPED = BENCHMARKS.parent / "data" / "treatments.yaml"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    data = yaml.safe_load(SHIPPED.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("copies", ["distinct", "same"])
def test_a_copy_twice_the_shipped_knowledge_base_validates(
    shipped: dict[str, Any], copies: str
) -> None:
    make_kb, run = _module("make_kb"), _module("run")
    how = None
    if copies == "distinct":  # as run.py makes them: its answers and its search word avoided
        how = make_kb.distinct_for(shipped, run.answers_for(shipped), [run.SEARCH_WORD])
    text = make_kb.dump(make_kb.scale(shipped, 2, how))
    kb = validate(parse(text, "x2.yaml"), "x2.yaml")
    assert len(kb.treatments) == 2 * len(shipped["treatments"])
    assert len(kb.ask) == 2 * len(shipped["ask"])
    assert len(kb.questions) == len(shipped["questions"])

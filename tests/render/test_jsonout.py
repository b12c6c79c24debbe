"""The one-pass JSON writer (``jsonout.dumps``) writes exactly what the json module writes for
the cleaned data, indent and all: a script that reads netcli's JSON sees no difference."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from netcli.render import jsonout

TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('\x1b\u202e\x00"\\\n'))
LEAVES = st.none() | st.booleans() | st.integers() | TEXT | st.floats(allow_nan=False)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30,
)


def reference(data: Any) -> str:
    return json.dumps(jsonout._clean(data), indent=2, ensure_ascii=False)


@given(VALUES)
def test_the_fast_writer_matches_the_json_module(data: Any) -> None:
    out: list[str] = []
    try:
        jsonout._encode(data, "\n", out)
    except jsonout._Unusual:
        return  # dumps then falls back to the json module itself
    assert "".join(out) == reference(data)


def test_dumps_falls_back_for_what_it_does_not_write(monkeypatch: Any) -> None:
    data = {"a": [1.5, (1, 2)], "b": "x\u202ey"}
    monkeypatch.setattr(jsonout, "to_data", lambda result: data)
    assert jsonout.dumps(object()) == reference(data)


def test_every_shipped_view_is_written_as_the_json_module_writes_it() -> None:
    import datetime as dt

    from netcli import lookup as lk
    from netcli.explore.answers import check
    from netcli.explore.result import assemble
    from netcli.knowledge import default_kb_path
    from netcli.knowledge.kinds import NAMED
    from netcli.knowledge.load import open_kb

    kb = open_kb(default_kb_path())
    today = dt.date(2026, 1, 1)
    results: list[Any] = [lk.sources(kb, today), lk.info(kb, today), lk.search(kb, "liver")]
    results += [lk.listing(kb, kind) for kind in lk.LISTS]
    results += [lk.validated(default_kb_path()), lk.schema()]
    one = {"drugs": lk.drug, "treatments": lk.treatment, "sites": lk.site, "topics": lk.topic}
    for section, find in one.items():
        results += [find(kb, name, today) for _, name in kb.names(section)]
    results += [lk.source(kb, i, today) for i, _ in kb.names("sources")]
    results += [lk.glossary(kb, None, today)]
    questions = kb.all("questions")
    full = kb.knowledge_base()
    for answers in ({}, {"kind": ["net"], "site": ["pancreas"], "spread": ["liver"]}):
        results.append(assemble(full, check(answers, questions), today))
    assert {k.section for k in NAMED} >= set(one)
    for result in results:
        out: list[str] = []
        jsonout._encode(jsonout.to_data(result), "\n", out)  # written without the fallback
        assert "".join(out) == jsonout.dumps(result) == reference(jsonout.to_data(result))

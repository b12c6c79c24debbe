"""The summary reads only what it may use (issue 24): the questions to ask that the treatments
that can apply and the unsure answers may call for, and the glossary terms whose names begin
with a word of its text, through the cache's ``asks`` and ``terms`` indexes. The summary made
from what was read is the summary made from the whole knowledge base."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.explore.answers import check
from netcli.explore.engine import known
from netcli.explore.result import Result, assemble
from netcli.explore.summary import glossary_wanted, summarise
from netcli.knowledge import model as m
from netcli.knowledge import store
from netcli.knowledge.index import KB
from netcli.knowledge.load import open_kb
from tests.helpers import answers_for

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def shipped() -> m.KnowledgeBase:
    return open_kb(SHIPPED).knowledge_base()


def read_for_summary(kb: KB, answers: dict[str, tuple[str, ...]]) -> tuple[m.KnowledgeBase, Result]:
    """What explore reads when it will write a summary, as the session reads it."""
    questions = kb.all("questions")
    full, aside = kb.situation(known(answers, questions), skip={"topics", "glossary"})
    result = assemble(full, answers, TODAY, count_others=True, set_aside=aside)
    return kb.explained(full, *glossary_wanted(full, result)), result


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_summary_of_what_is_read_is_the_summary_of_everything(
    shipped: m.KnowledgeBase, data: st.DataObject
) -> None:
    answers = data.draw(answers_for(shipped.questions), label="answers")
    read, result = read_for_summary(open_kb(SHIPPED), answers)
    assert summarise(read, result, TODAY) == summarise(shipped, result, TODAY)


def test_the_terms_and_questions_no_summary_uses_are_not_decoded(
    shipped: m.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = open_kb(SHIPPED)
    decoded: dict[type, list[str]] = {m.Term: [], m.AskTemplate: []}
    real = store.from_plain

    def spy(kind: Any, data: Any) -> Any:
        if kind in decoded:
            decoded[kind].append(data["id"])
        return real(kind, data)

    monkeypatch.setattr(store, "from_plain", spy)
    answers = check({"kind": ["net"], "site": ["stomach"], "grade": ["1"]}, shipped.questions)
    read, result = read_for_summary(kb, answers)
    summary = summarise(read, result, TODAY)
    assert summary.terms and summary.ask
    # Some of the glossary and of the questions to ask, never the whole of either.
    assert len(decoded[m.Term]) < len(shipped.glossary)
    assert len(decoded[m.AskTemplate]) < len(shipped.ask)
    assert {t.id for t in read.glossary} == set(decoded[m.Term])
    # No question to ask is read that only an option for another tumour, or an answer given
    # here as unsure, could call for (the kind, site and grade are known).
    aside = {x.id for x in result.set_aside}
    never = {
        a.id
        for a in shipped.ask
        if not a.always
        and {*a.for_treatments, *a.when_done} <= aside
        and set(a.when_unsure) <= {"kind", "site", "grade"}
    }
    assert never
    assert not never & set(decoded[m.AskTemplate])

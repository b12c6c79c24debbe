"""Words a person can read (issue 22): every patient-facing text of the shipped knowledge base,
scored with the Flesch-Kincaid grade (textstat). Texts under 15 words are left out (a grade means
little for a phrase). The median must be at most 7 and the 90th percentile at most 9."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Iterator
from typing import Any

import pytest
import textstat

from netcli.knowledge import default_kb_path
from netcli.knowledge import model as m
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import validate

MEDIAN_MAX = 7.0
P90_MAX = 9.0
MIN_WORDS = 15

# Fields whose text is an id, a fixed value or a reference, never read as a sentence.
ID_TEXT = {
    "id", "part_of", "drug", "treatment", "matter", "question", "value", "level", "goal", "kind",
    "category", "intent", "group", "coverage", "for_intent", "version",
}  # fmt: skip
ID_LISTS = {
    "sources", "terms", "principles", "for_treatments", "when_unsure", "differs_from",
    "answer_values", "goals", "treatments", "ask",
}  # fmt: skip
CONDITIONS = {"when", "ask_when"}


def texts(obj: Any, path: str = "kb") -> Iterator[tuple[str, str]]:
    """Every text a person may read in ``obj``, with where it is (references' titles aside)."""
    if isinstance(obj, m.Source):
        return
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from texts(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from texts(value, f"{path}.{key}")
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in CONDITIONS or (f.name in ID_TEXT and isinstance(value, str)):
                continue
            if (
                f.name in ID_LISTS
                and isinstance(value, list)
                and all(isinstance(v, str) for v in value)
            ):
                continue
            yield from texts(value, f"{path}.{f.name}")


def grades(kb: m.KnowledgeBase) -> list[tuple[float, str, str]]:
    return sorted(
        (textstat.flesch_kincaid_grade(t), where, t)
        for where, t in texts(kb)
        if len(t.split()) >= MIN_WORDS
    )


def percentile_90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


@pytest.fixture(scope="module")
def shipped() -> m.KnowledgeBase:
    path = default_kb_path()
    return validate(load_file(path), str(path))


def test_the_collector_reads_every_kind_of_patient_text(shipped: m.KnowledgeBase) -> None:
    found = dict(texts(shipped))
    # A treatment's description, a rule's reason, a side of a disagreement, a row's question,
    # a glossary definition, a question's help, an answer in plain words, the last step.
    assert "kb.treatments[0].about[0].text" in found
    assert "kb.treatments[0].offered_when[0].why" in found
    assert any(".disagreements[" in w and w.endswith(".says") for w in found)
    assert "kb.treatments[0].not_said.involves" in found
    assert "kb.glossary[0].definition[0].text" in found
    assert "kb.questions[0].help" in found
    assert any(w.startswith("kb.plain_answers[") for w in found)
    assert "kb.reflection.not_ready.text" in found
    # Ids and references are not read as sentences.
    assert not any(w.endswith((".id", ".sources[0]", ".title")) for w in found)


def test_the_knowledge_base_reads_at_grade_7_and_its_hardest_tenth_at_9(
    shipped: m.KnowledgeBase,
) -> None:
    scored = grades(shipped)
    values = [g for g, _, _ in scored]
    hardest = "\n".join(f"{g:5.1f} {where}: {t}" for g, where, t in scored[-10:])
    assert len(values) >= 100
    assert statistics.median(values) <= MEDIAN_MAX, hardest
    assert percentile_90(values) <= P90_MAX, hardest


def test_the_test_fails_on_hard_words() -> None:
    # One sentence of the kind the sources-differ texts were before the rewrite (grade 13 to 15).
    hard = (
        "The Canadian Cancer Society page says neuroendocrine carcinomas are usually treated with "
        "chemotherapy regimens that often include streptozocin and 5-fluorouracil, and that "
        "neuroendocrine tumours are not very sensitive to chemotherapy."
    )
    easy = "You may have it in a day unit. The team will tell you how long it takes and when."
    assert textstat.flesch_kincaid_grade(hard) > P90_MAX
    assert textstat.flesch_kincaid_grade(easy) <= MEDIAN_MAX
    kb = m.KnowledgeBase("1", None, "", [], [], [], [], [], [], notes=[])  # type: ignore[arg-type]
    kb.notes = [m.Statement(hard, ["page"])] * 3 + [m.Statement(easy * 2, ["page"])]
    values = [g for g, _, _ in grades(kb)]
    assert statistics.median(values) > MEDIAN_MAX

"""The appointment summary's glossary terms, found in one pass (counted in lines run, not timed);
and the report on a knowledge base 100 times the shipped one. How long that takes is a benchmark
(benchmarks/run.py, "--report" at 100x), never a test."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from netcli.explore.answers import check
from netcli.explore.result import assemble
from netcli.explore.summary import _find_phrases, summarise
from netcli.knowledge import model as m
from netcli.knowledge import plain
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import validate
from netcli.render.report import render

REPO = Path(__file__).resolve().parents[2]


def brute(phrases: list[tuple[str, ...]], words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {
        p
        for p in phrases
        if any(words[i : i + len(p)] == p for i in range(len(words) + 1 - len(p)))
    }


def test_find_phrases_matches_a_plain_search() -> None:
    rng = random.Random(13)
    for _ in range(2000):
        words = tuple(rng.choice("abc") for _ in range(rng.randint(0, 12)))
        phrases = [
            tuple(rng.choice("abc") for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 6))
        ]
        assert _find_phrases(phrases, words) == brute(phrases, words)


def lines_run(fn: Callable[..., object], *args: object) -> int:
    """How many lines of ``fn``'s module run for ``args`` (its comprehensions and helpers too):
    a count of work, not a time."""
    count = 0
    where = fn.__code__.co_filename

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        nonlocal count
        if frame.f_code.co_filename != where:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        fn(*args)
    finally:
        sys.settrace(None)
    return count


def test_find_phrases_is_linear_on_a_hostile_input() -> None:
    # "a a a ... a b" phrases over "a a a ... a": a naive or regex search is quadratic here (a
    # window of up to 400 words at each of 20,000 places: millions of steps).
    words = ("a",) * 20_000
    phrases = [("a",) * n + ("b",) for n in range(1, 400)] + [("a",) * 300]
    assert _find_phrases(phrases, words) == {("a",) * 300}
    size = len(words) + sum(len(p) for p in phrases)
    assert lines_run(_find_phrases, phrases, words) < 20 * size


@pytest.fixture(scope="module")
def kb100() -> m.KnowledgeBase:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import make_kb
    finally:
        sys.path.pop(0)
    shipped = validate(load_file(REPO / "data" / "treatments.yaml"), "treatments.yaml")
    scaled = make_kb.scale(plain.to_plain(shipped), 100)
    kb: m.KnowledgeBase = plain.from_plain(m.KnowledgeBase, scaled)
    return kb


def test_the_report_on_a_knowledge_base_100_times_the_size_finds_every_copys_terms(
    kb100: m.KnowledgeBase,
) -> None:
    answers = check({"kind": ["net"], "site": ["pancreas"]}, kb100.questions)
    result = assemble(kb100, answers, dt.date(2026, 1, 1))
    summary = summarise(kb100, result, dt.date(2026, 1, 1))
    for suffix in (".md", ".html", ".txt"):
        assert render(summary, suffix)
    assert len(summary.terms) > 100  # the copies' terms are found too


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"kind": ["net"], "site": ["pancreas"], "spread": ["liver"]},
        {"kind": ["nec"]},
        {"site": ["appendix"], "spread": ["none"]},
        {"kind": ["net"], "site": ["small-bowel"], "hormone_symptoms": ["yes"]},
    ],
)
def test_the_terms_found_are_those_a_whole_word_search_finds(given: dict[str, list[str]]) -> None:
    # The search before issue 13, one regular expression per name over the whole text, kept here
    # as the reference on the shipped knowledge base.
    kb = validate(load_file(REPO / "data" / "treatments.yaml"), "treatments.yaml")
    result = assemble(kb, check(given, kb.questions), dt.date(2026, 1, 1))
    summary = summarise(kb, result, dt.date(2026, 1, 1))
    texts = [w for o in result.options for w in o.why]
    texts += [o.treatment.name for o in result.options]
    texts += [c.text for o in result.options for c in o.treatment.caveats]
    texts += [a.text for a in summary.ask] + [n.text for n in result.notes]
    blob = " ".join(texts).casefold()
    named = {t for o in result.options for t in o.treatment.terms}
    expected = [
        t.id
        for t in kb.glossary
        if t.id in named
        or any(
            re.search(r"\b" + re.escape(w.casefold()) + r"\b", blob)
            for w in [t.term, *(a.name for a in t.aliases)]
        )
    ]
    assert [t.id for t in summary.terms] == expected
    assert expected

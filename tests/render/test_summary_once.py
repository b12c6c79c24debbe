"""The take-home summary says each paragraph once (issue 26): a principle's words ("This is an
operation. ...") were repeated under every option it rules out, 16 times in a NEC summary.

Over 50 answer sets drawn from the shipped questions, in each format (.html, .md, .txt), no
paragraph of eight words or more that the knowledge base says appears twice (the disclaimer
excepted: the summary shows it on its first page, the sheet to bring, and again at its end).
Words netcli adds around them ("Depends on: ...", a table's cells) are not paragraphs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netcli import knowledge
from netcli.explore.answers import check
from netcli.explore.result import assemble as explore
from netcli.explore.summary import summarise
from netcli.knowledge import model as m
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import validate
from netcli.render.report import render
from tests.helpers import answers_for

TODAY = dt.date(2026, 12, 4)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_MD_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_TXT_QUOTE = re.compile(r"^\| ", re.MULTILINE)
_YOU_SAID = re.compile(r"\(You said: [^)]*\)|Your answer was: [^.]*\.")


@pytest.fixture(scope="module")
def shipped() -> Iterator[m.KnowledgeBase]:
    path = knowledge.default_kb_path()
    yield validate(load_file(Path(path), str(path)), str(path))


@pytest.fixture(scope="module")
def paragraphs(shipped: m.KnowledgeBase) -> list[str]:
    """Every paragraph of eight words or more that the knowledge base says (a statement, a
    reason, a definition, a question), except the disclaimer."""
    found: set[str] = set()

    def walk(obj: object) -> None:
        if isinstance(obj, str):
            text = " ".join(obj.split())
            if len(text.split()) >= 8 and text[-1] in ".?!":  # a paragraph, not a label
                found.add(text)
        elif isinstance(obj, list | tuple):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name))

    walk(shipped)
    # The person's own answers in plain words are said back on purpose: on the first page and
    # beside each reason that rests on them (issue 21), as the disclaimer is on purpose twice.
    answers = {" ".join(t.split()) for p in shipped.plain_answers for t in p.says.values()}
    return sorted(found - {" ".join(shipped.disclaimer.split())} - answers)


def plain(document: str, suffix: str) -> str:
    """A summary's words without markup, every run of spaces and line breaks one space."""
    if suffix == ".html":
        document = html.unescape(_TAG.sub(" ", document.split("<body>", 1)[1]))
    elif suffix == ".md":
        document = _MD_ESCAPE.sub("", document)
    else:
        document = _TXT_QUOTE.sub("", document)
    return " ".join(document.split())


@functools.cache
def _longer(paragraphs: tuple[str, ...]) -> dict[str, list[str]]:
    """For each paragraph, the longer ones that hold it."""
    return {p: [q for q in paragraphs if p in q and q != p] for p in paragraphs}


def repeated(
    kb: m.KnowledgeBase, paragraphs: list[str], answers: dict[str, tuple[str, ...]], suffix: str
) -> list[str]:
    result = explore(kb, answers, TODAY)
    document = plain(render(summarise(kb, result, TODAY), suffix), suffix)
    # A reason quotes back the answer it rests on, "(You said: ...)" or "Your answer was: ..."
    # (issue 21): the person's own
    # answer beside the reason, not a paragraph of the pages said again.
    document = _YOU_SAID.sub("", document)
    counts = {p: document.count(p) for p in paragraphs}
    # A paragraph inside a longer one (a definition that starts with a shorter one's words) is
    # counted on its own, not again inside the longer one.
    counts = {
        p: n - sum(counts[q] for q in _longer(tuple(paragraphs))[p]) for p, n in counts.items()
    }
    return [f"{n} x {p}" for p, n in counts.items() if n > 1]


NEC_NO_SURGERY = {"kind": ["nec"], "site": ["pancreas"], "fit_for_surgery": ["no"]}
APPENDIX_FOUND = {"kind": ["net"], "site": ["appendix"], "found_at_appendectomy": ["yes"]}


@pytest.mark.parametrize("suffix", [".html", ".md", ".txt"])
@pytest.mark.parametrize("given_answers", [NEC_NO_SURGERY, APPENDIX_FOUND], ids=["nec", "appendix"])
def test_the_issues_summaries_say_each_paragraph_once(
    shipped: m.KnowledgeBase,
    paragraphs: list[str],
    given_answers: dict[str, list[str]],
    suffix: str,
) -> None:
    assert repeated(shipped, paragraphs, check(given_answers, shipped.questions), suffix) == []


@pytest.mark.parametrize("suffix", [".html", ".md", ".txt"])
def test_no_summary_says_a_paragraph_twice(
    shipped: m.KnowledgeBase, paragraphs: list[str], suffix: str
) -> None:
    @settings(
        max_examples=50,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @example(data=None)
    @given(data=st.data())
    def each(data: st.DataObject | None) -> None:
        if data is None:
            answers = check(NEC_NO_SURGERY, shipped.questions)
        else:
            answers = data.draw(answers_for(shipped.questions), label="answers")
        assert repeated(shipped, paragraphs, answers, suffix) == []

    each()


# --- The references and the first page (issue 26) -------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".md", ".txt"])
def test_references_carry_the_pages_web_addresses(shipped: m.KnowledgeBase, suffix: str) -> None:
    summary = summarise(
        shipped, explore(shipped, check(NEC_NO_SURGERY, shipped.questions), TODAY), TODAY
    )
    document = plain(render(summary, suffix), suffix)
    with_address = [s for s in summary.references if s.url]
    assert with_address  # the pages have their public addresses in the knowledge base
    for source in with_address:
        assert source.url in document


def test_the_first_page_has_one_note_line_and_a_table_as_large_as_the_text(
    shipped: m.KnowledgeBase,
) -> None:
    from netcli.render.report import _CSS, layout

    answers = check({"kind": ["net"], "site": ["pancreas"]}, shipped.questions)
    blocks = layout(summarise(shipped, explore(shipped, answers, TODAY), TODAY))
    first_page = blocks[: next(i for i, b in enumerate(blocks) if b.kind == "break")]
    heading = next(i for i, b in enumerate(first_page) if b.items == ("Your situation",))
    table = next(i for i, b in enumerate(first_page) if b.kind == "table")
    notes = [b for b in first_page[heading:table] if b.kind == "p"]
    assert len(notes) == 1  # "Grouped by ...": what is not known yet is a line of the situation
    assert any("Not known yet" in item for b in first_page for item in b.items if b.kind == "cols")
    printed = _CSS[_CSS.index("@media print") :]
    size = re.search(r"table \{ font-size: ([.\d]+)em", printed)
    assert size is not None and float(size.group(1)) >= 1

"""The overview (netcli/explore/overview.py): grouping, the one list of what would change the
options, the answers as plain statements and the details said once; over small inline knowledge
bases and the shipped one, and the terminal view over random situations."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from netcli.explore.answers import Answers, check
from netcli.explore.overview import DIFFER, URGENT, Overview
from netcli.explore.result import assemble
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render.explore_view import render_explore
from tests.helpers import answers_for

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"
TODAY = dt.date(2026, 1, 1)

KB = """\
version: "0.0.1"
date: 2025-01-01
disclaimer: Talk to your team.
sources:
  - {id: src-a, kind: patient-page, title: Page A}
  - {id: src-b, kind: patient-page, title: Page B}
questions:
  - id: site
    text: Where did it start?
    topic: site
    help: Your report says.
    sources: [src-a]
    choices: [{value: pancreas, label: The pancreas}, {value: rectum, label: The rectum}]
  - id: part
    text: Which part of the rectum?
    topic: part of the rectum
    help: Your surgeon says.
    sources: [src-a]
    ask_when: {site: [rectum, unsure]}
    choices: [{value: upper, label: Upper}, {value: lower, label: Lower}]
  - id: symptoms
    text: Do you have symptoms?
    topic: symptoms
    help: Such as diarrhoea.
    sources: [src-a]
    choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
  - id: fit
    text: Are you well enough for an operation?
    topic: fitness
    help: Your team says.
    sources: [src-a]
    settled_by: {text: Your surgeon decides this., sources: [src-b]}
    choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No, I can't have surgery"}]
principles:
  - id: needs-fitness
    name: An operation needs fitness
    says: {text: An operation needs you to be well enough., sources: [src-a]}
    not_suitable_when:
      - {when: {fit: ["no"]}, why: This is an operation., sources: [src-a]}
treatments:
  - id: op-a
    name: Operation A
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    principles: [needs-fitness]
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: An operation., sources: [src-a]}]
    caveats: [{text: Every operation has risks that your surgeon explains., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {site: [pancreas]}, why: Page A offers operation A., sources: [src-a]}
  - id: op-b
    name: Operation B
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    principles: [needs-fitness]
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: Another operation., sources: [src-a]}]
    caveats: [{text: Every operation has risks that your surgeon explains., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {site: [pancreas]}, why: Page A offers operation B., sources: [src-a]}
  - id: op-rectum
    name: Rectal operation
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    principles: [needs-fitness]
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: For the rectum., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - when: {site: [rectum], part: [upper]}
        why: Page A offers it for the rectum.
        sources: [src-a]
  - id: op-rectum-low
    name: Low rectal operation
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    principles: [needs-fitness]
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: For the low rectum., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {site: [rectum], part: [lower]}, why: Page A offers it low down., sources: [src-a]}
  - id: drug
    name: A drug
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: A drug., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {}, why: Page A offers the drug to everyone., sources: [src-a]}
  - id: urgent
    name: Urgent care
    category: symptom-control
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: symptom-relief, sources: [src-a]}]
    about: [{text: Care straight away., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {}, why: Page A offers care for symptoms., sources: [src-a]}
    urgent_when:
      - when: {symptoms: ["yes"]}
        why: Page A says symptoms may need care straight away.
        sources: [src-a]
drugs: []
sites: []
glossary: []
plain_answers:
  - question: site
    says: {pancreas: It started in the pancreas., rectum: It started in the rectum.}
    unsure: You are not sure where it started.
  - question: part
    says: {upper: It is in the upper rectum., lower: It is in the lower rectum.}
    unsure: You are not sure which part of the rectum it is in.
  - question: symptoms
    says: {"yes": You have symptoms., "no": You have no symptoms.}
    unsure: You are not sure about symptoms.
  - question: fit
    says: {"yes": Your team says you are well enough., "no": Your team says you can't have surgery.}
    unsure: You are not sure whether you are well enough for an operation.
"""

INLINE = validate(parse(KB, "kb.yaml"), "kb.yaml")


def overview(kb: m.KnowledgeBase, **given: str) -> Overview:
    answers = check({k: v.split(",") for k, v in given.items()}, kb.questions)
    ov = assemble(kb, answers, TODAY).overview
    assert ov is not None
    return ov


def ids(ov: Overview) -> list[tuple[str, list[str]]]:
    return [(g.id, [r.option.treatment.id for r in g.rows]) for g in ov.groups]


# --- grouping -----------------------------------------------------------------------------------


def test_what_the_answers_make_pressing_comes_first() -> None:
    ov = overview(INLINE, site="pancreas", fit="yes", symptoms="yes")
    assert ids(ov) == [
        (URGENT, ["urgent"]),
        ("surgery", ["op-a", "op-b"]),
        ("drug", ["drug"]),
    ]
    assert [s.text for s in ov.groups[0].because] == [
        "Page A says symptoms may need care straight away."
    ]


def test_without_the_pressing_answer_it_keeps_its_kind_of_treatment() -> None:
    ov = overview(INLINE, site="pancreas", fit="yes", symptoms="no")
    assert ids(ov) == [
        ("surgery", ["op-a", "op-b"]),
        ("drug", ["drug"]),
        ("symptom-control", ["urgent"]),
    ]
    # Unsure is not pressing: only a known answer moves an option up.
    assert URGENT not in [g.id for g in overview(INLINE, site="pancreas").groups]


def test_within_a_group_the_knowledge_base_order_stays() -> None:
    kb = validate(parse(KB.replace("  - id: op-a\n", "  - id: op-z\n"), "kb.yaml"), "kb.yaml")
    ov = overview(kb, site="pancreas", fit="yes")
    assert ids(ov)[0] == ("surgery", ["op-z", "op-b"])


def test_where_the_sources_differ_comes_last(shipped: m.KnowledgeBase) -> None:
    # The overview page limits PRRT to grade 1 or 2; the older stomach page gives no grade.
    ov = overview(
        shipped,
        kind="net",
        site="stomach",
        grade="3",
        spread="liver",
        sstr="positive",
        fit_for_surgery="no",
    )
    assert ov.groups[-1].id == DIFFER
    assert "prrt" in [r.option.treatment.id for r in ov.groups[-1].rows]
    assert all(r.fit == "sources-differ" for r in ov.groups[-1].rows)


def test_every_option_is_in_the_table_once_and_in_the_details_once(
    shipped: m.KnowledgeBase,
) -> None:
    for situation in SITUATIONS:
        answers = check({k: v.split(",") for k, v in situation.items()}, shipped.questions)
        result = assemble(shipped, answers, TODAY)
        ov = result.overview
        assert ov is not None
        rows = [r.option.treatment.id for g in ov.groups for r in g.rows]
        assert sorted(rows) == sorted(o.treatment.id for o in result.options)
        assert len(rows) == len(set(rows))
        assert [d.option.treatment.id for d in ov.details] == rows


# --- what would change the list -----------------------------------------------------------------


def test_each_question_not_known_is_listed_once_with_what_it_would_change() -> None:
    ov = overview(INLINE, site="rectum")
    keys = [c.key for c in ov.changes]
    assert keys == ["part", "fit"]  # the questionnaire's order, each once
    part = ov.changes[0]
    assert part.not_sure == "You are not sure which part of the rectum it is in."
    assert [(x.says, x.effect, x.options) for x in part.outcomes] == [
        (["It is in the upper rectum."], "fits", ["op-rectum"]),
        (["It is in the lower rectum."], "fits", ["op-rectum-low"]),
    ]
    fit = ov.changes[1]
    assert fit.topic == "fitness"
    assert fit.settled_by == m.Statement("Your surgeon decides this.", ["src-b"])
    (no,) = fit.outcomes
    assert no.says == ["Your team says you can't have surgery."]
    assert no.effect == "not-suitable" and no.options == ["op-rectum", "op-rectum-low"]
    # Symptoms are not known either, and change nothing here.
    assert ov.unchanged == ["You are not sure about symptoms."]


def test_a_question_that_does_not_apply_is_not_listed() -> None:
    ov = overview(INLINE, site="pancreas")
    assert "part" not in [c.key for c in ov.changes]
    assert not any("rectum" in s for s in ov.unchanged)


def test_no_question_appears_twice_in_what_would_change(shipped: m.KnowledgeBase) -> None:
    for situation in SITUATIONS:
        ov = overview(shipped, **situation)
        slots = [c.key or c.question for c in ov.changes]
        assert len(slots) == len(set(slots)), situation
        for c in ov.changes:
            pairs = [(tuple(x.values), x.effect) for x in c.outcomes]
            assert len(pairs) == len(set(pairs)), (situation, c.key)


def test_every_dependency_of_every_option_is_in_what_would_change(
    shipped: m.KnowledgeBase,
) -> None:
    for situation in SITUATIONS:
        answers = check({k: v.split(",") for k, v in situation.items()}, shipped.questions)
        result = assemble(shipped, answers, TODAY)
        assert result.overview is not None
        listed = {
            (c.key or c.question, o)
            for c in result.overview.changes
            for x in c.outcomes
            for o in x.options
        }
        for option in result.options:
            for d in option.depends_on:
                assert (d.key or d.question, option.treatment.id) in listed


# --- the answers in plain words -----------------------------------------------------------------


def test_the_situation_is_said_in_plain_statements() -> None:
    ov = overview(INLINE, site="rectum", part="upper", fit="no")
    assert ov.situation == [
        "It started in the rectum.",
        "It is in the upper rectum.",
        "Your team says you can't have surgery.",
    ]


def test_the_shipped_answers_read_as_statements_never_as_questions_or_keys(
    shipped: m.KnowledgeBase,
) -> None:
    ov = overview(
        shipped, kind="net", site="small-bowel", spread="liver,lymph-nodes", hormone_symptoms="yes"
    )
    assert "It has spread to the liver." in ov.situation
    assert "It has spread to nearby lymph nodes." in ov.situation
    for line in ov.situation + ov.unchanged + [c.not_sure for c in ov.changes if c.key]:
        assert not line.endswith("?") and "_" not in line, line
        assert line not in {q.text for q in shipped.questions}
    for c in ov.changes:
        for x in c.outcomes:
            if c.key:
                assert x.says and all(s.endswith(".") for s in x.says)


def test_every_shipped_choice_has_plain_words(shipped: m.KnowledgeBase) -> None:
    words = {p.question: p for p in shipped.plain_answers}
    for q in shipped.questions:
        assert q.id in words, q.id
        assert {c.value for c in q.choices} == set(words[q.id].says), q.id
        assert q.topic, q.id


# --- details said once --------------------------------------------------------------------------


def test_a_paragraph_shared_by_options_is_said_once_and_named() -> None:
    ov = overview(INLINE, site="pancreas", fit="yes")
    a, b = ov.details[0], ov.details[1]
    assert [c.text for c in a.caveats] == ["Every operation has risks that your surgeon explains."]
    assert b.caveats == [] and b.also == ["op-a"]


def test_the_references_are_numbered_in_reading_order_for_the_date() -> None:
    ov = overview(INLINE, site="rectum")
    assert [s.id for s in ov.references] == ["src-a", "src-b"]
    assert ov.as_of == TODAY


# --- the terminal view over random situations ---------------------------------------------------

SITUATIONS: list[dict[str, str]] = [
    {
        "kind": "net",
        "site": "small-bowel",
        "spread": "liver",
        "hormone_symptoms": "yes",
        "grade": "2",
    },
    {"kind": "net", "site": "pancreas", "spread": "liver", "severe_symptoms": "heavy-diarrhoea"},
    {"kind": "nec", "site": "other", "spread": "elsewhere"},
    {"kind": "net", "site": "rectum", "size": "up-to-2cm"},
    {"kind": "net", "site": "appendix", "found_at_appendectomy": "yes"},
    {"site": "stomach", "grade": "1", "fit_for_surgery": "no"},
    {},
]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[m.KnowledgeBase]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NETCLI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield open_kb(SHIPPED).knowledge_base()


def _paragraphs(kb: m.KnowledgeBase) -> set[str]:
    """Every paragraph the knowledge base can put on screen, long enough to tell apart."""
    texts: set[str] = {n.text for n in kb.notes}
    for q in kb.questions:
        if q.settled_by:
            texts.add(q.settled_by.text)
    for t in kb.treatments:
        texts |= {c.text for c in t.caveats} | {w.text for w in t.wording}
        texts |= {a.text for a in t.aim if a.text}
        texts |= {p.says for d in t.disagreements for p in d.positions}
        texts |= {r.why for r in [*t.offered_when, *t.not_suitable_when, *t.urgent_when]}
    for p in kb.principles:
        texts |= {r.why for r in p.not_suitable_when}
    return {" ".join(x.split()) for x in texts if len(x) >= 40}


def _screen(kb: m.KnowledgeBase, answers: Answers) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=200, color_system=None, markup=False, highlight=False)
    render_explore(assemble(kb, answers, TODAY), out)
    return " ".join(buffer.getvalue().split())


def _answers(kb: m.KnowledgeBase) -> st.SearchStrategy[Answers]:
    return answers_for(kb.questions)  # type: ignore[no-any-return]


def test_no_paragraph_appears_twice_on_screen(shipped: m.KnowledgeBase) -> None:
    paragraphs = _paragraphs(shipped)
    assert len(paragraphs) > 50  # the check has something to check

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_answers(shipped))
    def check_once(answers: Answers) -> None:
        screen = _screen(shipped, answers)
        twice = [p for p in paragraphs if screen.count(p) > 1]
        assert twice == [], (answers, twice)

    check_once()


def test_the_typical_situation_says_no_paragraph_twice(shipped: m.KnowledgeBase) -> None:
    answers = check({k: v.split(",") for k, v in SITUATIONS[0].items()}, shipped.questions)
    screen = _screen(shipped, answers)
    for p in _paragraphs(shipped):
        assert screen.count(p) <= 1, p
    # The paragraph that used to follow ten options ("well enough to have surgery?").
    settled = next(q for q in shipped.questions if q.id == "fit_for_surgery").settled_by
    assert settled is not None
    assert screen.count(" ".join(settled.text.split())) == 1


def test_a_reason_that_is_one_side_of_a_disagreement_is_said_once(
    shipped: m.KnowledgeBase,
) -> None:
    # Found by the property above: the stomach page's condition for everolimus is both the reason
    # it may fit and one side of "when everolimus is used"; it was printed in both places.
    given = {"kind": ["net"], "site": ["stomach"], "spread": ["liver"]}
    given["previous"] = ["other-treatments-not-working"]
    screen = _screen(shipped, check(given, shipped.questions))
    sides = [
        " ".join(p.says.split())
        for t in shipped.treatments
        for d in t.disagreements
        for p in d.positions
    ]
    shown = [s for s in sides if s in screen]
    assert shown, "the situation shows at least one disagreement"
    for side in shown:
        assert screen.count(side) == 1, side


@pytest.mark.parametrize(
    "given",
    [
        # Found by the property above: the stomach page's "likely choice" for embolisation is both
        # how often it is used and a reason it may fit.
        {"site": ["stomach"], "spread": ["lymph-nodes", "liver"], "resectable": ["no"]},
        {"site": ["stomach"], "spread": ["liver"], "previous": ["other-treatments-not-working"]},
    ],
)
def test_situations_the_property_found_say_each_paragraph_once(
    shipped: m.KnowledgeBase, given: dict[str, list[str]]
) -> None:
    screen = _screen(shipped, check({"kind": ["net"], **given}, shipped.questions))
    twice = [p for p in _paragraphs(shipped) if screen.count(p) > 1]
    assert twice == []

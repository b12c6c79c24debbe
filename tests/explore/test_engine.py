"""The matching engine with small inline knowledge bases: each test writes the treatments it needs
next to it, over one fixed set of questions."""

from __future__ import annotations

import textwrap

import pytest

from netcli.explore.answers import UNSURE, Answers, check
from netcli.explore.engine import State, evaluate, explore
from netcli.explore.matched import option_sources, result_sources
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from tests.conftest import PAGE_A_GUIDELINE_B, pancreas_site, question, small_kb

BASE = small_kb(
    question("kind"),
    question(
        "site",
        choices=[("pancreas", "The pancreas"), ("rectum", "The rectum"), ("lung", "The lung")],
    ),
    question("grade", extra=["settled_by: {text: A biopsy tells the grade., sources: [src-b]}"]),
    question("spread"),
    head="""\
version: "0.0.1"
date: 2025-01-01
disclaimer: Test disclaimer. Talk to your team.
notes:
  - {text: A general note., sources: [src-a]}
sources:
"""
    + PAGE_A_GUIDELINE_B
    + """\
  - {id: src-c, kind: paper, title: Paper C}
""",
    rest="""\
drugs: []
sites:
  - id: nec
    name: Neuroendocrine carcinoma
    group: kind
    about: [{text: About NEC., sources: [src-a]}]
    coverage: little
    sources: [src-a]
    answer_values: [nec]
    coverage_note: {text: Little is said about NEC., sources: [src-c]}
"""
    + pancreas_site("Pancreas coverage is partial.")
    + """\
  - id: rectum
    name: Rectal NET
    group: site
    about: [{text: About the rectum., sources: [src-a]}]
    coverage: detailed
    sources: [src-a]
    answer_values: [rectum]
glossary: []
""",
)


def treatment(tid: str, rules: str = "", category: str = "drug") -> str:
    """One treatment in YAML; ``rules`` holds its offered_when and not_suitable_when."""
    head = f"""\
- id: {tid}
  name: {tid.replace("-", " ").title()}
  category: {category}
  not_said: {{involves: Ask, may_cost: Ask, how_often: Ask}}
  aim: [{{goal: control, sources: [src-a]}}]
  about: [{{text: About {tid}., sources: [src-a]}}]
  sources: [src-c]
"""
    return head + textwrap.indent(textwrap.dedent(rules), "  ")


def make_kb(*treatments: str) -> m.KnowledgeBase:
    text = BASE + "treatments:\n" + textwrap.indent("".join(treatments), "  ")
    return validate(parse(text, "kb.yaml"), "kb.yaml")


def answers(kb: m.KnowledgeBase, **given: str) -> Answers:
    """Checked answers: ``spread="liver,none"`` as -a would give it; the rest unsure."""
    return check({k: v.split(",") for k, v in given.items()}, kb.questions)


def rule(when: dict[str, list[str]]) -> m.Rule:
    return m.Rule(when=when, why="Because.", sources=["src-a"])


def ids(items: list) -> list[str]:
    return [i.treatment.id for i in items]


def assert_reason(text: str, why: str, *said: str) -> None:
    """A reason is the rule's own words, then what was answered, in the rule's key order."""
    assert text.startswith(why), text
    rest = text[len(why) :]
    positions = [rest.find(words) for words in said]
    assert -1 not in positions, f"{said} not all in {rest!r}"
    assert positions == sorted(positions), f"{said} not in this order in {rest!r}"


SSA = treatment(
    "ssa",
    """\
    offered_when:
      - {when: {grade: ["1", "2"]}, why: For slow-growing tumours., sources: [src-a]}
    """,
)


# --- evaluate: one rule -------------------------------------------------------------------------


def test_rule_holds_when_every_key_matches() -> None:
    r = rule({"grade": ["1", "2"], "site": ["pancreas"]})
    assert evaluate(r, {"grade": ("2",), "site": ("pancreas",)}) == (State.HOLDS, [])


def test_rule_fails_on_the_first_key_that_does_not_match() -> None:
    r = rule({"grade": ["1", "2"], "site": ["pancreas"]})
    assert evaluate(r, {"grade": ("3",), "site": ("pancreas",)}) == (State.FAILS, ["grade"])
    assert evaluate(r, {"grade": ("1",), "site": ("rectum",)}) == (State.FAILS, ["site"])


def test_rule_is_open_when_a_key_is_unsure() -> None:
    r = rule({"grade": ["1"], "site": ["pancreas"], "kind": ["net"]})
    state = evaluate(r, {"grade": (UNSURE,), "site": ("pancreas",), "kind": (UNSURE,)})
    assert state == (State.OPEN, ["grade", "kind"])


def test_rule_with_a_missing_key_counts_it_as_unsure() -> None:
    assert evaluate(rule({"grade": ["1"]}), {}) == (State.OPEN, ["grade"])


@pytest.mark.parametrize(
    "when",
    [{"grade": ["1"], "site": ["pancreas"]}, {"site": ["pancreas"], "grade": ["1"]}],
)
def test_a_failing_key_beats_an_unsure_one_in_any_order(when: dict[str, list[str]]) -> None:
    assert evaluate(rule(when), {"grade": (UNSURE,), "site": ("rectum",)}) == (
        State.FAILS,
        ["site"],
    )


def test_empty_rule_always_holds() -> None:
    assert evaluate(rule({}), {}) == (State.HOLDS, [])
    assert evaluate(rule({}), {"grade": (UNSURE,)}) == (State.HOLDS, [])


@pytest.mark.parametrize(
    ("spread", "state"),
    [
        (("liver",), State.HOLDS),
        (("none", "liver"), State.HOLDS),  # any one value matches
        (("lymph-nodes", "liver"), State.HOLDS),
        (("none",), State.FAILS),
        (("none", "lymph-nodes"), State.FAILS),
    ],
)
def test_list_answers_match_when_any_value_matches(spread: tuple[str, ...], state: State) -> None:
    assert evaluate(rule({"spread": ["liver"]}), {"spread": spread})[0] is state


# --- explore: options and excluded --------------------------------------------------------------


def test_rule_holds_gives_a_matching_option_with_what_was_said() -> None:
    kb = make_kb(SSA)
    result = explore(kb, answers(kb, grade="2"))
    assert ids(result.options) == ["ssa"]
    (option,) = result.options
    assert option.fit == "matches"
    (why,) = option.why
    assert_reason(why, "For slow-growing tumours.", "Grade 2")
    assert option.why_sources == ["src-a"]
    assert option.depends_on == []
    assert result.excluded == []


def test_rule_fails_excludes_with_the_answer_given() -> None:
    kb = make_kb(SSA)
    result = explore(kb, answers(kb, grade="3"))
    assert result.options == []
    (excluded,) = result.excluded
    assert excluded.treatment.id == "ssa"
    (why,) = excluded.why
    assert_reason(why, "For slow-growing tumours.", "Grade 3")
    assert excluded.sources == ["src-a"]


def test_every_failing_offered_rule_is_given_as_a_reason() -> None:
    kb = make_kb(
        treatment(
            "surgery",
            """\
            offered_when:
              - {when: {spread: [none]}, why: It has not spread., sources: [src-a]}
              - {when: {site: [rectum], grade: ["1"]}, why: Small rectal ones., sources: [src-b]}
            """,
            category="surgery",
        )
    )
    result = explore(kb, answers(kb, spread="liver,lymph-nodes", site="lung", grade="1"))
    (excluded,) = result.excluded
    first, second = excluded.why
    assert_reason(first, "It has not spread.", "To the liver", "To lymph nodes")
    assert_reason(second, "Small rectal ones.", "The lung")
    assert "Grade 1" not in second  # only the key that failed is quoted
    assert excluded.sources == ["src-a", "src-b"]


def test_not_suitable_beats_offered() -> None:
    kb = make_kb(
        treatment(
            "ssa",
            """\
            offered_when:
              - {when: {grade: ["1"]}, why: Slow-growing., sources: [src-a]}
            not_suitable_when:
              - {when: {site: [lung], kind: [net]}, why: Not for lung NETs here., sources: [src-b]}
            """,
        )
    )
    result = explore(kb, answers(kb, grade="1", site="lung", kind="net"))
    assert result.options == []
    (excluded,) = result.excluded
    assert excluded.treatment.id == "ssa"
    (why,) = excluded.why
    assert_reason(why, "Not for lung NETs here.", "The lung", "A NET")
    assert excluded.sources == ["src-b"]


def test_not_suitable_that_fails_leaves_the_option() -> None:
    kb = make_kb(
        treatment(
            "ssa",
            """\
            offered_when:
              - {when: {grade: ["1"]}, why: Slow-growing., sources: [src-a]}
            not_suitable_when:
              - {when: {site: [lung]}, why: Not for the lung., sources: [src-b]}
            """,
        )
    )
    result = explore(kb, answers(kb, grade="1", site="pancreas"))
    assert ids(result.options) == ["ssa"]
    assert result.options[0].depends_on == []


def test_unsure_gives_a_depends_option_naming_the_key() -> None:
    kb = make_kb(SSA)
    result = explore(kb, answers(kb))
    (option,) = result.options
    assert option.fit == "depends"
    assert option.why == ["For slow-growing tumours."]  # no answer to quote
    assert option.why_sources == ["src-a"]
    (dep,) = option.depends_on
    assert dep.key == "grade"
    assert dep.question == "What grade is it?"
    assert dep.values == ["Grade 1", "Grade 2"]
    assert dep.effect == "fits"
    assert dep.why == "For slow-growing tumours."
    assert dep.sources == ["src-a"]
    assert dep.settled_by == m.Statement(text="A biopsy tells the grade.", sources=["src-b"])
    assert result.excluded == []


def test_unsure_key_without_settled_by() -> None:
    kb = make_kb(
        treatment(
            "liver-treatment",
            """\
            offered_when:
              - {when: {spread: [liver]}, why: It is in the liver., sources: [src-a]}
            """,
            category="liver-directed",
        )
    )
    (option,) = explore(kb, answers(kb)).options
    (dep,) = option.depends_on
    assert (dep.key, dep.values, dep.settled_by) == ("spread", ["To the liver"], None)


def test_unsure_on_a_not_suitable_rule_makes_an_offered_option_depend() -> None:
    """Kleene: an offering rule that holds AND a limit not known yet is not known yet."""
    kb = make_kb(
        treatment(
            "ssa",
            """\
            offered_when:
              - {when: {grade: ["1"]}, why: Slow-growing., sources: [src-a]}
            not_suitable_when:
              - {when: {site: [lung, rectum]}, why: Not there., sources: [src-b]}
            """,
        )
    )
    (option,) = explore(kb, answers(kb, grade="1")).options
    assert option.fit == "depends"
    assert_reason(option.why[0], "Slow-growing.", "Grade 1")
    (dep,) = option.depends_on
    assert (dep.key, dep.values, dep.effect) == ("site", ["The lung", "The rectum"], "not-suitable")
    (only,) = explore(kb, answers(kb, grade="1", site="pancreas")).options
    assert (only.fit, only.depends_on) == ("matches", [])
    assert dep.sources == ["src-b"]
    assert option_sources(option) == ["src-a", "src-b", "src-c"]


def test_a_holding_rule_wins_over_an_open_one() -> None:
    kb = make_kb(
        treatment(
            "ssa",
            """\
            offered_when:
              - {when: {grade: ["1"]}, why: Slow-growing., sources: [src-a]}
              - {when: {site: [pancreas]}, why: Pancreas., sources: [src-b]}
            """,
        )
    )
    (option,) = explore(kb, answers(kb, site="pancreas")).options
    assert option.fit == "matches"
    (why,) = option.why
    assert_reason(why, "Pancreas.", "The pancreas")
    assert option.why_sources == ["src-b"]
    assert option.depends_on == []


def test_open_rule_with_a_failing_one_still_depends() -> None:
    kb = make_kb(
        treatment(
            "ssa",
            """\
            offered_when:
              - {when: {grade: ["1"]}, why: Slow-growing., sources: [src-a]}
              - {when: {site: [pancreas]}, why: Pancreas., sources: [src-b]}
            """,
        )
    )
    (option,) = explore(kb, answers(kb, site="rectum")).options
    assert option.fit == "depends"
    assert option.why == ["Slow-growing."]
    assert [d.key for d in option.depends_on] == ["grade"]


def test_list_answers_match_any_value_in_explore() -> None:
    kb = make_kb(
        treatment(
            "liver-treatment",
            """\
            offered_when:
              - {when: {spread: [liver]}, why: It is in the liver., sources: [src-a]}
            """,
            category="liver-directed",
        )
    )
    (option,) = explore(kb, answers(kb, spread="lymph-nodes,liver")).options
    (why,) = option.why
    assert_reason(why, "It is in the liver.", "To the liver")
    assert "lymph" not in why  # only the values the rule names are quoted
    assert ids(explore(kb, answers(kb, spread="lymph-nodes,none")).excluded) == ["liver-treatment"]


def test_empty_when_always_holds_even_with_everything_unsure() -> None:
    kb = make_kb(
        treatment(
            "support",
            """\
            offered_when:
              - {when: {}, why: Everyone may be offered support., sources: [src-a]}
            """,
            category="symptom-control",
        )
    )
    for given in ({}, {"grade": "3", "spread": "liver", "kind": "nec"}):
        (option,) = explore(kb, answers(kb, **given)).options
        assert option.fit == "matches"
        assert option.why == ["Everyone may be offered support."]
        assert option.depends_on == []


def test_treatment_without_offered_when_is_neither_option_nor_excluded() -> None:
    kb = make_kb(treatment("reference-only"), SSA)
    result = explore(kb, answers(kb, grade="1"))
    assert ids(result.options) == ["ssa"]
    assert result.excluded == []


def test_order_is_by_category_then_file_order() -> None:
    always = """\
    offered_when:
      - {when: {}, why: Always., sources: [src-a]}
    """
    kb = make_kb(
        treatment("trial", always, category="trials-and-other"),
        treatment("drug-b", always),
        treatment("radio", always, category="radiotherapy"),
        treatment("operation", always, category="surgery"),
        treatment("drug-a", always),
        treatment("comfort", always, category="symptom-control"),
        treatment("embolisation", always, category="liver-directed"),
    )
    result = explore(kb, answers(kb))
    assert ids(result.options) == [
        "operation",
        "embolisation",
        "drug-b",
        "drug-a",
        "radio",
        "comfort",
        "trial",
    ]


def test_excluded_are_ordered_by_category_then_file_order() -> None:
    never = """\
    offered_when:
      - {when: {grade: ["1"]}, why: Grade 1., sources: [src-a]}
    """
    kb = make_kb(
        treatment("drug-b", never),
        treatment("operation", never, category="surgery"),
        treatment("drug-a", never),
    )
    assert ids(explore(kb, answers(kb, grade="3")).excluded) == ["operation", "drug-b", "drug-a"]


# --- notes, disclaimer, sources -----------------------------------------------------------------


def test_notes_are_the_general_ones_when_the_site_is_unsure() -> None:
    kb = make_kb(SSA)
    assert explore(kb, answers(kb)).notes == [
        m.Statement(text="A general note.", sources=["src-a"])
    ]


def test_notes_include_the_answered_sites_coverage_note() -> None:
    kb = make_kb(SSA)
    notes = explore(kb, answers(kb, site="pancreas")).notes
    assert [n.text for n in notes] == ["A general note.", "Pancreas coverage is partial."]
    assert notes[1].sources == ["src-b"]


def test_notes_include_the_answered_kinds_coverage_note() -> None:
    kb = make_kb(SSA)
    notes = explore(kb, answers(kb, kind="nec", site="pancreas")).notes
    assert [n.text for n in notes] == [
        "A general note.",
        "Little is said about NEC.",
        "Pancreas coverage is partial.",
    ]


def test_a_site_without_coverage_note_adds_none() -> None:
    kb = make_kb(SSA)
    assert [n.text for n in explore(kb, answers(kb, site="rectum")).notes] == ["A general note."]


def test_result_carries_answers_and_disclaimer() -> None:
    kb = make_kb(SSA)
    given = answers(kb, grade="1")
    result = explore(kb, given)
    assert result.answers == given
    assert result.disclaimer == "Test disclaimer. Talk to your team."
    assert set(result.sources) == {"src-a", "src-b", "src-c"}


def test_result_sources_in_reading_order() -> None:
    kb = make_kb(
        SSA,
        treatment(
            "surgery",
            """\
            offered_when:
              - {when: {spread: [none]}, why: Not spread., sources: [src-b]}
            """,
            category="surgery",
        ),
    )
    result = explore(kb, answers(kb, grade="1", spread="liver", site="pancreas"))
    assert ids(result.options) == ["ssa"]
    assert ids(result.excluded) == ["surgery"]
    # ssa: src-a (why) then src-c (record); surgery excluded: src-b; then the notes.
    assert result_sources(result) == ["src-a", "src-c", "src-b"]


def test_explore_is_pure() -> None:
    kb = make_kb(SSA, treatment("other", "offered_when: [{when: {}, why: W., sources: [src-a]}]"))
    given = answers(kb, grade="1", spread="liver,none")
    before = dict(given)
    first = explore(kb, given)
    assert given == before
    assert explore(kb, given) == first

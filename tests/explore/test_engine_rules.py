"""The rule model with small inline knowledge bases: principles stated once, answers that mean
"not known yet", team questions, sources that differ, components, one entry per question and per
answer, and notes tied to an answer."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from netcli.errors import InvalidDataError
from netcli.explore.answers import Answers, check
from netcli.explore.engine import explore
from netcli.explore.matched import option_sources
from netcli.explore.result import assemble
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render.jsonout import dumps

BASE = """\
version: "0.0.1"
date: 2025-01-01
disclaimer: Talk to your team.
sources:
  - {id: old-page, kind: patient-page, title: Old page, publisher: Pub, last_reviewed: 2021-05-27}
  - {id: new-page, kind: patient-page, title: New page, publisher: Pub, last_reviewed: 2025-02-06}
questions:
  - id: kind
    text: NET or NEC?
    help: Your report says.
    sources: [new-page]
    choices: [{value: net, label: A NET}, {value: nec, label: A NEC}]
  - id: grade
    text: What grade?
    help: The grade.
    sources: [new-page]
    choices:
      - {value: "1", label: Grade 1}
      - value: "3"
        label: Grade 3
        note: {text: The pages say nothing of grade 3., sources: [new-page]}
  - id: scan
    text: Has a scan been done?
    help: A scan.
    sources: [new-page]
    settled_by: {text: A scan settles it., sources: [new-page]}
    choices:
      - {value: positive, label: Positive}
      - {value: negative, label: Negative}
      - {value: not-tested, label: Not tested, unknown: true}
  - id: fit
    text: Fit for surgery?
    help: Your team says.
    sources: [new-page]
    choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
  - id: removable
    text: Can all of it be removed?
    help: Your surgeon says.
    sources: [new-page]
    choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
  - id: symptoms
    text: Which symptoms?
    help: Your team asks.
    multiple: true
    sources: [new-page]
    choices:
      - {value: none, label: None}
      - {value: diarrhoea, label: Diarrhoea}
      - {value: weight-loss, label: Weight loss}
principles:
  - id: needs-fitness
    name: Operations need fitness
    says: {text: An operation needs fitness., sources: [new-page]}
    not_suitable_when:
      - {when: {fit: ["no"]}, why: This is an operation., sources: [new-page]}
  - id: net-only
    name: For NETs
    says: {text: NECs differ., sources: [new-page]}
    not_suitable_when:
      - {when: {kind: [nec]}, why: For NETs only., sources: [new-page]}
  - id: curative
    name: Curative needs removable
    for_intent: curative
    says: {text: Curative surgery is for when all can be removed., sources: [new-page]}
    not_suitable_when:
      - {when: {removable: ["no"]}, why: Not all of it can be removed., sources: [new-page]}
drugs: []
sites: []
glossary: []
"""


def make_kb(treatments: str) -> m.KnowledgeBase:
    text = BASE + "treatments:\n" + textwrap.indent(textwrap.dedent(treatments), "  ")
    return validate(parse(text, "kb.yaml"), "kb.yaml")


def answers(kb: m.KnowledgeBase, **given: str) -> Answers:
    return check({k: v.split(",") for k, v in given.items()}, kb.questions)


def state(kb: m.KnowledgeBase, **given: str) -> dict[str, str]:
    result = explore(kb, answers(kb, **given))
    fits = {o.treatment.id: o.fit for o in result.options}
    return fits | {x.treatment.id: "not-suitable" for x in result.excluded}


OPERATION = """\
- id: operation
  name: An operation
  category: surgery
  not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
  intent: curative
  principles: [needs-fitness, net-only]
  aim: []
  about: [{text: An operation., sources: [new-page]}]
  sources: [new-page]
  offered_when:
    - {when: {}, why: The page describes it., sources: [new-page]}
"""


def test_a_principle_applies_by_its_name_and_by_intent() -> None:
    kb = make_kb(OPERATION)
    assert state(kb, fit="no", kind="net", removable="yes") == {"operation": "not-suitable"}
    assert state(kb, fit="yes", kind="nec", removable="yes") == {"operation": "not-suitable"}
    assert state(kb, fit="yes", kind="net", removable="no") == {"operation": "not-suitable"}
    assert state(kb, fit="yes", kind="net", removable="yes") == {"operation": "matches"}
    (x,) = explore(kb, answers(kb, fit="no", kind="nec", removable="no")).excluded
    # Each limit that holds is one reason, naming its principle.
    assert [r.principle for r in x.reasons] == ["needs-fitness", "net-only", "curative"]


def test_an_unknown_limit_leaves_the_option_depending_on_it_once() -> None:
    kb = make_kb(OPERATION)
    (o,) = explore(kb, answers(kb, kind="net", removable="yes")).options
    assert o.fit == "depends"
    (dep,) = o.depends_on
    assert (dep.key, dep.effect) == ("fit", "not-suitable")


def test_an_answer_marked_unknown_is_read_as_unsure() -> None:
    kb = make_kb(
        """\
        - id: ssa
          name: SSA
          category: drug
          not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
          aim: []
          about: [{text: A drug., sources: [new-page]}]
          sources: [new-page]
          offered_when:
            - {when: {scan: [positive]}, why: If the scan is positive., sources: [new-page]}
          not_suitable_when:
            - {when: {scan: [negative]}, why: Won't work., sources: [new-page]}
        """
    )
    assert state(kb, scan="not-tested") == state(kb) == {"ssa": "depends"}
    assert state(kb, scan="negative") == {"ssa": "not-suitable"}
    (o,) = explore(kb, answers(kb, scan="not-tested")).options
    # One dependency for the scan question, with both of its effects.
    (dep,) = o.depends_on
    assert dep.key == "scan" and dep.settled_by is not None
    assert [(e.values, e.effect) for e in dep.effects] == [
        (["Positive"], "fits"),
        (["Negative"], "not-suitable"),
    ]
    # The result keeps the answer as given.
    assert explore(kb, answers(kb, scan="not-tested")).answers["scan"] == ("not-tested",)


def test_a_team_question_never_lets_an_option_match() -> None:
    kb = make_kb(
        """\
        - id: transplant
          name: Transplant
          category: liver-directed
          not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
          aim: []
          about: [{text: Rare., sources: [new-page]}]
          sources: [new-page]
          wording: [{level: rare, text: Only for very few., sources: [new-page]}]
          offered_when:
            - when: {kind: [net]}
              team_question: Are you one of the very few?
              why: For very few people.
              sources: [new-page]
        """
    )
    (o,) = explore(kb, answers(kb, kind="net")).options
    assert o.fit == "depends"
    (dep,) = o.depends_on
    assert dep.key is None and dep.question == "Are you one of the very few?"
    assert state(kb, kind="nec") == {"transplant": "not-suitable"}


PRRT = """\
- id: prrt
  name: PRRT
  category: radiotherapy
  not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
  aim: []
  about: [{text: PRRT., sources: [new-page, old-page]}]
  sources: [new-page, old-page]
  offered_when:
    - {when: {scan: [positive]}, why: The new page offers it with receptors., sources: [new-page]}
    - {when: {fit: ["no"]}, why: The old page offers it without surgery., sources: [old-page]}
  not_suitable_when:
    - when: {grade: ["3"]}
      why: The new page says grade 1 or 2.
      sources: [new-page]
      differs_from: [old-page]
"""


def test_a_page_that_differs_from_a_limit_gives_sources_differ() -> None:
    kb = make_kb(PRRT)
    assert state(kb, grade="3", fit="no") == {"prrt": "sources-differ"}
    # Only the new page speaks: its limit rules the option out.
    assert state(kb, grade="3", fit="yes", scan="positive") == {"prrt": "not-suitable"}
    assert state(kb, grade="1", fit="no") == {"prrt": "matches"}
    result = assemble(kb, answers(kb, grade="3", fit="no"), dt.date(2026, 1, 1))
    (o,) = result.options
    assert [p.sources for p in o.positions] == [["old-page"], ["new-page"]]
    doc = json.loads(dumps(result))
    (opt,) = doc["options"]
    assert opt["fit"] == "sources-differ"
    assert [p["pages"][0]["date"] for p in opt["positions"]] == ["2021-05-27", "2025-02-06"]


def test_a_grade_not_known_names_what_it_would_change() -> None:
    kb = make_kb(PRRT)
    (o,) = explore(kb, answers(kb, fit="no")).options
    assert o.fit == "depends"
    (dep,) = o.depends_on
    assert (dep.key, dep.effect) == ("grade", "sources-differ")


def test_sources_differ_come_after_the_other_options() -> None:
    trials = """\
- id: trials
  name: Trials
  category: trials-and-other
  not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
  aim: []
  about: [{text: Trials., sources: [new-page]}]
  sources: [new-page]
  offered_when:
    - {when: {}, why: Anyone may ask., sources: [new-page]}
"""
    kb = make_kb(PRRT + trials)
    result = explore(kb, answers(kb, grade="3", fit="no"))
    # PRRT's category (radiotherapy) comes first, but a plain match is shown above it.
    assert [(o.treatment.id, o.fit) for o in result.options] == [
        ("trials", "matches"),
        ("prrt", "sources-differ"),
    ]


def test_components_are_listed_with_the_symptom_that_calls_for_them() -> None:
    kb = make_kb(
        """\
        - id: urgent
          name: Urgent treatment
          category: symptom-control
          not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
          aim: []
          about: [{text: Urgent., sources: [new-page]}]
          sources: [new-page]
          offered_when:
            - {when: {symptoms: [diarrhoea, weight-loss]}, why: Severe., sources: [new-page]}
          components:
            - id: drip
              name: Fluids through a drip
              offered_when:
                - {when: {symptoms: [diarrhoea]}, why: After diarrhoea., sources: [new-page]}
            - id: feeding
              name: Tube feeding
              offered_when:
                - {when: {symptoms: [weight-loss]}, why: After losing weight., sources: [new-page]}
        """
    )
    (o,) = explore(kb, answers(kb, symptoms="diarrhoea")).options
    assert [(c.component.id, c.fit) for c in o.components] == [("drip", "matches")]
    (o,) = explore(kb, answers(kb)).options
    assert [(c.component.id, c.fit, c.keys) for c in o.components] == [
        ("drip", "depends", ["symptoms"]),
        ("feeding", "depends", ["symptoms"]),
    ]
    given = answers(kb, symptoms="diarrhoea,weight-loss")
    doc = json.loads(dumps(assemble(kb, given, dt.date(2026, 1, 1))))
    assert [c["id"] for c in doc["options"][0]["components"]] == ["drip", "feeding"]
    assert "new-page" in option_sources(o)


def test_twin_rules_give_one_reason_per_answer() -> None:
    kb = make_kb(
        """\
        - id: drug
          name: Drug
          category: drug
          not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
          aim: []
          about: [{text: A drug., sources: [new-page]}]
          sources: [new-page, old-page]
          offered_when:
            - {when: {kind: [net], scan: [positive]}, why: New page., sources: [new-page]}
            - {when: {kind: [net], fit: ["no"]}, why: Old page., sources: [old-page]}
        """
    )
    (x,) = explore(kb, answers(kb, kind="nec")).excluded
    # One reason for the one answer, citing the page whose words it gives: the other page's rule
    # is not cited under those words (issue 21's fourth read, N5).
    assert len(x.why) == 1 and x.sources == ["new-page"]


def test_a_note_shows_with_the_answer_it_belongs_to() -> None:
    kb = make_kb(OPERATION)
    texts = [n.text for n in explore(kb, answers(kb, grade="3")).notes]
    assert texts == ["The pages say nothing of grade 3."]
    assert explore(kb, answers(kb, grade="1")).notes == []


def test_validation_names_an_unknown_principle_and_differs_from() -> None:
    bad = OPERATION.replace("[needs-fitness, net-only]", "[needs-fitness, no-such]")
    bad += PRRT.replace("differs_from: [old-page]", "differs_from: [nowhere]")
    with pytest.raises(InvalidDataError) as err:
        make_kb(bad)
    messages = [p.message for p in err.value.problems]
    assert "unknown principle 'no-such'" in messages
    assert "unknown source 'nowhere'" in messages

"""Properties of the engine over random answers: for an inline knowledge base with single and
multiple-choice questions, and for the knowledge base netcli ships."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.errors import UsageError
from netcli.explore.answers import UNSURE, Answers, check, conflict, should_ask
from netcli.explore.engine import CATEGORY_ORDER, explore
from netcli.explore.matched import Matched, option_sources
from netcli.explore.result import assemble
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render.jsonout import dumps
from tests.conftest import OCTREOTIDE, pancreas_site, question, small_kb, support
from tests.helpers import answers_for

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"

KB = small_kb(
    question("kind", choices=[("net", "NET"), ("nec", "NEC")]),
    question("site", choices=[("pancreas", "Pancreas"), ("rectum", "Rectum"), ("lung", "Lung")]),
    question("grade", text="What grade?", choices=[('"1"', '"1"'), ('"2"', '"2"'), ('"3"', '"3"')]),
    question(
        "spread",
        choices=[
            ("none", "Not spread"),
            ("liver", "Liver"),
            ("lymph-nodes", "Lymph nodes"),
            ("elsewhere", "Elsewhere"),
        ],
    ),
    question("resectable", extra=["ask_when: {spread: [none, unsure]}"]),
    question(
        "symptoms",
        text="Which symptoms?",
        help="Your team asks.",
        multiple=True,
        choices=[("none", "None"), ("diarrhoea", "Diarrhoea"), ("flushing", "Flushing")],
    ),
    head="""\
version: "0.0.1"
date: 2025-01-01
disclaimer: Talk to your team.
notes:
  - {text: A general note., sources: [src-a]}
sources:
  - {id: src-a, kind: patient-page, title: Page A}
  - {id: src-b, kind: guideline, title: Guideline B}
""",
    rest="""\
treatments:
"""
    + support(why="Everyone.")
    + """\
  - id: trials
    name: Clinical trials
    category: trials-and-other
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Trials., sources: [src-a]}]
    sources: [src-b]
    offered_when:
      - {when: {}, why: Anyone may ask., sources: [src-b]}
    not_suitable_when:
      - {when: {kind: [nec], grade: ["1"]}, why: Not this pair., sources: [src-b]}
  - id: surgery
    name: Surgery
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: An operation., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {resectable: ["yes"], spread: [none]}, why: Removable., sources: [src-a]}
      - {when: {site: [rectum], grade: ["1", "2"]}, why: Small rectal., sources: [src-b]}
    not_suitable_when:
      - {when: {spread: [elsewhere]}, why: Spread far., sources: [src-b]}
      - {when: {kind: [nec], site: [lung]}, why: Lung NEC., sources: [src-b]}
  - id: liver
    name: Liver treatment
    category: liver-directed
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Liver., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {spread: [liver], kind: [net]}, why: Liver spread., sources: [src-a]}
    not_suitable_when:
      - {when: {resectable: ["yes"]}, why: Can be removed instead., sources: [src-b]}
  - id: ssa
    name: Somatostatin analogues
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Drugs., sources: [src-a]}]
    sources: [src-a]
    drugs: [{drug: octreotide, sources: [src-a]}]
    offered_when:
      - {when: {symptoms: [diarrhoea, flushing]}, why: Symptoms., sources: [src-a]}
      - when: {kind: [net], grade: ["1", "2"], spread: [liver, lymph-nodes]}
        why: Slow.
        sources: [src-b]
    not_suitable_when:
      - {when: {grade: ["3"], kind: [nec]}, why: Fast-growing NEC., sources: [src-b]}
  - id: chemo
    name: Chemotherapy
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Chemo., sources: [src-a]}]
    sources: [src-b]
    offered_when:
      - {when: {kind: [nec]}, why: NEC., sources: [src-b]}
      - {when: {grade: ["3"], spread: [liver, elsewhere]}, why: Grade 3 spread., sources: [src-b]}
  - id: radio
    name: Radiotherapy
    category: radiotherapy
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: symptom-relief, sources: [src-a]}]
    about: [{text: Rays., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {spread: [elsewhere], symptoms: [none]}, why: Far spread., sources: [src-a]}
  - id: reference-only
    name: Reference only
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: control, sources: [src-a]}]
    about: [{text: Described only., sources: [src-a]}]
    sources: [src-a]
drugs:
"""
    + OCTREOTIDE
    + """\
sites:
"""
    + pancreas_site("Pancreas coverage is partial.")
    + """\
glossary: []
""",
)

INLINE = validate(parse(KB, "kb.yaml"), "kb.yaml")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[m.KnowledgeBase]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NETCLI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        kb = open_kb(SHIPPED).knowledge_base()
    if len(kb.questions) < 5:
        pytest.skip(
            f"the shipped knowledge base has {len(kb.questions)} questions; these properties "
            "need at least 5 to say anything"
        )
    yield kb


# An independent reading of the rules, written out rather than taken from the engine: Kleene
# logic, where "unsure", an answer marked unknown (a scan not done) and a team question are unknown.
# A question left unanswered because the questionnaire does not ask it reads as its
# ``not_asked_means`` (after "No treatment yet", it has not come back).
def _known(kb: m.KnowledgeBase, answers: Answers) -> Answers:
    unknown = {(q.id, c.value) for q in kb.questions for c in q.choices if c.unknown}
    out = {
        k: tuple(v for v in vs if (k, v) not in unknown) or (UNSURE,) for k, vs in answers.items()
    }
    for q in kb.questions:
        gate_shut = any(
            not set(answers.get(k, (UNSURE,))) & set(vs) for k, vs in q.ask_when.items()
        ) or any(
            all(set(answers.get(k, (UNSURE,))) & set(vs) for k, vs in skip.items())
            for skip in q.skip_when
        )
        if q.not_asked_means and gate_shut and out.get(q.id, (UNSURE,)) == (UNSURE,):
            out[q.id] = (q.not_asked_means,)
    return out


def as_asked(questions: list[m.Question], answers: Answers) -> Answers:
    """The answers as the questionnaire takes them: a question it does not ask, given the answers
    before it, is left unsure (as the wizard leaves it)."""
    out = dict(answers)
    for q in questions:
        if not should_ask(q, out):
            out[q.id] = (UNSURE,)
    return out


def truth(rule: m.Rule, answers: Answers) -> str:
    """ "yes", "no" or "unknown"."""
    out = "yes" if not rule.team_question else "unknown"
    for k, accepted in rule.when.items():
        given = answers.get(k, (UNSURE,))
        if UNSURE in given and UNSURE in accepted:
            continue  # a history rule that names "unsure": not knowing counts
        if UNSURE in given and rule.if_known:
            return "no"  # a limit that waits for a known answer
        if UNSURE in given:
            out = "unknown"
        elif not set(given) & set(accepted):
            return "no"
    return out


def holds(rule: m.Rule, answers: Answers) -> bool:
    return truth(rule, answers) == "yes"


def fails(rule: m.Rule, answers: Answers) -> bool:
    return truth(rule, answers) == "no"


def applied(kb: m.KnowledgeBase, t: m.Treatment) -> list[m.Principle]:
    """The principles a treatment follows: those it lists and those of its intent."""
    return [
        p
        for p in kb.principles
        if p.id in t.principles or (p.for_intent and p.for_intent == t.intent)
    ]


def limits(kb: m.KnowledgeBase, t: m.Treatment) -> list[m.Rule]:
    """Every not-suitable rule of a treatment: its own and those of the principles it follows."""
    return [r for p in applied(kb, t) for r in p.not_suitable_when] + list(t.not_suitable_when)


def unconditional(kb: m.KnowledgeBase) -> list[str]:
    """Treatments that the sources offer to everyone and rule out for no one."""
    return [
        t.id
        for t in kb.treatments
        if any(not r.when and not r.team_question for r in t.offered_when) and not limits(kb, t)
    ]


def no_repeats(result: Matched) -> None:
    """No duplicated entry anywhere in the result."""

    def once(items: list, what: str) -> None:
        assert len(items) == len(set(items)), f"repeated {what}: {items}"

    for o in result.options:
        t = o.treatment.id
        once(o.why, f"why of {t}")
        once([d.key or d.question for d in o.depends_on], f"dependency of {t}")
        for d in o.depends_on:
            once([(tuple(e.values), e.effect, e.why) for e in d.effects], f"effect of {t}/{d.key}")
        once([p.why for p in o.positions], f"position of {t}")
        once([c.component.id for c in o.components], f"component of {t}")
        once(o.why_sources, f"source of {t}")
    for x in result.excluded:
        once(x.why, f"reason of {x.treatment.id}")
        once(x.sources, f"source of {x.treatment.id}")
    once(result.notes and [n.text for n in result.notes], "note")


def check_properties(kb: m.KnowledgeBase, given: Answers) -> Matched:
    result = explore(kb, given)
    answers = _known(kb, given)
    option_ids = [o.treatment.id for o in result.options]
    excluded_ids = [x.treatment.id for x in result.excluded]
    source_ids = {s.id for s in kb.sources}

    # Never empty: a treatment offered to everyone and ruled out for no one is always an option.
    assert set(unconditional(kb)) <= set(option_ids)
    if unconditional(kb):
        assert result.options

    # Options and excluded are disjoint, each listed once, and together every treatment that the
    # sources tie to a situation (and no other).
    assert not set(option_ids) & set(excluded_ids)
    assert len(set(option_ids)) == len(option_ids)
    assert len(set(excluded_ids)) == len(excluded_ids)
    assert set(option_ids) | set(excluded_ids) == {t.id for t in kb.treatments if t.offered_when}
    no_repeats(result)

    for option in result.options:
        t = option.treatment
        lims = limits(kb, t)
        sources = option_sources(option)
        assert sources, f"{t.id} has no source"
        assert set(sources) <= source_ids
        assert option.why, f"{t.id} has no reason"
        if option.fit == "done":
            # Had already: a rule saying so holds, and nothing is offered by it.
            assert any(holds(r, answers) for r in t.done_when), t.id
            assert option.depends_on == []
            continue
        assert not any(holds(r, answers) for r in t.done_when), f"{t.id} is done, not {option.fit}"
        if option.fit == "if-it-comes-back":
            # Only after an operation removed it (a principle's later_when holds), and only what
            # no limit rules out once it has come back (the principle's later_reads).
            waiting = [p for p in applied(kb, t) if any(holds(r, answers) for r in p.later_when)]
            assert waiting, t.id
            then = {**answers, **{k: tuple(v) for k, v in waiting[0].later_reads.items()}}
            assert not any(holds(r, then) and not r.differs_from for r in lims), t.id
            # It waits only on answers its rule reads while they are not known: whether it has
            # come back (a yes would make it an option for now, never rule it out), or one that
            # would make it an option for now or not (it has spread beyond an appendix taken out).
            unknown = {
                k
                for p in waiting
                for r in p.later_when
                if holds(r, answers)
                for k, vs in r.when.items()
                if UNSURE in vs and answers.get(k, (UNSURE,)) == (UNSURE,)
            }
            assert {d.key for d in option.depends_on} <= unknown, (t.id, option.depends_on)
            back = {k for p in waiting for k in p.later_reads}
            assert all(d.effect != "not-suitable" for d in option.depends_on if d.key in back), t.id
            continue
        # No option that a limit without another page's word against it rules out.
        assert not any(holds(r, answers) and not r.differs_from for r in lims), t.id
        if option.fit == "matches":
            assert any(holds(r, answers) for r in t.offered_when), t.id
            assert all(fails(r, answers) for r in lims), t.id
            assert option.depends_on == []
        elif option.fit == "depends":
            assert option.depends_on, f"{t.id} depends on nothing"
            assert not all(fails(r, answers) for r in t.offered_when), t.id
        else:
            assert option.fit == "sources-differ", option.fit
            soft = [r for r in lims if r.differs_from and holds(r, answers)]
            assert soft, t.id
            assert any(
                holds(r, answers) and all(set(r.sources) <= set(x.differs_from) for x in soft)
                for r in t.offered_when
            ), t.id
            pages = {s for p in option.positions for s in p.sources}
            assert len(option.positions) >= 2 and len(pages) >= 2, t.id
        for dep in option.depends_on:
            if dep.key is not None:
                assert answers[dep.key] == (UNSURE,), (t.id, dep.key)
            assert dep.effects and (dep.values, dep.effect) == (
                dep.effects[0].values,
                dep.effects[0].effect,
            )

    for excluded in result.excluded:
        t = excluded.treatment
        assert not any(holds(r, answers) for r in t.done_when), f"{t.id} is done, not excluded"
        assert excluded.why and excluded.sources, t.id
        assert set(excluded.sources) <= source_ids
        assert any(holds(r, answers) for r in limits(kb, t)) or all(
            fails(r, answers) for r in t.offered_when
        ), t.id

    # Deterministic: the same answers, even given in another key order, give the same result.
    assert explore(kb, given) == result
    assert explore(kb, dict(reversed(given.items()))) == result

    # Ordered by category, then file order within a category; the options where the sources
    # differ come after the others.
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    position = {t.id: i for i, t in enumerate(kb.treatments)}
    differ = [o.fit == "sources-differ" for o in result.options]
    assert differ == sorted(differ)
    for items in (
        [o for o in result.options if o.fit != "sources-differ"],
        [o for o in result.options if o.fit == "sources-differ"],
        result.excluded,
    ):
        keys = [(rank[i.treatment.category], position[i.treatment.id]) for i in items]
        assert keys == sorted(keys)

    # The JSON view of any result is valid JSON naming the same options.
    doc = json.loads(dumps(assemble(kb, given, dt.date(2026, 1, 1))))
    assert [o["id"] for o in doc["options"]] == option_ids
    assert [x["id"] for x in doc["excluded"]] == excluded_ids
    return result


def test_inline_kb_has_an_option_for_everyone() -> None:
    assert unconditional(INLINE) == ["support"]


@settings(max_examples=200, deadline=None)
@given(answers_for(INLINE.questions))
def test_engine_properties_inline(answers: Answers) -> None:
    check_properties(INLINE, answers)


def test_everything_unsure_gives_the_general_options_inline() -> None:
    result = check_properties(INLINE, check({}, INLINE.questions))
    assert [(o.treatment.id, o.fit) for o in result.options] == [
        ("surgery", "depends"),
        ("liver", "depends"),
        ("ssa", "depends"),
        ("chemo", "depends"),
        ("radio", "depends"),
        ("support", "matches"),
        ("trials", "depends"),  # its not-suitable rule is not known yet
    ]
    assert result.excluded == []


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_engine_properties_shipped(shipped: m.KnowledgeBase, data: st.DataObject) -> None:
    answers = data.draw(answers_for(shipped.questions), label="answers")
    check_properties(shipped, answers)


def test_everything_unsure_is_never_empty_shipped(shipped: m.KnowledgeBase) -> None:
    result = check_properties(shipped, check({}, shipped.questions))
    assert result.options
    assert set(unconditional(shipped)) <= {o.treatment.id for o in result.options}


# --- The issue's properties over the shipped knowledge base --------------------------------------
# Which treatments are operations, aim at a cure, or are for NETs only is read from the knowledge
# base (its intents, aims, categories and principles), never written here.


def _operations(kb: m.KnowledgeBase) -> set[str]:
    return {
        t.id
        for t in kb.treatments
        if t.category == "surgery" or "operations-need-fitness" in t.principles
    }


def _curative(kb: m.KnowledgeBase) -> set[str]:
    """Operations that aim at a cure: of curative intent, or with a cure aim that is not only
    said of an operation had (surgery as a whole, once an operation has removed it)."""
    return {
        t.id
        for t in kb.treatments
        if t.intent == "curative" or any(a.goal == "cure" and not _once_had(a) for a in t.aim)
    }


def _once_had(aim: m.Aim) -> bool:
    """Whether an aim stands only once an operation has removed it (``previous: surgery``)."""
    return any(set(u) == {"previous"} and "surgery" not in u["previous"] for u in aim.unless)


def _net_only(kb: m.KnowledgeBase) -> set[str]:
    return {t.id for t in kb.treatments if "net-only" in t.principles}


def test_the_shipped_kb_declares_what_the_properties_read(shipped: m.KnowledgeBase) -> None:
    # Guards the properties below against passing because nothing is declared.
    assert len(_operations(shipped)) >= 10
    assert {"curative-surgery", "partial-gastrectomy", "whipple"} <= _curative(shipped)
    assert {"prrt", "somatostatin-analogues", "endoscopic-resection"} <= _net_only(shipped)


def _fits(result: Matched) -> dict[str, str]:
    return {o.treatment.id: o.fit for o in result.options}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_issue_properties_shipped(shipped: m.KnowledgeBase, data: st.DataObject) -> None:
    answers = data.draw(answers_for(shipped.questions), label="answers")
    fits = _fits(explore(shipped, answers))
    offered = {t for t, fit in fits.items() if fit != "done"}  # what was had is not offered
    if answers["resectable"] == ("no",):
        # No option whose aim is cure matches when all of it can't be removed.
        assert not {t for t in _curative(shipped) if fits.get(t) == "matches"}
    if answers["fit_for_surgery"] == ("no",):
        # No operation is an option at all when you can't have surgery (an appendix already
        # removed is history, shown as done, not offered).
        assert not _operations(shipped) & offered
    if answers["kind"] == ("nec",):
        # A NEC never gets a NET-only treatment, nor surgery once it has spread.
        assert not _net_only(shipped) & offered
        if set(answers["spread"]) & {"lymph-nodes", "liver", "elsewhere"}:
            assert not _operations(shipped) & offered


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_unsure_never_excludes_what_known_answers_allow(
    shipped: m.KnowledgeBase, data: st.DataObject
) -> None:
    """Replacing one known answer by unsure moves options only towards "depends": a shown option
    stays shown, a match stays a match or depends, and an excluded option never matches. The
    answers are those the questionnaire takes: an answer to a question it would not ask (that it
    came back, after "No treatment yet") contradicts another, and undoing one side of a
    contradiction is not knowing less."""
    answers = as_asked(shipped.questions, data.draw(answers_for(shipped.questions), label="a"))
    known = [k for k, v in answers.items() if v != (UNSURE,)]
    if not known:
        return
    key = data.draw(st.sampled_from(known), label="made unsure")
    before = _fits(explore(shipped, answers))
    after = _fits(explore(shipped, {**answers, key: (UNSURE,)}))
    for tid, fit in before.items():
        if fit in ("done", "if-it-comes-back"):
            continue  # what was had, and what is for later, are history, not a fit
        assert tid in after, f"{tid} ({fit}) is excluded once {key} is unsure"
        if fit == "matches":
            # Or, for one that waits while an answer is not known (a symptom that makes it one for
            # now), under "If it comes back": never something that looks more suitable.
            assert after[tid] in ("matches", "depends", "if-it-comes-back"), (tid, after[tid])
    for tid in after.keys() - before.keys():
        assert after[tid] != "matches", f"{tid} matches once {key} is unsure"


def test_a_question_not_asked_reads_as_its_not_asked_means(shipped: m.KnowledgeBase) -> None:
    """After "No treatment yet" the questionnaire does not ask whether it came back; the rules
    read "no", so nothing waits on it, and an answer given anyway is kept."""
    base = {"kind": ["net"], "site": ["small-bowel"], "spread": ["none"], "resectable": ["yes"]}
    base |= {"fit_for_surgery": ["yes"], "sstr": ["positive"], "previous": ["none"]}
    not_asked = explore(shipped, check(base, shipped.questions))
    said_no = explore(shipped, check({**base, "came_back": ["no"]}, shipped.questions))
    assert _fits(not_asked) == _fits(said_no)
    assert not [d for o in not_asked.options for d in o.depends_on if d.key == "came_back"]
    # A reason quotes what was said ("No treatment yet"), never the answer the rules read.
    [targeted] = [x for x in not_asked.excluded if x.treatment.id == "targeted-drugs"]
    # (The overview page's one list, "has spread, can't be removed or has come back", is one
    # reason, quoting each answer it was read from.)
    back = [r for r in targeted.reasons if "come back" in r.why]
    assert back and all("previous" in r.keys and "came_back" not in r.keys for r in back)
    assert all("You have not had treatment yet." in r.why for r in back), targeted.reasons
    # "No treatment yet" with "it has come back" contradict each other: refused, saying why.
    with pytest.raises(UsageError, match="contradicts came_back=yes"):
        check({**base, "came_back": ["yes"]}, shipped.questions)
    back_after_surgery = {**base, "previous": ["surgery"], "came_back": ["yes"]}
    said_yes = explore(shipped, check(back_after_surgery, shipped.questions))
    assert _fits(said_yes).get("targeted-drugs") == "matches"


def test_not_tested_is_unknown_not_negative(shipped: m.KnowledgeBase) -> None:
    """A scan not done leaves the receptor question open: nothing is ruled out by it."""
    base = {"kind": ["net"], "site": ["pancreas"], "grade": ["2"], "spread": ["liver"]}
    not_tested = _fits(explore(shipped, check({**base, "sstr": ["not-tested"]}, shipped.questions)))
    unsure = _fits(explore(shipped, check({**base, "sstr": [UNSURE]}, shipped.questions)))
    assert not_tested == unsure


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_an_option_depends_only_on_questions_that_are_asked(
    shipped: m.KnowledgeBase, data: st.DataObject
) -> None:
    """An option never waits on a question the questionnaire would not ask for these answers (the
    size question once went unasked when the NET had spread to the liver)."""
    answers = data.draw(answers_for(shipped.questions), label="answers")
    by_id = {q.id: q for q in shipped.questions}
    for option in explore(shipped, answers).options:
        for dep in option.depends_on:
            if dep.key is not None:
                assert should_ask(by_id[dep.key], answers), (option.treatment.id, dep.key)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_history_properties_shipped(shipped: m.KnowledgeBase, data: st.DataObject) -> None:
    """With a history (what was done, how it went, whether it came back): a known answer never
    shows an option the pages rule out for it, and nothing had already is offered again as if it
    had not been. The history answers are drawn always, the rest as anywhere else."""
    by_id = {q.id: q for q in shipped.questions}
    answers = data.draw(answers_for(shipped.questions), label="answers")
    history = data.draw(
        st.lists(
            st.sampled_from([c.value for c in by_id["previous"].choices if not c.alone]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        label="previous",
    )
    came_back = data.draw(st.sampled_from(["yes", "no", UNSURE]), label="came_back")
    given = {**answers, "previous": tuple(history), "came_back": (came_back,)}
    if conflict(shipped.questions, given) is not None:
        return
    # As the questionnaire takes them: no answer to a question it does not ask (whether an
    # operation could remove a tumour one has removed).
    given = as_asked(shipped.questions, given)
    result = check_properties(shipped, given)
    read = _known(shipped, given)
    fits = _fits(result)
    for t in shipped.treatments:
        if any(holds(r, read) for r in t.done_when):
            # Had already: shown as done, never as an option for now.
            assert fits.get(t.id) == "done", (t.id, fits.get(t.id))
    now = {t for t, fit in fits.items() if fit in ("matches", "depends", "sources-differ")}
    if "surgery" in history:
        # "An operation removed it": the operation is had, whether or not it came back (and
        # whether or not that is known), never offered again as if it had not been.
        assert fits.get("surgery") == "done", fits.get("surgery")
    # An appendix taken out for another reason that left more: a NET over 2 cm (003: "more
    # surgery may be needed") or one known to have spread beyond it.
    beyond = {"lymph-nodes", "liver", "elsewhere"}
    large = read.get("found_at_appendectomy") == ("yes",) and (
        read.get("size") == ("over-2cm",) or bool(set(read.get("spread", ())) & beyond)
    )
    if "surgery" in history and came_back in ("no", UNSURE) and read["kind"] == ("net",):
        # Removed and not known to be back: no operation that removes the tumour is offered for
        # now (but for an appendix NET over 2 cm found at an appendectomy, where 003 says "more
        # surgery may be needed"), and whatever the pages give only for a NET still there waits
        # under "If it comes back".
        if not large:
            assert not _curative(shipped) & now, _curative(shipped) & now
        later = {t.id for t in shipped.treatments if any(p.later_when for p in applied(shipped, t))}
        assert later, "no principle declares what waits for a NET that comes back"
        # What a holding rule says waits (read independently of the engine) is not for now.
        waits = {
            t.id
            for t in shipped.treatments
            if any(holds(r, read) for p in applied(shipped, t) for r in p.later_when)
        }
        assert not (waits & now) - (_operations(shipped) if large else set()), waits & now
    small_appendix = {"kind": ("net",), "site": ("appendix",), "found_at_appendectomy": ("yes",)}
    small_appendix |= {"size": ("up-to-2cm",), "spread": ("none",)}
    if all(read.get(k) == v for k, v in small_appendix.items()) and came_back in ("no", UNSURE):
        # 003: removing the appendix cures a NET of 2 cm or less and no other surgery is needed:
        # while it is not known to have come back, no operation is offered for now.
        assert not _operations(shipped) & now, _operations(shipped) & now
    for o in result.options:
        for c in o.components:
            # A part that is a treatment had already is not offered again within another option.
            had = [r for r in c.component.not_suitable_when if holds(r, read)]
            assert not [r for r in had if not r.differs_from], (o.treatment.id, c.component.id)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_small_appendix_net_removed_offers_no_operation_for_now(
    shipped: m.KnowledgeBase, data: st.DataObject
) -> None:
    """003: for a NET of 2 cm or less found when the appendix was removed, most doctors see that
    as the cure with no other surgery needed. Whatever else is answered, unless it is known to
    have come back (or to have spread), no operation is offered for now and the appendectomy is
    shown as had."""
    answers = data.draw(answers_for(shipped.questions), label="answers")
    came_back = data.draw(st.sampled_from(["no", UNSURE]), label="came_back")
    given = {
        **answers,
        "kind": ("net",),
        "site": ("appendix",),
        "found_at_appendectomy": ("yes",),
        "size": ("up-to-2cm",),
        "spread": ("none",),
        "came_back": (came_back,),
    }
    if given.get("previous") == ("none",) or conflict(shipped.questions, given) is not None:
        given["previous"] = (UNSURE,)
    given = as_asked(shipped.questions, given)
    result = check_properties(shipped, given)
    fits = _fits(result)
    now = {t for t, fit in fits.items() if fit in ("matches", "depends", "sources-differ")}
    assert fits.get("appendectomy") == "done"
    assert not _operations(shipped) & now, _operations(shipped) & now

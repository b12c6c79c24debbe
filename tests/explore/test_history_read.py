"""What the independent read of 30 history situations found (issue 21), each held by the page
sentence it rests on. The scenarios in test_scenarios.py hold the rest of the history answers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from netcli.errors import UsageError
from netcli.explore import answers
from netcli.explore.fit import DONE
from netcli.explore.matched import Option
from netcli.explore.result import assemble
from netcli.knowledge import default_kb_path
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb

# 003 (acs-gi-surgery): "Most doctors believe that if the tumor is small — 2 cm or less —
# removing the appendix (appendectomy) is curative and no other surgery is needed."
APPENDIX_CURE = "taking out the appendix cures it"
# 001 (cruk-treatment-options): "You might have other treatments if: ... the NET comes back after
# initial treatment".
COMES_BACK = "other treatments for a NET that comes back"
# 001: "You usually also have chemotherapy treatment as well as surgery. You might have this: ...
# after surgery (adjuvant chemotherapy)".
NEC_ADJUVANT = "adjuvant chemotherapy"
# 003: "NETs of the appendix are often found when the appendix is removed for some other reason".
APPENDIX_FOUND = "found when your appendix was taken out"
P002 = "ccs-small-intestine"


@pytest.fixture(scope="module")
def kb() -> m.KnowledgeBase:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NETCLI_NO_CACHE", "1")
        return open_kb(default_kb_path()).knowledge_base()


def first_screen(kb: m.KnowledgeBase, given: dict[str, list[str]]) -> str:
    """What the first screen says follows what was had (the done group's statements)."""
    result = assemble(kb, answers.check(given, kb.questions), dt.date(2026, 1, 1))
    groups = result.overview.groups if result.overview else []
    return " ".join(x.text for g in groups if g.id == DONE for x in g.because)


SMALL_APPENDIX = {
    "kind": ["net"],
    "site": ["appendix"],
    "found_at_appendectomy": ["yes"],
    "size": ["up-to-2cm"],
    "grade": ["1"],
    "spread": ["none"],
    "previous": ["surgery"],
}


def test_the_cure_sentence_is_not_what_follows_once_it_has_come_back(kb: m.KnowledgeBase) -> None:
    back = first_screen(kb, {**SMALL_APPENDIX, "came_back": ["yes"]})
    assert APPENDIX_CURE not in back and COMES_BACK in back
    # ... and no word of check-ups "if it came back" to someone whose NET has come back.
    assert "how you would know if it came back" not in back
    not_back = first_screen(kb, {**SMALL_APPENDIX, "came_back": ["no"]})
    assert APPENDIX_CURE in not_back and COMES_BACK not in not_back


def test_after_an_operation_for_a_nec_the_first_screen_names_adjuvant_chemotherapy(
    kb: m.KnowledgeBase,
) -> None:
    given = {"kind": ["nec"], "site": ["colon"], "grade": ["3"], "spread": ["none"]}
    said = first_screen(kb, {**given, "previous": ["surgery"], "came_back": ["no"]})
    assert NEC_ADJUVANT in said
    net = first_screen(kb, {**given, "kind": ["net"], "previous": ["surgery"], "came_back": ["no"]})
    assert NEC_ADJUVANT not in net


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"found_at_appendectomy": ["yes"], "previous": ["none"]}, APPENDIX_FOUND),
        (
            {"previous": ["surgery"], "came_back": ["no"], "resectable": ["no"]},
            "nothing left for surgery to remove",
        ),
        ({"site": ["stomach"], "found_at_appendectomy": ["yes"]}, "NET of the appendix"),
    ],
)
def test_answers_that_contradict_what_was_done_are_refused(
    kb: m.KnowledgeBase, given: dict[str, list[str]], words: str
) -> None:
    with pytest.raises(UsageError, match="contradicts") as caught:
        answers.check(given, kb.questions)
    assert words in str(caught.value)


def test_after_the_appendix_was_taken_out_no_treatment_yet_is_not_offered(
    kb: m.KnowledgeBase,
) -> None:
    previous = next(q for q in kb.questions if q.id == "previous")
    found = answers.conflicts(previous, ["none"], {"found_at_appendectomy": ("yes",)})
    assert [c.value for c, _ in found] == ["none"]


def test_found_at_an_appendectomy_the_appendix_is_out_even_with_the_site_left_unsure(
    kb: m.KnowledgeBase,
) -> None:
    # 003: "NETs of the appendix are often found when the appendix is removed for some other
    # reason" -- the appendectomy was had, whatever the site question was answered.
    given = {"site": ["unsure"], "found_at_appendectomy": ["yes"], "size": ["up-to-2cm"]}
    result = assemble(kb, answers.check(given, kb.questions), dt.date(2026, 1, 1))
    fit = {o.treatment.id: o.fit for o in result.options}
    assert fit["appendectomy"] == DONE


@pytest.mark.parametrize("came_back", ["no", "unsure"])
def test_a_lung_net_removed_waits_on_a_reason_from_the_general_page_only(
    kb: m.KnowledgeBase, came_back: str
) -> None:
    # 003 is about "Gastrointestinal (GI) neuroendocrine tumors": it says nothing of the lung.
    given = {"kind": ["net"], "site": ["lung"], "previous": ["surgery"], "came_back": [came_back]}
    result = assemble(kb, answers.check(given, kb.questions), dt.date(2026, 1, 1))
    curative = next(o for o in result.options if o.treatment.id == "curative-surgery")
    assert curative.fit == "if-it-comes-back"
    # It may name the surgery page only to say what it covers (the fifth read, R5).
    said = [w for w in curative.why if "surgery page" in w]
    assert curative.why and all("speaks only of NETs of the gut" in w for w in said)


def _result(kb: m.KnowledgeBase, given: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    return assemble(kb, answers.check(given, kb.questions), dt.date(2026, 1, 1))


def test_a_small_appendix_net_that_came_back_is_not_read_as_removable(kb: m.KnowledgeBase) -> None:
    # 001: PRRT is for a NET that "has spread or cannot be removed with surgery"; whether a NET
    # that came back can be removed is not known, so it is not read as "yes".
    result = _result(kb, {**SMALL_APPENDIX, "came_back": ["yes"]})
    excluded = {x.treatment.id for x in result.excluded}
    assert not {"prrt", "debulking-surgery"} & excluded


def test_a_nec_that_came_back_is_not_told_adjuvant_chemotherapy_follows(
    kb: m.KnowledgeBase,
) -> None:
    # 001: "You might have surgery if your cancer hasn't spread. You usually also have
    # chemotherapy ... after surgery (adjuvant chemotherapy)": a first operation, not a recurrence.
    given = {"kind": ["nec"], "site": ["stomach"], "grade": ["3"], "previous": ["surgery"]}
    back = first_screen(kb, {**given, "came_back": ["yes"]})
    assert NEC_ADJUVANT not in back and "comes back" in back


def test_the_appendectomy_is_said_to_cure_only_a_net_of_2cm_or_less(kb: m.KnowledgeBase) -> None:
    # 003: "If the tumor is larger than 2 cm, more surgery may be needed."
    large = {**SMALL_APPENDIX, "size": ["over-2cm"], "came_back": ["no"]}
    done = next(o for o in _result(kb, large).options if o.treatment.id == "appendectomy")
    assert "cure" not in [a.goal for a in done.aims]


def test_surgerys_hormone_aim_needs_hormone_symptoms(kb: m.KnowledgeBase) -> None:
    # 001: "Surgery to remove the cancer can help with symptoms" of a NET making too many hormones.
    given = {"kind": ["net"], "site": ["colon"], "previous": ["surgery"], "came_back": ["no"]}
    for symptoms, has in (("no", False), ("yes", True)):
        result = _result(kb, {**given, "hormone_symptoms": [symptoms]})
        surgery = next(o for o in result.options if o.treatment.id == "surgery")
        assert ("symptom-relief" in [a.goal for a in surgery.aims]) is has


def test_not_starting_treatment_is_not_offered_after_an_operation_that_removed_it(
    kb: m.KnowledgeBase,
) -> None:
    # 001: "You might not start treatment straight away if you are well": before a first
    # treatment, not after an operation that took it out.
    result = _result(
        kb,
        {**SMALL_APPENDIX, "site": ["colon"], "found_at_appendectomy": ["no"], "came_back": ["no"]},
    )
    assert "not-starting-straight-away" in {x.treatment.id for x in result.excluded}


def _outcomes(kb: m.KnowledgeBase, given: dict[str, list[str]], key: str) -> dict[str, list[str]]:
    """What each answer to ``key`` would do, by option: every effect the lines give it."""
    change = next(c for c in _result(kb, given).overview.changes if c.key == key)
    out: dict[str, list[str]] = {}
    for a in change.by_answer:
        for x in a.outcomes:
            for say in x.says:
                for option in x.options:
                    out.setdefault(f"{say} {option}", []).append(x.effect)
    return out


def test_one_answer_gives_an_option_one_outcome(kb: m.KnowledgeBase) -> None:
    # 001: "You might also have surgery for neuroendocrine carcinoma (NEC) if your cancer hasn't
    # spread." With it spread, a NEC rules surgery out: it is not also "may fit".
    given = {"site": ["rectum"], "spread": ["liver"], "resectable": ["no"]}
    said = _outcomes(kb, given, "kind")
    assert said["It is a neuroendocrine carcinoma (NEC). surgery"] == ["not-suitable"]
    # 000: "You might have PRRT if the stomach NET has spread to other parts of the body and you
    # can't have surgery." That answer makes it fit, whatever the overview page's rule (which also
    # needs a scan) would still need.
    stomach = {"kind": ["net"], "site": ["stomach"], "spread": ["liver"], "grade": ["2"]}
    said = _outcomes(kb, stomach, "resectable")
    assert all(len(v) == 1 for v in said.values()), said
    assert said["Your team has said surgery could not remove all of it. prrt"] == ["fits"]


def _why(kb: m.KnowledgeBase, given: dict[str, list[str]], option: str) -> list[str]:
    return next(o.why for o in _result(kb, given).options if o.treatment.id == option)


def test_a_reason_is_said_once_on_a_card(kb: m.KnowledgeBase) -> None:
    # 000: "You might have PRRT if the stomach NET has spread to other parts of the body and you
    # can't have surgery." Can't have surgery, and it can't all be removed: one reason, once.
    given = {"kind": ["net"], "site": ["stomach"], "spread": ["liver"], "grade": ["2"]}
    why = _why(kb, {**given, "fit_for_surgery": ["no"], "resectable": ["no"]}, "prrt")
    stomach = [w for w in why if w.startswith("The stomach page says you might have PRRT")]
    assert len(stomach) == 1, why
    assert "you can't have surgery" in stomach[0] and "could not remove all" in stomach[0]


@pytest.mark.parametrize(
    ("option", "given"),
    [
        # 001: "You might have this if your cancer is in your liver and you can't have surgery
        # to remove it."
        ("rfa", {"spread": ["liver"]}),
        # 001: "You might have somatostatin analogues if your NET picks up somatostatin" and
        # "You might have other treatments if: you can't have surgery to remove the NET; the NET
        # has spread to another part of the body; the NET comes back after initial treatment".
        ("somatostatin-analogues", {"spread": ["liver"], "hormone_symptoms": ["no"]}),
        ("targeted-drugs", {"spread": ["unsure"]}),
        # 001: PRRT for a NET that "has spread or cannot be removed with surgery".
        ("prrt", {"site": ["pancreas"], "spread": ["unsure"], "sstr": ["positive"]}),
    ],
)
def test_one_page_sentence_is_one_reason_while_its_answers_are_not_known(
    kb: m.KnowledgeBase, option: str, given: dict[str, list[str]]
) -> None:
    why = _why(kb, {"kind": ["net"], "grade": ["2"], **given}, option)
    overview = [w for w in why if w.startswith("The overview page")]
    assert len(overview) == 1, why


AIMS_TO_CURE = "Whether an operation for a NET that has spread aims to cure it"


def _topics(kb: m.KnowledgeBase, given: dict[str, list[str]], option: str) -> list[str]:
    result = _result(kb, given)
    detail = next(d for d in result.overview.details if d.option.treatment.id == option)
    said = next(o for o in result.options if o.treatment.id == option)
    assert [x.topic for x in said.disagreements] == [x.topic for x in detail.disagreements]
    return [x.topic for x in detail.disagreements]


@pytest.mark.parametrize(
    ("site", "spread", "shown"),
    [
        ("stomach", "liver", True),
        ("stomach", "unsure", True),
        ("unsure", "lymph-nodes", True),
        ("lung", "liver", False),
        ("pancreas", "liver", False),
        ("stomach", "none", False),
    ],
)
def test_the_stomach_pages_debulking_disagreement_is_shown_where_it_applies(
    kb: m.KnowledgeBase, site: str, spread: str, shown: bool
) -> None:
    # 000, "Treatment for stomach NETs that have spread": "The aim of surgery might not be to
    # cure your cancer, but to give you a good quality of life for as long as possible." It says
    # nothing of a lung or pancreas NET, or of one that has not spread.
    given = {"kind": ["net"], "site": [site], "spread": [spread], "resectable": ["no"]}
    assert (AIMS_TO_CURE in _topics(kb, given, "debulking-surgery")) is shown


@pytest.mark.parametrize("site", [["unsure"], None])
def test_found_at_an_appendectomy_with_the_site_not_known_is_an_appendix_net(
    kb: m.KnowledgeBase, site: list[str] | None
) -> None:
    # 003: "This often happens with neuroendocrine tumors of the appendix. When the appendix is
    # removed (for some other reason), and examined after surgery, sometimes a neuroendocrine
    # tumor is found." A tumour found in the appendix taken out is the appendix's: no operation
    # for another site is listed.
    given = {"kind": ["net"], "found_at_appendectomy": ["yes"], "size": ["up-to-2cm"]}
    given |= {"site": site} if site else {}
    read = answers.check(given, kb.questions)
    assert read["site"] == ("appendix",)
    shown = {o.treatment.id for o in _result(kb, given).options}
    for elsewhere in ("partial-gastrectomy", "small-bowel-resection", "lar", "whipple"):
        assert elsewhere not in shown
    # ... and the questionnaire does not ask which part of the rectum it is in.
    rectum_part = next(q for q in kb.questions if q.id == "rectum_part")
    assert not answers.should_ask(
        rectum_part, {"site": ("unsure",), "found_at_appendectomy": ("yes",)}
    )


def _asked(kb: m.KnowledgeBase, given: dict[str, list[str]]) -> set[str]:
    from netcli.explore.summary import summarise

    return {a.id for a in summarise(kb, _result(kb, given), dt.date(2026, 1, 1)).ask}


NEC_SPREAD = {"kind": ["nec"], "grade": ["3"], "spread": ["liver"]}


@pytest.mark.parametrize(
    ("given", "not_asked"),
    [
        # 003 names LAR for "some tumors in the upper part of the rectum", AP resection for "the
        # lower part", removal through the anus for "rectal neuroendocrine tumors": operations
        # for NETs. 001: NECs "are different to neuroendocrine tumours ... The treatment you
        # need is different."
        (NEC_SPREAD, "rectum-operation"),
        # 001: "You might have surgery if your cancer hasn't spread": for a NEC that has spread
        # the pages describe no operation, so none of these is left open.
        (NEC_SPREAD, "can-all-be-removed"),
        (NEC_SPREAD, "fit-for-surgery"),
        (NEC_SPREAD, "appendix-size"),
        # 001: "Doctors can check for this using special scans": once the scan has said, the
        # question of a scan is answered.
        (
            {"kind": ["net"], "site": ["pancreas"], "spread": ["liver"], "sstr": ["positive"]},
            "receptor-scan",
        ),
        (
            {"kind": ["net"], "site": ["pancreas"], "spread": ["liver"], "sstr": ["negative"]},
            "receptor-scan",
        ),
        # 001: "You might have symptoms if you have a NET that is producing too many hormones":
        # someone without such symptoms, or severe ones, is not asked about treating them now.
        (
            {
                "kind": ["net"],
                "site": ["pancreas"],
                "spread": ["liver"],
                "sstr": ["positive"],
                "hormone_symptoms": ["no"],
                "severe_symptoms": ["none"],
            },
            "symptoms-now",
        ),
    ],
)
def test_the_summary_asks_only_what_the_answers_leave_open(
    kb: m.KnowledgeBase, given: dict[str, list[str]], not_asked: str
) -> None:
    assert not_asked not in _asked(kb, given)


@pytest.mark.parametrize(
    ("given", "done"),
    [
        (
            {"kind": ["net"], "site": ["colon"], "previous": ["surgery"], "came_back": ["no"]},
            "surgery",
        ),
        ({**SMALL_APPENDIX, "came_back": ["no"]}, "appendectomy"),
        (
            {"kind": ["net"], "site": ["pancreas"], "previous": ["ssa-controlling"]},
            "somatostatin-analogues",
        ),
    ],
)
def test_what_was_had_is_asked_about_as_had(
    kb: m.KnowledgeBase, given: dict[str, list[str]], done: str
) -> None:
    # 001: "Your doctor will talk to you about your treatment options. They will discuss the
    # benefits and the possible side effects with you": the pages leave these open, and the
    # questions are about the treatment had and what follows it, not one still to come.
    from netcli.render.jsonparts import option_rows

    result = _result(kb, given)
    option = next(o for o in result.options if o.treatment.id == done)
    assert option.fit == DONE
    detail = next(d for d in result.overview.details if d.option is option)
    asks = [r.ask for r in detail.rows if r.ask]
    asks += [r["ask"] for r in option_rows(option.treatment, option.aims, done=True) if r["ask"]]
    assert asks
    for ask in asks:
        assert not re.search(r"\b(will|would)\b", ask), ask


WELL_ENOUGH = "To make sure you are well enough for surgery."


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"previous": ["surgery"], "came_back": ["no"]}, False),
        ({**SMALL_APPENDIX, "previous": ["unsure"], "came_back": ["unsure"]}, False),
        ({**SMALL_APPENDIX, "came_back": ["no"]}, False),
        ({"previous": ["none"], "resectable": ["yes"], "fit_for_surgery": ["yes"]}, True),
        ({"previous": ["surgery"], "came_back": ["yes"], "resectable": ["yes"]}, True),
    ],
)
def test_urgent_treatment_is_not_said_to_ready_you_for_an_operation_already_had(
    kb: m.KnowledgeBase, given: dict[str, list[str]], said: bool
) -> None:
    # 001: "you might need other treatment straight away to help you feel better. And to make
    # sure you are well enough for surgery": for an operation to come, not one that removed it.
    given = {"kind": ["net"], "site": ["colon"], "hormone_symptoms": ["yes"], **given}
    urgent = next(
        o for o in _result(kb, given).options if o.treatment.id == "urgent-symptom-control"
    )
    assert (WELL_ENOUGH in [a.text for a in urgent.aims]) is said


def _follows(kb: m.KnowledgeBase, given: dict[str, list[str]]) -> str:
    return " ".join(s.text for s in _result(kb, given).overview.follows)


STOMACH_SPREAD = {"kind": ["net"], "site": ["stomach"], "spread": ["liver"], "grade": ["2"]}
NOT_WORKING = {"previous": ["other-treatments-not-working"]}


def test_other_treatments_not_working_brings_the_stomach_pages_everolimus(
    kb: m.KnowledgeBase,
) -> None:
    # 000: "You might have everolimus if you have a stomach NET that has spread and other
    # treatments aren't working."
    given = {**STOMACH_SPREAD, **NOT_WORKING}
    assert "everolimus" in _follows(kb, given)
    result = _result(kb, given)
    detail = next(d for d in result.overview.details if d.option.treatment.id == "targeted-drugs")
    said = [w for w in detail.why if "everolimus" in w]
    assert said and "they are not working" in said[0], detail.why
    assert "everolimus" not in _follows(kb, {**STOMACH_SPREAD, "previous": ["none"]})


@pytest.mark.parametrize("site", ["pancreas", "lung", "small-bowel"])
def test_elsewhere_the_pages_do_not_say_what_follows_other_treatments_not_working(
    kb: m.KnowledgeBase, site: str
) -> None:
    # 001: "You might have other treatments if: ... the NET comes back after initial treatment":
    # it says nothing of a treatment that stops working. Only 000 does, for the stomach.
    said = _follows(kb, {**STOMACH_SPREAD, "site": [site], **NOT_WORKING})
    assert "only for a stomach NET that has spread" in said and "Ask your team" in said
    assert "everolimus, a targeted cancer drug" not in said


def test_other_treatments_working_say_the_pages_are_silent_on_what_follows(
    kb: m.KnowledgeBase,
) -> None:
    # The pages say nothing of a treatment that is working: say so, with the question.
    said = _follows(kb, {**STOMACH_SPREAD, "previous": ["other-treatments-working"]})
    assert "The pages do not say" in said and "follow-up" in said


@pytest.mark.parametrize("previous", ["other-treatments-working", "other-treatments-not-working"])
def test_not_starting_treatment_is_not_offered_to_someone_having_treatment(
    kb: m.KnowledgeBase, previous: str
) -> None:
    # 001: "You might not start treatment straight away if you are well": about starting it.
    result = _result(kb, {**STOMACH_SPREAD, "previous": [previous]})
    assert "not-starting-straight-away" in {x.treatment.id for x in result.excluded}


@pytest.mark.parametrize(
    "given",
    [
        {"kind": ["net"]},
        {"kind": ["net"], "spread": ["liver"], "hormone_symptoms": ["no"]},
        {**STOMACH_SPREAD, "fit_for_surgery": ["no"], "resectable": ["no"]},
        {"kind": ["net"], "site": ["pancreas"], "sstr": ["positive"]},
    ],
)
def test_no_card_begins_two_reasons_alike(kb: m.KnowledgeBase, given: dict[str, list[str]]) -> None:
    # 003's "Potentially curative surgery is used when the results of exams and tests suggest
    # that it's possible to remove (resect) all the cancer", for the gut and (only the team can
    # say) elsewhere, while the site is not known: two reasons, not the same one twice.
    for detail in _result(kb, given).overview.details:
        starts = [" ".join(w.split()[:10]) for w in detail.why]
        assert len(starts) == len(set(starts)), (detail.option.treatment.id, detail.why)


def test_the_appendectomys_cure_aim_is_not_shown_once_it_has_come_back(kb: m.KnowledgeBase) -> None:
    # 003: "Most doctors believe that if the tumor is small — 2 cm or less — removing the appendix
    # (appendectomy) is curative": a belief about a NET that has not come back (third read, F7).
    back = {**SMALL_APPENDIX, "came_back": ["yes"]}
    done = next(o for o in _result(kb, back).options if o.treatment.id == "appendectomy")
    assert "cure" not in [a.goal for a in done.aims]
    not_back = {**SMALL_APPENDIX, "came_back": ["no"]}
    done = next(o for o in _result(kb, not_back).options if o.treatment.id == "appendectomy")
    assert "cure" in [a.goal for a in done.aims]


def test_no_other_surgery_is_part_of_what_most_doctors_believe(kb: m.KnowledgeBase) -> None:
    # 003: "Most doctors believe that if the tumor is small — 2 cm or less — removing the appendix
    # (appendectomy) is curative and no other surgery is needed": one belief, not a fact after it
    # (third read, F5).
    said = first_screen(kb, {**SMALL_APPENDIX, "came_back": ["no"]})
    assert "believe that taking out the appendix cures it and that no other surgery" in said
    assert "No other surgery is needed." not in said


# ---- The third read's open findings (F1-F4, F6) --------------------------------------------------

NEC_COLON = {"kind": ["nec"], "site": ["colon"], "grade": ["3"], "spread": ["none"]}


def _option(kb: m.KnowledgeBase, given: dict[str, list[str]], tid: str) -> Option:
    return next(o for o in _result(kb, given).options if o.treatment.id == tid)


@pytest.mark.parametrize(
    "history",
    [
        {"previous": ["surgery"], "came_back": ["yes"]},
        {"previous": ["other-treatments-not-working"]},
        {"previous": ["surgery", "other-treatments-not-working"], "came_back": ["no"]},
    ],
)
def test_chemotherapy_for_a_nec_that_came_back_is_for_the_team(
    kb: m.KnowledgeBase, history: dict[str, list[str]]
) -> None:
    # 001: "You usually also have chemotherapy treatment as well as surgery ... You have
    # chemotherapy on its own": a NEC's treatment; the page says nothing of a NEC that comes back
    # or of treatment that stops working (F1).
    chemo = _option(kb, {**NEC_COLON, **history}, "chemotherapy-nec")
    assert chemo.fit == "depends"
    assert any(d.key is None and "comes back" in d.question for d in chemo.depends_on)
    # Not knowing the history reads as a first treatment, as everywhere else.
    assert _option(kb, NEC_COLON, "chemotherapy-nec").fit == "matches"
    first = _option(kb, {**NEC_COLON, "previous": ["none"]}, "chemotherapy-nec")
    assert first.fit == "matches"


def test_no_page_states_that_chemotherapy_for_a_nec_controls_it(kb: m.KnowledgeBase) -> None:
    # 001: "Chemotherapy uses anti cancer (cytotoxic) drugs to destroy cancer cells": what it does.
    # No page says what it aims to do for a NEC (F1): the aim is those words, not "control".
    for tid in ("chemotherapy-nec", "chemoradiotherapy"):
        goals = [a.goal for a in _option(kb, NEC_COLON, tid).aims]
        assert goals == ["destroy-cells"], (tid, goals)


@pytest.mark.parametrize("site", ["lung", "stomach", "pancreas"])
def test_the_small_intestine_pages_nec_drugs_are_not_listed_elsewhere(
    kb: m.KnowledgeBase, site: str
) -> None:
    # 002 (small intestine only): "Neuroendocrine carcinomas are usually treated with chemotherapy
    # regimens that often include the drugs streptozocin (Zanosar) and 5-fluorouracil" (F2).
    chemo = _option(kb, {**NEC_COLON, "site": [site]}, "chemotherapy-nec")
    assert {u.drug for u in chemo.drugs} == {"carboplatin", "cisplatin", "etoposide", "irinotecan"}
    assert P002 not in chemo.why_sources
    assert not [d for d in chemo.disagreements if "NECs" in d.topic]
    bowel = _option(kb, {**NEC_COLON, "site": ["small-bowel"]}, "chemotherapy-nec")
    assert {"streptozotocin", "fluorouracil"} <= {u.drug for u in bowel.drugs}
    assert P002 in bowel.why_sources


LARGE_APPENDIX = {**SMALL_APPENDIX, "size": ["over-2cm"], "came_back": ["no"]}


def test_more_surgery_for_a_large_appendix_net_is_not_only_for_if_it_comes_back(
    kb: m.KnowledgeBase,
) -> None:
    # 003: "If the tumor is larger than 2 cm, more surgery may be needed": now, not if it comes
    # back (F3). Potentially curative surgery stands with "More surgery after an appendectomy".
    fits = {o.treatment.id: o.fit for o in _result(kb, LARGE_APPENDIX).options}
    assert fits["curative-surgery"] != "if-it-comes-back"
    assert fits["more-surgery-after-appendectomy"] != "if-it-comes-back"
    small = {
        o.treatment.id: o.fit for o in _result(kb, {**SMALL_APPENDIX, "came_back": ["no"]}).options
    }
    assert small.get("curative-surgery") in (None, "if-it-comes-back")


@pytest.mark.parametrize(
    ("given", "cure"),
    [
        (
            {
                "kind": ["net"],
                "site": ["small-bowel"],
                "previous": ["surgery"],
                "came_back": ["no"],
            },
            True,
        ),
        ({"kind": ["net"], "site": ["rectum"], "previous": ["surgery"], "came_back": ["no"]}, True),
        (
            {
                "kind": ["net"],
                "site": ["small-bowel"],
                "previous": ["surgery"],
                "came_back": ["yes"],
            },
            False,
        ),
        (
            {"kind": ["net"], "site": ["pancreas"], "previous": ["surgery"], "came_back": ["no"]},
            False,
        ),
        ({"kind": ["net"], "site": ["colon"], "resectable": ["no"]}, False),
    ],
)
def test_the_operation_had_can_be_potentially_curative(
    kb: m.KnowledgeBase, given: dict[str, list[str]], cure: bool
) -> None:
    # 003: "Potentially curative surgery is used when the results of exams and tests suggest that
    # it's possible to remove (resect) all the cancer" (NETs of the gut; F4). Not once it has come
    # back, not where it can't all be removed, and not for a site the page does not cover.
    surgery = _option(kb, given, "surgery")
    assert ("cure" in [a.goal for a in surgery.aims]) is cure, surgery.aims


LIVER_TREATMENTS = ("liver-resection", "liver-transplant", "rfa", "tae", "tace", "sirt")


def test_liver_treatments_are_for_spread_to_the_liver_not_the_other_list(
    kb: m.KnowledgeBase,
) -> None:
    # 001 gives the liver treatments under "Treatment options for neuroendocrine tumour (NET) that
    # has spread to your liver", apart from "You might have other treatments if: you can't have
    # surgery ... has spread ... comes back" (F6).
    given = {"kind": ["net"], "site": ["small-bowel"], "previous": ["surgery"], "came_back": ["no"]}
    result = _result(kb, given)
    later = {o.treatment.id: o for o in result.options if o.fit == "if-it-comes-back"}
    for tid in LIVER_TREATMENTS:
        words = " ".join(later[tid].why)
        assert "spread to the liver" in words and "can't be removed" not in words, tid
    assert "can't be removed" in " ".join(later["somatostatin-analogues"].why)


# ---- The fourth read (30 history situations after the fixes above): N1-N6, N8 ----------------


@pytest.mark.parametrize(
    "history",
    [
        {"previous": ["surgery"], "came_back": ["yes"]},
        {"previous": ["other-treatments-not-working"]},
    ],
)
def test_chemoradiotherapy_for_a_nec_that_came_back_is_for_the_team_too(
    kb: m.KnowledgeBase, history: dict[str, list[str]]
) -> None:
    # 001: "For some NEC's, you might have it with radiotherapy": said of a NEC's treatment, not
    # of one that comes back or whose treatment is not working (N1). The team question says what
    # a yes does: the option may still be had.
    given = {**NEC_COLON, "spread": ["elsewhere"], **history}
    chemo = _option(kb, given, "chemoradiotherapy")
    [dep] = [d for d in chemo.depends_on if d.key is None and "comes back" in d.question]
    assert dep.effects[0].effect != "not-suitable"
    assert _option(kb, given, "chemotherapy-nec").depends_on[0].effects[0].effect == "fits"


def test_urgent_treatment_is_not_said_to_ready_a_nec_that_has_spread_for_surgery(
    kb: m.KnowledgeBase,
) -> None:
    # 001: "You might have surgery if your cancer hasn't spread" (NEC): so "to make sure you are
    # well enough for surgery" is not an aim for a NEC that has spread (N2).
    given = {**NEC_COLON, "spread": ["liver"]}
    urgent = _option(kb, given, "urgent-symptom-control")
    assert WELL_ENOUGH not in [a.text for a in urgent.aims]
    result = _result(kb, given)
    severe = next(q for q in result.overview.changes if q.key == "severe_symptoms")
    assert "an operation still to come" not in severe.settled_by.text


SPREAD_APPENDIX = {**SMALL_APPENDIX, "spread": ["liver"], "came_back": ["no"]}


def test_a_small_appendix_net_that_has_spread_is_not_said_cured(kb: m.KnowledgeBase) -> None:
    # 003: "Most doctors believe that if the tumor is small — 2 cm or less — removing the appendix
    # (appendectomy) is curative": about the tumour in the appendix, not one that has spread (N3).
    said = first_screen(kb, SPREAD_APPENDIX)
    assert APPENDIX_CURE not in said and "spread beyond it" in said
    appendectomy = _option(kb, SPREAD_APPENDIX, "appendectomy")
    assert "cure" not in [a.goal for a in appendectomy.aims]
    fits = {o.treatment.id: o.fit for o in _result(kb, SPREAD_APPENDIX).options}
    # 001: "The following treatments might be options if your NET has spread to your liver".
    assert fits["tae"] != "if-it-comes-back" and fits["targeted-drugs"] != "if-it-comes-back"


def test_an_option_depends_only_on_answers_that_could_decide_it(kb: m.KnowledgeBase) -> None:
    # 001: somatostatin analogues "if your NET picks up somatostatin" and it has spread, can't be
    # removed or comes back: with the spread known, whether it could be removed, whether you are
    # fit for surgery and whether it came back change nothing (N4).
    given = {"kind": ["net"], "site": ["pancreas"], "grade": ["2"], "spread": ["liver"]}
    ssa = _option(kb, {**given, "previous": ["other-treatments-working"]}, "somatostatin-analogues")
    keys = {d.key for d in ssa.depends_on}
    assert "sstr" in keys and not keys & {"resectable", "fit_for_surgery", "came_back"}


def test_a_reason_cites_only_its_own_page(kb: m.KnowledgeBase) -> None:
    # 000 (the stomach page): "You might have chemotherapy ... if you have symptoms"; its reason,
    # when the site rules it out, cites the stomach page, not the small intestine page (N5).
    result = _result(kb, {"kind": ["net"], "site": ["lung"], "spread": ["none"]})
    for x in result.excluded:
        for r in x.reasons:
            if r.why.startswith("The stomach page"):
                assert r.sources == ["cruk-stomach-spread"], (x.treatment.id, r.sources)


@pytest.mark.parametrize(
    ("tid", "words"),
    [
        # 002: "People with small intestine cancer may be offered ... clinical trials."
        ("clinical-trials", "people with small intestine cancer"),
        # 000: "You are likely to have hepatic artery embolisation if you can't have surgery."
        ("tae", "for a stomach NET that has spread"),
        # 002: "Neuroendocrine tumours are not very sensitive to chemotherapy".
        ("chemotherapy-net", "The small intestine page says NETs do not respond much"),
    ],
)
def test_a_sites_page_is_named_where_its_fact_is_shown_elsewhere(
    kb: m.KnowledgeBase, tid: str, words: str
) -> None:
    # N6: a fact from a page about one site, shown for a NET elsewhere, says whose it is.
    given = {"kind": ["net"], "site": ["pancreas"], "spread": ["liver"], "resectable": ["no"]}
    option = _option(kb, given, tid)
    t = option.treatment
    texts = [*option.why, *(w.text for w in t.wording), *(c.text for c in t.caveats)]
    assert any(words in x for x in texts), texts


@pytest.mark.parametrize("previous", ["other-treatments-working", "other-treatments-not-working"])
def test_a_treatment_had_may_be_among_the_options(kb: m.KnowledgeBase, previous: str) -> None:
    # N8: netcli can't know which "other treatment" it was: it says one may be among those shown.
    said = _follows(kb, {**STOMACH_SPREAD, "site": ["pancreas"], "previous": [previous]})
    assert "may be one of the options shown here" in said


@pytest.mark.parametrize("site", ["small-bowel", "colon", "pancreas"])
def test_another_operation_after_it_came_back_is_for_the_team(
    kb: m.KnowledgeBase, site: str
) -> None:
    # 001: "You might have other treatments if: ... the NET comes back after initial treatment";
    # no page says whether an operation is done again: the named operations wait on the team's
    # word (issue 21's decision #2), and a yes says they may fit.
    given = {"kind": ["net"], "site": [site], "spread": ["liver"], "previous": ["surgery"]}
    result = _result(kb, {**given, "came_back": ["yes"]})
    for o in result.options:
        if o.treatment.intent == "curative":
            assert o.fit == "depends", (o.treatment.id, o.fit)
            assert any(d.key is None and "another operation" in d.question for d in o.depends_on)


# ---- The fifth read (30 new history situations): R1-R5, R7 ---------------------------------------


@pytest.mark.parametrize(
    ("given", "tid"),
    [
        ({"kind": ["net"], "site": ["duodenum"], "grade": ["2"]}, "debulking-surgery"),
        ({"kind": ["nec"], "site": ["rectum"], "spread": ["none"]}, "debulking-surgery"),
        (
            {**SMALL_APPENDIX, "size": ["over-2cm"], "spread": ["none"]},
            "more-surgery-after-appendectomy",
        ),
    ],
)
def test_every_operation_after_it_came_back_waits_on_the_team(
    kb: m.KnowledgeBase, given: dict[str, list[str]], tid: str
) -> None:
    # 001: "You might have other treatments if: ... the NET comes back after initial treatment";
    # 003's debulking and "more surgery may be needed" are not said of a NET that came back (R1).
    option = _option(kb, {**given, "previous": ["surgery"], "came_back": ["yes"]}, tid)
    assert option.fit == "depends"
    assert any(d.key is None and "another operation" in d.question for d in option.depends_on)


def test_an_answer_alone_does_not_fit_an_operation_the_team_must_still_agree(
    kb: m.KnowledgeBase,
) -> None:
    # R2: with the team's word on another operation still open, "surgery could remove all of it"
    # alone would still leave it depending on the team, and says so.
    given = {"kind": ["net"], "site": ["duodenum"], "previous": ["surgery"], "came_back": ["yes"]}
    curative = _option(kb, given, "curative-surgery")
    [removal] = [d for d in curative.depends_on if d.key == "resectable"]
    assert "fits" not in {e.effect for e in removal.effects}
    assert "still-depends" in {e.effect for e in removal.effects}


def test_removal_is_asked_when_the_appendix_taken_out_left_spread(kb: m.KnowledgeBase) -> None:
    # 003: "Palliative surgery may be done if imaging tests show that the cancer is too widespread
    # to be removed completely": taking out the appendix did not remove lymph nodes it spread to,
    # so whether all of it could be removed is not read as "yes" (R3).
    given = {**SMALL_APPENDIX, "spread": ["lymph-nodes"], "came_back": ["no"]}
    checked = answers.check(given, kb.questions)
    [removal] = [q for q in kb.questions if q.id == "resectable"]
    assert answers.should_ask(removal, checked)
    excluded = {x.treatment.id for x in _result(kb, given).excluded}
    assert "debulking-surgery" not in excluded


def test_somatostatin_analogues_for_hormone_symptoms_now_are_for_now(kb: m.KnowledgeBase) -> None:
    # 001: "Somatostatin analogues are a possible treatment for people with these symptoms":
    # with hormone symptoms after the operation they are not only for if it comes back (R4).
    given = {"kind": ["net"], "site": ["pancreas"], "previous": ["surgery"], "came_back": ["no"]}
    symptoms = _option(kb, {**given, "hormone_symptoms": ["yes"]}, "somatostatin-analogues")
    assert symptoms.fit != "if-it-comes-back"
    quiet = _option(kb, {**given, "hormone_symptoms": ["no"]}, "somatostatin-analogues")
    assert quiet.fit == "if-it-comes-back"


def test_a_pancreas_net_removed_keeps_the_gut_only_caveat_and_its_answer(
    kb: m.KnowledgeBase,
) -> None:
    # 003 is "Surgery for Gastrointestinal Neuroendocrine Tumors" (R5); the person said it has not
    # come back, and is not told it is "not known".
    given = {"kind": ["net"], "site": ["pancreas"], "previous": ["surgery"], "came_back": ["no"]}
    why = " ".join(_option(kb, given, "curative-surgery").why)
    assert "only of NETs of the gut" in why and "it has not come back" in why
    assert "not known to have come back" not in why


def test_a_nec_that_came_back_is_not_told_another_operation_is_the_teams_call(
    kb: m.KnowledgeBase,
) -> None:
    # 001: "You might have surgery if your cancer hasn't spread" (NEC): the operation had does not
    # hint at another one for a NEC that has spread (R7).
    given = {**NEC_COLON, "spread": ["elsewhere"], "previous": ["surgery"], "came_back": ["yes"]}
    done = _option(kb, given, "surgery")
    assert done.fit == "done" and not [w for w in done.why if "another operation" in w]


def test_what_would_bring_an_option_waiting_for_if_it_comes_back_to_now(
    kb: m.KnowledgeBase,
) -> None:
    # The fourth read's N3 (residue) and the sixth read's T2: an option that waits while an answer
    # is not known says what that answer would do. 001: "The following treatments might be options
    # if your NET has spread to your liver"; "Somatostatin analogues are a possible treatment for
    # people with these symptoms".
    small = _result(kb, {**SMALL_APPENDIX, "spread": ["unsure"], "came_back": ["no"]})
    assert not any("whether it has spread" in x for x in small.overview.unchanged)
    [spread] = [c for c in small.overview.changes if c.key == "spread"]
    assert "tae" in {t for o in spread.outcomes for t in o.options}
    given = {"kind": ["net"], "site": ["lung"], "previous": ["surgery"], "came_back": ["no"]}
    [symptoms] = [c for c in _result(kb, given).overview.changes if c.key == "hormone_symptoms"]
    assert "somatostatin-analogues" in {t for o in symptoms.outcomes for t in o.options}


def test_surgery_for_a_nec_whose_treatment_is_not_working_waits_on_the_team(
    kb: m.KnowledgeBase,
) -> None:
    # 001's NEC section gives surgery ("You might have surgery if your cancer hasn't spread") and
    # chemotherapy in the same first-treatment words: neither is said of a NEC whose treatment is
    # not working (the sixth read, T5), so both wait on the same question.
    given = {**NEC_COLON, "previous": ["other-treatments-not-working"]}
    for tid in ("surgery", "debulking-surgery", "chemotherapy-nec"):
        option = _option(kb, given, tid)
        assert any(d.key is None and "NEC comes back" in d.question for d in option.depends_on)


def test_the_name_of_the_somatostatin_part_is_said_only_where_the_part_may_apply(
    kb: m.KnowledgeBase,
) -> None:
    # The sixth read, T3: the overview page's "somatostatin inhibitors" against "somatostatin
    # analogues" is about a part given for a NET's hormone symptoms; not shown for a NEC.
    topic = "What the somatostatin medicine for urgent symptom control is called"
    nec = _option(
        kb, {**NEC_COLON, "severe_symptoms": ["heavy-diarrhoea"]}, "urgent-symptom-control"
    )
    assert topic not in [d.topic for d in nec.disagreements]
    net = {"kind": ["net"], "site": ["colon"], "hormone_symptoms": ["yes"]}
    assert topic in [d.topic for d in _option(kb, net, "urgent-symptom-control").disagreements]


def test_more_surgery_that_cannot_be_had_says_the_pages_are_silent(kb: m.KnowledgeBase) -> None:
    # 003: "If the tumor is larger than 2 cm, more surgery may be needed"; no page says what is
    # done when it can't be (the sixth read, T4): say so, with the question.
    given = {**LARGE_APPENDIX, "fit_for_surgery": ["no"]}
    assert "can't have an operation. Ask your team" in first_screen(kb, given)
    fit = {**LARGE_APPENDIX, "fit_for_surgery": ["yes"]}
    assert "can't have an operation" not in first_screen(kb, fit)

"""What the independent read of 30 history situations found (issue 21), each held by the page
sentence it rests on. The scenarios in test_scenarios.py hold the rest of the history answers."""

from __future__ import annotations

import datetime as dt

import pytest

from netcli.errors import UsageError
from netcli.explore import answers
from netcli.explore.fit import DONE
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
    assert curative.why and not any("surgery page" in w for w in curative.why)

"""The optional last step (issue 12, item 4): what matters to the person and how ready they feel.
Answer keys for scripts, checked like the others; carried in the result; never changes an option.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.env import Env
from netcli.errors import UsageError
from netcli.explore.answers import parse_pairs
from netcli.explore.reflection import OWN_WORDS, keys, reflect, split
from netcli.explore.wizard import Wizard
from netcli.knowledge import default_kb_path
from netcli.knowledge.load import open_kb
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from tests.conftest import DOWN, ENTER, SPACE, UP, support

STEP = """\
reflection:
  intro: Two optional last questions.
  matters:
    id: matters
    text: What matters most?
    help: No right answer.
    sources: [src-a]
    multiple: true
    unsure_label: Not sure yet
    choices:
      - {value: symptoms, label: Controlling my symptoms}
      - {value: time, label: Having time before deciding}
  own_words: Anything else, in your own words?
  ready:
    - id: ready_sure
      text: Do you feel sure?
      help: It is common not to.
      sources: [src-a]
      choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
    - id: ready_support
      text: Do you have the support you need?
      help: Ask your team.
      sources: [src-a]
      choices: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
  not_ready: {text: Worth telling your team., sources: [src-a]}
"""

KB = (
    """\
version: "0.0.1"
date: 2025-01-01
disclaimer: Test disclaimer.
sources:
  - {id: src-a, kind: patient-page, title: Page A}
questions:
  - id: site
    text: Where did it start?
    help: Your report says.
    sources: [src-a]
    choices:
      - {value: pancreas, label: The pancreas}
      - {value: rectum, label: The rectum}
treatments:
  - id: surgery
    name: Surgery
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: An operation., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {site: [pancreas]}, why: For the pancreas., sources: [src-a]}
"""
    + support("Support", "For everyone.")
    + """\
drugs: []
sites: []
glossary: []
"""
    + STEP
)

PARSED = validate(parse(KB, "kb.yaml"), "kb.yaml")
STEP_RECORD = PARSED.reflection


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return path


def explore(kb_path: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--kb", str(kb_path), "explore", *args])


# --- the core --------------------------------------------------------------------------------


def test_keys_and_split() -> None:
    assert keys(STEP_RECORD) == ["matters", OWN_WORDS, "ready_sure", "ready_support"]
    main, mine = split(
        {"site": ["pancreas"], "matters": ["time"], "ready_sure": ["no"]}, STEP_RECORD
    )
    assert main == {"site": ["pancreas"]}
    assert mine == {"matters": ["time"], "ready_sure": ["no"]}
    assert keys(None) == []


def test_reflect_gives_plain_words_and_says_when_not_ready() -> None:
    x = reflect(
        {"matters": ["symptoms", "time"], OWN_WORDS: ["Work, and family"], "ready_sure": ["no"]},
        STEP_RECORD,
    )
    assert x is not None
    assert x.matters == [
        ("symptoms", "Controlling my symptoms"),
        ("time", "Having time before deciding"),
    ]
    assert x.own_words == "Work, and family"
    assert [(a.key, a.question, a.answer) for a in x.ready] == [
        ("ready_sure", "Do you feel sure?", "No")
    ]
    assert x.not_ready is not None and x.not_ready.text == "Worth telling your team."


def test_reflect_all_yes_says_nothing_more_and_nothing_given_is_none() -> None:
    x = reflect({"ready_sure": ["yes"], "ready_support": ["yes"]}, STEP_RECORD)
    assert x is not None and x.not_ready is None and x.matters == []
    assert reflect({}, STEP_RECORD) is None
    assert reflect({"matters": ["time"]}, None) is None


def test_unsure_readiness_counts_as_not_ready_and_unsure_matters_shows_its_words() -> None:
    x = reflect({"matters": ["unsure"], "ready_support": ["unsure"]}, STEP_RECORD)
    assert x is not None
    assert x.matters == [("unsure", "Not sure yet")]
    assert x.not_ready is not None


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"matters": ["money"]}, "matters has no value 'money'"),
        ({"ready_sure": ["yes", "no"]}, "ready_sure takes one value"),
        ({OWN_WORDS: ["x" * 2001]}, "own_words is longer than 2000 characters"),
    ],
)
def test_reflect_refuses_what_it_cannot_read(given: dict[str, list[str]], words: str) -> None:
    with pytest.raises(UsageError, match=words):
        reflect(given, STEP_RECORD)


def test_own_words_keep_their_commas_on_the_command_line() -> None:
    pairs = parse_pairs(
        ["own_words=Work, and my family", "matters=symptoms,time"], whole=[OWN_WORDS]
    )
    assert pairs == {OWN_WORDS: ["Work, and my family"], "matters": ["symptoms", "time"]}


# --- the command -----------------------------------------------------------------------------


def test_json_carries_the_step_in_words(kb_path: Path) -> None:
    result = explore(
        kb_path,
        "-a",
        "site=pancreas",
        "-a",
        "matters=time",
        "-a",
        "own_words=Being able to work, and my family",
        "-a",
        "ready_sure=no",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["reflection"] == {
        "matters": [{"value": "time", "label": "Having time before deciding"}],
        "own_words": "Being able to work, and my family",
        "ready": [
            {"key": "ready_sure", "question": "Do you feel sure?", "value": "no", "answer": "No"}
        ],
        "not_ready": {"text": "Worth telling your team.", "sources": ["src-a"]},
        "role": None,
        "speaks_to": [
            {
                "value": "time",
                "label": "Having time before deciding",
                "options": [],
                "others": [
                    {"id": "surgery", "name": "Surgery"},
                    {"id": "support", "name": "Support"},
                ],
                "ask": None,
            }
        ],
    }
    assert "matters" not in doc["answers"]  # the questionnaire's answers stay as they were


def test_an_answers_file_takes_the_step_too(kb_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("site: rectum\nmatters: [symptoms]\nown_words: Sleep, mostly\n", "utf-8")
    doc = json.loads(explore(kb_path, "--answers", str(answers), "--json").stdout)
    assert doc["reflection"]["own_words"] == "Sleep, mostly"
    assert doc["reflection"]["matters"] == [
        {"value": "symptoms", "label": "Controlling my symptoms"}
    ]


def test_terminal_shows_what_matters_as_things_to_discuss(kb_path: Path) -> None:
    result = explore(
        kb_path, "-a", "matters=symptoms", "-a", "own_words=Work", "-a", "ready_support=no"
    )
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "What matters to you (to talk over with your team)" in flat
    assert "• Controlling my symptoms" in flat
    assert "In your own words: Work" in flat
    assert "Do you have the support you need? No" in flat
    assert "Worth telling your team. [1]" in flat


def test_a_bad_step_answer_is_a_usage_error(kb_path: Path) -> None:
    result = explore(kb_path, "-a", "ready_sure=maybe")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "ready_sure has no value 'maybe'" in result.stderr


def _options(kb_path: Path, *args: str) -> list[tuple[str, str]]:
    doc = json.loads(explore(kb_path, *args, "--json").stdout)
    return [(o["id"], o["fit"]) for o in doc["options"]] + [("x", x["id"]) for x in doc["excluded"]]


@settings(max_examples=25, deadline=None)
@given(
    site=st.sampled_from(["pancreas", "rectum", "unsure"]),
    matters=st.lists(st.sampled_from(["symptoms", "time"]), unique=True, min_size=1),
    sure=st.sampled_from(["yes", "no", "unsure"]),
)
def test_the_step_never_changes_or_reorders_the_options(
    tmp_path_factory: pytest.TempPathFactory, site: str, matters: list[str], sure: str
) -> None:
    path = tmp_path_factory.mktemp("kb") / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    plain = _options(path, "-a", f"site={site}")
    with_step = _options(
        path, "-a", f"site={site}", "-a", "matters=" + ",".join(matters), "-a", f"ready_sure={sure}"
    )
    assert with_step == plain


# --- the wizard ------------------------------------------------------------------------------


def run_wizard(keys: str) -> dict[str, list[str]]:
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        env = Env.in_memory(terminal=True, prompt_input=inp, prompt_output=DummyOutput())
        return Wizard(PARSED.questions, "", STEP_RECORD, env=env).run()


def test_wizard_skipping_the_step_takes_one_key() -> None:
    # site: Not sure; review: Enter; the step is offered, and "n" alone skips it.
    assert run_wizard(ENTER + ENTER + "n") == {"site": ["unsure"]}


def test_wizard_offers_the_step_by_default() -> None:
    # Enter on the offer starts the step; its questions start on Not sure.
    keys = ENTER + ENTER + ENTER  # site, review, the offer
    keys += ENTER + ENTER + ENTER + ENTER  # matters, own words (empty), ready_sure, ready_support
    assert run_wizard(keys) == {
        "site": ["unsure"],
        "matters": ["unsure"],
        "ready_sure": ["unsure"],
        "ready_support": ["unsure"],
    }


def test_wizard_answering_the_step() -> None:
    # Answer them; matters: tick Controlling my symptoms (down past Not sure yet, wrapping);
    # own words; ready_sure: No (up from Not sure); ready_support: Go back to ready_sure, keep No
    # (Enter); ready_support: Yes.
    keys = ENTER + ENTER  # site, review
    keys += ENTER  # Answer them (the default)
    keys += DOWN + SPACE + ENTER  # matters
    keys += "Work, and family" + ENTER
    keys += UP + ENTER  # ready_sure: No
    keys += DOWN + ENTER  # ready_support: Go back
    keys += ENTER  # ready_sure: No kept
    keys += DOWN * 2 + ENTER  # ready_support: past Go back to Yes
    answers = run_wizard(keys)
    assert answers == {
        "site": ["unsure"],
        "matters": ["symptoms"],
        OWN_WORDS: ["Work, and family"],
        "ready_sure": ["no"],
        "ready_support": ["yes"],
    }


def test_wizard_empty_own_words_are_left_out() -> None:
    keys = ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER
    answers = run_wizard(keys)
    assert OWN_WORDS not in answers
    assert answers["matters"] == ["unsure"]


# --- the shipped knowledge base --------------------------------------------------------------


def test_shipped_step_is_written_from_the_pages_aims_and_asks_four_readiness_questions() -> None:
    kb = open_kb(default_kb_path())
    step = kb.meta.reflection
    assert step is not None
    # The examples: controlling symptoms, removing the cancer, avoiding a big operation,
    # time before deciding (001: "You might not start treatment straight away if you are well").
    values = [c.value for c in step.matters.choices]
    for value in ("symptoms", "remove", "avoid-big-operation", "time"):
        assert value in values
    assert step.matters.multiple
    assert all(
        s in {x.id for x in kb.all("sources") if x.kind == "patient-page"}
        for s in step.matters.sources
    )
    # SURE: sure, understand, clear about what matters, support; each yes or no.
    assert [q.id for q in step.ready] == [
        "ready_sure",
        "ready_understand",
        "ready_clear",
        "ready_support",
    ]
    assert all([c.value for c in q.choices] == ["yes", "no"] for q in step.ready)
    # 001: "you can call the Cancer Research UK information nurses ... Freephone: 0808 800 4040"
    assert "0808 800 4040" in step.not_ready.text
    assert step.not_ready.sources == ["cruk-treatment-options"]


def test_a_step_question_id_that_is_also_a_question_is_invalid(
    write_kb: Callable[..., Path],
) -> None:
    path = write_kb(KB.replace("id: ready_sure", "id: site"))
    result = CliRunner().invoke(app, ["kb", "validate", str(path)])
    assert result.exit_code == 1
    assert "reflection.ready[0].id: the id 'site' is also a question's id" in result.stderr


def test_the_summary_carries_what_matters_and_escapes_the_persons_words(
    kb_path: Path, tmp_path: Path
) -> None:
    md, html = tmp_path / "s.md", tmp_path / "s.html"
    for target in (md, html):
        args = ["-a", "matters=time", "-a", "own_words=<b>Work</b> & family", "-a", "ready_sure=no"]
        result = explore(kb_path, *args, "--report", str(target))
        assert result.exit_code == 0, result.stderr
    text = md.read_text(encoding="utf-8")
    section = text.split("## What matters to you")[1].split("## ")[0]
    assert "What matters most to you: Having time before deciding" in section
    assert "Do you feel sure? No" in section
    assert "Worth telling your team. [1]" in section
    page = html.read_text(encoding="utf-8")
    assert "&lt;b&gt;Work&lt;/b&gt; &amp; family" in page
    assert "<b>Work</b>" not in page


def test_an_unknown_key_names_the_last_steps_keys_too(kb_path: Path) -> None:
    result = explore(kb_path, "-a", "mattesr=time")
    assert result.exit_code == 2
    assert "Unknown answer key 'mattesr'." in result.stderr
    assert "site, matters, own_words, ready_sure, ready_support." in result.stderr


# A second page that only the last step's "not ready" note cites: no option cites it.
ONLY_THE_STEP_CITES = KB.replace(
    "  - {id: src-a, kind: patient-page, title: Page A}\n",
    "  - {id: src-a, kind: patient-page, title: Page A}\n"
    "  - {id: src-b, kind: patient-page, title: Page B}\n",
).replace(
    "not_ready: {text: Worth telling your team., sources: [src-a]}",
    "not_ready: {text: Worth telling your team., sources: [src-b]}",
)


@pytest.fixture
def step_cites_kb(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(ONLY_THE_STEP_CITES, encoding="utf-8")
    assert validate(parse(ONLY_THE_STEP_CITES, "kb.yaml"), "kb.yaml").reflection is not None
    return path


def test_a_source_only_the_last_step_cites_is_numbered_in_every_view(
    step_cites_kb: Path, tmp_path: Path
) -> None:
    """The result is assembled once, after the last step: its source is a reference like any
    other (it was "internal error (StopIteration)" and, with --json, silently left out)."""
    answers = ["-a", "site=pancreas", "-a", "ready_sure=no"]
    shown = explore(step_cites_kb, *answers)
    assert shown.exit_code == 0, shown.stderr
    assert "Worth telling your team. [2]" in " ".join(shown.stdout.split())
    doc = json.loads(explore(step_cites_kb, *answers, "--json").stdout)
    assert [r["id"] for r in doc["references"]] == ["src-a", "src-b"]
    report = tmp_path / "summary.md"
    saved = explore(step_cites_kb, *answers, "--report", str(report))
    assert saved.exit_code == 0, saved.stderr
    assert "Page B" in report.read_text(encoding="utf-8")


# --- own words that are not text, or not one text (issue 23) --------------------------------


@pytest.mark.parametrize("words", ["ab\udcffcd", "a\ud800b"], ids=["non-utf8-byte", "surrogate"])
@pytest.mark.parametrize("out", ["--report", "--json", "terminal"])
def test_own_words_that_are_not_utf8_are_a_clear_usage_error(
    kb_path: Path, tmp_path: Path, words: str, out: str
) -> None:
    # A byte that is not UTF-8 on the command line reaches Python as a lone surrogate ("\udcff");
    # so does "\ud800" in a JSON answers file. Either is refused in words, never an internal error.
    args = ["-a", "site=pancreas", "-a", f"own_words={words}"]
    if out == "--report":
        args += ["--report", str(tmp_path / "summary.md")]
    elif out == "--json":
        args += ["--json"]
    result = explore(kb_path, *args)
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "own_words" in result.stderr and "UTF-8" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "summary.md").exists()


def test_own_words_with_a_surrogate_in_a_json_answers_file_are_refused(
    kb_path: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"site": "pancreas", "own_words": "a\\ud800b"}', "utf-8")
    result = explore(kb_path, "--answers", str(answers), "--report", str(tmp_path / "s.md"))
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "UTF-8" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["[time with family, work]", "42", "yes", "{a: b}"],
    ids=["list", "number", "yes-no", "mapping"],
)
def test_own_words_that_are_not_one_text_are_refused_not_changed(
    kb_path: Path, tmp_path: Path, value: str
) -> None:
    # A list of own words lost its commas ("time with family work"); a number or yes would be
    # read as YAML reads it. Each is refused, saying to write one piece of text.
    answers = tmp_path / "a.yaml"
    answers.write_text(f"site: pancreas\nown_words: {value}\n", "utf-8")
    result = explore(kb_path, "--answers", str(answers), "--json")
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "own_words is free text" in result.stderr


def test_own_words_as_a_list_in_json_are_refused(kb_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"own_words": ["time, with family", "work"]}', "utf-8")
    result = explore(kb_path, "--answers", str(answers), "--json")
    assert result.exit_code == 2
    assert "own_words is free text" in result.stderr


def test_own_words_lose_characters_that_print_as_nothing() -> None:
    # The variation selectors and U+FFF9 too (attack run h41, D4): a hidden message, one byte a
    # character, went into the summary.
    words = "Work\u200b and\u2028family\U000e0041\u00ad\ufe0f\U000e0100\U000e0169\ufff9"
    reflected = reflect({OWN_WORDS: [words]}, STEP_RECORD)
    assert reflected is not None
    assert reflected.own_words == "Work and family"


# --- what matters does something (issue 22) -------------------------------------------------

ROLE_STEP = STEP.replace(
    "  not_ready:",
    """\
  role:
    id: role
    text: How would you like to decide?
    help: Any answer is fine.
    sources: [src-a]
    choices:
      - {value: myself, label: Myself}
      - {value: shared, label: With my team}
      - {value: team, label: Leave it to my team}
  speaks_to:
    - {matter: symptoms, goals: [symptom-relief, support]}
    - {matter: time, ask: Could it wait?}
  not_ready:""",
)
ROLE_KB = KB.replace(STEP, ROLE_STEP)
ROLE_RECORD = validate(parse(ROLE_KB, "kb.yaml"), "kb.yaml").reflection
SHOWN = [("surgery", "Surgery", ["cure"]), ("support", "Support", ["support"])]


def test_each_priority_picked_names_the_options_whose_aims_speak_to_it() -> None:
    x = reflect({"matters": ["symptoms", "time"]}, ROLE_RECORD, SHOWN)
    assert x is not None
    symptoms, time = x.speaks
    assert (symptoms.value, symptoms.speak, symptoms.others) == (
        "symptoms",
        [("support", "Support")],
        [("surgery", "Surgery")],
    )
    assert symptoms.ask is None
    # No option's aims speak to having time: said so, with the question to ask.
    assert (time.speak, time.ask) == ([], "Could it wait?")


def test_the_options_keep_the_order_shown_never_a_ranking() -> None:
    both = [("a", "A", ["support"]), ("b", "B", ["cure"]), ("c", "C", ["support"])]
    x = reflect({"matters": ["symptoms"]}, ROLE_RECORD, both)
    assert x is not None and [n for _, n in x.speaks[0].speak] == ["A", "C"]
    x = reflect({"matters": ["symptoms"]}, ROLE_RECORD, both[::-1])
    assert x is not None and [n for _, n in x.speaks[0].speak] == ["C", "A"]


def test_the_role_is_an_answer_key_and_comes_back_in_words() -> None:
    assert "role" in keys(ROLE_RECORD)
    x = reflect({"role": ["shared"]}, ROLE_RECORD)
    assert x is not None and x.role == ("shared", "With my team")
    x = reflect({"role": ["unsure"]}, ROLE_RECORD)
    assert x is not None and x.role is None


def test_wizard_asks_the_role() -> None:
    keys = ENTER + ENTER + ENTER  # site, review, the offer (answered by default)
    keys += ENTER + ENTER  # matters: Not sure yet; own words: none
    keys += UP + UP + ENTER  # role: up from Not sure past Leave it to my team to With my team
    keys += ENTER + ENTER  # ready_sure, ready_support
    parsed = validate(parse(ROLE_KB, "kb.yaml"), "kb.yaml")
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        env = Env.in_memory(terminal=True, prompt_input=inp, prompt_output=DummyOutput())
        answers = Wizard(parsed.questions, "", parsed.reflection, env=env).run()
    assert answers["role"] == ["shared"]


def test_the_role_and_what_speaks_to_each_priority_reach_json_and_the_summary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(ROLE_KB, encoding="utf-8")
    args = ["-a", "site=pancreas", "-a", "matters=symptoms", "-a", "role=team"]
    doc = json.loads(explore(path, *args, "--json").stdout)
    assert doc["reflection"]["role"] == {"value": "team", "label": "Leave it to my team"}
    [speaks] = doc["reflection"]["speaks_to"]
    assert speaks["options"] == [{"id": "support", "name": "Support"}]
    assert speaks["others"] == [{"id": "surgery", "name": "Surgery"}]
    html = tmp_path / "s.html"
    assert explore(path, *args, "--report", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    # On the first page: before the break that starts the details.
    first = page[: page.index("The options in detail")]
    assert "How you would like to decide: Leave it to my team" in first
    assert "Controlling my symptoms: the stated aims of these speak to it: Support." in first

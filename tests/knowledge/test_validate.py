"""validate: every problem of a knowledge base at once, as ``file:line:col: path: message``."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from netcli.errors import InvalidDataError
from netcli.knowledge import model as m
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import json_schema, validate
from tests.helpers import own_words


def problems(write_kb: Callable[..., Path], text: str, rows: bool = False) -> list[str]:
    """Each problem validation finds in ``text``, read as the file kb.yaml (without the rows an
    option leaves open, with ``rows=False``)."""
    path = write_kb(text)
    with pytest.raises(InvalidDataError) as caught:
        validate(load_file(path, "kb.yaml"), "kb.yaml")
    count = len(caught.value.problems)
    assert caught.value.message.startswith(
        f"The knowledge base has {count} problem{'s' if count != 1 else ''}:\n"
    )
    return [own_words(str(p)) for p in caught.value.problems if rows or ROW_PROBLEM not in str(p)]


# The smallest valid knowledge base.
MINIMAL = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions: []
treatments: []
drugs: []
sites: []
glossary: []
"""

# One question, one treatment and the drug it uses. Tests below change one line of it, so that the
# line numbers stay those shown here.
ONE = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions:
  - id: kind
    text: NET or NEC?
    help: Ask your team.
    sources: [page]
    choices: [{value: net, label: NET}, {value: nec, label: NEC}]
treatments:
  - id: ssas
    name: Somatostatin analogues
    category: drug
    aim: [{goal: control, sources: [page]}]
    about: [{text: Drugs like a hormone., sources: [page]}]
    sources: [page]
    drugs: [{drug: octreotide, sources: [page]}]
drugs:
  - id: octreotide
    name: octreotide
    drug_class: {text: A somatostatin analogue., sources: [page]}
    how_it_works: [{text: It slows hormone release., sources: [page]}]
    sources: [page]
sites: []
glossary: []
"""


# ONE with the questions to ask for the four rows its treatment leaves open (issue 22). The
# tests above that read ONE's line numbers leave those problems out (``problems(..., rows=False)``).
NS_LINE = "    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}"
VALID_ONE = ONE.replace("    category: drug\n", "    category: drug\n" + NS_LINE + "\n", 1)
ROW_PROBLEM = "has no statement: give one with its sources, or the question to ask"


def one_with(line: int, text: str) -> str:
    """ONE with its line ``line`` (1-based) replaced by ``text``."""
    lines = ONE.splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"


def one_plus(after: int, text: str) -> str:
    """ONE with ``text`` inserted as a new line after its line ``after``."""
    lines = ONE.splitlines()
    lines.insert(after, text)
    return "\n".join(lines) + "\n"


def test_the_minimal_knowledge_base_is_valid(write_kb: Callable[..., Path]) -> None:
    kb = validate(load_file(write_kb(MINIMAL), "kb.yaml"), "kb.yaml")
    assert kb.version == "1"
    assert kb.sources == [m.Source(id="page", kind="patient-page", title="A page")]
    assert kb.treatments == [] and kb.topics == [] and kb.ask == []


def test_a_knowledge_base_with_a_treatment_and_its_drug_is_valid(
    write_kb: Callable[..., Path],
) -> None:
    kb = validate(load_file(write_kb(VALID_ONE), "kb.yaml"), "kb.yaml")
    assert kb.treatments[0].drugs == [m.DrugUse(drug="octreotide", sources=["page"])]
    assert kb.drugs[0].drug_class == m.Statement(text="A somatostatin analogue.", sources=["page"])


def test_the_small_knowledge_base_of_the_cli_tests_is_valid(kb_file: Path) -> None:
    kb = validate(load_file(kb_file), str(kb_file))
    assert [d.id for d in kb.drugs] == ["octreotide", "fluorouracil", "streptozocin"]


# --- Keys and types -------------------------------------------------------------------------------


def test_an_unknown_section(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, MINIMAL + "colour: red\n") == [
        "kb.yaml:11:1: colour: unknown key 'colour'; the sections are: version, date, disclaimer, "
        "sources, questions, treatments, drugs, sites, glossary, topics, ask, notes, principles, "
        "about, reflection, plain_answers"
    ]


def test_an_unknown_key_in_a_record_is_located_at_the_key(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_with(19, "    colour: red")) == [
        "kb.yaml:19:5: treatments[0].colour: unknown key 'colour'"
    ]


def test_an_unknown_key_in_a_nested_statement(write_kb: Callable[..., Path]) -> None:
    text = one_with(17, "    about: [{text: Drugs like a hormone., source: [page]}]")
    assert problems(write_kb, text) == [
        "kb.yaml:17:13: treatments[0].about[0].sources: missing key 'sources'",
        "kb.yaml:17:43: treatments[0].about[0].source: unknown key 'source'",
    ]


def test_a_number_where_text_is_expected(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, MINIMAL.replace('version: "1"', "version: 1")) == [
        "kb.yaml:1:10: version: … (got 1)"
    ]


def test_text_where_a_number_is_expected_is_not_coerced(write_kb: Callable[..., Path]) -> None:
    text = MINIMAL.replace("title: A page}", 'title: A page, year: "2020"}')
    assert problems(write_kb, text) == ['kb.yaml:5:57: sources[0].year: … (got "2020")']


def test_text_where_a_list_is_expected(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_with(18, "    sources: page")) == [
        'kb.yaml:18:14: treatments[0].sources: … (got "page")'
    ]


def test_a_value_outside_a_fixed_set_names_the_values_it_may_take(
    write_kb: Callable[..., Path],
) -> None:
    path = write_kb(one_with(15, "    category: pills"))
    with pytest.raises(InvalidDataError) as caught:
        validate(load_file(path, "kb.yaml"), "kb.yaml")
    [problem] = caught.value.problems
    assert own_words(str(problem)) == 'kb.yaml:15:15: treatments[0].category: … (got "pills")'
    assert all(repr(c) in problem.message for c in typing.get_args(m.Category))


def test_a_quoted_yes_is_not_a_boolean(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_plus(9, "    multiple: 'yes'")) == [
        'kb.yaml:10:15: questions[0].multiple: … (got "yes")'
    ]


def test_an_empty_section_is_not_an_empty_list(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, MINIMAL.replace("glossary: []", "glossary:")) == [
        "kb.yaml:10:10: glossary: … (got null)"
    ]


def test_a_missing_section(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, MINIMAL.replace("glossary: []\n", "")) == [
        "kb.yaml:1:1: missing key 'glossary'"
    ]


def test_a_missing_key_is_located_at_its_record(write_kb: Callable[..., Path]) -> None:
    text = ONE.replace("    drug_class: {text: A somatostatin analogue., sources: [page]}\n", "")
    assert problems(write_kb, text) == [
        "kb.yaml:21:5: drugs[0].drug_class: missing key 'drug_class'"
    ]


def test_the_top_level_must_be_a_mapping(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, "- a\n- b\n") == [
        "kb.yaml:1:1: the top level must be a mapping of sections (version, sources, drugs, ...)"
    ]


# --- References -----------------------------------------------------------------------------------


def test_an_unknown_source(write_kb: Callable[..., Path]) -> None:
    text = one_with(17, "    about: [{text: Drugs like a hormone., sources: [pgae]}]")
    assert problems(write_kb, text) == [
        "kb.yaml:17:53: treatments[0].about[0].sources[0]: unknown source 'pgae'"
    ]


def test_an_unknown_drug(write_kb: Callable[..., Path]) -> None:
    text = one_with(19, "    drugs: [{drug: lanreotide, sources: [page]}]")
    assert problems(write_kb, text) == [
        "kb.yaml:19:20: treatments[0].drugs[0].drug: unknown drug 'lanreotide'",
        "kb.yaml:21:9: drugs[0].id: drug 'octreotide' is used by no treatment",
    ]


def test_an_unknown_glossary_term(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_plus(18, "    terms: [mdt, carcinoid]")) == [
        "kb.yaml:19:13: treatments[0].terms[0]: unknown glossary term 'mdt'",
        "kb.yaml:19:18: treatments[0].terms[1]: unknown glossary term 'carcinoid'",
    ]


SITE_WITH_UNKNOWN_TREATMENT = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions: []
treatments: []
drugs: []
sites:
  - id: pancreas
    name: Pancreas
    group: site
    about: [{text: A gland behind the stomach., sources: [page]}]
    coverage: some
    sources: [page]
    treatments: [{treatment: surgery, sources: [page]}]
glossary: []
"""


def test_an_unknown_treatment_mentioned_by_a_site(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, SITE_WITH_UNKNOWN_TREATMENT) == [
        "kb.yaml:16:30: sites[0].treatments[0].treatment: unknown treatment 'surgery'"
    ]


def test_an_unknown_parent_treatment(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_plus(15, "    part_of: surgery")) == [
        "kb.yaml:16:14: treatments[0].part_of: unknown treatment 'surgery'"
    ]


def test_a_source_cited_by_something_that_is_not_a_patient_page(
    write_kb: Callable[..., Path],
) -> None:
    text = MINIMAL.replace(
        "title: A page}\n",
        "title: A page}\n  - {id: esmo, kind: guideline, title: G, cited_by: [esmo, nowhere]}\n",
    )
    assert problems(write_kb, text) == [
        "kb.yaml:6:54: sources[1].cited_by[0]: 'esmo' is not a patient page of this file",
        "kb.yaml:6:60: sources[1].cited_by[1]: 'nowhere' is not a patient page of this file",
    ]


def test_a_drug_no_treatment_uses(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_with(19, "    drugs: []")) == [
        "kb.yaml:21:9: drugs[0].id: drug 'octreotide' is used by no treatment"
    ]


# --- Ids, names and sources -----------------------------------------------------------------------

DUPLICATE_ID = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
  - {id: other, kind: patient-page, title: Another page}
  - {id: page, kind: guideline, title: A guideline}
questions: []
treatments: []
drugs: []
sites: []
glossary: []
"""


def test_a_duplicate_id(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, DUPLICATE_ID) == [
        "kb.yaml:7:10: sources[2].id: duplicate id 'page' (also sources[0])"
    ]


def test_a_duplicate_id_counts_even_when_the_record_is_broken(
    write_kb: Callable[..., Path],
) -> None:
    text = one_plus(20, "  - id: octreotide")
    assert problems(write_kb, text) == [
        "kb.yaml:21:5: drugs[0].name: missing key 'name'",
        "kb.yaml:21:5: drugs[0].drug_class: missing key 'drug_class'",
        "kb.yaml:21:5: drugs[0].how_it_works: missing key 'how_it_works'",
        "kb.yaml:21:5: drugs[0].sources: missing key 'sources'",
        "kb.yaml:22:9: drugs[1].id: duplicate id 'octreotide' (also drugs[0])",
    ]


AMBIGUOUS_ALIAS = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions: []
treatments:
  - id: ssas
    name: Somatostatin analogues
    category: drug
    aim: [{goal: control, sources: [page]}]
    about: [{text: Drugs like a hormone., sources: [page]}]
    sources: [page]
    drugs: [{drug: octreotide, sources: [page]}, {drug: lanreotide, sources: [page]}]
drugs:
  - id: octreotide
    name: octreotide
    aliases: [{name: SSA, kind: abbreviation, sources: [page]}]
    drug_class: {text: A somatostatin analogue., sources: [page]}
    how_it_works: [{text: It slows hormone release., sources: [page]}]
    sources: [page]
  - id: lanreotide
    name: lanreotide
    aliases: [{name: s-s-a, kind: abbreviation, sources: [page]}]
    drug_class: {text: A somatostatin analogue., sources: [page]}
    how_it_works: [{text: It slows hormone release., sources: [page]}]
    sources: [page]
sites: []
glossary: []
"""


def test_one_name_that_would_find_two_records(write_kb: Callable[..., Path]) -> None:
    # "s-s-a" and "SSA" are one name once case and punctuation are set aside.
    assert problems(write_kb, AMBIGUOUS_ALIAS) == [
        "kb.yaml:24:22: drugs[1].aliases[0].name: the name 's-s-a' also names drugs 'octreotide' "
        "('SSA')"
    ]


def test_a_uk_spelling_that_names_another_record(write_kb: Callable[..., Path]) -> None:
    text = AMBIGUOUS_ALIAS.replace("name: SSA,", "name: carcinoid tumour drug,").replace(
        "name: s-s-a,", "name: Carcinoid Tumor Drug,"
    )
    assert problems(write_kb, text) == [
        "kb.yaml:24:22: drugs[1].aliases[0].name: the name 'Carcinoid Tumor Drug' also names "
        "drugs 'octreotide' ('carcinoid tumour drug')"
    ]


def test_the_same_name_in_two_kinds_is_allowed(write_kb: Callable[..., Path]) -> None:
    # `treatment octreotide` and `drug octreotide` are different questions.
    text = VALID_ONE.replace("    name: Somatostatin analogues", "    name: Octreotide")
    assert validate(load_file(write_kb(text), "kb.yaml"), "kb.yaml").treatments[0].name == (
        "Octreotide"
    )


def test_a_name_without_letters_or_digits(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_with(22, "    name: '---'")) == [
        "kb.yaml:22:11: drugs[0].name: the name '---' has no letters or digits"
    ]


def test_a_record_that_names_no_source(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, one_with(18, "    sources: []")) == [
        "kb.yaml:18:14: treatments[0].sources: names no source; every statement needs one"
    ]


def test_a_statement_that_names_no_source(write_kb: Callable[..., Path]) -> None:
    text = one_with(24, "    how_it_works: [{text: It slows hormone release., sources: []}]")
    assert problems(write_kb, text) == [
        "kb.yaml:24:63: drugs[0].how_it_works[0].sources: names no source; "
        "every statement needs one"
    ]


# --- Answers in rules -----------------------------------------------------------------------------

RULES = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions:
  - id: kind
    text: NET or NEC?
    help: Ask your team.
    sources: [page]
    choices: [{value: net, label: NET}, {value: nec, label: NEC}]
treatments:
  - id: surgery
    name: Surgery
    category: surgery
    aim: [{goal: cure, sources: [page]}]
    about: [{text: An operation., sources: [page]}]
    sources: [page]
    offered_when:
      - when: {grade: [g1], kind: [net, carcinoid, unsure]}
        why: Because.
        sources: [page]
drugs: []
sites: []
glossary: []
"""


def test_an_unknown_answer_key_and_value_in_a_rule(write_kb: Callable[..., Path]) -> None:
    # A rule cannot ask for `unsure`: an unsure answer leaves a rule open instead.
    assert problems(write_kb, RULES) == [
        "kb.yaml:20:16: treatments[0].offered_when[0].when.grade: unknown answer key 'grade'; "
        "the keys are: kind",
        "kb.yaml:20:41: treatments[0].offered_when[0].when.kind[1]: kind has no value "
        "'carcinoid'; the values are: nec, net",
        "kb.yaml:20:52: treatments[0].offered_when[0].when.kind[2]: kind has no value 'unsure'; "
        "the values are: nec, net",
    ]


def test_a_question_may_be_asked_when_an_answer_is_unsure(write_kb: Callable[..., Path]) -> None:
    text = one_with(
        11,
        "    choices: [{value: net, label: NET}, {value: nec, label: NEC}]\n"
        "    ask_when: {kind: [unsure, carcinoid]}",
    )
    assert problems(write_kb, text) == [
        "kb.yaml:12:31: questions[0].ask_when.kind[1]: kind has no value 'carcinoid'; "
        "the values are: nec, net, unsure"
    ]


def test_choice_values_must_be_unique_and_not_unsure(write_kb: Callable[..., Path]) -> None:
    text = one_with(11, "    choices: [{value: net, label: NET}, {value: unsure, label: Not sure}]")
    assert problems(write_kb, text) == [
        "kb.yaml:11:14: questions[0].choices: choice values must be unique and not 'unsure'"
    ]


SITE_OF_A_KIND = """\
version: "1"
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
questions:
  - id: kind
    text: NET or NEC?
    help: Ask your team.
    sources: [page]
    choices: [{value: net, label: NET}, {value: nec, label: NEC}]
treatments: []
drugs: []
sites:
  - id: net
    name: Neuroendocrine tumour
    group: kind
    answer_values: [net, carcinoid]
    about: [{text: A slow-growing tumour., sources: [page]}]
    coverage: some
    sources: [page]
glossary: []
"""


def test_a_site_answer_value_that_its_question_does_not_offer(
    write_kb: Callable[..., Path],
) -> None:
    # The path and column are those of the value: answer_values[1], 'carcinoid' at column 26.
    assert problems(write_kb, SITE_OF_A_KIND) == [
        "kb.yaml:18:26: sites[0].answer_values[1]: kind has no value 'carcinoid'; "
        "the values are: nec, net"
    ]


# --- Several problems -----------------------------------------------------------------------------

SEVERAL = """\
version: 1
date: 2025-01-01
disclaimer: Not advice.
sources:
  - {id: page, kind: patient-page, title: A page}
  - {id: page, kind: leaflet, title: A leaflet}
questions: []
treatments:
  - id: ssas
    name: Somatostatin analogues
    category: drug
    aim: [{goal: control, sources: [page]}]
    about: [{text: Drugs like a hormone., sources: [page]}]
    sources: [page]
    drugs: [{drug: octreotide, sources: [page]}]
    colour: blue
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
drugs:
  - id: octreotide
    name: octreotide
    drug_class: {text: A somatostatin analogue., sources: [esmo]}
    how_it_works: [{text: It slows hormone release., sources: [page]}]
    sources: [page]
    terms: [mdt]
sites: []
glossary: []
extra: 1
"""


def test_every_problem_is_reported_at_once_in_file_order(write_kb: Callable[..., Path]) -> None:
    assert problems(write_kb, SEVERAL) == [
        "kb.yaml:1:10: version: … (got 1)",
        "kb.yaml:6:10: sources[1].id: duplicate id 'page' (also sources[0])",
        'kb.yaml:6:22: sources[1].kind: … (got "leaflet")',
        "kb.yaml:16:5: treatments[0].colour: unknown key 'colour'",
        "kb.yaml:21:60: drugs[0].drug_class.sources[0]: unknown source 'esmo'",
        "kb.yaml:24:13: drugs[0].terms[0]: unknown glossary term 'mdt'",
        "kb.yaml:27:1: extra: unknown key 'extra'; the sections are: version, date, disclaimer, "
        "sources, questions, treatments, drugs, sites, glossary, topics, ask, notes, principles, "
        "about, reflection, plain_answers",
    ]


def test_the_json_schema_describes_the_file() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "netcli knowledge base"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "version",
        "date",
        "disclaimer",
        "sources",
        "questions",
        "treatments",
        "drugs",
        "sites",
        "glossary",
    }
    json.dumps(schema)


# --- netcli kb validate ---------------------------------------------------------------------------


def test_kb_validate_a_valid_file(run: Callable[..., Result], kb_file: Path) -> None:
    result = run("kb", "validate", str(kb_file))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{kb_file}: valid (3 treatments, 3 drugs, 1 sites, 1 glossary, 3 sources, 2 questions)\n"
    )
    assert result.stderr == ""


def test_kb_validate_a_valid_file_json(run: Callable[..., Result], kb_file: Path) -> None:
    result = run("kb", "validate", str(kb_file), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "path": str(kb_file),
        "valid": True,
        "counts": {
            "treatments": 3,
            "drugs": 3,
            "sites": 1,
            "glossary": 1,
            "sources": 3,
            "questions": 2,
        },
    }


def test_kb_validate_checks_the_file_given_with_kb(
    run: Callable[..., Result], kb_file: Path
) -> None:
    result = run("--kb", str(kb_file), "kb", "validate")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{kb_file}: valid (")


def test_kb_validate_a_broken_file_reports_every_problem_on_stderr(
    run: Callable[..., Result], write_kb: Callable[..., Path]
) -> None:
    path = write_kb(SEVERAL)
    result = run("kb", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert own_words(result.stderr) == (
        "netcli: The knowledge base has 7 problems:\n"
        f"{path}:1:10: version: … (got 1)\n"
        f"{path}:6:10: sources[1].id: duplicate id 'page' (also sources[0])\n"
        f'{path}:6:22: sources[1].kind: … (got "leaflet")\n'
        f"{path}:16:5: treatments[0].colour: unknown key 'colour'\n"
        f"{path}:21:60: drugs[0].drug_class.sources[0]: unknown source 'esmo'\n"
        f"{path}:24:13: drugs[0].terms[0]: unknown glossary term 'mdt'\n"
        f"{path}:27:1: extra: unknown key 'extra'; the sections are: version, date, disclaimer, "
        "sources, questions, treatments, drugs, sites, glossary, topics, ask, notes, principles, "
        "about, reflection, plain_answers\n"
    )


def test_kb_validate_a_broken_file_json(
    run: Callable[..., Result], write_kb: Callable[..., Path]
) -> None:
    path = write_kb(DUPLICATE_ID)
    result = run("kb", "validate", str(path), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "invalid_knowledge_base"
    assert error["problems"] == [
        {
            "file": str(path),
            "line": 7,
            "column": 10,
            "path": "sources[2].id",
            "message": "duplicate id 'page' (also sources[0])",
        }
    ]
    assert error["message"] == (
        f"The knowledge base has 1 problem:\n{path}:7:10: sources[2].id: duplicate id 'page' "
        "(also sources[0])"
    )


def test_kb_validate_a_file_that_is_not_yaml(
    run: Callable[..., Result], write_kb: Callable[..., Path]
) -> None:
    path = write_kb("version: [1\n")
    result = run("kb", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"netcli: The knowledge base is not valid YAML:\n{path}:2:1: YAML syntax error: "
    )
    assert result.stderr.count("\n") == 2


def test_kb_validate_a_missing_file(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("kb", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"netcli: The knowledge base cannot be read:\n{tmp_path / 'nope.yaml'}: no such file\n"
    )


def test_kb_validate_refuses_a_python_tag_and_runs_nothing(
    run: Callable[..., Result], write_kb: Callable[..., Path], tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    path = write_kb(MINIMAL + f'notes: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = run("kb", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "netcli: The knowledge base has 1 problem:\n"
        f"{path}:11:8: notes: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed\n"
    )
    assert not marker.exists()


def test_kb_validate_trusts_a_cache_built_from_exactly_these_bytes(
    run: Callable[..., Result], kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcli.knowledge import validate as validate_module
    from netcli.knowledge.load import open_kb

    first = run("kb", "validate", str(kb_file))
    open_kb(kb_file)  # a lookup writes the verified cache

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(validate_module, "validate", refuse)
    again = run("kb", "validate", str(kb_file))
    assert (again.exit_code, again.stdout) == (0, first.stdout)


def test_kb_validate_checks_again_once_the_bytes_change(
    run: Callable[..., Result], kb_file: Path, kb_yaml: str
) -> None:
    from netcli.knowledge.load import open_kb

    open_kb(kb_file)
    kb_file.write_text(kb_yaml.replace("name: octreotide", "name: 7", 1), "utf-8")
    result = run("kb", "validate", str(kb_file))
    assert result.exit_code == 1
    assert str(kb_file) in result.stderr


# A brand the pages don't use (issue 26): kept to find the drug, marked, citing no page.
def test_a_brand_the_pages_dont_use_is_valid_without_a_source(
    write_kb: Callable[..., Path],
) -> None:
    text = one_plus(24, "    aliases: [{name: Brandol, kind: brand, not_in_pages: true}]")
    text = text.replace("    category: drug\n", "    category: drug\n" + NS_LINE + "\n", 1)
    kb = validate(load_file(write_kb(text), "kb.yaml"), "kb.yaml")
    assert kb.drugs[0].aliases == [m.Alias(name="Brandol", kind="brand", not_in_pages=True)]


@pytest.mark.parametrize(
    "alias",
    [
        "{name: Brandol, kind: brand, not_in_pages: true, sources: [page]}",
        "{name: BR, kind: abbreviation, not_in_pages: true}",
    ],
)
def test_a_name_the_pages_dont_use_must_be_a_brand_and_cite_nothing(
    write_kb: Callable[..., Path], alias: str
) -> None:
    found = problems(write_kb, one_plus(24, f"    aliases: [{alias}]"))
    assert len(found) == 1 and "a name the pages don't use" in found[0]


def test_another_name_the_pages_use_still_needs_a_source(write_kb: Callable[..., Path]) -> None:
    found = problems(write_kb, one_plus(24, "    aliases: [{name: Brandol, kind: brand}]"))
    assert found == [
        "kb.yaml:25:15: drugs[0].aliases[0].sources: names no source; every statement needs one"
    ]


# --- The five rows of an option -------------------------------------------------------------------


def test_every_option_has_all_five_rows(write_kb: Callable[..., Path]) -> None:
    # ONE's treatment has an about (what it is) and an aim with no text: the other four rows
    # each need a statement or the question to ask. Drop one question: that row is reported.
    text = VALID_ONE.replace(NS_LINE, "    not_said: {involves: Ask, may_do: Ask, may_cost: Ask}")
    found = problems(write_kb, text, rows=True)
    assert len(found) == 1
    assert "treatments[0].not_said: the row 'how_often' has no statement" in found[0]


def test_a_sourced_statement_fills_a_row_without_a_question(write_kb: Callable[..., Path]) -> None:
    text = VALID_ONE.replace(
        NS_LINE,
        "    not_said: {involves: Ask, may_do: Ask, how_often: Ask}\n"
        "    may_cost: [{text: It may tire you., sources: [page]}]",
    )
    kb = validate(load_file(write_kb(text), "kb.yaml"), "kb.yaml")
    rows = m.option_rows(kb.treatments[0])
    assert [r.key for r in rows] == ["what", "involves", "may_do", "may_cost", "how_often"]
    assert rows[3].says == [m.Statement("It may tire you.", ["page"])] and rows[3].ask is None
    assert rows[0].says == kb.treatments[0].about and rows[1].ask == "Ask"


def test_a_disagreements_situation_is_checked_like_a_rules(write_kb: Callable[..., Path]) -> None:
    text = one_plus(
        19,
        "    disagreements: [{topic: T, when: {grade: ['1'], kind: [carcinoid, unsure]},"
        " positions: [{says: A, sources: [page]}]}]",
    )
    found = [p.split(": ", 1)[1] for p in problems(write_kb, text)]
    assert found == [
        "treatments[0].disagreements[0].when.grade: unknown answer key 'grade'; the keys are: kind",
        "treatments[0].disagreements[0].when.kind[0]: kind has no value 'carcinoid'; "
        "the values are: nec, net",
        "treatments[0].disagreements[0].when.kind[1]: kind has no value 'unsure'; "
        "the values are: nec, net",
    ]


def test_a_treatment_had_already_asks_about_what_was_had(write_kb: Callable[..., Path]) -> None:
    # A row left open asks its question; once the treatment is had, it asks about that instead.
    text = one_plus(
        19,
        "    done_when: [{when: {kind: [net]}, why: Had., sources: [page]}]\n"
        "    not_said: {involves: How long would it take?, how_often: How often is it used?}",
    )
    assert [p.split(": ", 1)[1] for p in problems(write_kb, text)] == [
        "treatments[0].not_said_done: involves: no question for once it is had"
    ]


def test_a_drug_uses_when_names_known_answers(write_kb: Callable[..., Path]) -> None:
    # A drug named by a page about one situation (``when``) is read like any rule's answers.
    text = one_with(
        19, "    drugs: [{drug: octreotide, sources: [page], when: {kind: [nec, lung]}}]"
    )
    assert problems(write_kb, text) == [
        "kb.yaml:19:68: treatments[0].drugs[0].when.kind[1]: kind has no value 'lung'; "
        "the values are: nec, net"
    ]


@pytest.mark.parametrize(
    ("rule", "ok"),
    [
        (
            "not_suitable_when: [{when: {kind: [nec]}, why: W., sources: [page], if_known: true,"
            " team_question: Q?}]",
            True,
        ),
        (
            "not_suitable_when: [{when: {kind: [nec]}, why: W., sources: [page], if_known: true}]",
            False,
        ),
        (
            "offered_when: [{when: {kind: [nec]}, why: W., sources: [page], if_known: true,"
            " team_question: Q?}]",
            False,
        ),
    ],
)
def test_if_known_is_for_a_limit_that_asks_the_team(
    write_kb: Callable[..., Path], rule: str, ok: bool
) -> None:
    # Waiting for a known answer is for a limit that hands the option to the team: a rule that
    # rules an option out, or offers it, must read "not sure" as not known.
    text = one_plus(19, "    " + rule)
    found = problems(write_kb, text)  # ONE also leaves rows open: ``problems`` leaves those out
    if ok:
        assert found == []
    else:
        assert len(found) == 1
        assert "if_known is for a not-suitable rule with a team question" in found[0]

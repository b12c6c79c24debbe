"""The lookup commands end to end, in-process, against the small knowledge base of conftest.py.

Each command in both output modes: the terminal view (its key lines) and --json (its documented
keys). Errors: exit code, the message on stderr, nothing on stdout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from netcli import lookup
from tests.helpers import title_of

Run = Callable[..., Result]

DISCLAIMER = "General information, not medical advice. Talk it over with your team."


def view(result: Result) -> list[str]:
    """The lines of a terminal view, without panel borders or runs of spaces."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = []
    for line in result.stdout.splitlines():
        line = line.strip().strip("│").strip()
        lines.append(" ".join(line.split()))
    return lines


def data(result: Result) -> Any:
    """The one JSON document a --json command printed."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def failure(result: Result, exit_code: int = 1) -> str:
    """The stderr of a command that failed, having printed nothing on stdout."""
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert result.stdout == ""
    return result.stderr


def json_failure(result: Result, exit_code: int = 1) -> dict[str, Any]:
    error: dict[str, Any] = json.loads(failure(result, exit_code))
    assert list(error) == ["error"]
    return error["error"]


# --- drug -----------------------------------------------------------------------------------------


def test_drug(run_kb: Run) -> None:
    result = run_kb("drug", "5-FU")
    lines = view(result)
    assert title_of(result.stdout) == "fluorouracil"
    for line in [
        "Also called: 5-FU [1]",
        "Class: A chemotherapy drug. [1]",
        "How it works",
        "• It stops cells from copying their DNA. [1]",
        "Used in",
        "• Chemotherapy (netcli treatment Chemotherapy)",
        "Good to know",
        "• It can make the mouth sore. [1]",
        "Sources",
    ]:
        assert line in lines
    assert any(line.startswith("1. Example Hospital. Chemotherapy for NETs.") for line in lines)
    assert lines[-1] == DISCLAIMER


def test_drug_json(run_kb: Run) -> None:
    drug = data(run_kb("drug", "Sandostatin", "--json"))
    assert drug["id"] == "octreotide"
    assert drug["name"] == "octreotide"
    assert drug["aliases"] == ["Sandostatin"]
    assert drug["alias_details"] == [
        {"name": "Sandostatin", "kind": "brand", "sources": ["charity-page"], "not_in_pages": False}
    ]
    assert drug["class"] == {"text": "A somatostatin analogue.", "sources": ["charity-page"]}
    assert drug["how_it_works"] == [
        {
            "text": "It blocks the release of hormones that cause symptoms.",
            "sources": ["charity-page"],
        }
    ]
    assert drug["caveats"] == []
    assert drug["disagreements"] == []
    assert drug["treatments"] == [{"id": "sstas", "name": "Somatostatin analogues"}]
    assert drug["terms"] == []
    assert drug["sources"] == [
        {
            "id": "charity-page",
            "title": "Treatment for neuroendocrine tumours",
            "publisher": "Example Cancer Charity",
            "year": 2024,
            "kind": "patient-page",
            "last_reviewed": "2024-01-10",
            "next_review_due": "2099-01-10",
            "url": None,
            "stale": False,
        }
    ]
    assert drug["rests_only_on_stale_sources"] is False


def test_drug_json_on_a_page_past_its_review_date(run_kb: Run) -> None:
    drug = data(run_kb("drug", "streptozotocin", "--json"))
    assert drug["id"] == "streptozocin"
    assert [s["id"] for s in drug["sources"]] == ["hospital-page"]
    assert drug["sources"][0]["stale"] is True
    assert drug["rests_only_on_stale_sources"] is True


@pytest.mark.parametrize(
    ("name", "drug_id"),
    [
        ("fluorouracil", "fluorouracil"),
        ("FLUOROURACIL", "fluorouracil"),  # case
        ("5-FU", "fluorouracil"),  # an abbreviation
        ("5fu", "fluorouracil"),  # no hyphen
        ("5 FU", "fluorouracil"),  # a space for the hyphen
        ("Sandostatin", "octreotide"),  # a brand
        ("SANDOSTATIN", "octreotide"),
        ("octréotide", "octreotide"),  # accents
        ("streptozotocin", "streptozocin"),  # another spelling
        ("Zanosar", "streptozocin"),
    ],
)
def test_drug_is_found_by_any_of_its_names(run_kb: Run, name: str, drug_id: str) -> None:
    assert data(run_kb("drug", name, "--json"))["id"] == drug_id


def test_drug_not_found_suggests_close_matches_on_stderr(run_kb: Run) -> None:
    assert failure(run_kb("drug", "octreotdie")) == (
        "netcli: No drug called 'octreotdie'.\nDid you mean: octreotide?\n"
    )


def test_drug_not_found_json(run_kb: Run) -> None:
    assert json_failure(run_kb("drug", "sandostatn", "--json")) == {
        "code": "not_found",
        "message": "No drug called 'sandostatn'.",
        "hint": "Did you mean: Sandostatin?",
        "kind": "drug",
        "suggestions": ["Sandostatin"],
        "elsewhere": [],
        "mentioned_in": [],
    }


def test_a_not_found_hint_without_suggestions_names_a_command_that_works(run_kb: Run) -> None:
    stderr = failure(run_kb("drug", "xyzzy"))
    first, honest, hint = stderr.splitlines()
    assert first == "netcli: No drug called 'xyzzy'."
    assert honest == "The sources don't use the name 'xyzzy'."
    assert hint.startswith("See them all with: netcli ")
    command = hint.removeprefix("See them all with: netcli ").split()
    assert run_kb(*command).exit_code == 0, f"the hint's command fails: netcli {' '.join(command)}"


def test_an_empty_name_is_not_found(run_kb: Run) -> None:
    assert failure(run_kb("drug", "")).splitlines()[0] == "netcli: No drug name was given."


def test_a_very_long_name_is_shortened_in_the_message(run_kb: Run) -> None:
    stderr = failure(run_kb("drug", "x" * 500))
    assert stderr.splitlines()[0] == "netcli: No drug called '" + "x" * 57 + "...'."


def test_escape_characters_in_a_name_do_not_reach_the_terminal(run_kb: Run) -> None:
    stderr = failure(run_kb("drug", "\x1b]0;pwned\x07\x1b[31mred\u202e"))
    assert "\x1b" not in stderr
    assert "\x07" not in stderr
    assert "\u202e" not in stderr
    assert stderr.startswith("netcli: No drug called ")


def test_escape_characters_in_a_name_do_not_reach_json_errors(run_kb: Run) -> None:
    error = json_failure(run_kb("drug", "\x1b[31mred\u202e", "--json"))
    assert "\x1b" not in error["message"]
    assert "\u202e" not in error["message"]


# --- treatment ------------------------------------------------------------------------------------


def test_treatment(run_kb: Run) -> None:
    lines = view(run_kb("treatment", "chemo"))
    for line in [
        "Also called: chemo [1]",
        "Group: Drug treatments",
        "What it may do for you",
        "• to control the cancer [1]",
        "What it is",
        "• Drugs that kill dividing cells. [1]",
        "When the sources say it is not suitable",
        "• The page says it works less well for small bowel NETs. [1]",
        "Drugs",
        "• fluorouracil [1]",
        "• streptozocin (with fluorouracil) [1]",
        "Sources",
    ]:
        assert line in lines
    assert lines[-1] == DISCLAIMER


def test_treatment_json(run_kb: Run) -> None:
    treatment = data(run_kb("treatment", "SSAs", "--json"))
    assert treatment["id"] == "sstas"
    assert treatment["name"] == "Somatostatin analogues"
    assert treatment["aliases"] == ["SSAs"]
    assert treatment["category"] == "drug"
    assert treatment["aim"] == ["control", "symptom-relief"]
    assert treatment["aim_details"][1] == {
        "goal": "symptom-relief",
        "text": "to ease flushing and diarrhoea",
        "sources": ["charity-page"],
    }
    assert treatment["drugs"] == [{"id": "octreotide", "name": "octreotide"}]
    assert treatment["offered_when"] == [
        {
            "when": {"kind": ["net"]},
            "why": "The page describes them for slow-growing NETs.",
            "sources": ["charity-page"],
            "team_question": None,
            "differs_from": [],
            "also_when": [],
        }
    ]
    assert treatment["not_suitable_when"] == []
    assert treatment["intent"] is None
    assert treatment["principles"] == []
    assert treatment["components"] == []
    assert treatment["wording"] == []
    assert [t["id"] for t in treatment["terms"]] == ["mdt"]
    assert [s["id"] for s in treatment["sources"]] == ["charity-page", "guideline-2020"]
    assert treatment["part_of"] is None
    assert treatment["parts"] == []


def test_treatment_without_drugs(run_kb: Run) -> None:
    lines = view(run_kb("treatment", "TACE"))
    assert "Group: Treatments aimed at the liver" in lines
    assert "Drugs" not in lines
    assert lines[-1] == DISCLAIMER


def test_treatment_without_drugs_json(run_kb: Run) -> None:
    treatment = data(run_kb("treatment", "TACE", "--json"))
    assert treatment["id"] == "tace"
    assert treatment["aliases"] == ["TACE", "hepatic artery chemoembolisation"]
    assert treatment["category"] == "liver-directed"
    assert treatment["aim"] == ["control"]
    assert treatment["drugs"] == []
    assert [s["id"] for s in treatment["sources"]] == ["hospital-page"]


@pytest.mark.parametrize(
    "name",
    [
        "tace",
        "TACE",
        "Trans-arterial chemoembolisation",
        "trans arterial chemoembolization",  # US spelling, a space for the hyphen
        "transarterial chemoembolisation",
        "hepatic artery chemoembolization",
        "Hepatic-Artery Chemo-Embolisation",
    ],
)
def test_treatment_is_found_by_any_of_its_names(run_kb: Run, name: str) -> None:
    assert data(run_kb("treatment", name, "--json"))["id"] == "tace"


def test_treatment_not_found(run_kb: Run) -> None:
    assert failure(run_kb("treatment", "chemoterapy")) == (
        "netcli: No treatment called 'chemoterapy'.\nDid you mean: Chemotherapy?\n"
    )


# --- site, topic ----------------------------------------------------------------------------------


def test_site(run_kb: Run) -> None:
    result = run_kb("site", "pancreatic neuroendocrine tumor")
    lines = view(result)
    assert title_of(result.stdout) == "Pancreatic neuroendocrine tumour"
    for line in [
        "Also called: pNET [1]",
        "• A NET that starts in the pancreas. [1]",
        "Treatments the sources mention",
        "• Chemotherapy [2]",
        "• Somatostatin analogues (for slow-growing tumours) [1]",
        "Sources",
    ]:
        assert line in lines
    assert lines[-1] == DISCLAIMER


def test_site_json(run_kb: Run) -> None:
    site = data(run_kb("site", "pNET", "--json"))
    assert site["id"] == "pancreas"
    assert site["name"] == "Pancreatic neuroendocrine tumour"
    assert site["aliases"] == ["pNET"]
    assert site["group"] == "site"
    assert site["answer_values"] == ["pancreas"]
    assert site["coverage"] == "some"
    assert site["coverage_note"] is None
    assert site["treatments"] == [
        {"id": "chemotherapy", "name": "Chemotherapy"},
        {"id": "sstas", "name": "Somatostatin analogues"},
    ]
    assert site["treatment_details"][1] == {
        "treatment": "sstas",
        "note": "for slow-growing tumours",
        "sources": ["charity-page"],
    }
    assert [s["id"] for s in site["sources"]] == ["charity-page", "hospital-page"]


def test_site_not_found(run_kb: Run) -> None:
    assert failure(run_kb("site", "pancreaz")) == (
        "netcli: No tumour type called 'pancreaz'.\nDid you mean: pancreas?\n"
    )


def test_topic(run_kb: Run) -> None:
    result = run_kb("topic", "specialist team")
    lines = view(result)
    assert title_of(result.stdout) == "Your specialist team"
    assert "• A team of specialists meets to talk about your treatment. [1]" in lines
    assert "Sources" in lines
    assert lines[-1] == DISCLAIMER


def test_topic_json(run_kb: Run) -> None:
    topic = data(run_kb("topic", "team", "--json"))
    assert topic["id"] == "team"
    assert topic["name"] == "Your specialist team"
    assert topic["aliases"] == ["specialist team"]
    assert topic["statements"] == [
        {
            "text": "A team of specialists meets to talk about your treatment.",
            "sources": ["charity-page"],
        }
    ]
    assert [s["id"] for s in topic["sources"]] == ["charity-page"]


def test_topic_not_found_json(run_kb: Run) -> None:
    error = json_failure(run_kb("topic", "teem", "--json"))
    assert (error["code"], error["kind"], error["suggestions"]) == ("not_found", "topic", ["team"])


# --- source, sources ------------------------------------------------------------------------------


def test_source(run_kb: Run) -> None:
    result = run_kb("source", "guideline-2020")
    lines = view(result)
    assert title_of(result.stdout) == "Guidelines for neuroendocrine neoplasms"
    assert lines[1].startswith("Smith J, Jones K. Guidelines for neuroendocrine neoplasms.")
    assert "Cited by" in lines
    assert any(line.startswith("Example Cancer Charity. Treatment for") for line in lines)
    assert lines[-1] == DISCLAIMER


def test_source_lists_what_a_page_cites(run_kb: Run) -> None:
    lines = view(run_kb("source", "charity-page"))
    assert "This page cites" in lines
    assert any(line.startswith("Smith J, Jones K. Guidelines for") for line in lines)


def test_source_json(run_kb: Run) -> None:
    source = data(run_kb("source", "Guidelines for neuroendocrine neoplasms", "--json"))
    assert source["id"] == "guideline-2020"
    assert source["title"] == "Guidelines for neuroendocrine neoplasms"
    assert source["kind"] == "guideline"
    assert (source["authors"], source["journal"], source["year"]) == (
        "Smith J, Jones K",
        "Annals of Examples",
        2020,
    )
    assert (source["volume"], source["pages"]) == ("31", "100-120")
    assert source["cited_by"] == ["charity-page"]
    assert [s["id"] for s in source["cited_by_pages"]] == ["charity-page"]
    assert source["cites"] == []


def test_source_not_found(run_kb: Run) -> None:
    assert failure(run_kb("source", "clinic")).startswith("netcli: No source called 'clinic'.")


def test_sources(run_kb: Run) -> None:
    lines = view(run_kb("sources", "--as-of", "2025-01-01"))
    assert lines[0] == "Sources (as of 01 Jan 2025)"
    assert "[charity-page]" in " ".join(lines)
    assert "[hospital-page]" in " ".join(lines)
    assert "[guideline-2020]" in " ".join(lines)


def test_sources_stale(run_kb: Run) -> None:
    lines = view(run_kb("sources", "--stale", "--as-of", "2025-01-01"))
    assert lines[0] == "Sources past their review date (as of 01 Jan 2025)"
    text = " ".join(lines)
    assert "[hospital-page]" in text
    assert "[charity-page]" not in text


def test_sources_stale_when_none_is(run_kb: Run) -> None:
    assert view(run_kb("sources", "--stale", "--as-of", "2022-01-01")) == [
        "No sources past their review date as of 01 Jan 2022.",
        DISCLAIMER,
    ]


def test_sources_json(run_kb: Run) -> None:
    result = data(run_kb("sources", "--stale", "--as-of", "2099-06-01", "--json"))
    assert result["as_of"] == "2099-06-01"
    assert result["stale_only"] is True
    assert [s["id"] for s in result["sources"]] == ["charity-page", "hospital-page"]
    assert all(s["stale"] for s in result["sources"])
    every = data(run_kb("sources", "--as-of", "2025-01-01", "--json"))
    assert [(s["id"], s["stale"]) for s in every["sources"]] == [
        ("charity-page", False),
        ("hospital-page", True),
        ("guideline-2020", False),
    ]


def test_sources_with_a_bad_date_is_a_usage_error(run_kb: Run) -> None:
    stderr = failure(run_kb("sources", "--as-of", "yesterday"), exit_code=2)
    assert "--as-of" in stderr
    assert "yesterday" in stderr


# --- glossary -------------------------------------------------------------------------------------


def test_glossary(run_kb: Run) -> None:
    lines = view(run_kb("glossary"))
    assert lines[0] == (
        "Multidisciplinary team (MDT) The group of specialists who plan your care together. [1]"
    )
    assert "Sources" in lines


def test_glossary_shows_the_disclaimer(run_kb: Run) -> None:
    # README: "The disclaimer is shown with every result."
    assert view(run_kb("glossary"))[-1] == DISCLAIMER


def test_glossary_term(run_kb: Run) -> None:
    lines = view(run_kb("glossary", "multi-disciplinary team"))
    assert lines[0].startswith("Multidisciplinary team (MDT) The group of specialists")


def test_glossary_json(run_kb: Run) -> None:
    glossary = data(run_kb("glossary", "MDT", "--json"))
    assert glossary["query"] == "MDT"
    assert glossary["terms"] == [
        {
            "id": "mdt",
            "term": "Multidisciplinary team",
            "definition": [
                {
                    "text": "The group of specialists who plan your care together.",
                    "sources": ["charity-page"],
                }
            ],
        }
    ]
    assert [s["id"] for s in glossary["sources"]] == ["charity-page"]
    assert data(run_kb("glossary", "--json"))["query"] is None


def test_glossary_term_not_found(run_kb: Run) -> None:
    assert failure(run_kb("glossary", "MTD")).startswith("netcli: No glossary term called 'MTD'.\n")


# --- search ---------------------------------------------------------------------------------------


def test_search(run_kb: Run) -> None:
    assert view(run_kb("search", "chemotherapy")) == [
        "Kind Name See",
        "treatment Chemotherapy netcli treatment chemotherapy",
        "drug fluorouracil netcli drug fluorouracil",
        "drug streptozocin netcli drug streptozocin",
        "treatment Trans-arterial chemoembolisation netcli treatment tace",
        "site Pancreatic neuroendocrine tumour netcli site pancreas",
        "source Chemotherapy for NETs netcli source hospital-page",
        DISCLAIMER,
    ]


def test_search_json(run_kb: Run) -> None:
    assert data(run_kb("search", "specialists", "--json")) == {
        "query": "specialists",
        "hits": [
            {"kind": "glossary", "id": "mdt", "name": "Multidisciplinary team"},
            {"kind": "topics", "id": "team", "name": "Your specialist team"},
        ],
        "disclaimer": DISCLAIMER,
    }


def test_search_without_hits(run_kb: Run) -> None:
    assert view(run_kb("search", "zzzqqq")) == [
        "Nothing matches 'zzzqqq'. Try fewer or shorter words.",
        DISCLAIMER,
    ]


def test_search_for_blank_text_is_a_usage_error(run_kb: Run) -> None:
    assert failure(run_kb("search", "   "), exit_code=2) == (
        "netcli: Give some text to search for, for example: netcli search liver\n"
    )
    error = json_failure(run_kb("search", "", "--json"), exit_code=2)
    assert error["code"] == "usage"


@pytest.mark.parametrize(
    "text",
    ["a" * 50_000, "-".join("a" * 25_000), "liver " + "x" * 101],
    ids=["50000-letters", "letters-joined-by-hyphens", "one-long-word"],
)
def test_search_with_a_huge_word_is_a_usage_error(run_kb: Run, text: str) -> None:
    # SQLite refused a 50,000-letter word ("pattern too complex"): an internal error before.
    result = run_kb("search", text)
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "at most 100" in result.stderr
    assert len(result.stderr) < 400  # the word is not echoed back
    assert json_failure(run_kb("search", text, "--json"), exit_code=2)["code"] == "usage"


def test_search_with_words_of_up_to_100_letters_is_answered(run_kb: Run) -> None:
    assert run_kb("search", "x" * 100).exit_code == 0  # nothing matches, said as usual
    assert run_kb("search", "liver " * 2000).exit_code == 0


# --- list -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "lines"),
    [
        (
            "drugs",
            [
                "Id Name Also called",
                "octreotide octreotide Sandostatin",
                "fluorouracil fluorouracil 5-FU",
                "streptozocin streptozocin streptozotocin, Zanosar",
            ],
        ),
        (
            "treatments",
            [
                "Id Name Also called",
                "sstas Somatostatin analogues SSAs",
                "chemotherapy Chemotherapy chemo",
                "tace Trans-arterial chemoembolisation TACE, hepatic artery chemoembolisation",
            ],
        ),
        ("sites", ["Id Name Also called", "pancreas Pancreatic neuroendocrine tumour pNET"]),
        (
            "sources",
            [
                "Id Name Also called",
                "charity-page Treatment for neuroendocrine tumours",
                "hospital-page Chemotherapy for NETs",
                "guideline-2020 Guidelines for neuroendocrine neoplasms",
            ],
        ),
        ("glossary", ["Id Name Also called", "mdt Multidisciplinary team MDT"]),
        ("topics", ["Id Name Also called", "team Your specialist team specialist team"]),
    ],
)
def test_list(run_kb: Run, kind: str, lines: list[str]) -> None:
    assert view(run_kb("list", kind)) == [*lines, DISCLAIMER]


def test_list_shows_a_long_id_in_full_at_80_columns(
    run: Run, write_kb: Callable[..., Path], kb_yaml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 80 columns is what rich uses with no terminal; an id cut short cannot be typed back.
    monkeypatch.setenv("COLUMNS", "80")
    long_id = "trans-arterial-chemoembolisation-of-the-liver"
    path = write_kb(kb_yaml.replace("  - id: tace\n", f"  - id: {long_id}\n"))
    result = run("--kb", str(path), "list", "treatments")
    assert result.exit_code == 0, result.stderr
    assert long_id in result.stdout


def test_list_json(run_kb: Run) -> None:
    assert data(run_kb("list", "drugs", "--json")) == {
        "kind": "drugs",
        "items": [
            {"id": "octreotide", "name": "octreotide", "aliases": ["Sandostatin"]},
            {"id": "fluorouracil", "name": "fluorouracil", "aliases": ["5-FU"]},
            {
                "id": "streptozocin",
                "name": "streptozocin",
                "aliases": ["streptozotocin", "Zanosar"],
            },
        ],
        "disclaimer": DISCLAIMER,
    }


@pytest.mark.parametrize("kind", ["treatments", "sites", "sources", "glossary", "topics"])
def test_list_json_of_every_kind(run_kb: Run, kind: str) -> None:
    listed = data(run_kb("list", kind, "--json"))
    assert listed["kind"] == kind
    assert all(set(item) == {"id", "name", "aliases"} for item in listed["items"])
    assert listed["disclaimer"] == DISCLAIMER
    assert listed["items"]


def test_list_of_an_unknown_kind_is_a_usage_error(run_kb: Run) -> None:
    stderr = failure(run_kb("list", "pills"), exit_code=2)
    assert "KIND" in stderr
    assert "pills" in stderr


# --- kb info, kb schema ---------------------------------------------------------------------------


def test_kb_info(run_kb: Run, kb_file: Path) -> None:
    lines = view(run_kb("kb", "info", "--as-of", "2025-01-01"))
    assert lines[:3] == [
        "Knowledge base 2.0 of 01 Mar 2025",
        f"File: {kb_file}",
        lines[2],
    ]
    assert lines[2].startswith("Content hash: ")
    assert lines[3:13] == [
        "Section Records",
        "sources 3",
        "questions 2",
        "treatments 3",
        "drugs 3",
        "sites 1",
        "glossary 1",
        "topics 1",
        "ask 0",
        "principles 0",
    ]
    assert lines[13] == "Sources past their review date as of 01 Jan 2025:"
    assert "[hospital-page]" in " ".join(lines[14:])


def test_kb_info_json(run_kb: Run, kb_file: Path) -> None:
    info = data(run_kb("kb", "info", "--as-of", "2025-01-01", "--json"))
    assert info["version"] == "2.0"
    assert info["date"] == "2025-03-01"
    assert info["path"] == str(kb_file)
    assert len(info["digest"]) == 64
    assert info["counts"]["drugs"] == 3
    assert info["as_of"] == "2025-01-01"
    assert [s["id"] for s in info["stale_sources"]] == ["hospital-page"]


def test_kb_schema(run: Run) -> None:
    schema = data(run("kb", "schema"))
    assert schema["title"] == "netcli knowledge base"
    assert "drugs" in schema["properties"]


# --- Usage errors ---------------------------------------------------------------------------------


def test_a_missing_argument_is_a_usage_error(run_kb: Run) -> None:
    stderr = failure(run_kb("drug"), exit_code=2)
    assert "netcli drug" in stderr
    assert "NAME" in stderr


def test_an_unknown_command_is_a_usage_error(run: Run) -> None:
    stderr = failure(run("frobnicate"), exit_code=2)
    assert "frobnicate" in stderr


def test_an_unknown_kb_command_is_a_usage_error(run: Run) -> None:
    stderr = failure(run("kb", "frobnicate"), exit_code=2)
    assert "netcli kb" in stderr
    assert "frobnicate" in stderr


def test_an_unknown_option_is_a_usage_error(run_kb: Run) -> None:
    stderr = failure(run_kb("drug", "5-FU", "--bogus"), exit_code=2)
    assert "--bogus" in stderr


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (("drug", "--json", "--bogus"), "netcli drug"),
        (("drug", "--json"), "netcli drug"),
        (("list", "--json", "bogus"), "netcli list"),
        (("explore", "--json", "--answers"), "netcli explore"),
        (("kb", "validate", "--json", "--nope"), "netcli kb validate"),
        (("frobnicate", "--json"), "netcli"),
    ],
)
def test_a_mistake_on_a_command_line_that_asks_for_json_is_a_json_error(
    run_kb: Run, words: tuple[str, ...], command: str
) -> None:
    """Attack run D1 (issue 23): click's own parse errors printed usage text even with --json;
    a program reading the JSON error object got none."""
    error = json_failure(run_kb(*words), exit_code=2)
    assert error["code"] == "usage"
    assert error["hint"].startswith(f"See: {command} ")


def test_json_before_the_command_is_a_json_error_that_says_where_it_goes(run: Run) -> None:
    error = json_failure(run("--json", "drug", "everolimus"), exit_code=2)
    assert error["code"] == "usage" and "after the command" in error["hint"]


def test_a_parse_error_without_json_is_the_usage_text(run_kb: Run) -> None:
    stderr = failure(run_kb("drug", "--bogus", "--", "--json"), exit_code=2)
    assert "netcli drug" in stderr and not stderr.lstrip().startswith("{")


def test_list_without_a_kind_is_a_usage_error(run_kb: Run) -> None:
    stderr = failure(run_kb("list"), exit_code=2)
    assert "KIND" in stderr


# `netcli` alone introduces itself and exits 0 (tests/cli/test_take_in.py).
@pytest.mark.parametrize("words", [("kb",)])
def test_no_command_shows_the_help_on_stderr(run: Run, words: tuple[str, ...]) -> None:
    stderr = failure(run(*words), exit_code=2)
    assert f"{' '.join(['netcli', *words])} [OPTIONS] COMMAND" in stderr.splitlines()[0]


# --- The knowledge base used ----------------------------------------------------------------------


def test_netcli_kb_in_the_environment_chooses_the_file(
    run: Run, kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_KB", str(kb_file))
    assert data(run("drug", "Zanosar", "--json"))["id"] == "streptozocin"


def test_a_missing_knowledge_base(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert failure(run("--kb", str(path), "drug", "5-FU")) == (
        f"netcli: The knowledge base cannot be read:\n{path}: no such file\n"
    )


def test_an_invalid_knowledge_base(run: Run, write_kb: Callable[..., Path], kb_yaml: str) -> None:
    path = write_kb(
        kb_yaml.replace("{name: Sandostatin, kind: brand", "{name: Sandostatin, kind: trademark")
    )
    stderr = failure(run("--kb", str(path), "drug", "5-FU"))
    assert stderr.startswith("netcli: The knowledge base has 1 problem:\n")
    assert f"{path}:" in stderr and "drugs[0].aliases[0].kind" in stderr


def test_an_invalid_knowledge_base_json(
    run: Run, write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = write_kb(
        kb_yaml.replace("{name: Sandostatin, kind: brand", "{name: Sandostatin, kind: trademark")
    )
    error = json_failure(run("--kb", str(path), "drug", "5-FU", "--json"))
    assert error["code"] == "invalid_knowledge_base"
    [problem] = error["problems"]
    assert (problem["file"], problem["path"]) == (str(path), "drugs[0].aliases[0].kind")


def test_an_unwritable_cache_is_skipped_silently(
    run_kb: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(blocker / "cache"))
    assert data(run_kb("drug", "5-FU", "--json"))["id"] == "fluorouracil"
    assert data(run_kb("drug", "5-FU", "--json"))["id"] == "fluorouracil"


def test_a_spoilt_cache_is_rebuilt_between_runs(run_kb: Run, cache_dir: Path) -> None:
    assert data(run_kb("drug", "5-FU", "--json"))["id"] == "fluorouracil"
    for db in cache_dir.glob("kb-*.sqlite"):
        db.write_bytes(b"garbage" * 1000)
    assert data(run_kb("drug", "5-FU", "--json"))["id"] == "fluorouracil"


def test_no_cache_works_end_to_end(
    run_kb: Run, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    assert data(run_kb("drug", "5-FU", "--json"))["id"] == "fluorouracil"
    assert list(cache_dir.iterdir()) == []


# --- The one error handler ------------------------------------------------------------------------


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_is_one_line_not_a_traceback(
    run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "drug", _explode)
    assert failure(run_kb("drug", "5-FU")) == (
        "netcli: internal error (RuntimeError). This is a bug in netcli.\n"
        "Please report it with the command you ran; NETCLI_DEBUG=1 shows the details.\n"
    )


def test_an_internal_error_json(run_kb: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "drug", _explode)
    error = json_failure(run_kb("drug", "5-FU", "--json"))
    assert error["code"] == "internal"


def test_netcli_debug_lets_the_traceback_through(
    run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "drug", _explode)
    monkeypatch.setenv("NETCLI_DEBUG", "1")
    result = run_kb("drug", "5-FU")
    assert isinstance(result.exception, RuntimeError)


def test_ctrl_c_exits_130(run_kb: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lookup, "drug", interrupt)
    assert failure(run_kb("drug", "5-FU"), exit_code=130) == "\nInterrupted.\n"

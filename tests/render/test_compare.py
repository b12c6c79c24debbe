"""``netcli compare``: treatments side by side, Option Grid style, over the small knowledge base
of conftest.py (the core, the terminal view wide and narrow, --json, errors) and the shipped one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from netcli import lookup
from netcli.errors import NotFoundError, SameRecordError, UsageError
from netcli.knowledge.load import open_kb
from netcli.render.grid import ROWS, grid

Run = Callable[..., Result]
TODAY = dt.date(2025, 6, 1)
DISCLAIMER = "General information, not medical advice. Talk it over with your team."


@pytest.fixture
def kb(kb_file: Path) -> Any:
    return open_kb(kb_file, str(kb_file))


def cells(result: lookup.CompareResult, key: str) -> list[list[str]]:
    row = next(r for r in grid(result) if r.key == key)
    return [[i.text for i in cell] for cell in row.cells]


def test_core_finds_each_name_as_treatment_does_and_keeps_the_order_given(kb: Any) -> None:
    result = lookup.compare(kb, ["TACE", "ssas", "chemo"], TODAY)
    assert [t.treatment.id for t in result.treatments] == ["tace", "sstas", "chemotherapy"]
    # One numbering of every source the three cite, in order of first use.
    assert [s.id for s in result.references.sources] == [
        "hospital-page",
        "charity-page",
        "guideline-2020",
    ]


def test_grid_rows_are_a_persons_questions_in_order(kb: Any) -> None:
    rows = grid(lookup.compare(kb, ["sstas", "chemotherapy"], TODAY))
    assert [r.key for r in rows] == [
        "what",
        "involves",
        "may_do",
        "may_cost",
        "how_often",
        "offered_when",
        "not_suitable_when",
        "drugs",
        "caveats",
        "disagreements",
        "sources",
    ]
    assert [r.question for r in rows] == [q for _, q, _ in ROWS]
    assert all(len(r.cells) == 2 for r in rows)


def test_grid_cells_say_what_each_record_says(kb: Any) -> None:
    result = lookup.compare(kb, ["sstas", "chemotherapy"], TODAY)
    # "What it is" is the option's own description (issues 22 and 26), never its group's name.
    assert cells(result, "what") == [
        ["Man-made versions of a hormone that slow the tumour's growth."],
        ["Drugs that kill dividing cells."],
    ]
    ask = "The pages don't say more. Ask your team: Ask"
    assert cells(result, "may_do") == [
        ["to control the cancer", "to ease flushing and diarrhoea", ask],
        ["to control the cancer", ask],
    ]
    # A row the pages leave open says so, with the question to ask.
    assert cells(result, "involves") == [
        ["The pages don't say. Ask your team: Ask"],
        ["The pages don't say. Ask your team: Ask"],
    ]
    assert cells(result, "offered_when") == [
        ["The page describes them for slow-growing NETs."],
        [],
    ]
    assert cells(result, "not_suitable_when") == [
        [],
        ["The page says it works less well for small bowel NETs."],
    ]
    assert cells(result, "drugs") == [
        ["octreotide"],
        ["fluorouracil", "streptozocin (with fluorouracil)"],
    ]
    assert cells(result, "sources") == [
        ["Treatment for neuroendocrine tumours", "Guidelines for neuroendocrine neoplasms"],
        ["Chemotherapy for NETs"],
    ]


def test_an_empty_cell_says_plainly_that_the_pages_are_silent(run_kb: Run) -> None:
    result = run_kb("compare", "sstas", "TACE")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "The pages name no situation." in flat  # neither is ever said not to be suitable
    assert "None named." in flat  # TACE names no drug


def test_two_rules_with_the_same_words_show_once_with_both_sources(
    write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    text = kb_yaml.replace(
        """        why: The page describes them for slow-growing NETs.
        sources: [charity-page]
""",
        """        why: The page describes them for slow-growing NETs.
        sources: [charity-page]
      - when: {site: [pancreas]}
        why: The page describes them for slow-growing NETs.
        sources: [guideline-2020]
""",
    )
    path = write_kb(text)
    result = lookup.compare(open_kb(path, str(path)), ["sstas", "tace"], TODAY)
    row = next(r for r in grid(result) if r.key == "offered_when")
    assert [(i.text, i.sources) for i in row.cells[0]] == [
        ("The page describes them for slow-growing NETs.", ["charity-page", "guideline-2020"])
    ]


def test_terminal_wide_is_a_table_with_a_column_per_treatment(
    run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run_kb("compare", "SSAs", "chemo")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(
        line for line in lines if "Somatostatin analogues" in line and "Chemotherapy" in line
    )
    assert header.index("Somatostatin analogues") < header.index("Chemotherapy")
    row = next(line for line in lines if "What it is" in line)
    assert "Man-made versions of a hormone" in row and "Drug treatments." not in row
    assert max(len(line) for line in lines) <= 100
    assert "Treatment for neuroendocrine tumours" in result.stdout  # the numbered sources
    assert lines[-1].strip() == DISCLAIMER


def test_terminal_narrow_stacks_each_question_with_every_treatment_under_it(
    run_kb: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run_kb("compare", "SSAs", "chemo", "TACE")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 60
    flat = " ".join(result.stdout.split())
    drugs = flat[flat.index("Which drugs?") : flat.index("What to know")]
    assert drugs.index("Somatostatin analogues octreotide") < drugs.index("Chemotherapy")
    assert "Trans-arterial chemoembolisation None named." in drugs
    assert "┃" not in result.stdout  # no table squeezed into 60 columns


def test_json_has_each_treatment_the_rows_and_one_source_list(run_kb: Run) -> None:
    result = run_kb("compare", "sstas", "chemotherapy", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == [
        "treatments",
        "rows",
        "sources",
        "rests_only_on_stale_sources",
        "disclaimer",
    ]
    assert [t["id"] for t in doc["treatments"]] == ["sstas", "chemotherapy"]
    single = json.loads(run_kb("treatment", "sstas", "--json").stdout)
    # Each column is what `netcli treatment --json` says (the disclaimer is the document's own).
    assert single.pop("disclaimer") == doc["disclaimer"]
    assert doc["treatments"][0] == single
    drugs = next(r for r in doc["rows"] if r["key"] == "drugs")
    assert drugs["question"] == "Which drugs?"
    assert drugs["cells"][0] == [{"text": "octreotide", "sources": ["charity-page"]}]
    assert [s["id"] for s in doc["sources"]] == ["charity-page", "guideline-2020", "hospital-page"]


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (["sstas"], "two or three treatments, not 1"),
        (["sstas", "chemo", "tace", "sstas"], "two or three treatments, not 4"),
        (["sstas", "SSAs"], "'sstas' and 'SSAs' are the same treatment"),
        (["tace", "tace"], "'tace' and 'tace' are the same treatment"),
    ],
)
def test_usage_errors(run_kb: Run, names: list[str], words: str) -> None:
    result = run_kb("compare", *names)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert words in result.stderr


def test_an_unknown_name_is_not_found_with_close_matches(run_kb: Run) -> None:
    result = run_kb("compare", "sstas", "chemotherapi")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Chemotherapy" in result.stderr


def test_core_raises_the_same_errors(kb: Any) -> None:
    """The core's errors carry data (the CLI checks how many names were given, and words them)."""
    with pytest.raises(SameRecordError) as caught:
        lookup.compare(kb, ["sstas", "SSAs"], TODAY)
    assert caught.value.names == ("sstas", "SSAs")
    assert isinstance(caught.value, UsageError)
    with pytest.raises(NotFoundError):
        lookup.compare(kb, ["sstas", "nothing-like-this"], TODAY)


def test_shipped_knowledge_base_side_by_side(run: Run) -> None:
    """Page 001 describes chemoembolisation and PRRT; the stomach and overview pages differ on
    when PRRT may be offered: the grid shows that difference once, with both sides. TAE "likely"
    (000) and TACE "less common" (001) speak of different variants: no disagreement (audit C1)."""
    result = run("compare", "TACE", "PRRT", "--json")
    doc = json.loads(result.stdout)
    assert [t["id"] for t in doc["treatments"]] == ["tace", "prrt"]
    differ = next(r for r in doc["rows"] if r["key"] == "disagreements")
    tace = [i["text"] for i in differ["cells"][0]]
    prrt = [i["text"] for i in differ["cells"][1]]
    assert not tace
    assert len(prrt) >= 3 and prrt[0].endswith(":")
    for row in doc["rows"]:
        for cell in row["cells"]:
            texts = [i["text"] for i in cell]
            assert len(texts) == len(set(texts)), row["key"]  # never the same words twice


def test_when_not_suitable_includes_the_principles_that_apply(run: Run) -> None:
    """As `netcli treatment` does: the limits stated once as principles apply to each operation
    (the overview page: other treatments for people who can't have surgery)."""
    doc = json.loads(run("compare", "debulking surgery", "TACE", "--json").stdout)
    row = next(r for r in doc["rows"] if r["key"] == "not_suitable_when")
    single = json.loads(run("treatment", "debulking surgery", "--json").stdout)
    limits = [x["why"] for x in single["not_suitable_when"]]
    limits += [x["why"] for p in single["principles"] for x in p["not_suitable_when"]]
    texts = [i["text"] for i in row["cells"][0]]
    # Each limit after the situation it holds in ("If ...: "), when it names one (issue 26).
    assert len(texts) == len(dict.fromkeys(limits))
    for said, why in zip(texts, dict.fromkeys(limits), strict=True):
        assert said == why or (said.startswith("If ") and said.endswith(": " + why)), said
    ids = {s["id"] for s in doc["sources"]}
    assert all(s in ids for i in row["cells"][0] for s in i["sources"])

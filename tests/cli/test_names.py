"""Names people type, on the shipped knowledge base: every command of issue 15's "Why" finds its
record, lists the records a word stem finds, or says honestly that the sources don't use the name,
with the kind that does know it, the close names, or where the words are mentioned."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from netcli.cli import app

Run = Callable[..., Result]
NETCLI = Path(sys.executable).parent / "netcli"


def found(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def not_found(result: Result) -> Any:
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    return json.loads(result.stderr)["error"]


@pytest.mark.parametrize(
    ("command", "name", "record_id"),
    [
        ("treatment", "somatostatin analog", "somatostatin-analogues"),  # analogue/analog, plural
        ("treatment", "Somatostatin analogs", "somatostatin-analogues"),
        ("treatment", "appendicectomy", "appendectomy"),  # the UK word for the US one
        ("treatment", "hepatic artery embolization", "tae"),
        ("treatment", "trans-arterial chemo-embolization", "tace"),
        ("treatment", "transarterial chemoembolisation", "tace"),
        ("treatment", "chemotherapy-nec", "chemotherapy-nec"),  # ids still resolve
        ("site", "small intestine", "small-bowel"),  # the questionnaire's words
        ("site", "The small bowel (small intestine)", "small-bowel"),
        ("site", "skin", "merkel-cell"),  # an answer value
        ("site", "colon", "large-bowel-rectum"),
        ("site", "NETs", "net"),
        ("glossary", "neuroendocrine tumors", "neuroendocrine-tumour"),
        ("glossary", "biopsies", "biopsy"),
        ("drug", "interferon", "interferon-alfa"),  # a stem that finds one record opens it
    ],
)
def test_a_name_finds_its_record(run: Run, command: str, name: str, record_id: str) -> None:
    record = found(run(command, name, "--json"))
    assert record.get("id", (record.get("terms") or [{}])[0].get("id")) == record_id


@pytest.mark.parametrize(
    ("command", "name", "ids"),
    [
        ("treatment", "embolization", ["tae", "tace"]),
        ("treatment", "embolisation", ["tae", "tace"]),
        ("treatment", "chemotherapy", ["chemotherapy-net", "chemotherapy-nec"]),
        ("glossary", "tumor", ["carcinoid-tumour", "primary-tumour", "neuroendocrine-tumour"]),
        ("glossary", "tumour", ["carcinoid-tumour", "primary-tumour", "neuroendocrine-tumour"]),
    ],
)
def test_a_stem_that_finds_several_records_lists_them_with_commands(
    run: Run, command: str, name: str, ids: list[str]
) -> None:
    choices = found(run(command, name, "--json"))
    assert choices["query"] == name
    assert sorted(m["id"] for m in choices["matches"]) == sorted(ids)
    for match in choices["matches"]:
        # Each listed command opens its record.
        args = match["command"].removeprefix("netcli ").split(" ", 1)
        opened = found(run(args[0], args[1].strip("'"), "--json"))
        assert opened.get("id", (opened.get("terms") or [{}])[0].get("id")) == match["id"]


def test_a_stem_list_in_the_terminal(run: Run) -> None:
    result = run("treatment", "embolisation")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "'embolisation' finds 2 treatments. Open one with:",
        "  netcli treatment 'Trans arterial embolisation'",
        "  netcli treatment 'Trans arterial chemoembolisation'",
        "embolisation is also a glossary term: netcli glossary embolisation",
    ]


def test_a_stem_list_names_the_other_kind_that_knows_the_word(run: Run) -> None:
    result = run("treatment", "chemotherapy")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "chemotherapy is also a glossary term: netcli glossary chemotherapy"
    )


@pytest.mark.parametrize(
    ("command", "name", "hint"),
    [
        ("glossary", "PRRT", "PRRT is a treatment: netcli treatment PRRT"),
        ("drug", "TACE", "TACE is a treatment: netcli treatment TACE"),
        ("treatment", "everolimus", "everolimus is a drug: netcli drug everolimus"),
        ("treatment", "MDT", "MDT is a glossary term: netcli glossary MDT"),
        ("glossary", "lung", "lung is a tumour type: netcli site lung"),
        ("topic", "small bowel", "small bowel is a tumour type: netcli site 'small bowel'"),
        ("site", "octreotide", "octreotide is a drug: netcli drug octreotide"),
        ("drug", "esmo-2020-gep", "esmo-2020-gep is a source: netcli source esmo-2020-gep"),
    ],
)
def test_an_unknown_name_that_another_kind_knows_says_so(
    run: Run, command: str, name: str, hint: str
) -> None:
    result = run(command, name)
    assert result.exit_code == 1 and result.stdout == ""
    assert hint in result.stderr.splitlines()


def test_a_cross_kind_hint_in_json(run: Run) -> None:
    error = not_found(run("glossary", "PRRT", "--json"))
    assert error["elsewhere"] == [
        {"kind": "treatment", "id": "prrt", "name": "PRRT", "command": "netcli treatment PRRT"}
    ]


def test_an_abbreviation_the_sources_do_not_use_gets_the_closest_names(run: Run) -> None:
    # No page uses "SSA"; the closest name is still offered.
    result = run("treatment", "SSA")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "netcli: No treatment called 'SSA'.",
        "Did you mean: Somatostatin analogues?",
    ]


def test_a_word_with_no_record_says_where_the_sources_mention_it(run: Run) -> None:
    # "diarrhoea" has its own glossary entry now (issue 26); "flushing" has none.
    error = not_found(run("glossary", "flushing", "--json"))
    assert error["suggestions"] == [] and error["elsewhere"] == []
    mentioned = {m["id"] for m in error["mentioned_in"]}
    # The first of the records that `netcli search` finds for the word (how many is a view's
    # choice); the carcinoid syndrome's definition names flushing (page 002).
    hits = [h["id"] for h in json.loads(run("search", "flushing", "--json").stdout)["hits"]]
    assert "carcinoid-syndrome" in hits
    assert mentioned and mentioned <= set(hits)
    assert "somatostatin-analogues" in mentioned


def test_tumor_no_longer_suggests_mtor(run: Run) -> None:
    result = run("glossary", "tumor")
    assert result.exit_code == 0
    assert "mTOR" not in result.stdout


def test_close_matches_rank_by_the_folded_name(run: Run) -> None:
    # "sunitnib" is closest to sunitinib; UK/US spelling does not push a match down.
    error = not_found(run("drug", "sunitnib", "--json"))
    assert error["suggestions"][0] == "sunitinib"
    error = not_found(run("treatment", "chemoembolizaton", "--json"))
    assert error["suggestions"][0] in ("chemoembolisation", "Trans arterial chemoembolisation")


# --- Tidy views ----------------------------------------------------------------------------------


def test_the_glossary_is_in_alphabetical_order(run: Run) -> None:
    terms = [t["term"] for t in found(run("glossary", "--json"))["terms"]]
    assert terms == sorted(terms, key=str.casefold)
    assert len(terms) > 40


def test_a_wrapped_bullet_hangs_under_its_text(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("treatment", "TACE")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("│ • "))
    assert not lines[start].rstrip(" │").endswith("]")  # it wraps
    assert lines[start + 1].startswith("│   ") and lines[start + 1][4] != " "


def piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """netcli run as in a pipe: no terminal on any stream and no COLUMNS."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [str(NETCLI), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
        start_new_session=True,  # no controlling terminal either
    )


def test_piped_output_keeps_each_line_whole(cache_dir: Path) -> None:
    done = piped("list", "treatments")
    assert done.returncode == 0, done.stderr
    assert "Pancreaticoduodenectomy" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("whipple"))
    assert "Whipple procedure, Whipple" in row
    done = piped("drug", "octreotide")
    # A statement of the knowledge base stays on one line.
    assert any(
        "growth hormone and serotonin" in x and re.search(r"\[\d", x)
        for x in done.stdout.splitlines()
    )


def test_piped_output_uses_the_width_when_one_is_given(cache_dir: Path) -> None:
    done = piped("drug", "octreotide", COLUMNS="60")
    assert max(len(line) for line in done.stdout.splitlines()) <= 60


def test_a_source_shows_publisher_title_address_and_dates_never_a_file(run: Run) -> None:
    result = run("source", "cruk-treatment-options")
    assert result.exit_code == 0
    out = " ".join(x.strip("│ ") for x in result.stdout.splitlines())
    assert "Cancer Research UK" in out
    assert "Treatment options for neuroendocrine cancer" in out
    assert "Read it at: https://www.cancerresearchuk.org/about-cancer/" in out
    assert "Last reviewed 06 February 2025" in out
    assert ".txt" not in out and "Saved copy" not in out and "saving" not in out


def test_the_sources_list_shows_each_page_s_address_unbroken(run: Run) -> None:
    # COLUMNS is 100 here: the address is longer, and still on one line of its own.
    result = run("sources")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = next(i for i, x in enumerate(lines) if "[cruk-stomach-spread]" in x)
    assert lines[at + 1] == (
        "   Read it at: https://www.cancerresearchuk.org/about-cancer/neuroendocrine-tumours-nets"
        "/stomach-nets/treatment-spread"
    )
    assert ".txt" not in result.stdout
    assert sum("Read it at: " in x for x in lines) == 7


def test_a_narrow_glossary_keeps_each_term_s_words_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    result = run("glossary")
    assert result.exit_code == 0
    first_column = [line[:12].strip() for line in result.stdout.splitlines()]
    for word in ("adjuvant", "biological", "colostomy"):
        assert any(cell.startswith(word) for cell in first_column), word


@pytest.mark.parametrize("name", ["carcinoid", "carcinoid tumour", "carcinoid tumor"])
def test_old_names_find_the_records_the_pages_say_they_name(name: str) -> None:
    # 004: lung NETs and large bowel and rectal NETs: "Some types ... are called carcinoid
    # tumours."
    out = CliRunner().invoke(app, ["site", name, "--json"])
    assert out.exit_code == 0, out.stderr
    import json

    assert json.loads(out.stdout)["id"] == "net"
    hits = CliRunner().invoke(app, ["search", name, "--json"])
    assert json.loads(hits.stdout)["hits"][0]["id"] == "net"

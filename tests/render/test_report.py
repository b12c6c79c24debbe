"""The appointment summary (--report), source freshness, completion and old names (the
appointment issue). The summary is checked in each format for a few situations; the HTML is
parsed to check it is self-contained and holds every section."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcli.cli import app

SCENARIOS = {
    "stomach-spread": ["kind=net", "site=stomach", "grade=2", "spread=liver", "resectable=no"],
    "nec-localised": ["kind=nec", "site=pancreas", "spread=none", "resectable=yes"],
    "all-unsure": [],
}
# Every section a summary holds (the unsure section needs an unsure answer: all have one).
SECTIONS = [
    "Your situation",
    "Options that may be discussed with your team",
    "What matters to you",
    "Questions you might ask your team",
    "Notes",
    "What would change this list",
    "The options in detail",
    "Words used here",
    "References",
]


def write_report(tmp_path: Path, answers: list[str], suffix: str) -> tuple[Path, str]:
    target = tmp_path / f"summary{suffix}"
    args = ["explore", "--report", str(target)]
    for a in answers or ["kind=unsure"]:
        args += ["-a", a]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"Saved the summary to {target}" in result.stderr
    return target, target.read_text(encoding="utf-8")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.outside: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") or (value and "url(" in value):
                self.outside.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("suffix", [".md", ".html", ".txt"])
def test_the_summary_holds_every_section_in_every_format(
    tmp_path: Path, scenario: str, suffix: str
) -> None:
    _, text = write_report(tmp_path, SCENARIOS[scenario], suffix)
    # The text format marks notes with "| " at each line's start.
    flat = " ".join(line.removeprefix("| ") for line in text.splitlines()).split()
    flat = " ".join(flat)
    for heading in SECTIONS:
        assert heading.lower() in flat.lower(), heading
    assert "It is not medical advice" in flat or "not medical advice" in flat
    assert "Cancer Research UK" in flat  # the numbered references name their publishers


def test_the_html_summary_is_one_self_contained_page_with_a_print_style(tmp_path: Path) -> None:
    _, html = write_report(tmp_path, SCENARIOS["stomach-spread"], ".html")
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert page.outside == []
    assert "style" in page.tags and "@media print" in html
    shown = " ".join("".join(page.text).split())
    for heading in SECTIONS:
        assert heading in shown, heading


def test_the_summary_has_what_the_screen_has(tmp_path: Path) -> None:
    answers = SCENARIOS["stomach-spread"]
    args = [x for a in answers for x in ("-a", a)]
    data = CliRunner().invoke(app, ["explore", *args, "--json"])
    import json

    result = json.loads(data.stdout)
    _, text = write_report(tmp_path, answers, ".txt")
    flat = " ".join(text.split())
    for option in result["options"]:
        assert option["name"] in flat
    for excluded in result["excluded"]:
        assert excluded["name"] in flat


def test_a_receptor_scan_settles_the_unsure_answer_in_the_summary(tmp_path: Path) -> None:
    # 001: "You have special scans such as PET scans or octreotide scans. These can check
    # whether your NET has these somatostatin receptors."
    _, text = write_report(tmp_path, ["kind=net", "site=pancreas", "spread=liver"], ".md")
    section = text.split("## What would change this list")[1].split("## ")[0]
    scan = next(line for line in section.splitlines() if "picks up somatostatin" in line)
    assert "Peptide receptor radionuclide therapy" in scan and "octreotide scan" in scan
    assert "rectum" not in section  # a question that does not apply to a pancreatic NET


def test_a_report_name_without_a_known_format_is_a_usage_error_before_any_work(
    tmp_path: Path,
) -> None:
    target = tmp_path / "summary.pdf"
    result = CliRunner().invoke(app, ["explore", "-a", "kind=net", "--report", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert ".md, .html or .txt" in result.stderr
    assert not target.exists()


def test_sources_stale_lists_the_pages_past_their_review_date() -> None:
    # 000: "Next review due: 27 May 2024"; 001: "Next review due: 06 Feb 2028".
    import json

    def stale(day: str) -> set[str]:
        out = CliRunner().invoke(app, ["sources", "--stale", "--as-of", day, "--json"])
        assert out.exit_code == 0
        return {s["id"] for s in json.loads(out.stdout)["sources"]}

    assert stale("2024-05-27") == set()
    assert stale("2024-05-28") == {"cruk-stomach-spread"}
    assert {"cruk-stomach-spread", "cruk-treatment-options", "cruk-what-are"} <= stale("2028-03-01")


def test_a_drug_resting_only_on_a_stale_page_says_so() -> None:
    out = CliRunner().invoke(app, ["kb", "info", "--as-of", "2030-01-01", "--json"])
    import json

    assert "cruk-stomach-spread" in {s["id"] for s in json.loads(out.stdout)["stale_sources"]}


def complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_NETCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    script = Path(sys.executable).parent / "netcli"  # completion is keyed by the program's name
    out = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_completion_offers_commands_and_names_with_their_aliases() -> None:
    assert "explore" in complete("netcli ex")
    assert complete("netcli drug everol") == ["everolimus"]
    assert "Sandostatin" in complete("netcli drug Sand")
    assert "TACE" in complete("netcli treatment TA")
    assert any(n.lower().startswith("carcinoid") for n in complete("netcli glossary carc"))


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


# --- The appointment sheet (issue 12, item 5): the first printed page is the one to bring ------


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("## ")]


def test_the_first_page_is_the_sheet_then_a_page_break_then_the_details(tmp_path: Path) -> None:
    _, md = write_report(tmp_path, SCENARIOS["stomach-spread"], ".md")
    first, details = md.split("\n---\n", 1)
    assert _headings(first) == [
        "Your situation",
        "Options that may be discussed with your team",
        "What matters to you",
        "Questions you might ask your team",
        "Notes",
    ]
    assert _headings(details)[:2] == ["What would change this list", "The options in detail"]
    assert "Questions you might ask your team" not in details  # said once, on the sheet


def test_the_situation_reads_as_plain_statements_never_quiz_text_or_keys(tmp_path: Path) -> None:
    _, md = write_report(tmp_path, SCENARIOS["stomach-spread"], ".md")
    situation = md.split("## Your situation")[1].split("## ")[0]
    for statement in (
        "It is a neuroendocrine tumour (NET).",
        "It started in the stomach.",
        "It is grade 2 (moderately fast growing).",
        "It has spread to the liver.",
        "Your team has said surgery could not remove all of it.",
    ):
        assert f"- {statement}" in situation, statement
    # What is not known yet is named in a few words, and only for questions that apply; the
    # details page says each one in full, with what it would change.
    assert "Not known yet (see What would change this list): " in situation
    assert "fitness" in situation
    assert "rectum" not in situation
    for quiz in ("Has it spread", "Choose all that apply", "?", "spread=", "resectable"):
        assert quiz not in situation, quiz


def test_the_overview_has_a_row_for_every_option_with_its_fit_and_sources(
    tmp_path: Path,
) -> None:
    args = SCENARIOS["stomach-spread"]
    pairs = [word for a in args for word in ("-a", a)]
    doc = json.loads(CliRunner().invoke(app, ["explore", *pairs, "--json"]).stdout)
    _, md = write_report(tmp_path, args, ".md")
    table = md.split("## Options that may be discussed with your team")[1].split("## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| Option | Fits your answers? | Aim | Sources |"
    # A group's heading is a row of its own (its name in capitals, the other cells empty).
    is_group = [r.endswith("|  |  |  |") for r in rows[1:]]
    options = [r for r, g in zip(rows[1:], is_group, strict=True) if not g]
    groups = [r.split(" | ")[0].removeprefix("| ") for r, g in zip(rows[1:], is_group, strict=True)]
    groups = [name for name, g in zip(groups, is_group, strict=True) if g]
    assert groups == [g["title"].upper() for g in doc["overview"]]
    assert [r.split(" | ")[0].removeprefix("| ") for r in options] == [
        o["name"] for g in doc["overview"] for o in g["options"]
    ]
    fits = {o["name"]: o["fit"] for o in doc["options"]}
    for row in options:
        name, fit, _, cites = row.removeprefix("| ").removesuffix(" |").split(" | ")
        expected = {"matches": "matches", "depends": "depends on ", "sources-differ": "the sources"}
        assert fit.startswith(expected[fits[name]])
        assert cites.startswith("[")


def test_what_matters_left_unanswered_is_printed_as_tick_boxes_and_room_to_write(
    tmp_path: Path,
) -> None:
    _, md = write_report(tmp_path, SCENARIOS["stomach-spread"], ".md")
    section = md.split("## What matters to you")[1].split("## ")[0]
    assert "- [ ] Controlling my symptoms" in section
    assert "- [ ] Having time before deciding or starting treatment" in section
    assert "In your own words:" in section


def test_html_and_text_break_the_page_after_the_sheet(tmp_path: Path) -> None:
    _, html = write_report(tmp_path, SCENARIOS["nec-localised"], ".html")
    assert html.index("<h2>Notes</h2>") < html.index('<div class="page-break">')
    assert html.index('<div class="page-break">') < html.index("<h2>The options in detail</h2>")
    assert "break-after: page" in html
    assert "<table>" in html and '<th scope="col">Option</th>' in html
    _, txt = write_report(tmp_path, SCENARIOS["nec-localised"], ".txt")
    assert txt.index("Notes") < txt.index("\f") < txt.index("The options in detail")


def test_every_shipped_question_has_plain_words_for_every_answer() -> None:
    from netcli.cli import default_kb_path
    from netcli.knowledge.store import open_kb

    kb = open_kb(default_kb_path()).knowledge_base()
    plain = {p.question: p for p in kb.plain_answers}
    assert set(plain) == {q.id for q in kb.questions}
    for q in kb.questions:
        assert set(plain[q.id].says) == {c.value for c in q.choices}, q.id
        for words in [*plain[q.id].says.values(), plain[q.id].unsure]:
            assert words.endswith(".") and "?" not in words, words


def test_plain_words_for_an_unknown_question_or_value_or_a_missing_value_are_invalid(
    write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = write_kb(
        kb_yaml
        + """\
plain_answers:
  - question: kind
    says: {net: It is a NET., nec: It is a NEC., other: Something else.}
    unsure: You are not sure.
  - question: site
    says: {pancreas: It started in the pancreas.}
    unsure: You are not sure where.
  - question: colour
    says: {}
    unsure: No.
"""
    )
    result = CliRunner().invoke(app, ["kb", "validate", str(path)])
    assert result.exit_code == 1
    for problem in (
        "plain_answers[0].says.other: kind has no value 'other'",
        "plain_answers[1].says: no plain words for small-bowel",
        "plain_answers[2].question: unknown answer key 'colour'",
    ):
        assert problem in result.stderr, problem


# --- The first page: the sheet to bring ----------------------------------------------------------

SMALL_BOWEL = ["kind=net", "site=small-bowel", "spread=liver", "hormone_symptoms=yes", "grade=2"]


def _first_page(text: str, suffix: str) -> str:
    marks = {".md": "\n---\n", ".txt": "\f", ".html": '<div class="page-break">'}
    assert text.count(marks[suffix]) == 1, "one page break, after the sheet"
    return text.split(marks[suffix])[0]


@pytest.mark.parametrize("suffix", [".md", ".html", ".txt"])
def test_the_first_page_is_the_sheet_to_bring(tmp_path: Path, suffix: str) -> None:
    _, text = write_report(tmp_path, SMALL_BOWEL, suffix)
    first = _first_page(text, suffix)
    # The text format marks notes with "| " at each line's start.
    flat = " ".join(" ".join(line.removeprefix("| ") for line in first.splitlines()).split())
    order = [
        "Your situation",
        "Options that may be discussed with your team",
        "What matters to you",
        "Questions you might ask your team",
        "Notes",
    ]
    at = [flat.index(h) for h in order]
    assert at == sorted(at)
    # The situation in plain words, never the question's wording or the keys.
    assert "It has spread to the liver." in flat
    assert "Has it spread from where it started?" not in flat
    assert "small-bowel" not in flat and "hormone_symptoms" not in flat
    # Every option that may be discussed is in the table on the first page, and no details are.
    data = json.loads(
        CliRunner()
        .invoke(app, ["explore", *[x for a in SMALL_BOWEL for x in ("-a", a)], "--json"])
        .stdout
    )
    for option in data["options"]:
        assert option["name"] in flat, option["name"]
    assert "Why it may fit" not in flat and "What would change this list:" not in flat
    assert "not medical advice" in flat


def test_the_first_page_groups_what_the_answers_make_pressing_first(tmp_path: Path) -> None:
    # 001: "you might need other treatment straight away to help you feel better"
    _, text = write_report(tmp_path, SMALL_BOWEL, ".md")
    first = _first_page(text, ".md")
    table = first[first.index("| Option |") :]
    assert table.index("MAY BE NEEDED STRAIGHT AWAY") < table.index("SURGERY")
    assert table.index("Urgent treatment to control symptoms") < table.index("SURGERY")


def test_the_html_sheet_prints_alone_on_its_page(tmp_path: Path) -> None:
    _, html = write_report(tmp_path, SMALL_BOWEL, ".html")
    assert "div.page-break { break-after: page; }" in html
    sheet = html.split('<div class="page-break">')[0]
    assert "<table>" in sheet and '<ol class="ask">' in sheet
    details = html.split('<div class="page-break">')[1]
    assert "The options in detail" in details and "References" in details

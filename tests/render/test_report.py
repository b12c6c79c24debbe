"""The appointment summary (--report), source freshness, completion and old names (the
appointment issue). The summary is checked in each format for a few situations; the HTML is
parsed to check it is self-contained and holds every section."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.render.report import md_escape
from tests.conftest import AS_NET, CLEAR_LINE, ENTER

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
    assert "- Not known yet: " in situation and "(see What would change this list)" in situation
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
        # "matches" is said as what it means (issue 22); the JSON keeps the value.
        expected = {
            "matches": "described for this",
            "depends": "depends on ",
            "sources-differ": "the sources",
        }
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
    from netcli.knowledge import default_kb_path
    from netcli.knowledge.load import open_kb

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


# --- Reports are inert and never destroy anything: Markdown escapes every piece of knowledge-base


LINKS = (
    "[click](https://evil.example/x) ![pixel](https://evil.example/p.png) "
    "<img src=x onerror=alert(1)> <https://evil.example/auto> https://evil.example/bare "
    "www.evil.example evil@evil.example [ref][1] &copy; &#60;"
)
BLOCKS = (
    "ok\n# Fake heading\n```\ncode block\n```\n    indented code\n- fake item\n> fake quote\n"
    "1. fake ordered\n| a | b |\n|---|---|\n| c | d |\nSetext\n===\n*em* **strong** `code` "
    "~~strike~~ $x$ <div>html</div>\n\n---\n"
)
PAYLOADS = [
    LINKS,
    BLOCKS,
    "- starts like an item",
    "12. starts like an ordered item",
    "> quote",
    "[1](https://evil.example/cite) [2]: https://evil.example/def [3] (x)",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_escape_leaves_nothing_markdown_would_act_on(payload: str) -> None:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse("- " + md_escape(payload))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert kinds <= {
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
    }, kinds
    shown = "".join(c.content for t in tokens for c in t.children or [])
    assert shown == " ".join(payload.split())  # the words as written, nothing lost
    assert "https://" not in md_escape(payload)  # no automatic links in extended renderers
    assert "www." not in md_escape(payload)


@pytest.fixture
def hostile_kb(write_kb: Callable[..., Path], kb_yaml: str) -> Path:
    text = kb_yaml.replace(
        "disclaimer: General information, not medical advice. Talk it over with your team.",
        "disclaimer: |-\n  General information.\n\n  # Out of the quote\n  <b>bold</b> "
        + "[x](https://evil.example)",
    )
    text = text.replace(
        "why: The page describes them for slow-growing NETs.",
        "why: " + repr(BLOCKS).replace("'", '"'),
    )
    text = text.replace("      - text: It can make the mouth sore.", "      - text: " + repr(LINKS))
    text = text.replace("term: Multidisciplinary team", "term: '[MDT](https://evil.example)'")
    text = text.replace("name: Somatostatin analogues", "name: '# SSAs ![x](https://e.x/i.png)'")
    assert text.count("evil.example") == 8 and "e.x/i.png" in text and "Fake heading" in text
    return write_kb(text, "hostile.yaml")


def _tokens(kb: Path, report: Path) -> tuple[str, list[object]]:
    result = CliRunner().invoke(
        app,
        ["--kb", str(kb), "explore", "-a", "kind=net", "--report", str(report)],
    )
    assert result.exit_code == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return text, md.parse(text)


def test_a_markdown_report_of_hostile_text_is_inert(
    hostile_kb: Path, kb_file: Path, tmp_path: Path
) -> None:
    text, tokens = _tokens(hostile_kb, tmp_path / "r.md")
    _, plain = _tokens(kb_file, tmp_path / "plain.md")
    inline = [c for t in tokens for c in t.children or []]  # type: ignore[attr-defined]
    types = [t.type for t in tokens] + [c.type for c in inline]  # type: ignore[attr-defined]
    for bad in (
        "link_open",
        "image",
        "html_inline",
        "html_block",
        "code_inline",
        "code_block",
        "fence",
        "em_open",
        "strong_open",
        "s_open",
    ):
        assert bad not in types, bad
    # Only the structure netcli writes itself: as many headings, quotes, tables, rules and lists
    # as the same report from harmless text.
    structure = ("heading_open", "blockquote_open", "table_open", "hr", "bullet_list_open")
    plain_types = [t.type for t in plain]  # type: ignore[attr-defined]
    for kind in structure:
        assert types.count(kind) == plain_types.count(kind), kind
    headings = [
        tokens[i + 1].content  # type: ignore[attr-defined]
        for i, t in enumerate(tokens)
        if t.type == "heading_open"  # type: ignore[attr-defined]
    ]
    assert not any("Fake heading" in h or "Out of the quote" in h for h in headings)
    assert "https://" not in text
    for shown in ("evil.example", "Fake heading", "Out of the quote", "SSAs", "MDT"):
        assert shown in text  # shown as text, not dropped


# --- Never destroy input --------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def answers_file(tmp_path: Path, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text("kind: net\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("which", ["kb", "answers", "kb-link", "answers-hardlink"])
def test_a_report_never_replaces_the_kb_or_answers_file(
    kb_file: Path, tmp_path: Path, which: str, force: list[str]
) -> None:
    answers = answers_file(tmp_path, "answers.md")
    kb_copy = tmp_path / "kb.txt"
    kb_copy.write_bytes(kb_file.read_bytes())
    target = {"kb": kb_copy, "answers": answers}.get(which)
    if which == "kb-link":
        target = tmp_path / "link.md"
        target.symlink_to(kb_copy)
    if which == "answers-hardlink":
        target = tmp_path / "hard.txt"
        os.link(answers, target)
    before = (kb_copy.read_bytes(), answers.read_bytes())
    result = invoke(
        "--kb", str(kb_copy), "explore", "--answers", str(answers), "--report", str(target), *force
    )
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "netcli is reading" in result.stderr
    assert (kb_copy.read_bytes(), answers.read_bytes()) == before


def test_an_existing_report_is_not_replaced_without_force(
    run_kb: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "mine.txt"
    target.write_text("my own notes\n", encoding="utf-8")
    result = run_kb("explore", "-a", "kind=net", "--report", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""  # refused before any work
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "my own notes\n"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_force_replaces_an_existing_report_and_keeps_its_permissions(
    run_kb: Callable[..., Result], tmp_path: Path, mode: int
) -> None:
    target = tmp_path / "mine.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    result = run_kb("explore", "-a", "kind=net", "--report", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert "old" not in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.parametrize("target", ["/dev/null", "{tmp}/a-folder.md"])
def test_a_report_path_that_is_not_a_file_is_refused(
    run_kb: Callable[..., Result], tmp_path: Path, target: str
) -> None:
    (tmp_path / "a-folder.md").mkdir()
    path = target.format(tmp=tmp_path)
    force = ["--force"]
    if path == "/dev/null":
        path = str(tmp_path / "null.txt")
        os.symlink("/dev/null", path)
        force = []  # with --force the link itself is replaced: tests/cli/test_report_target.py
    result = run_kb("explore", "-a", "kind=net", "--report", path, *force)
    assert result.exit_code == 2
    assert "not a file" in result.stderr or "symbolic link" in result.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_control_characters_in_a_report_path_are_never_echoed(
    run_kb: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J.txt"
    result = run_kb("explore", "-a", "kind=net", "--report", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.exists()
    assert "Saved the summary to" in result.stderr
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    refused = run_kb("explore", "-a", "kind=net", "--report", str(target))
    assert refused.exit_code == 2
    assert "\x1b" not in refused.stderr


def test_a_new_report_follows_the_umask(run_kb: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "new.html"
    old = os.umask(0o027)
    try:
        assert run_kb("explore", "-a", "kind=net", "--report", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def save_as(name: Path) -> str:
    """At the offer to save a summary: yes, then the name typed over the one offered."""
    return ENTER + CLEAR_LINE + str(name) + ENTER


@pytest.mark.parametrize("replace", [False, True])
def test_the_wizard_asks_before_replacing_a_file(
    in_terminal: Callable[..., Any], tmp_path: Path, replace: bool
) -> None:
    target = tmp_path / "summary.txt"
    target.write_text("my own notes\n", encoding="utf-8")
    # --json: no results browser before the offer. Asked to replace: y, or n and then no summary.
    keys = AS_NET + save_as(target) + ("y" if replace else "n" + "n")
    ran = in_terminal(keys, "explore", "--json")
    assert ran.exit_code == 0, ran.stderr
    # Wrapped to fit, at spaces and hyphens (pytest-xdist's temporary paths hold "popen-gw0").
    asked = f"{target} exists. Replace it?"
    assert re.sub(r"\s+", "", asked) in re.sub(r"\s+", "", ran.prompts), ran.prompts
    assert (target.read_text(encoding="utf-8") == "my own notes\n") is not replace
    assert ("Saved the summary" in ran.stderr) is replace


@pytest.mark.parametrize(
    "keys",
    [AS_NET + "\x04", AS_NET + ENTER + CLEAR_LINE + "\x04"],
    ids=["at-save-a-summary", "at-an-empty-file-name"],
)
def test_ctrl_d_at_the_offer_leaves_as_ctrl_c_does(
    in_terminal: Callable[..., Any], keys: str
) -> None:
    # It ended the prompt with EOFError: "internal error (EOFError). This is a bug in netcli."
    # (attack run h41, D10).
    ran = in_terminal(keys, "explore", "--json")
    assert ran.exit_code == 130, ran.stderr
    assert "internal error" not in ran.stderr
    assert "Interrupted." in ran.stderr


def test_a_name_typed_with_a_tilde_is_in_the_home_folder(
    in_terminal: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No shell expands what is typed at the prompt: "~/Documents/s.md" was refused as a folder
    # that does not exist (attack run h41, D2).
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    ran = in_terminal(AS_NET + ENTER + CLEAR_LINE + "~/Documents/s.md" + ENTER, "explore", "--json")
    assert ran.exit_code == 0, ran.stderr
    saved = tmp_path / "Documents" / "s.md"
    assert saved.is_file()
    assert f"Saved the summary to {saved}" in ran.stderr
    assert not (tmp_path / "~").exists()


def test_the_wizard_never_saves_over_an_input_file(
    in_terminal: Callable[..., Any], kb_file: Path, tmp_path: Path
) -> None:
    link = tmp_path / "kb-link.txt"
    link.symlink_to(kb_file)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    before = kb_file.read_bytes()
    ran = in_terminal(AS_NET + save_as(link) + save_as(folder) + "n", "explore", "--json")
    assert ran.exit_code == 0, ran.stderr
    assert "netcli is reading" in ran.stderr
    assert "not a file" in ran.stderr  # asked again each time, never asked to replace
    assert "Replace it?" not in ran.prompts
    assert kb_file.read_bytes() == before
    assert folder.is_dir()

"""``netcli explore`` end to end: the installed command in a real pseudo-terminal, driven by keys
with pexpect, over an inline knowledge base of four questions."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import (
    CTRL_C,
    DOWN,
    ENTER,
    PAGE_A_GUIDELINE_B,
    SPACE,
    UP,
    question,
    small_kb,
    support,
)

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")

NETCLI = Path(sys.executable).parent / "netcli"


KB = small_kb(
    question("site", help="Your report says where."),
    question("grade", help="The grade is on the report."),
    question("spread", choices=[("none", "It has not spread"), ("liver", "To the liver")]),
    question("resectable"),
    head="""\
version: "0.0.1"
date: 2025-01-01
disclaimer: Test disclaimer. Only your team can say what suits you.
sources:
"""
    + PAGE_A_GUIDELINE_B,
    rest="""\
treatments:
  - id: surgery
    name: Surgery to remove the tumour
    category: surgery
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim: [{goal: cure, sources: [src-a]}]
    about: [{text: An operation., sources: [src-a]}]
    sources: [src-a]
    offered_when:
      - {when: {spread: [none], resectable: ["yes"]}, why: It may be removed., sources: [src-a]}
    not_suitable_when:
      - {when: {grade: ["3"]}, why: Not described for grade 3., sources: [src-b]}
"""
    + support()
    + """\
drugs: []
sites: []
glossary: []
""",
)

DISCLAIMER = "Test disclaimer. Only your team can say what suits you."
# CSI sequences (colours, cursor moves, modes), then the few other escapes a terminal app sends.
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def clean(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    if not NETCLI.exists():
        pytest.skip(f"netcli is not installed next to {sys.executable}")
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return path


def spawn(
    tmp_path: Path, command: str, args: list[str], columns: int = 120, **extra: str
) -> pexpect.spawn:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NETCLI_CACHE_DIR": str(tmp_path / "cache"),
        "TERM": "xterm",
        "PAGER": "cat",  # long views go through $PAGER; the test of less sets its own
        **extra,
    }
    child = pexpect.spawn(
        command,
        args,
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        dimensions=(40, columns),
        timeout=20,
    )
    child.logfile_read = io.StringIO()
    return child


def netcli(
    tmp_path: Path, kb_path: Path, *args: str, columns: int = 120, **extra: str
) -> pexpect.spawn:
    return spawn(tmp_path, str(NETCLI), ["--kb", str(kb_path), "explore", *args], columns, **extra)


def shown(child: pexpect.spawn) -> str:
    """Everything the terminal has shown so far, without escape sequences."""
    return clean(child.logfile_read.getvalue())


def expect_said(child: pexpect.spawn, message: str) -> None:
    """``message`` shown in full before the browser's next "What next?". A line longer than the
    terminal is folded at its edge (a temporary path is longer under pytest-xdist), so the
    comparison leaves out where the lines break."""
    child.expect_exact("What next?")
    said = clean(child.before)
    assert re.sub(r"\s+", "", message) in re.sub(r"\s+", "", said), said


def at(child: pexpect.spawn, question: str, last_row: str) -> None:
    """Wait until a question is drawn with its choices down to ``last_row``."""
    child.expect_exact(question)
    child.expect_exact(last_row)


def finish(child: pexpect.spawn) -> int:
    """Quit the results browser, or decline the offer to save a summary (when the results went
    to a file), if either shows, and wait for the exit status."""
    seen = child.expect([pexpect.EOF, "Save a summary", "What next?"])
    if seen == 1:
        child.send("n")
    elif seen == 2:
        child.expect_exact("Quit")
        child.send(UP + ENTER)  # up from the first row wraps to the last, Quit
    if seen:
        child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def answer_all(child: pexpect.spawn) -> None:
    """site: rectum, Go back, rectum again; grade 2; spread: not spread; resectable: yes.

    A new question starts on Not sure; Go back is the row after it, then the list wraps."""
    at(child, "Where did it start?", "Not sure")
    child.send(UP + ENTER)  # up from Not sure: The rectum
    at(child, "What grade is it?", "Go back")
    child.send(DOWN + ENTER)  # Go back
    at(child, "Where did it start?", "Not sure")
    child.send(ENTER)  # The rectum is still selected
    at(child, "What grade is it?", "Go back")
    child.send(DOWN * 3 + ENTER)  # past Go back, wrapping to Grade 1, then Grade 2
    at(child, "Has it spread?", "Go back")
    child.send(DOWN * 2 + SPACE + ENTER)
    at(child, "Can it be removed?", "Go back")
    child.send(DOWN * 2 + ENTER)
    child.expect_exact("Your answers. Pick one to change it")
    child.expect_exact("Can it be removed?: ")  # the review: "topic: answer"


def test_wizard_go_back_review_and_results(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    answer_all(child)
    review = shown(child)
    review = review[review.rindex("Your answers. Pick one") :]
    assert "See the results" in review
    for words in ("The rectum", "Grade 2", "It has not spread", "Yes"):
        assert words in review
    child.send(ENTER)
    child.expect_exact("Options that may be discussed with your team")
    child.expect_exact(DISCLAIMER)
    assert finish(child) == 0

    out = shown(child)
    results = out[out.rindex("Options that may be discussed with your team") :]
    assert "Surgery to remove the tumour" in results
    assert "It may be removed." in results
    assert "Supportive care" in results
    assert "Options that do not fit your answers" not in results
    # The situation in plain words comes first, then the overview table.
    situation = " ".join(results[results.index("Your situation:") :].split())
    assert situation.startswith("Your situation: The rectum. Grade 2. It has not spread. Yes.")
    assert results.index("Your situation:") < results.index("Fits your answers?")
    assert "Traceback" not in out


def test_wizard_change_an_answer_in_the_review(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    answer_all(child)
    child.send(DOWN * 2 + ENTER)  # the review's rows: See the results, site, grade, ...
    at(child, "What grade is it?", "Not sure")
    child.send(DOWN + ENTER)  # from Grade 2 (selected) to Grade 3
    child.expect_exact("Your answers. Pick one to change it")
    child.expect_exact("Can it be removed?: ")  # the review: "topic: answer"
    child.send(ENTER)
    child.expect_exact("Options that do not fit your answers")
    child.expect_exact(DISCLAIMER)
    assert finish(child) == 0
    out = shown(child)
    excluded = out[out.rindex("Options that do not fit your answers") :]
    assert "Because grade 3: Surgery to remove the tumour" in " ".join(excluded.split())
    assert "Grade 3." in " ".join(out[out.rindex("Your situation:") :].split())


@pytest.mark.parametrize(
    ("keys", "question", "last_row"),
    [
        ("", "Where did it start?", "Not sure"),
        (ENTER, "What grade is it?", "Go back"),
        (ENTER + ENTER, "Has it spread?", "Go back"),
    ],
    ids=["first-question", "later-question", "checkbox"],
)
def test_ctrl_c_at_a_prompt(
    tmp_path: Path, kb_path: Path, keys: str, question: str, last_row: str
) -> None:
    child = netcli(tmp_path, kb_path)
    at(child, "Where did it start?", "Not sure")
    if keys:
        child.send(keys)
        at(child, question, last_row)
    before = len(shown(child))
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    out = shown(child)
    assert "Traceback" not in out
    after = [line.strip() for line in out[before:].splitlines() if line.strip()]
    # The prompt's own last redraw (its "→" line) may stay on screen; the only message is one line.
    messages = [line for line in after if question not in line and not line.startswith("→")]
    assert messages == ["Interrupted."]


def test_json_goes_alone_to_redirected_stdout(tmp_path: Path, kb_path: Path) -> None:
    out_file = tmp_path / "out.json"
    command = " ".join(
        shlex.quote(a) for a in (str(NETCLI), "--kb", str(kb_path), "explore", "--json")
    )
    child = spawn(tmp_path, "bash", ["-c", f"{command} > {shlex.quote(str(out_file))}"])
    answer_all(child)
    child.send(ENTER)
    assert finish(child) == 0

    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["answers"] == {
        "site": "rectum",
        "grade": "2",
        "spread": ["none"],
        "resectable": "yes",
    }
    assert [o["id"] for o in doc["options"]] == ["surgery", "support"]
    assert doc["disclaimer"] == DISCLAIMER
    # The prompts went to the terminal, and the view did not.
    out = shown(child)
    assert "Where did it start?" in out
    assert "Options that may be discussed with your team" not in out


def test_ctrl_c_with_json_leaves_stdout_empty(tmp_path: Path, kb_path: Path) -> None:
    out_file = tmp_path / "out.json"
    command = " ".join(
        shlex.quote(a) for a in (str(NETCLI), "--kb", str(kb_path), "explore", "--json")
    )
    child = spawn(tmp_path, "bash", ["-c", f"{command} > {shlex.quote(str(out_file))}"])
    at(child, "Where did it start?", "Not sure")
    child.send(ENTER)
    at(child, "What grade is it?", "Go back")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert out_file.read_text(encoding="utf-8") == ""
    assert "Interrupted." in shown(child)
    assert "Traceback" not in shown(child)


def test_answers_given_in_a_terminal_are_not_asked_again(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path, "-a", "grade=3", "-a", "spread=liver")
    child.expect_exact(DISCLAIMER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = shown(child)
    # Not asked (the question appears only as something not known, after the situation).
    assert "Where did it start?" not in out[: out.index("Your situation:")]
    assert "Save a summary" not in out
    assert "Options that may be discussed with your team" in out
    assert "Options that do not fit your answers" in out
    assert "Not sure, but it changes nothing here:" in out


def test_an_empty_answers_file_in_a_terminal_asks_nothing(tmp_path: Path, kb_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("{}\n", encoding="utf-8")
    child = netcli(tmp_path, kb_path, "--answers", str(path))
    seen = child.expect_exact(["Where did it start?", DISCLAIMER])
    if seen == 0:
        child.send(CTRL_C)  # end the wizard that should not have started
    child.expect(pexpect.EOF)
    child.close()
    assert seen == 1, "the wizard started although --answers was given"
    assert child.exitstatus == 0
    out = " ".join(shown(child).split())
    assert "You answered Not sure to every question." in out
    assert "What would change this list" in out


def test_welcome_then_numbered_questions_and_enter_alone_answers_not_sure(
    tmp_path: Path, kb_path: Path
) -> None:
    child = netcli(tmp_path, kb_path)
    at(child, "Where did it start?", "Not sure")
    welcome = shown(child)
    welcome = welcome[: welcome.index("Where did it start?")]
    assert DISCLAIMER in welcome
    for key in ("Enter", "Space", "Go back", "Not sure"):
        assert key in welcome
    assert "Question 1 of 4" in welcome
    child.send(ENTER)
    at(child, "What grade is it?", "Go back")
    child.send(ENTER)
    child.expect_exact("Question 3 of 4")
    at(child, "Has it spread?", "Go back")
    child.send(DOWN * 3 + ENTER)  # To the liver, highlighted but not ticked
    at(child, "Can it be removed?", "Go back")
    child.send(ENTER)
    child.expect_exact("Your answers. Pick one to change it")
    child.expect_exact("Can it be removed?: ")  # the review: "topic: answer"
    child.send(ENTER)
    child.expect_exact(DISCLAIMER)
    assert finish(child) == 0
    out = shown(child)
    situation = " ".join(out[out.rindex("Your situation:") :].split())
    # Only the answer that was ticked: Enter alone answered Not sure everywhere else.
    assert situation.startswith("Your situation: To the liver. Option")
    assert "Grade" not in situation[: situation.index("Option")]


def test_a_60_column_terminal_wraps_the_review_without_cutting_words(
    tmp_path: Path, kb_path: Path
) -> None:
    long_question = (
        "Has your surgeon, who has seen your scans and reports, said whether all of it can be "
        "removed?"
    )
    path = tmp_path / "long.yaml"
    path.write_text(
        KB.replace("text: Can it be removed?", "text: " + long_question)
        .replace("Where did it start?", "Where in the body did the tumour start growing?")
        .replace("label: The rectum", "label: The rectum (the last part of the large bowel)"),
        encoding="utf-8",
    )
    child = netcli(tmp_path, path, columns=60)
    at(child, "Where in the body did the tumour", "Not sure")
    child.send(UP + ENTER + ENTER + ENTER + ENTER)
    child.expect_exact("Your answers. Pick one")
    child.expect_exact("to change it")
    child.expect_exact("removed?: Not sure")  # the review's rows: "topic: answer"
    review = shown(child)
    review = review[review.rindex("Your answers. Pick one") :]
    lines = [line.rstrip() for line in review.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= 60, review
    flat = " ".join(review.split())
    assert "The rectum (the last part of the large bowel)" in flat
    assert "Where in the body did the tumour start growing?: The rectum" in flat
    assert f"{long_question}: Not sure" in flat
    assert "…" not in review
    child.send(CTRL_C)
    child.expect(pexpect.EOF)


# --- The results browser (issue 12, item 2) ----------------------------------------------------
# Its rows: Read an option's card, Compare, See what would change the list, See all the results
# again, Save the summary, Start again, Quit.


def quit_browser(child: pexpect.spawn) -> int:
    """On the browser's menu (already drawn): up from the first row wraps to Quit."""
    child.send(UP + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def to_browser(child: pexpect.spawn) -> None:
    """Answer everything and wait for the browser (this knowledge base has no last step)."""
    answer_all(child)
    child.send(ENTER)  # the review: See the results
    child.expect_exact("What next?")
    child.expect_exact("Quit")


def test_browser_reads_an_options_card_then_quits(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    child.send(ENTER)  # Read an option's card
    child.expect_exact("Which option?")
    child.expect_exact("Go back")
    child.send(ENTER)  # the first: Surgery to remove the tumour
    child.expect_exact("When the sources say it may be offered")
    child.expect_exact("What next?")
    before = len(shown(child))
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    card = shown(child)
    card = card[card.rindex("Which option?") :]
    assert "Surgery to remove the tumour" in card
    assert "It may be removed." in card
    assert DISCLAIMER in card
    assert "Traceback" not in shown(child)[before:]


def test_every_go_back_in_the_browser_returns_to_its_menu(tmp_path: Path, kb_path: Path) -> None:
    """Card, Go back, compare, Go back, Quit: the session goes on to the end (Go back in the
    card's list once ended it with "No treatment called 'go back'")."""
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    child.send(ENTER)  # Read an option's card
    child.expect_exact("Which option?")
    child.expect_exact("Go back")
    child.send(UP + ENTER)  # up from the first row wraps to the last: Go back
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    child.send(DOWN + ENTER)  # Compare
    child.expect_exact("Which options?")
    child.expect_exact("Go back")
    child.send(SPACE + UP + ENTER)  # one ticked, then Enter on Go back: back all the same
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    child.send(DOWN + ENTER)  # Compare again: Enter with nothing ticked goes back too
    child.expect_exact("Which options?")
    child.expect_exact("Go back")
    child.send(ENTER)
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    out = shown(child)
    assert "No treatment" not in out and "Side by side" not in out and "Traceback" not in out


def test_browser_compares_two_options_side_by_side(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    child.send(DOWN + ENTER)  # Compare
    child.expect_exact("Which options?")
    child.expect_exact("Supportive care")
    child.send(SPACE + ENTER)  # one ticked: refused, the list stays (its message is at the
    child.send(DOWN + SPACE + ENTER)  # foot of the screen, which a pty without CPR may not draw)
    child.expect_exact("Side by side: Surgery to remove the tumour, Supportive care")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    grid = shown(child)
    grid = grid[grid.rindex("Side by side") :]
    assert "What it is" in grid and "Which drugs?" in grid and "How the pages" in grid
    assert "An operation." in grid and "Help." in grid


def test_browser_shows_what_would_change_the_list(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    at(child, "Where did it start?", "Not sure")
    child.send(ENTER + ENTER)  # site and grade: Not sure
    at(child, "Has it spread?", "Go back")
    child.send(DOWN * 2 + ENTER)  # It has not spread (highlighted, not ticked)
    at(child, "Can it be removed?", "Go back")
    child.send(DOWN * 2 + ENTER)  # Yes
    child.expect_exact("Your answers. Pick one")
    child.send(ENTER)
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    child.send(DOWN * 2 + ENTER)
    child.expect_exact("What would change this list")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    out = shown(child)
    out = " ".join(out[out.rindex("What would change this list") :].split())
    # The same section as in the results: each question once, and what its answer would do.
    assert "• What grade is it? If grade 3: Surgery to remove the tumour: would not fit" in out
    assert out.count("What grade is it?") == 1


def test_browser_saves_the_summary_and_stays(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    child.send(DOWN * 4 + ENTER)  # Save the summary
    child.expect_exact("File name")
    child.send("\x15" + "my-summary.md" + ENTER)  # Ctrl-U clears the default name
    expect_said(child, f"Saved the summary to {tmp_path / 'my-summary.md'}")  # the whole path
    child.expect_exact("(saved: my-summary.md)")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    text = (tmp_path / "my-summary.md").read_text(encoding="utf-8")
    assert "Surgery to remove the tumour" in text


def test_browser_save_into_a_missing_folder_says_so_and_goes_on(
    tmp_path: Path, kb_path: Path
) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    child.send(DOWN * 4 + ENTER)
    child.expect_exact("File name")
    child.send("\x15" + "no-such-folder/s.md" + ENTER)
    child.expect_exact("Not saved:")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    assert "Traceback" not in shown(child)


def save_in_browser(child: pexpect.spawn) -> None:
    """From the browser's menu to its Save's file name."""
    child.send(DOWN * 4 + ENTER)
    child.expect_exact("File name")


def test_browser_save_offers_a_dated_name(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    save_in_browser(child)
    name = f"netcli-summary-{dt.date.today().isoformat()}.html"
    child.expect_exact(name)  # offered as the default
    child.send(ENTER)
    expect_said(child, f"Saved the summary to {tmp_path / name}")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    assert "Surgery to remove the tumour" in (tmp_path / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("replace", [True, False])
def test_browser_save_asks_before_replacing_a_file(
    tmp_path: Path, kb_path: Path, replace: bool
) -> None:
    mine = tmp_path / "mine.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    # Wide enough that "<path> exists. Replace it?" stays on one line with pytest-xdist's longer
    # temporary paths (the wrapping itself: tests/render/test_report.py).
    child = netcli(tmp_path, kb_path, columns=200)
    to_browser(child)
    save_in_browser(child)
    child.send("\x15" + "mine.md" + ENTER)
    child.expect_exact("exists. Replace it?")
    child.send("y" if replace else "n")
    if replace:
        expect_said(child, f"Saved the summary to {mine}")
    else:
        expect_said(child, f"Not saved: {mine} is left as it was.")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    text = mine.read_text(encoding="utf-8")
    assert ("Surgery to remove the tumour" in text) is replace
    assert (text == "my own notes\n") is not replace


def test_browser_save_refuses_a_link_and_never_writes_through_it(
    tmp_path: Path, kb_path: Path
) -> None:
    victim = tmp_path / "private.txt"
    victim.write_text("someone's own file\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(victim)
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    save_in_browser(child)
    child.send("\x15" + "link.md" + ENTER)
    child.expect_exact("is a symbolic link")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0
    said = " ".join(shown(child).split())
    assert "Not saved: The report path link.md is a symbolic link" in said
    assert "Give another name." in said and "--force" not in said  # no flag inside the browser
    assert victim.read_text(encoding="utf-8") == "someone's own file\n"
    assert (tmp_path / "link.md").is_symlink()


def test_browser_start_again_asks_the_questions_again(tmp_path: Path, kb_path: Path) -> None:
    child = netcli(tmp_path, kb_path)
    to_browser(child)
    before = len(shown(child))
    child.send(DOWN * 5 + ENTER)  # Start again
    at(child, "Where did it start?", "Not sure")
    assert "Question 1 of 4" in shown(child)[before:]
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_long_results_go_through_less_in_a_terminal(tmp_path: Path, kb_path: Path) -> None:
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    env = {"PAGER": ""}  # unset: netcli picks less -FIRX
    child = spawn(tmp_path, str(NETCLI), ["--kb", str(kb_path), "explore"], 120, **env)
    child.setwinsize(12, 120)  # too short for the results, so less waits
    answer_all(child)
    child.send(ENTER)
    child.expect_exact("Your situation:")
    index = child.expect(["q to leave", "What next?"])
    assert index == 0, "the results did not stop in the pager"
    child.send("q")
    child.expect_exact("What next?")
    child.expect_exact("Quit")
    assert quit_browser(child) == 0


def test_no_browser_and_no_pager_when_the_output_is_piped(tmp_path: Path, kb_path: Path) -> None:
    command = " ".join(shlex.quote(a) for a in (str(NETCLI), "--kb", str(kb_path), "explore"))
    child = spawn(tmp_path, "bash", ["-c", f"{command} | cat"], PAGER="")
    answer_all(child)
    child.send(ENTER)
    child.expect_exact(DISCLAIMER)
    assert finish(child) == 0
    out = shown(child)
    assert "What next?" not in out
    assert "Options that may be discussed with your team" in out

"""Rich markup, escapes, bidi and control characters in knowledge-base text or a name given: printed
as text, never as markup, and never reaching the terminal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import Result

from netcli import lookup as lk
from netcli.env import Env
from netcli.explore import answers as ans
from netcli.explore.result import assemble
from netcli.knowledge import model as m
from netcli.knowledge.validate import validate
from netcli.knowledge.yamlload import parse
from netcli.render import blocks, terminal
from netcli.text import strip_unsafe
from tests.helpers import (
    ESC,
    KB_YAML,
    assert_clean_exit,
    assert_error,
    invoke,
    kb_path,  # noqa: F401 (a fixture)
    line_of,
    run_marked,  # noqa: F401 (a fixture)
)

# --- Rich markup, control characters --------------------------------------------------------------


def test_rich_markup_in_knowledge_base_text_is_printed_literally(
    run_marked: Callable[..., Result],
) -> None:
    result = run_marked("drug", "octreotide")
    assert_clean_exit(result, 0)
    assert "Markup [bold]x[/] stays." in result.stdout
    assert "A link [link=http://e.x]y[/link] stays." in result.stdout
    assert ESC not in result.stdout


def test_rich_markup_in_knowledge_base_text_is_printed_literally_in_colour(
    run_marked: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_marked("drug", "octreotide")
    assert_clean_exit(result, 0)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Markup [bold]x[/] stays." in plain
    assert "A link [link=http://e.x]y[/link] stays." in plain
    assert "\x1b]8;" not in result.stdout  # no hyperlink was made of it


@pytest.mark.parametrize(
    ("escaped", "what"),
    [
        (r"\e[31mred\e[0m", "ansi"),
        (r"\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "osc"),
        (r"invoice\u202egpj.exe", "bidi"),
        (r"bell\x07", "bell"),
        (r"csi\x9b2J", "c1"),
    ],
    ids=lambda v: v if v in ("ansi", "osc", "bidi", "bell", "c1") else "",
)
def test_control_escape_and_bidi_characters_fail_validation_with_a_location(
    tmp_path: Path, escaped: str, what: str
) -> None:
    path = tmp_path / "kb.yaml"
    text = KB_YAML.replace(
        '{text: "Markup [bold]x[/] stays.", sources: [page]}',
        f'{{text: "{escaped}", sources: [page]}}',
    )
    assert text != KB_YAML
    path.write_text(text, encoding="utf-8")
    line = line_of(text, escaped)
    for args in (["kb", "validate", str(path)], ["--kb", str(path), "drug", "octreotide"]):
        result = invoke(*args)
        assert_error(result, 1)
        assert re.search(
            re.escape(f"{path}:{line}:") + r"\d+: drugs\[0\]\.how_it_works\[0\]\.text: "
            "contains control, escape or bidi-override characters",
            result.stderr,
        ), result.stderr
        assert ESC not in result.stderr


def test_strip_unsafe_leaves_no_escape_bidi_or_control_character() -> None:
    dirty = "a\x1b[31mb\x1b]8;;http://e.x\x07c\x1b]8;;\x07d\u202ee\u2066f\x9bg\x00h\rj"
    clean = strip_unsafe(dirty)
    assert clean == "a[31mb]8;;http://e.xc]8;;de" + "fghj"
    assert not any(c in clean for c in "\x1b\x07\x9b\x00\r\u202e\u2066")


def _dirty_drug() -> lk.DrugResult:
    bad = "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \u202eevil\x9b2J"
    source = m.Source(id="s", kind="patient-page", title="Title " + bad, publisher=bad)
    drug = m.Drug(
        id="d",
        name="Name " + bad,
        drug_class=m.Statement(text="Class " + bad, sources=["s"]),
        how_it_works=[m.Statement(text="Works " + bad, sources=["s"])],
        sources=["s"],
        aliases=[m.Alias(name="Alias " + bad, kind="brand", sources=["s"])],
        caveats=[m.Statement(text="Caveat " + bad, sources=["s"])],
        disagreements=[
            m.Disagreement(topic="Topic " + bad, positions=[m.Position(says=bad, sources=["s"])])
        ],
    )
    refs = lk.References([source], dt.date(2025, 1, 1))
    return lk.DrugResult(drug, [lk.Ref("t", "Treatment " + bad)], refs)


def test_the_terminal_renderer_strips_escapes_from_records(capsys: pytest.CaptureFixture) -> None:
    terminal.render(_dirty_drug(), blocks.console(Env.from_process()), "Disclaimer \x1b[2J\u202e")
    out = capsys.readouterr().out
    for word in ("Name", "Class", "Works", "Alias", "Caveat", "Topic", "Treatment", "Disclaimer"):
        assert word in out
    assert ESC not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\x9b" not in out


def test_the_terminal_renderer_adds_only_its_own_styles_in_colour() -> None:
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", markup=False)
    terminal.render(_dirty_drug(), console, "Disclaimer \x1b]8;;x\x07")
    out = buffer.getvalue()
    assert "\x1b[31m" not in out  # the data's red never reaches the terminal
    assert "\x1b]8;" not in out  # nor its hyperlink
    assert "\u202e" not in out
    assert "\x07" not in out


def test_the_explore_view_strips_escapes_from_records(capsys: pytest.CaptureFixture) -> None:
    kb = validate(parse(KB_YAML, "kb.yaml"), "kb.yaml")
    treatment = dataclasses.replace(
        kb.treatments[0],
        name="Treat \x1b[31mred\u202e",
        offered_when=[m.Rule(when={}, why="Why \x1b]8;;x\x07link", sources=["page"])],
    )
    question = dataclasses.replace(kb.questions[0], text="Question \x1b[2J?")
    kb = dataclasses.replace(kb, treatments=[treatment], questions=[question, kb.questions[1]])
    result = assemble(kb, ans.check({"kind": ["net"]}, kb.questions), dt.date(2026, 1, 1))
    terminal.render(result, blocks.console(Env.from_process()), kb.disclaimer)
    out = capsys.readouterr().out
    assert "Treat [31mred" in out
    assert "Why ]8;;xlink" in out
    assert ESC not in out
    assert "\u202e" not in out


def test_escapes_in_a_name_given_never_reach_stderr(run_marked: Callable[..., Result]) -> None:
    result = run_marked("drug", "\x1b[31mred\u202e")
    assert_error(result, 1)
    assert ESC not in result.stderr
    assert "\u202e" not in result.stderr


def test_trimmed_lines_lose_only_trailing_spaces() -> None:
    # Piped output: padding goes, nothing else; a line not ended yet is kept at a flush.
    import io

    from netcli.render.blocks import TrimmedLines

    out = io.StringIO()
    t = TrimmedLines(out)
    t.write("a  \nb ")
    t.write(" c   \npartial ")
    t.flush()
    assert out.getvalue() == "a\nb  c\npartial "

"""Reports are inert and never destroy anything: Markdown escapes every piece of knowledge-base
text (no links, images, headings, HTML or code that netcli did not write), a report never replaces
the --kb or --answers file, replaces an existing file only with --force (keeping its permissions),
and a path is never echoed with its control characters."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.render.report import md_escape

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
    if path == "/dev/null":
        path = str(tmp_path / "null.txt")
        os.symlink("/dev/null", path)
    result = run_kb("explore", "-a", "kind=net", "--report", path, "--force")
    assert result.exit_code == 2
    assert "not a file" in result.stderr
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


@pytest.mark.parametrize("replace", [False, True])
def test_the_wizard_asks_before_replacing_a_file(
    run_kb: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replace: bool,
) -> None:
    import typer.testing

    from netcli import cli
    from netcli.explore import wizard

    target = tmp_path / "summary.txt"
    target.write_text("my own notes\n", encoding="utf-8")
    names = iter([str(target), None])
    asked: list[str] = []
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(cli, "_ask", lambda *asked: {"kind": ["net"]})
    monkeypatch.setattr(wizard, "offer_report", lambda **io: next(names))
    monkeypatch.setattr(wizard, "confirm_replace", lambda name, **io: asked.append(name) or replace)
    result = run_kb("explore", "--json")  # --json: no results browser before the offer
    assert result.exit_code == 0, result.stderr
    assert asked == [str(target)]
    assert (target.read_text(encoding="utf-8") == "my own notes\n") is not replace


def test_the_wizard_never_saves_over_an_input_file(
    kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer.testing

    from netcli import cli
    from netcli.explore import wizard

    link = tmp_path / "kb-link.txt"
    link.symlink_to(kb_file)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    before = kb_file.read_bytes()
    names = iter([str(link), str(folder), None])
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(cli, "_ask", lambda *asked: {"kind": ["net"]})
    monkeypatch.setattr(wizard, "offer_report", lambda **io: next(names))
    monkeypatch.setattr(wizard, "confirm_replace", lambda name, **io: True)
    result = invoke("--kb", str(kb_file), "explore", "--json")
    assert result.exit_code == 0, result.stderr
    assert "netcli is reading" in result.stderr
    assert "not a file" in result.stderr  # asked again each time, never asked to replace
    assert kb_file.read_bytes() == before
    assert folder.is_dir()

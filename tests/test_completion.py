"""Shell completion: display names and aliases (never ids), only those that begin with what was
typed, quoted for the shell that asked, and never a name that holds a control character.

The last tests drive bash's real completion in a pseudo-terminal, with a knowledge base whose
alias is a command substitution: TAB then Enter must look the alias up, and run nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import KB_YAML
from typer.testing import Result

from netcli.complete import candidates, quote, shell_asking

NETCLI = Path(sys.executable).parent / "netcli"
HOSTILE = "evx$(touch {marker})"
PROMPT = "@@> "


def hostile_kb(tmp_path: Path, marker: Path, extra: str = "") -> Path:
    """The shared inline knowledge base, with a hostile alias on Somatostatin analogues."""
    alias = "      - {name: SSAs, kind: abbreviation, sources: [charity-page]}\n"
    assert alias in KB_YAML
    hostile = HOSTILE.format(marker=marker)
    added = f"      - {{name: '{hostile}', kind: other-name, sources: [charity-page]}}\n" + extra
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML.replace(alias, alias + added), encoding="utf-8")
    return path


# --- The pure part -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "shell"),
    [
        ({"_NETCLI_COMPLETE": "complete_bash"}, "bash"),
        ({"_NETCLI_COMPLETE": "complete_zsh"}, "zsh"),
        ({"_NETCLI_COMPLETE": "complete_fish"}, "fish"),
        ({"_NETCLI_COMPLETE": "complete_powershell"}, "powershell"),
        ({}, ""),
    ],
)
def test_the_shell_asking_comes_from_typer(environ: dict[str, str], shell: str) -> None:
    assert shell_asking(environ) == shell


@pytest.mark.parametrize(
    ("shell", "value", "quoted"),
    [
        ("bash", "octreotide", "octreotide"),
        ("bash", "5-FU", "5-FU"),
        ("bash", "Radiofrequency ablation", "Radiofrequency\\ ablation"),
        ("bash", "Intron A", "Intron\\ A"),
        ("bash", "evx$(touch /tmp/x)", "evx\\$\\(touch\\ /tmp/x\\)"),
        ("bash", "a`id`;b|c&d", "a\\`id\\`\\;b\\|c\\&d"),
        ("bash", "it's *", "it\\'s\\ \\*"),
        ("bash", "~root", "\\~root"),
        ("bash", "Lutathéra", "Lutathéra"),
        ("", "Intron A", "Intron\\ A"),  # no shell named: quote as for bash
        ("zsh", "Radiofrequency ablation", "Radiofrequency ablation"),  # zsh's compadd quotes
        ("zsh", "evx$(touch /tmp/x)", None),
        ("zsh", 'say "hi"', None),
        ("zsh", "back\\slash", None),
        ("fish", "Radiofrequency ablation", "Radiofrequency ablation"),  # fish escapes on insert
        ("fish", "evx$(touch /tmp/x)", "evx$(touch /tmp/x)"),
        ("powershell", "Intron A", "'Intron A'"),
        ("powershell", "evx$(touch /tmp/x)", "'evx$(touch /tmp/x)'"),
        ("powershell", "it's", "'it''s'"),
    ],
)
def test_quote_for_each_shell(shell: str, value: str, quoted: str | None) -> None:
    assert quote(value, shell) == quoted


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
@pytest.mark.parametrize(
    "value", ["two\nlines", "tab\there", "cr\rhere", "esc\x1b[31m", "bidi\u202eevil", "   "]
)
def test_a_name_with_a_control_character_is_never_offered(shell: str, value: str) -> None:
    assert quote(value, shell) is None
    assert candidates([value, "plain"], "", shell) == ["plain"]


def test_candidates_begin_with_what_was_typed_ignoring_case_and_keep_the_typed_case() -> None:
    names = ["Radiofrequency ablation", "radiotherapy", "RFA", "TACE"]
    assert candidates(names, "rad", "bash") == ["radiofrequency\\ ablation", "radiotherapy"]
    assert candidates(names, "Rad", "zsh") == ["Radiofrequency ablation", "Radiotherapy"]
    assert candidates(names, "x", "bash") == []
    assert candidates(names, "", "fish") == names


# --- Through the command line (typer's completion protocol) -------------------------------------


def complete(kb: Path, cache: Path, shell: str, line: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_NETCLI")}
    env.update({"NETCLI_KB": str(kb), "NETCLI_CACHE_DIR": str(cache)})
    if shell == "bash":
        words = line.split(" ")
        env.update(
            {
                "_NETCLI_COMPLETE": "complete_bash",
                "COMP_WORDS": line,
                "COMP_CWORD": str(len(words) - 1),
            }
        )
    else:
        env.update({"_NETCLI_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line})
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    done = subprocess.run([str(NETCLI)], env=env, capture_output=True, text=True, timeout=60)
    assert done.stderr == ""
    return done.stdout.splitlines()


def test_completion_offers_names_and_aliases_not_ids(tmp_path: Path, cache_dir: Path) -> None:
    kb = hostile_kb(tmp_path, tmp_path / "marker")
    offered = complete(kb, cache_dir, "bash", "netcli treatment ")
    assert "Somatostatin\\ analogues" in offered
    assert "Trans-arterial\\ chemoembolisation" in offered
    assert "TACE" in offered and "chemo" in offered
    assert "sstas" not in offered and "tace" not in offered  # ids
    assert offered == sorted(offered, key=str.casefold)


def test_completion_offers_only_what_begins_with_the_typed_text(
    tmp_path: Path, cache_dir: Path
) -> None:
    kb = hostile_kb(tmp_path, tmp_path / "marker")
    assert complete(kb, cache_dir, "bash", "netcli treatment tr") == [
        "trans-arterial\\ chemoembolisation"
    ]
    assert complete(kb, cache_dir, "bash", "netcli drug 5") == ["5-FU"]
    assert complete(kb, cache_dir, "bash", "netcli glossary m") == [
        "mDT",
        "multidisciplinary\\ team",
    ]


def test_ids_still_resolve_when_typed(run_kb: Callable[..., Result]) -> None:
    result = run_kb("treatment", "sstas")
    assert result.exit_code == 0 and "Somatostatin analogues" in result.stdout


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "evx\\$\\(touch\\ {m}\\)"),
        ("fish", "evx$(touch {m})"),  # fish escapes what it inserts
    ],
)
def test_a_hostile_alias_is_quoted(
    tmp_path: Path, cache_dir: Path, shell: str, expected: str
) -> None:
    marker = tmp_path / "marker"
    kb = hostile_kb(tmp_path, marker)
    offered = complete(kb, cache_dir, shell, "netcli treatment ev")
    assert offered == [expected.format(m=marker)]
    assert not marker.exists()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_an_alias_with_a_line_break_or_tab_is_never_offered(
    tmp_path: Path, cache_dir: Path, shell: str
) -> None:
    extra = (
        '      - {name: "evy one\\nevy two", kind: other-name, sources: [charity-page]}\n'
        '      - {name: "evz\\tthree", kind: other-name, sources: [charity-page]}\n'
    )
    kb = hostile_kb(tmp_path, tmp_path / "marker", extra)
    offered = complete(kb, cache_dir, shell, "netcli treatment ev")
    assert not any("evy" in line or "evz" in line for line in offered), offered
    # The knowledge base loaded (a broken one would complete nothing, and pass for a bad reason).
    assert "Somatostatin" in " ".join(complete(kb, cache_dir, shell, "netcli treatment So"))


def test_zsh_is_never_offered_a_hostile_alias(tmp_path: Path, cache_dir: Path) -> None:
    kb = hostile_kb(tmp_path, tmp_path / "marker")
    assert complete(kb, cache_dir, "zsh", "netcli treatment ev") == ["_files"]
    out = " ".join(complete(kb, cache_dir, "zsh", "netcli treatment "))
    assert "Somatostatin analogues" in out and "evx" not in out


# --- bash's real completion, in a pseudo-terminal -------------------------------------------------

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def bash(tmp_path: Path, cache_dir: Path) -> Iterator[tuple[Any, Path]]:
    """An interactive bash with netcli's completion loaded and a hostile knowledge base."""
    if sys.platform == "win32" or not Path("/bin/bash").exists():
        pytest.skip("needs bash and a POSIX pty")
    marker = tmp_path / "marker"
    kb = hostile_kb(tmp_path, marker)
    script = subprocess.run(
        [str(NETCLI), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env={**os.environ, "NETCLI_CACHE_DIR": str(cache_dir)},
        check=True,
    ).stdout
    rc = tmp_path / "rc.bash"
    rc.write_text(script + "\nbind 'set show-all-if-ambiguous on'\nPS1='@@> '\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_NETCLI", "COLUMNS"))}
    env.update(
        {
            "PATH": f"{NETCLI.parent}{os.pathsep}{env.get('PATH', '')}",
            "NETCLI_KB": str(kb),
            "NETCLI_CACHE_DIR": str(cache_dir),
            "TERM": "dumb",
            "INPUTRC": "/dev/null",
        }
    )
    child = pexpect.spawn(
        "/bin/bash",
        ["--noprofile", "--rcfile", str(rc), "-i"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    child.expect_exact(PROMPT)
    yield child, marker
    child.sendline("exit")
    child.close()


def run_line(child: Any, typed: str) -> str:
    """Type a line, press TAB, then Enter; return what the shell printed after."""
    child.send(typed + "\t")
    child.send("\r")
    child.expect_exact(PROMPT)
    out = str(child.before)
    child.sendline("echo status=$?")
    child.expect(r"status=(\d+)")
    out += child.match.group(0)
    child.expect_exact(PROMPT)
    return out


def test_bash_tab_then_enter_on_a_hostile_alias_runs_nothing(bash: tuple[Any, Path]) -> None:
    child, marker = bash
    out = run_line(child, "netcli treatment ev")
    assert not marker.exists(), "the completed line ran the alias's command substitution"
    assert "status=0" in out  # the alias, passed as one argument, found its record
    child.sendline("history 3")
    child.expect_exact(PROMPT)
    assert "netcli treatment evx\\$\\(touch\\ " in str(child.before)


def test_bash_completes_a_multi_word_name_into_a_command_that_works(bash: tuple[Any, Path]) -> None:
    child, _ = bash
    out = run_line(child, "netcli treatment Som")
    assert "Somatostatin analogues" in out
    assert "status=0" in out

"""Shell completion: display names and aliases (never ids), only those that begin with what was
typed, quoted for the shell that asked, and never a name that holds a control character.

The last tests drive bash's real completion in a pseudo-terminal, with a knowledge base whose
alias is a command substitution: TAB then Enter must look the alias up, and run nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from netcli.complete import candidates, quote, shell_asking, shell_word
from netcli.text import UNSAFE_CHARS
from tests.conftest import KB_YAML

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
        ("zsh", "evx$(touch /tmp/x)", "evx$(touch /tmp/x)"),  # typer escapes $ and `
        ("zsh", 'say "hi"', None),
        ("zsh", "back\\slash", None),
        ("zsh", "it's", None),
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


def test_zsh_gets_a_hostile_alias_as_text_but_never_a_quote(
    tmp_path: Path, cache_dir: Path
) -> None:
    extra = "      - {name: 'evq \"quoted\"', kind: other-name, sources: [charity-page]}\n"
    marker = tmp_path / "marker"
    kb = hostile_kb(tmp_path, marker, extra)
    # typer writes each candidate inside double quotes with $ escaped, for zsh's eval.
    assert complete(kb, cache_dir, "zsh", "netcli treatment ev") == [
        f"_arguments '*: :((\"evx\\$(touch {marker})\"))'"
    ]
    assert not marker.exists()


# --- The real shells, in a pseudo-terminal ---------------------------------------------------
# Each shell loads netcli's completion script as `netcli --install-completion` would write it, with
# a knowledge base whose alias is a command substitution. TAB then Enter must pass the alias to
# netcli as one argument (which finds its record) and run nothing.

pexpect = pytest.importorskip("pexpect")

SHELLS = {
    "bash": ["--noprofile", "--rcfile", "{rc}", "-i"],
    "zsh": ["-i"],  # reads $ZDOTDIR/.zshrc
    "fish": ["-i"],  # reads $XDG_CONFIG_HOME/fish/config.fish
}
SETUP = {
    "bash": "{script}\nbind 'set show-all-if-ambiguous on'\nPS1='@@> '\n",
    "zsh": "autoload -Uz compinit\ncompinit -u\n{script}\nPROMPT='@@> '\n",
    "fish": "{script}\nfunction fish_prompt; echo -n '@@> '; end\nfunction fish_greeting; end\n",
}


def shell_path(name: str) -> str:
    for folder in ("/bin", "/usr/bin", "/usr/local/bin"):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    pytest.skip(f"{name} is not installed")


@pytest.fixture(params=list(SHELLS))
def shell(request: pytest.FixtureRequest, tmp_path: Path, cache_dir: Path) -> Iterator[Any]:
    """An interactive shell with netcli's completion loaded and a hostile knowledge base."""
    if sys.platform == "win32":
        pytest.skip("needs a POSIX pty")
    name = request.param
    exe = shell_path(name)
    marker = tmp_path / "marker"
    kb = hostile_kb(tmp_path, marker)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("_NETCLI", "COLUMNS"))}
    script = subprocess.run(
        [str(NETCLI), "--show-completion", name],
        capture_output=True,
        text=True,
        env={**base, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        check=True,
    ).stdout
    home = tmp_path / "home"
    rc = {
        "bash": home / "rc.bash",
        "zsh": home / ".zshrc",
        "fish": home / "fish" / "config.fish",
    }[name]
    rc.parent.mkdir(parents=True, exist_ok=True)
    rc.write_text(SETUP[name].format(script=script), encoding="utf-8")
    env = {
        **base,
        "PATH": f"{NETCLI.parent}{os.pathsep}{base.get('PATH', '')}",
        "NETCLI_KB": str(kb),
        "NETCLI_CACHE_DIR": str(cache_dir),
        "TERM": "dumb" if name == "bash" else "xterm",
        "INPUTRC": "/dev/null",
        "ZDOTDIR": str(home),
        "XDG_CONFIG_HOME": str(home),
        "HOME": str(home),
    }
    args = [a.format(rc=rc) for a in SHELLS[name]]
    child = pexpect.spawn(exe, args, env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.expect_exact(PROMPT)
    child.netcli_marker = marker
    child.netcli_shell = name
    yield child
    child.sendline("exit")
    child.close(force=True)


def tab_enter(child: Any, typed: str) -> str:
    """Type a line, press TAB, then Enter; return what was printed until netcli's exit status."""
    child.send(typed + "\t")
    child.send("\r")
    child.expect_exact(PROMPT)
    out = str(child.before)
    child.sendline("echo status=$status" if child.netcli_shell == "fish" else "echo status=$?")
    child.expect(r"status=(\d+)")
    out += child.match.group(0)
    child.expect_exact(PROMPT)
    return out


def test_tab_then_enter_on_a_hostile_alias_runs_nothing(shell: Any) -> None:
    out = tab_enter(shell, "netcli treatment evx")
    assert not shell.netcli_marker.exists(), "the completed line ran the alias's command"
    # The alias reached netcli whole and found its record.
    assert "Somatostatin analogues" in out and "status=0" in out


def test_a_multi_word_name_completes_into_a_command_that_works(shell: Any) -> None:
    out = tab_enter(shell, "netcli treatment Som")
    assert "Somatostatin analogues" in out
    assert "Also called" in out  # the record's view, not an error
    assert "status=0" in out


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("PRRT", "PRRT"),
        ("5-FU", "5-FU"),
        ("Trans arterial embolisation", "'Trans arterial embolisation'"),
        ("it's", "'it'\\''s'"),
        ("evx$(touch /tmp/x)", "'evx$(touch /tmp/x)'"),
        ("two\nlines", "'two lines'"),
        ("esc\x1b[31m", "'esc[31m'"),
    ],
)
def test_the_commands_netcli_prints_are_single_shell_words(value: str, word: str) -> None:
    assert shell_word(value) == word
    assert shlex.split(word) == [" ".join(UNSAFE_CHARS.sub("", value).split())]


# Completion of the installed command over the shipped knowledge base, as bash asks for it.
def complete_shipped(words: str) -> list[str]:
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
    assert "explore" in complete_shipped("netcli ex")
    assert complete_shipped("netcli drug everol") == ["everolimus"]
    assert "Sandostatin" in complete_shipped("netcli drug Sand")
    assert "TACE" in complete_shipped("netcli treatment TA")
    assert any(n.lower().startswith("carcinoid") for n in complete_shipped("netcli glossary carc"))

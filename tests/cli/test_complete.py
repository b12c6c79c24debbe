"""Shell completion answered before typer loads (``netcli.complete``): byte for byte what typer's
own completion prints for the same request, typer's way whenever it is not sure, and never a
name from a cache that does not match the knowledge base's bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netcli import complete
from netcli.cli import app
from netcli.knowledge.load import open_kb

AWKWARD_ALIAS = """{name: "Intron A: it's \\"$odd\\" `x`", kind: brand"""


def typer_says(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> str:
    """What typer's completion prints for the request in ``env``."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit) as done:
        app(prog_name="netcli", args=[])
    assert done.value.code in (0, None)
    out: str = capsys.readouterr().out
    return out


def bash(line: str, cword: int | None = None) -> dict[str, str]:
    words = complete.split_words(line)
    if line.endswith(" ") and not line.endswith("\\ "):
        words.append("")  # bash's COMP_CWORD points past the last word
    return {
        "_NETCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1 if cword is None else cword),
    }


def zsh(line: str) -> dict[str, str]:
    return {"_NETCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}


def fish(line: str) -> dict[str, str]:
    return {
        "_NETCLI_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }


LINES = [
    "netcli drug ev",
    "netcli drug EV",
    "netcli drug ",
    "netcli drug zz",
    "netcli drug 5",
    "netcli drug 'Intr",
    'netcli drug "Intron A',
    "netcli treatment r",
    "netcli treatment radio",
    "netcli site p",
    "netcli site small",
    "netcli topic ",
    "netcli source esmo",
    "netcli glossary carc",
    "netcli glossary ",
    "netcli glossary é",
]


@pytest.mark.parametrize("shell", [bash, zsh, fish])
@pytest.mark.parametrize("line", LINES)
def test_the_early_answer_is_what_typer_prints(
    shell: Callable[[str], dict[str, str]],
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    env = shell(line)
    expected = typer_says(env, monkeypatch, capsys)  # also builds the cache
    early = complete.answer(env, "netcli")
    assert early is not None, "answered early"
    assert early + "\n" == expected


def test_an_escaped_space_in_bash_is_part_of_the_word(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    env = bash("netcli drug Intron\\ ", cword=2)
    expected = typer_says(env, monkeypatch, capsys)
    assert complete.answer(env, "netcli") + "\n" == expected  # type: ignore[operator]


@pytest.mark.parametrize("shell", [bash, zsh, fish])
@pytest.mark.parametrize("kb_form", ["--kb {}", "--kb={}", "env"])
def test_a_kb_option_or_variable_is_followed(
    shell: Callable[[str], dict[str, str]],
    kb_form: str,
    kb_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    if kb_form == "env":
        monkeypatch.setenv("NETCLI_KB", str(kb_file))
        line = "netcli drug "
    else:
        line = f"netcli {kb_form.format(kb_file)} drug "
    env = shell(line)
    expected = typer_says(env, monkeypatch, capsys)
    early = complete.answer({**os.environ, **env}, "netcli")
    assert early is not None
    assert early + "\n" == expected
    assert "everolimus" not in expected  # the small knowledge base's names, not the shipped one's


@pytest.mark.parametrize(
    "env",
    [
        bash("netcli "),  # command names
        bash("netcli dr"),
        bash("netcli drug --"),  # options
        bash("netcli drug -"),
        bash("netcli drug everolimus "),  # a second argument
        bash("netcli --version drug "),
        bash("netcli search li"),  # no names for search
        bash("netcli kb "),
        bash("netcli drug ev", cword=0),
        {**fish("netcli drug ev"), "_TYPER_COMPLETE_FISH_ACTION": "is-args"},
        {"_NETCLI_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "netcli drug ev"},
        {"_NETCLI_COMPLETE": "source_bash"},
    ],
)
def test_anything_else_is_left_to_typer(env: dict[str, str]) -> None:
    open_kb(Path(complete.__file__).parent.parent / "data" / "treatments.yaml")
    assert complete.answer({**os.environ, **env}, "netcli") is None


@pytest.mark.parametrize(
    "request_",
    [
        {"COMP_WORDS": "netcli drug ev", "COMP_CWORD": "abc"},
        {"COMP_WORDS": "netcli drug ev", "COMP_CWORD": ""},
        {"COMP_WORDS": "netcli drug ev"},
        {"COMP_CWORD": "2"},
        {},
    ],
    ids=["cword-abc", "cword-empty", "no-cword", "no-words", "neither"],
)
def test_a_malformed_bash_request_gets_nothing_and_exit_0(
    request_: dict[str, str], tmp_path: Path
) -> None:
    # No shell sends these; what a shell expects back is nothing, never typer's traceback.
    env = {k: v for k, v in os.environ.items() if k not in ("COMP_WORDS", "COMP_CWORD")}
    env.update({"_NETCLI_COMPLETE": "complete_bash", "NETCLI_CACHE_DIR": str(tmp_path), **request_})
    done = subprocess.run(
        [str(Path(sys.executable).parent / "netcli")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_only_the_program_called_netcli_is_answered(kb_file: Path) -> None:
    env = {**os.environ, **bash(f"netcli --kb {kb_file} drug ")}
    open_kb(kb_file)
    assert complete.answer(env, "/usr/local/bin/netcli") is not None
    assert complete.answer(env, "/x/__main__.py") is None
    assert complete.answer(env, "other") is None


def test_no_cache_yet_means_typer_answers_and_builds_it(kb_file: Path) -> None:
    env = {**os.environ, **bash(f"netcli --kb {kb_file} drug ")}
    assert complete.answer(env, "netcli") is None
    open_kb(kb_file)
    assert complete.answer(env, "netcli") is not None


def test_a_cache_of_other_bytes_is_never_read(kb_file: Path, kb_yaml: str) -> None:
    env = {**os.environ, **bash(f"netcli --kb {kb_file} drug ")}
    open_kb(kb_file)
    kb_file.write_text(kb_yaml + "\n# edited\n", "utf-8")
    assert complete.answer(env, "netcli") is None


def test_names_with_quotes_and_dollars_are_printed_as_typer_prints_them(
    write_kb: Callable[..., Path],
    kb_yaml: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    text = kb_yaml.replace("{name: Sandostatin, kind: brand", AWKWARD_ALIAS, 1)
    assert AWKWARD_ALIAS in text
    path = write_kb(text, "awkward.yaml")
    for shell in (bash, zsh, fish):
        env = shell(f"netcli --kb {path} drug In")
        expected = typer_says(env, monkeypatch, capsys)
        # zsh is not offered a name with a quote in it (issue 15); bash and fish are.
        assert ("Intron" in expected) == (shell is not zsh)
        assert complete.answer(env, "netcli") + "\n" == expected  # type: ignore[operator]


def test_the_installed_command_answers_without_loading_typer(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "netcli"
    env = {**os.environ, **bash("netcli drug everol")}
    # Warm the cache the long way, then ask again with imports traced.
    subprocess.run([str(script)], env=env, capture_output=True, check=True)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(script)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "everolimus\n"
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "netcli.complete" in loaded
    assert not {"typer", "netcli.cli", "netcli.knowledge.model"} & loaded


def _poison_names(db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("UPDATE names SET name = 'evx$(touch /tmp/x)' WHERE how = 'name'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "spoil",
    ["edited row", "trigger", "group-writable file", "group-writable folder", "symlink", "owner"],
)
def test_the_early_answer_reads_only_a_cache_that_passes_every_check(
    kb_file: Path, cache_dir: Path, spoil: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each of issue 13's checks holds on the TAB path too: a cache that fails one is left to
    # typer's way (which rebuilds it), never answered from.
    import sqlite3

    from netcli.knowledge import cachedir

    env = {**os.environ, **bash(f"netcli --kb {kb_file} drug ")}
    open_kb(kb_file)
    assert complete.answer(env, "netcli") is not None
    (db,) = cache_dir.glob("kb-*.sqlite")
    if spoil == "edited row":
        _poison_names(db)
    elif spoil == "trigger":
        conn = sqlite3.connect(db)
        conn.execute("CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END")
        conn.commit()
        conn.close()
    elif spoil == "group-writable file":
        db.chmod(0o664)
    elif spoil == "group-writable folder":
        cache_dir.chmod(0o770)
    elif spoil == "symlink":
        real = db.with_name("elsewhere.sqlite")
        db.rename(real)
        db.symlink_to(real)
    else:
        monkeypatch.setattr(cachedir, "uid", lambda: os.geteuid() + 4242)
    assert complete.answer(env, "netcli") is None


def test_kb_validate_never_believes_a_cache_that_fails_a_check(
    kb_file: Path, kb_yaml: str, cache_dir: Path
) -> None:
    # A cache planted for the bytes of a file that does not validate, in a group-writable file:
    # kb validate reads the YAML and says what is wrong with it.
    import hashlib
    import sqlite3

    from typer.testing import CliRunner

    from netcli.knowledge import tables
    from netcli.knowledge.load import load_file
    from netcli.knowledge.validate import validate

    good = validate(load_file(kb_file), str(kb_file))
    bad = kb_file.with_name("bad.yaml")
    bad.write_text(kb_yaml.replace("version:", "version_:", 1), "utf-8")
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    db = cache_dir / f"kb-{digest[:40]}.sqlite"
    conn = sqlite3.connect(db)
    tables.build(conn, good, digest)
    conn.close()
    db.chmod(0o666)
    result = CliRunner().invoke(app, ["kb", "validate", str(bad)])
    assert result.exit_code == 1


# Names that SQL's LIKE could get wrong: its wildcards, and letters whose case only Unicode folds
# (the Kelvin sign folds to "k", the long s to "s").
TRICKY_ALIASES = ["Sa_ndo%statin", "\u212aeto", "\u017fandostatin long", "sandostatin LAR"]


@pytest.mark.parametrize(
    "typed", ["", "s", "S", "sa_", "sa%", "Sa_n", "k", "K", "\u212a", "ſ", "x"]
)
def test_the_names_narrowed_in_sql_are_every_name_that_begins_so(
    typed: str,
    write_kb: Callable[..., Path],
    kb_yaml: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    aliases = "\n      - ".join(
        f'{{name: "{a}", kind: brand, sources: [charity-page]}}' for a in TRICKY_ALIASES
    )
    text = kb_yaml.replace("{name: Sandostatin, kind: brand, sources: [charity-page]}", aliases, 1)
    assert TRICKY_ALIASES[0] in text
    path = write_kb(text, "tricky.yaml")
    for shell in (bash, fish):
        env = shell(f"netcli --kb {path} drug {typed}")
        expected = typer_says(env, monkeypatch, capsys)
        assert complete.answer(env, "netcli") + "\n" == expected  # type: ignore[operator]

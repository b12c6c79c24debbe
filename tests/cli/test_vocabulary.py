"""The answer vocabulary is a public interface whose one source of truth is the knowledge base's
questions: the README's answer tables and the answer keys of `explore --help` must say exactly what
the shipped questions say (keys in order, values in order, which take several, when each is asked),
so that neither can drift from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcli.cli import app
from netcli.explore.reflection import OWN_WORDS
from netcli.knowledge import default_kb_path
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb
from netcli.knowledge.model import UNSURE
from netcli.render.vocabulary import UNREADABLE

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# One entry: the keys, the values in order, whether it takes several.
Entry = tuple[tuple[str, ...], tuple[str, ...], bool]


@pytest.fixture(scope="module")
def kb() -> m.KnowledgeBase:
    return open_kb(default_kb_path()).knowledge_base()


def _entry(questions: list[m.Question]) -> Entry:
    values = {tuple(c.value for c in q.choices) for q in questions}
    several = {q.multiple for q in questions}
    assert len(values) == len(several) == 1, "a row of several keys shares its values"
    return tuple(q.id for q in questions), values.pop(), several.pop()


def _when(when: dict[str, list[str]]) -> str:
    return " and ".join(f"{k} is {' or '.join(vs)}" for k, vs in when.items())


def _asked_when(q: m.Question) -> str:
    asked = _when(q.ask_when) if q.ask_when else "always"
    if q.skip_when:
        asked += ", except when " + ", or ".join(_when(w) for w in q.skip_when)
    return asked


def _expected_step(kb: m.KnowledgeBase) -> list[Entry]:
    """The optional last step: what matters, the person's own words (free text), the role they
    want in deciding, readiness."""
    step = kb.reflection
    assert step is not None
    ready = [_entry(step.ready)] if step.ready else []
    role = [_entry([step.role])] if step.role else []
    return [_entry([step.matters]), ((OWN_WORDS,), (), False), *role, *ready]


def _split(keys: str, values: str, several: str) -> Entry:
    listed = tuple(v.strip() for v in values.replace(several, "").split(","))
    return tuple(k.strip() for k in keys.split(",")), listed, several in values


def _readme_rows(heading: str) -> list[list[str]]:
    """The rows of the first table after a heading, as lists of cells (the header row left out)."""
    text = README.read_text(encoding="utf-8").split(heading, 1)[1]
    rows = []
    for line in text.split("\n|", 1)[1].split("\n\n", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows.append(cells)
    return rows[2:]  # the rows after `key | values` and `---`


def readme_row(q: m.Question) -> str:
    """A question's row in the README's answer table, as the knowledge base says it."""
    values = ", ".join(c.value for c in q.choices) + (" (list)" if q.multiple else "")
    return f"| {q.id} | {values} | {_asked_when(q)} |"


def test_the_readme_table_is_the_questions(kb: m.KnowledgeBase) -> None:
    rows = _readme_rows("### The answers (a public interface)")
    # On a new question or value, the message is the table to paste into the README.
    written = ["| " + " | ".join(r) + " |" for r in rows]
    expected = [readme_row(q) for q in kb.questions]
    assert written == expected, "README.md's answer table should read:\n" + "\n".join(expected)
    assert [r[0] for r in rows] == [q.id for q in kb.questions]
    for q, (key, values, when) in zip(kb.questions, rows, strict=True):
        assert _split(key, values, "(list)") == _entry([q]), key
        assert when == _asked_when(q), key
    readme = README.read_text(encoding="utf-8")
    assert f"Every key also accepts `{UNSURE}`" in readme


def test_the_readme_table_of_the_last_step_is_the_reflection(kb: m.KnowledgeBase) -> None:
    rows = _readme_rows("Scripts give them as answers\ntoo:")
    got = [_split(key, values, "(list)") for key, values in rows]
    # The own words are free text: the row says so instead of listing values.
    got = [(keys, () if keys == (OWN_WORDS,) else values, several) for keys, values, several in got]
    assert got == _expected_step(kb)


def _help_block(help_text: str, heading: str) -> list[Entry]:
    """The entries of a \\b block of the explore help: `  key   values` with its continuation
    lines indented further, or a line of keys with its values on the next lines."""
    block = help_text.split(heading, 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    raw: list[list[str]] = []
    for line in block:
        if re.match(r"  \S", line):
            keys = re.match(r"\w+(?:, \w+)*", line.strip())
            assert keys is not None
            rest = line.strip()[keys.end() :].strip()
            raw.append([keys.group(), rest] if rest else [keys.group()])
        else:
            raw[-1].append(line.strip())
    entries = []
    for keys, *values in raw:
        entries.append(_split(keys, " ".join(values), "(several)"))
    return entries


def _explore_help(*args: str) -> str:
    """``explore --help`` as shown, its paragraphs' indent taken off."""
    result = CliRunner().invoke(app, [*args, "explore", "--help"])
    assert result.exit_code == 0, result.stderr
    return "\n".join(line[2:] for line in result.stdout.splitlines())


def test_explore_help_lists_the_questions(kb: m.KnowledgeBase) -> None:
    help_text = _explore_help()
    assert f"The answer keys (each also takes '{UNSURE}'):" in help_text
    got = _help_block(help_text, "The answer keys")
    assert got == [_entry([q]) for q in kb.questions]


def test_explore_help_is_written_from_the_knowledge_base_in_use(
    kb: m.KnowledgeBase, kb_file: Path
) -> None:
    """No second copy: the help lists the questions of the file --kb names."""
    small = open_kb(kb_file).knowledge_base()
    assert [q.id for q in small.questions] != [q.id for q in kb.questions]
    help_text = _explore_help("--kb", str(kb_file))
    assert _help_block(help_text, "The answer keys") == [_entry([q]) for q in small.questions]


def test_explore_help_shows_when_the_knowledge_base_cannot_be_read(tmp_path: Path) -> None:
    help_text = _explore_help("--kb", str(tmp_path / "missing.yaml"))
    assert UNREADABLE.split(";")[0] in " ".join(help_text.split())
    assert "Examples:" in help_text and "--answers" in help_text


def test_explore_help_lists_the_last_step(kb: m.KnowledgeBase) -> None:
    help_text = _explore_help()
    got = _help_block(help_text, "The optional last step")
    got = [(keys, () if keys == (OWN_WORDS,) else values, several) for keys, values, several in got]
    assert got == _expected_step(kb)


def test_a_drifted_table_is_caught() -> None:
    """The parsers see a missing `(list)` and values that a help line continues."""
    several = (("spread",), ("none", "liver"), True)
    assert _split("spread", "none, liver (list)", "(list)") == several
    assert _split("spread", "none, liver", "(list)") != several
    help_text = "The answer keys:\n  kind    net,\n          nec\n  grade   1, 2 (several)\n\nrest"
    assert _help_block(help_text, "The answer keys") == [
        (("kind",), ("net", "nec"), False),
        (("grade",), ("1", "2"), True),
    ]


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_ci_runs_the_readmes_test_command_with_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    fenced = _fenced_commands(setup)  # the install, activating the venv, the tests
    main, tests = fenced[0], next(c for c in fenced if "requirements/test.txt" in c)
    assert "-r requirements/main.txt" in main and "--require-hashes" in main
    assert "-r requirements/test.txt" in tests and "--require-hashes" in tests
    # The suite runs in parallel (pytest-xdist, locked in requirements/test.txt).
    assert re.search(r"-m pytest -q -n (auto|[2-9])$", tests), tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run adds only pip's -q to the README's command.
    assert tests.replace("pip install ", "pip install -q ") in ci


@pytest.mark.parametrize("lock", ["main.txt", "test.txt"])
def test_every_locked_package_is_pinned_with_a_hash(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)(==|[^=\s]*)\S*( \\\n\s+--hash=sha256:)?", text, re.M)
    assert entries
    for name, operator, hashed in entries:
        assert operator == "==", name
        assert hashed, name

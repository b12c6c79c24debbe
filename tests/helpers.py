"""The hardening suite's small inline knowledge base, its fixtures and the helpers that run netcli
in-process and in a subprocess (shared by the cli, knowledge, render and e2e tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from netcli import cli

# A small knowledge base that passes validation. The drug's texts hold rich markup, which is
# ordinary text as far as validation goes and must be printed as written.
KB_YAML = """\
version: "1.0"
date: 2025-01-01
disclaimer: General information only. Talk it over with your team.
sources:
  - id: page
    kind: patient-page
    publisher: A charity
    title: Treatment for neuroendocrine tumours
    next_review_due: 2099-01-01
questions:
  - id: kind
    text: Is it a NET or a NEC?
    help: Your report says which.
    sources: [page]
    choices:
      - {value: net, label: A neuroendocrine tumour (NET)}
      - {value: nec, label: A neuroendocrine carcinoma (NEC)}
  - id: site
    text: Where did it start?
    help: Where it first grew.
    sources: [page]
    choices:
      - {value: pancreas, label: The pancreas}
      - {value: lung, label: The lung}
treatments:
  - id: ssa
    name: Somatostatin analogues
    aliases:
      - {name: SSAs, kind: abbreviation, sources: [page]}
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: They slow the growth of some tumours., sources: [page]}
    sources: [page]
    drugs:
      - {drug: octreotide, sources: [page]}
    offered_when:
      - when: {}
        why: The page describes them for NETs.
        sources: [page]
drugs:
  - id: octreotide
    name: octreotide
    aliases:
      - {name: Sandostatin, kind: brand, sources: [page]}
    drug_class: {text: A somatostatin analogue., sources: [page]}
    how_it_works:
      - {text: "Markup [bold]x[/] stays.", sources: [page]}
      - {text: "A link [link=http://e.x]y[/link] stays.", sources: [page]}
    sources: [page]
sites:
  - id: pancreas
    name: Pancreatic NET
    group: site
    answer_values: [pancreas]
    about:
      - {text: A NET that starts in the pancreas., sources: [page]}
    coverage: some
    sources: [page]
glossary:
  - id: mdt
    term: Multidisciplinary team
    aliases:
      - {name: MDT, kind: abbreviation, sources: [page]}
    definition:
      - {text: The specialists who plan your care together., sources: [page]}
    sources: [page]
topics:
  - id: team
    name: Your specialist team
    statements:
      - {text: A team of specialists meets to talk about your care., sources: [page]}
    sources: [page]
"""

REPO = Path(__file__).resolve().parents[2]
ESC = "\x1b"
# An SGR sequence that sets a colour (foreground, background, 256 or true colour).
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML, encoding="utf-8")
    return path


def invoke(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(cli.app, list(args), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def run_marked(kb_path: Path) -> Callable[..., Result]:
    """netcli in-process, with ``--kb`` pointing at this module's knowledge base (markup in its
    texts); ``run`` (conftest) runs the shipped one."""

    def go(*args: str) -> Result:
        return invoke("--kb", str(kb_path), *args)

    return go


def assert_clean_exit(result: Result, code: int) -> None:
    """The exit code, and that it came from netcli's own handling rather than a crash."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def assert_error(result: Result, code: int) -> None:
    assert_clean_exit(result, code)
    assert result.stdout == "", result.stdout


# What the validator (pydantic) says of a wrong value, between the field's path and "(got ...)".
_LIBRARY_WORDS = re.compile(r"(?<=: )[^:\n]+(?= \(got )")


def own_words(text: str) -> str:
    """``text`` with the library's description of a wrong value as "…": what stays is netcli's
    own (file, line, column, the field's path and the value it got), which the tests assert."""
    return _LIBRARY_WORDS.sub("…", text)


def title_of(view: str) -> str:
    """The words of a terminal view's first line (its title), without the frame drawn around it."""
    first = view.splitlines()[0] if view else ""
    return " ".join(w for w in first.split() if any(c.isalnum() for c in w))


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``text`` that contains ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def proc_env(cache: Path, **extra: str) -> dict[str, str]:
    drop = {
        "NETCLI_KB",
        "NETCLI_DEBUG",
        "NETCLI_NO_CACHE",
        "FORCE_COLOR",
        "NO_COLOR",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "LINES",
    }
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"NETCLI_CACHE_DIR": str(cache), "TERM": "xterm-256color", "COLUMNS": "100"})
    env.update(extra)
    return env


def netcli_proc(
    args: list[str], cache: Path, *, timeout: float = 30, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = kwargs.pop("env", None) or proc_env(cache)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "netcli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


# Each problem sits in its own record, so that no record's own errors can hide another's; the
# records that fail their own checks come last in their sections (see the test after next).
BROKEN_KB = """\
version: "1.0"
date: 2025-01-01
disclaimer: General information only.
colour: blue
sources:
  - id: page
    kind: patient-page
    title: A page
  - id: paper
    kind: paper
    title: A paper
    year: "2024"
  - id: page
    kind: patient-page
    title: Another page
questions:
  - id: kind
    text: NET or NEC?
    help: The report says.
    sources: [page]
    choices:
      - {value: net, label: NET}
treatments:
  - id: prrt
    name: PRRT
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: Radioactive medicine., sources: [nowhere]}
    sources: [page]
    drugs:
      - {drug: ghost, sources: [page]}
      - {drug: lanreotide, sources: [page]}
      - {drug: pasireotide, sources: [page]}
    offered_when:
      - when: {kind: [net], grade: ["1"]}
        why: For NETs.
        sources: [page]
  - id: ssa
    name: Somatostatin analogues
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    flavour: mint
    aim:
      - {goal: control, sources: [page]}
    about:
      - {text: They slow growth., sources: [page]}
    sources: [page]
drugs:
  - id: lanreotide
    name: lanreotide
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
  - id: pasireotide
    name: pasireotide
    aliases:
      - {name: Lanreotide, kind: brand, sources: [page]}
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
  - id: broken
    name: 12345
    drug_class: {text: An analogue., sources: [page]}
    how_it_works:
      - {text: It blocks hormones., sources: [page]}
    sources: [page]
sites: []
glossary: []
"""


def answer_values(question: Any) -> Any:
    """A hypothesis strategy: left out (None), unsure, or some of the question's values, as the
    questionnaire takes them (an answer marked ``alone`` is given on its own)."""
    from hypothesis import strategies as st

    from netcli.explore.answers import UNSURE, on_its_own

    values = [c.value for c in question.choices]

    def alone_wins(picked: list[str]) -> list[str]:
        alone = on_its_own(question, picked)
        return [alone] if alone is not None else picked

    some = (
        st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True).map(
            alone_wins
        )
        if question.multiple
        else st.sampled_from(values).map(lambda v: [v])
    )
    return st.none() | st.just([UNSURE]) | some


def answers_for(questions: list[Any]) -> Any:
    """A hypothesis strategy: answers as ``check`` gives them, every key unsure or valid values,
    never answers that contradict each other (``check`` refuses those)."""
    from hypothesis import strategies as st

    from netcli.explore.answers import check, conflict

    given = st.fixed_dictionaries({q.id: answer_values(q) for q in questions})
    kept = given.map(lambda d: {k: tuple(v) for k, v in d.items() if v is not None})
    return kept.filter(lambda d: conflict(questions, d) is None).map(
        lambda d: check({k: list(v) for k, v in d.items()}, questions)
    )

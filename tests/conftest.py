"""Shared fixtures: an isolated cache, a small inline knowledge base, and the CLI run in-process."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.env import Env

# A small knowledge base that passes validation: three sources (two patient pages, one guideline
# they cite), the `kind` and `site` questions, three treatments, three drugs (a brand, an
# abbreviation and another spelling among their aliases), a site, a glossary term and a topic.
# The charity page's review date is far in the future so that no view changes with today's date;
# the hospital page is past its review date whatever today is.
KB_YAML = """\
version: "2.0"
date: 2025-03-01
disclaimer: General information, not medical advice. Talk it over with your team.
sources:
  - id: charity-page
    kind: patient-page
    publisher: Example Cancer Charity
    title: Treatment for neuroendocrine tumours
    year: 2024
    last_reviewed: 2024-01-10
    next_review_due: 2099-01-10
  - id: hospital-page
    kind: patient-page
    publisher: Example Hospital
    title: Chemotherapy for NETs
    last_reviewed: 2020-02-01
    next_review_due: 2023-02-01
  - id: guideline-2020
    kind: guideline
    authors: Smith J, Jones K
    title: Guidelines for neuroendocrine neoplasms
    journal: Annals of Examples
    year: 2020
    volume: "31"
    pages: 100-120
    cited_by: [charity-page]
questions:
  - id: kind
    text: Is it a NET or a NEC?
    help: Your pathology report says which.
    sources: [charity-page]
    choices:
      - {value: net, label: A neuroendocrine tumour (NET)}
      - {value: nec, label: A neuroendocrine carcinoma (NEC)}
  - id: site
    text: Where did it start?
    help: The part of the body where it first grew.
    sources: [charity-page]
    choices:
      - {value: pancreas, label: Pancreas}
      - {value: small-bowel, label: Small bowel}
treatments:
  - id: sstas
    name: Somatostatin analogues
    aliases:
      - {name: SSAs, kind: abbreviation, sources: [charity-page]}
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim:
      - {goal: control, sources: [charity-page]}
      - {goal: symptom-relief, text: to ease flushing and diarrhoea, sources: [charity-page]}
    about:
      - text: Man-made versions of a hormone that slow the tumour's growth.
        sources: [charity-page, guideline-2020]
    sources: [charity-page]
    drugs:
      - {drug: octreotide, sources: [charity-page]}
    offered_when:
      - when: {kind: [net]}
        why: The page describes them for slow-growing NETs.
        sources: [charity-page]
    terms: [mdt]
  - id: chemotherapy
    name: Chemotherapy
    aliases:
      - {name: chemo, kind: lay-name, sources: [hospital-page]}
    category: drug
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim:
      - {goal: control, sources: [hospital-page]}
    about:
      - text: Drugs that kill dividing cells.
        sources: [hospital-page]
    sources: [hospital-page]
    drugs:
      - {drug: fluorouracil, sources: [hospital-page]}
      - {drug: streptozocin, note: with fluorouracil, sources: [hospital-page]}
    not_suitable_when:
      - when: {site: [small-bowel]}
        why: The page says it works less well for small bowel NETs.
        sources: [hospital-page]
  - id: tace
    name: Trans-arterial chemoembolisation
    aliases:
      - {name: TACE, kind: abbreviation, sources: [hospital-page]}
      - {name: hepatic artery chemoembolisation, kind: other-name, sources: [hospital-page]}
    category: liver-directed
    not_said: {involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}
    aim:
      - {goal: control, sources: [hospital-page]}
    about:
      - text: Chemotherapy is put into the artery that feeds a liver tumour, which is then blocked.
        sources: [hospital-page]
    sources: [hospital-page]
drugs:
  - id: octreotide
    name: octreotide
    aliases:
      - {name: Sandostatin, kind: brand, sources: [charity-page]}
    drug_class:
      text: A somatostatin analogue.
      sources: [charity-page]
    how_it_works:
      - text: It blocks the release of hormones that cause symptoms.
        sources: [charity-page]
    sources: [charity-page]
  - id: fluorouracil
    name: fluorouracil
    aliases:
      - {name: 5-FU, kind: abbreviation, sources: [hospital-page]}
    drug_class:
      text: A chemotherapy drug.
      sources: [hospital-page]
    how_it_works:
      - text: It stops cells from copying their DNA.
        sources: [hospital-page]
    caveats:
      - text: It can make the mouth sore.
        sources: [hospital-page]
    sources: [hospital-page]
  - id: streptozocin
    name: streptozocin
    aliases:
      - {name: streptozotocin, kind: spelling, sources: [hospital-page]}
      - {name: Zanosar, kind: brand, sources: [hospital-page]}
    drug_class:
      text: A chemotherapy drug.
      sources: [hospital-page]
    how_it_works:
      - text: It damages the DNA of cancer cells.
        sources: [hospital-page]
    sources: [hospital-page]
sites:
  - id: pancreas
    name: Pancreatic neuroendocrine tumour
    aliases:
      - {name: pNET, kind: abbreviation, sources: [charity-page]}
    group: site
    answer_values: [pancreas]
    about:
      - text: A NET that starts in the pancreas.
        sources: [charity-page]
    coverage: some
    sources: [charity-page]
    treatments:
      - {treatment: chemotherapy, sources: [hospital-page]}
      - {treatment: sstas, note: for slow-growing tumours, sources: [charity-page]}
glossary:
  - id: mdt
    term: Multidisciplinary team
    aliases:
      - {name: MDT, kind: abbreviation, sources: [charity-page]}
    definition:
      - text: The group of specialists who plan your care together.
        sources: [charity-page]
    sources: [charity-page]
topics:
  - id: team
    name: Your specialist team
    aliases:
      - {name: specialist team, kind: other-name, sources: [charity-page]}
    statements:
      - text: A team of specialists meets to talk about your treatment.
        sources: [charity-page]
    sources: [charity-page]
"""


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory and an environment that does not leak in."""
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(path))
    for name in (
        "NETCLI_NO_CACHE",
        "NETCLI_KB",
        "NETCLI_DEBUG",
        "NETCLI_VERIFY",
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
    ):
        monkeypatch.delenv(name, raising=False)
    # A fixed width, so that rich wraps the views the same way with or without a terminal.
    monkeypatch.setenv("COLUMNS", "100")
    return path


@pytest.fixture
def write_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (or raw bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "kb.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def kb_yaml() -> str:
    return KB_YAML


@pytest.fixture
def kb_file(write_kb: Callable[..., Path]) -> Path:
    """The small valid knowledge base, written to a file."""
    return write_kb(KB_YAML)


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run netcli in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


@pytest.fixture
def run_kb(run: Callable[..., Result], kb_file: Path) -> Callable[..., Result]:
    """Run netcli in-process against the small knowledge base (``--kb PATH``)."""

    def invoke(*args: str) -> Result:
        return run("--kb", str(kb_file), *args)

    return invoke


# --- Small inline knowledge bases -----------------------------------------------------------------
# The engine, answers, wizard and explore tests each write a small knowledge base over the same
# few questions. ``small_kb`` puts one together: a head (version, date, disclaimer, sources), the
# questions (``question(id, **overrides)`` over the shared ``QUESTIONS``), then the rest.

SMALL_HEAD = """\
version: "0.0.1"
date: 2025-01-01
disclaimer: Talk to your team.
sources:
  - {id: src-a, kind: patient-page, title: Page A}
"""
SMALL_REST = "treatments: []\ndrugs: []\nsites: []\nglossary: []\n"

QUESTIONS: dict[str, dict[str, Any]] = {
    "kind": {
        "text": "NET or NEC?",
        "help": "Your report says.",
        "choices": [("net", "A NET"), ("nec", "A NEC")],
    },
    "site": {
        "text": "Where did it start?",
        "help": "Your report says.",
        "choices": [("pancreas", "The pancreas"), ("rectum", "The rectum")],
    },
    "grade": {
        "text": "What grade is it?",
        "help": "The grade.",
        "choices": [('"1"', "Grade 1"), ('"2"', "Grade 2"), ('"3"', "Grade 3")],
    },
    "spread": {
        "text": "Has it spread?",
        "help": "Scans show this.",
        "multiple": True,
        "choices": [
            ("none", "Not spread"),
            ("liver", "To the liver"),
            ("lymph-nodes", "To lymph nodes"),
        ],
    },
    "resectable": {
        "text": "Can it be removed?",
        "help": "Your surgeon says.",
        "choices": [('"yes"', '"Yes"'), ('"no"', '"No"')],
    },
}


def question(qid: str, **overrides: Any) -> str:
    """One question in YAML: ``QUESTIONS[qid]`` with ``overrides`` (text, help, multiple, choices
    as (value, label) pairs, and ``extra``: lines such as ``ask_when: {...}`` after its sources)."""
    spec = {**QUESTIONS.get(qid, {}), **overrides}
    lines = [f"  - id: {qid}", f"    text: {spec['text']}", f"    help: {spec['help']}"]
    if spec.get("multiple"):
        lines.append("    multiple: true")
    lines.append(f"    sources: [{spec.get('sources', 'src-a')}]")
    lines += [f"    {line}" for line in spec.get("extra", ())]
    lines.append("    choices:")
    lines += [f"      - {{value: {value}, label: {label}}}" for value, label in spec["choices"]]
    return "\n".join(lines) + "\n"


def small_kb(*questions: str, head: str = SMALL_HEAD, rest: str = SMALL_REST) -> str:
    """A small knowledge base in YAML: ``head``, then the questions given, then ``rest``."""
    return head + "questions:\n" + "".join(questions) + rest


# Records that several small knowledge bases share, as YAML list items (two-space indent).
PAGE_A_GUIDELINE_B = """\
  - {id: src-a, kind: patient-page, title: Page A, publisher: Pub A, year: 2020}
  - {id: src-b, kind: guideline, title: Guideline B, publisher: Pub B, year: 2021}
"""
OCTREOTIDE = """\
  - id: octreotide
    name: octreotide
    drug_class: {text: An SSA., sources: [src-a]}
    how_it_works: [{text: Slows hormones., sources: [src-a]}]
    sources: [src-a]
"""


def support(name: str = "Supportive care", why: str = "Everyone may be offered support.") -> str:
    """A treatment offered whatever the answers (its one rule has an empty ``when``)."""
    return f"""\
  - id: support
    name: {name}
    category: symptom-control
    not_said: {{involves: Ask, may_do: Ask, may_cost: Ask, how_often: Ask}}
    aim: [{{goal: support, sources: [src-a]}}]
    about: [{{text: Help., sources: [src-a]}}]
    sources: [src-a]
    offered_when:
      - {{when: {{}}, why: {why}, sources: [src-a]}}
"""


def pancreas_site(note: str) -> str:
    """The pancreas as a tumour type, found by the answer ``site: pancreas``, with a note."""
    return f"""\
  - id: pancreas
    name: Pancreatic NET
    group: site
    about: [{{text: About the pancreas., sources: [src-a]}}]
    coverage: some
    sources: [src-a]
    answer_values: [pancreas]
    coverage_note: {{text: {note}, sources: [src-b]}}
"""


# Keys as a terminal sends them, for the prompts in a pipe and in a pseudo-terminal (every test
# that types takes them from here).
DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
CLEAR_LINE = "\x15"  # Ctrl-U: a text prompt's offered answer is cleared before another is typed
# For the wizard of the small knowledge bases (kind, then site): NET (down from Not sure wraps to
# the top), the site Not sure, and Enter at the review to see the results.
AS_NET = DOWN + ENTER + ENTER + ENTER


@dataclass
class Ran:
    """What a run in a fake terminal wrote: stdout, stderr, and what the prompts drew (as text)."""

    exit_code: int
    stdout: str
    stderr: str
    prompts: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def in_terminal(kb_file: Path) -> Callable[..., Ran]:
    """Run netcli in-process as in a terminal, against the small knowledge base: the prompts read
    ``keys`` and draw on a 200-column screen kept as text. The keys end the input, so a run that
    needs more fails instead of waiting. Keyword arguments set fields of the Env (``term="dumb"``,
    ``today=...``)."""

    def invoke(keys: str, *args: str, **changes: Any) -> Ran:
        screen = io.StringIO()
        output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
        with create_pipe_input() as inp:
            inp.send_text(keys)
            inp.close()
            env = Env.in_memory(terminal=True, prompt_input=inp, prompt_output=output, **changes)
            result = CliRunner().invoke(app, ["--kb", str(kb_file), *args], obj=env)
        assert isinstance(env.stdout, io.StringIO) and isinstance(env.stderr, io.StringIO)
        drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
        return Ran(result.exit_code, env.stdout.getvalue(), env.stderr.getvalue(), drawn)

    return invoke

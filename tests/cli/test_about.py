"""``netcli about``: what netcli says about itself comes from the knowledge base's ``about``
section (the code states no project facts), with the pages' review dates and what is not covered."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from netcli import lookup
from netcli.knowledge.load import open_kb

Run = Callable[..., Result]

ABOUT = """\
about:
  made_by: Made by the example team.
  why: To show what the example pages say.
  content: From the example pages.
  review: Checked by the example tests.
  medical_device: Not a medical device.
  funding: No funding is recorded.
  not_covered:
    - topic: Side effects
      text: The example pages list no side effects.
      sources: [hospital-page]
      ask: [ask-benefits]
ask:
  - id: ask-benefits
    text: What are the benefits and side effects?
    always: true
    sources: [charity-page]
"""


def with_about(write_kb: Callable[..., Path], kb_yaml: str, about: str = ABOUT) -> Path:
    return write_kb(kb_yaml + about)


def test_every_part_comes_from_the_about_section(
    run: Run, write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = with_about(write_kb, kb_yaml)
    result = run("--kb", str(path), "about", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.replace("│", " ").split())
    for words in (
        "Made by the example team.",
        "To show what the example pages say.",
        "From the example pages.",
        "Checked by the example tests.",
        "Not a medical device.",
        "No funding is recorded.",
        "Side effects: The example pages list no side effects.",
        "Ask your team: What are the benefits and side effects?",
        "General information, not medical advice.",  # the disclaimer
    ):
        assert words in flat, words
    # The pages with their review dates, numbered; the hospital page is past its review date.
    assert "1. Example Cancer Charity. Treatment for neuroendocrine tumours (2024)." in flat
    assert "2. Example Hospital. Chemotherapy for NETs. Last reviewed 01 February 2020" in flat
    assert "past its review date" in flat
    assert "The pages cite 1 further reference (guidelines, papers and others)" in flat


def test_changing_the_data_changes_what_about_says(
    run: Run, write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = with_about(write_kb, kb_yaml, ABOUT.replace("No funding is recorded.", "Funded by X."))
    flat = " ".join(run("--kb", str(path), "about").stdout.replace("│", " ").split())
    assert "Funded by X." in flat
    assert "No funding is recorded." not in flat


def test_json(run: Run, write_kb: Callable[..., Path], kb_yaml: str) -> None:
    path = with_about(write_kb, kb_yaml)
    result = run("--kb", str(path), "about", "--as-of", "2025-06-01", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == [
        "made_by",
        "why",
        "content",
        "review",
        "medical_device",
        "funding",
        "knowledge_base",
        "as_of",
        "pages",
        "cited",
        "sites_described_little",
        "not_covered",
        "disclaimer",
    ]
    assert doc["funding"] == "No funding is recorded."
    assert doc["knowledge_base"] == {"version": "2.0", "date": "2025-03-01"}
    assert [(p["id"], p["stale"]) for p in doc["pages"]] == [
        ("charity-page", False),
        ("hospital-page", True),
    ]
    assert [c["id"] for c in doc["cited"]] == ["guideline-2020"]
    assert doc["not_covered"] == [
        {
            "topic": "Side effects",
            "text": "The example pages list no side effects.",
            "sources": ["hospital-page"],
            "ask": [{"id": "ask-benefits", "text": "What are the benefits and side effects?"}],
        }
    ]


def test_a_knowledge_base_without_about_says_so(run_kb: Run) -> None:
    result = run_kb("about")
    assert result.exit_code == 0, result.stderr
    assert "has no 'about' section" in result.stdout
    doc = json.loads(run_kb("about", "--json").stdout)
    assert doc["made_by"] is None and doc["funding"] is None and doc["not_covered"] == []


def test_a_gap_naming_an_unknown_question_to_ask_is_invalid(
    run: Run, write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = with_about(write_kb, kb_yaml, ABOUT.replace("ask: [ask-benefits]", "ask: [nope]"))
    result = run("kb", "validate", str(path))
    assert result.exit_code == 1
    assert "about.not_covered[0].ask[0]: unknown question to ask 'nope'" in result.stderr


def test_shipped_about_covers_what_the_issue_asks_and_invents_nothing() -> None:
    """Issue 12, item 7. Funding and makers: the project records none, and the text says so."""
    from netcli.knowledge import default_kb_path

    kb = open_kb(default_kb_path())
    r = lookup.about(kb, dt.date(2026, 1, 1))
    assert r.about is not None
    assert "open-source" in r.about.made_by
    assert "No funding" in r.about.funding
    assert "not a medical device" in r.about.medical_device
    assert "kb validate" in r.about.review and "--stale" in r.about.review
    # The five saved pages, with their dates; the stomach page's next review (27 May 2024) passed.
    assert [p.id for p in r.pages] == [
        "cruk-stomach-spread",
        "cruk-treatment-options",
        "ccs-small-intestine",
        "acs-gi-surgery",
        "cruk-what-are",
    ]
    assert r.references.sources[:5] == r.pages
    # Lung and Merkel cell carcinoma are the sites the pages barely describe.
    assert {s.id for s in r.little} == {"lung", "merkel-cell"}
    # Side effects and outcome numbers: said plainly, with a question to ask instead.
    topics = {g.topic: g for g in r.about.not_covered}
    assert set(topics) == {"Side effects", "How well treatments work"}
    for gap in topics.values():
        assert "benefits-side-effects" in gap.ask
    # None of the five pages gives a percentage (the outcome gap rests on all five).
    pages = Path("/work/shared/sources")
    if pages.is_dir():
        for f in sorted(pages.glob("00*.txt")):
            assert "%" not in f.read_text(encoding="utf-8"), f.name
    assert set(topics["How well treatments work"].sources) == {p.id for p in r.pages}

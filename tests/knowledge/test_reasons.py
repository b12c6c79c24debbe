"""Every reason quotes or cites a page sentence.

A rule's ``why`` is what a person reads as the reason an option may or may not be discussed. It
must rest on a page the rule lists in its ``sources``: it names that page as the reasons do ("the
overview page says ..."; "the page" where the rule has one source), or it quotes a run of the page's
own words. A reason that does neither ("It helps.") fails here, whatever else passes.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netcli.knowledge import model as m
from netcli.knowledge.load import validated

REPO = Path(__file__).resolve().parents[2]
KB_PATH = REPO / "data" / "treatments.yaml"
# The saved pages: $NETCLI_SOURCES_DIR, else shared/ beside the checkout (as CI lays it out).
SOURCE_DIRS = [
    Path(p) for p in (os.environ.get("NETCLI_SOURCES_DIR"), REPO.parent / "shared" / "sources") if p
] + [Path("/work/shared/sources")]

# How a reason names each patient page. A new page needs its name here (a test below says so).
PAGE_NAMES = {
    "cruk-stomach-spread": ("stomach page", "stomach pages", "cancer research uk pages"),
    "cruk-treatment-options": ("overview page", "overview and", "cancer research uk pages"),
    "ccs-small-intestine": ("small intestine page",),
    "acs-gi-surgery": ("surgery page",),
    "cruk-what-are": ("what are neuroendocrine cancers page",),
}
# A run of this many words of the page, in the reason, is a quotation.
QUOTED_WORDS = 5


def _words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").replace("Open a glossary item", "")
    return re.findall(r"[a-z0-9']+", text.lower())


def rules(obj: Any, path: str = "") -> Iterator[tuple[str, m.Rule]]:
    """Every rule in the knowledge base, wherever it stands, with its path."""
    if isinstance(obj, m.Rule):
        yield path, obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from rules(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            name = getattr(item, "id", None)
            yield from rules(item, f"{path}[{name or i}]")


def _quotes(reason: str, page: str) -> bool:
    said, page_words = _words(reason), " ".join(_words(page))
    return any(
        f" {' '.join(said[i : i + QUOTED_WORDS])} " in f" {page_words} "
        for i in range(len(said) - QUOTED_WORDS + 1)
    )


def _cites(rule: m.Rule) -> bool:
    said = " ".join(_words(rule.why))
    if any(name in said for s in rule.sources for name in PAGE_NAMES.get(s, ())):
        return True
    return len(rule.sources) == 1 and re.search(r"\bthe page\b", said) is not None


def unsourced_reasons(kb: m.KnowledgeBase, pages: dict[str, str]) -> list[str]:
    """The rules whose reason neither names one of its sources' pages nor quotes one of them
    (``pages``: source id -> the page's saved text)."""
    return [
        f"{path}: {rule.why!r} (sources: {', '.join(rule.sources)})"
        for path, rule in rules(kb)
        # A done_when rule says back what the person answered they have had (issue 21): it is
        # their history, not a reason resting on a page.
        if ".done_when[" not in path
        and not _cites(rule)
        and not any(_quotes(rule.why, pages.get(s, "")) for s in rule.sources)
    ]


def saved_pages(kb: m.KnowledgeBase) -> dict[str, str] | None:
    """The saved pages by source id, or None where they are not at hand (CI has ../shared)."""
    for folder in SOURCE_DIRS:
        if folder.is_dir():
            return {
                s.id: (folder / s.file).read_text(encoding="utf-8")
                for s in kb.sources
                if s.file and (folder / s.file).is_file()
            }
    return None


@pytest.fixture(scope="module")
def kb() -> m.KnowledgeBase:
    return validated(KB_PATH.read_bytes(), "treatments.yaml")


def test_every_reason_quotes_or_cites_a_page_sentence(kb: m.KnowledgeBase) -> None:
    assert len(list(rules(kb))) >= 80  # the walk finds the rules
    pages = saved_pages(kb)
    problems = unsourced_reasons(kb, pages or {})
    if pages is None:
        uncited = [f"{p}: {r.why!r}" for p, r in rules(kb) if not _cites(r)]
        pytest.skip(f"the saved pages are not here to check {len(uncited)} quotations: {uncited}")
    assert problems == []


def test_every_patient_page_has_the_name_reasons_use_for_it(kb: m.KnowledgeBase) -> None:
    assert {s.id for s in kb.sources if s.kind == "patient-page"} <= set(PAGE_NAMES)


@pytest.mark.parametrize(
    "reason",
    [
        "It helps.",
        "Doctors often use it for this.",
        # Names a page, but not one the rule lists as its source.
        "The small intestine page says it may be offered.",
    ],
)
def test_a_reason_that_quotes_and_cites_nothing_fails(reason: str) -> None:
    text = KB_PATH.read_text(encoding="utf-8")
    old = "why: The overview page says surgery is the main treatment for NETs."
    assert old in text
    spoiled = validated(text.replace(old, f"why: {reason}", 1).encode(), "kb.yaml")
    found = unsourced_reasons(spoiled, saved_pages(spoiled) or {})
    assert len(found) == 1 and reason in found[0], found


def test_a_quotation_of_the_page_is_a_reason_that_rests_on_it() -> None:
    page = "You might have fluid through a drip if you have had a lot of diarrhoea."
    assert _quotes("If you have had a lot of diarrhoea.", page)
    assert not _quotes("If you have had diarrhoea for a long time.", page)

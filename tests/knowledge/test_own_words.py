"""Own words: no statement of the knowledge base carries over a long run of a page's words.

The guide: "Own words: facts carry over, sentences do not." A run of 12 or more consecutive words
shared with a saved page (after normalising case, punctuation and apostrophes) is a copied
sentence, not a fact retold. The `sources` section is exempt: a reference's title is quoted as
printed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from netcli.knowledge import default_kb_path

SOURCES_DIR = Path(os.environ.get("NETCLI_SOURCES_DIR", "/work/shared/sources"))
RUN = 12


def words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").replace("Open a glossary item", " ").lower()
    return re.findall(r"[a-z0-9']+", text)


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")


def shared_runs(kb: dict[str, Any], pages: dict[str, str]) -> list[str]:
    page_runs = {name: runs(words(text)) for name, text in pages.items()}
    found = []
    for section, body in kb.items():
        if section == "sources":
            continue
        for path, text in strings(body, section):
            mine = runs(words(text))
            for name, theirs in page_runs.items():
                common = mine & theirs
                if common:
                    found.append(f"{path} ({name}): {' '.join(sorted(common)[0])!r}")
    return found


def test_the_check_finds_a_copied_sentence() -> None:
    sentence = (
        "Chemotherapy uses anti cancer (cytotoxic) drugs to destroy cancer cells in the body."
    )
    page = {"001": sentence}
    copied = {"treatments": [{"about": sentence.replace("anti cancer", "anti-cancer")}]}
    retold = {
        "treatments": [{"about": "Chemotherapy destroys cancer cells with anti-cancer drugs."}]
    }
    cited = {"sources": [{"title": sentence}]}
    assert shared_runs(copied, page)
    assert not shared_runs(retold, page)
    assert not shared_runs(cited, page)  # a reference's title is quoted as printed


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the saved source pages are not here")
def test_no_statement_copies_a_page_sentence() -> None:
    pages = {p.name[:3]: p.read_text("utf-8") for p in SOURCES_DIR.glob("0*.txt")}
    kb = yaml.safe_load(default_kb_path().read_text("utf-8"))
    found = shared_runs(kb, pages)
    assert not found, f"{len(found)} statements share {RUN}+ words with a page:\n" + "\n".join(
        found
    )

"""It informs, it does not prescribe: wording that reads as advice, assumes a suggestion, or says
"not suitable" where the pages are merely silent, is not used (audit E)."""

from __future__ import annotations

import re

import pytest

from netcli.knowledge import default_kb_path
from netcli.knowledge.load import open_kb
from netcli.render import words


def test_no_effect_claims_the_sources_rule_it_out() -> None:
    # An option may be left out because the pages do not describe it for an answer.
    assert not any("not be suitable" in w for w in words.OUTCOME.values())


def test_questions_to_ask_do_not_assume_a_suggestion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    kb = open_kb(default_kb_path()).knowledge_base()
    assuming = re.compile(r"\b(suggested|recommended|should I)\b", re.IGNORECASE)
    assert not [a.id for a in kb.ask if assuming.search(a.text)]

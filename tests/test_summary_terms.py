"""The summary's whole-word search for glossary terms (one pass over the text) finds exactly what
a regular-expression search for each term finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from netcli.explore.summary import whole_words

WORDS = st.sampled_from(["net", "nets", "liver", "pet", "ct", "5", "fu", "é", "_x", "ß"])
SEPARATORS = st.sampled_from([" ", "-", ", ", "(", ")", "\n", "/", ""])
TEXT = st.lists(st.tuples(WORDS, SEPARATORS), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def regex(text: str, phrase: str) -> bool:
    return re.search(r"\b" + re.escape(phrase) + r"\b", text) is not None


@given(TEXT, st.lists(TEXT | st.sampled_from(["", " ", "-fu", "pet-", "(ct)"]), max_size=12))
def test_phrases_agree_with_a_regex_search(text: str, phrases: list[str]) -> None:
    assert whole_words(text, set(phrases)) == {p for p in phrases if regex(text, p)}


def test_a_long_text_with_many_terms_is_searched_in_linear_time() -> None:
    # 20 000 words and 5 000 phrases: a regex per phrase would scan the text 5 000 times.
    text = " ".join(f"word{i} net" for i in range(10_000))
    phrases = {f"word{i} net" for i in range(0, 10_000, 2)} | {"net net"}
    assert whole_words(text, phrases) == phrases - {"net net"}

"""text.fold, fold_words and strip_unsafe: the keys names are found by; what reaches a screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netcli.text import (
    PLURAL_ENDINGS,
    SPELLING_ENDINGS,
    SPELLING_WORDS,
    UNSAFE_CHARS,
    fold,
    fold_words,
    singular,
    strip_unsafe,
    word_matches,
    words,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("everolimus", "everolimus"),
        ("EVEROLIMUS", "everolimus"),
        ("5-FU", "5fu"),
        ("5 FU", "5fu"),
        ("5fu", "5fu"),
        ("Lanreotide (Somatuline Autogel)", "lanreotidesomatulineautogel"),
        ("hepatic-artery  embolisation", "hepaticarteryembolization"),
        ("Embolization", "embolization"),
        ("tumour", "tumor"),
        ("Diarrhoea", "diarrhea"),
        ("oesophagus", "esophagus"),
        ("haematologist", "hematologist"),
        ("centre", "center"),
        ("analyse", "analyze"),
        ("Ménétrier", "menetrier"),
        ("Straße", "strasse"),
        ("Lutathéra®", "lutathera"),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("embolisation", "embolization"),
        ("neuroendocrine tumour", "neuroendocrine tumor"),
        ("diarrhoea", "diarrhea"),
        ("randomised", "randomized"),
        ("paralyse", "paralyze"),
        ("centre", "center"),
        ("anaemia", "anemia"),
    ],
)
def test_fold_makes_uk_and_us_spellings_one(uk: str, us: str) -> None:
    assert fold(uk) == fold(us)


@pytest.mark.parametrize(
    ("joined", "apart"),
    [
        ("chemoembolisation", "chemo-embolisation"),
        ("radioembolisation", "radio embolization"),
        ("Chemoembolization", "chemo embolisation"),
    ],
)
def test_fold_ignores_hyphens_and_spaces_inside_spelling_variants(joined: str, apart: str) -> None:
    # A hyphen or space must not change which UK/US folds apply: "oe" here is not a digraph.
    assert fold(joined) == fold(apart)


@pytest.mark.parametrize("name", ["", "   ", "---", "()", "®"])
def test_fold_of_a_name_without_letters_or_digits_is_empty(name: str) -> None:
    assert fold(name) == ""


def test_fold_words_keeps_words_apart() -> None:
    assert fold_words("  Hepatic-artery  EMBOLISATION, for tumours!  ") == (
        "hepatic artery embolization for tumor"
    )


def test_fold_words_strips_accents() -> None:
    assert fold_words("Crème brûlée") == "creme brulee"


def test_strip_unsafe_removes_the_escape_of_an_ansi_colour_sequence() -> None:
    assert strip_unsafe("\x1b[31mred\x1b[0m") == "[31mred[0m"


def test_strip_unsafe_removes_the_escape_and_bell_of_an_osc_hyperlink() -> None:
    assert strip_unsafe("\x1b]8;;https://x.example\x07link") == "]8;;https://x.examplelink"


@pytest.mark.parametrize(
    "char",
    [
        "\x00",
        "\x07",
        "\x08",
        "\x0b",
        "\x0c",
        "\r",
        "\x1b",
        "\x7f",
        "\x85",
        "\x9b",  # the 8-bit CSI
        "\u061c",
        "\u200e",
        "\u200f",
        "\u202a",
        "\u202e",  # right-to-left override
        "\u2066",
        "\u2069",
    ],
)
def test_strip_unsafe_removes_control_and_bidi_characters(char: str) -> None:
    assert strip_unsafe(f"a{char}b") == "ab"
    assert UNSAFE_CHARS.search(char)


def test_strip_unsafe_keeps_tabs_newlines_and_ordinary_unicode() -> None:
    text = "Lutathéra – 177Lu-DOTATATE\n\tnaïve ✓ 日本 \u200d"
    assert strip_unsafe(text) == text


def test_strip_unsafe_of_a_reversed_file_name() -> None:
    # The classic trick: "invoice\u202egpj.exe" shows as "invoiceexe.jpg".
    assert strip_unsafe("invoice\u202egpj.exe") == "invoicegpj.exe"


# Every UK/US pair the issue names, written out (not generated from the tables), so that a pair
# dropped from a table fails here.
@pytest.mark.parametrize(
    ("uk", "us"),
    [
        ("embolisation", "embolization"),
        ("chemoembolisation", "chemoembolization"),
        ("Trans arterial embolisation", "trans-arterial embolization"),
        ("tumour", "tumor"),
        ("tumours", "tumors"),
        ("diarrhoea", "diarrhea"),
        ("oesophagus", "esophagus"),
        ("oesophageal", "esophageal"),
        ("analogue", "analog"),
        ("somatostatin analogues", "somatostatin analog"),
        ("appendicectomy", "appendectomy"),
        ("faeces", "feces"),
        ("haematologist", "hematologist"),
        ("anaemia", "anemia"),
        ("specialising", "specializing"),
        ("randomised", "randomized"),
        ("colour", "color"),
        ("centre", "center"),
        ("analyse", "analyze"),
    ],
)
def test_each_uk_and_us_pair_folds_to_one_key(uk: str, us: str) -> None:
    assert fold(uk) == fold(us)


def test_every_pair_in_the_tables_is_a_uk_and_a_us_form_that_agree() -> None:
    for uk, us in SPELLING_WORDS:
        assert fold(uk) == fold(us)
    for uk, us in SPELLING_ENDINGS:
        assert fold("x" + uk) == fold("x" + us)


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("tumours", "tumour"),
        ("analogues", "analogue"),
        ("NETs", "NET"),
        ("biopsies", "biopsy"),
        ("lymph nodes", "lymph node"),
        ("approaches", "approach"),
        ("masses", "mass"),
        ("hormones", "hormone"),
    ],
)
def test_a_plural_finds_its_singular(plural: str, one: str) -> None:
    assert fold(plural) == fold(one)


@pytest.mark.parametrize("word", ["everolimus", "metastasis", "mass", "yes", "cns"])
def test_words_that_only_look_plural_keep_their_s(word: str) -> None:
    assert singular(word) == word


def test_plural_endings_are_tried_longest_first() -> None:
    # "ies" must come before "s", or "biopsies" would become "biopsie".
    assert PLURAL_ENDINGS[0] == ("ies", "y") and PLURAL_ENDINGS[-1] == ("s", "")


def test_words_are_singular_us_spellings() -> None:
    assert words("Hepatic-artery EMBOLISATIONS of Tumours") == [
        "hepatic",
        "artery",
        "embolization",
        "of",
        "tumor",
    ]


@pytest.mark.parametrize(
    ("typed", "word", "score"),
    [
        ("embolization", "embolization", 2),
        ("embolization", "chemoembolization", 1),
        ("chemo", "chemoembolization", 1),
        ("net", "net", 2),
        ("net", "netcli", 0),  # a short word must be a whole word
        ("liver", "delivery", 1),
        ("liver", "lung", 0),
    ],
)
def test_word_matches(typed: str, word: str, score: int) -> None:
    assert word_matches(typed, word) == score


def _readme_names_section() -> str:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    return readme.split("### How names are found", 1)[1].split("### Tab completion", 1)[0]


def test_the_readme_promises_exactly_the_spelling_tables() -> None:
    section = " ".join(_readme_names_section().split())
    pairs = re.findall(r"`(-?[a-z]+)`/`(-?[a-z]+)`", section)
    words_in_readme = [(a, b) for a, b in pairs if not a.startswith("-")]
    endings_in_readme = [(a[1:], b[1:]) for a, b in pairs if a.startswith("-")]
    assert words_in_readme == list(SPELLING_WORDS)
    assert endings_in_readme == list(SPELLING_ENDINGS)


def test_the_readme_promises_exactly_the_plural_endings() -> None:
    section = " ".join(_readme_names_section().split())
    said = re.findall(r"`-([a-z]+)` by (?:`-([a-z]+)`|nothing)", section)
    assert [(a, b) for a, b in said] == list(PLURAL_ENDINGS)

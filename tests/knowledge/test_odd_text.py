"""Odd text in the knowledge base (issue 23): characters that print as nothing or as a line
break, names that look like another record's, names not in Latin letters, and numbers that are
not numbers are refused at validation, each with a reason that says what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcli.cli import app
from netcli.errors import InvalidDataError
from netcli.knowledge.load import load_file
from netcli.knowledge.validate import validate
from netcli.text import look_alike, scripts
from tests.conftest import KB_YAML


def problems_of(write_kb: Callable[..., Path], text: str) -> list[str]:
    path = write_kb(text)
    with pytest.raises(InvalidDataError) as caught:
        validate(load_file(path, "kb.yaml"), "kb.yaml")
    return [str(p) for p in caught.value.problems]


INVISIBLE = {
    "zero-width-space": "\u200b",
    "zero-width-joiner": "\u200d",
    "word-joiner": "\u2060",
    "bom-inside": "\ufeff",
    "soft-hyphen": "\u00ad",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "tag-letter": "\U000e0041",
    "tag-cancel": "\U000e007f",
    "grapheme-joiner": "\u034f",
    "hangul-filler": "\u3164",
    # Passed until attack run h41 (D4): the rest of the default-ignorable characters. Variation
    # selectors can carry a hidden message, one byte a character.
    "variation-selector-15": "\ufe0e",
    "variation-selector-16": "\ufe0f",
    "variation-selector-17": "\U000e0100",
    "variation-selector-256": "\U000e01ef",
    "mongolian-fvs-1": "\u180b",
    "inhibit-symmetric-swapping": "\u206a",
    "nominal-digit-shapes": "\u206f",
    "interlinear-annotation-anchor": "\ufff9",
    "interlinear-annotation-terminator": "\ufffb",
    "shorthand-format-letter-overlap": "\U0001bca0",
    "musical-symbol-begin-beam": "\U0001d173",
    "unassigned-after-the-tags": "\U000e0080",
}


@pytest.mark.parametrize("char", list(INVISIBLE.values()), ids=list(INVISIBLE))
@pytest.mark.parametrize(
    "where",
    [
        ("text: A somatostatin analogue.", 'text: "A somatostatin {}analogue."'),
        ("    name: octreotide\n", '    name: "octre{}otide"\n'),
    ],
    ids=["text", "name"],
)
def test_invisible_characters_in_the_knowledge_base_are_refused(
    write_kb: Callable[..., Path], char: str, where: tuple[str, str]
) -> None:
    # Written as YAML escapes in double quotes (U+2028 and U+2029 as they are would end a line).
    old, new = where
    assert old in KB_YAML
    escape = f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"
    found = problems_of(write_kb, KB_YAML.replace(old, new.format(escape), 1))
    assert len(found) == 1, found
    assert f"U+{ord(char):04X}" in found[0]
    assert "invisible character" in found[0]


def test_a_bom_at_the_start_of_the_file_is_still_read(write_kb: Callable[..., Path]) -> None:
    path = write_kb("\ufeff" + KB_YAML)
    assert validate(load_file(path, "kb.yaml"), "kb.yaml").version == "2.0"


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_a_version_that_is_not_a_number_is_refused(
    write_kb: Callable[..., Path], value: str
) -> None:
    # It was read as the text "nan" or "inf" and shown as the knowledge base's version.
    found = problems_of(write_kb, KB_YAML.replace('version: "2.0"', f"version: {value}", 1))
    assert len(found) == 1, found
    assert found[0].startswith("kb.yaml:1:10: version:")
    assert ".nan and .inf are not allowed" in found[0]


def test_a_quoted_nan_stays_text(write_kb: Callable[..., Path]) -> None:
    path = write_kb(KB_YAML.replace('version: "2.0"', 'version: ".nan"', 1))
    assert validate(load_file(path, "kb.yaml"), "kb.yaml").version == ".nan"


SANDOSTATIN = "      - {name: Sandostatin, kind: brand, sources: [charity-page]}\n"
ZANOSAR = "      - {name: Zanosar, kind: brand, sources: [hospital-page]}\n"


def with_alias_on_streptozocin(name: str) -> str:
    assert ZANOSAR in KB_YAML
    alias = ZANOSAR.replace("Zanosar", name)
    return KB_YAML.replace(ZANOSAR, ZANOSAR + alias, 1)


@pytest.mark.parametrize(
    "name",
    ["\u0405andostatin", "Sand\u043estatin", "S\u03b1ndostatin"],
    ids=["cyrillic-dze", "cyrillic-o", "greek-alpha"],
)
def test_a_mixed_script_look_alike_of_another_drugs_name_is_refused(
    write_kb: Callable[..., Path], name: str
) -> None:
    # "Ѕandostatin" on streptozocin passed, and `list drugs` showed two identical-looking names.
    found = problems_of(write_kb, with_alias_on_streptozocin(name))
    assert len(found) == 1, found
    assert "mixes letters of different alphabets" in found[0]
    assert "drugs[2].aliases[2].name" in found[0]


@pytest.mark.parametrize(
    ("name", "like"),
    [("Sandostatln", "Sandostatin"), ("0ctreotide", "octreotide"), ("Sandostatim", None)],
    ids=["l-for-i", "zero-for-o", "not-alike"],
)
def test_a_latin_look_alike_of_another_records_name_is_refused(
    write_kb: Callable[..., Path], name: str, like: str | None
) -> None:
    text = with_alias_on_streptozocin(name)
    if like is None:
        path = write_kb(text)
        validate(load_file(path, "kb.yaml"), "kb.yaml")
        return
    found = problems_of(write_kb, text)
    assert len(found) == 1, found
    assert f"looks like {like!r}, a name of drugs 'octreotide'" in found[0]


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Sandostat\u0131n", "\u0131"),
        ("S\u00f8ndostatin", "\u00f8"),
        ("Sandostat\u0269n", "\u0269"),
    ],
    ids=["dotless-i", "o-with-stroke", "latin-iota"],
)
def test_a_name_with_a_letter_that_has_no_plain_form_is_refused(
    write_kb: Callable[..., Path], name: str, letter: str
) -> None:
    # fold drops such a letter: "Sandostatın" was read as "sandostatn", passed the look-alike
    # check, and `netcli drug Sandostatın` opened streptozocin (attack run h41, D5).
    found = problems_of(write_kb, with_alias_on_streptozocin(name))
    assert len(found) == 1, found
    assert "no plain Latin form" in found[0] and repr(letter) in found[0]
    assert "drugs[2].aliases[2].name" in found[0]


def test_accents_and_full_width_letters_have_plain_forms(write_kb: Callable[..., Path]) -> None:
    path = write_kb(with_alias_on_streptozocin("Z\u00e1nos\u00e1r-\uff22"))
    validate(load_file(path, "kb.yaml"), "kb.yaml")


def test_a_look_alike_among_one_records_own_names_is_fine(
    write_kb: Callable[..., Path],
) -> None:
    text = KB_YAML.replace(SANDOSTATIN, SANDOSTATIN.replace("Sandostatin", "Sandostatln"), 1)
    path = write_kb(text)
    validate(load_file(path, "kb.yaml"), "kb.yaml")


@pytest.mark.parametrize(
    ("name", "alphabet"),
    [("Сандостатин", "Cyrillic"), ("Σανδοστατίνη", "Greek"), ("サンドスタチン", "Katakana")],
)
def test_a_name_not_in_latin_letters_is_refused_for_that_reason(
    write_kb: Callable[..., Path], name: str, alphabet: str
) -> None:
    # It was refused as "has no letters or digits", which is untrue.
    found = problems_of(write_kb, with_alias_on_streptozocin(name))
    assert len(found) == 1, found
    assert f"is written in {alphabet} letters" in found[0]
    assert "no letters or digits" not in found[0]


def test_kb_validate_says_why_in_one_line_each(write_kb: Callable[..., Path]) -> None:
    path = write_kb(with_alias_on_streptozocin("\u0405andostatin"))
    result = CliRunner().invoke(app, ["--kb", str(path), "kb", "validate"])
    assert result.exit_code == 1
    assert "mixes letters of different alphabets (Cyrillic, Latin)" in result.stderr


def test_scripts_and_look_alikes() -> None:
    assert scripts("5-FU") == {"LATIN"}
    assert scripts("Ｓandostatin") == {"LATIN"}  # full-width Latin folds to plain Latin
    assert scripts("\u0405andostatin") == {"CYRILLIC", "LATIN"}
    assert scripts("\u212aeto") == {"LATIN"}  # the Kelvin sign reads as K
    assert look_alike("modern") == look_alike("rnodern")
    assert look_alike("octreotide") != look_alike("lanreotide")

"""A narrow terminal (issue 23): at COLUMNS=20 `list` showed only the ids and explore's table cut
words in two ("Pancr / eatic"). Below 50 columns the tables become one block per row, wrapped at
spaces; no word that fits the width is cut, and nothing is cut off with an ellipsis."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from netcli.cli import app
from netcli.env import Env

WIDTH = 20


def shown(*args: str, columns: int = WIDTH) -> str:
    env = Env.in_memory(terminal=True, columns=columns, no_color=True)
    result = CliRunner().invoke(app, list(args), obj=env)
    assert result.exit_code == 0, env.stderr.getvalue()  # type: ignore[attr-defined]
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(line.rstrip()) <= columns for line in out.splitlines())
    return out


def whole_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9'-]+", text))


def fitting_words(name: str) -> list[str]:
    """The words of a name that fit the width (with the indent), without their punctuation."""
    return [w for w in re.findall(r"[A-Za-z0-9'-]+", name) if len(w) <= WIDTH - 4]


def data(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


@pytest.mark.parametrize("kind", ["drugs", "treatments", "sites", "glossary"])
def test_list_shows_every_name_and_alias_whole_at_20_columns(kind: str) -> None:
    out = shown("list", kind)
    words = whole_words(out)
    listed = data("list", kind)
    items = listed["items"]
    assert isinstance(items, list) and items
    for item in items:
        for name in [item["name"], *item["aliases"]]:
            missing = [w for w in fitting_words(name) if w not in words]
            assert not missing, (name, missing)
    assert "…" not in out


@pytest.mark.parametrize(
    "args",
    [
        ("explore", "-a", "site=pancreas"),
        ("explore", "-a", "site=small-bowel", "-a", "spread=liver"),
        ("search", "liver"),
        ("drug", "octreotide"),
        ("site", "pancreas"),
        ("compare", "somatostatin-analogues", "prrt"),
    ],
)
def test_explore_and_search_cut_no_word_that_fits_at_20_columns(args: tuple[str, ...]) -> None:
    narrow = shown(*args)
    wide = shown(*args, columns=200)
    cut = {w for w in whole_words(narrow) - whole_words(wide) if len(w) < WIDTH - 6}
    # A word longer than the width is folded; its pieces are the only words not seen wide.
    pieces = {
        w
        for w in whole_words(narrow) - whole_words(wide)
        if any(w in long for long in whole_words(wide) if len(long) >= WIDTH - 6)
    }
    assert cut <= pieces, sorted(cut - pieces)
    assert "…" not in narrow


def test_explore_at_20_columns_names_every_option_whole() -> None:
    out = shown("explore", "-a", "site=pancreas")
    words = whole_words(out)
    doc = data("explore", "-a", "site=pancreas")
    options = doc["options"]
    assert isinstance(options, list) and options
    for option in options:
        name = option["name"]
        missing = [w for w in fitting_words(name) if w not in words]
        assert not missing, (name, missing)


def test_wide_terminals_keep_their_tables() -> None:
    assert "Also called" in shown("list", "drugs", columns=100)
    assert "Fits your answers?" in shown("explore", "-a", "site=pancreas", columns=100)


@pytest.mark.parametrize("columns", [20, 30, 49])
@pytest.mark.parametrize("args", [("glossary",), ("glossary", "carcinoid", "syndrome")])
def test_glossary_cuts_no_term_that_fits(columns: int, args: tuple[str, ...]) -> None:
    # The terms had a column of a third of the width: "embolisati / on" at 30 columns, "carcin /
    # oid syndro / me" at 20 (attack run h41, D6).
    out = shown(*args, columns=columns)
    words = whole_words(out)
    terms = data(*args)["terms"]
    assert isinstance(terms, list) and terms
    for term in terms:
        fits = [w for w in re.findall(r"[A-Za-z0-9'-]+", term["term"]) if len(w) <= columns - 4]
        missing = [w for w in fits if w not in words]
        assert not missing, (term["term"], missing)
    assert "…" not in out

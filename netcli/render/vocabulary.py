"""The answer keys as ``explore --help`` lists them, written from the knowledge base's questions
(and its optional last step) when the help is shown: the one source of the answer vocabulary is
the YAML, so the help cannot drift from it."""

from __future__ import annotations

import textwrap

from netcli.knowledge import model as m
from netcli.knowledge.model import UNSURE

KEY_WIDTH = 22  # the column of the keys; a longer line of keys has its values on the next lines
WIDTH = 78  # the block's lines, as the help's other paragraphs
# The own words are free text: the row says so instead of listing values.
OWN_WORDS_VALUES = "your own words, kept as written"
# Where the list would be when the knowledge base cannot be read (help still shows).
UNREADABLE = (
    "The answer keys are the knowledge base's questions (README, 'The answers'); it could not "
    "be read to list them here."
)


def _row(keys: list[str], values: list[str], several: bool) -> list[str]:
    words = ", ".join(values) + (" (several)" if several else "")
    key = ", ".join(keys)
    indent = " " * (2 + KEY_WIDTH)
    if len(key) >= KEY_WIDTH:  # the keys on their line, the values under them
        body = textwrap.wrap(
            words,
            WIDTH,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )
        return ["  " + key, *body]
    first = "  " + key.ljust(KEY_WIDTH)
    return textwrap.wrap(
        first + words,
        WIDTH,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _question(q: m.Question) -> list[str]:
    return _row([q.id], [c.value for c in q.choices], q.multiple)


def answer_keys(questions: list[m.Question], step: m.Reflection | None, own_words: str) -> str:
    """The answer keys, then the optional last step's, as two help paragraphs kept as written."""
    lines = ["\b", f"The answer keys (each also takes '{UNSURE}'):"]
    for q in questions:
        lines += _question(q)
    if step is not None:
        lines += [
            "",
            "\b",
            "The optional last step (never changes the options; it goes into the summary):",
        ]
        lines += _question(step.matters)
        lines += _row([own_words], [OWN_WORDS_VALUES], False)
        if step.role is not None:
            lines += _question(step.role)
        if step.ready:
            first = step.ready[0]
            lines += _row(
                [q.id for q in step.ready], [c.value for c in first.choices], first.multiple
            )
    return "\n".join(lines)

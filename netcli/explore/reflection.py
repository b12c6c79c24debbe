"""The answers to the wizard's optional last step: what matters most to the person, in their own
words too, and how ready they feel to decide. Checked like the other answers, turned into plain
words, and carried in the explore result; the engine never reads them, so they change no option.
"""

from __future__ import annotations

from collections.abc import Mapping

from netcli.errors import UsageError
from netcli.explore.answers import check, label
from netcli.knowledge import model as m
from netcli.records import dataclass
from netcli.text import strip_invisible

OWN_WORDS = "own_words"  # the answer key of the free text
MAX_OWN_WORDS = 2000


@dataclass
class Readiness:
    key: str
    question: str
    value: str  # "yes", "no" or "unsure"
    answer: str  # in words


@dataclass
class Reflected:
    matters: list[tuple[str, str]]  # (value, words) as given; ("unsure", "Not sure yet")
    own_words: str | None
    ready: list[Readiness]  # the questions answered
    not_ready: m.Statement | None  # set when a readiness answer is not "yes"


def keys(reflection: m.Reflection | None) -> list[str]:
    """The answer keys of the last step (none when the knowledge base has no such step)."""
    if reflection is None:
        return []
    return [reflection.matters.id, OWN_WORDS, *(q.id for q in reflection.ready)]


def split(
    given: Mapping[str, list[str]], reflection: m.Reflection | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The answers to the questionnaire, and those to the last step."""
    mine = set(keys(reflection))
    return (
        {k: v for k, v in given.items() if k not in mine},
        {k: v for k, v in given.items() if k in mine},
    )


def reflect(given: Mapping[str, list[str]], reflection: m.Reflection | None) -> Reflected | None:
    """The last step's answers in words; None when none was given (the step was skipped)."""
    if reflection is None or not given:
        return None
    words = [" ".join(v) for k, v in given.items() if k == OWN_WORDS]
    # Characters that print as nothing (zero-width, TAG characters...) go; so does any hiding.
    own = strip_invisible(words[0]).strip() if words else ""
    try:
        own.encode("utf-8")
    except UnicodeEncodeError:  # a byte that is not UTF-8 on the command line, a lone surrogate
        raise UsageError(
            f"{OWN_WORDS} is not valid text: it holds a character or byte that is not UTF-8.",
            hint="Type your own words again, or leave them out.",
        ) from None
    if len(own) > MAX_OWN_WORDS:
        raise UsageError(f"{OWN_WORDS} is longer than {MAX_OWN_WORDS} characters.")
    asked = [reflection.matters, *reflection.ready]
    answers = check({k: v for k, v in given.items() if k != OWN_WORDS}, asked)
    matters = reflection.matters
    picked = list(answers[matters.id]) if matters.id in given else []
    ready = [
        Readiness(q.id, q.text, answers[q.id][0], label(q, answers[q.id][0]))
        for q in reflection.ready
        if q.id in given
    ]
    return Reflected(
        matters=[(v, label(matters, v)) for v in picked],
        own_words=own or None,
        ready=ready,
        not_ready=reflection.not_ready if any(r.value != "yes" for r in ready) else None,
    )

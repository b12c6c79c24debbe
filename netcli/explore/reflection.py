"""The answers to the wizard's optional last step: what matters most to the person, in their own
words too, and how ready they feel to decide. Checked like the other answers, turned into plain
words, and carried in the explore result; the engine never reads them, so they change no option.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import field

from netcli.errors import UsageError
from netcli.explore.answers import UNSURE, check, label
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
class Speaks:
    """One priority picked, and which options shown speak to it by their stated aims. Never a
    ranking: both lists keep the order in which the options are shown."""

    value: str
    label: str
    speak: list[tuple[str, str]]  # (id, name) of the options whose stated aims speak to it
    others: list[tuple[str, str]]  # the other options shown
    ask: str | None = None  # the question to ask when none of them speaks to it


@dataclass
class Reflected:
    matters: list[tuple[str, str]]  # (value, words) as given; ("unsure", "Not sure yet")
    own_words: str | None
    ready: list[Readiness]  # the questions answered
    not_ready: m.Statement | None  # set when a readiness answer is not "yes"
    role: tuple[str, str] | None = None  # (value, words): how the person wants to decide
    speaks: list[Speaks] = field(default_factory=list)  # one per priority picked


# An option as the reflection reads it: id, name, and the goals of its stated aims.
Shown = tuple[str, str, list[str]]


def speaking(x: Reflected, reflection: m.Reflection, options: Sequence[Shown]) -> Reflected:
    """``x`` with, for each priority picked, which of ``options`` speak to it."""
    links = {link.matter: link for link in reflection.speaks_to}
    return dataclasses.replace(
        x,
        speaks=[speaks(v, w, links.get(v), options) for v, w in x.matters if v != UNSURE],
    )


def speaks(value: str, label: str, link: m.SpeaksTo | None, options: Sequence[Shown]) -> Speaks:
    """Which of ``options`` speak to one priority: by a goal among their stated aims, or by being
    the option the priority names."""
    goals = set(link.goals) if link else set()
    named = set(link.treatments) if link else set()
    speak = [(i, n) for i, n, g in options if i in named or goals & set(g)]
    others = [(i, n) for i, n, _ in options if (i, n) not in speak]
    return Speaks(value, label, speak, others, None if speak or link is None else link.ask)


def keys(reflection: m.Reflection | None) -> list[str]:
    """The answer keys of the last step (none when the knowledge base has no such step)."""
    if reflection is None:
        return []
    role = [reflection.role.id] if reflection.role else []
    return [reflection.matters.id, OWN_WORDS, *role, *(q.id for q in reflection.ready)]


def split(
    given: Mapping[str, list[str]], reflection: m.Reflection | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The answers to the questionnaire, and those to the last step."""
    mine = set(keys(reflection))
    return (
        {k: v for k, v in given.items() if k not in mine},
        {k: v for k, v in given.items() if k in mine},
    )


def reflect(
    given: Mapping[str, list[str]],
    reflection: m.Reflection | None,
    options: Sequence[Shown] = (),
) -> Reflected | None:
    """The last step's answers in words; None when none was given (the step was skipped). For
    each priority picked, which of ``options`` (those shown) speak to it by their stated aims."""
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
    role = reflection.role
    asked = [reflection.matters, *reflection.ready, *([role] if role else [])]
    answers = check({k: v for k, v in given.items() if k != OWN_WORDS}, asked)
    matters = reflection.matters
    picked = list(answers[matters.id]) if matters.id in given else []
    ready = [
        Readiness(q.id, q.text, answers[q.id][0], label(q, answers[q.id][0]))
        for q in reflection.ready
        if q.id in given
    ]
    links = {x.matter: x for x in reflection.speaks_to}
    chosen = role is not None and role.id in given and answers[role.id][0] != UNSURE
    return Reflected(
        matters=[(v, label(matters, v)) for v in picked],
        own_words=own or None,
        ready=ready,
        not_ready=reflection.not_ready if any(r.value != "yes" for r in ready) else None,
        role=(answers[role.id][0], label(role, answers[role.id][0])) if role and chosen else None,
        speaks=[speaks(v, label(matters, v), links.get(v), options) for v in picked if v != UNSURE],
    )

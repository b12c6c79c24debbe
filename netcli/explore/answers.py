"""The answers to the questionnaire: parsing ``-a KEY=VALUE`` and answers files, and checking them
against the questions of the knowledge base (the keys and values are a public interface)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from netcli.errors import InvalidDataError, UsageError
from netcli.files import STDIN, InputProblem, read_text
from netcli.knowledge import MAX_BYTES
from netcli.knowledge import model as m
from netcli.knowledge.model import UNSURE as UNSURE  # the answer vocabulary's "not known"

# Every question id mapped to its values; a key left unanswered is ("unsure",).
Answers = dict[str, tuple[str, ...]]


def parse_pairs(pairs: Iterable[str], whole: Collection[str] = ()) -> dict[str, list[str]]:
    """``["spread=liver,lymph-nodes", "grade=2"]`` as a mapping; a later key replaces an earlier.

    The value of a key in ``whole`` (free text) is kept as written, commas and all."""
    out: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(
                f"-a takes KEY=VALUE, not {pair!r}.",
                hint="For example: -a site=pancreas -a spread=liver,lymph-nodes",
            )
        if key in whole:
            out[key] = [value.strip()] if value.strip() else []
            continue
        out[key] = [v.strip() for v in value.split(",") if v.strip()]
    return out


def read_file(path: Path, whole: Collection[str] = ()) -> dict[str, list[str]]:
    """An answers file (stdin for ``-``): a YAML or JSON mapping of keys to a value or a list of
    values (the value of a key in ``whole`` is free text, kept as written)."""
    label = "<stdin>" if str(path) == STDIN else str(path)
    try:
        text = read_text(path, MAX_BYTES)
    except InputProblem as exc:
        if exc.kind == "missing":
            raise UsageError(f"The answers file {label} does not exist.") from None
        if exc.kind == "folder":
            raise UsageError(f"The answers file {label} is a folder, not a file.") from None
        if exc.kind == "encoding":
            raise UsageError(f"{label}:{exc.line}: the answers file is not UTF-8 text.") from None
        raise UsageError(f"The answers file {label}: {exc.message}.") from None
    written: dict[Any, str] = {}
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates(label))
        except json.JSONDecodeError as exc:
            where = f"{label}:{exc.lineno}:{exc.colno}"
            raise UsageError(f"{where}: not valid JSON: {exc.msg}") from None
        except RecursionError:
            raise UsageError(f"{label}: not valid JSON: nested too deep.") from None
        except ValueError as exc:  # an integer longer than int() will read
            raise UsageError(f"{label}: not valid JSON: {exc}") from None
    else:
        from netcli.knowledge.yamlload import parse

        try:
            located = parse(text, label)
        except InvalidDataError as exc:
            raise UsageError("\n".join(str(p) for p in exc.problems)) from None
        data = located.data
        written = located.raw
    if not isinstance(data, dict):
        raise UsageError(
            f"{label}: the answers file must be a mapping of keys to values, "
            "for example:\n  site: pancreas\n  spread: [liver]"
        )
    return {str(k): _values(label, str(k), v, written, str(k) in whole) for k, v in data.items()}


def _no_duplicates(label: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise UsageError(f"{label}: the key {key!r} appears twice.")
            out[key] = value
        return out

    return pairs


# Numbers and booleans are taken only as written plainly (2; yes, no, true, false in any case):
# YAML 1.1 also reads 0x2, 02, +2 as 2 and on, off, y, n as booleans; those are kept as the words
# written, which no question accepts.
_PLAIN_INT = re.compile(r"0|[1-9][0-9]*")
_PLAIN_BOOL = {"yes": "yes", "no": "no", "true": "yes", "false": "no"}


def _values(
    label: str,
    key: str,
    value: Any,
    raw: dict[Any, str] | None = None,
    whole: bool = False,
) -> list[str]:
    if whole and isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if whole:  # free text as a list or a number: its commas or its spelling would be lost
        raise UsageError(
            f"{label}: {key} is free text: write it as one piece of text, not {_kind(value)}.",
            hint=f'For example: {key}: "time with my family, and keeping working"',
        )
    items = value if isinstance(value, list) else [value]
    out = []
    for i, item in enumerate(items):
        written = (raw or {}).get((key, i) if isinstance(value, list) else (key,))
        if isinstance(item, bool):  # YAML 1.1 reads yes/no as booleans; JSON has true/false
            plain = "yes" if item else "no"
            out.append(plain if written is None else _PLAIN_BOOL.get(written.lower(), written))
        elif isinstance(item, int):
            plain = str(item)
            out.append(plain if written is None or _PLAIN_INT.fullmatch(written) else written)
        elif isinstance(item, str):  # "liver, none" as on the command line
            out += [v.strip() for v in item.split(",") if v.strip()]
        else:
            raise UsageError(f"{label}: {key}: answers are words or numbers, not {item!r}.")
    return out


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "an empty value"
    return "a number or a yes/no" if isinstance(value, int | float) else "a date or another value"


def check(
    given: Mapping[str, list[str]], questions: list[m.Question], also: Iterable[str] = ()
) -> Answers:
    """Every key of the questionnaire with its values; an unknown key or value is a usage error
    (whose hint names the keys, and ``also`` the keys that are checked elsewhere)."""
    by_id = {q.id: q for q in questions}
    answers: Answers = {q.id: (UNSURE,) for q in questions}
    for key, values in given.items():
        question = by_id.get(key)
        if question is None:
            raise UsageError(
                f"Unknown answer key {key!r}.",
                hint="The keys are: " + ", ".join([*by_id, *also]) + ".",
            )
        allowed = [c.value for c in question.choices] + [UNSURE]
        if not values:
            raise UsageError(f"{key} needs a value.", hint="The values are: " + ", ".join(allowed))
        for value in values:
            if value not in allowed:
                raise UsageError(
                    f"{key} has no value {value!r}.",
                    hint=f"The values of {key} are: " + ", ".join(allowed) + ".",
                )
        if len(values) > 1 and not question.multiple:
            raise UsageError(f"{key} takes one value, not {len(values)}.")
        if UNSURE in values and len(values) > 1:
            raise UsageError(f"{key}: 'unsure' cannot go with other values.")
        alone = on_its_own(question, values)
        if alone is not None:
            raise UsageError(
                f"{key}: {alone!r} ({label(question, alone)}) cannot go with other values."
            )
        answers[key] = tuple(dict.fromkeys(values))
    clash = conflict(questions, answers)
    if clash is None:
        clash = conflict(questions, implied(questions, answers))
    if clash is not None:
        raise UsageError(clash)
    return answers


def implied(questions: list[m.Question], answers: Answers) -> Answers:
    """``answers`` (changed in place, and returned) with each question left unsure that an answer
    given answers (its choice's ``implies``): found when the appendix was taken out, with the
    site not known, it started in the appendix."""
    for q in questions:
        for c in q.choices:
            if c.value in answers.get(q.id, ()):
                for key, values in c.implies.items():
                    if answers.get(key, (UNSURE,)) == (UNSURE,):
                        answers[key] = tuple(values)
    return answers


def conflicts(
    question: m.Question, values: Iterable[str], answers: Mapping[str, tuple[str, ...]]
) -> list[tuple[m.Choice, m.Conflict]]:
    """The answers among ``values`` that contradict ``answers`` (the others given), with how."""
    picked = set(values)
    return [
        (c, x)
        for c in question.choices
        if c.value in picked
        for x in c.conflicts
        if all(set(answers.get(k, (UNSURE,))) & set(vs) for k, vs in x.when.items())
    ]


def conflict(questions: list[m.Question], answers: Mapping[str, tuple[str, ...]]) -> str | None:
    """The message that refuses answers contradicting each other, or None when none do."""
    for q in questions:
        found = conflicts(q, answers.get(q.id, ()), answers)
        if found:
            choice, clash = found[0]
            others = "; ".join(
                f"{k}={','.join(v for v in answers[k] if v in vs)}" for k, vs in clash.when.items()
            )
            return (
                f"{q.id}={choice.value} ({choice.label}) contradicts {others}: {clash.why} "
                "Give only one of them, or leave one out (it then counts as unsure)."
            )
    return None


def on_its_own(question: m.Question, values: Iterable[str]) -> str | None:
    """The answer among several ``values`` that the question says is given alone, if any."""
    picked = list(values)
    if len(picked) < 2:
        return None
    return next((c.value for c in question.choices if c.alone and c.value in picked), None)


def should_ask(question: m.Question, answers: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the wizard asks ``question`` given the answers so far (unanswered is unsure)."""
    for key, values in question.ask_when.items():
        if not set(answers.get(key, (UNSURE,))) & set(values):
            return False
    return not any(
        all(set(answers.get(k, (UNSURE,))) & set(vs) for k, vs in skip.items())
        for skip in question.skip_when
    )


def label(question: m.Question, value: str) -> str:
    """The plain words of one value."""
    if value == UNSURE:
        return question.unsure_label
    return next((c.label for c in question.choices if c.value == value), value)

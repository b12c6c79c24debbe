"""The appointment summary: an explore result plus the questions to ask, the words explained and
the references, as plain records (the report renderers turn it into Markdown, HTML or text)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from netcli.explore.answers import UNSURE, label, should_ask
from netcli.explore.engine import Result, result_sources
from netcli.knowledge import model as m


@dataclass
class Unsure:
    question: str
    settled_by: m.Statement | None
    changes: list[str]  # option names whose fit depends on this answer


@dataclass
class Summary:
    made_on: dt.date
    kb_version: str
    kb_date: dt.date
    answers: list[tuple[str, str]]  # question, answer in words
    result: Result
    unsure: list[Unsure]
    situation: list[str]  # the answers as plain statements ("It has spread to the liver")
    not_known: list[str]  # the questions that apply but were answered "not sure", as statements
    matters_choices: list[str]  # printed as tick boxes when the last step was not answered
    ask: list[m.AskTemplate]
    terms: list[m.Term]
    references: list[m.Source]


def summarise(kb: m.KnowledgeBase, result: Result, today: dt.date) -> Summary:
    by_id = {q.id: q for q in kb.questions}
    answers = [
        (by_id[k].text, ", ".join(label(by_id[k], v) for v in values))
        for k, values in result.answers.items()
        if values != (UNSURE,)
    ]
    # Only the questions that apply to the situation: no rectum question for a pancreatic NET.
    unsure_keys = [
        k
        for k, v in result.answers.items()
        if v == (UNSURE,) and should_ask(by_id[k], result.answers)
    ]
    unsure = []
    for key in unsure_keys:
        changes = [
            o.treatment.name for o in result.options if any(d.key == key for d in o.depends_on)
        ]
        if changes or by_id[key].settled_by:
            unsure.append(Unsure(by_id[key].text, by_id[key].settled_by, changes))
    shown = {o.treatment.id for o in result.options}
    ask = [
        a
        for a in kb.ask
        if a.always or shown & set(a.for_treatments) or set(unsure_keys) & set(a.when_unsure)
    ]
    situation, not_known = _plain(kb, result)
    refs = result_sources(result)
    refs += [s for a in ask for s in a.sources]
    terms = _terms_used(kb, result, ask)
    refs += [s for t in terms for s in m.source_ids(t)]
    by_source = {s.id: s for s in kb.sources}
    return Summary(
        made_on=today,
        kb_version=kb.version,
        kb_date=kb.date,
        answers=answers,
        result=result,
        unsure=unsure,
        situation=situation,
        not_known=not_known,
        matters_choices=[c.label for c in kb.reflection.matters.choices] if kb.reflection else [],
        ask=ask,
        terms=terms,
        references=[by_source[i] for i in dict.fromkeys(refs)],
    )


def _plain(kb: m.KnowledgeBase, result: Result) -> tuple[list[str], list[str]]:
    """The answers as plain statements, and the questions not known yet (those that apply)."""
    words = {p.question: p for p in kb.plain_answers}
    by_id = {q.id: q for q in kb.questions}
    known: list[str] = []
    not_known: list[str] = []
    for key, values in result.answers.items():
        q, plain = by_id[key], words.get(key)
        if values == (UNSURE,):
            if should_ask(q, result.answers):
                not_known.append(plain.unsure if plain else f"{q.text} {q.unsure_label}")
            continue
        for v in values:
            known.append(plain.says[v] if plain else f"{q.text} {label(q, v)}")
    return known, not_known


def _terms_used(kb: m.KnowledgeBase, result: Result, ask: list[m.AskTemplate]) -> list[m.Term]:
    """The glossary terms the summary's text uses: named by its options, or written in it."""
    named = {t for o in result.options for t in o.treatment.terms}
    texts = [w for o in result.options for w in o.why]
    texts += [o.treatment.name for o in result.options]
    texts += [c.text for o in result.options for c in o.treatment.caveats]
    texts += [a.text for a in ask] + [n.text for n in result.notes]
    wanted = {
        t.id: [w.casefold() for w in (t.term, *(a.name for a in t.aliases))] for t in kb.glossary
    }
    written = whole_words(" ".join(texts).casefold(), {w for ws in wanted.values() for w in ws})
    return [t for t in kb.glossary if t.id in named or any(w in written for w in wanted[t.id])]


_WORD = re.compile(r"\w+")


def whole_words(text: str, phrases: set[str]) -> set[str]:
    """The phrases that occur in ``text`` as whole words: each ``p`` for which
    ``re.search(r"\b" + re.escape(p) + r"\b", text)`` finds something, in one pass over the text
    instead of one search of the whole text per phrase.

    A phrase that begins and ends with a word character occurs exactly where it equals the text
    from the start of one word to the end of another, as many words on: so the text's stretches
    of that many words that begin with a phrase's first word are collected once per length. The
    few other phrases (beginning or ending with punctuation) are searched for one by one.
    """
    found: set[str] = set()
    firsts: dict[int, set[str]] = {}  # number of words -> the first words of such phrases
    for phrase in phrases:
        words = _WORD.findall(phrase)
        if words and _WORD.fullmatch(phrase[0]) and _WORD.fullmatch(phrase[-1]):
            firsts.setdefault(len(words), set()).add(words[0])
        elif re.search(r"\b" + re.escape(phrase) + r"\b", text):
            found.add(phrase)
    if not firsts:
        return found
    matches = list(_WORD.finditer(text))
    tokens = [m.group() for m in matches]
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    stretches: set[str] = set()
    for width, first in firsts.items():
        for i in range(len(tokens) - width + 1):
            if tokens[i] in first:
                stretches.add(text[starts[i] : ends[i + width - 1]])
    return found | (phrases & stretches)

"""The appointment summary: an explore result plus the questions to ask, the words explained and
the references, as plain records (the report renderers turn it into Markdown, HTML or text)."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque

from netcli.explore.answers import UNSURE, label, should_ask
from netcli.explore.engine import result_sources
from netcli.explore.result import Result
from netcli.knowledge import model as m
from netcli.records import dataclass


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
    # The overview's numbering first, so that the summary and the screen number alike.
    refs = [s.id for s in result.overview.references]
    refs += result_sources(result)
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
    """The glossary terms the summary's text uses: named by its options, or written in it (whole
    words, without regard to case). One pass over the text finds every term at once, so the work
    grows with the text plus the glossary, never with their product."""
    named = {t for o in result.options for t in o.treatment.terms}
    texts = [w for o in result.options for w in o.why]
    texts += [o.treatment.name for o in result.options]
    texts += [c.text for o in result.options for c in o.treatment.caveats]
    texts += [a.text for a in ask] + [n.text for n in result.notes]
    phrases = {
        term.id: [_words(w) for w in (term.term, *(a.name for a in term.aliases))]
        for term in kb.glossary
    }
    found = _find_phrases([p for ps in phrases.values() for p in ps if p], _words(" ".join(texts)))
    return [
        term
        for term in kb.glossary
        if term.id in named or any(p and p in found for p in phrases[term.id])
    ]


_WORD = re.compile(r"\w+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def _find_phrases(phrases: list[tuple[str, ...]], words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The phrases (word sequences) that occur in ``words``: Aho-Corasick over words, linear in
    the words plus the phrases' total length."""
    goto: list[dict[str, int]] = [{}]
    ends: list[list[tuple[str, ...]]] = [[]]
    for phrase in phrases:
        node = 0
        for word in phrase:
            nxt = goto[node].get(word)
            if nxt is None:
                nxt = len(goto)
                goto[node][word] = nxt
                goto.append({})
                ends.append([])
            node = nxt
        ends[node].append(phrase)
    fail = [0] * len(goto)
    order: list[int] = []
    queue = deque(goto[0].values())
    while queue:
        node = queue.popleft()
        order.append(node)
        for word, child in goto[node].items():
            f = fail[node]
            while f and word not in goto[f]:
                f = fail[f]
            fail[child] = goto[f].get(word, 0) if node else 0
            queue.append(child)
    seen = [False] * len(goto)
    node = 0
    for word in words:
        while node and word not in goto[node]:
            node = fail[node]
        node = goto[node].get(word, 0)
        seen[node] = True
    for node in reversed(order):  # deepest first: a phrase seen means its suffixes were too
        if seen[node]:
            seen[fail[node]] = True
    return {p for node, ps in enumerate(ends) if seen[node] for p in ps}

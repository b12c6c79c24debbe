"""The appointment summary: an explore result plus the questions to ask, the words explained and
the references, as plain records (the report renderers turn it into Markdown, HTML or text)."""

from __future__ import annotations

import datetime as dt
from collections import deque

from netcli.explore.answers import UNSURE, should_ask
from netcli.explore.engine import known, moot
from netcli.explore.fit import DONE
from netcli.explore.matched import result_sources
from netcli.explore.result import Result
from netcli.knowledge import model as m
from netcli.records import dataclass
from netcli.text import text_words


@dataclass
class Summary:
    made_on: dt.date
    kb_version: str
    kb_date: dt.date
    result: Result
    matters_choices: list[str]  # printed as tick boxes when the last step was not answered
    ask: list[m.AskTemplate]
    terms: list[m.Term]
    references: list[m.Source]


def summarise(kb: m.KnowledgeBase, result: Result, today: dt.date) -> Summary:
    by_id = {q.id: q for q in kb.questions}
    # Only the questions that apply to the situation: no rectum question for a pancreatic NET.
    unsure_keys = [
        k
        for k, v in result.answers.items()
        if v == (UNSURE,) and should_ask(by_id[k], result.answers)
    ]
    shown = {o.treatment.id for o in result.options}
    done = {o.treatment.id for o in result.options if o.fit == DONE}
    read = known(result.answers, kb.questions)

    ask = [
        a
        for a in kb.ask
        if (
            a.always
            or shown & set(a.for_treatments)
            or set(unsure_keys) & set(a.when_unsure)
            or done & set(a.when_done)
        )
        # (Not once the answers already say what it asks.)
        and not moot(a.unless, read)
    ]
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
        result=result,
        matters_choices=[c.label for c in kb.reflection.matters.choices] if kb.reflection else [],
        ask=ask,
        terms=terms,
        references=[by_source[i] for i in dict.fromkeys(refs)],
    )


def glossary_wanted(kb: m.KnowledgeBase, result: Result) -> tuple[set[str], set[str]]:
    """What the summary's glossary is drawn from: the ids of the terms its options name, and the
    words of the texts it looks terms up in, counting every question to ask in ``kb`` as asked.
    A term whose names begin with none of these words is never in the summary, so the store
    need not read it (``KB.explained``)."""
    named = {t for o in result.options for t in o.treatment.terms}
    return named, set(text_words(" ".join(_texts(result, kb.ask))))


def _texts(result: Result, ask: list[m.AskTemplate]) -> list[str]:
    """The summary's texts that glossary terms are looked up in."""
    texts = [w for o in result.options for w in o.why]
    texts += [o.treatment.name for o in result.options]
    texts += [c.text for o in result.options for c in o.treatment.caveats]
    return texts + [a.text for a in ask] + [n.text for n in result.notes]


def _terms_used(kb: m.KnowledgeBase, result: Result, ask: list[m.AskTemplate]) -> list[m.Term]:
    """The glossary terms the summary's text uses: named by its options, or written in it (whole
    words, without regard to case). One pass over the text finds every term at once, so the work
    grows with the text plus the glossary, never with their product."""
    named = {t for o in result.options for t in o.treatment.terms}
    phrases = {
        term.id: [text_words(w) for w in (term.term, *(a.name for a in term.aliases))]
        for term in kb.glossary
    }
    said = text_words(" ".join(_texts(result, ask)))
    found = _find_phrases([p for ps in phrases.values() for p in ps if p], said)
    return [
        term
        for term in kb.glossary
        if term.id in named or any(p and p in found for p in phrases[term.id])
    ]


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

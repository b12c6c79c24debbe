"""Write a knowledge base N times the shipped one, for the scaling benchmark.

    python benchmarks/make_kb.py --scale 100 --output /tmp/kb100.yaml \
        --answers answers.yaml --avoid liver

Copy 1 is the shipped knowledge base, unchanged. Copies 2..N of every record of the sections
treatments, drugs, sites, glossary, topics, sources and ask are appended. Every reference inside a
copy (sources, cited_by, differs_from, DrugUse.drug, TreatmentMention.treatment, terms, part_of,
for_treatments, when_done) is renamed to that copy's ids. The questions and principles are not
copied: the answer vocabulary (question ids and choice values) stays as it is, and so does every
place a copy names it (when, ask_when, unless, coverage_note_when, ...).

What a fair 100 x knowledge base is (the default, ``--copies distinct``): one that is 100 times the
size and has the same shape, but is not 100 times the *answer* to the benchmark's questions. A
search for one word or an explore for one situation shows what matches; a knowledge base that
grows by copies carrying the same words and the same rules makes the answer itself grow 100 times
(at 100 x, `search liver` would find 100 times the hits and `explore` would list 100 times the
options: no program can be flat on an output that grows 100 times). So a distinct copy keeps every
record's fields, lists and rules, with

- its words in ROT13 (every letter of its text, its id and the name of each alias; "Everolimus"
  becomes "Rireby vzhf"), so the text has the same length and word shapes but does not hold the
  benchmark's words; names also get `` copy N`` (``fold`` keeps digits) so every name still finds
  one record; links, enumerated values (category, kind, goal, level, ...), URLs and dates are left
  as they are, except a category holding an ``--avoid`` word, which becomes the first category
  that does not;
- its rules for another situation: in every ``when`` of a copy, each key the ``--answers`` file
  answers accepts only values that were not given (as many as before), and every offering rule
  also needs a ``kind`` that was not given; a site's ``answer_values`` likewise avoid the answers.
  So explore judges every copy and rules it out, as it would a treatment for a NEC when the
  person has a NET; the copies are still listed among the options that do not fit.

``--copies same`` writes the copies of earlier rounds: same words, same rules (names suffixed
`` copy N``, ids ``-cN``).

The result passes ``netcli --kb PATH kb validate``. This script imports only PyYAML.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

import yaml

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "treatments.yaml"

# The sections that are copied. `questions` is left alone: its ids and choice values are the
# answer vocabulary that rules refer to.
COPIED = ("sources", "treatments", "drugs", "sites", "glossary", "topics", "ask")

# The field that holds a record's display name, per section (aliases are handled for all).
NAME_FIELD = {
    "sources": "title",
    "treatments": "name",
    "drugs": "name",
    "sites": "name",
    "glossary": "term",
    "topics": "name",
}

# Keys whose value is a reference (a string) or a list of references, and the section referred to.
REFERENCES = {
    "sources": "sources",
    "cited_by": "sources",
    "drug": "drugs",  # DrugUse.drug
    "treatment": "treatments",  # TreatmentMention.treatment
    "terms": "glossary",
    "part_of": "treatments",
    "for_treatments": "treatments",
    "differs_from": "sources",
    "when_done": "treatments",  # AskTemplate.when_done
}

# Keys whose values are answer vocabulary (question ids and choice values), never record ids: not
# renamed, and in a distinct copy not ROT13 either (only ``when`` and ``answer_values`` are moved
# to another situation, below). The questions, principles and reflection, which hold the rest of
# the vocabulary (skip_when, conflicts, not_asked_means, later_when, note_when, ...), are not
# copied. tests/test_make_kb.py fails when a copy no longer validates.
VOCABULARY = {
    "when",
    "ask_when",
    "answer_values",
    "when_unsure",
    "unless",  # AskTemplate.unless: question id -> values
    "coverage_note_when",  # Site.coverage_note_when: question id -> values
    "note_when",
}
# Keys whose text is an enumerated value, a link or an id of a record that is not copied: a
# distinct copy keeps it as it is.
KEPT = {
    "kind",
    "category",
    "goal",
    "group",
    "coverage",
    "intent",
    "for_intent",
    "level",
    "url",
    "file",
    "principles",
    "when_unsure",
    "ask_when",
}
# The categories of treatment, in netcli's order (netcli.knowledge.model.Category).
CATEGORIES = (
    "surgery",
    "liver-directed",
    "drug",
    "radiotherapy",
    "symptom-control",
    "trials-and-other",
)
_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm",
)


def rot13(text: str) -> str:
    return text.translate(_ROT13)


@dataclasses.dataclass
class Distinct:
    """How distinct copies are made: the answers their rules avoid (question id -> values given),
    every question's choices, and the words their categories avoid."""

    answers: dict[str, list[str]]
    choices: dict[str, list[str]]
    avoid: list[str]

    def other(self, key: str, values: list[str]) -> list[str]:
        """As many values of question ``key`` as ``values`` holds, none of them an answer given."""
        given = self.answers.get(key)
        if given is None:
            return list(values)
        rest = [c for c in self.choices.get(key, []) if c not in given]
        if not rest:
            return list(values)
        return [rest[i % len(rest)] for i in range(max(len(values), 1))][: len(rest)]

    def when(self, when: dict[str, list[str]], offering: bool) -> dict[str, list[str]]:
        out = {k: self.other(k, list(v)) for k, v in when.items()}
        if offering and "kind" in self.answers:
            out["kind"] = self.other("kind", out.get("kind") or self.answers["kind"])
        return out

    def category(self, value: str) -> str:
        if not any(w in value for w in self.avoid):
            return value
        return next((c for c in CATEGORIES if not any(w in c for w in self.avoid)), value)


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """A safe dumper that never writes anchors and aliases (netcli refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _rename(obj: Any, ids: dict[str, set[str]], copy: int) -> Any:
    """A deep copy of ``obj`` with every reference to a copied record renamed to copy ``copy``."""
    if isinstance(obj, list):
        return [_rename(x, ids, copy) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[Any, Any] = {}
    for key, value in obj.items():
        section = REFERENCES.get(key) if isinstance(key, str) else None
        if key in VOCABULARY:
            out[key] = _rename(value, {}, copy)  # a fresh copy, nothing renamed
        elif section is not None and isinstance(value, str):
            out[key] = _ref(value, ids.get(section, set()), copy)
        elif (
            section is not None
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            out[key] = [_ref(v, ids.get(section, set()), copy) for v in value]
        else:
            out[key] = _rename(value, ids, copy)
    return out


def _ref(value: str, known: set[str], copy: int, distinct: bool = False) -> str:
    if value not in known:
        return value
    return f"{rot13(value) if distinct else value}-c{copy}"


def _distinct(obj: Any, ids: dict[str, set[str]], copy: int, how: Distinct, key: Any = None) -> Any:
    """A distinct copy of ``obj`` (see the module's docstring): ROT13 text, renamed references,
    rules for another situation."""
    if isinstance(obj, list):
        return [_distinct(x, ids, copy, how, key) for x in obj]
    if isinstance(obj, str):
        return rot13(obj)
    if not isinstance(obj, dict):
        return obj
    out: dict[Any, Any] = {}
    for k, value in obj.items():
        section = REFERENCES.get(k) if isinstance(k, str) else None
        if k == "when" and isinstance(value, dict):
            out[k] = how.when(value, offering=key == "offered_when")
        elif k == "answer_values" and isinstance(value, list):
            kept = [v for c in ("kind", "site") for v in value if v in how.choices.get(c, [])]
            question = "kind" if kept and kept[0] in how.choices.get("kind", []) else "site"
            out[k] = how.other(question, list(value)) if kept else list(value)
        elif k == "category" and isinstance(value, str):
            out[k] = how.category(value)
        elif k == "always" and value is True:
            # A question to ask in every situation is said once, by the original; a copy is
            # for another situation (the treatments it names, or a key left unsure).
            out[k] = False
        elif k == "when_unsure" and isinstance(value, list):
            out[k] = [v for v in value if v in how.answers]  # keys the answers do not leave unsure
        elif k in KEPT or k in VOCABULARY:
            out[k] = _rename(value, {}, copy)
        elif section is not None and isinstance(value, str):
            out[k] = _ref(value, ids.get(section, set()), copy, True)
        elif (
            section is not None
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            out[k] = [_ref(v, ids.get(section, set()), copy, True) for v in value]
        else:
            out[k] = _distinct(value, ids, copy, how, k)
    return out


def copy_record(
    record: dict[str, Any],
    section: str,
    ids: dict[str, set[str]],
    copy: int,
    distinct: Distinct | None = None,
) -> Any:
    """Copy ``copy`` (2 or more) of one record of ``section``: distinct when ``distinct`` says how,
    else with the same words and rules."""
    if distinct is None:
        out = _rename(record, ids, copy)
        out["id"] = f"{record['id']}-c{copy}"
    else:
        out = _distinct({k: v for k, v in record.items() if k != "id"}, ids, copy, distinct)
        out = {"id": f"{rot13(record['id'])}-c{copy}", **out}
    name_field = NAME_FIELD.get(section)
    if name_field and isinstance(out.get(name_field), str):
        out[name_field] = f"{out[name_field]} copy {copy}"
    for alias in out.get("aliases") or []:
        if isinstance(alias, dict) and isinstance(alias.get("name"), str):
            alias["name"] = f"{alias['name']} copy {copy}"
    return out


def distinct_for(data: dict[str, Any], answers: dict[str, Any], avoid: list[str]) -> Distinct:
    """How to make copies of ``data`` distinct from these answers and words."""
    choices = {
        str(q["id"]): [str(c["value"]) for c in q.get("choices") or [] if isinstance(c, dict)]
        for q in data.get("questions") or []
        if isinstance(q, dict) and "id" in q
    }
    given = {
        str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in answers.items()
    }
    return Distinct(given, choices, [w.casefold() for w in avoid])


def scale(data: dict[str, Any], n: int, distinct: Distinct | None = None) -> dict[str, Any]:
    """The knowledge base ``data`` with n - 1 renamed copies of every record of COPIED appended
    (distinct ones when ``distinct`` says how)."""
    if n < 1:
        raise ValueError("the scale must be 1 or more")
    ids = {
        section: {r["id"] for r in data.get(section) or [] if isinstance(r, dict) and "id" in r}
        for section in COPIED
    }
    out = dict(data)
    for section in COPIED:
        records = data.get(section)
        if not isinstance(records, list):
            continue
        scaled = list(records)
        for copy in range(2, n + 1):
            scaled += [copy_record(r, section, ids, copy, distinct) for r in records]
        out[section] = scaled
    return out


def dump(data: dict[str, Any]) -> str:
    """YAML text of ``data``: safe types only, dates kept as dates, no anchors, order kept."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return "# Generated by benchmarks/make_kb.py; do not edit.\n" + text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, required=True, help="how many times the input (>= 1)")
    parser.add_argument("--output", type=Path, required=True, help="the file to write")
    parser.add_argument(
        "--input", type=Path, default=SHIPPED, help="the knowledge base to scale (default: shipped)"
    )
    parser.add_argument(
        "--copies",
        choices=("distinct", "same"),
        default="distinct",
        help="distinct (default): copies that do not match --answers and --avoid; same: copies "
        "with the same words and rules",
    )
    parser.add_argument(
        "--answers",
        type=Path,
        help="a YAML answers file (as explore --answers takes) that distinct copies' rules avoid",
    )
    parser.add_argument(
        "--avoid",
        action="append",
        default=[],
        metavar="WORD",
        help="a word that distinct copies' categories avoid (repeatable; their text is ROT13)",
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    data = yaml.load(args.input.read_text("utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        parser.error(f"{args.input}: the top level is not a mapping")
    distinct = None
    if args.copies == "distinct":
        answers = yaml.load(args.answers.read_text("utf-8"), Loader=_Loader) if args.answers else {}
        if not isinstance(answers, dict):
            parser.error(f"{args.answers}: the answers are not a mapping")
        distinct = distinct_for(data, answers, args.avoid)
    text = dump(scale(data, args.scale, distinct))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, "utf-8")
    size = len(text.encode("utf-8"))
    limit = 20 * 1024 * 1024  # netcli.knowledge.MAX_BYTES
    if size > limit:
        print(f"warning: {size:,} bytes is over netcli's {limit:,}-byte limit", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

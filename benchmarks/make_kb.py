"""Write a knowledge base N times the shipped one, for the scaling benchmark.

    python benchmarks/make_kb.py --scale 100 --output /tmp/kb100.yaml

Copy 1 is the shipped knowledge base, unchanged. Copies 2..N of every record of the sections
treatments, drugs, sites, glossary, topics, sources and ask are appended, each with its id suffixed
``-cN`` and its name, term or title and every alias name suffixed `` copy N``, so that names stay
unique once folded (``fold`` keeps digits: "everolimus copy 7" folds to "everolimuscopy7"). Every
reference inside a copy (sources, cited_by, DrugUse.drug, TreatmentMention.treatment, terms,
part_of, for_treatments) is renamed to that copy's ids. The questions are not copied: the answer
vocabulary (question ids and choice values, the keys and values of ``when``) stays as it is.

The result passes ``netcli --kb PATH kb validate``. This script imports only PyYAML.
"""

from __future__ import annotations

import argparse
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
}

# Keys whose values are answer vocabulary or question ids, never record ids: not renamed.
VOCABULARY = {"when", "ask_when", "answer_values", "when_unsure"}

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


def _ref(value: str, known: set[str], copy: int) -> str:
    return f"{value}-c{copy}" if value in known else value


def copy_record(record: dict[str, Any], section: str, ids: dict[str, set[str]], copy: int) -> Any:
    """Copy ``copy`` (2 or more) of one record of ``section``."""
    out = _rename(record, ids, copy)
    out["id"] = f"{record['id']}-c{copy}"
    name_field = NAME_FIELD.get(section)
    if name_field and isinstance(out.get(name_field), str):
        out[name_field] = f"{out[name_field]} copy {copy}"
    for alias in out.get("aliases") or []:
        if isinstance(alias, dict) and isinstance(alias.get("name"), str):
            alias["name"] = f"{alias['name']} copy {copy}"
    return out


def scale(data: dict[str, Any], n: int) -> dict[str, Any]:
    """The knowledge base ``data`` with n - 1 renamed copies of every record of COPIED appended."""
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
            scaled += [copy_record(r, section, ids, copy) for r in records]
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
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    data = yaml.load(args.input.read_text("utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        parser.error(f"{args.input}: the top level is not a mapping")
    text = dump(scale(data, args.scale))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, "utf-8")
    size = len(text.encode("utf-8"))
    limit = 20 * 1024 * 1024  # netcli.knowledge.MAX_BYTES
    if size > limit:
        print(f"warning: {size:,} bytes is over netcli's {limit:,}-byte limit", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

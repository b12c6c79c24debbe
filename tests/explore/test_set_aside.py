"""Options described only for another kind or site of tumour (issue 24 B): explore counts them by
reason instead of listing them, reads none of their records from the cache, and ``--all`` lists
them as before. Counting changes only what is listed: the options, and every option that does not
fit, are the same as when everything is read and listed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.explore.answers import UNSURE, check
from netcli.explore.engine import known
from netcli.explore.result import Result, assemble
from netcli.knowledge import cache, store
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb
from netcli.render.jsonout import dumps
from tests.helpers import answers_for, invoke

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"
TODAY = dt.date(2026, 1, 1)
NET_STOMACH = {"kind": ("net",), "site": ("stomach",)}


# --- The rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reach", "answers", "why"),
    [
        ([{"kind": ["nec"]}], NET_STOMACH, "kind"),
        ([{"site": ["pancreas"]}], NET_STOMACH, "site"),
        ([{"kind": ["nec"], "site": ["pancreas"]}], NET_STOMACH, "kind"),
        ([{"kind": ["nec"]}, {"site": ["pancreas"]}], NET_STOMACH, "kind-or-site"),
        ([{"kind": ["nec"]}, {"kind": ["nec"], "site": ["stomach"]}], NET_STOMACH, "kind"),
        ([{"kind": ["nec"]}, {}], NET_STOMACH, None),  # one rule names neither
        ([{"kind": ["net"]}], NET_STOMACH, None),
        ([{"site": ["stomach", "pancreas"]}], NET_STOMACH, None),
        ([{"kind": ["nec"]}], {"kind": (UNSURE,), "site": ("stomach",)}, None),
        ([{"kind": ["nec"]}], {"site": ("stomach",)}, None),  # not answered
        ([{"site": ["pancreas"]}], {"kind": ("net",), "site": ("pancreas", "stomach")}, None),
        ([], NET_STOMACH, None),  # tied to no situation: not this rule's business
    ],
)
def test_not_for_tumour(
    reach: list[dict[str, list[str]]], answers: dict[str, tuple[str, ...]], why: str | None
) -> None:
    assert m.not_for_tumour(reach, answers) == why


# --- The shipped knowledge base, through the cache ------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> m.KnowledgeBase:
    return open_kb(SHIPPED).knowledge_base()


def counted_run(answers: dict[str, tuple[str, ...]]) -> Result:
    kb = open_kb(SHIPPED)
    questions = kb.all("questions")
    full, aside = kb.situation(known(answers, questions))
    return assemble(full, answers, TODAY, count_others=True, set_aside=aside)


def plain(result: Result) -> Any:
    return json.loads(dumps(result))


def test_a_net_of_the_stomach_counts_the_options_for_other_sites() -> None:
    answers = check({"kind": ["net"], "site": ["stomach"]}, open_kb(SHIPPED).all("questions"))
    result = counted_run(answers)
    aside = {x.id: x.key for x in result.set_aside}
    # The pages describe a Whipple for the pancreas and an appendectomy for the appendix only.
    assert aside["whipple"] == "site"
    assert aside["appendectomy"] == "site"
    assert not aside.keys() & {x.treatment.id for x in result.excluded}
    assert not aside.keys() & {o.treatment.id for o in result.options}
    doc = plain(result)
    # (Chemoradiotherapy, for some NECs, is counted apart: it is for another kind of tumour.)
    (group,) = [g for g in doc["not_for_this_tumour"] if g["key"] == "site"]
    by_site = [tid for tid, key in aside.items() if key == "site"]
    assert group["count"] == len(group["ids"]) == len(by_site)
    assert group["ids"] == by_site
    assert group["because"] == ["It started in the stomach."]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_counting_changes_only_what_is_listed(
    shipped: m.KnowledgeBase, data: st.DataObject
) -> None:
    answers = data.draw(answers_for(shipped.questions), label="answers")
    every = plain(assemble(shipped, answers, TODAY))
    counted = counted_run(answers)
    doc = plain(counted)
    # The same options, with the same reasons, depends and references, and the same notes.
    assert doc["options"] == every["options"]
    assert doc["notes"] == every["notes"]
    assert doc["overview"] == every["overview"]
    assert doc["what_would_change"] == every["what_would_change"]
    # What does not fit: exactly what was listed, less what is counted, which is the rest.
    aside = [x.id for x in counted.set_aside]
    listed = [x["id"] for x in doc["excluded"]]
    assert sorted(listed + aside) == sorted(x["id"] for x in every["excluded"])
    assert [x for x in every["excluded"] if x["id"] in listed] == doc["excluded"]
    assert sum(g["count"] for g in doc["not_for_this_tumour"]) == len(aside)
    # Each one counted is for another kind or site by every offering rule it has.
    read = known(answers, shipped.questions)
    by_id = {t.id: t for t in shipped.treatments}
    for x in counted.set_aside:
        assert all(
            any(
                k in r.when
                and UNSURE not in read.get(k, (UNSURE,))
                and not set(read[k]) & set(r.when[k])
                for k in ("kind", "site")
            )
            for r in by_id[x.id].offered_when
        )


def test_the_records_of_the_options_counted_are_not_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb = open_kb(SHIPPED)
    questions = kb.all("questions")
    decoded: list[str] = []
    real = store.from_plain

    def spy(kind: Any, data: Any) -> Any:
        if kind is m.Treatment:
            decoded.append(data["id"])
        return real(kind, data)

    monkeypatch.setattr(store, "from_plain", spy)
    answers = check({"kind": ["net"], "site": ["stomach"]}, questions)
    full, aside = kb.situation(known(answers, questions))
    assert aside
    assert not {x.id for x in aside} & set(decoded)
    assert {t.id for t in full.treatments} == set(decoded)


def test_a_deleted_reach_row_is_noticed_and_the_cache_rebuilt(cache_dir: Path) -> None:
    answers = check({"kind": ["net"], "site": ["stomach"]}, open_kb(SHIPPED).all("questions"))
    before = plain(counted_run(answers))
    (db,) = cache_dir.glob("kb-*.sqlite")
    conn = sqlite3.connect(db)
    # A deleted row has no check to fail.
    conn.execute("DELETE FROM reach WHERE records LIKE '%\"whipple\"%'")
    conn.commit()
    conn.close()
    assert plain(counted_run(answers)) == before


def test_an_edited_reach_row_is_noticed_and_the_cache_rebuilt(cache_dir: Path) -> None:
    answers = check({"kind": ["net"], "site": ["stomach"]}, open_kb(SHIPPED).all("questions"))
    before = plain(counted_run(answers))
    (db,) = cache_dir.glob("kb-*.sqlite")
    conn = sqlite3.connect(db)
    conn.execute(
        'UPDATE reach SET accepts = \'[{"kind": ["net"]}]\' WHERE records LIKE \'%"appendectomy"%\''
    )
    conn.commit()
    conn.close()
    assert plain(counted_run(answers)) == before


def test_a_reach_row_of_another_shape_is_not_believed(cache_dir: Path) -> None:
    # A row whose check passes (as if written by another version) but whose shape is not a
    # reach's: the cache is rebuilt, and nothing is lost.
    answers = check({"kind": ["net"], "site": ["stomach"]}, open_kb(SHIPPED).all("questions"))
    before = plain(counted_run(answers))
    digest = open_kb(SHIPPED).digest
    (db,) = cache_dir.glob("kb-*.sqlite")
    conn = sqlite3.connect(db)
    section, records = conn.execute(
        "SELECT section, records FROM reach WHERE records LIKE '%\"appendectomy\"%'"
    ).fetchone()
    accepts = json.dumps({"kind": ["net"]})  # a mapping, not a list of rules
    check_h = cache.row_hash(cache.key_of(digest), "reach", (section, accepts, records))
    conn.execute(
        "UPDATE reach SET accepts = ?, h = ? WHERE records = ?", (accepts, check_h, records)
    )
    conn.commit()
    conn.close()
    assert plain(counted_run(answers)) == before


# --- What a person sees ---------------------------------------------------------------------------


def test_the_view_counts_them_and_all_lists_them() -> None:
    args = ["--kb", str(SHIPPED), "explore", "-a", "kind=net", "-a", "site=stomach"]
    counted = invoke(*args)
    assert counted.exit_code == 0, counted.output
    said = " ".join(counted.stdout.split())
    assert "described only for a tumour that starts elsewhere are not listed" in said
    assert "Pancreaticoduodenectomy" not in counted.stdout
    listed = invoke(*args, "--all")
    assert listed.exit_code == 0, listed.output
    assert "not listed" not in listed.stdout
    assert "Pancreaticoduodenectomy" in listed.stdout


def test_the_json_of_all_lists_them_among_the_excluded() -> None:
    args = ["--kb", str(SHIPPED), "explore", "-a", "kind=net", "-a", "site=stomach", "--json"]
    counted = json.loads(invoke(*args).stdout)
    listed = json.loads(invoke(*args, "--all").stdout)
    assert listed["not_for_this_tumour"] == []
    ids = [i for g in counted["not_for_this_tumour"] for i in g["ids"]]
    assert "whipple" in ids
    assert set(ids) <= {x["id"] for x in listed["excluded"]}
    assert not set(ids) & {x["id"] for x in counted["excluded"]}


def test_the_summary_counts_them(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    args = ["--kb", str(SHIPPED), "explore", "-a", "kind=net", "-a", "site=stomach"]
    result = invoke(*args, "--report", str(out))
    assert result.exit_code == 0, result.output
    said = " ".join(out.read_text().split())
    assert "described only for a tumour that starts elsewhere are not listed" in said

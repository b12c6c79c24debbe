"""Content tests: the facts of the five source pages, checked against the knowledge base.

Each test names, in its docstring, the sentence of the page it encodes (quoted briefly), and checks
it by record and field, not by searching prose. The pages (in ../shared/sources/):

    000 cruk-stomach-spread     Cancer Research UK, "Treatment for stomach NETs that have spread"
    001 cruk-treatment-options  Cancer Research UK, "Treatment options for neuroendocrine cancer"
    002 ccs-small-intestine     Canadian Cancer Society, "Treatment of neuroendocrine tumours of the
                                small intestine"
    003 acs-gi-surgery          American Cancer Society, "Surgery for Gastrointestinal
                                Neuroendocrine Tumors"
    004 cruk-what-are           Cancer Research UK, "What are neuroendocrine cancers?"

The last part checks integrity across records (references, sources, glossary terms, aliases).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from netcli.knowledge import model as m
from netcli.knowledge.model import (
    Aim,
    Alias,
    DrugUse,
    KnowledgeBase,
    Rule,
    Source,
    Statement,
    Treatment,
    applied_principles,
)
from netcli.text import fold, spell

KB_PATH = Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"

P000 = "cruk-stomach-spread"
P001 = "cruk-treatment-options"
P002 = "ccs-small-intestine"
P003 = "acs-gi-surgery"
P004 = "cruk-what-are"
PAGES = (P000, P001, P002, P003, P004)

GI_SITES = {"stomach", "duodenum", "small-bowel", "appendix", "colon", "rectum"}
SPREAD = {"lymph-nodes", "liver", "elsewhere"}


# ---------------------------------------------------------------------------------------------
# Loading and helpers


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    data = yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))
    loaded = TypeAdapter(KnowledgeBase).validate_json(json.dumps(data, default=str))
    _PRINCIPLES[:] = loaded.principles
    return loaded


# The knowledge base's principles, for ``blocked``: a treatment is ruled out by its own
# not-suitable rules and by those of every principle that applies to it.
_PRINCIPLES: list[Any] = []


def _index(records: list[Any]) -> dict[str, Any]:
    return {r.id: r for r in records}


def treatment(kb: KnowledgeBase, tid: str) -> Treatment:
    return _index(kb.treatments)[tid]


def drug(kb: KnowledgeBase, did: str) -> Any:
    return _index(kb.drugs)[did]


def site(kb: KnowledgeBase, sid: str) -> Any:
    return _index(kb.sites)[sid]


def term(kb: KnowledgeBase, gid: str) -> Any:
    return _index(kb.glossary)[gid]


def topic(kb: KnowledgeBase, tid: str) -> Any:
    return _index(kb.topics)[tid]


def source(kb: KnowledgeBase, sid: str) -> Source:
    return _index(kb.sources)[sid]


def question(kb: KnowledgeBase, qid: str) -> Any:
    return _index(kb.questions)[qid]


def drug_uses(t: Treatment) -> dict[str, DrugUse]:
    return {u.drug: u for u in t.drugs}


def alias(record: Any, name: str) -> Alias:
    found = [a for a in record.aliases if a.name == name]
    assert found, f"{record.id} has no alias {name!r}: {[a.name for a in record.aliases]}"
    return found[0]


def aims(t: Treatment) -> dict[str, set[str]]:
    """Each goal of a treatment with the union of the sources behind it."""
    out: dict[str, set[str]] = {}
    for a in t.aim:
        out.setdefault(a.goal, set()).update(a.sources)
    return out


def rules_with(rules: list[Rule], **conditions: set[str]) -> list[Rule]:
    """The rules whose `when` has each given key with exactly the given values."""
    return [
        r
        for r in rules
        if all(set(r.when.get(k, ())) == set(v) and k in r.when for k, v in conditions.items())
    ]


def holds(rule: Rule, answers: dict[str, set[str]]) -> bool:
    """Whether a rule holds for complete answers (the engine's reading, without 'unsure')."""
    return all(set(answers.get(k, ())) & set(v) for k, v in rule.when.items())


def limits(t: Treatment) -> list[Rule]:
    """A treatment's own not-suitable rules and those of the principles that apply to it."""
    applied = applied_principles(t, _PRINCIPLES)
    return [r for p in applied for r in p.not_suitable_when] + list(t.not_suitable_when)


def offered(t: Treatment, answers: dict[str, set[str]]) -> bool:
    """Whether an offering rule holds and no limit does (complete answers)."""
    return any(holds(r, answers) for r in t.offered_when) and not blocked(t, answers)


def blocked(t: Treatment, answers: dict[str, set[str]]) -> bool:
    return any(holds(r, answers) for r in limits(t))


def principle(kb: KnowledgeBase, pid: str) -> Any:
    return _index(kb.principles)[pid]


def sourced(statements: list[Any], page: str) -> list[Any]:
    return [s for s in statements if page in s.sources]


def mentions(s: Any) -> dict[str, set[str]]:
    return {m.treatment: set(m.sources) for m in s.treatments}


def walk(obj: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if dataclasses.is_dataclass(obj):
        yield path, obj
        for f in dataclasses.fields(obj):
            yield from walk(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk(item, f"{path}[{i}]")


# ---------------------------------------------------------------------------------------------
# The sources themselves


@pytest.mark.parametrize(
    ("sid", "publisher", "title", "file"),
    [
        (
            P000,
            "Cancer Research UK",
            "Treatment for stomach NETs that have spread",
            "000_33cea5e8f02e1df3.txt",
        ),
        (
            P001,
            "Cancer Research UK",
            "Treatment options for neuroendocrine cancer",
            "001_2fbb22f7a77d18d0.txt",
        ),
        (
            P002,
            "Canadian Cancer Society",
            "Treatment of neuroendocrine tumours of the small intestine",
            "002_7d9fd31183620a61.txt",
        ),
        (
            P003,
            "American Cancer Society",
            "Surgery for Gastrointestinal Neuroendocrine Tumors",
            "003_271232ca1940660b.txt",
        ),
        (
            P004,
            "Cancer Research UK",
            "What are neuroendocrine cancers?",
            "004_303cad2428d60c8d.txt",
        ),
    ],
)
def test_patient_pages(kb: KnowledgeBase, sid: str, publisher: str, title: str, file: str) -> None:
    """Each page's publisher and heading as printed, and the saved file it comes from."""
    s = source(kb, sid)
    assert (s.kind, s.publisher, s.title, s.file) == ("patient-page", publisher, title, file)


@pytest.mark.parametrize(
    ("sid", "reviewed", "due"),
    [
        (P000, dt.date(2021, 5, 27), dt.date(2024, 5, 27)),  # "Last reviewed: 27 May 2021"
        (P001, dt.date(2025, 2, 6), dt.date(2028, 2, 6)),  # "Last reviewed: 06 Feb 2025"
        (P004, dt.date(2025, 2, 4), dt.date(2028, 2, 4)),  # "Last reviewed: 04 Feb 2025"
    ],
)
def test_review_dates(kb: KnowledgeBase, sid: str, reviewed: dt.date, due: dt.date) -> None:
    """The review dates printed at the foot of the Cancer Research UK pages."""
    s = source(kb, sid)
    assert (s.last_reviewed, s.next_review_due) == (reviewed, due)


def test_acs_revision_date_and_asco(kb: KnowledgeBase) -> None:
    """003: "Last Revised: August 8, 2025"; "with medical review and contribution by ... (ASCO)"."""
    s = source(kb, P003)
    assert s.last_revised == dt.date(2025, 8, 8)
    assert s.last_reviewed is None and s.next_review_due is None
    assert s.note is not None and "ASCO" in s.note


def test_ccs_page_has_no_dates(kb: KnowledgeBase) -> None:
    """002 prints no review or revision date; none is invented."""
    s = source(kb, P002)
    assert (s.last_reviewed, s.next_review_due, s.last_revised) == (None, None, None)


@pytest.mark.parametrize(
    ("sid", "kind", "cited_by", "year"),
    [
        ("esmo-2020-gep", "guideline", {P000, P001}, 2020),
        ("gomes-porras-2020", "review", {P000}, 2020),
        ("cives-strosberg-2018", "review", {P000}, 2018),
        ("crosby-2012", "review", {P000}, 2012),
        ("nice-2017-everolimus-sunitinib", "appraisal", {P000}, 2017),
        ("enets-2009-prrt", "consensus", {P000}, 2009),
        ("nanets-2023-high-grade", "consensus", {P001}, 2023),
        ("enets-2023-nec", "guideline", {P001}, 2023),
        ("enets-2023-functioning-pancreatic", "guideline", {P001}, 2023),
        ("esmo-2021-lung", "guideline", {P001}, 2021),
        ("btog-2021-lcnec", "consensus", {P001}, 2021),
        ("nci-pdq-2024", "reference-database", {P003}, 2024),
        ("nccn-2024", "guideline", {P003}, 2024),
    ],
)
def test_references_and_who_cites_them(
    kb: KnowledgeBase, sid: str, kind: str, cited_by: set[str], year: int
) -> None:
    """The reference lists at the foot of 000, 001 and 003, each linked to the page citing it."""
    s = source(kb, sid)
    assert (s.kind, set(s.cited_by), s.year) == (kind, cited_by, year)


def test_reference_details(kb: KnowledgeBase) -> None:
    """Details as printed: ESMO 2020 "Annals of Oncology 2020, Vol 31, Issue 5"; Gomes-Porras
    "21 (5); 1682"; Cives "Volume 68, Issue 6, Pages 471-487"; Hofland "Page e13318"; NCCN
    "V.5.2024"."""
    esmo = source(kb, "esmo-2020-gep")
    assert (esmo.journal, esmo.volume, esmo.issue) == ("Annals of Oncology", "31", "5")
    assert esmo.authors is not None and "Pavel" in esmo.authors
    gp = source(kb, "gomes-porras-2020")
    assert (gp.volume, gp.issue, gp.pages) == ("21", "5", "1682")
    cs = source(kb, "cives-strosberg-2018")
    assert (cs.volume, cs.issue, cs.pages) == ("68", "6", "471–487")
    assert source(kb, "enets-2023-functioning-pancreatic").pages == "e13318"
    assert source(kb, "enets-2009-prrt").authors == "DJ Kwekkeboom and others"
    assert source(kb, "nanets-2023-high-grade").authors == "J Eads and others"
    assert source(kb, "enets-2023-nec").authors == "H Sorbye and others"
    assert source(kb, "btog-2021-lcnec").pages == "1210-1216"
    nccn = source(kb, "nccn-2024")
    assert nccn.note is not None and "V.5.2024" in nccn.note


# The public address of each page, as listed in ../shared/sources/README.md, and the two addresses
# that page 003 prints for the references it cites. No other URL may appear.
URLS = {
    "cruk-stomach-spread": "https://www.cancerresearchuk.org/about-cancer/neuroendocrine-tumours-nets"
    "/stomach-nets/treatment-spread",
    "cruk-treatment-options": "https://www.cancerresearchuk.org/about-cancer/"
    "neuroendocrine-tumours-nets/treatment/options",
    "ccs-small-intestine": "https://www.cancer.ca/en/cancer-information/cancer-type/small-intestine"
    "/treatment/neuroendocrine-tumours",
    "acs-gi-surgery": "https://www.cancer.org/cancer/types/gastrointestinal-carcinoid-tumor/treating"
    "/surgery.html",
    "cruk-what-are": "https://www.cancerresearchuk.org/about-cancer/neuroendocrine-tumours-nets",
    "nci-pdq-2024": "https://www.cancer.gov/types/gi-carcinoid-tumors/hp/gi--treatment-pdq#section/_21",
    "nccn-2024": "https://www.nccn.org/professionals/physician_gls/pdf/neuroendocrine.pdf",
}


def test_urls_are_exactly_the_listed_public_addresses(kb: KnowledgeBase) -> None:
    """Each page has the address the sources README lists; 003's two references have the
    addresses 003 prints; no other source has one, and no other URL is in the file."""
    assert {s.id: s.url for s in kb.sources if s.url} == URLS
    text = KB_PATH.read_text(encoding="utf-8")
    assert sorted(u for u in text.split() if u.startswith("http")) == sorted(URLS.values())


def test_no_source_note_speaks_of_the_saved_copy(kb: KnowledgeBase) -> None:
    """Notes are for readers: nothing about saved files or what was lost in saving."""
    for s in kb.sources:
        for word in ("saved", "saving", "copy", ".txt", "web address"):
            assert word not in (s.note or "").casefold(), (s.id, word)


# ---------------------------------------------------------------------------------------------
# 000 cruk-stomach-spread


def test_000_debulking_for_stomach_net_that_has_spread(kb: KnowledgeBase) -> None:
    """000: "You might have surgery to remove the stomach NET if it has spread to another part of
    the body, such as the liver or lymph nodes ... to give you a good quality of life"."""
    t = treatment(kb, "debulking-surgery")
    [rule] = rules_with(t.offered_when, site={"stomach"})
    assert set(rule.when["spread"]) == SPREAD and P000 in rule.sources
    assert P000 in aims(t)["quality-of-life"]
    assert "cure" not in aims(t)


def test_000_somatostatin_analogues_control_symptoms_and_may_shrink(kb: KnowledgeBase) -> None:
    """000: "Reducing these hormones helps to control the diarrhoea and skin flushing. They might
    also shrink the tumour." (001 says the same.)"""
    goals = aims(treatment(kb, "somatostatin-analogues"))
    assert {P000, P001} <= goals["symptom-relief"]
    assert {P000, P001} <= goals["control"]


def test_000_liver_resection_for_stomach_net_in_liver(kb: KnowledgeBase) -> None:
    """000: "You might have surgery to your liver if your NET has spread there. This is called a
    liver resection." """
    t = treatment(kb, "liver-resection")
    [rule] = rules_with(t.offered_when, site={"stomach"})
    assert set(rule.when["spread"]) == {"liver"} and rule.sources == [P000]
    assert P000 in alias(t, "liver surgery").sources
    assert P000 in aims(t)["symptom-relief"]


def test_000_hepatic_artery_embolisation(kb: KnowledgeBase) -> None:
    """000: "Hepatic artery embolisation aims to block the blood supply ... You are likely to have
    hepatic artery embolisation if you can't have surgery." """
    t = treatment(kb, "tae")
    assert P000 in alias(t, "hepatic artery embolisation").sources
    unfit = rules_with(t.offered_when, site={"stomach"}, fit_for_surgery={"no"})
    unresectable = rules_with(t.offered_when, site={"stomach"}, resectable={"no"})
    assert unfit and unresectable
    assert all(r.sources == [P000] for r in unfit + unresectable)
    assert P000 in aims(t)["symptom-relief"]  # "stops the cancer releasing its hormones"


def test_000_chemoembolisation_called_tace(kb: KnowledgeBase) -> None:
    """000: "This is called chemoembolisation or trans arterial chemoembolisation (TACE)." """
    t = treatment(kb, "tace")
    assert P000 in alias(t, "TACE").sources
    assert alias(t, "TACE").kind == "abbreviation"
    assert t.part_of == "tae"


def test_000_chemotherapy_drugs_for_stomach_nets(kb: KnowledgeBase) -> None:
    """000 and 001: "The most common chemotherapy drugs ... streptozotocin, doxorubicin,
    fluorouracil, capecitabine, temozolomide"."""
    uses = drug_uses(treatment(kb, "chemotherapy-net"))
    assert set(uses) == {
        "streptozotocin",
        "temozolomide",
        "fluorouracil",
        "capecitabine",
        "doxorubicin",
    }
    assert all({P000, P001} <= set(u.sources) for u in uses.values())


def test_000_when_chemotherapy_for_stomach_net(kb: KnowledgeBase) -> None:
    """000: "You might have chemotherapy if you have symptoms. Or if somatostatin analogue
    treatment isn't controlling the NET well." """
    t = treatment(kb, "chemotherapy-net")
    symptoms = rules_with(t.offered_when, site={"stomach"}, hormone_symptoms={"yes"})
    ssa = rules_with(t.offered_when, site={"stomach"}, previous={"ssa-not-controlling"})
    assert len(symptoms) == 1 and symptoms[0].sources == [P000]
    assert len(ssa) == 1 and ssa[0].sources == [P000]


def test_000_everolimus_when_other_treatments_fail(kb: KnowledgeBase) -> None:
    """000: "You might have everolimus if you have a stomach NET that has spread and other
    treatments aren't working." """
    t = treatment(kb, "targeted-drugs")
    [rule] = rules_with(t.offered_when, previous={"other-treatments-not-working"})
    assert set(rule.when["site"]) == {"stomach"} and set(rule.when["spread"]) == SPREAD
    assert rule.sources == [P000]
    assert P000 in drug_uses(t)["everolimus"].sources


def test_000_everolimus_is_a_signal_transduction_inhibitor(kb: KnowledgeBase) -> None:
    """000: "Everolimus is a type of treatment called a signal transduction inhibitor ...
    Everolimus stops a particular protein called mTOR from working properly." """
    d = drug(kb, "everolimus")
    assert P000 in d.drug_class.sources
    assert all(P000 in s.sources for s in d.how_it_works)
    assert {"signal-transduction-inhibitor", "mtor"} <= set(d.terms)
    assert P000 in term(kb, "mtor").sources
    assert P000 in term(kb, "signal-transduction-inhibitor").sources


def test_000_prrt_substances(kb: KnowledgeBase) -> None:
    """000: "PRRT uses a radioactive substance called lutetium-177 or yttrium-90." """
    uses = drug_uses(treatment(kb, "prrt"))
    assert set(uses) == {"lutetium-177", "yttrium-90"}
    assert all(P000 in u.sources and P001 in u.sources for u in uses.values())


def test_000_prrt_when_spread_and_no_surgery(kb: KnowledgeBase) -> None:
    """000: "You might have PRRT if the stomach NET has spread to other parts of the body and you
    can't have surgery." """
    t = treatment(kb, "prrt")
    rules = rules_with(t.offered_when, site={"stomach"}, spread=SPREAD)
    assert {k for r in rules for k in r.when} >= {"fit_for_surgery", "resectable"}
    assert all(r.sources == [P000] for r in rules)
    assert "grade" not in {k for r in rules for k in r.when}  # 000 names no grade


def test_000_prrt_is_internal_radiotherapy(kb: KnowledgeBase) -> None:
    """000: "Internal radiotherapy means having radiotherapy from inside the body." """
    assert P000 in term(kb, "internal-radiotherapy").sources
    assert "internal-radiotherapy" in treatment(kb, "prrt").terms


def test_000_carcinoid_syndrome_uncommon_in_stomach(kb: KnowledgeBase) -> None:
    """000: "This is uncommon with stomach NETs. But, it is more likely to happen if the cancer has
    spread"; the heading names "carcinoid crisis" without explaining it."""
    assert sourced(topic(kb, "hormone-symptoms").statements, P000)
    assert sourced(site(kb, "stomach").about, P000)
    assert term(kb, "carcinoid-crisis").sources == [P000]


def test_000_treatments_listed_for_the_stomach(kb: KnowledgeBase) -> None:
    """000's headings: debulking surgery, somatostatin analogues, liver surgery, hepatic artery
    embolisation, chemotherapy, targeted drugs, internal radiotherapy, clinical trials."""
    listed = mentions(site(kb, "stomach"))
    for tid in (
        "debulking-surgery",
        "somatostatin-analogues",
        "liver-resection",
        "tae",
        "tace",
        "chemotherapy-net",
        "targeted-drugs",
        "prrt",
        "clinical-trials",
    ):
        assert P000 in listed[tid], tid


def test_000_nice_appraisal_of_everolimus_and_sunitinib(kb: KnowledgeBase) -> None:
    """000 cites NICE 2017 "Everolimus and sunitinib for treating unresectable or metastatic
    neuroendocrine tumours"; the statement built on it names the page and the appraisal."""
    t = treatment(kb, "targeted-drugs")
    built = [s for s in t.about if "nice-2017-everolimus-sunitinib" in s.sources]
    assert built and all(P000 in s.sources for s in built)


# ---------------------------------------------------------------------------------------------
# 001 cruk-treatment-options


def test_001_surgery_main_treatment_for_nets(kb: KnowledgeBase) -> None:
    """001: "The main treatment for neuroendocrine tumours (NETs) is surgery. You might also have
    surgery for neuroendocrine carcinoma (NEC) if your cancer hasn't spread." """
    t = treatment(kb, "surgery")
    assert any(r.when == {"kind": ["net"]} and P001 in r.sources for r in t.offered_when)
    [nec] = rules_with(t.offered_when, kind={"nec"})
    assert P001 in nec.sources
    assert "nec-surgery-only-if-not-spread" in t.principles
    p = principle(kb, "nec-surgery-only-if-not-spread")
    # The one limit the answers settle (the others wait on the team's word once it is known to
    # have come back, or its treatment is not working).
    [limit] = [r for r in p.not_suitable_when if not r.if_known]
    assert set(limit.when["spread"]) == SPREAD and limit.sources == [P001]
    assert not offered(t, {"kind": {"nec"}, "spread": {"liver"}})
    assert offered(t, {"kind": {"nec"}, "spread": {"none"}})


def test_001_debulking_even_if_not_all_removed(kb: KnowledgeBase) -> None:
    """001: "You might have an operation even if the surgeon can't completely remove the cancer
    ... They sometimes call this debulking surgery." """
    t = treatment(kb, "debulking-surgery")
    [rule] = [r for r in t.offered_when if r.when == {"resectable": ["no"]}]
    assert rule.sources == [P001]
    # 003 covers NETs of the digestive tract only: its palliative surgery is for those sites.
    [gi] = [r for r in t.offered_when if r.sources == [P003]]
    assert gi.when["resectable"] == ["no"] and "lung" not in gi.when["site"]
    assert P001 in aims(t)["symptom-relief"]


def test_001_debulking_for_a_nec_says_what_the_nec_section_says(kb: KnowledgeBase) -> None:
    """001's NEC section: "You might have surgery if your cancer hasn't spread." Debulking is in
    its general section on surgery, not in the NEC section: a NEC's reason says both."""
    t = treatment(kb, "debulking-surgery")
    [nec] = rules_with(t.offered_when, kind={"nec"})
    assert nec.when == {"kind": ["nec"], "resectable": ["no"]} and nec.sources == [P001]
    assert "hasn't spread" in nec.why and "not in its section on NECs" in nec.why
    # The stomach page's quality-of-life aim is for a stomach NET that has spread, only.
    [qol] = [a for a in t.aim if a.goal == "quality-of-life"]
    assert qol.sources == [P000]
    assert qol.when == {
        "kind": ["net"],
        "site": ["stomach"],
        "spread": ["lymph-nodes", "liver", "elsewhere"],
    }


def test_001_urgent_treatment_for_symptoms(kb: KnowledgeBase) -> None:
    """001: "fluid through a drip if you have had a lot of diarrhoea ... drip or tube feeding if
    you have lost lots of weight"; treatment straight away "to make sure you are well enough for
    surgery"."""
    t = treatment(kb, "urgent-symptom-control")
    assert t.category == "symptom-control"
    parts = {c.id: c for c in t.components}
    [drip] = parts["fluids-through-a-drip"].offered_when
    assert drip.when == {"severe_symptoms": ["heavy-diarrhoea"]}
    [feeding] = parts["drip-or-tube-feeding"].offered_when
    assert feeding.when == {"severe_symptoms": ["weight-loss"]}
    assert {"somatostatin-medicines", "vitamin-or-mineral-supplements"} <= parts.keys()
    # Each part rests on 001; the somatostatin part also on the pages that give these medicines
    # for carcinoid syndrome without a scan (so a negative scan makes the sources differ).
    assert all(c.offered_when[0].sources == [P001] for c in t.components)
    assert all(
        r.sources == [P001]
        for c in t.components
        if c.id != "somatostatin-medicines"
        for r in c.offered_when
    )
    [limit, had] = parts["somatostatin-medicines"].not_suitable_when
    assert limit.when == {"sstr": ["negative"]} and limit.sources == [P001]
    # Issue 21: not offered again within this option to someone who has had them already.
    assert had.when == {"previous": ["ssa-controlling", "ssa-not-controlling"]}
    assert rules_with(t.offered_when, hormone_symptoms={"yes"})
    assert {"symptom-relief", "support"} <= set(aims(t))
    # "to make sure you are well enough for surgery": not said where surgery is ruled out.
    [ready] = [a for a in t.aim if a.goal == "support"]
    assert ready.when == {"resectable": ["yes"], "fit_for_surgery": ["yes"]}
    assert all(r.sources == [P001] for r in t.offered_when)


def test_001_somatostatin_inhibitors_versus_analogues(kb: KnowledgeBase) -> None:
    """001's urgent list says "somatostatin inhibitors"; elsewhere 001 and 000 say "somatostatin
    analogues". Recorded as a disagreement on both records."""
    for tid in ("urgent-symptom-control", "somatostatin-analogues"):
        [d] = [d for d in treatment(kb, tid).disagreements if "is called" in d.topic.lower()]
        assert len(d.positions) == 2
        assert d.positions[0].sources == [P001]
        assert P000 in d.positions[1].sources


def test_001_ssa_only_if_net_picks_up_somatostatin(kb: KnowledgeBase) -> None:
    """001: "if the NET doesn't pick it up it means this treatment won't work." """
    t = treatment(kb, "somatostatin-analogues")
    [rule] = t.not_suitable_when
    assert rule.when == {"sstr": ["negative"]} and rule.sources == [P001]
    assert blocked(t, {"kind": {"net"}, "sstr": {"negative"}})
    # 002 (octreotide for carcinoid syndrome) and 000 name no scan: they differ from this limit.
    assert set(rule.differs_from) == {P002, P000}


def test_001_ssa_if_net_picks_up_somatostatin(kb: KnowledgeBase) -> None:
    """001: "You might have somatostatin analogues if your NET picks up somatostatin", under
    "You might have other treatments if: you can't have surgery ... has spread ... comes back"."""
    t = treatment(kb, "somatostatin-analogues")
    positive = rules_with(t.offered_when, sstr={"positive"})
    assert {k for r in positive for k in r.when} == {
        "sstr",
        "spread",
        "resectable",
        "fit_for_surgery",
        "came_back",
    }
    assert all(r.sources == [P001] for r in positive)
    assert offered(t, {"kind": {"net"}, "sstr": {"positive"}, "came_back": {"yes"}})


def test_001_ssa_for_hormone_symptoms(kb: KnowledgeBase) -> None:
    """001: "Somatostatin analogues are a possible treatment for people with these symptoms." """
    t = treatment(kb, "somatostatin-analogues")
    [rule] = [r for r in t.offered_when if r.when == {"hormone_symptoms": ["yes"]}]
    assert rule.sources == [P001]
    assert offered(t, {"kind": {"net"}, "hormone_symptoms": {"yes"}})
    # 002's octreotide and 000's carcinoid-syndrome text are each their own rule, with their page.
    assert [r.sources for r in t.offered_when if "hormone_symptoms" in r.when][1:] == [
        [P002],
        [P000],
    ]


def test_001_gap_filled_from_esmo(kb: KnowledgeBase) -> None:
    """001: "The most common somatostatin analogues are:" (list lost in scraping) -- filled with
    octreotide and lanreotide from ESMO 2020, which 001 cites, naming page and guideline."""
    uses = drug_uses(treatment(kb, "somatostatin-analogues"))
    assert set(uses) == {"octreotide", "lanreotide"}
    assert {"esmo-2020-gep", P001} <= set(uses["lanreotide"].sources)
    assert "esmo-2020-gep" in uses["octreotide"].sources
    assert "esmo-2020-gep" in drug(kb, "lanreotide").drug_class.sources
    assert "esmo-2020-gep" in drug(kb, "octreotide").drug_class.sources


def test_001_chemotherapy_if_spread(kb: KnowledgeBase) -> None:
    """001: "You may have chemotherapy if cancer has spread to your liver or to other parts of
    your body." """
    t = treatment(kb, "chemotherapy-net")
    [rule] = [r for r in t.offered_when if set(r.when) == {"spread"}]
    assert set(rule.when["spread"]) == SPREAD and rule.sources == [P001]


def test_001_prrt_conditions(kb: KnowledgeBase) -> None:
    """001: PRRT for a NET with somatostatin receptors that "started in your digestive system or
    pancreas", "has spread or cannot be removed with surgery", "is grade 1 or grade 2"."""
    t = treatment(kb, "prrt")
    rules = [r for r in t.offered_when if P001 in r.sources]
    assert len(rules) == 2
    for r in rules:
        assert r.when["sstr"] == ["positive"]
        assert set(r.when["site"]) == GI_SITES | {"pancreas"}
    # Grade 1 or 2 is the overview page's limit; the stomach page (older) names no grade.
    [grade] = rules_with(t.not_suitable_when, grade={"3"})
    assert grade.sources == [P001] and grade.differs_from == [P000]
    assert {k for r in rules for k in r.when} >= {"spread", "resectable"}
    answers = {
        "kind": {"net"},
        "sstr": {"positive"},
        "site": {"pancreas"},
        "grade": {"2"},
        "spread": {"liver"},
    }
    assert offered(t, answers)
    assert not offered(t, {**answers, "grade": {"3"}})
    assert not offered(t, {**answers, "site": {"lung"}})


def test_001_prrt_how_it_works(kb: KnowledgeBase) -> None:
    """001: "You have special scans such as PET scans or octreotide scans. These can check whether
    your NET has these somatostatin receptors." """
    t = treatment(kb, "prrt")
    assert {"pet-scan", "octreotide-scan", "somatostatin-receptor"} <= set(t.terms)
    assert alias(t, "PRRT").kind == "abbreviation"
    assert "radioisotope-therapy" in t.terms


def test_001_targeted_drugs_for_nets(kb: KnowledgeBase) -> None:
    """001: "Common targeted cancer drugs for NETs include: everolimus, sunitinib"."""
    uses = drug_uses(treatment(kb, "targeted-drugs"))
    assert set(uses) == {"everolimus", "sunitinib"}
    assert P001 in uses["sunitinib"].sources and P001 in uses["everolimus"].sources


def test_001_other_treatments_do_not_get_rid_of_the_net(kb: KnowledgeBase) -> None:
    """001: "These treatments can control your symptoms ... but won't get rid of the NET." """
    for tid in ("somatostatin-analogues", "chemotherapy-net", "prrt", "targeted-drugs"):
        assert sourced(treatment(kb, tid).caveats, P001), tid
        assert "cure" not in aims(treatment(kb, tid)), tid


def test_001_liver_options(kb: KnowledgeBase) -> None:
    """001: "The following treatments might be options if your NET has spread to your liver":
    surgery, RFA, TAE/TACE, liver transplant, SIRT."""
    liver_net = {"kind": {"net"}, "spread": {"liver"}}
    for tid in ("liver-resection", "tae", "tace", "liver-transplant", "sirt"):
        t = treatment(kb, tid)
        assert t.category == "liver-directed"
        assert offered(t, liver_net), tid
        assert not offered(t, {"kind": {"net"}, "spread": {"none"}}), tid


def test_001_liver_surgery_not_always_possible(kb: KnowledgeBase) -> None:
    """001: "The surgeon might be able to remove cancer in your liver. But this isn't always
    possible." """
    assert sourced(treatment(kb, "liver-resection").caveats, P001)


def test_001_rfa_when_surgery_not_possible(kb: KnowledgeBase) -> None:
    """001: "You might have this if your cancer is in your liver and you can't have surgery to
    remove it." """
    t = treatment(kb, "rfa")
    assert alias(t, "RFA").kind == "abbreviation"
    for r in t.offered_when:
        assert r.when["spread"] == ["liver"] and r.sources == [P001]
    assert rules_with(t.offered_when, fit_for_surgery={"no"})
    assert rules_with(t.offered_when, resectable={"no"})
    assert not offered(
        t, {"kind": {"net"}, "spread": {"liver"}, "fit_for_surgery": {"yes"}, "resectable": {"yes"}}
    )


def test_001_tae_also_called_hepatic_artery_embolisation(kb: KnowledgeBase) -> None:
    """001: "Trans arterial embolisation ... It's also called hepatic artery embolisation." """
    t = treatment(kb, "tae")
    assert alias(t, "TAE").kind == "abbreviation"
    assert P001 in alias(t, "hepatic artery embolisation").sources


def test_001_tace_less_common(kb: KnowledgeBase) -> None:
    """001: "This is a less common treatment for people with a neuroendocrine cancer." """
    [w] = treatment(kb, "tace").wording
    assert (w.level, w.sources) == ("less-common", [P001])


def test_001_tae_tace_how_common_is_wording_not_a_disagreement(kb: KnowledgeBase) -> None:
    """000 "likely to have hepatic artery embolisation" is about TAE; 001 "less common" is about
    TACE: different variants, so each is the record's wording, not a disagreement (audit C1)."""
    tae, tace = treatment(kb, "tae"), treatment(kb, "tace")
    assert [(w.level, w.sources) for w in tae.wording] == [("likely", [P000])]
    assert [(w.level, w.sources) for w in tace.wording] == [("less-common", [P001])]
    assert not tae.disagreements and not tace.disagreements


def test_001_liver_transplant_for_very_few(kb: KnowledgeBase) -> None:
    """001: "It is a big operation and is only suitable for a very small number of people." """
    t = treatment(kb, "liver-transplant")
    assert len(sourced(t.involves, P001)) == 1  # "a big operation": what it involves
    [w] = t.wording
    assert (w.level, w.sources) == ("rare", [P001])
    # Only the team can say whether someone is among the very few: never a plain match.
    assert all(r.team_question for r in t.offered_when)


def test_001_sirt(kb: KnowledgeBase) -> None:
    """001: "The aim of treatment is to slow the growth of your cancer. It might also help control
    hormone related symptoms"."""
    t = treatment(kb, "sirt")
    assert alias(t, "SIRT").kind == "abbreviation"
    goals = aims(t)
    assert P001 in goals["control"] and P001 in goals["symptom-relief"]
    assert {"internal-radiotherapy", "blood-vessel"} <= set(t.terms)


def test_001_nec_chemotherapy(kb: KnowledgeBase) -> None:
    """001: "before surgery (neoadjuvant chemotherapy)", "after surgery (adjuvant chemotherapy)";
    "Chemotherapy drugs for NEC include: carboplatin or cisplatin, etoposide, irinotecan"."""
    t = treatment(kb, "chemotherapy-nec")
    assert "chemotherapy for nec" in t.name.lower()
    assert {a.name for a in t.aliases} >= {"neoadjuvant chemotherapy", "adjuvant chemotherapy"}
    uses = drug_uses(t)
    for d in ("carboplatin", "cisplatin", "etoposide", "irinotecan"):
        assert uses[d].sources == [P001], d
    assert offered(t, {"kind": {"nec"}})
    assert not offered(t, {"kind": {"net"}})


def test_001_chemoradiotherapy_for_some_necs(kb: KnowledgeBase) -> None:
    """001: "For some NEC's, you might have it with radiotherapy. This is called
    chemoradiotherapy." """
    t = treatment(kb, "chemoradiotherapy")
    # "For some": which NECs only the team can say (issue 21's audit).
    [rule] = t.offered_when
    assert rule.when == {"kind": ["nec"]} and rule.team_question
    assert t.principles == ["nec-only", "merkel-cell-treatment-not-described"]
    assert t.sources == [P001]


def test_001_necs_differ(kb: KnowledgeBase) -> None:
    """001: "NECs are all high grade ... more difficult to treat than NETs"; "Doctors call them
    poorly differentiated cancers"."""
    nec = site(kb, "nec")
    assert (nec.group, nec.answer_values) == ("kind", ["nec"])
    assert sourced(nec.about, P001)
    assert {"poorly-differentiated", "high-grade"} <= set(nec.terms)
    assert term(kb, "high-grade").sources == [P001]
    assert sourced(topic(kb, "net-and-nec").statements, P001)


def test_001_mdt(kb: KnowledgeBase) -> None:
    """001: "A team of doctors and other professionals ... They are called a multidisciplinary
    team (MDT)", with its members listed."""
    t = topic(kb, "mdt")
    assert alias(t, "MDT").kind == "abbreviation"
    assert len(sourced(t.statements, P001)) >= 3
    for gid in (
        "pathologist",
        "clinical-oncologist",
        "medical-oncologist",
        "radiologist",
        "specialist-nurse",
    ):
        assert term(kb, gid).sources == [P001], gid
    assert alias(term(kb, "specialist-nurse"), "CNS").kind == "abbreviation"


def test_001_decision_factors(kb: KnowledgeBase) -> None:
    """001: "your team plans it depending on: your type ... the grade ... the stage ... your
    general health and fitness"."""
    t = topic(kb, "decision-factors")
    assert sourced(t.statements, P001) and sourced(t.statements, P004)
    assert sourced(t.statements, P002) and sourced(t.statements, P000)
    assert any(P001 in n.sources for n in kb.notes)


def test_001_not_starting_straight_away(kb: KnowledgeBase) -> None:
    """001: "You might not start treatment straight away if you are well." """
    t = treatment(kb, "not-starting-straight-away")
    assert [r.when for r in t.offered_when] == [{}]
    assert t.offered_when[0].sources == [P001]


def test_001_glossary_items(kb: KnowledgeBase) -> None:
    """001 marks words with "Open a glossary item": radiotherapy, chemotherapy, targeted cancer
    drugs, biopsies, hormones, picks up somatostatin, PET scans, octreotide scans, digestive
    system, pancreas, internal radiotherapy, blood vessel."""
    for gid in (
        "radiotherapy",
        "chemotherapy",
        "targeted-cancer-drugs",
        "biopsy",
        "hormones",
        "picking-up-somatostatin",
        "pet-scan",
        "octreotide-scan",
        "digestive-system",
        "internal-radiotherapy",
        "blood-vessel",
    ):
        assert P001 in term(kb, gid).sources, gid
    assert term(kb, "pancreas-organ").term == "pancreas"


def test_001_clinical_trials_for_everyone(kb: KnowledgeBase) -> None:
    """001 and 000: "Your doctor might ask if you'd like to take part in a clinical trial."; 002:
    "may be offered the opportunity to participate in clinical trials"."""
    t = treatment(kb, "clinical-trials")
    assert [r.when for r in t.offered_when] == [{}]
    assert {P000, P001, P002} <= set(t.offered_when[0].sources)


def test_001_support_line(kb: KnowledgeBase) -> None:
    """001: "you can call the Cancer Research UK information nurses ... 0808 800 4040"."""
    assert topic(kb, "support").statements[0].sources == [P001]


# ---------------------------------------------------------------------------------------------
# 002 ccs-small-intestine


def test_002_surgery_primary_for_small_intestine(kb: KnowledgeBase) -> None:
    """002: "Surgery is the primary treatment for neuroendocrine tumours of the small intestine
    and offers the best outcome." """
    t = treatment(kb, "surgery")
    [rule] = rules_with(t.offered_when, site={"small-bowel"})
    assert rule.sources == [P002]
    assert P002 in mentions(site(kb, "small-bowel"))["surgery"]


def test_002_octreotide_sandostatin(kb: KnowledgeBase) -> None:
    """002: "This therapy often includes a drug called octreotide (Sandostatin)." """
    a = alias(drug(kb, "octreotide"), "Sandostatin")
    assert (a.kind, a.sources) == ("brand", [P002])
    assert P002 in drug_uses(treatment(kb, "somatostatin-analogues"))["octreotide"].sources
    assert P002 in term(kb, "supportive-therapy").sources


def test_002_interferon_alfa(kb: KnowledgeBase) -> None:
    """002: "interferon alfa (Intron A, Wellferon), a biological therapy, for metastatic
    neuroendocrine tumours. It may be used in combination with octreotide"."""
    d = drug(kb, "interferon-alfa")
    assert {(a.name, a.kind) for a in d.aliases} == {("Intron A", "brand"), ("Wellferon", "brand")}
    assert d.drug_class.sources == [P002]
    t = treatment(kb, "biological-therapy")
    assert set(drug_uses(t)) == {"interferon-alfa", "octreotide"}
    [rule] = t.offered_when
    assert set(rule.when["spread"]) == {"liver", "elsewhere"} and rule.sources == [P002]
    assert set(aims(t)) == {"symptom-relief", "control"}


def test_002_chemotherapy_not_first_line_for_nets(kb: KnowledgeBase) -> None:
    """002: "Neuroendocrine tumours are not very sensitive to chemotherapy, so it is not usually
    part of first-line therapy." """
    t = treatment(kb, "chemotherapy-net")
    assert sourced(t.caveats, P002)
    [rule] = rules_with(t.offered_when, site={"small-bowel"})
    assert set(rule.when["spread"]) == {"liver", "elsewhere"} and rule.sources == [P002]
    assert "first-line-therapy" in t.terms


def test_002_when_chemo_for_nets_disagreement(kb: KnowledgeBase) -> None:
    """000 (symptoms or SSA not controlling), 001 (spread), 002 (not very sensitive, mainly
    advanced/metastatic) each give a different account of when chemotherapy is used for NETs."""
    [d] = [
        d
        for d in treatment(kb, "chemotherapy-net").disagreements
        if d.topic == "When chemotherapy is used for NETs"
    ]
    assert [p.sources for p in d.positions] == [[P000], [P001], [P002]]


def test_002_nec_chemotherapy_drugs_disagree(kb: KnowledgeBase) -> None:
    """002: "Neuroendocrine carcinomas are usually treated with chemotherapy regimens that often
    include the drugs streptozocin (Zanosar) and 5-fluorouracil" versus 001's list."""
    t = treatment(kb, "chemotherapy-nec")
    uses = drug_uses(t)
    assert uses["streptozotocin"].sources == [P002]
    assert uses["fluorouracil"].sources == [P002]
    [d] = [d for d in t.disagreements if d.topic == "Which chemotherapy drugs are used for NECs"]
    assert [p.sources for p in d.positions] == [[P001], [P002]]
    for did in (
        "streptozotocin",
        "fluorouracil",
        "carboplatin",
        "cisplatin",
        "etoposide",
        "irinotecan",
    ):
        assert any(x.topic == d.topic for x in drug(kb, did).disagreements), did


def test_002_streptozocin_spelling(kb: KnowledgeBase) -> None:
    """CRUK spells "streptozotocin"; 002 spells "streptozocin (Zanosar)": a spelling, recorded as
    an alias, not as a disagreement (audit C1)."""
    d = drug(kb, "streptozotocin")
    assert (alias(d, "streptozocin").kind, alias(d, "streptozocin").sources) == ("spelling", [P002])
    assert alias(d, "Zanosar").kind == "brand"
    for rec in (d, treatment(kb, "chemotherapy-nec"), treatment(kb, "chemotherapy-net")):
        assert not [x for x in rec.disagreements if "spelled" in x.topic]


def test_002_streptozotocin_for_nets_or_necs(kb: KnowledgeBase) -> None:
    """CRUK lists streptozotocin and fluorouracil for NETs; 002 for NECs."""
    for rec in (
        treatment(kb, "chemotherapy-net"),
        treatment(kb, "chemotherapy-nec"),
        drug(kb, "streptozotocin"),
        drug(kb, "fluorouracil"),
    ):
        [x] = [x for x in rec.disagreements if "NETs or for NECs" in x.topic]
        assert [p.sources for p in x.positions] == [[P000, P001], [P002]]


def test_002_fluorouracil_names(kb: KnowledgeBase) -> None:
    """002: "5-fluorouracil (Adrucil, 5-FU)"."""
    d = drug(kb, "fluorouracil")
    assert {(a.name, a.kind) for a in d.aliases} == {
        ("5-fluorouracil", "other-name"),
        ("5-FU", "abbreviation"),
        ("Adrucil", "brand"),
    }
    assert all(a.sources == [P002] for a in d.aliases)


def test_002_regional_chemotherapy_for_liver(kb: KnowledgeBase) -> None:
    """002: "Chemoembolization and hepatic artery infusion are regional chemotherapies that may be
    used for neuroendocrine tumours that have spread to the liver." """
    assert P002 in alias(treatment(kb, "tace"), "chemoembolisation").sources
    hai = treatment(kb, "hepatic-artery-infusion")
    [rule] = hai.offered_when
    assert rule.when == {"site": ["small-bowel"], "spread": ["liver"]}
    assert rule.sources == [P002] and "net-only" in hai.principles
    assert hai.aim == []  # no page gives its aim
    assert "regional-chemotherapy" in hai.terms


def test_002_radiation_therapy(kb: KnowledgeBase) -> None:
    """002: "Radiation therapy may be offered for some metastatic neuroendocrine tumours of the
    small intestine. It may include targeted radiation therapy or external beam radiation
    therapy." """
    t = treatment(kb, "radiation-therapy")
    names = {a.name for a in t.aliases}
    assert {"external beam radiation therapy", "targeted radiation therapy"} <= names
    [rule] = t.offered_when
    assert rule.when["site"] == ["small-bowel"] and rule.sources == [P002]


def test_002_decision_factors_and_resectability(kb: KnowledgeBase) -> None:
    """002: "whether the cancer can be completely removed by surgery (resectable) or not
    (unresectable)"."""
    assert term(kb, "resectable").sources[0] == P002
    assert term(kb, "unresectable").sources == [P002]
    assert P002 in question(kb, "resectable").sources


def test_002_small_bowel_treatments(kb: KnowledgeBase) -> None:
    """002's headings: supportive therapy, biological therapy, chemotherapy, regional
    chemotherapy, radiation therapy, clinical trials."""
    listed = mentions(site(kb, "small-bowel"))
    for tid in (
        "somatostatin-analogues",
        "biological-therapy",
        "chemotherapy-net",
        "tace",
        "hepatic-artery-infusion",
        "radiation-therapy",
        "clinical-trials",
    ):
        assert P002 in listed[tid], tid


# ---------------------------------------------------------------------------------------------
# 003 acs-gi-surgery


def test_003_curative_versus_palliative(kb: KnowledgeBase) -> None:
    """003: "Potentially curative surgery is used when ... it's possible to remove (resect) all
    the cancer"; "Palliative surgery ... The goal is not to try to cure the cancer. This may also
    be called debulking surgery." """
    cur = treatment(kb, "curative-surgery")
    assert P003 in aims(cur)["cure"]
    # The page speaks of the digestive tract; elsewhere only the team can say (a team question).
    [rule] = [r for r in cur.offered_when if not r.team_question]
    assert rule.when["resectable"] == ["yes"] and set(rule.when["site"]) == GI_SITES
    assert all(r.when["resectable"] == ["yes"] for r in cur.offered_when)
    deb = treatment(kb, "debulking-surgery")
    assert alias(deb, "palliative surgery").sources == [P003]
    assert alias(deb, "cytoreductive surgery").sources == [P003]
    assert "cure" not in aims(deb)
    assert sourced(deb.may_cost, P003)  # not a cure: what it may cost you
    assert cur.part_of == deb.part_of == "surgery"


def test_003_endoscopic_resection_sites(kb: KnowledgeBase) -> None:
    """003: "most often used to treat small neuroendocrine tumors of the stomach and duodenum ...
    also can be used to remove small neuroendocrine tumors of the rectum." """
    t = treatment(kb, "endoscopic-resection")
    [main] = [r for r in t.offered_when if "duodenum" in r.when["site"]]
    assert set(main.when["site"]) == {"stomach", "duodenum", "rectum"}
    assert main.sources == [P003]
    assert sourced(t.caveats, P003)  # "small", with no size given


def test_003_local_excision_two_centimetres(kb: KnowledgeBase) -> None:
    """003: "This operation may be done for small neuroendocrine tumors (no larger than 2 cm"."""
    t = treatment(kb, "local-excision")
    [rule] = t.offered_when
    assert "size" not in rule.when  # the size limit is the principle's
    assert "small-tumours-only" in t.principles
    [no] = principle(kb, "small-tumours-only").not_suitable_when
    assert no.when == {"size": ["over-2cm"]} and no.sources == [P003]
    answers = {"kind": {"net"}, "site": {"colon"}}
    assert offered(t, {**answers, "size": {"up-to-2cm"}})
    assert blocked(t, {**answers, "size": {"over-2cm"}})


def test_003_appendectomy_two_centimetres(kb: KnowledgeBase) -> None:
    """003: "if the tumor is small -- 2 cm or less -- removing the appendix (appendectomy) is
    curative and no other surgery is needed. If the tumor is larger than 2 cm, more surgery may be
    needed." """
    app = treatment(kb, "appendectomy")
    more = treatment(kb, "more-surgery-after-appendectomy")
    small = {"kind": {"net"}, "site": {"appendix"}, "size": {"up-to-2cm"}}
    large = {**small, "size": {"over-2cm"}}
    removed = {"found_at_appendectomy": {"yes"}, "spread": {"none"}, "came_back": {"no"}}
    assert offered(app, small) and P003 in aims(app)["cure"]
    assert offered(more, {**large, **removed}) and not offered(more, {**small, **removed})
    # More surgery "after" an appendectomy needs the appendix to have been removed.
    assert not offered(more, {**large, "found_at_appendectomy": {"no"}})
    # An appendix already taken out is not offered as an appendectomy; above 2 cm, more than the
    # appendectomy may be needed, which the team settles.
    assert blocked(app, {**small, **removed}) and blocked(app, {**large, **removed})
    assert not blocked(app, {**large, "found_at_appendectomy": {"no"}})
    assert [r.team_question for r in rules_with(app.offered_when, size={"over-2cm"})]
    # After an appendectomy for a NET of 2 cm or less, no other operation fits ...
    for tid in ("surgery", "curative-surgery", "local-excision", "endoscopic-resection"):
        assert blocked(treatment(kb, tid), {**small, **removed}), tid
    # ... but the page says this of a small NET only: not of one that has spread or come back,
    # nor of a NEC.
    for other in ({"spread": {"liver"}}, {"came_back": {"yes"}}, {"kind": {"nec"}}):
        assert not blocked(treatment(kb, "surgery"), {**small, **removed, **other}), other


def test_003_removal_through_anus(kb: KnowledgeBase) -> None:
    """003: "Rectal neuroendocrine tumors may be removed through the anus, without cutting the
    skin." """
    t = treatment(kb, "transanal-removal")
    assert [r.when["site"] for r in t.offered_when] == [["rectum"]]


def test_003_partial_gastrectomy(kb: KnowledgeBase) -> None:
    """003: "This operation is also known as a subtotal gastrectomy." """
    t = treatment(kb, "partial-gastrectomy")
    assert alias(t, "subtotal gastrectomy").sources == [P003]
    assert t.offered_when[0].when["site"] == ["stomach"]


def test_003_small_bowel_resection_with_mesentery(kb: KnowledgeBase) -> None:
    """003: "Also removed are nearby (regional) lymph nodes and the supporting connective tissue
    (called the mesentery)"; "Tumors in the terminal ileum ... may require ... (hemicolectomy)".
    """
    t = treatment(kb, "small-bowel-resection")
    assert {"mesentery", "terminal-ileum", "wide-margin-resection"} <= set(t.terms)
    assert t.offered_when[0].when["site"] == ["small-bowel"]
    hemi = treatment(kb, "hemicolectomy")
    assert {tuple(r.when["site"]) for r in hemi.offered_when} == {("colon",), ("small-bowel",)}
    assert alias(hemi, "right hemicolectomy").sources == [P003]


def test_003_whipple(kb: KnowledgeBase) -> None:
    """003: "Pancreaticoduodenectomy or Whipple procedure ... a complex operation that requires a
    lot of skill and experience. It carries a relatively high risk of complications"."""
    t = treatment(kb, "whipple")
    assert {a.name for a in t.aliases} >= {"Whipple procedure", "Whipple"}
    assert len(sourced(t.caveats, P003)) == 1  # most often for pancreatic cancer
    assert sourced(t.involves, P003)  # complex, skill and experience
    assert any("risk" in s.text for s in sourced(t.may_cost, P003))
    # The risk goes with every reason it is offered for, not only with the may-cost row.
    assert all(
        "relatively high risk of complications" in r.why and "fatal" in r.why
        for r in t.offered_when
    )
    # "most often used to treat pancreatic cancer": the page does not say pancreatic NETs.
    assert {tuple(r.when["site"]) for r in t.offered_when if not r.team_question} == {("duodenum",)}
    [pancreas] = [r for r in t.offered_when if r.team_question]
    assert pancreas.when == {"site": ["pancreas"]}


def test_003_lar_upper_and_ap_lower_rectum(kb: KnowledgeBase) -> None:
    """003: "Low anterior resection (LAR): ... some tumors in the upper part of the rectum";
    "Abdominoperineal (AP) resection: ... cancers in the lower part of the rectum"."""
    lar = treatment(kb, "lar")
    ap = treatment(kb, "ap-resection")
    assert alias(lar, "LAR").kind == "abbreviation"
    assert alias(ap, "AP resection").kind == "abbreviation"
    assert [r.when["rectum_part"] for r in lar.offered_when] == [["upper"]]
    assert [r.when["rectum_part"] for r in ap.offered_when] == [["lower"], ["lower"]]
    # "large or very invasive": a larger tumour, or a smaller one only the team calls invasive.
    large, small = ap.offered_when
    assert large.when["size"] == ["over-2cm"] and not large.team_question
    assert small.when["size"] == ["up-to-2cm"] and small.team_question
    rectum = {"kind": {"net"}, "site": {"rectum"}}
    assert offered(lar, {**rectum, "rectum_part": {"upper"}})
    assert not offered(lar, {**rectum, "rectum_part": {"lower"}})
    assert offered(ap, {**rectum, "rectum_part": {"lower"}, "size": {"over-2cm"}})
    assert not offered(ap, {**rectum, "rectum_part": {"upper"}})


def test_003_ap_resection_colostomy(kb: KnowledgeBase) -> None:
    """003: "the end of the colon is connected to an opening on the skin on the abdomen (called a
    colostomy)"."""
    t = treatment(kb, "ap-resection")
    assert "colostomy" in t.terms and term(kb, "colostomy").sources == [P003]
    assert any("colostomy" in s.text for s in sourced(t.may_cost, P003))


def test_003_liver_resection_new_metastases(kb: KnowledgeBase) -> None:
    """003: "most people who have this surgery will eventually develop new liver metastases";
    "may help some people with neuroendocrine tumors live longer"."""
    t = treatment(kb, "liver-resection")
    assert sourced(t.may_cost, P003)
    assert P003 in aims(t)["control"]


def test_003_operations_are_part_of_surgery(kb: KnowledgeBase) -> None:
    """003: "Several types of operations can be used to treat GI neuroendocrine tumors"."""
    for tid in (
        "endoscopic-resection",
        "local-excision",
        "transanal-removal",
        "appendectomy",
        "partial-gastrectomy",
        "small-bowel-resection",
        "hemicolectomy",
        "whipple",
        "lar",
        "ap-resection",
    ):
        t = treatment(kb, tid)
        assert (t.category, t.part_of) == ("surgery", "surgery"), tid
        assert P003 in t.sources, tid


def test_003_glossary(kb: KnowledgeBase) -> None:
    """003 explains mesentery, colostomy, terminal ileum, wide margin resection, incision."""
    for gid in (
        "mesentery",
        "colostomy",
        "terminal-ileum",
        "wide-margin-resection",
        "incision",
        "endoscope",
        "palliative",
        "potentially-curative",
        "primary-tumour",
    ):
        assert term(kb, gid).sources == [P003], gid


# ---------------------------------------------------------------------------------------------
# 004 cruk-what-are


def test_004_net_kind_and_carcinoid_names(kb: KnowledgeBase) -> None:
    """004: "There are 2 key groups - neuroendocrine tumours (NETs) and neuroendocrine carcinomas
    (NECs)"; "Some types of NETs are called carcinoid tumours." """
    net = site(kb, "net")
    assert (net.group, net.answer_values) == ("kind", ["net"])
    # 004 says some NETs "are called" carcinoid tumours, not that it is an old name.
    assert alias(net, "carcinoid tumour").kind == "other-name"
    assert alias(net, "carcinoid tumour").sources == [P004]
    assert alias(net, "NET").kind == "abbreviation"


def test_004_lung_little_coverage(kb: KnowledgeBase) -> None:
    """004: "Lung NETs are rare cancers ... Some types of lung NETs are called carcinoid tumours."
    That is all the pages say about the lung."""
    lung = site(kb, "lung")
    assert lung.coverage == "little" and lung.coverage_note is not None
    assert P004 in lung.coverage_note.sources
    assert alias(lung, "lung carcinoid tumour").kind == "other-name"
    assert lung.answer_values == ["lung"]
    assert lung.treatments == []


def test_004_merkel_cell_little_coverage(kb: KnowledgeBase) -> None:
    """004: "MCC is a rare type of skin cancer that starts in Merkel cells. Its is also called a
    type of neuroendocrine tumour (NET)." Nothing on its treatment."""
    mcc = site(kb, "merkel-cell")
    assert (mcc.coverage, mcc.answer_values) == ("little", ["skin"])
    assert mcc.coverage_note is not None and P004 in mcc.coverage_note.sources
    assert alias(mcc, "MCC").kind == "abbreviation"
    assert mcc.treatments == []


def test_004_large_bowel_and_rectum(kb: KnowledgeBase) -> None:
    """004: "Large bowel and rectal NETs are rare ... Some types of NETs are called carcinoid
    tumours." """
    s = site(kb, "large-bowel-rectum")
    assert s.answer_values == ["colon", "rectum"]
    assert {a.kind for a in s.aliases if "carcinoid" in a.name} == {"other-name"}
    assert sourced(s.about, P004)
    assert {"lar", "ap-resection", "transanal-removal"} <= set(mentions(s))


def test_004_pancreas_functioning_and_non_functioning(kb: KnowledgeBase) -> None:
    """004: "They are usually grouped into functioning NETs and non functioning NETs." """
    s = site(kb, "pancreas")
    assert sourced(s.about, P004)
    assert s.answer_values == ["pancreas"]
    assert {"prrt", "whipple"} <= set(mentions(s))


def test_004_stomach_and_small_bowel(kb: KnowledgeBase) -> None:
    """004: "Neuroendocrine cells in the stomach help control the release of digestive juices";
    "Small bowel NETs are rare." """
    assert sourced(site(kb, "stomach").about, P004)
    assert sourced(site(kb, "small-bowel").about, P004)
    assert site(kb, "stomach").coverage == "detailed"


def test_004_nen_and_carcinoid_syndrome(kb: KnowledgeBase) -> None:
    """004: "They are also called neuroendocrine neoplasms (NENs)"; "Carcinoid syndrome is a group
    of symptoms ... when the tumour makes large amounts of hormones." """
    assert alias(term(kb, "neuroendocrine-neoplasm"), "NEN").sources == [P004]
    assert P004 in term(kb, "carcinoid-syndrome").sources
    assert P004 in question(kb, "hormone_symptoms").sources


def test_004_treatment_depends_on_size_and_stage(kb: KnowledgeBase) -> None:
    """004: "Treatment depends on the type ... where it is, its size and whether it has spread
    (the stage)." """
    assert any(P004 in n.sources for n in kb.notes)
    assert P004 in term(kb, "stage").sources
    size = question(kb, "size")
    assert size.settled_by is not None and P004 in size.settled_by.sources


def test_004_gp_first(kb: KnowledgeBase) -> None:
    """004: "You usually start by seeing your GP. They might refer you to a specialist doctor"."""
    assert sourced(topic(kb, "mdt").statements, P004)


# ---------------------------------------------------------------------------------------------
# The questionnaire

# The questions in order, whether each takes several answers, and when it is asked. The answer
# values are not copied here: the knowledge base is their one source, the README's table and
# `explore --help` are checked against it (tests/cli/test_vocabulary.py), and each value a rule
# reads is one of its question's choices (test_rules_use_the_answer_vocabulary below).
# What can have been had already (issue 21): an operation that removed it, somatostatin analogues
# controlling it or not, other treatments working or not.
HAD = {
    "surgery",
    "ssa-controlling",
    "ssa-not-controlling",
    "other-treatments-working",
    "other-treatments-not-working",
}
EXPECTED_QUESTIONS = [
    ("kind", False, {}),
    ("site", False, {}),
    ("grade", False, {}),
    ("spread", True, {}),
    # Issue 21: what was done comes before whether an operation could remove it (not asked
    # about a tumour already removed).
    ("found_at_appendectomy", False, {"site": {"appendix", "unsure"}}),
    # Issue 12: earlier treatment is asked about before whether it has come back.
    ("previous", True, {}),
    ("came_back", False, {"previous": {*HAD, "unsure"}}),
    ("size", False, {}),
    ("resectable", False, {}),
    ("rectum_part", False, {"site": {"rectum", "unsure"}}),
    ("hormone_symptoms", False, {"kind": {"net", "unsure"}}),
    ("severe_symptoms", True, {}),
    ("sstr", False, {"kind": {"net", "unsure"}}),
    ("fit_for_surgery", False, {}),
]


def test_questions_in_order(kb: KnowledgeBase) -> None:
    """The 14 answer keys of the public interface, in order."""
    assert [q.id for q in kb.questions] == [e[0] for e in EXPECTED_QUESTIONS]


@pytest.mark.parametrize(("qid", "multiple", "ask_when"), EXPECTED_QUESTIONS)
def test_question_vocabulary(
    kb: KnowledgeBase, qid: str, multiple: bool, ask_when: dict[str, set[str]]
) -> None:
    q = question(kb, qid)
    values = [c.value for c in q.choices]
    assert len(values) >= 2 and len(set(values)) == len(values)
    assert q.multiple is multiple
    assert {k: set(v) for k, v in q.ask_when.items()} == ask_when
    assert q.settled_by is not None and q.settled_by.sources
    assert q.text and q.help and all(c.label for c in q.choices)


def test_came_back_is_not_asked_after_no_treatment_yet(kb: KnowledgeBase) -> None:
    """001: "the NET comes back after initial treatment": after "No treatment yet" there was no
    treatment for it to come back after, so the question is not asked and the rules read "no"."""
    q = question(kb, "came_back")
    assert "none" not in q.ask_when["previous"]
    assert q.not_asked_means == "no"


def test_sstr_settled_by_scan(kb: KnowledgeBase) -> None:
    """001: "special scans such as PET scans or octreotide scans ... check whether your NET has
    these somatostatin receptors"."""
    q = question(kb, "sstr")
    assert q.settled_by is not None and q.settled_by.sources == [P001]


def test_sstr_question_names_the_scans_the_page_names(kb: KnowledgeBase) -> None:
    """001: "You have special scans such as PET scans or octreotide scans. These can check
    whether your NET has these somatostatin receptors": the question names them too."""
    q = question(kb, "sstr")
    assert "PET scan" in q.text and "octreotide scan" in q.text
    assert P001 in q.sources


# ---------------------------------------------------------------------------------------------
# Integrity across records


def _statements(kb: KnowledgeBase) -> Iterator[tuple[str, Any]]:
    for path, obj in walk(kb):
        if hasattr(obj, "sources") and not isinstance(obj, KnowledgeBase):
            if getattr(obj, "not_in_pages", False):  # a brand no page uses: it states nothing
                continue
            yield path, obj


def test_every_statement_names_a_known_source(kb: KnowledgeBase) -> None:
    ids = {s.id for s in kb.sources}
    for path, obj in _statements(kb):
        assert obj.sources, path
        assert set(obj.sources) <= ids, path


def test_record_sources_cover_their_statements(kb: KnowledgeBase) -> None:
    """A record's own `sources` list every source its statements rest on, and no other."""
    for section in (kb.treatments, kb.drugs, kb.sites, kb.glossary, kb.topics):
        for record in section:
            inner: set[str] = set()
            for f in dataclasses.fields(record):
                if f.name == "sources":
                    continue
                for _, obj in walk(getattr(record, f.name)):
                    if hasattr(obj, "sources"):
                        inner.update(obj.sources)
            assert inner == set(record.sources), record.id


def test_every_drug_use_names_a_drug_and_every_drug_is_used(kb: KnowledgeBase) -> None:
    drugs = {d.id for d in kb.drugs}
    used = {u.drug for t in kb.treatments for u in t.drugs}
    assert used <= drugs
    assert drugs == used


def test_drug_ids(kb: KnowledgeBase) -> None:
    # The drugs the pages name are there (a new one adds to them; the test above checks use).
    assert {d.id for d in kb.drugs} >= {
        "everolimus",
        "sunitinib",
        "octreotide",
        "lanreotide",
        "streptozotocin",
        "fluorouracil",
        "doxorubicin",
        "capecitabine",
        "temozolomide",
        "carboplatin",
        "cisplatin",
        "etoposide",
        "irinotecan",
        "interferon-alfa",
        "lutetium-177",
        "yttrium-90",
    }


def test_every_term_exists(kb: KnowledgeBase) -> None:
    glossary = {g.id for g in kb.glossary}
    for _, obj in walk(kb):
        if hasattr(obj, "terms"):
            assert set(obj.terms) <= glossary, (obj.id, set(obj.terms) - glossary)


def test_cited_by_names_patient_pages(kb: KnowledgeBase) -> None:
    pages = {s.id for s in kb.sources if s.kind == "patient-page"}
    assert pages == set(PAGES)
    for s in kb.sources:
        assert set(s.cited_by) <= pages, s.id
        assert (s.kind == "patient-page") == (not s.cited_by), s.id
        assert (s.file is not None) == (s.kind == "patient-page"), s.id


def test_treatment_references(kb: KnowledgeBase) -> None:
    ids = {t.id for t in kb.treatments}
    for t in kb.treatments:
        assert t.part_of is None or t.part_of in ids, t.id
    for s in kb.sites:
        assert {m.treatment for m in s.treatments} <= ids, s.id
    for a in kb.ask:
        assert set(a.for_treatments) <= ids, a.id


def test_rules_use_the_answer_vocabulary(kb: KnowledgeBase) -> None:
    """Every rule key is a question and every value one of its choices; never 'unsure'."""
    vocab = {q.id: {c.value for c in q.choices} for q in kb.questions}
    for t in kb.treatments:
        for r in t.offered_when + t.not_suitable_when:
            for key, values in r.when.items():
                assert key in vocab, (t.id, key)
                assert values and set(values) <= vocab[key], (t.id, key, values)
            assert r.why and r.sources, t.id


def test_every_treatment_is_described(kb: KnowledgeBase) -> None:
    for t in kb.treatments:
        assert t.about and t.sources, t.id
        assert t.offered_when, t.id


def test_ask_templates(kb: KnowledgeBase) -> None:
    assert 10 <= len(kb.ask) <= 22
    keys = {q.id for q in kb.questions}
    for a in kb.ask:
        assert a.always or a.for_treatments or a.when_unsure or a.when_done, a.id
        assert set(a.when_unsure) <= keys, a.id
    receptor = _index(kb.ask)["receptor-scan"]
    assert set(receptor.for_treatments) == {"somatostatin-analogues", "prrt"}
    assert receptor.when_unsure == ["sstr"] and receptor.sources == [P001]


def test_ids_unique(kb: KnowledgeBase) -> None:
    for section in (
        kb.sources,
        kb.questions,
        kb.treatments,
        kb.drugs,
        kb.sites,
        kb.glossary,
        kb.topics,
        kb.ask,
    ):
        ids = [r.id for r in section]
        assert len(ids) == len(set(ids))
    records = [*kb.treatments, *kb.drugs, *kb.sites, *kb.glossary, *kb.topics]
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)), "record ids are unique across kinds too"


def _spelt(name: str) -> str:
    """A name's words in netcli's spelling (netcli.text.spell), without case, accents or
    punctuation, run together."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(spell(w) for w in re.findall(r"[0-9a-z]+", text))


def test_names_find_one_record_per_kind(kb: KnowledgeBase) -> None:
    """Within a kind, a folded name, id or alias belongs to one record, and no alias repeats its
    record's own name. Names are folded as netcli looks them up (netcli.text.fold and its
    spelling table), so a clash here is a clash for the person typing; an alias is compared with
    the name in netcli's spelling but keeping its plural ("biopsies" may name "biopsy")."""
    for section in (kb.treatments, kb.drugs, kb.sites, kb.glossary, kb.topics):
        owner: dict[str, str] = {}
        for record in section:
            name = record.term if hasattr(record, "term") else record.name
            for a in record.aliases:
                assert _spelt(a.name) != _spelt(name), (record.id, a.name)
            for n in [record.id, name, *(a.name for a in record.aliases)]:
                assert owner.setdefault(fold(n), record.id) == record.id, (record.id, n)


def test_sites(kb: KnowledgeBase) -> None:
    # The sites the pages describe (and these tests need) are there; a new site adds to them.
    assert {s.id for s in kb.sites} >= {
        "net",
        "nec",
        "lung",
        "stomach",
        "duodenum",
        "small-bowel",
        "appendix",
        "large-bowel-rectum",
        "pancreas",
        "merkel-cell",
    }
    covered = {v for s in kb.sites if s.group == "site" for v in s.answer_values}
    [question] = [q for q in kb.questions if q.id == "site"]
    assert covered <= {c.value for c in question.choices}, "a site names an answer the question has"
    assert covered >= {
        "stomach",
        "duodenum",
        "small-bowel",
        "appendix",
        "colon",
        "rectum",
        "pancreas",
        "lung",
        "skin",
    }
    for s in kb.sites:
        if s.coverage == "little":
            assert s.coverage_note is not None, s.id


def test_statements_are_statements(kb: KnowledgeBase) -> None:
    """Notes are sourced statements; the disclaimer keeps its meaning."""
    assert kb.notes and all(isinstance(n, Statement) and n.sources for n in kb.notes)
    assert "not medical advice" in kb.disclaimer
    assert "may be discussed with your specialist team" in kb.disclaimer
    # The version and date are the file's own (no test pins them, so a data change needs no edit).
    raw = yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))
    assert kb.version == str(raw["version"]) and re.fullmatch(r"\d+(\.\d+)*", kb.version)
    assert kb.date == raw["date"] and isinstance(kb.date, dt.date)


def test_disagreements_have_two_sided_positions(kb: KnowledgeBase) -> None:
    for record in (*kb.treatments, *kb.drugs):
        for d in record.disagreements:
            assert len(d.positions) >= 2, (record.id, d.topic)
            assert len({p.says for p in d.positions}) == len(d.positions)
            pages = {tuple(p.sources) for p in d.positions}
            # Different sources, unless one page contradicts itself (a heading and its text).
            assert len(pages) in (1, len(d.positions)), (record.id, d.topic)


# ---------------------------------------------------------------------------------------------
# Issue 11: principles stated once, wording strength, the missing disagreements, and the
# statements the pages do not support.


def test_every_principle_cites_its_sentence(kb: KnowledgeBase) -> None:
    pages = {P000, P001, P002, P003, P004}
    assert {p.id for p in kb.principles} >= {
        "curative-needs-all-removable",
        "palliative-when-not-all-removable",
        "operations-need-fitness",
        "nec-surgery-only-if-not-spread",
        "net-only",
        "nec-only",
        "small-tumours-only",
    }
    for p in kb.principles:
        assert set(p.says.sources) & pages, p.id
        rules = [*p.not_suitable_when, *p.later_when]
        assert rules and all(set(r.sources) & pages for r in rules), p.id


def test_intent_principles_follow_page_003(kb: KnowledgeBase) -> None:
    """003: "Potentially curative surgery is used when ... it's possible to remove (resect) all
    the cancer." / "Palliative surgery may be done if imaging tests show that the cancer is too
    widespread to be removed completely." """
    cur = principle(kb, "curative-needs-all-removable")
    assert cur.for_intent == "curative" and cur.says.sources == [P003]
    assert [r.when for r in cur.not_suitable_when] == [{"resectable": ["no"]}]
    pal = principle(kb, "palliative-when-not-all-removable")
    assert pal.for_intent == "palliative"
    assert [r.when for r in pal.not_suitable_when] == [{"resectable": ["yes"]}]
    assert treatment(kb, "debulking-surgery").intent == "palliative"
    # Every operation aiming at a cure declares the curative intent, so the principle reaches it;
    # the one exception is the operation had (surgery's cure aim once an operation removed it).
    for t in kb.treatments:
        if any(a.goal == "cure" and not _only_once_removed(a) for a in t.aim):
            assert t.intent == "curative", t.id


def _only_once_removed(aim: Aim) -> bool:
    """Whether an aim stands only once an operation has removed it (``previous: surgery``)."""
    return any(set(u) == {"previous"} and "surgery" not in u["previous"] for u in aim.unless)


def test_every_operation_needs_fitness(kb: KnowledgeBase) -> None:
    """001 lists other treatments for when "you can't have surgery to remove the NET"."""
    for t in kb.treatments:
        if t.category == "surgery" or t.id in ("liver-resection", "liver-transplant"):
            assert "operations-need-fitness" in t.principles, t.id
            assert blocked(t, {"fit_for_surgery": {"no"}}), t.id


def test_aim_cure_only_where_page_003_says_lymph_nodes_or_curative(kb: KnowledgeBase) -> None:
    """003: potentially curative operations "remove the primary tumor and surrounding lymph nodes
    with cancer cells"; operations that remove only the tumour are given no aim of cure."""
    for tid in (
        "endoscopic-resection",
        "local-excision",
        "transanal-removal",
        "lar",
        "ap-resection",
    ):
        assert "cure" not in aims(treatment(kb, tid)), tid
    for tid in ("partial-gastrectomy", "small-bowel-resection", "hemicolectomy", "whipple"):
        assert P003 in aims(treatment(kb, tid))["cure"], tid
    # Surgery as a whole may be debulking: a cure only of the operation had that removed it (F4 of
    # issue 21's third read).
    assert all(_only_once_removed(a) for a in treatment(kb, "surgery").aim if a.goal == "cure")


def test_unsupported_statements_are_gone(kb: KnowledgeBase) -> None:
    texts = " ".join(
        str(getattr(obj, "text", "") or getattr(obj, "says", ""))
        for _, obj in walk(kb)
        if isinstance(obj, Statement) or hasattr(obj, "says")
    )
    assert "most often removed through an endoscope" not in texts
    assert "first (primary)" not in texts
    deb = treatment(kb, "debulking-surgery")
    for c in deb.caveats:
        if "cure" in c.text:
            assert P000 not in c.sources  # 000 says the aim "might not" be to cure
    prrt = treatment(kb, "prrt")
    for r in prrt.offered_when:
        if P000 in r.sources:
            assert "sstr" not in r.when  # 000 states no receptor condition


def test_real_disagreements_are_recorded_and_the_others_are_statements(kb: KnowledgeBase) -> None:
    """Issue 11 named six missing disagreements; the audit (C1) found four of them are not pages
    disagreeing. Those are plain statements now, and the tension the audit found missing is one."""

    def topics(records: list[Any]) -> str:
        return " | ".join(d.topic.lower() for r in records for d in r.disagreements)

    def said(statements: list[Any]) -> str:
        return " | ".join(x.text.lower() for x in statements)

    ssa = treatment(kb, "somatostatin-analogues")
    assert "receptor scan" in topics([ssa]) and "carcinoid crisis" not in topics([ssa])
    assert "everolimus" in topics([treatment(kb, "targeted-drugs"), drug(kb, "everolimus")])
    # One page (000) against itself: a heading and its text.
    assert "carcinoid crisis" in said(ssa.caveats)
    hormones = topic(kb, "hormone-symptoms")
    assert "carcinoid crisis" in said(hormones.statements) and not hormones.disagreements
    # 000 and 003 complement each other on liver surgery.
    liver = treatment(kb, "liver-resection")
    assert not liver.disagreements
    assert {P000, P003} <= {x for c in liver.caveats + liver.may_cost for x in c.sources}
    # Issue 21's audit: 001 "most of the tumour" and 003 "too widespread to be removed
    # completely" describe different operations, not a disagreement; 000 (the aim for a spread
    # stomach NET "might not be to cure") against 003 ("potentially curative" operations that
    # remove the lymph nodes with cancer cells) is one.
    [d] = treatment(kb, "debulking-surgery").disagreements
    assert [p.sources for p in d.positions] == [[P000], [P003]]
    # 004 counts Merkel cell carcinoma among NETs; 001 splits NETs from NECs (carcinomas).
    merkel, nets = site(kb, "merkel-cell"), topic(kb, "net-and-nec")
    [m] = merkel.disagreements
    assert [p.sources for p in m.positions] == [[P004], [P001]]
    assert "merkel" in said(merkel.about) and "merkel" in said(nets.statements)


def test_wording_strength_is_data(kb: KnowledgeBase) -> None:
    """001: "only suitable for a very small number of people", "a less common treatment"; 000:
    "You are likely to have hepatic artery embolisation if you can't have surgery." """
    levels = {t.id: {w.level for w in t.wording} for t in kb.treatments}
    assert "rare" in levels["liver-transplant"]
    assert "less-common" in levels["tace"]
    assert "likely" in levels["tae"]


def test_grade_3_says_the_pages_do_not_describe_it(kb: KnowledgeBase) -> None:
    """001: "is grade 1 or grade 2 - this means the NET is slow or moderately fast growing";
    "NECs are all high grade." Nothing on grade 3 NETs."""
    [three] = [c for c in question(kb, "grade").choices if c.value == "3"]
    assert three.note is not None and P001 in three.note.sources


def test_not_tested_means_not_known(kb: KnowledgeBase) -> None:
    """001: "Doctors can check for this using special scans." A scan not done is not a no."""
    [nt] = [c for c in question(kb, "sstr").choices if c.value == "not-tested"]
    assert nt.unknown


def test_skin_finds_merkel_cell_carcinoma(kb: KnowledgeBase) -> None:
    """The answer value `skin` is also a name that `netcli site` resolves."""
    assert alias(site(kb, "merkel-cell"), "skin").sources == [P004]


def test_every_option_has_its_five_rows_sourced_or_with_the_question_to_ask(
    kb: KnowledgeBase,
) -> None:
    # Issue 22: what it is, what it involves, what it may do for you, what it may cost you, how
    # often the pages say it is used. A row the pages leave open carries the question to ask.
    for t in kb.treatments:
        rows = m.option_rows(t)
        assert [r.key for r in rows] == list(m.ROW_KEYS), t.id
        for r in rows:
            assert r.says or r.ask, (t.id, r.key)
            assert all(s.sources for s in r.says), (t.id, r.key)
            assert r.ask is None or r.ask.endswith("?"), (t.id, r.key)
    # Most harms are honestly not in the pages: the question is there for them.
    assert sum(1 for t in kb.treatments if t.not_said.get("may_cost")) >= 25
    whipple = {r.key: r for r in m.option_rows(treatment(kb, "whipple"))}
    assert any("risk" in s.text for s in whipple["may_cost"].says)
    assert whipple["may_cost"].says[0].sources == ["acs-gi-surgery"]


def test_the_words_a_newcomer_did_not_know_are_explained(kb: KnowledgeBase) -> None:
    # Issue 22: hepatic, ablation, embolisation, radionuclide, trans arterial, serotonin and
    # progressive disease each have a glossary entry, linked from the records that use them.
    by_term = {t.term: t for t in kb.glossary}
    words = ["hepatic", "ablation", "embolisation", "radionuclide", "trans arterial", "serotonin"]
    for word in [*words, "progressive disease"]:
        assert word in by_term and by_term[word].definition, word
    used = {tid for t in kb.treatments for tid in t.terms}
    assert {"hepatic", "ablation", "embolisation", "radionuclide", "trans-arterial"} <= used
    assert {"serotonin", "progressive-disease"} <= used
    # 001: RFA "uses heat made by radio waves to kill cancer cells".
    assert by_term["ablation"].sources == [P001]


def test_about_says_once_that_the_pages_give_no_figures(kb: KnowledgeBase) -> None:
    # Issue 22: the pages give no outcome figures, and their words for how often ("often",
    # "less common") come with no number; `netcli about` says so once.
    assert kb.about is not None
    said = [g.text for g in kb.about.not_covered if "no number" in g.text]
    assert len(said) == 1
    assert "how often" in said[0] and "how long people live" in said[0]

"""What a newcomer meets first (issue 26): `netcli` alone, `--help`, names typed without quotes,
brand names, spelling variants and the glossary's order. Against the shipped knowledge base."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_netcli_alone_introduces_itself_and_exits_0(run: Callable[..., Result]) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "netcli explore" in result.stdout
    assert "netcli --help" in result.stdout
    # Short: it fits a 60 x 24 terminal.
    lines = result.stdout.splitlines()
    assert len(lines) <= 20
    assert max(len(line) for line in lines) <= 60


def test_help_lists_explore_first_and_cuts_no_description(run: Callable[..., Result]) -> None:
    out = run("--help").stdout
    listed = out[out.index("Commands:") :].splitlines()[1:]
    first = next(line.split()[0] for line in listed if line.strip())
    assert first == "explore"
    assert "..." not in "\n".join(listed)
    # Each command's first sentence is there in full (wrapped), ending with its full stop.
    flat = " ".join(out.split())
    assert "the options the sources describe for your situation." in flat
    assert "which treatments use it, and the sources." in flat


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (("drug", "octreotide", "LAR"), "octreotide"),
        (("treatment", "liver", "transplant"), "Liver transplant"),
        (("site", "small", "intestine"), "small"),
        (("glossary", "carcinoid", "syndrome"), "carcinoid syndrome"),
        (("source", "esmo-2020-gep"), "ESMO"),
    ],
)
def test_unquoted_words_are_one_name(
    run: Callable[..., Result], args: tuple[str, ...], found: str
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert found.casefold() in result.stdout.casefold()
    # The same as the quoted name.
    quoted = run(args[0], " ".join(args[1:]))
    assert quoted.stdout == result.stdout


def test_search_takes_unquoted_words(run: Callable[..., Result]) -> None:
    result = run("search", "liver", "spread", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["query"] == "liver spread"
    assert document["hits"]


# Brand names on a patient's box, which the pages don't use: each finds its drug, and the view says
# where the name comes from. Only well-known brands of the drugs the knowledge base already has.
BRANDS = {
    "Afinitor": "everolimus",
    "Sutent": "sunitinib",
    "Sandostatin LAR": "octreotide",
    "Somatuline": "lanreotide",
    "Somatuline Autogel": "lanreotide",
    "Somatuline Depot": "lanreotide",
    "Adriamycin": "doxorubicin",
    "Xeloda": "capecitabine",
    "Temodal": "temozolomide",
    "Temodar": "temozolomide",
    "Paraplatin": "carboplatin",
    "Etopophos": "etoposide",
    "Vepesid": "etoposide",
    "Campto": "irinotecan",
    "Camptosar": "irinotecan",
    "Lutathera": "lutetium-177",
}


@pytest.mark.parametrize(("brand", "drug"), BRANDS.items())
def test_a_brand_the_pages_dont_use_finds_its_drug(
    run: Callable[..., Result], brand: str, drug: str
) -> None:
    result = run("drug", *brand.split(), "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["id"] == drug
    details = {a["name"]: a for a in document["alias_details"]}
    name = brand if brand in details else next(n for n in details if n.startswith(brand))
    assert details[name]["not_in_pages"] is True
    assert details[name]["sources"] == []


def test_the_drug_view_says_the_pages_dont_use_a_brand(run: Callable[..., Result]) -> None:
    out = " ".join(run("drug", "Afinitor").stdout.replace("│", " ").split())
    assert "Afinitor (a brand name; the pages don't use it)" in out


def test_a_brand_a_page_uses_is_not_marked(run: Callable[..., Result]) -> None:
    out = " ".join(run("drug", "Sandostatin").stdout.replace("│", " ").split())
    assert "Sandostatin [" in out and "Sandostatin (" not in out


def test_every_name_the_pages_dont_use_is_on_a_drug_and_said_in_the_readme(
    run: Callable[..., Result],
) -> None:
    from netcli import knowledge
    from netcli.knowledge.load import open_kb

    kb = open_kb(knowledge.default_kb_path(), "kb")
    for section in ("treatments", "sites", "glossary", "topics"):
        for record in kb.all(section):
            assert not any(a.not_in_pages for a in getattr(record, "aliases", [])), record.id
    marked = {a.name for d in kb.all("drugs") for a in d.aliases if a.not_in_pages}
    assert set(BRANDS) - {"Somatuline"} <= marked
    assert "the pages don't use" in README


def test_diarrhoea_and_diarrhea_find_the_glossary_entry(run: Callable[..., Result]) -> None:
    for word in ("diarrhoea", "diarrhea", "Diarrhoea"):
        result = run("glossary", word, "--json")
        assert result.exit_code == 0, result.stderr
        assert [t["id"] for t in json.loads(result.stdout)["terms"]] == ["diarrhoea"]


def test_list_glossary_is_alphabetical(run: Callable[..., Result]) -> None:
    items = json.loads(run("list", "glossary", "--json").stdout)["items"]
    names = [i["name"] for i in items]
    assert len(names) > 20
    assert names == sorted(names, key=str.casefold)


# --- Words shown to a person (issue 26) ----------------------------------------------------------


def flat(result: Result) -> str:
    return " ".join(result.stdout.replace("│", " ").split())


def test_about_names_the_barely_described_sites_as_a_sentence(run: Callable[..., Result]) -> None:
    out = flat(run("about"))
    assert "the pages barely describe Lung neuroendocrine tumours and Merkel cell carcinoma." in out


def test_a_sources_box_header_is_never_cut(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    first = run("source", "esmo-2020-gep").stdout.splitlines()[0]
    assert "Gastroenteropancreatic neuroendocrine neoplasms ─" in first


def test_compare_says_what_it_is_not_its_group(run: Callable[..., Result]) -> None:
    document = json.loads(run("compare", "TACE", "PRRT", "--json").stdout)
    text = json.dumps(document)
    assert "Treatments aimed at the liver." not in text


def test_explore_view_names_commands_by_name_and_numbers_sources_in_ranges(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("explore", "-a", "kind=net", "-a", "site=pancreas", "-a", "spread=liver")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    more = [line.strip() for line in lines if "More:" in line]
    assert "More: netcli treatment Whipple" in more  # an abbreviation the pages use, not an id
    assert all(line.startswith("More: netcli treatment") for line in more)  # never split
    assert "netcli treatment tace" not in result.stdout
    assert "1-3" in result.stdout  # "1,2,3" folded as "1,2,3," / ",4" no more
    assert not any(line.strip().startswith(",") for line in lines)
    assert "netcli explore ..." not in result.stdout


def test_the_results_browser_view_shows_no_commands_or_ids() -> None:
    import io

    from netcli import knowledge
    from netcli.env import Env
    from netcli.explore.answers import check
    from netcli.explore.result import assemble
    from netcli.knowledge.load import load_file
    from netcli.knowledge.validate import validate
    from netcli.render.blocks import console
    from netcli.render.terminal import render

    path = knowledge.default_kb_path()
    kb = validate(load_file(path, str(path)), str(path))
    answers = check({"kind": ["net"], "site": ["stomach"], "spread": ["liver"]}, kb.questions)
    env = Env.in_memory(terminal=False, columns=100)
    render(assemble(kb, answers, env.today), console(env), kb.disclaimer)
    out = env.stdout.getvalue()
    assert isinstance(env.stdout, io.StringIO) and "Options that may be discussed" in out
    assert "More: netcli" not in out and "--all" not in out
    assert "[cruk-stomach-spread]" not in out and "[cruk-treatment-options]" not in out


@pytest.mark.parametrize("name", ["pancreas", "stomach", "small intestine", "appendix", "lung"])
def test_a_site_lists_only_the_sources_it_cites(
    run: Callable[..., Result], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = run("site", name).stdout
    body, listed = out.split("│ Sources", 1)
    numbers = re.findall(r"^│ (\d+)\. ", listed, re.MULTILINE)
    assert numbers
    for n in numbers:
        assert f"[{n}]" in body, f"source {n} is listed but never cited"


def test_compare_says_when_each_limit_holds(run: Callable[..., Result]) -> None:
    # "The pages describe this treatment for NETs ..." read as praise in the "not suitable" row;
    # each limit now says the situation it is for.
    document = json.loads(run("compare", "TACE", "Liver resection", "--json").stdout)
    row = next(r for r in document["rows"] if r["key"] == "not_suitable_when")
    texts = [i["text"] for cell in row["cells"] for i in cell]
    assert any(t.startswith("If it is a neuroendocrine carcinoma (NEC): The pages") for t in texts)
    assert not any(t.startswith("The pages describe this treatment") for t in texts)

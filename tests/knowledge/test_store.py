"""store: the validated knowledge base behind a small read API, and its SQLite cache."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from netcli import lookup as lk
from netcli.errors import InvalidDataError, NotFoundError
from netcli.knowledge import cache, cachedir, index, load
from netcli.knowledge import model as m
from netcli.knowledge import validate as validate_module
from netcli.knowledge.index import Hit, from_knowledge_base
from netcli.knowledge.load import load_file, open_kb
from netcli.knowledge.plain import from_plain, to_plain
from netcli.knowledge.validate import validate
from tests.helpers import own_words


def fresh(path: Path) -> m.KnowledgeBase:
    """The knowledge base read and validated straight from its file, no cache involved."""
    return validate(load_file(path), str(path))


def cache_files(root: Path) -> list[Path]:
    return sorted(root.glob("kb-*.sqlite"))


def forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any further parse-and-validate fail loudly, so a test can tell a cache hit."""

    def refuse(*args: object, **kwargs: object) -> m.KnowledgeBase:
        raise AssertionError("the knowledge base was validated again")

    monkeypatch.setattr(validate_module, "validate", refuse)


# --- The cache ------------------------------------------------------------------------------------


def test_the_first_open_writes_one_cache_file(kb_file: Path, cache_dir: Path) -> None:
    assert open_kb(kb_file).meta.version == "2.0"
    [db] = cache_files(cache_dir)
    assert db.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_cache_hit_gives_the_same_knowledge_base_as_a_fresh_load(kb_file: Path) -> None:
    first = open_kb(kb_file).knowledge_base()
    second = open_kb(kb_file).knowledge_base()
    assert first == fresh(kb_file)
    assert second == fresh(kb_file)


def test_a_cache_hit_does_not_parse_or_validate_again(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert open_kb(kb_file).meta.version == "2.0"
    forbid_validation(monkeypatch)
    kb = open_kb(kb_file)
    assert kb.get("drugs", "octreotide").drug_class.text == "A somatostatin analogue."


def test_an_edited_file_is_validated_again(
    write_kb: Callable[..., Path], kb_yaml: str, cache_dir: Path
) -> None:
    path = write_kb(kb_yaml)
    assert open_kb(path).meta.version == "2.0"
    write_kb(kb_yaml.replace('version: "2.0"', 'version: "2.10"'))
    assert open_kb(path).meta.version == "2.10"
    assert len(cache_files(cache_dir)) == 2


def test_an_edited_file_that_became_invalid_is_refused(
    write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    path = write_kb(kb_yaml)
    assert open_kb(path).meta.version == "2.0"
    write_kb(kb_yaml.replace('version: "2.0"', "version: 20"))
    with pytest.raises(InvalidDataError) as caught:
        open_kb(path)
    assert [own_words(str(p)) for p in caught.value.problems] == [
        f"{path}:1:10: version: … (got 20)"
    ]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda db: db.write_bytes(b"this is not a database\n" * 400), id="corrupt"),
        pytest.param(lambda db: db.write_bytes(db.read_bytes()[:5000]), id="truncated"),
        pytest.param(lambda db: db.write_bytes(b""), id="empty"),
    ],
)
def test_a_spoilt_cache_file_is_ignored_and_rebuilt(
    kb_file: Path, cache_dir: Path, spoil: Callable[[Path], object]
) -> None:
    assert open_kb(kb_file).meta.version == "2.0"
    [db] = cache_files(cache_dir)
    spoil(db)
    assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
    assert db.read_bytes().startswith(b"SQLite format 3\x00")
    # The rebuilt file is a good cache again.
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (cache.FORMAT,)
    conn.close()


def test_a_cache_file_of_another_format_is_ignored_and_rebuilt(
    kb_file: Path, cache_dir: Path
) -> None:
    assert open_kb(kb_file).meta.version == "2.0"
    [db] = cache_files(cache_dir)
    db.unlink()
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('format', 'netcli-kb-cache-0-0.0.0');"
        "INSERT INTO meta VALUES ('version', 'from another program');"
    )
    conn.close()
    assert open_kb(kb_file).meta.version == "2.0"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == ("2.0",)
    conn.close()


def test_a_deleted_cache_file_is_rebuilt(kb_file: Path, cache_dir: Path) -> None:
    assert open_kb(kb_file).meta.version == "2.0"
    [db] = cache_files(cache_dir)
    db.unlink()
    assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
    assert db.exists()


def test_a_cache_folder_that_cannot_be_created_is_skipped_silently(
    kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(blocker / "cache"))
    assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
    assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
    assert blocker.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="permissions do not stop root from writing",
)
def test_a_read_only_cache_folder_is_skipped_silently(kb_file: Path, cache_dir: Path) -> None:
    cache_dir.chmod(0o500)
    try:
        assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
        assert cache_files(cache_dir) == []
    finally:
        cache_dir.chmod(0o700)


@pytest.mark.parametrize("char", ["#", "?", "%"])
def test_the_cache_works_in_a_folder_whose_name_has_uri_characters(
    kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char: str
) -> None:
    # The cache is opened through an SQLite URI; the folder name must not be read as part of it.
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(tmp_path / f"cache{char}41"))
    assert open_kb(kb_file).meta.version == "2.0"
    forbid_validation(monkeypatch)
    assert open_kb(kb_file).get("drugs", "fluorouracil").name == "fluorouracil"


def test_no_cache_turns_the_cache_off(
    kb_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    assert cachedir.cache_dir() is None
    assert open_kb(kb_file).knowledge_base() == fresh(kb_file)
    assert list(cache_dir.iterdir()) == []


def test_the_cache_folder_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(tmp_path / "mine"))
    assert cachedir.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("NETCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cachedir.cache_dir() == tmp_path / "xdg" / "netcli"


def test_open_kb_reports_a_missing_file_with_its_label(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        open_kb(tmp_path / "nope.yaml", "my.yaml")
    assert caught.value.message == "The knowledge base cannot be read:\nmy.yaml: no such file"


def test_open_kb_reports_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        open_kb(tmp_path, "my.yaml")
    assert caught.value.message == (
        "The knowledge base cannot be read:\nmy.yaml: this is a folder, not a file"
    )


def test_open_kb_refuses_a_file_over_the_size_limit(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit is copied at import into the modules that read a knowledge base: load (the
    # loader) and cache (the early TAB path).
    for module in (load, cache):
        monkeypatch.setattr(module, "MAX_BYTES", 100)
    size = kb_file.stat().st_size
    with pytest.raises(InvalidDataError) as caught:
        open_kb(kb_file, "kb.yaml")
    assert caught.value.message == (
        f"The knowledge base cannot be read:\nkb.yaml: the file is {size:,} bytes; the limit is 100"
    )


def test_the_label_is_the_path_shown(kb_file: Path) -> None:
    assert open_kb(kb_file, "shown.yaml").meta.path == "shown.yaml"
    assert open_kb(kb_file).meta.path == str(kb_file)


# --- Plain data -----------------------------------------------------------------------------------


def test_to_plain_and_from_plain_round_trip_the_whole_knowledge_base(kb_file: Path) -> None:
    kb = fresh(kb_file)
    plain = to_plain(kb)
    assert from_plain(m.KnowledgeBase, plain) == kb
    # What the cache stores is JSON text.
    assert from_plain(m.KnowledgeBase, json.loads(json.dumps(plain))) == kb


def test_to_plain_writes_dates_as_text_and_keeps_none(kb_file: Path) -> None:
    source = fresh(kb_file).sources[1]
    plain = to_plain(source)
    assert plain["last_reviewed"] == "2020-02-01"
    assert plain["year"] is None
    assert plain["cited_by"] == []


def test_from_plain_restores_nested_records(kb_file: Path) -> None:
    treatment = fresh(kb_file).treatments[1]
    again = from_plain(m.Treatment, to_plain(treatment))
    assert again.drugs[1] == m.DrugUse(
        drug="streptozocin", sources=["hospital-page"], note="with fluorouracil"
    )
    assert again.not_suitable_when[0].when == {"site": ["small-bowel"]}


def test_an_in_memory_store_reads_the_same_as_the_cache(kb_file: Path) -> None:
    kb = fresh(kb_file)
    assert from_knowledge_base(kb).knowledge_base() == open_kb(kb_file).knowledge_base()


# --- Reading --------------------------------------------------------------------------------------


@pytest.fixture
def kb(kb_file: Path) -> index.KB:
    return open_kb(kb_file)


def test_meta(kb: index.KB, kb_file: Path) -> None:
    meta = kb.meta
    assert (meta.version, meta.date.isoformat(), meta.path) == ("2.0", "2025-03-01", str(kb_file))
    assert meta.disclaimer == (
        "General information, not medical advice. Talk it over with your team."
    )
    assert meta.counts == {
        "sources": 3,
        "questions": 2,
        "treatments": 3,
        "drugs": 3,
        "sites": 1,
        "glossary": 1,
        "topics": 1,
        "ask": 0,
        "principles": 0,
    }
    assert len(meta.digest) == 64


def test_get_and_all(kb: index.KB) -> None:
    assert kb.get("treatments", "tace").name == "Trans-arterial chemoembolisation"
    assert [t.id for t in kb.all("treatments")] == ["sstas", "chemotherapy", "tace"]
    with pytest.raises(KeyError):
        kb.get("drugs", "sstas")


def test_names_in_file_order(kb: index.KB) -> None:
    assert [(g.id, g.term) for g in kb.all("glossary")] == [("mdt", "Multidisciplinary team")]
    assert kb.all("sources")[2].id == "guideline-2020"


def test_lookup_names_are_names_and_aliases_sorted_without_ids(kb: index.KB) -> None:
    assert kb.lookup_names("drugs") == [
        "5-FU",
        "fluorouracil",
        "octreotide",
        "Sandostatin",
        "streptozocin",
        "streptozotocin",
        "Zanosar",
    ]
    # "sstas" and "tace" are ids; every other treatment name is a display name or an alias.
    assert kb.lookup_names("treatments") == [
        "chemo",
        "Chemotherapy",
        "hepatic artery chemoembolisation",
        "Somatostatin analogues",
        "SSAs",
        "TACE",
        "Trans-arterial chemoembolisation",
    ]


def test_site_answer_words_find_their_site_but_are_not_completed(kb: index.KB) -> None:
    assert kb.exact("sites", "Small bowel") is None  # the inline site has no such answer value
    assert kb.exact("sites", "pancreas") == "pancreas"
    assert "Pancreas" not in kb.lookup_names("sites")


def test_used_by_lists_the_treatments_that_use_a_drug(kb: index.KB) -> None:
    assert [t.id for t in kb.used_by("fluorouracil")] == ["chemotherapy"]
    assert [t.id for t in kb.used_by("octreotide")] == ["sstas"]
    assert kb.used_by("everolimus") == []


@pytest.mark.parametrize(
    ("section", "name", "record_id"),
    [
        ("drugs", "octreotide", "octreotide"),
        ("drugs", "OCTREOTIDE", "octreotide"),
        ("drugs", "Sandostatin", "octreotide"),  # a brand
        ("drugs", "sandostatin", "octreotide"),
        ("drugs", "Octréotide", "octreotide"),  # accents
        ("drugs", "5-FU", "fluorouracil"),  # an abbreviation
        ("drugs", "5FU", "fluorouracil"),
        ("drugs", "5 fu", "fluorouracil"),
        ("drugs", "streptozotocin", "streptozocin"),  # another spelling
        ("drugs", "ZANOSAR", "streptozocin"),
        ("treatments", "TACE", "tace"),
        ("treatments", "tace", "tace"),
        ("treatments", "trans arterial chemoembolization", "tace"),  # US spelling, no hyphen
        ("treatments", "Hepatic-artery chemoembolization", "tace"),
        ("treatments", "somatostatin analogues", "sstas"),
        ("treatments", "S.S.A.s", "sstas"),
        ("treatments", "chemo", "chemotherapy"),
        ("sites", "pancreatic neuroendocrine tumor", "pancreas"),  # tumour / tumor
        ("sites", "PNET", "pancreas"),
        ("sites", "pancreas", "pancreas"),  # the id
        ("glossary", "mdt", "mdt"),
        ("glossary", "multi-disciplinary team", "mdt"),
        ("topics", "Specialist team", "team"),
        ("topics", "team", "team"),
        ("sources", "hospital-page", "hospital-page"),
        ("sources", "Chemotherapy for NETs", "hospital-page"),  # a source's title
    ],
)
def test_a_record_is_found_by_any_of_its_names(
    kb: index.KB, section: str, name: str, record_id: str
) -> None:
    assert kb.exact(section, name) == record_id


def test_a_name_is_found_only_in_its_own_kind(kb: index.KB) -> None:
    assert kb.exact("treatments", "octreotide") is None
    with pytest.raises(NotFoundError) as caught:
        lk.find(kb, "treatments", "octreotide")
    assert [p.section for p in caught.value.elsewhere] == ["drugs"]


def test_an_unknown_name_suggests_close_matches(kb: index.KB) -> None:
    with pytest.raises(NotFoundError) as caught:
        lk.find(kb, "drugs", "octreotdie")
    error = caught.value
    # Data only: render.hints writes the words (tests/render/test_hints.py).
    assert (error.section, error.name, error.suggestions) == ("drugs", "octreotdie", ["octreotide"])
    assert (error.elsewhere, error.mentions) == ([], [])


@pytest.mark.parametrize(
    ("section", "name", "suggestions"),
    [
        ("drugs", "octreotid", ["octreotide"]),
        ("drugs", "sandostatn", ["Sandostatin"]),
        ("drugs", "strep", ["streptozocin"]),  # a prefix; two names of one drug count once
        ("drugs", "5-F", ["5-FU"]),
        ("treatments", "chemoterapy", ["Chemotherapy"]),  # shown as written
        ("sites", "pancreatic", ["pancreas"]),
        ("drugs", "xyzzy", []),
        ("drugs", "", []),
        ("drugs", "---", []),
    ],
)
def test_suggest(kb: index.KB, section: str, name: str, suggestions: list[str]) -> None:
    assert kb.suggest(section, name) == suggestions


def test_suggest_gives_at_most_the_limit(kb: index.KB) -> None:
    assert len(kb.suggest("treatments", "c", limit=1)) <= 1
    assert kb.suggest("drugs", "o", limit=3) == []  # one letter is no prefix


def test_search_finds_records_of_every_kind_in_a_fixed_order(kb: index.KB) -> None:
    # The record the words name comes first; then every kind in a fixed order.
    assert kb.search("chemotherapy") == [
        Hit("treatments", "chemotherapy", "Chemotherapy"),
        Hit("drugs", "fluorouracil", "fluorouracil"),
        Hit("drugs", "streptozocin", "streptozocin"),
        Hit("treatments", "tace", "Trans-arterial chemoembolisation"),
        Hit("sites", "pancreas", "Pancreatic neuroendocrine tumour"),
        Hit("sources", "hospital-page", "Chemotherapy for NETs"),
    ]


def test_search_finds_glossary_terms_and_topics(kb: index.KB) -> None:
    assert kb.search("specialists") == [
        Hit("glossary", "mdt", "Multidisciplinary team"),
        Hit("topics", "team", "Your specialist team"),
    ]


def test_search_needs_every_word(kb: index.KB) -> None:
    assert kb.search("mouth sore") == [Hit("drugs", "fluorouracil", "fluorouracil")]
    assert kb.search("mouth liver") == []


def test_search_ignores_case_accents_and_uk_us_spelling(kb: index.KB) -> None:
    assert kb.search("EMBOLIZATION") == [
        Hit("treatments", "tace", "Trans-arterial chemoembolisation")
    ]
    assert [h.id for h in kb.search("tumor")] == [
        "sstas",
        "tace",
        "pancreas",
        "charity-page",
    ]


@pytest.mark.parametrize("text", ["", "   ", "%", "_", "\\"])
def test_search_for_no_words_or_like_wildcards_finds_nothing(kb: index.KB, text: str) -> None:
    assert kb.search(text) == []

"""The cache proves itself: it is believed only when it came from the exact bytes of the YAML read
on this run, from a private folder and file of this user. Every poisoned cache here is one that
the cache before issue 13 believed."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from netcli.knowledge import cache, cachedir, tables
from netcli.knowledge import model as m
from netcli.knowledge.load import load_file, open_kb
from netcli.knowledge.validate import validate

REAL = "A somatostatin analogue."
POISON = "Take ten times the prescribed dose."


def cache_files(root: Path) -> list[Path]:
    return sorted(root.glob("kb-*.sqlite"))


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def forge(kb_file: Path, folder: Path, *, disclaimer: str = "Trust me.") -> Path:
    """A cache for ``kb_file``'s exact bytes, built the way netcli builds one (every row's check
    right), but holding poisoned text: what someone who knows the scheme would plant."""
    kb = validate(load_file(kb_file), str(kb_file))
    drugs = [
        m.Drug(**{**d.__dict__, "drug_class": m.Statement(POISON, d.drug_class.sources)})
        if d.id == "octreotide"
        else d
        for d in kb.drugs
    ]
    poisoned = m.KnowledgeBase(**{**kb.__dict__, "drugs": drugs, "disclaimer": disclaimer})
    digest = digest_of(kb_file)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"kb-{digest[:40]}.sqlite"
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    tables.build(conn, poisoned, digest)
    conn.close()
    db.chmod(0o600)
    return db


def sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def shows_the_real_text(result: Result) -> None:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert REAL in result.stdout
    assert POISON not in result.stdout
    assert "Trust me" not in result.stdout
    assert result.stderr == ""


# --- Forged or edited content ---------------------------------------------------------------------


def test_a_forged_cache_built_for_the_same_bytes_is_believed_only_when_private_and_ours(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path
) -> None:
    # The control: a forged cache with every check right, in this user's private folder, is the
    # one thing that is read (the cache cannot tell it from its own; only this user could plant
    # it). Every other test here shows a way a cache is refused.
    forge(kb_file, cache_dir)
    assert POISON in run_kb("drug", "octreotide").stdout


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE records SET data = replace(data, 'A somatostatin analogue.', "
        "'Take ten times the prescribed dose.') WHERE id = 'octreotide'",
        "UPDATE meta SET value = 'Trust me.' WHERE key = 'disclaimer'",
        "UPDATE names SET id = 'fluorouracil' WHERE key = 'sandostatin'",
        "DELETE FROM records WHERE id = 'octreotide'",
        "DELETE FROM uses",
        "INSERT INTO uses VALUES ('octreotide', 'chemotherapy', 0, 'x')",
        "UPDATE meta SET value = 'nonsense' WHERE key = 'digest'",
        "UPDATE records SET data = '{not json' WHERE id = 'octreotide'",
        "UPDATE records SET data = '[]' WHERE id = 'octreotide'",
        "UPDATE meta SET value = '{' WHERE key = 'notes'",
    ],
    ids=[
        "edited-record",
        "edited-disclaimer",
        "redirected-name",
        "deleted-record",
        "deleted-uses",
        "added-use",
        "edited-digest",
        "bad-json",
        "wrong-shape-json",
        "bad-notes",
    ],
)
def test_an_edited_cache_row_is_noticed_and_the_cache_rebuilt(
    run_kb: Callable[..., Result], cache_dir: Path, edit: str
) -> None:
    first = run_kb("drug", "Sandostatin")
    assert REAL in first.stdout
    (db,) = cache_files(cache_dir)
    sql(db, edit)
    for _ in range(2):  # the rebuilt cache is good: the second run reads it
        result = run_kb("drug", "Sandostatin")
        shows_the_real_text(result)
        assert result.stdout == first.stdout
        assert "streptozocin" not in run_kb("treatment", "chemotherapy").stdout.split("Drugs")[0]
    listing = run_kb("list", "drugs")
    assert "octreotide" in listing.stdout


@pytest.mark.parametrize(
    "edit",
    [
        "CREATE TABLE extra (x)",
        "CREATE VIEW v AS SELECT * FROM meta",
        "CREATE INDEX more ON records (name)",
        "CREATE TRIGGER t AFTER INSERT ON uses BEGIN DELETE FROM meta; END",
    ],
    ids=["table", "view", "index", "trigger"],
)
def test_a_cache_of_another_shape_is_rebuilt(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, edit: str
) -> None:
    db = forge(kb_file, cache_dir)
    sql(db, edit)
    shows_the_real_text(run_kb("drug", "octreotide"))
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert not names & {"extra", "v", "more", "t"}


def test_a_cache_built_for_other_bytes_is_not_read_under_this_files_name(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # A cache of another file (checks right for that file) renamed to this file's digest.
    other = tmp_path / "other.yaml"
    other.write_bytes(kb_file.read_bytes() + b"\n# another file\n")
    db = forge(other, cache_dir)
    db.rename(cache_dir / f"kb-{digest_of(kb_file)[:40]}.sqlite")
    shows_the_real_text(run_kb("drug", "octreotide"))


def test_a_forged_stamp_file_is_never_believed(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # Caches before issue 13 trusted a stamp (size and times) to skip hashing the file.
    other = tmp_path / "other.yaml"
    other.write_bytes(kb_file.read_bytes() + b"\n# another file\n")
    forged_digest = digest_of(other)
    forge(other, cache_dir)
    st = kb_file.stat()
    stamps = cache_dir / "stamps"
    stamps.mkdir()
    name = hashlib.sha1(str(kb_file.resolve()).encode()).hexdigest()[:24]
    (stamps / f"{name}.json").write_text(
        json.dumps(
            {
                "stamp": [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns],
                "digest": forged_digest,
            }
        ),
        encoding="utf-8",
    )
    shows_the_real_text(run_kb("drug", "octreotide"))
    info = json.loads(run_kb("kb", "info", "--json").stdout)
    assert info["digest"] == digest_of(kb_file)


def test_kb_info_reports_the_digest_of_the_files_bytes(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path
) -> None:
    run_kb("kb", "info")
    (db,) = cache_files(cache_dir)
    sql(db, "UPDATE meta SET value = 'forged' WHERE key = 'digest'")
    info = json.loads(run_kb("kb", "info", "--json").stdout)
    assert info["digest"] == digest_of(kb_file)


def test_kb_validate_reads_the_yaml_even_when_a_forged_cache_says_it_is_fine(
    run: Callable[..., Result], write_kb: Callable[..., Path], kb_yaml: str, cache_dir: Path
) -> None:
    broken = write_kb(kb_yaml.replace("drug: octreotide", "drug: nowhere"))
    # A cache of the valid file, renamed to the broken file's digest.
    good = write_kb(kb_yaml, "good.yaml")
    db = forge(good, cache_dir)
    db.rename(cache_dir / f"kb-{digest_of(broken)[:40]}.sqlite")
    result = run("kb", "validate", str(broken))
    assert result.exit_code == 1
    assert "nowhere" in result.stderr
    assert run("--kb", str(broken), "drug", "octreotide").exit_code == 1


# --- Whose cache: owner and permissions -----------------------------------------------------------


def test_the_cache_folder_is_created_private(
    run_kb: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "netcli"
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(folder))
    assert run_kb("drug", "octreotide").exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (db,) = cache_files(folder)
    assert stat.S_IMODE(db.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777, 0o722])
def test_a_cache_folder_others_can_write_is_never_read(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, mode: int
) -> None:
    forge(kb_file, cache_dir)
    cache_dir.chmod(mode)
    shows_the_real_text(run_kb("drug", "octreotide"))
    assert stat.S_IMODE(cache_dir.stat().st_mode) == mode  # left as it was


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_cache_file_others_can_write_is_never_read(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, mode: int
) -> None:
    db = forge(kb_file, cache_dir)
    db.chmod(mode)
    shows_the_real_text(run_kb("drug", "octreotide"))


def test_a_cache_that_is_a_symbolic_link_is_never_read(
    run_kb: Callable[..., Result], kb_file: Path, cache_dir: Path, tmp_path: Path
) -> None:
    elsewhere = forge(kb_file, tmp_path / "elsewhere")
    (cache_dir / elsewhere.name).symlink_to(elsewhere)
    shows_the_real_text(run_kb("drug", "octreotide"))


def test_a_cache_of_another_user_is_never_read(
    run_kb: Callable[..., Result],
    kb_file: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Seen from another user: everything in the folder belongs to someone else.
    forge(kb_file, cache_dir)
    monkeypatch.setattr(cachedir, "uid", lambda: os.geteuid() + 4242)
    shows_the_real_text(run_kb("drug", "octreotide"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_cache_planted_by_another_user_in_a_shared_cache_home_is_never_read(
    kb_file: Path, tmp_path: Path
) -> None:
    # Another user (uid 4242) made the shared XDG_CACHE_HOME's netcli folder and planted a cache
    # for the shipped file's exact bytes. The installed command run by this user never reads it.
    shared = tmp_path / "shared"
    folder = shared / "netcli"
    db = forge(kb_file, folder)
    for path in (folder, db):
        os.chown(path, 4242, 4242)
    folder.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCLI_")}
    env.update({"XDG_CACHE_HOME": str(shared), "COLUMNS": "100"})
    proc = subprocess.run(
        [sys.executable, "-m", "netcli", "--kb", str(kb_file), "drug", "octreotide"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert REAL in proc.stdout
    assert POISON not in proc.stdout


# --- Where the cache goes, and what it leaves behind ----------------------------------------------


@pytest.mark.parametrize("value", ["relative/cache", "./cache", "cache"])
def test_a_relative_xdg_cache_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    monkeypatch.delenv("NETCLI_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    assert cachedir.cache_dir() == tmp_path / "home" / ".cache" / "netcli"
    monkeypatch.setenv("NETCLI_CACHE_DIR", value)
    assert cachedir.cache_dir() == tmp_path / "home" / ".cache" / "netcli"


def test_an_interrupted_cache_build_leaves_no_temp_file(
    kb_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = tables.build

    def interrupted(conn: sqlite3.Connection, *args: object) -> None:
        if conn.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
            raise KeyboardInterrupt
        real_build(conn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_kb(kb_file)
    # Only the stamp of the file's digest, taken before the build began.
    assert [p.name for p in cache_dir.iterdir() if not p.name.startswith("stamp-")] == []


def test_temp_files_a_killed_build_left_are_swept_when_old(kb_file: Path, cache_dir: Path) -> None:
    old = cache_dir / ".tmp-abandon1.sqlite"  # as tempfile names them: eight characters
    young = cache_dir / ".tmp-inprogre.sqlite"
    for path in (old, young):
        path.write_bytes(b"x")
    os.utime(old, (1, 1))
    open_kb(kb_file).meta  # noqa: B018
    assert not old.exists()
    assert young.exists()  # perhaps another run's build, going on now


def test_a_search_of_thousands_of_words_neither_fails_nor_rewrites_the_cache(
    run_kb: Callable[..., Result], cache_dir: Path
) -> None:
    assert run_kb("drug", "octreotide").exit_code == 0
    (db,) = cache_files(cache_dir)
    before = db.stat()
    words = " ".join(f"word{i}" for i in range(3000))
    result = run_kb("search", words)
    assert result.exit_code == 1 or result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    assert run_kb("search", "somatostatin " * 2000).exit_code == 0
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_the_digest_is_taken_of_the_bytes_on_every_run(
    write_kb: Callable[..., Path], kb_yaml: str
) -> None:
    # Same size, same times, other bytes: the old stamp shortcut would have kept the first cache.
    path = write_kb(kb_yaml)
    st = path.stat()
    assert open_kb(path).get("drugs", "octreotide").drug_class.text == REAL
    path.write_text(kb_yaml.replace(REAL, REAL.upper()), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert open_kb(path).get("drugs", "octreotide").drug_class.text == REAL.upper()


def _steps(verified: cache.Verified, section: str, typed: str) -> tuple[list[str], int]:
    """What ``names_starting`` returns, and how many SQLite virtual-machine steps it took."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    verified.conn.set_progress_handler(count, 1)
    try:
        return verified.names_starting(section, typed), steps
    finally:
        verified.conn.set_progress_handler(None, 1)


def test_completion_reads_only_the_names_that_may_begin_so(kb_file: Path, cache_dir: Path) -> None:
    # TAB at 100 x must cost what it costs at 1 x: the names that cannot begin with what was
    # typed are not read, however many there are (an index, not a scan of the section).
    open_kb(kb_file)
    [db] = cache_files(cache_dir)
    digest = digest_of(kb_file)
    before = cache.verified(kb_file)
    assert before is not None
    names, small = _steps(before, "drugs", "oc")
    before.close()
    assert names == ["octreotide"]
    key = cache.key_of(digest)
    db.chmod(0o600)
    conn = sqlite3.connect(db)
    for i in range(2000):
        values = ("drugs", f"other{i}", f"other-{i}", f"Other drug {i}", "name", f"other drug {i}")
        h = cache.row_hash(key, "names", values)
        conn.execute("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, h))
    conn.commit()
    conn.close()
    after = cache.verified(kb_file)
    assert after is not None
    names, large = _steps(after, "drugs", "oc")
    assert names == ["octreotide"]
    assert "Other drug 7" in after.names_starting("drugs", "oth")
    after.close()
    assert large < small * 2

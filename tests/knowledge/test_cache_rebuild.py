"""The cache in the running program: a corrupt, truncated or foreign cache is ignored and
rebuilt, an unwritable folder is skipped, the cache can be turned off, two writers at once leave a
valid cache, and an invalid knowledge base is never cached."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import (
    BROKEN_KB,
    assert_clean_exit,
    assert_error,
    invoke,
    kb_path,  # noqa: F401 (a fixture)
    netcli_proc,
    proc_env,
    run_marked,  # noqa: F401 (a fixture)
)

# --- The cache ------------------------------------------------------------------------------------


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-*.sqlite"))


def _assert_cache_valid(cache: Path) -> None:
    files = _cache_files(cache)
    assert len(files) == 1, files
    conn = sqlite3.connect(files[0])
    try:
        fmt = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0]
        assert fmt.startswith("netcli-kb-cache-")
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] > 0
    finally:
        conn.close()
    assert not list(cache.glob(".tmp-*"))


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()


def _other_format(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'someone-else-1' WHERE key = 'format'")
    conn.commit()
    conn.close()


def _no_records_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE records")
    conn.commit()
    conn.close()


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "garbage": lambda p: p.write_bytes(b"this is not a database\n" * 100),
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]),
    "truncated-header": lambda p: p.write_bytes(p.read_bytes()[:50]),
    "foreign-sqlite": _foreign_sqlite,
    "other-format": _other_format,
    "no-records-table": _no_records_table,
    "deleted": lambda p: p.unlink(),
    "a-folder": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS))
def test_a_corrupt_truncated_or_foreign_cache_is_ignored_and_rebuilt(
    run_marked: Callable[..., Result], cache_dir: Path, corrupt: str
) -> None:
    first = run_marked("drug", "Sandostatin")
    assert_clean_exit(first, 0)
    (db,) = _cache_files(cache_dir)
    CORRUPTIONS[corrupt](db)
    second = run_marked("drug", "Sandostatin")
    assert_clean_exit(second, 0)
    assert second.stdout == first.stdout
    assert second.stderr == ""
    third = run_marked("list", "drugs")
    assert_clean_exit(third, 0)
    assert "octreotide" in third.stdout
    if corrupt != "a-folder":
        _assert_cache_valid(cache_dir)


def test_an_unwritable_cache_directory_is_silently_skipped(
    run_marked: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root can write anywhere, so make the cache "directory" a file: nothing can go below it.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NETCLI_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        result = run_marked("drug", "octreotide")
        assert_clean_exit(result, 0)
        assert "Sandostatin" in result.stdout
        assert result.stderr == ""
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_can_be_turned_off(
    run_marked: Callable[..., Result], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    result = run_marked("drug", "octreotide")
    assert_clean_exit(result, 0)
    assert not _cache_files(cache_dir)


def test_two_processes_writing_the_cache_at_once_leave_a_valid_cache(
    kb_path: Path, tmp_path: Path
) -> None:
    for attempt in range(3):
        cache = tmp_path / f"cache-{attempt}"
        env = proc_env(cache)
        command = [sys.executable, "-m", "netcli", "--kb", str(kb_path), "drug", "octreotide"]
        procs = [
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=30) for p in procs]
        for p, (out, err) in zip(procs, outputs, strict=True):
            assert p.returncode == 0, err
            assert err == ""
            assert "Sandostatin" in out
        assert outputs[0][0] == outputs[1][0]
        third = netcli_proc(["--kb", str(kb_path), "list", "drugs"], cache)
        assert third.returncode == 0, third.stderr
        assert "octreotide" in third.stdout
        _assert_cache_valid(cache)


def test_invalid_knowledge_base_is_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BROKEN_KB, encoding="utf-8")
    assert_error(invoke("--kb", str(path), "list", "drugs"), 1)
    assert not _cache_files(cache_dir)

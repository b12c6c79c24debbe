"""netcli.files: the one decoder of input text and the one atomic writer (the cache and the
report both write through it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from netcli.files import InputProblem, decode, read_text, write_atomic


def test_decode_drops_a_byte_order_mark() -> None:
    assert decode("\ufeffsite: pancreas\n".encode()) == "site: pancreas\n"


def test_decode_says_which_line_is_not_utf8() -> None:
    with pytest.raises(InputProblem) as caught:
        decode(b"a: 1\nb: 2\nc: \xff\n")
    assert (caught.value.kind, caught.value.line) == ("encoding", 3)
    assert caught.value.message == "not UTF-8 text (byte 13 cannot be decoded)"


def test_read_text_reads_and_decodes_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"grade: '2'\n")
    assert read_text(path, 100) == "grade: '2'\n"
    with pytest.raises(InputProblem):
        read_text(path, 5)


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_write_atomic_replaces_the_file_whole_with_the_mode_given(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", "utf-8")
    write_atomic(target, lambda tmp: Path(tmp).write_text("new", "utf-8"), mode=0o640)
    assert target.read_text("utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path, "report.md") == []


def test_write_atomic_makes_a_private_file_when_no_mode_is_given(tmp_path: Path) -> None:
    target = tmp_path / "kb.sqlite"
    write_atomic(target, lambda tmp: Path(tmp).write_bytes(b"x"), prefix=".tmp-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", "utf-8")

    def fill(tmp: str) -> None:
        Path(tmp).write_text("half", "utf-8")
        raise error

    with pytest.raises(type(error)):
        write_atomic(target, fill)
    assert target.read_text("utf-8") == "old"
    assert _leftovers(tmp_path, "report.md") == []


def test_write_atomic_into_a_missing_folder_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomic(tmp_path / "nope" / "a.md", lambda tmp: None)
    assert not os.path.exists(tmp_path / "nope")

"""netcli.files: the one decoder of input text and the one atomic writer (the cache and the
report both write through it): a new file renamed into place, never through a link."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from netcli.files import (
    InputProblem,
    OutputProblem,
    check_new,
    decode,
    read_text,
    write_atomic,
    write_new,
)


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


# --- write_new: a file a person asked for (a saved summary) ------------------------------------


def _victim(tmp_path: Path) -> Path:
    """Another file, which a link at the target points to: it must never change."""
    victim = tmp_path / "private.txt"
    victim.write_text("someone's own file\n", "utf-8")
    return victim


def test_write_new_makes_a_new_file_that_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    old = os.umask(0o027)
    try:
        write_new(target, b"new", replace=False)
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path, "summary.md") == []


@pytest.mark.parametrize("what", ["file", "link", "dangling-link"])
def test_write_new_without_replace_leaves_anything_that_is_there(tmp_path: Path, what: str) -> None:
    victim = _victim(tmp_path)
    target = tmp_path / "summary.md"
    if what == "file":
        target.write_text("mine\n", "utf-8")
    else:
        target.symlink_to(victim if what == "link" else tmp_path / "not-yet.txt")
    with pytest.raises(OutputProblem) as caught:
        write_new(target, b"new", replace=False)
    assert caught.value.kind == "exists"
    assert victim.read_text("utf-8") == "someone's own file\n"
    assert not (tmp_path / "not-yet.txt").exists()  # a dangling link is not followed either
    assert target.is_symlink() is (what != "file")
    assert _leftovers(tmp_path, "summary.md") == ["private.txt"]


def test_write_new_with_replace_replaces_the_link_itself_never_its_target(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    target = tmp_path / "summary.md"
    target.symlink_to(victim)
    write_new(target, b"new", replace=True)
    assert not target.is_symlink()
    assert target.read_bytes() == b"new"
    assert victim.read_text("utf-8") == "someone's own file\n"


def test_write_new_with_replace_keeps_a_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("old", "utf-8")
    target.chmod(0o604)
    write_new(target, b"new", replace=True)
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new", 0o604)


@pytest.mark.parametrize("replace", [False, True])
def test_write_new_refuses_a_folder(tmp_path: Path, replace: bool) -> None:
    folder = tmp_path / "summary.md"
    folder.mkdir()
    with pytest.raises(OutputProblem):
        write_new(folder, b"new", replace=replace)
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert _leftovers(tmp_path, "summary.md") == []


def test_without_hard_links_a_new_file_is_still_never_put_over_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links (FAT, some network ones), the file is created only
    if nothing is there, never through a link."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_new(tmp_path / "new.md", b"new", replace=False)
    assert (tmp_path / "new.md").read_bytes() == b"new"
    victim = _victim(tmp_path)
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    with pytest.raises(OutputProblem):
        write_new(link, b"new", replace=False)
    assert victim.read_text("utf-8") == "someone's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "new.md", "private.txt"]


@pytest.mark.parametrize(
    ("what", "replace", "kind"),
    [
        ("nothing", False, None),
        ("file", False, "exists"),
        ("file", True, None),
        ("link", False, "link"),
        ("link", True, None),  # the link itself will be replaced
        ("folder", True, "folder"),
        ("fifo", True, "special"),
    ],
)
def test_check_new_says_what_is_there(tmp_path: Path, what: str, replace: bool, kind: str) -> None:
    target = tmp_path / "summary.md"
    if what == "file":
        target.write_text("x", "utf-8")
    elif what == "link":
        target.symlink_to(_victim(tmp_path))
    elif what == "folder":
        target.mkdir()
    elif what == "fifo":
        os.mkfifo(target)
    if kind is None:
        check_new(target, replace)
        return
    with pytest.raises(OutputProblem) as caught:
        check_new(target, replace)
    assert caught.value.kind == kind


def test_check_new_refuses_the_systems_device_folder_even_to_replace() -> None:
    """/dev/stdout is a link: only root could replace it, and nobody wants that."""
    for path in ("/dev/stdout", "/dev/netcli-summary.md", "/proc/self/x.md"):
        with pytest.raises(OutputProblem) as caught:
            check_new(Path(path), True)
        assert caught.value.kind == "system"

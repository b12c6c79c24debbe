"""Where the cache goes, and what netcli touches there (issue 23): a FIFO where the cache file
goes does not hang anything; a cache folder reached through another user's symbolic link is not
used; the clean-up removes only the temp files netcli made, by name, type and owner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from netcli.knowledge import cache, cachedir
from netcli.knowledge.load import open_kb

from .test_cache import REAL, cache_files, digest_of

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown (another user's link)"
)


def netcli(
    kb_file: Path, cache_dir: Path, *args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCLI_")}
    env.update({"NETCLI_CACHE_DIR": str(cache_dir), "COLUMNS": "100", **extra})
    return subprocess.run(
        [str(Path(sys.executable).parent / "netcli"), "--kb", str(kb_file), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a hang fails the test instead of stopping the suite
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (("drug", "octreotide"), {}),
        (("kb", "validate"), {}),
        (
            (),
            {
                "_NETCLI_COMPLETE": "complete_bash",
                "COMP_WORDS": "netcli drug oc",
                "COMP_CWORD": "2",
            },
        ),
    ],
    ids=["lookup", "kb-validate", "tab"],
)
def test_a_fifo_where_the_cache_file_goes_hangs_nothing(
    kb_file: Path, cache_dir: Path, args: tuple[str, ...], extra: dict[str, str]
) -> None:
    fifo = cachedir.cache_file(cache_dir, digest_of(kb_file))
    os.mkfifo(fifo, 0o600)
    if extra:  # TAB: the kb is named by NETCLI_KB, as a shell's completion request has no --kb
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETCLI_")}
        env.update({"NETCLI_CACHE_DIR": str(cache_dir), "NETCLI_KB": str(kb_file), **extra})
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "netcli")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    else:
        proc = netcli(kb_file, cache_dir, *args)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    if args == ("drug", "octreotide"):
        assert REAL in proc.stdout


def _hung(signum: int, frame: object) -> None:
    raise AssertionError("opening the cache waited for a writer")


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
def test_a_fifo_where_the_cache_file_goes_is_replaced_by_a_cache(
    kb_file: Path, cache_dir: Path
) -> None:
    fifo = cachedir.cache_file(cache_dir, digest_of(kb_file))
    os.mkfifo(fifo, 0o600)
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(30)  # a hang fails the test instead of stopping the suite
    try:
        with pytest.raises(cache.CacheProblem):
            cache.open_cached(fifo)
    finally:
        signal.alarm(0)
    assert open_kb(kb_file).meta.version
    assert fifo.is_file() and not fifo.is_fifo()


@needs_root
def test_a_cache_folder_through_another_users_link_is_not_used(
    kb_file: Path, tmp_path: Path
) -> None:
    # Another user (4242) left a link in a shared folder pointing into this user's home; this
    # user's NETCLI_CACHE_DIR goes through it. No cache is written there, nothing is cleaned.
    victim = tmp_path / "home" / ".cache"
    victim.mkdir(parents=True, mode=0o700)
    keep = victim / ".tmp-abcd1234.sqlite"  # named like netcli's own, but through the link
    keep.write_text("the victim's file")
    os.utime(keep, (1, 1))
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o1777)
    link = shared / "cache"
    link.symlink_to(victim)
    os.lchown(link, 4242, 4242)
    proc = netcli(kb_file, link, "drug", "octreotide")
    assert proc.returncode == 0, proc.stderr
    assert REAL in proc.stdout
    assert sorted(p.name for p in victim.iterdir()) == [keep.name]
    assert keep.read_text() == "the victim's file"
    assert cachedir.private_dir(link) is None
    assert cachedir.private_dir(link / "netcli") is None
    assert not (victim / "netcli").exists()


@needs_root
@pytest.mark.parametrize("made", [".cache/netcli", "netcli"], ids=["and-its-parent", "alone"])
def test_no_cache_folder_is_made_inside_another_users_folder(
    kb_file: Path, tmp_path: Path, made: str
) -> None:
    # `sudo netcli ...` keeping the person's HOME made ~/.cache/netcli as root: from then on their
    # own netcli never cached (every lookup parsed the YAML) and could not remove the folder
    # (attack run h41, D7).
    home = tmp_path / "home"
    home.mkdir()
    if made == "netcli":
        (home / ".cache").mkdir()
        os.chown(home / ".cache", 4242, 4242)
    os.chown(home, 4242, 4242)
    target = home / made
    proc = netcli(kb_file, target, "drug", "octreotide")
    assert proc.returncode == 0, proc.stderr
    assert REAL in proc.stdout
    assert not target.exists()
    assert not (home / ".cache").exists() or os.stat(home / ".cache").st_uid == 4242
    assert cachedir.private_dir(target) is None
    # A folder of root's own, or one that exists and is this user's, is used as before.
    (home / "mine").mkdir(mode=0o700)
    assert cachedir.private_dir(home / "mine") == home / "mine"
    assert cachedir.private_dir(tmp_path / "new" / "netcli") == tmp_path / "new" / "netcli"


def test_a_cache_folder_through_this_users_own_link_is_used(kb_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    proc = netcli(kb_file, link, "drug", "octreotide")
    assert proc.returncode == 0, proc.stderr
    assert len(cache_files(real)) == 1


def test_the_clean_up_removes_only_the_temp_files_netcli_made(
    kb_file: Path, cache_dir: Path, tmp_path: Path
) -> None:
    made = cache_dir / ".tmp-k2_9xq0a.sqlite"  # as tempfile names netcli's temp files
    others = [
        cache_dir / ".tmp-notes",  # a person's own file
        cache_dir / ".tmp-abandoned-report.sqlite",
        cache_dir / ".tmp-abcd1234.sqlite.bak",
        cache_dir / "notes.txt",
    ]
    for path in (made, *others):
        path.write_text("x")
    folder = cache_dir / ".tmp-qwer5678.sqlite"  # a folder of that name is not a temp file
    folder.mkdir()
    target = tmp_path / "outside.txt"
    target.write_text("outside")
    link = cache_dir / ".tmp-zxcv0987.sqlite"  # a link of that name: never followed, kept
    link.symlink_to(target)
    for path in (made, *others, folder, target):
        os.utime(path, (1, 1))
    os.utime(link, (1, 1), follow_symlinks=False)
    open_kb(kb_file).meta  # noqa: B018
    assert not made.exists()
    assert all(p.exists() for p in others)
    assert folder.is_dir() and link.is_symlink() and target.read_text() == "outside"


@needs_root
def test_the_clean_up_leaves_another_users_temp_file(kb_file: Path, cache_dir: Path) -> None:
    theirs = cache_dir / ".tmp-abcd1234.sqlite"
    theirs.write_text("x")
    os.chown(theirs, 4242, 4242)
    os.utime(theirs, (1, 1))
    open_kb(kb_file).meta  # noqa: B018
    assert theirs.exists()

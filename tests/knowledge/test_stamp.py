"""Stamps (issue 24, git's index rule): the knowledge base's bytes are not hashed again while the
file's (device, inode, size, mtime, ctime) match the stamp taken with its digest; anything else
(another ctime, a racy stamp, NETCLI_VERIFY=always, ``kb validate``, a rebuild, a stamp that is
not netcli's own) means the bytes are read and hashed."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from netcli import files
from netcli.knowledge import digest as digests
from netcli.knowledge.load import open_kb
from tests.conftest import KB_YAML
from tests.helpers import BROKEN_KB, invoke

OTHER_YAML = KB_YAML.replace('version: "2.0"', 'version: "2.1"', 1)


def test_the_yaml_other_differs_only_in_its_version() -> None:
    assert OTHER_YAML != KB_YAML and len(OTHER_YAML) == len(KB_YAML)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def forge(path: Path, digest: str, *, age_s: float = 10.0) -> None:
    """A stamp for ``path`` as it is now, saying its bytes have ``digest``, taken ``age_s``
    seconds after the file was last written or changed (10 s: not racy)."""
    st = os.stat(path)
    taken = max(st.st_mtime_ns, st.st_ctime_ns) + int(age_s * 1e9)
    digests.remember(path, digests.stat_key(st), taken, digest)


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any read of a file through netcli's one reader fail loudly."""

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the knowledge base was read")

    monkeypatch.setattr(files, "read_limited", refuse)
    monkeypatch.setattr("netcli.knowledge.load.read_limited", refuse)
    monkeypatch.setattr("netcli.knowledge.cache.read_limited", refuse)


@pytest.fixture
def other(write_kb: Callable[..., Path]) -> Path:
    """Another knowledge base (version 2.1), with its cache built and its digest stamped."""
    path = write_kb(OTHER_YAML, "other.yaml")
    assert open_kb(path).meta.version == "2.1"
    return path


def test_an_unchanged_file_is_not_read_again_once_its_stamp_is_not_racy(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_kb(kb_file)
    forge(kb_file, digest(kb_file))
    no_reading(monkeypatch)
    assert open_kb(kb_file).meta.version == "2.0"


def test_a_file_changed_with_the_same_size_and_mtime_is_hashed_again(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digests, "RACY_NS", 0)  # the stamp would be believed at once
    assert open_kb(kb_file).meta.version == "2.0"
    before = os.stat(kb_file)
    assert digests.stamped_digest(kb_file) == digest(kb_file)  # the stamp is believed as it is
    time.sleep(0.05)
    with open(kb_file, "r+b") as f:  # same inode, same size
        f.write(OTHER_YAML.encode())
    os.utime(kb_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(kb_file)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert after.st_ctime_ns != before.st_ctime_ns
    assert open_kb(kb_file).meta.version == "2.1"


def test_a_racy_stamp_is_not_believed(kb_file: Path, other: Path) -> None:
    open_kb(kb_file)
    forge(kb_file, digest(other), age_s=1.0)  # taken within 2 s of the file's last change
    assert digests.stamped_digest(kb_file) is None
    assert open_kb(kb_file).meta.version == "2.0"


def test_a_stamp_taken_later_is_believed(kb_file: Path, other: Path) -> None:
    # What the rule rests on: the same five numbers mean the same bytes. A stamp naming another
    # file's digest (which only someone who can write the private cache folder can forge) is
    # believed, which shows that the racy and the other tests below test the stamp.
    forge(kb_file, digest(other))
    assert open_kb(kb_file).meta.version == "2.1"


def test_netcli_verify_always_hashes(
    kb_file: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forge(kb_file, digest(other))
    monkeypatch.setenv("NETCLI_VERIFY", "always")
    assert digests.stamped_digest(kb_file) is None
    assert open_kb(kb_file).meta.version == "2.0"


def test_kb_validate_hashes_whatever_the_stamp_says(
    write_kb: Callable[..., Path], other: Path
) -> None:
    broken = write_kb(BROKEN_KB, "broken.yaml")
    forge(broken, digest(other))
    assert digests.stamped_digest(broken) == digest(other)
    result = invoke("kb", "validate", str(broken))
    assert result.exit_code == 1


def test_completion_believes_the_stamp(
    kb_file: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # TAB takes the same short way as a lookup: a stamp, no read.
    from netcli.knowledge.cache import verified

    forge(kb_file, digest(other))
    no_reading(monkeypatch)
    found = verified(kb_file)
    assert found is not None and found.digest == digest(other)
    found.close()


def test_a_rebuild_reads_and_hashes_the_bytes(kb_file: Path) -> None:
    # The stamp names a digest whose cache does not exist: the cache is rebuilt from the bytes
    # read now, and checked against their own digest, not the stamp's.
    forge(kb_file, "ab" * 32)
    kb = open_kb(kb_file)
    assert kb.meta.version == "2.0"
    assert kb.meta.digest == digest(kb_file)
    first = kb.all("drugs")[0].id
    assert kb.exact("drugs", first) == first and kb.get("drugs", first).id == first


def test_a_fresh_stamp_is_written_after_hashing(kb_file: Path, cache_dir: Path) -> None:
    open_kb(kb_file)
    stamps = list(cache_dir.glob("stamp-*.json"))
    assert len(stamps) == 1
    data = json.loads(stamps[0].read_text())
    assert data["digest"] == digest(kb_file)
    assert data["stat"] == digests.stat_key(os.stat(kb_file))
    assert data["path"] == os.path.abspath(kb_file)


def _stamp_of(kb_file: Path, cache_dir: Path) -> Path:
    return digests.stamp_file(cache_dir, kb_file)


def _rewrite(place: Path, change: Callable[[dict[str, object]], object]) -> None:
    data = json.loads(place.read_text())
    change(data)
    place.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: _rewrite(p, lambda d: d.update(format="someone-else-1")),
        lambda p: _rewrite(p, lambda d: d.update(path="/elsewhere/kb.yaml")),
        lambda p: _rewrite(p, lambda d: d.update(extra=1)),
        lambda p: _rewrite(p, lambda d: d.update(stat=[1, 2, 3])),
        lambda p: _rewrite(p, lambda d: d.update(stat=["1", 2, 3, 4, 5])),
        lambda p: _rewrite(p, lambda d: d.update(taken="soon")),
        lambda p: _rewrite(p, lambda d: d.update(digest="not a digest")),
        lambda p: _rewrite(p, lambda d: d.pop("taken")),
        lambda p: p.write_text("{not json"),
        lambda p: p.write_text("[]"),
        lambda p: p.write_bytes(b"\xff" * 10),
        lambda p: p.write_text(" " * 5000 + p.read_text()),  # larger than any stamp
        lambda p: p.chmod(0o666),  # others may write it
    ],
    ids=[
        "format",
        "path",
        "extra-key",
        "short-stat",
        "text-in-stat",
        "taken",
        "digest",
        "missing-key",
        "not-json",
        "list",
        "bytes",
        "huge",
        "writable",
    ],
)
def test_a_stamp_that_is_not_netclis_own_is_ignored(
    kb_file: Path, other: Path, cache_dir: Path, spoil: Callable[[Path], object]
) -> None:
    forge(kb_file, digest(other))
    place = _stamp_of(kb_file, cache_dir)
    assert digests.stamped_digest(kb_file) == digest(other)
    spoil(place)
    assert digests.stamped_digest(kb_file) is None
    assert open_kb(kb_file).meta.version == "2.0"


def test_a_symbolic_link_in_place_of_a_stamp_is_not_followed(
    kb_file: Path, other: Path, cache_dir: Path, tmp_path: Path
) -> None:
    forge(kb_file, digest(other))
    place = _stamp_of(kb_file, cache_dir)
    target = tmp_path / "elsewhere.json"
    place.rename(target)
    place.symlink_to(target)
    assert digests.stamped_digest(kb_file) is None
    assert open_kb(kb_file).meta.version == "2.0"


def test_stamps_are_bounded_and_the_oldest_go_first(
    write_kb: Callable[..., Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One stamp per knowledge-base path: a person who opens many files (or many temporary copies)
    # must not collect stamps for ever.
    monkeypatch.setattr(digests, "MAX_STAMPS", 3)
    paths = [write_kb(KB_YAML, f"kb{i}.yaml") for i in range(6)]
    cache_dir.mkdir(parents=True, exist_ok=True)
    other = cache_dir / "stamp-notes.txt"  # not named as netcli names its stamps: left alone
    other.write_text("mine", "utf-8")
    for i, path in enumerate(paths):
        open_kb(path)
        # Each stamp written a second after the one before (mtime is what "oldest" reads).
        stamp = digests.stamp_file(cache_dir, path)
        assert stamp.is_file()
        os.utime(stamp, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))
    kept = sorted(p.name for p in cache_dir.glob("stamp-*.json"))
    assert kept == sorted(digests.stamp_file(cache_dir, p).name for p in paths[-3:])
    assert other.read_text("utf-8") == "mine"
    assert len(list(cache_dir.glob("kb-*.sqlite"))) == 1  # the one cache of these same bytes
    # A path whose stamp went is hashed again and stamped again, as a new one.
    open_kb(paths[0])
    assert digests.stamp_file(cache_dir, paths[0]).is_file()
    assert len(list(cache_dir.glob("stamp-*.json"))) == 3


def test_a_fifo_where_the_stamp_goes_is_not_waited_on(kb_file: Path) -> None:
    """A FIFO put in place of a stamp (by the user's own mistake or a script) is refused at once:
    without O_NONBLOCK, opening it waits for ever for a writer (lookups, TAB, kb validate hung)."""
    import threading

    place = digests._stamp_place(kb_file)
    assert place is not None
    place.unlink(missing_ok=True)
    os.mkfifo(place, 0o600)
    seen: list[object] = []
    reader = threading.Thread(
        target=lambda: seen.append(digests.read_stamp(place, kb_file)), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    try:
        assert not reader.is_alive(), "reading a FIFO in place of the stamp did not return"
        assert seen == [None]
    finally:
        if reader.is_alive():  # let the old code's blocked open go, so the test run can end
            os.close(os.open(place, os.O_WRONLY | os.O_NONBLOCK))

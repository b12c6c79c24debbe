"""Where the caches live: the user's private cache folder, reached and cleaned with care.

Standard library only (shell completion reads the cache before typer loads). A folder or file is
used only when it belongs to this user and no one else can write it, reached through no other
user's symbolic link; files are removed only when named as netcli names them and this user's own.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    """Where caches go: $NETCLI_CACHE_DIR, else the user cache directory; None when turned off.

    Relative paths in either variable are ignored (the XDG rule): a cache must not depend on the
    folder netcli happens to run in."""
    if os.environ.get("NETCLI_NO_CACHE"):
        return None
    explicit = os.environ.get("NETCLI_CACHE_DIR")
    if explicit and os.path.isabs(explicit):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netcli"


def cache_file(root: Path, digest: str) -> Path:
    """The cache of the knowledge base whose bytes have this SHA-256."""
    return root / f"kb-{digest[:40]}.sqlite"


def uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def trusted(st: os.stat_result) -> bool:
    """Owned by this user, and not writable by group or others."""
    return (uid() < 0 or st.st_uid == uid()) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _no_foreign_link(root: Path) -> bool:
    """Whether no symbolic link on the way to ``root`` belongs to another user (root's links
    and this user's own are followed; another user's link could lead anywhere, such as into a
    victim's home, the rule Linux's protected_symlinks applies in shared folders)."""
    me = uid()
    path = Path(root.anchor)
    for part in root.parts[1:]:
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return True  # the rest does not exist yet: mkdir makes it, as folders of this user
        except OSError:
            return False
        if stat.S_ISLNK(st.st_mode) and me >= 0 and st.st_uid not in (me, 0):
            return False
    return True


def _made_in_own_folder(root: Path) -> bool:
    """Whether ``root`` exists, or would be made inside a folder of this user or of root: never
    inside another user's. ``sudo netcli`` with the person's HOME made ~/.cache/netcli as root, a
    folder their own netcli could not use from then on, nor remove (attack run h41, D7); pip
    refuses such a cache folder for the same reason."""
    me = uid()
    path = root
    while True:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if path.parent == path:
                return False
            path = path.parent
            continue
        except OSError:
            return False
        return path == root or me < 0 or st.st_uid in (me, 0)


def private_dir(root: Path) -> Path | None:
    """``root``, created private (0700) if missing, when it is a folder of this user that no one
    else can write, reached through no other user's symbolic link and not made inside another
    user's folder; else None (no cache)."""
    if not _no_foreign_link(root) or not _made_in_own_folder(root):
        return None
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = root.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not trusted(st) or not _no_foreign_link(root):
        return None
    return root


def place(digest: str) -> Path | None:
    """Where the cache of the bytes with this digest belongs, in the private folder; None when
    caching is off or the folder is not this user's own."""
    root = cache_dir()
    if root is not None:
        root = private_dir(root)
    return cache_file(root, digest) if root is not None else None


_STALE_TMP_SECONDS = 3600
TMP_PREFIX = ".tmp-"
# The temp files netcli makes (``write_atomic`` names them with tempfile: the prefix, eight
# letters, digits or underscores, the suffix); no other file is ever swept.
_TMP_NAME = re.compile(r"\.tmp-[a-z0-9_]{8}\.sqlite")


def remove_some(
    root: Path,
    name: re.Pattern[str],
    which: Callable[[list[tuple[str, os.stat_result]]], list[str]],
) -> None:
    """Remove the files of ``root`` that ``which`` picks among those whose names ``name`` matches
    and that are regular files of this user (with their stats); ``root`` is opened without
    following a link and checked again to be this user's private folder."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(root, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISDIR(st.st_mode) or not trusted(st):
            return
        found: list[tuple[str, os.stat_result]] = []
        with contextlib.suppress(OSError):
            for entry in os.listdir(fd):
                if not name.fullmatch(entry):
                    continue
                with contextlib.suppress(OSError):
                    st = os.stat(entry, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and (uid() < 0 or st.st_uid == uid()):
                        found.append((entry, st))
        for entry in which(found):
            with contextlib.suppress(OSError):
                os.unlink(entry, dir_fd=fd)
    finally:
        os.close(fd)


def sweep(root: Path) -> None:
    """Remove the temp files that a killed run left behind (an hour old or more): only those
    named as netcli names them, regular files of this user, in ``root`` opened without following
    a link and checked again to be this user's private folder."""
    now = time.time()
    remove_some(
        root,
        _TMP_NAME,
        lambda found: [n for n, st in found if now - st.st_mtime > _STALE_TMP_SECONDS],
    )

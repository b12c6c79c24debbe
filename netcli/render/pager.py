"""Long views through a pager: $PAGER, else less -FIRX, only on a terminal that can run one;
the pager's text on its stdin, never as arguments or through a shell.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.pager import Pager

from netcli.render.blocks import (
    console,
)
from netcli.text import strip_unsafe

if TYPE_CHECKING:
    from netcli.env import Env


# less -FIRX: quit at once when the text fits the screen, keep colours, search ignoring case, and
# leave the text on screen afterwards. Its prompt says how to scroll and leave (less's own is ":").
LESS_PROMPT = "?eEnd of the text\\. :Space or arrows to scroll\\, .q to leave\\, / to search"


LESS = ("less", "-FIRX", "-Ps" + LESS_PROMPT)


class Paged(Pager):
    """A pager command with the text on its stdin (never as arguments, never through a shell).

    The terminal's modes are saved before it starts and put back whatever happens; SIGTERM and
    SIGHUP stop the pager and netcli with its message (exit 143, 129); Ctrl-C stops the pager
    too (exit 130). A pager that cannot be started, or fails at once, shows the text unpaged
    after a one-line warning on stderr."""

    def __init__(self, command: Sequence[str], env: Env) -> None:
        self.command = list(command)
        self.env = env

    def _unpaged(self, content: str, why: str) -> None:
        name = strip_unsafe(self.command[0])
        self.env.stderr.write(f"netcli: the pager {name!r} {why}; showing the text without it.\n")
        self.env.stderr.flush()
        self.env.stdout.write(content)

    def show(self, content: str) -> None:
        import subprocess

        from netcli.env import terminal_restored

        # The terminal's modes are saved before the pager can change them.
        with terminal_restored(self.env, always=True):
            try:
                proc = subprocess.Popen(
                    self.command,
                    env=pager_environment(os.environ),
                    stdin=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
            except OSError as exc:
                self._unpaged(content, f"cannot be started ({exc.strerror or exc})")
                return
            try:
                proc.communicate(content)
            except BaseException:
                _stop_pager(proc)
                raise
        if proc.returncode is not None and proc.returncode > 0:  # PAGER=false, a bad option
            self._unpaged(content, f"stopped with an error (exit {proc.returncode})")


def pager_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: this process's, with LESS=FRX and LV=-c where they are not set
    (as git does), so that PAGER=less or lv shows colours instead of raw escape codes and quits
    when the text fits the screen. A person's own LESS or LV is kept as it is."""
    return {"LESS": "FRX", "LV": "-c", **environ}


def _stop_pager(proc: Any) -> None:
    """End a pager that netcli started: asked first, then killed."""
    import subprocess

    with contextlib.suppress(OSError):
        proc.terminate()
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            proc.kill()
        with contextlib.suppress(Exception):
            proc.wait(timeout=2)


# Where ncurses, and so less, looks for a terminal's description after $TERMINFO and ~/.terminfo
# (Debian and most Linux systems, the BSDs and macOS, Homebrew, NixOS, Termux).
SYSTEM_TERMINFO = (
    "/etc/terminfo",
    "/lib/terminfo",
    "/usr/share/terminfo",
    "/usr/lib/terminfo",
    "/usr/share/lib/terminfo",
    "/usr/local/share/terminfo",
    "/opt/homebrew/share/terminfo",
    "/opt/homebrew/opt/ncurses/share/terminfo",
    "/usr/local/opt/ncurses/share/terminfo",
    "/run/current-system/sw/share/terminfo",
    "/data/data/com.termux/files/usr/share/terminfo",
)


def described(term: str, environ: Mapping[str, str]) -> bool:
    """Whether the terminal ``term`` has a terminfo description where ncurses looks for one
    ($TERMINFO, ~/.terminfo, $TERMINFO_DIRS, the system's folders; named by its first letter or
    that letter's hex code). Without one less stops at "terminal is not fully functional, Press
    RETURN": TERM=xterm-kitty over ssh to a machine without kitty's description, say. When no
    terminfo folder is found at all, the system describes terminals some other way: True."""
    if not term or "/" in term or term.startswith("."):
        return False
    folders = [environ.get("TERMINFO", "")]
    if environ.get("HOME"):
        folders.append(os.path.join(environ["HOME"], ".terminfo"))
    for folder in environ.get("TERMINFO_DIRS", "").split(":"):
        folders.extend([folder] if folder else SYSTEM_TERMINFO)
    folders.extend(SYSTEM_TERMINFO)
    seen = False
    for folder in filter(None, folders):
        if not os.path.isdir(folder):
            continue
        seen = True
        for letter in (term[0], f"{ord(term[0]):02x}"):
            if os.path.isfile(os.path.join(folder, letter, term)):
                return True
    return not seen


def pager_command(env: Env) -> list[str] | None:
    """The pager for a long view: none when stdout is not a terminal or the terminal is dumb,
    unknown, not named or not described in terminfo (less would stop at "terminal is not fully
    functional"); else $PAGER (netcli's own setting: MANPAGER is for man pages), else less -FIRX
    when it is installed."""
    import shlex
    import shutil

    if not env.codes or env.dumb or not env.term or not described(env.term, os.environ):
        return None
    if env.pager:
        try:
            return shlex.split(env.pager) or None
        except ValueError:  # an unfinished quote: as one word, which then cannot be started
            return [env.pager]
    return list(LESS) if shutil.which("less") else None


def pager(env: Env) -> Pager | None:
    command = pager_command(env)
    return Paged(command, env) if command is not None else None


def paged(draw: Callable[[Console], None], env: Env) -> None:
    """Draw a view through the Env's pager, or as it is when there is none."""
    out = console(env)
    chosen = pager(env)
    if chosen is None:
        draw(out)
        return
    with out.pager(pager=chosen, styles=True):
        draw(out)

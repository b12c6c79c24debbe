"""netcli's start-up benchmark: each target command against a floor, side by side, as ratios.

    .venv/bin/python benchmarks/run.py [--runs 15] [--python PATH] [--scales 1,10,100]

The floor is a one-command typer program that takes one argument and a ``--json`` flag and prints
it, run by the same interpreter as netcli. Every command is run once to warm the caches (a private
NETCLI_CACHE_DIR and PYTHONPYCACHEPREFIX in a temporary directory), then the floor and each target
are run in turn, several times, and the medians compared. netcli is run as the documented
``python -m netcli``; the console script is measured too, for information.

Exits 1 when a target is missed or cannot be measured (a command that fails is "not available").
It is a benchmark, not a test: it times this machine, and CI does not run it. See README.md here.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "data" / "treatments.yaml"
MAKE_KB = HERE / "make_kb.py"

FLOOR = """\
import json

import typer

app = typer.Typer()


@app.command()
def main(name: str, json_: bool = typer.Option(False, "--json")) -> None:
    print(json.dumps({"name": name}) if json_ else name)


app()
"""

# Answers for `explore --answers`, kept to the questions and choices the knowledge base has.
PREFERRED_ANSWERS: dict[str, Any] = {
    "kind": "net",
    "site": "stomach",
    "grade": "2",
    "spread": ["liver"],
    "resectable": "no",
}
MEMORY_LIMIT_MIB = 15.0
SCALE_LIMIT = 1.3
# Variables that change how Python runs (no .pyc written, unbuffered output, tracing): removed from
# the environment of every measured command, so that the runs are like a user's.
UNFAIR_ENV = {
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONMALLOC",
    "PYTHONVERBOSE",
    "PYTHONINSPECT",
    "PYTHONPYCACHEPREFIX",
}
RUN_TIMEOUT = 60.0  # one run
FIRST_RUN_TIMEOUT = 900.0  # a first run parses, validates and caches the largest knowledge base
PTY_TIMEOUT = 60.0
_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


@dataclasses.dataclass
class Sample:
    ms: float  # wall time
    cpu_ms: float | None = None  # user + system time of the process
    maxrss_kib: int | None = None  # its peak resident set


class Unavailable(Exception):
    """A command that fails or never shows what it should."""


# --- Running one command -------------------------------------------------------------------------


def run_measured(argv: Sequence[str], env: dict[str, str], timeout: float = RUN_TIMEOUT) -> Sample:
    """Wall time from start to exit, and the child's own CPU time and peak RSS from wait4."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
    if proc.returncode != 0:
        raise Unavailable(f"exit code {proc.returncode} in a measured run")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Sample(elapsed * 1000, (usage.ru_utime + usage.ru_stime) * 1000, rss)


def run_checked(argv: Sequence[str], env: dict[str, str], timeout: float = RUN_TIMEOUT) -> float:
    """A run that must succeed and print something; its wall time in ms, else Unavailable."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(
            argv, capture_output=True, env=env, cwd=ROOT, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise Unavailable(f"no answer within {timeout:.0f} s") from None
    elapsed = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else "(nothing on stderr)"
        raise Unavailable(f"exit code {done.returncode}: {detail[:200]}")
    if not done.stdout.strip():
        raise Unavailable("printed nothing")
    return elapsed


def _squash(text: bytes) -> str:
    """Screen text without escape sequences or whitespace (prompt_toolkit may draw a space as a
    cursor move), for finding a question on it."""
    plain = _ANSI.sub(b"", text).decode("utf-8", "replace")
    return re.sub(r"\s+", "", plain)


def run_pty(argv: Sequence[str], env: dict[str, str], needle: str) -> Sample:
    """Time from spawning ``argv`` in a terminal until ``needle`` is on screen; then Ctrl-C."""
    try:
        import pexpect  # type: ignore[import-untyped]
    except ImportError:
        raise Unavailable("pexpect is not installed for the interpreter running this") from None
    want = re.sub(r"\s+", "", needle)
    t0 = time.perf_counter()
    child = pexpect.spawn(argv[0], list(argv[1:]), env=env, cwd=str(ROOT), dimensions=(50, 300))
    seen = b""
    try:
        while True:
            left = PTY_TIMEOUT - (time.perf_counter() - t0)
            if left <= 0:
                raise Unavailable(f"{needle[:40]!r} not on screen within {PTY_TIMEOUT:.0f} s")
            try:
                seen += child.read_nonblocking(65536, timeout=left)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                tail = _ANSI.sub(b"", seen).decode("utf-8", "replace").strip().splitlines()
                shown = tail[-1][:160] if tail else "(no output)"
                raise Unavailable(f"exited before showing {needle[:40]!r}: {shown}") from None
            if want in _squash(seen):
                elapsed = time.perf_counter() - t0
                break
    finally:
        if child.isalive():
            child.sendcontrol("c")
            with contextlib.suppress(pexpect.TIMEOUT, pexpect.EOF):
                child.expect(pexpect.EOF, timeout=5)
        child.close(force=True)
    return Sample(elapsed * 1000)


# --- Targets -------------------------------------------------------------------------------------

Runner = Callable[[], Sample]


@dataclasses.dataclass
class Series:
    """One command's samples; a failure makes it "not available" from then on."""

    label: str
    run: Runner
    warm: Callable[[], object] | None = None  # the warm-up run, when it can say more on failure
    samples: list[Sample] = dataclasses.field(default_factory=list)
    error: str | None = None

    def once(self, keep: bool = True) -> None:
        if self.error:
            return
        try:
            sample = self.run() if keep or self.warm is None else self.warm()
        except Unavailable as exc:
            self.error = str(exc)
            return
        if keep and isinstance(sample, Sample):
            self.samples.append(sample)

    def median(self, attr: str = "ms") -> float | None:
        values = [getattr(s, attr) for s in self.samples]
        if self.error or not values or None in values:
            return None
        return float(statistics.median(values))


@dataclasses.dataclass
class Target:
    """A command measured against the floor, side by side."""

    cmd: Series
    floor: Series
    limit: float | None  # the highest ratio allowed; None: shown for information

    def ratio(self, attr: str = "ms") -> float | None:
        a, b = self.cmd.median(attr), self.floor.median(attr)
        return None if a is None or b is None else a / b


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def answers_for(kb: dict[str, Any]) -> dict[str, Any]:
    """A small answers file: PREFERRED_ANSWERS kept to the questions and choices the KB has.

    Unanswered keys count as unsure in explore."""
    questions = {q["id"]: q for q in kb.get("questions") or []}
    answers: dict[str, Any] = {}
    for key, value in PREFERRED_ANSWERS.items():
        q = questions.get(key)
        if q is None:
            continue
        allowed = {c["value"] for c in q.get("choices") or []}
        kept = [v for v in (value if isinstance(value, list) else [value]) if v in allowed]
        if kept:
            answers[key] = kept if q.get("multiple") else kept[0]
    return answers


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} x"


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w)
            for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


# --- Main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (default 15)")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter for netcli and the floor"
    )
    parser.add_argument(
        "--scales", default="1,10,100", help="knowledge-base sizes (default 1,10,100)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    try:
        scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    except ValueError:
        parser.error("--scales takes whole numbers, such as 1,10,100")
    if args.runs < 1 or not scales or scales[0] < 1:
        parser.error("--runs and every scale must be 1 or more")
    tmp = Path(tempfile.mkdtemp(prefix="netcli-bench-"))
    try:
        return bench(args.python, args.runs, scales, tmp)
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def bench(py: str, runs: int, scales: list[int], tmp: Path) -> int:
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCLI_")}
    dropped = sorted(k for k in env if k in UNFAIR_ENV)
    for k in dropped:
        del env[k]
    env["NETCLI_CACHE_DIR"] = str(tmp / "cache")
    # Bytecode for every module (netcli's, typer's, the floor's) in one private place, written by
    # the warm-up runs: an installed netcli has its .pyc files, and a checkout's may be stale.
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    pty_env = {**env, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color"}

    version = subprocess.run(
        [py, "-c", "import sys, typer; print(sys.version.split()[0], typer.__version__)"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    print(f"interpreter  {py} (Python {' typer '.join(version) or '?'})")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine      {platform.machine()}, {os.cpu_count()} CPUs, load {load} at start")
    print(f"runs         {runs} measured runs of each after a warm-up; medians")
    if dropped:
        print(f"environment  without {', '.join(dropped)} (unlike a user's)")
    print()

    floor_py = tmp / "floor.py"
    floor_py.write_text(FLOOR, "utf-8")
    shipped = load_yaml(SHIPPED)
    answers_file = tmp / "answers.yaml"
    answers_file.write_text(yaml.safe_dump(answers_for(shipped), sort_keys=False), "utf-8")
    first_question = str(shipped["questions"][0]["text"])

    # The knowledge bases of the scaling tables; 1 x is the shipped file itself.
    kbs: dict[int, Path] = {}
    for n in scales:
        kbs[n] = SHIPPED if n == 1 else tmp / f"kb-{n}x.yaml"
        if n != 1:
            subprocess.run(
                [py, str(MAKE_KB), "--scale", str(n), "--output", str(kbs[n])], check=True
            )

    netcli = [py, "-m", "netcli"]
    floor_argv = [py, str(floor_py), "everolimus", "--json"]

    def cmd(label: str, argv: list[str]) -> Series:
        """A command whose warm-up run keeps its stderr, to say why it fails."""
        return Series(label, lambda: run_measured(argv, env), lambda: run_checked(argv, env))

    def pty(label: str, argv: list[str], needle: str) -> Series:
        return Series(label, lambda: run_pty(argv, pty_env, needle))

    try:
        run_checked(floor_argv, env)
    except Unavailable as exc:
        print(f"the floor program does not run with {py}: {exc}", file=sys.stderr)
        return 2
    with contextlib.suppress(Unavailable):  # compiles netcli's .pyc files; a failure shows later
        run_checked([*netcli, "--version"], env)

    # First runs, each on an empty cache for its knowledge base: they parse, validate and write
    # the SQLite cache. Done before anything else reads the shipped file (1 x shares its cache).
    def lookup(n: int) -> list[str]:
        return [*netcli, "--kb", str(kbs[n]), "drug", "everolimus", "--json"]

    first: dict[int, float | str] = {}
    for n in scales:
        try:
            first[n] = run_checked(lookup(n), env, FIRST_RUN_TIMEOUT)
        except Unavailable as exc:
            first[n] = str(exc)

    def floor() -> Series:
        return cmd("floor", floor_argv)

    targets = {
        "drug everolimus --json": Target(
            cmd("json", [*netcli, "drug", "everolimus", "--json"]), floor(), 1.15
        ),
        "drug everolimus (terminal view)": Target(
            cmd("view", [*netcli, "drug", "everolimus"]), floor(), 1.3
        ),
        "explore --answers FILE --json": Target(
            cmd("answers", [*netcli, "explore", "--answers", str(answers_file), "--json"]),
            floor(),
            1.25,
        ),
        "explore: first question on screen": Target(
            pty("tty", [*netcli, "explore"], first_question),
            pty("floor", [py, str(floor_py), "everolimus"], "everolimus"),
            1.5,
        ),
    }
    script = Path(py).parent / "netcli"
    if script.exists():
        targets["console script netcli drug everolimus --json"] = Target(
            cmd("script", [str(script), "drug", "everolimus", "--json"]), floor(), None
        )
    scaled = {n: cmd(f"{n} x", lookup(n)) for n in scales}

    # Warm-up: one unkept run of each.
    for t in targets.values():
        t.cmd.once(keep=False)
        t.floor.once(keep=False)
    for s in scaled.values():
        s.once(keep=False)

    # Measured runs, interleaved: floor, target, target, floor, ...; then the scales in turn.
    # Every other round the target goes first, so that neither gains from following the other.
    for i in range(runs):
        for t in targets.values():
            if not t.cmd.error:
                pair = (t.floor, t.cmd) if i % 2 == 0 else (t.cmd, t.floor)
                for one in pair:
                    one.once()
        order = list(scaled.values())
        for s in order[i % len(order) :] + order[: i % len(order)]:
            s.once()

    # Other commands at each scale, for information: do they grow with the knowledge base?
    info_runs = max(3, runs // 3)
    info: dict[str, dict[int, Series]] = {}
    for section, command in (
        ("treatments", "treatment"),
        ("sites", "site"),
        ("sources", "source"),
        ("glossary", "glossary"),
        ("topics", "topic"),
    ):
        records = shipped.get(section) or []
        if records:
            rid = str(records[0]["id"])
            info[f"{command} {rid} --json"] = {
                n: cmd(command, [*netcli, "--kb", str(kbs[n]), command, rid, "--json"])
                for n in scales
            }
    info["explore: first question on screen"] = {
        n: pty("tty", [*netcli, "--kb", str(kbs[n]), "explore"], first_question) for n in scales
    }
    for series in info.values():
        for s in series.values():
            s.once(keep=False)
    for _ in range(info_runs):
        for series in info.values():
            for s in series.values():
                s.once()

    missed = report(targets, scaled, first, info, kbs, scales, info_runs)
    took = time.perf_counter() - started
    print(f"\n{'FAIL' if missed else 'PASS'} (the benchmark took {took:.0f} s)")
    return 1 if missed else 0


def report(
    targets: dict[str, Target],
    scaled: dict[int, Series],
    first: dict[int, float | str],
    info: dict[str, dict[int, Series]],
    kbs: dict[int, Path],
    scales: list[int],
    info_runs: int,
) -> list[str]:
    """Print the tables; the targets missed."""
    missed: list[str] = []
    rows: list[list[str]] = []
    for label, t in targets.items():
        limit = "info" if t.limit is None else f"<= {t.limit:.2f} x"
        error = t.cmd.error or t.floor.error
        if error:
            rows.append([label, "-", "-", "-", "-", limit, "not available"])
            missed.append(f"{label}: not available ({error})")
            continue
        ratio = t.ratio()
        assert ratio is not None
        ok = t.limit is None or ratio <= t.limit
        result = "" if t.limit is None else ("pass" if ok else "FAIL")
        row = [fmt(t.cmd.median()), fmt(t.floor.median()), fmt_ratio(ratio)]
        rows.append([label, *row, fmt_ratio(t.ratio("cpu_ms")), limit, result])
        if not ok:
            missed.append(f"{label}: {ratio:.2f} x the floor, limit {t.limit:.2f} x")

    # The scaling target: the lookup on the 100 x knowledge base against the shipped one.
    label = "drug everolimus --json, 100 x KB / 1 x"
    limit = f"<= {SCALE_LIMIT:.2f} x"
    big, small = scaled.get(100), scaled.get(1)
    if big is None or small is None:
        rows.append([label, "-", "-", "-", "-", limit, "skipped: --scales lacks 1 or 100"])
    elif big.error or small.error:
        rows.append([label, "-", "-", "-", "-", limit, "not available"])
        missed.append(f"{label}: not available ({big.error or small.error})")
    else:
        b, s1 = big.median(), small.median()
        assert b is not None and s1 is not None
        cb, cs = big.median("cpu_ms"), small.median("cpu_ms")
        cpu = fmt_ratio(cb / cs) if cb and cs else "-"
        ok = b / s1 <= SCALE_LIMIT
        rows.append(
            [
                label,
                fmt(b),
                f"{fmt(s1)} (1 x)",
                fmt_ratio(b / s1),
                cpu,
                limit,
                "pass" if ok else "FAIL",
            ]
        )
        if not ok:
            missed.append(f"{label}: {b / s1:.2f} x, limit {SCALE_LIMIT:.2f} x")

    print("Targets: python -m netcli against the floor, medians of wall time, side by side")
    print_table(["target", "netcli ms", "floor ms", "ratio", "cpu ratio", "limit", "result"], rows)
    print("  (explore's first question: both it and the floor run in a terminal, timed until")
    print("   their text is on screen; cpu ratio, user + system time, is less sensitive to load)")

    # Peak memory of a lookup, against the floor's, from the same runs.
    t = targets["drug everolimus --json"]
    mem, floor_mem = t.cmd.median("maxrss_kib"), t.floor.median("maxrss_kib")
    if mem is None or floor_mem is None:
        print("\nPeak memory of a lookup: not available")
        missed.append("peak memory of a lookup: not available")
    else:
        extra = (mem - floor_mem) / 1024
        ok = extra <= MEMORY_LIMIT_MIB
        print(
            f"\nPeak memory (max RSS, median) of drug everolimus --json: {mem / 1024:.1f} MiB, "
            f"floor {floor_mem / 1024:.1f} MiB: {extra:+.1f} MiB "
            f"(limit +{MEMORY_LIMIT_MIB:.0f} MiB): {'pass' if ok else 'FAIL'}"
        )
        if not ok:
            missed.append(f"peak memory: {extra:+.1f} MiB, limit +{MEMORY_LIMIT_MIB:.0f} MiB")
        for label in ("drug everolimus (terminal view)", "explore --answers FILE --json"):
            rss = targets[label].cmd.median("maxrss_kib")
            if rss is not None:
                print(f"  {label}: {rss / 1024:.1f} MiB")

    print("\nScaling: netcli --kb KB drug everolimus --json")
    base = scaled[1].median() if 1 in scaled else None
    srows = []
    for n in scales:
        s, f = scaled[n], first[n]
        if isinstance(f, str):
            missed.append(f"{n} x lookup, first run: not available ({f})")
        if s.error:
            missed.append(f"{n} x lookup: not available ({s.error})")
        later, rss = s.median(), s.median("maxrss_kib")
        srows.append(
            [
                f"{n} x",
                f"{kbs[n].stat().st_size:,}",
                "not available" if isinstance(f, str) else fmt(f),
                fmt(later) if later is not None else "not available",
                fmt_ratio(later / base) if later is not None and base else "-",
                "-" if rss is None else f"{rss / 1024:.1f}",
            ]
        )
    print_table(["KB", "bytes", "first run ms", "later median ms", "vs 1 x", "max RSS MiB"], srows)
    print("  (first run: an empty cache; it parses and validates the YAML and writes the cache)")

    print(f"\nOther commands at each scale, for information (medians of {info_runs} runs, ms)")
    irows = []
    for label, series in info.items():
        cells = [fmt(series[n].median()) if not series[n].error else "n/a" for n in scales]
        lo, hi = series[scales[0]].median(), series[scales[-1]].median()
        grows = fmt_ratio(hi / lo) if lo and hi else "-"
        irows.append([label, *cells, grows])
        for n in scales:
            if series[n].error:
                print(f"  {label} at {n} x: not available ({series[n].error})")
    print_table(["command", *[f"{n} x" for n in scales], f"{scales[-1]} x / {scales[0]} x"], irows)

    if missed:
        print("\nMissed:")
        for m in missed:
            print(f"  - {m}")
    return missed


if __name__ == "__main__":
    sys.exit(main())

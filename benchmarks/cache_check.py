"""What the verified cache costs on every run: reading and hashing the YAML's bytes, opening the
cache (owner, mode and shape checked) and reading its checked meta rows, and one checked lookup.

    .venv/bin/python benchmarks/cache_check.py [--runs 50] [--scales 1,100]

Each scale's cache is built once first (a private temporary NETCLI_CACHE_DIR); then each step is
timed ``--runs`` times in this process and the median and the best are printed in ms.
It is a benchmark, not a test: it times this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import make_kb  # noqa: E402

from netcli.knowledge import digest, load  # noqa: E402


def timed(step: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--scales", default="1,100")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NETCLI_CACHE_DIR"] = str(Path(tmp) / "cache")
        print(f"{'scale':>5} {'YAML bytes':>12}  {'step':<42} {'median ms':>9} {'best ms':>8}")
        for scale in (int(s) for s in args.scales.split(",")):
            path = Path(tmp) / f"kb{scale}.yaml"
            if scale == 1:
                path.write_bytes(make_kb.SHIPPED.read_bytes())
            else:
                make_kb.main(["--scale", str(scale), "--output", str(path)])
            load.open_kb(path).meta  # noqa: B018 - builds the cache once
            size = path.stat().st_size
            steps: dict[str, Callable[[], object]] = {
                "read the YAML (bounded) and SHA-256 it": lambda p=path: digest.digest_of(
                    load.read_kb(p, str(p))
                ),
                "open_kb: stamp, open, check shape and meta": lambda p=path: load.open_kb(p).meta,
                "open_kb + one checked lookup (everolimus)": lambda p=path: load.open_kb(p).get(
                    "drugs", "everolimus"
                ),
            }
            for name, step in steps.items():
                median, best = timed(step, args.runs)
                print(f"{scale:>5} {size:>12,}  {name:<42} {median:>9.2f} {best:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

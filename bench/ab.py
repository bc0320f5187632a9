"""Startup of two or more checkouts, side by side: an A/B test of a change to startup.

    git worktree add --detach ../before HEAD~1
    python -m bench.ab ../before . [--rounds 40] [--size 100000]

Runs reader's startup probe (bench.startup_probe) from each checkout, and the
minimal Textual app, round after round on the same generated cache, the
order reversed every other round, and prints the medians of wall and CPU
time with their ratio to the minimal app. This VM's speed drifts by 20% over
minutes and single runs vary by as much: a difference of 5-10 ms shows only
over many interleaved rounds (40 rounds of two checkouts take about a
minute), and even then two runs can disagree by that much; repeat before
believing it. The checkouts must read the cache's schema version.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from bench import measure
from bench.cache import get_cache


def run(roots: list[Path], cache, rounds: int, log=print) -> dict[str, tuple[float, float]]:
    """name -> (median wall ms, median CPU ms), "minimal app" included."""
    for root in roots:
        measure.compile_reader(root)
    kinds = [(str(root), "reader", root) for root in roots] + [("minimal app", "minimal", roots[0])]
    walls: dict[str, list[float]] = {name: [] for name, _k, _r in kinds}
    cpus: dict[str, list[float]] = {name: [] for name, _k, _r in kinds}
    for name, kind, root in kinds:  # warm-up
        measure.probe_rusage(kind, cache.env, root=root)
    for n in range(rounds):
        for name, kind, root in kinds if n % 2 == 0 else kinds[::-1]:
            ready, cpu, _peak = measure.probe_rusage(kind, cache.env, root=root)
            walls[name].append(ready * 1000)
            cpus[name].append(cpu * 1000)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in walls}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n\n")[0])
    ap.add_argument("checkouts", nargs="+", type=Path)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--size", type=int, default=100_000, help="articles in the generated cache")
    args = ap.parse_args(argv)
    cache = get_cache(args.size, log=print)
    result = run([c.resolve() for c in args.checkouts], cache, args.rounds)
    base_wall, base_cpu = result["minimal app"]
    for name, (wall, cpu) in result.items():
        print(f"{name:40} wall {wall:6.1f} ms ({wall / base_wall:.2f}x)   CPU {cpu:6.1f} ms ({cpu / base_cpu:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

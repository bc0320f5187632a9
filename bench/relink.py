"""What `Library.relink` costs at each cache size: `python -m bench.relink [--size N ...] [--in-place]`.

A relink redoes every related link and story: after a change to how articles
are linked (a new related.VERSION), and when analysis meets a backlog. For
each size, on a copy of the generated cache of bench/cache.py (or, with
``--in-place``, the cache itself: the links come out as a relink makes them),
a fresh process opens the cache and relinks it on every core. Printed: the
wall time, the links written, and that process's peak memory (its own
VmHWM; the worker processes plan and return, they hold nothing) next to its
memory just after opening the cache, the baseline, as a ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.cache import OUT, Cache, get_cache


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(root: Path, count: int) -> dict:
    """In the measured process: open, relink, report."""
    library = Cache(root, count, 0).library()
    try:
        library.store.db.execute("SELECT count(*) FROM related").fetchone()
        opened = _status_kb("VmRSS")
        t = time.perf_counter()
        linked = library.relink()
        wall = time.perf_counter() - t
        links = library.store.db.execute("SELECT count(*) FROM related").fetchone()[0]
    finally:
        library.close()
    return {"linked": linked, "links": links, "wall_s": wall, "opened_mb": opened / 1024,
            "peak_mb": _status_kb("VmHWM") / 1024}


def measure(n: int, *, in_place: bool = False, out: Path = OUT, log=print) -> dict:
    from bench.scale import _copy

    cache = get_cache(n, out=out, log=log)
    work = cache if in_place else _copy(cache, out / f"relink-{n}")
    try:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent),
                                                          os.environ.get("PYTHONPATH", "")]))
        done = subprocess.run([sys.executable, "-m", "bench.relink", "--child", str(work.root), str(n)],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"relink of {work.root} failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1]) | {"size": n}
    finally:
        if not in_place:
            shutil.rmtree(work.root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.relink", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, action="append", help="a cache size (repeatable; default 1000, 100000)")
    ap.add_argument("--in-place", action="store_true", help="relink the built caches themselves, not copies")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--child", nargs=2, metavar=("ROOT", "COUNT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]))))
        return 0
    print("| articles | relink (s) | links written | memory after opening (MB) | peak memory (MB) | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in sorted(set(args.size or [1000, 100_000])):
        r = measure(n, in_place=args.in_place, out=args.out, log=lambda msg: print(msg, file=sys.stderr))
        print(f"| {n:,} | {r['wall_s']:.1f} | {r['links']:,} | {r['opened_mb']:.0f} | {r['peak_mb']:.0f} "
              f"| {r['peak_mb'] / r['opened_mb']:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

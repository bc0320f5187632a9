"""What planning one article's links reads and costs at each cache size (issue 20):
`python -m bench.linkcost [--size N ...] [--articles 300]`.

For each size, on the generated cache of bench/cache.py (built on first use
under bench/out/, reused after), ``related.plan_links`` of random analysed
articles, each with a fresh BatchCache (nothing shared between articles):
the CPU time per plan (p50, p95; CPU, not wall, so that a shared machine
does not move it), the entity mentions read per plan (at most PER_ENTITY
per name of TOP_ENTITIES), and the articles those mentions find. Once the
names an article carries are in PER_ENTITY articles or more, the mentions
read stop growing: the cost of a plan is bounded, whatever the size beyond.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from bench.cache import OUT, get_cache


def measure(n: int, *, articles: int = 300, seed: int = 0, out: Path = OUT, log=None) -> dict:
    from reader.store import related

    cache = get_cache(n, seed, out=out, log=log)
    library = cache.library()
    try:
        db = library.store.db
        top = db.execute("SELECT max(id) FROM articles").fetchone()[0]
        rng = random.Random(1)
        ids = [rng.randint(1, top) for _ in range(articles)]
        for article_id in ids:  # warm-up: the file cache and the title cache
            related.plan_links(db, article_id)
        cpu, mentions, found = [], [], []
        for article_id in ids:
            batch = related.BatchCache()
            t = time.process_time()
            related.plan_links(db, article_id, batch)
            cpu.append((time.process_time() - t) * 1000)
            mentions.append(sum(len(m) for m in batch.mentions.values()))
            found.append(len(related.candidates(db, article_id)[0]))
    finally:
        library.close()
    cpu.sort()
    return {"size": n, "p50": cpu[len(cpu) // 2], "p95": cpu[int(0.95 * (len(cpu) - 1))],
            "mentions": statistics.mean(mentions), "found": statistics.mean(found)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.linkcost", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, action="append", help="a cache size (repeatable; default 1000, 10000, 100000)")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    print("| articles | plan CPU p50 (ms) | p95 (ms) | mentions read per plan | articles found per plan |")
    print("|---:|---:|---:|---:|---:|")
    for n in sorted(set(args.size or [1000, 10_000, 100_000])):
        r = measure(n, articles=args.articles, out=args.out, log=lambda msg: print(msg, file=sys.stderr))
        print(f"| {n:,} | {r['p50']:.2f} | {r['p95']:.2f} | {r['mentions']:,.0f} | {r['found']:,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

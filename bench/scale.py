"""How reader's costs grow with the cache (issue 20): `python -m bench scale [--size N ...]`.

For each size (default 1,000 and 100,000 articles; 1,000,000 on request:
`python -m bench scale --size 1000 --size 1000000`), on the generated cache of
bench/cache.py (built on first use under bench/out/, reused after), it
measures:

- ingest + analysis + linking of the next 1,000 articles: 10 rounds of 100
  new generated articles stored through ``Store.store_articles`` (as a
  refresh lands them) and analysed by ``Library.analyse_pending`` with the
  real models (entities, times, events) and linked as they are saved, one
  worker process per core: articles per second over the whole, and the CPU
  time per article of this process and its workers (steadier than the wall
  time when other work shares the machine). Next to it,
  the cost of planning one article's links (``related.plan_links``, what
  linking reads) over those 1,000, p50/p95;
- `reader search`: the 20 queries of ``measure.search_queries`` (words,
  phrases, prefix, OR/NOT, feed:, tag:, is:, after:/before:, entity:, and
  mixes) through ``Library.list_articles`` (first page, 200 rows, as the app
  reads it): p50 and p95 over the per-query medians;
- the app's first screen: a fresh process to the first article shown with
  the list filled and the sidebar (bench.startup_probe), and its peak RSS;
- opening an article: ``Library.article`` + ``Library.related`` (what the
  reading pane and the sidebar read) for 50 random articles, p50/p95;
- the cache's size on disk.

Each figure is printed with its ratio to the 1,000-article figure, so a
regression shows as a number. The ingest runs on a copy of the cache (so the
reused cache stays as built), and on the largest size the copy then times
retention and `reader vacuum`: keep_days set so that the oldest 30% of the
articles fall out (read and unstarred ones go), then `Library.vacuum()`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import corpus
from bench.cache import OUT, get_cache

NEXT = 1000  # articles ingested, analysed and linked per size
ROUND = 100  # of them per round (a refresh's worth)
DEFAULT_SIZES = [1000, 100_000]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _copy(cache, dest: Path):
    """A working copy of ``cache`` (config and data) at ``dest``."""
    from bench.cache import Cache

    shutil.rmtree(dest, ignore_errors=True)
    (dest / "data").mkdir(parents=True)
    shutil.copy2(cache.config_file, dest / "config.toml")
    for suffix in ("", "-wal"):
        src = cache.data_dir / f"cache.sqlite{suffix}"
        if src.exists():
            shutil.copy2(src, dest / "data" / src.name)
    return Cache(dest, cache.count, cache.seed)


def outlet_feeds(store) -> dict[str, int]:
    """The generated outlets' feed ids in a bench cache."""
    from bench.cache import feed_url

    return {outlet: store.feed_id(feed_url(outlet), title=outlet) for outlet in corpus.W.OUTLETS}


def store_generated(store, feed_ids: dict[str, int], docs, prefix: str = "next:") -> None:
    """Store generated articles (bench.corpus) in their outlets' feeds, their keys prefixed so
    they never meet the cache's own."""
    from reader.model import ArticleIn

    by_feed: dict[str, list] = {}
    for d in docs:
        by_feed.setdefault(d["source"], []).append(ArticleIn(
            key=prefix + d["key"], title=d["title"], text=d["text"], url=d["url"], published=d["published"]))
    for source, items in by_feed.items():
        store.store_articles(feed_ids[source], items)


def ingest_next(cache, log, count: int = NEXT) -> dict:
    """Store, analyse and link the next ``count`` articles on a working copy; returns the figures."""
    from reader.store.related import BatchCache, plan_links

    library = cache.library()
    try:
        store = library.store
        feed_ids = outlet_feeds(store)
        fresh = list(corpus.articles(count, seed=cache.seed + 7919))
        from bench.measure import DescendantsCPU

        stored = analysed = 0.0
        t_all = time.perf_counter()
        own = time.process_time()
        workers = DescendantsCPU().__enter__()  # the analysis workers' CPU time
        for start in range(0, count, ROUND):
            t = time.perf_counter()
            store_generated(store, feed_ids, fresh[start:start + ROUND])
            stored += time.perf_counter() - t
            t = time.perf_counter()
            library.analyse_pending()
            analysed += time.perf_counter() - t
        total = time.perf_counter() - t_all
        workers.__exit__(None, None, None)
        cpu = time.process_time() - own + workers.seconds
        new_ids = [r[0] for r in store.db.execute("SELECT id FROM articles WHERE key LIKE 'next:%'")]
        plan_ms = []
        db = store.db
        for article_id in new_ids:
            t = time.perf_counter()
            plan_links(db, article_id, BatchCache())
            plan_ms.append((time.perf_counter() - t) * 1000)
        log(f"  ingested, analysed and linked {len(new_ids):,} articles in {total:.1f} s "
            f"(storing {stored:.1f} s, analysing and linking {analysed:.1f} s)")
        return {"rate": len(new_ids) / total, "cpu_ms": cpu * 1000 / len(new_ids), "store_s": stored, "analyse_s": analysed,
                "plan_p50": _pct(plan_ms, 0.5), "plan_p95": _pct(plan_ms, 0.95)}
    finally:
        library.close()


def search(cache, repeats: int = 3) -> dict:
    from bench.measure import search_queries

    library = cache.library()
    try:
        medians = {}
        for q in search_queries():
            library.list_articles(q, limit=200)
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                library.list_articles(q, limit=200)
                times.append((time.perf_counter() - t) * 1000)
            medians[q] = statistics.median(times)
        values = list(medians.values())
        slowest = max(medians, key=medians.get)
        return {"p50": _pct(values, 0.5), "p95": _pct(values, 0.95), "slowest": (slowest, medians[slowest])}
    finally:
        library.close()


def open_article(cache, count: int = 50, seed: int = 3) -> dict:
    library = cache.library()
    try:
        top = library.store.db.execute("SELECT max(id) FROM articles").fetchone()[0]
        rng = random.Random(seed)
        times = []
        for _ in range(count):  # each a different article, read once: as a reader moves through the list
            article_id = rng.randint(1, top)
            t = time.perf_counter()
            library.article(article_id)
            library.related(article_id)
            times.append((time.perf_counter() - t) * 1000)
        return {"p50": _pct(times, 0.5), "p95": _pct(times, 0.95)}
    finally:
        library.close()


def first_screen(cache, repeats: int) -> dict:
    from bench.measure import compile_reader, probe_rusage

    compile_reader()
    probe_rusage("reader", cache.env)  # warm-up: file cache
    ready, rss = [], []
    for _ in range(repeats):
        seconds, _cpu, peak = probe_rusage("reader", cache.env, timeout=600)
        ready.append(seconds * 1000)
        rss.append(peak)
    return {"ms": statistics.median(ready), "rss": max(rss)}


def retention(work, log) -> dict:
    """keep_days set so the oldest 30% fall out, then Library.vacuum() on the working copy."""
    library = work.library()
    try:
        db = library.store.db
        # The generated articles all arrived when the cache was built; retention keeps what
        # arrived recently, so on this copy each arrives when it was published, as in a cache
        # that grew over the years.
        with library.store.transaction() as tx:
            tx.execute("UPDATE articles SET added = published")
        n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        boundary = db.execute("SELECT published FROM articles ORDER BY published LIMIT 1 OFFSET ?",
                              (n * 3 // 10,)).fetchone()[0]
        days = (datetime.now(timezone.utc).replace(tzinfo=None)
                - datetime.strptime(boundary, "%Y-%m-%d %H:%M:%S")).total_seconds() / 86400
    finally:
        library.close()
    text = work.config_file.read_text(encoding="utf-8")
    work.config_file.write_text(f"[settings]\nkeep_days = {days:.3f}\n\n" + text, encoding="utf-8")
    library = work.library()
    try:
        t = time.perf_counter()
        report = library.vacuum()
        vacuum_s = time.perf_counter() - t
        t = time.perf_counter()
        again = library.apply_retention()
        noop_ms = (time.perf_counter() - t) * 1000
    finally:
        library.close()
    log(f"  vacuum: {report.line()} in {vacuum_s:.1f} s; retention again: {again} removed in {noop_ms:.0f} ms")
    return {"removed": report.removed, "vacuum_s": vacuum_s, "freed_mb": report.freed / 1e6, "how": report.how,
            "retention_noop_ms": noop_ms, "keep_days": days}


FIGURES = [  # key, label, unit, better when higher
    ("rate", "ingest + analysis + linking of the next articles", "art/s", True),
    ("cpu_ms", "  the same, CPU time per article (all processes)", "ms", False),
    ("plan_p50", "planning one article's links, p50", "ms", False),
    ("plan_p95", "planning one article's links, p95", "ms", False),
    ("search_p50", "search first page (20 queries), p50", "ms", False),
    ("search_p95", "search first page (20 queries), p95", "ms", False),
    ("first_screen", "app launch to first screen, list filled", "ms", False),
    ("open_p50", "open an article: text + sidebar data, p50", "ms", False),
    ("open_p95", "open an article: text + sidebar data, p95", "ms", False),
    ("disk_mb", "cache size on disk", "MB", False),
    ("rss_mb", "app peak memory (RSS)", "MB", False),
]


def measure_size(n: int, *, seed: int, out: Path, startup_repeats: int, vacuum: bool, log,
                 next_count: int = NEXT) -> dict:
    log(f"cache of {n:,} articles ...")
    t = time.perf_counter()
    cache = get_cache(n, seed, out=out, log=log)
    log(f"  {'reused' if cache.reused else f'built in {time.perf_counter() - t:.0f} s'}: {cache.root}")
    lib = cache.library()  # opening migrates a reused cache to this schema
    try:
        disk = lib.store.disk_bytes() / 1e6
    finally:
        lib.close()
    fig: dict = {"size": n, "disk_mb": disk}
    log("  search ...")
    s = search(cache)
    fig.update(search_p50=s["p50"], search_p95=s["p95"], search_slowest=s["slowest"])
    log("  opening articles ...")
    o = open_article(cache)
    fig.update(open_p50=o["p50"], open_p95=o["p95"])
    log("  first screen ...")
    f = first_screen(cache, startup_repeats)
    fig.update(first_screen=f["ms"], rss_mb=f["rss"])
    log(f"  ingesting the next {next_count:,} (on a copy) ...")
    work = _copy(cache, out / f"work-{n}")
    try:
        fig.update(ingest_next(work, log, next_count))
        if vacuum:
            log("  retention and vacuum (on the copy) ...")
            fig["vacuum"] = retention(work, log)
    finally:
        shutil.rmtree(work.root, ignore_errors=True)
    return fig


def table(results: list[dict]) -> str:
    base = results[0]
    head = ["figure", "unit"] + [f"{r['size']:,}" for r in results] + [f"ratio {r['size']:,}" for r in results[1:]]
    lines = []
    for key, label, unit, _higher in FIGURES:
        cells = [label, unit]
        for r in results:
            v = r.get(key)
            cells.append("-" if v is None else f"{v:,.1f}" if v < 1000 else f"{v:,.0f}")
        for r in results[1:]:
            v, b = r.get(key), base.get(key)
            cells.append(f"{v / b:.2f}x" if v is not None and b else "-")
        lines.append(cells)
    widths = [max(len(head[i]), *(len(line[i]) for line in lines)) for i in range(len(head))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
            + " |" for line in lines]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, action="append",
                    help="a cache size (repeatable; default 1000 and 100000; the first is the base of the ratios)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--no-vacuum", action="store_true", help="skip timing retention and vacuum on the largest size")
    ap.add_argument("--next", type=int, default=NEXT, help="articles ingested, analysed and linked per size")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    sizes = args.size or DEFAULT_SIZES
    if args.size and min(sizes) > 1000:
        sizes = [1000] + sizes  # the base of the ratios
    sizes = sorted(set(sizes))

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    log(f"load average {os.getloadavg()[0]:.2f}; sizes {', '.join(f'{n:,}' for n in sizes)}")
    results = [measure_size(n, seed=args.seed, out=args.out, startup_repeats=args.startup_runs,
                            vacuum=(n == sizes[-1] and not args.no_vacuum), log=log, next_count=args.next)
               for n in sizes]
    command = "python -m bench scale" + "".join(f" --size {n}" for n in sizes)
    print(table(results))
    print()
    for r in results:
        q, ms = r["search_slowest"]
        print(f"- {r['size']:,}: slowest search {q!r} {ms:.1f} ms; storing {r['store_s']:.1f} s, "
              f"analysing and linking {r['analyse_s']:.1f} s of the next {args.next:,}")
        v = r.get("vacuum")
        if v:
            print(f"- retention on the {r['size']:,}-article copy (keep_days {v['keep_days']:.0f}: the oldest 30%, "
                  f"read and unstarred ones): removed {v['removed']:,} articles and "
                  f"{'VACUUM' if v['how'] == 'vacuum' else v['how'] or 'no vacuum'} freed {v['freed_mb']:,.0f} MB "
                  f"in {v['vacuum_s']:.1f} s (`reader vacuum`); retention again, nothing to remove: "
                  f"{v['retention_noop_ms']:.0f} ms")
    print(f"\n{command}: {time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())

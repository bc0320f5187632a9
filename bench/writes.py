"""Where a new article's writes go: `python -m bench.writes [--size N ...] [--articles 100] [--warm N]`.

On a working copy of each bench cache (bench.cache), with the WAL's automatic
checkpoints off, 100 new generated articles are stored and then analysed and
linked by Library.analyse_pending(workers=1). Every frame the WAL then holds
is named by the table or index its page belongs to (SQLite's dbstat), and
the figures are printed per new article: frames written, distinct pages, and
the frames of each table or index. The growth of these with the cache is the
growth of the analysis's write cost (issue 20); bench/README has the figures.

A bench cache is linked in bulk (Library.relink), which leaves the index of
the links found to each article packed full: the first articles after it
split a page for most entries they add. `--warm N` stores and analyses N
articles first, uncounted, to measure an index that has taken inserts since,
as a cache that grew article by article has.

Pages a transaction writes twice are two frames; pages freed since (no longer
in dbstat) are counted as "(free)".
"""

from __future__ import annotations

import argparse
import shutil
import struct
import time
from collections import Counter
from pathlib import Path

from bench import corpus
from bench.cache import OUT, get_cache
from bench.scale import _copy, outlet_feeds, store_generated

SIZES = [1_000, 100_000]


def wal_pages(wal: Path) -> list[int]:
    """The page number of every frame in a WAL file (its format: sqlite.org/fileformat2.html#walformat)."""
    data = wal.read_bytes()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    frames = []
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        frames.append(struct.unpack(">I", data[offset:offset + 4])[0])
    return frames


def measure(size: int, articles: int, out: Path, log, warm: int = 0) -> dict:
    cache = get_cache(size, 0, out=out, log=log)
    work = _copy(cache, out / f"writes-{size}")
    library = work.library()
    try:
        store = library.store
        db = store.db
        if warm:
            store_generated(store, outlet_feeds(store), corpus.articles(warm, seed=cache.seed + 104729), "warm:")
            library.analyse_pending(workers=1)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        store_generated(store, outlet_feeds(store), corpus.articles(articles, seed=cache.seed + 7919))
        stored = len(wal_pages(work.data_dir / "cache.sqlite-wal"))
        t = time.perf_counter()
        library.analyse_pending(workers=1)
        took = time.perf_counter() - t
        frames = wal_pages(work.data_dir / "cache.sqlite-wal")[stored:]
        owner = dict(db.execute("SELECT pageno, name FROM dbstat"))
        by_name = Counter(owner.get(page, "(free)") for page in frames)
        return {"size": size, "articles": articles, "frames": len(frames), "pages": len(set(frames)),
                "by_name": by_name, "store_frames": stored, "seconds": took}
    finally:
        library.close()
        shutil.rmtree(work.root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.writes", description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, action="append", help=f"cache sizes (default {SIZES})")
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--warm", type=int, default=0, help="articles stored and analysed first, not counted")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, flush=True)

    results = [measure(size, args.articles, args.out, log, args.warm) for size in (args.size or SIZES)]
    names = sorted({name for r in results for name in r["by_name"]},
                   key=lambda name: -max(r["by_name"][name] / r["articles"] for r in results))
    shown = names[:6]
    head = ["cache", "WAL frames an article", "distinct pages an article", *shown, "everything else",
            "analysis wall (s)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in results:
        n = r["articles"]
        rest = sum(count for name, count in r["by_name"].items() if name not in shown)
        cells = [f"{r['size']:,}", f"{r['frames'] / n:.1f}", f"{r['pages'] / n:.1f}",
                 *(f"{r['by_name'][name] / n:.1f}" for name in shown), f"{rest / n:.1f}", f"{r['seconds']:.1f}"]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

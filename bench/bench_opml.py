"""OPML import at scale (issue 15, case 8): `python -m bench --only opml`.

Times `Library.import_opml` (what `reader import FILE` runs: read the OPML,
write the config once, re-read it, make a cache row per feed) for an OPML
file of 10,000 outlines in folders, into a config that already has a few
hand-written feeds and comments, on a fresh cache in a temporary folder. For
comparison it times the old way, one config parse and rewrite per feed
(today's config_edit.add_feed called once per outline, as import did), on a few
hundred outlines: its cost grows with the square of the count.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.measure import row

TARGET_S = 5.0


def write_opml(path: Path, count: int) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0"><head><title>bench</title></head><body>']
    per_folder = 100
    for start in range(0, count, per_folder):
        lines.append(f'<outline text="Folder {start // per_folder}">')
        for i in range(start, min(count, start + per_folder)):
            lines.append(f'  <outline type="rss" text="Site {i}" title="Site {i}" '
                         f'xmlUrl="https://site{i}.example.org/feed.xml" category="news,bench"/>')
        lines.append("</outline>")
    lines.append("</body></opml>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CONFIG = """# my feeds
[settings]
workers = 4  # be gentle

[[feeds]]
url = "https://hand.example.org/rss"
title = "Written by hand"
"""


def _library(root: Path):
    from reader.library import make_library
    from reader.locations import Locations

    locations = Locations(config_file=root / "config" / "config.toml", data_dir=root / "data")
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(CONFIG, encoding="utf-8")
    return make_library(locations)


def import_once(count: int) -> float:
    """Seconds to import an OPML file of ``count`` outlines into a fresh config and cache."""
    with tempfile.TemporaryDirectory(prefix="reader-bench-opml-") as tmp:
        root = Path(tmp)
        opml = root / "feeds.opml"
        write_opml(opml, count)
        library = _library(root)
        try:
            started = time.perf_counter()
            report = library.import_opml(opml)
            elapsed = time.perf_counter() - started
            if report.added != count or len(library.config.feeds) != count + 1 or report.problems:
                raise RuntimeError(f"import went wrong: {report}")
        finally:
            library.close()
    return elapsed


def one_write_per_feed(count: int) -> float:
    """Seconds the old way took: config_edit.add_feed (a parse and a rewrite) for each outline."""
    from reader.config_edit import add_feed
    from reader.opml import read_opml

    with tempfile.TemporaryDirectory(prefix="reader-bench-opml-") as tmp:
        root = Path(tmp)
        opml = root / "feeds.opml"
        write_opml(opml, count)
        config = root / "config.toml"
        config.write_text(CONFIG, encoding="utf-8")
        started = time.perf_counter()
        for outline in read_opml(opml):
            add_feed(config, outline.url, outline.title, list(outline.tags))
        return time.perf_counter() - started


def opml(count: int = 10_000, repeats: int = 3, old_count: int = 200) -> tuple[list[dict], list[str]]:
    times = [import_once(count) for _ in range(repeats)]
    median = sorted(times)[len(times) // 2]
    old = one_write_per_feed(old_count)
    rows = [
        row("opml", f"import {count:,} OPML outlines (one config write)", "s", times,
            target=f"< {TARGET_S:g} s", met=median < TARGET_S),
        row("opml", f"import {old_count:,} outlines, one config write per feed (as before)", "s", [old]),
    ]
    notes = [f"OPML import: {count:,} outlines in {median:.2f} s (median of {repeats}); the old way took "
             f"{old:.2f} s for {old_count:,} outlines, and grows with the square of the count."]
    return rows, notes


if __name__ == "__main__":
    for r in opml()[0]:
        print(f"{r['figure']}: median {r['median']:.2f} s (min {r['min']:.2f}, max {r['max']:.2f})")

"""Opening an entity page (issue 21): `python -m bench --only entity`.

For names of the generated cache — the most mentioned ones (tens of
thousands of articles each on the 100,000-article cache), names of middling
frequency and rare ones — it times:

- ``Library.entity_page(name)``: every query of the page (kind, aliases,
  mentions per week/month, co-occurring names, events, the 50 newest
  articles), as `reader entity NAME --json` reads them;
- the page's first paint: ``EntityScreen`` pushed on a headless app of the
  app's stylesheet at 120x40, from the push until its worker has read the
  page and the screen is laid out and painted with it (Pilot.pause() less its
  wait for idle, as the reading section does).

Target: first paint under 200 ms. The note gives the query plans, to show
every query is an index search (no table scan, no sort of all mentions).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time

from bench.measure import row

TARGET_MS = 200.0


def pick_names(library, seed: int = 4, each: int = 5) -> list[tuple[str, int]]:
    counts = library.store.db.execute(
        "SELECT name, count(*) AS n FROM article_entities GROUP BY name ORDER BY n DESC").fetchall()
    if not counts:
        return []
    top = counts[:each]
    rng = random.Random(seed)
    middle = counts[len(counts) // 4: len(counts) // 2]
    picked = top + rng.sample(middle, min(each, len(middle)))
    rare = [c for c in counts[-each:] if c not in picked]  # the least mentioned
    return picked + rare


def plans(library, name: str) -> list[str]:
    """The query plans of the page's two big queries (mentions and the salient sample)."""
    db = library.store.db
    out = []
    for sql in ("SELECT a.published, a.id FROM article_entities ae INDEXED BY article_entities_cover "
                "JOIN articles a INDEXED BY articles_id_published ON a.id = ae.article_id WHERE ae.name = ? "
                "ORDER BY a.published DESC, a.id DESC LIMIT 50000",
                "SELECT article_id FROM article_entities INDEXED BY article_entities_cover WHERE name = ? "
                "ORDER BY salience DESC LIMIT 500"):
        out.append("; ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, (name,))))
    return out


def entity(cache, *, repeats: int = 3, seed: int = 4) -> tuple[list[dict], list[str]]:
    from textual.app import App

    from reader.locations import styles_dir
    from reader.ui.screens.entity import EntityScreen

    library = cache.library()
    try:
        names = pick_names(library, seed)
        data_ms: list[float] = []
        for name, _n in names:
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                library.entity_page(name)
                times.append((time.perf_counter() - t) * 1000)
            data_ms.append(statistics.median(times))
        plan = plans(library, names[0][0]) if names else []

        class Host(App):
            CSS_PATH = [styles_dir() / "app.tcss"]

            def __init__(self) -> None:
                super().__init__()
                self.library = library
                self.now = None
                self.main_screen = None

        paint_ms: list[float] = []
        paint_cpu: list[float] = []

        async def run() -> None:
            app = Host()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                for name, _n in names:
                    times, cpu = [], []
                    for _ in range(repeats):
                        await pilot.pause()
                        c = time.process_time()
                        t = time.perf_counter()
                        screen = EntityScreen(library, name)
                        await app.push_screen(screen)
                        while not screen.loaded:
                            await asyncio.sleep(0.0005)
                        await pilot._wait_for_screen()  # laid out and painted (Pilot.pause() less its idle wait)
                        app.screen._on_timer_update()
                        times.append((time.perf_counter() - t) * 1000)
                        cpu.append((time.process_time() - c) * 1000)
                        await app.pop_screen()
                    paint_ms.append(statistics.median(times))
                    paint_cpu.append(statistics.median(cpu))

        asyncio.run(run())
    finally:
        library.close()
    if not names:
        return [], ["Entity page: the cache has no entities."]
    worst = max(paint_ms)
    counts = [n for _name, n in names]
    rows = [
        row("entity", f"entity page, first paint ({len(names)} names, {cache.count:,} cached)", "ms", paint_ms,
            target=f"< {TARGET_MS:.0f} ms", met=worst < TARGET_MS, p95=True),
        row("entity", "entity page, first paint, CPU time of the process", "ms", paint_cpu, p95=True),
        row("entity", "Library.entity_page(name), the page's queries", "ms", data_ms, p95=True),
    ]
    notes = [f"Entity page: {len(names)} names of the {cache.count:,}-article cache, the {min(5, len(names))} most "
             f"mentioned ({counts[0]:,} articles the most), middling and rare ones (as few as {min(counts)}); "
             f"median of {repeats} each. First paint: EntityScreen pushed on a headless 120x40 app with the app's "
             f"stylesheet until its worker has read the page and the screen is laid out and painted; slowest "
             f"{worst:.0f} ms. Query plans for {names[0][0]!r}: " + " | ".join(plan)]
    return rows, notes

"""The measurements behind `python -m bench`, one function per section.

Each returns (rows, notes): rows are dicts for the table (figure, unit,
median, min, max, p95, n, baseline, ratio, target, met), notes are sentences
that say what was measured or why a figure is missing. They take sizes and
repeat counts as arguments, so tests/test_bench.py runs them on tiny inputs.
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "sample_feeds" / "000_nato_russia_spies.txt"  # the seed, with its Date header
_TOKEN = re.compile(r"\w+|[^\w\s]")


def summary(values: list[float]) -> dict:
    """median, min, max and p95 (nearest rank) of values."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0, "median": None, "min": None, "max": None, "p95": None}
    rank = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {"n": len(ordered), "median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1],
            "p95": ordered[rank]}


def row(section: str, figure: str, unit: str, values: list[float], *, baseline: float | None = None,
        baseline_name: str = "", target: str = "", met: bool | None = None, p95: bool = False, **extra) -> dict:
    s = summary(values)
    if not p95:
        s["p95"] = None
    r = {"section": section, "figure": figure, "unit": unit, **s, "baseline": baseline,
         "baseline_name": baseline_name, "ratio": (s["median"] / baseline) if baseline and s["median"] is not None else None,
         "target": target, "met": met, "values": values}
    r.update(extra)
    return r


def missing(section: str, figure: str, why: str) -> dict:
    return {"section": section, "figure": figure, "unit": "", "n": 0, "median": None, "min": None, "max": None,
            "p95": None, "baseline": None, "baseline_name": why, "ratio": None, "target": "", "met": None}


# -- startup and memory ------------------------------------------------------------

def has_app() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("reader.ui.app") is not None
    except ImportError:
        return False


def compile_reader(root: Path = ROOT) -> bool:
    """Write reader's bytecode (__pycache__, gitignored) so the probes start the way an installed
    reader does; the minimal app's Textual is compiled in site-packages. True when it succeeded."""
    import compileall

    return bool(compileall.compile_dir(str(root / "reader"), quiet=2))


def probe_rusage(kind: str, env: dict[str, str] | None = None, timeout: float = 120,
                 root: Path = ROOT) -> tuple[float, float, float]:
    """(seconds to the first painted screen, CPU seconds, peak RSS in MB) of one probe process
    run from the checkout ``root``, the RSS from os.wait4 on that process alone."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(root) + os.pathsep + full_env.get("PYTHONPATH", "")
    out_file = tempfile.TemporaryFile(mode="w+")
    err_file = tempfile.TemporaryFile(mode="w+")
    start = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "bench.startup_probe", kind], cwd=root, env=full_env,
                            stdout=out_file, stderr=err_file, stdin=subprocess.DEVNULL)
    deadline = time.time() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise RuntimeError(f"startup probe {kind} did not exit within {timeout:.0f} s")
        time.sleep(0.005)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read(), err_file.read()
    lines = [line for line in out.splitlines() if line.startswith("ready ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"startup probe {kind} failed ({proc.returncode}): {out.strip()} {err.strip()[-800:]}")
    ready = float(lines[-1].split()[1])
    cpu = usage.ru_utime + usage.ru_stime  # to the exit, a little more than to the first paint
    # Not usage.ru_maxrss: Linux carries the forked parent's (this big process's) peak across exec.
    peak = [int(line.split()[1]) for line in out.splitlines() if line.startswith("peak_kb ")]
    return ready - start, cpu, (peak[-1] if peak else usage.ru_maxrss) / 1024


def startup(small, big, *, repeats: int = 5, log=print) -> tuple[list[dict], list[str]]:
    """Process start to first painted screen, and peak RSS, of the minimal app and of reader."""
    notes = [f"Startup: a fresh `python` process per run, headless at 120x40, from just before the process "
             f"starts to the first painted screen (reader: the first article in the reading pane with its "
             f"sidebar filled); {repeats} runs each after one unmeasured warm-up (warm file cache), interleaved. "
             f"CPU time (user + system, to the process's exit) comes from os.wait4 on the process, peak RSS from its "
             f"own VmHWM at exit (ru_maxrss would include this harness's memory, inherited through fork); "
             f"CPU time is the steadier figure when other work shares the machine."]
    kinds = [("minimal app", "minimal", None)]
    if compile_reader():
        notes.append("reader's modules were byte-compiled before the runs (compileall), as an installed "
                     "package's are and as Textual's are; where PYTHONDONTWRITEBYTECODE is set, a checkout "
                     "would otherwise compile them from source in every run (about 35 ms).")
    if has_app():
        kinds.append((f"reader, {small.count:,} articles", "reader", small))
        if big is not small:
            kinds.append((f"reader, {big.count:,} articles", "reader", big))
    else:
        notes.append("reader.ui.app is not on this branch yet: only the minimal app was measured.")
    times: dict[str, list[float]] = {k[0]: [] for k in kinds}
    rss: dict[str, list[float]] = {k[0]: [] for k in kinds}
    cpu: dict[str, list[float]] = {k[0]: [] for k in kinds}
    for name, kind, cache in kinds:  # warm-up
        probe_rusage(kind, cache.env if cache else None)
    for _ in range(repeats):
        for name, kind, cache in kinds:
            ready, used, peak = probe_rusage(kind, cache.env if cache else None)
            times[name].append(ready * 1000)
            cpu[name].append(used * 1000)
            rss[name].append(peak)
    base_t = statistics.median(times["minimal app"])
    base_m = statistics.median(rss["minimal app"])
    base_c = statistics.median(cpu["minimal app"])
    rows = []
    for name, _kind, cache in kinds:
        is_big = cache is big and cache is not None
        t_med = statistics.median(times[name])
        rows.append(row("startup", f"startup: {name}", "ms", times[name], baseline=base_t if cache else None,
                        baseline_name="minimal app" if cache else "",
                        target="<= 1.5x minimal" if is_big else "",
                        met=(t_med <= 1.5 * base_t) if is_big else None))
    for name, _kind, cache in kinds:
        rows.append(row("startup", f"startup CPU time: {name}", "ms", cpu[name], baseline=base_c if cache else None,
                        baseline_name="minimal app" if cache else ""))
    for name, _kind, cache in kinds:
        is_big = cache is big and cache is not None
        m_med = statistics.median(rss[name])
        rows.append(row("memory", f"peak RSS: {name}", "MB", rss[name], baseline=base_m if cache else None,
                        baseline_name="minimal app" if cache else "",
                        target="< 250 MB" if is_big else "", met=(m_med < 250) if is_big else None))
    return rows, notes


# -- refresh -------------------------------------------------------------------------

def feeds_dir(out: Path, feeds: int, items: int, seed: int) -> list[Path]:
    path = out / f"feeds-{feeds}x{items}-s{seed}"
    done = path / "complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        corpus.write_feeds(path, feeds, items, seed)
        done.write_text("ok\n")
    return sorted(path.glob("feed_*.xml"))


class DescendantsCPU:
    """CPU seconds used by this process's descendants, sampled from /proc while they run.

    The analysis workers are children of multiprocessing's forkserver, not of
    this process, so RUSAGE_CHILDREN never sees them; a thread samples the
    utime + stime of every live descendant and keeps each one's last value.
    """

    def __init__(self, every: float = 0.2) -> None:
        import threading

        self.every = every
        self.seen: dict[int, float] = {}
        self.base: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> "DescendantsCPU":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        """CPU used since sampling began (processes already there count from their first sample)."""
        return sum(cpu - self.base.get(pid, 0.0) for pid, cpu in self.seen.items())

    def _run(self) -> None:
        me = os.getpid()
        first = True
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            cpu: dict[int, float] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / self._tick
            for pid in cpu:
                parent, depth = parents.get(pid), 0
                while parent and parent != me and depth < 8:
                    parent, depth = parents.get(parent), depth + 1
                if parent == me:
                    self.seen[pid] = cpu[pid]
                    if first:
                        self.base[pid] = cpu[pid]
            first = False
            self._stop.wait(self.every)


def _reader_refresh(paths: list[Path], workdir: Path, analyse: bool) -> dict:
    from reader.library import make_library
    from reader.locations import Locations

    config = workdir / "config.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{p.as_uri()}"\n\n' for p in paths), encoding="utf-8")
    library = make_library(Locations(config_file=config, data_dir=workdir / "data"))
    try:
        t0 = time.perf_counter()
        summary = library.refresh()
        stored = time.perf_counter() - t0
        result = {"stored": stored, "new": summary.new, "errors": summary.errors}
        if analyse:
            self_before = resource.getrusage(resource.RUSAGE_SELF)
            t1 = time.perf_counter()
            with DescendantsCPU() as workers:
                done = library.analyse_pending(workers=os.cpu_count() or 2)
            analysed = time.perf_counter() - t1
            self_after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (workers.seconds + self_after.ru_utime + self_after.ru_stime
                   - self_before.ru_utime - self_before.ru_stime)
            result.update(analysed=analysed, analysed_total=stored + analysed, done=done, cpu=cpu)
        return result
    finally:
        library.close()


def _newsboat(paths: list[Path], workdir: Path) -> float:
    urls = workdir / "urls"
    urls.write_text("".join(p.as_uri() + "\n" for p in paths), encoding="utf-8")
    config = workdir / "config"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "HOME": str(workdir)}
    t0 = time.perf_counter()
    proc = subprocess.run(["newsboat", "-x", "reload", "-u", str(urls), "-c", str(workdir / "cache.db"),
                           "-C", str(config)], env=env, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"newsboat failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed


def newsboat_items(workdir: Path) -> int:
    import sqlite3

    db = sqlite3.connect(workdir / "cache.db")
    try:
        return db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    finally:
        db.close()


def refresh(out: Path, *, seed: int = 0, feeds: int = 50, items: int = 100, repeats: int = 3,
            quick: bool = False, log=print) -> tuple[list[dict], list[str]]:
    notes = []
    try:
        import reader.ingest.refresh  # noqa: F401
    except ImportError:
        return ([missing("refresh", "refresh: stored", "ingest layer (reader/ingest/refresh.py) not on this branch yet")],
                ["Refresh was not measured: reader/ingest/refresh.py is not on this branch yet."])
    paths = feeds_dir(out, feeds, items, seed)
    has_newsboat = shutil.which("newsboat") is not None
    stored, nb, nb_items = [], [], None
    analysed = None
    for i in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
            r = _reader_refresh(paths, Path(tmp), analyse=(i == 0))
            if r["errors"] or r["new"] != feeds * items:
                notes.append(f"Refresh run {i + 1}: {r['new']} new articles, {r['errors']} feeds with errors "
                             f"(expected {feeds * items}, 0).")
            stored.append(r["stored"])
            if i == 0:
                analysed = r
        if has_newsboat:
            with tempfile.TemporaryDirectory(prefix="bench-newsboat-") as tmp:
                nb.append(_newsboat(paths, Path(tmp)))
                nb_items = newsboat_items(Path(tmp))
    base = statistics.median(nb) if nb else None
    med = statistics.median(stored)
    rows = []
    if has_newsboat:
        rows.append(row("refresh", f"refresh {feeds}x{items} local feeds: newsboat -x reload", "s", nb))
    rows.append(row("refresh", f"refresh {feeds}x{items} local feeds: reader, stored", "s", stored,
                    baseline=base, baseline_name="newsboat" if base else "newsboat not installed",
                    target="<= newsboat" if base else "", met=(med <= base) if base else None))
    if analysed is not None and "analysed" in analysed:
        rows.append(row("refresh", f"refresh {feeds}x{items}: reader, stored and analysed ({os.cpu_count()} procs)",
                        "s", [analysed["analysed_total"]], baseline=med, baseline_name="stored only",
                        target="both cores", met=analysed["cpu"] / analysed["analysed"] > 1.5,
                        articles_per_s=analysed["done"] / analysed["analysed"],
                        cores_busy=analysed["cpu"] / analysed["analysed"]))
        notes.append(f"Refresh: {len(paths)} RSS files of {items} items each, file:// URLs, into an empty cache "
                     f"(Library.refresh, then Library.analyse_pending with {os.cpu_count()} worker processes, run "
                     f"once). Analysis: {analysed['done']} articles in {analysed['analysed']:.1f} s = "
                     f"{analysed['done'] / analysed['analysed']:.0f} articles/s, "
                     f"{analysed['cpu'] / analysed['analysed']:.2f} cores busy on average.")
    if has_newsboat:
        notes.append(f"newsboat: `newsboat -x reload -u URLS -c CACHE -C CONFIG` with the same file:// URLs, a fresh "
                     f"cache each run; it stored {nb_items} items.")
    else:
        notes.append("newsboat not installed: no baseline for refresh (apt-get install newsboat).")
    return rows, notes


# -- search --------------------------------------------------------------------------

def search_queries() -> list[str]:
    """Twenty queries of every kind the search language has, from rare to common."""
    W = corpus.W
    outlet = W.OUTLETS[3]
    return [
        "inflation",                                  # a common topic word
        "said",                                       # a word in nearly every article
        "keller",                                     # a frequent surname
        '"European Commission"',                      # a phrase
        '"interest rates" inflation',                 # phrase and word
        "vacc*",                                      # prefix
        "pipeline OR wind",                           # OR
        "election NOT poll",                          # NOT
        W.RARE[-1].split()[-1],                       # a rare word
        "bathyscaphe",                                # a rare word
        "zzyzx",                                      # no match at all
        f'feed:"{outlet}"',                           # feed filter only
        "tag:politics",                               # tag filter only
        "is:unread",                                  # flag only
        "is:starred",                                 # a small flag
        "after:2025-06-01",                           # date filter
        "tag:world is:unread brussels",               # filters and a word
        f'feed:"{outlet}" after:2024-01-01 minister',  # feed, date and word
        'entity:"Anna Keller"',                       # entity filter
        "before:2017-01-01 budget*",                  # date and prefix
    ]


def search(cache, *, repeats: int = 5, page: int = 200) -> tuple[list[dict], list[str]]:
    library = cache.library()
    try:
        queries = search_queries()
        first_page, first_cpu, counts, hits = [], [], [], {}
        for q in queries:
            library.list_articles(q, limit=page)  # warm
            times, ctimes, cpu = [], [], []
            for _ in range(repeats):
                c = time.thread_time()
                t = time.perf_counter()
                rows = library.list_articles(q, limit=page)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.thread_time() - c) * 1000)
                t = time.perf_counter()
                n = library.count(q)
                ctimes.append((time.perf_counter() - t) * 1000)
            hits[q] = (len(rows), n, statistics.median(times), statistics.median(ctimes))
            first_page.append(statistics.median(times))
            first_cpu.append(statistics.median(cpu))
            counts.append(statistics.median(ctimes))
        db = library.store.db
        base = []
        for _ in range(repeats * 4):
            t = time.perf_counter()
            db.execute("SELECT id, title, published FROM articles ORDER BY published DESC LIMIT ?", (page,)).fetchall()
            base.append((time.perf_counter() - t) * 1000)
        b = statistics.median(base)
        med95 = summary(first_page)["p95"]
        rows = [
            row("search", f"search: first page ({page} rows), {cache.count:,} articles", "ms", first_page,
                baseline=b, baseline_name="plain SELECT newest 200", target="p95 < 50 ms", met=med95 < 50, p95=True,
                per_query={q: {"rows": h[0], "matches": h[1], "page_ms": round(h[2], 2), "count_ms": round(h[3], 2)}
                           for q, h in hits.items()}),
            row("search", "search: first page, CPU time only", "ms", first_cpu, p95=True),
            row("search", f"search: count of matches, {cache.count:,} articles", "ms", counts, p95=True),
        ]
        slowest = sorted(hits.items(), key=lambda kv: -kv[1][2])[:3]
        notes = [f"Search: {len(queries)} queries through Library.list_articles (the app's first page) and "
                 f"Library.count, median of {repeats} runs each after one warm-up; the figure is over the "
                 f"{len(queries)} per-query medians (wall time; the CPU-time row is this thread's own work, "
                 f"which other load on the machine does not inflate). Slowest: "
                 + "; ".join(f"{q!r} {h[2]:.1f} ms ({h[1]:,} matches)" for q, h in slowest) + "."]
        return rows, notes
    finally:
        library.close()


# -- related ---------------------------------------------------------------------------

def related(cache, *, count: int = 50, repeats: int = 3, seed: int = 1) -> tuple[list[dict], list[str]]:
    library = cache.library()
    try:
        ids = [r[0] for r in library.store.db.execute("SELECT id FROM articles WHERE analysed IS NOT NULL")]
        picked = random.Random(seed).sample(ids, min(count, len(ids)))
        per, per_cpu, base, found = [], [], [], []
        for article_id in picked:
            times, btimes, cpu = [], [], []
            for _ in range(repeats):
                c = time.thread_time()
                t = time.perf_counter()
                rel = library.related(article_id)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.thread_time() - c) * 1000)
                t = time.perf_counter()
                library.article(article_id)
                btimes.append((time.perf_counter() - t) * 1000)
            per.append(statistics.median(times))
            per_cpu.append(statistics.median(cpu))
            base.append(statistics.median(btimes))
            found.append(len(rel.articles))
        p95 = summary(per)["p95"]
        rows = [row("related", f"related(id): {len(picked)} random articles, {cache.count:,} cached", "ms", per,
                    baseline=statistics.median(base), baseline_name="article(id)", target="p95 < 50 ms",
                    met=p95 < 50, p95=True),
                row("related", "related(id), CPU time only", "ms", per_cpu, p95=True)]
        notes = [f"Related: Library.related(id) (related articles, merged timeline, story) for {len(picked)} random "
                 f"articles, median of {repeats} runs each; {statistics.mean(found):.1f} related articles on average. "
                 f"Baseline: Library.article(id), the reading pane's own query."]
        return rows, notes
    finally:
        library.close()


# -- reading pane ------------------------------------------------------------------------

def reading(cache, *, count: int = 30, repeats: int = 3, seed: int = 2) -> tuple[list[dict], list[str]]:
    """Showing an article in the reading pane, laid out and painted, for random articles of the cache.

    The pane is the app's ReadingPane with the app's stylesheet, 50 columns by 36 rows, headless; a
    show is ``ReadingPane.show(article)``, then what Pilot.pause() does less its wait for the CPU to
    go idle (about 20 ms of sleeping, which would swamp the figure): the screen's widgets handle
    their pending messages, then the screen is laid out and painted. Baseline: the same text,
    unhighlighted, into one Static of the same size, the same way; the two alternate.
    """
    import asyncio

    from textual.app import App
    from textual.containers import Horizontal, VerticalScroll
    from textual.content import Content
    from textual.widgets import Static

    from reader.locations import styles_dir
    from reader.ui.widgets.reading import ReadingPane

    library = cache.library()
    try:
        ids = [r[0] for r in library.store.db.execute("SELECT id FROM articles WHERE analysed IS NOT NULL")]
        articles = [library.article(i) for i in random.Random(seed).sample(ids, min(count, len(ids)))]
    finally:
        library.close()

    class Pane(App):
        CSS_PATH = [styles_dir() / "app.tcss"]
        CSS = "#reading, #plain { width: 50; height: 36; }"

        def compose(self):
            with Horizontal():
                yield ReadingPane(id="reading")
                with VerticalScroll(id="plain"):
                    yield Static(id="plain-text", markup=False)

    shown: list[float] = []
    plain: list[float] = []

    async def run() -> None:
        app = Pane()
        async with app.run_test(size=(120, 40)) as pilot:
            pane = app.query_one(ReadingPane)
            text = app.query_one("#plain-text", Static)

            async def painted() -> None:  # Pilot.pause() without its wait for idle (private API)
                await pilot._wait_for_screen()
                app.screen._on_timer_update()

            await pilot.pause()
            for i, article in enumerate(articles):
                times, base = [], []
                for n in range(repeats):
                    for which in ("pane", "plain") if (i + n) % 2 == 0 else ("plain", "pane"):
                        await pilot.pause()
                        t = time.perf_counter()
                        if which == "pane":
                            pane.show(article)
                        else:
                            text.update(Content(article.text))
                        await painted()
                        (times if which == "pane" else base).append((time.perf_counter() - t) * 1000)
                    text.update("")  # the next article's update is a change even when it is the same
                shown.append(statistics.median(times))
                plain.append(statistics.median(base))

    asyncio.run(run())
    words = statistics.mean(len(a.text.split()) for a in articles)
    spans = statistics.mean(len(a.entities) for a in articles)
    rows = [row("reading", f"show an article in the reading pane ({len(articles)} articles)", "ms", shown,
                baseline=statistics.median(plain), baseline_name="same text, one Static", p95=True)]
    notes = [f"Reading pane: ReadingPane.show(article) for {len(articles)} random analysed articles of the "
             f"{cache.count:,}-article cache ({words:.0f} words and {spans:.0f} highlighted spans on average), "
             f"until its messages are handled and the screen is laid out and painted (Pilot.pause() without its "
             f"wait for idle); median of {repeats} each, 50x36 cells, the app's stylesheet. Baseline: the same "
             f"text, not highlighted, into one Static of the same size the same way, alternating with the pane."]
    return rows, notes


# -- analysis ----------------------------------------------------------------------------

def _tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def analysis(*, count: int = 300, seed: int = 0, repeats: int = 3) -> tuple[list[dict], list[str]]:
    from reader.nlp import entities, events, timex
    from reader.nlp.analyse import analyse

    t = time.perf_counter()
    entities.default_extractor()
    load = time.perf_counter() - t
    docs = [(d["title"], d["text"], d["published"]) for d in corpus.articles(count, seed + 1000)]
    sets = [("generated", docs)]
    if SEED_ARTICLE.exists():
        from reader.ingest.text import read_article_file

        seed_article = read_article_file(SEED_ARTICLE)
        sets.append(("seed", [(seed_article.title, seed_article.text, seed_article.published)] * 20))
    rows, notes = [], []

    def timed(fn, items) -> list[float]:
        out = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for title, text, published in items:
                fn(title, text, published)
            out.append(time.perf_counter() - t0)
        return out

    def ner(title, text, published):
        entities.entities(text, title=title)

    def timex_events(title, text, published):
        tx = timex.tag(text, published.date())
        events.extract_events(text, published.date(), tx, [])

    def split(title, text, published):
        _TOKEN.findall(text)

    for name, items in sets:
        tokens = sum(_tokens(text) for _t, text, _p in items)
        n = len(items)
        analyse(*items[0])  # warm the models
        base = statistics.median(timed(split, items))
        for label, fn, tok_bar, art_bar in (
                ("all (entities, times, events)", lambda a, b, c: analyse(a, b, c), None, None),
                ("entities", ner, 20_000, None), ("times and events", timex_events, None, 200)):
            secs = timed(fn, items)
            tok = [tokens / s for s in secs]
            art = [n / s for s in secs]
            rows.append(row("analysis", f"analysis {name}: {label}", "tok/s", tok, baseline=tokens / base,
                            baseline_name="regex split", target=f">= {tok_bar:,} tok/s" if tok_bar else "",
                            met=statistics.median(tok) >= tok_bar if tok_bar else None))
            rows.append(row("analysis", f"analysis {name}: {label}", "art/s", art,
                            target=f">= {art_bar} art/s" if art_bar else "",
                            met=statistics.median(art) >= art_bar if art_bar else None))
    notes.append(f"Analysis: one core, in this process, over {count} generated articles (about 400 words) and the "
                 f"seed article 20 times; tokens counted by the regex \\w+|[^\\w\\s]; {repeats} runs each, after a "
                 f"warm-up; model load {load * 1000:.0f} ms. The issue's bars: entities >= 20,000 tokens/s, times "
                 f"and events >= 200 articles/s.")
    try:
        import spacy  # noqa: F401

        spacy.load("en_core_web_sm")
        notes.append("spaCy en_core_web_sm is installed but not yet compared here.")
    except Exception:
        notes.append("spaCy's en_core_web_sm is not installed: no spaCy baseline.")
    return rows, notes

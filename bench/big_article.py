"""One huge article: ingest and analysis time and peak memory, and the app's keys meanwhile
(issue 15, case 6).

    python -m bench.big_article [--mb 4.9] [--keys 40] [--checkout PATH]

Writes an article of ``--mb`` megabytes (bench.corpus text, paragraphs of generated news)
to bench/out/, then

- runs ``reader ingest FILE`` (store, then analyse, as a user would) in a fresh process on
  a fresh cache: wall time, CPU time and peak RSS (the process's own VmHWM);
- ``--keys N``: runs the app (headless, 120x40) in this process on a cache holding the
  article unanalysed plus a few small ones, lets the background analysis start, and sends
  down/up N times: the time from each key to the list's selection moving, for the keys
  sent while the analysis was still running (0 keys: skip).

``--checkout PATH`` runs the ingest from another checkout (a worktree of an older commit)
for a before/after comparison. The app part always runs the ``reader`` this module is
imported with: for a "before" of it, copy this file into the old checkout's bench/ and run
it there (that is how the figures in the issue 15 report were taken).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def write_article(path: Path, megabytes: float, seed: int = 5) -> Path:
    from bench import corpus

    size = int(megabytes * 1_000_000)
    if path.exists() and abs(path.stat().st_size - size) < 1000:
        return path
    parts, total = [], 0
    for d in corpus.articles(max(10, size // 2000), seed=seed):
        parts.append(d["text"])
        total += len(d["text"]) + 2
        if total >= size:
            break
    body = "\n\n".join(parts)[:size]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Date: 2021-10-06\nSource: Big\n\nA very long article\n\n{body}\n", encoding="utf-8")
    return path


def _child(argv: list[str]) -> int:
    """In the measured process: the CLI, then this process's own peak RSS."""
    from reader.cli import main

    code = main(argv)
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                print(f"peak_kb {int(line.split()[1])}", flush=True)
    return code


def ingest(article: Path, checkout: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="big-article-"))
    try:
        env = {**os.environ, "READER_DATA": str(work / "data"), "READER_CONFIG": str(work / "config.toml"),
               "PYTHONPATH": f"{checkout}{os.pathsep}{ROOT}"}
        out = tempfile.TemporaryFile(mode="w+")
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", "import sys; from bench.big_article import _child; "
                                 "sys.exit(_child(sys.argv[1:]))", "ingest", str(article)],
                                cwd=checkout, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
        peak = [int(x.split()[1]) for x in text.splitlines() if x.startswith("peak_kb ")]
        said = [x for x in text.strip().splitlines() if not x.startswith("peak_kb ")]
        return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                "peak_mb": peak[-1] / 1024 if peak else None, "exit": proc.returncode, "said": said[-3:]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _keys(article: Path, presses: int) -> dict:
    from reader.library import make_library
    from reader.locations import Locations

    work = Path(tempfile.mkdtemp(prefix="big-article-app-"))
    locations = Locations(config_file=work / "config.toml", data_dir=work / "data")
    locations.config_file.write_text("# bench\n")
    library = make_library(locations)
    smalls = [ROOT / "sample_feeds" / "000_nato_russia_spies.txt"]
    for i in range(5):
        extra = work / f"small{i}.txt"
        extra.write_text(f"Date: 2021-10-0{i + 1}\nSource: Small\n\nSmall article {i}\n\nNothing much.\n")
        smalls.append(extra)
    library.ingest_paths(smalls)
    library.analyse_pending(workers=1)  # the small ones; the big one waits for the app
    old = work / "big.txt"  # the big one is the oldest: the list does not start on it
    old.write_text(article.read_text(encoding="utf-8").replace("Date: 2021-10-06", "Date: 2020-01-01", 1))
    library.ingest_paths([old])
    return await _press(library, work, presses)


async def _press(library, work: Path, presses: int) -> dict:
    """Keys as a terminal delivers them (into the driver's queue, as tests/test_ui_app.burst does),
    each timed until the list's selection has moved. Not Pilot.press: that waits for the whole
    process to go idle, which it is not while the analysis works."""
    from datetime import datetime, timezone

    from textual import events

    from reader.ui.app import ReaderApp
    from reader.ui.widgets.article_list import ArticleList

    app = ReaderApp(library, now=datetime(2021, 10, 7, 9, tzinfo=timezone.utc), autostart=True)
    times, busy = [], []
    started = time.perf_counter()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            while "Analysing" not in str(screen.query_one("#status").render()):
                await asyncio.sleep(0.005)
                if time.perf_counter() - started > 60:
                    break
            articles = screen.query_one(ArticleList)
            for i in range(presses):
                running = screen._analysis_cancel is not None
                before = articles.current.id
                key = "down" if i % 2 == 0 else "up"
                event = events.Key(key, None)
                event.set_sender(app)
                t = time.perf_counter()
                app._driver.send_message(event)
                while articles.current.id == before and time.perf_counter() - t < 30:
                    await asyncio.sleep(0.001)
                times.append((time.perf_counter() - t) * 1000)
                busy.append(running)
                await asyncio.sleep(0.02)  # a fast typist: 50 keys a second at most
            while screen._analysis_cancel is not None:
                await asyncio.sleep(0.05)
            analysis_s = time.perf_counter() - started
            await pilot.pause()
    finally:
        library.close()
        shutil.rmtree(work, ignore_errors=True)
    during = [t for t, b in zip(times, busy) if b]
    return {"keys": len(times), "keys_during_analysis": len(during),
            "median_ms": statistics.median(during) if during else None,
            "max_ms": max(during) if during else None,
            "app_analysis_s": analysis_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.9)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()
    article = write_article(OUT / f"big-article-{args.mb:g}mb.txt", args.mb)
    print(f"article: {article} ({article.stat().st_size:,} bytes); reader from {checkout}", flush=True)
    r = ingest(article, checkout)
    peak = f"{r['peak_mb']:.0f} MB" if r["peak_mb"] is not None else "?"
    cpu = f"{r['cpu_s']:.1f} s" if r["cpu_s"] is not None else "?"
    print(f"reader ingest (store + analyse): {r['wall_s']:.1f} s wall, {cpu} CPU, peak RSS {peak}, "
          f"exit {r['exit']}: {' / '.join(r['said'])}", flush=True)
    if args.keys:
        k = asyncio.run(_keys(article, args.keys))
        if k["keys_during_analysis"]:
            print(f"app: {k['keys_during_analysis']} of {k['keys']} keys pressed while the article was analysed: "
                  f"median {k['median_ms']:.0f} ms, max {k['max_ms']:.0f} ms from key to the selection moving; "
                  f"analysis done {k['app_analysis_s']:.1f} s after start", flush=True)
        else:
            print(f"app: the analysis was over before the first key ({k['app_analysis_s']:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

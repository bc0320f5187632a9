"""SIGKILL in the middle of work leaves a consistent cache; the next run finishes it."""

import os
import signal
import subprocess
import sys
import time

from reader.library import make_library

TEXT = ("NATO Secretary General Jens Stoltenberg met Sergei Lavrov in Brussels on Wednesday. "
        "In April, the Czech Republic had expelled 18 Russian diplomats. ")


def _write_articles(folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:04}.txt").write_text(
            f"Date: 2021-10-{1 + i % 28:02}\n\nArticle number {i} about NATO\n\n" + TEXT * 8)


def _kill_when(proc, ready, deadline=60.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end and proc.poll() is None:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    return False


def test_kill_during_analysis_then_resume(tmp_path, locations, library):
    _write_articles(tmp_path / "arts", 300)
    library.ingest_paths([tmp_path / "arts"])
    library.store.set_flag([1, 2, 3], "starred", True)
    library.store.set_flag([4, 5], "read", True)
    total = library.count()
    env = dict(os.environ, READER_CONFIG=str(locations.config_file), READER_DATA=str(locations.data_dir))
    proc = subprocess.Popen([sys.executable, "-m", "reader", "analyse"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill once some, but not all, batches are stored.
    killed = _kill_when(proc, lambda: 0 < library.pending_analysis() < total)
    assert killed, "analysis finished before it could be killed"
    fresh = make_library(locations)
    try:
        assert fresh.store.check() == []
        assert fresh.count() == total
        left = fresh.pending_analysis()
        assert 0 < left < total
        fresh.analyse_pending(workers=1)
        assert fresh.pending_analysis() == 0
        assert fresh.count("is:starred") == 3 and fresh.count("is:read") == 2
        # Every analysed article has its spans once (no duplicates from the killed batch).
        dupes = fresh.store.db.execute(
            "SELECT count(*) FROM (SELECT article_id, start, label FROM spans "
            "GROUP BY article_id, start, label HAVING count(*) > 1)").fetchone()[0]
        assert dupes == 0
        assert fresh.store.db.execute("SELECT count(DISTINCT article_id) FROM spans").fetchone()[0] == total
    finally:
        fresh.close()


def test_kill_during_refresh_then_resume(tmp_path, locations, library):
    from bench.corpus import main as corpus_main  # deterministic local feeds

    feeds_dir = tmp_path / "feeds"
    corpus_main(["feeds", str(feeds_dir), "--feeds", "40", "--items", "100", "--seed", "3"])
    for path in sorted(feeds_dir.glob("*.xml")):
        library.add_feed(str(path))
    # A first feed is stored and read/starred before the killed run.
    first_url = library.config.feeds[0].url
    library.refresh([first_url])
    ids = library.store.ids("")
    library.set_read(ids[:10])
    library.set_starred(ids[:3])
    env = dict(os.environ, READER_CONFIG=str(locations.config_file), READER_DATA=str(locations.data_dir))
    proc = subprocess.Popen([sys.executable, "-m", "reader", "refresh", "--no-analyse"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = _kill_when(proc, lambda: 100 < library.count() < 4000)
    assert killed, "the refresh finished before it could be killed"
    fresh = make_library(locations)
    try:
        assert fresh.store.check() == []
        partial = fresh.count()
        assert partial % 100 == 0  # whole feeds or nothing: one transaction per feed
        summary = fresh.refresh()
        assert fresh.count() == 4000  # the next run finishes, with no duplicates
        assert summary.errors == 0
        assert fresh.count("is:read") == 10 and fresh.count("is:starred") == 3
    finally:
        fresh.close()

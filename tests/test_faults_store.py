"""Faults of the cache itself (issue 15): races at open, failed upgrades, full disks, read-only
caches, damaged pages. Each case asserts the message the user sees and that every stored
article, read mark and star is still there (tests/faults_store.py: count and checksum)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess

import pytest

from reader.store import schema
from reader.store.db import CacheError, Store
from tests.faults_store import build_cache, fingerprint, reader_env, run_reader

PROCESSES = 6
# READER_FAULT_ARTICLES=10000 runs every case on a cache of that many articles (the issue's
# "a cache with 10,000 articles survives all of them"); by default each case uses a few hundred.
ARTICLES = int(os.environ.get("READER_FAULT_ARTICLES") or 0)


def n(default: int) -> int:
    return ARTICLES or default


def _open_at_once(path: str, barrier, results) -> None:
    """One of several processes that open the same cache at the same moment."""
    barrier.wait()
    try:
        store = Store(path)
        count = store.count()
        store.close()
        results.put(("ok", count))
    except Exception as exc:  # reported to the test
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _race(path, processes=PROCESSES) -> list[tuple[str, object]]:
    ctx = multiprocessing.get_context("fork")  # the test process runs no threads
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    procs = [ctx.Process(target=_open_at_once, args=(str(path), barrier, results)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    out = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    return out


def _aside(path) -> list:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


@pytest.mark.parametrize("round", range(3))
def test_processes_opening_a_fresh_cache_at_once_all_succeed(tmp_path, round):
    path = tmp_path / "cache.sqlite"
    results = _race(path)
    assert results == [("ok", 0)] * PROCESSES
    assert _aside(path) == []
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    db.close()


@pytest.mark.parametrize("round", range(3))
def test_processes_upgrading_an_old_cache_at_once_all_succeed(tmp_path, round):
    path = tmp_path / "cache.sqlite"
    before = build_cache(path, n(300), version=schema.VERSION - 1)
    results = _race(path)
    assert results == [("ok", n(300))] * PROCESSES
    assert _aside(path) == []
    assert fingerprint(path) == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    db.close()


def test_a_failed_upgrade_leaves_the_cache_where_it_is(tmp_path, monkeypatch):
    """A migration step that fails half-way (here: a next step whose second statement clashes
    with a table already there) is rolled back whole; the cache stays, at the version before."""
    path = tmp_path / "cache.sqlite"
    before = build_cache(path, n(100))
    failing = "CREATE TABLE upgrade_probe (x);\nCREATE TABLE feeds (x);"
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, failing])
    monkeypatch.setattr(schema, "VERSION", len(schema.MIGRATIONS))
    with pytest.raises(CacheError) as info:
        Store(path)
    assert str(info.value) == (f"{path}: upgrading the cache to schema {schema.VERSION} failed "
                               "(table feeds already exists); the cache was left as it is")
    assert path.exists() and _aside(path) == []
    assert fingerprint(path) == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION - 1
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'upgrade_probe'").fetchone()[0] == 0
    db.close()


def test_a_cache_from_a_newer_reader_is_one_line_and_untouched(tmp_path):
    env = reader_env(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    before = build_cache(path, n(50))
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {schema.VERSION + 5}")
    db.close()
    result = run_reader(["feeds"], env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"reader: {path}: the cache was written by a newer reader (schema {schema.VERSION + 5}, "
        f"this one knows {schema.VERSION}); the cache was left as it is"]
    assert _aside(path) == [] and fingerprint(path) == before


def test_a_locked_cache_is_busy_not_corrupt(tmp_path, monkeypatch):
    """Another process holds the cache's write lock through the whole wait: the open says so."""
    import reader.store.db as db_mod

    monkeypatch.setattr(db_mod, "BUSY_TIMEOUT_S", 0.2)  # not 30 s of waiting for a lock that stays
    path = tmp_path / "cache.sqlite"
    before = build_cache(path, n(100), version=schema.VERSION - 1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CacheError) as info:
            Store(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another reader process" in str(info.value) and str(path) in str(info.value)
    assert _aside(path) == [] and fingerprint(path) == before


def test_a_deleted_wal_file_is_not_corruption(tmp_path):
    """The -wal file deleted under a process that has the cache open: SQLite reports an I/O error
    to the next process that opens it. That is said, and the cache stays where it is."""
    path = tmp_path / "cache.sqlite"
    before = build_cache(path, n(100))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("CREATE TABLE scratch (x)")  # a change in the -wal that the schema page reads
    (tmp_path / "cache.sqlite-wal").unlink()
    try:
        with pytest.raises(CacheError) as info:
            Store(path)
        assert str(path) in str(info.value) and "left as it is" in str(info.value)
    finally:
        holder.close()
    assert _aside(path) == [] and path.exists()
    # Once nobody holds the deleted file (and its stale index is gone), the cache opens again, whole.
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"cache.sqlite{suffix}").unlink(missing_ok=True)
    assert fingerprint(path) == before
    store = Store(path)
    assert store.count() == n(100)
    store.close()


def test_a_file_that_is_not_a_database_is_still_set_aside(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not sqlite at all " * 200)
    with pytest.raises(CacheError) as info:
        Store(path)
    assert "moved to" in str(info.value)
    assert _aside(path) and _aside(path)[0].read_bytes().startswith(b"not sqlite at all")


def _config(tmp_path):
    """A config with the cache's one feed (build_cache's feed 1)."""
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[[feeds]]\nurl = "https://a.test/feed"\ntitle = "A"\n')


@pytest.mark.parametrize("command", ["analyse", "relink"])
def test_sigterm_ends_every_worker_with_its_parent(tmp_path, command):
    import os
    import signal
    import sys

    from tests.faults_store import alive, descendants, wait_until

    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    before = build_cache(path, n(1200))
    env = reader_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "reader", command], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The workers are up: the forkserver and at least two processes under it.
        assert wait_until(lambda: len(descendants(proc.pid)) >= 3), "no worker processes started"
        children = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        survivors = set()
        wait_until(lambda: not any(alive(pid) for pid in children), deadline=30)
        survivors = {pid for pid in children if alive(pid)}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for pid in survivors:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert survivors == set()
    assert fingerprint(path) == before


def test_the_app_analyses_a_backlog_in_worker_processes(tmp_path):
    """400+ pending articles: the app starts worker processes while Textual captures stdout and
    stderr. It failed with "ValueError: bad value(s) in fds_to_keep"; now the analysis completes."""
    import json
    import sys

    from reader.analysis_runs import PARALLEL_THRESHOLD

    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    total = PARALLEL_THRESHOLD + 20
    before = build_cache(path, total)
    result = subprocess.run([sys.executable, "-m", "tests.faults_app"], env=reader_env(tmp_path),
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"status": f"Analysed {total:,} articles.", "pending": 0}
    assert fingerprint(path) == before


def _articles(folder, names, body):
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"{name}.txt").write_text(f"Date: 2021-10-{1 + i % 28:02}\n\n{name} about NATO\n\n{body}")


def _unlinked(store, ids) -> list[int]:
    return [i for i in ids if not store.db.execute("SELECT 1 FROM related WHERE article_id = ?", (i,)).fetchone()]


def test_articles_ingested_while_a_relink_runs_are_linked(tmp_path, locations, library):
    """`reader ingest` (another process) stores and analyses new articles while a relink plans:
    the relink's tables, written at the end, must not wipe their links."""
    import sys

    from tests.faults_store import TEXT

    _articles(tmp_path / "old", [f"old{i:03}" for i in range(40)], TEXT * 3)
    library.ingest_paths([tmp_path / "old"])
    library.analyse_pending(workers=1)
    library.store.set_flag([1, 2, 3], "starred", True)
    library.store.set_flag([4, 5], "read", True)
    _articles(tmp_path / "new", [f"new{i:03}" for i in range(5)], TEXT * 3)
    env = reader_env(tmp_path)
    ran = []

    def ingest_at_the_end(done, total):
        if done == total and not ran:  # every plan made, the tables not written yet
            ran.append(subprocess.run([sys.executable, "-m", "reader", "ingest", str(tmp_path / "new")],
                                      env=env, capture_output=True, text=True, timeout=600))

    library.relink(workers=1, on_progress=ingest_at_the_end)
    assert ran and ran[0].returncode == 0, ran[0].stderr
    new_ids = [r[0] for r in library.store.db.execute("SELECT id FROM articles WHERE title LIKE 'new%'")]
    assert len(new_ids) == 5 and library.count() == 45
    assert library.pending_analysis() == 0
    assert _unlinked(library.store, new_ids) == []
    assert library.store.queued_links() == 0
    assert library.count("is:starred") == 3 and library.count("is:read") == 2


def test_articles_left_unlinked_by_a_stopped_run_are_linked_by_the_next(tmp_path, library):
    """A backlog run saves analyses unlinked, to link them all at the end; another process's relink
    then marks the links done, and this run is killed before its own relink. The next run links them."""
    from reader.nlp.analyse import version
    from tests.faults_store import TEXT

    _articles(tmp_path / "a", [f"a{i:03}" for i in range(30)], TEXT * 3)
    library.ingest_paths([tmp_path / "a"])
    library.analyse_pending(workers=1)
    _articles(tmp_path / "b", [f"b{i:03}" for i in range(5)], TEXT * 3)
    library.ingest_paths([tmp_path / "b"])
    from reader.workers import analyse_batch

    batch = library.store.pending(version(), 50)
    library.store.set_state("links.due", "1")
    library.store.save_analysis([(aid, version(), *rest) for aid, *rest in analyse_batch(batch)], link=False)
    library.store.set_state("links.due", "0")  # another process's relink finished meanwhile
    late = [row[0] for row in batch]
    assert len(late) == 5 and _unlinked(library.store, late) == late
    # The next run (a CLI process) links them, though nothing is pending.
    result = run_reader(["analyse"], reader_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert _unlinked(library.store, late) == []


def test_two_analyse_processes_share_the_work(tmp_path):
    """Two `reader analyse` at once: every pending article is analysed by exactly one of them."""
    import re
    import sys

    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    total = n(600)
    before = build_cache(path, total)
    env = reader_env(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "analyse"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [proc.communicate(timeout=900) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    done = [int(re.search(r"analysed (\d+) articles", err).group(1)) if "analysed" in err else 0
            for _out, err in outputs]
    assert sum(done) == total, outputs
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM articles WHERE analysed IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM analysis_claims").fetchone()[0] == 0
    db.close()
    assert fingerprint(path) == before


def test_claims_of_a_process_that_died_are_taken_back(tmp_path):
    """A claimer killed before it saved: its articles are analysed by the next run, not skipped."""
    import signal
    import sys

    from tests.faults_store import wait_until

    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    before = build_cache(path, n(300))
    env = reader_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "reader", "analyse"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def claimed() -> bool:
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                return db.execute("SELECT count(*) FROM analysis_claims").fetchone()[0] > 0
            finally:
                db.close()
        except sqlite3.Error:
            return False

    try:
        assert wait_until(claimed, deadline=300, step=0.01), "the run claimed nothing"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    result = run_reader(["analyse"], env)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM articles WHERE analysed IS NULL").fetchone()[0] == 0
    db.close()
    assert fingerprint(path) == before



@pytest.fixture
def ro_cache(tmp_path):
    from tests.faults_store import CAN_MOUNT

    if not CAN_MOUNT:
        pytest.skip("needs mount namespaces (root with unshare and mount)")
    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    before = build_cache(path, n(120))
    return path, before


@pytest.mark.parametrize("args, expect", [
    (["feeds"], None),  # the counts of feed A, read from the cache
    (["search", "nato", "--limit", "5"], "Article"),
    (["show", "3"], "Article 3 about NATO"),
    (["check"], f"ok ({n(120)} articles"),
])
def test_a_read_only_cache_can_be_read(ro_cache, tmp_path, args, expect):
    from tests.faults_store import in_mount_namespace, read_only

    path, before = ro_cache
    if expect is None:
        db = sqlite3.connect(path)
        count, unread = db.execute("SELECT count(*), sum(read = 0) FROM articles WHERE feed_id = 1").fetchone()
        db.close()
        expect = f"{count:6} articles {unread:6} unread  A"
    result = in_mount_namespace(read_only(path.parent), args, reader_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert expect in result.stdout
    assert "Traceback" not in result.stderr
    assert fingerprint(path) == before and _aside(path) == []


def test_a_write_to_a_read_only_cache_is_one_clear_line(ro_cache, tmp_path):
    from tests.faults_store import in_mount_namespace, read_only

    path, before = ro_cache
    article = tmp_path / "new.txt"
    article.write_text("Date: 2021-10-06\n\nA new article\n\nAbout NATO.\n")
    result = in_mount_namespace(read_only(path.parent), ["ingest", str(article)], reader_env(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith(f"reader: {path}: the cache is read-only here") and len(lines) <= 2, lines
    assert fingerprint(path) == before and _aside(path) == []


def test_analyse_on_a_read_only_cache_says_it_cannot_save(ro_cache, tmp_path):
    """It printed "analysed 0 articles" and exited 0 while every article still waited."""
    from tests.faults_store import in_mount_namespace, read_only

    path, before = ro_cache  # its articles wait for analysis
    result = in_mount_namespace(read_only(path.parent), ["analyse"], reader_env(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "read-only" in result.stderr and f"{n(120)} articles wait for analysis" in result.stderr
    assert "analysed 0" not in result.stderr
    assert fingerprint(path) == before


def test_the_app_reads_a_read_only_cache_and_quits_cleanly(ro_cache, tmp_path):
    """The app's first screen from a read-only cache; a star says one line; quitting does not crash."""
    import json

    from tests.faults_store import in_mount_namespace, read_only

    path, before = ro_cache
    result = in_mount_namespace(read_only(path.parent), ["quit"], reader_env(tmp_path), module="tests.faults_app")
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["rows"] == n(120) and seen["title"].startswith("Article ")
    assert seen["note"].startswith(f"{path}: the cache is read-only here")
    assert seen["return_code"] == 0 and seen["exit_message"] == ""
    assert fingerprint(path) == before and _aside(path) == []


def _on_a_small_disk(tmp_path, then: str, env: dict, headroom_kb: int) -> tuple[subprocess.CompletedProcess, str]:
    """Copy the cache onto a small tmpfs (4 MB and three times the cache) (in a mount namespace of its own), fill it to
    ``headroom_kb`` free, run the shell ``then``; returns the run and the cache's fingerprint
    read there afterwards (printed on the last line of stdout)."""
    import shlex
    import sys

    disk = tmp_path / "disk"
    disk.mkdir()
    src = tmp_path / "data" / "cache.sqlite"
    q = shlex.quote
    py = q(sys.executable)
    script = f"""
set -e
mount -t tmpfs -o size={4096 + 3 * src.stat().st_size // 1024}k tmpfs {q(str(disk))}
cp {q(str(src))} {q(str(disk))}/cache.sqlite
avail=$(df --output=avail -k {q(str(disk))} | tail -1)
dd if=/dev/zero of={q(str(disk))}/filler bs=1k count=$((avail - {headroom_kb})) 2>/dev/null || true
set +e
{then}
echo "exit=$?"
{py} -c 'import json, sys; from tests.faults_store import fingerprint; print(json.dumps(fingerprint(sys.argv[1])))' {q(str(disk / "cache.sqlite"))}
"""
    env = dict(env, READER_DATA=str(disk))
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], env=env,
                            capture_output=True, text=True, timeout=900)
    return result, result.stdout.strip().splitlines()[-1]


def test_a_full_disk_is_one_clear_line_and_loses_nothing(tmp_path):
    import json
    import sys

    from tests.faults_store import CAN_MOUNT

    if not CAN_MOUNT:
        pytest.skip("needs mount namespaces (root with unshare and mount)")
    _config(tmp_path)
    before = build_cache(tmp_path / "data" / "cache.sqlite", n(200))
    big = tmp_path / "big.txt"
    big.write_text("Date: 2021-10-06\n\nA long article\n\n" + "NATO met in Brussels on Wednesday. " * 15000)
    result, last = _on_a_small_disk(
        tmp_path, f"{sys.executable} -m reader ingest {big} 2>{tmp_path}/err", reader_env(tmp_path), 200)
    err = (tmp_path / "err").read_text()
    assert "exit=1" in result.stdout, (result.stdout, err, result.stderr)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ") and "the disk is full" in lines[0], lines
    assert json.loads(last) == list(before)


def test_the_app_quits_cleanly_when_the_disk_fills_up(tmp_path):
    import json
    import sys

    from tests.faults_store import CAN_MOUNT

    if not CAN_MOUNT:
        pytest.skip("needs mount namespaces (root with unshare and mount)")
    _config(tmp_path)
    before = build_cache(tmp_path / "data" / "cache.sqlite", n(200))
    env = dict(reader_env(tmp_path), FAULTS_FILL=str(tmp_path / "disk"))
    result, last = _on_a_small_disk(
        tmp_path, f"{sys.executable} -m tests.faults_app quit > {tmp_path}/app.json 2>{tmp_path}/err", env, 600)
    err = (tmp_path / "err").read_text()
    assert "exit=0" in result.stdout, (result.stdout, err[-3000:])
    seen = json.loads((tmp_path / "app.json").read_text().strip().splitlines()[-1])
    assert seen["rows"] == n(200) and seen["return_code"] == 0
    assert "the disk is full" in seen["note"] and "\n" not in seen["note"]  # the star could not be saved
    # Quitting saves the view: if that failed too, it is said in one line after the screen is restored.
    assert seen["exit_message"] == "" or "the disk is full" in seen["exit_message"]
    assert "Traceback" not in err
    assert json.loads(last) == list(before)


async def test_quit_says_why_the_view_was_not_kept(tmp_path, library, monkeypatch):
    """The view cannot be saved on quit (a full disk): the app still quits, with code 0,
    and says why in one line once the screen is restored."""
    from reader.store.db import CacheError
    from reader.ui.app import ReaderApp
    from tests.faults_store import TEXT

    _articles(tmp_path / "a", [f"a{i}" for i in range(3)], TEXT)
    library.ingest_paths([tmp_path / "a"])
    app = ReaderApp(library, autostart=False)
    exits = []
    real_exit = app.exit
    monkeypatch.setattr(app, "exit", lambda *a, **kw: (exits.append((a, kw)), real_exit(*a, **kw)))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.main_screen._ready:
                break

        def full(key, value):
            raise CacheError(f"{library.store.path}: the disk is full (database or disk is full); "
                             "this change was not saved")

        monkeypatch.setattr(library, "set_state", full)
        await pilot.press("q")
        await pilot.pause(0.2)
    assert app.return_code == 0
    (args, kwargs), = exits
    assert str(kwargs["message"]) == (f"reader: {library.store.path}: the disk is full (database or disk is full); "
                                      "this change was not saved")


def _damage(path, fraction: float = 0.5, pages: int = 3) -> None:
    """Write garbage over a few pages in the middle of the file (not page 1: the header stays)."""
    db = sqlite3.connect(path)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    size = path.stat().st_size
    at = max(2, int(size / page * fraction)) * page
    with open(path, "r+b") as out:
        out.seek(at)
        out.write(bytes((i * 37 + 11) % 256 for i in range(page * pages)))


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_check_lists_damaged_pages_in_one_list(tmp_path, fraction):
    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    build_cache(path, n(1500), text="NATO and Russia in Brussels. " * 20)
    _damage(path, fraction)
    damaged = path.read_bytes()
    result = run_reader(["check"], reader_env(tmp_path))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"reader: {path}: ")
    assert result.stdout.strip(), "no problems listed"
    # Nothing was moved aside or rewritten: the file is as damaged as it was, for a repair by hand.
    assert path.exists() and _aside(path) == [] and path.read_bytes() == damaged


def test_damage_where_the_feeds_are_is_one_line_and_check_still_lists_it(tmp_path):
    _config(tmp_path)
    path = tmp_path / "data" / "cache.sqlite"
    build_cache(path, n(300))
    db = sqlite3.connect(path)
    feeds_root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'feeds'").fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as out:
        out.seek((feeds_root - 1) * page)
        out.write(b"\xa5" * page)
    damaged = path.read_bytes()
    env = reader_env(tmp_path)
    feeds = run_reader(["feeds"], env)
    assert feeds.returncode == 1 and "Traceback" not in feeds.stderr
    assert feeds.stderr.strip().splitlines() == [
        f"reader: {path}: the cache file is damaged (database disk image is malformed); run `reader check`"]
    check = run_reader(["check"], env)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert any(line.startswith("feeds") or "feeds" in line for line in check.stdout.splitlines()), check.stdout
    assert path.read_bytes() == damaged and _aside(path) == []


def test_a_relink_on_a_full_disk_is_one_clear_line_and_keeps_the_links(tmp_path):
    """A relink's found links go to a scratch file beside the cache: when the disk fills up while
    it is written, `reader relink` says so in one line, the cache's links stay as they were, and
    no scratch file is left behind."""
    import hashlib
    import sys

    from tests.faults_store import CAN_MOUNT, reader_env, run_reader

    if not CAN_MOUNT:
        pytest.skip("needs mount namespaces (root with unshare and mount)")
    _config(tmp_path)
    build_cache(tmp_path / "data" / "cache.sqlite", n(200), text="NATO expelled eight members of the Russian "
                "mission in Brussels on Wednesday; Jens Stoltenberg said Moscow had been warned. " * 6)
    env = reader_env(tmp_path)
    done = run_reader(["relink"], env)  # analyses the articles, then links them
    assert done.returncode == 0, done.stderr
    links = "SELECT article_id, other_id, score FROM related ORDER BY 1, 2"
    db = sqlite3.connect(tmp_path / "data" / "cache.sqlite")
    before = hashlib.sha256(repr(db.execute(links).fetchall()).encode()).hexdigest()
    assert db.execute("SELECT count(*) FROM related").fetchone()[0] > 1000
    db.close()
    check = (f"{sys.executable} -c 'import hashlib, sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
             f"print(hashlib.sha256(repr(db.execute(sys.argv[2]).fetchall()).encode()).hexdigest())' "
             f"{tmp_path}/disk/cache.sqlite \"{links}\" > {tmp_path}/links; ls -a {tmp_path}/disk > {tmp_path}/files")
    # 150 KB free: enough for the cache's own writes, not for the scratch file's links.
    result, _last = _on_a_small_disk(
        tmp_path, f"{sys.executable} -m reader relink 2>{tmp_path}/err; status=$?; {check}; (exit $status)", env, 150)
    err = (tmp_path / "err").read_text()
    assert "exit=1" in result.stdout, (result.stdout, err, result.stderr)
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("reader: ") and "the disk is full" in lines[0], lines
    assert "relink's scratch file" in lines[0] and "the links were left as they were" in lines[0]
    assert (tmp_path / "links").read_text().strip() == before
    assert not [f for f in (tmp_path / "files").read_text().split() if f.startswith(".relink-")]

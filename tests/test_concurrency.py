"""Reading while another thread (or process) writes never fails with "database is locked"."""

import threading
from datetime import datetime, timezone

from reader.model import ArticleIn
from reader.store.db import Store


def test_reads_during_writes(tmp_path):
    path = tmp_path / "c.sqlite"
    writer = Store(path)
    reader = Store(path)
    feed = writer.feed_id("https://x.org/f")
    errors: list[Exception] = []
    done = threading.Event()

    def write():
        try:
            for batch in range(40):
                writer.store_articles(feed, [
                    ArticleIn(key=f"{batch}-{i}", title=f"Title {batch} {i}", text="NATO and Russia " * 50,
                              published=datetime(2021, 1, 1 + i % 28, tzinfo=timezone.utc))
                    for i in range(50)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=write)
    thread.start()
    reads = 0
    try:
        while not done.is_set() or reads < 5:
            reader.list_articles("", limit=50)
            reader.list_articles("russia", limit=20)
            reader.count("is:unread")
            reader.set_flag([1], "read", True)  # the app writes read state while a refresh runs
            reads += 1
    except Exception as exc:
        errors.append(exc)
    thread.join()
    assert not errors, errors
    assert reader.count() == 2000 and reads >= 5


def test_opening_the_library_reads_while_another_process_holds_the_write_lock(locations, monkeypatch):
    """Every command and the app open the library first. With the config unchanged that is
    reading only, so a long refresh or relink in another process (holding the write lock) does
    not make `reader search` or the app's first screen wait for it; a changed config is written
    once the lock is free, and until then the library says why it could not be."""
    import sqlite3

    from reader.library import make_library
    from reader.store import db as db_module

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[[feeds]]\nurl = "https://example.org/feed.xml"\ntitle = "Example"\n'
                                     'tags = ["news"]\n')
    first = make_library(locations)
    assert first.sync_problem == ""
    feed = first.store.feed_id("https://example.org/feed.xml")
    first.store.store_articles(feed, [ArticleIn(key="a", title="NATO expels diplomats", text="NATO and Russia.",
                                                published=datetime(2021, 10, 6, tzinfo=timezone.utc))])
    path = first.store.path
    first.close()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        again = make_library(locations)
        assert again.sync_problem == ""  # nothing to write: it did not ask for the lock
        assert [r.title for r in again.list_articles("nato")] == ["NATO expels diplomats"]
        again.close()
        locations.config_file.write_text('[[feeds]]\nurl = "https://example.org/feed.xml"\ntitle = "Renamed"\n'
                                         'tags = ["news"]\n')
        changed = make_library(locations)
        assert "locked" in changed.sync_problem  # a change waits for the lock, and says so
        assert [r.title for r in changed.list_articles("nato")] == ["NATO expels diplomats"]
        changed.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    renamed = make_library(locations)
    assert renamed.sync_problem == "" and [f.title for f in renamed.feeds()] == ["Renamed"]
    renamed.close()

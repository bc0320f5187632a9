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

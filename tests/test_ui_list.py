"""The list is lazy: a big cache opens as fast as a small one, and a page read is quick."""

from __future__ import annotations

import time
from datetime import timedelta

from reader.model import ArticleIn
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import PAGE, ArticleList
from tests.test_ui_app import SIZE, header, settle
from tests.ui_support import NOW

MANY = 20_000


def fill(library, n: int) -> None:
    feed_id = library.store.feed_id("local:bulk", title="Bulk", kind="files")
    batch = [ArticleIn(key=f"k{i}", title=f"Article number {i}", text=f"Body of article {i}. " * 5,
                       source="Bulk", published=NOW - timedelta(minutes=i)) for i in range(n)]
    library.store.store_articles(feed_id, batch)


async def test_a_big_cache_opens_quickly_and_pages_in(library):
    fill(library, MANY)
    # A page of the list (what the UI thread reads) takes a few milliseconds.
    times = []
    for offset in (0, PAGE * 10, MANY - PAGE):
        start = time.perf_counter()
        rows = library.list_articles("", limit=PAGE, offset=offset)
        times.append(time.perf_counter() - start)
        assert len(rows) == PAGE
    assert sorted(times)[1] < 0.05, times
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"{MANY:,} articles" in header(app)
        articles = app.main_screen.query_one(ArticleList)
        assert len(articles._pages) == 1  # only the first page was read
        assert articles.virtual_size.height == MANY * 2
        await pilot.press("end")
        await settle(pilot)
        assert articles.current.title == f"Article number {MANY - 1}"
        assert len(articles._pages) == 2

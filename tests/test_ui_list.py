"""The list is lazy: a big cache opens as fast as a small one, and a page read is quick."""

from __future__ import annotations

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


async def test_a_big_cache_opens_on_one_page_and_pages_in(library):
    """How fast pages are read is bench's to measure (python -m bench --only search); this
    checks what is read: pages by offset, deep pages by key, and only the first page at launch."""
    fill(library, MANY)
    for offset in (0, PAGE * 10, MANY - PAGE):
        rows = library.list_articles("", limit=PAGE, offset=offset)
        assert [r.title for r in rows[:1]] == [f"Article number {offset}"] and len(rows) == PAGE
    # Deep pages in the newest-first order are read by key (the row before them).
    last = library.list_articles("", limit=PAGE, offset=MANY - 2 * PAGE)[-1]
    rows = library.list_articles("", limit=PAGE, before=(last.published, last.id))
    assert [r.title for r in rows[:1]] == [f"Article number {MANY - PAGE}"] and len(rows) == PAGE
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


async def test_scrolling_down_reads_pages_by_key(library, monkeypatch):
    fill(library, 5 * PAGE)
    reads = []
    list_articles = library.list_articles

    def spy(query="", **kwargs):
        reads.append((query, kwargs.get("offset", 0), kwargs.get("before")))
        return list_articles(query, **kwargs)

    monkeypatch.setattr(library, "list_articles", spy)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.main_screen.query_one(ArticleList)
        reads.clear()
        for index in range(0, 3 * PAGE + 10, 25):
            articles.cursor = index
        await settle(pilot)
        assert articles.current.title == f"Article number {3 * PAGE}"
        pages = [(offset, before) for query, offset, before in reads if query == ""]
        assert len(pages) == 3 and all(offset == 0 and before is not None for offset, before in pages), pages
        # A search with words is ranked: its pages go by offset.
        reads.clear()
        await pilot.press("slash", *"article", "enter")
        await settle(pilot)
        articles.cursor = PAGE + 1
        assert [(offset, before) for query, offset, before in reads if query == "article"][-1] == (PAGE, None)


async def test_the_selected_article_is_in_view_at_launch_and_rows_never_scroll_sideways(tmp_path):
    """On the first launch the samples open on the seed, 14th of 61 rows: at 100x24 the list must
    show that row (it showed the top rows), and the list has no horizontal scrollbar."""
    from reader.library import make_library
    from reader.locations import Locations

    # No config file: the first launch uses the bundled samples, as the README's first command does.
    library = make_library(Locations(config_file=tmp_path / "none.toml", data_dir=tmp_path / "data"))
    assert library.load_samples_if_empty()
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        articles = app.main_screen.query_one(ArticleList)
        assert articles.current.title.startswith("Spies exposed in Brussels")
        top, height = articles.scroll_offset.y, articles.scrollable_content_region.height
        assert articles.cursor * 2 >= height  # below the first screenful: the list had to scroll
        assert top <= articles.cursor * 2 and articles.cursor * 2 + 2 <= top + height
        assert not articles.show_horizontal_scrollbar
    library.close()


async def test_arrow_keys_move_the_selection_in_a_list_that_scrolls(library):
    """Down and Up are cursor_down/cursor_up, as j and k are. The list is a scroll view, whose own
    up/down bindings (scroll one line) took the keys first once the list was long enough to scroll:
    the selection stayed put and half a row showed at the top."""
    fill(library, 3 * PAGE)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.main_screen.query_one(ArticleList)
        articles.focus()
        await settle(pilot)
        assert articles.max_scroll_y > 0  # long enough to scroll
        first = articles.current.title
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert articles.current.title == "Article number 3" and first == "Article number 0"
        assert articles.scroll_y % 2 == 0  # whole rows at the top, never half of one
        await pilot.press("up")
        await settle(pilot)
        assert articles.current.title == "Article number 2"
        await pilot.press("j", "j")
        await settle(pilot)
        assert articles.current.title == "Article number 4"

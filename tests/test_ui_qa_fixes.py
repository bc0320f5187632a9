"""Defects from a QA session in a real terminal: the reading pane's border in an empty view,
the failures dialog (x), and the list's marks on a cache that cannot be written."""

from __future__ import annotations

import time

from reader.ui.screens.modals import DetailsScreen
from reader.ui.widgets.reading import ReadingPane
from tests.test_ui_app import SIZE, current, header, ids, list_lines, make_app, reading_text, settle, status  # noqa: F401
from tests.ui_support import ui_seed  # noqa: F401 (fixture)

DEADLINE = 60.0  # seconds: generous, the machine is shared


async def until(pilot, condition, what: str) -> None:
    """Poll until ``condition()`` holds (the app keeps running between polls)."""
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}; status: {status(pilot.app)!r}")
        await pilot.pause(0.1)


def border_title(app) -> str:
    return str(app.main_screen.query_one(ReadingPane).border_title)


async def test_an_empty_view_clears_the_reading_panes_border(library, ids):
    library.mark_all_read("")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feed = current(app).feed
        assert feed and border_title(app) == feed  # the open article's feed
        await pilot.press("u")  # unread only: none is
        await settle(pilot)
        assert "Nothing to show in this view." in reading_text(app)
        assert feed not in border_title(app) and border_title(app) == "Article"
        await pilot.press("u")  # all again: the article and its feed are back
        await settle(pilot)
        assert border_title(app) == current(app).feed


async def test_the_failures_dialog_names_each_feed_once(library, ids, tmp_path):
    missing = tmp_path / "big5.xml"  # untitled: the feed is named by its URL, and so is its error
    library.add_feed(str(missing))
    library.add_feed(str(tmp_path / "gone.rss"), "Gone Wire")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: "Refreshed:" in status(app), "the refresh to finish")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        shown = str(app.screen.query_one("#details").render())
        entries = shown.split("\n")
        assert len(entries) == 2, shown
        url_entry = next(e for e in entries if "big5.xml" in e)
        assert url_entry.count("big5.xml") == 1, url_entry  # the URL once, then the message
        assert url_entry.startswith(str(missing)) and url_entry != str(missing) + ":"
        gone_entry = next(e for e in entries if "Gone Wire" in e)
        assert gone_entry.startswith("Gone Wire: ") and "gone.rss" in gone_entry  # a title, then the error


async def test_marks_that_cannot_be_saved_snap_back_in_the_list(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library.store.readonly = True  # the cache became read-only (a read-only mount, say)
        row = current(app)
        assert not row.starred and not row.read
        await pilot.press("s")
        await settle(pilot)
        assert "read-only" in status(app)
        lines = list_lines(app)
        assert "★" not in lines[0] and not current(app).starred, lines[:2]
        await pilot.press("s")  # pressed again (twice, fast, or not): still as saved
        await pilot.press("s")
        await settle(pilot)
        assert "★" not in list_lines(app)[0] and not current(app).starred
        await pilot.press("m")
        await settle(pilot)
        assert "read-only" in status(app)
        lines = list_lines(app)
        assert lines[0].startswith(" ● ") and not current(app).read, lines[:2]  # still unread
        assert f"{library.count('is:unread')} unread" in header(app)

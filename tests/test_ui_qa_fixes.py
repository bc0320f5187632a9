"""Defects from a QA session in a real terminal: the reading pane's border in an empty view,
the failures dialog (x), and the list's marks on a cache that cannot be written."""

from __future__ import annotations

from reader.ui.screens.modals import DetailsScreen
from reader.ui.widgets.reading import ReadingPane
from tests.test_ui_app import SIZE, current, header, ids, list_lines, make_app, reading_text, settle, status  # noqa: F401
from tests.test_ui_refresh import refreshed
from tests.ui_support import ui_seed  # noqa: F401 (fixture)


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
        await refreshed(pilot)
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
        # The feed picker's error line under an untitled feed does not repeat its URL either.
        await pilot.press("escape", "f")
        await settle(pilot)
        prompts = [str(o.prompt) for o in app.screen.query_one("#picker").options]
        row = next(p for p in prompts if "big5.xml" in p)
        assert row.count("big5.xml") == 1, row


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


async def test_articles_another_process_stores_appear_in_the_open_app(library, ui_seed, tmp_path, monkeypatch):
    """`reader refresh` in a shell stored an article while the app was open; the header stayed at
    the old count until the view was switched (QA). The app looks for a newer article every few
    seconds and reloads the list, keeping the selection."""
    import reader.ui.refreshing as refreshing
    from reader.library import make_library
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.article_list import ArticleList
    from tests.test_ui_app import header, settle
    from tests.ui_support import NOW, build

    build(library, ui_seed)
    monkeypatch.setattr(refreshing, "CACHE_POLL_SECONDS", 0.2)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = header(app)
        assert "5 articles" in before
        selected = app.main_screen.query_one(ArticleList).current.id
        other = make_library(library.locations)  # another process: its own connection, its own writes
        try:
            note = tmp_path / "outside.txt"
            note.write_text("Date: 2021-10-07\nSource: Shell\n\nStored from a shell\n\nNATO met again.\n")
            [report] = other.ingest_paths([note])
            assert report.ok
        finally:
            other.close()
        for _ in range(40):
            await pilot.pause(0.1)
            if "6 articles" in header(app):
                break
        assert "6 articles" in header(app), header(app)
        titles = [r.title for r in app.main_screen.query_one(ArticleList)._pages[0]]
        assert "Stored from a shell" in titles
        assert app.main_screen.query_one(ArticleList).current.id == selected


async def test_the_app_names_an_earlier_cache_moved_aside(library, ui_seed):
    """After a damaged cache was moved aside the app started on a new one and said nothing: the
    user's articles and marks seemed gone. It names the file until the user deals with it."""
    from reader.ui.app import ReaderApp
    from tests.test_ui_app import settle
    from tests.ui_support import NOW, build

    build(library, ui_seed)
    aside = library.store.path.with_name(library.store.path.name + ".corrupt-20261207-101010")
    aside.write_bytes(b"the user's old cache")
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert any(str(aside) in message and "moved aside as damaged" in message for message in notes), notes


async def test_a_cache_that_cannot_be_read_is_named_with_what_to_do(library, ui_seed, monkeypatch):
    """With the articles table's root page damaged the app said "Could not read the cache." and
    showed 0 articles, naming neither the file nor `reader check` (QA)."""
    import sqlite3

    from reader.ui.app import ReaderApp
    from tests.test_ui_app import reading_text, settle, status
    from tests.ui_support import NOW, build

    build(library, ui_seed)

    def damaged(*_args, **_kwargs):
        exc = sqlite3.DatabaseError("database disk image is malformed")
        exc.sqlite_errorname = "SQLITE_CORRUPT"
        raise exc

    monkeypatch.setattr(library, "count", damaged)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = " ".join(reading_text(app).split())
        assert str(library.store.path) in shown and "reader check" in shown and "damaged" in shown, shown
        assert str(library.store.path) in status(app)


async def test_the_newest_note_leads_the_status_line(library, ui_seed):
    """After a big refresh the status line's summary filled the width and a note after it (why
    a full text could not be fetched) was cut to "Fu…" (QA): the note comes first."""
    from reader.ui.app import ReaderApp
    from tests.test_ui_app import settle, status
    from tests.ui_support import NOW, build

    build(library, ui_seed)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen._status_refresh = "Refreshed: 1,141 feeds: 35 new articles · 449 feeds failed: x for details"
        screen._note("Full text not fetched: the page answered 404")
        await settle(pilot)
        assert status(app).startswith("Full text not fetched: the page answered 404")


async def test_under_sixty_columns_the_list_and_the_article_take_the_width_in_turn(library, ids):
    """At 40 columns the reading pane was 10 columns wide and broke words in two (QA). Under 60
    the list takes the width; Enter shows the article in its place, q comes back to the list,
    and a wider terminal shows both again."""
    from tests.test_ui_story import screen_text

    app = make_app(library)
    async with app.run_test(size=(40, 14)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        list_pane, reading = screen.query_one("#list-pane"), screen.query_one(ReadingPane)
        assert list_pane.display and not reading.display and list_pane.outer_size.width == 40
        row = current(app)
        await pilot.press("enter")
        await settle(pilot)
        assert reading.display and not list_pane.display and reading.outer_size.width == 40
        assert app.focused is reading
        first_words = " ".join(row.title.split()[:3])
        assert first_words in " ".join(screen_text(app).split())  # the title, whole words
        await pilot.press("q")
        await settle(pilot)
        assert list_pane.display and not reading.display and app.screen is screen  # back, not quit
        await pilot.press("enter")
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert list_pane.display and reading.display  # both panes again
        await pilot.resize_terminal(40, 14)
        await settle(pilot)
        assert reading.display and not list_pane.display  # the pane with the focus stays in view


async def test_one_pane_keys_show_what_they_act_on(library, ids):
    """QA of the one-pane layout: n showed nothing (the article it opened stayed hidden), q from
    a followed article went to the list instead of the article left, and a resize left the keys
    on a pane no longer shown."""
    app = make_app(library)
    async with app.run_test(size=(40, 14)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        list_pane, reading = screen.query_one("#list-pane"), screen.query_one(ReadingPane)
        await pilot.press("n")
        await settle(pilot)
        assert reading.display and not list_pane.display and app.focused is reading
        left = screen.article.id
        other = next(i for i in ids.values() if i != left)
        screen.follow(other)  # as Enter on a related article or an event does
        await settle(pilot)
        assert screen.article.id == other
        await pilot.press("q")
        await settle(pilot)
        assert screen.article.id == left and reading.display and not list_pane.display
        await pilot.press("q")
        await settle(pilot)
        assert list_pane.display and not reading.display and app.screen is screen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen._focus_sidebar()
        await settle(pilot)
        assert screen.sidebar in app.focused.ancestors
        await pilot.resize_terminal(45, 16)
        await settle(pilot)
        focused = app.focused
        assert focused is screen.articles and all(w.display for w in (focused, *focused.ancestors) if w is not app)


async def test_the_sidebar_overlay_takes_the_keys_and_tab_never_goes_under_it(library, ids):
    """At 60 columns the sidebar (i) covers the article: the keys stayed on the covered article,
    and Tab went to it, scrolling it unseen (QA)."""
    app = make_app(library)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("enter", "i")
        await settle(pilot)
        assert screen.sidebar in app.focused.ancestors
        for _ in range(6):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not screen.reading
        await pilot.press("i")  # the overlay goes: the article can be reached again
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        seen = set()
        for _ in range(6):
            await pilot.press("tab")
            await pilot.pause()
            seen.add(app.focused)
        assert screen.reading in seen

"""Refresh from the app: new articles land in the list, a failing feed is reported, r again cancels.

Feeds are local: a file (added with library.add_feed(path)) and, for the
cancel test, a slow HTTP server on 127.0.0.1 started here. The machine may be
busy, so every wait polls the screen with a generous deadline.
"""

from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.ui.screens.modals import PickerScreen
from tests.test_ui_app import SIZE, header, ids, list_lines, make_app, settle, status  # noqa: F401 (fixture)
from tests.ui_support import DATA, NOW, ui_seed  # noqa: F401 (fixture)

DEADLINE = 60.0  # seconds: generous, the machine is shared


async def until(pilot, condition, what: str, deadline: float = DEADLINE) -> None:
    """Poll until ``condition()`` holds (the app keeps running between polls)."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}; status: {status(pilot.app)!r}, "
                                 f"header: {header(pilot.app)!r}")
        await pilot.pause(0.1)


async def refreshed(pilot) -> None:
    """Press r and wait for the refresh to end and its reloads to settle."""
    await pilot.press("r")
    await until(pilot, lambda: "Refreshed:" in status(pilot.app), "the refresh to finish")
    await settle(pilot)


def errors(app) -> list:
    return [n for n in app._notifications if n.severity == "error"]


async def test_refresh_brings_new_articles_into_the_list(library, ids, tmp_path):
    feed = tmp_path / "wire.rss"
    shutil.copy(DATA / "ui_feed.rss", feed)
    library.add_feed(str(feed), "Local Wire")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "5 articles" in header(app)
        await pilot.press("r")
        await until(pilot, lambda: "Refreshed:" in status(app), "the refresh to finish")
        await until(pilot, lambda: "5 articles" not in header(app), "the new articles to be counted")
        await settle(pilot)
        assert library.count() > 5 and f"{library.count()} articles" in header(app)
        assert "1 feed: " in status(app) and "0 errors" in status(app)
        assert any("AUKUS pact angers France" in line for line in list_lines(app))
        assert not errors(app)


async def test_a_failing_feed_is_notified_and_listed_with_its_error(library, ids, tmp_path):
    library.add_feed(str(tmp_path / "missing.rss"), "Missing [b]Feed[/b]")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: errors(app), "the error notification")
        note = errors(app)[0]
        assert note.title == "Feed error" and not note.markup
        assert note.message.startswith("Missing [b]Feed[/b]: ")  # shown as it is, never as markup
        await until(pilot, lambda: "Refreshed:" in status(app), "the refresh to finish")
        assert "1 error" in status(app) and "1 errors" not in status(app)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the feed picker")
        await pilot.pause()
        prompts = [str(o.prompt) for o in app.screen.query_one("#picker").options]
        entry = next(p for p in prompts if p.startswith("Missing [b]Feed[/b]"))
        error = note.message.split(": ", 1)[1]
        assert error and error in entry.split("\n", 1)[1]


class _Slow(BaseHTTPRequestHandler):
    """Every request waits 20 s (or until the server stops), then gets the test feed.

    Long enough that a refresh which ends sooner was cancelled, even on a busy machine.
    """

    def do_GET(self) -> None:
        self.server.started.set()
        if self.server.stop.wait(20.0):
            return  # the test is over: drop the connection
        self.server.answered.set()
        body = (DATA / "ui_feed.rss").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def slow_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    server.started, server.answered, server.stop = threading.Event(), threading.Event(), threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


async def test_r_again_cancels_a_running_refresh(library, ids, slow_server):
    url = f"http://127.0.0.1:{slow_server.server_port}/slow.rss"
    library.add_feed(url, "Slow Wire")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: "Refreshing 0/1 feeds" in status(app), "the refresh to start")
        await until(pilot, slow_server.started.is_set, "the server to get the request")
        await pilot.press("r")  # the status says "Cancelling the refresh…" until the worker stops
        await until(pilot, lambda: "Refreshed:" in status(app), "the cancelled refresh to end")
        # It ended because it was cancelled, not because the server answered.
        assert "(cancelled)" in status(app)
        assert not slow_server.answered.is_set()
        assert library.count() == 5 and "5 articles" in header(app)
        # A new refresh can start again.
        await pilot.press("r")
        await until(pilot, lambda: "Refreshing" in status(app), "a new refresh")


async def test_a_backlog_is_linked_after_analysis_and_the_sidebar_shows_it(tmp_path, monkeypatch):
    """The first launch on the samples, with the backlog threshold lowered so the 61 articles are
    one: analysis saves them without links, relinks them all, and the article on screen then shows
    its related articles (it was shown before there were any)."""
    import reader.analysis_runs
    from reader.library import make_library
    from reader.locations import Locations
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.sidebar import RelatedList

    monkeypatch.setattr(reader.analysis_runs, "RELINK_BACKLOG", 20)
    library = make_library(Locations(config_file=tmp_path / "none.toml", data_dir=tmp_path / "data"))
    try:
        app = ReaderApp(library, now=NOW)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "Analysed 61 articles." in status(app), "the analysis")
            related = app.main_screen.query_one(RelatedList)
            await until(pilot, lambda: len(related.options) > 3, "the related articles")
            titles = " | ".join(str(o.prompt) for o in related.options).lower()
            assert "skripal" in titles or "salisbury" in titles
            assert library.get_state(reader.analysis_runs.LINKS_DUE) == "0"
    finally:
        library.close()

"""Sync against a real Miniflux (its own API and its Google Reader API) on 127.0.0.1.

PostgreSQL and Miniflux are started once per session (tests/sync_servers.py);
each test has its own Miniflux user, its own feed served from 127.0.0.1 and
its own cache. The server's state is checked through its API, which is what
its web page shows.
"""

from __future__ import annotations

import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.cli import main
from reader.library import make_library
from reader.store.sync import SyncStore

from tests.sync_servers import Miniflux, Postgres, free_port, missing

_users = itertools.count(1)


@pytest.fixture(scope="session")
def miniflux():
    reason = missing()
    if reason:
        pytest.skip(f"real Miniflux not available: {reason}")
    pg = Postgres()
    server = None
    try:
        pg.start()
        server = Miniflux(pg)
        server.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        pg.stop()


class FeedServer:
    """RSS feeds on 127.0.0.1; every link in them points back here (Miniflux fetches icons from the site)."""

    def __init__(self, items: int = 5):
        self.items = items
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/feed"):
                    body = outer.feed().encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                else:
                    body = b"not here"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def feed(self) -> str:
        entries = "".join(
            f"<item><guid>{self.base}/item/{n}</guid><title>Story number {n}</title><link>{self.base}/item/{n}</link>"
            f"<pubDate>Mon, 0{1 + n % 8} Dec 2025 10:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;Angela Merkel met Emmanuel Macron in &lt;a href=&quot;{self.base}/berlin&quot;&gt;"
            f"Berlin&lt;/a&gt;, story {n}.&lt;/p&gt;</description>"
            + (f'<enclosure url="{self.base}/media/ep{n}.mp3" type="audio/mpeg" length="51200"/>' if n == 2 else "")
            + "</item>"
            for n in range(1, self.items + 1))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>'
                f"<link>{self.base}/</link>{entries}</channel></rss>")

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


def _setup(miniflux: Miniflux, feed_server: FeedServer, locations, tmp_path, kind: str, url: str | None = None,
           password: str | None = None):
    user = miniflux.create_user(f"user{next(_users)}-{kind}")
    feed_id = user.subscribe(feed_server.base + "/feed.xml", folder="News")
    login = miniflux.enable_greader(user.username) if kind == "greader" else user.username
    secret = tmp_path / "secret"
    secret.write_text((password or user.password) + "\n")
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(
        f'[[accounts]]\nname = "home"\ntype = "{kind}"\nurl = "{url or miniflux.url}"\n'
        f'username = "{login}"\npassword_command = "cat {secret}"\n')
    return user, feed_id


def _local(library):
    """Local articles of the account by URL: (id, read, starred)."""
    rows = library.list_articles("", limit=1000)
    return {r.url: r for r in rows}


@pytest.mark.parametrize("kind", ["miniflux", "greader"])
def test_sync_both_ways(miniflux, feed_server, locations, tmp_path, capsys, kind):
    user, feed_id = _setup(miniflux, feed_server, locations, tmp_path, kind)
    server = user.entries(feed_id)
    assert len(server) == 5
    link = lambda n: f"{feed_server.base}/item/{n}"
    # Marks made on the server (its web page) before the first sync.
    user.api("PUT", "/v1/entries", {"entry_ids": [server[link(1)]["id"]], "status": "read"})
    user.api("PUT", "/v1/entries", {"entry_ids": [server[link(2)]["id"]], "starred": True})

    assert main(["sync", "--no-analyse"]) == 0
    out = capsys.readouterr().out
    assert "home: 1 feeds, 5 new articles" in out

    library = make_library(locations)
    try:
        feeds = [f for f in library.feeds() if f.kind == "account"]
        assert [(f.title, f.tags, f.articles) for f in feeds] == [("Local News", ["News"], 5)]
        local = _local(library)
        assert local[link(1)].read and not local[link(1)].starred
        assert local[link(2)].starred and not local[link(2)].read
        assert not local[link(3)].read and not local[link(4)].starred
        article = library.article(local[link(3)].id)
        assert "Angela Merkel met Emmanuel Macron" in article.text and "<p>" not in article.text
        # As a refresh of the feed would store it: its link kept, and a podcast episode's file.
        assert any(i.attrs.get("href") == f"{feed_server.base}/berlin" for i in article.document.inlines)
        episode = library.article(local[link(2)].id)
        assert [(e.url, e.type, e.length) for e in episode.enclosures] == [  # its Reader API gives no size
            (f"{feed_server.base}/media/ep2.mp3", "audio/mpeg", 51200 if kind == "miniflux" else None)]
        assert local[link(2)].enclosures == 1 and local[link(3)].enclosures == 0

        # Marks made in reader go to the outbox with the mark, and to the server on sync.
        library.set_read([local[link(3)].id])
        library.set_starred([local[link(4)].id])
        library.set_read([local[link(1)].id], False)
        assert SyncStore(library.store).pending_count() == 3
    finally:
        library.close()

    assert main(["sync", "--no-analyse"]) == 0
    assert "3 marks sent" in capsys.readouterr().out
    server = user.entries(feed_id)
    assert server[link(3)]["status"] == "read"
    assert server[link(4)]["starred"] is True
    assert server[link(1)]["status"] == "unread"
    assert server[link(5)]["status"] == "unread" and server[link(5)]["starred"] is False

    # The reverse: marks made on the server after the last sync come down.
    user.api("PUT", "/v1/entries", {"entry_ids": [server[link(5)]["id"]], "status": "read"})
    user.api("PUT", "/v1/entries", {"entry_ids": [server[link(4)]["id"]], "starred": False})
    assert main(["sync", "--no-analyse"]) == 0
    assert "0 new articles" in capsys.readouterr().out
    library = make_library(locations)
    try:
        local = _local(library)
        assert local[link(5)].read and not local[link(4)].starred and local[link(3)].read
        assert len(local) == 5  # nothing stored twice
        assert SyncStore(library.store).pending_count() == 0
    finally:
        library.close()


@pytest.mark.parametrize("kind", ["miniflux", "greader"])
def test_wrong_password_is_one_clear_line(miniflux, feed_server, locations, tmp_path, capsys, kind):
    _setup(miniflux, feed_server, locations, tmp_path, kind, password="not-the-password")
    assert main(["sync"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("home: the server refused the login") and miniflux.url in err
    assert "not-the-password" not in err


def test_offline_marks_wait_in_the_outbox(miniflux, feed_server, locations, tmp_path, capsys):
    user, feed_id = _setup(miniflux, feed_server, locations, tmp_path, "miniflux")
    assert main(["sync", "--no-analyse"]) == 0
    link = lambda n: f"{feed_server.base}/item/{n}"
    config = locations.config_file.read_text()
    # The server is unreachable (nothing listens on this port): the marks stay queued.
    down = f"http://127.0.0.1:{free_port()}"
    locations.config_file.write_text(config.replace(miniflux.url, down))
    library = make_library(locations)
    try:
        local = _local(library)
        library.set_read([local[link(2)].id, local[link(3)].id])
        library.set_starred([local[link(2)].id])
        library.set_read([local[link(3)].id], False)  # changed its mind: only "unread" is sent
    finally:
        library.close()
    capsys.readouterr()
    assert main(["sync"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"home: cannot reach {down} (Connection refused)"
    library = make_library(locations)
    try:
        assert SyncStore(library.store).pending_count() == 4
        assert _local(library)[link(2)].read  # nothing local lost
    finally:
        library.close()

    locations.config_file.write_text(config)
    assert main(["sync", "--no-analyse"]) == 0
    assert "2 marks sent" in capsys.readouterr().out
    server = user.entries(feed_id)
    assert server[link(2)]["status"] == "read" and server[link(2)]["starred"] is True
    assert server[link(3)]["status"] == "unread"


def test_a_later_mark_on_the_server_wins(miniflux, feed_server, locations, tmp_path, capsys):
    user, feed_id = _setup(miniflux, feed_server, locations, tmp_path, "miniflux")
    assert main(["sync", "--no-analyse"]) == 0
    link = lambda n: f"{feed_server.base}/item/{n}"
    library = make_library(locations)
    try:
        local = _local(library)
        library.set_read([local[link(1)].id, local[link(2)].id])
        # Mark 1 was made an hour ago (offline); mark 2 just now.
        library.store.db.execute("UPDATE sync_outbox SET created = created - 3600 WHERE article_id = ?",
                                 (local[link(1)].id,))
    finally:
        library.close()
    server = user.entries(feed_id)
    # Meanwhile, on the server: item 1 starred (its change time is now, after our old mark).
    user.api("PUT", "/v1/entries", {"entry_ids": [server[link(1)]["id"]], "starred": True})
    assert main(["sync", "--no-analyse"]) == 0
    server = user.entries(feed_id)
    library = make_library(locations)
    try:
        local = _local(library)
        # Item 1: the server's later change wins: unread there and here, and starred here too.
        assert server[link(1)]["status"] == "unread" and not local[link(1)].read and local[link(1)].starred
        # Item 2: our mark was the later one: read on both sides.
        assert server[link(2)]["status"] == "read" and local[link(2)].read
        assert SyncStore(library.store).pending_count() == 0
    finally:
        library.close()


async def test_r_in_the_app_syncs_and_the_picker_lists_the_account_feeds(miniflux, feed_server, locations, tmp_path):
    from reader.ui.screens.modals import PickerScreen
    from tests.test_ui_app import SIZE, list_lines, make_app, settle, status
    from tests.test_ui_refresh import until

    _setup(miniflux, feed_server, locations, tmp_path, "greader")
    library = make_library(locations)
    app = make_app(library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await until(pilot, lambda: "Synced:" in status(app), "the sync to finish")
            assert "Synced: home: 1 feeds, 5 new articles" in status(app)
            await until(pilot, lambda: any("Story number" in line for line in list_lines(app)), "the articles")
            await pilot.press("f")
            await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the feed picker")
            await pilot.pause()
            prompts = [str(o.prompt) for o in app.screen.query_one("#picker").options]
            assert any(p.startswith("Local News") for p in prompts)
    finally:
        library.close()


async def test_r_in_the_app_says_when_the_server_is_unreachable(locations, tmp_path):
    """No server needed: nothing listens on the port."""
    from tests.test_ui_app import SIZE, make_app, settle, status
    from tests.test_ui_refresh import errors, until

    secret = tmp_path / "secret"
    secret.write_text("hunter2\n")
    url = f"http://127.0.0.1:{free_port()}"
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'[[accounts]]\nname = "home"\ntype = "miniflux"\nurl = "{url}"\n'
                                     f'username = "me"\npassword_command = "cat {secret}"\n')
    library = make_library(locations)
    app = make_app(library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await until(pilot, lambda: "Sync failed:" in status(app), "the sync to end")
            # said as what it is: not "Refreshed: <an error>" (QA)
            assert f"Sync failed: home: cannot reach {url} (Connection refused)" in status(app)
            assert "Refreshed" not in status(app)
            assert [n.message for n in errors(app)] == [f"home: cannot reach {url} (Connection refused)"]
            assert "hunter2" not in status(app)
    finally:
        library.close()


@pytest.mark.parametrize("kind", ["miniflux", "greader"])
def test_subscribe_and_unsubscribe_from_reader(miniflux, feed_server, locations, tmp_path, capsys, kind):
    user, _feed_id = _setup(miniflux, feed_server, locations, tmp_path, kind)
    second = feed_server.base + "/feed-two.xml"
    assert main(["subscribe", "home", second, "--folder", "Later"]) == 0
    assert "home: 2 feeds, 10 new articles" in capsys.readouterr().out
    on_server = {f["feed_url"]: f["category"]["title"] for f in user.api("GET", "/v1/feeds")}
    assert on_server == {feed_server.base + "/feed.xml": "News", second: "Later"}

    assert main(["unsubscribe", "home", "Nonesuch"]) == 1
    assert "no subscribed feed titled 'Nonesuch'" in capsys.readouterr().err
    library = make_library(locations)
    try:
        titles = [f.title for f in library.feeds() if f.kind == "account"]
        assert titles == ["Local News", "Local News"]
    finally:
        library.close()
    # Both are titled "Local News": the title is refused as ambiguous, the feed's URL names one.
    assert main(["unsubscribe", "home", "Local News"]) == 1
    assert "names 2 feeds" in capsys.readouterr().err
    library = make_library(locations)
    try:  # marks on an article of the second feed, sent to the server
        kept = next(r for r in library.list_articles("tag:Later", limit=100) if r.url.endswith("/item/3"))
        library.set_read([kept.id])
        library.set_starred([kept.id])
    finally:
        library.close()
    assert main(["sync", "--no-analyse"]) == 0
    capsys.readouterr()
    assert main(["unsubscribe", "home", second]) == 0
    assert "its articles stay in the cache" in capsys.readouterr().out
    assert [f["feed_url"] for f in user.api("GET", "/v1/feeds")] == [feed_server.base + "/feed.xml"]
    # The one unsubscribed is "gone" but still titled "Local News": the title now names the other.
    assert main(["unsubscribe", "home", "local"]) == 0
    assert user.api("GET", "/v1/feeds") == []
    assert main(["subscribe", "home", second]) == 0
    capsys.readouterr()
    assert main(["sync", "--no-analyse"]) == 0
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    assert "(gone: no longer subscribed on home; its articles are kept" in out and "(ok, " in out
    library = make_library(locations)
    try:
        # Subscribed again, the second feed's items come back under new server ids: the articles
        # already here take them over, marks and all, and send the marks to the server.
        assert library.count() == 10  # nothing local lost, nothing stored twice
        again = library.article(kept.id)
        assert again.read and again.starred
    finally:
        library.close()
    assert main(["sync", "--no-analyse"]) == 0
    entries = {e["url"]: e for feed in user.api("GET", "/v1/feeds")
               for e in user.api("GET", f"/v1/feeds/{feed['id']}/entries")["entries"]}
    assert entries[kept.url]["starred"] is True and entries[kept.url]["status"] == "read"
    library = make_library(locations)
    try:
        assert library.count() == 10
    finally:
        library.close()


def test_miniflux_api_key_from_token_command(miniflux, feed_server, locations, tmp_path, capsys):
    user, feed_id = _setup(miniflux, feed_server, locations, tmp_path, "miniflux")
    token = user.api("POST", "/v1/api-keys", {"description": "reader"})["token"]
    secret = tmp_path / "token"
    secret.write_text(token + "\n")
    locations.config_file.write_text(f'[[accounts]]\nname = "home"\ntype = "miniflux"\nurl = "{miniflux.url}"\n'
                                     f'token_command = "cat {secret}"\n')
    assert main(["sync", "--no-analyse"]) == 0
    assert "home: 1 feeds, 5 new articles" in capsys.readouterr().out
    library = make_library(locations)
    try:
        first = library.list_articles("", limit=10)[0]
        library.set_starred([first.id])
    finally:
        library.close()
    assert main(["sync", "--no-analyse"]) == 0
    assert user.entries(feed_id)[first.url]["starred"] is True
    assert token not in capsys.readouterr().out

"""Per-feed schedules: the user's interval, the feed's ttl / sy:update*, Cache-Control max-age,
Retry-After and 429/503 back-off, against a server on 127.0.0.1 started here."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.ingest.schedule import BACKOFF_BASE, MAX_HINT, backoff, feed_hint, max_age
from reader.library import make_library



def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def around(when: datetime, seconds: float, started: datetime, ended: datetime) -> bool:
    """``when`` is ``seconds`` after a moment between started and ended (stored to the second)."""
    return (started + timedelta(seconds=seconds - 1) <= when <= ended + timedelta(seconds=seconds + 1))


def rss(channel_extra: str = "", namespaces: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" {namespaces}><channel><title>Scheduled</title><link>http://example.org/</link>
{channel_extra}
<item><guid>s-1</guid><title>One item</title><link>http://example.org/1</link>
<pubDate>Wed, 06 Oct 2021 10:00:00 GMT</pubDate><description>Text.</description></item>
</channel></rss>""".encode()


SY = 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
ROUTES = {
    "/plain.xml": (200, rss(), {"ETag": '"p1"'}),
    "/ttl.xml": (200, rss("<ttl>90</ttl>"), {}),
    "/sy.xml": (200, rss("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", SY),
                {}),
    "/max-age.xml": (200, rss(), {"Cache-Control": "public, max-age=7200", "ETag": '"m1"'}),
    "/busy": (429, b"slow down", {"Retry-After": "60"}),
    "/unavailable": (503, b"later", {}),
    "/long-retry": (429, b"slow down", {"Retry-After": "7200"}),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        status, body, headers = ROUTES.get(self.path, (404, b"no", {}))
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def fetched(server, path: str) -> int:
    return sum(p == path for p, _h in server.requests)


def configured(locations, server, feeds: list[tuple[str, str]], settings: str = ""):
    """A library whose config lists (path, extra TOML lines) feeds of the server."""
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    text = f"[settings]\n{settings}\n"
    for path, extra in feeds:
        text += f'\n[[feeds]]\nurl = "{server.base}{path}"\ntitle = "{path.strip("/")}"\n{extra}\n'
    locations.config_file.write_text(text, encoding="utf-8")
    return make_library(locations)


@pytest.fixture
def lib_factory(locations, server):
    made = []

    def make(feeds, settings=""):
        lib = configured(locations, server, feeds, settings)
        made.append(lib)
        return lib

    yield make
    for lib in made:
        lib.close()


# -- what a feed and its server ask -----------------------------------------------

def test_feed_hint_reads_ttl_and_sy_update_in_the_channel_only():
    assert feed_hint(rss("<ttl>90</ttl>")) == 90 * 60
    assert feed_hint(rss("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>",
                         SY)) == 1800
    assert feed_hint(rss("<sy:updatePeriod>daily</sy:updatePeriod>", SY)) == 86400
    assert feed_hint(rss()) is None
    assert feed_hint(rss("<ttl>999999</ttl>")) == MAX_HINT  # a bogus ttl cannot hide a feed for years
    item_ttl = rss().replace(b"<description>", b"<ttl>600</ttl><description>")
    assert feed_hint(item_ttl) is None  # an item's element is not the channel's


def test_max_age_and_backoff():
    assert max_age("public, max-age=7200") == 7200
    assert max_age("no-cache, max-age=7200") is None
    assert max_age("max-age=0") is None and max_age(None) is None and max_age("max-age=abc") is None
    assert backoff(1, None) == BACKOFF_BASE
    assert backoff(2, None) == 2 * BACKOFF_BASE and backoff(3, None) == 4 * BACKOFF_BASE
    assert backoff(1, 7200) == 7200  # a longer Retry-After wins
    assert backoff(60, None) == 24 * 3600  # doubled, but capped


# -- reader refresh without names: only the feeds that are due ---------------------

def test_ttl_sy_and_max_age_hold_a_feed_back_until_due(lib_factory, server):
    lib = lib_factory([("/plain.xml", ""), ("/ttl.xml", ""), ("/sy.xml", ""), ("/max-age.xml", "")])
    started = utcnow()
    first = lib.refresh(due_only=True)
    ended = utcnow()
    assert {r.title for r in first.reports} == {"plain.xml", "ttl.xml", "sy.xml", "max-age.xml"}
    assert all(r.status == "ok" for r in first.reports), first.reports
    # No interval is set: a feed without hints is due every time, the others when their hints allow.
    due, later = lib.due()
    assert due == [f"{server.base}/plain.xml"]
    later = dict(later)
    assert around(later["ttl.xml"], 90 * 60, started, ended)
    assert around(later["sy.xml"], 30 * 60, started, ended)
    assert around(later["max-age.xml"], 7200, started, ended)
    second = lib.refresh(due_only=True)
    assert [r.title for r in second.reports] == ["plain.xml"]
    assert {t for t, _w in second.not_due} == {"ttl.xml", "sy.xml", "max-age.xml"}
    assert fetched(server, "/ttl.xml") == fetched(server, "/sy.xml") == fetched(server, "/max-age.xml") == 1
    assert fetched(server, "/plain.xml") == 2
    # The plain feed's ETag is still sent, and its 304 keeps everything.
    assert server.requests[-1][1].get("If-None-Match") == '"p1"' and second.reports[0].status == "unchanged"
    # Later, they are due again.
    due, _ = lib.due(now=utcnow() + timedelta(hours=3))
    assert len(due) == 4
    # Forced (--all): every feed is fetched now.
    lib.refresh()
    assert fetched(server, "/ttl.xml") == 2 and fetched(server, "/max-age.xml") == 2


def test_a_304_keeps_the_max_age_and_the_feeds_ttl(lib_factory, server):
    lib = lib_factory([("/max-age.xml", "")])
    lib.refresh()
    second = lib.refresh()  # forced: a conditional request, answered 304 with the same max-age
    assert second.reports[0].status == "unchanged"
    assert server.requests[-1][1].get("If-None-Match") == '"m1"'
    assert lib.due()[0] == []


def test_per_feed_refresh_minutes(lib_factory, server):
    lib = lib_factory([("/plain.xml", "refresh_minutes = 60"), ("/ttl.xml", "refresh_minutes = 120"),
                       ("/sy.xml", "refresh_minutes = 0")], settings="refresh_minutes = 10")
    started = utcnow()
    lib.refresh()
    ended = utcnow()
    later = dict(lib.due()[1])
    assert around(later["plain.xml"], 60 * 60, started, ended)
    assert around(later["ttl.xml"], 120 * 60, started, ended)  # its own interval, longer than its ttl
    assert later["sy.xml"] is None  # 0: only when asked
    due, _ = lib.due(now=ended + timedelta(minutes=70))
    assert due == [f"{server.base}/plain.xml"]


def test_the_apps_timer_refreshes_only_feeds_with_an_interval(lib_factory, server):
    lib = lib_factory([("/plain.xml", "refresh_minutes = 5"), ("/ttl.xml", "")])
    assert lib.due(automatic=True)[0] == [f"{server.base}/plain.xml"]
    assert len(lib.due()[0]) == 2  # reader refresh: both, never fetched yet
    summary = lib.refresh(automatic=True)
    assert [r.title for r in summary.reports] == ["plain.xml"] and fetched(server, "/ttl.xml") == 0


def test_429_and_503_back_off_exponentially_and_are_never_hammered(lib_factory, server):
    lib = lib_factory([("/busy", ""), ("/unavailable", ""), ("/long-retry", "")])
    started = utcnow()
    first = {r.title: r for r in lib.refresh().reports}
    ended = utcnow()
    assert all(r.status == "error" for r in first.values())

    def held_until(title: str) -> datetime:
        row = next(f for f in lib.feeds() if f.title == title)
        return datetime.fromisoformat(row.retry_after).replace(tzinfo=timezone.utc)

    assert around(held_until("busy"), BACKOFF_BASE, started, ended)  # Retry-After: 60, but at least the base
    assert around(held_until("unavailable"), BACKOFF_BASE, started, ended)  # no Retry-After
    assert around(held_until("long-retry"), 7200, started, ended)
    # Even forced (--all, or `r` in the app), nothing is asked of them before then.
    before = len(server.requests)
    again = {r.title: r for r in lib.refresh().reports}
    assert len(server.requests) == before
    assert {r.status for r in again.values()} == {"deferred"}
    # Once the wait is over, the next 429 doubles it.
    lib.store.db.execute("UPDATE feeds SET retry_after = NULL")
    started = utcnow()
    lib.refresh()
    ended = utcnow()
    assert around(held_until("busy"), 2 * BACKOFF_BASE, started, ended)
    assert around(held_until("unavailable"), 2 * BACKOFF_BASE, started, ended)


def test_a_throttled_feed_is_not_due_until_its_wait_is_over(lib_factory, server):
    lib = lib_factory([("/long-retry", ""), ("/plain.xml", "")])
    started = utcnow()
    lib.refresh()
    ended = utcnow()
    due, later = lib.due()
    assert due == [f"{server.base}/plain.xml"]
    assert around(dict(later)["long-retry"], 7200, started, ended)
    summary = lib.refresh(due_only=True)
    assert [r.title for r in summary.reports] == ["plain.xml"] and fetched(server, "/long-retry") == 1


def test_a_bad_refresh_minutes_names_the_file_line_and_feed(tmp_path):
    from reader.config import parse_config

    path = tmp_path / "config.toml"
    text = ('[settings]\nrefresh_minutes = 30\n\n[[feeds]]\nurl = "https://a.example/feed"\nrefresh_minutes = 5\n\n'
            '[[feeds]]\nurl = "https://b.example/feed"\nrefresh_minutes = "often"\n')
    # A bad entry is named (file, line, feed) and left out; the feed keeps the settings' interval.
    config = parse_config(text, path)
    assert [p for p in config.problems if "refresh_minutes" in p] == [
        f"{path}:10: 'feeds.refresh_minutes' of https://b.example/feed must be a number of minutes, 0 or more "
        "(feed 2); the settings' interval is used"]
    assert [f.refresh_minutes for f in config.feeds] == [5, None]
    config = parse_config(text.replace('"often"', "0"), path)
    assert [f.refresh_minutes for f in config.feeds] == [5, 0]

"""Recorded-protocol tests: the Google Reader dialect of FreshRSS and Inoreader (tests/greader_fake.py),
and the faults the issue lists (500 on one page, truncated JSON, a dropped connection, an item
without an id, two syncs at once, clocks that differ)."""

from __future__ import annotations

import threading

import pytest

from reader.config import AccountConfig, parse_config
from reader.sources.accounts.engine import sync_account
from reader.sources.accounts.greader import GReaderClient, item_id
from reader.store.sync import SyncStore
from tests.greader_fake import PASSWORD, FakeGReader


@pytest.fixture
def fake():
    server = FakeGReader()
    yield server
    server.stop()


def account(tmp_path, url: str, password: str = PASSWORD) -> AccountConfig:
    secret = tmp_path / "secret"
    secret.write_text(password + "\n")
    return AccountConfig(name="fresh", type="greader", url=url, username="alice", password_command=f"cat {secret}")


def local_state(library) -> dict[str, tuple[bool, bool]]:
    return {r.url: (r.read, r.starred) for r in library.list_articles("", limit=1000)}


def expected(fake) -> dict[str, tuple[bool, bool]]:
    return {f"http://127.0.0.1/item/{n}": (i["read"], i["starred"]) for n, i in fake.items.items()}


def test_item_ids_have_one_spelling():
    assert item_id("tag:google.com,2005:reader/item/00000000000001f4") == "500"
    assert item_id("00000000000001f4") == "500" and item_id("500") == "500"
    # Google's ids are signed: the long form of a negative id is its two's complement.
    assert item_id("tag:google.com,2005:reader/item/ffffffffffffffff") == "-1"
    assert item_id("") == "" and item_id("tag:google.com,2005:reader/item/zz") == "" and item_id(None) == ""


def test_freshrss_dialect_string_continuation_long_ids_numeric_user(library, fake, tmp_path):
    report = sync_account(library.store, account(tmp_path, fake.url))
    assert report.ok, report.error
    assert (report.feeds, report.new) == (2, 7)
    assert local_state(library) == expected(fake)
    # Pages followed by their string continuation, and item contents asked for in one batch.
    continuations = [p.get("c") for p in fake.requests("/stream/items/ids")]
    assert [["page-3"], ["page-6"]] == [c for c in continuations if c][:2]
    feeds = {f.title: f.tags for f in library.feeds() if f.kind == "account"}
    assert feeds == {"Odd Feed": ["Tech"], "Even Feed": []}
    # A second sync asks for no contents: every id is known.
    before = len(fake.requests("/stream/items/contents"))
    assert sync_account(library.store, account(tmp_path, fake.url)).new == 0
    assert len(fake.requests("/stream/items/contents")) == before


def test_marks_go_out_in_batches_with_the_token_renewed_once(library, fake, tmp_path):
    fake.items.update({n: {"read": False, "starred": False, "feed": "feed/12"} for n in range(8, 1208)})
    assert sync_account(library.store, account(tmp_path, fake.url)).ok
    library.mark_all_read()
    fake.stale_once = True
    report = sync_account(library.store, account(tmp_path, fake.url))
    assert report.ok, report.error
    assert all(i["read"] for i in fake.items.values())
    edits = fake.requests("/edit-tag")
    good = [e for e in edits if e["T"] == ["T1"]]
    # 1,200 - (read already) marks, at most 500 ids a request, with the renewed token.
    assert len(good) == 3 and all(len(e["i"]) <= 500 for e in good)
    assert all(e["a"] == ["user/-/state/com.google/read"] for e in good)
    assert SyncStore(library.store).pending_count() == 0


@pytest.mark.parametrize("fault", ["500", "truncate", "drop"])
def test_a_fault_mid_sync_ends_in_one_line_and_the_next_sync_resumes(library, fake, tmp_path, fault):
    path = "/api/greader.php/reader/api/0/stream/items/contents"
    fake.page = 100
    fake.items.update({n: {"read": False, "starred": False, "feed": "feed/13"} for n in range(8, 600)})
    if fault == "500":
        fake.fail[path] = 500
    elif fault == "truncate":
        fake.truncate.add(path)
    else:
        fake.drop[path] = 2  # the client tries a dropped kept-alive connection once more, then gives up
    first = sync_account(library.store, account(tmp_path, fake.url))
    assert not first.ok and "\n" not in first.error and first.error.startswith("fresh: ")
    assert {"500": "answered HTTP 500", "truncate": "truncated or invalid JSON",
            "drop": "the server closed the connection"}[fault] in first.error
    stored = library.count()
    second = sync_account(library.store, account(tmp_path, fake.url))
    assert second.ok, second.error
    assert library.count() == 599 and second.new == 599 - stored
    assert local_state(library) == expected(fake)


def test_an_item_without_an_id_is_skipped_and_counted(library, fake, tmp_path):
    fake.items[4]["no_id"] = True
    report = sync_account(library.store, account(tmp_path, fake.url))
    assert report.ok and report.new == 6 and report.skipped == 1
    assert "1 unusable items skipped" in report.line()


def test_wrong_password_never_shows_the_secret(library, fake, tmp_path):
    report = sync_account(library.store, account(tmp_path, fake.url, password="s3cret-wrong"))
    assert not report.ok
    assert report.error.startswith("fresh: the server refused the login (HTTP 401")
    assert "s3cret-wrong" not in report.error and "s3cret-wrong" not in repr(account(tmp_path, fake.url))


def test_two_syncs_at_once_the_second_says_so(library, fake, tmp_path):
    sync = SyncStore(library.store)
    account_id = sync.account_id("fresh", "greader", fake.url)
    sync.acquire(account_id)  # a sync in progress (this process)
    report = sync_account(library.store, account(tmp_path, fake.url))
    assert not report.ok and "another sync of this account is running" in report.error
    sync.release(account_id, status="ok")
    assert sync_account(library.store, account(tmp_path, fake.url)).ok


def test_a_dead_sync_does_not_hold_the_account(library, fake, tmp_path):
    sync = SyncStore(library.store)
    account_id = sync.account_id("fresh", "greader", fake.url)
    library.store.db.execute("UPDATE sync_accounts SET running_pid = 2147483646, running_since = 1e12")
    assert sync_account(library.store, account(tmp_path, fake.url)).ok


def test_marks_made_while_offline_keep_their_order_and_the_last_one_is_sent(library, fake, tmp_path):
    assert sync_account(library.store, account(tmp_path, fake.url)).ok
    rows = {r.url: r.id for r in library.list_articles("", limit=100)}
    one = rows["http://127.0.0.1/item/1"]
    down = AccountConfig(**{**account(tmp_path, fake.url).__dict__, "url": "http://127.0.0.1:9/api"})
    library.set_starred([one])
    library.set_starred([one], False)
    library.set_starred([one])
    report = sync_account(library.store, down)
    assert not report.ok and report.error == "fresh: cannot reach http://127.0.0.1:9/api (Connection refused)"
    assert SyncStore(library.store).pending_count() == 3
    assert sync_account(library.store, account(tmp_path, fake.url)).ok
    assert fake.items[1]["starred"] is True
    assert len([e for e in fake.requests("/edit-tag") if e.get("i") == ["1"]]) == 1


def test_server_clock_ahead_does_not_let_an_older_server_change_win(library, tmp_path):
    """apply_state compares the server's change time with our mark corrected by the clock offset."""
    sync = SyncStore(library.store)
    account_id = sync.account_id("clock", "miniflux", "http://127.0.0.1:9")
    feed = sync.upsert_feeds(account_id, "clock", [("1", "Feed", ())])["1"]
    from reader.model import ArticleIn

    sync.store_items(account_id, feed, [ArticleIn(key="10", title="t", text="x")])
    article = library.list_articles("", limit=1)[0].id
    library.set_read([article])
    mark = library.store.db.execute("SELECT created FROM sync_outbox").fetchone()[0]
    # The server's clock runs an hour ahead: its change, stamped 30 min ahead of our clock,
    # was made before our mark.
    assert sync.apply_state(account_id, [("10", False, False, mark + 1800)], clock_offset=3600) == 0
    assert library.article(article).read and sync.pending_count() == 1
    # Without the correction the server would have won.
    assert sync.apply_state(account_id, [("10", False, False, mark + 1800)], clock_offset=0) == 1
    assert not library.article(article).read and sync.pending_count() == 0


def test_http_reads_the_server_clock_from_the_date_header(tmp_path):
    from email.utils import formatdate
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import time

    from reader.sources.accounts.base import Http

    class Ahead(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response_only(200)  # send_response would add a Date of its own
            self.send_header("Date", formatdate(time.time() + 3600, usegmt=True))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Ahead)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        http = Http(AccountConfig("a", "miniflux", f"http://127.0.0.1:{httpd.server_address[1]}", token_command="x"))
        assert http.json("GET", "/v1/me") == {}
        assert 3590 < http.clock_offset < 3610
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_accounts_in_the_config(tmp_path):
    path = tmp_path / "config.toml"
    config = parse_config('[[accounts]]\nname = "home"\ntype = "miniflux"\nurl = "https://m.example/"\n'
                          'username = "me"\npassword_command = "pass show m"\n', path)
    assert config.accounts == (AccountConfig("home", "miniflux", "https://m.example", "me", "pass show m"),)
    assert "pass show" not in repr(config)
    bad = [
        ('[[accounts]]\nname = "a"\ntype = "rss"\nurl = "https://x"\ntoken_command = "t"\n', "'type' must be one of"),
        ('[[accounts]]\nname = "a"\ntype = "greader"\nurl = "ftp://x"\ntoken_command = "t"\n', "'url' must be an http(s) URL"),
        ('[[accounts]]\nname = "a"\ntype = "greader"\nurl = "https://x"\n', "needs password_command or token_command"),
        ('[[accounts]]\nname = "a"\ntype = "greader"\nurl = "https://me:pw@x"\npassword_command = "t"\nusername = "u"\n',
         "put the password in password_command"),
        ('\n\n[[accounts]]\nname = "a"\ntype = "greader"\nurl = "https://x"\ntoken_command = "t"\npassword = "pw"\n',
         "unknown key 'accounts.password'"),
    ]
    for text, message in bad:
        # A bad account is named (file, line, key; never a secret) and left out; the rest of the config works.
        config = parse_config(text, path)
        assert config.accounts == ()
        (problem,) = config.problems
        assert message in problem and str(path) in problem and "the account is ignored" in problem
        assert "pw@" not in problem
    assert "config.toml:8: unknown key 'accounts.password'" in parse_config(bad[-1][0], path).problems[0]

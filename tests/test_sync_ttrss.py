"""Sync against a real Tiny Tiny RSS 21 (Debian's, under php -S) on 127.0.0.1.

Version 21 does not fetch feeds from 127.0.0.1 on a test port, so articles are
put in through its database, as its updater would (tests/sync_servers.TTRss).
"""

from __future__ import annotations

import pytest

from reader.cli import main
from reader.library import make_library
from reader.store.sync import SyncStore
from tests.sync_servers import TTRSS_PASSWORD, Postgres, TTRss, ttrss_missing


@pytest.fixture(scope="module")
def ttrss():
    reason = ttrss_missing()
    if reason:
        pytest.skip(f"real Tiny Tiny RSS not available: {reason}")
    pg = Postgres()
    server = None
    try:
        pg.start()
        server = TTRss(pg)
        server.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        pg.stop()


def _config(locations, tmp_path, url: str, password: str = TTRSS_PASSWORD) -> None:
    secret = tmp_path / "secret"
    secret.write_text(password + "\n")
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'[[accounts]]\nname = "tt"\ntype = "ttrss"\nurl = "{url}"\n'
                                     f'username = "admin"\npassword_command = "cat {secret}"\n')


def test_ttrss_both_ways(ttrss, locations, tmp_path, capsys):
    feed = ttrss.add_feed("TT Local", "http://127.0.0.1/tt.xml", "Home")
    entries = [ttrss.add_entry(feed, f"TT story {n}", f"http://127.0.0.1/tt/{n}",
                               f"<p>Olaf Scholz visited Paris, story {n}.</p>") for n in range(1, 6)]
    link = lambda n: f"http://127.0.0.1/tt/{n}"
    ttrss.pg.sql(ttrss.db_name, f"UPDATE ttrss_user_entries SET unread = false WHERE ref_id = {entries[0]}")
    ttrss.pg.sql(ttrss.db_name, f"UPDATE ttrss_user_entries SET marked = true WHERE ref_id = {entries[1]}")
    ttrss.pg.sql(ttrss.db_name, "INSERT INTO ttrss_enclosures (content_url, content_type, title, duration, post_id, "
                 f"width, height) VALUES ('http://127.0.0.1/tt/ep2.mp3', 'audio/mpeg', '', '125', {entries[1]}, 0, 0)")
    _config(locations, tmp_path, ttrss.url)
    assert main(["sync", "--no-analyse"]) == 0
    assert "tt: 1 feeds, 5 new articles" in capsys.readouterr().out
    library = make_library(locations)
    try:
        rows = {r.url: r for r in library.list_articles("", limit=100)}
        assert rows[link(1)].read and rows[link(2)].starred and not rows[link(3)].read
        assert [(f.title, f.tags) for f in library.feeds() if f.kind == "account"] == [("TT Local", ["Home"])]
        assert "Olaf Scholz visited Paris" in library.article(rows[link(3)].id).text
        # A podcast episode's file comes with its entry (include_attachments), as from the feed itself.
        assert [(e.url, e.type, e.duration) for e in library.article(rows[link(2)].id).enclosures] == [
            ("http://127.0.0.1/tt/ep2.mp3", "audio/mpeg", 125)]
        library.set_read([rows[link(3)].id])
        library.set_starred([rows[link(4)].id])
        library.set_read([rows[link(1)].id], False)
    finally:
        library.close()
    assert main(["sync", "--no-analyse"]) == 0
    assert "3 marks sent" in capsys.readouterr().out
    assert ttrss.entry_state(entries[2]) == (True, False)
    assert ttrss.entry_state(entries[3]) == (False, True)
    assert ttrss.entry_state(entries[0]) == (False, False)
    # Marks made on the server come back; a new article arrives once.
    ttrss.pg.sql(ttrss.db_name, f"UPDATE ttrss_user_entries SET unread = false WHERE ref_id = {entries[4]}")
    ttrss.add_entry(feed, "TT story 6", link(6), "<p>Six.</p>")
    assert main(["sync", "--no-analyse"]) == 0
    assert "1 new articles" in capsys.readouterr().out
    library = make_library(locations)
    try:
        rows = {r.url: r for r in library.list_articles("", limit=100)}
        assert len(rows) == 6 and rows[link(5)].read and not rows[link(6)].read
        assert SyncStore(library.store).pending_count() == 0
    finally:
        library.close()


def test_ttrss_wrong_password(ttrss, locations, tmp_path, capsys):
    _config(locations, tmp_path, ttrss.url, password="wrong-one")
    assert main(["sync"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("tt: the server refused the login") and "wrong-one" not in err

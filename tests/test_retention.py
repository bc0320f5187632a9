"""Retention (issue 20): [settings] keep_days, a feed's keep, `reader vacuum`.

The rules a user relies on: a starred or unread article is never removed,
whatever the policy; a count keeps a feed's newest N; days keep what was
published or arrived in the last N days; running it twice removes nothing
more; an article removed is gone from search, links and stories, and a feed
that still lists it does not bring it back.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bench import corpus
from reader.cli import main
from reader.model import ArticleIn, EntityInfo, Span

NOW = datetime.now(timezone.utc).replace(microsecond=0)
FEED = "https://news.example/feed.xml"
OTHER = "https://other.example/feed.xml"


def configure(library, text: str) -> None:
    library.locations.config_file.write_text(text, encoding="utf-8")
    library.reload_config()


def add(library, url: str, specs: list[tuple[str, int, bool, bool]]) -> None:
    """Articles (title, age in days, read, starred) in the feed ``url``, arrived as old as published."""
    store = library.store
    feed_id = store.feed_id(url)
    store.store_articles(feed_id, [ArticleIn(key=title, title=title, text=f"{title} text about harbours",
                                             url=f"{url}#{title}", published=NOW - timedelta(days=age))
                                   for title, age, _read, _starred in specs])
    with store.transaction() as db:
        for title, age, read, starred in specs:
            db.execute("UPDATE articles SET read = ?, starred = ?, added = ? WHERE feed_id = ? AND key = ?",
                       (int(read), int(starred), (NOW - timedelta(days=age)).strftime("%Y-%m-%d %H:%M:%S"),
                        feed_id, title))


def titles(library, query: str = "") -> set[str]:
    return {row.title for row in library.list_articles(query, limit=10_000)}


MIXED = [  # title, age in days, read, starred
    ("old read", 60, True, False),
    ("old read 2", 45, True, False),
    ("old unread", 60, False, False),
    ("old starred", 60, True, True),
    ("old starred unread", 90, False, True),
    ("new read", 5, True, False),
    ("new unread", 1, False, False),
]


def test_keep_days_removes_only_old_read_unstarred_articles(library):
    configure(library, f'[settings]\nkeep_days = 30\n\n[[feeds]]\nurl = "{FEED}"\n')
    add(library, FEED, MIXED)
    assert library.apply_retention() == 2
    assert titles(library) == {"old unread", "old starred", "old starred unread", "new read", "new unread"}
    assert library.apply_retention() == 0  # idempotent
    assert library.count() == 5


def test_an_old_article_that_arrived_recently_stays(library):
    configure(library, f'[settings]\nkeep_days = 30\n\n[[feeds]]\nurl = "{FEED}"\n')
    add(library, FEED, [("published long ago", 400, True, False)])
    with library.store.transaction() as db:
        db.execute("UPDATE articles SET added = datetime('now', '-1 day')")
    assert library.apply_retention() == 0
    assert titles(library) == {"published long ago"}


def test_a_feeds_count_keeps_its_newest_and_every_starred_and_unread(library):
    configure(library, f'[settings]\nkeep_days = 1000\n\n[[feeds]]\nurl = "{FEED}"\nkeep = 3\n\n'
                       f'[[feeds]]\nurl = "{OTHER}"\n')
    add(library, FEED, [(f"item {age}", age, True, False) for age in range(1, 11)]
        + [("starred old", 50, True, True), ("unread old", 60, False, False)])
    add(library, OTHER, [(f"other {age}", age, True, False) for age in range(1, 11)])
    assert library.apply_retention() == 7
    # The 3 newest, and the starred and unread beyond them; the other feed follows keep_days (all kept).
    assert titles(library, f"feed:{FEED}") >= {"item 1", "item 2", "item 3", "starred old", "unread old"}
    assert {t for t in titles(library) if t.startswith("item")} == {"item 1", "item 2", "item 3"}
    assert len([t for t in titles(library) if t.startswith("other")]) == 10
    assert library.apply_retention() == 0


def test_a_feeds_days_and_all_override_keep_days(library):
    configure(library, f'[settings]\nkeep_days = 10\n\n[[feeds]]\nurl = "{FEED}"\nkeep = "100d"\n\n'
                       f'[[feeds]]\nurl = "{OTHER}"\nkeep = "all"\n')
    add(library, FEED, [("a 50", 50, True, False), ("a 150", 150, True, False)])
    add(library, OTHER, [("b 500", 500, True, False)])
    assert library.apply_retention() == 1
    assert titles(library) == {"a 50", "b 500"}


def test_no_retention_configured_removes_nothing(library):
    configure(library, f'[[feeds]]\nurl = "{FEED}"\n')
    add(library, FEED, [("ancient", 3000, True, False)])
    assert library.apply_retention() == 0
    assert titles(library) == {"ancient"}


def test_a_removed_article_is_not_brought_back_by_its_feed(library):
    configure(library, f'[[feeds]]\nurl = "{FEED}"\nkeep = 1\n')
    add(library, FEED, [("first", 3, True, False), ("second", 2, True, False)])
    assert library.apply_retention() == 1
    feed_id = library.store.feed_id(FEED)
    again = library.store.store_articles(feed_id, [
        ArticleIn(key=t, title=t, text=f"{t} text about harbours", url=f"{FEED}#{t}", published=NOW - timedelta(days=a))
        for t, a in (("first", 3), ("second", 2))] + [ArticleIn(key="third", title="third", text="new", url="",
                                                                 published=NOW)])
    assert again.new == 1
    assert titles(library) == {"second", "third"}


def test_bad_keep_values_are_named_and_keep_everything(library):
    configure(library, f'[settings]\nkeep_days = 10\n\n[[feeds]]\nurl = "{FEED}"\nkeep = "ninety days"\n')
    problems = library.config.problems
    assert len(problems) == 1
    assert "config.toml:6" in problems[0] and "feeds.keep" in problems[0] and "ninety days" in problems[0]
    add(library, FEED, [("old", 300, True, False)])
    assert library.apply_retention() == 0  # a typo never removes anything
    configure(library, '[settings]\nkeep_days = -3\n')
    assert "settings.keep_days" in library.config.problems[0]
    assert library.config.settings.keep_days == 0


@pytest.fixture
def linked(library):
    """60 generated articles with entities, linked (related links and stories), all read."""
    store = library.store
    feeds: dict[str, int] = {}
    batch = []
    for d in corpus.articles(60, 3):
        feed = feeds.get(d["source"]) or feeds.setdefault(d["source"], store.feed_id(f"https://{d['source'].replace(' ', '-')}.test/f"))
        store.store_articles(feed, [ArticleIn(key=d["key"], title=d["title"], text=d["text"], url=d["url"],
                                              published=d["published"])])
        article_id = store.db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?",
                                      (feed, d["key"])).fetchone()[0]
        spans, infos = corpus.known_entities(d)
        batch.append((article_id, "test", [Span(*s) for s in spans], [], [EntityInfo(*i) for i in infos], []))
    store.save_analysis(batch, link=False)
    library.relink(workers=1)
    with store.transaction() as db:
        db.execute("UPDATE articles SET read = 1")
    return library


CHILD_TABLES = {"spans": "article_id", "article_entities": "article_id", "events": "article_id",
                "event_entities": "article_id", "related": "article_id", "stories": "article_id",
                "story_partners": "article_id", "link_queue": "article_id"}


def test_removing_keeps_search_links_and_stories_consistent(linked):
    library, db = linked, linked.store.db
    assert db.execute("SELECT count(*) FROM related").fetchone()[0] > 0
    assert db.execute("SELECT count(*) FROM story_partners").fetchone()[0] > 0
    word = db.execute("SELECT title FROM articles ORDER BY published LIMIT 1").fetchone()[0].split()[0]
    # The older half goes: every feed keeps its newest 3.
    config = "\n".join(f'[[feeds]]\nurl = "{url}"\nkeep = 3\n' for (url,) in db.execute("SELECT url FROM feeds"))
    configure(library, config)
    before = library.count()
    removed = library.apply_retention()
    assert 0 < removed < before
    assert library.count() == before - removed
    live = {r[0] for r in db.execute("SELECT id FROM articles")}
    for table, column in CHILD_TABLES.items():
        assert {r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {table}")} <= live, table
    assert {r[0] for r in db.execute("SELECT other_id FROM related")} <= live
    assert {r[0] for r in db.execute("SELECT partner FROM story_partners")} <= live
    # The search index holds exactly the articles left.
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert {r.id for r in library.list_articles(word, limit=10_000)} <= live
    # Each story is the connected group of its partners, named by its first member.
    parent = {a: a for a in live}

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a
    for a, p in db.execute("SELECT article_id, partner FROM story_partners"):
        ra, rp = find(a), find(p)
        parent[max(ra, rp)] = min(ra, rp)
    groups: dict[int, set[int]] = {}
    for a in live:
        groups.setdefault(find(a), set()).add(a)
    expected = {(m, min(g)) for g in groups.values() if len(g) > 1 for m in g}
    assert set(db.execute("SELECT article_id, story_id FROM stories")) == expected
    assert library.store.check() == []


def test_vacuum_prints_one_line_with_what_it_removed_and_freed(linked, capsys):
    library = linked
    config = "\n".join(f'[[feeds]]\nurl = "{url}"\nkeep = 1\n'
                       for (url,) in library.store.db.execute("SELECT url FROM feeds"))
    configure(library, config)
    before = library.count()
    assert main(["vacuum"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    after = library.count()
    assert after < before
    assert f"removed {before - after:,} old read articles" in out[0]
    assert "rewrote the cache (VACUUM)" in out[0] and "freed " in out[0] and " MB" in out[0]
    assert library.store.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental from now on
    assert main(["vacuum"]) == 0  # again: nothing more to remove
    assert "removed 0 old read articles" in capsys.readouterr().out
    assert library.count() == after


def test_vacuum_says_how_to_rewrite_a_cache_it_leaves_as_it_was(linked, capsys):
    """Under a tenth of the file free, no VACUUM (a rewrite of gigabytes for little): the line says
    so, and how to have it all the same."""
    assert linked.store.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    assert main(["vacuum"]) == 0
    out = capsys.readouterr().out
    assert "removed 0 old read articles; left the file as it was (under 10% of it free; --full rewrites" in out
    assert main(["vacuum", "--full"]) == 0
    assert "rewrote the cache (VACUUM)" in capsys.readouterr().out


def test_retention_runs_after_a_refresh(library, tmp_path):
    feed = tmp_path / "feed.xml"

    def write(items):
        body = "".join(f"<item><title>{t}</title><guid>{t}</guid><link>https://news.example/{t}</link>"
                       f"<pubDate>{(NOW - timedelta(days=age)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                       f"<description>{t} in the harbour</description></item>" for t, age in items)
        feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}'
                        "</channel></rss>", encoding="utf-8")
    configure(library, f'[[feeds]]\nurl = "{feed.as_uri()}"\nkeep = 2\n')
    write([("one", 3), ("two", 2), ("three", 1)])
    library.refresh()
    library.set_read(library.store.ids(""))
    write([("one", 3), ("two", 2), ("three", 1), ("four", 0)])
    summary = library.refresh()
    assert summary.removed == 2 and "2 old read articles removed" in summary.line()
    assert titles(library) == {"three", "four"}
    assert library.refresh().new == 0  # the feed still lists "one" and "two": not back
    assert titles(library) == {"three", "four"}



def test_vacuum_waits_for_another_writer_and_says_so_when_it_stays(library, monkeypatch, capsys):
    """Retention and vacuum take the write lock as every writer does: while another process holds
    it they wait (busy_timeout), then say so in one line; nothing is removed or moved."""
    import sqlite3

    from reader.store import db as db_module

    configure(library, f'[settings]\nkeep_days = 30\n\n[[feeds]]\nurl = "{FEED}"\n')
    add(library, FEED, MIXED)
    path = library.store.path
    library.close()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
    try:
        assert main(["vacuum"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "in use by another reader process" in err[0] and str(path) in err[0]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert path.exists() and not list(path.parent.glob("*.corrupt*"))
    assert main(["vacuum"]) == 0  # the writer is gone: it runs
    assert "removed 2 old read articles" in capsys.readouterr().out

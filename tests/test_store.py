import sqlite3
from datetime import datetime, timezone

import pytest

from reader.model import ArticleIn
from reader.store.db import CacheError, Store
from reader.store.query import QueryError, parse_query
from reader.store.schema import VERSION


def _art(key, title="T", text="text", day=1, guess=False):
    return ArticleIn(key=key, title=title, text=text, url=f"https://x.org/{key}",
                     published=datetime(2021, 10, day, 12, tzinfo=timezone.utc), date_is_guess=guess)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "c.sqlite")
    yield s
    s.close()


def test_schema_version_and_wal(store):
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_storing_twice_stores_once_and_keeps_read_and_starred(store):
    feed = store.feed_id("https://x.org/feed")
    assert store.store_articles(feed, [_art("a"), _art("b")]).new == 2
    ids = store.ids()
    store.set_flag(ids, "read", True)
    store.set_flag(ids[:1], "starred", True)
    again = store.store_articles(feed, [_art("a"), _art("b", text="changed")])
    assert (again.new, again.updated, again.unchanged) == (0, 1, 1)
    assert store.count() == 2
    assert store.count("is:read") == 2 and store.count("is:starred") == 1
    assert store.article(ids[1]).text in ("changed", "text")


def test_same_key_in_two_feeds_is_two_articles(store):
    one, two = store.feed_id("https://a.org/f"), store.feed_id("https://b.org/f")
    store.store_articles(one, [_art("x")])
    store.store_articles(two, [_art("x")])
    assert store.count() == 2


def test_search_words_phrases_prefix_and_operators(store):
    feed = store.feed_id("https://x.org/feed", title="Europe Desk")
    store.store_articles(feed, [
        _art("1", "NATO expels Russian spies", "Jens Stoltenberg spoke in Brussels.", day=6),
        _art("2", "German election", "The SPD won the election; Olaf Scholz leads.", day=1),
        _art("3", "Cold war echoes", "Relations at the lowest point since the Cold War.", day=3),
    ])
    titles = lambda q: [r.title for r in store.list_articles(q)]
    assert titles("stoltenberg") == ["NATO expels Russian spies"]
    assert titles('"cold war"') == ["Cold war echoes"]
    assert titles("elect*") == ["German election"]
    assert set(titles("nato OR scholz")) == {"NATO expels Russian spies", "German election"}
    assert titles("relations NOT nato") == ["Cold war echoes"]
    assert titles("NOT nato") == ["Cold war echoes", "German election"]  # "without nato", newest first
    assert titles("NOT nato elect*") == ["German election"]
    assert store.count("NOT nato") == 2
    assert titles("feed:europe after:2021-10-02") == ["NATO expels Russian spies", "Cold war echoes"]
    assert titles("before:2021-10-02") == ["German election"]
    assert titles("Russian-spies") == ["NATO expels Russian spies"]  # the phrase "russian spies" to FTS5
    with pytest.raises(QueryError, match="unbalanced parenthesis at column 13"):
        titles("NATO-Russia (")  # never an FTS5 syntax error, never silently everything
    assert titles("") == ["NATO expels Russian spies", "Cold war echoes", "German election"]


def test_title_match_ranks_above_text_match(store):
    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art("1", "Other", "nothing about skripal here", day=9),
                                _art("2", "Skripal poisoning", "Salisbury", day=1)])
    assert store.list_articles("skripal")[0].title == "Skripal poisoning"


def test_query_parser_filters():
    q = parse_query('tag:eu is:unread is:starred "a b" c* after:2021-01-01')
    assert q.tags == ["eu"] and q.unread is True and q.starred is True
    assert q.match == '"a b" AND "c"*' and q.after == "2021-01-01"


def test_corrupt_cache_is_set_aside_not_deleted(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CacheError) as info:
        Store(path)
    assert "moved to" in str(info.value)
    assert not path.exists()
    aside = list(tmp_path.glob("c.sqlite.corrupt-*"))
    assert aside and aside[0].read_bytes().startswith(b"this is not sqlite")
    Store(path).close()  # a new cache starts


def test_failed_store_keeps_what_was_there(store):
    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art("a")])
    bad = ArticleIn(key="b", title=None, text="x")  # NOT NULL violation mid-transaction
    with pytest.raises(sqlite3.IntegrityError):
        store.store_articles(feed, [_art("c"), bad])
    assert store.count() == 1


def test_integrity_check_passes(store):
    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art("a")])
    assert store.check() == []


def test_keyset_pages_join_with_no_gap_or_overlap(store):
    """Pages read with before=(published, id) of the last row are the newest-first order, cut in pieces.

    Many articles share a timestamp (feeds often give only a date), so the id
    must break the ties: a page boundary falls inside a run of equal times.
    """
    feed = store.feed_id("https://x.org/feed")
    arts = [ArticleIn(key=f"k{i}", title=f"T{i}", text="same words" if i % 2 else "other words",
                      published=datetime(2021, 10, 1 + i // 7, 12, tzinfo=timezone.utc)) for i in range(53)]
    store.store_articles(feed, arts)
    store.set_flag(store.ids()[::3], "read", True)
    for query in ("", "is:unread", "feed:x.org"):
        everything = [r.id for r in store.list_articles(query, limit=1000)]
        assert everything and len(everything) == store.count(query)
        for size in (1, 5, 7, 10):
            pages, before = [], None
            while True:
                page = store.list_articles(query, limit=size, before=before)
                if not page:
                    break
                pages.append([r.id for r in page])
                before = (page[-1].published, page[-1].id)
            assert [i for page in pages for i in page] == everything, (query, size)
            # An offset counts from the key: the page after next, in one call.
            first = store.list_articles(query, limit=size)
            skip = store.list_articles(query, limit=size, offset=size, before=(first[-1].published, first[-1].id))
            assert [r.id for r in skip] == everything[2 * size:3 * size]
    # Words without ranking page by key too; a ranked search has no key order.
    unranked = [r.id for r in store.list_articles("same", limit=1000, ranked=False)]
    first = store.list_articles("same", limit=4, ranked=False)
    rest = store.list_articles("same", limit=1000, ranked=False, before=(first[-1].published, first[-1].id))
    assert [r.id for r in first + rest] == unranked
    with pytest.raises(ValueError):
        store.list_articles("same", limit=4, before=(first[-1].published, first[-1].id))


def test_pages_past_the_ranked_window_follow_newest_first_and_miss_nothing(store, monkeypatch):
    import reader.store.listing as listing_mod

    monkeypatch.setattr(listing_mod, "RANK_WINDOW", 5)
    a = store.feed_id("https://a.org/feed", title="Alpha Desk")
    b = store.feed_id("https://b.org/feed", title="Beta Desk")
    store.store_articles(a, [_art(f"a{i}", f"Budget {i}", "budget " * (i % 4 + 1), day=i % 28 + 1) for i in range(12)])
    store.store_articles(b, [_art(f"b{i}", f"Other {i}", "the budget" if i % 2 else "nothing", day=i % 28 + 1)
                             for i in range(10)])
    for query in ("budget", "budget feed:alpha", "budget is:unread", "budget feed:beta"):
        everything = [r.id for r in store.list_articles(query, limit=1000)]
        assert len(everything) == len(set(everything)) == store.count(query), query
        paged = [r.id for offset in range(0, 30, 4) for r in store.list_articles(query, limit=4, offset=offset)]
        assert paged == everything, query
    # The newest arrivals are ranked: the title match outranks a text-only match among them.
    newest = [r.id for r in store.list_articles("budget", limit=5)]
    matches = sorted((r[0] for r in store.db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'budget'")), reverse=True)
    assert set(newest) == set(matches[:5])
    # Older matches follow by arrival, newest first.
    assert [r.id for r in store.list_articles("budget", limit=1000)][5:] == matches[5:]


def test_feed_filter_matches_feed_title_url_and_article_source(store):
    a = store.feed_id("https://a.org/feed", title="Alpha Desk")
    files = store.feed_id("local:files", title="Local files", kind="files")
    store.store_articles(a, [_art("1", "One")])
    store.store_articles(files, [ArticleIn(key="2", title="Two", text="t", source="Gamma Wire",
                                           published=datetime(2021, 10, 2, tzinfo=timezone.utc))])
    assert [r.title for r in store.list_articles("feed:alpha")] == ["One"]
    assert [r.title for r in store.list_articles("feed:a.org")] == ["One"]
    assert [r.title for r in store.list_articles("feed:gamma")] == ["Two"]
    assert store.count("feed:gamma") == 1 and store.count("feed:nothing") == 0


def test_a_feed_is_stored_in_document_order_and_indexed(store):
    feed = store.feed_id("https://x.org/feed")
    arts = [_art(f"k{i}", title=f"T{i}", text=f"word{i} common") for i in range(50)]
    assert store.store_articles(feed, arts).new == 50
    rows = store.db.execute("SELECT key FROM articles ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [f"k{i}" for i in range(50)]
    assert store.count("word17") == 1 and store.count("common") == 50
    assert store.check() == []
    again = store.store_articles(feed, [_art("k3", title="T3", text="word3 common changed"), _art("new")])
    assert (again.new, again.updated, again.unchanged) == (1, 1, 0)
    assert store.count("changed") == 1 and store.count("word3") == 1


def test_a_key_twice_in_one_batch_is_stored_once(store):
    feed = store.feed_id("https://x.org/feed")
    r = store.store_articles(feed, [_art("a"), _art("a", text="second")])
    assert (r.new, r.updated, r.unchanged) == (1, 1, 0)
    assert store.count() == 1 and store.count("second") == 1


@pytest.mark.parametrize("pending_count", [3, 250])
def test_pending_gives_the_newest_unanalysed_articles_by_either_plan(store, pending_count):
    """Store.pending picks one of two query plans by how many are pending (few: through the
    index on analysed; many: down the published index); both give the newest pending first."""
    fid = store.feed_id("http://example.org/feed")
    arts = [ArticleIn(key=f"k{i}", title=f"t{i}", text="x", published=datetime(2021, 1, 1, tzinfo=timezone.utc)
                      .replace(day=1 + i % 28, hour=i % 24, minute=i % 60)) for i in range(300)]
    store.store_articles(fid, arts)
    rows = store.db.execute("SELECT id, published FROM articles ORDER BY id").fetchall()
    done = rows[pending_count:]
    store.db.executemany("UPDATE articles SET analysed = 'v2' WHERE id = ?", [(r[0],) for r in done])
    store.db.executemany("UPDATE articles SET analysed = 'v1' WHERE id = ?", [(r[0],) for r in rows[:1]])
    expected = [r[0] for r in sorted(rows[:pending_count], key=lambda r: r[1], reverse=True)][:10]
    assert [p[0] for p in store.pending("v2", limit=10)] == expected
    assert store.pending("v2", limit=10)[0][1] == store.article(expected[0]).title


def _cache_at_schema(path, version: int, articles: list[tuple[int, str, str]]) -> sqlite3.Connection:
    """A cache file as a reader at schema ``version`` left it, with one feed and ``articles``
    as (id, title, published); the open connection, to add what the test needs."""
    from reader.store.schema import MIGRATIONS

    db = sqlite3.connect(path, isolation_level=None)
    for step, script in enumerate(MIGRATIONS[:version], 1):
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {step};\nCOMMIT;")
    db.execute("INSERT INTO feeds (id, url) VALUES (1, 'https://x.test/feed')")
    db.executemany("INSERT INTO articles (id, feed_id, key, title, text, published, hash) VALUES (?, 1, ?, ?, 'x', ?, ?)",
                   [(n, str(n), title, published, str(n)) for n, title, published in articles])
    return db


def test_v3_migration_keeps_every_story_group(tmp_path):
    """A cache written at schema 2 (stories only) gets story partners that make the same groups."""
    path = tmp_path / "old.sqlite"
    db = _cache_at_schema(path, 2, [(n, "t", "2021-10-06 00:00:00") for n in range(1, 8)])
    # Two stories; the first has lost the row of its first article (1), as when that article is deleted.
    db.executemany("INSERT INTO stories VALUES (?, ?)", [(2, 1), (5, 1), (6, 1), (3, 3), (7, 3)])
    db.close()

    store = Store(path)
    try:
        partners = store.db.execute("SELECT article_id, partner FROM story_partners ORDER BY 1").fetchall()
        assert partners == [(5, 2), (6, 2), (7, 3)]
        assert store.story(6) == [2, 5, 6] and store.story(3) == [3, 7]
    finally:
        store.close()


def test_links_stored_both_ways_by_an_older_cache_read_the_same_after_the_upgrade(tmp_path, monkeypatch, capsys):
    """Schema 15 stores each link once, by its finder, and reads the other side through an index on
    (other_id, score, shared). A schema-14 cache holds each link both ways, already trimmed: its lists read
    as they were, and what an article links to next is stored once."""
    path = tmp_path / "old.sqlite"
    db = _cache_at_schema(path, 14, [(n, f"t{n}", f"2021-10-0{n} 00:00:00") for n in range(1, 6)])
    both_ways = [(1, 2, 0.9), (1, 3, 0.5), (2, 3, 0.7), (4, 1, 0.3)]
    db.executemany("INSERT INTO related VALUES (?, ?, ?, '[\"NATO\"]')",
                   [row for a, b, s in both_ways for row in ((a, b, s), (b, a, s))])
    db.close()

    import reader.store.schema as schema_module

    monkeypatch.setattr(schema_module, "SAY_UPGRADE_BYTES", 1)  # as if it were a big cache: it is told
    store = Store(path)
    assert "reader: upgrading the cache (0.0 GB) from schema 14 to 15, once" in capsys.readouterr().err
    try:
        def listed(article_id: int) -> list[tuple[int, float]]:
            return [(row.id, score) for row, score, _names in store.related_articles(article_id, 10)]

        assert listed(1) == [(2, 0.9), (3, 0.5), (4, 0.3)]
        assert listed(3) == [(2, 0.7), (1, 0.5)]
        assert listed(5) == []
        index = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'related_other'").fetchone()[0]
        assert "(other_id, score, shared)" in index
        plan = store.db.execute("EXPLAIN QUERY PLAN SELECT article_id, score, shared FROM related "
                                "WHERE other_id = 1 ORDER BY score DESC LIMIT 5").fetchall()
        # From the index alone, best first: no lookup in the table for each link, no sort.
        assert "USING COVERING INDEX related_other" in str(plan) and "TEMP B-TREE" not in str(plan)
        from reader.store.related import Plan, write_plan

        with store.transaction() as db:
            write_plan(db, 5, Plan([(0.8, 1, '["NATO"]')], None))
        assert store.db.execute("SELECT article_id, other_id FROM related WHERE 5 IN (article_id, other_id)"
                                ).fetchall() == [(5, 1)]
        assert listed(1)[:2] == [(2, 0.9), (5, 0.8)] and listed(5) == [(1, 0.8)]
    finally:
        store.close()


def test_an_events_other_passages_are_stored_and_read_back(store):
    from reader.model import Event

    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art("a", text="NATO expelled eight Russians. Later, the alliance expelled them.")])
    aid = store.ids()[0]
    ev = Event(value="2021-10-06", mod="", display="6 Oct 2021", text="NATO expelled eight Russians.",
               entities=["NATO"], start=0, end=29, evidence=[(30, 64)])
    store.save_analysis([(aid, "v", [], [], [], [ev])], link=False)
    assert store.events(aid)[0].evidence == [(30, 64)]
    assert store.events_of([aid])[0][2].evidence == [(30, 64)]


def test_entity_document_frequency_is_kept_as_analyses_are_saved_and_redone(store):
    from reader.model import EntityInfo

    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art("a"), _art("b"), _art("c")])
    a, b, c = store.ids()[:3]

    def df(name):
        row = store.db.execute("SELECT df FROM entity_df WHERE name = ?", (name,)).fetchone()
        return row[0] if row else 0

    store.save_analysis([(a, "v", [], [], [EntityInfo("Russia", "PLACE", 2, 0.9), EntityInfo("Vrbetice", "PLACE", 1, 0.5)], []),
                         (b, "v", [], [], [EntityInfo("Russia", "PLACE", 1, 0.4)], [])], link=False)
    assert (df("Russia"), df("Vrbetice")) == (2, 1)
    # re-analysing an article replaces its names: counted once, whatever the mentions
    store.save_analysis([(a, "v2", [], [], [EntityInfo("Russia", "PLACE", 5, 0.9)], [])], link=False)
    assert (df("Russia"), df("Vrbetice")) == (2, 0)
    store.save_analysis([(c, "v", [], [], [EntityInfo("Russia", "ORG", 1, 0.2)], [])], link=False)
    assert df("Russia") == 3
    counted = store.db.execute("SELECT count(DISTINCT article_id) FROM article_entities WHERE name = 'Russia'").fetchone()[0]
    assert counted == df("Russia")


def test_a_rare_shared_name_weighs_more_than_a_name_every_article_carries(store):
    from reader.model import EntityInfo
    from reader.store.related import BatchCache, _salient

    feed = store.feed_id("https://x.org/feed")
    store.store_articles(feed, [_art(k) for k in "abcdef"])
    ids = store.ids()
    batch = [(i, "v", [], [], [EntityInfo("Russia", "PLACE", 1, 0.5)], []) for i in ids]
    batch[0] = (ids[0], "v", [], [], [EntityInfo("Russia", "PLACE", 1, 0.5), EntityInfo("Vrbetice", "PLACE", 1, 0.5)], [])
    batch[1] = (ids[1], "v", [], [], [EntityInfo("Russia", "PLACE", 1, 0.5), EntityInfo("Vrbetice", "PLACE", 1, 0.5)], [])
    store.save_analysis(batch, link=False)
    weights = {name: w for name, _l, _s, w in _salient(store.db, ids[0], BatchCache())}
    assert weights["Vrbetice"] > 3 * weights["Russia"] > 0


def test_words_of_unspaced_scripts_are_found_inside_longer_runs(store):
    """FTS5's unicode61 tokenizer takes a run of Chinese or Japanese for one token: "日本語" was not
    found in "日本語の本文です", nor "東京都" in a title beginning "東京都は" (QA). Such words are
    searched for as text; Latin words beside them still go through the index."""
    feed = store.feed_id("https://x.org/f")
    store.store_articles(feed, [
        _art("ja", "東京都は本日、新しい交通計画を発表しました", "日本語の本文です。NATO は会議を開いた。", day=3),
        _art("zh", "中文新闻标题", "北京今天宣布了新的计划。", day=2),
        _art("ko", "한국어 뉴스", "정부는 뉴스가 많다고 밝혔다.", day=1),
        _art("en", "Plain English", "Nothing to see here about NATO.", day=4),
    ])

    def keys(q: str) -> list[str]:
        return sorted(store.db.execute("SELECT key FROM articles WHERE id = ?", (r.id,)).fetchone()[0]
                      for r in store.list_articles(q))

    assert keys("日本語") == ["ja"] and keys("東京都") == ["ja"] and keys("交通計画") == ["ja"]
    assert keys("宣布") == ["zh"] and keys("뉴스") == ["ko"]
    assert keys("日本語 nato") == ["ja"] and keys("nato") == ["en", "ja"]
    assert keys("日本語 中文") == []
    assert store.count("日本語") == 1 and store.count("nato 東京都") == 1

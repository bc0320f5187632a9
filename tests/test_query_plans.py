"""The hot queries use indexes (issue 20): SQLite's own EXPLAIN QUERY PLAN, no full scans of articles.

Every statement that the list, the search filters, opening an article with its
sidebar, linking one article and retention run is captured as it is executed
(with its parameters) and explained. A full scan of the articles table
("SCAN a" / "SCAN articles" without an index) costs time in proportion to the
cache: at a million articles, seconds. The newest-first list and its pages by
key also never sort (the index gives the order, so LIMIT stops early).

The plans do not depend on the cache's size: reader never runs ANALYZE, so
SQLite plans from the schema alone, the same on this small cache as on a big one.
"""

from __future__ import annotations

import re

import pytest

from bench import corpus
from reader.model import ArticleIn, EntityInfo, Span
from reader.store import retention
from reader.store.related import plan_links

FULL_SCAN = re.compile(r"\bSCAN (a|b|articles)\b(?! USING)")


@pytest.fixture
def cache(library):
    store = library.store
    feeds: dict[str, int] = {}
    batch = []
    for d in corpus.articles(40, 11):
        feed = feeds.get(d["source"]) or feeds.setdefault(d["source"], store.feed_id(f"https://{d['source']}.test/f"))
        store.store_articles(feed, [ArticleIn(key=d["key"], title=d["title"], text=d["text"], url=d["url"],
                                              published=d["published"], source=d["source"])])
        article_id = store.db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?",
                                      (feed, d["key"])).fetchone()[0]
        spans, infos = corpus.known_entities(d)
        batch.append((article_id, "test", [Span(*s) for s in spans], [], [EntityInfo(*i) for i in infos], []))
    store.save_analysis(batch)
    with store.transaction() as db:
        db.execute("INSERT INTO feed_tags SELECT id, 'politics' FROM feeds")
        db.execute("UPDATE articles SET read = 1 WHERE id % 2 = 0")
    return library


def plans(library, action) -> list[tuple[str, list[str]]]:
    """(statement, its plan lines) for every query ``action`` runs on this thread's connection."""
    db = library.store.db
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        action()
    finally:
        db.set_trace_callback(None)
    out = []
    for sql in seen:
        if not sql.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE", "INSERT")):
            continue
        out.append((sql, [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]))
    assert out, "nothing was captured"
    return out


def full_scans(found) -> list[str]:
    return [f"{sql[:160]} -> {line}" for sql, lines in found for line in lines if FULL_SCAN.search(line)]


QUERIES = ["", "inflation", '"interest rates" inflation', "vacc*", "election NOT poll", "feed:Review",
           "tag:politics", "is:unread", "is:starred", "after:2020-06-01", "before:2017-01-01 budget*",
           "entity:Keller", "tag:politics is:unread brussels", "feed:Review after:2019-01-01 minister"]


@pytest.mark.parametrize("query", QUERIES)
def test_list_and_count_never_scan_every_article(cache, query):
    found = plans(cache, lambda: (cache.list_articles(query, limit=200), cache.count(query)))
    assert full_scans(found) == []


def test_the_newest_first_list_and_its_pages_read_the_index_in_order(cache):
    last = cache.list_articles("", limit=10)[-1]
    for action in (lambda: cache.list_articles("", limit=200),
                   lambda: cache.list_articles("", limit=200, before=(last.published, last.id)),
                   lambda: cache.list_articles("is:unread", limit=200, before=(last.published, last.id))):
        found = plans(cache, action)
        assert full_scans(found) == []
        assert not [line for _sql, lines in found for line in lines if "TEMP B-TREE FOR ORDER BY" in line]


def test_opening_an_article_with_its_sidebar_uses_indexes(cache):
    article_id = cache.list_articles("", limit=5)[2].id
    assert full_scans(plans(cache, lambda: (cache.article(article_id), cache.related(article_id),
                                            cache.story(article_id)))) == []


def test_linking_one_article_uses_indexes(cache):
    article_id = cache.list_articles("", limit=5)[1].id
    assert full_scans(plans(cache, lambda: plan_links(cache.store.db, article_id))) == []


def test_retention_reads_one_feeds_range(cache):
    feed_id = cache.store.db.execute("SELECT feed_id FROM articles GROUP BY feed_id ORDER BY count(*) DESC "
                                     "LIMIT 1").fetchone()[0]
    db = cache.store.db
    for policy, cutoff in ((retention.Policy(count=1), None), (retention.Policy(days=30), "2020-01-01 00:00:00")):
        found = plans(cache, lambda: retention._removable_ids(db, feed_id, policy, cutoff, 100))
        assert full_scans(found) == []
        # One feed's range of read, unstarred articles: unread and starred ones are never walked.
        assert any("articles_removable (feed_id=? AND published<" in line for _sql, lines in found for line in lines)


@pytest.mark.parametrize("query", ["tag:politics", "feed:Review", "entity:Keller", "tag:politics is:unread",
                                   "entity:Keller after:2015-01-01"])
def test_a_common_filter_walks_the_date_index_and_lists_the_same_rows(cache, monkeypatch, query):
    """With many matches the list tests each row in date order and stops at its LIMIT, rather than
    sorting every match; the rows are the same either way."""
    from reader.store import listing as listing_module

    sorted_all = [r.id for r in cache.list_articles(query, limit=7)]
    assert sorted_all, query
    monkeypatch.setattr(listing_module, "MANY_MATCHES", 1)  # this small cache's matches count as many
    found = plans(cache, lambda: cache.list_articles(query, limit=7))
    listing = [lines for sql, lines in found if "ORDER BY a.published DESC" in sql]
    assert listing and not [line for line in listing[-1] if "TEMP B-TREE FOR ORDER BY" in line]
    assert full_scans(found) == []
    assert [r.id for r in cache.list_articles(query, limit=7)] == sorted_all
    last = cache.list_articles(query, limit=3)[-1]
    monkeypatch.setattr(listing_module, "MANY_MATCHES", 10**9)
    expected = [r.id for r in cache.list_articles(query, limit=4, before=(last.published, last.id))]
    monkeypatch.setattr(listing_module, "MANY_MATCHES", 1)
    assert [r.id for r in cache.list_articles(query, limit=4, before=(last.published, last.id))] == expected


@pytest.mark.parametrize("query", ["said feed:Northern", "minister after:2019-01-01", "said tag:politics is:unread",
                                   "said before:2022-01-01", "said feed:Northern after:2010-01-01"])
def test_words_with_filters_give_the_same_pages_whichever_way_the_older_matches_are_walked(cache, monkeypatch, query):
    """Past the ranked window the older matches are tested row by row (REST_WALK of them), then, when
    the filters pass few, against the ids that pass the filters: the pages are the same."""
    from reader.store import listing as listing_module

    monkeypatch.setattr(listing_module, "RANK_WINDOW", 3)

    def pages() -> list[int]:
        return [r.id for offset in range(0, 40, 4) for r in cache.list_articles(query, limit=4, offset=offset)]

    monkeypatch.setattr(listing_module, "REST_WALK", 10**6)  # every match tested on its row
    expected = pages()
    assert len(expected) > 3, query  # past the ranked window (3) and into the walk
    monkeypatch.setattr(listing_module, "REST_WALK", 2)  # the filters drive after two matches
    assert pages() == expected
    found = plans(cache, lambda: cache.list_articles(query, limit=4, offset=4))
    assert full_scans(found) == []


@pytest.mark.parametrize("query", ["entity:Keller", "entity:Keller tag:politics is:unread",
                                   "entity:Keller entity:NATO", "entity:Keller feed:Herald after:2023-01-01"])
def test_counting_an_entity_filter_walks_its_mentions_and_stops(cache, monkeypatch, query):
    """Whether the list walks the date index is decided by counting the matches up to MANY_MATCHES:
    for an entity, along its mentions in the entity index, never by first collecting every article
    that names it (a list subquery: 80,000 ids at a million articles). The decision is the true one."""
    from reader.store import listing as listing_module
    from reader.store.query import parse_query

    store = cache.store
    q = parse_query(query)
    where, params = store._where(q, match=False)
    true_count = store.db.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()[0]
    assert true_count, query
    found = plans(cache, lambda: store._many_match(q, where, params))
    if query == "entity:Keller":  # the entity alone: its mentions in the entity index, no article read
        counts = [lines for sql, lines in found if sql.startswith("SELECT count(*)")]
        reads = [line for lines in counts for line in lines
                 if line.startswith(("SEARCH", "SCAN")) and not line.startswith("SCAN (subquery")]
        assert reads and all(line.startswith("SEARCH article_entities USING COVERING INDEX") for line in reads), counts
    else:
        count = [lines for sql, lines in found if "FROM article_entities e CROSS JOIN articles a" in sql]
        tables = [line for line in count[0] if line.startswith(("SEARCH", "SCAN"))] if count else []
        assert tables and tables[0].startswith("SEARCH e USING COVERING INDEX article_entities"), count
        assert not [line for line in count[0] if "LIST SUBQUERY" in line and "article_entities" in line], count
    for limit in (true_count, true_count + 1):
        monkeypatch.setattr(listing_module, "MANY_MATCHES", limit)
        assert store._many_match(q, where, params) == (true_count >= limit)

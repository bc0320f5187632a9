"""Linking cost that stays bounded as the cache grows (issue 20).

A name nearly every article of a big cache carries (its weight at IDF_FLOOR and more
articles carrying it than PER_ENTITY) finds no candidates: its most salient mentions would
be an arbitrary few of most of the cache. It still counts in the norm of the scores, and in
the names a link shows as shared. In a small cache such a name is
read as any other, so a name in every article still links them a little. PER_ENTITY is
made small here so that a cache of a few dozen articles is "big".
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reader.model import ArticleIn, EntityInfo
from reader.store import related

EVERYWHERE = "Everyland"
COUNT = 30


def _cache(library, count: int = COUNT):
    """``count`` articles that all carry EVERYWHERE; articles 0 and 1 also share "Ada Pike"."""
    store = library.store
    feed = store.feed_id("https://one.example/feed", title="Desk")
    store.store_articles(feed, [ArticleIn(f"k{i}", f"Report number {i}", f"Text {i}.",
                                          published=datetime(2024, 1, 1 + i % 28, tzinfo=timezone.utc))
                                for i in range(count)])
    ids = [store.db.execute("SELECT id FROM articles WHERE key = ?", (f"k{i}",)).fetchone()[0] for i in range(count)]
    batch = []
    for i, article_id in enumerate(ids):
        ents = [EntityInfo(EVERYWHERE, "PLACE", 3, 1.0), EntityInfo(f"Person {i}", "PERSON", 2, 0.9)]
        if i < 2:
            ents.append(EntityInfo("Ada Pike", "PERSON", 2, 0.8))
        batch.append((article_id, "test", [], [], ents, []))
    store.save_analysis(batch)
    return ids


def _related(library, article_id):
    return {a.id: a for a in library.related(article_id, limit=50).articles}


def test_a_name_in_every_article_of_a_big_cache_finds_no_links(library, monkeypatch):
    monkeypatch.setattr(related, "PER_ENTITY", 10)
    ids = _cache(library)
    # Article 2 shares only the ubiquitous name with the others: nothing related.
    assert _related(library, ids[2]) == {}
    # Articles 0 and 1 share a rare name: linked, and the ubiquitous name is listed as shared too.
    shown = _related(library, ids[0])
    assert list(shown) == [ids[1]]
    assert shown[ids[1]].shared == ["Ada Pike", EVERYWHERE] or shown[ids[1]].shared == [EVERYWHERE, "Ada Pike"]


def test_in_a_small_cache_a_name_in_every_article_still_links_them(library):
    ids = _cache(library)  # df COUNT <= PER_ENTITY: read as any other name
    assert COUNT <= related.PER_ENTITY
    shown = _related(library, ids[2])
    assert set(shown) == set(ids) - {ids[2]}
    assert all(a.shared == [EVERYWHERE] for a in shown.values())

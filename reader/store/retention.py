"""Retention: removing old read articles, and giving their space back (issue 20).

A policy keeps, for one feed, either its newest ``count`` articles or the
articles of the last ``days`` days (by the later of the published and the
arrival time, so an old article that arrived yesterday stays). Starred and
unread articles are never removed, whatever the policy.

Removing an article removes everything stored about it: the foreign keys
cascade (spans, entities, events, related links in both directions, story
rows and partners, the link queue, analysis claims) and the FTS index has a
delete trigger. The stories its partners were in are regrouped. Its key is
kept in ``removed_articles`` so a feed that still lists it does not bring it
back as a new unread article at the next refresh.

Removals are made in batches of BATCH articles, one write transaction each,
so a refresh or the app is never held up for long and an interrupted run
keeps what it did.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from reader.store.related import _regroup

BATCH = 2000  # articles removed per write transaction
# An article being analysed now (by any process) stays: its analysis will be saved.
_UNCLAIMED = "NOT EXISTS (SELECT 1 FROM analysis_claims c WHERE c.article_id = articles.id)"


@dataclass(frozen=True)
class Policy:
    """What one feed keeps: its newest ``count`` articles, or those of the last ``days`` days."""

    count: int | None = None
    days: float | None = None

    def __post_init__(self) -> None:
        if (self.count is None) == (self.days is None):
            raise ValueError("a retention policy is a count or a number of days")


def _removable_ids(db: sqlite3.Connection, feed_id: int, policy: Policy, cutoff: str | None,
                   limit: int) -> list[int]:
    """Up to ``limit`` ids of this feed's read, unstarred articles the policy does not keep."""
    # One feed's range of the partial index of read, unstarred articles (schema: articles_removable),
    # never all feeds' unstarred articles by date (articles_starred) nor the feed's unread ones.
    if policy.days is not None:
        return [r[0] for r in db.execute(
            "SELECT id FROM articles INDEXED BY articles_removable WHERE feed_id = ? AND published < ? "
            "AND added < ? AND read = 1 AND starred = 0 AND " + _UNCLAIMED + " LIMIT ?",
            (feed_id, cutoff, cutoff, limit))]
    # The count-th newest article is the boundary; everything older may go.
    boundary = db.execute(
        "SELECT published, id FROM articles WHERE feed_id = ? ORDER BY published DESC, id DESC "
        "LIMIT 1 OFFSET ?", (feed_id, policy.count - 1)).fetchone()
    if boundary is None:
        return []
    published, last = boundary
    return [r[0] for r in db.execute(
        "SELECT id FROM articles INDEXED BY articles_removable WHERE feed_id = ? AND published <= ? "
        "AND (published < ? OR id < ?) AND read = 1 AND starred = 0 AND " + _UNCLAIMED + " LIMIT ?",
        (feed_id, published, published, last, limit))]


def remove(db: sqlite3.Connection, ids: list[int]) -> int:
    """Remove these articles and what is stored about them (inside the caller's transaction)."""
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    # The story groups the removed articles were in: regrouped from their surviving members.
    neighbours = {r[0] for r in db.execute(
        f"SELECT partner FROM story_partners WHERE article_id IN ({marks}) "
        f"UNION SELECT article_id FROM story_partners WHERE partner IN ({marks})", ids * 2)} - set(ids)
    db.execute(
        f"INSERT OR IGNORE INTO removed_articles (feed_id, key) SELECT a.feed_id, a.key FROM articles a "
        f"JOIN feeds f ON f.id = a.feed_id WHERE f.kind = 'feed' AND a.id IN ({marks})", ids)
    removed = db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids).rowcount
    done: set[int] = set()
    for member in sorted(neighbours):
        if member not in done:
            done |= _regroup(db, member)
    return removed


def cutoff_time(now_db_time: str, days: float) -> str:
    """The stored-time string ``days`` before ``now_db_time`` (both 'YYYY-MM-DD HH:MM:SS', UTC)."""
    from datetime import datetime, timedelta

    then = datetime.strptime(now_db_time, "%Y-%m-%d %H:%M:%S") - timedelta(days=days)
    return f"{then.year:04d}-{then.month:02d}-{then.day:02d} {then.hour:02d}:{then.minute:02d}:{then.second:02d}"

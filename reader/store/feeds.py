"""Feeds and tags in the cache (a mixin of Store, as listing.py and analyses.py are).

The configured feeds' rows (added, retitled, removed with or without their
articles), their refresh records and schedules, and the tags of feeds and
articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from reader.store.rows import from_db_time, to_db_time


@dataclass
class FeedRow:
    id: int
    url: str
    title: str
    kind: str
    tags: list[str]
    etag: str | None
    last_modified: str | None
    last_refresh: str | None
    last_status: str
    last_error: str
    articles: int
    unread: int
    fetch_url: str | None = None
    retry_after: str | None = None  # UTC time before which the server asked not to be fetched


@dataclass
class FeedSchedule:
    """What decides when a feed is due (ingest/schedule.py); times in UTC."""

    title: str = ""
    last_refresh: datetime | None = None
    not_before: datetime | None = None
    feed_hint: float | None = None
    throttled: int = 0
    retry_after: datetime | None = None


class Feeds:
    """Uses the store's db, transaction(), ignore_rules and _hidden()."""

    def sync_feeds(self, feeds: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        """Make sure every configured feed (url, title, tags) has a row; never deletes.

        Writes only when a row is missing or differs: every command and the app start
        here, and a write waits for another process's write lock (a long refresh, a
        relink) where reading what is stored does not."""
        db = self.db
        stored = {url: (feed_id, title, kind) for feed_id, url, title, kind in
                  db.execute("SELECT id, url, title, kind FROM feeds")}
        stored_tags: dict[int, set[str]] = {}
        for feed_id, tag in db.execute("SELECT feed_id, tag FROM feed_tags"):
            stored_tags.setdefault(feed_id, set()).add(tag)
        changed = []
        for url, title, tags in feeds:
            tags = list(tags)
            row = stored.get(url)
            if (row is None or row[2] == "removed" or (title and title != row[1])
                    or set(tags) != stored_tags.get(row[0], set())):
                changed.append((url, title, tags))
        if not changed:
            return
        with self.transaction() as db:
            for url, title, tags in changed:
                db.execute(
                    "INSERT INTO feeds (url, title) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET "
                    "title = CASE WHEN excluded.title != '' THEN excluded.title ELSE feeds.title END, "
                    "kind = CASE WHEN feeds.kind = 'removed' THEN 'feed' ELSE feeds.kind END",  # added again
                    (url, title),
                )
                feed_id = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
                db.execute("DELETE FROM feed_tags WHERE feed_id = ?", (feed_id,))
                db.executemany(
                    "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
                    [(feed_id, tag) for tag in tags],
                )

    def feed_counts(self, url: str) -> tuple[int, int]:
        """(articles, starred articles) of the feed stored under ``url``."""
        row = self.db.execute("SELECT count(*), coalesce(sum(a.starred), 0) FROM articles a JOIN feeds f "
                              "ON f.id = a.feed_id WHERE f.url = ?", (url,)).fetchone()
        return row[0], row[1]

    def remove_feed(self, url: str, *, keep_articles: bool = False, delete_starred: bool = False,
                    article_ids: Iterable[int] | None = None) -> tuple[int, int]:
        """Delete a feed's articles (its starred ones only with ``delete_starred``; none with
        ``keep_articles``), in one transaction; returns (deleted, kept). A feed left with articles
        stays as a 'removed' source without tags; a feed left with none is deleted. With
        ``article_ids`` only those of its articles are candidates."""
        with self.transaction() as db:
            row = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                return 0, 0
            feed_id = row[0]
            deleted = 0
            if not keep_articles:
                sql = "DELETE FROM articles WHERE feed_id = ?" + ("" if delete_starred else " AND starred = 0")
                if article_ids is None:
                    deleted = db.execute(sql, (feed_id,)).rowcount
                else:
                    for article_id in article_ids:
                        deleted += db.execute(sql + " AND id = ?", (feed_id, article_id)).rowcount
            kept = db.execute("SELECT count(*) FROM articles WHERE feed_id = ?", (feed_id,)).fetchone()[0]
            db.execute("DELETE FROM feed_tags WHERE feed_id = ?", (feed_id,))
            if kept:
                db.execute("UPDATE feeds SET kind = 'removed' WHERE id = ? AND kind = 'feed'", (feed_id,))
            else:
                db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return deleted, kept

    def feed_id(self, url: str, *, title: str = "", kind: str = "feed") -> int:
        row = self.db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        if row:
            return row[0]
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO feeds (url, title, kind) VALUES (?, ?, ?)", (url, title, kind))
            return db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]

    def feeds(self, urls: Iterable[str] | None = None) -> list[FeedRow]:
        shown, params = "", []
        if self.ignore_rules:  # the counts are of what the lists show: not what the killfile hides
            hidden, params = self._hidden()
            shown = f" AND a.id NOT IN ({hidden})"
        rows = self.db.execute(
            "SELECT f.id, f.url, f.title, f.kind, f.etag, f.last_modified, f.last_refresh, "
            "f.last_status, f.last_error, "
            f"(SELECT count(*) FROM articles a WHERE a.feed_id = f.id{shown}), "
            f"(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0{shown}), "
            "(SELECT group_concat(tag, char(31)) FROM feed_tags t WHERE t.feed_id = f.id), f.fetch_url, f.retry_after "
            "FROM feeds f ORDER BY f.kind, lower(f.title), f.url", params * 2
        ).fetchall()
        wanted = set(urls) if urls is not None else None
        out = []
        for r in rows:
            if wanted is not None and r[1] not in wanted:
                continue
            out.append(FeedRow(id=r[0], url=r[1], title=r[2], kind=r[3], etag=r[4], last_modified=r[5],
                               last_refresh=r[6], last_status=r[7], last_error=r[8], articles=r[9],
                               unread=r[10], tags=sorted(r[11].split("\x1f")) if r[11] else [],
                               fetch_url=r[12], retry_after=r[13]))
        return out

    def feed_urls(self) -> dict[int, str]:
        """Every feed's url by id (no counts: cheap at any size)."""
        return dict(self.db.execute("SELECT id, url FROM feeds"))

    def tags(self) -> list[str]:
        """The feeds' tags and the articles' own."""
        return [r[0] for r in self.db.execute(
            "SELECT tag FROM feed_tags UNION SELECT tag FROM article_tags ORDER BY tag")]

    def article_tags(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag",
                                              (article_id,))]

    def set_article_tags(self, article_ids: Iterable[int], tags: Iterable[str], value: bool = True) -> None:
        """Add (or with ``value`` False remove) each tag on each article."""
        pairs = [(i, t) for i in article_ids for t in tags]
        with self.transaction() as db:
            if value:
                db.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)", pairs)
            else:
                db.executemany("DELETE FROM article_tags WHERE article_id = ? AND tag = ?", pairs)

    def feed_schedules(self) -> dict[str, FeedSchedule]:
        """Each feed's schedule by url (see ingest/schedule.py)."""
        return {r[0]: FeedSchedule(title=r[6], last_refresh=from_db_time(r[1]) if r[1] else None,
                                   not_before=from_db_time(r[2]) if r[2] else None,
                                   feed_hint=r[3], throttled=r[4],
                                   retry_after=from_db_time(r[5]) if r[5] else None)
                for r in self.db.execute("SELECT url, last_refresh, not_before, feed_hint, throttled, retry_after, "
                                         "title FROM feeds")}

    def set_schedule(self, feed_id: int, *, not_before: datetime | None, feed_hint: float | None,
                     throttled: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE feeds SET not_before = ?, feed_hint = ?, throttled = ? WHERE id = ?",
                       (to_db_time(not_before) if not_before else None, feed_hint, throttled, feed_id))

    def record_refresh(self, feed_id: int, *, status: str, error: str = "", etag: str | None = None,
                       last_modified: str | None = None, title: str | None = None, url: str | None = None,
                       retry_after: str | None = None, keep_validators: bool = False) -> None:
        with self.transaction() as db:
            self._record_refresh(db, feed_id, status=status, error=error, etag=etag, last_modified=last_modified,
                                 title=title, url=url, retry_after=retry_after, keep_validators=keep_validators)

    def _record_refresh(self, db, feed_id, *, status, error="", etag=None, last_modified=None, title=None,
                        url=None, retry_after=None, keep_validators=False) -> None:
        now = to_db_time(datetime.now(timezone.utc))
        sets = ["last_refresh = ?", "last_status = ?", "last_error = ?", "retry_after = ?"]
        params: list = [now, status, error, retry_after]
        if not keep_validators:
            sets += ["etag = ?", "last_modified = ?"]
            params += [etag, last_modified]
        if title:
            sets.append("title = CASE WHEN title = '' THEN ? ELSE title END")
            params.append(title)
        if url:
            # The config keeps naming the feed by its old URL; fetches go to the new one.
            sets.append("fetch_url = ?")
            params.append(url)
        db.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", (*params, feed_id))

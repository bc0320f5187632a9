"""SQL of sync with feed servers: accounts, remote ids, checkpoints and the outbox.

The outbox is filled by triggers (see schema._SYNC) in the transaction of the
local mark. Sync reads it in order, sends it, and deletes exactly the rows it
sent, so a mark made while a sync runs waits for the next one.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from reader.model import ArticleIn
from reader.store.analyses import pid_alive
from reader.store.db import Store, to_db_time

LEASE_SECONDS = 15 * 60  # a sync that held the account longer than this is taken as dead


@dataclass
class OutboxRow:
    id: int
    article_id: int
    remote_id: str
    flag: str
    value: bool
    created: float


class SyncBusy(Exception):
    """Another sync of the same account is running."""


def account_feed_url(account: str, remote_feed_id: str) -> str:
    """The feeds.url of an account's feed: unique, and never fetched as a URL."""
    return f"account:{account}/{remote_feed_id}"


class SyncStore:
    def __init__(self, store: Store):
        self.store = store

    @property
    def db(self):
        return self.store.db

    # -- accounts ----------------------------------------------------------

    def account_id(self, name: str, type_: str, url: str) -> int:
        with self.store.transaction() as db:
            db.execute("INSERT INTO sync_accounts (name, type, url) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
                       "SET type = excluded.type, url = excluded.url", (name, type_, url))
            return db.execute("SELECT id FROM sync_accounts WHERE name = ?", (name,)).fetchone()[0]

    def acquire(self, account_id: int) -> None:
        """Hold the account for one sync; SyncBusy if another live sync holds it."""
        now = time.time()
        with self.store.transaction() as db:
            pid, since = db.execute("SELECT running_pid, running_since FROM sync_accounts WHERE id = ?",
                                    (account_id,)).fetchone()
            if pid is not None and since is not None and now - since < LEASE_SECONDS and pid_alive(pid):
                raise SyncBusy(f"another sync of this account is running (process {pid})")
            db.execute("UPDATE sync_accounts SET running_pid = ?, running_since = ? WHERE id = ?",
                       (os.getpid(), now, account_id))

    def release(self, account_id: int, *, status: str, error: str = "", checkpoint: str | None = None) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE sync_accounts SET running_pid = NULL, running_since = NULL, last_status = ?, "
                       "last_error = ?, last_sync = ? WHERE id = ?",
                       (status, error, to_db_time(datetime.now(timezone.utc)), account_id))
            if checkpoint is not None:
                db.execute("UPDATE sync_accounts SET checkpoint = ? WHERE id = ?", (checkpoint, account_id))

    def checkpoint(self, account_id: int) -> str:
        return self.db.execute("SELECT checkpoint FROM sync_accounts WHERE id = ?", (account_id,)).fetchone()[0]

    def set_checkpoint(self, account_id: int, checkpoint: str) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE sync_accounts SET checkpoint = ? WHERE id = ?", (checkpoint, account_id))

    def accounts(self) -> list[tuple[str, str, str, str | None, str, str]]:
        """(name, type, url, last_sync, last_status, last_error) of every account synced once."""
        return self.db.execute("SELECT name, type, url, last_sync, last_status, last_error FROM sync_accounts "
                               "ORDER BY name").fetchall()

    # -- feeds -------------------------------------------------------------

    def upsert_feeds(self, account_id: int, account: str,
                     feeds: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, int]:
        """(remote id, title, folders) -> local feed ids; folders become the feed's tags."""
        out: dict[str, int] = {}
        with self.store.transaction() as db:
            for remote_id, title, folders in feeds:
                url = account_feed_url(account, remote_id)
                db.execute("INSERT INTO feeds (url, title, kind) VALUES (?, ?, 'account') ON CONFLICT(url) DO UPDATE "
                           "SET title = CASE WHEN excluded.title != '' THEN excluded.title ELSE feeds.title END",
                           (url, title))
                feed_id = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
                db.execute("INSERT OR IGNORE INTO sync_feeds (feed_id, account_id, remote_id) VALUES (?, ?, ?)",
                           (feed_id, account_id, remote_id))
                db.execute("DELETE FROM feed_tags WHERE feed_id = ?", (feed_id,))
                db.executemany("INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
                               [(feed_id, t) for t in folders if t])
                out[remote_id] = feed_id
        return out

    def mark_synced(self, account_id: int, account: str, current: set[str]) -> None:
        """Feeds of the account: synced now, or gone from the server (their articles stay)."""
        now = to_db_time(datetime.now(timezone.utc))
        with self.store.transaction() as db:
            for feed_id, remote_id in db.execute("SELECT feed_id, remote_id FROM sync_feeds WHERE account_id = ?",
                                                 (account_id,)).fetchall():
                if remote_id in current:
                    db.execute("UPDATE feeds SET last_refresh = ?, last_status = 'ok', last_error = '' WHERE id = ?",
                               (now, feed_id))
                else:
                    db.execute("UPDATE feeds SET last_status = 'gone', last_error = ? WHERE id = ?",
                               (f"no longer subscribed on {account}; its articles are kept", feed_id))

    def feed_map(self, account_id: int) -> dict[str, int]:
        return dict(self.db.execute("SELECT remote_id, feed_id FROM sync_feeds WHERE account_id = ?", (account_id,)))

    def remote_feed_id(self, feed_id: int) -> tuple[int, str] | None:
        row = self.db.execute("SELECT account_id, remote_id FROM sync_feeds WHERE feed_id = ?", (feed_id,)).fetchone()
        return (row[0], row[1]) if row else None

    # -- items -------------------------------------------------------------

    def unknown(self, account_id: int, ids: list[str]) -> list[str]:
        if not ids:
            return []
        known = {r[0] for r in self.db.execute(
            "SELECT remote_id FROM sync_items WHERE account_id = ? AND remote_id IN (SELECT value FROM json_each(?))",
            (account_id, json.dumps(ids)))}
        return [i for i in ids if i not in known]

    def store_items(self, account_id: int, feed_id: int, articles: list[ArticleIn]) -> tuple[int, int]:
        """Store one feed's items through the common path, then record their remote ids (= keys)."""
        self._adopt(account_id, feed_id, articles)
        result = self.store.store_articles(feed_id, articles)
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sync_items (article_id, account_id, remote_id) "
                "SELECT a.id, ?, a.key FROM articles a WHERE a.feed_id = ? AND a.key IN (SELECT value FROM json_each(?))",
                (account_id, feed_id, json.dumps([a.key for a in articles])))
        return result.new, result.updated

    def _adopt(self, account_id: int, feed_id: int, articles: list[ArticleIn]) -> None:
        """A feed unsubscribed and subscribed again comes back under new server ids, item by
        item: each would be stored a second time, unread and unstarred, beside the old copy
        that holds the user's marks (QA). An item new to this account whose link is the link of
        an article in one of the account's feeds that are gone takes that article over: the
        article moves to the feed and takes the new id, and its read and starred marks go to
        the outbox, so they win over the server's fresh "unread" and reach it."""
        linked = [a for a in articles if a.url]
        if not linked:
            return
        db = self.db
        known = {r[0] for r in db.execute(
            "SELECT remote_id FROM sync_items WHERE account_id = ? AND remote_id IN (SELECT value FROM json_each(?))",
            (account_id, json.dumps([a.key for a in linked])))}
        fresh = [a for a in linked if a.key not in known]
        if not fresh:
            return
        old: dict[str, tuple[int, int, int]] = {}
        for article_id, url, read, starred in db.execute(
                "SELECT a.id, a.url, a.read, a.starred FROM articles a JOIN sync_feeds sf ON sf.feed_id = a.feed_id "
                "JOIN feeds f ON f.id = a.feed_id WHERE sf.account_id = ? AND f.last_status = 'gone' "
                # the copy with the user's marks first, then the newest
                "AND a.url IN (SELECT value FROM json_each(?)) ORDER BY a.read + a.starred DESC, a.id DESC",
                (account_id, json.dumps([a.url for a in fresh]))):
            old.setdefault(url, (article_id, read, starred))
        if not old:
            return
        now = time.time()
        with self.store.transaction() as db:
            for art in fresh:
                found = old.pop(art.url, None)
                if found is None or db.execute("SELECT 1 FROM articles WHERE feed_id = ? AND key = ?",
                                               (feed_id, art.key)).fetchone() is not None:
                    continue  # (stored already under the new id by a sync stopped before it noted the id)
                article_id, read, starred = found
                db.execute("UPDATE articles SET feed_id = ?, key = ? WHERE id = ?", (feed_id, art.key, article_id))
                db.execute("UPDATE sync_items SET remote_id = ? WHERE article_id = ? AND account_id = ?",
                           (art.key, article_id, account_id))
                db.execute("DELETE FROM sync_outbox WHERE account_id = ? AND article_id = ?", (account_id, article_id))
                db.executemany(
                    "INSERT INTO sync_outbox (account_id, article_id, remote_id, flag, value, created) "
                    "VALUES (?, ?, ?, ?, 1, ?)",
                    [(account_id, article_id, art.key, flag, now) for flag, on in (("read", read), ("starred", starred))
                     if on])

    def apply_state(self, account_id: int, states: list[tuple[str, bool | None, bool | None, float | None]],
                    clock_offset: float = 0.0) -> int:
        """Set read/starred from the server: (remote id, read, starred, server change time or None).

        A flag with a pending local mark keeps the local value, unless the server
        says it changed the item after that mark (its clock, corrected by the
        offset seen in its Date header); then the server wins and the local mark
        is dropped. Returns the number of flags changed locally.
        """
        if not states:
            return 0
        changed = 0
        with self.store.transaction() as db:
            ids = {rid: aid for rid, aid in db.execute(
                "SELECT remote_id, article_id FROM sync_items WHERE account_id = ? "
                "AND remote_id IN (SELECT value FROM json_each(?))", (account_id, json.dumps([s[0] for s in states])))}
            pending = self._pending(db, account_id, list(ids.values()))
            db.execute("INSERT OR IGNORE INTO sync_applying (account_id) VALUES (?)", (account_id,))
            try:
                updates: dict[str, list[tuple[int, int, int]]] = {"read": [], "starred": []}
                drop: list[tuple[int, str]] = []
                for rid, read, starred, when in states:
                    article_id = ids.get(rid)
                    if article_id is None:
                        continue
                    for flag, value in (("read", read), ("starred", starred)):
                        if value is None:
                            continue
                        mine = pending.get((article_id, flag))
                        if mine is not None:
                            server_later = when is not None and when > mine[1] + clock_offset
                            if not server_later and bool(mine[0]) != bool(value):
                                continue  # ours is newer (or the server cannot say): it will be pushed
                            drop.append((article_id, flag))
                        updates[flag].append((int(value), article_id, int(value)))
                for flag, rows in updates.items():
                    before = db.total_changes
                    db.executemany(f"UPDATE articles SET {flag} = ? WHERE id = ? AND {flag} != ?", rows)
                    changed += db.total_changes - before
                db.executemany("DELETE FROM sync_outbox WHERE account_id = ? AND article_id = ? AND flag = ?",
                               [(account_id, a, f) for a, f in drop])
            finally:
                db.execute("DELETE FROM sync_applying WHERE account_id = ?", (account_id,))
        return changed

    def apply_full_state(self, account_id: int, unread: set[str], starred: set[str]) -> int:
        """The server's complete unread and starred lists, for APIs that give no change times:
        every item of the account is set, except flags with a pending local mark."""
        total = 0
        last = 0
        while True:
            rows = self.db.execute("SELECT article_id, remote_id FROM sync_items WHERE account_id = ? AND article_id > ? "
                                   "ORDER BY article_id LIMIT 2000", (account_id, last)).fetchall()
            if not rows:
                return total
            last = rows[-1][0]
            total += self.apply_state(account_id, [(rid, rid not in unread, rid in starred, None) for _a, rid in rows])

    @staticmethod
    def _pending(db, account_id: int, article_ids: list[int]) -> dict[tuple[int, str], tuple[int, float]]:
        """The latest pending mark (value, time) of each (article, flag) among these articles."""
        out: dict[tuple[int, str], tuple[int, float]] = {}
        if not article_ids:
            return out
        for article_id, flag, value, created in db.execute(
                "SELECT article_id, flag, value, created FROM sync_outbox WHERE account_id = ? "
                "AND article_id IN (SELECT value FROM json_each(?)) ORDER BY id", (account_id, json.dumps(article_ids))):
            out[(article_id, flag)] = (value, created)
        return out

    # -- outbox ------------------------------------------------------------

    def outbox(self, account_id: int, limit: int = 100_000) -> list[OutboxRow]:
        return [OutboxRow(*r[:4], bool(r[4]), r[5]) for r in self.db.execute(
            "SELECT id, article_id, remote_id, flag, value, created FROM sync_outbox WHERE account_id = ? "
            "ORDER BY id LIMIT ?", (account_id, limit))]

    def pending_count(self, account_id: int | None = None) -> int:
        if account_id is None:
            return self.db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM sync_outbox WHERE account_id = ?", (account_id,)).fetchone()[0]

    def delete_outbox(self, row_ids: list[int]) -> None:
        with self.store.transaction() as db:
            db.executemany("DELETE FROM sync_outbox WHERE id = ?", [(i,) for i in row_ids])

"""One sync of one account: subscriptions, then items and state, then the outbox.

Order and why:

1. Subscriptions: each remote feed is a local feed of kind 'account', tagged
   with its folders, so the feed picker, tags and searches treat it as a feed.
2. Pull items page by page through the common store path (``ArticleIn``, so
   analysis, entities and related articles work on them), with their state.
   The checkpoint is saved after each page: a sync stopped by a dead server,
   a 500 or a truncated body resumes there, and stored items are known by id
   (nothing is stored twice).
3. State for APIs without change times (Google Reader: unread and starred id
   lists).
4. Push the outbox, oldest first, the last mark of each (item, flag) only,
   in batches (one request per few hundred ids, not one per article).
   Pulling before pushing is what lets "the later mark wins" be decided: a
   pulled item whose server change time is later than our pending mark
   drops the mark; otherwise the mark stays and is pushed. Rows are deleted
   only once the server accepted them; sending a mark twice is harmless
   (marks set a state, they do not toggle).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit
from dataclasses import dataclass

from reader.config import AccountConfig
from reader.ingest.clean import MAX_TEXT, MAX_TITLE, clean_line, safe_url
from reader.ingest.html import clip_document, html_to_document, html_to_text, strip_document
from reader.model import ArticleIn, Enclosure
from reader.sources.accounts.base import Client, RemoteItem, SyncError
from reader.store.db import Store
from reader.store.sync import SyncBusy, SyncStore

MAX_HTML = 2_000_000


@dataclass
class SyncReport:
    account: str
    ok: bool = False
    feeds: int = 0
    new: int = 0
    updated: int = 0
    marks_pulled: int = 0
    pushed: int = 0
    skipped: int = 0
    requests: int = 0
    error: str = ""
    cancelled: bool = False

    def line(self) -> str:
        if not self.ok:
            return self.error or f"{self.account}: sync failed"
        extra = f", {self.skipped} unusable items skipped" if self.skipped else ""
        return (f"{self.account}: {self.feeds} feeds, {self.new} new articles, {self.updated} updated, "
                f"{self.marks_pulled} marks from the server, {self.pushed} marks sent{extra}")


Progress = Callable[[str, int, int], None]  # (what, done, total or 0 when unknown)


def to_article(item: RemoteItem) -> ArticleIn:
    """An article from a server's entry: its text with its structure (links, lists, tables,
    images, as a feed's), and its media files, as a refresh of the feed itself would store them."""
    url = safe_url(item.url)
    doc = strip_document(clip_document(html_to_document(item.html[:MAX_HTML], url), MAX_TEXT))
    text = doc.text
    title = clean_line(html_to_text(item.title[:MAX_TITLE * 8]), MAX_TITLE)
    if not title:
        first = text.split("\n", 1)[0] if text else ""
        title = clean_line(first, 80) or "(untitled)"
    return ArticleIn(key=item.id, title=title, text=text, url=url, author=clean_line(item.author, 200),
                     published=item.published, date_is_guess=item.published is None,
                     document=None if doc.is_plain() else doc, enclosures=_enclosures(item.enclosures, url))


def _enclosures(raw: list[tuple], base: str) -> list[Enclosure]:
    """The server's (url, type, bytes, seconds) as Enclosures: http(s) URLs only, each once, 50 at most."""
    found: list[Enclosure] = []
    seen: set[str] = set()
    for url, type_, length, duration in raw:
        url = safe_url(urljoin(base, url) if base and isinstance(url, str) else url if isinstance(url, str) else "")
        if not url or url in seen or urlsplit(url).scheme == "mailto" or len(found) >= 50:
            continue
        seen.add(url)
        found.append(Enclosure(url=url, type=clean_line(type_ if isinstance(type_, str) else "", 100),
                               length=_count(length), duration=_count(duration)))
    return found


def _count(value) -> int | None:
    """A positive whole number the server gave (as a number or as digits), else None (0 is "unknown")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < 10**15 else None


class _Known:
    def __init__(self, sync: SyncStore, account_id: int):
        self.sync, self.account_id = sync, account_id

    def unknown(self, ids: list[str]) -> list[str]:
        return self.sync.unknown(self.account_id, ids)


def sync_account(store: Store, account: AccountConfig, client: Client | None = None, *,
                 on_progress: Progress | None = None, cancel: threading.Event | None = None) -> SyncReport:
    """Sync one account; never raises for server or network trouble (the report says it in one line)."""
    from reader.sources.accounts import make_client

    report = SyncReport(account.name)
    sync = SyncStore(store)
    account_id = sync.account_id(account.name, account.type, account.url)
    try:
        sync.acquire(account_id)
    except SyncBusy as exc:
        report.error = f"{account.name}: {exc}; try again when it ends"
        return report
    status, error = "error", ""
    try:
        client = client or make_client(account)
        _run(sync, account_id, account, client, report, on_progress or (lambda *_: None), cancel)
        report.ok = True
        status = "ok"
    except SyncError as exc:
        error = report.error = str(exc)
        report.cancelled = bool(cancel is not None and cancel.is_set())
    finally:
        if client is not None:
            report.requests = client.requests
            close = getattr(client, "close", None)
            if close is not None:
                close()
        sync.release(account_id, status=status, error=error)
    return report


def _run(sync: SyncStore, account_id: int, account: AccountConfig, client: Client, report: SyncReport,
         progress: Progress, cancel: threading.Event | None) -> None:
    progress("login", 0, 0)
    client.login()
    remote_feeds = client.subscriptions()
    feeds = sync.upsert_feeds(account_id, account.name, ((f.id, f.title, f.folders) for f in remote_feeds))
    report.feeds = len(remote_feeds)

    checkpoint = sync.checkpoint(account_id)
    pulled = 0
    feeds_seen: set[str] = set()
    for page in client.items(checkpoint, _Known(sync, account_id)):
        by_feed: dict[int, list[ArticleIn]] = {}
        states = []
        for item in page.items:
            feed_id = feeds.get(item.feed_id)
            if feed_id is None:
                # An item of a feed the subscription list did not name (added meanwhile).
                feed_id = sync.upsert_feeds(account_id, account.name, [(item.feed_id, "", ())])[item.feed_id]
                feeds[item.feed_id] = feed_id
            feeds_seen.add(item.feed_id)
            by_feed.setdefault(feed_id, []).append(to_article(item))
            states.append((item.id, item.read, item.starred, item.changed))
        for feed_id, articles in by_feed.items():
            new, updated = sync.store_items(account_id, feed_id, articles)
            report.new += new
            report.updated += updated
        report.marks_pulled += sync.apply_state(account_id, states, client.clock_offset)
        report.skipped += page.skipped
        if page.checkpoint:
            sync.set_checkpoint(account_id, page.checkpoint)
        pulled += len(page.items)
        progress("pull", pulled, 0)
        if cancel is not None and cancel.is_set():
            raise SyncError(f"{account.name}: sync cancelled; the next sync resumes where it stopped")

    sync.mark_synced(account_id, account.name, {f.id for f in remote_feeds} | set(feeds_seen))

    state = client.state()
    if state is not None:
        progress("state", 0, 0)
        report.marks_pulled += sync.apply_full_state(account_id, state.unread, state.starred)

    rows = sync.outbox(account_id)
    # The last mark of each (item, flag) is what the user sees; send that, grouped by what it sets.
    last: dict[tuple[str, str], bool] = {}
    row_ids: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        key = (row.remote_id, row.flag)
        last.pop(key, None)  # keep the order of the latest mark
        last[key] = row.value
        row_ids.setdefault(key, []).append(row.id)
    groups: dict[tuple[str, bool], list[str]] = {}
    for (remote_id, flag), value in last.items():
        groups.setdefault((flag, value), []).append(remote_id)
    total = len(last)
    for (flag, value), ids in groups.items():
        client.push(flag, value, ids)
        # Only the rows read above, once the server took them: a mark made during this
        # sync is sent by the next one, and a failed push leaves its rows queued.
        sync.delete_outbox([i for rid in ids for i in row_ids[(rid, flag)]])
        report.pushed += len(ids)
        progress("push", report.pushed, total)


def subscribe(store: Store, account: AccountConfig, url: str, folder: str = "",
              client: Client | None = None) -> SyncReport:
    """Subscribe the account to a feed on its server, then sync so its articles arrive."""
    from reader.sources.accounts import make_client

    try:
        client = client or make_client(account)
        client.login()
        client.subscribe(url, folder)
    except SyncError as exc:
        return SyncReport(account.name, error=str(exc))
    return sync_account(store, account, client)


def unsubscribe(store: Store, account: AccountConfig, feed_id: int, client: Client | None = None) -> str:
    """Unsubscribe on the server; the feed's articles stay in the cache. Returns '' or the error line."""
    from reader.sources.accounts import make_client

    sync = SyncStore(store)
    remote = sync.remote_feed_id(feed_id)
    account_id = sync.account_id(account.name, account.type, account.url)
    if remote is None or remote[0] != account_id:
        return f"{account.name}: that feed is not one of this account's"
    try:
        client = client or make_client(account)
        client.login()
        client.unsubscribe(remote[1])
    except SyncError as exc:
        return str(exc)
    store.record_refresh(feed_id, status="gone", error=f"unsubscribed from {account.name}; its articles are kept",
                         keep_validators=True)
    return ""

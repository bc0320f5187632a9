"""Refreshing the configured feeds, and fetching articles' full text: the refresh half of Library.

Library (reader/library.py) takes these methods as a base class; they use its ``config`` and
``store``, and its retention (apply_retention) after a refresh.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from reader.config import Config, FeedConfig
from reader.model import ArticleIn
from reader.store.db import CacheError, FeedRow, Store, StoreResult, to_db_time


def counted(n: int, word: str) -> str:
    """"1 article", "2 articles", "1,200 articles"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass
class FeedReport:
    """What one refresh did to one feed."""

    url: str
    title: str
    status: str  # 'ok', 'unchanged', 'error', 'gone'
    new: int = 0
    updated: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. full-text pages that could not be read, with why
    full_text: int = 0  # new articles whose body is their page's fetched full text


@dataclass
class FullTextResult:
    """What Library.fetch_full_text did: the article's body is the full text unless error is set."""

    article_id: int
    ok: bool
    cached: bool = False  # fetched before; nothing was fetched now
    error: str = ""  # "URL: reason"
    url: str = ""


@dataclass
class RefreshSummary:
    reports: list[FeedReport] = field(default_factory=list)
    cancelled: bool = False
    not_due: list[tuple[str, datetime | None]] = field(default_factory=list)  # (title, when due) left for later
    removed: int = 0  # old read articles removed by retention after the refresh
    retention_error: str = ""  # why retention could not run, if it could not

    @property
    def new(self) -> int:
        return sum(r.new for r in self.reports)

    @property
    def errors(self) -> int:
        return sum(r.status in ("error", "gone") for r in self.reports)

    def line(self) -> str:
        unchanged = sum(r.status == "unchanged" for r in self.reports)
        updated = sum(r.updated for r in self.reports)
        text = (f"{counted(len(self.reports), 'feed')}: {counted(self.new, 'new article')}, {updated} updated, "
                f"{unchanged} unchanged, {counted(self.errors, 'error')}")
        if self.removed:
            text += f", {counted(self.removed, 'old read article')} removed (keep_days / keep)"
        if self.retention_error:
            text += f"; old articles not removed: {self.retention_error}"
        return text + (" (cancelled)" if self.cancelled else "")


def _same_origin(a: str, b: str) -> bool:
    from reader.ingest.connect import origin

    return origin(a) == origin(b)



class RefreshRuns:
    config: Config
    store: Store

    def due(self, *, automatic: bool = False, now: datetime | None = None
            ) -> tuple[list[str], list[tuple[str, datetime | None]]]:
        """The configured feeds due now (urls), and the others as (title, when due; None: only when asked).

        See ingest/schedule.py: the user's interval, the feed's ttl and max-age, its server's
        429/503 wait. ``automatic``: the app's timer, which refreshes only feeds with an interval.
        """
        now = now or datetime.now(timezone.utc)
        due, later = [], []
        for feed, title, when in self._next_due(automatic):
            if when is not None and when <= now:
                due.append(feed.url)
            else:
                later.append((title, when))
        return due, later

    def next_due(self) -> dict[str, datetime | None]:
        """When each configured feed (by url) is next due for `reader refresh` (None: only when asked)."""
        return {feed.url: when for feed, _title, when in self._next_due(False)}

    def _next_due(self, automatic: bool) -> list[tuple[FeedConfig, str, datetime | None]]:
        from reader.ingest.schedule import interval_minutes, next_due

        schedules = self.store.feed_schedules()
        out = []
        for feed in self.config.feeds:
            sched = schedules.get(feed.url)
            # A server's 429/503 wait (retry_after) holds the feed back too.
            floors = [t for t in (sched.not_before, sched.retry_after) if t is not None] if sched else []
            when = next_due(interval=interval_minutes(feed.refresh_minutes, self.config.settings.refresh_minutes),
                            last_refresh=sched.last_refresh if sched else None,
                            not_before=max(floors, default=None), automatic=automatic)
            out.append((feed, feed.title or (sched.title if sched else "") or feed.url, when))
        return out

    def refresh(self, urls: Iterable[str] | None = None, *,
                on_report: Callable[[FeedReport], None] | None = None,
                cancel: threading.Event | None = None, due_only: bool = False,
                automatic: bool = False) -> RefreshSummary:
        """Fetch feeds concurrently; each feed is stored in one transaction as it lands.

        ``due_only``: only the feeds (of ``urls``, or all) that are due (see ``due``); the
        others are listed in the summary's ``not_due``. ``automatic``: the same, for the
        app's timer (only feeds with an interval).
        """
        from functools import partial

        from reader.credentials import feed_auth
        from reader.ingest.refresh import FeedRequest, refresh_all

        wanted = set(urls) if urls is not None else None
        summary = RefreshSummary()
        named = wanted is not None and not (due_only or automatic)
        if due_only or automatic:
            due, summary.not_due = self.due(automatic=automatic)
            wanted = set(due) & wanted if wanted is not None else set(due)
        feeds = [f for f in self.config.feeds if wanted is None or f.url in wanted]
        rows = {f.url: f for f in self.store.feeds()}
        settings = self.config.settings
        limits = self._limits()
        requests = []
        by_url: dict[str, FeedConfig] = {}
        now = to_db_time(datetime.now(timezone.utc))
        schedules = self.store.feed_schedules()
        for feed in feeds:
            row = rows.get(feed.url)
            by_url[feed.url] = feed
            held = self._held_back(feed, row, now, named=named)
            if held is not None:
                summary.reports.append(held)
                if on_report is not None:
                    on_report(held)
                continue
            fetch_url = (row.fetch_url if row else None) or feed.url
            # Credentials go only where the config sends them: not to a host the feed moved to.
            # A password_command runs in the fetching thread, with the feed's other work.
            auth = partial(feed_auth, feed) if feed.username and _same_origin(fetch_url, feed.url) else None
            requests.append(FeedRequest(url=fetch_url,
                                        etag=row.etag if row else None,
                                        last_modified=row.last_modified if row else None,
                                        allow_file=feed.is_local, ref=feed.url, auth=auth))

        def landed(request, result) -> None:
            report = self._store_result(by_url[request.ref], rows.get(request.ref), result,
                                        schedules.get(request.ref), cancel=cancel)
            summary.reports.append(report)
            if on_report is not None:
                on_report(report)

        refresh_all(requests, workers=settings.workers, limits=limits, on_result=landed, cancel=cancel)
        summary.cancelled = bool(cancel is not None and cancel.is_set())
        if not summary.cancelled and summary.reports:
            # Retention after a refresh, on the feeds refreshed (an indexed range per feed).
            try:
                summary.removed = self.apply_retention([r.url for r in summary.reports], wait=False)
            except (CacheError, sqlite3.DatabaseError) as exc:  # the articles are stored; say why none were removed
                summary.retention_error = str(exc)
        return summary

    def _limits(self):
        from reader.ingest.fetch import Limits

        settings = self.config.settings
        return Limits(deadline=settings.timeout, max_bytes=int(settings.max_mb * 1_000_000),
                      max_decoded_bytes=int(settings.max_mb * 1_000_000))

    def _fetch_full_texts(self, feed_id: int, entries: list[ArticleIn],
                          cancel: threading.Event | None) -> tuple[dict[str, str], int]:
        """Fetch the pages of a full_text feed's new items; their bodies become the full text.

        Returns ({key: error} for the pages that could not be read, how many
        were). A failed page leaves the feed's own text as the body.
        """
        from reader.ingest.fulltext import fetch_many

        known = self.store.known_keys(feed_id, [a.key for a in entries])
        todo = [a for a in entries if a.key not in known and a.url]
        if not todo:
            return {}, 0
        pages = fetch_many([a.url for a in todo], limits=self._limits(),
                           workers=self.config.settings.workers, cancel=cancel)
        errors: dict[str, str] = {}
        fetched = 0
        for art in todo:
            page = pages.get(art.url)
            if page is None or page.document is None:
                errors[art.key] = page.error if page is not None else f"{art.url}: not fetched"
                continue
            art.summary = art.text
            art.full_text_url = page.url
            art.text = page.document.text
            art.document = None if page.document.is_plain() else page.document
            fetched += 1
        return errors, fetched

    def fetch_full_text(self, article_id: int, *, cancel: threading.Event | None = None,
                        force: bool = False) -> FullTextResult:
        """Fetch an article's page and make its main text the body (once: later calls use the cache).

        A failed fetch leaves the article as it was and says why, naming the URL.
        """
        from reader.ingest.fulltext import fetch_full_text

        article = self.store.article(article_id)
        if article is None:
            return FullTextResult(article_id, False, error=f"no article {article_id}")
        state = self.store.full_text_state(article_id)
        if state is not None and state[0] and not state[1] and not force:
            return FullTextResult(article_id, True, cached=True, url=state[0])
        if not article.url:
            return FullTextResult(article_id, False, error="the article has no link to fetch")
        page = fetch_full_text(article.url, limits=self._limits(), cancel=cancel)
        if page.document is None:
            self.store.set_full_text_error(article_id, page.error)
            return FullTextResult(article_id, False, error=page.error, url=article.url)
        self.store.set_full_text(article_id, page.document, page.url)
        return FullTextResult(article_id, True, url=page.url)

    @staticmethod
    def _held_back(feed: FeedConfig, row: FeedRow | None, now: str, named: bool) -> FeedReport | None:
        """A feed not to fetch now: its server asked us to wait (429/503), or it is gone (410)."""
        if row is None:
            return None
        title = feed.title or row.title or feed.url
        if row.retry_after and row.retry_after > now:
            return FeedReport(feed.url, title, "deferred",
                              error=f"not fetched before {row.retry_after} UTC: its server answered 429 or 503 "
                                    "(Retry-After, or a wait that doubles each time)")
        if row.last_status == "gone" and not named:
            return FeedReport(feed.url, title, "gone",
                              error="the feed is gone (410); refresh it by name to try again, or remove it")
        return None

    def _store_result(self, feed: FeedConfig, row: FeedRow | None, result, old=None,
                      cancel: threading.Event | None = None) -> FeedReport:
        feed_id = row.id if row else self.store.feed_id(feed.url, title=feed.title)
        report = self._store_fetched(feed, feed_id, row, result, cancel)
        self._store_schedule(feed_id, result, old)
        return report

    def _store_schedule(self, feed_id: int, result, old) -> None:
        """What the feed and its server asked for (``old``: the feed's FeedSchedule before), for ``due``."""
        from reader.ingest.schedule import backoff

        throttled = old.throttled if old else 0
        hint = old.feed_hint if old else None
        now = datetime.now(timezone.utc)
        not_before = None
        if getattr(result, "status", None) in (429, 503):
            throttled += 1
            wait = backoff(throttled, getattr(result, "retry_after", None))
            # The wait goes where _held_back looks: nothing fetches the feed before it.
            self.store.record_refresh(feed_id, status="error", error=result.error or "",
                                      keep_validators=True, retry_after=to_db_time(now + timedelta(seconds=wait)))
        elif not result.error:
            throttled = 0
            if getattr(result, "parsed", None) is not None:
                hint = getattr(result, "feed_hint", None)
            floor = max(hint or 0.0, getattr(result, "max_age", None) or 0.0)
            not_before = now + timedelta(seconds=floor) if floor else None
        self.store.set_schedule(feed_id, not_before=not_before, feed_hint=hint, throttled=throttled)

    def match_feeds(self, name: str) -> list[FeedConfig]:
        """The configured feeds ``name`` names: their URL, or part of their title (the config's
        or the feed's own) or of their URL, in any case."""
        exact = [f for f in self.config.feeds if f.url == name]
        if exact:
            return exact
        titles = {f.url: f.title for f in self.store.feeds()}
        needle = name.casefold()
        return [f for f in self.config.feeds
                if needle in f.url.casefold() or needle in (f.title or "").casefold()
                or needle in (titles.get(f.url) or "").casefold()]

    def _store_fetched(self, feed: FeedConfig, feed_id: int, row: FeedRow | None, result,
                       cancel: threading.Event | None = None) -> FeedReport:
        title = feed.title or (row.title if row else "") or feed.url
        retry = None
        if getattr(result, "retry_after", None):
            retry = to_db_time(datetime.fromtimestamp(
                datetime.now(timezone.utc).timestamp() + result.retry_after, tz=timezone.utc))
        if getattr(result, "gone", False):
            self.store.record_refresh(feed_id, status="gone", error=result.error or "the feed is gone (410)",
                                      keep_validators=True)
            return FeedReport(feed.url, title, "gone", error=result.error or "the feed is gone (410)")
        if result.error:
            self.store.record_refresh(feed_id, status="error", error=result.error, keep_validators=True,
                                      retry_after=retry)
            return FeedReport(feed.url, title, "error", error=result.error)
        if result.not_modified:
            self.store.record_refresh(feed_id, status="unchanged", keep_validators=True)
            return FeedReport(feed.url, title, "unchanged")
        parsed = result.parsed
        full_errors: dict[str, str] = {}
        full_text = 0
        if getattr(feed, "full_text", False) and parsed.entries:
            full_errors, full_text = self._fetch_full_texts(feed_id, parsed.entries, cancel)
        stored: StoreResult = self.store.store_articles(
            feed_id, parsed.entries,
            refresh=dict(status="ok", etag=result.etag, last_modified=result.last_modified,
                         title=parsed.title, url=result.new_url),
        )
        if full_errors:
            self.store.set_full_text_errors(feed_id, full_errors)
        status = "ok" if stored.new or stored.updated else "unchanged"
        report = FeedReport(feed.url, feed.title or parsed.title or title, status, stored.new, stored.updated,
                            full_text=full_text)
        # What the parser had to say of a feed it read (cut off, not well-formed, too many entries,
        # a wrong charset): the feed was stored, but not all of it may be as its server meant.
        report.notes = [f"warning: {w}" for w in parsed.warnings]
        report.notes += [f"full text not fetched: {e}" for e in full_errors.values()]
        if result.new_url and result.new_url != feed.url:
            from reader.urls import redact

            report.error = (f"moved permanently to {redact(result.new_url)}; reader fetches it there "
                            "(update your config)")
        return report

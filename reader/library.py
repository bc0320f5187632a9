"""The facade the UI and the CLI call. Everything below it is plain Python.

``make_library()`` builds one from the locations (config file, data dir);
tests build one on a temporary folder. Methods block: the UI calls them from
workers, the CLI directly.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from reader import config as config_mod
from reader.config import Config, FeedConfig, load_config
from reader.locations import Locations, default_locations, samples_dir
from reader.model import Article, ArticleIn, Related, RelatedArticle, RelatedEvent
from reader.store.db import ArticleRow, FeedRow, Store, StoreResult, to_db_time
from reader.store.query import Query, parse_query
from reader.store.related import MAX_LINKS, diversify, same_event, same_time

SAMPLE_CONFIG = "feeds.toml"
FILES_FEED = "local:files"
RELINK_CHUNK = 500  # articles planned per task of a relink worker (Library.relink)


@dataclass
class FeedReport:
    """What one refresh did to one feed."""

    url: str
    title: str
    status: str  # 'ok', 'unchanged', 'error', 'gone'
    new: int = 0
    updated: int = 0
    error: str = ""


@dataclass
class RefreshSummary:
    reports: list[FeedReport] = field(default_factory=list)
    cancelled: bool = False
    not_due: list[tuple[str, datetime | None]] = field(default_factory=list)  # (title, when due) left for later

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
        return text + (" (cancelled)" if self.cancelled else "")


def counted(n: int, word: str) -> str:
    """"1 article", "2 articles", "1,200 articles"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass
class IngestReport:
    path: Path
    ok: bool
    message: str  # 'new', 'updated', 'unchanged' or the error
    article_id: int | None = None


def merge_events(own: list[tuple[int, str, object]], others: list[tuple[int, str, object]]) -> list[RelatedEvent]:
    """One timeline, oldest first: an event reported by several articles appears once, with its sources."""
    merged: list[RelatedEvent] = []
    for is_own, items in ((True, own), (False, others)):
        for article_id, title, event in items:
            match = next((m for m in merged if same_event(m, event)), None)
            if match is not None:
                if all(source[0] != article_id for source in match.sources):
                    match.sources.append((article_id, title))
                match.entities = list(dict.fromkeys(match.entities + event.entities))
                continue
            merged.append(RelatedEvent(value=event.value, mod=event.mod, display=event.display, text=event.text,
                                       entities=list(event.entities), sources=[(article_id, title)], own=is_own,
                                       start=event.start if is_own else -1, end=event.end if is_own else -1))
    from reader.nlp.when import sort_key as event_order

    merged.sort(key=event_order)
    return merged


def sample_config() -> Config:
    """The bundled sample feeds, used when the user has no config file."""
    path = samples_dir() / SAMPLE_CONFIG
    if path.exists():
        config = config_mod.load_config(path)
    else:
        config = Config(path=None)
    return replace(config, is_sample=True)


class Library:
    def __init__(self, store: Store, config: Config, locations: Locations | None = None):
        self.store = store
        self.config = config
        self.locations = locations
        self._analysis_lock = threading.Lock()
        self.store.sync_feeds((f.url, f.title, f.tags) for f in config.feeds)

    # -- setup -------------------------------------------------------------

    def load_samples_if_empty(self) -> bool:
        """First launch without a config: fill the empty cache with the samples."""
        if not self.config.is_sample or self.store.count() > 0:
            return False
        reports = self.ingest_paths([samples_dir()])
        self.refresh()
        # Open on the seed article: the story the samples are about.
        first = next((r.article_id for r in reports if r.ok and r.article_id), None)
        if first is not None and self.get_state("ui.selected") is None:
            self.set_state("ui.selected", str(first))
        return True

    def reload_config(self) -> None:
        if self.config.path is not None and not self.config.is_sample:
            self.config = load_config(self.config.path)
            self.store.sync_feeds((f.url, f.title, f.tags) for f in self.config.feeds)

    # -- feeds -------------------------------------------------------------

    def feeds(self) -> list[FeedRow]:
        """Configured feeds first (in config order), then local article sources."""
        rows = {f.url: f for f in self.store.feeds()}
        ordered = [rows.pop(f.url) for f in self.config.feeds if f.url in rows]
        return ordered + [f for f in rows.values() if f.kind == "files"]

    def tags(self) -> list[str]:
        return self.store.tags()

    def add_feed(self, url: str, title: str = "", tags: Iterable[str] = ()) -> bool:
        path = self._config_path()
        added = config_mod.add_feed(path, url, title, list(tags))
        self.config = load_config(path)
        self.store.sync_feeds((f.url, f.title, f.tags) for f in self.config.feeds)
        return added

    def import_opml(self, path: Path) -> tuple[int, int]:
        """(added, already there) for the feeds of an OPML file."""
        from reader.opml import read_opml

        added = skipped = 0
        for outline in read_opml(path):
            if self.add_feed(outline.url, outline.title, outline.tags):
                added += 1
            else:
                skipped += 1
        return added, skipped

    def export_opml(self) -> str:
        from reader.opml import write_opml

        titles = {f.url: f.title for f in self.store.feeds()}
        return write_opml(list(self.config.feeds), titles)

    def _config_path(self) -> Path:
        if self.locations is not None:
            return self.locations.config_file
        if self.config.path is None or self.config.is_sample:
            raise RuntimeError("no config file to write to")
        return self.config.path

    # -- refresh -----------------------------------------------------------

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
        from reader.ingest.fetch import Limits
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
        limits = Limits(deadline=settings.timeout, max_bytes=int(settings.max_mb * 1_000_000),
                        max_decoded_bytes=int(settings.max_mb * 1_000_000))
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
            requests.append(FeedRequest(url=(row.fetch_url if row else None) or feed.url,
                                        etag=row.etag if row else None,
                                        last_modified=row.last_modified if row else None,
                                        allow_file=feed.is_local, ref=feed.url))

        def landed(request, result) -> None:
            report = self._store_result(by_url[request.ref], rows.get(request.ref), result,
                                        schedules.get(request.ref))
            summary.reports.append(report)
            if on_report is not None:
                on_report(report)

        refresh_all(requests, workers=settings.workers, limits=limits, on_result=landed, cancel=cancel)
        summary.cancelled = bool(cancel is not None and cancel.is_set())
        return summary

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

    def _store_result(self, feed: FeedConfig, row: FeedRow | None, result, old=None) -> FeedReport:
        feed_id = row.id if row else self.store.feed_id(feed.url, title=feed.title)
        report = self._store_fetched(feed, feed_id, row, result)
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

    def _store_fetched(self, feed: FeedConfig, feed_id: int, row: FeedRow | None, result) -> FeedReport:
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
        stored: StoreResult = self.store.store_articles(
            feed_id, parsed.entries,
            refresh=dict(status="ok", etag=result.etag, last_modified=result.last_modified,
                         title=parsed.title, url=result.new_url),
        )
        status = "ok" if stored.new or stored.updated else "unchanged"
        report = FeedReport(feed.url, feed.title or parsed.title or title, status, stored.new, stored.updated)
        if result.new_url and result.new_url != feed.url:
            report.error = f"moved permanently to {result.new_url}; reader fetches it there (update your config)"
        return report

    # -- article files -----------------------------------------------------

    def ingest_paths(self, paths: Iterable[Path], *, default_date: date | None = None) -> list[IngestReport]:
        """Store article files; each file is reported, good ones stored even if others fail."""
        from reader.ingest.text import ArticleFileError, article_files, read_article_file

        reports: list[IngestReport] = []
        for path in paths:
            path = Path(path)
            if not path.exists():
                reports.append(IngestReport(path, False, f"{path}: no such file or folder"))
                continue
            files = article_files(path)
            if path.is_dir() and not files:
                reports.append(IngestReport(path, False, f"{path}: no .txt or .md files in this folder"))
            for file in files:
                try:
                    article = read_article_file(file, default_date)
                except ArticleFileError as exc:
                    reports.append(IngestReport(file, False, str(exc)))
                    continue
                reports.append(self._store_file_article(file, article))
        return reports

    def _store_file_article(self, path: Path, article: ArticleIn) -> IngestReport:
        source = article.source or "Local files"
        feed_id = self.store.feed_id(f"local:{source}" if article.source else FILES_FEED,
                                     title=source, kind="files")
        result = self.store.store_articles(feed_id, [article])
        status = "new" if result.new else "updated" if result.updated else "unchanged"
        row = self.store.db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?",
                                    (feed_id, article.key)).fetchone()
        return IngestReport(path, True, status, row[0] if row else None)

    # -- reading -----------------------------------------------------------

    def list_articles(self, query: str | Query = "", *, limit: int = 200, offset: int = 0,
                      stories: bool = False, before: tuple[datetime, int] | None = None,
                      sort: str = "newest") -> list[ArticleRow]:
        """A page of the list; ``stories`` shows one row per story (its newest version).

        ``before=(published, id)`` of the previous page's last row reads the
        next page of the newest-first order by key, quick at any depth (not for
        a search with words, which is ranked: page that by ``offset``).
        """
        return self.store.list_articles(query, limit=limit, offset=offset, stories=stories, before=before,
                                        sort=sort)

    def story(self, article_id: int) -> list[int]:
        """Ids of the versions of this article's story, oldest first ([] when it has none)."""
        return self.store.story(article_id)

    def search(self, query: str, *, limit: int = 20) -> list[ArticleRow]:
        return self.store.list_articles(parse_query(query), limit=limit)

    def count(self, query: str | Query = "", *, stories: bool = False) -> int:
        """Articles matching the query; with ``stories``, one per story (the rows of the list)."""
        return self.store.count(query, stories=stories)

    def article(self, article_id: int) -> Article | None:
        article = self.store.article(article_id)
        if article is not None and article.entities:
            # Spans are stored without their text; it is a slice of the article.
            from reader.model import Span

            article.entities = [Span(s.start, s.end, s.label, article.text[s.start:s.end], s.name)
                                for s in article.entities]
        return article

    def set_read(self, ids: Iterable[int], value: bool = True) -> None:
        self.store.set_flag(ids, "read", value)

    def set_starred(self, ids: Iterable[int], value: bool = True) -> None:
        self.store.set_flag(ids, "starred", value)

    def set_tags(self, ids: Iterable[int], tags: Iterable[str], value: bool = True) -> None:
        """Tag each article (``value`` False: remove the tags); tag:X then finds it."""
        self.store.set_article_tags(list(ids), [t.strip() for t in tags if t.strip()], value)

    def article_tags(self, article_id: int) -> list[str]:
        return self.store.article_tags(article_id)

    def missing_articles(self, ids: Iterable[int]) -> list[int]:
        """The ids that name no stored article."""
        ids = list(ids)
        found = self.store.existing_ids(ids)
        return [i for i in ids if i not in found]

    def mark_all_read(self, query: str | Query = "") -> int:
        ids = self.store.ids(query)
        self.store.set_flag(ids, "read", True)
        return len(ids)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        return self.store.get_state(key, default)

    def set_state(self, key: str, value: str) -> None:
        self.store.set_state(key, value)

    # -- related -----------------------------------------------------------

    def related(self, article_id: int, *, limit: int = 25) -> Related | None:
        """Related articles, the merged timeline and the story of one article."""
        article = self.store.article(article_id)
        if article is None:
            return None
        links = self.store.related_articles(article_id, MAX_LINKS)
        # Articles that report one of this article's events (same time, a shared entity) rank higher.
        # The events of every linked article are read once: here for the boost, below for the timeline.
        linked_events = self.store.events_of([row.id for row, _s, _n in links])
        echoes: dict[int, int] = {}
        for aid, _title, event in linked_events:
            if any(set(event.entities) & set(own.entities) and same_time((own.value, own.mod), (event.value, event.mod))
                   for own in article.events):
                echoes[aid] = echoes.get(aid, 0) + 1
        picked = diversify([(score + 0.1 * min(echoes.get(row.id, 0), 3), row.id, list(dict.fromkeys(shared)), row)
                            for row, score, shared in links], limit)
        articles = [RelatedArticle(id=row.id, title=row.title, feed=row.feed, published=row.published,
                                   score=score, shared=shared)
                    for score, _id, shared, row in picked]
        own = [(article_id, article.title, event) for event in article.events]
        others = self._related_events(article_id, articles, linked_events)
        return Related(article_id=article_id, articles=articles, events=merge_events(own, others),
                       story=self.store.story(article_id))

    def _related_events(self, article_id: int, articles: list[RelatedArticle], linked_events: list,
                        limit: int = 12):
        """The events of related articles that involve this article's salient entities, best first.

        Each is weighed by the salience, in this article, of the entities it
        involves and by how related its article is; the generic ones (only
        the one entity every article here shares) fall below the limit.
        """
        salience = {e.name: e.salience for e in self.store.article_entities(article_id)[:12]}
        top_score = {a.id: a.score for a in articles}
        weighed = []
        for aid, title, event in linked_events:
            if aid not in top_score:
                continue
            shared = [n for n in dict.fromkeys(event.entities) if n in salience]
            if not shared:
                continue
            weight = top_score[aid] * (sum(salience[n] for n in shared) + 0.25 * (len(shared) - 1))
            weighed.append((weight, aid, title, event))
        weighed.sort(key=lambda item: -item[0])
        return [(aid, title, event) for _w, aid, title, event in weighed[:limit]]

    def entity_timeline(self, name: str, *, limit: int = 200) -> list[RelatedEvent]:
        """Every cached event that involves an entity, oldest first, each once."""
        ids = self.store.entity_event_articles(name, limit)
        found = [(aid, title, ev) for aid, title, ev in self.store.events_of(ids) if name in ev.entities]
        return merge_events([], found)

    # -- analysis ----------------------------------------------------------

    def pending_analysis(self) -> int:
        from reader.nlp.analyse import version

        return self.store.count_pending(version())

    def analyse_pending(self, *, batch: int = 50, workers: int | None = None,
                        on_progress: Callable[[int, int, list[int]], None] | None = None,
                        cancel: threading.Event | None = None,
                        on_relink: Callable[[int, int], None] | None = None) -> int:
        """Analyse articles never analysed (or by another version); returns how many were done.

        Results are saved a batch per transaction: a killed process loses at
        most the batches in hand, and the next run picks up where it stopped.
        With many articles pending, the work is spread over processes (one per
        core) while this thread writes the results.

        Each batch is linked as it is saved, unless most of the cache is waiting
        (RELINK_BACKLOG: a first import, new analysers): then the articles are
        linked all at once at the end (relink, reporting to ``on_relink``), which
        at 5,000 articles and more is much less work than one by one, and leaves
        the cores to the analysis meanwhile. LINKS_DUE in the state table says
        so until it is done, so a run stopped half-way finishes it next time.
        """
        from reader.nlp.analyse import version

        done = 0
        with self._analysis_lock:
            current = version()
            total = self.store.count_pending(current)
            due = self.store.get_state(LINKS_DUE) == "1"
            if total == 0 and not due:
                return 0
            if not due and total >= RELINK_BACKLOG and total * 2 >= self.store.count_analysed():
                self.store.set_state(LINKS_DUE, "1")
                due = True
            workers = workers if workers is not None else (os.cpu_count() or 1)
            pool = _analysis_pool(workers) if workers > 1 and total >= PARALLEL_THRESHOLD else None
            try:
                seen: set[int] = set()
                while cancel is None or not cancel.is_set():
                    # Ask for a few batches at once so every process has one.
                    pending = [p for p in self.store.pending(current, batch * max(1, workers) * 2) if p[0] not in seen]
                    if not pending:
                        break
                    chunks = [pending[i:i + batch] for i in range(0, len(pending), batch)]
                    results_iter = pool.map(_analyse_batch, chunks) if pool else map(_analyse_batch, chunks)
                    for chunk_results in results_iter:
                        self.store.save_analysis([(aid, current, *rest) for aid, *rest in chunk_results],
                                                 link=not due)
                        ids = [r[0] for r in chunk_results]
                        seen.update(ids)
                        done += len(ids)
                        if on_progress is not None:
                            on_progress(done, max(total, done), ids)
                        if cancel is not None and cancel.is_set():
                            break
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            if due and (cancel is None or not cancel.is_set()):
                self._relink(workers, RELINK_CHUNK, on_relink, cancel)
        return done

    def relink(self, *, workers: int | None = None, chunk: int = RELINK_CHUNK,
               on_progress: Callable[[int, int], None] | None = None,
               cancel: threading.Event | None = None) -> int:
        """Recompute every related link and story from the stored entities; returns the articles linked
        (0 when cancelled: the links are then left as they were, and still due, see LINKS_DUE).

        Every analysed article finds its links among all the others, as when
        it is analysed, on every core; each then keeps the best of the links
        it found and those found to it (LinkTable), and the tables are written
        at once, in one transaction. At 100,000 articles that takes minutes
        where linking them one by one takes half an hour. Used after a change
        to how articles are linked, when analysis meets a backlog (see
        analyse_pending), and to build the benchmark caches.
        """
        with self._analysis_lock:
            return self._relink(workers, chunk, on_progress, cancel)

    def _relink(self, workers: int | None, chunk: int, on_progress: Callable[[int, int], None] | None,
                cancel: threading.Event | None) -> int:
        from reader.store.related import BatchCache, LinkTable, plan_links

        ids = self.store.analysed_ids()
        table = LinkTable()
        workers = workers if workers is not None else (os.cpu_count() or 1)
        chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
        done = 0
        if workers > 1 and len(ids) >= PARALLEL_THRESHOLD:
            pool = _analysis_pool(workers, initializer=_relink_init, initargs=(str(self.store.path),))
            results = pool.map(_plan_chunk, chunks)
        else:
            pool, cache = None, BatchCache()
            results = ([(aid, plan_links(self.store.db, aid, cache)) for aid in part] for part in chunks)
        try:
            for plans in results:
                if cancel is not None and cancel.is_set():
                    return 0
                for article_id, plan in plans:
                    table.add(article_id, plan)
                done += len(plans)
                if on_progress is not None:
                    on_progress(done, len(ids))
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        self.store.replace_links(table.related_rows(), table.partner_rows(), table.story_rows())
        self.store.set_state(LINKS_DUE, "0")
        return len(ids)

    def close(self) -> None:
        self.store.close()


PARALLEL_THRESHOLD = 400  # below this, starting processes costs more than it saves
RELINK_BACKLOG = 2000  # pending articles (and at least half the analysed ones) linked at once, at the end
LINKS_DUE = "links.due"  # state key: "1" while a relink is owed (see analyse_pending)


def _analyse_batch(batch: list[tuple[int, str, str, datetime]]) -> list[tuple]:
    """Runs in a worker process (or inline): analysis results of one batch."""
    from reader.nlp.analyse import analyse

    out = []
    for article_id, title, text, published in batch:
        try:
            result = analyse(title, text, published)
        except Exception:  # one bad article must not stop the others; it is stored as analysed, empty
            out.append((article_id, [], [], [], []))
            continue
        out.append((article_id, result.spans, result.timexes, result.entities, result.events))
    return out


_relinking: tuple | None = None  # in a relink worker process: (read-only connection, BatchCache)


def _relink_init(path: str) -> None:
    """Runs once in each relink worker: nothing writes entities while plans are made,
    so one cache holds for the whole run."""
    import sqlite3

    from reader.store.related import BatchCache

    global _relinking
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.execute("PRAGMA cache_size = -32768")
    _relinking = (db, BatchCache())


def _plan_chunk(ids: list[int]) -> list[tuple]:
    from reader.store.related import plan_links

    db, cache = _relinking
    return [(aid, plan_links(db, aid, cache)) for aid in ids]


def _analysis_pool(workers: int, **kwargs):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: never fork a process that runs threads (the app, the refresh pool).
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"), **kwargs)


def make_library(locations: Locations | None = None) -> Library:
    """The one way to build a Library from the user's files (CLI, app and tests)."""
    locations = locations or default_locations()
    config = load_config(locations.config_file)
    if not locations.config_file.exists():
        config = sample_config()
    store = Store(locations.cache_file)
    return Library(store, config, locations)

"""The facade the UI and the CLI call. Everything below it is plain Python.

``make_library()`` builds one from the locations (config file, data dir);
tests build one on a temporary folder. Methods block: the UI calls them from
workers, the CLI directly.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from reader import config as config_mod
from reader import config_edit
from reader.config import Config, FeedConfig, load_config
from reader.locations import Locations, default_locations, samples_dir
from reader.model import Article, ArticleIn, Related, RelatedEvent
from reader.store.db import ArticleRow, CacheError, FeedRow, Store
from reader.store.query import Query, parse_query
from reader.analysis_runs import AnalysisRuns
from reader.refresh_runs import RefreshRuns, counted
from reader.store.retention import Policy

SAMPLE_CONFIG = "feeds.toml"
FILES_FEED = "local:files"


@dataclass
class VacuumReport:
    removed: int  # articles removed by retention
    before: int  # bytes on disk before
    after: int
    how: str  # 'vacuum', 'incremental' or '' (not worth it)

    @property
    def freed(self) -> int:
        return max(0, self.before - self.after)

    def line(self) -> str:
        how = {"vacuum": "rewrote the cache (VACUUM)", "incremental": "gave free pages back (incremental vacuum)",
               "": "left the file as it was (under 10% of it free; --full rewrites it all the same)"}[self.how]
        return (f"removed {counted(self.removed, 'old read article')}; {how}; freed {_mb(self.freed)} "
                f"({_mb(self.before)} -> {_mb(self.after)})")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


@dataclass
class ImportReport:
    """What an OPML import did: feeds added, feeds already there, outlines skipped (one line each)."""

    added: int
    existing: int
    problems: list[str] = field(default_factory=list)

    def __iter__(self):  # (added, already there), as this used to return
        return iter((self.added, self.existing))


@dataclass
class IngestReport:
    path: Path
    ok: bool
    message: str  # 'new', 'updated', 'unchanged' or the error
    article_id: int | None = None
    note: str = ""  # what was changed to store it (a date out of range), for the user


def sample_config() -> Config:
    """The bundled sample feeds, used when the user has no config file."""
    path = samples_dir() / SAMPLE_CONFIG
    if path.exists():
        config = config_mod.load_config(path)
    else:
        config = Config(path=None)
    return replace(config, is_sample=True)


class Library(AnalysisRuns, RefreshRuns):
    def __init__(self, store: Store, config: Config, locations: Locations | None = None):
        self.store = store
        self.config = config
        self.locations = locations
        self._analysis_lock = threading.Lock()
        self.sync_problem = ""  # why the configured feeds could not be written to the cache, if they could not
        if not store.readonly:  # a read-only cache still lists what it holds
            try:
                self._sync_feeds()
                self.clear_samples()  # the user's config has replaced the samples
            except (CacheError, sqlite3.DatabaseError) as exc:
                # A full disk or a damaged page: reading (and `reader check`) must still work.
                self.sync_problem = str(exc)

    @property
    def config(self) -> Config:
        return self._config

    @config.setter
    def config(self, config: Config) -> None:
        """Every new config (read, added to, reloaded) brings its killfile to the store."""
        self._config = config
        self.store.ignore_rules = tuple(rule.search for rule in config.ignore)

    def views(self) -> list[tuple[str, str, int]]:
        """The config's saved views: (name, query, unread articles it shows)."""
        from reader.store.query import parse_query

        out = []
        for view in self.config.views:
            query = parse_query(view.query)
            unread = query.unread is not False  # a view of read articles has none unread
            query.unread = True
            out.append((view.name, view.query, self.store.count(query) if unread else 0))
        return out

    def view(self, name: str):
        """The saved view of this name (any case), or None."""
        return next((v for v in self.config.views if v.name.casefold() == name.strip().casefold()), None)

    @property
    def readonly(self) -> bool:
        """The cache can be read but not written here (a read-only file or folder)."""
        return self.store.readonly

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
        """Read the config file again (raises ConfigError, keeping the config read before, when
        it cannot be read). A config file that has appeared replaces the samples."""
        path = self.locations.config_file if self.locations is not None else self.config.path
        if path is None or (self.config.is_sample and not path.exists()):
            return
        self.config = load_config(path)
        self._sync_feeds()
        self.clear_samples()

    def _sync_feeds(self) -> None:
        """A row for every configured feed. A row an older reader made for a URL with a
        password in it is renamed to the URL without (its articles and state stay): the
        password must not sit in the cache nor show in `reader feeds`."""
        from reader.urls import credentials, strip_password

        renames = []  # found by reading first: a write waits for another process's lock
        for f in self.config.feeds:
            if not f.password:
                continue
            for (row_id, url) in self.store.db.execute("SELECT id, url FROM feeds WHERE url LIKE ?",
                                                       (f"%{f.password}%",)).fetchall():
                if credentials(url)[1] is not None and strip_password(url) == f.url:
                    renames.append((f.url, row_id))
        if renames:
            with self.store.transaction() as db:
                for new_url, row_id in renames:
                    if db.execute("SELECT 1 FROM feeds WHERE url = ?", (new_url,)).fetchone() is None:
                        db.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, row_id))
        self.store.sync_feeds((f.url, f.title, f.tags) for f in self.config.feeds)

    # -- feeds -------------------------------------------------------------

    def feeds(self) -> list[FeedRow]:
        """Configured feeds first (in config order), then local article sources."""
        from reader.urls import redact

        rows = {f.url: f for f in self.store.feeds()}
        ordered = [rows.pop(f.url) for f in self.config.feeds if f.url in rows]
        # An error stored by an older reader may hold a password: never shown.
        return [replace(f, last_error=redact(f.last_error)) if f.last_error else f
                for f in ordered + [f for f in rows.values() if f.kind in ("files", "account", "removed")]]

    def tags(self) -> list[str]:
        return self.store.tags()

    def add_feed(self, url: str, title: str = "", tags: Iterable[str] = ()) -> bool:
        """Add one feed to the config file; False when it is already there (in any spelling)."""
        return bool(self.add_feeds([config_edit.NewFeed(url, title, tuple(tags))]).added)

    def add_feeds(self, feeds: list[config_edit.NewFeed]) -> config_edit.AddResult:
        """Add feeds to the config file in one write (the caller has checked the URLs)."""
        path = self._config_path()
        result = config_edit.add_feeds(path, feeds)
        if result.added:
            self.config = result.config if result.config is not None else load_config(path)
            self._sync_feeds()
            self.clear_samples()  # the first real config replaces the samples
        return result

    def remove_feed(self, feed: FeedConfig, *, keep_articles: bool = False,
                    delete_starred: bool = False) -> tuple[int, int]:
        """Take a feed out of the config file (one write, comments kept), then out of the cache:
        its articles are deleted, but the starred ones unless ``delete_starred``, and none with
        ``keep_articles``; what is kept stays as a "removed" source. Returns (deleted, kept)."""
        self.config = config_edit.remove_feed(self._config_path(), feed)
        return self.store.remove_feed(feed.url, keep_articles=keep_articles, delete_starred=delete_starred)

    def rename_feed(self, feed: FeedConfig, title: str) -> None:
        """Set a feed's title in the config file (one write, comments kept) and in the cache."""
        self.config = config_edit.rename_feed(self._config_path(), feed, title)
        self._sync_feeds()

    def feed_counts(self, url: str) -> tuple[int, int]:
        """(articles, starred) the cache holds for a feed."""
        return self.store.feed_counts(url)

    def clear_samples(self) -> tuple[int, int]:
        """The bundled samples are a demo: once the user has a config file of their own, the
        sample feeds, their tags and articles and the seed article leave the cache. Articles
        the user starred stay (as a "removed" source). Returns (deleted, kept)."""
        if self.config.is_sample or self.store.readonly:
            return 0, 0
        root = samples_dir().resolve()
        prefix = str(root) + os.sep
        deleted = kept = 0
        db = self.store.db
        feeds = [url for (url,) in db.execute("SELECT url FROM feeds WHERE kind IN ('feed', 'removed') "
                                              "AND substr(url, 1, ?) = ?", (len(prefix), prefix))]
        configured = {f.url for f in self.config.feeds}
        for url in feeds:
            if url in configured:  # the user subscribed to a sample on purpose
                continue
            d, k = self.store.remove_feed(url)
            deleted, kept = deleted + d, kept + k
        from reader.ingest.text import file_key

        keys = [file_key(p) for p in root.iterdir() if p.suffix in (".txt", ".md")] if root.is_dir() else []
        if keys:
            marks = ",".join("?" * len(keys))
            rows = db.execute(f"SELECT a.id, f.url FROM articles a JOIN feeds f ON f.id = a.feed_id "
                              f"WHERE f.kind = 'files' AND a.key IN ({marks})", keys).fetchall()
            for url in {url for _, url in rows}:
                # Only the seed articles: a files source holding the user's own files keeps them.
                deleted += self.store.remove_feed(url, article_ids=[i for i, u in rows if u == url])[0]
        return deleted, kept

    def find_feed(self, url: str) -> FeedConfig | None:
        """The configured feed this URL names, in any spelling (reader.urls.identity)."""
        from reader.urls import identity

        key = identity(config_mod.resolve_feed_url(url.strip(), self.config.path.parent if self.config.path else None))
        return next((f for f in self.config.feeds if f.identity == key), None)

    def import_opml(self, path: Path) -> ImportReport:
        """Add the http(s) feeds of an OPML file, in one write of the config file."""
        from reader.opml import read_opml

        found = read_opml(path)
        result = self.add_feeds([config_edit.NewFeed(o.url, o.title, o.tags) for o in found.outlines])
        return ImportReport(added=len(result.added), existing=len(result.existing), problems=list(found.problems))

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

    # -- feed server accounts ----------------------------------------------

    def sync(self, names: Iterable[str] | None = None, *, on_report: Callable | None = None,
             on_progress: Callable[[str, str, int, int], None] | None = None,
             cancel: threading.Event | None = None) -> list:
        """Sync the configured accounts (or those named): one SyncReport each, never raises for a server."""
        from reader.sources.accounts.engine import sync_account

        wanted = set(names) if names is not None else None
        reports = []
        for account in self.config.accounts:
            if wanted is not None and account.name not in wanted:
                continue
            report = sync_account(self.store, account, cancel=cancel, on_progress=(
                (lambda what, done, total, name=account.name: on_progress(name, what, done, total))
                if on_progress is not None else None))
            reports.append(report)
            if on_report is not None:
                on_report(report)
        return reports

    def account(self, name: str):
        """The configured account of that name, or None."""
        return next((a for a in self.config.accounts if a.name == name), None)

    def subscribe(self, account_name: str, url: str, folder: str = ""):
        """Subscribe an account to a feed on its server and sync it (a SyncReport)."""
        from reader.sources.accounts.engine import subscribe

        return subscribe(self.store, self.account(account_name), url, folder)

    def unsubscribe(self, account_name: str, feed_id: int) -> str:
        """Unsubscribe on the server (the articles stay); '' or the error line."""
        from reader.sources.accounts.engine import unsubscribe

        return unsubscribe(self.store, self.account(account_name), feed_id)

    # -- article files -----------------------------------------------------

    def ingest_paths(self, paths: Iterable[Path], *, default_date: date | None = None) -> list[IngestReport]:
        """Store article files; each file is reported, good ones stored even if others fail.

        Files without a URL are keyed by their resolved path (text.file_key).
        A file at a path not stored yet takes over, so that its read and star
        marks stay with it and it is not stored twice:
        - the article of a file that moved: same content, stored under a path
          where no file is any more;
        - an article stored by an older version under the file's name alone
          ("name:story.txt", see schema._FILE_KEYS): first by a file whose
          content is the stored content, else (the file was edited since) by
          the first file of that name in the run. Only one file takes it over;
          the others of that name are new articles.
        """
        from reader.ingest.text import ArticleFileError, article_files, read_article_file
        from reader.store.db import content_hash

        max_bytes = int(self.config.settings.max_file_mb * 1_000_000)
        reports: list[IngestReport | None] = []
        waiting: list[tuple[int, Path, ArticleIn, int, str, list[str]]] = []
        for path in paths:
            path = Path(path)
            if not os.path.lexists(path):
                reports.append(IngestReport(path, False, f"{path}: no such file or folder"))
                continue
            errors: list[str] = []
            files = article_files(path, errors)
            reports.extend(IngestReport(path, False, error) for error in errors)
            if path.is_dir() and not files and not errors:
                reports.append(IngestReport(path, False, f"{path}: no .txt or .md files in this folder"))
            for file in files:
                notes: list[str] = []
                try:
                    article = read_article_file(file, default_date, max_bytes=max_bytes, notes=notes)
                except ArticleFileError as exc:
                    reports.append(IngestReport(file, False, str(exc)))
                    continue
                if article.key.startswith("file://"):
                    feed_id = self._files_feed_id(article)
                    # An older version stored no name it could not write as UTF-8 (it failed).
                    legacy = "name:" + file.name if _utf8(file.name) else ""
                    if not self.store.has_key(feed_id, article.key):
                        digest = content_hash(article.title, article.text, article.url)
                        if (not self._moved_here(feed_id, article.key, digest)
                                and legacy and self.store.has_key(feed_id, legacy)
                                and not self.store.rekey(feed_id, legacy, article.key, digest=digest)):
                            # The old article has other content: a file of this name with that
                            # content may come later in the run; decide at the end.
                            waiting.append((len(reports), file, article, feed_id, legacy, notes))
                            reports.append(None)
                            continue
                reports.append(self._store_file_article(file, article, notes))
        for index, file, article, feed_id, legacy, notes in waiting:
            if not self.store.has_key(feed_id, article.key):
                self.store.rekey(feed_id, legacy, article.key)  # the first one left takes it over
            reports[index] = self._store_file_article(file, article, notes)
        return [r for r in reports if r is not None]

    def _moved_here(self, feed_id: int, key: str, digest: str) -> bool:
        """Re-key the article of a file that moved to ``key``: same content, its old path gone."""
        from urllib.parse import unquote_to_bytes, urlsplit

        for old in self.store.file_keys_with_hash(feed_id, digest):
            # file_key wrote the path's bytes percent-encoded: read them back as bytes.
            if not os.path.lexists(os.fsdecode(unquote_to_bytes(urlsplit(old).path))):
                return self.store.rekey(feed_id, old, key)
        return False

    def _files_feed_id(self, article: ArticleIn) -> int:
        source = article.source or "Local files"
        return self.store.feed_id(f"local:{source}" if article.source else FILES_FEED, title=source, kind="files")

    def _store_file_article(self, path: Path, article: ArticleIn, notes: Iterable[str] = ()) -> IngestReport:
        feed_id = self._files_feed_id(article)
        result = self.store.store_articles(feed_id, [article])
        status = "new" if result.new else "updated" if result.updated else "unchanged"
        row = self.store.db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?",
                                    (feed_id, article.key)).fetchone()
        return IngestReport(path, True, status, row[0] if row else None, "; ".join(notes))

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
        if not _valid_id(article_id):
            return []
        return self.store.story(article_id)

    def newest_article_id(self) -> int | None:
        """The id of the article stored last (by any process), None when there is none."""
        return self.store.db.execute("SELECT max(id) FROM articles").fetchone()[0]

    def search(self, query: str, *, limit: int = 20) -> list[ArticleRow]:
        return self.store.list_articles(parse_query(query), limit=limit)

    def count(self, query: str | Query = "", *, stories: bool = False) -> int:
        """Articles matching the query; with ``stories``, one per story (the rows of the list)."""
        return self.store.count(query, stories=stories)

    def article(self, article_id: int) -> Article | None:
        if not _valid_id(article_id):  # no such article (SQLite cannot even be asked about 10**30)
            return None
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

    def flags(self, ids: Iterable[int], flag: str) -> dict[int, bool]:
        """The stored "read" or "starred" flag of each of these articles."""
        return self.store.flags(ids, flag)

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
        """Related articles, the merged timeline and the story of one article (reader.related_view)."""
        from reader.related_view import related

        if not _valid_id(article_id):
            return None
        return related(self.store, article_id, limit=limit)

    def entity_timeline(self, name: str, *, limit: int = 200) -> list[RelatedEvent]:
        """Every cached event that involves an entity, oldest first, each once."""
        from reader.related_view import entity_timeline

        return entity_timeline(self.store, name, limit=limit)

    def entity_page(self, name: str):
        """What the cache knows about an entity (reader.entities_view.EntityPage), or None when it has no such name."""
        from reader.entities_view import entity_page

        if not isinstance(name, str) or not name.strip():
            return None
        return entity_page(self.store, name, events=self.entity_timeline)

    def cache_stats(self, *, kinds: bool = True):
        """Articles per feed over time, unread by feed, entity kinds (reader.stats.CacheStats);
        ``kinds=False`` skips the entity kinds, the slow part on a big cache."""
        from reader.stats import cache_stats

        return cache_stats(self.store, kinds=kinds)

    # -- retention (reader.store.retention) -----------------------------------

    def retention_policies(self, urls: Iterable[str] | None = None) -> dict[int, Policy]:
        """Feed id -> what it keeps: its own ``keep``, else ``[settings] keep_days``; feeds
        that keep everything are left out. Feeds in the cache but no longer in the config
        (and the article files' feed) follow keep_days."""
        own = {f.url: f for f in self.config.feeds}
        wanted = set(urls) if urls is not None else None
        default = self.config.settings.keep_days
        policies: dict[int, Policy] = {}
        for feed_id, url in self.store.feed_urls().items():
            if wanted is not None and url not in wanted:
                continue
            feed = own.get(url)
            if feed is not None and feed.keep_count is not None:
                policies[feed_id] = Policy(count=feed.keep_count)
            elif feed is not None and feed.keep_days is not None:
                if feed.keep_days > 0:
                    policies[feed_id] = Policy(days=feed.keep_days)
            elif default > 0:
                policies[feed_id] = Policy(days=default)
        return policies

    def apply_retention(self, urls: Iterable[str] | None = None, *, wait: bool = True,
                        on_batch: Callable[[int], None] | None = None) -> int:
        """Remove the read, unstarred articles the retention settings do not keep; returns how many.

        Never while this process analyses or relinks (a relink's plan names the articles it
        saw): it waits for that, or with ``wait=False`` (after a refresh) leaves it for later."""
        policies = self.retention_policies(urls)
        if not policies or self.store.readonly:
            return 0
        if not self._analysis_lock.acquire(blocking=wait):
            return 0
        try:
            return sum(self.store.remove_old(policies, on_batch=on_batch).values())
        finally:
            self._analysis_lock.release()

    def vacuum(self, *, full: bool = False) -> VacuumReport:
        """`reader vacuum`: retention, then the freed space given back to the disk when worth it."""
        before = self.store.disk_bytes()
        removed = self.apply_retention()
        with self._analysis_lock:
            how = self.store.compact(full=full)
        return VacuumReport(removed=removed, before=before, after=self.store.disk_bytes(), how=how)

    def close(self) -> None:
        self.store.close()


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _valid_id(article_id) -> bool:
    """Whether this could be an article id at all: a whole number SQLite can hold, from 1."""
    return isinstance(article_id, int) and not isinstance(article_id, bool) and 1 <= article_id < 2**63




def make_library(locations: Locations | None = None, *, set_aside: bool = True) -> Library:
    """The one way to build a Library from the user's files (CLI, app and tests).

    ``set_aside=False`` (`reader check`): a damaged cache is reported, never moved aside."""
    locations = locations or default_locations()
    config = load_config(locations.config_file)
    if not locations.config_file.exists():
        config = sample_config()
    store = Store(locations.cache_file, set_aside=set_aside)
    return Library(store, config, locations)

"""SQLite access: one file, WAL mode, one connection per thread.

All SQL lives in reader.store: the list's pages, counts and search in
listing.py, analysis results, related links and stories in analyses.py, feeds
and tags in feeds.py (the three mixins of Store), the planning of links in
related.py and linktable.py, the rest here. Callers get dataclasses from reader.model, never rows.
Writes of one feed or one analysis batch happen in one transaction, so a
killed process leaves the cache as it was before or after that unit.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from reader.dates import UNREADABLE_TIME, out_of_range  # noqa: F401 (UNREADABLE_TIME: part of this module's API)
from reader.model import Article, ArticleIn, Document, Enclosure, Event, Span
from reader.store.analyses import Analyses
from reader.store.feeds import Feeds, FeedRow, FeedSchedule  # noqa: F401 (FeedRow, FeedSchedule: part of this module's API)
from reader.store.listing import SORTS, Listing  # noqa: F401 (SORTS: part of this module's API)
from reader.store.retention import Policy
from reader.store.rows import FEED_NAME, ArticleRow, from_db_time, to_db_time  # noqa: F401 (ArticleRow: part of this module's API)
from reader.store.schema import SchemaError, migrate

WRITER_CACHE_KB = 32 * 1024  # SQLite page cache of a connection that writes
BUSY_TIMEOUT_S = 30.0  # how long a connection waits for another process's lock before it says so


class CacheError(Exception):
    """The cache file cannot be used; the message says what was done about it."""


class ReadOnlyCacheError(CacheError):
    """A write to a cache this process may only read."""


def is_readonly_error(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY")


def is_busy_error(exc: BaseException) -> bool:
    """Another process held the write lock longer than BUSY_TIMEOUT_S."""
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def describe_error(exc: sqlite3.DatabaseError) -> str:
    """One line that says what an SQLite error means for the user."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return f"the cache is in use by another reader process and stayed locked ({exc}); try again"
    if name == "SQLITE_FULL":
        return f"the disk is full ({exc}); free some space and try again, nothing stored was lost"
    if name.startswith("SQLITE_READONLY"):
        return f"the cache is read-only here ({exc}); reading works, changes cannot be saved"
    if name.startswith("SQLITE_IOERR") or name.startswith("SQLITE_CANTOPEN"):
        return f"could not read or write the cache file ({exc})"
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return f"the cache file is damaged ({exc}); run `reader check`"
    return str(exc)


def _is_fault(exc: BaseException) -> bool:
    """An error of the file or the disk rather than of the statement (a full disk, a read-only file)."""
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR"))


def _close_quietly(db) -> None:
    if db is not None:
        try:
            db.close()
        except Exception:
            pass


def _set_wal(db: sqlite3.Connection) -> None:
    """WAL mode, once per file. Switching needs a moment alone with the file: another process
    opening it at the same time makes this busy, so it waits (as long as busy_timeout) and retries."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _digest(art: ArticleIn) -> str:
    # The feed's own text: when the body is a fetched full text, the summary is what the feed said.
    return content_hash(art.title, art.summary if art.full_text_url else art.text, art.url)


def _has_extras(art: ArticleIn) -> bool:
    return bool(art.enclosures or art.full_text_url or (art.document is not None and not art.document.is_plain()))


def _save_extras(db: sqlite3.Connection, article_id: int, art: ArticleIn, *, replace: bool) -> None:
    """Structure, summary and enclosures of one article, in the caller's transaction."""
    if replace:
        db.execute("DELETE FROM article_docs WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM enclosures WHERE article_id = ?", (article_id,))
    doc = art.document
    structure = doc.structure_json() if doc is not None and not doc.is_plain() and doc.text == art.text else None
    if structure is not None or art.full_text_url:
        db.execute("INSERT INTO article_docs (article_id, structure, summary, full_text_url) VALUES (?, ?, ?, ?)",
                   (article_id, structure, art.summary, art.full_text_url))
    if art.enclosures or replace:
        db.executemany(
            "INSERT INTO enclosures (article_id, idx, url, type, length, duration, title) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, i, e.url, e.type, e.length, e.duration, e.title) for i, e in enumerate(art.enclosures)])
        db.execute("UPDATE articles SET enclosures = ? WHERE id = ?", (len(art.enclosures), article_id))


def content_hash(title: str, text: str, url: str) -> str:
    import hashlib  # imported when articles are stored, not when the app starts

    return hashlib.sha1(f"{title}\0{text}\0{url}".encode("utf-8", "replace")).hexdigest()


@dataclass
class StoreResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class Store(Feeds, Listing, Analyses):
    def __init__(self, path: Path, *, set_aside: bool = True):
        """``set_aside=False`` (`reader check`): a damaged file is reported, never moved."""
        self.path = Path(path)
        self.set_aside = set_aside
        self._local = threading.local()
        self._lock = threading.Lock()
        self._entity_generation = 0  # bumped when this process saves entities
        self._entity_names_cache: tuple[tuple, dict[str, list[str]]] | None = None
        self.readonly = False  # set by _open_checked: True when this process may only read the cache
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"{self.path.parent}: cannot make the cache's folder ({exc.strerror})") from None
        self._open_checked()

    # -- connections -------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            return self._connect_readonly()
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        try:
            _set_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            db.close()  # never leave a half-set-up connection holding the file
            raise
        return db

    def _connect_readonly(self) -> sqlite3.Connection:
        """A connection that never writes: for a cache in a file or folder this user cannot write.

        ``mode=ro`` still needs the -shm file of a WAL cache; when even that cannot
        be made (a read-only folder), ``immutable=1`` reads the file as it is."""
        from urllib.parse import quote

        base = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        for uri in (base, base + "&immutable=1"):
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
            try:
                db.execute("PRAGMA temp_store = MEMORY")
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.OperationalError:
                db.close()
                if uri != base:
                    raise
        raise AssertionError("unreachable")

    def _writable(self) -> bool:
        """Whether this process may write the cache file and make its -wal and -shm beside it."""
        import os

        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return False
        return not self.path.exists() or os.access(self.path, os.W_OK)

    def _open_checked(self) -> None:
        """Open and migrate.

        The cache is moved aside only when SQLite itself says the file is damaged
        ("file is not a database", or quick_check finds problems). A lock, a busy
        database, a full disk, an I/O error, a read-only file or a failed upgrade
        leave the file where it is and say what happened (CacheError).
        """
        self.readonly = not self._writable()
        db = None
        try:
            db = self._connect()
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if self.readonly:
                self._check_readonly_version(db)
            else:
                migrate(db)
        except SchemaError as exc:
            _close_quietly(db)
            raise CacheError(f"{self.path}: {exc}; the cache was left as it is") from None
        except sqlite3.DatabaseError as exc:
            _close_quietly(db)
            if is_readonly_error(exc) and not self.readonly:
                # The file system said no (a read-only mount): read what is there.
                self.readonly = True
                return self._open_readonly_after(exc)
            if self._damaged(exc):
                if not self.set_aside:
                    raise CacheError(f"{self.path}: not a usable cache ({exc}); it was left where it is. "
                                     "Run reader (without check) to move it aside and start a new cache, "
                                     "or recover it with sqlite3's .recover first") from None
                self._set_aside(exc)
            raise CacheError(f"{self.path}: {describe_error(exc)}; the cache was left as it is") from None
        self._local.db = db

    def _open_readonly_after(self, first: sqlite3.DatabaseError) -> None:
        try:
            db = self._connect()
            self._check_readonly_version(db)
        except SchemaError as exc:
            raise CacheError(f"{self.path}: {exc}; the cache was left as it is") from None
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"{self.path}: {describe_error(exc)}; the cache was left as it is") from None
        self._local.db = db

    def _check_readonly_version(self, db: sqlite3.Connection) -> None:
        from reader.store.schema import VERSION

        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != VERSION:
            raise SchemaError(f"the cache is read-only and at schema {version}, not {VERSION}; "
                              "it cannot be upgraded until it is writable")

    def _damaged(self, exc: sqlite3.DatabaseError) -> bool:
        """True only when SQLite says the file is damaged, never on a lock or an I/O error."""
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB":
            return True
        if name != "SQLITE_CORRUPT" and not name.startswith("SQLITE_CORRUPT_"):
            return False
        try:
            probe = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError:
            return False
        try:
            rows = [row[0] for row in probe.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as again:
            return getattr(again, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
        finally:
            probe.close()
        return rows != ["ok"]

    def set_aside_files(self) -> list[Path]:
        """Earlier caches moved aside beside this one (see _set_aside), oldest first."""
        try:
            return sorted(p for p in self.path.parent.glob(f"{self.path.name}.corrupt-*")
                          if not p.name.endswith(("-wal", "-shm")))
        except OSError:
            return []

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.move(str(self.path), aside)
        for suffix in ("-wal", "-shm"):
            extra = Path(str(self.path) + suffix)
            if extra.exists():
                shutil.move(str(extra), str(aside) + suffix)
        raise CacheError(
            f"{self.path}: not a usable cache ({exc}); it was moved to {aside} and nothing was deleted. "
            "Run reader again to start a new cache."
        ) from None

    @property
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        if not getattr(self._local, "bulk", False):
            # A thread that writes (refresh, analysis and linking) keeps more pages: linking
            # reads the entity index over and over, and FTS merges its segments. With
            # SQLite's default 2 MB, building the bench's 10,000-article cache spent 13 s
            # of system time re-reading pages; with 32 MB, 4 s (and 63 -> 55 s in all).
            # Threads that only read (the UI's) keep the default.
            db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
            self._local.bulk = True
        if self.readonly:
            raise ReadOnlyCacheError(f"{self.path}: the cache is read-only here; reading works, "
                                     "changes cannot be saved (make the file and its folder writable)")
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            else:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if _is_fault(exc):
                # A full disk, a read-only file system, an I/O error: the transaction was rolled back,
                # nothing stored changed; say so in one line.
                error = ReadOnlyCacheError if is_readonly_error(exc) else CacheError
                raise error(f"{self.path}: {describe_error(exc)}; this change was not saved") from None
            raise

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
            self._local.bulk = False

    def check(self) -> list[str]:
        """PRAGMA integrity_check plus the FTS index's own check; [] when healthy."""
        try:
            problems = [row[0] for row in self.db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        except sqlite3.DatabaseError as exc:  # damage bad enough that the whole check stops: table by table
            return self._check_tables(exc)
        if self.readonly:
            return problems  # the search index's check is a write (an FTS5 command): not possible here
        try:
            self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index: {exc}")
        return problems

    def _check_tables(self, first: sqlite3.DatabaseError) -> list[str]:
        """integrity_check of each table on its own, so the list names every damaged one."""
        try:
            tables = [r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        except sqlite3.DatabaseError as exc:
            return [f"the list of tables cannot be read: {exc}"]
        problems = []
        for table in tables:
            try:
                rows = [r[0] for r in self.db.execute(f'PRAGMA integrity_check("{table}")') if r[0] != "ok"]
            except sqlite3.DatabaseError as exc:
                rows = [str(exc)]
            problems += [f"{table}: {row}" for row in rows]
        return problems or [f"integrity check stopped: {first}"]

    # -- feeds -------------------------------------------------------------

    def existing_ids(self, article_ids: Iterable[int]) -> set[int]:
        ids = list(article_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found |= {r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
        return found

    # -- articles ----------------------------------------------------------

    def store_articles(self, feed_id: int, articles: Iterable[ArticleIn], *, refresh: dict | None = None) -> StoreResult:
        """Upsert one feed's articles in one transaction; read/starred state is kept.

        ``refresh`` (keyword arguments of record_refresh) is written in the same
        transaction, so validators never run ahead of the articles they cover.

        New articles go in with one INSERT ... SELECT from a temporary table: FTS5
        flushes its pending index data at every statement boundary inside a
        transaction, so one INSERT per row (with the articles_ai trigger
        indexing each) wrote a tiny index segment per article and then merged
        them; one statement per feed indexes the feed in one go (storing 50
        feeds of 100 articles: 1.2 s -> 0.7 s). The triggers still do the
        indexing, for this and every other write.
        """
        result = StoreResult()
        now = datetime.now(timezone.utc)
        # The sources refuse or replace dates out of range (reader.dates); this is the last
        # guard, so no source can store a date the list cannot sort or show.
        articles = [art if art.published is None or out_of_range(art.published, now) is None
                    else replace(art, published=now, date_is_guess=True) for art in articles]
        keys = [art.key for art in articles]
        with self.transaction() as db:
            if len(set(keys)) != len(keys):
                # A key twice in one batch: the later one updates the earlier, row by row.
                self._store_one_by_one(db, feed_id, articles, now, result)
            else:
                existing = {
                    key: (article_id, digest) for key, article_id, digest in db.execute(
                        "SELECT key, id, hash FROM articles WHERE feed_id = ? "
                        "AND key IN (SELECT value FROM json_each(?))",
                        (feed_id, json.dumps(keys, ensure_ascii=False)),
                    )
                } if keys else {}
                gone = self._removed_keys(db, feed_id, [k for k in keys if k not in existing])
                new_rows = []
                extras = []
                backfill: dict[int, ArticleIn] = {}
                for art in articles:
                    digest = _digest(art)
                    row = existing.get(art.key)
                    if row is None and art.key in gone:  # removed by retention: not brought back
                        result.unchanged += 1
                    elif row is None:
                        new_rows.append((art.key, art.title, art.text, art.url, art.author, art.source,
                                         to_db_time(art.published or now), int(art.date_is_guess), digest))
                        if _has_extras(art):
                            extras.append(art)
                    elif row[1] != digest:
                        self._update_article(db, row[0], art, art.published or now, digest)
                        result.updated += 1
                    else:
                        result.unchanged += 1
                        if _has_extras(art):
                            backfill[row[0]] = art
                if backfill:
                    # Articles stored before documents existed (or by an older reader): the feed
                    # still carries the item, so its structure and enclosures are added now.
                    ids = json.dumps(list(backfill))
                    have = {i for (i,) in db.execute(
                        "SELECT article_id FROM article_docs WHERE article_id IN (SELECT value FROM json_each(?)) "
                        "UNION SELECT id FROM articles WHERE enclosures > 0 AND id IN (SELECT value FROM json_each(?))",
                        (ids, ids))}
                    for article_id, art in backfill.items():
                        if article_id not in have:
                            _save_extras(db, article_id, art, replace=False)
                if new_rows:
                    # Staged in a temporary table (this connection's own, in
                    # memory, emptied in this transaction), then one INSERT.
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (key, title, text, url, author, "
                               "source, published, date_is_guess, hash)")
                    db.execute("DELETE FROM temp.incoming")
                    db.executemany("INSERT INTO temp.incoming VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
                    db.execute(
                        "INSERT INTO articles (feed_id, key, title, text, url, author, source, published, "
                        "date_is_guess, hash) SELECT ?, key, title, text, url, author, source, published, "
                        "date_is_guess, hash FROM temp.incoming ORDER BY rowid",  # document order
                        (feed_id,),
                    )
                    db.execute("DELETE FROM temp.incoming")
                    result.new += len(new_rows)
                if extras:
                    ids = dict(db.execute(
                        "SELECT key, id FROM articles WHERE feed_id = ? AND key IN (SELECT value FROM json_each(?))",
                        (feed_id, json.dumps([a.key for a in extras], ensure_ascii=False))))
                    for art in extras:
                        _save_extras(db, ids[art.key], art, replace=False)
            if refresh is not None:
                self._record_refresh(db, feed_id, **refresh)
        return result

    def _store_one_by_one(self, db, feed_id: int, articles: list[ArticleIn], now: datetime,
                          result: StoreResult) -> None:
        gone = self._removed_keys(db, feed_id, [art.key for art in articles])
        for art in articles:
            published = art.published or now
            digest = _digest(art)
            row = db.execute(
                "SELECT id, hash FROM articles WHERE feed_id = ? AND key = ?", (feed_id, art.key)
            ).fetchone()
            if row is None and art.key in gone:  # removed by retention: not brought back
                result.unchanged += 1
            elif row is None:
                db.execute(
                    "INSERT INTO articles (feed_id, key, title, text, url, author, source, published, "
                    "date_is_guess, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (feed_id, art.key, art.title, art.text, art.url, art.author, art.source,
                     to_db_time(published), int(art.date_is_guess), digest),
                )
                if _has_extras(art):
                    new_id = db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?",
                                        (feed_id, art.key)).fetchone()[0]
                    _save_extras(db, new_id, art, replace=False)
                result.new += 1
            elif row[1] != digest:
                self._update_article(db, row[0], art, published, digest)
                result.updated += 1
            else:
                result.unchanged += 1

    @staticmethod
    def _removed_keys(db, feed_id: int, keys: list[str]) -> set[str]:
        """Which of these keys retention removed from this feed (reader.store.retention)."""
        if not keys:
            return set()
        return {r[0] for r in db.execute(
            "SELECT key FROM removed_articles WHERE feed_id = ? AND key IN (SELECT value FROM json_each(?))",
            (feed_id, json.dumps(keys, ensure_ascii=False)))}

    @staticmethod
    def _update_article(db, article_id: int, art: ArticleIn, published: datetime, digest: str) -> None:
        db.execute(
            "UPDATE articles SET title = ?, text = ?, url = ?, author = ?, source = ?, "
            "published = CASE WHEN ? THEN published ELSE ? END, "
            "date_is_guess = CASE WHEN ? THEN date_is_guess ELSE 0 END, "
            "hash = ?, analysed = NULL WHERE id = ?",
            (art.title, art.text, art.url, art.author, art.source, int(art.date_is_guess),
             to_db_time(published), int(art.date_is_guess), digest, article_id),
        )
        _save_extras(db, article_id, art, replace=True)

    def rekey(self, feed_id: int, old_key: str, new_key: str, *, digest: str | None = None) -> bool:
        """Give the article stored under ``old_key`` the key ``new_key`` (read and star kept);
        with ``digest``, only if its content hash is that. False when there is no such
        article, the hash differs, or ``new_key`` is already taken."""
        with self.transaction() as db:
            row = db.execute("SELECT id, hash FROM articles WHERE feed_id = ? AND key = ?",
                             (feed_id, old_key)).fetchone()
            if row is None or (digest is not None and row[1] != digest):
                return False
            if db.execute("SELECT 1 FROM articles WHERE feed_id = ? AND key = ?", (feed_id, new_key)).fetchone():
                return False
            db.execute("UPDATE articles SET key = ? WHERE id = ?", (new_key, row[0]))
            return True

    def file_keys_with_hash(self, feed_id: int, digest: str) -> list[str]:
        """Keys of a feed's article-file articles (file:// keys) whose content hash is ``digest``."""
        # The condition of the partial index articles_file_hash, word for word, so it is used.
        return [r[0] for r in self.db.execute(
            "SELECT key FROM articles WHERE feed_id = ? AND hash = ? AND substr(key, 1, 7) = 'file://' ORDER BY id",
            (feed_id, digest))]

    def has_key(self, feed_id: int, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE feed_id = ? AND key = ?",
                               (feed_id, key)).fetchone() is not None

    def article(self, article_id: int) -> Article | None:
        r = self.db.execute(
            f"SELECT a.id, a.feed_id, {FEED_NAME}, a.key, a.title, a.text, a.url, "
            "a.author, a.published, a.date_is_guess, a.read, a.starred, a.analysed, a.enclosures "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if r is None:
            return None
        article = Article(id=r[0], feed_id=r[1], feed=r[2], key=r[3], title=r[4], text=r[5], url=r[6],
                          author=r[7], published=from_db_time(r[8]), date_is_guess=bool(r[9]),
                          read=bool(r[10]), starred=bool(r[11]), analysed=r[12] is not None)
        if article.analysed:
            article.entities = self.spans(article_id)
            article.events = self.events(article_id)
        doc = self.db.execute("SELECT structure, summary FROM article_docs WHERE article_id = ?",
                              (article_id,)).fetchone()
        if doc is not None:
            if doc[0]:
                article.document = Document.from_structure_json(article.text, doc[0])
            article.summary = doc[1]
        if r[13]:
            article.enclosures = self.enclosures(article_id)
        return article

    def enclosures(self, article_id: int) -> list[Enclosure]:
        return [Enclosure(url=u, type=t, length=n, duration=d, title=title)
                for u, t, n, d, title in self.db.execute(
                    "SELECT url, type, length, duration, title FROM enclosures WHERE article_id = ? ORDER BY idx",
                    (article_id,))]

    # -- full text ---------------------------------------------------------

    def known_keys(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Which of these keys the feed already has (so a refresh fetches full text only for new items)."""
        return {k for (k,) in self.db.execute(
            "SELECT key FROM articles WHERE feed_id = ? AND key IN (SELECT value FROM json_each(?))",
            (feed_id, json.dumps(list(keys), ensure_ascii=False)))}

    def full_text_state(self, article_id: int) -> tuple[str, str] | None:
        """(url it was fetched from, last error) of an article's full text, None when never tried."""
        row = self.db.execute("SELECT full_text_url, full_text_error FROM article_docs WHERE article_id = ?",
                              (article_id,)).fetchone()
        if row is None or not (row[0] or row[1]):
            return None
        return row[0], row[1]

    def set_full_text(self, article_id: int, document: Document, url: str) -> bool:
        """Make a fetched page's text the article's body, keeping the feed's text as its summary.

        The stored hash stays the feed's, so the next refresh sees the item
        unchanged and keeps the full text. The article is analysed again.
        """
        with self.transaction() as db:
            row = db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            old = db.execute("SELECT summary FROM article_docs WHERE article_id = ?", (article_id,)).fetchone()
            summary = old[0] if old is not None and old[0] else row[0]
            db.execute("UPDATE articles SET text = ?, analysed = NULL WHERE id = ?", (document.text, article_id))
            db.execute(
                "INSERT INTO article_docs (article_id, structure, summary, full_text_url, full_text_error) "
                "VALUES (?, ?, ?, ?, '') ON CONFLICT (article_id) DO UPDATE SET structure = excluded.structure, "
                "summary = excluded.summary, full_text_url = excluded.full_text_url, full_text_error = ''",
                (article_id, None if document.is_plain() else document.structure_json(), summary, url),
            )
        return True

    def set_full_text_errors(self, feed_id: int, errors: dict[str, str]) -> None:
        """set_full_text_error for a feed's articles by key, in one transaction."""
        with self.transaction() as db:
            for key, error in errors.items():
                db.execute(
                    "INSERT INTO article_docs (article_id, full_text_error) "
                    "SELECT id, ? FROM articles WHERE feed_id = ? AND key = ? "
                    "ON CONFLICT (article_id) DO UPDATE SET full_text_error = excluded.full_text_error",
                    (error, feed_id, key))

    def set_full_text_error(self, article_id: int, error: str) -> None:
        """Remember why fetching an article's full text failed; its text stays as it is."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO article_docs (article_id, full_text_error) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET full_text_error = excluded.full_text_error",
                (article_id, error),
            )

    def spans(self, article_id: int) -> list[Span]:
        return [Span(start=s, end=e, label=label, text="", name=name)
                for s, e, label, name in self.db.execute(
                    "SELECT start, end, label, name FROM spans WHERE article_id = ? ORDER BY start", (article_id,))]

    def events(self, article_id: int) -> list[Event]:
        return [Event(value=v, mod=m, display=d, text=t, entities=json.loads(ents), start=s, end=e,
                      evidence=[tuple(x) for x in json.loads(ev)])
                for v, m, d, t, ents, s, e, ev in self.db.execute(
                    "SELECT value, mod, display, text, entities, start, end, evidence FROM events "
                    "WHERE article_id = ? ORDER BY idx", (article_id,))]

    def set_flag(self, article_ids: Iterable[int], flag: str, value: bool) -> None:
        assert flag in ("read", "starred")
        with self.transaction() as db:
            db.executemany(f"UPDATE articles SET {flag} = ? WHERE id = ?", [(int(value), i) for i in article_ids])

    def flags(self, article_ids: Iterable[int], flag: str) -> dict[int, bool]:
        """The stored read or starred flag of each of these articles (those that exist)."""
        assert flag in ("read", "starred")
        ids = list(article_ids)
        found: dict[int, bool] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update((i, bool(v)) for i, v in self.db.execute(
                f"SELECT id, {flag} FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    # -- state -------------------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    # -- retention (reader.store.retention) ----------------------------------

    def remove_old(self, policies: dict[int, Policy], *, now: str | None = None,
                   on_batch: Callable[[int], None] | None = None) -> dict[int, int]:
        """Remove each feed's read, unstarred articles its policy does not keep; feed id -> removed.

        One write transaction per batch of removals (retention.BATCH), each taking the write
        lock as every writer does (BEGIN IMMEDIATE, waiting busy_timeout for another writer)."""
        from reader.store import retention

        now = now or to_db_time(datetime.now(timezone.utc))
        removed: dict[int, int] = {}
        for feed_id, policy in policies.items():
            cutoff = retention.cutoff_time(now, policy.days) if policy.days is not None else None
            while True:
                with self.transaction() as db:
                    ids = retention._removable_ids(db, feed_id, policy, cutoff, retention.BATCH)
                    count = retention.remove(db, ids)
                if count:
                    removed[feed_id] = removed.get(feed_id, 0) + count
                    if on_batch is not None:
                        on_batch(count)
                if len(ids) < retention.BATCH:
                    break
        return removed

    def disk_bytes(self) -> int:
        """The cache's size on disk: the file, its write-ahead log and shared-memory index."""
        total = 0
        for suffix in ("", "-wal", "-shm"):
            try:
                total += Path(f"{self.path}{suffix}").stat().st_size
            except OSError:
                pass
        return total

    def compact(self, *, full: bool = False, min_free: float = 0.1) -> str:
        """Give free pages back to the file system; returns what was done ('incremental', 'vacuum', '').

        A cache in incremental auto-vacuum mode frees its free pages at once (PRAGMA
        incremental_vacuum, in a write transaction). Otherwise, when at least ``min_free`` of
        its pages are free (or ``full``), VACUUM rewrites it, switching it to incremental mode
        so later runs are cheap; ``full`` also merges the search index's segments first.
        VACUUM takes the write lock like every writer, waiting busy_timeout for another one;
        a busy cache, a full disk or an I/O error leave the cache as it was (SQLite's own
        rollback) and are said as such."""
        if self.readonly:
            raise ReadOnlyCacheError(f"{self.path}: the cache is read-only here; it cannot be vacuumed")
        db = self.db
        done = ""
        try:
            if full:
                with self.transaction() as tx:
                    tx.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            incremental = db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
            if incremental and not full:
                if free:
                    with self.transaction() as tx:
                        tx.execute("PRAGMA incremental_vacuum").fetchall()
                    done = "incremental"
            elif full or (pages and free / pages >= min_free):
                db.execute("PRAGMA auto_vacuum = INCREMENTAL")
                db.execute("VACUUM")
                done = "vacuum"
            # The write-ahead log holds the removals until it is copied back: truncated either way.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.DatabaseError as exc:
            if _is_fault(exc):
                raise CacheError(f"{self.path}: {describe_error(exc)}; the cache is as it was") from None
            raise
        return done

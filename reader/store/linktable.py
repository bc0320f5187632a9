"""LinkTable: every article's links at once, from every article's plan (Library.relink).

Each article keeps the links it found (its plan: at most MAX_LINKS); the other
side reads them through the index on (other_id, score, shared), and an article's list
is the best of the links it found and the links found to it, each with the
score its finder gave, the higher where both found each other
(Store.related_articles). Linking articles one by one as
they arrive stores the same rows, whatever the order.

The links found are spooled to a scratch SQLite file (beside the cache when
the caller names its folder) rather than held in memory: a million articles
find tens of millions of links, and holding them as Python tuples took 12 GB.
A relink killed before its end leaves its scratch file behind; the next one
removes it (and no file another process is using: each is locked while in
use). Reading them back walks the file in article order, so the cache's table
is written in the order of its primary key.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.store.db import CacheError, _is_fault, describe_error
from reader.store.related import Plan

SPOOL_PREFIX = ".relink-"  # the scratch file's name starts so, in the cache's folder
REPORT_EVERY = 1000  # articles read back between two reports of related_rows(on_articles)


class LinkTable:
    def __init__(self, folder: Path | None = None) -> None:
        self.partner: dict[int, int] = {}  # article -> its story partner (at most one an article)
        self._folder = folder
        self._spool: sqlite3.Connection | None = None
        self.path: Path | None = None  # the scratch file, while there is one
        self._lock: int | None = None  # its descriptor, locked while in use

    def __enter__(self) -> LinkTable:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _found(self) -> sqlite3.Connection:
        if self._spool is None:
            if self._folder is not None:
                remove_stale_spools(self._folder)
            try:
                fd, name = tempfile.mkstemp(prefix=SPOOL_PREFIX, suffix=".sqlite", dir=self._folder)
            except OSError as exc:
                raise CacheError(f"{self._folder or tempfile.gettempdir()}: cannot make the relink's scratch file "
                                 f"({exc.strerror}); the links were left as they were") from None
            self._lock = _hold(fd)
            self.path = Path(name)
            db = sqlite3.connect(self.path, isolation_level=None)
            # A scratch file, dropped at the end: no journal, no syncing; its sorts (building the
            # index below) go to temporary files, not memory.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA temp_store = FILE")
            db.execute("CREATE TABLE found (article_id INTEGER, other_id INTEGER, score REAL, shared TEXT, "
                       "PRIMARY KEY (article_id, other_id)) WITHOUT ROWID")
            self._spool = db
        return self._spool

    def add_many(self, plans: Iterable[tuple[int, Plan | None]]) -> None:
        """Each (article id, its plan); None for an article that could not be planned."""
        rows = []
        for article_id, plan in plans:
            if plan is None:
                continue
            rows.extend((article_id, other, score, shared) for score, other, shared in plan.links)
            if plan.story_with is not None:
                self.partner[article_id] = plan.story_with
        if rows:
            db = self._found()
            try:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO found VALUES (?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                if not _is_fault(exc):
                    raise
                # A full disk, say: one line, and the cache's links stay as they were.
                raise CacheError(f"{self.path}: writing the relink's scratch file failed: {describe_error(exc)}; "
                                 "the links were left as they were") from None

    def related_rows(self, on_articles: Callable[[int], None] | None = None
                     ) -> Iterator[tuple[int, int, float, str]]:
        """(article_id, other_id, score, shared) in primary-key order; ``on_articles(n)`` is told
        every REPORT_EVERY articles how many have been read back (writing them is most of a
        big relink)."""
        if self._spool is None:
            return
        rows = self._spool.execute("SELECT article_id, other_id, score, shared FROM found ORDER BY article_id, other_id")
        for count, (_article_id, links) in enumerate(itertools.groupby(rows, key=lambda row: row[0]), 1):
            if on_articles is not None and count % REPORT_EVERY == 0:
                on_articles(count)
            yield from links

    def partner_rows(self) -> list[tuple[int, int]]:
        return sorted(self.partner.items())

    def story_rows(self) -> list[tuple[int, int]]:
        """(article_id, story_id): the groups _join_story keeps, from the partners alone."""
        root: dict[int, int] = {}

        def find(node: int) -> int:
            while root.get(node, node) != node:
                root[node] = root.get(root[node], root[node])  # halve the path
                node = root[node]
            return node

        for article_id, partner in self.partner.items():
            a, b = find(article_id), find(partner)
            if a != b:
                root[max(a, b)] = min(a, b)  # the root stays the smallest id of its group
        members = {node for pair in self.partner.items() for node in pair}
        return sorted((node, find(node)) for node in members)

    def close(self) -> None:
        """Drop the scratch file."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _hold(fd: int) -> int:
    """Lock the scratch file for as long as this process uses it (an advisory lock of its own,
    apart from SQLite's): remove_stale_spools leaves a locked one alone."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):  # no flock here: the file is still removed when done
        pass
    return fd


def remove_stale_spools(folder: Path) -> list[Path]:
    """Remove the scratch files a relink killed before its end left in ``folder`` (gigabytes at a
    million articles), and only those: a file another process is relinking with is locked.
    Where files cannot be locked (no flock), nothing is removed."""
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    for path in sorted(folder.glob(f"{SPOOL_PREFIX}*.sqlite")):
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # in use
        try:
            path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed

"""The cache's schema, as numbered migrations.

``PRAGMA user_version`` holds the version; each function moves the database
from version N-1 to N inside one transaction. Migrations never drop a user's
data: add columns and tables, copy, never delete.
"""

from __future__ import annotations

import sqlite3
import sys


_V1 = """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,                -- as the config names it
            fetch_url TEXT,                          -- where it moved permanently (301/308), if it did
            title TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'feed',      -- 'feed' or 'files'
            link TEXT NOT NULL DEFAULT '',
            etag TEXT,
            last_modified TEXT,
            last_refresh TEXT,                       -- UTC 'YYYY-MM-DD HH:MM:SS'
            last_status TEXT NOT NULL DEFAULT '',    -- 'ok', 'unchanged', 'error', 'gone'
            last_error TEXT NOT NULL DEFAULT '',
            retry_after TEXT,
            added TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE feed_tags (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (feed_id, tag)
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            key TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL,                 -- UTC 'YYYY-MM-DD HH:MM:SS'
            date_is_guess INTEGER NOT NULL DEFAULT 0,
            hash TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            added TEXT NOT NULL DEFAULT (datetime('now')),
            analysed TEXT,                           -- analyser version, NULL = pending
            UNIQUE (feed_id, key)
        );
        CREATE INDEX articles_published ON articles (published DESC, id DESC);
        CREATE INDEX articles_feed ON articles (feed_id, published DESC);
        CREATE INDEX articles_unread ON articles (read, published DESC);
        CREATE INDEX articles_starred ON articles (starred, published DESC);
        CREATE INDEX articles_pending ON articles (analysed);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;

        -- Analysis results, replaced whole when an article is re-analysed.
        CREATE TABLE spans (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL DEFAULT '',          -- TIMEX3 value for DATE spans
            mod TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX spans_article ON spans (article_id, start);
        CREATE TABLE article_entities (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            salience REAL NOT NULL,
            PRIMARY KEY (article_id, name, label)
        );
        CREATE INDEX article_entities_name ON article_entities (name, salience DESC);
        CREATE TABLE events (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            value TEXT NOT NULL,
            mod TEXT NOT NULL,
            display TEXT NOT NULL,
            text TEXT NOT NULL,
            entities TEXT NOT NULL,                  -- JSON list of canonical names
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE TABLE event_entities (
            name TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            PRIMARY KEY (name, article_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX event_entities_article ON event_entities (article_id);

        -- Related links, computed when an article is analysed; since schema 15 each is
        -- stored once, by the article that found it (see _LINKS_BY_FINDER).
        CREATE TABLE related (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            other_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            shared TEXT NOT NULL,                    -- JSON list of shared entity names
            PRIMARY KEY (article_id, other_id)
        ) WITHOUT ROWID;
        CREATE INDEX related_other ON related (other_id);
        -- Stories: articles that report the same thing share a story_id
        -- (the id of the story's first article).
        CREATE TABLE stories (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL
        );
        CREATE INDEX stories_story ON stories (story_id);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Related links read, for each salient entity, the articles that mention it
# most saliently: with article_id in the index that is one index range scan,
# not one table lookup per candidate (half the cost of linking an article).
# feed:NAME also matches the source named by each article: the distinct
# sources are read by a skip scan of articles_source, not a LIKE on every row.
_V2 = """
        CREATE INDEX article_entities_cover ON article_entities (name, salience DESC, article_id);
        DROP INDEX article_entities_name;
        CREATE INDEX articles_source ON articles (source);
"""

# Stories are the connected groups of "reports the same story as" pairs: each
# analysed article names at most one partner, and linking one article again
# regroups only the articles its old and new partners connect. Before V3 only
# the groups were stored; each member's partner becomes the group's first
# member, which keeps every group as it was.
_V3 = """
        CREATE TABLE story_partners (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            partner INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        );
        CREATE INDEX story_partners_partner ON story_partners (partner);
        INSERT INTO story_partners
            SELECT s.article_id, g.first FROM stories s
            JOIN (SELECT story_id, min(article_id) AS first FROM stories GROUP BY story_id) g USING (story_id)
            WHERE s.article_id != g.first;
"""

# Per-feed schedules (ingest/schedule.py): what the feed and its server asked for at the
# last fetch. The user's interval comes from the config, so it is not stored.
_FEED_SCHEDULE = """
        ALTER TABLE feeds ADD COLUMN not_before TEXT;    -- UTC: no fetch before (ttl, sy:update*, max-age)
        ALTER TABLE feeds ADD COLUMN feed_hint REAL;     -- seconds the feed document asks (ttl, sy:update*)
        ALTER TABLE feeds ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0;  -- 429/503 answers in a row
"""

# Article files without a URL were keyed "file:" + the file's name, so two
# files of one name overwrote each other; they are now keyed by their resolved
# path ("file:///..."; reader.ingest.text.file_key). The old name keys move to
# "name:" + the name, which says what they are and can never be taken for a
# path key. The next ingest of a file of that name takes the article over
# (Library.ingest_paths), keeping its read and star marks.
_FILE_KEYS = """
        UPDATE articles SET key = 'name:' || substr(key, 6)
        WHERE substr(key, 1, 5) = 'file:' AND substr(key, 1, 8) != 'file:///'
          AND feed_id IN (SELECT id FROM feeds WHERE kind = 'files')
          AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.feed_id = articles.feed_id
                          AND b.key = 'name:' || substr(articles.key, 6));
        -- A moved file finds its article by content (Library._moved_here): only file articles.
        CREATE INDEX articles_file_hash ON articles (feed_id, hash) WHERE substr(key, 1, 7) = 'file://';
"""

# analysis_claims: the pending articles a process is analysing now, claimed in one
# IMMEDIATE transaction, so two processes never analyse the same article twice. A
# claim ends when its analysis is saved, when its process ends, or when its lease
# runs out (a process that died without a word).
#
# link_queue: articles analysed but not linked yet (saved with link=False, for a relink at the
# end of a backlog). Each leaves the queue in the transaction that links it, so a
# relink racing an ingest, or a run killed before its relink, leaves the rest queued
# for the next run; before this, one "links.due" flag said it for the whole cache.
_WORK_QUEUES = """
        CREATE TABLE link_queue (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
        );
        INSERT INTO link_queue
            SELECT id FROM articles WHERE analysed IS NOT NULL
            AND EXISTS (SELECT 1 FROM state WHERE key = 'links.due' AND value = '1');
        CREATE TABLE analysis_claims (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            owner TEXT NOT NULL,                     -- 'pid:token' of the claiming process
            pid INTEGER NOT NULL,
            expires REAL NOT NULL                    -- unix time the lease runs out
        );
        CREATE INDEX analysis_claims_owner ON analysis_claims (owner);
"""

# Sync with feed servers (reader/sources/accounts, reader/store/sync.py): each
# account, the remote ids of its feeds and items, and an outbox of marks to send.
# A change of read or starred on an account's article writes its outbox row in
# the same statement (triggers), so every path that marks (the app, the CLI,
# mark-all) queues the mark in the transaction that makes it, and a mark made
# offline waits in the cache. While sync applies the server's state it holds a
# row in sync_applying (inside its transaction), and the triggers stay quiet.
_SYNC = """
        CREATE TABLE sync_accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            url TEXT NOT NULL,
            checkpoint TEXT NOT NULL DEFAULT '',     -- where the next pull starts (the client's format)
            last_sync TEXT,                          -- UTC 'YYYY-MM-DD HH:MM:SS'
            last_status TEXT NOT NULL DEFAULT '',
            last_error TEXT NOT NULL DEFAULT '',
            running_pid INTEGER,                     -- a sync in progress (two at once are refused)
            running_since REAL
        );
        CREATE TABLE sync_feeds (
            feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
            account_id INTEGER NOT NULL REFERENCES sync_accounts(id),
            remote_id TEXT NOT NULL,
            UNIQUE (account_id, remote_id)
        );
        CREATE TABLE sync_items (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            account_id INTEGER NOT NULL REFERENCES sync_accounts(id),
            remote_id TEXT NOT NULL,
            UNIQUE (account_id, remote_id)
        );
        CREATE TABLE sync_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,    -- the order marks were made in
            account_id INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            remote_id TEXT NOT NULL,
            flag TEXT NOT NULL,                      -- 'read' or 'starred'
            value INTEGER NOT NULL,
            created REAL NOT NULL                    -- unix time of the mark, this machine's clock
        );
        CREATE INDEX sync_outbox_account ON sync_outbox (account_id, id);
        CREATE INDEX sync_outbox_article ON sync_outbox (article_id, flag);
        CREATE TABLE sync_applying (account_id INTEGER PRIMARY KEY);
        CREATE TRIGGER sync_outbox_read AFTER UPDATE OF read ON articles
        WHEN old.read != new.read AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
            INSERT INTO sync_outbox (account_id, article_id, remote_id, flag, value, created)
            SELECT account_id, article_id, remote_id, 'read', new.read, (julianday('now') - 2440587.5) * 86400.0
            FROM sync_items WHERE article_id = new.id;
        END;
        CREATE TRIGGER sync_outbox_starred AFTER UPDATE OF starred ON articles
        WHEN old.starred != new.starred AND NOT EXISTS (SELECT 1 FROM sync_applying) BEGIN
            INSERT INTO sync_outbox (account_id, article_id, remote_id, flag, value, created)
            SELECT account_id, article_id, remote_id, 'starred', new.starred, (julianday('now') - 2440587.5) * 86400.0
            FROM sync_items WHERE article_id = new.id;
        END;
"""

# Articles as documents: the structure over an article's text (blocks and
# inline spans as one compact JSON value, only for articles that have more
# than paragraphs), the feed's own summary when the text is a fetched full
# text, and enclosures. Articles stored before stay plain (no row here).
_DOCUMENTS = """
        CREATE TABLE article_docs (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            structure TEXT,                          -- JSON {"b": blocks, "i": inlines}, NULL = plain
            summary TEXT NOT NULL DEFAULT '',        -- the feed's text, when text is the fetched page's
            full_text_url TEXT NOT NULL DEFAULT '',  -- the page the full text was fetched from
            full_text_error TEXT NOT NULL DEFAULT '' -- why the last full-text fetch failed
        );
        CREATE TABLE enclosures (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            url TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT '',
            length INTEGER,
            duration INTEGER,
            title TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
        ALTER TABLE articles ADD COLUMN enclosures INTEGER NOT NULL DEFAULT 0;
"""

# One event once (issue 18): the other passages of an article that report the
# same event, as a JSON list of [start, end]. Rows analysed before keep '[]'
# until the new analysis version redoes them.
_EVENT_EVIDENCE = """
        ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
"""

# How many analysed articles carry each entity name (issue 18): the idf-like
# weight of a shared name when articles are linked, kept up to date as
# analyses are saved (Store.save_analysis) instead of counted per link.
_ENTITY_DF = """
        CREATE TABLE entity_df (
            name TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO entity_df (name, df)
            SELECT name, count(DISTINCT article_id) FROM article_entities GROUP BY name;
"""

# Entity pages (reader/entities_view.py) chart an entity's mentions by date: with the
# date beside the id in an index, each mention's date is read from this small index,
# not from the article's row (whose text comes first, on overflow pages): half the
# time of opening the page of a name in 9,000 articles.
_ENTITY_PAGES = """
        CREATE INDEX IF NOT EXISTS articles_id_published ON articles (id, published);
"""

# Sort orders (store/db.py SORTS): by title, and by feed (the feeds in title order, each
# feed's articles by articles_feed), read in index order, without sorting the whole view.
_SORT_ORDERS = """
        CREATE INDEX articles_title ON articles (title COLLATE NOCASE, id);
        CREATE INDEX feeds_title ON feeds (title COLLATE NOCASE, id);
"""

# Tags the user gives one article (`reader tag`), searched with tag: beside the feeds' tags.
_ARTICLE_TAGS = """
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (article_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX article_tags_tag ON article_tags (tag, article_id);
"""

# Retention (reader.store.retention): the keys of articles removed by keep_days / keep, so
# a feed that still lists one does not bring it back as new and unread at the next refresh.
# Only feeds' articles are recorded (an article file ingested again is asked for).
_RETENTION = """
        CREATE TABLE removed_articles (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            removed TEXT NOT NULL DEFAULT (datetime('now')),
            PRIMARY KEY (feed_id, key)
        ) WITHOUT ROWID;
        -- What retention may remove, one feed's range at a time: an article enters it when read
        -- and leaves it when starred, so a refresh's retention never walks unread or starred ones.
        CREATE INDEX articles_removable ON articles (feed_id, published) WHERE read = 1 AND starred = 0;
"""

# Related links are kept by the article that found them (its plan, at most MAX_LINKS rows side by
# side) and read from the other side through this index, best first: a new article no longer adds
# a row to each of the 60 lists it joins (60 pages written an article, and as many trimmed, once the
# table outgrows a page an article). The index carries the shared names too, so the links found to
# an article are read from the index alone: without them, each was a lookup of its own in the
# table (opening an article not read since the machine started: 18.5 ms at p50 instead of 8.5, at
# 100,000 articles). The rows of an older cache (stored both ways) read the same.
_LINKS_BY_FINDER = """
        DROP INDEX related_other;
        CREATE INDEX related_other ON related (other_id, score, shared);
"""

# One SQL script per version step; index i moves the database to version i+1.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _FEED_SCHEDULE, _FILE_KEYS, _WORK_QUEUES, _SYNC, _DOCUMENTS,
                         _EVENT_EVIDENCE, _ENTITY_DF, _ENTITY_PAGES, _SORT_ORDERS, _ARTICLE_TAGS, _RETENTION,
                         _LINKS_BY_FINDER]
VERSION = len(MIGRATIONS)
SAY_UPGRADE_BYTES = 500_000_000  # a cache this large is told it is being upgraded (on stderr)


class SchemaError(Exception):
    """The cache's schema cannot be brought to VERSION; the file is left as it is."""


def _statements(script: str):
    """The statements of a script, whole (a trigger's body keeps its semicolons)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\n;"):
                yield buffer.strip()
            buffer = ""


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to VERSION; returns the version it started at.

    Each step runs in its own BEGIN IMMEDIATE transaction and reads user_version
    again inside it: of two processes that open an old (or new, empty) cache at
    once, the second waits for the first's step (busy_timeout), then finds it
    done and skips it. A failed step is rolled back whole and raises SchemaError;
    the cache stays at the version before it.
    """
    start = db.execute("PRAGMA user_version").fetchone()[0]
    if start > VERSION:
        raise SchemaError(f"the cache was written by a newer reader (schema {start}, this one knows {VERSION})")
    if start and start < VERSION:
        size = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
        if size >= SAY_UPGRADE_BYTES:
            # A big cache's upgrade rebuilds indexes for seconds or minutes before anything is shown.
            print(f"reader: upgrading the cache ({size / 1e9:.1f} GB) from schema {start} to {VERSION}, once; "
                  "this takes about 8 s for every 100,000 articles…", file=sys.stderr, flush=True)
    for version in range(start + 1, VERSION + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current >= version:  # another process did this step while we waited
                db.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[version - 1]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            name = getattr(exc, "sqlite_errorname", "")
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY",
                                "SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise  # a fault of the file or the moment, said as such by Store._open_checked
            raise SchemaError(f"upgrading the cache to schema {version} failed ({exc})") from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return start

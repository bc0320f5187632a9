"""The cache's schema, as numbered migrations.

``PRAGMA user_version`` holds the version; each function moves the database
from version N-1 to N inside one transaction. Migrations never drop a user's
data: add columns and tables, copy, never delete.
"""

from __future__ import annotations

import sqlite3


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

        -- Related links, computed when an article is analysed (both directions),
        -- so reading them is one indexed lookup.
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

# One SQL script per version step; index i moves the database to version i+1.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _FEED_SCHEDULE, _SORT_ORDERS, _ARTICLE_TAGS]
VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database to VERSION; returns the version it started at."""
    start = db.execute("PRAGMA user_version").fetchone()[0]
    if start > VERSION:
        raise RuntimeError(
            f"the cache was written by a newer reader (schema {start}, this one knows {VERSION})"
        )
    for version in range(start + 1, VERSION + 1):
        # One transaction per step: a crash leaves the database at N-1 or N.
        try:
            db.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[version - 1]}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return start

"""Analysis results and related links in the cache (a mixin of Store, as listing.py is).

Which articles wait for analysis and who has claimed them; saving a batch's spans,
entities and events with its links in one transaction (reader.store.related plans
them); a relink's tables replacing the old ones (reader.store.linktable); and reading
an article's related articles, story and events back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import datetime

from reader.model import EntityInfo, Event, Span, Timex
from reader.store.related import BatchCache, link_article
from reader.store.rows import LIST_COLUMNS, ArticleRow, article_row, from_db_time

CLAIM_LEASE_S = 15 * 60.0  # an analysis claim of a process that stopped saving without ending is taken back after this


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine with that id is running (an analysis or sync
    claim's owner): a process we may not signal is running too."""
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


class Analyses:
    """Uses the store's db, transaction() and _entity_generation."""

    def pending(self, version: str, limit: int = 100) -> list[tuple[int, str, str, datetime]]:
        """Articles never analysed or analysed by another version: (id, title, text, published)."""
        # Two plans, each fast where the other is slow (100,000 articles):
        # walking the published index until `limit` pending rows turn up is
        # 1 ms when most are pending but 240 ms when none is (a full walk);
        # collecting the pending ids through the index on analysed and
        # sorting them is 0.2 ms when none is pending, 180 ms when all are.
        # A count through that index, stopped at 20 x limit, picks the plan.
        # Articles another process has claimed (claim_pending) are its to analyse.
        where = "(analysed IS NULL OR analysed < ? OR analysed > ?) AND id NOT IN (SELECT article_id FROM analysis_claims)"
        many = 20 * limit
        pending = self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles WHERE {where} LIMIT ?)",
                                  (version, version, many + 1)).fetchone()[0]
        if not pending:
            return []
        if pending > many:
            sql = f"SELECT id, title, text, published FROM articles WHERE {where} ORDER BY published DESC LIMIT ?"
        else:
            sql = (f"SELECT id, title, text, published FROM articles WHERE id IN (SELECT id FROM articles WHERE {where}) "
                   "ORDER BY published DESC LIMIT ?")
        rows = self.db.execute(sql, (version, version, limit)).fetchall()
        return [(r[0], r[1], r[2], from_db_time(r[3])) for r in rows]

    def claim_pending(self, version: str, owner: str, limit: int = 100,
                      lease: float = CLAIM_LEASE_S) -> list[tuple[int, str, str, datetime]]:
        """pending() and claim what it returns for ``owner``, in one IMMEDIATE transaction: two
        processes analysing at once each get articles the other does not have.

        Claims of processes that are gone, and claims whose lease ran out, are taken back
        first. The owner's other claims are renewed."""
        import os

        now = time.time()
        with self.transaction() as db:
            gone = [claimer for pid, claimer in db.execute(
                "SELECT DISTINCT pid, owner FROM analysis_claims WHERE owner != ?", (owner,)) if not pid_alive(pid)]
            db.executemany("DELETE FROM analysis_claims WHERE owner = ?", [(claimer,) for claimer in gone])
            db.execute("DELETE FROM analysis_claims WHERE expires < ?", (now,))
            db.execute("UPDATE analysis_claims SET expires = ? WHERE owner = ?", (now + lease, owner))
            rows = self.pending(version, limit)
            db.executemany("INSERT OR REPLACE INTO analysis_claims (article_id, owner, pid, expires) VALUES (?, ?, ?, ?)",
                           [(row[0], owner, os.getpid(), now + lease) for row in rows])
        return rows

    def release_claims(self, owner: str) -> None:
        """Give back what ``owner`` claimed and did not save (a cancelled or failed run)."""
        if not self.readonly:
            with self.transaction() as db:
                db.execute("DELETE FROM analysis_claims WHERE owner = ?", (owner,))

    def count_analysed(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE analysed IS NOT NULL").fetchone()[0]

    def count_pending(self, version: str) -> int:
        return self.db.execute(
            # "< ? OR > ?" rather than "!= ?": three ranges of the index on analysed, which touch
            # only the pending articles, not a scan of every article (7 ms at 100,000, at startup).
            "SELECT count(*) FROM articles WHERE analysed IS NULL OR analysed < ? OR analysed > ?", (version, version)
        ).fetchone()[0]

    def save_analysis(self, results: list[tuple[int, str, list[Span], list[Timex], list[EntityInfo], list[Event]]],
                      *, link: bool = True) -> None:
        """Replace the analysis of a batch of articles, and their related links, in one transaction.

        ``link=False`` leaves the links to a Library.relink that follows."""
        with self.transaction() as db:
            for article_id, version, spans, timexes, infos, events in results:
                db.execute("DELETE FROM spans WHERE article_id = ?", (article_id,))
                db.execute("UPDATE entity_df SET df = df - 1 WHERE name IN "
                           "(SELECT DISTINCT name FROM article_entities WHERE article_id = ?)", (article_id,))
                db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
                db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT INTO spans (article_id, start, end, label, name, value, mod) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(article_id, s.start, s.end, s.label, s.name or s.text, "", "") for s in spans]
                    + [(article_id, t.start, t.end, "DATE", t.text, t.value, t.mod) for t in timexes],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO article_entities (article_id, name, label, mentions, salience) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(article_id, e.name, e.label, e.mentions, e.salience) for e in infos],
                )
                db.executemany(
                    "INSERT INTO entity_df (name, df) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET df = df + 1",
                    [(name,) for name in dict.fromkeys(e.name for e in infos)],
                )
                db.executemany(
                    "INSERT INTO events (article_id, idx, value, mod, display, text, entities, start, end, evidence) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(article_id, i, ev.value, ev.mod, ev.display, ev.text, json.dumps(ev.entities), ev.start, ev.end,
                      json.dumps([list(x) for x in ev.evidence]))
                     for i, ev in enumerate(events)],
                )
                db.execute("DELETE FROM event_entities WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT OR IGNORE INTO event_entities (name, article_id, idx) VALUES (?, ?, ?)",
                    [(name, article_id, i) for i, ev in enumerate(events) for name in ev.entities],
                )
                db.execute("UPDATE articles SET analysed = ? WHERE id = ?", (version, article_id))
            ids = [(article_id,) for article_id, *_ in results]
            db.executemany("DELETE FROM analysis_claims WHERE article_id = ?", ids)  # done: no longer claimed
            if link:
                # Link after the whole batch is stored, so articles of one batch find each other.
                cache = BatchCache()  # nothing below writes entities: what linking reads holds for the batch
                for article_id, *_ in results:
                    link_article(db, article_id, cache)
                db.executemany("DELETE FROM link_queue WHERE article_id = ?", ids)
            else:
                db.executemany("INSERT OR IGNORE INTO link_queue (article_id) VALUES (?)", ids)
        self._entity_generation += 1

    def analysed_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE analysed IS NOT NULL ORDER BY id")]

    def replace_links(self, related: Iterable[tuple[int, int, float, str]], partners: Iterable[tuple[int, int]],
                      stories: Iterable[tuple[int, int]], planned: Iterable[int] | None = None) -> None:
        """Replace every related link, story partner and story (Library.relink), in one transaction.

        ``planned``: the articles the tables were planned for. Articles analysed since (another
        process ingested and analysed them while this one planned) are linked one by one in the
        same transaction, so replacing the tables never leaves them without links."""
        # Building the index below sorts every link: in temporary files, not memory (this
        # connection keeps its temporary data in memory otherwise; 60 million links at a
        # million articles).
        self.db.execute("PRAGMA temp_store = FILE")
        try:
            self._replace_links(related, partners, stories, planned)
        finally:
            self.db.execute("PRAGMA temp_store = MEMORY")

    def _replace_links(self, related, partners, stories, planned) -> None:
        with self.transaction() as db:
            # Millions of rows: the index on other_id is built once at the end, not row by row.
            index = db.execute("SELECT sql FROM sqlite_master WHERE name = 'related_other'").fetchone()[0]
            db.execute("DROP INDEX related_other")
            for table in ("related", "story_partners", "stories"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO related VALUES (?, ?, ?, ?)", related)
            db.execute(index)
            db.executemany("INSERT INTO story_partners VALUES (?, ?)", partners)
            db.executemany("INSERT INTO stories VALUES (?, ?)", stories)
            if planned is not None:
                planned = json.dumps(sorted(set(planned)))
                db.execute("DELETE FROM link_queue WHERE article_id IN (SELECT value FROM json_each(?))", (planned,))
                late = [r[0] for r in db.execute(
                    "SELECT id FROM articles WHERE analysed IS NOT NULL "
                    "AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY id", (planned,))]
                self._link(db, late)

    def _link(self, db, article_ids: list[int]) -> None:
        cache = BatchCache()
        for article_id in article_ids:
            link_article(db, article_id, cache)
        db.executemany("DELETE FROM link_queue WHERE article_id = ?", [(a,) for a in article_ids])

    def queued_links(self) -> int:
        """Articles analysed but not linked yet (see save_analysis(link=False))."""
        return self.db.execute("SELECT count(*) FROM link_queue").fetchone()[0]

    def link_queued(self, batch: int = 200) -> int:
        """Link the articles left in the link queue, a batch per transaction; returns how many."""
        done = 0
        while True:
            with self.transaction() as db:
                ids = [r[0] for r in db.execute(
                    "SELECT q.article_id FROM link_queue q JOIN articles a ON a.id = q.article_id "
                    "WHERE a.analysed IS NOT NULL ORDER BY q.article_id LIMIT ?", (batch,))]
                if not ids:
                    db.execute("DELETE FROM link_queue")  # only articles no longer analysed were left
                    return done
                self._link(db, ids)
            done += len(ids)

    def article_entities(self, article_id: int) -> list[EntityInfo]:
        return [EntityInfo(name=n, label=l, mentions=m, salience=s) for n, l, m, s in self.db.execute(
            "SELECT name, label, mentions, salience FROM article_entities WHERE article_id = ? "
            "ORDER BY salience DESC", (article_id,))]

    def related_articles(self, article_id: int, limit: int = 20) -> list[tuple[ArticleRow, float, list[str]]]:
        """The best ``limit`` of the links this article found and the links found to it, each with
        the score its finder gave; where both found each other, the higher of the two (each
        side's score is weighed by its own entities: a short article's view of a long one is as
        good a judgement as the long one's). Two indexed reads, whatever the size of the cache:
        the links found to an article are read best first from the index on (other_id, score,
        shared) alone."""
        links: dict[int, tuple[float, str]] = {}
        for other, score, shared in self.db.execute(
                "SELECT other_id, score, shared FROM related WHERE article_id = ?", (article_id,)):
            links[other] = (score, shared)
        # Enough of the best found to it that those it also found cannot crowd out the limit-th.
        for other, score, shared in self.db.execute(
                "SELECT article_id, score, shared FROM related WHERE other_id = ? ORDER BY score DESC LIMIT ?",
                (article_id, limit + len(links))):
            if score > links.get(other, (-1.0, ""))[0]:
                links[other] = (score, shared)
        if not links:
            return []
        rows = self.db.execute(
            f"SELECT {LIST_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id IN (SELECT value FROM json_each(?))", (json.dumps(list(links)),)).fetchall()
        rows.sort(key=lambda r: r[3] or "", reverse=True)  # the newest first among equal scores...
        rows.sort(key=lambda r: -links[r[0]][0])  # ...of the score (sorts are stable)
        return [(article_row(r), links[r[0]][0], json.loads(links[r[0]][1])) for r in rows[:limit]]

    def story(self, article_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT s2.article_id FROM stories s1 JOIN stories s2 ON s2.story_id = s1.story_id "
            "JOIN articles a ON a.id = s2.article_id WHERE s1.article_id = ? ORDER BY a.published, a.id",
            (article_id,))]

    def events_of(self, article_ids: list[int]) -> list[tuple[int, str, Event]]:
        """(article id, article title, event) for the events of several articles."""
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        return [(aid, title, Event(value=v, mod=m, display=d, text=t, entities=json.loads(ents), start=s, end=e,
                                   evidence=[tuple(x) for x in json.loads(ev)]))
                for aid, title, v, m, d, t, ents, s, e, ev in self.db.execute(
                    "SELECT e.article_id, a.title, e.value, e.mod, e.display, e.text, e.entities, e.start, e.end, "
                    "e.evidence "
                    f"FROM events e JOIN articles a ON a.id = e.article_id WHERE e.article_id IN ({marks}) "
                    "ORDER BY e.article_id, e.idx", article_ids)]

    def entity_event_articles(self, name: str, limit: int = 200) -> list[int]:
        """Articles with events that involve an entity, most recent first."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT ee.article_id FROM event_entities ee JOIN articles a ON a.id = ee.article_id "
            "WHERE ee.name = ? ORDER BY a.published DESC LIMIT ?", (name, limit))]

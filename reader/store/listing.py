"""Listing and search: the article list's pages, counts and ids for a query (words, phrases,
feed:, tag:, entity:, is:, after:, before:), with the ignore rules applied.

A mixin of reader.store.db.Store, which gives it ``self.db``; all SQL that lists articles
lives here, the rest of the store's SQL in db.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from reader.store.query import Query, parse_query
from reader.store.rows import LIST_COLUMNS, ArticleRow, article_row, from_db_time, to_db_time

MANY_MATCHES = 5000  # filter matches above which the list walks the published index (Listing._many_match)
RANK_WINDOW = 2000  # matches ranked by relevance; older ones follow by arrival (see Listing._ranked_page)
REST_WALK = 2000  # older matches tested row by row before the filters drive (Listing._ranked_page)

# The list's orders (the search's words, when there are any, rank it instead). Each is read
# in the order of an index: articles_published, articles_unread, articles_title, and for
# "feed" feeds_title then articles_feed.
SORTS = {
    "newest": "a.published DESC, a.id DESC",
    "oldest": "a.published ASC, a.id ASC",
    "feed": "f.title COLLATE NOCASE, f.id, a.published DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE, a.id",
    "unread": "a.read, a.published DESC, a.id DESC",
}

# True for articles in no story, and for the newest article of each story.
_NEWEST_OF_STORY = (
    "NOT EXISTS (SELECT 1 FROM stories s JOIN stories s2 ON s2.story_id = s.story_id "
    "JOIN articles b ON b.id = s2.article_id WHERE s.article_id = a.id "
    "AND (b.published > a.published OR (b.published = a.published AND b.id > a.id)))"
)


class Listing:
    """The store's listing and search (see the module's docstring)."""

    # The killfile ([[ignore]] rules, set by the library from the config): articles matching any
    # rule are left out of every list, count and search unless the query says is:ignored.
    ignore_rules: tuple[Query, ...] = ()

    def _hidden(self) -> tuple[str, list]:
        """A SELECT of the ids the ignore rules hide (one subquery, run once per statement)."""
        parts, params = [], []
        for rule in self.ignore_rules:
            where, rule_params = self._where(rule, hide=False)
            parts.append("SELECT a.id FROM articles a WHERE " + (" AND ".join(where) or "0"))
            params += rule_params
        return " UNION ".join(parts), params

    def _where(self, query: Query, *, match: bool = True, hide: bool = True,
               ordered: bool = False) -> tuple[list[str], list]:
        """SQL conditions on ``articles a`` for the query's filters (and its words unless ``match`` is False),
        and (unless ``hide`` is False) without the articles the ignore rules hide, or only those (is:ignored).

        ``ordered``: the feed, tag and entity filters written so that SQLite tests them row by
        row ("+a.feed_id", an EXISTS on the entity key) instead of reading their indexes: the
        newest-first list then walks the published index and stops at its LIMIT, where the
        indexed form collects every match and sorts them all (see _many_match)."""
        plain = "+" if ordered else ""
        where: list[str] = []
        params: list = []
        if hide and (self.ignore_rules or query.ignored):
            if not self.ignore_rules:
                where.append("0")  # is:ignored with no rules: nothing is hidden
            else:
                hidden, hidden_params = self._hidden()
                where.append(f"a.id {'IN' if query.ignored else 'NOT IN'} ({hidden})")
                params += hidden_params
        if query.match and match:
            where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(query.match)
        for name in query.feeds:
            # The feeds whose title or URL matches, and the article sources that match (a
            # handful, found through the source index): indexed lookups, not a LIKE on every row.
            sources = self._sources_like(f"%{name}%")
            where.append(f"({plain}a.feed_id IN (SELECT id FROM feeds WHERE title LIKE ? OR url LIKE ?)"
                         f" OR {plain}a.source IN ({','.join('?' * len(sources)) or 'NULL'}))")
            params += [f"%{name}%"] * 2 + sources
        if query.exclude:
            where.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(query.exclude)
        for text in query.contains:  # words of an unspaced script: as text (see Query.contains)
            where.append("(instr(a.title, ?) > 0 OR instr(a.text, ?) > 0)")
            params += [text, text]
        for tag in query.tags:
            where.append(f"({plain}a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ?)"
                         f" OR {plain}a.id IN (SELECT article_id FROM article_tags WHERE tag = ?))")
            params += [tag, tag]
        for entity in query.entities:
            names = self.entity_names(entity) or [entity]
            if ordered:
                where.append("EXISTS (SELECT 1 FROM article_entities e WHERE e.article_id = a.id AND e.name IN "
                             f"({','.join('?' * len(names))}))")
            else:
                where.append("a.id IN (SELECT article_id FROM article_entities WHERE name IN "
                             f"({','.join('?' * len(names))}))")
            params += names
        if query.unread is not None:
            where.append("a.read = ?")
            params.append(0 if query.unread else 1)
        if query.starred:
            where.append("a.starred = 1")
        if query.after:
            where.append("a.published >= ?")
            params.append(query.after + " 00:00:00")
        if query.before:
            where.append("a.published < ?")
            params.append(query.before + " 00:00:00")
        return where, params

    def list_articles(self, query: Query | str = "", *, limit: int = 200, offset: int = 0,
                      ranked: bool = True, stories: bool = False,
                      before: tuple[datetime, int] | None = None, sort: str = "newest") -> list[ArticleRow]:
        """One page of articles matching the query: by relevance when there are words, else newest first.

        With ``stories``, an article of a story shows only as its newest
        version, with the story's size.

        ``before=(published, id)`` (the last row of the previous page) pages
        the newest-first order by key: the page starts right after that row,
        and the index on (published DESC, id DESC) finds it at once however
        deep it is, where an OFFSET walks every row before it. ``offset``
        still applies, counted from there. The relevance-ranked order has no
        such key, so ``before`` is refused there: page it by ``offset``.
        """
        if isinstance(query, str):
            query = parse_query(query)
        if before is not None and query.match and ranked:
            raise ValueError("before= pages the newest-first order; a ranked search pages by offset")
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r} (expected one of: {', '.join(SORTS)})")
        if before is not None and sort not in ("newest", "oldest"):
            raise ValueError("before= pages the newest- and oldest-first orders; other orders page by offset")
        where, params = self._where(query, match=False)
        if not query.match and (query.feeds or query.tags or query.entities) and self._many_match(query, where, params):
            where, params = self._where(query, match=False, ordered=True)
        if before is not None:
            # "published <= ?" alone is a range the published indexes can seek to; the
            # OR then drops the rows at that same second up to and including the key.
            # The key as stored when the row still has the date it was listed with: a value
            # that does not read back as itself ('garbage', '1-01-01 ...' from an older
            # version) would otherwise skip or repeat rows.
            stored = self.db.execute("SELECT published FROM articles WHERE id = ?", (before[1],)).fetchone()
            if stored is not None and from_db_time(stored[0]) == before[0]:
                published = stored[0]
            else:
                published = to_db_time(before[0])
            # Oldest first, the same the other way: the rows after the key.
            if sort == "oldest":
                where.append("a.published >= ? AND (a.published > ? OR a.id > ?)")
            else:
                where.append("a.published <= ? AND (a.published < ? OR a.id < ?)")
            params += [published, published, before[1]]
        columns = LIST_COLUMNS
        if stories:
            where.append(_NEWEST_OF_STORY)
            columns += (", max(1, (SELECT count(*) FROM stories s2 WHERE s2.story_id = "
                        "(SELECT story_id FROM stories WHERE article_id = a.id)))")
        if query.match and ranked:
            rows = self._ranked_page(query, where, params, columns, limit, offset)
        else:
            if query.match:
                match_where, match_params = self._where(Query(match=query.match), hide=False)
                where, params = match_where + where, match_params + params
            clause = ("WHERE " + " AND ".join(where)) if where else ""
            # By feed: the feeds drive, in title order (feeds_title), each one's articles by articles_feed.
            tables = ("feeds f CROSS JOIN articles a ON a.feed_id = f.id" if sort == "feed"
                      else "articles a JOIN feeds f ON f.id = a.feed_id")
            sql = (f"SELECT {columns} FROM {tables} {clause} "
                   f"ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?")
            rows = self.db.execute(sql, (*params, limit, offset)).fetchall()
        return [article_row(r, r[9] if stories else 1) for r in rows]

    def _many_match(self, query: Query, where: list[str], params: list) -> bool:
        """Whether at least MANY_MATCHES articles pass these filters (counted through their
        indexes, at most that many rows read). Then the newest 200 are found sooner by
        walking the published index and testing each row (a common tag: a few hundred rows)
        than by sorting every match (a quarter of the cache); with fewer, sorting them is cheap
        and walking could read the whole cache for a rare feed.

        With an entity filter the count walks that entity's mentions in the entity index and
        tests the rest on each article, stopping at MANY_MATCHES: "a.id IN (SELECT ...)" would
        first collect every article that names it (80,000 at a million articles: 38 ms)."""
        if query.entities:
            # The entity with the fewest mentions (each counted up to MANY_MATCHES) drives; the
            # other filters are tested on each of its articles.
            named = [self.entity_names(entity) or [entity] for entity in query.entities]
            counts = [self._mentions_up_to(names, MANY_MATCHES) for names in named]
            fewest = counts.index(min(counts))
            names = named[fewest]
            rest, rest_params = self._where(
                replace(query, entities=query.entities[:fewest] + query.entities[fewest + 1:]),
                match=False, ordered=True)
            if not rest:  # the entity alone: its mentions are its articles (15 ms less at a million)
                return counts[fewest] >= MANY_MATCHES
            clause = " AND ".join([f"e.name IN ({','.join('?' * len(names))})", *rest])
            sql = (f"SELECT count(*) FROM (SELECT 1 FROM article_entities e CROSS JOIN articles a "
                   f"ON a.id = e.article_id WHERE {clause} LIMIT ?)")
            params = [*names, *rest_params]
        else:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {' AND '.join(where)} LIMIT ?)"
        return self.db.execute(sql, (*params, MANY_MATCHES)).fetchone()[0] >= MANY_MATCHES

    def _mentions_up_to(self, names: list[str], limit: int) -> int:
        return self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM article_entities WHERE name IN ({','.join('?' * len(names))}) "
            "LIMIT ?)", (*names, limit)).fetchone()[0]

    def _ranked_page(self, query: Query, where: list[str], params: list, columns: str,
                     limit: int, offset: int) -> list[tuple]:
        """A page of the matches of the query's words, best first.

        FTS5 computes bm25 for every match before it can sort, which takes
        hundreds of milliseconds for a word in most of 100,000 articles. So
        only the newest RANK_WINDOW matches (by rowid: the order articles
        arrived in) are ranked; when there are more, the older ones follow,
        newest first. With fewer matches than that, the order is the full
        ranking. Either way the order is total and the same on every page.
        """
        extra = (" AND " + " AND ".join(where)) if where else ""
        boundary = self.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (query.match, RANK_WINDOW),
        ).fetchone()
        # Rank inside FTS5 (title weighs more than text), then recency.
        window = "" if boundary is None else "AND rowid > ?"
        window_params = [] if boundary is None else [boundary[0]]
        ranked_sql = (
            f"SELECT {columns} FROM (SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS score "
            f"FROM articles_fts WHERE articles_fts MATCH ? {window}) m CROSS JOIN articles a ON a.id = m.rowid "
            f"JOIN feeds f ON f.id = a.feed_id WHERE 1{extra} ORDER BY m.score, a.published DESC, a.id DESC "
            "LIMIT ? OFFSET ?"
        )
        # CROSS JOIN: the matches drive, the articles are looked up by id.
        rows = self.db.execute(ranked_sql, (query.match, *window_params, *params, limit, offset)).fetchall()
        if boundary is None or len(rows) == limit:
            return rows
        # Past the ranked window: the older matches, newest first.
        in_window = self.db.execute(
            "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?) m "
            f"CROSS JOIN articles a ON a.id = m.rowid JOIN feeds f ON f.id = a.feed_id WHERE 1{extra}",
            (query.match, boundary[0], *params),
        ).fetchone()[0] if offset else 0  # the first page starts right after the window's matches
        need, skip = limit - len(rows), max(0, offset - in_window)

        def rest_sql(cap: str, test: str) -> str:
            return (f"SELECT {columns} FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid <= ? "
                    f"ORDER BY rowid DESC{cap}) m CROSS JOIN articles a ON a.id = m.rowid "
                    f"JOIN feeds f ON f.id = a.feed_id WHERE 1{test} ORDER BY m.rowid DESC LIMIT ? OFFSET ?")

        # First the next REST_WALK matches, each tested on its article row: enough when the
        # filters pass many of them (a common tag).
        rest = self.db.execute(rest_sql(f" LIMIT {REST_WALK}", extra),
                               (query.match, boundary[0], *params, need, skip)).fetchall()
        if len(rest) == need or not where or self.db.execute(
                "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid <= ? "
                "LIMIT ?)", (query.match, boundary[0], REST_WALK)).fetchone()[0] < REST_WALK:
            return rows + rest
        # The filters pass few of the matches (a feed and a date range, say): the ids that pass them,
        # found through the filters' indexes, are tested against each older match as FTS5 yields it,
        # rather than an article row read for every match (at 100,000 articles,
        # 'feed:"Continental Review" after:2024-01-01 minister': 250 -> 20 ms). "+": without it
        # SQLite hands the ids to FTS5 as rowid lookups, a doclist seek each (slower).
        test = " AND +m.rowid IN (SELECT a.id FROM articles a WHERE " + " AND ".join(where) + ")"
        rest = self.db.execute(rest_sql("", test), (query.match, boundary[0], *params, need, skip)).fetchall()
        return rows + rest

    def entity_names(self, value: str) -> list[str]:
        """The stored entity names that ``entity:VALUE`` means.

        The name itself in any case ("nato" -> "NATO"); else what the alias
        table makes of it ("USA" -> "United States"); else every name it is a
        whole word at the start or end of ("Stoltenberg" -> "Jens Stoltenberg",
        "Johnson" -> "Boris Johnson" and "Lyndon Johnson"). [] when none is stored.
        """
        from reader.nlp.aliases import global_name

        folded = value.strip().casefold()
        if not folded:
            return []
        by_folded = self._entity_names_by_folded()

        def fuller() -> list[str]:  # the names it is a whole word at the start or end of
            return [n for key, names in by_folded.items() if key.endswith(" " + folded) or key.startswith(folded + " ")
                    for n in names]

        if folded in by_folded:
            exact = by_folded[folded]
            # A person's first or last name stored alone ("Sergei and Yulia Skripal") also names
            # the people called so (Sergei Skripal, Sergei Lavrov); "Washington" the place does not.
            if " " not in folded and self._mostly_person(exact):
                return exact + fuller()
            return exact
        alias = global_name(value.strip())
        if alias.casefold() in by_folded and alias in by_folded[alias.casefold()]:
            return [alias]
        return fuller()

    def _mostly_person(self, names: list[str], sample: int = 50) -> bool:
        """Whether most of the first ``sample`` mentions of these names are people's: bounded,
        where "Russia" has a mention in most articles."""
        labels = [r[0] for r in self.db.execute(
            f"SELECT label FROM article_entities WHERE name IN ({','.join('?' * len(names))}) LIMIT ?",
            (*names, sample))]
        return bool(labels) and labels.count("PERSON") * 2 > len(labels)

    def _entity_names_by_folded(self) -> dict[str, list[str]]:
        """Distinct entity names by their casefolded form, kept until the entities change:
        save_analysis in this process, or a newer article analysed (by another process)."""
        marker = (self._entity_generation,
                  self.db.execute("SELECT max(article_id) FROM article_entities").fetchone()[0])
        cached = self._entity_names_cache
        if cached is not None and cached[0] == marker:
            return cached[1]
        by_folded: dict[str, list[str]] = {}
        for name in self._distinct("article_entities", "name"):
            by_folded.setdefault(name.casefold(), []).append(name)
        self._entity_names_cache = (marker, by_folded)
        return by_folded

    def _distinct(self, table: str, column: str) -> list[str]:
        """Distinct values of an indexed column, in order, by a skip scan of its index (one seek
        per value: fast when there are few values and many rows)."""
        found: list[str] = []
        current = self.db.execute(f"SELECT min({column}) FROM {table}").fetchone()[0]
        while current is not None:
            found.append(current)
            current = self.db.execute(f"SELECT min({column}) FROM {table} WHERE {column} > ?",
                                      (current,)).fetchone()[0]
        return found

    def _sources_like(self, pattern: str) -> list[str]:
        """Distinct article sources that match a LIKE pattern, by a skip scan of the source index."""
        found = self._distinct("articles", "source")
        if not found:
            return []
        return [r[0] for r in self.db.execute(
            "SELECT value FROM json_each(?) WHERE value != '' AND value LIKE ?", (json.dumps(found), pattern))]

    def count(self, query: Query | str = "", *, stories: bool = False) -> int:
        """How many articles match; with ``stories``, how many rows list_articles(stories=True) gives."""
        if isinstance(query, str):
            query = parse_query(query)
        where, params = self._where(query, match=False)
        if stories:
            where.append(_NEWEST_OF_STORY)
        if query.match and not where:
            # Words only: FTS5 counts its own matches, without touching the articles.
            return self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                   (query.match,)).fetchone()[0]
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        if query.match:
            # Driven from the matches, each article found by its id (CROSS JOIN keeps that
            # order: probing FTS5 for every row of an index on the filters is far slower).
            return self.db.execute(
                "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) m "
                f"CROSS JOIN articles a ON a.id = m.rowid {clause}", (query.match, *params)).fetchone()[0]
        return self.db.execute(f"SELECT count(*) FROM articles a {clause}", params).fetchone()[0]

    def ids(self, query: Query | str = "") -> list[int]:
        if isinstance(query, str):
            query = parse_query(query)
        where, params = self._where(query)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return [r[0] for r in self.db.execute(
            f"SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id {clause}", params)]

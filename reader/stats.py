"""The cache at a glance: articles per feed over time, unread by feed, entity kinds.

Plain Python (no textual or rich); the statistics view and tests read it.
Articles per feed per month is one pass over the ``articles_feed`` index
(feed_id, published), without a table lookup; the entity kinds one pass
over article_entities, which is the slow part on a big cache (the view
loads it in a worker).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.store.db import Store

MONTHS = 12  # months charted per feed, ending with the newest article's month


@dataclass
class FeedStats:
    feed: str
    articles: int
    unread: int
    months: list[int]  # articles per month, the last MONTHS months of the cache, oldest first


@dataclass
class CacheStats:
    articles: int
    unread: int
    months: list[str]  # "2021-10", oldest first, MONTHS of them (fewer when the cache spans fewer)
    feeds: list[FeedStats] = field(default_factory=list)  # most articles first
    kinds: list[tuple[str, int, int]] = field(default_factory=list)  # (label, distinct names, mentions)

    def to_json(self) -> dict:
        return {"articles": self.articles, "unread": self.unread, "months": self.months,
                "feeds": [{"feed": f.feed, "articles": f.articles, "unread": f.unread, "per_month": f.months}
                          for f in self.feeds],
                "kinds": [{"label": k, "names": n, "mentions": m} for k, n, m in self.kinds]}


def _month_list(last: str, count: int) -> list[str]:
    y, m = int(last[:4]), int(last[5:7])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def cache_stats(store: Store, *, kinds: bool = True) -> CacheStats:
    db = store.db
    titles = {fid: title or url for fid, title, url in db.execute("SELECT id, title, url FROM feeds")}
    per_feed = {fid: n for fid, n in db.execute(
        "SELECT feed_id, count(*) FROM articles INDEXED BY articles_feed GROUP BY feed_id")}
    unread = {fid: n for fid, n in db.execute("SELECT feed_id, count(*) FROM articles WHERE read = 0 GROUP BY feed_id")}
    last = db.execute("SELECT max(published) FROM articles").fetchone()[0]
    months: list[str] = []
    by_month: dict[tuple[int, str], int] = {}
    if last and len(last) >= 7 and last[:4].isdigit() and last[5:7].isdigit():
        first = db.execute("SELECT min(published) FROM articles").fetchone()[0] or last
        months = _month_list(last, MONTHS)
        months = [m for m in months if m >= first[:7]] or months[-1:]
        for fid, month, n in db.execute(
                "SELECT feed_id, substr(published, 1, 7) AS m, count(*) FROM articles INDEXED BY articles_feed "
                "WHERE published >= ? GROUP BY feed_id, m", (months[0],)):
            by_month[(fid, month)] = n
    feeds = [FeedStats(feed=titles.get(fid, f"feed {fid}"), articles=n, unread=unread.get(fid, 0),
                       months=[by_month.get((fid, m), 0) for m in months])
             for fid, n in per_feed.items()]
    feeds.sort(key=lambda f: (-f.articles, f.feed.casefold()))
    kind_rows = []
    if kinds:
        kind_rows = [(label, names, mentions) for label, names, mentions in db.execute(
            "SELECT label, count(DISTINCT name), count(*) AS n FROM article_entities GROUP BY label "
            "ORDER BY n DESC, label")]
    return CacheStats(articles=sum(per_feed.values()), unread=sum(unread.values()), months=months,
                      feeds=feeds, kinds=kind_rows)

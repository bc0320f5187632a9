"""What the cache knows about one entity: the data of an entity page and of `reader entity NAME`.

Every query is indexed and bounded, so a page opens as fast over 100,000
articles as over 100:

- the mentions (article id, date) come from one range scan of the
  ``article_entities_cover`` index (name, salience, article_id) and one search
  of the ``articles_id_published`` index per mention (not of the article's
  row), at most ``MAX_MENTIONS`` of them, sorted newest first by SQLite;
- the kind, the co-occurring names and the aliases are read from the
  ``SAMPLE`` articles that mention it most saliently (the same index, no sort);
- the events come from ``Library.entity_timeline`` (event_entities' primary key).

Plain Python: no textual or rich here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from reader.store.db import ArticleRow, Store, from_db_time
from reader.store.rows import FEED_NAME

MAX_MENTIONS = 50_000  # mentions counted for the chart; more and the chart says "at least"
SAMPLE = 500  # most salient articles read for the kind, the co-occurring names
ARTICLES = 50  # newest articles listed
RELATED = 12  # co-occurring names listed
MAX_PERIODS = 600  # months charted at most (50 years)
CHART_FROM = date(1900, 1, 1)  # mentions dated earlier (odd stored dates) are not charted
WEEKS_UNTIL = 26 * 7  # a span of mentions up to this many days is charted by week, longer by month


@dataclass
class Period:
    label: str  # "2021-04" (month) or "2021-W14" (ISO week)
    start: date
    count: int


@dataclass
class EntityPage:
    name: str
    kind: str  # the commonest label: PERSON, ORG, PLACE, ... ("" when unknown)
    kinds: list[tuple[str, int]]  # every label seen, commonest first (in the sample)
    aliases: list[str]  # other spellings: stored names of other case, the alias table's variants
    others: list[str]  # other stored names the query could mean ("Johnson": "Lyndon Johnson")
    mentions: int  # articles that mention it (up to MAX_MENTIONS)
    capped: bool  # mentions reached MAX_MENTIONS
    unit: str  # "week" or "month"
    periods: list[Period]  # oldest first, gaps filled with zeros
    related: list[tuple[str, str, int]]  # (name, label, articles in common within the sample)
    events: list = field(default_factory=list)  # RelatedEvent, oldest first
    articles: list[ArticleRow] = field(default_factory=list)  # newest first

    def to_json(self) -> dict:
        return {
            "name": self.name, "kind": self.kind, "kinds": [{"label": k, "count": n} for k, n in self.kinds],
            "aliases": self.aliases, "others": self.others,
            "mentions": self.mentions, "capped": self.capped,
            "unit": self.unit, "periods": [{"period": p.label, "start": p.start.isoformat(), "count": p.count}
                                           for p in self.periods],
            "related": [{"name": n, "label": label, "count": c} for n, label, c in self.related],
            "events": [{"when": {"value": e.value, "mod": e.mod, "display": e.display}, "text": e.text,
                        "entities": e.entities, "sources": [{"id": i, "title": t} for i, t in e.sources]}
                       for e in self.events],
            "articles": [{"id": a.id, "title": a.title, "feed": a.feed, "published": a.published.isoformat(),
                          "read": a.read} for a in self.articles],
        }


def resolve(store: Store, value: str) -> tuple[str, list[str]] | None:
    """The stored name ``value`` means (the one most articles mention) and the others it could mean."""
    names = store.entity_names(value)
    if not names:
        return None
    if len(names) == 1:
        return names[0], []
    exact = [n for n in names if n == value.strip()]
    if exact:
        return exact[0], [n for n in names if n != exact[0]]
    counted = sorted(names, key=lambda n: -_count(store, n))
    return counted[0], counted[1:]


def _count(store: Store, name: str, cap: int = MAX_MENTIONS) -> int:
    return store.db.execute("SELECT count(*) FROM (SELECT 1 FROM article_entities WHERE name = ? LIMIT ?)",
                            (name, cap)).fetchone()[0]


def entity_page(store: Store, value: str, *, events=None, articles: int = ARTICLES) -> EntityPage | None:
    """The page of the entity ``value`` names, or None when the cache has no such name.

    ``events(name)`` gives its events (Library.entity_timeline); without it there are none.
    """
    found = resolve(store, value)
    if found is None:
        return None
    name, others = found
    db = store.db
    # Mentions: (published, id) of the articles that name it, newest first, by the cover index and one
    # rowid lookup per mention (at most MAX_MENTIONS), sorted by SQLite; counted per day here.
    rows = db.execute(
        "SELECT a.published, a.id FROM article_entities ae INDEXED BY article_entities_cover "
        "JOIN articles a INDEXED BY articles_id_published ON a.id = ae.article_id WHERE ae.name = ? "
        "ORDER BY a.published DESC, a.id DESC LIMIT ?", (name, MAX_MENTIONS)).fetchall()
    per_day: dict[str, int] = {}
    for published, _id in rows:
        day = published[:10]
        per_day[day] = per_day.get(day, 0) + 1
    total = len(rows)
    unit, periods = chart_counts([(_day(d), n) for d, n in per_day.items()])
    newest = [i for _p, i in rows[:articles]]
    sample = [r[0] for r in db.execute(
        "SELECT article_id FROM article_entities INDEXED BY article_entities_cover WHERE name = ? "
        "ORDER BY salience DESC LIMIT ?", (name, SAMPLE))]
    marks = ",".join("?" * len(sample))
    kinds = db.execute(
        f"SELECT label, count(*) AS n FROM article_entities WHERE name = ? AND article_id IN ({marks}) "
        "GROUP BY label ORDER BY n DESC, label", (name, *sample)).fetchall() if sample else []
    related = db.execute(
        f"SELECT name, label, count(*) AS n FROM article_entities WHERE article_id IN ({marks}) AND name != ? "
        "GROUP BY name, label ORDER BY n DESC, name LIMIT ?", (*sample, name, RELATED)).fetchall() if sample else []
    return EntityPage(
        name=name, kind=kinds[0][0] if kinds else "", kinds=[(k, n) for k, n in kinds],
        aliases=aliases(store, name), others=others, mentions=total, capped=total >= MAX_MENTIONS,
        unit=unit, periods=periods, related=[(n, label, c) for n, label, c in related],
        events=list(events(name)) if events is not None else [],
        articles=article_rows(store, newest),
    )


def aliases(store: Store, name: str) -> list[str]:
    """Other spellings of a name: stored names that differ only in case, and the alias table's variants."""
    from reader.nlp.aliases import variants

    found = [n for n in store.entity_names(name) if n != name and n.casefold() == name.casefold()]
    found += variants(name)
    return list(dict.fromkeys(found))


def article_rows(store: Store, ids: list[int]) -> list[ArticleRow]:
    """List rows of these articles, in the order given."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    got = {r[0]: r for r in store.db.execute(
        f"SELECT a.id, a.title, {FEED_NAME}, a.published, a.date_is_guess, "
        f"a.read, a.starred, a.url FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id IN ({marks})", ids)}
    return [ArticleRow(id=r[0], title=r[1], feed=r[2], published=from_db_time(r[3]), date_is_guess=bool(r[4]),
                       read=bool(r[5]), starred=bool(r[6]), url=r[7]) for r in (got[i] for i in ids if i in got)]


def _day(published: str) -> date:
    try:
        return date.fromisoformat(published[:10])
    except (ValueError, TypeError):
        try:
            return from_db_time(published).date()
        except (ValueError, TypeError, AttributeError):
            return date.min  # not charted


def chart(days: list[date]) -> tuple[str, list[Period]]:
    """Mentions per week (a span up to WEEKS_UNTIL days) or per month, oldest first, empty periods kept."""
    counts: dict[date, int] = {}
    for d in days:
        counts[d] = counts.get(d, 0) + 1
    return chart_counts(list(counts.items()))


def chart_counts(per_day: list[tuple[date, int]]) -> tuple[str, list[Period]]:
    """chart() from (day, mentions) pairs."""
    # Odd stored dates (year 1, year 9999: see reader.dates) are left off the chart, and it
    # holds at most MAX_PERIODS periods, ending with the newest mention.
    latest = date.today() + timedelta(days=366)
    per_day = sorted(p for p in per_day if p[1] > 0 and CHART_FROM <= p[0] <= latest)
    if not per_day:
        return "month", []
    first, last = per_day[0][0], per_day[-1][0]
    counts: dict[date, int] = {}
    if (last - first).days <= WEEKS_UNTIL:
        for d, n in per_day:
            start = d - timedelta(days=d.weekday())
            counts[start] = counts.get(start, 0) + n
        start = first - timedelta(days=first.weekday())
        periods = []
        while start <= last:
            y, w, _ = start.isocalendar()
            periods.append(Period(f"{y}-W{w:02d}", start, counts.get(start, 0)))
            start += timedelta(days=7)
        return "week", periods
    for d, n in per_day:
        start = d.replace(day=1)
        counts[start] = counts.get(start, 0) + n
    periods, start = [], first.replace(day=1)
    if (last.year - start.year) * 12 + last.month - start.month >= MAX_PERIODS:
        back = last.year * 12 + last.month - 1 - (MAX_PERIODS - 1)
        start = date(back // 12, back % 12 + 1, 1)
    while start <= last:
        periods.append(Period(f"{start.year}-{start.month:02d}", start, counts.get(start, 0)))
        start = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return "month", periods


BLOCKS = " ▁▂▃▄▅▆▇█"


def sparkline(counts: list[int]) -> str:
    """One character per count, eighth blocks scaled to the largest (a zero is a space, any mention shows)."""
    top = max(counts, default=0)
    if top <= 0:
        return " " * len(counts)
    return "".join(BLOCKS[0] if c <= 0 else BLOCKS[max(1, round(c / top * 8))] for c in counts)


def bars(counts: list[int], height: int) -> list[str]:
    """Columns of eighth blocks ``height`` rows tall, top row first (one character per count)."""
    top = max(counts, default=0)
    rows = []
    for level in range(height, 0, -1):
        row = []
        for c in counts:
            eighths = 0 if top <= 0 or c <= 0 else max(1, round(c / top * height * 8))
            filled = eighths - (level - 1) * 8
            row.append("█" if filled >= 8 else BLOCKS[filled] if filled > 0 else " ")
        rows.append("".join(row))
    return rows


def text_lines(page: EntityPage, width: int = 80) -> list[str]:
    """The page as plain lines, for `reader entity NAME`."""
    lines = [f"{page.name} ({page.kind.lower() or 'kind unknown'})"]
    if page.aliases:
        lines.append("also written: " + ", ".join(page.aliases))
    if page.others:
        lines.append("may also mean: " + ", ".join(page.others[:8]))
    lines.append(f"{'at least ' if page.capped else ''}{page.mentions:,} article{'s' if page.mentions != 1 else ''} "
                 "mention it")
    if page.periods:
        shown = page.periods[-max(1, width - 2):]
        lines.append("")
        lines.append(f"mentions per {page.unit}, {shown[0].label} to {shown[-1].label} "
                     f"(most: {max(p.count for p in shown)})")
        lines += ["  " + row for row in bars([p.count for p in shown], 3)]
    if page.related:
        lines.append("")
        lines.append("often with: " + ", ".join(f"{n} ({c})" for n, _l, c in page.related))
    if page.events:
        lines.append("")
        lines.append("events:")
        for e in page.events:
            lines.append(f"  {e.display:>16}  {e.text}")
    if page.articles:
        lines.append("")
        lines.append("articles, newest first:")
        for a in page.articles:
            lines.append(f"  {a.id:>7}  {a.published:%Y-%m-%d}  {a.title}  ({a.feed})")
    return lines

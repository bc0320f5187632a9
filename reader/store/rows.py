"""What the list shows of an article, and the cache's time format: shared by the store's
listing (reader.store.listing) and the rest of the store (reader.store.db)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from reader.dates import stored_time

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def to_db_time(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    # Not strftime: its %Y writes year 1 as "1", which neither sorts nor reads back.
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}")


def from_db_time(value: str) -> datetime:
    """A stored UTC time; never fails (see reader.dates.stored_time)."""
    return stored_time(value)


@dataclass
class ArticleRow:
    """What the list shows: no text."""

    id: int
    title: str
    feed: str
    published: datetime
    date_is_guess: bool
    read: bool
    starred: bool
    url: str
    story_size: int = 1  # articles in its story, when the list shows one row per story
    enclosures: int = 0  # media files attached (podcast episodes, videos)


# The name an article is shown under (articles a JOIN feeds f): a feed's title (the config's,
# else the one the feed gives), whatever the article stored as its source; for article files
# and sync accounts the source each article names ("Source:" header, the server's feed), else
# the title of the row it hangs under. An RSS or Atom article's stored source is the feed's own
# title when it was fetched, which a title set in the config or by `reader rename` replaces.
FEED_NAME = ("CASE WHEN f.kind = 'feed' AND f.title != '' THEN f.title "
             "ELSE COALESCE(NULLIF(a.source, ''), f.title, '') END")

# The columns an ArticleRow is read from (article_row), in this order.
LIST_COLUMNS = (
    f"a.id, a.title, {FEED_NAME}, a.published, "
    "a.date_is_guess, a.read, a.starred, a.url, a.enclosures"
)


def article_row(r: tuple, story_size: int = 1) -> ArticleRow:
    """An ArticleRow from a row that starts with LIST_COLUMNS."""
    return ArticleRow(id=r[0], title=r[1], feed=r[2], published=from_db_time(r[3]), date_is_guess=bool(r[4]),
                      read=bool(r[5]), starred=bool(r[6]), url=r[7], enclosures=r[8], story_size=story_size)

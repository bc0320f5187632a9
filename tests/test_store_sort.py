"""The list's sort orders: each reads its rows in the order of an index (issue 17 item 11)."""

from __future__ import annotations

import pytest

from reader.config import SORT_ORDERS
from reader.store.db import SORTS
from tests.ui_support import build, ui_seed  # noqa: F401 (fixture)


def test_the_config_knows_every_order():
    assert tuple(SORTS) == SORT_ORDERS


@pytest.mark.parametrize("sort", SORT_ORDERS)
def test_each_order_is_read_from_an_index(library, ui_seed, sort):
    build(library, ui_seed, analyse=False)
    db = library.store.db
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        rows = library.list_articles("", limit=3, offset=1, sort=sort)
    finally:
        db.set_trace_callback(None)
    assert rows
    sql = next(s for s in seen if s.lstrip().upper().startswith("SELECT") and "ORDER BY" in s)
    plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # a sort of the id tie-break within a key is fine


def test_orders_put_the_rows_where_they_belong(library, ui_seed):
    build(library, ui_seed, analyse=False)
    everything = library.list_articles("", limit=100)
    oldest = library.list_articles("", limit=100, sort="oldest")
    assert [r.id for r in oldest] == [r.id for r in reversed(everything)]
    titles = [r.title for r in library.list_articles("", limit=100, sort="title")]
    assert titles == sorted(titles, key=str.casefold)
    feeds = [r.feed for r in library.list_articles("", limit=100, sort="feed")]
    assert feeds == sorted(feeds, key=str.casefold)
    library.set_read([everything[0].id], True)
    unread_first = library.list_articles("", limit=100, sort="unread")
    assert unread_first[-1].id == everything[0].id
    with pytest.raises(ValueError):
        library.list_articles("", sort="random")


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_newest_and_oldest_page_by_key(library, ui_seed, sort):
    build(library, ui_seed, analyse=False)
    whole = library.list_articles("", limit=100, sort=sort)
    first = library.list_articles("", limit=2, sort=sort)
    last = first[-1]
    rest = library.list_articles("", limit=100, sort=sort, before=(last.published, last.id))
    assert [r.id for r in first + rest] == [r.id for r in whole]
    with pytest.raises(ValueError):
        library.list_articles("", sort="title", before=(last.published, last.id))

"""The list gives titles the room they need (issue 17 item 18): at 120 columns a 60-character
title shows whole, a compact date after it; the sidebar wraps its items."""

from __future__ import annotations

from datetime import timedelta

from reader.model import ArticleIn
from reader.ui.format import compact_date
from reader.ui.widgets.article_list import split_title
from reader.ui.widgets.sidebar import related_meta, related_prompt
from tests.test_ui_app import SIZE, list_lines, make_app, settle
from tests.ui_support import NOW

LONG = "Parliament approves the new rail link between Brno and Vienna"  # 61 characters
LONGER = "Parliament approves the new rail link between Brno and Vienna after a night of hard talks"
SHORT = "Floods in Ostrava"


def fill(library) -> None:
    feed_id = library.store.feed_id("local:wire", title="Central Europe Wire", kind="files")
    library.store.store_articles(feed_id, [
        ArticleIn(key="long", title=LONG, text="The vote was close. " * 5, source="Central Europe Wire",
                  published=NOW - timedelta(hours=3)),
        ArticleIn(key="longer", title=LONGER, text="The talks were hard. " * 5, source="Central Europe Wire",
                  published=NOW - timedelta(hours=4)),
        ArticleIn(key="short", title=SHORT, text="The river rose. " * 5, source="Central Europe Wire",
                  published=NOW - timedelta(hours=5)),
    ])


async def test_a_long_title_shows_whole_at_120_columns(library):
    assert SIZE == (120, 40) and len(LONG) >= 60
    fill(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = list_lines(app)
        # The newest row (the long title) is first: its two lines hold the whole title.
        assert lines[0].startswith(" ●   ")  # unread marker, no star
        row = " ".join(line.strip() for line in (lines[0][5:], lines[1]))
        assert row.startswith(LONG), lines[:2]
        assert "…" not in lines[0] + lines[1]  # the title is not cut (the feed gives way to it)
        assert lines[1].endswith("3h")  # the date keeps its place, compact
        # Longer than the two lines: the title is cut, and the feed keeps a few letters.
        assert lines[2].startswith(" ●   Parliament approves") and "…" in lines[3]
        assert " · Centr" in lines[3] and lines[3].endswith("4h")
        # A short title leaves its second line to the feed and the date, as before.
        assert lines[4].rstrip().endswith(SHORT)
        assert "Central Europe Wire" in lines[5] and lines[5].endswith("5h")


def test_split_title_breaks_at_a_space_and_keeps_every_letter():
    first, rest = split_title(LONG, 40)
    assert len(first) <= 40 and not first.endswith(" ") and f"{first} {rest}" == LONG
    assert split_title(SHORT, 40) == (SHORT, "")
    # A narrow list breaks at a space in the line's second half rather than in a word (QA at 80
    # columns: "Merkel bids farewel" / "l with…").
    assert split_title("Merkel bids farewell with a military ceremony", 19) == (
        "Merkel bids", "farewell with a military ceremony")
    first, rest = split_title("x" * 50, 40)  # no space: the word is cut
    assert (first, rest) == ("x" * 40, "x" * 10)


def test_compact_dates():
    assert compact_date(NOW - timedelta(seconds=20), NOW) == "now"
    assert compact_date(NOW - timedelta(minutes=5), NOW) == "5m"
    assert compact_date(NOW - timedelta(hours=3), NOW) == "3h"
    assert compact_date(NOW - timedelta(days=2), NOW) == "2d"
    assert compact_date(NOW - timedelta(days=30), NOW) == f"{(NOW - timedelta(days=30)).day} Sep"  # NOW: 7 Oct
    earlier = NOW.replace(year=NOW.year - 3)
    assert compact_date(earlier, NOW) == f"{earlier.day} {earlier.strftime('%b')} {earlier.year}"


def test_related_items_wrap_instead_of_being_cut():
    class Article:
        id = 1
        title = "A very long related headline about the rail link that will not fit on two sidebar lines at all"
        feed = "A Feed With A Rather Long Name Indeed"
        published = NOW - timedelta(hours=2)
        shared = ["Brno", "Vienna", "European Commission"]

    width = 28
    prompt = str(related_prompt(Article(), width, NOW))
    assert "…" not in prompt
    assert " ".join(prompt.split()).startswith(" ".join(Article.title.split()))
    assert all(len(line) <= width for line in prompt.split("\n"))
    meta = related_meta(Article(), width, NOW)
    assert "A Feed With A Rather Long Name Indeed" in " ".join(meta.split())
    assert "European Commission" in " ".join(meta.split())

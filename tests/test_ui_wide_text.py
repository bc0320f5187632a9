"""Wide text (CJK, emoji) is measured in terminal cells: the list's date column stays whole
and no title text is lost; the sidebar wraps at cell widths. And a narrow list (80x24)
gives a long title's second line to the title before the feed."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from rich.cells import cell_len

from reader.model import ArticleIn
from reader.ui.format import compact_date, hanging
from reader.ui.widgets.article_list import ArticleList, split_title
from reader.ui.widgets.sidebar import RelatedList, related_meta
from tests.test_ui_app import SIZE, make_app, settle
from tests.ui_support import NOW

CJK = "東京都は本日、新しい交通計画を発表しました。計画には地下鉄の延伸が含まれます"
EMOJI = "Emoji 🎉🚀 and CJK 日本語のニュース見出し 中文新闻标题 한국어 뉴스 wide"
LONG = "Parliament approves the new rail link between Brno and Vienna after a night of hard talks"
FEED = "QA Mine Feed 🎉"


def fill(library, titles: list[str], feed: str = FEED, age: timedelta = timedelta(days=300)) -> None:
    """Articles in a feed of their own, each a day older than the one before."""
    feed_id = library.store.feed_id("local:mine", title=feed, kind="files")
    library.store.store_articles(feed_id, [
        ArticleIn(key=f"{age}-{i}", title=title, text="Some text. " * 5, source=feed,
                  published=NOW - age - timedelta(days=i))
        for i, title in enumerate(titles)
    ])


def rows(app) -> list[tuple[str, str]]:
    """Each row's two lines, as the terminal shows them (a wide character's second cell is
    blank in a Strip's text: joined up again here)."""
    articles = app.screen.query_one(ArticleList)
    lines = []
    for y in range(articles.size.height):
        strip = articles.render_line(y)
        assert strip.cell_length == articles.scrollable_content_region.width
        lines.append("".join(segment.text for segment in strip).rstrip())
    return [(lines[i], lines[i + 1]) for i in range(0, len(lines) - 1, 2) if lines[i].strip()]


def shown_title(first: str, second: str, date: str) -> str:
    """The title text of a row: the first line after the marker and star, then the second
    line before the feed and the date."""
    second = second.strip()
    assert second.endswith(date)
    second = second[: -len(date)].strip()
    if " · " in second:
        second = second.split(" · ")[0]
    return first[5:] + " " + second


async def test_wide_titles_keep_the_date_whole_and_their_text(library):
    fill(library, [CJK, EMOJI])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        width = app.screen.query_one(ArticleList).scrollable_content_region.width
        shown = rows(app)
        assert len(shown) == 2
        for (first, second), title, age in zip(shown, (CJK, EMOJI), (300, 301)):
            date = compact_date(NOW - timedelta(days=age), NOW)
            assert cell_len(first) <= width and cell_len(second) <= width
            assert second.endswith(" " + date), (first, second)  # the date whole, at the right
            text = shown_title(first, second, date)
            # The title's text comes in order and fills the room: what the two lines hold of it
            # is its start (the end may be cut with "…"), and more than one line's worth.
            plain = text.replace(" ", "").rstrip("…")
            assert title.replace(" ", "").startswith(plain), (first, second)
            assert cell_len(plain) > width - 5, (first, second)


async def test_a_narrow_list_continues_a_long_title_on_its_second_line(library):
    fill(library, [LONG], feed="Central Europe Wire", age=timedelta(hours=3))
    fill(library, [LONG.replace("hard", "long")], feed="Central Europe Wire", age=timedelta(days=300))
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        width = app.screen.query_one(ArticleList).scrollable_content_region.width
        for (first, second), date in zip(rows(app), ("3h", compact_date(NOW - timedelta(days=300), NOW))):
            assert second.endswith(" " + date), (first, second)
            text = shown_title(first, second, date)
            # The second line goes on with the title (not just "…", not the feed), up to the date.
            assert "Centr" not in second and text.endswith("…"), (first, second)
            words = text.rstrip("…").split()
            assert len(words) > len(first[5:].split()) + 1, (first, second)
            assert LONG.startswith(" ".join(words[:-1]))
            assert cell_len(second.split("…")[0]) >= width - len(date) - 3, (first, second)


def test_split_title_counts_cells():
    first, rest = split_title(CJK, 20)
    assert cell_len(first) <= 20 and first + rest == CJK and cell_len(first) >= 19
    first, rest = split_title(EMOJI, 30)
    assert 28 <= cell_len(first) <= 30 and (first + rest).replace(" ", "") == EMOJI.replace(" ", "")
    first, rest = split_title(EMOJI, 42)  # a space near the end: broken there
    assert first == "Emoji 🎉🚀 and CJK 日本語のニュース見出し" and rest.startswith("中文")


def related_item(title: str, feed: str = FEED):
    """A related article as the sidebar lists it: a day old, sharing "Paris"."""
    return SimpleNamespace(id=1, title=title, feed=feed, published=NOW - timedelta(days=1), shared=["Paris"])


def test_sidebar_wraps_at_cell_widths():

    width = cell_len(FEED + " · 1 d ago")  # the feed's line fits, by cells, with nothing to spare
    meta = related_meta(related_item("Paris talks"), width, NOW)
    assert meta.split("\n")[0] == FEED + " · 1 d ago", meta
    meta = related_meta(related_item("Paris talks"), width - 1, NOW)  # one cell less: wrapped at a space, by cells
    assert meta.split("\n")[0] == FEED + " · 1 d", meta
    for narrow in range(width, 10, -1):
        meta = related_meta(related_item("Paris talks"), narrow, NOW)
        assert all(cell_len(line) <= narrow for line in meta.split("\n")), (narrow, meta)
    assert all(cell_len(line) <= 12 for line in hanging(CJK, 12, first=12, indent=0, max_lines=8))


async def test_sidebar_related_item_lines_fit_the_sidebar(library):
    fill(library, ["A title"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        related = app.screen.query_one(RelatedList)
        width = related.text_width
        # A feed whose line fits the sidebar by characters but is a cell too wide: the QA
        # session saw "QA Mine Feed 🎉 ·" / "1" / "d ago · shares: Paris".
        item = related_item("An article about Paris", "Q" * (width - 12) + " 🎉")
        assert len(item.feed + " · 1 d ago") == width and cell_len(item.feed + " · 1 d ago") == width + 1
        related.set_articles([item], NOW)
        await pilot.pause()
        shown = ["".join(s.text for s in related.render_line(y)).strip() for y in range(related.size.height)]
        shown = [line for line in shown if line]
        # Each line as wrapped by cells, none wrapped again by the widget.
        assert shown == ["An article about Paris", item.feed + " · 1 d", "ago · shares: Paris"], shown

"""One row per story in the list (g), and [ ] through a story's versions in the reading pane.

The cache is made by hand: three versions of one story from three feeds,
with analysis rows written directly (as tests/test_related.py does), so the
story exists whatever the models say.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reader.model import ArticleIn, EntityInfo, Event
from tests.test_ui_app import SIZE, current, header, list_lines, make_app, notifications, reading_text, settle

TEXT = ("NATO withdrew the accreditation of eight members of the Russian mission in Brussels, "
        "Jens Stoltenberg said on Wednesday. NATO had already expelled seven Russian diplomats in 2018 "
        "after the Skripal poisoning.")
VERSIONS = [  # (feed, title, day): oldest first
    ("Europe Desk", "NATO expels Russian spies", 5),
    ("World Affairs Weekly", "NATO withdraws Russian mission accreditations", 6),
    ("Global Wire", "NATO cuts Russia's mission in Brussels", 7),
]
OTHER = "Bayern Munich beat Borussia Dortmund 3-1 in Munich on Saturday."


def day(d: int) -> datetime:
    return datetime(2021, 10, d, 12, tzinfo=timezone.utc)


@pytest.fixture
def story(library):
    """{title: id} of the three versions and one unrelated article, analysed by hand."""
    store = library.store
    ids = {}
    for feed, title, d in VERSIONS:
        feed_id = store.feed_id(f"https://{feed.replace(' ', '').lower()}.example/feed", title=feed)
        store.store_articles(feed_id, [ArticleIn(title, title, TEXT, published=day(d))])
        ids[title] = store.db.execute("SELECT id FROM articles WHERE key = ?", (title,)).fetchone()[0]
    sport = store.feed_id("https://sport.example/feed", title="Sport Daily")
    store.store_articles(sport, [ArticleIn("derby", "Bayern win the derby", OTHER, published=day(6))])
    ids["Bayern win the derby"] = store.db.execute("SELECT id FROM articles WHERE key = 'derby'").fetchone()[0]
    nato = [EntityInfo("NATO", "ORG", 2, 1.0), EntityInfo("Russia", "PLACE", 1, 0.7),
            EntityInfo("Jens Stoltenberg", "PERSON", 1, 0.6), EntityInfo("Brussels", "PLACE", 1, 0.4)]
    event = Event("2018", "", "2018", "NATO had already expelled seven Russian diplomats in 2018.", ["NATO"], 0, 10)
    rows = [(ids[title], "test", [], [], nato, [event]) for _feed, title, _d in VERSIONS]
    rows.append((ids["Bayern win the derby"], "test", [], [], [EntityInfo("Bayern Munich", "ORG", 2, 1.0)], []))
    store.save_analysis(rows)
    assert library.story(ids["NATO expels Russian spies"]) == [ids[t] for _f, t, _d in VERSIONS]
    return ids


def test_the_story_is_one_row_with_stories(library, story):
    rows = library.list_articles("", stories=True)
    assert [(r.title, r.story_size) for r in rows] == [("NATO cuts Russia's mission in Brussels", 3),
                                                      ("Bayern win the derby", 1)]
    assert library.count("", stories=True) == 2 and library.count("") == 4


async def test_in_stories_mode_the_header_counts_unread_stories(library, story):
    bayern = next(r.id for r in library.list_articles("") if r.title.startswith("Bayern"))
    library.set_read([bayern], True)  # the NATO story has three unread versions (two once one is opened)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert library.count("is:unread") >= 2
        assert "2 stories · 1 unread" in header(app)


def border_title(app) -> str:
    return str(app.main_screen.query_one("#reading").border_title)


async def test_g_shows_one_row_per_story_with_its_count(library, story):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "4 articles" in header(app)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert current(app).title == "NATO expels Russian spies"
        await pilot.press("g")
        await settle(pilot)
        assert "2 stories" in header(app)
        assert current(app).title == "NATO cuts Russia's mission in Brussels"  # the selected article's story
        lines = [line for line in list_lines(app) if line.strip()]
        assert len(lines) == 4  # two rows of two lines
        assert "NATO cuts Russia" in lines[0] and "Global Wire ×3" in lines[1]
        assert "Bayern" in lines[2] and "×" not in lines[3]
        await pilot.press("q")
    assert library.get_state("ui.stories") == "1"
    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 stories" in header(again)  # kept for the next launch
        await pilot.press("g")
        await settle(pilot)
        assert "4 articles" in header(again)
        assert not any("×" in line for line in list_lines(again))


async def test_brackets_step_through_the_versions(library, story):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert border_title(app) == "report 3 of 3 · Global Wire"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert border_title(app) == "report 2 of 3 · World Affairs Weekly"
        assert "NATO withdraws Russian mission accreditations" in reading_text(app)
        assert library.article(story["NATO withdraws Russian mission accreditations"]).read
        assert current(app).title == "NATO cuts Russia's mission in Brussels"  # the story's row stays
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert border_title(app) == "report 1 of 3 · Europe Desk"
        assert "This is the oldest report." in notifications(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert border_title(app) == "report 2 of 3 · World Affairs Weekly"
        # With every article listed, the cursor follows the version shown.
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert border_title(app) == "report 3 of 3 · Global Wire"
        assert current(app).title == "NATO cuts Russia's mission in Brussels"
        # An article in no story says so.
        await pilot.press("j")
        await settle(pilot)
        assert current(app).title == "Bayern win the derby"
        assert border_title(app) == "Sport Daily"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "No other feed reported this story." in notifications(app)


async def test_stories_from_the_palette_and_a_rebound_key(library, story):
    library.config.keys["toggle_stories"] = "v"
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "2 stories" in header(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"stories")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert "4 articles" in header(app)

"""The entity page, the timeline view and the statistics view: press keys, read the screen."""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from reader.ui.widgets.timeline_view import TimelineAxis
from tests.test_story_core import build_story
from tests.test_ui_app import settle
from tests.ui_support import NOW, ui_seed  # noqa: F401 (fixture)

SIZE = (120, 40)


@pytest.fixture
def story_ids(library, ui_seed):
    return build_story(library, ui_seed)


def make_app(library) -> ReaderApp:
    return ReaderApp(library, now=NOW, autostart=False)


def screen_text(app) -> str:
    """Every row of the screen as the terminal would show it."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


async def open_entity(pilot, steps: int) -> None:
    await pilot.press(*(["e"] * steps))
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def test_enter_on_a_name_opens_its_page(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_entity(pilot, 1)  # Stoltenberg, the first name of the seed
        assert type(app.screen).__name__ == "EntityScreen"
        shown = screen_text(app)
        assert "Jens Stoltenberg · person · 1 article" in shown
        assert "Mentions per week" in shown and "█" in shown  # the chart
        assert "Often with" in shown and "NATO" in shown
        assert "Articles, newest first" in shown and "Spies exposed in Brussels" in shown
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_an_entity_page_in_a_small_terminal_shows_rows_of_both_lists(library, story_ids):
    """At 40x14 the two lists showed their headings and no rows (QA): under 20 rows the chart
    goes, and under 60 columns the lists stand one above the other, each the whole width."""
    app = make_app(library)
    async with app.run_test(size=(40, 14)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # one pane at a time here: the article, then its first name
        await settle(pilot)
        await open_entity(pilot, 1)
        page = app.screen
        assert type(page).__name__ == "EntityScreen"
        for name in ("#entity-cooccur", "#entity-articles"):
            listed = page.query_one(name)
            assert listed.size.height >= 1 and listed.size.width >= 30, name
        shown = screen_text(app)
        first = str(page.query_one("#entity-cooccur").options[0].prompt).split()[0]
        assert f"\n {first}" in shown and "Spies exposed" in shown  # a row of each list


async def test_entity_page_opens_a_co_occurring_name_and_an_article(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_entity(pilot, 1)
        page = app.screen
        cooccur = page.query_one("#entity-cooccur")
        names = [str(o.prompt) for o in cooccur.options]
        gru = next(i for i, n in enumerate(names) if n.startswith("GRU"))
        cooccur.focus()
        cooccur.highlighted = gru
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not page and type(app.screen).__name__ == "EntityScreen"
        shown = screen_text(app)
        assert "GRU · organisation · 3 articles" in shown
        assert "What happened at Vrbetice" in shown and "Czech Republic expels" in shown
        # Its events on the axis: the 2014 blasts among them; step to them and read the sentence.
        assert "Events of GRU" in shown and "2014" in shown
        app.screen.query_one(TimelineAxis).focus()
        await pilot.press("home")
        await pilot.pause()
        assert "Two blasts destroyed an ammunition depot at Vrbetice in 2014" in screen_text(app)
        assert "from: What happened at Vrbetice" in screen_text(app)
        # An article opens on the main screen, over both entity pages.
        articles = app.screen.query_one("#entity-articles")
        articles.focus()
        articles.highlighted = next(i for i, o in enumerate(articles.options) if "Vrbetice" in str(o.prompt))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert app.main_screen.article.title == "What happened at Vrbetice"


async def test_left_and_right_step_through_an_entity_pages_events_as_it_opens(library, story_ids):
    """The page's hint says ←/→ move through the events, but the focus starts on its articles,
    where the keys did nothing until Tab (QA)."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_entity(pilot, 2)  # NATO
        page = app.screen
        axis = page.query_one(TimelineAxis)
        assert page.focused is not axis
        before = axis.selected
        await pilot.press("left" if before else "right")
        await pilot.pause()
        assert axis.selected != before
        assert page.focused is not axis  # the articles keep the focus


async def test_entity_page_lists_its_articles_in_the_main_list(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_entity(pilot, 2)  # NATO
        assert "NATO · organisation" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert "Entity: NATO" in str(app.main_screen.query_one("#header").render())


async def test_timeline_view_places_2014_and_2021_on_one_axis(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        shown = screen_text(app)
        assert "Timeline of Spies exposed in Brussels" in shown
        assert "This article and related ones" in shown and "◆ this article" in shown
        rows = shown.splitlines()
        labels = next(r for r in rows if "2015" in r and "2020" in r)  # one axis, year ticks
        assert labels.index("2015") < labels.index("2020")
        # The first event is the 2014 blasts, from the Vrbetice article; the last the seed's own.
        await pilot.press("home")
        await pilot.pause()
        assert "Two blasts destroyed" in screen_text(app) and "from: What happened at Vrbetice" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "6 Oct 2021: " in screen_text(app) and "from: this article" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert "Apr 2021" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_timeline_enter_on_another_articles_event_opens_it(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert app.main_screen.article.title == "What happened at Vrbetice"


async def test_q_comes_back_to_the_article_left_for_a_related_one(library, story_ids):
    """Enter on another article's event opened it, and then q quit the app: there was no way
    back to the article the user came from (QA). q and Escape go back through the articles
    followed, then do what they did before (q at the top quits)."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.main_screen.article.title
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.main_screen.article.title == "What happened at Vrbetice" != first
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.main_screen.article.title == first
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("home", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.main_screen.article.title == first
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running  # nothing left to go back to: q quits, as before


async def test_timeline_view_at_80x24_with_one_event(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The garden article has no analysis: the view says so, it does not fail.
        for _ in range(5):
            if app.main_screen.article.title.startswith("Late tomatoes"):
                break
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        shown = screen_text(app)
        assert "Not analysed yet · 0 events" in shown and "No dated events to show." in shown


async def test_statistics_from_the_palette(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"statistics")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "StatsScreen"
        shown = screen_text(app)
        assert "6 articles · 6 unread" in shown
        assert "Articles per feed, all time and per month" in shown and "World Desk" in shown
        assert "Unread by feed" in shown
        assert "Entity kinds" in shown and "place" in shown and "organisation" in shown
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_sidebar_shows_the_axis_when_wide_enough(library, story_ids):
    app = make_app(library)
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        rows = screen_text(app).splitlines()
        labels = next(r for r in rows if "2014" in r and "2021" in r and "─" not in r and "2016" in r)
        line = rows[rows.index(labels) - 1]
        assert "◆" in line and "┼" in line  # the article's date on the axis, in the sidebar
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "◆" not in screen_text(app)  # at 120 columns the sidebar keeps its list only


async def test_entity_page_says_when_the_cache_cannot_be_read(library, story_ids, monkeypatch):
    import sqlite3

    def locked(name):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(library, "entity_page", locked)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_entity(pilot, 1)
        assert "Stoltenberg · could not read the cache: database is locked" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen and library.count() == 6  # nothing moved or lost


def test_statistics_say_how_many_of_a_feeds_articles_the_chart_shows_and_align_wide_names():
    """The counts are all time and the chart twelve months (QA: 20 articles beside a chart of 17
    read as wrong): the number after each chart is how many it shows. A feed named in CJK takes
    two cells a character, and its counts stay in their column."""
    from reader.stats import CacheStats, FeedStats
    from reader.ui.format import cells
    from reader.ui.screens.stats import stats_content

    months = [f"2021-{m:02d}" for m in range(1, 13)]
    stats = CacheStats(articles=27, unread=5, months=months, kinds=[], feeds=[
        FeedStats("Europe Security Desk", 20, 3, [0, 1, 0, 2, 0, 3, 0, 0, 4, 3, 0, 4]),
        FeedStats("日本経済新聞の国際ニュース速報とその解説", 7, 2, [0] * 11 + [7])])
    lines = stats_content(stats, 100).plain.splitlines()
    assert "Articles per feed, all time and per month (from 2021-01 to 2021-12)" in lines
    europe = next(line for line in lines if line.startswith("Europe") and line.rstrip().endswith(" 17"))
    japan = next(line for line in lines if line.startswith("日本") and line.rstrip().endswith(" 7"))
    assert cells(europe[:europe.index(" 20 ")]) == cells(japan[:japan.index("  7 ")])  # the same column
    assert "…" in japan
    # Under 60 columns the unread column gives way, and each feed's line still fits (QA: the
    # charts wrapped onto the next line at 40 columns).
    narrow = stats_content(stats, 38).plain.splitlines()
    rows = [line for line in narrow if line.startswith(("Europe", "日本"))]
    assert len(rows) == 4 and all(cells(line) <= 38 for line in rows)
    assert next(line for line in rows if "▆" in line).rstrip().endswith(" 17")
    stats.feeds[1].articles = 123_456  # a big feed's count keeps its column and the line its width
    narrow = stats_content(stats, 38).plain.splitlines()
    rows = [line for line in narrow if line.startswith(("Europe", "日本"))]
    assert all(cells(line) <= 38 for line in rows)
    europe, japan = rows[0], next(line for line in rows if "123,456" in line)
    assert cells(europe[:europe.index("20") + 2]) == cells(japan[:japan.index("123,456") + 7])


def test_timeline_detail_wraps_each_sentence_and_its_sources_under_themselves():
    from types import SimpleNamespace

    from reader.ui.widgets.timeline_view import group_text

    event = SimpleNamespace(display="6 Oct 2021", text="Stoltenberg justified NATO's decision to withdraw "
                            "accreditation from eight members of the Russian mission.",
                            sources=[(1, "Spies exposed"), (2, "NATO expels eight Russian mission members as "
                                                             "suspected intelligence officers")])
    group = SimpleNamespace(events=[event], label=lambda: "6 Oct 2021")
    lines = group_text(group, None, own_id=1, width=40).plain.splitlines()
    assert lines[0].startswith("6 Oct 2021: Stoltenberg") and all(len(line) <= 40 for line in lines)
    sources = next(i for i, line in enumerate(lines) if line.startswith("  from: this article;"))
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:sources])
    assert len(lines) > sources + 1 and all(line.startswith(" " * 8) for line in lines[sources + 1:])


def test_timeline_detail_keeps_a_cut_gists_ellipsis_on_its_last_word():
    from types import SimpleNamespace

    from reader.ui.widgets.timeline_view import group_text

    event = SimpleNamespace(display="4 Sep 2020", text="NATO ambassadors met in Brussels on Friday to discuss the "
                            "poisoning of the Russian opposition politician Alexei Navalny …", sources=[])
    group = SimpleNamespace(events=[event], label=lambda: "4 Sep 2020")
    for width in range(30, 90):
        lines = group_text(group, None, width=width).plain.splitlines()
        assert lines[-1].strip() != "…" and lines[-1].endswith("…")

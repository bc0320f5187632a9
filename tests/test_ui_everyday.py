"""Pilot tests for everyday reading (issue 17): q goes back, the picker filters, themes read, entity colours."""

from __future__ import annotations

from reader.ui.widgets.article_list import ArticleList
from tests.test_ui_app import SIZE, burst, current, header, list_lines, make_app, settle, status
from tests.ui_support import build, by_prefix, ui_seed  # noqa: F401 (fixture)

import pytest


@pytest.fixture
def ids(library, ui_seed):
    return build(library, ui_seed)


def picker_prompts(app) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one("#picker").options]


async def test_q_goes_back_one_level_and_quits_from_the_top(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen"
        await pilot.press("q")  # closes the picker, not the app
        await settle(pilot)
        assert app.screen is app.main_screen and app.is_running
        await pilot.press("slash", *"tomatoes", "enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "search: tomatoes" in header(app) and "unread only" in header(app)
        await pilot.press("q")  # the search goes first
        await settle(pilot)
        assert "search:" not in header(app) and "unread only" in header(app)
        await pilot.press("q")  # then the filter
        await settle(pilot)
        assert "unread only" not in header(app) and "All articles" in header(app)
        assert app.is_running
        await pilot.press("q")  # the top: quit
        await pilot.pause()
    assert app.return_code == 0


async def test_capital_q_quits_at_once(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("Q")
        await pilot.pause()
    assert app.return_code == 0


async def test_picker_j_k_move_and_typing_filters(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen.query_one("#picker")
        assert picker.highlighted == 0
        await pilot.press("j", "j")
        assert picker.highlighted == 2
        await pilot.press("k")
        assert picker.highlighted == 1
        await pilot.press(*"garden")
        await settle(pilot)
        prompts = picker_prompts(app)
        assert any(p.startswith("Garden Notes") for p in prompts)
        assert not any(p.startswith("World Desk") for p in prompts)
        assert "All articles" not in prompts
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert "Feed: Garden Notes" in header(app)


async def test_picker_filter_typed_in_one_burst_and_escape_clears_it_first(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app).id
        burst(app, "fworld")  # "w" starts the filter; "orld" were queued for the list behind it
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen"
        assert app.screen.query_one("#picker-filter").value == "world"
        prompts = picker_prompts(app)
        assert any(p.startswith("World Desk") for p in prompts)
        assert not any(p.startswith("Garden Notes") for p in prompts)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen"
        assert any(p.startswith("Garden Notes") for p in picker_prompts(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen and current(app).id == first


async def test_an_empty_view_from_the_picker_keeps_keys_out_of_the_search(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "j", "j", "enter")  # Starred: nothing is starred yet
        await settle(pilot)
        assert "Starred" in header(app) and "0 articles" in header(app)
        await pilot.press("n", "j", "u")
        await settle(pilot)
        assert "search:" not in header(app)
        assert app.main_screen.query_one("#search").value == ""
        assert "unread only" in header(app)  # u reached its binding
        await pilot.press("q", "q")  # unread only, then the view
        await settle(pilot)
        assert "All articles" in header(app)
        assert app.main_screen.focused is app.main_screen.query_one(ArticleList)


def list_titles(app) -> list[str]:
    lines = [line for line in list_lines(app) if line.strip()]
    return [line.strip(" ●★") for line in lines[0::2]]


async def test_sort_orders_switch_with_a_key_and_are_remembered(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        newest = list_titles(app)
        assert "by " not in header(app)
        await pilot.press("S")
        await settle(pilot)
        assert "by oldest" in header(app)
        assert list_titles(app)[0] == newest[-1]
        await pilot.press("S", "S")  # feed, title
        await settle(pilot)
        assert "by title" in header(app)
        titles = list_titles(app)
        assert titles == sorted(titles, key=str.casefold) and titles != newest
        await pilot.press("Q")
        await pilot.pause()
    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "by title" in header(again)
        assert list_titles(again) == titles
        await pilot.press("S")  # unread first
        await settle(pilot)
        assert "by unread first" in header(again)


async def test_sort_from_the_config(locations, ui_seed):
    from reader.library import make_library

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[settings]\nsort = "oldest"\n')
    library = make_library(locations)
    try:
        build(library, ui_seed)
        oldest = library.list_articles("", limit=100)[-1].title
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "by oldest" in header(app)
            assert oldest.startswith(list_titles(app)[0].rstrip("…"))
    finally:
        library.close()


def test_a_bad_sort_in_the_config_is_named(locations):
    import subprocess
    import sys

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[settings]\ntheme = "nord"\nsort = "random"\n')
    done = subprocess.run([sys.executable, "-m", "reader", "feeds"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0  # a bad setting is a warning naming file and line; the default is used
    assert f"{locations.config_file}:3" in done.stderr and "'random'" in done.stderr and "using 'newest'" in done.stderr


async def test_stars_and_article_tags_are_searchable_in_the_app(library, ids):
    library.set_tags([by_prefix(ids, "Late tomatoes")], ["later"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app)
        await pilot.press("s")  # star the selected article
        await settle(pilot)
        await pilot.press("slash", *"starred", "enter")
        await settle(pilot)
        assert "1 article " in header(app) and current(app).id == first.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "#later" in picker_prompts(app)  # the article's own tag beside the feeds' tags
        await pilot.press(*"later", "enter")
        await settle(pilot)
        assert "Tag: later" in header(app)
        assert list_titles(app) == ["Late tomatoes and the first frost"]


def unread_marks(app) -> list[bool]:
    lines = [line for line in list_lines(app) if line.strip()]
    return [line.startswith(" ●") for line in lines[0::2]]


async def test_preview_marks_read_after_the_configured_delay(locations, ui_seed):
    from reader.library import make_library

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("[settings]\npreview_read_seconds = 0.3\n")
    library = make_library(locations)
    try:
        build(library, ui_seed)
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause(0.5)  # the first row stays shown longer than the 0.3 s delay
            await pilot.press("j")  # the second row, shown in the reading pane, not opened
            await settle(pilot, 8)
            assert unread_marks(app)[:2] == [False, False]  # both stayed long enough
            assert "3 unread" in header(app)
            second = current(app).id
            assert library.article(second).read
    finally:
        library.close()


async def test_preview_leaves_articles_unread_by_default(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, 8)
        assert unread_marks(app)[:2] == [True, True]
        assert "5 unread" in header(app)


async def test_unread_count_with_an_unclosed_quote_in_the_search(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"tomatoes')
        await settle(pilot)
        assert "unclosed quote" in status(app)  # said where it is wrong; the list stays as it was
        await pilot.press('"', "enter")
        await settle(pilot)
        assert "1 article · 1 unread" in header(app)
        await pilot.press("u")
        await settle(pilot)
        assert "1 article · 1 unread" in header(app)


async def test_times_in_the_configured_time_zone_and_relative_when_recent(locations, ui_seed):
    from reader.library import make_library
    from reader.ui import format as fmt
    from reader.ui.widgets.reading import ReadingPane

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[settings]\ntimezone = "Asia/Tokyo"\n')
    library = make_library(locations)
    try:
        build(library, ui_seed)
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = str(app.main_screen.query_one(ReadingPane).query_one("#text").render())
            # The seed was published at 12:00 UTC on 6 October 2021: 21:00 in Tokyo.
            assert "Wednesday 6 October 2021, 21:00 JST" in shown
            lines = [line for line in list_lines(app) if line.strip()]
            assert any(line.endswith("21h") for line in lines)  # NOW is 21 hours later (compact in the list)
    finally:
        fmt.set_timezone("")
        library.close()


def test_a_bad_time_zone_is_named(locations):
    import subprocess
    import sys

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[settings]\ntimezone = "Mars/Olympus"\n')
    done = subprocess.run([sys.executable, "-m", "reader", "feeds"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0  # a bad setting is a warning naming file and line; the default is used
    assert f"{locations.config_file}:2" in done.stderr and "'Mars/Olympus'" in done.stderr and "not a time zone" in done.stderr


async def test_failed_feeds_are_told_once_grouped_and_cleared_when_they_recover(library, ids, tmp_path):
    import shutil

    from tests.test_ui_app import notifications, status
    from tests.test_ui_refresh import refreshed, until
    from tests.ui_support import DATA

    first, second = tmp_path / "one.rss", tmp_path / "two.rss"
    library.add_feed(str(first), "First Wire")
    library.add_feed(str(second), "Second Wire")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await refreshed(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert [str(n.message) for n in errors] == ["2 feeds failed: press x for details"]
        assert "2 feeds failed: x for details" in status(app)
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "DetailsScreen"
        shown = str(app.screen.query_one("#details").render())
        assert "First Wire: " in shown and "Second Wire: " in shown
        await pilot.press("q")  # closes the details, not the app
        await settle(pilot)
        assert app.screen is app.main_screen
        shutil.copy(DATA / "ui_feed.rss", first)
        shutil.copy(DATA / "ui_feed.rss", second)
        await pilot.press("r")
        await until(pilot, lambda: "Refreshed:" in status(app) and "Refreshing" not in status(app), "the second")
        await settle(pilot)
        assert not [n for n in app._notifications if n.severity == "error"]
        assert "failed" not in status(app)
        await pilot.press("x")
        await settle(pilot)
        assert "No feed failed in the last refresh." in notifications(app)


async def test_a_note_goes_when_the_view_changes(library, ids):
    from tests.test_ui_app import status

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "Starred." in status(app)
        await pilot.press("u")  # another view: the note is about the one left
        await settle(pilot)
        assert "Starred." not in status(app)


async def test_the_palette_lists_every_action_once_with_its_keys(library, ids):
    from textual.command import CommandList

    from reader.ui.commands import COMMANDS

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"
        listed = app.screen.query_one(CommandList)
        prompts = [str(option.prompt).split("\n")[0] for option in listed.options]
        names = [p.rsplit("  ", 1)[0].strip() for p in prompts]
        assert names.count("Quit") == 1, prompts
        for command in COMMANDS:
            assert names.count(command.description) == 1, command.description
        quit_line = next(p for p in prompts if p.startswith("Quit"))
        assert quit_line.rstrip().endswith("Q")
        assert any(p.startswith("Next unread") and p.rstrip().endswith("n") for p in prompts)
        assert not any("version" in p.lower() for p in prompts)
        assert any(p.startswith("Next report") for p in prompts)


async def test_tab_cycles_through_an_empty_view(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "j", "j", "enter")  # Starred: empty
        await settle(pilot)
        screen = app.main_screen
        assert screen.focused is screen.query_one("#empty")
        await pilot.press("tab")
        assert type(screen.focused).__name__ == "ReadingPane"
        await pilot.press("shift+tab")
        assert screen.focused is screen.query_one("#empty")

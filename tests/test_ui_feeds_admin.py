"""The app and the feeds a user manages (issue 17 items 4, 5, 8, 9), under Pilot: saved views
in the feed picker, removing and renaming a feed from it (asking first), the config read again
on ctrl+r or when its file changes, and the samples saying where the config file goes."""

from __future__ import annotations

import shutil

from reader.library import make_library
from reader.locations import Locations
from tests.test_ui_app import header, make_app, notifications, settle
from tests.ui_support import DATA

SIZE = (120, 40)


def _config(tmp_path, locations, extra: str = "") -> str:
    shutil.copy(DATA / "ui_feed.rss", tmp_path / "wire.rss")
    text = f"""# my config
[[feeds]]
url = "{tmp_path / 'wire.rss'}"  # a local copy
title = "Wire"
tags = ["news"]

[[views]]
name = "About Lavrov"
query = "lavrov"
{extra}"""
    locations.config_file.write_text(text, encoding="utf-8")
    return text


def _ready(library, tmp_path, locations, extra: str = ""):
    text = _config(tmp_path, locations, extra)
    library.reload_config()
    library.refresh()
    return text


def _prompts(app) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one("#picker").options]


async def _open_picker_at(pilot, app, prefix: str) -> None:
    await pilot.press("f")
    await settle(pilot)
    assert type(app.screen).__name__ == "PickerScreen"
    picker = app.screen.query_one("#picker")
    picker.highlighted = next(i for i, p in enumerate(_prompts(app)) if p.startswith(prefix))


async def test_a_saved_view_shows_in_the_picker_with_its_unread_count_and_filters_the_list(library, tmp_path,
                                                                                            locations):
    _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_picker_at(pilot, app, "About Lavrov")
        prompts = _prompts(app)
        assert "Views" in prompts and "About Lavrov  1 unread" in prompts
        assert prompts.index("Views") < prompts.index("About Lavrov  1 unread") < prompts.index(
            next(p for p in prompts if p.startswith("Feeds")))
        await pilot.press("enter")
        await settle(pilot)
        assert "1 article " in header(app)


async def test_delete_in_the_picker_asks_then_removes_the_feed(library, tmp_path, locations):
    text = _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_picker_at(pilot, app, "Wire")
        await pilot.press("delete")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "Remove Wire" in str(app.screen.question) and "2 articles will be deleted" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert locations.config_file.read_text() == text  # "no" changes nothing
        await pilot.press("delete", "y")
        await settle(pilot)
        assert any("Removed Wire: 2 articles deleted" in n for n in notifications(app))
        assert "[[feeds]]" not in locations.config_file.read_text()
        assert "# my config" in locations.config_file.read_text()
        assert not any(p.startswith("Wire") for p in _prompts(app))  # the open picker is refilled
        assert library.count("feed:wire") == 0


async def test_delete_removes_the_feed_after_a_filter_is_typed(library, tmp_path, locations):
    """With a filter typed (the filter box has the focus), Delete at the end of the filter is
    still the picker's; inside the filter it deletes the character after the cursor."""
    text = _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"wirx")
        await settle(pilot)
        box = app.screen.query_one("#picker-filter")
        assert app.screen.focused is box and box.value == "wirx"
        await pilot.press("left", "delete")  # inside the filter: the character after the cursor
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen" and box.value == "wir"
        picker = app.screen.query_one("#picker")
        assert str(picker.highlighted_option.prompt).startswith("Wire")
        await pilot.press("delete")  # at the end of the filter: remove the highlighted feed
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "Remove Wire" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert locations.config_file.read_text() == text
        assert type(app.screen).__name__ == "PickerScreen" and box.value == "wir"


async def test_f2_in_the_picker_renames_the_feed_in_the_config(library, tmp_path, locations):
    text = _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_picker_at(pilot, app, "Wire")
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ == "TextScreen"
        answer = app.screen.query_one("#text-answer")
        answer.value = ""
        await pilot.press(*"Newswire", "enter")
        await settle(pilot)
        assert locations.config_file.read_text() == text.replace('title = "Wire"', 'title = "Newswire"')
        assert any(p.startswith("Newswire") for p in _prompts(app))


async def test_ctrl_r_reads_the_config_again_theme_views_and_problems_in_one_notification(library, tmp_path,
                                                                                          locations):
    _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.theme
        text = locations.config_file.read_text()
        locations.config_file.write_text('[settings]\ntheme = "nord"\nbogus = 1\n\n' + text + """
[[views]]
name = "Broken"
query = "(nato"

[keys]
refresh = "F"
""")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert before != "nord" and app.theme == "nord"
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "2 problems" in warnings[0].title
        assert "bogus" in str(warnings[0].message) and "Broken" in str(warnings[0].message)
        assert app._keymap.get("refresh") == "F"


async def test_an_edited_config_is_noticed_by_the_watch_without_a_key(library, tmp_path, locations):
    _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = locations.config_file.read_text()
        locations.config_file.write_text(text + '\n[[views]]\nname = "AUKUS"\nquery = "aukus"\n')
        app.main_screen._watch_config()  # the timer's tick (every few seconds)
        await settle(pilot)
        assert [v.name for v in library.config.views] == ["About Lavrov", "AUKUS"]
        assert any("2 views" in n for n in notifications(app))
        app.main_screen._watch_config()  # unchanged: not read again
        await settle(pilot)
        assert sum("2 views" in n for n in notifications(app)) == 1


async def test_a_config_that_cannot_be_read_keeps_the_previous_one(library, tmp_path, locations):
    _ready(library, tmp_path, locations)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        locations.config_file.write_text("[[feeds]\nurl = ")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any("syntax error" in n and "previous settings stay" in n for n in notifications(app))
        assert [f.title for f in library.config.feeds] == ["Wire"]


async def test_the_samples_say_where_the_config_file_goes(tmp_path):
    locations = Locations(config_file=tmp_path / "config" / "config.toml", data_dir=tmp_path / "data")
    library = make_library(locations)
    assert library.config.is_sample
    app = make_app(library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, rounds=6)
            assert any(str(locations.config_file) in n and "sample" in n for n in notifications(app))
    finally:
        library.close()

"""The main screen's state in one object (reader/ui/state.py): plain data, no app needed,
and the screen's attributes are views of it."""

from __future__ import annotations

import subprocess
import sys

from reader.ui.state import MainState


def test_the_query_is_the_view_the_search_and_the_unread_filter():
    state = MainState()
    assert state.query_text == "" and state.entity is None
    state.view = 'feed:"Seed"'
    state.search = "nato OR russia"
    state.unread_only = True
    assert state.query_text == '(feed:"Seed") (nato OR russia) (is:unread)'
    state.view = "is:unread"  # the unread view is not filtered twice
    state.search = ""
    assert state.query_text == "is:unread"


def test_an_entity_view_names_its_entity():
    state = MainState(view='entity:"Jens Stoltenberg"')
    assert state.entity == "Jens Stoltenberg"
    assert MainState(view='feed:"Seed"').entity is None


def test_each_state_has_its_own_story():
    one, two = MainState(), MainState()
    one.story.append(3)
    assert two.story == []


def test_the_state_needs_no_terminal_library():
    code = "import sys, reader.ui.state; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_the_screen_reads_and_writes_its_state(library):
    from tests.test_ui_app import SIZE, make_app, settle

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("u")  # only unread articles
        await settle(pilot)
        assert screen.state.unread_only is True and screen.unread_only is True
        assert "is:unread" in screen.state.query_text
        screen.sort = "oldest"
        assert screen.state.sort == "oldest"

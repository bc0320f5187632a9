"""Snapshots of the entity page, the timeline view and the statistics view at 80 and 120 columns
(pytest-textual-snapshot); update with --snapshot-update. The cache, the analysis and the clock are fixed."""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from tests.test_story_core import build_story
from tests.test_ui_app import settle
from tests.ui_support import NOW, ui_seed  # noqa: F401 (fixture)

SIZES = [(120, 40), (80, 24)]
IDS = ["120x40", "80x24"]


@pytest.fixture
def app(library, ui_seed):
    build_story(library, ui_seed)
    return ReaderApp(library, now=NOW, autostart=False)


def keys(*pressed: str):
    async def steps(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return steps


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_entity_page(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=keys("e", "e", "enter"))  # NATO


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_timeline_view(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=keys("T", "home", "right"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_statistics_view(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=keys("number_sign"))


def test_timeline_view_in_monochrome(snap_compare, library, ui_seed, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    build_story(library, ui_seed)
    app = ReaderApp(library, now=NOW, autostart=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("T", "end"))

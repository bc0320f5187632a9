"""The app refreshes by itself: `refresh_minutes` in [settings] and per [[feeds]] entry.

The feed is a local file the config names; the interval is 0.01 min (0.6 s).
The machine may be busy, so every wait polls the screen with a generous deadline.
"""

from __future__ import annotations

import shutil

from reader.library import make_library
from tests.test_ui_app import SIZE, list_lines, make_app, settle, status
from tests.test_ui_refresh import until
from tests.ui_support import DATA


def _library(locations, tmp_path, settings: str, feed_extra: str = ""):
    feed = tmp_path / "wire.rss"
    shutil.copy(DATA / "ui_feed.rss", feed)
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(
        f"[settings]\n{settings}\n\n[[feeds]]\nurl = \"{feed}\"\ntitle = \"Local Wire\"\n{feed_extra}\n",
        encoding="utf-8")
    return make_library(locations)


async def test_refresh_minutes_refreshes_without_a_key_press(locations, tmp_path):
    library = _library(locations, tmp_path, "refresh_minutes = 0.01")
    try:
        assert library.count() == 0
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # No key is pressed: only the timer can fetch the feed.
            await until(pilot, lambda: "Refreshed:" in status(app), "the automatic refresh")
            await until(pilot, lambda: any("AUKUS pact angers France" in line for line in list_lines(app)),
                        "the feed's articles in the list")
            assert library.count() > 0
    finally:
        library.close()


async def test_a_feeds_own_refresh_minutes_runs_the_timer_for_that_feed_only(locations, tmp_path):
    other = tmp_path / "other.rss"
    shutil.copy(DATA / "ui_feed.rss", other)
    library = _library(locations, tmp_path, "", f'refresh_minutes = 0.01\n\n[[feeds]]\nurl = "{other}"\n'
                                                'title = "By hand"\n')
    try:
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await until(pilot, lambda: "Refreshed:" in status(app), "the automatic refresh")
            assert "1 feed: " in status(app)
            await settle(pilot)
            rows = {f.title: f for f in library.feeds()}
            assert rows["Local Wire"].last_refresh is not None and rows["Local Wire"].articles > 0
            assert rows["By hand"].last_refresh is None  # no interval: only `r` refreshes it
            await pilot.press("r")  # r refreshes every feed, due or not
            await until(pilot, lambda: {f.title: f for f in library.feeds()}["By hand"].last_refresh is not None,
                        "r to refresh the other feed")
    finally:
        library.close()

"""Snapshots of the first screen (pytest-textual-snapshot); update with --snapshot-update.

The cache, the analysis and the clock are fixed, so the pictures are too.
"""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from tests.test_ui_app import settle
from tests.ui_support import NOW, build, ui_seed  # noqa: F401 (fixture)


@pytest.fixture
def app(library, ui_seed):
    build(library, ui_seed)
    return ReaderApp(library, now=NOW, autostart=False)


async def _ready(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_first_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_ready)


def test_entity_highlighted(snap_compare, app):
    async def steps(pilot) -> None:
        await settle(pilot)
        await pilot.press("e", "e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=steps)


def test_narrow_sidebar_overlay(snap_compare, app):
    async def steps(pilot) -> None:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)

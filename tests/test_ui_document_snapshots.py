"""Snapshots of the reading pane showing a Document, at 120x40 and 80x24 (update with --snapshot-update).

The top of the article (enclosures, heading, links, image, lists) and its end (the tables,
the Links list; at 120x40 the code too).
"""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from reader.ui.widgets.reading import ReadingPane
from tests.doc_support import attach, sample_document
from tests.test_ui_app import settle
from tests.ui_support import NOW, build, by_prefix, ui_seed  # noqa: F401 (fixture)

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


@pytest.fixture
def app(library, ui_seed, monkeypatch):
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), sample_document())
    return ReaderApp(library, now=NOW, autostart=False)


@SIZES
def test_document_top(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=settle)


@SIZES
def test_document_end(snap_compare, app, size):
    async def steps(pilot) -> None:
        await settle(pilot)
        pane = pilot.app.main_screen.query_one(ReadingPane)
        pane.scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=steps)

"""Snapshots of the reading pane with images = "blocks", at 120x40 and 80x24 (update with
--snapshot-update): a picture drawn in half blocks under its line, and a page that is not an
image saying so in its line. The images come from a 127.0.0.1 server; its port is only in the
Links list at the article's end, out of view."""

from __future__ import annotations

import dataclasses

import pytest

from reader.model import IMAGE, PARAGRAPH, Block, Document
from reader.ui.app import ReaderApp
from reader.ui.widgets.reading import ReadingPane
from tests.doc_support import _Builder, attach
from tests.image_server import ImageServer
from tests.test_ui_app import settle
from tests.ui_support import NOW, build, by_prefix, ui_seed  # noqa: F401 (fixture)

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


@pytest.fixture
def server():
    s = ImageServer().start()
    yield s
    s.stop()


@pytest.fixture
def app(library, ui_seed, monkeypatch, server):
    b = _Builder()
    b.add(PARAGRAPH, "NATO said the eight officials had been told to leave Brussels by the end of the month.")
    for n, (path, alt) in enumerate([("/red.png", "red over blue"), ("/page.html", "a page")], 1):
        at = len(b.text) + 2
        b.text += "\n\n"
        b.blocks.append(Block(IMAGE, at, at, {"src": server.url(path), "alt": alt, "n": n}))
        b.text = b.text[:-2]
        b.add(PARAGRAPH, f"The text after image {n}.")
    for i in range(12):
        b.add(PARAGRAPH, f"Paragraph {i} goes on about the expulsions and what the alliance said of them.")
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), Document(b.text, b.blocks, b.inlines),
           enclosures=[])
    settings = dataclasses.replace(library.config.settings, images="blocks")
    library.config = dataclasses.replace(library.config, settings=settings)
    return ReaderApp(library, now=NOW, autostart=False)


async def drawn(pilot) -> None:
    """Until the images in view are drawn (or said to fail) and none is still being fetched."""
    await settle(pilot)
    pane = pilot.app.main_screen.query_one(ReadingPane)
    static = pane.query_one("#text")
    for _ in range(200):
        if not pane._image_pending and any("▀" in static.render_line(y).text for y in range(static.size.height)):
            break
        await pilot.pause(0.05)
    await settle(pilot)


@SIZES
def test_images_in_blocks(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=drawn)

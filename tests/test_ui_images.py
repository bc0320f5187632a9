"""Images in the reading pane: fetched from a 127.0.0.1 server only when their line is in view,
drawn as half blocks (images = "blocks"), a failure said in the image's line, nothing with "off"."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reader.model import IMAGE, PARAGRAPH, Block
from reader.ui.widgets.reading import ReadingPane
from tests.doc_support import _Builder, attach
from tests.image_server import ImageServer
from tests.test_ui_app import make_app, settle
from tests.ui_support import build, by_prefix, ui_seed  # noqa: F401 (fixture)

FILLER = ("The alliance said on Wednesday that eight members of the mission had been told to leave, "
          "and that two vacant posts would be abolished. ")


@pytest.fixture
def server():
    s = ImageServer().start()
    yield s
    s.stop()


def document(server):
    """Paragraphs enough to fill two screens, then a red-over-blue image, then a page that is no image."""
    b = _Builder()
    for i in range(12):
        b.add(PARAGRAPH, f"Paragraph {i}. " + FILLER * 2)
    for n, (path, alt) in enumerate([("/red.png", "red over blue"), ("/page.html", "a page")], 1):
        at = len(b.text) + 2
        b.text += "\n\n"
        b.blocks.append(Block(IMAGE, at, at, {"src": server.url(path), "alt": alt, "n": n}))
        b.text = b.text[:-2]
        b.add(PARAGRAPH, f"After image {n}.")
    from reader.model import Document

    return Document(b.text, b.blocks, b.inlines)


def use(library, images: str) -> None:
    settings = dataclasses.replace(library.config.settings, images=images)
    library.config = dataclasses.replace(library.config, settings=settings)


@pytest.fixture
def doc_app(library, ui_seed, monkeypatch, server):
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), document(server), enclosures=[])
    return library


def pane(app) -> ReadingPane:
    return app.main_screen.query_one(ReadingPane)


def pane_lines(app) -> list[str]:
    static = pane(app).query_one("#text")
    return [static.render_line(y).text.rstrip() for y in range(static.size.height)]


def row_with(lines, needle) -> int:
    return next(y for y, line in enumerate(lines) if needle in line)


async def wait_until(pilot, condition, rounds: int = 200) -> bool:
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def test_an_image_is_drawn_in_half_blocks_once_scrolled_into_view(doc_app, server, tmp_path):
    use(doc_app, "blocks")
    app = make_app(doc_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        assert "[image 1: red over blue]" in lines
        assert not any("▀" in line for line in lines)
        assert server.hits == []  # out of view: not fetched
        pane(app).scroll_end(animate=False)
        assert await wait_until(pilot, lambda: any("▀" in line for line in pane_lines(app)))
        await settle(pilot)
        lines = pane_lines(app)
        label = row_with(lines, "[image 1: red over blue]")
        rows = [y for y, line in enumerate(lines) if line.startswith("▀")]
        assert rows[0] == label + 1 and rows == list(range(label + 1, label + 1 + len(rows)))
        assert lines[rows[-1] + 1] == "" and lines[rows[-1] + 2] == "After image 1."
        # Top pixels (red) are the cells' colour, bottom pixels (blue) their background: the picture's
        # top half is red over red, its bottom half blue over blue.
        static = pane(app).query_one("#text")
        first = [s for s in static.render_line(rows[0]) if s.text.strip()][0].style
        last = [s for s in static.render_line(rows[-1]) if s.text.strip()][0].style
        assert first.color.triplet == (200, 30, 30) and first.bgcolor.triplet == (200, 30, 30)
        assert last.color.triplet == (30, 30, 200) and last.bgcolor.triplet == (30, 30, 200)
        # The page that is not an image says so in its line, and draws nothing.
        assert "[image 2: a page — not an image (text/html)]" in lines
        after = row_with(lines, "[image 2:")
        assert lines[after + 1] == "" and lines[after + 2] == "After image 2."
        # Each image was fetched once; the small copy is cached under the data dir.
        assert sorted(server.hits) == ["/page.html", "/red.png"]
        assert len(list((tmp_path / "data" / "images").glob("*.png"))) == 1


async def test_a_click_below_an_image_still_finds_its_word(doc_app, server):
    use(doc_app, "blocks")
    app = make_app(doc_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reading = pane(app)
        reading.scroll_end(animate=False)
        assert await wait_until(pilot, lambda: any("▀" in line for line in pane_lines(app)))
        await settle(pilot)
        # The row of a text offset below the image counts the image's rows.
        offset = reading.article.text.index("After image 2.")
        lines = pane_lines(app)
        assert reading.row_of(offset) == row_with(lines, "After image 2.")


async def test_images_off_keeps_the_line_and_fetches_nothing(doc_app, server):
    use(doc_app, "off")
    app = make_app(doc_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane(app).scroll_end(animate=False)
        await settle(pilot)
        lines = pane_lines(app)
        assert "[image 1: red over blue]" in lines and "[image 2: a page]" in lines
        assert not any("▀" in line for line in lines)
        label = row_with(lines, "[image 1: red over blue]")
        assert lines[label + 1] == "" and lines[label + 2] == "After image 1."
    assert server.hits == []


async def test_a_slow_image_host_does_not_hold_the_app(library, ui_seed, monkeypatch, server):
    """The image's host never answers: its line stays as it is, the app goes on (j moves on in the
    list and the next article is shown), and quitting ends the fetch rather than waiting for it."""
    from reader.model import Document

    b = _Builder()
    b.add(PARAGRAPH, "A short article with a picture from a host that never answers.")
    at = len(b.text) + 2
    b.text += "\n\n"
    b.blocks.append(Block(IMAGE, at, at, {"src": server.url("/slow.png"), "alt": "slow", "n": 1}))
    b.text = b.text[:-2]
    b.add(PARAGRAPH, "After the image.")
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), Document(b.text, b.blocks, b.inlines),
           enclosures=[])
    use(library, "blocks")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: "/slow.png" in server.hits)
        lines = pane_lines(app)
        assert "[image 1: slow]" in lines and not any("▀" in line for line in lines)
        first = pane(app).article.id
        await pilot.press("j")
        assert await wait_until(pilot, lambda: pane(app).article is not None and pane(app).article.id != first)
        worker = next(w for w in app.workers if w.group == "images")
        assert not worker.cancelled_event.is_set()
    # The fetch was cancelled with the app: the worker's event is set (the fetcher's watchdog sees it).
    assert worker.cancelled_event.is_set()


async def test_an_image_that_comes_after_it_was_scrolled_past_does_not_move_the_text(library, ui_seed,
                                                                                      monkeypatch, server):
    from reader.model import Document

    b = _Builder()
    b.add(PARAGRAPH, "An image comes first, from a host that answers late.")
    at = len(b.text) + 2
    b.text += "\n\n"
    b.blocks.append(Block(IMAGE, at, at, {"src": server.url("/held.png"), "alt": "late", "n": 1}))
    b.text = b.text[:-2]
    for i in range(12):
        b.add(PARAGRAPH, f"Paragraph {i}. " + FILLER)
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), Document(b.text, b.blocks, b.inlines),
           enclosures=[])
    use(library, "blocks")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: "/held.png" in server.hits)
        reading = pane(app)
        reading.scroll_to(y=reading.row_of(b.text.index("Paragraph 6.")), animate=False)
        for _ in range(5):  # not settle(): it waits for every worker, the held image's too
            await pilot.pause(0.05)
        top = int(reading.scroll_offset.y)
        assert pane_lines(app)[top].startswith("Paragraph 6.")
        server.release.set()
        assert await wait_until(pilot, lambda: any("▀" in line for line in pane_lines(app)))
        await settle(pilot)
        # The image's rows went in above the view: the view moved down with them.
        assert int(reading.scroll_offset.y) > top
        assert pane_lines(app)[int(reading.scroll_offset.y)].startswith("Paragraph 6.")


def plain_terminal(monkeypatch) -> None:
    """A colour terminal that draws no kitty graphics, whatever runs the tests."""
    for name in ("KITTY_WINDOW_ID", "TERM_PROGRAM", "TMUX", "STY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_auto_draws_half_blocks_unless_there_is_no_colour(doc_app, server, monkeypatch, no_color):
    monkeypatch.setattr("reader.ui.widgets.reading.AUTO_IMAGES", "blocks")  # as outside the tests
    plain_terminal(monkeypatch)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    use(doc_app, "auto")
    app = make_app(doc_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane(app).scroll_end(animate=False)
        drawn = await wait_until(pilot, lambda: any("▀" in line for line in pane_lines(app)), 40 if no_color else 200)
        assert drawn is not no_color
        assert ("/red.png" in server.hits) is not no_color


async def test_at_most_two_images_are_fetched_at_once_and_a_slow_one_holds_no_other(library, ui_seed,
                                                                                   monkeypatch, server):
    """Three images in view, the first from a host that never answers: two fetches at a time,
    so the second image comes, then the third starts when it is done, and is drawn too."""
    from reader.model import Document

    b = _Builder()
    b.add(PARAGRAPH, "Three pictures.")
    for n, path in enumerate(["/slow.png", "/red.png", "/wide.png"], 1):
        at = len(b.text) + 2
        b.text += "\n\n"
        b.blocks.append(Block(IMAGE, at, at, {"src": server.url(path), "alt": path[1:], "n": n}))
        b.text = b.text[:-2]
    b.add(PARAGRAPH, "After the pictures.")
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), Document(b.text, b.blocks, b.inlines),
           enclosures=[])
    use(library, "blocks")
    app = make_app(library)
    async with app.run_test(size=(100, 60)) as pilot:
        assert await wait_until(pilot, lambda: "/wide.png" in server.hits)
        assert server.hits[:2] == ["/slow.png", "/red.png"] or server.hits[:2] == ["/red.png", "/slow.png"]
        assert await wait_until(pilot, lambda: sum(line.startswith("▀") for line in pane_lines(app)) > 0
                                and "[image 3: wide.png]" in pane_lines(app)
                                and pane_lines(app)[row_with(pane_lines(app), "[image 3:") + 1].startswith("▀"))
        lines = pane_lines(app)
        assert lines[row_with(lines, "[image 1: slow.png]") + 1] == ""  # still coming: nothing drawn
        assert lines[row_with(lines, "[image 2: red.png]") + 1].startswith("▀")
    assert server.httpd.most == 2


def wide_document(server):
    """Two screens of paragraphs, then a 400x100 picture (red over blue)."""
    from reader.model import Document

    b = _Builder()
    for i in range(12):
        b.add(PARAGRAPH, f"Paragraph {i}. " + FILLER * 2)
    at = len(b.text) + 2
    b.text += "\n\n"
    b.blocks.append(Block(IMAGE, at, at, {"src": server.url("/wide.png"), "alt": "a wide one", "n": 1}))
    b.text = b.text[:-2]
    b.add(PARAGRAPH, "After the picture.")
    return Document(b.text, b.blocks, b.inlines)


def wide_app(library, ui_seed, monkeypatch, server, images: str):
    """The app on the test cache, the seed's article showing wide_document, with [settings] images."""
    ids = build(library, ui_seed)
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), wide_document(server), enclosures=[])
    use(library, images)
    return make_app(library)


@pytest.fixture
def kitty_terminal(monkeypatch):
    """What the app writes straight to the terminal, and a kitty terminal's environment."""
    from reader import kitty

    written: list[str] = []
    monkeypatch.setattr("reader.ui.widgets.reading.write_terminal", lambda app, data: written.append(data))
    monkeypatch.setattr(kitty, "cell_size", lambda fd=None: (10, 20))
    monkeypatch.setattr("reader.ui.widgets.reading.AUTO_IMAGES", "blocks")  # as outside the tests
    for name in ("TMUX", "STY", "NO_COLOR", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.setenv("KITTY_WINDOW_ID", "1")
    monkeypatch.setenv("COLORTERM", "truecolor")  # as kitty and Ghostty set it
    return written


@pytest.mark.parametrize("setting", ["kitty", "auto"])
async def test_kitty_graphics_send_the_picture_once_and_show_placeholder_rows(library, ui_seed, monkeypatch,
                                                                              server, kitty_terminal, setting):
    import base64
    import io
    import re

    from PIL import Image

    from reader import kitty

    app = wide_app(library, ui_seed, monkeypatch, server, setting)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert kitty_terminal == [] and server.hits == []  # out of view: neither fetched nor sent
        pane(app).scroll_end(animate=False)
        assert await wait_until(pilot, lambda: any(kitty.PLACEHOLDER in line for line in pane_lines(app)))
        await settle(pilot)
        sent = "".join(kitty_terminal)
        keys = [dict(kv.split("=", 1) for kv in m.split(";")[0].split(","))
                for m in re.findall(r"\x1b_G(.*?)\x1b\\", sent, flags=re.S)]
        image_id = int(keys[0]["i"])
        assert keys[0]["a"] == "t" and keys[0]["f"] == "100"
        width = pane(app).query_one("#text").content_size.width
        cols, nrows = kitty.cells_for((400, 100), width, 16, (10, 20))
        assert cols == width < 40 and nrows == 4  # the pane's width; the aspect kept
        assert keys[-1] == {"a": "p", "U": "1", "i": str(image_id), "c": str(cols), "r": str(nrows), "q": "2"}
        payload = "".join(m.split(";", 1)[1] for m in re.findall(r"\x1b_G(.*?)\x1b\\", sent, flags=re.S)[:-1])
        assert Image.open(io.BytesIO(base64.standard_b64decode(payload))).size == (400, 100)
        # Under its line, its rows of placeholder cells, in the colour that names the image.
        lines = pane_lines(app)
        label = row_with(lines, "[image 1: a wide one]")
        rows = [y for y, line in enumerate(lines) if kitty.PLACEHOLDER in line]
        assert rows == list(range(label + 1, label + 1 + nrows))
        assert [line for y, line in enumerate(lines) if y in rows] == kitty.placeholder_rows(cols, nrows)
        static = pane(app).query_one("#text")
        styles = {s.style.color.triplet for y in rows for s in static.render_line(y) if kitty.PLACEHOLDER in s.text}
        assert styles == {kitty.colour(image_id)}
        assert lines[rows[-1] + 1] == "" and lines[rows[-1] + 2] == "After the picture."
        assert not any("▀" in line for line in lines)
        # Laid out again (another entity highlighted, the pane redrawn): nothing is sent again.
        before = len(kitty_terminal)
        await pilot.press("e")
        await settle(pilot)
        pane(app)._lay_out(pane(app).article)
        await settle(pilot)
        assert len(kitty_terminal) == before
        assert server.hits == ["/wide.png"]


@pytest.mark.parametrize("why", ["tmux", "256 colours"])
async def test_a_kitty_terminal_gets_half_blocks_inside_tmux_or_without_true_colour(library, ui_seed, monkeypatch,
                                                                                   server, kitty_terminal, why):
    if why == "tmux":
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    else:  # a placeholder's colour names its image: cut to 256 colours it would name another
        monkeypatch.delenv("COLORTERM")
    app = wide_app(library, ui_seed, monkeypatch, server, "auto")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane(app).scroll_end(animate=False)
        assert await wait_until(pilot, lambda: any("▀" in line for line in pane_lines(app)))
    assert kitty_terminal == []


def sixel_strips(app) -> tuple[list, object]:
    """The text's strips as the screen's compositor asks for them (the part in view), and its region."""
    from textual.geometry import Region

    static = pane(app).query_one("#text")
    view = pane(app).scrollable_content_region
    top = int(pane(app).scroll_offset.y)
    crop = Region(0, top, static.size.width, view.height)
    return static.render_lines(crop), static.screen.find_widget(static).region, crop


def drawn_rows(text: str) -> list[tuple[int, int, str]]:
    """(screen row, column, sixel string) of each row a strip draws, 1-based as the terminal's."""
    assert text.count("\x1b7") == 1 and text.count("\x1b8") == 1
    return [(int(y), int(x), data) for y, x, data in re.findall(r"\x1b\[(\d+);(\d+)H(\x1bP.*?\x1b\\)", text, re.S)]


@pytest.mark.parametrize("setting", ["sixel", "auto"])
async def test_sixels_are_drawn_over_the_image_s_rows_in_view(library, ui_seed, monkeypatch, server, setting):
    """A terminal that draws sixels (asked when the app starts; "sixel" forces it): the image's
    rows are left unwritten and, on the last row in view, each row in view of the picture is
    drawn at its place on the screen, as wide as the text (the rest in its background)."""
    from reader import kitty
    from tests.test_sixel import decode

    monkeypatch.setattr(kitty, "cell_size", lambda fd=None: (10, 20))
    plain_terminal(monkeypatch)
    app = wide_app(library, ui_seed, monkeypatch, server, setting)
    app.sixel_terminal = setting == "auto"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert server.hits == []
        pane(app).scroll_end(animate=False)
        assert await wait_until(pilot, lambda: bool(pane(app)._sixel_places))
        await settle(pilot)
        lines = pane_lines(app)
        label = row_with(lines, "[image 1: a wide one]")
        width = pane(app).query_one("#text").content_size.width
        cols, nrows = kitty.cells_for((400, 100), width, 16, (10, 20))
        assert lines[label + 1:label + 1 + nrows] == [""] * nrows  # blank in the text itself
        assert lines[label + nrows + 2] == "After the picture."
        assert not any("▀" in line for line in lines)

        # The picture is made ready off the app's thread, then drawn.
        assert await wait_until(pilot, lambda: any("\x1bP" in seg.text for strip in sixel_strips(app)[0]
                                                   for seg in strip))
        strips, region, crop = sixel_strips(app)
        rows = [y for y in range(label + 1, label + 1 + nrows) if crop.y <= y < crop.bottom]
        assert rows == list(range(label + 1, label + 1 + nrows))  # all in view at the end of the article
        texts = {y: "".join(seg.text for seg in strips[y - crop.y]) for y in rows}
        for y in rows:  # nothing written over the picture: the cursor moves past the row
            assert texts[y].startswith(f"\x1b[{width}C") and strips[y - crop.y].cell_length == width
        assert all("\x1bP" not in texts[y] for y in rows[:-1])
        drawn = drawn_rows(texts[rows[-1]])
        # each row at its place on the screen, as wide as the text, a cell high
        assert [(y, x) for y, x, _data in drawn] == [(region.y + row + 1, region.x + 1) for row in rows]
        assert texts[rows[-1]].endswith("\x1b\\\x1b8")  # the cursor goes back where the row left it
        for _y, _x, data in drawn:
            assert decode(data)[:2] == (width * 10, 20)
        # the picture's own colours (red over blue) in its columns, the background beyond them
        assert decode(drawn[0][2])[2][(5, 2)][0] > 60 and decode(drawn[-1][2])[2][(5, 17)][2] > 60
        # Text around is written as before.
        above = "".join(seg.text for seg in strips[label - crop.y])
        assert "[image 1: a wide one]" in above

        # Scrolled so that only the picture's first two rows are in view, at its bottom: those
        # two are drawn, on the view's last row.
        pane(app).scroll_to(y=label + 3 - crop.height, animate=False)
        await settle(pilot)
        strips, region, crop = sixel_strips(app)
        assert crop.bottom == label + 3
        drawn = drawn_rows("".join(seg.text for seg in strips[-1]))
        assert [y for y, _x, _data in drawn] == [region.y + label + 1 + 1, region.y + label + 2 + 1]
    assert server.hits == ["/wide.png"]


async def test_no_sixels_are_drawn_under_a_dialog(library, ui_seed, monkeypatch, server):
    from reader import kitty

    monkeypatch.setattr(kitty, "cell_size", lambda fd=None: (10, 20))
    plain_terminal(monkeypatch)
    app = wide_app(library, ui_seed, monkeypatch, server, "sixel")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane(app).scroll_end(animate=False)
        assert await wait_until(pilot, lambda: bool(pane(app)._sixel_places))
        await settle(pilot)
        assert await wait_until(pilot, lambda: any("\x1bP" in seg.text for strip in sixel_strips(app)[0]
                                                   for seg in strip))
        await pilot.press("question_mark")  # the help dialog over the main screen
        await settle(pilot)
        assert app.screen is not app.main_screen
        assert not any("\x1bP" in seg.text for strip in sixel_strips(app)[0] for seg in strip)


def test_the_terminal_is_asked_about_sixels_only_when_auto_may_use_them(monkeypatch):
    from reader import kitty, sixel
    from reader.ui.app import sixel_terminal

    asked = []
    monkeypatch.setattr(sixel, "ask_terminal", lambda: asked.append(1) or "\x1b[?62;4;22c")
    plain_terminal(monkeypatch)
    assert sixel_terminal("auto") is True and asked == [1]
    for images in ("off", "blocks", "kitty", "sixel"):
        assert sixel_terminal(images) is False  # "sixel" draws them without asking
    monkeypatch.setattr(kitty, "supported", lambda env=None: True)
    assert sixel_terminal("auto") is False  # kitty graphics come first
    monkeypatch.undo()
    plain_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sixel, "ask_terminal", lambda: asked.append(1) or "\x1b[?62;4;22c")
    assert sixel_terminal("auto") is False
    assert asked == [1]
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sixel, "ask_terminal", lambda: "\x1b[?62;22c")  # tmux 3.3, a terminal without
    assert sixel_terminal("auto") is False

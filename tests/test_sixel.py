"""reader/sixel.py: the encoder, read back by a plain decoder written from the format; DA1 replies;
the terminal asked through a pseudo-terminal."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from reader import sixel


def decode(data: str) -> tuple[int, int, dict[tuple[int, int], tuple[int, int, int]]]:
    """(width, height, {(x, y): (r, g, b) in percent}) of a sixel string: the pixels it sets."""
    m = re.match(r'\x1bP[\d;]*q"1;1;(\d+);(\d+)', data)
    if not m:
        raise ValueError("not a sixel image with raster attributes")
    width, height = int(m.group(1)), int(m.group(2))
    body = data[m.end():data.index("\x1b\\")]
    colours: dict[int, tuple[int, int, int]] = {}
    pixels: dict[tuple[int, int], tuple[int, int, int]] = {}
    x = y = 0
    current = 0
    i = 0
    while i < len(body):
        c = body[i]
        if c == "#":
            m = re.match(r"#(\d+)(?:;2;(\d+);(\d+);(\d+))?", body[i:])
            n = int(m.group(1))
            if m.group(2) is not None:
                colours[n] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
            current = n
            i += m.end()
            continue
        if c == "$":
            x = 0
        elif c == "-":
            x, y = 0, y + 6
        elif c == "!":
            m = re.match(r"!(\d+)(.)", body[i:])
            count, char = int(m.group(1)), m.group(2)
            for _ in range(count):
                _put(pixels, x, y, ord(char) - 63, colours[current])
                x += 1
            i += m.end()
            continue
        elif "?" <= c <= "~":
            _put(pixels, x, y, ord(c) - 63, colours[current])
            x += 1
        i += 1
    return width, height, pixels


def _put(pixels: dict, x: int, y: int, bits: int, colour: tuple[int, int, int]) -> None:
    for dy in range(6):
        if bits & (1 << dy):
            pixels[(x, y + dy)] = colour


def encode(image, cols: int, rows: int, cell, *, first_row: int = 0, last_row: int | None = None,
           background=(0, 0, 0)) -> str:
    """``image`` over ``cols`` x ``rows`` cells as sixels, the rows from ``first_row`` to ``last_row``."""
    return sixel.Picture(image, cols, rows, cell, background).rows_sixels(first_row, last_row)


def percent(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple(round(v * 100 / 255) for v in rgb)


def test_two_flat_colours_come_back_where_they_were():
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (0, 10, 40, 20))  # red over blue
    data = encode(image, 4, 2, (10, 10))
    width, height, pixels = decode(data)
    assert (width, height) == (40, 20)
    assert len(pixels) == 40 * 20  # every pixel set, none past the picture
    assert {pixels[(x, y)] for x in range(40) for y in range(10)} == {percent((255, 0, 0))}
    assert {pixels[(x, y)] for x in range(40) for y in range(10, 20)} == {percent((0, 0, 255))}
    assert "!" in data  # runs are written as counts


def test_a_height_that_is_no_multiple_of_six_paints_nothing_below_it():
    """The last band is partly empty: with P2 = 1 those pixels stay as they are (the text below)."""
    data = encode(Image.new("RGB", (8, 14), (0, 255, 0)), 1, 1, (8, 14))
    assert data.startswith("\x1bP0;1;0q")
    width, height, pixels = decode(data)
    assert (width, height) == (8, 14)
    assert max(y for _x, y in pixels) == 13 and len(pixels) == 8 * 14


def test_only_the_rows_in_view_are_encoded():
    image = Image.new("RGB", (20, 40))
    for row, colour in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]):
        image.paste(colour, (0, row * 10, 20, row * 10 + 10))
    width, height, pixels = decode(encode(image, 2, 4, (10, 10), first_row=1, last_row=3))
    assert (width, height) == (20, 20)
    assert {pixels[(0, y)] for y in range(10)} == {percent((0, 255, 0))}
    assert {pixels[(0, y)] for y in range(10, 20)} == {percent((0, 0, 255))}
    assert encode(image, 2, 4, (10, 10), first_row=2, last_row=2) == ""


def test_transparency_is_drawn_on_the_background_and_a_photo_keeps_its_colours():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    _w, _h, pixels = decode(encode(image, 1, 1, (10, 10), background=(30, 30, 60)))
    assert set(pixels.values()) == {percent((30, 30, 60))}
    gradient = Image.new("RGB", (256, 60))
    gradient.putdata([(x, 255 - x, (x * 3) % 256) for _y in range(60) for x in range(256)])
    data = encode(gradient, 16, 3, (16, 20))
    _w, _h, pixels = decode(data)
    assert len(set(pixels.values())) <= sixel.MAX_COLOURS
    # each pixel near its colour: 128 colours for a smooth gradient
    errors = [abs(pixels[(x, y)][0] - round(x / 255 * 100)) for x in range(0, 256, 7) for y in range(0, 60, 9)]
    assert sum(errors) / len(errors) < 12


@pytest.mark.parametrize("reply, expected", [
    ("\x1b[?62;4;6;22c", True),  # xterm -ti vt340
    ("\x1b[?65;1;4;6;9;15;22c", True),  # foot-like
    ("\x1b[?62;22c", False),  # no sixels
    ("\x1b[?1;2c", False),  # a VT100
    ("\x1b[?64;14c", False),  # 14 is not 4
    ("", False),  # no answer
])
def test_the_terminal_s_answer_says_whether_it_draws_sixels(reply, expected):
    assert sixel.supported(reply) is expected


def test_the_terminal_is_asked_and_its_answer_read_through_a_pty():
    import os
    import pty
    import threading

    parent, child = pty.openpty()
    try:
        def terminal():  # the terminal's side: read the query, answer it
            got = os.read(parent, 16)
            if got == sixel.DA1.encode():
                os.write(parent, b"\x1b[?62;4;22c")

        thread = threading.Thread(target=terminal)
        thread.start()
        reply = sixel.ask_terminal(child, child, timeout=2)
        thread.join()
        assert sixel.supported(reply)
        # a terminal that does not answer: "" after the timeout, nothing left waiting
        assert sixel.ask_terminal(child, child, timeout=0.05) == ""
    finally:
        os.close(parent)
        os.close(child)
    null = os.open(os.devnull, os.O_RDWR)
    try:
        assert sixel.ask_terminal(null, null, timeout=0.05) == ""  # not a terminal
    finally:
        os.close(null)


def test_the_rows_of_a_part_are_the_rows_of_the_whole():
    """A picture is reduced to its palette once: scrolled half into view, its rows come out as in
    the whole (no colours shifting from one scroll step to the next)."""
    gradient = Image.new("RGB", (200, 80))
    gradient.putdata([(x, y * 3, (x + y) % 256) for y in range(80) for x in range(200)])
    picture = sixel.Picture(gradient, 10, 4, (20, 20))
    _w, _h, whole = decode(picture.rows_sixels())
    _w, height, part = decode(picture.rows_sixels(1, 3))
    assert height == 40
    assert part == {(x, y - 20): colour for (x, y), colour in whole.items() if 20 <= y < 60}
    assert picture.rows_sixels(3, 3) == "" and picture.rows_sixels(0, 5) == ""

"""Kitty graphics with Unicode placeholders (reader/kitty.py): the sequences that send and place
an image, the placeholder text that shows it, and which terminals get it."""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image

from reader import kitty


def _messages(data: str) -> list[tuple[dict[str, str], str]]:
    """Each APC graphics message of ``data`` as (its keys, its payload)."""
    out = []
    for body in re.findall(r"\x1b_G(.*?)\x1b\\", data, flags=re.S):
        head, _, payload = body.partition(";")
        out.append((dict(kv.split("=", 1) for kv in head.split(",")), payload))
    return out


@pytest.mark.parametrize("env, expected", [
    ({"TERM": "xterm-kitty"}, True),
    ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, True),
    ({"TERM": "xterm-ghostty"}, True),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"}, True),
    ({"TERM": "xterm-256color"}, False),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, False),  # no placeholders there
    ({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "3", "TMUX": "/tmp/tmux-0/default,1,0"}, False),
    ({"TERM": "screen", "KITTY_WINDOW_ID": "3"}, False),
    ({}, False),
])
def test_only_terminals_that_draw_placeholders_get_them(env, expected):
    assert kitty.supported(env) is expected


def test_an_image_is_sent_as_png_in_chunks_then_placed_over_its_cells():
    noise = Image.effect_noise((300, 200), 80).convert("RGB")  # does not compress: several chunks
    data = kitty.transmit(noise, 0x123456, 30, 10)
    messages = _messages(data)
    first, *rest = messages
    assert first[0] == {"a": "t", "f": "100", "i": str(0x123456), "q": "2", "m": "1"}
    chunks = [first] + rest[:-1]
    assert len(chunks) >= 2 and all(len(p) <= kitty.CHUNK for _k, p in chunks)
    assert [k["m"] for k, _p in chunks] == ["1"] * (len(chunks) - 1) + ["0"]
    png = base64.standard_b64decode("".join(p for _k, p in chunks))
    back = Image.open(io.BytesIO(png))
    assert back.format == "PNG" and back.size == (300, 200)
    assert back.convert("RGB").tobytes() == noise.tobytes()
    place, payload = messages[-1]
    assert place == {"a": "p", "U": "1", "i": str(0x123456), "c": "30", "r": "10", "q": "2"} and payload == ""
    assert kitty.delete(0x123456) == "\x1b_Ga=d,d=I,i=1193046,q=2\x1b\\"


def test_a_small_image_goes_in_one_message():
    messages = _messages(kitty.transmit(Image.new("RGB", (4, 4), (1, 2, 3)), 7, 1, 1))
    assert len(messages) == 2 and messages[0][0]["m"] == "0"


def test_placeholders_name_their_row_and_column_and_the_colour_names_the_image():
    rows = kitty.placeholder_rows(5, 3)
    assert len(rows) == 3
    for r, text in enumerate(rows):
        cells = [text[i:i + 3] for i in range(0, len(text), 3)]
        assert len(cells) == 5
        for c, cell in enumerate(cells):
            assert cell[0] == kitty.PLACEHOLDER
            assert (kitty.DIACRITICS.index(cell[1]), kitty.DIACRITICS.index(cell[2])) == (r, c)
    assert kitty.colour(0x123456) == (0x12, 0x34, 0x56)
    assert all(1 <= kitty.new_id() <= 0xFFFFFF for _ in range(200))
    assert len(kitty.DIACRITICS) == len(set(kitty.DIACRITICS)) == kitty.MAX_CELLS == 297
    with pytest.raises(ValueError):
        kitty.placeholder_rows(kitty.MAX_CELLS + 1, 1)


@pytest.mark.parametrize("size, width, max_rows, cell, expected", [
    ((400, 100), 80, 16, (10, 20), (40, 5)),   # its own width in cells, the aspect kept
    ((400, 100), 20, 16, (10, 20), (20, 2)),   # narrower pane: fewer columns, fewer rows
    ((100, 400), 80, 16, (10, 20), (8, 16)),   # tall: the rows cap it, the columns follow
    ((40, 20), 80, 16, (8, 16), (5, 1)),
    ((10_000, 1), 80, 16, (10, 20), (80, 1)),  # at least one row
])
def test_cells_keep_the_aspect_within_the_pane(size, width, max_rows, cell, expected):
    assert kitty.cells_for(size, width, max_rows, cell) == expected


def test_the_cell_size_comes_from_the_kernel_or_a_default(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    try:
        # A terminal of 40 rows x 100 columns over 900 x 1000 pixels: 9 x 25 a cell.
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 900, 1000))
        assert kitty.cell_size(follower) == (9, 25)
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))  # no pixels said
        assert kitty.cell_size(follower) == kitty.DEFAULT_CELL
    finally:
        os.close(leader)
        os.close(follower)
    with open(tmp_path / "f", "w") as f:  # not a terminal
        assert kitty.cell_size(f.fileno()) == kitty.DEFAULT_CELL

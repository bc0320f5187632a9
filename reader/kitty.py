"""Kitty's terminal graphics protocol, with Unicode placeholders: real pictures in text.

Core (no textual, no rich): pure functions that build the escape sequences and the placeholder
text; the reading pane writes the one and shows the other.

How it works (https://sw.kovidgoyal.net/kitty/graphics-protocol/#unicode-placeholders):
an image is sent to the terminal once, as PNG, under an id (``a=t``), and given a virtual
placement of C columns by R rows (``a=p,U=1``). The text then holds, for each cell, the
placeholder character U+10EEEE followed by two combining marks that say the cell's row and
column, in a foreground colour whose 24 bits are the image's id. The terminal draws the
picture's part in each such cell. The text is ordinary text to everything else: it scrolls,
clips and re-lays out like any other line, so the reading pane stays one text widget.

Terminals: kitty (TERM=xterm-kitty or KITTY_WINDOW_ID) and Ghostty draw placeholders. Others
get sixels where they draw them (reader/sixel.py), else half blocks; so does any terminal
inside tmux or screen (placeholders would need passthrough).
"""

from __future__ import annotations

import base64
import io
import os
import random
import sys
from collections.abc import Mapping

PLACEHOLDER = "\U0010eeee"

# The row/column marks, in the protocol's order: kitty's rowcolumn-diacritics.txt (mark N
# means row or column N). 297 of them: an image is at most that many cells on a side.
DIACRITICS = [chr(c) for c in (
    0x00305, 0x0030d, 0x0030e, 0x00310, 0x00312, 0x0033d, 0x0033e, 0x0033f, 0x00346, 0x0034a, 0x0034b, 0x0034c,
    0x00350, 0x00351, 0x00352, 0x00357, 0x0035b, 0x00363, 0x00364, 0x00365, 0x00366, 0x00367, 0x00368, 0x00369,
    0x0036a, 0x0036b, 0x0036c, 0x0036d, 0x0036e, 0x0036f, 0x00483, 0x00484, 0x00485, 0x00486, 0x00487, 0x00592,
    0x00593, 0x00594, 0x00595, 0x00597, 0x00598, 0x00599, 0x0059c, 0x0059d, 0x0059e, 0x0059f, 0x005a0, 0x005a1,
    0x005a8, 0x005a9, 0x005ab, 0x005ac, 0x005af, 0x005c4, 0x00610, 0x00611, 0x00612, 0x00613, 0x00614, 0x00615,
    0x00616, 0x00617, 0x00657, 0x00658, 0x00659, 0x0065a, 0x0065b, 0x0065d, 0x0065e, 0x006d6, 0x006d7, 0x006d8,
    0x006d9, 0x006da, 0x006db, 0x006dc, 0x006df, 0x006e0, 0x006e1, 0x006e2, 0x006e4, 0x006e7, 0x006e8, 0x006eb,
    0x006ec, 0x00730, 0x00732, 0x00733, 0x00735, 0x00736, 0x0073a, 0x0073d, 0x0073f, 0x00740, 0x00741, 0x00743,
    0x00745, 0x00747, 0x00749, 0x0074a, 0x007eb, 0x007ec, 0x007ed, 0x007ee, 0x007ef, 0x007f0, 0x007f1, 0x007f3,
    0x00816, 0x00817, 0x00818, 0x00819, 0x0081b, 0x0081c, 0x0081d, 0x0081e, 0x0081f, 0x00820, 0x00821, 0x00822,
    0x00823, 0x00825, 0x00826, 0x00827, 0x00829, 0x0082a, 0x0082b, 0x0082c, 0x0082d, 0x00951, 0x00953, 0x00954,
    0x00f82, 0x00f83, 0x00f86, 0x00f87, 0x0135d, 0x0135e, 0x0135f, 0x017dd, 0x0193a, 0x01a17, 0x01a75, 0x01a76,
    0x01a77, 0x01a78, 0x01a79, 0x01a7a, 0x01a7b, 0x01a7c, 0x01b6b, 0x01b6d, 0x01b6e, 0x01b6f, 0x01b70, 0x01b71,
    0x01b72, 0x01b73, 0x01cd0, 0x01cd1, 0x01cd2, 0x01cda, 0x01cdb, 0x01ce0, 0x01dc0, 0x01dc1, 0x01dc3, 0x01dc4,
    0x01dc5, 0x01dc6, 0x01dc7, 0x01dc8, 0x01dc9, 0x01dcb, 0x01dcc, 0x01dd1, 0x01dd2, 0x01dd3, 0x01dd4, 0x01dd5,
    0x01dd6, 0x01dd7, 0x01dd8, 0x01dd9, 0x01dda, 0x01ddb, 0x01ddc, 0x01ddd, 0x01dde, 0x01ddf, 0x01de0, 0x01de1,
    0x01de2, 0x01de3, 0x01de4, 0x01de5, 0x01de6, 0x01dfe, 0x020d0, 0x020d1, 0x020d4, 0x020d5, 0x020d6, 0x020d7,
    0x020db, 0x020dc, 0x020e1, 0x020e7, 0x020e9, 0x020f0, 0x02cef, 0x02cf0, 0x02cf1, 0x02de0, 0x02de1, 0x02de2,
    0x02de3, 0x02de4, 0x02de5, 0x02de6, 0x02de7, 0x02de8, 0x02de9, 0x02dea, 0x02deb, 0x02dec, 0x02ded, 0x02dee,
    0x02def, 0x02df0, 0x02df1, 0x02df2, 0x02df3, 0x02df4, 0x02df5, 0x02df6, 0x02df7, 0x02df8, 0x02df9, 0x02dfa,
    0x02dfb, 0x02dfc, 0x02dfd, 0x02dfe, 0x02dff, 0x0a66f, 0x0a67c, 0x0a67d, 0x0a6f0, 0x0a6f1, 0x0a8e0, 0x0a8e1,
    0x0a8e2, 0x0a8e3, 0x0a8e4, 0x0a8e5, 0x0a8e6, 0x0a8e7, 0x0a8e8, 0x0a8e9, 0x0a8ea, 0x0a8eb, 0x0a8ec, 0x0a8ed,
    0x0a8ee, 0x0a8ef, 0x0a8f0, 0x0a8f1, 0x0aab0, 0x0aab2, 0x0aab3, 0x0aab7, 0x0aab8, 0x0aabe, 0x0aabf, 0x0aac1,
    0x0fe20, 0x0fe21, 0x0fe22, 0x0fe23, 0x0fe24, 0x0fe25, 0x0fe26, 0x10a0f, 0x10a38, 0x1d185, 0x1d186, 0x1d187,
    0x1d188, 0x1d189, 0x1d1aa, 0x1d1ab, 0x1d1ac, 0x1d1ad, 0x1d242, 0x1d243, 0x1d244)]

MAX_CELLS = len(DIACRITICS)  # columns or rows of one placement
CHUNK = 4096  # base64 characters per transmission message (the protocol's limit)
DEFAULT_CELL = (10, 20)  # pixels (width, height) of a cell when the terminal does not say


def supported(env: Mapping[str, str] | None = None) -> bool:
    """Whether the terminal draws kitty's Unicode placeholders, from its environment alone (a
    query would race Textual's input reader). Inside tmux or screen: no (no passthrough)."""
    env = os.environ if env is None else env
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("tmux", "screen")):
        return False
    term = env.get("TERM", "")
    return bool(env.get("KITTY_WINDOW_ID")) or term == "xterm-kitty" or term == "xterm-ghostty" \
        or env.get("TERM_PROGRAM", "").lower() == "ghostty"


def cell_size(fd: int | None = None) -> tuple[int, int]:
    """The terminal's cell in pixels (width, height), from the kernel's window size (no query to
    the terminal); DEFAULT_CELL when it does not say."""
    try:
        import fcntl
        import struct
        import termios

        if fd is None:
            fd = sys.__stdout__.fileno()
        rows, cols, xpix, ypix = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
        if rows and cols and xpix and ypix:
            return max(1, xpix // cols), max(1, ypix // rows)
    except Exception:  # not a terminal, no ioctl
        pass
    return DEFAULT_CELL


def cells_for(size: tuple[int, int], width: int, max_rows: int, cell: tuple[int, int] = DEFAULT_CELL) -> tuple[int, int]:
    """(columns, rows) that show an image of ``size`` pixels with its aspect kept, at most
    ``width`` columns (and the image's own pixel width) and ``max_rows`` rows."""
    w, h = size
    cw, ch = cell
    cols = max(1, min(width, MAX_CELLS, -(-w // cw)))
    rows = max(1, round(h * cols * cw / (w * ch)))
    if rows > min(max_rows, MAX_CELLS):
        rows = min(max_rows, MAX_CELLS)
        cols = max(1, min(width, MAX_CELLS, round(w * rows * ch / (h * cw))))
    return cols, rows


def new_id() -> int:
    """An image id that fits the placeholder colour's 24 bits (never 0, which means "none")."""
    return random.randint(1, 0xFFFFFF)


def _message(payload: str = "", **keys) -> str:
    body = ",".join(f"{k}={v}" for k, v in keys.items())
    return f"\x1b_G{body}{';' + payload if payload else ''}\x1b\\"


def transmit(image, image_id: int, cols: int, rows: int) -> str:
    """The sequences that send ``image`` (a Pillow image) as PNG under ``image_id`` and place it
    virtually over ``cols`` x ``rows`` cells. Quiet (q=2): the terminal answers nothing."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    data = base64.standard_b64encode(buf.getvalue()).decode("ascii")
    out = []
    first = True
    while data or first:
        chunk, data = data[:CHUNK], data[CHUNK:]
        more = 1 if data else 0
        if first:
            out.append(_message(chunk, a="t", f=100, i=image_id, q=2, m=more))
            first = False
        else:
            out.append(_message(chunk, m=more, q=2))
    out.append(_message(a="p", U=1, i=image_id, c=cols, r=rows, q=2))
    return "".join(out)


def delete(image_id: int) -> str:
    """The sequence that frees an image and its placements in the terminal."""
    return _message(a="d", d="I", i=image_id, q=2)


def colour(image_id: int) -> tuple[int, int, int]:
    """The placeholder text's foreground: the id's 24 bits as red, green, blue."""
    return (image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255


def placeholder_rows(cols: int, rows: int) -> list[str]:
    """The text of each row of a placement: a placeholder per cell with its row and column marks."""
    if not (0 < cols <= MAX_CELLS and 0 < rows <= MAX_CELLS):
        raise ValueError(f"a placement of {cols}x{rows} cells (at most {MAX_CELLS} a side)")
    return ["".join(PLACEHOLDER + DIACRITICS[r] + DIACRITICS[c] for c in range(cols)) for r in range(rows)]

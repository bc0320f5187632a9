"""Sixel graphics: pictures for the terminals that draw DEC sixels (xterm -ti vt340, foot,
WezTerm, Windows Terminal, mlterm, Konsole, contour, and tmux 3.4 built with sixel).

Core (no textual, no rich): the encoder and the terminal's answer to "what can you do?".
The reading pane leaves an image's cells unwritten and writes the sixels over them
(reader/ui/widgets/reading.py).

A sixel image is a DCS string: ``ESC P 0;1;0 q``, raster attributes (1:1 pixels, width,
height), a palette (``#n;2;r;g;b``, in percent), then bands six pixels high: for each colour,
``#n`` and one character per column (63 + the six bits of the pixels of that colour), runs
written ``!count char``, ``$`` back to the band's start, ``-`` to the next band. The second
parameter, 1, leaves pixels no colour sets as they are: a picture whose height is not a
multiple of six paints nothing below its last row.

Whether the terminal draws sixels: its answer to DA1 (``ESC [ c``) lists 4 among its
attributes. It is asked once, before the app starts (the app then owns the terminal's input).
"""

from __future__ import annotations

import os
import re
import select
import sys
import time

MAX_COLOURS = 128  # palette of one picture (median cut); terminals keep at least 256 registers
DA1 = "\x1b[c"
QUERY_TIMEOUT = 0.3  # seconds to wait for the terminal's answer

_RUN = re.compile(rb"(.)\1{3,}")
_CHARS = bytes(63 + b if b < 64 else 63 for b in range(256))  # six bits -> the sixel character


def _rle(row: bytes) -> bytes:
    return _RUN.sub(lambda m: b"!%d%c" % (len(m.group()), m.group(1)[0]), row)


class Picture:
    """An image made ready for sixels once, over ``cols`` x ``rows`` cells: scaled, laid on its
    background, reduced to one palette for the whole picture (median cut, not dithered: dithering
    breaks the runs sixels compress), so that the rows of any part come out the same.
    ``rows_sixels`` and ``row`` then write the rows asked for."""

    def __init__(self, image, cols: int, rows: int, cell: tuple[int, int],
                 background: tuple[int, int, int] = (0, 0, 0)) -> None:
        from PIL import Image

        cw, ch = cell
        self.rows, self.cell_height = rows, ch
        self.width, height = max(1, cols) * cw, max(1, rows) * ch
        picture = image.convert("RGBA").resize((self.width, height), Image.Resampling.LANCZOS)
        flat = Image.new("RGBA", picture.size, background + (255,))
        flat.alpha_composite(picture)
        quantized = flat.convert("RGB").quantize(colors=MAX_COLOURS, method=Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)
        self.pixels = quantized.tobytes()
        self.palette = quantized.getpalette() or []
        self._rows: dict[int, str] = {}

    def rows_sixels(self, first_row: int = 0, last_row: int | None = None) -> str:
        """The cell rows from ``first_row`` up to ``last_row`` as one sixel string ("" for none)."""
        last_row = self.rows if last_row is None else last_row
        if not 0 <= first_row < last_row <= self.rows:
            return ""
        start, end = first_row * self.cell_height * self.width, last_row * self.cell_height * self.width
        return _sixels(self.pixels[start:end], self.palette, self.width, (last_row - first_row) * self.cell_height)

    def row(self, index: int) -> str:
        """Cell row ``index`` alone, as a sixel string to draw at that row's first cell; kept, so
        that a view scrolled over the picture writes the rows it shows without encoding them
        again (a row is its own image: rows start on their cell, whatever the cell's height)."""
        data = self._rows.get(index)
        if data is None:
            data = self._rows[index] = self.rows_sixels(index, index + 1)
        return data


def _sixels(pixels: bytes, palette: list[int], width: int, height: int) -> str:
    """Palette indices (one byte a pixel, row after row) as a sixel DCS string."""
    used = sorted(set(pixels))
    out = [b'\x1bP0;1;0q"1;1;%d;%d' % (width, height)]
    for n in used:
        r, g, b = (palette[3 * n:3 * n + 3] + [0, 0, 0])[:3]
        out.append(b"#%d;2;%d;%d;%d" % (n, round(r * 100 / 255), round(g * 100 / 255), round(b * 100 / 255)))
    # One translation table per (colour, row of the band): that colour -> its bit, the rest -> 0.
    tables: dict[tuple[int, int], bytes] = {}
    for top in range(0, height, 6):
        band = [pixels[(top + dy) * width:(top + dy + 1) * width] for dy in range(min(6, height - top))]
        colours = sorted(set().union(*(set(row) for row in band)))
        parts = []
        for n in colours:
            bits = 0
            for dy, row in enumerate(band):
                table = tables.get((n, dy))
                if table is None:
                    buf = bytearray(256)
                    buf[n] = 1 << dy
                    table = tables[(n, dy)] = bytes(buf)
                bits |= int.from_bytes(row.translate(table), "big")
            chars = bits.to_bytes(width, "big").translate(_CHARS).rstrip(b"?")
            if chars:
                parts.append(b"#%d%s" % (n, _rle(chars)))
        out.append(b"$".join(parts) + b"-")
    out.append(b"\x1b\\")
    return b"".join(out).decode("ascii")


def supported(reply: str) -> bool:
    """Whether a DA1 reply (``ESC [ ? 62 ; 4 ; ... c``) lists sixel graphics (attribute 4)."""
    m = re.search(r"\x1b\[\?([\d;]*)c", reply)
    return bool(m) and "4" in m.group(1).split(";")


def ask_terminal(fd_in: int | None = None, fd_out: int | None = None, timeout: float = QUERY_TIMEOUT) -> str:
    """Send DA1 to the terminal and return its reply ("" when it is not a terminal or does not
    answer in ``timeout``). Before the app starts: the terminal's input is read here, raw."""
    try:
        import termios
        import tty
    except ImportError:
        return ""
    fd_in = sys.__stdin__.fileno() if fd_in is None else fd_in
    fd_out = sys.__stdout__.fileno() if fd_out is None else fd_out
    if not (os.isatty(fd_in) and os.isatty(fd_out)):
        return ""
    saved = termios.tcgetattr(fd_in)
    reply = b""
    try:
        tty.setraw(fd_in, termios.TCSANOW)
        os.write(fd_out, DA1.encode())
        deadline = time.monotonic() + timeout
        while not reply.endswith(b"c"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            chunk = os.read(fd_in, 256)
            if not chunk:
                break
            reply += chunk
    except OSError:
        pass
    finally:
        termios.tcsetattr(fd_in, termios.TCSAFLUSH, saved)
    return reply.decode("ascii", "replace")

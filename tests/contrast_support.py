"""WCAG contrast of what the app paints, per theme: the colours are read from the rendered cells."""

from __future__ import annotations

from dataclasses import dataclass


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Cell:
    where: str
    text: str
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]
    highlight: bool  # a highlight or the selection (3:1), not body text (4.5:1)

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)

    @property
    def minimum(self) -> float:
        return 3.0 if self.highlight else 4.5


def _rgb(color) -> tuple[int, int, int]:
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def cells(widget, where: str, base_bg: tuple[int, int, int] | None = None) -> list[Cell]:
    """Each stretch of text the widget paints, with its colours. A stretch is a highlight when
    it is underlined, italic, reversed or on another background than the widget's own (bold
    text, such as the unread titles, is body text)."""
    found = []
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            style = segment.style
            if not segment.text.strip() or style is None or style.color is None or style.bgcolor is None:
                continue
            fg, bg = _rgb(style.color), _rgb(style.bgcolor)
            if style.reverse:
                fg, bg = bg, fg
            highlight = bool(style.underline or style.italic or style.reverse
                             or (base_bg is not None and bg != base_bg) or segment.text.strip() in "●★")
            found.append(Cell(where, segment.text.strip(), fg, bg, highlight))
    return found


def failures(found: list[Cell]) -> list[str]:
    return [f"{c.where}: {c.text[:30]!r} {c.ratio:.2f}:1 < {c.minimum}:1 (#{bytes(c.fg).hex()} on #{bytes(c.bg).hex()})"
            for c in found if c.ratio < c.minimum]

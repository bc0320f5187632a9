"""Lines of a laid-out Document as Textual Content, with the entity highlights composed in.

Feed text only reaches the screen as ``Content(text)`` styled by offset, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from reader.model import EMPHASIS, INLINE_CODE, LINK, STRONG, Inline
from reader.ui.format import MUTED
from reader.ui.render import layout as L

LINK_TEXT_STYLE = "underline"
CODE_STYLE = "$text-secondary"
HEADING_STYLE = "bold $text-accent"
INLINE_STYLES = {LINK: LINK_TEXT_STYLE, EMPHASIS: "italic", STRONG: "bold", INLINE_CODE: CODE_STYLE}

ROLE_STYLES = {
    L.MARKER: "$text-primary",
    L.BULLET: "$text-primary",
    L.BAR: MUTED,
    L.IMAGE_LINE: "italic $text-primary",
    L.CAPTION: "italic " + MUTED,
    L.RULE_LINE: MUTED,
    L.CODE_LINE: CODE_STYLE,
    L.CROP: "$text-warning",
    L.HEADING_LINE: HEADING_STYLE,
    L.TABLE_HEAD: "underline",
    L.TABLE_BORDER: MUTED,
    L.LABEL: MUTED,
    L.SECTION: HEADING_STYLE,
    L.NUMBER: "$text-primary",
    L.URL: "underline $text-primary",
    L.HINT: MUTED,
}


def inline_styles(inlines: Iterable[Inline]) -> list[tuple[int, int, str]]:
    """(start, end, style) of each inline span (links, emphasis, strong, code)."""
    return [(i.start, i.end, INLINE_STYLES[i.kind]) for i in inlines if i.kind in INLINE_STYLES and i.end > i.start]


def line_content(line: L.Line, highlight) -> Content:
    """One laid-out line. ``highlight(text, offset)`` styles a stretch of the article's text
    (entities, search terms, the current entity and sentence, the inline spans)."""
    parts: list[Content] = []
    for piece in line.pieces:
        if piece.start >= 0:
            content = highlight(piece.text, piece.start)
            style = ROLE_STYLES.get(piece.role)
            if piece.role in (L.HEADING_LINE,) and line.level <= 1:
                style = HEADING_STYLE + " underline"
            if style:
                content = content.stylize_before(style)
        else:
            content = Content(piece.text)
            style = ROLE_STYLES.get(piece.role)
            if piece.role == L.SECTION or (piece.role == L.HEADING_LINE and line.level <= 1):
                style = HEADING_STYLE
            if style and piece.text.strip():
                content = content.stylize(style)
        parts.append(content)
    return Content("").join(parts) if parts else Content("")

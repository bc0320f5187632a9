"""Lay a Document out in lines for a given width: one layout for the reading pane and `reader show`.

Pure Python (no textual, no rich): the result is a list of ``Line``, each a
list of ``Piece``. A piece is either a stretch of the article's text
(``start >= 0``: ``piece.text`` is ``text[start:start + len(piece.text)]``,
control characters shown as spaces, one character to one offset, so
highlights and clicks find their place) or something the layout inserts
(``start == -1``: a footnote number, a list bullet, a quote bar, an image
line, the links list). ``role`` says what the piece is; the Textual renderer
(reader.ui.render.content) maps roles to styles, ``plain`` ignores them.

Each line is at most ``width`` cells, except that nothing is ever cut from
the text but code: a code line wider than the pane is cropped and ends in
"…" (``reader show`` prints it whole: ``crop_code=False``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from reader.model import CELL, CODE, HEADING, IMAGE, ITEM, QUOTE, ROW, RULE, TABLE, Block, Document, Enclosure

# Roles of inserted pieces and of lines.
MARKER = "marker"        # a link's footnote number "[3]"
BULLET = "bullet"        # "• " or "3. " before a list item
BAR = "bar"              # a quote's bar
IMAGE_LINE = "image"     # "[image 2: alt]"
CAPTION = "caption"
RULE_LINE = "rule"
CODE_LINE = "code"
CROP = "crop"            # the "…" of a cropped code line
HEADING_LINE = "heading"
TABLE_HEAD = "th"        # a header cell's text
TABLE_BORDER = "border"  # column separators and the rule under the header
LABEL = "label"          # "Header: " in a table read row by row
SECTION = "section"      # "Links", "Enclosures"
NUMBER = "number"        # "[1]" in the links and enclosures lists
URL = "url"
HINT = "hint"            # which key does what, after a section's title
TEXT = ""

QUOTE_BAR = "│ "
# What a list's item may carry before it in the text, outside the item ("3. ", "- "): the layout
# draws its own numbers and bullets, so text between items that is only this is not shown.
_MARKER = re.compile(r"\s*(?:(?:\d{1,9}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,8})[.)]|[-*+•◦▪‣–])?\s*\Z")
COLUMN_GAP = " │ "


@dataclass(slots=True)
class Piece:
    text: str
    start: int = -1  # offset of text[0] in the article, -1 for inserted text
    role: str = TEXT

    @property
    def end(self) -> int:
        return self.start + len(self.text) if self.start >= 0 else -1


@dataclass(slots=True)
class Line:
    pieces: list[Piece] = field(default_factory=list)
    role: str = TEXT  # HEADING_LINE (with level), CODE_LINE, ...
    level: int = 0

    @property
    def plain(self) -> str:
        return "".join(p.text for p in self.pieces)

    def span(self) -> tuple[int, int] | None:
        """(first, last) offsets of the article text on this line, None when it shows none."""
        starts = [(p.start, p.end) for p in self.pieces if p.start >= 0 and p.text]
        if not starts:
            return None
        return min(s for s, _ in starts), max(e for _, e in starts)

    def offset_at(self, index: int) -> int | None:
        """The article offset of the line's character ``index`` (what Textual reports for a
        click: the character in the line, not the cell); None on inserted text."""
        at = 0
        for piece in self.pieces:
            if at <= index < at + len(piece.text):
                return piece.start + index - at if piece.start >= 0 else None
            at += len(piece.text)
        return None


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def _clean(text: str) -> str:
    """Control characters as spaces, one for one (offsets stay right)."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", text)


def _fit(text: str, room: int) -> int:
    """How many characters of ``text`` fit in ``room`` cells (at least one)."""
    used = 0
    for i, char in enumerate(text):
        used += char_width(char)
        if used > room:
            return max(1, i)
    return len(text)


class _Words:
    """Words of a stretch of text (with footnote numbers glued on), wrapped greedily."""

    def __init__(self, layout: "Layout") -> None:
        self.layout = layout

    def words(self, start: int, end: int) -> list[list[Piece] | None]:
        """Each word as its pieces; None for a hard line break (a newline in the text)."""
        text = self.layout.text
        shown = self.layout.shown
        markers = self.layout.markers
        at_list = self.layout.marker_offsets
        out: list[list[Piece] | None] = []
        for match in re.finditer(r"\n|[^\s]+", text[start:end]):
            if match.group(0) == "\n":
                out.append(None)
                continue
            s, e = start + match.start(), start + match.end()
            word: list[Piece] = []
            cut = s
            first = bisect_right(at_list, s)
            if first == len(at_list) or at_list[first] > e:  # most words: no link ends in them
                out.append([Piece(shown[s:e], s)])
                continue
            for at in at_list[first:bisect_right(at_list, e)]:
                word.append(Piece(shown[cut:at], cut))
                for n in markers[at]:
                    word.append(Piece(f"[{n}]", -1, MARKER))
                cut = at
            if cut < e:
                word.append(Piece(shown[cut:e], cut))
            out.append(word)
        return out


def wrap_words(words: list[list[Piece] | None], width: int) -> list[list[Piece]]:
    """Greedy wrapping: lines of pieces at most ``width`` cells; a word too long is cut."""
    width = max(1, width)
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    used = 0
    for word in words:
        if word is None:
            lines.append(line)
            line, used = [], 0
            continue
        size = sum(cells(p.text) for p in word)
        if line and used + 1 + size <= width:
            line.append(Piece(" ", -1))
            line.extend(word)
            used += 1 + size
            continue
        if line:
            lines.append(line)
            line, used = [], 0
        while size > width:  # a word wider than the line: cut it
            room, head, rest = width, [], []
            for piece in word:
                if room <= 0:
                    rest.append(piece)
                    continue
                w = cells(piece.text)
                if w <= room:
                    head.append(piece)
                    room -= w
                else:
                    k = _fit(piece.text, room)
                    head.append(Piece(piece.text[:k], piece.start, piece.role))
                    rest.append(Piece(piece.text[k:], piece.start + k if piece.start >= 0 else -1, piece.role))
                    room = 0
            lines.append(head)
            word = rest
            size = sum(cells(p.text) for p in word)
        line, used = list(word), size
    if line or not lines:
        lines.append(line)
    return lines


class Layout:
    """The lines of a document at one width. ``crop_code``: crop wide code lines (the pane)."""

    def __init__(self, document: Document, width: int, *, crop_code: bool = True, links_list: bool = True,
                 links_hint: str = "", code_shift: int = 0, image_notes: dict | None = None) -> None:
        self.doc = document
        self.image_notes = image_notes or {}  # image number -> why it is not shown ("not an image")
        self.image_rows: dict[int, Block] = {}  # index of an image's (last) label line -> its block
        self.code_shift = max(0, code_shift)  # cells of every code line scrolled out on the left
        self.code_overflow = 0  # how many cells the widest code line needs beyond the width
        self.links_hint = links_hint
        self.text = document.text
        self.shown = _clean(self.text)  # what is drawn: control characters as spaces, one for one
        self.width = max(10, width)
        self.crop_code = crop_code
        self.markers: dict[int, list[int]] = {}
        for link in document.links():
            if "n" in link.attrs and link.end > link.start:
                self.markers.setdefault(link.end, []).append(link.attrs["n"])
        self.marker_offsets = sorted(self.markers)
        self._words = _Words(self)
        self.lines: list[Line] = []
        blocks = sorted((b for b in document.blocks if 0 <= b.start <= b.end <= len(self.text)), key=_order)
        self._run(0, len(self.text), blocks, [])
        if links_list:
            self._links_list()
        while self.lines and not self.lines[-1].pieces:
            self.lines.pop()
        for line in self.lines:
            line.pieces = self._merged(line.pieces)

    def _merged(self, pieces: list[Piece]) -> list[Piece]:
        """Neighbouring stretches of the text joined into one piece (with the space between them,
        when that space is the text's own): fewer pieces to style, and a search for two words
        finds them on one line."""
        out: list[Piece] = []
        for piece in pieces:
            if not piece.text:
                continue
            if out:
                last = out[-1]
                if piece.start < 0 and last.start < 0 and last.role == piece.role:
                    out[-1] = Piece(last.text + piece.text, -1, last.role)
                    continue
                if piece.start >= 0 and last.start >= 0 and last.role == piece.role and last.end == piece.start:
                    out[-1] = Piece(last.text + piece.text, last.start, last.role)
                    continue
                if (piece.start >= 0 and len(out) >= 2 and last.start < 0 and last.text == " "
                        and out[-2].start >= 0 and out[-2].role == piece.role and out[-2].end + 1 == piece.start
                        and self.text[out[-2].end] == " "):
                    before = out[-2]
                    out[-2:] = [Piece(before.text + " " + piece.text, before.start, before.role)]
                    continue
            out.append(piece)
        return out

    # -- helpers ---------------------------------------------------------------------

    def _blank(self, prefix: list[Piece]) -> None:
        """One blank line between blocks (a quote keeps its bar)."""
        if not self.lines:
            return
        if not self.lines[-1].pieces or self.lines[-1].plain.strip() == "".join(p.text for p in prefix).strip():
            return
        self.lines.append(Line([Piece(p.text.rstrip(), -1, p.role) for p in prefix if p.text.strip()]))

    def _emit(self, rows: list[list[Piece]], first: list[Piece], rest: list[Piece], role: str = TEXT,
              level: int = 0) -> None:
        for i, row in enumerate(rows):
            self.lines.append(Line(list(first if i == 0 else rest) + row, role, level))

    def _flow(self, start: int, end: int, first: list[Piece], rest: list[Piece], role: str = TEXT,
              level: int = 0) -> None:
        """Wrapped text of [start, end) after the prefixes."""
        room = self.width - max(cells("".join(p.text for p in first)), cells("".join(p.text for p in rest)))
        rows = wrap_words(self._words.words(start, end), room)
        while rows and not rows[-1]:
            rows.pop()
        while rows and not rows[0]:
            rows.pop(0)
        if role in (HEADING_LINE, TABLE_HEAD, CAPTION):
            rows = [[Piece(p.text, p.start, role if p.role == TEXT and p.start >= 0 else p.role) for p in row]
                    for row in rows]
        self._emit(rows, first, rest, role, level)

    @staticmethod
    def _children(blocks: list[Block], start: int, end: int) -> list[Block]:
        """The direct children among ``blocks`` (sorted) inside [start, end)."""
        out: list[Block] = []
        reach = -1
        for block in blocks:
            if block.start < start or block.end > end:
                continue
            if out and block.start < reach:
                continue  # inside the previous child
            out.append(block)
            reach = block.end
        return out

    # -- blocks ----------------------------------------------------------------------

    def _gap(self, start: int, end: int, prefix: list[Piece]) -> None:
        """Text no block covers: paragraphs a blank line apart."""
        for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", self.text[start:end]):
            if not match.group(0).strip():
                continue
            self._blank(prefix)
            self._flow(start + match.start(), start + match.end(), prefix, prefix)

    def _run(self, start: int, end: int, blocks: list[Block], prefix: list[Piece]) -> None:
        """The blocks inside [start, end) in order, with the text between them."""
        children = self._children(blocks, start, end)
        at = start
        previous: Block | None = None
        for child in children:
            if child.start > at and not (child.kind == ITEM and _MARKER.match(self.text, at, child.start)):
                self._gap(at, child.start, prefix)
            inner = _inside(blocks, child)
            tight = previous is not None and previous.kind == ITEM and child.kind == ITEM
            if not tight:
                self._blank(prefix)
            self._block(child, inner, prefix)
            previous = child if child.start >= at else previous
            at = max(at, child.end)
        if at < end:
            self._gap(at, end, prefix)

    def _block(self, block: Block, inner: list[Block], prefix: list[Piece]) -> None:
        kind, a = block.kind, block.attrs
        if kind == HEADING:
            self._flow(block.start, block.end, prefix, prefix, HEADING_LINE, int(a.get("level", 2) or 2))
        elif kind == ITEM:
            self._item(block, inner, prefix)
        elif kind == QUOTE:
            bar = prefix + [Piece(QUOTE_BAR, -1, BAR)]
            if inner:
                self._run(block.start, block.end, inner, bar)
            else:
                self._gap(block.start, block.end, bar)
        elif kind == CODE:
            self._code(block, prefix)
        elif kind == TABLE:
            self._table(block, inner, prefix)
        elif kind == IMAGE:
            self._image(block, prefix)
        elif kind == RULE:
            room = self.width - cells("".join(p.text for p in prefix))
            self.lines.append(Line(prefix + [Piece("─" * max(3, min(room, 40)), -1, RULE_LINE)]))
            if block.end > block.start:
                self._gap(block.start, block.end, prefix)
        else:  # PARAGRAPH, and rows or cells outside a table
            if inner:
                self._run(block.start, block.end, inner, prefix)
            else:
                self._flow(block.start, block.end, prefix, prefix)

    def _item(self, block: Block, inner: list[Block], prefix: list[Piece]) -> None:
        a = block.attrs
        depth = max(1, int(a.get("depth", 1) or 1))
        indent = "  " * (depth - 1)
        bullet = f"{a.get('number', 1)}. " if a.get("ordered") else "• "
        first = prefix + [Piece(indent, -1), Piece(bullet, -1, BULLET)]
        rest = prefix + [Piece(indent + " " * cells(bullet), -1)]
        # Its own text is what comes before its first nested block.
        own_end = min([b.start for b in inner] + [block.end])
        if self.text[block.start:own_end].strip():
            self._flow(block.start, own_end, first, rest)
        else:
            self.lines.append(Line(first[:]))
        if inner:
            children = self._children(inner, own_end, block.end)
            at = own_end
            for child in children:
                if (child.start > at and self.text[at:child.start].strip()
                        and not (child.kind == ITEM and _MARKER.match(self.text, at, child.start))):
                    self._flow(at, child.start, rest, rest)
                deeper = _inside(inner, child)
                if child.kind == ITEM:
                    self._item(child, deeper, prefix)
                else:
                    self._block(child, deeper, rest)
                at = max(at, child.end)
            if at < block.end and self.text[at:block.end].strip():
                self._flow(at, block.end, rest, rest)

    def _code(self, block: Block, prefix: list[Piece]) -> None:
        room = self.width - cells("".join(p.text for p in prefix))
        at = block.start
        body = self.text[block.start:block.end]
        if body.endswith("\n"):
            body = body[:-1]
        for raw in body.split("\n"):
            pieces: list[Piece] = []
            column = 0
            for match in re.finditer(r"\t|[^\t]+", raw):
                chunk = match.group(0)
                if chunk == "\t":  # to the next stop of four: drawn as spaces, no offset of the text
                    piece = Piece(" " * (4 - column % 4), -1, CODE_LINE)
                else:
                    piece = Piece(self.shown[at + match.start():at + match.end()], at + match.start(), CODE_LINE)
                pieces.append(piece)
                column += cells(piece.text)
            if self.crop_code:
                self.code_overflow = max(self.code_overflow, column - room)
                pieces = _window(pieces, column, self.code_shift, room)
            self.lines.append(Line(prefix + pieces, CODE_LINE))
            at += len(raw) + 1

    def _image(self, block: Block, prefix: list[Piece]) -> None:
        a = block.attrs
        alt = " ".join(_clean(str(a.get("alt") or "")).split())
        caption = " ".join(_clean(str(a.get("caption") or "")).split())
        note = " ".join(_clean(str(self.image_notes.get(a.get("n")) or "")).split())
        label = f"[image {a.get('n', '?')}" + (f": {alt}" if alt else "") + (f" — {note}" if note else "") + "]"
        if caption and block.end <= block.start and caption != alt:
            label += " " + caption
        room = self.width - cells("".join(p.text for p in prefix))
        words = [[Piece(w, -1, IMAGE_LINE)] for w in label.split(" ")]
        rows = wrap_words(words, room)
        rows = [[Piece(p.text, -1, IMAGE_LINE) for p in row] for row in rows]
        self._emit(rows, prefix, prefix)
        if rows:
            self.image_rows[len(self.lines) - 1] = block
        shown = " ".join(self.shown[block.start:block.end].split())
        if shown and shown != alt:  # a caption (an image's text that is only its alt is said already)
            self._flow(block.start, block.end, prefix, prefix, CAPTION)

    # -- tables ------------------------------------------------------------------------

    def _table(self, block: Block, inner: list[Block], prefix: list[Piece]) -> None:
        rows: list[tuple[bool, list[Block]]] = []
        outside: list[tuple[int, int]] = []  # text of the table in no row (a caption): shown after it
        at = block.start
        for row in self._children(inner, block.start, block.end):
            if row.kind != ROW:
                continue
            outside.append((at, row.start))
            at = max(at, row.end)
            cells_ = [b for b in inner if b.kind == CELL and row.start <= b.start and b.end <= row.end]
            cells_.sort(key=lambda c: (c.attrs.get("col", 0), c.start))
            if not cells_ and self.text[row.start:row.end].strip():
                cells_ = [Block(CELL, row.start, row.end, {})]  # a row without cells: its text as one
            if not cells_:
                continue
            header = bool(row.attrs.get("header")) or all(c.attrs.get("header") for c in cells_)
            rows.append((header, cells_))
        outside.append((at, block.end))
        if not rows:
            self._gap(block.start, block.end, prefix)
            return
        before, after = outside[0], outside[1:]
        if self.text[before[0]:before[1]].strip():  # a caption above the rows stays above them
            self._gap(before[0], before[1], prefix)
            self._blank(prefix)
        self._grid(rows, prefix)
        for start, end in after:
            if self.text[start:end].strip():
                self._blank(prefix)
                self._gap(start, end, prefix)

    def _grid(self, rows: list[tuple[bool, list[Block]]], prefix: list[Piece]) -> None:
        """The rows of a table in aligned columns, or row by row when they cannot fit.

        Cells go to their column ("col": an empty cell is not stored, so a row's first cell
        may be its second column's)."""
        ncols = max((_col(c, i) + 1 for _, cs in rows for i, c in enumerate(cs)), default=1)
        placed = []
        for _, cs in rows:
            row_cells: list = [None] * ncols
            for i, c in enumerate(cs):
                row_cells[_col(c, i)] = c
            placed.append(row_cells)
        room = self.width - cells("".join(p.text for p in prefix))
        natural = [0] * ncols
        longest_word = [0] * ncols
        for row_cells in placed:
            for i, c in enumerate(row_cells):
                if c is None:
                    continue
                t = self.text[c.start:c.end]
                natural[i] = max(natural[i], cells(" ".join(t.split())))
                longest_word[i] = max([longest_word[i]] + [cells(w) for w in t.split()])
        gaps = cells(COLUMN_GAP) * (ncols - 1)
        if sum(natural) + gaps <= room:
            widths = natural
        else:
            least = [max(1, min(w, 12)) for w in longest_word]
            if sum(least) + gaps > room or ncols > 1 and room // ncols < 6:
                self._table_by_rows(rows, prefix)
                return
            widths = self._share(natural, least, room - gaps)
        header_seen = False
        for (header, _cs), cs in zip(rows, placed):
            last = max((i for i, c in enumerate(cs) if c is not None), default=-1)
            cols: list[list[list[Piece]]] = []
            for i in range(ncols):
                c = cs[i]
                if c is not None:
                    wrapped = wrap_words(self._words.words(c.start, c.end), widths[i])
                    wrapped = [r for r in wrapped if r] or [[]]
                    if header:
                        wrapped = [[Piece(p.text, p.start, TABLE_HEAD if p.role == TEXT else p.role) for p in r]
                                   for r in wrapped]
                else:
                    wrapped = [[]]
                cols.append(wrapped)
            height = max(len(c) for c in cols)
            for y in range(height):
                line = list(prefix)
                for i, col in enumerate(cols):
                    row = col[y] if y < len(col) else []
                    line.extend(row)
                    if i < ncols - 1 and i < last:  # no separator after a short row's last cell
                        pad = widths[i] - cells("".join(p.text for p in row))
                        if pad > 0:
                            line.append(Piece(" " * pad, -1))
                        line.append(Piece(COLUMN_GAP, -1, TABLE_BORDER))
                self.lines.append(Line(_rstrip(line)))
            if header and not header_seen:
                header_seen = True
                rule = "─┼─".join("─" * w for w in widths)
                self.lines.append(Line(prefix + [Piece(rule, -1, TABLE_BORDER)]))

    @staticmethod
    def _share(natural: list[int], least: list[int], room: int) -> list[int]:
        """Column widths that fill ``room``: a column that wants no more than its fair share gets
        what it wants (so short columns are not wrapped), the long ones share the rest by what
        they want, none below ``least``."""
        widths = [0] * len(natural)
        open_ = set(range(len(natural)))
        left = room
        changed = True
        while changed and open_:
            changed = False
            fair = left // len(open_)
            for i in sorted(open_):
                if natural[i] <= fair:
                    widths[i] = natural[i]
                    left -= natural[i]
                    open_.discard(i)
                    changed = True
        if open_:
            want = {i: natural[i] for i in open_}
            total = sum(want.values())
            for i in open_:
                widths[i] = max(least[i], left * want[i] // total)
            # Rounding (or a raised least) may leave the sum off by a little: adjust the widest.
            while sum(widths) > room:
                i = max(open_, key=lambda i: widths[i] - least[i])
                if widths[i] <= least[i]:
                    break
                widths[i] -= 1
            while sum(widths) < room:
                i = max(open_, key=lambda i: natural[i] - widths[i])
                if widths[i] >= natural[i]:
                    break
                widths[i] += 1
        return widths

    def _table_by_rows(self, rows: list[tuple[bool, list[Block]]], prefix: list[Piece]) -> None:
        """Too wide for columns: each row as "Header: value" lines, rows a blank line apart."""
        heads = next((cs for header, cs in rows if header), None)
        # By column: an empty cell is not stored, so the header row's first name can be the
        # second column's ("<td></td><td>General UX</td>"); position would shift every label.
        names = {_col(c, i): " ".join(self.text[c.start:c.end].split()) for i, c in enumerate(heads or [])}
        first_row = True
        for header, cs in rows:
            if header:
                continue
            if not first_row:
                self._blank(prefix)
            first_row = False
            for i, c in enumerate(cs):
                col = _col(c, i)
                name = (names.get(col) or f"Column {col + 1}") + ": "
                label = prefix + [Piece(name, -1, LABEL)]
                rest = prefix + [Piece("  ", -1)]
                if cells(name) > self.width // 2:  # a long header: on a line of its own, the value under it
                    room = self.width - cells("".join(p.text for p in prefix))
                    for row in wrap_words([[Piece(w, -1, LABEL)] for w in name.split()], room):
                        self.lines.append(Line(prefix + [Piece(p.text, -1, LABEL) for p in row]))
                    label = rest
                if self.text[c.start:c.end].strip():
                    self._flow(c.start, c.end, label, rest)
                else:
                    self.lines.append(Line(label))

    # -- the links list ------------------------------------------------------------------

    def _links_list(self) -> None:
        links = [link for link in self.doc.links() if link.attrs.get("href") and link.attrs.get("n")]
        images = [image for image in self.doc.images() if image.attrs.get("src")]
        if not links and not images:
            return
        self.lines.append(Line())
        self.lines.append(Line([Piece("Links", -1, SECTION)], HEADING_LINE, 2))
        if self.links_hint and cells("Links (" + self.links_hint + ")") <= self.width:
            self.lines[-1].pieces.append(Piece(f" ({self.links_hint})", -1, HINT))
        for link in links:
            self._listed(f"[{link.attrs.get('n', '?')}] ", str(link.attrs["href"]))
        for image in images:
            self._listed(f"[image {image.attrs.get('n', '?')}] ", str(image.attrs["src"]))

    def _listed(self, number: str, url: str) -> None:
        url = _clean(url)
        rows = wrap_words([[Piece(url, -1, URL)]], self.width - cells(number))
        self._emit(rows, [Piece(number, -1, NUMBER)], [Piece(" " * cells(number), -1)])


# Blocks in document order: by start; at one offset an empty block (an image, a rule) first,
# then the longer before the shorter, then the container before what it holds (a table and
# its only row may have the same extent).
_RANK = {TABLE: 0, QUOTE: 1, ITEM: 2, ROW: 3, CELL: 4}


def _order(block: Block) -> tuple:
    return (block.start, block.end != block.start, -block.end, _RANK.get(block.kind, 5))


def _inside(blocks: list[Block], parent: Block) -> list[Block]:
    """The blocks (sorted) that ``parent`` holds."""
    out = []
    for j in range(bisect_right(blocks, _order(parent), key=_order), len(blocks)):
        block = blocks[j]
        if block.start >= parent.end:  # sorted by start: nothing further is inside
            break
        if block.end <= parent.end and block is not parent:
            out.append(block)
    return out


def _cut(pieces: list[Piece], skip: int, keep: int) -> list[Piece]:
    """The cells [skip, skip + keep) of a line of pieces (offsets kept right)."""
    out: list[Piece] = []
    x = 0
    for piece in pieces:
        chars = []
        first = -1
        for i, char in enumerate(piece.text):
            w = char_width(char)
            if x >= skip and x + w <= skip + keep:
                if first < 0:
                    first = i
                chars.append(char)
            x += w
        if chars:
            out.append(Piece("".join(chars), piece.start + first if piece.start >= 0 else -1, piece.role))
    return out


def _window(pieces: list[Piece], width: int, shift: int, room: int) -> list[Piece]:
    """What a code line ``width`` cells wide shows in ``room`` cells when scrolled ``shift`` cells
    to the right: an "…" on each side where something is out of view."""
    if shift <= 0 and width <= room:
        return pieces
    left = shift > 0
    start = shift + 1 if left else 0  # the "…" takes the first cell
    inner = room - (1 if left else 0)
    right = width - start > inner
    if right:
        inner -= 1
    out = _cut(pieces, start, max(0, inner))
    return ([Piece("…", -1, CROP)] if left else []) + out + ([Piece("…", -1, CROP)] if right else [])


def _rstrip(pieces: list[Piece]) -> list[Piece]:
    while pieces and pieces[-1].start < 0 and not pieces[-1].text.strip():
        pieces.pop()
    return pieces


# -- enclosures -----------------------------------------------------------------------------


def size_text(length: int | None) -> str:
    if not length or length <= 0:
        return ""
    if length >= 1_000_000_000:
        return f"{length / 1e9:.1f} GB"
    if length >= 1_000_000:
        return f"{length / 1e6:.1f} MB"
    if length >= 1000:
        return f"{length / 1e3:.0f} kB"
    return f"{length} B"


def duration_text(seconds: int | None) -> str:
    if not seconds or seconds <= 0:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02}:{s:02}" if h else f"{m}:{s:02}"


def enclosure_line(n: int, enclosure: Enclosure) -> str:
    """"[1] Episode 12 · audio/mpeg · 24.1 MB · 41:20"."""
    parts = [" ".join(_clean(enclosure.title).split()), enclosure.type, size_text(enclosure.length),
             duration_text(enclosure.duration)]
    shown = " · ".join(p for p in parts if p)
    return f"[{n}] " + (shown or enclosure.url)


def enclosure_lines(enclosures: list[Enclosure], width: int, hint: str = "") -> list[Line]:
    """The enclosures, numbered, each with its URL under it."""
    if not enclosures:
        return []
    hint = hint if hint and cells(f"Enclosures ({hint})") <= width else ""
    lines = [Line([Piece("Enclosures", -1, SECTION)] + ([Piece(f" ({hint})", -1, HINT)] if hint else []),
                  HEADING_LINE, 2)]
    for n, enclosure in enumerate(enclosures, 1):
        head = enclosure_line(n, enclosure)
        number = f"[{n}] "
        words = [[Piece(w, -1)] for w in head[len(number):].split(" ")]
        rows = wrap_words(words, max(10, width) - len(number))
        for i, row in enumerate(rows):
            lines.append(Line([Piece(number if i == 0 else " " * len(number), -1, NUMBER if i == 0 else TEXT)] + row))
        if head[len(number):] != enclosure.url:
            for row in wrap_words([[Piece(_clean(enclosure.url), -1, URL)]], max(10, width) - len(number)):
                lines.append(Line([Piece(" " * len(number), -1)] + [Piece(p.text, -1, URL) for p in row]))
    return lines


def layout(document: Document, width: int, *, crop_code: bool = True, links_hint: str = "",
           code_shift: int = 0) -> list[Line]:
    return Layout(document, width, crop_code=crop_code, links_hint=links_hint, code_shift=code_shift).lines


def plain(lines: list[Line]) -> str:
    """The lines as plain text: no markup, no escapes."""
    return "\n".join(line.plain.rstrip() for line in lines)


def has_structure(document: Document | None) -> bool:
    return document is not None and bool(document.blocks or document.inlines)


__all__ = ["Piece", "Line", "Layout", "layout", "plain", "enclosure_lines", "enclosure_line", "has_structure"]


def _col(cell, position: int) -> int:
    """A table cell's column (its "col" attribute: empty cells are not stored), else its position."""
    col = cell.attrs.get("col") if cell.attrs else None
    return col if isinstance(col, int) and col >= 0 else position

"""HTML to a Document: the plain text the NLP layer sees, with its structure beside it.

Text: paragraphs separated by one blank line; a heading is a short
paragraph of its own; list items are lines ("- item", "3. item") of one
block; table rows are lines with cells joined by " | "; an image is a line
of its alt text; pre keeps its line breaks; script, style and similar are
dropped; entities are decoded. Structure (reader.model): blocks for each of
these and inline spans for links, emphasis, strong and code, as offsets into
the text, built in the same pass (see _DocBuilder).

Why not html.parser.HTMLParser: on Python 3.11 it is quadratic on several
hostile inputs (100,000 times "<a " or "<![CDATA[" or '<a href="' take
minutes, since every unterminated construct rescans the rest of the input).
So this module has its own small tokenizer: one left-to-right pass where
every search either consumes what it scanned or, when it finds nothing,
ends the scan, which keeps it linear. Attributes are read only for the
few tags that need them (a, img, ol, li, base), from the tag's own text. The
builder keeps counters, flat lists and stacks that it works at their top
(a closing quote or table looks past the entries opened since the last
table at most), so nesting depth costs one entry per level
(100,000 nested elements are 100,000 events) and nothing recurses.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urljoin

from reader.model import (CODE, EMPHASIS, HEADING, IMAGE, INLINE_CODE, ITEM, LINK, PARAGRAPH, QUOTE, ROW,
                          RULE, STRONG, TABLE, CELL, ROW_SEPARATOR, Block, Document, Inline)

from .clean import _ANY_WORK as _NEEDS_CLEANING
from .clean import clean_line, clean_text, safe_url

# Elements whose content is never text for a reader.
_DROP = frozenset(
    {"script", "style", "template", "noscript", "svg", "math", "head", "title",
     "iframe", "object", "canvas", "select", "button"}
)
# Elements that end the current paragraph where they start and end.
_BLOCK = frozenset(
    {"p", "div", "section", "article", "header", "footer", "aside", "nav",
     "main", "blockquote", "figure", "figcaption", "table", "thead", "tbody",
     "tfoot", "tr", "dl", "dt", "dd", "address", "center", "form", "fieldset",
     "details", "summary", "hr", "body", "html", "caption"}
)
_LISTS = frozenset({"ul", "ol", "menu", "dl"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LIST_ITEM = "li"
_CELL = frozenset({"td", "th"})
_VOID_BREAK = "br"

_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
# Whitespace runs become one space. This matches only the runs that change
# (one starting with a whitespace character other than a space, or a space
# followed by more whitespace): the same result as replacing every run of
# [ \t\r\n\f\v]+, at half the cost on ordinary text, whose single spaces
# are left alone.
_WS_RUNS = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9_.:-]*)")
# A start or end tag whose quoted attribute values may contain ">".
_TAG_QUOTED = re.compile(r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_RAW_END = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}


_ATTR = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Tags whose attributes the builder reads; every other tag's attributes are skipped unread.
_WANT_ATTRS = frozenset({"a", "img", "ol", "li", "base"})
# Block tags with nothing to them but a paragraph boundary.
_PLAIN_BLOCK = _BLOCK - {"blockquote", "figure", "figcaption", "table", "tr", "hr", "dl"}
_INLINE_KIND = {"a": LINK, "em": EMPHASIS, "i": EMPHASIS, "strong": STRONG, "b": STRONG,
                "code": INLINE_CODE, "kbd": INLINE_CODE, "samp": INLINE_CODE, "tt": INLINE_CODE}


def _attrs(tag_text: str) -> dict[str, str]:
    """Attributes of one tag's text (``<a href="x" ...>``); linear in its length."""
    m = _NAME.match(tag_text, 1)
    out: dict[str, str] = {}
    if not m:
        return out
    for a in _ATTR.finditer(tag_text, m.end(), len(tag_text) - 1):
        name = a.group(1).lower()
        if name not in out:
            value = a.group(2)
            if value is None:
                value = a.group(3)
            if value is None:
                value = a.group(4) or ""
            out[name] = _html.unescape(value)
    return out


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


class _DocBuilder:
    """Builds the text and its stand-off structure in one pass over parser events.

    Text goes straight into ``out``; every position is an offset into the
    final text. A paragraph (or list item, table row, heading, code block)
    is "open" once its first visible character is written; the separator
    before it ("\\n\\n" between blocks, "\\n" between the items of a list and
    the rows of a table) and a list item's marker are written at that moment,
    so spans that start before any text start where the text does.
    """

    def __init__(self, base: str = "") -> None:
        self.base = base
        self.out: list[str] = []
        self.length = 0
        self.open = False        # a paragraph/item/row/heading is being written
        self.para_start = 0
        self.space = True        # the text ends with whitespace: drop leading spaces
        self.sep = "\n\n"       # what goes before the next unit
        self.blocks: list[list] = []   # [kind, start, end, attrs]
        self.inlines: list[list] = []  # [kind, start, end, attrs]; start None = at the next text
        self.waiting: list[list] = []  # inlines waiting for their first character
        self.waiting_blocks: list[list] = []  # containers (quote, table) waiting likewise
        self.open_inlines: dict[str, list[list]] = {}
        self.containers: list[tuple[str, list]] = []  # ("blockquote"|"table", record)
        self.drop_depth: dict[str, int] = {}
        self.pre_depth = 0
        self.pre: list[str] = []
        self.heading = 0
        self.lists: list[list] = []  # [ordered, next number] per open list
        self.item: dict | None = None    # attrs of the list item whose text comes next
        self.in_item = False             # inside a list item that has written text
        self.loose = False               # a <li> outside any list opened a loose list
        self.table_depth = 0
        self.row: list | None = None     # the table row being written: [start, header, cells]
        self.cell: list | None = None    # [col, start or None, header]
        self.col = 0
        self.cell_sep = False            # the next cell text needs " | " first
        self.images = 0
        self.caption_for: list | None = None  # the image of the open figure, for figcaption

    # -- writing ----------------------------------------------------------

    def _write(self, s: str) -> None:
        self.out.append(s)
        self.length += len(s)

    def _begin(self) -> None:
        """Open a unit: separator, then the list marker, at its first character."""
        if self.length:
            self._write(self.sep)
        for rec in self.waiting_blocks:
            rec[1] = self.length
        self.waiting_blocks.clear()
        self.open = True
        if self.item is not None:
            item = self.item
            self._write(f"{item['number']}. " if item["ordered"] else "- ")
            self.in_item = True
        elif self.row is not None:
            self.row[0] = self.length
        self.para_start = self.length
        self.space = True

    def _text(self, data: str) -> None:
        if not self.open:
            self._begin()
        if self.cell is not None and self.cell[1] is None:
            if self.cell_sep:
                self._write(ROW_SEPARATOR)
                self.cell_sep = False
            self.cell[1] = self.length
        if self.waiting:
            for rec in self.waiting:
                rec[1] = self.length
            self.waiting.clear()
        self._write(data)
        self.space = data[-1] in " \n"

    def _trim_end(self) -> None:
        if self.out and self.out[-1] and self.out[-1][-1] in " \n" and self.length > self.para_start:
            self.out[-1] = self.out[-1][:-1]
            self.length -= 1

    def _end_unit(self) -> None:
        """Close the open paragraph/item/heading and record its block."""
        if self.pre:
            self._end_pre()
        if not self.open:
            return
        if self.row is not None:
            return  # a row ends at </tr>
        self._trim_end()
        start, end = self.para_start, self.length
        if self.item is not None:
            self.blocks.append([ITEM, start, end, dict(self.item)])
            self.item = None
            self.sep = "\n"
        elif self.heading:
            self.blocks.append([HEADING, start, end, {"level": self.heading}])
            self.sep = "\n\n"
        else:
            self.blocks.append([PARAGRAPH, start, end, {}])
            self.sep = "\n\n"
        self.open = False
        self.in_item = False

    def _end_pre(self) -> None:
        raw = "".join(self.pre)
        self.pre = []
        lines = [line.rstrip() for line in raw.strip("\n").split("\n")]
        text = "\n".join(line for line in lines if line.strip())
        if text:
            if self.length:
                self._write(self.sep if self.open else "\n\n")
            for rec in self.waiting_blocks:
                rec[1] = self.length
            self.waiting_blocks.clear()
            start = self.length
            self._write(text)
            self.blocks.append([CODE, start, self.length, {}])
            self.sep = "\n\n"

    def _end_row(self) -> None:
        self._end_cell()
        row = self.row
        self.row = None
        if row is not None and self.open:
            self._trim_end()
            self.blocks.append([ROW, row[0], self.length, {"header": row[1]}])
            self.blocks.extend(row[2])
            self.open = False
            self.sep = "\n"

    def _end_cell(self) -> None:
        cell = self.cell
        self.cell = None
        if cell is not None and cell[1] is not None and self.row is not None:
            self._trim_end()
            self.row[2].append([CELL, cell[1], self.length, {"header": cell[2], "col": cell[0]}])
            self.space = True

    def _break(self) -> None:
        """A block boundary: ends the paragraph, unless inside a list item or a table cell."""
        if self.cell is not None or (self.row is not None and self.table_depth):
            if self.open and not self.space:
                self._write(" ")
                self.space = True
            return
        if self.in_item and self.lists:
            if self.open and not self.space:
                self._write(" ")
                self.space = True
            return
        self._end_unit()
        if self.table_depth:
            return  # rows of one table stay one line apart across thead/tbody
        if not self.lists:
            self.loose = False
            self.sep = "\n\n"

    # -- parser events ---------------------------------------------------

    def handle_starttag(self, tag: str, attrs: dict | None = None) -> None:
        if tag in _PLAIN_BLOCK and not self.drop_depth:
            self._break()  # the most common tags first: p, div, section...
            return
        if tag in _DROP:
            self.drop_depth[tag] = self.drop_depth.get(tag, 0) + 1
            return
        if tag == "base" and attrs and not self.base:
            self.base = attrs.get("href", "")
        if self.drop_depth:
            return
        kind = _INLINE_KIND.get(tag)
        if kind is not None:
            if self.pre_depth:
                return
            rec_attrs: dict = {}
            if kind == LINK:
                href = _resolve(self.base, (attrs or {}).get("href", ""))
                if not href:
                    return
                rec_attrs = {"href": href}
            rec = [kind, None, None, rec_attrs]
            if self.open and self.cell_sep is False and (self.cell is None or self.cell[1] is not None):
                rec[1] = self.length
            else:
                self.waiting.append(rec)
            self.inlines.append(rec)
            self.open_inlines.setdefault(tag, []).append(rec)
            return
        if tag == _VOID_BREAK:
            if self.pre_depth:
                self.pre.append("\n")
            elif self.open and self.item is None and self.row is None:
                if self.out[-1].endswith(" "):
                    self._trim_end()
                if not self.out[-1].endswith("\n"):
                    self._write("\n")
                self.space = True
            elif self.open and not self.space:
                self._write(" ")
                self.space = True
        elif tag == "img":
            self._image(attrs or {})
        elif tag in ("ul", "ol", "menu"):
            self._end_unit()
            if not self.lists:
                self.sep = "\n\n"
            ordered = tag == "ol"
            start = _int((attrs or {}).get("start"), 1) if ordered else 1
            self.lists.append([ordered, start])
            self.loose = False
        elif tag == _LIST_ITEM:
            if self.lists or self.loose:
                self._end_unit()
            else:
                self._end_unit()
                self.sep = "\n\n"
                self.loose = True
            if self.lists:
                level = self.lists[-1]
                number = _int((attrs or {}).get("value"), None) if level[0] else None
                if number is None:
                    number = level[1]
                level[1] = number + 1
                self.item = {"depth": len(self.lists), "ordered": level[0]}
                if level[0]:
                    self.item["number"] = number
            else:
                self.item = {"depth": 1, "ordered": False}
        elif tag == "table":
            self._end_unit()
            self.table_depth += 1
            if self.table_depth == 1:
                self.sep = "\n\n"
                rec = [TABLE, None, None, {}]
                self.containers.append(("table", rec))
                self.waiting_blocks.append(rec)
        elif tag == "tr" and self.table_depth <= 1:
            self._end_row()
            self._end_unit()
            self.row = [None, True, []]
            self.col = 0
            self.cell_sep = False
        elif tag in _CELL and self.table_depth <= 1:
            if self.row is None:
                self._end_unit()
                self.row = [None, True, []]
                self.col = 0
            self._end_cell()
            if tag == "td":
                self.row[1] = False
            self.cell = [self.col, None, tag == "th"]
            self.cell_sep = self.open
            self.col += 1
        elif tag in _CELL or tag == "tr":
            self._break()
        elif tag == "pre":
            if self.row is not None:
                self._break()  # preformatted text inside a table cell stays in its cell
            else:
                self._end_unit()
                self.pre_depth += 1
        elif tag == "blockquote":
            self._break()
            if not self.open and self.row is None:
                self.sep = "\n\n"
                rec = [QUOTE, None, None, {}]
                self.containers.append(("blockquote", rec))
                self.waiting_blocks.append(rec)
        elif tag == "hr":
            self._end_unit()
            self.blocks.append([RULE, self.length, self.length, {}])
            self.sep = "\n\n"
        elif tag in _HEADINGS:
            self._break()
            if not self.open and self.row is None and not self.lists:
                self.heading = int(tag[1])
        elif tag == "figure":
            self._break()
            self.caption_for = None
        elif tag in _BLOCK or tag == "dl":
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _PLAIN_BLOCK and not self.drop_depth:
            self._break()
            return
        if tag in _DROP:
            n = self.drop_depth.get(tag, 0)
            if n <= 1:
                self.drop_depth.pop(tag, None)
            else:
                self.drop_depth[tag] = n - 1
            return
        if self.drop_depth:
            return
        if tag in _INLINE_KIND:
            stack = self.open_inlines.get(tag)
            if stack and not self.pre_depth:
                rec = stack.pop()
                if rec[1] is None:
                    # Nothing was written inside: empty, dropped by finish (if it is
                    # still waiting, the next text sets a start past this end).
                    rec[1] = self.length
                rec[2] = self.length
            return
        if tag in ("ul", "ol", "menu"):
            if self.lists:
                self._end_unit()
                self.item = None
                self.lists.pop()
                if not self.lists:
                    self.sep = "\n\n"
        elif tag == _LIST_ITEM:
            self._end_unit()
            self.item = None
        elif tag == "table":
            if self.table_depth == 1:
                self._end_row()
                self._end_unit()
                self._close_container("table")
                self.sep = "\n\n"
            self.table_depth = max(0, self.table_depth - 1)
        elif tag == "tr" and self.table_depth <= 1:
            self._end_row()
        elif tag in _CELL and self.table_depth <= 1:
            self._end_cell()
            self.cell_sep = self.open
        elif tag in _CELL or tag == "tr":
            self._break()
        elif tag == "pre":
            if self.row is not None and not self.pre_depth:
                self._break()
            elif self.pre_depth:
                self.pre_depth -= 1
                if not self.pre_depth:
                    self._end_pre()
        elif tag == "blockquote":
            self._break()
            self._close_container("blockquote")
        elif tag in _HEADINGS:
            self._break()
            self.heading = 0
        elif tag == "figcaption":
            before = len(self.blocks)
            self._break()
            if self.caption_for is not None and len(self.blocks) > before and self.blocks[-1][0] == PARAGRAPH:
                self.caption_for[3]["caption"] = (self.blocks[-1][1], self.blocks[-1][2])
        elif tag == "figure":
            self._break()
            self.caption_for = None
        elif tag in _BLOCK or tag == "dl":
            self._break()

    def _close_container(self, name: str) -> None:
        for i in range(len(self.containers) - 1, -1, -1):
            if self.containers[i][0] == name:
                _, rec = self.containers.pop(i)
                # One still waiting for text was empty: it stays out of blocks
                # (the waiting list lets go of it at the next text).
                if rec[1] is not None:
                    rec[2] = self.length
                    if rec[2] > rec[1]:
                        self.blocks.append(rec)
                return

    def _image(self, attrs: dict) -> None:
        src = _resolve(self.base, attrs.get("src", "") or attrs.get("data-src", ""))
        if not src or attrs.get("width", "").strip() in ("0", "1") or attrs.get("height", "").strip() in ("0", "1"):
            return  # no picture, or a tracking pixel
        alt = clean_line(attrs.get("alt", ""), 500)
        title = clean_line(attrs.get("title", ""), 500)
        self.images += 1
        rec_attrs = {"src": src, "alt": alt, "n": self.images}
        if title:
            rec_attrs["title"] = title
        if self.pre_depth or (self.open and self.item is None and self.row is None):
            # An image inside running text: marked where it stands, no line of its own.
            rec = [IMAGE, self.length, self.length, rec_attrs]
        elif self.item is not None or self.row is not None:
            # Inside a list item or a table cell: its alt text stays in the item or cell. In a
            # cell, an image without one is the word "image": a column of logos or flags would
            # otherwise be empty, and its rows a cell short in the plain text.
            shown = alt or ("image" if self.row is not None and self.item is None else "")
            if shown:
                self._text(shown)
                rec = [IMAGE, self.length - len(shown), self.length, rec_attrs]
                self._write(" ")
                self.space = True
            else:
                rec = [IMAGE, self.length, self.length, rec_attrs]
        else:
            rec = None
        if rec is not None:
            self.blocks.append(rec)
            self.caption_for = rec
            return
        self._end_unit()
        if alt:
            heading, self.heading = self.heading, 0
            self._text(alt)
            self._trim_end()
            rec = [IMAGE, self.para_start, self.length, rec_attrs]
            self.open = False
            self.heading = heading
            self.sep = "\n\n"
        else:
            rec = [IMAGE, self.length, self.length, rec_attrs]
        self.blocks.append(rec)
        self.caption_for = rec

    def handle_data(self, data: str) -> None:
        if self.drop_depth or not data:
            return
        if _NEEDS_CLEANING.search(data) is not None:
            data = clean_text(data)
        if self.pre_depth:
            self.pre.append(data)
            return
        data = _WS_RUNS.sub(" ", data)
        if self.space or not self.open:
            data = data.lstrip(" ")
            if not data:
                return
        self._text(data)

    def finish(self) -> Document:
        self.lists.clear()
        self.in_item = False
        if self.row is not None:
            self._end_row()
        self._end_unit()
        for name, _ in list(reversed(self.containers)):
            self._close_container(name)
        text = "".join(self.out)
        n = len(text)
        if not self.inlines and all(b[0] == PARAGRAPH for b in self.blocks):
            return Document(text)  # paragraphs only: a plain document says the same
        blocks = []
        for kind, start, end, attrs in self.blocks:
            if start is None:
                continue
            end = n if end is None else min(end, n)
            start = min(start, end)
            if kind == IMAGE and "caption" in attrs:
                c_start, c_end = attrs.pop("caption")
                caption = text[c_start:c_end].strip()
                if caption:
                    attrs["caption"] = caption[:1000]
            blocks.append(Block(kind, start, end, attrs))
        blocks.sort(key=lambda b: (b.start, -b.end))
        inlines = []
        links = 0
        for kind, start, end, attrs in self.inlines:
            if start is None:
                continue
            end = n if end is None else min(end, n)
            while start < end and text[start] in " \n":
                start += 1
            while end > start and text[end - 1] in " \n":
                end -= 1
            if start >= end:
                continue
            inlines.append([kind, start, end, attrs])
        inlines.sort(key=lambda i: (i[1], -i[2]))
        out_inlines = []
        for kind, start, end, attrs in inlines:
            if kind == LINK:
                links += 1
                attrs = {**attrs, "n": links}
            out_inlines.append(Inline(kind, start, end, attrs))
        return Document(text, blocks, out_inlines)


def _resolve(base: str, href: str) -> str:
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return ""
    return safe_url(href)


def _tokenize(s: str, b: _DocBuilder) -> None:
    """Feed s to the builder as text / start tag / end tag events, linearly."""
    n = len(s)
    pos = 0
    quoted_ok = True  # quote-aware tag matching until it fails once
    unescape = _html.unescape
    while pos < n:
        lt = s.find("<", pos)
        if lt < 0:
            b.handle_data(unescape(s[pos:]))
            return
        if lt > pos:
            b.handle_data(unescape(s[pos:lt]))
        nxt = s[lt + 1 : lt + 2]
        if s.startswith("<!--", lt):
            end = s.find("-->", lt + 4)
            if end < 0:
                return  # an unterminated comment runs to the end
            pos = end + 3
        elif s.startswith("<![CDATA[", lt):
            end = s.find("]]>", lt + 9)
            if end < 0:
                b.handle_data(s[lt + 9 :])
                return
            b.handle_data(s[lt + 9 : end])
            pos = end + 3
        elif nxt in ("!", "?"):
            end = s.find(">", lt + 2)
            if end < 0:
                return  # an unterminated declaration: nothing readable follows
            pos = end + 1
        elif nxt == "/" or nxt.isalpha():
            m = _NAME.match(s, lt + 1)
            if not m:  # "</" followed by junk: literal text
                b.handle_data("<")
                pos = lt + 1
                continue
            end = -1
            if quoted_ok:
                q = _TAG_QUOTED.match(s, lt)
                if q:
                    end = q.end() - 1
                else:
                    quoted_ok = False
            if end < 0:
                end = s.find(">", lt + 1)
            if end < 0:
                # No ">" anywhere after: nothing from here on is markup.
                b.handle_data(unescape(s[lt:]))
                return
            name = m.group(1).lower().rpartition(":")[2]
            if nxt == "/":
                b.handle_endtag(name)
                pos = end + 1
                continue
            pos = end + 1
            if name in _DROP and s[end - 1] == "/":
                continue  # <svg/>: self-closed, nothing to drop
            b.handle_starttag(name, _attrs(s[lt : end + 1]) if name in _WANT_ATTRS else None)
            raw_end = _RAW_END.get(name)
            if raw_end is not None:
                m_end = raw_end.search(s, pos)
                if m_end is None:
                    b.handle_endtag(name)
                    return
                b.handle_data(s[pos : m_end.start()])
                b.handle_endtag(name)
                pos = m_end.end()
        else:
            b.handle_data("<")
            pos = lt + 1


_CONTROL_REFS = re.compile(r"&#(?:0*27|[xX]0*1[bB]);|&#(0*7|[xX]0*7);")


def html_to_document(s: str, base: str = "") -> Document:
    """Convert an HTML fragment or document to a Document: its text and structure.

    ``base`` resolves relative links and image sources (a ``<base href>`` in
    the document is used when no base is given); links and images whose
    scheme is not http, https or mailto are dropped. A string without
    anything that looks like a tag is treated as plain text: entities are
    decoded, line breaks kept, runs of blank lines cut to one; it has no
    blocks. Never raises for malformed HTML; time is linear in len(s). The
    text is already clean (reader.ingest.clean.clean_text).
    """
    if not s:
        return Document("")
    if "&#" in s:
        # html.unescape drops a reference to ESC or BEL and keeps the rest of the sequence
        # ("&#27;[31mred" would read "[31mred"): as the characters themselves, clean_text
        # removes each escape sequence whole.
        s = _CONTROL_REFS.sub(lambda m: "\x07" if m.group(1) else "\x1b", s)
    if not _TAG_LIKE.search(s):
        text = clean_text(_html.unescape(s))
        text = _BLANKS.sub("\n\n", text)
        return Document("\n".join(line.rstrip() for line in text.strip().split("\n")))
    builder = _DocBuilder(base)
    _tokenize(s, builder)
    return builder.finish()


def html_to_text(s: str) -> str:
    """The text of html_to_document(s)."""
    return html_to_document(s).text


def clip_document(doc: Document, max_len: int) -> Document:
    """The document cut to at most max_len characters, its spans cut with it."""
    if len(doc.text) <= max_len:
        return doc
    blocks = [Block(b.kind, b.start, min(b.end, max_len), b.attrs) for b in doc.blocks if b.start < max_len
              or (b.start == b.end == max_len)]
    inlines = [Inline(i.kind, i.start, min(i.end, max_len), i.attrs) for i in doc.inlines if i.start < max_len]
    return Document(doc.text[:max_len], blocks, inlines)


def strip_document(doc: Document) -> Document:
    """The document without whitespace around its text, its spans shifted to match."""
    text = doc.text
    stripped = text.strip()
    if len(stripped) == len(text):
        return doc
    lead = len(text) - len(text.lstrip())
    n = len(stripped)

    def move(x: int) -> int:
        return max(0, min(n, x - lead))

    return Document(stripped,
                    [Block(b.kind, move(b.start), move(b.end), b.attrs) for b in doc.blocks],
                    [Inline(i.kind, move(i.start), move(i.end), i.attrs) for i in doc.inlines])

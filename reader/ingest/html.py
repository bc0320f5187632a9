"""HTML to plain text for the reading pane and the NLP layer.

Output: paragraphs separated by one blank line; a heading is a short
paragraph of its own; list items are lines ("- item") of one block; pre
keeps its line breaks; script, style and similar are dropped; entities are
decoded.

Why not html.parser.HTMLParser: on Python 3.11 it is quadratic on several
hostile inputs (100,000 times "<a " or "<![CDATA[" or '<a href="' take
minutes, since every unterminated construct rescans the rest of the input).
So this module has its own small tokenizer: one left-to-right pass where
every search either consumes what it scanned or, when it finds nothing,
ends the scan, which keeps it linear. The builder keeps only counters and
flat lists, so nesting depth costs nothing (100,000 nested elements are
100,000 events) and nothing recurses.
"""

from __future__ import annotations

import html as _html
import re

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


class _TextBuilder:
    def __init__(self) -> None:
        self.blocks: list[str] = []  # finished paragraphs and list blocks
        self.inline: list[str] = []  # text of the paragraph or item being built
        # Outside pre, data is kept raw and whitespace is collapsed once per
        # line when the paragraph is taken; lines ended by <br> wait here.
        self.lines: list[str] = []
        self.items: list[str] = []  # lines of the list being built
        self.list_depth = 0
        self.drop_depth: dict[str, int] = {}
        self.pre_depth = 0

    # -- paragraph bookkeeping -------------------------------------------

    def _take_inline(self) -> str:
        if not self.inline and not self.lines:
            return ""  # the common case at every block boundary: nothing pending
        raw = "".join(self.inline)
        self.inline = []
        if self.pre_depth:
            return "\n".join(line.rstrip() for line in raw.strip("\n").split("\n"))
        # Collapse whitespace in each line but keep explicit <br> breaks
        # (source newlines are whitespace like any other).
        if self.lines:
            self.lines.append(raw)
            lines = [_WS_RUNS.sub(" ", line).strip() for line in self.lines]
            self.lines = []
            return "\n".join(line for line in lines if line)
        return _WS_RUNS.sub(" ", raw).strip()

    def _flush_item(self) -> None:
        text = self._take_inline()
        if text:
            self.items.append("- " + text.replace("\n", " "))

    def _flush_list(self) -> None:
        self._flush_item()
        if self.items:
            self.blocks.append("\n".join(self.items))
            self.items = []

    def _break(self) -> None:
        """End the current paragraph, or the current item inside a list."""
        if self.list_depth:
            self._flush_item()
            return
        if self.items:  # <li> outside any list: close that loose list
            self._flush_list()
            return
        text = self._take_inline()
        if text:
            self.blocks.append(text)

    # -- parser events ---------------------------------------------------

    def handle_starttag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop_depth[tag] = self.drop_depth.get(tag, 0) + 1
            return
        if self.drop_depth:
            return
        if tag == _VOID_BREAK:
            if self.pre_depth:
                self.inline.append("\n")
            else:
                self.lines.append("".join(self.inline))
                self.inline = []
        elif tag in _LISTS:
            if not self.list_depth:
                self._break()
            else:
                self._flush_item()
            self.list_depth += 1
        elif tag == _LIST_ITEM:
            if self.list_depth or self.items:
                self._flush_item()
            else:
                self._break()
                self.items.append("")  # opens a loose list; blank lines are dropped
        elif tag in _CELL:
            self.inline.append(" ")
        elif tag == "pre":
            self._break()
            self.pre_depth += 1
        elif tag in _HEADINGS or tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            n = self.drop_depth.get(tag, 0)
            if n <= 1:
                self.drop_depth.pop(tag, None)
            else:
                self.drop_depth[tag] = n - 1
            return
        if self.drop_depth:
            return
        if tag in _LISTS:
            if self.list_depth:
                self.list_depth -= 1
                if not self.list_depth:
                    self._flush_list()
                else:
                    self._flush_item()
        elif tag == _LIST_ITEM:
            self._flush_item()
        elif tag == "pre":
            self._break()
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in _HEADINGS or tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        if self.pre_depth:
            self.inline.append(data.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            self.inline.append(data)  # whitespace is collapsed in _take_inline

    def finish(self) -> str:
        self.list_depth = 0
        self._break()
        self._flush_list()
        blocks = []
        for block in self.blocks:
            lines = [line for line in block.split("\n") if line.strip()]
            if lines:
                blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9_.:-]*)")
# A start or end tag whose quoted attribute values may contain ">".
_TAG_QUOTED = re.compile(r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_RAW_END = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}


def _tokenize(s: str, b: _TextBuilder) -> None:
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
            b.handle_starttag(name)
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


def html_to_text(s: str) -> str:
    """Convert an HTML fragment or document to plain text.

    A string without anything that looks like a tag is treated as plain
    text: entities are decoded, line breaks kept, runs of blank lines cut to
    one. Never raises for malformed HTML; time is linear in len(s).
    """
    if not s:
        return ""
    if not _TAG_LIKE.search(s):
        text = _html.unescape(s).replace("\r\n", "\n").replace("\r", "\n")
        text = _BLANKS.sub("\n\n", text)
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))
    builder = _TextBuilder()
    _tokenize(s, builder)
    return builder.finish()

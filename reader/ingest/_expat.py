"""xml.sax's expat reader with buffered character data, for feedparser.

Plain expat reports character data in pieces, split at every entity or
character reference and line break: the escaped HTML of a typical RSS
description (`&lt;p&gt;...`) arrives as dozens of callbacks per item, each
going through feedparser's Python handlers. With `buffer_text` expat joins
adjacent character data into one callback. The text that feedparser puts
together is the same; only the number of pieces changes (SAX allows any
split). feeds.parse_inline names this module first in feedparser's
PREFERRED_XML_PARSERS, through xml.sax.make_parser's documented lookup
(a module with create_parser()).
"""

from __future__ import annotations

from xml.sax.expatreader import ExpatParser


class BufferedExpatParser(ExpatParser):
    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = 65536


def create_parser(*args, **kwargs) -> BufferedExpatParser:
    return BufferedExpatParser(*args, **kwargs)

"""A fast path for plain RSS 2.0: feedparser's result without feedparser's cost.

feedparser spends about 19 ms on a 100-item RSS feed (300 KB), most of it in
its generic per-element machinery (a stack of pushes and pops, deep copies of
content parameters, FeedParserDict lookups); expat itself reads the same
document in under 1 ms. Most feeds in the wild are plain RSS 2.0: a channel
of items holding title, link, description, guid, pubDate and a few common
extensions. For exactly those documents ``parse`` builds the fields that
feeds.parse_inline reads (``feed``: title, title_detail, link; each entry:
title, title_detail, link, id, guidislink, author, summary, summary_detail,
content, published(_parsed), updated(_parsed)) with feedparser's own rules:
the same stripping, HTML guessing for titles, URI joining, link fix-ups,
latin-1/cp1252 repairs and date parser, applied through feedparser's own
functions where it has them.

Anything else returns None and the caller hands the document to feedparser:
a document expat rejects, another format or RSS version, an element or
namespace not on the lists below, an attribute that changes meaning
(type, mode, xml:base, ...), markup nested inside a text element, or a field
given twice in one item. tests/test_fastrss.py checks that wherever this
accepts a document, parse_inline's result is the one feedparser gives, over
feedparser's own test corpus, our samples and the benchmark feeds.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_ATOM = "http://www.w3.org/2005/atom"  # namespaces compare lowercased, as in feedparser
_MEDIA = "http://search.yahoo.com/mrss/"
_SLASH = "http://purl.org/rss/1.0/modules/slash/"
_WFW = "http://wellformedweb.org/commentapi/"
_SY = "http://purl.org/rss/1.0/modules/syndication/"
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"

# Item children: name -> (entry key, kind). Names are (namespace, lowercased
# local name), as feedparser matches them.
_ITEM_TEXT = {
    ("", "title"): "title",
    ("", "link"): "link",
    ("", "description"): "summary",
    ("", "guid"): "id",
    ("", "pubdate"): "published",
    ("", "author"): "author",
    (_DC, "creator"): "author",
    (_DC, "date"): "updated",
    (_CONTENT, "encoded"): "content",
}
# Item children that feedparser keeps under keys parse_inline never reads.
# Their text is skipped; they must hold no elements. (An <enclosure> or
# media:content is read by parse_inline: an item with one declines, and
# feedparser builds its enclosures.)
_ITEM_IGNORED = {
    ("", "category"), ("", "comments"),
    (_DC, "subject"), (_SLASH, "comments"), (_WFW, "commentrss"),
    (_MEDIA, "thumbnail"),
}
_CHANNEL_TEXT = {("", "title"): "title", ("", "link"): "link"}
_CHANNEL_IGNORED = {
    ("", "description"), ("", "language"), ("", "copyright"), ("", "managingeditor"), ("", "webmaster"),
    ("", "pubdate"), ("", "lastbuilddate"), ("", "category"), ("", "generator"), ("", "docs"), ("", "ttl"),
    ("", "cloud"), ("", "rating"), (_SY, "updateperiod"), (_SY, "updatefrequency"), (_SY, "updatebase"),
    (_DC, "language"), (_DC, "rights"), (_DC, "date"), (_DC, "creator"), (_DC, "publisher"),
}
# Channel children skipped whole: feedparser files everything inside them
# under their own key ("image", "textinput"), never under the feed's title or link.
_CHANNEL_SUBTREES = {("", "image"), ("", "textinput"), ("", "skiphours"), ("", "skipdays")}
# atom:link on the channel: only these rels leave feed["link"] alone.
_HARMLESS_RELS = {"self", "hub", "next", "previous", "first", "last"}


class _Decline(Exception):
    """The document is not one this fast path handles; use feedparser."""


class _Helpers:
    """feedparser's own functions, looked up once (import is lazy, as in feeds.py)."""

    def __init__(self) -> None:
        import feedparser.mixin
        from feedparser.datetimes import _parse_date
        from feedparser.urls import _urljoin

        self.parse_date = _parse_date
        self.urljoin = _urljoin
        self.looks_like_html = feedparser.mixin._FeedParserMixin.looks_like_html
        self.cp1252 = feedparser.mixin._cp1252


_helpers: _Helpers | None = None
_AMP_REF = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")


def _split(name: str) -> tuple[str, str]:
    uri, sep, local = name.rpartition(" ")
    return (uri.lower(), local.lower()) if sep else ("", name.lower())


def _finish(h: _Helpers, pieces: list[str], *, relative: bool = False) -> str:
    """feedparser's pop() for a text element of a non-Atom feed, minus what never applies here."""
    output = "".join(pieces).strip()
    if relative and output:
        output = h.urljoin("", output)  # no base URI: parse_inline passes no content-location
    if output.isascii():
        return output  # both repairs below leave ASCII as it is
    try:  # feedparser's repair of UTF-8 that was decoded as latin-1 somewhere upstream
        output = output.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    if _C1.search(output) is None:
        return output  # the cp1252 table maps only U+0080-U+009F
    return output.translate(h.cp1252)


def parse(data: bytes) -> dict | None:
    """feedparser.parse's result (the parts parse_inline reads) for plain RSS 2.0, else None.

    ``data`` is the document as parse_inline hands it to feedparser: UTF-8,
    with DOCTYPE and ENTITY declarations already removed.
    """
    global _helpers
    if _helpers is None:
        _helpers = _Helpers()
    h = _helpers

    feed: dict = {}
    entries: list[dict] = []
    # The open elements as (namespace, name); the text of the one we collect.
    stack: list[tuple[str, str]] = []
    pieces: list[str] | None = None
    collecting: str | None = None  # key being collected
    skip_depth = 0  # > 0 inside a channel subtree we ignore whole
    seen_feed: set[str] = set()
    entry: dict | None = None
    seen_entry: set[str] = set()
    state = {"guidislink": False}

    def start(name: str, attrs: dict) -> None:
        nonlocal pieces, collecting, skip_depth, entry, seen_entry
        if pieces is not None:
            raise _Decline  # markup inside a text element
        if _XML_BASE in attrs:
            raise _Decline
        key = _split(name)
        depth = len(stack)
        stack.append(key)
        if skip_depth:
            skip_depth += 1
            return
        if depth == 0:
            if key != ("", "rss") or attrs.get("version") != "2.0" or len(attrs) != 1:
                raise _Decline
        elif depth == 1:
            if key != ("", "channel") or attrs or seen_feed:
                raise _Decline
            seen_feed.add("channel")
        elif depth == 2:
            if key == ("", "item"):
                if attrs:
                    raise _Decline
                entry, seen_entry = {}, set()
                state["guidislink"] = False
                entries.append(entry)
            elif key in _CHANNEL_TEXT:
                field = _CHANNEL_TEXT[key]
                if attrs or field in seen_feed:
                    raise _Decline
                seen_feed.add(field)
                collecting, pieces = field, []
            elif key in _CHANNEL_SUBTREES:
                skip_depth = 1
            elif key == (_ATOM, "link"):
                if (attrs.get("rel") or "alternate").lower() not in _HARMLESS_RELS:
                    raise _Decline
                stack[-1] = ("", "#empty")
            elif key in _CHANNEL_IGNORED:
                stack[-1] = ("", "#leaf")
            else:
                raise _Decline
        elif depth == 3 and stack[2] == ("", "item"):
            if key in _ITEM_TEXT:
                field = _ITEM_TEXT[key]
                if field in seen_entry:
                    raise _Decline
                if attrs and not (field == "id" and all(k.lower() == "ispermalink" for k in attrs)):
                    raise _Decline
                seen_entry.add(field)
                collecting, pieces = field, []
                if field == "id":
                    value = {k.lower(): v for k, v in attrs.items()}.get("ispermalink", "true")
                    state["guidislink"] = value == "true"
            elif key in _ITEM_IGNORED:
                stack[-1] = ("", "#leaf")
            else:
                raise _Decline
        else:
            raise _Decline  # below a leaf, or deeper than RSS 2.0 goes

    def end(name: str) -> None:
        nonlocal pieces, collecting, skip_depth
        stack.pop()
        if skip_depth:
            skip_depth -= 1
            return
        if pieces is None:
            return
        field, text = collecting, pieces
        pieces, collecting = None, None
        if entry is not None and len(stack) == 3:
            _end_entry_field(h, entry, field, text, state)
        else:
            _end_feed_field(h, feed, field, text)

    def chars(data: str) -> None:
        if pieces is not None:
            pieces.append(data)
        elif stack and stack[-1] == ("", "#empty") and data.strip():
            raise _Decline

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 65536
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except (_Decline, expat.ExpatError):
        return None
    if "channel" not in seen_feed:
        return None
    return {"bozo": False, "feed": feed, "entries": entries}


def _end_feed_field(h: _Helpers, feed: dict, field: str, pieces: list[str]) -> None:
    if field == "title":
        value = _finish(h, pieces)
        feed["title"] = value
        feed["title_detail"] = {"type": "text/html" if h.looks_like_html(value) else "text/plain"}
    elif field == "link":
        feed["link"] = _AMP_REF.sub(r"&\g<1>", _finish(h, pieces, relative=True))


def _end_entry_field(h: _Helpers, entry: dict, field: str, pieces: list[str], state: dict) -> None:
    if field == "title":
        value = _finish(h, pieces)
        entry["title"] = value
        entry["title_detail"] = {"type": "text/html" if h.looks_like_html(value) else "text/plain"}
    elif field == "link":
        value = _finish(h, pieces, relative=True).replace("&amp;", "&")
        entry["link"] = _AMP_REF.sub(r"&\g<1>", value)
    elif field == "summary":
        # A description after content:encoded still becomes the summary;
        # one before it is kept (content only fills an empty summary).
        entry["summary"] = _finish(h, pieces)
        entry["summary_detail"] = {"type": "text/html"}
    elif field == "content":
        value = _finish(h, pieces)
        entry["content"] = [{"type": "text/html", "value": value}]
        entry.setdefault("summary", value)
    elif field == "id":
        guidislink = state["guidislink"]
        value = _finish(h, pieces, relative=guidislink)
        entry["id"] = value
        entry.setdefault("guidislink", guidislink and "link" not in entry)
        if guidislink:
            entry.setdefault("link", value)
    elif field == "published":
        value = _finish(h, pieces)
        entry["published"] = value
        entry["published_parsed"] = h.parse_date(value)
    elif field == "updated":
        value = _finish(h, pieces)
        entry["updated"] = value
        entry["updated_parsed"] = h.parse_date(value)
    elif field == "author":
        entry["author"] = _finish(h, pieces)

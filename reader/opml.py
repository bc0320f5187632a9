"""OPML 2.0 import and export of the feed list."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

from reader.config import FeedConfig, clean_tag, url_problem
from reader.ingest.clean import clean_line
from reader.urls import redact, strip_userinfo


class OPMLError(ValueError):
    pass


@dataclass(frozen=True)
class Outline:
    url: str
    title: str
    tags: tuple[str, ...]
    line: int = 0  # where the outline starts in the file


@dataclass
class OPMLFeeds:
    """The feeds of an OPML file and, one line each, the outlines left out."""

    outlines: list[Outline] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __iter__(self):  # so `for outline in read_opml(path)` still reads the feeds
        return iter(self.outlines)

    def __len__(self) -> int:
        return len(self.outlines)

    def __getitem__(self, index):
        return self.outlines[index]


class _NoEntities(Exception):
    pass


def read_opml(path: Path) -> OPMLFeeds:
    """Feeds in an OPML file; nested outlines become tags (their text).

    Only http(s) URLs are taken: an OPML file comes from elsewhere, and a
    file:// URL or a path in it would make reader read local files (those
    are added one by one with `reader add`). Outlines with a blank or
    unusable xmlUrl are skipped and named (file:line) in ``problems``.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OPMLError(f"{path}: no such file") from None
    except OSError as exc:
        raise OPMLError(f"{path}: cannot read: {exc.strerror}") from None
    if b"<!ENTITY" in data:
        raise OPMLError(f"{path}: entity declarations are not allowed in OPML")

    result = OPMLFeeds()
    parser = expat.ParserCreate()
    # Each open element: [tag, the tags its child outlines get, the problem to report if it
    # turns out to have no child outlines (a blank xmlUrl on a folder is no problem)].
    stack: list[list] = []
    state = {"root": None, "body": False}

    def entity(*_args) -> None:
        raise _NoEntities()

    def start(tag: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        if state["root"] is None:
            state["root"] = tag
        parent_tags = stack[-1][1] if stack else ()
        in_body = len(stack) >= 2 and stack[1][0] == "body" and state["root"] == "opml"
        if tag == "body" and len(stack) == 1:
            state["body"] = True
        if tag != "outline" or not in_body:
            stack.append([tag, parent_tags, None])
            return
        stack[-1][2] = None  # the parent has a child outline: it is a folder
        raw = attrs.get("xmlUrl", attrs.get("xmlurl"))
        title = clean_line(attrs.get("title") or attrs.get("text") or "")  # no escapes, one line
        url = (raw or "").strip()
        name = f"outline {title!r}" if title else "an outline"
        if not url:  # a folder, or (if nothing is inside) a feed without its URL
            blank = f"{path}:{line}: {name}: blank xmlUrl; skipped" if raw is not None else None
            folder = clean_tag(title)
            stack.append([tag, parent_tags + ((folder,) if folder else ()), blank])
            return
        stack.append([tag, parent_tags, None])
        problem = url_problem(url, allow_local=False)
        if problem:
            result.problems.append(f"{path}:{line}: {name}: {redact(url)}: {problem}; skipped")
            return
        # Tags come from enclosing folders and from OPML 2.0's category="a,b".
        category = tuple(t for t in (clean_tag(c.strip().strip("/")) for c in (attrs.get("category") or "").split(","))
                         if t)
        result.outlines.append(Outline(url=url, title=title, tags=tuple(dict.fromkeys(parent_tags + category)),
                                       line=line))

    def end(_tag: str) -> None:
        _tag, _tags, blank = stack.pop()
        if blank:
            result.problems.append(blank)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _NoEntities:
        raise OPMLError(f"{path}: entity declarations are not allowed in OPML") from None
    except expat.ExpatError as exc:
        raise OPMLError(f"{path}: not valid OPML: {expat.ErrorString(exc.code)}: "
                        f"line {exc.lineno}, column {exc.offset}") from None
    if state["root"] != "opml" or not state["body"]:
        raise OPMLError(f"{path}: not an OPML file (no <opml><body>)")
    return result


_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Text without the characters XML 1.0 forbids (ElementTree writes them, and then no parser reads the file)."""
    return _XML_ILLEGAL.sub("", text)


def write_opml(feeds: list[FeedConfig], titles: dict[str, str] | None = None) -> str:
    """OPML 2.0 text for the feeds; tags become categories (OPML 2.0's attribute).

    Credentials never leave: a URL's user:password@ part is dropped (the
    password_command stays in the config file, which is not exported)."""
    titles = titles or {}
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "reader feeds"
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc))
    body = ET.SubElement(root, "body")
    for feed in feeds:
        url = strip_userinfo(feed.url)
        # Cleaned again: a title stored by an older reader may hold characters XML cannot carry.
        title = _xml_text(clean_line(feed.title or titles.get(feed.url, ""))) or url
        attrs = {"type": "rss", "text": title, "title": title, "xmlUrl": url}
        if feed.tags:
            attrs["category"] = ",".join(_xml_text(clean_tag(t)) for t in feed.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


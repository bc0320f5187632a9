"""OPML 2.0 import and export of the feed list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

from reader.config import FeedConfig


class OPMLError(ValueError):
    pass


@dataclass(frozen=True)
class Outline:
    url: str
    title: str
    tags: tuple[str, ...]


def read_opml(path: Path) -> list[Outline]:
    """Feeds in an OPML file; nested outlines become tags (their text)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OPMLError(f"{path}: no such file") from None
    except OSError as exc:
        raise OPMLError(f"{path}: cannot read: {exc.strerror}") from None
    if b"<!ENTITY" in data:
        raise OPMLError(f"{path}: entity declarations are not allowed in OPML")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OPMLError(f"{path}: not valid OPML: {exc}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise OPMLError(f"{path}: not an OPML file (no <opml><body>)")
    found: list[Outline] = []

    stack = [(child, ()) for child in reversed(list(body))]
    while stack:
        node, tags = stack.pop()
        if node.tag != "outline":
            continue
        url = node.get("xmlUrl") or node.get("xmlurl") or ""
        title = node.get("title") or node.get("text") or ""
        if url:
            # Tags come from enclosing folders and from OPML 2.0's category="a,b".
            category = tuple(c.strip().strip("/") for c in (node.get("category") or "").split(",") if c.strip())
            found.append(Outline(url=url.strip(), title=title.strip(), tags=tuple(dict.fromkeys(tags + category))))
        children = list(node)
        if children:
            child_tags = tags if url else tags + ((title.strip(),) if title.strip() else ())
            stack.extend((child, child_tags) for child in reversed(children))
    return found


def write_opml(feeds: list[FeedConfig], titles: dict[str, str] | None = None) -> str:
    """OPML 2.0 text for the feeds; tags become categories (OPML 2.0's attribute)."""
    titles = titles or {}
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "reader feeds"
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc))
    body = ET.SubElement(root, "body")
    for feed in feeds:
        title = feed.title or titles.get(feed.url, "") or feed.url
        attrs = {"type": "rss", "text": title, "title": title, "xmlUrl": feed.url}
        if feed.tags:
            attrs["category"] = ",".join(feed.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


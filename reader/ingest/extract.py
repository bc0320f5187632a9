"""A linked page -> its main text as a Document (full text for summary-only feeds).

trafilatura finds the main content and drops navigation, sidebars, footers
and comments; its XML output keeps headings, paragraphs, lists, quotes,
code, tables, images, links and emphasis. That XML is turned into the
equivalent HTML and read by reader.ingest.html, so a fetched page gets the
same text and the same structure as a feed's own HTML. readability-lxml
reads the page too and is taken where the two disagree grossly (see
FALLBACK_*). Imported lazily: trafilatura and lxml cost ~0.3 s to import and
only full-text fetching needs them.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urlsplit

from reader.model import Document

from .clean import MAX_TEXT
from .html import clip_document, html_to_document, strip_document

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
MIN_CHARS = 100  # fewer word characters than this is not an article (a cookie wall, a login page...)
_WORD_CHAR = re.compile(r"\w")


class ExtractError(Exception):
    """The page gives no article text; the message says why, for the user."""


def is_html(content_type: str | None, body: bytes) -> bool:
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<p", b"<div"))


# trafilatura's XML element -> HTML element (attributes handled in _open_tag).
_TAGS = {"head": "h2", "p": "p", "list": "ul", "item": "li", "quote": "blockquote", "table": "table",
         "row": "tr", "cell": "td", "ref": "a", "lb": "br", "graphic": "img", "del": "s",
         "main": "div", "doc": "div"}
_HI = {"#b": "b", "#i": "i", "#t": "code", "#u": "u", "#sub": "sub", "#sup": "sup"}


def _open_tag(el, in_text: bool) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "head":
        rend = (el.get("rend") or "h2").lower()
        name = rend if rend in ("h1", "h2", "h3", "h4", "h5", "h6") else "h2"
        return f"<{name}>"
    if tag == "list":
        return "<ol>" if (el.get("rend") or "").lower() == "ol" else "<ul>"
    if tag == "cell":
        return "<th>" if el.get("role") == "head" else "<td>"
    if tag == "ref":
        return f'<a href="{_html.escape(el.get("target") or "")}">'
    if tag == "graphic":
        return f'<img src="{_html.escape(el.get("src") or "")}" alt="{_html.escape(el.get("alt") or "")}">'
    if tag == "hi":
        return f"<{_HI.get(el.get('rend') or '', 'span')}>"
    if tag == "code":
        return "<code>" if in_text else "<pre>"
    mapped = _TAGS.get(tag)
    return f"<{mapped}>" if mapped else "<span>"


def _close_tag(opening: str) -> str:
    if opening.startswith(("<img", "<br")):
        return ""
    name = opening[1:].split(">", 1)[0].split(" ", 1)[0]
    return f"</{name}>"


_TEXT_PARENTS = frozenset({"p", "head", "item", "cell", "quote", "hi", "ref", "del"})


def xml_to_html(xml: str) -> str:
    """trafilatura's XML output as the HTML it stands for (iteratively: no recursion on depth)."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=False,
                                                                   resolve_entities=False, no_network=True))
    if root is None:
        return ""
    out: list[str] = []
    # (element, phase): phase 0 = open it, 1 = close it and emit its tail.
    stack: list[tuple[object, int, str]] = [(root, 0, "")]
    while stack:
        el, phase, opening = stack.pop()
        if phase == 1:
            out.append(_close_tag(opening))
            if el.tail:
                out.append(_html.escape(el.tail))
            continue
        if el.tag == "comments" or not isinstance(el.tag, str):
            if el.tail:
                out.append(_html.escape(el.tail))
            continue
        parent = el.getparent()
        in_text = parent is not None and parent.tag in _TEXT_PARENTS
        opening = _open_tag(el, in_text)
        out.append(opening)
        if el.text:
            out.append(_html.escape(el.text))
        stack.append((el, 1, opening))
        for child in reversed(list(el)):
            stack.append((child, 0, ""))
    return "".join(out)


# When the two extractors disagree this much on length, trafilatura most likely
# kept a page's boilerplate (a comment thread, a link farm) or missed most of
# the article, and readability-lxml's reading is taken instead. Measured on
# the 97-page development set (bench/extraction.py): mean token F1 0.933 with
# trafilatura alone, 0.946 with this fallback; the same two pages switch for
# any threshold pair from (0.5, 2.0) to (0.6, 3.0).
FALLBACK_SHORT = 0.5     # trafilatura's word count below this share of readability's
FALLBACK_LONG = 2.5      # or above this multiple of it,
FALLBACK_MIN_WORDS = 150  # when readability's reading has at least this many words
_WORDS = re.compile(r"\w+")


def _trafilatura(body: bytes, url: str) -> Document | None:
    import trafilatura

    xml = trafilatura.extract(body, url=url or None, output_format="xml", include_links=True,
                              include_images=True, include_tables=True, include_formatting=True,
                              include_comments=False, with_metadata=False, favor_recall=True)
    if not xml:
        return None
    xml = _respace(xml, body)
    parts = urlsplit(url)
    if parts.scheme and parts.netloc and parts.path not in ("", "/"):
        # trafilatura resolves a link to a part of the page ("#cite_note-17") against the site's
        # root (http://host#cite_note-17): it belongs to the page itself.
        root, page = f"{parts.scheme}://{parts.netloc}", url.split("#", 1)[0]
        xml = xml.replace(f'target="{root}#', f'target="{page}#').replace(f'target="{root}/#', f'target="{page}#')
    return html_to_document(xml_to_html(xml), url)


# A word, a run of inline tags with no space in it, a word: "proprietary</ref><ref ...>H.264".
_GLUED = re.compile(r"(\w+)((?:</?(?:ref|hi|code|del|sub|sup)\b[^>]*>)+)(\w+)")
_CLOSING_RUN = re.compile(r"(?:</(?:ref|hi|code|del|sub|sup)>)*")


def _respace(xml: str, body: bytes) -> str:
    """Put back the spaces trafilatura drops around inline elements: two links side by side
    ("a proprietary H.264 codec" came out "proprietary[53]H.264"), a link after a word
    (adbar/trafilatura issues 113 and 661). A space goes back where the page's own text has the
    two words apart and never together."""
    if _GLUED.search(xml) is None:
        return xml
    try:
        import lxml.html

        source = " ".join(lxml.html.fromstring(body).text_content().split())
    except Exception:  # noqa: BLE001 - a page lxml cannot read: leave the text as trafilatura gave it
        return xml

    def fix(m: re.Match) -> str:
        left, tags, right = m.group(1), m.group(2), m.group(3)
        if f"{left} {right}" not in source or f"{left}{right}" in source:
            return m.group(0)
        at = _CLOSING_RUN.match(tags).end()  # after the closing tags: outside any link
        return left + tags[:at] + " " + tags[at:] + right

    return _GLUED.sub(fix, xml)


def _readability(body: bytes, url: str) -> Document | None:
    from readability import Document as Readable

    summary = Readable(body, url=url or None).summary(html_partial=True)
    return html_to_document(summary, url) if summary else None


def _usable(doc: Document | None) -> bool:
    return doc is not None and len(_WORD_CHAR.findall(doc.text, 0, MIN_CHARS * 20)) >= MIN_CHARS


def extract_document(body: bytes, url: str) -> Document:
    """The main text of an HTML page, with its structure; raises ExtractError when there is none.

    trafilatura first; readability-lxml's reading where the two disagree
    grossly on length (see FALLBACK_*) or trafilatura finds nothing.
    """
    base = url if urlsplit(url).scheme.lower() in ("http", "https") else ""
    failures = []
    docs: list[Document | None] = []
    for extractor in (_trafilatura, _readability):
        try:
            docs.append(extractor(body, base))
        except Exception as e:  # noqa: BLE001 - a hostile page must not sink the refresh
            failures.append(type(e).__name__)
            docs.append(None)
    main, other = docs
    if not _usable(main):
        main = other
    elif _usable(other):
        t, r = len(_WORDS.findall(main.text)), len(_WORDS.findall(other.text))
        if r >= FALLBACK_MIN_WORDS and (t < FALLBACK_SHORT * r or t > FALLBACK_LONG * r):
            main = other
    if not _usable(main):
        if len(failures) == 2:
            raise ExtractError(f"the page could not be read ({failures[0]})")
        raise ExtractError("no article text found on the page")
    return strip_document(clip_document(main, MAX_TEXT))

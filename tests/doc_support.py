"""A hand-built Document with every kind of block, for the reading pane's and `reader show`'s tests.

Built piece by piece so each block's offsets are right by construction.
"""

from __future__ import annotations

import dataclasses
import re

from reader.model import (CELL, CODE, EMPHASIS, HEADING, IMAGE, INLINE_CODE, ITEM, LINK, PARAGRAPH, QUOTE, ROW,
                          RULE, STRONG, TABLE, Block, Document, Enclosure, Inline, Span)

LINKS = {
    1: "https://example.org/alliance",
    2: "https://example.org/brussels-report",
    3: "https://example.org/third-link",
    4: "https://example.org/code-docs",
}
IMAGE_SRC = "https://example.org/pictures/hq.jpg"
ENCLOSURES = [
    Enclosure("https://example.org/audio/episode-12.mp3", "audio/mpeg", 24_100_000, 2480, "Episode 12: the expulsions"),
    Enclosure("https://example.org/video/briefing.mp4", "video/mp4", None, 95, ""),
]


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.blocks: list[Block] = []
        self.inlines: list[Inline] = []

    def add(self, kind: str, body: str, attrs: dict | None = None, *, sep: str = "\n\n") -> tuple[int, int]:
        if self.text:
            self.text += sep
        start = len(self.text)
        self.text += body
        if kind:
            self.blocks.append(Block(kind, start, len(self.text), attrs or {}))
        return start, len(self.text)

    def inline(self, kind: str, within: tuple[int, int], needle: str, attrs: dict | None = None) -> None:
        at = self.text.index(needle, within[0], within[1])
        self.inlines.append(Inline(kind, at, at + len(needle), attrs or {}))


def sample_document() -> Document:
    b = _Builder()
    b.add(HEADING, "Spies in Brussels", {"level": 2})
    p = b.add(PARAGRAPH, "NATO said on Wednesday that Jens Stoltenberg had expelled eight members of "
                         "the Russian mission, as the alliance report explains from Brussels.")
    b.inline(LINK, p, "Jens Stoltenberg", {"href": LINKS[1], "n": 1})
    b.inline(LINK, p, "the alliance report", {"href": LINKS[2], "n": 2})
    b.inline(EMPHASIS, p, "eight members")
    img_at = len(b.text) + 2
    b.text += "\n\n"
    b.blocks.append(Block(IMAGE, img_at, img_at, {"src": IMAGE_SRC, "alt": "NATO headquarters in Brussels", "n": 1}))
    b.text = b.text[:-2]
    items = [("Steps taken by the alliance:", None)]
    b.add(PARAGRAPH, items[0][0])
    b.add(ITEM, "Accreditation withdrawn from eight officials", {"depth": 1, "ordered": True, "number": 3})
    b.add(ITEM, "Two vacant posts abolished", {"depth": 1, "ordered": True, "number": 4}, sep="\n")
    b.add(ITEM, "One of them at the GRU", {"depth": 2, "ordered": False}, sep="\n")
    s = b.add(ITEM, "Mission reduced to ten, see the third link", {"depth": 1, "ordered": True, "number": 5},
              sep="\n")
    b.inline(LINK, s, "third link", {"href": LINKS[3], "n": 3})
    q = b.add(QUOTE, "We have seen an increase in malign Russian activity.")
    b.inline(STRONG, q, "malign")
    c = b.add(CODE, "def expel(members):\n    for m in members:\n        m.leave()  # every one of them must go home now, today")
    b.add(PARAGRAPH, "Call expel() as the docs say.")
    b.inline(INLINE_CODE, (c[1], len(b.text)), "expel()")
    b.inline(LINK, (c[1], len(b.text)), "the docs", {"href": LINKS[4], "n": 4})
    _table(b, [("Country", "Diplomats expelled", "Year of the expulsion and the reasons given by the alliance"),
            ("Czech Republic", "18", "2021, after the Vrbetice depot explosions were tied to the GRU"),
            ("Bulgaria", "2", "2021")])
    _table(b, [("Country", "Accreditations", "Withdrawals", "Expulsions", "Consulates", "Retaliation", "Statement"),
               ("Bulgaria", "Eighteen", "Twelve", "Twentyfour", "Closed", "Immediate", "Published")])
    b.add(RULE, "")
    b.add(PARAGRAPH, "Moscow said it would respond.")
    return Document(b.text, b.blocks, b.inlines)


def _table(b: _Builder, rows: list[tuple[str, ...]]) -> None:
    t0 = len(b.text) + 2
    b.text += "\n\n"
    for r, row in enumerate(rows):
        if r:
            b.text += "\n"
        r0 = len(b.text)
        for col, cell in enumerate(row):
            if col:
                b.text += "\t"
            c0 = len(b.text)
            b.text += cell
            b.blocks.append(Block(CELL, c0, len(b.text), {"header": r == 0, "col": col}))
        b.blocks.append(Block(ROW, r0, len(b.text), {"header": r == 0}))
    b.blocks.append(Block(TABLE, t0, len(b.text), {}))


NAMES = {"Jens Stoltenberg": "PERSON", "NATO": "ORG", "GRU": "ORG", "Brussels": "PLACE", "Moscow": "PLACE",
         "Czech Republic": "PLACE"}


def entities_of(text: str) -> list[Span]:
    """The names of NAMES in ``text``, as the analysis would mark them."""
    spans = []
    for name, label in NAMES.items():
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            spans.append(Span(match.start(), match.end(), label, name, name))
    return sorted(spans, key=lambda s: s.start)


def attach(monkeypatch, library, article_id: int, document: Document, enclosures=ENCLOSURES) -> None:
    """Make the library return this article with ``document`` as its text and structure (and the
    enclosures), as it will once the store keeps documents; its list row counts the enclosures."""
    article = library.article

    def with_document(wanted: int):
        found = article(wanted)
        if found is None or wanted != article_id:
            return found
        return dataclasses.replace(found, text=document.text, document=document, enclosures=list(enclosures),
                                   entities=entities_of(document.text), analysed=True)

    rows = library.list_articles

    def with_enclosures(*args, **kwargs):
        out = rows(*args, **kwargs)
        for row in out:
            row.enclosures = len(enclosures) if row.id == article_id else 0
        return out

    monkeypatch.setattr(library, "article", with_document)
    monkeypatch.setattr(library, "list_articles", with_enclosures)


def attach_to_class(title_prefix: str, document: Document | None = None, enclosures=ENCLOSURES) -> None:
    """As ``attach``, for a whole process (the tmux test's launcher): every Library returns the
    article whose title starts with ``title_prefix`` with the document and enclosures."""
    from reader.library import Library

    document = document or sample_document()
    article = Library.article
    rows = Library.list_articles

    def with_document(self, wanted: int):
        found = article(self, wanted)
        if found is None or not found.title.startswith(title_prefix):
            return found
        return dataclasses.replace(found, text=document.text, document=document, enclosures=list(enclosures),
                                   entities=entities_of(document.text), analysed=True)

    def with_enclosures(self, *args, **kwargs):
        out = rows(self, *args, **kwargs)
        for row in out:
            row.enclosures = len(enclosures) if row.title.startswith(title_prefix) else 0
        return out

    Library.article = with_document
    Library.list_articles = with_enclosures

"""Plain data shared by every layer: articles, entity spans, times and events.

Nothing here imports textual or rich; the UI and the CLI render these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Entity labels. DATE is used for time expressions found by reader.nlp.timex.
PERSON, ORG, PLACE, MISC, DATE = "PERSON", "ORG", "PLACE", "MISC", "DATE"
LABELS = (PERSON, ORG, PLACE, MISC, DATE)


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of an article's text: text[start:end] == self.text."""

    start: int
    end: int
    label: str
    text: str
    name: str = ""  # canonical name within the article ("Jens Stoltenberg")


@dataclass(slots=True)
class EntityInfo:
    """One distinct entity of an article, with its salience in [0, 1]."""

    name: str
    label: str
    mentions: int
    salience: float


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression normalised against the article's publication date.

    value is a TIMEX3 value ("2021-10-06", "2021-04", "2021-W40", "2021-SU",
    "198", "PAST_REF", ...); mod is a TIMEX3 modifier ("START", "END", "MID",
    "APPROX", ...) or "".
    """

    start: int
    end: int
    text: str
    value: str
    mod: str = ""
    type: str = "DATE"


@dataclass(slots=True)
class Event:
    """A statement of the article anchored to one time expression."""

    value: str  # TIMEX3 value of the anchoring time
    mod: str  # TIMEX3 modifier or ""
    display: str  # human form: "late Sep 2021", "2018", "6 Oct 2021"
    text: str  # the clause or sentence, trimmed to a readable gist
    entities: list[str]  # canonical names of the entities in it
    start: int  # offsets of the sentence in the article text
    end: int
    # (start, end) of every other passage of the article that reports the same event
    evidence: list[tuple[int, int]] = field(default_factory=list)


# -- Documents: structure as stand-off annotation over the article's plain text --
#
# The plain text stays the one text the language analysis sees; blocks and
# inline spans point into it by offsets (text[start:end]), exactly as entity
# spans do, so the reading pane composes the two layers instead of re-parsing.

# Block kinds. Blocks may nest (an item inside a quote, a cell inside a row
# inside a table); a reader of blocks sorts them by (start, -end).
HEADING = "heading"      # attrs: level (1-6)
PARAGRAPH = "paragraph"
ITEM = "item"            # list item; attrs: depth (1 = top), ordered (bool), number (int, when ordered).
                         # The text holds a marker before the item ("- " or "3. "); the block starts after it.
QUOTE = "quote"          # blockquote
CODE = "code"            # preformatted text: never reflowed; attrs: lang (optional)
TABLE = "table"
ROW = "row"              # attrs: header (bool)
CELL = "cell"            # attrs: header (bool), col (0-based)
IMAGE = "image"          # attrs: src, alt, caption (optional), n (1-based image number); its text is
                         # the alt text on a line of its own, or empty inside running text
ROW_SEPARATOR = " | "    # between the cells of a table row in the text
RULE = "rule"            # <hr>; may be empty (start == end)
BLOCK_KINDS = (HEADING, PARAGRAPH, ITEM, QUOTE, CODE, TABLE, ROW, CELL, IMAGE, RULE)

# Inline kinds.
LINK = "link"            # attrs: href (absolute where a base was known), n (1-based link number)
EMPHASIS = "em"
STRONG = "strong"
INLINE_CODE = "code"
INLINE_KINDS = (LINK, EMPHASIS, STRONG, INLINE_CODE)


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a document: text[start:end] is its text (may be empty for images and rules)."""

    kind: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inline:
    """An inline span (link, emphasis, strong, code) over text[start:end]."""

    kind: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A media file attached to an item: RSS <enclosure>, Atom rel=enclosure, Media RSS."""

    url: str
    type: str = ""             # MIME type, "" when not given
    length: int | None = None  # bytes, when given
    duration: int | None = None  # seconds, when given (itunes:duration, media:content duration)
    title: str = ""


@dataclass(slots=True)
class Document:
    """An article's text with its structure: what HTML or an extractor gives.

    Invariants: every block and inline lies within text (0 <= start <= end <=
    len(text)); links and images are numbered 1.. in text order by attrs["n"].
    A plain article is a Document with no blocks (each blank-line-separated
    paragraph is then a paragraph).
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)

    def links(self) -> list[Inline]:
        """The document's links in number order."""
        return sorted((i for i in self.inlines if i.kind == LINK), key=lambda i: i.attrs.get("n", 0))

    def images(self) -> list[Block]:
        """The document's images in number order."""
        return sorted((b for b in self.blocks if b.kind == IMAGE), key=lambda b: b.attrs.get("n", 0))

    def structure_json(self) -> str:
        """Blocks and inlines as compact JSON (the text is stored apart, as the article's text)."""
        import json

        return json.dumps({
            "b": [[b.kind, b.start, b.end, b.attrs] if b.attrs else [b.kind, b.start, b.end] for b in self.blocks],
            "i": [[i.kind, i.start, i.end, i.attrs] if i.attrs else [i.kind, i.start, i.end] for i in self.inlines],
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_structure_json(cls, text: str, raw: str) -> Document:
        """The inverse of structure_json, over the article's text."""
        import json

        d = json.loads(raw)
        return cls(text,
                   [Block(b[0], b[1], b[2], b[3] if len(b) > 3 else {}) for b in d.get("b", [])],
                   [Inline(i[0], i[1], i[2], i[3] if len(i) > 3 else {}) for i in d.get("i", [])])

    def is_plain(self) -> bool:
        """True when the structure says nothing the text does not: only paragraphs, no inline spans."""
        return not self.inlines and all(b.kind == PARAGRAPH for b in self.blocks)


@dataclass(slots=True)
class ArticleIn:
    """An article as parsed from a file or a feed, before it is stored."""

    key: str  # stable id within its feed: guid, else link, else a content hash
    title: str
    text: str
    url: str = ""
    author: str = ""
    published: datetime | None = None  # timezone-aware UTC
    date_is_guess: bool = False
    source: str = ""  # human name of where it came from
    document: Document | None = None  # structure over text (document.text == text), when known
    enclosures: list[Enclosure] = field(default_factory=list)
    summary: str = ""  # the feed's own summary, kept when text is a fetched full text
    full_text_url: str = ""  # the page text was fetched from, when it is a fetched full text


@dataclass(slots=True)
class Article:
    """A stored article."""

    id: int
    feed_id: int
    feed: str  # the feed's title, or the source named in the file
    key: str
    title: str
    text: str
    url: str
    author: str
    published: datetime
    date_is_guess: bool
    read: bool = False
    starred: bool = False
    analysed: bool = False
    entities: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    document: Document | None = None  # structure over text, None for a plain article
    enclosures: list[Enclosure] = field(default_factory=list)
    summary: str = ""  # the feed's own text, when text is the full text fetched from the article's page


@dataclass(slots=True)
class RelatedArticle:
    id: int
    title: str
    feed: str
    published: datetime
    score: float
    shared: list[str]  # canonical names of the entities both articles mention


@dataclass(slots=True)
class RelatedEvent:
    """An event on a timeline; the same event from several articles is shown once."""

    value: str
    mod: str
    display: str
    text: str
    entities: list[str]
    sources: list[tuple[int, str]]  # (article id, title) of every article that reports it
    own: bool  # reported by the article being read
    start: int = -1  # offsets in the article being read, when own
    end: int = -1
    evidence: list[tuple[int, int]] = field(default_factory=list)  # other passages of it, when own


@dataclass(slots=True)
class Related:
    article_id: int
    articles: list[RelatedArticle]
    events: list[RelatedEvent]
    story: list[int]  # ids of the articles in the same story, this one included

    def to_json(self) -> dict:
        return {
            "id": self.article_id,
            "articles": [{"id": a.id, "title": a.title, "feed": a.feed, "published": a.published.isoformat(),
                          "score": round(a.score, 4), "shared": a.shared} for a in self.articles],
            "events": [{"when": {"value": e.value, "mod": e.mod, "display": e.display}, "text": e.text,
                        "entities": e.entities, "own": e.own,
                        "sources": [{"id": i, "title": t} for i, t in e.sources]} for e in self.events],
            "story": self.story,
        }

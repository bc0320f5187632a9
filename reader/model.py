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

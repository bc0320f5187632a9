"""The second phase of ingest: entities, time expressions and events of one article.

The models load lazily on first use, so importing this costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reader.model import EntityInfo, Event, Span, Timex


@dataclass
class Analysis:
    spans: list[Span]
    timexes: list[Timex]
    entities: list[EntityInfo]
    events: list[Event]


# Bump when analyse() itself changes what it returns.
VERSION = "2"


def version() -> str:
    """Changes whenever any part of the analysis changes; stored with results."""
    from reader.nlp import aliases, entities, events, timex

    return (f"ner-{entities.VERSION}/timex-{timex.VERSION}/events-{getattr(events, 'VERSION', '1')}"
            f"/aliases-{aliases.VERSION}/analyse-{VERSION}")


# How much of an article is analysed. A news article is 2,000-30,000 characters and a long read
# 100,000; past that it is a book, a log or a dump, whose analysis took minutes and most of a
# gigabyte (4.9 MB: 222 s, 945 MB) for names nobody reads that far to see. The text itself is
# stored, shown and searched whole; only the names, dates and events stop at the cap.
MAX_CHARS = 100_000
MAX_TITLE_CHARS = 1_000


def analysed_length(text: str, limit: int | None = None) -> int:
    """How many characters at the start of ``text`` are analysed: all of it when it is within
    ``limit``, else up to the last paragraph break before the limit (else the last line break,
    sentence end or space in its second half), so no name or sentence is cut in two. Spans found
    in ``text[:n]`` have the same offsets in the whole text. ``limit`` defaults to MAX_CHARS."""
    limit = MAX_CHARS if limit is None else limit
    if len(text) <= limit:
        return len(text)
    floor = limit // 2
    for mark in ("\n\n", "\n", ". ", " "):
        at = text.rfind(mark, floor, limit)
        if at >= 0:
            return at + len(mark.rstrip())  # keep the full stop, not the space or break after it
    return limit


def analyse(title: str, text: str, published: datetime) -> Analysis:
    """Names, dates and events of an article, from its first ``analysed_length(text)`` characters:
    every span's offsets lie within that prefix, and so are valid in the whole text."""
    from reader.nlp import entities, events, timex

    text = text[:analysed_length(text)]
    title = title[:MAX_TITLE_CHARS]
    spans, infos = entities.entities(text, title=title)
    spans, infos = _global_names(spans, infos)
    timexes = timex.tag(text, published.date())
    # A time expression wins over an entity span that overlaps it ("Wednesday", "April").
    taken = [(t.start, t.end) for t in timexes]
    spans = [s for s in spans if not any(s.start < e and b < s.end for b, e in taken)]
    # a name all of whose mentions were times ("before Christmas") is not one of the article's names
    kept = {s.name or s.text for s in spans}
    infos = [i for i in infos if i.name in kept]
    evs = events.extract_events(text, published.date(), timexes, spans)
    return Analysis(spans=spans, timexes=timexes, entities=infos, events=evs)


def _global_names(spans: list[Span], infos: list[EntityInfo]) -> tuple[list[Span], list[EntityInfo]]:
    """Rename entities to their cross-article names, merging those that become one."""
    from dataclasses import replace

    from reader.nlp.aliases import global_name

    spans = [replace(s, name=global_name(s.name or s.text)) for s in spans]
    merged: dict[tuple[str, str], EntityInfo] = {}
    for info in infos:
        key = (global_name(info.name), info.label)
        if key in merged:
            merged[key].mentions += info.mentions
            merged[key].salience = min(1.0, max(merged[key].salience, info.salience) + 0.5 * min(merged[key].salience, info.salience))
        else:
            merged[key] = EntityInfo(name=key[0], label=info.label, mentions=info.mentions, salience=info.salience)
    return spans, sorted(merged.values(), key=lambda e: -e.salience)

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


def version() -> str:
    """Changes whenever any part of the analysis changes; stored with results."""
    from reader.nlp import aliases, entities, events, timex

    return (f"ner-{entities.VERSION}/timex-{timex.VERSION}/events-{getattr(events, 'VERSION', '1')}"
            f"/aliases-{aliases.VERSION}")


def analyse(title: str, text: str, published: datetime) -> Analysis:
    from reader.nlp import entities, events, timex

    spans, infos = entities.entities(text, title=title)
    spans, infos = _global_names(spans, infos)
    timexes = timex.tag(text, published.date())
    # A time expression wins over an entity span that overlaps it ("Wednesday", "April").
    taken = [(t.start, t.end) for t in timexes]
    spans = [s for s in spans if not any(s.start < e and b < s.end for b, e in taken)]
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

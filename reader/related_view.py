"""An article's related articles, its timeline and its story, as the sidebar, the timeline view
and `reader related` show them; and an entity's events (its page's timeline).

The links themselves are planned and stored by reader.store.related; this reads them back for
one article, weighs shared events above shared names, and picks the related articles' events
worth a place on the article's timeline. Plain Python: no textual or rich here.
"""

from __future__ import annotations

from reader.model import Event, Related, RelatedArticle, RelatedEvent
from reader.store.db import Store
from reader.store.related import MAX_LINKS, diversify, same_event, same_time

EVENT_WEIGHT = 0.15  # added to a related article's score for each event it shares with the article (up to two)
ECHO_WEIGHT = 0.1  # for an event at the same time that shares a name but not the gist


def merge_events(own: list[tuple[int, str, object]], others: list[tuple[int, str, object]]) -> list[RelatedEvent]:
    """One timeline, oldest first: an event reported by several articles appears once, with its sources."""
    merged: list[RelatedEvent] = []
    for is_own, items in ((True, own), (False, others)):
        for article_id, title, event in items:
            match = next((m for m in merged if same_event(m, event)), None)
            if match is not None:
                if all(source[0] != article_id for source in match.sources):
                    match.sources.append((article_id, title))
                match.entities = list(dict.fromkeys(match.entities + event.entities))
                continue
            merged.append(RelatedEvent(value=event.value, mod=event.mod, display=event.display, text=event.text,
                                       entities=list(event.entities), sources=[(article_id, title)], own=is_own,
                                       start=event.start if is_own else -1, end=event.end if is_own else -1,
                                       evidence=list(getattr(event, "evidence", [])) if is_own else []))
    from reader.nlp.when import sort_key as event_order

    merged.sort(key=event_order)
    return merged


def related(store: Store, article_id: int, *, limit: int = 25) -> Related | None:
    """Related articles, the merged timeline and the story of one article (None: no such article)."""
    article = store.article(article_id)
    if article is None:
        return None
    links = store.related_articles(article_id, MAX_LINKS)
    # Articles that report one of this article's events (same time, a shared entity) rank higher.
    # The events of every linked article are read once: here for the boost, below for the timeline.
    linked_events = store.events_of([row.id for row, _s, _n in links])
    # A shared event (the same time, a shared name and a similar gist: the same happening reported
    # again) weighs more than shared names: EVENT_WEIGHT each, up to two; an event at the same time
    # with a shared name only, ECHO_WEIGHT.
    echoes: dict[int, float] = {}
    same_story: set[int] = set()
    reports: set[int] = set()  # linked_events' indices that report one of this article's own events
    for i, (aid, _title, event) in enumerate(linked_events):
        if any(same_event(own, event) for own in article.events):
            echoes[aid] = echoes.get(aid, 0.0) + EVENT_WEIGHT
            same_story.add(aid)
            reports.add(i)
        elif any(set(event.entities) & set(own.entities) and same_time((own.value, own.mod), (event.value, event.mod))
                 for own in article.events):
            echoes[aid] = echoes.get(aid, 0.0) + ECHO_WEIGHT
    # An article's headline is its main event, on the day it was published: "Czech Republic expels
    # 18 Russian diplomats ..." (17 Apr 2021) reports the seed's "In April, the Czech Republic had
    # expelled 18 Russian diplomats".
    for row, _score, _shared in links:
        if row.id not in same_story:
            headline = Event(value=row.published.date().isoformat(), mod="", display="", text=row.title,
                             entities=[], start=0, end=0)
            if any(same_event(own, headline) for own in article.events):
                echoes[row.id] = echoes.get(row.id, 0.0) + EVENT_WEIGHT
                same_story.add(row.id)
    scored = [(score + min(echoes.get(row.id, 0.0), 2 * EVENT_WEIGHT), row.id, list(dict.fromkeys(shared)), row)
              for row, score, shared in links]
    relatedness = {item[1]: item[0] for item in scored}
    picked = diversify(scored, limit, keep=same_story)
    # The order is diversify's (after the first few, the articles that cover other names come
    # first); the score shown is how related each is, not the discounted value it was picked by.
    articles = [RelatedArticle(id=row.id, title=row.title, feed=row.feed, published=row.published,
                               score=relatedness[row.id], shared=shared)
                for _value, _id, shared, row in picked]
    own = [(article_id, article.title, event) for event in article.events]
    others = related_events(store, article_id, articles, linked_events, reports=reports, reporters=same_story,
                            weights={row.id: value for value, _id, _shared, row in picked})
    return Related(article_id=article_id, articles=articles, events=merge_events(own, others),
                   story=store.story(article_id))


# An event of an article that reports none of this article's events, weighing less than this
# share of the strongest related event, is left off: it shares only names that matter little
# here. Chosen on the dev half of bench/data/timeline (reader eval-timeline): the largest share
# that kept as many relevant events there (0.03, 0.05, 0.075, 0.1, 0.15, 0.2 tried).
MIN_WEIGHT = 0.05


def related_events(store: Store, article_id: int, articles: list[RelatedArticle], linked_events: list,
                   limit: int = 12, reports: set[int] | None = None, reporters: set[int] | None = None,
                   weights: dict[int, float] | None = None):
    """The events of related articles that involve this article's salient entities, best first.

    Each is weighed by the salience, in this article, of the entities it
    involves and by how related its article is; the generic ones (only
    the one entity every article here shares) fall below the limit.
    ``reports``: the indices in ``linked_events`` of other reports of this
    article's own events; ``reporters``: the articles that report one;
    ``weights``: each article's weight, by default its score (related() gives
    the value diversify() picked it by, which favours articles about other names).
    """
    salience = {e.name: e.salience for e in store.article_entities(article_id)[:12]}
    top_score = weights if weights is not None else {a.id: a.score for a in articles}
    weighed = []
    for i, (aid, title, event) in enumerate(linked_events):
        if aid not in top_score:
            continue
        shared = [n for n in dict.fromkeys(event.entities) if n in salience]
        if not shared:
            continue
        weight = top_score[aid] * (sum(salience[n] for n in shared) + 0.25 * (len(shared) - 1))
        weighed.append((weight, aid, title, event, i))
    weighed.sort(key=lambda item: -item[0])
    strongest = weighed[0][0] if weighed else 0.0
    # A timeline shows when things happened. First every other report of one of this
    # article's own events (its source counts); then the background those reports give
    # (an article that reports one of this article's events tells what led to it: the
    # Czech report of the April 2021 expulsions dates the 2014 blasts behind them), one
    # event a year; then the best event of each year, then each year's second, then the
    # rest by weight: an older chapter of the story is not crowded out by many reports
    # of one month. An article that reports none of this article's events gives only its
    # events that weigh at least MIN_WEIGHT of the strongest.
    reports = reports or set()
    reporters = reporters or set()
    tiers: list[list] = [[], [], [], [], []]
    per_year: dict[str, int] = {}
    background_years: set[str] = set()
    for item in weighed:
        if item[4] in reports:
            tiers[0].append(item)
            continue
        year = item[3].value[:4]
        if item[1] in reporters and year not in background_years:
            background_years.add(year)
            tiers[1].append(item)
            continue
        if item[1] not in reporters and item[0] < MIN_WEIGHT * strongest:
            continue
        per_year[year] = per_year.get(year, 0) + 1
        tiers[1 + min(per_year[year], 3)].append(item)
    # Other reports of this article's own events merge into them (they add a source, not an
    # entry), so they do not take the places of the limit.
    chosen = tiers[0] + [item for tier in tiers[1:] for item in tier][:limit]
    return [(aid, title, event) for _w, aid, title, event, _i in sorted(chosen, key=lambda item: -item[0])]


def entity_timeline(store: Store, name: str, *, limit: int = 200) -> list[RelatedEvent]:
    """Every cached event that involves an entity, oldest first, each once."""
    ids = store.entity_event_articles(name, limit)
    found = [(aid, title, ev) for aid, title, ev in store.events_of(ids) if name in ev.entities]
    return merge_events([], found)

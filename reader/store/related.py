"""Related articles and stories, linked when an article is analysed.

Linking is incremental: analysing one article looks up, through the
(name, label, salience) index, the articles that share its most salient
entities, scores them (plan_links), and writes the best MAX_LINKS it found
(write_plan). Reading an article's related articles (Store.related_articles)
merges the links it found with the best of those found to it, read through the
index on (other_id, score, shared): two indexed reads, whatever the size of the cache. Library.relink
links every article at once instead, from the same plans (reader.store.linktable).
Stories join articles that report the same thing within STORY_DAYS of each
other: each article names at most one story partner, and a story is a
connected group of partners (_join_story).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple

from reader.dates import stored_time

VERSION = "2"  # how articles are linked; a cache linked by another version is relinked (Library.analyse_pending)
MAX_LINKS = 60  # related links kept per article; the shown ones are picked from these
TOP_ENTITIES = 24  # of an article's entities, how many are used to find others
PER_ENTITY = 400  # candidates read per entity (the most salient mentions first)
STORY_DAYS = 3
# Demonyms and other MISC names ("Russian") say less about what an article is about.
LABEL_WEIGHT = {"PERSON": 1.0, "ORG": 1.0, "PLACE": 0.8, "MISC": 0.4}
MIN_SCORE = 0.05
IDF_FLOOR = 0.1
SAME_STORY_FIRST = 5  # related articles shown by score alone before diversify() favours new entities

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’-]+")
STOPWORDS = frozenset(
    "the and for that with from this have has had was were are but not its his her their they them "
    "will would said says also into after before about over than then there which who whom what when "
    "where while been being more most other some such only very can could should may might must our "
    "out all any one two new last first year years week month since against between during under "
    "because just like made make many much now off own same she him he you your we us it is on in at "
    "as by an of to be or if so no do did does".split()
)


def content_words(text: str) -> frozenset[str]:
    return _content_words(text)


@lru_cache(maxsize=65536)
def _content_words(text: str) -> frozenset[str]:
    # Cached: the same candidate titles come up again and again while a batch is linked.
    return frozenset(w for w in (m.strip("'’-") for m in _WORD.findall(text.lower()))
                     if len(w) > 2 and w not in STOPWORDS)


def shingles(text: str, size: int = 4) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(tuple(words[i:i + size])) for i in range(max(0, len(words) - size + 1))}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _df(db: sqlite3.Connection, name: str) -> int:
    row = db.execute("SELECT df FROM entity_df WHERE name = ?", (name,)).fetchone()
    return row[0] if row else 0


def _idf(db: sqlite3.Connection, name: str, total: int, df: int | None = None) -> float:
    """How much sharing this name says: log(total / df), where df, the number
    of analysed articles that carry the name, is kept in entity_df as analyses
    are saved (one indexed read, not a count over the cache). A name most
    articles carry ("Russia" in a cache about Russia) weighs little; a name of
    a few articles ("Vrbetice") weighs most. Floored so that a name in every
    article still counts a little."""
    df = _df(db, name) if df is None else df
    return max(IDF_FLOOR, math.log((total + 1) / (df + 0.5)))


class BatchCache:
    """What linking reads that stays the same while one batch is linked.

    Store.save_analysis stores a whole batch's entities, then links each of its
    articles; in between nothing changes the entity index, so an entity's most
    salient mentions, its document frequency and the number of articles read
    the same for every article of the batch. Popular names (a country, NATO)
    come up in most of a batch's articles: read and deduplicated once.
    """

    def __init__(self) -> None:
        self.total: int | None = None
        self.idf: dict[str, float] = {}
        self.mentions: dict[str, dict[int, float]] = {}
        self.df: dict[str, int] = {}  # name -> its document frequency (entity_df)
        self.rows: dict[int, tuple] = {}  # article id -> (title, published, feed_id): never changes
        self.words: dict[int, frozenset[str]] = {}  # article id -> content words of its title


def _salient(db: sqlite3.Connection, article_id: int, cache: BatchCache | None = None
             ) -> list[tuple[str, str, float, float]]:
    """This article's most salient entities as (name, label, salience, weight), one per name.

    Entities are matched by name alone: two articles may label one name
    differently ("the Kremlin" as a place in one, an organisation in another).
    """
    rows = db.execute(
        "SELECT name, label, salience FROM article_entities WHERE article_id = ? "
        "AND label IN ('PERSON', 'ORG', 'PLACE', 'MISC') ORDER BY salience DESC LIMIT ?",
        (article_id, TOP_ENTITIES),
    ).fetchall()
    mine: dict[str, tuple[str, float]] = {}
    for name, label, salience in rows:
        if name not in mine:
            mine[name] = (label, salience)
    if not mine:
        return []
    cache = cache if cache is not None else BatchCache()
    if cache.total is None:
        cache.total = db.execute("SELECT max(id) FROM articles").fetchone()[0] or 1
    out = []
    for name, (label, salience) in mine.items():
        idf = cache.idf.get(name)
        if idf is None:
            df = cache.df[name] = _df(db, name)
            idf = cache.idf[name] = _idf(db, name, cache.total, df)
        out.append((name, label, salience, idf * LABEL_WEIGHT.get(label, 0.5)))
    return out


_MENTIONS = "SELECT article_id, salience FROM article_entities WHERE name = ? ORDER BY salience DESC LIMIT ?"


def _best_mentions(db: sqlite3.Connection, name: str) -> dict[int, float]:
    """The PER_ENTITY most salient mentions of a name: article id -> its best salience."""
    best: dict[int, float] = {}
    for other, other_salience in db.execute(_MENTIONS, (name, PER_ENTITY)):
        if other not in best:  # rows come most salient first: the first is the article's best
            best[other] = other_salience
    return best


def _ubiquitous(cache: BatchCache, name: str) -> bool:
    """A name so common that its weight is at the floor (most of the cache carries it) and
    that more articles carry it than PER_ENTITY: its most salient mentions are then an
    arbitrary few of most of the cache, which add a near-zero weight to hundreds of
    candidates at the cost of reading them. Such a name still counts in the norm, and in the
    names a link shares; it finds no candidates and adds nothing to the score of those found
    by other names (at most IDF_FLOOR * salience of the norm). In a small cache (df <= PER_ENTITY) it
    is read as any other, so that a name in every article still links them a little."""
    return cache.idf[name] <= IDF_FLOOR and cache.df.get(name, 0) > PER_ENTITY


def _carries(db: sqlite3.Connection, article_id: int, name: str) -> bool:
    return db.execute("SELECT 1 FROM article_entities WHERE article_id = ? AND name = ? LIMIT 1",
                      (article_id, name)).fetchone() is not None


def candidates(db: sqlite3.Connection, article_id: int, limit: int = -1, cache: BatchCache | None = None
               ) -> tuple[dict[int, tuple[float, tuple]], Callable[[int], list[str]]]:
    """Other articles sharing this one's salient entities, best first (at most ``limit``):
    id -> (entity score, (title, published, feed_id)); and a function that gives
    the names one of them shares with this article (asked only of those kept).

    For each salient entity, the PER_ENTITY mentions of its name with the
    highest salience, read from the covering index on (name, salience,
    article_id) without touching the table; an article counts once per name
    (its most salient mention), scored min(my salience, its salience) * weight.
    Only the best ``limit`` are then read from the articles table, in one query.
    """
    cache = cache if cache is not None else BatchCache()
    mine = _salient(db, article_id, cache)
    if not mine:
        return {}, lambda other: []
    norm = sum(salience * weight for _n, _l, salience, weight in mine)
    score: dict[int, float] = {}
    first: dict[int, int] = {}  # the first (most salient) of my names each candidate shares: breaks ties
    bests = []
    ubiquitous = []  # of my names, those too common to find candidates by (see _ubiquitous)
    for k, (name, _label, salience, weight) in enumerate(mine):
        best = cache.mentions.get(name)
        if best is None:
            best = cache.mentions[name] = {} if _ubiquitous(cache, name) else _best_mentions(db, name)
        if not best and _ubiquitous(cache, name):
            ubiquitous.append(k)
        bests.append(best)
        for other, other_salience in best.items():
            value = (other_salience if other_salience < salience else salience) * weight
            if other in score:
                score[other] += value
            else:
                score[other] = value
                first[other] = k
    score.pop(article_id, None)
    if 0 <= limit < len(score):
        # Only candidates at or above the limit-th best score can make the cut: sort those alone.
        cutoff = sorted(score.values(), reverse=True)[limit - 1] if limit else float("inf")
        pool = [other for other, value in score.items() if value >= cutoff]
    else:
        pool = list(score)
    pool.sort(key=lambda other: (-score[other], first[other], other))
    top = pool[:limit] if limit >= 0 else pool
    rows = cache.rows
    missing = [other for other in top if other not in rows]
    for start in range(0, len(missing), 500):
        chunk = missing[start:start + 500]
        rows.update((r[0], r[1:]) for r in db.execute(
            f"SELECT id, title, published, feed_id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))

    def shared_names(other: int) -> list[str]:
        # A ubiquitous name was not read for candidates: whether this one carries it is one
        # primary-key lookup, asked only of the few links kept.
        start = min(first[other], ubiquitous[0]) if ubiquitous else first[other]
        return [mine[k][0] for k in range(start, len(mine))
                if other in bests[k] or (k in ubiquitous and _carries(db, other, mine[k][0]))]

    return {other: (score[other] / norm if norm else 0.0, rows[other]) for other in top if other in rows}, shared_names


class Plan(NamedTuple):
    """What linking one article writes, worked out from the entity index alone."""

    links: list[tuple[float, int, str]]  # (score, other id, shared names as JSON), best first, at most MAX_LINKS
    story_with: int | None  # the first linked article that reports the same story


def plan_links(db: sqlite3.Connection, article_id: int, cache: BatchCache | None = None) -> Plan | None:
    """The links and the story partner of one analysed article (None if it is gone).

    Reads only the entity index and the articles: what the related and
    stories tables hold does not change the plan, so plans can be made in
    any order, or in other processes (see Library.relink)."""
    cache = cache if cache is not None else BatchCache()
    me = db.execute("SELECT title, text, published, feed_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    if me is None:
        return None
    found, shared_names = candidates(db, article_id, MAX_LINKS * 4, cache)
    title_words = content_words(me[0])
    words = cache.words
    scored = []
    for other, (score, row) in found.items():
        theirs = words.get(other)
        if theirs is None:
            theirs = words[other] = content_words(row[0])
        # Entity overlap weighs most; shared title words add text similarity.
        score = 0.8 * score + 0.2 * jaccard(title_words, theirs)
        if score >= MIN_SCORE:
            scored.append((score, other, row))
    scored.sort(key=lambda item: item[2][1], reverse=True)  # recency breaks ties...
    scored.sort(key=lambda item: -item[0])  # ...of the score (sorts are stable)
    top = scored[:MAX_LINKS]
    return Plan([(score, other, _shared_json(tuple(shared_names(other)))) for score, other, _row in top],
                _story_partner(db, me, top))


@lru_cache(maxsize=65536)
def _shared_json(names: tuple[str, ...]) -> str:
    # The same few names are shared again and again: encoded once.
    return json.dumps(list(names))


def link_article(db: sqlite3.Connection, article_id: int, cache: BatchCache | None = None) -> None:
    """(Re)compute the related links and the story of one analysed article.

    ``cache``: shared by the articles of one batch (see BatchCache); only valid
    while no entities are written."""
    write_plan(db, article_id, plan_links(db, article_id, cache))


def write_plan(db: sqlite3.Connection, article_id: int, plan: Plan | None) -> None:
    """Replace one article's links and story by its plan."""
    # The links it found before. Those others found to it are theirs (their plans): they stay, as a
    # relink would plan them again, so linking one by one stores what a relink stores, in any order.
    db.execute("DELETE FROM related WHERE article_id = ?", (article_id,))
    if plan is None:
        return
    # Stored once, by the finder: the other side reads them through the index on (other_id, score, shared)
    # (Store.related_articles), so nothing is added to or trimmed from the others' lists.
    db.executemany("INSERT OR REPLACE INTO related VALUES (?, ?, ?, ?)",
                   [(article_id, other, score, shared) for score, other, shared in plan.links])
    _join_story(db, article_id, plan.story_with)


def diversify(scored: list[tuple], limit: int, keep: frozenset | set = frozenset()) -> list[tuple]:
    """Pick up to ``limit`` of (score, id, shared names, ...) links, favouring new entities.

    An article about NATO and Russia that also mentions the Skripal poisoning
    and the Czech expulsions should lead to those stories too, not only to
    twenty more articles about NATO and Russia. The score of each pick is
    discounted by how often its shared entities were already covered
    (maximal marginal relevance over entities); each pick carries that
    discounted score, so the order of the result is the order to show.
    Each link's count of covered names is kept up to date as names are
    covered, rather than summed again for every link at every pick. The
    first SAME_STORY_FIRST picks are the best scores as they are (what a
    reader looks at first is the same story), and their names count as
    covered for the picks after them. Links whose id is in ``keep`` (articles
    that report one of this article's events: the same story) are never
    discounted.
    """
    items = list(scored)
    seen = [0] * len(items)  # per link: the sum over its names of min(times covered, 3)
    having: dict[str, list[int]] = {}  # name -> the links that share it (once per mention)
    for i, item in enumerate(items):
        for name in item[2]:
            having.setdefault(name, []).append(i)
    covered: dict[str, int] = {}

    def gain(i: int) -> float:
        if items[i][1] in keep:
            return items[i][0]
        names = items[i][2]
        return items[i][0] * (1.0 - 0.85 * (seen[i] / (3 * len(names)) if names else 1.0))

    remaining = list(range(len(items)))
    picked: list[tuple] = []
    while remaining and len(picked) < limit:
        if len(picked) < SAME_STORY_FIRST:
            # the first few are the most related, whatever they share: the same story first
            best = max(remaining, key=lambda i: items[i][0])
            value = items[best][0]
        else:
            best = max(remaining, key=gain)  # max keeps the first of equals: the more recent
            value = gain(best)
        remaining.remove(best)
        picked.append((value, *items[best][1:]))
        for name in items[best][2]:
            times = covered.get(name, 0)
            if times < 3:
                for i in having[name]:
                    seen[i] += 1
            covered[name] = times + 1
    return picked


def _story_partner(db: sqlite3.Connection, me: tuple, top: list[tuple]) -> int | None:
    """The first of the top links (score, id, (title, published, feed_id)) that reports
    the same story as ``me`` (title, text, published, feed_id)."""
    published = stored_time(me[2])
    mine = None
    for score, other, row in top:
        if score < 0.35:
            continue
        when = stored_time(row[1])
        if abs(when - published) > timedelta(days=STORY_DAYS):
            continue
        if mine is None:
            mine = shingles(me[0] + " " + me[1])
        text = db.execute("SELECT title || ' ' || text FROM articles WHERE id = ?", (other,)).fetchone()[0]
        similar = jaccard(mine, shingles(text))
        # Same story: near-duplicate wording, or the same entities reported by another feed.
        if similar >= 0.15 or (score >= 0.6 and row[2] != me[3]):
            return other
    return None


def _join_story(db: sqlite3.Connection, article_id: int, partner: int | None) -> None:
    """Make ``partner`` this article's story partner, and regroup what that connects or splits.

    A story is a connected group of articles and their partners, named by its
    first article (the smallest id): the same groups whatever order the
    articles were linked in, which Library.relink relies on."""
    row = db.execute("SELECT partner FROM story_partners WHERE article_id = ?", (article_id,)).fetchone()
    old = row[0] if row else None
    if old == partner:
        return
    if partner is None:
        db.execute("DELETE FROM story_partners WHERE article_id = ?", (article_id,))
    else:
        db.execute("INSERT OR REPLACE INTO story_partners VALUES (?, ?)", (article_id, partner))
    group = _regroup(db, article_id)
    if old is not None and old not in group:
        _regroup(db, old)


def _regroup(db: sqlite3.Connection, start: int) -> set[int]:
    """Store the story of the group ``start`` is in (none for an article alone); returns the group."""
    group, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for (other,) in db.execute("SELECT partner FROM story_partners WHERE article_id = ? "
                                   "UNION SELECT article_id FROM story_partners WHERE partner = ?", (here, here)):
            if other not in group:
                group.add(other)
                todo.append(other)
    if len(group) == 1:
        db.execute("DELETE FROM stories WHERE article_id = ?", (start,))
    else:
        story = min(group)
        db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?)", [(member, story) for member in group])
    return group


def same_time(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two times agree when one period contains the other ("2021-04" in "2021-SP", "2021-09" in "2021")
    and their modifiers do not contradict each other."""
    from reader.nlp.when import interval

    (va, ma), (vb, mb) = a, b
    ia, ib = interval(va), interval(vb)
    if ia is None or ib is None:
        return False
    contains = (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])
    if not contains:
        return False
    return ma == mb or not ma or not mb or ia != ib


def _adjacent_days(a: str, b: str) -> bool:
    from reader.nlp.when import interval

    ia, ib = interval(a), interval(b)
    return (ia is not None and ib is not None and ia[0] == ia[1] and ib[0] == ib[1]
            and abs(ia[0] - ib[0]) == 1)


# What a gist is about is its main clause: "More than 20 countries expelled
# Russian diplomats over the nerve agent attack" is the expulsions, not the
# attack. A clause of cause or sequence is cut off, unless the gist is nothing
# but that clause ("After the nerve agent attack on Sergei Skripal …").
_CAUSE = re.compile(r"(?i)\b(?:after|over|following|in response to|because of|amid|in protest at|in retaliation for)\b")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20"}
_NOT_COUNTED = (r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|January|February|"
                r"March|April|May|June|July|August|September|October|November|December|per\s*cent|percent|votes?|times)")
# a count of people or things ("18 Russian diplomats", "seven staff"), not a time, a share or a tally
_COUNT = re.compile(r"(?i)(?<![\w.,])(\d{1,3}(?:,\d{3})*|" + "|".join(_NUMBER_WORDS) + r")(?![\w.,%])"
                    r"(?!\s+(?:-\s*)?" + _NOT_COUNTED + r"\b)(?!\s+\w+\s+" + _NOT_COUNTED + r"\b)")
_MONTH_BEFORE = re.compile(r"(?i)(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$")


@lru_cache(maxsize=65536)
def gist_words(text: str) -> frozenset[str]:
    """The content words of a gist's main clause, numbers written as digits."""
    m = _CAUSE.search(text)
    if m and len(content_words(text[:m.start()])) >= 2:
        text = text[:m.start()]
    return frozenset(_NUMBER_WORDS.get(w, w) for w in content_words(text))


@lru_cache(maxsize=65536)
def gist_counts(text: str) -> frozenset[str]:
    """The counts a gist gives ("expelled 18 diplomats": {"18"}), besides one."""
    return frozenset(_NUMBER_WORDS.get(m.group(1).lower(), m.group(1)) for m in _COUNT.finditer(text)
                     if not _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start())) - {"1"}


def same_event(a, b) -> bool:
    """Same time within precision (or days next to each other: one event
    reported on the day and the day after), shared entities (when both have
    any), counts that agree (Slovakia expelling three diplomats is not the
    Czech Republic expelling 18), and a similar main clause.

    A time inside the other (a day in "late September") asks for a little
    more of the main clause than the same time.

    Chosen on the even half of bench/data/event_pairs (pairs of the samples'
    events marked by hand, `reader eval-merge --part dev`); its README has
    the figures."""
    threshold = 0.15 if (a.value, a.mod) == (b.value, b.mod) else 0.17
    if not same_time((a.value, a.mod), (b.value, b.mod)):
        if not _adjacent_days(a.value, b.value):
            return False
        threshold = 0.3
    if a.entities and b.entities and not set(a.entities) & set(b.entities):
        return False
    ca, cb = gist_counts(a.text), gist_counts(b.text)
    if ca and cb and not ca & cb:
        return False
    return jaccard(gist_words(a.text), gist_words(b.text)) >= threshold

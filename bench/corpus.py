"""Deterministic corpus generator for the benchmarks (issue 8, item 1).

Pure standard library. Everything comes from a seed through random.Random:
the same seed gives the same articles, byte for byte, on every machine.

    python -m bench.corpus feeds OUTDIR --feeds N --items M --seed S
    python -m bench.corpus articles OUTDIR --count N --seed S

and, from Python, ``articles(count, seed)`` yields dicts with ``title``,
``text``, ``published`` (an aware UTC datetime), ``source``, ``url`` and
``key``. ``articles(10, s)`` is the first ten of ``articles(1000, s)``.

The text is about 400 words per article, built from sentence templates
filled with people, organisations, places and time expressions (absolute
"on 12 March 2019", relative "on Tuesday", "last month", "at the end of
September"), so that entity and time extraction have real work to do. A
topic per article, Zipf-like choices of names and a long tail of rare words
and code names give full-text queries a wide range of selectivity. About
5% of the articles retell a recent story for another outlet a few hours or
days later, so story grouping and related links have something to find.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random
from typing import Iterator
from xml.sax.saxutils import escape

from . import words as W

# --------------------------------------------------------------------------
# Templates. Slots:
#   {P} {Q} people of the article   {O} {O2} organisations   {L} {L2} places
#   {D} a past time expression       {DF} a future one        {Mo} a month name
#   {X} {Y} nouns of the topic       {A} adjective            {said} reporting verb
#   {num} {n} {pct} {M} numbers and money                      {C} a rare code name
#   {R} a rare word                  {year} a past year       {year2} a future year
# --------------------------------------------------------------------------

LEADS = [
    "{P} {said} {D} that {O} would review its plans for {X} in {L}.",
    "{O} announced {D} that it would spend {M} on {X} over the next {n} years.",
    "Officials in {L} {said} {D} that talks with {O} on {X} had broken down.",
    "{P} met {Q} in {L} {D} to discuss {X}, the first such meeting in months.",
    "A report published by {O} {D} warned that {X} could cost {L} as much as {M}.",
    "{O} and {O2} signed an agreement in {L} {D} covering {X} and {Y}.",
    "The government in {L} approved a {A} plan on {X} {D}, after weeks of debate.",
    "{P} resigned as head of {O} {D}, citing disagreements over {X}.",
]

GENERAL = [
    "Speaking in {L} {D}, {P} {said} the decision on {X} was {A}.",
    "The figures, published by {O} {D}, showed that {X} had risen by {pct} in {L}.",
    "Critics, among them {P}, {said} the plan for {X} was {A} and came too late.",
    "According to {O}, about {num} people in {L} are affected by changes to {X}.",
    "{P}, who has led {O} since {year}, {said} the {A} approach to {X} had not worked.",
    "The debate over {X} began {D}, when {P} proposed a {A} overhaul of {Y}.",
    "Asked about {X}, {P} {said} only that {O} would respond {DF}.",
    "Residents of {L} have complained about {X} since {year}.",
    "The {A} proposal drew support from {O} but was rejected by {O2}.",
    "Similar measures were introduced in {L2} {D}, with mixed results.",
    "{Q}, {desc}, {said} the organisation welcomed the decision.",
    "{O} expects the cost of {X} to reach {M} {DF}.",
    "The last time {L} faced a comparable problem with {X} was in {year}.",
    "\"We cannot ignore {X} any longer,\" {P} {said}.",
    "\"This is a {A} moment for {X},\" {Q} {said}, adding that {O} would not wait for {L2}.",
    "In a statement, {O} {said} it was studying the proposal and would comment {DF}.",
    "Opposition politicians in {L} called for an inquiry into {X} {D}.",
    "{P} is expected to travel to {L2} {DF} for further talks with {Q}.",
    "The programme, known internally as {C}, was launched {D}.",
    "Analysts at {O} said the outlook for {X} depended on decisions taken in {L}.",
    "Shares in {O} fell {pct} after the announcement {D}.",
    "Earlier, {P} had described the state of {X} as {A}.",
    "The decision follows months of negotiations between {O} and the authorities in {L}.",
    "{O} said {D} that it had received more than {num} complaints about {X}.",
    "Since {year}, spending on {X} in {L} has more than doubled.",
    "{P} denied any wrongdoing and {said} {O} had acted within the rules.",
    "The committee, chaired by {P}, will publish its findings on {X} {DF}.",
    "Protesters gathered outside the offices of {O} in {L} {D}.",
    "It was not immediately clear how {Q} would respond.",
    "{P} first raised concerns about {X} {D}, in a letter to {O}.",
    "The agreement still needs the approval of {O} and of parliament in {L}.",
    "Experts quoted by {O} estimate that {pct} of the money spent on {X} in {L} is wasted.",
    "Neither {O} nor {O2} responded to requests for comment.",
    "Attendance at the meeting in {L} {D} was higher than expected, {P} {said}.",
    "The plan for {X} will be reviewed {DF}, {P} {said}.",
    "{P} said in an interview {D} that {L} could learn from {L2} on {X}.",
    "The dispute over {X} has strained relations between {L} and {L2} since {year}.",
    "Of the projects approved {D}, only {n} have been completed.",
    "Local media in {L} reported {D} that the {R} near the old town would close.",
    "The meeting took place in a former {R} on the edge of {L}.",
    "{P} grew up in {L} and worked for {O} before entering politics in {year}.",
    "A first draft of the rules on {X} was leaked to reporters {D}.",
    "{O} has set aside {M} for {Y}, a move {P} called {A}.",
    "The row over {X} is likely to dominate the summit in {L} {DF}.",
    "Talks between {P} and {Q} {D} ended without agreement on {Y}.",
    "{Q} {said} there was no link between {X} and the events in {L2} {D}.",
    "Under the new rules, {O} must report on {X} every {n} months.",
    "In {L}, where {X} has been a concern since the {decade}s, the reaction was muted.",
    "Documents seen by reporters show that {O} knew about the problems with {X} {D}.",
    "The mayor of {L} {said} the city could not afford {X} without help from {O}.",
    "Supporters of the plan point to {L2}, which adopted a similar approach to {X} in {year}.",
    "{P} and {Q} are due to meet again in {L} {DF}.",
]

TITLES = [
    "{L} to review {X} after {O} report",
    "{Ps} warns over {X}",
    "{O} plans {M} push on {X}",
    "Talks on {X} stall in {L}",
    "Why {X} matters for {L}",
    "{Acap} year ahead for {X}, says {O}",
    "{O} under pressure over {X}",
    "{L} and {L2} agree on {X}",
    "Inquiry into {X} opens in {L}",
    "{Ps} and {Qs} clash over {X}",
    "What the ruling against {O} means for {X}",
    "{Xcap} costs rise {pct} in {L}",
    "{L} residents protest against plans for {X}",
    "{O} names new head amid row over {X}",
    "Court ruling on {X} hits {O}",
    "{C}: inside the plan for {X} in {L}",
    "{Ps} defends {A} stance on {X}",
    "{O} and {O2} in talks on {X}",
    "{L} braces for {X} as {Mo} deadline nears",
    "{Xcap}: {L} looks to {L2} for answers",
    "{Ps} quits {O} over {X}",
    "New figures on {X} surprise {L}",
    "{O} accused of misleading public on {X}",
    "From {L} to {L2}: the fight over {X}",
    "{Xcap} back on the agenda in {L}",
    "{Ps} to visit {L} for talks on {X}",
]

_SLOT = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> tuple[str, tuple[str, ...], bool]:
    """A template as (positional format string, slot names, starts with a slot)."""
    parts = _SLOT.split(template)
    literals = [p.replace("{", "{{").replace("}", "}}") for p in parts[0::2]]
    return "{}".join(literals), tuple(parts[1::2]), parts[0] == ""


def _compile_all(templates: list[str]) -> list[tuple[str, tuple[str, ...], bool]]:
    return [_compile(t) for t in templates]


_LEADS = _compile_all(LEADS)
_GENERAL = _compile_all(GENERAL)
_TITLES = _compile_all(TITLES)
_TOPICS = [
    (name, nouns, _compile_all(templates), subs)
    for name, (nouns, templates, subs) in W.TOPICS.items()
]
_SUBS = _compile_all(W.SUBHEADINGS_GENERAL)

START = datetime(2016, 1, 1, tzinfo=timezone.utc)
SPAN_SECONDS = int((datetime(2025, 12, 31, tzinfo=timezone.utc) - START).total_seconds())

_SURNAME = {p: p.split()[-1] for p in W.PEOPLE}
_CODE_SPACE = 40_000  # distinct code names; Zipf-like use gives some that occur once


def _code_name(index: int) -> str:
    s = W.SYLLABLES
    k = len(s)
    a, b, c = s[index % k], s[(index // k) % k], s[(index // (k * k)) % k]
    if b == a:
        b = s[(index + 7) % k]
    word = (a + b + c) if index % 3 else (a + b)
    return "Project " + word.capitalize() if index % 2 else word.capitalize()


def _cast(pool: list[str], size: int, skew: float, r) -> list[str]:
    """Two or three distinct members of pool, Zipf-like: low indexes are frequent."""
    cast = list({pool[int(size * r() ** skew)]: None for _ in range(3)})
    while len(cast) < 2:
        extra = pool[int(size * r())]
        if extra not in cast:
            cast.append(extra)
    return cast


def _fmt_int(v: int) -> str:
    return f"{v:,}"


class _Article:
    """The state of one article while it is written: its cast and its date."""

    __slots__ = ("rng", "r", "pub", "topic", "people", "seen", "orgs", "places", "nouns", "slots")

    def __init__(self, rng: Random, pub: datetime, topic) -> None:
        self.rng = rng
        self.r = rng.random
        self.pub = pub
        self.topic = topic
        r = rng.random
        people = W.PEOPLE
        npeople = len(people)
        # Zipf-like: a few people are in many articles, most in few.
        self.people = _cast(people, npeople, 1.6, r)
        self.seen: set[str] = set()
        self.orgs = _cast(W.ORGS, len(W.ORGS), 1.4, r)
        self.places = _cast(W.PLACES, len(W.PLACES), 1.4, r)
        self.nouns = topic[1]
        self.slots = {
            "P": self.person, "Q": self.other_person, "Ps": self.surname, "Qs": self.other_surname,
            "O": self.org, "O2": self.other_org, "L": self.place, "L2": self.other_place,
            "D": self.past, "DF": self.future, "Mo": self.month, "X": self.noun, "Y": self.noun,
            "Xcap": self.noun_cap, "A": self.adj, "Acap": self.adj_cap, "said": self.said,
            "num": self.num, "n": self.small, "pct": self.pct, "M": self.money, "C": self.code,
            "R": self.rare, "year": self.year, "year2": self.year2, "decade": self.decade,
            "desc": self.desc, "km": self.km, "sea": self.sea, "eur": self.eur, "temp": self.temp,
            "score": self.score, "dd": self.day, "party": self.party,
        }

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def cast(self) -> list[tuple[str, str]]:
        """(name, label) of every person, organisation and place the article may name."""
        return ([(p, "PERSON") for p in self.people] + [(o, "ORG") for o in self.orgs]
                + [(p, "PLACE") for p in self.places])

    def randint(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo + 1))

    # ---- entities ---------------------------------------------------------
    def _mention(self, name: str) -> str:
        r = self.r()
        if name in self.seen:
            return _SURNAME[name] if r < 0.75 else name
        self.seen.add(name)
        if r < 0.35:
            return self.pick(W.ROLES) + " " + name
        return name

    # The cast is split in two: {P}, {O}, {L} draw from the first members,
    # {Q}, {O2}, {L2} are the last one, so one sentence never pits a name
    # against itself ("talks between Keller and Keller").
    def person(self) -> str:
        return self._mention(self.people[0] if self.r() < 0.6 else self.pick(self.people[:-1]))

    def other_person(self) -> str:
        return self._mention(self.people[-1])

    def surname(self) -> str:
        self.seen.add(self.people[0])
        return _SURNAME[self.people[0]]

    def other_surname(self) -> str:
        self.seen.add(self.people[-1])
        return _SURNAME[self.people[-1]]

    def org(self) -> str:
        return self.orgs[0] if self.r() < 0.6 else self.pick(self.orgs[:-1])

    def other_org(self) -> str:
        return self.orgs[-1]

    def place(self) -> str:
        return self.places[0] if self.r() < 0.6 else self.pick(self.places[:-1])

    def other_place(self) -> str:
        return self.places[-1]

    def desc(self) -> str:
        return self.pick(W.DESCRIPTIONS).replace("{O}", self.org())

    def party(self) -> str:
        return self.pick(W.PARTIES)

    # ---- time -------------------------------------------------------------
    def past(self) -> str:
        pub, pick, randint = self.pub, self.pick, self.randint
        k = int(self.r() * 16)
        if k < 4:  # a weekday of the last week
            day = pub - timedelta(days=randint(1, 6))
            return "on " + W.WEEKDAYS[day.weekday()]
        if k < 7:  # an absolute date
            day = pub - timedelta(days=randint(2, 1400))
            if day.year == pub.year and self.r() < 0.5:
                return f"on {day.day} {W.MONTHS[day.month - 1]}"
            return f"on {day.day} {W.MONTHS[day.month - 1]} {day.year}"
        if k == 7:
            return pick(("last week", "last month", "last year", "earlier this year",
                               "this week", "yesterday", "two days ago", "a fortnight ago"))
        if k == 8:
            day = pub - timedelta(days=randint(20, 300))
            return "in " + W.MONTHS[day.month - 1]
        if k == 9:
            day = pub - timedelta(days=randint(20, 300))
            return pick(("at the end of ", "at the beginning of ", "in early ", "in late ",
                               "in the middle of ")) + W.MONTHS[day.month - 1]
        if k == 10:
            return f"in {pick(W.MONTHS)} {pub.year - randint(1, 6)}"
        if k == 11:
            return f"in {pub.year - randint(1, 12)}"
        if k == 12:
            return pick(("in the spring", "in the summer", "in the autumn", "last winter",
                               "over the summer")) + pick(("", f" of {pub.year - randint(1, 4)}"))
        if k == 13:
            return f"{pick(('two', 'three', 'four', 'five', 'six', 'ten'))} {pick(('days', 'weeks', 'months', 'years'))} ago"
        if k == 14:
            day = pub - timedelta(days=randint(1, 6))
            return f"on {W.WEEKDAYS[day.weekday()]} {pick(('morning', 'afternoon', 'evening', 'night'))}"
        return f"in the {pick(('1970', '1980', '1990', '2000'))}s"

    def future(self) -> str:
        pub, pick, randint = self.pub, self.pick, self.randint
        k = int(self.r() * 9)
        if k == 0:
            return pick(("next week", "next month", "next year", "later this year",
                               "by the end of the year", "within two weeks", "in the coming days", "tomorrow"))
        if k == 1:
            day = pub + timedelta(days=randint(1, 6))
            return "on " + W.WEEKDAYS[day.weekday()]
        if k == 2:
            day = pub + timedelta(days=randint(5, 500))
            return f"on {day.day} {W.MONTHS[day.month - 1]} {day.year}"
        if k == 3:
            return f"by {pick(W.MONTHS)} {pub.year + randint(1, 3)}"
        if k == 4:
            return f"in {pub.year + randint(1, 10)}"
        if k == 5:
            day = pub + timedelta(days=randint(30, 200))
            return "at the end of " + W.MONTHS[day.month - 1]
        if k == 6:
            return f"before the summer of {pub.year + randint(0, 2)}"
        if k == 7:
            return f"in {pick(('two', 'three', 'six', 'eighteen'))} months"
        return "by " + pick(("spring", "the autumn", "Christmas", "the end of the decade"))

    def month(self) -> str:
        return W.MONTHS[(self.pub.month - 1 - self.randint(0, 3)) % 12]

    def year(self) -> str:
        return str(self.pub.year - self.randint(1, 25))

    def year2(self) -> str:
        return str(self.pub.year + self.randint(1, 15))

    def decade(self) -> str:
        return self.pick(("1960", "1970", "1980", "1990", "2000"))

    def day(self) -> str:
        return str(self.randint(1, 28))

    # ---- words and numbers -----------------------------------------------
    def noun(self) -> str:
        return self.pick(self.nouns)

    def noun_cap(self) -> str:
        x = self.noun()
        x = x[4:] if x.startswith("the ") else x
        return x[0].upper() + x[1:]

    def adj(self) -> str:
        return self.pick(W.ADJ)

    def adj_cap(self) -> str:
        return self.adj().capitalize()

    def said(self) -> str:
        return self.pick(W.SAID)

    def num(self) -> str:
        pick = self.pick
        v = int(10 ** (1 + 4 * self.r()))
        v = v if v < 1000 else v - v % 100
        return pick(("", "about ", "nearly ", "more than ", "")) + _fmt_int(v)

    def small(self) -> str:
        return str(self.randint(2, 12))

    def pct(self) -> str:
        r = self.r()
        return f"{int(1 + 400 * r * r) / 10:g} per cent"

    def money(self) -> str:
        pick, randint = self.pick, self.randint
        cur = pick(("€", "$", "£"))
        if self.r() < 0.5:
            return f"{cur}{randint(2, 900)} million"
        return f"{cur}{randint(11, 990) / 10:g} billion"

    def km(self) -> str:
        return _fmt_int(self.randint(40, 2400))

    def sea(self) -> str:
        return self.pick(W.SEAS)

    def eur(self) -> str:
        return str(self.randint(40, 600))

    def temp(self) -> str:
        return str(self.randint(33, 46))

    def score(self) -> str:
        return f"{self.randint(1, 5)}-{self.randint(0, 2)}"

    def code(self) -> str:
        return _code_name(int(_CODE_SPACE * self.r() ** 3))

    def rare(self) -> str:
        return W.RARE[int(len(W.RARE) * self.r() ** 2)]

    # ---- sentences --------------------------------------------------------
    def fill(self, template) -> str:
        fmt, names, cap = template
        slots = self.slots
        s = fmt.format(*[slots[n]() for n in names])
        return s[0].upper() + s[1:] if cap else s


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def _write(a: _Article, target_words: int) -> tuple[str, str]:
    """Return (title, text) of about target_words words; paragraphs split by blank lines."""
    rng, pick, randint = a.rng, a.pick, a.randint
    title = a.fill(pick(_TITLES))
    topic_templates = a.topic[2]
    paragraphs: list[str] = []
    sentences = [a.fill(pick(_LEADS))]
    count = sentences[0].count(" ") + 1
    per_paragraph = randint(2, 4)
    used = set()
    while count < target_words:
        if len(sentences) >= per_paragraph:
            paragraphs.append(" ".join(sentences))
            sentences = []
            per_paragraph = randint(2, 4)
            if len(paragraphs) == 3 and rng.random() < 0.35:
                sub = pick(a.topic[3]) if rng.random() < 0.5 else a.fill(pick(_SUBS))
                paragraphs.append(sub)
                count += sub.count(" ") + 1
        for _ in range(4):  # avoid repeating a template within one article
            t = pick(topic_templates) if rng.random() < 0.4 else pick(_GENERAL)
            if id(t) not in used:
                break
        used.add(id(t))
        s = a.fill(t)
        sentences.append(s)
        count += s.count(" ") + 1
    if sentences:
        paragraphs.append(" ".join(sentences))
    return title, "\n\n".join(paragraphs)


def _url(source: str, pub: datetime, title: str, seed: int, i: int) -> str:
    return f"https://example.org/{_slug(source)}/{pub:%Y/%m/%d}/{_slug(title)}-{seed}-{i}"


def _retell(a: _Article, text: str) -> str:
    """Another outlet's version of a story: most sentences kept, some reordered, a few new."""
    r, fill, pick = a.r, a.fill, a.pick
    out = []
    for para in text.split("\n\n"):
        if "." not in para:  # a subheading
            continue
        if r() < 0.15:
            continue
        sentences = para.split(". ")
        if len(sentences) > 2 and r() < 0.4:
            sentences[0], sentences[1] = sentences[1], sentences[0]
            sentences = [x if x.endswith(".") else x + "." for x in sentences]
            para = " ".join(sentences)
        if r() < 0.3:
            para += " " + fill(pick(_GENERAL))
        out.append(para)
    out.insert(1 if out else 0, fill(pick(_GENERAL)) + " " + fill(pick(a.topic[2])))
    return "\n\n".join(out)


def articles(count: int, seed: int = 0, *, words: int = 400,
             source: str | None = None, stories: float = 0.05) -> Iterator[dict]:
    """Yield ``count`` articles deterministically from ``seed``.

    Each is a dict: title, text, published (aware UTC datetime), source, url,
    key (unique within its source; the url). ``source`` fixes the outlet
    name, otherwise each article gets one of about 40 invented outlets.

    A share ``stories`` of the articles retell a recent one for another
    outlet a few hours or days later (same people, places and most
    sentences), so story grouping has work to do.
    """
    rng = Random(seed)
    topics = _TOPICS
    outlets = W.OUTLETS
    lo, hi = int(words * 0.85), int(words * 1.15)
    recent: list[tuple[_Article, str, datetime, str]] = []
    for i in range(count):
        if recent and rng.random() < stories:
            a, base_text, base_pub, base_src = recent[int(len(recent) * rng.random())]
            pub = base_pub + timedelta(seconds=rng.randrange(3600, 4 * 86400))
            a.pub = pub
            title = a.fill(a.pick(_TITLES))
            text = _retell(a, base_text)
            src = source or outlets[int(len(outlets) * rng.random())]
            if src == base_src and not source:
                src = outlets[(outlets.index(src) + 1) % len(outlets)]
        else:
            pub = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
            topic = topics[int(len(topics) * rng.random() ** 1.3)]
            a = _Article(rng, pub, topic)
            title, text = _write(a, rng.randint(lo, hi))
            src = source or outlets[int(len(outlets) * rng.random() ** 1.5)]
            if stories:
                recent.append((a, text, pub, src))
                if len(recent) > 50:
                    del recent[0]
        url = _url(src, pub, title, seed, i)
        yield {"title": title, "text": text, "published": pub, "source": src,
               "url": url, "key": url, "cast": a.cast()}


def known_entities(d: dict) -> tuple[list[tuple[int, int, str, str, str]], list[tuple[str, str, int, float]]]:
    """The entities the generator put in an article, from its own knowledge (no model).

    Returns (spans, infos): spans as (start, end, label, text, canonical name)
    over ``d["text"]``; infos as (name, label, mentions, salience), most
    salient first, with the salience formula of reader.nlp.entities (mentions
    relative to the most mentioned 0.45, in the title 0.3, how early 0.25).
    A person's surname alone counts as a mention of that person; "the" is
    not part of an organisation's name.
    """
    text, title = d["text"], d["title"]
    found: list[tuple[int, int, str, str, str]] = []
    for name, label in d["cast"]:
        canonical = name[4:] if name.startswith("the ") else name
        needles = [canonical]
        if label == "PERSON":
            needles.append(_SURNAME[name])
        for needle in needles:
            start = text.find(needle)
            while start >= 0:
                end = start + len(needle)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if not before.isalnum() and not after.isalnum():
                    found.append((start, end, label, needle, canonical))
                start = text.find(needle, end)
    # Longest first; a mention inside a longer one (surname in a full name,
    # a place in an organisation's name) is not a mention of its own.
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans: list[tuple[int, int, str, str, str]] = []
    last_end = -1
    for span in found:
        if span[0] >= last_end:
            spans.append(span)
            last_end = span[1]
    count: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for start, _end, label, _text, name in spans:
        key = (name, label)
        count[key] = count.get(key, 0) + 1
        first.setdefault(key, start)
    top = max(count.values(), default=1)
    length = max(len(text), 1)
    title_low = title.lower()
    infos = []
    for (name, label), n in count.items():
        in_title = name.lower() in title_low or (label == "PERSON" and _SURNAME.get(name, name).lower() in title_low)
        sal = 0.45 * n / top + 0.3 * in_title + 0.25 * (1.0 - first[(name, label)] / length)
        infos.append((name, label, n, round(min(1.0, max(0.0, sal)), 4)))
    infos.sort(key=lambda e: (-e[3], first[(e[0], e[1])], e[0]))
    return spans, infos


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def rss(items: list[dict], title: str, seed: int) -> str:
    """An RSS 2.0 document for the items, newest first, paragraphs as HTML."""
    items = sorted(items, key=lambda d: d["published"], reverse=True)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0">', "  <channel>",
           f"    <title>{escape(title)}</title>",
           f"    <link>https://example.org/{_slug(title)}/</link>",
           f"    <description>Generated benchmark feed (seed {seed}).</description>"]
    if items:
        out.append(f"    <lastBuildDate>{_rfc822(items[0]['published'])}</lastBuildDate>")
    for d in items:
        html = "".join(f"<p>{escape(p)}</p>" for p in d["text"].split("\n\n"))
        out += ["    <item>",
                f"      <title>{escape(d['title'])}</title>",
                f"      <link>{escape(d['url'])}</link>",
                f"      <guid>{escape(d['key'])}</guid>",
                f"      <pubDate>{_rfc822(d['published'])}</pubDate>",
                f"      <description>{escape(html)}</description>",
                "    </item>"]
    out += ["  </channel>", "</rss>", ""]
    return "\n".join(out)


def _rfc822(when: datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


def article_file(d: dict) -> str:
    """An article in the seed format: headers, a blank line, title, paragraphs."""
    return (f"Date: {d['published']:%Y-%m-%d}\nSource: {d['source']}\nURL: {d['url']}\n\n"
            f"{d['title']}\n\n{d['text']}\n")


def write_feeds(outdir: Path, feeds: int, items: int, seed: int) -> list[Path]:
    """Write feeds files of items each. The articles come from one stream and
    are dealt to the feeds in turn, so a story retold by another outlet
    usually lands in another feed."""
    outdir.mkdir(parents=True, exist_ok=True)
    n = len(W.OUTLETS)
    names = [W.OUTLETS[f % n] + (f" {f // n + 1}" if f >= n else "") for f in range(feeds)]
    batches: list[list[dict]] = [[] for _ in range(feeds)]
    for k, d in enumerate(articles(feeds * items, seed)):
        name = names[k % feeds]
        d["source"] = name
        d["url"] = d["key"] = _url(name, d["published"], d["title"], seed, k)
        batches[k % feeds].append(d)
    paths = []
    for f, (name, batch) in enumerate(zip(names, batches)):
        path = outdir / f"feed_{f:03d}.xml"
        path.write_text(rss(batch, name, seed), encoding="utf-8")
        paths.append(path)
    return paths


def write_articles(outdir: Path, count: int, seed: int) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, d in enumerate(articles(count, seed)):
        path = outdir / f"{i:06d}_{_slug(d['title'])[:40]}.txt"
        path.write_text(article_file(d), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("feeds", help="write N RSS files of M items")
    f.add_argument("outdir", type=Path)
    f.add_argument("--feeds", type=int, default=50)
    f.add_argument("--items", type=int, default=100)
    f.add_argument("--seed", type=int, default=0)
    a = sub.add_parser("articles", help="write N plain-text articles in the seed format")
    a.add_argument("outdir", type=Path)
    a.add_argument("--count", type=int, default=1000)
    a.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.cmd == "feeds":
        paths = write_feeds(args.outdir, args.feeds, args.items, args.seed)
        print(f"wrote {len(paths)} feeds of {args.items} items to {args.outdir}")
    else:
        paths = write_articles(args.outdir, args.count, args.seed)
        print(f"wrote {len(paths)} articles to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

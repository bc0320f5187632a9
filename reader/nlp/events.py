"""Events: statements of an article anchored to one normalised time.

An event is built from each specific DATE time expression (not the vague
PAST_REF / PRESENT_REF / FUTURE_REF, not values with unknown parts): its
sentence, trimmed to a readable gist, and the entities inside it.

Choices, and why:

- The gist drops the time expression itself when it only opens or closes
  the clause ("In April, the Czech Republic expelled ..." -> "The Czech
  Republic expelled ..."): the timeline shows the date beside it.  Relations
  such as "since the end of 2019" are kept, they change the meaning.
- "..., a NATO representative said on Wednesday": the date only dates the
  reporting.  The event is what was said; when that statement leans on the
  sentence before it ("They are spies"), the gist is taken from that
  sentence and the event's offsets cover both.
- A heading (a paragraph of one line with no final punctuation) that
  repeats a date also found in a sentence is dropped: the sentence says more.
- A sentence with two dates in two clauses gives each event its own clause
  ("This spring the Czech Republic expelled 18 diplomats, and Germany has
  accused the GRU ... before its election in September"); a later date in a
  subordinate part ("..., in their first summit since Biden took office in
  January") gets the part from the comma before it.
- A told sentence whose only date closes a definite noun phrase of happening
  ("Czech police said ... the suspects in the poisoning of Sergei Skripal in
  Salisbury in March 2018") dates that happening: "The poisoning of Sergei
  Skripal in Salisbury." (the nouns: reader.nlp.happenings, from TimeBank).

Which part of a sentence a date belongs to is reader.nlp.events_parts; how
an event is told (its gist) is reader.nlp.events_text. This module puts them
together (extract_events) and tells one event once (merge_same).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re

from reader.model import Event, Span, Timex
from reader.nlp.events_parts import (_SUB_CUT, _clause, _dated_noun, _own_part, _own_telling, _participle, _planned,
                                      _relative, _restrictive, _subclause, _told_happening)
from reader.nlp.events_text import _SAY, _WORD, _as_statement, _capital, _finish, _gist_without, _trim
from reader.nlp.sentences import sentences
from reader.nlp.when import display, interval, sort_key  # noqa: F401 (part of this module's API)

VERSION = "9"

# the reporting of a statement: "..., a NATO representative said on Wednesday"
_REPORT_BEFORE = re.compile(_SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in|late|early)?\s*$", re.I)
# the reporting clause at the end of a statement: ", a NATO representative said on"
_REPORT_TAIL = re.compile(r",?\s*(?:(?:an?|the)\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,6}?\s+" + _SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in)?\s*$", re.I)
_OPENING = re.compile(r"\W*(?:(?:in|on|at|during|by|from|since|early|late)\s+)?", re.I)
_REPORT_END = re.compile(r",\s*(?:[\w.'’-]+\s+){0,6}?" + _SAY + r"(?:\s+[\w.'’-]+){0,4}?\s*[.!?]?\s*$", re.I)
_REPORT_AFTER = re.compile(r"^\s*,?\s*(?:\w+\s+){0,2}?" + _SAY + r"\b", re.I)
_LEAN = re.compile(r"^\W*(?:they|it|this|these|that|those|he|she|we|the\s+move|the\s+measure|the\s+decision)\b", re.I)
# "joined the alliance after May 1997": the event is after that time
_AFTER = re.compile(r"\b(?:after|beyond)\s+$", re.I)
_BEFORE = re.compile(r"\bbefore\s+$", re.I)


def _heading(text: str, s: int, e: int) -> bool:
    """A line of its own with no final punctuation."""
    if text[e - 1] in ".!?\"'”’)…":
        return False
    before = text[max(0, s - 2):s]
    after = text[e:e + 2]
    return "\n" in text[s:e] or (s == 0 or "\n" in before) and (e == len(text) or "\n" in after)


_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_END = re.compile(r"\s*(?:to|until|till|through|and|[-–])\s*", re.I)
# the words a statement cut before another date's part may end on ("... would be charged over")
_DANGLING = re.compile(r"(?:[\s,;:–—-]+(?:over|for|of|in|on|at|to|with|by|from|about|before|after|since|when|while|"
                       r"which|who|that|the|a|an|and|or|but|as|its|their|his|her)\b)*[\s,;:–—-]*$", re.I)
_PART_BREAK = re.compile(r"(?:[,;:]|\s[–—-])\s*(?:(?:and|but)\s+)?$")
_FRONTED_PHRASE = re.compile(r"(?:in|on|at|during|after|before|from|by|with|under|for|since|amid|following)\b", re.I)
_INFINITIVE = re.compile(r"(?i:to)\s+(?!(?:the|a|an|its|his|her|their|this|that|these|those)\b)[a-z]+\b")


def _specific(t: Timex) -> bool:
    v = t.value
    if not v or v.endswith("_REF") or "X" in v or v.startswith("P"):
        return False
    return t.type in ("DATE", "TIME")


_DAYS = re.compile(r"P(\d+)([DW])")
_COUNT_PART = re.compile(r"\s+(after|before)\b", re.I)
_SPAN_BEFORE = re.compile(r"\b(?:for|within|in|over|than|wait|waited|waiting|until|till|up\s+to)\s+$", re.I)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
# a day that is a limit, not when something happened: "gave them until the end of Monday"
_DEADLINE_BEFORE = re.compile(r"\b(?:until|till|by|deadline\s+of)\s+(?:the\s+(?:end|close)\s+of\s+)?$", re.I)


def _counted_from(text: str, timexes: list[Timex], sents: list[tuple[int, int]]) -> list[Timex]:
    """Days counted from the day of their sentence, as dates of the part they open: in "Dawn
    Sturgess died on Sunday, eight days after she and her partner collapsed", the collapse
    is eight days before that Sunday. The time tagger keeps "eight days" a duration there,
    as TimeBank marks it ("two days later" it dates itself, from the day told before)."""
    # days written as days ("Sunday evening"), not a clock time put on the article's day ("6 a.m.")
    days = sorted((t for t in timexes if _DAY_VALUE.match(t.value) and (t.type == "DATE" or (
        t.type == "TIME" and not re.search(r"\d", t.text)))), key=lambda t: t.start)
    starts = [a for a, _ in sents]
    out = []
    for d in timexes:
        m = _DAYS.fullmatch(d.value) if d.type == "DURATION" and not d.mod else None
        w = _COUNT_PART.match(text, d.end) if m else None
        i = bisect.bisect_right(starts, d.start) - 1
        # after a comma (not "ten days before the shooting"), and not a span of time
        # ("must wait 30 days before closing", "within two days after")
        if (w is None or i < 0 or not re.search(r",\s*$", text[max(sents[i][0], d.start - 3):d.start])
                or _SPAN_BEFORE.search(text, max(0, d.start - 12), d.start)):
            continue
        s = sents[i][0]
        anchor = next((t for t in reversed(days) if s <= t.start and t.end <= d.start
                       and not _DEADLINE_BEFORE.search(text, max(s, t.start - 24), t.start)), None)
        if anchor is None:
            continue
        n = int(m[1]) * (7 if m[2] == "W" else 1)
        sign = -1 if w[1].lower() == "after" else 1
        day = _dt.date.fromisoformat(anchor.value[:10]) + _dt.timedelta(days=sign * n)
        # the counted day's part is what follows: "she and her partner collapsed ..."
        out.append(Timex(d.start, w.end(), text[d.start:w.end()], day.isoformat(), "", "DATE"))
    return out


def extract_events(text: str, dct: _dt.date, timexes: list[Timex], spans: list[Span]) -> list[Event]:
    """The article's events, in order of position.

    One event per distinct (sentence, value, mod); vague references are
    skipped; a heading that repeats a date of a sentence is dropped.
    """
    sents = sentences(text)
    starts = [a for a, _ in sents]
    stamped = set()  # sentences that carry a specific date of their own
    per_sentence: dict[int, list[Timex]] = {}
    # days counted from another come after the written dates: "a week before the election on
    # 26 September" is the date written
    for t in [*sorted(timexes, key=lambda t: t.start), *_counted_from(text, timexes, sents)]:
        if not _specific(t):
            continue
        i = bisect.bisect_right(starts, t.start) - 1
        if i < 0:
            continue
        per_sentence.setdefault(i, []).append(t)
        stamped.add(i)
    span_starts = sorted(spans, key=lambda sp: sp.start)
    sp_keys = [sp.start for sp in span_starts]

    def entities(a: int, b: int) -> list[str]:
        names: list[str] = []
        for sp in span_starts[bisect.bisect_left(sp_keys, a):bisect.bisect_left(sp_keys, b)]:
            if sp.end <= b and sp.label != "DATE":
                nm = sp.name or sp.text
                if nm not in names:
                    names.append(nm)
        return names

    cands: list[tuple[Event, int, Timex]] = []  # each event, the index of its sentence, its date
    headings: set[int] = set()  # the sentences that are headings
    for i in sorted(per_sentence):
        s, e = sents[i]
        if _heading(text, s, e):
            headings.add(i)
        seen: set[str] = set()
        first = len(cands)
        telling: tuple[Timex, str, str] | None = None  # the first day of telling put aside for another date
        for t in per_sentence[i]:
            value = t.value.split("T")[0] if t.type == "TIME" else t.value
            if value in seen:  # "Earlier Friday, ... on Friday": one event
                continue
            if any(o.end <= t.start and _RANGE_END.fullmatch(text, o.end, t.start)
                   and _RANGE_OPEN.search(text, max(s, o.start - 10), o.start) for o in per_sentence[i]):
                # "governed from 1998 to 2005": one time span, the event at its start
                continue
            seen.add(value)
            # "joined the alliance after May 1997": the event is after that time, not at it
            mod = t.mod
            if not mod and t.type == "DATE":  # "shortly before midnight" is still that day
                before_t = text[max(s, t.start - 12):t.start]
                mod = "AFTER" if _AFTER.search(before_t) else "BEFORE" if _BEFORE.search(before_t) else ""
            a, b = s, e
            before = text[s:t.start]
            after = text[t.end:e]
            opens = _OPENING.fullmatch(before) is not None
            reporting = _REPORT_BEFORE.search(before[-60:]) is not None or (
                opens and _REPORT_AFTER.match(after) is not None)
            if reporting and _own_telling(text, t, per_sentence[i]):
                # "... took effect six months after Washington announced it on 1 February":
                # the announcing is a happening of its own part, not the telling of the other date
                reporting = False
            if (reporting and telling is not None and not opens
                    and all(o.end <= t.start for o in per_sentence[i] if o.value != t.value)):
                # "Russia said on Saturday that it would expel ..., in a mirror image of the
                # measures London announced on Wednesday": a second telling with no date after
                # it tells none; the announcing is Wednesday's happening
                reporting = False
            if reporting and any(o is not t and o.value != t.value for o in per_sentence[i]):
                # "X happened in April, a spokesman said on Wednesday": the
                # sentence's event is April's; Wednesday only dates the telling
                # (unless every other date keeps to a part of its own: below)
                telling = telling or (t, value, mod)
                continue
            if reporting:
                statement = text[s:t.start]
                tail_at = max(0, len(statement) - 100)
                rm = _REPORT_TAIL.search(statement, tail_at)
                if rm:
                    statement = statement[:rm.start()]
                if (_LEAN.match(statement) and i > 0 and (i - 1) not in stamped
                        and "\n\n" not in text[sents[i - 1][1]:s]):
                    ps, pe = sents[i - 1]
                    gist = _finish(text[ps:pe])
                    a = ps
                else:
                    gist = _finish(statement) if len(statement.strip()) > 20 else _gist_without(text, s, e, t)
            else:
                # two dates in two clauses: each event is its own clause
                others = [o for o in per_sentence[i] if o.value.split("T")[0] != value]
                told = _told_happening(text, s, e, t) if not others else None
                if told is not None:
                    # "Czech police said ... the poisoning of Sergei Skripal in March 2018":
                    # March 2018 dates the poisoning, not the police's saying; the names of
                    # what is told stay with it (the suspects, the GRU said to be behind it),
                    # not the teller's
                    a, b, gist, told_from = told
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(told_from, e), start=a, end=b)
                    cands.append((ev, i, t))
                    continue
                np = (_dated_noun(text, s, e, t) or _participle(text, s, e, t)) if others else None
                if np is not None:
                    # "... after the 2014 blasts": the blasts are the 2014 event
                    a, b, gist = np
                    words = _WORD.findall(gist)
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(a, b), start=a, end=b)
                    cands.append((ev, i, t))
                    continue
                # a date inside a relative clause dates that clause, with or without another date
                rel = _relative(text, s, e, t, others) or (
                    (_restrictive(text, s, e, t) or _planned(text, s, e, t)) if not others else None)
                if rel is not None:
                    # "The Czech Republic, which expelled 18 diplomats in April, said ..."
                    a, b, gist = rel
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(a, b), start=a, end=b)
                    cands.append((ev, i, t))
                    continue
                cl = _clause(text, s, e, t, others) if others else None
                if cl is None and others:
                    cl = _own_part(text, s, e, t, others)
                if cl is None and others:
                    sub = _subclause(text, s, e, t, others)
                    if sub is not None:
                        # and up to the comma before the next date's part: "..., travelled to
                        # Salisbury on 3 March, | returned on Sunday, 4 March, ..."
                        nxt = min((o.start for o in others if o.start >= t.end), default=e)
                        ends = [m.start() for m in _SUB_CUT.finditer(text, t.end, nxt)]
                        cl = (sub, ends[-1] if ends and nxt < e else e)
                cs, ce = cl if cl else (s, e)
                # drop a closing ", a spokesman said (on Wednesday)."
                rt = _REPORT_END.search(text, max(t.end, ce - 120), ce)
                gist = _capital(_gist_without(text, cs, rt.start() if rt else ce, t))
                if cl and cs > s:
                    gist = _as_statement(text, s, cs, gist, t)
                if cl:
                    a, b = cs, ce
            words = _WORD.findall(gist)
            if len(words) < 2 or not any(w[0].islower() for w in words):
                # a dateline or a bare date says nothing that happened
                continue
            ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                       entities=entities(a, b), start=a, end=b)
            cands.append((ev, i, t))
        parts = [ev for ev, _k, _t in cands[first:]]
        # (not an infinitive: in "an attempt by four officers ..., to hack into ... in April" the
        # date is what was told)
        if telling and parts and all(ev.start > s and not _INFINITIVE.match(text, ev.start) for ev in parts):
            # "Macron said on Sunday that he knew Morrison had lied to him ... before Australia
            # joined the AUKUS pact in September": each other date dates a part of its own
            # (a clause after "before", "the attack in March 2018"), so what was told carries
            # no date but its telling: the statement is that day's event, up to those parts
            day, value, mod = telling
            b = min(ev.start for ev in parts)
            if day.end <= b and len(_WORD.findall(text, day.end, b)) >= 3:  # something told before those parts
                ev = Event(value=value, mod=mod, display=display(value, mod),
                           text=_trim(_finish(_DANGLING.sub("", text[s:b])), keep=day.text), entities=entities(s, b),
                           start=s, end=b)
                cands.append((ev, i, day))
        for x, _k, own in cands[first:]:
            # a part that runs on over the part of a later date ends where that part opens
            # ("they flew from Moscow to Gatwick on 2 March, | travelled to Salisbury on 3 March")
            later = [y.start for y, _k, _t in cands[first:] if y is not x and y.value != x.value
                     and own.end <= y.start < x.end and y.end <= x.end]
            if later:
                x.end = min(later)
                x.entities = entities(x.start, x.end)
                # and its gist stops there too, when it holds that part word for word and the
                # part opens after a comma or the like ("died in hospital on Sunday evening, |
                # eight days after ..."), and what is left is a clause, not a fronted phrase
                cut = x.text.find(text[x.end:x.end + 24].strip())
                head = _finish(_DANGLING.sub("", x.text[:cut])) if cut > 30 else ""
                if (head and _PART_BREAK.search(text, max(x.start, x.end - 8), x.end)
                        and len(_WORD.findall(head)) >= 4 and not (_FRONTED_PHRASE.match(head) and "," not in head)):
                    x.text = head
    # a heading repeating the date of a sentence says less than the sentence
    body_keys = {(ev.value, ev.mod) for ev, k, _t in cands if k not in headings}
    kept = [(ev, k) for ev, k, _t in cands if not (k in headings and (ev.value, ev.mod) in body_keys)]
    kept.sort(key=lambda item: item[0].start)
    return merge_same([ev for ev, _k in kept], [k for _ev, k in kept])


# --------------------------------------------------------------------------
# one event once

def _day(value: str) -> int | None:
    try:
        return _dt.date.fromisoformat(value[:10]).toordinal() if len(value) >= 10 else None
    except ValueError:
        return None


_LIGHT = frozenset("""that this with from have been were said says also they their there which what when will would
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december week weeks month months year years today yesterday tomorrow morning
    afternoon evening night""".split())  # time words: the times are compared on their own


def _gist_words(ev: Event) -> set[str]:
    """Content words of the gist, cut to five letters ("expelled", "expel"; "Russians", "Russian")."""
    return {w.lower()[:5] for w in _WORD.findall(ev.text) if len(w) > 3 and w.lower() not in _LIGHT}


def _near_in_time(a: Event, b: Event) -> bool:
    if a.mod != b.mod and a.mod and b.mod:
        return False
    if a.value == b.value:
        return True
    if len(a.value) < 10 or len(b.value) < 10:
        return False
    da, db = _day(a.value), _day(b.value)
    return da is not None and db is not None and abs(da - db) <= 1


def _same_words(a: Event, b: Event, wa: set[str], wb: set[str]) -> bool:
    """Many shared words, or some and a shared name; on days next to each other only many
    ("Baerbock plans to travel to Paris on Thursday to meet her French counterpart" and
    "Scholz is expected in Paris on Friday to meet President Emmanuel Macron" are two)."""
    if not wa or not wb:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    return overlap >= 0.5 or (overlap >= 0.25 and a.value == b.value and not set(a.entities).isdisjoint(b.entities))


def same_report(a: Event, b: Event) -> bool:
    """Two passages report one event: the same time (or days next to each
    other), and either a shared name with some shared words or many shared words."""
    return _near_in_time(a, b) and _same_words(a, b, _gist_words(a), _gist_words(b))


def merge_same(events: list[Event], sentences: list[int] | None = None) -> list[Event]:
    """One event once: a later passage reporting an earlier event joins it as evidence.
    Two times of one sentence (its index in ``sentences``), each in a part of its own, are
    two events: "declared them persona non grata on Sunday ..., a day after the Czech
    Republic expelled ..."."""
    out: list[Event] = []
    words: list[set[str]] = []
    where: list[int | None] = []
    for k, ev in enumerate(events):
        mine = None
        first = None
        here = sentences[k] if sentences is not None else None
        for o, wo, there in zip(out, words, where):
            if here is not None and here == there and o.value != ev.value and (o.end <= ev.start or ev.end <= o.start):
                continue
            if _near_in_time(o, ev):
                if mine is None:
                    mine = _gist_words(ev)
                if _same_words(o, ev, wo, mine):
                    first = o
                    break
        if first is None:
            out.append(ev)
            words.append(mine if mine is not None else _gist_words(ev))
            where.append(here)
            continue
        first.evidence.append((ev.start, ev.end))
        first.entities = list(dict.fromkeys(first.entities + ev.entities))
    return out

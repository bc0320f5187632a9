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
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re

from reader.model import Event, Span, Timex
from reader.nlp.sentences import sentences

VERSION = "2"
GIST_MAX = 140

_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SEASON = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_MOD_RANK = {"BEFORE": 0, "ON_OR_BEFORE": 0, "START": 1, "": 2, "APPROX": 2, "EQUAL_OR_LESS": 2,
             "LESS_THAN": 2, "MORE_THAN": 2, "EQUAL_OR_MORE": 2, "MID": 3, "END": 4,
             "ON_OR_AFTER": 5, "AFTER": 5}

_DAY_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_MONTH_RE = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_DECADE_RE = re.compile(r"^(\d{3})$")
_CENTURY_RE = re.compile(r"^(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_PART_RE = re.compile(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])$")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def display(value: str, mod: str = "") -> str:
    """A short readable form of a TIMEX3 value and modifier.

    Days "6 Oct 2021"; months "Apr 2021", "early/mid/late Sep 2021"; years
    "2018", "start of/mid/end of 2019"; "1980s", "20th century",
    "week 40, 2021", "summer 2021", "Q3 2021", "H1 2021"; "before 2018",
    "about 2018"; PAST_REF "the past", PRESENT_REF "now", FUTURE_REF "the future".
    """
    if value == "PAST_REF":
        return "the past"
    if value == "PRESENT_REF":
        return "now"
    if value == "FUTURE_REF":
        return "the future"
    m = _DAY_RE.match(value)
    if m:
        base = f"{int(m[3])} {_MONTH_ABBR[int(m[2]) - 1]} {m[1]}"
        if mod in ("START", "MID", "END"):
            return base + {"START": " (early)", "MID": " (midday)", "END": " (late)"}[mod]
        fine = {}
    elif (m := _MONTH_RE.match(value)):
        base = f"{_MONTH_ABBR[int(m[2]) - 1]} {m[1]}"
        fine = {"START": "early ", "MID": "mid ", "END": "late "}
    elif (m := _YEAR_RE.match(value)):
        base = m[1]
        fine = {"START": "start of ", "MID": "mid ", "END": "end of "}
    elif (m := _DECADE_RE.match(value)):
        base = f"{m[1]}0s"
        fine = {"START": "early ", "MID": "mid ", "END": "late "}
    elif (m := _CENTURY_RE.match(value)):
        base = f"{_ordinal(int(m[1]) + 1)} century"
        fine = {"START": "early ", "MID": "mid ", "END": "late "}
    elif (m := _WEEK_RE.match(value)):
        base = f"{'weekend' if m[3] else 'week'} {int(m[2])}, {m[1]}"
        fine = {"START": "early ", "MID": "mid ", "END": "late "}
    elif (m := _PART_RE.match(value)):
        part = m[2]
        base = f"{_SEASON[part]} {m[1]}" if part in _SEASON else f"{part} {m[1]}"
        fine = {"START": "early ", "MID": "mid ", "END": "late "}
    else:
        base = value
        fine = {}
    if mod in fine:
        return fine[mod] + base
    if mod == "APPROX":
        return "about " + base
    if mod in ("BEFORE", "LESS_THAN"):
        return "before " + base
    if mod in ("AFTER", "MORE_THAN"):
        return "after " + base
    if mod == "ON_OR_AFTER":
        return base + " or later"
    if mod == "ON_OR_BEFORE":
        return base + " or earlier"
    return base


def interval(value: str) -> tuple[int, int] | None:
    """First and last day (ordinals) of the period a value names."""
    d = _dt.date
    try:
        if (m := _DAY_RE.match(value)):
            o = d(int(m[1]), int(m[2]), int(m[3])).toordinal()
            return o, o
        if (m := _MONTH_RE.match(value)):
            y, mo = int(m[1]), int(m[2])
            a = d(y, mo, 1).toordinal()
            b = (d(y + 1, 1, 1) if mo == 12 else d(y, mo + 1, 1)).toordinal() - 1
            return a, b
        if (m := _YEAR_RE.match(value)):
            y = int(m[1])
            return d(y, 1, 1).toordinal(), d(y, 12, 31).toordinal()
        if (m := _DECADE_RE.match(value)):
            y = int(m[1]) * 10
            return d(max(y, 1), 1, 1).toordinal(), d(y + 9, 12, 31).toordinal()
        if (m := _CENTURY_RE.match(value)):
            y = int(m[1]) * 100
            return d(max(y, 1), 1, 1).toordinal(), d(y + 99, 12, 31).toordinal()
        if (m := _WEEK_RE.match(value)):
            a = d.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1).toordinal()
            return a, a + (1 if m[3] else 6)
        if (m := _PART_RE.match(value)):
            y, p = int(m[1]), m[2]
            months = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14),
                      "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12),
                      "H1": (1, 6), "H2": (7, 12)}[p]
            a = d(y, months[0], 1).toordinal()
            ye, me = y + (months[1] - 1) // 12, (months[1] - 1) % 12 + 1
            b = (d(ye + 1, 1, 1) if me == 12 else d(ye, me + 1, 1)).toordinal() - 1
            return a, b
    except ValueError:
        return None
    return None


def sort_key(event: Event) -> tuple:
    """Order events oldest first: by the period's position (START < MID < END
    within it), finer periods after the coarser ones that begin with them,
    then by position in the article."""
    iv = interval(event.value)
    if iv is None:
        big = 10**9 if event.value in ("PRESENT_REF", "FUTURE_REF") else -10**9
        if event.value == "FUTURE_REF":
            big += 1
        return (big, 0, 0, event.start)
    a, b = iv
    frac = {"START": 0.0, "MID": 0.5, "END": 0.9, "BEFORE": -0.01, "ON_OR_BEFORE": -0.01,
            "AFTER": 1.0, "ON_OR_AFTER": 1.0}.get(event.mod, None)
    point = a if frac is None else a + frac * (b - a)
    return (point, -(b - a), _MOD_RANK.get(event.mod, 2), event.start)


# --------------------------------------------------------------------------
# gists

# verbs of saying that a trailing date may belong to
_SAY = r"(?:said|says|say|told\s+\w+(?:\s+\w+)?|announced|reported|stated|added|declared|confirmed|explained|insisted|noted|warned|wrote|argued|claimed|tweeted|emphasi[sz]ed|stressed|commented|disclosed|revealed)"
_REPORT_BEFORE = re.compile(_SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in|late|early)?\s*$", re.I)
# the reporting clause at the end of a statement: ", a NATO representative said on"
_REPORT_TAIL = re.compile(r",?\s*(?:(?:an?|the)\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,6}?\s+" + _SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in)?\s*$", re.I)
_OPENING = re.compile(r"\W*(?:(?:in|on|at|during|by|from|since|early|late)\s+)?", re.I)
_REPORT_END = re.compile(r",\s*(?:[\w.'’-]+\s+){0,6}?" + _SAY + r"(?:\s+[\w.'’-]+){0,4}?\s*[.!?]?\s*$", re.I)
_REPORT_AFTER = re.compile(r"^\s*,?\s*(?:\w+\s+){0,2}?" + _SAY + r"\b", re.I)
_LEAN = re.compile(r"^\W*(?:they|it|this|these|that|those|he|she|we|the\s+move|the\s+measure|the\s+decision)\b", re.I)
# prepositions that only place an event in time: dropped with the date
_PLACE_PREP = re.compile(r"(?:\b(?:in|on|at|during|from|for)\s+|,\s*)$", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
_CLAUSE_CUT = re.compile(r"\s*(?:[;:]|,(?!\d)|\s[–—-]\s)\s*")
# boundaries between clauses that can each carry an event of their own:
# "This spring the Czech Republic expelled 18 diplomats, and Germany has
# accused the GRU ... before its election in September."
_CLAUSE_SPLIT = re.compile(r"\s*(?:;|:(?=\s)|,\s+(?:and|but|while|whereas|although|though|yet)\b|\s[–—]\s)\s*", re.I)


def _heading(text: str, s: int, e: int) -> bool:
    """A line of its own with no final punctuation."""
    if text[e - 1] in ".!?\"'”’)…":
        return False
    before = text[max(0, s - 2):s]
    after = text[e:e + 2]
    return "\n" in text[s:e] or (s == 0 or "\n" in before) and (e == len(text) or "\n" in after)


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r"^[,;:–—-]\s*", "", s)
    s = re.sub(r"\s*[,;:–—-]\s*$", "", s)
    return s


def _trim(s: str, limit: int = GIST_MAX) -> str:
    """Cut to the limit at a clause boundary, else at a word boundary."""
    if len(s) <= limit:
        return s
    best = -1
    for m in _CLAUSE_CUT.finditer(s, 0, limit):
        if m.start() >= 40:
            best = m.start()
    if best > 0:
        return s[:best].rstrip(" ,;:") + " …"
    cut = s.rfind(" ", 0, limit - 1)
    if cut < 40:
        cut = limit - 1
    return s[:cut].rstrip(" ,;:") + " …"


def _gist_without(text: str, s: int, e: int, t: Timex) -> str:
    """The sentence text[s:e] without the time expression when it opens or
    closes the sentence (with its preposition), and tidy."""
    head = text[s:t.start]
    tail = text[t.end:e]
    tail_stripped = tail.strip()
    at_end = re.fullmatch(r"[\s.!?\"'”’)]*", tail) is not None
    at_start = re.fullmatch(r"\W*(?:(?:in|on|at|during|by|from)\s+)?", head, re.I) is not None
    if at_end:
        pm = _PLACE_PREP.search(head)
        if pm or not head.strip():
            core = head[:pm.start()] if pm else head
            return _finish(core.rstrip(" ,") + tail_stripped[:1] if tail_stripped[:1] in ".!?" else core)
    if at_start and not re.match(r"['’]s\b|[-–—]", tail):  # not "Sunday's debate"
        rest = tail.lstrip(" ,")
        if rest:
            return _finish(rest[0].upper() + rest[1:])
    return _finish(text[s:e])


def _finish(s: str) -> str:
    s = _clean(s)
    if s and s[-1] not in ".!?\"'”’…)":
        s += "."
    return s


# --------------------------------------------------------------------------

def _clause(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> tuple[int, int] | None:
    """The clause of the sentence text[s:e] holding t, if it holds none of
    the other dates of the sentence; else None."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(text, s, e)]
    if not cuts:
        return None
    cs, ce = s, e
    for a, b in cuts:
        if b <= t.start:
            cs = b
        elif a >= t.end:
            ce = a
            break
        else:  # the boundary is inside the date
            return None
    if any(cs < o.end and o.start < ce for o in others):
        return None
    if len(_WORD.findall(text[cs:ce])) < 4:
        return None
    return cs, ce


_SUB_CUT = re.compile(r"\s*(?:[,;:]\s|\s[–—]\s)\s*")


def _subclause(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> int | None:
    """Where the part of the sentence text[s:e] about t begins when another
    date comes before it: after the last comma (or dash, semicolon) between
    that date and t.  "... met on Wednesday, in their first summit since
    Biden took office in January": January's part is "in their first
    summit since Biden took office"."""
    prev = min((o.end for o in others if o.end <= t.start), default=None)
    if prev is None:
        return None
    cut = None
    for m in _SUB_CUT.finditer(text, prev, t.start):
        cut = m.end()
    if cut is None or len(_WORD.findall(text[cut:e])) < 4:
        return None
    return cut


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:] if s[:1].islower() else s


def _specific(t: Timex) -> bool:
    v = t.value
    if not v or v.endswith("_REF") or "X" in v or v.startswith("P"):
        return False
    return t.type in ("DATE", "TIME")


def extract_events(text: str, dct: _dt.date, timexes: list[Timex], spans: list[Span]) -> list[Event]:
    """The article's events, in order of position.

    One event per distinct (sentence, value, mod); vague references are
    skipped; a heading that repeats a date of a sentence is dropped.
    """
    sents = sentences(text)
    starts = [a for a, _ in sents]
    stamped = set()  # sentences that carry a specific date of their own
    per_sentence: dict[int, list[Timex]] = {}
    for t in timexes:
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

    cands: list[tuple[Event, bool]] = []
    for i in sorted(per_sentence):
        s, e = sents[i]
        heading = _heading(text, s, e)
        seen: set[str] = set()
        for t in per_sentence[i]:
            value = t.value.split("T")[0] if t.type == "TIME" else t.value
            if value in seen:  # "Earlier Friday, ... on Friday": one event
                continue
            seen.add(value)
            a, b = s, e
            before = text[s:t.start]
            after = text[t.end:e]
            opens = _OPENING.fullmatch(before) is not None
            reporting = _REPORT_BEFORE.search(before[-60:]) is not None or (
                opens and _REPORT_AFTER.match(after) is not None)
            if reporting and any(o is not t and o.value != t.value for o in per_sentence[i]):
                # "X happened in April, a spokesman said on Wednesday": the
                # sentence's event is April's; Wednesday only dates the telling
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
                cl = _clause(text, s, e, t, others) if others else None
                if cl is None and others:
                    sub = _subclause(text, s, e, t, others)
                    if sub is not None:
                        cl = (sub, e)
                cs, ce = cl if cl else (s, e)
                # drop a closing ", a spokesman said (on Wednesday)."
                rt = _REPORT_END.search(text, max(t.end, ce - 120), ce)
                gist = _capital(_gist_without(text, cs, rt.start() if rt else ce, t))
                if cl:
                    a, b = cs, ce
            words = _WORD.findall(gist)
            if len(words) < 2 or not any(w[0].islower() for w in words):
                # a dateline or a bare date says nothing that happened
                continue
            ev = Event(value=value, mod=t.mod, display=display(value, t.mod), text=_trim(gist),
                       entities=entities(a, b), start=a, end=b)
            cands.append((ev, heading))
    # a heading repeating the date of a sentence says less than the sentence
    body_keys = {(ev.value, ev.mod) for ev, h in cands if not h}
    out = [ev for ev, h in cands if not (h and (ev.value, ev.mod) in body_keys)]
    out.sort(key=lambda ev: ev.start)
    return out

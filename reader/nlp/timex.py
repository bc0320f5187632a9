"""Time expressions (TIMEX3 DATEs) found in raw text and normalised against
the article's publication date.

How it works
------------
Each kind of expression is one rule: a regular expression with named groups
and a function that turns a match into a TIMEX3 (value, mod).  All rules are
also joined into one alternation (group names stripped) so the text is
scanned once; at each hit the rule's own pattern is re-matched at that
position to read its groups.  Rules are ordered longest form first, since an
alternation takes the first alternative that matches, not the longest.  The
rules live in four families, registered in this order (reader.nlp.timex_registry):
timex_dates, timex_periods, timex_relative, timex_years; this module is the
engine that compiles and runs them.

Relative expressions ("Friday", "in April", "the third quarter") are
resolved against the publication date, looking at the tense of the words
nearest the expression in its sentence: past tense picks the last such day
or month, future tense the next one, and with no cue the nearest one.
Anaphoric ones ("that year", "a year earlier", "the quarter") use the last
explicit reference seen in the article.

Values follow TimeML: 2021-10-06, 2021-10, 2021, 2021-W40, 2021-W40-WE,
2021-SU, 2021-Q3, 2021-H1, 198 (decade), 19 (century), PAST_REF,
PRESENT_REF, FUTURE_REF; mods START, MID, END, APPROX, ...

tag() then runs the passes of reader.nlp.timex_spans over what the rules
found: durations and sets, clock times standing alone, and the extents as
TimeBank marks them. The words and number readers both use are in
reader.nlp.timex_words; the tense and anchors a rule reads (_Ctx) in
reader.nlp.timex_context.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Callable

from reader.model import Timex
from reader.nlp import timex_dates, timex_periods, timex_relative, timex_years
from reader.nlp.timex_context import _Ctx
from reader.nlp.timex_dates import _prev_word
from reader.nlp.timex_registry import _RULES
from reader.nlp.timex_spans import _DUR_SET_WORDS, _clock_times, _durations_and_sets, _extents
from reader.nlp.timex_words import (_DECADE_WORDS, _MONTHS, _NUM_WORDS, _ORDINAL_DAYS, _SEASONS, _WEEKDAYS, WEEKDAY,
                                    _daynum, _pre_mod, _safe_date, date)
from reader.nlp.timex_years import _HOLIDAYS

VERSION = "timex-29"

# Imported in this order, the four families registered their rules in this order.
FAMILIES = (timex_dates, timex_periods, timex_relative, timex_years)


# --------------------------------------------------------------------------
# --------------------------------------------------------------------------
# compile: each rule alone, and all of them in one alternation

_NAMED = re.compile(r"\(\?P<\w+>")
_RULE_INDEX = {f"r{i}": i for i in range(len(_RULES))}
_YEAR_RANGE = _RULES.index(next(r for r in _RULES if r[0] == "year_range"))


@functools.cache
def _engine() -> tuple[list[tuple[str, re.Pattern, Callable]], re.Pattern]:
    """The rules compiled, alone and as one alternation: about 80 ms, so done on the first
    tag() rather than at import (reading VERSION, as analyse.version() does at every app
    start, then costs nothing)."""
    compiled = [(name, re.compile(p), fn) for name, p, fn in _RULES]
    master = re.compile("|".join(f"(?P<r{i}>{_NAMED.sub('(?:', p)})" for i, (_, p, _f) in enumerate(_RULES)))
    return compiled, master


def _apply(i: int, m: re.Match, ctx: _Ctx) -> list[Timex] | None:
    """Run rule i on its match; the timexes it yields, or None if it declines."""
    text = ctx.text
    name, _rx, fn = _engine()[0][i]
    b = m.start()
    if b > 4 and text[b - 1] == " " and text[b - 5:b - 1].lower() in ("very", "each") and _prev_word(text, b) in ("every", "each"):
        return None  # "each July", "every Monday": a SET, not a DATE
    if i == _YEAR_RANGE:
        y1 = int(m["y1"])
        y2s = m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
        if not y1 < y2 <= y1 + 100:
            return None
        mod = _pre_mod(m["pre"])
        s0 = m.start() if m["pre"] else m.start("y1")
        ctx.last_year = y2
        return [Timex(s0, m.end("y1"), text[s0:m.end("y1")], str(y1), mod),
                Timex(m.start("y2"), m.end("y2"), y2s, str(y2), "")]
    res = fn(m, ctx)
    if res is None:
        return None
    s, e = m.start(), m.end()
    value, mod = res[0], res[1]
    typ = res[2] if len(res) > 2 else "DATE"
    extra: list[Timex] = []
    if typ == "RANGE":
        # "April 24 and 25": the second day is a timex of its own
        typ = "DATE"
        e = m.end("d")
        v2 = value[:8] + f"{_daynum(m['d2']):02d}"
        if _safe_date(int(v2[:4]), int(v2[5:7]), int(v2[8:])):
            extra.append(Timex(m.start("d2"), m.end("d2"), m["d2"], v2, ""))
    span = text[s:e]
    if span.endswith(("'s", "’s")) and name in ("weekday", "dayrel"):
        e -= 2
        span = span[:-2]
    return [Timex(s, e, span, value, mod, typ)] + extra


# First words of every rule: the text is tokenised cheaply and the rules
# are tried only where one of these starts (digits always).  A full regex
# search over the text would cost ~20x more.  tests/test_timex.py checks
# that this gives exactly what the unfiltered scan gives.
_TRIGGERS = frozenset(
    list(_MONTHS) + list(_WEEKDAYS) + list(_NUM_WORDS) + list(_ORDINAL_DAYS) + list(_DECADE_WORDS)
    + list(_SEASONS) + [re.split(r"['’.\s]", h)[0] for h in _HOLIDAYS] + """
    the a an its their this that these last next past previous prior following coming current same
    early earlier late later mid middle end beginning start close turn dawn first second latter
    around about approximately circa sometime some nearly almost roughly more less over just only
    fiscal fy financial calendar model school crop tax year years month week quarter weekend
    today tonight yesterday tomorrow noon midnight right now currently presently nowadays present
    recently recent formerly lately previously long future foreseeable near immediate distant days weeks soon
    several few couple dozen pre post q h comparable corresponding latest most just final
    twentieth thirtieth hundred thousand new valentines""".split())
_TOKEN = re.compile(r"[A-Za-z]+|\d+|['’](?=\d)")


_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WRITTEN_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _scan(text: str, ctx: _Ctx, positions) -> list[Timex]:
    out: list[Timex] = []
    compiled, master = _engine()
    nrules = len(compiled)
    pos = 0
    for at in positions:
        if at < pos:
            continue
        mm = master.match(text, at)
        if mm is None:
            continue
        i = _RULE_INDEX[mm.lastgroup]
        got = _apply(i, compiled[i][1].match(text, at), ctx)
        # the first rule declined: give the later (shorter) rules a go here
        j = i + 1
        while got is None and j < nrules:
            m2 = compiled[j][1].match(text, at)
            if m2 is not None:
                got = _apply(j, m2, ctx)
            j += 1
        if not got:
            continue
        out.extend(got)
        pos = max(t.end for t in got)
        for t in got:
            wy = _WRITTEN_YEAR.search(t.text)
            if wy and t.value.startswith(wy[0]):
                ctx.written_year = (t.start, int(wy[0]))
            if _ISO_DAY.match(t.value):
                try:
                    ctx.days.append((t.start, date.fromisoformat(t.value[:10])))
                except ValueError:
                    pass
    return out


# Words that only ever open an expression ("the", "in", "early" ...): a
# position starting with one is tried only if a word that can carry an
# expression (a month, a number, "year", "now" ...) follows within 5 tokens.
_PREFIX_ONLY = frozenset("""
    the a an its their this that these around about approximately circa sometime some nearly almost
    roughly more less over just only early earlier late later mid middle end beginning start
    close turn dawn first second latter comparable corresponding same prior previous following
    latest most final fiscal fy financial calendar model school crop tax right long foreseeable
    near immediate distant several few couple dozen pre post new good as""".split())
_CORE = (_TRIGGERS - _PREFIX_ONLY) | frozenset(
    "half period ago ahead term date century centuries decade decades day morning night evening afternoon".split())
_TRIGGERS = _TRIGGERS | _CORE


_DIGIT_OK = re.compile(r"\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s*(?:[/:.]\d|-\d|[A-Z][a-z]{2}|(?i:days?\b|weeks?\b|months?\b|years?\b|decades?\b|quarters?\b|centur|a\.?m\b|p\.?m\b|[ap]\.m\.))")


def _trigger_positions(text: str, sink: list | None = None):
    """Positions where an expression may start; words of durations and sets
    ("years", "daily", "every") go to sink as (position, word) on the way."""
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    kinds = []
    trig, pre = _TRIGGERS, _PREFIX_ONLY
    for at, w in toks:
        c = w[0]
        if c.isdigit():
            # a year, or a small number before a month, a unit or a clock
            nd = len(w)
            if nd == 4:
                kinds.append(2 if 1600 <= int(w) <= 2099 else 0)
            elif nd <= 2 and _DIGIT_OK.match(text, at):
                kinds.append(2)
            else:
                kinds.append(0)
            continue
        if c in "'’":
            kinds.append(2)
            continue
        lw = w.lower()
        kinds.append(1 if lw in pre else 2 if lw in trig else 0)
        if sink is not None and lw in _DUR_SET_WORDS:
            sink.append((at, lw))
    n = len(toks)
    for k in range(n):
        kd = kinds[k]
        if kd == 2:
            yield toks[k][0]
        elif kd == 1:
            for j in range(k + 1, min(n, k + 6)):
                if kinds[j] == 2:
                    yield toks[k][0]
                    break


def tag(text: str, dct: _dt.date) -> list[Timex]:
    """Find DATE expressions in text, normalised against the publication date dct.

    Returns Timex objects sorted by start offset.  Clock times attached to a
    day ("10 p.m. Wednesday") come back with type "TIME".
    """
    if isinstance(dct, _dt.datetime):
        dct = dct.date()
    ctx = _Ctx(text, dct)
    words: list[tuple[int, str]] = []
    found = _durations_and_sets(text, _scan(text, ctx, _trigger_positions(text, words)), words)
    return _extents(_clock_times(text, dct, _appositions(text, found), ctx.sents), text)


_WEEKDAY_IN = re.compile(r"\b(" + WEEKDAY + r")\b")
_APPOSED = re.compile(r"\s*,\s*")
_DAY_BEFORE_APPOSED = re.compile(r"(?i:the\s+day\s+(?:before|after))\b")


def _appositions(text: str, found: list[Timex]) -> list[Timex]:
    """A weekday with the full date beside it ("by the end of Tuesday, 13
    March") is that date, whatever the tense around it said; so is "the day
    before X" set beside a date ("Oct. 12, the day before the plunge")."""
    out = list(found)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if (_DAY_BEFORE_APPOSED.match(b.text) and _ISO_DAY.match(a.value) and a.value != b.value
                and _APPOSED.fullmatch(text, a.end, b.start)):
            # "Eight trading days after Oct. 12, the day before the stock market plunge": the
            # day before the plunge is 12 October itself, not the day before it
            out[k + 1] = Timex(b.start, b.end, b.text, a.value[:10], b.mod, b.type)
            continue
        wd = _WEEKDAY_IN.search(a.text)
        if (wd is None or a.value == b.value or not _ISO_DAY.match(a.value) or not _ISO_DAY.match(b.value)
                or _WEEKDAY_IN.search(b.text) or not _APPOSED.fullmatch(text, a.end, b.start)):
            continue
        try:
            day = date.fromisoformat(b.value[:10])
        except ValueError:
            continue
        if day.weekday() == _WEEKDAYS[wd[1].lower()]:
            out[k] = Timex(a.start, a.end, a.text, b.value[:10] + a.value[10:], a.mod, a.type)
    return out


def _tag_unfiltered(text: str, dct: _dt.date) -> list[Timex]:
    """tag() trying every position: the reference the trigger filter must match."""
    if isinstance(dct, _dt.datetime):
        dct = dct.date()
    ctx = _Ctx(text, dct)
    words: list[tuple[int, str]] = []
    for _ in _trigger_positions(text, words):  # only to collect the duration and set words
        pass
    found = _durations_and_sets(text, _scan(text, ctx, range(len(text))), words)
    return _extents(_clock_times(text, dct, _appositions(text, found), ctx.sents), text)

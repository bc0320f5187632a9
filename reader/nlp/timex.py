"""Time expressions (TIMEX3 DATEs) found in raw text and normalised against
the article's publication date.

How it works
------------
Each kind of expression is one rule: a regular expression with named groups
and a function that turns a match into a TIMEX3 (value, mod).  All rules are
also joined into one alternation (group names stripped) so the text is
scanned once; at each hit the rule's own pattern is re-matched at that
position to read its groups.  Rules are ordered longest form first, since an
alternation takes the first alternative that matches, not the longest.

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
from reader.nlp.timex_context import (FUTURE, NONE, PAST, REPORT, _Ctx, _pick_day, _resolve_md, _resolve_month,
                                      _resolve_weekday)
from reader.nlp.timex_spans import _DUR_SET_WORDS, _clock_times, _durations_and_sets, _extents
from reader.nlp.timex_words import (_DECADE_WORDS, _MONTH_FULL, _MONTHS, _NUM_WORDS, _ORD, _ORDINAL_DAYS, _SEASONS,
                                    _TOD, _WEEKDAYS, DAYNUM, DAYWORD, MONTH, NUM, PRE, WEEKDAY, WEEKDAY_ABBR, YEAR4,
                                    YEARWORDS, _add_months, _clock_value, _daynum, _month, _num, _pre_mod, _quarter,
                                    _safe_date, _week, _year, _yearwords, date)

VERSION = "timex-27"

# --------------------------------------------------------------------------
# rules

Result = tuple[str, str] | tuple[str, str, str] | None  # (value, mod[, type])
_RULES: list[tuple[str, str, Callable[[re.Match, _Ctx], Result]]] = []


def rule(name: str, pattern: str):
    def deco(fn):
        _RULES.append((name, pattern, fn))
        return fn
    return deco


_B = r"(?<![\w$£€])"   # left boundary: not inside a word or an amount
_E = r"(?![\w])"       # right boundary


@rule("iso", _B + r"(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])" + _E)
def _r_iso(m, ctx):
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if not d:
        return None
    ctx.last_date = d
    return d.isoformat(), ""


@rule("slash", _B + r"(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)?\d\d)(?![\w/])")
def _r_slash(m, ctx):
    d = _safe_date(_year(m["y"], ctx.dct), int(m["m"]), int(m["d"]))
    if not d:
        return None
    return d.isoformat(), ""


# clock time + day: "4 a.m. EDT Thursday", "10 p.m. Wednesday": a TIME
_CLOCK = r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|noon|midnight|(?i:mid-?afternoon|mid-?morning|midday))(?:\s+(?:[A-Z]{2,4}T|GMT|UTC))?"


@rule("clock_day", _B + r"(?P<clock>" + _CLOCK + r")\s*,?\s+(?:on\s+)?(?:(?P<wd>" + WEEKDAY + r")|(?P<rel>(?i:today|tomorrow|yesterday|tonight))|(?P<mon>" + MONTH + r")\s+(?P<d>" + DAYNUM + r"))" + _E)
def _r_clock_day(m, ctx):
    if m["mon"]:
        d = _resolve_md(ctx, _month(m["mon"]), _daynum(m["d"]), m.start(), m.end())
        if d is None:
            return None
    elif m["wd"]:
        d = _resolve_weekday(ctx, _WEEKDAYS[m["wd"].lower()], m.start(), m.end())
    else:
        d = ctx.dct + _dt.timedelta(days={"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m["rel"].lower()])
    return d.isoformat() + _clock_value(m["clock"]), "", "TIME"


_WD_PREFIX = r"(?:(?P<wd>" + WEEKDAY + r"|" + WEEKDAY_ABBR + r")\s*,?\s+(?:the\s+)?)?"


@rule("mdy", _B + _WD_PREFIX + r"(?P<mon>" + MONTH + r")\s+(?P<d>" + DAYNUM + r"|" + DAYWORD + r")\s*,?\s*(?P<y>" + YEAR4 + r"|" + YEARWORDS + r")" + _E)
def _r_mdy(m, ctx):
    d = _safe_date(_year(m["y"], ctx.dct), _month(m["mon"]), _daynum(m["d"]))
    if not d:
        return None
    ctx.last_date = d
    ctx.last_year = d.year
    return d.isoformat(), ""


@rule("dmy", _B + _WD_PREFIX + r"(?P<d>" + DAYNUM + r"|" + DAYWORD + r")\s+(?:of\s+)?(?P<mon>" + MONTH + r")\s*,?\s*(?P<y>" + YEAR4 + r")" + _E)
def _r_dmy(m, ctx):
    d = _safe_date(int(m["y"]), _month(m["mon"]), _daynum(m["d"]))
    if not d:
        return None
    ctx.last_date = d
    ctx.last_year = d.year
    return d.isoformat(), ""


# "the week of March 6" (TimeBank: 2000-W10), "the week beginning 6 December"
@rule("week_of", _B + r"(?i:the\s+)?(?P<we>(?i:week|weekend))\s+(?i:of|beginning|starting|commencing|ending)\s+(?:"
      + WEEKDAY + r",?\s+)?(?:(?P<mon>" + MONTH + r")\s+(?P<d>" + DAYNUM + r")|(?P<d2>" + DAYNUM + r")\s+(?:of\s+)?(?P<mon2>"
      + MONTH + r"))(?:\s*,?\s*(?P<y>" + YEAR4 + r"))?" + _E)
def _r_week_of(m, ctx):
    mon, day = _month(m["mon"] or m["mon2"]), _daynum(m["d"] or m["d2"])
    d = _safe_date(int(m["y"]), mon, day) if m["y"] else _resolve_md(ctx, mon, day, m.start(), m.end())
    if d is None:
        return None
    return _week(d) + ("-WE" if m["we"].lower() == "weekend" else ""), ""


@rule("md", _B + _WD_PREFIX + r"(?P<mon>" + MONTH + r")\s+(?P<d>" + DAYNUM + r"|" + DAYWORD + r")(?:\s*(?:-|–|and|to|through|or)\s*(?P<d2>" + DAYNUM + r")(?!\s*(?:-|–|and|to|through|or)))?" + _E)
def _r_md(m, ctx):
    mon, day = _month(m["mon"]), _daynum(m["d"])
    d = _resolve_md(ctx, mon, day, m.start(), m.end())
    if d is None:
        return None
    if m["wd"]:
        # a weekday next to the date settles the year
        wd = _WEEKDAYS[m["wd"].lower().rstrip(".")]
        for y in (ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1):
            c = _safe_date(y, mon, day)
            if c and c.weekday() == wd and abs((c - ctx.dct).days) < 200:
                d = c
                break
    ctx.last_date = d
    if m["d2"]:
        return d.isoformat(), "", "RANGE"
    return d.isoformat(), ""


@rule("dm", _B + _WD_PREFIX + r"(?:the\s+)?(?P<d>" + DAYNUM + r"|" + DAYWORD + r")\s+(?:of\s+)?(?P<mon>" + MONTH + r")" + _E)
def _r_dm(m, ctx):
    d = _resolve_md(ctx, _month(m["mon"]), _daynum(m["d"]), m.start(), m.end())
    if d is None:
        return None
    ctx.last_date = d
    return d.isoformat(), ""


@rule("my", _B + PRE + r"?(?P<mon>" + MONTH + r")\s*,?\s+(?:of\s+)?(?:(?P<y>" + YEAR4 + r"|'\d\d|" + YEARWORDS + r")|(?P<rel>(?i:last|this|next|the\s+previous|the\s+following|that))\s+(?i:year))" + _E)
def _r_my(m, ctx):
    if m["y"]:
        y = _year(m["y"], ctx.dct)
    else:
        rel = m["rel"].lower()
        y = ctx.dct.year + (-1 if rel in ("last", "the previous") else 1 if rel in ("next", "the following") else 0)
        if rel == "that" and ctx.last_year:
            y = ctx.last_year
    ctx.last_year = y
    ctx.last_month = (y, _month(m["mon"]))
    return f"{y}-{_month(m['mon']):02d}", _pre_mod(m["pre"])


# a month on its own.  "May" and "March" are also words: they need a
# preposition or modifier before them.
_PREV_WORD = re.compile(r"([A-Za-z]+)\W{0,3}$")
_MONTH_PREPS = frozenset("in since until till by from through during before after of between and or to".split())


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text, max(0, pos - 16), pos)
    return m.group(1).lower() if m else ""


@rule("month", _B + PRE + r"?(?P<rel>(?i:last|this|next|this\s+past|this\s+coming|past|coming)\s+)?(?P<mon>" + _MONTH_FULL + r"|(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)" + r"(?!\s*\d|\s*,?\s*(?:of\s+)?(?:'\d|(?i:last|this|next|that)\s+year))" + _E)
def _r_month(m, ctx):
    mon_s = m["mon"]
    prep = _prev_word(m.string, m.start())
    prep = prep if prep in _MONTH_PREPS else ""
    if mon_s.lower() in ("may", "march") and not (prep or m["pre"] or m["rel"]):
        return None
    mon = _month(mon_s)
    dct = ctx.dct
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("last", "this past", "past"):
        # "last April" said in October is this year's; "last February" said
        # in March is a year ago (the month just gone would be "last month")
        y = dct.year if mon < dct.month - 1 else dct.year - 1
    elif rel in ("next", "this coming", "coming"):
        y = dct.year if mon > dct.month else dct.year + 1
    elif rel == "this":
        y = dct.year
    elif prep == "since":
        y = dct.year if mon <= dct.month else dct.year - 1
    elif prep in ("by", "until", "till") and ctx.tense(m.start(), m.end()) != FUTURE:
        # a deadline: the coming one unless that is far off
        y = dct.year if mon >= dct.month - 1 else dct.year + 1
    elif (ctx.written_year is not None and ctx.sentence(ctx.written_year[0]) == ctx.sentence(m.start())
          and ctx.tense(m.start(), m.end()) != FUTURE):
        # "killed in the first blast on 16 October 2014, and a second
        # explosion followed in December": the year just written out
        y = ctx.written_year[1]
    else:
        y = _resolve_month(ctx, mon, m.start("mon"), m.end())
    ctx.last_year = y
    ctx.last_month = (y, mon)
    return f"{y}-{mon:02d}", _pre_mod(m["pre"])


_SEASON = r"(?P<season>(?i:spring|summer|autumn|fall|winter))"


@rule("season", _B + PRE + r"?(?P<rel>(?i:last|this|next|this\s+past|this\s+coming|past|coming|the|early|late)\s+)" + _SEASON + r"(?:\s+(?:of\s+)?(?P<y>" + YEAR4 + r"|" + YEARWORDS + r"))?" + _E)
def _r_season(m, ctx):
    s = _SEASONS[m["season"].lower()]
    dct = ctx.dct
    rel = m["rel"].lower().strip()
    cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(dct.month, "FA")
    order = ["WI", "SP", "SU", "FA"]
    mod = _pre_mod(m["pre"]) or ({"early": "START", "late": "END"}.get(rel, ""))
    if m["y"]:
        y = _year(m["y"], dct)
    elif rel in ("last", "past", "this past"):
        y = dct.year if order.index(s) < order.index(cur) else dct.year - 1
    elif rel in ("next", "coming", "this coming"):
        y = dct.year if order.index(s) > order.index(cur) else dct.year + 1
    else:
        y = dct.year
        if rel in ("the", "early", "late"):
            t = ctx.tense(m.start(), m.end())
            if t == PAST and order.index(s) > order.index(cur):
                y -= 1
            elif t == FUTURE and order.index(s) < order.index(cur):
                y += 1
    return f"{y}-{s}", mod


@rule("season_in", _B + r"(?:(?P<pre>(?i:early|late|mid)(?:\s*-\s*|\s+)))?" + _SEASON + r"(?:\s+(?:of\s+)?(?P<y>" + YEAR4 + r"))?" + _E)
def _r_season_in(m, ctx):
    # a bare season name is a time only after a preposition: "in summer"
    if _prev_word(m.string, m.start()) not in ("in", "during", "since", "until", "by", "through"):
        return None
    s = _SEASONS[m["season"].lower()]
    y = int(m["y"]) if m["y"] else ctx.dct.year
    return f"{y}-{s}", _pre_mod(m["pre"])


# quarters and halves
_QWORD = r"(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last))"


def _quarter_year(ctx: _Ctx, q: int, start: int, end: int) -> int:
    """Year of quarter q named without a year: a quarter after the current
    one is last year's when reported on or in past tense, the coming one in
    future tense; with no cue, whichever is nearer (a tie keeps this year's)."""
    y, cq = _quarter(ctx.dct)
    if q > cq:
        t = ctx.tense(start, end)
        if t in (PAST, REPORT) or (t == NONE and q - cq > 4 - (q - cq)):
            y -= 1
    return y


@rule("quarter_of", _B + PRE + r"?(?P<det>(?i:the|its|their|a|this|last|next)\s+)?(?:(?P<y1>" + YEAR4 + r")\s+|(?P<fisc>(?i:fiscal|financial)[- ]))?(?:(?P<fisc2>(?i:fiscal|financial)[- ]))?" + _QWORD + r"(?:[- ]|\s+(?i:fiscal\s+))(?P<unit>(?i:quarter|half|period))(?!\s+of\s+(?:the\s+)?(?:['’]?\d0['’]?s|\d{3}0['’]?s|(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|decade|century)))(?:\s+(?i:of|in|for)\s+(?:(?i:fiscal\s+))?(?P<y2>" + YEAR4 + r"|" + YEARWORDS + r")|(?:\s+(?i:of|in))?\s+(?P<rel>(?i:last|this|next))\s+year)?" + _E)
def _r_quarter(m, ctx):
    q = _ORD[m["q"].lower()]
    unit = m["unit"].lower()
    if unit == "period":
        unit = "quarter"
    dct = ctx.dct
    if m["y1"] or m["y2"]:
        y = _year(m["y1"] or m["y2"], dct)
    elif m["rel"]:
        y = dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    else:
        y = dct.year
        det = (m["det"] or "").lower().strip()
        if det == "last":
            y -= 1
        elif det == "next":
            y += 1
        elif unit == "quarter" and not (m["fisc"] or m["fisc2"]):
            # "fourth-quarter profit rose" in March: 2012-Q4
            y = _quarter_year(ctx, q, m.start(), m.end())
        elif unit == "half" and q == 2 and dct.month <= 6 and ctx.tense(m.start(), m.end()) in (PAST, REPORT):
            y -= 1  # "the second half" reported on in the first half: last year's
    if unit == "half":
        v = f"{y}-H{min(q, 2)}"
    else:
        v = f"{y}-Q{q}"
        cy, cq = _quarter(ctx.dct)
        if (y, q) < (cy, cq):
            # only a completed quarter can be the one being reported on
            ctx.last_quarter = (y, q)
    ctx.fin = True
    return v, _pre_mod(m["pre"])


@rule("quarter_poss", _B + r"(?P<rel>(?i:last|this|next))\s+year['’]s\s+(?:" + _QWORD + r"[- ])?(?P<unit>(?i:quarter|half|period))" + _E)
def _r_quarter_poss(m, ctx):
    y = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    if m["q"]:
        q = _ORD[m["q"].lower()]
    elif ctx.last_quarter:
        q = ctx.last_quarter[1]
    else:
        q = _quarter(ctx.dct)[1]
    if m["unit"].lower() == "half":
        return f"{y}-H{min(q, 2)}", ""
    return f"{y}-Q{q}", ""


@rule("q_abbr", _B + r"(?:(?P<q>Q[1-4])\s*(?:(?P<y>" + YEAR4 + r")|'(?P<yy>\d\d))?|(?P<h>H[12])\s*(?P<hy>" + YEAR4 + r"))" + _E)
def _r_q_abbr(m, ctx):
    if m["h"]:  # "H1 2013"; a bare "H1" is too often something else
        return f"{m['hy']}-{m['h']}", ""
    if m["y"]:
        y = int(m["y"])
    elif m["yy"]:
        y = _year(m["yy"], ctx.dct)
    else:
        y = _quarter_year(ctx, int(m["q"][1]), m.start(), m.end())
    return f"{y}-{m['q']}", ""


_LONG_PERIOD = re.compile(r"(?i)\b(?:nine|six|first\s+(?:nine|six)|12|twelve)\s+months\b|\b(?:first|second)\s+half\b|\b(?:fiscal|full|calendar)\s+year\b")


# "the year-earlier quarter", "the year-ago period", "a year earlier"
@rule("year_ago_q", _B + r"(?P<det>(?i:the|a|its)\s+)?(?P<adj>(?i:comparable|corresponding|same)\s+)?(?i:year[- ](?:earlier|ago)|prior[- ]year|previous[- ]year|year[- ]before)(?:\s+(?:" + _QWORD + r"[- ])?(?P<unit>(?i:quarter|period|half)))?" + _E)
def _r_year_ago_q(m, ctx):
    if not m["unit"] and re.search(r"(?i)\sbefore$", m.group()) and re.match(r"\s+(?!(?:and|or|but|to|in|at|on|for|with|from|was|were|is|had|has)\b)[\w$]", m.string[m.end():m.end() + 4]):
        # "more than a year before the vote": a preposition, "a year" a duration
        return None
    if not m["unit"] and re.match(r"(?i)\s+(?:nine|six|three|twelve|\d+)\s+months\b", m.string[m.end():m.end() + 16]):
        return None  # "the year-earlier nine months": a period (DURATION)
    if not m["unit"] and ctx.fin:
        # a year-earlier figure beside a nine-month or full-year figure is
        # last year's, not the quarter's
        s, e = ctx.sentence(m.start())
        if _LONG_PERIOD.search(ctx.text, s, m.start()):
            return str(ctx.dct.year - 1), ""
    if m["unit"] or ctx.fin:
        if m["q"]:
            q = _ORD[m["q"].lower()]
            y = ctx.dct.year - 1
        elif ctx.last_quarter:
            y, q = ctx.last_quarter
            y -= 1
        else:
            y, q = _quarter(ctx.dct)
            q -= 1
            if q == 0:
                y, q = y - 1, 4
            y -= 1
        return f"{y}-Q{q}", ""
    if ctx.last_year and re.match(r"(?i)the\s+(?:year\s+before|previous\s+year|prior\s+year)$", m.group()):
        # "... last year, down from $450 million the year before": anaphoric
        return str(ctx.last_year - 1), ""
    return str(ctx.dct.year - 1), ""


@rule("same_period_last_year", _B + r"(?i:the\s+(?:same|corresponding|comparable)\s+(?P<unit>period|quarter|half|months?)\s+(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior)\s+year))" + _E)
def _r_same_period_last_year(m, ctx):
    """'the same period last year': the quarter reported on, a year back."""
    unit = m["unit"].lower()
    y0 = ctx.dct.year - 1
    if unit == "half":
        h = 1 if ctx.dct.month > 6 else 2
        return (f"{y0}-H{h}" if h == 1 else f"{y0 - 1}-H2"), ""
    if unit.startswith("month"):
        if ctx.last_month:
            return f"{ctx.last_month[0] - 1}-{ctx.last_month[1]:02d}", ""
        y, mo = _add_months(ctx.dct.year, ctx.dct.month, -13)
        return f"{y}-{mo:02d}", ""
    if ctx.last_quarter:
        y, q = ctx.last_quarter
    else:
        y, q = _quarter(ctx.dct)
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return f"{y - 1}-Q{q}", ""


_ENDED_RE = re.compile(r"\s+(?:ended|ending)\s+(?:on\s+)?(?P<mon>" + MONTH + r")\s+(?P<d>" + DAYNUM + r")")


@rule("the_period", _B + r"(?P<det>(?i:the|this|that|its|the\s+latest|the\s+current|the\s+most\s+recent|the\s+same|the\s+recent|the\s+just[- ]ended|the\s+latest\s+fiscal))\s+(?P<unit>(?i:quarter|period))(?!\s+(?i:of|century|hour|mile|point|percent))" + _E)
def _r_the_period(m, ctx):
    det = m["det"].lower()
    unit = m["unit"].lower()
    if unit == "quarter":
        # "the quarter ended Sept. 30", no quarter named before: the calendar
        # quarter holding most of the three months up to that day (a quarter
        # named before, perhaps a fiscal one, is the one reported on)
        end = _ENDED_RE.match(m.string, m.end())
        if end and ctx.last_quarter is None:
            mon, day = _month(end["mon"]), _daynum(end["d"])
            dct = ctx.dct
            y = dct.year if (mon, day) <= (dct.month, dct.day) else dct.year - 1
            d = _safe_date(y, mon, day)
            if d is not None:
                y, q = _quarter(d - _dt.timedelta(days=45))
                ctx.fin = True
                ctx.last_quarter = (y, q)
                return f"{y}-Q{q}", ""
    if unit == "period" and not ctx.fin:
        return None
    if "current" in det or (det == "this" and unit == "quarter"):
        y, q = _quarter(ctx.dct)
    elif ctx.last_quarter:
        y, q = ctx.last_quarter
    else:
        if not ctx.fin and unit == "quarter" and det in ("the", "that", "its"):
            return None
        y, q = _quarter(ctx.dct)
        q -= 1
        if q == 0:
            y, q = y - 1, 4
    return f"{y}-Q{q}", ""


@rule("the_year_period", _B + r"(?P<det>(?i:the))\s+(?P<y>" + YEAR4 + r")\s+(?P<unit>(?i:period|quarter))" + _E)
def _r_year_period(m, ctx):
    y = int(m["y"])
    if m["unit"].lower() == "quarter" and ctx.last_quarter:
        return f"{y}-Q{ctx.last_quarter[1]}", ""
    return str(y), ""


# decades and centuries
@rule("decade", _B + PRE + r"?(?:(?P<the>(?i:the))\s+)?(?P<pre3>(?i:early|late|mid)(?:\s*-\s*|\s+))?(?:(?P<dig>(?:1[5-9]|20)\d0)['’]?s|['’](?P<dd>\d0)['’]?s|(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))" + _E)
def _r_decade(m, ctx):
    if m["word"] and not m["the"] and not m["pre"]:
        return None  # "in his forties" is an age
    if m["dig"]:
        v = m["dig"][:3]
    else:
        if m["dd"]:
            d = int(m["dd"][0])
        else:
            d = _DECADE_WORDS[m["word"].lower()]
        c = ctx.dct.year // 100
        if c * 100 + d * 10 > ctx.dct.year:
            c -= 1
        v = f"{c}{d}"
    return v, _pre_mod(m["pre"]) or _pre_mod(m["pre3"])


@rule("century", _B + PRE + r"?(?:(?i:the)\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[- ](?i:century)" + _E)
def _r_century(m, ctx):
    n = int(m["n"])
    return f"{n - 1:02d}", _pre_mod(m["pre"])


@rule("this_century", _B + r"(?P<rel>(?i:this|last|next|the\s+last|the\s+next))\s+(?P<unit>(?i:century|decade))" + _E)
def _r_this_century(m, ctx):
    rel = m["rel"].lower()
    k = 0 if rel == "this" else 1 if "next" in rel else -1
    if m["unit"].lower() == "century":
        return f"{ctx.dct.year // 100 + k:02d}", ""
    return f"{ctx.dct.year // 10 + k}", ""


# relative days
_DAYREL = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2}


# parts of the day: "Friday night", "yesterday morning", "tonight" are TIMEs
# in TimeML (2021-10-01TNI), not DATEs


def _with_tod(d: date, tod: str | None, mod: str) -> Result:
    if tod:
        return d.isoformat() + _TOD[tod.strip().lower()], mod, "TIME"
    return d.isoformat(), mod


@rule("dayrel", _B + PRE + r"?(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)))(?:['’]s)?(?P<tod>\s+(?i:morning|afternoon|evening|night))?" + _E)
def _r_dayrel(m, ctx):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    tod = m["tod"]
    if rel == "tonight":
        rel, tod = "today", tod or "night"
    elif rel == "last night":
        rel, tod = "yesterday", "night"
    elif rel.startswith("this "):
        if tod:
            return None
        rel, tod = "today", rel[5:]
    d = ctx.dct + _dt.timedelta(days=_DAYREL[rel])
    ctx.last_date = d
    return _with_tod(d, tod, _pre_mod(m["pre"]))


@rule("anaphoric_day", _B + r"(?P<pre>(?i:earlier|later|early|late)\s+)?(?P<rel>(?i:the\s+following|the\s+next|the\s+previous|that|the\s+same|that\s+same))\s+(?P<unit>(?i:day|morning|afternoon|evening|night))" + _E)
def _r_anaphoric_day(m, ctx):
    """'the next day', 'that night', 'earlier that day': relative to the
    last day mentioned; nothing without one."""
    if ctx.last_date is None:
        return None
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    k = 1 if rel in ("the following", "the next") else -1 if rel == "the previous" else 0
    d = ctx.last_date + _dt.timedelta(days=k)
    ctx.last_date = d
    return d.isoformat(), _pre_mod(m["pre"])


@rule("day_before", _B + r"(?i:the\s+day\s+(?P<dir>before|after))(?!\s+(?:that|when|it|he|she|they|we)\b)" + _E)
def _r_day_before(m, ctx):
    """'the day before the vote', 'the day after': the day before / after the
    last day mentioned (the event's, in news); nothing without one."""
    ref = _anchor_day(ctx, m.end()) or ctx.last_date
    if ref is None:
        return None
    d = ref + _dt.timedelta(days=-1 if m["dir"].lower() == "before" else 1)
    return d.isoformat(), ""


_ANCHOR_NOUN = re.compile(r"\s+(?:the|this|that|its|their|his|her)\s+([a-z]{3,})\b")


def _anchor_day(ctx: _Ctx, at: int) -> date | None:
    """The day of the event named right after text[:at] ("the day after the
    vote"): a day given in the last earlier sentence that names it ("voted",
    "vote"), the nearest one there to the mention."""
    m = _ANCHOR_NOUN.match(ctx.text, at)
    if not m or not ctx.days:
        return None
    stem = m[1][:max(4, len(m[1]) - 2)]
    for w in reversed(list(re.compile(r"(?i)\b" + re.escape(stem) + r"\w*").finditer(ctx.text, 0, max(0, at - 14)))):
        s, e = ctx.sentence(w.start())
        inside = [(abs(p - w.start()), d) for p, d in ctx.days if s <= p < e]
        if inside:
            return min(inside, key=lambda x: x[0])[1]
    return None


@rule("weekday", _B + PRE + r"?(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|past|coming)\s+)?(?P<wd>" + WEEKDAY + r")(?:['’]s)?(?P<tod>\s+(?i:morning|afternoon|evening|night))?" + _E)
def _r_weekday(m, ctx):
    rel = re.sub(r"\s+", " ", (m["rel"] or "").strip().lower())
    wd = _WEEKDAYS[m["wd"].lower()]
    if rel in ("the previous", "the following") and ctx.last_date:
        # anaphoric: the Friday before / after the day just mentioned
        ref = ctx.last_date
        if rel == "the previous":
            d = ref - _dt.timedelta(days=(ref.weekday() - wd) % 7 or 7)
        else:
            d = ref + _dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
        ctx.last_date = d
        return _with_tod(d, m["tod"], _pre_mod(m["pre"]))
    d = _resolve_weekday(ctx, wd, m.start(), m.end(), rel)
    ctx.last_date = d
    return _with_tod(d, m["tod"], _pre_mod(m["pre"]))


# N units ago / earlier / later / from now
@rule("ago", _B + r"(?P<approx>(?i:about|nearly|almost|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?(?P<n>" + NUM + r")\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?|centuries|century|quarters?))\s+(?P<dir>(?i:ago|from\s+now|hence|(?:earlier|before|later|after)(?!\s+(?i:than|that|when|the|it|he|she|they|we|this|his|her|its|their))))" + _E)
def _r_ago(m, ctx):
    n = _num(m["n"])
    if n is None:
        return None
    if re.match(r"(?i)several|a\s+few|a\s+couple|some", m["n"]) and m["dir"].lower() in ("ago", "from now", "hence"):
        # "several years ago": TimeML leaves the vague count vague
        return ("PAST_REF" if m["dir"].lower() == "ago" else "FUTURE_REF"), ""
    unit = m["unit"].lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    dirw = m["dir"].lower()
    if dirw in ("before", "after") and re.match(r"\s*[\w$]", m.string[m.end():m.end() + 3]):
        # "a month after Qantas suspended ...": a preposition, the span a duration
        return None
    sign = -1 if dirw in ("ago", "earlier", "before") else 1
    ref = ctx.dct
    if dirw not in ("ago", "from now", "hence") and unit in ("day", "week"):
        # "two days later", "a week earlier": from the day just mentioned;
        # with none, TimeBank marks the duration ("three days"), not a date
        if ctx.last_date is None:
            return None
        d = ctx.last_date + _dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        if unit == "day":
            ctx.last_date = d
            return d.isoformat(), ""
        return _week(d), ""
    approx = (m["approx"] or "").lower().strip()
    mod = "APPROX" if approx in ("about", "nearly", "almost", "some", "roughly", "around") else ""
    if approx.startswith("more") or approx == "over":
        mod = "MORE_THAN" if sign < 0 else ""
    if approx.startswith("less"):
        mod = "LESS_THAN"
    if unit == "day":
        return (ref + _dt.timedelta(days=sign * n)).isoformat(), mod
    if unit == "week":
        return _week(ref + _dt.timedelta(weeks=sign * n)), mod
    if unit == "month":
        y, mo = ref.year, ref.month
        if dirw != "ago" and not dirw.endswith(("now", "hence")) and ctx.last_month and not ctx.fin:
            y, mo = ctx.last_month  # "a month later": from the month just mentioned
        y, mo = _add_months(y, mo, sign * n)
        return f"{y}-{mo:02d}", mod
    if unit == "quarter":
        y, q = _quarter(ref)
        i = y * 4 + q - 1 + sign * n
        return f"{i // 4}-Q{i % 4 + 1}", mod
    if unit == "year":
        y = ref.year + sign * n
        if n == 1 and dirw in ("earlier", "ago") and ctx.fin and ctx.last_quarter:
            return f"{ctx.last_quarter[0] - 1}-Q{ctx.last_quarter[1]}", mod
        if dirw != "ago" and not dirw.endswith(("now", "hence")) and ctx.last_year and not ctx.fin:
            # "five years later", "two years earlier": from the year just mentioned
            y = ctx.last_year + sign * n
        return str(y), mod
    if unit == "decade":
        return str((ref.year + sign * 10 * n) // 10), mod
    if unit == "century":
        return f"{(ref.year + sign * 100 * n) // 100:02d}", mod
    return None


# last/this/next week, month, year, weekend, quarter; "earlier this year"
@rule("unitrel", _B + PRE + r"?(?P<rel>(?i:this\s+past|this\s+coming|last|this|next|the\s+past|the\s+last|the\s+coming|the\s+next|the\s+current|the\s+previous|the\s+following|the\s+same|current|coming|past|previous|that|the\s+prior|the\s+latest))\s+(?P<unit>(?i:week|month|year|weekend|quarter|fiscal\s+year|calendar\s+year|school\s+year))(?![- ](?i:old|long|high|low|term|period|average))" + _E)
def _r_unitrel(m, ctx):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower().split()[-1]
    if rel.startswith(("the ", "this ")):
        rel2 = rel.split(" ", 1)[1]
    else:
        rel2 = rel
    k = {"last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0,
         "same": 0, "latest": -1, "next": 1, "coming": 1, "following": 1, "that": 0}[rel2]
    dct = ctx.dct
    mod = _pre_mod(m["pre"])
    # "the past year" / "the last week" are durations ending now; TimeML gives
    # them the previous unit, as for "last".
    if rel2 in ("following", "same", "that") or (
            rel in ("the previous", "the prior") and not ctx.fin
            and (ctx.last_date or ctx.last_month or ctx.last_year)):
        # anaphoric: relative to the last date mentioned
        ref = ctx.last_date or dct
        if unit == "year" and ctx.last_year and rel2 != "same":
            base_y = ctx.last_year
        else:
            base_y = ref.year
        if unit == "year":
            return str(base_y + k), mod
        if unit == "month":
            ry, rm = ctx.last_month or (ref.year, ref.month)
            y, mo = _add_months(ry, rm, k)
            return f"{y}-{mo:02d}", mod
        if unit in ("week", "weekend"):
            return _week(ref + _dt.timedelta(weeks=k)) + ("-WE" if unit == "weekend" else ""), mod
        y, q = _quarter(ref)
        return f"{y}-Q{q}", mod
    if rel2 == "latest" and unit != "quarter":
        k = 0
    if unit == "year":
        ctx.last_year = dct.year + k
        return str(dct.year + k), mod
    if unit == "month":
        y, mo = _add_months(dct.year, dct.month, k)
        return f"{y}-{mo:02d}", mod
    if unit == "week":
        return _week(dct + _dt.timedelta(weeks=k)), mod
    if unit == "weekend":
        if k == 0:
            # "this weekend": the coming one unless it is already over
            ref = dct if dct.weekday() >= 5 or ctx.tense(m.start(), m.end()) != PAST else dct - _dt.timedelta(days=7)
            return _week(ref) + "-WE", mod
        return _week(dct + _dt.timedelta(weeks=k)) + "-WE", mod
    # quarter
    if rel2 == "latest" and ctx.last_quarter:
        y, q = ctx.last_quarter
        return f"{y}-Q{q}", mod
    y, q = _quarter(dct)
    i = y * 4 + q - 1 + k
    return f"{i // 4}-Q{i % 4 + 1}", mod


@rule("the_year", _B + r"(?:(?P<pre>(?i:earlier|later|early|late))\s+in\s+)?(?i:the)\s+(?P<kind>(?i:full|fiscal|current|calendar|whole|entire)\s+)?(?i:year)(?!\s*(?:-|–|\d|ago|earlier|before|after|later|of\b|in\b|to\b|that\b|when\b|for\b|2000))" + _E)
def _r_the_year(m, ctx):
    if re.match(r"\s+(?:ended|ending)\b", m.string[m.end():m.end() + 8]):
        # "the year ended March 31": a twelve-month period (TimeBank: 4 of 5 a DURATION)
        return ("P1Y", "", "DURATION") if not m["pre"] else None
    if not (m["pre"] or m["kind"]):
        # a bare "the year" is this year only in a financial report's
        # "for the year", "during the year"
        if not (ctx.fin and _prev_word(m.string, m.start()) in ("for", "during", "through", "in")):
            return None
    y = ctx.dct.year
    kind = (m["kind"] or "").strip().lower()
    if not m["pre"] and kind in ("", "full", "whole", "entire", "fiscal", "calendar"):
        # the year being reported on: that of the quarter just reported, or
        # last year when reported early in the year ("profit for the full
        # year" in March)
        if ctx.last_quarter:
            y = ctx.last_quarter[0]
        elif ctx.dct.month < 4 and ctx.tense(m.start(), m.end()) in (PAST, REPORT):
            y -= 1
    return str(y), _pre_mod(m["pre"])


@rule("the_week", _B + r"(?i:the)\s+(?i:week)(?=['’]s\b|\s*,)" + _E)
def _r_the_week(m, ctx):
    # "For the week, the index dropped 3.8%", "the week's most active session": the
    # week being reported on (TimeBank: 3 of 3 on the tuning part), that of the last
    # day named before ("Friday's close", in a report of Monday)
    before = [d for at, d in ctx.days if at < m.start()]
    return _week(before[-1] if before else ctx.dct), ""


@rule("the_weekend", _B + r"(?i:the|this)\s+(?i:weekend)" + _E)
def _r_the_weekend(m, ctx):
    dct = ctx.dct
    t = ctx.tense(m.start(), m.end())
    if dct.weekday() >= 5:
        ref = dct
    elif t == FUTURE:
        ref = dct
    else:
        ref = dct - _dt.timedelta(days=7)
    return _week(ref) + "-WE", ""


@rule("yearend", _B + PRE + r"?(?P<which>(?i:year|year['’]s|month|week|quarter))[- ]?(?P<e>(?i:end|start|beginning))" + _E)
def _r_yearend(m, ctx):
    dct = ctx.dct
    unit = m["which"].lower().rstrip("'’s")
    mod = "END" if m["e"].lower() == "end" else "START"
    if unit == "year":
        y = dct.year
        if ctx.tense(m.start(), m.end()) == PAST and dct.month < 4:
            y -= 1
        return str(y), mod
    if unit == "month":
        return f"{dct.year}-{dct.month:02d}", mod
    if unit == "week":
        return _week(dct), mod
    y, q = _quarter(dct)
    return f"{y}-Q{q}", mod


def _shifted(dct, unit: str, k: int) -> str:
    """The value of the month, week, decade, century or quarter k units from dct's."""
    if unit == "month":
        y, mo = _add_months(dct.year, dct.month, k)
        return f"{y}-{mo:02d}"
    if unit == "week":
        return _week(dct + _dt.timedelta(weeks=k))
    if unit == "decade":
        return str(dct.year // 10 + k)
    if unit == "century":
        return f"{dct.year // 100 + k:02d}"
    y, q = _quarter(dct)
    i = y * 4 + q - 1 + k
    return f"{i // 4}-Q{i % 4 + 1}"


@rule("end_of_the", _B + r"(?P<pre>(?i:(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|first\s+half|second\s+half|rest|remainder|balance)\s+of))\s+(?P<det>(?i:the|this|last|next))\s+(?P<unit>(?i:year|month|week|quarter|decade|century))" + _E)
def _r_end_of_the(m, ctx):
    dct = ctx.dct
    det = m["det"].lower()
    unit = m["unit"].lower()
    k = {"the": 0, "this": 0, "last": -1, "next": 1}[det]
    pre = m["pre"].lower()
    mod = _pre_mod(pre)
    if "rest" in pre or "remainder" in pre or "balance" in pre:
        mod = "END"
    if unit == "year":
        y = dct.year
        v = str(y + k)
        if "first half" in pre:
            return f"{y + k}-H1", ""
        if "second half" in pre:
            return f"{y + k}-H2", ""
        return v, mod
    return _shifted(dct, unit, k), mod


@rule("early_rel", _B + r"(?P<pre>(?i:early|late|mid|earlier|later))(?:\s*-\s*|\s+)(?P<rel>(?i:this|next|last))\s+(?P<unit>(?i:week|month|year|decade|century|quarter))" + _E)
def _r_early_rel(m, ctx):
    dct = ctx.dct
    k = {"this": 0, "next": 1, "last": -1}[m["rel"].lower()]
    unit = m["unit"].lower()
    mod = _pre_mod(m["pre"])
    if unit == "year":
        return str(dct.year + k), mod
    return _shifted(dct, unit, k), mod


@rule("early_weekday", _B + r"(?P<pre>(?i:early|late|earlier|later))\s+(?P<wd>" + WEEKDAY + r")" + _E)
def _r_early_weekday(m, ctx):
    d = _resolve_weekday(ctx, _WEEKDAYS[m["wd"].lower()], m.start(), m.end())
    return d.isoformat(), _pre_mod(m["pre"])


# holidays
def _easter(y: int) -> date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _nth_weekday(y: int, mon: int, wd: int, n: int) -> date:
    if n > 0:
        d = date(y, mon, 1)
        d += _dt.timedelta(days=(wd - d.weekday()) % 7)
        return d + _dt.timedelta(weeks=n - 1)
    d = date(y + (mon == 12), mon % 12 + 1, 1) - _dt.timedelta(days=1)
    return d - _dt.timedelta(days=(d.weekday() - wd) % 7)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas": lambda y: date(y, 12, 25),
    "new year's eve": lambda y: date(y, 12, 31),
    "new year's day": lambda y: date(y, 1, 1),
    "valentine's day": lambda y: date(y, 2, 14),
    "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "easter sunday": _easter,
    "easter": _easter,
    "good friday": lambda y: _easter(y) - _dt.timedelta(days=2),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + _dt.timedelta(days=1),
    "veterans day": lambda y: date(y, 11, 11),
    "boxing day": lambda y: date(y, 12, 26),
    "may day": lambda y: date(y, 5, 1),
    "st. patrick's day": lambda y: date(y, 3, 17),
    "saint patrick's day": lambda y: date(y, 3, 17),
    "april fools' day": lambda y: date(y, 4, 1),
    "earth day": lambda y: date(y, 4, 22),
    "groundhog day": lambda y: date(y, 2, 2),
    "flag day": lambda y: date(y, 6, 14),
    "canada day": lambda y: date(y, 7, 1),
    "bastille day": lambda y: date(y, 7, 14),
    "armistice day": lambda y: date(y, 11, 11),
    "remembrance day": lambda y: date(y, 11, 11),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "columbus day": lambda y: _nth_weekday(y, 10, 0, 2),
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    "palm sunday": lambda y: _easter(y) - _dt.timedelta(days=7),
    "ash wednesday": lambda y: _easter(y) - _dt.timedelta(days=46),
    "maundy thursday": lambda y: _easter(y) - _dt.timedelta(days=3),
    "holy thursday": lambda y: _easter(y) - _dt.timedelta(days=3),
    "easter monday": lambda y: _easter(y) + _dt.timedelta(days=1),
}
_HOL_RE = "|".join(re.escape(h).replace("'", "['’]?").replace(r"\ ", r"\s+") for h in sorted(_HOLIDAYS, key=len, reverse=True))


@rule("holiday", _B + r"(?P<rel>(?i:last|next|this)\s+)?(?P<h>(?i:" + _HOL_RE + r"))(?:\s+(?P<y>" + YEAR4 + r"))?" + _E)
def _r_holiday(m, ctx):
    h = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
    if "'" not in h:
        for k in _HOLIDAYS:
            if k.replace("'", "") == h:
                h = k
                break
    if h not in _HOLIDAYS:
        return None
    # "Christmas" and "Easter" must be capitalised
    if not m["h"][0].isupper():
        return None
    if h == "easter" and re.match(r"\s+week", m.string[m.end():m.end() + 6]):
        return None
    fn = _HOLIDAYS[h]
    if m["y"]:
        d = fn(int(m["y"]))
    else:
        rel = (m["rel"] or "").strip().lower()
        y = ctx.dct.year
        cands = [fn(y - 1), fn(y), fn(y + 1)]
        if rel == "last":
            d = max(c for c in cands if c < ctx.dct)
        elif rel == "next":
            d = min(c for c in cands if c > ctx.dct)
        elif rel == "this":
            d = fn(y)
        else:
            d = _pick_day(ctx.dct, cands, ctx.tense(m.start(), m.end()))
    ctx.last_date = d
    return d.isoformat(), ""


@rule("easter_week", _B + r"Easter\s+week" + _E)
def _r_easter_week(m, ctx):
    d = _pick_day(ctx.dct, [_easter(ctx.dct.year - 1), _easter(ctx.dct.year), _easter(ctx.dct.year + 1)],
                  ctx.tense(m.start(), m.end()))
    return _week(d - _dt.timedelta(days=1)), ""  # the week leading up to Easter Sunday


# years
@rule("year_range", _B + PRE + r"?(?P<y1>" + YEAR4 + r")\s*(?:-|–|—|/|\bto\b|\bthrough\b)\s*(?P<y2>(?:1[6-9]|20)?\d\d)(?![\d,]\d|\s*%)" + _E)
def _r_year_range(m, ctx):
    # handled specially in tag(): split into two timexes
    return None


@rule("fiscal_year", _B + PRE + r"?(?P<fy>(?i:fiscal(?:\s+year)?|FY|financial\s+year|calendar(?:\s+year)?|model\s+year|the\s+year|school\s+year|crop\s+year|tax\s+year))\s*(?P<y>" + YEAR4 + r"|'\d\d|\d\d(?=\W)|" + YEARWORDS + r")" + _E)
def _r_fiscal_year(m, ctx):
    y = _year(m["y"], ctx.dct)
    ctx.last_year = y
    return str(y), _pre_mod(m["pre"])


@rule("yearwords", _B + PRE + r"?(?P<y>" + YEARWORDS + r")" + _E)
def _r_yearwords(m, ctx):
    y = _yearwords(m["y"])
    if y is None or not (1600 <= y <= 2099):
        return None
    # "nineteen twenty" could be a count; require a capital or a preposition
    ctx.last_year = y
    return str(y), _pre_mod(m["pre"])


# a year right after a proper name is part of a name: "the NATO 2030 agenda",
# "a joint venture called Orion 1980", "Euro 2020" (TimeML: temporal
# expressions inside names are not markable).  Capitalised words that may
# stand before a year in their own right (a sentence opening "In 1990",
# a month, a season, a holiday, a title-case heading "Plans For 2021") are
# not names.
_NAME_BEFORE_YEAR = re.compile(r"(?<![\w.'’-])([A-Z][A-Za-z&]*|[A-Z]{2,}\d*)[ \u00a0]$")
_NOT_NAMES = frozenset("""
    in on at by for from to since until till through throughout during before after of and or
    but nor yet so as than then the a an this that these those its his her their our my your
    early late mid around about approximately circa some sometime nearly almost roughly over under
    beyond within into toward towards between against without with per via like unlike not only
    even also just still again back until when while if unless because whereas although though
    once every each all any no last next since ended ending ends end beginning start starting
    fiscal year calendar class summer spring autumn fall winter christmas easter midsummer
    ad bc ce bce fy is was are were be been will would may might can could should must has have had
    do does did says said say here there where which who what how why whose both either neither
    """.split()) | frozenset(_MONTHS) | frozenset(_WEEKDAYS)


@rule("year", _B + PRE + r"?(?P<y>" + YEAR4 + r")(?:\s+(?P<bc>(?i:and\s+beyond|or\s+later|or\s+earlier|onwards?)))?" + _E)
def _r_year(m, ctx):
    y = int(m["y"])
    text = m.string
    if not m["pre"]:
        nm = _NAME_BEFORE_YEAR.search(text, max(0, m.start() - 30), m.start())
        if nm and nm.group(1).lower() not in _NOT_NAMES:
            return None
    # not an amount, a count or a part of a number: "1,500", "$2000",
    # "2000 people" is hard to tell from "in 2000 people..." -- we reject a
    # year followed by a plural noun-ish word only for round numbers.
    after = text[m.end():m.end() + 20]
    before = text[max(0, m.start() - 12):m.start()]
    if re.match(r"\s*(?:-|–)?\s*(?i:years?|yards?|feet|foot|meters?|metres?|miles?|km|kilometers?|tons?|tonnes?|pounds|dollars|yen|marks|francs|shares|barrels|acres|points|people|troops|soldiers|workers|jobs|employees|students|members|units|cars|vehicles|calories|degrees|hours|seconds|pages|ounces|euros|won|copies|votes|residents|refugees|cases|deaths|times|rpm|mph|b\.c|bc\b|a\.d|ad\b|miles|m\b|kg\b|cc\b|lbs?\b|x\b)", after):
        if not re.match(r"\s*(?i:b\.c|bc\b|a\.d|ad\b)", after):
            return None
    if re.search(r"(?i)(?:\bno\.|\bnumber|\broute|\bflight|\bpage|\bsection|\bfigure|\bmodel|\bboeing|\bairbus|#|\babout|\bsome|\bnearly|\balmost|\bover|\bunder|\bthan|\bat|\bthe|\bto|\bbetween|\band|\bof|\bonly|\bjust|\ball)\s*$", before):
        # "at 2000" "the 1990 ..." are mostly fine; only the numeric-ish
        # contexts are rejected: about/some/nearly/over/than + number.
        if re.search(r"(?i)(?:\bno\.|\bnumber|\broute|\bflight|\bpage|\bsection|\bfigure|#|\babout|\bsome|\bnearly|\balmost|\bover|\bunder|\bthan|\bonly|\bjust|\ball)\s*$", before):
            return None
    if re.match(r"\s*[-–]\s*(?:year|month|week|day)", after, re.I):
        return None
    if m["pre"] and re.match(r"(?i)\s*(?:about|around|approximately|circa|some)\b", m["pre"]) and \
            re.match(r"\s+(?!(?:was|is|has|as|this|its|his|us)\b)[a-z]+s\b", after):
        return None  # "about 2000 protesters": a count
    if re.match(r"\s*(?:p\.m|a\.m|GMT|EDT|EST|hours)\b", after):
        return None
    bc = (m["bc"] or "").lower()
    mod = _pre_mod(m["pre"])
    if bc:
        mod = "ON_OR_AFTER" if ("beyond" in bc or "later" in bc or "onward" in bc) else "ON_OR_BEFORE"
    ctx.last_year = y
    return str(y), mod


@rule("post_year", _B + r"(?P<p>(?i:pre|post))-(?P<y>" + YEAR4 + r")" + _E)
def _r_post_year(m, ctx):
    return m["y"], "AFTER" if m["p"].lower() == "post" else "BEFORE"


# general references
_REFS = [
    (r"the\s+(?:near|immediate|foreseeable|distant)\s+future", "FUTURE_REF"),
    (r"the\s+future", "FUTURE_REF"),
    (r"the\s+(?:near|short|long)\s+term", "FUTURE_REF"),
    (r"(?:the\s+)?(?:coming|future)\s+(?:days|weeks|months|years|decades|quarters)", "FUTURE_REF"),
    (r"the\s+days\s+ahead|the\s+weeks\s+ahead|the\s+months\s+ahead|the\s+years\s+ahead", "FUTURE_REF"),
    (r"a\s+later\s+date", "FUTURE_REF"),
    (r"as\s+soon\s+as\s+possible", "FUTURE_REF"),
    (r"(?:more\s+)?recently", "PAST_REF"),
    (r"recent\s+(?:days|weeks|months|years|decades|times)(?:\s+and\s+(?:days|weeks|months|years))?", "PAST_REF"),
    (r"recent", "PAST_REF"),
    (r"the\s+past(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|quarters?|centur\w+))", "PAST_REF"),
    (r"the\s+(?:past|last)\s+(?:several|few|couple\s+of)\s+(?:days|weeks|months|years|decades|quarters)", "PAST_REF"),
    (r"past\s+years", "PAST_REF"),
    (r"formerly|lately|previously", "PAST_REF"),
    (r"several\s+years\s+ago|a\s+few\s+years\s+ago|years\s+ago|some\s+time\s+ago|long\s+ago", "PAST_REF"),
    (r"(?:right\s+)?now|currently|(?<=at\s)present|presently|nowadays|these\s+days", "PRESENT_REF"),
    (r"the\s+present(?:\s+time|\s+day)?", "PRESENT_REF"),
    (r"current|present-day", "PRESENT_REF"),
]


@rule("ref", _B + r"(?P<ref>(?i:" + "|".join(f"(?:{p})" for p, _ in _REFS) + r"))" + _E)
def _r_ref(m, ctx):
    s = re.sub(r"\s+", " ", m["ref"].lower())
    text = m.string
    if s == "current":
        # adjective before a noun: "the current account" is not a time
        after = text[m.end():m.end() + 25].lower()
        if re.match(r"\s+(?:account|accounts|affairs|events|density|flow|sea|carrier|pulse|source|through|of\b|issue\b)", after):
            return None
        if not re.match(r"\s+\w", after):
            return None
    if s == "the future" and re.match(r"\s+of\b", text[m.end():m.end() + 5]):
        return None  # "the future of our peoples": a fate, not a time
    if s == "previously" and not re.search(r"(?:^|[.!?\n])\W*$", text[max(0, m.start() - 4):m.start()]):
        return None  # only "Previously, ..." opening a sentence, not "previously announced"
    if s == "present":  # "at present"
        return "PRESENT_REF", ""
    for p, v in _REFS:
        if re.fullmatch(p, s):
            return v, ""
    return None


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


def _appositions(text: str, found: list[Timex]) -> list[Timex]:
    """A weekday with the full date beside it ("by the end of Tuesday, 13
    March") is that date, whatever the tense around it said."""
    out = list(found)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
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

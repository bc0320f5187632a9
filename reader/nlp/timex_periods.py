"""DATE rules, second family: quarters and halves ("the third quarter", "Q3 2021", "the
year-earlier period", "the latest period"), decades and centuries. Registered after
reader.nlp.timex_dates."""

from __future__ import annotations

import datetime as _dt
import re

from reader.nlp.timex_context import NONE, PAST, REPORT, _Ctx
from reader.nlp.timex_words import (_DECADE_WORDS, _ORD, DAYNUM, MONTH, PRE, YEAR4, YEARWORDS, _add_months, _daynum,
                                    _month, _pre_mod, _quarter, _safe_date, _year)
from reader.nlp.timex_registry import _B, _E, rule


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

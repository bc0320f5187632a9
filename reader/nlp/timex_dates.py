"""DATE rules, first family: written calendar dates (ISO, 10/6/2021, "Wednesday, 6 October 2021",
"October 6", "the 6th of October"), clock times on a day, "the week of March 6", months
("in April", "last October") and seasons. Registered first (see reader.nlp.timex_registry)."""

from __future__ import annotations

import datetime as _dt
import re

from reader.nlp.timex_context import FUTURE, PAST, _resolve_md, _resolve_month, _resolve_weekday
from reader.nlp.timex_words import (_MONTH_FULL, _SEASONS, _WEEKDAYS, DAYNUM, DAYWORD, MONTH, PRE, WEEKDAY,
                                    WEEKDAY_ABBR, YEAR4, YEARWORDS, _clock_value, _daynum, _month, _pre_mod, _safe_date,
                                    _week, _year)
from reader.nlp.timex_registry import _B, _E, rule


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

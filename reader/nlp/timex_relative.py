"""DATE rules, third family: days and units relative to the article's date or an anchor
("yesterday", "that day", "the day before", "Friday", "three years ago", "last week", "the
year", "the weekend", "year-end", "the end of the month", "early next week"). Registered after
reader.nlp.timex_periods."""

from __future__ import annotations

import datetime as _dt
import re

from reader.nlp.timex_context import FUTURE, PAST, REPORT, _Ctx, _resolve_weekday
from reader.nlp.timex_words import (_TOD, _WEEKDAYS, NUM, PRE, WEEKDAY, _add_months, _num, _pre_mod, _quarter, _week,
                                    date)
from reader.nlp.timex_dates import _prev_word
from reader.nlp.timex_registry import _B, _E, Result, rule


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


@rule("in_the_day", _B + r"(?P<pre>(?i:earlier|later))\s+(?i:in\s+the\s+day)" + _E)
def _r_in_the_day(m, ctx):
    """'earlier in the day', 'later in the day': the last day mentioned, as
    'earlier that day'; nothing without one, or when a year has been written
    since that day ("On Monday the man was named ... convicted him in 2006 ...
    had visited earlier in the day": the story has left that day)."""
    if ctx.last_date is None or not ctx.days:
        return None
    if ctx.written_year is not None and ctx.written_year[0] > ctx.days[-1][0]:
        return None
    return ctx.last_date.isoformat(), _pre_mod(m["pre"])


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
@rule("ago", _B + r"(?P<approx>(?i:about|nearly|almost|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?(?P<n>" + NUM + r")\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?|centuries|century|quarters?))\s+(?P<dir>(?i:ago|from\s+now|hence|(?:earlier|later)(?!\s+(?i:than)\b)|(?:before|after)(?!\s+(?i:than|that|when|the|it|he|she|they|we|this|his|her|its|their))))" + _E)
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

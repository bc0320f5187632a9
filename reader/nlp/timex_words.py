"""The words and numbers of time expressions, and the plain helpers that read
them: month, weekday and season names, number words, the regular-expression
pieces the rules are built from (MONTH, WEEKDAY, DAYNUM, YEAR4 ...), and the
clock and part-of-day values. Shared by reader.nlp.timex (the DATE rules)
and reader.nlp.timex_spans (durations, sets, clock times, extents).
"""

from __future__ import annotations

import datetime as _dt
import re

date = _dt.date

# --------------------------------------------------------------------------
# vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2,
    "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "E",
          "quarter": "Q", "century": "C", "weekend": "WE", "fortnight": "F"}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
        "3rd": 3, "4th": 4, "last": 4, "final": 4}
_NUM_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "several": 3, "few": 3,
    "a few": 3, "couple": 2, "a couple of": 2, "dozen": 12, "a dozen": 12,
}
_ORDINAL_DAYS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5,
                 "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}

# --------------------------------------------------------------------------
# pattern pieces (months and weekdays are case-sensitive: "may", "march",
# "sun" are ordinary words; everything else is case-insensitive)

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
# a month alone (no day or year): "May" and "March" need a preposition or
# modifier before them, handled in the rule.
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
WEEKDAY_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\."
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|,\d|\.\d|\s*(?:%|percent|per\s+cent|a\.m|p\.m|am\b|pm\b))"
_ORDW = "|".join(sorted(_ORDINAL_DAYS, key=len, reverse=True))
DAYWORD = rf"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|{_ORDW})"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)(?![\d,]\d|\.\d|\s*(?:%|percent))"
_NUM_1_19 = r"(?:nineteen|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelve|eleven|ten|one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUM_1_9 = r"(?:one|two|three|four|five|six|seven|eight|nine)(?![a-z])"
_NUM_1_99 = rf"(?:{_TENS}(?:[- ]{_NUM_1_9})?|{_NUM_1_19})"
YEARWORDS = rf"(?i:(?:nineteen|eighteen)[- ](?:hundred(?:[- ](?:and[- ])?{_NUM_1_99})?|{_NUM_1_99})|(?<=year\s)two[- ]thousand(?:[- ](?:and[- ])?{_NUM_1_99})?)"
NUM = rf"(?i:\d+|a\s+few|a\s+couple\s+of|a\s+dozen|several|a|an|{_NUM_1_99})"

# modifier before a core: "early", "the end of", "mid-", "around" ...
PRE = (r"(?P<pre>(?i:(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn|dawn|first\s+half|second\s+half|last\s+half|latter\s+half|latter\s+part|early\s+part|last\s+part)\s+of"
       r"|(?:the\s+)?(?:early|late|mid|middle)(?:\s*-\s*|\s+)(?=\S)|mid(?=\d)|earlier|later|around|about|approximately|circa|sometime|some\s+time)\s*(?:the\s+)?)")

_PRE_MOD = [
    (re.compile(r"(?i)beginning|start|early|dawn|first\s+half|early\s+part"), "START"),
    (re.compile(r"(?i)\bend\b|close|late\b|latter|last\s+(?:part|half)|second\s+half"), "END"),
    (re.compile(r"(?i)mid|middle"), "MID"),
    (re.compile(r"(?i)around|about|approximately|circa"), "APPROX"),
    (re.compile(r"(?i)earlier"), "START"),
    (re.compile(r"(?i)later"), "END"),
]


def _pre_mod(pre: str | None) -> str:
    if not pre:
        return ""
    for rx, mod in _PRE_MOD:
        if rx.search(pre):
            return mod
    return ""


# --------------------------------------------------------------------------
# small helpers

def _month(s: str) -> int:
    return _MONTHS[s.lower().rstrip(".")]


def _daynum(s: str) -> int:
    s = s.lower()
    if s[0].isdigit():
        return int(re.match(r"\d+", s).group())
    s = s.replace("-", " ")
    if " " in s:
        a, b = s.split()
        return _NUM_WORDS[a] + _ORDINAL_DAYS[b]
    return _ORDINAL_DAYS[s]


def _num(s: str) -> int | None:
    s = re.sub(r"\s+", " ", s.lower().strip())
    if s.isdigit():
        return int(s)
    if s in _NUM_WORDS:
        return _NUM_WORDS[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in _NUM_WORDS and parts[1] in _NUM_WORDS:
        return _NUM_WORDS[parts[0]] + _NUM_WORDS[parts[1]]
    return None


def _yearwords(s: str) -> int | None:
    s = s.lower().replace("-", " ")
    s = re.sub(r"\band\b", " ", s)
    w = s.split()
    if w[:2] == ["two", "thousand"]:
        rest = _num(" ".join(w[2:])) if w[2:] else 0
        return 2000 + (rest or 0)
    head = _NUM_WORDS.get(w[0])
    if head is None:
        return None
    if len(w) > 1 and w[1] == "hundred":
        rest = _num(" ".join(w[2:])) if w[2:] else 0
        return head * 100 + (rest or 0)
    rest = _num(" ".join(w[1:]))
    return None if rest is None else head * 100 + rest


def _year(s: str, dct: date) -> int:
    s = s.strip().lstrip("'’")
    if s.isdigit():
        if len(s) == 2:
            y = int(s)
            c = dct.year // 100 * 100
            # two-digit years: the nearest century within +-50 years
            y += c
            if y > dct.year + 20:
                y -= 100
            return y
        return int(s)
    y = _yearwords(s)
    return y if y is not None else dct.year


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


# --------------------------------------------------------------------------
# clock times and parts of the day

_TOD = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
_CLOCK_RE = re.compile(r"(\d{1,2})(?::(\d\d))?\s*([ap])", re.I)


def _clock_value(s: str) -> str:
    """'10 p.m.' -> 'T22:00', 'noon' -> 'T12:00', 'mid-afternoon' -> 'TAF'."""
    low = s.lower()
    m = _CLOCK_RE.match(low)
    if m:
        h = int(m[1]) % 12 + (12 if m[3] == "p" else 0)
        return f"T{h:02d}:{m[2] or '00'}"
    if low.startswith(("noon", "midday")):
        return "T12:00"
    if low.startswith("midnight"):
        return "T24:00"
    if "afternoon" in low:
        return "TAF"
    return "TMO"

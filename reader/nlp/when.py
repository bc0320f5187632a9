"""When an event happened, for people and for sorting: display(), interval() and sort_key().

Split from events.py so that reading a timeline (the sidebar, Library.related)
does not import the gist machinery and its regular expressions at app start.
"""

from __future__ import annotations

import datetime as _dt
import re

from reader.model import Event

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


def _week_text(year: int, week: int, weekend: bool) -> str:
    """"week of 4 Oct 2021" (its Monday), "weekend of 9-10 Oct 2021": a week's number says
    little to a reader. Out of the calendar: "week 54, 2021", as written."""
    import datetime as _dt

    try:
        first = _dt.date.fromisocalendar(year, week, 6 if weekend else 1)
    except ValueError:
        return f"{'weekend' if weekend else 'week'} {week}, {year}"
    if not weekend:
        return f"week of {first.day} {_MONTH_ABBR[first.month - 1]} {first.year}"
    last = first + _dt.timedelta(days=1)
    if last.month == first.month:
        return f"weekend of {first.day}–{last.day} {_MONTH_ABBR[last.month - 1]} {last.year}"
    start = f"{first.day} {_MONTH_ABBR[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
    return f"weekend of {start}–{last.day} {_MONTH_ABBR[last.month - 1]} {last.year}"


def display(value: str, mod: str = "") -> str:
    """A short readable form of a TIMEX3 value and modifier.

    Days "6 Oct 2021"; months "Apr 2021", "early/mid/late Sep 2021"; years
    "2018", "start of/mid/end of 2019"; "1980s", "20th century",
    "week of 4 Oct 2021", "summer 2021", "Q3 2021", "H1 2021"; "before 2018",
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
        base = _week_text(int(m[1]), int(m[2]), bool(m[3]))
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

"""Time expressions besides the DATE rules, found after them: durations and
sets (TimeML DURATION and SET: "three years", "the past two months", "daily",
"every Monday"), clock times standing alone ("at about 10:35 a.m.", "in the
morning"), and the extents as TimeBank marks them. reader.nlp.timex.tag runs
these passes over what its rules found.
"""

from __future__ import annotations

import datetime as _dt
import re

from reader.model import Timex
from reader.nlp.timex_words import (_MONTH_FULL, _NUM_1_99, _TOD, _WEEKDAYS, MONTH, WEEKDAY, _clock_value,
                                    _month, _num)

# --------------------------------------------------------------------------
# extents, as TimeBank marks them: a preposition or possessive before the
# expression is not part of it ("within [a week]", "over [the past 20
# years]", "its [fourth quarter]", "about [five hours]"; the modifier stays
# in mod), nor is the article of a time adjective before its noun ("a
# [third-quarter] loss", "the [year-ago] period").  Counted on the tuning
# part of TimeBank/AQUAINT: "within" starts 1 of 10 gold extents it
# precedes, "over" 2 of 26, a possessive 0 of 10, "about" a duration or
# clock time 2 of 6, "just" 0 of 4, an article before a hyphenated
# quarter or "year-ago"/"year-earlier" 0 of 27.

_LEAD = re.compile(r"(?i)(?:within|over|just|its|their|his|her|our)\s+")
_ONE_WORD = re.compile(r"\S+")
_LEAD_ABOUT = re.compile(r"(?i)(?:about)\s+")
# "Earlier Friday", "late Monday": the weekday alone (5 of 6; the part of the day stays in mod)
_LEAD_WEEKDAY = re.compile(r"(?i:earlier|later|early|late)\s+(?=" + WEEKDAY + r"\b)")
_ADJ_ARTICLE = re.compile(r"(?i)(?:a|an|the)\s+(?=(?:(?:fiscal|comparable|same)\s+)?(?:\w+-(?:quarter|half|year|month|week|day|hour|minute|decade)|year-(?:ago|earlier))\b)")


# A programme's name is not a time: ABC's "This Week", CBS's ''60 Minutes'',
# "VOA Today": a relative expression in title case right after a possessive
# and an opening quote, or right after a name in the middle of a sentence.
_TITLE_CASE = re.compile(r"(?:\d+|[A-Z][a-z]+)(?:\s+(?:\d+|[A-Z][a-z]+))*")
_NAMED_BEFORE = re.compile(r"(?:(?<=\w)['’]s?\s+(?:``|''|[\"“'‘])|(?<![.!?:;]\s)(?<=[a-z0-9,]\s)[A-Z][A-Za-z]+\s)$")
_CALENDAR_WORD = re.compile(r"(?i)\b(?:" + _MONTH_FULL + r"|" + WEEKDAY + r"|day|eve|christmas|easter)\b")


def _programme_name(text: str, t: Timex) -> bool:
    return (t.start > 0 and _TITLE_CASE.fullmatch(t.text) is not None and _CALENDAR_WORD.search(t.text) is None
            and _NAMED_BEFORE.search(text, max(0, t.start - 30), t.start) is not None)


def _extents(found: list[Timex], text: str) -> list[Timex]:
    """found without programme names, each extent cut as TimeBank marks it (see above)."""
    out = []
    for t in found:
        if _programme_name(text, t):
            continue
        cut = 0
        while True:
            m = _LEAD.match(t.text, cut) or (_LEAD_ABOUT.match(t.text, cut) if t.type in ("DURATION", "TIME") else None) \
                or _ADJ_ARTICLE.match(t.text, cut) or _LEAD_WEEKDAY.match(t.text, cut)
            if m is None or m.end() >= len(t.text):
                break
            if m.re is _ADJ_ARTICLE and not _ONE_WORD.fullmatch(t.text, m.end()):
                break  # "the year-ago quarter": the article of the timex's own noun stays
            cut = m.end()
        if cut:
            t = Timex(t.start + cut, t.end, t.text[cut:], t.value, t.mod, t.type)
        out.append(t)
    return out


# --------------------------------------------------------------------------
# clock times on their own ("the blast occurred at about 10:35 a.m. (0735 GMT)
# Friday", "at noon"): TIMEs on the day their sentence names, else on the last
# day named before them, else on the publication date, as TimeML anchors them.
# A clock time written with its day ("10 p.m. Wednesday") is the clock_day rule's.

_BARE_CLOCK = re.compile(
    r"(?<![\w:.])(?P<mod>(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
    r"(?P<clock>\d{1,2}(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|(?i:am|pm)\b)"
    r"|(?i:noon|midnight|midday)\b)"
    r"(?:\s+(?:[A-Z]{2,4}T|GMT|UTC)\b)?")
_DIGIT_AM_PM = re.compile(r"\d ?[apAP][mM]\b")
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_CLOCK_PREP = re.compile(r"(?i)\b(?:at|by|before|after|until|till|past|from|since)\s+$")
_CLOCK_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX"}


# "in the morning": a part of the day named before (TimeBank: 2 of 2 on the tuning part)
# ("in the morning papers" is not one: a noun after it)
_PART_OF_DAY = re.compile(r"(?<=\b[Ii]n )the (morning|afternoon|evening)\b"
                          r"(?=\s*[^\w\s]|\s*$|\s+(?:to|and|or|but|when|while|before|after|as|of|on|at|in|with|for|"
                          r"that|until|the|a|an|he|she|they|it|we|i|you)\b)")


def _may_hold_clock_time(text: str) -> bool:
    """A quick test before _BARE_CLOCK's scan: 0.016 ms a text against its 0.07 ms (TimeBank texts)."""
    if ".m." in text:
        return True
    low = text.lower()
    return ("noon" in low or "midnight" in low or "midday" in low or "the morning" in low or "the afternoon" in low
            or "the evening" in low or _DIGIT_AM_PM.search(text) is not None)


def _clock_times(text: str, dct: _dt.date, found: list[Timex], bounds: list[tuple[int, int]]) -> list[Timex]:
    """found plus the clock times standing alone, each a TIME on its day (see above);
    bounds: the text's sentences."""
    if not _may_hold_clock_time(text):  # most texts have none
        return found
    hits = [m for m in _BARE_CLOCK.finditer(text)
            if not any(t.start < m.end() and m.start() < t.end for t in found)]
    # "12 pm" but not "13 pm"; "noon" only after a preposition ("at noon", not "Noon Street")
    hits = [m for m in hits if (int(re.match(r"\d+", m["clock"])[0]) <= 12 if m["clock"][0].isdigit()
                                else m["mod"] or _CLOCK_PREP.search(text, max(0, m.start() - 8), m.start()))]
    hits += [m for m in _PART_OF_DAY.finditer(text) if not any(t.start < m.end() and m.start() < t.end for t in found)]
    if not hits:
        return found
    days = [t for t in found if _DAY_VALUE.match(t.value)]
    out = list(found)
    for m in hits:
        sentence = next(((a, b) for a, b in bounds if a <= m.start() < b), (m.start(), m.end()))
        near = [t for t in days if sentence[0] <= t.start < sentence[1]]
        if near:
            day = min(near, key=lambda t: abs(t.start - m.start())).value[:10]
        else:
            before = [t for t in days if t.end <= m.start()]
            day = before[-1].value[:10] if before else dct.isoformat()
        if m.re is _PART_OF_DAY:
            out.append(Timex(m.start(), m.end(), m.group(0), day + _TOD[m[1].lower()], "", "TIME"))
            continue
        mod = ""
        start = m.start("clock")
        if m["mod"]:
            word = m["mod"].split()[0].lower()
            mod = _CLOCK_MODS.get(word, "")
            if mod:
                start = m.start()
        out.append(Timex(start, m.end(), text[start:m.end()], day + _clock_value(m["clock"]), mod, "TIME"))
    out.sort(key=lambda t: t.start)
    return out


# --------------------------------------------------------------------------
# durations and sets (TimeML DURATION and SET): "three years", "the past two
# months", "a 10-year term", "more than four hours"; "daily", "every month",
# "each July", "twice a year".  Found in a pass of their own after the DATE
# rules; they never displace a DATE or TIME, only a vague reference inside
# them ("recent years" is the duration PXY, not PAST_REF).

_DUR_UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
              "week": ("", "W"), "month": ("", "M"), "year": ("", "Y"), "decade": ("", "E"),
              "century": ("", "C"), "centurie": ("", "C"), "quarter": ("", "Q")}
_DUR_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
             "nearly": "APPROX", "almost": "APPROX", "some": "APPROX", "more than": "MORE_THAN",
             "over": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
             "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
             "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS"}
_DUR_NUM = (rf"(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:hundred|thousand)|couple\s+of|"
            rf"\d+\s+1/2|\d+(?:\.\d+)?|{_NUM_1_99}(?:[- ]and[- ]a[- ]half)?|a\s+few|a\s+couple\s+of|a\s+dozen|several|few|"
            r"a|an|one|many|some)")
_DUR_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie)|quarter)"
_DUR_RE = re.compile(
    r"(?<![\w$£€.-])"
    r"(?P<mod>(?i:about|around|approximately|roughly|nearly|almost|more\s+than|over|less\s+than|fewer\s+than|"
    r"under|up\s+to|no\s+more\s+than|within|at\s+least|at\s+most)\s+)?"
    r"(?P<det>(?i:(?:the|its|their|his|her)\s+)?(?:(?:past|last|next|previous|first|coming|latest|following|final|"
    r"recent|initial)\s+))?"
    r"(?:(?P<num>(?i:" + _DUR_NUM + r"))(?:\s+|-)(?:(?i:more|additional|further|extra)\s+)?)?"
    r"(?P<unit>(?i:" + _DUR_UNIT + r"))(?P<pl>s)?(?P<long>-long)?(?P<half>\s+(?i:and\s+a\s+half))?"
    r"(?P<orso>\s+or\s+so)?(?![\w-])")
_SET_RE = re.compile(
    r"(?<![\w-])(?:(?P<adv>(?i:daily|weekly|monthly|annually|yearly|hourly|nightly))"
    r"|(?P<every>(?i:every|each))\s+(?:(?P<eunit>(?i:day|week|month|year|quarter|hour|night|morning|weekend))"
    r"|(?P<emon>" + MONTH + r")|(?P<ewd>" + WEEKDAY + r"))"
    r"|(?<=\s)(?P<per>(?i:a|per))\s+(?P<punit>(?i:day|week|month|year|hour)))(?![\w-])")
_PER_BEFORE = re.compile(r"(?i)(?:times|twice|once|\d|%|percent|million|billion|hundred|thousand|dollars?|euros?)\W*$")
_AFTER_COUNT = re.compile(r"\s+(?:of\s+)?(?:age|old)\b|-old\b|\s+ago\b|\s+from\s+now\b", re.I)


_UNIT_FORMS = frozenset("""second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries quarter quarters""".split())
_SET_FORMS = frozenset("daily weekly monthly annually yearly hourly nightly every each".split())
_DUR_SET_WORDS = _UNIT_FORMS | _SET_FORMS
_PER_BEFORE_UNIT = re.compile(r"(?i)\b(?:a|per)\s+$")
_THE_BEFORE = re.compile(r"(?<!\w)(?i:the) $")


def _set_matches(text: str, units, starts):
    """_SET_RE's matches, tried only where a set word starts or before "a/per <unit>"."""
    starts = list(starts)
    for ustart, _uend in units:
        p = _PER_BEFORE_UNIT.search(text, max(0, ustart - 5), ustart)
        if p is not None:
            starts.append(p.start())
    done = 0
    for at in sorted(starts):
        if at < done:
            continue
        m = _SET_RE.match(text, at)
        if m is not None:
            done = m.end()
            yield m


def _duration_matches(text: str, units):
    """_DUR_RE's matches, tried only in a window around each unit word (a
    scan of every position costs a third of tag()'s time)."""
    done = 0
    for ustart, uend in units:
        if ustart < done:
            continue
        best = None
        for m in _DUR_RE.finditer(text, max(done, ustart - 45), min(len(text), uend + 24)):
            if m.start() <= ustart < m.end():
                best = m
                break
        if best is not None:
            done = best.end()
            yield best


# half of a unit in the next smaller one, as TimeBank writes "2 1/2 years" (P2Y6M),
# "5 1/2 hours" (PT5H30M), "a minute and a half" (PT1M30S)
_HALF_UNIT = {"Y": "6M", "D": "T12H", "H": "30M", "M": "30S"}


def _dur_value(num: str | None, unit: str, plural: bool, half: bool = False) -> str | None:
    t, u = _DUR_UNITS[unit.lower()]
    if num is not None and re.search(r"1/2$|half$", num.lower()):
        half, num = True, re.split(r"\s+1/2|[- ]and", num.lower())[0]
    if half and num is not None and (u in _HALF_UNIT and (u != "M" or t == "T")):
        n = 1 if num.lower() in ("a", "an", "one") else _num(num.lower())
        return None if n is None else f"P{t}{n}{u}{_HALF_UNIT[u]}"
    if num is None:
        if plural:
            n = "X"
        else:
            n = "1"
    else:
        low = re.sub(r"\s+", " ", num.lower())
        big = re.fullmatch(r"(\w+) (hundred|thousand)", low)
        if low in ("a few", "several", "few", "many", "some"):
            n = "X"
        elif big:  # "almost a hundred years", "two thousand years"
            base = _num(big[1])
            if base is None:
                return None
            n = str(base * (100 if big[2] == "hundred" else 1000))
        elif low == "couple of":
            n = "2"
        elif half:
            base = 1 if low in ("a", "an", "one") else _num(low)
            if base is None:
                return None
            n = f"{base}.5"
        elif re.fullmatch(r"\d+\.\d+", low):
            n = low
        else:
            v = _num(low)
            if v is None:
                return None
            n = str(v)
    if u == "Q" and n != "X":
        u, n = "M", str(int(float(n) * 3))
    if u == "E":
        u, n = "Y", (str(int(float(n) * 10)) if n != "X" else "X") if n != "X" else "X"
        if n == "X":
            u = "E"
    return f"P{t}{n}{u}"


def _durations_and_sets(text: str, found: list[Timex], words: list[tuple[int, str]]) -> list[Timex]:
    """found plus the durations and sets that do not overlap a DATE or TIME of it.

    words: (position, lowercase word) of the text's duration and set words, as
    reader.nlp.timex._trigger_positions collects them."""
    extra: list[Timex] = []
    units = [(at, at + len(w)) for at, w in words if w in _UNIT_FORMS]
    sets = [at for at, w in words if w in _SET_FORMS]
    for m in _set_matches(text, units, sets):
        if m["adv"]:
            w = m["adv"].lower()
            value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q", "annually": "P1Y",
                     "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D"}[w]
        elif m["every"]:
            if m["eunit"]:
                u = m["eunit"].lower()
                value = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P1Q",
                         "hour": "PT1H", "night": "XXXX-XX-XXTNI", "morning": "XXXX-XX-XXTMO",
                         "weekend": "XXXX-WXX-WE"}[u]
            elif m["emon"]:
                value = f"XXXX-{_month(m['emon']):02d}"
            else:
                value = f"XXXX-WXX-{_WEEKDAYS[m['ewd'].lower()] + 1}"
        else:
            if not _PER_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            u = m["punit"].lower()
            value = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H"}[u]
        extra.append(Timex(m.start(), m.end(), m.group(0), value, "", "SET"))
    for m in _duration_matches(text, units):
        num, unit, det = m["num"], m["unit"], m["det"]
        plural = bool(m["pl"])
        if num is None and not plural and not m["long"] and not det:
            continue  # a bare "year", "day": not a duration
        if num is None and not plural and det:
            continue  # "the past year", "next month": DATEs, or not ours
        if num is not None and num.lower() in ("a", "an", "one") and plural:
            continue
        if num is None and plural and not (det or m["mod"] or m["long"]):
            # bare "years", "months": only after "for", "in", "over" ("for years")
            if not re.search(r"(?i)\b(?:for|in|over|within|took|takes|lasted)\s+$", text[max(0, m.start() - 8):m.start()]):
                continue
        if num is not None and num.lower() in ("some", "many") and not plural:
            continue
        if unit.lower() == "second" and (num is None or num.lower() in ("a", "an")):
            continue  # "a second term"
        if unit.lower() == "quarter" and (num is None or num.lower() in ("a", "an", "one", "three")) and not det:
            continue  # "a quarter of", "three-quarters": fractions
        tail = text[m.end():m.end() + 16]
        if _AFTER_COUNT.match(tail):
            # "two years ago", "a month after": DATE rules' business (or an event-anchored
            # DATE); "52 years old": an age, which TimeBank leaves untagged (0 of 29)
            continue
        value = _dur_value(num, unit, plural, bool(m["half"]))
        if value is None:
            continue
        start = m.start()
        if plural and num is not None and not det and not m["mod"] and _THE_BEFORE.search(text, max(0, start - 4), start):
            # "for the nine months": TimeBank's extent has the article (63 of 70
            # durations after one), not that of an adjective ("the 14-day period")
            start -= 4
        mod = ""
        if m["mod"] and not (det and m["mod"].strip().lower() == "over"):  # "over the past year": during it
            mod = _DUR_MODS.get(re.sub(r"\s+", " ", m["mod"].strip().lower()), "")
        if m["orso"]:
            mod = "APPROX"
        extra.append(Timex(start, m.end(), text[start:m.end()], value, mod, "DURATION"))
    if not extra:
        return found
    extra.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out = list(found)
    kept: list[Timex] = []
    for t in extra:
        if any(k.start < t.end and t.start < k.end for k in kept):
            continue
        over = [f for f in out if f.start < t.end and t.start < f.end]
        if over:
            # a vague reference inside the duration ("recent years") gives way; anything else wins
            if all(f.value.endswith("_REF") and t.start <= f.start and f.end <= t.end for f in over) and t.type == "DURATION":
                out = [f for f in out if f not in over]
            else:
                continue
        kept.append(t)
    out.extend(kept)
    out.sort(key=lambda t: t.start)
    return out

"""DATE rules, last family: holidays ("Christmas", "Easter week"), years and year ranges
("2014", "2009-2010", "fiscal 1989", "nineteen ninety-eight"), and vague references
("now", "recently", "the future"). Registered last (see reader.nlp.timex_registry)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Callable

from reader.nlp.timex_context import _pick_day
from reader.nlp.timex_words import _MONTHS, _WEEKDAYS, PRE, YEAR4, YEARWORDS, _pre_mod, _week, _year, _yearwords, date
from reader.nlp.timex_registry import _B, _E, rule


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

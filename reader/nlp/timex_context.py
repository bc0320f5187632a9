"""The context a time rule reads: the tense of the words nearest the expression in
its sentence, the article's anchors so far (last year, month, day, quarter named),
and choosing the day or month a relative expression means from them.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re

from reader.nlp.sentences import sentences
from reader.nlp.timex_words import _safe_date, date

# --------------------------------------------------------------------------
# tense: look for the verb cue nearest to the expression in its sentence

_TENSE_RE = re.compile(
    r"(?P<fut>\b(?:will|shall|wo|won't|'ll|’ll|gonna)\b(?:\s+(?:not|n't|also|be|have|been|probably|likely|soon|then|only|still|again|now|never|begin|start|continue)\b)*(?:\s+\w+)?"
    r"|\b(?:is|are|am|'s|’s|was|were)\s+(?:(?:also|now|still|not)\s+)?(?:going|expected|scheduled|set|due|slated|poised|planning|preparing|likely|about)\s+to\b(?:\s+\w+)?"
    r"|\b(?:plans?|intends?|hopes?|aims?|wants?|vows?|promises?|threatens?|pledges?)\s+to\b(?:\s+\w+)?"
    r"|\b(?:expects?|forecasts?|predicts?|projects?|anticipates?)\b(?:\s+to\b(?:\s+\w+)?)?"
    r"|\b(?:set|scheduled|slated|poised|expected|due)\s+to\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|their\b|this\b|that\b)\w+"
    r"|\b(?:postponed|delayed|adjourned|deferred|put\s+off|extended)\s+(?:\w+\s+)?until\b"
    r"|\b(?:is|are|am)\s+(?:also\s+|now\s+|still\s+)?(?:expected|due|scheduled)\s+(?:in|on|at|back|here|there)\b"
    r"|\beffective\b|\bof\s+record\b|\b(?:has|have|had)\s+scheduled\b|\bas\s+soon\s+as\b|\b(?:is|are)\s+to\s+(?!the\b|a\b|be\s+\w+ed\b)\w+"
    r"|\bnext\b(?!\s+to\b|\s+door\b)|\bcoming\b(?!\s+(?:from|to|in|out|back|up|down|under|off|into)\b)|\b(?:upcoming|tomorrow|later\s+this)\b"
    r"|\bwould\s+(?:\w+\s+)?be\s+\w+|\bwould\s+(?!have\b|not\s+have\b)(?:not\s+|also\s+|still\s+|then\s+|only\s+)?\w+"
    # an appointment: "agreed to meet again on Thursday", "had planned to fly to Moscow on Monday",
    # and the headline present "Biden meets Putin in Geneva on Wednesday"
    r"|\bto\s+(?:meet\s+(?:again|with|in|on|at|next|later|for|(?-i:[A-Z]))|visit|travel|fly|attend|host|convene"
    r"|resume\s+talks)\b|\b(?:meets|visits|travels|flies|hosts|convenes)\b)"
    r"|(?P<pres>\b(?:is|are|am)\s+(?:not\s+)?(?:being\s+)?\w+)"
    r"|(?P<say>\b(?:said|says|told|announced|reported|added|stated|declared|confirmed|noted)\b)"
    r"|(?P<past>\b(?:was|were|had|did|ago|went|came|took|made|gave|got|began|became|left|met|won|lost|sold|bought|paid|fell|rose|held|hit|set\s+up|cut|quit|put|ran|saw|knew|thought|felt|kept|sent|spent|built|brought|fought|caught|taught|led|read|struck|stood|wrote|spoke|broke|chose|drove|flew|grew|threw|shot|fled|sought|froze|withdrew|overthrew|forgot|earlier|last|previously|yesterday|already|has|have)\b"
    r"|(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)\b\w{2,}(?<!need)(?<!speed)(?<!feed)(?<!seed)(?<!bed)(?<!red)(?<!shed)(?<!hundred)(?<!united)(?<!limited)(?<!alleged)(?<!indeed)(?<!proceed)(?<!exceed)(?<!succeed)ed\b)",
    re.I,
)

PAST, FUTURE, NONE, REPORT = -1, 1, 0, -2

# a scheduling verb or a bare "is" right before the date points ahead: "they
# meet separately Monday", "the trial begins Monday", "the fiscal year ends
# in September", "the election is Sunday", "elections are due in September"
# (checked on the words just before the date only: cheaper than one more
# alternative in _TENSE_RE, which is tried at every position)
_SCHEDULED_RE = re.compile(
    r"\b(?:(?:meets?|begins?|starts?|opens?|resumes?|convenes?|arrives?|departs?|visits?|travels?|returns?|holds?|hosts?|faces?"
    r"|ends?|expires?|closes?|concludes?|kicks?\s+off|takes?\s+office)\s+(?:[a-z]+ly\s+)?"
    r"|(?:is|are)\s+(?:(?:also|now|still)\s+)?(?:(?:set|due|planned|scheduled|slated|expected)\s+)?(?:for\s+)?)(?:on\s+|in\s+|next\s+|this\s+)?$")


def _tense_at(text: str, s: int, e: int, start: int, end: int, cues=None) -> int:
    """Tense nearest to text[start:end] within the sentence text[s:e]."""
    best = None
    bestd = 10**9
    for m in (cues if cues is not None else _TENSE_RE.finditer(text, s, e)):
        if m.end() <= start:
            d = start - m.end()
        elif m.start() >= end:
            d = m.start() - end
        else:
            continue
        if d < bestd:
            bestd = d
            best = m
    if best is None:
        return NONE
    return {"fut": FUTURE, "past": PAST, "say": REPORT, "pres": NONE}[best.lastgroup]


# --------------------------------------------------------------------------
# context passed to rule handlers

class _Ctx:
    __slots__ = ("text", "dct", "sents", "starts", "last_quarter", "last_year", "last_month",
                 "last_date", "fin", "_tense_cache", "days", "written_year")

    def __init__(self, text: str, dct: date):
        self.text = text
        self.dct = dct
        self.sents = sentences(text)
        self.starts = [s for s, _ in self.sents]
        self.last_quarter: tuple[int, int] | None = None
        self.last_year: int | None = None
        self.last_month: tuple[int, int] | None = None
        self.last_date: date | None = None
        # financial report: quarters are the reporting period
        self.fin = False
        self._tense_cache: dict[tuple[int, int], list] = {}
        self.days: list[tuple[int, date]] = []  # (position, day) of the days found so far
        self.written_year: tuple[int, int] | None = None  # (position, year) of the last year written out

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0, len(self.text)
        return self.sents[i]

    def tense(self, start: int, end: int) -> int:
        s, e = self.sentence(start)
        if _SCHEDULED_RE.search(self.text, max(s, start - 40), start):
            return FUTURE
        e = max(e, end)
        cues = self._tense_cache.get((s, e))
        if cues is None:
            cues = self._tense_cache[(s, e)] = list(_TENSE_RE.finditer(self.text, s, e))
        # a cue in the date's own part of the sentence (between commas) comes
        # first: "The council, which suspended him in January, will meet on Friday"
        a = max(self.text.rfind(",", s, start), s)
        b = self.text.find(",", end, e)
        b = e if b < 0 else b
        if (a, b) != (s, e):
            own = [m for m in cues if a <= m.start() and m.end() <= b]
            if own:
                return _tense_at(self.text, s, e, start, end, own)
        return _tense_at(self.text, s, e, start, end, cues)


def _pick_day(dct: date, cands: list[date], tense: int) -> date:
    """Choose among candidate dates: the nearest to dct, where a candidate on
    the side the tense does not point to counts as WRONG_SIDE times farther
    ("said on Dec. 15" in late October is still the coming Dec. 15, but
    "Nov. 25" said in January is the last one)."""
    def cost(c: date) -> float:
        d = (c - dct).days
        if tense == PAST and d > 0:
            return abs(d) * WRONG_SIDE_PAST
        if tense == FUTURE and d < 0:
            return abs(d) * WRONG_SIDE_FUTURE
        if tense == REPORT and d > 0:
            return abs(d) * WRONG_SIDE
        return abs(d) + (0.5 if d > 0 else 0)
    return min(cands, key=cost)


WRONG_SIDE = 3.0
WRONG_SIDE_PAST = 6.0
WRONG_SIDE_FUTURE = 6.0
NO_CUE_DAYS_BACK = 6


def _resolve_md(ctx: _Ctx, m: int, d: int, start: int, end: int) -> date | None:
    y = ctx.dct.year
    cands = [c for c in (_safe_date(y - 1, m, d), _safe_date(y, m, d), _safe_date(y + 1, m, d)) if c]
    if not cands:
        return None
    return _pick_day(ctx.dct, cands, ctx.tense(start, end))


def _resolve_month(ctx: _Ctx, m: int, start: int, end: int) -> int:
    """Year of a bare month name: as _pick_day, comparing mid-months."""
    dct = ctx.dct
    y = dct.year
    if m == dct.month:
        return y
    cands = [date(y - 1, m, 15), date(y, m, 15), date(y + 1, m, 15)]
    return _pick_day(date(y, dct.month, 15), cands, ctx.tense(start, end)).year


def _resolve_weekday(ctx: _Ctx, wd: int, start: int, end: int, rel: str = "") -> date:
    dct = ctx.dct
    delta = wd - dct.weekday()
    rel = rel.lower()
    if rel in ("last", "this past", "past", "the previous", "previous"):
        back = (dct.weekday() - wd) % 7 or 7
        return dct - _dt.timedelta(days=back)
    if rel in ("next", "this coming", "coming", "the following", "following"):
        fwd = (wd - dct.weekday()) % 7 or 7
        return dct + _dt.timedelta(days=fwd)
    if rel == "this":
        return dct + _dt.timedelta(days=delta)
    back = dct - _dt.timedelta(days=(dct.weekday() - wd) % 7)
    fwd = dct + _dt.timedelta(days=(wd - dct.weekday()) % 7)
    t = ctx.tense(start, end)
    if t in (PAST, REPORT):
        return back
    if t == FUTURE:
        return fwd
    # no tense cue: news mostly reports what has happened
    return back if (dct - back).days <= NO_CUE_DAYS_BACK or (dct - back) <= (fwd - dct) else fwd

"""Events: statements of an article anchored to one normalised time.

An event is built from each specific DATE time expression (not the vague
PAST_REF / PRESENT_REF / FUTURE_REF, not values with unknown parts): its
sentence, trimmed to a readable gist, and the entities inside it.

Choices, and why:

- The gist drops the time expression itself when it only opens or closes
  the clause ("In April, the Czech Republic expelled ..." -> "The Czech
  Republic expelled ..."): the timeline shows the date beside it.  Relations
  such as "since the end of 2019" are kept, they change the meaning.
- "..., a NATO representative said on Wednesday": the date only dates the
  reporting.  The event is what was said; when that statement leans on the
  sentence before it ("They are spies"), the gist is taken from that
  sentence and the event's offsets cover both.
- A heading (a paragraph of one line with no final punctuation) that
  repeats a date also found in a sentence is dropped: the sentence says more.
- A sentence with two dates in two clauses gives each event its own clause
  ("This spring the Czech Republic expelled 18 diplomats, and Germany has
  accused the GRU ... before its election in September"); a later date in a
  subordinate part ("..., in their first summit since Biden took office in
  January") gets the part from the comma before it.
- A told sentence whose only date closes a definite noun phrase of happening
  ("Czech police said ... the suspects in the poisoning of Sergei Skripal in
  Salisbury in March 2018") dates that happening: "The poisoning of Sergei
  Skripal in Salisbury." (the nouns: reader.nlp.happenings, from TimeBank).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re

from reader.model import Event, Span, Timex
from reader.nlp.happenings import happenings
from reader.nlp.sentences import sentences
from reader.nlp.when import display, interval, sort_key  # noqa: F401 (part of this module's API)

VERSION = "8"
GIST_MAX = 140


# --------------------------------------------------------------------------
# gists

# verbs of saying that a trailing date may belong to
_SAY = r"(?:said|says|say|told\s+\w+(?:\s+\w+)?|announced|reported|stated|added|declared|confirmed|explained|insisted|noted|warned|wrote|argued|claimed|tweeted|emphasi[sz]ed|stressed|commented|disclosed|revealed)"
_REPORT_BEFORE = re.compile(_SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in|late|early)?\s*$", re.I)
# the reporting clause at the end of a statement: ", a NATO representative said on"
_REPORT_TAIL = re.compile(r",?\s*(?:(?:an?|the)\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,6}?\s+" + _SAY + r"\s+(?:\w+\s+){0,3}?(?:on|in)?\s*$", re.I)
_OPENING = re.compile(r"\W*(?:(?:in|on|at|during|by|from|since|early|late)\s+)?", re.I)
_REPORT_END = re.compile(r",\s*(?:[\w.'’-]+\s+){0,6}?" + _SAY + r"(?:\s+[\w.'’-]+){0,4}?\s*[.!?]?\s*$", re.I)
_REPORT_AFTER = re.compile(r"^\s*,?\s*(?:\w+\s+){0,2}?" + _SAY + r"\b", re.I)
_LEAN = re.compile(r"^\W*(?:they|it|this|these|that|those|he|she|we|the\s+move|the\s+measure|the\s+decision)\b", re.I)
# prepositions that only place an event in time: dropped with the date
_PLACE_PREP = re.compile(r"(?:\b(?:in|on|at|during|from|for)\s+|,\s*)$", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
_AFTER = re.compile(r"\b(?:after|beyond)\s+$", re.I)
_BEFORE = re.compile(r"\bbefore\s+$", re.I)
# a closing date the words before it cannot do without: "dated from 2016", "its sanctions
# regime, created in 2019" (left as "dated." / "created." without it)
_NEEDS_DATE = re.compile(r"(?:\bdat(?:ed?|es|ing)\s+(?:from|to|back\s+to)|,\s*[a-z]+ed\s+(?:in|on|at|during))\s*$", re.I)
# a clause of cause or sequence before the main clause: "after the attack on Skripal, "
_FRONTED = re.compile(r"(?:after|before|following|amid|despite|over|in\s+response\s+to|in\s+retaliation\s+for)\s+"
                      r"[^,;:]{3,120},\s+(?=\S)", re.I)
# a number of something: "six months", "a few days"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|few|several|many)"
# a stretch of time before "after" / "before": "six months", "minutes", "shortly"
_TIME_SPAN = (r"(?:(?:just|only|shortly|some|about|almost|nearly|barely|more\s+than|less\s+than)\s+)?"
              r"(?:" + _COUNT + r"\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
              r"|seconds|minutes|hours|days|weeks|months|years|moments|shortly|soon|just|long)")
# a preposition before "which": "under which", "in which"
_REL_PREP = r"(?:under|in|by|at|for|of|with|from|through|during|on|to|against|within|among|between|into|over|without)"
_CLAUSE_CUT = re.compile(r"\s*(?:[;:]|,(?!\d)|\s[–—-]\s)\s*")
# boundaries between clauses that can each carry an event of their own:
# "This spring the Czech Republic expelled 18 diplomats, and Germany has
# accused the GRU ... before its election in September."
_CLAUSE_SPLIT = re.compile(r"\s*(?:;|:(?=\s)|,\s+(?:and|but|while|whereas|although|though|yet)\b|\s[–—]\s)\s*", re.I)


def _heading(text: str, s: int, e: int) -> bool:
    """A line of its own with no final punctuation."""
    if text[e - 1] in ".!?\"'”’)…":
        return False
    before = text[max(0, s - 2):s]
    after = text[e:e + 2]
    return "\n" in text[s:e] or (s == 0 or "\n" in before) and (e == len(text) or "\n" in after)


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r"^[,;:–—-]\s*", "", s)
    s = re.sub(r"\s*[,;:–—-]\s*$", "", s)
    return s


# an aside between commas that a long gist can do without: an apposition ("Armin Laschet,
# the premier of North Rhine-Westphalia, was elected ..."), a relative clause ("The two
# men ..., who used the names Petrov and Boshirov, are ..."), "hosted by ...", "among them
# ..."; the sentence goes on in lower case after it (not "..., Edgars Rinkēvičs, also")
_ASIDE = re.compile(r",\s+(?:(?:the|a|an|his|her|its|their)\s|\d+,|[a-z]+ed\s+by\s|who\s|which\s|whose\s|"
                    r"among\s+them\s|including\s)[^,;:()]{0,100}?,\s+(?=[a-z])")


def _trim(s: str, limit: int = GIST_MAX, keep: str = "") -> str:
    """Cut to the limit: first the asides that do not hold `keep` (the date's
    words), then at a clause boundary, else at a word boundary; when the cut
    would lose `keep`, the part that holds it follows the head after "…"."""
    if len(s) <= limit:
        return s
    while len(s) > limit:
        aside = next((m for m in _ASIDE.finditer(s) if not (keep and keep in m.group(0))), None)
        if aside is None:
            break
        s = s[:aside.start()] + " " + s[aside.end():]
    if len(s) <= limit:
        return s
    k = s.find(keep) if keep else -1
    if k >= 0:
        starts = [m.end() for m in _CLAUSE_CUT.finditer(s, 0, k)]
        tail = s[starts[-1]:] if starts else ""
        if starts and len(tail) <= limit - 50 and k + len(keep) > len(_cut(s, limit)) - 2:
            return _cut(s[:starts[-1]].rstrip(" ,;:"), limit - len(tail) - 1) + " " + tail
    return _cut(s, limit)


def _cut(s: str, limit: int) -> str:
    """Cut to the limit at a clause boundary, else at a word boundary."""
    if len(s) <= limit:
        return s
    best = -1
    for m in _CLAUSE_CUT.finditer(s, 0, limit):
        if m.start() >= 40:
            best = m.start()
    if best > 0:
        return s[:best].rstrip(" ,;:") + " …"
    cut = s.rfind(" ", 0, limit - 1)
    if cut < 40:
        cut = limit - 1
    return s[:cut].rstrip(" ,;:") + " …"


def _gist_without(text: str, s: int, e: int, t: Timex) -> str:
    """The sentence text[s:e] without the time expression when it opens or
    closes the sentence (with its preposition), and tidy."""
    head = text[s:t.start]
    tail = text[t.end:e]
    tail_stripped = tail.strip()
    at_end = re.fullmatch(r"[\s.!?\"'”’)]*", tail) is not None
    at_start = re.fullmatch(r"\W*(?:(?:in|on|at|during|by|from)\s+)?", head, re.I) is not None
    if at_end and not _NEEDS_DATE.search(head):
        pm = _PLACE_PREP.search(head)
        if pm or not head.strip():
            core = head[:pm.start()] if pm else head
            return _finish(core.rstrip(" ,") + tail_stripped[:1] if tail_stripped[:1] in ".!?" else core)
    if at_start and not re.match(r"['’]s\b|[-–—]", tail):  # not "Sunday's debate"
        rest = tail.lstrip(" ,")
        # "In March 2018, after the attack on Skripal, NATO expelled ...": the date is the
        # main clause's; the clause of cause or sequence in between is not the event
        fronted = _FRONTED.match(rest)
        if fronted and len(_WORD.findall(rest[fronted.end():])) >= 4:
            rest = rest[fronted.end():]
        if rest:
            return _finish(rest[0].upper() + rest[1:])
    return _finish(text[s:e])


def _finish(s: str) -> str:
    s = _clean(s)
    if s and s[-1] not in ".!?\"'”’…)":
        s += "."
    return s


# --------------------------------------------------------------------------

def _clause(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> tuple[int, int] | None:
    """The clause of the sentence text[s:e] holding t, if it holds none of
    the other dates of the sentence; else None."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(text, s, e)]
    if not cuts:
        return None
    cs, ce = s, e
    for a, b in cuts:
        if b <= t.start:
            cs = b
        elif a >= t.end:
            ce = a
            break
        else:  # the boundary is inside the date
            return None
    if any(cs < o.end and o.start < ce for o in others):
        return None
    if len(_WORD.findall(text[cs:ce])) < 4:
        return None
    return cs, ce


_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_END = re.compile(r"\s*(?:to|until|till|through|and|[-–])\s*", re.I)
# the words a statement cut before another date's part may end on ("... would be charged over")
_DANGLING = re.compile(r"(?:[\s,;:–—-]+(?:over|for|of|in|on|at|to|with|by|from|about|before|after|since|when|while|"
                       r"which|who|that|the|a|an|and|or|but|as|its|their|his|her)\b)*[\s,;:–—-]*$", re.I)
_PART_BREAK = re.compile(r"(?:[,;:]|\s[–—-])\s*(?:(?:and|but)\s+)?$")
_FRONTED_PHRASE = re.compile(r"(?:in|on|at|during|after|before|from|by|with|under|for|since|amid|following)\b", re.I)
_INFINITIVE = re.compile(r"(?i:to)\s+(?!(?:the|a|an|its|his|her|their|this|that|these|those)\b)[a-z]+\b")
_SUB_CUT = re.compile(r"\s*(?:[,;:]\s|\s[–—]\s)\s*")


def _subclause(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> int | None:
    """Where the part of the sentence text[s:e] about t begins when another
    date comes before it: after the last comma (or dash, semicolon) between
    that date and t.  "... met on Wednesday, in their first summit since
    Biden took office in January": January's part is "in their first
    summit since Biden took office"."""
    prev = min((o.end for o in others if o.end <= t.start), default=None)
    if prev is None:
        return None
    cut = None
    for m in _SUB_CUT.finditer(text, prev, t.start):
        cut = m.end()
    if cut is None or len(_WORD.findall(text[cut:e])) < 4:
        return None
    return cut


# --------------------------------------------------------------------------
# a part cut from its sentence, told as a statement of its own

# the word (and what goes with it) that only joins the part to its sentence:
# "under which allies aim ..." -> "Allies aim ...", "since Biden took office" ->
# "Biden took office", "before the election" -> "The election"
_JOINER = re.compile(
    r"(?:" + _REL_PREP + r"\s+(?:which|whom)\s+(?!of\b)"
    r"|(?:" + _TIME_SPAN + r"\s+)?"
    r"(?:after|before|since|until|till|following|over|amid|despite|ahead\s+of|in\s+retaliation\s+for|"
    r"in\s+response\s+to|according\s+to|where|whereby|when)\s+)", re.I)
# "which voted ...", "who tried ...": the clause says something of a name before it
_SUBJECT_RELATIVE = re.compile(r"(?:which|who|that)\s+", re.I)
_DETERMINERS = frozenset("the a an its their his her our this these those two three four five six seven eight "
                         "nine ten several many some".split())
# the sentence's subject, an apposition, then the part: "Laschet, leader of the CDU since January, | said ..."
_SUBJECT_APPOSITION = re.compile(r"\s*((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*|(?:The|A|An|Its|Their)\s+"
                                 r"(?:[\w'’-]+\s+){0,3}[\w'’-]+),\s+[^,;:]{3,80},\s*")
_LIST_SUBJECT = re.compile(r"\s*((?i:they|he|she|it|we)|(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)\s+[a-z]{2,}\b")
# words that open a phrase, not a clause: "to mark ...", "in her first comments on ...", "as their candidate ..."
_PHRASE_OPEN = frozenset("to in as at on for with by of".split())
_NP_OPEN = re.compile(r"\b(?:the|a|an|its|their|his|her|our)\s+|\b[A-Z][\w-]*['’]s\s+")
_IN_NAME = re.compile(r"[A-Z][\w'’-]*\s+(?:of|for)\s+$")
_OWN_VERB = re.compile(r"\b(?:that|which|who)\s+[a-z]+|\b[a-z]{3,}ed\b")
_REL_WORD = re.compile(r"\s+(?:that|which)\s+(?!(?:it|he|she|they|we|i|you|the|a|an|this|that|its|his|her|their|our)\b)"
                       r"(?=[a-z])")
_NOT_PREDICATE = frozenset("""the a an its their his her this these those in on at of for to from with by
    it he she they we i you there here not no and or but that which who when where while as after before since
    until than then also""".split())


def _as_statement(text: str, s: int, a: int, gist: str, t: Timex) -> str:
    """The gist of a part that starts at a, inside the sentence starting at s,
    worded as a statement: without the word that joins it to the sentence,
    with the name a relative clause is on, or with the sentence's subject
    when the part is its predicate; a phrase with no clause of its own ("to
    mark the anniversary of the alliance founded in Washington in April
    1949") gives the noun phrase the date follows ("The alliance founded in
    Washington.")."""
    m = _JOINER.match(gist)
    if m:
        rest = gist[m.end():]
        return _capital(rest) if len(_WORD.findall(rest)) >= 2 else gist
    m = _SUBJECT_RELATIVE.match(gist)
    if m:
        if _OBJECT_RELATIVE.match(gist, m.end()):
            return gist
        name = _antecedent(text[s:a])
        return _capital(name) + " " + gist[m.end():] if name else gist
    first = text[a:a + 40].split()[:1]
    if first and first[0][:1].islower() and first[0].lower() not in _NOT_PREDICATE:
        sm = _SUBJECT_APPOSITION.fullmatch(text, s, a)
        if sm:
            return sm[1] + " " + gist[:1].lower() + gist[1:]
        # one of a list of verbs of one subject: "they flew to Gatwick on 2 March, travelled
        # to Salisbury on 3 March, returned on Sunday, 4 March" -> "They returned ..."
        clause = max(s, text.rfind(":", s, a) + 1, text.rfind(";", s, a) + 1)
        sm = _LIST_SUBJECT.match(text, clause, a)
        if sm and first[0].endswith("ed"):
            return _capital(sm[1]) + " " + gist[:1].lower() + gist[1:]
    if first and (first[0] in _PHRASE_OPEN or first[0].endswith("ing")):
        # the nearest noun phrase before the date, not one inside a name ("the Organisation
        # for the Prohibition of Chemical Weapons")
        dets = [m for m in _NP_OPEN.finditer(text, max(a, t.start - 90), t.start)
                if not _IN_NAME.search(text, max(0, m.start() - 30), m.start())]
        if dets:
            np = _PLACE_PREP.sub("", text[dets[-1].start():t.start]).rstrip(" ,")
            # after "to" the date is the infinitive's ("to hack into the network ... in April")
            # unless a clause inside the noun phrase takes it ("the alliance founded in ...")
            if first[0] == "to" and not _OWN_VERB.search(np):
                return gist
            np = _REL_WORD.sub(" ", np)  # "a war that began" -> "a war began"
            if len(_WORD.findall(np)) >= 2:
                return _finish(_capital(np))
    return gist


def _antecedent(before: str) -> str | None:
    """The noun phrase a relative clause right after `before` is on: from the
    nearest determiner or number ("the CDU's executive", "four GRU officers"),
    or a name ("President Vladimir Putin"); None when neither ends it."""
    words = before.rstrip(" ,").split()[-6:]
    phrase: list[str] = []
    for w in reversed(words):
        if w[-1:] in ",;:()\"" and phrase:
            break
        lw = w.lower()
        if lw in _DETERMINERS or w[:1].isdigit():
            return " ".join([w] + phrase)
        if w[:1].isupper():
            phrase.insert(0, w)
            continue
        if phrase and all(x[:1].isupper() for x in phrase):
            return " ".join(phrase)  # a name ends here
        if phrase:
            return None
        phrase.insert(0, w)  # the head noun: "officers"
    return " ".join(phrase) if phrase and all(x[:1].isupper() for x in phrase) else None


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:] if s[:1].islower() else s


def _specific(t: Timex) -> bool:
    v = t.value
    if not v or v.endswith("_REF") or "X" in v or v.startswith("P"):
        return False
    return t.type in ("DATE", "TIME")


_DAYS = re.compile(r"P(\d+)([DW])")
_COUNT_PART = re.compile(r"\s+(after|before)\b", re.I)
_SPAN_BEFORE = re.compile(r"\b(?:for|within|in|over|than|wait|waited|waiting|until|till|up\s+to)\s+$", re.I)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")


def _counted_from(text: str, timexes: list[Timex], sents: list[tuple[int, int]]) -> list[Timex]:
    """Days counted from the day of their sentence, as dates of the part they open: in "Dawn
    Sturgess died on Sunday, eight days after she and her partner collapsed", the collapse
    is eight days before that Sunday. The time tagger keeps "eight days" a duration there,
    as TimeBank marks it ("two days later" it dates itself, from the day told before)."""
    # days written as days ("Sunday evening"), not a clock time put on the article's day ("6 a.m.")
    days = sorted((t for t in timexes if _DAY_VALUE.match(t.value) and (t.type == "DATE" or (
        t.type == "TIME" and not re.search(r"\d", t.text)))), key=lambda t: t.start)
    starts = [a for a, _ in sents]
    out = []
    for d in timexes:
        m = _DAYS.fullmatch(d.value) if d.type == "DURATION" and not d.mod else None
        w = _COUNT_PART.match(text, d.end) if m else None
        i = bisect.bisect_right(starts, d.start) - 1
        # after a comma (not "ten days before the shooting"), and not a span of time
        # ("must wait 30 days before closing", "within two days after")
        if (w is None or i < 0 or not re.search(r",\s*$", text[max(sents[i][0], d.start - 3):d.start])
                or _SPAN_BEFORE.search(text, max(0, d.start - 12), d.start)):
            continue
        s = sents[i][0]
        anchor = next((t for t in reversed(days) if s <= t.start and t.end <= d.start), None)
        if anchor is None:
            continue
        n = int(m[1]) * (7 if m[2] == "W" else 1)
        sign = -1 if w[1].lower() == "after" else 1
        day = _dt.date.fromisoformat(anchor.value[:10]) + _dt.timedelta(days=sign * n)
        # the counted day's part is what follows: "she and her partner collapsed ..."
        out.append(Timex(d.start, w.end(), text[d.start:w.end()], day.isoformat(), "", "DATE"))
    return out


def extract_events(text: str, dct: _dt.date, timexes: list[Timex], spans: list[Span]) -> list[Event]:
    """The article's events, in order of position.

    One event per distinct (sentence, value, mod); vague references are
    skipped; a heading that repeats a date of a sentence is dropped.
    """
    sents = sentences(text)
    starts = [a for a, _ in sents]
    stamped = set()  # sentences that carry a specific date of their own
    per_sentence: dict[int, list[Timex]] = {}
    # days counted from another come after the written dates: "a week before the election on
    # 26 September" is the date written
    for t in [*sorted(timexes, key=lambda t: t.start), *_counted_from(text, timexes, sents)]:
        if not _specific(t):
            continue
        i = bisect.bisect_right(starts, t.start) - 1
        if i < 0:
            continue
        per_sentence.setdefault(i, []).append(t)
        stamped.add(i)
    span_starts = sorted(spans, key=lambda sp: sp.start)
    sp_keys = [sp.start for sp in span_starts]

    def entities(a: int, b: int) -> list[str]:
        names: list[str] = []
        for sp in span_starts[bisect.bisect_left(sp_keys, a):bisect.bisect_left(sp_keys, b)]:
            if sp.end <= b and sp.label != "DATE":
                nm = sp.name or sp.text
                if nm not in names:
                    names.append(nm)
        return names

    cands: list[tuple[Event, bool]] = []
    date_at: dict[int, Timex] = {}  # id of an event -> its date
    for i in sorted(per_sentence):
        s, e = sents[i]
        heading = _heading(text, s, e)
        seen: set[str] = set()
        first = len(cands)
        tellings: list[tuple[Timex, str, str]] = []  # days of telling put aside for another date
        for t in per_sentence[i]:
            value = t.value.split("T")[0] if t.type == "TIME" else t.value
            if value in seen:  # "Earlier Friday, ... on Friday": one event
                continue
            if any(o.end <= t.start and _RANGE_END.fullmatch(text, o.end, t.start)
                   and _RANGE_OPEN.search(text, max(s, o.start - 10), o.start) for o in per_sentence[i]):
                # "governed from 1998 to 2005": one time span, the event at its start
                continue
            seen.add(value)
            # "joined the alliance after May 1997": the event is after that time, not at it
            mod = t.mod
            if not mod and t.type == "DATE":  # "shortly before midnight" is still that day
                before_t = text[max(s, t.start - 12):t.start]
                mod = "AFTER" if _AFTER.search(before_t) else "BEFORE" if _BEFORE.search(before_t) else ""
            a, b = s, e
            before = text[s:t.start]
            after = text[t.end:e]
            opens = _OPENING.fullmatch(before) is not None
            reporting = _REPORT_BEFORE.search(before[-60:]) is not None or (
                opens and _REPORT_AFTER.match(after) is not None)
            if reporting and _own_telling(text, t, per_sentence[i]):
                # "... took effect six months after Washington announced it on 1 February":
                # the announcing is a happening of its own part, not the telling of the other date
                reporting = False
            if reporting and any(o is not t and o.value != t.value for o in per_sentence[i]):
                # "X happened in April, a spokesman said on Wednesday": the
                # sentence's event is April's; Wednesday only dates the telling
                # (unless every other date keeps to a part of its own: below)
                tellings.append((t, value, mod))
                continue
            if reporting:
                statement = text[s:t.start]
                tail_at = max(0, len(statement) - 100)
                rm = _REPORT_TAIL.search(statement, tail_at)
                if rm:
                    statement = statement[:rm.start()]
                if (_LEAN.match(statement) and i > 0 and (i - 1) not in stamped
                        and "\n\n" not in text[sents[i - 1][1]:s]):
                    ps, pe = sents[i - 1]
                    gist = _finish(text[ps:pe])
                    a = ps
                else:
                    gist = _finish(statement) if len(statement.strip()) > 20 else _gist_without(text, s, e, t)
            else:
                # two dates in two clauses: each event is its own clause
                others = [o for o in per_sentence[i] if o.value.split("T")[0] != value]
                told = _told_happening(text, s, e, t) if not others else None
                if told is not None:
                    # "Czech police said ... the poisoning of Sergei Skripal in March 2018":
                    # March 2018 dates the poisoning, not the police's saying; the names of
                    # what is told stay with it (the suspects, the GRU said to be behind it),
                    # not the teller's
                    a, b, gist, told_from = told
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(told_from, e), start=a, end=b)
                    cands.append((ev, heading))
                    date_at[id(ev)] = t
                    continue
                np = _dated_noun(text, s, e, t) if others else None
                if np is not None:
                    # "... after the 2014 blasts": the blasts are the 2014 event
                    a, b, gist = np
                    words = _WORD.findall(gist)
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(a, b), start=a, end=b)
                    cands.append((ev, heading))
                    date_at[id(ev)] = t
                    continue
                # a date inside a relative clause dates that clause, with or without another date
                rel = _relative(text, s, e, t, others) or (
                    (_restrictive(text, s, e, t) or _planned(text, s, e, t)) if not others else None)
                if rel is not None:
                    # "The Czech Republic, which expelled 18 diplomats in April, said ..."
                    a, b, gist = rel
                    ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                               entities=entities(a, b), start=a, end=b)
                    cands.append((ev, heading))
                    date_at[id(ev)] = t
                    continue
                cl = _clause(text, s, e, t, others) if others else None
                if cl is None and others:
                    cl = _own_part(text, s, e, t, others)
                if cl is None and others:
                    sub = _subclause(text, s, e, t, others)
                    if sub is not None:
                        # and up to the comma before the next date's part: "..., travelled to
                        # Salisbury on 3 March, | returned on Sunday, 4 March, ..."
                        nxt = min((o.start for o in others if o.start >= t.end), default=e)
                        ends = [m.start() for m in _SUB_CUT.finditer(text, t.end, nxt)]
                        cl = (sub, ends[-1] if ends and nxt < e else e)
                cs, ce = cl if cl else (s, e)
                # drop a closing ", a spokesman said (on Wednesday)."
                rt = _REPORT_END.search(text, max(t.end, ce - 120), ce)
                gist = _capital(_gist_without(text, cs, rt.start() if rt else ce, t))
                if cl and cs > s:
                    gist = _as_statement(text, s, cs, gist, t)
                if cl:
                    a, b = cs, ce
            words = _WORD.findall(gist)
            if len(words) < 2 or not any(w[0].islower() for w in words):
                # a dateline or a bare date says nothing that happened
                continue
            ev = Event(value=value, mod=mod, display=display(value, mod), text=_trim(gist, keep=t.text),
                       entities=entities(a, b), start=a, end=b)
            cands.append((ev, heading))
            date_at[id(ev)] = t
        parts = [ev for ev, _h in cands[first:]]
        # (not an infinitive: in "an attempt by four officers ..., to hack into ... in April" the
        # date is what was told)
        if tellings and parts and all(ev.start > s and not _INFINITIVE.match(text, ev.start) for ev in parts):
            # "Macron said on Sunday that he knew Morrison had lied to him ... before Australia
            # joined the AUKUS pact in September": each other date dates a part of its own
            # (a clause after "before", "the attack in March 2018"), so what was told carries
            # no date but its telling: the statement is that day's event, up to those parts
            day, value, mod = tellings[0]
            b = min(ev.start for ev in parts)
            if day.end <= b and len(_WORD.findall(text, day.end, b)) >= 3:  # something told before those parts
                ev = Event(value=value, mod=mod, display=display(value, mod),
                           text=_trim(_finish(_DANGLING.sub("", text[s:b])), keep=day.text), entities=entities(s, b),
                           start=s, end=b)
                cands.append((ev, heading))
                date_at[id(ev)] = day
        for x, _h in cands[first:]:
            # a part that runs on over the part of a later date ends where that part opens
            # ("they flew from Moscow to Gatwick on 2 March, | travelled to Salisbury on 3 March")
            own = date_at[id(x)]
            later = [y.start for y, _ in cands[first:] if y is not x and y.value != x.value
                     and own.end <= y.start < x.end and y.end <= x.end]
            if later:
                x.end = min(later)
                x.entities = entities(x.start, x.end)
                # and its gist stops there too, when it holds that part word for word and the
                # part opens after a comma or the like ("died in hospital on Sunday evening, |
                # eight days after ..."), and what is left is a clause, not a fronted phrase
                cut = x.text.find(text[x.end:x.end + 24].strip())
                head = _finish(_DANGLING.sub("", x.text[:cut])) if cut > 30 else ""
                if (head and _PART_BREAK.search(text, max(x.start, x.end - 8), x.end)
                        and len(_WORD.findall(head)) >= 4 and not (_FRONTED_PHRASE.match(head) and "," not in head)):
                    x.text = head
    # a heading repeating the date of a sentence says less than the sentence
    body_keys = {(ev.value, ev.mod) for ev, h in cands if not h}
    out = [ev for ev, h in cands if not (h and (ev.value, ev.mod) in body_keys)]
    out.sort(key=lambda ev: ev.start)
    return merge_same(out)


# --------------------------------------------------------------------------
# the part of a sentence a date belongs to

# a date written before a noun: "the 2014 blasts", "the April 2021 expulsions",
# "Sunday's vote"; the noun phrase runs to a comma or a clause word, and may
# take one place after it ("the 2014 blasts at Vrbetice")
_DET_BEFORE = re.compile(r"(?:\b(?:the|its|their|his|her|this|that|a|an)\s+(?:[a-z]{3,}\s+)?)$", re.I)
_NOUN_AFTER = re.compile(
    r"(?:['’]s)?\s+((?:[A-Z][\w’'-]*\s+){0,3}[a-z][a-z-]{2,}(?:\s+[a-z][a-z-]{2,})?"
    r"(?:\s+(?:at|in|near|on|of|against|by)\s+(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,3}[\w’'-]+)?)")
_NOT_NOUN = frozenset("""was were is are had has have will would could should may might must can did do does
    and or but that which who when where while as after before since until than then also
    said says told""".split())
_YEARISH = re.compile(r"^\d{4}(?:-\d\d)?$")


def _dated_noun(text: str, s: int, e: int, t: Timex) -> tuple[int, int, str] | None:
    """A date that only qualifies a noun ("the 2014 blasts at Vrbetice"): the
    noun phrase's offsets and its gist ("Blasts at Vrbetice.")."""
    if not _YEARISH.match(t.value) or not _DET_BEFORE.search(text, max(s, t.start - 24), t.start):
        return None
    m = _NOUN_AFTER.match(text, t.end, e)
    if m is None:
        return None
    words = m[1].split()
    first_lower = next((w for w in words if w[:1].islower()), "")
    if first_lower.lower() in _NOT_NOUN or any(w.lower() in _NOT_NOUN for w in words):
        cut = next(i for i, w in enumerate(words) if w.lower() in _NOT_NOUN)
        words = words[:cut]
        if not any(w[:1].islower() for w in words):
            return None
    phrase = " ".join(words)
    a = _DET_BEFORE.search(text, max(s, t.start - 24), t.start).start()
    b = t.end + text[t.end:e].find(words[-1]) + len(words[-1])
    return a, b, _finish(_capital(phrase))


# a sentence told by its subject: "Czech police said", "Prime Minister Andrej Babiš said"
_TOLD = re.compile(r"\W*(?:[\w.'’-]+\s+){1,6}?" + _SAY + r"\b", re.I)
# a noun phrase with its prepositional phrases, up to the preposition of a date after it:
# "the explosion at an ammunition depot near Vrbetice, in the east of the country, in"
_DEF = "the|its|their|his|her"
_NP_PREP = "of|at|in|near|on|against|by|from"
_CLAUSE_WORD = "was|were|is|are|had|has|have|been|will|would|and|or|but|that|which|who"
_HAPPENING_NP = re.compile(
    rf"(?:{_DEF})\s+(?:([a-z][\w-]*)\s+)??([a-z][a-z-]+)"
    rf"((?:,?\s+(?:{_NP_PREP})\s+(?:(?:an?|{_DEF})\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?[\w’'-]+)*),?\s+(?:in|on|during)\s+", re.I)
_DEFINITE = re.compile(rf"\b(?:{_DEF})\s", re.I)
_CHAIN_AFTER = re.compile(rf"\s+(?:{_NP_PREP})\s")
# a verb in what follows the date ("preferred stock" is not one: an -ed word before a noun)
_VERB_AFTER = re.compile(rf"\b(?:{_CLAUSE_WORD})\b|\b[a-z]+ed(?:\s+(?:an?|{_DEF}|by|to|in|on|at|for)\b|\s*$)")
_CHAIN_STOP = re.compile(r"[,;:]\s|\s[–—-]\s")
_NOT_IN_CHAIN = re.compile(rf"\b(?:[a-z]+ed|{_CLAUSE_WORD})\b")


def _told_happening(text: str, s: int, e: int, t: Timex) -> tuple[int, int, str, int] | None:
    """A date closing a noun phrase of happening inside a told sentence ("Czech police said
    they were looking for two men ... the suspects in the poisoning of Sergei Skripal in
    Salisbury in March 2018"): the phrase's offsets, its gist ("The poisoning of Sergei
    Skripal in Salisbury.") and where what is told starts. The happening is a noun TimeBank
    marks as one (happenings.txt), or "the ...ing of"."""
    told = _TOLD.match(text, s, t.start)
    if told is None:
        return None
    nouns = happenings()
    for m in _DEFINITE.finditer(text, max(told.end(), t.start - 160), t.start):
        np = _HAPPENING_NP.fullmatch(text, m.start(), t.start)
        if np is None or _NOT_IN_CHAIN.search(np.group(3)):
            continue
        noun = np.group(2).lower()
        if noun in nouns or (noun.endswith("ing") and np.group(3).lstrip(", ").startswith("of ")):
            end = np.start(3) + len(np.group(3))
            phrase = text[m.start():end].rstrip(" ,")
            # "the redemption on Dec. 7 of all the 800,000 remaining shares": what follows the date
            stop = _CHAIN_STOP.search(text, t.end, e)
            rest = text[t.end:stop.start() if stop else e].rstrip(" .!?")
            if _CHAIN_AFTER.match(rest) and not _VERB_AFTER.search(rest):
                phrase += rest
                end = t.end + len(rest)
            return m.start(), end, _finish(_capital(phrase)), told.end()
    return None


_REL_OPEN = re.compile(r",\s+(?:which|who)\s+", re.I)


def _relative(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> tuple[int, int, str] | None:
    """A date inside a relative clause on the subject ("The Czech Republic,
    which expelled 18 diplomats in April, said ..."): where the clause's
    subject starts (the sentence's, or a name deeper in it), the end of the
    clause and the gist "The Czech Republic expelled 18 diplomats."."""
    m = None
    for m in _REL_OPEN.finditer(text, s, t.start):
        pass
    if m is None or any(m.end() <= o.start < t.start for o in others):
        return None
    close = text.find(",", t.end, e)
    if close < 0:
        close = e  # the clause runs to the sentence's end ("..., which has not met since 2019.")
    if any(t.end <= o.start < close for o in others):
        return None
    subject = text[s:m.start()]
    a = s
    if len(_WORD.findall(subject)) > 6:
        # deeper in the sentence: the name the clause is on ("he said that the NATO-Russia
        # Council, which has not met since 2019, should meet again"), when the clause is
        # on it ("which has not met", not "which it led")
        named = _NAME_BEFORE_REL.search(subject)
        if named is None and m.group(0).rstrip().lower().endswith("who"):
            named = _PERSON_BEFORE_WHO.search(subject)
        if named is None or _OBJECT_RELATIVE.match(text, m.end()):
            return None
        subject = named.group(1)
        a = s + named.start(1)
    clause = _gist_without(text, m.end(), close, t).rstrip(".")
    return a, close, _finish(_capital(subject.strip()) + " " + clause[:1].lower() + clause[1:])


# a name (with its article) right before ", which" / ", who", after a word that opens
# a clause or a list ("that the NATO-Russia Council", "known as Petrov and Boshirov",
# "including through the NATO-Russia Council", "to the Greens"); not after "with",
# "in", "of" ("in connection with Vrbetice, who used the names": the two men did)
_NAME_BEFORE_REL = re.compile(r"\b(?:that|as|through|including|to)\s+"
                              r"((?:the\s+)?(?:[A-Z][\w'’.-]*\s+(?:and\s+)?){0,4}[A-Z][\w'’.-]*)\s*$")
# a person's full name before ", who" after any preposition ("the killing of Alexander
# Litvinenko, who was poisoned with polonium in London in 2006")
_PERSON_BEFORE_WHO = re.compile(r"\b(?:of|with|by|for|from|on|at)\s+((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*)\s*$")
# "which it led", "who he said": the clause's subject is another
_OBJECT_RELATIVE = re.compile(r"(?:it|he|she|they|we|i|you|the|a|an|this|that|its|his|her|their|our)\b", re.I)


_RESTRICTIVE = re.compile(r"\b(?:that|which|who)\s+((?:has\s+|have\s+|had\s+)?[a-z]+ed\b)", re.I)
_ANTECEDENT = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){0,2}[A-Za-z][\w'’-]*)\s*$")
_NOT_ANTECEDENT = frozenset("in on at of for to from with by and or but the a an its their his her this that these "
                            "those".split())


def _restrictive(text: str, s: int, e: int, t: Timex) -> tuple[int, int, str] | None:
    """The one date of a sentence inside a relative clause ("... the deployment of forces in
    countries that joined the alliance after May 1997"): it dates that clause, not the sentence.
    Where the noun it is on starts, the end of the clause and the gist "Countries joined
    the alliance after May 1997."."""
    m = None
    for m in _RESTRICTIVE.finditer(text, s, t.start):
        pass
    if m is None or m.start() - s < 15 or re.search(r"[,;:]", text[m.end():t.start]):
        return None
    close = next((i for i in (text.find(",", t.end, e), text.find(";", t.end, e)) if i >= 0), e)
    words = _ANTECEDENT.search(text, s, m.start())
    if words is None:
        return None
    # the noun before "that", with a capitalised word before it ("Baltic states"), never a
    # preposition or an article ("in countries that ..." is "Countries")
    before = words.group(1).split()
    if before[-1].lower() in _NOT_ANTECEDENT:
        return None
    head = before[-1:]
    if len(before) > 1 and before[-2][:1].isupper() and before[-2].lower() not in _NOT_ANTECEDENT:
        head.insert(0, before[-2])
    clause = text[m.start(1):close].strip().rstrip(".")
    a = words.start(1) + [w.start() for w in re.finditer(r"\S+", words.group(1))][-len(head)]
    return a, close, _finish(_capital(" ".join(head)) + " " + clause)


# ", to be adopted at the next summit in Madrid in 2022": what is planned for the date
_PLANNED = re.compile(r",\s+((?:to\s+be\s+[a-z]+(?:ed|en)|due\s+to\s+[a-z]+|set\s+to\s+[a-z]+)\b[^,;:]*)$", re.I)


def _planned(text: str, s: int, e: int, t: Timex) -> tuple[int, int, str] | None:
    """The one date of a sentence inside a closing ", to be adopted ... in 2022"
    on the noun before it ("... asked Stoltenberg to draft a new Strategic
    Concept, to be adopted at the next summit in Madrid in 2022"): it dates
    that plan, not the sentence ("Strategic Concept is to be adopted at the
    next summit in Madrid.")."""
    m = _PLANNED.search(text, s, t.start)
    if m is None or not re.fullmatch(r"[\s.!?\"'”’)]*", text[t.end:e]):
        return None
    name = _antecedent(text[s:m.start()])
    if name is None:
        return None
    clause = _gist_without(text, m.start(1), e, t).rstrip(".")
    head = name.split()[-1]
    verb = "are" if head.endswith("s") and head[:1].islower() else "is"  # "the plans are", "Wales is"
    return s, e, _finish(_capital(name) + " " + verb + " " + clause[:1].lower() + clause[1:])


# words that open a part of the sentence with a time of its own:
# "expelled in 2021 after Prague blamed ...", "which expelled ... in April"
_PART_OPEN = re.compile(r"(?:,\s*|\s)(?:after|before|following|because|since|when|while|as|over|amid|until|ahead\s+of|"
                        r"in\s+response\s+to|in\s+retaliation\s+for|which|who|where|that\s+(?!is\b|was\b)[a-z]+ed\b)\b"
                        r"|,\s+[a-z]+ing\b", re.I)


_SAME_TIME_OPEN = re.compile(r"\W*(?:when|as|while)\b", re.I)
_INTO_DATE = re.compile(r"\s*(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+|early\s+|late\s+|mid-?\s*)?", re.I)
# what goes with the word that opens a part: the preposition of "under which", "in which";
# the time of "six months after", "minutes after", "a day before"
_PREP_BEFORE = re.compile(r"(?:,\s*|\s)" + _REL_PREP + r"\s*$", re.I)
_TIME_BEFORE = re.compile(r"(?:,\s*|\s)" + _TIME_SPAN + r"\s*$", re.I)


def _own_telling(text: str, t: Timex, dates: list[Timex]) -> bool:
    """A verb of saying before t sits in a part of its own, opened after every
    other date of the sentence ("..., six months after Washington announced it
    on 1 February"): what it tells is not those dates."""
    others = [o for o in dates if o is not t and o.value != t.value]
    if not others or any(o.start > t.start for o in others):
        return False
    prv = max(o.end for o in others)
    return any(m.group(0).strip(", ").split()[0].lower() in ("after", "before", "since", "following", "until")
               for m in _PART_OPEN.finditer(text, prv, t.start))


def _part_start(text: str, m: re.Match) -> int:
    """Where the part opened by m begins: before its word, or before the
    preposition or the time that goes with that word."""
    word = m.group(0).strip(", ").split()[0].lower()
    at = m.start()
    lookback = text[max(0, at - 40):at]
    if word in ("which", "whom"):
        pm = _PREP_BEFORE.search(lookback)
        if pm:
            return at - len(lookback) + pm.start()
    elif word in ("after", "before"):
        tm = _TIME_BEFORE.search(lookback)
        if tm:
            return at - len(lookback) + tm.start()
    return at + len(m.group(0)) - len(m.group(0).lstrip(", "))


def _own_part(text: str, s: int, e: int, t: Timex, others: list[Timex]) -> tuple[int, int] | None:
    """The part of the sentence text[s:e] that t dates, cut where a part
    with another date opens ("after", "before", "which" ...), or None."""
    a, b = s, e
    later = [o for o in others if o.start >= t.end]
    earlier = [o for o in others if o.end <= t.start]
    if later:
        nxt = max(o.start for o in later)
        for m in _PART_OPEN.finditer(text, t.end, nxt):
            # "on 17 April, when Prague expelled ...": a when/as/while part after
            # the date happens at that date; the part ends at the next opener
            if _SAME_TIME_OPEN.match(m.group(0)):
                continue
            # "gave them until the end of Monday": the word only leads into the other date
            if any(_INTO_DATE.fullmatch(text, m.end(), o.start) for o in later):
                continue
            b = len(text[:_part_start(text, m)].rstrip(" ,"))
            break
    if earlier:
        prv = max(o.end for o in earlier)
        cut = None
        for m in _PART_OPEN.finditer(text, prv, t.start):
            cut = m
        if cut is not None:
            a = max(prv, _part_start(text, cut))
            a += len(text[a:]) - len(text[a:].lstrip(" ,"))
    if (a, b) == (s, e) or len(_WORD.findall(text[a:b])) < 3:
        return None
    return a, b


# --------------------------------------------------------------------------
# one event once

def _day(value: str) -> int | None:
    try:
        return _dt.date.fromisoformat(value[:10]).toordinal() if len(value) >= 10 else None
    except ValueError:
        return None


_LIGHT = frozenset("""that this with from have been were said says also they their there which what when will would
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december week weeks month months year years today yesterday tomorrow morning
    afternoon evening night""".split())  # time words: the times are compared on their own


def _gist_words(ev: Event) -> set[str]:
    """Content words of the gist, cut to five letters ("expelled", "expel"; "Russians", "Russian")."""
    return {w.lower()[:5] for w in _WORD.findall(ev.text) if len(w) > 3 and w.lower() not in _LIGHT}


def _near_in_time(a: Event, b: Event) -> bool:
    if a.mod != b.mod and a.mod and b.mod:
        return False
    if a.value == b.value:
        return True
    if len(a.value) < 10 or len(b.value) < 10:
        return False
    da, db = _day(a.value), _day(b.value)
    return da is not None and db is not None and abs(da - db) <= 1


def _same_words(a: Event, b: Event, wa: set[str], wb: set[str]) -> bool:
    """Many shared words, or some and a shared name; on days next to each other only many
    ("Baerbock plans to travel to Paris on Thursday to meet her French counterpart" and
    "Scholz is expected in Paris on Friday to meet President Emmanuel Macron" are two)."""
    if not wa or not wb:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    return overlap >= 0.5 or (overlap >= 0.25 and a.value == b.value and not set(a.entities).isdisjoint(b.entities))


def same_report(a: Event, b: Event) -> bool:
    """Two passages report one event: the same time (or days next to each
    other), and either a shared name with some shared words or many shared words."""
    return _near_in_time(a, b) and _same_words(a, b, _gist_words(a), _gist_words(b))


def merge_same(events: list[Event]) -> list[Event]:
    """One event once: a later passage reporting an earlier event joins it as evidence."""
    out: list[Event] = []
    words: list[set[str]] = []
    for ev in events:
        mine = None
        first = None
        for o, wo in zip(out, words):
            if _near_in_time(o, ev):
                if mine is None:
                    mine = _gist_words(ev)
                if _same_words(o, ev, wo, mine):
                    first = o
                    break
        if first is None:
            out.append(ev)
            words.append(mine if mine is not None else _gist_words(ev))
            continue
        first.evidence.append((ev.start, ev.end))
        first.entities = list(dict.fromkeys(first.entities + ev.entities))
    return out

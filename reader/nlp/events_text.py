"""How an event is told: its gist, cut from its sentence (part of reader.nlp.events).

The sentence or the part of it a date belongs to, tidied: the date dropped where it only
opens or closes the clause, asides dropped to fit GIST_MAX, a part cut from its sentence
told as a statement of its own ("since Biden took office" -> "Biden took office.").
Also the word patterns the event modules share (verbs of saying, stretches of time)."""

from __future__ import annotations

import re

from reader.model import Timex

GIST_MAX = 140


# --------------------------------------------------------------------------
# gists

# verbs of saying that a trailing date may belong to
_SAY = r"(?:said|says|say|told\s+\w+(?:\s+\w+)?|announced|reported|stated|added|declared|confirmed|explained|insisted|noted|warned|wrote|argued|claimed|tweeted|emphasi[sz]ed|stressed|commented|disclosed|revealed)"
# prepositions that only place an event in time: dropped with the date
_PLACE_PREP = re.compile(r"(?:\b(?:in|on|at|during|from|for)\s+|,\s*)$", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
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


# a pronoun or an article after "which": the clause is on something else ("which it led")
_OBJECT_RELATIVE = re.compile(r"(?:it|he|she|they|we|i|you|the|a|an|this|that|its|his|her|their|our)\b", re.I)


# --------------------------------------------------------------------------
# a part cut from its sentence, told as a statement of its own

# the word (and what goes with it) that only joins the part to its sentence:
# "under which allies aim ..." -> "Allies aim ...", "since Biden took office" ->
# "Biden took office", "before the election" -> "The election"
_JOINER = re.compile(
    r"(?:" + _REL_PREP + r"\s+(?:which|whom)\s+(?!of\b)"
    r"|(?:" + _TIME_SPAN + r"\s+)?"
    r"(?:after|before|since|until|till|following|over|amid|despite|ahead\s+of|in\s+retaliation\s+for|"
    r"in\s+response\s+to|according\s+to|where|whereby|when|why|how)\s+)", re.I)
# "which voted ...", "who tried ...": the clause says something of a name before it
_SUBJECT_RELATIVE = re.compile(r"(?:which|who|that)\s+", re.I)
_DETERMINERS = frozenset("the a an its their his her our this these those two three four five six seven eight "
                         "nine ten several many some".split())
# words of a quantity between a determiner and its noun: "a dozen European countries"
_QUANTITY = frozenset("dozen dozens hundred hundreds thousand thousands million millions couple number".split())
# and before the determiner: "more than a dozen"
_QUANTITY_BEFORE = re.compile(r"(?:more|fewer|less)\s+than\s+$|at\s+least\s+$", re.I)
# the sentence's subject, an apposition, then the part: "Laschet, leader of the CDU since January, | said ..."
_SUBJECT_APPOSITION = re.compile(r"\s*((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*|(?:The|A|An|Its|Their)\s+"
                                 r"(?:[\w'’-]+\s+){0,3}[\w'’-]+),\s+[^,;:]{3,80},\s*")
# a verb in the past: "-ed" or one of the common irregular ones
_PAST_VERB = (r"(?:[a-z]{3,}ed|gave|took|made|sent|told|left|went|came|began|held|met|won|lost|kept|brought|set|put|"
              r"said|flew|fled|drove|wrote|spoke|struck|ran)")
# a name or pronoun and its verb in the past: "Munero had fled", "Russia declared"; the
# subject a second verb after "and" shares ("... and returned to Cuba later that year")
_SUBJECT_VERB = re.compile(r"\b((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*|(?i:they|he|she|we))\s+"
                           r"(?:(?:had|has|have|was|were)\s+)?" + _PAST_VERB + r"\b")
_ANY_PAST_VERB = re.compile(r"\b" + _PAST_VERB + r"\b")
_AND_BEFORE = re.compile(r"\band\s+(?:then\s+)?$")
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
    after_and = _AND_BEFORE.search(text, max(s, a - 10), a) is not None  # "... | and gave them"
    if after_and and gist[:5].lower() == "that ":
        return _capital(gist[5:])  # "... and that he had made clear ..." -> "He had made clear ..."
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
        if after_and:
            # "Munero had fled to Florida in June 1998 | and returned ..." -> "Munero returned ..."
            sv = last_subject(text, clause, a)
            if sv is not None:
                return sv + " " + gist[:1].lower() + gist[1:]
        sm = _LIST_SUBJECT.match(text, clause, a)
        if sm and re.fullmatch(_PAST_VERB, first[0]):
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


def last_subject(text: str, s: int, a: int) -> str | None:
    """The subject of the last verb in the past in text[s:a] ("Munero" of "According to
    sources ..., Munero had fled to Florida"), or None when that verb has no name or
    pronoun before it ("a British mine removal expert kidnapped and presumed killed")."""
    m = v = None
    for m in _SUBJECT_VERB.finditer(text, s, a):
        pass
    for v in _ANY_PAST_VERB.finditer(text, s, a):
        pass
    return _capital(m[1]) if m and v and m.end() == v.end() else None


def _antecedent(before: str) -> str | None:
    """The noun phrase a relative clause right after `before` is on: from the
    nearest determiner or number ("the CDU's executive", "four GRU officers"),
    or a name ("President Vladimir Putin"); None when neither ends it."""
    words = before.rstrip(" ,").split()[-6:]
    phrase: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w[-1:] in ",;:()\"" and phrase:
            break
        lw = w.lower()
        if lw in _DETERMINERS or w[:1].isdigit():
            more = _QUANTITY_BEFORE.search(" ".join(words[:k]) + " ") if phrase[:1] and phrase[0] in _QUANTITY else None
            return " ".join(([more.group(0).strip()] if more else []) + [w] + phrase)
        if lw in _QUANTITY and phrase:
            phrase.insert(0, w)
            continue
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

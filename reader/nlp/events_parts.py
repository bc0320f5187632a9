"""The part of a sentence a date belongs to (part of reader.nlp.events).

A date dates its own clause, not the whole sentence: the clause between clause
boundaries, the part opened by "after", "before", "which" ..., a noun it is written
before ("the 2014 blasts"), a relative clause, a told happening ("the poisoning of Sergei
Skripal in Salisbury in March 2018"). Each function gives offsets into the text (and a
gist where the part is rewritten), or None when the rule does not apply."""

from __future__ import annotations

import re

from reader.model import Timex
from reader.nlp.events_text import (_OBJECT_RELATIVE, _PAST_VERB, _REL_PREP, _SAY, _TIME_SPAN, _WORD, _antecedent,
                                     _capital, _finish, _gist_without, last_subject)
from reader.nlp.happenings import happenings


# boundaries between clauses that can each carry an event of their own:
# "This spring the Czech Republic expelled 18 diplomats, and Germany has
# accused the GRU ... before its election in September."
_CLAUSE_SPLIT = re.compile(r"\s*(?:;|:(?=\s)|,\s+(?:and|but|while|whereas|although|though|yet)\b|\s[–—]\s)\s*", re.I)


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
    cuts = list(_SUB_CUT.finditer(text, prev, t.start))
    if len(cuts) >= 2 and _APPOSED_NP.fullmatch(text, cuts[-2].end(), cuts[-1].start()):
        # "an attempt by four officers of the GRU, Russia's military intelligence service, to
        # hack into ... in April": those two commas hold an aside, not a clause boundary
        cuts = cuts[:-2]
    cut = cuts[-1].end() if cuts else None
    if cut is None or len(_WORD.findall(text[cut:e])) < 4:
        return None
    return cut


# a noun phrase set beside a name between commas: "Russia's military intelligence service"
_APPOSED_NP = re.compile(r"(?:(?:the|a|an)\s+|[A-Z][\w'’-]*['’]s\s+)(?:(?!(?:was|were|is|are|had|has|have|and|or|"
                         r"but|that|which|who)\b)[\w'’-]+\s+){0,5}[\w'’-]+")


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


# a noun with a participle phrase, up to the preposition of a date closing it: "the toxic
# chemical used in Salisbury on"
_PARTICIPLE = (r"(?:[a-z]{2,}ed|made|held|found|built|sent|kept|brought|set|put|taken|given|seen|known|written|"
               r"shown|stolen|shot|struck|left|lost|won|spent|paid|sold|told|hit|thrown|hidden)")
_PARTICIPLE_NP = re.compile(
    r"\b(?:the|a|an|its|their|his|her)\s+((?:[\w'’-]+\s+){0,3}?[a-z][\w-]*\s+" + _PARTICIPLE + r"\b"
    r"(?:\s+(?:in|at|near|by|against|from|into|on)\s+(?:(?:the|a|an)\s+)?(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+)*?)"
    r"\s+(?:in|on|at|during)\s+$")
_SAID = re.compile(r"\b" + _SAY + r"\b", re.I)
_NOT_IN_NP = re.compile(rf"\b(?:{_CLAUSE_WORD}|be|said|says)\b")


def _participle(text: str, s: int, e: int, t: Timex) -> tuple[int, int, str] | None:
    """A date closing a participle phrase on a noun ("... confirmed Britain's findings about
    the identity of the toxic chemical used in Salisbury on 4 March"): that phrase's offsets
    and its gist ("The toxic chemical used in Salisbury."), in a told sentence, as for
    _told_happening (elsewhere a comma before the phrase gives it its part)."""
    for m in _PARTICIPLE_NP.finditer(text, max(s + 1, t.start - 100), t.start):
        if not _SAID.search(text, s, m.start()):
            continue
        if m.end() != t.start or _NOT_IN_NP.search(m.group(1)) or re.search(r"[,;:]", m.group(0)):
            continue
        if not re.fullmatch(r"[\s.!?\"'”’)]*", text[t.end:e]):
            return None  # the sentence goes on: the date may be the clause's after all
        return m.start(), t.end, _finish(_capital(text[m.start():m.start(1)] + m.group(1)))
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
                        r"how(?!\s+(?:much|many|long|far|often|soon)\b)|why|"
                        r"in\s+response\s+to|in\s+retaliation\s+for|which|who|where|that\s+(?!is\b|was\b)[a-z]+ed\b)\b"
                        r"|,\s+[a-z]+ing\b"
                        # a second verb of the same subject: "declared them persona non grata on Sunday
                        # and gave them until the end of Monday to leave"
                        r"|\s(?-i:and\s+(?:then\s+)?" + _PAST_VERB + r"(?=\s))"
                        # a second thing told: "said on Monday that he rejected the accusation and
                        # that he had made clear to France earlier this year ..."
                        r"|\s(?-i:and\s+that)(?=\s)", re.I)


def _opener(m: re.Match) -> str:
    """The word that opens the part _PART_OPEN found: "after", "which", "how", "and" ..."""
    return m.group(0).strip(", ").split()[0].lower()


def _subjectless_verb(text: str, s: int, m: re.Match) -> bool:
    """The opener is "and" with a verb ("and gave", not "and that") whose subject is no
    name or pronoun with its own verb before ("kidnapped and presumed killed"): no part."""
    return _opener(m) == "and" and m.group(0).split()[-1] != "that" and last_subject(text, s, m.start()) is None


# an infinitive at the end of a part, leading into the "how" / "why" after it
_LEADS_INTO = re.compile(r"\s+to\s+[a-z]+\s*$")


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
    return any(_opener(m) in ("after", "before", "since", "following", "until")
               for m in _PART_OPEN.finditer(text, prv, t.start))


def _part_start(text: str, m: re.Match) -> int:
    """Where the part opened by m begins: before its word, or before the
    preposition or the time that goes with that word."""
    word = _opener(m)
    at = m.start()
    if word == "and":  # "and gave them ...": the part is the verb's
        return at + len(m.group(0)) - len(m.group(0).split()[-1])
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
            if _subjectless_verb(text, s, m):
                continue
            # "on 17 April, when Prague expelled ...": a when/as/while part after
            # the date happens at that date; the part ends at the next opener
            if _SAME_TIME_OPEN.match(m.group(0)):
                continue
            # "gave them until the end of Monday": the word only leads into the other date
            if any(_INTO_DATE.fullmatch(text, m.end(), o.start) for o in later):
                continue
            if _opener(m) == "and":  # "on Sunday | and gave them ...": not "on Sunday and"
                b = m.start()
            else:
                b = len(text[:_part_start(text, m)].rstrip(" ,"))
            # "ignored the deadline of Tuesday night to explain how ...": the verb that
            # leads into "how" / "why" belongs to what it asks
            if _opener(m) in ("how", "why"):
                lead = _LEADS_INTO.search(text, a, b)
                if lead is not None:
                    b = lead.start()
            break
    if earlier:
        prv = max(o.end for o in earlier)
        cut = None
        for m in _PART_OPEN.finditer(text, prv, t.start):
            if _opener(m) in ("until", "till") and _INTO_DATE.fullmatch(text, m.end(), t.start):
                continue  # "until the end of Monday": the word leads into t itself
            if _subjectless_verb(text, s, m):
                continue
            if _SAME_TIME_OPEN.match(m.group(0)) and any(re.fullmatch(r"[\s,]*", text[o.end:m.start()])
                                                        for o in earlier):
                continue  # "In contrast to Thursday, when ... were arrested": Thursday's part
            cut = m
        if cut is not None:
            a = max(prv, _part_start(text, cut))
            a += len(text[a:]) - len(text[a:].lstrip(" ,"))
    if (a, b) == (s, e) or len(_WORD.findall(text[a:b])) < 3:
        return None
    if any(a <= o.start and o.end <= b for o in earlier):
        # no part opened between an earlier date and t ("... on Sunday and gave them until
        # the end of Monday to leave, a day after ..."): this is not t's own part
        return None
    return a, b

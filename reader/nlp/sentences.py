"""A fast rule-based sentence splitter that keeps character offsets.

Boundaries are: a blank line (paragraphs, headings without final
punctuation), or . ! ? (plus closing quotes and brackets) followed by space
and something that can start a sentence, unless the word before the period
is a known abbreviation or a single initial.
"""

from __future__ import annotations

import re

# Words that end in a period without ending the sentence when a capitalised
# word follows (titles, months, initials in names, corporate suffixes are
# deliberately NOT here: "... said Acme Corp. The ..." ends a sentence more
# often than not).
_ABBREV = frozenset("""
mr mrs ms dr prof sen rep gov gen lt col maj capt sgt cpl adm cmdr rev st mt ft
jr sr messrs mme mlle sens reps supt insp pres
jan feb mar apr jun jul aug sep sept oct nov dec
no nos vs v etc e.g i.e cf al approx dept est fig ca
u.s u.k u.n e.u u.s.a d.c p.m a.m
""".split())

# abbreviations that often end a sentence too: they do when a word that
# typically opens a sentence follows ("... in the U.S. The company ...")
_ENDING_ABBREV = frozenset("u.s u.k u.n e.u u.s.a d.c p.m a.m etc al".split())
_STARTERS = frozenset("""
the a an he she it they we i you but and in on at this that these those there his her its their our
after before when while if as some many most other one two three last next meanwhile however yet
still so also now then officials police both neither no not what who why how where
""".split())
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*([A-Za-z]+)")

_PARA = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# candidate end: terminator(s), optional closing quotes/brackets, whitespace,
# then an opening quote/bracket, capital letter or digit.
_END = re.compile(r"""([.!?]+|\.\.\.|…)(["'”’»)\]]*)(\s+)(?=["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ])""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _split_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    s = start
    for m in _END.finditer(text, start, end):
        if m.group(1) == ".":
            wb = _WORD_BEFORE.search(text, max(s, m.start() - 20), m.start())
            if wb:
                w = wb.group(1).lower()
                # single initial ("J. Smith") or known abbreviation
                w = w.rstrip(".")
                if len(w) == 1 and w.isalpha():
                    continue  # an initial: "J. Smith"
                if w in _ABBREV:
                    nw = _NEXT_WORD.match(text, m.end())
                    if not (w in _ENDING_ABBREV and nw and nw.group(1).lower() in _STARTERS):
                        continue
        e = m.start(3)
        if e > s:
            out.append((s, e))
        s = m.end()
    # trim trailing whitespace of the last piece
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


_last: tuple[str, list[tuple[int, int]]] = ("", [])


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences; returns (start, end) offsets, whitespace trimmed.

    The last result is remembered: the tagger and the event extractor both
    split the same article one after the other.
    """
    global _last
    last = _last  # one read: another thread may replace it
    if text is last[0]:
        return list(last[1])
    out = _split(text)
    _last = (text, out)
    return list(out)


def _split(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for m in _PARA.finditer(text):
        _add_block(text, pos, m.start(), out)
        pos = m.end()
    if pos < n:
        _add_block(text, pos, n, out)
    return out


# a line break ends a sentence after a short line without final punctuation
# (a heading, a list item, "KENYA:"); lines of wrapped running text are
# longer than this, and a break after a comma or a joining word never does.
_LINE_BREAK = re.compile(r"\n(?=[ \t]*[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ])")
_NO_END_AFTER = re.compile(r"(?:[,;(\-–—]|\b(?:and|or|of|the|a|an|to|in|on|for|with|by|at|from))\s*$", re.I)
HEADING_MAX = 60


def _add_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    s = start
    for m in _LINE_BREAK.finditer(text, start, end):
        line_start = text.rfind("\n", s, m.start()) + 1 or s
        line = text[max(line_start, s):m.start()].rstrip()
        if (line and len(line) <= HEADING_MAX and line[-1] not in ".!?…"
                and not _NO_END_AFTER.search(line)):
            _split_paragraph(text, s, m.start(), out)
            s = m.end()
            while s < end and text[s] in " \t":
                s += 1
    if s < end:
        _split_paragraph(text, s, end, out)

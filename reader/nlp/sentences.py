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
                if (len(w) == 1 and w.isalpha()) or w in _ABBREV or w.rstrip(".") in _ABBREV:
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


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences; returns (start, end) offsets, whitespace trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for m in _PARA.finditer(text):
        _add_block(text, pos, m.start(), out)
        pos = m.end()
    if pos < n:
        _add_block(text, pos, n, out)
    return out


def _add_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        _split_paragraph(text, start, end, out)

"""A fast tokenizer and sentence splitter with character offsets.

It follows the CoNLL-2003 (Reuters) conventions closely, because the entity
model is trained on text tokenized this way:

* hyphenated words stay whole ("NATO-Russia", "one-day", "1996-08-22");
* dotted abbreviations stay whole ("U.S.", "a.m.", "M.", "Inc.");
* clitics split off: "Russia's" -> "Russia" "'s", "don't" -> "do" "n't";
  straight and curly apostrophes (' ’) are both understood;
* every other punctuation mark is its own token.

Token text is kept exactly as in the input (``text[start:end]``);
:func:`norm` gives the ASCII form the model sees (’ -> ', “ ” -> ", — -> --).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    """One token: ``text`` is exactly ``source[start:end]``."""

    text: str
    start: int
    end: int


_ABBREV = (
    "Mr|Mrs|Ms|Dr|Prof|St|Mt|Ft|Jr|Sr|Inc|Corp|Ltd|Co|Bros|Gen|Lt|Col|Maj|Capt|Sgt|"
    "Sen|Rep|Gov|Pres|Rev|Hon|No|vs|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|"
    "approx|est|etc|Ave|Blvd|Dept|Univ"
)

_TOKEN_RE = re.compile(
    r"""
      https?://[^\s<>"“”]+[^\s<>"“”.,;:!?)\]’']       # URL
    | (?:[A-Za-z]\.){2,}(?![A-Za-z])                  # U.S.  a.m.  U.N.
    | (?:"""
    + _ABBREV
    + r""")\.(?=\s|$|[,;:)])                          # Mr.  Inc.  vs.
    | [A-Z]\.(?=\s+[A-Z])                             # initials: M. Jordan
    | [A-Z]{1,2}\$                                    # C$  US$
    | \d+(?:[.,:/-]\d+)*(?:-[^\W\d_]+)*              # 20,000  1996-08-22  6-3  1.5  10-year
    | [A-Za-z]['’][A-Z]\w+(?:-\w+)*                   # O'Neill  D’Alema
    | \w+(?=n['’]t\b)                                 # do|n't
    | n['’]t\b                                        # n't
    | ['’](?:s|S|re|RE|ve|VE|ll|LL|m|M|d|D)\b         # clitics: 's  're  ...
    | \w+(?:[-&]\w+)*                                 # words, hyphenated words, AT&T
    | -{2,} | \.{2,} | …                              # dashes, ellipses
    | \S                                              # any other mark
    """,
    re.VERBOSE,
)

_NORM = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                       "–": "--", "—": "--", "…": "...", "\u00a0": " "})


def norm(token: str) -> str:
    """The ASCII form of a token as the model sees it."""
    return token.translate(_NORM) if not token.isascii() else token


_new = tuple.__new__  # Token(...) without the Python-level __new__ frame


def _tokens(text: str, base: int) -> list[Token]:
    out = []
    j = 0
    find = text.find
    for w in _TOKEN_RE.findall(text):
        j = find(w, j)
        k = j + len(w)
        out.append(_new(Token, (w, base + j, base + k)))
        j = k
    return out


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with character offsets."""
    return _tokens(text, 0)


_CLOSERS = frozenset(['"', "”", "’", "'", ")", "]", "»"])
_ENDERS = frozenset([".", "!", "?", "...", "…"])
_NEWLINE_RE = re.compile(r"\n")


def sentences(text: str) -> list[list[Token]]:
    """Tokenize ``text`` and split it into sentences.

    Every line break ends a sentence (titles, headlines and paragraphs are
    lines); within a line a sentence ends at . ! ? (with any closing quotes
    or brackets right after it) when the next token starts with a capital
    letter, a digit or an opening quote.
    """
    out: list[list[Token]] = []
    pos = 0
    for line in text.split("\n"):
        toks = _tokens(line, pos)
        pos += len(line) + 1
        if not toks:
            continue
        cur: list[Token] = []
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            cur.append(tok)
            i += 1
            if tok.text in _ENDERS and i < n:
                # swallow closing quotes/brackets glued to the ender
                while i < n and toks[i].text in _CLOSERS and toks[i].start == cur[-1].end:
                    cur.append(toks[i])
                    i += 1
                if i < n:
                    nxt = toks[i].text
                    c = nxt[0]
                    if c.isupper() or c.isdigit() or c in "\"“‘(":
                        out.append(cur)
                        cur = []
        if cur:
            out.append(cur)
    return out

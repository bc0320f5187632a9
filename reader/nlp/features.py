"""Token features for the CRF entity tagger.

Everything here is computed from raw tokens only (no part-of-speech or chunk
tags, which articles do not have). Three kinds of evidence:

* the word itself: lowercase form, shape, prefixes and suffixes, membership
  of our hand lists (reader.nlp.lexicon) and how often the word is written
  in lower case in the training text;
* its neighbours within the sentence (two either side) and the sentence
  itself (first word, ALL-CAPS headline);
* the document: whether the same word is written in lower case elsewhere,
  how it is capitalised in the middle of sentences elsewhere (this recovers
  the case of words in ALL-CAPS headlines), and gazetteer matches of entity
  names seen in the training data.

Word-level features are cached per distinct word, which is what makes
tagging fast: a token's features are mostly concatenations of cached lists.
"""

from __future__ import annotations

import re

from reader.nlp.lexicon import word_classes

_SHAPE_TABLE = {}
for _c in range(0x250):
    ch = chr(_c)
    _SHAPE_TABLE[_c] = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
_REPEAT_RE = re.compile(r"(.)\1+")
_QUOTES = frozenset(['"', "'", "``", "''", "(", "-", "--", ":"])


def word_shape(w: str) -> str:
    """Long shape: 'Stoltenberg' -> 'Xxxxxxxxxxx' (non-Latin letters as x/X)."""
    s = w.translate(_SHAPE_TABLE)
    if not s.isascii():
        s = "".join("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c for c in s)
    return s


def short_shape(w: str) -> str:
    """Compressed shape: 'Stoltenberg' -> 'Xx', 'NATO-Russia' -> 'X-Xx'."""
    out = []
    prev = ""
    for c in word_shape(w):
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


def is_headline(words: list[str]) -> bool:
    """True for an ALL-CAPS line such as a wire-service headline."""
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 2:
        return bool(alpha) and alpha[0].isupper() and len(alpha[0]) > 3
    return sum(1 for w in alpha if w.isupper()) >= 0.75 * len(alpha)


class Featurizer:
    """Turns the sentences of one document into CRF feature lists.

    ``gazetteer`` maps lowercased, space-joined entity token strings to a
    CoNLL type; ``caps`` maps a lowercase word to its capitalisation class
    in the training text (L: nearly always lower case, C: nearly always
    capitalised, M: mixed).
    """

    MAX_GAZ = 6
    MAX_CACHE = 100_000  # distinct words kept; the cache is cleared past this

    def __init__(self, gazetteer: dict[str, str], caps: dict[str, str], active: set[str] | None = None):
        self.gazetteer = gazetteer
        self.caps = caps
        # At run time, the attributes the model has weights for: features the
        # model ignores are dropped before they reach crfsuite (same tags,
        # a fraction of the work). None while training.
        self.active = active
        self._cache: dict[str, tuple] = {}

    # -- word-level (cached) -------------------------------------------------
    def _word(self, w: str):
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        low = w.lower()
        sh = short_shape(w)
        lsh = word_shape(w)
        if len(lsh) > 6:
            lsh = lsh[:3] + lsh[-3:]
        own = ["b", "w=" + low, "sh=" + sh, "ls=" + lsh]
        if len(low) > 1:
            own += ["p1=" + low[:1], "p2=" + low[:2], "p3=" + low[:3], "p4=" + low[:4],
                    "s1=" + low[-1:], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:]]
        classes = word_classes(low)
        base = low
        for suf in ("'s", "s"):
            if not classes and low.endswith(suf) and len(low) > len(suf) + 2:
                classes = [c + "s" for c in word_classes(low[: -len(suf)])]
                base = low[: -len(suf)]
        for c in classes:
            own.append("lx=" + c)
        cap = self.caps.get(low, "U")
        own.append("cp=" + cap)
        own.append("cp=" + cap + "|" + sh)
        if w[:1].isupper():
            own.append("init")
        if w.isupper():
            own.append("allcap")
        if len(w) == 1 and not w.isalnum():
            own.append("punct")
        if "-" in w:
            own.append("hyph")
            parts = w.split("-")
            for p in parts:
                for c in word_classes(p.lower()):
                    own.append("hx=" + c)
        if "." in w and len(w) > 1:
            own.append("dot")
        prev = ["-1w=" + low, "-1sh=" + sh] + ["-1lx=" + c for c in classes] + ["-1cp=" + cap]
        nxt = ["+1w=" + low, "+1sh=" + sh] + ["+1lx=" + c for c in classes] + ["+1cp=" + cap]
        prev2 = ["-2w=" + low, "-2sh=" + sh]
        nxt2 = ["+2w=" + low, "+2sh=" + sh]
        del base
        act = self.active
        if act is not None:
            own, prev, nxt, prev2, nxt2 = ([x for x in lst if x in act] for lst in (own, prev, nxt, prev2, nxt2))
        hit = (own, prev, nxt, prev2, nxt2, low, sh)
        if len(self._cache) >= self.MAX_CACHE:
            self._cache.clear()
        self._cache[w] = hit
        return hit

    # -- gazetteer -----------------------------------------------------------
    def _gaz(self, words: list[str], lows: list[str]) -> list[str | None]:
        n = len(words)
        out: list[str | None] = [None] * n
        gaz = self.gazetteer
        i = 0
        while i < n:
            if not words[i][:1].isupper():
                i += 1
                continue
            for L in range(min(self.MAX_GAZ, n - i), 0, -1):
                t = gaz.get(" ".join(lows[i : i + L]))
                if t is not None:
                    out[i] = "B-" + t
                    for j in range(i + 1, i + L):
                        out[j] = "I-" + t
                    i += L
                    break
            else:
                i += 1
        return out

    # -- document ------------------------------------------------------------
    def doc_features(self, sents: list[list[str]]) -> list[list[list[str]]]:
        """Feature lists for every token of every sentence of one document."""
        word = self._word
        act = self.active
        heads = [is_headline(s) for s in sents]
        lower_seen: set[str] = set()
        mid_shape: dict[str, str] = {}
        for s, head in zip(sents, heads):
            for i, w in enumerate(s):
                if w.islower():
                    lower_seen.add(w)
                elif not head and i > 0 and w[:1].isupper() and s[i - 1] not in _QUOTES:
                    x = word(w)
                    mid_shape.setdefault(x[5], x[6])
        out: list[list[list[str]]] = []
        for s, head in zip(sents, heads):
            n = len(s)
            info = [word(w) for w in s]
            lows = [x[5] for x in info]
            gz = self._gaz(s, lows)
            feats_s: list[list[str]] = []
            for i in range(n):
                x = info[i]
                low = x[5]
                f = x[0] + info[i - 1][1] if i > 0 else x[0] + ["BOS"]
                if i > 0:
                    f.append("bg-=" + lows[i - 1] + "|" + low)
                if i > 1:
                    f += info[i - 2][3]
                if i + 1 < n:
                    f += info[i + 1][2]
                    f.append("bg+=" + low + "|" + lows[i + 1])
                else:
                    f.append("EOS")
                if i + 2 < n:
                    f += info[i + 2][4]
                if head:
                    f.append("head")
                    f.append("head|sh=" + x[6])
                g = gz[i]
                if g is not None:
                    f.append("gz=" + g)
                if i > 0 and gz[i - 1] is not None:
                    f.append("-1gz=" + gz[i - 1])
                if i + 1 < n and gz[i + 1] is not None:
                    f.append("+1gz=" + gz[i + 1])
                w = s[i]
                if w[:1].isupper():
                    if low in lower_seen:
                        f.append("dlow")
                    ms = mid_shape.get(low)
                    if ms is not None:
                        f.append("dmid=" + ms)
                    if i == 0 or head:
                        f.append("first|dlow" if low in lower_seen else "first|nolow")
                if act is not None:
                    f = [y for y in f if y in act] if len(f) > len(x[0]) else f
                feats_s.append(f)
            out.append(feats_s)
        return out

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
  names seen in the training data;
* for the second CRF (label_features): the first CRF's tags, here and for
  the word's other mentions in the document.

Word-level features are cached per distinct word, which is what makes
tagging fast: a token's features are mostly concatenations of cached lists.
"""

from __future__ import annotations

from reader.nlp.lexicon import word_classes
from reader.nlp.world import WorldTables

_SHAPE_TABLE = {}
for _c in range(0x250):
    ch = chr(_c)
    _SHAPE_TABLE[_c] = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
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


def title_case_as_caps(words: list[str], caps: dict[str, str]) -> list[str]:
    """Upper-case a Title Case Headline ("Markets Tumble As Inflation Soars").

    The training text has ALL-CAPS headlines but no Title Case ones, so the
    model reads capitalised ordinary words there as names. Shown in capitals
    it treats the line as the headlines it knows, and recovers the names'
    case from the rest of the article. A line counts as Title Case when it
    has at least four words, 80% of them capitalised, and at least two
    capitalised words that the training text nearly always writes in lower
    case (which tells a headline from a line of names).
    """
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 4:
        return words
    capd = [w for w in alpha if w[:1].isupper()]
    if len(capd) < 0.8 * len(alpha) or len(capd) == sum(1 for w in alpha if w.isupper()):
        return words
    if sum(1 for w in capd if caps.get(w.lower()) == "L") < 2:
        return words
    return [w.upper() for w in words]


class Featurizer:
    """Turns the sentences of one document into CRF feature lists.

    ``gazetteer`` maps lowercased, space-joined entity token strings to a
    CoNLL type; ``caps`` maps a lowercase word to its capitalisation class
    in the training text (L: nearly always lower case, C: nearly always
    capitalised, M: mixed).
    """

    MAX_GAZ = 6
    # Distinct words kept (about 1.7 KB each); the cache is cleared past this,
    # which keeps the model under 100 MB however many articles it reads.
    MAX_CACHE = 30_000

    def __init__(self, gazetteer: dict[str, str], caps: dict[str, str], active: set[str] | None = None,
                 world: WorldTables | None = None, more: dict[str, str] | None = None):
        # ``more``: names from other text (CrossNER politics) matched as whole names only;
        # the kinds of single words (token_types) stay those of the training text's names
        self.gazetteer = {**more, **gazetteer} if more else gazetteer
        self.caps = caps
        # place names, company forms and word frequency (reader.nlp.world)
        self.world = world if world is not None else WorldTables(None)
        # At run time, the attributes the model has weights for: features the
        # model ignores are dropped before they reach crfsuite (same tags,
        # a fraction of the work). None while training.
        self.active = active
        self._cache: dict[str, tuple] = {}
        # Token-level view of the gazetteer: the types of the names a word occurs in.
        tok: dict[str, set[str]] = {}
        for phrase, t in gazetteer.items():
            for x in phrase.split(" "):
                tok.setdefault(x, set()).add(t)
        self.token_types = {x: "|".join(sorted(ts)) for x, ts in tok.items()}

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
        for suf in ("'s", "s"):  # plurals of list words: "Russians", "Democrats"
            if not classes and low.endswith(suf) and len(low) > len(suf) + 2:
                classes = [c + "s" for c in word_classes(low[: -len(suf)])]
        wc = self.world.classes(low)
        if not wc and "-" in low:  # "Moscow-based", "Paris-Berlin"
            wc = ["h" + c for p in low.split("-") if p for c in self.world.classes(p) if c != "co"]
        if wc:
            classes = classes + wc
        for c in classes:
            own.append("lx=" + c)
        zf = ""
        if self.world.zf:  # word frequency, when the model was trained with it
            zf = self.world.zf.get(low, "0") if low.isalpha() else "-"
            own.append("zf=" + zf)
            if w[:1].isupper():
                own.append("zfI=" + zf + "|" + self.caps.get(low, "U"))
        tt = self.token_types.get(low) if w[:1].isupper() else None
        if tt is not None:
            classes = classes + ["g" + tt]
            own.append("lx=g" + tt)
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
                pl = p.lower()
                for c in word_classes(pl):
                    own.append("hx=" + c)
                pt = self.token_types.get(pl) if p[:1].isupper() else None
                if pt is not None:
                    own.append("hx=g" + pt)
        if "." in w and len(w) > 1:
            own.append("dot")
        prev = ["-1w=" + low, "-1sh=" + sh] + ["-1lx=" + c for c in classes] + ["-1cp=" + cap]
        nxt = ["+1w=" + low, "+1sh=" + sh] + ["+1lx=" + c for c in classes] + ["+1cp=" + cap]
        prev2 = ["-2w=" + low, "-2sh=" + sh]
        nxt2 = ["+2w=" + low, "+2sh=" + sh]
        act = self.active
        if act is not None:
            own, prev, nxt, prev2, nxt2 = ([x for x in lst if x in act] for lst in (own, prev, nxt, prev2, nxt2))
        hit = (own, prev, nxt, prev2, nxt2, low, sh, zf)
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
                # dynamic features first, filtered, then the cached word lists
                d: list[str] = []
                if i > 0:
                    d.append("bg-=" + lows[i - 1] + "|" + low)
                else:
                    d.append("BOS")
                if i + 1 < n:
                    d.append("bg+=" + low + "|" + lows[i + 1])
                else:
                    d.append("EOS")
                if head:
                    d.append("head")
                    d.append("head|sh=" + x[6])
                g = gz[i]
                if g is not None:
                    d.append("gz=" + g)
                if i > 0 and gz[i - 1] is not None:
                    d.append("-1gz=" + gz[i - 1])
                if i + 1 < n and gz[i + 1] is not None:
                    d.append("+1gz=" + gz[i + 1])
                if s[i][:1].isupper():
                    if low in lower_seen:
                        d.append("dlow")
                    ms = mid_shape.get(low)
                    if ms is not None:
                        d.append("dmid=" + ms)
                    if i == 0 or head:
                        d.append("first|dlow" if low in lower_seen else "first|nolow")
                        if x[7]:
                            d.append("first|zf=" + x[7])
                if act is not None:
                    d = [y for y in d if y in act]
                f = x[0] + d
                if i > 0:
                    f += info[i - 1][1]
                if i > 1:
                    f += info[i - 2][3]
                if i + 1 < n:
                    f += info[i + 1][2]
                if i + 2 < n:
                    f += info[i + 2][4]
                feats_s.append(f)
            out.append(feats_s)
        return out


def label_features(sents: list[list[str]], feats: list[list[list[str]]], tags: list[list[str]],
                   active: set[str] | None = None) -> list[list[list[str]]]:
    """Second-pass features: the first pass's tags, here and for the same word
    elsewhere in the document (two-stage CRF, after Krishnan and Manning 2006).

    For a capitalised word: its own first-pass tag and its neighbours', and
    the majority first-pass type of the word's other occurrences in the
    document ("dl=PER", or "dl=O" when they are all untagged), with whether
    it began ("dlB") or continued ("dlI") a name there.
    """
    occ: dict[str, dict[str, int]] = {}
    for s, tg in zip(sents, tags):
        for w, t in zip(s, tg):
            if w[:1].isupper():
                c = occ.setdefault(w.lower(), {})
                c[t] = c.get(t, 0) + 1
    memo: dict[tuple[str, str], list[str]] = {}

    def doc_label(low: str, t: str) -> list[str]:
        got = memo.get((low, t))
        if got is not None:
            return got
        counts: dict[str, int] = {}
        pos_b = pos_i = 0
        for o, k in occ[low].items():
            if o == t:
                k -= 1  # leave this occurrence out
            if k <= 0:
                continue
            if o == "O":
                counts["O"] = counts.get("O", 0) + k
            else:
                counts[o[2:]] = counts.get(o[2:], 0) + k
                if o[0] == "B":
                    pos_b += k
                else:
                    pos_i += k
        got = []
        if counts:
            best = max(sorted(counts), key=counts.__getitem__)
            got = ["dl=" + best, "dl=" + best + "|p1=" + t]
            if pos_b:
                got.append("dlB")
            if pos_i:
                got.append("dlI")
        memo[(low, t)] = got
        return got

    out: list[list[list[str]]] = []
    for s, fs, tg in zip(sents, feats, tags):
        n = len(s)
        new_s = []
        for i in range(n):
            w = s[i]
            t = tg[i]
            extra = ["p1=" + t]
            if i > 0:
                extra.append("-1p1=" + tg[i - 1])
            if i + 1 < n:
                extra.append("+1p1=" + tg[i + 1])
            if w[:1].isupper():
                extra += doc_label(w.lower(), t)
            if active is not None:
                extra = [y for y in extra if y in active]
            new_s.append(fs[i] + extra)
        out.append(new_s)
    return out

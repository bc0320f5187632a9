"""Named entities: the extractor protocol, the shipped CRF model, canonical names.

``default_extractor()`` loads the model we train ourselves from CoNLL-2003
(``python -m reader.nlp.train``) and ship in reader/nlp/models/: two
linear-chain CRFs (python-crfsuite) over features of raw tokens
(reader.nlp.features), the second also reading the first one's tags for the
whole document. Design notes and measurements: docs/ner.md.
``entities()`` runs it over an article and resolves mentions to one
canonical name per entity with a salience score.

Nothing here imports textual or rich.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, defaultdict
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Protocol, runtime_checkable

from reader.model import MISC, ORG, PERSON, PLACE, EntityInfo, Span
from reader.nlp.features import Featurizer, label_features, title_case_as_caps
from reader.nlp.lexicon import LEXICON
from reader.nlp.tokenize import norm, sentences

# Bump when the rules (Title Case headlines, canonical names, salience) change.
RULES_VERSION = "12"

MODEL_FILE = "ner.crfsuite"
MODEL2_FILE = "ner2.crfsuite"
LEX_FILE = "ner_lex.json"
META_FILE = "ner.json"

_TYPE_TO_LABEL = {"PER": PERSON, "ORG": ORG, "LOC": PLACE, "MISC": MISC}


def _models_dir():
    return resources.files("reader.nlp.models")


def _read_meta() -> dict:
    try:
        return json.loads(_models_dir().joinpath(META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


#: Changes whenever the model or the rules change; stored with results.
VERSION: str = f"{_read_meta().get('version', 'untrained')}+r{RULES_VERSION}"


@runtime_checkable
class Extractor(Protocol):
    """Finds entity spans in raw text."""

    version: str

    def extract(self, text: str) -> list[Span]:
        """Spans over ``text`` labelled PERSON/ORG/PLACE/MISC, sorted by start, name=""."""
        ...


class CRFExtractor:
    """The CRF tagger with its feature resources."""

    def __init__(self, model_path: str | Path, lex_path: str | Path, version: str = VERSION,
                 model2_path: str | Path | None = None):
        import pycrfsuite

        with open(lex_path, encoding="utf-8") as fh:
            lex = json.load(fh)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._tagger2 = None
        if model2_path is not None:
            self._tagger2 = pycrfsuite.Tagger()
            self._tagger2.open(str(model2_path))
        if "active" in lex:
            active = set(lex["active"])
        else:  # older lexicon files: ask the models (slower to load)
            active = set()
            for t in (self._tagger, self._tagger2):
                if t is not None:
                    active |= {attr for attr, _ in t.info().state_features}
        self.active = active
        self.title_case = True
        self.consistency = True  # document-level rules after tagging (consistent_tags)
        self.heads: dict[str, str] = lex.get("heads", {})
        from reader.nlp.world import WorldTables

        self.featurizer = Featurizer(lex["gazetteer"], lex["caps"], active, WorldTables(lex.get("world")),
                                     more=lex.get("gazetteer_more"))
        self._lock = threading.Lock()  # a crfsuite Tagger is not thread-safe
        self.version = version

    def tag(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags (CoNLL types) for the normalised words of one document."""
        feats = self.featurizer.doc_features(sents)
        with self._lock:
            tags = [self._tagger.tag(f) if f else [] for f in feats]
            if self._tagger2 is not None:
                feats2 = label_features(sents, feats, tags, self.active)
                tags = [self._tagger2.tag(f) if f else [] for f in feats2]
        return tags

    def extract(self, text: str) -> list[Span]:
        sents = sentences(text)
        caps = self.featurizer.caps
        words = [title_case_as_caps([norm(t.text) for t in s], caps) if self.title_case else
                 [norm(t.text) for t in s] for s in sents]
        tags = self.tag(words)
        if self.consistency:
            tags = consistent_tags(words, tags, self.featurizer.gazetteer, self.heads, caps)
        spans: list[Span] = []
        for toks, tg in zip(sents, tags):
            start = -1
            typ = ""
            for i, tag in enumerate(tg + ["O"]):
                b = tag[0]
                t = tag[2:]
                if typ and (b != "I" or t != typ):
                    s, e = toks[start].start, toks[i - 1].end
                    spans.append(Span(s, e, _TYPE_TO_LABEL[typ], text[s:e]))
                    typ = ""
                if b == "B" or (b == "I" and not typ):
                    start, typ = i, t
        return spans


def _chunks(tg: list[str]) -> list[tuple[int, int, str]]:
    """(first, end, type) of the names in one sentence's BIO tags."""
    out = []
    start, typ = -1, ""
    for i, tag in enumerate(tg + ["O"]):
        b, t = tag[0], tag[2:]
        if typ and (b != "I" or t != typ):
            out.append((start, i, typ))
            typ = ""
        if b == "B" or (b == "I" and not typ):
            start, typ = i, t
    return out


def _possessive(ws: list[str], b: int) -> bool:
    """A possessive follows the name that ends before word b ("in Sampras 's half")."""
    return b < len(ws) and ws[b] in ("'s", "'")


_CAMEL = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]{2}")


# titles that CoNLL-2003 keeps inside a person's name ("Prince Charles", "Pope John Paul"),
# or that open other names ("Miss Universe", "Major League Baseball")
_NAME_TITLES = frozenset("king queen prince princess pope sultan emperor saint lord lady dame sir sheikh emir "
                         "miss major".split())
_PARTICLES = frozenset("de van von der den bin al da di le la du dos del".split())


def _split_titles(ws: list[str], tg: list[str], gazetteer: dict[str, str], heads: dict[str, str],
                  caps: dict[str, str]) -> None:
    """A title is not part of the name it comes before: "US Secretary of State Antony
    Blinken" (one ORG to the tagger) is the place "US", the title, and the person "Antony
    Blinken"; "Secretary Lloyd Austin" (PER) is "Lloyd Austin". eng.train writes a title
    outside the person 330 times and inside 13, nearly all royal ("Prince Charles"). The
    words after the title must read as a person's name: capitalised, none of them a title,
    and the last neither a word that ends names of another kind ("... Agency") nor one the
    training text writes in lower case ("... Initiative"). In place, on one sentence."""
    for a, b, t in _chunks(tg):
        if b - a < 2:
            continue
        low = [w.lower() for w in ws[a:b]]
        last = None
        for k in range(b - a - 1, -1, -1):
            if ws[a + k][:1].isupper() and low[k] in LEXICON["TTL"]:
                last = k
                break
        if last is None or low[last] in _NAME_TITLES:
            continue
        j = last + 1
        if j + 1 < b - a and low[j] == "of" and ws[a + j + 1][:1].isupper():
            j += 2  # "Secretary of State"
        rest = ws[a + j:b]
        if not rest or (len(rest) < 2 and t != "PER"):
            continue
        if (not all(w[:1].isupper() or w in _PARTICLES for w in rest) or not rest[0][:1].isupper()
                or any(w.lower() in LEXICON["TTL"] for w in rest) or rest[-1].lower() in heads
                or caps.get(rest[-1].lower()) == "L" or caps.get(rest[0].lower()) == "L"):
            continue
        first = last
        while first > 0 and low[first - 1] in LEXICON["TTL"] and low[first - 1] not in _NAME_TITLES:
            first -= 1  # "Russian Foreign Minister"
        if first > 0:
            kind = gazetteer.get(" ".join(low[:first]))
            if kind is None:
                kind = t if t != "PER" else ""
            tg[a:a + first] = ["B-" + kind] + ["I-" + kind] * (first - 1) if kind else ["O"] * first
        tg[a + first:a + j] = ["O"] * (j - first)
        tg[a + j:b] = ["B-PER"] + ["I-PER"] * (b - a - j - 1)


def consistent_tags(words: list[list[str]], tags: list[list[str]], gazetteer: dict[str, str],
                    heads: dict[str, str] | None = None, caps: dict[str, str] | None = None) -> list[list[str]]:
    """Document-level corrections of the tagger's output (one document).

    * A title is not part of the name it comes before ("US Secretary of State
      Antony Blinken": "US", the title, the person; see _split_titles).
    * A person named in full keeps that kind when named in part: after
      "Jens Stoltenberg" (PER), a mention "Stoltenberg" tagged as a place or
      organisation is the person. Only the name's last word or its last words
      count, and only when no multi-word name of another kind in the document
      has them ("Washington" after "George Washington" and "Washington Post").
    * "The" at the start of a sentence is not part of a name ("The Wagner
      Group said"), unless the training text's names have it ("The Times");
      inside a sentence a capital "The" is ("in The Hague").
    * A one-word place written in camel case ("CPython", "TikTok", "iPhone")
      is an organisation: eng.train has no camel-case place at all (its
      camel-case names are 72 people, "McCarthy", 58 organisations, 9 MISC),
      unless the training names have it as a place.
    * A multi-word name ending in a common word that ends names of one kind
      in the training text (``heads``, built by reader.nlp.train.head_words:
      "... Party" ORG, "... Sea" LOC, "... Cup" MISC) is of that kind.
    * A one-word person right after "in", "at" or "near", without a
      possessive and not the surname of a person named in full, is a place,
      and so are that word's other one-word "person" mentions in the document
      ("in Salisbury": eng.train and testa have 992 places there, 18 people,
      nearly all with a possessive).
    * An organisation's name ending in a word that ends organisation names
      ("Organisation", "Council", "Commission") followed by "for" (or "for
      the") and another name is one organisation with it ("the Organisation
      for the Prohibition of Chemical Weapons").
    * A one-word name inside a sentence that the training text also writes in
      lower case, followed by a capitalised word it always writes in lower
      case and the tagger left out ("a new Strategic Concept": "Strategic"
      ORG), is the first half of a Title Case name: the two are one MISC name
      (``caps``: the training text's capitalisation classes).
    """
    tags = [list(t) for t in tags]
    for ws, tg in zip(words, tags):
        _split_titles(ws, tg, gazetteer, heads or {}, caps or {})
    tails: set[str] = set()  # last words of people's full names
    parts: set[str] = set()  # any run of words inside other multi-word names
    for ws, tg in zip(words, tags):
        for a, b, t in _chunks(tg):
            if b - a < 2:
                continue
            low = [w.lower() for w in ws[a:b]]
            if t == "PER":
                tails.update(" ".join(low[k:]) for k in range(1, b - a))
            else:
                parts.update(" ".join(low[i:j]) for i in range(b - a) for j in range(i + 1, b - a + 1))
    persons = tails - parts
    placed: set[str] = set()  # one-word "people" found to be places ("in Salisbury")
    for ws, tg in zip(words, tags):
        for a, b, t in _chunks(tg):
            low = [w.lower() for w in ws[a:b]]
            if t != "PER" and " ".join(low) in persons:
                tg[a:b] = ["B-PER"] + ["I-PER"] * (b - a - 1)
                continue
            if a == 0 and low[0] == "the" and b - a >= 2 and " ".join(low) not in gazetteer:
                tg[a] = "O"
                tg[a + 1] = "B-" + t
                a += 1
            if (t == "PER" and b - a == 1 and a > 0 and ws[a - 1].lower() in ("in", "at", "near") and tg[a - 1] == "O"
                    and not _possessive(ws, b) and low[0] not in tails):
                tg[a] = "B-LOC"
                placed.add(ws[a])
                continue
            if t == "LOC" and b - a == 1 and _CAMEL.search(ws[a]) and gazetteer.get(low[0]) != "LOC":
                tg[a] = "B-ORG"
                continue
            h = heads.get(low[-1]) if heads and b - a >= 2 else None
            if h is not None and h != t:
                tg[a:b] = ["B-" + h] + ["I-" + h] * (b - a - 1)
                continue
            if (caps and t != "MISC" and b - a == 1 and a > 0 and b < len(ws) and tg[b] == "O"
                    and caps.get(low[0]) in ("L", "M") and ws[b].lower() not in LEXICON["TTL"]
                    and ws[b][:1].isupper() and ws[b][1:].islower() and caps.get(ws[b].lower()) == "L"
                    and not ws[a].isupper()):
                tg[a:b + 1] = ["B-MISC", "I-MISC"]
    # "the Organisation for the Prohibition of Chemical Weapons": an organisation's name
    # going on with "for" (eng.train and testa: 19 ORG names hold "for", 2 are split there)
    for ws, tg in zip(words, tags):
        joined = True
        while joined:  # again after each join: "Commission for X for Y"
            joined = False
            ch = _chunks(tg)
            for (a, b, t), (c, d, u) in zip(ch, ch[1:]):
                gap = [w.lower() for w in ws[b:c]]
                if (t == "ORG" and gap in (["for"], ["for", "the"]) and ws[b - 1].lower() in LEXICON["OSF"]
                        and u in ("ORG", "MISC", "LOC")):
                    tg[a:d] = ["B-ORG"] + ["I-ORG"] * (d - a - 1)
                    joined = True
                    break
    if placed:
        # and elsewhere in the document ("travelled to Salisbury", "the centre of Salisbury")
        for ws, tg in zip(words, tags):
            for a, b, t in _chunks(tg):
                if t == "PER" and b - a == 1 and ws[a] in placed and not _possessive(ws, b):
                    tg[a] = "B-LOC"
    return tags


_DEFAULT: CRFExtractor | None = None
_DEFAULT_LOCK = threading.Lock()


def default_extractor() -> Extractor:
    """The shipped model, loaded once per process."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            d = _models_dir()
            with ExitStack() as stack:
                model = stack.enter_context(resources.as_file(d.joinpath(MODEL_FILE)))
                lex = stack.enter_context(resources.as_file(d.joinpath(LEX_FILE)))
                model2 = None
                if d.joinpath(MODEL2_FILE).is_file():
                    model2 = stack.enter_context(resources.as_file(d.joinpath(MODEL2_FILE)))
                _DEFAULT = CRFExtractor(model, lex, VERSION, model2)
        return _DEFAULT


# -- canonical names and salience --------------------------------------------

_APOS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\n": " "})


def _clean(s: str) -> str:
    s = " ".join(s.translate(_APOS).split())
    for suffix in ("'s", "'"):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
    low = s.lower()
    if low.startswith("the ") and len(s) > 4:
        s = s[4:]
    return s


# Different names of one entity (case-folded): one table for the article and the cache.
from reader.nlp.aliases import ALIASES  # noqa: E402


def _key(s: str) -> str:
    k = s.lower()
    a = ALIASES.get(k)
    return a.lower() if a is not None else k


def _pretty(key: str, forms: Counter) -> str:
    """Prefer a mixed-case form over an ALL-CAPS headline form."""
    for alias in ALIASES.values():
        if alias.lower() == key:
            return alias
    best = sorted(forms.items(), key=lambda kv: (kv[0].isupper() and len(kv[0]) > 4, -kv[1]))
    return best[0][0]


def _shared_surnames(text: str, spans: list[Span], cleaned: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A first name joined by "and" to a full name shares its surname ("Sergei and Yulia
    Skripal": Sergei Skripal), when the article names that person in full elsewhere, or uses
    the first name to open another full name and never to end one. "Laschet and Annalena
    Baerbock" stays: Laschet ends "Armin Laschet"."""
    people = [c.lower().split() for c, lab in cleaned if lab == PERSON]
    full = {" ".join(w) for w in people if len(w) > 1}
    firsts = {w[0] for w in people if len(w) > 1}
    lasts = {w[-1] for w in people if len(w) > 1}
    out = list(cleaned)
    for i in range(len(spans) - 1):
        (a, la), (b, lb) = cleaned[i], cleaned[i + 1]
        if la != PERSON or lb != PERSON or len(a.split()) != 1 or len(b.split()) < 2:
            continue
        if text[spans[i].end:spans[i + 1].start] not in (" and ", " & "):
            continue
        name = f"{a} {b.split()[-1]}"
        low = a.lower()
        if name.lower() in full or (low in firsts and low not in lasts):
            out[i] = (name, PERSON)
    return out


def _resolve(mentions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(clean text, label) per mention -> (canonical key, label) per mention.

    A person mentioned by part of a longer name used in the same article
    ("Stoltenberg", "Jens") is that person ("Jens Stoltenberg"), when the
    longer names it could belong to are all one person; otherwise it stays
    as written ("Sergei" with both Sergei Lavrov and Sergei Skripal).
    Other labels are matched on their case-folded text only.
    """
    keys = [_key(t) for t, _ in mentions]
    persons: list[str] = []
    for k, (_, lab) in zip(keys, mentions):
        if lab == PERSON and k not in persons:
            persons.append(k)
    final: dict[str, str] = {}
    for k in sorted(persons, key=lambda x: -len(x.split())):  # longest names first
        words = k.split()
        n = len(words)
        cands = {final[o] for o in persons
                 if len(o.split()) > n and (o.split()[-n:] == words or o.split()[:n] == words)}
        final[k] = cands.pop() if len(cands) == 1 else k
    return [(final.get(k, k) if lab == PERSON else k, lab) for k, (_, lab) in zip(keys, mentions)]


def entities(
    text: str, title: str = "", extractor: Extractor | None = None
) -> tuple[list[Span], list[EntityInfo]]:
    """Entities of an article: spans over ``text`` with canonical names, and one
    EntityInfo per distinct entity, most salient first.

    Salience in [0, 1] mixes the number of mentions relative to the most
    mentioned entity (0.45), presence in the title (0.3) and how early the
    first mention comes (0.25); MISC entities (mostly nationalities) get 80%
    of that. Entities named only in the title are not
    listed (spans are over ``text`` only). Each span keeps the model's label;
    an EntityInfo has its entity's most frequent label.
    """
    ex = extractor if extractor is not None else default_extractor()
    if title.strip():
        # The title is read as the first line of the article, as headlines are
        # in the training text: names in it get the article's evidence
        # ("BIDEN" or "Biden And Macron Meet" next to "Joe Biden" below).
        head = title.replace("\r", " ").replace("\n", " ")
        off = len(head) + 2
        both = ex.extract(head + "\n\n" + text)
        title_spans = [s for s in both if s.end <= len(head)]
        spans = [Span(s.start - off, s.end - off, s.label, s.text) for s in both if s.start >= off]
    else:
        spans = ex.extract(text)
        title_spans = []
    cleaned = _shared_surnames(text, spans, [(_clean(s.text), s.label) for s in spans])
    title_cleaned = [(_clean(s.text), s.label) for s in title_spans]
    resolved = _resolve(cleaned + title_cleaned)
    body, head = resolved[: len(spans)], resolved[len(spans) :]

    forms: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, int] = {}
    count: Counter = Counter()
    for sp, (txt, _), (k, lab) in zip(spans, cleaned, body):
        labels[k][lab] += 1
        count[k] += 1
        first.setdefault(k, sp.start)
        if _key(txt) == k:
            forms[k][txt] += 1
    for (txt, _), (k, lab) in zip(title_cleaned, head):
        if _key(txt) == k:
            forms[k][txt] += 0  # known form, weakest preference
    title_low = " " + " ".join(title.translate(_APOS).lower().split()) + " "
    names = {k: (_pretty(k, forms[k]) if forms[k] else k) for k in count}
    # An entity's label is its most frequent one (ties: first seen). Spans keep
    # the model's label: forcing one label per name lost 0.5 F1 on eng.testa.
    label_of = {k: labels[k].most_common(1)[0][0] for k in count}
    head_keys = {k for k, _ in head}

    out_spans = [
        Span(sp.start, sp.end, sp.label, sp.text, names[k]) for sp, (k, _) in zip(spans, body)
    ]
    top = max(count.values(), default=1)
    length = max(len(text), 1)
    infos = []
    for k in count:
        in_title = k in head_keys or f" {k} " in title_low
        sal = 0.45 * count[k] / top + 0.3 * in_title + 0.25 * (1.0 - first[k] / length)
        if label_of[k] == MISC:
            sal *= 0.8  # "Russian", "Cold War": context more than subject
        infos.append(EntityInfo(names[k], label_of[k], count[k], round(min(1.0, max(0.0, sal)), 4)))
    infos.sort(key=lambda e: (-e.salience, first[_key(e.name)] if _key(e.name) in first else 0, e.name))
    return out_spans, infos

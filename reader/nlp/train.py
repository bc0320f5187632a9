"""Train the shipped entity model: ``python -m reader.nlp.train``.

Run from the repository root (or a worktree); the training file defaults to
../shared/data/conll2003/eng.train and the dev file to eng.testa beside it
(both overridable: ``python -m reader.nlp.train PATH/eng.train --dev PATH``).
It writes reader/nlp/models/{ner.crfsuite, ner2.crfsuite, ner_lex.json,
ner.json}; ner.json records the version (a hash of the model, lexicon and
feature code) and the dev F1 that tests/test_entities.py checks. Training is
deterministic: the same data and code give byte-identical files.

What it does: rebuilds each training document as raw text, re-tokenizes it
with our tokenizer, builds features (5-fold jackknife gazetteers), trains the
first-pass CRF on everything plus 5 fold CRFs whose tags on their held-out
fold train the second-pass CRF (two-stage CRF). L-BFGS, c1=0.1, c2=0.05,
150 iterations. See docs/ner.md for why.

Measured on this machine (2 cores, python-crfsuite 0.9.12), 2026-11-28:

    $ python -m reader.nlp.train
    7.7 min wall (--workers 2); model files 3.7 MB in all
    version crf-652d41c0790a
    eng.testa (dev):  P 0.927  R 0.928  F1 0.927
        PER 0.952  ORG 0.883  LOC 0.952  MISC 0.893

    $ python -m reader.nlp.eval_ner ../shared/data/conll2003/eng.testa
    F1 0.927 tokens/s 38509          (one core; 30k-55k depending on load)
    $ python -m reader.nlp.eval_ner ../shared/data/conll2003/eng.train
    F1 0.996 tokens/s 41373          (training data: memorised, not a measure)

    $ python bench/bench_ner.py
    model load 37 ms, +11 MB RSS; 36,800 tokens/s cold cache,
    49,900 warm, 155-210 articles/s

2026-12-07 (issue 18): the same model files; the lexicon also carries the
head-word table (head_words) read by entities.consistent_tags, and ner.json
records the modern news set (tests/data/modern_news) and CrossNER politics
dev figures. Training with world tables (--world geo,co,zf and subsets,
reader/nlp/world.py, needs `pip install -e .[train]`) was measured and not
kept: docs/ner.md.

2026-12-08 (issue 18, session 14): the same CRF models, byte for byte; the lexicon
also carries the names of CrossNER politics' train split that eng.train lacks
(gazetteer_more, 690 names, matched as whole names only; --crossner none to leave
them out). CrossNER politics dev 0.522 -> 0.560; eng.testa 0.9281 and the modern
sets (dev 0.890, test 0.855) unchanged. Training on CrossNER's sentences was
measured and not kept (docs/ner.md).

Tuning on eng.testa (one pass unless noted; 100 iterations):
c1/c2 0.1/0.01 0.910, 0.05/0.01 0.910, 0.2/0.01 0.910, 0.1/0.05 0.912,
0.1/0.001 0.910, 0/0.1 0.908 (25 MB model), 0.3/0.001 (150 it.) 0.911,
0.1/0.01 with 200 iterations 0.910. With token-level gazetteer features:
0.1/0.01 0.918, 0.1/0.05 0.917. Two-stage: 0.1/0.01 0.925, 0.1/0.05 0.926,
0.05/0.05 0.926 (larger model), 0.1/0.05 with 150 iterations 0.927 (shipped).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from reader.nlp.conll import Doc, read_docs
from reader.nlp.features import Featurizer, is_headline
from reader.nlp.lexicon import word_classes
from reader.nlp.tokenize import Token, norm, sentences

DEFAULT_TRAIN = "../shared/data/conll2003/eng.train"
DEFAULT_DEV = "../shared/data/conll2003/eng.testa"
# Out-of-domain names beside eng.train's: those of CrossNER's political Wikipedia
# sentences (train split; its dev split is a measure) join the gazetteer (read_crossner).
DEFAULT_CROSSNER = "../shared/data/crossner-politics/train.conll"
MODELS_DIR = Path(__file__).resolve().parent / "models"
N_FOLDS = 5
# Which world tables (reader.nlp.world) the model learns from, e.g.
# "geo,co,zf", "geo-town,co" (places without towns under 100,000 people).
# None by default: measured in docs/ner.md, none of them improved held-out
# modern text beyond noise, and towns cost 0.4 F1 on eng.testa.
WORLD = ""


def _find(default: str) -> str:
    """Resolve the default data path from the repo root or a worktree."""
    here = Path(__file__).resolve()
    for base in [Path.cwd(), *here.parents]:
        p = (base / default).resolve()
        if p.exists():
            return str(p)
    p = Path("/work/shared") / Path(default).relative_to("../shared")
    return str(p)


_DATE_WORD = re.compile(r"(?:\d{4}s?|\d{1,2}(?:st|nd|rd|th)?|January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)")


def read_crossner(path: str | Path, known: dict[str, str]) -> list[Doc]:
    """CrossNER politics in the CoNLL format, put to the conventions of eng.train and the
    app, given ``known``, eng.train's names (lowercased) and their kinds:
    - the date opening an election's name ("2004 Canadian federal election", 122 of 123
      in train) is not part of it: dates are the time tagger's, and CoNLL never puts one
      inside a name;
    - a name does not end in lower-case words: of "Canadian federal election" only
      "Canadian" is a name, of the kind CoNLL gives it (a demonym is MISC; "United States"
      LOC, "Republican Party" ORG, as in eng.train); a sentence where that kind is not
      known is left out (21 of 200);
    - a span with no capital letter ("socialist") is no name."""
    docs = read_docs(path)
    out = []
    for doc in docs:
        kept = []
        unsure = False
        for first, last, typ in doc.chunks:
            words = [doc.tokens[i][0] for i in range(first, last + 1)]
            if not any(w[:1].isupper() for w in words):
                continue
            if typ == "MISC":
                while first <= last and _DATE_WORD.fullmatch(doc.tokens[first][0]):
                    first += 1
            if first > last:
                continue
            if doc.tokens[last][0][:1].islower():
                while first <= last and doc.tokens[last][0][:1].islower():
                    last -= 1
                rest = [norm(doc.tokens[i][0]) for i in range(first, last + 1)]
                if len(rest) == 1 and "DEM" in word_classes(rest[0].lower()):
                    typ = "MISC"
                elif " ".join(rest).lower() in known:
                    typ = known[" ".join(rest).lower()]
                else:
                    unsure = True
                    break
            kept.append((first, last, typ))
        if not unsure:
            doc.chunks = kept
            out.append(doc)
    return out


def doc_sentences(doc: Doc) -> tuple[list[list[Token]], list[list[str]]]:
    """Re-tokenize a rebuilt document; project gold spans onto our tokens (BIO2)."""
    sents = sentences(doc.text)
    lab = [None] * len(doc.text)
    for s, e, t in doc.gold_spans():
        for c in range(s, e):
            lab[c] = (t, s)
    tags: list[list[str]] = []
    for sent in sents:
        tg = []
        for tok in sent:
            x = lab[tok.start]
            if x is None:
                tg.append("O")
            else:
                t, s = x
                prev_in_same = tg and tg[-1] != "O" and tg[-1][2:] == t and tok.start > s
                tg.append(("I-" if prev_in_same else "B-") + t)
        tags.append(tg)
    return sents, tags


def words_and_tags(docs: list[Doc]) -> tuple[list[list[list[str]]], list[list[list[str]]]]:
    """Each document's sentences as normalised words, and their gold BIO tags."""
    docs_words, docs_tags = [], []
    for doc in docs:
        sents, tags = doc_sentences(doc)
        docs_words.append([[norm(t.text) for t in s] for s in sents])
        docs_tags.append(tags)
    return docs_words, docs_tags


def caps_table(docs_words: list[list[list[str]]]) -> dict[str, str]:
    """How each word is written in the training text, outside headlines and
    sentence starts: L (lower case >= 90%), C (capitalised >= 90%), M (mixed)."""
    low: Counter = Counter()
    cap: Counter = Counter()
    for sents in docs_words:
        for s in sents:
            if is_headline(s):
                continue
            for i, w in enumerate(s):
                if not w[:1].isalpha():
                    continue
                if w.islower():
                    low[w] += 1
                elif i > 0 and w[:1].isupper():
                    cap[w.lower()] += 1
    out = {}
    for w in set(low) | set(cap):
        n = low[w] + cap[w]
        if n < 2:
            continue
        r = low[w] / n
        out[w] = "L" if r >= 0.9 else "C" if r <= 0.1 else "M"
    return dict(sorted(out.items()))


def gazetteer(docs_words, docs_tags, which: list[int]) -> dict[str, str]:
    """Entity strings (lowercased) of the given training docs -> majority type."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in which:
        for words, tags in zip(docs_words[d], docs_tags[d]):
            i = 0
            n = len(tags)
            while i < n:
                if tags[i].startswith("B-"):
                    t = tags[i][2:]
                    j = i + 1
                    while j < n and tags[j] == "I-" + t:
                        j += 1
                    if j - i <= Featurizer.MAX_GAZ:
                        counts[" ".join(w.lower() for w in words[i:j])][t] += 1
                    i = j
                else:
                    i += 1
    return {k: c.most_common(1)[0][0] for k, c in sorted(counts.items())}


def head_words(docs_words, docs_tags, caps: dict[str, str], min_n: int = 3, min_share: float = 0.9) -> dict[str, str]:
    """Last words of multi-word names that decide their kind in the training
    text: common words (written in lower case at least sometimes, caps class
    L or M) ending names of one kind at least 90% of the time, seen at least
    3 times ("party" ORG, "sea" LOC, "cup" MISC). Read by
    reader.nlp.entities.consistent_tags."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for sents, tags in zip(docs_words, docs_tags):
        for words, tg in zip(sents, tags):
            i, n = 0, len(tg)
            while i < n:
                if tg[i] != "O":
                    t = tg[i][2:]
                    j = i + 1
                    while j < n and tg[j] == "I-" + t:
                        j += 1
                    if j - i >= 2:
                        counts[words[j - 1].lower()][t] += 1
                    i = j
                else:
                    i += 1
    out = {}
    for w, c in sorted(counts.items()):
        t, k = c.most_common(1)[0]
        total = sum(c.values())
        if total >= min_n and k >= min_share * total and caps.get(w) in ("L", "M") and w.isalpha() and len(w) > 2:
            out[w] = t
    return out


_JOB: dict = {}


def _train_model(args: tuple[list[int], str, int, dict]) -> str:
    """Train one CRF on the given docs of _JOB[pass]; runs in a forked worker."""
    import pycrfsuite

    docs, path, which, params = args
    feats, tags = _JOB["feats%d" % which], _JOB["tags"]
    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        for f, t in zip(feats[d], tags[d]):
            if f:
                trainer.append(f, t)
    trainer.set_params(params)
    trainer.train(path)
    return path


def _run(jobs: list[tuple], workers: int) -> None:
    if workers <= 1 or len(jobs) == 1:
        for j in jobs:
            _train_model(j)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_train_model, jobs, chunksize=1)


def train(train_path: str, out_dir: Path, c1: float, c2: float, iterations: int, dev_path: str | None,
          two_pass: bool = True, workers: int = 2, verbose: bool = True, world_tables: str = WORLD,
          crossner_path: str | None = None) -> dict:
    import tempfile

    import pycrfsuite

    from reader.nlp.features import label_features

    t0 = time.time()

    def say(msg: str) -> None:
        if verbose:
            print(f"[{time.time() - t0:6.1f} s] {msg}", file=sys.stderr)

    docs = read_docs(train_path)
    docs_words, docs_tags = words_and_tags(docs)
    caps = caps_table(docs_words)
    from reader.nlp.world import WorldTables, build_tables, package_versions

    wanted = [x for x in world_tables.split(",") if x]
    built = build_tables() if wanted else {}
    tables = {k: v for k, v in built.items() if k in wanted}
    if "geo-town" in wanted:  # places without towns under 100,000 people
        tables["geo"] = {k: v for k, v in built["geo"].items() if not k.endswith("TOWN")}
    world = WorldTables(tables)
    say("world tables built")
    # Gazetteer features for training come from the other folds (jackknife),
    # so the model learns how far a gazetteer hit can be trusted for names it
    # has not seen; the shipped gazetteer is built from all training docs.
    folds = [list(range(k, len(docs), N_FOLDS)) for k in range(N_FOLDS)]
    feats1: list = [None] * len(docs)
    for k, fold in enumerate(folds):
        others = [d for j, f in enumerate(folds) if j != k for d in f]
        fz = Featurizer(gazetteer(docs_words, docs_tags, others), caps, world=world)
        for d in fold:
            feats1[d] = fz.doc_features(docs_words[d])
    n_tok = sum(len(t) for tags in docs_tags for t in tags)
    say(f"features for {n_tok} tokens")
    params = {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / "ner.crfsuite"
    model2_path = out_dir / "ner2.crfsuite"
    _JOB.update(feats1=feats1, tags=docs_tags)
    all_docs = list(range(len(docs)))
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(all_docs, str(model_path), 1, params)]
        if two_pass:
            # first-pass tags for the second pass's training come from models
            # that did not see the document (jackknife), as at run time
            jobs += [([d for j, f in enumerate(folds) if j != k for d in f], f"{tmp}/fold{k}.crfsuite", 1, params)
                     for k in range(N_FOLDS)]
        _run(jobs, workers)
        say("first pass trained")
        if two_pass:
            feats2: list = [None] * len(docs)
            for k, fold in enumerate(folds):
                tagger = pycrfsuite.Tagger()
                tagger.open(f"{tmp}/fold{k}.crfsuite")
                for d in fold:
                    tags1 = [tagger.tag(f) if f else [] for f in feats1[d]]
                    feats2[d] = label_features(docs_words[d], feats1[d], tags1)
                tagger.close()
            _JOB.update(feats2=feats2)
            _run([(all_docs, str(model2_path), 2, params)], 1)
            say("second pass trained")
        elif model2_path.exists():
            model2_path.unlink()
    _JOB.clear()
    active: set[str] = set()
    for p in (model_path, model2_path) if two_pass else (model_path,):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(p))
        active |= {attr for attr, _ in tagger.info().state_features}
        tagger.close()
    names = gazetteer(docs_words, docs_tags, all_docs)
    more: dict[str, str] = {}
    if crossner_path:
        # names only: CrossNER's sentences as training text cost eng.testa 0.15 and gave the
        # samples more wrong kinds than they mended (docs/ner.md). Its names that eng.train
        # lacks are matched as whole names (Featurizer's ``more``), without changing what
        # single words the training names hold ("Kim", "Greater")
        extra = read_crossner(crossner_path, names)
        found = gazetteer(*words_and_tags(extra), list(range(len(extra))))
        more = {k: v for k, v in found.items() if k not in names}
        say(f"{len(extra)} CrossNER sentences read, {len(more)} more names")
    lex = {"gazetteer": names, "gazetteer_more": more, "caps": caps, "active": sorted(active),
           "world": tables, "heads": head_words(docs_words, docs_tags, caps)}
    lex_path = out_dir / "ner_lex.json"
    lex_path.write_text(json.dumps(lex, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    h = hashlib.sha256()
    h.update(model_path.read_bytes())
    if two_pass:
        h.update(model2_path.read_bytes())
    h.update(lex_path.read_bytes())
    h.update(Path(__file__).with_name("lexicon.py").read_bytes())
    h.update(Path(__file__).with_name("features.py").read_bytes())
    h.update(Path(__file__).with_name("world.py").read_bytes())
    meta = {
        "version": "crf-" + h.hexdigest()[:12],
        "train": Path(train_path).name,
        "gazetteer_also": f"crossner-politics/{Path(crossner_path).name}" if crossner_path else "",
        "params": {"c1": c1, "c2": c2, "max_iterations": iterations, "two_pass": two_pass},
        "train_tokens": n_tok,
        "world_tables": world_tables,
        "model_bytes": model_path.stat().st_size + (model2_path.stat().st_size if two_pass else 0),
    }
    if tables:
        meta["world_packages"] = package_versions()
    if dev_path:
        from reader.nlp.entities import CRFExtractor
        from reader.nlp.eval_ner import evaluate, format_report

        ex = CRFExtractor(model_path, lex_path, meta["version"], model2_path if two_pass else None)
        res = evaluate(dev_path, ex)
        if verbose:
            print(format_report(res), file=sys.stderr)
        meta["dev"] = Path(dev_path).name
        meta["dev_f1"] = round(res["f1"], 4)
        meta["dev_per_type_f1"] = {t: round(m["f1"], 4) for t, m in res["per_type"].items()}
        record_modern(meta, ex, verbose)
    say("done")
    (out_dir / "ner.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


MODERN_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "modern_news"


def record_modern(meta: dict, extractor, verbose: bool = False) -> None:
    """Score the held-out modern news set (tests/data/modern_news, not used
    for training) and CrossNER politics dev, and record them in ``meta``."""
    from reader.nlp.eval_ner import evaluate, format_report

    sets = {"modern_dev": MODERN_DIR / "dev.conll", "modern_test": MODERN_DIR / "test.conll",
            "crossner_politics_dev": Path(_find("../shared/data/crossner-politics/dev.conll"))}
    for name, path in sets.items():
        if not path.exists():
            continue
        res = evaluate(path, extractor)
        if verbose:
            print(name, format_report(res), sep="\n", file=sys.stderr)
        meta[name + "_f1"] = round(res["f1"], 4)
        meta[name + "_per_type_f1"] = {t: round(m["f1"], 4) for t, m in res["per_type"].items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reader.nlp.train", description="Train the entity model.")
    ap.add_argument("train", nargs="?", default=None, help=f"CoNLL-2003 training file (default {DEFAULT_TRAIN})")
    ap.add_argument("--dev", default=None, help=f"dev file to score and record (default {DEFAULT_DEV}; 'none' to skip)")
    ap.add_argument("--out", type=Path, default=MODELS_DIR, help="output folder (default: the package's models/)")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--one-pass", action="store_true", help="train the first-pass model only")
    ap.add_argument("--workers", type=int, default=2, help="processes for the jackknife models")
    ap.add_argument("--crossner", default=None,
                    help=f"CrossNER politics file whose names join the gazetteer (default {DEFAULT_CROSSNER}; 'none')")
    ap.add_argument("--world", default=WORLD, help=f"world tables to use, comma-separated (default {WORLD}; '' for none)")
    args = ap.parse_args(argv)
    train_path = args.train or _find(DEFAULT_TRAIN)
    dev = None if args.dev == "none" else (args.dev or _find(DEFAULT_DEV))
    if dev and not Path(dev).exists():
        dev = None
    crossner = None if args.crossner == "none" else (args.crossner or _find(DEFAULT_CROSSNER))
    if crossner and not Path(crossner).exists():
        print(f"reader.nlp.train: {crossner}: no such file (--crossner none to train without it)", file=sys.stderr)
        return 2
    meta = train(train_path, args.out, args.c1, args.c2, args.iterations, dev,
                 two_pass=not args.one_pass, workers=args.workers, world_tables=args.world, crossner_path=crossner)
    print(json.dumps(meta, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

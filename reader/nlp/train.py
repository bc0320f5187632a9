"""Train the shipped entity model: ``python -m reader.nlp.train``.

(Figures are filled in below once measured.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from reader.nlp.conll import Doc, read_docs
from reader.nlp.features import Featurizer, is_headline
from reader.nlp.tokenize import Token, norm, sentences

DEFAULT_TRAIN = "../shared/data/conll2003/eng.train"
DEFAULT_DEV = "../shared/data/conll2003/eng.testa"
MODELS_DIR = Path(__file__).resolve().parent / "models"
N_FOLDS = 5


def _find(default: str) -> str:
    """Resolve the default data path from the repo root or a worktree."""
    here = Path(__file__).resolve()
    for base in [Path.cwd(), *here.parents]:
        p = (base / default).resolve()
        if p.exists():
            return str(p)
    p = Path("/work/shared/data/conll2003") / Path(default).name
    return str(p)


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


def train(train_path: str, out_dir: Path, c1: float, c2: float, iterations: int, dev_path: str | None,
          verbose: bool = True) -> dict:
    import pycrfsuite

    t0 = time.time()
    docs = read_docs(train_path)
    docs_words, docs_tags = [], []
    for doc in docs:
        sents, tags = doc_sentences(doc)
        docs_words.append([[norm(t.text) for t in s] for s in sents])
        docs_tags.append(tags)
    caps = caps_table(docs_words)
    # Gazetteer features for training come from the other folds (jackknife),
    # so the model learns how far a gazetteer hit can be trusted for names it
    # has not seen; the shipped gazetteer is built from all training docs.
    folds = [list(range(k, len(docs), N_FOLDS)) for k in range(N_FOLDS)]
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for k, fold in enumerate(folds):
        others = [d for j, f in enumerate(folds) if j != k for d in f]
        fz = Featurizer(gazetteer(docs_words, docs_tags, others), caps)
        for d in fold:
            for feats, tags in zip(fz.doc_features(docs_words[d]), docs_tags[d]):
                if feats:
                    trainer.append(feats, tags)
                    n_tok += len(tags)
    if verbose:
        print(f"features for {n_tok} tokens in {time.time() - t0:.1f} s", file=sys.stderr)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": iterations,
        "feature.possible_transitions": True,
    })
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / "ner.crfsuite"
    trainer.train(str(model_path))
    if verbose:
        print(f"trained in {time.time() - t0:.1f} s", file=sys.stderr)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    active = sorted({attr for attr, _ in tagger.info().state_features})
    tagger.close()
    lex = {"gazetteer": gazetteer(docs_words, docs_tags, list(range(len(docs)))), "caps": caps,
           "active": active}
    lex_path = out_dir / "ner_lex.json"
    lex_path.write_text(json.dumps(lex, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    h = hashlib.sha256()
    h.update(model_path.read_bytes())
    h.update(lex_path.read_bytes())
    h.update(Path(__file__).with_name("lexicon.py").read_bytes())
    h.update(Path(__file__).with_name("features.py").read_bytes())
    meta = {
        "version": "crf-" + h.hexdigest()[:12],
        "train": Path(train_path).name,
        "params": {"c1": c1, "c2": c2, "max_iterations": iterations},
        "train_tokens": n_tok,
        "model_bytes": model_path.stat().st_size,
    }
    if dev_path:
        from reader.nlp.entities import CRFExtractor
        from reader.nlp.eval_ner import evaluate, format_report

        ex = CRFExtractor(model_path, lex_path, meta["version"])
        res = evaluate(dev_path, ex)
        if verbose:
            print(format_report(res), file=sys.stderr)
        meta["dev"] = Path(dev_path).name
        meta["dev_f1"] = round(res["f1"], 4)
        meta["dev_per_type_f1"] = {t: round(m["f1"], 4) for t, m in res["per_type"].items()}
    (out_dir / "ner.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reader.nlp.train", description="Train the entity model.")
    ap.add_argument("train", nargs="?", default=None, help=f"CoNLL-2003 training file (default {DEFAULT_TRAIN})")
    ap.add_argument("--dev", default=None, help=f"dev file to score and record (default {DEFAULT_DEV}; 'none' to skip)")
    ap.add_argument("--out", type=Path, default=MODELS_DIR, help="output folder (default: the package's models/)")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=100)
    args = ap.parse_args(argv)
    train_path = args.train or _find(DEFAULT_TRAIN)
    dev = None if args.dev == "none" else (args.dev or _find(DEFAULT_DEV))
    if dev and not Path(dev).exists():
        dev = None
    meta = train(train_path, args.out, args.c1, args.c2, args.iterations, dev)
    print(json.dumps(meta, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

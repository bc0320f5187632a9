"""`reader eval-ner FILE`: score an entity extractor on a CoNLL-2003 file.

Each document is rebuilt as raw text from its tokens (reader.nlp.conll),
the extractor runs on that text as it would on an article, and its spans
are mapped back to the file's tokens: a predicted entity is the run of
tokens its characters overlap. Scoring is exact match on (first token,
last token, type), as conlleval does. The last printed line reads
``F1 0.xxx tokens/s N``.
"""

from __future__ import annotations

import argparse
import bisect
import time
from pathlib import Path

from reader.nlp.conll import CONLL_TO_LABEL, LABEL_TO_CONLL, Doc, read_docs

TYPES = ("PER", "ORG", "LOC", "MISC")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def spans_to_chunks(doc: Doc, spans) -> set[tuple[int, int, str]]:
    """Map character spans back to (first token, last token, CoNLL type)."""
    starts = [a for _, a, _ in doc.tokens]
    out: set[tuple[int, int, str]] = set()
    for sp in spans:
        typ = LABEL_TO_CONLL.get(sp.label)
        if typ is None:
            continue
        # first token whose end is past the span start; last token starting before span end
        i = bisect.bisect_right(starts, sp.start) - 1
        if i < 0 or doc.tokens[i][2] <= sp.start:
            i += 1
        j = bisect.bisect_left(starts, sp.end) - 1
        if i <= j < len(doc.tokens):
            out.add((i, j, typ))
    return out


def evaluate(path: str | Path, extractor=None) -> dict:
    """Score ``extractor`` (default: the shipped model) on a CoNLL-2003 file.

    Returns {"per_type": {type: prf}, "overall": prf, "f1": float,
    "tokens": int, "seconds": float, "tokens_per_s": float, "docs": int}.
    """
    if extractor is None:
        from reader.nlp.entities import default_extractor

        extractor = default_extractor()
    docs = read_docs(path)
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, pred, gold
    n_tokens = 0
    elapsed = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        spans = extractor.extract(doc.text)
        elapsed += time.perf_counter() - t0
        n_tokens += len(doc.tokens)
        pred = spans_to_chunks(doc, spans)
        gold = set(doc.chunks)
        for t in TYPES:
            p = {c for c in pred if c[2] == t}
            g = {c for c in gold if c[2] == t}
            counts[t][0] += len(p & g)
            counts[t][1] += len(p)
            counts[t][2] += len(g)
    per_type = {t: _prf(*counts[t]) for t in TYPES}
    overall = _prf(*(sum(c[k] for c in counts.values()) for k in range(3)))
    return {
        "per_type": per_type,
        "overall": overall,
        "f1": overall["f1"],
        "tokens": n_tokens,
        "docs": len(docs),
        "seconds": elapsed,
        "tokens_per_s": n_tokens / elapsed if elapsed > 0 else 0.0,
    }


def format_report(res: dict) -> str:
    """The printed report; its last line is ``F1 0.xxx tokens/s N``."""
    lines = [f"{'type':<8}{'label':<8}{'prec':>7}{'rec':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for t in TYPES:
        m = res["per_type"][t]
        lines.append(
            f"{t:<8}{CONLL_TO_LABEL[t]:<8}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}"
            f"{m['gold']:7d}{m['pred']:7d}"
        )
    m = res["overall"]
    lines.append(
        f"{'overall':<16}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}{m['gold']:7d}{m['pred']:7d}"
    )
    lines.append(f"{res['docs']} documents, {res['tokens']} tokens in {res['seconds']:.2f} s")
    lines.append(f"F1 {res['f1']:.3f} tokens/s {res['tokens_per_s']:.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `reader eval-ner FILE`."""
    ap = argparse.ArgumentParser(prog="reader eval-ner", description=__doc__.splitlines()[0])
    ap.add_argument("file", help="a CoNLL-2003 format file (token ... NER tag per line)")
    args = ap.parse_args(argv)
    try:
        res = evaluate(args.file)
    except OSError as e:
        print(f"reader eval-ner: {e}")
        return 2
    print(format_report(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark the shipped entity extractor on raw text rebuilt from eng.testa.

    python bench/bench_ner.py [CONLL_FILE] [--repeat N]

Prints tokens/s and articles/s for the extractor (tokenizing, features and
tagging, one core), next to a baseline run in the same process over the same
text: a plain regex tokenizer pass (``\\w+|[^\\w\\s]``), reported as a ratio.
It also prints the model's load time and the memory it adds. No assertions.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from reader.nlp.conll import read_docs
    from reader.nlp.train import DEFAULT_DEV, _find

    path = args.file or _find(DEFAULT_DEV)
    docs = read_docs(path)
    texts = [d.text for d in docs]
    n_tok = sum(len(d.tokens) for d in docs)

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    from reader.nlp.entities import default_extractor

    ex = default_extractor()
    load = time.perf_counter() - t0
    rss1 = _rss_mb()

    def run(fn) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for text in texts:
                fn(text)
            best = min(best, time.perf_counter() - t)
        return best

    # first pass over the text warms the per-word feature cache, as a long
    # running reader would be; report both cold and warm.
    t = time.perf_counter()
    for text in texts:
        ex.extract(text)
    cold = time.perf_counter() - t
    warm = run(ex.extract)
    rx = re.compile(r"\w+|[^\w\s]")
    base = run(rx.findall)

    print(f"file: {path}: {len(texts)} articles, {n_tok} tokens")
    print(f"model load: {load * 1000:.0f} ms, memory added: {rss1 - rss0:.1f} MB (RSS)")
    print(f"extractor (cold cache): {n_tok / cold:10.0f} tokens/s {len(texts) / cold:8.1f} articles/s")
    print(f"extractor (warm cache): {n_tok / warm:10.0f} tokens/s {len(texts) / warm:8.1f} articles/s")
    print(f"baseline regex split:   {n_tok / base:10.0f} tokens/s {len(texts) / base:8.1f} articles/s")
    print(f"extractor / baseline time ratio: {warm / base:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of tag() + extract_events() over the TBAQ texts and the seed.

Prints articles/s and tokens/s, next to a baseline measured in the same
process on the same texts (one precompiled regex pass that finds year-like
numbers and month names: the least any date tagger must do), and the ratio.
No assertions: run it, read it.

    python bench/bench_timex.py [--repeat N] [DIR ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.nlp.eval_timex import parse_tml, tml_files  # noqa: E402
from reader.nlp.events import extract_events  # noqa: E402
from reader.nlp.timex import tag  # noqa: E402


def _shared() -> Path:
    for p in [ROOT.parent / "shared", *[q / "shared" for q in ROOT.parents]]:
        if (p / "data").is_dir():
            return p
    return ROOT.parent / "shared"


_BASELINE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|"
                       r"August|September|October|November|December)\b")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def load(dirs: list[Path]) -> list[tuple[str, dt.date]]:
    docs = [(d.text, d.dct) for d in map(parse_tml, tml_files(dirs))]
    seed = _shared() / "seeds" / "000_cd2b639b69759d49.txt"
    if seed.exists():
        docs.append((seed.read_text(encoding="utf-8"), dt.date(2021, 10, 6)))
    return docs


def run(docs, fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text, dct in docs:
            fn(text, dct)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    dirs = args.dirs or [_shared() / "data" / "tempeval3" / "TBAQ-cleaned" / "TimeBank",
                         _shared() / "data" / "tempeval3" / "TBAQ-cleaned" / "AQUAINT"]
    docs = load(dirs)
    if not docs:
        print("no documents found", file=sys.stderr)
        return 2
    tokens = sum(len(_TOKEN.findall(t)) for t, _ in docs)
    words = sum(len(t.split()) for t, _ in docs)

    def full(text, dct):
        return extract_events(text, dct, tag(text, dct), [])

    def baseline(text, dct):
        return _BASELINE.findall(text)

    full(*docs[0])  # warm caches
    t_full = run(docs, full, args.repeat)
    t_base = run(docs, baseline, args.repeat)
    n = len(docs)
    print(f"{n} articles, {words} words ({words / n:.0f} per article), {tokens} tokens; best of {args.repeat}")
    print(f"{'':28}{'articles/s':>12}{'tokens/s':>14}")
    print(f"{'tag + extract_events':28}{n / t_full:12.0f}{tokens / t_full:14.0f}")
    print(f"{'baseline regex pass':28}{n / t_base:12.0f}{tokens / t_base:14.0f}")
    print(f"ratio (tagger time / baseline time) {t_full / t_base:.1f}")
    # the bar is stated for ~400-word articles
    per400 = (n / t_full) * (words / n) / 400
    print(f"normalised to 400-word articles: {per400:.0f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

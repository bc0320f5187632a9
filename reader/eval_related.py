"""Precision at 5 of related articles on the bundled samples (`reader eval-related`).

Loads the sample feeds into a cache in a temporary folder (as a first launch
does), analyses them, and scores Library.related(id, limit=5) of each query
article against the stories marked by hand in bench/data/related/stories.json:
a shown article is right when it shares a story with the query. Precision at
5 = right articles among the first five shown / 5, averaged over the queries.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

from reader.nlp.eval_args import eval_args

DEFAULT = Path(__file__).resolve().parents[1] / "bench" / "data" / "related" / "stories.json"


@contextmanager
def samples_library():
    """A library of the bundled samples, analysed as a first launch leaves them, in a
    temporary folder removed afterwards."""
    from reader.library import make_library
    from reader.locations import Locations

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lib = make_library(Locations(config_file=root / "none.toml", data_dir=root / "data"))
        try:
            lib.load_samples_if_empty()
            lib.analyse_pending(workers=1)
            yield lib
        finally:
            lib.close()


def evaluate(path: str | Path = DEFAULT, k: int = 5, details: list | None = None, part: str = "all") -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    stories = {a["title"]: set(a["stories"]) for a in data["articles"]}
    queries = data["queries"]
    if part != "all":  # dev: the 1st, 3rd, 5th ... query (ranking tuned on these); held: the others
        queries = queries[0::2] if part == "dev" else queries[1::2]
    with samples_library() as lib:
        by_title = {r.title: r.id for r in lib.list_articles("", limit=10_000)}
        missing = [t for t in queries if t not in by_title]
        if missing:
            raise ValueError(f"{path}: query not among the samples: {missing[0]!r}")
        scores = []
        for title in queries:
            shown = lib.related(by_title[title], limit=k).articles[:k]
            right = [a for a in shown if stories.get(a.title, set()) & stories[title]]
            scores.append(len(right) / k)
            if details is not None:
                details.append((title, [(a.title, a in right) for a in shown]))
    return {"queries": len(scores), "k": k, "precision": sum(scores) / len(scores) if scores else 0.0,
            "perfect": sum(1 for s in scores if s == 1.0)}


def main(argv: list[str] | None = None) -> int:
    args = eval_args("reader eval-related", "Precision at 5 of related articles on the bundled samples.", DEFAULT,
                     argv, file_help="stories marked by hand (JSON)",
                     errors_help="list each query's five related articles first",
                     part_help="dev: every other query from the first (the ranking was tuned on these); "
                               "held: the rest")
    if args is None:
        return 2
    details: list | None = [] if args.errors else None
    r = evaluate(args.file, details=details, part=args.part)
    for title, shown in details or []:
        print(title)
        for t, ok in shown:
            print(f"   {'+' if ok else '-'} {t}")
    print(f"queries {r['queries']}  all {r['k']} right: {r['perfect']}")
    print(f"precision@{r['k']} {r['precision']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Whether the events the timeline takes from related articles belong there (`reader eval-timeline`).

The set (bench/data/timeline/timeline.json, see its README) lists, for each of the 61 bundled
sample articles, the events of other articles its timeline showed or may show, each marked by
hand: `relevant` is true when a reader of that article would want the event on its timeline
(its story, its background, its follow-up), false when it only shares a broad name. The
samples are analysed as a first launch does; for each article, the events of other articles
that reader.related_view.related() puts on its timeline are looked up in the set by (value,
mod, gist). precision = relevant shown / shown; kept = relevant shown / relevant in the set.
An event shown that the set does not hold is counted apart ("unmarked": mark it and add it).
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.nlp.eval_args import eval_args

DEFAULT = Path(__file__).resolve().parents[1] / "bench" / "data" / "timeline" / "timeline.json"


def load(path: str | Path = DEFAULT, part: str = "all") -> list[dict]:
    """The marked articles; dev: the 1st, 3rd, 5th ... (the rule was chosen on these), held: the others."""
    articles = json.loads(Path(path).read_text(encoding="utf-8"))
    for a in articles:
        for ev in a["events"]:
            if not isinstance(ev.get("relevant"), bool):
                raise ValueError(f"{a['title']!r}: event {ev.get('text', '')[:40]!r} is not marked "
                                 "(relevant must be true or false)")
    if part == "dev":
        return articles[0::2]
    if part == "held":
        return articles[1::2]
    return articles


def evaluate(path: str | Path = DEFAULT, part: str = "all", details: list | None = None) -> dict:
    """Precision and kept fraction of the related events the timelines show, over the marked
    articles; details gets ("irrelevant" | "missing" | "unmarked", title, when, gist) tuples."""
    from reader.eval_related import samples_library
    from reader.related_view import related

    articles = load(path, part)
    marks = {a["title"]: {(e["value"], e.get("mod", ""), e["text"]): e for e in a["events"]} for a in articles}
    shown = right = unmarked = relevant = 0
    with samples_library() as lib:
        ids = {r.title: r.id for r in lib.list_articles("", limit=10_000)}
        missing = [t for t in marks if t not in ids]
        if missing:
            raise ValueError(f"not among the samples: {missing[0]!r}")
        for title, events in marks.items():
            relevant += sum(e["relevant"] for e in events.values())
            seen = set()
            for ev in related(lib.store, ids[title]).events:
                if ev.own:
                    continue
                key = (ev.value, ev.mod, ev.text)
                mark = events.get(key)
                if mark is None:
                    unmarked += 1
                    if details is not None:
                        details.append(("unmarked", title, ev.display, ev.text))
                    continue
                seen.add(key)
                shown += 1
                right += mark["relevant"]
                if not mark["relevant"] and details is not None:
                    details.append(("irrelevant", title, ev.display, ev.text))
            if details is not None:
                details.extend(("missing", title, e["when"], e["text"])
                               for k, e in events.items() if e["relevant"] and k not in seen)
    return {"articles": len(articles), "shown": shown, "right": right, "relevant": relevant,
            "unmarked": unmarked, "precision": right / shown if shown else 0.0,
            "kept": right / relevant if relevant else 0.0}


def main(argv: list[str] | None = None) -> int:
    args = eval_args("reader eval-timeline", "Precision of the related articles' events on the samples' timelines, "
                     "against events marked by hand.", DEFAULT, argv, file_help="the marked events (JSON)",
                     errors_help="list the irrelevant, missing and unmarked events first",
                     part_help="dev: the 1st, 3rd ... article (the rule was chosen on these); held: the others")
    if args is None:
        return 2
    details: list | None = [] if args.errors else None
    r = evaluate(args.file, args.part, details=details)
    for kind, title, when, text in details or []:
        print(f"{kind:10} {title[:50]:50} {when:14} {text[:70]}")
    print(f"articles {r['articles']}  shown {r['shown']}  relevant shown {r['right']}  relevant in the set "
          f"{r['relevant']}  unmarked {r['unmarked']}")
    print(f"precision {r['precision']:.3f}  kept {r['kept']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

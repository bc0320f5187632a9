"""Whether the events the timeline takes from related articles belong there (`reader eval-timeline`).

The set (bench/data/timeline/timeline.json, see its README) lists, for each of the 61 bundled
sample articles, the events of other articles its timeline showed or may show, each marked by
hand: `relevant` is true when a reader of that article would want the event on its timeline
(its story, its background, its follow-up), false when it only shares a broad name. The
samples are analysed as a first launch does; for each article, the events of other articles
that reader.related_view.related() puts on its timeline are looked up in the set by (value,
mod, gist). precision = relevant shown / shown; kept = relevant shown / relevant in the set.
An event shown that the set does not hold is counted apart ("unmarked": mark it and add it;
`python -m reader.eval_timeline --to-mark OUT` lists them, `--add-marks OUT` merges the marks).
"""

from __future__ import annotations

import json
import sys
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


def to_mark(path: str | Path = DEFAULT) -> list[dict]:
    """What the set lacks after the analysis changed, for a marker: each event the timelines
    show that the set does not hold ("new", with the article's and the sources' opening text,
    ``relevant`` None), and each entry whose passage none of its sources gives any more
    ("stale": `add_marks` removes it). Items are numbered by ``id``."""
    from reader.eval_related import samples_library
    from reader.related_view import related

    articles = json.loads(Path(path).read_text(encoding="utf-8"))
    items: list[dict] = []
    with samples_library() as lib:
        rows = {r.title: r for r in lib.list_articles("", limit=10_000)}

        texts: dict[str, str] = {}

        def opening(title: str, n: int) -> str:
            if title not in texts:  # an article is a source of many items: read it once
                art = lib.article(rows[title].id) if title in rows else None
                texts[title] = art.text if art is not None else ""
            return texts[title][:n]

        given = {title: {(e.value, e.mod, e.text) for e in lib.store.article(row.id).events}
                 for title, row in rows.items()}
        for a in articles:
            held = set()
            for e in a["events"]:
                key = (e["value"], e.get("mod", ""), e["text"])
                held.add(key)
                if not any(key in given.get(src, ()) for src in e["sources"]):
                    items.append({"kind": "stale", "article": a["title"], "when": e["when"], "value": e["value"],
                                  "mod": e.get("mod", ""), "text": e["text"], "sources": e["sources"]})
            if a["title"] not in rows:
                continue
            for ev in related(lib.store, rows[a["title"]].id).events:
                key = (ev.value, ev.mod, ev.text)
                if ev.own or key in held:
                    continue
                held.add(key)
                sources = [t for _id, t in ev.sources]
                items.append({"kind": "new", "article": a["title"], "article_start": opening(a["title"], 600),
                              "when": ev.display, "value": ev.value, "mod": ev.mod, "text": ev.text,
                              "sources": sources, "source_starts": {t: opening(t, 400) for t in sources},
                              "relevant": None, "note": ""})
    for i, item in enumerate(items):
        item["id"] = i
    return items


def add_marks(items_path: str | Path, path: str | Path = DEFAULT) -> tuple[int, int]:
    """Merge a marked `to_mark` file into the set: its stale entries go, its new events (each
    with ``relevant`` true or false) join their article. (removed, added)."""
    items = json.loads(Path(items_path).read_text(encoding="utf-8"))
    unmarked = [it for it in items if it["kind"] == "new" and not isinstance(it.get("relevant"), bool)]
    if unmarked:
        raise ValueError(f"{items_path}: item {unmarked[0]['id']} is not marked (relevant must be true or false)")
    articles = json.loads(Path(path).read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in articles}
    stale = {(it["article"], it["value"], it["mod"], it["text"]) for it in items if it["kind"] == "stale"}
    removed = added = 0
    for a in articles:
        keep = [e for e in a["events"] if (a["title"], e["value"], e.get("mod", ""), e["text"]) not in stale]
        removed += len(a["events"]) - len(keep)
        a["events"] = keep
    for it in items:
        if it["kind"] != "new":
            continue
        event = {"when": it["when"], "value": it["value"], "mod": it["mod"], "text": it["text"],
                 "sources": it["sources"], "relevant": it["relevant"]}
        if it.get("note"):
            event["note"] = it["note"]
        by_title[it["article"]]["events"].append(event)
        added += 1
    Path(path).write_text(json.dumps(articles, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return removed, added


def main(argv: list[str] | None = None) -> int:
    args = eval_args("reader eval-timeline", "Precision of the related articles' events on the samples' timelines, "
                     "against events marked by hand.", DEFAULT, argv, file_help="the marked events (JSON)",
                     errors_help="list the irrelevant, missing and unmarked events first",
                     part_help="dev: the 1st, 3rd ... article (the rule was chosen on these); held: the others",
                     extra=lambda ap: (
                         ap.add_argument("--to-mark", metavar="OUT",
                                         help="write what the set lacks (new events shown, stale entries) to OUT "
                                              "for marking"),
                         ap.add_argument("--add-marks", metavar="MARKED",
                                         help="merge a marked --to-mark file into the set")))
    if args is None:
        return 2
    if args.to_mark:
        items = to_mark(args.file)
        Path(args.to_mark).write_text(json.dumps(items, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        new = sum(it["kind"] == "new" for it in items)
        print(f"{new} new events to mark, {len(items) - new} stale entries, written to {args.to_mark}")
        return 0
    if args.add_marks:
        try:
            removed, added = add_marks(args.add_marks, args.file)
        except (ValueError, KeyError) as exc:
            print(f"reader eval-timeline: {exc}", file=sys.stderr)
            return 2
        print(f"{removed} stale entries removed, {added} marked events added to {args.file}")
        return 0
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

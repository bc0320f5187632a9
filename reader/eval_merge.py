"""How well the timeline tells one event once (`reader eval-merge`).

The set (bench/data/event_pairs/pairs.json, see its README) holds pairs of
events of the bundled samples that a timeline could show as one: the same or
overlapping time (or days next to each other) and a shared name. Each pair is
marked by hand: `same` is true when both passages report the same happening.
reader.store.related.same_event decides whether the timeline merges them;
precision = pairs merged that are the same / pairs merged, recall = same
pairs merged / same pairs.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from reader.nlp.eval_args import eval_args

DEFAULT = Path(__file__).resolve().parents[1] / "bench" / "data" / "event_pairs" / "pairs.json"


def _event(side: dict) -> SimpleNamespace:
    return SimpleNamespace(value=side["when"], mod=side.get("mod", ""), text=side["text"],
                           entities=list(side.get("entities", [])))


def load(path: str | Path = DEFAULT, part: str = "all") -> list[dict]:
    """The marked pairs; dev: those with an even id (the measure was chosen on these), held: odd ids."""
    pairs = json.loads(Path(path).read_text(encoding="utf-8"))
    for p in pairs:
        if not isinstance(p.get("same"), bool):
            raise ValueError(f"pair {p.get('id')!r} is not marked (same must be true or false)")
    if part == "dev":
        pairs = [p for p in pairs if p["id"] % 2 == 0]
    elif part == "held":
        pairs = [p for p in pairs if p["id"] % 2 == 1]
    return pairs


def evaluate(path: str | Path = DEFAULT, part: str = "all", decide=None, details: list | None = None) -> dict:
    """Precision, recall and F1 of merging over the marked pairs. decide(a, b) -> bool
    (default: the timeline's same_event); details gets (kind, pair) for each mistake,
    kind "fp" (merged, not the same) or "fn" (the same, not merged)."""
    if decide is None:
        from reader.store.related import same_event as decide
    pairs = load(path, part)
    tp = fp = fn = 0
    for p in pairs:
        merged = bool(decide(_event(p["a"]), _event(p["b"])))
        if merged and p["same"]:
            tp += 1
        elif merged:
            fp += 1
            if details is not None:
                details.append(("fp", p))
        elif p["same"]:
            fn += 1
            if details is not None:
                details.append(("fn", p))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"pairs": len(pairs), "same": tp + fn, "merged": tp + fp, "right": tp,
            "precision": prec, "recall": rec, "f1": f1}


def candidates() -> list[dict]:
    """The pairs to mark: every two events of the bundled samples (analysed as a first
    launch does) at the same or overlapping time, or on days next to each other, that
    share a name; unmarked (same is None)."""
    import itertools

    from reader.eval_related import samples_library
    from reader.store.related import _adjacent_days, same_time

    with samples_library() as lib:
        rows = lib.list_articles("", limit=10_000)
        titles = {r.id: r.title for r in rows}
        events = sorted(lib.store.events_of([r.id for r in rows]), key=lambda x: (titles[x[0]], x[2].start))

    def side(aid, e) -> dict:
        return {"title": titles[aid], "when": e.value, "mod": e.mod, "text": e.text, "entities": list(e.entities)}

    out: list[dict] = []
    for (a1, _t1, e1), (a2, _t2, e2) in itertools.combinations(events, 2):
        if a1 == a2 and e1.start == e2.start:
            continue
        if not (same_time((e1.value, e1.mod), (e2.value, e2.mod)) or _adjacent_days(e1.value, e2.value)):
            continue
        if set(e1.entities) & set(e2.entities):
            out.append({"id": len(out), "a": side(a1, e1), "b": side(a2, e2), "same": None})
    return out


def main(argv: list[str] | None = None) -> int:
    args = eval_args("reader eval-merge", "Precision and recall of merging one event told twice, on pairs of the "
                     "samples' events marked by hand.", DEFAULT, argv, file_help="the marked pairs (JSON)",
                     errors_help="list the wrongly merged and the missed pairs first",
                     part_help="dev: pairs with an even id (the measure was chosen on these); held: the others",
                     extra=lambda ap: ap.add_argument(
                         "--candidates", metavar="OUT",
                         help="write the samples' candidate pairs, unmarked, to OUT instead (to mark them again "
                              "when the samples or the analysis change)"),
                     file_needed=lambda args: not args.candidates)
    if args is None:
        return 2
    if args.candidates:
        pairs = candidates()
        Path(args.candidates).write_text(json.dumps(pairs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(pairs)} pairs written to {args.candidates}")
        return 0
    details: list | None = [] if args.errors else None
    r = evaluate(args.file, args.part, details=details)
    for kind, p in details or []:
        print(f"{kind} #{p['id']} {p['a']['when']} / {p['b']['when']}")
        print(f"   {p['a']['text'][:110]}")
        print(f"   {p['b']['text'][:110]}")
    print(f"pairs {r['pairs']}  the same {r['same']}  merged {r['merged']}  right {r['right']}")
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

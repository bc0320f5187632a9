"""Precision and recall of event dates on hand-annotated news (`reader eval-events`).

The set (bench/data/events/events.json, see its README) lists, for each
text, its dated events: the TIMEX3 value of the event's time and one or
more anchors, exact phrases of the text that report that event (several
when the text reports it more than once).

A timeline event of the analysis (reader.nlp.analyse, as the app runs it)
is right when its value is a gold event's value, its passage (start..end,
or one of its evidence passages) holds one of that gold event's anchors, its
own passage holds no anchor of an event of another time (the date's own
clause, not the sentence), and no earlier event took that gold event: a second entry for one event counts
against precision, as does an event dated by another clause's date.
Precision = right / system events; recall = gold events found / gold events.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from reader.nlp.eval_args import eval_args

DEFAULT = Path(__file__).resolve().parents[2] / "bench" / "data" / "events" / "events.json"


def _covers(ev, anchor: tuple[int, int]) -> bool:
    """The event's passage, or one of its evidence passages, overlaps the anchor."""
    spans = [(ev.start, ev.end), *getattr(ev, "evidence", [])]
    return any(a < anchor[1] and anchor[0] < b for a, b in spans)


def evaluate(path: str | Path = DEFAULT, details: list | None = None) -> dict:
    from reader.nlp.analyse import analyse

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    ngold = nsys = right = 0
    for doc in data["documents"]:
        text = doc["text"]
        golds = doc["events"]
        anchors = [[(text.index(a), text.index(a) + len(a)) for a in g["anchors"]] for g in golds]
        events = analyse(doc["title"], text, datetime.fromisoformat(doc["dct"])).events
        ngold += len(golds)
        nsys += len(events)
        taken: set[int] = set()
        for ev in events:
            # the passage must not be another date's clause: no anchor of an event of another time in it
            mixed = any(g["value"] != ev.value and any(ev.start <= a and b <= ev.end for a, b in anchors[i])
                        for i, g in enumerate(golds))
            hit = None if mixed else next((i for i, g in enumerate(golds) if i not in taken and g["value"] == ev.value
                                           and any(_covers(ev, p) for p in anchors[i])), None)
            if hit is None:
                if details is not None:
                    details.append(("fp", doc["name"], ev.value, ev.text))
                continue
            taken.add(hit)
            right += 1
        if details is not None:
            for i, g in enumerate(golds):
                if i not in taken:
                    details.append(("fn", doc["name"], g["value"], g["anchors"][0]))
    p = right / nsys if nsys else 0.0
    r = right / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"documents": len(data["documents"]), "gold": ngold, "system": nsys, "right": right,
            "precision": p, "recall": r, "f1": f}


def main(argv: list[str] | None = None) -> int:
    args = eval_args("reader eval-events", "Precision and recall of event dates on hand-annotated news.", DEFAULT,
                     argv, file_help="the annotated set (JSON)", errors_help="list the wrong and missed events first")
    if args is None:
        return 2
    details: list | None = [] if args.errors else None
    r = evaluate(args.file, details)
    for kind, name, value, text in details or []:
        print(f"{kind:3} {name:32} {value:11} {text}")
    print(f"documents {r['documents']}  gold events {r['gold']}  system events {r['system']}  right {r['right']}")
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Score reader.nlp.timex.tag on TimeML (.tml) files with the TempEval-3 measures.

A port of the timex part of the TE3 reference scorer (TE3-evaluation.py /
evaluation-entities/evaluate_entities.py, UzZaman et al. 2013): every TIMEX3
of every type is scored, on both sides; the document creation time
(functionInDocument="CREATION_TIME", tid t0) is not part of the TEXT element
and is used as the reference date, never scored.  Recognition is measured
strictly (same extent) and relaxed (any overlap, each gold and system timex
matched at most once, as the TimeML-Normalizer aligns them).  Type and value
accuracy are taken over the relaxed matches, comparing strings exactly; each
attribute's F1 = its accuracy x relaxed F1.  No leniency of our own: the
reference compares "2000-W7" and "2000-W07" as different values, so does this.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG_RE = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR_RE = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
_DCT_RE = re.compile(r"<DCT>.*?<TIMEX3([^>]*)>", re.S)


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str


@dataclass(slots=True)
class Doc:
    path: str
    text: str
    dct: _dt.date
    gold: list[Gold]


def parse_tml(path: str | Path) -> Doc:
    """Rebuild the raw text of the TEXT element (tags stripped, entities
    unescaped) and collect its TIMEX3 annotations with offsets into it."""
    src = Path(path).read_text(encoding="utf-8")
    m = _DCT_RE.search(src)
    if not m:
        raise ValueError(f"{path}: no DCT")
    dattrs = dict(_ATTR_RE.findall(m.group(1)))
    dct = _dt.date.fromisoformat(dattrs["value"][:10])
    tm = _TEXT_RE.search(src)
    if not tm:
        raise ValueError(f"{path}: no TEXT element")
    body = tm.group(1)
    out: list[str] = []
    pos = 0
    n = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Gold] = []
    for t in _TAG_RE.finditer(body):
        chunk = html.unescape(body[pos:t.start()])
        out.append(chunk)
        n += len(chunk)
        pos = t.end()
        closing, name = t.group(1), t.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (n, dict(_ATTR_RE.findall(t.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            gold.append(Gold(start, n, "", attrs.get("type", ""),
                             attrs.get("value", ""), attrs.get("mod", "")))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    gold = [Gold(g.start, g.end, text[g.start:g.end], g.type, g.value, g.mod)
            for g in gold]
    return Doc(str(path), text, dct, gold)


def tml_files(paths) -> list[Path]:
    """All .tml files under the given files or folders, sorted."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.rglob("*.tml")) if p.is_dir() else [p])
    return files


def split(files: list[Path], part: str) -> list[Path]:
    """The dev / held-out split of a list of files: sorted by name, every fifth
    file (starting with the first) is held out; the rules are tuned on the rest."""
    if part == "all":
        return list(files)
    ordered = sorted(files, key=lambda f: f.name)
    keep = (lambda i: i % 5 == 0) if part == "held" else (lambda i: i % 5 != 0)
    return [f for i, f in enumerate(ordered) if keep(i)]


def _prf(tp: int, nsys: int, ngold: int) -> tuple[float, float, float]:
    p = tp / nsys if nsys else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(paths, tagger=None, details: list | None = None, types: tuple[str, ...] | None = None) -> dict:
    """Score the tagger on the .tml files under paths, as the TempEval-3
    reference scorer (evaluate_entities.py of the TE3 toolkit) does.

    Every TIMEX3 counts, whatever its type (DATE, TIME, DURATION, SET), on both
    sides; the document creation time does not.  A system timex matches a
    gold one it overlaps (relaxed; each matched at most once, the same extent
    preferred), strictly when the extent is the same.  Over the relaxed
    matches, type accuracy and value accuracy compare the strings exactly;
    the reference's attribute F1s are accuracy x relaxed F1: ``value_f1``
    (TempEval-3 ranked task A by it) and ``type_f1``.  ``combined`` is the
    reference's overall timex score, the mean of strict F1, relaxed F1, type
    F1 and value F1 (its weights w_strict/w_relaxed/w_type/w_value, 0.25 each).

    ``types`` limits both sides to those types (a diagnostic, not the
    reference measure).  If details is a list, (kind, doc path, gold or
    None, system timex or None) tuples are appended for error analysis: kind
    is "fp", "fn", "type" or "value".
    """
    if tagger is None:
        from reader.nlp.timex import tag as tagger
    files = tml_files(paths)
    ngold = nsys = strict = relaxed = value_ok = type_ok = mod_ok = 0
    for f in files:
        doc = parse_tml(f)
        gold = [g for g in doc.gold if g.text.strip() and (types is None or g.type in types)]
        sys_ = [t for t in tagger(doc.text, doc.dct) if t.text.strip() and (types is None or t.type in types)]
        ngold += len(gold)
        nsys += len(sys_)
        used: set[int] = set()
        for g in gold:
            best = None
            for i, s in enumerate(sys_):
                if i in used or s.end <= g.start or s.start >= g.end:
                    continue
                if best is None or (s.start == g.start and s.end == g.end):
                    best = i
            if best is None:
                if details is not None:
                    details.append(("fn", doc.path, g, None))
                continue
            used.add(best)
            s = sys_[best]
            relaxed += 1
            if s.start == g.start and s.end == g.end:
                strict += 1
            if s.type == g.type:
                type_ok += 1
            elif details is not None:
                details.append(("type", doc.path, g, s))
            if s.value == g.value:
                value_ok += 1
            elif details is not None:
                details.append(("value", doc.path, g, s))
            if s.mod == g.mod:
                mod_ok += 1
        if details is not None:
            for i, s in enumerate(sys_):
                if i not in used:
                    details.append(("fp", doc.path, None, s))
    sp, sr, sf = _prf(strict, nsys, ngold)
    rp, rr, rf = _prf(relaxed, nsys, ngold)
    vacc = value_ok / relaxed if relaxed else 0.0
    tacc = type_ok / relaxed if relaxed else 0.0
    return {
        "files": len(files), "gold": ngold, "system": nsys,
        "strict_match": strict, "relaxed_match": relaxed,
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "value_acc": vacc, "value_f1": vacc * rf,
        "type_acc": tacc, "type_f1": tacc * rf,
        "combined": 0.25 * (sf + rf + vacc * rf + tacc * rf),
        "mod_acc": mod_ok / relaxed if relaxed else 0.0,
    }


def format_table(r: dict) -> str:
    """The figures, laid out as the reference scorer prints them (in 0-1, not percent)."""
    lines = [
        f"files {r['files']}  gold TIMEX3 {r['gold']}  system TIMEX3 {r['system']}",
        f"{'':10}{'F1':>8}{'P':>8}{'R':>8}",
        f"{'strict':10}{r['strict_f1']:8.3f}{r['strict_p']:8.3f}{r['strict_r']:8.3f}",
        f"{'relaxed':10}{r['relaxed_f1']:8.3f}{r['relaxed_p']:8.3f}{r['relaxed_r']:8.3f}",
        f"attribute F1  value {r['value_f1']:.3f}  type {r['type_f1']:.3f}"
        f"  (accuracy: value {r['value_acc']:.3f}, type {r['type_acc']:.3f}; mod {r['mod_acc']:.3f}, not scored)",
        f"value-F1 {r['value_f1']:.3f}",
        f"combined {r['combined']:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`reader eval-timex DIR...`: print the table; the last lines are `value-F1 0.xxx`, `combined 0.xxx`."""
    ap = argparse.ArgumentParser(prog="reader eval-timex",
                                 description="Score the time-expression tagger on TimeML files "
                                             "(TempEval-3 reference measures).")
    ap.add_argument("paths", nargs="+", help="folders (searched recursively) or .tml files")
    ap.add_argument("--part", choices=("all", "dev", "held"), default="all",
                    help="dev: the files the rules were tuned on; held: every fifth file (sorted by name), held out")
    ap.add_argument("--errors", action="store_true", help="list mismatches before the table")
    args = ap.parse_args(argv)
    for p in args.paths:
        if not Path(p).exists():
            print(f"reader eval-timex: {p}: no such file or folder", file=sys.stderr)
            return 2
    files = split(tml_files(args.paths), args.part)
    if not files:
        print(f"no .tml files under {' '.join(args.paths)}", file=sys.stderr)
        return 2
    details: list | None = [] if args.errors else None
    r = evaluate(files, details=details)
    if details:
        for kind, path, g, s in details:
            name = Path(path).name
            gs = f"{g.text!r} {g.type} {g.value} {g.mod}" if g else "-"
            ss = f"{s.text!r} {s.type} {s.value} {s.mod}" if s else "-"
            print(f"{kind:5} {name:28} gold {gs:48} sys {ss}")
    print(format_table(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

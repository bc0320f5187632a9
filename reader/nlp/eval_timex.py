"""Score reader.nlp.timex.tag on TimeML (.tml) files, TempEval-3 style.

Only DATE-type TIMEX3s are scored, on both sides.  The document creation
time (functionInDocument="CREATION_TIME") is not part of the TEXT element
and is used as the reference date, never scored.

Recognition is measured strictly (same offsets) and relaxed (any overlap,
each gold and system timex matched at most once).  Value accuracy is taken
over the relaxed matches; value F1 = value accuracy x relaxed F1, as
TempEval-3 computes its attribute F1.
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


_WEEK_RE = re.compile(r"-W(\d)(?!\d)")


def _canon(value: str) -> str:
    """Equivalent spellings of one value: TimeBank writes both 2000-W7 and 2000-W07."""
    return _WEEK_RE.sub(r"-W0\1", value)


def _prf(tp: int, nsys: int, ngold: int) -> tuple[float, float, float]:
    p = tp / nsys if nsys else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(paths, tagger=None, details: list | None = None) -> dict:
    """Score the tagger on the .tml files under paths.

    Returns counts and figures: strict_p/r/f1, relaxed_p/r/f1, value_acc,
    value_f1 (plus mod_acc, files, gold, system).  If details is a list,
    (kind, doc path, gold or None, system timex or None) tuples are appended
    for error analysis: kind is "fp", "fn" or "value".
    """
    if tagger is None:
        from reader.nlp.timex import tag as tagger
    files = tml_files(paths)
    ngold = nsys = strict = relaxed = value_ok = mod_ok = 0
    for f in files:
        doc = parse_tml(f)
        gold = [g for g in doc.gold if g.type == "DATE"]
        # system timexes overlapping a gold timex of another type (TIME,
        # DURATION, SET) are wrong only if typed DATE: tag() may type them.
        sys_ = [t for t in tagger(doc.text, doc.dct) if t.type == "DATE"]
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
            if _canon(s.value) == _canon(g.value):
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
    return {
        "files": len(files), "gold": ngold, "system": nsys,
        "strict_match": strict, "relaxed_match": relaxed,
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "value_acc": vacc, "value_f1": vacc * rf,
        "mod_acc": mod_ok / relaxed if relaxed else 0.0,
    }


def format_table(r: dict) -> str:
    lines = [
        f"files {r['files']}  gold DATE {r['gold']}  system DATE {r['system']}",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
        f"{'strict':10}{r['strict_p']:8.3f}{r['strict_r']:8.3f}{r['strict_f1']:8.3f}",
        f"{'relaxed':10}{r['relaxed_p']:8.3f}{r['relaxed_r']:8.3f}{r['relaxed_f1']:8.3f}",
        f"value accuracy {r['value_acc']:.3f}  (mod accuracy {r['mod_acc']:.3f})",
        f"value-F1 {r['value_f1']:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`reader eval-timex DIR...`: print the table; last line `value-F1 0.xxx`."""
    ap = argparse.ArgumentParser(prog="reader eval-timex",
                                 description="Score the time-expression tagger on TimeML files.")
    ap.add_argument("paths", nargs="+", help="folders (searched recursively) or .tml files")
    ap.add_argument("--errors", action="store_true", help="list mismatches before the table")
    args = ap.parse_args(argv)
    files = tml_files(args.paths)
    if not files:
        print(f"no .tml files under {' '.join(args.paths)}", file=sys.stderr)
        return 2
    details: list | None = [] if args.errors else None
    r = evaluate(files, details=details)
    if details:
        for kind, path, g, s in details:
            name = Path(path).name
            gs = f"{g.text!r} {g.value} {g.mod}" if g else "-"
            ss = f"{s.text!r} {s.value} {s.mod}" if s else "-"
            print(f"{kind:5} {name:28} gold {gs:40} sys {ss}")
    print(format_table(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

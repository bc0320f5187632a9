"""One command, one table: `python -m bench` (issue 8).

    python -m bench [--quick] [--json FILE|-] [--only startup,refresh,search,memory,analysis,related,opml,fulltext]

Each figure is a median over repeated runs, with min and max (and p95 where
the issue asks for it), next to a baseline measured in the same session and
the ratio of the two. Caches are built on first use under bench/out/ and
reused (bench/cache.py). ``--quick`` uses a 10,000-article cache instead of
100,000 and fewer repeats: a smoke run, not the published figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

from bench import measure
from bench.cache import OUT, get_cache

SECTIONS = ["startup", "memory", "refresh", "search", "related", "reading", "entity", "analysis", "opml",
            "fulltext"]


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "sqlite": __import__("sqlite3").sqlite_version, "platform": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def _fmt(value, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if unit in ("s",):
        return f"{value:,.2f}"
    if unit == "F1":
        return f"{value:.3f}"
    if unit in ("MB",):
        return f"{value:,.0f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def table(rows: list[dict]) -> str:
    head = ["figure", "n", "median", "min", "max", "p95", "unit", "baseline", "ratio", "target"]
    lines = []
    for r in rows:
        lines.append([
            r["figure"], str(r.get("n", "")), _fmt(r.get("median"), r["unit"]), _fmt(r.get("min"), r["unit"]),
            _fmt(r.get("max"), r["unit"]), _fmt(r.get("p95"), r["unit"]), r["unit"],
            (f"{_fmt(r['baseline'], r['unit'])} {r.get('baseline_name', '')}".strip()
             if r.get("baseline") is not None else r.get("baseline_name", "") or "-"),
            f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "-",
            (r.get("target", "") + (" ✓" if r.get("met") is True else " ✗" if r.get("met") is False else "")).strip() or "-",
        ])
    widths = [max(len(head[i]), *(len(line[i]) for line in lines)) if lines else len(head[i]) for i in range(len(head))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for line in lines:
        out.append("| " + " | ".join(c.ljust(w) if i in (0, 6, 7, 9) else c.rjust(w)
                                      for i, (c, w) in enumerate(zip(line, widths))) + " |")
    return "\n".join(out)


def markdown(result: dict, rows: list[dict], notes: list[str]) -> str:
    """The README's Performance section: the machine, the command, the table and what it means."""
    m = result["machine"]
    lines = [
        "## Performance", "",
        f"Measured with `{result['command']}` ({result['seconds']:.0f} s) on {m['nproc']} cores "
        f"({m['cpu']}), Python {m['python']}, SQLite {m['sqlite']}, {m['platform']}; load average "
        f"{m['load_average_at_start'][0]:.2f} at the start"
        + (" (other work was sharing the machine, so wall times carry its noise; the CPU-time rows do not)"
           if m["load_average_at_start"][0] > 1.5 else "")
        + ". Medians over repeated runs with min and max; "
        "ratios are against the baseline named, run in the same session. bench/README.md says what each "
        "figure measures.", "",
        table(rows), "",
    ]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["scale"]:  # `python -m bench scale [--size N ...]`: costs by cache size (issue 20)
        from bench import scale

        return scale.main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10,000 articles instead of 100,000, fewer repeats")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE (- for stdout only)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the README's Performance section to FILE")
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ",".join(SECTIONS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--big", type=int, default=None, help="size of the large cache (default 100000, 10000 with --quick)")
    args = ap.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    big_n = args.big or (10_000 if args.quick else 100_000)
    repeats = 3 if args.quick else 7
    # Startup runs take a third of a second each and vary by 30% on a shared VM; with 7 runs
    # the ratio's median moved between 1.37x and 1.62x from one run to the next (this code,
    # minutes apart), so it gets three times as many (about 25 s).
    startup_repeats = 5 if args.quick else 21
    quiet = args.json == "-"

    def log(msg: str) -> None:
        if not quiet:
            print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    info = machine()
    log(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, SQLite {info['sqlite']}, "
        f"load average {info['load_average_at_start'][0]:.2f}")
    rows: list[dict] = []
    notes: list[str] = []
    caches = {}

    def cache(n: int):
        if n not in caches:
            log(f"cache of {n:,} articles (seed {args.seed}) ...")
            c = get_cache(n, args.seed, log=log)
            log(f"  {'reused' if c.reused else 'built'}: {c.root}")
            if not c.reused:
                notes.append(f"built the {n:,}-article cache in this run: "
                             + ", ".join(f"{k} {v:.0f} s" for k, v in c.timings.items()))
            caches[n] = c
        return caches[n]

    if "startup" in only or "memory" in only:
        log("startup and memory ...")
        r, n = measure.startup(cache(1000), cache(big_n), repeats=startup_repeats, log=log)
        rows += [x for x in r if x["section"] in only]
        notes += n
    if "refresh" in only:
        log("refresh ...")
        r, n = measure.refresh(OUT, seed=args.seed, repeats=3 if not args.quick else 2, quick=args.quick, log=log)
        rows += r
        notes += n
    if "search" in only:
        log("search ...")
        r, n = measure.search(cache(big_n), repeats=5 if not args.quick else 3)
        rows += r
        notes += n
    if "related" in only:
        log("related ...")
        r, n = measure.related(cache(big_n), count=50, repeats=3)
        rows += r
        notes += n
    if "reading" in only:
        log("reading pane ...")
        r, n = measure.reading(cache(big_n), count=10 if args.quick else 30)
        rows += r
        notes += n
    if "entity" in only:
        log("entity page ...")
        from bench.bench_entity import entity

        r, n = entity(cache(big_n), repeats=3 if not args.quick else 2)
        rows += r
        notes += n
    if "analysis" in only:
        log("analysis ...")
        r, n = measure.analysis(count=100 if args.quick else 300, seed=args.seed, repeats=2 if args.quick else 3)
        rows += r
        notes += n

    if "opml" in only:
        log("opml import ...")
        from bench.bench_opml import opml

        r, n = opml(count=10_000, repeats=2 if args.quick else 3)
        rows += r
        notes += n

    if "fulltext" in only:
        log("full text ...")
        from bench import fulltext

        r, n = fulltext.run(log=log, items=50 if args.quick else 200)
        rows += r
        notes += n

    elapsed = time.perf_counter() - started
    if caches and all(c.reused for c in caches.values()):
        notes.append("The generated caches were reused from bench/out/ (built by an earlier run); "
                     "bench/README.md says what building them costs.")
    notes.append("Entities of the generated caches come from the generator (bench.corpus.known_entities), "
                 "not from the models; they are stored through the real Store.save_analysis and linked by the real "
                 "Library.relink (what `reader relink` runs).")
    command = "python -m bench" + (" --quick" if args.quick else "")
    result = {"command": command, "machine": info, "seconds": round(elapsed, 1), "big": big_n,
              "load_average_at_end": os.getloadavg(), "rows": rows, "notes": notes}
    if not quiet:
        print(table(rows))
        print()
        for note in notes:
            print(f"- {note}")
        print(f"\n{command}: {elapsed:.0f} s on {info['nproc']} cores ({info['cpu']}), Python {info['python']}, "
              f"SQLite {info['sqlite']}; load average {info['load_average_at_start'][0]:.2f} at start, "
              f"{result['load_average_at_end'][0]:.2f} at end")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(markdown(result, rows, notes))
    if args.json:
        text = json.dumps(result, indent=2, default=str)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `reader` command. No subcommand opens the app; the rest work on the cache.

Feed text is printed with print(), never through Rich markup.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from datetime import date
from pathlib import Path

from reader import __version__


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, not {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="A terminal news reader that understands what it shows.")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="store plain-text article files (.txt, .md) or folders of them")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--date", type=_date_arg, help="publication date for files that carry none (YYYY-MM-DD)")
    p.add_argument("--no-analyse", action="store_true", help="store only; analyse later")

    p = sub.add_parser("add", help="add a feed to the config file")
    p.add_argument("url")
    p.add_argument("--title", default="")
    p.add_argument("--tag", action="append", default=[], dest="tags")

    p = sub.add_parser("import", help="add the feeds of an OPML file")
    p.add_argument("file", type=Path)
    sub.add_parser("export", help="print the feeds as OPML 2.0")
    sub.add_parser("feeds", help="list feeds with their last refresh status and article counts")

    p = sub.add_parser("refresh", help="fetch all feeds (or those named) and store new articles")
    p.add_argument("urls", nargs="*", help="only these feeds (url or title)")
    p.add_argument("--no-analyse", action="store_true", help="store only; analyse later")

    p = sub.add_parser("search", help="search titles and text")
    p.add_argument("query", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20)

    p = sub.add_parser("show", help="print one article")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("related", help="articles, events and story related to one article")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    sub.add_parser("analyse", help="run pending entity and event analysis now")
    sub.add_parser("relink", help="recompute every related link and story from the stored entities")
    sub.add_parser("check", help="check the cache's integrity")

    p = sub.add_parser("eval-ner", help="score the entity extractor on a CoNLL-2003 file")
    p.add_argument("file")
    p = sub.add_parser("eval-timex", help="score the time tagger on a folder of TimeML files")
    p.add_argument("dir")
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "eval-ner":
        from reader.nlp import eval_ner

        return eval_ner.main([args.file])
    if args.command == "eval-timex":
        from reader.nlp import eval_timex

        return eval_timex.main([args.dir])

    from reader.config import ConfigError
    from reader.store.db import CacheError

    try:
        from reader.library import make_library

        library = make_library()
    except (ConfigError, CacheError) as exc:
        return _fail(str(exc))
    try:
        if args.command is None:
            from reader.ui.app import run

            return run(library)
        handler = globals()[f"cmd_{args.command.replace('-', '_')}"]
        return handler(library, args)
    except ConfigError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    finally:
        library.close()


def _analyse(library, quiet: bool = False) -> bool:
    """Run pending analysis; returns whether it linked every article at the end (a backlog)."""
    total = library.pending_analysis()
    if not total:
        return False
    from rich.progress import Progress

    relinked = []
    with Progress(transient=True, disable=quiet or not sys.stderr.isatty(),
                  console=_stderr_console()) as progress:
        task = progress.add_task("Analysing", total=total)
        library.analyse_pending(on_progress=lambda done, total, _ids: progress.update(task, completed=done, total=total),
                                on_relink=lambda done, total: relinked.append(done))
    print(f"analysed {total} articles", file=sys.stderr)
    return bool(relinked)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, markup=False, highlight=False)


def cmd_ingest(library, args) -> int:
    reports = library.ingest_paths(args.paths, default_date=args.date)
    ok = 0
    for report in reports:
        if report.ok:
            ok += 1
            print(f"{report.message:9} {report.article_id:>6}  {report.path}")
        else:
            print(f"error     {report.message}", file=sys.stderr)
    print(f"{ok} of {len(reports)} files stored", file=sys.stderr)
    if ok and not args.no_analyse:
        _analyse(library)
    return 0 if ok == len(reports) else (2 if ok else 1)


def cmd_add(library, args) -> int:
    if library.add_feed(args.url, args.title, args.tags):
        print(f"added {args.url} to {library.locations.config_file}")
    else:
        print(f"{args.url} is already in {library.locations.config_file}")
    return 0


def cmd_import(library, args) -> int:
    from reader.opml import OPMLError

    try:
        added, skipped = library.import_opml(args.file)
    except OPMLError as exc:
        return _fail(str(exc))
    print(f"imported {added} feeds ({skipped} already there) into {library.locations.config_file}")
    return 0


def cmd_export(library, args) -> int:
    sys.stdout.write(library.export_opml())
    return 0


def cmd_feeds(library, args) -> int:
    feeds = library.feeds()
    if not feeds:
        print(f"no feeds: add one with `reader add URL` or edit {library.locations.config_file}")
        return 0
    for feed in feeds:
        status = feed.last_status or "never refreshed"
        if feed.last_error:
            status += f": {feed.last_error}"
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        print(f"{feed.articles:6} articles {feed.unread:6} unread  {feed.title or feed.url}{tags}")
        print(f"{'':30}{feed.url}  ({status}{', ' + feed.last_refresh + ' UTC' if feed.last_refresh else ''})")
    return 0


def cmd_refresh(library, args) -> int:
    urls = None
    if args.urls:
        known = {f.url: f for f in library.config.feeds}
        urls = []
        for name in args.urls:
            matches = [u for u, f in known.items() if name == u or name.lower() == (f.title or "").lower()]
            if not matches:
                return _fail(f"no feed {name!r} in {library.config.path}")
            urls += matches
    total = len(urls) if urls is not None else len(library.config.feeds)
    if total == 0:
        return _fail(f"no feeds to refresh: add one with `reader add URL` or edit {library.locations.config_file}")
    done = 0
    cancel = threading.Event()

    def show(report) -> None:
        nonlocal done
        done += 1
        if report.status in ("error", "gone"):
            what = f"error: {report.error}"
        elif report.status == "unchanged":
            what = "unchanged"
        elif report.status == "deferred":
            what = f"skipped: {report.error}"
        else:
            what = f"{report.new} new" + (f", {report.updated} updated" if report.updated else "")
        if report.error and report.status not in ("error", "gone"):
            what += f" ({report.error})"
        print(f"[{done}/{total}] {report.title}: {what}", flush=True)

    try:
        summary = library.refresh(urls, on_report=show, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise
    print(summary.line())
    if summary.new and not args.no_analyse:
        _analyse(library)
    if summary.errors == len(summary.reports) and summary.reports:
        return 1
    return 0


def _row_json(row) -> dict:
    return {"id": row.id, "title": row.title, "published": row.published.isoformat(),
            "date_is_guess": row.date_is_guess, "feed": row.feed, "url": row.url,
            "read": row.read, "starred": row.starred}


def cmd_search(library, args) -> int:
    from reader.store.query import QueryError

    text = " ".join(args.query)
    try:
        rows = library.search(text, limit=args.limit)
    except QueryError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        guess = "~" if row.date_is_guess else " "
        print(f"{row.id:6}  {row.published:%Y-%m-%d}{guess} {row.feed[:20]:20}  {row.title}")
    if not rows:
        print("no articles match", file=sys.stderr)
    return 0


def article_json(article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat(),
        "date_is_guess": article.date_is_guess,
        "feed": article.feed,
        "url": article.url,
        "author": article.author,
        "read": article.read,
        "starred": article.starred,
        "analysed": article.analysed,
        "text": article.text,
        "entities": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text, "name": s.name}
                     for s in article.entities],
        "events": [{"when": {"value": e.value, "mod": e.mod, "display": e.display}, "text": e.text,
                    "entities": e.entities, "start": e.start, "end": e.end} for e in article.events],
    }


def document_json(article) -> dict:
    """Links, images, enclosures and the structure (blocks and inline spans, by offset in "text")."""
    document = getattr(article, "document", None)
    links, images, blocks, inlines = [], [], [], []
    if document is not None:
        text = document.text
        links = [{"n": link.attrs.get("n"), "text": text[link.start:link.end], "href": link.attrs.get("href", "")}
                 for link in document.links()]
        images = [{"n": image.attrs.get("n"), "src": image.attrs.get("src", ""), "alt": image.attrs.get("alt", "")}
                  for image in document.images()]
        blocks = [{"kind": b.kind, "start": b.start, "end": b.end, **b.attrs}
                  for b in sorted(document.blocks, key=lambda b: (b.start, -b.end))]
        inlines = [{"kind": i.kind, "start": i.start, "end": i.end, **i.attrs}
                   for i in sorted(document.inlines, key=lambda i: (i.start, -i.end))]
    enclosures = [{"n": n, "url": e.url, "type": e.type, "length": e.length, "duration": e.duration,
                   "title": e.title} for n, e in enumerate(getattr(article, "enclosures", []) or [], 1)]
    return {"links": links, "images": images, "enclosures": enclosures, "blocks": blocks, "inlines": inlines}


def cmd_show(library, args) -> int:
    article = library.article(args.id)
    if article is None:
        return _fail(f"no article {args.id}")
    if args.json:
        print(json.dumps(article_json(article) | document_json(article), ensure_ascii=False, indent=2))
        return 0
    guess = " (date guessed)" if article.date_is_guess else ""
    print(article.title)
    print(f"{article.feed} · {article.published:%a %d %b %Y %H:%M} UTC{guess}")
    if article.url:
        print(article.url)
    import shutil

    from reader.ui.render import layout  # plain Python: the reading pane's layout, as plain text

    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    if getattr(article, "enclosures", None):
        print()
        print(layout.plain(layout.enclosure_lines(article.enclosures, width)))
    print()
    document = getattr(article, "document", None)
    if layout.has_structure(document) and document.text == article.text:
        print(layout.plain(layout.layout(document, width, crop_code=False)))
    else:
        print(article.text)
    if article.events:
        print("\nTimeline:")
        for event in article.events:
            print(f"  {event.display:>16}  {event.text}")
    return 0


def cmd_related(library, args) -> int:
    related = library.related(args.id)
    if related is None:
        return _fail(f"no article {args.id}")
    if args.json:
        print(json.dumps(related.to_json(), ensure_ascii=False, indent=2))
        return 0
    for item in related.articles:
        print(f"{item.score:5.2f} {item.id:6}  {item.title}  ({', '.join(item.shared)})")
    return 0


def cmd_analyse(library, args) -> int:
    _analyse(library)
    return 0


def _took(started: float) -> str:
    """Seconds since ``started`` (a perf_counter), in ms below one second: a small cache's relink is not "0.0 s"."""
    seconds = time.perf_counter() - started
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def cmd_relink(library, args) -> int:
    started = time.perf_counter()
    # Links are made from entities: bring them up to date first (a backlog is relinked by that).
    if _analyse(library):
        print(f"relinked while analysing, in {_took(started)}", file=sys.stderr)
        return 0
    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty(), console=_stderr_console()) as progress:
        task = progress.add_task("Linking", total=None)
        count = library.relink(on_progress=lambda done, total: progress.update(task, completed=done, total=total))
    print(f"relinked {count} articles in {_took(started)}", file=sys.stderr)
    return 0


def cmd_check(library, args) -> int:
    problems = library.store.check()
    if problems:
        for problem in problems:
            print(problem)
        return _fail(f"{library.store.path}: {len(problems)} problems")
    count = library.count()
    print(f"{library.store.path}: ok ({count} articles, {library.pending_analysis()} waiting for analysis)")
    return 0

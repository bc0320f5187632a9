"""The `reader` command. No subcommand opens the app; the rest work on the cache.

Feed text is printed with print(), never through Rich markup.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from reader.cli_args import build_parser


def _one_line(text: str) -> str:
    """A message on one line: a file name with a newline or an escape in it cannot split or drive the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text.encode("utf-8", "backslashreplace")
                   .decode("utf-8"))


def _fail(message: str, code: int = 1) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "eval-ner":
        from reader.nlp import eval_ner

        return eval_ner.main([args.file])
    if args.command in ("eval-events", "eval-related", "eval-merge", "eval-timeline"):
        try:
            if args.command in ("eval-merge", "eval-timeline"):
                from reader import eval_merge, eval_timeline

                module = eval_merge if args.command == "eval-merge" else eval_timeline
                return module.main(([args.file] if args.file else []) + (["--errors"] if args.errors else [])
                                   + ["--part", args.part])
            if args.command == "eval-events":
                from reader.nlp import eval_events

                return eval_events.main(([args.file] if args.file else []) + (["--errors"] if args.errors else []))
            from reader import eval_related

            return eval_related.main(([args.file] if args.file else []) + (["--errors"] if args.errors else [])
                                     + ["--part", args.part])
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # a file that is not the set's format
            return _fail(f"{args.file or 'the annotation file'}: not {args.command}'s format "
                         f"({_one_line(f'{type(exc).__name__}: {exc}')}); see its README")
    if args.command == "eval-timex":
        from reader.nlp import eval_timex

        return eval_timex.main([*args.dir, "--part", args.part] + (["--errors"] if args.errors else []))

    from reader.config import ConfigError
    from reader.store.db import CacheError

    try:
        from reader.library import make_library

        library = make_library(set_aside=args.command != "check")  # a check never moves the cache
    except (ConfigError, CacheError) as exc:
        return _fail(str(exc))
    except sqlite3.DatabaseError as exc:  # a damaged page met while the library starts
        from reader.locations import default_locations
        from reader.store.db import describe_error

        return _fail(f"{default_locations().cache_file}: {describe_error(exc)}")
    for aside in library.store.set_aside_files():
        # A damaged cache was moved aside and this one started anew: its articles and marks are
        # in that file, which nothing here reads. Say so on every command until it is dealt with.
        print(f"reader: note: {aside} is an earlier cache, moved aside as damaged; its articles, read "
              f"and starred marks are not in {library.store.path} (try: sqlite3 '{aside}' .recover). "
              "Move or delete it to stop this note", file=sys.stderr)
    if library.config.is_sample and args.command not in ("add", "import"):
        _say_no_config(library)
    if args.command is not None:  # the app shows them itself
        for problem in library.config.problems:  # entries left out of the config; the rest works
            print(f"reader: warning: {problem}", file=sys.stderr)
        if library.config.keys:  # action names are the app's: checked here too, as the README promises
            from reader.ui.commands import check_keymap

            for problem in check_keymap(dict(library.config.keys), library.config.key_lines)[1]:
                print(f"reader: warning: {problem}", file=sys.stderr)
    try:
        if args.command is None:
            from reader.ui.app import run

            return run(library)
        handler = globals()[f"cmd_{args.command.replace('-', '_')}"]
        return handler(library, args)
    except (ConfigError, CacheError) as exc:
        return _fail(str(exc))
    except sqlite3.DatabaseError as exc:
        from reader.store.db import describe_error

        return _fail(f"{library.store.path}: {describe_error(exc)}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    finally:
        library.close()


def _say_no_config(library) -> None:
    """One stderr line: the config file is missing, so the bundled samples are shown."""
    import os

    path = library.locations.config_file if library.locations else None
    named = " (named by READER_CONFIG)" if os.environ.get("READER_CONFIG") else ""
    print(f"reader: no config file at {path}{named}: showing the bundled sample feeds; "
          "`reader add URL` creates it with your first feed", file=sys.stderr)


def _counted(n: int, word: str) -> str:
    from reader.library import counted

    return counted(n, word)


def _url_problem(url: str) -> str | None:
    """Why `reader add` refuses ``url``, or None. http(s) URLs with a host, or local feed files."""
    from urllib.parse import urlsplit

    if not url:
        return "the URL is empty"
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return "it contains control characters"
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            if any(c.isspace() for c in url):
                return "it contains spaces (write a space as %20)"
            if not parts.hostname:
                return f"it names no host (expected {scheme}://host/path)"
            parts.port  # noqa: B018 - raises ValueError for a bad port
            return None
    except ValueError as exc:
        return f"it is not a valid URL ({exc})"
    if scheme == "file" or scheme == "" or len(scheme) == 1:  # a local file (one letter: "C:\\...")
        from urllib.request import url2pathname

        path = Path(url2pathname(parts.path) if scheme == "file" else url).expanduser()
        if not path.is_file():
            return "it is not an http(s) URL, and no such local file exists"
        return None
    return f"only http and https feeds (or local files) can be added, not {scheme}:"


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")  # scheme://user:password@


def redact(text: str) -> str:
    """Text with the credentials of any URL in it replaced: https://***@host/feed."""
    return _USERINFO.sub(r"\1***@", text)


def _reason(report) -> str:
    """A failure's reason without the URL the fetcher puts in front of it."""
    error = report.error or report.status
    head, sep, rest = error.partition(": ")
    if sep and ("://" in head or head.startswith(("/", "~")) or head == report.url):
        return rest
    return error


def _analyse(library, quiet: bool = False) -> bool:
    """Run pending analysis; returns whether it linked every article at the end (a backlog)."""
    total = library.pending_analysis()
    if not total:
        if library.store.queued_links():  # analysed by a run that stopped before it linked them
            library.analyse_pending()
        return False
    from rich.progress import Progress

    relinked = []
    with Progress(transient=True, disable=quiet or not sys.stderr.isatty(),
                  console=_stderr_console()) as progress:
        task = progress.add_task("Analysing", total=total)
        done = library.analyse_pending(
            on_progress=lambda done, total, _ids: progress.update(task, completed=done, total=total),
            on_relink=lambda done, total: relinked.append(done))
    # What this process analysed: another one analysing at the same time takes the rest.
    print(f"analysed {_counted(done, 'article')}", file=sys.stderr)
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
            print(f"{report.message:9} {report.article_id or '':>6}  {_one_line(str(report.path))}")
            if report.note:
                print(f"note      {_one_line(str(report.path))}: {_one_line(report.note)}", file=sys.stderr)
        else:
            print(f"error     {_one_line(report.message)}", file=sys.stderr)
    print(f"{ok} of {_counted(len(reports), 'file')} stored", file=sys.stderr)
    if ok and not args.no_analyse:
        _analyse(library)
    return 0 if ok == len(reports) else (2 if ok else 1)


def cmd_add(library, args) -> int:
    from reader.config import url_problem
    from reader.urls import strip_password

    url = args.url.strip()
    shown = strip_password(url)
    problem = _url_problem(url) or url_problem(url, allow_local=True)
    if problem:
        return _fail(f"cannot add {shown or repr(args.url)!r}: {problem}")
    if "://" not in url and not (len(url) > 1 and url[1] == ":"):
        # A local file named on the command line: relative to here, not to the config's folder.
        url = str(Path(url).expanduser().resolve())
        shown = url
    existing = library.find_feed(url)
    path = library.locations.config_file
    if existing is not None:
        same = "" if existing.url == shown else f" as {redact(existing.url)}"
        return _fail(f"{shown} is already in {path}{same}")
    from reader.config_edit import NewFeed

    existed = path.exists()
    result = library.add_feeds([NewFeed(url, args.title, tuple(args.tags))])
    if not existed:
        print(f"created {path}")
    print(f"added {redact(result.added[0]) if result.added else shown} to {path}")
    return 0


def _one_feed(library, name: str):
    """The one configured feed ``name`` names, or an error message."""
    if library.config.is_sample or not library.config.feeds:
        return None, f"no feeds in {library.locations.config_file}"
    matches = library.match_feeds(name)
    if not matches and "://" in name:
        spelled = library.find_feed(name)
        matches = [spelled] if spelled is not None else []
    if not matches:
        return None, f"no feed matches {name!r} (by title or URL) in {library.config.path}"
    titles = {f.url: f.title for f in library.feeds()}
    if len(matches) > 1:  # a title given in full names its feed, though another's title contains it
        exact = [f for f in matches if name.casefold() in ((f.title or "").casefold(),
                                                          (titles.get(f.url) or "").casefold())]
        matches = exact if len(exact) == 1 else matches
    if len(matches) > 1:
        names = "; ".join(redact(_one_line(f"{f.title or titles.get(f.url) or f.url} <{f.url}>")) for f in matches)
        return None, f"{name!r} matches {_counted(len(matches), 'feed')}: {names}; name one (its URL)"
    return matches[0], ""


def _feed_name(library, feed) -> str:
    titles = {f.url: f.title for f in library.feeds()}
    return redact(_one_line(f"{feed.title or titles.get(feed.url) or feed.url} <{feed.url}>"))


def cmd_remove(library, args) -> int:
    feed, error = _one_feed(library, args.feed)
    if feed is None:
        return _fail(error)
    name = _feed_name(library, feed)
    articles, starred = library.feed_counts(feed.url)
    if args.keep_articles:
        fate = f"its {_counted(articles, 'article')} stay as a removed source"
    elif args.delete_starred or not starred:
        fate = f"its {_counted(articles, 'article')} are deleted"
    else:
        fate = (f"its {_counted(articles - starred, 'article')} are deleted, "
                f"the {_counted(starred, 'starred one')} kept")
    if not args.yes:
        if not sys.stdin.isatty():
            return _fail(f"remove {name}: {fate}; add --yes to do it without a question (not a terminal)")
        try:
            answer = input(f"Remove {name} from {library.config.path}? {fate[0].upper() + fate[1:]}. [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing was changed")
            return 1
    deleted, kept = library.remove_feed(feed, keep_articles=args.keep_articles, delete_starred=args.delete_starred)
    note = f"; {_counted(kept, 'article')} kept as a removed source" if kept else ""
    print(f"removed {name} from {library.config.path}; deleted {_counted(deleted, 'article')}{note}")
    return 0


def cmd_rename(library, args) -> int:
    from reader.config import ConfigError

    feed, error = _one_feed(library, args.feed)
    if feed is None:
        return _fail(error)
    name = _feed_name(library, feed)
    try:
        library.rename_feed(feed, args.title)
    except ConfigError as exc:
        return _fail(f"rename {name}: {exc}")
    print(f"renamed {name} to {args.title.strip()!r} in {library.config.path}")
    return 0


def cmd_import(library, args) -> int:
    from reader.opml import OPMLError

    try:
        report = library.import_opml(args.file)
    except OPMLError as exc:
        return _fail(str(exc))
    for problem in report.problems:
        print(f"reader: {problem}", file=sys.stderr)
    skipped = f", {len(report.problems)} skipped" if report.problems else ""
    print(f"imported {_counted(report.added, 'feed')} ({report.existing} already there{skipped}) "
          f"into {library.locations.config_file}")
    if report.problems:
        return 2 if report.added or report.existing else 1
    return 0


def cmd_export(library, args) -> int:
    sys.stdout.write(library.export_opml())
    return 0


def cmd_feeds(library, args) -> int:
    feeds = library.feeds()
    if not feeds:
        print(f"no feeds: add one with `reader add URL` or edit {library.locations.config_file}")
        return 0
    due = library.next_due()
    now = datetime.now(timezone.utc)
    for feed in feeds:
        status = feed.last_status or "never refreshed"
        if feed.kind == "removed":
            status = "removed from the config; its kept articles stay"
        if feed.last_error:
            status += f": {feed.last_error}"
        when = due[feed.url] if feed.url in due else False  # False: not a configured feed (files)
        schedule = ("" if when is False else "; refreshed only when asked" if when is None
                    else "; due now" if when <= now else f"; next due {when:%Y-%m-%d %H:%M} UTC")
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        print(f"{feed.articles:6} {'article ' if feed.articles == 1 else 'articles'} {feed.unread:6} unread  "
              f"{_one_line(feed.title or feed.url)}{_one_line(tags)}")
        print(redact(f"{'':30}{feed.url}  ({status}{', ' + feed.last_refresh + ' UTC' if feed.last_refresh else ''}"
                     f"{schedule})"))
    return 0


def cmd_refresh(library, args) -> int:
    if not library.config.feeds:
        return _fail(f"no feeds to refresh: add one with `reader add URL` or edit {library.locations.config_file}")
    urls = None
    if args.urls:
        titles = {f.url: f.title for f in library.feeds()}
        urls = []
        for name in args.urls:
            matches = library.match_feeds(name)
            if not matches and "://" in name:
                spelled = library.find_feed(name)  # the same feed written another way
                matches = [spelled] if spelled is not None else []
            if not matches:
                return _fail(f"no feed matches {name!r} (by title or URL) in {library.config.path}")
            names = ", ".join(redact(f.title or titles.get(f.url) or f.url) for f in matches)
            print(f"{name!r} matches {_counted(len(matches), 'feed')}: {names}")
            urls += [f.url for f in matches if f.url not in urls]
    due_only = urls is None and not args.all
    if due_only:
        urls, later = library.due()
        if not urls:
            print(f"no feed is due yet{_next_due(later)}; `reader refresh --all` refreshes them now")
            return 0
    total = len(urls) if urls is not None else len(library.config.feeds)
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
        if report.error and report.status not in ("error", "gone", "deferred"):  # deferred: said above
            what += f" ({report.error})"
        print(redact(f"[{done}/{total}] {_one_line(report.title)}: {what}"), flush=True)
        for note in getattr(report, "notes", ()):
            print(redact(f"    {note}"), flush=True)

    try:
        summary = library.refresh(urls, on_report=show, cancel=cancel, due_only=due_only)
    except KeyboardInterrupt:
        cancel.set()
        raise
    print(summary.line())
    if summary.not_due:
        print(f"{_counted(len(summary.not_due), 'feed')} not due yet{_next_due(summary.not_due)}; "
              "--all refreshes them now")
    if summary.new and not args.no_analyse:
        _analyse(library)
    failed = [r for r in summary.reports if r.status in ("error", "gone")]
    if failed:
        print(f"{_counted(len(failed), 'feed')} failed:", file=sys.stderr)
        for report in failed:
            print(redact(f"  {_one_line(report.title)} <{report.url}>: {_reason(report)}"), file=sys.stderr)
        return 1
    return 0


def _next_due(later) -> str:
    """" (next: Title at 12:30 UTC)" for the feed due soonest, or "" when none is due by schedule."""
    timed = [(when, title) for title, when in later if when is not None]
    if not timed:
        return ""
    when, title = min(timed)
    return f" (next: {redact(title)} at {when:%Y-%m-%d %H:%M} UTC)"


def cmd_sync(library, args) -> int:
    accounts = [a.name for a in library.config.accounts]
    if not accounts:
        return _fail(f"no accounts to sync: add an [[accounts]] entry to {library.locations.config_file}")
    unknown = [n for n in args.accounts if n not in accounts]
    if unknown:
        return _fail(f"no account {unknown[0]!r} in {library.config.path} (accounts: {', '.join(accounts)})")
    cancel = threading.Event()
    try:
        reports = library.sync(args.accounts or None, cancel=cancel,
                               on_report=lambda r: print(r.line(), file=sys.stdout if r.ok else sys.stderr, flush=True))
    except KeyboardInterrupt:
        cancel.set()
        raise
    if any(r.new for r in reports) and not args.no_analyse:
        _analyse(library)
    return 0 if all(r.ok for r in reports) else 1


def _account_or_fail(library, name: str):
    account = library.account(name)
    if account is None:
        names = ", ".join(a.name for a in library.config.accounts) or "none"
        _fail(f"no account {name!r} in {library.locations.config_file} (accounts: {names})")
    return account


def cmd_subscribe(library, args) -> int:
    if _account_or_fail(library, args.account) is None:
        return 1
    report = library.subscribe(args.account, args.url, args.folder)
    print(report.line(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_unsubscribe(library, args) -> int:
    if _account_or_fail(library, args.account) is None:
        return 1
    from reader.store.sync import SyncStore

    sync = SyncStore(library.store)
    account = library.account(args.account)
    by_remote = sync.feed_map(sync.account_id(args.account, account.type, account.url))
    # The feeds still subscribed: one unsubscribed before (and subscribed again under a new
    # server id) is kept as "gone" under the same title, and asking the server about it is a 404.
    live = [f for f in library.feeds() if f.id in set(by_remote.values()) and f.last_status != "gone"]
    name = args.feed.strip()
    feeds = [f for f in live if name in (f.title, f.url)]
    if not feeds and "://" in name:  # the feed's own URL: the server knows it
        from reader.sources.accounts.base import SyncError
        from reader.sources.accounts import make_client

        try:
            client = make_client(account)
            client.login()
            remote = [r.id for r in client.subscriptions() if r.url.rstrip("/") == name.rstrip("/")]
        except SyncError as exc:
            return _fail(str(exc))
        feeds = [f for f in live if f.id in {by_remote.get(r) for r in remote}]
    if not feeds:  # part of a title, as `reader refresh FEED` takes it
        feeds = [f for f in live if name.casefold() in (f.title or "").casefold()]
    if len(feeds) > 1:
        return _fail(f"{args.account}: {name!r} names {len(feeds)} feeds: "
                     + "; ".join(_one_line(f.title) for f in feeds) + " (give more of the title)")
    if not feeds:
        return _fail(f"{args.account}: no subscribed feed titled {name!r} or with that URL (see `reader feeds`)")
    error = library.unsubscribe(args.account, feeds[0].id)
    if error:
        return _fail(error)
    print(f"{args.account}: unsubscribed from {feeds[0].title}; its articles stay in the cache")
    return 0


def _row_json(row) -> dict:
    return {"id": row.id, "title": row.title, "published": row.published.isoformat(),
            "date_is_guess": row.date_is_guess, "feed": row.feed, "url": row.url,
            "read": row.read, "starred": row.starred}


def cmd_search(library, args) -> int:
    from reader.store.query import QueryError

    text = " ".join(args.query)
    if args.view is not None:
        view = library.view(args.view)
        if view is None:
            names = ", ".join(repr(v.name) for v in library.config.views) or "none"
            return _fail(f"no view {args.view!r} in {library.config.path} (views: {names})", 2)
        text = f"({view.query}) {text}" if text.strip() else view.query
    if args.ignored:
        text = f"{text} is:ignored" if text.strip() else "is:ignored"
    if not text.strip():
        return _fail("search: give a query, --view NAME or --ignored", 2)
    try:
        rows = library.search(text, limit=args.limit)
    except QueryError as exc:
        return _fail(f"search: {exc}", 2)
    more = 0
    if rows and len(rows) >= args.limit:
        more = library.count(text) - len(rows)
    if args.json:
        print(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        for row in rows:
            guess = "~" if row.date_is_guess else " "
            print(f"{row.id:6}  {row.published.date().isoformat()}{guess} {row.feed[:20]:20}  {row.title}")
    if not rows:
        print("no articles match", file=sys.stderr)
    elif more > 0:
        print(f"… {more:,} more; use --limit {len(rows) + more} to see {'it' if more == 1 else 'them'}",
              file=sys.stderr)
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
                    "entities": e.entities, "start": e.start, "end": e.end,
                    "evidence": [list(x) for x in e.evidence]} for e in article.events],
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


def cmd_entity(library, args) -> int:
    from reader.entities_view import text_lines

    name = " ".join(args.name)
    page = library.entity_page(name)
    if page is None:
        return _fail(f"no entity {_one_line(name)!r} in the cache (analysed articles only; try `reader analyse`)")
    if args.json:
        print(json.dumps(page.to_json(), ensure_ascii=False, indent=2))
        return 0
    for line in text_lines(page):
        print(_one_line(line))
    return 0


def _star(library, ids: list[int], value: bool) -> int:
    missing = library.missing_articles(ids)
    if missing:
        return _fail(f"no article {', '.join(map(str, missing))}; nothing changed")
    library.set_starred(ids, value)
    print(f"{'Starred' if value else 'Unstarred'} {len(ids)} {'article' if len(ids) == 1 else 'articles'}.")
    return 0


def cmd_star(library, args) -> int:
    return _star(library, args.ids, True)


def cmd_unstar(library, args) -> int:
    return _star(library, args.ids, False)


def cmd_tag(library, args) -> int:
    if library.missing_articles([args.id]):
        return _fail(f"no article {args.id}")
    tags = [t.strip() for t in args.tags]
    bad = [t for t in tags if not t or any(c.isspace() or c in '"()' for c in t)]
    if bad:
        return _fail(f"tag {bad[0]!r}: a tag is one word without quotes or parentheses")
    library.set_tags([args.id], tags, not args.remove)
    now = library.article_tags(args.id)
    print(f"Article {args.id}: " + (" ".join(f"#{t}" for t in now) if now else "no tags of its own") + ".")
    return 0


def cmd_analyse(library, args) -> int:
    if library.store.readonly and library.pending_analysis():
        # analyse_pending saves nothing here and says 0: "analysed 0 articles" read as all done
        return _fail(f"{library.store.path}: the cache is read-only here; "
                     f"{_counted(library.pending_analysis(), 'article')} wait for analysis, which cannot be saved "
                     "(make the file and its folder writable)")
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

        def writing(done: int, total: int) -> None:
            if progress.tasks[0].description != "Saving links":  # a phase of its own: its own time left
                progress.reset(task, description="Saving links", total=total)
            progress.update(task, completed=done, total=total)

        count = library.relink(on_progress=lambda done, total: progress.update(task, completed=done, total=total),
                               on_writing=writing)
    print(f"relinked {_counted(count, 'article')} in {_took(started)}", file=sys.stderr)
    return 0


def cmd_vacuum(library, args) -> int:
    started = time.perf_counter()
    config = library.config
    if not config.settings.keep_days and not any(f.keep_count or f.keep_days for f in config.feeds):
        print("no retention set ([settings] keep_days or a feed's keep): no article is removed", file=sys.stderr)
    report = library.vacuum(full=args.full)
    print(f"{library.store.path}: {report.line()} in {_took(started)}")
    return 0


def cmd_check(library, args) -> int:
    problems = library.store.check()
    if problems:
        for problem in problems:
            print(problem)
        return _fail(f"{library.store.path}: {_counted(len(problems), 'problem')} found "
                     "(listed above); nothing was changed")
    count = library.count()
    note = "; read-only here, so the search index was not checked" if library.store.readonly else ""
    print(f"{library.store.path}: ok ({_counted(count, 'article')}, {library.pending_analysis()} waiting for analysis{note})")
    return 0

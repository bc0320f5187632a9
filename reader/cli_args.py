"""The `reader` command's grammar: its subcommands, their arguments and checks, and the examples
each --help shows (reader/cli.py runs them)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from reader import __version__


def _date_arg(value: str) -> date:
    from datetime import datetime, time, timezone

    from reader.dates import out_of_range

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, not {value!r}") from None
    problem = out_of_range(datetime.combine(day, time(12), tzinfo=timezone.utc))
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return day


_EXAMPLES = {
    "": """examples:
  reader                                   open the app
  reader add https://example.org/feed.xml  add a feed to the config file
  reader refresh                           fetch the feeds that are due
  reader search 'entity:NATO after:2021-10-01'
  reader COMMAND --help                    what a command does, with examples""",
    "ingest": "examples:\n  reader ingest article.txt\n  reader ingest ~/notes/ --date 2021-10-06",
    "add": "examples:\n  reader add https://example.org/feed.xml\n"
           "  reader add https://example.org/eu.xml --title 'EU news' --tag news --tag eu\n"
           "  reader add ~/feeds/local.xml              a local feed file\n"
           "Only http and https URLs (or local files) are accepted. A missing config file is created.",
    "remove": "examples:\n  reader remove https://example.org/feed.xml\n"
              "  reader remove 'EU news' --yes            no question asked\n"
              "  reader remove eu --keep-articles          its articles stay, as a removed source\n"
              "Starred articles are kept unless --delete-starred.",
    "rename": "example:\n  reader rename https://example.org/feed.xml 'Example news'",
    "import": "example:\n  reader import subscriptions.opml",
    "export": "example:\n  reader export > subscriptions.opml",
    "feeds": "example:\n  reader feeds",
    "refresh": """examples:
  reader refresh               the feeds that are due (their interval, ttl, max-age and back-off allow)
  reader refresh --all         every feed now (a server that answered 429/503 still waits)
  reader refresh bbc nature    the feeds whose title or URL contains "bbc" or "nature"
Exits with 1 when any feed failed, after one line per failure.""",
    "search": """examples:
  reader search nato russia
  reader search '"intelligence officers"' --limit 50
  reader search 'entity:Stoltenberg is:unread' --json
  reader search --view 'NATO, unread'       a saved view ([[views]] in the config)
  reader search --ignored                    what the [[ignore]] rules hide""",
    "show": "examples:\n  reader show 42\n  reader show 42 --json",
    "related": "examples:\n  reader related 42\n  reader related 42 --json",
    "entity": "examples:\n  reader entity Stoltenberg\n  reader entity NATO --json",
    "star": "examples:\n  reader star 42 43\n  reader search 'starred'",
    "unstar": "example:\n  reader unstar 42",
    "tag": "examples:\n  reader tag 42 later energy      tag:later then finds it\n  reader tag 42 later --remove",
    "analyse": "example:\n  reader analyse",
    "relink": "example:\n  reader relink",
    "check": "example:\n  reader check",
    "vacuum": "examples:\n  reader vacuum          remove what keep_days / keep allow, give the space back\n"
              "  reader vacuum --full   also merge the search index and rewrite the whole file",
    "eval-ner": "example:\n  reader eval-ner eng.testb",
    "eval-timex": "example:\n  reader eval-timex timebank/",
    "eval-events": "example:\n  reader eval-events",
    "eval-related": "example:\n  reader eval-related",
    "eval-merge": "example:\n  reader eval-merge --part held",
    "eval-timeline": "example:\n  reader eval-timeline --part held",
}


MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_LIMIT = 1_000_000


def _id_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an article id (a whole number), not {value!r}") from None
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(f"no article has the id {value[:30]}{'...' if len(value) > 30 else ''} "
                                         "(ids are whole numbers from 1)")
    return number


def _limit_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT:,}, not {value[:30]}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="A terminal news reader that understands what it shows: "
                                     "RSS and Atom feeds and article files in one local cache, with the people, places "
                                     "and dates in each article highlighted and linked.",
                                     epilog=_EXAMPLES[""], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_parser = sub.add_parser

    def described(name: str, **kwargs):
        """A subcommand whose --help says what it does (its help line) and shows examples."""
        line = kwargs.get("help", "")
        kwargs.setdefault("description", line[:1].upper() + line[1:] + ".")
        return add_parser(name, epilog=_EXAMPLES.get(name), formatter_class=argparse.RawDescriptionHelpFormatter,
                          **kwargs)

    sub.add_parser = described

    p = sub.add_parser("ingest", help="store plain-text article files (.txt, .md) or folders of them")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--date", type=_date_arg, help="publication date for files that carry none (YYYY-MM-DD)")
    p.add_argument("--no-analyse", action="store_true", help="store only; analyse later")

    p = sub.add_parser("add", help="add a feed to the config file")
    p.add_argument("url")
    p.add_argument("--title", default="")
    p.add_argument("--tag", action="append", default=[], dest="tags")

    p = sub.add_parser("remove", help="remove a feed from the config file and its articles from the cache")
    p.add_argument("feed", metavar="FEED", help="its URL, or part of its title or URL (one feed only)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--keep-articles", action="store_true", help="keep its articles (as a removed source)")
    p.add_argument("--delete-starred", action="store_true", help="delete its starred articles too")

    p = sub.add_parser("rename", help="change a feed's title in the config file")
    p.add_argument("feed", metavar="FEED", help="its URL, or part of its title or URL (one feed only)")
    p.add_argument("title", metavar="NEW_TITLE")

    p = sub.add_parser("import", help="add the feeds of an OPML file")
    p.add_argument("file", type=Path)
    sub.add_parser("export", help="print the feeds as OPML 2.0")
    sub.add_parser("feeds", help="list feeds with their last refresh status and article counts")

    p = sub.add_parser("refresh", help="fetch the feeds that are due (or those named, or --all) and store new articles")
    p.add_argument("urls", nargs="*", metavar="FEED", help="only these feeds: a URL, or part of a title or URL (any case)")
    p.add_argument("--all", action="store_true", help="every feed now, due or not")
    p.add_argument("--no-analyse", action="store_true", help="store only; analyse later")

    p = sub.add_parser("sync", help="sync with the feed server accounts in the config (or those named)")
    p.add_argument("accounts", nargs="*", help="only these accounts (by name)")
    p.add_argument("--no-analyse", action="store_true", help="store only; analyse later")

    p = sub.add_parser("subscribe", help="subscribe a sync account to a feed on its server, then sync it")
    p.add_argument("account", help="the account's name")
    p.add_argument("url", help="the feed's URL")
    p.add_argument("--folder", default="", help="the server's folder (category) for it")

    p = sub.add_parser("unsubscribe", help="unsubscribe a sync account from one of its feeds (articles stay)")
    p.add_argument("account", help="the account's name")
    p.add_argument("feed", help="the feed's title or its URL on the server")

    p = sub.add_parser("search", help="search titles and text (words, \"phrases\", prefix*, AND/OR/NOT, feed:, tag:, "
                                      "is:unread, after:, before:, entity:)")
    p.add_argument("query", nargs="*")
    p.add_argument("--view", metavar="NAME", help="a saved view ([[views]] in the config), narrowed by any query")
    p.add_argument("--ignored", action="store_true", help="only the articles the [[ignore]] rules hide")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--limit", type=_limit_arg, default=20, help="print at most this many (default 20)")

    p = sub.add_parser("show", help="print one article")
    p.add_argument("id", type=_id_arg)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("related", help="articles, events and story related to one article")
    p.add_argument("id", type=_id_arg)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("entity", help="what the cache knows about a name: kind, mentions over time, names it "
                                      "appears with, its events and articles")
    p.add_argument("name", nargs="+")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("star", help="star articles (search them with starred or is:starred)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = sub.add_parser("unstar", help="remove the star from articles")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = sub.add_parser("tag", help="tag one article (search it with tag:TAG), or --remove the tags")
    p.add_argument("id", type=int)
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--remove", action="store_true", help="remove these tags instead")

    sub.add_parser("analyse", help="run pending entity and event analysis now")
    sub.add_parser("relink", help="recompute every related link and story from the stored entities")
    sub.add_parser("check", help="check the cache's integrity")
    p = sub.add_parser("vacuum", help="remove old read articles ([settings] keep_days, per-feed keep; starred and "
                                      "unread are kept) and give the freed space back to the disk")
    p.add_argument("--full", action="store_true", help="also merge the search index and rewrite the whole file")

    p = sub.add_parser("eval-ner", help="score the entity extractor on a CoNLL-2003 file")
    p.add_argument("file")
    p = sub.add_parser("eval-events", help="precision and recall of event dates on hand-annotated news")
    p.add_argument("file", nargs="?")
    p.add_argument("--errors", action="store_true")
    p = sub.add_parser("eval-related", help="precision at 5 of related articles on the bundled samples")
    p.add_argument("file", nargs="?")
    p.add_argument("--errors", action="store_true")
    p.add_argument("--part", choices=("all", "dev", "held"), default="all")
    p = sub.add_parser("eval-merge", help="precision and recall of telling one event once, on event pairs marked by hand")
    p.add_argument("file", nargs="?")
    p.add_argument("--errors", action="store_true")
    p.add_argument("--part", choices=("all", "dev", "held"), default="all")
    p = sub.add_parser("eval-timeline", help="precision of the related articles' events on the samples' timelines, "
                                             "on events marked by hand")
    p.add_argument("file", nargs="?")
    p.add_argument("--errors", action="store_true")
    p.add_argument("--part", choices=("all", "dev", "held"), default="all")
    p = sub.add_parser("eval-timex", help="score the time tagger on TimeML files (TempEval-3 reference measures)")
    p.add_argument("dir", nargs="+")
    p.add_argument("--part", choices=("all", "dev", "held"), default="all")
    p.add_argument("--errors", action="store_true")
    return parser

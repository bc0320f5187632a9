"""The TOML config file, read into typed dataclasses.

Errors name the file, the line and the key. Only a file that cannot be read
as TOML at all stops reader (ConfigError); a bad entry (a feed without a
url, a setting out of range, two actions on one key) is left out and named
in ``Config.problems``, and everything else works. Writing the file (adding,
removing and renaming feeds) is reader.config_edit.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reader import urls
from reader.ingest.clean import clean_line

EXAMPLE = """\
# reader configuration. Every [[feeds]] entry needs a url; title and tags are optional.
# Local files are allowed: a path (relative to this file) or a file:// URL.

[settings]
# refresh_minutes = 30      # each feed's interval: the app refreshes due feeds by itself (0: no interval)
# theme = "textual-dark"    # any Textual theme
# opener = "w3m %u"         # opens links (L + number, o); %u is the URL; default: the system's browser
# player = "mpv %u"         # plays an article's enclosure (P); default: the opener
# workers = 8               # feeds fetched at once
# max_mb = 20               # cap on a feed's size, before and after decompression
# timeout = 30              # seconds allowed for one feed
# max_file_mb = 5           # cap on an article file's size (reader ingest)
# keep_days = 0             # remove read, unstarred articles older than this many days (0: keep all)

# [keys]
# quit = "q"                # re-bind any action listed by `?` in the app

# [[feeds]]
# url = "https://example.org/feed.xml"
# title = "Example"
# tags = ["news"]
# refresh_minutes = 60      # this feed's own interval (0: only when asked)
# username = "me"                      # HTTP Basic auth (or https://me:secret@example.org/feed.xml)
# password_command = "pass show feeds" # prints the password on its first line; see README

# [[views]]                 # a saved search, shown in the app's feed picker with its unread count
# name = "NATO, unread"
# query = "entity:NATO is:unread"

# [[ignore]]                # a killfile rule: matching articles are hidden (`reader search --ignored` shows them)
# query = "horoscope OR \"sponsored content\""
# feed = "Example"          # optional: only in this feed

# [[accounts]]              # a feed server to sync with: `reader sync`, or `r` in the app
# name = "home"
# type = "miniflux"         # or "greader" (FreshRSS, Miniflux, Inoreader, The Old Reader)
# url = "https://miniflux.example.org"
# username = "me"
# password_command = "pass show miniflux"   # or token_command (Miniflux API key)
# keep = 500                # this feed keeps its 500 newest articles, or "90d" (days), or "all"
# full_text = true          # fetch each new item's page and keep its main text (summary-only feeds)
"""


class ConfigError(Exception):
    """A config problem, already phrased for the user: file, line, key."""


@dataclass(frozen=True)
class FeedConfig:
    """One [[feeds]] entry. ``url`` is as written, minus any password (which is in
    ``password``, never shown); ``username`` comes from the key or the URL."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    refresh_minutes: float | None = None  # this feed's own interval; None: the settings' (0: only when asked)
    username: str = ""
    password: str = field(default="", repr=False, compare=False)
    password_command: str = field(default="", repr=False)
    full_text: bool = False  # fetch each new item's linked page and store its main text
    # Retention (keep = 500 / "90d" / "all"): the newest N articles, or the last N days (0: all);
    # None: the settings' keep_days. Starred and unread articles are always kept.
    keep_count: int | None = None
    keep_days: float | None = None

    @property
    def is_local(self) -> bool:
        scheme = urlparse(self.url).scheme.lower()
        return scheme in ("", "file") or (len(scheme) == 1)  # "C:" paths

    @property
    def identity(self) -> str:
        """What two spellings of this feed share (reader.urls.identity)."""
        return urls.identity(self.url)


@dataclass(frozen=True)
class Settings:
    refresh_minutes: float = 0
    theme: str = "textual-dark"
    opener: str = ""  # command for links, "%u" replaced by the URL (run without a shell); "" = system browser
    player: str = ""  # command for enclosures, the same way; "" = the opener
    workers: int = 8
    max_mb: float = 20
    timeout: float = 30
    max_file_mb: float = 5  # cap on an article file's size (reader ingest)
    sort: str = "newest"  # the list's order: one of SORT_ORDERS
    preview_read_seconds: float = 0  # an article shown (not opened) this long is marked read; 0: never
    timezone: str = ""  # where the app shows times: an IANA name ("Europe/Berlin", "UTC"); "": the system's
    keep_days: float = 0  # read, unstarred articles older than this are removed (0: kept forever)
    images: str = "auto"  # article images in the reading pane: one of IMAGE_MODES


ACCOUNT_TYPES = ("greader", "miniflux", "ttrss")


@dataclass(frozen=True)
class AccountConfig:
    """A feed server to sync with. The secret is never stored: a command prints it."""

    name: str
    type: str
    url: str
    username: str = ""
    password_command: str = field(default="", repr=False)
    token_command: str = field(default="", repr=False)


@dataclass(frozen=True)
class ViewConfig:
    """A [[views]] entry: a named search (the search language) shown in the feed picker."""

    name: str
    query: str


@dataclass(frozen=True)
class IgnoreRule:
    """An [[ignore]] entry: articles matching ``query`` (in ``feed``, if given) are hidden."""

    query: str
    feed: str = ""

    @property
    def search(self):
        """The rule as a parsed query (reader.store.query.Query)."""
        from reader.store.query import parse_query

        query = parse_query(self.query)
        if self.feed:
            query.feeds.append(self.feed)
        return query


@dataclass(frozen=True)
class Config:
    path: Path | None
    feeds: tuple[FeedConfig, ...] = ()
    settings: Settings = field(default_factory=Settings)
    keys: dict[str, str] = field(default_factory=dict)
    key_lines: dict[str, str] = field(default_factory=dict)  # [keys] action -> "file:line" of its entry
    is_sample: bool = False  # no config file: the bundled samples are used
    problems: tuple[str, ...] = ()  # entries left out, one line each (file:line: key: why)
    accounts: tuple[AccountConfig, ...] = ()
    views: tuple[ViewConfig, ...] = ()
    ignore: tuple[IgnoreRule, ...] = ()


_TOP = {"settings", "keys", "feeds", "accounts", "views", "ignore"}
_ACCOUNT_KEYS = ("name", "type", "url", "username", "password_command", "token_command")
_FEED_KEYS = {"url", "title", "tags", "refresh_minutes", "username", "password_command", "full_text", "keep"}
_SETTING_TYPES = {
    "refresh_minutes": (int, float),
    "theme": (str,),
    "opener": (str,),
    "player": (str,),
    "workers": (int,),
    "max_mb": (int, float),
    "timeout": (int, float),
    "max_file_mb": (int, float),
    "sort": (str,),
    "preview_read_seconds": (int, float),
    "timezone": (str,),
    "keep_days": (int, float),
    "images": (str,),
}
# Inclusive bounds of the numeric settings: beyond them a value is a typo or a trap
# (inf or nan megabytes, a negative timeout), reported and replaced by the default.
_SETTING_RANGES = {
    "refresh_minutes": (0, 7 * 24 * 60),
    "workers": (1, 64),
    "max_mb": (0.001, 1000),
    "timeout": (0.1, 3600),
    "max_file_mb": (0.001, 1000),
    "preview_read_seconds": (0, 24 * 3600),
    "keep_days": (0, 100 * 366),
}
SORT_ORDERS = ("newest", "oldest", "feed", "title", "unread")  # store/listing.py SORTS
IMAGE_MODES = ("auto", "off", "blocks", "kitty", "sixel")  # reader/ui/widgets/reading.py
_KEEP_DAYS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*d\s*", re.I)


def parse_keep(value) -> tuple[int | None, float | None] | None:
    """A feed's ``keep``: (count, None) for 500, (None, days) for "90d", (None, 0) for "all";
    None when it is none of these."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, None) if 1 <= value <= 10**9 else None
    if isinstance(value, str):
        if value.strip().lower() == "all":
            return (None, 0.0)
        match = _KEEP_DAYS.fullmatch(value)
        if match and 0 < float(match.group(1)) <= 100 * 366:
            return (None, float(match.group(1)))
    return None


def _line_of(text: str, key: str, occurrence: int = 0) -> int:
    """Best-effort line number of ``key =`` (or ``[key]``) in the raw text."""
    pattern = re.compile(rf"^[ \t]*(\[\[?\s*{re.escape(key)}\s*\]\]?|\"?{re.escape(key)}\"?\s*=)", re.M)
    matches = list(pattern.finditer(text))
    if not matches:
        return 0
    match = matches[min(occurrence, len(matches) - 1)]
    return text.count("\n", 0, match.start()) + 1


def _where(path: Path, text: str, key: str, occurrence: int = 0) -> str:
    line = _line_of(text, key, occurrence)
    return f"{path}:{line}" if line else str(path)


_HEADER = re.compile(r"^\s*\[", re.M)
_FEEDS_HEADER = re.compile(r"^\s*\[\[\s*feeds\s*\]\]", re.M)


def _section_line(path: Path, text: str, header: re.Pattern, index: int, key: str | None) -> str:
    """file:line of ``key`` inside the index-th table the header pattern finds (or of its header)."""
    headers = list(header.finditer(text))
    if index >= len(headers):
        return _where(path, text, key or "feeds")
    start = headers[index].start()
    following = _HEADER.search(text, headers[index].end())
    end = following.start() if following else len(text)
    offset = start
    if key is not None:
        match = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.M).search(text, start, end)
        if match:
            offset = match.start()
    return f"{path}:{text.count(chr(10), 0, offset) + 1}"


def resolve_feed_url(url: str, base: Path | None) -> str:
    """Make a relative local path absolute against the config file's folder."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https", "file"):
        return url
    if parsed.scheme == "" and base is not None:
        path = Path(url).expanduser()
        if not path.is_absolute():
            path = (base / path).resolve()
        return str(path)
    return url


def clean_tag(tag: str) -> str:
    """A tag as stored and searched (tag:"world news"): one line of text without control
    characters, and without quotes, parentheses or commas, which neither a search nor OPML's
    comma-separated categories can carry (they become spaces)."""
    return " ".join(clean_line(tag).translate(_TAG_UNSAFE).split())


_TAG_UNSAFE = str.maketrans({c: " " for c in '"(),'})


def url_problem(url: str, *, allow_local: bool) -> str | None:
    """Why a feed URL cannot be used (None when it can): blank, not http(s) when
    local files are not allowed, an unknown scheme, a web URL without a host."""
    url = url.strip()
    if not url:
        return "the url is blank"
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return "the url contains control characters"
    try:
        scheme = urlparse(url).scheme.lower()
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    local = scheme in ("", "file") or len(scheme) == 1
    if local:
        return None if allow_local else "only http and https URLs are accepted here (local files only with `reader add`)"
    if scheme not in ("http", "https"):
        return f"unsupported URL scheme {scheme!r} (http, https or a local file)"
    if not urls.is_web(url):
        return "not a valid web address (no host)"
    if any(c.isspace() for c in url):
        return "the url contains spaces (write a space as %20)"
    return None


def _check_setting(key: str, value, where: str) -> str | None:
    if not isinstance(value, _SETTING_TYPES[key]) or isinstance(value, bool):
        return f"{where}: 'settings.{key}' has the wrong type ({type(value).__name__})"
    if key == "theme" and not value.strip():
        return f"{where}: 'settings.theme' is blank"
    if key == "sort" and value not in SORT_ORDERS:
        return f"{where}: 'settings.sort' is {value!r} (expected one of: {', '.join(SORT_ORDERS)})"
    if key == "images" and value not in IMAGE_MODES:
        return f"{where}: 'settings.images' is {value!r} (expected one of: {', '.join(IMAGE_MODES)})"
    if key == "timezone" and value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return (f"{where}: 'settings.timezone' is {value!r}, not a time zone (examples: \"Europe/Berlin\", "
                    "\"America/New_York\", \"UTC\")")
    if key in _SETTING_RANGES:
        low, high = _SETTING_RANGES[key]
        if not math.isfinite(value) or not low <= value <= high:
            return f"{where}: 'settings.{key}' must be between {low:g} and {high:g}, not {value!r}"
    return None


def _parse_keys(keys, path: Path, text: str, problems: list[str], lines: dict[str, str]) -> dict[str, str]:
    if not isinstance(keys, dict):
        problems.append(f"{_where(path, text, 'keys')}: [keys] maps action names to key strings; ignored")
        return {}
    good: dict[str, str] = {}
    bound: dict[str, str] = {}  # key -> the action it was first given to
    for action, value in keys.items():
        where = lines[action] = _section_line(path, text, re.compile(r"^\s*\[\s*keys\s*\]", re.M), 0, action)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: 'keys.{action}' must be a key name such as \"q\" or \"ctrl+r\"; "
                            "the default key is kept")
            continue
        names = [k.strip() for k in value.split(",") if k.strip()]
        clash = next((k for k in names if k in bound), None)
        if clash is not None:
            problems.append(f"{where}: key {clash!r} is bound to both {bound[clash]!r} and {action!r} in [keys]; "
                            f"{action!r} keeps its default key")
            continue
        for name in names:
            bound[name] = action
        good[action] = value
    return good


def parse_config(text: str, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        where = f"{path}:{match.group(1)}" if match else str(path)
        raise ConfigError(f"{where}: syntax error: {message}") from None

    problems: list[str] = []
    for key in data:
        if key not in _TOP:
            problems.append(f"{_where(path, text, key)}: unknown key {key!r} (expected one of: accounts, feeds, ignore, keys, settings, views); "
                            "ignored")

    settings_data = data.get("settings", {})
    good_settings = {}
    if not isinstance(settings_data, dict):
        problems.append(f"{_where(path, text, 'settings')}: 'settings' must be a table; the defaults are used")
        settings_data = {}
    for key, value in settings_data.items():
        where = _where(path, text, key)
        if key not in _SETTING_TYPES:
            problems.append(f"{where}: unknown key 'settings.{key}' (expected one of: {', '.join(_SETTING_TYPES)}); "
                            "ignored")
            continue
        problem = _check_setting(key, value, where)
        if problem:
            problems.append(f"{problem}; using {getattr(Settings, key)!r}")
            continue
        good_settings[key] = value
    settings = Settings(**good_settings)

    key_lines: dict[str, str] = {}
    keys = _parse_keys(data.get("keys", {}), path, text, problems, key_lines)

    feeds_data = data.get("feeds", [])
    if not isinstance(feeds_data, list):
        problems.append(f"{_where(path, text, 'feeds')}: feeds must be written as [[feeds]] entries; none are read")
        feeds_data = []
    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(feeds_data):
        feed = _parse_feed(entry, index, path, text, problems)
        if feed is None:
            continue
        first = seen.get(feed.identity)
        if first is not None:
            problems.append(f"{_section_line(path, text, _FEEDS_HEADER, index, 'url')}: feed {index + 1} "
                            f"({feed.url}) is the same feed as feed {first + 1}; ignored")
            continue
        seen[feed.identity] = index
        feeds.append(feed)
    accounts = _parse_accounts(data.get("accounts", []), path, text, problems)
    views = _parse_views(data.get("views", []), path, text, problems)
    ignore = _parse_ignore(data.get("ignore", []), path, text, problems)
    return Config(path=path, feeds=tuple(feeds), settings=settings, keys=keys, key_lines=key_lines,
                  problems=tuple(problems),
                  accounts=accounts, views=views, ignore=ignore)


_VIEWS_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*\"?views\"?[ \t]*\]\]", re.M)
_IGNORE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*\"?ignore\"?[ \t]*\]\]", re.M)


def _query_problem(value) -> str | None:
    """Why a search text cannot be used in a view or rule, or None."""
    from reader.store.query import QueryError, parse_query

    if not isinstance(value, str) or not value.strip():
        return "needs a query (a search such as 'tag:news is:unread')"
    try:
        parse_query(value)
    except QueryError as exc:
        return f"query {value!r}: {exc}"
    return None


def _entries(data, table: str, path: Path, text: str, problems: list[str]) -> list:
    if not isinstance(data, list):
        problems.append(f"{_where(path, text, table)}: {table} must be written as [[{table}]] entries; none are read")
        return []
    return data


def _parse_views(data, path: Path, text: str, problems: list[str]) -> tuple[ViewConfig, ...]:
    views: list[ViewConfig] = []
    for index, entry in enumerate(_entries(data, "views", path, text, problems)):
        def where(key: str | None = None) -> str:
            return _section_line(path, text, _VIEWS_HEADER, index, key)

        if not isinstance(entry, dict):
            problems.append(f"{where()}: each [[views]] entry must be a table; view {index + 1} is ignored")
            continue
        for key in entry:
            if key not in ("name", "query"):
                problems.append(f"{where(key)}: unknown key 'views.{key}' in view {index + 1} (expected name, query); "
                                "ignored")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where('name' if 'name' in entry else None)}: view {index + 1} has no name; it is ignored")
            continue
        problem = _query_problem(entry.get("query"))
        if problem:
            problems.append(f"{where('query' if 'query' in entry else None)}: view {name!r} {problem}; it is ignored")
            continue
        if any(v.name == name.strip() for v in views):
            problems.append(f"{where('name')}: two views are named {name.strip()!r}; the second is ignored")
            continue
        views.append(ViewConfig(name=name.strip(), query=entry["query"].strip()))
    return tuple(views)


def _parse_ignore(data, path: Path, text: str, problems: list[str]) -> tuple[IgnoreRule, ...]:
    rules: list[IgnoreRule] = []
    for index, entry in enumerate(_entries(data, "ignore", path, text, problems)):
        def where(key: str | None = None) -> str:
            return _section_line(path, text, _IGNORE_HEADER, index, key)

        if not isinstance(entry, dict):
            problems.append(f"{where()}: each [[ignore]] entry must be a table; rule {index + 1} is ignored")
            continue
        for key in entry:
            if key not in ("query", "feed"):
                problems.append(f"{where(key)}: unknown key 'ignore.{key}' in rule {index + 1} (expected query, feed); "
                                "ignored")
        problem = _query_problem(entry.get("query"))
        if problem is None and "is:ignored" in entry["query"].lower():
            problem = "cannot use is:ignored"
        if problem:
            problems.append(f"{where('query' if 'query' in entry else None)}: ignore rule {index + 1} {problem}; "
                            "it is not applied")
            continue
        feed = entry.get("feed", "")
        if not isinstance(feed, str):
            problems.append(f"{where('feed')}: 'ignore.feed' of rule {index + 1} must be a feed's title or URL "
                            "(a string); the rule is not applied")
            continue
        rules.append(IgnoreRule(query=entry["query"].strip(), feed=feed.strip()))
    return tuple(rules)


def _parse_feed(entry, index: int, path: Path, text: str, problems: list[str]) -> FeedConfig | None:
    """One [[feeds]] entry, or None (with the reason in problems) when it cannot be used."""
    def where(key: str | None = None) -> str:
        return _section_line(path, text, _FEEDS_HEADER, index, key)

    if not isinstance(entry, dict):
        problems.append(f"{where()}: each [[feeds]] entry must be a table; feed {index + 1} is ignored")
        return None
    for key in entry:
        if key not in _FEED_KEYS:
            problems.append(f"{where(key)}: unknown key 'feeds.{key}' in feed {index + 1} "
                            f"(expected {', '.join(sorted(_FEED_KEYS))}); ignored")
    url = entry.get("url")
    if not isinstance(url, str):
        problems.append(f"{where('url' if 'url' in entry else None)}: feed {index + 1} has no url; it is ignored")
        return None
    problem = url_problem(url, allow_local=True)
    if problem:
        problems.append(f"{where('url')}: 'feeds.url' of feed {index + 1}: {problem}; the feed is ignored")
        return None
    shown = urls.strip_password(url.strip())
    tags = entry.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"{where('tags')}: 'feeds.tags' of {shown} must be a list of strings; ignored")
        tags = []
    title = entry.get("title", "")
    if not isinstance(title, str):
        problems.append(f"{where('title')}: 'feeds.title' of {shown} must be a string; ignored")
        title = ""
    title = clean_line(title)  # shown on the terminal: no escape sequences, one line
    tags = [tag for tag in (clean_tag(t) for t in tags) if tag]
    url_user, url_password = urls.credentials(url)
    username = entry.get("username", url_user or "")
    command = entry.get("password_command", "")
    for key, value in (("username", username), ("password_command", command)):
        if not isinstance(value, str):
            problems.append(f"{where(key)}: 'feeds.{key}' of {shown} must be a string; the feed is ignored")
            return None
    if command and not username:
        problems.append(f"{where('password_command')}: feed {shown} has a password_command but no username "
                        "(add username = \"...\"); the feed is ignored")
        return None
    minutes = entry.get("refresh_minutes")
    if minutes is not None and (not isinstance(minutes, (int, float)) or isinstance(minutes, bool) or minutes < 0
                                or not math.isfinite(minutes)):
        problems.append(f"{where('refresh_minutes')}: 'feeds.refresh_minutes' of {shown} must be a number of "
                        f"minutes, 0 or more (feed {index + 1}); the settings' interval is used")
        minutes = None
    if (username or command) and not urls.is_web(url):
        problems.append(f"{where('username')}: username and password_command apply to http(s) feeds only, "
                        f"not {shown}; ignored")
        username, command = "", ""
    full_text = entry.get("full_text", False)
    if not isinstance(full_text, bool):
        problems.append(f"{where('full_text')}: 'feeds.full_text' of {shown} must be true or false; ignored")
        full_text = False
    keep_count, keep_days = None, None
    if "keep" in entry:
        keep = parse_keep(entry["keep"])
        if keep is None:
            # A typo must never remove articles: this feed keeps everything until it is fixed.
            problems.append(f"{where('keep')}: 'feeds.keep' of {shown} must be a count of articles (500), "
                            f"days (\"90d\") or \"all\", not {entry['keep']!r}; this feed keeps all its articles")
            keep = (None, 0.0)
        keep_count, keep_days = keep
    resolved = resolve_feed_url(shown, path.parent)
    return FeedConfig(url=resolved, title=title, tags=tuple(tags), username=username,
                      password=url_password or "", password_command=command, refresh_minutes=minutes,
                      full_text=full_text, keep_count=keep_count, keep_days=keep_days)


def _parse_accounts(entries: object, path: Path, text: str, problems: list[str]) -> tuple[AccountConfig, ...]:
    """[[accounts]] entries; a bad one is named (line and key, never a secret) in problems and left out."""
    try:
        return _parse_account_entries(entries, path, text, problems)
    except ConfigError as exc:
        problems.append(f"{exc}; no account is read")
        return ()


def _parse_account_entries(entries: object, path: Path, text: str, problems: list[str]) -> tuple[AccountConfig, ...]:
    if not isinstance(entries, list):
        raise ConfigError(f"{_where(path, text, 'accounts')}: accounts must be written as [[accounts]] entries")
    accounts: list[AccountConfig] = []
    for index, entry in enumerate(entries):
        try:
            account = _parse_account(entry, index, accounts, path, text)
        except ConfigError as exc:
            problems.append(f"{exc}; the account is ignored")
            continue
        accounts.append(account)
    return tuple(accounts)


def _parse_account(entry, index: int, accounts: list[AccountConfig], path: Path, text: str) -> AccountConfig:
    where = _where(path, text, "accounts", index)
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each [[accounts]] entry must be a table")
    for key, value in entry.items():
        if key not in _ACCOUNT_KEYS:
            raise ConfigError(f"{_where(path, text, key)}: unknown key 'accounts.{key}' in account {index + 1} "
                              f"(expected {', '.join(_ACCOUNT_KEYS)})")
        if not isinstance(value, str):
            raise ConfigError(f"{where}: 'accounts.{key}' must be a string")
    name = entry.get("name", "").strip()
    if not name:
        raise ConfigError(f"{where}: account {index + 1} has no name")
    if any(a.name == name for a in accounts):
        raise ConfigError(f"{where}: two accounts are named {name!r}")
    kind = entry.get("type", "")
    if kind not in ACCOUNT_TYPES:
        raise ConfigError(f"{where}: account {name!r}: 'type' must be one of {', '.join(ACCOUNT_TYPES)}")
    url = entry.get("url", "").strip().rstrip("/")
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).hostname:
        raise ConfigError(f"{where}: account {name!r}: 'url' must be an http(s) URL")
    if urlparse(url).password is not None:
        raise ConfigError(f"{where}: account {name!r}: put the password in password_command, not in the url")
    if not entry.get("password_command") and not entry.get("token_command"):
        raise ConfigError(f"{where}: account {name!r} needs password_command or token_command")
    if entry.get("password_command") and not entry.get("username"):
        raise ConfigError(f"{where}: account {name!r}: password_command needs a username")
    return AccountConfig(name=name, type=kind, url=url, username=entry.get("username", ""),
                         password_command=entry.get("password_command", ""),
                         token_command=entry.get("token_command", ""))


def load_config(path: Path) -> Config:
    """Read the config file; a missing file is an empty config."""
    if not path.exists():
        return Config(path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's byte order mark is not TOML's business
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_config(text, path)

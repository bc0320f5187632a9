"""The TOML config file, read into typed dataclasses.

Errors name the file, the line and the key. Only a file that cannot be read
as TOML at all stops reader (ConfigError); a bad entry (a feed without a
url, a setting out of range, two actions on one key) is left out and named
in ``Config.problems``, and everything else works. Writing (``add_feeds``)
appends the new entries once per command however many feeds are added, so
the user's comments and layout survive.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from reader import urls

EXAMPLE = """\
# reader configuration. Every [[feeds]] entry needs a url; title and tags are optional.
# Local files are allowed: a path (relative to this file) or a file:// URL.

[settings]
# refresh_minutes = 30      # each feed's interval: the app refreshes due feeds by itself (0: no interval)
# theme = "textual-dark"    # any Textual theme
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
# keep = 500                # this feed keeps its 500 newest articles, or "90d" (days), or "all"
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
    workers: int = 8
    max_mb: float = 20
    timeout: float = 30
    max_file_mb: float = 5  # cap on an article file's size (reader ingest)
    keep_days: float = 0  # read, unstarred articles older than this are removed (0: kept forever)


@dataclass(frozen=True)
class Config:
    path: Path | None
    feeds: tuple[FeedConfig, ...] = ()
    settings: Settings = field(default_factory=Settings)
    keys: dict[str, str] = field(default_factory=dict)
    is_sample: bool = False  # no config file: the bundled samples are used
    problems: tuple[str, ...] = ()  # entries left out, one line each (file:line: key: why)


_TOP = {"settings", "keys", "feeds"}
_FEED_KEYS = {"url", "title", "tags", "refresh_minutes", "username", "password_command", "keep"}
_SETTING_TYPES = {
    "refresh_minutes": (int, float),
    "theme": (str,),
    "workers": (int,),
    "max_mb": (int, float),
    "timeout": (int, float),
    "max_file_mb": (int, float),
    "keep_days": (int, float),
}
# Inclusive bounds of the numeric settings: beyond them a value is a typo or a trap
# (inf or nan megabytes, a negative timeout), reported and replaced by the default.
_SETTING_RANGES = {
    "refresh_minutes": (0, 7 * 24 * 60),
    "workers": (1, 64),
    "max_mb": (0.001, 1000),
    "timeout": (0.1, 3600),
    "max_file_mb": (0.001, 1000),
    "keep_days": (0, 100 * 366),
}
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
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|\"?{re.escape(key)}\"?\s*=)", re.M)
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
    return None


def _check_setting(key: str, value, where: str) -> str | None:
    if not isinstance(value, _SETTING_TYPES[key]) or isinstance(value, bool):
        return f"{where}: 'settings.{key}' has the wrong type ({type(value).__name__})"
    if key == "theme" and not value.strip():
        return f"{where}: 'settings.theme' is blank"
    if key in _SETTING_RANGES:
        low, high = _SETTING_RANGES[key]
        if not math.isfinite(value) or not low <= value <= high:
            return f"{where}: 'settings.{key}' must be between {low:g} and {high:g}, not {value!r}"
    return None


def _parse_keys(keys, path: Path, text: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(keys, dict):
        problems.append(f"{_where(path, text, 'keys')}: [keys] maps action names to key strings; ignored")
        return {}
    good: dict[str, str] = {}
    bound: dict[str, str] = {}  # key -> the action it was first given to
    for action, value in keys.items():
        where = _section_line(path, text, re.compile(r"^\s*\[\s*keys\s*\]", re.M), 0, action)
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
            problems.append(f"{_where(path, text, key)}: unknown key {key!r} (expected one of: feeds, keys, settings); "
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

    keys = _parse_keys(data.get("keys", {}), path, text, problems)

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
    return Config(path=path, feeds=tuple(feeds), settings=settings, keys=keys, problems=tuple(problems))


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
                      keep_count=keep_count, keep_days=keep_days)


def load_config(path: Path) -> Config:
    """Read the config file; a missing file is an empty config."""
    if not path.exists():
        return Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_config(text, path)


@dataclass
class NewFeed:
    url: str
    title: str = ""
    tags: tuple[str, ...] | list[str] = ()


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)  # URLs written (normalised, passwords kept as given)
    existing: list[tuple[str, str]] = field(default_factory=list)  # (URL asked for, the entry already there)
    config: Config | None = None  # the config as it is now in the file


def add_feeds(path: Path, feeds: list[NewFeed]) -> AddResult:
    """Append [[feeds]] entries in ONE write, keeping comments and layout.

    A feed whose identity (reader.urls.identity) is already in the file, or
    earlier in ``feeds``, is not written but reported in ``existing``. The
    caller checks the URLs (url_problem) first. The new entries are appended
    as text (everything above them stays byte for byte); a file that writes
    its feeds as an inline array goes through tomlkit instead. Either way the
    result is read back before it replaces the file, and ``config`` of the
    result is what was written.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else EXAMPLE
    config = parse_config(text, path)
    known = {f.identity: f.url for f in config.feeds}
    result = AddResult(config=config)
    entries: list[dict] = []
    for feed in feeds:
        url = urls.normalize(feed.url)
        key = urls.identity(resolve_feed_url(url, path.parent))
        if key in known:
            result.existing.append((urls.strip_password(feed.url.strip()), known[key]))
            continue
        known[key] = urls.strip_password(url)
        entry = {"url": url}
        if feed.title:
            entry["title"] = feed.title
        if feed.tags:
            entry["tags"] = list(feed.tags)
        entries.append(entry)
        result.added.append(urls.strip_password(url))
    if not entries:
        return result
    new_text, new_config = None, None
    if not re.search(r"^\s*\"?feeds\"?\s*=", text, re.M):
        new_text = _append_entries(text, entries)
        try:
            new_config = parse_config(new_text, path)
        except ConfigError:
            new_text = None
    if new_text is None:
        new_text = _tomlkit_entries(text, entries)
        try:  # never write a file reader could not read back
            new_config = parse_config(new_text, path)
        except ConfigError as exc:
            raise ConfigError(f"{path}: could not add the feeds without breaking the file ({exc}); "
                              "nothing was changed") from None
    target = path.resolve()  # a symlinked config (dotfiles) stays a symlink
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(new_text, encoding="utf-8")
    if target.exists():  # a config holding passwords is often private (0600): keep its mode
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
    tmp.replace(target)
    result.config = new_config
    return result


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _append_entries(text: str, entries: list[dict]) -> str:
    lines = [text.rstrip("\n"), ""] if text.strip() else []
    for entry in entries:
        lines.append("[[feeds]]")
        lines.append(f"url = {_toml_string(entry['url'])}")
        if "title" in entry:
            lines.append(f"title = {_toml_string(entry['title'])}")
        if "tags" in entry:
            lines.append("tags = [" + ", ".join(_toml_string(t) for t in entry["tags"]) + "]")
        lines.append("")
    return "\n".join(lines)


def _tomlkit_entries(text: str, entries: list[dict]) -> str:
    import tomlkit  # only here: reading the config needs only tomllib

    document = tomlkit.parse(text)
    if "feeds" in document and not isinstance(document["feeds"], tomlkit.items.AoT):
        # feeds = [{url = ...}, ...] written inline: add inline tables to it.
        array = document["feeds"]
        for entry in entries:
            inline = tomlkit.inline_table()
            inline.update(entry)
            array.append(inline)
    else:
        array = document["feeds"] if "feeds" in document else tomlkit.aot()
        for entry in entries:
            table = tomlkit.table()
            table.update(entry)
            array.append(table)
        if "feeds" not in document:
            document.append("feeds", array)
    return tomlkit.dumps(document)


def add_feed(path: Path, url: str, title: str = "", tags: list[str] | None = None) -> bool:
    """Append one [[feeds]] entry, keeping comments and layout. False if already there."""
    return bool(add_feeds(path, [NewFeed(url, title, tuple(tags or ()))]).added)

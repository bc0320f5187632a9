"""The TOML config file, read into typed dataclasses.

Errors name the file, the line and the key. Writing (``add_feed``) goes
through tomlkit so the user's comments and layout survive.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

EXAMPLE = """\
# reader configuration. Every [[feeds]] entry needs a url; title and tags are optional.
# Local files are allowed: a path (relative to this file) or a file:// URL.

[settings]
# refresh_minutes = 30      # refresh all feeds automatically while the app runs (0: never)
# theme = "textual-dark"    # any Textual theme
# opener = "w3m %u"         # opens links (L + number, o); %u is the URL; default: the system's browser
# player = "mpv %u"         # plays an article's enclosure (P); default: the opener
# workers = 8               # feeds fetched at once
# max_mb = 20               # cap on a feed's size, before and after decompression
# timeout = 30              # seconds allowed for one feed

# [keys]
# quit = "q"                # re-bind any action listed by `?` in the app

# [[feeds]]
# url = "https://example.org/feed.xml"
# title = "Example"
# tags = ["news"]
"""


class ConfigError(Exception):
    """A config problem, already phrased for the user: file, line, key."""


@dataclass(frozen=True)
class FeedConfig:
    url: str
    title: str = ""
    tags: tuple[str, ...] = ()

    @property
    def is_local(self) -> bool:
        scheme = urlparse(self.url).scheme.lower()
        return scheme in ("", "file") or (len(scheme) == 1)  # "C:" paths


@dataclass(frozen=True)
class Settings:
    refresh_minutes: float = 0
    theme: str = "textual-dark"
    opener: str = ""  # command for links, "%u" replaced by the URL (run without a shell); "" = system browser
    player: str = ""  # command for enclosures, the same way; "" = the opener
    workers: int = 8
    max_mb: float = 20
    timeout: float = 30


@dataclass(frozen=True)
class Config:
    path: Path | None
    feeds: tuple[FeedConfig, ...] = ()
    settings: Settings = field(default_factory=Settings)
    keys: dict[str, str] = field(default_factory=dict)
    is_sample: bool = False  # no config file: the bundled samples are used


_TOP = {"settings", "keys", "feeds"}
_FEED_KEYS = {"url", "title", "tags"}
_SETTING_TYPES = {
    "refresh_minutes": (int, float),
    "theme": (str,),
    "opener": (str,),
    "player": (str,),
    "workers": (int,),
    "max_mb": (int, float),
    "timeout": (int, float),
}


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


def parse_config(text: str, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        where = f"{path}:{match.group(1)}" if match else str(path)
        raise ConfigError(f"{where}: syntax error: {message}") from None

    for key in data:
        if key not in _TOP:
            raise ConfigError(f"{_where(path, text, key)}: unknown key {key!r} (expected one of: feeds, keys, settings)")

    settings_data = data.get("settings", {})
    if not isinstance(settings_data, dict):
        raise ConfigError(f"{_where(path, text, 'settings')}: 'settings' must be a table")
    for key, value in settings_data.items():
        if key not in _SETTING_TYPES:
            raise ConfigError(f"{_where(path, text, key)}: unknown key 'settings.{key}' (expected one of: {', '.join(_SETTING_TYPES)})")
        if not isinstance(value, _SETTING_TYPES[key]) or isinstance(value, bool):
            raise ConfigError(f"{_where(path, text, key)}: 'settings.{key}' has the wrong type ({type(value).__name__})")
    settings = Settings(**settings_data)

    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ConfigError(f"{_where(path, text, 'keys')}: [keys] maps action names to key strings")

    feeds_data = data.get("feeds", [])
    if not isinstance(feeds_data, list):
        raise ConfigError(f"{_where(path, text, 'feeds')}: feeds must be written as [[feeds]] entries")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(feeds_data):
        if not isinstance(entry, dict):
            raise ConfigError(f"{_where(path, text, 'feeds', index)}: each [[feeds]] entry must be a table")
        for key in entry:
            if key not in _FEED_KEYS:
                raise ConfigError(f"{_where(path, text, key)}: unknown key 'feeds.{key}' in feed {index + 1} (expected url, title, tags)")
        url = entry.get("url")
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(f"{_where(path, text, 'feeds', index)}: feed {index + 1} has no url")
        tags = entry.get("tags", [])
        if isinstance(tags, str):
            tags = [tags]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"{_where(path, text, 'tags')}: 'feeds.tags' must be a list of strings")
        title = entry.get("title", "")
        if not isinstance(title, str):
            raise ConfigError(f"{_where(path, text, 'title')}: 'feeds.title' must be a string")
        resolved = resolve_feed_url(url.strip(), path.parent)
        if resolved in seen:
            continue
        seen.add(resolved)
        feeds.append(FeedConfig(url=resolved, title=title, tags=tuple(tags)))
    return Config(path=path, feeds=tuple(feeds), settings=settings, keys=dict(keys))


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


def add_feed(path: Path, url: str, title: str = "", tags: list[str] | None = None) -> bool:
    """Append a [[feeds]] entry, keeping comments and layout. False if already there."""
    import tomlkit  # only here: reading the config needs only tomllib

    text = path.read_text(encoding="utf-8") if path.exists() else EXAMPLE
    config = parse_config(text, path)
    if resolve_feed_url(url, path.parent) in {f.url for f in config.feeds}:
        return False
    document = tomlkit.parse(text)
    entry = tomlkit.table()
    entry["url"] = url
    if title:
        entry["title"] = title
    if tags:
        entry["tags"] = list(tags)
    if "feeds" in document:
        document["feeds"].append(entry)
    else:
        array = tomlkit.aot()
        array.append(entry)
        document.append("feeds", array)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    tmp.replace(path)
    return True

"""Writing the config file: adding feeds, removing and renaming one.

``add_feeds`` appends the new entries once per command however many feeds are
added, so the user's comments and layout survive; removing and renaming edit
only the feed's own block. Every edit is read back (reader.config.parse_config)
before it replaces the file, in one step.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader import urls
from reader.ingest.clean import clean_line
from reader.config import EXAMPLE, Config, ConfigError, FeedConfig, parse_config, resolve_feed_url

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
    text = path.read_text(encoding="utf-8-sig") if path.exists() else EXAMPLE
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
        if feed.title and clean_line(feed.title) != feed.title.strip():
            raise ConfigError(f"the title of {urls.strip_password(url)} must be one line of text without "
                              "control characters")
        if feed.title:
            entry["title"] = feed.title.strip()
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


# -- removing and renaming a feed ---------------------------------------------

_AOT_FEEDS = re.compile(r"^[ \t]*\[\[[ \t]*\"?feeds\"?[ \t]*\]\]", re.M)
_ANY_HEADER = re.compile(r"^[ \t]*\[", re.M)


def _write_config(path: Path, text: str) -> None:
    """Replace the config file in one step (a symlinked config stays a symlink, its mode is kept)."""
    target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    if target.exists():
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
    tmp.replace(target)


def _entry_index(data: dict, path: Path, identity: str) -> int | None:
    """The index in data["feeds"] of the entry whose url has this identity."""
    entries = data.get("feeds")
    if not isinstance(entries, list):
        return None
    for index, entry in enumerate(entries):
        url = entry.get("url") if isinstance(entry, dict) else None
        if isinstance(url, str) and urls.identity(resolve_feed_url(urls.strip_password(url.strip()),
                                                                   path.parent)) == identity:
            return index
    return None


def _block(text: str, index: int) -> tuple[int, int] | None:
    """The text span of the index-th [[feeds]] table: its header (and the comment lines just
    above it) to the next header, less the comments at its end that sit just above that one."""
    headers = list(_AOT_FEEDS.finditer(text))
    if index >= len(headers):
        return None
    start = headers[index].start()
    following = _ANY_HEADER.search(text, headers[index].end())
    end = following.start() if following else len(text)
    lines = text[:start].split("\n")[:-1]  # whole lines above the header
    above = start
    while lines and lines[-1].lstrip().startswith("#"):
        above -= len(lines.pop()) + 1
    if lines:  # comments at the top of the file are the file's, not this feed's
        start = above
    if following:
        body = text[start:end].split("\n")
        tail = body.pop()  # the (empty) start of the header's line
        attached = []
        while body and body[-1].lstrip().startswith("#"):
            attached.insert(0, body.pop())
        end -= len("\n".join(attached + [tail])) if attached else len(tail)
    return start, end


def _edit_checked(path: Path, text: str, new_text: str | None, tomlkit_edit, expect) -> tuple[str, Config]:
    """The edited text and its config: the text edit if it reads back as expected, else tomlkit's."""
    for candidate in (new_text, None):
        if candidate is None:
            import tomlkit

            document = tomlkit.parse(text)
            tomlkit_edit(document)
            candidate = tomlkit.dumps(document)
        try:
            config = parse_config(candidate, path)
        except ConfigError:
            continue
        if expect(config):
            return candidate, config
    raise ConfigError(f"{path}: could not change the feed without breaking the file; nothing was changed")


def _read_for_edit(path: Path, feed: FeedConfig) -> tuple[str, Config, int]:
    if not path.exists():
        raise ConfigError(f"{path}: no config file; nothing was changed")
    text = path.read_text(encoding="utf-8-sig")
    config = parse_config(text, path)
    index = _entry_index(tomllib.loads(text), path, feed.identity)
    if index is None:
        raise ConfigError(f"{path}: no [[feeds]] entry has the url {feed.url}; nothing was changed")
    return text, config, index


def remove_feed(path: Path, feed: FeedConfig) -> Config:
    """Take one feed's entry out of the config file in one write; everything else, comments
    included, stays as it was. Returns the config as it now is."""
    text, old, index = _read_for_edit(path, feed)
    span = _block(text, index)
    new_text = None
    if span is not None:
        start, end = span
        new_text = text[:start] + text[end:]
    expected = [f.url for f in old.feeds if f.identity != feed.identity]

    def edit(document) -> None:
        del document["feeds"][index]

    new_text, config = _edit_checked(path, text, new_text, edit, lambda c: [f.url for f in c.feeds] == expected)
    _write_config(path, new_text)
    return config


_TITLE_LINE = re.compile(r"^([ \t]*\"?title\"?[ \t]*=[ \t]*)(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')", re.M)
_URL_LINE = re.compile(r"^[ \t]*\"?url\"?[ \t]*=[^\n]*", re.M)


def rename_feed(path: Path, feed: FeedConfig, title: str) -> Config:
    """Set one feed's title in the config file in one write, keeping everything else."""
    title = title.strip()
    if not title or clean_line(title) != title:
        raise ConfigError("the new title must be one line of text without control characters")
    text, old, index = _read_for_edit(path, feed)
    span = _block(text, index)
    new_text = None
    if span is not None:
        start, end = span
        block = text[start:end]
        if _TITLE_LINE.search(block):
            block = _TITLE_LINE.sub(lambda m: m.group(1) + _toml_string(title), block, count=1)
        elif (url_line := _URL_LINE.search(block)) is not None:
            block = block[:url_line.end()] + f"\ntitle = {_toml_string(title)}" + block[url_line.end():]
        new_text = text[:start] + block + text[end:]
    expected = [(f.url, title if f.identity == feed.identity else f.title) for f in old.feeds]

    def edit(document) -> None:
        document["feeds"][index]["title"] = title

    new_text, config = _edit_checked(path, text, new_text, edit,
                                     lambda c: [(f.url, f.title) for f in c.feeds] == expected)
    _write_config(path, new_text)
    return config

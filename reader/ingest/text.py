"""Plain-text article files (.txt, .md) in the seed article's format.

Optional header lines (``Date:``, ``Source:``, ``URL:``, ``Author:``, ``Title:``)
come first, ended by a blank line. Then the first non-empty line is the
title and paragraphs are separated by blank lines. A short line without
closing punctuation between paragraphs is a subheading; it stays in the text
as its own paragraph, and ``paragraphs`` tells the two apart.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

from reader.dates import out_of_range
from reader.model import ArticleIn

SUFFIXES = {".txt", ".md", ".text", ".markdown"}
MAX_BYTES = 5_000_000  # default cap on an article file's size ([settings] max_file_mb)
# Byte order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_HEADER = re.compile(r"^(date|source|url|link|author|title)\s*:\s*(.*)$", re.I)
_CLOSING = tuple(".!?:;…\"”’)»'")


class ArticleFileError(ValueError):
    """A file that cannot be read as an article; the message names it."""


def is_subheading(line: str) -> bool:
    """A short single line that does not end like a sentence."""
    line = line.strip()
    return 0 < len(line) <= 90 and "\n" not in line and not line.endswith(_CLOSING)


def paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_heading) of each paragraph of an article's text."""
    out = []
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        block = match.group(0)
        if not block.strip():
            continue
        out.append((match.start(), match.end(), is_subheading(block)))
    return out


def parse_date(value: str) -> datetime:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time(12))
        except ValueError:
            raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None
    if parsed.tzinfo is None:
        # A bare date means that day; noon UTC keeps it on that day in every
        # timezone a reader is likely to be in.
        if parsed.time() == time(0):
            parsed = parsed.replace(hour=12)
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        parsed = parsed.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(f"not a date: {value!r} (out of range)") from None
    problem = out_of_range(parsed)
    if problem:
        raise ValueError(f"{problem}; give the real publication date")
    return parsed


@dataclass
class ParsedText:
    title: str
    text: str
    headers: dict[str, str]


def parse_article_text(raw: str) -> ParsedText:
    from reader.ingest.clean import clean_text

    raw = clean_text(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    lines = raw.split("\n")
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    # Header block: consecutive "Key: value" lines ended by a blank line.
    probe = index
    found: dict[str, str] = {}
    while probe < len(lines) and lines[probe].strip():
        match = _HEADER.match(lines[probe].strip())
        if not match:
            break
        found[match.group(1).lower()] = match.group(2).strip()
        probe += 1
    if found and (probe >= len(lines) or not lines[probe].strip()):
        headers = dict(found)
        index = probe
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        raise ValueError("empty: no title or text")
    title = headers.pop("title", "") or lines[index].strip()
    if "title" not in found:
        index += 1
    body = "\n".join(lines[index:])
    blocks = [" ".join(part.split()) for part in re.split(r"\n\s*\n", body)]
    text = "\n\n".join(b for b in blocks if b)
    if "link" in headers and "url" not in headers:
        headers["url"] = headers.pop("link")
    return ParsedText(title=" ".join(title.split()), text=text, headers=headers)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; raises ArticleFileError naming the file.

    Only regular files are read: /dev/zero would never end and a FIFO would
    block forever on open, so the file is stat'ed first, opened without
    blocking (a FIFO swapped in after the stat cannot hang the open) and
    checked again on the open descriptor; the read stops one byte past the cap.
    """
    def refuse(mode: int) -> ArticleFileError:
        return ArticleFileError(f"{path}: {_kind(mode)}, not a regular file; only regular files are read")

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(info.st_mode)
        if info.st_size > max_bytes:
            raise ArticleFileError(f"{path}: too large ({info.st_size:,} bytes; at most {max_bytes:,})")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise refuse(info.st_mode)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ArticleFileError(f"{path}: too large (more than {max_bytes:,} bytes)")
    return data


def decode_text(path: Path, data: bytes) -> str:
    """Text of an article file: UTF-8, or UTF-8/16/32 with a byte order mark; binary refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                name = encoding.upper().replace("-LE", "").replace("-BE", "")
                raise ArticleFileError(f"{path}: not {name} text despite its byte order mark "
                                       f"(bad data at offset {exc.start + len(bom)})") from None
            if "\0" in text[:8192]:
                raise ArticleFileError(f"{path}: binary file, not an article")
            return text
    if b"\0" in data[:8192]:
        raise ArticleFileError(f"{path}: binary file, not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None


def file_key(path: Path) -> str:
    """The key of an article file without a URL: its resolved path as a file:// URI,
    so two files of one name in different folders are two articles, and the
    same file reached through a link or a relative path is one."""
    return path.resolve().as_uri()


def read_article_file(path: Path, default_date: date | None = None, *, max_bytes: int = MAX_BYTES,
                      notes: list[str] | None = None) -> ArticleIn:
    """Parse one article file; raises ArticleFileError naming the file.

    What was changed to store it (a file time out of range) is added to ``notes``."""
    from reader.ingest.clean import clean_line, safe_url

    raw = decode_text(path, read_bytes(path, max_bytes))
    try:
        parsed = parse_article_text(raw)
    except ValueError as exc:
        raise ArticleFileError(f"{path}: {exc}") from None
    guess = False
    if "date" in parsed.headers:
        try:
            published = parse_date(parsed.headers["date"])
        except ValueError as exc:
            raise ArticleFileError(f"{path}: Date header: {exc}") from None
    elif default_date is not None:
        published = datetime.combine(default_date, time(12), tzinfo=timezone.utc)
        problem = out_of_range(published)
        if problem:
            raise ArticleFileError(f"{path}: --date: {problem}")
    else:
        now = datetime.now(timezone.utc)
        try:
            published = datetime.fromtimestamp(os.stat(path).st_mtime, tz=timezone.utc)
        except (OSError, OverflowError, ValueError):
            published = now
        problem = out_of_range(published, now)
        if problem:
            published = now  # a file time from a broken clock: the time it came in, still a guess
            if notes is not None:
                notes.append(f"its file time {problem}; dated now, as a guess")
        guess = True
    url = safe_url(parsed.headers.get("url", ""))
    # Key: the URL when there is one, else the file's resolved path, so
    # re-ingesting an edited file updates it instead of storing a second copy.
    key = url or file_key(path)
    return ArticleIn(
        key=key,
        title=clean_line(parsed.title),
        text=parsed.text,
        url=url,
        author=clean_line(parsed.headers.get("author", "")),
        published=published,
        date_is_guess=guess,
        source=clean_line(parsed.headers.get("source", "")),
    )


def article_files(path: Path, errors: list[str] | None = None) -> list[Path]:
    """The article files at a path: the file itself, or a folder's files (by suffix), sorted.

    Folders are walked without following links to folders (so a link loop
    cannot hang the walk; a folder reached twice is read once); links to files
    are listed and read as the file they point to. Whether an entry is a
    regular file is checked when it is read (read_bytes), so a FIFO named
    x.txt is reported instead of skipped. A folder that cannot be read is
    added to ``errors``.
    """
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            if errors is not None:
                errors.append(f"{folder}: cannot read this folder: {exc.strerror or exc}")
            continue
        for entry in listed:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                stack.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in SUFFIXES and not _is_link_to_folder(entry):
                found.append(Path(entry.path))
    return sorted(found)


def _is_link_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False

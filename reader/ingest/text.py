"""Plain-text article files (.txt, .md) in the seed article's format.

Optional header lines (``Date:``, ``Source:``, ``URL:``, ``Author:``, ``Title:``)
come first, ended by a blank line. Then the first non-empty line is the
title and paragraphs are separated by blank lines. A short line without
closing punctuation between paragraphs is a subheading; it stays in the text
as its own paragraph, and ``paragraphs`` tells the two apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

from reader.model import ArticleIn

SUFFIXES = {".txt", ".md", ".text", ".markdown"}
MAX_BYTES = 5_000_000
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
    return parsed.astimezone(timezone.utc)


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


def read_article_file(path: Path, default_date: date | None = None) -> ArticleIn:
    """Parse one article file; raises ArticleFileError naming the file."""
    from reader.ingest.clean import clean_line, safe_url

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ArticleFileError(f"{path}: too large ({len(data):,} bytes; at most {MAX_BYTES:,})")
    if b"\0" in data[:8192]:
        raise ArticleFileError(f"{path}: binary file, not an article")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
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
    else:
        published = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        guess = True
    url = safe_url(parsed.headers.get("url", ""))
    # Key: the URL when there is one, else the file's name, so re-ingesting
    # an edited file updates it instead of storing a second copy.
    key = url or "file:" + path.name
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


def article_files(path: Path) -> list[Path]:
    """The article files at a path: the file itself, or a folder's files, sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [path]

"""Feed bytes -> ParsedFeed of clean ArticleIn, bounded in time and memory.

feedparser only ever gets bytes (wrapped in BytesIO, since a bare bytes
object that happens to name a file would be opened as one). Before it sees
them, the document is decoded to UTF-8 and every DOCTYPE and ENTITY
declaration in the prolog is removed: feedparser's loose parser otherwise
expands "safe" internal entities without limit (a 160 KB feed can take
100 s and 6 GB), and with no DTD there is nothing external to resolve.

The parse itself runs in a worker process (see _parse_worker.py) with a
wall-clock timeout and an address-space limit; a worker that overruns is
killed and replaced. Workers are kept and reused, so the cost is one
interpreter start per worker, not per feed. If no worker can be started
the parse runs in-process (the declarations are still neutralised and the
input still capped) and says so in the warnings.
"""

from __future__ import annotations

import atexit
import calendar
import hashlib
import io
import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from reader.model import ArticleIn, Document, Enclosure

from .clean import (MAX_AUTHOR, MAX_KEY, MAX_TEXT, MAX_TITLE, clean_line,
                    clean_text, safe_url)
from .html import clip_document, html_to_document, html_to_text, strip_document
from .parse_pool import _ParseTimeout, _Pool, _WorkerDied, _WorkerUnavailable, _one_line

MAX_FEED_BYTES = 20_000_000  # refused before parsing
MAX_ITEMS = 1_000  # entries kept per feed, in document order
MAX_HTML_CHARS = 2_000_000  # HTML cut to this before conversion to text
PARSE_TIMEOUT = 20.0  # seconds per feed, in the worker
MIN_DATE = datetime(1990, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)


@dataclass
class ParsedFeed:
    """The outcome of parsing one feed document.

    error is set (and entries empty) when the document yields nothing
    usable: "no entries", undecodable, too large, timed out... A feed that
    parsed with complaints but has entries carries them in warnings.
    """

    title: str
    link: str
    entries: list[ArticleIn] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


# -- neutralising declarations ---------------------------------------------


def _skip_quoted_or_comment(data: bytes, i: int) -> int:
    """If data[i] opens a quoted string or comment, return the index after it."""
    c = data[i : i + 1]
    if c in (b'"', b"'"):
        j = data.find(c, i + 1)
        return len(data) if j < 0 else j + 1
    if data.startswith(b"<!--", i):
        j = data.find(b"-->", i + 4)
        return len(data) if j < 0 else j + 3
    return i


def strip_declarations(data: bytes) -> tuple[bytes, int]:
    """Remove DOCTYPE and ENTITY declarations from the prolog of a UTF-8 document.

    Returns the new bytes and how many declarations were removed. Linear:
    one scan that skips the XML declaration, processing instructions,
    comments and whitespace, removing each DOCTYPE (with its internal
    subset, aware of quotes and comments) or stray ENTITY until the first
    element. An unterminated DOCTYPE swallows the rest of the document,
    which then fails to parse with a reason.
    """
    out = []
    i = 0
    n = len(data)
    removed = 0
    last = 0
    if data.startswith(b"\xef\xbb\xbf"):
        i = 3
    while i < n:
        while i < n and data[i] in b" \t\r\n":
            i += 1
        if data.startswith(b"<?", i):
            j = data.find(b"?>", i + 2)
            i = n if j < 0 else j + 2
            continue
        if data.startswith(b"<!--", i):
            j = data.find(b"-->", i + 4)
            i = n if j < 0 else j + 3
            continue
        head = data[i : i + 9].upper()
        if head.startswith(b"<!DOCTYPE") or head.startswith(b"<!ENTITY"):
            start = i
            i += 2
            depth = 0  # inside the internal subset [...]
            while i < n:
                j = _skip_quoted_or_comment(data, i)
                if j != i:
                    i = j
                    continue
                c = data[i]
                if c == 0x5B:  # [
                    depth += 1
                elif c == 0x5D:  # ]
                    depth = max(0, depth - 1)
                elif c == 0x3E and depth == 0:  # >
                    i += 1
                    break
                i += 1
            out.append(data[last:start])
            last = i
            removed += 1
            continue
        break
    if not removed:
        return data, 0
    out.append(data[last:])
    return b"".join(out), removed


# -- the parse proper (runs in the worker) ----------------------------------

_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)


def _is_utf8(body: bytes) -> bool:
    """True for valid UTF-8 that is not plain ASCII and not UTF-16/32 in disguise."""
    if body[:3] == b"\xef\xbb\xbf":
        return True
    if b"\x00" in body[:4096] or body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(content_type: str | None, body: bytes) -> str:
    m = _CHARSET.search(content_type or "")
    if m:
        return m.group(1).lower()
    m = _XML_ENCODING.match(body.lstrip(b"\xef\xbb\xbf")[:200])
    return m.group(1).decode("ascii").lower() if m else ""



def _struct_to_dt(t) -> datetime | None:
    if not t:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(tuple(t)[:9]), timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _entry_text(entry) -> str:
    """The fullest text of an entry: content, else summary, else description."""
    return _entry_document(entry, "").text


def _entry_document(entry, base: str) -> Document:
    """The fullest text of an entry with its structure: content, else summary, else description.

    Relative links and images resolve against the content's xml:base, else ``base``.
    """
    best = None
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        if best is None or len(value) > len(best.get("value") or ""):
            best = c
    if best is None or not (best.get("value") or "").strip():
        detail = entry.get("summary_detail") or {}
        best = {"value": entry.get("summary") or "", "type": detail.get("type", "text/html")}
    value = (best.get("value") or "")[:MAX_HTML_CHARS]
    ctype = (best.get("type") or "text/html").lower()
    if ctype == "text/plain":
        return Document(clean_text(value, MAX_TEXT).strip())
    own_base = best.get("base") or ""
    # xml:base where it is on the item link's host: feedparser carries one entry's
    # xml:base over to the entries after it, so one naming another host is not trusted.
    parts = urlsplit(own_base)
    if parts.scheme.lower() not in ("http", "https") or (base and parts.hostname != urlsplit(base).hostname):
        own_base = base
    doc = clip_document(html_to_document(value, own_base), MAX_TEXT)
    return strip_document(doc)


def _duration(value) -> int | None:
    """Seconds from "3600", "1:02:03", "62:03" or "1:02:03.5"; None when unreadable."""
    if value is None:
        return None
    raw = str(value).strip()
    if not raw or len(raw) > 20:
        return None
    try:
        parts = [float(p) for p in raw.split(":")]
    except ValueError:
        return None
    if len(parts) > 3 or any(p < 0 for p in parts):
        return None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return int(seconds) if seconds < 10**7 else None


def _length(value) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 10**13 else None


def _entry_enclosures(entry, base: str) -> list[Enclosure]:
    """RSS <enclosure>, Atom link rel=enclosure and Media RSS content of an entry, once per URL."""
    found: list[Enclosure] = []
    seen: set[str] = set()
    duration = _duration(entry.get("itunes_duration"))

    def add(url, type_, length, dur, title="") -> None:
        url = safe_url(urljoin(base, url) if base and url else (url or ""))
        if not url or url in seen or urlsplit(url).scheme == "mailto" or len(found) >= 50:
            return
        seen.add(url)
        found.append(Enclosure(url=url, type=clean_line(type_ or "", 100), length=_length(length),
                               duration=dur, title=clean_line(title or "", 300)))

    for e in entry.get("enclosures") or []:
        add(e.get("href") or e.get("url"), e.get("type"), e.get("length"), duration)
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure":
            add(link.get("href"), link.get("type"), link.get("length"), duration, link.get("title"))
    for m in entry.get("media_content") or []:
        dur = _duration(m.get("duration"))
        add(m.get("url"), m.get("type"), m.get("filesize") or m.get("fileSize"),
            dur if dur is not None else duration)
    return found


def _title_text(entry_or_feed) -> str:
    raw = entry_or_feed.get("title") or ""
    detail = entry_or_feed.get("title_detail") or {}
    if (detail.get("type") or "").lower() in ("text/html", "application/xhtml+xml"):
        raw = html_to_text(raw[: MAX_TITLE * 8])
    return clean_line(raw, MAX_TITLE)


def _fallback_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0] if text else ""
    first = clean_line(first, 200)
    if len(first) > 80:
        first = first[:80].rsplit(" ", 1)[0] + "…"
    return first or "(untitled)"


def _make_key(entry, title: str, text: str) -> str:
    key = clean_line(entry.get("id") or entry.get("guid") or "", MAX_KEY * 4)
    if not key:
        key = clean_line(entry.get("link") or "", MAX_KEY * 4)
    if not key:
        # The raw date string, not a parsed or guessed date: a guess changes
        # with each fetch and the key must not.
        raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
        digest = hashlib.sha1(
            "\n".join((title, clean_line(str(raw_date), 200), text)).encode("utf-8", "replace")
        ).hexdigest()
        return "sha1:" + digest
    if len(key) > MAX_KEY:
        return "sha1:" + hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()
    return key


def _date(entry, fetched_at: datetime) -> tuple[datetime, bool]:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: FeedParserDict.get("updated_parsed") answers with published_parsed (and
        # a DeprecationWarning) when there is no updated date; that one was tried just before.
        dt = _struct_to_dt(dict.get(entry, name))
        if dt is None:
            continue
        if dt < MIN_DATE or dt > fetched_at + FUTURE_SLACK:
            return fetched_at, True
        return dt, False
    return fetched_at, True


_BUFFERED_EXPAT = "reader.ingest._expat"


def _tune_feedparser() -> None:
    """Two speed-ups of feedparser that leave its results unchanged (idempotent)."""
    import feedparser.api
    import feedparser.mixin

    if feedparser.api.PREFERRED_XML_PARSERS[:1] != [_BUFFERED_EXPAT]:
        # expat with buffered character data: same text, far fewer callbacks
        feedparser.api.PREFERRED_XML_PARSERS.insert(0, _BUFFERED_EXPAT)
    # feedparser maps C1 code points to their windows-1252 characters with
    # output.translate(dict) on every element's text; a dict miss costs an
    # exception per character. A str table indexed by code point does the
    # same mapping (a code point past its end raises IndexError, a
    # LookupError, so it is left as is, as a dict miss is) at half the cost.
    # Built from feedparser's own dict, and only if it is what we expect.
    table = getattr(feedparser.mixin, "_cp1252", None)
    if isinstance(table, dict) and all(
        isinstance(k, int) and 0x80 <= k < 0xA0 and isinstance(v, str) for k, v in table.items()
    ):
        feedparser.mixin._cp1252 = "".join(table.get(c, chr(c)) for c in range(0xA0))


def parse_inline(body: bytes, url: str, fetched_at: datetime,
                 content_type: str | None = None, *, fast: bool = True) -> ParsedFeed:
    """Parse in this process. Prefer parse_feed, which bounds time and memory.

    Plain RSS 2.0 goes through fastrss (same result, a fraction of the time);
    everything else, or everything with fast=False, through feedparser.
    """
    import feedparser  # imported lazily: the worker and tests pay for it, not the app
    from feedparser.encodings import convert_to_utf8

    from . import fastrss

    _tune_feedparser()

    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=timezone.utc)
    fetched_at = fetched_at.astimezone(timezone.utc)
    if not body:
        return ParsedFeed("", "", error="empty document")
    if len(body) > MAX_FEED_BYTES:
        return ParsedFeed("", "", error=f"document larger than {MAX_FEED_BYTES:,} bytes")

    warnings: list[str] = []
    headers = {"content-type": content_type} if content_type else {}
    if _is_utf8(body):
        # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the server or
        # the XML declaration claim (a charset=iso-8859-1 header on a UTF-8
        # feed is a common misconfiguration, and a lie must not turn a feed
        # into mojibake or into nothing).
        declared = _declared_charset(content_type, body)
        if declared and declared.replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
            warnings.append(f"declared as {declared}, but is UTF-8; read as UTF-8")
        headers = {"content-type": "application/xml; charset=utf-8"}
    info: dict = {}
    try:
        data = convert_to_utf8(headers, body, info)
    except MemoryError:
        raise  # the worker exits and reports it; never a misleading reason
    except Exception as e:  # noqa: BLE001 - feedparser internals on hostile bytes
        return ParsedFeed("", "", error=f"cannot decode the document: {_one_line(e)}")
    if not info.get("encoding"):
        return ParsedFeed("", "", error="cannot decode the document: unknown character encoding")
    if info.get("bozo_exception") is not None and type(info["bozo_exception"]).__name__ == "CharacterEncodingOverride":
        warnings.append(_one_line(info["bozo_exception"]))
    data, removed = strip_declarations(data)
    if removed:
        warnings.append(f"ignored {removed} DOCTYPE/ENTITY declaration(s)")

    base = url if urlsplit(url).scheme.lower() in ("http", "https") else ""
    # No content-location: feedparser would resolve relative guids against
    # it, and a key must not change when the feed moves. Links are resolved
    # against the URL below, by us.
    response_headers = {"content-type": "application/xml; charset=utf-8"}
    try:
        d = fastrss.parse(data) if fast else None
        if d is None:
            d = feedparser.parse(io.BytesIO(data), response_headers=response_headers,
                                 sanitize_html=False, resolve_relative_uris=False)
    except MemoryError:
        raise  # the worker exits and reports it; never a misleading reason
    except Exception as e:  # noqa: BLE001 - never let a feed crash the refresh
        return ParsedFeed("", "", error=f"parser failed: {_one_line(e)}")

    feed = d.get("feed") or {}
    title = _title_text(feed)
    raw_link = feed.get("link") or ""
    link = safe_url(urljoin(base, raw_link) if base and raw_link else raw_link)
    source = title or (urlsplit(url).hostname or "") or Path(url).name
    bozo = d.get("bozo_exception") if d.get("bozo") else None

    raw_entries = d.get("entries") or []
    if not raw_entries:
        reason = "no entries"
        if bozo is not None:
            reason += f" (not a valid feed: {_one_line(bozo)})"
        return ParsedFeed(title, link, error=reason, warnings=warnings)
    if bozo is not None:
        warnings.append(f"feed is not well-formed: {_one_line(bozo)}")

    entries: list[ArticleIn] = []
    seen: set[str] = set()
    duplicates = 0
    for entry in raw_entries:
        if len(entries) >= MAX_ITEMS:
            warnings.append(f"kept the first {MAX_ITEMS} of {len(raw_entries)} entries")
            break
        try:
            raw_link = entry.get("link") or ""
            if entry.get("guidislink") and raw_link == entry.get("id"):
                # feedparser copied the guid into link; a guid is only a
                # link if it is a full URL on its own.
                eurl = safe_url(raw_link) if "://" in raw_link else ""
            else:
                eurl = safe_url(urljoin(base, raw_link) if base and raw_link else raw_link)
            doc = _entry_document(entry, eurl or base)
            text = doc.text
            etitle = _title_text(entry) or _fallback_title(text)
            key = _make_key(entry, etitle, text)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            published, guess = _date(entry, fetched_at)
            entries.append(ArticleIn(
                key=key,
                title=etitle,
                text=text,
                url=eurl,
                author=clean_line(entry.get("author") or "", MAX_AUTHOR),
                published=published,
                date_is_guess=guess,
                source=source,
                document=None if doc.is_plain() else doc,
                enclosures=_entry_enclosures(entry, eurl or base),
            ))
        except MemoryError:
            raise  # the worker exits and reports it; never a misleading reason
        except Exception as e:  # noqa: BLE001 - one odd entry never sinks the feed
            warnings.append(f"skipped an entry: {_one_line(e)}")
    if bozo is not None and entries and len(entries) == len(raw_entries) and _ends_inside_an_entry(data):
        # A document cut off inside its last item (a dropped connection, a full disk on the
        # server): that item is what was read of it, its guid and date perhaps not among it,
        # so it would be stored under a made-up key and date, and again in full next time.
        entries.pop()
        warnings.append("the document ends inside its last entry (cut off?); that entry was left out")
    if duplicates:
        warnings.append(f"{duplicates} duplicate entr{'y' if duplicates == 1 else 'ies'} stored once")
    if not entries:
        return ParsedFeed(title, link, error="no usable entries", warnings=warnings)
    return ParsedFeed(title, link, entries, None, warnings)


_ENTRY_OPEN = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")
_ENTRY_CLOSE = re.compile(rb"</(?:[A-Za-z][\w.-]*:)?(?:item|entry)\s*>")


def _ends_inside_an_entry(data: bytes) -> bool:
    """Whether the last <item> or <entry> of the document is never closed."""
    last_open = last_close = -1
    for m in _ENTRY_OPEN.finditer(data):
        last_open = m.start()
    if last_open < 0:
        return False
    for m in _ENTRY_CLOSE.finditer(data, last_open):
        last_close = m.start()
    return last_close < 0 and not data[last_open:].rstrip().endswith(b"/>")


# -- transport between parent and worker ------------------------------------


def _to_json(p: ParsedFeed) -> bytes:
    return json.dumps({
        "title": p.title, "link": p.link, "error": p.error, "warnings": p.warnings,
        "entries": [
            [a.key, a.title, a.text, a.url, a.author,
             a.published.isoformat() if a.published else None, a.date_is_guess, a.source,
             a.document.structure_json() if a.document is not None else None,
             [[e.url, e.type, e.length, e.duration, e.title] for e in a.enclosures]]
            for a in p.entries
        ],
    }, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _from_json(raw: bytes) -> ParsedFeed:
    d = json.loads(raw.decode("utf-8"))
    entries = [
        ArticleIn(key=e[0], title=e[1], text=e[2], url=e[3], author=e[4],
                  published=datetime.fromisoformat(e[5]) if e[5] else None,
                  date_is_guess=bool(e[6]), source=e[7],
                  document=Document.from_structure_json(e[2], e[8]) if e[8] else None,
                  enclosures=[Enclosure(*x) for x in e[9]])
        for e in d["entries"]
    ]
    return ParsedFeed(d["title"], d["link"], entries, d["error"], list(d["warnings"]))


_POOL = _Pool()
atexit.register(_POOL.close)


def prestart_workers(n: int) -> None:
    """Start parse workers for n feeds about to be parsed (at most one per core)."""
    _POOL.prestart(n)


def parse_feed(body: bytes, url: str, fetched_at: datetime, *,
               content_type: str | None = None,
               timeout: float = PARSE_TIMEOUT) -> ParsedFeed:
    """Parse feed bytes into clean entries, in a worker bounded by `timeout`.

    Never raises for bad input: every failure is a ParsedFeed with error set.
    url is where the bytes came from (used to resolve relative links and as
    the source name when the feed has no title); content_type is the HTTP
    Content-Type, if any, for the charset.
    """
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError("parse_feed takes the document as bytes")
    body = bytes(body)
    if not body:
        return ParsedFeed("", "", error="empty document")
    if len(body) > MAX_FEED_BYTES:
        return ParsedFeed("", "", error=f"document larger than {MAX_FEED_BYTES:,} bytes")
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=timezone.utc)
    header = {"url": url, "fetched_at": fetched_at.isoformat(), "content_type": content_type}
    if _POOL.broken is None:
        worker = None
        try:
            worker = _POOL.acquire()
            raw = worker.call(header, body, timeout)
        except (OSError, _WorkerUnavailable) as e:
            _POOL.broken = _one_line(e)
        except _ParseTimeout:
            return ParsedFeed("", "", error=f"parsing took longer than {timeout:g} s; gave up")
        except _WorkerDied:
            try:  # it is exiting on its own: let it say why before we kill it
                worker.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            worker.kill()
            code = worker.proc.returncode
            why = "ran out of memory" if code == 3 else f"crashed (exit status {code})"
            return ParsedFeed("", "", error=f"the parser {why} on this document")
        else:
            try:
                return _from_json(raw)
            except (ValueError, KeyError, IndexError, TypeError) as e:
                return ParsedFeed("", "", error=f"bad answer from the parse worker: {_one_line(e)}")
        finally:
            if worker is not None:
                _POOL.release(worker)  # frees its slot; a killed worker is not kept
    # No worker process can run here: parse in-process. Declarations are
    # still neutralised and sizes capped, but there is no time bound.
    try:
        parsed = parse_inline(body, url, fetched_at, content_type)
    except MemoryError:
        return ParsedFeed("", "", error="the parser ran out of memory on this document")
    parsed.warnings.append(f"parsed without a worker process ({_POOL.broken})")
    return parsed


EXTRACT_TIMEOUT = 20.0  # seconds to extract one page's main text, in the worker


def extract_page(body: bytes, url: str, *, timeout: float = EXTRACT_TIMEOUT) -> tuple[Document | None, str]:
    """A fetched page's main text, extracted in a parse worker bounded in time and memory.

    Returns (document, "") or (None, reason). Never raises for bad input.
    """
    from .extract import ExtractError, extract_document

    header = {"op": "extract", "url": url}
    if _POOL.broken is None:
        worker = None
        try:
            worker = _POOL.acquire()
            raw = worker.call(header, bytes(body), timeout)
        except (OSError, _WorkerUnavailable) as e:
            _POOL.broken = _one_line(e)
        except _ParseTimeout:
            return None, f"reading the page took longer than {timeout:g} s; gave up"
        except _WorkerDied:
            try:
                worker.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            worker.kill()
            code = worker.proc.returncode
            return None, ("the extractor ran out of memory on this page" if code == 3
                          else f"the extractor crashed (exit status {code})")
        else:
            try:
                answer = json.loads(raw.decode("utf-8"))
                if answer.get("error"):
                    return None, str(answer["error"])
                return Document.from_structure_json(answer["text"], answer["structure"]), ""
            except (ValueError, KeyError, IndexError, TypeError) as e:
                return None, f"bad answer from the parse worker: {_one_line(e)}"
        finally:
            if worker is not None:
                _POOL.release(worker)
    try:  # no worker process can run here: in-process, without a time bound
        return extract_document(body, url), ""
    except ExtractError as e:
        return None, str(e)
    except Exception as e:  # noqa: BLE001
        return None, f"the page could not be read ({type(e).__name__})"

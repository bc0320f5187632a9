"""Fetching a feed over HTTP(S), or from a local file the config names.

Our own fetcher, not feedparser's: feedparser's has no timeout and no size
limit. Every fetch is bounded:

- connect timeout, read timeout (per wait for data) and a total deadline,
  which a watchdog enforces (connect.py).
- a cap on the bytes received and on the bytes after decompression; gzip
  and deflate are decoded here, incrementally, so a gzip bomb stops at the
  cap instead of filling memory.
- a redirect limit; redirects go to http and https only, never to file://.
- credentials: a URL's user:password@ (or the auth the caller passes) is
  sent as HTTP Basic auth to the feed's own origin (scheme, host, port) and
  to no other host a redirect leads to; a password never appears in a
  result or a message.

Connections, the address policy for redirects (a public feed cannot bounce
reader to this machine or the local network, nor any feed to a link-local
address), proxies and TLS are in reader/ingest/connect.py.

fetch() never raises for network faults or bad input: they become the
one-line `error` of the result, naming the URL.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import re
import socket
import stat
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from reader.ingest.connect import (PRIVATE, USER_AGENT, Limits, _check_time, _clean_reason, _connect, _describe,
                                   _Fault, _Hop, _proxy_for, _Watchdog, _within, origin)
from reader.urls import credentials, redact, strip_password, strip_userinfo

__all__ = ["ACCEPT", "USER_AGENT", "FetchResult", "Limits", "fetch"]
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_CHUNK = 64 * 1024
_MAX_RETRY_AFTER = 7 * 24 * 3600.0


@dataclass
class FetchResult:
    """What a fetch produced. Exactly one of body, not_modified, error is set
    in practice (error may accompany gone or retry_after).

    url is the URL asked for; final_url the one the body came from after
    redirects (use it to resolve relative links). new_url is set when every
    redirect up to some point was permanent (301/308): it is the last
    permanent target, which the caller should store as the feed's URL.
    """

    url: str
    status: int | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    new_url: str | None = None
    gone: bool = False
    retry_after: float | None = None
    error: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    max_age: float | None = None  # seconds of Cache-Control: max-age (see ingest/schedule.py)


class _Decoder:
    """Incremental gzip/deflate/identity decoding with an output cap."""

    def __init__(self, encoding: str, cap: int):
        self.encoding = encoding
        self.cap = cap
        self.out = bytearray()
        self._first = True
        if encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = None  # zlib or raw deflate: decided on the first bytes
        elif encoding in ("", "identity"):
            self._d = None
        else:
            raise _Fault(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes) -> None:
        if self.encoding in ("", "identity"):
            self._append(data)
            return
        if self._d is None:  # deflate: servers send zlib-wrapped or raw
            wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        try:
            while data:
                if self._d.eof:
                    break  # trailing garbage after the stream: ignore
                room = self.cap - len(self.out) + 1
                chunk = self._d.decompress(data, room)
                self._append(chunk)
                data = self._d.unconsumed_tail
        except zlib.error:
            raise _Fault(f"the body is declared {self.encoding} but is not valid {self.encoding} data") from None

    def finish(self) -> bytes:
        if self._d is not None and not self._d.eof and self.encoding != "deflate":
            raise _Fault(f"the {self.encoding} body ends early")
        if self._d is not None:
            try:
                self._append(self._d.flush())
            except zlib.error:
                raise _Fault(f"the body is declared {self.encoding} but is not valid") from None
        return bytes(self.out)

    def _append(self, chunk: bytes) -> None:
        self.out += chunk
        if len(self.out) > self.cap:
            raise _Fault(f"the decompressed body exceeds {self.cap:,} bytes")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        secs = (when - datetime.now(timezone.utc)).total_seconds()
    if secs != secs:  # NaN
        return None
    return min(max(0.0, secs), _MAX_RETRY_AFTER)


def _header_value(v: str | None) -> str | None:
    """Keep a stored validator only if it is safe to send back."""
    if not v:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in v) or len(v) > 1024:
        return None
    try:
        v.encode("latin-1")
    except UnicodeEncodeError:
        return None
    return v


def _short_header(v: str | None, limit: int = 1024) -> str | None:
    if v is None:
        return None
    v = v.strip()
    if not v or len(v) > limit or any(ord(c) < 32 or ord(c) == 127 for c in v):
        return None
    return v


def _fetch_file(url: str, limits: Limits) -> FetchResult:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        if parts.netloc not in ("", "localhost"):
            return FetchResult(url, error=f"{url}: file URLs must name a local file")
        path = Path(url2pathname(parts.path))
    else:
        path = Path(os.path.expanduser(url))
    try:
        # Only regular files: a FIFO or a device (/dev/zero, /dev/stdin)
        # would block or never end.
        if not stat.S_ISREG(os.stat(path).st_mode):
            if path.is_dir():
                return FetchResult(url, error=f"{url}: is a folder, not a feed file")
            return FetchResult(url, error=f"{url}: not a regular file")
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limits.max_bytes:
                return FetchResult(url, error=f"{url}: file is larger than {limits.max_bytes:,} bytes")
            body = f.read(limits.max_bytes + 1)
    except FileNotFoundError:
        return FetchResult(url, error=f"{url}: no such file")
    except IsADirectoryError:
        return FetchResult(url, error=f"{url}: is a folder, not a feed file")
    except PermissionError:
        return FetchResult(url, error=f"{url}: permission denied")
    except OSError as e:
        return FetchResult(url, error=f"{url}: cannot read: {_describe(e)}")
    if len(body) > limits.max_bytes:
        return FetchResult(url, error=f"{url}: file is larger than {limits.max_bytes:,} bytes")
    return FetchResult(url, status=None, body=body, final_url=path.resolve().as_uri())


def _is_local(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    # "C:\feeds\x.xml" parses with scheme "c": a one-letter scheme is a drive.
    return scheme == "file" or scheme == "" or len(scheme) == 1


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = Limits(),
    allow_file: bool = False,
    cancel: threading.Event | None = None,
    auth: tuple[str, str] | None = None,
) -> FetchResult:
    """Fetch a feed body within `limits`; never raises for network faults.

    Sends If-None-Match / If-Modified-Since from etag / last_modified, a
    User-Agent and Accept-Encoding gzip, deflate. Local paths and file://
    URLs are read only when allow_file is true (the config named a local
    file). Redirects are followed up to limits.max_redirects, to http and
    https only. 304 gives not_modified (an error if nothing conditional was
    sent); 410 gives gone; 429 and 503 give retry_after; other non-2xx
    statuses are errors. Setting `cancel` aborts the fetch promptly.
    `auth` (user, password), or the URL's own user:password@, is sent as
    HTTP Basic auth to the URL's origin only; no message shows the password.
    """
    url = (url or "").strip()
    if auth is None:
        user, password = credentials(url)
        if user is not None:
            auth = (user, password or "")
    url = strip_password(url)
    if not url:
        return FetchResult(url, error="empty feed URL")
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as e:
        return FetchResult(url, error=f"{url}: not a valid URL ({e})")
    if _is_local(url):
        if not allow_file:
            return FetchResult(url, error=f"{url}: local files are only read when the config names them")
        return _fetch_file(url, limits)
    if scheme not in ("http", "https"):
        return FetchResult(url, error=f"{url}: unsupported URL scheme {scheme!r} (only http and https)")

    deadline_at = time.monotonic() + limits.deadline
    wd = _Watchdog(deadline_at, cancel)
    try:
        return _fetch_http(url, etag, last_modified, limits, deadline_at, wd, auth)
    finally:
        wd.stop()


def _basic(auth: tuple[str, str]) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")


def _fetch_http(url: str, etag: str | None, last_modified: str | None, limits: Limits,
                deadline_at: float, wd: _Watchdog, auth: tuple[str, str] | None = None) -> FetchResult:
    etag = _header_value(etag)
    last_modified = _header_value(last_modified)
    conditional = bool(etag or last_modified)
    current = url
    new_url: str | None = None
    permanent_so_far = True
    redirects = 0
    seen = {url}
    home = origin(url)
    hop = _Hop()
    trust: int | None = None
    while True:
        authorization = _basic(auth) if auth is not None and origin(current) == home else None
        try:
            status, reason, headers, body = _one_request(
                current, etag, last_modified, limits, deadline_at, wd, authorization, hop)
        except _Fault as f:
            return FetchResult(url, error=redact(f"{current}: {f}"), final_url=current)
        except (OSError, http.client.HTTPException, ValueError) as e:
            try:
                _check_time(deadline_at, limits, wd)
                why = _describe(e)
            except _Fault as f:
                why = str(f)
            return FetchResult(url, error=redact(f"{current}: {why}"), final_url=current)
        # The least private address used so far bounds where a redirect may go.
        hop_rank = PRIVATE if hop.rank is None else hop.rank
        trust = hop_rank if trust is None else min(trust, hop_rank)

        if status in (301, 302, 303, 307, 308):
            location = _short_header(headers.get("location"), 4096)
            if not location:
                return FetchResult(url, status=status, final_url=current,
                                   error=f"{current}: redirect ({status}) without a Location")
            # Credentials a server writes into a Location are not ours to use or show.
            target = strip_userinfo(urljoin(current, location))
            tscheme = urlsplit(target).scheme.lower()
            if tscheme not in ("http", "https"):
                return FetchResult(url, status=status, final_url=current,
                                   error=f"{current}: refused a redirect to a {tscheme or 'relative'} URL (only http and https)")
            redirects += 1
            if redirects > limits.max_redirects or target in seen:
                what = "a redirect loop" if target in seen else f"more than {limits.max_redirects} redirects"
                return FetchResult(url, status=status, final_url=current, error=f"{url}: {what}")
            seen.add(target)
            redirected_from = current
            if status in (301, 308) and permanent_so_far:
                new_url = target
            else:
                permanent_so_far = False
            current = target
            hop = _Hop(trust=trust, came_from=redirected_from)
            continue
        break

    res = FetchResult(
        url,
        status=status,
        etag=_short_header(headers.get("etag")),
        last_modified=_short_header(headers.get("last-modified")),
        final_url=current,
        content_type=_short_header(headers.get("content-type")),
        max_age=_max_age(headers.get("cache-control")),
    )
    if status == 304:
        if not conditional:
            res.error = f"{current}: answered 304 Not Modified to a request that was not conditional"
            return res
        res.not_modified = True
        # A 304 may omit validators; keep the ones we sent.
        res.etag = res.etag or etag
        res.last_modified = res.last_modified or last_modified
        res.new_url = new_url
        return res
    if status == 410:
        res.gone = True
        res.error = f"{current}: the feed is gone (410 Gone)"
        return res
    if status in (429, 503):
        res.retry_after = _retry_after(headers.get("retry-after"))
        when = f"; retry after {res.retry_after:g} s" if res.retry_after is not None else ""
        res.error = f"{current}: HTTP {status} {_clean_reason(reason)}{when}"
        return res
    if status in (204, 205, 206) or not 200 <= status < 300:
        res.error = f"{current}: HTTP {status} {_clean_reason(reason)}".rstrip()
        return res
    res.body = body
    res.new_url = new_url
    if not body:
        res.body = None
        res.error = f"{current}: empty response"
    return res


def _max_age(value: str | None) -> float | None:
    from reader.ingest.schedule import max_age

    return max_age(value)


_DIGITS = re.compile(r"[0-9]{1,18}")


def _content_length(values: list[str]) -> int | None:
    """The declared body length; _Fault when the header is not one plain number
    (several equal copies, "N, N", are one number, as RFC 9110 allows)."""
    if not values:
        return None
    found = {part.strip() for value in values for part in value.split(",")}
    if len(found) != 1 or not _DIGITS.fullmatch(next(iter(found))):
        shown = _clean_reason(", ".join(values))[:40]
        raise _Fault(f"the server sent an invalid Content-Length ({shown!r})")
    return int(found.pop())


def _one_request(url: str, etag: str | None, last_modified: str | None, limits: Limits,
                 deadline_at: float, wd: _Watchdog, authorization: str | None = None,
                 hop: _Hop | None = None):
    """One HTTP exchange: returns (status, reason, headers, decoded body or b"")."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname
    if not host:
        raise _Fault("the URL names no host")
    try:  # international names go on the wire in their ASCII (IDNA) form
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Fault("the URL's host name is not valid") from None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise _Fault("the URL has an invalid port") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if any(ord(c) <= 32 or ord(c) == 127 for c in path):
        raise _Fault("the URL contains spaces or control characters")

    _check_time(deadline_at, limits, wd)
    proxy = _proxy_for(scheme, host)
    sock = _connect(host, port, scheme == "https", limits, deadline_at, wd, proxy, hop)
    conn_cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    conn = conn_cls(host, port, timeout=limits.read_timeout)
    conn.sock = sock  # connected (and wrapped) by us, under our timeouts
    try:
        if proxy is not None and scheme == "http":
            # Asked of the proxy by absolute URL; Host still names the feed's server.
            name = f"[{host}]" if ":" in host else host
            authority = name if port == 80 else f"{name}:{port}"
            conn.putrequest("GET", f"http://{authority}{path}", skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", authority)
            if proxy.auth:
                conn.putheader("Proxy-Authorization", proxy.auth)
        else:
            conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", ACCEPT)
        conn.putheader("Accept-Encoding", "gzip, deflate")
        if authorization:
            conn.putheader("Authorization", authorization)
        if etag:
            conn.putheader("If-None-Match", etag)
        if last_modified:
            conn.putheader("If-Modified-Since", last_modified)
        conn.putheader("Connection", "close")
        sock.settimeout(_within(limits.read_timeout, deadline_at))
        conn.endheaders()
        resp = conn.getresponse()
        _check_time(deadline_at, limits, wd)
        headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
        if status not in (200, 201, 202, 203):
            return status, resp.reason, headers, b""

        declared = None if resp.chunked else _content_length(resp.headers.get_all("content-length") or [])
        if declared is not None and declared > limits.max_bytes:
            raise _Fault(f"the body is {declared:,} bytes, more than the {limits.max_bytes:,} allowed")
        encoding = (headers.get("content-encoding") or "").strip().lower()
        decoder = _Decoder(encoding, limits.max_decoded_bytes)
        received = 0
        while True:
            _check_time(deadline_at, limits, wd)
            sock.settimeout(_within(limits.read_timeout, deadline_at))
            chunk = resp.read1(_CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > limits.max_bytes:
                raise _Fault(f"the body exceeds {limits.max_bytes:,} bytes")
            decoder.feed(chunk)
        _check_time(deadline_at, limits, wd)
        # A body shorter than announced is a failed fetch, never a complete feed.
        if declared is not None and received < declared:
            raise _Fault(f"connection closed early: got {received:,} of {declared:,} bytes")
        return status, resp.reason, headers, decoder.finish()
    except socket.timeout:
        _check_time(deadline_at, limits, wd)
        raise _Fault(f"no data for {limits.read_timeout:g} s") from None
    finally:
        wd.watch(None)
        try:
            conn.close()
        except OSError:
            pass

"""What every sync client offers, and the HTTP they share.

A client speaks one server API; the engine (engine.py) does the rest. Ids
are strings as the server writes them (normalised by the client, so one item
has one id whatever the endpoint). Secrets come from the account's command,
are sent only in the Authorization header, and never appear in an error.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urlencode, urlparse

from reader.config import AccountConfig

MAX_BODY = 64 * 1024 * 1024  # one API answer; a page of 1,000 full entries is a few MB
PUSH_BATCH = 500  # item ids per mark request


class SyncError(Exception):
    """One line for the user: the account, what failed, and what to do; never a secret."""


class LoginError(SyncError):
    """The server refused the credentials."""


@dataclass(frozen=True)
class RemoteFeed:
    id: str
    title: str
    url: str = ""  # the feed's own URL
    site_url: str = ""
    folders: tuple[str, ...] = ()


@dataclass
class RemoteItem:
    id: str
    feed_id: str
    title: str
    html: str
    url: str = ""
    author: str = ""
    published: datetime | None = None
    read: bool | None = None  # None: the answer did not say
    starred: bool | None = None
    changed: float | None = None  # server time (unix seconds) of its last change, when the API gives it
    # Media files as the server lists them: (url, MIME type, bytes, seconds), any part possibly
    # missing or of the wrong type (cleaned by engine.to_article).
    enclosures: list[tuple] = field(default_factory=list)


@dataclass
class Page:
    """One page of items and the checkpoint to resume from after it."""

    items: list[RemoteItem]
    checkpoint: str
    skipped: int = 0  # entries without an id, or otherwise unusable


@dataclass
class RemoteState:
    """Read and starred state of every item the server keeps (for APIs that give no change times)."""

    unread: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)


class Client(Protocol):
    name: str
    requests: int
    clock_offset: float  # server clock minus ours, seconds (from the Date header)

    def login(self) -> None: ...

    def subscriptions(self) -> list[RemoteFeed]: ...

    def items(self, checkpoint: str, known: "KnownIds") -> Iterator[Page]: ...

    def state(self) -> RemoteState | None: ...

    def push(self, flag: str, value: bool, ids: list[str]) -> None: ...

    def subscribe(self, url: str, folder: str = "") -> str: ...

    def unsubscribe(self, feed_id: str) -> None: ...


class KnownIds(Protocol):
    def unknown(self, ids: list[str]) -> list[str]:
        """The ids among these that the cache does not hold yet."""
        ...


def run_secret_command(account: AccountConfig, command: str, what: str) -> str:
    """The first line a password/token command prints (reader.credentials runs it, as for feeds:
    shell only for shell syntax, no input, a time limit); errors never show its output."""
    from reader.credentials import CredentialError, run_password_command

    try:
        secret = run_password_command(command, timeout=60, name=account.name, setting=what).strip()
    except CredentialError as exc:
        raise SyncError(str(exc)) from None
    if not secret:
        raise SyncError(f"{account.name}: {what} printed nothing")
    return secret


class Http:
    """Plain HTTP/1.1 to one server: a timeout per request, no redirects, no proxies, capped bodies."""

    def __init__(self, account: AccountConfig, timeout: float = 30):
        self.account = account
        parsed = urlparse(account.url)
        self.scheme = parsed.scheme
        self.host = parsed.hostname or ""
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.base_path = parsed.path.rstrip("/")
        self.timeout = timeout
        self.requests = 0
        self.clock_offset = 0.0
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def where(self, path: str) -> str:
        return f"{self.account.url}{path.split('?', 1)[0]}"

    def request(self, method: str, path: str, *, params: dict | list | None = None, json_body: object = None,
                form: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None,
                ok: tuple[int, ...] = (200, 201, 204)) -> tuple[int, bytes]:
        full = self.base_path + path + (("?" + urlencode(params, doseq=True)) if params else "")
        body = None
        headers = dict(headers or {})
        headers.setdefault("User-Agent", "reader-sync/1")
        headers.setdefault("Accept", "application/json")
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        name = self.account.name
        for attempt in (1, 2):
            self.requests += 1
            try:
                conn = self._connection()
                conn.request(method, full, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read(MAX_BODY + 1)
                self._note_clock(response.getheader("Date"))
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                # A kept-alive connection the server closed: one fresh try.
                self.close()
                if attempt == 2:
                    raise SyncError(f"{name}: {self.where(path)}: the server closed the connection "
                                    f"({type(exc).__name__}); try again later") from None
            except TimeoutError:
                self.close()
                raise SyncError(f"{name}: {self.where(path)}: no answer within {self.timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                raise SyncError(f"{name}: cannot reach {self.account.url} ({reason})") from None
        if len(data) > MAX_BODY:
            self.close()
            raise SyncError(f"{name}: {self.where(path)}: answer larger than {MAX_BODY // 1_000_000} MB")
        if status in (401, 403):
            raise LoginError(f"{name}: the server refused the login (HTTP {status} from {self.where(path)}); "
                             "check username and password_command/token_command")
        if status not in ok:
            raise SyncError(f"{name}: {self.where(path)} answered HTTP {status}{_detail(data)}")
        return status, data

    def json(self, method: str, path: str, **kwargs) -> object:
        _status, data = self.request(method, path, **kwargs)
        try:
            return json.loads(data) if data.strip() else None
        except (ValueError, UnicodeDecodeError):
            raise SyncError(f"{self.account.name}: {self.where(path)} sent a truncated or invalid JSON body "
                            f"({len(data)} bytes); nothing was changed, sync again to resume") from None

    def _note_clock(self, date: str | None) -> None:
        if not date:
            return
        try:
            offset = parsedate_to_datetime(date).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        # The Date header counts whole seconds (and the answer took a while to come):
        # below 2 s the difference is noise, and the clocks are taken as equal.
        self.clock_offset = offset if abs(offset) >= 2 else 0.0


def _detail(data: bytes) -> str:
    """A short, single-line excerpt of an error body (servers put their reason there)."""
    try:
        parsed = json.loads(data)
        text = (parsed.get("error_message") or parsed.get("error") or "") if isinstance(parsed, dict) else ""
    except (ValueError, UnicodeDecodeError):
        text = data[:200].decode("utf-8", "replace")
    text = " ".join(str(text).split())[:160]
    text = "".join(ch for ch in text if ch.isprintable())
    return f": {text}" if text else ""


def as_str(value: object) -> str:
    return "" if value is None else str(value)


class HttpClient:
    """What each server's client shares: its account, one Http to the server, and the figures
    the engine reports (requests made, the server's clock minus ours)."""

    def __init__(self, account: AccountConfig, timeout: float = 30):
        self.name = account.name
        self.account = account
        self.http = Http(account, timeout)

    @property
    def requests(self) -> int:
        return self.http.requests

    @property
    def clock_offset(self) -> float:
        return self.http.clock_offset

"""Fetch and parse many feeds concurrently, each within its own bounds.

refresh_all() runs fetch_and_parse() for each feed in a thread pool and
hands every result to the caller's callback in the calling thread, as soon
as that feed is done, so the caller can store each feed in one transaction
without locking. Every feed is bounded by its fetch deadline plus its parse
timeout, so one bad feed never delays or fails the others (beyond holding
one of the pool's threads).
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from .feeds import ParsedFeed, parse_feed, prestart_workers
from .fetch import FetchResult, Limits, fetch
from ..credentials import CredentialError
from ..urls import redact, strip_password
from .schedule import feed_hint


@dataclass
class FeedRequest:
    """One feed to refresh. `ref` is the caller's own handle (a feed id...)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    allow_file: bool = False
    ref: Any = None
    # HTTP Basic (user, password), or a function giving it (run in the worker: a password_command
    # may take a while; it raises CredentialError, which becomes this feed's error).
    auth: tuple[str, str] | Callable[[], tuple[str, str] | None] | None = field(default=None, repr=False)


@dataclass
class FeedResult(FetchResult):
    """FetchResult plus the parse outcome.

    error is the final verdict for the feed: the fetch error, or the parse
    error (prefixed with the URL), or None. parsed is None when nothing was
    parsed (not modified, or the fetch failed). A feed with an error must not
    change what is stored, except: new_url (store the new URL), gone (mark
    the feed gone) and retry_after (do not ask again before then).
    """

    parsed: ParsedFeed | None = None
    fetched_at: datetime | None = None
    feed_hint: float | None = None  # seconds the document's ttl / sy:update* ask (schedule.feed_hint)


def fetch_and_parse(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = Limits(),
    allow_file: bool = False,
    fetched_at: datetime | None = None,
    cancel: threading.Event | None = None,
    auth: tuple[str, str] | None = None,
) -> FeedResult:
    """Fetch one feed and parse it. Never raises for network or feed faults."""
    if fetched_at is None:
        fetched_at = datetime.now(timezone.utc)
    fr = fetch(url, etag=etag, last_modified=last_modified, limits=limits,
               allow_file=allow_file, cancel=cancel, auth=auth)
    url = strip_password(url)  # messages never show a password
    result = FeedResult(**{name: getattr(fr, name) for name in FetchResult.__dataclass_fields__},
                        fetched_at=fetched_at)
    if fr.error or fr.not_modified or fr.body is None:
        if not fr.error and not fr.not_modified:
            result.error = f"{url}: nothing to parse"
        return result
    if cancel is not None and cancel.is_set():
        result.error = f"{url}: cancelled"
        return result
    parsed = parse_feed(fr.body, fr.final_url or url, fetched_at,
                        content_type=fr.content_type, timeout=limits.parse_timeout)
    result.parsed = parsed
    result.feed_hint = feed_hint(fr.body)
    result.body = None  # parsed now; do not keep megabytes around
    if parsed.error:
        result.error = f"{url}: {parsed.error}"
    return result


def refresh_all(
    feeds: list[FeedRequest],
    *,
    workers: int = 8,
    limits: Limits = Limits(),
    on_result: Callable[[FeedRequest, FeedResult], None],
    cancel: threading.Event | None = None,
) -> None:
    """Refresh feeds concurrently; call on_result(request, result) in this thread.

    Results arrive in completion order. Setting `cancel` stops starting new
    feeds, aborts running fetches promptly and returns without calling
    on_result for the feeds that did not finish. If on_result raises, the
    remaining feeds are cancelled and the exception propagates.
    """
    if not feeds:
        return
    cancel = cancel if cancel is not None else threading.Event()
    own_cancel = threading.Event()  # set on the way out, for our own threads

    class _Either:
        """An Event-like view that is set when either event is set."""

        def is_set(self) -> bool:
            return cancel.is_set() or own_cancel.is_set()

    either = _Either()
    fetched_at = datetime.now(timezone.utc)

    def run(req: FeedRequest) -> FeedResult:
        if either.is_set():
            return FeedResult(req.url, error=f"{strip_password(req.url)}: cancelled", fetched_at=fetched_at)
        auth = req.auth
        if callable(auth):
            try:
                auth = auth()
            except CredentialError as e:
                return FeedResult(strip_password(req.url), error=str(e), fetched_at=fetched_at)
        try:
            return fetch_and_parse(req.url, etag=req.etag, last_modified=req.last_modified,
                                   limits=limits, allow_file=req.allow_file,
                                   fetched_at=fetched_at, cancel=either,  # type: ignore[arg-type]
                                   auth=auth)
        except Exception as e:  # noqa: BLE001 - a bug must not sink the other feeds
            return FeedResult(req.url, error=redact(f"{req.url}: internal error: {type(e).__name__}: {e}"),
                              fetched_at=fetched_at)

    # Parse workers start (an interpreter and feedparser each) while the
    # first feeds are fetched.
    prestart_workers(len(feeds))
    pool = cf.ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="reader-refresh")
    try:
        pending = {pool.submit(run, req): req for req in feeds}
        while pending:
            done, _ = cf.wait(pending, timeout=0.1, return_when=cf.FIRST_COMPLETED)
            if cancel.is_set():
                return
            for fut in done:
                req = pending.pop(fut)
                on_result(req, fut.result())
    finally:
        own_cancel.set()
        pool.shutdown(wait=False, cancel_futures=True)

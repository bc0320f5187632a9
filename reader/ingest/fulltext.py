"""Full text for summary-only feeds: fetch an item's linked page and extract its main text.

Pages go through the same bounded fetcher as feeds (size cap, deadline,
redirect policy) with a smaller size cap, several at once, and are read in
the parse workers (feeds.extract_page), bounded in time and memory like a
feed's parse. Nothing here
raises for a page's faults: a FullText carries either the document or an
error that names the URL and the reason.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
from dataclasses import dataclass, replace
from typing import Callable

from reader.model import Document

from .fetch import Limits, fetch

PAGE_MAX_BYTES = 5_000_000  # an article page larger than this is not read (the feed's cap may be higher)
PAGE_DEADLINE = 20.0  # seconds for one page, at most


@dataclass
class FullText:
    url: str
    document: Document | None = None
    error: str = ""  # "URL: reason" when there is no document


def page_limits(limits: Limits) -> Limits:
    """The feed limits, tightened for article pages."""
    cap = min(limits.max_bytes, PAGE_MAX_BYTES)
    return replace(limits, max_bytes=cap, max_decoded_bytes=min(limits.max_decoded_bytes, cap),
                   deadline=min(limits.deadline, PAGE_DEADLINE))


def fetch_full_text(url: str, *, limits: Limits = Limits(), cancel: threading.Event | None = None) -> FullText:
    """Fetch one page and extract its main text. Never raises for network or page faults."""
    from .extract import is_html
    from .feeds import extract_page

    if not url:
        return FullText(url, error="the article has no link to fetch")
    try:
        fr = fetch(url, limits=page_limits(limits), cancel=cancel)
        if fr.error:
            return FullText(url, error=fr.error)
        if fr.body is None:
            return FullText(url, error=f"{url}: nothing to read")
        if not is_html(fr.content_type, fr.body):
            ctype = (fr.content_type or "unknown type").split(";", 1)[0].strip()
            return FullText(url, error=f"{url}: not an HTML page ({ctype})")
        doc, why = extract_page(fr.body, fr.final_url or url)
        if doc is None:
            return FullText(url, error=f"{url}: {why}")
        return FullText(fr.final_url or url, doc)
    except Exception as e:  # noqa: BLE001 - a bug must not sink the refresh
        return FullText(url, error=f"{url}: internal error: {type(e).__name__}: {e}")


def fetch_many(urls: list[str], *, limits: Limits = Limits(), workers: int = 4,
               cancel: threading.Event | None = None,
               on_done: Callable[[int, int], None] | None = None) -> dict[str, FullText]:
    """fetch_full_text for each URL, ``workers`` at a time; {url: FullText}."""
    results: dict[str, FullText] = {}
    unique = list(dict.fromkeys(urls))
    if not unique:
        return results
    with cf.ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique))),
                               thread_name_prefix="reader-fulltext") as pool:
        futures = {pool.submit(fetch_full_text, u, limits=limits, cancel=cancel): u for u in unique}
        for fut in cf.as_completed(futures):
            results[futures[fut]] = fut.result()
            if on_done is not None:
                on_done(len(results), len(unique))
    return results

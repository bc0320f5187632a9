"""When a feed is due again: the user's interval, the feed's own hints and its server's requests.

- The user's interval: ``refresh_minutes`` of the feed's [[feeds]] entry, else of [settings].
  A feed's ``refresh_minutes = 0`` means "only when asked" (by name, --all, or `r` in the app).
- The feed's hints: RSS ``<ttl>`` (minutes) and ``sy:updatePeriod`` / ``sy:updateFrequency``,
  and the HTTP ``Cache-Control: max-age`` of its last answer: the feed is not fetched again
  before they allow, even when the user's interval is shorter (capped at MAX_HINT, so a
  bogus hint cannot hide a feed for weeks).
- Its server's requests: after a 429 or 503 the feed waits for ``Retry-After`` and at least
  BACKOFF_BASE, doubled for each such answer in a row (capped at BACKOFF_MAX): never hammer.

Plain functions, no I/O: the library stores what they compute.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

MAX_HINT = 24 * 3600.0  # seconds: the longest a feed's ttl or max-age may hold it back
BACKOFF_BASE = 300.0  # seconds after the first 429/503 in a row
BACKOFF_MAX = 24 * 3600.0
NEVER_FETCHED = datetime(1970, 1, 1, tzinfo=timezone.utc)  # due at once

_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400, "yearly": 365 * 86400}
_TTL = re.compile(rb"<ttl\s*>\s*(\d{1,9})\s*</ttl\s*>", re.I)
_PERIOD = re.compile(rb"<(?:[\w.-]+:)?updatePeriod\s*>\s*([a-zA-Z]+)\s*</", re.I)
_FREQUENCY = re.compile(rb"<(?:[\w.-]+:)?updateFrequency\s*>\s*(\d{1,9})\s*</", re.I)
_FIRST_ITEM = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]", re.I)
_HEAD = 256 * 1024  # the channel's own elements come before its items


def feed_hint(body: bytes | None) -> float | None:
    """Seconds the feed document asks readers to wait between fetches, or None.

    RSS ``<ttl>`` is in minutes; ``sy:updatePeriod`` (hourly, daily...) divided by
    ``sy:updateFrequency`` (default 1). Only the channel's part (before the first
    item or entry) is read. The larger of the two wins, capped at MAX_HINT.
    """
    if not body:
        return None
    head = body[:_HEAD]
    first = _FIRST_ITEM.search(head)
    if first is not None:
        head = head[:first.start()]
    hints = []
    ttl = _TTL.search(head)
    if ttl is not None and int(ttl.group(1)) > 0:
        hints.append(int(ttl.group(1)) * 60.0)
    period = _PERIOD.search(head)
    if period is not None and period.group(1).decode("ascii").lower() in _PERIODS:
        frequency = _FREQUENCY.search(head)
        times = int(frequency.group(1)) if frequency is not None else 1
        if times > 0:
            hints.append(_PERIODS[period.group(1).decode("ascii").lower()] / times)
    return min(max(hints), MAX_HINT) if hints else None


def max_age(cache_control: str | None) -> float | None:
    """Seconds of ``Cache-Control: max-age=N`` (None without one, or with no-cache / no-store)."""
    if not cache_control:
        return None
    seconds = None
    for directive in cache_control.split(","):
        name, _, value = directive.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-cache", "no-store"):
            return None
        if name == "max-age":
            value = value.strip().strip('"')
            if value.isdigit():
                seconds = float(value)
    if not seconds:
        return None
    return min(seconds, MAX_HINT)


def backoff(throttled: int, retry_after: float | None) -> float:
    """Seconds to wait after the ``throttled``-th 429/503 answer in a row (1 for the first)."""
    doubled = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, min(throttled, 30) - 1))
    return max(retry_after or 0.0, doubled)


def interval_minutes(feed_minutes: float | None, settings_minutes: float) -> float | None:
    """The user's interval for a feed, in minutes: its own, else the settings' (None: none set).

    0 for a feed means "only when asked"; 0 in the settings means no interval.
    """
    if feed_minutes is not None:
        return float(feed_minutes)
    return float(settings_minutes) if settings_minutes and settings_minutes > 0 else None


def next_due(*, interval: float | None, last_refresh: datetime | None, not_before: datetime | None,
             automatic: bool) -> datetime | None:
    """When a feed is next due; None when it is never due by schedule (only when asked).

    ``automatic`` (the app's own timer) refreshes only feeds with an interval; `reader refresh`
    without names also refreshes feeds without one, as often as their hints allow.
    A feed never fetched is due at once. Times are aware (UTC).
    """
    if interval == 0:
        return None
    if automatic and not interval:
        return None
    due = NEVER_FETCHED if last_refresh is None else last_refresh + timedelta(minutes=interval or 0)
    if not_before is not None:
        due = max(due, not_before)
    return due

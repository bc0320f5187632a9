"""The range of publication dates reader accepts, shared by every way articles come in.

A date before 1900 or more than a day ahead is a typo, a zeroed field or a
broken clock, never a real publication date: article files with such a date
are refused with a message, guessed dates (file times, feeds) are replaced by
the time the article arrived and marked as guessed.

Reading is the other way round: a time already stored is always read as some
datetime (stored_time), whatever an older version or another program wrote.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)  # clocks and time zones: "tomorrow" may be today somewhere


def out_of_range(value: datetime, now: datetime | None = None) -> str | None:
    """Why a publication date is not accepted, or None when it is."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    if value < EARLIEST:
        return f"{value.date().isoformat()} is before {EARLIEST.date().isoformat()}"
    if value > now + FUTURE_SLACK:
        return f"{value.date().isoformat()} is in the future (after {(now + FUTURE_SLACK).date().isoformat()})"
    return None


# What a stored time that cannot be read at all is shown as (and sorted by, in
# Python): the list and the reading pane show an odd date instead of failing.
UNREADABLE_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LOOSE_TIME = re.compile(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def stored_time(value: str) -> datetime:
    """A stored UTC time; never fails: whatever an older version or a hand edit left there
    ('1-01-01 12:00:00', '9999-12-31 23:59:59', garbage) reads as some datetime."""
    # fromisoformat reads TIME_FORMAT's "YYYY-MM-DD HH:MM:SS" ~50x faster than strptime
    # (every listed row has a date), and does not import _strptime at startup.
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is not None:
            return parsed.astimezone(timezone.utc)
        return parsed.replace(tzinfo=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        pass
    match = _LOOSE_TIME.match(value) if isinstance(value, str) else None
    if match:
        try:
            return datetime(*(int(part or 0) for part in match.groups()), tzinfo=timezone.utc)
        except (ValueError, OverflowError):
            pass
    return UNREADABLE_TIME

"""The range of publication dates reader accepts, shared by every way articles come in.

A date before 1900 or more than a day ahead is a typo, a zeroed field or a
broken clock, never a real publication date: article files with such a date
are refused with a message, guessed dates (file times, feeds) are replaced by
the time the article arrived and marked as guessed.
"""

from __future__ import annotations

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


def in_range(value: datetime | None, now: datetime) -> tuple[datetime, bool]:
    """(the date, False) when it is acceptable, else (``now``, True): a guess."""
    if value is None or out_of_range(value, now) is not None:
        return now, True
    return value, False

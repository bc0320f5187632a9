"""Small pure helpers for what the app shows: dates, safe text, view names.

No textual here, so the tests can check them directly. Widths are terminal
cells, not code points: a CJK character or an emoji takes two. They are
measured as Rich and Textual draw them (rich.cells), imported only when first
measured: reader.ui.state uses this module and imports no terminal library.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# The colour of secondary text in a Content's styles. Not "$text-muted": that is
# "auto 60%", which CSS blends against the background but a Content style
# renders as plain white; "$foreground-muted" is a real colour in every theme.
MUTED = "$foreground-muted"


def safe(text: str) -> str:
    """Text from a feed, with terminal control characters made visible and harmless.

    ESC becomes the symbol "␛" (U+241B) and so on, so a title carrying an escape
    sequence shows what it is instead of driving the terminal.
    """

    def picture(match: re.Match) -> str:
        code = ord(match.group(0))
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        return "\ufffd"

    return _CONTROL.sub(picture, text)


def one_line(text: str) -> str:
    return " ".join(safe(text).split())


_zone: tzinfo | None = None  # where times are shown: None is the system's local time zone


def set_timezone(name: str) -> None:
    """Show times in the IANA zone ``name`` ("Europe/Berlin", "UTC"); "" is the system's own."""
    global _zone
    _zone = ZoneInfo(name) if name else None


def local(when: datetime) -> datetime:
    """``when`` (UTC when it has no zone) in the zone times are shown in."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(_zone)


def relative_date(when: datetime, now: datetime | None = None) -> str:
    """'now', '5 min ago', '3 h ago', '2 d ago' within a week, else the local date: '12 Oct 2021'."""
    now = now or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = (now - when).total_seconds()
    if 0 <= seconds < 60:
        return "now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if 0 <= seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if 0 <= seconds < 7 * 86400:
        return f"{int(seconds // 86400)} d ago"
    when = local(when)
    return f"{when.day} {when.strftime('%b')} {when.year:04d}"  # %Y: "1" for year 1 on glibc


def compact_date(when: datetime, now: datetime | None = None) -> str:
    """relative_date in few cells, for a narrow list: 'now', '5m', '3h', '2d', then '12 Oct'
    within the year and '12 Oct 2021' before it."""
    now = now or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = (now - when).total_seconds()
    if 0 <= seconds < 60:
        return "now"
    for limit, unit, size in ((3600, "m", 60), (86400, "h", 3600), (7 * 86400, "d", 86400)):
        if 0 <= seconds < limit:
            return f"{int(seconds // size)}{unit}"
    when = local(when)
    if when.year == local(now).year:
        return f"{when.day} {when.strftime('%b')}"
    return f"{when.day} {when.strftime('%b')} {when.year:04d}"


def full_date(when: datetime) -> str:
    """'Wednesday 6 October 2021, 14:00 CEST': local time, with the zone's name."""
    when = local(when)
    return (f"{when.strftime('%A')} {when.day} {when.strftime('%B')} {when.year:04d}, "
            f"{when.strftime('%H:%M')} {when.strftime('%Z') or 'UTC'}")


def quote(value: str) -> str:
    return '"' + value.replace('"', "") + '"'


def view_title(view: str) -> str:
    """What the header calls a view query."""
    if not view:
        return "All articles"
    if view == "is:unread":
        return "Unread"
    if view == "is:starred":
        return "Starred"
    for prefix, name in (("feed:", "Feed"), ("tag:", "Tag"), ("entity:", "Entity")):
        match = re.fullmatch(re.escape(prefix) + r'("[^"]*"|\S+)', view)
        if match:
            return f"{name}: {match.group(1).strip(chr(34))}"
    return view


def combine(*parts: str) -> str:
    """One query for all the parts, each in parentheses when there are several: a search
    "a OR b" beside a view "feed:X" must stay "(feed:X) (a OR b)", not "feed:X a OR b".
    A part with an unclosed quote (a search for `"nato`) is closed first: else the parts
    after it (is:unread) would be read as words of its phrase."""
    parts = tuple(p.strip() + ('"' if p.count('"') % 2 else "") for p in parts if p and not _blank(p))
    return parts[0] if len(parts) == 1 else " ".join(f"({p})" for p in parts)


def _blank(text: str) -> bool:
    """Nothing but spaces and control characters (which the query language reads as spaces)."""
    return all(c.isspace() or c < " " or "\x7f" <= c <= "\x9f" for c in text)


def number(n: int) -> str:
    return f"{n:,}"


def plural(n: int, word: str) -> str:
    return f"{number(n)} {word}{'' if n == 1 else 's'}"


def cells(text: str) -> int:
    """The cells ``text`` takes in a terminal (a CJK character or an emoji: two)."""
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> int:
    """How many characters of ``text`` (from its start) fit in ``width`` cells."""
    from rich.cells import cell_len, get_character_cell_size

    if width <= 0:
        return 0
    if cell_len(text) <= width:
        return len(text)
    used = 0
    for i, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > width:
            return i
    return len(text)


def crop(text: str, width: int) -> str:
    """The start of ``text`` that fits in ``width`` cells (a wide character that would
    straddle the edge is left out)."""
    return text[: fit(text, width)]


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def year_of(value: str) -> str:
    """The year group of a TIMEX3 value: '2021' for '2021-10-06', '1980s' for '198', else 'Undated'."""
    if re.match(r"^\d{4}", value):
        return value[:4]
    if re.match(r"^\d{3}$", value):
        return value + "0s"
    if re.match(r"^\d{2}$", value):
        return f"{int(value) + 1}th century"
    return {"PAST_REF": "Past", "PRESENT_REF": "Present", "FUTURE_REF": "Future"}.get(value, "Other")


def event_sort_key(value: str, mod: str = "") -> tuple:
    """Oldest first: real dates by value, then the past/present/future references."""
    if re.match(r"^\d", value):
        order = {"START": 0, "EARLY": 0, "MID": 1, "": 1, "APPROX": 1, "END": 2, "LATE": 2}.get(mod, 1)
        return (0, value, order)
    return ({"PAST_REF": 1, "PRESENT_REF": 2, "FUTURE_REF": 3}.get(value, 4), value, 0)


def hanging(text: str, width: int, *, first: int, indent: int, max_lines: int = 3) -> list[str]:
    """``text`` wrapped for a column: the first line ``first`` cells wide, the rest ``width - indent``.

    At most ``max_lines`` lines; a cut ends in "…". The caller puts what goes
    before each line (a date column, an indent).
    """
    first = max(1, first)
    words = one_line(text).split()
    lines: list[str] = []
    line = ""
    for word in words:
        room = first if not lines else max(1, width - indent)
        if not line:
            candidate = word
        else:
            candidate = line + " " + word
        if cells(candidate) <= room:
            line = candidate
            continue
        if line or (not lines and cells(word) <= width - indent):
            # a word too long for what is left of the first line starts the next one
            # ("after May 1997  Countri|es": the date left 7 cells); never cut where it fits
            lines.append(line)
            room = max(1, width - indent)
        while cells(word) > room:  # a word longer than the column: cut it
            cut = max(1, fit(word, room))  # at least a character, however narrow the column
            lines.append(word[:cut])
            word = word[cut:]
            room = max(1, width - indent)
        line = word
    if line:
        lines.append(line)
    if lines and not lines[0]:
        max_lines += 1  # the empty first line is not one of the text's lines
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        room = (first if max_lines == 1 else width - indent)
        last = lines[-1]
        lines[-1] = (last if cells(last) < room else crop(last, room - 1).rstrip()) + "…"
    return lines


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` cells, ending in "…" when cut."""
    text = one_line(text)
    return text if cells(text) <= width else crop(text, width - 1).rstrip() + "…"


def failure(feed: str, error: str) -> tuple[str, str]:
    """(feed, error) for the failures of a refresh, each shown as "feed: error". An untitled
    feed is named by its URL, and a fetch error often starts with that URL too: said once."""
    feed, error = one_line(feed), one_line(error)
    if feed and error.startswith(feed + ":"):
        error = error[len(feed) + 1:].strip() or error
    return feed, error


def error_text(exc: BaseException) -> str:
    """What a background task's error means, in one line: a cache fault as reader.store says it
    ("the cache file is damaged (...); run `reader check`"), anything else by its type."""
    import sqlite3

    if isinstance(exc, sqlite3.DatabaseError):
        from reader.store.db import describe_error

        return one_line(describe_error(exc))
    return one_line(f"{type(exc).__name__}: {exc}")

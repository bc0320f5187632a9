"""Events placed on a time axis: the layout behind the timeline view, as plain data.

``layout(events, width, marker)`` scales the axis to the events' span (days
to centuries), puts each event in a column at the middle of the period it
names, groups the events that fall in one column, and picks tick labels that
fit. Events without a place in time ("the past", "now") are kept aside as
``undated``. Plain Python: no textual or rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reader.nlp.when import interval, sort_key

LAST = date.max.toordinal()  # 31 Dec 9999: the axis never runs past what a date can hold
_UNITS = [  # (largest span in days for this tick unit, unit)
    (45, "day"), (200, "week"), (3 * 366, "month"), (25 * 366, "year"), (250 * 366, "decade"),
]


@dataclass
class Group:
    column: int
    events: list  # RelatedEvent (or Event), oldest first
    first: int  # day ordinals of the span the group covers
    last: int

    def label(self) -> str:
        """The group's time as people write it: one event's display, or "first – last"."""
        shown = list(dict.fromkeys(e.display for e in self.events))
        return shown[0] if len(shown) == 1 else f"{shown[0]} – {shown[-1]}"


@dataclass
class Axis:
    width: int
    start: int  # day ordinal at column 0
    end: int  # day ordinal at column width-1
    unit: str  # tick unit: day, week, month, year, decade, century
    ticks: list[tuple[int, str]]  # (column, label)
    groups: list[Group] = field(default_factory=list)
    undated: list = field(default_factory=list)
    marker: int | None = None  # column of the article's own date, when given and on the axis

    def span_text(self) -> str:
        days = self.end - self.start
        a, b = date.fromordinal(self.start), date.fromordinal(self.end)
        if days < 62:
            return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y} ({days} days)"
        if days < 3 * 366:
            return f"{a:%b %Y} – {b:%b %Y} ({round(days / 30.44)} months)"
        return f"{a.year} – {b.year} ({round(days / 365.25)} years)"


def column_of(day: float, start: int, end: int, width: int) -> int:
    if end <= start:
        return width // 2
    return max(0, min(width - 1, round((day - start) / (end - start) * (width - 1))))


def _point(event) -> tuple[float, int, int] | None:
    iv = interval(event.value)
    if iv is None:
        return None
    a, b = iv
    return (a + b) / 2, a, b


def layout(events: list, width: int, marker: date | None = None) -> Axis:
    """The axis for these events over ``width`` columns (at least 10), the marker date included in the span."""
    width = max(10, width)
    placed, undated = [], []
    for event in sorted(events, key=sort_key):
        point = _point(event)
        (undated if point is None else placed).append((point, event))
    days = [d for (_mid, a, b), _e in placed for d in (a, b)]  # the span covers each period named
    if marker is not None:
        days.append(marker.toordinal())
    if not days:
        today = date.today().toordinal() if marker is None else marker.toordinal()
        days = [today]
    lo, hi = min(days), max(days)
    span = max(hi - lo, 0)
    pad = max(span * 0.04, 3)  # room at both ends so the end events are not on the frame
    start = max(1, int(lo - pad))
    end = min(LAST, int(hi + pad + 0.999))
    if end - start < 14:  # one event, or all on one day: a fortnight around it (within years 1-9999)
        mid = min(max((lo + hi) / 2, 8), LAST - 7)
        start, end = max(1, int(mid - 7)), min(LAST, int(mid + 7))
    unit = next((u for limit, u in _UNITS if end - start <= limit), "century")
    axis = Axis(width=width, start=start, end=end, unit=unit, ticks=_ticks(start, end, width, unit),
                undated=[e for _p, e in undated])
    by_column: dict[int, Group] = {}
    for (mid, a, b), event in placed:
        col = column_of(mid, start, end, width)
        group = by_column.get(col)
        if group is None:
            by_column[col] = Group(col, [event], a, b)
        else:
            group.events.append(event)
            group.first, group.last = min(group.first, a), max(group.last, b)
    axis.groups = [by_column[c] for c in sorted(by_column)]
    if marker is not None:
        axis.marker = column_of(marker.toordinal(), start, end, width)
    return axis


def _tick_days(start: int, end: int, unit: str, step: int) -> list[tuple[int, str]]:
    a, b = date.fromordinal(start), date.fromordinal(end)
    out = []
    if unit in ("day", "week"):
        d = start
        if unit == "week":
            d += (7 - date.fromordinal(d).weekday()) % 7  # Mondays
        while d <= end:
            day = date.fromordinal(d)
            out.append((d, f"{day.day} {day:%b}"))
            d += step * (7 if unit == "week" else 1)
        return out
    if unit == "month":
        y, m = a.year, a.month
        while True:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            if y > 9999 or date(y, m, 1) > b:
                break
            if (m - 1) % step == 0:
                out.append((date(y, m, 1).toordinal(), f"{date(y, m, 1):%b}" if m != 1 else str(y)))
        return out
    size = {"year": 1, "decade": 10, "century": 100}[unit] * step
    y = (a.year // size + 1) * size
    while y <= b.year and y <= 9999:
        label = f"{y}s" if unit == "decade" and size == 10 else str(y)
        out.append((date(y, 1, 1).toordinal(), label))
        y += size
    return out


def _ticks(start: int, end: int, width: int, unit: str) -> list[tuple[int, str]]:
    """Tick labels at whole periods, as many as fit with a space between them."""
    for step in (1, 2, 3, 5, 10, 20, 50, 100):
        days = _tick_days(start, end, unit, step)
        cols = [(column_of(d, start, end, width), label) for d, label in days]
        fits = all(c1 + len(l1) < c2 for (c1, l1), (c2, _l2) in zip(cols, cols[1:]))
        if fits and (not cols or cols[-1][0] + len(cols[-1][1]) <= width):
            return cols
        if fits:
            return cols[:-1]
    return []


def rows(axis: Axis, selected: int | None = None) -> list[str]:
    """The axis as four lines of ``axis.width`` characters: marks, the axis line, tick labels, the pointer.

    A lone event is ●, a group its size (2-9, then +), or ◉ where a neighbouring column has a
    mark too: side by side, sizes read as one number ("2", "2", "3" as 223); the article's own
    date is ◆ on the axis line; the selected group has ▲ under it. Readable without colour.
    """
    w = axis.width
    marks = [" "] * w
    taken = {g.column for g in axis.groups}
    for g in axis.groups:
        n = len(g.events)
        crowded = g.column - 1 in taken or g.column + 1 in taken
        marks[g.column] = "●" if n == 1 else "◉" if crowded else str(n) if n < 10 else "+"
    line = ["─"] * w
    labels = [" "] * w
    for col, label in axis.ticks:
        line[col] = "┼"
        for i, ch in enumerate(label):
            if col + i < w:
                labels[col + i] = ch
    for g in axis.groups:
        line[g.column] = "┴" if line[g.column] != "┼" else "┼"
    if axis.marker is not None:
        line[axis.marker] = "◆"
    pointer = [" "] * w
    if selected is not None and 0 <= selected < len(axis.groups):
        pointer[axis.groups[selected].column] = "▲"
    return ["".join(marks), "".join(line), "".join(labels), "".join(pointer)]

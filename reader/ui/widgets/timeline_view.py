"""The timeline as a picture: events on a time axis scaled to their span.

``TimelinePanel`` holds a line that says the span, the axis (four rows:
marks, the axis line with ticks and the article's date ◆, tick labels, the
▲ under the selected group) and the selected group's events with their
sentences and sources. Left/right (h/l) step through the groups, Home/End
jump to the ends; Enter posts ``TimelinePanel.Chosen`` with the group's
first event. The layout is reader.timeline_axis (plain data); feed text
is shown as Content, never markup.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from reader.timeline_axis import Axis, layout, rows
from reader.ui.format import MUTED, cells, hanging, one_line

SELECTED_STYLE = "reverse bold"
MARK_STYLE = "bold $text-accent"
MARKER_STYLE = "bold $text-warning"


class TimelineAxis(Widget, can_focus=True):
    """The four rows of the axis; the selected group is reversed and has ▲ under it."""

    DEFAULT_CSS = "TimelineAxis { height: 4; }"
    BINDINGS = [
        Binding("right,l", "step(1)", "Next event", show=False),
        Binding("left,h", "step(-1)", "Previous event", show=False),
        Binding("home", "jump(0)", "First event", show=False),
        Binding("end", "jump(-1)", "Last event", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    selected: reactive[int] = reactive(0)

    class Moved(Message):
        def __init__(self, axis: "TimelineAxis") -> None:
            super().__init__()
            self.axis = axis

    class Chosen(Message):
        def __init__(self, event) -> None:
            super().__init__()
            self.event = event

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list = []
        self.marker: date | None = None
        self.axis: Axis | None = None

    def set_events(self, events: list, marker: date | None) -> None:
        self.events = list(events)
        self.marker = marker
        self.axis = None
        self.selected = 0
        self.refresh()
        self.post_message(self.Moved(self))

    def _axis(self) -> Axis:
        width = max(10, self.size.width)
        if self.axis is None or self.axis.width != width:
            self.axis = layout(self.events, width, self.marker)
        return self.axis

    def current_group(self):
        axis = self._axis()
        if not axis.groups:
            return None
        return axis.groups[min(self.selected, len(axis.groups) - 1)]

    def render(self) -> Content:
        axis = self._axis()
        marks, line, labels, pointer = rows(axis, self.selected if axis.groups else None)
        top = Content(marks)
        for i, group in enumerate(axis.groups):
            style = SELECTED_STYLE if i == self.selected else MARK_STYLE
            top = top.stylize(style, group.column, group.column + 1)
        middle = Content(line)
        if axis.marker is not None:
            middle = middle.stylize(MARKER_STYLE, axis.marker, axis.marker + 1)
        return Content("\n").join([top, middle, Content(labels).stylize(MUTED), Content(pointer)])

    def on_resize(self) -> None:
        self.axis = None
        self.post_message(self.Moved(self))

    def watch_selected(self) -> None:
        self.post_message(self.Moved(self))

    def action_step(self, step: int) -> None:
        count = len(self._axis().groups)
        if count:
            self.selected = max(0, min(count - 1, self.selected + step))

    def action_jump(self, where: int) -> None:
        count = len(self._axis().groups)
        if count:
            self.selected = count - 1 if where < 0 else 0

    def action_choose(self) -> None:
        group = self.current_group()
        if group is not None:
            self.post_message(self.Chosen(group.events[0]))


class MiniAxis(TimelineAxis, can_focus=False):
    """The axis alone, without a selection: in the sidebar on wide terminals (140 columns and more)."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    MiniAxis { height: 3; display: none; padding: 0 1; }
    MainScreen.-xwide MiniAxis.-has-events { display: block; }
    """

    def render(self) -> Content:
        axis = self._axis()
        marks, line, labels, _pointer = rows(axis, None)
        top = Content(marks)
        for group in axis.groups:
            top = top.stylize(MARK_STYLE, group.column, group.column + 1)
        middle = Content(line)
        if axis.marker is not None:
            middle = middle.stylize(MARKER_STYLE, axis.marker, axis.marker + 1)
        return Content("\n").join([top, middle, Content(labels).stylize(MUTED)])

    def set_events(self, events: list, marker: date | None) -> None:
        super().set_events(events, marker)
        self.set_class(bool(self._axis().groups), "-has-events")


def group_text(group, axis: Axis | None, *, own_id: int | None = None, width: int | None = None) -> Content:
    """The selected group: its time, then each event's sentence and sources. Given the
    width, an event's sentence wraps under itself and its sources under "from:"."""
    if group is None:
        if axis is not None and axis.undated:
            return Content("No event on the axis; undated: ") + Content(
                "; ".join(one_line(e.text) for e in axis.undated[:3]))
        return Content("No dated events to show.").stylize(MUTED)
    n = len(group.events)
    parts = [Content(f"{group.label()}").stylize("bold") + Content(f"  ({n} events)").stylize(MUTED)] if n > 1 else []
    for event in group.events:
        head = f"{event.display}: "
        if width is None or width < 24:
            parts.append(Content(head).stylize("bold") + Content(one_line(event.text)))
        else:
            # a cut gist's " …" stays on its last word's line
            lines = hanging(event.text.replace(" …", "…"), width, first=width - cells(head), indent=2, max_lines=6)
            parts.append(Content(head).stylize("bold") + Content(lines[0]))
            parts.extend(Content("  " + line) for line in lines[1:])
        sources = getattr(event, "sources", None) or []
        if sources:
            names = [("this article" if sid == own_id else one_line(title)) for sid, title in sources[:4]]
            more = f" and {len(sources) - 4} more" if len(sources) > 4 else ""
            text = "; ".join(names) + more
            if width is None or width < 24:
                parts.append(Content("  from: " + text).stylize(MUTED))
            else:
                lines = hanging(text, width, first=width - 8, indent=8, max_lines=6)
                parts.extend(Content(("  from: " if i == 0 else " " * 8) + line).stylize(MUTED)
                             for i, line in enumerate(lines))
    return Content("\n").join(parts)


class TimelinePanel(Vertical):
    """A span line, the axis and the selected events' detail."""

    DEFAULT_CSS = """
    TimelinePanel { height: auto; }
    TimelinePanel > #timeline-span { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    TimelinePanel > #timeline-detail { height: auto; max-height: 12; }
    """

    def __init__(self, *, id: str | None = None, own_id: int | None = None) -> None:
        super().__init__(id=id)
        self.own_id = own_id

    def compose(self) -> ComposeResult:
        yield Static(Content("Timeline"), id="timeline-span", markup=False)
        yield TimelineAxis(id="timeline-axis")
        with VerticalScroll(id="timeline-detail"):
            yield Static(Content(""), id="timeline-event", markup=False)

    @property
    def axis(self) -> TimelineAxis:
        return self.query_one(TimelineAxis)

    def set_events(self, events: list, marker: date | None, *, title: str = "Timeline") -> None:
        self._title = title
        self.axis.set_events(events, marker)

    def on_timeline_axis_moved(self, message: TimelineAxis.Moved) -> None:
        axis_widget = message.axis
        axis = axis_widget._axis()
        dated = sum(len(g.events) for g in axis.groups)
        head = f"{getattr(self, '_title', 'Timeline')} · {dated} event{'s' if dated != 1 else ''}"
        if axis.groups:
            head += f" · {axis.span_text()} · {len(axis.groups)} mark{'s' if len(axis.groups) != 1 else ''}"
        if axis.undated:
            head += f" · {len(axis.undated)} without a date"
        if axis.marker is not None:
            head += " · ◆ this article"
        axis_widget.display = bool(axis.groups) or axis.marker is not None
        self.query_one("#timeline-span", Static).update(Content(head))
        self._show_group()

    def _show_group(self) -> None:
        detail = self.query_one("#timeline-event", Static)
        axis_widget = self.axis
        width = (detail.content_size.width or self.content_size.width) - 1  # room for a scroll bar
        width = width if width > 0 else None
        detail.update(group_text(axis_widget.current_group(), axis_widget._axis(), own_id=self.own_id, width=width))

    def on_resize(self) -> None:
        self._show_group()

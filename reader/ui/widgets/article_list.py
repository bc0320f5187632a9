"""The article list: a virtual list that reads pages of rows as they scroll into view.

Only the visible rows are rendered, and rows are read from the cache a page
(200 rows) at a time, so a view of 100,000 articles opens as fast as one of
100. A page is read by key where it can: the newest-first order continues
from the (published, id) of the previous page's last row, which the index
finds at once at any depth (a couple of milliseconds at 100,000 articles,
where an OFFSET that deep takes 30-50 ms). A page with no page read before it
(a jump with End or the scrollbar) and the pages of a ranked search, which has
no key order, use an offset. Either way it is quick enough for the UI thread
(measured by tests/test_ui_list.py); the count of the view is passed in by
the screen, which reads it in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.style import Style as RichStyle
from rich.text import Span as RichSpan, Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.store.db import ArticleRow
from reader.ui.format import cells, compact_date, crop, fit, is_wide, one_line, relative_date

PAGE = 200
ROW_HEIGHT = 2
ENCLOSURE_MARK = "♫"  # on the second line of an article that has enclosures
INDENT = 5  # the marker and the star: the title and the second line start after them
ROOMY = 70  # content cells from which the date is written out ("3 h ago"); below, compact ("3h")
MIN_FEED = 6  # the feed is left out of a second line that a long title leaves less room than this
MIN_REST = 16  # cells: a long title's second line gets at least this much before the feed keeps a few letters


def split_title(title: str, width: int) -> tuple[str, str]:
    """The title's first line (at most ``width`` terminal cells, broken at a space where one
    is near the end) and the rest, which goes on the second line ("" when it fits).

    Cells, not characters: a CJK character or an emoji takes two."""
    if width <= 0 or cells(title) <= width:
        return title, ""
    end = fit(title, width)  # the characters that fit
    cut = title.rfind(" ", 0, end + 1)
    used = cells(title[:cut]) if cut >= 0 else 0
    # Chinese or Japanese breaks between any two characters: a run of them across the edge fills it.
    in_wide_run = 0 < end < len(title) and is_wide(title[end - 1]) and is_wide(title[end])
    if cut < 0 or used < width // 2 or (used < width * 2 // 3 and in_wide_run):
        cut = end  # no space in the line's second half (or a wide run to fill it with): cut there
    return title[:cut].rstrip(), title[cut:].lstrip()


# What the list shows of an article: the library's row type, no text.
Row = ArticleRow


# (limit, offset, before) -> rows; before is the (published, id) of the row the page
# follows, and the offset counts from there (from the top when before is None).
Fetch = Callable[[int, int, "tuple[datetime, int] | None"], list]


class Pages:
    """The rows of one view, read a page at a time as they are asked for (no UI: a worker can fill it).

    ``keyset``: the view is in newest- or oldest-first order, so a page can be read
    by the key of the row before it (``before``).
    """

    def __init__(self, fetch: Fetch | None = None, count: int = 0, *, keyset: bool = False) -> None:
        self.fetch = fetch
        self.count = count
        self.keyset = keyset
        self.pages: dict[int, list] = {}

    def row(self, index: int):
        if index < 0 or index >= self.count or self.fetch is None:
            return None
        page, offset = divmod(index, PAGE)
        rows = self.pages.get(page)
        if rows is None:
            rows = self.pages[page] = self._read_page(page)
        return rows[offset] if offset < len(rows) else None

    def _read_page(self, page: int) -> list:
        assert self.fetch is not None
        if self.keyset:
            # Continue from the nearest full page read before this one.
            earlier = [p for p, rows in self.pages.items() if p < page and len(rows) == PAGE]
            if earlier:
                base = max(earlier)
                last = self.pages[base][-1]
                return list(self.fetch(PAGE, (page - base - 1) * PAGE, (last.published, last.id)))
        return list(self.fetch(PAGE, page * PAGE, None))

    def find(self, article_id: int, limit: int = 20 * PAGE) -> int | None:
        """Index of an article among the first ``limit`` rows of the view."""
        for index in range(min(self.count, limit)):
            row = self.row(index)
            if row is not None and row.id == article_id:
                return index
        return None


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """Two lines an article: unread marker, star and title; then source and date."""

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--marker",
        "article-list--star",
        "article-list--story",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        & > .article-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .article-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--marker { color: $text-accent; }
        & > .article-list--star { color: $text-warning; }
        & > .article-list--story { color: $text-accent; text-style: bold; }
    }
    """

    BINDINGS = [
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page_up_list", "Page up", show=False),
        Binding("pagedown", "page_down_list", "Page down", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a row (None: the list is empty)."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """A row was clicked (Enter is the screen's 'open' action)."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, now: Callable[[], datetime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._view = Pages()
        self._now = now
        self._last_highlighted: int | None = None

    # -- data ----------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._view.count

    @property
    def _pages(self) -> dict[int, list]:
        return self._view.pages

    def load(self, fetch: Fetch, count: int, *, keep_id: int | None = None, index: int | None = None,
             keyset: bool = False) -> None:
        """Show a new view: ``fetch(limit, offset, before)`` reads a page; keep the cursor on ``keep_id`` if it is there.

        ``keyset``: the view is in newest-first order, so a page can be read
        by the key of the row before it (``before``).
        """
        self.show_pages(Pages(fetch, count, keyset=keyset), keep_id=keep_id, index=index)

    def show_pages(self, view: Pages, *, keep_id: int | None = None, index: int | None = None) -> None:
        """Show a view whose first pages may have been read already (in a worker, at startup)."""
        self._view = view
        count = view.count
        self.virtual_size = Size(self.scrollable_content_region.width, count * ROW_HEIGHT)
        # Show or hide the scrollbar now, so that the layout the new rows bring has it: found only
        # by that layout, it would take another layout and paint of the whole screen.
        self._refresh_scrollbars()
        target = 0
        found = self.find(keep_id) if keep_id is not None else None
        if found is not None:
            target = found
        elif index is not None:
            target = index
        self._last_highlighted = None
        self.cursor = max(0, min(target, count - 1)) if count else 0
        # Once the new virtual size is laid out: scrolling now would be clamped
        # to the old one (the first screen showed the top rows, not the selection).
        self.call_after_refresh(self._show_cursor)
        self.refresh()

    def _show_cursor(self) -> None:
        self.scroll_to_region(Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True)

    def reload(self, count: int | None = None) -> None:
        """Read the rows again (after a refresh or a change of flags), keeping the cursor's article."""
        view = self._view
        if view.fetch is None:
            return
        current = self.current
        self.load(view.fetch, view.count if count is None else count,
                  keep_id=current.id if current else None, index=self.cursor, keyset=view.keyset)

    def row(self, index: int):
        return self._view.row(index)

    @property
    def current(self):
        return self.row(self.cursor) if self.count else None

    def find(self, article_id: int, limit: int = 20 * PAGE) -> int | None:
        """Index of an article among the first ``limit`` rows of the view."""
        return self._view.find(article_id, limit)

    def update_row(self, article_id: int, **changes) -> None:
        """Change a row in place (read, starred) without reading the page again."""
        for rows in self._pages.values():
            for i, row in enumerate(rows):
                if row.id == article_id:
                    for key, value in changes.items():
                        setattr(row, key, value)
        self.refresh()

    def find_next(self, predicate: Callable, start: int, step: int) -> int | None:
        index = start + step
        while 0 <= index < self.count:
            row = self.row(index)
            if row is not None and predicate(row):
                return index
            index += step
        return None

    # -- cursor --------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1)) if self.count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self._show_cursor()
        row = self.current
        row_id = row.id if row else None
        if row_id != self._last_highlighted or row is None:
            self._last_highlighted = row_id
            self.post_message(self.Highlighted(row))

    def refresh_row(self, index: int) -> None:
        y = index * ROW_HEIGHT - self.scroll_offset.y
        self.refresh(Region(0, y, self.size.width, ROW_HEIGHT))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.count - 1

    def action_page_down_list(self) -> None:
        self.cursor += max(1, self.size.height // ROW_HEIGHT - 1)

    def action_page_up_list(self) -> None:
        self.cursor -= max(1, self.size.height // ROW_HEIGHT - 1)

    def _on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)  # event.y counts the border's line
        if where is None:  # on the border
            return
        index = (where.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= index < self.count:
            self.cursor = index
            row = self.current
            if row is not None and event.chain >= 2:
                self.post_message(self.Selected(row))

    def on_resize(self, event: events.Resize) -> None:
        # The content width (as load() sets it): the event's size is the whole widget, border and all,
        # and a virtual width that wide would bring a horizontal scrollbar.
        self.virtual_size = Size(self.scrollable_content_region.width, self.count * ROW_HEIGHT)
        self._show_cursor()

    # -- rendering -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, line = divmod(y + self.scroll_offset.y, ROW_HEIGHT)
        base = self.rich_style
        row = self.row(index) if index < self.count else None
        if row is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("article-list--cursor")
        text = self._line(row, line, width)
        if index == self.cursor:  # the cursor's colours only: muted or accent text may not read on it
            text.spans = [RichSpan(s.start, s.end, s.style.without_color if isinstance(s.style, RichStyle) else s.style)
                          for s in text.spans]
        strip = Strip(list(text.render(self.app.console))).apply_style(style)
        return strip.adjust_cell_length(width, style)

    def _line(self, row, line: int, width: int) -> Text:
        """Line 0: marker, star and the title; line 1: the rest of a long title, the feed, the date.

        Titles come first (issue 17 item 18): a title too long for its line goes on
        into the second, before the feed. A title that fits the two lines shows whole,
        the feed getting what room is left; a longer one is cut so that the feed keeps
        a few letters, or, in a list too narrow for both, gives way to the title. The
        date keeps its place at the right, whole, compact in a narrow list. Widths are
        terminal cells: CJK characters and emoji take two.
        """
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        first, rest = split_title(one_line(row.title) or "(untitled)", width - INDENT)
        title_style = self.get_component_rich_style(
            "article-list--unread" if not row.read else "article-list--read", partial=True)
        if line == 0:
            marker = self.get_component_rich_style("article-list--marker")
            star = self.get_component_rich_style("article-list--star")
            text.append(" ● " if not row.read else "   ", marker)
            text.append("★ " if row.starred else "  ", star)
            text.append(first, title_style)
        else:
            meta = self.get_component_rich_style("article-list--meta", partial=True)
            now = self._now() if self._now else None
            when = (relative_date(row.published, now) if width >= ROOMY
                    else compact_date(row.published, now))
            if row.date_is_guess:
                when += "?"
            size = row.story_size or 1
            versions = f" ×{size}" if size > 1 else ""  # shown with one row per story
            if (getattr(row, "enclosures", 0) or 0) > 0:
                versions = f" {ENCLOSURE_MARK}" + versions  # it has audio, video or a file (P plays it)
            # Cells, not characters, all through: a wide title must not push the date out.
            room = max(0, width - INDENT - cells(when) - cells(versions) - 2)
            text.append(" " * INDENT)
            source = one_line(row.feed)
            if rest and cells(rest) <= room:  # the title's end, whole; the feed if a few letters of it fit
                text.append(rest, title_style)
                room -= cells(rest) + 3
                source = source if room >= min(cells(source), MIN_FEED) else ""
                if source:
                    text.append(" · ", meta)
            elif rest:  # a title longer than both lines: the title gets the room, the feed a few letters
                keep = min(cells(source), MIN_FEED)
                cut = room - keep - 3
                if cut < min(MIN_REST, cells(rest)):  # a narrow list: the title before the feed
                    cut, source = room, ""
                if cut > 1:
                    text.append(crop(rest, cut - 1).rstrip() + "…", title_style)
                if source:
                    text.append(" · ", meta)
                room = max(0, room - cut - 3)
            if source and cells(source) > room:
                source = crop(source, room - 1) + "…" if room > 1 else ""
            text.append(source, meta)
            text.append(versions, self.get_component_rich_style("article-list--story", partial=True))
            text.append(" " * max(1, width - text.cell_len - cells(when)))
            text.append(when, meta)
        text.truncate(width, overflow="ellipsis")
        return text

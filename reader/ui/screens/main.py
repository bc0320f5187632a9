"""The main screen: it owns the state (view, search, selection) and runs the workers.

Widgets show what they are given and report with messages. Every call into
the library that can block runs in a thread worker, except reading a page
of the list (a few milliseconds, see widgets/article_list.py).

Where things live (issue 17 item 23):
- reader/ui/state.py          the state in one object (self.state): view, search, sort, selection
- reader/ui/article_loading.py the list's highlight/Enter -> the reading pane and sidebar
- reader/ui/searching.py      / and the search box
- reader/ui/feed_picker.py    f: the feed picker
- reader/ui/feed_admin.py     removing/renaming feeds, reading the config file again
- reader/ui/refreshing.py     r, R, x and the auto-refresh timer; sync of feed server accounts
- reader/ui/analysis.py       the background analysis and its status
- reader/ui/links.py          o, y, L, Y, P and w: the open article's links, enclosures, full text
- reader/ui/marking.py        m, s and A: read and star marks, saved off the app's thread
- reader/ui/panes.py          which panes show and which has the keys: Tab, i, one pane under 60 columns
- here                        layout, startup, the view's counting, header and status line,
                              moving, views, quitting
- reader/ui/commands.py       every key: its action name, footer text and palette entry
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from reader.config import SORT_ORDERS
from reader.store.db import CacheError
from reader.store.query import QueryError, parse_query
from reader.ui import commands
from reader.ui.analysis import Analysis
from reader.ui.article_loading import ArticleLoading
from reader.ui.feed_admin import FeedAdmin
from reader.ui.feed_picker import FeedPicker
from reader.ui.links import Links
from reader.ui.marking import Marking
from reader.ui.panes import ONE_PANE, SIDE_BY_SIDE, Panes
from reader.ui.format import combine, number, one_line, plural, quote, view_title
from reader.ui.messages import Counted, Ready
from reader.ui.refreshing import Refreshing
from reader.ui.searching import Searching
from reader.ui.state import NOTE_SECONDS, MainState, entity_of, state_attribute
from reader.ui.widgets.article_list import ArticleList, Pages
from reader.ui.widgets.key_hints import KeyHints
from reader.ui.widgets.reading import ReadingPane
from reader.ui.widgets.search_box import SearchBox, SearchStandIn
from reader.ui.widgets.sidebar import Sidebar

SORT_NAMES = {"newest": "newest", "oldest": "oldest", "feed": "feed", "title": "title", "unread": "unread first"}
PANES_AT_THE_LATEST = 0.5  # seconds: the panes wait this long at most for the first screen's data
BACK_HISTORY = 50  # articles q and Escape can go back through after following related ones


class EmptyNote(Static, can_focus=True):
    """Why the list is empty. It takes the focus the hidden list had, so the keys typed next
    reach the screen's bindings, not the search box (the next focusable widget)."""


class MainScreen(ArticleLoading, Searching, FeedPicker, FeedAdmin, Refreshing, Analysis, Links, Marking, Panes, Screen):
    BINDINGS = commands.bindings() + commands.NUMBER_BINDINGS
    # The screen's state lives in self.state (reader/ui/state.py); these read and write it there.
    view = state_attribute("view")
    search = state_attribute("search")
    unread_only = state_attribute("unread_only")
    stories = state_attribute("stories")
    sort = state_attribute("sort")
    story = state_attribute("story")
    query_error = state_attribute("query_error")
    count = state_attribute("count")
    unread = state_attribute("unread")
    article = state_attribute("article")
    opened_id = state_attribute("opened_id")
    _asked = state_attribute("asked")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SIDE_BY_SIDE, "-wide"), (140, "-xwide")]
    AUTO_FOCUS = "#articles"

    def __init__(self, library, *, autostart: bool = True) -> None:
        super().__init__()
        self.library = library
        self.autostart = autostart
        self.state = MainState()  # reader/ui/state.py: what the user sees; self.view is self.state.view
        self._status_note = ""  # the status line's note part (_note); refreshing.py and analysis.py keep theirs
        self._came_from: list[int] | None = None  # articles left by following another (follow); q goes back
        self._note_timer: Timer | None = None  # clears the note: notes go stale
        self._ready = False
        self._startup_done: threading.Event | None = None  # set when _startup_result is in
        self._startup_result: Ready | Exception | None = None
        self._first_shown = False  # the app has been told the first screen is painted

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The width's breakpoint class now, from the app's size: added by the first resize
        # instead, it would restyle every widget of the screen a second time before the first paint.
        width = self.app.size.width
        reached = [name for at, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= at]
        if reached:
            self.update_classes({name: name == reached[-1] for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False)
        self.set_class(width < ONE_PANE, "-tiny", update=False)
        yield Static(id="header", markup=False)
        panes = Horizontal(id="panes")
        panes.display = False  # shown with the first screen's data (_startup_landed): laid out once, full
        with panes:
            with Vertical(id="list-pane"):
                # The search box (an Input) is mounted right after the first screen (_search_box):
                # it is not part of what that screen shows, and costs about 15 ms to build and style.
                yield SearchStandIn("/ search", id="search-stand-in", markup=False)
                yield ArticleList(id="articles", now=self.now)
                yield EmptyNote(id="empty", markup=False)
            yield ReadingPane(id="reading")
            yield Sidebar(id="sidebar")
        yield Static(id="status", markup=False)
        yield KeyHints()

    def now(self) -> datetime:
        fixed = getattr(self.app, "now", None)
        if isinstance(fixed, datetime):
            return fixed
        return datetime.now(timezone.utc)

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    def on_mount(self) -> None:
        self.reading.border_title = "Article"
        self.articles.border_title = "Articles"
        self.sidebar.border_title = "Events"
        self.reading.clear("Loading…")
        self.sidebar.clear()
        self._paint_header()
        self._paint_status()
        self._restore_theme()
        self.call_after_refresh(self._startup)
        self.set_timer(PANES_AT_THE_LATEST, self._show_panes)  # should the reads be slow: empty panes, "Loading…"
        self._schedule_refresh()
        self.start_config_watch()  # feed_admin.py: edits to the config file apply without a restart
        self.start_cache_watch()  # refreshing.py: articles another process stores show up

    def on_unmount(self) -> None:
        for event in (self._refresh_cancel, self._analysis_cancel):
            if event is not None:
                event.set()

    # -- the query ---------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.state.query_text

    @property
    def entity(self) -> str | None:
        return self.state.entity

    def _reload(self, *, keep_id: int | None = None, index: int | None = None, reset: bool = False) -> None:
        """Count the view in a worker, then point the list at it."""
        text = self.query_text
        try:
            parse_query(self.search)  # alone first: the column in the message is the search box's
            parse_query(text)
        except QueryError as exc:
            # The list stays as it was; the status says what is wrong and where, the box turns red.
            self._show_query_error(str(exc))
            return
        self._show_query_error("")
        if keep_id is None and not reset:
            row = self.articles.current
            keep_id = row.id if row is not None else None
        self._count_view(text, keep_id, index, self.stories)

    def _counts(self, text: str, stories: bool) -> tuple[int, int]:
        """Rows of the view and how many of them are unread (stories: one row per story, unread
        when any of its versions is). Call from a worker."""
        count = self.library.count(text, stories=stories)
        if "is:unread" in text:
            return count, count
        return count, self.library.count(combine(text, "is:unread"), stories=stories)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count_view(self, text: str, keep_id: int | None, index: int | None, stories: bool) -> None:
        count, unread = self._counts(text, stories)
        if stories and keep_id is not None:
            versions = self.library.story(keep_id)
            if versions:
                keep_id = versions[-1]  # the story's row is its newest version
        self.post_message(Counted(text, count, unread, keep_id, index, stories))

    def on_counted(self, message: Counted) -> None:
        if message.query != self.query_text or message.stories != self.stories:
            return  # an older search; a newer count is on its way
        self.count, self.unread = message.count, message.unread
        text = message.query
        pages = self._pages(text, message.stories, message.count, self.sort)
        self._show_view(pages, message.keep_id, message.index)

    def _fetch(self, text: str, stories: bool, sort: str = "newest"):
        """The list's page reader for a view (a search with words is in order of relevance, not by key)."""
        library = self.library
        if sort == "newest":
            return lambda limit, offset, before: library.list_articles(text, limit=limit, offset=offset,
                                                                       before=before, stories=stories)
        return lambda limit, offset, before: library.list_articles(text, limit=limit, offset=offset, before=before,
                                                                   stories=stories, sort=sort)

    def _pages(self, text: str, stories: bool, count: int, sort: str) -> Pages:
        """Newest and oldest first page by key; the other orders (and ranked searches) by offset."""
        return Pages(self._fetch(text, stories, sort), count,
                     keyset=sort in ("newest", "oldest") and not parse_query(text).match)

    def _show_view(self, pages: Pages, keep_id: int | None, index: int | None) -> None:
        self.articles.show_pages(pages, keep_id=keep_id, index=index)
        empty = self.query_one("#empty", Static)
        had_list = self.focused is None or self.focused is self.articles or self.focused is empty
        empty.display = pages.count == 0
        self.articles.display = pages.count > 0
        if had_list:
            self.set_focus(self.articles if pages.count else empty)
        if pages.count == 0:
            empty.update(Content(self._empty_message()))
            self.reading.clear("Nothing to show in this view.")
            self.sidebar.clear()
            self.article = None
        self._paint_header()
        self._paint_status()

    def _empty_message(self) -> str:
        if self.search:
            return f"No articles match {self.search!r}. Escape clears the search."
        if self.unread_only or self.view == "is:unread":
            return "No unread articles. u shows all of them."
        if self.view:
            return "No articles in this view. Escape goes back to all articles."
        if not self.library.config.feeds:
            return ("The cache is empty and no feeds are configured. Add one with `reader add URL` "
                    f"(config: {self.library.config.path or 'none'}), or store article files with "
                    "`reader ingest FILES`.")
        return "The cache is empty: r refreshes the feeds."

    # -- header and status ---------------------------------------------------------

    def _paint_header(self) -> None:
        parts = [Content("reader").stylize("bold"), Content(view_title(self.view) if self.view else "All articles")]
        if self.search:
            parts.append(Content("search: ") + Content(one_line(self.search)).stylize("bold"))
        if self.unread_only and self.view != "is:unread":
            parts.append(Content("unread only"))
        if self.sort != "newest":
            parts.append(Content(f"by {SORT_NAMES[self.sort]}"))
        rows = (f"{number(self.count)} {'story' if self.count == 1 else 'stories'}" if self.stories
                else plural(self.count, "article"))
        parts.append(Content(f"{rows} · {number(self.unread)} unread"))
        self.query_one("#header", Static).update(Content("  │  ").join(parts))

    def _paint_status(self) -> None:
        # The note first: it is the newest and goes after NOTE_SECONDS, and a long refresh
        # summary before it cut it off at the right edge (QA: "… x for details · Fu…").
        parts = [p for p in (self.query_error and f"Search: {self.query_error}", self._status_note,
                             self._status_refresh, self._status_analysis) if p]
        self.query_one("#status", Static).update(Content("  ·  ".join(parts)))

    def _note(self, text: str) -> None:
        """A note in the status line; it goes after NOTE_SECONDS, or when the view changes."""
        self._status_note = text
        self._paint_status()
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SECONDS, self._clear_note) if text else None

    def _clear_note(self) -> None:
        self._note_timer = None
        if self._status_note:
            self._status_note = ""
            self._paint_status()

    # -- startup ---------------------------------------------------------------------

    def begin_startup(self) -> None:
        """Start reading what the first screen shows, in a thread; the app calls this as it loads,
        before the terminal is set up and the screen composed, so the reads overlap that work."""
        if self._startup_done is not None:
            return
        done = self._startup_done = threading.Event()

        def run() -> None:
            try:
                self._startup_result = self._read_first_screen()
            except Exception as exc:  # shown in the status line; the app keeps running
                self._startup_result = exc
            finally:
                done.set()

        threading.Thread(target=run, name="reader-startup", daemon=True).start()

    def _startup(self) -> None:
        """Show the first screen's data as soon as it is read, after the first layout.

        Until then the panes are hidden (compose): Textual's start-up passes (the
        first layout, the resize it replays, the screen's resume) lay out and paint
        only the header and the key hints, which leaves the read thread the CPU,
        and the panes are laid out and painted once, full. Reading before compose
        instead was tried: slower, the read then waits for nothing but blocks all."""
        self.begin_startup()
        assert self._startup_done is not None
        if self._startup_done.is_set():
            self._startup_landed()
        else:
            self._wait_for_startup()

    @work(thread=True, exclusive=True, group="startup", exit_on_error=False)
    def _wait_for_startup(self) -> None:
        assert self._startup_done is not None
        self._startup_done.wait()
        self.app.call_from_thread(self._startup_landed)

    def _note_first_screen(self) -> None:
        self._first_shown = True
        self.app.call_after_refresh(self._first_screen_shown)

    def _first_screen_shown(self) -> None:
        self.app.first_screen_shown()
        self.call_after_refresh(self._mount_search_box)

    def _show_panes(self) -> None:
        self.query_one("#panes").display = True

    def _startup_landed(self) -> None:
        result = self._startup_result
        if isinstance(result, Ready):
            self.on_ready(result)
        else:
            import sqlite3

            from reader.store.db import describe_error

            path = self.library.store.path
            why = describe_error(result) if isinstance(result, sqlite3.DatabaseError) else f"{type(result).__name__}: {result}"
            self.reading.clear(f"Could not read the cache {path}: {why}. `reader check` lists what is damaged; "
                               "nothing was changed.")
            self._note(f"Could not read the cache {path}: {why}")
        self._show_panes()
        if not self._first_shown:  # no article to show
            self._note_first_screen()

    def _read_first_screen(self) -> Ready:
        """Everything the first screen shows, read in one go: the saved view and selection, the
        view's counts, its first page and the selected article with its sidebar. One message's
        worth, so the first screen is laid out and painted once, not once per step. Runs in a thread."""
        loaded = False
        note = ""
        try:
            loaded = self.library.load_samples_if_empty()
        except Exception as exc:  # the samples are a convenience; never a reason not to start
            note = f"Could not load the samples: {exc}"
        library = self.library
        selected = library.get_state("ui.selected")
        view = library.get_state("ui.view", "") or ""
        try:
            parse_query(view)
        except QueryError:
            view = ""
        unread_only = library.get_state("ui.unread_only", "0") == "1"
        stories = library.get_state("ui.stories", "0") == "1"
        keep_id = int(selected) if selected and selected.isdigit() else None
        text = combine(view, "is:unread" if unread_only and "is:unread" not in view else "")
        count, unread = self._counts(text, stories)
        if stories and keep_id is not None:
            versions = library.story(keep_id)
            if versions:
                keep_id = versions[-1]  # the story's row is its newest version
        configured = library.config.settings.sort
        sort = library.get_state("ui.sort") or configured
        if library.get_state("ui.sort_config", configured) != configured or sort not in SORT_ORDERS:
            sort = configured  # the config's order has changed since the list's was chosen
        self.sort = sort
        pages = self._pages(text, stories, count, sort)
        index = pages.find(keep_id) if keep_id is not None else None
        row = pages.row(index if index is not None else 0)
        first = self._article_data(row.id, entity=entity_of(view)) if row is not None else None
        return Ready(view=view, unread_only=unread_only, selected=keep_id, loaded_samples=loaded,
                     stories=stories, count=count, unread=unread, pages=pages, first=first, note=note)

    def on_ready(self, message: Ready) -> None:
        self._ready = True
        if message.note:
            self._status_note = message.note
        self.view = message.view
        self.unread_only = message.unread_only
        self.stories = message.stories
        self.count, self.unread = message.count, message.unread
        if message.first is not None:
            # The list's first Highlighted is this article: show it now, not after the preview delay.
            self._first_id = message.first.article.id
        self._show_view(message.pages, message.selected, None)
        if message.first is not None:
            self.on_article_loaded(message.first)
        self.note_samples()
        self.note_set_aside()
        if self.autostart:
            # Analysis waits for the first article to be painted (see on_article_loaded): its
            # thread would otherwise hold the GIL while the first screen is built. When no
            # article shows (an empty list), it starts after a second all the same.
            self.set_timer(1.0, self._start_first_analysis)

    def _restore_theme(self) -> None:
        """The theme last chosen in the palette, unless the config's theme has changed since.

        Read here, before the first paint, so the app does not flash the config's
        theme first (one indexed read of the state table).
        """
        configured = self.library.config.settings.theme
        saved = self.library.get_state("ui.theme")
        if saved and self.library.get_state("ui.theme_config") == configured and saved in self.app.available_themes:
            self.app.theme = saved
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:
        if getattr(self.library, "readonly", False):
            return
        try:
            self.library.set_state("ui.theme", theme.name)
            self.library.set_state("ui.theme_config", self.library.config.settings.theme)
        except CacheError as exc:  # a full disk: the theme is still changed, for this run
            self._note(str(exc))

    def _save_state(self) -> str | None:
        """Keep the view and selection for next time; returns why they could not be kept, if not."""
        if not self._ready or getattr(self.library, "readonly", False):
            return None  # a read-only cache: nothing to keep them in, and nothing to say each time
        row = self.articles.current
        state = {"ui.view": self.view, "ui.unread_only": "1" if self.unread_only else "0",
                 "ui.stories": "1" if self.stories else "0", "ui.sort": self.sort,
                 "ui.sort_config": self.library.config.settings.sort}
        if row is not None:
            state["ui.selected"] = str(row.id)
        try:
            for key, value in state.items():
                self.library.set_state(key, value)
        except CacheError as exc:  # a full disk: say so; reading goes on
            return str(exc)
        return None

    @work(thread=True, group="state", exit_on_error=False)
    def _save_state_later(self) -> None:
        problem = self.app.call_from_thread(self._save_state)
        if problem:
            self.app.call_from_thread(self._note, problem)

    # -- the header's counts ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="header", exit_on_error=False)
    def _count_header(self) -> None:
        text, stories = self.query_text, self.stories
        count, unread = self._counts(text, stories)

        def paint() -> None:
            if text == self.query_text and stories == self.stories:
                self.count, self.unread = count, unread
                self._paint_header()

        self.app.call_from_thread(paint)

    # -- actions: moving ------------------------------------------------------------

    def _focused_list(self) -> bool:
        return self.focused is None or isinstance(self.focused, ArticleList)

    def action_cursor_down(self) -> None:
        focused = self.focused
        if isinstance(focused, ReadingPane):
            focused.scroll_down(animate=False)
        elif isinstance(focused, OptionList):
            focused.action_cursor_down()
        else:
            self.articles.action_cursor_down()

    def action_cursor_up(self) -> None:
        focused = self.focused
        if isinstance(focused, ReadingPane):
            focused.scroll_up(animate=False)
        elif isinstance(focused, OptionList):
            focused.action_cursor_up()
        else:
            self.articles.action_cursor_up()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, ReadingPane):
            span = focused.current_entity
            if span is not None:
                self.open_entity_page(span.name or span.text)
            return
        if isinstance(focused, OptionList):
            focused.action_select()
            return
        self._open_current()
        if self.has_class("-tiny") and self.articles.current is not None:
            self._one_pane(reading=True)

    def _jump_unread(self, step: int) -> None:
        articles = self.articles
        index = articles.find_next(lambda row: not row.read, articles.cursor, step)
        if index is None:
            self.notify("No more unread articles in this view." if step > 0
                        else "No earlier unread articles in this view.", timeout=3)
            return
        articles.cursor = index
        self._open_current()
        if self.has_class("-tiny"):
            self._one_pane(reading=True)  # n reads the next unread: the article, as Enter shows it

    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    # -- actions: views -------------------------------------------------------------

    def action_clear(self) -> None:
        if not self._go_back() and self._refresh_cancel is not None:
            self._cancel_refresh()

    def action_back(self) -> None:
        """q: back one level (newsboat's habit); from the top (all articles, nothing open), quit."""
        if not self._go_back():
            self.action_quit()

    def _go_back(self) -> bool:
        """Undo the innermost of: the sidebar overlay, the search, an article followed (back to
        the one left), the current entity, the unread filter, the view. False when there is
        nothing to undo (the top)."""
        if self.has_class("-narrow") and self.sidebar.has_class("-shown"):
            self._toggle_sidebar(False)  # the overlay first: it hides what Escape would act on
            return True
        if self.has_class("-tiny") and self.has_class("-reading"):
            if self._came_from:  # an article followed: back to the one left, still full width
                self._show_other(self._came_from.pop())
                self._one_pane(reading=True)
                return True
            self._one_pane(reading=False)  # one pane at a time: from the article back to the list
            return True
        search = self._search_box()
        if self.focused is search or self.search or search.value:
            self._clear_search()
            return True
        if self._came_from:  # an article followed from the sidebar, the timeline or an entity page
            self._show_other(self._came_from.pop())
            return True
        if self.reading.current_entity is not None and self.focused is self.reading:
            self.reading.clear_entity()
            return True
        if self.unread_only:
            self.action_toggle_unread()
            return True
        if self.view:
            self._set_view("")
            return True
        return False

    def _set_view(self, view: str) -> None:
        self._clear_note()  # about the view being left
        self.view = view
        self.unread_only = self.unread_only and view != "is:unread"
        self._paint_header()
        self._reload()
        self._save_state_later()

    def action_toggle_unread(self) -> None:
        self._clear_note()
        self.unread_only = not self.unread_only
        self._paint_header()
        self._reload()
        self._save_state_later()

    def action_cycle_sort(self) -> None:
        self.sort = SORT_ORDERS[(SORT_ORDERS.index(self.sort) + 1) % len(SORT_ORDERS)]
        self._paint_header()
        self._reload()
        self._save_state_later()
        if parse_query(self.query_text).match:
            self._note(f"Sorted by {SORT_NAMES[self.sort]} (a search with words stays by relevance).")

    def action_toggle_stories(self) -> None:
        self.stories = not self.stories
        self._paint_header()
        self._reload()
        self._save_state_later()
        self._note("One row per story: ×N counts its reports; [ and ] step through them in the reading pane."
                   if self.stories else "Every article has its row.")

    def action_next_version(self) -> None:
        self._step_version(1)

    def action_previous_version(self) -> None:
        self._step_version(-1)

    def _step_version(self, step: int) -> None:
        """Show the next or previous version of the open article's story (and mark it read)."""
        if self.article is None:
            return
        if len(self.story) < 2:
            self.notify("No other feed reported this story." if self.article.analysed
                        else "This article has not been analysed yet.", timeout=3)
            return
        index = self.story.index(self.article.id) + step
        if not 0 <= index < len(self.story):
            self.notify("This is the newest report." if step > 0 else "This is the oldest report.", timeout=3)
            return
        self._show_other(self.story[index])

    def follow(self, article_id: int) -> None:
        """Open a related article, an event's source or an article from an entity page: q and
        Escape then come back to the article left (a back history, as a browser's)."""
        current = self.article.id if self.article is not None else None
        if current is not None and current != article_id:
            self._came_from = ((self._came_from or []) + [current])[-BACK_HISTORY:]
        self._show_other(article_id)

    def _show_other(self, article_id: int) -> None:
        """Open an article that may not be the cursor's row (it is still marked read)."""
        index = self.articles.find(article_id)
        if index is not None:
            self.articles.cursor = index
            self._open_current()
            return
        self.opened_id = article_id
        self._load_article(article_id)
        self.articles.update_row(article_id, read=True)
        self._write_flag("read", [article_id], True)

    def _show_entity(self, name: str) -> None:
        self._set_view(f"entity:{quote(name)}")
        self.articles.focus()
        self._note(f"Articles that mention {one_line(name)}; Escape goes back.")

    def on_reading_pane_entity_chosen(self, message: ReadingPane.EntityChosen) -> None:
        self.open_entity_page(message.span.name or message.span.text)

    def open_entity_page(self, name: str) -> None:
        """The entity's page (reader/ui/screens/entity.py); its `a` lists its articles here."""
        from reader.ui.screens.entity import EntityScreen

        self.app.push_screen(EntityScreen(self.library, name))

    def action_timeline_view(self) -> None:
        from reader.ui.screens.timeline import TimelineScreen

        if self.article is None:
            self.notify("No article to show the timeline of.", timeout=3)
            return
        self.app.push_screen(TimelineScreen(self.library, self.article))

    def action_statistics(self) -> None:
        from reader.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.library))

    def action_next_entity(self) -> None:
        self._move_entity(1)

    def action_previous_entity(self) -> None:
        self._move_entity(-1)

    def _move_entity(self, step: int) -> None:
        if self.article is None:
            return
        if not self.article.analysed:
            self.notify("This article has not been analysed yet.", timeout=3)
            return
        if self.reading.move_entity(step) is None:
            self.notify("No names in this article.", timeout=3)
            return
        self.reading.focus()

    def action_code_right(self) -> None:
        self._shift_code(1)

    def action_code_left(self) -> None:
        self._shift_code(-1)

    def _shift_code(self, direction: int) -> None:
        reading = self.reading
        step = max(8, reading.query_one("#text").content_size.width // 2)
        if not reading.shift_code(direction * step):
            self.notify("No code in this article is wider than the pane.", timeout=3)

    def on_sidebar_jump_to(self, message: Sidebar.JumpTo) -> None:
        if self.article is None:
            return
        self.reading.highlight_sentence(message.item.start, message.item.end)

    def on_sidebar_open_article(self, message: Sidebar.OpenArticle) -> None:
        self.follow(message.article_id)

    def action_help(self) -> None:
        from reader.ui.screens.modals import HelpScreen  # imported when first used: not at startup

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        problem = self._save_state()
        if problem:  # quit all the same, and say it after the screen is restored
            from rich.text import Text

            self.app.exit(0, message=Text(f"reader: {problem}"))
            return
        self.app.exit(0)

    # -- messages routed to the mixins ------------------------------------------------
    # Textual's @on registers a handler on the class that defines it only, so the
    # decorated routes are here and the work is in the mixins' methods.

    @on(ArticleList.Highlighted)
    def _route_highlighted(self, message: ArticleList.Highlighted) -> None:
        self._highlighted(message)  # article_loading.py

    @on(ArticleList.Selected)
    def _route_clicked(self, message: ArticleList.Selected) -> None:
        self._clicked(message)  # article_loading.py

    @on(Input.Changed, "#search")
    def _route_search_changed(self, event: Input.Changed) -> None:
        self._search_changed(event)  # searching.py

    @on(Input.Submitted, "#search")
    def _route_search_submitted(self, event: Input.Submitted) -> None:
        self._search_submitted(event)  # searching.py

    @on(SearchBox.Cancelled)
    def _route_search_cancelled(self) -> None:
        self._search_cancelled()  # searching.py

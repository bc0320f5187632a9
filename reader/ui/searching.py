"""The search box (/): mounted after the first screen, typed into with a short delay before
the list follows, Enter to go back to the list, Escape to clear.

A mixin of MainScreen. What it may change: the state's search and query_error
(reader/ui/state.py), and the list (through _reload). MainScreen routes the
box's messages here (Textual's @on registers only on the screen's own class).
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.timer import Timer
from textual.widgets import Input

from reader.store.query import QueryError, parse_query
from reader.ui.widgets.search_box import SearchBox, SearchStandIn

SEARCH_DELAY = 0.15  # seconds: the list follows the box once typing pauses this long


class Searching:
    """The search box and what it does to the view."""

    _search_timer: Timer | None = None

    def _mount_search_box(self) -> None:
        if self.query_one("#list-pane").is_attached:  # not while the app closes
            self._search_box()

    def _search_box(self) -> SearchBox:
        """The search box, mounted in place of its stand-in the first time it is needed."""
        for box in self.query(SearchBox):
            return box
        box = SearchBox(placeholder="/ search", id="search", compact=True, leave_to="#articles")
        stand_in = self.query_one(SearchStandIn)
        self.query_one("#list-pane").mount(box, before=stand_in)
        stand_in.remove()
        return box

    def _show_query_error(self, message: str) -> None:
        self.query_error = message
        for box in self.query(SearchBox):
            box.set_class(bool(message), "-invalid")
        self._paint_status()

    def action_search(self) -> None:
        """Focus the search box, at once, so the keys typed after the / land in it.

        A terminal delivers "/nato" in one burst. The app routes each key to the
        widget focused when the key arrives, but a normal binding only runs once
        the key has bubbled back up to the app, by which time the next keys are
        already queued for the list (where n, s, m... are commands). Search is
        therefore a priority binding: it runs as the key arrives, before the
        next key is routed. In the search box itself, / is just a character.
        """
        search = self._search_box()
        if self.focused is search:
            raise SkipAction()
        self.set_focus(search)  # immediate, unlike Widget.focus()

    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._set_search(value))

    def _set_search(self, value: str) -> None:
        if value == self.search:
            return
        self._clear_note()
        self.search = value
        self._paint_header()
        self._reload(reset=True)

    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._set_search(event.value)
        self.set_focus(self.articles)

    def _search_cancelled(self) -> None:
        self._clear_search()

    def _clear_search(self) -> None:
        search = self._search_box()
        if self._search_timer is not None:
            self._search_timer.stop()
        search.value = ""
        self.set_focus(self.articles)
        if self.search:
            self.search = ""
            self._reload()
            self._paint_header()

    def _terms(self) -> list[str]:
        try:
            return parse_query(self.search).terms if self.search else []
        except QueryError:
            return []

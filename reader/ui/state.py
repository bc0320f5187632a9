"""The main screen's state, in one place (issue 17 item 23).

What the user is looking at: the view and its filters, the search, the list's
mode and order, its counts, the open article and its story, and the number being
typed after L, Y or P. MainScreen owns one MainState (``screen.state``) and its
mixins (reader/ui/refreshing.py, searching.py, feed_picker.py, analysis.py,
article_loading.py, feed_admin.py) read and change it through the screen's
attributes of the same names (``screen.view`` is ``screen.state.view``).

The workers' bookkeeping (timers, cancel events) stays with the code that runs
them: it is not what the user sees, and only that code may touch it.

No textual here: the state is plain data, testable without an app.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from reader.store.query import parse_query
from reader.ui.format import combine

NOTE_SECONDS = 10.0  # a note in the status line is cleared after this long


def entity_of(view: str) -> str | None:
    """The entity of an entity view (entity:"X"), else None."""
    query = parse_query(view) if view.startswith("entity:") else None
    return query.entities[0] if query and query.entities else None


@dataclass
class MainState:
    """The selection, filter/view, search, stories mode, sort and pending number of the main screen."""

    view: str = ""  # the base view: "", "is:unread", feed:"X", tag:"X", entity:"X", a saved view's query
    search: str = ""  # the search box's text, as last applied
    unread_only: bool = False  # u: unread articles only, on top of the view
    stories: bool = False  # one row per story in the list
    sort: str = "newest"  # the list's order (store/listing.py SORTS); a search with words is ranked
    query_error: str = ""  # why the search does not parse ("" when it does)
    count: int = 0  # rows of the view as last counted
    unread: int = 0  # unread rows of the view as last counted
    article: Any = None  # the article in the reading pane (a reader.model.Article)
    opened_id: int | None = None  # the article last opened, which may not be the cursor's row
    story: list[int] = field(default_factory=list)  # the open article's story: its versions' ids, oldest first
    asked: tuple[str, str, str] | None = None  # (action, "link"/"enclosure", digits) after L, Y, P

    @property
    def query_text(self) -> str:
        """The query the list shows: the view, the search and the unread filter."""
        unread = "is:unread" if self.unread_only and "is:unread" not in self.view else ""
        return combine(self.view, self.search, unread)

    @property
    def entity(self) -> str | None:
        """The entity the view is about, if it is an entity view."""
        return entity_of(self.view)


STATE_FIELDS = tuple(f.name for f in fields(MainState))


def state_attribute(name: str) -> property:
    """A screen attribute that is the state's field `name` (so `screen.view` reads `screen.state.view`)."""

    def get(screen) -> Any:
        return getattr(screen.state, name)

    def set_(screen, value: Any) -> None:
        setattr(screen.state, name, value)

    return property(get, set_, doc=f"MainState.{name}")

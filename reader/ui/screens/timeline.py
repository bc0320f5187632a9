"""The timeline view of one article (T from the main screen): its events and
those of related articles on one time axis, the article's own date marked.

Left/right step through the events; Enter on an event of this article goes
back and shows its sentence, on another article's event opens that article;
q or Escape goes back.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.ui.format import MUTED, one_line
from reader.ui.widgets.timeline_view import TimelineAxis, TimelinePanel

HINT = "←/→ step through events · Enter: open · q/Esc: back"


class TimelineScreen(Screen):
    DEFAULT_CSS = """
    TimelineScreen #view-title { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap;
                                 text-overflow: ellipsis; }
    TimelineScreen #view-body { height: 1fr; padding: 1 1 0 1; }
    TimelineScreen TimelinePanel > #timeline-detail { max-height: 100%; }
    TimelineScreen #view-hint { height: 1; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "back", "Back", show=False)]

    def __init__(self, library, article) -> None:
        super().__init__()
        self.library = library
        self.article = article

    def compose(self) -> ComposeResult:
        yield Static(Content("Timeline of ") + Content(one_line(self.article.title)).stylize("bold"),
                     id="view-title", markup=False)
        with Vertical(id="view-body"):
            yield TimelinePanel(id="timeline-panel", own_id=self.article.id)
        yield Static(Content(HINT).stylize(MUTED), id="view-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TimelineAxis).focus()
        self.query_one(TimelinePanel).set_events(list(self.article.events), self.article.published.date(),
                                                 title="Reading…")
        self._load()

    def reload(self) -> None:
        """Analysis or relinking changed this article or its related ones: read them again."""
        self._load(fresh=True)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, fresh: bool = False) -> None:
        article = self.article
        try:
            if fresh:
                article = self.library.article(article.id) or article
            related = self.library.related(article.id) if article.analysed else None
        except Exception:  # a busy or unreadable cache: the article's own events still show
            related = None
        self.app.call_from_thread(self._show, related, article)

    def _show(self, related, article=None) -> None:
        if article is not None:
            self.article = article
        if related is None:
            events = list(self.article.events)
            title = "This article" if self.article.analysed else "Not analysed yet"
        else:
            events = related.events
            title = "This article and related ones"
        self.query_one(TimelinePanel).set_events(events, self.article.published.date(), title=title)

    def action_back(self) -> None:
        self.dismiss()

    def on_timeline_axis_chosen(self, message: TimelineAxis.Chosen) -> None:
        event = message.event
        sources = getattr(event, "sources", None) or [(self.article.id, self.article.title)]
        own = getattr(event, "own", True)
        main = self.app.main_screen
        self.dismiss()
        if own and getattr(event, "start", -1) >= 0:
            main.reading.highlight_sentence(event.start, event.end)
            main.reading.focus()
        else:
            other = next((sid for sid, _t in sources if sid != self.article.id), sources[0][0])
            main.follow(other)

"""Loading articles into the reading pane and the sidebar: the list's highlight previews an
article after a short delay, Enter opens it (and marks it read); the article, its related
articles, story and the entity view's timeline are read in a worker.

A mixin of MainScreen. What it may change: the state's article, story and opened_id
(reader/ui/state.py), the reading pane, the sidebar; it marks articles read.
MainScreen routes the list's Highlighted and Selected messages here.
"""

from __future__ import annotations

import os

from textual import work
from textual.content import Content
from textual.timer import Timer

from reader.ui.format import one_line
from reader.ui.messages import ArticleLoaded
from reader.ui.widgets.article_list import ArticleList

PREVIEW_DELAY = 0.05  # seconds: the highlighted article loads once the cursor rests this long


class ArticleLoading:
    """The list's highlight and selection, and the article worker."""

    _preview_timer: Timer | None = None
    _preview_read_timer: Timer | None = None  # [settings] preview_read_seconds
    _first_id: int | None = None  # the article the startup read with the first view

    def _highlighted(self, message: ArticleList.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if message.row is None:
            return
        row_id = message.row.id
        if row_id == self._first_id:
            self._first_id = None  # read with the startup's view and shown already
            self._mark_preview_later(row_id)
            return
        self._first_id = None
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._load_article(row_id))
        self._mark_preview_later(row_id)

    def _mark_preview_later(self, row_id: int) -> None:
        """[settings] preview_read_seconds: an article shown that long without moving on is read."""
        if self._preview_read_timer is not None:
            self._preview_read_timer.stop()
            self._preview_read_timer = None
        seconds = self.library.config.settings.preview_read_seconds
        if seconds and seconds > 0:
            def mark() -> None:
                self._preview_read_timer = None
                row = self.articles.current
                if row is not None and row.id == row_id and not row.read:
                    self._mark_read(row)

            self._preview_read_timer = self.set_timer(seconds, mark)

    def _clicked(self, message: ArticleList.Selected) -> None:
        self._open_current()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, article_id: int, keep_position: bool = False) -> None:
        message = self._article_data(article_id, entity=self.entity, keep_position=keep_position)
        if message is not None:
            self.post_message(message)

    def _article_data(self, article_id: int, *, entity: str | None,
                      keep_position: bool = False) -> ArticleLoaded | None:
        """The article, its related articles and story, and the entity view's timeline. Call from a worker."""
        article = self.library.article(article_id)
        if article is None:
            return None
        related = None
        if hasattr(self.library, "related") and article.analysed:
            related = self.library.related(article_id)
        timeline = None
        if entity is not None and hasattr(self.library, "entity_timeline"):
            timeline = self.library.entity_timeline(entity)
        story = related.story if related is not None else self.library.story(article_id)
        return ArticleLoaded(article, related, timeline, keep_position, list(story))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        current = self.articles.current
        if current is not None and current.id != article.id and article.id != self.opened_id:
            return  # the cursor has moved on
        self.article = article
        terms = self._terms()
        self.story = message.story if article.id in message.story else []
        self.reading.show(article, terms, keep_position=message.keep_position)
        feed = Content(one_line(article.feed) or "Article")
        if len(self.story) > 1:
            feed = Content(f"report {self.story.index(article.id) + 1} of {len(self.story)} · ") + feed
        self.reading.border_title = feed
        self.sidebar.show_article(article, message.related, now=self.now(),
                                  has_related=hasattr(self.library, "related"),
                                  entity=self.entity, entity_timeline=message.entity_timeline)
        if not self._first_shown:
            self._note_first_screen()
        if os.environ.get("READER_EXIT_AFTER_READY") == "1":
            # For bench/ (startup time, peak memory): exit once this first full screen is painted.
            self.app.call_after_refresh(self.app.exit_after_ready)
        if self.autostart and not self._analysis_started:
            # Through the app's queue too, after the hook above: the screen's own call_after_refresh
            # can run before the article's paragraphs are laid out and painted.
            self.app.call_after_refresh(self._start_first_analysis)

    def _open_current(self) -> None:
        row = self.articles.current
        if row is None:
            return
        self.opened_id = row.id
        if self.article is None or self.article.id != row.id:
            self._load_article(row.id)
        if not row.read:
            self._mark_read(row)
        self._save_state_later()

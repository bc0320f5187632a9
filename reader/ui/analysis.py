"""The background language analysis of new articles, started by the main screen after the
first article is painted, after each refresh and after a full text is fetched.

A mixin of MainScreen. What it may change: the status line's analysis part
(_status_analysis); it reloads the open article when its analysis or links change.
"""

from __future__ import annotations

import threading

from textual import work
from textual.timer import Timer

from reader.ui.format import error_text, number, plural
from reader.ui.messages import AnalysisDone, AnalysisProgress, Relinking
from reader.ui.state import NOTE_SECONDS

BUSY_RETRY_SECONDS = 30.0  # the analysis found the cache's write lock held by another process: again after this


class Analysis:
    """The analysis worker and its progress on the status line."""

    _analysis_cancel: threading.Event | None = None  # set: the analysis is running
    _analysis_again = False  # new articles landed while it ran: go again after
    _analysis_started = False  # the first analysis waits for the first painted article
    _relinked = False  # the running analysis relinks every article (on_relinking)
    _status_analysis = ""  # the status line's analysis part
    _analysis_timer: Timer | None = None  # clears "Analysed N articles."

    def _start_first_analysis(self) -> None:
        if not self._analysis_started:
            self._start_analysis()

    def _clear_analysis_status(self) -> None:
        self._analysis_timer = None
        if self._analysis_cancel is None and self._status_analysis:
            self._status_analysis = ""
            self._paint_status()

    def _start_analysis(self) -> None:
        self._analysis_started = True
        if self._analysis_cancel is not None:
            self._analysis_again = True  # new articles landed while it ran: go again after
            return
        self._analysis_cancel = threading.Event()
        self._analyse(self._analysis_cancel)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, cancel: threading.Event) -> None:
        try:
            pending = self.library.pending_analysis()
            if pending:
                self.post_message(AnalysisProgress(0, pending, []))
            done = self.library.analyse_pending(
                on_progress=lambda d, t, ids: self.post_message(AnalysisProgress(d, t, list(ids))), cancel=cancel,
                on_relink=lambda d, t: self.post_message(Relinking(d, t)),
                on_relink_writing=lambda d, t: self.post_message(Relinking(d, t, writing=True)))
        except Exception as exc:  # e.g. no model in this build: say so, keep reading
            from reader.store.db import is_busy_error

            self.post_message(AnalysisDone(0, error_text(exc), busy=is_busy_error(exc)))
            return
        self.post_message(AnalysisDone(done))

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self._status_analysis = f"Analysing {number(message.done)}/{number(message.total)} articles…"
        self._paint_status()
        if self.article is not None and self.article.id in message.ids:
            self._load_article(self.article.id, keep_position=True)
            self._reload_timeline_views()

    def on_relinking(self, message: Relinking) -> None:
        doing = "Saving related links" if message.writing else "Linking related articles"
        self._status_analysis = f"{doing} {number(message.done)}/{number(message.total)}…"
        self._paint_status()
        self._relinked = True

    def on_analysis_done(self, message: AnalysisDone) -> None:
        self._analysis_cancel = None
        if message.busy:
            # Another reader process is writing the cache (a long refresh or relink): what
            # was analysed is saved, the rest waits for the lock; try again after a while.
            self._status_analysis = (f"Analysis waits: another reader process is writing the cache; "
                                     f"trying again in {BUSY_RETRY_SECONDS:g} s")
            self._paint_status()
            self.set_timer(BUSY_RETRY_SECONDS, self._start_analysis)
            return
        if message.error:
            self._status_analysis = "Analysis stopped: " + message.error
            # The status line cuts a long reason: the whole of it once, where it cannot be missed.
            self.notify(message.error, title="Analysis stopped", severity="error", markup=False, timeout=10)
        elif message.done:
            self._status_analysis = f"Analysed {plural(message.done, 'article')}."
        elif self._relinked:
            self._status_analysis = "Linked related articles."
        self._paint_status()
        if not message.error:  # done: the line goes after a while
            if self._analysis_timer is not None:
                self._analysis_timer.stop()
            self._analysis_timer = self.set_timer(NOTE_SECONDS, self._clear_analysis_status)
        if self._relinked and self.article is not None:  # its related articles and story were rebuilt
            self._load_article(self.article.id, keep_position=True)
        if not message.error and (message.done or self._relinked):
            self._reload_timeline_views()
        self._relinked = False
        if self._analysis_again:
            self._analysis_again = False
            self._start_analysis()

    def _reload_timeline_views(self) -> None:
        """A timeline view opened before the analysis reached its article (or before the
        relink) shows the new events and related ones too."""
        from reader.ui.screens.timeline import TimelineScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, TimelineScreen) and screen.is_mounted:
                screen.reload()

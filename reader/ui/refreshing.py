"""Refreshing the feeds from the main screen (r, R, x, and by itself on a timer), with the
feed server accounts' sync first (issue 17 items 1, 2, 7, 19).

A mixin of MainScreen. What it may change: the status line's refresh part
(_status_refresh), the failures of the last refresh (x lists them), and the list,
reloaded as feeds land. Every library call runs in a thread worker; the screen's
state (reader/ui/state.py) is only read here.
"""

from __future__ import annotations

import threading

from textual import work
from textual.timer import Timer

from reader.ui.format import error_text, failure, one_line, plural
from reader.ui.messages import FeedLanded, RefreshDone


CACHE_POLL_SECONDS = 3.0  # how often the app looks for articles another process stored (one indexed read)


class Refreshing:
    """Refresh scheduling, refresh and sync workers, their progress and failures."""

    _refresh_timer: Timer | None = None  # the auto-refresh's interval ([settings] or a feed's refresh_minutes)
    _refresh_cancel: threading.Event | None = None  # set: a refresh is running (r again cancels it)
    _reload_timer: Timer | None = None  # the list's reload while feeds land, a few times a second at most
    _status_refresh = ""  # the status line's refresh part
    _refresh_new = 0
    _sync_lines: list[tuple[bool, str]] = []  # (ok, line) of each account; never appended to: replaced by each sync
    _failures: list[tuple[str, str]] = []  # (feed, error) of the refresh running or last done; replaced by each

    def _schedule_refresh(self) -> None:
        """(Re)start the auto-refresh timer for the config as it is now."""
        # The timer ticks at the shortest interval ([settings] or a feed's own); each tick
        # refreshes the feeds that are due (Library.due: intervals, ttl, max-age, back-off).
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        intervals = [self.library.config.settings.refresh_minutes,
                     *(f.refresh_minutes for f in self.library.config.feeds if f.refresh_minutes is not None)]
        minutes = min((m for m in intervals if m and m > 0), default=0)
        if minutes > 0:
            self._refresh_timer = self.set_interval(minutes * 60, self._scheduled_refresh, name="auto-refresh")

    def action_refresh(self) -> None:
        if self._refresh_cancel is not None:
            self._cancel_refresh()
            return
        self._start_refresh(None)

    def action_refresh_feed(self) -> None:
        if self._refresh_cancel is not None:
            self.notify("A refresh is running; r cancels it.", timeout=3)
            return
        if self.article is None:
            return
        self._refresh_current_feed(self.article.feed_id)

    @work(thread=True, group="refresh-feed", exit_on_error=False)
    def _refresh_current_feed(self, feed_id: int) -> None:
        configured = {f.url for f in self.library.config.feeds}
        feed = next((f for f in self.library.feeds() if f.id == feed_id), None)
        if feed is None or feed.url not in configured:
            name = one_line(feed.title) if feed is not None else "This article"
            self.app.call_from_thread(self.notify, f"{name} is not a configured feed (stored from files).",
                                      markup=False, timeout=4)
            return
        self.app.call_from_thread(self._start_refresh, [feed.url])

    def _scheduled_refresh(self) -> None:
        # Not _auto_refresh: Textual's DOMNode has an attribute of that name (None), which
        # shadowed this method, so the timer called nothing and refresh_minutes did nothing.
        if self._refresh_cancel is None:
            due, _later = self.library.due(automatic=True)  # one small read of the feeds table
            if due:
                self._start_refresh(due, automatic=True)

    def _start_refresh(self, urls: list[str] | None, automatic: bool = False) -> None:
        total = len(urls) if urls is not None else len(self.library.config.feeds)
        if total == 0 and (urls is not None or not self.library.config.accounts):
            self.notify(f"No feeds to refresh: add one with `reader add URL` "
                        f"(config: {self.library.config.path or 'none'}).", markup=False, timeout=6)
            return
        self._refresh_cancel = threading.Event()
        self._refresh_new = 0
        self._failures = []
        self._status_refresh = f"Refreshing 0/{total} feeds… (r again: cancel)"
        self._paint_status()
        self._refresh(urls, total, self._refresh_cancel, automatic)

    def _cancel_refresh(self) -> None:
        if self._refresh_cancel is not None:
            self._refresh_cancel.set()
            self._status_refresh = "Cancelling the refresh…"
            self._paint_status()

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, urls: list[str] | None, total: int, cancel: threading.Event, automatic: bool = False) -> None:
        done = 0

        def landed(report) -> None:
            nonlocal done
            done += 1
            self.post_message(FeedLanded(report, done, total))

        try:
            if urls is None and self.library.config.accounts:
                self._sync_accounts(cancel)
            summary = self.library.refresh(urls, on_report=landed, cancel=cancel, automatic=automatic)
        except Exception as exc:  # shown to the user; the app keeps running
            self.post_message(RefreshDone(None, error_text(exc)))
            return
        self.post_message(RefreshDone(summary))

    def _sync_accounts(self, cancel: threading.Event) -> None:
        """In the refresh worker: sync the feed server accounts first (their progress on the status line)."""
        words = {"login": "logging in", "pull": "articles pulled", "state": "reading marks", "push": "marks sent"}

        def progress(name: str, what: str, done: int, total: int) -> None:
            count = f"{done}/{total} " if total else (f"{done} " if done else "")
            self.app.call_from_thread(self._show_sync, f"Syncing {name}: {count}{words.get(what, what)}… "
                                                       "(r again: cancel)")

        def landed(report) -> None:
            self.app.call_from_thread(self._sync_landed, report)

        self._sync_lines = [(r.ok, r.line()) for r in self.library.sync(on_report=landed, on_progress=progress,
                                                                         cancel=cancel)]

    def _show_sync(self, text: str) -> None:
        self._status_refresh = text
        self._paint_status()

    def _sync_landed(self, report) -> None:
        self._show_sync(report.line())
        if not report.ok and not report.cancelled:
            self.notify(one_line(report.line()), title="Sync failed", severity="error", markup=False, timeout=8)
        if report.new or report.updated or report.marks_pulled:
            self._reload_soon()

    def on_feed_landed(self, message: FeedLanded) -> None:
        report = message.report
        self._refresh_new = getattr(self, "_refresh_new", 0) + report.new
        if report.status in ("error", "gone"):  # told once, grouped, when the refresh is done
            self._failures.append(failure(report.title, report.error))
        failed = f", {len(self._failures)} failed" if self._failures else ""
        self._status_refresh = (f"Refreshing {message.done}/{message.total} feeds, "
                                f"{plural(self._refresh_new, 'new article')}{failed}… (r again: cancel)")
        self._paint_status()
        notes = getattr(report, "notes", None)
        if notes:  # full-text pages that could not be read: the URL and the reason
            more = f" (and {len(notes) - 1} more; `reader refresh` lists them)" if len(notes) > 1 else ""
            self._note(f"{one_line(report.title)}: {one_line(notes[0])}{more}")
        if report.new or report.updated:
            self._reload_soon()

    # -- articles stored by another process ----------------------------------------

    _cache_newest: int | None = None  # the newest article id the list has seen

    def start_cache_watch(self) -> None:
        """`reader refresh` in a shell, a cron job or another reader stores articles while the
        app is open: they appear within CACHE_POLL_SECONDS, as the app's own refresh's do."""
        self._cache_newest = self._newest_article()
        self.set_interval(CACHE_POLL_SECONDS, self._watch_cache, name="cache-watch")

    def _newest_article(self) -> int | None:
        try:
            return self.library.newest_article_id()  # the rowid's B-tree: a read of a few pages
        except Exception:  # noqa: BLE001 - a damaged or vanished cache is the list's to report
            return self._cache_newest

    def _watch_cache(self) -> None:
        newest = self._newest_article()
        if newest == self._cache_newest:
            return
        self._cache_newest = newest
        if self._refresh_cancel is None:  # the app's own refresh reloads the list as feeds land
            self._reload_soon()
            self._start_analysis()  # stored with --no-analyse, say: analysed here

    def _reload_soon(self) -> None:
        """New articles appear as feeds land, at most a few times a second."""
        if self._reload_timer is None:
            def fire() -> None:
                self._reload_timer = None
                self._reload()

            self._reload_timer = self.set_timer(0.3, fire)

    def on_refresh_done(self, message: RefreshDone) -> None:
        self._refresh_cancel = None
        if message.summary is None:
            self._status_refresh = "Refresh failed: " + message.error
            self.notify(message.error, title="Refresh failed", severity="error", markup=False, timeout=8)
        else:
            syncs = getattr(self, "_sync_lines", [])
            failed = [line for ok, line in syncs if not ok]
            synced = [line for ok, line in syncs if ok]
            parts = ["Sync failed: " + "; ".join(failed)] if failed else []  # not "Refreshed: <an error>"
            if synced:
                parts.append("Synced: " + "; ".join(synced))
            if message.summary.reports or not syncs:
                parts.append("Refreshed: " + message.summary.line())
            self._status_refresh = " · ".join(parts)
        self._sync_lines = []
        self._cache_newest = self._newest_article()  # this refresh's articles: the reload below lists them
        self._tell_failures()
        self._paint_status()
        self._reload()
        self._start_analysis()

    def _tell_failures(self) -> None:
        """One notification for the refresh's failed feeds (the last refresh's go: the situation
        has changed), and a word in the status line until the next refresh."""
        for old in list(self.app._notifications):  # Textual has no public way to withdraw one
            if old.title in ("Feed error", "Feed errors"):
                self.app._unnotify(old)
        failures = self._failures
        if not failures:
            return
        if len(failures) == 1:
            feed, error = failures[0]
            self.notify(f"{feed}: {error}", title="Feed error", severity="error", markup=False, timeout=10)
        else:
            self.notify(f"{len(failures)} feeds failed: press x for details", title="Feed errors",
                        severity="error", markup=False, timeout=10)
        self._status_refresh += f" · {plural(len(failures), 'feed')} failed: x for details"

    def action_failures(self) -> None:
        if not self._failures:
            self.notify("No feed failed in the last refresh.", timeout=3)
            return
        from reader.ui.screens.modals import DetailsScreen  # imported when first used: not at startup

        lines = [f"{feed}: {error}" for feed, error in self._failures]
        self.app.push_screen(DetailsScreen(f"{plural(len(lines), 'feed')} failed in the last refresh", lines))

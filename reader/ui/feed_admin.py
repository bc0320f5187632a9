"""What the main screen does for the feeds a user manages (issue 17 items 4, 5, 8, 9):
remove or rename a feed from the feed picker (asking first), read the config file
again (ctrl+r, or by itself when the file changes: its mtime is polled every few
seconds), and say where the config file is while the bundled samples are shown.

A mixin of MainScreen: its methods use the screen's library, notify, _reload and
_fill_picker. Every library call that writes runs in a thread worker.
"""

from __future__ import annotations

import os

from textual import work

from reader.ui.format import one_line, plural

CONFIG_POLL_SECONDS = 3.0  # one stat() of the config file per tick


class FeedAdmin:
    _config_stamp: tuple[float, int] | None = None
    _config_timer = None

    # -- the config file -----------------------------------------------------------

    def _config_file(self):
        locations = getattr(self.library, "locations", None)
        if locations is not None:
            return locations.config_file
        return None if self.library.config.is_sample else self.library.config.path

    def _stamp(self) -> tuple[float, int] | None:
        path = self._config_file()
        try:
            info = os.stat(path) if path is not None else None
        except OSError:
            return None
        return (info.st_mtime, info.st_size) if info is not None else None

    def start_config_watch(self) -> None:
        self._config_stamp = self._stamp()
        self._config_timer = self.set_interval(CONFIG_POLL_SECONDS, self._watch_config, name="config-watch")

    def _watch_config(self) -> None:
        """The timer's tick: read the config again when its file changed (or appeared)."""
        stamp = self._stamp()
        if stamp != self._config_stamp:
            self._config_stamp = stamp
            if stamp is not None:
                self._reload_config(quiet=True)

    def action_reload_config(self) -> None:
        self._config_stamp = self._stamp()
        self._reload_config(quiet=False)

    @work(thread=True, exclusive=True, group="config", exit_on_error=False)
    def _reload_config(self, quiet: bool) -> None:
        from reader.config import ConfigError
        from reader.store.db import CacheError

        old = self.library.config
        try:
            self.library.reload_config()
        except (ConfigError, CacheError, OSError) as exc:  # a half-saved file: keep what was read before
            self.app.call_from_thread(self.notify, f"{one_line(str(exc))}; the previous settings stay.",
                                      title="Config not read", severity="error", markup=False, timeout=10)
            return
        self.app.call_from_thread(self._config_applied, old, quiet)

    def _config_applied(self, old, quiet: bool) -> None:
        from reader.ui.commands import check_keymap

        config = self.library.config
        app = self.app
        if config.settings.theme != old.settings.theme and config.settings.theme in app.available_themes:
            app.theme = config.settings.theme
        keymap, key_problems = check_keymap(dict(config.keys), config.key_lines)
        if config.keys != old.keys:
            app.set_keymap(keymap)
            self.refresh_bindings()
        if hasattr(self, "_schedule_refresh"):
            self._schedule_refresh()
        self._reload()
        problems = [*config.problems, *key_problems]
        path = one_line(str(config.path))
        if problems:  # one notification, however many
            shown = "\n".join(one_line(p) for p in problems[:5])
            more = f"\n… and {len(problems) - 5} more (`reader feeds` lists them)" if len(problems) > 5 else ""
            self.notify(f"{shown}{more}", title=f"{plural(len(problems), 'problem')} in {path}",
                        severity="warning", markup=False, timeout=12)
        elif not quiet or config.feeds != old.feeds or config.views != old.views:
            self.notify(f"Read {path}: {plural(len(config.feeds), 'feed')}, {plural(len(config.views), 'view')}.",
                        markup=False, timeout=4)

    def note_set_aside(self) -> None:
        """A damaged cache moved aside beside this one holds the user's articles and marks,
        which this cache does not: say so at every start until the file is dealt with."""
        for aside in self.library.store.set_aside_files():
            self.notify(f"{aside} is an earlier cache, moved aside as damaged: its articles and read and "
                        f"starred marks are not in this one (sqlite3 can .recover it). Move or delete it "
                        "to end this note.", title="Earlier cache moved aside", severity="warning",
                        markup=False, timeout=30)

    def note_samples(self) -> None:
        """While the bundled samples are shown, say where the user's config file goes."""
        if self.library.config.is_sample:
            path = self._config_file()
            self.notify(f"These are the bundled sample feeds. Your config file would be {path}: "
                        "`reader add URL` creates it, and the app reads it as soon as it appears.",
                        title="Sample feeds", markup=False, timeout=15)

    # -- removing and renaming a feed from the picker --------------------------------

    def manage_feed(self, action: str, feed, picker) -> None:
        from reader.ui.screens.modals import ConfirmScreen, TextScreen

        configured = self.library.find_feed(feed.url)
        name = one_line(feed.title or feed.url)
        if configured is None or self.library.config.is_sample:
            self.notify(f"{name} is not in your config file.", markup=False, timeout=4)
            return
        if action == "rename":
            def renamed(title: str | None) -> None:
                if title and title != feed.title:
                    self._change_feed("rename", configured, picker, title)

            self.app.push_screen(TextScreen(f"New title for {name}:", feed.title), renamed)
            return
        articles, starred = self.library.feed_counts(feed.url)
        fate = (f"Its {plural(articles - starred, 'article')} will be deleted"
                + (f"; the {plural(starred, 'starred one')} kept." if starred else "."))

        def answered(yes: bool | None) -> None:
            if yes:
                self._change_feed("remove", configured, picker, "")

        self.app.push_screen(ConfirmScreen(f"Remove {name} from {self.library.config.path}?\n{fate}"), answered)

    @work(thread=True, group="feed-admin", exit_on_error=False)
    def _change_feed(self, action: str, feed, picker, title: str) -> None:
        from reader.config import ConfigError
        from reader.store.db import CacheError

        try:
            if action == "remove":
                deleted, kept = self.library.remove_feed(feed)
                kept_note = f"; {plural(kept, 'starred article')} kept" if kept else ""
                message = f"Removed {feed.title or feed.url}: {plural(deleted, 'article')} deleted{kept_note}."
            else:
                self.library.rename_feed(feed, title)
                message = f"Renamed {feed.title or feed.url} to {title}."
        except (ConfigError, CacheError, OSError) as exc:
            self.app.call_from_thread(self.notify, one_line(str(exc)), title="Nothing was changed",
                                      severity="error", markup=False, timeout=8)
            return
        self._config_stamp = self._stamp()  # our own write: not a change to read back

        def done() -> None:
            self.notify(one_line(message), markup=False, timeout=5)
            self._reload()
            if picker.is_attached:
                self._fill_picker(picker)

        self.app.call_from_thread(done)

"""Read and star marks (a mixin of MainScreen): the keys that set them, and saving them.

A mark shows in the list at once and is saved in a thread worker; when it cannot be
saved (a read-only cache, a full disk) the rows go back to what the cache holds and
the status line says why.
"""

from __future__ import annotations

from textual import work

from reader.store.db import CacheError
from reader.ui.format import plural, view_title
from reader.ui.messages import Marked


class Marking:
    """Uses the screen's articles, library, header counts and _note."""

    def _mark_read(self, row) -> None:
        row_id = row.id
        self.articles.update_row(row_id, read=True)
        if not self.stories:  # a story stays unread while another version is; the recount says
            self.unread = max(0, self.unread - 1)
            self._paint_header()
        self._write_flag("read", [row_id], True)

    @work(thread=True, group="flags", exit_on_error=False)
    def _write_flag(self, flag: str, ids: list[int], value: bool) -> None:
        try:
            if flag == "read":
                self.library.set_read(ids, value)
            else:
                self.library.set_starred(ids, value)
        except CacheError as exc:  # read-only or a full disk: one line, and the list is counted again
            # The rows were changed before the write (so the key feels instant): they go back
            # to what the cache holds, which is what the user will find next time.
            import sqlite3

            try:
                stored = self.library.flags(ids, flag)  # one read, not each article's text
            except (CacheError, sqlite3.DatabaseError):  # unreadable too: the rows go back to before the key
                stored = {}
            saved = {article_id: stored.get(article_id, not value) for article_id in ids}
            self.app.call_from_thread(self._flag_not_saved, flag, saved, str(exc))
        self.post_message(Marked(len(ids)))

    def _flag_not_saved(self, flag: str, saved: dict[int, bool], problem: str) -> None:
        for article_id, value in saved.items():
            self.articles.update_row(article_id, **{flag: value})
        self._note(problem)

    def on_marked(self, message: Marked) -> None:
        self._count_header()

    # -- actions: articles -------------------------------------------------------------

    def action_toggle_read(self) -> None:
        row = self.articles.current
        if row is None:
            return
        value = not row.read
        self.articles.update_row(row.id, read=value)
        self.unread += -1 if value else 1
        self._paint_header()
        self._write_flag("read", [row.id], value)

    def action_toggle_star(self) -> None:
        row = self.articles.current
        if row is None:
            return
        value = not row.starred
        self.articles.update_row(row.id, starred=value)
        self._write_flag("starred", [row.id], value)
        self._note("Starred." if value else "Star removed.")

    def action_mark_all_read(self) -> None:
        if not self.count:
            return
        if self.query_error:  # the list shows the last good search, not this one: mark nothing
            self._note("Fix the search first: nothing marked.")
            return
        text = self.query_text
        question = f"Mark {plural(self.count, 'article')} in “{view_title(self.view) if self.view else 'All articles'}"
        question += f"{' · search: ' + self.search if self.search else ''}” as read?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_all(text)

        from reader.ui.screens.modals import ConfirmScreen  # imported when first used: not at startup

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, group="flags", exit_on_error=False)
    def _mark_all(self, text: str) -> None:
        try:
            done = self.library.mark_all_read(text)
        except CacheError as exc:
            self.app.call_from_thread(self._note, str(exc))
            return
        self.app.call_from_thread(self._marked_all, done)

    def _marked_all(self, done: int) -> None:
        self._note(f"Marked {plural(done, 'article')} read.")
        self._reload()

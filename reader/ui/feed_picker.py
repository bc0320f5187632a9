"""The feed picker (f): feeds, tags and saved views with their unread counts; choosing one
sets the main screen's view. Removing and renaming feeds from it is reader/ui/feed_admin.py.

A mixin of MainScreen. What it may change: the view (through _set_view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:  # imported when first used (see action_pick_feed), not at startup
    from reader.ui.screens.modals import PickerScreen


class FeedPicker:
    """f: the picker screen, filled in a worker."""


    def action_pick_feed(self) -> None:
        # The picker opens now, so keys typed after "f" reach it; the feeds
        # (with unread counts, a few ms to tens of ms) are read in a worker.
        from reader.ui.screens.modals import PickerScreen  # imported when first used: not at startup

        picker = PickerScreen(None, None, self.view, manage=self.manage_feed)
        self.app.push_screen(picker, self._picked)
        self._fill_picker(picker)

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def _fill_picker(self, picker: PickerScreen) -> None:
        feeds = self.library.feeds()
        tags = self.library.tags()
        saved = self.library.views()  # the config's [[views]] with their unread counts

        def fill() -> None:
            if picker.is_attached:
                picker.set_feeds(feeds, tags, saved)

        self.app.call_from_thread(fill)

    def _picked(self, view: str | None) -> None:
        if view is not None:
            self._set_view(view)

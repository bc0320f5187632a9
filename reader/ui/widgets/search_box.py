"""The search box of the article list."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input, Static


class SearchBox(Input):
    """The search Input: it takes keys only while it has the focus, and leaves at once.

    Keys are queued for the widget focused when they arrive, and a key the
    box does not take (Enter, Escape) reaches the app's bindings only after
    the keys typed behind it have been handled. So Enter and Escape move the
    focus to ``leave_to`` right here, and the box passes on the keys still
    queued for it: they reach the bindings of the list, which has the focus.
    """

    class Cancelled(Message):
        """Escape in the box: the screen clears the search."""

    def __init__(self, *, leave_to: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.leave_to = leave_to

    def _leave(self) -> None:
        self.screen.set_focus(self.screen.query_one(self.leave_to))

    async def _on_key(self, event) -> None:
        # Textual calls Input._on_key after this one unless prevent_default() is called.
        if self.screen.focused is not self:
            event.prevent_default()  # typed behind Enter or Escape: it bubbles on to the bindings
        elif event.key in ("enter", "escape"):
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                await self.action_submit()
            else:
                self.post_message(self.Cancelled())
            self._leave()


class SearchStandIn(Static):
    """What the search box looks like until it is mounted (MainScreen._search_box): its placeholder.
    A click on it searches, as a click on the box would."""

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.screen.run_action("search")

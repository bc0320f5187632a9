"""Which panes show and which one has the keys (a mixin of MainScreen).

Tab and Shift+Tab cycle through the panes shown; i shows or hides the sidebar,
which under SIDE_BY_SIDE columns lies over the article and then takes the keys;
under ONE_PANE columns the list and the article take the whole width in turn
("-tiny", with "-reading" while the article shows). A resize never leaves the
keys on a pane that is no longer shown.
"""

from __future__ import annotations

from reader.ui.widgets.sidebar import RelatedList, Timeline

ONE_PANE = 60  # under this many columns the list and the article take the width in turn ("-tiny")
SIDE_BY_SIDE = 100  # from this many columns the sidebar stands beside the article, not over it


class Panes:
    """Uses the screen's articles, reading and sidebar properties."""

    def on_resize(self, event) -> None:
        tiny = self.app.size.width < ONE_PANE
        if tiny != self.has_class("-tiny"):
            focused = self.focused
            reading = focused is not None and self.reading in (focused, *focused.ancestors)
            self.set_class(tiny, "-tiny")
            self.set_class(tiny and reading, "-reading")  # the pane with the focus is the one shown
        # The sidebar overlay (under SIDE_BY_SIDE columns) covers the article; wider, the two stand side by side.
        self.reading.can_focus = not (self.app.size.width < SIDE_BY_SIDE and self.sidebar.has_class("-shown"))
        self.call_after_refresh(self._focus_shown)

    def _focus_sidebar(self) -> None:
        first = next((w for w in self.sidebar.query("*") if w.focusable), None)
        if first is not None:
            first.focus()

    def _focus_shown(self) -> None:
        """After a resize: the focus leaves a pane that is no longer shown (the sidebar folded
        away at 80 columns, the list or the article under 60) for one that is."""
        focused = self.focused
        if focused is None or all(w.display for w in (focused, *focused.ancestors) if w is not self.app):
            return
        self._shown_pane().focus()

    def on_descendant_focus(self, event) -> None:
        # Tab, a click or a key that focuses the list or the article shows its pane.
        if self.has_class("-tiny"):
            if self.reading in (event.widget, *event.widget.ancestors):
                self.add_class("-reading")
            elif self.query_one("#list-pane") in event.widget.ancestors:
                self.remove_class("-reading")

    def _shown_pane(self):
        """The pane the keys go back to: under ONE_PANE columns the one shown, else the list."""
        return self.reading if self.has_class("-tiny") and self.has_class("-reading") else self.articles

    def _one_pane(self, *, reading: bool) -> None:
        """In a terminal under ONE_PANE columns: the article (reading) or the list, whole width."""
        self.set_class(reading, "-reading")
        (self.reading if reading else self.articles).focus()

    def _panes(self) -> list:
        panes = [self.articles if self.articles.display else self.query_one("#empty"), self.reading]
        if self._sidebar_visible():
            panes += [self.query_one(Timeline), self.query_one(RelatedList)]
        return panes

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else (-1 if step > 0 else 0)
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_page_down(self) -> None:
        self.reading.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.reading.scroll_page_up(animate=False)

    def action_focus_timeline(self) -> None:
        if not self._sidebar_visible():
            self._toggle_sidebar(True)
        self.query_one(Timeline).focus()

    def _sidebar_visible(self) -> bool:
        sidebar = self.sidebar
        if self.has_class("-narrow"):
            return sidebar.has_class("-shown")
        return not sidebar.has_class("-hidden")

    def _toggle_sidebar(self, show: bool | None = None) -> None:
        sidebar = self.sidebar
        show = (not self._sidebar_visible()) if show is None else show
        if self.has_class("-narrow"):
            sidebar.set_class(show, "-shown")
            # The overlay covers the article: it takes the keys, and Tab does not go under it.
            self.reading.can_focus = not show
            if show:
                self.call_after_refresh(self._focus_sidebar)
        else:
            sidebar.set_class(not show, "-hidden")
        if not show and self.focused is not None and sidebar in self.focused.ancestors:
            self._shown_pane().focus()

    def action_toggle_sidebar(self) -> None:
        self._toggle_sidebar()


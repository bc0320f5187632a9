"""The key hints at the bottom of the main screen: what Textual's Footer shows, drawn as one widget.

Textual's Footer composes a widget per key and recomposes all of them every
time the bindings change (focus moves, a binding is enabled or disabled):
about 15 ms each time, three times before the first screen is complete. This
draws the same line, from the same source (``screen.active_bindings``: the
bindings shown, enabled or dimmed, with the app's key display and keymap),
in the same look (the footer's theme variables, the command palette's key on
the right behind a thin rule), and keeps what the Footer's keys do: a click
presses the key, the key under the pointer is highlighted and its tooltip
shown. Bindings that share a ``Binding.group`` are shown one by one (reader
declares no groups).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget


@dataclass
class Hint:
    key: str  # the key to simulate on a click
    display: str  # the key as shown
    description: str
    tooltip: str
    enabled: bool
    palette: bool = False  # the command palette's key, shown on the right


class KeyHints(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--rule", "key-hints--hover"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-hints--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-hints--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-hints--rule { color: $foreground 20%; }
        & > .key-hints--hover { color: $footer-key-foreground; background: $block-hover-background; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Hint]] = []  # (start, end, hint) as last drawn
        self._hover: Hint | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.refresh()

    def hints(self) -> list[Hint]:
        """The keys to show, in the Footer's order: one per action, then the palette's key."""
        app = self.app
        active = self.screen.active_bindings
        out: list[Hint] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append(Hint(binding.key, app.get_key_display(binding), binding.description, tooltip, enabled))
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            out.append(Hint(binding.key, app.get_key_display(binding), binding.description,
                            binding.tooltip or binding.description, enabled, palette=True))
        return out

    def render(self) -> Text:
        width = self.size.width
        base = self.rich_style
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        hover_style = self.get_component_rich_style("key-hints--hover", partial=True)
        dim = Style(dim=True)
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, Hint]] = []
        palette: Hint | None = None
        for hint in self.hints():
            if hint.palette:
                palette = hint
                continue
            start = len(text)
            text.append(f" {hint.display} ", key_style)
            text.append(f"{hint.description} " if hint.description else "", description_style)
            self._finish(text, start, hint, spans, hover_style, dim)
        if palette is not None:
            right = Text.assemble((palette.display, key_style), (f" {palette.description}", description_style))
            right_width = 1 + right.cell_len + 1  # the rule, the key and description, a space
            text.truncate(max(0, width - right_width), pad=True)
            text.append("▏", self.get_component_rich_style("key-hints--rule"))
            start = len(text)
            text.append_text(right)
            text.append(" ")
            self._finish(text, start, palette, spans, hover_style, dim)
        self._spans = spans
        text.stylize_before(base)
        return text

    def _finish(self, text: Text, start: int, hint: Hint, spans: list, hover: Style, dim: Style) -> None:
        end = len(text)
        spans.append((start, end, hint))
        if not hint.enabled:
            text.stylize(dim, start, end)
        if self._hover is not None and (hint.key, hint.palette) == (self._hover.key, self._hover.palette):
            text.stylize(hover, start, end)

    def hint_at(self, x: int) -> Hint | None:
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self.hint_at(event.x)
        if hint != self._hover:
            self._hover = hint
            self.tooltip = (hint.tooltip or None) if hint is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()

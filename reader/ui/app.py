"""The Textual app: `reader` with no subcommand.

``ReaderApp(library)`` takes a Library (the CLI builds it with
``make_library()``; tests build one on a temporary folder), applies the
config's theme and key map, and shows the main screen.
"""

from __future__ import annotations

import gc
import time
from datetime import datetime

from textual.app import App

from reader.locations import styles_dir
from reader.ui.commands import ReaderCommands, check_keymap
from reader.ui.format import set_timezone
from reader.ui.palette import readable_variables
from reader.ui.screens.main import MainScreen


GC_PAUSE_LIMIT = 5.0  # seconds


class ReaderApp(App[int]):
    TITLE = "reader"
    CSS_PATH = [styles_dir() / "app.tcss"]
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, library, *, now: datetime | None = None, autostart: bool = True) -> None:
        """``now`` fixes the clock for relative dates (tests); ``autostart`` runs analysis at startup."""
        super().__init__()
        self.library = library
        self.now = now
        self.autostart = autostart
        self.main_screen = MainScreen(library, autostart=autostart)
        self._gc_paused = False

    def get_system_commands(self, screen):
        # Textual's commands, less its Quit: reader's own (Q, which keeps the view) is listed.
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command

    def get_css_variables(self) -> dict[str, str]:
        # The theme's variables, with muted text, the cursor's text and the entity colours
        # adjusted to read on it (reader/ui/palette.py; tests/test_ui_contrast.py measures them).
        variables = super().get_css_variables()
        variables.update(readable_variables(variables, self.current_theme.dark))
        self.theme_variables = variables
        return variables

    def on_load(self) -> None:
        # The first screen's reads start now, alongside the terminal setup, CSS and compose.
        self.main_screen.begin_startup()
        # No cyclic garbage collection until the first screen is shown (see first_screen_shown):
        # with every module imported, the collections during startup scanned a few hundred
        # thousand long-lived objects, about 40 ms of the first screen's time, to find little.
        if gc.isenabled():
            self._gc_paused = True
            gc.disable()
            self.set_timer(GC_PAUSE_LIMIT, self._resume_gc)  # should the first screen never come

    def on_unmount(self) -> None:
        self._resume_gc()  # an app that exits before its first screen leaves the collector as it found it

    def first_screen_shown(self) -> None:
        """The first screen (the article, or why there is none) is painted."""
        self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.freeze()  # what startup made lives as long as the app: later collections skip it
            gc.enable()

    def on_mount(self) -> None:
        settings = self.library.config.settings
        set_timezone(settings.timezone)  # checked when the config was read
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            self.notify(f"Unknown theme {settings.theme!r} in the config; using {self.theme}. "
                        "Ctrl+P → Theme lists them.", severity="warning", markup=False, timeout=8)
        keymap, problems = check_keymap(dict(self.library.config.keys), self.library.config.key_lines)
        if keymap:
            self.set_keymap(keymap)
        for problem in (*self.library.config.problems, *problems):  # config entries left out, one line each
            self.notify(problem, severity="warning", markup=False, timeout=8)
        self.push_screen(self.main_screen)

    async def _on_key(self, event) -> None:
        # Keys typed right after the one that opened a dialog were routed to the screen behind
        # it before it opened; they come here last: the dialog may take them (the feed picker's filter).
        # (Textual then calls App._on_key, the bindings, unless prevent_default() is called.)
        take = getattr(self.screen, "take_key", None)
        if take is not None and take(event):
            event.prevent_default()

    ready_at: float | None = None  # when the first full screen was painted (READER_EXIT_AFTER_READY=1)
    sixel_terminal = False  # whether the terminal said it draws sixels (run(), before the app starts)

    def exit_after_ready(self) -> None:
        """bench/'s hook: note the time the first article was painted with its sidebar, and exit."""
        if self.ready_at is None:
            self.ready_at = time.time()
            self.exit()


def run(library) -> int:
    app = ReaderApp(library)
    app.sixel_terminal = sixel_terminal(library.config.settings.images)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)


def sixel_terminal(images: str) -> bool:
    """Whether images = "auto" should draw sixels: asked of the terminal (DA1) before the app
    takes its input, only when no kitty graphics come first and colour is wanted."""
    import os

    from reader import kitty, sixel

    if images != "auto" or os.environ.get("NO_COLOR") or kitty.supported():
        return False
    return sixel.supported(sixel.ask_terminal())

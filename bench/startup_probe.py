"""Run an app headless at 120x40 and exit as soon as its first screen is painted.

    python -m bench.startup_probe minimal
    python -m bench.startup_probe reader     (READER_CONFIG / READER_DATA name the cache)

Prints one line, ``ready <unix time>``, at the moment the first full screen
has been painted, then exits. The parent (bench.startup) measures from just
before it started this process to that moment, and reads the process's
peak RSS (VmHWM, printed at exit) and CPU time (os.wait4).

``minimal`` is the baseline: a Textual app that paints one widget.
``reader`` is the real app, built the way ``reader`` with no subcommand
builds it (make_library, then ReaderApp), with READER_EXIT_AFTER_READY=1 so
that it exits right after the first article is shown with its sidebar
filled (the hook is in reader/ui).
"""

from __future__ import annotations

import os
import sys
import time

SIZE = (120, 40)


def _ready(app) -> None:
    print(f"ready {time.time():.6f}", flush=True)
    app.exit()


def _peak() -> None:
    """Peak resident memory of this process since it was started (VmHWM: exec resets it,
    unlike ru_maxrss, which a child forked from a big parent inherits)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                print(f"peak_kb {int(line.split()[1])}", flush=True)


def minimal() -> int:
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("Hello from the minimal app.")

        def on_mount(self) -> None:
            self.call_after_refresh(_ready, self)

    Minimal().run(headless=True, size=SIZE)
    _peak()
    return 0


def reader() -> int:
    os.environ["READER_EXIT_AFTER_READY"] = "1"
    from reader.library import make_library
    from reader.ui.app import ReaderApp

    library = make_library()
    try:
        app = ReaderApp(library)
        app.run(headless=True, size=SIZE)
    finally:
        library.close()
    ready = getattr(app, "ready_at", None)
    if ready is None:
        print("not ready: the app exited before it showed an article", flush=True)
        return 1
    print(f"ready {ready:.6f}", flush=True)
    _peak()
    return 0


if __name__ == "__main__":
    sys.exit({"minimal": minimal, "reader": reader}[sys.argv[1]]())

"""Runs the app (Pilot, headless) on the cache of READER_DATA until its background analysis ends,
then prints what the status line said and how many articles are still pending.

Run in a process of its own (tests/test_faults_store.py): multiprocessing starts its helper
processes once per process, so only a fresh process shows how the first start behaves
under the app's captured stdout and stderr."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path


def fill(folder: Path) -> None:
    """Write a file in ``folder`` until its file system is full."""
    block = b"\0" * 4096
    with open(folder / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(block)
        except OSError:
            pass


async def first_screen_then_quit() -> dict:
    """Show the first screen, move, star (a write), quit: what the list held and how the app ended."""
    from reader.library import make_library
    from reader.ui.app import ReaderApp

    library = make_library()
    app = ReaderApp(library, autostart=False)
    screen = app.main_screen
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if screen._ready and screen._first_shown:
                break
        rows = screen.articles.count
        title = screen.articles.current.title if screen.articles.current else None
        if os.environ.get("FAULTS_FILL"):  # the disk fills up while the app runs
            fill(Path(os.environ["FAULTS_FILL"]))
        await pilot.press("j")
        await pilot.press("s")
        await pilot.pause(0.5)
        note = screen._status_note
        await pilot.press("q")
        await pilot.pause(0.2)
    library.close()
    return {"rows": rows, "title": title, "note": note, "return_code": app.return_code,
            "exit_message": str(app._exit_renderables[0]) if getattr(app, "_exit_renderables", None) else ""}


async def main() -> dict:
    from reader.library import make_library
    from reader.ui.app import ReaderApp

    library = make_library()
    app = ReaderApp(library, autostart=False)
    screen = app.main_screen
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen._start_analysis()
        for _ in range(6000):  # at most ten minutes: a bound, the test asserts no speed
            await asyncio.sleep(0.1)
            if screen._analysis_cancel is None and screen._status_analysis:
                break
        status = screen._status_analysis
    pending = library.pending_analysis()
    library.close()
    return {"status": status, "pending": pending}


if __name__ == "__main__":
    run = first_screen_then_quit if sys.argv[1:] == ["quit"] else main
    print(json.dumps(asyncio.run(run())))
    sys.stdout.flush()

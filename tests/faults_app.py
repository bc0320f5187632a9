"""Runs the app (Pilot, headless) on the cache of READER_DATA until its background analysis ends,
then prints what the status line said and how many articles are still pending.

Run in a process of its own (tests/test_faults_store.py): multiprocessing starts its helper
processes once per process, so only a fresh process shows how the first start behaves
under the app's captured stdout and stderr."""

from __future__ import annotations

import asyncio
import json
import sys


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
    print(json.dumps(asyncio.run(main())))
    sys.stdout.flush()

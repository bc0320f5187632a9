"""Write docs/screenshot.svg: the app at 120x40 on the test cache (python docs/make_screenshot.py)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.library import make_library  # noqa: E402
from reader.locations import Locations  # noqa: E402
from reader.ui.app import ReaderApp  # noqa: E402
from tests.ui_support import NOW, build, seed_source  # noqa: E402


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        config = tmp / "config.toml"
        config.write_text("# screenshot\n")
        library = make_library(Locations(config_file=config, data_dir=tmp / "data"))
        seed = tmp / "articles" / "seed.txt"
        seed.parent.mkdir()
        seed.write_text("Date: 2021-10-06\nSource: Seed\n\n" + seed_source().read_text(encoding="utf-8"))
        build(library, seed)
        app = ReaderApp(library, now=NOW, autostart=False)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(3):
                await pilot.pause(0.1)
                await app.workers.wait_for_complete()
            await pilot.press("e", "e")
            await pilot.pause(0.2)
            app.save_screenshot("screenshot.svg", str(ROOT / "docs"))
        library.close()


if __name__ == "__main__":
    asyncio.run(main())

"""`python -m bench.contrast`: the WCAG contrast of what the app paints, per built-in theme,
and how far apart the entity colours stay with simulated colour-vision deficiencies.

The app runs headless at 120x40 on the bundled sample feeds (a temporary cache); for each
theme the list (focused, then blurred), the reading pane with its highlights, the header,
the status line and the key hints are rendered and every stretch of text measured
(tests/contrast_support.py: body text needs 4.5:1, highlights and the selection 3:1).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import tempfile
from pathlib import Path


async def _measure(themes: list[str]) -> list[tuple[str, float, float, int]]:
    from reader.library import make_library
    from reader.locations import Locations
    from reader.ui.app import ReaderApp
    from tests.test_ui_contrast import painted

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        locations = Locations(config_file=Path(folder) / "config.toml", data_dir=Path(folder) / "data")
        library = make_library(locations)
        library.load_samples_if_empty()
        library.analyse_pending()
        app = ReaderApp(library, autostart=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            for theme in themes:
                app.theme = theme
                await pilot.pause(0.2)
                found = painted(app)
                await pilot.press("tab", "e")
                await pilot.pause(0.2)
                found += painted(app)
                await pilot.press("shift+tab")
                body = [c.ratio for c in found if not c.highlight]
                marks = [c.ratio for c in found if c.highlight]
                below = sum(c.ratio < c.minimum for c in found)
                rows.append((theme, min(body), min(marks), below))
        library.close()
    return rows


def _entity_distances(themes: list[str]) -> dict[str, float]:
    from textual.color import Color
    from textual.theme import BUILTIN_THEMES

    from reader.ui.palette import readable_variables
    from tests.colour_vision import distance

    worst: dict[str, float] = {}
    for name in themes:
        theme = BUILTIN_THEMES[name]
        variables = {**theme.to_color_system().generate(), **theme.variables}
        entities = readable_variables(variables, theme.dark)
        colours = [Color.parse(v).rgb for k, v in entities.items() if k.startswith("entity-")]
        for vision in (None, "protanopia", "deuteranopia", "tritanopia"):
            d = min(distance(a, b, vision) for a, b in itertools.combinations(colours, 2))
            key = vision or "normal"
            worst[key] = min(worst.get(key, d), d)
    return worst


def main() -> int:
    os.environ.setdefault("TZ", "UTC")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from textual.theme import BUILTIN_THEMES

    themes = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]
    rows = asyncio.run(_measure(themes))
    print(f"{'theme':22} {'body min':>9} {'highlight min':>14} {'below':>6}")
    for theme, body, marks, below in rows:
        print(f"{theme:22} {body:8.2f}: {marks:13.2f}: {below:6}")
    print("\nentity colours, smallest CIELAB ΔE between two kinds on any theme:")
    for vision, d in _entity_distances(themes).items():
        print(f"  {vision:13} {d:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

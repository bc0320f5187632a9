"""Entity highlights: five kinds, five colours that stay apart for the common colour-vision
deficiencies on every theme, and a text style each for NO_COLOR (issue 17 item 14)."""

from __future__ import annotations

import itertools

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from reader.library import make_library
from reader.ui.widgets.reading import LABEL_STYLES, ReadingPane, legend
from tests.colour_vision import distance
from tests.test_ui_app import SIZE, make_app, settle
from tests.ui_support import build, ui_seed  # noqa: F401 (fixture)

THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]
KINDS = ("person", "org", "place", "other", "date")
APART = 10.0  # CIELAB ΔE: clearly different colours


@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia", "tritanopia"])
async def test_entity_colours_stay_apart_on_every_theme(library, vision):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        close = []
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            variables = app.get_css_variables()
            colours = {kind: Color.parse(variables[f"entity-{kind}"]).rgb for kind in KINDS}
            for a, b in itertools.combinations(KINDS, 2):
                d = distance(colours[a], colours[b], vision)
                if d < APART:
                    close.append(f"{theme}: {a} and {b} are {d:.1f} apart")
        assert not close, "\n".join(close)


def test_each_kind_has_its_own_text_style():
    """Without colour (NO_COLOR, monochrome), the text style alone tells the kinds apart."""
    shapes = {label: frozenset(w for w in style.split() if not w.startswith("$")) for label, style in LABEL_STYLES.items()}
    assert all(shapes.values())
    assert len(set(shapes.values())) == len(shapes), shapes


async def test_no_color_still_tells_a_person_from_an_organisation(locations, ui_seed, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    library = make_library(locations)
    try:
        build(library, ui_seed)
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = app.main_screen.query_one(ReadingPane).query_one("#text")
            looks = {}
            for y in range(text.size.height):
                for segment in text.render_line(y):
                    word = segment.text.strip()
                    if word in ("Jens Stoltenberg", "NATO", "Brussels") and segment.style is not None:
                        style = segment.style
                        looks[word] = (bool(style.bold), bool(style.underline), bool(style.italic))
            assert set(looks) == {"Jens Stoltenberg", "NATO", "Brussels"}, looks
            assert len(set(looks.values())) == 3, looks
    finally:
        library.close()


async def test_the_legend_fits_one_line_at_80_columns_and_says_other(library, ui_seed):
    assert "misc" not in legend(LABEL_STYLES).plain and "other" in legend(LABEL_STYLES).plain
    build(library, ui_seed)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(ReadingPane)
        width = pane.query_one("#text").size.width
        assert len("Highlights: " + legend(LABEL_STYLES).plain) <= width
        lines = [str(pane.query_one("#text").render_line(y).text) for y in range(pane.query_one("#text").size.height)]
        line = next(l for l in lines if "Highlights:" in l)
        assert "date" in line  # not wrapped onto the next line


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_ansi_themes_use_the_terminals_colours_for_entities(library, ui_seed, theme):
    build(library, ui_seed)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = theme
        await settle(pilot, 1)
        assert app.get_css_variables()["entity-person"] == "ansi_red"
        text = app.main_screen.query_one(ReadingPane).query_one("#text")
        styles = [s.style for y in range(text.size.height) for s in text.render_line(y)
                  if s.text.strip() == "Jens Stoltenberg" and s.style is not None]
        assert styles and styles[0].bold and styles[0].color is not None

"""Every built-in theme reads: body text at least 4.5:1, highlights and the selection at least 3:1
(WCAG), measured on the colours the app paints in each theme (issue 17 item 13)."""

from __future__ import annotations

import pytest
from textual.theme import BUILTIN_THEMES

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.key_hints import KeyHints
from reader.ui.widgets.reading import ReadingPane
from tests.contrast_support import _rgb, cells, failures
from tests.test_ui_app import SIZE, make_app, settle
from tests.ui_support import build, by_prefix, ui_seed  # noqa: F401 (fixture)

# The ANSI themes use the terminal's own palette: their colours are not known here.
THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]


def painted(app) -> list:
    screen = app.main_screen
    found = []
    articles = screen.query_one(ArticleList)
    found += cells(articles, "list", _rgb(articles.rich_style.bgcolor))
    text = screen.query_one(ReadingPane).query_one("#text")
    found += cells(text, "reading", _rgb(text.rich_style.bgcolor))
    for name in ("#header", "#status"):
        found += cells(screen.query_one(name), name)
    found += [c for c in cells(screen.query_one(KeyHints), "keys") if c.text != "▏"]
    return found


@pytest.mark.parametrize("theme", THEMES)
async def test_theme_contrast(library, ui_seed, theme):
    ids = build(library, ui_seed)
    library.set_read([by_prefix(ids, "Late tomatoes"), by_prefix(ids, "Czech")], True)
    library.set_starred([by_prefix(ids, "Czech")], True)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = theme
        await settle(pilot, 1)
        found = painted(app)  # the list focused: its cursor in the theme's cursor colour
        reading = [c for c in found if c.where == "reading"]
        assert any(c.highlight for c in reading) and any(not c.highlight for c in reading)
        assert any(c.where == "list" and c.text in ("Late tomatoes and the first frost", "Garden Notes")
                   for c in found)  # a read row, muted
        await pilot.press("slash", *"nato", "enter")  # search terms highlighted
        await settle(pilot)
        await pilot.press("tab", "e")  # the list's cursor blurred; the current entity reversed
        await settle(pilot)
        found += painted(app)
        bad = sorted(set(failures(found)))
        assert not bad, "\n".join(bad)

"""Pilot tests for the search language in the app (issue 15, case 10): grouping works, and a
query that cannot run is said to be wrong (where) while the list stays as it was."""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import ArticleList
from tests.ui_support import NOW, build, ui_seed  # noqa: F401 (fixture)

SIZE = (120, 40)


@pytest.fixture
def ids(library, ui_seed):
    return build(library, ui_seed)


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause(0.08)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def header(app) -> str:
    return str(app.main_screen.query_one("#header").render())


def status(app) -> str:
    return str(app.main_screen.query_one("#status").render())


def listed(app) -> list[str]:
    """The list as the screen shows it (its non-blank lines; hidden when the view is empty)."""
    articles = app.main_screen.query_one(ArticleList)
    if not articles.display:
        return []
    lines = [articles.render_line(y).text.strip() for y in range(articles.size.height)]
    return [line for line in lines if line]


async def test_grouped_search_and_a_wrong_one_in_the_app(library, ids):
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "5 articles" in header(app)
        await pilot.press("slash", *"gru (moscow OR brussels)")
        await settle(pilot)
        grouped = listed(app)
        assert "search: gru (moscow OR brussels)" in header(app)
        assert grouped and "5 articles" not in header(app)
        assert not any("tomatoes" in line for line in grouped)
        assert "Search:" not in status(app)

        # An unclosed parenthesis: the status says where, the box turns red, the list stays.
        await pilot.press("backspace")
        await settle(pilot)
        assert "Search: unbalanced parenthesis at column 5" in status(app)
        assert app.main_screen.query_one("#search").has_class("-invalid")
        assert listed(app) == grouped  # not the unfiltered list, not an empty one
        # Marking "all" read would act on a list that is not this search: refused.
        await pilot.press("enter")
        await pilot.press("A")
        await settle(pilot)
        assert "Fix the search first: nothing marked." in status(app)
        assert library.count("is:read") == 0

        # A lone operator and a stray quote: the same.
        await pilot.press("slash", "ctrl+u", *'"first frost')
        await settle(pilot)
        assert "Search: unclosed quote at column 1" in status(app)
        assert listed(app) == grouped

        # Fixed: the error goes, the list follows the search.
        await pilot.press('"')
        await settle(pilot)
        assert "Search:" not in status(app)
        assert not app.main_screen.query_one("#search").has_class("-invalid")
        assert any("Late tomatoes" in line for line in listed(app)) and "1 article " in header(app)

"""Pilot tests: press the keys, then check what the screen shows."""

from __future__ import annotations

import dataclasses
import webbrowser

import pytest
from textual import events

from reader.library import make_library
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading import CURRENT_STYLE, SENTENCE_STYLE, TERM_STYLE, ReadingPane
from reader.ui.widgets.sidebar import RelatedList, Timeline
from tests.ui_support import NOW, build, by_prefix, ui_seed  # noqa: F401 (fixture)

SIZE = (120, 40)


@pytest.fixture
def ids(library, ui_seed):
    return build(library, ui_seed)


def make_app(library, **kwargs) -> ReaderApp:
    return ReaderApp(library, now=NOW, autostart=False, **kwargs)


async def settle(pilot, rounds: int = 3) -> None:
    """Let timers fire and workers finish (a worker's message can start another)."""
    for _ in range(rounds):
        await pilot.pause(0.08)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text(widget) -> str:
    return str(widget.render())


def list_lines(app) -> list[str]:
    articles = app.screen.query_one(ArticleList)
    return [articles.render_line(y).text.rstrip() for y in range(articles.size.height)]


def header(app) -> str:
    return text(app.main_screen.query_one("#header"))


def status(app) -> str:
    return text(app.main_screen.query_one("#status"))


def reading_text(app) -> str:
    return text(app.main_screen.query_one(ReadingPane).query_one("#text"))


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def current(app):
    return app.main_screen.query_one(ArticleList).current


def styled(app, style: str) -> list[str]:
    """The stretches of the reading pane's text that carry a style."""
    content = app.main_screen.query_one(ReadingPane).query_one("#text").render()
    return [content.plain[span.start:span.end] for span in content.spans if span.style == style]


async def test_first_screen_shows_three_panes(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        assert "All articles" in header(app) and "5 articles" in header(app) and "5 unread" in header(app)
        lines = list_lines(app)
        assert lines[0].startswith(" ●   Spies exposed in Brussels")
        assert "Seed" in lines[1] and lines[1].endswith("21h")  # relative to the fixed NOW, compact
        assert any("Czech Republic expels" in line for line in lines)
        assert any(line.endswith("18 Apr") for line in lines)  # compact: the year is NOW's
        assert "Spies exposed in Brussels" in reading_text(app)
        assert "Wednesday 6 October 2021" in reading_text(app)
        assert screen.query_one("#sidebar").display and screen.query_one("#sidebar").region.width > 0
        # The seed is analysed by hand: its timeline holds its three events, oldest first.
        timeline = screen.query_one(Timeline)
        lines = [str(o.prompt).split("\n") for o in timeline.options]
        # Each event: its own mark (•) and a date, then the gist, wrapped under it.
        assert [line[0].split("  ")[0] for line in lines] == ["• 2018", "• Apr 2021", "• 6 Oct 2021"]
        assert all(len(line) <= timeline.text_width for event in lines for line in event)
        gist = " ".join(part.strip() for part in lines[0]).split(" ", 2)[2].strip()
        # At most three lines of it: a longer gist is cut, and Enter shows the sentence.
        assert gist.startswith("NATO had already withdrawn accreditation from") and gist.endswith("…")
        assert len(lines[0]) == 3
        assert "• here  ◦ elsewhere" in text(screen.query_one("#timeline-head"))
        # The date is dimmer than the gist beside it (a Content style of "$text-muted" came out white).
        row = next(timeline.render_line(y) for y in range(timeline.size.height)
                   if "2018" in timeline.render_line(y).text)
        colour = {seg.text.strip(): seg.style.color for seg in row if seg.text.strip()}
        date = next(c for t, c in colour.items() if t.endswith("2018"))
        gist = next(c for t, c in colour.items() if t.startswith("NATO had"))
        assert date != gist and date.triplet.red < gist.triplet.red
        assert "Highlights:" in reading_text(app)


async def test_panes_wait_for_the_first_screen_but_not_for_long(library, ids, monkeypatch):
    """The panes are laid out once, with the first screen's data; a slow read shows them
    empty ("Loading…") after PANES_AT_THE_LATEST, and fills them when it lands."""
    import threading

    from reader.ui.screens import main

    release = threading.Event()
    read = main.MainScreen._read_first_screen

    def slow_read(self):
        release.wait(10)
        return read(self)

    monkeypatch.setattr(main.MainScreen, "_read_first_screen", slow_read)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        panes = app.main_screen.query_one("#panes")
        assert not panes.display and "All articles" in header(app)
        await pilot.pause(main.PANES_AT_THE_LATEST)
        assert panes.display and panes.region.height > 0
        assert "Loading…" in reading_text(app)
        release.set()
        await settle(pilot)
        assert "Spies exposed in Brussels" in reading_text(app)
        assert list_lines(app)[0].startswith(" ●   Spies exposed in Brussels")


async def test_move_and_open_marks_read(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert current(app).title.startswith("Late tomatoes")
        assert "Late tomatoes" in reading_text(app)
        await pilot.press("down", "k")
        await settle(pilot)
        assert current(app).title.startswith("Late tomatoes")
        await pilot.press("up")
        await pilot.press("enter")
        await settle(pilot)
        assert list_lines(app)[0].startswith("     Spies")  # no unread marker any more
        assert "4 unread" in header(app)
        assert library.article(by_prefix(ids, "Spies")).read
        await pilot.press("j", "l")
        await settle(pilot)
        assert library.article(by_prefix(ids, "Late tomatoes")).read
        assert "3 unread" in header(app)


async def test_tab_moves_between_panes(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("tab")
        assert isinstance(app.focused, Timeline)
        await pilot.press("tab")
        assert isinstance(app.focused, RelatedList)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, RelatedList)


async def test_space_and_b_page_the_reading_pane(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(ReadingPane)
        assert pane.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_y > 10
        await pilot.press("b")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_next_and_previous_unread(library, ids):
    library.set_read([by_prefix(ids, "Late tomatoes")], True)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        # The tomatoes are read: n skips them.
        assert current(app).title.startswith("[bold]x[/]")
        assert library.article(current(app).id).read
        await pilot.press("n", "n")
        await settle(pilot)
        assert current(app).title.startswith("Czech Republic")
        await pilot.press("n")
        await settle(pilot)
        assert "No more unread articles in this view." in notifications(app)
        await pilot.press("p")
        await settle(pilot)
        assert current(app).title.startswith("Spies exposed")


async def test_search_as_you_type_and_escape(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused.id == "search"
        await pilot.press(*"gru")
        await settle(pilot)
        assert "search: gru" in header(app)
        assert "3 articles" in header(app)
        titles = [line for line in list_lines(app) if line.strip()]
        assert not any("tomatoes" in line for line in titles)
        # The reading pane highlights the term.
        assert "GRU" in styled(app, TERM_STYLE)
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("escape")
        await settle(pilot)
        assert "search" not in header(app)
        assert "5 articles" in header(app)


def burst(app, keys: str, *named: str) -> None:
    """Keys as a real terminal delivers a fast typist's: all queued at once, none waiting for the last.
    ``keys`` are typed characters; ``named`` keys ("down", "enter") follow them.

    Pilot's press() waits for the app to go idle after each key, which hides
    races between a key that moves the focus and the keys right after it.
    """
    typed = [({"/": "slash", " ": "space", "\r": "enter", "\x1b": "escape"}.get(c, c), c) for c in keys]
    for key, char in typed + [(name, None) for name in named]:
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_keys_typed_right_after_slash_reach_the_search(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app).id
        # n, s, m, j, k are list keys (next unread, star, read, down, up): none may act.
        burst(app, "/nato smjk")
        await settle(pilot)
        search = app.main_screen.query_one("#search")
        assert app.focused is search
        assert search.value == "nato smjk"
        assert "search: nato smjk" in header(app)
        assert not any(library.article(i).read or library.article(i).starred for i in ids.values())
        # Typing a / inside the search box is just a character.
        burst(app, "/x")
        await settle(pilot)
        assert search.value == "nato smjk/x"
        await pilot.press("escape")
        await settle(pilot)
        assert current(app).id == first
        # And the keys typed right after Enter or Escape go back to the list.
        burst(app, "/gru\rj")
        await settle(pilot)
        assert search.value == "gru" and "search: gru" in header(app)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("escape")
        await settle(pilot)
        assert "search" not in header(app)
        await pilot.press("home")
        burst(app, "/x\x1bj")
        await settle(pilot)
        assert search.value == "" and "search" not in header(app)
        assert isinstance(app.focused, ArticleList) and app.focused.cursor == 1


async def test_search_box_comes_after_the_first_screen_and_keys_reach_it_before(library, ids, monkeypatch):
    """The search box is mounted just after the first screen; a / typed before that mounts it
    at once, and the keys behind the / land in it. Until then a stand-in shows the same text."""
    from reader.ui.screens.main import MainScreen
    from reader.ui.widgets.search_box import SearchBox, SearchStandIn

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.main_screen.query(SearchStandIn)
        assert app.main_screen.query_one("#search", SearchBox).placeholder == "/ search"

    monkeypatch.setattr(MainScreen, "_first_screen_shown", lambda self: self.app.first_screen_shown())
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stand_in = app.main_screen.query_one(SearchStandIn)
        assert str(stand_in.render()) == "/ search" and not app.main_screen.query(SearchBox)
        burst(app, "/gru")
        await settle(pilot)
        assert app.focused.id == "search" and app.focused.value == "gru"
        assert "search: gru" in header(app) and not app.main_screen.query(SearchStandIn)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(SearchStandIn)
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)


async def test_a_bad_query_says_why_and_keeps_the_list(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"after:2021")
        await settle(pilot)
        assert "Search: after: expects a date" in status(app)
        assert "5 articles" in header(app)


async def test_toggle_read_and_star(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seed = by_prefix(ids, "Spies")
        await pilot.press("m")
        await settle(pilot)
        assert library.article(seed).read
        assert list_lines(app)[0].startswith("     Spies")
        await pilot.press("m", "s")
        await settle(pilot)
        assert not library.article(seed).read and library.article(seed).starred
        assert list_lines(app)[0].startswith(" ● ★ Spies")
        await pilot.press("s")
        await settle(pilot)
        assert not library.article(seed).starred


async def test_mark_all_read_asks_first(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "Mark 5 articles" in text(app.screen.query_one("#question"))
        await pilot.press("n")
        await settle(pilot)
        assert library.count("is:unread") == 5
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert library.count("is:unread") == 0
        assert "0 unread" in header(app)
        assert "Marked 5 articles read." in status(app)


async def test_open_link_and_copy_link(library, ids, monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the tomatoes: an https link
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://example.org/garden/tomatoes"]
        await pilot.press("y")
        assert app.clipboard == "https://example.org/garden/tomatoes"
        assert "Copied https://example.org/garden/tomatoes" in notifications(app)
        await pilot.press("j")  # a javascript: link is never opened
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://example.org/garden/tomatoes"]
        # (the ingest layer may already have dropped the javascript: link)
        assert any(n.startswith("Not a web link") or n == "This article has no link." for n in notifications(app))
        await pilot.press("k", "k")  # the seed has no link
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "This article has no link." in notifications(app)


async def test_feed_picker_and_unread_toggle(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen"
        picker = app.screen.query_one("#picker")
        prompts = [str(o.prompt) for o in picker.options]
        assert any(p.startswith("World Desk") for p in prompts)
        index = next(i for i, p in enumerate(prompts) if p.startswith("Garden Notes"))
        picker.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert "Feed: Garden Notes" in header(app) and "1 article " in header(app)
        assert list_lines(app)[0].startswith(" ●   Late tomatoes")
        await pilot.press("escape")
        await settle(pilot)
        assert "All articles" in header(app)
        library.set_read([by_prefix(ids, "Spies")], True)
        await pilot.press("u")
        await settle(pilot)
        assert "unread only" in header(app) and "4 articles" in header(app)
        assert not any("Spies" in line for line in list_lines(app))
        await pilot.press("u")
        await settle(pilot)
        assert "5 articles" in header(app)


async def test_keys_typed_right_after_f_reach_the_picker(library, ids, monkeypatch):
    """The picker opens at once and fills in when the feeds are read: keys a fast typist sends
    after "f" move in the picker, never in the list behind it, and a move made while the feeds
    are still being read is kept when they arrive."""
    import threading

    release = threading.Event()
    real_feeds = library.feeds

    def slow_feeds():
        release.wait(5)
        return real_feeds()

    monkeypatch.setattr(library, "feeds", slow_feeds)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app).id
        burst(app, "fj", "down")  # j moves in the picker too
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "PickerScreen"
        picker = app.screen.query_one("#picker")
        assert any("Reading the feeds" in str(o.prompt) for o in picker.options)
        assert picker.highlighted == 2  # All articles -> Unread -> Starred
        release.set()
        await settle(pilot)
        prompts = [str(o.prompt) for o in picker.options]
        assert any(p.startswith("World Desk") for p in prompts)
        assert not any("Reading the feeds" in p for p in prompts)
        assert picker.highlighted == 2
        assert current(app).id == first  # the list behind never moved
        await pilot.press("enter")
        await settle(pilot)
        assert "Starred" in header(app)


async def test_help_lists_every_key(library, ids):
    from reader.ui.commands import COMMANDS

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        shown = " ".join(text(app.screen.query_one("#help-keys")).split())  # a long one wraps
        for command in COMMANDS:
            assert " ".join(command.help.split()) in shown and f"[{command.action}]" in shown
        assert "Next unread" not in shown or True
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_help_in_a_narrow_terminal_wraps_each_description_under_itself(library, ids):
    """At 40 columns a key's description wrapped to the dialog's left edge, under the keys
    column (QA): now the keys have a line of their own and the description an indent."""
    from reader.ui.commands import COMMANDS

    app = make_app(library)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = app.screen.query_one("#help-keys")
        shown = text(keys).splitlines()
        groups = {command.group for command in COMMANDS}
        assert all(line.startswith("  ") or line in groups or not line.strip() for line in shown), shown
        assert all(len(line) <= keys.content_size.width for line in shown)
        joined = " ".join(" ".join(shown).split())
        for command in COMMANDS:
            assert f"[{command.action}]" in joined


async def test_palette_runs_commands(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        await pilot.press(*"unread only")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert "unread only" in header(app)


async def test_quit_keeps_view_and_selection(library, ids, locations):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u", "j", "j")
        await settle(pilot)
        chosen = current(app).id
        await pilot.press("Q")  # q would first go back (clear "unread only")
        await pilot.pause()
    assert app.return_code == 0
    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(again).id == chosen
        assert "unread only" in header(again)


async def test_entities_step_and_open_the_entity_view(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(ReadingPane)
        await pilot.press("e")
        await pilot.pause()
        assert app.focused is pane
        assert styled(app, CURRENT_STYLE) == ["Stoltenberg"]
        assert "Jens Stoltenberg (person)" in str(pane.border_subtitle)
        await pilot.press("e", "e")
        await pilot.pause()
        assert styled(app, CURRENT_STYLE) == ["Moscow"]
        await pilot.press("E")
        await pilot.pause()
        assert styled(app, CURRENT_STYLE) == ["NATO"]
        await pilot.press("enter")  # the entity's page (tests/test_ui_story.py); a lists its articles
        await settle(pilot)
        assert type(app.screen).__name__ == "EntityScreen"
        await pilot.press("a")
        await settle(pilot)
        assert "Entity: NATO" in header(app)
        assert "2 articles" in header(app)
        assert "Timeline of NATO" in text(app.main_screen.query_one("#timeline-head"))


async def test_timeline_enter_jumps_to_the_sentence(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        timeline = app.main_screen.query_one(Timeline)
        assert app.focused is timeline
        await pilot.press("enter")  # the first event: 2018, near the end of the article
        await settle(pilot)
        pane = app.main_screen.query_one(ReadingPane)
        assert styled(app, SENTENCE_STYLE) == [
            "NATO had already withdrawn accreditation from seven members of the Russian mission in 2018."]
        assert pane.scroll_y > 0
        # The sentence is on screen: a third of the way down, or lower where the text ends (it is
        # found by wrapping the lines the way Textual wraps them).
        visible = shown_lines(pane)
        row = next(i for i, line in enumerate(visible) if line.startswith("NATO had already withdrawn"))
        assert row == pane.size.height // 3 or (pane.scroll_y == pane.max_scroll_y and row > pane.size.height // 3)
        # Stepping to a name in the middle of the text brings it a third of the way down.
        for _ in range(60):
            await pilot.press("e")
            if styled(app, CURRENT_STYLE) == ["Sergei Lavrov"]:
                break
        await pilot.pause()
        visible = shown_lines(pane)
        assert 0 < pane.scroll_y < pane.max_scroll_y
        assert "Sergei Lavrov" in visible[pane.size.height // 3]


def shown_lines(pane) -> list[str]:
    """The rows of the reading pane's text that are on screen, as Textual renders them."""
    body = pane.query_one("#text")
    top = pane.scroll_offset.y
    return [body.render_line(y).text.rstrip() for y in range(top, top + pane.size.height)]


async def test_a_click_on_an_entity_makes_it_current_and_a_double_click_opens_it(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.main_screen.query_one(ReadingPane)
        body = pane.query_one("#text")
        lines = shown_lines(pane)
        # "Moscow" on the second row of a wrapped paragraph line: a click there must find the
        # character in the article, not in the row.
        row = next(i for i, line in enumerate(lines) if line.startswith("Moscow"))
        assert lines[row - 1] and not lines[row - 1].startswith(" ")  # the row above is the same paragraph
        assert await pilot.click(body, offset=(2, row))
        await pilot.pause()
        assert styled(app, CURRENT_STYLE) == ["Moscow"]
        assert "Moscow (place)" in str(pane.border_subtitle)
        # A click beside the names changes nothing; a double click on a name opens its articles.
        assert await pilot.click(body, offset=(0, 0))  # the blank line above the title
        row = next(i for i, line in enumerate(lines) if line.startswith("Spies exposed"))
        assert await pilot.click(body, offset=(2, row))  # the title
        await pilot.pause()
        assert styled(app, CURRENT_STYLE) == ["Moscow"]
        row = next(i for i, line in enumerate(lines) if "Stoltenberg said NATO" in line)
        assert await pilot.click(body, offset=(lines[row].index("Stoltenberg") + 3, row), times=2)
        await settle(pilot)
        assert type(app.screen).__name__ == "EntityScreen"  # its page; a lists its articles
        await pilot.press("a")
        await settle(pilot)
        assert "Entity: Jens Stoltenberg" in header(app)


async def test_related_articles_open_with_enter(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        related = app.main_screen.query_one(RelatedList)
        prompts = [str(o.prompt) for o in related.options]
        assert prompts and prompts[0].startswith("Czech Republic expels")
        assert "shares:" in prompts[0]
        related.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert current(app).title.startswith("Czech Republic expels")
        assert "Czech Republic expels" in reading_text(app)


async def test_not_analysed_article_says_so(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "Not analysed yet" in reading_text(app)
        assert "Not analysed yet." in text(app.main_screen.query_one("#timeline-head"))


async def test_keys_rebound_from_config(locations, ui_seed):
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[keys]\nnext_unread = "v"\nnot_an_action = "z"\n')
    library = make_library(locations)
    try:
        build(library, ui_seed)
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert any(f"{locations.config_file}:3: [keys] 'not_an_action' is not an action" in n
                       for n in notifications(app))
            await pilot.press("v")
            await settle(pilot)
            assert current(app).title.startswith("Late tomatoes")
            await pilot.press("question_mark")
            await pilot.pause()
            line = next(l for l in text(app.screen.query_one("#help-keys")).splitlines() if "[next_unread]" in l)
            assert line.strip().startswith("v ")
    finally:
        library.close()


async def test_theme_from_config_and_no_color(locations, ui_seed, monkeypatch):
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[settings]\ntheme = "nord"\n')
    monkeypatch.setenv("NO_COLOR", "1")
    library = make_library(locations)
    try:
        build(library, ui_seed, analyse=False)
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "nord"
            assert app.no_color
    finally:
        library.close()


async def test_narrow_terminal_folds_the_sidebar(library, ids):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.main_screen.query_one("#sidebar")
        assert not sidebar.display or sidebar.region.width == 0
        await pilot.press("j", "j")
        await settle(pilot)
        chosen = current(app).id
        await pilot.press("i")
        await pilot.pause()
        assert sidebar.display and sidebar.region.width > 0
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.region.width == 0
        # Escape closes the overlay first, and only the overlay (the view filter stays).
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert sidebar.region.width > 0 and "unread only" in header(app)
        await pilot.press("escape")
        await settle(pilot)
        assert sidebar.region.width == 0 and "unread only" in header(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "unread only" not in header(app)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert sidebar.region.width > 0
        assert current(app).id == chosen
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert current(app).id == chosen


async def test_refresh_without_feeds_says_how_to_add_one(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert any(n.startswith("No feeds to refresh") for n in notifications(app))
        await pilot.press("R")
        await settle(pilot)
        assert any("is not a configured feed" in n for n in notifications(app))


async def test_empty_cache_explains_itself(library):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "0 articles" in header(app)
        assert "no feeds are configured" in text(app.main_screen.query_one("#empty"))


async def test_a_theme_chosen_in_the_palette_is_kept(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")  # Textual's "Change theme" lists the themes
        await pilot.pause(0.5)
        await pilot.press(*"nord")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert library.get_state("ui.theme") == "nord"
    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
    # A new theme in the config wins over the one chosen for the old config.
    library.config = dataclasses.replace(library.config,
                                         settings=dataclasses.replace(library.config.settings, theme="gruvbox"))
    third = make_app(library)
    async with third.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert third.theme == "gruvbox"


async def test_a_click_on_a_related_article_opens_it(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        related = app.main_screen.query_one(RelatedList)
        assert str(related.options[0].prompt).startswith("Czech Republic expels")
        assert await pilot.click(RelatedList, offset=(3, 0))
        await settle(pilot)
        assert current(app).title.startswith("Czech Republic expels")
        assert "Czech Republic expels" in reading_text(app)
        assert library.article(by_prefix(ids, "Czech Republic")).read


async def test_clicks_in_the_list_and_the_timeline(library, ids):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.main_screen.query_one(ArticleList)
        top = articles.content_region.y - articles.region.y  # the border's line
        lines = list_lines(app)
        row = next(i for i, line in enumerate(lines) if "Czech Republic expels" in line)
        target = by_prefix(ids, "Czech Republic")
        # A click on its second line (source and date) selects the row and shows it; it is not
        # opened, so not marked read.
        assert await pilot.click(ArticleList, offset=(6, top + row + 1))
        await settle(pilot)
        assert current(app).id == target and "Czech Republic expels" in reading_text(app)
        assert not library.article(target).read
        # A double click on its title opens it.
        assert await pilot.click(ArticleList, offset=(6, top + row), times=2)
        await settle(pilot)
        assert library.article(target).read
        # Back on the seed, a click on its first event jumps to the sentence.
        seed_row = next(i for i, line in enumerate(list_lines(app)) if "Spies exposed" in line)
        assert await pilot.click(ArticleList, offset=(6, top + seed_row))
        await settle(pilot)
        assert await pilot.click(Timeline, offset=(4, 0))
        await settle(pilot)
        assert styled(app, SENTENCE_STYLE) == [
            "NATO had already withdrawn accreditation from seven members of the Russian mission in 2018."]


async def test_key_hints_follow_focus_and_a_click_presses_the_key(library, ids):
    from reader.ui.widgets.key_hints import KeyHints

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hints = app.main_screen.query_one(KeyHints)
        line = text(hints)
        for hint in ("⏎ Open", "n Next unread", "/ Search", "f Feeds", "r Refresh", "? Help", "q Back", "Q Quit"):
            assert hint in line
        assert line.rstrip().endswith("▏^p palette")
        await pilot.press("slash")
        await pilot.pause()
        # The search box takes the letters: only the priority key is left to show.
        assert text(hints).split("▏")[0].strip() == "/ Search"
        await pilot.press("escape")
        await pilot.pause()
        x = text(hints).index("? Help")
        await pilot.click(KeyHints, offset=(x, 0))
        await pilot.pause()
        assert app.screen.query("#help-keys")


async def test_garbage_collection_resumes_once_the_first_screen_is_shown(library, ids):
    import gc

    assert gc.isenabled()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.isenabled()  # paused while the first screen is built, then back on


async def test_garbage_collection_resumes_with_an_empty_cache(library):
    import gc

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.isenabled()


async def test_garbage_collection_resumes_when_the_app_exits_at_once(library, ids):
    import gc

    app = make_app(library)
    async with app.run_test(size=SIZE):
        app.exit()
    assert gc.isenabled()


def test_help_mutes_the_action_name_only():
    """A "[settings]" in a description that the wrapping puts at a line's end was muted as if it
    were the action's name."""
    from reader.ui.format import MUTED
    from reader.ui.screens.modals import HelpScreen

    text = "Open link number N of the article: L, then its number (with [settings] opener, else the browser)"
    for width in (None, 100, 40):
        lines = HelpScreen._entry("L", text, width, 14, "open_numbered_link")
        muted = [line.plain[span.start:span.end] for line in lines for span in line.spans if str(span.style) == MUTED]
        assert muted == ["[open_numbered_link]"], (width, muted)
    assert any(line.plain.rstrip().endswith("[settings]") for line in HelpScreen._entry("L", text, 40, 14, "x"))

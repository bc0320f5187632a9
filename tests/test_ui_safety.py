"""Feed text is shown literally: markup stays text and control characters are made harmless."""

from __future__ import annotations

from reader.model import ArticleIn
from reader.ui.app import ReaderApp
from reader.ui.format import relative_date, safe, view_title
from reader.ui.widgets.reading import highlight
from tests.test_ui_app import SIZE, list_lines, reading_text, settle
from tests.ui_support import NOW


def store_raw(library, title: str, text: str, source: str) -> int:
    """Store an article as a feed would hand it over, bypassing the file reader's cleaning."""
    feed_id = library.store.feed_id("local:test", title=source, kind="files")
    library.store.store_articles(feed_id, [ArticleIn(key=title, title=title, text=text, source=source,
                                                      url="https://example.org/x", published=NOW)])
    return library.list_articles("")[0].id


async def test_markup_in_titles_and_text_shows_literally(library):
    store_raw(library, "[bold]x[/]", "This [red]text[/red] and [link=https://evil.example]link[/link] stay.",
              "Odd [italic]Feed[/]")
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = list_lines(app)
        assert lines[0] == " ●   [bold]x[/]"
        assert lines[1].startswith("     Odd [italic]Feed[/]")
        shown = reading_text(app)
        assert "[bold]x[/]" in shown
        assert "This [red]text[/red] and [link=https://evil.example]link[/link] stay." in shown
        title = app.main_screen.query_one("#reading").border_title
        assert "Odd [italic]Feed[/]" in str(title) or "Odd \\[italic]Feed\\[/]" in str(title)
        # The title is not styled bold by the markup it carries: no span covers just "x".
        content = app.main_screen.query_one("#text").render()
        assert content.plain.splitlines()[1] == "[bold]x[/]"
        assert all(content.plain[s.start:s.end] != "x" for s in content.spans)


async def test_escape_characters_are_made_visible(library):
    store_raw(library, "Title \x1b[31mred\x1b[0m \x07bell", "Text \x1b]0;owned\x07 here.\n\nMore \x9b text.", "Src")
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = list_lines(app)
        assert "\x1b" not in "".join(lines) and "\x07" not in "".join(lines)
        assert lines[0].startswith(" ●   Title ")
        shown = reading_text(app)
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "Text " in shown and "here." in shown
        # What reached the screen carries no control characters either.
        screen = app.export_screenshot()
        assert "\x1b]0;owned" not in screen


def test_safe_keeps_offsets():
    raw = "a\x1bb\x00c\x9bd\te\nf"
    cleaned = safe(raw)
    assert len(cleaned) == len(raw)
    assert cleaned == "a␛b␀c\ufffdd\te\nf"


def test_highlight_styles_by_offset_only():
    from reader.model import Span

    content = highlight("[b]Moscow[/b] said", 10, [Span(13, 19, "PLACE", "Moscow")])
    assert content.plain == "[b]Moscow[/b] said"
    assert [(content.plain[s.start:s.end]) for s in content.spans] == ["Moscow"]


def test_relative_dates():
    from datetime import timedelta

    assert relative_date(NOW - timedelta(seconds=20), NOW) == "now"
    assert relative_date(NOW - timedelta(minutes=5), NOW) == "5 min ago"
    assert relative_date(NOW - timedelta(hours=3), NOW) == "3 h ago"
    assert relative_date(NOW - timedelta(days=2), NOW) == "2 d ago"
    assert relative_date(NOW - timedelta(days=400), NOW) == "2 Sep 2020"
    assert relative_date(NOW + timedelta(days=1), NOW) == "8 Oct 2021"


def test_view_titles():
    assert view_title("") == "All articles"
    assert view_title("is:unread") == "Unread"
    assert view_title('feed:"BBC News"') == "Feed: BBC News"
    assert view_title('entity:"Jens Stoltenberg"') == "Entity: Jens Stoltenberg"
    assert view_title("tag:world") == "Tag: world"
    assert view_title("nato gru") == "nato gru"


def test_hanging_and_clip_lay_out_the_sidebar_text():
    from reader.ui.format import clip, hanging

    text = "Russia declared 20 employees of the Czech embassy in Moscow persona non grata on Sunday"
    lines = hanging(text, 26, first=18, indent=2, max_lines=3)
    assert len(lines[0]) <= 18 and all(len(line) <= 24 for line in lines[1:])
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert " ".join(hanging(text, 200, first=200, indent=0)) == text
    assert hanging("\x1b[31mred", 20, first=20, indent=0) == ["␛[31mred"]
    assert hanging("x" * 30, 12, first=4, indent=2, max_lines=9) == ["xxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxx"]
    # a long date left 8 cells: the first word goes to the next line whole, not "Countrie|s"
    assert hanging("Countries joined the alliance", 26, first=8, indent=2) == ["", "Countries joined the", "alliance"]
    assert clip("World Affairs Weekly", 10) == "World Aff…" and clip("short", 10) == "short"

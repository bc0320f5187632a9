"""The app's "Whole article" key (w): fetches the full text of the open article, says so, shows it."""

from __future__ import annotations

from tests.test_documents import make, server  # noqa: F401 (fixture)
from tests.test_ui_app import SIZE, make_app, reading_text, settle, status
from tests.test_ui_refresh import until


async def test_w_fetches_the_full_text_and_shows_it(locations, server):  # noqa: F811
    library = make(locations, f'[[feeds]]\nurl = "{server.url("/summary.xml")}"\n')
    try:
        library.refresh()
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.main_screen
            rows = screen.articles
            # Open "Missing" (its page is a 404) and then "Budget" (a real article page).
            for title, fine in (("Missing", False), ("Budget", True)):
                for key in "j" * 8 + "k" * 8:  # down through the list, then up
                    if rows.current is not None and rows.current.title == title:
                        break
                    await pilot.press(key)
                    await pilot.pause()
                assert rows.current.title == title
                await pilot.press("enter")
                await until(pilot, lambda: screen.article is not None and screen.article.title == title, "the article")
                await pilot.press("w")
                if fine:
                    await until(pilot, lambda: "Full text fetched from" in status(app), "the fetch")
                    assert server.url("/page/ok") in status(app)
                    await until(pilot, lambda: "Vienna on Tuesday" in reading_text(app), "the full text")
                else:
                    await until(pilot, lambda: "Full text not fetched" in status(app), "the failure")
                    assert server.url("/page/404") in status(app) and "404" in status(app)
                    assert "Summary of Missing." in reading_text(app)
    finally:
        library.close()


async def test_refresh_in_the_app_names_a_page_that_could_not_be_read(locations, server):  # noqa: F811
    library = make(locations, f'[[feeds]]\nurl = "{server.url("/one-missing.xml")}"\nfull_text = true\n')
    try:
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await until(pilot, lambda: "Refreshed" in status(app), "the refresh")
            assert f"full text not fetched: {server.url('/page/404')}: HTTP 404" in status(app)
    finally:
        library.close()

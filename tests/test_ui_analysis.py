"""The app while a big article is analysed (issue 15, case 6): the first screen does not wait for
the analysis, the analysis runs off the event loop, and keys move the list while it works."""

from __future__ import annotations

import threading

import pytest

import reader.nlp.analyse as analysis
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading import SHOWN_CHARS, ReadingPane
from tests.conftest import SAMPLES
from tests.ui_support import NOW, build, ui_seed  # noqa: F401 (fixture)

SIZE = (120, 40)


@pytest.fixture
def big_pending(library, ui_seed, tmp_path):
    """The app's test cache (analysed by hand) and one ~5 MB article waiting for analysis,
    the oldest, so the list starts on another one."""
    build(library, ui_seed)
    with library.store.db:  # the hand-made analysis counts as done (as bench/cache.stamp does)
        library.store.db.execute("UPDATE articles SET analysed = ?", (analysis.version(),))
    seed = (SAMPLES / "000_nato_russia_spies.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    path = tmp_path / "big.txt"
    path.write_text("Date: 2020-01-01\nSource: Big\n\nA very long article\n\n"
                    + "\n\n".join([seed] * (4_800_000 // len(seed))), encoding="utf-8")
    [report] = library.ingest_paths([path])
    assert report.ok, report.message
    assert library.pending_analysis() == 1
    return report.article_id


class BusyAnalysis:
    """analyse() that keeps analysing (the real thing, CPU-bound, holding the GIL most of the
    time) until the test lets it finish, and notes the thread it runs on."""

    def __init__(self, monkeypatch) -> None:
        self.real = analysis.analyse
        self.started = threading.Event()
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []
        self.rounds = 0
        monkeypatch.setattr(analysis, "analyse", self)

    def __call__(self, title, text, published):
        self.threads.append(threading.current_thread())
        self.started.set()
        while not self.release.wait(0):
            self.real(title, text[:20_000], published)
            self.rounds += 1
        return self.real(title, text, published)


async def wait_for(pilot, condition, rounds: int = 600) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def test_keys_move_the_list_while_a_big_article_is_analysed(library, big_pending, monkeypatch):
    busy = BusyAnalysis(monkeypatch)
    app = ReaderApp(library, now=NOW, autostart=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: busy.rounds >= 1)  # it has really analysed, and goes on
        screen = app.main_screen
        # The first screen is there while the analysis is busy: it did not wait for it.
        assert "6 articles" in str(screen.query_one("#header").render())
        articles = screen.query_one(ArticleList)
        first = articles.current
        assert first is not None and first.id != big_pending
        seen = [first.id]
        for _ in range(3):
            await pilot.press("down")
            seen.append(articles.current.id)
        assert len(set(seen)) == 4  # every key moved the selection...
        assert busy.started.is_set() and not busy.release.is_set()  # ...while the analysis was at work
        assert "Analysing 0/1 articles" in str(screen.query_one("#status").render())

        busy.release.set()
        await wait_for(pilot, lambda: "Analysed 1 article." in str(screen.query_one("#status").render()))

        # The big article itself: the pane lays out its first SHOWN_CHARS, not 5 MB, and says so.
        for _ in range(10):
            if articles.current.id == big_pending:
                break
            await pilot.press("down")
        pane = screen.query_one(ReadingPane)
        await wait_for(pilot, lambda: pane.article is not None and pane.article.id == big_pending)
        shown = str(pane.query_one("#text").render())
        assert "A very long article" in shown and "more characters, kept in the cache and searched" in shown
        assert len(shown) < SHOWN_CHARS + 5_000 < len(pane.article.text)
    assert busy.threads and all(t is not threading.main_thread() for t in busy.threads)
    article = library.article(big_pending)
    assert article.analysed and article.entities
    assert all(s.end <= analysis.MAX_CHARS for s in article.entities)


async def test_the_status_line_says_when_a_relink_plans_and_when_it_saves(library, ui_seed):
    from reader.ui.messages import Relinking

    build(library, ui_seed)
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await wait_for(pilot, lambda: screen.query_one(ArticleList).current is not None)
        screen.post_message(Relinking(3, 10))
        await wait_for(pilot, lambda: "Linking related articles 3/10…" in str(screen.query_one("#status").render()))
        screen.post_message(Relinking(4, 10, writing=True))
        await wait_for(pilot, lambda: "Saving related links 4/10…" in str(screen.query_one("#status").render()))


async def test_analysis_waits_for_another_process_writing_the_cache_and_tries_again(library, ui_seed, monkeypatch):
    """A long refresh or relink in another process holds the cache's write lock: the app's first
    screen does not wait for it, the status line says the analysis waits (not "unavailable"),
    and once the lock is free the analysis runs by itself."""
    import sqlite3

    import reader.ui.analysis as ui_analysis
    from reader.store import db as db_module
    from tests.test_ui_app import status

    build(library, ui_seed)
    assert library.pending_analysis() > 0
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr(ui_analysis, "BUSY_RETRY_SECONDS", 0.5)
    library.close()
    other = sqlite3.connect(library.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    locked = True
    try:
        app = ReaderApp(library, now=NOW, autostart=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "Analysis waits" in status(app))
            assert "unavailable" not in status(app)
            assert "5 articles" in str(app.main_screen.query_one("#header").render())  # the list is there
            other.execute("ROLLBACK")
            locked = False
            await wait_for(pilot, lambda: library.pending_analysis() == 0, rounds=1200)
            await wait_for(pilot, lambda: "Analysed" in status(app))
    finally:
        if locked:
            other.execute("ROLLBACK")
        other.close()


async def test_analysis_that_meets_a_damaged_cache_says_so_with_what_to_do(library, ui_seed, monkeypatch):
    """A damaged page stopped the analysis with "Analysis unavailable: DatabaseError: database
    disk image i…", cut by the status line (QA). It says what the CLI says: the cache file is
    damaged, run `reader check`; whole, once, in a notification."""
    import sqlite3

    from tests.test_ui_app import notifications, status

    build(library, ui_seed)
    assert library.pending_analysis() > 0

    def damaged(*args, **kwargs):
        exc = sqlite3.DatabaseError("database disk image is malformed")
        exc.sqlite_errorname = "SQLITE_CORRUPT"
        raise exc

    monkeypatch.setattr(library.store, "save_analysis", damaged)
    app = ReaderApp(library, now=NOW, autostart=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "Analysis stopped" in status(app), rounds=1200)
        said = "the cache file is damaged (database disk image is malformed); run `reader check`"
        assert said in status(app)
        assert [n for n in notifications(app) if said in n]

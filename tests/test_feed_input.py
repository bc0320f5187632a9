"""Issue 15, feed and config input (cases 8, 9, 11, 12, 13, 16, 17): each bad input ends with one
clear line naming the file, line, key or URL, and every stored article, read mark and star stays."""

from __future__ import annotations

import hashlib
import sys

import pytest

from reader.cli import main
from reader.config import load_config
from tests.faultserver import AUTH_PASSWORD, AUTH_USER, GOOD_FEED, fault_server  # noqa: F401  (fixture)


def snapshot(library) -> tuple[int, str]:
    """(article count, checksum of every article's feed, key, title, read and star)."""
    rows = library.store.db.execute(
        "SELECT a.id, f.url, a.key, a.title, a.read, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "ORDER BY a.id").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def stored(library, seed_file, fault_server):  # noqa: F811
    """A library holding a local article and a refreshed feed, with read and starred marks."""
    library.ingest_paths([seed_file])
    library.add_feed(fault_server.url("/good.xml"), "Good")
    assert library.refresh().new == 2
    ids = library.store.ids("")
    library.set_read(ids[:2])
    library.set_starred(ids[-1:])
    before = snapshot(library)
    assert before[0] == 3
    return library, before


def config_text(library) -> str:
    return library.locations.config_file.read_text()


# -- case 13: one feed, three spellings ---------------------------------------------------------------

def test_the_same_feed_spelled_three_ways_is_added_once(stored, capsys):
    library, before = stored
    assert main(["add", "https://News.Example.org:443"]) == 0
    assert "added https://news.example.org/ " in capsys.readouterr().out
    for spelling in ("https://news.example.org/", "HTTPS://NEWS.EXAMPLE.ORG", "https://news.example.org:443/"):
        assert main(["add", spelling]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("reader: ") and "is already in" in err and "\n" not in err
        assert str(library.locations.config_file) in err
    assert main(["add", "https://news.example.org/feed/"]) == 0
    assert main(["add", "https://NEWS.example.org/feed"]) == 1
    assert "as https://news.example.org/feed/" in capsys.readouterr().err
    library.reload_config()
    assert [f.url for f in library.config.feeds if "example.org" in f.url] == [
        "https://news.example.org/", "https://news.example.org/feed/"]
    assert config_text(library).count("news.example.org") == 2
    assert snapshot(library) == before


def test_existing_duplicate_rows_are_left_intact_and_reported(stored, fault_server, capsys):  # noqa: F811
    library, before = stored
    # An older reader stored one feed under two spellings, each with its own article.
    spelled = fault_server.url("/good.xml").replace("http://", "HTTP://")
    from reader.model import ArticleIn

    feed_id = library.store.feed_id(spelled, title="Good again")
    library.store.store_articles(feed_id, [ArticleIn(key="old-1", title="Kept from the old row", text="Old text.")])
    with library.locations.config_file.open("a") as fh:
        fh.write(f'\n[[feeds]]\nurl = "{spelled}"\ntitle = "Good again"\n')
    assert main(["feeds"]) == 0
    captured = capsys.readouterr()
    assert "is the same feed as feed 1; ignored" in captured.err and f"{library.locations.config_file}:" in captured.err
    library.reload_config()
    assert library.count() == before[0] + 1  # nothing merged away, nothing deleted
    assert library.count("Kept") == 1
    rows = {f.url for f in library.store.feeds()}
    assert spelled in rows and fault_server.url("/good.xml") in rows


# -- case 9: OPML and config entries that cannot be used ----------------------------------------------

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Local" xmlUrl="file:///etc/passwd"/>
<outline text="Home" xmlUrl="~/.ssh/id_rsa"/>
<outline text="Abs" xmlUrl="/etc/shadow"/>
<outline text="Blank" xmlUrl="   "/>
<outline text="Script" xmlUrl="javascript:alert(1)"/>
<outline text="Tech">
  <outline text="Good one" xmlUrl="https://one.example.org/feed.xml"/>
</outline>
<outline text="Good two" xmlUrl="http://two.example.org/rss"/>
</body></opml>
"""


def test_opml_import_takes_only_http_feeds_and_names_every_skipped_outline(stored, tmp_path, capsys):
    library, before = stored
    opml = tmp_path / "in.opml"
    opml.write_text(OPML)
    assert main(["import", str(opml)]) == 2  # partly done
    captured = capsys.readouterr()
    for line, text in ((3, "file:///etc/passwd"), (4, "~/.ssh/id_rsa"), (5, "/etc/shadow"), (6, "blank xmlUrl"),
                       (7, "javascript")):
        assert f"{opml}:{line}: " in captured.err and text in captured.err
    assert "imported 2 feeds (0 already there, 5 skipped)" in captured.out
    text = config_text(library)
    assert "passwd" not in text and "shadow" not in text and "id_rsa" not in text and 'url = ""' not in text
    # Every later command still works.
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    assert "one.example.org" in out and "two.example.org" in out
    library.reload_config()
    assert next(f for f in library.config.feeds if "one.example" in f.url).tags == ("Tech",)
    assert snapshot(library) == before


def test_opml_import_writes_the_config_once(library, tmp_path, monkeypatch):
    import pathlib

    dumps = []  # each time a new config file replaces the old one
    real = pathlib.Path.replace
    monkeypatch.setattr(pathlib.Path, "replace", lambda self, target: dumps.append(target) or real(self, target))
    body = "".join(f'<outline text="F{i}" xmlUrl="https://f{i}.example.org/rss"/>' for i in range(300))
    opml = tmp_path / "many.opml"
    opml.write_text(f'<opml version="2.0"><body>{body}</body></opml>')
    report = library.import_opml(opml)
    assert (report.added, report.existing, report.problems) == (300, 0, [])
    assert dumps == [library.locations.config_file]
    assert len(library.config.feeds) == 300
    again = library.import_opml(opml)
    assert (again.added, again.existing) == (0, 300) and len(dumps) == 1


def test_a_bad_config_entry_leaves_the_other_feeds_working(stored, fault_server, capsys):  # noqa: F811
    library, before = stored
    path = library.locations.config_file
    with path.open("a") as fh:
        fh.write('\n[[feeds]]\nurl = ""\n\n[[feeds]]\ntitle = "no url"\n\n[[feeds]]\nurl = "ftp://x.org/f"\n\n'
                 '[[feeds]]\nurl = "https://ok.example.org/rss"\ntags = "one"\n')
    lines = path.read_text().splitlines()
    blank_line = lines.index('url = ""') + 1
    assert main(["feeds"]) == 0
    captured = capsys.readouterr()
    assert f"reader: warning: {path}:{blank_line}: 'feeds.url' of feed 2: the url is blank" in captured.err
    assert "feed 3 has no url" in captured.err and "unsupported URL scheme 'ftp'" in captured.err
    assert "Good" in captured.out and "ok.example.org" in captured.out
    assert main(["refresh", "Good"]) == 0
    assert snapshot(library) == before


# -- case 16: numbers out of range --------------------------------------------------------------------

@pytest.mark.parametrize("argv, what", [
    (["show", str(10**30)], "argument id"),
    (["related", str(10**30)], "argument id"),
    (["show", "-5"], "argument id"),
    (["search", "--limit", str(10**30), "x"], "argument --limit"),
    (["search", "--limit", "0", "x"], "argument --limit"),
])
def test_huge_ids_and_limits_are_clear_errors(stored, argv, what, capsys):
    library, before = stored
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert what in err and "Traceback" not in err
    assert snapshot(library) == before


def test_the_library_answers_no_article_for_impossible_ids(stored):
    library, before = stored
    for article_id in (10**30, -1, 0, 2**63):
        assert library.article(article_id) is None and library.related(article_id) is None
        assert library.story(article_id) == []
    assert snapshot(library) == before


@pytest.mark.parametrize("setting, value, default", [
    ("max_mb", "inf", 20), ("max_mb", "nan", 20), ("max_mb", "-1", 20), ("timeout", "-1", 30),
    ("timeout", "inf", 30), ("workers", "0", 8), ("refresh_minutes", "-5", 0),
])
def test_settings_out_of_range_are_named_and_replaced_by_defaults(stored, setting, value, default, capsys):
    library, before = stored
    path = library.locations.config_file
    path.write_text(path.read_text() + f"\n[settings]\n{setting} = {value}\n")
    line = len(path.read_text().splitlines())
    assert main(["refresh"]) == 0
    err = capsys.readouterr().err
    assert f"reader: warning: {path}:{line}: 'settings.{setting}' must be between" in err and value in err
    assert getattr(load_config(path).settings, setting) == default
    assert snapshot(library) == before


def test_duplicate_key_bindings_are_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nquit = "q"\nrefresh = "r"\nsearch = "ctrl+f,q"\n')
    config = load_config(path)
    assert config.keys == {"quit": "q", "refresh": "r"}
    assert len(config.problems) == 1
    assert f"{path}:4:" in config.problems[0] and "'q' is bound to both 'quit' and 'search'" in config.problems[0]


def test_a_key_given_to_one_action_that_is_another_actions_default_is_named():
    from reader.ui.commands import check_keymap

    keymap, problems = check_keymap({"refresh": "q"})
    assert keymap == {} and len(problems) == 1
    assert "'q' is already the key of 'back'" in problems[0] and "'refresh' keeps its default key (r)" in problems[0]
    # Moving back away first frees q.
    assert check_keymap({"refresh": "q", "back": "v"}) == ({"refresh": "q", "back": "v"}, [])


# -- case 11: credentials -----------------------------------------------------------------------------

def _secret_url(server, route="/auth.xml"):
    return server.url(route).replace("http://", f"http://{AUTH_USER}:{AUTH_PASSWORD}@")


def test_credentials_in_a_feed_url_log_in_and_never_show(stored, fault_server, capsys, tmp_path):  # noqa: F811
    library, before = stored
    path = library.locations.config_file
    with path.open("a") as fh:
        fh.write(f'\n[[feeds]]\nurl = "{_secret_url(fault_server)}"\ntitle = "Private"\n'
                 f'\n[[feeds]]\nurl = "{_secret_url(fault_server, "/500")}"\ntitle = "Private broken"\n')
    assert main(["refresh", "--no-analyse"]) == 1  # the broken feed failed (exit 1); the other logged in
    assert main(["feeds"]) == 0
    assert main(["export"]) == 0
    captured = capsys.readouterr()
    assert "/3] Private: 2 new" in captured.out and "HTTP 500" in captured.out  # (in completion order)
    assert AUTH_PASSWORD not in captured.out + captured.err
    assert f"{AUTH_USER}:" not in captured.out  # the export names no user either
    library.reload_config()
    assert library.count() == before[0] + 2
    stored_text = repr(library.store.db.execute("SELECT * FROM feeds").fetchall())
    assert AUTH_PASSWORD not in stored_text
    assert AUTH_PASSWORD in config_text(library)  # the user's own file is the user's


def test_password_command_and_its_failures(stored, fault_server, capsys, monkeypatch):  # noqa: F811
    library, before = stored
    path = library.locations.config_file
    good = f'{sys.executable} -c "print(\'{AUTH_PASSWORD}\')"'
    piped = f"echo {AUTH_PASSWORD} | cat"  # shell syntax: run with /bin/sh -c
    with path.open("a") as fh:
        for title, command in (("Direct", good), ("Piped", piped), ("Failing", f"{sys.executable} -c 'exit(3)'"),
                               ("Missing", "/no/such/program --x"),
                               ("Slow", f"{sys.executable} -c 'import time; time.sleep(30)'")):
            url = fault_server.url("/auth.xml") + f"?{title}"
            fh.write(f"\n[[feeds]]\nurl = '{url}'\ntitle = '{title}'\nusername = '{AUTH_USER}'\n"
                     f"password_command = '''{command}'''\n")
    monkeypatch.setattr("reader.credentials.PASSWORD_TIMEOUT", 1.0)
    assert main(["refresh", "--no-analyse"]) == 1  # three commands fail on purpose
    out = capsys.readouterr().out
    assert "Direct: 2 new" in out and "Piped: 2 new" in out
    assert "Failing: error: " in out and "password_command failed (exit status 3)" in out
    assert "Missing: error: " in out and "no such program '/no/such/program'" in out
    assert "Slow: error: " in out and "did not finish within 1 s" in out
    for title in ("Failing", "Missing", "Slow"):
        line = next(x for x in out.splitlines() if f"{title}: error" in x)
        assert f"/auth.xml?{title}" in line  # names the feed
    assert AUTH_PASSWORD not in out
    library.reload_config()
    assert library.count() == before[0] + 4


def test_an_old_row_with_a_password_in_its_url_is_renamed_not_lost(library, fault_server, capsys):  # noqa: F811
    from reader.library import make_library
    from reader.model import ArticleIn

    secret = _secret_url(fault_server)
    feed_id = library.store.feed_id(secret, title="Private")
    library.store.store_articles(feed_id, [ArticleIn(key="k1", title="Stored before", text="Text.")])
    library.store.set_flag(library.store.ids(""), "starred", True)
    with library.store.transaction() as db:  # an error an older reader stored, password and all
        db.execute("UPDATE feeds SET last_status = 'error', last_error = ? WHERE id = ?",
                   (f"{secret}: HTTP 401 Unauthorized", feed_id))
    library.close()
    library.locations.config_file.write_text(f'[[feeds]]\nurl = "{secret}"\n')
    again = make_library(library.locations)
    try:
        urls = [f.url for f in again.feeds()]
        assert urls == [fault_server.url("/auth.xml").replace("http://", f"http://{AUTH_USER}@")]
        assert again.count("is:starred") == 1 and again.feeds()[0].articles == 1
        assert AUTH_PASSWORD not in repr(again.store.db.execute("SELECT url FROM feeds").fetchall())
        assert "HTTP 401" in again.feeds()[0].last_error and AUTH_PASSWORD not in again.feeds()[0].last_error
    finally:
        again.close()
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    assert "HTTP 401" in out and AUTH_PASSWORD not in out


# -- case 17: a body shorter than announced ------------------------------------------------------------

def test_a_short_body_is_a_failed_refresh_and_keeps_what_is_stored(library, fault_server):  # noqa: F811
    url = fault_server.url("/flaky.xml")
    library.add_feed(url, "Flaky")
    assert library.refresh().new == 2
    library.set_starred(library.store.ids("")[:1])
    before = snapshot(library)
    fault_server.httpd.short = True
    try:
        summary = library.refresh()
    finally:
        fault_server.httpd.short = False
    report = summary.reports[0]
    assert report.status == "error" and report.error.startswith(url) and "closed early" in report.error
    assert snapshot(library) == before
    feed = next(f for f in library.feeds() if f.url == url)
    assert feed.last_status == "error" and feed.articles == 2


# -- the app shows the config's problems and still starts ---------------------------------------------

async def test_the_app_names_bad_config_entries_and_shows_the_rest(locations, tmp_path):
    from tests.test_ui_app import SIZE, make_app, notifications, settle

    from reader.library import make_library

    feed = tmp_path / "local.xml"
    feed.write_bytes(GOOD_FEED)
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'[settings]\nmax_mb = inf\n\n[keys]\nrefresh = "q"\n\n[[feeds]]\nurl = ""\n\n'
                                     f'[[feeds]]\nurl = "{feed}"\ntitle = "Local"\n')
    library = make_library(locations)
    try:
        assert library.refresh().new == 2
        app = make_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = notifications(app)
            path = locations.config_file
            assert any(f"{path}:2: 'settings.max_mb'" in n and "inf" in n for n in shown)
            assert any(f"{path}:8: 'feeds.url' of feed 1: the url is blank" in n for n in shown)
            assert any("'q' is already the key of 'back'" in n for n in shown)
            assert app.main_screen.query_one("ArticleList").current is not None
    finally:
        library.close()


# -- all of the above against a cache of 10,000 articles with read and starred state ------------------

def test_a_cache_of_10000_articles_survives_every_feed_and_config_case(library, fault_server, tmp_path,  # noqa: F811
                                                                      capsys):
    from datetime import datetime, timezone

    from reader.model import ArticleIn

    feed_id = library.store.feed_id("local:bulk", title="Bulk", kind="files")
    library.store.store_articles(feed_id, [
        ArticleIn(key=f"k{i}", title=f"Article {i}", text=f"Body of article {i}.",
                  published=datetime(2021, 1, 1 + i % 28, tzinfo=timezone.utc)) for i in range(10_000)])
    ids = library.store.ids("")
    library.set_read(ids[::3])
    library.set_starred(ids[::7])

    def bulk() -> tuple[int, str]:
        rows = library.store.db.execute("SELECT id, key, title, text, read, starred FROM articles "
                                        "WHERE feed_id = ? ORDER BY id", (feed_id,)).fetchall()
        return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()

    before = bulk()
    assert before[0] == 10_000
    config = library.locations.config_file
    opml = tmp_path / "in.opml"
    opml.write_text(OPML)
    def append_and_run(text: str, argv: list[str]):
        def run():
            with config.open("a") as fh:
                fh.write(text)
            return main(argv)
        return run

    refresh = ["refresh", "--no-analyse"]
    cases = {
        "13 three spellings": lambda: [main(["add", u]) for u in ("https://A.org:443", "https://a.org/", "HTTPS://a.org")],
        "9 hostile OPML": lambda: main(["import", str(opml)]),
        "9 bad config entries": append_and_run('\n[[feeds]]\nurl = ""\n', ["feeds"]),
        "16 huge numbers": lambda: [_exits(["show", str(10**30)]), _exits(["search", "--limit", str(10**30), "x"])],
        "16 bad settings": append_and_run("\n[settings]\nmax_mb = nan\ntimeout = -1\n", ["feeds"]),
        "11 credentials": append_and_run(f'\n[[feeds]]\nurl = "{_secret_url(fault_server)}"\n'
                                         f'\n[[feeds]]\nurl = "{_secret_url(fault_server, "/500")}"\n', refresh),
        "12 redirect to metadata": append_and_run(
            f'\n[[feeds]]\nurl = "{fault_server.url("/go/169.254.169.254/latest/")}"\n', refresh),
        "17 short body": append_and_run(f'\n[[feeds]]\nurl = "{fault_server.url("/short-list")}"\n', refresh),
    }
    lost = []
    for name, run in cases.items():
        run()
        if bulk() != before:
            lost.append(name)
    out = capsys.readouterr()
    assert lost == [], f"{len(cases)} cases tried, these lost data: {lost}"
    assert "refused the redirect" in out.out and "link-local" in out.out
    assert "closed early" in out.out and AUTH_PASSWORD not in out.out + out.err
    assert library.count("is:starred") == len(ids[::7])


def _exits(argv) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return info.value.code

"""Feeds a user manages (issue 17 items 4, 5): `reader remove` and `reader rename` rewrite the
config once keeping its comments, and the cache follows; the first real config replaces the
bundled samples. Subprocesses, as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from reader.library import make_library
from reader.locations import Locations
from tests.ui_support import DATA


def reader(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300, input=stdin)


@pytest.fixture
def config(tmp_path):
    return tmp_path / "config" / "config.toml"  # READER_CONFIG (conftest)


@pytest.fixture
def two_feeds(tmp_path, config):
    """A config with comments and two local feeds (2 articles each), refreshed."""
    for name in ("wire.rss", "other.rss"):
        shutil.copy(DATA / "ui_feed.rss", tmp_path / name)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"""# my feeds, kept by hand
[settings]
theme = "nord"   # the theme I like

# the wire
[[feeds]]
url = "{tmp_path / 'wire.rss'}"   # local copy
title = "Wire"
tags = ["news"]

# something else
[[feeds]]
url = "{tmp_path / 'other.rss'}"
title = "Other"
""", encoding="utf-8")
    out = reader("refresh", "--all", "--no-analyse")
    assert out.returncode == 0, out.stderr
    return config


def _library(tmp_path):
    return make_library(Locations(config_file=tmp_path / "config" / "config.toml", data_dir=tmp_path / "data"))


def _star_first(tmp_path, file_name: str) -> int:
    """Star one article of the feed read from this file (both feeds call themselves "Local Wire")."""
    lib = _library(tmp_path)
    try:
        article_id = lib.store.db.execute("SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id "
                                          "WHERE f.url = ? ORDER BY a.id LIMIT 1",
                                          (str(tmp_path / file_name),)).fetchone()[0]
        lib.set_starred([article_id])
        return article_id
    finally:
        lib.close()


def _article_ids(tmp_path) -> list[int]:
    lib = _library(tmp_path)
    try:
        return [r.id for r in lib.list_articles("", limit=1000)]
    finally:
        lib.close()


def test_remove_deletes_the_feed_and_its_articles_but_keeps_starred_ones_and_the_comments(tmp_path, two_feeds):
    starred = _star_first(tmp_path, "wire.rss")
    before = two_feeds.read_text()
    out = reader("remove", "wire", "--yes")
    assert out.returncode == 0, out.stderr
    assert "removed Wire" in out.stdout and "deleted 1 article" in out.stdout and "1 article kept" in out.stdout
    text = two_feeds.read_text()
    assert "wire.rss" not in text and 'title = "Wire"' not in text
    # Everything else stays byte for byte: the comments, the settings, the other feed with its comment.
    assert text == before.replace(before[before.index("# the wire"):before.index("# something else")], "")
    feeds = reader("feeds").stdout
    assert "Other" in feeds and "1 article " in feeds  # the starred one, as a removed source
    assert "removed from the config" in feeds
    shown = reader("show", str(starred))
    assert shown.returncode == 0
    assert starred in _article_ids(tmp_path) and len(_article_ids(tmp_path)) == 1 + 2


def test_remove_delete_starred_and_keep_articles(tmp_path, two_feeds):
    _star_first(tmp_path, "wire.rss")
    out = reader("remove", "wire", "--yes", "--delete-starred")
    assert out.returncode == 0 and "deleted 2 articles" in out.stdout and "kept" not in out.stdout
    out = reader("remove", str(tmp_path / "other.rss"), "--yes", "--keep-articles")
    assert out.returncode == 0 and "deleted 0 articles; 2 articles kept as a removed source" in out.stdout
    assert "[[feeds]]" not in two_feeds.read_text()
    assert "# my feeds, kept by hand" in two_feeds.read_text()


def test_remove_without_yes_off_a_terminal_changes_nothing_and_says_so(tmp_path, two_feeds):
    before = two_feeds.read_text()
    out = reader("remove", "wire", stdin="y\n")
    assert out.returncode == 1
    assert "--yes" in out.stderr and "2 articles are deleted" in out.stderr
    assert two_feeds.read_text() == before
    assert "Wire" in reader("feeds").stdout


def test_remove_and_rename_refuse_a_name_that_matches_several_feeds_or_none(tmp_path, two_feeds):
    out = reader("remove", ".rss", "--yes")
    assert out.returncode == 1 and "matches 2 feeds" in out.stderr and "Wire" in out.stderr
    out = reader("rename", "nothing-like-it", "X")
    assert out.returncode == 1 and "no feed matches 'nothing-like-it'" in out.stderr
    out = reader("rename", "wire", " ")
    assert out.returncode == 1 and "one line of text" in out.stderr


def test_rename_sets_the_title_in_place_keeping_comments(tmp_path, two_feeds):
    before = two_feeds.read_text()
    out = reader("rename", "wire", 'The "Wire"')
    assert out.returncode == 0, out.stderr
    assert "renamed Wire" in out.stdout
    assert two_feeds.read_text() == before.replace('title = "Wire"', 'title = "The \\"Wire\\""')
    out = reader("rename", "other", "Elsewhere")
    assert out.returncode == 0
    feeds = reader("feeds").stdout
    assert 'The "Wire"' in feeds and "Elsewhere" in feeds
    assert "# something else" in two_feeds.read_text()


def test_articles_show_the_title_the_config_gives_their_feed_and_follow_a_rename(tmp_path, two_feeds):
    """Both files call themselves "Local Wire"; the config names them "Wire" and "Other". The list,
    the reading pane and `reader show` named each article after what its feed called itself when it
    was fetched, so two feeds looked the same and a rename never reached the articles (QA)."""
    def names() -> set[tuple[str, str]]:
        lib = _library(tmp_path)
        try:
            rows = lib.list_articles("", limit=100)
            shown = {(lib.article(r.id).feed, r.feed) for r in rows}
            return {name for pair in shown for name in pair}
        finally:
            lib.close()

    assert names() == {"Wire", "Other"}
    assert reader("rename", "other", "Elsewhere").returncode == 0
    assert names() == {"Wire", "Elsewhere"}
    search = reader("search", "feed:Elsewhere").stdout
    assert "Elsewhere" in search and "Local Wire" not in search


def test_rename_adds_a_title_line_after_the_url_when_there_is_none(tmp_path, config):
    shutil.copy(DATA / "ui_feed.rss", tmp_path / "wire.rss")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'# mine\n[[feeds]]\nurl = "{tmp_path / "wire.rss"}"  # here\ntags = ["a"]\n')
    assert reader("rename", "wire", "Named").returncode == 0
    assert config.read_text() == f'# mine\n[[feeds]]\nurl = "{tmp_path / "wire.rss"}"  # here\ntitle = "Named"\ntags = ["a"]\n'


def test_removing_then_adding_a_feed_again_makes_it_a_feed_again(tmp_path, two_feeds):
    assert reader("remove", "wire", "--yes", "--keep-articles").returncode == 0
    assert reader("add", str(tmp_path / "wire.rss"), "--title", "Wire").returncode == 0
    out = reader("refresh", "wire", "--no-analyse")
    assert out.returncode == 0, out.stderr
    assert "Wire" in reader("feeds").stdout
    assert len(_article_ids(tmp_path)) == 4  # its two articles are not stored twice


# -- item 4: the first real config replaces the samples --------------------------------------

def test_the_first_reader_add_replaces_the_samples_but_keeps_what_the_user_starred(tmp_path, config):
    lib = _library(tmp_path)
    assert lib.config.is_sample
    assert lib.load_samples_if_empty()
    sample_rows = lib.list_articles("", limit=1000)
    assert len(sample_rows) > 5
    kept = sample_rows[3]
    lib.set_starred([kept.id])
    lib.close()
    feed = tmp_path / "mine.rss"
    shutil.copy(DATA / "ui_feed.rss", feed)
    out = reader("add", str(feed), "--title", "Mine")
    assert out.returncode == 0, out.stderr
    assert reader("refresh", "--no-analyse").returncode == 0
    feeds = reader("feeds").stdout
    for title in ("Europe Security Desk", "World Affairs Weekly", "Berlin Politics Wire"):
        if title != kept.feed:
            assert title not in feeds
    assert "Mine" in feeds
    lib = _library(tmp_path)
    try:
        ids = [r.id for r in lib.list_articles("", limit=1000)]
        assert kept.id in ids and len(ids) == 1 + 2  # the starred sample and the user's two
        assert not {t for t in lib.tags()} & {"nato", "russia", "diplomacy", "germany"}
    finally:
        lib.close()


def _on_a_terminal(*args: str, answer: bytes) -> tuple[int, str]:
    """Run reader with its stdin and stdout on a pseudo-terminal, typing ``answer``."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "reader", *args], stdin=follower, stdout=follower,
                            stderr=follower, env=dict(os.environ))
    os.close(follower)
    output = b""
    sent = False
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"[y/N]" in output:
            os.write(leader, answer)
            sent = True
    os.close(leader)
    return proc.wait(timeout=60), output.decode(errors="replace")


def test_remove_asks_on_a_terminal_and_only_yes_removes(tmp_path, two_feeds):
    code, output = _on_a_terminal("remove", "wire", answer=b"n\n")
    assert code == 1 and "Remove Wire" in output and "nothing was changed" in output
    assert "wire.rss" in two_feeds.read_text()
    code, output = _on_a_terminal("remove", "wire", answer=b"y\n")
    assert code == 0 and "removed Wire" in output
    assert "wire.rss" not in two_feeds.read_text()


def test_a_title_given_in_full_names_its_feed_though_another_title_contains_it(tmp_path, two_feeds):
    assert reader("rename", "other", "Other Wire").returncode == 0
    out = reader("rename", "wire", "The Wire")  # "Wire" is Wire's whole title, and part of "Other Wire"
    assert out.returncode == 0, out.stderr
    assert 'title = "The Wire"' in two_feeds.read_text() and 'title = "Other Wire"' in two_feeds.read_text()


def test_feeds_written_as_an_inline_array_are_removed_and_renamed_through_tomlkit(tmp_path):
    from reader.config import load_config
    from reader.config_edit import remove_feed, rename_feed

    path = tmp_path / "inline.toml"
    path.write_text('# inline feeds\nfeeds = [\n  {url = "https://a.example/f", title = "A"},  # first\n'
                    '  {url = "https://b.example/f"},\n]\n[settings]\ntheme = "nord"  # mine\n')
    config = load_config(path)
    rename_feed(path, config.feeds[1], "Bee")
    assert [(f.url, f.title) for f in load_config(path).feeds] == [("https://a.example/f", "A"),
                                                                    ("https://b.example/f", "Bee")]
    remove_feed(path, config.feeds[0])
    after = load_config(path)
    assert [(f.url, f.title) for f in after.feeds] == [("https://b.example/f", "Bee")]
    assert after.settings.theme == "nord"
    assert "# inline feeds" in path.read_text() and "# mine" in path.read_text()

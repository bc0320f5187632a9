"""The CLI as a user runs it (subprocesses): help with examples, a missing config said so,
`reader add` refusing bad URLs, `reader refresh` by schedule, by name and with an honest exit code,
plurals, and search saying there is more."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.faultserver import fault_server  # noqa: F401  (fixture)
from tests.ui_support import DATA

SUBCOMMANDS = ["ingest", "add", "remove", "rename", "import", "export", "feeds", "refresh", "search", "show", "related", "analyse",
               "relink", "check", "eval-ner", "eval-timex"]


def reader(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture
def config(tmp_path):
    return tmp_path / "config" / "config.toml"  # READER_CONFIG (conftest)


def write_config(config, body: str) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(body, encoding="utf-8")


def feed_file(tmp_path, name: str):
    path = tmp_path / name
    shutil.copy(DATA / "ui_feed.rss", path)  # its own title: "Local Wire"; 2 articles
    return path


# -- item 21: help ------------------------------------------------------------------

def test_help_says_what_each_command_does_with_examples():
    top = reader("--help")
    assert top.returncode == 0
    assert "examples:" in top.stdout and "reader refresh" in top.stdout and "reader add https://" in top.stdout
    for name in SUBCOMMANDS:
        out = reader(name, "--help")
        assert out.returncode == 0, name
        usage, _, rest = out.stdout.partition("\n\n")
        assert rest.split("\n", 1)[0].strip().endswith("."), (name, rest[:80])  # a description sentence
        assert f"  reader {name}" in out.stdout and "example" in out.stdout, name


# -- item 6: no config file ------------------------------------------------------------

def test_a_missing_config_file_is_said_and_reader_add_creates_it(config):
    out = reader("feeds")
    assert out.returncode == 0
    note = [line for line in out.stderr.splitlines() if "no config file" in line]
    assert len(note) == 1 and str(config) in note[0] and "READER_CONFIG" in note[0]
    assert "sample" in note[0] and "reader add URL" in note[0]
    added = reader("add", "https://example.org/feed.xml", "--title", "Example")
    assert added.returncode == 0 and "no config file" not in added.stderr
    assert f"created {config}" in added.stdout and config.exists()
    assert 'url = "https://example.org/feed.xml"' in config.read_text()
    again = reader("feeds")
    assert "no config file" not in again.stderr and "Example" in again.stdout


@pytest.mark.parametrize("url, reason", [
    ("ftp://example.org/feed.xml", "only http and https"),
    ("feed://example.org/rss", "only http and https"),
    ("http:///feed.xml", "no host"),
    ("https://example.org/my feed.xml", "spaces"),
    ("https://example.org:port/feed.xml", "not a valid URL"),
    ("example.org/feed.xml", "not an http(s) URL, and no such local file"),
    ("", "empty"),
])
def test_reader_add_refuses_a_bad_url_with_a_reason(config, url, reason):
    write_config(config, "# mine\n")
    out = reader("add", url)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: cannot add ") and reason in lines[0], lines
    assert config.read_text() == "# mine\n"  # nothing written


def test_reader_add_takes_a_local_feed_file(config, tmp_path):
    path = feed_file(tmp_path, "wire.rss")
    write_config(config, "")
    out = reader("add", str(path))
    assert out.returncode == 0, out.stderr
    assert str(path) in config.read_text()


# -- items 2, 3, 7: refresh -------------------------------------------------------------------

def test_refresh_without_names_fetches_only_the_feeds_that_are_due(config, tmp_path):
    wire = feed_file(tmp_path, "wire.rss")
    hand = feed_file(tmp_path, "hand.rss")
    write_config(config, f'[[feeds]]\nurl = "{wire}"\ntitle = "Wire"\nrefresh_minutes = 60\n\n'
                         f'[[feeds]]\nurl = "{hand}"\ntitle = "By hand"\nrefresh_minutes = 0\n')
    first = reader("refresh", "--no-analyse")
    assert first.returncode == 0, first.stderr
    assert "Wire: 2 new" in first.stdout and "By hand" not in first.stdout.split("\n1 feed not due")[0]
    assert "1 feed: 2 new articles" in first.stdout  # plurals
    assert "1 feed not due yet; --all refreshes them now" in first.stdout  # By hand: only when asked
    second = reader("refresh", "--no-analyse")
    assert second.returncode == 0
    assert second.stdout.startswith("no feed is due yet (next: Wire at ")
    listed = reader("feeds").stdout
    assert "; next due " in listed.split("By hand")[0] and "refreshed only when asked" in listed
    forced = reader("refresh", "--all", "--no-analyse")
    assert forced.returncode == 0
    assert "Wire: unchanged" in forced.stdout and "By hand: 2 new" in forced.stdout
    assert "2 feeds: 2 new articles" in forced.stdout


def test_refresh_by_name_matches_titles_the_feeds_own_title_and_urls(config, tmp_path):
    alpha = feed_file(tmp_path, "alpha-news.rss")
    plain = feed_file(tmp_path, "plain.rss")
    write_config(config, f'[[feeds]]\nurl = "{alpha}"\ntitle = "Alpha Desk"\n\n[[feeds]]\nurl = "{plain}"\n')
    assert reader("refresh", "--all", "--no-analyse").returncode == 0  # the second feed learns its own title
    by_own_title = reader("refresh", "--no-analyse", "local wire")
    assert by_own_title.returncode == 0, by_own_title.stderr
    assert "'local wire' matches 1 feed: Local Wire" in by_own_title.stdout
    assert "1 feed: " in by_own_title.stdout
    by_config_title = reader("refresh", "--no-analyse", "ALPHA DESK")
    assert "'ALPHA DESK' matches 1 feed: Alpha Desk" in by_config_title.stdout
    by_url = reader("refresh", "--no-analyse", "ALPHA-NEWS")
    assert "'ALPHA-NEWS' matches 1 feed: Alpha Desk" in by_url.stdout
    both = reader("refresh", "--no-analyse", ".rss")
    assert "'.rss' matches 2 feeds: Alpha Desk, Local Wire" in both.stdout
    missing = reader("refresh", "--no-analyse", "nature")
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"reader: no feed matches 'nature' (by title or URL) in {config}"


def test_refresh_exits_1_when_a_feed_failed_with_one_line_per_failure(config, tmp_path, fault_server):  # noqa: F811
    wire = feed_file(tmp_path, "wire.rss")
    port = fault_server.url("/").split(":")[2].rstrip("/")
    broken = f"http://reader:s3cret@127.0.0.1:{port}/500"
    write_config(config, f'[[feeds]]\nurl = "{wire}"\ntitle = "Wire"\n\n[[feeds]]\nurl = "{broken}"\n'
                         f'title = "Broken"\n\n[[feeds]]\nurl = "{tmp_path / "missing.rss"}"\ntitle = "Missing"\n')
    out = reader("refresh", "--no-analyse")
    assert out.returncode == 1
    assert "s3cret" not in out.stdout + out.stderr
    assert "Wire: 2 new" in out.stdout
    tail = out.stderr.split("2 feeds failed:\n", 1)[1].splitlines()
    assert sorted(tail) == sorted([
        f"  Broken <http://***@127.0.0.1:{port}/500>: HTTP 500 Internal Server Error",
        f"  Missing <{tmp_path / 'missing.rss'}>: no such file",
    ]), tail
    ok_only = reader("refresh", "--no-analyse", "wire")
    assert ok_only.returncode == 0


# -- item 21: search says there is more ------------------------------------------------------

def test_search_says_how_many_more_it_did_not_print(config, tmp_path):
    wire = feed_file(tmp_path, "wire.rss")
    write_config(config, f'[[feeds]]\nurl = "{wire}"\n')
    assert reader("refresh", "--no-analyse").returncode == 0
    one = reader("search", "--limit", "1", "the")
    assert one.returncode == 0 and len(one.stdout.splitlines()) == 1
    assert one.stderr.strip() == "… 1 more; use --limit 2 to see it"
    both = reader("search", "--limit", "2", "the")
    assert len(both.stdout.splitlines()) == 2 and "more" not in both.stderr
    as_json = reader("search", "--json", "--limit", "1", "the")
    assert as_json.stdout.lstrip().startswith("[") and "1 more" in as_json.stderr

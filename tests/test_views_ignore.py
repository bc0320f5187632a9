"""Saved views ([[views]]) and the killfile ([[ignore]]), issue 17 items 9 and 10: config
entries in the search language, `reader search --view NAME` and `reader search --ignored`."""

from __future__ import annotations

import shutil

from reader.config import parse_config
from tests.test_feeds_manage import _library, reader
from tests.ui_support import DATA


def _setup(tmp_path, extra: str):
    for name in ("wire.rss", "other.rss"):
        shutil.copy(DATA / "ui_feed.rss", tmp_path / name)
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"""[[feeds]]
url = "{tmp_path / 'wire.rss'}"
title = "Wire"
tags = ["news"]

[[feeds]]
url = "{tmp_path / 'other.rss'}"
title = "Other"
{extra}""", encoding="utf-8")
    out = reader("refresh", "--all", "--no-analyse")
    assert out.returncode == 0, out.stderr
    return config


def test_search_view_runs_the_saved_query_and_counts_unread(tmp_path):
    _setup(tmp_path, """
[[views]]
name = "Lavrov news"
query = "lavrov tag:news"

[[views]]
name = "Read ones"
query = "is:read"
""")
    out = reader("search", "--view", "lavrov NEWS", "--json")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('"id"') == 1 and "Lavrov rejects dialogue" in out.stdout
    narrowed = reader("search", "--view", "Lavrov news", "aukus")
    assert narrowed.returncode == 0 and "no articles match" in narrowed.stderr
    missing = reader("search", "--view", "nope")
    assert missing.returncode == 2 and "no view 'nope'" in missing.stderr and "'Lavrov news'" in missing.stderr
    lib = _library(tmp_path)
    try:
        assert lib.views() == [("Lavrov news", "lavrov tag:news", 1), ("Read ones", "is:read", 0)]
        lib.set_read([lib.list_articles("lavrov tag:news")[0].id])
        assert lib.views()[0][2] == 0
    finally:
        lib.close()


def test_ignore_rules_hide_articles_everywhere_and_search_ignored_shows_them(tmp_path):
    _setup(tmp_path, """
[[ignore]]
query = "aukus"

[[ignore]]
query = "lavrov"
feed = "other.rss"
""")
    lib = _library(tmp_path)
    try:
        shown = lib.list_articles("", limit=100)
        # AUKUS hidden in both feeds; Lavrov hidden only in the feed the rule names.
        assert [r.title for r in shown] == ["Lavrov rejects dialogue at the UN"]
        assert lib.count("") == 1 and lib.count("aukus") == 0
        # The feeds' counts are of what shows: Wire keeps Lavrov, Other shows nothing.
        assert [(f.title, f.articles, f.unread) for f in lib.feeds()] == [("Wire", 1, 1), ("Other", 0, 0)]
        assert sorted(r.title for r in lib.list_articles("is:ignored", limit=100)) == [
            "AUKUS pact angers France", "AUKUS pact angers France", "Lavrov rejects dialogue at the UN"]
    finally:
        lib.close()
    out = reader("search", "aukus")
    assert "no articles match" in out.stderr
    out = reader("search", "--ignored", "--json")
    assert out.returncode == 0 and out.stdout.count('"id"') == 3
    out = reader("search", "--ignored", "aukus", "--json")
    assert out.stdout.count('"id"') == 2


def test_no_ignore_rules_means_nothing_is_ignored(tmp_path):
    _setup(tmp_path, "")
    out = reader("search", "--ignored")
    assert out.returncode == 0 and "no articles match" in out.stderr
    assert reader("search", "--json", "--limit", "50", "aukus OR lavrov").stdout.count('"id"') == 4


def test_bad_views_and_rules_are_named_with_their_line_and_left_out(tmp_path):
    path = tmp_path / "c.toml"
    text = """# views
[[views]]
name = "ok"
query = "tag:news"

[[views]]
name = "broken"
query = "(nato"

[[views]]
query = "x"

[[ignore]]
query = ""

[[ignore]]
query = "spam"
colour = "red"
"""
    config = parse_config(text, path)
    assert [v.name for v in config.views] == ["ok"]
    assert [r.query for r in config.ignore] == ["spam"]
    problems = "\n".join(config.problems)
    assert f"{path}:8: view 'broken' query '(nato'" in problems
    assert f"{path}:10: view 3 has no name" in problems
    assert f"{path}:14: ignore rule 1 needs a query" in problems
    assert f"{path}:18: unknown key 'ignore.colour'" in problems

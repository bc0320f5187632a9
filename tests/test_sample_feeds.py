"""The bundled sample feeds: valid, dated, rich enough for the related bar (issue 2 item 7, issue 6)."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "sample_feeds"
SEED = SAMPLES / "000_nato_russia_spies.txt"
LOW = datetime(2018, 1, 1, tzinfo=timezone.utc)
HIGH = datetime(2021, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def _config() -> list[dict]:
    with open(SAMPLES / "feeds.toml", "rb") as fh:
        return tomllib.load(fh)["feeds"]


def _parsed() -> dict[str, feedparser.FeedParserDict]:
    return {f["url"]: feedparser.parse(str(SAMPLES / f["url"])) for f in _config()}


def _text(entry) -> str:
    if entry.get("content"):
        raw = entry.content[0].value
    else:
        raw = entry.get("summary", "")
    return re.sub(r"<[^>]+>", " ", raw)


def _when(entry) -> datetime:
    t = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*t[:6], tzinfo=timezone.utc)


def _all_entries():
    for url, d in _parsed().items():
        for e in d.entries:
            yield url, e


def test_config_lists_at_least_three_feeds_in_both_formats():
    feeds = _config()
    assert len(feeds) >= 3
    for f in feeds:
        assert (SAMPLES / f["url"]).is_file(), f["url"]
        assert f["title"] and isinstance(f["tags"], list)
    versions = {d.version for d in _parsed().values()}
    assert "rss20" in versions and "atom10" in versions


@pytest.mark.parametrize("feed", [f["url"] for f in _config()])
def test_feed_parses_cleanly_with_enough_dated_items(feed):
    d = feedparser.parse(str(SAMPLES / feed))
    assert not d.bozo, d.get("bozo_exception")
    titles = {f["url"]: f["title"] for f in _config()}
    assert d.feed.title == titles[feed]
    assert len(d.entries) >= 15
    ids = [e.id for e in d.entries]
    assert len(set(ids)) == len(ids)
    for e in d.entries:
        assert e.title and e.link.startswith("https://example.org/")
        assert LOW <= _when(e) <= HIGH, (e.title, _when(e))
        words = len(_text(e).split())
        assert 100 <= words <= 320, (e.title, words)


def test_some_items_carry_html_with_entities():
    html = [e for _, e in _all_entries() if "<p>" in (e.get("content") or [e])[0].get("value", e.get("summary", ""))]
    assert len(html) >= 4
    raw = "".join((SAMPLES / f["url"]).read_text("utf-8") for f in _config())
    assert "&#8217;" in raw and "&amp;" in raw and "<em>" in raw.replace("&lt;em&gt;", "<em>")


def test_seed_article_has_headers_then_the_article():
    lines = SEED.read_text("utf-8").split("\n")
    assert lines[0] == "Date: 2021-10-06"
    assert lines[1] == "Source: Seed"
    assert lines[2] == ""
    assert lines[3].startswith("Spies exposed in Brussels")


@pytest.mark.parametrize("topic", ["Skripal", "Czech", "election", "AUKUS"])
def test_related_bar_topics_are_covered(topic):
    # Each topic the seed mentions must have several items that also share
    # one of the seed's entities, so they can be found as related articles.
    seed_entities = ("Russia", "GRU", "NATO", "Stoltenberg", "Kremlin", "France")
    hits = [
        e.title
        for _, e in _all_entries()
        if topic.lower() in _text(e).lower() and any(s in _text(e) for s in seed_entities)
    ]
    assert len(hits) >= 3, (topic, hits)


def test_one_story_told_by_two_feeds_on_the_seed_day():
    same_day = [
        (url, e)
        for url, e in _all_entries()
        if _when(e).date().isoformat() == "2021-10-06" and "eight" in _text(e)
    ]
    assert len({url for url, _ in same_day}) == 2
    for _, e in same_day:
        for name in ("Stoltenberg", "Peskov", "Russian mission", "20 to 10", "Skripal"):
            assert name in _text(e), (e.title, name)


def test_skripal_poisoning_is_reported_in_several_items():
    dated = [e for _, e in _all_entries() if "4 March" in _text(e) and "Skripal" in _text(e)]
    assert len(dated) >= 4


def test_feeds_do_not_copy_the_seed_article():
    def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
        w = re.findall(r"[a-z0-9]+", text.lower())
        return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}

    seed = shingles(SEED.read_text("utf-8"))
    for _, e in _all_entries():
        assert not (shingles(_text(e)) & seed), e.title

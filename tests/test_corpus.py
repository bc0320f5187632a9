"""The benchmark corpus generator (bench/corpus.py): deterministic, realistic, parseable."""

from __future__ import annotations

import re
import statistics
from datetime import timezone

import feedparser

from bench import corpus


def _fingerprint(items):
    return [(d["title"], d["text"], d["published"], d["source"], d["url"], d["key"]) for d in items]


def test_same_seed_same_articles_and_prefix_stable():
    a = _fingerprint(corpus.articles(50, seed=42))
    b = _fingerprint(corpus.articles(50, seed=42))
    assert a == b
    assert _fingerprint(corpus.articles(10, seed=42)) == a[:10]


def test_different_seed_different_articles():
    a = _fingerprint(corpus.articles(20, seed=1))
    b = _fingerprint(corpus.articles(20, seed=2))
    assert not set(x[1] for x in a) & set(x[1] for x in b)


def test_articles_have_the_promised_shape():
    items = list(corpus.articles(300, seed=7))
    counts = [len(d["text"].split()) for d in items]
    assert 370 <= statistics.median(counts) <= 430
    assert min(counts) >= 300 and max(counts) <= 520
    keys = [d["key"] for d in items]
    assert len(set(keys)) == len(keys)
    for d in items:
        assert d["title"] and not d["title"][0].islower()
        assert d["published"].tzinfo is timezone.utc
        assert d["url"].startswith("https://example.org/")
        assert "\n\n" in d["text"] and "{" not in d["text"]


def test_text_has_entities_and_time_expressions():
    text = " ".join(d["text"] for d in corpus.articles(200, seed=3))
    assert re.search(r"\bon \d{1,2} (January|February|March|April|May|June|July|August|September"
                     r"|October|November|December) \d{4}\b", text)
    for phrase in ("on Monday", "last month", "at the end of", "in April", "ago"):
        assert phrase in text, phrase
    people = sum(text.count(p) for p in corpus.W.PEOPLE)
    places = sum(text.count(p) for p in corpus.W.PLACES)
    assert people > 400 and places > 400
    assert len(set(corpus.W.PEOPLE)) >= 200
    assert len(corpus.LEADS) + len(corpus.GENERAL) + sum(len(t[1]) for t in corpus.W.TOPICS.values()) >= 60


def test_vocabulary_gives_varied_selectivity():
    docs = [set(re.findall(r"\w+", d["text"].lower())) for d in corpus.articles(1000, seed=5)]
    df: dict[str, int] = {}
    for words in docs:
        for w in words:
            df[w] = df.get(w, 0) + 1
    assert sum(1 for v in df.values() if v == 1) > 100  # rare words exist
    assert sum(1 for v in df.values() if 20 <= v <= 200) > 100  # mid-frequency words
    assert df["said"] > 800  # and very common ones


def _shared_sentences(a: str, b: str) -> float:
    sa, sb = set(re.split(r"(?<=\.) ", a)), set(re.split(r"(?<=\.) ", b))
    return len(sa & sb) / min(len(sa), len(sb))


def test_some_stories_are_retold_by_another_outlet_days_later():
    items = list(corpus.articles(300, seed=4))
    pairs = [
        (a, b)
        for i, b in enumerate(items)
        for a in items[max(0, i - 60) : i]
        if _shared_sentences(a["text"], b["text"]) > 0.5
    ]
    assert 5 <= len(pairs) <= 40
    for a, b in pairs:
        assert a["source"] != b["source"]
        assert 0 < (b["published"] - a["published"]).total_seconds() <= 4 * 86400
    plain = list(corpus.articles(300, seed=4, stories=0))
    assert not any(
        _shared_sentences(a["text"], b["text"]) > 0.5
        for i, b in enumerate(plain)
        for a in plain[max(0, i - 60) : i]
    )


def test_rss_output_parses_with_feedparser(tmp_path):
    paths = corpus.write_feeds(tmp_path, feeds=3, items=12, seed=9)
    assert len(paths) == 3
    titles = set()
    for p in paths:
        d = feedparser.parse(str(p))
        assert not d.bozo, d.get("bozo_exception")
        assert len(d.entries) == 12
        assert len({e.id for e in d.entries}) == 12
        titles.add(d.feed.title)
        assert "<p>" in d.entries[0].summary
    assert len(titles) == 3
    again = tmp_path / "again"
    corpus.write_feeds(again, feeds=3, items=12, seed=9)
    assert [p.read_bytes() for p in paths] == [(again / p.name).read_bytes() for p in paths]


def test_article_files_use_the_seed_format(tmp_path):
    paths = corpus.write_articles(tmp_path, count=5, seed=11)
    assert len(paths) == 5
    lines = paths[0].read_text("utf-8").split("\n")
    assert lines[0].startswith("Date: ") and lines[1].startswith("Source: ")
    assert lines[2].startswith("URL: ") and lines[3] == "" and lines[4]


def test_cli(tmp_path):
    assert corpus.main(["articles", str(tmp_path / "a"), "--count", "3", "--seed", "1"]) == 0
    assert len(list((tmp_path / "a").glob("*.txt"))) == 3
    assert corpus.main(["feeds", str(tmp_path / "f"), "--feeds", "2", "--items", "4"]) == 0
    assert len(list((tmp_path / "f").glob("*.xml"))) == 2

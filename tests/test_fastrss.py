"""The RSS 2.0 fast path (reader/ingest/fastrss.py) gives feedparser's result.

Wherever fastrss accepts a document, parse_inline's ParsedFeed must equal the
one it gives through feedparser alone (fast=False): over feedparser's own test
corpus (2,248 documents, well- and ill-formed), our sample feeds, generated
benchmark feeds, and hand-written documents aimed at the rules fastrss copies.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bench import corpus
from reader.ingest import fastrss
from reader.ingest.feeds import parse_inline
from tests.test_ingest_feeds import CORPUS

FETCHED = datetime(2021, 10, 7, 12, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def accepted(monkeypatch):
    """Names of the documents fastrss accepted during the test."""
    seen: list[bool] = []
    real = fastrss.parse

    def spy(data):
        result = real(data)
        seen.append(result is not None)
        return result

    monkeypatch.setattr(fastrss, "parse", spy)
    return seen


def same(body: bytes, url: str, accepted: list[bool]) -> bool:
    """Assert both routes agree; return whether fastrss took the document."""
    before = len(accepted)
    fast = parse_inline(body, url, FETCHED)
    took = len(accepted) > before and accepted[-1]
    slow = parse_inline(body, url, FETCHED, fast=False)
    assert fast == slow, url
    return took


def rss(items: str, channel: str = "<title>T</title><link>http://example.org/</link>", ns: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{ns}><channel>{channel}'
            f"{items}</channel></rss>").encode()


NS = (' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
      ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"')

HAND_WRITTEN = {
    "plain": rss("<item><title>A</title><link>http://example.org/a</link><guid>http://example.org/a</guid>"
                 "<pubDate>Wed, 06 Oct 2021 10:00:00 +0000</pubDate><description>&lt;p&gt;Hi&lt;/p&gt;</description></item>"),
    "html-looking title": rss("<item><title>AT&amp;amp;T &lt;b&gt;wins&lt;/b&gt;</title><description>x</description></item>"),
    "plain title with ampersand": rss("<item><title>Q&amp;A: 3 &lt; 4</title><description>x</description></item>"),
    "guid not a permalink": rss('<item><title>A</title><guid isPermaLink="false">tag:x,2021:1</guid></item>'),
    "guid permalink True (case)": rss('<item><title>A</title><guid isPermaLink="True">http://example.org/g</guid></item>'),
    "guid before link": rss("<item><guid>http://example.org/g</guid><link>http://example.org/l</link></item>"),
    "guid after link": rss("<item><link>http://example.org/l</link><guid>http://example.org/g</guid></item>"),
    "same relative link and guid": rss("<item><title>A</title><link>/same</link><guid>/same</guid></item>"),
    "guid relative": rss("<item><title>A</title><guid>/relative/1</guid></item>"),
    "link with query": rss("<item><title>A</title><link>http://example.org/?a=1&amp;amp;b=2&amp;c;d</link></item>"),
    "content then description": rss("<item><title>A</title><content:encoded>&lt;p&gt;Full&lt;/p&gt;</content:encoded>"
                                     "<description>Short</description></item>", ns=NS),
    "description then content": rss("<item><title>A</title><description>Short</description>"
                                     "<content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded></item>", ns=NS),
    "content only": rss("<item><title>A</title><content:encoded>Only</content:encoded></item>", ns=NS),
    "empty content": rss("<item><title>A</title><content:encoded>  </content:encoded><description>D</description></item>", ns=NS),
    "dc creator and date": rss("<item><title>A</title><dc:creator>Jane Roe</dc:creator>"
                               "<dc:date>2021-10-06T10:00:00Z</dc:date></item>", ns=NS),
    "author with email": rss("<item><title>A</title><author>jane@example.org (Jane Roe)</author></item>"),
    "bad date": rss("<item><title>A</title><pubDate>yesterday-ish</pubDate></item>"),
    "no title": rss("<item><description>Body only, first line.\nSecond.</description></item>"),
    "empty title": rss("<item><title></title><description>Body</description></item>"),
    "mojibake repaired": rss("<item><title>caf\u00c3\u00a9</title><description>x</description></item>"),
    "cp1252 code points": rss("<item><title>\u0093quoted\u0094</title><description>x</description></item>"),
    "whitespace": rss("<item><title>\n   Spaced   \n</title><description>\n x \n</description></item>"),
    "channel extras": rss("<item><title>A</title></item>", channel=(
        "<title>Feed &amp;amp; co</title><link>http://example.org/?a=1&amp;amp;b=2</link><description>d</description>"
        "<language>en</language><image><title>Logo</title><url>http://example.org/i.png</url>"
        "<link>http://example.org/img</link></image><atom:link rel=\"self\" href=\"http://example.org/feed\"/>"
        "<lastBuildDate>Wed, 06 Oct 2021 10:00:00 +0000</lastBuildDate>"), ns=NS),
    "declined: media and enclosure": rss('<item><title>A</title><enclosure url="http://example.org/a.mp3" length="1" '
                                         'type="audio/mpeg"/><media:thumbnail url="http://example.org/t.jpg"/>'
                                         "<category>World</category><comments>http://example.org/c</comments></item>", ns=NS),
    "duplicate keys": rss("<item><title>A</title><guid>k</guid></item><item><title>B</title><guid>k</guid></item>"),
    "javascript link": rss("<item><title>A</title><link>javascript:alert(1)</link></item>"),
    "declined: control characters": rss("<item><title>A\u0007B</title><description>x&#x1b;[31mred</description></item>"),
    # Declined: fastrss must hand these to feedparser, which reads them its own way.
    "declined: media title": rss("<item><media:title>M</media:title><title>A</title></item>", ns=NS),
    "declined: atom alternate link": rss("<item><title>A</title></item>", ns=NS,
                                         channel='<title>T</title><atom:link rel="alternate" href="http://x/"/>'),
    "declined: typed description": rss('<item><title>A</title><description type="text">x</description></item>'),
    "declined: xml:base": rss('<item xml:base="http://example.org/b/"><title>A</title><link>rel</link></item>'),
    "declined: markup inside title": rss("<item><title>A <b>bold</b></title></item>"),
    "declined: two titles": rss("<item><title>A</title><title>B</title></item>"),
    "declined: rss 0.91": rss("<item><title>A</title></item>").replace(b'version="2.0"', b'version="0.91"'),
    "declined: not well-formed": rss("<item><title>A &nbsp; B</title></item>"),
}


def test_hand_written_documents_match_feedparser(accepted):
    took = {name: same(body, "http://example.org/feed.xml", accepted) for name, body in HAND_WRITTEN.items()}
    declined = {name for name, was in took.items() if not was}
    assert declined == {name for name in HAND_WRITTEN if name.startswith("declined:")}


def test_samples_and_generated_feeds_take_the_fast_path_and_match(accepted, tmp_path):
    docs = [p for p in (ROOT / "sample_feeds").iterdir() if p.suffix == ".xml"]
    docs += corpus.write_feeds(tmp_path, feeds=3, items=20, seed=7)
    assert len(docs) >= 5
    for path in docs:
        assert same(path.read_bytes(), path.as_uri(), accepted), f"{path.name} did not take the fast path"


def test_feedparser_corpus_matches_wherever_fastrss_accepts(accepted):
    if not CORPUS.is_dir():
        pytest.skip(f"feedparser test corpus not found at {CORPUS}")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(files) > 2000
    took = sum(same(path.read_bytes(), "http://example.org/" + path.name, accepted) for path in files)
    # Most of the corpus tests one feature each in other formats or odd
    # corners; a good share is plain RSS 2.0 all the same.
    assert took > 100

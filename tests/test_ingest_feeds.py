"""parse_feed on a golden sample, on feeds written to attack us, and on the
feedparser test corpus."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.ingest import feeds, parse_pool
from reader.ingest.clean import MAX_TEXT, MAX_TITLE
from reader.ingest.feeds import MAX_ITEMS, ParsedFeed, parse_feed, strip_declarations

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile"


def _find_corpus() -> Path:
    # ../shared/data/feedparser-tests from the project root; a git worktree
    # may sit one level deeper, so look in every ancestor.
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "feedparser-tests"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "feedparser-tests"


CORPUS = _find_corpus()
FETCHED = datetime(2021, 10, 7, 12, 0, tzinfo=timezone.utc)
URL = "http://example.org/feed.xml"
# Anything a terminal could act on: C0 (but \n, \t), DEL, C1, bidi controls, surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
BOUND = 10.0  # seconds: generous bound for one hostile document


def parse(name_or_bytes, url=URL) -> ParsedFeed:
    body = name_or_bytes if isinstance(name_or_bytes, bytes) else (HOSTILE / name_or_bytes).read_bytes()
    t0 = time.monotonic()
    result = parse_feed(body, url, FETCHED)
    assert time.monotonic() - t0 < BOUND
    assert_safe(result)
    return result


def assert_safe(p: ParsedFeed) -> None:
    """Whatever a parse yields is either a reasoned error or safe entries."""
    assert isinstance(p, ParsedFeed)
    if p.error:
        assert p.entries == [] and p.error.strip() and "\n" not in p.error
    else:
        assert p.entries
    fields = [p.title, p.link, p.error or "", *p.warnings]
    for a in p.entries:
        fields += [a.key, a.title, a.text, a.url, a.author, a.source]
        assert a.published is not None and a.published.tzinfo is not None
        assert a.published.utcoffset().total_seconds() == 0
        assert a.title and a.key
        assert len(a.title) <= MAX_TITLE and len(a.text) <= MAX_TEXT
        assert a.url == "" or a.url.split(":", 1)[0].lower() in ("http", "https", "mailto")
        assert "\n" not in a.title
    for f in fields:
        assert not UNSAFE.search(f), repr(f[:200])
    assert len({a.key for a in p.entries}) == len(p.entries)


# -- golden ------------------------------------------------------------------


def test_golden_sample():
    expected = json.loads((DATA / "golden" / "sample.expected.json").read_text("utf-8"))
    body = (DATA / "golden" / "sample.rss").read_bytes()
    p = parse_feed(body, expected["url"], datetime.fromisoformat(expected["fetched_at"]))
    assert p.error is None and p.warnings == []
    assert (p.title, p.link) == (expected["title"], expected["link"])
    got = [
        {"key": a.key, "title": a.title, "text": a.text, "url": a.url, "author": a.author,
         "published": a.published.isoformat(), "date_is_guess": a.date_is_guess, "source": a.source}
        for a in p.entries
    ]
    assert got == expected["entries"]


def test_keys_are_stable_across_fetches_and_moves():
    body = (DATA / "golden" / "sample.rss").read_bytes()
    a = parse_feed(body, "https://news.example.org/feed.rss", FETCHED)
    b = parse_feed(body, "https://mirror.example.net/other.rss", datetime(2022, 1, 1, tzinfo=timezone.utc))
    assert [e.key for e in a.entries] == [e.key for e in b.entries]


def test_inline_and_worker_agree():
    body = (DATA / "golden" / "sample.rss").read_bytes()
    assert feeds.parse_inline(body, URL, FETCHED) == parse_feed(body, URL, FETCHED)


# -- entity expansion and external entities --------------------------------


@pytest.mark.parametrize("name", ["billion_laughs.xml", "billion_laughs_utf16.xml", "quadratic_blowup.xml",
                                  "quadratic_blowup_loose.xml"])
def test_entity_expansion_is_neutralised(name):
    p = parse(name)
    assert p.error is None
    assert any("DOCTYPE" in w for w in p.warnings)
    total = sum(len(a.title) + len(a.text) for a in p.entries)
    # Expanded, the quadratic ones are 800,000,000 characters (plain feedparser:
    # about 60 s and 2.3 GB for each 100 KB file) and billion laughs 10**9.
    assert total < 200_000
    assert "lollollol" not in "".join(a.text + a.title for a in p.entries)
    assert "a" * 1000 not in "".join(a.text for a in p.entries)


@pytest.mark.parametrize("name", ["xxe_passwd.xml", "xxe_parameter.xml", "xxe_external_dtd.xml"])
def test_external_entities_never_read_files(name):
    p = parse(name)
    text = " ".join(a.title + " " + a.text for a in p.entries) + p.title
    assert "root:" not in text and ":0:0:" not in text


def test_external_entity_naming_a_secret_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a9c")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY t SYSTEM "{secret}">]>
<rss version="2.0"><channel><title>S &s;</title>
<item><guid>s</guid><title>A &s; &t;</title><description>B &s; &t;</description></item>
</channel></rss>""".encode()
    p = parse(body)
    dump = repr(p)
    assert "TOPSECRET" not in dump
    # feedparser must never be handed a path either: a body that is a path stays a body.
    p = parse(str(secret).encode())
    assert p.error and "TOPSECRET" not in repr(p)


def test_strip_declarations():
    doc = b'<?xml version="1.0"?>\n<!-- c ] > -->\n<!DOCTYPE x [ <!ENTITY a "]>"> <!-- ]> --> ]>\n<x>&a;</x>'
    out, n = strip_declarations(doc)
    assert n == 1 and b"ENTITY" not in out and out.endswith(b"<x>&a;</x>")
    assert b"<!-- c ] > -->" in out
    assert strip_declarations(b"<rss/>") == (b"<rss/>", 0)
    # Declarations after the first element are not in the prolog: left for the parser to refuse.
    out, n = strip_declarations(b'<!DOCTYPE a><!ENTITY b "c"><rss><!DOCTYPE z></rss>')
    assert n == 2 and out == b"<rss><!DOCTYPE z></rss>"


# -- terminal escapes, markup, links ------------------------------------------


@pytest.mark.parametrize("name", ["escapes_raw.xml", "escapes_entities.xml"])
def test_escape_sequences_are_removed(name):
    p = parse(name)
    assert p.error is None and p.entries
    text = " ".join(a.title + a.text + a.author for a in p.entries)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    # Whole sequences go, not just their ESC: no "[31m" or "]52;..." left behind as text.
    assert "]52;" not in text and "[2J" not in text and "[31m" not in text
    assert "bidi" in text  # the words around them stay


def test_rich_markup_is_literal_text_and_bad_links_are_dropped():
    p = parse("rich_markup.xml")
    by_key = {a.key: a for a in p.entries}
    assert by_key["rich-1"].title == "[link=file:///etc/passwd]x[/link] and [/]"
    assert "[link=file:///etc/passwd]click[/link] and [/]" in by_key["rich-1"].text
    assert p.title == "[bold red]Markup[/] feed"
    assert by_key["rich-1"].url == ""  # file:
    assert by_key["rich-2"].url == ""  # javascript:
    assert by_key["rich-3"].url == ""  # data:
    assert by_key["rich-4"].url == "mailto:editor@example.org"


@pytest.mark.parametrize("name", ["invalid_utf8.xml", "nul_bytes.xml"])
def test_bad_bytes_give_safe_text(name):
    p = parse(name)
    assert p.error is None
    text = " ".join(a.title + a.text for a in p.entries)
    assert "\x00" not in text
    text.encode("utf-8")  # no lone surrogates


def test_utf8_feed_with_a_lying_charset_is_read_as_utf8():
    body = (DATA / "golden" / "sample.rss").read_bytes().replace(b"angers Paris", "f\u00e2che Paris \u2014 \u00fcber".encode())
    p = parse_feed(body, URL, FETCHED, content_type="application/rss+xml; charset=iso-8859-1")
    assert p.entries[0].title == "AUKUS pact f\u00e2che Paris \u2014 \u00fcber"
    assert any("iso-8859-1" in w for w in p.warnings)
    # A real Latin-1 document (not valid UTF-8) is still read as declared.
    latin = body.replace("f\u00e2che Paris \u2014 \u00fcber".encode(), "f\u00e2che".encode("latin-1"))
    latin = latin.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"')
    p = parse_feed(latin, URL, FETCHED)
    assert p.entries[0].title == "AUKUS pact f\u00e2che"


# -- dates, keys, duplicates ------------------------------------------------


def test_dates_outside_the_sane_range_are_guesses():
    p = parse("dates.xml")
    got = {a.key: (a.published, a.date_is_guess) for a in p.entries}
    assert got["d-ok"] == (datetime(2021, 10, 6, 10, tzinfo=timezone.utc), False)
    assert got["d-updated"] == (datetime(2021, 10, 5, 6, tzinfo=timezone.utc), False)
    for key in ("d-future", "d-tomorrow", "d-old", "d-impossible", "d-year0", "d-huge",
                "d-junk", "d-missing"):
        assert got[key] == (FETCHED, True), key


def test_items_without_ids_get_stable_distinct_keys():
    a = parse("no_guid.xml")
    b = parse_feed((HOSTILE / "no_guid.xml").read_bytes(), URL, datetime(2023, 5, 1, tzinfo=timezone.utc))
    keys = [e.key for e in a.entries]
    assert len(keys) == 4 and len(set(keys)) == 4
    assert keys == [e.key for e in b.entries]
    assert keys[3] == "http://example.org/link-only"
    assert a.entries[2].title.startswith("Only a description")


def test_duplicate_guids_are_stored_once():
    p = parse("duplicate_guids.xml")
    assert [(e.key, e.title) for e in p.entries] == [
        ("same", "First copy"), ("other", "Other"), ("http://example.org/a", "Same link A")]
    assert any("duplicate" in w for w in p.warnings)


# -- refusals -----------------------------------------------------------------


@pytest.mark.parametrize("name,reason", [
    ("empty.xml", "empty"), ("not_a_feed.html", "no entries"), ("binary.bin", "no entries"),
    ("unterminated_doctype.xml", "no entries"),
])
def test_refused_with_a_reason(name, reason):
    p = parse(name)
    assert p.error and reason in p.error and not p.entries


def test_bytes_only():
    with pytest.raises(TypeError):
        parse_feed("<rss/>", URL, FETCHED)  # type: ignore[arg-type]


# -- size and shape bounds (generated: too big to keep as files) -------------


def _rss(items: str, extra_head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{extra_head}<rss version="2.0"><channel>'
            f"<title>Gen</title>{items}</channel></rss>").encode()


def test_100000_nested_elements_in_html_content():
    nested = "<div>" * 100_000 + "deep text" + "</div>" * 100_000
    p = parse(_rss(f"<item><guid>n</guid><title>Nested</title><description><![CDATA[{nested}]]>"
                   "</description></item>"))
    assert p.error is None and p.entries[0].text == "deep text"


def test_100000_nested_xml_elements_in_xhtml_content():
    nested = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>X</title><entry><id>x</id><title>Nested xhtml</title>"
            f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{nested}</div></content>'
            "</entry></feed>").encode()
    p = parse(body)
    assert p.error or "deep" in p.entries[0].text


def test_100000_unclosed_elements():
    p = parse(_rss("<item><guid>u</guid><title>Unclosed</title><description><![CDATA["
                   + "<b><i><a href='x'>" * 35_000 + "]]></description></item>"))
    assert p.error is None


def test_items_and_fields_are_capped():
    items = "".join(f"<item><guid>g{i}</guid><title>T{i}</title></item>" for i in range(MAX_ITEMS + 500))
    p = parse(_rss(items))
    assert len(p.entries) == MAX_ITEMS and p.entries[-1].key == f"g{MAX_ITEMS - 1}"
    assert any(str(MAX_ITEMS) in w for w in p.warnings)

    huge = "x " * 600_000
    p = parse(_rss(f"<item><guid>{'k' * 5000}</guid><title>{huge}</title>"
                   f"<description>{huge}</description><author>{huge}</author></item>"))
    a = p.entries[0]
    assert len(a.title) <= MAX_TITLE and len(a.text) <= MAX_TEXT and len(a.author) <= 200
    assert a.key.startswith("sha1:")


def test_oversized_document_is_refused_before_parsing():
    p = parse_feed(b" " * (feeds.MAX_FEED_BYTES + 1), URL, FETCHED)
    assert p.error and "larger" in p.error


def test_parse_timeout_kills_the_worker(monkeypatch):
    # A tiny timeout on a document that takes longer than that to parse.
    body = _rss("".join(f"<item><guid>g{i}</guid><title>T{i}</title><description>"
                        + "&lt;p&gt;word &lt;/p&gt;" * 50 + "</description></item>" for i in range(1000)))
    p = parse_feed(body, URL, FETCHED, timeout=0.01)
    assert p.error and "longer than" in p.error
    # The pool recovers: the next parse works.
    assert parse_feed(_rss("<item><guid>a</guid><title>A</title></item>"), URL, FETCHED).error is None


# -- the feedparser corpus ----------------------------------------------------


def test_feedparser_corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"feedparser test corpus not found at {CORPUS}")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(files) > 2000
    slowest = (0.0, None)
    stored = refused = 0
    for path in files:
        t0 = time.monotonic()
        p = parse_feed(path.read_bytes(), path.as_uri(), FETCHED)
        elapsed = time.monotonic() - t0
        slowest = max(slowest, (elapsed, path.name))
        assert_safe(p)
        if p.error:
            refused += 1
        else:
            stored += 1
    assert slowest[0] < 2.0, f"slowest file {slowest[1]} took {slowest[0]:.2f} s"
    assert stored > 1000 and refused > 0  # both kinds really occur


@pytest.mark.parametrize("executable", ["/nonexistent/python", "/bin/false"])
def test_without_a_worker_process_parsing_still_works(monkeypatch, executable):
    monkeypatch.setattr(feeds, "_POOL", feeds._Pool())
    monkeypatch.setattr(parse_pool.sys, "executable", executable)
    body = (DATA / "golden" / "sample.rss").read_bytes()
    p = parse_feed(body, URL, FETCHED)
    assert p.error is None and len(p.entries) == 4
    assert any("without a worker" in w for w in p.warnings)
    assert feeds._POOL.broken


def test_worker_memory_limit_is_a_reasoned_error(monkeypatch):
    pytest.importorskip("resource")
    monkeypatch.setattr(feeds, "_POOL", feeds._Pool())
    monkeypatch.setattr(parse_pool, "WORKER_MEMORY", 64 * 2**20)
    para = "<p>" + "Lorem ipsum dolor sit amet. " * 12 + "</p>"
    body = _rss("".join(f"<item><guid>g{i}</guid><title>T{i}</title><description><![CDATA["
                        f"{para * 50}]]></description></item>" for i in range(1000)))
    assert len(body) > 15_000_000
    p = parse_feed(body, URL, FETCHED)
    assert p.error == "the parser ran out of memory on this document"
    # With the normal limit the same document parses.
    monkeypatch.setattr(feeds, "_POOL", feeds._Pool())
    monkeypatch.setattr(parse_pool, "WORKER_MEMORY", 2 * 2**30)
    assert len(parse_feed(body, URL, FETCHED).entries) == 1000


def test_idle_workers_are_reused_then_stopped(monkeypatch):
    pool = feeds._Pool(max_idle=2, idle_seconds=3600)
    monkeypatch.setattr(feeds, "_POOL", pool)
    body = (DATA / "golden" / "sample.rss").read_bytes()
    try:
        assert parse_feed(body, URL, FETCHED).error is None
        (_, first), = pool.idle
        assert parse_feed(body, URL, FETCHED).error is None
        (_, second), = pool.idle
        assert second is first  # reused, not restarted
        assert pool._reaper is not None  # a stop is scheduled
        pool.idle_seconds = 0  # now every idle worker is stale
        pool._reap()
        assert pool.idle == [] and not first.alive()
    finally:
        pool.close()


def test_busy_pool_waits_then_starts_one_more(monkeypatch):
    # One parse per core at a time; when every worker stays busy (slow or
    # hostile feeds) a parse waits only overflow_wait, then gets a new worker.
    pool = feeds._Pool(limit=1, overflow_wait=0.3, idle_seconds=3600)
    monkeypatch.setattr(feeds, "_POOL", pool)
    try:
        held = pool.acquire()
        t0 = time.monotonic()
        extra = pool.acquire()
        waited = time.monotonic() - t0
        assert extra is not held and 0.25 <= waited < 5
        assert pool.busy == 2
        pool.release(extra)
        pool.release(held)
        assert pool.busy == 0 and len(pool.idle) == 2
        again = pool.acquire()  # an idle worker: no wait
        assert again in (held, extra)
        pool.release(again)
    finally:
        pool.close()


def test_prestart_starts_at_most_one_worker_per_core(monkeypatch):
    pool = feeds._Pool(limit=2, idle_seconds=3600)
    monkeypatch.setattr(feeds, "_POOL", pool)
    body = (DATA / "golden" / "sample.rss").read_bytes()
    try:
        feeds.prestart_workers(50)
        assert len(pool.idle) == 2
        feeds.prestart_workers(50)
        assert len(pool.idle) == 2  # already there
        assert parse_feed(body, URL, FETCHED).error is None
        assert len(pool.idle) == 2 and pool.busy == 0
    finally:
        pool.close()


FULL_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
<item><guid>one</guid><title>Item 1</title><pubDate>Sun, 03 Oct 2021 10:00:00 GMT</pubDate>
<description>First item, whole.</description></item>
<item><title>Item 2</title><link>http://127.0.0.1/a/2</link><description>The second item, whose text goes on
for a while before its guid</description><guid>two</guid><pubDate>Sun, 03 Oct 2021 11:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_a_document_cut_off_inside_its_last_item_leaves_that_item_out_and_says_so():
    """A feed cut off in the middle of its second item was stored with that half item (no guid
    yet: keyed by its link; no date yet: dated now, top of the list) and said nothing; the whole
    feed next time stored the item again under its guid, a duplicate for good (QA)."""
    cut = FULL_FEED[:FULL_FEED.index(b"before its guid")]
    p = parse(cut)
    assert [a.title for a in p.entries] == ["Item 1"]
    assert any("ends inside its last entry" in w for w in p.warnings)
    whole = parse(FULL_FEED)
    assert [a.key for a in whole.entries] == [p.entries[0].key, whole.entries[1].key] and not whole.warnings
    # A feed that is not well-formed for another reason keeps every entry it has.
    broken = parse(FULL_FEED.replace(b"</channel>", b"<bad &amp x></channel>"))
    assert [a.title for a in broken.entries] == ["Item 1", "Item 2"]


def test_refresh_reports_what_the_parser_warned_of(library, tmp_path):
    cut = FULL_FEED[:FULL_FEED.index(b"before its guid")]
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    library.add_feed(str(path), "Cut feed")
    summary = library.refresh()
    assert summary.new == 1
    [report] = summary.reports
    assert any(note.startswith("warning: the document ends inside its last entry") for note in report.notes)
    path.write_bytes(FULL_FEED)
    assert library.refresh().new == 1
    assert sorted(r.title for r in library.list_articles("")) == ["Item 1", "Item 2"]

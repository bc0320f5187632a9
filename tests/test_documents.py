"""Articles as documents: HTML structure, enclosures and full text, through a 127.0.0.1 server.

What a user gets: the stored article's text and the structure over it
(headings, numbered lists, tables, links resolved and numbered, images),
enclosures from podcast feeds, and for a full_text feed the linked page's
main text, with broken pages leaving the summary and saying why.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.ingest.html import html_to_document
from reader.library import make_library
from reader.model import CELL, CODE, HEADING, IMAGE, ITEM, LINK, QUOTE, ROW, RULE, STRONG, TABLE, Document
from reader.store import schema
from reader.store.db import Store

# -- HTML -> Document --------------------------------------------------------

RICH = """<h2>Plan <em>B</em></h2><p>Read <a href="/docs/a">the docs</a> and <strong>act</strong>.</p>
<ol start="3"><li>three</li><li>four<ul><li>nested <code>x()</code></li></ul></li><li value="9">nine</li></ol>
<blockquote><p>Quoted words.</p></blockquote><pre>def f():
    return 1</pre>
<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>alpha</td><td><a href="v">1</a></td></tr>
</tbody></table><figure><img src="img/cat.png" alt="A cat"><figcaption>The cat, sleeping</figcaption></figure>
<hr><p>Bye<img src="javascript:alert(1)" alt="x"><img src="/px.gif" width="1" height="1"></p>"""


def blocks_of(doc: Document, kind: str) -> list[tuple[str, dict]]:
    return [(doc.text[b.start:b.end], b.attrs) for b in doc.blocks if b.kind == kind]


def test_html_document_text_and_blocks():
    doc = html_to_document(RICH, "http://example.org/news/story.html")
    assert doc.text == ("Plan B\n\nRead the docs and act.\n\n3. three\n4. four\n- nested x()\n9. nine\n\n"
                        "Quoted words.\n\ndef f():\n    return 1\n\nName | Value\nalpha | 1\n\nA cat\n\n"
                        "The cat, sleeping\n\nBye")
    assert blocks_of(doc, HEADING) == [("Plan B", {"level": 2})]
    assert blocks_of(doc, ITEM) == [("three", {"depth": 1, "ordered": True, "number": 3}),
                                    ("four", {"depth": 1, "ordered": True, "number": 4}),
                                    ("nested x()", {"depth": 2, "ordered": False}),
                                    ("nine", {"depth": 1, "ordered": True, "number": 9})]
    assert blocks_of(doc, QUOTE) == [("Quoted words.", {})]
    assert blocks_of(doc, CODE) == [("def f():\n    return 1", {})]
    assert blocks_of(doc, TABLE)[0][0] == "Name | Value\nalpha | 1"
    assert [(t, a["header"]) for t, a in blocks_of(doc, ROW)] == [("Name | Value", True), ("alpha | 1", False)]
    assert [(t, a["header"], a["col"]) for t, a in blocks_of(doc, CELL)] == [
        ("Name", True, 0), ("Value", True, 1), ("alpha", False, 0), ("1", False, 1)]
    [(alt, image)] = blocks_of(doc, IMAGE)  # the javascript: image and the tracking pixel are gone
    assert alt == "A cat" and image == {"src": "http://example.org/news/img/cat.png", "alt": "A cat", "n": 1,
                                        "caption": "The cat, sleeping"}
    assert len(blocks_of(doc, RULE)) == 1
    links = [(doc.text[i.start:i.end], i.attrs) for i in doc.links()]
    assert links == [("the docs", {"href": "http://example.org/docs/a", "n": 1}),
                     ("1", {"href": "http://example.org/news/v", "n": 2})]
    assert [doc.text[i.start:i.end] for i in doc.inlines if i.kind == STRONG] == ["act"]
    for span in [*doc.blocks, *doc.inlines]:
        assert 0 <= span.start <= span.end <= len(doc.text)


def test_structure_survives_its_json_form():
    doc = html_to_document(RICH, "http://example.org/")
    again = Document.from_structure_json(doc.text, doc.structure_json())
    assert again == doc


@pytest.mark.parametrize("html", ["<b>" * 50_000 + "x", "<blockquote>" * 50_000 + "y" + "</table>" * 50_000,
                                  "<li>" * 50_000, "<a href='/x'>" * 50_000 + "z" + "</a>" * 50_000,
                                  "<td>a" * 50_000, "<figure><img src=a alt=b><figcaption>c" * 20_000])
def test_hostile_nesting_keeps_spans_inside_the_text(html):
    doc = html_to_document(html, "http://example.org/")
    for span in [*doc.blocks, *doc.inlines]:
        assert 0 <= span.start <= span.end <= len(doc.text)


# -- a 127.0.0.1 server with feeds and pages -----------------------------------

ARTICLE = """<html><head><title>Story</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<aside>Most read: Something else entirely happened somewhere.</aside>
<article><h1>Ministers agree a new budget</h1>
<p>The finance ministers of the region met in Vienna on Tuesday and agreed a budget for the coming year,
after three days of talks that ran late into the night. The agreement was described by
<a href="/people/anna">Anna Berg</a> as a compromise that nobody loved but everybody could live with.</p>
<p>The budget sets out spending on roads, schools and hospitals, and it caps new borrowing at a level
the ministers said was prudent given the state of the economy and the cost of servicing existing debt.</p>
<h2>What changes</h2>
<ol><li>Road building gets more money than last year.</li><li>School funding rises with inflation.</li></ol>
<table><tr><th>Area</th><th>Share</th></tr><tr><td>Roads</td><td>40%</td></tr><tr><td>Schools</td><td>35%</td></tr></table>
<p>Critics said the plan did too little for housing, and several members of parliament promised to vote
against it when it comes before them next month, though it is expected to pass with a comfortable margin.</p>
</article><footer>Copyright 2026 The Daily Example. All rights reserved.</footer></body></html>"""

EMPTY_PAGE = "<html><body><nav><a href='/'>Home</a></nav><div id='app'></div></body></html>"


def rss(base: str, items: list[tuple[str, str]], extra: str = "") -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
                   f"<description>Summary of {t}.</description>{extra}</item>" for t, path in items)
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            f'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Feed</title><link>{base}/</link>'
            f"{body}</channel></rss>").encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        server = self.server
        server.hits.append(self.path)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            if self.path == "/summary.xml":
                self._send(200, rss(base, [("Budget", "/page/ok"), ("Pdf", "/page/pdf"), ("Big", "/page/big"),
                                           ("Loop", "/page/loop"), ("Missing", "/page/404"),
                                           ("Empty", "/page/empty"), ("Slow", "/page/slow")]),
                           "application/rss+xml")
            elif self.path == "/one.xml":
                self._send(200, rss(base, [("Budget", "/page/ok")]), "application/rss+xml")
            elif self.path == "/one-missing.xml":
                self._send(200, rss(base, [("Missing", "/page/404")]), "application/rss+xml")
            elif self.path == "/podcast.xml":
                extra = ('<enclosure url="/media/ep1.mp3" length="12345678" type="audio/mpeg"/>'
                         "<itunes:duration>1:02:03</itunes:duration>"
                         '<media:content url="http://127.0.0.1:1/v.mp4" type="video/mp4" duration="61"/>')
                self._send(200, rss(base, [("Episode 1", "/ep/1")], extra), "application/rss+xml")
            elif self.path == "/page/ok":
                self._send(200, ARTICLE.encode())
            elif self.path == "/page/pdf":
                self._send(200, b"%PDF-1.4 " + b"x" * 1000, "application/pdf")
            elif self.path == "/page/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50_000_000))
                self.end_headers()
                chunk = b"<p>" + b"word " * 20_000 + b"</p>"
                sent = 0
                while sent < 50_000_000:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            elif self.path == "/page/loop":
                self._send(302, b"", headers={"Location": "/page/loop"})
            elif self.path == "/page/empty":
                self._send(200, EMPTY_PAGE.encode())
            elif self.path == "/page/slow":
                time.sleep(server.slow)
                self._send(200, ARTICLE.encode())
            else:
                self._send(404, b"not here")
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.hits = []
    srv.slow = 4.0
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    srv.url = lambda path: f"http://127.0.0.1:{srv.server_address[1]}{path}"
    yield srv
    srv.shutdown()
    srv.server_close()


def make(locations, feeds: str, settings: str = "timeout = 2\n"):
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f"[settings]\n{settings}\n{feeds}")
    return make_library(locations)


def by_title(library) -> dict[str, object]:
    return {row.title: library.article(row.id) for row in library.list_articles(limit=100)}


def test_full_text_feed_stores_the_page_and_keeps_the_summary_when_pages_fail(locations, server):
    lib = make(locations, f'[[feeds]]\nurl = "{server.url("/summary.xml")}"\nfull_text = true\n')
    try:
        summary = lib.refresh()
        report = summary.reports[0]
        assert report.status == "ok" and report.new == 7 and report.full_text == 1
        articles = by_title(lib)
        ok = articles["Budget"]
        assert "Vienna on Tuesday" in ok.text and "compromise that nobody loved" in ok.text
        assert "Copyright" not in ok.text and "Most read" not in ok.text
        assert ok.summary == "Summary of Budget."
        doc = ok.document
        assert [ok.text[b.start:b.end] for b in doc.blocks if b.kind == ITEM] == [
            "Road building gets more money than last year.", "School funding rises with inflation."]
        assert any(b.kind == TABLE for b in doc.blocks)
        assert [(ok.text[i.start:i.end], i.attrs["href"]) for i in doc.links()] == [
            ("Anna Berg", server.url("/people/anna"))]
        # Every broken page leaves the summary, and the report names its URL and the reason.
        notes = "\n".join(report.notes)
        for title, path, reason in [("Pdf", "/page/pdf", "not an HTML page (application/pdf)"),
                                    ("Big", "/page/big", "5,000,000"),
                                    ("Loop", "/page/loop", "redirect"),
                                    ("Missing", "/page/404", "HTTP 404"),
                                    ("Empty", "/page/empty", "no article text found"),
                                    ("Slow", "/page/slow", "")]:
            assert articles[title].text == f"Summary of {title}.", title
            line = next(n for n in report.notes if server.url(path) in n)
            assert reason in line, (title, line)
        assert "deadline" in notes or "timed out" in notes or "time" in notes
        # A second refresh fetches no page again: the items are known.
        hits = len(server.hits)
        again = lib.refresh()
        assert again.reports[0].new == 0 and [h for h in server.hits[hits:] if h.startswith("/page/")] == []
        assert "Vienna on Tuesday" in lib.article(ok.id).text  # the full text was kept
    finally:
        lib.close()


def test_fetch_full_text_on_demand_fetches_once(locations, server):
    lib = make(locations, f'[[feeds]]\nurl = "{server.url("/one.xml")}"\n')
    try:
        lib.refresh()
        [row] = lib.list_articles()
        assert lib.article(row.id).text == "Summary of Budget."
        result = lib.fetch_full_text(row.id)
        assert result.ok and not result.cached
        article = lib.article(row.id)
        assert "Vienna on Tuesday" in article.text and article.summary == "Summary of Budget."
        assert not article.analysed  # analysed again, like any changed article
        hits = len(server.hits)
        assert lib.fetch_full_text(row.id).cached
        assert len(server.hits) == hits
        lib.refresh()  # the feed still says the same: the full text stays
        assert "Vienna on Tuesday" in lib.article(row.id).text
    finally:
        lib.close()


def test_fetch_full_text_failure_names_the_url_and_keeps_the_text(locations, server):
    lib = make(locations, f'[[feeds]]\nurl = "{server.url("/summary.xml")}"\n')
    try:
        lib.refresh()
        rows = {r.title: r for r in lib.list_articles()}
        result = lib.fetch_full_text(rows["Missing"].id)
        assert not result.ok and server.url("/page/404") in result.error and "404" in result.error
        assert lib.article(rows["Missing"].id).text == "Summary of Missing."
    finally:
        lib.close()


def test_podcast_enclosures_are_stored_and_counted(locations, server):
    lib = make(locations, f'[[feeds]]\nurl = "{server.url("/podcast.xml")}"\n')
    try:
        lib.refresh()
        [row] = lib.list_articles()
        assert row.enclosures == 2
        article = lib.article(row.id)
        [mp3, mp4] = article.enclosures
        assert (mp3.url, mp3.type, mp3.length, mp3.duration) == (server.url("/media/ep1.mp3"), "audio/mpeg",
                                                                 12345678, 3723)
        assert (mp4.url, mp4.type, mp4.duration) == ("http://127.0.0.1:1/v.mp4", "video/mp4", 61)
    finally:
        lib.close()


def test_feed_html_is_stored_as_a_document(locations, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                    "<channel><title>F</title><link>http://example.org/</link><item><title>A</title>"
                    "<link>http://example.org/2021/a.html</link><content:encoded><![CDATA[<p>See "
                    '<a href="b.html">this</a>.</p><ul><li>one</li><li>two</li></ul>]]></content:encoded>'
                    "</item><item><title>Plain</title><description>Just words.</description></item>"
                    "</channel></rss>")
    lib = make(locations, f'[[feeds]]\nurl = "{feed}"\n', settings="")
    try:
        lib.refresh()
        articles = by_title(lib)
        a = articles["A"]
        assert a.text == "See this.\n\n- one\n- two"
        assert [(a.text[i.start:i.end], i.attrs) for i in a.document.links()] == [
            ("this", {"href": "http://example.org/2021/b.html", "n": 1})]
        assert articles["Plain"].document is None  # nothing but a paragraph: stored plain
    finally:
        lib.close()


def test_cache_from_before_documents_migrates_and_stays_plain(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:-1]:
        db.executescript(step)
    db.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) - 1}")
    db.execute("INSERT INTO feeds (id, url) VALUES (1, 'x')")
    db.execute("INSERT INTO articles (feed_id, key, title, text, published, hash) "
               "VALUES (1, 'k', 'Old', 'Old text.', '2021-01-01 00:00:00', 'h')")
    db.close()
    store = Store(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
        [row] = store.list_articles()
        assert row.enclosures == 0
        article = store.article(row.id)
        assert article.text == "Old text." and article.document is None and article.enclosures == []
    finally:
        store.close()


def test_reader_refresh_names_each_page_that_failed_and_why(locations, server, capsys):
    from reader.cli import main

    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'[settings]\ntimeout = 2\n\n[[feeds]]\nurl = "{server.url("/summary.xml")}"\n'
                                     "full_text = true\n")
    assert main(["refresh", "--no-analyse"]) == 0
    out = capsys.readouterr().out
    assert "7 new" in out
    assert f"full text not fetched: {server.url('/page/404')}: HTTP 404" in out
    assert f"full text not fetched: {server.url('/page/pdf')}: not an HTML page (application/pdf)" in out


def test_atom_enclosure_and_media_content_are_read():
    from datetime import datetime, timezone

    from reader.ingest.feeds import parse_inline

    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
            "<title>A</title><entry><title>E</title><id>urn:1</id><link href=\"http://example.org/e\"/>"
            '<link rel="enclosure" href="/ep.ogg" type="audio/ogg" length="999"/>'
            '<media:content url="http://example.org/v.webm" type="video/webm" duration="90"/>'
            '<link rel="enclosure" href="javascript:alert(1)"/>'
            "<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>").encode()
    [entry] = parse_inline(atom, "http://example.org/feed", datetime.now(timezone.utc)).entries
    assert [(e.url, e.type, e.length, e.duration) for e in entry.enclosures] == [
        ("http://example.org/ep.ogg", "audio/ogg", 999, None),
        ("http://example.org/v.webm", "video/webm", None, 90)]


def test_a_hostile_page_is_read_in_a_worker_bounded_in_time():
    from reader.ingest.feeds import extract_page

    doc, why = extract_page(b"<p><a " * 200_000, "http://127.0.0.1/x", timeout=1)
    assert doc is None and why == "reading the page took longer than 1 s; gave up"
    doc, why = extract_page(ARTICLE.encode(), "http://127.0.0.1/story")  # the next page is read as usual
    assert doc is not None and "Vienna on Tuesday" in doc.text and why == ""


def test_relative_links_resolve_against_xml_base_on_the_items_host_else_the_item_link():
    from datetime import datetime, timezone

    from reader.ingest.feeds import parse_inline

    def entry(base: str, link: str, href: str) -> str:
        return (f'<entry{base}><title>{href}</title><id>urn:{href}</id><link href="{link}"/>'
                f'<content type="html">&lt;p&gt;see &lt;a href="{href}"&gt;it&lt;/a&gt;&lt;/p&gt;</content></entry>')

    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            + entry(' xml:base="http://example.org/docs/"', "http://example.org/e/1", "a.html")
            + entry("", "http://example.net/f/2", "b.html") + "</feed>").encode()
    entries = parse_inline(atom, "http://example.org/feed", datetime.now(timezone.utc)).entries
    assert [e.document.links()[0].attrs["href"] for e in entries] == [
        "http://example.org/docs/a.html", "http://example.net/f/b.html"]


def test_articles_stored_before_documents_get_their_structure_at_the_next_refresh(locations, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://example.org/</link>'
                    "<item><title>A</title><link>http://example.org/a</link><description>&lt;p&gt;See "
                    '&lt;a href="http://example.org/b"&gt;this&lt;/a&gt;.&lt;/p&gt;</description>'
                    '<enclosure url="http://example.org/a.mp3" type="audio/mpeg" length="10"/></item>'
                    "</channel></rss>")
    lib = make(locations, f'[[feeds]]\nurl = "{feed}"\n', settings="")
    try:
        lib.refresh()
        [row] = lib.list_articles()
        with lib.store.transaction() as db:  # as a cache from before documents has it
            db.execute("DELETE FROM article_docs")
            db.execute("DELETE FROM enclosures")
            db.execute("UPDATE articles SET enclosures = 0")
        assert lib.article(row.id).document is None
        again = lib.refresh()
        assert again.reports[0].new == 0 and again.reports[0].updated == 0
        article = lib.article(row.id)
        assert [article.text[i.start:i.end] for i in article.document.links()] == ["this"]
        assert [e.url for e in article.enclosures] == ["http://example.org/a.mp3"]
        assert lib.list_articles()[0].enclosures == 1
    finally:
        lib.close()


def test_a_full_texts_links_to_parts_of_the_page_stay_on_the_page():
    """trafilatura resolves "#cite_note-17" against the site's root: L then the number opened the
    site's home page instead of the footnote (QA with a Wikipedia page)."""
    from reader.ingest.extract import extract_document

    page = ARTICLE.replace("</article>", '<p>As reported before<a href="#cite_note-17">[17]</a>, the '
                                         'ministers met again. ' * 3 + "</p></article>")
    doc = extract_document(page.encode(), "http://127.0.0.1:8000/pages/story.html?x=1#top")
    hrefs = [link.attrs["href"] for link in doc.links()]
    assert "http://127.0.0.1:8000/pages/story.html?x=1#cite_note-17" in hrefs, hrefs
    assert not any(h.startswith("http://127.0.0.1:8000#") for h in hrefs)


def test_words_beside_links_keep_the_space_the_page_has():
    """trafilatura drops the space between two links side by side ("a proprietary H.264 codec"
    read "proprietary[53]H.264") and sometimes around one (QA; adbar/trafilatura issues 113 and
    661). The space goes back where the page's own text has the words apart, and only there."""
    from reader.ingest.extract import extract_document

    page = ARTICLE.replace("</article>", '<p>It needs a <a href="/p">proprietary</a> <a href="/h">H.264</a> '
                                         'codec, and glued<a href="/g">words</a>stay glued. ' * 3 + "</p></article>")
    doc = extract_document(page.encode(), "http://127.0.0.1:8000/story.html")
    assert "a proprietary H.264 codec" in doc.text
    assert "gluedwordsstay glued" in doc.text


def test_an_image_without_alt_text_in_a_table_cell_keeps_its_cell():
    """A column of logos without alt text was an empty cell (QA): its rows read a cell short in
    the plain text, and nothing in the table said a picture was there. In a list item an icon
    without alt text stays silent (a bullet icon is decoration)."""
    from reader.ui.render.layout import layout, plain

    doc = html_to_document(
        '<table><tr><th>Team</th><th>Logo</th><th>Score</th></tr>'
        '<tr><td>Reds</td><td><img src="r.png" alt="Reds crest"></td><td>3</td></tr>'
        '<tr><td>Blues</td><td><img src="b.png"></td><td>1</td></tr></table>'
        '<ul><li><img src="i.png"> Item</li></ul>', "https://x.test/")
    assert doc.text.splitlines()[:3] == ["Team | Logo | Score", "Reds | Reds crest | 3", "Blues | image | 1"]
    assert doc.text.endswith("- Item")
    image = [b for b in doc.blocks if b.kind == IMAGE and b.attrs["src"] == "https://x.test/b.png"][0]
    assert doc.text[image.start:image.end] == "image"
    shown = plain(layout(doc, 60)).splitlines()
    assert any(line.split("│")[1].strip() == "image" for line in shown if line.startswith("Blues"))
    assert "[image 2] https://x.test/b.png" in shown

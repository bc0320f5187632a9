"""clean.py, html.py and the import hygiene of the ingest layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.ingest.clean import MAX_URL, clean_line, clean_text, safe_url
from reader.ingest.html import html_to_text

ROOT = Path(__file__).resolve().parents[1]


def test_clean_text_removes_controls_keeps_newlines_and_tabs():
    s = "a\x1b[2Jb\x1b]52;c;Zm9v\x07c\x9b31md\x00e\x7ff\u202eg\u2066h\u2069\tTab\r\nCR\rLF\nend\ud800"
    assert clean_text(s) == "abcdefgh\tTab\nCR\nLF\nend"  # each escape sequence goes whole
    assert clean_text("ünïcödé — “quotes” 日本") == "ünïcödé — “quotes” 日本"
    assert clean_text("x" * 50, max_len=10) == "x" * 10
    assert clean_text("") == ""


def test_clean_line_collapses_whitespace():
    assert clean_line("  A\n\ttitle \x1b[1m  here ") == "A title here"
    assert len(clean_line("word " * 1000, 100)) <= 100


@pytest.mark.parametrize("url,ok", [
    ("http://example.org/a?b=c#d", True), ("HTTPS://Example.org/", True),
    ("mailto:someone@example.org", True), ("file:///etc/passwd", False),
    ("javascript:alert(1)", False), ("data:text/html,x", False), ("ftp://x/", False),
    ("/relative", False), ("http://", False), ("", False), ("java\x00script:alert(1)", False),
    ("http://example.org/" + "a" * MAX_URL, False), ("http://a.org/x\ny", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) != "") is ok


def test_safe_url_strips_escapes_and_encodes_spaces():
    # an OSC with no terminator loses its introducer (ESC ]); the rest is text
    assert safe_url("  http://example.org/\x1b]8;;x a ") == "http://example.org/8;;x%20a"


@pytest.mark.parametrize("html", [
    "<p>Escape &#x1b;[31mRED&#x1b;[0m title &#x1b;]0;PWNED&#x07; bell end</p>",
    "Escape &#27;[31mRED&#27;[0m title &#27;]0;PWNED&#7; bell end",
])
def test_escape_sequences_written_as_references_go_whole(html):
    """html.unescape drops a reference to ESC but keeps "[31m" after it, which then showed as
    text: the whole sequence goes, as when the ESC is the character itself."""
    assert " ".join(html_to_text(html).split()) == "Escape RED title bell end"


def test_html_to_text_structure():
    html = ("<h1>Title</h1><p>First &amp; <b>bold</b><br>line two</p>"
            "<ul><li>one</li><li>two <i>it</i></li></ul><script>var x = '<p>no</p>';</script>"
            "<style>p{}</style><pre>keep\n  indent</pre><p>Last&nbsp;para &#8212; done</p>")
    assert html_to_text(html) == (
        "Title\n\nFirst & bold\nline two\n\n- one\n- two it\n\nkeep\n  indent\n\nLast\u00a0para — done")


def test_html_to_text_void_and_self_closed_elements_do_not_swallow_text():
    assert html_to_text('safe<embed src="x"> description') == "safe description"
    assert html_to_text("a<svg/>b<iframe src=x></iframe>c") == "abc"
    # HTML5: a comment ends only at "-->", so this one runs to the end.
    assert html_to_text("sa<!-- -- nonwhitespace >fe<script>alert(1);</script>") == "sa"


def test_html_to_text_plain_text_passes_through():
    assert html_to_text("Just text.\n\nSecond paragraph.") == "Just text.\n\nSecond paragraph."
    assert html_to_text("AT&amp;T said 3 < 4") == "AT&T said 3 < 4"
    assert html_to_text("") == ""


def test_html_to_text_deep_nesting():
    assert html_to_text("<div>" * 100_000 + "x" + "</div>" * 100_000) == "x"
    assert html_to_text("<span>" * 100_000 + "y") == "y"


HOSTILE_HTML = {
    "unclosed_tags": '"<a " * 100000',
    "cdata": '"<![CDATA[" * 100000',
    "quoted_attr": "'<a href=\"' * 100000",
    "lt_letters": '"<x" * 100000',
    "end_tags": '"</a" * 100000',
    "pis": '"<?" * 100000',
    "comment_then_tags": '"<!-- " + "<b>" * 100000',
    "textarea": '"<textarea>" + "</t" * 100000',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_HTML))
def test_html_to_text_hostile_inputs_finish(name):
    # html.parser.HTMLParser needs minutes for several of these (quadratic);
    # ours is linear. Run in a subprocess so a regression fails instead of hanging.
    code = (f"from reader.ingest.html import html_to_text; s = {HOSTILE_HTML[name]}; "
            "r = html_to_text(s); print(len(r))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr


def test_ingest_imports_neither_textual_nor_rich():
    code = ("import sys\n"
            "import reader.ingest, reader.ingest.clean, reader.ingest.html, reader.ingest.fetch\n"
            "import reader.ingest.feeds, reader.ingest.refresh, reader.ingest._parse_worker\n"
            "import feedparser\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""

"""Full text for summary-only feeds (issue 16): extraction quality and refresh cost.

Everything is served from a 127.0.0.1 server started here; pages are linked
from a summary-only RSS feed configured with ``full_text = true`` and read
through a real Library refresh (fetch, extract, store), so the figures are
what a user's cache holds.

- dev set: the 97 pages of /work/shared/data/extraction (Readability's test
  pages with their checked main text; see its README). Mean token F1 of the
  stored text against the checked text, and the share of pages whose full
  text was stored.
- own set: 15 pages written here around texts we ship (sample_feeds/): each
  article inside a site's boilerplate (navigation, a cookie notice, a
  "most read" sidebar, related links, comments, a footer), 3 layouts.
- 200 items: a feed of 200 items whose pages are the dev pages, refreshed in
  a child process: wall time and peak RSS of that process.

    python -m bench.fulltext [--json]
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("READER_EXTRACTION_SET", "/work/shared/data/extraction/readability"))
SAMPLES = ROOT / "sample_feeds"
_TOKEN = re.compile(r"\w+")


def token_f1(got: str, want: str) -> float:
    """Bag-of-words F1 over lowercased \\w+ tokens."""
    a, b = Counter(_TOKEN.findall(got.lower())), Counter(_TOKEN.findall(want.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


# -- pages ---------------------------------------------------------------------

def dev_pages() -> dict[str, tuple[bytes, str]]:
    """{name: (page bytes, checked text)} of the development set; {} when it is not there."""
    truth_file = DEV / "ground-truth.json"
    if not truth_file.exists():
        return {}
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    return {name: (gzip.decompress((DEV / f"{name}.html.gz").read_bytes()), info["text"])
            for name, info in sorted(truth.items())}


_LAYOUTS = [
    # a news site: top navigation, cookie notice, most-read sidebar, related links, footer
    """<!doctype html><html><head><meta charset="utf-8"><title>{title} | The Example Times</title></head><body>
<div class="cookie">We use cookies to improve your experience. <a href="/privacy">Privacy policy</a> <button>Accept</button></div>
<header><a href="/">The Example Times</a><nav><ul><li><a href="/world">World</a></li><li><a href="/europe">Europe</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By our correspondent · {date}</p>{body}</article>
<aside><h3>Most read</h3><ol>{most_read}</ol></aside>
<section class="related"><h3>Related</h3><ul>{related}</ul></section></main>
<footer><p>© 2026 The Example Times. All rights reserved.</p><a href="/terms">Terms</a> <a href="/contact">Contact us</a></footer>
</body></html>""",
    # a blog: sidebar first, article, share buttons, a comment thread
    """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div id="sidebar"><h4>About this blog</h4><p>Notes on European politics by a retired diplomat.</p>
<h4>Archives</h4><ul>{related}</ul><h4>Tags</h4><p><a href="/t/nato">nato</a> <a href="/t/eu">eu</a> <a href="/t/russia">russia</a></p></div>
<div id="content"><div class="post"><h2 class="title">{title}</h2><div class="meta">Posted on {date}</div>
<div class="entry">{body}</div><div class="share">Share: <a href="/s/t">Twitter</a> <a href="/s/f">Facebook</a> <a href="/s/m">Email</a></div></div>
<div id="comments"><h3>3 comments</h3>
<div class="comment"><b>Reader42</b> said: Great piece, but I think you are too kind to the ministers here.</div>
<div class="comment"><b>anon</b> said: First! Also, who cares about any of this.</div>
<div class="comment"><b>M. Weber</b> said: The figures in the third paragraph do not match what the ministry published.</div>
<form><textarea></textarea><button>Post comment</button></form></div></div>
<div id="footer">Powered by a blog engine · <a href="/rss">RSS</a></div></body></html>""",
    # a magazine: newsletter box in the middle of the story, more stories grid
    """<!doctype html><html><head><meta charset="utf-8"><title>{title} - Weekly Review</title></head><body>
<div class="top-bar"><a href="/subscribe">Subscribe</a> | <a href="/login">Log in</a> | <a href="/newsletters">Newsletters</a></div>
<div class="wrap"><div class="story"><span class="kicker">Analysis</span><h1 class="headline">{title}</h1>
<time>{date}</time><div class="story-body">{body_first}
<div class="newsletter-signup"><strong>Get the Weekly Review in your inbox</strong> <input placeholder="Email"> <button>Sign up</button></div>
{body_rest}</div></div>
<div class="more-stories"><h3>More from Weekly Review</h3>{more}</div></div>
<div class="site-footer"><p>Weekly Review is published by Example Media Ltd. Registered in England.</p>
<p><a href="/about">About</a> · <a href="/jobs">Jobs</a> · <a href="/ads">Advertise</a></p></div></body></html>""",
]


def own_pages() -> dict[str, tuple[bytes, str]]:
    """{name: (page bytes, expected text)}: sample articles inside three sites' boilerplate."""
    from datetime import datetime, timezone

    from reader.ingest.feeds import parse_inline

    articles: list[tuple[str, str]] = []
    seed = (SAMPLES / "000_nato_russia_spies.txt").read_text(encoding="utf-8").split("\n\n")
    body = [p for p in seed if not p.startswith(("Date:", "Source:"))]
    articles.append((body[0].strip(), "\n\n".join(p.strip() for p in body[1:])))
    for name in ("europe_security.xml", "world_affairs.xml", "berlin_politics.atom"):
        parsed = parse_inline((SAMPLES / name).read_bytes(), "http://127.0.0.1/", datetime.now(timezone.utc))
        for e in parsed.entries[:5]:
            if len(e.text.split("\n\n")) >= 2:
                articles.append((e.title, e.text))
    titles = [t for t, _ in articles]
    pages = {}
    for i, (title, text) in enumerate(articles[:15]):
        paras = [p.strip() for p in text.split("\n\n") if p.strip()]
        others = [t for t in titles if t != title][:6]
        links = "".join(f'<li><a href="/a/{k}">{html.escape(t)}</a></li>' for k, t in enumerate(others))
        ps = [f"<p>{html.escape(p)}</p>" for p in paras]
        layout = _LAYOUTS[i % len(_LAYOUTS)]
        page = layout.format(title=html.escape(title), date="6 October 2021", body="".join(ps),
                             body_first="".join(ps[:1]), body_rest="".join(ps[1:]), most_read=links,
                             related=links, more="".join(f'<div class="card"><a href="/m/{k}">{html.escape(t)}</a>'
                                                         f"<p>{html.escape(t)} and what it means.</p></div>"
                                                         for k, t in enumerate(others[:4])))
        pages[f"own-{i + 1:02d}"] = (page.encode("utf-8"), title + "\n" + "\n".join(paras))
    return pages


# -- the server --------------------------------------------------------------------

class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, bytes]
    feeds: dict[str, bytes]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        srv: _Server = self.server  # type: ignore[assignment]
        if path in srv.feeds:
            body, ctype = srv.feeds[path], "application/rss+xml"
        elif path.startswith("/p/") and path[3:] in srv.pages:
            body, ctype = srv.pages[path[3:]], "text/html"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _feed(base: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{html.escape(title)}</title><link>{base}{html.escape(path)}</link>"
                    f"<guid>{base}{html.escape(path)}</guid><description>A summary of {html.escape(title)}."
                    "</description></item>" for title, path in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Summaries</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode("utf-8")


def serve(pages: dict[str, bytes]) -> tuple[_Server, str]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.pages, srv.feeds = pages, {}
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def _library(tmp: Path, feed_url: str):
    from reader.library import make_library
    from reader.locations import Locations

    config = tmp / "config.toml"
    config.write_text(f'[settings]\nworkers = 8\n\n[[feeds]]\nurl = "{feed_url}"\nfull_text = true\n')
    return make_library(Locations(config_file=config, data_dir=tmp / "data"))


def quality(pages: dict[str, tuple[bytes, str]]) -> dict:
    """Refresh a summary-only full_text feed of these pages; F1 per page and the share stored."""
    srv, base = serve({name: page for name, (page, _) in pages.items()})
    try:
        srv.feeds["/feed.xml"] = _feed(base, [(name, f"/p/{name}") for name in pages])
        with tempfile.TemporaryDirectory(prefix="bench-fulltext-") as tmp:
            lib = _library(Path(tmp), base + "/feed.xml")
            try:
                started = time.perf_counter()
                summary = lib.refresh()
                seconds = time.perf_counter() - started
                scores, stored, failures = {}, 0, []
                for row in lib.list_articles(limit=len(pages) + 10):
                    article = lib.article(row.id)
                    state = lib.store.full_text_state(row.id)
                    got_full = state is not None and bool(state[0]) and not state[1]
                    stored += got_full
                    scores[row.title] = token_f1(article.text, pages[row.title][1]) if got_full else 0.0
                for report in summary.reports:
                    failures += report.notes
            finally:
                lib.close()
    finally:
        srv.shutdown()
        srv.server_close()
    n = len(pages)
    return {"pages": n, "mean_f1": sum(scores.values()) / n if n else 0.0, "stored": stored / n if n else 0.0,
            "seconds": seconds, "scores": scores, "failures": failures}


def refresh_200(pages: dict[str, tuple[bytes, str]], count: int = 200) -> dict:
    """A child process refreshes a 200-item full_text feed: its wall time and peak RSS."""
    names = list(pages)
    srv, base = serve({name: page for name, (page, _) in pages.items()})
    try:
        links = [(f"Item {i}", f"/p/{names[i % len(names)]}?i={i}") for i in range(count)]
        srv.feeds["/feed.xml"] = _feed(base, links)
        with tempfile.TemporaryDirectory(prefix="bench-fulltext200-") as tmp:
            code = (
                "import json, resource, sys, time\n"
                "from pathlib import Path\n"
                "from bench.fulltext import _library\n"
                f"lib = _library(Path({tmp!r}), {base + '/feed.xml'!r})\n"
                "t = time.perf_counter(); s = lib.refresh(); t = time.perf_counter() - t\n"
                "full = sum(r.full_text for r in s.reports); new = s.new; lib.close()\n"
                "from reader.ingest.feeds import _POOL; _POOL.close()  # reaps the workers: their peak counts\n"
                "print(json.dumps({'seconds': t, 'new': new, 'full_text': full,\n"
                "                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
                "                  'worker_peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
            )
            out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                 timeout=1800)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
            return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        srv.shutdown()
        srv.server_close()


def run(log=print, items: int = 200) -> tuple[list[dict], list[str]]:
    """Rows and notes for `python -m bench` (section "fulltext")."""
    from bench.measure import missing, row

    rows, notes = [], []
    dev = dev_pages()
    if not dev:
        rows.append(missing("fulltext", "full text: dev set F1", f"no extraction set at {DEV}"))
    else:
        log(f"  dev set: {len(dev)} pages ...")
        q = quality(dev)
        rows.append(row("fulltext", f"full text: mean token F1, {q['pages']} dev pages", "F1", [q["mean_f1"]],
                        target=">= 0.93", met=q["mean_f1"] >= 0.93))
        rows.append(row("fulltext", f"full text: pages stored, {q['pages']} dev pages", "%", [100 * q["stored"]],
                        target=">= 97%", met=q["stored"] >= 0.97))
        worst = sorted(q["scores"].items(), key=lambda kv: kv[1])[:5]
        notes.append("Full text, dev set (Readability's test pages, expected text = Readability's output): "
                     f"mean token F1 {q['mean_f1']:.3f}, {100 * q['stored']:.0f}% of pages stored; lowest: "
                     + ", ".join(f"{k} {v:.2f}" for k, v in worst) + ".")
        for failure in q["failures"]:
            notes.append(f"Full text, dev set: {failure}")
    own = own_pages()
    log(f"  own set: {len(own)} pages ...")
    q = quality(own)
    rows.append(row("fulltext", f"full text: mean token F1, {q['pages']} own pages", "F1", [q["mean_f1"]],
                    target=">= 0.93", met=q["mean_f1"] >= 0.93))
    rows.append(row("fulltext", f"full text: pages stored, {q['pages']} own pages", "%", [100 * q["stored"]],
                    target=">= 97%", met=q["stored"] >= 0.97))
    worst = sorted(q["scores"].items(), key=lambda kv: kv[1])[:3]
    notes.append(f"Full text, own set (sample_feeds/ articles inside three sites' boilerplate, written by "
                 f"bench/fulltext.py): mean token F1 {q['mean_f1']:.3f}, {100 * q['stored']:.0f}% stored; lowest: "
                 + ", ".join(f"{k[:40]} {v:.3f}" for k, v in worst) + ".")
    for failure in q["failures"]:
        notes.append(f"Full text, own set: {failure}")
    if dev:
        log(f"  refresh of {items} full-text items ...")
        r = refresh_200(dev, items)
        rows.append(row("fulltext", f"refresh {items} full-text items on loopback", "s", [r["seconds"]]))
        rows.append(row("fulltext", f"refresh {items} full-text items: peak RSS", "MB", [r["peak_mb"]]))
        rows.append(row("fulltext", f"refresh {items} full-text items: largest worker's peak RSS", "MB",
                        [r["worker_peak_mb"]]))
        notes.append(f"Refresh of {items} full-text items: {r['new']} new, {r['full_text']} with full text, "
                     f"{r['seconds']:.1f} s; peak RSS {r['peak_mb']:.0f} MB in the refreshing process, "
                     f"{r['worker_peak_mb']:.0f} MB in the largest parse worker (pages are extracted there, "
                     "one worker per core). Pages served from 127.0.0.1; extraction (trafilatura and "
                     "readability-lxml, ~0.1 s of CPU a page) is most of the time.")
    return rows, notes


def main() -> int:
    rows, notes = run(log=lambda m: print(m, file=sys.stderr, flush=True))
    if "--json" in sys.argv:
        print(json.dumps({"rows": rows, "notes": notes}, indent=2, default=str))
        return 0
    from bench.__main__ import table

    print(table(rows))
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

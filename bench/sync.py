"""Sync of N articles from a local Miniflux (issue 19): time, peak memory, requests.

    python -m bench.sync [--articles 10000] [--json FILE]

Starts PostgreSQL and Miniflux on 127.0.0.1 (tests/sync_servers.py; run
.ci/sync-servers.sh first), serves bench.corpus feeds from 127.0.0.1 (every
link rewritten to point there), subscribes a fresh user to them, marks some
read and starred on the server, then, for each API (miniflux, greader), in a
fresh process on an empty cache:

- first sync: every article pulled and stored (analysis not included: it
  runs after, as after a refresh, and bench's "analysis" section measures it);
- push: 2,000 articles marked read and 200 starred in reader, then a sync
  (the requests show that marks go in batches, not one request per article);
- an idle sync (nothing changed).

Time is wall time of sync_account; memory is the process's peak RSS (VmHWM)
at the end, the interpreter and reader's imports included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from tests.sync_servers import Miniflux, Postgres, missing  # noqa: E402

FEED_ITEMS = 500

CHILD = r"""
import json, sys, time, resource
from pathlib import Path
from reader.config import AccountConfig
from reader.store.db import Store
from reader.sources.accounts.engine import sync_account
account = AccountConfig(**json.loads(sys.argv[1]))
store = Store(Path(sys.argv[2]))
mode = sys.argv[3]
if mode == "push":
    ids = [r[0] for r in store.db.execute("SELECT article_id FROM sync_items ORDER BY article_id")]
    unread = [i for (i,) in store.db.execute("SELECT id FROM articles WHERE read = 0 ORDER BY id LIMIT 2000")]
    store.set_flag(unread, "read", True)
    store.set_flag(ids[-200:], "starred", True)
start = time.perf_counter()
report = sync_account(store, account)
elapsed = time.perf_counter() - start
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) / 1024
print(json.dumps({"ok": report.ok, "error": report.error, "seconds": elapsed, "peak_mb": hwm,
                  "requests": report.requests, "new": report.new, "pushed": report.pushed,
                  "marks_pulled": report.marks_pulled, "articles": store.count()}))
"""


class Feeds:
    def __init__(self, folder: Path):
        self.folder = folder
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = outer.folder / self.path.lstrip("/")
                if path.suffix == ".xml" and path.is_file():
                    body = path.read_text(encoding="utf-8").replace("https://example.org/", outer.base + "/").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                else:
                    body = b"not here"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_child(account: dict, cache: Path, mode: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(account), str(cache), mode],
                          capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        print(f"bench.sync: cannot run: {reason}", file=sys.stderr)
        return 1
    feeds_count = max(1, args.articles // FEED_ITEMS)
    work = Path(tempfile.mkdtemp(prefix="reader-bench-sync-"))
    folder = ROOT / "bench" / "out" / f"sync-feeds-{feeds_count}x{FEED_ITEMS}"
    if not folder.exists():
        corpus.write_feeds(folder, feeds_count, FEED_ITEMS, seed=19)
    pg = Postgres()
    feeds = Feeds(folder)
    server = None
    results = {}
    try:
        pg.start()
        server = Miniflux(pg)
        server.start()
        secret = work / "secret"
        for kind in ("miniflux", "greader"):
            # A user of its own per API: the first one's pushes must not change what the second pulls.
            user = server.create_user(f"bench-{kind}")
            login = server.enable_greader(user.username) if kind == "greader" else user.username
            secret.write_text(user.password + "\n")
            t = time.perf_counter()
            category = user.api("POST", "/v1/categories", {"title": "Bench"})
            for path in sorted(folder.glob("*.xml")):
                user.api("POST", "/v1/feeds", {"feed_url": f"{feeds.base}/{path.name}", "category_id": category["id"]})
            ids = sorted(user.api("GET", "/v1/entries/ids?limit=10000")["entry_ids"])
            print(f"{kind}: miniflux holds {len(ids)} entries ({time.perf_counter() - t:.0f} s to subscribe); "
                  "30% marked read and 5% starred there", file=sys.stderr)
            read = ids[: len(ids) * 3 // 10]
            for start in range(0, len(read), 1000):
                user.api("PUT", "/v1/entries", {"entry_ids": read[start:start + 1000], "status": "read"})
            user.api("PUT", "/v1/entries", {"entry_ids": ids[-len(ids) // 20:], "starred": True})
            account = {"name": kind, "type": kind, "url": server.url, "username": login,
                       "password_command": f"cat {secret}"}
            cache = work / f"{kind}.db"
            for mode in ("first", "push", "idle"):
                results[f"{kind}/{mode}"] = run_child(account, cache, mode)
                r = results[f"{kind}/{mode}"]
                print(f"{kind:8} {mode:5} ok={r['ok']} {r['seconds']:7.2f} s  peak {r['peak_mb']:5.0f} MB  "
                      f"{r['requests']:4d} requests  new {r['new']:5d}  sent {r['pushed']:4d}  "
                      f"from server {r['marks_pulled']:5d}  cache {r['articles']}" + (f"  {r['error']}" if r["error"] else ""))
    finally:
        feeds.stop()
        if server is not None:
            server.stop()
        pg.stop()
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": args.articles, "results": results}, indent=2))
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

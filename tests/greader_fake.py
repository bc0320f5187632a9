"""A Google Reader API server on 127.0.0.1 that speaks the FreshRSS / Inoreader dialect.

Recorded from their public API documents (FreshRSS p/api/greader.php and its
docs, Inoreader's developer docs), where they differ from Miniflux's:

- the continuation ``c`` is an opaque string (Miniflux: a number, 0 at the end),
  absent on the last page;
- an empty stream answers without ``itemRefs``;
- item ids in contents are the long form ``tag:google.com,2005:reader/item/<hex>``;
  item refs are decimal;
- Inoreader names the user by number in stream ids (``user/1005921515/state/...``);
- a stale ``T`` token is answered 401 with ``X-Reader-Google-Bad-Token: true``.

Faults can be switched on per test: a 500 on one request, a truncated body,
a dropped connection.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

AUTH = "alice/0123456789abcdef"
PASSWORD = "correct horse"


class FakeGReader:
    def __init__(self, items: int = 7, page: int = 3, numeric_user: bool = True):
        self.page = page
        self.user = "user/1005921515" if numeric_user else "user/-"
        self.items = {n: {"read": n % 3 == 0, "starred": n == 2, "feed": "feed/12" if n % 2 else "feed/13"}
                      for n in range(1, items + 1)}
        self.token = "T0"
        self.stale_once = False
        self.fail: dict[str, int] = {}  # path -> status, once
        self.truncate: set[str] = set()  # paths answered with half a body, once
        self.drop: dict[str, int] = {}  # path -> times its connection is dropped
        self.log: list[tuple[str, str, dict]] = []  # (method, path, params)
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _params(self) -> dict:
                url = urlparse(self.path)
                params = parse_qs(url.query)
                if self.command == "POST":
                    length = int(self.headers.get("Content-Length") or 0)
                    for k, v in parse_qs(self.rfile.read(length).decode()).items():
                        params.setdefault(k, []).extend(v)
                return params

            def _send(self, status: int, body: bytes, headers: dict | None = None, cut: bool = False):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if cut else body)
                if cut:
                    self.close_connection = True

            def handle_one(self):
                path = urlparse(self.path).path
                params = self._params()
                with outer.lock:
                    outer.log.append((self.command, path, params))
                    if outer.drop.get(path):
                        outer.drop[path] -= 1
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    if path in outer.fail:
                        self._send(outer.fail.pop(path), b"boom")
                        return
                    cut = path in outer.truncate
                    outer.truncate.discard(path)
                    status, body, headers = outer.answer(self.command, path, params, self.headers)
                self._send(status, body, headers, cut)

            do_GET = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/greader.php"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- the dialect -----------------------------------------------------------

    def answer(self, method: str, path: str, params: dict, headers) -> tuple[int, bytes, dict]:
        path = path.removeprefix("/api/greader.php")
        if path == "/accounts/ClientLogin":
            if params.get("Passwd", [""])[0] != PASSWORD:
                return 401, b"Error=BadAuthentication\n", {}
            return 200, f"SID={AUTH}\nLSID=null\nAuth={AUTH}\n".encode(), {}
        if headers.get("Authorization") != f"GoogleLogin auth={AUTH}":
            return 401, b"Unauthorized!", {}
        if path == "/reader/api/0/token":
            return 200, (self.token + "\n").encode(), {}
        if method == "POST" and params.get("T", [""])[0] != self.token or (method == "POST" and self.stale_once):
            if self.stale_once:
                self.stale_once = False
                self.token = "T1"
            return 401, b"Unauthorized!", {"X-Reader-Google-Bad-Token": "true"}
        if path == "/reader/api/0/subscription/list":
            subs = [{"id": "feed/12", "title": "Odd Feed", "url": "http://127.0.0.1/odd.xml",
                     "htmlUrl": "http://127.0.0.1/", "categories": [{"id": f"{self.user}/label/Tech", "label": "Tech"}]},
                    {"id": "feed/13", "title": "Even Feed", "url": "http://127.0.0.1/even.xml",
                     "htmlUrl": "http://127.0.0.1/", "categories": []}]
            return 200, json.dumps({"subscriptions": subs}).encode(), {}
        if path == "/reader/api/0/stream/items/ids":
            stream = params["s"][0]
            wanted = sorted(self.items)
            if stream.endswith("/state/com.google/starred"):
                wanted = [n for n in wanted if self.items[n]["starred"]]
            if any(x.endswith("/state/com.google/read") for x in params.get("xt", [])):
                wanted = [n for n in wanted if not self.items[n]["read"]]
            start = int(params["c"][0].removeprefix("page-")) if "c" in params else 0
            chunk = wanted[start:start + self.page]
            answer: dict = {}
            if chunk:
                answer["itemRefs"] = [{"id": str(n)} for n in chunk]
            if start + self.page < len(wanted):
                answer["continuation"] = f"page-{start + self.page}"
            return 200, json.dumps(answer).encode(), {}
        if path == "/reader/api/0/stream/items/contents":
            out = []
            for raw in params.get("i", []):
                n = int(raw.rsplit("/", 1)[-1], 16) if raw.startswith("tag:") else int(raw)
                item = self.items.get(n)
                if item is None:
                    continue
                cats = [f"{self.user}/state/com.google/reading-list"]
                cats += [f"{self.user}/state/com.google/read"] if item["read"] else []
                cats += [f"{self.user}/state/com.google/starred"] if item["starred"] else []
                entry = {"id": f"tag:google.com,2005:reader/item/{n:016x}", "title": f"Item {n}",
                         "published": 1700000000 + n, "categories": cats,
                         "canonical": [{"href": f"http://127.0.0.1/item/{n}"}],
                         "summary": {"content": f"<p>Body of item {n}</p>"},
                         "origin": {"streamId": item["feed"], "title": "x"}}
                if item.get("no_id"):
                    del entry["id"]
                out.append(entry)
            return 200, json.dumps({"id": "user/-/state/com.google/reading-list", "items": out}).encode(), {}
        if path == "/reader/api/0/edit-tag":
            for raw in params.get("i", []):
                n = int(raw.rsplit("/", 1)[-1], 16) if raw.startswith("tag:") else int(raw)
                for key, value in (("a", True), ("r", False)):
                    for tag in params.get(key, []):
                        flag = "read" if tag.endswith("/read") else "starred"
                        self.items[n][flag] = value
            return 200, b"OK", {}
        return 404, b"not here", {}

    def requests(self, path: str) -> list[dict]:
        return [p for m, q, p in self.log if q.endswith(path)]

"""A misbehaving HTTP server on 127.0.0.1 for the fetch and refresh tests.

Each route plays one fault a real feed server (or an attacker) can produce.
The server runs in a thread on port 0; FaultServer.stop() ends it and
releases every handler that is still stalling.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

GOOD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Good Feed</title><link>http://example.org/</link>
<item><guid>good-1</guid><title>First good item</title>
<link>http://example.org/1</link><pubDate>Wed, 06 Oct 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Hello from the good feed.&lt;/p&gt;</description></item>
<item><guid>good-2</guid><title>Second good item</title>
<link>http://example.org/2</link><pubDate>Thu, 07 Oct 2021 10:00:00 GMT</pubDate>
<description>Plain second item.</description></item>
</channel></rss>
"""
ETAG = '"v1"'
AUTH_USER, AUTH_PASSWORD = "reader", "s3cret-pw"
LAST_MODIFIED = "Wed, 06 Oct 2021 12:00:00 GMT"

# Routes that must each end as a per-feed error within the deadline.
FAULT_ROUTES = [
    "/hang", "/drip", "/drip-headers", "/endless", "/gzip-bomb", "/lie-gzip",
    "/500", "/429", "/410", "/304", "/loop", "/redirect-file", "/truncate",
    "/reset", "/headers-only", "/not-a-feed", "/too-many-redirects",
    "/short-plus", "/short-list", "/auth.xml",
]


def _bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    # helpers ---------------------------------------------------------------

    def _stall(self, seconds: float = 60) -> None:
        self.server.stop_event.wait(seconds)

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        hdrs = {"Content-Type": "application/rss+xml; charset=utf-8",
                "Content-Length": str(len(body))}
        hdrs.update(headers or {})
        for k, v in hdrs.items():
            if v is not None:
                self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    # routes ----------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: C901 - one branch per route, on purpose
        self.server.requests.append((self.path, dict(self.headers.items())))
        path = self.path.split("?")[0]
        try:
            self._route(path)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _route(self, path: str) -> None:  # noqa: C901
        if path == "/auth.xml":
            import base64

            expected = "Basic " + base64.b64encode(f"{AUTH_USER}:{AUTH_PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._send(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="feeds"',
                                                  "Content-Type": "text/plain"})
                return
            self._send(200, GOOD_FEED)
        elif path.startswith("/go/"):
            # /go/HOST[:PORT]/REST redirects to http://HOST[:PORT]/REST
            self._send(302, b"", {"Location": "http://" + path[len("/go/"):]})
        elif path == "/flaky.xml":
            # The good feed, or (server.short set) the same announced length with half the body.
            if getattr(self.server, "short", False):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(GOOD_FEED)))
                self.end_headers()
                self.wfile.write(GOOD_FEED[: len(GOOD_FEED) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_WR)
            else:
                self._send(200, GOOD_FEED)
        elif path in ("/short-plus", "/short-list"):
            # Lengths http.client does not check itself: "+N" and "N, N" (with half the body).
            n = len(GOOD_FEED) + 1000
            value = f"+{n}" if path == "/short-plus" else f"{n}, {n}"
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", value)
            self.end_headers()
            self.wfile.write(GOOD_FEED)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_WR)
        elif path == "/good.xml":
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm == ETAG or ims == LAST_MODIFIED:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self._send(200, GOOD_FEED, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        elif path == "/gzip.xml":
            self._send(200, gzip.compress(GOOD_FEED), {"Content-Encoding": "gzip"})
        elif path == "/deflate.xml":
            self._send(200, zlib.compress(GOOD_FEED), {"Content-Encoding": "deflate"})
        elif path == "/raw-deflate.xml":
            c = zlib.compressobj(wbits=-15)
            self._send(200, c.compress(GOOD_FEED) + c.flush(), {"Content-Encoding": "deflate"})
        elif path == "/chunked.xml":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(GOOD_FEED), 100):
                part = GOOD_FEED[i:i + 100]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/hang":
            self._stall()
        elif path == "/drip":
            # Faster than the read timeout, so only the total deadline stops it.
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            for _ in range(600):
                if self.server.stop_event.wait(0.3):
                    return
                self.wfile.write(b"<")
                self.wfile.flush()
        elif path == "/drip-headers":
            line = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10000
            for i in range(len(line)):
                if self.server.stop_event.wait(0.3):
                    return
                self.wfile.write(line[i:i + 1])
                self.wfile.flush()
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<rss><channel>" + b"x" * 65536
            while not self.server.stop_event.is_set():
                self.wfile.write(chunk)
        elif path == "/gzip-bomb":
            self._send(200, self.server.bomb, {"Content-Encoding": "gzip"})
        elif path == "/lie-gzip":
            self._send(200, GOOD_FEED.replace(b"Good Feed", b"Liar"), {"Content-Encoding": "gzip"})
        elif path == "/lie-charset":
            body = GOOD_FEED.replace(b"Good Feed", "Caf\u00e9 \u2014 \u00fcber".encode("utf-8"))
            body = body.replace(b'encoding="utf-8"', b'encoding="utf-16"')
            self._send(200, body, {"Content-Type": "application/rss+xml; charset=utf-16"})
        elif path == "/500":
            self._send(500, b"oops", {"Content-Type": "text/plain"})
        elif path == "/429":
            self._send(429, b"slow down", {"Retry-After": "120", "Content-Type": "text/plain"})
        elif path == "/503":
            self._send(503, b"later", {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT",
                                       "Content-Type": "text/plain"})
        elif path == "/410":
            self._send(410, b"gone", {"Content-Type": "text/plain"})
        elif path == "/304":
            self.send_response(304)
            self.end_headers()
        elif path == "/404":
            self._send(404, b"<html>not found</html>", {"Content-Type": "text/html"})
        elif path == "/not-a-feed":
            self._send(200, b"<html><body><p>Just a page</p></body></html>",
                       {"Content-Type": "text/html"})
        elif path == "/loop":
            self._send(302, b"", {"Location": "/loop2"})
        elif path == "/loop2":
            self._send(302, b"", {"Location": "/loop"})
        elif path.startswith("/hop"):
            n = int(path[4:] or 0)
            self._send(302, b"", {"Location": f"/hop{n + 1}"})
        elif path == "/too-many-redirects":
            self._send(302, b"", {"Location": "/hop1"})
        elif path == "/redirect-file":
            self._send(302, b"", {"Location": "file:///etc/passwd"})
        elif path == "/moved301":
            self._send(301, b"", {"Location": "/good.xml"})
        elif path == "/moved308":
            self._send(308, b"", {"Location": f"http://127.0.0.1:{self.server.server_port}/good.xml"})
        elif path == "/moved302":
            self._send(302, b"", {"Location": "/good.xml"})
        elif path == "/perm-then-temp":
            self._send(301, b"", {"Location": "/moved302"})
        elif path == "/truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(GOOD_FEED) + 5000))
            self.end_headers()
            self.wfile.write(GOOD_FEED[:200])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_WR)
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif path == "/headers-only":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.flush()
            self._stall()
        else:
            self._send(404, b"no such route", {"Content-Type": "text/plain"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultServer:
    def __init__(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.stop_event = threading.Event()
        self.httpd.requests = []
        self.httpd.bomb = _bomb(50_000_000)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def requests(self) -> list:
        return self.httpd.requests

    def start(self) -> "FaultServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def fault_server():
    """A FaultServer for the module; import this fixture into a test module."""
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()

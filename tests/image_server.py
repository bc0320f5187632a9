"""A 127.0.0.1 server for the image tests: a PNG, a non-image, a pixel bomb, a slow host."""

from __future__ import annotations

import io
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def png_bytes(width: int = 40, height: int = 20, colour=(200, 30, 30), bottom=(30, 30, 200)) -> bytes:
    """A real PNG: its top half ``colour``, its bottom half ``bottom``."""
    from PIL import Image

    im = Image.new("RGB", (width, height), colour)
    im.paste(Image.new("RGB", (width, height - height // 2), bottom), (0, height // 2))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int = 10_000, height: int = 10_000) -> bytes:
    """A valid PNG header claiming width x height, with a tiny (truncated) body: a pixel bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + _chunk(b"IEND", b""))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.inflight += 1
            self.server.most = max(self.server.most, self.server.inflight)
        try:
            self._get()
        finally:
            with self.server.lock:
                self.server.inflight -= 1

    def _get(self) -> None:
        self.server.hits.append(self.path)
        path = self.path.split("?")[0]
        if path.startswith("/slow"):
            self.server.stop_event.wait(30)
            return
        if path == "/held.png":  # answers once the test sets ``release``
            self.server.release.wait(30)
            path = "/red.png"
        routes = {
            "/red.png": ("image/png", png_bytes()),
            "/wide.png": ("image/png", png_bytes(400, 100)),
            "/page.html": ("text/html", b"<html><body>not a picture</body></html>"),
            "/bomb.png": ("image/png", bomb_png()),
            "/liar.png": ("image/png", b"GIF89a this is no image at all"),
        }
        if path not in routes:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype, body = routes[path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ImageServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.hits = []
        self.httpd.stop_event = threading.Event()
        self.httpd.release = threading.Event()
        self.httpd.lock = threading.Lock()
        self.httpd.inflight = self.httpd.most = 0  # requests being answered now; the most at once
        self.release = self.httpd.release
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits

    def start(self) -> "ImageServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.stop_event.set()
        self.httpd.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

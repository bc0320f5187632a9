"""A self-signed certificate and an HTTPS server on 127.0.0.1 that serves a good feed (test_ingest_tls,
test_ingest_proxy)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.faultserver import GOOD_FEED


class GoodFeed(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(GOOD_FEED)))
        self.end_headers()
        self.wfile.write(GOOD_FEED)


def self_signed(directory: Path, common_name: str, subject_alt_name: str) -> tuple[Path, Path]:
    """(certificate, key) files for ``subject_alt_name`` ("IP:127.0.0.1", "DNS:feeds.example")."""
    if not shutil.which("openssl"):
        pytest.skip("openssl command not available to make a test certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={common_name}",
                    "-addext", f"subjectAltName={subject_alt_name}"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def https_server(cert: Path, key: Path, handler=GoodFeed) -> ThreadingHTTPServer:
    """An HTTPS server on 127.0.0.1 (a free port), already serving; shut it down when done."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd


def trusting(cert: Path):
    """A replacement for reader.ingest.connect._ssl_context that also trusts ``cert``."""

    def context() -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        ctx.load_verify_locations(cert)
        return ctx

    return context

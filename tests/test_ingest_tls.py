"""HTTPS: a certificate we do not trust is an error; one we trust works;
a server that never finishes the handshake is bounded by the deadline."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.faultserver import GOOD_FEED
from reader.ingest import fetch as fetch_mod
from reader.ingest.fetch import Limits, fetch

LIMITS = Limits(connect_timeout=2, read_timeout=1, deadline=3)


class _Good(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(GOOD_FEED)))
        self.end_headers()
        self.wfile.write(GOOD_FEED)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl command not available to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Good)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"https://127.0.0.1:{httpd.server_port}/feed.xml", cert
    httpd.shutdown()
    httpd.server_close()


def test_untrusted_certificate_is_an_error(tls_server):
    url, _ = tls_server
    r = fetch(url, limits=LIMITS)
    assert r.body is None and r.error and "TLS" in r.error and "certificate" in r.error.lower()


def test_trusted_certificate_works(tls_server, monkeypatch):
    url, cert = tls_server

    def trusting():
        ctx = ssl.create_default_context()
        ctx.load_verify_locations(cert)
        return ctx

    monkeypatch.setattr(fetch_mod, "_ssl_context", trusting)
    r = fetch(url, limits=LIMITS)
    assert r.error is None and r.body == GOOD_FEED


def test_silent_tls_server_is_bounded():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    port = srv.getsockname()[1]
    try:
        t0 = time.monotonic()
        r = fetch(f"https://127.0.0.1:{port}/", limits=LIMITS)
        assert r.error and time.monotonic() - t0 < LIMITS.deadline + 1.5
    finally:
        srv.close()

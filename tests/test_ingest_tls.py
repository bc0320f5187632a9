"""HTTPS: a certificate we do not trust is an error; one we trust works;
a server that never finishes the handshake is bounded by the deadline."""

from __future__ import annotations

import socket
import time

import pytest

from tests.faultserver import GOOD_FEED
from tests.tls_support import https_server, self_signed, trusting
from reader.ingest import connect as connect_mod
from reader.ingest.fetch import Limits, fetch

LIMITS = Limits(connect_timeout=2, read_timeout=1, deadline=3)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    cert, key = self_signed(tmp_path_factory.mktemp("tls"), "127.0.0.1", "IP:127.0.0.1")
    httpd = https_server(cert, key)
    yield f"https://127.0.0.1:{httpd.server_port}/feed.xml", cert
    httpd.shutdown()
    httpd.server_close()


def test_untrusted_certificate_is_an_error(tls_server):
    url, _ = tls_server
    r = fetch(url, limits=LIMITS)
    assert r.body is None and r.error and "TLS" in r.error and "certificate" in r.error.lower()


def test_trusted_certificate_works(tls_server, monkeypatch):
    url, cert = tls_server

    monkeypatch.setattr(connect_mod, "_ssl_context", trusting(cert))
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

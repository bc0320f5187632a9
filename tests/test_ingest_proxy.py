"""Feeds fetched through an HTTP proxy named by the environment (http_proxy, https_proxy, no_proxy).

A small proxy on 127.0.0.1 stands in for the user's: it answers plain-http
requests itself (recording what it was asked) and opens CONNECT tunnels to a
TLS server on 127.0.0.1 for any host name, so no name is ever resolved.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from http.server import ThreadingHTTPServer

import pytest

from reader.ingest import connect as connect_mod
from reader.ingest.fetch import Limits, fetch
from tests.faultserver import GOOD_FEED
from tests.tls_support import GoodFeed, https_server, self_signed, trusting

LIMITS = Limits(connect_timeout=2, read_timeout=2, deadline=5)


class _ProxyHandler(socketserver.StreamRequestHandler):
    def handle(self):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        text = head.decode("latin-1")
        request_line, *header_lines = text.split("\r\n\r\n", 1)[0].split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
        self.server.seen.append((request_line, headers))
        method, target, _ = request_line.split(" ", 2)
        if method == "CONNECT":
            if target.startswith("blocked."):
                self.request.sendall(b"HTTP/1.1 403 Forbidden by policy\r\nContent-Length: 0\r\n\r\n")
                return
            upstream = socket.create_connection(("127.0.0.1", self.server.tls_port))
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self._pipe(self.request, upstream)
            return
        body = GOOD_FEED
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        def copy(src, dst):
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        t = threading.Thread(target=copy, args=(b, a), daemon=True)
        t.start()
        copy(a, b)
        t.join(5)
        b.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    cert, key = self_signed(tmp_path_factory.mktemp("proxy-tls"), "feeds.example", "DNS:feeds.example")
    tls = https_server(cert, key)
    proxy = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _ProxyHandler)
    proxy.daemon_threads = True
    proxy.seen = []
    proxy.tls_port = tls.server_port
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield proxy, cert
    for srv in (tls, proxy):
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def env(monkeypatch, servers):
    proxy, cert = servers
    proxy.seen.clear()
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)

    monkeypatch.setattr(connect_mod, "_ssl_context", trusting(cert))
    return monkeypatch, proxy, f"127.0.0.1:{proxy.server_address[1]}"


def test_http_feed_is_asked_of_the_proxy_by_absolute_url_with_credentials(env):
    mp, proxy, where = env
    mp.setenv("http_proxy", f"http://alice:s%40cret@{where}")
    r = fetch("http://feeds.example/world/feed.xml?x=1", limits=LIMITS)
    assert r.error is None and r.body == GOOD_FEED
    [(line, headers)] = proxy.seen
    assert line == "GET http://feeds.example/world/feed.xml?x=1 HTTP/1.1"
    assert headers["host"] == "feeds.example"
    assert headers["proxy-authorization"] == "Basic YWxpY2U6c0BjcmV0"  # alice:s@cret


def test_https_feed_goes_through_a_connect_tunnel_with_tls_end_to_end(env):
    mp, proxy, where = env
    mp.setenv("HTTPS_PROXY", where)  # no scheme: taken as http://, as most tools do
    r = fetch("https://feeds.example/feed.xml", limits=LIMITS)
    assert r.error is None and r.body == GOOD_FEED
    assert [line for line, _ in proxy.seen] == ["CONNECT feeds.example:443 HTTP/1.1"]


def test_a_refused_tunnel_names_the_feed_the_proxy_and_its_answer(env):
    mp, proxy, where = env
    mp.setenv("https_proxy", f"http://{where}")
    r = fetch("https://blocked.example/feed.xml", limits=LIMITS)
    assert r.body is None
    assert r.error == (f"https://blocked.example/feed.xml: proxy {where} refused the tunnel to "
                       "blocked.example:443: 403 Forbidden by policy")


def test_a_proxy_that_is_down_is_named_in_the_error(env):
    mp, _proxy, _where = env
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    port = dead.getsockname()[1]
    dead.close()  # nothing listens there now
    mp.setenv("http_proxy", f"http://127.0.0.1:{port}")
    r = fetch("http://feeds.example/feed.xml", limits=LIMITS)
    assert r.body is None and r.error.startswith(f"http://feeds.example/feed.xml: proxy 127.0.0.1:{port}: ")


def test_unsupported_proxy_kinds_are_a_clear_error(env):
    mp, _proxy, _where = env
    mp.setenv("https_proxy", "socks5://127.0.0.1:1080")
    r = fetch("https://feeds.example/feed.xml", limits=LIMITS)
    assert r.error == ("https://feeds.example/feed.xml: the https_proxy setting 'socks5://127.0.0.1:1080' "
                       "is not supported (only http:// proxies are)")


def test_no_proxy_and_loopback_hosts_go_direct(env):
    mp, proxy, where = env
    mp.setenv("http_proxy", f"http://{where}")
    mp.setenv("no_proxy", "intranet.example,.corp.example")
    assert connect_mod._proxy_for("http", "intranet.example") is None
    assert connect_mod._proxy_for("http", "news.corp.example") is None
    assert connect_mod._proxy_for("http", "feeds.example") is not None
    for host in ("localhost", "127.0.0.1", "::1", "127.1.2.3"):
        assert connect_mod._proxy_for("http", host) is None, host
    # A feed on this machine is fetched directly even with a proxy set.
    direct = ThreadingHTTPServer(("127.0.0.1", 0), GoodFeed)
    threading.Thread(target=direct.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        r = fetch(f"http://127.0.0.1:{direct.server_port}/feed.xml", limits=LIMITS)
    finally:
        direct.shutdown()
        direct.server_close()
    assert r.error is None and r.body == GOOD_FEED and proxy.seen == []

"""The fetch layer against a misbehaving server on 127.0.0.1."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from datetime import datetime, timezone

import pytest

from tests.faultserver import ETAG, FAULT_ROUTES, LAST_MODIFIED, fault_server  # noqa: F401
from reader import __version__
from reader.ingest.fetch import Limits, fetch
from reader.ingest.refresh import FeedRequest, fetch_and_parse, refresh_all

# Short bounds so every fault ends fast; the drip route sends a byte every
# 0.3 s, under the read timeout, so only the deadline can stop it.
LIMITS = Limits(connect_timeout=2, read_timeout=1, deadline=3, max_bytes=1_000_000,
                max_decoded_bytes=1_000_000, max_redirects=3, parse_timeout=10)
# Time allowed beyond the deadline for the watchdog to fire and the socket to close.
SLACK = 1.5


@pytest.mark.parametrize("route", FAULT_ROUTES)
def test_fault_routes_end_as_errors_within_the_deadline(fault_server, route):
    url = fault_server.url(route)
    t0 = time.monotonic()
    result = fetch_and_parse(url, limits=LIMITS)
    elapsed = time.monotonic() - t0
    assert result.error, f"{route} should fail, got {result}"
    assert "\n" not in result.error
    assert url.split("/")[2] in result.error  # names the URL
    assert result.parsed is None or not result.parsed.entries
    assert elapsed < LIMITS.deadline + SLACK, f"{route} took {elapsed:.1f} s"


def test_each_fault_gives_its_own_reason(fault_server):
    def err(route):
        return fetch(fault_server.url(route), limits=LIMITS).error or ""

    assert "deadline" in err("/drip")
    assert "deadline" in err("/drip-headers")
    assert "no data for" in err("/hang") or "deadline" in err("/hang")
    assert "1,000,000" in err("/endless")
    assert "decompressed body exceeds" in err("/gzip-bomb")
    assert "not valid gzip" in err("/lie-gzip")
    assert "HTTP 500" in err("/500")
    assert "not conditional" in err("/304")
    assert "redirect loop" in err("/loop")
    assert "more than 3 redirects" in err("/too-many-redirects")
    assert "file" in err("/redirect-file")
    assert "closed early" in err("/truncate")
    assert "reset" in err("/reset") or "closed" in err("/reset")
    assert "no data for" in err("/headers-only") or "deadline" in err("/headers-only")
    assert "HTTP 404" in err("/404")


def test_good_feed_and_request_headers(fault_server):
    r = fetch(fault_server.url("/good.xml"), limits=LIMITS)
    assert r.error is None and r.status == 200
    assert r.body.startswith(b"<?xml")
    assert r.etag == ETAG and r.last_modified == LAST_MODIFIED
    _, headers = fault_server.requests[-1]
    assert headers["User-Agent"] == f"reader/{__version__}"
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in headers


def test_conditional_request_gets_not_modified(fault_server):
    first = fetch(fault_server.url("/good.xml"), limits=LIMITS)
    second = fetch(fault_server.url("/good.xml"), etag=first.etag,
                   last_modified=first.last_modified, limits=LIMITS)
    _, headers = fault_server.requests[-1]
    assert headers["If-None-Match"] == ETAG
    assert headers["If-Modified-Since"] == LAST_MODIFIED
    assert second.not_modified and second.error is None and second.body is None
    assert second.status == 304
    assert second.etag == ETAG and second.last_modified == LAST_MODIFIED

    # fetch_and_parse passes it through without parsing anything.
    r = fetch_and_parse(fault_server.url("/good.xml"), etag=ETAG, limits=LIMITS)
    assert r.not_modified and r.parsed is None and r.error is None


def test_stored_validators_with_control_characters_are_not_sent(fault_server):
    r = fetch(fault_server.url("/good.xml"), etag='"x"\r\nX-Injected: 1', limits=LIMITS)
    _, headers = fault_server.requests[-1]
    assert "X-Injected" not in headers and "If-None-Match" not in headers
    assert r.status == 200


@pytest.mark.parametrize("route", ["/gzip.xml", "/deflate.xml", "/raw-deflate.xml", "/chunked.xml"])
def test_encodings_are_decoded(fault_server, route):
    r = fetch(fault_server.url(route), limits=LIMITS)
    assert r.error is None, r.error
    assert b"First good item" in r.body


def test_status_handling(fault_server):
    r = fetch(fault_server.url("/429"), limits=LIMITS)
    assert r.status == 429 and r.retry_after == 120 and "429" in r.error
    r = fetch(fault_server.url("/503"), limits=LIMITS)
    assert r.status == 503 and r.retry_after is not None and r.retry_after > 3600
    r = fetch(fault_server.url("/410"), limits=LIMITS)
    assert r.gone and r.status == 410 and r.error
    r = fetch(fault_server.url("/500"), limits=LIMITS)
    assert not r.gone and r.retry_after is None and r.error


def test_permanent_redirects_give_new_url_temporary_ones_do_not(fault_server):
    good = fault_server.url("/good.xml")
    r = fetch(fault_server.url("/moved301"), limits=LIMITS)
    assert r.error is None and r.new_url == good and r.final_url == good
    r = fetch(fault_server.url("/moved308"), limits=LIMITS)
    assert r.new_url == good
    r = fetch(fault_server.url("/moved302"), limits=LIMITS)
    assert r.error is None and r.new_url is None and r.final_url == good
    # 301 to a URL that then answers 302: the permanent part is the 301 target.
    r = fetch(fault_server.url("/perm-then-temp"), limits=LIMITS)
    assert r.error is None and r.new_url == fault_server.url("/moved302")


def test_local_files_only_when_allowed(tmp_path, fault_server):
    from tests.faultserver import GOOD_FEED

    p = tmp_path / "feed.xml"
    p.write_bytes(GOOD_FEED)
    for url in (str(p), p.as_uri()):
        r = fetch(url, limits=LIMITS)
        assert r.body is None and "local files" in r.error
        r = fetch(url, limits=LIMITS, allow_file=True)
        assert r.error is None and r.body == GOOD_FEED
    r = fetch(str(tmp_path / "missing.xml"), allow_file=True)
    assert "no such file" in r.error
    r = fetch(str(tmp_path), allow_file=True)
    assert r.error and r.body is None
    # Devices and FIFOs would block or never end: only regular files are read.
    for special in ("/dev/zero", "/dev/stdin"):
        if Path(special).exists():
            r = fetch(special, allow_file=True)
            assert r.body is None and "regular file" in r.error
    fifo = tmp_path / "fifo"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        r = fetch(str(fifo), allow_file=True)
        assert r.body is None and "regular file" in r.error
    # Even with allow_file, a redirect never leads to a file.
    r = fetch(fault_server.url("/redirect-file"), limits=LIMITS, allow_file=True)
    assert r.body is None and r.error


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "javascript:alert(1)",
                                 "gopher://x/", "", "http://"])
def test_unsupported_urls_are_errors(url):
    r = fetch(url)
    assert r.error and r.body is None


def test_international_host_names_are_sent_as_idna(monkeypatch):
    from reader.ingest import connect as connect_mod

    seen = []

    def fake_resolve(host, port, timeout):
        seen.append(host)
        raise connect_mod._Fault(f"could not resolve {host}")

    monkeypatch.setattr(connect_mod, "_resolve", fake_resolve)
    r = fetch("http://b\u00fccher.example/feed", limits=LIMITS)
    assert seen == ["xn--bcher-kva.example"] and r.error


def test_connection_refused_is_an_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = fetch(f"http://127.0.0.1:{port}/feed", limits=LIMITS)
    assert r.error and "refused" in r.error


def test_refresh_all_isolates_bad_feeds(fault_server):
    requests = [FeedRequest(fault_server.url(route), ref=route) for route in FAULT_ROUTES]
    requests.insert(len(requests) // 2, FeedRequest(fault_server.url("/good.xml"), ref="good"))
    requests.append(FeedRequest(fault_server.url("/lie-charset"), ref="lie-charset"))
    seen = {}
    threads = set()

    def on_result(req, res):
        threads.add(threading.current_thread())
        seen[req.ref] = res

    t0 = time.monotonic()
    refresh_all(requests, workers=len(requests), limits=LIMITS, on_result=on_result)
    elapsed = time.monotonic() - t0

    assert threads == {threading.current_thread()}
    assert set(seen) == {r.ref for r in requests}
    good = seen.pop("good")
    assert good.error is None and good.parsed is not None
    assert [a.key for a in good.parsed.entries] == ["good-1", "good-2"]
    assert good.parsed.entries[0].source == "Good Feed"
    liar = seen.pop("lie-charset")
    # Declared UTF-16, really UTF-8: read as UTF-8, with a warning.
    assert liar.error is None, liar.error
    assert liar.parsed.title == "Caf\u00e9 \u2014 \u00fcber"
    assert any("utf-16" in w for w in liar.parsed.warnings)
    for ref, res in seen.items():
        assert res.error, ref
    # Every fault is bounded by the deadline; all ran at once.
    assert elapsed < LIMITS.deadline + SLACK + 2


def test_refresh_all_can_be_cancelled(fault_server):
    limits = Limits(connect_timeout=20, read_timeout=20, deadline=20)
    cancel = threading.Event()
    got = []
    threading.Timer(0.5, cancel.set).start()
    t0 = time.monotonic()
    refresh_all([FeedRequest(fault_server.url("/hang")), FeedRequest(fault_server.url("/drip"))],
                limits=limits, on_result=lambda q, r: got.append(r), cancel=cancel)
    # Returns well before the 20 s deadline of the stalled feeds.
    assert time.monotonic() - t0 < limits.deadline / 2
    assert got == []


def test_on_result_exceptions_propagate(fault_server):
    def boom(req, res):
        raise RuntimeError("store failed")

    with pytest.raises(RuntimeError, match="store failed"):
        refresh_all([FeedRequest(fault_server.url("/good.xml"))], limits=LIMITS, on_result=boom)


def test_fetch_and_parse_reports_parse_errors(fault_server):
    r = fetch_and_parse(fault_server.url("/not-a-feed"), limits=LIMITS,
                        fetched_at=datetime(2021, 10, 7, tzinfo=timezone.utc))
    assert r.status == 200 and r.parsed is not None and r.parsed.error
    assert r.error.startswith(fault_server.url("/not-a-feed")) and "no entries" in r.error


# -- issue 15: credentials, redirect address policy, short bodies ---------------------------------------

from tests.faultserver import AUTH_PASSWORD, AUTH_USER, FaultServer  # noqa: E402


@pytest.fixture
def second_server():
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


def _with_credentials(url: str, user: str = AUTH_USER, password: str = AUTH_PASSWORD) -> str:
    return url.replace("http://", f"http://{user}:{password}@", 1)


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(fault_server):
    import base64

    r = fetch(_with_credentials(fault_server.url("/auth.xml")), limits=LIMITS)
    assert r.error is None and b"First good item" in r.body
    _, headers = fault_server.requests[-1]
    assert headers["Authorization"] == "Basic " + base64.b64encode(f"{AUTH_USER}:{AUTH_PASSWORD}".encode()).decode()
    assert AUTH_PASSWORD not in r.url and AUTH_PASSWORD not in (r.final_url or "")
    # The same credentials passed apart from the URL.
    r = fetch(fault_server.url("/auth.xml"), limits=LIMITS, auth=(AUTH_USER, AUTH_PASSWORD))
    assert r.error is None and r.body
    # Without them, or with a wrong password: an error naming the URL, without the password.
    r = fetch(fault_server.url("/auth.xml"), limits=LIMITS)
    assert "HTTP 401" in r.error and fault_server.url("/auth.xml") in r.error
    r = fetch(_with_credentials(fault_server.url("/auth.xml"), password="wrong-secret"), limits=LIMITS)
    assert "HTTP 401" in r.error and "wrong-secret" not in r.error and "wrong-secret" not in r.url
    assert f"{AUTH_USER}@127.0.0.1" in r.error


def test_errors_of_a_url_with_a_password_never_show_it(fault_server):
    for route in ("/500", "/truncate", "/loop", "/redirect-file"):
        r = fetch(_with_credentials(fault_server.url(route)), limits=LIMITS)
        assert r.error and AUTH_PASSWORD not in r.error and AUTH_PASSWORD not in repr(r), route


def test_credentials_are_not_sent_to_another_origin(fault_server, second_server):
    port = second_server.httpd.server_port
    r = fetch(fault_server.url(f"/go/127.0.0.1:{port}/good.xml"), limits=LIMITS, auth=(AUTH_USER, AUTH_PASSWORD))
    assert r.error is None and r.final_url == second_server.url("/good.xml")
    assert "Authorization" in fault_server.requests[-1][1]
    assert "Authorization" not in second_server.requests[-1][1]


def test_redirect_from_loopback_to_another_loopback_port_is_followed(fault_server, second_server):
    # The user configured a feed on this machine; a redirect to another port of it stays on it.
    port = second_server.httpd.server_port
    r = fetch(fault_server.url(f"/go/127.0.0.1:{port}/good.xml"), limits=LIMITS)
    assert r.error is None and b"First good item" in r.body
    assert second_server.requests[-1][0] == "/good.xml"


@pytest.mark.parametrize("ip, trust, refused", [
    ("169.254.169.254", 2, "link-local"),   # metadata service: never, from any origin
    ("169.254.169.254", 0, "link-local"),
    ("fe80::1", 2, "link-local"),
    ("::ffff:169.254.169.254", 2, "link-local"),
    ("127.0.0.1", 0, "loopback"),           # public -> loopback
    ("::1", 0, "loopback"),
    ("0.0.0.0", 0, "loopback"),
    ("10.1.2.3", 0, "private"),             # public -> private
    ("192.168.1.1", 0, "private"),
    ("fd00::1", 0, "private"),
    ("100.100.100.200", 0, "private"),
    ("127.0.0.1", 1, "loopback"),           # private -> loopback
    ("93.184.215.14", 0, None),             # public -> public
    ("2606:4700::1", 0, None),
    ("10.1.2.3", 1, None),                  # private -> private
    ("93.184.215.14", 1, None),             # private -> public
    ("127.0.0.2", 2, None),                 # loopback -> loopback (another port or address)
    ("10.1.2.3", 2, None),                  # loopback -> anything but link-local
])
def test_redirect_address_policy(ip, trust, refused):
    from reader.ingest.connect import redirect_refusal

    why = redirect_refusal(ip, trust)
    if refused is None:
        assert why is None
    else:
        assert why and refused in why and ip in why


def _stub_resolver(monkeypatch, names: dict[str, str], public: set[str] = frozenset()):
    """Resolve the names given to the addresses given (others as usual); count any connection
    made to an address that is not loopback (there must be none: tests never leave 127.0.0.1).
    Addresses in ``public`` are classed as public, so a server on 127.0.0.1 can play a public one."""
    import socket as socket_mod

    from reader.ingest import connect as connect_mod

    real_resolve, real_class = connect_mod._resolve, connect_mod._address_class
    outside = []

    def resolve(host, port, timeout):
        if host in names:
            ip = names[host]
            family = socket_mod.AF_INET6 if ":" in ip else socket_mod.AF_INET
            addr = (ip, port, 0, 0) if family == socket_mod.AF_INET6 else (ip, port)
            return [(family, socket_mod.SOCK_STREAM, 6, "", addr)]
        return real_resolve(host, port, timeout)

    real_connect = socket_mod.socket.connect

    def connect(sock, addr):
        if not str(addr[0]).startswith("127."):
            outside.append(addr)
            raise OSError("test guard: no connection outside 127.0.0.1")
        return real_connect(sock, addr)

    monkeypatch.setattr(connect_mod, "_resolve", resolve)
    monkeypatch.setattr(connect_mod, "_address_class", lambda ip: "public" if ip in public else real_class(ip))
    monkeypatch.setattr(socket_mod.socket, "connect", connect)
    return outside


def test_redirect_to_a_metadata_address_is_refused_before_connecting(fault_server, monkeypatch):
    outside = _stub_resolver(monkeypatch, {"metadata.test": "169.254.169.254", "v6.test": "fe80::1"})
    for host in ("metadata.test", "169.254.169.254", "v6.test"):
        r = fetch(fault_server.url(f"/go/{host}/latest/meta-data/"), limits=LIMITS)
        assert r.body is None and "refused the redirect" in r.error and "link-local" in r.error, r.error
        assert fault_server.url("/go/") in r.error  # names where the redirect came from
    assert outside == []


def test_redirect_from_a_public_address_to_loopback_or_private_is_refused(fault_server, second_server, monkeypatch):
    # The fault server (127.0.0.1) plays a public server; a name resolving to loopback, a loopback
    # literal and a private address are all refused; the second server is never asked.
    outside = _stub_resolver(monkeypatch, {"sneaky.test": "127.0.0.2", "lan.test": "192.168.1.20"},
                             public={"127.0.0.1"})
    port = second_server.httpd.server_port
    asked = len(second_server.requests)
    for target in (f"sneaky.test:{port}/good.xml", f"127.0.0.2:{port}/good.xml", f"[::1]:{port}/good.xml",
                   f"lan.test:{port}/good.xml"):
        r = fetch(fault_server.url(f"/go/{target}"), limits=LIMITS)
        assert r.body is None and "refused the redirect" in r.error, (target, r.error)
        assert "and the redirect came from a public one" in r.error
    assert len(second_server.requests) == asked and outside == []
    # The public server itself is fetched directly, as configured.
    assert fetch(fault_server.url("/good.xml"), limits=LIMITS).error is None


def test_a_feed_configured_on_a_private_or_link_local_address_is_fetched_directly(fault_server, monkeypatch):
    # A name that resolves to a link-local address, asked for directly (not through a redirect):
    # the policy does not apply; here the guard stops the connection, which proves it was tried.
    outside = _stub_resolver(monkeypatch, {"printer.test": "169.254.7.7"})
    r = fetch("http://printer.test/feed.xml", limits=LIMITS)
    assert "refused the redirect" not in r.error and outside == [("169.254.7.7", 80)]


@pytest.mark.parametrize("route, reason", [("/short-plus", "invalid Content-Length"),
                                           ("/short-list", "closed early")])
def test_a_body_shorter_than_announced_is_a_failed_fetch(fault_server, route, reason):
    r = fetch(fault_server.url(route), limits=LIMITS)
    assert r.body is None and reason in r.error and r.error.startswith(fault_server.url(route))

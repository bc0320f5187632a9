"""Connections for reader.ingest.fetch: deadlines, name resolution, the
address policy for redirects, proxies and TLS.

- A total deadline is enforced by a watchdog that shuts the socket down, so
  a server dripping one byte a second, or trickling headers, cannot hold a
  fetch past it; name resolution runs in a helper thread for the same
  reason.
- An address policy for redirects (see _address_class): a redirect never
  leads to a link-local address (169.254.0.0/16, fe80::/10: cloud metadata
  services live there), and never to an address more private than every
  address the fetch has been to: public < private (10/8, 172.16/12,
  192.168/16, fc00::/7, 100.64/10) < loopback. So a public feed cannot
  bounce reader to 127.0.0.1 or the LAN, while a feed the user configured on
  127.0.0.1 may redirect to another 127.0.0.1 port (both are the user's own
  machine, and the user chose the first). The check is made on the
  addresses the connection really uses, after name resolution, so a name
  that resolves to 127.0.0.1 is as refused as the literal. The feed's own
  URL is never refused: whatever the user configured is fetched directly.
  Through a proxy the proxy resolves names, so only IP literals are checked.

Proxies come from the environment, as curl, pip and urllib read them:
http_proxy / https_proxy (or HTTP_PROXY / HTTPS_PROXY, all_proxy), minus the
hosts no_proxy names; loopback hosts never go through a proxy. Plain http
feeds are asked of the proxy with the absolute URL; https feeds go through a
CONNECT tunnel, so TLS is still end to end. Only http:// proxies (with
optional user:password, sent as Basic auth) are supported; any other kind is
a clear error for the feeds it would serve.

Failures are _Fault exceptions with a human reason (without the URL), which
fetch() turns into the one-line error of its result.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

from reader import __version__

USER_AGENT = f"reader/{__version__}"


@dataclass
class Limits:
    """Bounds for one feed. Times in seconds, sizes in bytes."""

    connect_timeout: float = 10
    read_timeout: float = 15
    deadline: float = 30
    max_bytes: int = 20_000_000
    max_decoded_bytes: int = 20_000_000
    max_redirects: int = 5
    parse_timeout: float = 20  # used by refresh.fetch_and_parse for parse_feed


class _Fault(Exception):
    """A per-feed failure with a human reason (without the URL)."""


class _Watchdog:
    """Shuts a socket down at the deadline or on cancellation.

    Shutting a socket down from another thread wakes a blocked recv/send,
    which is the only portable way to bound http.client's header reading.
    """

    def __init__(self, deadline_at: float, cancel: threading.Event | None):
        self.deadline_at = deadline_at
        self.cancel = cancel
        self.sock: socket.socket | None = None
        self.fired: str | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="reader-fetch-watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.05):
            if self.cancel is not None and self.cancel.is_set():
                self._fire("cancelled")
                return
            if time.monotonic() >= self.deadline_at:
                self._fire("deadline")
                return

    def _fire(self, why: str) -> None:
        with self._lock:
            self.fired = why
            if self.sock is not None:
                try:
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self.sock = sock
            if self.fired and sock is not None:
                try:
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self._done.set()


def _remaining(deadline_at: float) -> float:
    return deadline_at - time.monotonic()


def _within(timeout: float, deadline_at: float) -> float:
    """A socket timeout: ``timeout``, cut to what is left before the deadline (never zero)."""
    return min(timeout, max(0.01, _remaining(deadline_at)))


def _check_time(deadline_at: float, limits: Limits, wd: _Watchdog) -> None:
    if wd.fired == "cancelled":
        raise _Fault("cancelled")
    if wd.fired == "deadline" or _remaining(deadline_at) <= 0:
        raise _Fault(f"gave up after the {limits.deadline:g} s deadline")


def _resolve(host: str, port: int, timeout: float) -> list:
    """getaddrinfo with a timeout (it has none of its own)."""
    box: dict = {}

    def run() -> None:
        try:
            box["r"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except Exception as e:  # noqa: BLE001 - reported below
            box["e"] = e

    t = threading.Thread(target=run, name="reader-resolve", daemon=True)
    t.start()
    t.join(max(0.01, timeout))
    if t.is_alive():
        raise _Fault(f"could not resolve {host} within {timeout:g} s")
    if "e" in box:
        raise _Fault(f"could not resolve {host}: {box['e']}")
    return box["r"]


PUBLIC, PRIVATE, LOOPBACK = 0, 1, 2
_RANK_NAMES = {PUBLIC: "public", PRIVATE: "private", LOOPBACK: "loopback"}
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not the public internet


def _address_class(ip: str) -> str:
    """'link-local', 'loopback', 'private' or 'public' for an IP address string."""
    address = ipaddress.ip_address(ip.split("%", 1)[0].strip("[]"))
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_link_local:
        return "link-local"
    if address.is_loopback or address.is_unspecified:
        return "loopback"
    if address.is_private or address.is_reserved or address.is_multicast or (
            address.version == 4 and address in _SHARED):
        return "private"
    return "public"


def _rank(ip: str) -> int:
    cls = _address_class(ip)
    return {"public": PUBLIC, "private": PRIVATE, "loopback": LOOPBACK}.get(cls, PRIVATE)


def redirect_refusal(ip: str, trust: int) -> str | None:
    """Why a redirect may not connect to ``ip`` when the least private address the fetch
    has used so far has rank ``trust`` (PUBLIC, PRIVATE, LOOPBACK); None if it may."""
    cls = _address_class(ip)
    if cls == "link-local":
        return f"{ip} is a link-local address, never reached by a redirect"
    if _rank(ip) > trust:
        return f"{ip} is a {cls} address and the redirect came from a {_RANK_NAMES[trust]} one"
    return None


@dataclass
class _Hop:
    """One request of a fetch as the address policy sees it.

    trust is None for the feed's own URL (no limit), else the rank the
    redirect may not exceed; rank is set to the rank of the address used."""

    trust: int | None = None
    came_from: str = ""
    rank: int | None = None


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, default port filled in: where credentials may go."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        return ("", url, None)
    return scheme, (parts.hostname or ""), port


def _connect(host: str, port: int, tls: bool, limits: Limits, deadline_at: float,
             wd: _Watchdog, proxy: _Proxy | None = None, hop: _Hop | None = None) -> socket.socket:
    """A socket to host:port (through the proxy if one is given), TLS-wrapped if tls."""
    if proxy is not None:
        literal = _ip_literal(host)
        if hop is not None:
            # The proxy resolves names; only an address written in the URL can be checked here.
            if literal is not None and hop.trust is not None:
                why = redirect_refusal(literal, hop.trust)
                if why:
                    raise _Fault(f"refused the redirect from {hop.came_from}: {why}")
            hop.rank = _rank(literal) if literal is not None else PUBLIC
        try:
            sock = _connect(proxy.host, proxy.port, False, limits, deadline_at, wd)
        except _Fault as f:
            raise _Fault(f"{proxy.name}: {f}") from None
        if tls:
            try:
                _tunnel(sock, proxy, host, port, limits, deadline_at, wd)
            except (_Fault, OSError):
                sock.close()
                raise
            return _wrap_tls(sock, host, limits, deadline_at, wd)
        return sock
    timeout = _within(limits.connect_timeout, deadline_at)
    infos = _resolve(host, port, timeout)
    if hop is not None and hop.trust is not None:
        allowed, why = [], None
        for info in infos:
            refusal = redirect_refusal(info[4][0], hop.trust)
            if refusal:
                why = why or refusal
            else:
                allowed.append(info)
        if not allowed:
            raise _Fault(f"refused the redirect from {hop.came_from}: {why}")
        infos = allowed
    last: Exception | None = None
    for family, type_, proto, _name, addr in infos:
        _check_time(deadline_at, limits, wd)
        sock = socket.socket(family, type_, proto)
        wd.watch(sock)
        try:
            sock.settimeout(_within(limits.connect_timeout, deadline_at))
            sock.connect(addr)
            break
        except OSError as e:
            last = e
            sock.close()
            wd.watch(None)
    else:
        _check_time(deadline_at, limits, wd)
        if isinstance(last, socket.timeout):
            raise _Fault(f"could not connect to {host} within {limits.connect_timeout:g} s")
        raise _Fault(f"could not connect to {host}: {_describe(last)}")
    if hop is not None:
        hop.rank = _rank(addr[0])
    if tls:
        return _wrap_tls(sock, host, limits, deadline_at, wd)
    return sock


def _wrap_tls(sock: socket.socket, host: str, limits: Limits, deadline_at: float,
              wd: _Watchdog) -> socket.socket:
    ctx = _ssl_context()
    sock.settimeout(_within(limits.read_timeout, deadline_at))
    try:
        sock = ctx.wrap_socket(sock, server_hostname=host)
    except (OSError, ssl.SSLError) as e:
        _check_time(deadline_at, limits, wd)
        raise _Fault(f"TLS handshake with {host} failed: {_describe(e)}") from None
    wd.watch(sock)
    return sock


@dataclass(frozen=True)
class _Proxy:
    host: str
    port: int
    auth: str | None  # the value of a Proxy-Authorization header

    @property
    def name(self) -> str:
        return f"proxy {self.host}:{self.port}"


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in _LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _proxy_for(scheme: str, host: str) -> _Proxy | None:
    """The proxy the environment names for this scheme and host, or None (raises _Fault if unusable)."""
    if _is_loopback(host):
        return None
    proxies = getproxies()
    url = proxies.get(scheme) or proxies.get("all")
    if not url:
        return None
    if proxy_bypass(host):
        return None
    if "://" not in url:
        url = "http://" + url  # "proxy.example:3128", as many set it
    try:
        parts = urlsplit(url)
        port = parts.port or 80
    except ValueError:
        raise _Fault(f"the {scheme}_proxy setting {url!r} is not a valid URL") from None
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise _Fault(f"the {scheme}_proxy setting {url!r} is not supported (only http:// proxies are)")
    auth = None
    if parts.username is not None:
        import base64

        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        auth = "Basic " + base64.b64encode(pair).decode("ascii")
    return _Proxy(parts.hostname, port, auth)


def _tunnel(sock: socket.socket, proxy: _Proxy, host: str, port: int, limits: Limits,
            deadline_at: float, wd: _Watchdog) -> None:
    """Open a CONNECT tunnel to host:port through the proxy on sock; raise _Fault if refused."""
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}", f"User-Agent: {USER_AGENT}"]
    if proxy.auth:
        lines.append(f"Proxy-Authorization: {proxy.auth}")
    sock.settimeout(_within(limits.read_timeout, deadline_at))
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    head = b""
    while b"\r\n\r\n" not in head:
        _check_time(deadline_at, limits, wd)
        chunk = sock.recv(4096)
        if not chunk:
            raise _Fault(f"{proxy.name} closed the connection during CONNECT")
        head += chunk
        if len(head) > 65536:
            raise _Fault(f"{proxy.name} sent an oversized answer to CONNECT")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise _Fault(f"{proxy.name} gave a malformed answer to CONNECT: {_clean_reason(status_line)!r}")
    if not 200 <= int(parts[1]) < 300:
        raise _Fault(f"{proxy.name} refused the tunnel to {target}: {parts[1]} "
                     f"{_clean_reason(parts[2] if len(parts) > 2 else '')}".rstrip())
    if head.index(b"\r\n\r\n") + 4 != len(head):
        raise _Fault(f"{proxy.name} sent data before the tunnel was open")


def _ssl_context() -> ssl.SSLContext:
    """The TLS context for feeds: system trust store, hostname checked.
    (A function so the tests can trust their own certificate.)"""
    return ssl.create_default_context()


def _describe(e: BaseException | None) -> str:
    if e is None:
        return "unknown error"
    if isinstance(e, socket.timeout):
        return "timed out"
    if isinstance(e, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, http.client.IncompleteRead):
        got = len(e.partial)
        if e.expected is not None:
            return f"connection closed early: got {got} bytes, {e.expected} more were announced"
        return f"connection closed early after {got} bytes"
    if isinstance(e, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(e, http.client.HTTPException):
        return f"bad HTTP response ({type(e).__name__}: {str(e)[:80]})"
    text = str(e).replace("\n", " ").strip()
    return f"{type(e).__name__}: {text[:160]}" if text else type(e).__name__


def _clean_reason(reason: str) -> str:
    reason = "".join(c for c in (reason or "") if c.isprintable())
    return reason[:80]

"""Feed URLs: identity, credentials and redaction.

Identity (issue 15, case 13). Two spellings name the same feed when they
differ only in the case of the scheme or host (or its IDNA form), a default port (80 for http,
443 for https), an empty path ("" is "/"), a fragment, or ONE trailing slash
on a non-root path. The slash rule is for matching only: a feed is fetched
as it was written, never with a slash added or removed, because a few
servers do answer /feed and /feed/ differently; two entries that differ by
the slash alone are still taken for one feed, the first one written wins and
the user is told. ``normalize`` gives the form reader writes for new feeds
(everything above but the slash rule); ``identity`` the key used to match.

Credentials (case 11). A URL may carry ``user:password@``. The password is
never shown: ``strip_password`` removes it from a URL before it is stored
or printed, ``redact`` masks any that made their way into a message.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# scheme://user:password@  (the password is whatever runs up to the last @ of the authority)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/?#@\s:]*):([^/?#\s]*)@")


def is_web(url: str) -> bool:
    """An http or https URL with a host."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


def _netloc(parts: SplitResult) -> str:
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    if parts.username is not None:
        userinfo = parts.username
        if parts.password is not None:
            userinfo += ":" + parts.password
        host = f"{userinfo}@{host}"
    return host


def normalize(url: str) -> str:
    """The form of a web URL reader writes: scheme and host lowercase, no default port,
    "/" for an empty path, no fragment. Other URLs (local files) come back stripped."""
    url = url.strip()
    if not is_web(url):
        return url
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        return url  # an invalid port: fetch reports it; leave it as written
    return urlunsplit((parts.scheme.lower(), _netloc(parts), parts.path or "/", parts.query, ""))


def identity(url: str) -> str:
    """The key two spellings of one feed share (see the module's docstring); no password in it."""
    url = strip_password(normalize(url))
    if not is_web(url):
        return url
    parts = urlsplit(url)
    path = parts.path
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    netloc = parts.netloc
    host = parts.hostname or ""
    if not host.isascii():  # bücher.example and xn--bcher-kva.example are one host
        try:
            userinfo, at, hostport = netloc.rpartition("@")
            netloc = userinfo + at + hostport.replace(host, host.encode("idna").decode("ascii"), 1)
        except UnicodeError:
            pass
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))


def credentials(url: str) -> tuple[str | None, str | None]:
    """(username, password) written in a web URL, percent-decoded; None for each that is absent."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None, None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return None, None
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return user, password


def strip_password(url: str) -> str:
    """The URL without the password of its user:password@ part (the user name stays)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if parts.password is None:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    netloc = userinfo.split(":", 1)[0] + "@" + hostport
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def strip_userinfo(url: str) -> str:
    """The URL without any user:password@ part (what an export shares)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if parts.username is None:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def redact(text: str) -> str:
    """Mask the password of every scheme://user:password@ in a message."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}{m.group(2)}:***@", text)

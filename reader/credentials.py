"""Credentials for feeds behind HTTP Basic auth (issue 15, case 11).

A [[feeds]] entry names its user in the URL (https://user:secret@host/feed)
or with ``username``; the password is in the URL or, better, printed by
``password_command`` (a password manager: ``pass show feeds/example``).

The command is run without a shell: it is split like a shell would split
words (shlex), so quoting works, but nothing else does. A command that needs
a shell (a pipe, ``$VAR``, ``;``, ``&&``, redirection, backquotes, ``~``)
is run with ``/bin/sh -c``. Its first line of output is the password; it
gets PASSWORD_TIMEOUT seconds and no input. A failure is one line naming the
feed, never the password or the command's output.
"""

from __future__ import annotations

import shlex
import subprocess

from reader.config import FeedConfig

PASSWORD_TIMEOUT = 15.0
_SHELL_CHARS = set("|&;<>()$`\\*?[]~{}\n")


class CredentialError(Exception):
    """Why a feed's password could not be had, phrased for the user (names the feed)."""


def needs_shell(command: str) -> bool:
    return any(c in _SHELL_CHARS for c in command)


def run_password_command(command: str, *, timeout: float | None = None, name: str = "",
                         setting: str = "password_command") -> str:
    """The first line the command prints; CredentialError (naming ``name`` and ``setting``) if it fails.
    Its output is never part of a message."""
    timeout = PASSWORD_TIMEOUT if timeout is None else timeout
    what = f"{name}: " if name else ""
    if needs_shell(command):
        argv = ["/bin/sh", "-c", command]
    else:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise CredentialError(f"{what}{setting} cannot be read: {exc}") from None
    if not argv:
        raise CredentialError(f"{what}{setting} is blank")
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                              check=False)
    except FileNotFoundError:
        raise CredentialError(f"{what}{setting}: no such program {argv[0]!r}") from None
    except PermissionError:
        raise CredentialError(f"{what}{setting}: {argv[0]!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise CredentialError(f"{what}{setting} did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise CredentialError(f"{what}{setting} could not be started: {exc.strerror}") from None
    if done.returncode != 0:
        raise CredentialError(f"{what}{setting} failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise CredentialError(f"{what}{setting} printed nothing")
    return password


def feed_auth(feed: FeedConfig, *, timeout: float | None = None) -> tuple[str, str] | None:
    """(user, password) to send for this feed, or None when it has no user."""
    if not feed.username:
        return None
    if feed.password_command:
        return feed.username, run_password_command(feed.password_command, timeout=timeout, name=feed.url)
    return feed.username, feed.password

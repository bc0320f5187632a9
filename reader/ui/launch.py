"""Commands that open links and play enclosures: "[settings] opener" and "player".

A command is split with shlex and run without a shell; "%u" in it is replaced
by the URL (a command without "%u" gets the URL as its last argument). No
textual here: the screen decides whether the program gets the terminal.
"""

from __future__ import annotations

import shlex
import subprocess


class LaunchError(ValueError):
    """A command that cannot be run; the message names the setting and says why."""


WEB = ("http://", "https://")


def command_argv(template: str, url: str, setting: str = "opener") -> list[str]:
    """The command's arguments for ``url``. The URL comes from a feed: it must be a web address
    (http or https, or mailto), so it can never be read as an option ("--script=...") or a file."""
    if not url.lower().startswith(WEB + ("mailto:",)):
        raise LaunchError(f"not a web address, not handed to [settings] {setting}: {url[:200]!r}")
    try:
        parts = shlex.split(template)
    except ValueError as exc:
        raise LaunchError(f"[settings] {setting} = {template!r}: {exc}") from None
    if not parts:
        raise LaunchError(f"[settings] {setting} is empty")
    if any("%u" in part for part in parts):
        return [part.replace("%u", url) for part in parts]
    return parts + [url]


def run(argv: list[str], *, setting: str = "opener", detached: bool = False) -> str:
    """Run a command to its end; the problem as one line ("" when it ran and exited 0).

    ``detached``: no terminal for it (stdin, stdout and stderr to /dev/null), for when
    the app keeps the screen."""
    kwargs = {}
    if detached:
        kwargs = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    try:
        result = subprocess.run(argv, check=False, **kwargs)
    except FileNotFoundError:
        return f"[settings] {setting}: no program {argv[0]!r}"
    except OSError as exc:
        return f"[settings] {setting}: {argv[0]}: {exc.strerror or exc}"
    if result.returncode != 0:
        return f"[settings] {setting}: {argv[0]} exited with status {result.returncode}"
    return ""

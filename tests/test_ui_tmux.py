"""The app in a real terminal: `python -m reader` under tmux, driven by send-keys.

Skipped only where tmux is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from reader.library import make_library
from reader.locations import Locations
from tests.ui_support import DATA, ROOT, build, ui_seed  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def capture(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def wait_for(self, predicate, what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0


def launch(config, data, *, size=(120, 40), program: str = "-m reader", prefix: str = "reader-test") -> Terminal:
    """``python PROGRAM`` (the app) in a new detached tmux session of ``size``, on this config and data.

    A running tmux server starts commands with its own environment, so the variables go on
    the command line itself. COLUMNS and LINES are unset because GNU readline (imported
    under pytest) exports them as 80x24, and Textual takes them over the pane's real size.
    The pane prints READER-EXITED-<status> when the app ends."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    env = {"READER_CONFIG": str(config), "READER_DATA": str(data), "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (f"cd {shlex.quote(str(ROOT))} && unset NO_COLOR COLUMNS LINES; env {assignments} "
               f"{shlex.quote(sys.executable)} {program}; echo READER-EXITED-$?; sleep 5")
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), command],
                   check=True)
    return Terminal(name)


def close(terminal: Terminal) -> None:
    subprocess.run(["tmux", "kill-session", "-t", terminal.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path, ui_seed):
    config = tmp_path / "home" / "config.toml"
    data = tmp_path / "home" / "data"
    config.parent.mkdir(parents=True)
    feed = tmp_path / "home" / "wire.rss"
    shutil.copy(DATA / "ui_feed.rss", feed)
    config.write_text(f'[[feeds]]\nurl = "{feed}"\ntitle = "Local Wire"\n', encoding="utf-8")
    library = make_library(Locations(config_file=config, data_dir=data))
    build(library, ui_seed)
    library.close()
    term = launch(config, data)
    try:
        yield term
    finally:
        close(term)


def test_navigate_search_and_quit(terminal):
    # A capture can catch a frame half drawn: wait for all of it.
    terminal.wait_for(lambda s: all(part in s for part in ("All articles", "5 articles", "Spies exposed", "Timeline")),
                      "the first screen")
    # Analysis starts with the app; let it finish so keys are not typed ahead of a busy UI.
    terminal.wait_for(lambda s: "Analysed" in s or "Analysis stopped" in s, "the startup analysis", 60)
    terminal.send("j")
    terminal.wait_for(lambda s: "Late tomatoes and the first frost" in s.split("\n", 3)[3] and "Garden Notes" in s,
                      "the tomatoes in the reading pane")
    terminal.send("Enter")
    terminal.wait_for(lambda s: "4 unread" in s, "the article marked read")
    # "/" and the query in one send-keys call: they arrive in one burst, as from a
    # fast typist, and every key after the "/" must reach the search box (n would
    # open the next unread article, s star it, m toggle read, j and k move).
    terminal.send("/nato", "Enter")
    screen = terminal.wait_for(lambda s: "search: nato" in s and "Late tomatoes" not in s, "the search results")
    assert "Spies exposed" in screen and "★" not in screen
    terminal.send("Escape")
    terminal.wait_for(lambda s: "search:" not in s and "5 articles · 4 unread" in s, "the search cleared")
    # Keys typed right behind Enter go to the list again, not into the search box.
    terminal.send("/gru", "Enter", "j")
    terminal.wait_for(lambda s: "search: gru  │" in s, "the search for gru")
    terminal.send("Escape")
    terminal.wait_for(lambda s: "search:" not in s and "5 articles · 4 unread" in s, "the search cleared")
    terminal.send("/smjk", "Enter")
    terminal.wait_for(lambda s: "search: smjk" in s and "0 articles" in s, "a search for list keys")
    terminal.send("Escape")
    screen = terminal.wait_for(lambda s: "search:" not in s and "5 articles · 4 unread" in s, "the search cleared")
    assert "★" not in screen
    if importlib.util.find_spec("reader.ingest.refresh") is not None:
        terminal.send("r")
        terminal.wait_for(lambda s: "AUKUS pact angers France" in s, "the local feed's articles after refresh")
    terminal.send("q")
    terminal.wait_for(lambda s: "READER-EXITED-0" in s, "the app to quit")


STUB = """\
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[2:]) + "\\n")
if "--wait" in sys.argv:  # a program that uses the terminal, as lynx or mpv do
    print("STUB-PROGRAM-HAS-THE-TERMINAL " + sys.argv[-1], flush=True)
    input()
"""

LAUNCHER = """\
import sys
from tests.doc_support import attach_to_class
attach_to_class("Spies exposed")  # the store does not keep documents on this branch yet
from reader.cli import main
sys.exit(main([]))
"""


def test_open_a_link_and_play_an_enclosure(tmp_path, ui_seed):
    """L2 hands link 2 to the opener, which gets the terminal (the app is suspended) and
    gives it back; P1 hands enclosure 1 to the player. The app is intact after each."""
    from tests.doc_support import ENCLOSURES, LINKS

    home = tmp_path / "home"
    home.mkdir()
    config, data = home / "config.toml", home / "data"
    stub, calls, launcher = home / "stub.py", home / "calls.jsonl", home / "launch.py"
    stub.write_text(STUB, encoding="utf-8")
    launcher.write_text(LAUNCHER, encoding="utf-8")
    python = sys.executable
    config.write_text(f'[settings]\nimages = "off"\nopener = "{python} {stub} {calls} open --wait %u"\n'
                      f'player = "{python} {stub} {calls} play %u"\n', encoding="utf-8")
    library = make_library(Locations(config_file=config, data_dir=data))
    build(library, ui_seed)
    library.close()
    terminal = launch(config, data, program=shlex.quote(str(launcher)))
    try:
        terminal.wait_for(lambda s: "Spies in Brussels" in s and "Stoltenberg[1]" in s and "Timeline" in s,
                          "the document in the reading pane")
        terminal.wait_for(lambda s: "Analysed" in s or "Analysis stopped" in s, "the startup analysis", 60)
        terminal.send("L", "2")
        screen = terminal.wait_for(lambda s: "STUB-PROGRAM-HAS-THE-TERMINAL" in s, "the opener in the terminal")
        assert LINKS[2] in screen and "Spies in Brussels" not in screen  # the app gave the terminal up
        assert [json.loads(line) for line in calls.read_text().splitlines()] == [["open", "--wait", LINKS[2]]]
        terminal.send("Enter")  # the program ends: the app comes back as it was
        screen = terminal.wait_for(lambda s: "Spies in Brussels" in s and "Stoltenberg[1]" in s
                                   and LINKS[2] in s, "the app back, the link named in the status line")
        terminal.send("P", "1")
        terminal.wait_for(lambda s: len(calls.read_text().splitlines()) == 2, "the player to run")
        assert json.loads(calls.read_text().splitlines()[1]) == ["play", ENCLOSURES[0].url]
        terminal.wait_for(lambda s: "Spies in Brussels" in s and "♫" in s, "the app back after the player")
        terminal.send("q")
        terminal.wait_for(lambda s: "READER-EXITED-0" in s, "the app to quit")
    finally:
        close(terminal)

"""The timeline view and an entity page in a real terminal: `python -m reader` under tmux.

Skipped only where tmux is not installed.
"""

from __future__ import annotations

import shutil
import time

import pytest

from reader.library import make_library
from reader.locations import Locations
from tests.test_story_core import build_story
from tests.test_ui_tmux import close, launch
from tests.ui_support import ui_seed  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def terminal(tmp_path, ui_seed):
    config = tmp_path / "home" / "config.toml"
    data = tmp_path / "home" / "data"
    config.parent.mkdir(parents=True)
    config.write_text("", encoding="utf-8")
    library = make_library(Locations(config_file=config, data_dir=data))
    build_story(library, ui_seed)
    library.close()
    term = launch(config, data, size=(100, 32), prefix="reader-story")
    try:
        yield term
    finally:
        close(term)


@pytest.fixture
def samples_terminal(tmp_path):
    """The app as a first launch shows it: no config file, an empty cache, the bundled samples."""
    term = launch(tmp_path / "home" / "config.toml", tmp_path / "home" / "data", size=(100, 32),
                  prefix="reader-story")
    try:
        yield term
    finally:
        close(term)


def test_seed_timeline_on_the_bundled_samples_in_tmux(samples_terminal):
    """On the samples alone, the seed's timeline view places the Vrbetice blasts of October
    2014 (from the Czech report of the April 2021 expulsions) and the 2021 expulsions on one
    axis, with the seed's own date marked."""
    term = samples_terminal
    term.wait_for(lambda s: "Spies exposed" in s and "Timeline" in s, "the first screen", 60)
    # T at once, while the first analysis runs: the view fills in when it is done.
    term.send("T")
    term.wait_for(lambda s: "Timeline of Spies exposed" in s, "the timeline view")
    screen = term.wait_for(lambda s: "This article and related ones" in s, "the analysed timeline", 120)
    # the axis runs from the NATO-Russia Council's founding (2002) past the seed's 2021
    assert "◆" in screen and "2014" in screen and "2022" in screen
    seen = []  # the screen at each event, stepping from the oldest with →
    for _ in range(14):
        seen.append(term.capture())
        term.send("Right")
        time.sleep(0.3)
    text = "\n".join(seen)
    assert "Oct 2014: " in text and "ammunition" in text and "Czech Republic expels 18" in text
    assert "Apr 2021: " in text and "6 Oct 2021: " in text
    term.send("Escape")
    term.wait_for(lambda s: "All articles" in s, "the main screen")
    term.send("Q")
    term.wait_for(lambda s: "READER-EXITED-0" in s, "the app to quit")


def test_timeline_view_and_entity_page_in_tmux(terminal):
    terminal.wait_for(lambda s: "Spies exposed" in s and "Timeline" in s, "the first screen")
    terminal.wait_for(lambda s: "Analysed" in s or "Analysis stopped" in s, "the startup analysis", 60)
    # The seed's timeline: the 2014 blasts (a related article) and the 2021 expulsions on one axis.
    terminal.send("T")
    screen = terminal.wait_for(lambda s: "This article and related ones" in s and "2014" in s, "the timeline view")
    axis = screen.splitlines()
    labels = next(i for i, line in enumerate(axis) if "2015" in line and "2021" in line)
    marks = axis[labels - 2]  # marks, the axis line, then the labels
    assert "●" in marks[: axis[labels].index("2015")]  # 2014: before the 2015 tick
    assert "◆" in axis[labels - 1]  # the article's own date
    terminal.send("Home")
    terminal.wait_for(lambda s: "Two blasts destroyed" in s and "What happened at Vrbetice" in s, "the 2014 blasts")
    terminal.send("End")
    terminal.send("Left")
    terminal.wait_for(lambda s: "Apr 2021" in s and "expel" in s, "the April 2021 expulsions")
    terminal.send("Escape")
    terminal.wait_for(lambda s: "All articles" in s, "the main screen")
    # The page of the seed's first name (Stoltenberg): the mentions chart, the names it comes
    # with, its articles. (The app analysed the articles again with the models at startup.)
    terminal.send("e")
    terminal.wait_for(lambda s: "Stoltenberg" in s.splitlines()[-3] and "(person)" in s, "the first name highlighted")
    terminal.send("Enter")
    screen = terminal.wait_for(lambda s: "Often with" in s and "Articles, newest first" in s and "Spies" in s,
                               "the entity page")
    assert screen.splitlines()[0].strip().startswith("Jens Stoltenberg · person ·")
    assert "Mentions per week" in screen and "█" in screen
    assert "NATO" in screen and "Spies exposed in Brussels" in screen
    terminal.send("q")
    terminal.wait_for(lambda s: "All articles" in s, "back on the main screen")
    terminal.send("Q")  # q would go back one level (the current name); Q quits at once
    terminal.wait_for(lambda s: "READER-EXITED-0" in s, "the app to quit")

"""Shared fixtures: every test gets its own config file and cache under tmp_path."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.library import Library, make_library
from reader.locations import Locations

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Never read or write the real user's config or cache."""
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("READER_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The app shows times in the local zone: the tests' is UTC, whatever the machine's.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # images = "auto" draws nothing in tests: a document's images are on example.org, never fetched.
    # (Tests of images set images = "blocks" and serve them from 127.0.0.1.)
    monkeypatch.setattr("reader.ui.widgets.reading.AUTO_IMAGES", "off")
    # ... and the tests run in kitty or Ghostty as anywhere else (auto would draw kitty graphics there).
    monkeypatch.delenv("KITTY_WINDOW_ID", raising=False)
    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    if os.environ.get("TERM") in ("xterm-kitty", "xterm-ghostty"):
        monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def locations(tmp_path) -> Locations:
    return Locations(config_file=tmp_path / "config" / "config.toml", data_dir=tmp_path / "data")


@pytest.fixture
def library(locations) -> Library:
    """An empty library with an (empty) config file of its own."""
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("# test config\n")
    lib = make_library(locations)
    yield lib
    lib.close()


@pytest.fixture
def seed_file(tmp_path) -> Path:
    """The seed article with its Date header, as sample_feeds ships it."""
    path = tmp_path / "articles" / "seed.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The bundled copy: the seed article with Date and Source headers (test_sample_feeds
    # checks it is the seed verbatim), so this fixture does not need shared/.
    path.write_text((SAMPLES / "000_nato_russia_spies.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return path

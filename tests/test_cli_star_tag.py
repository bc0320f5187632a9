"""reader star / unstar / tag for scripts, and the search finds what they set (issue 17 item 12)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.library import make_library
from tests.ui_support import build, by_prefix, ui_seed  # noqa: F401 (fixture)


def reader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def stored(locations, ui_seed):
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("")
    library = make_library(locations)
    ids = build(library, ui_seed, analyse=False)
    library.close()
    return ids


def search(query: str) -> list[str]:
    done = reader("search", query, "--limit", "50")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_star_and_unstar_are_searchable(stored):
    tomatoes = by_prefix(stored, "Late tomatoes")
    assert "Late tomatoes" not in search("starred")
    done = reader("star", str(tomatoes))
    assert done.returncode == 0 and "Starred 1 article." in done.stdout
    assert "Late tomatoes" in search("starred")
    assert "Late tomatoes" in search("is:starred frost")
    done = reader("unstar", str(tomatoes))
    assert done.returncode == 0
    assert "Late tomatoes" not in search("starred")


def test_star_refuses_unknown_ids_and_changes_nothing(stored):
    tomatoes = by_prefix(stored, "Late tomatoes")
    done = reader("star", str(tomatoes), "99999")
    assert done.returncode == 1 and "no article 99999" in done.stderr
    assert "Late tomatoes" not in search("starred")


def test_tag_an_article_and_find_it(stored):
    tomatoes = by_prefix(stored, "Late tomatoes")
    done = reader("tag", str(tomatoes), "later", "garden")
    assert done.returncode == 0 and "#garden #later" in done.stdout
    found = search("tag:later")
    assert "Late tomatoes" in found and "Spies" not in found
    done = reader("tag", str(tomatoes), "later", "--remove")
    assert done.returncode == 0 and "#garden." in done.stdout
    assert "Late tomatoes" not in search("tag:later")
    assert "Late tomatoes" in search("tag:garden")
    done = reader("tag", "99999", "x")
    assert done.returncode == 1 and "no article 99999" in done.stderr

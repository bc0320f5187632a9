"""A small, fixed cache for the app's tests: the seed article, a few articles
from tests/data/ui_articles, and a hand-made analysis (so the highlights and
timelines do not depend on the models, whose output may change).
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.model import EntityInfo, Event, Span, Timex

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_cd2b639b69759d49.txt"


def seed_source() -> Path:
    """The seed article: ../shared from the main checkout, ../../shared from a worktree."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "seeds" / SEED_NAME
        if path.exists():
            return path
    pytest.skip(f"the seed article {SEED_NAME} is not in ../shared/seeds")


@pytest.fixture
def ui_seed(tmp_path) -> Path:
    """The seed article with its Date header, in a folder of its own."""
    path = tmp_path / "articles" / "seed.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Date: 2021-10-06\nSource: Seed\n\n" + seed_source().read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


NOW = datetime(2021, 10, 7, 9, 0, tzinfo=timezone.utc)

SEED_NAMES = {
    "Jens Stoltenberg": "PERSON", "Stoltenberg": "PERSON", "Sergei Lavrov": "PERSON",
    "NATO": "ORG", "GRU": "ORG", "Brussels": "PLACE", "Moscow": "PLACE", "Czech Republic": "PLACE",
}
SEED_DATES = {"Wednesday": "2021-10-06", "In April": "2021-04", "in 2018": "2018"}
CANONICAL = {"Stoltenberg": "Jens Stoltenberg"}


def sentence_of(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    end = text.index(".", at) + 1
    return start, end


def analyse_by_hand(library, article_id: int, names: dict[str, str], dates: dict[str, str]) -> None:
    article = library.article(article_id)
    text = article.text
    spans, seen, taken = [], {}, []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            canonical = CANONICAL.get(name, name)
            spans.append(Span(match.start(), match.end(), names[name], name, canonical))
            seen[canonical] = names[name]
    spans.sort(key=lambda s: s.start)
    timexes, events = [], []
    for phrase, value in dates.items():
        at = text.find(phrase)
        if at < 0:
            continue
        timexes.append(Timex(at, at + len(phrase), phrase, value))
        start, end = sentence_of(text, phrase)
        display = {"2021-10-06": "6 Oct 2021", "2021-04": "Apr 2021", "2018": "2018"}.get(value, value)
        inside = sorted({s.name for s in spans if start <= s.start < end})
        events.append(Event(value, "", display, text[start:end], inside, start, end))
    infos = [EntityInfo(name, label, sum(1 for s in spans if s.name == name), 1.0 / (i + 1))
             for i, (name, label) in enumerate(seen.items())]
    library.store.save_analysis([(article_id, "hand-made", spans, timexes, infos, events)])


def build(library, seed_file: Path, *, analyse: bool = True, extra: list[Path] = ()) -> dict[str, int]:
    """Ingest the seed and tests/data/ui_articles; returns {title prefix: id}."""
    folder = seed_file.parent
    for path in sorted((DATA / "ui_articles").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for path in extra:
        shutil.copy(path, folder / path.name)
    reports = library.ingest_paths([folder])
    assert all(r.ok for r in reports), [r.message for r in reports]
    ids = {}
    for row in library.list_articles("", limit=100):
        ids[row.title] = row.id
    if analyse:
        seed_id = next(i for t, i in ids.items() if t.startswith("Spies exposed"))
        analyse_by_hand(library, seed_id, SEED_NAMES, SEED_DATES)
        czech = next(i for t, i in ids.items() if t.startswith("Czech Republic"))
        analyse_by_hand(library, czech, {"Czech Republic": "PLACE", "Moscow": "PLACE", "GRU": "ORG",
                                          "NATO": "ORG"}, {"April 2021": "2021-04"})
    return ids


def by_prefix(ids: dict[str, int], prefix: str) -> int:
    return next(i for t, i in ids.items() if t.startswith(prefix))

"""The benchmark harness (bench/) runs end to end on tiny sizes, so it cannot rot.

No times are asserted: benchmarks are not tests. These check that every
section produces its rows, and that a generated cache holds what it says.
"""

from __future__ import annotations

import json

import pytest

from bench import corpus, measure
from bench.__main__ import table
from bench.cache import get_cache


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory):
    return get_cache(200, seed=3, out=tmp_path_factory.mktemp("bench-out"))


def test_known_entities_are_in_the_text_with_salience():
    d = next(corpus.articles(1, seed=5))
    spans, infos = corpus.known_entities(d)
    assert spans and infos
    for start, end, label, text, _name in spans:
        assert d["text"][start:end] == text and label in ("PERSON", "ORG", "PLACE")
    saliences = [s for *_rest, s in infos]
    assert saliences == sorted(saliences, reverse=True) and all(0 <= s <= 1 for s in saliences)
    assert not any(name.startswith("the ") for name, *_ in infos)


def test_cache_is_built_once_then_reused(tiny_cache, tmp_path):
    assert not tiny_cache.reused
    again = get_cache(200, seed=3, out=tiny_cache.root.parent)
    assert again.reused and again.root == tiny_cache.root
    library = again.library()
    try:
        assert library.count() == 200
        assert library.pending_analysis() == 0  # the app would not start analysing
        assert library.tags()  # tag: filters have something to find
        linked = library.store.db.execute("SELECT count(DISTINCT article_id) FROM related").fetchone()[0]
        assert linked > 100
    finally:
        library.close()


def test_search_and_related_sections(tiny_cache):
    rows, notes = measure.search(tiny_cache, repeats=1)
    assert len(rows) == 3 and rows[0]["n"] == len(measure.search_queries()) == 20
    assert rows[0]["p95"] is not None and notes
    rows, notes = measure.related(tiny_cache, count=5, repeats=1)
    assert rows[0]["n"] == 5 and rows[0]["median"] is not None


def test_reading_section(tiny_cache):
    rows, notes = measure.reading(tiny_cache, count=3, repeats=1)
    assert [r["section"] for r in rows] == ["reading"]
    assert rows[0]["n"] == 3 and rows[0]["median"] > 0 and rows[0]["baseline"] > 0
    assert "ReadingPane.show" in notes[0]


def test_analysis_section():
    rows, notes = measure.analysis(count=3, repeats=1)
    assert {r["unit"] for r in rows} == {"tok/s", "art/s"}
    assert all(r["median"] > 0 for r in rows)


def test_refresh_section(tmp_path):
    rows, notes = measure.refresh(tmp_path, feeds=3, items=5, repeats=1)
    assert rows and notes
    if rows[0]["median"] is None:
        pytest.skip(rows[0]["baseline_name"])
    stored = next(r for r in rows if "stored" in r["figure"] and "analysed" not in r["figure"])
    assert stored["n"] == 1 and stored["median"] > 0


def test_startup_section(tiny_cache):
    rows, notes = measure.startup(tiny_cache, tiny_cache, repeats=1)
    assert {r["section"] for r in rows} == {"startup", "memory"}
    assert all(r["median"] > 0 for r in rows)


def test_table_and_json():
    rows = [measure.row("search", "x", "ms", [1.0, 2.0, 30.0], baseline=1.0, target="p95 < 50 ms", met=True, p95=True)]
    text = table(rows)
    assert "p95 < 50 ms ✓" in text and "2.00x" in text
    json.dumps(rows)


def test_ab_runs_each_checkout_and_the_minimal_app(tiny_cache):
    from bench import ab

    result = ab.run([measure.ROOT], tiny_cache, rounds=1)
    assert set(result) == {str(measure.ROOT), "minimal app"}
    assert all(wall > 0 and cpu > 0 for wall, cpu in result.values())


def test_opml_section():
    from bench.bench_opml import opml

    rows, notes = opml(count=50, repeats=1, old_count=5)
    assert [r["section"] for r in rows] == ["opml", "opml"]
    assert rows[0]["n"] == 1 and rows[0]["median"] > 0 and rows[0]["target"] == "< 5 s"
    assert "50 outlines" in notes[0]


def test_fulltext_section_stores_the_own_pages_through_a_full_text_feed():
    from bench import fulltext

    pages = fulltext.own_pages()
    assert len(pages) == 15
    q = fulltext.quality(pages)
    assert q["stored"] == 1.0 and q["failures"] == []
    assert q["mean_f1"] > 0.9  # the boilerplate (nav, comments, footer) is not in the stored text
    r = fulltext.refresh_200(pages, 5)
    assert r["new"] == 5 and r["full_text"] == 5 and r["peak_mb"] > 0


def test_entity_section(tiny_cache):
    from bench.bench_entity import entity

    rows, notes = entity(tiny_cache, repeats=1)
    assert [r["section"] for r in rows] == ["entity", "entity", "entity"]
    assert rows[0]["n"] > 5 and rows[0]["median"] > 0 and rows[1]["median"] > 0
    assert "SEARCH" in notes[0] and "SCAN" not in notes[0]  # the page's queries are index searches


def test_scale_prints_each_figure_per_size_with_its_ratio(tmp_path, capsys):
    from bench import scale

    assert scale.main(["--size", "40", "--size", "80", "--next", "10", "--startup-runs", "1",
                       "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    assert "| 40 " in lines[0] and "ratio 80" in lines[0]
    assert len(lines) == 1 + len(scale.FIGURES)
    for line in lines[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[-1].endswith("x"), line  # every figure measured at both sizes, with its ratio
    assert "retention on the 80-article copy" in out
    assert not list(tmp_path.glob("work-*"))  # the working copies are gone


def test_linkcost_prints_a_row_per_size(tmp_path, capsys):
    from bench import linkcost

    assert linkcost.main(["--size", "60", "--size", "120", "--articles", "20", "--out", str(tmp_path)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split("|")[1].strip() for row in rows] == ["60", "120"]
    mentions = [float(row.split("|")[4].replace(",", "")) for row in rows]
    assert all(m > 0 for m in mentions)  # the generated articles share names: plans read mentions


def test_writes_names_the_pages_new_articles_write(tmp_path, capsys):
    """The WAL's frames after analysing new articles, named by table: their links are stored once,
    by the new article (a page or so of related), and the links found to older articles go to
    the index on (other_id, score, shared)."""
    from bench import writes

    r = writes.measure(600, 20, tmp_path, log=lambda msg: None, warm=20)
    assert r["frames"] >= r["pages"] > 0
    # Under a page an article for its own links (60 rows side by side); many for the index.
    assert 0 < r["by_name"]["related"] < 20 and r["by_name"]["related_other"] > 3 * r["by_name"]["related"]
    assert not list(tmp_path.glob("writes-*"))  # the working copy is gone
    assert writes.main(["--size", "150", "--articles", "20", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("| 150 |") and lines[-3].startswith("| cache | WAL frames an article |")


def test_relink_prints_a_row_per_size_and_leaves_the_cache_as_built(tmp_path, capsys):
    from bench import relink

    assert relink.main(["--size", "80", "--out", str(tmp_path)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[0] == "80" and int(cells[2].replace(",", "")) > 0 and cells[-1].endswith("x")
    assert not list(tmp_path.glob("relink-*"))  # the working copy is gone

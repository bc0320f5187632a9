"""Library.relink: every related link and story again, in bulk, on every core.

What it promises: each analysed article finds its links as when it is
analysed (plan_links, the planning half of link_article) and stores them;
reading an article's related articles gives the MAX_LINKS best of the links
it found and the links found to it, each with the score its finder gave (the
higher where both found each other); stories
are the connected groups of story partners, the groups that linking one by
one (link_article, whatever the order) keeps.
The cache is made of generated articles (bench.corpus) whose entities repeat
enough that lists overflow MAX_LINKS, and that same-day versions form stories.
"""

from __future__ import annotations

import sqlite3

import pytest

from bench import corpus
from reader.model import ArticleIn, EntityInfo, Span
from reader.store.linktable import LinkTable
from reader.store.related import MAX_LINKS, link_article, plan_links

COUNT = 600


@pytest.fixture
def analysed(library):
    """COUNT generated articles with the generator's entities, saved without links."""
    store = library.store
    feeds: dict[str, int] = {}
    analyses = []
    for d in corpus.articles(COUNT, 5):
        feed = feeds.get(d["source"]) or feeds.setdefault(d["source"], store.feed_id(f"https://{d['source']}.test/feed"))
        store.store_articles(feed, [ArticleIn(key=d["key"], title=d["title"], text=d["text"], url=d["url"],
                                              published=d["published"])])
        analyses.append((feed, d["key"], corpus.known_entities(d)))
    batch = []
    for feed, key, (spans, infos) in analyses:
        article_id = store.db.execute("SELECT id FROM articles WHERE feed_id = ? AND key = ?", (feed, key)).fetchone()[0]
        batch.append((article_id, "test", [Span(*s) for s in spans], [], [EntityInfo(*i) for i in infos], []))
    store.save_analysis(batch, link=False)
    return library


def tables(store) -> tuple[list, list, list]:
    related = store.db.execute("SELECT article_id, other_id, score, shared FROM related ORDER BY 1, 2").fetchall()
    partners = store.db.execute("SELECT article_id, partner FROM story_partners ORDER BY 1").fetchall()
    stories = store.db.execute("SELECT article_id, story_id FROM stories ORDER BY 1").fetchall()
    return related, partners, stories


def expected_plans(store) -> dict[int, list[tuple[float, int, str]]]:
    return {article_id: plan_links(store.db, article_id).links for article_id in store.analysed_ids()}


def stored(found: dict[int, list[tuple[float, int, str]]]) -> list[tuple]:
    """What the related table holds: every article's plan, once."""
    return sorted((article_id, other, score, shared) for article_id, links in found.items()
                  for score, other, shared in links)


def one_by_one(store) -> tuple[list, list]:
    """Stories and partners as linking every analysed article one by one leaves them."""
    with store.transaction() as db:
        for name in ("related", "story_partners", "stories"):
            db.execute(f"DELETE FROM {name}")
        for article_id in store.analysed_ids():
            link_article(db, article_id)
    _related, partners, stories = tables(store)
    return partners, stories


def test_relink_keeps_each_article_s_best_found_and_given_links(analysed):
    store = analysed.store
    partners, stories = one_by_one(store)
    plans = expected_plans(store)
    links = stored(plans)
    assert tables(store)[0] == links  # linking one by one stores the same rows
    # The case is not trivial: lists overflowed and were cut, articles found each other, stories formed.
    best = plain_best(plans)
    per_article: dict[int, int] = {}
    for article_id, *_ in best:
        per_article[article_id] = per_article.get(article_id, 0) + 1
    assert max(per_article.values()) == MAX_LINKS
    assert len(links) > 20_000
    assert len(best) > len(links) // 2
    assert len({story for _a, story in stories}) >= 5
    assert_read_as_the_rule(store, best)

    with store.transaction() as db:  # start from something else: relink replaces it all
        db.execute("DELETE FROM related WHERE article_id % 3 = 0")
        db.execute("INSERT OR REPLACE INTO stories VALUES (1, 2)")
        db.execute("INSERT OR REPLACE INTO story_partners VALUES (1, 2)")
    assert analysed.relink(workers=1) == COUNT
    assert tables(store) == (links, partners, stories)
    assert_read_as_the_rule(store, best)


def assert_read_as_the_rule(store, best: list[tuple]) -> None:
    """Store.related_articles gives each article the rule's links (ties at the cut aside: the
    same scores, and every link with the score the rule gives it)."""
    rule: dict[int, dict[int, float]] = {}
    for article_id, other, score, _shared in best:
        rule.setdefault(article_id, {})[other] = score
    found_to_many = 0
    for article_id in store.analysed_ids():
        read = store.related_articles(article_id, MAX_LINKS)
        mine = rule.get(article_id, {})
        assert sorted((score for _row, score, _n in read), reverse=True) == sorted(mine.values(), reverse=True)
        for row, score, _names in read:
            assert mine.get(row.id, score) == score, (article_id, row.id)
        assert [score for _row, score, _n in read] == sorted((score for _row, score, _n in read), reverse=True)
        found_to_many += len(read) == MAX_LINKS
    assert found_to_many > 10


def test_relink_on_worker_processes_gives_the_same_tables(analysed):
    assert analysed.relink(workers=1) == COUNT
    expected = tables(analysed.store)
    seen = []
    assert analysed.relink(workers=2, chunk=100, on_progress=lambda done, total: seen.append((done, total))) == COUNT
    assert tables(analysed.store) == expected
    assert seen[-1] == (COUNT, COUNT) and len(seen) == COUNT // 100


def test_stories_are_the_groups_of_partners_whatever_the_linking_order(library):
    """Random story partners, changed again and again, through link_article's SQL path:
    the stories are always the connected groups, named by their smallest id."""
    import random

    from reader.store.related import Plan, write_plan

    store = library.store
    feed = store.feed_id("https://one.test/feed")
    store.store_articles(feed, [ArticleIn(key=str(n), title=f"Article {n}", text="Text.") for n in range(90)])
    ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
    rng = random.Random(7)
    table = LinkTable()
    partner: dict[int, int] = {}
    with store.transaction() as db:
        for _step in range(600):
            article_id = rng.choice(ids)
            other = rng.choice([i for i in ids if i != article_id]) if rng.random() < 0.5 else None
            write_plan(db, article_id, Plan([], other))
            if other is None:
                partner.pop(article_id, None)
            else:
                partner[article_id] = other
    table.add_many([(article_id, Plan([], other)) for article_id, other in partner.items()])
    _related, partners, stories = tables(store)
    assert partners == table.partner_rows() == sorted(partner.items())
    assert stories == table.story_rows()
    assert len({story for _a, story in stories}) >= 3


def test_relink_of_an_empty_cache(library):
    assert library.relink() == 0
    assert tables(library.store) == ([], [], [])


@pytest.fixture
def samples(tmp_path):
    from reader.library import make_library
    from reader.locations import Locations

    lib = make_library(Locations(config_file=tmp_path / "none.toml", data_dir=tmp_path / "samples"))
    assert lib.load_samples_if_empty()
    yield lib
    lib.close()


def test_a_backlog_is_linked_at_once_at_the_end(samples, monkeypatch):
    """Most of the cache waiting (a first import, new analysers): the batches are saved without
    links, and every article is linked at the end, as relink links them."""
    import reader.analysis_runs

    monkeypatch.setattr(reader.analysis_runs, "RELINK_BACKLOG", 20)
    saved = []
    save = samples.store.save_analysis
    monkeypatch.setattr(samples.store, "save_analysis", lambda results, **kw: (saved.append(kw), save(results, **kw)))
    relinked = []
    assert samples.analyse_pending(batch=10, workers=1, on_relink=lambda d, t: relinked.append((d, t))) == 61
    assert saved and all(kw == {"link": False} for kw in saved)
    assert relinked[-1] == (61, 61)
    assert samples.get_state(reader.analysis_runs.LINKS_DUE) == "0"
    after = tables(samples.store)
    assert len(after[0]) > 500 and after[2]  # links and stories
    samples.relink(workers=1)
    assert tables(samples.store) == after


def test_a_backlog_stopped_half_way_is_linked_next_time(samples, monkeypatch):
    import threading

    import reader.analysis_runs


    monkeypatch.setattr(reader.analysis_runs, "RELINK_BACKLOG", 20)
    cancel = threading.Event()
    done = samples.analyse_pending(batch=10, workers=1, cancel=cancel,
                                   on_progress=lambda d, t, ids: cancel.set() if d >= 20 else None)
    assert 20 <= done < 61
    assert samples.get_state(reader.analysis_runs.LINKS_DUE) == "1"
    assert tables(samples.store)[0] == []  # nothing linked yet
    # The rest is below the backlog, but the links are still due: linked at the end all the same.
    assert samples.analyse_pending(batch=10, workers=1) == 61 - done
    assert samples.get_state(reader.analysis_runs.LINKS_DUE) == "0"
    after = tables(samples.store)
    samples.relink(workers=1)
    assert tables(samples.store) == after and after[0]
    # Nothing pending and nothing due: nothing to do.
    assert samples.analyse_pending(workers=1) == 0


def test_a_few_new_articles_are_linked_as_they_are_analysed(samples, monkeypatch):
    import reader.analysis_runs

    saved = []
    save = samples.store.save_analysis
    monkeypatch.setattr(samples.store, "save_analysis", lambda results, **kw: (saved.append(kw), save(results, **kw)))
    samples.analyse_pending(workers=1)  # 61 articles: below RELINK_BACKLOG
    assert saved and all(kw == {"link": True} for kw in saved)
    assert samples.get_state(reader.analysis_runs.LINKS_DUE) is None


def test_links_made_by_another_linking_version_are_redone(samples):
    import reader.analysis_runs
    from reader.store.related import VERSION

    samples.analyse_pending(workers=1)
    assert samples.get_state(reader.analysis_runs.LINKS_VERSION_KEY) == VERSION
    linked = tables(samples.store)
    assert linked[0]
    # a cache linked by an older reader: stale links, nothing left to analyse
    samples.set_state(reader.analysis_runs.LINKS_VERSION_KEY, "old")
    samples.store.db.execute("UPDATE related SET score = 0.001")
    assert samples.analyse_pending(workers=1) == 0
    assert samples.get_state(reader.analysis_runs.LINKS_VERSION_KEY) == VERSION
    redone = tables(samples.store)
    assert len(redone[0]) > 500 and all(score != 0.001 for _a, _o, score, _s in redone[0])
    samples.relink(workers=1)
    assert tables(samples.store) == redone  # all linked anew, as relink links them


def plain_best(found: dict[int, list[tuple[float, int, str]]]) -> list[tuple]:
    """The rule of Store.related_articles, with everything in memory: each article's MAX_LINKS
    best of the links it found and those found to it, each with its finder's score (the higher
    where both found each other)."""
    candidates: dict[int, dict[int, tuple[float, str]]] = {}
    for article_id, links in found.items():
        for score, other, shared in links:
            for side, far in ((article_id, other), (other, article_id)):
                mine = candidates.setdefault(side, {})
                if score > mine.get(far, (-1.0, ""))[0]:
                    mine[far] = (score, shared)
    rows = []
    for article_id, mine in candidates.items():
        ranked = sorted(mine.items(), key=lambda item: (-item[1][0], item[0]))[:MAX_LINKS]
        rows += [(article_id, other, score, shared) for other, (score, shared) in ranked]
    return sorted(rows)


def test_the_spooled_table_gives_back_every_plan_in_order(tmp_path):
    """Random plans with ties, articles that found each other with different scores, and
    articles that found nothing."""
    import random

    from reader.store.related import Plan

    rng = random.Random(11)
    found: dict[int, list[tuple[float, int, str]]] = {}
    with LinkTable(tmp_path) as table:
        for start in range(1, 400, 50):
            plans = []
            for article_id in range(start, start + 50):
                others = rng.sample([n for n in range(1, 600) if n != article_id], rng.randint(0, MAX_LINKS))
                links = [(rng.choice([0.25, 0.5, rng.random()]), other, f'["n{other % 7}"]') for other in others]
                found[article_id] = links
                plans.append((article_id, Plan(links, None)))
            plans.append((start + 1000, None))  # not planned: neither found nor kept
            table.add_many(plans)
        assert list(table.path.parent.glob(".relink-*")) == [table.path]
        rows = list(table.related_rows())
    assert rows == stored(found)
    assert not any(article_id > 400 for article_id, *_ in rows)  # not planned: nothing stored
    assert list(tmp_path.iterdir()) == []  # the scratch file is gone


def test_the_links_found_are_not_held_in_memory(tmp_path):
    """300,000 links through the table: the Python memory it takes stays a small part of what
    holding the same links as tuples takes (the old table held them all: 12 GB at a million
    articles)."""
    import tracemalloc

    from reader.store.related import Plan

    def chunk(start: int) -> list:
        return [(a, Plan([(1.0 / (1 + (a * o) % 97), o, '["NATO"]') for o in range(a + 1, a + 61)], None))
                for a in range(start, start + 500)]

    tracemalloc.start()
    try:
        held = [chunk(start) for start in range(1, 5001, 500)]
        in_memory = tracemalloc.get_traced_memory()[0]
        del held
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        with LinkTable(tmp_path) as table:
            for start in range(1, 5001, 500):
                table.add_many(chunk(start))
            rows = sum(1 for _ in table.related_rows())
        spooled = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert rows >= 5000 * MAX_LINKS // 2
    assert spooled < in_memory / 4, (spooled, in_memory)


def test_a_stopped_relink_leaves_the_links_and_no_scratch_file(analysed):
    import threading

    store = analysed.store
    assert analysed.relink(workers=1) == COUNT
    before = tables(store)
    cancel = threading.Event()
    assert analysed.relink(workers=1, chunk=100, cancel=cancel,
                           on_progress=lambda done, total: cancel.set() if done >= 300 else None) == 0
    assert tables(store) == before
    assert list(store.path.parent.glob(".relink-*")) == []


def test_a_relink_that_fails_to_write_leaves_the_links_and_no_scratch_file(analysed, monkeypatch):
    store = analysed.store
    assert analysed.relink(workers=1) == COUNT
    before = tables(store)
    seen = []

    def failing(related, *args, **kw):
        seen.append(sum(1 for _ in related))  # the spooled links were there to write
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "replace_links", failing)
    with pytest.raises(sqlite3.OperationalError):
        analysed.relink(workers=1)
    assert seen == [len(before[0])]
    monkeypatch.undo()
    assert tables(store) == before
    assert list(store.path.parent.glob(".relink-*")) == []


def test_replacing_the_links_sorts_on_disk_and_then_keeps_memory_for_temporary_data(analysed, monkeypatch):
    """The index over every link is built with temporary files (a million articles' links sorted in
    memory took gigabytes); the connection's setting is back after, whether the write worked or not."""
    store = analysed.store
    seen = []
    replace = store._replace_links

    def spy(*args):
        seen.append(store.db.execute("PRAGMA temp_store").fetchone()[0])
        return replace(*args)

    monkeypatch.setattr(store, "_replace_links", spy)
    assert analysed.relink(workers=1) == COUNT
    assert seen == [1]  # FILE
    assert store.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY again
    links = tables(store)

    def failing(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_replace_links", failing)
    with pytest.raises(sqlite3.OperationalError):
        analysed.relink(workers=1)
    assert store.db.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert tables(store) == links


def test_a_killed_relink_s_scratch_file_is_removed_by_the_next_but_not_one_in_use(tmp_path):
    """A relink killed before its end leaves its scratch file (gigabytes at a million articles):
    the next relink removes it, and never the file of a relink running in another process."""
    import subprocess
    import sys

    from reader.store.linktable import remove_stale_spools
    from reader.store.related import Plan

    stale = tmp_path / ".relink-killed.sqlite"
    stale.write_bytes(b"x" * 1000)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path\n"
         "from reader.store.linktable import LinkTable\nfrom reader.store.related import Plan\n"
         f"t = LinkTable(Path({str(tmp_path)!r})); t.add_many([(1, Plan([(0.5, 2, '[]')], None))])\n"
         "print(t.path.name, flush=True); sys.stdin.read(); t.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        in_use = tmp_path / holder.stdout.readline().strip()
        assert in_use.exists() and not stale.exists()  # the other process's relink removed the stale one
        stale.write_bytes(b"x" * 1000)
        assert remove_stale_spools(tmp_path) == [stale]
        assert in_use.exists()
        with LinkTable(tmp_path) as table:
            table.add_many([(1, Plan([(0.5, 2, "[]")], None))])
            assert sorted(tmp_path.iterdir()) == sorted([in_use, table.path])
            assert list(table.related_rows()) == [(1, 2, 0.5, "[]")]
    finally:
        holder.communicate("")
    assert list(tmp_path.iterdir()) == []


def test_writing_the_links_is_reported_after_planning_them(analysed, monkeypatch):
    """Writing a big relink's links is most of its time (18 of 29 minutes at a million articles):
    it is reported on its own, after planning, up to every article."""
    import reader.store.linktable as linktable

    monkeypatch.setattr(linktable, "REPORT_EVERY", 100)
    seen = []
    assert analysed.relink(workers=1, chunk=100, on_progress=lambda d, t: seen.append(("plan", d, t)),
                           on_writing=lambda d, t: seen.append(("write", d, t))) == COUNT
    phases = [phase for phase, _d, _t in seen]
    assert phases == sorted(phases)  # every "plan" before the first "write"
    writing = [(d, t) for phase, d, t in seen if phase == "write"]
    assert len(writing) >= 4 and writing[-1] == (COUNT, COUNT)
    assert [d for d, _t in writing] == sorted(d for d, _t in writing)

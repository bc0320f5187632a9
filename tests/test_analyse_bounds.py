"""Analysis is bounded per article (issue 15, case 6): a 5 MB article is stored and searched whole,
but its names, dates and events come from its first analyse.MAX_CHARS characters, with offsets
that are valid in the whole text. (How long that takes is bench's to measure, not a test's.)"""

from datetime import datetime, timezone

import pytest

from reader.nlp import analyse as analysis
from reader.nlp.analyse import MAX_CHARS, analyse, analysed_length

WHEN = datetime(2021, 10, 6, 12, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> str:
    """About 4.9 MB of news text: the seed article's paragraphs again and again (names and dates
    all the way to the end), and one word found only in the last paragraph."""
    from tests.conftest import SAMPLES

    seed = (SAMPLES / "000_nato_russia_spies.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    copies = 4_900_000 // (len(seed) + 2)
    return "\n\n".join([seed] * copies) + "\n\nThe last paragraph mentions Zanzibarquux in Lisbon on Friday."


def test_cut_falls_on_a_paragraph_break_before_the_cap():
    text = ("word " * 30 + "\n\n") * 10_000  # paragraphs of 152 characters
    n = analysed_length(text)
    assert MAX_CHARS // 2 < n <= MAX_CHARS and text[n:n + 2] == "\n\n"
    assert analysed_length("short text") == len("short text")
    one_line = "x" * (MAX_CHARS * 3)  # no break anywhere: cut at the cap itself
    assert analysed_length(one_line) == MAX_CHARS
    sentences = "A sentence ends here. " * 20_000
    assert sentences[analysed_length(sentences) - 1] == "."


def test_a_huge_article_is_analysed_up_to_the_cap_with_offsets_valid_in_the_whole_text(huge):
    assert len(huge) > 40 * MAX_CHARS
    result = analyse("NATO expels Russian spies", huge, WHEN)
    cap = analysed_length(huge)
    assert result.spans and result.timexes and result.events
    for span in result.spans:
        assert span.end <= cap and huge[span.start:span.end] == span.text
    for timex in result.timexes:
        assert timex.end <= cap and huge[timex.start:timex.end] == timex.text
    assert all(ev.end <= cap for ev in result.events)
    # The whole of the analysed part is read, not only its start.
    assert max(s.end for s in result.spans) > 0.9 * cap
    assert "Zanzibarquux" not in {s.text for s in result.spans}


def test_a_huge_title_is_cut_too():
    result = analyse("Angela Merkel in Berlin " * 100_000, "Angela Merkel spoke in Berlin on Tuesday.", WHEN)
    assert {"Angela Merkel", "Berlin"} <= {s.text for s in result.spans}


def test_a_5mb_file_ingests_analyses_and_is_searched_whole(library, tmp_path, huge):
    path = tmp_path / "huge.txt"
    path.write_text("Date: 2021-10-06\nSource: Big\n\nA very long article\n\n" + huge + "\n", encoding="utf-8")
    assert path.stat().st_size > 4_800_000
    reports = library.ingest_paths([path])
    assert [(r.ok, r.message) for r in reports] == [(True, "new")]
    assert library.analyse_pending(workers=1) == 1
    article = library.article(library.store.ids()[0])
    assert article.analysed and len(article.text) >= len(huge)
    assert article.entities and all(s.end <= MAX_CHARS for s in article.entities)
    assert all(article.text[s.start:s.end] == s.text for s in article.entities)
    # The text past the cap is still the article's: searched and shown, only not analysed.
    assert [r.id for r in library.search("zanzibarquux")] == [article.id]


def test_the_cap_is_a_setting_of_the_module(monkeypatch):
    """analysed_length's default follows MAX_CHARS when it is changed (as bench does for 'before')."""
    monkeypatch.setattr(analysis, "MAX_CHARS", 1_000)
    text = "Angela Merkel spoke in Berlin.\n\n" * 500
    spans = analysis.analyse("", text, WHEN).spans
    assert spans and max(s.end for s in spans) <= 1_000


def test_the_big_article_bench_runs(tmp_path):
    """bench.big_article on a small article: the figures it reports are there (not how big they are)."""
    from bench import big_article

    article = big_article.write_article(tmp_path / "big.txt", 0.2)
    assert 190_000 < article.stat().st_size < 210_000
    result = big_article.ingest(article, big_article.ROOT)
    assert result["exit"] == 0 and "analysed 1 article" in result["said"][-1]
    assert result["peak_mb"] > 10 and result["cpu_s"] > 0 and result["wall_s"] > 0

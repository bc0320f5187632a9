from datetime import datetime, timezone

from reader.model import EntityInfo, Span
from reader.nlp.aliases import global_name
from reader.nlp.analyse import _global_names, analyse


def test_variants_get_one_name_across_articles():
    assert global_name("Aukus") == "AUKUS"
    assert global_name("USA") == global_name("US") == global_name("United States") == "United States"
    assert global_name("Great Britain") == global_name("Britain") == "United Kingdom"
    assert global_name("Jens Stoltenberg") == "Jens Stoltenberg"


def test_entities_that_become_one_are_merged():
    spans = [Span(0, 3, "PLACE", "USA", "USA"), Span(10, 12, "PLACE", "US", "US")]
    infos = [EntityInfo("USA", "PLACE", 1, 0.3), EntityInfo("US", "PLACE", 1, 0.2)]
    spans, infos = _global_names(spans, infos)
    assert {s.name for s in spans} == {"United States"}
    assert len(infos) == 1 and infos[0].mentions == 2 and infos[0].salience > 0.3


def test_seed_article_analysis(seed_file):
    from reader.ingest.text import read_article_file

    art = read_article_file(seed_file)
    result = analyse(art.title, art.text, art.published)
    names = {(s.label, s.name) for s in result.spans}
    for expected in [("PERSON", "Jens Stoltenberg"), ("PERSON", "Dmitry Peskov"), ("PERSON", "Sergei Lavrov"),
                     ("PERSON", "Sergei Skripal"), ("ORG", "NATO"), ("ORG", "GRU"), ("ORG", "NATO-Russia Council"),
                     ("PLACE", "Brussels"), ("PLACE", "Moscow"), ("PLACE", "Czech Republic")]:
        assert expected in names
    # Dates are DATE spans, never also entity spans.
    dates = [(t.start, t.end) for t in result.timexes]
    assert not any(s.start < e and b < s.end for s in result.spans for b, e in dates)
    assert sorted((e.value, e.mod) for e in result.events) == sorted(
        [("2018", ""), ("2019", "END"), ("2021-04", ""), ("2021-09", "END"), ("2021-09", "END"), ("2021-10-06", "")])
    assert result.entities[0].name == "NATO"


def test_a_name_all_of_whose_mentions_are_times_is_not_listed():
    # "Christmas" was a person in one sample's list of names, though never highlighted
    text = ("The SPD leader wants the new government in place before Christmas. "
            "Olaf Scholz said so in Berlin on Monday.")
    result = analyse("Coalition talks", text, datetime(2021, 10, 15, tzinfo=timezone.utc))
    listed = {i.name for i in result.entities}
    highlighted = {s.name or s.text for s in result.spans}
    assert listed == highlighted
    assert "Christmas" not in listed and "Olaf Scholz" in listed

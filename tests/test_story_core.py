"""Entity pages, the timeline axis and the cache statistics, as data (no app)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reader.cli import main
from reader.entities_view import bars, chart, sparkline
from reader.model import RelatedEvent
from reader.timeline_axis import layout, rows
from tests.ui_support import DATA, analyse_by_hand, build, by_prefix, ui_seed  # noqa: F401 (fixture)

STORY = DATA / "story" / "vrbetice.txt"


def build_story(library, seed_file):
    """The app's test cache plus an article on the 2014 Vrbetice blasts, linked."""
    ids = build(library, seed_file, extra=[STORY])
    analyse_by_hand(library, by_prefix(ids, "What happened at Vrbetice"),
                    {"Vrbetice": "PLACE", "GRU": "ORG", "Czech Republic": "PLACE", "Moscow": "PLACE",
                     "NATO": "ORG", "Prague": "PLACE"},
                    {"in 2014": "2014", "In April 2021": "2021-04"})
    library.relink()
    return ids


@pytest.fixture
def story_ids(library, ui_seed):
    return build_story(library, ui_seed)


def test_entity_page_of_a_name_in_the_seed(library, story_ids):
    page = library.entity_page("Stoltenberg")  # the last name finds the full name
    assert page.name == "Jens Stoltenberg" and page.kind == "PERSON"
    assert page.mentions == 1 and [a.title for a in page.articles][0].startswith("Spies exposed")
    assert page.unit == "week" and sum(p.count for p in page.periods) == 1
    assert "NATO" in [n for n, _l, _c in page.related]
    assert page.events == []  # no dated sentence of the seed names him
    nato = library.entity_page("nato")
    assert [e.value for e in nato.events] == ["2018", "2021-10-06"]  # oldest first


def test_entity_page_of_a_name_in_several_articles(library, story_ids):
    page = library.entity_page("gru")  # any case
    assert page.name == "GRU" and page.kind == "ORG"
    assert page.mentions == 3
    titles = [a.title for a in page.articles]
    assert [t.split()[0] for t in titles] == ["Spies", "What", "Czech"]  # 6 Oct, 20 Apr, 18 Apr 2021
    dates = [a.published for a in page.articles]
    assert dates == sorted(dates, reverse=True)
    related = {n: c for n, _l, c in page.related}
    assert related["Czech Republic"] == 3 and related["Moscow"] == 3
    assert "Vrbetice" in related and "GRU" not in related
    assert any(e.value == "2014" for e in page.events)
    assert sum(p.count for p in page.periods) == 3
    assert library.entity_page("Nobody Atall") is None
    assert library.entity_page("   ") is None


def test_entity_aliases_come_from_the_alias_table(library, story_ids):
    page = library.entity_page("NATO")
    assert "North Atlantic Treaty Organization" in page.aliases


def test_reader_entity_cli(library, story_ids, capsys):
    library.close()
    assert main(["entity", "GRU", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "GRU" and data["kind"] == "ORG" and data["mentions"] == 3
    assert any(r["name"] == "Czech Republic" for r in data["related"])
    assert [a["title"].split()[0] for a in data["articles"]] == ["Spies", "What", "Czech"]
    assert main(["entity", "Stoltenberg"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Jens Stoltenberg (person)")
    assert "often with:" in out and "Spies exposed" in out and "mentions per week" in out
    assert main(["entity", "Nobody"]) == 1
    assert "no entity 'Nobody'" in capsys.readouterr().err


def test_chart_by_week_and_by_month():
    unit, periods = chart([date(2021, 10, 4), date(2021, 10, 6), date(2021, 10, 20)])
    assert unit == "week" and [p.count for p in periods] == [2, 0, 1]
    assert periods[0].label == "2021-W40"
    unit, periods = chart([date(2020, 1, 5), date(2021, 3, 1), date(2021, 3, 9)])
    assert unit == "month" and len(periods) == 15 and periods[0].count == 1 and periods[-1].count == 2
    assert chart([]) == ("month", [])
    # Odd stored dates are left off the chart; a long span keeps the newest 600 months.
    assert chart([date(1, 1, 1), date(9999, 12, 31), date(2021, 4, 1)])[1][0].count == 1
    unit, periods = chart([date(1901, 1, 1), date(2021, 4, 1)])
    assert unit == "month" and len(periods) == 600 and periods[-1].label == "2021-04"
    assert sparkline([0, 1, 8]) == " ▁█"
    assert bars([1, 2], 2) == [" █", "██"]


def ev(value, display, text="x", sources=((1, "A"),)):
    return RelatedEvent(value=value, mod="", display=display, text=text, entities=[], sources=list(sources), own=True)


def test_axis_places_2014_and_2021_on_one_axis():
    events = [ev("2014", "2014"), ev("2021-04", "Apr 2021"), ev("2021-04", "Apr 2021", "other"),
              ev("2021-10-06", "6 Oct 2021")]
    axis = layout(events, 60, marker=date(2021, 10, 6))
    assert axis.unit == "year"
    assert [len(g.events) for g in axis.groups] == [1, 2, 1]  # the two April events fall together
    assert axis.groups[0].column < 8 and axis.groups[-1].column > 54  # mid 2014, near the right end
    marks, line, labels, pointer = rows(axis, selected=1)
    assert marks[axis.groups[1].column] == "2" and line[axis.marker] == "◆"
    assert "2015" in labels and "2020" in labels and pointer.index("▲") == axis.groups[1].column
    assert all(len(r) == 60 for r in (marks, line, labels, pointer))


def test_axis_groups_side_by_side_are_not_read_as_one_number():
    """Groups of 2, 2 and 3 events in three columns side by side were drawn "223" (QA, the NATO
    entity page at 80 columns): a group with a neighbour is ◉; its size is in its detail."""
    events = [ev(str(y), str(y), f"{y} {i}") for y, n in ((2017, 2), (2018, 2), (2019, 3)) for i in range(n)]
    events += [ev("2024", "2024", "a"), ev("2024", "2024", "b"), ev("2030", "2030", "c")]
    axis = layout(events, 14)
    marks = rows(axis)[0]
    sizes = {g.column: len(g.events) for g in axis.groups}
    crowded = [c for c in sizes if c - 1 in sizes or c + 1 in sizes]
    assert crowded and all(marks[c] == ("◉" if sizes[c] > 1 else "●") for c in crowded)
    alone = [c for c in sizes if c not in crowded and sizes[c] > 1]
    assert all(marks[c] == str(sizes[c]) for c in alone)
    assert not any(a.isdigit() and b.isdigit() for a, b in zip(marks, marks[1:]))


def test_axis_bad_input():
    one = layout([ev("2021-10-06", "6 Oct 2021")], 40)
    assert len(one.groups) == 1 and one.unit == "day" and 10 < one.groups[0].column < 30
    far = layout([ev("1066", "1066"), ev("2021", "2021"), ev("2020", "2020"), ev("PAST_REF", "the past")], 80)
    assert far.unit == "century" and len(far.undated) == 1
    assert [len(g.events) for g in far.groups] == [1, 2]  # 2020 and 2021 fall together a millennium on
    assert "1500" in rows(far)[2]
    mid = layout([ev("1815", "1815"), ev("2021", "2021")], 80)
    assert mid.unit == "decade" and "1900" in rows(mid)[2]
    none = layout([], 40, marker=date(2021, 10, 6))
    assert none.groups == [] and none.marker is not None
    assert layout([], 10).groups == []
    # Dates at the ends of what a date can hold (odd stored dates): the axis stays within them.
    end = layout([ev("9999-12-31", "31 Dec 9999")], 40, marker=date(9999, 12, 31))
    assert len(end.groups) == 1 and rows(end)[1].count("◆") == 1
    start = layout([ev("0001-01-01", "1 Jan 1")], 40, marker=date(1, 1, 1))
    assert len(start.groups) == 1 and start.span_text()
    late = layout([ev("9999-12", "Dec 9999"), ev("9999", "9999")], 40)
    assert late.unit == "month" and "Nov" in rows(late)[2]

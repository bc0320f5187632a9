"""Time expressions normalised against a fixed publication date.

The reference date is Wednesday 6 October 2021 (the seed article's).
"""

from __future__ import annotations

import datetime as dt

import pytest

from reader.nlp.timex import VERSION, tag

DCT = dt.date(2021, 10, 6)  # a Wednesday


def values(text: str, dct: dt.date = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.value, t.mod) for t in tag(text, dct)]


def one(text: str, dct: dt.date = DCT) -> tuple[str, str, str]:
    got = values(text, dct)
    assert len(got) == 1, got
    return got[0]


def test_version_is_a_string():
    assert isinstance(VERSION, str) and VERSION


@pytest.mark.parametrize("text, value", [
    # past tense: the last such day, the same day counting
    ("The minister resigned on Monday.", "2021-10-04"),
    ("A NATO representative said on Wednesday.", "2021-10-06"),
    ("Protesters gathered on Saturday.", "2021-10-02"),
    ("The talks collapsed on Thursday.", "2021-09-30"),
    # future tense: the next one
    ("The minister will resign on Monday.", "2021-10-11"),
    ("Talks will resume on Thursday.", "2021-10-07"),
    ("The vote is scheduled to take place on Friday.", "2021-10-08"),
    # explicit relations
    ("He arrived last Friday.", "2021-10-01"),
    ("They meet next Tuesday.", "2021-10-12"),
])
def test_weekdays(text, value):
    assert one(text)[1] == value


@pytest.mark.parametrize("text, value", [
    ("In April, the Czech Republic had expelled 18 diplomats.", "2021-04"),
    ("The Czech Republic will hold elections in April.", "2022-04"),
    ("Sales fell in September.", "2021-09"),
    ("The deal was signed in December.", "2020-12"),
    ("The deal will be signed in December.", "2021-12"),
    ("The law took effect in March 2019.", "2019-03"),
    ("Prices rose in February this year.", "2021-02"),
    ("He was born on 6 October 1970.", "1970-10-06"),
    ("He was born on October 6, 1970.", "1970-10-06"),
    ("The contract expires on Nov. 25.", "2021-11-25"),
    ("The contract was signed on Sept. 14.", "2021-09-14"),
    ("The ruling is published as 2021-08-30.", "2021-08-30"),
])
def test_months_and_days(text, value):
    assert one(text)[1] == value


@pytest.mark.parametrize("text, value, mod", [
    ("There was no meeting since the end of 2019.", "2019", "END"),
    ("Attacks came at the end of September.", "2021-09", "END"),
    ("Growth slowed in early 2020.", "2020", "START"),
    ("Talks began in mid-August.", "2021-08", "MID"),
    ("The plant closed in late May.", "2021-05", "END"),
    ("It happened at the beginning of the year.", "2021", "START"),
    ("They will decide by the end of next year.", "2022", "END"),
    ("Earlier this year, the firm cut jobs.", "2021", "START"),
])
def test_modifiers(text, value, mod):
    assert one(text)[1:] == (value, mod)


@pytest.mark.parametrize("text, value", [
    ("Prices doubled last week.", "2021-W39"),
    ("The summit is this week.", "2021-W40"),
    ("The summit will be next week.", "2021-W41"),
    ("Sales fell last month.", "2021-09"),
    ("Sales will rise next month.", "2021-11"),
    ("Sales rose this month.", "2021-10"),
    ("Sales fell last year.", "2020"),
    ("Sales will rise next year.", "2022"),
    ("Sales rose this year.", "2021"),
])
def test_last_this_next(text, value):
    assert one(text)[1] == value


@pytest.mark.parametrize("text, value", [
    ("The drought of last summer hurt farmers.", "2021-SU"),
    ("The drought of this summer hurt farmers.", "2021-SU"),
    ("Elections are due next spring.", "2022-SP"),
    ("Profits fell in the third quarter.", "2021-Q3"),
    ("Profits fell in the second quarter of 2019.", "2019-Q2"),
    ("Profits will rise in the fourth quarter.", "2021-Q4"),
])
def test_seasons_and_quarters(text, value):
    assert one(text)[1] == value


def test_last_summer_in_spring_is_the_previous_year():
    assert one("The drought of last summer hurt farmers.", dt.date(2021, 4, 1))[1] == "2020-SU"


@pytest.mark.parametrize("text, value", [
    ("NATO withdrew accreditation in 2018.", "2018"),
    ("Music of the 1980s is back.", "198"),
    ("Music of the '80s is back.", "198"),
    ("Music of the eighties is back.", "198"),
    ("In the 20th century, wars were many.", "19"),
])
def test_years_decades_centuries(text, value):
    assert one(text)[1] == value


def test_year_range_gives_two_years():
    assert [(t.text, t.value) for t in tag("The crisis of 2009-2010 was deep.", DCT)] == [
        ("2009", "2009"), ("2010", "2010")]
    assert [t.value for t in tag("the 1990-91 recession", DCT)] == ["1990", "1991"]


def test_day_range_gives_two_days():
    assert [t.value for t in tag("The summit will be held on April 24 and 25.", DCT)] == ["2022-04-24", "2022-04-25"]


@pytest.mark.parametrize("text, value", [
    ("He left yesterday.", "2021-10-05"),
    ("He leaves today.", "2021-10-06"),
    ("He leaves tomorrow.", "2021-10-07"),
    ("The deal collapsed two years ago.", "2019"),
    ("The deal collapsed three months ago.", "2021-07"),
    ("The deal collapsed 10 days ago.", "2021-09-26"),
    ("Tensions have risen recently.", "PAST_REF"),
    ("Tensions are high now.", "PRESENT_REF"),
    ("Tensions may ease in the future.", "FUTURE_REF"),
    ("The firm is currently for sale.", "PRESENT_REF"),
])
def test_relative_days_and_references(text, value):
    assert one(text)[1] == value


def test_offsets_match_text_and_are_sorted():
    text = "On Monday, he said that in April 2020 and in 2018 things went wrong; now they are fine."
    got = tag(text, DCT)
    assert [t.start for t in got] == sorted(t.start for t in got)
    for t in got:
        assert text[t.start:t.end] == t.text
        assert t.type == "DATE"
    assert [t.value for t in got] == ["2021-10-04", "2020-04", "2018", "PRESENT_REF"]


@pytest.mark.parametrize("text", [
    "He may resign.",
    "They march on the capital.",
    "The company sold 2000 shares.",
    "It costs $1999.",
    "The current account deficit grew.",
    "In his forties he moved.",
    "Twenty four hours later.",
])
def test_no_false_dates(text):
    assert [t for t in tag(text, DCT) if t.type != "DURATION"] == []


def test_twenty_four_hours_later_is_a_duration():
    assert [(t.text, t.type, t.value) for t in tag("Twenty four hours later.", DCT)] == [
        ("Twenty four hours", "DURATION", "PT24H")]


@pytest.mark.parametrize("text, expected", [
    # anaphoric days: from the day of the event they name, else the last day mentioned
    ("The vote was held on Sunday. The day before the vote, protesters gathered.",
     [("Sunday", "2021-10-03"), ("The day before", "2021-10-02")]),
    ("Parliament voted on 12 May. Two days later, the law was signed. The day after the vote, critics protested.",
     [("12 May", "2021-05-12"), ("Two days later", "2021-05-14"), ("The day after", "2021-05-13")]),
    ("The vote was on Sunday. Two days after, the results came.",
     [("Sunday", "2021-10-03"), ("Two days after", "2021-10-05")]),
    # future in reported speech: the coming March
    ("He said the new law would take effect in March.", [("March", "2022-03")]),
    ("The government plans to hold the referendum in March.", [("March", "2022-03")]),
    ("The plant opened in March.", [("March", "2021-03")]),
])
def test_anaphoric_days_and_future_months(text, expected):
    assert [(t.text, t.value) for t in tag(text, DCT)] == expected


def test_holidays():
    assert one("The shop was closed on Christmas Day.")[1] == "2020-12-25"
    assert one("They met on Thanksgiving Day.", dt.date(2000, 1, 6))[1] == "1999-11-25"


def test_datetime_dct_is_accepted():
    assert one("He left yesterday.", dt.datetime(2021, 10, 6, 12, 0))[1] == "2021-10-05"


def test_trigger_filter_finds_what_a_full_scan_finds():
    """tag() only tries rules where a trigger word starts; the reference
    scan tries every character position."""
    from tests.shared_data import shared_dir
    from reader.nlp.timex import _tag_unfiltered

    texts = [
        "On Monday, he said that in April 2020 and in 2018 things went wrong; now they are fine.",
        "The 6th of October 1970, the 1990s, mid-1990s, the '80s, Q3 2019, at present, in summer.",
        "Shares fell 3.5% to 1,999 on 12/03/2020; 10 days ago, 4 p.m. Friday, the year-earlier quarter.",
        "He may march in May. The deal will close by March, the end of the year, or early next week.",
    ]
    seed = shared_dir() / "seeds" / "000_cd2b639b69759d49.txt"
    if seed.exists():
        texts.append(seed.read_text(encoding="utf-8"))
    for text in texts:
        assert tag(text, DCT) == _tag_unfiltered(text, DCT)


def test_durations_tried_near_unit_words_find_what_a_full_scan_finds():
    """The duration pattern is tried only in a window around each unit word;
    the reference runs it over the whole text."""
    from reader.nlp import timex, timex_spans
    from tests.shared_data import shared_dir

    texts = [
        "For the past two years, more than four hours a day, the first nine months, a 30-year bond.",
        "Talks lasted no more than the past twenty-five years or so; decades-long, weeks or months.",
        "He meets weekly, twice a year, each July and every Monday; five-hour talks in recent years.",
    ]
    data = shared_dir() / "data" / "tempeval3" / "TBAQ-cleaned" / "TimeBank"
    if data.is_dir():
        from reader.nlp.eval_timex import parse_tml, tml_files

        texts += [parse_tml(f).text for f in tml_files([data])[:60]]
    for text in texts:
        words: list = []
        for _ in timex._trigger_positions(text, words):
            pass
        units = [(at, at + len(w)) for at, w in words if w in timex_spans._UNIT_FORMS]
        windowed = [(m.start(), m.end()) for m in timex_spans._duration_matches(text, units)]
        assert windowed == [(m.start(), m.end()) for m in timex_spans._DUR_RE.finditer(text)]


def test_since_a_month_is_the_last_one():
    assert one("The carrier has been on patrol since March and was scheduled to return.",
               dt.date(1990, 8, 13))[1] == "1990-03"
    assert one("Prices have risen since November.")[1] == "2020-11"


def test_last_month_name_just_gone_is_a_year_ago():
    assert one("The helicopters crashed last February.", dt.date(1998, 3, 1))[1] == "1997-02"
    assert one("The strike began last April.")[1] == "2021-04"


def test_the_following_month_follows_the_month_mentioned():
    got = values("The bid came in March 1989. The following month, the company put itself up for sale.")
    assert [v for _, v, _ in got] == ["1989-03", "1989-04"]


def test_clock_times_on_a_day_are_times():
    got = [(t.text, t.value, t.type) for t in tag("The market opened at 10 p.m. on Thursday.", DCT)]
    assert got == [("10 p.m. on Thursday", "2021-09-30T22:00", "TIME")]


@pytest.mark.parametrize("text, expected", [
    # the day its sentence names, before or after it (DCT is Wednesday 6 October 2021)
    ("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.",
     [("10:35 a.m.", "2021-10-01T10:35", "APPROX"), ("Friday", "2021-10-01", "")]),
    ("On Monday the court sat. Police arrived around 7:15 p.m. and left.",
     [("Monday", "2021-10-04", ""), ("around 7:15 p.m.", "2021-10-04T19:15", "APPROX")]),
    # no day named: the publication date
    ("The session resumes at noon and ends at 5 pm EST.",
     [("noon", "2021-10-06T12:00", ""), ("5 pm EST", "2021-10-06T17:00", "")]),
    ("Shares traded at 9:30 a.m. as usual.", [("9:30 a.m.", "2021-10-06T09:30", "")]),
])
def test_clock_times_on_their_own_are_times_on_their_sentences_day(text, expected):
    got = [(t.text, t.value, t.mod) for t in tag(text, DCT)]
    assert got == expected
    assert [t.type for t in tag(text, DCT) if "T" in t.value] == ["TIME"] * sum("T" in v for _, v, _ in expected)


@pytest.mark.parametrize("text", ["Noon Street was closed.", "A midnight deadline passed.", "I am 13 pm.",
                                  "Version 3.5 am", "He said 10:35 was late."])
def test_words_that_only_look_like_clock_times_are_not_tagged(text):
    assert [t for t in tag(text, DCT) if t.type == "TIME"] == []


@pytest.mark.parametrize("text, dct, value", [
    # an appointment is ahead of the article, whatever the verb that reports it (QA)
    ("The union and the employers agreed to meet again on Thursday with a mediator.", dt.date(2024, 3, 19),
     "2024-03-21"),
    ("Biden meets Vladimir Putin in Geneva on Wednesday.", dt.date(2021, 6, 14), "2021-06-16"),
    ("Jan Hamacek, who had planned to fly to Moscow on Monday, cancelled the trip.", dt.date(2021, 4, 17),
     "2021-04-19"),
    # not appointments: the past stays past
    ("It was hard for Sun to meet demand on Thursday.", dt.date(2024, 3, 19), "2024-03-14"),
    ("The talks failed to produce a deal on Monday.", dt.date(2021, 4, 17), "2021-04-12"),
    ("He visits Paris every year; he visited Berlin on Monday.", dt.date(2021, 4, 17), "2021-04-12"),
])
def test_appointments_point_ahead(text, dct, value):
    assert [t.value for t in tag(text, dct) if t.type == "DATE"][-1] == value


def test_anaphoric_days_follow_the_last_day_mentioned():
    got = values("The court ruled on Monday. The following day, lawyers appealed. That night, they left.")
    assert [v for _, v, _ in got] == ["2021-10-04", "2021-10-05", "2021-10-05"]
    assert values("The next day, they met.") == []  # nothing to follow


@pytest.mark.parametrize("text, value", [
    ("Police arrived Friday night.", "2021-10-01TNI"),
    ("The strike began yesterday morning.", "2021-10-05TMO"),
    ("Crowds gathered last night.", "2021-10-05TNI"),
    ("The minister will speak tonight.", "2021-10-06TNI"),
    ("Shares fell this afternoon.", "2021-10-06TAF"),
])
def test_parts_of_the_day_are_times(text, value):
    got = [(t.value, t.type) for t in tag(text, DCT)]
    assert got == [(value, "TIME")]


@pytest.mark.parametrize("text, value", [
    ("Crowds marched on St. Patrick's Day.", "2021-03-17"),
    ("Pilgrims gathered on Palm Sunday.", "2021-03-28"),
    ("Shops will open late on Mother's Day.", "2022-05-08"),
    ("Protests continued this past weekend.", "2021-W39-WE"),
    ("Imports dropped to $300 million last year, down from $450 million the year before.", "2019"),
])
def test_holidays_weekends_and_the_year_before(text, value):
    assert values(text)[-1][1] == value


def test_a_month_after_a_clause_is_a_duration():
    assert [(t.text, t.type, t.value) for t in tag("The move comes a month after the airline suspended flights.", DCT)] == [
        ("a month", "DURATION", "P1M")]


@pytest.mark.parametrize("text, dct, value", [
    # a quarter after the current one, reported on: last year's
    ("The company reported a loss for the fourth quarter.", dt.date(2013, 3, 21), "2012-Q4"),
    ("Fourth-quarter profit rose 5 percent.", dt.date(2013, 3, 21), "2012-Q4"),
    ("Sales will rise in the fourth quarter.", dt.date(2013, 3, 21), "2013-Q4"),
    ("The company expects growth in the third quarter.", dt.date(2013, 3, 21), "2013-Q3"),
    ("Profit fell in the second half.", dt.date(2013, 3, 21), "2012-H2"),
    # counted from the year just mentioned
    ("He lost in 2005. Two years later, he won.", DCT, "2007"),
])
def test_quarters_and_years_later(text, dct, value):
    assert values(text, dct)[-1][1] == value


def test_abbreviated_quarters_and_halves():
    d = dt.date(2013, 3, 21)
    assert values("Output fell in H1 2013.", d) == [("H1 2013", "2013-H1", "")]
    assert values("Q3 profit rose.", d) == [("Q3", "2012-Q3", "")]
    assert values("The H1N1 virus spread in 2009.", d) == [("2009", "2009", "")]


def test_about_2000_people_is_a_count():
    assert values("About 2000 protesters marched.") == []
    assert values("Around 2000, the company grew.") == [("Around 2000", "2000", "APPROX")]


def test_previously_opening_a_sentence_is_past_ref():
    assert values("He quit. Previously, he had led the bank.") == [("Previously", "PAST_REF", "")]
    assert values("The previously announced plan was dropped.") == []


@pytest.mark.parametrize("text, value", [
    # a scheduling verb right before the day points ahead
    ("Netanyahu and Arafat meet separately Monday.", "2021-10-11"),
    ("The trial begins Monday.", "2021-10-11"),
    ("They agreed to meet on Friday.", "2021-10-08"),
    ("The trial began Monday.", "2021-10-04"),
    ("The election is Sunday.", "2021-10-10"),
    ("Elections are due in April.", "2022-04"),
    ("The company's fiscal year ends in April.", "2022-04"),
    ("The vote is on Wednesday, officials said.", "2021-10-06"),
])
def test_scheduling_verbs_point_ahead(text, value):
    assert one(text)[1] == value


def test_the_future_of_something_is_not_a_time():
    assert values("This is important to the future of our peoples.") == []
    assert values("Talks may resume in the future.") == [("the future", "FUTURE_REF", "")]


def test_every_and_each_make_sets_not_dates():
    assert [(t.text, t.type, t.value) for t in tag("Orangemen march each July.", DCT)] == [
        ("each July", "SET", "XXXX-07")]
    assert [(t.text, t.type, t.value) for t in tag("The club meets every Monday.", DCT)] == [
        ("every Monday", "SET", "XXXX-WXX-1")]


@pytest.mark.parametrize("text, typed", [
    ("Talks lasted three years.", ("three years", "DURATION", "P3Y", "")),
    # "over" the past months is during them, and not part of the extent (TimeBank)
    ("Prices fell over the past two months.", ("the past two months", "DURATION", "P2M", "")),
    ("It will pay the sum within a week.", ("a week", "DURATION", "P1W", "EQUAL_OR_LESS")),
    ("For the nine months, net rose 5%.", ("the nine months", "DURATION", "P9M", "")),
    ("The plant will close for the next two years or so.", ("the next two years or so", "DURATION", "P2Y", "APPROX")),
    ("Sales in the first nine months rose.", ("the first nine months", "DURATION", "P9M", "")),
    ("The strike took more than four hours.", ("more than four hours", "DURATION", "PT4H", "MORE_THAN")),
    ("It has grown in recent years.", ("recent years", "DURATION", "PXY", "")),
    ("It lasted two decades.", ("two decades", "DURATION", "P20Y", "")),
    ("The base stays for at least 20 more years.", ("at least 20 more years", "DURATION", "P20Y", "EQUAL_OR_MORE")),
    ("It has done so for almost a hundred years.", ("almost a hundred years", "DURATION", "P100Y", "APPROX")),
    ("Over the next couple of years sales will grow.", ("the next couple of years", "DURATION", "P2Y", "")),
    # a half in the next smaller unit, as TimeBank writes it
    ("They lived in camps for 2 1/2 years.", ("2 1/2 years", "DURATION", "P2Y6M", "")),
    ("A minute and a half passed.", ("A minute and a half", "DURATION", "PT1M30S", "")),
    ("It took two and a half days.", ("two and a half days", "DURATION", "P2DT12H", "")),
    ("The paper is published daily.", ("daily", "SET", "P1D", "")),
    ("They meet twice a year.", ("a year", "SET", "P1Y", "")),
])
def test_durations_and_sets_are_typed_so(text, typed):
    assert [(t.text, t.type, t.value, t.mod) for t in tag(text, DCT)] == [typed]


def test_a_duration_never_takes_a_date_and_a_fraction_is_no_duration():
    assert [(t.text, t.type) for t in tag("It happened two years ago.", DCT)] == [("two years ago", "DATE")]
    assert tag("A quarter of the staff left, and a second term began.", DCT) == []


@pytest.mark.parametrize("text, value", [
    ("The court ruled in January. The previous month, lawyers met.", "2020-12"),
    ("The court ruled in January. A month later, lawyers met.", "2021-02"),
    ("The bill passed in 2009. The previous year it was drafted.", "2008"),
    ("Sales rose from the previous year.", "2020"),
])
def test_previous_and_later_follow_the_date_mentioned(text, value):
    assert values(text)[-1][1] == value


def test_the_full_year_reported_early_in_the_year_is_last_year():
    d = dt.date(2013, 3, 21)
    assert values("The company reported a profit for the full year.", d)[-1][1] == "2012"
    assert values("The company will report a profit for the full year.", d)[-1][1] == "2013"
    assert values("The first quarter of this year was weak.", d) == [
        ("The first quarter of this year", "2013-Q1", "")]


def test_the_same_period_last_year():
    d = dt.date(2013, 3, 21)
    assert values("Third-quarter profit rose from the corresponding period a year earlier.", d)[-1] == (
        "the corresponding period a year earlier", "2011-Q3", "")
    assert values("Exports in February rose from the same month last year.", d)[-1] == (
        "the same month last year", "2012-02", "")


def test_half_of_a_decade():
    assert values("Sales boomed in the last half of the '80s.") == [("the last half of the '80s", "198", "END")]
    assert values("Sales rose in the last half of 1988.") == [("the last half of 1988", "1988-H2", "")]


def test_year_earlier_nine_months_is_a_period():
    assert [(t.text, t.type, t.value) for t in tag("Net for the year-earlier nine months included a gain.", DCT)] == [
        ("nine months", "DURATION", "P9M")]


def test_a_year_after_a_proper_name_is_part_of_the_name():
    # "NATO 2030" names an initiative, not the year 2030 (seen in real news)
    assert values("The leaders endorsed the NATO 2030 agenda.") == []
    assert values("Stoltenberg presented the NATO 2030 initiative in June.") == [("June", "2021-06", "")]
    assert values("Farkas set up a joint venture called Orion 1980.") == []
    # capitalised words that stand before a year in their own right
    # (an age is not a duration: TimeBank leaves "81 years old" untagged)
    assert values("In 2030, NATO will be 81 years old.") == [("2030", "2030", "")]
    assert values("NATO expanded in 1999. Since 1999 it has grown.") == [("1999", "1999", ""), ("1999", "1999", "")]
    assert values("That 1978 resolution still stands.") == [("1978", "1978", "")]
    assert values("Shops closed for Christmas 2020.")[0][1] == "2020-12-25"


def test_recent_and_as_soon_as_possible_are_references():
    # TimeML / TimeBank: "the recent sale" PAST_REF, "as soon as possible" FUTURE_REF;
    # a bare "soon" is not marked (HeidelTime leaves it out too)
    assert values("The offer was triggered by the recent sale of the unit.") == [("recent", "PAST_REF", "")]
    assert values("It will sell the unit as soon as possible.") == [("as soon as possible", "FUTURE_REF", "")]
    assert values("They will leave as soon as he arrives.") == []
    assert values("Prices may soon rise.") == []


def test_a_year_before_an_event_is_a_duration():
    # "before the vote" relates a duration to an event: no DATE
    assert [(t.text, t.type, t.value) for t in tag("He was nominated in August, more than a year before the vote.", DCT)] == [
        ("August", "DATE", "2021-08"), ("more than a year", "DURATION", "P1Y")]
    assert values("Sales fell last year, down from $450 million the year before.")[-1] == ("the year before", "2019", "")


@pytest.mark.parametrize("text, dct, expected", [
    # a month after a year written out in the same sentence is in that year
    ("Two were killed in the first blast on 16 October 2014, and a second explosion followed in December.",
     dt.date(2021, 4, 17), [("16 October 2014", "2014-10-16"), ("December", "2014-12")]),
    # "is expected in Paris on Friday": ahead
    ("Scholz is expected in Paris on Friday to meet Macron.", dt.date(2021, 12, 8), [("Friday", "2021-12-10")]),
    # the tense of the date's own part of the sentence
    ("The city council, which suspended him in January, will meet on Friday.", dt.date(2026, 3, 11),
     [("January", "2026-01"), ("Friday", "2026-03-13")]),
])
def test_year_of_the_sentence_expected_and_own_part_tense(text, dct, expected):
    assert [(t.text, t.value) for t in tag(text, dct)] == expected


@pytest.mark.parametrize("text, extent", [
    # TimeBank's extents: a possessive, "within", "over", "just" or "about" (before a
    # duration or clock time) stand outside, and so does the article of a time
    # adjective before its noun; the article of the timex's own noun stays
    ("Ralston blamed its fourth quarter on costs.", "fourth quarter"),
    ("Savin reported a third-quarter net loss.", "third-quarter"),
    ("The government called the 14-day waiting period unfair.", "14-day"),
    ("Sales rose in the year-ago quarter.", "the year-ago quarter"),
    ("He spent about five hours in Tanzania.", "five hours"),
    ("NATO's newest members were just a decade ago under Soviet rule.", "a decade ago"),
    ("Mr. Schwarz, 52 years old, will succeed him.", None),
    ("Earlier Friday, lawyers filed a petition.", "Friday"),
])
def test_extents_are_as_timebank_marks_them(text, extent):
    got = [t.text for t in tag(text, DCT)]
    assert got == ([extent] if extent else [])
    for t in tag(text, DCT):
        assert text[t.start:t.end] == t.text


def test_a_programmes_name_is_not_a_time():
    # title case right after a possessive and an opening quote, or after a name mid-sentence
    assert tag('Baker said on ABC-TV\'s "This Week With David Brinkley" that talks failed.', DCT) == []
    assert tag("Gonzalez said on CBS's ''60 Minutes'' that he would wait.", DCT) == []
    assert tag("This is VOA Today.", DCT) == []
    # a sentence's first word, after a verb, or after an opening quote, is still a time
    assert values("He said ''Today is the day'' and left.") == [("Today", "2021-10-06", "")]
    assert values("Stocks fell. Today they rose.") == [("Today", "2021-10-06", "")]
    assert values("Baker said Friday that talks failed.") == [("Friday", "2021-10-01", "")]


def test_the_week_reported_on_and_a_part_of_the_day_named_before():
    dct = dt.date(1989, 10, 30)  # a Monday: the market report is about last week
    text = "Stocks fell on Friday. For the week, the index dropped 3.8%. Dealers bought in the morning to start trading."
    got = [(t.text, t.type, t.value) for t in tag(text, dct)]
    assert got == [("Friday", "DATE", "1989-10-27"), ("the week", "DATE", "1989-W43"),
                   ("the morning", "TIME", "1989-10-27TMO")]
    assert tag("Interest in the morning papers grew.", dct) == []


def test_a_weekday_with_its_full_date_beside_it_is_that_date():
    # "asked him to explain by the end of Tuesday, 13 March": the past tense around
    # chose last Tuesday (6 March); the date written beside it says which Tuesday
    d = dt.date(2018, 3, 12)
    got = [(t.text, t.value, t.mod) for t in tag(
        "Johnson asked him to explain by the end of Tuesday, 13 March, which of the two was the case.", d)]
    assert got == [("the end of Tuesday", "2018-03-13", "END"), ("13 March", "2018-03-13", "")]
    # a weekday the date beside it does not fall on keeps its own reading
    got = [(t.text, t.value) for t in tag("He was asked to leave by the end of Monday, 13 March, they said.", d)]
    assert got[0] == ("the end of Monday", "2018-03-12") and got[1] == ("13 March", "2018-03-13")


@pytest.mark.parametrize("text, value", [
    ("Scholz could be elected in the week beginning 6 December.", "2021-W49"),
    ("Talks resume the week of December 6.", "2021-W49"),
    ("It happened the week of March 6, 2000.", "2000-W10"),  # as TimeBank marks it
])
def test_the_week_beginning_a_day_is_that_week(text, value):
    # it was "week beginning" as the start of this week (2021-W47 START) and the day apart
    got = [(t.text, t.value) for t in tag(text, dt.date(2021, 11, 24))]
    assert len(got) == 1 and got[0][0].startswith("the week") and got[0][1] == value


@pytest.mark.parametrize("text, want", [
    # "later" + a clause's subject is still "two days later": from the day told before
    ("He fell ill on 20 August. Two days later he was flown to Berlin.",
     [("20 August", "2021-08-20"), ("Two days later", "2021-08-22")]),
    ("The talks began on 4 October, and a week later they collapsed.",
     [("4 October", "2021-10-04"), ("a week later", "2021-W41")]),
    # "later than" compares: a duration
    ("It came two years later than planned.", [("two years", "P2Y")]),
])
def test_days_later_than_a_told_day(text, want):
    assert [(t.text, t.value) for t in tag(text, DCT)] == want


def test_earlier_or_later_in_the_day_is_the_day_just_told():
    assert values("The Bundestag elected Olaf Scholz on Wednesday. Angela Merkel watched from the gallery. "
                  "Scholz was sworn in later in the day.") == [
        ("Wednesday", "2021-10-06", ""), ("later in the day", "2021-10-06", "END")]
    assert values("Earlier in the day the minister resigned.") == []


def test_in_the_day_has_no_day_once_the_story_has_moved_to_another_year():
    text = ("On Monday the man was named as Sergei Skripal. A Moscow court convicted him in 2006. "
            "Officers closed a pub that the pair are thought to have visited earlier in the day.")
    assert [v for _t, v, _m in values(text, dt.date(2018, 3, 5))] == ["2018-03-05", "2006"]


def test_the_day_before_set_beside_a_date_is_that_date():
    assert values("He was last seen Nov. 3, the day before authorities issued a warrant.", dt.date(1998, 11, 10)) == [
        ("Nov. 3", "1998-11-03", ""), ("the day before", "1998-11-03", "")]
    assert values("The vote was on Sunday. The day before, police arrested him.")[1][1] == "2021-10-02"

"""Events of the seed article, display forms and timeline order."""

from __future__ import annotations

import datetime as dt
import pytest

from reader.model import Event, Span
from reader.nlp.events import display, extract_events, sort_key
from reader.nlp.timex import tag

from tests.shared_data import shared_dir

SEED = shared_dir() / "seeds" / "000_cd2b639b69759d49.txt"
SEED_DCT = dt.date(2021, 10, 6)


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


def test_seed_has_the_six_events(seed_text):
    events = extract_events(seed_text, SEED_DCT, tag(seed_text, SEED_DCT), [])
    got = [(e.value, e.mod) for e in events]
    assert sorted(got) == sorted([
        ("2018", ""), ("2019", "END"), ("2021-04", ""),
        ("2021-09", "END"), ("2021-09", "END"), ("2021-10-06", ""),
    ])
    by = {}
    for e in events:
        by.setdefault((e.value, e.mod), []).append(e)
    assert "seven members" in by[("2018", "")][0].text
    assert "NATO-Russia Council" in by[("2019", "END")][0].text
    # the sentence, not the heading, carries the end of 2019
    assert by[("2019", "END")][0].text.startswith("There has been no meeting")
    assert "Czech Republic" in by[("2021-04", "")][0].text
    sept = " ".join(e.text for e in by[("2021-09", "END")])
    assert "hacker attacks" in sept and "Lavrov" in sept
    # "a NATO representative said on Wednesday": the event is the withdrawal
    assert "eight members" in by[("2021-10-06", "")][0].text
    assert [e.display for e in sorted(events, key=sort_key)] == [
        "2018", "end of 2019", "Apr 2021", "late Sep 2021", "late Sep 2021", "6 Oct 2021"]


def test_seed_events_are_readable(seed_text):
    events = extract_events(seed_text, SEED_DCT, tag(seed_text, SEED_DCT), [])
    assert [e.start for e in events] == sorted(e.start for e in events)
    for e in events:
        assert 0 < len(e.text) <= 142
        assert 0 <= e.start < e.end <= len(seed_text)
        # the gist comes from the text the offsets cover
        assert e.text.split()[1] in seed_text[e.start:e.end]


def test_entities_are_canonical_names_inside_the_sentence():
    text = "Jens Stoltenberg met Lavrov in April. Stoltenberg left in May 2020."
    spans = [
        Span(0, 16, "PERSON", "Jens Stoltenberg", "Jens Stoltenberg"),
        Span(21, 27, "PERSON", "Lavrov", ""),
        Span(38, 49, "PERSON", "Stoltenberg", "Jens Stoltenberg"),
    ]
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), spans)
    assert [(e.value, e.entities) for e in events] == [
        ("2021-04", ["Jens Stoltenberg", "Lavrov"]),
        ("2020-05", ["Jens Stoltenberg"]),
    ]


def test_vague_times_make_no_events():
    text = "Tensions are high now. They may ease in the future. Recently, talks stalled."
    assert extract_events(text, SEED_DCT, tag(text, SEED_DCT), []) == []


def test_long_sentences_are_cut_at_a_clause_boundary():
    text = ("In 2015, the committee, which had been meeting in secret for several years under a "
            "rotating chair, approved a plan to expand the network of monitoring stations across "
            "the region; critics said the plan ignored the cost of maintenance and staff.")
    (ev,) = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert len(ev.text) <= 142
    assert ev.text.endswith("…")
    assert not ev.text[:-2].endswith(" ")
    # cut between words, never inside one
    assert ev.text[:-2].split()[-1] in [w.rstrip(",;") for w in text.split()]
    # the aside between commas went first, the verb stayed
    assert ev.text.startswith("The committee approved a plan")


@pytest.mark.parametrize("value, mod, shown", [
    ("2021-10-06", "", "6 Oct 2021"),
    ("2021-04", "", "Apr 2021"),
    ("2021-09", "END", "late Sep 2021"),
    ("2021-09", "START", "early Sep 2021"),
    ("2018", "", "2018"),
    ("2019", "END", "end of 2019"),
    ("2019", "START", "start of 2019"),
    ("198", "", "1980s"),
    ("19", "", "20th century"),
    ("2021-W40", "", "week of 4 Oct 2021"),  # its Monday: a week number says little (QA)
    ("2024-W12-WE", "", "weekend of 23–24 Mar 2024"),
    ("2022-W52-WE", "", "weekend of 31 Dec 2022–1 Jan 2023"),
    ("2021-SU", "", "summer 2021"),
    ("2021-Q3", "", "Q3 2021"),
    ("2018", "APPROX", "about 2018"),
    ("PAST_REF", "", "the past"),
])
def test_display(value, mod, shown):
    assert display(value, mod) == shown


def _ev(value: str, mod: str = "", start: int = 0) -> Event:
    return Event(value, mod, display(value, mod), "", [], start, start + 1)


def test_sort_key_orders_oldest_first_with_start_mid_end():
    evs = [_ev("2021-10-06"), _ev("2019", "END"), _ev("2019", "START"), _ev("2019", "MID"),
           _ev("2021-04"), _ev("2018"), _ev("198"), _ev("2021-09", "END"), _ev("2021-Q3")]
    assert [(e.value, e.mod) for e in sorted(evs, key=sort_key)] == [
        ("198", ""), ("2018", ""), ("2019", "START"), ("2019", "MID"), ("2019", "END"),
        ("2021-04", ""), ("2021-Q3", ""), ("2021-09", "END"), ("2021-10-06", "")]


def test_datelines_and_bare_dates_make_no_events():
    text = "Oct. 6, 2021\n\nBRUSSELS, Oct. 6\n\nThe alliance expelled eight diplomats in 2021."
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert [(e.value, e.text) for e in events] == [("2021", "The alliance expelled eight diplomats.")]


def test_empty_text():
    assert extract_events("", SEED_DCT, [], []) == []


def test_a_reporting_date_beside_the_event_date_is_not_an_event():
    text = "NATO expelled eight diplomats in April, a spokesman said on Wednesday."
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert [(e.value, e.text) for e in events] == [("2021-04", "NATO expelled eight diplomats.")]


def test_a_reporting_date_alone_keeps_the_statement():
    text = "Russia will close its mission to NATO, the foreign ministry said on Monday."
    (ev,) = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert (ev.value, ev.text) == ("2021-10-04", "Russia will close its mission to NATO.")


def test_agency_dateline_is_not_an_event():
    text = "WARSAW, February 26 (Xinhua) --\n\nThe president signed the accession document on Friday."
    events = extract_events(text, dt.date(1999, 2, 27), tag(text, dt.date(1999, 2, 27)), [])
    assert [e.value for e in events] == ["1999-02-26"]
    assert events[0].text == "The president signed the accession document."


def test_day_with_modifier_display():
    assert display("2000-01-28", "START") == "28 Jan 2000 (early)"


def test_two_dates_in_two_clauses_give_two_gists():
    # sample_feeds item: the September event used to carry the spring gist
    text = ("This spring the Czech Republic expelled 18 Russian diplomats it said were spies, "
            "and Germany has accused the GRU of trying to hack politicians before its federal "
            "election in September.")
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert [(e.value, e.text) for e in events] == [
        ("2021-SP", "The Czech Republic expelled 18 Russian diplomats it said were spies."),
        ("2021-09", "Germany has accused the GRU of trying to hack politicians before its federal election."),
    ]
    for e in events:
        assert e.text.split()[1] in text[e.start:e.end]


def test_a_later_date_in_a_subordinate_clause_gets_that_clause():
    text = ("Joe Biden and Vladimir Putin met at a lakeside villa in Geneva on Wednesday, "
            "in their first summit since Biden took office in January.")
    d = dt.date(2021, 6, 16)
    events = extract_events(text, d, tag(text, d), [])
    by = {e.value: e.text for e in events}
    assert by["2021-06-16"].startswith("Joe Biden and Vladimir Putin met")
    assert "took office" in by["2021-01"] and "Geneva" not in by["2021-01"]


# -- issue 18: a date belongs to its own clause; one event once --------------

def _passages(text: str, dct: dt.date = SEED_DCT):
    """(value, passage, gist) of each event of text."""
    return [(e.value, text[e.start:e.end], e.text) for e in extract_events(text, dct, tag(text, dct), [])]


def _events(text: str, dct: dt.date = SEED_DCT):
    return [(value, gist) for value, _passage, gist in _passages(text, dct)]


def test_a_date_before_an_event_noun_dates_that_noun_not_the_sentence():
    got = _events("Russia expelled 18 Czech diplomats in 2021 after Prague blamed the GRU "
                  "for the 2014 blasts at Vrbetice.")
    assert got == [("2021", "Russia expelled 18 Czech diplomats."), ("2014", "Blasts at Vrbetice.")]


def test_after_and_before_open_a_part_with_its_own_date():
    got = _events("The diplomats were expelled in April 2021 over the 2014 Vrbetice blasts, which killed two people.")
    assert got == [("2021-04", "The diplomats were expelled."), ("2014", "Vrbetice blasts.")]
    got = _events("NATO cut the Russian mission in 2018 after the Salisbury attack in March 2018.")
    assert got[0] == ("2018", "NATO cut the Russian mission.")


def test_a_date_in_a_relative_clause_dates_the_subject_of_that_clause():
    got = _events("The Czech Republic, which expelled 18 Russian diplomats in April, said GRU officers "
                  "caused the 2014 explosions.")
    assert got[0] == ("2021-04", "The Czech Republic expelled 18 Russian diplomats.")
    assert got[1][0] == "2014" and "Czech Republic" not in got[1][1]


def test_one_event_reported_twice_is_one_event_with_both_passages():
    text = ("NATO decided on Wednesday to expel eight Russians. Other news followed. "
            "The alliance expelled eight Russian officials on Wednesday, a spokesman said.")
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert len(events) == 1
    second = text.index("The alliance")
    assert events[0].start == 0 and events[0].evidence == [(second, len(text))]


def test_the_same_event_on_adjacent_days_is_one_but_different_events_stay_apart():
    text = ("Czech police raided the depot on Tuesday. The depot was raided by Czech police on Monday night. "
            "Parliament debated the budget on Tuesday.")
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert [e.value for e in events] == ["2021-10-05", "2021-10-05"]
    assert len(events[0].evidence) == 1 and events[1].evidence == []


def test_eval_events_scores_dates_clauses_and_duplicates(tmp_path):
    import json

    from reader.nlp import eval_events

    text = ("Russia expelled 18 Czech diplomats in 2021 after Prague blamed the GRU for the 2014 blasts at Vrbetice. "
            "Russia expelled the diplomats in 2021, officials said.")
    doc = {"name": "d", "dct": "2021-10-06", "title": "T", "text": text, "events": [
        {"value": "2021", "anchors": ["Russia expelled 18 Czech", "Russia expelled the diplomats"]},
        {"value": "2014", "anchors": ["blasts at Vrbetice"]},
        {"value": "2019", "anchors": ["Prague blamed"]},  # not a true event: a miss the system cannot find
    ]}
    f = tmp_path / "e.json"
    f.write_text(json.dumps({"documents": [doc]}), encoding="utf-8")
    details: list = []
    r = eval_events.evaluate(f, details)
    assert (r["gold"], r["right"]) == (3, 2)
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["precision"] == pytest.approx(2 / r["system"])
    assert ("fn", "d", "2019", "Prague blamed") in details


def test_eval_events_on_the_bundled_set_runs():
    from reader.nlp import eval_events

    r = eval_events.evaluate()
    assert r["documents"] == 9 and r["gold"] == 45
    assert r["precision"] >= 0.85 and r["recall"] >= 0.85, r


@pytest.mark.parametrize("name, documents, gold", [("held.json", 14, 56), ("dev2.json", 21, 97), ("held2.json", 20, 79)])
def test_the_other_event_sets_are_whole_and_score(name, documents, gold):
    import json

    from reader.nlp import eval_events

    path = eval_events.DEFAULT.with_name(name)
    docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
    # every anchor is in its text once: the scorer finds it with str.index
    assert all(d["text"].count(a) == 1 for d in docs for ev in d["events"] for a in ev["anchors"])
    # no text is in two sets
    others = [json.loads(eval_events.DEFAULT.with_name(n).read_text(encoding="utf-8"))["documents"]
              for n in ("events.json", "held.json", "dev2.json", "held2.json") if n != name]
    assert not {d["title"] for d in docs} & {d["title"] for o in others for d in o}
    r = eval_events.evaluate(path)
    assert r["documents"] == documents and r["gold"] == gold
    assert 0 < r["right"] <= min(r["gold"], r["system"])


@pytest.mark.parametrize("text, value, gist", [
    # the one date of the sentence is in a relative clause: it dates that clause, not the sentence (QA)
    ("The drafts would bar any further enlargement of NATO and the deployment of forces in countries that "
     "joined the alliance after May 1997.", "1997-05", "Countries joined the alliance after May 1997."),
    ("Officials visited towns that flooded in March, and promised help.", "2021-03", "Towns flooded in March."),
])
def test_a_date_in_a_relative_clause_dates_that_clause(text, value, gist):
    assert _events(text) == [(value, gist)]


@pytest.mark.parametrize("text, gist", [
    # the one date of a sentence inside ", which/who ..." on a name deep in it dates that clause
    ("At the same time he said NATO's offer of dialogue stood and that the NATO-Russia Council, "
     "which has not met since 2019, should meet again.", "The NATO-Russia Council has not met since 2019."),
    ("He faces the same charges as the two men known as Petrov and Boshirov, who were charged in "
     "September 2018: conspiracy to murder.", "Petrov and Boshirov were charged in September 2018: conspiracy to murder."),
    ("The court ruled that Russia was responsible for the killing of Alexander Litvinenko, who was "
     "poisoned with polonium in London in 2006.", "Alexander Litvinenko was poisoned with polonium in London."),
])
def test_a_relative_clause_on_a_name_deep_in_the_sentence_is_its_own_event(text, gist):
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    assert [e.text for e in events] == [gist]


def test_a_relative_clause_on_something_else_is_not_made_a_name_s_event():
    # "which it led": the clause's subject is "it"; "with Vrbetice, who": the men, not the place
    for text in ("Jens Stoltenberg has said the alliance must learn lessons from the mission in Afghanistan, "
                 "which it led from 2003.",
                 "The two men sought by Czech police in connection with Vrbetice, who used the names Petrov "
                 "and Boshirov, were in Britain in 2018."):
        events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
        assert events and not events[0].text.startswith(("Afghanistan", "Vrbetice"))


# -- a part cut from its sentence reads as a statement (timeline gists) -------

@pytest.mark.parametrize("text, dct, want", [
    # a fronted date, then a clause of cause before the main clause: the main clause is the event
    ("In March 2018, after the nerve agent attack on Sergei Skripal in Salisbury, NATO expelled seven members "
     "of the Russian mission.", dt.date(2021, 6, 14),
     [("2018-03", "NATO expelled seven members of the Russian mission.")]),
    # "under which": the preposition goes with its part, and the joining words leave the gist
    ("Leaders said the meeting had not changed the target agreed in Wales in 2014, under which allies aim to "
     "spend 2 per cent of GDP on defence by 2024.", dt.date(2018, 7, 12),
     [("2014", "Leaders said the meeting had not changed the target agreed in Wales."),
      ("2024", "Allies aim to spend 2 per cent of GDP on defence by 2024.")]),
    # "six months after": the time goes with the part it opens, not "took effect six months."
    ("The treaty ended on Friday, when the withdrawal took effect six months after Washington announced it "
     "on 1 February.", dt.date(2019, 8, 2),
     [("2019-08-02", "The treaty ended on Friday, when the withdrawal took effect."),
      ("2019-02-01", "Washington announced it.")]),
    ("Joe Biden and Vladimir Putin met in Geneva on Wednesday, in their first summit since Biden took office "
     "in January.", dt.date(2021, 6, 16),
     [("2021-06-16", "Joe Biden and Vladimir Putin met in Geneva on Wednesday, in their first summit."),
      ("2021-01", "Biden took office.")]),
    ("The third and final debate takes place next Sunday, a week before the election on 26 September.",
     dt.date(2021, 9, 13), [("2021-09-19", "The third and final debate takes place next Sunday."),
                             ("2021-09-26", "The election.")]),
    # a relative clause on a name before it: the name is the subject
    ("Markus Söder said on Tuesday that he accepted the decision of the CDU's executive, which voted late on "
     "Monday night to back Armin Laschet.", dt.date(2021, 4, 20),
     [("2021-04-19", "The CDU's executive voted late on Monday night to back Armin Laschet.")]),
    # the predicate after an apposition gets the sentence's subject
    ("Laschet, leader of the CDU since January, said he would present a programme for the federal election "
     "on 26 September.", dt.date(2021, 4, 20),
     [("2021-09-26", "Laschet said he would present a programme for the federal election.")]),
    # a phrase with no clause of its own: the noun phrase the date follows
    ("Leaders met in London on Tuesday evening, to mark the 70th anniversary of the alliance founded in Washington "
     "in April 1949.", dt.date(2019, 12, 4),
     [("1949-04", "The alliance founded in Washington.")]),
    ("Merkel told the Bundestag on Wednesday that there was hard evidence, in her first public comments on the "
     "hacking of parliament's computer network in 2015.", dt.date(2020, 5, 13),
     [("2015", "The hacking of parliament's computer network.")]),
])
def test_a_part_cut_from_its_sentence_reads_as_a_statement(text, dct, want):
    got = dict(_events(text, dct))
    assert {value: got.get(value) for value, _ in want} == dict(want)


def test_a_closing_date_its_words_need_stays_and_a_date_s_own_preposition_cuts_nothing():
    assert _events("The cancelled deal, worth billions of euros, dated from 2016.") == [
        ("2016", "The cancelled deal, worth billions of euros, dated from 2016.")]
    assert _events("It is the second time the EU has used its cyber sanctions regime, created in 2019.") == [
        ("2019", "It is the second time the EU has used its cyber sanctions regime, created in 2019.")]
    # "until the end of Monday" leads into that date: no part of its own ("Until the end of Monday to leave.")
    got = _events("Russia declared 20 Czech diplomats persona non grata on Sunday and gave them until the end of "
                  "Monday to leave.", dt.date(2021, 4, 19))
    assert all(not g.startswith("Until") and not g.endswith("gave them.") for _, g in got), got


def test_a_long_gist_drops_its_asides_and_keeps_its_date_s_part():
    d = dt.date(2021, 1, 17)
    # the apposition went first, not the verb: it was "Armin Laschet, the premier of North Rhine-Westphalia …"
    text = ("Armin Laschet, the premier of North Rhine-Westphalia, was elected leader of the Christian Democratic "
            "Union on Saturday at a party congress held online because of the pandemic.")
    assert _events(text, d) == [("2021-01-16", "Armin Laschet was elected leader of the Christian Democratic Union "
                                               "on Saturday at a party congress held online because of the pandemic.")]
    # the list item with the date stays: it was "It includes a minimum wage of 12 euros an hour …"
    text = ("It includes a minimum wage of 12 euros an hour, a faster expansion of renewable energy with 2 per cent "
            "of Germany's land set aside for wind power, and an ambition to phase out coal ideally by 2030.")
    assert _events(text, d) == [("2030", "It includes a minimum wage of 12 euros an hour and an ambition to phase "
                                         "out coal ideally by 2030.")]
    # no aside to drop, the date's part far on: the head, "…", then that part
    text = ("Olaf Scholz was judged the most convincing of the three candidates for chancellor in their first "
            "televised debate, broadcast by RTL and n-tv on Sunday evening, according to a snap poll of viewers.")
    (value, gist), = _events(text, dt.date(2021, 8, 30))
    assert gist.startswith("Olaf Scholz was judged") and "on Sunday evening" in gist and " … " in gist
    assert len(gist) <= 140


def test_two_events_of_one_day_sharing_only_the_day_s_name_stay_two():
    d = dt.date(2021, 12, 1)
    text = ("NATO foreign ministers met in the Latvian capital, Riga, on Tuesday and Wednesday amid new concern "
            "about Russian forces gathering near Ukraine.\n\nPresident Vladimir Putin said on Tuesday that the "
            "deployment of NATO strike weapons in Ukraine would cross a red line for Moscow.")
    spans = [Span(text.find("NATO"), text.find("NATO") + 4, "ORG", "NATO"),
             Span(text.rfind("NATO"), text.rfind("NATO") + 4, "ORG", "NATO"),
             Span(text.find("Ukraine"), text.find("Ukraine") + 7, "PLACE", "Ukraine"),
             Span(text.rfind("Ukraine"), text.rfind("Ukraine") + 7, "PLACE", "Ukraine")]
    events = extract_events(text, d, tag(text, d), spans)
    assert [e.value for e in events] == ["2021-11-30", "2021-11-30"]


def test_a_closing_plan_with_the_one_date_is_that_plan_s_event():
    # it was "2022: The leaders endorsed the NATO 2030 agenda ..." (they did so in 2021)
    got = _events("The leaders endorsed the NATO 2030 agenda and asked Stoltenberg to draft a new Strategic Concept, "
                  "to be adopted at the next summit in Madrid in 2022.", dt.date(2021, 6, 14))
    assert got == [("2022", "Strategic Concept is to be adopted at the next summit in Madrid.")]
    assert _events("Ministers approved the plan, due to take effect in March.") == [
        ("2022-03", "The plan is due to take effect.")]


def test_a_date_after_after_or_before_dates_the_event_after_or_before_it():
    d = dt.date(2021, 12, 18)
    text = "The drafts rule out forces in countries that joined the alliance after May 1997."
    (ev,) = extract_events(text, d, tag(text, d), [])
    assert (ev.value, ev.mod, ev.display) == ("1997-05", "AFTER", "after May 1997")
    text = "The SPD leader wants the new government to be in place before Christmas."
    (ev,) = extract_events(text, d, tag(text, d), [])
    assert (ev.value, ev.mod, ev.display) == ("2021-12-25", "BEFORE", "before 25 Dec 2021")
    # a clock time: "shortly before midnight on Monday" is still Monday
    text = "The last flight left Kabul airport shortly before midnight on Monday."
    (ev,) = extract_events(text, dt.date(2021, 8, 31), tag(text, dt.date(2021, 8, 31)), [])
    assert (ev.value, ev.mod) == ("2021-08-30", "")


def test_events_of_two_people_on_days_next_to_each_other_stay_two():
    # eval-events missed Scholz's Paris trip: it merged into Baerbock's of the day before
    d = dt.date(2021, 12, 8)
    text = ("Baerbock plans to travel to Paris on Thursday to meet her French counterpart, Jean-Yves Le Drian, "
            "and then to Brussels. Scholz is expected in Paris on Friday to meet President Emmanuel Macron.")
    spans = [Span(m, m + 5, "PLACE", "Paris") for m in (text.find("Paris"), text.rfind("Paris"))]
    assert [e.value for e in extract_events(text, d, tag(text, d), spans)] == ["2021-12-09", "2021-12-10"]


def test_one_of_a_list_of_verbs_gets_their_subject():
    d = dt.date(2018, 9, 5)
    text = ("Police published an account of the men's movements: they flew from Moscow to Gatwick on 2 March, "
            "travelled to Salisbury on 3 March for a reconnaissance, returned on Sunday, 4 March, and flew home "
            "that evening.")
    got = dict(_events(text, d))
    assert got["2018-03-04"] == "They returned on Sunday, 4 March, and flew home that evening."
    assert got["2018-03-03"].startswith("They travelled to Salisbury")


@pytest.mark.parametrize("text, dct, value, gist", [
    # the seed's timeline showed "Mar 2018: Czech police said they were looking for two men ..."
    ("Czech police said they were looking for two men who had travelled with Russian passports in the "
     "names of Alexander Petrov and Ruslan Boshirov, the same names used by the suspects in the poisoning "
     "of Sergei Skripal in Salisbury in March 2018.", dt.date(2021, 4, 17),
     "2018-03", "The poisoning of Sergei Skripal in Salisbury."),
    ("Prime Minister Andrej Babiš said there was well-founded suspicion that officers of the GRU were "
     "involved in the explosion at an ammunition depot near Vrbetice, in the east of the country, in "
     "October 2014.", dt.date(2021, 4, 17),
     "2014-10", "The explosion at an ammunition depot near Vrbetice, in the east of the country."),
    # what follows the date belongs to the phrase
    ("Conseco Inc. said it is calling for the redemption on Dec. 7 of all the 800,000 remaining shares "
     "outstanding of its convertible preferred stock.", dt.date(1989, 11, 1),
     "1989-12-07", "The redemption of all the 800,000 remaining shares outstanding of its convertible preferred stock."),
])
def test_a_date_closing_a_told_happening_dates_the_happening_not_the_telling(text, dct, value, gist):
    assert _events(text, dct) == [(value, gist)]


def test_a_told_happening_keeps_the_names_of_what_is_told_not_the_teller():
    d = dt.date(2021, 4, 17)
    text = ("Prime Minister Andrej Babiš said there was well-founded suspicion that officers of the GRU were "
            "involved in the explosion at an ammunition depot near Vrbetice in October 2014.")
    spans = [Span(text.find(n), text.find(n) + len(n), kind, n)
             for n, kind in (("Andrej Babiš", "PERSON"), ("GRU", "ORG"), ("Vrbetice", "PLACE"))]
    (ev,) = extract_events(text, d, tag(text, d), spans)
    assert ev.entities == ["GRU", "Vrbetice"]
    assert text[ev.start:ev.end] == "the explosion at an ammunition depot near Vrbetice"


@pytest.mark.parametrize("text", [
    # the phrase the date closes names no happening ("mission"): the sentence keeps the date
    "NATO said it had withdrawn accreditation from seven members of the Russian mission in 2018.",
    # an indefinite phrase is what the main clause brings: "a restructuring charge in the fourth quarter"
    "Officials said that any gain will be offset by a restructuring charge in March 2000.",
    # nobody tells it
    "Officers of the GRU were involved in the explosion at an ammunition depot near Vrbetice in October 2014.",
])
def test_a_date_not_closing_a_told_happening_keeps_its_clause(text):
    (value, gist), = _events(text, dt.date(2000, 1, 5))
    assert not gist.startswith(("The explosion", "The Russian mission", "A restructuring")), gist


@pytest.mark.parametrize("text, dct, told, other", [
    # every other date keeps to a part of its own: what was told carries no date but its telling
    ("French President Emmanuel Macron said on Sunday that he knew Scott Morrison had lied to him about the "
     "submarine contract before Australia joined the AUKUS pact in September.", dt.date(2021, 11, 1),
     ("2021-10-31", "French President Emmanuel Macron said on Sunday that he knew Scott Morrison had lied to "
      "him about the submarine contract."), ("2021-09", "Australia joined the AUKUS pact.")),
    ("British police said on Tuesday that a third Russian officer would be charged over the Novichok attack "
     "on Sergei and Yulia Skripal in Salisbury in March 2018.", dt.date(2021, 9, 21),
     ("2021-09-21", "British police said on Tuesday that a third Russian officer would be charged."),
     ("2018-03", "The Novichok attack on Sergei and Yulia Skripal in Salisbury.")),
])
def test_a_telling_whose_other_date_dates_only_a_part_is_an_event_of_its_own(text, dct, told, other):
    got = {v: g for v, _p, g in _passages(text, dct)}
    assert got == dict([told, other])
    # and each passage is its own part: the telling's ends where the other date's part opens
    (_, p1, _), (_, p2, _) = sorted(_passages(text, dct), key=lambda x: text.index(x[1]))
    assert text.index(p1) + len(p1) <= text.index(p2)


def test_a_telling_of_what_carries_its_own_date_stays_only_a_telling():
    text = ("The Netherlands said on Thursday that it had disrupted an attempt by four officers of the GRU, Russia's "
            "military intelligence service, to hack into the network of the OPCW in The Hague in April.")
    # "to hack ... in April" is the attempt's own infinitive: April is what was told
    assert [v for v, _p, _g in _passages(text, dt.date(2018, 10, 4))] == ["2018-04"]
    text = "Lavrov said on Monday that Russia would suspend its mission to NATO from 1 November."
    assert [v for v, _p, _g in _passages(text, dt.date(2021, 10, 19))] == ["2021-11-01"]


@pytest.mark.parametrize("text", [
    "The Greens last governed at federal level from 1998 to 2005, as junior partners of the SPD.",
    "The number of doctors who performed abortions declined between 1982 and 1992.",
])
def test_the_end_of_a_span_of_time_is_not_an_event_of_its_own(text):
    assert [v for v, _p, _g in _passages(text, dt.date(2021, 4, 19))] == [text[text.index("19"):][:4]]


def test_a_part_that_runs_on_ends_where_a_later_dates_part_opens():
    text = ("Police published a detailed account of the men's movements: they flew from Moscow to Gatwick on 2 March, "
            "travelled to Salisbury on 3 March for what detectives call a reconnaissance, returned on Sunday, "
            "4 March, and flew home from Heathrow that evening.")
    got = {v: p for v, p, _g in _passages(text, dt.date(2018, 9, 5))}
    assert set(got) == {"2018-03-02", "2018-03-03", "2018-03-04"}
    assert "Gatwick" in got["2018-03-02"] and "Salisbury" not in got["2018-03-02"]
    assert got["2018-03-03"].startswith("travelled to Salisbury")


def test_a_relative_clause_on_a_name_deep_in_the_sentence_starts_at_that_name():
    text = ("On the same day, the European Court of Human Rights ruled that Russia was responsible for the killing "
            "of Alexander Litvinenko, who was poisoned with polonium in London in 2006.")
    events = extract_events(text, SEED_DCT, tag(text, SEED_DCT), [])
    (ev,) = [e for e in events if e.value == "2006"]
    assert text[ev.start:ev.end].startswith("Alexander Litvinenko, who was poisoned")
    assert ev.text == "Alexander Litvinenko was poisoned with polonium in London."


@pytest.mark.parametrize("text, dct, want", [
    # days counted from the day told before: the tagger's durations, dated
    ("Navalny fell ill on a flight on 20 August. The plane landed in Omsk, and two days later he was flown to "
     "Berlin.", dt.date(2020, 9, 4), {"2020-08-20", "2020-08-22"}),
    ("NATO cut the mission on Tuesday. Britain and others announced their expulsions a day earlier.",
     dt.date(2018, 3, 28), {"2018-03-27", "2018-03-26"}),
    # "..., eight days after X": X is eight days before the sentence's day
    ("Dawn Sturgess died in hospital on Sunday evening, eight days after she and her partner collapsed at "
     "his home in Amesbury.", dt.date(2018, 7, 9), {"2018-07-08", "2018-06-30"}),
    # spans of time are not counted days
    ("The FDIC cleared the move on Monday, and the banks must wait 30 days before closing the purchase.",
     dt.date(1989, 10, 27), {"1989-10-23"}),
    # a clock time is not a day told: the shooting is not ten days after the article's day
    ("A jogger saw the car near the house at 6 a.m., ten days before the shooting.", dt.date(1999, 4, 19),
     {"1999-04-19"}),
])
def test_days_counted_from_a_told_day_are_dates(text, dct, want):
    assert {v for v, _p, _g in _passages(text, dct)} == want


def test_a_counted_day_tells_the_part_after_its_after():
    text = ("Dawn Sturgess died in hospital on Sunday evening, eight days after she and her partner collapsed at "
            "his home in Amesbury.")
    got = {v: g for v, _p, g in _passages(text, dt.date(2018, 7, 9))}
    assert got["2018-06-30"] == "She and her partner collapsed at his home in Amesbury."


def test_a_telling_with_nothing_told_before_the_other_dates_part_is_no_event():
    text = ("The New York Times said in an editorial on Saturday, April 25: The Supreme Court took a detour this "
            "week from the core principle of gender fairness.")
    assert "1998-04-25" not in {v for v, _p, _g in _passages(text, dt.date(1998, 4, 24))}


def test_a_gist_cut_like_its_passage_where_a_later_dates_part_opens_after_a_comma():
    text = ("Dawn Sturgess died in hospital on Sunday evening, eight days after she and her partner collapsed at "
            "his home in Amesbury.")
    got = {v: g for v, _p, g in _passages(text, dt.date(2018, 7, 9))}
    assert got["2018-07-08"] == "Dawn Sturgess died in hospital on Sunday evening."
    # no comma before the later part: the gist stays whole rather than end mid-clause
    text = "But Mr. Doyle, who yesterday trimmed his 1990 earnings projection, still likes the stock."
    assert all("trimmed." not in g for _v, _p, g in _passages(text, dt.date(1989, 10, 26)))


def test_a_date_in_a_how_clause_dates_that_clause_not_the_deadline_before_it():
    text = ("The prime minister told MPs that Moscow had ignored the deadline of Tuesday night to explain how a "
            "Soviet-designed nerve agent came to be used in Salisbury on 4 March.")
    got = {v: (p, g) for v, p, g in _passages(text, dt.date(2018, 3, 14))}
    assert set(got) == {"2018-03-13", "2018-03-04"}
    assert got["2018-03-13"][1] == "The prime minister told MPs that Moscow had ignored the deadline of Tuesday night."
    assert got["2018-03-04"][1] == "A Soviet-designed nerve agent came to be used in Salisbury."
    assert "deadline" not in got["2018-03-04"][0]


def test_how_many_opens_no_part_of_its_own():
    text = "The ministry said on Tuesday how many diplomats would have to leave by 1 May."
    assert _passages(text, dt.date(2021, 4, 20)) == [("2021-05-01", text, text)]


def test_a_second_telling_with_no_date_after_it_is_a_happening_of_its_own():
    text = ("Russia said on Saturday that it would expel 23 British diplomats and close the British consulate "
            "general in St Petersburg, in a mirror image of the measures London announced on Wednesday over the "
            "poisoning of Sergei Skripal.")
    got = {v: (p, g) for v, p, g in _passages(text, dt.date(2018, 3, 17))}
    assert set(got) == {"2018-03-17", "2018-03-14"}  # neither date was lost as the other's telling
    assert "expel 23 British diplomats" in got["2018-03-17"][0] and "Wednesday" not in got["2018-03-17"][0]
    assert "London announced" in got["2018-03-14"][0]


def test_a_relative_clause_after_a_quantity_is_on_the_counted_noun():
    text = ("Australia also said on Tuesday it would expel two Russian diplomats, joining the United States, Canada "
            "and more than a dozen European countries that announced expulsions a day earlier.")
    got = dict(_events(text, dt.date(2018, 3, 27)))
    assert got["2018-03-26"] == "More than a dozen European countries announced expulsions a day earlier."


def test_a_second_verb_of_the_same_subject_with_its_own_date_is_its_own_event():
    text = ("Russia declared 20 employees of the Czech embassy in Moscow persona non grata on Sunday and gave them "
            "until the end of Monday to leave, a day after the Czech Republic expelled 18 Russian embassy staff.")
    got = dict(_events(text, dt.date(2021, 4, 19)))
    assert got == {
        "2021-04-18": "Russia declared 20 employees of the Czech embassy in Moscow persona non grata.",
        "2021-04-19": "Russia gave them until the end of Monday to leave.",
        # counted from the day things happened, not from the deadline
        "2021-04-17": "The Czech Republic expelled 18 Russian embassy staff.",
    }


def test_and_before_a_participle_opens_no_part():
    text = ("The commander said Thursday he has sent a team to recover the remains of an expert kidnapped and "
            "presumed killed by guerrillas almost two years ago.")
    assert [p for _v, p, _g in _passages(text, dt.date(1998, 2, 19))] == [text]


def test_a_when_clause_right_after_a_date_is_that_dates_part():
    text = ("In contrast to Thursday, when two exile leaders and 133 other people were arrested, "
            "protesters in Miami were much calmer Friday.")
    got = {v: p for v, p, _g in _passages(text, dt.date(2000, 1, 7))}
    assert "arrested" in got["2000-01-06"] and "arrested" not in got["2000-01-07"]


def test_a_second_thing_told_with_a_date_of_its_own_leaves_the_telling_its_day():
    text = ("Morrison said on Monday that he rejected the accusation and that he had made clear to France earlier "
            "this year that conventional submarines might no longer meet Australia's needs.")
    got = dict(_events(text, dt.date(2021, 11, 1)))
    assert got["2021-11-01"] == "Morrison said on Monday that he rejected the accusation."
    assert got["2021"].startswith("He had made clear to France earlier this year")


def test_two_commas_around_an_aside_are_no_clause_boundary():
    text = ("The Netherlands said on Thursday that it had disrupted an attempt by four officers of the GRU, Russia's "
            "military intelligence service, to hack into the network of the chemical weapons watchdog in April.")
    got = {v: p for v, p, _g in _passages(text, dt.date(2018, 10, 4))}
    assert "had disrupted an attempt" in got["2018-04"]
    # a purpose clause after a comma still has its own date's part
    text = ("NATO leaders met in Watford on Wednesday, after a reception at Buckingham Palace on Tuesday evening, "
            "to mark the 70th anniversary of the alliance founded in Washington in April 1949.")
    assert dict(_events(text, dt.date(2019, 12, 4)))["1949-04"] == "The alliance founded in Washington."


def test_a_date_closing_a_participle_phrase_in_a_told_sentence_dates_that_phrase():
    text = ("The Organisation for the Prohibition of Chemical Weapons said on Thursday that its own laboratory tests "
            "confirmed Britain's findings about the identity of the toxic chemical used in Salisbury on 4 March.")
    got = {v: (p, g) for v, p, g in _passages(text, dt.date(2018, 4, 12))}
    assert got["2018-03-04"] == ("the toxic chemical used in Salisbury on 4 March", "The toxic chemical used in Salisbury.")
    assert "laboratory tests confirmed" in got["2018-04-12"][0] and "4 March" not in got["2018-04-12"][0]

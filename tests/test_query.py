"""The search language (issue 15, case 10): grouping, and an error that says where a query is wrong.

Every query either runs in SQLite or is refused with a QueryError naming a column; no text
ever reaches FTS5 as syntax, and a wrong query never quietly means "everything".
"""

import random
from datetime import datetime, timezone

import pytest

from reader.cli import main
from reader.model import ArticleIn
from reader.store.db import Store
from reader.store.query import QueryError, parse_query
from reader.ui.format import combine


def _art(key, title, text, day=1):
    return ArticleIn(key=key, title=title, text=text, url=f"https://x.org/{key}",
                     published=datetime(2021, 10, day, 12, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("query") / "c.sqlite")
    feed = s.feed_id("https://x.org/feed", title="Europe Desk")
    s.store_articles(feed, [
        _art("1", "Merkel in Berlin", "The chancellor spoke in Berlin.", day=1),
        _art("2", "Merkel visits Paris", "A visit to Paris and the Elysée.", day=2),
        _art("3", "Merkel in Rome", "Talks in Rome about the budget.", day=3),
        _art("4", "Paris climate talks", "No chancellor this time; Berlin sent a minister.", day=4),
        _art("5", "Budget (draft) NEAR final", "Stars * and carets ^ and a - dash: all text.", day=5),
    ])
    s.set_flag([s.ids("Rome")[0]], "starred", True)
    yield s
    s.close()


def titles(store, text):
    return sorted(r.title for r in store.list_articles(text))


def test_parentheses_group_words(store):
    assert titles(store, "merkel (berlin OR paris)") == ["Merkel in Berlin", "Merkel visits Paris"]
    assert titles(store, "(merkel OR climate) paris") == ["Merkel visits Paris", "Paris climate talks"]
    assert titles(store, "merkel AND (berlin OR rome) NOT chancellor") == ["Merkel in Rome"]
    assert titles(store, "merkel (NOT berlin) (NOT paris)") == ["Merkel in Rome"]
    assert titles(store, "merkel OR paris NOT merkel") == [  # NOT binds tighter than OR, as in FTS5
        "Merkel in Berlin", "Merkel in Rome", "Merkel visits Paris", "Paris climate talks"]
    assert store.count("merkel (berlin OR paris)") == 2


def test_todays_language_still_works(store):
    assert titles(store, '"climate talks"') == ["Paris climate talks"]
    assert titles(store, "chancel*") == ["Merkel in Berlin", "Paris climate talks"]
    assert titles(store, "NOT merkel") == ["Budget (draft) NEAR final", "Paris climate talks"]
    assert titles(store, "NOT merkel paris") == ["Paris climate talks"]
    assert titles(store, "is:starred") == ["Merkel in Rome"]
    assert titles(store, "feed:europe after:2021-10-04 (budget OR climate)") == [
        "Budget (draft) NEAR final", "Paris climate talks"]
    assert titles(store, "merkel (feed:europe is:starred)") == ["Merkel in Rome"]
    # Words that look like FTS5 syntax are words: NEAR, a column name, a field we do not know.
    assert titles(store, "NEAR(draft final)") == ["Budget (draft) NEAR final"]
    assert titles(store, "text:stars") == []  # the phrase "text stars", not FTS5's column filter
    assert titles(store, "all:text") == ["Budget (draft) NEAR final"]
    # Punctuation beside words is dropped as FTS5 drops it; a stray * - ^ : is nothing to search for.
    assert titles(store, "budget * ^ - :") == ["Budget (draft) NEAR final", "Merkel in Rome"]


@pytest.mark.parametrize("text, message", [
    ("merkel (berlin", "unbalanced parenthesis at column 8"),
    ("merkel berlin)", "unbalanced parenthesis at column 14"),
    ("(a (b) c", "unbalanced parenthesis at column 1"),
    ('merkel "berlin', "unclosed quote at column 8"),
    ('feed:"Europe', "unclosed quote at column 6"),
    ('title:"Europe', "unclosed quote at column 7"),
    ("()", "empty parentheses at column 1"),
    ("AND", "AND at column 1 needs a word or group before it"),
    ("merkel OR", "OR at column 8 needs a word or group after it"),
    ("merkel AND OR paris", "AND at column 8 needs a word or group after it"),
    ("(OR paris)", "OR at column 2 needs a word or group before it"),
    ("NOT", "NOT at column 1 needs a word or group after it"),
    ("a NOT NOT b", "NOT at column 7 follows another NOT"),
    ("merkel OR NOT paris", "NOT at column 11 needs a word beside it"),
    ("*", "nothing to search for: '*' at column 1"),
    ("  ^ - :", "nothing to search for: '^' at column 3"),
    ("feed:europe OR merkel", "feed:europe at column 1 cannot be used inside OR"),
    ("merkel NOT is:read", "is:read at column 12 cannot be used inside NOT"),
    ("merkel is:bogus", "is:bogus: expects is:unread, is:read, is:starred or is:ignored (column 8)"),
    ("after:2021-13-01", "after: expects a date like 2021-10-06, not '2021-13-01' (column 1)"),
    ("tag:", "tag: at column 1 needs a value"),
    ("(" * 40 + "a" + ")" * 40, "too deeply nested at column 33"),
    ("merkel \udcff", "undecodable character at column 8"),
])
def test_a_wrong_query_says_where(store, text, message):
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError):  # the store refuses it too: never the unfiltered list
        store.list_articles(text)


def test_control_characters_are_spaces():
    assert parse_query("merkel\x00berlin\x1b[2J").match == '"merkel" AND "berlin" AND "[2J"'


# A hostile alphabet: FTS5 operators and punctuation, our operators and filters, quotes,
# parentheses, control characters and letters from outside ASCII.
ALPHABET = ['(', ')', '"', '*', ':', '^', '-', '+', '{', '}', ',', '.', '/', "'", ' ', ' ', ' ',
            'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', 'and', 'merkel', 'berlin', 'x', 'é', '東京', '\x00', '\x1b',
            '\n', 'feed:', 'tag:eu', 'is:', 'is:unread', 'after:2021-10-02', 'before:', 'entity:', 'title:',
            'text:', '"a b"', '*)', '(NOT ', ' OR ', ' AND ', ' NOT ']


def test_fuzz_only_the_parse_error_and_every_accepted_query_runs(store):
    """Random strings from the hostile alphabet: parse_query raises nothing but QueryError, and
    every query it accepts runs in SQLite (list and count) without an error."""
    rng = random.Random(15)
    accepted = refused = 0
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        try:
            query = parse_query(text)
        except QueryError as exc:
            refused += 1
            assert "column" in str(exc), text
            continue
        accepted += 1
        store.list_articles(query, limit=5)
        store.count(query)
        store.ids(query)
        # The app puts the search beside its view and the unread toggle: that runs too.
        beside = parse_query(combine('feed:"Europe Desk"', text, "is:unread"))
        store.count(beside)
    # Both kinds happen, so the loop tests something on either side.
    assert accepted > 300 and refused > 300, (accepted, refused)


def test_cli_search_error_is_one_line_and_exit_2(seed_file, capsys, locations):
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("# mine\n")  # a config of the user's: no note about the samples
    assert main(["ingest", "--no-analyse", str(seed_file)]) == 0
    capsys.readouterr()
    assert main(["search", "nato (spies"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "reader: search: unbalanced parenthesis at column 6: this ( is never closed\n"
    assert main(["search", "--json", "nato (spies OR brussels)"]) == 0
    assert '"title"' in capsys.readouterr().out

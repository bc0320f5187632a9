"""The happening nouns events.py reads: learnt from TimeBank/AQUAINT's marked nominal events."""

from __future__ import annotations

import pytest

from reader.nlp.happenings import FILE, build, happenings

from tests.shared_data import shared_dir

TBAQ = shared_dir() / "data" / "tempeval3" / "TBAQ-cleaned"


def _tml(body: str, instances: str) -> str:
    return f"<TimeML><TEXT>{body}</TEXT>{instances}</TimeML>"


def test_a_noun_marked_often_enough_is_a_happening_and_a_rarely_marked_one_is_not(tmp_path):
    (tmp_path / "A").mkdir()
    # "blast": marked twice of two; "income": marked twice of ten; "talks": once; verbs never count
    body = ('<EVENT eid="e1" class="OCCURRENCE">blast</EVENT> <EVENT eid="e2" class="OCCURRENCE">blast</EVENT> '
            '<EVENT eid="e3" class="OCCURRENCE">income</EVENT> <EVENT eid="e4" class="OCCURRENCE">income</EVENT> '
            + "income " * 8 + '<EVENT eid="e5" class="OCCURRENCE">talks</EVENT> '
            '<EVENT eid="e6" class="OCCURRENCE">exploded</EVENT> <EVENT eid="e7" class="OCCURRENCE">exploded</EVENT>')
    inst = "".join(f'<MAKEINSTANCE eventID="e{i}" eiid="ei{i}" pos="{"VERB" if i > 5 else "NOUN"}"/>'
                   for i in range(1, 8))
    (tmp_path / "A" / "a.tml").write_text(_tml(body, inst), encoding="utf-8")
    assert build(tmp_path) == ["blast"]


def test_no_timeml_files_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no TimeML files"):
        build(tmp_path)


def test_the_shipped_list_is_what_tbaq_gives():
    if not TBAQ.is_dir():
        pytest.skip(f"TBAQ not found at {TBAQ}")
    assert build(TBAQ) == sorted(happenings()), f"rebuild {FILE.name}: python -m reader.nlp.happenings"
    assert {"explosion", "invasion", "attack", "summit"} <= happenings()
    assert not {"income", "work", "earnings"} & happenings()

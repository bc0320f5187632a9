"""The TimeML scorer and a regression figure on part of TBAQ."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.model import Timex
from reader.nlp import eval_timex

from tests.shared_data import shared_dir

DATA = shared_dir() / "data" / "tempeval3" / "TBAQ-cleaned"
REGRESSION_PART = DATA / "AQUAINT"
# recorded with: python -m reader.nlp.eval_timex ../shared/data/tempeval3/TBAQ-cleaned/AQUAINT
# (TempEval-3 reference measures: every TIMEX3 type, exact values)
RECORDED_VALUE_F1 = 0.784
RECORDED_COMBINED = 0.864

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-10-06" temporalFunction="false" functionInDocument="CREATION_TIME">20211006</TIMEX3></DCT>
<TEXT>
AT&amp;T said <TIMEX3 tid="t1" type="DATE" value="2021-10-04" functionInDocument="NONE">Monday</TIMEX3> it would
sell <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3> of stock in <TIMEX3 tid="t3" type="DATE" value="2019" mod="END">the end of 2019</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_rebuilds_text_and_offsets(tmp_path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    doc = eval_timex.parse_tml(f)
    assert str(doc.dct) == "2021-10-06"
    assert doc.text.startswith("\nAT&T said Monday it would\nsell two years")
    assert [(g.text, g.type, g.value, g.mod) for g in doc.gold] == [
        ("Monday", "DATE", "2021-10-04", ""), ("two years", "DURATION", "P2Y", ""),
        ("the end of 2019", "DATE", "2019", "END")]
    for g in doc.gold:
        assert doc.text[g.start:g.end] == g.text


def test_scores_strict_relaxed_and_value(tmp_path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    doc = eval_timex.parse_tml(f)
    a = doc.text.index("Monday")
    b = doc.text.index("end of 2019")

    def fake(text, dct):
        return [Timex(a, a + 6, "Monday", "2021-10-04"),
                Timex(b, b + 11, "end of 2019", "2018", "END"),  # relaxed match, wrong value
                Timex(0, 4, "AT&T", "2020")]                       # false positive

    r = eval_timex.evaluate([tmp_path], tagger=fake)
    # as the TempEval-3 reference scorer: the DURATION counts too (missed here)
    assert (r["gold"], r["system"], r["strict_match"], r["relaxed_match"]) == (3, 3, 1, 2)
    assert r["relaxed_p"] == pytest.approx(2 / 3)
    assert r["relaxed_r"] == pytest.approx(2 / 3)
    assert r["value_acc"] == 0.5
    assert r["value_f1"] == pytest.approx(0.5 * 2 / 3)
    assert r["type_f1"] == pytest.approx(2 / 3)
    assert r["combined"] == pytest.approx(0.25 * (1 / 3 + 2 / 3 + 1 / 3 + 2 / 3))


def test_types_and_values_compare_exactly(tmp_path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    doc = eval_timex.parse_tml(f)
    a = doc.text.index("two years")
    b = doc.text.index("the end of 2019")

    def fake(text, dct):
        return [Timex(a, a + 9, "two years", "P2Y", "", "DATE"),       # right value, wrong type
                Timex(b, b + 15, "the end of 2019", "2019-12", "END")]  # a finer value is not the value

    r = eval_timex.evaluate([tmp_path], tagger=fake)
    assert (r["relaxed_match"], r["type_acc"], r["value_acc"]) == (2, 0.5, 0.5)


def test_dev_and_held_out_parts_split_the_files():
    files = [Path(f"f{i:02d}.tml") for i in range(10)]
    held = eval_timex.split(files, "held")
    dev = eval_timex.split(files, "dev")
    assert [f.name for f in held] == ["f00.tml", "f05.tml"]
    assert set(held).isdisjoint(dev) and len(held) + len(dev) == 10


def test_cli_last_line(tmp_path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reader.nlp.eval_timex", str(tmp_path)],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    lines = out.strip().splitlines()
    assert re.fullmatch(r"value-F1 [01]\.\d{3}", lines[-2]), lines
    assert re.fullmatch(r"combined [01]\.\d{3}", lines[-1]), lines


def test_regression_on_aquaint():
    if not REGRESSION_PART.is_dir():
        pytest.skip(f"TempEval-3 data not found at {REGRESSION_PART}")
    r = eval_timex.evaluate([REGRESSION_PART])
    assert r["files"] == 73
    assert abs(r["value_f1"] - RECORDED_VALUE_F1) <= 0.005, r
    assert abs(r["combined"] - RECORDED_COMBINED) <= 0.005, r

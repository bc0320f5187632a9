"""Nouns that name a happening ("the explosion", "the invasion", "talks"), learnt from TimeBank/AQUAINT.

TBAQ marks every event of its 256 news articles, nouns among them (MAKEINSTANCE pos="NOUN",
class OCCURRENCE). A noun is a happening here when TBAQ marks it so at least twice and in at
least a quarter of the times the word occurs in its text (its verb uses count too: "attack"
passes at 18 of 23, "war" at 19 of 53, "income" fails at 4 of 46). The list is built once with
`python -m reader.nlp.happenings [TBAQ_DIR]` and shipped in reader/nlp/models/happenings.txt;
the app reads the file, not TBAQ. events.py uses it to give a date at the end of a reported
noun phrase to that phrase ("... the suspects in the poisoning of Sergei Skripal in Salisbury
in March 2018": the poisoning is March 2018's event, not the police's saying).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "models" / "happenings.txt"
DEFAULT_TBAQ = Path(__file__).resolve().parents[3] / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"
MIN_MARKED = 2
MIN_SHARE = 0.25

_INSTANCE = re.compile(r'<MAKEINSTANCE eventID="(e\d+)"[^>]*\bpos="(\w+)"')
_EVENT = re.compile(r'<EVENT eid="(e\d+)" class="(\w+)"[^>]*>([^<]*)</EVENT>')
_TEXT = re.compile(r"<TEXT>(.*)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def build(tbaq: str | Path = DEFAULT_TBAQ) -> list[str]:
    """The happening nouns of the TimeML files under tbaq, sorted."""
    files = sorted(Path(tbaq).glob("*/*.tml"))
    if not files:
        raise FileNotFoundError(f"{tbaq}: no TimeML files (*/*.tml)")
    marked: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for f in files:
        x = f.read_text(encoding="utf-8")
        pos = dict(_INSTANCE.findall(x))
        for eid, cls, word in _EVENT.findall(x):
            if pos.get(eid) == "NOUN" and cls == "OCCURRENCE":
                marked[word.strip().lower()] += 1
        body = _TEXT.search(x)
        seen.update(w.lower() for w in _WORD.findall(_TAG.sub("", body.group(1) if body else x)))
    return sorted(w for w, n in marked.items()
                  if n >= MIN_MARKED and seen[w] and n / seen[w] >= MIN_SHARE and _WORD.fullmatch(w))


@lru_cache(maxsize=1)
def happenings() -> frozenset[str]:
    """The shipped list."""
    return frozenset(FILE.read_text(encoding="utf-8").split())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    words = build(argv[0] if argv else DEFAULT_TBAQ)
    FILE.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} happening nouns -> {FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

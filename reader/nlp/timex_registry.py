"""The registry of the time tagger's DATE rules (reader.nlp.timex).

Each rule is a regular expression with named groups and a function that
turns its match into a TIMEX3 (value, mod[, type]). Rules register in the
order they are defined, and the order matters: the engine joins them into one
alternation, which takes the first alternative that matches, not the
longest, so a longer form must come before the shorter ones it contains.
reader.nlp.timex imports the rule families in their order:
timex_dates (calendar dates, months, seasons), timex_periods (quarters,
fiscal periods, decades, centuries), timex_relative (relative days, weeks,
months, years), timex_years (holidays, years, vague references).
"""

from __future__ import annotations

import re
from typing import Callable

from reader.nlp.timex_context import _Ctx

Result = tuple[str, str] | tuple[str, str, str] | None  # (value, mod[, type])
_RULES: list[tuple[str, str, Callable[[re.Match, _Ctx], Result]]] = []


def rule(name: str, pattern: str):
    """Register a rule: its name, its pattern, and the function decorated."""
    def deco(fn):
        _RULES.append((name, pattern, fn))
        return fn
    return deco


_B = r"(?<![\w$£€])"   # left boundary: not inside a word or an amount
_E = r"(?![\w])"       # right boundary

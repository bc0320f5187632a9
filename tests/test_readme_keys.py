"""The README's key table is the app's: every action listed with its default keys and help text
as reader/ui/commands.py declares them (the statistics row once said S, the sort key, for #)."""

from __future__ import annotations

import re
from pathlib import Path

from textual.keys import key_to_character

from reader.ui.commands import COMMANDS

README = Path(__file__).resolve().parents[1] / "README.md"
_NAMED = {"slash": "/", "backslash": "\\"}  # key_to_character has no character for these two


def shown(key: str) -> str:
    """A Textual key name as the README writes it: "number_sign" is #, "down" stays down."""
    if key in _NAMED:
        return _NAMED[key]
    char = key_to_character(key)
    return char if char is not None and char.isprintable() and char != " " else key


def readme_rows() -> dict[str, tuple[list[str], str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| (.+?) \| (.+) \| `(\w+)` \|", line)
        if m:
            keys = re.findall(r"`([^`]+)`", m.group(1))
            rows[m.group(3)] = (keys, m.group(2))
    return rows


def test_the_readme_lists_every_action_with_its_keys_and_help():
    rows = readme_rows()
    assert set(rows) == {c.action for c in COMMANDS}, set(rows) ^ {c.action for c in COMMANDS}
    for command in COMMANDS:
        keys, text = rows[command.action]
        assert keys == [shown(k) for k in command.keys.split(",")], command.action
        assert text == command.help, command.action

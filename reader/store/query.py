"""The search language shared by `reader search` and the app's search box.

Words, "phrases", prefix*, AND / OR / NOT and parentheses go to SQLite FTS5;
``feed:NAME``, ``tag:X`` (a feed's tag or the article's own), ``is:unread``, ``is:read``,
``is:starred`` (or ``starred``),
``after:YYYY-MM-DD``, ``before:YYYY-MM-DD`` and ``entity:NAME`` become SQL
filters. Every free word is quoted before it reaches FTS5, so no user input
can produce an FTS5 syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_TOKEN = re.compile(r'\s*(?:(?P<field>[a-z]+):(?P<fvalue>"[^"]*"?|\S+)|(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s()"]+))')
_OPERATORS = {"AND", "OR", "NOT"}


def _has_word_chars(text: str) -> bool:
    """Whether FTS5 will see a word in it: a word character (\\w) or one from U+00C0 to U+FFFF.
    Not a regex: a character class with that range takes 2-3 ms to compile, at every start."""
    return any(c.isalnum() or c == "_" or "\u00c0" <= c <= "\uffff" for c in text)


class QueryError(ValueError):
    pass


@dataclass
class Query:
    match: str = ""  # FTS5 MATCH expression, "" when the query has no words
    feeds: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    unread: bool | None = None
    starred: bool | None = None
    after: str | None = None  # 'YYYY-MM-DD'
    before: str | None = None
    terms: list[str] = field(default_factory=list)  # plain words and phrases, for highlighting
    exclude: str = ""  # FTS5 expression of articles to leave out ("NOT x" with nothing before it)

    @property
    def is_empty(self) -> bool:
        return not (self.match or self.exclude or self.feeds or self.tags or self.entities
                    or self.unread is not None or self.starred is not None
                    or self.after or self.before)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _date(value: str, name: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name}: expects a date like 2021-10-06, not {value!r}") from None


def parse_query(text: str) -> Query:
    query = Query()
    parts: list[str] = []  # FTS5 pieces: quoted terms, operators, parentheses
    depth = 0
    for match in _TOKEN.finditer(text):
        if match.group("field"):
            name, value = match.group("field"), match.group("fvalue").strip('"')
            if name == "feed":
                query.feeds.append(value)
            elif name == "tag":
                query.tags.append(value)
            elif name == "entity":
                query.entities.append(value)
            elif name == "is":
                flag = value.lower()
                if flag == "unread":
                    query.unread = True
                elif flag == "read":
                    query.unread = False
                elif flag == "starred":
                    query.starred = True
                else:
                    raise QueryError(f"is:{value}: expects is:unread, is:read or is:starred")
            elif name == "after":
                query.after = _date(value, "after")
            elif name == "before":
                query.before = _date(value, "before")
            else:
                # Not a filter we know: search for it as words ("time:9am").
                parts.append(_quote(match.group(0).strip()))
                query.terms.append(match.group(0).strip())
        elif match.group("phrase"):
            phrase = match.group("phrase").strip('"')
            if _has_word_chars(phrase):
                parts.append(_quote(phrase))
                query.terms.append(phrase)
        elif match.group("paren"):
            if match.group("paren") == "(":
                depth += 1
                parts.append("(")
            elif depth > 0:
                depth -= 1
                parts.append(")")
        else:
            word = match.group("word")
            if word == "starred":  # the flag, as is:starred; "starred" in quotes searches the word
                query.starred = True
                continue
            if word in _OPERATORS:
                parts.append(word)
                continue
            prefix = word.endswith("*")
            core = word.rstrip("*")
            if not _has_word_chars(core):
                continue
            parts.append(_quote(core) + ("*" if prefix else ""))
            query.terms.append(core)
    parts.extend(")" * depth)
    # FTS5's NOT is binary ("a NOT b"). A query that starts with "NOT x" means
    # "without x": with other words, it becomes "(rest) NOT x"; alone, a filter.
    if len(parts) >= 2 and parts[0] == "NOT" and parts[1].startswith('"'):
        excluded, rest = parts[1], parts[2:]
        rest_match = _tidy(rest)
        if rest_match:
            parts = ["(", *rest, ")", "NOT", excluded]
        else:
            query.exclude = excluded
            parts = []
        query.terms = [t for t in query.terms if _quote(t) != excluded.rstrip("*")]
    query.match = _tidy(parts)
    return query


def _tidy(parts: list[str]) -> str:
    """Drop operators that would leave FTS5 with a dangling or doubled operator."""
    out: list[str] = []
    for part in parts:
        if part in ("AND", "OR"):
            if not out or out[-1] in _OPERATORS or out[-1] == "(":
                continue
        elif part == "NOT":
            if not out or out[-1] in _OPERATORS or out[-1] == "(":
                continue  # FTS5's NOT is binary: "NOT x" alone is not valid
        elif part == ")":
            if out and out[-1] == "(":
                out.pop()
                continue
            while out and out[-1] in _OPERATORS:
                out.pop()
        out.append(part)
    while out and out[-1] in _OPERATORS:
        out.pop()
    # Balance parentheses that lost their partner above.
    opened = out.count("(") - out.count(")")
    if opened > 0:
        out.extend(")" * opened)
    return " ".join(out)

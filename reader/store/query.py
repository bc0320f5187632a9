"""The search language shared by `reader search` and the app's search box.

Words, "phrases", prefix*, AND / OR / NOT and parentheses go to SQLite FTS5;
``feed:NAME``, ``tag:X`` (a feed's tag or the article's own), ``is:unread``, ``is:read``,
``is:starred`` (or ``starred``), ``is:ignored``,
``after:YYYY-MM-DD``, ``before:YYYY-MM-DD`` and ``entity:NAME`` become SQL
filters.

The text is parsed here, by a small recursive-descent parser, into a tree;
the FTS5 expression is then written from the tree with every word quoted
and every operator and parenthesis placed by us. So no user input reaches
FTS5 as syntax: a query is either turned into an expression FTS5 accepts or
refused with a :class:`QueryError` that says what is wrong and at which
column ("unbalanced parenthesis at column 8").

The grammar, loosest first (FTS5's own precedence: OR < AND < NOT)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          words side by side mean AND
    unary   := "NOT" unary | primary
    primary := "(" or_expr ")" | word | word* | "phrase" | "phrase"* | name:value

``a NOT b`` is read as ``a AND (NOT b)``, which selects the same articles as
FTS5's binary NOT. FTS5 has no "everything but x", so a NOT needs a positive
term beside it in the same AND group, except at the top of the query, where
``NOT x`` alone becomes a SQL filter (``Query.exclude``). Filters (feed:,
tag:, ...) narrow the whole query; they may stand in any AND group but not
under OR or NOT, where they would mean something we cannot do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_OPERATORS = {"AND", "OR", "NOT"}
_FILTERS = {"feed", "tag", "entity", "is", "after", "before"}
MAX_DEPTH = 32  # nested parentheses and NOTs; FTS5 itself stops at 256, Python's stack later

# One token at a time, at a known position. A field's value is a quoted string
# or a run of characters that are not space, quote or parenthesis, so
# "(feed:bbc)" closes its parenthesis.
_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<field>[a-z]+):(?P<fvalue>"[^"]*"?|[^\s()"]*)
  | (?P<phrase>"[^"]*"?)(?P<pstar>\*?)
  | (?P<paren>[()])
  | (?P<word>[^\s()"]+)
''', re.VERBOSE)


def _has_word_chars(text: str) -> bool:
    """Whether FTS5 will see a word in it: a word character (\\w) or one from U+00C0 to U+FFFF.
    Not a regex: a character class with that range takes 2-3 ms to compile, at every start."""
    return any(c.isalnum() or c == "_" or "\u00c0" <= c <= "\uffff" for c in text)


class QueryError(ValueError):
    """A query that cannot be run; the message names the place (1-based column)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


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
    ignored: bool = False  # is:ignored: only the articles the [[ignore]] rules hide
    # Words in a script written without spaces (Chinese, Japanese, Thai; Korean's particles):
    # FTS5's unicode61 tokenizer takes a whole run of it for one token, so "日本語" is never
    # found inside "…の日本語の…". Searched for as text in the title and body instead.
    contains: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.match or self.exclude or self.feeds or self.tags or self.entities
                    or self.unread is not None or self.starred is not None
                    or self.after or self.before or self.ignored or self.contains)


def unspaced_script(text: str) -> bool:
    """Whether the text holds a letter of a script written without spaces between words."""
    return any("\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff"
               or "\uac00" <= c <= "\ud7af" or "\u0e00" <= c <= "\u0eff" or "\uf900" <= c <= "\ufaff"
               for c in text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# -- tokens -------------------------------------------------------------------------


@dataclass
class _Tok:
    kind: str  # "op", "(", ")", "term", "filter", "noise"
    text: str  # as typed
    col: int  # 1-based column of its first character
    value: str = ""  # the term's words, the filter's value
    name: str = ""  # the filter's name
    prefix: bool = False


def _clean(text: str) -> str:
    """Control characters (NUL, ESC, newlines ...) become spaces, so columns stay where they were.
    A lone surrogate (an undecodable byte in a command-line argument) cannot reach SQLite."""
    out = []
    for i, c in enumerate(text):
        if "\ud800" <= c <= "\udfff":
            raise QueryError(f"undecodable character at column {i + 1}", i + 1)
        out.append(" " if c < " " or "\x7f" <= c <= "\x9f" else c)
    return "".join(out)


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        col = m.start() + 1
        if m.group("space"):
            continue
        if m.group("field") is not None:
            name, raw = m.group("field"), m.group("fvalue")
            if raw.startswith('"') and (len(raw) == 1 or not raw.endswith('"')):
                raise QueryError(f"unclosed quote at column {m.start('fvalue') + 1} (in {name}:)",
                                 m.start("fvalue") + 1)
            if name not in _FILTERS:
                # Not a filter we know: search for it as words ("time:9am").
                toks.append(_word(m.group(0), col))
                continue
            value = raw[1:-1] if raw.startswith('"') else raw
            if not value.strip():
                raise QueryError(f"{name}: at column {col} needs a value, e.g. {_EXAMPLES[name]}", col)
            toks.append(_Tok("filter", m.group(0), col, value=value.strip(), name=name))
        elif m.group("phrase"):
            phrase = m.group("phrase")
            if len(phrase) == 1 or not phrase.endswith('"'):
                raise QueryError(f"unclosed quote at column {col}", col)
            words = phrase[1:-1]
            kind = "term" if _has_word_chars(words) else "noise"
            toks.append(_Tok(kind, m.group(0), col, value=words, prefix=bool(m.group("pstar"))))
        elif m.group("paren"):
            toks.append(_Tok(m.group("paren"), m.group("paren"), col))
        else:
            word = m.group("word")
            toks.append(_Tok("op", word, col) if word in _OPERATORS else _word(word, col))
    return toks


def _word(word: str, col: int) -> _Tok:
    core = word.rstrip("*")
    if not _has_word_chars(core):
        return _Tok("noise", word, col)  # "*", "-", ":" ... FTS5 would index nothing of it
    return _Tok("term", word, col, value=core, prefix=core != word)


_EXAMPLES = {"feed": 'feed:"BBC News"', "tag": "tag:eu", "entity": 'entity:"Angela Merkel"',
             "is": "is:unread", "after": "after:2021-10-06", "before": "before:2021-10-06"}


# -- the tree -----------------------------------------------------------------------


@dataclass
class _Node:
    kind: str  # "term", "filter", "and", "or", "not"
    tok: _Tok  # where it starts (for messages)
    children: list[_Node] = field(default_factory=list)


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        # Punctuation-only words ("*", "-") are not searchable: skip them, but remember the first
        # for the message when nothing else is left.
        self.noise = [t for t in toks if t.kind == "noise"]
        self.toks = [t for t in toks if t.kind != "noise"]
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> _Node | None:
        if not self.toks:
            return None
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a ")" with no "(" stops or_expr early
            raise QueryError(f"unbalanced parenthesis at column {tok.col}: no ( before this )", tok.col)
        return node

    def or_expr(self) -> _Node:
        first = self.and_expr()
        children = [first]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.take()
            self.operand_after(tok)
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else _Node("or", first.tok, children)

    def and_expr(self) -> _Node:
        first = self.unary()
        children = [first]
        while (tok := self.peek()) is not None:
            if tok.kind == "op" and tok.text == "AND":
                self.take()
                self.operand_after(tok)
            elif tok.kind == ")" or (tok.kind == "op" and tok.text == "OR"):
                break
            children.append(self.unary())
        return children[0] if len(children) == 1 else _Node("and", first.tok, children)

    def unary(self) -> _Node:
        tok = self.peek()
        if tok is None:  # callers check for an operand first
            raise AssertionError("unary() at the end")
        if tok.kind == "op":
            if tok.text != "NOT":
                raise QueryError(f"{tok.text} at column {tok.col} needs a word or group before it", tok.col)
            self.take()
            self.operand_after(tok)
            self.enter(tok)
            node = _Node("not", tok, [self.unary()])
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> _Node:
        tok = self.take()
        if tok.kind == "(":
            nxt = self.peek()
            if nxt is None:
                raise QueryError(f"unbalanced parenthesis at column {tok.col}: this ( is never closed", tok.col)
            if nxt.kind == ")":
                raise QueryError(f"empty parentheses at column {tok.col}", tok.col)
            self.enter(tok)
            node = self.or_expr()
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError(f"unbalanced parenthesis at column {tok.col}: this ( is never closed", tok.col)
            self.take()
            return node
        if tok.kind == ")":
            raise QueryError(f"unbalanced parenthesis at column {tok.col}: no ( before this )", tok.col)
        return _Node(tok.kind, tok)  # "term" or "filter"

    def operand_after(self, op: _Tok) -> None:
        """An operator must have a word, phrase, group or NOT after it."""
        tok = self.peek()
        if tok is None or tok.kind == ")" or (tok.kind == "op" and tok.text != "NOT"):
            raise QueryError(f"{op.text} at column {op.col} needs a word or group after it", op.col)

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"too deeply nested at column {tok.col} (more than {MAX_DEPTH} levels)", tok.col)


# -- from the tree to FTS5 and filters ---------------------------------------------------


class _Writer:
    def __init__(self, query: Query) -> None:
        self.query = query

    def top(self, node: _Node) -> None:
        positives, negatives = self.conjuncts(node, terms=True, inside=None)
        query = self.query
        if positives:
            match = " AND ".join(positives)
            if negatives:
                match = f"({match}) NOT " + self.any_of(negatives)
            query.match = match
        elif negatives:
            query.exclude = self.any_of(negatives)

    @staticmethod
    def any_of(parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def conjuncts(self, node: _Node, *, terms: bool, inside: str | None) -> tuple[list[str], list[str]]:
        """The positive FTS5 pieces of an AND group and the pieces its NOTs take away.
        ``inside``: the OR or NOT above the group (filters are allowed only with none).
        ``terms``: its words count for highlighting."""
        parts = node.children if node.kind == "and" else [node]
        positives: list[str] = []
        negatives: list[str] = []
        for part in parts:
            if part.kind == "and":
                p, n = self.conjuncts(part, terms=terms, inside=inside)
                positives += p
                negatives += n
            elif part.kind == "not":
                negatives.append(self.expr(part.children[0], terms=False, inside="NOT"))
            elif part.kind == "filter":
                if inside is not None:
                    self.expr(part, terms=terms, inside=inside)  # raises: a filter under OR or NOT
                self.filter(part.tok)
            elif part.kind == "term" and inside is None and part.tok.text == "starred":
                self.query.starred = True  # the flag, as is:starred; "starred" in quotes searches the word
            elif part.kind == "term" and inside is None and unspaced_script(part.tok.value):
                # Found as text (Query.contains); under OR or NOT such a word stays an FTS5 word.
                self.query.contains.append(part.tok.value)
                if terms:
                    self.query.terms.append(part.tok.value)
            else:
                positives.append(self.expr(part, terms=terms, inside=inside))
        return positives, negatives

    def expr(self, node: _Node, *, terms: bool, inside: str | None) -> str:
        """A self-contained FTS5 expression for the node; ``inside`` names the OR or NOT above it."""
        if node.kind == "term":
            tok = node.tok
            if terms:
                self.query.terms.append(tok.value)
            return _quote(tok.value) + ("*" if tok.prefix else "")
        if node.kind == "filter":
            tok = node.tok
            raise QueryError(f"{tok.text} at column {tok.col} cannot be used inside {inside}: "
                             f"filters narrow the whole search", tok.col)
        if node.kind == "or":
            return "(" + " OR ".join(self.expr(c, terms=terms, inside="OR") for c in node.children) + ")"
        if node.kind == "not":
            tok = node.tok
            if inside == "NOT":
                raise QueryError(f"NOT at column {tok.col} follows another NOT", tok.col)
            raise QueryError(f"NOT at column {tok.col} needs a word beside it in the same group "
                             f"(inside {inside}, nothing to take it from)", tok.col)
        # an AND group below an OR or NOT: no filters there; it needs a positive part for FTS5
        positives, negatives = self.conjuncts(node, terms=terms, inside=inside)
        if not positives:
            tok = _first_not(node)
            raise QueryError(f"NOT at column {tok.col} needs a word beside it in the same group "
                             f"(inside {inside}, nothing to take it from)", tok.col)
        match = " AND ".join(positives)
        if negatives:
            return f"(({match}) NOT {self.any_of(negatives)})"
        return f"({match})"

    def filter(self, tok: _Tok) -> None:
        query, name, value = self.query, tok.name, tok.value
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
            elif flag == "ignored":
                query.ignored = True
            else:
                raise QueryError(f"is:{value}: expects is:unread, is:read, is:starred or is:ignored (column {tok.col})",
                                 tok.col)
        elif name in ("after", "before"):
            try:
                day = date.fromisoformat(value).isoformat()
            except ValueError:
                raise QueryError(f"{name}: expects a date like 2021-10-06, not {value!r} (column {tok.col})",
                                 tok.col) from None
            setattr(query, name, day)


def _first_not(node: _Node) -> _Tok:
    """The NOT that starts an AND group with nothing but NOTs in it."""
    for child in node.children:
        if child.kind == "not":
            return child.tok
        if child.kind == "and":
            return _first_not(child)
    return node.tok


def parse_query(text: str) -> Query:
    """The query for a search text, or :class:`QueryError` saying where the text is wrong.

    Every accepted query runs in SQLite: ``match`` and ``exclude`` are FTS5
    expressions built only from quoted words and our own operators.
    """
    query = Query()
    parser = _Parser(_tokens(_clean(text)))
    tree = parser.parse()
    if tree is None:
        if parser.noise:
            tok = parser.noise[0]
            raise QueryError(f"nothing to search for: {tok.text!r} at column {tok.col} has no letters or digits",
                             tok.col)
        return query  # blank: everything
    _Writer(query).top(tree)
    return query


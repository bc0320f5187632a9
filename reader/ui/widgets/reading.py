"""The reading pane: one article, its entities and dates highlighted by label.

Text from the feed only ever reaches the screen through ``Content(text)``
with styles applied by offset, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from reader.ingest.text import paragraphs
from reader.model import DATE, Article, Span
from reader.ui.format import full_date, one_line, safe

LABEL_STYLES = {
    "PERSON": "bold $text-success",
    "ORG": "bold $text-accent",
    "PLACE": "bold underline $text-primary",
    "MISC": "italic $text-secondary",
    "DATE": "underline $text-warning",
}
LABEL_NAMES = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "MISC": "misc", "DATE": "date"}
CURRENT_STYLE = "reverse"
SENTENCE_STYLE = "on $warning-muted"
TERM_STYLE = "bold on $accent-muted"


def term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """A regex for search terms: whole words, or word prefixes for ``prefix*``."""
    parts = []
    for term in terms:
        term = term.strip().strip('"')
        if not term:
            continue
        if term.endswith("*"):
            parts.append(r"\b" + re.escape(term.rstrip("*")) + r"\w*")
        else:
            parts.append(r"\b" + re.escape(term) + r"\b")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def highlight(text: str, offset: int, spans: Iterable[Span], *, terms: re.Pattern | None = None,
              current: Span | None = None, sentence: tuple[int, int] | None = None) -> Content:
    """``text`` (which starts at ``offset`` in the article) with spans styled by label."""
    content = Content(safe(text))  # safe() maps one character to one: offsets stay right
    end = offset + len(text)
    if sentence is not None and sentence[0] < end and offset < sentence[1]:
        content = content.stylize(SENTENCE_STYLE, max(0, sentence[0] - offset), min(len(text), sentence[1] - offset))
    for span in spans:
        if span.end <= offset or span.start >= end:
            continue
        style = LABEL_STYLES.get(span.label, "bold")
        content = content.stylize(style, max(0, span.start - offset), min(len(text), span.end - offset))
    if terms is not None:
        for match in terms.finditer(text):
            content = content.stylize(TERM_STYLE, match.start(), match.end())
    if current is not None and current.start < end and offset < current.end:
        content = content.stylize(CURRENT_STYLE, max(0, current.start - offset), min(len(text), current.end - offset))
    return content


def legend(labels: Iterable[str]) -> Content:
    parts: list[Content] = []
    for label in labels:
        parts.append(Content(LABEL_NAMES[label]).stylize(LABEL_STYLES[label]))
    return Content(" ").join(parts) if parts else Content("")


class Paragraph(Static):
    """One paragraph or subheading of the article, knowing where it sits in the text."""

    def __init__(self, start: int, end: int, heading: bool, content: Content | str = "") -> None:
        super().__init__(content, classes="heading" if heading else "paragraph", markup=False)
        self.start = start
        self.end = end


class ReadingPane(VerticalScroll, can_focus=True):
    """Title, source, date, link, then the text. Focus it to page; e/E pick entities."""

    class EntityChosen(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self._terms: re.Pattern | None = None
        self._entities: list[Span] = []  # the ones e/E step through (no dates)
        self.entity_index: int | None = None
        self._sentence: tuple[int, int] | None = None

    def compose(self):
        yield Static(id="title", markup=False)
        yield Static(id="meta", markup=False)
        yield Static(id="link", markup=False)
        yield Static(id="legend", markup=False)
        yield Static(id="notice", markup=False)
        yield Vertical(id="body")

    # -- showing -------------------------------------------------------------

    @property
    def current_entity(self) -> Span | None:
        if self.entity_index is None or not self._entities:
            return None
        return self._entities[self.entity_index]

    def clear(self, message: str = "No article to show.") -> None:
        self.article = None
        self._entities = []
        self.entity_index = None
        self.border_subtitle = ""
        for name in ("title", "meta", "link", "legend"):
            self.query_one(f"#{name}", Static).update("")
        self.query_one("#notice", Static).update(Content(message))
        self.query_one("#body").remove_children()

    def show(self, article: Article, terms: Iterable[str] = (), *, keep_position: bool = False) -> None:
        same = self.article is not None and self.article.id == article.id
        scroll = self.scroll_offset.y if (same and keep_position) else 0
        self.article = article
        self._terms = term_pattern(terms)
        self._entities = [s for s in article.entities if s.label != DATE]
        if not (same and keep_position):
            self.entity_index = None
            self._sentence = None
        elif self.entity_index is not None and self.entity_index >= len(self._entities):
            self.entity_index = None
        self.query_one("#title", Static).update(
            highlight(one_line(article.title) or "(untitled)", 0, [], terms=self._terms))
        meta = one_line(article.feed) + "  ·  " + full_date(article.published)
        if article.date_is_guess:
            meta += " (date guessed)"
        if article.author:
            meta += "  ·  " + one_line(article.author)
        self.query_one("#meta", Static).update(Content(meta))
        link = self.query_one("#link", Static)
        if article.url:
            url = one_line(article.url)
            style = Style(link=url) if url.startswith(("http://", "https://")) else Style()
            link.update(Content(url).stylize(style))
        else:
            link.update(Content("(no link)"))
        notice = self.query_one("#notice", Static)
        if not article.analysed:
            notice.update(Content("Not analysed yet: names and dates will be highlighted once analysis reaches "
                                  "this article."))
            self.query_one("#legend", Static).update("")
            self.query_one("#legend", Static).display = False
        else:
            labels = [label for label in LABEL_STYLES if any(s.label == label for s in article.entities)]
            self.query_one("#legend", Static).update(Content("Highlights: ") + legend(labels) if labels else "")
            self.query_one("#legend", Static).display = bool(labels)
            notice.update(Content("No names or dates were found in this article.") if not article.entities
                          else Content(""))
        body = self.query_one("#body")
        body.remove_children()
        # Each paragraph is mounted with its highlights: laid out and painted once, not empty first.
        body.mount_all([Paragraph(start, end, heading, self._highlighted(start, end))
                        for start, end, heading in paragraphs(article.text)])
        self._update_subtitle()
        self.call_after_refresh(self.scroll_to, 0, scroll, animate=False)

    def _highlighted(self, start: int, end: int) -> Content:
        assert self.article is not None
        spans = self.article.entities if self.article.analysed else []
        return highlight(self.article.text[start:end], start, spans, terms=self._terms,
                         current=self.current_entity, sentence=self._sentence)

    def _paint(self, only: tuple[int, int] | None = None) -> None:
        if self.article is None:
            return
        for para in self.query(Paragraph):
            if only is not None and (para.end <= only[0] or para.start >= only[1]):
                continue
            para.update(self._highlighted(para.start, para.end))

    def _update_subtitle(self) -> None:
        span = self.current_entity
        if span is None:
            self.border_subtitle = ""
            return
        assert self.entity_index is not None
        name = one_line(span.name or span.text)
        self.border_subtitle = Content(f"{self.entity_index + 1}/{len(self._entities)} {name} "
                                       f"({LABEL_NAMES.get(span.label, span.label)}) · Enter: its articles")

    # -- entities and sentences -------------------------------------------------

    def move_entity(self, step: int) -> Span | None:
        """Highlight the next (step 1) or previous (-1) entity; None when there are none."""
        if not self._entities:
            return None
        old = self.current_entity
        if self.entity_index is None:
            self.entity_index = 0 if step > 0 else len(self._entities) - 1
        else:
            self.entity_index = (self.entity_index + step) % len(self._entities)
        span = self.current_entity
        assert span is not None
        if old is not None:
            self._paint((old.start, old.end))
        self._paint((span.start, span.end))
        self._update_subtitle()
        self.scroll_to_offset(span.start)
        return span

    def highlight_sentence(self, start: int, end: int) -> None:
        old = self._sentence
        self._sentence = (start, end)
        if old is not None:
            self._paint(old)
        self._paint((start, end))
        self.scroll_to_offset(start)

    def scroll_to_offset(self, offset: int) -> None:
        self.call_after_refresh(self._scroll_to_offset, offset)

    def _scroll_to_offset(self, offset: int) -> None:
        for para in self.query(Paragraph):
            if para.start <= offset < max(para.end, para.start + 1):
                fraction = (offset - para.start) / max(1, para.end - para.start)
                y = para.region.y - self.region.y + self.scroll_offset.y + int(fraction * para.outer_size.height)
                self.scroll_to(y=max(0, y - self.size.height // 3), animate=False)
                return

    def on_click(self, event) -> None:
        """A click on an entity makes it the current one."""
        if self.article is None:
            return
        widget = event.widget
        if not isinstance(widget, Paragraph):
            return
        offset = event.get_content_offset(widget)
        if offset is None:
            return
        # Find the character under the pointer by re-wrapping the paragraph's text.
        index = _char_at(self.article.text[widget.start:widget.end], widget.content_size.width, offset.x, offset.y)
        if index is None:
            return
        position = widget.start + index
        for i, span in enumerate(self._entities):
            if span.start <= position < span.end:
                old = self.current_entity
                self.entity_index = i
                if old is not None:
                    self._paint((old.start, old.end))
                self._paint((span.start, span.end))
                self._update_subtitle()
                if event.chain >= 2:
                    self.post_message(self.EntityChosen(span))
                return


def _char_at(text: str, width: int, x: int, y: int) -> int | None:
    """Index of the character at (x, y) of ``text`` word-wrapped to ``width`` (approximate)."""
    if width <= 0:
        return None
    line = 0
    start = 0
    for match in re.finditer(r"\S+\s*", text):
        if match.end() - start > width and match.start() > start:
            line += 1
            start = match.start()
        if line == y and match.start() - start <= x < match.end() - start:
            return match.start() + (x - (match.start() - start))
        if line > y:
            return None
    return None

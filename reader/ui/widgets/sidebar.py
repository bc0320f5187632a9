"""The sidebar: the article's timeline, then related articles from the cache.

It shows what the library returns and nothing else; where that is nothing
(not analysed yet, no dated events, no related articles, or the related
index not built), it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.ui.format import MUTED, cells, clip, event_sort_key, hanging, one_line, relative_date


@dataclass
class TimelineItem:
    """One event on a timeline: the article's own, or reported elsewhere."""

    value: str
    mod: str
    display: str
    text: str
    own: bool = True
    sources: list[tuple[int, str]] = field(default_factory=list)  # (article id, title)
    start: int = 0
    end: int = 0


def items_from_events(events, own: bool = True) -> list[TimelineItem]:
    items = []
    for ev in events:
        items.append(TimelineItem(
            value=ev.value, mod=getattr(ev, "mod", ""), display=ev.display, text=ev.text,
            own=getattr(ev, "own", own), sources=list(getattr(ev, "sources", []) or []),
            start=getattr(ev, "start", 0), end=getattr(ev, "end", 0)))
    return items


SECTION_STYLE = "bold $text-accent"
OWN_MARK = "•"
ELSEWHERE_MARK = "◦"
FALLBACK_WIDTH = 26  # before the first layout (or while the sidebar is folded away)
GIST_LINES = 3  # an event's gist is its sentence, shortened: Enter shows the whole sentence
RELATED_LINES = 8  # a related article's title or meta wraps (the sidebar scrolls) rather than being cut
DATE_COLUMN = 13  # "late Sep 2021"; longer dates are cut in the column
COLUMN_MIN_GIST = 28  # the date gets a column of its own when this much room is left for the gist


class _Compact(OptionList):
    """An OptionList whose prompts are laid out for its width, again when that changes."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._laid_out_for = 0

    @property
    def text_width(self) -> int:
        """Cells for a prompt: the content width less the option's padding (the scrollbar gutter is stable)."""
        width = self.scrollable_content_region.width - 2
        return width if width > 4 else FALLBACK_WIDTH

    def on_resize(self) -> None:
        if self.text_width != self._laid_out_for:
            highlighted = self.highlighted
            self._lay_out()
            if highlighted is not None and highlighted < self.option_count:
                self.highlighted = highlighted

    def _lay_out(self) -> None:
        raise NotImplementedError


class Timeline(_Compact):
    """Events oldest first: a dim date, then the gist; • the article's own, ◦ from elsewhere.

    Enter jumps to the sentence (or opens the source of an event from elsewhere).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: dict[str, TimelineItem] = {}
        self._items: list[TimelineItem] = []
        self._current: int | None = None

    def set_items(self, items: list[TimelineItem], *, current: int | None = None, sort: bool = False) -> None:
        """Show events in the order given (the library's timelines are oldest first already)."""
        if sort:
            items = sorted(items, key=lambda it: event_sort_key(it.value, it.mod))
        self._items = list(items)
        self._current = current
        self._lay_out()
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self.highlighted = first

    def _lay_out(self) -> None:
        width = self._laid_out_for = self.text_width
        dates = [one_line(item.display) or item.value for item in self._items]
        column = min(DATE_COLUMN, max((cells(d) for d in dates), default=0)) + 1
        # A date column when the gist keeps enough room; else the date heads its event.
        beside = width - 2 - column >= COLUMN_MIN_GIST
        self.items = {}
        options: list[Option] = []
        for i, (item, date) in enumerate(zip(self._items, dates)):
            key = f"event-{i}"
            self.items[key] = item
            options.append(Option(self._prompt(item, date, width, column if beside else 0), id=key))
        self.set_options(options)

    def _prompt(self, item: TimelineItem, date: str, width: int, column: int) -> Content:
        mark = (Content(OWN_MARK).stylize("bold $text-accent") if item.own
                else Content(ELSEWHERE_MARK).stylize(MUTED))
        gist_style = "" if item.own else "italic"
        dim = MUTED
        if column:
            indent = 2 + column
            lines = hanging(item.text, width, first=width - indent, indent=indent, max_lines=GIST_LINES)
            date = clip(date, column - 1)
            first = mark + Content(" ") + Content(date + " " * (column - cells(date))).stylize(dim)
            rows = [first + Content(lines[0] if lines else "").stylize(gist_style)]
            rows += [Content(" " * indent + line).stylize(gist_style) for line in lines[1:]]
        else:  # the gist starts after the date and wraps under it
            indent = 2
            date = clip(date, width - 2)
            lead = 2 + cells(date) + 2
            lines = hanging(item.text, width, first=width - lead, indent=indent, max_lines=GIST_LINES)
            first = mark + Content(" ") + Content(date).stylize(dim) + Content("  ")
            rows = [first + Content(lines[0] if lines else "").stylize(gist_style)]
            rows += [Content(" " * indent + line).stylize(gist_style) for line in lines[1:]]
        sources = [title for article_id, title in item.sources if article_id != self._current]
        if sources:
            if item.own:
                line = f"+{len(sources)} source{'s' if len(sources) > 1 else ''}"
            else:
                more = f" +{len(sources) - 1}" if len(sources) > 1 else ""
                line = "\n".join(" " * indent + part for part in hanging(
                    "from " + one_line(sources[0]) + more, width, first=width - indent, indent=indent,
                    max_lines=RELATED_LINES))
                rows.append(Content(line).stylize(dim))
                return Content("\n").join(rows)
            rows.append(Content(" " * indent + line).stylize(dim))
        return Content("\n").join(rows)


def related_meta(article, width: int, now: datetime | None) -> str:
    """"feed · date · shares: A, B", wrapped to ``width`` (issue 17 item 18: the sidebar's
    items wrap rather than being cut with "…"), the date kept with the feed's line where
    it fits."""
    when = relative_date(article.published, now)
    shared = [one_line(s) for s in (getattr(article, "shared", []) or [])[:5]]
    parts = [one_line(article.feed) + " · " + when]
    if shared:
        parts.append("shares: " + ", ".join(shared))
    lines: list[str] = []
    for part in parts:
        if lines and cells(lines[-1]) + 3 + cells(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += hanging(part, width, first=width, indent=0, max_lines=RELATED_LINES)
    return "\n".join(lines)


def related_prompt(article, width: int, now: datetime | None) -> Content:
    """A related article in the sidebar: its title in bold, wrapped, then its dim related_meta."""
    title = hanging(article.title or "(untitled)", width, first=width, indent=0, max_lines=RELATED_LINES)
    prompt = Content("\n".join(title) or "(untitled)").stylize("bold")
    return prompt + Content("\n") + Content(related_meta(article, width, now)).stylize(MUTED)


class RelatedList(_Compact):
    """Related articles: the title, then a dim "feed · date · shares: A, B"; Enter opens one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._articles: list = []
        self._now: datetime | None = None

    def set_articles(self, articles, now: datetime | None) -> None:
        self._articles = list(articles)
        self._now = now
        self._lay_out()
        self.highlighted = 0 if self._articles else None

    def _lay_out(self) -> None:
        width = self._laid_out_for = self.text_width
        options: list[Option] = []
        for article in self._articles:
            options.append(Option(related_prompt(article, width, self._now), id=f"article-{article.id}"))
        self.set_options(options)


class Sidebar(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._titles = {"timeline": Content("Timeline"), "related": Content("Related")}

    class JumpTo(Message):
        """Enter on one of the open article's own events."""

        def __init__(self, item: TimelineItem) -> None:
            super().__init__()
            self.item = item

    class OpenArticle(Message):
        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def compose(self):
        # Each section's title, legend and note are the lines of one Static (fewer widgets to start).
        yield Static(id="timeline-head", classes="section-head", markup=False)
        from reader.ui.widgets.timeline_view import MiniAxis

        yield MiniAxis(id="timeline-axis-mini")  # the events on a time axis, at 140 columns and more
        yield Timeline(id="timeline")
        yield Static(id="related-head", classes="section-head", markup=False)
        yield RelatedList(id="related")

    def _head(self, which: str, note: str, title: Content | None = None) -> None:
        """The section's title (kept when not given), then its legend (the timeline's, when it has
        events) and its note, each on a line of its own."""
        if title is not None:
            self._titles[which] = title
        lines = [self._titles[which].stylize_before(SECTION_STYLE)]
        if which == "timeline" and self.query_one(Timeline).items:
            lines.append(Content(f"{OWN_MARK} here  {ELSEWHERE_MARK} elsewhere").stylize(MUTED))
        if note:
            lines.append(Content(note).stylize(MUTED))
        self.query_one(f"#{which}-head", Static).update(Content("\n").join(lines))

    def _axis(self, events, article) -> None:
        from reader.ui.widgets.timeline_view import MiniAxis

        self.query_one(MiniAxis).set_events(list(events), article.published.date() if article else None)

    def clear(self) -> None:
        self._axis([], None)
        self.query_one(Timeline).set_items([])
        self.query_one(RelatedList).set_articles([], None)
        self._head("timeline", "No article open.", Content("Timeline"))
        self._head("related", "")

    def show_article(self, article, related, *, now: datetime | None, has_related: bool,
                     entity: str | None = None, entity_timeline=None) -> None:
        """The open article's timeline (or, in an entity view, the entity's), and its related articles."""
        timeline = self.query_one(Timeline)
        if entity is not None:
            title = Content("Timeline of ") + Content(one_line(entity))
            if entity_timeline is None:
                self._axis([], article)
                timeline.set_items([])
                self._head("timeline", "The cache has no timeline for entities yet.", title)
            else:
                items = items_from_events(entity_timeline, own=False)
                for item in items:
                    item.own = False
                timeline.set_items(items, current=article.id)
                self._head("timeline", "" if items else "No dated events mention this entity.", title)
                self._axis(entity_timeline, article)
        else:
            title = Content("Timeline")
            if not article.analysed:
                self._axis([], article)
                timeline.set_items([])
                self._head("timeline", "Not analysed yet.", title)
            else:
                if related is not None:
                    timeline.set_items(items_from_events(related.events), current=article.id)
                else:
                    timeline.set_items(items_from_events(article.events), current=article.id, sort=True)
                items = timeline.items
                self._head("timeline", "" if items else "No dated events in this article.", title)
                self._axis(related.events if related is not None else article.events, article)
        related_list = self.query_one(RelatedList)
        if not has_related:
            related_list.set_articles([], now)
            self._head("related", "Related articles are not available in this build yet.")
        elif not article.analysed:
            related_list.set_articles([], now)
            self._head("related", "Not analysed yet.")
        else:
            articles = list(related.articles) if related is not None else []
            related_list.set_articles(articles, now)
            self._head("related", "" if articles else "No related articles in the cache.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("article-"):
            self.post_message(self.OpenArticle(int(option_id.split("-", 1)[1])))
        elif option_id.startswith("event-"):
            item = self.query_one(Timeline).items.get(option_id)
            if item is None:
                return
            if item.own:
                self.post_message(self.JumpTo(item))
            elif item.sources:
                self.post_message(self.OpenArticle(item.sources[0][0]))

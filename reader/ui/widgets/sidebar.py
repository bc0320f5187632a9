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

from reader.ui.format import event_sort_key, one_line, relative_date, year_of


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


class Timeline(OptionList):
    """Events oldest first, grouped by year; Enter jumps to the sentence (or opens the source)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: dict[str, TimelineItem] = {}

    def set_items(self, items: list[TimelineItem], *, current: int | None = None, sort: bool = False) -> None:
        """Show events in the order given (the library's timelines are oldest first already)."""
        self.items = {}
        options: list[Option | None] = []
        year = None
        if sort:
            items = sorted(items, key=lambda it: event_sort_key(it.value, it.mod))
        for i, item in enumerate(items):
            group = year_of(item.value)
            if group != year:
                year = group
                options.append(Option(Content(group).stylize("bold $text-accent"), disabled=True))
            elif options:
                options.append(None)
            key = f"event-{i}"
            self.items[key] = item
            shown = one_line(item.display) or item.value
            prompt = Content(shown if shown != group else "").stylize("bold")
            if not item.own:
                prompt = prompt + Content("  elsewhere").stylize("italic $text-muted")
            if prompt.plain:
                prompt = prompt + Content("\n")
            prompt = prompt + Content(one_line(item.text))
            sources = [(i, t) for i, t in item.sources if i != current]
            if sources:
                titles = "; ".join(one_line(title) for _id, title in sources[:3])
                more = f" and {len(sources) - 3} more" if len(sources) > 3 else ""
                prompt = prompt + Content("\n") + Content(f"{'also in' if item.own else 'from'}: {titles}{more}").stylize("$text-muted")
            options.append(Option(prompt, id=key))
        self.set_options(options)
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self.highlighted = first


class RelatedList(OptionList):
    """Related articles: title, source, date, shared entities; Enter opens one."""

    def set_articles(self, articles, now: datetime | None) -> None:
        options: list[Option | None] = []
        for article in articles:
            prompt = Content(one_line(article.title) or "(untitled)").stylize("bold")
            meta = f"{one_line(article.feed)} · {relative_date(article.published, now)}"
            prompt = prompt + Content("\n") + Content(meta).stylize("$text-muted")
            shared = list(getattr(article, "shared", []) or [])
            if shared:
                prompt = prompt + Content("\n") + Content("shares: " + ", ".join(one_line(s) for s in shared[:5]))
            if options:
                options.append(None)
            options.append(Option(prompt, id=f"article-{article.id}"))
        self.set_options(options)
        self.highlighted = 0 if options else None


class Sidebar(Vertical):
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
        yield Static("Timeline", id="timeline-title", classes="section-title", markup=False)
        yield Static(id="timeline-note", classes="note", markup=False)
        yield Timeline(id="timeline")
        yield Static("Related", id="related-title", classes="section-title", markup=False)
        yield Static(id="related-note", classes="note", markup=False)
        yield RelatedList(id="related")

    def _note(self, which: str, text: str) -> None:
        note = self.query_one(f"#{which}-note", Static)
        note.update(Content(text))
        note.display = bool(text)

    def clear(self) -> None:
        self.query_one("#timeline-title", Static).update("Timeline")
        self.query_one(Timeline).set_items([])
        self.query_one(RelatedList).set_articles([], None)
        self._note("timeline", "No article open.")
        self._note("related", "")

    def show_article(self, article, related, *, now: datetime | None, has_related: bool,
                     entity: str | None = None, entity_timeline=None) -> None:
        """The open article's timeline (or, in an entity view, the entity's), and its related articles."""
        timeline = self.query_one(Timeline)
        title = self.query_one("#timeline-title", Static)
        if entity is not None:
            title.update(Content("Timeline of ") + Content(one_line(entity)).stylize("bold"))
            if entity_timeline is None:
                timeline.set_items([])
                self._note("timeline", "The cache has no timeline for entities yet.")
            else:
                items = items_from_events(entity_timeline, own=False)
                for item in items:
                    item.own = False
                timeline.set_items(items, current=article.id)
                self._note("timeline", "" if items else "No dated events mention this entity.")
        else:
            title.update("Timeline")
            if not article.analysed:
                timeline.set_items([])
                self._note("timeline", "Not analysed yet.")
            else:
                if related is not None:
                    timeline.set_items(items_from_events(related.events), current=article.id)
                else:
                    timeline.set_items(items_from_events(article.events), current=article.id, sort=True)
                items = timeline.items
                self._note("timeline", "" if items else "No dated events in this article.")
        related_list = self.query_one(RelatedList)
        if not has_related:
            related_list.set_articles([], now)
            self._note("related", "Related articles are not available in this build yet.")
        elif not article.analysed:
            related_list.set_articles([], now)
            self._note("related", "Not analysed yet.")
        else:
            articles = list(related.articles) if related is not None else []
            related_list.set_articles(articles, now)
            self._note("related", "" if articles else "No related articles in the cache.")

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

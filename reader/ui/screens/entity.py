"""The entity page: what the cache knows about one name.

Kind and aliases, a chart of mentions per week or month (Unicode eighth
blocks, see chart_content), the names it most often appears with (Enter
opens their page), its dated events on the timeline view, and the articles
that mention it, newest first (Enter goes back to the main screen on that
article). ``a`` lists its articles in the main list; q or Escape goes back.
The data is Library.entity_page, read in a worker.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.entities_view import bars
from reader.ui.format import MUTED, one_line, relative_date
from reader.ui.widgets.reading import LABEL_NAMES, LABEL_STYLES
from reader.ui.widgets.timeline_view import TimelineAxis, TimelinePanel

HINT = "Tab: next part · Enter: open · ←/→ events · a: list its articles · q/Esc: back"
CHART_ROWS = 4


def chart_content(page, width: int, height: int = CHART_ROWS) -> Content:
    """Mentions per period as bars ``height`` rows high, the newest periods that fit, labelled under."""
    if not page.periods:
        return Content("No dated mentions.").stylize(MUTED)
    room = max(8, width - 4)
    shown = page.periods[-room:]
    counts = [p.count for p in shown]
    wide = max(1, min(6, room // len(shown)))  # few periods: wider bars
    lines = [Content("".join(ch * wide for ch in row)).stylize("$text-accent") for row in bars(counts, height)]
    first, last = shown[0].label, shown[-1].label
    top = max(counts)
    cells = len(shown) * wide
    if len(shown) == 1:
        legend = first
    elif cells >= len(first) + len(last) + 1:
        legend = first + " " * (cells - len(first) - len(last)) + last
    else:
        legend = f"{first} – {last}"
    lines.append(Content(legend).stylize(MUTED))
    head = (f"Mentions per {page.unit} · most {top} in a {page.unit}"
            + (f" · the last {len(shown)} of {len(page.periods)} {page.unit}s" if len(shown) < len(page.periods) else ""))
    return Content("\n").join([Content(head).stylize("bold"), *lines])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _article_prompt(article, now, width: int) -> Content:
    """"  6 Oct 2021  Title · Feed" on one line of ``width`` cells (the title is cut first, then the feed)."""
    when = f"{relative_date(article.published, now):>11}  "
    title = one_line(article.title)
    feed = f" · {one_line(article.feed)}" if article.feed else ""
    room = width - len(when)
    if len(title) + len(feed) > room:
        feed = _cut(feed, max(0, min(len(feed), room // 3)))
        title = _cut(title, max(1, room - len(feed)))
    return Content(when).stylize(MUTED) + Content(title) + Content(feed).stylize(MUTED)


class EntityScreen(Screen):
    DEFAULT_CSS = """
    EntityScreen { layout: vertical; }
    EntityScreen #entity-body { display: none; height: 1fr; }
    EntityScreen.-loaded #entity-body { display: block; }
    EntityScreen #entity-head { height: auto; max-height: 2; padding: 0 1; background: $panel;
                                text-wrap: nowrap; text-overflow: ellipsis; }
    EntityScreen #entity-chart { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: clip; }
    EntityScreen #entity-lists { height: 1fr; min-height: 5; }
    EntityScreen #entity-lists > Vertical { width: 1fr; }
    EntityScreen #entity-lists > #entity-cooccur-box { width: 28; }
    EntityScreen .part-head { padding: 0 1; color: $text-muted; text-style: bold; }
    EntityScreen OptionList { height: 1fr; border: none; padding: 0; background: transparent;
                              & > .option-list--option { padding: 0 1; } }
    EntityScreen OptionList:focus { background: $boost; border: none; }
    EntityScreen TimelinePanel { padding: 0 1; }
    EntityScreen TimelinePanel > #timeline-detail { max-height: 6; }
    EntityScreen.-short TimelinePanel > #timeline-detail { max-height: 2; }
    EntityScreen #timeline-axis:focus { background: $boost; }
    EntityScreen #entity-hint { height: 1; padding: 0 1; }
    /* Under 20 rows the chart goes, so the lists keep rows; under 60 columns the lists stand
       one above the other, each the whole width. */
    EntityScreen.-tiny #entity-chart { display: none; }
    EntityScreen.-tiny TimelinePanel > #timeline-detail { max-height: 1; }
    EntityScreen.-narrow #entity-lists { layout: vertical; }
    EntityScreen.-narrow #entity-lists > Vertical { width: 1fr; height: 1fr; }
    EntityScreen.-narrow #entity-lists > #entity-cooccur-box { width: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "Back", show=False),
        Binding("a", "list_articles", "List its articles", show=False),
        # The hint says ←/→ move through the events: so they do from wherever the focus is (it
        # starts on the articles, whose list has no use for them).
        Binding("left", "events(-1)", "Previous event", show=False),
        Binding("right", "events(1)", "Next event", show=False),
    ]

    def __init__(self, library, name: str) -> None:
        super().__init__()
        self.library = library
        self.entity = name
        self.page = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content(one_line(self.entity)).stylize("bold") + Content(" · reading the cache…").stylize(MUTED),
                     id="entity-head", markup=False)
        with Vertical(id="entity-body"):  # shown once the page is read: one paint, with the data
            yield Static(Content(""), id="entity-chart", markup=False)
            yield TimelinePanel(id="entity-timeline")
            with Horizontal(id="entity-lists"):
                with Vertical(id="entity-cooccur-box"):
                    yield Static("Often with", classes="part-head", markup=False)
                    yield OptionList(id="entity-cooccur")
                with Vertical(id="entity-articles-box"):
                    yield Static("Articles, newest first", classes="part-head", markup=False)
                    yield OptionList(id="entity-articles")
        yield Static(Content(HINT).stylize(MUTED), id="entity-hint", markup=False)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            page = self.library.entity_page(self.entity)
        except Exception as exc:  # a busy or unreadable cache: say so, keep the app
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.show_page, page)

    def _failed(self, exc: Exception) -> None:
        self.loaded = True
        self.query_one("#entity-head", Static).update(
            Content(one_line(self.entity)).stylize("bold") + Content(f" · could not read the cache: {one_line(str(exc))}"))

    def show_page(self, page) -> None:
        self.page = page
        self.loaded = True
        head = self.query_one("#entity-head", Static)
        if page is None:
            head.update(Content(one_line(self.entity)).stylize("bold")
                        + Content(" · not in the cache (only analysed articles are known)").stylize(MUTED))
            return
        kind = LABEL_NAMES.get(page.kind, page.kind.lower() or "kind unknown")
        line = (Content(one_line(page.name)).stylize("bold " + LABEL_STYLES.get(page.kind, ""))
                + Content(f" · {kind} · ")
                + Content(f"{'at least ' if page.capped else ''}{page.mentions:,} "
                          f"article{'s' if page.mentions != 1 else ''}"))
        extra = []
        if page.aliases:
            extra.append("also written: " + ", ".join(one_line(a) for a in page.aliases[:6]))
        if page.others:
            extra.append("may also mean: " + ", ".join(one_line(a) for a in page.others[:4]))
        if extra:
            line = line + Content("\n" + " · ".join(extra)).stylize(MUTED)
        head.update(line)
        self._paint_chart()
        self.query_one(TimelinePanel).set_events(page.events, None, title=f"Events of {one_line(page.name)}")
        cooccur = self.query_one("#entity-cooccur", OptionList)
        cooccur.clear_options()
        if page.related:
            cooccur.add_options([Option(Content(one_line(n)) + Content(f" {c}").stylize(MUTED), id=f"n{i}")
                                 for i, (n, _label, c) in enumerate(page.related)])
        else:
            cooccur.add_option(Option(Content("no other names").stylize(MUTED), disabled=True))
        articles = self.query_one("#entity-articles", OptionList)
        articles.clear_options()
        now = getattr(self.app, "now", None)
        # One line each, cut to the list's width: a list of wrapped rows costs several times as much to lay out.
        # (The list is not laid out yet: its width is the screen's less the names' column of 28.)
        width = self.size.width or 80
        room = max(20, width - (5 if width < 60 else 28 + 5))  # under 60 columns the list has the width
        articles.add_options([Option(_article_prompt(a, now, room), id=f"a{a.id}") for a in page.articles])
        if page.articles:
            articles.highlighted = 0
        self.add_class("-loaded")
        articles.focus()

    def _paint_chart(self) -> None:
        if self.page is not None:
            chart = self.query_one("#entity-chart", Static)
            short = (self.size.height or 40) < 32
            chart.update(chart_content(self.page, self.size.width or 80, 2 if short else CHART_ROWS))

    def on_resize(self) -> None:
        height, width = self.size.height or 40, self.size.width or 80
        self.set_class(height < 32, "-short")
        self.set_class(height < 20, "-tiny")
        self.set_class(width < 60, "-narrow")
        self._paint_chart()

    def action_back(self) -> None:
        self.dismiss()

    def action_events(self, step: int) -> None:
        for axis in self.query(TimelineAxis):
            axis.action_step(step)

    def action_list_articles(self) -> None:
        name = self.page.name if self.page is not None else self.entity
        main = self.app.main_screen
        self._back_to_main()
        main._show_entity(name)

    def _back_to_main(self) -> None:
        main = self.app.main_screen
        while self.app.screen is not main and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        option_id = message.option.id or ""
        if self.page is None:
            return
        if option_id.startswith("n"):
            name = self.page.related[int(option_id[1:])][0]
            self.app.push_screen(EntityScreen(self.library, name))
        elif option_id.startswith("a"):
            main = self.app.main_screen
            self._back_to_main()
            main.follow(int(option_id[1:]))

    def on_timeline_axis_chosen(self, message: TimelineAxis.Chosen) -> None:
        sources = getattr(message.event, "sources", None) or []
        if sources:
            main = self.app.main_screen
            self._back_to_main()
            main.follow(sources[0][0])

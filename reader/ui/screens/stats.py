"""The cache at a glance (Statistics, from the palette or S): articles per
feed over the last months, unread by feed, entity kinds. Read in a worker
(reader.stats); q or Escape goes back."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.entities_view import sparkline
from reader.ui.format import MUTED, clip, one_line
from reader.ui.format import cells as cell_width
from reader.ui.widgets.reading import LABEL_NAMES

HINT = "↑/↓ scroll · q/Esc: back"
BAR = 20  # cells of the longest unread bar


def _cut(text: str, width: int) -> str:
    """One line of exactly ``width`` cells: cut with "…", or padded (a CJK name takes two a character)."""
    text = clip(text, width)
    return text + " " * (width - cell_width(text))


def stats_content(stats, width: int) -> Content:
    parts: list[Content] = []
    head = f"{stats.articles:,} articles · {stats.unread:,} unread · {len(stats.feeds)} feeds"
    parts.append(Content(head).stylize("bold"))
    months = stats.months
    # Under 60 columns the unread column gives way (the next part lists unread by feed).
    narrow = width < 60
    count_w = max(5, *(len(f"{f.articles:,}") for f in stats.feeds)) if stats.feeds else 5  # 123,456: 7
    name_w = max(8, min(30, width - len(months) - (12 + count_w if narrow else 30)))
    parts.append(Content(""))
    span = f"from {months[0]} to {months[-1]}" if months else "no dated articles"
    # The counts are of every article; the chart only of its months: the number after it says
    # how many of them it shows (QA: a chart of 12 months beside all-time counts read as wrong).
    parts.append(Content(f"Articles per feed, all time and per month ({span})").stylize("bold $text-accent"))
    columns = f"{'all':>{count_w}}  per month" if narrow else f"{'articles':>8} {'unread':>7}  per month, and how many"
    parts.append(Content(f"{'feed':<{name_w}} {columns}").stylize(MUTED))
    top_unread = max((f.unread for f in stats.feeds), default=0)
    for f in stats.feeds:
        counts = f"{f.articles:>{count_w},}" if narrow else f"{f.articles:>8,} {f.unread:>7,}"
        parts.append(Content(f"{_cut(f.feed, name_w)} {counts}  ")
                     + Content(sparkline(f.months)).stylize("$text-accent")
                     + Content(f" {sum(f.months):,}").stylize(MUTED))
    parts.append(Content(""))
    parts.append(Content("Unread by feed").stylize("bold $text-accent"))
    bar_w = max(5, min(BAR, width - name_w - 12))
    for f in sorted(stats.feeds, key=lambda f: -f.unread):
        cells = 0 if top_unread == 0 else max(1 if f.unread else 0, round(f.unread / top_unread * bar_w))
        parts.append(Content(f"{_cut(f.feed, name_w)} {f.unread:>7,} ") + Content("█" * cells)
                     .stylize("$text-warning"))
    parts.append(Content(""))
    parts.append(Content("Entity kinds").stylize("bold $text-accent"))
    if stats.kinds is None:
        parts.append(Content("counting…").stylize(MUTED))
    elif not stats.kinds:
        parts.append(Content("no analysed articles yet").stylize(MUTED))
    else:
        top = max(m for _k, _n, m in stats.kinds)
        for label, names, mentions in stats.kinds:
            cells = max(1, round(mentions / top * bar_w))
            parts.append(Content(f"{LABEL_NAMES.get(label, label.lower()):<14} {names:>7,} names "
                                 f"{mentions:>9,} mentions ") + Content("█" * cells).stylize("$text-success"))
    return Content("\n").join(parts)


class StatsScreen(Screen):
    DEFAULT_CSS = """
    StatsScreen #view-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    StatsScreen #stats-body { height: 1fr; padding: 0 1; }
    StatsScreen #view-hint { height: 1; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "back", "Back", show=False)]

    def __init__(self, library) -> None:
        super().__init__()
        self.library = library
        self.stats = None

    def compose(self) -> ComposeResult:
        yield Static("Statistics: the cache at a glance", id="view-title", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static(Content("Counting…").stylize(MUTED), id="stats", markup=False)
        yield Static(Content(HINT).stylize(MUTED), id="view-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            quick = self.library.cache_stats(kinds=False)
            quick.kinds = None
            self.app.call_from_thread(self._show, quick)
            self.app.call_from_thread(self._show, self.library.cache_stats())
        except Exception as exc:  # a busy or unreadable cache: say so, keep the app
            message = Content(f"Could not read the cache: {one_line(str(exc))}")
            self.app.call_from_thread(self.query_one("#stats", Static).update, message)

    def _show(self, stats) -> None:
        self.stats = stats
        self.query_one("#stats", Static).update(stats_content(stats, self.size.width or 80))

    def action_back(self) -> None:
        self.dismiss()

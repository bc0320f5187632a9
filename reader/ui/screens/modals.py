"""Small modal screens: confirm, the feed and tag picker, and help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from reader.ui.commands import COMMANDS, key_display
from reader.ui.format import MUTED, one_line, quote
from reader.ui.widgets.reading import LABEL_NAMES, LABEL_STYLES


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no; y/Enter says yes, n/Escape says no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PickerScreen(ModalScreen[str | None]):
    """Pick a view: all, unread, starred, a feed (with its refresh status) or a tag.

    The screen opens at once with the fixed views and fills in the feeds and
    tags when ``set_feeds`` gets them (the caller reads them in a worker), so
    keys typed right after the one that opened it land here, not behind it.
    """

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", show=False),
        # Not letters: typing in the picker is for moving and filtering.
        Binding("delete", "manage_feed('remove')", "Remove feed", show=False),
        Binding("f2", "manage_feed('rename')", "Rename feed", show=False),
    ]

    def __init__(self, feeds, tags, current: str, *, saved=None, manage=None) -> None:
        super().__init__()
        self.feeds = feeds  # None: still being read
        self.tags = tags or []
        self.saved = saved or []  # the config's [[views]]: (name, query, unread)
        self.manage = manage  # manage(action, feed_row, picker): remove or rename a feed (the main screen's)
        self.current = current
        self.views: dict[str, str] = {}
        self._feed_rows: dict[str, object] = {}  # option id -> the feed row it shows
        self._shown_loading = False  # the options on screen say the feeds are being read
        self._first_highlight: int | None = None  # set on mount: where the user started

    def _options(self) -> list[Option]:
        self.views = {}
        options: list[Option] = []

        def add(view: str, prompt: Content) -> None:
            key = f"v{len(self.views)}"
            self.views[key] = view
            options.append(Option(prompt, id=key))

        add("", Content("All articles"))
        add("is:unread", Content("Unread"))
        add("is:starred", Content("Starred"))
        self._shown_loading = self.feeds is None
        if self.feeds is None:
            options.append(Option(Content("Reading the feeds…").stylize(MUTED), disabled=True))
            return options
        if self.saved:
            options.append(Option(Content("Views").stylize("bold $text-accent"), disabled=True))
        for name, query, unread in self.saved:
            add(query, Content(one_line(name)) + Content(f"  {unread} unread").stylize(MUTED))
        self._feed_rows = {}
        if self.feeds:
            options.append(Option(Content("Feeds (Delete: remove, F2: rename)").stylize("bold $text-accent"),
                                  disabled=True))
        for feed in self.feeds:
            self._feed_rows[f"v{len(self.views)}"] = feed
            name = one_line(feed.title or feed.url)
            prompt = Content(name) + Content(f"  {feed.unread}/{feed.articles}").stylize(MUTED)
            if feed.last_status in ("error", "gone") and feed.last_error:
                prompt = prompt + Content("\n  ") + Content(one_line(feed.last_error)).stylize("$text-error")
            elif feed.last_status == "" and feed.kind == "feed":
                prompt = prompt + Content("\n  never refreshed").stylize(MUTED)
            add(f"feed:{quote(feed.title or feed.url)}", prompt)
        if self.tags:
            options.append(Option(Content("Tags").stylize("bold $text-accent"), disabled=True))
        for tag in self.tags:
            add(f"tag:{quote(tag)}", Content("#" + one_line(tag)))
        return options

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Show", classes="dialog-title", markup=False)
            yield OptionList(*self._options(), id="picker")

    def _highlight_current(self, picker: OptionList, view: str | None = None) -> None:
        """Highlight the option of ``view`` (default: the view shown behind)."""
        view = self.current if view is None else view
        index = next((i for i, o in enumerate(picker.options) if self.views.get(o.id or "") == view), None)
        if index is not None:
            picker.highlighted = index

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        if self._shown_loading and self.feeds is not None:
            picker.set_options(self._options())  # the feeds came between compose and mount
        picker.highlighted = 0
        self._highlight_current(picker)
        self._first_highlight = picker.highlighted if picker.highlighted is not None else 0
        picker.focus()

    def set_feeds(self, feeds, tags, saved=None) -> None:
        """Show the feeds, tags and saved views. If the user has moved meanwhile, the option
        they moved to stays highlighted; else the current view is."""
        self.feeds, self.tags = feeds, tags or []
        if saved is not None:
            self.saved = saved
        if self._first_highlight is None:
            return  # not mounted yet: compose or on_mount shows them
        picker = self.query_one(OptionList)
        moved = None
        if picker.highlighted is not None and picker.highlighted != self._first_highlight:
            moved = self.views.get(picker.options[picker.highlighted].id or "")
        picker.set_options(self._options())
        self._highlight_current(picker, moved)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.views.get(event.option.id or ""))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_manage_feed(self, action: str) -> None:
        """Remove or rename the highlighted feed (the main screen asks and does it)."""
        picker = self.query_one(OptionList)
        option = picker.highlighted_option if picker.highlighted is not None else None
        feed = self._feed_rows.get(option.id or "") if option is not None else None
        if feed is None or getattr(feed, "kind", "feed") != "feed":
            self.notify("Highlight a feed of the config file first.", timeout=3)
            return
        if self.manage is not None:
            self.manage(action, feed, self)


class TextScreen(ModalScreen[str | None]):
    """One line of text (a feed's new title): Enter keeps it, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            yield Input(self.value, id="text-answer")

    def on_mount(self) -> None:
        self.query_one("#text-answer").focus()

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


QUERY_HELP = (
    ("words", "articles with all the words (title weighs more)"),
    ('"a phrase"', "the exact phrase"),
    ("prefix*", "words starting with prefix"),
    ("AND OR NOT ( )", "combine"),
    ("feed:NAME  tag:X", "one feed or tag"),
    ("is:unread is:starred", "flags"),
    ("is:ignored", "what the [[ignore]] rules hide"),
    ("after:2021-10-01 before:…", "by date"),
    ('entity:"Jens Stoltenberg"', "articles that mention an entity"),
)


class HelpScreen(ModalScreen[None]):
    """Every key, from the same declarations as the bindings and the palette."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Keys", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(self._keys(), id="help-keys", markup=False)
                yield Static(self._rest(), id="help-rest", markup=False)

    def _keys(self) -> Content:
        lines: list[Content] = []
        group = None
        for command in COMMANDS:
            if command.group != group:
                group = command.group
                if lines:
                    lines.append(Content(""))
                lines.append(Content(group).stylize("bold $text-accent"))
            keys = key_display(self.app, command)
            lines.append(Content(f"{keys:>14}  ").stylize("bold") + Content(command.help)
                         + Content(f"  [{command.action}]").stylize(MUTED))
        lines.append(Content(""))
        lines.append(Content(f"{'ctrl+p':>14}  ").stylize("bold") + Content("Command palette (commands and themes)"))
        return Content("\n").join(lines)

    def _rest(self) -> Content:
        lines = [Content(""), Content("Re-bind a key in the config file's [keys] table: action name = \"key\".")]
        lines.append(Content(""))
        lines.append(Content("Search").stylize("bold $text-accent"))
        for query, meaning in QUERY_HELP:
            lines.append(Content(f"{query:>27}  ").stylize("bold") + Content(meaning))
        lines.append(Content(""))
        lines.append(Content("Highlights").stylize("bold $text-accent"))
        for label, style in LABEL_STYLES.items():
            lines.append(Content("   ") + Content(LABEL_NAMES[label]).stylize(style))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)

"""Small modal screens: confirm, the feed and tag picker, and help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual import events, on
from textual.actions import SkipAction
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.ui.commands import COMMANDS, key_display
from reader.ui.format import MUTED, failure, hanging, one_line, quote
from reader.ui.widgets.reading import LABEL_NAMES, LABEL_STYLES


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no; y/Enter says yes, n/Escape says no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape,q", "answer(False)", "No", show=False),
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


class FilterInput(Input):
    """The picker's filter box: Delete deletes the character after the cursor, and with none
    there (the cursor at the end of the filter) it is the picker's: remove the highlighted feed."""

    def action_delete_right(self) -> None:
        if self.selection.is_empty and self.cursor_position >= len(self.value):
            raise SkipAction()  # nothing to delete: the key goes on to the picker's binding
        super().action_delete_right()


class PickerScreen(ModalScreen[str | None]):
    """Pick a view: all, unread, starred, a feed (with its refresh status) or a tag.

    The screen opens at once with the fixed views and fills in the feeds and
    tags when ``set_feeds`` gets them (the caller reads them in a worker), so
    keys typed right after the one that opened it land here, not behind it.

    j/k (and the arrows) move; any other character starts the filter (the
    names that contain what is typed); Escape or q clears the filter, then closes.
    """

    AUTO_FOCUS = "#picker"  # the list, not the filter box above it: j and k move
    BINDINGS = [
        Binding("escape,q", "back", "Close", show=False),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
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
        self.filter = ""  # what the user typed: only the options whose name contains it are shown
        self._shown_loading = False  # the options on screen say the feeds are being read
        self._first_highlight: int | None = None  # set on mount: where the user started
        self._typed = ""  # filter characters typed before the screen was mounted
        self._moves = 0  # j/k (down/up) typed before the screen was mounted

    def _options(self) -> list[Option]:
        self.views = {}
        options: list[Option] = []
        wanted = self.filter.casefold()

        def add(view: str, name: str, prompt: Content) -> None:
            if wanted and wanted not in name.casefold():
                return
            key = f"v{len(self.views)}"
            self.views[key] = view
            options.append(Option(prompt, id=key))

        add("", "All articles", Content("All articles"))
        add("is:unread", "Unread", Content("Unread"))
        add("is:starred", "Starred", Content("Starred"))
        self._shown_loading = self.feeds is None
        if self.feeds is None:
            options.append(Option(Content("Reading the feeds…").stylize(MUTED), disabled=True))
            return options
        saved = [(n, q, u) for n, q, u in self.saved if not wanted or wanted in one_line(n).casefold()]
        if saved:
            options.append(Option(Content("Views").stylize("bold $text-accent"), disabled=True))
        for name, query, unread in saved:
            add(query, name, Content(one_line(name)) + Content(f"  {unread} unread").stylize(MUTED))
        self._feed_rows = {}
        feeds = [f for f in self.feeds if not wanted or wanted in one_line(f.title or f.url).casefold()]
        if feeds:
            options.append(Option(Content("Feeds (Delete: remove, F2: rename)").stylize("bold $text-accent"),
                                  disabled=True))
        for feed in feeds:
            self._feed_rows[f"v{len(self.views)}"] = feed  # the id add() gives it (it is shown: it matched)
            name = one_line(feed.title or feed.url)
            prompt = Content(name) + Content(f"  {feed.unread}/{feed.articles}").stylize(MUTED)
            if feed.last_status in ("error", "gone") and feed.last_error:
                error = failure(name, feed.last_error)[1]  # an untitled feed's URL said once, not again
                prompt = prompt + Content("\n  ") + Content(error).stylize("$text-error")
            elif feed.last_status == "" and feed.kind == "feed":
                prompt = prompt + Content("\n  never refreshed").stylize(MUTED)
            add(f"feed:{quote(feed.title or feed.url)}", name, prompt)
        tags = [t for t in self.tags if not wanted or wanted in one_line(t).casefold()]
        if tags:
            options.append(Option(Content("Tags").stylize("bold $text-accent"), disabled=True))
        for tag in tags:
            add(f"tag:{quote(tag)}", tag, Content("#" + one_line(tag)))
        if not self.views:
            options.append(Option(Content(f"Nothing matches {self.filter!r}; Escape clears it.").stylize(MUTED),
                                  disabled=True))
        return options

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Show  (type to filter · j/k move · Enter shows · q closes)", classes="dialog-title",
                         markup=False)
            yield FilterInput(placeholder="filter", id="picker-filter", compact=True, select_on_focus=False)
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
        for _ in range(abs(self._moves)):
            picker.action_cursor_down() if self._moves > 0 else picker.action_cursor_up()
        self._moves = 0
        if self._typed:  # typed before the screen was mounted
            box = self.query_one("#picker-filter", Input)
            box.value, self._typed = self._typed, ""
            box.cursor_position = len(box.value)
            self.set_focus(box)

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
        if self.filter:
            self._highlight_first(picker)
        self._highlight_current(picker, moved)

    def _highlight_first(self, picker: OptionList) -> None:
        picker.highlighted = next((i for i, o in enumerate(picker.options) if not o.disabled), None)

    def _refilter(self, text: str) -> None:
        if text == self.filter:
            return
        self.filter = text
        picker = self.query_one(OptionList)
        picker.set_options(self._options())
        self._highlight_first(picker)

    def on_key(self, event: events.Key) -> None:
        if self.take_key(event):
            event.stop()
            event.prevent_default()

    def take_key(self, event: events.Key) -> bool:
        """A character typed in the list (not j, k or q) starts the filter, and so do the keys
        queued behind it: a fast typist's "fnews" reaches the app in one burst, and the keys
        after f were routed to the screen behind before this one was pushed (the app hands
        them on here). True when the key was taken."""
        char = event.character
        if not char or not char.isprintable() or char == " ":
            return False
        try:
            box = self.query_one("#picker-filter", Input)
        except NoMatches:  # not composed yet: kept for on_mount
            box = None
        typing = bool(self._typed) or (box is not None and self.focused is box)
        if not typing and char in "jkq":
            return False  # the bindings: move, close
        if box is None or self._first_highlight is None:
            self._typed += char
            return True
        if self.focused is box and event.control is box:
            return False  # the box takes it itself
        self.set_focus(box)
        box.insert_text_at_cursor(char)
        return True

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        picker = self.query_one(OptionList)
        if picker.highlighted is not None:
            option = picker.options[picker.highlighted]
            if not option.disabled:
                self.dismiss(self.views.get(option.id or ""))

    def action_move(self, step: int) -> None:
        if self._first_highlight is None:
            self._moves += step  # typed before the screen was mounted: on_mount moves
            return
        picker = self.query_one(OptionList)
        if step > 0:
            picker.action_cursor_down()
        else:
            picker.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.views.get(event.option.id or ""))

    def action_back(self) -> None:
        """Escape or q: clear the filter first, then close."""
        box = self.query_one("#picker-filter", Input)
        if self.filter or box.value:
            box.value = ""
            self._refilter("")
            self._highlight_current(self.query_one(OptionList))
            self.set_focus(self.query_one(OptionList))
            return
        self.dismiss(None)

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


class DetailsScreen(ModalScreen[None]):
    """A title and lines of text (the feeds that failed and why); Escape, q or Enter closes."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close", show=False)]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="details-body"):
                yield Static(Content("\n").join(Content(line) for line in self.lines), id="details", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


QUERY_HELP = (
    ("words", "articles with all the words (title weighs more)"),
    ('"a phrase"', "the exact phrase"),
    ("prefix*", "words starting with prefix"),
    ("AND OR NOT ( )", "combine"),
    ("feed:NAME  tag:X", "one feed or tag"),
    ("is:unread  starred", "flags (is:starred too)"),
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

    def on_resize(self) -> None:
        # Laid out for the dialog's width: a description wraps under itself, not under its keys.
        # The text's room: the body less its scrollbar (a long help has one, even when short).
        body = self.query_one("#help-body")
        width = body.scrollable_content_region.width - (0 if body.show_vertical_scrollbar else 2)
        if width > 0:
            self.query_one("#help-keys", Static).update(self._keys(width))
            self.query_one("#help-rest", Static).update(self._rest(width))

    @staticmethod
    def _entry(head: str, text: str, width: int | None, column: int, action: str = "") -> list[Content]:
        """A key (or query) right-aligned in ``column`` cells, then its text and, muted, its
        "[action]" name; under 60 cells the key has a line of its own and the text an indent."""
        token = f"[{action}]" if action else ""
        text = f"{text}  {token}" if token else text

        def styled(line: str) -> Content:
            if token and line.endswith(token):  # the action name, wherever the wrapping put it
                body = line[: -len(token)]
                return Content(body) + Content(token).stylize(MUTED)
            return Content(line)

        if width is None:
            return [Content(f"{head:>{column}}  ").stylize("bold") + styled(text)]
        if width >= 60:
            indent = column + 2
            lines = hanging(text, width, first=width - indent, indent=indent, max_lines=20)
            return ([Content(f"{head:>{column}}  ").stylize("bold") + styled(lines[0])]
                    + [Content(" " * indent) + styled(line) for line in lines[1:]])
        lines = hanging(text, width, first=width - 4, indent=4, max_lines=20)
        return [Content("  " + head).stylize("bold")] + [Content("    ") + styled(line) for line in lines]

    def _keys(self, width: int | None = None) -> Content:
        lines: list[Content] = []
        group = None
        for command in COMMANDS:
            if command.group != group:
                group = command.group
                if lines:
                    lines.append(Content(""))
                lines.append(Content(group).stylize("bold $text-accent"))
            keys = key_display(self.app, command)
            lines += self._entry(keys, command.help, width, 14, command.action)
        lines.append(Content(""))
        lines += self._entry("ctrl+p", "Command palette (commands and themes)", width, 14)
        return Content("\n").join(lines)

    def _rest(self, width: int | None = None) -> Content:
        lines = [Content(""), Content("Re-bind a key in the config file's [keys] table: action name = \"key\".")]
        lines.append(Content(""))
        lines.append(Content("Search").stylize("bold $text-accent"))
        for query, meaning in QUERY_HELP:
            lines += self._entry(query, meaning, width, 27)
        lines.append(Content(""))
        lines.append(Content("Highlights").stylize("bold $text-accent"))
        for label, style in LABEL_STYLES.items():
            lines.append(Content("   ") + Content(LABEL_NAMES[label]).stylize(style))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)

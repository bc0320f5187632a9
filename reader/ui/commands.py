"""Every action of the app, declared once.

A ``Command`` gives the action's name (which is also its binding id, the
name used in the config file's ``[keys]`` table), its default keys, the text
shown in the footer, the help screen and the command palette. The main
screen's BINDINGS, the help screen and the palette are all built from
``COMMANDS``, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


@dataclass(frozen=True)
class Command:
    action: str  # action_<action> on the main screen; also the binding id and the [keys] name
    keys: str  # default keys, Textual syntax: "j,down"
    description: str  # short: footer and help
    help: str  # one line: palette and help
    footer: bool = False  # shown in the footer
    palette: bool = True  # offered in the command palette (every action is, with its keys)
    group: str = "Articles"
    # Checked by the app as the key arrives, before it is routed to the focused
    # widget; see MainScreen.action_search for why search needs it.
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.footer,
                       tooltip=self.help, id=self.action, priority=self.priority)


COMMANDS: tuple[Command, ...] = (
    # moving
    Command("cursor_down", "j,down", "Down", "Move down in the focused pane", group="Move"),
    Command("cursor_up", "k,up", "Up", "Move up in the focused pane", group="Move"),
    Command("open", "enter,l", "Open", "Open the article; on an entity, open its page; on an event, jump to it",
            footer=True, group="Move"),
    Command("next_pane", "tab", "Next pane", "Focus the next pane", group="Move"),
    Command("previous_pane", "shift+tab", "Previous pane", "Focus the previous pane", group="Move"),
    Command("page_down", "space", "Page down", "Page the reading pane down", group="Move"),
    Command("page_up", "b", "Page up", "Page the reading pane up", group="Move"),
    Command("next_unread", "n", "Next unread", "Open the next unread article", footer=True, group="Move"),
    Command("previous_unread", "p", "Previous unread", "Open the previous unread article", group="Move"),
    # views
    Command("search", "slash", "Search", "Search as you type (the query language of `reader search`)",
            footer=True, group="View", priority=True),
    Command("clear", "escape", "Clear", "Close the sidebar overlay, clear the search or filter (or cancel a refresh)",
            group="View"),
    Command("pick_feed", "f", "Feeds", "Show one feed or tag (lists feeds with their refresh errors)",
            footer=True, group="View"),
    Command("toggle_unread", "u", "Unread only", "Toggle showing unread articles only", group="View"),
    Command("toggle_stories", "g", "Stories", "Toggle one row per story (the same story from several feeds)",
            group="View"),
    Command("cycle_sort", "S", "Sort", "Sort the list by the next order: newest, oldest, feed, title, unread first",
            group="View"),
    Command("previous_version", "left_square_bracket", "Previous report",
            "Show the previous (older) report of the same story, from this or another feed", group="View"),
    Command("next_version", "right_square_bracket", "Next report",
            "Show the next (newer) report of the same story, from this or another feed", group="View"),
    Command("next_entity", "e", "Next entity", "Highlight the next entity in the article", group="View"),
    Command("previous_entity", "E", "Previous entity", "Highlight the previous entity in the article",
            group="View"),
    Command("code_right", "greater_than_sign", "Code →", "Scroll the article's code blocks right (code is never "
            "wrapped)", group="View"),
    Command("code_left", "less_than_sign", "Code ←", "Scroll the article's code blocks back left", group="View"),
    Command("focus_timeline", "t", "Timeline", "Focus the article's timeline in the sidebar", group="View"),
    Command("timeline_view", "T", "Timeline view",
            "Show the article's events and those of related articles on a time axis", group="View"),
    Command("toggle_sidebar", "i,backslash", "Sidebar", "Show or hide the sidebar of related events",
            group="View"),
    # articles
    Command("refresh", "r", "Refresh", "Refresh all feeds (again: cancel the refresh)", footer=True),
    Command("refresh_feed", "R", "Refresh feed", "Refresh the current article's feed"),
    Command("failures", "x", "Failures", "Show why feeds failed in the last refresh"),
    Command("toggle_read", "m", "Read", "Toggle read on the current article"),
    Command("toggle_star", "s", "Star", "Toggle the star on the current article"),
    Command("mark_all_read", "A", "All read", "Mark every article shown as read (asks first)"),
    # Priority, as search is: the number typed right behind the key must find the screen
    # waiting for it (see MainScreen.action_search and MainScreen._ask_number).
    Command("open_numbered_link", "L", "Open link N", "Open link number N of the article: L, then its number "
            "(with [settings] opener, else the browser)", priority=True),
    Command("copy_numbered_link", "Y", "Copy link N", "Copy link number N of the article: Y, then its number",
            priority=True),
    Command("play_enclosure", "P", "Play", "Hand the article's enclosure to [settings] player (several: P, then "
            "its number)", priority=True),
    Command("open_link", "o", "Browser", "Open the article's link (with [settings] opener, else the web browser)"),
    Command("copy_link", "y", "Copy link", "Copy the article's link to the clipboard"),
    Command("full_text", "w", "Whole article", "Whole article: fetch the full text from the article's link"),
    Command("statistics", "number_sign", "Statistics",
            "The cache at a glance: articles per feed over time, unread by feed, entity kinds", group="View"),
    # app
    Command("reload_config", "ctrl+r", "Reload config",
            "Read the config file again: feeds, views, keys, theme (edits are also noticed by themselves)",
            group="App"),
    Command("help", "question_mark", "Help", "Show every key", footer=True, group="App"),
    Command("back", "q", "Back", "Go back one level (the overlay, the search, an article followed, the filter, "
            "the view); at the top, quit", footer=True, group="App"),
    Command("quit", "Q", "Quit", "Quit at once (the view and selection are kept for next time)",
            footer=True, group="App"),
)

BY_ACTION = {c.action: c for c in COMMANDS}

# The number after L, Y or P: taken as each key arrives (priority), and passed on as usual when
# no number is asked for (MainScreen.action_number_key raises SkipAction). Not commands: not
# listed, not re-bound.
NUMBER_BINDINGS = [Binding(key, f"number_key({key!r})", show=False, priority=True)
                   for key in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "enter", "backspace", "escape")]


def bindings() -> list[Binding]:
    return [c.binding() for c in COMMANDS]


def check_keymap(keys: dict[str, str], lines: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The usable part of a config's [keys] table, and a message for each unknown name or
    clashing key, starting with the entry's "file:line" where ``lines`` (Config.key_lines) has it."""
    good, problems = {}, []
    lines = lines or {}

    def at(name: str) -> str:
        return f"{lines[name]}: " if name in lines else ""

    for name, key in keys.items():
        if name in BY_ACTION:
            good[name] = key
        else:
            problems.append(f"{at(name)}[keys] {name!r} is not an action; see the help screen (?) for their names")
    # A key the user gives one action must not still be another action's default key:
    # one of the two would silently never run. The user's binding is dropped and named.
    def split(value: str) -> set[str]:
        return {k.strip() for k in value.split(",") if k.strip()}

    for name in list(good):
        taken = {other: split(good.get(other, c.keys)) for other, c in BY_ACTION.items() if other != name}
        clash = next(((k, other) for k in sorted(split(good[name])) for other, ks in taken.items() if k in ks), None)
        if clash is not None:
            problems.append(f"{at(name)}[keys] {name} = {good[name]!r}: {clash[0]!r} is already the key of {clash[1]!r}; "
                            f"{name!r} keeps its default key ({BY_ACTION[name].keys})")
            del good[name]
    return good, problems


def key_display(app, command: Command) -> str:
    """The keys bound to a command now (after the user's keymap), as shown to people."""
    keys = app._keymap.get(command.action, command.keys) if hasattr(app, "_keymap") else command.keys
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if not key:
            continue
        shown.append(app.get_key_display(Binding(key, command.action)))
    return " ".join(shown)


class ReaderCommands(Provider):
    """The app's commands in the palette (Ctrl+P), each once, with its keys; Textual adds its
    own (themes, screenshot...), less its Quit: reader's (Q) is listed here."""

    def _commands(self):
        screen = getattr(self.app, "main_screen", None)
        if screen is None:
            return []
        return [(c.description, c) for c in COMMANDS if c.palette]

    def _display(self, text, command: Command):
        keys = key_display(self.app, command)
        return Content.assemble(text, "  ", (keys, "bold $text-accent")) if keys else text

    def _run(self, action: str) -> None:
        screen = self.app.main_screen
        self.app.call_later(screen.run_action, action)

    async def discover(self) -> Hits:
        for text, command in self._commands():
            yield DiscoveryHit(self._display(Content(text), command), partial(self._run, command.action),
                               text=text, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, self._display(matcher.highlight(text), command), partial(self._run, command.action),
                          text=text, help=command.help)

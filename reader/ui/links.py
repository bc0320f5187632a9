"""Links of the open article: o and y (its own), L, Y and P with a number (its numbered links
and enclosures, the number taken key by key), w (its full text), and the opener or player
they run. A mixin of MainScreen (reader/ui/screens/main.py), which gives it the article, the
list, the status line's note (_note) and the state's _asked."""

from __future__ import annotations

import webbrowser

from textual import work
from textual.actions import SkipAction
from textual.widgets import Input

from reader.ui.format import one_line, plural


class Links:
    """The open article's links and enclosures, and its full text."""

    def _link(self) -> str | None:
        row = self.articles.current
        url = (self.article.url if self.article is not None and row is not None and self.article.id == row.id
               else row.url if row is not None else "")
        if not url:
            self.notify("This article has no link.", timeout=3)
            return None
        return url

    def action_open_link(self) -> None:
        url = self._link()
        if url is None:
            return
        self._open_url(url)

    def _open_url(self, url: str) -> None:
        if not url.lower().startswith(("http://", "https://", "mailto:")):
            self.notify("Not a web link: " + one_line(url), markup=False, severity="warning", timeout=4)
            return
        opener = self.library.config.settings.opener
        if opener:
            self._launch(opener, url, "opener")
        else:
            self._browse(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _browse(self, url: str) -> None:
        opened = webbrowser.open(url)
        message = ("Opened " if opened else "No browser could open ") + one_line(url)
        self.app.call_from_thread(self.notify, message, markup=False, timeout=3)

    def _launch(self, template: str, url: str, setting: str) -> None:
        """Run the opener or the player on a URL. It gets the terminal (the app is suspended
        while it runs, and comes back as it was) where the terminal allows; elsewhere (a test's
        headless app) it runs in a thread without one."""
        from textual.app import SuspendNotSupported

        from reader.ui import launch

        try:
            argv = launch.command_argv(template, url, setting)
        except launch.LaunchError as exc:
            self.notify(one_line(str(exc)), severity="error", markup=False, timeout=6)
            self._note(one_line(str(exc)))
            return
        suspended = self.app.suspend()
        try:
            suspended.__enter__()
        except (SuspendNotSupported, RuntimeError):  # RuntimeError: no driver at all (it did not yield)
            self._launch_detached(argv, url, setting)
            return
        try:
            problem = launch.run(argv, setting=setting)
        finally:
            suspended.__exit__(None, None, None)
        self._launched(problem, url, argv[0])

    @work(thread=True, group="launch", exit_on_error=False)
    def _launch_detached(self, argv: list[str], url: str, setting: str) -> None:
        from reader.ui import launch

        problem = launch.run(argv, setting=setting, detached=True)
        self.app.call_from_thread(self._launched, problem, url, argv[0])

    def _launched(self, problem: str, url: str, program: str) -> None:
        if problem:
            self.notify(f"{problem} ({one_line(url)})", severity="error", markup=False, timeout=6)
            self._note(problem)
        else:
            self._note(f"{program}: {one_line(url)}")

    # -- numbered links and enclosures ------------------------------------------------

    def _numbered(self, kind: str) -> list[str]:
        """The URLs that a number picks: the open article's links, or its enclosures."""
        article = self.article
        if article is None:
            return []
        if kind == "enclosure":
            return [e.url for e in article.enclosures]
        document = article.document
        if document is None:
            return []
        return [str(link.attrs.get("href", "")) for link in document.links()]

    def _ask_number(self, action: str, kind: str) -> None:
        """L, Y or P: wait for the number (on_key). These are priority bindings, run as the key
        arrives: a number typed right behind the key ("L2" in one burst) then finds the screen
        waiting for it. In the search box, the letter is just a letter."""
        if isinstance(self.focused, Input):
            raise SkipAction()
        urls = self._numbered(kind)
        if not urls:
            self.notify("This article has no links." if kind == "link" else "This article has no enclosures.",
                        timeout=3)
            return
        if kind == "enclosure" and len(urls) == 1:
            self._numbered_chosen(action, 1)
            return
        self._pending = (action, kind, "")
        self._paint_pending()

    def _paint_pending(self) -> None:
        if self._pending is None:
            return
        action, kind, digits = self._pending
        verb = {"open": "Open link", "copy": "Copy link", "play": "Play enclosure"}[action]
        count = len(self._numbered(kind))
        enter = "Enter: 1, " if kind == "enclosure" and not digits else "Enter, "
        self._note(f"{verb} number: {digits}_ (1-{count}; {enter}Escape cancels)")

    @property
    def _pending(self) -> tuple[str, str, str] | None:
        return self._asked

    @_pending.setter
    def _pending(self, value: tuple[str, str, str] | None) -> None:
        asking = (self._asked is None) != (value is None)
        self._asked = value
        if asking and self.is_mounted:
            self.refresh_bindings()  # the number keys are bindings only while a number is asked for

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The digits, Enter, Backspace and Escape of NUMBER_BINDINGS are bindings only while a
        number is asked for: otherwise they are not in force at all (Enter stays "Open" in the
        key hints, and the key goes where it always goes)."""
        if action == "number_key":
            return self._asked is not None
        return True

    def action_number_key(self, key: str) -> None:
        """A digit, Enter, Backspace or Escape while a number is asked for (after L, Y or P).

        Priority bindings (commands.NUMBER_BINDINGS), like L, Y and P themselves: each key is
        taken as it arrives, so "L2Y4" typed in one burst opens link 2 and copies link 4.
        When no number is asked for, the key goes on as usual (SkipAction)."""
        if self._pending is None:
            raise SkipAction()
        action, kind, digits = self._pending
        count = len(self._numbered(kind))
        if key.isdigit():
            digits = (digits + key).lstrip("0")
            if digits and int(digits) * 10 > count:  # no longer number can follow: go
                self._pending = None
                self._numbered_chosen(action, int(digits))
                return
            self._pending = (action, kind, digits)
            self._paint_pending()
            return
        self._pending = None
        if key == "enter" and (digits or kind == "enclosure"):
            self._numbered_chosen(action, int(digits or "1"))
        elif key == "backspace" and digits:
            self._pending = (action, kind, digits[:-1])
            self._paint_pending()
        else:
            self._note("")

    def on_key(self, event) -> None:
        """Any other key while a number is asked for cancels it, and does what it always does."""
        if self._pending is not None:
            self._pending = None
            self._note("")

    def _numbered_chosen(self, action: str, n: int) -> None:
        kind = "enclosure" if action == "play" else "link"
        urls = self._numbered(kind)
        if not 1 <= n <= len(urls):
            self._note(f"No {kind} {n}: this article has {plural(len(urls), kind)}.")
            return
        url = urls[n - 1]
        if not url:
            self._note(f"{kind.capitalize()} {n} has no address.")
            return
        if action == "copy":
            self.app.copy_to_clipboard(url)
            self._note(f"Copied link {n}: {one_line(url)}")
            self.notify("Copied " + one_line(url), markup=False, timeout=3)
        elif action == "open":
            self._note(f"Opening link {n}: {one_line(url)}")
            self._open_url(url)
        else:
            player = self.library.config.settings.player
            if player:
                self._note(f"Playing enclosure {n}: {one_line(url)}")
                self._launch(player, url, "player")
            else:
                self._note(f"No [settings] player: enclosure {n} goes to the opener: {one_line(url)}")
                self._open_url(url)

    def action_open_numbered_link(self) -> None:
        self._ask_number("open", "link")

    def action_copy_numbered_link(self) -> None:
        self._ask_number("copy", "link")

    def action_play_enclosure(self) -> None:
        self._ask_number("play", "enclosure")

    def action_copy_link(self) -> None:
        url = self._link()
        if url is None:
            return
        self.app.copy_to_clipboard(url)
        self.notify("Copied " + one_line(url), markup=False, timeout=3)

    def action_full_text(self) -> None:
        if self.article is None:
            self.notify("Open an article first.", timeout=3)
            return
        if not self.article.url:
            self.notify("This article has no link.", timeout=3)
            return
        self._note(f"Fetching the full text of {one_line(self.article.url)}…")
        self._fetch_full_text(self.article.id)

    @work(thread=True, exclusive=True, group="full-text", exit_on_error=False)
    def _fetch_full_text(self, article_id: int) -> None:
        try:
            result = self.library.fetch_full_text(article_id)
        except Exception as exc:  # shown in the status line; the app keeps running
            self.app.call_from_thread(self._note, f"Full text not fetched: {type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._full_text_done, result)

    def _full_text_done(self, result) -> None:
        if not result.ok:
            self._note(f"Full text not fetched: {one_line(result.error)}")
            return
        self._note(("Full text (fetched before) from " if result.cached else "Full text fetched from ")
                   + one_line(result.url))
        if self.article is not None and self.article.id == result.article_id:
            self._load_article(result.article_id, keep_position=True)
        if not result.cached:
            self._start_analysis()

"""Messages that workers post to the main screen (post_message is thread-safe).

Plain classes, not dataclasses: making these nine dataclasses took 3.7 ms of
every start (they are imported before the first screen), plain classes 0.1 ms.
"""

from __future__ import annotations

from textual.message import Message


class Counted(Message):
    """The count of a view, read in a worker."""

    def __init__(self, query: str, count: int, unread: int, keep_id: int | None, index: int | None = None,
                 stories: bool = False) -> None:
        super().__init__()
        self.query = query
        self.count = count
        self.unread = unread
        self.keep_id = keep_id
        self.index = index
        self.stories = stories  # counted as one row per story


class ArticleLoaded(Message):
    def __init__(self, article: object, related: object | None, entity_timeline: object | None = None,
                 keep_position: bool = False, story: list[int] | None = None) -> None:
        super().__init__()
        self.article = article  # reader.model.Article
        self.related = related
        self.entity_timeline = entity_timeline
        self.keep_position = keep_position
        self.story = story if story is not None else []  # ids of the story's versions, oldest first


class Ready(Message):
    """Startup is done: the view and selection restored, counted, its first page and article read."""

    def __init__(self, view: str, unread_only: bool, selected: int | None, loaded_samples: bool = False,
                 stories: bool = False, count: int = 0, unread: int = 0, pages: object | None = None,
                 first: ArticleLoaded | None = None, note: str = "") -> None:
        super().__init__()
        self.view = view
        self.unread_only = unread_only
        self.selected = selected
        self.loaded_samples = loaded_samples
        self.stories = stories
        self.count = count
        self.unread = unread
        self.pages = pages  # reader.ui.widgets.article_list.Pages, first pages read
        self.first = first  # the article the cursor starts on
        self.note = note  # for the status line (the samples could not be loaded)


class FeedLanded(Message):
    def __init__(self, report: object, done: int, total: int) -> None:
        super().__init__()
        self.report = report  # reader.library.FeedReport
        self.done = done
        self.total = total


class RefreshDone(Message):
    def __init__(self, summary: object | None, error: str = "") -> None:
        super().__init__()
        self.summary = summary  # reader.library.RefreshSummary, None when it failed
        self.error = error


class AnalysisProgress(Message):
    def __init__(self, done: int, total: int, ids: list[int] | None = None) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.ids = ids if ids is not None else []


class Relinking(Message):
    """Analysis met a backlog and links every article at once (Library.analyse_pending): planning
    the links, then (``writing``) saving them."""

    def __init__(self, done: int, total: int, writing: bool = False) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.writing = writing


class AnalysisDone(Message):
    def __init__(self, done: int, error: str = "", busy: bool = False) -> None:
        super().__init__()
        self.done = done
        self.error = error
        self.busy = busy  # another process held the cache's write lock: try again later


class Marked(Message):
    """Flags were written: refresh the header counts (and the list when many changed)."""

    def __init__(self, count: int = 0, reload: bool = False) -> None:
        super().__init__()
        self.count = count
        self.reload = reload

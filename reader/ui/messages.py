"""Messages that workers post to the main screen (post_message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class Counted(Message):
    """The count of a view, read in a worker."""

    query: str
    count: int
    unread: int
    keep_id: int | None
    index: int | None = None
    stories: bool = False  # counted as one row per story


@dataclass
class ArticleLoaded(Message):
    article: object  # reader.model.Article
    related: object | None
    entity_timeline: object | None = None
    keep_position: bool = False
    story: list[int] = field(default_factory=list)  # ids of the story's versions, oldest first


@dataclass
class Ready(Message):
    """Startup is done: the view and selection restored, counted, its first page and article read."""

    view: str
    unread_only: bool
    selected: int | None
    loaded_samples: bool = False
    stories: bool = False
    count: int = 0
    unread: int = 0
    pages: object | None = None  # reader.ui.widgets.article_list.Pages, first pages read
    first: ArticleLoaded | None = None  # the article the cursor starts on
    note: str = ""  # for the status line (the samples could not be loaded)


@dataclass
class FeedLanded(Message):
    report: object  # reader.library.FeedReport
    done: int
    total: int


@dataclass
class RefreshDone(Message):
    summary: object | None  # reader.library.RefreshSummary, None when it failed
    error: str = ""


@dataclass
class AnalysisProgress(Message):
    done: int
    total: int
    ids: list[int] = field(default_factory=list)


@dataclass
class Relinking(Message):
    """Analysis met a backlog and links every article at once (Library.analyse_pending)."""

    done: int
    total: int


@dataclass
class AnalysisDone(Message):
    done: int
    error: str = ""


@dataclass
class Marked(Message):
    """Flags were written: refresh the header counts (and the list when many changed)."""

    count: int = 0
    reload: bool = False

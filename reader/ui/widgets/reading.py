"""The reading pane: one article, its entities and dates highlighted by label.

Text from the feed only ever reaches the screen through ``Content(text)``
with styles applied by offset, never as markup.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from functools import partial
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich._wrap import divide_line  # what Textual wraps a Content line with
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from reader.ingest.text import paragraphs
from reader.model import DATE, Article, Span
from reader.ui.format import MUTED, full_date, one_line, safe

if TYPE_CHECKING:  # imported when an article with structure or enclosures is first shown, not at startup
    from reader.ui.render.layout import Line

# Each kind its own colour (Okabe-Ito hues made readable on the theme: reader/ui/palette.py)
# and its own text style, so that NO_COLOR and monochrome terminals tell them apart too.
LABEL_STYLES = {
    "PERSON": "bold $entity-person",
    "ORG": "bold underline $entity-org",
    "PLACE": "underline $entity-place",
    "MISC": "italic $entity-other",
    "DATE": "italic underline $entity-date",
}
LABEL_NAMES = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "MISC": "other", "DATE": "date"}
LEGEND_NAMES = {**LABEL_NAMES, "ORG": "org"}  # the legend fits on one line at 80 columns
CURRENT_STYLE = "reverse"
SENTENCE_STYLE = "on $warning-muted"
TERM_STYLE = "bold on $accent-muted"
TITLE_STYLE = "bold"
LINK_STYLE = "underline $text-primary"
NOTICE_STYLE = "$text-warning"
HEADING_STYLE = "bold $text-accent"
SHOWN_CHARS = 100_000  # the pane shows the paragraphs that start within this many characters (the analysed part)


def term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """A regex for search terms: whole words, or word prefixes for ``prefix*``."""
    parts = []
    for term in terms:
        term = term.strip().strip('"')
        if not term:
            continue
        if term.endswith("*"):
            parts.append(r"\b" + re.escape(term.rstrip("*")) + r"\w*")
        else:
            parts.append(r"\b" + re.escape(term) + r"\b")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def highlight(text: str, offset: int, spans: Iterable[Span], *, terms: re.Pattern | None = None,
              current: Span | None = None, sentence: tuple[int, int] | None = None,
              inlines: Iterable[tuple[int, int, str]] = ()) -> Content:
    """``text`` (which starts at ``offset`` in the article) with spans styled by label.

    ``inlines`` are (start, end, style) of a document's links, emphasis and code: styled
    first, so an entity inside a link keeps its colour and the link its underline."""
    content = Content(safe(text))  # safe() maps one character to one: offsets stay right
    end = offset + len(text)
    if sentence is not None and sentence[0] < end and offset < sentence[1]:
        content = content.stylize(SENTENCE_STYLE, max(0, sentence[0] - offset), min(len(text), sentence[1] - offset))
    for start, stop, style in inlines:
        if stop <= offset or start >= end:
            continue
        content = content.stylize(style, max(0, start - offset), min(len(text), stop - offset))
    for span in spans:
        if span.end <= offset or span.start >= end:
            continue
        style = LABEL_STYLES.get(span.label, "bold")
        content = content.stylize(style, max(0, span.start - offset), min(len(text), span.end - offset))
    if terms is not None:
        for match in terms.finditer(text):
            content = content.stylize(TERM_STYLE, match.start(), match.end())
    if current is not None and current.start < end and offset < current.end:
        content = content.stylize(CURRENT_STYLE, max(0, current.start - offset), min(len(text), current.end - offset))
    return content


def legend(labels: Iterable[str]) -> Content:
    parts: list[Content] = []
    for label in labels:
        parts.append(Content(LEGEND_NAMES[label]).stylize(LABEL_STYLES[label]))
    return Content(" ").join(parts) if parts else Content("")


class ReadingPane(VerticalScroll, can_focus=True):
    """Title, source, date, link, then the text. Focus it to page; e/E pick entities.

    The article is one text in one Static: its header lines, then each line of
    each paragraph, paragraphs a blank line apart. ``_ranges[y]`` is where line
    ``y`` of that text is in the article, (start, end) (None for the header and
    the blank lines), which is how a click (Textual gives the line and the character in it)
    and a jump to a sentence (the line, re-wrapped the way Textual wraps it) find
    their place. One widget rather than one per paragraph: nothing to mount or
    remove when the article changes, and fewer widgets to style and paint.
    """

    class EntityChosen(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self._terms: re.Pattern | None = None
        self._entities: list[Span] = []  # the ones e/E step through (no dates)
        self.entity_index: int | None = None
        self._sentence: tuple[int, int] | None = None
        self._lines: list[Content] = []
        self._ranges: list[tuple[int, int] | None] = []
        self._headings: set[int] = set()  # lines of subheadings
        # A document (an article with structure) is laid out here, for the pane's width:
        # _doc[y] is line y's pieces (None for the header and for a plain article's lines).
        self._doc: list[Line | None] = []
        self._doc_width = 0
        self._inlines: list[tuple[int, int, str]] = []
        self._inline_index = _Overlaps([])
        self._span_index: tuple[list[Span], _Overlaps] | None = None
        self.code_shift = 0  # cells the document's code lines are scrolled to the right (never wrapped)
        self.code_overflow = 0  # cells its widest code line needs beyond the pane
        # Images (reader/images.py), by URL: fetched in a worker when their line is first in view.
        self._images: dict[str, object] = {}  # src -> ImageResult (the last IMAGES_KEPT)
        self._image_pending: set[str] = set()
        self._image_wanted: list[tuple[int, str]] = []  # (line, src) of images not fetched yet
        # Images sent to the terminal (kitty graphics): (src, columns, rows) -> image id, the last
        # IMAGES_KEPT; an older one is deleted from the terminal when it drops out.
        self._kitty_sent: dict[tuple[str, int, int], int] = {}
        # Images drawn as sixels: (first line, rows, indent, columns, src) of each, its lines left
        # unwritten in the text and the sixels written over them (_Text.render_lines).
        self._sixel_places: list[tuple[int, int, int, int, str]] = []
        self._sixel_shown: tuple[int, dict[int, int]] | None = None  # (text width, place line -> row shown)
        self._sixel_cache: dict[tuple, object] = {}  # pictures by image and size (None while being made)
        self._sixel_pending: set[tuple] = set()

    def compose(self):
        yield _Text(id="text", markup=False)

    def on_unmount(self) -> None:
        """The pictures sent to the terminal (kitty graphics) are freed there when the app ends."""
        if self._kitty_sent:
            from reader import kitty

            try:
                write_terminal(self.app, "".join(kitty.delete(i) for i in self._kitty_sent.values()))
            except Exception:  # the terminal is already gone
                pass
            self._kitty_sent.clear()

    # -- showing -------------------------------------------------------------

    @property
    def current_entity(self) -> Span | None:
        if self.entity_index is None or not self._entities:
            return None
        return self._entities[self.entity_index]

    def clear(self, message: str = "No article to show.") -> None:
        self.article = None
        self._entities = []
        self.entity_index = None
        self.border_title = "Article"  # not the feed of the article shown before
        self.border_subtitle = ""
        self._lines = [Content(""), Content(message).stylize(NOTICE_STYLE)]
        self._ranges = [None, None]
        self._doc = [None, None]
        self._headings = set()
        self._update()

    def show(self, article: Article, terms: Iterable[str] = (), *, keep_position: bool = False) -> None:
        same = self.article is not None and self.article.id == article.id
        scroll = self.scroll_offset.y if (same and keep_position) else 0
        self.article = article
        self._terms = term_pattern(terms)
        self._entities = [s for s in article.entities if s.label != DATE]
        if not (same and keep_position):
            self.entity_index = None
            self._sentence = None
            self.code_shift = 0
        elif self.entity_index is not None and self.entity_index >= len(self._entities):
            self.entity_index = None
        self._lay_out(article)
        self.call_after_refresh(self.scroll_to, 0, scroll, animate=False)

    def _lay_out(self, article: Article) -> None:
        """The article's lines: as a document at the pane's width, or as paragraphs wrapped by Textual."""
        lines = self._header(article)
        self._headings = set()
        self._doc = [None] * len(lines)
        self._inlines = []
        document = article.document
        width = self._text_width()
        structured = document is not None and bool(document.blocks or document.inlines)
        if article.enclosures or structured:
            from reader.ui.render import layout as doc_layout
            from reader.ui.render.content import inline_styles, line_content
        if article.enclosures:
            hint = self._play_hint()
            for line in [doc_layout.Line()] + doc_layout.enclosure_lines(article.enclosures, width, hint):
                lines.append(line_content(line, None))
                self._doc.append(None)
        ranges: list[tuple[int, int] | None] = [None] * len(lines)
        if structured and document.text == article.text:
            self._doc_width = width
            self._inlines = inline_styles(document.inlines)
            self._inline_index = _Overlaps([(a, b, (a, b, style)) for a, b, style in self._inlines])
            self._span_index = None
            lines.append(Content(""))  # a blank line between the header and the text, as for a plain article
            ranges.append(None)
            self._doc.append(None)
            mode = self._image_mode()
            notes = {} if mode == "off" else {
                b.attrs.get("n"): r.reason for b in document.images()
                if (r := self._images.get(str(b.attrs.get("src") or ""))) is not None and r.reason}
            laid = doc_layout.Layout(document, width, links_hint=self._links_hint(), code_shift=self.code_shift,
                                     image_notes=notes)
            self.code_overflow = laid.code_overflow
            self._image_wanted = []
            self._sixel_places, self._sixel_shown = [], None
            for i, line in enumerate(laid.lines):
                lines.append(Content(""))  # highlighted below
                ranges.append(line.span())
                self._doc.append(line)
                block = laid.image_rows.get(i) if mode != "off" else None
                src = str(block.attrs.get("src") or "") if block is not None else ""
                if not src:
                    continue
                result = self._images.get(src)
                if result is None:
                    self._image_wanted.append((len(lines) - 1, src))
                elif result.image is not None:  # its rows, under its line: no text, so no range
                    indent = sum(len(p.text) for p in line.pieces if p.start < 0 and p.role != doc_layout.IMAGE_LINE)
                    if mode == "kitty":
                        rows = self._kitty_rows(src, result.image, width - indent, indent)
                    elif mode == "sixel":
                        rows = self._sixel_rows(src, result.image, width - indent, indent, len(lines))
                    else:
                        rows = image_rows(result.image, width - indent, IMAGE_MAX_ROWS, indent)
                    for row in rows:
                        lines.append(row)
                        ranges.append(None)
                        self._doc.append(None)
            # Lines that show only inserted text (a blank line, a bullet, the links list) are
            # drawn once, here; _paint redraws the lines that show some of the article's text.
            for y, line in enumerate(self._doc):
                if line is not None and ranges[y] is None:
                    lines[y] = line_content(line, None)
            self._lines, self._ranges = lines, ranges
            self._paint(update=False)
            self._update()
            self._update_subtitle()
            if self._image_wanted:
                self.call_after_refresh(self._want_images)
            return
        self._doc_width = 0
        self.code_overflow = 0
        self._image_wanted = []
        self._sixel_places, self._sixel_shown = [], None
        for start, end, heading in paragraphs(article.text):
            if start >= SHOWN_CHARS:  # laying out a whole 1 MB text held the first screen for seconds
                lines += [Content(""), Content(f"The article goes on for {len(article.text) - start:,} more "
                                               "characters, kept in the cache and searched but not shown "
                                               "here.").stylize(NOTICE_STYLE)]
                ranges += [None, None]
                break
            lines.append(Content(""))  # a blank line before each paragraph
            ranges.append(None)
            for piece in article.text[start:end].split("\n"):
                if heading:
                    self._headings.add(len(lines))
                lines.append(Content(""))  # highlighted below
                ranges.append((start, start + len(piece)))
                self._doc.append(None)
                start += len(piece) + 1
        self._lines, self._ranges = lines, ranges
        self._paint(update=False)
        self._update()
        self._update_subtitle()

    # -- images ------------------------------------------------------------------

    def _image_mode(self) -> str:
        """ "off", "blocks" (half blocks), "kitty" (kitty graphics) or "sixel", from [settings]
        images; "auto" is kitty graphics where the terminal draws them, else sixels where it
        said it draws them when the app started (ReaderApp.sixel_terminal), else half blocks."""
        from reader import kitty

        try:
            mode = self.app.library.config.settings.images
        except Exception:  # no app with a library (a test of the widget alone)
            return "off"
        # Without colour (NO_COLOR) half blocks draw no picture, and kitty's placeholders lose the
        # colour that names their image: the line alone (unless half blocks are asked for).
        if mode == "off" or (os.environ.get("NO_COLOR") and mode in ("auto", "kitty")):
            return "off"
        if mode == "auto":
            mode = ("kitty" if kitty.supported() else "sixel" if getattr(self.app, "sixel_terminal", False)
                    else AUTO_IMAGES)
        if mode == "kitty" and getattr(self.app.console, "color_system", None) != "truecolor":
            # A placeholder's colour is its image's id: a colour cut to 256 names another image.
            return "blocks"
        return mode  # the config allows only IMAGE_MODES

    def _kitty_rows(self, src: str, image, width: int, indent: int) -> list[Content]:
        """An image as kitty placeholder text: sent to the terminal once per size, then shown by
        rows of placeholder cells in the colour that names it (reader/kitty.py)."""
        from textual.color import Color

        from reader import kitty

        cols, rows = kitty.cells_for(image.size, max(1, width), IMAGE_MAX_ROWS, kitty.cell_size())
        key = (src, cols, rows)
        image_id = self._kitty_sent.get(key)
        if image_id is None:
            image_id = kitty.new_id()
            write_terminal(self.app, kitty.transmit(image, image_id, cols, rows))
            self._kitty_sent[key] = image_id
            while len(self._kitty_sent) > IMAGES_KEPT:
                write_terminal(self.app, kitty.delete(self._kitty_sent.pop(next(iter(self._kitty_sent)))))
        style = Style(foreground=Color(*kitty.colour(image_id)))
        return [Content(" " * indent + text).stylize(style, indent, indent + len(text))
                for text in kitty.placeholder_rows(cols, rows)]

    def _sixel_rows(self, src: str, image, width: int, indent: int, first: int) -> list[Content]:
        """An image's rows for sixels: blank lines in the text, noted so that _Text leaves them
        unwritten and draws the picture over them (draw_sixels)."""
        from reader import kitty

        cols, rows = kitty.cells_for(image.size, max(1, width), IMAGE_MAX_ROWS, kitty.cell_size())
        self._sixel_places.append((first, rows, indent, cols, src))
        return [Content("") for _ in range(rows)]

    def draw_sixels(self, text: Static, crop, strips: list) -> list:
        """The text's strips in ``crop`` (its lines in view), with each image's lines in view left
        unwritten (the cursor moved over them) and, on the last of them, its sixels written over
        the lines from their first: after the lines above are drawn, so no text covers them."""
        from rich.segment import ControlType, Segment
        from textual.strip import Strip

        from reader import kitty

        if not self._sixel_places or self.app.screen is not self.screen:
            return strips  # a dialog over the pane: drawn again when it closes
        try:
            region = self.screen.find_widget(text).region
        except Exception:  # not on screen (yet)
            return strips
        cell = kitty.cell_size()
        background = text.rich_style.bgcolor
        rgb = tuple(background.get_truecolor()) if background is not None else (0, 0, 0)
        width = crop.width
        skip = Segment(f"\x1b[{width}C", None, ((ControlType.CURSOR_FORWARD, width),))
        out = list(strips)
        # The text's lines above may wrap (the header's): where each image's first line is shown,
        # worked out once for the layout and width, not at every scroll step.
        text_width = text.content_size.width
        if self._sixel_shown is None or self._sixel_shown[0] != text_width:
            self._sixel_shown = (text_width, self._rows_of({place[0] for place in self._sixel_places}, text_width))
        shown = self._sixel_shown[1]
        for line, rows, indent, cols, src in self._sixel_places:
            first = shown[line]
            top, bottom = max(first, crop.y), min(first + rows, crop.bottom)
            result = self._images.get(src)
            if top >= bottom or result is None or result.image is None:
                continue
            # The picture is made ready for its size once, off the app's thread (as wide as the
            # text, the rest its background; every row encoded); until then its lines stay blank.
            key = (src, width, indent, cols, rows, cell, rgb)
            picture = self._sixel_cache.pop(key, None)  # put back last: the least recently used go first
            self._sixel_cache[key] = picture
            while len(self._sixel_cache) > SIXELS_KEPT:
                self._sixel_cache.pop(next(iter(self._sixel_cache)))
            if picture is False:
                continue
            if picture is None:
                if key not in self._sixel_pending:
                    self._sixel_pending.add(key)
                    self.run_worker(partial(self._make_picture, key, result.image, text), thread=True,
                                    group="images", exit_on_error=False)
                continue
            for y in range(top, bottom - 1):
                out[y - crop.y] = Strip([skip], width)
            # Save the cursor, draw each row in view at its place, come back after the skip.
            x = region.x + 1  # the text is never scrolled sideways: crop.x is 0
            rows_drawn = "".join(f"\x1b[{region.y + y + 1};{x}H{picture.row(y - first)}" for y in range(top, bottom))
            draw = f"\x1b7{rows_drawn}\x1b8"
            out[bottom - 1 - crop.y] = Strip([skip, Segment(draw, None, ((ControlType.CURSOR_FORWARD, 0),))], width)
        return out

    def _make_picture(self, key: tuple, image, text: Static) -> None:
        """In a worker thread: the picture for ``key`` (see draw_sixels), every row encoded."""
        from PIL import Image

        from reader import sixel

        _src, width, indent, cols, rows, cell, rgb = key
        try:
            canvas = Image.new("RGB", (width * cell[0], rows * cell[1]), rgb)
            scaled = image.convert("RGBA").resize((cols * cell[0], rows * cell[1]))
            canvas.paste(scaled, (indent * cell[0], 0), scaled)
            picture = sixel.Picture(canvas, width, rows, cell, rgb)
            for row in range(rows):
                picture.row(row)
        except Exception:  # Pillow failing on a picture it decoded: its lines stay blank
            picture = False
        try:
            self.app.call_from_thread(self._picture_done, key, picture, text)
        except RuntimeError:  # the app has ended
            pass

    def _picture_done(self, key: tuple, picture, text: Static) -> None:
        self._sixel_pending.discard(key)
        if key in self._sixel_cache:
            self._sixel_cache[key] = picture
            text.refresh()

    def _image_cache(self):
        try:
            return self.app.library.locations.data_dir / "images"
        except Exception:  # no locations: no disk cache, fetched each session
            return None

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._image_wanted:
            self._want_images()

    def _want_images(self) -> None:
        """Fetch the images whose line is in view (or just below), each once, in a worker."""
        if not self._image_wanted or self.article is None:
            return
        width = self.query_one("#text", Static).content_size.width
        if width <= 0:
            return
        top = int(self.scroll_offset.y)
        bottom = top + max(1, self.size.height) + 2
        wanted = dict(self._image_wanted)
        for y, row in self._rows_of(wanted, width).items():
            src = wanted[y]
            if len(self._image_pending) >= IMAGE_FETCHES:  # the next starts when one ends (_image_done)
                break
            if top <= row < bottom and src not in self._image_pending and src not in self._images:
                self._image_pending.add(src)
                self.run_worker(partial(self._fetch_image, src, self._image_cache()), thread=True,
                                group="images", exit_on_error=False)

    def _rows_of(self, lines, width: int) -> dict[int, int]:
        """The screen row (from the top of the text) of each of these lines of the text."""
        rows, row, last = {}, 0, max(lines, default=-1)
        for y, content in enumerate(self._lines[:last + 1]):
            if y in lines:
                rows[y] = row
            doc = self._doc[y] if y < len(self._doc) else None
            row += 1 if doc is not None else len(divide_line(content.plain, width, fold=True)) + 1
        return rows

    def _fetch_image(self, src: str, cache) -> None:
        from textual.worker import get_current_worker

        from reader import images

        # Cancelled with the pane (the app quitting): the fetch ends at once, not at its deadline.
        result = images.load(src, cache, cancel=get_current_worker().cancelled_event)
        try:
            self.app.call_from_thread(self._image_done, src, result)
        except Exception:  # the app is closing
            pass

    def _image_done(self, src: str, result) -> None:
        self._image_pending.discard(src)
        self._images[src] = result
        while len(self._images) > IMAGES_KEPT:
            self._images.pop(next(iter(self._images)))
        lines = [y for y, s in self._image_wanted if s == src]
        if self.article is None or not lines:
            if self._image_wanted:  # others in view may be waiting for a free fetch
                self._want_images()
            return
        width = self.query_one("#text", Static).content_size.width
        above = [y for y, row in self._rows_of(lines, width).items() if row < int(self.scroll_offset.y)]
        before = len(self._lines)
        self._lay_out(self.article)
        if above:  # drawn above the rows in view (scrolled past while it came): keep what is in view still
            target = self.scroll_offset.y + len(self._lines) - before
            self.call_after_refresh(self.scroll_to, y=target, animate=False)

    def _text_width(self) -> int:
        """The width the text is laid out for: the text widget's, once it has one."""
        width = self.query_one("#text", Static).content_size.width
        if width > 0:
            return width
        width = self.scrollable_content_region.width
        return width if width > 0 else 80

    def _play_hint(self) -> str:
        return self._keys("play_enclosure", "{} plays")

    def _links_hint(self) -> str:
        opens, copies = self._keys("open_numbered_link", "{}"), self._keys("copy_numbered_link", "{}")
        return f"{opens} or {copies} and a number: open or copy" if opens and copies else ""

    def _keys(self, action: str, text: str) -> str:
        """The keys bound to an action now, in ``text``; "" when there is no app to ask."""
        try:
            from reader.ui.commands import BY_ACTION, key_display

            return text.format(key_display(self.app, BY_ACTION[action]))
        except Exception:  # no app (a test of the widget alone)
            return ""

    def shift_code(self, step: int) -> bool:
        """Scroll the code blocks sideways by ``step`` cells; False when no code is wider than the pane."""
        if self.article is None or not self._doc_width or self.code_overflow <= 0 and self.code_shift == 0:
            return False
        shift = max(0, min(self.code_shift + step, self.code_overflow))  # at most: the widest line's end in view
        if shift != self.code_shift:
            self.code_shift = shift
            self._lay_out(self.article)
        return True

    def text_resized(self, width: int) -> None:
        """Lay a document out again for a new width (a plain article is wrapped by Textual)."""
        if self.article is None or not self._doc_width or width <= 0 or width == self._doc_width:
            return
        self._lay_out(self.article)
        if self.entity_index is not None and self.current_entity is not None:
            self.scroll_to_offset(self.current_entity.start)
        elif self._sentence is not None:
            self.scroll_to_offset(self._sentence[0])

    def _header(self, article: Article) -> list[Content]:
        """A blank line, title, source and date, link; then the legend and any notice."""
        title = highlight(one_line(article.title) or "(untitled)", 0, [], terms=self._terms)
        lines = [Content(""), title.stylize_before(TITLE_STYLE)]
        meta = one_line(article.feed) + "  ·  " + full_date(article.published)
        if article.date_is_guess:
            meta += " (date guessed)"
        if article.author:
            meta += "  ·  " + one_line(article.author)
        lines.append(Content(meta).stylize(MUTED))
        if article.url:
            url = one_line(article.url)
            link = Content(url).stylize(LINK_STYLE)
            if url.startswith(("http://", "https://")):
                link = link.stylize(Style(link=url))
            lines.append(link)
        else:
            lines.append(Content("(no link)").stylize(LINK_STYLE))
        if not article.analysed:
            notice = ("Not analysed yet: names and dates will be highlighted once analysis reaches "
                      "this article.")
        else:
            labels = [label for label in LABEL_STYLES if any(s.label == label for s in article.entities)]
            if labels:
                lines += [Content(""), (Content("Highlights: ") + legend(labels)).stylize_before(MUTED)]
            notice = "" if article.entities else "No names or dates were found in this article."
        if notice:
            lines.append(Content(notice).stylize(NOTICE_STYLE))
        return lines

    def _highlighted(self, y: int) -> Content:
        assert self.article is not None
        where = self._ranges[y]
        assert where is not None
        start, end = where
        spans = self.article.entities if self.article.analysed else []
        doc = self._doc[y] if y < len(self._doc) else None
        if doc is not None:
            # Only the spans on this line: a long document has thousands of lines and of spans.
            if self._span_index is None or self._span_index[0] is not spans:
                self._span_index = (spans, _Overlaps([(s.start, s.end, s) for s in spans]))
            near = self._span_index[1].within(start, end)
            inlines = self._inline_index.within(start, end)

            def styled(text: str, offset: int) -> Content:
                return highlight(text.replace("\t", " "), offset, near, terms=self._terms, current=self.current_entity,
                                 sentence=self._sentence, inlines=inlines)

            from reader.ui.render.content import line_content

            return line_content(doc, styled)
        # A tab would be expanded to several cells: a space keeps one character to one cell.
        content = highlight(self.article.text[start:end].replace("\t", " "), start, spans, terms=self._terms,
                            current=self.current_entity, sentence=self._sentence)
        return content.stylize_before(HEADING_STYLE) if y in self._headings else content

    def _paint(self, only: tuple[int, int] | None = None, *, update: bool = True) -> None:
        """Highlight the text's lines again (only those that overlap ``only``, when given)."""
        if self.article is None:
            return
        for y, where in enumerate(self._ranges):
            if where is None or (only is not None and (where[1] <= only[0] or where[0] >= only[1])):
                continue
            self._lines[y] = self._highlighted(y)
        if update:
            self._update()

    def _update(self) -> None:
        self.query_one("#text", Static).update(Content("\n").join(self._lines))

    def clear_entity(self) -> None:
        """No current entity any more (Escape)."""
        self.entity_index = None
        self._paint()
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        span = self.current_entity
        if span is None:
            self.border_subtitle = ""
            return
        assert self.entity_index is not None
        name = one_line(span.name or span.text)
        self.border_subtitle = Content(f"{self.entity_index + 1}/{len(self._entities)} {name} "
                                       f"({LABEL_NAMES.get(span.label, span.label)}) · Enter: its articles")

    # -- entities and sentences -------------------------------------------------

    def move_entity(self, step: int) -> Span | None:
        """Highlight the next (step 1) or previous (-1) entity; None when there are none."""
        if not self._entities:
            return None
        old = self.current_entity
        if self.entity_index is None:
            self.entity_index = 0 if step > 0 else len(self._entities) - 1
        else:
            self.entity_index = (self.entity_index + step) % len(self._entities)
        span = self.current_entity
        assert span is not None
        if old is not None:
            self._paint((old.start, old.end))
        self._paint((span.start, span.end))
        self._update_subtitle()
        self.scroll_to_offset(span.start)
        return span

    def highlight_sentence(self, start: int, end: int) -> None:
        old = self._sentence
        self._sentence = (start, end)
        if old is not None:
            self._paint(old)
        self._paint((start, end))
        self.scroll_to_offset(start)

    def scroll_to_offset(self, offset: int) -> None:
        self.call_after_refresh(self._scroll_to_offset, offset)

    def row_of(self, offset: int) -> int | None:
        """The screen row (from the top of the text) where ``offset`` of the article is shown."""
        width = self.query_one("#text", Static).content_size.width
        if width <= 0:
            return None
        row = 0
        for y, (content, where) in enumerate(zip(self._lines, self._ranges)):
            cuts = divide_line(content.plain, width, fold=True)  # as Textual wraps a Static's lines
            doc = self._doc[y] if y < len(self._doc) else None
            if doc is not None:
                # A document's line fits the width: it is one row.
                if where is not None and any(p.start <= offset < p.end or offset == p.end == where[1]
                                             for p in doc.pieces if p.start >= 0):
                    return row
            elif where is not None and where[0] <= offset <= where[1]:
                return row + bisect_right(cuts, offset - where[0])
            row += len(cuts) + 1
        return None

    def _scroll_to_offset(self, offset: int) -> None:
        row = self.row_of(offset)
        if row is not None:
            self.scroll_to(y=max(0, row - self.size.height // 3), animate=False)

    def on_click(self, event) -> None:
        """A click on an entity makes it the current one; a double click opens its articles."""
        if self.article is None:
            return
        widget, where = self.screen.get_widget_and_offset_at(event.screen_x, event.screen_y)
        # ``where`` is the line of the text and the character in that line.
        if widget is not self.query_one("#text") or where is None or not 0 <= where.y < len(self._ranges):
            return
        line = self._ranges[where.y]
        if line is None:
            return
        doc = self._doc[where.y] if where.y < len(self._doc) else None
        if doc is not None:
            found = doc.offset_at(where.x)  # where.x: the character in the line; footnote numbers are no text
            if found is None:
                return
            position = found
        else:
            position = line[0] + where.x
        for i, span in enumerate(self._entities):
            if span.start <= position < span.end:
                old = self.current_entity
                self.entity_index = i
                if old is not None:
                    self._paint((old.start, old.end))
                self._paint((span.start, span.end))
                self._update_subtitle()
                if event.chain >= 2:
                    self.post_message(self.EntityChosen(span))
                return


# What images = "auto" draws where the terminal draws neither kitty graphics nor sixels: half
# blocks, which every colour terminal shows (tmux included). The tests set it
# to "off" (and hide a kitty terminal): no test fetches the sample documents' example.org images.
AUTO_IMAGES = "blocks"
IMAGE_MAX_ROWS = 16  # an image's height in rows at most (two pixels a row)
IMAGE_FETCHES = 2  # images fetched at once (thread workers share one pool with the app's other work)
IMAGES_KEPT = 32  # decoded images kept in memory (small: at most reader.images.MAX_SIDE on a side)
SIXELS_KEPT = 8  # sixel pictures kept: a byte a pixel and their rows encoded, 1-4 MB each at 200x16 cells


def write_terminal(app, data: str) -> None:
    """Write escape sequences straight to the terminal, in order with the app's own output
    (Textual's driver: nothing under a headless test driver)."""
    driver = getattr(app, "_driver", None)
    if driver is not None:
        driver.write(data)


def image_rows(image, width: int, max_rows: int = IMAGE_MAX_ROWS, indent: int = 0) -> list[Content]:
    """An image as rows of "▀": each cell's foreground its top pixel, its background the bottom one."""
    from textual.color import Color

    from reader.images import half_blocks

    out = []
    for cells in half_blocks(image, max(1, width), max_rows):
        row = Content(" " * indent + "▀" * len(cells))
        x = 0
        while x < len(cells):  # one style for each run of equal cells
            end = x + 1
            while end < len(cells) and cells[end] == cells[x]:
                end += 1
            (tr, tg, tb), (br, bg, bb) = cells[x]
            row = row.stylize(Style(foreground=Color(tr, tg, tb), background=Color(br, bg, bb)),
                              indent + x, indent + end)
            x = end
        out.append(row)
    return out


class _Overlaps:
    """Items with (start, end), found by the stretch they overlap (bisect, not a scan of all)."""

    def __init__(self, items: list[tuple[int, int, object]]) -> None:
        items = sorted(items, key=lambda i: i[0])
        self._starts = [i[0] for i in items]
        self._items = [i[2] for i in items]
        self._longest = max((i[1] - i[0] for i in items), default=0)

    def within(self, start: int, end: int) -> list:
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return self._items[low:high]  # a few that end before ``start``: highlight() skips them


class _Text(Static):
    """The article's text: tells the pane when its width changes (a document is laid out for it),
    and lets it draw sixel images over their lines."""

    def render_lines(self, crop):
        strips = super().render_lines(crop)
        pane = self.parent
        if isinstance(pane, ReadingPane) and pane._sixel_places:
            return pane.draw_sixels(self, crop, strips)
        return strips

    def on_resize(self, event) -> None:
        pane = self.parent
        if isinstance(pane, ReadingPane):
            pane.call_after_refresh(pane.text_resized, self.content_size.width)

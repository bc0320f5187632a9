"""The reading pane with a Document (links, lists, quote, code, tables, an image, enclosures),
the keys that open and copy links by number and play enclosures, at 80 and 120 columns.

The store does not keep documents yet on this branch: ``attach`` makes the library return
the seed's row with a hand-built Document, as it will once it does.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.ui.render.content import HEADING_STYLE, LINK_TEXT_STYLE
from reader.ui.widgets.reading import LABEL_STYLES, ReadingPane
from tests.doc_support import ENCLOSURES, IMAGE_SRC, LINKS, attach, sample_document
from tests.test_ui_app import list_lines, make_app, settle, status, styled
from tests.ui_support import build, by_prefix, ui_seed  # noqa: F401 (fixture)

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])

STUB = """\
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[2:]) + "\\n")
"""


@pytest.fixture
def doc_id(library, ui_seed, monkeypatch):
    ids = build(library, ui_seed)
    article_id = by_prefix(ids, "Spies exposed")  # the first row: shown when the app starts
    attach(monkeypatch, library, article_id, sample_document())
    return article_id


@pytest.fixture
def stub(tmp_path, library):
    """An opener and a player that write their arguments to a file (one JSON list a line)."""
    script = tmp_path / "stub.py"
    script.write_text(STUB, encoding="utf-8")
    calls = tmp_path / "calls.jsonl"
    settings = dataclasses.replace(library.config.settings,
                                   opener=f"{sys.executable} {script} {calls} open %u",
                                   player=f"{sys.executable} {script} {calls} play --fs %u")
    library.config = dataclasses.replace(library.config, settings=settings)
    return calls


def calls_of(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def pane(app) -> ReadingPane:
    return app.main_screen.query_one(ReadingPane)


def pane_lines(app) -> list[str]:
    """The reading pane's text as drawn, row by row: the whole article, not only what is in view."""
    static = pane(app).query_one("#text")
    return [static.render_line(y).text.rstrip() for y in range(static.size.height)]


def text_width(app) -> int:
    return pane(app).query_one("#text").content_size.width


def row_with(lines: list[str], needle: str) -> int:
    return next(y for y, line in enumerate(lines) if needle in line)


@SIZES
async def test_document_reads_as_a_document(library, doc_id, size):
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        width = text_width(app)
        shown = "\n".join(lines)
        # Every row fits: Textual wraps none of them (the layout did, for this width).
        assert all(cell_len(line) <= width for line in lines), width
        # Links: their text, then the footnote number; the Links list closes the article.
        assert "Stoltenberg[1]" in shown and "report[2]" in shown and "link[3]" in shown and "docs[4] say." in shown
        links_at = row_with(lines, "Links (")
        assert lines[links_at] == "Links (L or Y and a number: open or copy)" and links_at > row_with(lines, "Moscow said it would respond.")
        listed = "\n".join(lines[links_at:])
        for n, url in LINKS.items():
            assert f"[{n}] {url}" in listed
        assert "[image 1] " + IMAGE_SRC[:20] in listed
        # The image as a line of its own.
        assert "[image 1: NATO headquarters in Brussels]" in lines
        # Ordered lists keep their numbers (start=3); the nested item is indented under them.
        item3 = row_with(lines, "3. Accreditation")
        assert lines[item3].startswith("3. Accreditation") and lines[item3 + 1].startswith("   officials")
        nested = row_with(lines, "• One of them at the GRU")
        assert lines[nested] == "  • One of them at the GRU"
        assert lines[nested - 1].startswith("4. Two vacant") and lines[nested + 1].startswith("5. Mission")
        # The quote has its bar on every line.
        quote = row_with(lines, "We have seen")
        assert lines[quote].startswith("│ We have seen") and lines[quote + 1] == "│ activity."
        # Code keeps its leading spaces and is cut, not wrapped, where it is wider than the pane.
        code = row_with(lines, "def expel(members):")
        assert lines[code] == "def expel(members):" and lines[code + 1] == "    for m in members:"
        assert lines[code + 2].startswith("        m.leave()  # every one") and lines[code + 2].endswith("…")
        assert cell_len(lines[code + 2]) == width and lines[code + 3] == ""
        # The first table in aligned columns with its cells wrapped; the rule under its header.
        table = row_with(lines, "│ Diplomats")
        first = lines[table].index("│")
        assert lines[table].startswith("Country ") and lines[table + 1].startswith(" " * first + "│ expelled")
        rule = next(y for y in range(table, len(lines)) if "─┼─" in lines[y])
        assert lines[rule + 1].startswith("Czech ") and lines[rule + 2].startswith("Republic ")
        assert lines[rule + 3].startswith("      ") or lines[rule + 3].startswith("Bulgaria ")
        # The separators line up, row after row.
        assert {line.index("│") for line in lines[table:rule + 4] if "│" in line} == {first}
        # The seven-column table is too wide for the pane: read row by row, "Header: value".
        assert "Accreditations: Eighteen" in lines and "Statement: Published" in lines
        # Enclosures under the header, numbered, with type, size and duration.
        assert "Enclosures (P plays)" in lines
        assert any(line.startswith("[1] Episode 12: the expulsions · audio/mpeg") for line in lines)
        assert "    " + ENCLOSURES[0].url in lines and "[2] video/mp4 · 1:35" in lines
        # The list marks the article that has enclosures, and no other.
        rows = list_lines(app)
        assert "♫" in rows[1] and not any("♫" in row for row in rows[2:])
        # A long title's second line names the feed where the list has room for both; in a
        # narrow list (80 columns) the title goes on there instead, and the date stays.
        assert ("Seed" in rows[1]) == (size[0] > 80), rows[1]


@SIZES
async def test_highlights_inside_links_and_only_headings_bold(library, doc_id, size):
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # A name inside a link: the link's underline and the name's colour, both.
        assert "Stoltenberg" in styled(app, LINK_TEXT_STYLE)
        assert "Stoltenberg" in styled(app, LABEL_STYLES["PERSON"])
        assert "Brussels" in styled(app, LABEL_STYLES["PLACE"]) and "Moscow" in styled(app, LABEL_STYLES["PLACE"])
        assert "GRU" in styled(app, LABEL_STYLES["ORG"])
        assert "Spies in Brussels" in styled(app, HEADING_STYLE)
        # Bold: the title, the heading, <strong> and the highlighted names; no table row, quote or cell.
        content = pane(app).query_one("#text").render()
        body = content.plain.index("Spies in Brussels")
        bold = [content.plain[s.start:s.end] for s in content.spans
                if s.start >= body and "bold" in str(s.style).split()]
        allowed = {"Spies", "in", "Brussels", "malign", "Links", "Jens", "Stoltenberg", "NATO", "GRU", "Czech", "Republic",
                   "Brussels", "Moscow"}
        assert {word for b in bold for word in b.split()} <= allowed, bold
        assert "Spies in Brussels" in bold and "malign" in bold


async def test_layout_follows_the_pane_width(library, doc_id):
    """Hiding the sidebar widens the pane: the document is laid out again for the new width."""
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        narrow = text_width(app)
        before = pane_lines(app)
        await pilot.press("i")
        await settle(pilot)
        wide = text_width(app)
        after = pane_lines(app)
        assert wide > narrow + 10
        assert all(cell_len(line) <= wide for line in after)
        assert len(after) < len(before)
        assert any(line.startswith("NATO said on Wednesday that Jens Stoltenberg[1] had") for line in after)
        # Wide enough for the table's short columns to be whole: only the long one wraps.
        assert any(line.startswith("Country        │ Diplomats expelled │ Year of") for line in after)
        assert any(line.startswith("Czech Republic │ 18                 │ 2021,") for line in after)
        assert not any(line.startswith("Czech Republic │") for line in before)


async def test_click_on_a_name_after_a_footnote_number(library, doc_id):
    """The inserted "[2]" does not shift what a click finds: the screen maps back to the text."""
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        y = row_with(lines, "report[2]")
        x = lines[y].index("Brussels") + 2
        static = pane(app).query_one("#text")
        await pilot.click(static, offset=(x, y - int(pane(app).scroll_offset.y)))
        await settle(pilot)
        assert "Brussels (place)" in str(pane(app).border_subtitle)
        assert styled(app, "reverse") == ["Brussels"]
        # A click on the footnote number itself picks nothing.
        x = lines[y].index("[2]") + 1
        await pilot.click(static, offset=(x, y - int(pane(app).scroll_offset.y)))
        await settle(pilot)
        assert "Brussels (place)" in str(pane(app).border_subtitle)


async def test_entity_stepping_scrolls_to_the_name(library, doc_id):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        for _ in range(30):  # to the last name, "Moscow", at the end of the article
            await pilot.press("e")
            await settle(pilot, 1)
            if "Moscow" in str(pane(app).border_subtitle):
                break
        assert "Moscow (place)" in str(pane(app).border_subtitle)
        top = int(pane(app).scroll_offset.y)
        row = row_with(lines, "Moscow said it would respond.")
        assert pane(app).row_of(sample_document().text.index("Moscow said")) == row
        assert top <= row < top + pane(app).scrollable_content_region.height


async def test_open_and_copy_link_by_number(library, doc_id, stub):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L", "3")  # four links: no second digit can follow a 3
        await settle(pilot)
        assert calls_of(stub) == [["open", LINKS[3]]]
        assert "link 3" in status(app) or "stub" in status(app) or LINKS[3] in status(app)
        await pilot.press("Y", "2")
        await settle(pilot)
        assert app.clipboard == LINKS[2]
        assert "Copied link 2" in status(app)
        await pilot.press("L", "9")
        await settle(pilot)
        assert "No link 9: this article has 4 links." in status(app)
        await pilot.press("L", "escape")  # cancelled: nothing opens
        await settle(pilot)
        assert calls_of(stub) == [["open", LINKS[3]]]


async def test_open_link_with_more_than_nine_links_waits_for_enter(library, ui_seed, monkeypatch, stub):
    from reader.model import LINK, Document, Inline

    ids = build(library, ui_seed)
    text = " ".join(f"word{n}" for n in range(1, 13))
    inlines = [Inline(LINK, text.index(f"word{n}"), text.index(f"word{n}") + len(f"word{n}"),
                      {"n": n, "href": f"https://example.org/{n}"}) for n in range(1, 13)]
    attach(monkeypatch, library, by_prefix(ids, "Spies exposed"), Document(text, [], inlines), enclosures=[])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L", "1")
        await settle(pilot)
        assert calls_of(stub) == [] and "Open link number: 1_" in status(app)
        await pilot.press("2")  # 12 links: 12 is the last number, it opens at once
        await settle(pilot)
        assert calls_of(stub) == [["open", "https://example.org/12"]]
        await pilot.press("L", "1", "enter")
        await settle(pilot)
        assert calls_of(stub)[-1] == ["open", "https://example.org/1"]
        # This article has no enclosures.
        await pilot.press("P")
        await settle(pilot)
        assert any("no enclosures" in str(n.message) for n in app._notifications)


async def test_play_an_enclosure(library, doc_id, stub):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P", "2")
        await settle(pilot)
        assert calls_of(stub) == [["play", "--fs", ENCLOSURES[1].url]]
        await pilot.press("P", "enter")  # Enter alone: the first
        await settle(pilot)
        assert calls_of(stub)[-1] == ["play", "--fs", ENCLOSURES[0].url]


async def test_a_failing_opener_is_named(library, doc_id, tmp_path):
    settings = dataclasses.replace(library.config.settings, opener=str(tmp_path / "no-such-browser") + " %u")
    library.config = dataclasses.replace(library.config, settings=settings)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L", "1")
        await settle(pilot)
        assert "[settings] opener: no program" in status(app) and "no-such-browser" in status(app)
        assert "Spies in Brussels" in "\n".join(pane_lines(app))  # the app carries on


async def test_the_number_keys_are_letters_in_the_search_box(library, doc_id, stub):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "L", "Y", "P", "2")
        await settle(pilot)
        assert app.main_screen.query_one("#search").value == "LYP2"
        assert calls_of(stub) == [] and "number" not in status(app)


async def test_search_terms_and_a_sentence_are_marked_in_a_document(library, doc_id):
    from reader.ui.widgets.reading import SENTENCE_STYLE, TERM_STYLE

    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"gru", "enter")
        await settle(pilot)
        articles = app.main_screen.articles
        articles.cursor = articles.find(doc_id)  # the seed's row among the results
        await pilot.press("enter")
        await settle(pilot)
        assert pane(app).article.id == doc_id
        assert styled(app, TERM_STYLE) == ["GRU", "GRU"]  # in the list item and in a cell of the table
        text = sample_document().text
        start = text.index("Moscow said")
        pane(app).highlight_sentence(start, start + len("Moscow said it would respond."))
        await settle(pilot)
        assert styled(app, SENTENCE_STYLE) == ["Moscow said it would respond."]
        lines = pane_lines(app)
        row = row_with(lines, "Moscow said it would respond.")
        top = int(pane(app).scroll_offset.y)
        assert top <= row < top + pane(app).scrollable_content_region.height


async def test_a_plain_article_with_enclosures(library, ui_seed, monkeypatch, stub):
    """A podcast episode often has plain text: it reads as before, with its enclosure under the header."""
    ids = build(library, ui_seed)
    article_id = by_prefix(ids, "Spies exposed")
    found = library.article(article_id)
    from reader.model import Document

    attach(monkeypatch, library, article_id, Document(found.text), enclosures=ENCLOSURES[:1])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        assert any(line.startswith("Enclosures") for line in lines)
        assert any(line.startswith("[1] Episode 12: the expulsions · audio/mpeg") for line in lines)
        assert not any(line.startswith("Links") for line in lines)
        assert "Wednesday" in "\n".join(lines) and "Jens Stoltenberg" in styled(app, LABEL_STYLES["PERSON"])
        await pilot.press("P")  # one enclosure: no number to ask for
        await settle(pilot)
        assert calls_of(stub) == [["play", "--fs", ENCLOSURES[0].url]]


async def test_o_uses_the_configured_opener(library, doc_id, stub):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the tomatoes: an article with a link
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert calls_of(stub) == [["open", "https://example.org/garden/tomatoes"]]
        await pilot.press("L")  # a plain article has no numbered links
        await settle(pilot)
        assert any("no links" in str(n.message) for n in app._notifications)


async def test_another_key_cancels_the_number_and_does_its_job(library, doc_id, stub):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L", "j")
        await settle(pilot)
        assert "Late tomatoes" in pane(app).article.title and "number" not in status(app)
        await pilot.press("1")
        await settle(pilot)
        assert calls_of(stub) == []


async def test_code_scrolls_sideways(library, doc_id):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        long_line = "        m.leave()  # every one of them must go home now, today"

        line = next(line for line in pane_lines(app) if "m.leave()" in line)
        assert line.startswith("        m.leave()") and line.endswith("…") and "today" not in line
        for _ in range(5):
            await pilot.press("greater_than_sign")
            await settle(pilot, 1)
        lines = pane_lines(app)
        end = next(line for line in lines if line.endswith("now, today"))
        assert end.startswith("…") and long_line.endswith(end[1:])
        assert all(cell_len(line) <= text_width(app) for line in lines)
        assert "Stoltenberg[1]" in "\n".join(lines)  # the rest of the article does not move
        for _ in range(5):
            await pilot.press("less_than_sign")
            await settle(pilot, 1)
        assert "        m.leave()  # every one" in "\n".join(pane_lines(app))
        await pilot.press("j")  # a plain article: no code to scroll
        await settle(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert any("No code" in str(n.message) for n in app._notifications)


async def test_the_keys_can_be_rebound(library, doc_id, stub):
    library.config = dataclasses.replace(library.config, keys={"open_numbered_link": "v", "play_enclosure": "z"})
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = pane_lines(app)
        assert "Links (v or Y and a number: open or copy)" in lines and "Enclosures (z plays)" in lines
        await pilot.press("v", "1")
        await settle(pilot)
        await pilot.press("z", "2")
        await settle(pilot)
        assert calls_of(stub) == [["open", LINKS[1]], ["play", "--fs", ENCLOSURES[1].url]]


async def test_an_enclosure_that_is_not_a_web_address_is_refused(library, ui_seed, monkeypatch, stub):
    from reader.model import Document, Enclosure

    ids = build(library, ui_seed)
    article_id = by_prefix(ids, "Spies exposed")
    attach(monkeypatch, library, article_id, Document(library.article(article_id).text),
           enclosures=[Enclosure("--script=/tmp/evil.lua", "audio/mpeg")])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert calls_of(stub) == []
        assert "not a web address" in status(app) and "--script=/tmp/evil.lua" in status(app)


async def test_a_number_typed_in_one_burst_with_its_key(library, doc_id, stub):
    """As a terminal delivers "L2" typed fast: both keys queued before the first is handled."""
    from tests.test_ui_app import burst

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(app, "L2Y4")
        await settle(pilot)
        assert calls_of(stub) == [["open", LINKS[2]]] and app.clipboard == LINKS[4]

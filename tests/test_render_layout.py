"""The document layout alone (pure Python): what `reader show` prints and the reading pane draws."""

from __future__ import annotations

import pytest

from reader.model import CELL, CODE, IMAGE, ITEM, LINK, PARAGRAPH, QUOTE, ROW, TABLE, Block, Document, Inline
from reader.ui.render.layout import cells, layout, plain
from tests.doc_support import sample_document


@pytest.mark.parametrize("width", [20, 33, 46, 80, 117])
def test_every_line_fits_and_every_piece_is_the_text(width):
    document = sample_document()
    lines = layout(document, width)
    assert all(cells(line.plain) <= width for line in lines)
    for line in lines:
        for piece in line.pieces:
            if piece.start >= 0:
                assert document.text[piece.start:piece.end] == piece.text
    # Every word of the text is shown (code may be cut at the pane's edge, nothing else).
    shown = plain(lines)
    code = next(b for b in document.blocks if b.kind == CODE)
    for word in (document.text[:code.start] + document.text[code.end:]).split():
        assert word in shown.replace("\n", " ") or all(part in shown for part in word.split("-")), word


def test_offsets_of_screen_columns():
    document = sample_document()
    lines = layout(document, 80)
    line = next(line for line in lines if "report[2]" in line.plain)
    column = line.plain.index("Brussels")
    assert line.offset_at(column) == document.text.index("Brussels", document.text.index("explains"))
    assert line.offset_at(line.plain.index("[2]")) is None  # the footnote number is not the text


def test_an_item_with_a_nested_list_inside_it():
    text = "Fruit\nApples\nPears\nVegetables"
    blocks = [Block(ITEM, 0, 18, {"depth": 1, "ordered": True, "number": 1}),  # covers its nested list
              Block(ITEM, 6, 12, {"depth": 2}), Block(ITEM, 13, 18, {"depth": 2}),
              Block(ITEM, 19, 29, {"depth": 1, "ordered": True, "number": 2})]
    assert plain(layout(Document(text, blocks), 40)).split("\n") == [
        "1. Fruit", "  • Apples", "  • Pears", "2. Vegetables"]


def test_a_quote_holding_paragraphs_and_a_list():
    text = "First said.\n\nThen this:\nOne"
    blocks = [Block(QUOTE, 0, 27), Block(PARAGRAPH, 0, 11), Block(PARAGRAPH, 13, 23), Block(ITEM, 24, 27, {"depth": 1})]
    out = plain(layout(Document(text, blocks), 40)).split("\n")
    assert out == ["│ First said.", "│", "│ Then this:", "│", "│ • One"]


def test_code_keeps_tabs_and_spaces_and_is_whole_when_not_cropped():
    text = "if x:\n\treturn 1\n        # deep"
    document = Document(text, [Block(CODE, 0, len(text))])
    assert plain(layout(document, 80)).split("\n") == ["if x:", "    return 1", "        # deep"]
    assert plain(layout(document, 12)).split("\n") == ["if x:", "    return 1", "        # d…"]
    assert plain(layout(document, 12, crop_code=False)).split("\n")[2] == "        # deep"


def test_images_with_and_without_a_caption_in_the_text():
    text = "A ship at dawn."
    blocks = [Block(IMAGE, 0, 0, {"src": "https://e.org/1.png", "alt": "", "n": 1}),
              Block(IMAGE, 0, 15, {"src": "https://e.org/2.png", "alt": "The ship", "n": 2})]
    out = plain(layout(Document(text, blocks), 60)).split("\n")
    assert out[:3] == ["[image 1]", "", "[image 2: The ship]"] and "A ship at dawn." in out
    assert out[-3:] == ["Links", "[image 1] https://e.org/1.png", "[image 2] https://e.org/2.png"]


def test_a_table_without_a_header_read_row_by_row():
    text = "alpha beta\tgamma delta"
    blocks = [Block(TABLE, 0, 22), Block(ROW, 0, 22), Block(CELL, 0, 10, {"col": 0}), Block(CELL, 11, 22, {"col": 1})]
    assert plain(layout(Document(text, blocks), 10)).split("\n") == [
        "Column 1:", "  alpha", "  beta", "Column 2:", "  gamma", "  delta"]
    assert plain(layout(Document(text, blocks), 14)).split("\n") == ["alpha │ gamma", "beta  │ delta"]
    assert plain(layout(Document(text, blocks), 40)) == "alpha beta │ gamma delta"


def test_feed_text_is_never_a_control_sequence():
    text = "Bold \x1b[1mtext\x1b[0m and a bell\x07."
    out = plain(layout(Document(text, [Block(PARAGRAPH, 0, len(text))]), 80))
    assert "\x1b" not in out and "\x07" not in out and "[1mtext" in out


def test_wide_characters_wrap_by_cells():
    text = "東京 " * 12
    lines = layout(Document(text.strip(), [Block(PARAGRAPH, 0, len(text.strip()))]), 20)
    assert [cells(line.plain) for line in lines] == [19, 19, 19]


def test_a_link_with_no_number_or_address():
    text = "see here and there"
    inlines = [Inline(LINK, 4, 8, {"href": "https://e.org/"}), Inline(LINK, 13, 18, {"n": 1})]
    out = plain(layout(Document(text, [], inlines), 80))
    assert out == "see here and there[1]"  # no number: no marker, not listed; no address: not listed


def test_odd_structure_loses_no_text():
    """Rows without cells, a caption in no row, blocks that overlap or run past the text: all
    of the text is still shown, and nothing fails."""
    text = "Caption of the table\nfirst row\tcell\nlast row alone\n\nAfter it. Overlapping words here."
    caption_end = text.index("\n")
    r1 = (caption_end + 1, text.index("\nlast"))
    r2 = (r1[1] + 1, text.index("\n\nAfter"))
    blocks = [Block(TABLE, 0, r2[1]), Block(ROW, *r1), Block(CELL, r1[0], r1[0] + 9, {"col": 0}),
              Block(CELL, r1[1] - 4, r1[1], {"col": 1}), Block(ROW, *r2),
              Block(PARAGRAPH, text.index("After"), text.index("Overlapping") + 5),
              Block(QUOTE, text.index("Overlapping"), len(text)), Block(PARAGRAPH, 10, 10_000)]
    out = plain(layout(Document(text, blocks), 60))
    joined = "".join(out.split())  # a word split by overlapping blocks is still all there
    for word in text.split():
        assert word in joined, word
    lines = out.split("\n")
    assert lines[:4] == ["Caption of the table", "", "first row      │ cell", "last row alone"]
    assert plain(layout(Document(""), 40)) == ""
    only = Document("", [Block(IMAGE, 0, 0, {"n": 1, "src": "https://e.org/i.png", "alt": "alone"})])
    assert plain(layout(only, 40)).split("\n") == ["[image 1: alone]", "", "Links", "[image 1] https://e.org/i.png"]


@pytest.mark.parametrize("width", [24, 50, 120])
def test_the_bench_document_lays_out_whole(width):
    from bench.documents import synthetic

    document = synthetic(sections=6)
    lines = layout(document, width)
    assert all(cells(line.plain) <= width for line in lines)
    for line in lines:
        for piece in line.pieces:
            if piece.start >= 0:
                assert document.text[piece.start:piece.end] == piece.text
    joined = "".join(plain(layout(document, width, crop_code=False)).split())
    for word in document.text.split():
        assert word in joined, word


def test_offsets_count_characters_not_cells():
    text = "東京 NATO"
    line = layout(Document(text, [Block(PARAGRAPH, 0, len(text))]), 40)[0]
    assert line.offset_at(3) == text.index("NATO") and line.offset_at(1) == 1


def test_the_shape_the_html_ingest_gives():
    """As reader/ingest/html.py (docs-core) stores a document: list markers in the text outside
    the items, an image's alt as its text, a quote and its paragraph over the same text, cells
    joined by " | " in the text."""
    text = ("Steps\n\nNATO headquarters\n\n3. Accreditation withdrawn\n4. Two posts abolished\n- One at the GRU\n\n"
            "We have seen malign activity.\n\nCountry | Expelled\nBulgaria | 2")
    at = text.index

    def span(part: str) -> tuple[int, int]:
        return at(part), at(part) + len(part)

    blocks = [Block(PARAGRAPH, *span("Steps")),
              Block(IMAGE, *span("NATO headquarters"), {"src": "https://e.org/hq.jpg", "alt": "NATO headquarters",
                                                         "n": 1}),
              Block(ITEM, *span("Accreditation withdrawn"), {"depth": 1, "ordered": True, "number": 3}),
              Block(ITEM, *span("Two posts abolished"), {"depth": 1, "ordered": True, "number": 4}),
              Block(ITEM, *span("One at the GRU"), {"depth": 2, "ordered": False}),
              Block(PARAGRAPH, *span("We have seen malign activity.")),
              Block(QUOTE, *span("We have seen malign activity.")),
              Block(TABLE, at("Country"), len(text)), Block(ROW, *span("Country | Expelled"), {"header": True}),
              Block(CELL, *span("Country"), {"header": True, "col": 0}),
              Block(CELL, *span("Expelled"), {"header": True, "col": 1}),
              Block(ROW, *span("Bulgaria | 2")), Block(CELL, *span("Bulgaria"), {"col": 0}),
              Block(CELL, len(text) - 1, len(text), {"col": 1})]
    assert plain(layout(Document(text, blocks), 60)).split("\n") == [
        "Steps", "", "[image 1: NATO headquarters]", "", "3. Accreditation withdrawn", "4. Two posts abolished",
        "  • One at the GRU", "", "│ We have seen malign activity.", "", "Country  │ Expelled", "─────────┼─────────",
        "Bulgaria │ 2", "", "Links", "[image 1] https://e.org/hq.jpg"]


@pytest.mark.parametrize("width, expected", [
    # in columns: each name above its own column, the empty corner left blank
    (60, ["         │ General UX │ Final review", "─────────┼────────────┼─────────────",
          "Load map │ yes        │ no"]),
    # too narrow for columns, row by row: each value under its own column's name
    (12, ["Column 1:", "  Load map", "General UX:", "  yes", "Final", "review:", "  no"]),
])
def test_a_table_whose_first_header_cell_is_empty_keeps_names_over_their_columns(width, expected):
    """"<th></th><th>General UX</th>…": an empty cell is not stored, and the names were taken by
    position, so "General UX" named the first column and every label after it shifted (QA)."""
    from reader.ingest.html import html_to_document

    doc = html_to_document("<table><tr><th></th><th>General UX</th><th>Final review</th></tr>"
                           "<tr><td>Load map</td><td>yes</td><td>no</td></tr></table>")
    assert plain(layout(doc, width)).split("\n")[:len(expected)] == expected

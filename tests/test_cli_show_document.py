"""`reader show` of an article with a Document: the reading pane's layout as plain text, with
the links list, and --json with links, images, enclosures and blocks."""

from __future__ import annotations

import dataclasses
import json

import pytest

from reader.cli import main
from reader.library import Library
from reader.model import Document
from tests.doc_support import ENCLOSURES, IMAGE_SRC, LINKS, sample_document


@pytest.fixture
def doc_article(seed_file, monkeypatch, capsys):
    """The seed stored, then read back with the sample document as its text and structure."""
    assert main(["ingest", "--no-analyse", str(seed_file)]) == 0
    capsys.readouterr()
    document = sample_document()
    article = Library.article

    def with_document(self, article_id):
        found = article(self, article_id)
        if found is None:
            return None
        return dataclasses.replace(found, text=document.text, document=document, enclosures=list(ENCLOSURES))

    monkeypatch.setattr(Library, "article", with_document)
    assert main(["search", "--json", "stoltenberg"]) == 0
    return json.loads(capsys.readouterr().out)[0]["id"]


def test_show_prints_the_structure_as_plain_text(doc_article, capsys):
    assert main(["show", str(doc_article)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # not a terminal: no escapes at all
    lines = out.split("\n")
    assert "Spies exposed in Brussels" in lines[0]
    assert "Enclosures" in lines and any(line.startswith("[1] Episode 12: the expulsions") for line in lines)
    assert "Stoltenberg[1]" in out and "[image 1: NATO headquarters in Brussels]" in lines
    assert "3. Accreditation withdrawn from eight officials" in lines and "  • One of them at the GRU" in lines
    assert "│ We have seen an increase in malign Russian activity." in lines
    # Code is printed whole: never cut, never wrapped.
    assert "        m.leave()  # every one of them must go home now, today" in lines
    assert any(line.startswith("Country        │ Diplomats expelled │ Year of the expulsion") for line in lines)
    assert all(len(line) <= 80 for line in lines if "m.leave()" not in line)
    links = lines.index("Links")
    assert lines[links + 1:links + 6] == [f"[{n}] {url}" for n, url in LINKS.items()] + [f"[image 1] {IMAGE_SRC}"]


def test_show_json_has_links_images_enclosures_and_blocks(doc_article, capsys):
    assert main(["show", "--json", str(doc_article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(link["n"], link["href"]) for link in data["links"]] == list(LINKS.items())
    assert data["links"][0]["text"] == "Jens Stoltenberg"
    assert data["images"] == [{"n": 1, "src": IMAGE_SRC, "alt": "NATO headquarters in Brussels"}]
    assert [e["url"] for e in data["enclosures"]] == [e.url for e in ENCLOSURES]
    assert data["enclosures"][0]["length"] == 24_100_000 and data["enclosures"][0]["duration"] == 2480
    kinds = [b["kind"] for b in data["blocks"]]
    for kind in ("heading", "paragraph", "item", "quote", "code", "table", "row", "cell", "image", "rule"):
        assert kind in kinds
    item = next(b for b in data["blocks"] if b["kind"] == "item")
    assert item["number"] == 3 and item["ordered"] is True
    heading = next(b for b in data["blocks"] if b["kind"] == "heading")
    assert data["text"][heading["start"]:heading["end"]] == "Spies in Brussels"


def test_show_a_plain_article_as_before(seed_file, capsys):
    assert main(["ingest", "--no-analyse", str(seed_file)]) == 0
    capsys.readouterr()
    assert main(["show", "1"]) == 0
    out = capsys.readouterr().out
    assert "Links" not in out and "Enclosures" not in out
    assert "Jens Stoltenberg" in out
    assert main(["show", "--json", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["links"] == [] and data["blocks"] == [] and data["enclosures"] == []


def test_a_plain_document_with_no_blocks_is_paragraphs():
    from reader.ui.render.layout import layout, plain

    text = "First paragraph, quite short.\n\nA second one\nwith a line break."
    assert plain(layout(Document(text), 80)) == text

"""Documents in the reading pane: `python -m bench.documents [--quick]`.

Prints, for two synthetic documents (paragraphs with links and emphasis, lists, quotes,
code, tables, images; about 1,000 and 10,000 words) and for the same text as a plain
article (no structure, as every article is today):

- the layout alone (reader.ui.render.layout) at 50 and 120 columns, what `reader show`
  and a resize cost;
- ReadingPane.show(article), laid out and painted, 50x36 cells, headless, the way
  `python -m bench`'s "reading" section measures it (Pilot.pause() without its wait for
  idle), the document and the plain article alternating.

Medians of the repeats, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import time
from datetime import datetime, timezone

from reader.model import (CELL, CODE, EMPHASIS, HEADING, IMAGE, ITEM, LINK, PARAGRAPH, QUOTE, ROW, TABLE, Article,
                          Block, Document, Inline, Span)

WORDS = ("the alliance said on Wednesday that its mission would be reduced after members of the "
         "delegation were found to be working for military intelligence officers in Brussels and "
         "Moscow according to a statement published by the secretary general").split()


def synthetic(sections: int = 40, seed: int = 1) -> Document:
    """A long article with every kind of block, built piece by piece (offsets right by construction)."""
    rnd = random.Random(seed)
    text, blocks, inlines = "", [], []
    links = images = 0

    def add(kind: str, body: str, attrs: dict | None = None, sep: str = "\n\n") -> tuple[int, int]:
        nonlocal text
        if text:
            text += sep
        start = len(text)
        text += body
        blocks.append(Block(kind, start, len(text), attrs or {}))
        return start, len(text)

    def sentence(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."

    for s in range(sections):
        add(HEADING, f"Section {s + 1}: " + sentence(4), {"level": 2})
        for _ in range(3):
            start, end = add(PARAGRAPH, " ".join(sentence(rnd.randint(8, 20)) for _ in range(4)))
            for _ in range(2):
                at = rnd.randrange(start, end - 12)
                at = text.index(" ", at) + 1
                stop = text.find(" ", at + 4)
                if 0 < stop < end:
                    links += 1
                    inlines.append(Inline(LINK, at, stop, {"n": links, "href": f"https://example.org/{links}"}))
            inlines.append(Inline(EMPHASIS, start, start + 5))
        for i in range(4):
            add(ITEM, sentence(8), {"depth": 1 + (i == 2), "ordered": i != 2, "number": i + 1},
                sep="\n" if i else "\n\n")
        add(QUOTE, sentence(15))
        add(CODE, "def f(x):\n    return x * 2  # " + sentence(12))
        images += 1
        blocks.append(Block(IMAGE, len(text), len(text), {"n": images, "src": f"https://example.org/{images}.jpg",
                                                          "alt": sentence(4)}))
        if s % 5 == 0:
            t0 = len(text) + 2
            text += "\n\n"
            for r in range(6):
                if r:
                    text += "\n"
                r0 = len(text)
                for c in range(4):
                    if c:
                        text += "\t"
                    c0 = len(text)
                    text += sentence(2 + c * 2)
                    blocks.append(Block(CELL, c0, len(text), {"col": c, "header": r == 0}))
                blocks.append(Block(ROW, r0, len(text), {"header": r == 0}))
            blocks.append(Block(TABLE, t0, len(text)))
    return Document(text, blocks, inlines)


def _article(document: Document | None, text: str) -> Article:
    spans = []
    for name, label in (("Brussels", "PLACE"), ("Moscow", "PLACE"), ("alliance", "ORG")):
        at = text.find(name)
        while at >= 0:
            spans.append(Span(at, at + len(name), label, name, name))
            at = text.find(name, at + 1)
    spans.sort(key=lambda s: s.start)
    return Article(1, 1, "Bench", "k", "A long article", text, "https://example.org/a", "", datetime.now(timezone.utc),
                   False, analysed=True, entities=spans, document=document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else 15
    for sections in (4, 40):  # about 1,000 words (a long news article) and about 10,000 (a stress case)
        measure(synthetic(sections), repeats)
    return 0


def measure(document: Document, repeats: int) -> None:
    from reader.ui.render.layout import layout

    words = len(document.text.split())
    print(f"document: {words:,} words, {len(document.blocks):,} blocks, {len(document.inlines):,} inline spans, "
          f"{len(document.links())} links")
    for width in (50, 120):
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            lines = layout(document, width)
            times.append((time.perf_counter() - t) * 1000)
        print(f"layout at {width} columns: {statistics.median(times):.1f} ms median ({len(lines):,} lines)")

    from textual.app import App

    from reader.locations import styles_dir
    from reader.ui.widgets.reading import ReadingPane

    doc_article = _article(document, document.text)
    plain_article = dataclasses.replace(_article(None, document.text), id=2)

    class Pane(App):
        CSS_PATH = [styles_dir() / "app.tcss"]
        CSS = "#reading { width: 50; height: 36; }"

        def compose(self):
            yield ReadingPane(id="reading")

    shown: dict[str, list[float]] = {"document": [], "plain": []}

    async def run() -> None:
        app = Pane()
        async with app.run_test(size=(120, 40)) as pilot:
            pane = app.query_one(ReadingPane)

            async def painted() -> None:  # Pilot.pause() without its wait for idle (private API)
                await pilot._wait_for_screen()
                app.screen._on_timer_update()

            await pilot.pause()
            for n in range(repeats):
                order = ("document", "plain") if n % 2 == 0 else ("plain", "document")
                for which in order:
                    pane.clear()
                    await pilot.pause()
                    t = time.perf_counter()
                    pane.show(doc_article if which == "document" else plain_article)
                    await painted()
                    shown[which].append((time.perf_counter() - t) * 1000)

    asyncio.run(run())
    for which, values in shown.items():
        print(f"ReadingPane.show, {which}: {statistics.median(values):.1f} ms median of {len(values)}")


if __name__ == "__main__":
    raise SystemExit(main())
